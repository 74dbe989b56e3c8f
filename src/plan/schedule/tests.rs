//! Tests of `plan::schedule`.

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
    let s = schedule_unlimited(&ids, &[2, 1, 5, 1], &[vec![1, 2], vec![], vec![], vec![1]]);
    assert_eq!(
        s.order,
        vec![2, 1, 3, 0],
        "by start, then the longest remaining path"
    );
    assert_eq!(s.start, vec![5, 0, 0, 1]);
    assert_eq!(s.total, 7);
    assert_eq!(s.critical_path, vec![2, 0]);
    assert_eq!(s.slack, vec![0, 4, 0, 5]);
}

#[test]
fn an_empty_graph_has_no_schedule() {
    let s = schedule_unlimited(&[], &[], &[]);
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
    let s = schedule_unlimited(&refs, &vec![1; n], &deps);
    assert_eq!(s.total, n as u64);
    assert_eq!(s.critical_path.len(), n);
}

const DAY: u64 = 24 * 60;

fn on_agents(minutes: &[u64], deps: &[Vec<usize>], agent: &[usize], cap: &[u64]) -> Schedule {
    let ids: Vec<String> = (0..minutes.len()).map(|i| format!("T{}", i + 1)).collect();
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let agent: Vec<Option<usize>> = agent.iter().map(|&a| Some(a)).collect();
    schedule(&Graph {
        ids: &refs,
        minutes,
        deps,
        agent: &agent,
        capacity: cap,
    })
}

#[test]
fn one_agent_leading_three_independent_days_takes_three_days() {
    let s = on_agents(&[DAY; 3], &[vec![], vec![], vec![]], &[0, 0, 0], &[1]);
    assert_eq!(s.total, 3 * DAY);
    assert_eq!(
        s.start,
        vec![0, DAY, 2 * DAY],
        "natural id order breaks the tie"
    );
    assert_eq!(s.waited[1], Wait::Agent { agent: 0, after: 0 });
    assert_eq!(
        s.chains,
        vec![vec![0, 1, 2]],
        "the agent's sequence is the critical chain"
    );
    let s = on_agents(&[DAY; 3], &[vec![], vec![], vec![]], &[0, 0, 0], &[3]);
    assert_eq!(s.total, DAY);
    assert_eq!(s.chains.len(), 3);
}

#[test]
fn the_longest_remaining_path_goes_first_on_a_busy_agent() {
    // T1 (1d) and T2 (1d) on agent 0; T2 is followed by T3 (5d) on agent 1.
    let s = on_agents(
        &[DAY, DAY, 5 * DAY],
        &[vec![], vec![], vec![1]],
        &[0, 0, 1],
        &[1, 1],
    );
    assert_eq!(s.start[1], 0, "T2 heads the longer chain");
    assert_eq!(s.start[0], DAY);
    assert_eq!(s.total, 6 * DAY);
    assert_eq!(s.slack[0], 4 * DAY);
}

#[test]
fn tied_chains_are_all_critical_and_all_listed() {
    // T2→T3→T5 (2+2+1) and T1→T4 (1+4) both reach T6 at 5d.
    let m = [DAY, 2 * DAY, 2 * DAY, 4 * DAY, DAY, DAY];
    let deps = [vec![], vec![], vec![1], vec![0], vec![2], vec![3, 4]];
    let s = on_agents(&m, &deps, &[0, 1, 2, 3, 4, 5], &[1; 6]);
    assert_eq!(s.total, 6 * DAY);
    assert!(s.critical.iter().all(|&c| c), "{:?}", s.slack);
    assert_eq!(s.chains, vec![vec![0, 3, 5], vec![1, 2, 4, 5]]);
}

#[test]
fn milestones_need_no_free_agent() {
    let s = on_agents(&[DAY, 0], &[vec![], vec![]], &[0, 0], &[1]);
    assert_eq!(s.start[1], 0);
    assert_eq!(s.total, DAY);
}

/// A small deterministic generator (xorshift), so the property test
/// needs no extra crate and replays the same cases.
struct Rng(u64);
impl Rng {
    fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

#[test]
fn random_graphs_respect_dependencies_capacity_and_slack() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for case in 0..300 {
        let n = 1 + rng.next(40) as usize;
        let agents = 1 + rng.next(6) as usize;
        let minutes: Vec<u64> = (0..n).map(|_| rng.next(5) * 60).collect();
        let deps: Vec<Vec<usize>> = (0..n)
            .map(|i| {
                let mut d: Vec<usize> = (0..rng.next(4))
                    .map(|_| rng.next(i as u64) as usize)
                    .filter(|&d| d < i)
                    .collect();
                d.sort_unstable();
                d.dedup();
                d
            })
            .collect();
        let agent: Vec<usize> = (0..n).map(|_| rng.next(agents as u64) as usize).collect();
        let cap: Vec<u64> = (0..agents).map(|_| 1 + rng.next(3)).collect();
        let s = on_agents(&minutes, &deps, &agent, &cap);
        assert_eq!(s.order.len(), n, "case {case}: every task is scheduled");
        for t in 0..n {
            for &d in &deps[t] {
                assert!(
                    s.start[t] >= s.finish[d],
                    "case {case}: T{t} starts before T{d} finishes"
                );
            }
            assert_eq!(s.finish[t], s.start[t] + minutes[t]);
            if s.critical[t] {
                assert_eq!(s.slack[t], 0);
            }
        }
        assert_eq!(
            s.total,
            s.finish.iter().copied().max().unwrap_or(0),
            "case {case}"
        );
        // No agent leads more than its capacity at any instant.
        for (a, &c) in cap.iter().enumerate() {
            for &t in s.order.iter().filter(|&&t| agent[t] == a && minutes[t] > 0) {
                let at = s.start[t];
                let running = (0..n)
                    .filter(|&u| {
                        agent[u] == a && minutes[u] > 0 && s.start[u] <= at && at < s.finish[u]
                    })
                    .count() as u64;
                assert!(running <= c, "case {case}: agent {a} runs {running} > {c}");
            }
        }
        // Every chain runs end to end from 0 to the total.
        for chain in &s.chains {
            assert_eq!(s.start[chain[0]], 0, "case {case}");
            assert_eq!(s.finish[*chain.last().unwrap()], s.total, "case {case}");
            for w in chain.windows(2) {
                assert_eq!(s.finish[w[0]], s.start[w[1]], "case {case}");
            }
        }
        if n > 0 && s.total > 0 {
            assert!(
                !s.chains.is_empty(),
                "case {case}: a plan has a critical chain"
            );
        }
    }
}
