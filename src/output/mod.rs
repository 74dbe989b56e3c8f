//! Writing compiled documents into an output directory, all or nothing.
//!
//! In: the output directory and the rendered documents (manifest last).
//! Out: either every file written, or an error and the directory as it
//! was. Before anything is written, every target is checked: a file whose
//! content differs from the hash the previous `manifest.json` recorded was
//! edited by hand, and a file no manifest records is not ours; both are
//! refused without `force`. Files the previous manifest listed that this
//! compile no longer produces are removed if unedited. [`check`] compares
//! without writing (`compile --check`).

pub mod manifest;

use std::io::Write;
use std::path::{Path, PathBuf};

use manifest::{sha256, Manifest, MANIFEST};

use crate::render::RenderedDoc;
use crate::validate::escapes;

/// Why the output directory was left untouched.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("refusing to overwrite {} without --force:\n{}", if .0.len() == 1 { "a file" } else { "files" }, .0.iter().map(|c| format!("  {c}")).collect::<Vec<_>>().join("\n"))]
    Conflicts(Vec<String>),
    #[error("cannot write `{path}`: {reason}")]
    Io { path: String, reason: String },
}

/// What `write` did.
#[derive(Debug, Default, PartialEq)]
pub struct WriteReport {
    pub written: Vec<String>,
    pub unchanged: Vec<String>,
    pub removed: Vec<String>,
}

fn io_err(path: &Path, e: &std::io::Error) -> WriteError {
    WriteError::Io {
        path: path.display().to_string(),
        reason: crate::spec::load::io_reason(e),
    }
}

fn previous_manifest(out: &Path) -> Option<Manifest> {
    std::fs::read_to_string(out.join(MANIFEST))
        .ok()
        .and_then(|t| Manifest::read(&t))
}

fn target(out: &Path, rel: &str) -> Result<PathBuf, WriteError> {
    // Paths come from templates and spec ids; refuse anything that could leave `out`.
    if rel.is_empty() || escapes(rel) {
        return Err(WriteError::Io {
            path: rel.into(),
            reason: "the path would leave the output directory".into(),
        });
    }
    Ok(out.join(rel))
}

/// Writes `docs` into `out` (see the module docs).
pub fn write(out: &Path, docs: &[RenderedDoc], force: bool) -> Result<WriteReport, WriteError> {
    let old = previous_manifest(out);
    let mut conflicts = Vec::new();
    let mut report = WriteReport::default();
    let mut pending = Vec::new();
    for doc in docs {
        let path = target(out, &doc.path)?;
        match std::fs::read(&path) {
            Ok(current) if current == doc.content.as_bytes() => {
                report.unchanged.push(doc.path.clone());
                continue;
            }
            Ok(current) if doc.path != MANIFEST && !force => {
                match old.as_ref().and_then(|m| m.hash_of(&doc.path)) {
                    Some(h) if h == sha256(&current) => {}
                    Some(_) => conflicts.push(format!(
                        "{} (edited since planforge wrote it)",
                        path.display()
                    )),
                    None => {
                        conflicts.push(format!("{} (not written by planforge)", path.display()))
                    }
                }
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_err(&path, &e)),
        }
        pending.push((path, doc));
    }
    if !conflicts.is_empty() {
        return Err(WriteError::Conflicts(conflicts));
    }
    // Stage every file next to its target first; only then rename them in.
    let mut staged = Vec::new();
    for (path, doc) in pending {
        let dir = path.parent().unwrap_or(out);
        std::fs::create_dir_all(dir).map_err(|e| io_err(dir, &e))?;
        let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| io_err(dir, &e))?;
        tmp.write_all(doc.content.as_bytes())
            .map_err(|e| io_err(&path, &e))?;
        staged.push((tmp, path, doc.path.clone()));
    }
    for (tmp, path, rel) in staged {
        tmp.persist(&path).map_err(|e| io_err(&path, &e.error))?;
        report.written.push(rel);
    }
    report.removed = remove_stale(out, old.as_ref(), docs);
    Ok(report)
}

/// Removes files the old manifest listed that are no longer produced, when
/// they are unedited. Returns their paths.
fn remove_stale(out: &Path, old: Option<&Manifest>, docs: &[RenderedDoc]) -> Vec<String> {
    let Some(old) = old else { return Vec::new() };
    let mut removed = Vec::new();
    for f in &old.files {
        if docs.iter().any(|d| d.path == f.path) || escapes(&f.path) {
            continue;
        }
        let path = out.join(&f.path);
        if std::fs::read(&path).is_ok_and(|c| sha256(&c) == f.sha256)
            && std::fs::remove_file(&path).is_ok()
        {
            removed.push(f.path.clone());
        }
    }
    removed
}

/// A file that `compile` would change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drift {
    Missing(String),
    Differs(String),
}

impl std::fmt::Display for Drift {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Drift::Missing(p) => write!(f, "missing: {p}"),
            Drift::Differs(p) => write!(f, "differs: {p}"),
        }
    }
}

/// Lists the files that are missing or differ from `docs`; writes nothing.
pub fn check(out: &Path, docs: &[RenderedDoc]) -> Result<Vec<Drift>, WriteError> {
    let mut drift = Vec::new();
    for doc in docs {
        let path = target(out, &doc.path)?;
        match std::fs::read(&path) {
            Ok(current) if current == doc.content.as_bytes() => {}
            Ok(_) => drift.push(Drift::Differs(doc.path.clone())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                drift.push(Drift::Missing(doc.path.clone()))
            }
            Err(e) => return Err(io_err(&path, &e)),
        }
    }
    Ok(drift)
}
