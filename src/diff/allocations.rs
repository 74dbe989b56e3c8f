//! Token estimates and allocations of workflow iterations, before and after.
//!
//! In: the [`IterationPlan`]s of two plans (iterations matched by name, a
//! renamed iteration by its old name) and the renames found by the entity
//! diff. Out: an [`IterationMove`] per iteration whose token estimate or
//! allocations changed; allocations are matched by agent name (`analyst`,
//! `analyst-2`) and compared by target count, tokens and budget.

use std::collections::BTreeMap;

use crate::plan::iterations::{Allocation, IterationPlan};
use crate::plan::natural_cmp;

/// One allocation, as far as a reviewer of the plan cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AllocationSummary {
    pub targets: usize,
    pub tokens: u64,
    pub token_budget: u64,
}

impl AllocationSummary {
    fn of(a: &Allocation) -> Self {
        AllocationSummary {
            targets: a.targets.len(),
            tokens: a.tokens,
            token_budget: a.token_budget,
        }
    }
}

/// An allocation that appeared, disappeared or changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllocationMove {
    pub agent: String,
    pub old: Option<AllocationSummary>,
    pub new: Option<AllocationSummary>,
}

/// An iteration whose token estimate or allocations changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IterationMove {
    /// The new name (the old one for a removed iteration).
    pub name: String,
    /// Estimated tokens before and after; `None` where it does not exist.
    pub tokens: [Option<u64>; 2],
    pub allocations: Vec<AllocationMove>,
}

/// Iterations whose estimate or allocations moved, in natural name order.
/// `renamed` maps new iteration names to old ones.
pub fn moves(
    old: &[IterationPlan],
    new: &[IterationPlan],
    renamed: &BTreeMap<String, String>,
) -> Vec<IterationMove> {
    let old_name = |n: &str| renamed.get(n).cloned().unwrap_or_else(|| n.to_string());
    let mut out = Vec::new();
    for n in new {
        let was = old.iter().find(|o| o.name == old_name(&n.name));
        push_move(&mut out, &n.name, was, Some(n));
    }
    let kept: Vec<String> = new.iter().map(|n| old_name(&n.name)).collect();
    for o in old.iter().filter(|o| !kept.contains(&o.name)) {
        push_move(&mut out, &o.name, Some(o), None);
    }
    out.sort_by(|a, b| natural_cmp(&a.name, &b.name));
    out
}

fn push_move(
    out: &mut Vec<IterationMove>,
    name: &str,
    old: Option<&IterationPlan>,
    new: Option<&IterationPlan>,
) {
    let summaries = |it: Option<&IterationPlan>| -> BTreeMap<String, AllocationSummary> {
        it.iter()
            .flat_map(|it| &it.allocations)
            .map(|a| (a.agent.clone(), AllocationSummary::of(a)))
            .collect()
    };
    let (before, after) = (summaries(old), summaries(new));
    let mut agents: Vec<&String> = before.keys().chain(after.keys()).collect();
    agents.sort_by(|a, b| natural_cmp(a, b));
    agents.dedup();
    let allocations: Vec<AllocationMove> = agents
        .into_iter()
        .map(|agent| AllocationMove {
            agent: agent.clone(),
            old: before.get(agent).copied(),
            new: after.get(agent).copied(),
        })
        .filter(|m| m.old != m.new)
        .collect();
    let tokens = [
        old.map(IterationPlan::tokens),
        new.map(IterationPlan::tokens),
    ];
    if tokens[0] != tokens[1] || !allocations.is_empty() {
        out.push(IterationMove {
            name: name.to_string(),
            tokens,
            allocations,
        });
    }
}
