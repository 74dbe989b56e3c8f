//! Context for the iteration documents (part of the one context builder;
//! see `context`): the iteration plan, and per iteration its CONTEXT.md,
//! COMPLETION_CRITERIA.md and README.md. Agent prompts: `context_agents`.
//!
//! In: a [`Plan`] whose iterations are allocated. Out: `serde_json::Value`s.
//! Numbers are formatted here (`15,000`, ratios with two decimals); paths,
//! globs and patterns stay raw for the `code` filters; the Mermaid body and
//! the shell commands are built ready to print in their code blocks.

use serde_json::{json, Value};

use super::escape::{fence, shell_quote};
use super::mermaid;
use crate::plan::iterations::{ratio, thousands, Allocation, IterationPlan, Risk};
use crate::plan::Plan;
use crate::spec::{Iteration, Workflow};

/// Allocations listed as the riskiest in the plan.
const RISKIEST: usize = 5;

/// The spec's workflow; documents of this family exist only when it does.
pub(super) fn workflow(plan: &Plan) -> Option<&Workflow> {
    plan.spec.workflow.as_ref()
}

fn spec_iteration<'a>(plan: &'a Plan, it: &IterationPlan) -> Option<&'a Iteration> {
    workflow(plan).and_then(|w| w.iterations.get(it.index))
}

/// `iterations/01-x` → `01-x`.
pub(super) fn dir_name(it: &IterationPlan) -> &str {
    it.dir.rsplit('/').next().unwrap_or(&it.dir)
}

pub(super) fn prompt_file(a: &Allocation) -> String {
    format!("{}-agent-prompt.md", a.agent)
}

pub(super) fn number(plan: &Plan, it: &IterationPlan) -> String {
    let width = plan.iterations.len().to_string().len().max(2);
    format!("{:0width$}", it.number)
}

/// Workflow facts shared by every iteration document.
pub(super) fn workflow_context(plan: &Plan) -> Value {
    let wf = workflow(plan);
    let total = plan
        .iterations
        .iter()
        .fold(0u64, |t, it| t.saturating_add(it.tokens()));
    let points = plan
        .iterations
        .iter()
        .flat_map(|it| &it.allocations)
        .fold(0u64, |t, a| t.saturating_add(a.complexity));
    json!({
        "name": wf.map(|w| w.name.clone()).unwrap_or_default(),
        "description": wf.and_then(|w| w.description.clone()).filter(|d| !d.trim().is_empty()),
        "tokens_per_point": thousands(wf.map_or(0, |w| w.tokens_per_point)),
        "iteration_count": plan.iterations.len(),
        "agent_count": plan.iterations.iter().map(|it| it.allocations.len()).sum::<usize>(),
        "total_tokens": thousands(total),
        "total_points": thousands(points),
    })
}

/// One allocation as a table row.
pub(super) fn allocation_row(plan: &Plan, it: &IterationPlan, a: &Allocation) -> Value {
    json!({
        "iteration": it.name,
        "number": number(plan, it),
        "agent": a.agent,
        "role": a.role,
        "prompt": format!("{}/agent-prompts/{}", dir_name(it), prompt_file(a)),
        "prompt_file": prompt_file(a),
        "targets": a.targets.len(),
        "deliverables": a.deliverables.len(),
        "complexity": thousands(a.complexity),
        "tokens": thousands(a.tokens),
        "budget": thousands(a.token_budget),
        "ratio": format!("{:.2}", ratio(a.tokens, a.token_budget)),
        "risk": a.risk.as_str(),
        "over_budget": a.risk == Risk::OverBudget,
    })
}

/// `iterations/README.md`: order, graph, agents, totals, riskiest.
pub fn iteration_plan_context(plan: &Plan) -> Value {
    let iterations: Vec<Value> = plan
        .iterations
        .iter()
        .map(|it| {
            json!({
                "number": number(plan, it),
                "name": it.name,
                "goal": spec_iteration(plan, it).map(|s| s.goal.clone()).unwrap_or_default(),
                "readme": format!("{}/README.md", dir_name(it)),
                "dependencies": if it.dependencies.is_empty() { "None".to_string() } else { it.dependencies.join(", ") },
                "agents": it.allocations.len(),
                "tokens": thousands(it.tokens()),
            })
        })
        .collect();
    let mut all: Vec<(&IterationPlan, &Allocation)> = plan
        .iterations
        .iter()
        .flat_map(|it| it.allocations.iter().map(move |a| (it, a)))
        .collect();
    let rows: Vec<Value> = all
        .iter()
        .map(|(it, a)| allocation_row(plan, it, a))
        .collect();
    // Highest tokens/budget first (compared exactly), then execution order.
    all.sort_by(|(ia, a), (ib, b)| {
        let (x, y) = (
            u128::from(a.tokens) * u128::from(b.token_budget),
            u128::from(b.tokens) * u128::from(a.token_budget),
        );
        y.cmp(&x)
            .then(ia.number.cmp(&ib.number))
            .then(a.agent.cmp(&b.agent))
    });
    let riskiest: Vec<Value> = all
        .iter()
        .take(RISKIEST)
        .map(|(it, a)| allocation_row(plan, it, a))
        .collect();
    let over = all
        .iter()
        .filter(|(_, a)| a.risk == Risk::OverBudget)
        .count();
    json!({
        "workflow": workflow_context(plan),
        "iterations": iterations,
        "allocations": rows,
        "riskiest": riskiest,
        "over_budget_count": over,
        "graph": mermaid::iteration_graph(plan),
    })
}

/// Context of CONTEXT.md, COMPLETION_CRITERIA.md and README.md.
pub fn iteration_context(plan: &Plan, it: &IterationPlan) -> Value {
    let spec = spec_iteration(plan, it);
    let c = spec.map(|s| s.context.clone()).unwrap_or_default();
    let deps: Vec<Value> = it
        .dependencies
        .iter()
        .filter_map(|d| plan.iterations.iter().find(|x| x.name == *d))
        .map(|d| json!({"name": d.name, "number": number(plan, d), "dir": dir_name(d)}))
        .collect();
    let dependents: Vec<String> = plan
        .iterations
        .iter()
        .filter(|x| x.dependencies.contains(&it.name))
        .map(|x| x.name.clone())
        .collect();
    let (commands, default_commands) = validation_commands(spec, it);
    json!({
        "workflow": workflow_context(plan),
        "iteration": {
            "name": it.name,
            "number": number(plan, it),
            "position": format!("{} of {}", it.number, plan.iterations.len()),
            "goal": spec.map(|s| s.goal.clone()).unwrap_or_default(),
            "dependencies": deps,
            "dependents": dependents,
            "tokens": thousands(it.tokens()),
            "points": thousands(it.allocations.iter().fold(0u64, |t, a| t.saturating_add(a.complexity))),
        },
        "context": {
            "scope": c.scope,
            "references": c.references,
            "conventions": c.conventions,
            "domain_knowledge": c.domain_knowledge,
            "constraints": c.constraints,
            "non_goals": c.non_goals,
        },
        "work": work(spec, it),
        "agents": it.allocations.iter().map(|a| allocation_row(plan, it, a)).collect::<Vec<_>>(),
        "deliverables": deliverables(it),
        "criteria": spec.map(|s| s.completion_criteria.clone()).unwrap_or_default(),
        "validation": {"commands": commands, "default": default_commands, "fence": fence(&commands)},
        "waves": waves(plan, it),
        "attention": it.allocations.iter().filter(|a| a.risk >= Risk::High).map(|a| allocation_row(plan, it, a)).collect::<Vec<_>>(),
    })
}

/// Per agent entry: the role, its target patterns and how many targets
/// they matched (the scope of the iteration).
fn work(spec: Option<&Iteration>, it: &IterationPlan) -> Vec<Value> {
    let Some(spec) = spec else { return Vec::new() };
    spec.agents
        .iter()
        .enumerate()
        .map(|(j, e)| {
            let mine: Vec<&Allocation> = it.allocations.iter().filter(|a| a.entry == j).collect();
            json!({
                "role": e.role,
                "patterns": e.targets,
                "deliverable_patterns": e.deliverables,
                "targets": mine.iter().map(|a| a.targets.len()).sum::<usize>(),
                "agents": mine.iter().map(|a| a.agent.clone()).collect::<Vec<_>>().join(", "),
                "complexity_per_target": e.complexity_per_target,
            })
        })
        .collect()
}

fn deliverables(it: &IterationPlan) -> Vec<Value> {
    it.allocations
        .iter()
        .flat_map(|a| {
            a.deliverables
                .iter()
                .map(move |d| json!({"path": d.path, "agent": a.agent, "target": d.target}))
        })
        .collect()
}

/// The spec's commands, then one existence check per deliverable (`test
/// -s`: the file exists and is not empty) that the spec's commands do not
/// already make, run from the root. The flag says no command is the spec's.
fn validation_commands(spec: Option<&Iteration>, it: &IterationPlan) -> (Vec<String>, bool) {
    let given: Vec<String> = spec
        .map(|s| s.validation_commands.clone())
        .unwrap_or_default();
    let default = given.is_empty();
    let mut out = given;
    for d in it.allocations.iter().flat_map(|a| &a.deliverables) {
        let check = format!("test -s {}", shell_quote(&d.path));
        let plain = format!("test -s {}", d.path);
        if !out.contains(&check) && !out.contains(&plain) {
            out.push(check);
        }
    }
    (out, default)
}

/// Launch waves of an iteration: wave number, and per agent its prompt and
/// the agents it waits for.
fn waves(plan: &Plan, it: &IterationPlan) -> Vec<Value> {
    let waves = crate::plan::tasks::launch_waves(&plan.spec, it);
    let max = waves.iter().map(|w| w.0).max().unwrap_or(0);
    (1..=max)
        .map(|w| {
            let agents: Vec<Value> = it
                .allocations
                .iter()
                .zip(&waves)
                .filter(|(_, x)| x.0 == w)
                .map(|(a, (_, after))| {
                    json!({"agent": a.agent, "prompt_file": prompt_file(a), "after": after.join(", ")})
                })
                .collect();
            json!({"wave": w, "agents": agents})
        })
        .collect()
}

/// The iterations as the JAEGIS and PACT documents show them: order,
/// dependencies, the window of the tasks carrying them out, and launch
/// waves.
pub(super) fn plan_iterations(plan: &Plan) -> Value {
    plan.iterations
        .iter()
        .map(|it| {
            let waves = crate::plan::tasks::launch_waves(&plan.spec, it);
            let mine: Vec<usize> = (0..plan.tasks.len())
                .filter(|&t| plan.tasks[t].iteration.as_deref() == Some(it.name.as_str()))
                .collect();
            let start = mine.iter().map(|&t| plan.schedule.start[t]).min();
            let finish = mine.iter().map(|&t| plan.schedule.finish[t]).max();
            let window = match (start, finish) {
                (Some(a), Some(b)) => format!(
                    "{} - {} ({})",
                    plan.clock.start(a),
                    plan.clock.end(a, b),
                    plan.duration(b - a)
                ),
                _ => "not scheduled (no task carries it out)".into(),
            };
            let max_wave = waves.iter().map(|w| w.0).max().unwrap_or(0);
            let wave_rows: Vec<Value> = (1..=max_wave)
                .map(|w| {
                    let agents: Vec<&str> = it
                        .allocations
                        .iter()
                        .zip(&waves)
                        .filter(|(_, x)| x.0 == w)
                        .map(|(a, _)| a.agent.as_str())
                        .collect();
                    json!({"wave": w, "agents": agents.join(", ")})
                })
                .collect();
            json!({
                "number": number(plan, it),
                "name": it.name,
                "goal": spec_iteration(plan, it).map(|s| s.goal.clone()).unwrap_or_default(),
                "dependencies": if it.dependencies.is_empty() { "None".to_string() } else { it.dependencies.join(", ") },
                "agents": it.allocations.len(),
                "tokens": thousands(it.tokens()),
                "window": window,
                "tasks": mine.iter().map(|&t| plan.tasks[t].id.clone()).collect::<Vec<_>>().join(", "),
                "waves": wave_rows,
            })
        })
        .collect()
}
