//! Splitting a role's targets across agents, and scoring an allocation's
//! token estimate against the role's budget.
//!
//! In: a target count and a role's `complexity_threshold`; a token estimate
//! and a `token_budget`. Out: the index ranges each agent takes
//! ([`split`]) and a [`Risk`] ([`risk`]).
//!
//! Splitting: `n` targets with threshold `t` go to `k = ceil(n / t)`
//! agents, in sorted target order, as contiguous chunks whose sizes differ
//! by at most one (the first `n mod k` chunks take one more). Every target
//! of a role entry has the same complexity, so equal counts are balanced
//! complexity, and neighbouring files stay with one agent.
//!
//! Risk: the ratio tokens / budget is `low` up to 0.5, `medium` up to 0.8,
//! `high` up to 1.0 (a budget exactly met is high, not over), and
//! `over-budget` above 1.0. The comparisons are done in integers.

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// How close an allocation's token estimate comes to its budget.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Risk {
    /// At most half the budget.
    Low,
    /// More than half, at most 80 %.
    Medium,
    /// More than 80 %, at most the whole budget.
    High,
    /// More than the budget.
    OverBudget,
}

impl Risk {
    /// The name used in documents and the manifest.
    pub fn as_str(self) -> &'static str {
        match self {
            Risk::Low => "low",
            Risk::Medium => "medium",
            Risk::High => "high",
            Risk::OverBudget => "over-budget",
        }
    }
}

/// Index ranges of `n` targets split across agents of at most `threshold`
/// targets each (a threshold of 0 counts as 1). No targets, no ranges.
pub fn split(n: usize, threshold: u64) -> Vec<Range<usize>> {
    if n == 0 {
        return Vec::new();
    }
    let t = usize::try_from(threshold.max(1)).unwrap_or(usize::MAX);
    let k = n.div_ceil(t);
    let (base, extra) = (n / k, n % k);
    let mut out = Vec::with_capacity(k);
    let mut start = 0;
    for i in 0..k {
        let len = base + usize::from(i < extra);
        out.push(start..start + len);
        start += len;
    }
    out
}

/// The risk of `tokens` against `budget` (see the module docs).
pub fn risk(tokens: u64, budget: u64) -> Risk {
    let (t, b) = (u128::from(tokens), u128::from(budget));
    if t * 10 <= b * 5 {
        Risk::Low
    } else if t * 10 <= b * 8 {
        Risk::Medium
    } else if t <= b {
        Risk::High
    } else {
        Risk::OverBudget
    }
}

/// tokens / budget, for display (0 when the budget is 0).
pub fn ratio(tokens: u64, budget: u64) -> f64 {
    if budget == 0 {
        0.0
    } else {
        tokens as f64 / budget as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sizes(n: usize, t: u64) -> Vec<usize> {
        split(n, t).iter().map(|r| r.len()).collect()
    }

    #[test]
    fn no_targets_means_no_agents() {
        assert!(split(0, 5).is_empty());
        assert!(split(0, 1).is_empty());
    }

    #[test]
    fn targets_within_the_threshold_stay_with_one_agent() {
        assert_eq!(split(5, 5), vec![0..5]);
        assert_eq!(split(1, 10), vec![0..1]);
        assert_eq!(split(3, u64::MAX), vec![0..3]);
    }

    #[test]
    fn one_more_target_than_the_threshold_makes_two_near_equal_agents() {
        assert_eq!(split(6, 5), vec![0..3, 3..6]);
        assert_eq!(sizes(11, 5), vec![4, 4, 3]);
    }

    #[test]
    fn a_threshold_of_one_gives_every_target_its_own_agent() {
        assert_eq!(sizes(4, 1), vec![1, 1, 1, 1]);
        assert_eq!(sizes(3, 0), vec![1, 1, 1], "a threshold of 0 counts as 1");
    }

    #[test]
    fn chunks_are_contiguous_cover_everything_and_differ_by_at_most_one() {
        for n in 0..40 {
            for t in 1..12 {
                let parts = split(n, t);
                let mut next = 0;
                for p in &parts {
                    assert_eq!(p.start, next);
                    assert!(p.len() as u64 <= t && !p.is_empty());
                    next = p.end;
                }
                assert_eq!(next, n);
                let (min, max) = (
                    parts.iter().map(|p| p.len()).min(),
                    parts.iter().map(|p| p.len()).max(),
                );
                assert!(max.unwrap_or(0) - min.unwrap_or(0) <= 1, "n={n} t={t}");
                assert_eq!(parts.len(), n.div_ceil(t as usize));
            }
        }
    }

    #[test]
    fn risk_bands_include_their_upper_bound() {
        assert_eq!(risk(0, 100), Risk::Low);
        assert_eq!(risk(50, 100), Risk::Low);
        assert_eq!(risk(51, 100), Risk::Medium);
        assert_eq!(risk(80, 100), Risk::Medium);
        assert_eq!(risk(81, 100), Risk::High);
        assert_eq!(
            risk(100, 100),
            Risk::High,
            "a budget exactly met is not over it"
        );
        assert_eq!(risk(101, 100), Risk::OverBudget);
    }

    #[test]
    fn one_huge_target_is_over_budget_and_cannot_be_split() {
        assert_eq!(split(1, 1), vec![0..1]);
        assert_eq!(risk(1_000_000, 50_000), Risk::OverBudget);
        assert_eq!(
            risk(u64::MAX, u64::MAX),
            Risk::High,
            "no overflow at the extremes"
        );
        assert_eq!(risk(u64::MAX, 1), Risk::OverBudget);
    }

    #[test]
    fn ratio_is_tokens_over_budget() {
        assert_eq!(ratio(15_000, 30_000), 0.5);
        assert_eq!(ratio(1, 0), 0.0);
    }
}
