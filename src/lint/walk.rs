//! Turning command-line paths into the files to lint.
//!
//! In: paths (files, directories, `-` for stdin) and the config's globs.
//! Out: [`Input`]s, one at a time as the walk finds them ([`visit`], so
//! linting can start before the walk ends) or sorted by displayed path
//! ([`collect`]); a path that does not exist is an [`Input::Unreadable`].
//! Directories are walked recursively honouring `.gitignore`, `.ignore`
//! and hidden-file conventions (also outside a git repository); only files
//! matching the include globs are kept. Files named explicitly are linted
//! whatever their extension, unless excluded. Symbolic links met inside a
//! walk are not followed (so a link to an ancestor cannot loop), and FIFOs,
//! sockets and devices met there are skipped.

use std::path::{Path, PathBuf};

use ignore::WalkBuilder;

use crate::lint::config::LintConfig;

/// One thing to lint.
#[derive(Debug, Clone)]
pub enum Input {
    /// A file and the path shown for it.
    File {
        path: PathBuf,
        display: String,
        found: Found,
    },
    /// Standard input, shown under this name.
    Stdin { display: String },
    /// A path that does not exist or could not be walked (an I/O error).
    Unreadable { display: String, reason: String },
}

impl Input {
    /// The path shown in diagnostics (inputs are sorted by it).
    pub fn display(&self) -> &str {
        match self {
            Input::File { display, .. }
            | Input::Stdin { display }
            | Input::Unreadable { display, .. } => display,
        }
    }

    /// Counts as a linted file in the summary.
    pub fn is_lintable(&self) -> bool {
        !matches!(self, Input::Unreadable { .. })
    }

    /// The order inputs are reported in: by displayed path (then standard
    /// input before a file shown alike, and unreadable paths last).
    pub fn report_order(&self, other: &Input) -> std::cmp::Ordering {
        self.identity().cmp(&other.identity())
    }

    /// Shown path, kind, and for an unreadable path why (two walk errors
    /// under one directory are two inputs).
    fn identity(&self) -> (&str, u8, &str) {
        match self {
            Input::Stdin { display } => (display, 0, ""),
            Input::File { display, .. } => (display, 1, ""),
            Input::Unreadable { display, reason } => (display, 2, reason),
        }
    }
}

/// How a file came to be an input, which says how it can be read safely.
#[derive(Debug, Clone, Copy)]
pub enum Found {
    /// Named on the command line: its type is checked before it is opened.
    Named,
    /// Listed as a regular file by a directory walk: opened first, then
    /// checked ([`crate::input::read_listed`]).
    Listed,
}

/// Inputs are one when they are shown alike: `b/a.md` met walking `b` and
/// walking `./b`, or named and walked, is linted and reported once.
/// Standard input stays apart from a file shown under the same name.
impl PartialEq for Input {
    fn eq(&self, other: &Input) -> bool {
        self.identity() == other.identity()
    }
}

impl Eq for Input {}

impl std::hash::Hash for Input {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.identity().hash(state);
    }
}

/// Expands `paths` into inputs, sorted by displayed path, each once.
pub fn collect(paths: &[PathBuf], stdin_name: &str, config: &LintConfig) -> Vec<Input> {
    let mut inputs = Vec::new();
    visit(paths, stdin_name, config, &mut |input| inputs.push(input));
    inputs.sort_by(Input::report_order);
    inputs.dedup();
    inputs
}

/// Does expanding `paths` walk a directory (so [`visit`] takes a while)?
pub fn walks(paths: &[PathBuf]) -> bool {
    paths.iter().any(|p| p.as_os_str() != "-" && p.is_dir())
}

/// Expands `paths` into inputs, calling `found` with each as soon as it is
/// known: in walk order, not sorted, and a path reached twice comes twice.
pub fn visit(
    paths: &[PathBuf],
    stdin_name: &str,
    config: &LintConfig,
    found: &mut dyn FnMut(Input),
) {
    for path in paths {
        if path.as_os_str() == "-" {
            found(Input::Stdin {
                display: stdin_name.to_string(),
            });
        } else if path.is_dir() {
            walk_dir(path, config, found);
        } else if path.exists() {
            let display = display(path);
            if !config.excludes(&display) {
                found(Input::File {
                    path: path.clone(),
                    display,
                    found: Found::Named,
                });
            }
        } else {
            found(Input::Unreadable {
                display: display(path),
                reason: "no such file or directory".into(),
            });
        }
    }
}

fn walk_dir(dir: &Path, config: &LintConfig, found: &mut dyn FnMut(Input)) {
    // Each directory in name order: close to report order, so results can
    // be written nearly as soon as they are ready (`lint::schedule`).
    let walker = WalkBuilder::new(dir)
        .require_git(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                let display = display(e.path());
                if config.wants(&display) {
                    found(Input::File {
                        path: e.into_path(),
                        display,
                        found: Found::Listed,
                    });
                }
            }
            Ok(_) => {}
            Err(err) => found(Input::Unreadable {
                display: display(dir),
                reason: err.to_string(),
            }),
        }
    }
}

/// The path as shown: forward slashes, no leading `./`.
fn display(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    let mut s = s.as_str();
    while let Some(rest) = s.strip_prefix("./") {
        s = rest;
    }
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_are_one_when_shown_alike_and_walk_errors_stay_apart() {
        let file = |path: &str, found| Input::File {
            path: PathBuf::from(path),
            display: display(Path::new(path)),
            found,
        };
        // `./b/a.md` walked and `b/a.md` named: one input.
        assert_eq!(
            file("./b/a.md", Found::Listed),
            file("b/a.md", Found::Named)
        );
        let stdin = Input::Stdin {
            display: "b/a.md".into(),
        };
        assert_ne!(stdin, file("b/a.md", Found::Named));
        let error = |reason: &str| Input::Unreadable {
            display: "docs".into(),
            reason: reason.into(),
        };
        assert_ne!(error("permission denied"), error("loop detected"));
        // Report order: by shown path first.
        let mut inputs = [file("b.md", Found::Named), error("x"), stdin];
        inputs.sort_by(Input::report_order);
        let shown: Vec<_> = inputs.iter().map(Input::display).collect();
        assert_eq!(shown, ["b.md", "b/a.md", "docs"]);
    }
}
