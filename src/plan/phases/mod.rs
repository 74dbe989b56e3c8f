//! Phases with their tasks, windows and overruns, and the coordination
//! patterns.
//!
//! Phases are laid out in order from the start of the plan, each for its
//! time box (`time_box` read as a working duration: `20 minutes`,
//! `15-20 minutes` counts its upper bound, `3 days`, `2w`); a phase
//! without a readable time box (`Ongoing`) runs from there on, and the
//! phases after it have no window. The five default phases of seed 001
//! are laid out over the plan's span instead (10 %, 20 %, 40 %, 20 %, 10 %),
//! so work spreads over them by time. A task belongs to its `phase`;
//! without one, to the last phase whose window has begun when it starts;
//! where no phase has a time box, to the phase of its latest-finishing
//! dependency, else the first. A phase with tasks runs from its first
//! start to its last finish (its computed span), which overruns its time
//! box when longer.

use std::collections::{BTreeSet, HashMap};

use super::agents::AgentView;
use super::schedule::Schedule;
use super::streams::StreamView;
use super::tasks::TaskView;
use super::time::WorkCalendar;
use crate::spec::{CoordinationKind, Phase, Tier};
use crate::validate::{ALL, LEAD};

/// Shares of the plan's span the default phases are laid out over, in percent.
const DEFAULT_SHARES: [u64; 5] = [10, 20, 40, 20, 10];

/// A phase with defaults applied.
#[derive(Debug, Clone, PartialEq)]
pub struct PhaseView {
    pub id: String,
    pub name: String,
    /// The time box as written (or the default layout's share).
    pub time_box: Option<String>,
    /// The time box in working minutes, when readable.
    pub time_box_minutes: Option<u64>,
    /// Where the layout puts the phase: from, and until (open when `None`).
    pub window: Option<Window>,
    /// Computed span: first start and last finish of its tasks.
    pub start: Option<u64>,
    pub finish: Option<u64>,
    /// How much longer the computed span is than the time box.
    pub overrun: Option<u64>,
    pub tasks: Vec<usize>,
    /// Agent ids (`all` when everyone takes part).
    pub participants: Vec<String>,
    pub activities: Vec<String>,
    /// Deliverable and the agent id producing it (`lead` by default).
    pub deliverables: Vec<(String, String)>,
    pub checkpoints: Vec<String>,
}

/// A time box in working minutes: `20 minutes`, `15-20 min`, `3 days`,
/// `1 week`, `4h`, `2d`; anything else (`Ongoing`, `20 minutes per
/// checkpoint`) is not a time box the layout can use.
pub fn parse_time_box(text: &str, cal: &WorkCalendar) -> Option<u64> {
    let t = text.trim().to_lowercase();
    let digits_end = t.find(|c: char| !c.is_ascii_digit())?;
    let mut rest = &t[digits_end..];
    let mut value: u64 = t[..digits_end].parse().ok()?;
    let trimmed = rest.trim_start();
    if let Some(r) = trimmed
        .strip_prefix('-')
        .or_else(|| trimmed.strip_prefix('–'))
        .or_else(|| trimmed.strip_prefix("to "))
    {
        let r = r.trim_start();
        let end = r.find(|c: char| !c.is_ascii_digit())?;
        value = r[..end].parse().ok()?;
        rest = &r[end..];
    }
    let unit = rest.trim();
    let factor = match unit {
        "m" | "min" | "mins" | "minute" | "minutes" => 1,
        "h" | "hr" | "hrs" | "hour" | "hours" => 60,
        "d" | "day" | "days" => cal.day_minutes,
        "w" | "wk" | "week" | "weeks" => cal.week_minutes,
        _ => return None,
    };
    value.checked_mul(factor)
}

/// A phase's window: from, and until (open when `None`).
pub type Window = (u64, Option<u64>);

/// Time box (minutes) and window of each phase (see the module docs).
fn layout(
    phases: &[Phase],
    defaulted: bool,
    total: u64,
    cal: &WorkCalendar,
) -> Vec<(Option<u64>, Option<Window>)> {
    if defaulted && phases.len() == DEFAULT_SHARES.len() {
        let mut at = 0u64;
        return DEFAULT_SHARES
            .iter()
            .enumerate()
            .map(|(i, share)| {
                let len = if i + 1 == DEFAULT_SHARES.len() {
                    total - at
                } else {
                    u64::try_from(u128::from(total) * u128::from(*share) / 100).unwrap_or(total)
                };
                let w = (at, Some(at + len));
                at += len;
                (Some(len), Some(w))
            })
            .collect();
    }
    let mut at = Some(0u64);
    phases
        .iter()
        .map(|p| {
            let tb = p.time_box.as_deref().and_then(|t| parse_time_box(t, cal));
            let window = at.map(|a| (a, tb.map(|b| a.saturating_add(b))));
            at = match (at, tb) {
                (Some(a), Some(b)) => Some(a.saturating_add(b)),
                _ => None,
            };
            (tb, window)
        })
        .collect()
}

pub(super) fn views(
    phases: &[Phase],
    defaulted: bool,
    tasks: &[TaskView],
    s: &Schedule,
    cal: &WorkCalendar,
) -> Vec<PhaseView> {
    let index: HashMap<&str, usize> = phases
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    let laid = layout(phases, defaulted, s.total, cal);
    let boxed = laid.iter().any(|(tb, _)| tb.is_some());
    let mut phase_of = vec![0usize; tasks.len()];
    let mut members = vec![Vec::new(); phases.len()];
    for &t in &s.order {
        let task = &tasks[t];
        phase_of[t] = match task.phase.as_ref().and_then(|p| index.get(p.as_str())) {
            Some(&p) => p,
            None if boxed => laid
                .iter()
                .rposition(|(_, w)| w.is_some_and(|(from, _)| from <= s.start[t]))
                .unwrap_or(0),
            None => task
                .deps
                .iter()
                .max_by_key(|&&d| (s.finish[d], std::cmp::Reverse(d)))
                .map_or(0, |&d| phase_of[d]),
        };
        if !phases.is_empty() {
            members[phase_of[t]].push(t);
        }
    }
    phases
        .iter()
        .zip(members)
        .zip(laid)
        .enumerate()
        .map(|(i, ((p, members), (tb, window)))| {
            let share = DEFAULT_SHARES.get(i).copied().unwrap_or(0);
            let label = tb.map(|m| format!("{} ({share}% of the plan)", cal.format(m)));
            view(p, label, defaulted, tasks, s, members, tb, window)
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn view(
    p: &Phase,
    default_label: Option<String>,
    defaulted: bool,
    tasks: &[TaskView],
    s: &Schedule,
    members: Vec<usize>,
    time_box_minutes: Option<u64>,
    window: Option<Window>,
) -> PhaseView {
    let start = members.iter().map(|&t| s.start[t]).min();
    let finish = members.iter().map(|&t| s.finish[t]).max();
    let overrun = match (start, finish, time_box_minutes) {
        (Some(a), Some(b), Some(tb)) if b - a > tb && !defaulted => Some(b - a - tb),
        _ => None,
    };
    let time_box = if defaulted {
        default_label
    } else {
        p.time_box.clone()
    };
    let participants = if !p.participants.is_empty() {
        p.participants.iter().map(|a| a.0.clone()).collect()
    } else {
        let from_tasks = task_agents(tasks, &members);
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
        for &t in &members {
            let task = &tasks[t];
            if task.deliverables.is_empty() {
                deliverables.push((format!("{}: {}", task.id, task.name), task.agent.clone()));
            }
            for d in &task.deliverables {
                deliverables.push((d.clone(), task.agent.clone()));
            }
        }
    }
    let checkpoints = if p.checkpoints.is_empty() {
        default_checkpoints(tasks, &members)
    } else {
        p.checkpoints.clone()
    };
    PhaseView {
        id: p.id.0.clone(),
        name: p.name.clone(),
        time_box,
        time_box_minutes,
        window,
        start,
        finish,
        overrun,
        tasks: members,
        participants,
        activities: p.activities.clone(),
        deliverables,
        checkpoints,
    }
}

fn task_agents(tasks: &[TaskView], members: &[usize]) -> Vec<String> {
    let mut seen = BTreeSet::new();
    members
        .iter()
        .flat_map(|&t| std::iter::once(&tasks[t].agent).chain(&tasks[t].supporting))
        .filter(|a| seen.insert((*a).clone()))
        .cloned()
        .collect()
}

fn default_checkpoints(tasks: &[TaskView], members: &[usize]) -> Vec<String> {
    let gates: BTreeSet<&str> = members
        .iter()
        .flat_map(|&t| tasks[t].quality_gates.iter().map(String::as_str))
        .collect();
    let mut out = Vec::new();
    if !gates.is_empty() {
        out.push(format!(
            "Quality gates {}",
            gates.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    out.push(if members.is_empty() {
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
    spec: &crate::spec::RawSpec,
    tasks: &[TaskView],
    agents: &[AgentView],
    s: &Schedule,
    streams: &[StreamView],
    clock: &super::time::Clock,
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
        s.chains
            .iter()
            .flatten()
            .map(|&t| tasks[t].agent.clone())
            .collect(),
    );
    let critical: BTreeSet<usize> = (0..tasks.len()).filter(|&t| s.critical[t]).collect();
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
        tasks
            .iter()
            .filter(|t| !t.supporting.is_empty())
            .flat_map(|t| std::iter::once(&t.agent).chain(&t.supporting))
            .cloned()
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
                clock.format(s.total)
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

#[cfg(test)]
mod tests;
