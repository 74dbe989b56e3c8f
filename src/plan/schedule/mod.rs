//! The task graph scheduled on its agents: execution order, start and
//! finish, slack, every critical chain.
//!
//! In: per task its id, working minutes, dependency indices and lead agent
//! (an index into `capacity`, or `None` for work no agent's capacity
//! limits). Out: a [`Schedule`].
//!
//! The scheduler is a deterministic resource-constrained list scheduler
//! (the parallel schedule-generation scheme): time advances from finish to
//! finish; at each moment the ready tasks start in priority order while
//! their lead has a free slot (an agent leads at most `capacity` tasks at
//! once; zero-length milestones need no slot). Priority is the longest
//! remaining path (the task's own length plus the longest chain of
//! dependents after it), then the natural id order (`T9` before `T10`).
//! Slack is computed backwards over the dependencies plus the order each
//! agent's slots were used in (a task that waited for its agent depends
//! on the task that freed the slot), so a zero-slack task is one whose
//! slip moves the end of the plan, and every chain of zero-slack tasks
//! that meet end to end from the start to the end is critical. Chains are
//! listed in natural id order, at most [`MAX_CHAINS`].
//! Building is O((tasks + dependencies) log tasks).

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

/// Most critical chains listed (ties can multiply without bound).
pub const MAX_CHAINS: usize = 20;

/// What a task waited for before it could start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// It starts at the beginning of the plan.
    Nothing,
    /// The dependency (a task index) that finished last.
    Dependency(usize),
    /// Its lead agent (an index), free again when the task (an index)
    /// holding its slot finished.
    Agent { agent: usize, after: usize },
}

/// The schedule of an acyclic task graph on its agents.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Schedule {
    /// Task indices in the order they start.
    pub order: Vec<usize>,
    /// Start per task, working minutes from the project start.
    pub start: Vec<u64>,
    /// Finish per task.
    pub finish: Vec<u64>,
    /// Slack per task: how long it can slip without moving the end.
    pub slack: Vec<u64>,
    /// Whether each task is critical (zero slack).
    pub critical: Vec<bool>,
    /// What each task waited for.
    pub waited: Vec<Wait>,
    /// Every critical chain (first task first), natural id order, at most
    /// [`MAX_CHAINS`].
    pub chains: Vec<Vec<usize>>,
    /// More chains exist than are listed.
    pub chains_truncated: bool,
    /// The first critical chain.
    pub critical_path: Vec<usize>,
    /// Total duration (the latest finish).
    pub total: u64,
}

/// The inputs of [`schedule`], one entry per task.
pub struct Graph<'a> {
    pub ids: &'a [&'a str],
    pub minutes: &'a [u64],
    pub deps: &'a [Vec<usize>],
    /// Lead agent per task (an index into `capacity`).
    pub agent: &'a [Option<usize>],
    /// Tasks each agent can lead at once (0 counts as 1).
    pub capacity: &'a [u64],
}

/// A ready task in priority order: the longest remaining path first, then
/// the natural id order.
#[derive(PartialEq, Eq)]
struct Ready<'a> {
    tail: u64,
    id: IdKey<'a>,
}

impl Ord for Ready<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.tail
            .cmp(&other.tail)
            .then_with(|| other.id.cmp(&self.id))
    }
}

impl PartialOrd for Ready<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Schedules tasks without agent limits (every task its own slot).
pub fn schedule_unlimited(ids: &[&str], minutes: &[u64], deps: &[Vec<usize>]) -> Schedule {
    schedule(&Graph {
        ids,
        minutes,
        deps,
        agent: &vec![None; ids.len()],
        capacity: &[],
    })
}

fn dependents_of(deps: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let mut dependents = vec![Vec::new(); deps.len()];
    for (t, ds) in deps.iter().enumerate() {
        for &d in ds {
            dependents[d].push(t);
        }
    }
    dependents
}

/// Longest remaining path per task (own length included), over a
/// topological order found with Kahn's algorithm. Tasks on a cycle
/// (rejected by validation) keep their own length.
fn tails(minutes: &[u64], deps: &[Vec<usize>], dependents: &[Vec<usize>]) -> Vec<u64> {
    let n = minutes.len();
    let mut waiting: Vec<usize> = deps.iter().map(Vec::len).collect();
    let mut topo: Vec<usize> = (0..n).filter(|&t| waiting[t] == 0).collect();
    let mut i = 0;
    while i < topo.len() {
        let t = topo[i];
        for &m in &dependents[t] {
            waiting[m] -= 1;
            if waiting[m] == 0 {
                topo.push(m);
            }
        }
        i += 1;
    }
    let mut tail = minutes.to_vec();
    for &t in topo.iter().rev() {
        let after = dependents[t].iter().map(|&m| tail[m]).max().unwrap_or(0);
        tail[t] = minutes[t].saturating_add(after);
    }
    tail
}

/// Per-agent slot bookkeeping.
struct Agents {
    capacity: Vec<u64>,
    busy: Vec<u64>,
    /// Never-used slots left.
    unused: Vec<u64>,
    /// Freed slots: the task that last held each.
    freed: Vec<Vec<usize>>,
}

/// Schedules tasks (see the module docs). The graph must be acyclic
/// (validation guarantees it; tasks on a cycle are left out of the order).
pub fn schedule(g: &Graph<'_>) -> Schedule {
    let n = g.ids.len();
    let dependents = dependents_of(g.deps);
    let tail = tails(g.minutes, g.deps, &dependents);
    let ready = |t: usize| Ready {
        tail: tail[t],
        id: IdKey(g.ids[t], t),
    };
    let cap: Vec<u64> = g.capacity.iter().map(|&c| c.max(1)).collect();
    let mut ag = Agents {
        busy: vec![0; cap.len()],
        unused: cap.clone(),
        freed: vec![Vec::new(); cap.len()],
        capacity: cap,
    };
    let mut waiting: Vec<usize> = g.deps.iter().map(Vec::len).collect();
    let mut queued: Vec<BinaryHeap<Ready>> =
        (0..ag.capacity.len()).map(|_| BinaryHeap::new()).collect();
    let mut candidates: BinaryHeap<Ready> =
        (0..n).filter(|&t| waiting[t] == 0).map(ready).collect();
    let mut events: BinaryHeap<Reverse<(u64, usize)>> = BinaryHeap::new();
    let mut s = Schedule {
        start: vec![0; n],
        finish: vec![0; n],
        waited: vec![Wait::Nothing; n],
        ..Schedule::default()
    };
    let mut slot_pred: Vec<Option<usize>> = vec![None; n];
    let mut now = 0u64;
    loop {
        while let Some(c) = candidates.pop() {
            let t = c.id.1;
            let agent = g.agent[t].filter(|&a| a < ag.capacity.len() && g.minutes[t] > 0);
            if let Some(a) = agent {
                if ag.busy[a] >= ag.capacity[a] {
                    queued[a].push(c);
                    continue;
                }
                ag.busy[a] += 1;
                if ag.unused[a] > 0 {
                    ag.unused[a] -= 1;
                } else {
                    slot_pred[t] = ag.freed[a].pop();
                }
            }
            start_task(g, &mut s, t, now, agent, slot_pred[t]);
            events.push(Reverse((s.finish[t], t)));
        }
        let Some(&Reverse((next, _))) = events.peek() else {
            break;
        };
        now = next;
        let mut touched = Vec::new();
        while let Some(&Reverse((at, t))) = events.peek() {
            if at != now {
                break;
            }
            events.pop();
            if let Some(a) = g.agent[t].filter(|&a| a < ag.capacity.len() && g.minutes[t] > 0) {
                ag.busy[a] -= 1;
                ag.freed[a].push(t);
                touched.push(a);
            }
            for &m in &dependents[t] {
                waiting[m] -= 1;
                if waiting[m] == 0 {
                    candidates.push(ready(m));
                }
            }
        }
        touched.sort_unstable();
        touched.dedup();
        for a in touched {
            for _ in 0..(ag.capacity[a] - ag.busy[a]) {
                match queued[a].pop() {
                    Some(c) => candidates.push(c),
                    None => break,
                }
            }
        }
    }
    s.total = s.finish.iter().copied().max().unwrap_or(0);
    slack_and_chains(g, &dependents, &slot_pred, &mut s);
    s
}

fn start_task(
    g: &Graph<'_>,
    s: &mut Schedule,
    t: usize,
    now: u64,
    agent: Option<usize>,
    pred: Option<usize>,
) {
    s.start[t] = now;
    s.finish[t] = now.saturating_add(g.minutes[t]);
    s.order.push(t);
    let ready_at = g.deps[t].iter().map(|&d| s.finish[d]).max().unwrap_or(0);
    s.waited[t] = match (agent, pred) {
        (Some(a), Some(p)) if now > ready_at => Wait::Agent { agent: a, after: p },
        _ => g.deps[t]
            .iter()
            .copied()
            .filter(|&d| s.finish[d] == now)
            .min_by(|&a, &b| natural_cmp(g.ids[a], g.ids[b]))
            .map_or(Wait::Nothing, Wait::Dependency),
    };
}

/// Backward pass over dependencies and slot order, then the critical chains.
fn slack_and_chains(
    g: &Graph<'_>,
    dependents: &[Vec<usize>],
    slot_pred: &[Option<usize>],
    s: &mut Schedule,
) {
    let n = g.ids.len();
    let mut slot_next: Vec<Option<usize>> = vec![None; n];
    for (t, p) in slot_pred.iter().enumerate() {
        if let Some(p) = p {
            slot_next[*p] = Some(t);
        }
    }
    let succ = |t: usize| dependents[t].iter().copied().chain(slot_next[t]);
    let mut latest_finish = vec![s.total; n];
    for &t in s.order.iter().rev() {
        latest_finish[t] = succ(t)
            .map(|m| latest_finish[m].saturating_sub(g.minutes[m]))
            .min()
            .unwrap_or(s.total);
    }
    s.slack = (0..n)
        .map(|t| latest_finish[t].saturating_sub(s.finish[t]))
        .collect();
    let scheduled: Vec<bool> = {
        let mut v = vec![false; n];
        for &t in &s.order {
            v[t] = true;
        }
        v
    };
    s.critical = (0..n).map(|t| scheduled[t] && s.slack[t] == 0).collect();
    // Tight links between critical tasks, successors in natural id order.
    let by_id = |a: &usize, b: &usize| natural_cmp(g.ids[*a], g.ids[*b]).then(a.cmp(b));
    let mut next: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut has_prev = vec![false; n];
    for t in (0..n).filter(|&t| s.critical[t]) {
        let mut v: Vec<usize> = succ(t)
            .filter(|&m| s.critical[m] && s.start[m] == s.finish[t])
            .collect();
        v.sort_by(by_id);
        v.dedup();
        for &m in &v {
            has_prev[m] = true;
        }
        next[t] = v;
    }
    let mut starts: Vec<usize> = (0..n).filter(|&t| s.critical[t] && !has_prev[t]).collect();
    starts.sort_by(by_id);
    let (chains, truncated) = chains(&starts, &next, &s.finish, s.total);
    s.critical_path = chains.first().cloned().unwrap_or_default();
    s.chains = chains;
    s.chains_truncated = truncated;
}

/// Paths of tight links from each start to a task finishing at `total`,
/// depth first without recursion, at most [`MAX_CHAINS`].
fn chains(
    starts: &[usize],
    next: &[Vec<usize>],
    finish: &[u64],
    total: u64,
) -> (Vec<Vec<usize>>, bool) {
    let mut out = Vec::new();
    for &s0 in starts {
        // Stack of (task, index of the next successor to try).
        let mut stack: Vec<(usize, usize)> = vec![(s0, 0)];
        while let Some(&mut (t, ref mut i)) = stack.last_mut() {
            if next[t].is_empty() {
                if finish[t] == total {
                    if out.len() == MAX_CHAINS {
                        return (out, true);
                    }
                    out.push(stack.iter().map(|&(x, _)| x).collect());
                }
                stack.pop();
                continue;
            }
            if *i < next[t].len() {
                let m = next[t][*i];
                *i += 1;
                stack.push((m, 0));
            } else {
                stack.pop();
            }
        }
    }
    (out, false)
}

#[cfg(test)]
mod tests;
