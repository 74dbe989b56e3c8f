//! Switching OUT to its new state all at once, and recovering after a crash.
//!
//! In: the output directory and the [`Change`]s of one compile (files to
//! write, files to remove; `manifest.json` last). Out: OUT in its new state,
//! or an error and OUT as it was.
//!
//! Design (a write-ahead journal, as package managers use):
//!
//! 1. **Stage.** Every new file is written, complete and synced, into
//!    `OUT/.planforge-tmp/new/<i>` (with the umask's mode, or the mode of
//!    the file it replaces). Nothing else in OUT changes.
//! 2. **Commit.** `OUT/.planforge-tmp/journal.json`, listing every change in
//!    order, is written to a side file, synced and renamed into place. Its
//!    appearance is the commit point.
//! 3. **Switch.** For change `i` in order: an existing target is first
//!    renamed to `.planforge-tmp/old/<i>` (a removal is just that), then
//!    `new/<i>` is renamed onto the target. Each step is a rename inside
//!    one file system, so every file is at any instant either whole-old or
//!    whole-new, and each change's progress can be read back from which of
//!    `new/<i>`, `old/<i>` and the target exist.
//! 4. **Finish.** `.planforge-tmp` (journal, backups) is deleted.
//!
//! A failure during the switch rolls back: changes are undone in reverse
//! order from their backups, and `.planforge-tmp` is deleted, leaving OUT as
//! it was. A crash (`kill -9`, power loss) is repaired by [`recover`], which
//! every compile runs under the lock before anything else: with a journal,
//! the switch is finished (rolled forward: the staged files are complete);
//! without one, the crash came before the commit point and the staging
//! directory is simply deleted (rolled back). Either way OUT then matches
//! one manifest, and no temporary file survives.
//!
//! Every path in a journal is resolved with [`confine::resolve`], like the
//! paths of a manifest, so a crafted journal cannot reach outside OUT.

use std::fs::Permissions;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::confine::{self, Entry};
use super::WriteError;
use crate::fsutil::create_file;

/// The staging directory inside OUT.
pub const STAGING: &str = ".planforge-tmp";
const JOURNAL: &str = "journal.json";

/// One change of the new OUT state.
pub(super) struct Change<'a> {
    /// Path relative to OUT.
    pub path: String,
    /// The new content, `None` to remove the file.
    pub content: Option<&'a [u8]>,
    /// The mode of the file replaced, kept by the new one.
    pub mode: Option<Permissions>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Journal {
    planforge_journal: u32,
    ops: Vec<Op>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Op {
    path: String,
    /// `true`: `new/<i>` replaces the target; `false`: the target is removed.
    write: bool,
}

/// What [`recover`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recovered {
    /// An interrupted switch was finished.
    Finished,
    /// Files staged by a compile that never committed were deleted.
    Discarded,
}

fn io(path: &Path, e: &std::io::Error) -> WriteError {
    WriteError::Io {
        path: path.display().to_string(),
        reason: crate::spec::load::io_reason(e),
    }
}

fn exists(p: &Path) -> bool {
    std::fs::symlink_metadata(p).is_ok()
}

/// Deletes the staging directory when dropped, unless disarmed.
struct Cleanup(Option<PathBuf>);

impl Drop for Cleanup {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            let _ = std::fs::remove_dir_all(p);
        }
    }
}

/// Applies `changes` to `out` all at once (see the module docs). The caller
/// holds the lock and has run [`recover`].
pub(super) fn apply(out: &Path, changes: &[Change<'_>]) -> Result<(), WriteError> {
    let staging = out.join(STAGING);
    std::fs::create_dir(&staging).map_err(|e| io(&staging, &e))?;
    let mut cleanup = Cleanup(Some(staging.clone()));
    for sub in ["new", "old"] {
        let p = staging.join(sub);
        std::fs::create_dir(&p).map_err(|e| io(&p, &e))?;
    }
    for (i, c) in changes.iter().enumerate() {
        if let Some(bytes) = c.content {
            let p = staging.join("new").join(i.to_string());
            stage_file(&p, bytes, c.mode.as_ref()).map_err(|e| io(&out.join(&c.path), &e))?;
        }
    }
    let journal = Journal {
        planforge_journal: 1,
        ops: changes
            .iter()
            .map(|c| Op {
                path: c.path.clone(),
                write: c.content.is_some(),
            })
            .collect(),
    };
    commit(&staging, &journal).map_err(|e| io(&staging.join(JOURNAL), &e))?;
    let mut created = Vec::new();
    match forward(out, &journal, &mut created) {
        Ok(()) => Ok(()),
        Err(e) => match rollback(out, &journal, &created) {
            Ok(()) => {
                // Undone: without its journal the staging directory is
                // discarded by the next run, should this one die now.
                let _ = std::fs::remove_file(staging.join(JOURNAL));
                Err(e)
            }
            Err(undo) => {
                // Keep the journal: the next compile finishes the switch.
                cleanup.0 = None;
                Err(WriteError::Io {
                    path: out.display().to_string(),
                    reason: format!("{e}; undoing the partial update failed too ({undo}); the next `planforge compile` into this directory finishes it"),
                })
            }
        },
    }
}

fn stage_file(p: &Path, bytes: &[u8], mode: Option<&Permissions>) -> std::io::Result<()> {
    let mut f = create_file(p)?;
    if let Some(m) = mode {
        f.set_permissions(m.clone())?;
    }
    f.write_all(bytes)?;
    f.sync_all()
}

fn commit(staging: &Path, journal: &Journal) -> std::io::Result<()> {
    let text = serde_json::to_vec_pretty(journal).map_err(std::io::Error::other)?;
    let part = staging.join("journal.part");
    stage_file(&part, &text, None)?;
    std::fs::rename(&part, staging.join(JOURNAL))?;
    sync_dir(staging)
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}

fn unsafe_err(u: confine::Unsafe) -> WriteError {
    WriteError::Unsafe {
        path: u.path,
        reason: u.reason,
    }
}

/// Rolls the switch forward from whatever step it reached.
fn forward(out: &Path, j: &Journal, created: &mut Vec<PathBuf>) -> Result<(), WriteError> {
    let staging = out.join(STAGING);
    let mut dirs: Vec<&str> = j
        .ops
        .iter()
        .filter(|o| o.write)
        .filter_map(|o| o.path.rsplit_once('/').map(|(d, _)| d))
        .collect();
    dirs.sort_unstable();
    dirs.dedup();
    for d in dirs {
        created.extend(confine::create_dirs(out, d).map_err(unsafe_err)?);
    }
    let mut renames = 0usize;
    for (i, op) in j.ops.iter().enumerate() {
        let (target, entry) = confine::resolve(out, &op.path).map_err(unsafe_err)?;
        let new = staging.join("new").join(i.to_string());
        let bak = staging.join("old").join(i.to_string());
        if op.write && !exists(&new) {
            continue; // already switched
        }
        if entry == Entry::File && !exists(&bak) {
            rename(&target, &bak, &mut renames)?;
        }
        if op.write {
            rename(&new, &target, &mut renames)?;
        }
    }
    Ok(())
}

/// Undoes a switch that failed part-way, newest change first.
fn rollback(out: &Path, j: &Journal, created: &[PathBuf]) -> Result<(), WriteError> {
    let staging = out.join(STAGING);
    for (i, op) in j.ops.iter().enumerate().rev() {
        let (target, entry) = confine::resolve(out, &op.path).map_err(unsafe_err)?;
        let new = staging.join("new").join(i.to_string());
        let bak = staging.join("old").join(i.to_string());
        if op.write && !exists(&new) && entry == Entry::File {
            std::fs::rename(&target, &new).map_err(|e| io(&target, &e))?;
        }
        if exists(&bak) {
            std::fs::rename(&bak, &target).map_err(|e| io(&target, &e))?;
        }
    }
    for d in created.iter().rev() {
        let _ = std::fs::remove_dir(d);
    }
    Ok(())
}

fn rename(from: &Path, to: &Path, renames: &mut usize) -> Result<(), WriteError> {
    test_hook(*renames).map_err(|e| io(to, &e))?;
    std::fs::rename(from, to).map_err(|e| io(to, &e))?;
    *renames += 1;
    Ok(())
}

/// Fault injection for the tests, in debug builds only:
/// `PLANFORGE_TEST_FAIL_AFTER_RENAMES=N` makes rename N+1 of a switch fail,
/// `PLANFORGE_TEST_CRASH_AFTER_RENAMES=N` aborts the process there (as
/// `kill -9` would: no destructor runs).
#[cfg(debug_assertions)]
fn test_hook(done: usize) -> std::io::Result<()> {
    let at = |var: &str| {
        std::env::var(var)
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
    };
    if at("PLANFORGE_TEST_CRASH_AFTER_RENAMES") == Some(done) {
        std::process::abort();
    }
    if at("PLANFORGE_TEST_FAIL_AFTER_RENAMES") == Some(done) {
        return Err(std::io::Error::other("injected failure (test hook)"));
    }
    Ok(())
}

#[cfg(not(debug_assertions))]
fn test_hook(_done: usize) -> std::io::Result<()> {
    Ok(())
}

/// Whether OUT holds the traces of an interrupted compile.
pub fn interrupted(out: &Path) -> bool {
    exists(&out.join(STAGING))
}

/// Repairs OUT after a crash (see the module docs). The caller holds the lock.
pub(super) fn recover(out: &Path) -> Result<Option<Recovered>, WriteError> {
    let staging = out.join(STAGING);
    let meta = match std::fs::symlink_metadata(&staging) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(&staging, &e)),
    };
    if !meta.is_dir() {
        return Err(WriteError::Unsafe {
            path: STAGING.into(),
            reason: "it is planforge's staging directory but not a directory (a link or a file); remove it".into(),
        });
    }
    let journal_path = staging.join(JOURNAL);
    let recovered = match std::fs::read(&journal_path) {
        Ok(bytes) => {
            let j: Journal = serde_json::from_slice(&bytes).map_err(|e| WriteError::Io {
                path: journal_path.display().to_string(),
                reason: format!(
                    "not a planforge journal ({e}); check the directory and remove `{STAGING}`"
                ),
            })?;
            forward(out, &j, &mut Vec::new())?;
            Recovered::Finished
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Recovered::Discarded,
        Err(e) => return Err(io(&journal_path, &e)),
    };
    std::fs::remove_dir_all(&staging).map_err(|e| io(&staging, &e))?;
    Ok(Some(recovered))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// OUT with `a.md` and `b.md` (old), both staged anew, `c.md` to be
    /// removed; the switch of `a.md` done, the rest not.
    fn half_switched() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let st = out.join(STAGING);
        std::fs::create_dir_all(st.join("new")).unwrap();
        std::fs::create_dir_all(st.join("old")).unwrap();
        std::fs::write(out.join("a.md"), "new a").unwrap();
        std::fs::write(st.join("old/0"), "old a").unwrap();
        std::fs::write(out.join("b.md"), "old b").unwrap();
        std::fs::write(st.join("new/1"), "new b").unwrap();
        std::fs::write(out.join("c.md"), "old c").unwrap();
        let j = Journal {
            planforge_journal: 1,
            ops: vec![
                Op {
                    path: "a.md".into(),
                    write: true,
                },
                Op {
                    path: "b.md".into(),
                    write: true,
                },
                Op {
                    path: "c.md".into(),
                    write: false,
                },
            ],
        };
        std::fs::write(st.join(JOURNAL), serde_json::to_vec(&j).unwrap()).unwrap();
        dir
    }

    fn read(out: &Path, f: &str) -> Option<String> {
        std::fs::read_to_string(out.join(f)).ok()
    }

    #[test]
    fn recovery_finishes_a_half_done_switch_and_removes_the_staging_directory() {
        let dir = half_switched();
        let out = dir.path();
        assert_eq!(recover(out).unwrap(), Some(Recovered::Finished));
        assert_eq!(read(out, "a.md").as_deref(), Some("new a"));
        assert_eq!(read(out, "b.md").as_deref(), Some("new b"));
        assert_eq!(read(out, "c.md"), None);
        assert!(!out.join(STAGING).exists());
        assert_eq!(recover(out).unwrap(), None);
    }

    #[test]
    fn rollback_restores_every_file_from_its_backup() {
        let dir = half_switched();
        let out = dir.path();
        let bytes = std::fs::read(out.join(STAGING).join(JOURNAL)).unwrap();
        let j: Journal = serde_json::from_slice(&bytes).unwrap();
        rollback(out, &j, &[]).unwrap();
        assert_eq!(read(out, "a.md").as_deref(), Some("old a"));
        assert_eq!(read(out, "b.md").as_deref(), Some("old b"));
        assert_eq!(read(out, "c.md").as_deref(), Some("old c"));
    }

    #[test]
    fn apply_writes_replaces_and_removes_and_leaves_no_staging_directory() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::fs::write(out.join("old.md"), "x").unwrap();
        std::fs::write(out.join("keep.md"), "v1").unwrap();
        let changes = [
            Change {
                path: "keep.md".into(),
                content: Some(b"v2"),
                mode: None,
            },
            Change {
                path: "iterations/01-a/README.md".into(),
                content: Some(b"r"),
                mode: None,
            },
            Change {
                path: "old.md".into(),
                content: None,
                mode: None,
            },
        ];
        apply(out, &changes).unwrap();
        assert_eq!(read(out, "keep.md").as_deref(), Some("v2"));
        assert_eq!(read(out, "iterations/01-a/README.md").as_deref(), Some("r"));
        assert_eq!(read(out, "old.md"), None);
        assert!(!out.join(STAGING).exists());
    }

    #[test]
    fn a_journal_that_is_not_planforges_is_an_error_not_a_guess() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(STAGING)).unwrap();
        std::fs::write(dir.path().join(STAGING).join(JOURNAL), "{}").unwrap();
        assert!(recover(dir.path()).is_err());
    }
}
