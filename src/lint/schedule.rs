//! Running the lint of every input in parallel and handing the results
//! back in report order, as soon as each can be.
//!
//! In: the command line's paths (expanded by [`walk`]), a function from an
//! [`Input`] to its result, run on the worker threads, and a sink for the
//! results, run by one thread at a time. Out: every input's result passed
//! to the sink once, in report order (by displayed path, whatever order the
//! workers finish in), and the number of lintable inputs.
//!
//! Files named on the command line are expanded first, then linted (in
//! parallel when there are several; one file, the common pre-commit case,
//! does not start the thread pool). A directory walk runs on one worker
//! while the others lint what it has found: the walk is mostly system calls,
//! and waiting for it would leave every other core idle. Once the walk has
//! ended the report order is known, and from then on the worker that
//! finishes the next result in order passes it (and any later ones already
//! done) to the sink, under one lock: no thread is woken per file. The walk
//! lists each directory in name order, which is nearly report order, so
//! few results wait and output is not held whole until the last file.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

use rayon::prelude::*;

use crate::lint::config::LintConfig;
use crate::lint::walk::{self, Input};

/// What to lint: the command line's paths and how to expand them.
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    pub paths: &'a [PathBuf],
    /// The name standard input (`-`) is shown under.
    pub stdin_name: &'a str,
    pub config: &'a LintConfig,
}

/// Results waiting for their turn, and where they go.
struct Board<T, S> {
    /// Input numbers in report order, once the walk has ended.
    order: Option<Vec<usize>>,
    /// How many of `order` have gone to the sink.
    next: usize,
    waiting: HashMap<usize, T>,
    sink: S,
}

impl<T, S: FnMut(T)> Board<T, S> {
    /// Passes on every result whose turn has come.
    fn drain(&mut self) {
        let Some(order) = &self.order else {
            return;
        };
        while let Some(result) = order.get(self.next).and_then(|n| self.waiting.remove(n)) {
            (self.sink)(result);
            self.next += 1;
        }
    }
}

/// Runs `lint` on every input of `sources`, each once, and passes the
/// results to `sink` in report order; returns how many inputs were lintable
/// (not [`Input::Unreadable`]).
pub fn in_report_order<T: Send>(
    sources: Sources<'_>,
    lint: impl Fn(&Input) -> T + Sync,
    sink: impl FnMut(T) + Send,
) -> usize {
    let Sources {
        paths,
        stdin_name,
        config,
    } = sources;
    if !walk::walks(paths) {
        let inputs = walk::collect(paths, stdin_name, config);
        let results: Vec<T> = if inputs.len() < 2 {
            inputs.iter().map(&lint).collect()
        } else {
            inputs.par_iter().map(&lint).collect()
        };
        results.into_iter().for_each(sink);
        return inputs.iter().filter(|i| i.is_lintable()).count();
    }
    let board = Mutex::new(Board {
        order: None,
        next: 0,
        waiting: HashMap::new(),
        sink,
    });
    let (lint, board) = (&lint, &board);
    // Each input found, once, with its number (the order it was found in).
    let mut found: HashMap<Input, usize> = HashMap::new();
    rayon::scope(|jobs| {
        walk::visit(paths, stdin_name, config, &mut |input| {
            let n = found.len();
            match found.entry(input.clone()) {
                Entry::Occupied(_) => return,
                Entry::Vacant(slot) => slot.insert(n),
            };
            jobs.spawn(move |_| {
                let result = lint(&input);
                let mut board = board.lock().unwrap_or_else(PoisonError::into_inner);
                board.waiting.insert(n, result);
                board.drain();
            });
        });
        let mut order: Vec<(&Input, usize)> = found.iter().map(|(i, &n)| (i, n)).collect();
        order.sort_by(|a, b| a.0.report_order(b.0));
        let mut board = board.lock().unwrap_or_else(PoisonError::into_inner);
        board.order = Some(order.into_iter().map(|(_, n)| n).collect());
        board.drain();
    });
    found.keys().filter(|i| i.is_lintable()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first file in path order is the slowest: every later result is
    /// ready before it and waits; the sink still sees path order, each once.
    #[test]
    fn results_reach_the_sink_in_path_order_whatever_finishes_first() {
        let dir = tempfile::tempdir().unwrap();
        for i in (0..30).rev() {
            let sub = dir.path().join(format!("d{}", i % 3));
            std::fs::create_dir_all(&sub).unwrap();
            std::fs::write(sub.join(format!("f{i:02}.md")), "x\n").unwrap();
        }
        let config = LintConfig::default();
        let paths = [dir.path().to_path_buf()];
        let sources = Sources {
            paths: &paths,
            stdin_name: "-",
            config: &config,
        };
        let mut seen = Vec::new();
        let files = in_report_order(
            sources,
            |input| {
                if input.display().ends_with("d0/f00.md") {
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                input.display().to_string()
            },
            |shown| seen.push(shown),
        );
        assert_eq!(files, 30);
        let mut sorted = seen.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(seen, sorted);
        assert_eq!(seen.len(), 30);
    }
}
