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

use super::markup::{self, WEAK};
use super::sentence;
use crate::lint::doc::MdDoc;
use crate::placeholder::{
    classify_at, is_exempt_token, is_token, normalize_key, scan as grammar_scan, Kind, Place,
    Scanner, Token,
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
    let remove = |span: &Range<usize>| Tok {
        span: span.clone(),
        kind: TokKind::Remove,
        table: false,
    };
    toks.extend(doc.directives.iter().map(remove));
    let guides = doc
        .comments
        .iter()
        .filter(|c| is_guide_comment(&text[(*c).clone()]));
    toks.extend(guides.map(remove));
    markup::mustaches(text, &doc.comments, &mut toks);
    let (weak, strong): (Vec<Tok>, Vec<Tok>) = toks.into_iter().partition(is_weak);
    toks = strong;
    markup::markers(text, &mut toks);
    grammar_slots(text, doc, &mut toks);
    let kept = disjoint(toks);
    let (tables, inline_code) = table_and_code_ranges(text);
    let mut kept = add_candidates(text, doc, kept, weak, &inline_code);
    for t in &mut kept {
        t.table = MdDoc::contains(&tables, t.span.start);
    }
    sentence::name_sentences(text, doc, &mut kept);
    kept
}

/// Adds the candidates the grammar does not judge. In inline code
/// `{{name}}` and `[TOKEN]` are slots of the template
/// (`` `{{image}}:[VERSION]` ``): a template rarely means them literally,
/// and a slot that gets no value is reported, where a literal one left
/// unfilled would pass lint silently. Other candidates (`{{name}}` in a
/// Python block, a line-initial `[TOKEN]` in a text block) count when
/// their name is a slot elsewhere.
fn add_candidates(
    text: &str,
    doc: &MdDoc,
    mut kept: Vec<Tok>,
    mut weak: Vec<Tok>,
    inline_code: &[Range<usize>],
) -> Vec<Tok> {
    let mut in_code = Vec::new();
    inline_code_tokens(text, inline_code, &mut in_code);
    for block in &doc.code_blocks {
        inline_code_tokens(text, std::slice::from_ref(&block.content), &mut weak);
    }
    let key_of = |t: &Tok| match &t.kind {
        TokKind::Slot { key, .. } => Some(key.clone()),
        _ => None,
    };
    let known: std::collections::HashSet<String> =
        kept.iter().chain(&in_code).filter_map(key_of).collect();
    let mut extra: Vec<Tok> = weak
        .into_iter()
        .chain(in_code)
        .filter(|t| {
            key_of(t).is_some_and(|k| known.contains(&k))
                || MdDoc::contains(inline_code, t.span.start)
        })
        .collect();
    if extra.is_empty() {
        return kept;
    }
    for t in &mut extra {
        if let TokKind::Slot { instruction, .. } = &mut t.kind {
            *instruction = None;
        }
    }
    kept.extend(extra);
    disjoint(kept)
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

/// Slots the shared grammar finds: undefined `[references]` in prose and
/// headings, brace, dollar and angle slots in prose, `{single}` braces in
/// headings, and every slot in code blocks (as in a template document).
fn grammar_slots(text: &str, doc: &MdDoc, out: &mut Vec<Tok>) {
    let mut found: Vec<Token> = Vec::new();
    for span in &doc.broken_refs {
        if let Some(kind) = classify_at(text, span, || doc.place_at(span.start)) {
            found.push(Token {
                span: span.clone(),
                kind,
            });
        }
    }
    let scanner = Scanner::new(text);
    for range in &doc.prose {
        found.extend(scanner.scan(range.clone(), Place::Prose, false));
    }
    for h in &doc.headings {
        for range in doc.prose_in(&h.span) {
            let heading = scanner.scan(range, Place::Heading, false);
            found.extend(heading.into_iter().filter(|t| t.kind == Kind::SingleBrace));
        }
    }
    for span in &doc.lone_tags {
        if classify_at(text, span, || Place::Prose) == Some(Kind::Angle) {
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
