//! Risk scores, success probability, utilization, metric status and trend.
//!
//! - Risk score = probability (0–1) × impact (1–5), so 0–5; level critical
//!   from 3, high from 2, medium from 1, low below. Risks sort by score,
//!   highest first, then by id.
//! - Success probability = 100 × Π(1 − probability × impact / 5) over the
//!   risks, rounded to a whole percent (a risk of certain, severe impact
//!   alone makes success impossible).
//! - Utilization = allocated / total, in percent. Agent time is counted
//!   in agent-hours: an agent has its capacity × the plan's span, and is
//!   allocated the working time of the tasks it leads.
//! - A metric is on track when its current value reaches the target in its
//!   direction, in alert when it is past the threshold, at risk in between,
//!   not measured without a current value; its trend compares current with
//!   previous (improving, declining, steady) and is a baseline without one.

use super::agents::AgentView;
use super::schedule::natural_cmp;
use crate::spec::{Metric, RawSpec, Risk};

/// A risk with its score.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredRisk {
    pub risk: Risk,
    pub score: f64,
    pub level: &'static str,
}

pub(super) fn risks(spec: &RawSpec) -> Vec<ScoredRisk> {
    let mut out: Vec<ScoredRisk> = spec
        .risks
        .iter()
        .map(|r| {
            let score = r.probability.0 * f64::from(r.impact.0);
            ScoredRisk {
                risk: r.clone(),
                score,
                level: risk_level(score),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| natural_cmp(a.risk.id.as_str(), b.risk.id.as_str()))
    });
    out
}

pub fn risk_level(score: f64) -> &'static str {
    match score {
        s if s >= 3.0 => "Critical",
        s if s >= 2.0 => "High",
        s if s >= 1.0 => "Medium",
        _ => "Low",
    }
}

pub(super) fn success_probability(risks: &[ScoredRisk]) -> f64 {
    let p: f64 = risks.iter().map(|r| 1.0 - r.score / 5.0).product();
    (p * 100.0).round()
}

/// A resource pool row.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceView {
    pub name: String,
    pub unit: Option<String>,
    pub total: f64,
    pub allocated: f64,
    pub reserved: f64,
    /// allocated / total in percent; `None` when the total is zero.
    pub utilization: Option<f64>,
    pub opportunities: String,
}

/// `42.857` → `43%`.
pub fn format_percent(p: f64) -> String {
    format!("{}%", p.round())
}

/// Agent time (all agents, then each agent: capacity × span against the
/// time of the tasks it leads, in hours) followed by the spec's pools.
pub(super) fn resources(spec: &RawSpec, agents: &[AgentView], span: u64) -> Vec<ResourceView> {
    let hours = |m: u64| (m as f64 / 60.0 * 10.0).round() / 10.0;
    let room = |a: &AgentView| hours(span.saturating_mul(a.capacity));
    let total: f64 = agents.iter().map(room).sum();
    let busy: f64 = agents.iter().map(|a| hours(a.busy)).sum();
    let exact_room: f64 = agents
        .iter()
        .map(|a| span.saturating_mul(a.capacity) as f64)
        .sum();
    let exact_busy: f64 = agents.iter().map(|a| a.busy as f64).sum();
    let mut all = row(
        "Agent Capacity",
        Some("agent-hours".into()),
        total,
        busy,
        (total - busy).max(0.0),
        None,
    );
    all.utilization = (exact_room > 0.0).then(|| exact_busy / exact_room * 100.0);
    let mut out = vec![all];
    out.extend(agents.iter().map(|a| {
        let (t, b) = (room(a), hours(a.busy));
        let mut r = row(
            &format!("Agent time: {}", a.name),
            Some("h".into()),
            t,
            b,
            (t - b).max(0.0),
            None,
        );
        r.utilization = (span > 0).then_some(a.utilization);
        r
    }));
    out.extend(spec.resources.allocation.iter().map(|r| {
        row(
            &r.name,
            r.unit.clone(),
            r.total,
            r.allocated,
            r.reserved,
            r.opportunities.clone(),
        )
    }));
    out
}

fn row(
    name: &str,
    unit: Option<String>,
    total: f64,
    allocated: f64,
    reserved: f64,
    opportunities: Option<String>,
) -> ResourceView {
    let utilization = (total > 0.0).then(|| allocated / total * 100.0);
    let opportunities = opportunities.unwrap_or_else(|| match utilization {
        None => "No capacity recorded".into(),
        Some(u) if u < 60.0 => "Under-used: release or reassign idle capacity".into(),
        Some(u) if u > 90.0 => {
            "Near capacity: add reserve before the critical path needs it".into()
        }
        Some(_) => "Balanced: keep as planned".into(),
    });
    ResourceView {
        name: name.into(),
        unit,
        total,
        allocated,
        reserved,
        utilization,
        opportunities,
    }
}

/// A metric with its status and trend.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricView {
    pub metric: Metric,
    pub status: &'static str,
    pub trend: &'static str,
}

pub(super) fn metric(m: &Metric) -> MetricView {
    let better = |a: f64, b: f64| if m.higher_is_better { a > b } else { a < b };
    let status = match m.current {
        None => "Not measured",
        Some(c) if !better(m.target, c) => "On track",
        Some(c) if m.threshold.is_some_and(|t| better(t, c)) => "Alert",
        Some(_) => "At risk",
    };
    let trend = match (m.current, m.previous) {
        (Some(c), Some(p)) if better(c, p) => "Improving",
        (Some(c), Some(p)) if better(p, c) => "Declining",
        (Some(_), Some(_)) => "Steady",
        _ => "Baseline",
    };
    MetricView {
        metric: m.clone(),
        status,
        trend,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(current: Option<f64>, previous: Option<f64>, higher: bool) -> Metric {
        Metric {
            category: "c".into(),
            metric: "m".into(),
            unit: None,
            current,
            previous,
            target: 90.0,
            threshold: Some(70.0),
            higher_is_better: higher,
            action: None,
        }
    }

    #[test]
    fn metric_status_follows_target_and_threshold_in_its_direction() {
        assert_eq!(metric(&m(Some(95.0), None, true)).status, "On track");
        assert_eq!(metric(&m(Some(80.0), None, true)).status, "At risk");
        assert_eq!(metric(&m(Some(60.0), None, true)).status, "Alert");
        assert_eq!(metric(&m(None, None, true)).status, "Not measured");
        assert_eq!(metric(&m(Some(60.0), None, false)).status, "On track");
    }

    #[test]
    fn metric_trend_compares_with_the_previous_value() {
        assert_eq!(metric(&m(Some(80.0), Some(70.0), true)).trend, "Improving");
        assert_eq!(metric(&m(Some(80.0), Some(70.0), false)).trend, "Declining");
        assert_eq!(metric(&m(Some(80.0), Some(80.0), true)).trend, "Steady");
        assert_eq!(metric(&m(Some(80.0), None, true)).trend, "Baseline");
    }

    #[test]
    fn risk_levels_and_success_probability() {
        assert_eq!(risk_level(3.0), "Critical");
        assert_eq!(risk_level(0.9), "Low");
        let r = |score| {
            ScoredRisk { risk: serde_json::from_value(serde_json::json!({"id":"R1","description":"d","probability":0.5,"impact":2,"mitigation":"m","contingency":"c","owner":"lead"})).unwrap(), score, level: "" }
        };
        assert_eq!(success_probability(&[r(1.0), r(2.5)]), 40.0);
        assert_eq!(success_probability(&[]), 100.0);
    }
}
