//! File writes that are never half-done.
//!
//! In: a path and bytes. Out: the file, complete, or no change at all: data
//! goes to a temporary file in the same directory which is then renamed
//! over (or, for [`create_new`], linked to) the target. The temporary file
//! is removed on every failure path.
//!
//! Modes: a new file gets the umask's mode (`0666 & !umask`, as `touch` or
//! a shell redirection would give it), and a replaced file keeps its mode.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Replaces `path` atomically with `bytes`, keeping the mode of the file
/// it replaces.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = TempFile::create(path)?;
    // A link at `path` is replaced, never written through or copied from.
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        if meta.is_file() {
            std::fs::set_permissions(&tmp.path, meta.permissions())?;
        }
    }
    tmp.fill(bytes)?;
    std::fs::rename(&tmp.path, path)?;
    tmp.keep();
    Ok(())
}

/// Creates `path` with `bytes`, failing if it already exists.
pub fn create_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if path.exists() {
        return Err(already_exists());
    }
    let tmp = TempFile::create(path)?;
    tmp.fill(bytes)?;
    // A hard link fails if the target appeared meanwhile: never clobbers.
    match std::fs::hard_link(&tmp.path, path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(already_exists()),
        // No hard links here (some network and FUSE file systems): rename,
        // checking for the target just before.
        Err(_) if !path.exists() => {
            std::fs::rename(&tmp.path, path)?;
            tmp.keep();
            Ok(())
        }
        Err(_) => Err(already_exists()),
    }
    // `tmp` is removed when dropped, on success too.
}

fn already_exists() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::AlreadyExists,
        "the file already exists; planforge does not overwrite it (choose another path or remove the file)",
    )
}

/// Creates a new file with the umask's mode (`File::create_new` semantics:
/// never follows or replaces an existing entry).
pub fn create_file(path: &Path) -> std::io::Result<File> {
    OpenOptions::new().write(true).create_new(true).open(path)
}

/// A temporary sibling of a target, removed when dropped unless kept.
struct TempFile {
    path: PathBuf,
    file: File,
    keep: bool,
}

impl TempFile {
    fn create(target: &Path) -> std::io::Result<TempFile> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let dir = parent_dir(target);
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        loop {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let path = dir.join(format!(".{name}.{}-{n}.planforge-tmp", std::process::id()));
            match create_file(&path) {
                Ok(file) => {
                    return Ok(TempFile {
                        path,
                        file,
                        keep: false,
                    })
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(staging_error(dir, &e)),
            }
        }
    }

    fn fill(&self, bytes: &[u8]) -> std::io::Result<()> {
        let mut f = &self.file;
        f.write_all(bytes)?;
        f.sync_all()
    }

    fn keep(mut self) {
        self.keep = true;
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.keep {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Why a path named by a spec is not read.
#[derive(Debug)]
pub enum InputError {
    /// Nothing is there (a dangling link included).
    Missing,
    /// It resolves outside the base directory or into `.git`; says which.
    Outside(&'static str),
    Io(std::io::Error),
}

fn is_git(c: Component<'_>) -> bool {
    matches!(c, Component::Normal(n) if n.to_str().is_some_and(|s| s.eq_ignore_ascii_case(".git")))
}

/// Resolves `rel`, a path written in a spec, against `base` (the spec's
/// directory), following symbolic links, and requires the result to stay
/// inside `base` and outside any `.git` directory: a spec from an untrusted
/// pull request must not be able to pull `.git/config` (CI job tokens) or
/// `/proc/self/environ` into a generated prompt through a link. Returns the
/// resolved path; it names no file system root or drive.
pub fn resolve_input(base: &Path, rel: &str) -> Result<PathBuf, InputError> {
    const GIT: &str = "it is inside a `.git` directory (repository internals and credentials)";
    if Path::new(rel).components().any(is_git) {
        return Err(InputError::Outside(GIT));
    }
    let base = base.canonicalize().map_err(InputError::Io)?;
    let resolved = match base.join(rel).canonicalize() {
        Ok(p) => p,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(InputError::Missing),
        Err(e) => return Err(InputError::Io(e)),
    };
    let Ok(inner) = resolved.strip_prefix(&base) else {
        return Err(InputError::Outside(
            "it resolves (through `..`, an absolute path or a symbolic link) outside the spec's directory",
        ));
    };
    if inner.components().any(is_git) {
        return Err(InputError::Outside(GIT));
    }
    Ok(resolved)
}

/// The temporary file could not be created in `dir`. The message names the
/// directory, never the temporary file, which the user did not ask for.
fn staging_error(dir: &Path, e: &std::io::Error) -> std::io::Error {
    let reason = match e.kind() {
        std::io::ErrorKind::NotFound => format!("the directory `{}` does not exist", dir.display()),
        _ => format!(
            "cannot write in `{}`: {}",
            dir.display(),
            crate::spec::load::io_reason(e)
        ),
    };
    std::io::Error::new(e.kind(), reason)
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_mode_and_no_temporary_file_is_left() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        std::fs::write(&p, "old").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&p, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn inputs_resolve_inside_the_base_and_never_into_git() {
        let base = tempfile::tempdir().unwrap();
        let b = base.path();
        std::fs::create_dir_all(b.join("prompts")).unwrap();
        std::fs::create_dir_all(b.join(".git")).unwrap();
        std::fs::write(b.join("prompts/dev.md"), "x").unwrap();
        std::fs::write(b.join(".git/config"), "token").unwrap();
        let outside = tempfile::tempdir().unwrap();
        let secret = outside.path().join("environ");
        std::fs::write(&secret, "TOKEN=x").unwrap();
        std::os::unix::fs::symlink(&secret, b.join("prompts/etc.md")).unwrap();
        std::os::unix::fs::symlink(b.join(".git/config"), b.join("prompts/cfg.md")).unwrap();
        std::os::unix::fs::symlink(b.join("prompts/dev.md"), b.join("alias.md")).unwrap();
        assert!(resolve_input(b, "prompts/dev.md").is_ok());
        assert!(resolve_input(b, "alias.md").is_ok());
        assert!(matches!(
            resolve_input(b, "nope.md"),
            Err(InputError::Missing)
        ));
        for bad in [
            ".git/config",
            "prompts/../.GIT/config",
            "prompts/etc.md",
            "prompts/cfg.md",
        ] {
            assert!(
                matches!(resolve_input(b, bad), Err(InputError::Outside(_))),
                "{bad}"
            );
        }
        let absolute = secret.to_str().unwrap();
        assert!(matches!(
            resolve_input(b, absolute),
            Err(InputError::Outside(_))
        ));
    }

    #[test]
    fn create_new_refuses_an_existing_file_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("planforge.yaml");
        create_new(&p, b"one").unwrap();
        assert!(create_new(&p, b"two").is_err());
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "one");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
