//! Printing a [`DiffReport`]: terminal, Markdown (a pull-request comment)
//! or JSON (the stable contract documented in `docs/diff.md`).
//!
//! In: a report and [`Options`]. Out: text on a writer. Identical inputs
//! print exactly one line, `no changes`, in the terminal and Markdown
//! formats. The wording shared by the human formats (how a value, a field
//! change or a section is named) lives here, once.

mod json;
mod markdown;
mod terminal;

use std::io::{self, Write};

use serde_json::Value;

use super::allocations::AllocationSummary;
use super::document::{DocDiff, SectionDiff};
use super::fields::Delta;
use super::markdown::display_key;
use super::spec::{Consequences, RiskMove};
use super::DiffReport;
use crate::plan::iterations::thousands;

/// Output format of `planforge diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people at a terminal; coloured there, unless NO_COLOR is set.
    Terminal,
    /// A summary table and fenced `diff` blocks, to paste into a pull request.
    Markdown,
    /// Machine-readable; see docs/diff.md.
    Json,
}

/// How to print.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub format: Format,
    /// One line per section instead of line diffs.
    pub stat: bool,
    /// Context lines around each change.
    pub context: usize,
}

/// Writes `report` in the chosen format.
pub fn write(out: &mut dyn Write, report: &DiffReport, opts: Options) -> io::Result<()> {
    match opts.format {
        Format::Json => json::write(out, report, opts),
        _ if !report.has_changes() => writeln!(out, "no changes"),
        Format::Terminal => terminal::write(out, report, opts),
        Format::Markdown => markdown::write(out, report, opts),
    }
}

/// A value as a reader wants to see it: strings bare unless blank, padded
/// or multi-line (then JSON-quoted), everything else as compact JSON.
pub(crate) fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) if !s.is_empty() && !s.contains('\n') && s.trim() == s => s.clone(),
        other => other.to_string(),
    }
}

/// `1d → 2d`, `(none) → x`, `added a, b; removed c`, `reordered`.
pub(crate) fn delta_text(d: &Delta) -> String {
    let list = |items: &[Value]| items.iter().map(value_text).collect::<Vec<_>>().join(", ");
    match d {
        Delta::Set { old, new } => format!("{} → {}", value_text(old), value_text(new)),
        Delta::Added(v) => format!("(none) → {}", value_text(v)),
        Delta::Removed(v) => format!("{} → (none)", value_text(v)),
        Delta::Items { added, removed } => {
            let mut parts = Vec::new();
            if !added.is_empty() {
                parts.push(format!("added {}", list(added)));
            }
            if !removed.is_empty() {
                parts.push(format!("removed {}", list(removed)));
            }
            parts.join("; ")
        }
        Delta::Reordered => "reordered".into(),
    }
}

/// A key as shown: below the document's one H1 (`Risks > Matrix`, not
/// `Execution Plan > Risks > Matrix`); the H1 itself keeps its name.
fn shown_key<'k>(key: &'k str, h1: Option<&str>) -> &'k str {
    match h1 {
        Some(h1) => key
            .strip_prefix(h1)
            .and_then(|rest| rest.strip_prefix(" > "))
            .unwrap_or(key),
        None => key,
    }
}

/// A section's name in reports: its path below the H1, and the old path
/// when it changed.
pub(crate) fn section_name(doc: &DocDiff, s: &SectionDiff) -> String {
    let old = doc.old_key(s).map(|k| shown_key(k, doc.h1[0].as_deref()));
    let new = doc.new_key(s).map(|k| shown_key(k, doc.h1[1].as_deref()));
    let key = display_key(new.or(old).unwrap_or_default());
    match (old, new) {
        (Some(old), Some(new)) if old != new => format!("{key} (was {})", display_key(old)),
        _ => key.to_string(),
    }
}

/// What an entry's labels and hunks do not say, in words: a region shown
/// as lines, a whitespace-only change, front matter keys.
pub(crate) fn section_notes(s: &SectionDiff) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(r) = &s.region {
        notes.push(format!(
            "the section structure changed here (a code fence or heading opened or closed): \
             {} section{} before, {} after, shown as one line diff",
            r.old_sections,
            if r.old_sections == 1 { "" } else { "s" },
            r.new_sections
        ));
    }
    if s.whitespace {
        notes.push(
            "only whitespace changed (trailing spaces, blank lines or the final newline)".into(),
        );
    }
    for f in &s.fields {
        notes.push(format!("{}: {}", f.path, delta_text(&f.delta)));
    }
    notes
}

/// `renamed, changed`.
pub(crate) fn section_labels(s: &SectionDiff) -> String {
    s.labels().join(", ")
}

/// `introduced [X], [Y]; filled [Z]`, or `None`.
pub(crate) fn placeholder_text(s: &SectionDiff) -> Option<String> {
    let p = &s.placeholders;
    if p.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    if !p.introduced.is_empty() {
        parts.push(format!("introduced {}", p.introduced.join(", ")));
    }
    if !p.filled.is_empty() {
        parts.push(format!("filled {}", p.filled.join(", ")));
    }
    Some(parts.join("; "))
}

/// `3 targets, 9,000 of 30,000 tokens`.
pub(crate) fn allocation_text(a: Option<AllocationSummary>) -> String {
    match a {
        Some(a) => format!(
            "{} target{}, {} of {} tokens",
            a.targets,
            if a.targets == 1 { "" } else { "s" },
            thousands(a.tokens),
            thousands(a.token_budget)
        ),
        None => "(none)".into(),
    }
}

/// `3.0 (Critical)`.
fn score_text(s: Option<(f64, &str)>) -> String {
    match s {
        Some((score, level)) => format!("{score:.1} ({level})"),
        None => "(none)".into(),
    }
}

/// What changed in order, in words: the top risk, the critical path, the
/// tasks that became or stopped being critical.
pub(crate) fn order_sentences(c: &Consequences) -> Vec<String> {
    let mut out = Vec::new();
    if let [was, Some(now)] = &c.top_risk {
        if was.as_ref() != Some(now) {
            out.push(match was {
                Some(was) => format!("{now} is now the top risk (was {was})"),
                None => format!("{now} is now the top risk"),
            });
        }
    }
    if c.critical_path[0] != c.critical_path[1] && !c.critical_path[1].is_empty() {
        out.push(format!(
            "the critical path is now {}",
            c.critical_path[1].join(" → ")
        ));
    }
    let tasks = |ids: &[String]| ids.join(", ");
    match c.became_critical.as_slice() {
        [] => {}
        [one] => out.push(format!("{one} is now critical")),
        many => out.push(format!("{} are now critical", tasks(many))),
    }
    match c.left_critical.as_slice() {
        [] => {}
        [one] => out.push(format!("{one} is no longer critical")),
        many => out.push(format!("{} are no longer critical", tasks(many))),
    }
    out
}

/// Rows of the consequences table: what, before, after. The critical path
/// and total always (for plans with tasks); success probability, risks,
/// iteration estimates and allocations when they moved.
pub(crate) fn consequence_rows(c: &Consequences) -> Vec<(String, String, String)> {
    let path = |p: &[String]| {
        if p.is_empty() {
            "(no tasks)".to_string()
        } else {
            p.join(" → ")
        }
    };
    let mut rows = Vec::new();
    // A spec without tasks (a workflow of iterations) has no schedule.
    if !c.critical_path[0].is_empty() || !c.critical_path[1].is_empty() {
        rows.push((
            "critical path".into(),
            path(&c.critical_path[0]),
            path(&c.critical_path[1]),
        ));
        rows.push(("total duration".into(), c.total_text(0), c.total_text(1)));
    }
    if c.success[0] != c.success[1] {
        rows.push((
            "success probability".into(),
            format!("{}%", c.success[0]),
            format!("{}%", c.success[1]),
        ));
    }
    for RiskMove { id, old, new } in &c.risks {
        rows.push((
            format!("risk {id} score"),
            score_text(*old),
            score_text(*new),
        ));
    }
    let tokens =
        |t: Option<u64>| t.map_or_else(|| "(none)".into(), |t| format!("{} tokens", thousands(t)));
    for m in &c.iterations {
        if m.tokens[0] != m.tokens[1] {
            rows.push((
                format!("iteration {} estimate", m.name),
                tokens(m.tokens[0]),
                tokens(m.tokens[1]),
            ));
        }
        for a in &m.allocations {
            let what = format!("allocation {} / {}", m.name, a.agent);
            rows.push((what, allocation_text(a.old), allocation_text(a.new)));
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_are_quoted_only_when_bare_text_would_mislead() {
        assert_eq!(value_text(&json!("3d")), "3d");
        assert_eq!(value_text(&json!("")), "\"\"");
        assert_eq!(value_text(&json!("a\nb")), "\"a\\nb\"");
        assert_eq!(value_text(&json!(0.3)), "0.3");
    }

    #[test]
    fn list_changes_read_as_added_and_removed() {
        let d = Delta::Items {
            added: vec![json!("T4")],
            removed: vec![json!("T2"), json!("T3")],
        };
        assert_eq!(delta_text(&d), "added T4; removed T2, T3");
    }
}
