//! The keyed entities of a spec, as JSON values.
//!
//! In: a [`Plan`]. Out: per [`EntityKind`], its [`Entity`]s (key, rename
//! group, the value without its key field, a one-line summary), and the
//! rest of the spec as one value ([`settings_value`]). Shared by the
//! semantic diff and by the canonical listing `--textconv` prints.

use serde::Serialize;
use serde_json::Value;

use super::spec::EntityKind;
use crate::plan::Plan;

/// One keyed entity of a spec.
pub(super) struct Entity {
    pub key: String,
    /// Renames are looked for only within a group.
    pub group: String,
    pub value: Value,
    pub summary: Option<String>,
}

fn to_value(v: &impl Serialize) -> Value {
    // The spec types serialize to JSON without fail: plain structs, string keys.
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// `v` without its key field, and the text of `summary_field`.
fn entity(key: &str, v: &impl Serialize, drop: &str, summary_field: &str) -> Entity {
    let mut value = to_value(v);
    if let Some(m) = value.as_object_mut() {
        m.shift_remove(drop);
    }
    let summary = value
        .get(summary_field)
        .and_then(Value::as_str)
        .map(str::to_string);
    Entity {
        key: key.to_string(),
        group: String::new(),
        value,
        summary,
    }
}

/// The entities of one kind (none for settings: see [`settings_value`]).
pub(super) fn entities(plan: &Plan, kind: EntityKind) -> Vec<Entity> {
    let spec = &plan.spec;
    match kind {
        EntityKind::Agent => spec
            .agents
            .iter()
            .map(|a| entity(a.id.as_str(), a, "id", "name"))
            .collect(),
        EntityKind::Task => spec
            .tasks
            .iter()
            .map(|t| entity(t.id.as_str(), t, "id", "name"))
            .collect(),
        EntityKind::Phase => plan
            .phase_specs()
            .iter()
            .map(|p| entity(p.id.as_str(), p, "id", "name"))
            .collect(),
        EntityKind::Risk => spec
            .risks
            .iter()
            .map(|r| entity(r.id.as_str(), r, "id", "description"))
            .collect(),
        EntityKind::QualityGate => spec
            .quality
            .gates
            .iter()
            .map(|g| entity(g.id.as_str(), g, "id", "name"))
            .collect(),
        EntityKind::Iteration => iteration_entities(plan),
        EntityKind::Role => spec
            .agent_roles
            .iter()
            .map(|(k, r)| entity(k, r, "", "perspective"))
            .collect(),
        EntityKind::Deliverable => deliverable_entities(plan),
        EntityKind::Setting => Vec::new(),
    }
}

fn iteration_entities(plan: &Plan) -> Vec<Entity> {
    let iterations = plan.spec.workflow.iter().flat_map(|w| &w.iterations);
    iterations
        .map(|it| {
            let mut e = entity(it.name.as_str(), it, "name", "goal");
            // Deliverables are entities of their own.
            if let Some(Value::Array(agents)) = e.value.get_mut("agents") {
                for a in agents.iter_mut().filter_map(Value::as_object_mut) {
                    a.shift_remove("deliverables");
                }
            }
            e
        })
        .collect()
}

fn deliverable_entities(plan: &Plan) -> Vec<Entity> {
    let mut out = Vec::new();
    for it in plan.spec.workflow.iter().flat_map(|w| &w.iterations) {
        for a in &it.agents {
            for d in &a.deliverables {
                out.push(Entity {
                    key: format!("{} / {} / {d}", it.name, a.role),
                    group: format!("{} / {}", it.name, a.role),
                    value: Value::Object(Default::default()),
                    summary: None,
                });
            }
        }
    }
    out
}

/// The spec without what the entity kinds cover: the settings.
pub(super) fn settings_value(plan: &Plan) -> Value {
    let mut v = to_value(&plan.spec);
    if let Some(m) = v.as_object_mut() {
        for k in ["agents", "tasks", "phases", "risks", "agent_roles"] {
            m.shift_remove(k);
        }
    }
    if let Some(q) = v.get_mut("quality").and_then(Value::as_object_mut) {
        q.shift_remove("gates");
    }
    if let Some(w) = v.get_mut("workflow").and_then(Value::as_object_mut) {
        w.shift_remove("iterations");
    }
    v
}
