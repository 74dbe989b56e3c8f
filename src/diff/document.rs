//! The section diff of one document pair.
//!
//! In: the old and new revision of a document (either may be absent) and
//! whether it is Markdown. Out: a [`DocDiff`] listing the sections that were
//! added, removed, renamed, moved or changed, with line counts and the
//! placeholders each introduced or filled. Bodies are compared with trailing
//! whitespace removed, so a blank line gained at the end of a section is not
//! a change; neither is a heading's style (`#` versus setext), since a
//! section's identity is its path.

use super::hunks;
use super::markdown::{self, Section};
use super::matching::{match_sections, Pair, Rev};
use super::placeholders::{self, PlaceholderChange};

/// What happened to a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocChange {
    Added,
    Removed,
    Changed,
    Unchanged,
}

impl DocChange {
    pub fn as_str(self) -> &'static str {
        match self {
            DocChange::Added => "added",
            DocChange::Removed => "removed",
            DocChange::Changed => "changed",
            DocChange::Unchanged => "unchanged",
        }
    }
}

/// One reported section: old, new or both, and what changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionDiff {
    /// Index into [`DocDiff::old_sections`].
    pub old: Option<usize>,
    /// Index into [`DocDiff::new_sections`].
    pub new: Option<usize>,
    pub renamed: bool,
    pub moved: bool,
    /// The body differs.
    pub changed: bool,
    pub added_lines: usize,
    pub removed_lines: usize,
    pub placeholders: PlaceholderChange,
}

impl SectionDiff {
    /// Change labels in a fixed order: `added`, `removed`, or any of
    /// `renamed`, `moved`, `changed`.
    pub fn labels(&self) -> Vec<&'static str> {
        match (self.old, self.new) {
            (None, _) => vec!["added"],
            (_, None) => vec!["removed"],
            _ => [
                (self.renamed, "renamed"),
                (self.moved, "moved"),
                (self.changed, "changed"),
            ]
            .into_iter()
            .filter(|(on, _)| *on)
            .map(|(_, l)| l)
            .collect(),
        }
    }
}

/// The section diff of one document.
#[derive(Debug, Clone)]
pub struct DocDiff {
    /// The document's name: its relative path, or the two names given.
    pub path: String,
    pub change: DocChange,
    pub old_text: String,
    pub new_text: String,
    pub old_sections: Vec<Section>,
    pub new_sections: Vec<Section>,
    /// Reported sections only, in report order.
    pub sections: Vec<SectionDiff>,
    /// Totals over the whole document.
    pub added_lines: usize,
    pub removed_lines: usize,
}

impl DocDiff {
    pub fn old_key(&self, s: &SectionDiff) -> Option<&str> {
        s.old.map(|i| self.old_sections[i].key.as_str())
    }

    pub fn new_key(&self, s: &SectionDiff) -> Option<&str> {
        s.new.map(|j| self.new_sections[j].key.as_str())
    }

    /// The key a reader looks for: the new one, else the old one.
    pub fn key(&self, s: &SectionDiff) -> &str {
        self.new_key(s).or(self.old_key(s)).unwrap_or_default()
    }

    /// Normalized old and new section text (empty for a missing side) and
    /// the document line each starts on.
    pub fn texts(&self, s: &SectionDiff) -> ((String, usize), (String, usize)) {
        let side = |sections: &[Section], text: &str, i: Option<usize>| match i {
            Some(i) => (normalized(sections[i].text(text)), sections[i].line),
            None => (String::new(), 1),
        };
        (
            side(&self.old_sections, &self.old_text, s.old),
            side(&self.new_sections, &self.new_text, s.new),
        )
    }
}

/// Text with trailing whitespace removed and one final newline.
fn normalized(text: &str) -> String {
    let t = text.trim_end();
    if t.is_empty() {
        String::new()
    } else {
        format!("{t}\n")
    }
}

/// Diffs two revisions of a document named `path`.
pub fn diff_document(path: &str, old: Option<&str>, new: Option<&str>, markdown: bool) -> DocDiff {
    let split = |t: &str| {
        if markdown {
            markdown::split(t)
        } else {
            markdown::whole(t)
        }
    };
    // Identical texts (most files of two compiled directories) need no split.
    let same = old.is_some() && old == new;
    let old_sections = old.filter(|_| !same).map(split).unwrap_or_default();
    let new_sections = new.filter(|_| !same).map(split).unwrap_or_default();
    let mut doc = DocDiff {
        path: path.to_string(),
        change: match (old, new) {
            (None, _) => DocChange::Added,
            (_, None) => DocChange::Removed,
            _ => DocChange::Unchanged,
        },
        old_text: old.unwrap_or_default().to_string(),
        new_text: new.unwrap_or_default().to_string(),
        old_sections,
        new_sections,
        sections: Vec::new(),
        added_lines: 0,
        removed_lines: 0,
    };
    if same {
        return doc;
    }
    if doc.change != DocChange::Unchanged {
        doc.added_lines = doc.new_text.lines().count();
        doc.removed_lines = doc.old_text.lines().count();
        return doc;
    }
    let pairs = match_sections(
        &Rev {
            sections: &doc.old_sections,
            text: &doc.old_text,
        },
        &Rev {
            sections: &doc.new_sections,
            text: &doc.new_text,
        },
    );
    let sections: Vec<SectionDiff> = pairs
        .into_iter()
        .filter_map(|p| section_diff(&doc, p))
        .collect();
    doc.added_lines = sections.iter().map(|s| s.added_lines).sum();
    doc.removed_lines = sections.iter().map(|s| s.removed_lines).sum();
    if !sections.is_empty() {
        doc.change = DocChange::Changed;
    }
    doc.sections = sections;
    doc
}

/// The diff of one matched, added or removed section; `None` if unchanged.
fn section_diff(doc: &DocDiff, p: Pair) -> Option<SectionDiff> {
    let body = |sections: &[Section], text: &str, i: Option<usize>| {
        i.map(|i| sections[i].body(text).trim_end().to_string())
            .unwrap_or_default()
    };
    let changed = p.old.is_some()
        && p.new.is_some()
        && body(&doc.old_sections, &doc.old_text, p.old)
            != body(&doc.new_sections, &doc.new_text, p.new);
    if p.old.is_some() && p.new.is_some() && !changed && !p.renamed && !p.moved {
        return None;
    }
    let mut s = SectionDiff {
        old: p.old,
        new: p.new,
        renamed: p.renamed,
        moved: p.moved,
        changed,
        added_lines: 0,
        removed_lines: 0,
        placeholders: PlaceholderChange::default(),
    };
    let ((old, _), (new, _)) = doc.texts(&s);
    (s.added_lines, s.removed_lines) = if changed || p.renamed {
        hunks::line_counts(&old, &new)
    } else if p.old.is_none() || p.new.is_none() {
        (new.lines().count(), old.lines().count())
    } else {
        (0, 0)
    };
    if p.new.is_some() {
        s.placeholders = placeholders::compare(&old, &new);
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(a: &str, b: &str) -> Vec<(String, Vec<&'static str>)> {
        let d = diff_document("x.md", Some(a), Some(b), true);
        d.sections
            .iter()
            .map(|s| (d.key(s).to_string(), s.labels()))
            .collect()
    }

    #[test]
    fn identical_documents_have_no_sections_to_report() {
        let d = diff_document("x.md", Some("# A\n\nx\n"), Some("# A\n\nx\n\n"), true);
        assert_eq!(d.change, DocChange::Unchanged);
        assert!(d.sections.is_empty());
    }

    #[test]
    fn each_kind_of_section_change_is_labelled() {
        let a = "# P\n## Keep\nk\n## Edit\none\n## Old name\nl1\nl2\nl3\n## Gone\ng\n## M1\nm\n## M2\nn\n";
        let b = "# P\n## Keep\nk\n## Edit\ntwo\n## New name\nl1\nl2\nl3\n## M2\nn\n## M1\nm\n## Fresh\nf\n";
        assert_eq!(
            labels(a, b),
            [
                ("P > Edit".to_string(), vec!["changed"]),
                ("P > New name".to_string(), vec!["renamed"]),
                ("P > Gone".to_string(), vec!["removed"]),
                ("P > M1".to_string(), vec!["moved"]),
                ("P > Fresh".to_string(), vec!["added"]),
            ]
        );
    }

    #[test]
    fn a_rename_counts_the_heading_line() {
        let d = diff_document("x.md", Some("# A\na\nb\nc\n"), Some("# B\na\nb\nc\n"), true);
        assert_eq!((d.added_lines, d.removed_lines), (1, 1));
    }
}
