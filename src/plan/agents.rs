//! Agents as the documents show them: tier, coordination level and
//! communication frequency (given or derived from the tier), the agents
//! they depend on and what activates them (given or derived from the
//! tasks), and the plan's coordination complexity.

use std::collections::{BTreeSet, HashMap};

use crate::spec::{CoordinationLevel, Frequency, RawSpec, Tier};

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
}

pub(super) fn views(
    spec: &RawSpec,
    agent_index: &HashMap<String, usize>,
    task_index: &HashMap<String, usize>,
) -> Vec<AgentView> {
    let n = spec.agents.len();
    let mut leads = vec![Vec::new(); n];
    let mut supports = vec![Vec::new(); n];
    for (t, task) in spec.tasks.iter().enumerate() {
        if let Some(&a) = agent_index.get(task.agent.as_str()) {
            leads[a].push(t);
        }
        for s in &task.supporting {
            if let Some(&a) = agent_index.get(s.as_str()) {
                supports[a].push(t);
            }
        }
    }
    spec.agents
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
                    derived_dependencies(spec, i, &leads[i], agent_index, task_index),
                    true,
                ),
            };
            let triggers = if a.activation_triggers.is_empty() {
                derived_triggers(spec, &leads[i], &supports[i])
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
            }
        })
        .collect()
}

/// The leads of the tasks this agent's own tasks wait on, in spec order.
fn derived_dependencies(
    spec: &RawSpec,
    me: usize,
    led: &[usize],
    agent_index: &HashMap<String, usize>,
    task_index: &HashMap<String, usize>,
) -> Vec<String> {
    let mut found = BTreeSet::new();
    for &t in led {
        for d in &spec.tasks[t].depends_on {
            if let Some(&dt) = task_index.get(d.as_str()) {
                if let Some(&a) = agent_index.get(spec.tasks[dt].agent.as_str()) {
                    if a != me {
                        found.insert(a);
                    }
                }
            }
        }
    }
    found
        .into_iter()
        .map(|a| spec.agents[a].id.0.clone())
        .collect()
}

fn derived_triggers(spec: &RawSpec, led: &[usize], supported: &[usize]) -> Vec<String> {
    let mut out = Vec::new();
    for &t in led {
        let task = &spec.tasks[t];
        out.push(if task.depends_on.is_empty() {
            format!(
                "Execution starts: {} ({}) has no dependencies",
                task.id, task.name
            )
        } else {
            let deps: Vec<&str> = task.depends_on.iter().map(|d| d.as_str()).collect();
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
        let task = &spec.tasks[t];
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

pub(super) fn complexity(spec: &RawSpec, deps: &[Vec<usize>]) -> Complexity {
    let agents = spec.agents.len();
    let task_edges: usize = deps.iter().map(Vec::len).sum();
    let agent_edges: usize = spec
        .agents
        .iter()
        .filter_map(|a| a.depends_on.as_ref())
        .map(Vec::len)
        .sum();
    let dependencies = task_edges + agent_edges;
    let per_task = dependencies as f64 / spec.tasks.len().max(1) as f64;
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
