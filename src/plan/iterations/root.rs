//! Listing the files under the root that target globs could match.
//!
//! In: the root directory and the parsed globs. Out: a [`RootListing`]:
//! sorted, `/`-separated paths relative to the root, plus any directory
//! that could not be read. Only the part of the tree a glob can reach is
//! walked (its literal prefix, to its depth). Symbolic links are not
//! followed; a link is listed only when it resolves to a file inside the
//! root, so a match never leaves the root. `.git` directories are skipped;
//! ignore files (`.gitignore`) are not consulted: targets are explicit.
//! Names that are not UTF-8 cannot be written in a spec and are skipped.

use std::collections::BTreeSet;
use std::path::{Component, Path};

use super::glob::TargetGlob;

/// Files found under the root.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RootListing {
    /// Root-relative paths, sorted and unique.
    pub files: BTreeSet<String>,
    /// Whether the root directory exists.
    pub root_exists: bool,
    /// Directories or entries that could not be read, with the reason.
    pub errors: Vec<String>,
}

impl RootListing {
    /// A listing of the given paths (for tests and callers that already
    /// know the files).
    pub fn of<I: IntoIterator<Item = S>, S: Into<String>>(files: I) -> Self {
        RootListing {
            files: files.into_iter().map(Into::into).collect(),
            root_exists: true,
            errors: Vec::new(),
        }
    }
}

/// Walks `root` for the files `globs` could match.
pub fn list(root: &Path, globs: &[&TargetGlob]) -> RootListing {
    let mut listing = RootListing {
        root_exists: root.is_dir(),
        ..RootListing::default()
    };
    if !listing.root_exists {
        return listing;
    }
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    // One walk per (prefix, depth); the deepest wins for a shared prefix.
    let mut walks: std::collections::BTreeMap<&str, Option<usize>> =
        std::collections::BTreeMap::new();
    for g in globs {
        let entry = walks.entry(g.prefix.as_str()).or_insert(g.depth);
        *entry = match (*entry, g.depth) {
            (Some(a), Some(b)) => Some(a.max(b)),
            _ => None,
        };
    }
    for (prefix, depth) in walks {
        let start = if prefix.is_empty() {
            root.to_path_buf()
        } else {
            root.join(prefix)
        };
        // The walk's start is the one link a walk follows: it must resolve
        // inside the root too.
        if !start.is_dir()
            || !start
                .canonicalize()
                .is_ok_and(|s| s.starts_with(&canonical_root))
        {
            continue;
        }
        let mut builder = ignore::WalkBuilder::new(&start);
        builder
            .standard_filters(false)
            .follow_links(false)
            .max_depth(depth);
        builder.filter_entry(|e| e.file_name() != ".git");
        for entry in builder.build() {
            match entry {
                Ok(e) => {
                    let inside = match e.file_type() {
                        Some(ft) if ft.is_file() => true,
                        Some(ft) if ft.is_symlink() => link_stays_inside(e.path(), &canonical_root),
                        _ => false,
                    };
                    if let Some(rel) = inside.then(|| relative(root, e.path())).flatten() {
                        listing.files.insert(rel);
                    }
                }
                Err(err) => listing.errors.push(err.to_string()),
            }
        }
    }
    listing
}

fn link_stays_inside(path: &Path, canonical_root: &Path) -> bool {
    path.canonicalize()
        .is_ok_and(|p| p.starts_with(canonical_root) && p.is_file())
}

/// `root/stories/a.md` → `stories/a.md`; `None` for non-UTF-8 names.
fn relative(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let mut parts = Vec::new();
    for c in rel.components() {
        match c {
            Component::Normal(s) => parts.push(s.to_str()?),
            _ => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn globs(patterns: &[&str]) -> Vec<TargetGlob> {
        patterns
            .iter()
            .map(|p| TargetGlob::new(p).unwrap())
            .collect()
    }

    #[test]
    fn only_reachable_files_are_listed_sorted_and_relative() {
        let dir = tempfile::tempdir().unwrap();
        for f in [
            "stories/b.md",
            "stories/a.md",
            "stories/deep/x/y.md",
            "other/z.md",
            ".git/HEAD",
            "stories/.git/c.md",
        ] {
            let p = dir.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        let g = globs(&["stories/*.md"]);
        let l = list(dir.path(), &g.iter().collect::<Vec<_>>());
        assert_eq!(
            l.files.iter().collect::<Vec<_>>(),
            ["stories/a.md", "stories/b.md"]
        );
        let g = globs(&["**/*.md"]);
        let l = list(dir.path(), &g.iter().collect::<Vec<_>>());
        assert_eq!(
            l.files.iter().collect::<Vec<_>>(),
            [
                "other/z.md",
                "stories/a.md",
                "stories/b.md",
                "stories/deep/x/y.md"
            ]
        );
    }

    #[test]
    fn a_missing_root_or_prefix_lists_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let g = globs(&["stories/*.md"]);
        let l = list(&dir.path().join("nope"), &g.iter().collect::<Vec<_>>());
        assert!(!l.root_exists && l.files.is_empty());
        let l = list(dir.path(), &g.iter().collect::<Vec<_>>());
        assert!(l.root_exists && l.files.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_leaving_the_root_are_not_listed() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.md"), "x").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("s")).unwrap();
        std::fs::write(dir.path().join("s/in.md"), "x").unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("secret.md"),
            dir.path().join("s/out.md"),
        )
        .unwrap();
        std::os::unix::fs::symlink(dir.path().join("s/in.md"), dir.path().join("s/alias.md"))
            .unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("s/dir")).unwrap();
        let g = globs(&["s/**"]);
        let l = list(dir.path(), &g.iter().collect::<Vec<_>>());
        assert_eq!(
            l.files.iter().collect::<Vec<_>>(),
            ["s/alias.md", "s/in.md"]
        );
        // A glob whose literal prefix is the link is not walked either.
        let g = globs(&["s/dir/*.md"]);
        assert!(list(dir.path(), &g.iter().collect::<Vec<_>>())
            .files
            .is_empty());
    }
}
