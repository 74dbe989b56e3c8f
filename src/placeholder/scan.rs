//! Scanning ranges of text for slots: [`scan`] for one range, [`Scanner`]
//! for the many ranges of one document, and `[[LLM: ...]]` directives.
//!
//! In: a text, a byte range of it and where the range stands ([`Place`]).
//! Out: the [`Token`]s found, in order, each judged by [`classify`](super::classify).

use std::ops::Range;

use super::{braces, brackets, other, uses_template_language, Kind, Place, Token};

/// Every slot in `text[range]` standing at `place`, in order. In prose this
/// finds brackets by shape (a Markdown-aware caller such as lint takes
/// `[...]` from the parser instead and passes `brackets: false`).
pub fn scan(text: &str, range: Range<usize>, place: Place, brackets: bool) -> Vec<Token> {
    scan_in(text, range, place, brackets, false)
}

/// [`scan`] in a document that does (not) [`uses_template_language`].
pub fn scan_in(
    text: &str,
    range: Range<usize>,
    place: Place,
    brackets: bool,
    templating: bool,
) -> Vec<Token> {
    let scanner = Scanner {
        text,
        templating,
        rare: other::Rare::ANY,
    };
    scanner.scan(range, place, brackets)
}

/// [`scan_in`] over many ranges of one document: what holds for the whole
/// text is found once (whether it uses a template language, whether `____`
/// or lorem ipsum occur in it at all), so that each range is searched only
/// for what can be there. Same results as [`scan_in`].
pub struct Scanner<'t> {
    text: &'t str,
    templating: bool,
    rare: other::Rare,
}

impl<'t> Scanner<'t> {
    pub fn new(text: &'t str) -> Self {
        Scanner {
            text,
            templating: uses_template_language(text),
            rare: other::Rare::of(text.as_bytes()),
        }
    }

    /// Does the document use a template language ([`uses_template_language`])?
    pub fn templating(&self) -> bool {
        self.templating
    }

    /// Every slot in `text[range]` standing at `place`, in order.
    pub fn scan(&self, range: Range<usize>, place: Place, brackets: bool) -> Vec<Token> {
        let text = self.text;
        let mut out = Vec::new();
        braces::scan(text, range.clone(), place, self.templating, &mut out);
        other::scan(text, range.clone(), place, self.rare, &mut out);
        if brackets || matches!(place, Place::Code { .. }) {
            brackets::scan(text, range.clone(), place, &mut out);
        }
        if brackets && !matches!(place, Place::Code { .. }) {
            directives(text, range, &mut out);
        }
        out.sort_by_key(|t| (t.span.start, t.span.end));
        out.dedup_by(|b, a| b.span.start < a.span.end);
        out
    }
}

/// `[[LLM: ...]]` directives in `text[range]`.
fn directives(text: &str, range: Range<usize>, out: &mut Vec<Token>) {
    let bytes = &text.as_bytes()[..range.end];
    let mut from = range.start;
    static DIRECTIVE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"[[LLM:"));
    while let Some(off) = DIRECTIVE.find(&bytes[from..]) {
        let start = from + off;
        let end = start + directive_len(&text[start..range.end]);
        out.push(Token {
            span: start..end,
            kind: Kind::Directive,
        });
        from = end.max(start + 1);
    }
}

/// The length of the `[[LLM: ...]]` directive at the start of `s`: to the
/// bracket that balances its first one (brackets inside, such as
/// `[PROJECT_NAME]`, are balanced; across lines, but not across a blank
/// line), else to the first `]]`, else to the end of its line.
pub fn directive_len(s: &str) -> usize {
    let b = s.as_bytes();
    let mut depth = 0usize;
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'\n' if b[i + 1..].starts_with(b"\n") || b[i + 1..].starts_with(b"\r\n") => break,
            b'[' => depth += 1,
            b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
    }
    memchr::memmem::find(b, b"]]")
        .map(|e| e + 2)
        .or_else(|| memchr::memchr(b'\n', b))
        .unwrap_or(b.len())
}
