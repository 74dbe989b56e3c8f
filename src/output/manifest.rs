//! `manifest.json`: what compile wrote, with hashes, so a later compile can
//! tell a generated file from one edited by hand; and the execution
//! manifest of the workflow: per iteration and allocation, the agent, its
//! prompt, targets, deliverables, complexity, token estimate and risk.
//!
//! In: the rendered documents and the [`Plan`]. Out: the JSON document, and
//! its JSON Schema ([`manifest_schema`], committed as
//! `schemas/planforge-manifest.schema.json`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::plan::iterations::Risk;
use crate::plan::Plan;
use crate::render::RenderedDoc;

/// The manifest's own file name inside the output directory.
pub const MANIFEST: &str = "manifest.json";

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The spec a manifest was compiled from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SpecRecord {
    /// The spec's file name (never an absolute path).
    pub file: String,
    /// Lowercase hex SHA-256 of the spec's bytes.
    pub sha256: String,
}

/// A generated file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FileRecord {
    /// Path relative to the output directory, `/`-separated.
    pub path: String,
    /// Section-manifest kind of the document.
    pub kind: String,
    /// Lowercase hex SHA-256 of the file as written.
    pub sha256: String,
}

/// One iteration of the workflow, in execution order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct IterationRecord {
    /// Iteration name.
    pub name: String,
    /// 1-based position in execution order.
    pub number: usize,
    /// Its directory in the output, e.g. `iterations/01-requirements-analysis`.
    pub dir: String,
    /// Iterations that must complete first.
    pub dependencies: Vec<String>,
    /// The agents of the iteration.
    pub allocations: Vec<AllocationRecord>,
}

/// The work of one agent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AllocationRecord {
    /// Agent name: the role, or `role-N` when the role is split.
    pub agent: String,
    /// The role (a key of `agent_roles`).
    pub role: String,
    /// The agent's prompt, relative to the output directory.
    pub prompt: String,
    /// Target files, relative to the root directory.
    pub targets: Vec<String>,
    /// Deliverable files, relative to the root directory.
    pub deliverables: Vec<String>,
    /// Complexity points: targets × complexity per target.
    pub complexity: u64,
    /// Estimated tokens: complexity × tokens per point.
    pub tokens: u64,
    /// The role's token budget.
    pub token_budget: u64,
    /// tokens / budget: low ≤ 0.5 < medium ≤ 0.8 < high ≤ 1.0 < over-budget.
    pub risk: Risk,
    /// Launch wave within the iteration: 1 for allocations that wait for
    /// no other allocation of it.
    #[serde(default = "first_wave")]
    pub wave: usize,
    /// Agents of the same iteration whose deliverables this one reads
    /// (its role's `dependencies`); launch it after they finish.
    #[serde(default)]
    pub depends_on: Vec<String>,
}

fn first_wave() -> usize {
    1
}

/// The manifest document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "planforge compile manifest")]
pub struct Manifest {
    /// Version of planforge that wrote the output.
    pub planforge_version: String,
    /// The spec compiled.
    pub spec: SpecRecord,
    /// Every generated file, sorted by path.
    pub files: Vec<FileRecord>,
    /// The execution manifest of `workflow`, when the iteration documents
    /// were compiled; absent otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub iterations: Vec<IterationRecord>,
}

impl Manifest {
    pub fn new(spec_name: &str, spec_text: &str, docs: &[RenderedDoc]) -> Self {
        let mut files: Vec<FileRecord> = docs
            .iter()
            .map(|d| FileRecord {
                path: d.path.clone(),
                kind: d.kind.clone(),
                sha256: sha256(d.content.as_bytes()),
            })
            .collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Manifest {
            planforge_version: env!("CARGO_PKG_VERSION").into(),
            spec: SpecRecord {
                file: spec_name.into(),
                sha256: sha256(spec_text.as_bytes()),
            },
            files,
            iterations: Vec::new(),
        }
    }

    /// Records the allocations of `plan`'s iterations.
    pub fn set_iterations(&mut self, plan: &Plan) {
        self.iterations = plan
            .iterations
            .iter()
            .map(|it| IterationRecord {
                name: it.name.clone(),
                number: it.number,
                dir: it.dir.clone(),
                dependencies: it.dependencies.clone(),
                allocations: it
                    .allocations
                    .iter()
                    .zip(crate::plan::tasks::launch_waves(&plan.spec, it))
                    .map(|(a, (wave, depends_on))| AllocationRecord {
                        agent: a.agent.clone(),
                        role: a.role.clone(),
                        prompt: format!("{}/agent-prompts/{}-agent-prompt.md", it.dir, a.agent),
                        targets: a.targets.clone(),
                        deliverables: a.deliverables.iter().map(|d| d.path.clone()).collect(),
                        complexity: a.complexity,
                        tokens: a.tokens,
                        token_budget: a.token_budget,
                        risk: a.risk,
                        wave,
                        depends_on,
                    })
                    .collect(),
            })
            .collect();
    }

    pub fn to_doc(&self) -> RenderedDoc {
        let mut content = serde_json::to_string_pretty(self).unwrap_or_default();
        content.push('\n');
        RenderedDoc {
            path: MANIFEST.into(),
            kind: "manifest".into(),
            content,
        }
    }

    /// Reads a manifest; anything unreadable counts as no manifest.
    pub fn read(text: &str) -> Option<Manifest> {
        serde_json::from_str(text).ok()
    }

    /// The recorded hash of `path`.
    pub fn hash_of(&self, path: &str) -> Option<&str> {
        self.files
            .iter()
            .find(|f| f.path == path)
            .map(|f| f.sha256.as_str())
    }
}

/// The JSON Schema (2020-12) of `manifest.json`, as committed in `schemas/`.
pub fn manifest_schema() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let mut schema = generator.into_root_schema_for::<Manifest>().to_value();
    if let serde_json::Value::Object(map) = &mut schema {
        map.insert(
            "$id".into(),
            serde_json::Value::String(
                "https://planforge.dev/schemas/planforge-manifest.schema.json".into(),
            ),
        );
    }
    schema
}

/// [`manifest_schema`] as pretty JSON with a final newline.
pub fn manifest_schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&manifest_schema()).unwrap_or_default();
    text.push('\n');
    text
}
