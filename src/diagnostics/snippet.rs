//! The source snippet of a human-format diagnostic.
//!
//! In: a diagnostic and its start position. Out: three lines, the gutter,
//! the source line and a caret line under the span (its first line only).
//! A line longer than [`SNIPPET_WIDTH`] characters is clipped around the
//! span with an ellipsis on each cut side, as rustc does, so a diagnostic
//! prints in bounded space and time whatever the line length or the span
//! width; control characters are shown escaped ([`super::escape`]).

use super::escape;
use super::paint::{push_num, push_repeat, Paint};
use super::source::floor_char_boundary;
use super::{Diagnostic, LineCol};

/// Source characters shown around a span; longer lines are clipped around
/// it with an ellipsis on each cut side, as rustc does, so the output per
/// diagnostic is bounded whatever the line length.
const SNIPPET_WIDTH: usize = 120;
/// Of those, how many are kept before the span's start when clipping.
const SNIPPET_LEFT: usize = 40;
/// Marks text cut off a line or a message.
pub(super) const ELLIPSIS: &str = "...";

/// The offending line with a caret under the span (first line of it only),
/// clipped to [`SNIPPET_WIDTH`] characters around the span.
pub(super) fn snippet(out: &mut String, d: &Diagnostic, start: LineCol, sev: Paint, blue: Paint) {
    let end = d.end();
    let range = d.file.line_range(start.line);
    let mut line = &d.file.text[range.clone()];
    let mut line_start = range.start;
    if line_start == 0 && line.starts_with('\u{feff}') {
        line = &line[3..];
        line_start = 3;
    }
    let at = floor_char_boundary(line, d.span.start.saturating_sub(line_start));
    let from = if line.len() <= SNIPPET_WIDTH {
        0
    } else {
        line[..at]
            .char_indices()
            .rev()
            .take(SNIPPET_LEFT)
            .last()
            .map_or(at, |(i, _)| i)
    };
    let to = if line.len() - from <= SNIPPET_WIDTH {
        line.len()
    } else {
        line[from..]
            .char_indices()
            .nth(SNIPPET_WIDTH)
            .map_or(line.len(), |(i, _)| from + i)
    };
    let visible_after = char_count(&line[at.min(to)..to]);
    let width = if end.line == start.line {
        end.column.saturating_sub(start.column)
    } else {
        visible_after
    };
    let width = width.min(visible_after).max(1);
    let (left, right) = (
        if from > 0 { ELLIPSIS } else { "" },
        if to < line.len() { ELLIPSIS } else { "" },
    );
    let indent = left.len() + char_count(&line[from..at.max(from)]);
    let num = start.line;
    let pad = digits(num);
    // `{pad} |`
    push_repeat(out, ' ', pad + 1);
    blue.push(out, "|");
    out.push('\n');
    // `{num} | {left}{shown}{right}`
    out.push_str(blue.on);
    push_num(out, num);
    out.push_str(" |");
    out.push_str(blue.off);
    out.push(' ');
    out.push_str(left);
    escape::push_line(out, &line[from..to]);
    out.push_str(right);
    out.push('\n');
    // `{pad} | {indent}{^^^}`
    push_repeat(out, ' ', pad + 1);
    blue.push(out, "|");
    out.push(' ');
    push_repeat(out, ' ', indent);
    out.push_str(sev.on);
    push_repeat(out, '^', width);
    out.push_str(sev.off);
    out.push('\n');
}

/// Characters in `s` (bytes, for ASCII).
fn char_count(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// Decimal digits of `n`.
pub(super) fn digits(mut n: usize) -> usize {
    let mut d = 1;
    while n >= 10 {
        n /= 10;
        d += 1;
    }
    d
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::diagnostics::SourceFile;

    fn render(text: &str, span: std::ops::Range<usize>) -> String {
        let file = Arc::new(SourceFile::new("a", text.to_string()));
        let d = Diagnostic::error(&file, span, "r", "m");
        let mut out = String::new();
        snippet(&mut out, &d, d.start(), Paint::NONE, Paint::NONE);
        out
    }

    #[test]
    fn a_short_line_is_shown_whole_with_the_caret_under_the_span() {
        assert_eq!(
            render("key: value\n", 5..10),
            "  |\n1 | key: value\n  |      ^^^^^\n"
        );
    }

    #[test]
    fn a_span_wider_than_any_format_width_is_clipped_not_a_panic() {
        let text = format!("k: {}\n", "é".repeat(70_000));
        let out = render(&text, 3..text.len() - 1);
        assert!(out.len() < 1_000, "{out}");
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[1].ends_with("..."));
        assert_eq!(lines[2].matches('^').count(), 117);
    }

    #[test]
    fn a_span_far_along_a_long_line_keeps_context_on_both_sides() {
        let text = format!("{}[X_Y]{}", "a".repeat(70_000), "b".repeat(500));
        let out = render(&text, 70_000..70_005);
        let lines: Vec<&str> = out.lines().collect();
        assert!(
            lines[1].starts_with("1 | ...") && lines[1].ends_with("..."),
            "{out}"
        );
        assert_eq!(lines[1].find("[X_Y]"), lines[2].find('^'));
        assert_eq!(lines[2].matches('^').count(), 5);
    }
}
