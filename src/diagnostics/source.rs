//! Source text and position arithmetic.
//!
//! In: a file's display path and its text. Out: 1-based line and column
//! numbers for byte offsets, and byte offsets for the character indices YAML
//! parsers report. Spans inside planforge are byte offsets; line and column
//! are computed only here, when a diagnostic is printed. Columns count
//! Unicode scalar values (characters), not bytes, so `é` is one column. A
//! leading BOM is not counted. Lines end at `\n`, `\r\n` or a lone `\r`
//! (CommonMark and YAML both accept all three), so a `\r` never shifts a
//! column and CR-only files have real line numbers.
//!
//! Cost: the index (line starts, and for non-ASCII text a character count
//! every [`BLOCK`] bytes) is built once, on the first lookup, in one pass;
//! every lookup is then a binary search plus a scan of at most one block, so
//! many findings on one long line cost no more than findings spread out.

use std::ops::Range;
use std::sync::OnceLock;

/// Bytes between two character-count checkpoints.
const BLOCK: usize = 1024;

/// A file's text with a lazily built line index.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as the user gave it (or a `REV:path` label); never made absolute.
    pub path: String,
    /// The file's full text.
    pub text: String,
    index: OnceLock<Index>,
}

#[derive(Debug)]
struct Index {
    /// Byte offset where each line starts (the first is 0).
    line_starts: Vec<usize>,
    /// `None` for ASCII text (characters are bytes). Otherwise entry `i` is
    /// the number of characters before byte `marks_at(i)`, the largest char
    /// boundary at or below `i * BLOCK`.
    char_marks: Option<Vec<(usize, usize)>>,
}

/// A 1-based line and a 1-based column counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        SourceFile {
            path: path.into(),
            text: text.into(),
            index: OnceLock::new(),
        }
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| Index::build(&self.text))
    }

    fn line_starts(&self) -> &[usize] {
        &self.index().line_starts
    }

    /// Number of lines (a final line break does not open a new line).
    pub fn line_count(&self) -> usize {
        let starts = self.line_starts();
        if self.text.ends_with(['\n', '\r']) {
            starts.len() - 1
        } else {
            starts.len()
        }
    }

    /// Characters in `text[..offset]` (`offset` on a char boundary).
    fn chars_before(&self, offset: usize) -> usize {
        match &self.index().char_marks {
            None => offset,
            Some(marks) => {
                let (at, count) = marks[(offset / BLOCK).min(marks.len() - 1)];
                count + self.text[at..offset].chars().count()
            }
        }
    }

    /// Line and column of a byte offset. Offsets past the end clamp to the end;
    /// offsets inside a multi-byte character round down to its start; an
    /// offset between `\r` and `\n` counts as the end of its line.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let starts = self.line_starts();
        let line_idx = starts.partition_point(|&s| s <= offset) - 1;
        let start = starts[line_idx];
        let mut column = self.chars_before(offset) - self.chars_before(start);
        if line_idx == 0 && self.text.starts_with('\u{feff}') && offset > 0 {
            column -= 1;
        }
        LineCol {
            line: line_idx + 1,
            column: column + 1,
        }
    }

    /// Byte offset of the character with index `char_index` in the text
    /// (the BOM counts as a character), clamped to the end. This is how
    /// `saphyr` reports positions.
    pub fn offset_of_char(&self, char_index: usize) -> usize {
        let Some(marks) = &self.index().char_marks else {
            return char_index.min(self.text.len());
        };
        let i = marks.partition_point(|&(_, count)| count <= char_index) - 1;
        let (at, count) = marks[i];
        self.text[at..]
            .char_indices()
            .nth(char_index - count)
            .map_or(self.text.len(), |(b, _)| at + b)
    }

    /// Byte offset of a 1-based line and a 0-based character column, as YAML
    /// parsers report them. Columns past the line's end clamp to its end.
    pub fn offset_of(&self, line: usize, char_col: usize) -> usize {
        let starts = self.line_starts();
        let Some(&start) = starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let range = self.line_range_at(line - 1);
        let bom = if start == 0 && self.text.starts_with('\u{feff}') {
            1
        } else {
            0
        };
        let first = self.chars_before(start) + bom;
        let at = self.offset_of_char(first + char_col);
        at.min(range.end).max(start)
    }

    /// The text of the 1-based line, without its line terminator.
    pub fn line_text(&self, line: usize) -> &str {
        if line == 0 || line > self.line_starts().len() {
            return "";
        }
        &self.text[self.line_range_at(line - 1)]
    }

    /// Byte range of the 0-based line `idx`, without its terminator.
    fn line_range_at(&self, idx: usize) -> Range<usize> {
        let starts = self.line_starts();
        let start = starts[idx];
        let mut end = starts.get(idx + 1).copied().unwrap_or(self.text.len());
        let bytes = self.text.as_bytes();
        if end > start && bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }

    /// Byte range of the 1-based line, without its terminator (empty past the end).
    pub fn line_range(&self, line: usize) -> Range<usize> {
        if line == 0 || line > self.line_starts().len() {
            return self.text.len()..self.text.len();
        }
        self.line_range_at(line - 1)
    }
}

impl Index {
    fn build(text: &str) -> Index {
        let bytes = text.as_bytes();
        let mut line_starts = Vec::with_capacity(bytes.len() / 32 + 1);
        line_starts.push(0);
        if memchr::memchr(b'\r', bytes).is_none() {
            // The common case: one search for one byte.
            line_starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
        } else {
            for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
                // `\r\n` is one break: the `\n` ends the line.
                if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                    continue;
                }
                line_starts.push(i + 1);
            }
        }
        let char_marks = (!text.is_ascii()).then(|| {
            let mut marks = Vec::with_capacity(text.len() / BLOCK + 1);
            let (mut at, mut count) = (0, 0);
            for block in 0..=text.len() / BLOCK {
                let next = floor_char_boundary(text, block * BLOCK);
                count += text[at..next].chars().count();
                at = next;
                marks.push((at, count));
            }
            marks
        });
        Index {
            line_starts,
            char_marks,
        }
    }
}

/// The largest char boundary at or below `i` (stable replacement for the
/// unstable `str::floor_char_boundary`).
pub(crate) fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let f = SourceFile::new("a", "é: x\nab");
        assert_eq!(f.line_col(4), LineCol { line: 1, column: 4 });
        assert_eq!(f.line_col(6), LineCol { line: 2, column: 1 });
    }

    #[test]
    fn bom_and_crlf_do_not_shift_positions() {
        let f = SourceFile::new("a", "\u{feff}ab\r\ncd");
        assert_eq!(f.line_col(4), LineCol { line: 1, column: 2 });
        assert_eq!(f.line_col(8), LineCol { line: 2, column: 2 });
        assert_eq!(f.line_text(1), "\u{feff}ab");
        assert_eq!(f.offset_of(1, 1), 4);
        assert_eq!(f.offset_of(2, 1), 8);
    }

    #[test]
    fn offsets_past_the_end_clamp() {
        let f = SourceFile::new("a", "ab\n");
        assert_eq!(f.line_col(99), LineCol { line: 2, column: 1 });
        assert_eq!(f.line_count(), 1);
        assert_eq!(f.offset_of(9, 0), 3);
    }

    #[test]
    fn cr_only_and_mixed_line_ends_each_start_a_line() {
        let f = SourceFile::new("a", "a\rbc\r\nd\ne");
        assert_eq!(f.line_col(3), LineCol { line: 2, column: 2 });
        assert_eq!(f.line_col(6), LineCol { line: 3, column: 1 });
        assert_eq!(f.line_col(8), LineCol { line: 4, column: 1 });
        assert_eq!(f.line_text(2), "bc");
        assert_eq!(f.line_count(), 4);
        assert_eq!(f.offset_of(2, 1), 3);
    }

    #[test]
    fn character_lookups_agree_with_a_naive_count_on_long_non_ascii_text() {
        let text = "é".repeat(3000) + "\n" + &"aü€".repeat(2000);
        let f = SourceFile::new("a", text.clone());
        for (ci, (b, _)) in text.char_indices().enumerate().step_by(97) {
            assert_eq!(f.offset_of_char(ci), b);
            let line_start = text[..b].rfind('\n').map_or(0, |i| i + 1);
            let col = text[line_start..b].chars().count() + 1;
            assert_eq!(f.line_col(b).column, col);
        }
        assert_eq!(f.offset_of_char(usize::MAX / 2), text.len());
    }
}
