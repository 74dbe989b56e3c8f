//! Resolving a path inside the output directory without following links.
//!
//! In: the output directory and a `/`-separated relative path (from a
//! template, a spec id, or a manifest or journal found in OUT, so possibly
//! hostile). Out: the full path and what is there now ([`Entry`]), or why
//! planforge will not touch it. Every existing component below OUT is
//! inspected with `symlink_metadata`: a symbolic link anywhere below OUT, or
//! a component that is not a directory, is refused, so no write, rename or
//! delete planforge makes can land outside OUT. (OUT itself is the user's
//! choice and may be a link.)

use std::path::{Path, PathBuf};

use crate::validate::escapes;

/// What a confined path names now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Missing,
    /// A regular file (never a link).
    File,
}

/// Why a path in OUT is not safe to touch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsafe {
    /// The offending path: OUT joined with the relative path, as far as it
    /// was resolved (only the relative path for [`check_shape`]).
    pub path: String,
    pub reason: String,
}

/// The most bytes one path component may have (ext4, APFS, NTFS, ...).
pub const MAX_COMPONENT: usize = 255;

/// Checks the shape of `rel` alone: relative, no `..`, no empty or
/// over-long component.
pub fn check_shape(rel: &str) -> Result<(), Unsafe> {
    let bad = |reason: String| Unsafe {
        path: rel.into(),
        reason,
    };
    if rel.is_empty() || escapes(rel) || rel.contains('\\') || rel.contains('\0') {
        return Err(bad("the path would leave the output directory".into()));
    }
    for c in rel.split('/') {
        if c.is_empty() || c == "." {
            return Err(bad("the path has an empty component".into()));
        }
        if c.len() > MAX_COMPONENT {
            return Err(bad(format!(
                "a path component is {} bytes long; file systems allow {MAX_COMPONENT}",
                c.len()
            )));
        }
    }
    Ok(())
}

/// Resolves `rel` under `out` (see the module docs).
pub fn resolve(out: &Path, rel: &str) -> Result<(PathBuf, Entry), Unsafe> {
    check_shape(rel)?;
    let parts: Vec<&str> = rel.split('/').collect();
    let mut path = out.to_path_buf();
    for (i, part) in parts.iter().enumerate() {
        path.push(part);
        let last = i + 1 == parts.len();
        let shown = out.join(parts[..=i].join("/")).display().to_string();
        let meta = match std::fs::symlink_metadata(&path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                // Nothing below a missing directory exists either.
                let mut full = path;
                for p in &parts[i + 1..] {
                    full.push(p);
                }
                return Ok((full, Entry::Missing));
            }
            Err(e) => {
                return Err(Unsafe {
                    path: shown,
                    reason: crate::spec::load::io_reason(&e),
                })
            }
        };
        let ft = meta.file_type();
        if ft.is_symlink() {
            return Err(Unsafe {
                path: shown,
                reason: "it is a symbolic link; planforge never writes or deletes through a link inside the output directory".into(),
            });
        }
        if last {
            if !ft.is_file() {
                return Err(Unsafe {
                    path: shown,
                    reason: "it exists and is not a regular file".into(),
                });
            }
            return Ok((path, Entry::File));
        }
        if !ft.is_dir() {
            return Err(Unsafe {
                path: shown,
                reason: "it is not a directory, but a generated file goes below it".into(),
            });
        }
    }
    // invariant: `check_shape` guarantees at least one component, so the loop returned.
    Ok((path, Entry::Missing))
}

/// Creates the directories of `rel_dir` below `out` that are missing,
/// refusing links and non-directories on the way. Returns those created,
/// outermost first.
pub fn create_dirs(out: &Path, rel_dir: &str) -> Result<Vec<PathBuf>, Unsafe> {
    check_shape(rel_dir)?;
    let mut created = Vec::new();
    let mut path = out.to_path_buf();
    for part in rel_dir.split('/') {
        path.push(part);
        let shown = path.display().to_string();
        let fail = |reason: String| Unsafe {
            path: shown.clone(),
            reason,
        };
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => {
                return Err(fail("it is a symbolic link; planforge never writes or deletes through a link inside the output directory".into()))
            }
            Ok(m) if m.is_dir() => {}
            Ok(_) => {
                return Err(fail(
                    "it is not a directory, but a generated file goes below it".into(),
                ))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::create_dir(&path)
                    .map_err(|e| fail(crate::spec::load::io_reason(&e)))?;
                created.push(path.clone());
            }
            Err(e) => return Err(fail(crate::spec::load::io_reason(&e))),
        }
    }
    Ok(created)
}

/// `out/rel_dir` when every component of it is a real directory (no link).
pub fn real_dir(out: &Path, rel_dir: &str) -> Result<PathBuf, Unsafe> {
    check_shape(rel_dir)?;
    let mut path = out.to_path_buf();
    for part in rel_dir.split('/') {
        path.push(part);
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.is_dir() => {}
            _ => {
                return Err(Unsafe {
                    path: path.display().to_string(),
                    reason: "not a directory".into(),
                })
            }
        }
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_that_leave_out_or_overflow_a_component_are_refused() {
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../x",
            "a//b",
            "./a",
            "a\\b",
        ] {
            assert!(check_shape(bad).is_err(), "{bad:?}");
        }
        let long = format!("iterations/01-{}/README.md", "x".repeat(300));
        let e = check_shape(&long).unwrap_err();
        assert!(e.reason.contains("255"), "{e:?}");
        assert!(check_shape("iterations/01-a/agent-prompts/dev-agent-prompt.md").is_ok());
    }

    #[test]
    fn missing_and_regular_files_resolve_and_a_directory_target_does_not() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        std::fs::write(dir.path().join("a/f.md"), "x").unwrap();
        assert_eq!(resolve(dir.path(), "a/f.md").unwrap().1, Entry::File);
        assert_eq!(resolve(dir.path(), "a/new/x.md").unwrap().1, Entry::Missing);
        assert!(resolve(dir.path(), "a/b").is_err());
        assert!(resolve(dir.path(), "a/f.md/x").is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_directory_or_file_inside_out_is_refused() {
        let victim = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(victim.path(), dir.path().join("iterations")).unwrap();
        let e = resolve(dir.path(), "iterations/README.md").unwrap_err();
        assert!(e.path.ends_with("iterations"), "{e:?}");
        std::os::unix::fs::symlink("/etc/passwd", dir.path().join("x.md")).unwrap();
        assert!(resolve(dir.path(), "x.md").is_err());
    }
}
