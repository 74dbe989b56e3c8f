//! Bracketed prose: which `[...]` are slots, and what the sentence slots
//! are called in the values file.
//!
//! In: the scanned tokens (sentence slots arrive with an empty key) and the
//! document's headings. Out: every sentence slot keyed, in document order,
//! by the first of: the bold label before it on its line
//! (`- **Work Isolation**: [How agents ...]` → `work_isolation`), the words
//! before its colon (`[Objective 1: Specific goal]` → `objective_1`), the
//! heading it stands under (`### Orchestration Overview` →
//! `orchestration_overview`). A key already taken by a named token or by a
//! sentence slot with other text gets `_2`, `_3`, ...; the same sentence
//! twice is one slot.

use std::collections::{HashMap, HashSet};

use super::scan::{Tok, TokKind};
use crate::lint::doc::MdDoc;
use crate::placeholder::normalize_key;

/// lint's bracketed prose: starts with an upper-case letter and has at
/// least two words.
pub fn is_bracketed_prose(inner: &str) -> bool {
    inner.chars().next().is_some_and(char::is_uppercase)
        && inner.split_whitespace().nth(1).is_some()
}

/// A short name rather than an instruction: at most five words, each
/// capitalised or a number (`[Deliverable 1]`, `[Trigger Condition N]`).
pub fn is_named(inner: &str) -> bool {
    let words: Vec<&str> = inner.split(' ').collect();
    words.len() <= 5
        && words.iter().all(|w| {
            let mut c = w.chars();
            c.next()
                .is_some_and(|f| f.is_uppercase() || f.is_ascii_digit())
                && c.all(char::is_alphanumeric)
        })
}

/// Gives every sentence slot of `toks` its key (see the module doc).
pub fn name_sentences(text: &str, doc: &MdDoc, toks: &mut [Tok]) {
    let mut taken: HashSet<String> = toks
        .iter()
        .filter_map(|t| match &t.kind {
            TokKind::Slot { key, .. } if !key.is_empty() => Some(key.clone()),
            TokKind::Open(_, name) => Some(name.clone()),
            _ => None,
        })
        .collect();
    let mut by_text: HashMap<String, String> = HashMap::new();
    for t in toks.iter_mut() {
        let TokKind::Slot {
            key,
            instruction: Some(instruction),
            ..
        } = &mut t.kind
        else {
            continue;
        };
        if !key.is_empty() {
            continue;
        }
        if let Some(k) = by_text.get(instruction.as_str()) {
            key.clone_from(k);
            continue;
        }
        let base = label_before(text, t.span.start)
            .or_else(|| colon_prefix(instruction))
            .or_else(|| heading_key(text, doc, t.span.start))
            .unwrap_or_else(|| "text".to_string());
        let mut candidate = base.clone();
        let mut n = 2;
        while taken.contains(&candidate) {
            candidate = format!("{base}_{n}");
            n += 1;
        }
        taken.insert(candidate.clone());
        by_text.insert(instruction.clone(), candidate.clone());
        *key = candidate;
    }
}

/// `**Label**:` (after an optional list marker) right before `at`.
fn label_before(text: &str, at: usize) -> Option<String> {
    let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
    let before = text[line_start..at].trim();
    let before = strip_list_marker(before);
    let rest = before.strip_prefix("**")?;
    let (label, after) = rest.split_once("**")?;
    let after = after.trim();
    let plain = !label.contains(['[', '{', '<', '*']) && !label.trim().is_empty();
    let labelled = after == ":" || (after.is_empty() && label.trim_end().ends_with(':'));
    (plain && labelled)
        .then(|| normalize_key(label))
        .filter(|k| !k.is_empty())
}

/// `- `, `* `, `+ `, `1. `, `1) ` at the start of `line`, removed.
fn strip_list_marker(line: &str) -> &str {
    for marker in ["- ", "* ", "+ "] {
        if let Some(rest) = line.strip_prefix(marker) {
            return rest.trim_start();
        }
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        if let Some(rest) = line[digits..]
            .strip_prefix(". ")
            .or_else(|| line[digits..].strip_prefix(") "))
        {
            return rest.trim_start();
        }
    }
    line
}

/// The words before the colon of `[Objective 1: ...]` (up to four).
fn colon_prefix(instruction: &str) -> Option<String> {
    let (head, _) = instruction.split_once(':')?;
    (head.split_whitespace().count() <= 4)
        .then(|| normalize_key(head))
        .filter(|k| !k.is_empty())
}

/// The normalized title of the heading `at` stands under, tokens removed.
fn heading_key(text: &str, doc: &MdDoc, at: usize) -> Option<String> {
    let h = doc.headings.iter().rev().find(|h| h.span.start <= at)?;
    let title = &text[h.span.clone()];
    let mut plain = String::new();
    let mut depth = 0usize;
    for c in title.chars() {
        match c {
            '[' | '{' => depth += 1,
            ']' | '}' => depth = depth.saturating_sub(1),
            '#' if depth == 0 => {}
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    Some(normalize_key(&plain)).filter(|k| !k.is_empty())
}

#[cfg(test)]
mod tests {
    use super::{is_bracketed_prose, is_named};

    #[test]
    fn short_capitalised_brackets_are_names_and_sentences_are_not() {
        assert!(is_named("Deliverable 1"));
        assert!(is_named("Trigger Condition N"));
        assert!(!is_named("Provide a comprehensive overview"));
        assert!(!is_named("Objective 1: Specific, measurable goal"));
        assert!(is_bracketed_prose("Repeat structure for each phase"));
        assert!(!is_bracketed_prose("see below"));
    }
}
