//! The placeholder grammar: what counts as an unfilled template slot, and
//! what is documentation syntax that only looks like one. `lint`, `diff`
//! and `fill` share this one judgement.
//!
//! In: a candidate (the whole token, delimiters included, e.g.
//! `{{app_name}}`) and its [`Context`] (where it stands and the text around
//! it on its line); or a range of text to [`scan`]. Out: `Some(`[`Kind`]`)`
//! for a slot, `None` for anything else; [`scan`] returns [`Token`]s with
//! byte spans into the text. [`normalize_key`] maps every spelling of a
//! slot name (`PROJECT_NAME`, `Project Name`, `projectName`) to one key.
//!
//! # Slots (token kinds)
//!
//! | kind | examples |
//! | --- | --- |
//! | [`Kind::Token`] | `[PROJECT_NAME]`, `[UTIL%]`, `[LOW/MEDIUM/HIGH]`, `[FEATURE NAME]` |
//! | [`Kind::Sentence`] | `[Provide a comprehensive overview ...]`, `[Trigger Condition 1]`, `[insert date here]`, `[your name]` |
//! | [`Kind::DoubleBrace`] | `{{project_name}}`, `{{Title Case}}`, `{{ projectName }}` |
//! | [`Kind::SingleBrace`] | `{snake_case}`, `{SCREAMING_CASE}`, `{Title Words}`; in headings also `{version}` |
//! | [`Kind::Dollar`] | `${PROJECT_NAME}` in prose |
//! | [`Kind::Angle`] | `<OWNER_NAME>`, `<project-name>` (not an HTML element, not an autolink) |
//! | [`Kind::Directive`] | `[[LLM: ...]]` |
//! | [`Kind::Blank`] | `________` (four or more underscores, not a rule line) |
//! | [`Kind::Lorem`] | `Lorem ipsum dolor ...` |
//!
//! # Not slots (documentation syntax)
//!
//! Hugo shortcodes `{{< x >}}` `{{% x %}}` and their closing forms, mdBook
//! directives `{{#include f}}`, Handlebars blocks and partials (`{{#each}}`,
//! `{{/if}}`, `{{> p}}`, `{{!c}}`), Liquid/Jinja tags `{% x %}`, template
//! expressions (dotted paths `{{ page.title }}`, filters `{{ x | f }}`,
//! calls, strings, Go's `{{ .Values.x }}`, `{{- x -}}`), GitHub Actions
//! `${{ secrets.X }}`, escaped `\{x}`, ID-like tokens (`[US1]`, `[FR-001]`),
//! status and changelog tags (`[INFO]`, `[BREAKING]`, and any one-word tag
//! opening a list item or heading that goes on), kramdown abbreviations
//! `*[HTML]: ...`, and, in code, whatever the block's language templates
//! itself (see [`CodeLang`]).

mod braces;
mod brackets;
mod other;
mod scan;

use std::ops::Range;

pub use brackets::{is_exempt_token, is_token};
pub use scan::{directive_len, scan, scan_in, Scanner};

/// What kind of slot a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// `[UPPER_SNAKE]` and its variants.
    Token,
    /// A bracketed instruction or title-case label: `[Provide ...]`.
    Sentence,
    /// `{{name}}`, `{{Title Case}}`.
    DoubleBrace,
    /// `{name}`, `{NAME}`, `{Title Words}`.
    SingleBrace,
    /// `${NAME}`.
    Dollar,
    /// `<NAME>`, `<project-name>`.
    Angle,
    /// `[[LLM: ...]]`.
    Directive,
    /// `____`.
    Blank,
    /// `Lorem ipsum`.
    Lorem,
}

/// How a code block's language treats placeholders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeLang {
    /// Shell, console, PowerShell, batch: `{{app_name}}` means nothing to
    /// them, so it is a leftover; `[X]` is shell syntax.
    Shell,
    /// Plain text, JSON, no info string, indented blocks: both
    /// `{{app_name}}` and `[TOKEN]` (after punctuation) are leftovers.
    Text,
    /// YAML: `[TOKEN]` after punctuation counts; `{{ x }}` may be
    /// Ansible/Helm/Jinja input, so it counts only in a document that shows
    /// other signs of being a template.
    Yaml,
    /// TOML: `[x]` are tables; `{{ x }}` as for YAML.
    Toml,
    /// Markdown shown as an example: only `[TOKEN]`s count.
    Markdown,
    /// HTML, Go templates, Jinja, Liquid, Handlebars, ...: braces belong to
    /// the language.
    Templating,
    /// Programming languages and anything unknown: nothing counts.
    Other,
}

impl CodeLang {
    /// Do `[TOKEN]`s count in such a block?
    pub fn checks_brackets(self) -> bool {
        matches!(self, CodeLang::Text | CodeLang::Yaml | CodeLang::Markdown)
    }

    /// Do `{{name}}` slots count, given whether the document shows other
    /// signs of being a template?
    pub fn checks_braces(self, template_doc: bool) -> bool {
        match self {
            CodeLang::Shell | CodeLang::Text => true,
            CodeLang::Yaml | CodeLang::Toml => template_doc,
            _ => false,
        }
    }
}

/// Where a candidate stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Paragraphs, list items, table cells, block quotes.
    Prose,
    /// A heading line.
    Heading,
    /// A fenced or indented code block. `template_doc`: the document shows
    /// other signs of being a template (slots in prose, directives).
    Code { lang: CodeLang, template_doc: bool },
}

/// A candidate's surroundings.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub place: Place,
    /// The candidate's line before it.
    pub before: &'a str,
    /// The candidate's line after it.
    pub after: &'a str,
    /// The document uses a template language itself (see
    /// [`uses_template_language`]): then a spaced `{{ name }}` in prose is
    /// that language's variable, not a slot.
    pub templating: bool,
}

impl<'a> Context<'a> {
    /// `text[span]`'s context in `text`.
    pub fn around(text: &'a str, span: &Range<usize>, place: Place) -> Self {
        // At most `REACH` bytes each way: a slot's context is near it, and a
        // huge single-line file must not make every lookup quadratic.
        let lo = boundary(text, span.start.saturating_sub(REACH));
        let hi = boundary(text, (span.end + REACH).min(text.len()));
        let bytes = text.as_bytes();
        let line_start = memchr::memrchr(b'\n', &bytes[lo..span.start]).map_or(lo, |n| lo + n + 1);
        let line_end = memchr::memchr(b'\n', &bytes[span.end..hi]).map_or(hi, |n| span.end + n);
        Context {
            place,
            before: &text[line_start..span.start],
            after: &text[span.end..line_end],
            templating: false,
        }
    }

    /// The same context in a document that does (not) use a template
    /// language.
    pub fn templating(mut self, yes: bool) -> Self {
        self.templating = yes;
        self
    }
}

/// Does `text` use Liquid, Jinja, Go templates or Handlebars itself: a
/// `{% tag %}`, or a `{{ }}` holding an expression (a dotted path, a
/// filter, a call)? Hugo shortcodes alone do not count.
pub fn uses_template_language(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Most documents have no brace at all: one single-byte search says so.
    if memchr::memchr(b'{', bytes).is_none() {
        return false;
    }
    if memchr::memmem::find(bytes, b"{%").is_some_and(|at| !text[..at].ends_with('{')) {
        return true;
    }
    memchr::memmem::find_iter(bytes, b"{{").any(|at| {
        let line = &bytes[at..line_end(bytes, at, bytes.len())];
        let Ok(line) = std::str::from_utf8(line) else {
            return false;
        };
        line.find("}}").is_some_and(|end| {
            let candidate = &line[..end + 2];
            matches!(
                site_syntax(candidate),
                Some("a template expression" | "a Go template action")
            )
        })
    })
}

/// How far [`Context::around`] and the scanners look for a line's ends.
pub(crate) const REACH: usize = 512;

/// The nearest char boundary at or before `at`.
fn boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The end of `at`'s line within `end`, looking at most [`REACH`] bytes.
pub(crate) fn line_end(bytes: &[u8], at: usize, end: usize) -> usize {
    let limit = (at + REACH).min(end);
    memchr::memchr(b'\n', &bytes[at..limit]).map_or(limit, |e| at + e)
}

/// A slot found by [`scan`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte range of the whole token, delimiters included.
    pub span: Range<usize>,
    pub kind: Kind,
}

impl Token {
    /// The slot's name without delimiters (`[PROJECT_NAME]` → `PROJECT_NAME`,
    /// `{{ app_name }}` → `app_name`); for blanks and lorem ipsum, the text.
    pub fn name<'t>(&self, text: &'t str) -> &'t str {
        inner(&text[self.span.clone()], self.kind)
    }
}

/// The name inside a candidate of `kind`.
pub fn inner(candidate: &str, kind: Kind) -> &str {
    let s = match kind {
        Kind::Token | Kind::Sentence => candidate
            .strip_prefix('[')
            .and_then(|s| s.strip_suffix(']'))
            .map(|s| s.strip_suffix("][").unwrap_or(s)),
        Kind::DoubleBrace => candidate
            .strip_prefix("{{")
            .and_then(|s| s.strip_suffix("}}")),
        Kind::SingleBrace => candidate
            .strip_prefix('{')
            .and_then(|s| s.strip_suffix('}')),
        Kind::Dollar => candidate
            .strip_prefix("${")
            .and_then(|s| s.strip_suffix('}')),
        Kind::Angle => candidate
            .strip_prefix('<')
            .and_then(|s| s.strip_suffix('>')),
        Kind::Directive => candidate
            .strip_prefix("[[LLM:")
            .and_then(|s| s.strip_suffix("]]")),
        Kind::Blank | Kind::Lorem => None,
    };
    s.unwrap_or(candidate).trim()
}

/// Can `candidate` be a slot anywhere? A necessary condition for
/// [`classify`] from the candidate alone: where it is false, `classify` is
/// `None` whatever the context, so a caller with many candidates (every
/// undefined `[reference]` of a document) skips the context lookup.
pub fn could_be_slot(candidate: &str) -> bool {
    match candidate.as_bytes().first() {
        Some(b'[') if !candidate.starts_with("[[LLM:") => {
            brackets::could_be_slot(inner(candidate, Kind::Token))
        }
        _ => true,
    }
}

/// [`classify`] of `text[span]` in its context at `place()`; where it
/// stands and the context are looked up only for a candidate that
/// [`could_be_slot`] (most undefined `[references]` are not).
pub fn classify_at(text: &str, span: &Range<usize>, place: impl FnOnce() -> Place) -> Option<Kind> {
    let candidate = &text[span.clone()];
    if !could_be_slot(candidate) {
        return None;
    }
    classify(candidate, &Context::around(text, span, place()))
}

/// Is `candidate` (the whole token) an unfilled slot here, and of which kind?
pub fn classify(candidate: &str, ctx: &Context<'_>) -> Option<Kind> {
    let b = candidate.as_bytes();
    match b.first()? {
        b'[' if candidate.starts_with("[[LLM:") && candidate.ends_with("]]") => {
            Some(Kind::Directive)
        }
        b'[' => brackets::classify(inner(candidate, Kind::Token), ctx),
        b'{' if candidate.starts_with("{{") => braces::double(candidate, ctx),
        b'{' => braces::single(candidate, ctx),
        b'$' => braces::dollar(candidate, ctx),
        b'<' => other::angle(candidate, ctx),
        b'_' => other::blank(candidate, ctx),
        _ => other::lorem(candidate),
    }
}

/// Which documentation syntax a `{{`/`{%` candidate is, if it is one: for
/// `--explain` and for messages that say why something is not a slot.
pub fn site_syntax(candidate: &str) -> Option<&'static str> {
    braces::site_syntax(candidate)
}

/// The [`CodeLang`] of a fenced block's info string (`""` for none).
pub fn code_lang(info: &str) -> CodeLang {
    let lang = info
        .trim()
        .trim_start_matches('{')
        .trim_start_matches('.')
        .split([' ', ',', '{', '}'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    braces::code_lang(&lang)
}

/// One key for every spelling of a slot name: words split at `_`, `-`,
/// spaces and camelCase humps, lower-cased and joined with `_`; dots
/// (nested keys) are kept. `PROJECT_NAME`, `Project Name`, `projectName`,
/// `project-name` → `project_name`.
pub fn normalize_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut prev: Option<char> = None;
    for c in name.trim().chars() {
        if c == '.' {
            while out.ends_with('_') {
                out.pop();
            }
            out.push('.');
            prev = Some(c);
            continue;
        }
        if !c.is_alphanumeric() {
            if !out.is_empty() && !out.ends_with(['_', '.']) {
                out.push('_');
            }
            prev = Some(c);
            continue;
        }
        let hump = c.is_uppercase() && prev.is_some_and(|p| p.is_lowercase() || p.is_ascii_digit());
        if hump && !out.ends_with(['_', '.']) && !out.is_empty() {
            out.push('_');
        }
        out.extend(c.to_lowercase());
        prev = Some(c);
    }
    while out.ends_with('_') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests;
