//! The JSON format: version 1 of the contract documented in `docs/diff.md`.
//! Fields are only ever added within a version; optional fields are
//! present with `null` rather than missing, so consumers can index freely.

use std::io::{self, Write};

use serde_json::{json, Value};

use super::Options;
use crate::diff::allocations::{AllocationSummary, IterationMove};
use crate::diff::document::{DocDiff, SectionDiff};
use crate::diff::fields::{Delta, FieldChange};
use crate::diff::spec::{Consequences, EntityChange, SpecDiff};
use crate::diff::DiffReport;

pub(super) fn write(out: &mut dyn Write, report: &DiffReport, opts: Options) -> io::Result<()> {
    let value = json!({
        "version": 1,
        "old": report.old,
        "new": report.new,
        "kind": report.kind.as_str(),
        "changed": report.has_changes(),
        "spec": report.spec.as_ref().map(spec),
        "documents": report.documents.iter().map(|d| document(d, opts)).collect::<Vec<_>>(),
    });
    writeln!(out, "{}", serde_json::to_string_pretty(&value)?)
}

fn spec(s: &SpecDiff) -> Value {
    json!({
        "entities": s.entities.iter().map(entity).collect::<Vec<_>>(),
        "consequences": consequences(&s.consequences),
    })
}

fn entity(e: &EntityChange) -> Value {
    json!({
        "kind": e.kind.as_str(),
        "change": e.change.as_str(),
        "key": e.key,
        "old_key": e.old_key,
        "summary": e.summary,
        "fields": e.fields.iter().map(field).collect::<Vec<_>>(),
    })
}

fn field(f: &FieldChange) -> Value {
    let (change, old, new, added, removed) = match &f.delta {
        Delta::Set { old, new } => ("set", old.clone(), new.clone(), vec![], vec![]),
        Delta::Added(v) => ("added", Value::Null, v.clone(), vec![], vec![]),
        Delta::Removed(v) => ("removed", v.clone(), Value::Null, vec![], vec![]),
        Delta::Items { added, removed } => (
            "items",
            Value::Null,
            Value::Null,
            added.clone(),
            removed.clone(),
        ),
        Delta::Reordered => ("reordered", Value::Null, Value::Null, vec![], vec![]),
    };
    json!({"path": f.path, "change": change, "old": old, "new": new, "added": added, "removed": removed})
}

fn consequences(c: &Consequences) -> Value {
    let score = |s: Option<(f64, &str)>| {
        s.map(|(score, level)| {
            // Two decimals, as in the documents (0.2 × 3 is 0.6000000000000001).
            json!({"score": (score * 100.0).round() / 100.0, "level": level})
        })
    };
    json!({
        "critical_path": {"old": c.critical_path[0], "new": c.critical_path[1]},
        "total_minutes": {"old": c.total[0], "new": c.total[1]},
        "total": {"old": c.total_text(0), "new": c.total_text(1)},
        "success_probability": {"old": c.success[0], "new": c.success[1]},
        "risks": c.risks.iter().map(|r| json!({"id": r.id, "old": score(r.old), "new": score(r.new)})).collect::<Vec<_>>(),
        "iterations": c.iterations.iter().map(iteration).collect::<Vec<_>>(),
        "top_risk": {"old": c.top_risk[0], "new": c.top_risk[1]},
        "critical": {"became": c.became_critical, "left": c.left_critical},
        "order": super::order_sentences(c),
    })
}

fn iteration(m: &IterationMove) -> Value {
    let summary = |a: Option<AllocationSummary>| {
        a.map(|a| json!({"targets": a.targets, "tokens": a.tokens, "token_budget": a.token_budget}))
    };
    json!({
        "name": m.name,
        "old_tokens": m.tokens[0],
        "new_tokens": m.tokens[1],
        "allocations": m.allocations.iter().map(|a| json!({
            "agent": a.agent,
            "old": summary(a.old),
            "new": summary(a.new),
        })).collect::<Vec<_>>(),
    })
}

fn document(d: &DocDiff, opts: Options) -> Value {
    json!({
        "path": d.path,
        "change": d.change.as_str(),
        "added_lines": d.added_lines,
        "removed_lines": d.removed_lines,
        "notes": d.notes,
        "sections": d.sections.iter().map(|s| section(d, s, opts)).collect::<Vec<_>>(),
    })
}

fn section(d: &DocDiff, s: &SectionDiff, opts: Options) -> Value {
    let hunks = if opts.stat {
        Value::Null
    } else if !s.shows_lines() {
        Value::from(Vec::<Value>::new())
    } else {
        let list: Vec<Value> = s
            .hunks
            .iter()
            .map(|h| {
                json!({
                    "header": h.header(),
                    "old_start": h.old_start,
                    "old_lines": h.old_len,
                    "new_start": h.new_start,
                    "new_lines": h.new_len,
                    "lines": h.lines.iter().map(|l| format!("{}{}", l.tag.sign(), l.text())).collect::<Vec<_>>(),
                })
            })
            .collect();
        Value::from(list)
    };
    json!({
        "path": d.key(s),
        "old_path": d.old_key(s),
        "changes": s.labels(),
        "added_lines": s.added_lines,
        "removed_lines": s.removed_lines,
        "placeholders": {"introduced": s.placeholders.introduced, "filled": s.placeholders.filled},
        "notes": super::section_notes(s),
        "front_matter": s.fields.iter().map(field).collect::<Vec<_>>(),
        "region": s.region.as_ref().map(|r| json!({"old_sections": r.old_sections, "new_sections": r.new_sections})),
        "hunks": hunks,
    })
}
