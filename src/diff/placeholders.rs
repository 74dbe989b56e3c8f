//! Template placeholders introduced or filled between two revisions.
//!
//! In: the old and new text of a section. Out: the placeholders only the new
//! text has (introduced) and those only the old text had (filled), each
//! once, sorted. Placeholders are what `planforge lint` reports under its
//! `placeholder` and `llm-directive` rules (`lint::placeholder_spans`).
//!
//! Sections are compared first, then the [`Census`] of the whole document
//! keeps only what the document as a whole introduced or filled (its text
//! occurs more, or less, often): a placeholder that moved between sections,
//! or was already in the old text (even where lint does not look, such as
//! inside a code fence that a fix closed), is not introduced;
//! symmetrically for filled.

use std::collections::BTreeMap;

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

/// Keeps only what the whole document introduced or filled.
pub struct Census;

impl Census {
    /// Keeps, in each section's change, only the placeholders that occur
    /// more often (introduced) or less often (filled) in the new document
    /// than in the old one, counting every occurrence of the text, in any
    /// context: one that moved, or was already there where lint does not
    /// look, is neither.
    pub fn of(old: &str, new: &str, sections: &mut [super::document::SectionDiff]) {
        let occurrences =
            |text: &str, k: &str| memchr::memmem::find_iter(text.as_bytes(), k).count();
        for s in sections {
            let p = &mut s.placeholders;
            p.introduced
                .retain(|k| occurrences(new, k) > occurrences(old, k));
            p.filled
                .retain(|k| occurrences(old, k) > occurrences(new, k));
        }
    }
}

/// Whether `text` holds anything lint calls a placeholder.
pub fn any(text: &str) -> bool {
    !text.is_empty() && !crate::lint::placeholder_spans(text).is_empty()
}

/// Occurrences per placeholder, as `lint`'s `placeholder` and
/// `llm-directive` rules find them (one definition of a placeholder).
fn count(text: &str) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for span in crate::lint::placeholder_spans(text) {
        let found = text.get(span).unwrap_or_default();
        // A multi-line directive is named by its first line.
        let name = found
            .lines()
            .next()
            .unwrap_or_default()
            .trim_end()
            .to_string();
        *out.entry(name).or_insert(0) += 1;
    }
    out
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
        let text = "[API](http://x) [REF] [T001] `[CODE_SPAN]` [X]\n\n[REF]: http://y\n\n```rust\nlet a = v[IN_FENCE];\n```\n";
        assert!(count(text).is_empty(), "{:?}", count(text));
    }

    #[test]
    fn a_placeholder_that_moves_between_sections_is_not_introduced() {
        let old = "# A\n## One\nOwner: [OWNER]\n## Two\nnone\n";
        let new = "# A\n## One\nnone\n## Two\nOwner: [OWNER]\n";
        let d = crate::diff::document::diff_document("x.md", Some(old), Some(new), true);
        assert!(d.sections.iter().all(|s| s.placeholders.is_empty()));
    }

    #[test]
    fn a_second_copy_of_a_placeholder_is_introduced() {
        let c = compare("[NAME]\n", "[NAME]\n[NAME]\n");
        assert_eq!(c.introduced, ["[NAME]"]);
    }
}
