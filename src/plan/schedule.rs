//! The task graph: execution order, earliest schedule, critical path.
//!
//! In: task ids, durations in minutes and dependency indices. Out: a
//! [`Schedule`]. Every step is linear in tasks + dependencies (a heap keeps
//! the order deterministic: among ready tasks the smallest id, compared
//! naturally so `T9` comes before `T10`, goes first).

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

/// Compares ids naturally: digit runs by value, the rest by character.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a.as_bytes(), b.as_bytes());
    loop {
        match (x.first(), y.first()) {
            (None, None) => return a.cmp(b),
            (None, _) => return Ordering::Less,
            (_, None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let nx = x.iter().take_while(|c| c.is_ascii_digit()).count();
                let ny = y.iter().take_while(|c| c.is_ascii_digit()).count();
                let (dx, dy) = (trim_zeros(&x[..nx]), trim_zeros(&y[..ny]));
                let ord = dx.len().cmp(&dy.len()).then_with(|| dx.cmp(dy));
                if ord != Ordering::Equal {
                    return ord;
                }
                x = &x[nx..];
                y = &y[ny..];
            }
            (Some(c), Some(d)) => {
                if c != d {
                    return c.cmp(d);
                }
                x = &x[1..];
                y = &y[1..];
            }
        }
    }
}

fn trim_zeros(d: &[u8]) -> &[u8] {
    let n = d.iter().take_while(|&&c| c == b'0').count();
    &d[n.min(d.len().saturating_sub(1))..]
}

/// Key giving a heap the natural id order.
#[derive(PartialEq, Eq)]
struct IdKey<'a>(&'a str, usize);

impl Ord for IdKey<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        natural_cmp(self.0, other.0).then(self.1.cmp(&other.1))
    }
}

impl PartialOrd for IdKey<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Earliest-start schedule of an acyclic task graph.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Schedule {
    /// Task indices in execution order.
    pub order: Vec<usize>,
    /// Earliest start per task, minutes from the project start.
    pub start: Vec<u64>,
    /// Earliest finish per task.
    pub finish: Vec<u64>,
    /// Slack per task: how long it can slip without moving the end.
    pub slack: Vec<u64>,
    /// The critical path, first task first.
    pub critical_path: Vec<usize>,
    /// Total duration (the latest finish).
    pub total: u64,
}

/// Schedules tasks. `deps[i]` are indices of the tasks task `i` waits on;
/// the graph must be acyclic (validation guarantees it; tasks on a cycle
/// would simply be left out of the order).
pub fn schedule(ids: &[&str], minutes: &[u64], deps: &[Vec<usize>]) -> Schedule {
    let n = ids.len();
    let mut dependents = vec![Vec::new(); n];
    let mut waiting: Vec<usize> = deps.iter().map(Vec::len).collect();
    for (t, ds) in deps.iter().enumerate() {
        for &d in ds {
            dependents[d].push(t);
        }
    }
    let mut heap: BinaryHeap<Reverse<IdKey>> = (0..n)
        .filter(|&t| waiting[t] == 0)
        .map(|t| Reverse(IdKey(ids[t], t)))
        .collect();
    let mut order = Vec::with_capacity(n);
    let (mut start, mut finish) = (vec![0u64; n], vec![0u64; n]);
    while let Some(Reverse(IdKey(_, t))) = heap.pop() {
        start[t] = deps[t].iter().map(|&d| finish[d]).max().unwrap_or(0);
        finish[t] = start[t].saturating_add(minutes[t]);
        order.push(t);
        for &m in &dependents[t] {
            waiting[m] -= 1;
            if waiting[m] == 0 {
                heap.push(Reverse(IdKey(ids[m], m)));
            }
        }
    }
    let total = finish.iter().copied().max().unwrap_or(0);
    // Latest finish, backwards through the order.
    let mut latest_finish = vec![total; n];
    for &t in order.iter().rev() {
        let lf = dependents[t]
            .iter()
            .map(|&m| latest_finish[m] - minutes[m])
            .min()
            .unwrap_or(total);
        latest_finish[t] = lf;
    }
    let slack: Vec<u64> = (0..n)
        .map(|t| latest_finish[t].saturating_sub(finish[t]))
        .collect();
    let critical_path = critical_path(ids, &order, &start, &finish, deps, total);
    Schedule {
        order,
        start,
        finish,
        slack,
        critical_path,
        total,
    }
}

/// One longest chain: from the earliest-id task finishing last, back through
/// the dependency that finishes exactly when it starts (earliest id first).
fn critical_path(
    ids: &[&str],
    order: &[usize],
    start: &[u64],
    finish: &[u64],
    deps: &[Vec<usize>],
    total: u64,
) -> Vec<usize> {
    let by_id = |a: &&usize, b: &&usize| natural_cmp(ids[**a], ids[**b]);
    let Some(mut t) = order
        .iter()
        .filter(|&&t| finish[t] == total)
        .min_by(by_id)
        .copied()
    else {
        return Vec::new();
    };
    let mut path = vec![t];
    while let Some(&d) = deps[t]
        .iter()
        .filter(|&&d| finish[d] == start[t])
        .min_by(by_id)
    {
        path.push(d);
        t = d;
    }
    path.reverse();
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order_compares_digit_runs_by_value() {
        let mut v = vec!["T10", "T9", "T001", "a", "T2"];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(v, ["T001", "T2", "T9", "T10", "a"]);
    }

    #[test]
    fn ready_ties_break_by_id_and_the_longest_chain_is_critical() {
        // b(1) and a(5) are roots; c waits on both (2); d waits on b (1).
        let ids = ["c", "b", "a", "d"];
        let s = schedule(&ids, &[2, 1, 5, 1], &[vec![1, 2], vec![], vec![], vec![1]]);
        assert_eq!(s.order, vec![2, 1, 0, 3]);
        assert_eq!(s.start, vec![5, 0, 0, 1]);
        assert_eq!(s.total, 7);
        assert_eq!(s.critical_path, vec![2, 0]);
        assert_eq!(s.slack, vec![0, 4, 0, 5]);
    }

    #[test]
    fn an_empty_graph_has_no_schedule() {
        let s = schedule(&[], &[], &[]);
        assert_eq!(s.total, 0);
        assert!(s.critical_path.is_empty());
    }

    #[test]
    fn a_long_chain_is_scheduled_without_recursion() {
        let n = 10_000;
        let ids: Vec<String> = (0..n).map(|i| format!("T{i}")).collect();
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let deps: Vec<Vec<usize>> = (0..n)
            .map(|i| if i == 0 { vec![] } else { vec![i - 1] })
            .collect();
        let s = schedule(&refs, &vec![1; n], &deps);
        assert_eq!(s.total, n as u64);
        assert_eq!(s.critical_path.len(), n);
    }
}
