//! The section diff of one document pair.
//!
//! In: the old and new revision of a document (either may be absent) and
//! whether it is Markdown. Out: a [`DocDiff`] listing the sections that were
//! added, removed, renamed, moved or changed, with line counts and the
//! placeholders each introduced or filled, plus notes in words for what a
//! line diff cannot show (line endings).
//!
//! Nothing is invisible: a section is reported when any byte of it changed.
//! Its heading line (level, inline markup, link target, closing `#`s,
//! setext ↔ ATX) is `heading`; its body is `changed`; a change only in
//! trailing whitespace, blank lines or the final newline is `whitespace`
//! (the line diffs themselves compare lines with trailing whitespace
//! removed, so they stay readable); a change of line endings is a note on
//! the document. Front matter is compared key by key ([`front_matter`]).
//! Regions whose section view would dwarf their line view are shown as
//! lines ([`regions`]). Placeholders count per document
//! ([`placeholders::Census`]).

use std::ops::Range;

use super::fields::FieldChange;
use super::hunks::{self, Hunk};
use super::markdown::{self, Section, FRONT_MATTER};
use super::matching::{match_sections, Pair, Rev};
use super::placeholders::{self, PlaceholderChange};
use super::{front_matter, regions};

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

/// Consecutive sections shown as one line diff (byte ranges of each text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    pub old: Range<usize>,
    pub new: Range<usize>,
    /// Sections the region covers on each side.
    pub old_sections: usize,
    pub new_sections: usize,
}

/// One reported section: old, new or both, and what changed.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionDiff {
    /// Index into [`DocDiff::old_sections`] (a region's first section).
    pub old: Option<usize>,
    /// Index into [`DocDiff::new_sections`].
    pub new: Option<usize>,
    /// The heading's text changed.
    pub renamed: bool,
    /// The heading line changed but its text did not (level, markup, link).
    pub heading: bool,
    pub moved: bool,
    /// The body differs.
    pub changed: bool,
    /// Only trailing whitespace, blank lines or the final newline differ.
    pub whitespace: bool,
    pub added_lines: usize,
    pub removed_lines: usize,
    pub placeholders: PlaceholderChange,
    /// Front matter keys added, removed or changed.
    pub fields: Vec<FieldChange>,
    /// Set when this entry stands for a region shown as lines.
    pub region: Option<Region>,
    /// The line diff, computed with the counts (empty for `--stat`).
    pub hunks: Vec<Hunk>,
}

impl SectionDiff {
    pub(crate) fn new(old: Option<usize>, new: Option<usize>) -> Self {
        SectionDiff {
            old,
            new,
            renamed: false,
            heading: false,
            moved: false,
            changed: false,
            whitespace: false,
            added_lines: 0,
            removed_lines: 0,
            placeholders: PlaceholderChange::default(),
            fields: Vec::new(),
            region: None,
            hunks: Vec::new(),
        }
    }

    /// Change labels in a fixed order: `restructured`, `added`, `removed`,
    /// or any of `renamed`, `heading`, `moved`, `changed`, `whitespace`.
    pub fn labels(&self) -> Vec<&'static str> {
        if self.region.is_some() {
            return vec!["restructured"];
        }
        match (self.old, self.new) {
            (None, _) => vec!["added"],
            (_, None) => vec!["removed"],
            _ => [
                (self.renamed, "renamed"),
                (self.heading, "heading"),
                (self.moved, "moved"),
                (self.changed, "changed"),
                (self.whitespace, "whitespace"),
            ]
            .into_iter()
            .filter(|(on, _)| *on)
            .map(|(_, l)| l)
            .collect(),
        }
    }

    /// Whether the entry has line hunks to show (every format shows them
    /// for the same entries; a move or a whitespace change has none).
    pub fn shows_lines(&self) -> bool {
        self.region.is_some()
            || self.old.is_none()
            || self.new.is_none()
            || self.renamed
            || self.heading
            || self.changed
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
    /// What the sections cannot show, in words (line endings).
    pub notes: Vec<String>,
    /// The key of each side's one H1, if it has exactly one (reports name
    /// sections below it).
    pub h1: [Option<String>; 2],
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

    /// Old and new text of an entry (empty for a missing side) and the
    /// document line each starts on.
    pub fn texts(&self, s: &SectionDiff) -> ((&str, usize), (&str, usize)) {
        fn side<'t>(
            sections: &[Section],
            text: &'t str,
            i: Option<usize>,
            r: Option<&Range<usize>>,
        ) -> (&'t str, usize) {
            match (i, r) {
                (Some(i), Some(r)) => (&text[r.clone()], sections[i].line),
                (Some(i), None) => (sections[i].text(text), sections[i].line),
                _ => ("", 1),
            }
        }
        let r = s.region.as_ref();
        (
            side(&self.old_sections, &self.old_text, s.old, r.map(|r| &r.old)),
            side(&self.new_sections, &self.new_text, s.new, r.map(|r| &r.new)),
        )
    }
}

/// Text with trailing whitespace removed from every line, no trailing
/// blank lines, and `\n` line ends.
pub(crate) fn normalized(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    if out == "\n" {
        out.clear();
    }
    out
}

/// The key of the one H1 of a document, if it has exactly one.
fn only_h1(sections: &[Section]) -> Option<String> {
    let mut h1 = sections.iter().filter(|s| s.level == 1);
    match (h1.next(), h1.next()) {
        (Some(only), None) => Some(only.key.clone()),
        _ => None,
    }
}

/// Whether `normalized(a) == normalized(b)`, without building either.
fn same_normalized(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim_end().lines(), b.trim_end().lines());
    a.map(str::trim_end).eq(b.map(str::trim_end))
}

/// Equal up to line endings (`\r\n` versus `\n`).
fn same_but_line_ends(a: &str, b: &str) -> bool {
    a.ends_with('\n') == b.ends_with('\n') && a.lines().eq(b.lines())
}

/// Context lines of the hunks [`diff_document`] computes.
pub const DEFAULT_CONTEXT: usize = 3;

/// Diffs two revisions of a document named `path`.
pub fn diff_document(path: &str, old: Option<&str>, new: Option<&str>, markdown: bool) -> DocDiff {
    diff_document_with(path, old, new, markdown, Some(DEFAULT_CONTEXT))
}

/// [`diff_document`] with `context` lines around each change in the hunks
/// (`None`: counts only, for `--stat`).
pub fn diff_document_with(
    path: &str,
    old: Option<&str>,
    new: Option<&str>,
    markdown: bool,
    context: Option<usize>,
) -> DocDiff {
    let split = |t: &str| {
        if markdown {
            markdown::split(t)
        } else {
            markdown::whole(t)
        }
    };
    // Identical texts (most files of two compiled directories) need no split.
    let same = old.is_some() && old == new;
    // The two revisions are parsed at the same time (most of a large
    // document's diff is its parse).
    let (old_sections, new_sections) = rayon::join(
        || old.filter(|_| !same).map(split).unwrap_or_default(),
        || new.filter(|_| !same).map(split).unwrap_or_default(),
    );
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
        notes: Vec::new(),
        h1: [None, None],
        added_lines: 0,
        removed_lines: 0,
    };
    if same {
        return doc;
    }
    doc.h1 = [only_h1(&doc.old_sections), only_h1(&doc.new_sections)];
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
        .filter_map(|p| section_diff(&doc, p, context))
        .collect();
    let mut sections = regions::collapse(&doc, sections, context);
    placeholders::Census::of(&doc.old_text, &doc.new_text, &mut sections);
    doc.notes
        .extend(line_ending_note(&doc.old_text, &doc.new_text));
    if sections.is_empty() && doc.notes.is_empty() {
        // Unreachable by construction (every byte belongs to a section);
        // kept so that a difference can never be reported as none.
        doc.notes
            .push("the documents differ only in whitespace".into());
    }
    doc.added_lines = sections.iter().map(|s| s.added_lines).sum();
    doc.removed_lines = sections.iter().map(|s| s.removed_lines).sum();
    doc.change = DocChange::Changed;
    doc.sections = sections;
    doc
}

/// The diff of one matched, added or removed section; `None` if unchanged.
fn section_diff(doc: &DocDiff, p: Pair, context: Option<usize>) -> Option<SectionDiff> {
    let mut s = SectionDiff::new(p.old, p.new);
    s.renamed = p.renamed;
    s.moved = p.moved;
    if let (Some(i), Some(j)) = (p.old, p.new) {
        let (o, n) = (&doc.old_sections[i], &doc.new_sections[j]);
        let (ot, nt) = (&doc.old_text, &doc.new_text);
        // Most sections of a revision are byte-identical: one memcmp.
        if o.text(ot) == n.text(nt) && !p.renamed {
            return p.moved.then_some(s);
        }
        let (ho, hn) = (
            &ot[o.range.start..o.body_start],
            &nt[n.range.start..n.body_start],
        );
        s.heading = !p.renamed && !same_normalized(ho, hn);
        s.changed = !same_normalized(o.body(ot), n.body(nt));
        if s.changed && o.key == FRONT_MATTER && n.key == FRONT_MATTER {
            s.fields = front_matter::compare(o.text(ot), n.text(nt)).unwrap_or_default();
        }
        s.whitespace =
            !s.changed && !s.heading && !s.renamed && !same_but_line_ends(o.text(ot), n.text(nt));
        if !(s.renamed || s.heading || s.moved || s.changed || s.whitespace) {
            return None;
        }
    }
    let ((old, old_line), (new, new_line)) = doc.texts(&s);
    if s.shows_lines() {
        // The line diff compares lines as `normalized` leaves them.
        let a = hunks::analyse(old, new, old_line, new_line, context);
        (s.added_lines, s.removed_lines, s.hunks) = (a.added, a.removed, a.hunks);
        // A placeholder introduced or filled is on a changed line: look at
        // those alone first, the whole section only if they hold any.
        if p.new.is_some() && placeholders::any(&a.changed) {
            s.placeholders = placeholders::compare(&normalized(old), &normalized(new));
        }
    }
    Some(s)
}

/// Counts of `\r\n` and bare `\n` line ends.
fn line_ends(text: &str) -> (usize, usize) {
    let lf = memchr::memchr_iter(b'\n', text.as_bytes()).count();
    let crlf = memchr::memmem::find_iter(text.as_bytes(), b"\r\n").count();
    (crlf, lf - crlf)
}

/// `line endings changed from CRLF to LF`, when the style changed.
fn line_ending_note(old: &str, new: &str) -> Option<String> {
    let (a, b) = (line_ends(old), line_ends(new));
    let style = |(crlf, lf): (usize, usize)| match (crlf, lf) {
        (0, 0) => None,
        (_, 0) => Some("CRLF"),
        (0, _) => Some("LF"),
        _ => Some("mixed"),
    };
    match (style(a), style(b)) {
        (Some(x), Some(y)) if x != y => Some(format!(
            "line endings changed from {x} to {y} ({} CRLF, {} LF lines → {} CRLF, {} LF)",
            a.0, a.1, b.0, b.1
        )),
        (Some("mixed"), Some("mixed")) if a.0 != b.0 => Some(format!(
            "line endings changed on some lines ({} CRLF, {} LF lines → {} CRLF, {} LF)",
            a.0, a.1, b.0, b.1
        )),
        _ => None,
    }
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
        let d = diff_document("x.md", Some("# A\n\nx\n"), Some("# A\n\nx\n"), true);
        assert_eq!(d.change, DocChange::Unchanged);
        assert!(d.sections.is_empty());
    }

    #[test]
    fn a_blank_line_gained_is_a_whitespace_change_without_hunks() {
        let d = diff_document("x.md", Some("# A\n\nx\n"), Some("# A\n\nx\n\n"), true);
        assert_eq!(d.change, DocChange::Changed);
        assert_eq!(d.sections[0].labels(), ["whitespace"]);
        assert!(!d.sections[0].shows_lines());
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

    #[test]
    fn every_edit_of_a_heading_line_is_a_heading_change() {
        let body = "\nThe renderer turns the book into HTML.\n";
        let cases = [
            ("### Markdown Renderer", "## Markdown Renderer"),
            ("## Markdown Renderer", "## **Markdown** Renderer"),
            ("## [Renderer](a.md)", "## [Renderer](b.md)"),
            ("## Renderer", "## Renderer ##"),
            ("Renderer\n--------", "## Renderer"),
        ];
        for (old, new) in cases {
            let a = format!("# Book\n{old}\n{body}");
            let b = format!("# Book\n{new}\n{body}");
            let d = diff_document("x.md", Some(&a), Some(&b), true);
            let got: Vec<_> = d.sections.iter().map(|s| s.labels()).collect();
            assert_eq!(got, [vec!["heading"]], "{old:?} → {new:?}");
            assert!(d.added_lines >= 1, "{old:?} → {new:?}");
        }
    }

    #[test]
    fn crlf_to_lf_is_a_note_in_words_not_identical_lines() {
        let a = "# A\r\n\r\nline one\r\nline two\r\n";
        let b = "# A\n\nline one\nline two\n";
        let d = diff_document("x.md", Some(a), Some(b), true);
        assert_eq!(d.change, DocChange::Changed);
        assert!(d.sections.is_empty(), "{:?}", d.sections);
        assert_eq!(
            d.notes,
            ["line endings changed from CRLF to LF (4 CRLF, 0 LF lines → 0 CRLF, 4 LF)"]
        );
    }

    #[test]
    fn front_matter_edits_are_key_changes_not_a_renamed_heading() {
        let a = "---\ndescription: Perform a check\nscripts:\n  sh: a.sh\n---\n\n## Outline\nx\n";
        let b = "---\ndescription: Perform a non-destructive check\nscripts:\n  sh: a.sh\n---\n\n## Outline\nx\n";
        let d = diff_document("x.md", Some(a), Some(b), true);
        assert_eq!(d.sections.len(), 1);
        assert_eq!(d.key(&d.sections[0]), FRONT_MATTER);
        assert_eq!(d.sections[0].labels(), ["changed"]);
        assert_eq!(d.sections[0].fields[0].path, "description");
    }
}
