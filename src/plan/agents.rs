//! Agents as the documents show them: tier, coordination level and
//! communication frequency (given or derived from the tier), the agents
//! they depend on and what activates them (given or derived from the
//! tasks), its capacity, busy time and utilization, and the plan's
//! coordination complexity.
//!
//! Utilization = busy time (the working minutes of the tasks it leads) ÷
//! (plan span × capacity), in percent; supporting work is not booked.

use std::collections::{BTreeSet, HashMap};

use super::tasks::TaskView;
use crate::spec::{Agent, CoordinationLevel, Frequency, Tier};

/// One agent with defaults applied.
#[derive(Debug, Clone, PartialEq)]
pub struct AgentView {
    pub id: String,
    pub name: String,
    pub role: String,
    pub secondary_role: Option<String>,
    pub tier: Tier,
    pub level: CoordinationLevel,
    pub frequency: Frequency,
    /// Agent ids this agent depends on, in spec order.
    pub depends_on: Vec<String>,
    pub depends_on_derived: bool,
    pub triggers: Vec<String>,
    /// Indices of the tasks it leads and supports.
    pub leads: Vec<usize>,
    pub supports: Vec<usize>,
    /// Tasks it can lead at once.
    pub capacity: u64,
    /// Working minutes of the tasks it leads.
    pub busy: u64,
    /// busy ÷ (span × capacity) in percent (0 for an empty plan).
    pub utilization: f64,
}

/// Books the scheduled plan's busy time and utilization on each agent.
pub(super) fn book(agents: &mut [AgentView], tasks: &[TaskView], total: u64) {
    for a in agents.iter_mut() {
        a.busy = a
            .leads
            .iter()
            .fold(0u64, |b, &t| b.saturating_add(tasks[t].minutes));
        let room = (total as f64) * (a.capacity as f64);
        a.utilization = if room > 0.0 {
            a.busy as f64 / room * 100.0
        } else {
            0.0
        };
    }
}

pub(super) fn views(
    spec_agents: &[Agent],
    tasks: &[TaskView],
    agent_index: &HashMap<String, usize>,
) -> Vec<AgentView> {
    let n = spec_agents.len();
    let mut leads = vec![Vec::new(); n];
    let mut supports = vec![Vec::new(); n];
    for (t, task) in tasks.iter().enumerate() {
        if let Some(&a) = agent_index.get(task.agent.as_str()) {
            leads[a].push(t);
        }
        for s in &task.supporting {
            if let Some(&a) = agent_index.get(s.as_str()) {
                supports[a].push(t);
            }
        }
    }
    spec_agents
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let tier = a.tier.unwrap_or(if !leads[i].is_empty() {
                Tier::Primary
            } else if !supports[i].is_empty() {
                Tier::Secondary
            } else {
                Tier::Support
            });
            let (level, frequency) = match tier {
                Tier::Primary => (CoordinationLevel::High, Frequency::Continuous),
                Tier::Secondary => (CoordinationLevel::Medium, Frequency::Daily),
                Tier::Support => (CoordinationLevel::Low, Frequency::OnDemand),
            };
            let (depends_on, depends_on_derived) = match &a.depends_on {
                Some(d) => (d.iter().map(|x| x.0.clone()).collect(), false),
                None => (
                    derived_dependencies(spec_agents, tasks, i, &leads[i], agent_index),
                    true,
                ),
            };
            let triggers = if a.activation_triggers.is_empty() {
                derived_triggers(tasks, &leads[i], &supports[i])
            } else {
                a.activation_triggers.clone()
            };
            AgentView {
                id: a.id.0.clone(),
                name: a.name.clone().unwrap_or_else(|| a.id.0.clone()),
                role: a.role.clone(),
                secondary_role: a.secondary_role.clone(),
                tier,
                level: a.coordination_level.unwrap_or(level),
                frequency: a.communication_frequency.unwrap_or(frequency),
                depends_on,
                depends_on_derived,
                triggers,
                leads: leads[i].clone(),
                supports: supports[i].clone(),
                capacity: u64::from(a.capacity.unwrap_or(1).max(1)),
                busy: 0,
                utilization: 0.0,
            }
        })
        .collect()
}

/// The leads of the tasks this agent's own tasks wait on, in spec order.
fn derived_dependencies(
    spec_agents: &[Agent],
    tasks: &[TaskView],
    me: usize,
    led: &[usize],
    agent_index: &HashMap<String, usize>,
) -> Vec<String> {
    let mut found = BTreeSet::new();
    for &t in led {
        for &dt in &tasks[t].deps {
            if let Some(&a) = agent_index.get(tasks[dt].agent.as_str()) {
                if a != me {
                    found.insert(a);
                }
            }
        }
    }
    found
        .into_iter()
        .map(|a| spec_agents[a].id.0.clone())
        .collect()
}

fn derived_triggers(tasks: &[TaskView], led: &[usize], supported: &[usize]) -> Vec<String> {
    let mut out = Vec::new();
    for &t in led {
        let task = &tasks[t];
        out.push(if task.depends_on.is_empty() {
            format!(
                "Execution starts: {} ({}) has no dependencies",
                task.id, task.name
            )
        } else {
            let deps: Vec<&str> = task.depends_on.iter().map(String::as_str).collect();
            format!(
                "{} complete{}: {} ({}) can start",
                deps.join(", "),
                if deps.len() == 1 { "s" } else { "" },
                task.id,
                task.name
            )
        });
    }
    for &t in supported {
        let task = &tasks[t];
        out.push(format!(
            "{} ({}) starts and its lead asks for support",
            task.id, task.name
        ));
    }
    if out.is_empty() {
        out.push(
            "The lead orchestrator calls it in, e.g. to stand in for an unavailable agent".into(),
        );
    }
    out
}

/// Coordination complexity: score = agents × (1 + dependencies per task),
/// where dependencies count task `depends_on` edges and explicit agent
/// `depends_on` entries. Low below 6, medium below 15, high below 40,
/// very high from 40.
#[derive(Debug, Clone, PartialEq)]
pub struct Complexity {
    pub agents: usize,
    pub dependencies: usize,
    pub score: f64,
    pub level: &'static str,
}

pub(super) fn complexity(spec_agents: &[Agent], tasks: &[TaskView]) -> Complexity {
    let agents = spec_agents.len();
    let task_edges: usize = tasks.iter().map(|t| t.deps.len()).sum();
    let agent_edges: usize = spec_agents
        .iter()
        .filter_map(|a| a.depends_on.as_ref())
        .map(Vec::len)
        .sum();
    let dependencies = task_edges + agent_edges;
    let per_task = dependencies as f64 / tasks.len().max(1) as f64;
    let score = agents as f64 * (1.0 + per_task);
    let level = match score {
        s if s < 6.0 => "Low",
        s if s < 15.0 => "Medium",
        s if s < 40.0 => "High",
        _ => "Very High",
    };
    Complexity {
        agents,
        dependencies,
        score,
        level,
    }
}
