//! `Plan`: the validated, computed model every document is rendered from.
//!
//! In: a [`RawSpec`] that passed `check` (references resolve, no cycles).
//! Out: a [`Plan`] holding the spec plus everything computed from it:
//! execution order, schedule and critical path, agent tiers and derived
//! dependencies, parallel streams, phases with their tasks, coordination
//! complexity, scored risks, utilization, metric status and trend, and the
//! adopted catalog patterns; the workflow's iterations are allocated by
//! [`iterations`] once the root's files are known. Building is linear in agents + tasks +
//! dependencies. Problems only the computed plan reveals (a schedule that
//! overruns the deadline) are [`PlanWarning`]s.

mod agents;
pub mod catalog;
mod defaults;
pub mod iterations;
mod phases;
pub mod schedule;
mod scoring;
mod streams;
pub mod time;

use std::collections::HashMap;

use crate::spec::{Phase, RawSpec};
use crate::validate::{ALL, LEAD};

pub use agents::{AgentView, Complexity};
pub use catalog::CatalogPattern;
pub use phases::{CoordinationView, PhaseView};
pub use schedule::{natural_cmp, Schedule};
pub use scoring::{MetricView, ResourceView, ScoredRisk};
pub use streams::StreamView;
pub use time::{format_minutes, Clock};

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
}

/// The computed plan.
#[derive(Debug, Clone)]
pub struct Plan {
    pub spec: RawSpec,
    pub project: ProjectView,
    pub agents: Vec<AgentView>,
    pub schedule: Schedule,
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

    /// Computes the plan, taking ownership of `spec` (no copy).
    pub fn from_spec(spec: RawSpec) -> Plan {
        let project = project_view(&spec);
        let agent_index: HashMap<String, usize> = spec
            .agents
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.0.clone(), i))
            .collect();
        let task_index: HashMap<String, usize> = spec
            .tasks
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.0.clone(), i))
            .collect();
        let ids: Vec<&str> = spec.tasks.iter().map(|t| t.id.as_str()).collect();
        let minutes: Vec<u64> = spec.tasks.iter().map(|t| t.duration.minutes()).collect();
        let deps: Vec<Vec<usize>> = spec
            .tasks
            .iter()
            .map(|t| {
                t.depends_on
                    .iter()
                    .filter_map(|d| task_index.get(d.as_str()).copied())
                    .collect()
            })
            .collect();
        let schedule = schedule::schedule(&ids, &minutes, &deps);
        let clock = Clock::new(project.start, minutes.iter().copied());
        let agents = agents::views(&spec, &agent_index, &task_index);
        let complexity = agents::complexity(&spec, &deps);
        let (streams, streams_derived) = streams::views(&spec, &schedule, &deps, &task_index);
        let (phase_list, phases_default) = match &spec.phases {
            Some(p) => (p.clone(), false),
            None => (defaults::default_phases(), true),
        };
        let phases = phases::views(&spec, &phase_list, phases_default, &schedule, &deps);
        let coordination = phases::coordination(&spec, &agents, &schedule, &streams);
        let risks = scoring::risks(&spec);
        let success = project_success(&spec, &risks);
        let project = ProjectView {
            success_probability: success.0,
            success_computed: success.1,
            ..project
        };
        let resources = scoring::resources(&spec, &agents);
        let dashboard = spec.quality.dashboard.iter().map(scoring::metric).collect();
        let kpis = spec.success.kpis.iter().map(scoring::metric).collect();
        let patterns = spec
            .patterns
            .iter()
            .filter_map(|p| catalog::pattern(*p).map(|c| (p.as_str(), c)))
            .collect();
        let mut plan = Plan {
            spec,
            project,
            agents,
            schedule,
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
            iterations: Vec::new(),
            warnings: Vec::new(),
            agent_index,
            task_index,
        };
        plan.warnings = deadline_warnings(&plan);
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

fn project_success(spec: &RawSpec, risks: &[ScoredRisk]) -> (f64, bool) {
    match spec.project.as_ref().and_then(|p| p.success_probability) {
        Some(p) => (p.0, false),
        None => (scoring::success_probability(risks), true),
    }
}

fn deadline_warnings(plan: &Plan) -> Vec<PlanWarning> {
    let end = plan
        .spec
        .project
        .as_ref()
        .and_then(|p| p.end_date.as_ref())
        .and_then(|d| d.parse());
    let (Some(end), Some(start)) = (end, plan.project.start) else {
        return Vec::new();
    };
    let last_day = plan
        .clock
        .datetime(plan.schedule.total.saturating_sub(1))
        .map(|t| t.date());
    match last_day {
        Some(last) if last > end => vec![PlanWarning {
            pointer: "/project/end_date".into(),
            rule: "schedule-overrun",
            message: format!(
                "the schedule runs until {last}, after end_date {end} ({} from {start})",
                format_minutes(plan.schedule.total)
            ),
            help: Some(
                "shorten the critical path, move end_date, or run more tasks in parallel".into(),
            ),
        }],
        _ => Vec::new(),
    }
}
