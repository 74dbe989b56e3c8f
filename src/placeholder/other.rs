//! Slots without brackets or braces: angle tokens `<OWNER_NAME>`, fill-in
//! blanks `____`, and lorem ipsum.
//!
//! In: a candidate and its [`Context`], or a range to scan. Out: a
//! [`Kind`] or nothing. None of them counts in code, where `<NAME>` is a
//! synopsis and `____` or lorem ipsum are sample data.

use std::ops::Range;

use std::sync::LazyLock;

use memchr::memchr;
use memchr::memmem::Finder;

/// Built once: a searcher costs more to build than to run on a short range.
static BLANK: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"____"));
/// `orem ` / `OREM ` then `ipsum` in any case: `Lorem ipsum`, `Lorem Ipsum`,
/// `LOREM IPSUM` (two searches, each for the case of the first word).
static LOREM: LazyLock<[Finder<'static>; 2]> =
    LazyLock::new(|| [Finder::new(b"orem "), Finder::new(b"OREM ")]);

/// Does lorem ipsum start at the `orem ` found at `at` in `bytes`?
fn ipsum_follows(bytes: &[u8], at: usize) -> bool {
    bytes
        .get(at + 5..at + 10)
        .is_some_and(|w| w.eq_ignore_ascii_case(b"ipsum"))
}

use super::{Context, Kind, Place, Token};

/// `<UPPER_SNAKE>` / `<UPPER-KEBAB>` / `<YOUR NAME>`, or `<lower-kebab>`
/// with at least one hyphen. HTML elements have no `_` and no upper-case
/// snake shape; a caller that knows the whole document should also drop a
/// kebab token that is closed elsewhere (`</my-element>`, a custom element).
pub(super) fn angle(candidate: &str, ctx: &Context<'_>) -> Option<Kind> {
    let t = candidate.strip_prefix('<')?.strip_suffix('>')?;
    if matches!(ctx.place, Place::Code { .. }) || t.len() < 3 {
        return None;
    }
    let b = t.as_bytes();
    // Key names (`<C-W>`, `<CTRL-C>`) have one-letter parts; slot names
    // joined by `-` or spaces do not.
    let long_parts = t.contains('_') || t.split(['-', ' ']).all(|p| p.len() >= 2);
    let upper = b[0].is_ascii_uppercase()
        && b.iter().all(|c| {
            c.is_ascii_uppercase() || c.is_ascii_digit() || matches!(c, b'_' | b'-' | b' ')
        })
        && b.iter().any(|c| matches!(c, b'_' | b'-' | b' '))
        && long_parts
        && !t.contains("  ")
        && !t.ends_with([' ', '_', '-']);
    let kebab = b[0].is_ascii_lowercase()
        && t.contains('-')
        && !t.ends_with('-')
        && !t.contains("--")
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-');
    (upper || kebab).then_some(Kind::Angle)
}

/// Four or more underscores standing alone, not a thematic break.
pub(super) fn blank(candidate: &str, ctx: &Context<'_>) -> Option<Kind> {
    let all = candidate.len() >= 4 && candidate.bytes().all(|b| b == b'_');
    let rule_line = (ctx.before.to_string() + ctx.after)
        .bytes()
        .all(|b| matches!(b, b'_' | b' ' | b'\t' | b'\r'));
    let glued = ctx
        .before
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
        || ctx.after.chars().next().is_some_and(char::is_alphanumeric);
    let in_code = matches!(ctx.place, Place::Code { .. });
    (all && !rule_line && !glued && !in_code).then_some(Kind::Blank)
}

/// `Lorem ipsum dolor ...` filler text (the words `lorem ipsum` alone are
/// a mention of it, not filler).
pub(super) fn lorem(candidate: &str) -> Option<Kind> {
    candidate
        .get(..17)
        .is_some_and(|s| s.eq_ignore_ascii_case("lorem ipsum dolor"))
        .then_some(Kind::Lorem)
}

/// Whether a document holds `____` and lorem ipsum anywhere: looked up once
/// per document, then each range is searched only for what occurs.
#[derive(Debug, Clone, Copy)]
pub(super) struct Rare {
    blank: bool,
    lorem: bool,
}

impl Rare {
    /// Nothing known: search every range for both.
    pub(super) const ANY: Rare = Rare {
        blank: true,
        lorem: true,
    };

    pub(super) fn of(bytes: &[u8]) -> Rare {
        Rare {
            blank: BLANK.find(bytes).is_some(),
            lorem: LOREM
                .iter()
                .any(|f| f.find_iter(bytes).any(|at| ipsum_follows(bytes, at))),
        }
    }
}

/// Angle tokens, blanks and lorem ipsum in `text[range]` (none in code).
pub(super) fn scan(
    text: &str,
    range: Range<usize>,
    place: Place,
    rare: Rare,
    out: &mut Vec<Token>,
) {
    if matches!(place, Place::Code { .. }) {
        return;
    }
    let bytes = &text.as_bytes()[..range.end];
    let mut i = range.start;
    while let Some(off) = memchr(b'<', &bytes[i..]) {
        let at = i + off;
        i = at + 1;
        let line_end = super::line_end(bytes, at, range.end);
        if let Some(close) = memchr(b'>', &bytes[at + 1..line_end]) {
            push(text, at..at + close + 2, place, out);
        }
    }
    let mut i = range.start;
    while let Some(off) = rare.blank.then(|| BLANK.find(&bytes[i..])).flatten() {
        let at = i + off;
        let run = bytes[at..].iter().take_while(|&&b| b == b'_').count();
        push(text, at..at + run, place, out);
        i = at + run;
    }
    for finder in LOREM.iter().filter(|_| rare.lorem) {
        for off in finder.find_iter(&bytes[range.start..]) {
            let at = range.start + off;
            if at > range.start && matches!(bytes[at - 1], b'L' | b'l') && ipsum_follows(bytes, at)
            {
                let before_ok = at < 2 || !bytes[at - 2].is_ascii_alphanumeric();
                let filler = bytes
                    .get(at + 10..at + 16)
                    .is_some_and(|w| w.eq_ignore_ascii_case(b" dolor"));
                if before_ok && filler {
                    push(text, at - 1..at + 16, place, out);
                }
            }
        }
    }
}

fn push(text: &str, span: Range<usize>, place: Place, out: &mut Vec<Token>) {
    let ctx = Context::around(text, &span, place);
    if let Some(kind) = super::classify(&text[span.clone()], &ctx) {
        out.push(Token { span, kind });
    }
}
