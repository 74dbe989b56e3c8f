//! File writes that are never half-done.
//!
//! In: a path and bytes. Out: the file, complete, or no change at all: data
//! goes to a temporary file in the same directory which is then renamed
//! over (or, for [`create_new`], linked to) the target.

use std::io::Write;
use std::path::Path;

/// Replaces `path` atomically with `bytes`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = parent_dir(path);
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| staging_error(dir, &e))?;
    tmp.write_all(bytes).map_err(|e| plain(&e))?;
    tmp.as_file().sync_all().map_err(|e| plain(&e))?;
    tmp.persist(path).map_err(|e| plain(&e.error))?;
    Ok(())
}

/// Creates `path` with `bytes`, failing if it already exists.
pub fn create_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if path.exists() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            "the file already exists; planforge does not overwrite it (choose another path or remove the file)",
        ));
    }
    let dir = parent_dir(path);
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| staging_error(dir, &e))?;
    tmp.write_all(bytes).map_err(|e| plain(&e))?;
    tmp.as_file().sync_all().map_err(|e| plain(&e))?;
    tmp.persist_noclobber(path).map_err(|e| plain(&e.error))?;
    Ok(())
}

/// The temporary file could not be created in `dir`. The message names the
/// directory, never the temporary file (`.tmpXXXXXX`), which the user did
/// not ask for.
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

/// The error without the temporary file's name that `tempfile` adds.
fn plain(e: &std::io::Error) -> std::io::Error {
    std::io::Error::new(e.kind(), crate::spec::load::io_reason(e))
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}
