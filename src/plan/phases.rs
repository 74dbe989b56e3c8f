//! Phases with their tasks, and the coordination patterns.
//!
//! A task belongs to its `phase`; without one, to the phase of its
//! latest-finishing dependency; without dependencies, to the execution
//! phase (`coordination-launch` among the default phases, else the first).
//! A phase with tasks lasts from its first start to its last finish.

use std::collections::{BTreeSet, HashMap};

use super::agents::AgentView;
use super::defaults::DEFAULT_EXECUTION_PHASE;
use super::schedule::Schedule;
use super::streams::StreamView;
use super::time::format_minutes;
use crate::spec::{CoordinationKind, Phase, RawSpec, Tier};
use crate::validate::{ALL, LEAD};

/// A phase with defaults applied.
#[derive(Debug, Clone, PartialEq)]
pub struct PhaseView {
    pub id: String,
    pub name: String,
    /// Computed span, or the time box, or a sentence.
    pub duration: String,
    pub start: Option<u64>,
    pub finish: Option<u64>,
    pub tasks: Vec<usize>,
    /// Agent ids (`all` when everyone takes part).
    pub participants: Vec<String>,
    pub activities: Vec<String>,
    /// Deliverable and the agent id producing it (`lead` by default).
    pub deliverables: Vec<(String, String)>,
    pub checkpoints: Vec<String>,
}

pub(super) fn views(
    spec: &RawSpec,
    phases: &[Phase],
    defaulted: bool,
    s: &Schedule,
    deps: &[Vec<usize>],
) -> Vec<PhaseView> {
    let index: HashMap<&str, usize> = phases
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    let fallback = if defaulted {
        index.get(DEFAULT_EXECUTION_PHASE).copied().unwrap_or(0)
    } else {
        0
    };
    let mut phase_of = vec![fallback; spec.tasks.len()];
    let mut members = vec![Vec::new(); phases.len()];
    for &t in &s.order {
        let task = &spec.tasks[t];
        phase_of[t] = match task.phase.as_ref().and_then(|p| index.get(p.as_str())) {
            Some(&p) => p,
            None => deps[t]
                .iter()
                .max_by_key(|&&d| (s.finish[d], std::cmp::Reverse(d)))
                .map_or(fallback, |&d| phase_of[d]),
        };
        if !phases.is_empty() {
            members[phase_of[t]].push(t);
        }
    }
    phases
        .iter()
        .zip(members)
        .map(|(p, tasks)| {
            let start = tasks.iter().map(|&t| s.start[t]).min();
            let finish = tasks.iter().map(|&t| s.finish[t]).max();
            let duration = match (start, finish) {
                (Some(a), Some(b)) => format_minutes(b - a),
                _ => p
                    .time_box
                    .clone()
                    .unwrap_or_else(|| "Not time-boxed".into()),
            };
            let participants = if !p.participants.is_empty() {
                p.participants.iter().map(|a| a.0.clone()).collect()
            } else {
                let from_tasks = task_agents(spec, &tasks);
                if from_tasks.is_empty() {
                    vec![ALL.to_string()]
                } else {
                    from_tasks
                }
            };
            let mut deliverables: Vec<(String, String)> = p
                .deliverables
                .iter()
                .map(|d| {
                    (
                        d.name.clone(),
                        d.agent.as_ref().map_or(LEAD.to_string(), |a| a.0.clone()),
                    )
                })
                .collect();
            if deliverables.is_empty() || defaulted {
                deliverables.extend(tasks.iter().map(|&t| {
                    let task = &spec.tasks[t];
                    (
                        task.deliverable
                            .clone()
                            .unwrap_or_else(|| format!("{}: {}", task.id, task.name)),
                        task.agent.0.clone(),
                    )
                }));
            }
            let checkpoints = if p.checkpoints.is_empty() {
                default_checkpoints(spec, &tasks)
            } else {
                p.checkpoints.clone()
            };
            PhaseView {
                id: p.id.0.clone(),
                name: p.name.clone(),
                duration,
                start,
                finish,
                tasks,
                participants,
                activities: p.activities.clone(),
                deliverables,
                checkpoints,
            }
        })
        .collect()
}

fn task_agents(spec: &RawSpec, tasks: &[usize]) -> Vec<String> {
    let mut seen = BTreeSet::new();
    tasks
        .iter()
        .flat_map(|&t| std::iter::once(&spec.tasks[t].agent).chain(&spec.tasks[t].supporting))
        .filter(|a| seen.insert(a.0.clone()))
        .map(|a| a.0.clone())
        .collect()
}

fn default_checkpoints(spec: &RawSpec, tasks: &[usize]) -> Vec<String> {
    let gates: BTreeSet<&str> = tasks
        .iter()
        .flat_map(|&t| spec.tasks[t].quality_gates.iter().map(|g| g.as_str()))
        .collect();
    let mut out = Vec::new();
    if !gates.is_empty() {
        out.push(format!(
            "Quality gates {}",
            gates.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    out.push(if tasks.is_empty() {
        "Phase start and end, chaired by the lead orchestrator".into()
    } else {
        "Phase review when its last task finishes, chaired by the lead orchestrator".into()
    });
    out
}

/// A coordination pattern as shown in the framework.
#[derive(Debug, Clone, PartialEq)]
pub struct CoordinationView {
    pub kind: CoordinationKind,
    pub description: String,
    pub agents: Vec<String>,
    pub method: String,
    pub success_criteria: String,
}

/// The spec's coordination patterns, or the four kinds computed from the plan:
/// sequential (leads of critical-path tasks), parallel (agents of streams
/// beside the critical one), hierarchical (the lead and the primary tier),
/// peer-to-peer (leads and supporters of tasks with supporting agents).
pub(super) fn coordination(
    spec: &RawSpec,
    agents: &[AgentView],
    s: &Schedule,
    streams: &[StreamView],
) -> Vec<CoordinationView> {
    if let Some(given) = &spec.coordination_patterns {
        return given
            .iter()
            .map(|c| CoordinationView {
                kind: c.kind,
                description: c.description.clone(),
                agents: c.agents.iter().map(|a| a.0.clone()).collect(),
                method: c.method.clone(),
                success_criteria: c.success_criteria.clone(),
            })
            .collect();
    }
    let uniq = |ids: Vec<String>| {
        let mut seen = BTreeSet::new();
        ids.into_iter()
            .filter(|i| seen.insert(i.clone()))
            .collect::<Vec<_>>()
    };
    let sequential = uniq(
        s.critical_path
            .iter()
            .map(|&t| spec.tasks[t].agent.0.clone())
            .collect(),
    );
    let critical: BTreeSet<usize> = s.critical_path.iter().copied().collect();
    let parallel = uniq(
        streams
            .iter()
            .filter(|st| !st.tasks.iter().any(|t| critical.contains(t)))
            .flat_map(|st| st.agents.clone())
            .collect(),
    );
    let mut hierarchical = vec![LEAD.to_string()];
    hierarchical.extend(
        agents
            .iter()
            .filter(|a| a.tier == Tier::Primary)
            .map(|a| a.id.clone()),
    );
    let peer = uniq(
        spec.tasks
            .iter()
            .filter(|t| !t.supporting.is_empty())
            .flat_map(|t| std::iter::once(&t.agent).chain(&t.supporting))
            .map(|a| a.0.clone())
            .collect(),
    );
    vec![
        CoordinationView {
            kind: CoordinationKind::Sequential,
            description: "Handoffs along the critical path".into(),
            agents: sequential,
            method: "Each task starts when the tasks it depends on have finished".into(),
            success_criteria: format!(
                "The critical path finishes within {}",
                format_minutes(s.total)
            ),
        },
        CoordinationView {
            kind: CoordinationKind::Parallel,
            description: "Streams that run beside the critical path".into(),
            agents: parallel,
            method: "Independent work joined at the streams' synchronization points".into(),
            success_criteria: "Streams integrate without rework or waiting".into(),
        },
        CoordinationView {
            kind: CoordinationKind::Hierarchical,
            description: "The lead orchestrator directs the primary agents".into(),
            agents: hierarchical,
            method: "Assignments, escalations and reallocations through the lead orchestrator"
                .into(),
            success_criteria: "Every escalation is decided within a day".into(),
        },
        CoordinationView {
            kind: CoordinationKind::PeerToPeer,
            description: "Task leads and their supporting agents work directly together".into(),
            agents: peer,
            method: "Direct exchange between a task's lead and its supporting agents".into(),
            success_criteria: "Supporting agents' reviews are done before the task's quality gates"
                .into(),
        },
    ]
}
