//! The tasks the plan schedules, from either half of a spec.
//!
//! In: the spec's `tasks`, or (when it has none) the workflow's allocated
//! iterations; the working calendar. Out: [`TaskView`]s, plus for a
//! workflow-only spec the agents and phases its iterations imply.
//!
//! - A spec with `tasks`: each task as written. A task linked to an
//!   iteration (`iteration`, optionally `role`) delivers the files that
//!   iteration's allocations plan (of that role), so both halves name the
//!   same paths; the allocations are not scheduled a second time.
//! - A workflow-only spec: one agent per allocation agent (`developer-1`),
//!   one task per allocation (`01.developer-1`, the iteration's number
//!   first) delivering its planned files, one phase per iteration. A task
//!   waits for every task of the iterations its iteration depends on, and
//!   for the tasks of the same iteration whose role is one of its role's
//!   `dependencies`. It lasts the entry's `duration`, or its token
//!   estimate at `workflow.tokens_per_hour`, rounded up to whole minutes.

use std::collections::{BTreeSet, HashMap};

use super::iterations::IterationPlan;
use super::time::WorkCalendar;
use crate::spec::{Agent, Id, Phase, RawSpec};

/// One task of the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskView {
    pub id: String,
    pub name: String,
    /// The lead's agent id (`lead` for the lead orchestrator).
    pub agent: String,
    pub supporting: Vec<String>,
    /// Working minutes.
    pub minutes: u64,
    /// Ids of the tasks it waits for, as written or derived.
    pub depends_on: Vec<String>,
    /// Their indices.
    pub deps: Vec<usize>,
    pub quality_gates: Vec<String>,
    /// The phase given in the spec (a phase id).
    pub phase: Option<String>,
    /// The iteration and role it carries out.
    pub iteration: Option<String>,
    pub role: Option<String>,
    /// What it delivers: planned file paths, or the spec's `deliverable`.
    pub deliverables: Vec<String>,
}

/// Tasks, and for a workflow-only spec the agents and phases it implies.
pub(super) struct Derived {
    pub tasks: Vec<TaskView>,
    pub agents: Option<Vec<Agent>>,
    pub phases: Option<Vec<Phase>>,
}

pub(super) fn derive(spec: &RawSpec, its: &[IterationPlan], cal: &WorkCalendar) -> Derived {
    if spec.tasks.is_empty() && !its.is_empty() {
        return from_workflow(spec, its, cal);
    }
    let index: HashMap<&str, usize> = spec
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), i))
        .collect();
    let tasks = spec
        .tasks
        .iter()
        .map(|t| {
            let linked = t
                .iteration
                .as_ref()
                .and_then(|name| its.iter().find(|it| it.name == name.0));
            let deliverables = match linked {
                Some(it) => it
                    .allocations
                    .iter()
                    .filter(|a| t.role.as_ref().is_none_or(|r| *r == a.role))
                    .flat_map(|a| a.deliverables.iter().map(|d| d.path.clone()))
                    .collect(),
                None => t.deliverable.iter().cloned().collect(),
            };
            TaskView {
                id: t.id.0.clone(),
                name: t.name.clone(),
                agent: t.agent.0.clone(),
                supporting: ids(&t.supporting),
                minutes: cal.minutes(&t.duration),
                depends_on: ids(&t.depends_on),
                deps: t
                    .depends_on
                    .iter()
                    .filter_map(|d| index.get(d.as_str()).copied())
                    .collect(),
                quality_gates: ids(&t.quality_gates),
                phase: t.phase.as_ref().map(|p| p.0.clone()),
                iteration: t.iteration.as_ref().map(|i| i.0.clone()),
                role: t.role.clone(),
                deliverables,
            }
        })
        .collect();
    Derived {
        tasks,
        agents: None,
        phases: None,
    }
}

fn ids(v: &[Id]) -> Vec<String> {
    v.iter().map(|i| i.0.clone()).collect()
}

/// Minutes of `tokens` at `per_hour`, rounded up.
pub fn token_minutes(tokens: u64, per_hour: u64) -> u64 {
    let per_hour = u128::from(per_hour.max(1));
    let m = (u128::from(tokens) * 60).div_ceil(per_hour);
    u64::try_from(m).unwrap_or(u64::MAX)
}

fn from_workflow(spec: &RawSpec, its: &[IterationPlan], cal: &WorkCalendar) -> Derived {
    let wf = spec.workflow.as_ref();
    let per_hour = wf.map_or(10_000, |w| w.tokens_per_hour);
    let width = its.len().to_string().len().max(2);
    let mut tasks: Vec<TaskView> = Vec::new();
    // Task indices of each iteration, by name.
    let mut of_iteration: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut agents: Vec<Agent> = Vec::new();
    let mut seen = BTreeSet::new();
    for it in its {
        let spec_it = wf.and_then(|w| w.iterations.get(it.index));
        let before: Vec<usize> = it
            .dependencies
            .iter()
            .flat_map(|d| of_iteration.get(d.as_str()).cloned().unwrap_or_default())
            .collect();
        let first = tasks.len();
        let waves = launch_waves(spec, it);
        for (k, a) in it.allocations.iter().enumerate() {
            let role = spec.agent_roles.get(&a.role);
            if seen.insert(a.agent.clone()) {
                agents.push(workflow_agent(
                    &a.agent,
                    role.map(|r| r.perspective.clone()),
                ));
            }
            let entry = spec_it.and_then(|s| s.agents.get(a.entry));
            let minutes = match entry.and_then(|e| e.duration.as_ref()) {
                Some(d) => cal.minutes(d),
                None => token_minutes(a.tokens, per_hour),
            };
            let mut deps = before.clone();
            let (my_wave, _) = &waves[k];
            deps.extend(
                it.allocations
                    .iter()
                    .enumerate()
                    .filter(|(j, o)| {
                        waves[*j].0 < *my_wave
                            && role.is_some_and(|r| r.dependencies.contains(&o.role))
                    })
                    .map(|(j, _)| first + j),
            );
            let targets = a.targets.len();
            let name = if targets == 0 {
                format!("{}: {}", it.name, a.agent)
            } else {
                format!(
                    "{}: {} on {targets} target{}",
                    it.name,
                    a.agent,
                    if targets == 1 { "" } else { "s" }
                )
            };
            tasks.push(TaskView {
                id: format!("{:0width$}.{}", it.number, a.agent),
                name,
                agent: a.agent.clone(),
                supporting: Vec::new(),
                minutes,
                depends_on: Vec::new(),
                deps,
                quality_gates: Vec::new(),
                phase: Some(it.name.clone()),
                iteration: Some(it.name.clone()),
                role: Some(a.role.clone()),
                deliverables: a.deliverables.iter().map(|d| d.path.clone()).collect(),
            });
        }
        of_iteration.insert(it.name.as_str(), (first..tasks.len()).collect());
    }
    for t in 0..tasks.len() {
        let names: Vec<String> = tasks[t].deps.iter().map(|&d| tasks[d].id.clone()).collect();
        tasks[t].depends_on = names;
    }
    let phases = its
        .iter()
        .map(|it| Phase {
            id: Id(it.name.clone()),
            name: it.name.clone(),
            time_box: None,
            participants: Vec::new(),
            activities: wf
                .and_then(|w| w.iterations.get(it.index))
                .map(|s| vec![s.goal.clone()])
                .unwrap_or_default(),
            deliverables: Vec::new(),
            checkpoints: Vec::new(),
        })
        .collect();
    Derived {
        tasks,
        agents: Some(agents),
        phases: Some(phases),
    }
}

fn workflow_agent(name: &str, perspective: Option<String>) -> Agent {
    Agent {
        id: Id(name.to_string()),
        name: None,
        role: perspective.unwrap_or_else(|| name.to_string()),
        secondary_role: None,
        tier: None,
        coordination_level: None,
        communication_frequency: None,
        capacity: None,
        depends_on: None,
        activation_triggers: Vec::new(),
    }
}

/// Launch waves of an iteration's allocations: per allocation its wave
/// (1 for those that need no other allocation of the iteration) and the
/// agents of the same iteration it waits for (those whose role is one of
/// its role's `dependencies`).
pub fn launch_waves(spec: &RawSpec, it: &IterationPlan) -> Vec<(usize, Vec<String>)> {
    let n = it.allocations.len();
    let needs: Vec<Vec<usize>> = it
        .allocations
        .iter()
        .map(|a| {
            let deps = spec
                .agent_roles
                .get(&a.role)
                .map(|r| r.dependencies.clone())
                .unwrap_or_default();
            (0..n)
                .filter(|&j| {
                    it.allocations[j].role != a.role && deps.contains(&it.allocations[j].role)
                })
                .collect()
        })
        .collect();
    // Role dependencies are acyclic only by convention: at most n rounds.
    let mut wave = vec![1usize; n];
    for _ in 0..n {
        let mut changed = false;
        for i in 0..n {
            let w = needs[i]
                .iter()
                .map(|&j| wave[j] + 1)
                .max()
                .unwrap_or(1)
                .min(n);
            if w != wave[i] {
                wave[i] = w;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    (0..n)
        .map(|i| {
            (
                wave[i],
                needs[i]
                    .iter()
                    .map(|&j| it.allocations[j].agent.clone())
                    .collect(),
            )
        })
        .collect()
}

/// The files an allocation reads before it starts, per allocation of `it`:
/// the deliverables of the allocations of the same iteration it waits for
/// (see [`launch_waves`]) and, for an allocation without targets (a lead
/// or reviewer working on the iteration as a whole), the deliverables of
/// the iterations `it` depends on directly. Sorted, unique.
pub fn upstream_files(
    spec: &RawSpec,
    its: &[IterationPlan],
    it: &IterationPlan,
) -> Vec<Vec<String>> {
    let waves = launch_waves(spec, it);
    it.allocations
        .iter()
        .zip(&waves)
        .map(|(a, (_, after))| {
            let mut files = BTreeSet::new();
            for o in it.allocations.iter().filter(|o| after.contains(&o.agent)) {
                files.extend(o.deliverables.iter().map(|d| d.path.clone()));
            }
            if a.targets.is_empty() {
                for dep in its.iter().filter(|x| it.dependencies.contains(&x.name)) {
                    for o in &dep.allocations {
                        files.extend(o.deliverables.iter().map(|d| d.path.clone()));
                    }
                }
            }
            let mut v: Vec<String> = files.into_iter().collect();
            v.sort_by(|x, y| super::natural_cmp(x, y));
            v
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_estimates_become_minutes_rounded_up() {
        assert_eq!(token_minutes(10_000, 10_000), 60);
        assert_eq!(token_minutes(1, 10_000), 1);
        assert_eq!(token_minutes(0, 10_000), 0);
        assert_eq!(token_minutes(u64::MAX, 1), u64::MAX);
    }
}
