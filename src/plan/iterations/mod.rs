//! Allocation of a workflow's iterations: targets, deliverables, agents,
//! token estimates and risk (seed 002's `generate_prompts.py`, done
//! deterministically).
//!
//! In: a checked [`Workflow`], its [`AgentRole`]s and a [`RootListing`] of
//! the files under the root. Out: [`Allocated`]: one [`IterationPlan`] per
//! iteration in dependency order (ties keep spec order), each with its
//! [`Allocation`]s, plus [`Finding`]s located by JSON pointer.
//!
//! For each agent entry of an iteration:
//! 1. its target globs ([`glob`]) are matched against the listing and
//!    against the deliverables planned by the iterations it depends on,
//!    directly or not; the union is sorted (natural order) and unique. A
//!    glob that matches nothing is a finding with the caller's severity
//!    (`check` warns, `compile` fails). An entry with no targets at all
//!    (`targets: []`) is one allocation working on the iteration as a whole,
//!    costing one `complexity_per_target`; an entry whose globs matched
//!    nothing gets no allocation.
//! 2. the targets are split across agents ([`split`]): more than the role's
//!    `complexity_threshold` makes `role-1`, `role-2`, ... (numbered across
//!    every entry of the role in the iteration); otherwise the agent is
//!    named after the role.
//! 3. each allocation's deliverables are its patterns expanded per target
//!    ([`expand`]), unique within the allocation. Two allocations planning
//!    the same path is an error.
//! 4. complexity = targets × `complexity_per_target`; tokens = complexity ×
//!    `workflow.tokens_per_point`; risk = tokens against the role's
//!    `token_budget` ([`split::risk`]). Over budget is a warning.

mod expand;
pub mod glob;
pub mod root;
mod split;
mod state;

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::Severity;
use crate::spec::{AgentRole, Workflow};
use state::State;

pub use expand::{expand, has_variables, stem, TargetVars};
pub use glob::TargetGlob;
pub use root::{list, RootListing};
pub use split::{ratio, risk, split, Risk};

/// A planned deliverable and the target it was expanded for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deliverable {
    /// Root-relative path.
    pub path: String,
    /// The target it comes from (`None` for agents without targets).
    pub target: Option<String>,
    /// Index of the pattern in the agent entry's `deliverables`.
    pub pattern: usize,
}

/// The work of one agent.
#[derive(Debug, Clone, PartialEq)]
pub struct Allocation {
    /// Agent name: the role, or `role-N` when the role has several agents.
    pub agent: String,
    pub role: String,
    /// Index of the agent entry in the iteration's `agents`.
    pub entry: usize,
    /// 1-based number of this agent among the role's agents, and their count.
    pub part: usize,
    pub parts: usize,
    /// Root-relative target paths, in natural order.
    pub targets: Vec<String>,
    pub deliverables: Vec<Deliverable>,
    /// Complexity points.
    pub complexity: u64,
    /// Estimated tokens: complexity × tokens per point.
    pub tokens: u64,
    /// The role's token budget.
    pub token_budget: u64,
    pub risk: Risk,
}

/// One iteration with its allocations.
#[derive(Debug, Clone, PartialEq)]
pub struct IterationPlan {
    /// Index in `workflow.iterations`.
    pub index: usize,
    /// 1-based position in execution order (`NN` in the directory name).
    pub number: usize,
    pub name: String,
    /// Output directory, `iterations/NN-<name>`.
    pub dir: String,
    /// Names of the iterations it depends on directly.
    pub dependencies: Vec<String>,
    pub allocations: Vec<Allocation>,
}

impl IterationPlan {
    /// Estimated tokens of every allocation.
    pub fn tokens(&self) -> u64 {
        self.allocations
            .iter()
            .fold(0, |a, b| a.saturating_add(b.tokens))
    }
}

/// A problem found while allocating, located by JSON pointer.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub severity: Severity,
    pub pointer: String,
    pub rule: &'static str,
    pub message: String,
    pub help: Option<String>,
}

/// The result of [`allocate`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Allocated {
    pub iterations: Vec<IterationPlan>,
    pub findings: Vec<Finding>,
}

/// Where targets are looked up, and how strict to be when one matches nothing.
pub struct RootInfo<'a> {
    pub listing: &'a RootListing,
    /// How the root is named in messages (a path as the user gave it).
    pub display: &'a str,
    /// Severity of a glob that matches nothing.
    pub unmatched: Severity,
}

/// Every target pattern of the workflow with its JSON pointer, parsed.
pub fn target_globs(wf: &Workflow) -> Vec<(String, Result<TargetGlob, String>)> {
    let mut out = Vec::new();
    for (i, it) in wf.iterations.iter().enumerate() {
        for (j, a) in it.agents.iter().enumerate() {
            for (k, t) in a.targets.iter().enumerate() {
                out.push((
                    format!("/workflow/iterations/{i}/agents/{j}/targets/{k}"),
                    TargetGlob::new(t),
                ));
            }
        }
    }
    out
}

/// Iteration indices in dependency order; ties keep spec order.
pub fn order(wf: &Workflow) -> Vec<usize> {
    let n = wf.iterations.len();
    let index: BTreeMap<&str, usize> = wf
        .iterations
        .iter()
        .enumerate()
        .map(|(i, it)| (it.name.as_str(), i))
        .collect();
    let deps: Vec<Vec<usize>> = wf
        .iterations
        .iter()
        .map(|it| {
            it.dependencies
                .iter()
                .filter_map(|d| index.get(d.as_str()).copied())
                .collect()
        })
        .collect();
    let mut done = vec![false; n];
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let ready = (0..n).find(|&i| !done[i] && deps[i].iter().all(|&d| done[d]));
        // A cycle (rejected by validation) would leave no ready node: take spec order.
        let next = ready.or_else(|| (0..n).find(|&i| !done[i])).unwrap_or(0);
        done[next] = true;
        out.push(next);
    }
    out
}

/// Allocates every iteration (see the module docs).
pub fn allocate(
    wf: &Workflow,
    roles: &BTreeMap<String, AgentRole>,
    root: &RootInfo<'_>,
) -> Allocated {
    let globs: BTreeMap<String, Result<TargetGlob, String>> =
        target_globs(wf).into_iter().collect();
    let mut st = State::new(wf, roles, root, &globs);
    let order = order(wf);
    let width = order.len().to_string().len().max(2);
    let mut produced: Vec<Vec<String>> = vec![Vec::new(); wf.iterations.len()];
    let mut reach: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); wf.iterations.len()];
    let mut iterations = Vec::with_capacity(order.len());
    for (pos, &i) in order.iter().enumerate() {
        let it = &wf.iterations[i];
        // Transitive dependencies: the direct ones and theirs (computed earlier).
        for d in &it.dependencies {
            if let Some(di) = wf.iterations.iter().position(|x| x.name == *d) {
                let theirs = reach[di].clone();
                reach[i].insert(di);
                reach[i].extend(theirs);
            }
        }
        let allocations = st.iteration(i, &reach[i], &produced);
        produced[i] = allocations
            .iter()
            .flat_map(|a| a.deliverables.iter().map(|d| d.path.clone()))
            .collect();
        iterations.push(IterationPlan {
            index: i,
            number: pos + 1,
            name: it.name.0.clone(),
            dir: format!("iterations/{:0width$}-{}", pos + 1, it.name),
            dependencies: it.dependencies.iter().map(|d| d.0.clone()).collect(),
            allocations,
        });
    }
    Allocated {
        iterations,
        findings: st.findings,
    }
}

/// `1234567` → `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests;
