//! The iteration workflow of the Generic Orchestration Framework (seed
//! `002`): its "Configuration Schema" block is accepted as it stands, plus
//! the context each iteration hands its agents.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::Id;

fn default_tokens_per_point() -> u64 {
    1000
}

fn default_tokens_per_hour() -> u64 {
    10_000
}

/// A workflow of iterations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Workflow {
    /// Workflow name, e.g. `user-story-refinement`; the project name when
    /// `project` is absent.
    pub name: String,
    /// What the workflow does; the project overview when `project` is absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Directory that `targets` and `deliverables` are relative to, itself
    /// relative to the spec file (e.g. `..` or `user-story-refinement`).
    /// Default: the spec's directory. `compile --root DIR` overrides it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root: Option<String>,
    /// Tokens estimated per complexity point: an allocation's token estimate
    /// is its complexity points × this.
    #[serde(default = "default_tokens_per_point")]
    #[schemars(range(min = 1))]
    pub tokens_per_point: u64,
    /// Tokens an agent works through per hour: the rate that turns an
    /// allocation's token estimate into a duration when the workflow is
    /// scheduled (tokens ÷ this, rounded up to whole minutes). An agent
    /// entry's `duration` overrides it. Default: 10,000.
    #[serde(default = "default_tokens_per_hour")]
    #[schemars(range(min = 1))]
    pub tokens_per_hour: u64,
    /// The iterations, run in dependency order.
    pub iterations: Vec<Iteration>,
}

/// One iteration: a goal, the agents working on it and how it is validated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Iteration {
    /// Iteration name, used in its directory name, e.g. `requirements-analysis`.
    pub name: Id,
    /// What the iteration achieves.
    pub goal: String,
    /// Iterations that must complete first (iteration names).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dependencies: Vec<Id>,
    /// Agent assignments by role.
    pub agents: Vec<IterationAgent>,
    /// What must be true when the iteration is done.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub completion_criteria: Vec<String>,
    /// Shell commands that validate the iteration (exit 0 = pass). Default:
    /// a file-existence check per deliverable.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub validation_commands: Vec<String>,
    /// Shared knowledge for every agent of the iteration (CONTEXT.md).
    #[serde(default)]
    pub context: IterationContext,
}

/// Work of one role in an iteration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IterationAgent {
    /// The role (a key of `agent_roles`).
    pub role: String,
    /// Target files: paths or globs relative to the root (`workflow.root`,
    /// `--root`). `*` matches within one path component, `**` any number of
    /// directories, `?` one character, `[a-z]` a class. A glob may also match
    /// deliverables of the iterations this one depends on. Empty: the agent
    /// works on the iteration as a whole (one allocation, one complexity unit).
    pub targets: Vec<String>,
    /// Deliverable path patterns relative to the root, expanded per target:
    /// `{story_id}` (or any `{name}`) is the text the target's first `*`
    /// matched (the file stem when the target has no `*`); `{target}` is the
    /// target path, `{stem}` its file name without extension, `{dir}` its
    /// directory.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deliverables: Vec<String>,
    /// Complexity points per target.
    #[serde(default = "one")]
    #[schemars(range(min = 0))]
    pub complexity_per_target: u64,
    /// How long each allocation of this entry takes (`90m`, `4h`, `1d`).
    /// Default: its token estimate at `workflow.tokens_per_hour`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<super::common::Duration>,
}

fn one() -> u64 {
    1
}

/// Shared context of an iteration (CONTEXT.md).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct IterationContext {
    /// What is in scope.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scope: Vec<String>,
    /// Reference documents and examples (paths or URLs).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<String>,
    /// Standards and conventions to follow.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conventions: Vec<String>,
    /// Domain-specific knowledge.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub domain_knowledge: Vec<String>,
    /// Constraints.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub constraints: Vec<String>,
    /// What the iteration must not do.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub non_goals: Vec<String>,
}

/// An agent role: perspective, responsibilities, capabilities and limits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AgentRole {
    /// The viewpoint the agent takes, e.g. `Senior Backend Engineer`.
    pub perspective: String,
    /// What the role is responsible for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub responsibilities: Vec<String>,
    /// What the role can do.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub capabilities: Vec<String>,
    /// Token budget of one agent of this role.
    #[schemars(range(min = 1))]
    pub token_budget: u64,
    /// Most targets one agent of this role takes; more are split across
    /// several agents.
    #[schemars(range(min = 1))]
    pub complexity_threshold: u64,
    /// Roles whose output this role depends on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dependencies: Vec<String>,
    /// Kinds of deliverable the role produces.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub output_format: Vec<String>,
}
