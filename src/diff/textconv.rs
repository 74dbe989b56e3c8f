//! `planforge diff --textconv FILE`: a spec as a canonical listing, for
//! git's `diff.<driver>.textconv`.
//!
//! In: a valid spec's [`Plan`]. Out: one line per field,
//! `kind key: field = value`, entities sorted by kind and key (natural
//! order), lists whose order carries no meaning sorted, then the computed
//! critical path, total duration, success probability, risk scores and
//! iteration token estimates and allocations. A
//! line diff of two listings therefore shows field changes and their
//! consequences, and no reordering. Markdown and other text pass through
//! unchanged.

use serde_json::Value;

use super::allocations::AllocationSummary;
use super::entities::{entities, settings_value};
use super::fields::UNORDERED;
use super::format::{allocation_text, value_text};
use super::spec::EntityKind;
use crate::plan::{format_minutes, natural_cmp, Plan};

/// The canonical listing of `plan`.
pub fn canonical(plan: &Plan) -> String {
    let mut out = String::new();
    for kind in EntityKind::MATCHED {
        let mut list = entities(plan, kind);
        list.sort_by(|a, b| natural_cmp(&a.key, &b.key));
        for e in list {
            let head = format!("{} {}", kind.as_str(), e.key);
            write_fields(&mut out, &head, &e.value);
        }
    }
    if let Value::Object(settings) = settings_value(plan) {
        for (key, value) in &settings {
            write_fields(&mut out, &format!("setting {key}"), value);
        }
    }
    let path: Vec<&str> = plan
        .schedule
        .critical_path
        .iter()
        .map(|&i| plan.tasks[i].id.as_str())
        .collect();
    out.push_str(&format!("plan critical_path = {}\n", path.join(" → ")));
    out.push_str(&format!(
        "plan total = {}\n",
        format_minutes(plan.schedule.total)
    ));
    out.push_str(&format!(
        "plan success_probability = {}%\n",
        plan.project.success_probability
    ));
    for it in &plan.iterations {
        out.push_str(&format!("iteration {} tokens = {}\n", it.name, it.tokens()));
        for a in &it.allocations {
            let summary = allocation_text(Some(AllocationSummary {
                targets: a.targets.len(),
                tokens: a.tokens,
                token_budget: a.token_budget,
            }));
            out.push_str(&format!(
                "allocation {} / {} = {summary}\n",
                it.name, a.agent
            ));
        }
    }
    for r in &plan.risks {
        out.push_str(&format!(
            "risk {} score = {:.2} ({})\n",
            r.risk.id, r.score, r.level
        ));
    }
    out
}

/// `head: path = value` per leaf of `value`; `head` alone when it has none.
fn write_fields(out: &mut String, head: &str, value: &Value) {
    let mut leaves = Vec::new();
    flatten("", value, &mut leaves);
    if leaves.is_empty() {
        out.push_str(head);
        out.push('\n');
    }
    for (path, text) in leaves {
        match path.as_str() {
            "" => out.push_str(&format!("{head} = {text}\n")),
            _ => out.push_str(&format!("{head}: {path} = {text}\n")),
        }
    }
}

fn flatten(path: &str, v: &Value, out: &mut Vec<(String, String)>) {
    let join = |k: &str| {
        if path.is_empty() {
            k.to_string()
        } else {
            format!("{path}.{k}")
        }
    };
    match v {
        Value::Object(m) => m.iter().for_each(|(k, x)| flatten(&join(k), x, out)),
        Value::Array(items) if items.iter().any(|x| x.is_object() || x.is_array()) => {
            for (i, x) in items.iter().enumerate() {
                let key = ["id", "name", "role", "scenario"]
                    .iter()
                    .find_map(|k| x.get(k).and_then(Value::as_str))
                    .map_or_else(|| i.to_string(), str::to_string);
                flatten(&format!("{path}[{key}]"), x, out);
            }
        }
        Value::Array(items) => {
            let mut texts: Vec<String> = items.iter().map(value_text).collect();
            let field = path.rsplit('.').next().unwrap_or(path);
            if UNORDERED.contains(&field) {
                texts.sort_by(|a, b| natural_cmp(a, b));
            }
            out.push((path.to_string(), format!("[{}]", texts.join(", "))));
        }
        other => out.push((path.to_string(), value_text(other))),
    }
}
