//! The one place that builds template context: every variable a built-in
//! template may use is named here and nowhere else in Rust.
//!
//! In: a [`Plan`]. Out: a `serde_json::Value` per document family. Values
//! are plain strings and lists; escaping happens in the templates (autoescape
//! and filters, see `escape`), except the Mermaid bodies, which are built
//! escaped. Absent optional content becomes a sentence saying what to add.

use serde::Serialize;
use serde_json::{json, Value};
use tera::Context;

use super::escape::num;
use super::mermaid;
use crate::plan::Plan;
use crate::spec::{CoordinationKind, Frequency, Metric};
use crate::validate::default_content::Use;

/// Context shared by the JAEGIS and PACT documents; `uses` is how the spec
/// fills each section (see `provenance`).
pub fn plan_context(plan: &Plan, uses: &[Use]) -> Result<Context, tera::Error> {
    let chains: Vec<String> = plan
        .schedule
        .chains
        .iter()
        .map(|c| {
            c.iter()
                .map(|&t| plan.tasks[t].id.as_str())
                .collect::<Vec<_>>()
                .join(" → ")
        })
        .collect();
    let mut small = object(vec![
        ("project", project(plan, uses)),
        ("tiers", tiers(plan)),
        ("coordination", coordination(plan)),
        ("patterns", patterns(plan)),
        (
            "critical_path",
            json!({
                "tasks": chains.first().cloned().unwrap_or_default(),
                "chains": chains,
                "truncated": plan.schedule.chains_truncated,
                "total": plan.duration(plan.schedule.total),
                "unlimited": plan.duration(plan.unlimited_total),
                "capacity_bound": plan.unlimited_total < plan.schedule.total,
                "calendar": plan.clock.calendar.describe(),
            }),
        ),
        ("schedule_note", Value::from(schedule_note(plan))),
        ("gantt", Value::from(mermaid::gantt(plan))),
        ("flowchart", Value::from(mermaid::flowchart(plan))),
        ("chart_note", Value::from(chart_note(plan))),
        ("default_note", super::provenance::notes(uses)),
        (
            "triggered_agents",
            Value::from(
                plan.agents
                    .iter()
                    .filter(|a| !a.triggers.is_empty())
                    .count(),
            ),
        ),
        ("provenance", super::provenance::appendix(uses)),
        ("streams_derived", Value::from(plan.streams_derived)),
        (
            "iterations",
            super::context_iterations::plan_iterations(plan),
        ),
        (
            "agent_ids",
            Value::from(plan.agents.iter().map(|a| a.id.clone()).collect::<Vec<_>>()),
        ),
        (
            "task_ids",
            Value::from(plan.tasks.iter().map(|t| t.id.clone()).collect::<Vec<_>>()),
        ),
    ]);
    if let (Value::Object(a), Value::Object(b)) =
        (&mut small, super::context_ops::operations(plan, uses))
    {
        a.extend(b);
    }
    // The lists that grow with the plan go in as typed rows: one conversion,
    // no intermediate JSON.
    let mut ctx = Context::from_serialize(&small)?;
    ctx.insert("agents", &agents(plan));
    ctx.insert("phases", &super::context_phases::phases(plan));
    ctx.insert("tasks", &super::context_phases::tasks(plan));
    ctx.insert("streams", &super::context_phases::streams(plan));
    Ok(ctx)
}

/// An object from entries, moving each value in (`json!` would copy it).
pub(super) fn object(entries: Vec<(&str, Value)>) -> Value {
    Value::Object(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

/// The text, or `None` when absent or blank.
fn non_blank(v: Option<&String>) -> Option<String> {
    v.filter(|s| !s.trim().is_empty()).cloned()
}

/// `n thing` / `n things`.
pub(super) fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `2.5 tasks` / `1 task` for a rate.
pub(super) fn count_f(n: f64, one: &str, many: &str) -> String {
    format!(
        "{} {}",
        num(n),
        if (n - 1.0).abs() < f64::EPSILON {
            one
        } else {
            many
        }
    )
}

/// Objectives computed from the plan when the spec lists none: only what
/// the plan itself states (its tasks, gates and risks), no invented target.
fn computed_objectives(plan: &Plan) -> Vec<String> {
    let tasks = plan.tasks.len();
    let mut out = vec![match tasks {
        1 => format!(
            "Complete the task within {}",
            plan.duration(plan.schedule.total)
        ),
        n => format!(
            "Complete all {n} tasks within {}, the length of the critical path",
            plan.duration(plan.schedule.total)
        ),
    }];
    let gates = &plan.spec.quality.gates;
    if !gates.is_empty() {
        let names: Vec<&str> = gates.iter().map(|g| g.name.as_str()).collect();
        out.push(format!(
            "Pass {}: {}",
            count(gates.len(), "quality gate", "quality gates"),
            names.join(", ")
        ));
    }
    if !plan.risks.is_empty() {
        out.push(format!(
            "Keep {} within {}",
            count(plan.risks.len(), "recorded risk", "recorded risks"),
            if plan.risks.len() == 1 {
                "its mitigation"
            } else {
                "their mitigations"
            }
        ));
    }
    out
}

/// The overview when the spec has none: what the plan is, in one sentence.
fn computed_overview(plan: &Plan) -> String {
    format!(
        "{}: {} by {} over {}, coordinated by {}.",
        plan.project.name,
        count(plan.tasks.len(), "task", "tasks"),
        count(plan.agents.len(), "agent", "agents"),
        plan.duration(plan.schedule.total),
        plan.project.lead
    )
}

/// planforge's default philosophy (marked as a default in the document).
const DEFAULT_PHILOSOPHY: &str = "Each agent leads its own tasks and starts them when the tasks they depend on are done; deliverables pass between agents through their status broadcasts; the lead orchestrator resolves conflicts and reallocates work.";

fn project(plan: &Plan, _uses: &[Use]) -> Value {
    let p = plan.spec.project.as_ref();
    let pv = &plan.project;
    let objectives: Vec<String> = match p.map(|p| p.objectives.clone()).filter(|o| !o.is_empty()) {
        Some(o) => o,
        None => computed_objectives(plan),
    };
    let timeline = match (&pv.start, plan.schedule.total) {
        (Some(_), total) => format!("{} - {}", plan.clock.start(0), plan.clock.end(0, total)),
        (None, total) => format!("{} from the start of execution", plan.duration(total)),
    };
    let timeline = format!(
        "{timeline} ({} of working time; calendar: {})",
        plan.duration(plan.schedule.total),
        plan.clock.calendar.describe()
    );
    let ecosystem = p
        .and_then(|p| p.agent_ecosystem.clone())
        .unwrap_or_else(|| {
            let names: Vec<String> = plan
                .agents
                .iter()
                .map(|a| format!("{} ({})", a.name, a.role))
                .collect();
            format!(
                "{} coordinated by {}: {}",
                count(plan.agents.len(), "agent", "agents"),
                pv.lead,
                names.join(", ")
            )
        });
    json!({
        "id": pv.id,
        "name": pv.name,
        "date": pv.date.map(|d| d.to_string()),
        "lead": pv.lead,
        "total_duration": plan.duration(plan.schedule.total),
        "agent_count": plan.agents.len(),
        "complexity": format!("{} (score {} from {} and {})", plan.complexity.level, num(plan.complexity.score), count(plan.complexity.agents, "agent", "agents"), count(plan.complexity.dependencies, "dependency", "dependencies")),
        "success_probability": match (pv.success_computed, plan.risks.len()) {
            (true, 0) => "Not assessed".to_string(),
            _ => format!("{}%", num(pv.success_probability)),
        },
        "success_basis": match (pv.success_computed, plan.risks.len()) {
            (false, 0) => "set in the spec; no risks are listed to compute it from".to_string(),
            (false, _) => format!("set in the spec; the risks give {}%", num(pv.success_from_risks)),
            (true, 0) => "no risks are listed to compute it from".to_string(),
            (true, 1) => "computed from 1 risk".to_string(),
            (true, n) => format!("computed from {n} risks"),
        },
        "overview": non_blank(pv.overview.as_ref()).unwrap_or_else(|| computed_overview(plan)),
        "philosophy": non_blank(p.and_then(|p| p.philosophy.as_ref())).unwrap_or_else(|| DEFAULT_PHILOSOPHY.into()),
        "objectives": objectives,
        "timeline": timeline,
        "dated": pv.start.is_some(),
        "ecosystem": ecosystem,
    })
}

pub(super) fn names(plan: &Plan, ids: &[String]) -> String {
    if ids.is_empty() {
        return "None".into();
    }
    ids.iter()
        .map(|i| plan.agent_name(i))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn frequency(f: Frequency) -> &'static str {
    match f {
        Frequency::Continuous => "Continuous",
        Frequency::Hourly => "Hourly",
        Frequency::Daily => "Daily",
        Frequency::Weekly => "Weekly",
        Frequency::PerMilestone => "Per milestone",
        Frequency::OnDemand => "On demand",
    }
}

fn title(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// An agent as the templates see it.
#[derive(Serialize)]
struct AgentRow<'a> {
    id: &'a str,
    name: &'a str,
    role: &'a str,
    secondary_role: &'a str,
    tier: String,
    level: String,
    frequency: &'static str,
    depends_on: String,
    triggers: &'a [String],
}

fn agents(plan: &Plan) -> Vec<AgentRow<'_>> {
    plan.agents
        .iter()
        .map(|a| AgentRow {
            id: &a.id,
            name: &a.name,
            role: &a.role,
            secondary_role: a.secondary_role.as_deref().unwrap_or("None"),
            tier: title(&format!("{:?}", a.tier).to_lowercase()),
            level: format!("{:?}", a.level),
            frequency: frequency(a.frequency),
            depends_on: names(plan, &a.depends_on),
            triggers: &a.triggers,
        })
        .collect()
}

fn tiers(plan: &Plan) -> Value {
    let of = |t: crate::spec::Tier| {
        let n: Vec<&str> = plan
            .agents
            .iter()
            .filter(|a| a.tier == t)
            .map(|a| a.name.as_str())
            .collect();
        if n.is_empty() {
            "None".to_string()
        } else {
            n.join(", ")
        }
    };
    json!({
        "primary": of(crate::spec::Tier::Primary),
        "secondary": of(crate::spec::Tier::Secondary),
        "support": of(crate::spec::Tier::Support),
    })
}

fn coordination(plan: &Plan) -> Value {
    plan.coordination
        .iter()
        .map(|c| {
            let kind = match c.kind {
                CoordinationKind::Sequential => "Sequential Coordination",
                CoordinationKind::Parallel => "Parallel Coordination",
                CoordinationKind::Hierarchical => "Hierarchical Coordination",
                CoordinationKind::PeerToPeer => "Peer-to-Peer Coordination",
            };
            // The built-in hierarchical criterion names a day, which a plan
            // shorter than a few days cannot honour: state it without one.
            let criteria = if plan.spec.coordination_patterns.is_none()
                && c.kind == CoordinationKind::Hierarchical
            {
                "Every escalation is decided before the task it blocks is due".to_string()
            } else {
                c.success_criteria.clone()
            };
            json!({
                "kind": kind,
                "description": c.description,
                "agents": names(plan, &c.agents),
                "method": c.method,
                "success_criteria": criteria,
            })
        })
        .collect()
}

fn patterns(plan: &Plan) -> Value {
    plan.patterns
        .iter()
        .map(|(name, p)| {
            json!({
                "name": name,
                "title": p.title,
                "category": p.category,
                "family": p.family,
                "description": p.description,
                "structure": p.structure.join(" → "),
                "best_practices": p.best_practices.join(", "),
                "tools": p.tools.join(", "),
                "validation": p.validation.join(", "),
            })
        })
        .collect()
}

fn schedule_note(plan: &Plan) -> String {
    let cal = plan.clock.calendar.describe();
    let durations = format!("Durations are working time; the calendar is {cal}.");
    if plan.clock.has_dates() {
        if plan.clock.whole_days() {
            format!("{durations} Dates are working days from the start date; an end date is the task's last day.")
        } else {
            format!("{durations} Times count from the start of execution; an end time is when the task finishes.")
        }
    } else {
        format!("{durations} Start and end are working-time offsets from the start of execution.")
    }
}

fn chart_note(plan: &Plan) -> String {
    let n = plan.tasks.len();
    if n > mermaid::MAX_CHART_TASKS {
        format!("The charts show the first {} of {n} tasks in execution order; the Execution Sequence Matrix lists all of them. Critical tasks (zero slack) are highlighted.", mermaid::MAX_CHART_TASKS)
    } else {
        "Critical tasks (zero slack) are highlighted.".into()
    }
}

/// A metric row: numbers with units, computed status and trend.
pub(super) fn metric(m: &Metric, status: &str, trend: &str) -> Value {
    let unit = m.unit.clone().unwrap_or_default();
    let fmt = |v: f64| format!("{}{unit}", num(v));
    json!({
        "category": m.category,
        "metric": m.metric,
        "current": m.current.map(fmt).unwrap_or_else(|| "Not measured".into()),
        "target": format!("{} {}", if m.higher_is_better { "≥" } else { "≤" }, fmt(m.target)),
        "threshold": m.threshold.map(|t| format!("{} {}", if m.higher_is_better { "<" } else { ">" }, fmt(t))).unwrap_or_else(|| "None".into()),
        "status": status,
        "trend": trend,
        "action": m.action.clone().unwrap_or_else(|| if status == "On track" { "None".into() } else { "Review with the metric's owner".into() }),
    })
}
