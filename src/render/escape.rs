//! Escaping spec text for each place it lands in a Markdown document, and
//! the Tera filters that apply it (registered in one function, [`register`]).
//!
//! - Inline text and table cells (the autoescape function for every `.md`
//!   template): one line, Markdown punctuation backslash-escaped, so `|`,
//!   a leading `#`, backticks, `<script>`, `[[LLM:` or `*` render as
//!   themselves and cannot open a heading, a table cell, code or HTML.
//!   Paragraphs and list items of multi-line text become `<br>`.
//! - `block`: text standing as its own paragraph: paragraphs and list
//!   items stay Markdown paragraphs and list items, each escaped inline.
//! - `yaml`: a YAML scalar for code blocks (quoted when needed, backticks
//!   as `\x60` so a value can never close the fence).
//! - `oneline`: text inside non-YAML code blocks (trees): newlines folded.
//! - `num`: numbers without trailing zeros.
//! - `code`: an inline code span around any text (paths, globs, deliverable
//!   patterns): the backtick fence is longer than any run inside, line
//!   breaks fold; `code_cell` also escapes `|` for a table cell.
//! - [`shell_quote`] and [`fence`] (used by the context builder): a
//!   single-quoted shell word, and a code fence no content line can close.

use std::fmt::Write as _;
use std::io::Write;

use tera::{Kwargs, State, Tera, Value};

/// Characters escaped wherever they appear in inline text.
const ALWAYS: &[char] = &['\\', '`', '*', '[', ']', '<', '>', '|', '~'];

/// Escapes `text` as one line of inline Markdown (see the module docs).
/// Paragraph breaks and list items of multi-line text survive as `<br>`
/// (the only line break a table cell can hold); other line breaks are
/// soft and become spaces.
pub fn inline(text: &str) -> String {
    if !needs_escape(text) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (i, chunk) in chunks(text).iter().enumerate() {
        let lines: Vec<String> = match chunk {
            Chunk::Para(p) => vec![p.clone()],
            Chunk::List(items) => items.clone(),
        };
        for (j, line) in lines.iter().enumerate() {
            if i > 0 || j > 0 {
                out.push_str(if j == 0 { "<br><br>" } else { "<br>" });
            }
            out.push_str(&escape_line(line));
        }
    }
    out
}

/// Spec text as Markdown blocks: paragraphs and list items keep their
/// shape, each escaped as inline text (the `block` filter, for text that
/// stands as a paragraph of its own).
pub fn block(text: &str) -> String {
    let mut parts = Vec::new();
    for chunk in chunks(text) {
        match chunk {
            Chunk::Para(p) => parts.push(escape_line(&p)),
            Chunk::List(items) => parts.push(
                items
                    .iter()
                    .map(|item| {
                        let (marker, rest) = split_marker(item).unwrap_or(("-", item.as_str()));
                        let marker = if marker.ends_with('.') { marker } else { "-" };
                        format!("{marker} {}", escape_line(rest))
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
        }
    }
    parts.join("\n\n")
}

/// A paragraph (soft-wrapped lines joined) or a run of list items.
#[derive(Debug, PartialEq)]
enum Chunk {
    Para(String),
    List(Vec<String>),
}

/// `- x`, `* x`, `+ x`, `1. x` → (marker, x).
fn split_marker(line: &str) -> Option<(&str, &str)> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let marker_len = match line.as_bytes().first()? {
        b'-' | b'*' | b'+' => 1,
        b'0'..=b'9' if line.as_bytes().get(digits) == Some(&b'.') => digits + 1,
        _ => return None,
    };
    let rest = line.get(marker_len..)?;
    rest.starts_with(' ')
        .then(|| (&line[..marker_len], rest.trim_start()))
}

fn chunks(text: &str) -> Vec<Chunk> {
    let mut out: Vec<Chunk> = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let flush = |para: &mut Vec<&str>, out: &mut Vec<Chunk>| {
        if !para.is_empty() {
            out.push(Chunk::Para(para.join(" ")));
            para.clear();
        }
    };
    let mut in_list = false;
    for line in text.split('\n').map(str::trim) {
        if line.is_empty() {
            flush(&mut para, &mut out);
            in_list = false;
        } else if split_marker(line).is_some() {
            flush(&mut para, &mut out);
            match out.last_mut() {
                Some(Chunk::List(items)) if in_list => items.push(line.to_string()),
                _ => out.push(Chunk::List(vec![line.to_string()])),
            }
            in_list = true;
        } else if in_list {
            // A continuation line of the last item.
            if let Some(Chunk::List(items)) = out.last_mut() {
                if let Some(last) = items.last_mut() {
                    last.push(' ');
                    last.push_str(line);
                }
            }
        } else {
            para.push(line);
        }
    }
    flush(&mut para, &mut out);
    out
}

/// Escapes one line of text (no line breaks left in it).
fn escape_line(one_line: &str) -> String {
    let one_line = one_line.replace('\r', "");
    let chars: Vec<char> = one_line.chars().collect();
    // A trailing run of `#` after a space would be a heading's closing
    // sequence and vanish (`# Plan: Sprint #` shows "Plan: Sprint").
    let run = chars.iter().rev().take_while(|&&c| c == '#').count();
    let closing = (run > 0 && (run == chars.len() || chars[chars.len() - run - 1] == ' '))
        .then(|| chars.len() - run);
    let mut out = String::with_capacity(one_line.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let escape = ALWAYS.contains(&c)
            || (c == '_'
                && !(prev.is_some_and(char::is_alphanumeric)
                    && next.is_some_and(char::is_alphanumeric)))
            || (c == '&' && starts_entity(&chars[i + 1..]))
            || (i == 0 && matches!(c, '#' | '-' | '+' | '=' | '!'))
            || closing == Some(i)
            || (c == '!' && next == Some('['))
            || (matches!(c, '.' | ')')
                && prev.is_some_and(|p| p.is_ascii_digit())
                && chars[..i].iter().all(char::is_ascii_digit)
                && next.is_none_or(|n| n == ' '));
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether text after `&` would make an HTML entity (`amp;`, `#35;`).
fn starts_entity(rest: &[char]) -> bool {
    let n = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
        .count();
    n > 0 && rest.get(n) == Some(&';')
}

/// `12. x` or `3)` at the start would open an ordered list.
fn starts_like_ordered_item(text: &str) -> bool {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0
        && matches!(text.as_bytes().get(digits), Some(b'.' | b')'))
        && matches!(text.as_bytes().get(digits + 1), None | Some(b' '))
}

/// Fast path: plain text (the common case) passes through unchanged.
fn needs_escape(text: &str) -> bool {
    let first = text.chars().next();
    first.is_some_and(|c| c.is_whitespace() || matches!(c, '#' | '-' | '+' | '=' | '!'))
        || starts_like_ordered_item(text)
        || text.ends_with(char::is_whitespace)
        || text.ends_with('#')
        || text.bytes().any(|b| {
            matches!(
                b,
                b'\\'
                    | b'`'
                    | b'*'
                    | b'['
                    | b']'
                    | b'<'
                    | b'>'
                    | b'|'
                    | b'~'
                    | b'_'
                    | b'&'
                    | b'!'
                    | b'\n'
                    | b'\r'
            )
        })
}

/// The autoescape function Tera calls for `{{ ... }}` in `.md` templates.
pub fn autoescape(text: &str, w: &mut dyn Write) -> std::io::Result<()> {
    if needs_escape(text) {
        w.write_all(inline(text).as_bytes())
    } else {
        w.write_all(text.as_bytes())
    }
}

/// A YAML scalar for a value inside a YAML code block.
pub fn yaml(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || " _-./()%+,'".contains(c))
        && !text.starts_with([' ', '-', '\'', '.'])
        && !text.ends_with(' ')
        && !matches!(
            text.to_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "~"
        )
        && text.parse::<f64>().is_err();
    if plain {
        return text.to_string();
    }
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '`' => out.push_str("\\x60"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A YAML flow sequence of scalars: `["a", b]`.
pub fn yaml_list(items: &[String]) -> String {
    format!(
        "[{}]",
        items.iter().map(|i| yaml(i)).collect::<Vec<_>>().join(", ")
    )
}

/// Text on one line inside a plain code block: line breaks become spaces,
/// so nothing can start a line (and close the fence).
pub fn oneline(text: &str) -> String {
    text.split(['\r', '\n'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `95.0` → `95`, `0.25` → `0.25`, at most two decimals.
pub fn num(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

/// An inline code span showing `text` as it is (see the module docs).
pub fn code(text: &str) -> String {
    let text = oneline(text);
    let longest = longest_run(&text, '`');
    let ticks = "`".repeat(longest + 1);
    // Padding keeps a leading or trailing backtick from joining the fence.
    let pad = if text.starts_with('`')
        || text.ends_with('`')
        || (text.starts_with(' ') && text.ends_with(' '))
    {
        " "
    } else {
        ""
    };
    format!("{ticks}{pad}{text}{pad}{ticks}")
}

/// [`code`] for a table cell: GFM splits cells at `|` even inside code.
pub fn code_cell(text: &str) -> String {
    code(text).replace('|', "\\|")
}

fn longest_run(text: &str, c: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for ch in text.chars() {
        run = if ch == c { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

/// A fence of backticks longer than any backtick run in `lines` (at least three).
pub fn fence(lines: &[String]) -> String {
    let longest = lines.iter().map(|l| longest_run(l, '`')).max().unwrap_or(0);
    "`".repeat(longest.max(2) + 1)
}

/// `it's` → `'it'\''s'`: one word for a POSIX shell, whatever it contains.
pub fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// Registers every filter templates may use.
pub fn register(tera: &mut Tera) {
    tera.autoescape_on([".md"]);
    tera.set_escape_fn(autoescape);
    tera.register_filter("yaml", |v: &Value, _: Kwargs, _: &State| {
        Value::safe_string(&yaml(&value_text(v)))
    });
    tera.register_filter("yaml_list", |v: &Value, _: Kwargs, _: &State| {
        let items: Vec<String> = v
            .as_array()
            .map(|a| a.iter().map(value_text).collect())
            .unwrap_or_default();
        Value::safe_string(&yaml_list(&items))
    });
    tera.register_filter("block", |v: &Value, _: Kwargs, _: &State| {
        Value::safe_string(&block(&value_text(v)))
    });
    tera.register_filter("oneline", |v: &Value, _: Kwargs, _: &State| {
        Value::safe_string(&oneline(&value_text(v)))
    });
    tera.register_filter("code", |v: &Value, _: Kwargs, _: &State| {
        Value::safe_string(&code(&value_text(v)))
    });
    tera.register_filter("code_cell", |v: &Value, _: Kwargs, _: &State| {
        Value::safe_string(&code_cell(&value_text(v)))
    });
    tera.register_filter("num", |v: &Value, _: Kwargs, _: &State| {
        Value::safe_string(&v.as_f64().map(num).unwrap_or_else(|| value_text(v)))
    });
}

fn value_text(v: &Value) -> String {
    match v.as_str() {
        Some(s) => s.to_string(),
        None => v.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_inline_text_is_escaped() {
        assert_eq!(inline("a|b"), "a\\|b");
        assert_eq!(inline("# not a heading"), "\\# not a heading");
        assert_eq!(
            inline("<script>alert(1)</script>"),
            "\\<script\\>alert(1)\\</script\\>"
        );
        assert_eq!(inline("[[LLM: x]]"), "\\[\\[LLM: x\\]\\]");
        assert_eq!(inline("two\nlines  "), "two lines");
        assert_eq!(inline("`code`"), "\\`code\\`");
        assert_eq!(inline("snake_case and _em_"), "snake_case and \\_em\\_");
        assert_eq!(inline("1. item"), "1\\. item");
        assert_eq!(inline("0.90 (Low)"), "0.90 (Low)");
        assert_eq!(inline("R&D &amp;"), "R&D \\&amp;");
    }

    #[test]
    fn yaml_scalars_quote_only_when_needed() {
        assert_eq!(yaml("Fred (Architect)"), "Fred (Architect)");
        assert_eq!(yaml("a: b"), "\"a: b\"");
        assert_eq!(yaml("yes"), "\"yes\"");
        assert_eq!(yaml("```"), "\"\\x60\\x60\\x60\"");
        assert_eq!(yaml("12"), "\"12\"");
    }

    #[test]
    fn code_spans_survive_backticks_and_pipes() {
        assert_eq!(code("stories/{story_id}.md"), "`stories/{story_id}.md`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
        assert_eq!(code_cell("a|b"), "`a\\|b`");
        assert_eq!(code("two\nlines"), "`two lines`");
    }

    #[test]
    fn fences_outgrow_their_content_and_shell_words_stay_whole() {
        assert_eq!(fence(&["echo ok".into()]), "```");
        assert_eq!(fence(&["````".into()]), "`````");
        assert_eq!(shell_quote("it's"), "'it'\\''s'");
        assert_eq!(shell_quote("a b"), "'a b'");
    }

    #[test]
    fn numbers_lose_trailing_zeros() {
        assert_eq!(num(95.0), "95");
        assert_eq!(num(0.25), "0.25");
        assert_eq!(num(1.0 / 3.0), "0.33");
    }

    #[test]
    fn paragraphs_and_list_items_survive_in_cells_and_blocks() {
        let text = "First paragraph explains scope.\n\nSecond paragraph lists:\n- item one\n- item *two*\n";
        assert_eq!(
            inline(text),
            "First paragraph explains scope.<br><br>Second paragraph lists:<br><br>\\- item one<br>\\- item \\*two\\*"
        );
        assert_eq!(
            block(text),
            "First paragraph explains scope.\n\nSecond paragraph lists:\n\n- item one\n- item \\*two\\*"
        );
        assert_eq!(block("one\nwrapped line"), "one wrapped line");
        assert_eq!(inline("Sprint #"), "Sprint \\#");
        assert_eq!(inline("Issue #42"), "Issue #42");
    }
}
