//! Turning command-line paths into the files to lint.
//!
//! In: paths (files, directories, `-` for stdin) and the config's globs.
//! Out: [`Input`]s in a stable order, plus a diagnostic for each path that
//! does not exist. Directories are walked recursively honouring
//! `.gitignore`, `.ignore` and hidden-file conventions (also outside a git
//! repository); only files matching the include globs are kept. Files named
//! explicitly are linted whatever their extension, unless excluded.

use std::path::{Path, PathBuf};

use ignore::WalkBuilder;

use crate::diagnostics::Diagnostic;
use crate::lint::config::LintConfig;

/// One thing to lint.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    /// A file and the path shown for it.
    File { path: PathBuf, display: String },
    /// Standard input, shown under this name.
    Stdin { display: String },
}

/// Expands `paths` into inputs; missing paths become `io` diagnostics.
pub fn collect(
    paths: &[PathBuf],
    stdin_name: &str,
    config: &LintConfig,
) -> (Vec<Input>, Vec<Diagnostic>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin {
                display: stdin_name.to_string(),
            });
        } else if path.is_dir() {
            walk_dir(path, config, &mut inputs, &mut errors);
        } else if path.exists() {
            let display = display(path);
            if !config.excludes(&display) {
                inputs.push(Input::File {
                    path: path.clone(),
                    display,
                });
            }
        } else {
            errors.push(Diagnostic::file_level(
                &display(path),
                "io",
                "no such file or directory",
            ));
        }
    }
    inputs.sort();
    inputs.dedup();
    (inputs, errors)
}

fn walk_dir(
    dir: &Path,
    config: &LintConfig,
    inputs: &mut Vec<Input>,
    errors: &mut Vec<Diagnostic>,
) {
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
            Err(err) => errors.push(Diagnostic::file_level(&display(dir), "io", err.to_string())),
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
