//! Project metadata, agents, tasks, phases, streams and coordination
//! patterns: what the execution plan is made of.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::*;

fn default_lead() -> String {
    "Chunky (Task Decomposition & Execution Specialist)".into()
}

/// Project metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// Project identifier. Default: the name in upper case with `-` between words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Project name, used in every document title.
    pub name: String,
    /// Orchestration date (the date of this plan). Default: `start_date`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// First day of execution; task start and end dates count from it.
    /// Default: `date`. Without either, the schedule shows offsets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<Date>,
    /// Deadline. Checked against `start_date`; the plan warns when the
    /// computed schedule overruns it. Default: the computed end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<Date>,
    /// Time of day execution starts on `start_date` (`HH:MM`, 24-hour), for
    /// plans that begin mid-day, e.g. an incident that began at `09:40`.
    /// Default: the start of the working day (`calendar.day_start`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<ClockTime>,
    /// Working calendar: how many hours a working day has, which weekdays
    /// are worked and which dates are holidays. Durations are working time
    /// (`1d` is one working day of `hours_per_day` hours, `1w` one week of
    /// `workdays`). Default: round the clock, every day (agents that never
    /// sleep), so `1d` is 24 hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<Calendar>,
    /// The lead orchestrator, who coordinates every agent.
    #[serde(default = "default_lead")]
    pub lead_orchestrator: String,
    /// Chance of success in percent. Default: computed from the risks as
    /// 100 × Π(1 − probability × impact / 5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success_probability: Option<Percent>,
    /// Overview of the orchestration: objectives, scope, approach, challenges.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overview: Option<String>,
    /// Orchestration philosophy: coordination principles and methodology.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub philosophy: Option<String>,
    /// Key orchestration objectives, one sentence each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objectives: Vec<String>,
    /// One-sentence description of the agent ecosystem (PACT project context).
    /// Default: computed from the agents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_ecosystem: Option<String>,
}

/// An agent taking part in the execution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Agent {
    /// Identifier used by tasks, phases, risks and gates to refer to this agent.
    pub id: Id,
    /// Display name, e.g. `Fred (Architect)`. Default: the id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Primary role.
    pub role: String,
    /// Secondary role. Default: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secondary_role: Option<String>,
    /// Tier in the execution layer. Default: computed (primary if it leads
    /// a task, secondary if it only supports tasks, support otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<Tier>,
    /// Coordination level. Default: from the tier (primary → high,
    /// secondary → medium, support → low).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coordination_level: Option<CoordinationLevel>,
    /// Communication frequency. Default: from the tier (primary →
    /// continuous, secondary → daily, support → on-demand).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub communication_frequency: Option<Frequency>,
    /// How many tasks this agent can lead at the same time. The scheduler
    /// never starts a task while its lead already leads this many (supporting
    /// work does not count). Default: 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub capacity: Option<u32>,
    /// Agents this agent depends on. Default: computed from the tasks (the
    /// leads of the tasks its own tasks depend on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depends_on: Option<Vec<Id>>,
    /// Conditions that activate this agent (PACT). Default: computed from the
    /// tasks it leads (a task becomes ready when its dependencies are done).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub activation_triggers: Vec<String>,
}

/// A task to execute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Task {
    /// Identifier, e.g. `T001`; ties in the execution order break by id.
    pub id: Id,
    /// What is done.
    pub name: String,
    /// The agent that leads the task (an agent id).
    pub agent: Id,
    /// Agents supporting the lead (agent ids).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub supporting: Vec<Id>,
    /// How long the task takes.
    pub duration: Duration,
    /// Tasks that must finish before this one starts (task ids).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<Id>,
    /// Quality gates the task must pass (gate ids from `quality.gates`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quality_gates: Vec<Id>,
    /// The phase this task belongs to (a phase id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<Id>,
    /// What the task delivers (listed under its phase in the PACT plan).
    /// A task linked to an iteration (`iteration`) delivers the files that
    /// iteration plans for it instead; set one or the other.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deliverable: Option<String>,
    /// The workflow iteration this task carries out (an iteration name):
    /// the task's deliverables are the files the iteration's allocations
    /// plan (of `role` only, when given), so both halves of the spec name
    /// the same paths.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iteration: Option<Id>,
    /// With `iteration`: the role whose allocations this task covers (a key
    /// of `agent_roles` used in that iteration). Default: every role of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

/// A time of day, `HH:MM` (24-hour).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct ClockTime(#[schemars(regex(pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"))] pub String);

impl ClockTime {
    /// Minutes after midnight (0 when malformed; the schema rejects that).
    pub fn minutes(&self) -> u64 {
        let mut it = self.0.split(':').map(|p| p.parse::<u64>().unwrap_or(0));
        let h = it.next().unwrap_or(0);
        let m = it.next().unwrap_or(0);
        h * 60 + m
    }
}

/// A weekday.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

fn default_hours_per_day() -> u32 {
    8
}

fn default_workdays() -> Vec<Weekday> {
    vec![
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
    ]
}

/// A working calendar (see `project.calendar`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Calendar {
    /// Working hours per working day (1–24). Default: 8.
    #[serde(default = "default_hours_per_day")]
    #[schemars(range(min = 1, max = 24))]
    pub hours_per_day: u32,
    /// The weekdays that are worked. Default: `[mon, tue, wed, thu, fri]`.
    #[serde(default = "default_workdays")]
    #[schemars(length(min = 1))]
    pub workdays: Vec<Weekday>,
    /// Dates that are not worked although their weekday is.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub holidays: Vec<Date>,
    /// When a working day starts (`HH:MM`). Default: `09:00`, or `00:00`
    /// with 24 hours per day. A day must end by midnight.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day_start: Option<ClockTime>,
}

/// A deliverable of a phase and the agent that produces it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PhaseDeliverable {
    /// The deliverable.
    pub name: String,
    /// The agent producing it (an agent id). Default: the lead orchestrator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent: Option<Id>,
}

/// A workflow phase (JAEGIS workflow architecture; PACT sprint).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    /// Identifier, referred to by `tasks[].phase`.
    pub id: Id,
    /// Display name.
    pub name: String,
    /// Time box as prose, e.g. `15-20 minutes`. Shown when the phase has no
    /// tasks; otherwise its duration is computed from the schedule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_box: Option<String>,
    /// Participating agents (agent ids). Default: the agents of its tasks,
    /// or all agents when it has none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub participants: Vec<Id>,
    /// Activities carried out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub activities: Vec<String>,
    /// Deliverables with the agent producing each. Default: the
    /// deliverables of its tasks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deliverables: Vec<PhaseDeliverable>,
    /// When agents synchronize during the phase.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checkpoints: Vec<String>,
}

/// A parallel execution stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Stream {
    /// Identifier, e.g. `S001`.
    pub id: Id,
    /// Display name.
    pub name: String,
    /// The tasks of the stream (task ids); its duration and agents are
    /// computed from them.
    pub tasks: Vec<Id>,
    /// Synchronization points. Default: computed (tasks that wait on another stream).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sync_points: Vec<String>,
    /// Integration requirements. Default: computed from the cross-stream dependencies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integration: Option<String>,
}

/// The kinds of coordination of the JAEGIS template.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum CoordinationKind {
    Sequential,
    Parallel,
    Hierarchical,
    PeerToPeer,
}

/// How a group of agents coordinates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CoordinationPattern {
    /// The kind of coordination.
    pub kind: CoordinationKind,
    /// What this coordination is used for.
    pub description: String,
    /// Participating agents (agent ids).
    pub agents: Vec<Id>,
    /// How the agents coordinate.
    pub method: String,
    /// When the coordination counts as successful.
    pub success_criteria: String,
}
