//! Context for agent prompts (part of the one context builder; see
//! `context`). The built-in `agent-prompt.md` and every per-role template
//! (`templates:` in the spec) see exactly these variables, documented in
//! `docs/iterations.md`:
//!
//! - `project.name`; `workflow` (`name`, `description`, `tokens_per_point`,
//!   `iteration_count`, `agent_count`, `total_tokens`, `total_points`);
//! - `iteration` (`name`, `number`, `goal`, `dependencies`);
//! - `agent` (`name`, `role`, `part`, `parts`, `others`);
//! - `role` (`name`, `perspective`, `responsibilities`, `capabilities`,
//!   `token_budget`, `complexity_threshold`, `dependencies`, `output_format`);
//! - `allocation` (`targets`, `deliverables` with `path` and `target`,
//!   `complexity`, `complexity_per_target`, `tokens`, `ratio`, `risk`,
//!   `over_budget`, `wave`, `depends_on`: the agents of the same iteration
//!   it waits for, `upstream`: the exact files it reads first);
//! - `shared` (`context`, `criteria`: paths of CONTEXT.md and
//!   COMPLETION_CRITERIA.md relative to the prompt).
//!
//! In: a [`Plan`], one iteration and one of its allocations. Out: a value.

use serde_json::{json, Value};

use super::context_iterations::{workflow, workflow_context};
use crate::plan::iterations::{ratio, thousands, Allocation, IterationPlan, Risk};
use crate::plan::Plan;

/// Context of one agent prompt.
pub fn agent_prompt_context(plan: &Plan, it: &IterationPlan, a: &Allocation) -> Value {
    let spec_it = workflow(plan).and_then(|w| w.iterations.get(it.index));
    let entry = spec_it.and_then(|s| s.agents.get(a.entry));
    let role = plan.spec.agent_roles.get(&a.role);
    let k = it
        .allocations
        .iter()
        .position(|x| x.agent == a.agent)
        .unwrap_or(0);
    let waves = crate::plan::tasks::launch_waves(&plan.spec, it);
    let upstream = crate::plan::tasks::upstream_files(&plan.spec, &plan.iterations, it);
    let (wave, depends_on) = waves.get(k).cloned().unwrap_or((1, Vec::new()));
    let others: Vec<String> = it
        .allocations
        .iter()
        .filter(|o| o.role == a.role && o.agent != a.agent)
        .map(|o| o.agent.clone())
        .collect();
    json!({
        "project": {"name": plan.project.name},
        "workflow": workflow_context(plan),
        "iteration": {
            "name": it.name,
            "number": super::context_iterations::number(plan, it),
            "goal": spec_it.map(|s| s.goal.clone()).unwrap_or_default(),
            "dependencies": it.dependencies,
        },
        "agent": {"name": a.agent, "role": a.role, "part": a.part, "parts": a.parts, "others": others},
        "role": {
            "name": a.role,
            "perspective": role.map(|r| r.perspective.clone()).unwrap_or_default(),
            "responsibilities": role.map(|r| r.responsibilities.clone()).unwrap_or_default(),
            "capabilities": role.map(|r| r.capabilities.clone()).unwrap_or_default(),
            "token_budget": thousands(a.token_budget),
            "complexity_threshold": role.map_or(0, |r| r.complexity_threshold),
            "dependencies": role.map(|r| r.dependencies.clone()).unwrap_or_default(),
            "output_format": role.map(|r| r.output_format.clone()).unwrap_or_default(),
        },
        "allocation": {
            "targets": a.targets,
            "deliverables": a.deliverables.iter().map(|d| json!({"path": d.path, "target": d.target})).collect::<Vec<_>>(),
            "complexity": thousands(a.complexity),
            "complexity_per_target": entry.map_or(0, |e| e.complexity_per_target),
            "tokens": thousands(a.tokens),
            "ratio": format!("{:.2}", ratio(a.tokens, a.token_budget)),
            "risk": a.risk.as_str(),
            "over_budget": a.risk == Risk::OverBudget,
            "wave": wave,
            "depends_on": depends_on,
            "upstream": upstream.get(k).cloned().unwrap_or_default(),
        },
        "shared": {"context": "../CONTEXT.md", "criteria": "../COMPLETION_CRITERIA.md"},
    })
}
