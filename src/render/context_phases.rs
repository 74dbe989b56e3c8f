//! Context for phases, the execution sequence and the streams (part of the
//! one context builder; see `context`).

use serde::Serialize;

use super::context::names;
use crate::plan::{Plan, Wait};

/// A phase as the templates see it.
#[derive(Serialize)]
pub(super) struct PhaseRow<'a> {
    key: String,
    name: &'a str,
    /// Time box and computed span side by side.
    duration: String,
    time_box: String,
    span: String,
    overrun: Option<String>,
    participants: String,
    participant_names: Vec<String>,
    activities: &'a [String],
    deliverables: Vec<DeliverableRow<'a>>,
    deliverable_names: Vec<&'a str>,
    checkpoints: String,
}

#[derive(Serialize)]
pub(super) struct DeliverableRow<'a> {
    name: &'a str,
    agent: String,
}

pub(super) fn phases(plan: &Plan) -> Vec<PhaseRow<'_>> {
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
            let time_box = ph.time_box.clone().unwrap_or_else(|| "none".into());
            let span = match (ph.start, ph.finish) {
                (Some(a), Some(f)) => format!(
                    "{} ({} - {})",
                    plan.duration(f - a),
                    plan.clock.start(a),
                    plan.clock.end(a, f)
                ),
                _ => "no tasks".into(),
            };
            let overrun = ph.overrun.map(|o| plan.duration(o));
            let delivered: Vec<&(String, String)> = deliverables_of(plan, ph).collect();
            let boxed = match &ph.time_box {
                Some(b) => format!("time box {b}"),
                None => "no time box".into(),
            };
            let duration = match &overrun {
                Some(o) => format!("{boxed}; computed {span}, {o} over"),
                None => format!("{boxed}; computed {span}"),
            };
            PhaseRow {
                key,
                name: &ph.name,
                duration,
                time_box,
                span,
                overrun,
                participants: names(plan, &ph.participants),
                participant_names: ph.participants.iter().map(|a| plan.agent_name(a)).collect(),
                activities: &ph.activities,
                deliverable_names: delivered.iter().map(|(d, _)| d.as_str()).collect(),
                deliverables: delivered
                    .iter()
                    .map(|(d, a)| DeliverableRow {
                        name: d,
                        agent: plan.agent_name(a),
                    })
                    .collect(),
                checkpoints: ph.checkpoints.join("; "),
            }
        })
        .collect()
}

/// `Quality Assurance & Validation` → `Quality_Assurance_Validation_Phase`.
/// A phase's deliverables, one kind of item: what is delivered (a document
/// or a path), never a task label standing in for a task that names none.
fn deliverables_of<'a>(
    plan: &'a Plan,
    ph: &'a crate::plan::PhaseView,
) -> impl Iterator<Item = &'a (String, String)> + 'a {
    // Built once per phase: a check per deliverable against every task of
    // the phase would be quadratic in large phases.
    let labels: std::collections::HashSet<String> = ph
        .tasks
        .iter()
        .map(|&t| format!("{}: {}", plan.tasks[t].id, plan.tasks[t].name))
        .collect();
    ph.deliverables
        .iter()
        .filter(move |(d, _)| !labels.contains(d.as_str()))
}

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

/// A row of the execution sequence.
#[derive(Serialize)]
pub(super) struct TaskRow<'a> {
    seq: String,
    id: &'a str,
    name: &'a str,
    agent: String,
    supporting: String,
    duration: String,
    depends_on: String,
    gates: String,
    start: String,
    end: String,
    slack: String,
    waited: String,
    deliverables: Vec<&'a str>,
    critical: bool,
}

pub(super) fn tasks(plan: &Plan) -> Vec<TaskRow<'_>> {
    let width = plan.tasks.len().to_string().len().max(3);
    let join = |v: &[String]| {
        if v.is_empty() {
            "None".to_string()
        } else {
            v.join(", ")
        }
    };
    let sched = &plan.schedule;
    plan.schedule
        .order
        .iter()
        .enumerate()
        .map(|(i, &t)| {
            let task = &plan.tasks[t];
            let (s, f) = (sched.start[t], sched.finish[t]);
            let waited = match sched.waited[t] {
                Wait::Nothing => "Plan start".to_string(),
                Wait::Dependency(d) => plan.tasks[d].id.clone(),
                Wait::Agent { agent, after } => format!(
                    "{} (free after {})",
                    plan.agents[agent].name, plan.tasks[after].id
                ),
            };
            TaskRow {
                seq: format!("{:0width$}", i + 1),
                id: task.id.as_str(),
                name: &task.name,
                agent: plan.agent_name(&task.agent),
                supporting: names(plan, &task.supporting),
                duration: plan.duration(task.minutes),
                depends_on: join(&task.depends_on),
                gates: join(&task.quality_gates),
                start: plan.clock.start(s),
                end: plan.clock.end(s, f),
                slack: plan.duration(sched.slack[t]),
                waited,
                deliverables: task.deliverables.iter().map(String::as_str).collect(),
                critical: sched.critical[t],
            }
        })
        .collect()
}

/// A parallel stream row.
#[derive(Serialize)]
pub(super) struct StreamRow<'a> {
    id: &'a str,
    name: &'a str,
    agents: String,
    duration: String,
    sync_points: String,
    integration: &'a str,
}

pub(super) fn streams(plan: &Plan) -> Vec<StreamRow<'_>> {
    plan.streams
        .iter()
        .map(|s| StreamRow {
            id: &s.id,
            name: &s.name,
            agents: names(plan, &s.agents),
            duration: format!(
                "{} ({} task{})",
                plan.duration(s.finish - s.start),
                s.tasks.len(),
                if s.tasks.len() == 1 { "" } else { "s" }
            ),
            sync_points: if s.sync_points.is_empty() {
                "None".to_string()
            } else {
                s.sync_points.join("; ")
            },
            integration: &s.integration,
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
