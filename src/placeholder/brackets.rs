//! `[TOKEN]` and `[Sentence slot]`: the grammar inside square brackets and
//! its exemptions (ID-like tokens, status and changelog tags, kramdown
//! abbreviations, shell and index syntax in code).
//!
//! In: the text between the brackets and its [`Context`]. Out: a [`Kind`]
//! or nothing. Plain byte loops: this runs for every bracket of every file.

use std::collections::HashSet;
use std::ops::Range;

use memchr::memchr;

use super::{Context, Kind, Place, Token};

/// Log levels, status and changelog tags that are never slot names. Tags
/// that could be (`[DOCS]`, `[SECURITY]`) are exempt only where changelogs
/// put them: opening a list item or heading (see `is_leading_tag`).
const STATUS_TAGS: &[&str] = &[
    "ALPHA",
    "BETA",
    "BREAKING",
    "BUGFIX",
    "CAUTION",
    "CRIT",
    "CRITICAL",
    "DEBUG",
    "DEPRECATED",
    "DONE",
    "ERR",
    "ERROR",
    "EXPERIMENTAL",
    "FAIL",
    "FAILED",
    "FATAL",
    "HOTFIX",
    "IMPORTANT",
    "INFO",
    "NEW",
    "NOTE",
    "NOTICE",
    "OK",
    "PASS",
    "PASSED",
    "SKIP",
    "SKIPPED",
    "SUCCESS",
    "TIP",
    "TRACE",
    "UNRELEASED",
    "WARN",
    "WARNING",
    "YANKED",
];

/// First words of lower-case bracketed instructions (`[insert date here]`).
const INSTRUCTIONS: &[&str] = &[
    "add",
    "choose",
    "describe",
    "enter",
    "explain",
    "fill",
    "insert",
    "list",
    "provide",
    "put",
    "replace",
    "select",
    "specify",
    "summarize",
    "type",
    "write",
    "your",
];

/// Two or more of `A-Z 0-9 _ %` starting with a letter, parts joined by
/// `/`, a single space or ` - `; at least one part longer than one character
/// (`[Y/N]` is a prompt, not a placeholder).
pub fn is_token(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 2 || !b[0].is_ascii_uppercase() {
        return false;
    }
    let is_part = |c: u8| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'_' || c == b'%';
    let (mut i, mut longest) = (0, 0);
    loop {
        let start = i;
        while i < b.len() && is_part(b[i]) {
            i += 1;
        }
        if i == start {
            return false;
        }
        longest = longest.max(i - start);
        if i == b.len() {
            return longest >= 2;
        }
        match &b[i..] {
            [b' ', b'-', b' ', ..] => i += 3,
            [b'/' | b' ', ..] => i += 1,
            _ => return false,
        }
    }
}

/// ID-like (`US1`, `T001`, `FR-001`), a status tag, or allowed by the user.
pub fn is_exempt_token(token: &str, allowed: &HashSet<String>) -> bool {
    is_id_like(token)
        || STATUS_TAGS.binary_search(&token).is_ok()
        || (!allowed.is_empty() && allowed.contains(token))
}

/// Letters, an optional `-`, then digits.
fn is_id_like(s: &str) -> bool {
    let letters = s.bytes().take_while(u8::is_ascii_uppercase).count();
    let rest = &s.as_bytes()[letters..];
    let rest = rest.strip_prefix(b"-").unwrap_or(rest);
    letters > 0 && !rest.is_empty() && rest.iter().all(u8::is_ascii_digit)
}

/// Can `[inner]` be a slot in any context? `classify` decides a `[TOKEN]`
/// shape by exemptions and a non-token by sentence or instruction shape;
/// the context only ever turns a candidate down.
pub(super) fn could_be_slot(inner: &str) -> bool {
    if is_token(inner) {
        !is_exempt_token(inner, &HashSet::new())
    } else {
        is_sentence(inner) || is_instruction(inner)
    }
}

/// The slot kind of `[inner]` in `ctx`.
pub(super) fn classify(inner: &str, ctx: &Context<'_>) -> Option<Kind> {
    let abbreviation = ctx.before.trim() == "*" && ctx.after.starts_with(':');
    // `[[Page Name]]`: a wiki link (Obsidian, Foam, GitHub wikis).
    let wiki_link = ctx.before.ends_with('[') && ctx.after.starts_with(']');
    if abbreviation || wiki_link {
        return None;
    }
    let link = ctx.place != Place::Heading
        && ctx.after.starts_with('(')
        && !matches!(ctx.place, Place::Code { .. });
    if link {
        // `[Text]({{ '/docs/' | relative_url }})`: a link whose templated
        // destination CommonMark does not accept.
        return None;
    }
    if is_token(inner) {
        let exempt = is_exempt_token(inner, &HashSet::new())
            || is_leading_tag(inner, ctx)
            || names_an_argument(ctx.after);
        return match ctx.place {
            _ if exempt => None,
            Place::Code { lang, .. } => {
                (lang.checks_brackets() && code_position_counts(ctx.before)).then_some(Kind::Token)
            }
            _ => Some(Kind::Token),
        };
    }
    if matches!(ctx.place, Place::Code { .. }) {
        return None;
    }
    (is_sentence(inner) || is_instruction(inner)).then_some(Kind::Sentence)
}

/// A one-word tag opening a list item or heading, with text after it on
/// the line: `- [BREAKING] Drop Python 3.8`, `## [SECURITY] Fix ...`.
fn is_leading_tag(inner: &str, ctx: &Context<'_>) -> bool {
    let one_word = inner
        .bytes()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    let marker = ctx.before.trim().trim_start_matches('>').trim();
    let opener = !marker.is_empty()
        && marker.bytes().all(|b| {
            matches!(b, b'-' | b'*' | b'+' | b'#' | b'.' | b')' | b' ') || b.is_ascii_digit()
        });
    let goes_on = ctx
        .after
        .trim_start_matches([':', ' '])
        .chars()
        .next()
        .is_some_and(char::is_alphanumeric)
        || ctx
            .after
            .trim_start()
            .starts_with(['`', '*', '_', '(', '['])
            && !ctx.after.trim().is_empty();
    one_word && opener && goes_on
}

/// `The [KEYWORD] argument accepts ...`: a CLI reference naming a synopsis
/// argument.
fn names_an_argument(after: &str) -> bool {
    let next = after
        .trim_start()
        .split([' ', ',', '.', ';', ')'])
        .next()
        .unwrap_or("");
    matches!(
        next,
        "argument"
            | "arguments"
            | "arg"
            | "parameter"
            | "parameters"
            | "flag"
            | "option"
            | "options"
    )
}

/// Starts with an upper-case letter and has at least two words.
fn is_sentence(inner: &str) -> bool {
    inner.chars().next().is_some_and(char::is_uppercase)
        && inner.split_whitespace().nth(1).is_some()
}

/// Lower case, at least two words, the first an instruction verb or `your`.
fn is_instruction(inner: &str) -> bool {
    let mut words = inner.split_whitespace();
    let first = words.next().unwrap_or("");
    words.next().is_some() && INSTRUCTIONS.contains(&first)
}

/// In code, a `[TOKEN]` counts after punctuation (`key: [VALUE]`, `- [X]`,
/// `├── [X]`), not at the start of a line (log tags, INI headers) and not
/// after a word (`items[INDEX]`, `rg [OPTIONS]`).
fn code_position_counts(before: &str) -> bool {
    let before = before.trim_end();
    let line_initial = before.chars().all(|c| c.is_whitespace() || c == '>');
    let after_word = before
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | ')' | ']'));
    // `helm rollback <RELEASE> [REVISION]`: a synopsis argument.
    let after_argument = before
        .rsplit(char::is_whitespace)
        .next()
        .is_some_and(|w| w.len() > 2 && w.starts_with('<') && w.ends_with('>'));
    !line_initial && !after_word && !after_argument
}

/// Brackets on one line in `text[range]`, classified at `place`. Outside
/// code, links (`[x](y)`, `[x][y]`), definitions (`[x]: y`) and images are
/// skipped by shape.
pub(super) fn scan(text: &str, range: Range<usize>, place: Place, out: &mut Vec<Token>) {
    // In code only a `[TOKEN]` can count, and only where the language
    // allows (see `classify`): other blocks are not searched, and other
    // brackets are rejected before their context is looked up.
    let is_code = matches!(place, Place::Code { .. });
    if matches!(place, Place::Code { lang, .. } if !lang.checks_brackets()) {
        return;
    }
    let bytes = text.as_bytes();
    let mut i = range.start;
    while let Some(off) = memchr(b'[', &bytes[i..range.end]) {
        let at = i + off;
        i = at + 1;
        if at > 0 && matches!(bytes[at - 1], b'!' | b']' | b'\\' | b'[') {
            continue;
        }
        let line_end = super::line_end(bytes, at, range.end);
        let Some(close) = memchr(b']', &bytes[at + 1..line_end]) else {
            continue;
        };
        let end = at + close + 2;
        if bytes[at + 1..end - 1].contains(&b'[') {
            continue;
        }
        if !is_code && matches!(bytes.get(end), Some(b'(' | b'[' | b':')) {
            continue;
        }
        if is_code && !is_token(&text[at + 1..end - 1]) {
            continue;
        }
        let span = at..end;
        let ctx = Context::around(text, &span, place);
        if let Some(kind) = classify(&text[at + 1..end - 1], &ctx) {
            out.push(Token { span, kind });
            i = end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_tags_are_sorted_for_binary_search() {
        assert!(STATUS_TAGS.windows(2).all(|w| w[0] < w[1]));
        assert!(STATUS_TAGS
            .iter()
            .all(|t| is_exempt_token(t, &HashSet::new())));
        assert!(!is_exempt_token("PROJECT_NAME", &HashSet::new()));
    }
}
