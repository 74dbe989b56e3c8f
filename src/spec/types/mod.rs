//! `RawSpec`: the project spec exactly as the user writes it.
//!
//! In: nothing (these are serde + schemars types). Out: the JSON Schema
//! (`planforge schema`, `schemas/planforge.schema.json`) and the typed value
//! that `validate` checks and `plan` computes from. Every field's doc comment
//! becomes its schema `description`, which editors show on hover. Fields
//! with documented defaults are optional; lists the spec leaves out are
//! either computed by `plan` or rendered as a sentence saying what to add.

mod common;
mod execution;
mod operations;
mod outcomes;
mod pact;
mod text;
mod workflow;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use common::*;
pub use execution::*;
pub use operations::*;
pub use outcomes::*;
pub use pact::*;
pub use workflow::*;

/// A planforge project spec: one YAML file from which the JAEGIS execution
/// orchestration framework, the PACT action-phase plan and the per-iteration
/// documents are compiled.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "planforge project spec")]
pub struct RawSpec {
    /// Project metadata. Optional when `workflow` is given: the name and
    /// overview then default to `workflow.name` and `workflow.description`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<Project>,
    /// The agents taking part (the lead orchestrator is implied and not listed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agents: Vec<Agent>,
    /// The tasks to execute. Execution order, critical path, dates and the
    /// total duration are computed from their `duration` and `depends_on`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<Task>,
    /// Workflow phases (JAEGIS workflow architecture, PACT sprints). Default:
    /// the five phases of the JAEGIS execution-orchestration workflow
    /// (initialization, coordination and launch, monitoring, quality
    /// assurance, completion) with their time boxes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phases: Option<Vec<Phase>>,
    /// Patterns from the built-in orchestration pattern catalog to adopt; each
    /// is rendered with its structure, best practices, tools and validation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub patterns: Vec<PatternName>,
    /// How agents coordinate (sequential, parallel, hierarchical,
    /// peer-to-peer). Default: the four kinds, with participants computed
    /// from the task graph.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coordination_patterns: Option<Vec<CoordinationPattern>>,
    /// Parallel execution streams. Default: derived from the task graph
    /// (each dependency chain that can run beside the others is a stream).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub streams: Vec<Stream>,
    /// Communication channels, coordination protocols and information sharing.
    #[serde(default)]
    pub communication: Communication,
    /// Resource capacity, dynamic resource scenarios and optimization strategy.
    #[serde(default)]
    pub resources: Resources,
    /// Quality framework, monitoring dashboard and quality gates.
    #[serde(default)]
    pub quality: Quality,
    /// Risks; scored probability × impact and sorted by score.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub risks: Vec<Risk>,
    /// Contingency scenarios (agent failure, resource shortage, ...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contingencies: Vec<Contingency>,
    /// The six steps of the emergency response procedure.
    #[serde(default)]
    pub emergency_procedure: EmergencyProcedure,
    /// Optimization strategies and the continuous improvement cycle.
    #[serde(default)]
    pub optimization: Optimization,
    /// Success criteria and key performance indicators.
    #[serde(default)]
    pub success: Success,
    /// Framework approvals and governance.
    #[serde(default)]
    pub governance: Governance,
    /// Document control block printed at the end of the framework.
    #[serde(default)]
    pub document_control: DocumentControl,
    /// Content specific to the PACT action-phase plan.
    #[serde(default)]
    pub pact: Pact,
    /// Iteration workflow (Generic Orchestration Framework configuration):
    /// iterations, their agents, targets and deliverables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workflow: Option<Workflow>,
    /// Agent roles used by `workflow` iterations, by role name.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub agent_roles: std::collections::BTreeMap<String, AgentRole>,
    /// Prompt template per role (Tera syntax; `.j2` files accepted), relative
    /// to the spec file. Roles without one use the built-in agent prompt.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub templates: std::collections::BTreeMap<String, String>,
}
