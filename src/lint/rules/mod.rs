//! The rule registry: every lint rule, one file each, listed once in
//! [`RULES`]. Lookups by id, default severities, `--explain` text and SARIF
//! rule metadata are all derived from this list.
//!
//! In: a [`Ctx`] (the parsed document, its kind's manifest, the allowed
//! tokens). Out: [`Finding`]s (span, message, help); the pipeline adds the
//! rule id and the configured severity.

mod empty_cell;
mod empty_section;
mod llm_directive;
mod missing_section;
mod mojibake;
mod placeholder;
mod section_order;
mod template_markup;
mod todo_marker;

use std::cell::OnceCell;
use std::collections::HashSet;
use std::ops::Range;

use crate::diagnostics::Severity;
use crate::lint::doc::MdDoc;
use crate::lint::sections::{self, SectionReport};
use crate::manifest::SectionManifest;

/// A lint rule and its documentation.
#[derive(Debug)]
pub struct Rule {
    /// Stable id, used in output, configuration and suppressions.
    pub id: &'static str,
    /// A readable name that differs from the id, for SARIF
    /// (`UnfilledPlaceholder`).
    pub name: &'static str,
    pub default_severity: Severity,
    /// One line: what the rule finds.
    pub summary: &'static str,
    /// Markdown: what it does, why it matters, an example, what to use
    /// instead. Printed by `planforge lint --explain RULE`.
    pub explain: &'static str,
    /// Only runs on documents of a known kind (or declaring an unknown one).
    pub needs_kind: bool,
    pub check: fn(&Ctx<'_>, &mut Vec<Finding>),
}

/// Every rule, in the order `--explain` and the docs list them.
pub const RULES: &[Rule] = &[
    placeholder::RULE,
    llm_directive::RULE,
    template_markup::RULE,
    missing_section::RULE,
    empty_section::RULE,
    section_order::RULE,
    todo_marker::RULE,
    mojibake::RULE,
    empty_cell::RULE,
];

/// The rule with this id.
pub fn by_id(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// One problem a rule found, before it becomes a `Diagnostic`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Byte range in the document.
    pub span: Range<usize>,
    pub message: String,
    pub help: Option<String>,
    /// Order among this rule's findings at the same span (see
    /// `Diagnostic::order`); 0 unless the rule sets it.
    pub order: u32,
}

impl Finding {
    pub fn new(span: Range<usize>, message: impl Into<String>) -> Self {
        Finding {
            span,
            message: message.into(),
            help: None,
            order: 0,
        }
    }

    /// Keeps this finding's place among the rule's findings at one span.
    pub fn order(mut self, order: u32) -> Self {
        self.order = order;
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// What a rule may look at.
pub struct Ctx<'a> {
    pub text: &'a str,
    pub doc: &'a MdDoc,
    /// The document's kind, if known.
    pub manifest: Option<&'a SectionManifest>,
    /// Tokens (without brackets) that are never placeholders.
    pub allowed: &'a HashSet<String>,
    /// A kind the document declares (front matter or marker) that no
    /// manifest defines.
    pub unknown_kind: Option<&'a str>,
    sections: OnceCell<Option<SectionReport>>,
}

impl<'a> Ctx<'a> {
    pub fn new(
        text: &'a str,
        doc: &'a MdDoc,
        manifest: Option<&'a SectionManifest>,
        allowed: &'a HashSet<String>,
    ) -> Self {
        Ctx {
            text,
            doc,
            manifest,
            allowed,
            unknown_kind: None,
            sections: OnceCell::new(),
        }
    }

    /// The heading match against the kind's manifest, computed on first use
    /// and shared by the section rules.
    pub fn sections(&self) -> Option<(&SectionManifest, &SectionReport)> {
        let manifest = self.manifest?;
        let report = self
            .sections
            .get_or_init(|| Some(sections::check(&self.doc.headings, manifest)))
            .as_ref()?;
        Some((manifest, report))
    }

    /// A heading as a Markdown line, e.g. `## Summary`.
    pub fn heading_line(&self, index: usize) -> String {
        let mut line = String::new();
        self.push_heading_line(&mut line, index);
        line
    }

    /// Appends [`Ctx::heading_line`] to `out` (no allocation of its own).
    pub fn push_heading_line(&self, out: &mut String, index: usize) {
        let h = &self.doc.headings[index];
        out.extend(std::iter::repeat_n('#', usize::from(h.level)));
        out.push(' ');
        out.push_str(&h.title);
    }
}

/// `text` shortened to `max` characters with an ellipsis.
pub(crate) fn excerpt(text: &str, max: usize) -> String {
    let mut out = String::new();
    push_excerpt(&mut out, text, max);
    out
}

/// Appends [`excerpt`]`(text, max)` to `out`.
pub(crate) fn push_excerpt(out: &mut String, text: &str, max: usize) {
    // The usual token: short, one line, single spaces.
    let other_space = |c: char| c.is_whitespace() && c != ' ';
    let plain = text.len() <= max
        && !text.starts_with(' ')
        && !text.ends_with(' ')
        && !text.contains("  ")
        && if text.is_ascii() {
            !text
                .bytes()
                .any(|b| matches!(b, b'\t' | b'\n' | b'\r' | 0x0b | 0x0c))
        } else {
            !text.chars().any(other_space)
        };
    if plain {
        out.push_str(text);
        return;
    }
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        out.push_str(&one_line);
    } else {
        let cut: String = one_line.chars().take(max).collect();
        out.push_str(cut.trim_end());
        out.push('…');
    }
}

/// Is `text[at]` preceded by a letter, digit or `_` (so a match starting at
/// `at` is not at a word start)?
pub(crate) fn word_char_before(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
}

#[cfg(test)]
pub(crate) mod test_support {
    use std::collections::HashSet;

    use super::{Ctx, Finding, Rule};
    use crate::lint::doc::MdDoc;
    use crate::manifest::SectionManifest;

    /// Runs one rule on `text` (as a document of `kind`, if given) and
    /// returns the flagged text of each finding.
    pub fn flagged(rule: &Rule, text: &str, kind: Option<&str>) -> Vec<String> {
        findings(rule, text, kind)
            .into_iter()
            .map(|f| text[f.span].to_string())
            .collect()
    }

    pub fn findings(rule: &Rule, text: &str, kind: Option<&str>) -> Vec<Finding> {
        let doc = MdDoc::parse(text);
        let allowed: HashSet<String> = ["WIP".to_string()].into();
        let manifest: Option<&SectionManifest> = kind.and_then(crate::manifest::by_kind);
        let ctx = Ctx::new(text, &doc, manifest, &allowed);
        let mut out = Vec::new();
        (rule.check)(&ctx, &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_kebab_case_and_documented() {
        let mut ids: Vec<_> = RULES.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len());
        for r in RULES {
            assert!(r.id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'));
            for part in ["## What it does", "## Why", "## Example", "## Use instead"] {
                assert!(r.explain.contains(part), "{} lacks {part}", r.id);
            }
        }
    }
}
