//! Communication, resources, quality, risks, optimization, success,
//! governance and document control: how the execution is run and judged.
//!
//! Agent references (`agent`, `owner`, `source`, ...) are agent ids; `lead`
//! names the lead orchestrator and, in lists, `all` stands for every agent.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::*;
use super::text::text_block;

text_block! {
    /// Communication channels (the JAEGIS communication architecture).
    Channels {
        /// Real-time instant messaging platform.
        instant_messaging = "Shared agent message bus",
        /// Video conferencing platform (human participants).
        video_conferencing = "The team's video meeting tool, for human reviews only",
        /// Screen sharing platform (human participants).
        screen_sharing = "The team's video meeting tool, on request",
        /// How often email updates go out.
        email_updates = "Daily digest to stakeholders",
        /// How often status reports are written.
        status_reports = "At every milestone",
        /// Where documentation lives.
        documentation = "The project repository",
        /// What triggers progress notifications.
        progress_notifications = "A task starts, finishes or becomes blocked",
        /// What raises alerts.
        alert_systems = "A quality gate fails or a task overruns its duration",
        /// When automated status updates are sent.
        status_updates = "On every task state change",
    }
}

/// A coordination protocol (daily sync, weekly review, ...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Protocol {
    /// Protocol name, e.g. `Daily Sync`.
    pub name: String,
    /// What happens.
    pub description: String,
    /// How often.
    pub frequency: Frequency,
    /// Who takes part (agent ids, `lead`, `all`).
    pub participants: Vec<Id>,
    /// Where it is recorded.
    pub documentation: String,
    /// Where unresolved items go.
    pub escalation: String,
}

/// A kind of information shared between agents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InformationFlow {
    /// Information type, e.g. `Progress Updates`.
    pub information: String,
    /// The agent producing it (agent id or `lead`).
    pub source: Id,
    /// The agents receiving it (agent ids, `lead`, `all`).
    pub targets: Vec<Id>,
    /// How it is shared.
    pub method: String,
    /// How often.
    pub frequency: Frequency,
    /// Security level.
    pub security: SecurityLevel,
}

/// Security classification of shared information.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum SecurityLevel {
    Public,
    Internal,
    Confidential,
    Restricted,
}

/// Communication channels, protocols and information sharing.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Communication {
    /// Channels of the communication architecture.
    pub channels: Channels,
    /// Coordination protocols.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub protocols: Vec<Protocol>,
    /// Information sharing framework.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub information_sharing: Vec<InformationFlow>,
}

/// A resource pool: capacity, allocation and reservation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    /// Resource type, e.g. `Computing Resources`.
    pub name: String,
    /// Unit of the amounts, e.g. `vCPU` or `GB`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Total available (≥ 0).
    pub total: f64,
    /// Allocated to the plan (≥ 0); utilization is allocated / total.
    pub allocated: f64,
    /// Held in reserve (≥ 0); allocated + reserved may not exceed total.
    #[serde(default)]
    pub reserved: f64,
    /// Optimization opportunities.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opportunities: Option<String>,
}

/// How resources are adjusted in a given situation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResourceScenario {
    /// Scenario, e.g. `High Load`.
    pub scenario: String,
    /// Trigger conditions.
    pub trigger: String,
    /// Resource adjustment.
    pub adjustment: String,
    /// Responsible agent (agent id or `lead`).
    pub agent: Id,
    /// Who must approve, or `None`.
    pub approval: String,
    /// Impact assessment.
    pub impact: String,
}

text_block! {
    /// Resource optimization strategy.
    ResourceStrategy {
        /// Load balancing strategy.
        load_balancing = "Ready tasks go to the least-loaded capable agent",
        /// Capacity planning strategy.
        capacity_planning = "Agent capacity is planned from the critical path and parallel streams",
        /// Performance optimization strategy.
        performance_optimization = "Critical-path tasks get first call on shared resources",
        /// Cost optimization strategy.
        cost_optimization = "Idle agents are released as soon as their last task is accepted",
    }
}

/// Resource allocation, scenarios and strategy.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Resources {
    /// Resource pools beyond agent capacity (which is computed from the plan).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub allocation: Vec<Resource>,
    /// Dynamic resource management scenarios.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scenarios: Vec<ResourceScenario>,
    /// Resource optimization strategy.
    pub strategy: ResourceStrategy,
}

/// Metrics, thresholds and monitoring of one area of the quality framework.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QualityArea {
    /// Metrics tracked.
    pub metrics: Vec<String>,
    /// Thresholds that must hold.
    pub thresholds: Vec<String>,
    /// How the area is monitored.
    pub monitoring: String,
}

fn area(metrics: &[&str], thresholds: &[&str], monitoring: &str) -> QualityArea {
    QualityArea {
        metrics: metrics.iter().map(|s| s.to_string()).collect(),
        thresholds: thresholds.iter().map(|s| s.to_string()).collect(),
        monitoring: monitoring.into(),
    }
}

/// The four areas of the quality assurance framework.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct QualityFramework {
    /// Process quality.
    pub process: QualityArea,
    /// Deliverable quality.
    pub deliverable: QualityArea,
    /// Coordination quality.
    pub coordination: QualityArea,
    /// Performance quality.
    pub performance: QualityArea,
}

impl Default for QualityFramework {
    fn default() -> Self {
        QualityFramework {
            process: area(
                &["Checkpoint adherence", "Rework rate"],
                &["All checkpoints held", "Rework tracked per deliverable"],
                "Checkpoint log review by the lead orchestrator",
            ),
            deliverable: area(
                &["Quality gate pass rate", "Defects found in review"],
                &["All gates passed", "No open critical defects"],
                "Quality gate results",
            ),
            coordination: area(
                &["Handoff delay", "Blocked time"],
                &[
                    "No handoff waits past its checkpoint",
                    "Blocked time reported at every checkpoint",
                ],
                "Status broadcasts",
            ),
            performance: area(
                &["Schedule variance", "Critical path slip"],
                &[
                    "Variance within the timeline tolerance",
                    "No critical path slip",
                ],
                "Schedule tracking against the plan",
            ),
        }
    }
}

/// A measured metric with its target (dashboard and KPIs). Status and trend
/// are computed: met when `current` reaches `target` in the metric's
/// direction, alert when it is past `threshold`, watch in between; the
/// trend compares `current` with `previous`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Metric {
    /// Category, e.g. `Execution Progress`.
    pub category: String,
    /// The metric, e.g. `Tasks completed`.
    pub metric: String,
    /// Unit appended to the numbers, e.g. `%`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Current value; omitted before measurement starts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<f64>,
    /// Previous value, for the trend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<f64>,
    /// Target value.
    pub target: f64,
    /// Alert threshold. Default: none (no alert status).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
    /// Whether higher values are better.
    #[serde(default = "yes")]
    pub higher_is_better: bool,
    /// Action required when the metric is off target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
}

pub(crate) fn yes() -> bool {
    true
}

/// A quality gate: a checkpoint work must pass.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QualityGate {
    /// Identifier, e.g. `QG001`, referred to by `tasks[].quality_gates`.
    pub id: Id,
    /// Gate name.
    pub name: String,
    /// When the gate is activated (PACT).
    pub trigger: String,
    /// What must be validated.
    pub criteria: String,
    /// How it is validated.
    pub validation: String,
    /// The agent who validates (agent id or `lead`).
    pub agent: Id,
    /// Success threshold.
    pub threshold: String,
    /// Escalation when the gate fails.
    pub escalation: String,
    /// What happens on a pass.
    pub pass_action: String,
    /// What happens on a failure.
    pub fail_action: String,
}

/// Quality framework, dashboard and gates.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Quality {
    /// The quality assurance framework.
    pub framework: QualityFramework,
    /// Monitoring dashboard metrics.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dashboard: Vec<Metric>,
    /// Quality gates and checkpoints.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub gates: Vec<QualityGate>,
}

/// A risk. Score = probability × impact (0–5); level: critical ≥ 3,
/// high ≥ 2, medium ≥ 1, low below.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Risk {
    /// Identifier, e.g. `R001`.
    pub id: Id,
    /// What could go wrong.
    pub description: String,
    /// Probability (0–1).
    pub probability: Probability,
    /// Impact (1–5).
    pub impact: Impact,
    /// Mitigation strategy.
    pub mitigation: String,
    /// Contingency plan.
    pub contingency: String,
    /// Owner (agent id or `lead`).
    pub owner: Id,
}

/// A contingency scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contingency {
    /// Scenario, e.g. `Agent Failure`.
    pub scenario: String,
    /// Trigger conditions.
    pub trigger: String,
    /// Response actions.
    pub actions: String,
    /// Resource requirements.
    pub resources: String,
    /// Recovery time.
    pub recovery_time: Duration,
    /// Success criteria.
    pub success_criteria: String,
}

text_block! {
    /// The six steps of the emergency response procedure.
    EmergencyProcedure {
        /// 1. How issues are detected.
        detection = "Status broadcasts, failed quality gates and overrun alerts",
        /// 2. How impact is assessed.
        assessment = "The lead orchestrator checks the affected tasks against the critical path",
        /// 3. When the response is activated.
        activation = "Any critical-path task blocked, or any risk scored critical materializing",
        /// 4. How resources are mobilized.
        mobilization = "Reserved capacity and support-tier agents are assigned to the affected tasks",
        /// 5. Recovery steps.
        recovery = "Re-plan the affected tasks, re-run their dependencies' checks, resume",
        /// 6. Validation and closure.
        validation = "The affected quality gates pass again and the incident is logged",
    }
}
