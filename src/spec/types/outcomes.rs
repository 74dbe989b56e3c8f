//! Optimization, success criteria, governance and document control.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::*;
use super::operations::Metric;
use super::text::text_block;

/// An optimization strategy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Strategy {
    /// Strategy type, e.g. `Execution Optimization`.
    pub name: String,
    /// What it does.
    pub description: String,
    /// How it is implemented.
    pub method: String,
    /// Expected benefit.
    pub benefit: String,
    /// How the benefit is measured.
    pub criteria: String,
    /// How often it is reviewed.
    pub frequency: Frequency,
}

text_block! {
    /// Measurement step of the improvement cycle.
    Measurement {
        /// How often.
        frequency = "At every milestone",
        /// Which metrics.
        metrics = "Schedule variance, quality gate pass rate, blocked time",
        /// Measurement methods.
        methods = "Status broadcasts and quality gate results",
    }
}

text_block! {
    /// Analysis step of the improvement cycle.
    Analysis {
        /// Analysis techniques.
        techniques = "Critical path review and root cause analysis",
        /// Tools.
        tools = "planforge diff between plan revisions",
        /// Who analyses.
        participants = "The lead orchestrator and the primary agents",
    }
}

text_block! {
    /// Improvement step of the improvement cycle.
    Improvement {
        /// How improvements are identified.
        identification = "Variances and failed gates from the last cycle",
        /// How they are prioritized.
        prioritization = "Impact on the critical path first",
        /// How they are implemented.
        implementation = "As spec changes, recompiled and reviewed",
    }
}

text_block! {
    /// Validation step of the improvement cycle.
    Validation {
        /// How changes are tested.
        testing = "planforge check and compile --check in CI",
        /// How the effect is measured.
        measurement = "The same metrics, compared with the previous cycle",
        /// Who approves.
        approval = "The lead orchestrator",
    }
}

/// The continuous improvement cycle.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ImprovementCycle {
    /// Measurement.
    pub measurement: Measurement,
    /// Analysis.
    pub analysis: Analysis,
    /// Improvement.
    pub improvement: Improvement,
    /// Validation.
    pub validation: Validation,
}

/// Optimization strategies and the improvement cycle.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Optimization {
    /// Optimization strategies.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub strategies: Vec<Strategy>,
    /// The continuous improvement process.
    pub improvement_cycle: ImprovementCycle,
}

fn default_tolerance() -> Percent {
    Percent(10.0)
}

fn default_satisfaction() -> f64 {
    4.0
}

/// Success criteria and KPIs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Success {
    /// Allowed timeline deviation in percent (± this much).
    pub timeline_tolerance: Percent,
    /// Minimum stakeholder satisfaction score on a 1–5 scale.
    #[schemars(range(min = 1, max = 5))]
    pub satisfaction_target: f64,
    /// Success criteria beyond the standard eight.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub criteria: Vec<String>,
    /// Key performance indicators (the performance dashboard).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kpis: Vec<Metric>,
}

impl Default for Success {
    fn default() -> Self {
        Success {
            timeline_tolerance: default_tolerance(),
            satisfaction_target: default_satisfaction(),
            criteria: Vec::new(),
            kpis: Vec::new(),
        }
    }
}

/// A framework approval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    /// Approving role, e.g. `Project Sponsor`.
    pub role: String,
    /// Name of the approver.
    pub name: String,
    /// Date of approval; without it the approval shows as pending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// Comments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comments: Option<String>,
}

/// Approvals and governance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Governance {
    /// Framework approvals.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub approvals: Vec<Approval>,
    /// Who approves framework changes. Default: the lead orchestrator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change_authority: Option<String>,
    /// How often the framework is reviewed, e.g. `week`, `sprint`.
    pub review_frequency: String,
}

impl Default for Governance {
    fn default() -> Self {
        Governance {
            approvals: Vec::new(),
            change_authority: None,
            review_frequency: "milestone".into(),
        }
    }
}

/// Document control block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct DocumentControl {
    /// Document version.
    pub version: String,
    /// Author. Default: the lead orchestrator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    /// Last update. Default: the project date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<Date>,
    /// Next review. Default: not scheduled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_review: Option<Date>,
    /// Who receives the document.
    pub distribution: Vec<String>,
}

impl Default for DocumentControl {
    fn default() -> Self {
        DocumentControl {
            version: "1.0".into(),
            created_by: None,
            last_updated: None,
            next_review: None,
            distribution: vec![
                "All JAEGIS agents".into(),
                "Project stakeholders".into(),
                "Orchestration team".into(),
            ],
        }
    }
}
