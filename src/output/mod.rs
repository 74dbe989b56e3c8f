//! Writing compiled documents into an output directory, all or nothing,
//! and never outside it.
//!
//! In: the output directory and the rendered documents (manifest last).
//! Out: OUT switched to the new state, or an error and OUT as it was.
//!
//! What [`write`] promises, in order:
//! - **One writer.** An advisory lock on OUT ([`lock`]) makes a concurrent
//!   compile into the same directory wait for this one.
//! - **Crash recovery.** An earlier compile killed mid-way is finished or
//!   discarded first ([`journal::recover`]).
//! - **Confinement.** Every path is resolved below OUT without following a
//!   link ([`confine`]): a symbolic link met inside OUT is refused with an
//!   error naming it, so nothing is written, renamed or deleted outside OUT.
//! - **No clobbering.** A file whose content differs from the hash the
//!   previous `manifest.json` recorded was edited by hand, and a file no
//!   manifest records is not ours; both are refused without `force`. A
//!   `manifest.json` that planforge did not write (a web-app manifest, say)
//!   counts as not ours, and then so does every file in OUT.
//! - **Stale files.** Files the previous manifest recorded that this compile
//!   no longer produces are removed when they are still regular files below
//!   OUT with the recorded hash; anything else is left alone.
//! - **All or nothing.** Every change is staged, then switched in through a
//!   journal ([`journal`]), the new `manifest.json` last.
//! - **Modes.** New files get the umask's mode; a replaced file keeps its mode.
//!
//! [`check`] compares without writing (`compile --check`).

mod confine;
pub mod journal;
pub mod lock;
pub mod manifest;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use confine::Entry;
use journal::{Change, Recovered};
use manifest::{sha256, Manifest, MANIFEST};

use crate::render::RenderedDoc;

pub use confine::MAX_COMPONENT;

/// Why the output directory was left untouched.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("refusing to overwrite {} without --force:\n{}", if .0.len() == 1 { "a file" } else { "files" }, .0.iter().map(|c| format!("  {c}")).collect::<Vec<_>>().join("\n"))]
    Conflicts(Vec<String>),
    #[error("refusing to write through `{path}`: {reason}")]
    Unsafe { path: String, reason: String },
    #[error("two documents map to one output path (file systems that ignore case see them as one): {}", .0.join(", "))]
    Collision(Vec<String>),
    #[error("cannot write `{path}`: {reason}")]
    Io { path: String, reason: String },
}

/// What `write` did.
#[derive(Debug, Default, PartialEq)]
pub struct WriteReport {
    pub written: Vec<String>,
    pub unchanged: Vec<String>,
    pub removed: Vec<String>,
    /// What was found of an earlier, interrupted compile.
    pub recovered: Option<Recovered>,
}

/// How to write.
pub struct WriteOptions<'a> {
    /// Overwrite edited and foreign files.
    pub force: bool,
    /// Called once when another compile holds the lock and this one waits.
    pub on_wait: &'a dyn Fn(),
}

fn io_err(path: &Path, e: &std::io::Error) -> WriteError {
    WriteError::Io {
        path: path.display().to_string(),
        reason: crate::spec::load::io_reason(e),
    }
}

fn unsafe_err(u: confine::Unsafe) -> WriteError {
    WriteError::Unsafe {
        path: u.path,
        reason: u.reason,
    }
}

/// The `manifest.json` found in OUT.
enum Previous {
    None,
    Ours(Manifest),
    /// A `manifest.json` that is not planforge's.
    Foreign,
}

fn previous_manifest(out: &Path) -> Result<Previous, WriteError> {
    let (path, entry) = confine::resolve(out, MANIFEST).map_err(unsafe_err)?;
    if entry == Entry::Missing {
        return Ok(Previous::None);
    }
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    Ok(match Manifest::read(&text) {
        Some(m) => Previous::Ours(m),
        None => Previous::Foreign,
    })
}

/// Refuses two documents whose paths are equal ignoring case.
fn unique_paths(docs: &[RenderedDoc]) -> Result<(), WriteError> {
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    let mut clashes = Vec::new();
    for d in docs {
        if let Some(first) = seen.insert(d.path.to_lowercase(), &d.path) {
            clashes.push(format!("`{first}` and `{}`", d.path));
        }
    }
    if clashes.is_empty() {
        Ok(())
    } else {
        Err(WriteError::Collision(clashes))
    }
}

/// [`write_with`] without waiting notice.
pub fn write(out: &Path, docs: &[RenderedDoc], force: bool) -> Result<WriteReport, WriteError> {
    write_with(
        out,
        docs,
        &WriteOptions {
            force,
            on_wait: &|| {},
        },
    )
}

/// Writes `docs` into `out` (see the module docs).
pub fn write_with(
    out: &Path,
    docs: &[RenderedDoc],
    opts: &WriteOptions<'_>,
) -> Result<WriteReport, WriteError> {
    unique_paths(docs)?;
    for d in docs {
        confine::check_shape(&d.path).map_err(unsafe_err)?;
    }
    let existed = out.exists();
    std::fs::create_dir_all(out).map_err(|e| io_err(out, &e))?;
    let result = write_locked(out, docs, opts);
    if result.is_err() && !existed {
        // Leave no trace of a directory this failed compile created.
        let _ = std::fs::remove_dir(out);
    }
    result
}

fn write_locked(
    out: &Path,
    docs: &[RenderedDoc],
    opts: &WriteOptions<'_>,
) -> Result<WriteReport, WriteError> {
    let _lock = lock::acquire(out, opts.on_wait).map_err(|e| io_err(out, &e))?;
    let mut report = WriteReport {
        recovered: journal::recover(out)?,
        ..WriteReport::default()
    };
    let old = previous_manifest(out)?;
    let mut changes = plan_writes(out, docs, &old, opts.force, &mut report)?;
    let removals = plan_removals(out, &old, docs);
    report.removed = removals.iter().map(|c| c.path.clone()).collect();
    changes.extend(removals);
    // The new manifest is switched in last.
    changes.sort_by_key(|c| c.path == MANIFEST);
    if !changes.is_empty() {
        journal::apply(out, &changes)?;
    }
    remove_empty_dirs(out, &report.removed);
    Ok(report)
}

/// The files to write, checked against what OUT holds now.
fn plan_writes<'a>(
    out: &Path,
    docs: &'a [RenderedDoc],
    old: &Previous,
    force: bool,
    report: &mut WriteReport,
) -> Result<Vec<Change<'a>>, WriteError> {
    let mut conflicts = Vec::new();
    let mut changes = Vec::new();
    for doc in docs {
        let (path, entry) = confine::resolve(out, &doc.path).map_err(unsafe_err)?;
        let mut mode = None;
        if entry == Entry::File {
            let current = std::fs::read(&path).map_err(|e| io_err(&path, &e))?;
            if current == doc.content.as_bytes() {
                report.unchanged.push(doc.path.clone());
                continue;
            }
            let problem = match old {
                _ if force => None,
                Previous::Foreign => Some("not written by planforge"),
                Previous::Ours(_) if doc.path == MANIFEST => None,
                Previous::Ours(m) => match m.hash_of(&doc.path) {
                    Some(h) if h == sha256(&current) => None,
                    Some(_) => Some("edited since planforge wrote it"),
                    None => Some("not written by planforge"),
                },
                Previous::None => Some("not written by planforge"),
            };
            if let Some(p) = problem {
                conflicts.push(format!("{} ({p})", path.display()));
            }
            mode = std::fs::metadata(&path).ok().map(|m| m.permissions());
        }
        report.written.push(doc.path.clone());
        changes.push(Change {
            path: doc.path.clone(),
            content: Some(doc.content.as_bytes()),
            mode,
        });
    }
    if conflicts.is_empty() {
        Ok(changes)
    } else {
        Err(WriteError::Conflicts(conflicts))
    }
}

/// Files the previous manifest listed that are no longer produced, still
/// regular files below OUT (no link on the way) with the recorded hash.
fn plan_removals(out: &Path, old: &Previous, docs: &[RenderedDoc]) -> Vec<Change<'static>> {
    let Previous::Ours(old) = old else {
        return Vec::new();
    };
    // Compared ignoring case: on a case-insensitive file system an old
    // `01-Build/` and a new `01-build/` are one file, which must stay.
    let mut taken: BTreeSet<String> = docs.iter().map(|d| d.path.to_lowercase()).collect();
    taken.insert(MANIFEST.into());
    let mut out_changes: Vec<Change<'static>> = Vec::new();
    for f in &old.files {
        if !taken.insert(f.path.to_lowercase()) {
            continue;
        }
        let Ok((path, Entry::File)) = confine::resolve(out, &f.path) else {
            continue;
        };
        if std::fs::read(&path).is_ok_and(|c| sha256(&c) == f.sha256) {
            out_changes.push(Change {
                path: f.path.clone(),
                content: None,
                mode: None,
            });
        }
    }
    out_changes
}

/// Removes directories that removing stale files left empty (an old
/// iteration's folder), innermost first; never OUT itself.
fn remove_empty_dirs(out: &Path, removed: &[String]) {
    let mut dirs: Vec<&str> = Vec::new();
    for r in removed {
        let mut rest = r.as_str();
        while let Some((d, _)) = rest.rsplit_once('/') {
            dirs.push(d);
            rest = d;
        }
    }
    dirs.sort_by_key(|d| std::cmp::Reverse(d.len()));
    dirs.dedup();
    for d in dirs {
        // Only a real directory reached without a link; `remove_dir` fails
        // on a non-empty one.
        if let Ok(p) = confine::real_dir(out, d) {
            let _ = std::fs::remove_dir(&p);
        }
    }
}

/// A file that `compile` would change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drift {
    Missing(String),
    Differs(String),
    /// An interrupted compile left its staging directory.
    Interrupted,
}

impl std::fmt::Display for Drift {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Drift::Missing(p) => write!(f, "missing: {p}"),
            Drift::Differs(p) => write!(f, "differs: {p}"),
            Drift::Interrupted => write!(
                f,
                "interrupted: an earlier compile did not finish (`{}`); compile again to finish it",
                journal::STAGING
            ),
        }
    }
}

/// Lists the files that are missing or differ from `docs`; writes nothing.
pub fn check(out: &Path, docs: &[RenderedDoc]) -> Result<Vec<Drift>, WriteError> {
    let mut drift = Vec::new();
    if journal::interrupted(out) {
        drift.push(Drift::Interrupted);
    }
    for doc in docs {
        let (path, entry) = confine::resolve(out, &doc.path).map_err(unsafe_err)?;
        if entry == Entry::Missing {
            drift.push(Drift::Missing(doc.path.clone()));
            continue;
        }
        match std::fs::read(&path) {
            Ok(current) if current == doc.content.as_bytes() => {}
            Ok(_) => drift.push(Drift::Differs(doc.path.clone())),
            Err(e) => return Err(io_err(&path, &e)),
        }
    }
    Ok(drift)
}
