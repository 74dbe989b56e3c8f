//! `Plan`: the validated, computed model every document is rendered from.
//!
//! In: a [`RawSpec`] that passed `check` (references resolve, no cycles).
//! Out: a [`Plan`] holding the spec plus everything computed from it:
//! the tasks of either half of the spec ([`tasks`]), their schedule on the
//! agents' capacity in working time ([`schedule`], [`time`]) with slack
//! and every critical chain, agent tiers, busy time and utilization,
//! parallel streams, phases with their windows and overruns, coordination
//! complexity, scored risks, metric status and trend, and the adopted
//! catalog patterns. The workflow's iterations are allocated by
//! [`iterations`] once the root's files are known and passed to
//! [`Plan::with_iterations`]. Building is O((agents + tasks +
//! dependencies) log tasks). Problems only the computed plan reveals (a
//! schedule that overruns the deadline, capacity that pushes it past it,
//! a phase over its time box, a success probability far from the
//! computed one) are [`PlanWarning`]s. [`model`] is the plan as `planforge
//! plan` prints it.

mod agents;
pub mod catalog;
mod defaults;
pub mod iterations;
pub mod model;
mod phases;
pub mod schedule;
mod scoring;
mod streams;
pub mod tasks;
pub mod time;
mod warnings;

use std::collections::HashMap;

use crate::spec::{Phase, RawSpec};
use crate::validate::{ALL, LEAD};

pub use agents::{AgentView, Complexity};
pub use catalog::CatalogPattern;
pub use phases::{parse_time_box, CoordinationView, PhaseView};
pub use schedule::{natural_cmp, Schedule, Wait};
pub use scoring::{MetricView, ResourceView, ScoredRisk};
pub use streams::StreamView;
pub use tasks::TaskView;
pub use time::{format_minutes, Clock, WorkCalendar};

/// A warning found while computing the plan, located by JSON pointer.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanWarning {
    pub pointer: String,
    pub rule: &'static str,
    pub message: String,
    pub help: Option<String>,
}

/// Project facts with defaults applied.
#[derive(Debug, Clone)]
pub struct ProjectView {
    pub id: String,
    pub name: String,
    pub date: Option<chrono::NaiveDate>,
    pub start: Option<chrono::NaiveDate>,
    pub lead: String,
    pub overview: Option<String>,
    pub success_probability: f64,
    pub success_computed: bool,
    /// The probability computed from the risks (equal to
    /// `success_probability` unless the spec sets it).
    pub success_from_risks: f64,
}

/// Throughput over the plan's real span (working days of the calendar).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rates {
    /// Tasks finished per working day, one decimal (0 for an empty plan).
    pub tasks_per_day: f64,
    /// The same per agent.
    pub tasks_per_agent_day: f64,
}

fn rates(tasks: usize, agents: usize, total: u64, day: u64) -> Rates {
    if total == 0 {
        return Rates::default();
    }
    let per_day = tasks as f64 / (total as f64 / day.max(1) as f64);
    let round = |v: f64| (v * 10.0).round() / 10.0;
    Rates {
        tasks_per_day: round(per_day),
        tasks_per_agent_day: round(per_day / agents.max(1) as f64),
    }
}

/// The computed plan.
#[derive(Debug, Clone)]
pub struct Plan {
    pub spec: RawSpec,
    pub project: ProjectView,
    pub agents: Vec<AgentView>,
    /// The tasks scheduled: the spec's, or one per workflow allocation.
    pub tasks: Vec<TaskView>,
    /// The tasks come from the workflow (the spec has no `tasks`).
    pub tasks_from_workflow: bool,
    pub schedule: Schedule,
    /// The same tasks with no agent limits: what capacity costs.
    pub unlimited_total: u64,
    pub rates: Rates,
    pub clock: Clock,
    pub streams: Vec<StreamView>,
    pub streams_derived: bool,
    pub phases: Vec<PhaseView>,
    pub phases_default: bool,
    pub coordination: Vec<CoordinationView>,
    pub complexity: Complexity,
    pub risks: Vec<ScoredRisk>,
    pub resources: Vec<ResourceView>,
    pub dashboard: Vec<MetricView>,
    pub kpis: Vec<MetricView>,
    pub patterns: Vec<(String, &'static CatalogPattern)>,
    /// The workflow's iterations with their allocations, in execution order.
    /// Allocation needs the files under the root, so [`Plan::build`] leaves
    /// this empty and `compile::load_plan` fills it.
    pub iterations: Vec<iterations::IterationPlan>,
    pub warnings: Vec<PlanWarning>,
    agent_index: HashMap<String, usize>,
    task_index: HashMap<String, usize>,
}

impl Plan {
    /// Computes the plan from a copy of `spec`, which must have passed validation.
    pub fn build(spec: &RawSpec) -> Plan {
        Plan::from_spec(spec.clone())
    }

    /// Computes the plan, taking ownership of `spec` (no copy), without
    /// workflow iterations.
    pub fn from_spec(spec: RawSpec) -> Plan {
        Plan::with_iterations(spec, Vec::new())
    }

    /// Computes the plan of `spec` with its allocated iterations (a
    /// workflow-only spec is scheduled from them).
    pub fn with_iterations(spec: RawSpec, iterations: Vec<iterations::IterationPlan>) -> Plan {
        let project = project_view(&spec);
        let calendar =
            WorkCalendar::from_spec(spec.project.as_ref().and_then(|p| p.calendar.as_ref()));
        let derived = tasks::derive(&spec, &iterations, &calendar);
        let tasks_from_workflow = derived.agents.is_some();
        let spec_agents = derived.agents.unwrap_or_else(|| spec.agents.clone());
        let tasks = derived.tasks;
        let agent_index: HashMap<String, usize> = spec_agents
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.0.clone(), i))
            .collect();
        let task_index: HashMap<String, usize> = tasks
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.clone(), i))
            .collect();
        let (schedule, unlimited_total) = schedule_tasks(&tasks, &spec_agents, &agent_index);
        let minutes: Vec<u64> = tasks.iter().map(|t| t.minutes).collect();
        let clock = Clock::new(
            calendar.clone(),
            spec.project.as_ref(),
            project.start,
            schedule.total,
            minutes.iter().copied(),
        );
        let mut agents = agents::views(&spec_agents, &tasks, &agent_index);
        agents::book(&mut agents, &tasks, schedule.total);
        let complexity = agents::complexity(&spec_agents, &tasks);
        let (streams, streams_derived) = streams::views(&spec, &tasks, &schedule, &task_index);
        let (phase_list, phases_default) = match (&spec.phases, derived.phases) {
            (Some(p), _) => (p.clone(), false),
            (None, Some(p)) => (p, false),
            (None, None) => (defaults::default_phases(), true),
        };
        let phases = phases::views(&phase_list, phases_default, &tasks, &schedule, &calendar);
        let coordination =
            phases::coordination(&spec, &tasks, &agents, &schedule, &streams, &clock);
        let risks = scoring::risks(&spec);
        let from_risks = scoring::success_probability(&risks);
        let success = project_success(&spec, from_risks);
        let project = ProjectView {
            success_probability: success.0,
            success_computed: success.1,
            success_from_risks: from_risks,
            ..project
        };
        let resources = scoring::resources(&spec, &agents, schedule.total);
        let dashboard = spec.quality.dashboard.iter().map(scoring::metric).collect();
        let kpis = spec.success.kpis.iter().map(scoring::metric).collect();
        let patterns = spec
            .patterns
            .iter()
            .filter_map(|p| catalog::pattern(*p).map(|c| (p.as_str(), c)))
            .collect();
        let rates = rates(
            tasks.len(),
            agents.len(),
            schedule.total,
            calendar.day_minutes,
        );
        let mut plan = Plan {
            spec,
            project,
            agents,
            rates,
            tasks,
            tasks_from_workflow,
            schedule,
            unlimited_total,
            clock,
            streams,
            streams_derived,
            phases,
            phases_default,
            coordination,
            complexity,
            risks,
            resources,
            dashboard,
            kpis,
            patterns,
            iterations,
            warnings: Vec::new(),
            agent_index,
            task_index,
        };
        plan.warnings = warnings::warnings(&plan);
        plan
    }

    /// Display name of an agent id (`lead` and `all` included).
    pub fn agent_name(&self, id: &str) -> String {
        match id {
            LEAD => self.project.lead.clone(),
            ALL => "All agents".into(),
            _ => self
                .agent_index
                .get(id)
                .map(|&i| self.agents[i].name.clone())
                .unwrap_or_else(|| id.to_string()),
        }
    }

    /// Index of a task id.
    pub fn task(&self, id: &str) -> Option<usize> {
        self.task_index.get(id).copied()
    }

    /// The phases as given or defaulted (spec form).
    pub fn phase_specs(&self) -> Vec<Phase> {
        self.spec
            .phases
            .clone()
            .unwrap_or_else(defaults::default_phases)
    }

    /// Index of an agent id.
    pub fn agent(&self, id: &str) -> Option<usize> {
        self.agent_index.get(id).copied()
    }

    /// A working duration in the plan's calendar units.
    pub fn duration(&self, minutes: u64) -> String {
        self.clock.format(minutes)
    }
}

/// The schedule on the agents' capacity, and the total with no agent limits.
fn schedule_tasks(
    tasks: &[TaskView],
    spec_agents: &[crate::spec::Agent],
    agent_index: &HashMap<String, usize>,
) -> (Schedule, u64) {
    let ids: Vec<&str> = tasks.iter().map(|t| t.id.as_str()).collect();
    let minutes: Vec<u64> = tasks.iter().map(|t| t.minutes).collect();
    let deps: Vec<Vec<usize>> = tasks.iter().map(|t| t.deps.clone()).collect();
    let agent_of: Vec<Option<usize>> = tasks
        .iter()
        .map(|t| agent_index.get(&t.agent).copied())
        .collect();
    let capacity: Vec<u64> = spec_agents
        .iter()
        .map(|a| u64::from(a.capacity.unwrap_or(1).max(1)))
        .collect();
    let schedule = schedule::schedule(&schedule::Graph {
        ids: &ids,
        minutes: &minutes,
        deps: &deps,
        agent: &agent_of,
        capacity: &capacity,
    });
    let unlimited = schedule::schedule_unlimited(&ids, &minutes, &deps).total;
    (schedule, unlimited)
}

fn project_view(spec: &RawSpec) -> ProjectView {
    let wf = spec.workflow.as_ref();
    let p = spec.project.as_ref();
    let name = p
        .map(|p| p.name.clone())
        .or_else(|| wf.map(|w| w.name.clone()))
        .unwrap_or_default();
    let date = p.and_then(|p| p.date.as_ref()).and_then(|d| d.parse());
    let start = p
        .and_then(|p| p.start_date.as_ref())
        .and_then(|d| d.parse())
        .or(date);
    ProjectView {
        id: p
            .and_then(|p| p.id.clone())
            .unwrap_or_else(|| default_id(&name)),
        name,
        date: date.or(start),
        start,
        lead: p
            .map(|p| p.lead_orchestrator.clone())
            .unwrap_or_else(|| "Chunky (Task Decomposition & Execution Specialist)".into()),
        overview: p
            .and_then(|p| p.overview.clone())
            .or_else(|| wf.and_then(|w| w.description.clone())),
        success_probability: 100.0,
        success_computed: true,
        success_from_risks: 100.0,
    }
}

/// `OAuth2 for the API` → `OAUTH2-FOR-THE-API`.
pub fn default_id(name: &str) -> String {
    let mut out = String::new();
    for word in name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word.to_uppercase());
    }
    if out.is_empty() {
        "PROJECT".into()
    } else {
        out
    }
}

fn project_success(spec: &RawSpec, from_risks: f64) -> (f64, bool) {
    match spec.project.as_ref().and_then(|p| p.success_probability) {
        Some(p) => (p.0, false),
        None => (from_risks, true),
    }
}
