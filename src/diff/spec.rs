//! The semantic diff of two specs.
//!
//! In: the [`Plan`]s of two valid specs. Out: a [`SpecDiff`]: entity
//! changes, then their consequences for the computed plan (schedule, risk
//! scores, iteration token estimates and allocations).
//!
//! Entities are matched by key, never by position, so reordering alone is
//! no change: agents, tasks, phases (with defaults applied), risks and
//! quality gates by `id`; iterations by `name`; roles by their
//! `agent_roles` key; deliverables by their path pattern within iteration
//! and role. An entity removed and another added of the same kind (and,
//! for deliverables, the same iteration and role) whose other fields are at
//! least [`RENAME_SIMILARITY`] alike (share of equal leaf fields) are one
//! renamed entity. Everything else in the spec is compared as *settings*,
//! one per top-level key (`project`, `communication`, ...). Output is sorted
//! by kind, then key in natural order (`T9` before `T10`).

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::allocations::{self, IterationMove};
use super::entities::{entities, settings_value, Entity};
use super::fields::{self, FieldChange};
use crate::plan::{format_minutes, natural_cmp, Plan};

/// Least share of equal fields for a removed and an added entity to be one
/// renamed entity.
pub const RENAME_SIMILARITY: f64 = 0.7;

/// Kinds of spec entity, in report order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum EntityKind {
    Agent,
    Task,
    Phase,
    Risk,
    QualityGate,
    Iteration,
    Role,
    Deliverable,
    Setting,
}

impl EntityKind {
    /// The kinds matched entity by entity (settings are compared per key).
    pub const MATCHED: [EntityKind; 8] = [
        EntityKind::Agent,
        EntityKind::Task,
        EntityKind::Phase,
        EntityKind::Risk,
        EntityKind::QualityGate,
        EntityKind::Iteration,
        EntityKind::Role,
        EntityKind::Deliverable,
    ];

    /// Name in reports (also the JSON `kind`).
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Agent => "agent",
            EntityKind::Task => "task",
            EntityKind::Phase => "phase",
            EntityKind::Risk => "risk",
            EntityKind::QualityGate => "quality_gate",
            EntityKind::Iteration => "iteration",
            EntityKind::Role => "role",
            EntityKind::Deliverable => "deliverable",
            EntityKind::Setting => "setting",
        }
    }
}

/// What happened to an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Added,
    Removed,
    Changed,
    Renamed,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Changed => "changed",
            Change::Renamed => "renamed",
        }
    }
}

/// One entity that changed.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityChange {
    pub kind: EntityKind,
    pub change: Change,
    /// The key (the new one for a rename).
    pub key: String,
    /// The old key of a renamed entity.
    pub old_key: Option<String>,
    /// A name or description, for added and removed entities.
    pub summary: Option<String>,
    /// Field changes (changed and renamed entities).
    pub fields: Vec<FieldChange>,
}

/// A risk whose score moved; `None` on the side it is missing from.
#[derive(Debug, Clone, PartialEq)]
pub struct RiskMove {
    pub id: String,
    pub old: Option<(f64, &'static str)>,
    pub new: Option<(f64, &'static str)>,
}

/// What the entity changes do to the computed plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Consequences {
    /// Task ids of the critical path, before and after.
    pub critical_path: [Vec<String>; 2],
    /// Total duration in minutes, before and after.
    pub total: [u64; 2],
    /// Success probability in percent, before and after.
    pub success: [f64; 2],
    /// Risks whose score changed, appeared or disappeared, by new id.
    pub risks: Vec<RiskMove>,
    /// Iterations whose token estimate or allocations changed.
    pub iterations: Vec<IterationMove>,
}

impl Consequences {
    pub fn total_text(&self, side: usize) -> String {
        format_minutes(self.total[side])
    }
}

/// The semantic diff of two specs.
#[derive(Debug, Clone, PartialEq)]
pub struct SpecDiff {
    pub entities: Vec<EntityChange>,
    pub consequences: Consequences,
}

/// Diffs two plans: entities, then consequences.
pub fn diff_plans(old: &Plan, new: &Plan) -> SpecDiff {
    let mut changes = Vec::new();
    for kind in EntityKind::MATCHED {
        changes.extend(diff_kind(kind, entities(old, kind), entities(new, kind)));
    }
    changes.extend(settings(old, new));
    let consequences = consequences(old, new, &changes);
    SpecDiff {
        entities: changes,
        consequences,
    }
}

fn diff_kind(kind: EntityKind, old: Vec<Entity>, new: Vec<Entity>) -> Vec<EntityChange> {
    let change = |change, e: &Entity, old_key: Option<String>, fields| EntityChange {
        kind,
        change,
        key: e.key.clone(),
        old_key,
        summary: e.summary.clone(),
        fields,
    };
    let mut out = Vec::new();
    let old_keys: HashMap<&str, &Entity> = old.iter().map(|e| (e.key.as_str(), e)).collect();
    let new_keys: HashMap<&str, &Entity> = new.iter().map(|e| (e.key.as_str(), e)).collect();
    let removed: Vec<&Entity> = old
        .iter()
        .filter(|o| !new_keys.contains_key(o.key.as_str()))
        .collect();
    let added: Vec<&Entity> = new
        .iter()
        .filter(|n| !old_keys.contains_key(n.key.as_str()))
        .collect();
    for o in &old {
        if let Some(n) = new_keys.get(o.key.as_str()) {
            let f = fields::compare(&o.value, &n.value);
            if !f.is_empty() {
                out.push(change(Change::Changed, n, None, f));
            }
        }
    }
    let renames = rename_pairs(&removed, &added);
    for (r, a) in &renames {
        let (o, n) = (removed[*r], added[*a]);
        out.push(change(
            Change::Renamed,
            n,
            Some(o.key.clone()),
            fields::compare(&o.value, &n.value),
        ));
    }
    let renamed_old: HashSet<usize> = renames.iter().map(|p| p.0).collect();
    let renamed_new: HashSet<usize> = renames.iter().map(|p| p.1).collect();
    for (_, o) in removed
        .iter()
        .enumerate()
        .filter(|(i, _)| !renamed_old.contains(i))
    {
        out.push(change(Change::Removed, o, None, Vec::new()));
    }
    for (_, n) in added
        .iter()
        .enumerate()
        .filter(|(i, _)| !renamed_new.contains(i))
    {
        out.push(change(Change::Added, n, None, Vec::new()));
    }
    out.sort_by(|a, b| {
        natural_cmp(&a.key, &b.key).then_with(|| a.change.as_str().cmp(b.change.as_str()))
    });
    out
}

/// Greedy pairing of removed and added entities, most similar first.
fn rename_pairs(removed: &[&Entity], added: &[&Entity]) -> Vec<(usize, usize)> {
    let mut candidates = Vec::new();
    for (r, o) in removed.iter().enumerate() {
        for (a, n) in added.iter().enumerate().filter(|(_, n)| n.group == o.group) {
            // Entities that are nothing but their key (deliverables) are
            // alike when their keys are.
            let s = if is_bare(&o.value) && is_bare(&n.value) {
                strsim::normalized_levenshtein(&o.key, &n.key)
            } else {
                fields::similarity(&o.value, &n.value)
            };
            if s >= RENAME_SIMILARITY {
                candidates.push((s, r, a));
            }
        }
    }
    candidates.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    let (mut used_r, mut used_a) = (vec![false; removed.len()], vec![false; added.len()]);
    let mut out = Vec::new();
    for (_, r, a) in candidates {
        if !used_r[r] && !used_a[a] {
            used_r[r] = true;
            used_a[a] = true;
            out.push((r, a));
        }
    }
    out
}

fn is_bare(v: &Value) -> bool {
    v.as_object().is_some_and(|m| m.is_empty())
}

/// Every top-level key not covered by an entity kind, one setting each.
fn settings(old: &Plan, new: &Plan) -> Vec<EntityChange> {
    let mut out: Vec<EntityChange> = Vec::new();
    for f in fields::compare(&settings_value(old), &settings_value(new)) {
        let (top, rest) = match f.path.find(['.', '[']) {
            Some(i) => (&f.path[..i], f.path[i..].trim_start_matches('.')),
            None => (f.path.as_str(), ""),
        };
        let field = FieldChange {
            path: rest.to_string(),
            delta: f.delta.clone(),
        };
        match out.last_mut() {
            Some(last) if last.key == top => last.fields.push(field),
            _ => out.push(EntityChange {
                kind: EntityKind::Setting,
                change: Change::Changed,
                key: top.to_string(),
                old_key: None,
                summary: None,
                fields: vec![field],
            }),
        }
    }
    out
}

fn consequences(old: &Plan, new: &Plan, changes: &[EntityChange]) -> Consequences {
    let path = |p: &Plan| {
        p.schedule
            .critical_path
            .iter()
            .map(|&i| p.tasks[i].id.clone())
            .collect::<Vec<_>>()
    };
    let scores = |p: &Plan| {
        p.risks
            .iter()
            .map(|r| (r.risk.id.to_string(), (r.score, r.level)))
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    let (before, after) = (scores(old), scores(new));
    let renamed_from = |id: &str| {
        changes
            .iter()
            .find(|c| c.kind == EntityKind::Risk && c.change == Change::Renamed && c.key == id)
            .and_then(|c| c.old_key.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let mut risks: Vec<RiskMove> = Vec::new();
    for (id, score) in &after {
        let was = before.get(&renamed_from(id)).copied();
        if was.map(|w| w.0) != Some(score.0) {
            risks.push(RiskMove {
                id: id.clone(),
                old: was,
                new: Some(*score),
            });
        }
    }
    let renamed: Vec<String> = after.keys().map(|id| renamed_from(id)).collect();
    for (id, score) in before.iter().filter(|(id, _)| !renamed.contains(id)) {
        risks.push(RiskMove {
            id: id.clone(),
            old: Some(*score),
            new: None,
        });
    }
    risks.sort_by(|a, b| natural_cmp(&a.id, &b.id));
    let renamed_iterations: std::collections::BTreeMap<String, String> = changes
        .iter()
        .filter(|c| c.kind == EntityKind::Iteration && c.change == Change::Renamed)
        .filter_map(|c| Some((c.key.clone(), c.old_key.clone()?)))
        .collect();
    Consequences {
        critical_path: [path(old), path(new)],
        total: [old.schedule.total, new.schedule.total],
        success: [
            old.project.success_probability,
            new.project.success_probability,
        ],
        risks,
        iterations: allocations::moves(&old.iterations, &new.iterations, &renamed_iterations),
    }
}
