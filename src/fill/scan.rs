//! Template text → the tokens `fill` acts on, sorted and disjoint.
//!
//! In: the template text and its [`MdDoc`] (one pulldown-cmark pass shared
//! with lint: undefined references, code blocks, prose, comments,
//! `[[LLM: ...]]` directives, headings). Out: [`Tok`]s with byte spans:
//! slots (`[UPPER_SNAKE]`, `{{name}}`, `{snake_case}`, `[Title Case N]`,
//! sentence slots), block tags (`<<REPEAT>>`, `^^CONDITION^^`, Handlebars
//! `#each` / `#if` / `#unless` / `else`), loop variables (`{{this}}`,
//! `{{@index}}`, ...) and removals (directives, example blocks, guide
//! comments). Where two candidates overlap, the one starting first wins, so
//! whatever sits inside a directive or an example block is removed with it.
//!
//! Which `[...]`, `{{...}}`, `{...}`, `${...}` and `<...>` are slots is
//! decided by the shared placeholder grammar ([`crate::placeholder`], the
//! one lint uses), read as a template (`template_doc`), so fill fills
//! exactly what lint would report as unfilled. Fill adds what lint reports
//! as a whole or not at all: Handlebars blocks and loop variables, REPEAT
//! and CONDITION tags, example blocks, dotted `{{project.name}}` paths, and
//! `[TOKEN]`s in inline code whose name is a slot elsewhere in the template.

use std::ops::Range;

use memchr::memmem;

use super::sentence;
use crate::lint::doc::MdDoc;
use crate::placeholder::{
    classify, is_exempt_token, is_token, normalize_key, scan as grammar_scan, scan_in,
    uses_template_language, Context, Kind, Place, Token,
};

/// A block kind; REPEAT and `#each` repeat, the others choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Repeat,
    Condition,
    Each,
    If,
    Unless,
}

impl BlockKind {
    /// How the opening tag is written, for messages.
    pub fn opening(self, name: &str) -> String {
        match self {
            BlockKind::Repeat => format!("<<REPEAT: {name}>>"),
            BlockKind::Condition => format!("^^CONDITION: {name}^^"),
            BlockKind::Each => format!("{{{{#each {name}}}}}"),
            BlockKind::If => format!("{{{{#if {name}}}}}"),
            BlockKind::Unless => format!("{{{{#unless {name}}}}}"),
        }
    }

    /// How the closing tag is written, for messages.
    pub fn closing(self) -> &'static str {
        match self {
            BlockKind::Repeat => "<</REPEAT>>",
            BlockKind::Condition => "^^/CONDITION^^",
            BlockKind::Each => "{{/each}}",
            BlockKind::If => "{{/if}}",
            BlockKind::Unless => "{{/unless}}",
        }
    }

    pub fn repeats(self) -> bool {
        matches!(self, BlockKind::Repeat | BlockKind::Each)
    }
}

/// A loop variable of Handlebars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoopVar {
    This,
    Index,
    First,
    Last,
}

/// What a token is.
#[derive(Debug, Clone, PartialEq)]
pub enum TokKind {
    /// A value slot. `key` is normalized; `field` marks `{{this.key}}`
    /// (always the current item's key); `instruction` is a sentence
    /// slot's text; `base` the key a sentence slot was named from.
    Slot {
        key: String,
        field: bool,
        instruction: Option<String>,
    },
    Loop(LoopVar),
    /// An opening tag; `name` is the normalized key, or `@first`/`@last`.
    Open(BlockKind, String),
    Else,
    /// A closing tag, with the name it repeats (CONDITION may name it).
    Close(BlockKind, Option<String>),
    /// Removed from the output: directive, example block, guide comment.
    Remove,
    /// Malformed markup; the message says what is wrong.
    Bad(String),
}

/// A token and where it is.
#[derive(Debug, Clone)]
pub struct Tok {
    pub span: Range<usize>,
    pub kind: TokKind,
    /// Inside a table row: values get `|` and newlines escaped.
    pub table: bool,
}

/// Every token of `text`, sorted by position and disjoint.
pub fn scan(text: &str, doc: &MdDoc) -> Vec<Tok> {
    let mut toks = Vec::new();
    let tok = |span: Range<usize>, kind: TokKind| Tok {
        span,
        kind,
        table: false,
    };
    toks.extend(
        doc.directives
            .iter()
            .map(|d| tok(d.clone(), TokKind::Remove)),
    );
    for c in &doc.comments {
        if is_guide_comment(&text[c.clone()]) {
            toks.push(tok(c.clone(), TokKind::Remove));
        }
    }
    mustaches(text, &doc.comments, &mut toks);
    let (mut weak, strong): (Vec<Tok>, Vec<Tok>) = toks.into_iter().partition(is_weak);
    toks = strong;
    markers(text, &mut toks);
    grammar_slots(text, doc, &mut toks);
    let mut kept = disjoint(toks);
    let (tables, inline_code) = table_and_code_ranges(text);
    let mut strong_code = Vec::new();
    inline_code_tokens(text, &inline_code, &mut strong_code);
    for block in &doc.code_blocks {
        inline_code_tokens(text, std::slice::from_ref(&block.content), &mut weak);
    }
    let known: std::collections::HashSet<String> = kept
        .iter()
        .chain(&strong_code)
        .filter_map(|t| match &t.kind {
            TokKind::Slot { key, .. } => Some(key.clone()),
            _ => None,
        })
        .collect();
    // In inline code `{{name}}` and `[TOKEN]` are slots of the template
    // (`` `{{image}}:[VERSION]` ``): a template rarely means them literally,
    // and a slot that gets no value is reported, where a literal one left
    // unfilled would pass lint silently. Other candidates (`{{name}}` in a
    // Python block, a line-initial `[TOKEN]` in a text block) count when
    // their name is a slot elsewhere.
    let mut weak: Vec<Tok> = weak
        .into_iter()
        .chain(strong_code)
        .filter(|t| match &t.kind {
            TokKind::Slot { key, .. } => {
                known.contains(key) || MdDoc::contains(&inline_code, t.span.start)
            }
            _ => false,
        })
        .collect();
    if !weak.is_empty() {
        for t in &mut weak {
            if let TokKind::Slot { instruction, .. } = &mut t.kind {
                *instruction = None;
            }
        }
        kept.extend(weak);
        kept = disjoint(kept);
    }
    for t in &mut kept {
        t.table = MdDoc::contains(&tables, t.span.start);
    }
    sentence::name_sentences(text, doc, &mut kept);
    kept
}

fn is_weak(t: &Tok) -> bool {
    matches!(&t.kind, TokKind::Slot { instruction: Some(i), .. } if i == WEAK)
}

/// Sorted by start; of overlapping tokens the first (then the longest) wins.
fn disjoint(mut toks: Vec<Tok>) -> Vec<Tok> {
    toks.sort_by(|a, b| (a.span.start, b.span.end).cmp(&(b.span.start, a.span.end)));
    let mut kept: Vec<Tok> = Vec::with_capacity(toks.len());
    for t in toks {
        if kept.last().is_none_or(|k| t.span.start >= k.span.end) {
            kept.push(t);
        }
    }
    kept
}

/// A comment opening with `ACTION REQUIRED` or `TEMPLATE GUIDE` (the ones
/// lint's `template-markup` reports).
fn is_guide_comment(comment: &str) -> bool {
    let inner = comment.trim_start_matches("<!--").trim_start();
    let head = inner
        .get(..15)
        .map(str::to_ascii_uppercase)
        .unwrap_or_default();
    head.starts_with("ACTION REQUIRED") || head.starts_with("TEMPLATE GUIDE")
}

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
fn mustaches(text: &str, comments: &[Range<usize>], out: &mut Vec<Tok>) {
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
        "@index" => return Some(TokKind::Loop(LoopVar::Index)),
        "@first" => return Some(TokKind::Loop(LoopVar::First)),
        "@last" => return Some(TokKind::Loop(LoopVar::Last)),
        _ => {}
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
const WEAK: &str = "\0weak";

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
fn markers(text: &str, out: &mut Vec<Tok>) {
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
        } else if rest.starts_with(':') {
            match balanced_brace_end(&rest[1..]) {
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

/// Slots the shared grammar finds: undefined `[references]` in prose and
/// headings, brace, dollar and angle slots in prose, `{single}` braces in
/// headings, and every slot in code blocks (as in a template document).
fn grammar_slots(text: &str, doc: &MdDoc, out: &mut Vec<Tok>) {
    let mut found: Vec<Token> = Vec::new();
    for span in &doc.broken_refs {
        let c = Context::around(text, span, place_of(doc, span.start));
        if let Some(kind) = classify(&text[span.clone()], &c) {
            found.push(Token {
                span: span.clone(),
                kind,
            });
        }
    }
    let templating = uses_template_language(text);
    for range in &doc.prose {
        found.extend(scan_in(
            text,
            range.clone(),
            Place::Prose,
            false,
            templating,
        ));
    }
    for h in &doc.headings {
        for range in clip(&doc.prose, &h.span) {
            let heading = scan_in(text, range, Place::Heading, false, templating);
            found.extend(heading.into_iter().filter(|t| t.kind == Kind::SingleBrace));
        }
    }
    for span in &doc.lone_tags {
        let c = Context::around(text, span, Place::Prose);
        if classify(&text[span.clone()], &c) == Some(Kind::Angle) {
            found.push(Token {
                span: span.clone(),
                kind: Kind::Angle,
            });
        }
    }
    for block in &doc.code_blocks {
        let place = Place::Code {
            lang: block.lang,
            template_doc: true,
        };
        found.extend(grammar_scan(text, block.content.clone(), place, true));
    }
    for t in found {
        let name = t.name(text);
        let kind = match t.kind {
            Kind::Directive | Kind::Blank | Kind::Lorem => continue,
            Kind::Sentence if !sentence::is_named(name) => slot(
                String::new(),
                Some(name.split_whitespace().collect::<Vec<_>>().join(" ")),
            ),
            _ => slot(normalize_key(name), None),
        };
        out.push(Tok {
            span: t.span,
            kind,
            table: false,
        });
    }
}

/// Heading or prose, by where `at` stands.
fn place_of(doc: &MdDoc, at: usize) -> Place {
    let i = doc.headings.partition_point(|h| h.span.end <= at);
    match doc.headings.get(i) {
        Some(h) if h.span.start <= at => Place::Heading,
        _ => Place::Prose,
    }
}

/// The parts of sorted `ranges` inside `span`.
fn clip(ranges: &[Range<usize>], span: &Range<usize>) -> Vec<Range<usize>> {
    let i = ranges.partition_point(|r| r.end <= span.start);
    ranges[i..]
        .iter()
        .take_while(|r| r.start < span.end)
        .map(|r| r.start.max(span.start)..r.end.min(span.end))
        .collect()
}

fn slot(key: String, instruction: Option<String>) -> TokKind {
    TokKind::Slot {
        key,
        field: false,
        instruction,
    }
}

/// Byte ranges of GFM tables and of inline code spans.
fn table_and_code_ranges(text: &str) -> (Vec<Range<usize>>, Vec<Range<usize>>) {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let (mut tables, mut code) = (Vec::new(), Vec::new());
    for (e, r) in Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter() {
        match e {
            Event::Start(Tag::Table(_)) => tables.push(r),
            Event::Code(_) => code.push(r),
            _ => {}
        }
    }
    (tables, code)
}

/// `[TOKEN]` candidates in `spans` (inline code, code blocks).
fn inline_code_tokens(text: &str, spans: &[Range<usize>], out: &mut Vec<Tok>) {
    let none = std::collections::HashSet::new();
    let bytes = text.as_bytes();
    for r in spans {
        for off in memchr::memchr_iter(b'[', &bytes[r.clone()]) {
            let at = r.start + off;
            let Some(len) = memchr::memchr(b']', &bytes[at + 1..r.end]) else {
                continue;
            };
            let inner = &text[at + 1..at + 1 + len];
            if is_token(inner) && !is_exempt_token(inner, &none) {
                out.push(Tok {
                    span: at..at + len + 2,
                    kind: slot(normalize_key(inner), None),
                    table: false,
                });
            }
        }
    }
}
