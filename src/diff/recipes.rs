//! Where a spec really lives when git hands planforge a temporary copy.
//!
//! In: a [`Side`] read from a file, and what git said about the file's
//! real path (the path argument of `diff.<driver>.command`, `$MERGED` or
//! `$BASE` of `git difftool`), if anything. Out: the side with
//! [`Document::dir`] set to the real file's directory, so `workflow.root`,
//! targets and role templates resolve there and never in git's temporary
//! directory.
//!
//! Git names its temporary copies `…/git-blob-XXXXXX/<file name>` (textconv,
//! difftool and external diff alike) and runs every recipe from the top of
//! the work tree, where the paths it passes are relative. A textconv gets no
//! real path: the copy is placed by its file name among the tracked files
//! (the one file of that name, or the one whose indexed or committed
//! content is the copy's), else at the top of the work tree.

use std::path::{Path, PathBuf};

use super::source::{git, DocKind, Side};

/// Whether `path` is a temporary copy git made of a blob.
pub fn is_git_temp(path: &Path) -> bool {
    path.parent()
        .and_then(Path::file_name)
        .is_some_and(|d| d.to_string_lossy().starts_with("git-blob-"))
}

/// The directory a spec side resolves its relative paths from: that of
/// `real` when given, else, for a git temporary copy, where the copy's file
/// is tracked. Leaves other sides alone.
pub fn place(side: &mut Side, real: Option<&Path>) {
    let Side::Document(d) = side else { return };
    if d.kind != DocKind::Spec || d.dir.is_some() {
        return;
    }
    let path = Path::new(&d.display);
    let dir = match real {
        Some(real) => Some(parent(real)),
        None if is_git_temp(path) => Some(locate(path).unwrap_or_else(|| PathBuf::from("."))),
        None => None,
    };
    if dir.is_some() {
        d.dir = dir;
    }
}

/// `path`'s directory, `.` for a bare file name.
fn parent(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `git difftool -x` exports the real path as `$BASE` (`difftool.<tool>.cmd`
/// can pass `$MERGED` with `--path`); taken only when its file name is that
/// of a temporary copy being compared.
pub fn difftool_base(sides: &[&str]) -> Option<PathBuf> {
    let base = PathBuf::from(std::env::var_os("BASE")?);
    let name = base.file_name()?;
    sides
        .iter()
        .map(Path::new)
        .any(|s| is_git_temp(s) && s.file_name() == Some(name))
        .then_some(base)
}

/// The directory (relative to the current one) of the tracked file that
/// `temp` is a copy of.
fn locate(temp: &Path) -> Option<PathBuf> {
    let name = temp.file_name()?.to_string_lossy().into_owned();
    let cdup = String::from_utf8(git(&["rev-parse", "--show-cdup"]).ok()?).ok()?;
    let cdup = PathBuf::from(cdup.trim());
    let pattern = format!(":(top,glob)**/{name}");
    let listing = git(&["ls-files", "-z", "--full-name", "--", &pattern]).ok()?;
    let tracked: Vec<String> = listing
        .split(|&b| b == 0)
        .filter(|p| !p.is_empty())
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect();
    let found = match tracked.as_slice() {
        [] => return None,
        [one] => one.clone(),
        many => same_content(temp, many)?,
    };
    Some(parent(&cdup.join(found)))
}

/// Of several tracked paths, the one whose indexed or committed blob is
/// `temp`'s content.
fn same_content(temp: &Path, paths: &[String]) -> Option<String> {
    let temp = temp.to_string_lossy();
    let hash = String::from_utf8(git(&["hash-object", "--", &temp]).ok()?).ok()?;
    let hash = hash.trim();
    for listing in [
        git(&["ls-files", "-s", "-z", "--full-name"]).ok()?,
        git(&["ls-tree", "-r", "-z", "--full-tree", "HEAD"]).unwrap_or_default(),
    ] {
        for entry in listing.split(|&b| b == 0) {
            let entry = String::from_utf8_lossy(entry);
            let Some((meta, path)) = entry.split_once('\t') else {
                continue;
            };
            if meta.split_whitespace().any(|w| w == hash) && paths.iter().any(|p| p == path) {
                return Some(path.to_string());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_temporary_copies_are_recognised_by_their_directory() {
        assert!(is_git_temp(Path::new("/tmp/git-blob-qq6JeR/plan.yaml")));
        assert!(!is_git_temp(Path::new("/elsewhere/plan-v3.yaml")));
        assert!(!is_git_temp(Path::new("plan.yaml")));
    }
}
