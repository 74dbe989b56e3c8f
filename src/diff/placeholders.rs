//! Template placeholders introduced or filled between two revisions.
//!
//! In: the old and new text of a section. Out: the placeholders only the new
//! text has (introduced) and those only the old text had (filled), each
//! once, sorted. A small self-contained detector, deliberately narrower than
//! `lint`'s placeholder rule: `[UPPER_TOKEN]` (two or more of `A-Z 0-9 _`,
//! words joined by a space or `/`, starting with a letter, not ID-like such
//! as `T001` or `FR-001`, not a link `[X](...)`, `[X][...]` or a reference
//! definition `[X]: ...`), `{{ ... }}` and `[[LLM: ...]]`. Text in code
//! spans and fenced code blocks is skipped.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use regex::Regex;

/// Placeholders the new text added and those it filled.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlaceholderChange {
    pub introduced: Vec<String>,
    pub filled: Vec<String>,
}

impl PlaceholderChange {
    pub fn is_empty(&self) -> bool {
        self.introduced.is_empty() && self.filled.is_empty()
    }
}

/// Compares the placeholder occurrences of `old` and `new`.
pub fn compare(old: &str, new: &str) -> PlaceholderChange {
    let (a, b) = (count(old), count(new));
    let more = |x: &BTreeMap<String, usize>, y: &BTreeMap<String, usize>| {
        x.iter()
            .filter(|(k, n)| y.get(*k).copied().unwrap_or(0) < **n)
            .map(|(k, _)| k.clone())
            .collect()
    };
    PlaceholderChange {
        introduced: more(&b, &a),
        filled: more(&a, &b),
    }
}

fn pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // The three kinds, in this order so `[[LLM: ...]]` is not read as a
    // bracketed token.
    RE.get_or_init(|| {
        Regex::new(r"\[\[LLM:[^\]]*\]\]|\{\{[^}]*\}\}|\[([A-Z][A-Z0-9_]*(?:[ /][A-Z0-9_]+)*)\]")
            .unwrap_or_else(|e| panic!("placeholder pattern is a valid regex: {e}"))
    })
}

/// Occurrences per placeholder outside code.
fn count(text: &str) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    let mut fence: Option<&str> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
        match (fence, marker) {
            (None, Some(m)) => {
                fence = Some(m);
                continue;
            }
            (Some(f), Some(m)) if f == m => {
                fence = None;
                continue;
            }
            (Some(_), _) => continue,
            (None, None) => {}
        }
        // Odd pieces between backticks are code spans.
        for prose in line.split('`').step_by(2) {
            for m in pattern().captures_iter(prose) {
                let whole = m.get(0).map_or("", |w| w.as_str());
                let end = m.get(0).map_or(0, |w| w.end());
                let after = prose[end..].chars().next();
                if let Some(token) = m.get(1) {
                    if matches!(after, Some('(' | '[' | ':'))
                        || id_like(token.as_str())
                        || token.len() < 2
                    {
                        continue;
                    }
                }
                *out.entry(whole.to_string()).or_insert(0) += 1;
            }
        }
    }
    out
}

/// Letters, an optional `-`, then digits: `T001`, `US1`.
fn id_like(s: &str) -> bool {
    let letters = s.bytes().take_while(u8::is_ascii_uppercase).count();
    let rest = s[letters..].strip_prefix('-').unwrap_or(&s[letters..]);
    letters > 0 && !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filled_and_introduced_placeholders_are_told_apart() {
        let old = "Owner: [PROJECT_LEAD]\nDue {{ due_date }}\n";
        let new = "Owner: Ana\nDue {{ due_date }}\n[[LLM: summarize the risks]]\n";
        let c = compare(old, new);
        assert_eq!(c.filled, ["[PROJECT_LEAD]"]);
        assert_eq!(c.introduced, ["[[LLM: summarize the risks]]"]);
    }

    #[test]
    fn links_ids_and_code_are_not_placeholders() {
        let text = "[API](http://x) [REF]: y [T001] `[CODE_SPAN]` [X]\n```\n[IN_FENCE]\n```\n";
        assert!(count(text).is_empty(), "{:?}", count(text));
    }

    #[test]
    fn a_second_copy_of_a_placeholder_is_introduced() {
        let c = compare("[NAME]\n", "[NAME]\n[NAME]\n");
        assert_eq!(c.introduced, ["[NAME]"]);
    }
}
