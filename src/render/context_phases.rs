//! Context for phases, the execution sequence and the streams (part of the
//! one context builder; see `context`).

use serde_json::{json, Value};

use super::context::names;
use crate::plan::{format_minutes, Plan};

pub(super) fn phases(plan: &Plan) -> Value {
    let mut keys = std::collections::HashSet::new();
    plan.phases
        .iter()
        .map(|ph| {
            // Two phases with the same name must not become duplicate YAML keys.
            let base = yaml_key(&ph.name);
            let mut key = base.clone();
            let mut n = 2;
            while !keys.insert(key.clone()) {
                key = format!("{base}_{n}");
                n += 1;
            }
            let participant_names: Vec<String> = ph.participants.iter().map(|a| plan.agent_name(a)).collect();
            let duration = match (ph.start, ph.finish) {
                (Some(s), Some(f)) if plan.clock.has_dates() => format!("{} ({} - {})", ph.duration, plan.clock.start(s), plan.clock.end(s, f)),
                _ => ph.duration.clone(),
            };
            json!({
                "key": key,
                "name": ph.name,
                "duration": duration,
                "participants": names(plan, &ph.participants),
                "participant_names": participant_names,
                "activities": ph.activities,
                "deliverables": ph.deliverables.iter().map(|(d, a)| json!({"name": d, "agent": plan.agent_name(a)})).collect::<Vec<_>>(),
                "deliverable_names": ph.deliverables.iter().map(|(d, _)| d.clone()).collect::<Vec<_>>(),
                "checkpoints": ph.checkpoints.join("; "),
            })
        })
        .collect()
}

/// `Quality Assurance & Validation` → `Quality_Assurance_Validation_Phase`.
pub(super) fn yaml_key(name: &str) -> String {
    let words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        })
        .collect();
    let mut key = words.join("_");
    if key.is_empty() {
        key = "Unnamed".into();
    }
    if !key.ends_with("_Phase") && key != "Phase" {
        key.push_str("_Phase");
    }
    key
}

pub(super) fn tasks(plan: &Plan) -> Value {
    let critical: std::collections::HashSet<usize> =
        plan.schedule.critical_path.iter().copied().collect();
    let width = plan.spec.tasks.len().to_string().len().max(3);
    plan.schedule
        .order
        .iter()
        .enumerate()
        .map(|(i, &t)| {
            let task = &plan.spec.tasks[t];
            let join = |v: &[crate::spec::Id]| {
                if v.is_empty() {
                    "None".to_string()
                } else {
                    v.iter().map(|x| x.0.clone()).collect::<Vec<_>>().join(", ")
                }
            };
            let supporting: Vec<String> = task.supporting.iter().map(|s| s.0.clone()).collect();
            let (s, f) = (plan.schedule.start[t], plan.schedule.finish[t]);
            json!({
                "seq": format!("{:0width$}", i + 1),
                "id": task.id.0,
                "name": task.name,
                "agent": plan.agent_name(task.agent.as_str()),
                "supporting": names(plan, &supporting),
                "duration": format_minutes(task.duration.minutes()),
                "depends_on": join(&task.depends_on),
                "gates": join(&task.quality_gates),
                "start": plan.clock.start(s),
                "end": plan.clock.end(s, f),
                "critical": critical.contains(&t),
            })
        })
        .collect()
}

pub(super) fn streams(plan: &Plan) -> Value {
    plan.streams
        .iter()
        .map(|s| {
            json!({
                "id": s.id,
                "name": s.name,
                "agents": names(plan, &s.agents),
                "duration": format!("{} ({} task{})", format_minutes(s.finish - s.start), s.tasks.len(), if s.tasks.len() == 1 { "" } else { "s" }),
                "sync_points": if s.sync_points.is_empty() { "None".to_string() } else { s.sync_points.join("; ") },
                "integration": s.integration,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::yaml_key;

    #[test]
    fn phase_names_become_yaml_keys() {
        assert_eq!(
            yaml_key("Quality Assurance & Validation"),
            "Quality_Assurance_Validation_Phase"
        );
        assert_eq!(yaml_key("Execution Phase"), "Execution_Phase");
        assert_eq!(yaml_key("***"), "Unnamed_Phase");
    }
}
