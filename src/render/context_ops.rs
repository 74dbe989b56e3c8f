//! Context for communication, resources, quality, risks, optimization,
//! success, governance, document control and the PACT sections (part of
//! the one context builder; see `context`).

use serde_json::{json, Value};

use super::context::{frequency, metric, names};
use super::escape::num;
use crate::plan::Plan;
use crate::spec::{Id, TargetMetric};
use crate::validate::default_content::Use;

fn ids(v: &[Id]) -> Vec<String> {
    v.iter().map(|i| i.0.clone()).collect()
}

/// Whether the spec writes `field` of section `id` (see `provenance`).
fn field_set(uses: &[Use], id: &str, field: &str) -> bool {
    uses.iter()
        .find(|u| u.section.id == id)
        .is_some_and(|u| !u.unset && !u.unset_fields.iter().any(|f| f == field))
}

/// An escalation target: an agent id is shown as the agent's name.
fn escalation(plan: &Plan, text: &str) -> String {
    if plan.task(text).is_none()
        && (plan.agents.iter().any(|a| a.id == text) || text == crate::validate::LEAD)
    {
        plan.agent_name(text)
    } else {
        text.to_string()
    }
}

pub(super) fn operations(plan: &Plan, uses: &[Use]) -> Value {
    let spec = &plan.spec;
    let lead = plan.project.lead.clone();
    json!({
        "channels": spec.communication.channels,
        "protocols": spec.communication.protocols.iter().map(|p| json!({
            "name": p.name, "description": p.description, "frequency": frequency(p.frequency),
            "participants": names(plan, &ids(&p.participants)), "documentation": p.documentation, "escalation": escalation(plan, &p.escalation),
        })).collect::<Vec<_>>(),
        "information_sharing": spec.communication.information_sharing.iter().map(|f| json!({
            "information": f.information, "source": plan.agent_name(f.source.as_str()), "targets": names(plan, &ids(&f.targets)),
            "method": f.method, "frequency": frequency(f.frequency), "security": format!("{:?}", f.security),
        })).collect::<Vec<_>>(),
        "resources": plan.resources.iter().map(|r| {
            let unit = r.unit.as_ref().map(|u| format!(" {u}")).unwrap_or_default();
            json!({
                "name": r.name,
                "total": format!("{}{unit}", num(r.total)),
                "allocated": format!("{}{unit}", num(r.allocated)),
                "reserved": format!("{}{unit}", num(r.reserved)),
                "utilization": r.utilization.map(|u| format!("{}%", num(u))).unwrap_or_else(|| "Not applicable (no capacity)".into()),
                "opportunities": r.opportunities,
            })
        }).collect::<Vec<_>>(),
        "scenarios": spec.resources.scenarios.iter().map(|s| json!({
            "scenario": s.scenario, "trigger": s.trigger, "adjustment": s.adjustment,
            "agent": plan.agent_name(s.agent.as_str()), "approval": s.approval, "impact": s.impact,
        })).collect::<Vec<_>>(),
        "strategy": spec.resources.strategy,
        "quality_framework": [
            area("Process_Quality", &spec.quality.framework.process),
            area("Deliverable_Quality", &spec.quality.framework.deliverable),
            area("Coordination_Quality", &spec.quality.framework.coordination),
            area("Performance_Quality", &spec.quality.framework.performance),
        ],
        "dashboard": plan.dashboard.iter().map(|m| metric(&m.metric, m.status, m.trend)).collect::<Vec<_>>(),
        "kpis": plan.kpis.iter().map(|m| metric(&m.metric, m.status, m.trend)).collect::<Vec<_>>(),
        "gates": spec.quality.gates.iter().map(|g| json!({
            "id": g.id.0, "name": g.name, "trigger": g.trigger, "criteria": g.criteria, "validation": g.validation,
            "agent": plan.agent_name(g.agent.as_str()), "threshold": g.threshold, "escalation": escalation(plan, &g.escalation),
            "pass_action": g.pass_action.trim_end_matches('.'), "fail_action": g.fail_action.trim_end_matches('.'),
        })).collect::<Vec<_>>(),
        "risks": plan.risks.iter().map(|r| json!({
            "id": r.risk.id.0, "description": r.risk.description,
            "probability": format!("{}%", num(r.risk.probability.0 * 100.0)),
            "impact": format!("{} ({})", r.risk.impact.0, impact_word(r.risk.impact.0)),
            "score": format!("{:.2} ({})", r.score, r.level),
            "mitigation": r.risk.mitigation, "contingency": r.risk.contingency, "owner": plan.agent_name(r.risk.owner.as_str()),
        })).collect::<Vec<_>>(),
        "top_risks": plan.risks.iter().take(3).map(|r| format!("{} {} ({:.2}, {})", r.risk.id, r.risk.description, r.score, r.level)).collect::<Vec<_>>().join("; "),
        "contingencies": spec.contingencies.iter().map(|c| json!({
            "scenario": c.scenario, "trigger": c.trigger, "actions": c.actions, "resources": c.resources,
            "recovery_time": plan.duration(plan.clock.calendar.minutes(&c.recovery_time)), "success_criteria": c.success_criteria,
        })).collect::<Vec<_>>(),
        "emergency": spec.emergency_procedure,
        "strategies": spec.optimization.strategies.iter().map(|s| json!({
            "name": s.name, "description": s.description, "method": s.method, "benefit": s.benefit,
            "criteria": s.criteria, "frequency": frequency(s.frequency),
        })).collect::<Vec<_>>(),
        "cycle": spec.optimization.improvement_cycle,
        "research": research(plan),
        "success": {
            "tolerance": field_set(uses, "success", "timeline_tolerance").then(|| num(spec.success.timeline_tolerance.0)),
            "satisfaction": field_set(uses, "success", "satisfaction_target").then(|| num(spec.success.satisfaction_target)),
            "criteria": spec.success.criteria,
        },
        "approvals": approvals(plan),
        "governance": {
            "change_authority": spec.governance.change_authority.clone().unwrap_or_else(|| lead.clone()),
            "review_frequency": spec.governance.review_frequency,
        },
        "document_control": {
            "version": spec.document_control.version,
            "created_by": spec.document_control.created_by.clone().unwrap_or_else(|| lead.clone()),
            "last_updated": spec.document_control.last_updated.as_ref().map(|d| d.0.clone()).or_else(|| plan.project.date.map(|d| d.to_string())),
            "next_review": spec.document_control.next_review.as_ref().map(|d| d.0.clone()),
            "distribution": spec.document_control.distribution.join(", "),
        },
        "pact": spec.pact,
        "metric_groups": metric_groups(plan, field_set(uses, "success", "timeline_tolerance")),
        "reflection": spec.pact.reflection,
    })
}

fn area(key: &str, a: &crate::spec::QualityArea) -> Value {
    json!({"key": key, "metrics": a.metrics, "thresholds": a.thresholds, "monitoring": a.monitoring})
}

fn impact_word(i: u8) -> &'static str {
    match i {
        1 => "negligible",
        2 => "minor",
        3 => "moderate",
        4 => "major",
        _ => "severe",
    }
}

/// Research queries: seed 000's query templates filled with what this plan
/// is about (its roles, adopted patterns and gates), not with the clock.
fn research(plan: &Plan) -> Value {
    let mut roles: Vec<&str> = plan.agents.iter().map(|a| a.role.as_str()).collect();
    roles.sort_unstable();
    roles.dedup();
    let patterns: Vec<&str> = plan
        .patterns
        .iter()
        .map(|(_, p)| p.title.as_str())
        .collect();
    let gates: Vec<&str> = plan
        .spec
        .quality
        .gates
        .iter()
        .map(|g| g.name.as_str())
        .collect();
    let about = |items: &[&str], fallback: &str| {
        if items.is_empty() {
            fallback.to_string()
        } else {
            items.join(", ")
        }
    };
    json!({
        "orchestration": format!("execution orchestration multi-agent coordination: {}", about(&roles, &plan.project.name)),
        "performance": format!("performance optimization execution enhancement strategies: {}", about(&patterns, "critical path scheduling")),
        "quality": format!("quality management execution validation continuous improvement: {}", about(&gates, "quality gates")),
    })
}

/// The approval table: the spec's approvals, each approved only when it has
/// a date, and the lead orchestrator, pending unless the spec approves for
/// it. Without approvals in the spec the seed's approver roles are listed,
/// unassigned and pending: nobody has signed.
fn approvals(plan: &Plan) -> Value {
    let given = &plan.spec.governance.approvals;
    let pending = |role: &str, name: &str| json!({"role": role, "name": name, "signature": "Pending", "date": "Pending", "comments": "None"});
    let mut rows: Vec<Value> = given
        .iter()
        .map(|a| {
            json!({
                "role": a.role, "name": a.name,
                "signature": if a.date.is_some() { "Approved" } else { "Pending" },
                "date": a.date.as_ref().map(|d| d.0.clone()).unwrap_or_else(|| "Pending".into()),
                "comments": a.comments.clone().unwrap_or_else(|| "None".into()),
            })
        })
        .collect();
    if given.is_empty() {
        for role in ["Project Sponsor", "Technical Lead", "Quality Assurance"] {
            rows.push(pending(role, "Not assigned"));
        }
    }
    let lead = &plan.project.lead;
    if !given.iter().any(|a| &a.name == lead) {
        rows.push(pending("Lead Orchestrator", lead));
    }
    Value::Array(rows)
}

/// PACT metric groups: the spec's, or seed 003's standard metrics with the
/// targets the plan can compute (task rates, the timeline tolerance when the
/// spec sets it); the others have no target until the team sets one.
fn metric_groups(plan: &Plan, tolerance_set: bool) -> Value {
    let m = &plan.spec.pact.metrics;
    let r = &plan.rates;
    let (per_day, per_agent) = (r.tasks_per_day, r.tasks_per_agent_day);
    let tasks = plan.tasks.len();
    let t = |name: &str, target: String| TargetMetric {
        name: name.into(),
        target,
    };
    let none = String::new;
    let individual = vec![
        t(
            "Task Completion Rate",
            format!(
                "{} tasks per agent per day (the plan's average)",
                num(per_agent)
            ),
        ),
        t("Quality Score", none()),
        t("Response Time", none()),
        t("Error Rate", none()),
    ];
    let coordination = vec![
        t("Communication Efficiency", none()),
        t("Coordination Overhead", none()),
        t("Conflict Resolution Time", none()),
        t("Resource Contention", none()),
    ];
    let system = vec![
        t(
            "Overall Progress",
            format!(
                "{} per day across the plan ({} in {})",
                super::context::count_f(per_day, "task", "tasks"),
                super::context::count(tasks, "task", "tasks"),
                plan.duration(plan.schedule.total)
            ),
        ),
        t("Integration Success Rate", none()),
        t("Quality Consistency", none()),
        t(
            "Timeline Adherence",
            if tolerance_set {
                format!(
                    "±{}% variance from the planned timeline",
                    num(plan.spec.success.timeline_tolerance.0)
                )
            } else {
                none()
            },
        ),
    ];
    let pick = |given: &Vec<TargetMetric>, default: Vec<TargetMetric>| {
        if given.is_empty() {
            default
        } else {
            given.clone()
        }
    };
    json!([
        {"title": "Individual Agent Metrics", "metrics": pick(&m.individual, individual)},
        {"title": "Coordination Metrics", "metrics": pick(&m.coordination, coordination)},
        {"title": "System-Wide Metrics", "metrics": pick(&m.system, system)},
    ])
}
