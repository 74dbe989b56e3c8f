//! Regions whose section view would dwarf their line view, shown as lines.
//!
//! In: a document's reported sections, in report order. Out: the same
//! list, with each *restructured* run replaced by one entry carrying a
//! [`Region`]. A run is a stretch of consecutive entries, each added,
//! removed or with changed lines (not moved), covering consecutive sections
//! on both sides and with at least one section added or removed. When its
//! section view counts at least [`LINE_VIEW_RATIO`] times as many changed
//! lines as a line diff of the same stretch, and at least
//! [`LINE_VIEW_EXCESS`] more, the structure itself changed (a code fence
//! opened or closed, a heading became text): a person reviews it as the
//! few lines that changed, not as sections rewritten.

use super::document::{normalized, DocDiff, Region, SectionDiff};
use super::hunks;
use super::markdown::FRONT_MATTER;
use super::placeholders;

/// Least ratio of section-view to line-view changed lines for a run to be
/// shown as lines.
pub const LINE_VIEW_RATIO: usize = 4;

/// Least number of changed lines the section view must add over the line
/// view (small runs are shown as sections whatever the ratio).
pub const LINE_VIEW_EXCESS: usize = 20;

/// Replaces restructured runs by one line-view entry each.
pub fn collapse(
    doc: &DocDiff,
    sections: Vec<SectionDiff>,
    context: Option<usize>,
) -> Vec<SectionDiff> {
    let mut out: Vec<SectionDiff> = Vec::with_capacity(sections.len());
    let mut run: Vec<SectionDiff> = Vec::new();
    for s in sections {
        if !run.is_empty() && !extends(doc, &run, &s) {
            flush(doc, &mut run, &mut out, context);
        }
        if eligible(doc, &s) {
            run.push(s);
        } else {
            flush(doc, &mut run, &mut out, context);
            out.push(s);
        }
    }
    flush(doc, &mut run, &mut out, context);
    out
}

fn eligible(doc: &DocDiff, s: &SectionDiff) -> bool {
    let front = doc.old_key(s) == Some(FRONT_MATTER) || doc.new_key(s) == Some(FRONT_MATTER);
    !front && !s.moved && s.shows_lines()
}

/// Whether `s` continues `run` with the next section on each side it has.
fn extends(doc: &DocDiff, run: &[SectionDiff], s: &SectionDiff) -> bool {
    if !eligible(doc, s) {
        return false;
    }
    let last_old = run.iter().rev().find_map(|r| r.old);
    let last_new = run.iter().rev().find_map(|r| r.new);
    let next = |last: Option<usize>, this: Option<usize>| match (last, this) {
        (Some(l), Some(t)) => t == l + 1,
        _ => true,
    };
    next(last_old, s.old) && next(last_new, s.new)
}

fn flush(
    doc: &DocDiff,
    run: &mut Vec<SectionDiff>,
    out: &mut Vec<SectionDiff>,
    context: Option<usize>,
) {
    let taken = std::mem::take(run);
    match as_region(doc, &taken, context) {
        Some(region) => out.push(region),
        None => out.extend(taken),
    }
}

/// The run as one line-view entry, if it is restructured.
fn as_region(doc: &DocDiff, run: &[SectionDiff], context: Option<usize>) -> Option<SectionDiff> {
    if run.len() < 2 || !run.iter().any(|s| s.old.is_none() || s.new.is_none()) {
        return None;
    }
    let olds: Vec<usize> = run.iter().filter_map(|s| s.old).collect();
    let news: Vec<usize> = run.iter().filter_map(|s| s.new).collect();
    let (first_old, last_old) = (*olds.first()?, *olds.last()?);
    let (first_new, last_new) = (*news.first()?, *news.last()?);
    let section_view: usize = run.iter().map(|s| s.added_lines + s.removed_lines).sum();
    if section_view < LINE_VIEW_EXCESS {
        return None;
    }
    let old_range = doc.old_sections[first_old].range.start..doc.old_sections[last_old].range.end;
    let new_range = doc.new_sections[first_new].range.start..doc.new_sections[last_new].range.end;
    let (old, new) = (
        &doc.old_text[old_range.clone()],
        &doc.new_text[new_range.clone()],
    );
    // One line diff of the stretch: its counts decide, its hunks are shown.
    let diff = hunks::LineDiff::new(old, new);
    let (added, removed) = diff.counts();
    let line_view = added + removed;
    if section_view < LINE_VIEW_RATIO * line_view.max(1)
        || section_view < line_view + LINE_VIEW_EXCESS
    {
        return None;
    }
    let mut s = SectionDiff::new(Some(first_old), Some(first_new));
    s.region = Some(Region {
        old: old_range,
        new: new_range,
        old_sections: olds.len(),
        new_sections: news.len(),
    });
    let (old_line, new_line) = (
        doc.old_sections[first_old].line,
        doc.new_sections[first_new].line,
    );
    let a = diff.analysis(old_line, new_line, context);
    (s.added_lines, s.removed_lines, s.hunks) = (a.added, a.removed, a.hunks);
    if placeholders::any(&a.changed) {
        s.placeholders = placeholders::compare(&normalized(old), &normalized(new));
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use crate::diff::document::diff_document;

    fn guide(fence: &str) -> String {
        let mut t = String::from("# Guide\n\n## Install\n\nRun this:\n\n");
        t.push_str(fence);
        t.push_str("\ncargo install mdbook\n```\n\n");
        for n in 1..=8 {
            t.push_str(&format!("## Step {n}\n\n"));
            for l in 1..=12 {
                t.push_str(&format!("Line {l} of step {n}: [OWNER] reviews it.\n"));
            }
            t.push('\n');
        }
        t
    }

    #[test]
    fn a_code_fence_fix_is_a_few_lines_not_eight_sections_rewritten() {
        // The old fence (four backticks) is never closed by three, so the
        // whole rest of the guide was code.
        let (old, new) = (guide("````text"), guide("```text"));
        let d = diff_document("guide.md", Some(&old), Some(&new), true);
        assert_eq!(d.sections.len(), 1, "{:?}", d.sections);
        let s = &d.sections[0];
        assert_eq!(s.labels(), ["restructured"]);
        assert_eq!((s.added_lines, s.removed_lines), (1, 1));
        // The placeholders were in the old text, inside the broken fence.
        assert!(s.placeholders.introduced.is_empty(), "{:?}", s.placeholders);
    }

    #[test]
    fn an_ordinary_added_section_is_not_a_region() {
        let old = "# A\n## One\none\n";
        let new = "# A\n## One\none changed\n## Two\n".to_string() + &"x\n".repeat(40);
        let d = diff_document("a.md", Some(old), Some(&new), true);
        let labels: Vec<_> = d.sections.iter().map(|s| s.labels()).collect();
        assert_eq!(labels, [vec!["changed"], vec!["added"]]);
    }
}
