//! Warnings only the computed plan reveals.
//!
//! In: a built [`Plan`]. Out: [`PlanWarning`]s located by JSON pointer:
//! - `schedule-overrun` (at `project.end_date`): the plan ends after the
//!   deadline even with unlimited agents;
//! - `capacity-overrun` (at `project.end_date`): it would end in time,
//!   but agents leading one task after another push it past the deadline;
//!   names the agents whose waits lie on a critical chain;
//! - `phase-overrun` (at the phase): a phase's computed span is longer
//!   than its time box;
//! - `calendar-past-midnight` (at `project.calendar.day_start`): a
//!   working day that would run past midnight starts earlier instead;
//! - `success-probability-mismatch` (at `project.success_probability`):
//!   the spec's value differs from the one computed from the risks by more
//!   than 10 points.

use std::collections::BTreeSet;

use super::{Plan, PlanWarning, Wait};
use crate::plan::scoring::format_percent;

/// Largest difference, in points, between a given and the computed
/// success probability that passes without a warning.
const SUCCESS_TOLERANCE: f64 = 10.0;

pub(super) fn warnings(plan: &Plan) -> Vec<PlanWarning> {
    let mut out = calendar(plan);
    out.extend(deadline(plan));
    out.extend(phase_overruns(plan));
    out.extend(success(plan));
    out
}

fn calendar(plan: &Plan) -> Vec<PlanWarning> {
    let Some(c) = plan.spec.project.as_ref().and_then(|p| p.calendar.as_ref()) else {
        return Vec::new();
    };
    let Some(start) = &c.day_start else {
        return Vec::new();
    };
    let used = plan.clock.calendar.day_start;
    if start.minutes() == used {
        return Vec::new();
    }
    vec![PlanWarning {
        pointer: "/project/calendar/day_start".into(),
        rule: "calendar-past-midnight",
        message: format!(
            "a working day of {} h from {} would end after midnight; it starts at {:02}:{:02} instead",
            c.hours_per_day,
            start.0,
            used / 60,
            used % 60
        ),
        help: Some("set an earlier `day_start` or fewer `hours_per_day`".into()),
    }]
}

fn deadline(plan: &Plan) -> Vec<PlanWarning> {
    let end = plan
        .spec
        .project
        .as_ref()
        .and_then(|p| p.end_date.as_ref())
        .and_then(|d| d.parse());
    let (Some(end), Some(start)) = (end, plan.project.start) else {
        return Vec::new();
    };
    let total = plan.schedule.total;
    let Some(last) = plan.clock.date(total, true) else {
        return Vec::new();
    };
    if last <= end {
        return Vec::new();
    }
    let unlimited_last = plan.clock.date(plan.unlimited_total, true);
    if unlimited_last.is_some_and(|u| u <= end) {
        let agents: BTreeSet<usize> = plan
            .schedule
            .waited
            .iter()
            .enumerate()
            .filter(|(t, _)| plan.schedule.critical[*t])
            .filter_map(|(_, w)| match w {
                Wait::Agent { agent, .. } => Some(*agent),
                _ => None,
            })
            .collect();
        let names: Vec<String> = agents
            .iter()
            .map(|&a| {
                let v = &plan.agents[a];
                format!(
                    "`{}` (capacity {}, busy {})",
                    v.id,
                    v.capacity,
                    plan.duration(v.busy)
                )
            })
            .collect();
        return vec![PlanWarning {
            pointer: "/project/end_date".into(),
            rule: "capacity-overrun",
            message: format!(
                "agent capacity pushes the schedule to {last}, after end_date {end}: {} {} tasks one after another on the critical chain (without agent limits the plan would take {})",
                names.join(", "),
                if names.len() == 1 { "leads its" } else { "lead their" },
                plan.duration(plan.unlimited_total)
            ),
            help: Some(
                "raise `capacity` of these agents, move tasks to other agents, or move end_date"
                    .into(),
            ),
        }];
    }
    vec![PlanWarning {
        pointer: "/project/end_date".into(),
        rule: "schedule-overrun",
        message: format!(
            "the schedule runs until {last}, after end_date {end} ({} from {start})",
            plan.duration(total)
        ),
        help: Some(
            "shorten the critical path, move end_date, or run more tasks in parallel".into(),
        ),
    }]
}

fn phase_overruns(plan: &Plan) -> Vec<PlanWarning> {
    if plan.spec.phases.is_none() {
        return Vec::new();
    }
    plan.phases
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let over = p.overrun?;
            let (a, b) = (p.start?, p.finish?);
            Some(PlanWarning {
                pointer: format!("/phases/{i}"),
                rule: "phase-overrun",
                message: format!(
                    "phase `{}` takes {} ({} to {}), {} more than its time box of {}",
                    p.id,
                    plan.duration(b - a),
                    plan.clock.start(a),
                    plan.clock.end(a, b),
                    plan.duration(over),
                    p.time_box.as_deref().unwrap_or_default()
                ),
                help: Some(
                    "lengthen `time_box`, move tasks to another phase, or shorten its tasks".into(),
                ),
            })
        })
        .collect()
}

fn success(plan: &Plan) -> Vec<PlanWarning> {
    let p = &plan.project;
    if p.success_computed
        || (p.success_probability - p.success_from_risks).abs() <= SUCCESS_TOLERANCE
    {
        return Vec::new();
    }
    vec![PlanWarning {
        pointer: "/project/success_probability".into(),
        rule: "success-probability-mismatch",
        message: format!(
            "success_probability is set to {}, but the risks give {} (100 × Π(1 − probability × impact / 5) over {} risk{})",
            format_percent(p.success_probability),
            format_percent(p.success_from_risks),
            plan.risks.len(),
            if plan.risks.len() == 1 { "" } else { "s" }
        ),
        help: Some(
            "remove `success_probability` to use the computed value, or revise the risks' probability and impact".into(),
        ),
    }]
}
