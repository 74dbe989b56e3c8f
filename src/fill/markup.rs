//! Template control markup: Handlebars blocks, `else`, loop variables and
//! comments; REPEAT and CONDITION tags; example blocks.
//!
//! In: the template text (and its HTML comments, which are skipped). Out:
//! [`Tok`]s for [`super::scan`]: block tags, loop variables, removals,
//! malformed markup as `Bad`, `{{this.key}}` fields, dotted `{{a.b}}`
//! slots, and plain `{{name}}` candidates marked [`WEAK`] (the shared
//! grammar decides those; see `scan`).

use std::ops::Range;

use memchr::memmem;

use super::scan::{BlockKind, LoopVar, Tok, TokKind};
use crate::lint::doc::MdDoc;
use crate::placeholder::normalize_key;

/// First path segments of Liquid, Jinja, Helm and GitHub Actions objects:
/// `{{ page.title }}` is a site generator's, not a slot.
const FOREIGN_OBJECTS: &[&str] = &[
    "page",
    "site",
    "layout",
    "include",
    "paginator",
    "jekyll",
    "item",
    "loop",
    "forloop",
    "values",
    "release",
    "chart",
    "capabilities",
    "template",
    "secrets",
    "env",
    "github",
    "matrix",
    "inputs",
    "steps",
    "needs",
    "vars",
    "runner",
    "job",
    "strategy",
    "content",
];

/// `{{ ... }}` anywhere outside HTML comments.
pub(super) fn mustaches(text: &str, comments: &[Range<usize>], out: &mut Vec<Tok>) {
    let bytes = text.as_bytes();
    for at in memmem::find_iter(bytes, b"{{") {
        if at > 0 && matches!(bytes[at - 1], b'$' | b'{' | b'\\') {
            continue;
        }
        if bytes.get(at + 2) == Some(&b'{') || MdDoc::contains(comments, at) {
            continue;
        }
        let line_end = memchr::memchr(b'\n', &bytes[at..]).map_or(text.len(), |e| at + e);
        let Some(close) = memmem::find(&bytes[at + 2..line_end], b"}}") else {
            continue;
        };
        let end = at + 2 + close + 2;
        if let Some(kind) = classify_mustache(&text[at + 2..at + 2 + close]) {
            out.push(Tok {
                span: at..end,
                kind,
                table: false,
            });
        }
    }
}

/// What `{{inner}}` is, or `None` when it is not ours to fill.
fn classify_mustache(raw: &str) -> Option<TokKind> {
    let inner = raw.trim();
    let first = inner.chars().next()?;
    match first {
        '!' => return Some(TokKind::Remove),
        '#' => return block_open(&inner[1..]),
        '/' => {
            return match inner[1..].trim() {
                "each" => Some(TokKind::Close(BlockKind::Each, None)),
                "if" => Some(TokKind::Close(BlockKind::If, None)),
                "unless" => Some(TokKind::Close(BlockKind::Unless, None)),
                _ => None,
            }
        }
        _ => {}
    }
    match inner {
        "else" => return Some(TokKind::Else),
        "this" | "." => return Some(TokKind::Loop(LoopVar::This)),
        "@index" | "@key" => return Some(TokKind::Loop(LoopVar::Index)),
        "@first" => return Some(TokKind::Loop(LoopVar::First)),
        "@last" => return Some(TokKind::Loop(LoopVar::Last)),
        _ => {}
    }
    // `{{../name}}`: the enclosing scope's key; lookups go outwards anyway.
    if let Some(outer) = inner.strip_prefix("../") {
        let outer = outer.trim_start_matches("../");
        return is_name(outer).then(|| TokKind::Slot {
            key: normalize_key(outer),
            field: false,
            instruction: None,
        });
    }
    if let Some(field) = inner.strip_prefix("this.") {
        return is_name(field).then(|| TokKind::Slot {
            key: normalize_key(field),
            field: true,
            instruction: None,
        });
    }
    if !is_name(inner) || is_foreign(inner) {
        return None;
    }
    // Plain names are the grammar's to judge; here they are only candidates
    // (see `scan`), dotted paths are slots.
    Some(TokKind::Slot {
        key: normalize_key(inner),
        field: false,
        instruction: (!inner.contains('.')).then(|| WEAK.to_string()),
    })
}

/// Marks a candidate slot kept only when its name is a slot elsewhere.
pub(super) const WEAK: &str = "\0weak";

/// `#each x`, `#if x`, `#unless x`; other `#` helpers (mdBook's
/// `#include`, `#playground`, ...) are not blocks.
fn block_open(rest: &str) -> Option<TokKind> {
    let (word, arg) = rest.split_once(char::is_whitespace)?;
    let kind = match word {
        "each" => BlockKind::Each,
        "if" => BlockKind::If,
        "unless" => BlockKind::Unless,
        _ => return None,
    };
    let arg = arg.trim();
    if matches!(arg, "@first" | "@last") && kind != BlockKind::Each {
        return Some(TokKind::Open(kind, arg.to_string()));
    }
    let arg = arg.strip_prefix("this.").unwrap_or(arg);
    if !is_name(arg) || is_foreign(arg) {
        return Some(TokKind::Bad(format!(
            "`{{{{#{word} {arg}}}}}`: fill supports a plain name here (`{{{{#{word} items}}}}`)"
        )));
    }
    Some(TokKind::Open(kind, normalize_key(arg)))
}

/// Letters, digits, `_`, `-`, `.` and single spaces, starting with a letter.
fn is_name(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_alphabetic)
        && !s.contains("  ")
        && !s.ends_with([' ', '.', '-'])
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ' '))
        && (!s.contains(' ') || s.split(' ').all(|w| w.chars().all(char::is_alphanumeric)))
}

fn is_foreign(name: &str) -> bool {
    let first = name.split('.').next().unwrap_or(name).to_ascii_lowercase();
    (name.contains('.') || matches!(first.as_str(), "item" | "loop" | "forloop"))
        && FOREIGN_OBJECTS.contains(&first.as_str())
}

/// `<<REPEAT: x>>`, `<</REPEAT>>`, `^^CONDITION: x^^`, `^^/CONDITION: x^^`,
/// `@{example}` ... `@{/example}` and `@{example: ...}`.
pub(super) fn markers(text: &str, out: &mut Vec<Tok>) {
    let bytes = text.as_bytes();
    let line_of = |at: usize| {
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(text.len(), |e| at + e);
        &text[at..end]
    };
    for at in memmem::find_iter(bytes, b"<<") {
        let line = line_of(at);
        let tag = line.find(">>").map(|e| &line[2..e]);
        let kind = match tag {
            Some(t) if t.starts_with("REPEAT:") => name_of(&t[7..])
                .map(|n| TokKind::Open(BlockKind::Repeat, n))
                .unwrap_or_else(|| TokKind::Bad("`<<REPEAT: >>` needs a list name".into())),
            Some(t) if t == "/REPEAT" || t.starts_with("/REPEAT:") => {
                TokKind::Close(BlockKind::Repeat, t.get(8..).and_then(name_of))
            }
            _ => continue,
        };
        let len = tag.map_or(0, str::len) + 4;
        out.push(Tok {
            span: at..at + len,
            kind,
            table: false,
        });
    }
    let mut skip_to = 0;
    for at in memmem::find_iter(bytes, b"^^") {
        if at < skip_to {
            continue;
        }
        let line = &line_of(at)[2..];
        let Some(e) = line.find("^^") else { continue };
        let tag = &line[..e];
        let kind = if let Some(n) = tag.strip_prefix("CONDITION:") {
            name_of(n)
                .map(|n| TokKind::Open(BlockKind::Condition, n))
                .unwrap_or_else(|| TokKind::Bad("`^^CONDITION: ^^` needs a name".into()))
        } else if tag == "/CONDITION" || tag.starts_with("/CONDITION:") {
            TokKind::Close(BlockKind::Condition, tag.get(11..).and_then(name_of))
        } else {
            continue;
        };
        skip_to = at + e + 4;
        out.push(Tok {
            span: at..skip_to,
            kind,
            table: false,
        });
    }
    examples(text, out);
}

fn name_of(raw: &str) -> Option<String> {
    let n = raw.trim();
    (!n.is_empty()).then(|| normalize_key(n))
}

fn examples(text: &str, out: &mut Vec<Tok>) {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(off) = memmem::find(&bytes[from..], b"@{example") {
        let at = from + off;
        let rest = &text[at + 9..];
        let (span, kind) = if rest.starts_with('}') {
            match rest.find("@{/example}") {
                Some(close) => (at..at + 9 + close + 11, TokKind::Remove),
                None => (
                    at..at + 10,
                    TokKind::Bad("`@{example}` is never closed by `@{/example}`".into()),
                ),
            }
        } else if let Some(label) = rest.strip_prefix(':') {
            match balanced_brace_end(label) {
                // `@{example: Title}` ... `@{/example}` is a titled block.
                Some(e) => match titled_block_end(&text[at + 10 + e..]) {
                    Some(close) => (at..at + 10 + e + close, TokKind::Remove),
                    None => (at..at + 10 + e, TokKind::Remove),
                },
                None => (
                    at..at + 10,
                    TokKind::Bad("`@{example: ...` has no closing `}`".into()),
                ),
            }
        } else {
            from = at + 9;
            continue;
        };
        from = span.end;
        out.push(Tok {
            span,
            kind,
            table: false,
        });
    }
    let mut from = 0;
    while let Some(off) = memmem::find(&bytes[from..], b"@{/example}") {
        let at = from + off;
        from = at + 11;
        out.push(Tok {
            span: at..from,
            kind: TokKind::Bad("`@{/example}` closes no `@{example}`".into()),
            table: false,
        });
    }
}

/// If `rest` (what follows `@{example: ...}`) holds `@{/example}` before
/// any other `@{example`, the length up to and including it.
fn titled_block_end(rest: &str) -> Option<usize> {
    let close = rest.find("@{/example}")?;
    let next_open = rest.find("@{example").unwrap_or(usize::MAX);
    (close < next_open).then_some(close + 11)
}

/// Length up to and including the `}` that closes an already open brace.
fn balanced_brace_end(s: &str) -> Option<usize> {
    let mut depth = 1usize;
    for (i, b) in s.bytes().enumerate() {
        match b {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}
