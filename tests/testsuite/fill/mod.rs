//! `planforge fill`: fixture cases (one folder each, output in golden
//! files), the seeds filled from a completed skeleton, the skeleton's
//! schema, the command-line contract, and a property test.

mod cli;
mod property;
mod seeds;

use std::path::Path;

use crate::support::{assert_golden, planforge, rel, root};

/// The output of one run, as golden files hold it: the exit code, stdout
/// and stderr.
pub fn transcript(args: &[String]) -> String {
    let out = planforge().args(args).output().expect("planforge runs");
    format!(
        "$ planforge {}\nexit: {}\n--- stdout\n{}--- stderr\n{}",
        args.join(" "),
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The arguments of a case folder: its template, its values file if any,
/// then the lines of its `args` file.
fn case_args(dir: &Path) -> Vec<String> {
    let mut args = vec!["fill".to_string(), format!("{}/template.md", rel(dir))];
    for name in ["values.yaml", "values.json"] {
        if dir.join(name).exists() {
            args.extend(["--values".to_string(), format!("{}/{name}", rel(dir))]);
        }
    }
    if let Ok(extra) = std::fs::read_to_string(dir.join("args")) {
        args.extend(extra.lines().filter(|l| !l.is_empty()).map(String::from));
    }
    args
}

fn case_dirs() -> Vec<std::path::PathBuf> {
    let mut dirs: Vec<_> = std::fs::read_dir(root().join("tests/fixtures/fill/cases"))
        .expect("fill cases exist")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("template.md").exists())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn every_fixture_case_gives_its_golden_output() {
    let dirs = case_dirs();
    assert!(dirs.len() >= 8, "fill fixture cases are missing");
    for dir in dirs {
        let name = dir
            .file_name()
            .expect("case name")
            .to_string_lossy()
            .to_string();
        let args = case_args(&dir);
        assert_golden(format!("golden/fill/cases/{name}.txt"), &transcript(&args));
    }
}

#[test]
fn cases_named_errors_fail_and_the_others_fill_cleanly() {
    for dir in case_dirs() {
        let name = dir
            .file_name()
            .expect("case name")
            .to_string_lossy()
            .to_string();
        let out = planforge().args(case_args(&dir)).output().expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        if name.starts_with("errors-") {
            assert_eq!(out.status.code(), Some(1), "{name}: {stderr}");
            assert!(out.stdout.is_empty(), "{name} printed a document");
        } else {
            assert_eq!(out.status.code(), Some(0), "{name}: {stderr}");
            assert!(stderr.is_empty(), "{name}: {stderr}");
            let doc = String::from_utf8_lossy(&out.stdout).to_string();
            seeds::assert_lint_clean(&name, &doc);
        }
    }
}

#[test]
fn skeletons_of_the_fixture_templates_are_golden() {
    for dir in case_dirs() {
        let name = dir
            .file_name()
            .expect("case name")
            .to_string_lossy()
            .to_string();
        if name.starts_with("errors-unbalanced") {
            continue;
        }
        let args = vec![
            "fill".to_string(),
            format!("{}/template.md", rel(&dir)),
            "--skeleton".to_string(),
        ];
        assert_golden(
            format!("golden/fill/skeletons/{name}.yaml"),
            &transcript(&args),
        );
    }
}
