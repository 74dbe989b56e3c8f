//! Parallel execution streams: the spec's, or derived from the task graph.
//!
//! Derivation is a greedy path cover in execution order: a task continues
//! the stream of the dependency that ends its stream and finishes last
//! (smallest id on a tie); a task continuing no stream opens a new one.
//! Streams are numbered `S001`, `S002`, ... in the order they open.
//! Synchronization points are a stream's tasks that wait on another stream;
//! integration lists the cross-stream dependencies in both directions.

use std::collections::{BTreeSet, HashMap};

use super::schedule::{natural_cmp, Schedule};
use super::tasks::TaskView;
use crate::spec::RawSpec;

/// One stream with its computed figures.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamView {
    pub id: String,
    pub name: String,
    /// Task indices in execution order.
    pub tasks: Vec<usize>,
    /// Agent ids (leads, then supporting), first appearance first.
    pub agents: Vec<String>,
    pub start: u64,
    pub finish: u64,
    pub sync_points: Vec<String>,
    pub integration: String,
}

pub(super) fn views(
    spec: &RawSpec,
    tasks: &[TaskView],
    s: &Schedule,
    task_index: &HashMap<String, usize>,
) -> (Vec<StreamView>, bool) {
    let derived = spec.streams.is_empty();
    let pos: HashMap<usize, usize> = s.order.iter().enumerate().map(|(i, &t)| (t, i)).collect();
    let members: Vec<(String, Option<String>, Vec<usize>)> = if derived {
        derive(tasks, s)
    } else {
        spec.streams
            .iter()
            .map(|st| {
                let mut tasks: Vec<usize> = st
                    .tasks
                    .iter()
                    .filter_map(|t| task_index.get(t.as_str()).copied())
                    .collect();
                tasks.sort_by_key(|t| pos.get(t).copied().unwrap_or(usize::MAX));
                (st.id.0.clone(), Some(st.name.clone()), tasks)
            })
            .collect()
    };
    let mut stream_of: HashMap<usize, usize> = HashMap::new();
    for (i, (_, _, tasks)) in members.iter().enumerate() {
        for &t in tasks {
            stream_of.entry(t).or_insert(i);
        }
    }
    // One pass over all dependencies finds every cross-stream edge.
    let mut sync: Vec<Vec<String>> = vec![Vec::new(); members.len()];
    let mut waits: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); members.len()];
    let mut feeds: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); members.len()];
    for (i, (_, _, members_of)) in members.iter().enumerate() {
        for &t in members_of {
            for &d in &tasks[t].deps {
                if let Some(&o) = stream_of.get(&d).filter(|&&o| o != i) {
                    sync[i].push(format!(
                        "{} waits for {} ({})",
                        tasks[t].id, tasks[d].id, members[o].0
                    ));
                    waits[i].insert(o);
                    feeds[o].insert(i);
                }
            }
        }
    }
    let views = members
        .iter()
        .enumerate()
        .map(|(i, (id, name, members_of))| {
            let spec_stream = (!derived).then(|| &spec.streams[i]);
            let integration = integration_text(&members, &waits[i], &feeds[i]);
            StreamView {
                id: id.clone(),
                name: name
                    .clone()
                    .unwrap_or_else(|| derived_name(tasks, members_of)),
                agents: agents_of(tasks, members_of),
                start: members_of.iter().map(|&t| s.start[t]).min().unwrap_or(0),
                finish: members_of.iter().map(|&t| s.finish[t]).max().unwrap_or(0),
                sync_points: match spec_stream {
                    Some(st) if !st.sync_points.is_empty() => st.sync_points.clone(),
                    _ => std::mem::take(&mut sync[i]),
                },
                integration: spec_stream
                    .and_then(|st| st.integration.clone())
                    .unwrap_or(integration),
                tasks: members_of.clone(),
            }
        })
        .collect();
    (views, derived)
}

fn derive(tasks: &[TaskView], s: &Schedule) -> Vec<(String, Option<String>, Vec<usize>)> {
    let mut streams: Vec<Vec<usize>> = Vec::new();
    let mut stream_of = vec![usize::MAX; tasks.len()];
    for &t in &s.order {
        let best = tasks[t]
            .deps
            .iter()
            .copied()
            .filter(|&d| stream_of[d] != usize::MAX && streams[stream_of[d]].last() == Some(&d))
            .max_by(|&a, &b| {
                s.finish[a]
                    .cmp(&s.finish[b])
                    .then_with(|| natural_cmp(&tasks[b].id, &tasks[a].id))
            });
        match best {
            Some(d) => {
                let st = stream_of[d];
                streams[st].push(t);
                stream_of[t] = st;
            }
            None => {
                stream_of[t] = streams.len();
                streams.push(vec![t]);
            }
        }
    }
    streams
        .into_iter()
        .enumerate()
        .map(|(i, tasks)| (format!("S{:03}", i + 1), None, tasks))
        .collect()
}

fn derived_name(tasks: &[TaskView], members: &[usize]) -> String {
    match (members.first(), members.last()) {
        (Some(&a), Some(&b)) if a != b => {
            format!("{} to {}", tasks[a].name, tasks[b].name)
        }
        (Some(&a), _) => tasks[a].name.clone(),
        _ => "Empty stream".into(),
    }
}

fn agents_of(tasks: &[TaskView], members: &[usize]) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for &t in members {
        let task = &tasks[t];
        for a in std::iter::once(&task.agent).chain(&task.supporting) {
            if seen.insert(a.clone()) {
                out.push(a.clone());
            }
        }
    }
    out
}

fn integration_text(
    members: &[(String, Option<String>, Vec<usize>)],
    waits: &BTreeSet<usize>,
    feeds: &BTreeSet<usize>,
) -> String {
    let names = |set: &BTreeSet<usize>| {
        set.iter()
            .map(|&o| members[o].0.clone())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (waits.is_empty(), feeds.is_empty()) {
        (true, true) => "Independent: no dependencies on other streams".into(),
        (false, true) => format!("Integrates the output of {}", names(waits)),
        (true, false) => format!("Feeds {}", names(feeds)),
        (false, false) => format!(
            "Integrates the output of {}; feeds {}",
            names(waits),
            names(feeds)
        ),
    }
}
