//! Source text and position arithmetic.
//!
//! In: a file's display path and its text. Out: 1-based line and column
//! numbers for byte offsets. Spans inside planforge are byte offsets; line and
//! column are computed only here, when a diagnostic is printed. Columns count
//! Unicode scalar values (characters), not bytes, so `é` is one column. A
//! leading BOM is not counted and a `\r` before `\n` never shifts a column.

use std::sync::OnceLock;

/// A file's text with a lazily built line index.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as the user gave it (or a `REV:path` label); never made absolute.
    pub path: String,
    /// The file's full text.
    pub text: String,
    line_starts: OnceLock<Vec<usize>>,
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
            line_starts: OnceLock::new(),
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|i| i + 1));
            starts
        })
    }

    /// Number of lines (a final newline does not open a new line).
    pub fn line_count(&self) -> usize {
        let starts = self.line_starts();
        if self.text.ends_with('\n') {
            starts.len() - 1
        } else {
            starts.len()
        }
    }

    /// Line and column of a byte offset. Offsets past the end clamp to the end;
    /// offsets inside a multi-byte character round down to its start.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let starts = self.line_starts();
        let line_idx = starts.partition_point(|&s| s <= offset) - 1;
        let start = starts[line_idx];
        let mut prefix = &self.text[start..offset];
        if line_idx == 0 {
            prefix = prefix.strip_prefix('\u{feff}').unwrap_or(prefix);
        }
        LineCol {
            line: line_idx + 1,
            column: prefix.chars().count() + 1,
        }
    }

    /// Byte offset of a 1-based line and a 0-based character column, as YAML
    /// parsers report them. Columns past the line's end clamp to its end.
    pub fn offset_of(&self, line: usize, char_col: usize) -> usize {
        let starts = self.line_starts();
        let Some(&start) = starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let text = self.line_text_at(start);
        let bom = if start == 0 && text.starts_with('\u{feff}') {
            3
        } else {
            0
        };
        let rest = &text[bom..];
        let within = rest
            .char_indices()
            .nth(char_col)
            .map_or(rest.len(), |(i, _)| i);
        start + bom + within
    }

    /// The text of the 1-based line, without its line terminator.
    pub fn line_text(&self, line: usize) -> &str {
        match self.line_starts().get(line.saturating_sub(1)) {
            Some(&start) => self.line_text_at(start),
            None => "",
        }
    }

    fn line_text_at(&self, start: usize) -> &str {
        let rest = &self.text[start..];
        let end = rest.find('\n').unwrap_or(rest.len());
        rest[..end].strip_suffix('\r').unwrap_or(&rest[..end])
    }
}

/// The largest char boundary at or below `i` (stable replacement for the
/// unstable `str::floor_char_boundary`).
pub(crate) fn floor_char_boundary(s: &str, mut i: usize) -> usize {
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
}
