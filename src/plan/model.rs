//! The computed plan as `planforge plan` prints it: the figures every
//! document is rendered from, as data.
//!
//! In: a built [`Plan`]. Out: a [`PlanModel`] (serde + schemars; its JSON
//! Schema is committed as `schemas/planforge-plan.schema.json`). Minutes
//! are working minutes from the project start; the matching `*_text`
//! fields are the same figures as the documents print them.

use schemars::JsonSchema;
use serde::Serialize;

use super::{Plan, Wait};

/// The computed plan (`planforge plan --format json`).
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(title = "planforge computed plan")]
pub struct PlanModel {
    /// Format version of this document; changes when fields change meaning.
    pub version: u32,
    pub project: ProjectModel,
    /// Tasks in the order they start.
    pub tasks: Vec<TaskModel>,
    pub agents: Vec<AgentModel>,
    pub phases: Vec<PhaseModel>,
    /// Every critical chain (task ids, first first), at most 20.
    pub critical_chains: Vec<Vec<String>>,
    /// More critical chains exist than are listed.
    pub critical_chains_truncated: bool,
    pub iterations: Vec<IterationModel>,
}

/// Project facts and totals.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ProjectModel {
    pub id: String,
    pub name: String,
    /// When execution starts (`YYYY-MM-DD[ HH:MM]`, or `+0m` undated).
    pub start: String,
    /// When the last task finishes.
    pub finish: String,
    /// Working minutes from the start to the last finish.
    pub total_minutes: u64,
    pub total_text: String,
    /// The same tasks with no agent limits.
    pub unlimited_total_minutes: u64,
    pub unlimited_total_text: String,
    /// The working calendar in words.
    pub calendar: String,
    /// Tasks come from the workflow's allocations (no `tasks` in the spec).
    pub tasks_from_workflow: bool,
    pub success_probability: f64,
    /// Computed from the risks (equal to `success_probability` unless set).
    pub success_from_risks: f64,
}

/// What a task waited for before it started.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum WaitModel {
    /// It starts with the plan.
    Start,
    /// The dependency that finished last.
    Dependency { task: String },
    /// Its lead agent, free when `task` finished.
    Agent { agent: String, task: String },
}

/// One scheduled task.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TaskModel {
    pub id: String,
    pub name: String,
    pub agent: String,
    pub supporting: Vec<String>,
    /// The phase it belongs to (given or placed).
    pub phase: Option<String>,
    pub iteration: Option<String>,
    pub start_minute: u64,
    pub finish_minute: u64,
    pub start: String,
    pub finish: String,
    pub duration_minutes: u64,
    pub duration_text: String,
    pub slack_minutes: u64,
    pub slack_text: String,
    /// Zero slack: a slip moves the end of the plan.
    pub critical: bool,
    pub waited_for: WaitModel,
    pub depends_on: Vec<String>,
    pub deliverables: Vec<String>,
}

/// One agent's load.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AgentModel {
    pub id: String,
    pub name: String,
    /// Tasks it can lead at once.
    pub capacity: u64,
    /// Working minutes of the tasks it leads.
    pub busy_minutes: u64,
    pub busy_text: String,
    /// busy ÷ (span × capacity), in percent, one decimal.
    pub utilization: f64,
    /// Ids of the tasks it leads and supports.
    pub leads: Vec<String>,
    pub supports: Vec<String>,
}

/// One phase: its time box beside its computed span.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PhaseModel {
    pub id: String,
    pub name: String,
    pub time_box: Option<String>,
    pub time_box_minutes: Option<u64>,
    /// Where the layout by time boxes puts it (minutes; `window_end`
    /// absent when it runs on).
    pub window_start: Option<u64>,
    pub window_end: Option<u64>,
    /// Computed span: first start and last finish of its tasks.
    pub start: Option<String>,
    pub finish: Option<String>,
    pub span_minutes: Option<u64>,
    pub span_text: Option<String>,
    /// How far the span exceeds the time box.
    pub overrun_minutes: Option<u64>,
    pub tasks: Vec<String>,
}

/// An iteration's launch order.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct IterationModel {
    pub name: String,
    pub number: usize,
    pub dependencies: Vec<String>,
    pub allocations: Vec<AllocationModel>,
}

/// An allocation's launch wave.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AllocationModel {
    pub agent: String,
    pub role: String,
    /// 1 for allocations that need no other allocation of the iteration.
    pub wave: usize,
    /// Agents of the same iteration whose output it reads.
    pub depends_on: Vec<String>,
    pub deliverables: Vec<String>,
}

impl PlanModel {
    pub fn new(plan: &Plan) -> Self {
        let s = &plan.schedule;
        let id = |t: usize| plan.tasks[t].id.clone();
        let phase_of = phase_of(plan);
        let tasks = s
            .order
            .iter()
            .map(|&t| task(plan, t, phase_of[t].clone()))
            .collect();
        let agents = plan
            .agents
            .iter()
            .map(|a| AgentModel {
                id: a.id.clone(),
                name: a.name.clone(),
                capacity: a.capacity,
                busy_minutes: a.busy,
                busy_text: plan.duration(a.busy),
                utilization: (a.utilization * 10.0).round() / 10.0,
                leads: a.leads.iter().map(|&t| id(t)).collect(),
                supports: a.supports.iter().map(|&t| id(t)).collect(),
            })
            .collect();
        let phases = plan.phases.iter().map(|p| phase(plan, p)).collect();
        PlanModel {
            version: 1,
            project: ProjectModel {
                id: plan.project.id.clone(),
                name: plan.project.name.clone(),
                start: plan.clock.start(0),
                finish: plan.clock.end(0, s.total),
                total_minutes: s.total,
                total_text: plan.duration(s.total),
                unlimited_total_minutes: plan.unlimited_total,
                unlimited_total_text: plan.duration(plan.unlimited_total),
                calendar: plan.clock.calendar.describe(),
                tasks_from_workflow: plan.tasks_from_workflow,
                success_probability: plan.project.success_probability,
                success_from_risks: plan.project.success_from_risks,
            },
            tasks,
            agents,
            phases,
            critical_chains: s
                .chains
                .iter()
                .map(|c| c.iter().map(|&t| id(t)).collect())
                .collect(),
            critical_chains_truncated: s.chains_truncated,
            iterations: iterations(plan),
        }
    }
}

/// The phase id of each task.
pub(crate) fn phase_of(plan: &Plan) -> Vec<Option<String>> {
    let mut out = vec![None; plan.tasks.len()];
    for p in &plan.phases {
        for &t in &p.tasks {
            out[t] = Some(p.id.clone());
        }
    }
    out
}

fn task(plan: &Plan, t: usize, phase: Option<String>) -> TaskModel {
    let s = &plan.schedule;
    let v = &plan.tasks[t];
    let id = |t: usize| plan.tasks[t].id.clone();
    TaskModel {
        id: v.id.clone(),
        name: v.name.clone(),
        agent: v.agent.clone(),
        supporting: v.supporting.clone(),
        phase,
        iteration: v.iteration.clone(),
        start_minute: s.start[t],
        finish_minute: s.finish[t],
        start: plan.clock.start(s.start[t]),
        finish: plan.clock.end(s.start[t], s.finish[t]),
        duration_minutes: v.minutes,
        duration_text: plan.duration(v.minutes),
        slack_minutes: s.slack[t],
        slack_text: plan.duration(s.slack[t]),
        critical: s.critical[t],
        waited_for: match s.waited[t] {
            Wait::Nothing => WaitModel::Start,
            Wait::Dependency(d) => WaitModel::Dependency { task: id(d) },
            Wait::Agent { agent, after } => WaitModel::Agent {
                agent: plan.agents[agent].id.clone(),
                task: id(after),
            },
        },
        depends_on: v.depends_on.clone(),
        deliverables: v.deliverables.clone(),
    }
}

fn phase(plan: &Plan, p: &super::PhaseView) -> PhaseModel {
    let span = match (p.start, p.finish) {
        (Some(a), Some(b)) => Some(b - a),
        _ => None,
    };
    PhaseModel {
        id: p.id.clone(),
        name: p.name.clone(),
        time_box: p.time_box.clone(),
        time_box_minutes: p.time_box_minutes,
        window_start: p.window.map(|w| w.0),
        window_end: p.window.and_then(|w| w.1),
        start: p.start.map(|a| plan.clock.start(a)),
        finish: match (p.start, p.finish) {
            (Some(a), Some(b)) => Some(plan.clock.end(a, b)),
            _ => None,
        },
        span_minutes: span,
        span_text: span.map(|m| plan.duration(m)),
        overrun_minutes: p.overrun,
        tasks: p.tasks.iter().map(|&t| plan.tasks[t].id.clone()).collect(),
    }
}

fn iterations(plan: &Plan) -> Vec<IterationModel> {
    plan.iterations
        .iter()
        .map(|it| {
            let waves = super::tasks::launch_waves(&plan.spec, it);
            IterationModel {
                name: it.name.clone(),
                number: it.number,
                dependencies: it.dependencies.clone(),
                allocations: it
                    .allocations
                    .iter()
                    .zip(waves)
                    .map(|(a, (wave, depends_on))| AllocationModel {
                        agent: a.agent.clone(),
                        role: a.role.clone(),
                        wave,
                        depends_on,
                        deliverables: a.deliverables.iter().map(|d| d.path.clone()).collect(),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The JSON Schema (2020-12) of [`PlanModel`], as committed in `schemas/`.
pub fn plan_schema_text() -> String {
    let generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let mut schema = generator.into_root_schema_for::<PlanModel>().to_value();
    if let serde_json::Value::Object(map) = &mut schema {
        map.insert(
            "$id".into(),
            serde_json::Value::String(
                "https://planforge.dev/schemas/planforge-plan.schema.json".into(),
            ),
        );
    }
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
