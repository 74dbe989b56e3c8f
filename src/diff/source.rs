//! Reading one side of a diff.
//!
//! In: a command-line argument: a file, a directory, or `REV:path` (a file
//! or directory at a git revision; `:path` is the index). Out: a [`Side`]
//! holding UTF-8 text classified by file extension, or a [`DiffError`].
//!
//! `/dev/null` (or `NUL`) is an absent side: everything on the other side
//! is added (or removed). An argument that exists on disk is always a path, even if it contains
//! `:`; so is a Windows drive path (`C:\plans\plan.yaml`). Otherwise the
//! text before the first `:` is a revision. The path after it is relative to
//! the current directory, like a plain path (git itself would read it from
//! the repository root), and must stay inside the repository. Git is run as
//! a child process (`git cat-file`, `git ls-tree`): plumbing commands whose
//! output no textconv, pager or colour setting changes.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::process::Command;

use super::DiffError;

/// Bytes scanned for a NUL to call a file binary (git's heuristic).
const BINARY_SNIFF: usize = 8000;

/// What a document is, from its file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    /// A YAML spec (`.yaml`, `.yml`).
    Spec,
    /// A Markdown document (`.md`, `.markdown`).
    Markdown,
    /// Any other text file (diffed as one section).
    Text,
}

impl DocKind {
    pub fn of(path: &str) -> DocKind {
        let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        match ext.as_deref() {
            Some("yaml" | "yml") => DocKind::Spec,
            Some("md" | "markdown" | "mdx") => DocKind::Markdown,
            _ => DocKind::Text,
        }
    }

    pub fn noun(self) -> &'static str {
        match self {
            DocKind::Spec => "spec",
            DocKind::Markdown => "Markdown document",
            DocKind::Text => "text file",
        }
    }
}

/// One readable text file.
#[derive(Debug, Clone)]
pub struct Document {
    /// How the user named it (`plan.yaml`, `HEAD~1:plan.yaml`), or its path
    /// relative to the directory side it belongs to.
    pub display: String,
    pub kind: DocKind,
    pub text: String,
    /// For a spec read from git: the working-tree directory its relative
    /// paths (targets, templates) resolve against, since the revision's
    /// files are not on disk. `None` for files: their own directory.
    pub dir: Option<PathBuf>,
}

/// One side of a diff.
#[derive(Debug, Clone)]
pub enum Side {
    Document(Document),
    /// A directory: its files by `/`-separated relative path, sorted.
    Directory {
        display: String,
        files: Vec<Document>,
    },
    /// `/dev/null`: the file does not exist on this side (git passes it to
    /// difftools for added and deleted files).
    Absent {
        display: String,
    },
}

impl Side {
    pub fn display(&self) -> &str {
        match self {
            Side::Document(d) => &d.display,
            Side::Directory { display, .. } | Side::Absent { display } => display,
        }
    }

    pub fn noun(&self) -> &'static str {
        match self {
            Side::Document(d) => d.kind.noun(),
            Side::Directory { .. } => "directory",
            Side::Absent { .. } => "absent file",
        }
    }
}

/// Where a side comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Path(PathBuf),
    /// `rev` is empty for the index (`:path`).
    Git {
        rev: String,
        path: String,
    },
}

/// Splits an argument into a path or a `REV:path`. An existing path wins.
pub fn parse(arg: &str) -> Location {
    let drive = arg.len() >= 3
        && arg.as_bytes()[0].is_ascii_alphabetic()
        && arg.as_bytes()[1] == b':'
        && matches!(arg.as_bytes()[2], b'\\' | b'/');
    match arg.split_once(':') {
        Some((rev, path)) if !drive && !Path::new(arg).exists() => Location::Git {
            rev: rev.to_string(),
            path: path.to_string(),
        },
        _ => Location::Path(PathBuf::from(arg)),
    }
}

/// Reads the side an argument names.
pub fn load(arg: &str) -> Result<Side, DiffError> {
    if arg == "/dev/null" || arg.eq_ignore_ascii_case("NUL") {
        return Ok(Side::Absent {
            display: arg.to_string(),
        });
    }
    match parse(arg) {
        Location::Path(path) => load_path(&path, arg),
        Location::Git { rev, path } => load_git(&rev, &path, arg),
    }
}

fn read_error(display: &str, reason: impl Into<String>) -> DiffError {
    DiffError::Read {
        display: display.to_string(),
        reason: reason.into(),
    }
}

fn load_path(path: &Path, display: &str) -> Result<Side, DiffError> {
    let meta = std::fs::metadata(path)
        .map_err(|e| read_error(display, crate::spec::load::io_reason(&e)))?;
    if !meta.is_dir() {
        let bytes = read_file(path, display)?;
        return Ok(Side::Document(document(display, display, bytes)?));
    }
    let mut rels = Vec::new();
    let mut seen = HashSet::new();
    walk(path, "", &mut rels, &mut seen)
        .map_err(|e| read_error(display, crate::spec::load::io_reason(&e)))?;
    rels.sort();
    let mut files = Vec::with_capacity(rels.len());
    for rel in rels {
        let shown = format!("{}/{rel}", display.trim_end_matches(['/', '\\']));
        let bytes = read_file(&path.join(&rel), &shown)?;
        files.push(Document {
            display: rel.clone(),
            ..document(&shown, &rel, bytes)?
        });
    }
    Ok(Side::Directory {
        display: display.to_string(),
        files,
    })
}

/// Reads a file through the shared input limit (regular files only).
fn read_file(path: &Path, display: &str) -> Result<Vec<u8>, DiffError> {
    crate::input::read(path).map_err(|e| match e {
        crate::input::InputError::TooLarge { .. } => read_error(
            display,
            format!("{e}; {}", crate::input::InputError::too_large_help()),
        ),
        _ => read_error(display, e.to_string()),
    })
}

/// Relative paths of the files under `dir`, skipping hidden entries
/// (`.git`, editor state): compiled output directories have none.
/// Symbolic links are followed, but a directory (by its canonical path) is
/// entered at most once, so a link to an ancestor or two links to one
/// directory cannot make the walk loop or multiply.
fn walk(
    dir: &Path,
    prefix: &str,
    out: &mut Vec<String>,
    seen: &mut HashSet<PathBuf>,
) -> std::io::Result<()> {
    if !seen.insert(std::fs::canonicalize(dir)?) {
        return Ok(());
    }
    let mut entries = std::fs::read_dir(dir)?.collect::<std::io::Result<Vec<_>>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let rel = format!("{prefix}{name}");
        if entry.path().is_dir() {
            walk(&entry.path(), &format!("{rel}/"), out, seen)?;
        } else {
            out.push(rel);
        }
    }
    Ok(())
}

/// Checks that `bytes` are text and classifies them by `name`'s extension.
/// Lone `\r` line ends (classic Mac) become `\n`, so line numbers in
/// hunks and sections count every line break.
fn document(display: &str, name: &str, bytes: Vec<u8>) -> Result<Document, DiffError> {
    let limit = crate::input::max_size();
    if bytes.len() as u64 > limit {
        let e = crate::input::InputError::TooLarge { limit };
        let help = crate::input::InputError::too_large_help();
        return Err(read_error(display, format!("{e}; {help}")));
    }
    if bytes[..bytes.len().min(BINARY_SNIFF)].contains(&0) {
        return Err(DiffError::Binary {
            display: display.to_string(),
        });
    }
    let text = String::from_utf8(bytes).map_err(|e| DiffError::NotUtf8 {
        display: display.to_string(),
        diagnostic: Box::new(crate::spec::load::not_utf8(display, e)),
    })?;
    Ok(Document {
        display: display.to_string(),
        kind: DocKind::of(name),
        text: lone_cr_to_lf(text),
        dir: None,
    })
}

fn lone_cr_to_lf(text: String) -> String {
    let bytes = text.as_bytes();
    let lone = |i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
    if !memchr::memchr_iter(b'\r', bytes).any(lone) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() != Some(&'\n') {
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

fn load_git(rev: &str, path: &str, display: &str) -> Result<Side, DiffError> {
    let git_err = |reason: String| DiffError::Git {
        display: display.to_string(),
        reason,
    };
    // `REV:` alone is the root tree, as in git; any other path is relative
    // to the current directory.
    let rpath = if path.is_empty() {
        String::new()
    } else {
        repo_path(path).map_err(git_err)?
    };
    if !rev.is_empty() {
        git(&[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ])
        .map_err(|_| git_err(format!("unknown revision `{rev}`")))?;
    }
    let object = format!("{rev}:{rpath}");
    let kind = git(&["cat-file", "-t", &object]).map_err(|_| {
        let at = if rev.is_empty() {
            "the index".to_string()
        } else {
            format!("revision `{rev}`")
        };
        git_err(format!("`{path}` does not exist in {at}"))
    })?;
    match String::from_utf8_lossy(&kind).trim() {
        "blob" => {
            let bytes = git(&["cat-file", "blob", &object]).map_err(git_err)?;
            let dir = Path::new(path)
                .parent()
                .filter(|p| !p.as_os_str().is_empty());
            Ok(Side::Document(Document {
                dir: Some(dir.map_or_else(|| PathBuf::from("."), Path::to_path_buf)),
                ..document(display, path, bytes)?
            }))
        }
        "tree" => load_git_tree(rev, &rpath, display).map_err(git_err),
        other => Err(git_err(format!(
            "`{path}` is a {other}, not a file or directory"
        ))),
    }
}

/// The files of the tree at `rpath` (from the repository root) in `rev`.
/// `--full-tree`: without it git filters the listing by the current
/// directory, and a tree read from a subdirectory would look empty.
fn load_git_tree(rev: &str, rpath: &str, display: &str) -> Result<Side, String> {
    let object = format!("{rev}:{rpath}");
    let listing = git(&["ls-tree", "--full-tree", "-r", "-z", "--name-only", &object])?;
    let mut files = Vec::new();
    for rel in listing.split(|&b| b == 0).filter(|s| !s.is_empty()) {
        let rel = String::from_utf8_lossy(rel).into_owned();
        if rel.split('/').any(|part| part.starts_with('.')) {
            continue;
        }
        let blob = match rpath {
            "" => format!("{rev}:{rel}"),
            dir => format!("{rev}:{dir}/{rel}"),
        };
        let bytes = git(&["cat-file", "blob", &blob])?;
        let shown = match display.trim_end_matches('/') {
            d if d.ends_with(':') => format!("{d}{rel}"),
            d => format!("{d}/{rel}"),
        };
        let doc = document(&shown, &rel, bytes).map_err(|e| e.to_string())?;
        files.push(Document {
            display: rel,
            ..doc
        });
    }
    files.sort_by(|a, b| a.display.cmp(&b.display));
    Ok(Side::Directory {
        display: display.to_string(),
        files,
    })
}

/// `path` (relative to the current directory, or absolute) as a path from
/// the repository root, refusing paths that leave the repository.
fn repo_path(path: &str) -> Result<String, String> {
    let out = git(&["rev-parse", "--show-toplevel", "--show-prefix"])?;
    let out = String::from_utf8_lossy(&out);
    let mut lines = out.lines();
    let top = PathBuf::from(lines.next().unwrap_or_default());
    let prefix = lines.next().unwrap_or_default();
    let p = Path::new(path);
    let joined = if p.is_absolute() {
        let canonical = std::fs::canonicalize(&top).unwrap_or(top.clone());
        match p.strip_prefix(&top).or_else(|_| p.strip_prefix(&canonical)) {
            Ok(rest) => rest.to_path_buf(),
            Err(_) => return Err(outside(path)),
        }
    } else {
        Path::new(prefix).join(p)
    };
    let mut parts: Vec<String> = Vec::new();
    for c in joined.components() {
        match c {
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            Component::ParentDir => {
                if parts.pop().is_none() {
                    return Err(outside(path));
                }
            }
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => return Err(outside(path)),
        }
    }
    Ok(parts.join("/"))
}

fn outside(path: &str) -> String {
    format!("`{path}` is outside the repository")
}

/// Runs git; `Err` carries git's message (`fatal: ` removed) or why it
/// could not run.
pub(crate) fn git(args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        return Ok(out.stdout);
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = stderr
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("git failed");
    Err(line
        .trim_start_matches("fatal: ")
        .trim_start_matches("error: ")
        .to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_revision_prefix_is_split_off_unless_the_path_exists() {
        assert_eq!(
            parse("HEAD~1:plan.yaml"),
            Location::Git {
                rev: "HEAD~1".into(),
                path: "plan.yaml".into()
            }
        );
        assert_eq!(parse("Cargo.toml"), Location::Path("Cargo.toml".into()));
    }

    #[test]
    fn windows_drive_paths_are_paths() {
        assert_eq!(
            parse(r"C:\plans\plan.yaml"),
            Location::Path(r"C:\plans\plan.yaml".into())
        );
        assert_eq!(parse("c:/x.md"), Location::Path("c:/x.md".into()));
    }

    #[test]
    fn kinds_follow_the_extension() {
        assert_eq!(DocKind::of("a/plan.YML"), DocKind::Spec);
        assert_eq!(DocKind::of("plan.md"), DocKind::Markdown);
        assert_eq!(DocKind::of("manifest.json"), DocKind::Text);
    }
}
