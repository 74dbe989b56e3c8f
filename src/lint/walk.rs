//! Turning command-line paths into the files to lint.
//!
//! In: paths (files, directories, `-` for stdin) and the config's globs.
//! Out: [`Input`]s sorted by displayed path; a path that does not exist is
//! an [`Input::Unreadable`]. Directories are walked recursively honouring
//! `.gitignore`, `.ignore` and hidden-file conventions (also outside a git
//! repository); only files matching the include globs are kept. Files named
//! explicitly are linted whatever their extension, unless excluded. Symbolic
//! links met inside a walk are not followed (so a link to an ancestor cannot
//! loop), and FIFOs, sockets and devices met there are skipped.

use std::path::{Path, PathBuf};

use ignore::WalkBuilder;

use crate::lint::config::LintConfig;

/// One thing to lint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file and the path shown for it.
    File { path: PathBuf, display: String },
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
}

/// Expands `paths` into inputs, sorted by displayed path.
pub fn collect(paths: &[PathBuf], stdin_name: &str, config: &LintConfig) -> Vec<Input> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin {
                display: stdin_name.to_string(),
            });
        } else if path.is_dir() {
            walk_dir(path, config, &mut inputs);
        } else if path.exists() {
            let display = display(path);
            if !config.excludes(&display) {
                inputs.push(Input::File {
                    path: path.clone(),
                    display,
                });
            }
        } else {
            inputs.push(Input::Unreadable {
                display: display(path),
                reason: "no such file or directory".into(),
            });
        }
    }
    inputs.sort_by(|a, b| a.display().cmp(b.display()));
    inputs.dedup();
    inputs
}

fn walk_dir(dir: &Path, config: &LintConfig, inputs: &mut Vec<Input>) {
    let walker = WalkBuilder::new(dir).require_git(false).build();
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                let display = display(e.path());
                if config.wants(&display) {
                    inputs.push(Input::File {
                        path: e.into_path(),
                        display,
                    });
                }
            }
            Ok(_) => {}
            Err(err) => inputs.push(Input::Unreadable {
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
