//! The `[TOKEN]` grammar and its exemptions, shared by the placeholder rule's
//! prose and code-block checks.
//!
//! In: the text between brackets. Out: yes or no. Plain byte loops: this runs
//! for every bracket of every file.

use std::collections::HashSet;

/// Log levels and status tags: bracketed, upper case, and never placeholders.
const STATUS_TAGS: &[&str] = &[
    "ALPHA",
    "BETA",
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
    "WARN",
    "WARNING",
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
pub fn is_exempt(token: &str, allowed: &HashSet<String>) -> bool {
    is_id_like(token) || STATUS_TAGS.contains(&token) || allowed.contains(token)
}

/// Letters, an optional `-`, then digits.
fn is_id_like(s: &str) -> bool {
    let letters = s.bytes().take_while(u8::is_ascii_uppercase).count();
    let rest = &s.as_bytes()[letters..];
    let rest = rest.strip_prefix(b"-").unwrap_or(rest);
    letters > 0 && !rest.is_empty() && rest.iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_grammar_follows_the_issue() {
        for yes in [
            "PROJECT_NAME",
            "UTIL%",
            "START_DATE - END_DATE",
            "LOW/MEDIUM/HIGH",
            "FEATURE NAME",
            "R00N",
        ] {
            assert!(is_token(yes), "{yes}");
        }
        for no in [
            "A", "Y/N", "A-Z", "1ST", "Project", "X  Y", "X -Y", "_X", "A,B", "",
        ] {
            assert!(!is_token(no), "{no}");
        }
    }

    #[test]
    fn id_like_tokens_and_status_tags_are_exempt() {
        let none = HashSet::new();
        for id in ["US1", "T001", "FR-001", "SC-12", "INFO", "WARN"] {
            assert!(is_exempt(id, &none), "{id}");
        }
        for not in ["PROJECT_NAME", "US", "FR-", "S00N"] {
            assert!(!is_exempt(not, &none), "{not}");
        }
        assert!(is_exempt("WIP", &["WIP".to_string()].into()));
    }
}
