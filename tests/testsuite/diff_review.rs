//! What a reviewer relies on in `planforge diff`: every format reports the
//! same changes, a change is never reported as none, and a closed pipe
//! ends the command quietly with the status it would have had.
//!
//! The Markdown fixture pairs are those of `diff.rs`
//! (`tests/fixtures/diff/markdown/<case>/`).

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use crate::support::{fixtures, planforge, rel, root};

fn run(args: &[&str]) -> (i32, String) {
    let out = planforge().arg("diff").args(args).output().unwrap();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

fn markdown_pairs() -> Vec<(String, String)> {
    fixtures("tests/fixtures/diff/markdown", "md")
        .into_iter()
        .filter(|p| p.file_stem().is_some_and(|s| s == "old"))
        .map(|old| {
            let new = old.with_file_name("new.md");
            (rel(&old), rel(&new))
        })
        .collect()
}

#[test]
fn terminal_markdown_json_and_stat_report_the_same_sections() {
    for (old, new) in markdown_pairs() {
        let (code, json) = run(&["--format", "json", &old, &new]);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(code, if v["changed"] == true { 1 } else { 0 }, "{old}");
        let mut sections = Vec::new();
        for doc in v["documents"].as_array().unwrap() {
            for s in doc["sections"].as_array().unwrap() {
                let labels: Vec<&str> = s["changes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|l| l.as_str().unwrap())
                    .collect();
                sections.push((
                    labels.join(", "),
                    s["added_lines"].clone(),
                    s["removed_lines"].clone(),
                ));
                // Hunks exactly for entries whose lines changed.
                let hunks = s["hunks"].as_array().unwrap();
                let shown = !labels.iter().all(|l| ["moved", "whitespace"].contains(l));
                assert_eq!(!hunks.is_empty(), shown, "{old}: {s}");
            }
        }
        let (_, stat) = run(&["--stat", &old, &new]);
        let (_, terminal) = run(&[&old, &new]);
        let (_, md) = run(&["--format", "markdown", "--stat", &old, &new]);
        for (labels, added, removed) in &sections {
            let counts = format!("+{added} -{removed}");
            let line = |text: &str| {
                text.lines().any(|l| {
                    l.trim_start().starts_with(labels.as_str())
                        && (l.ends_with(&counts) || counts == "+0 -0")
                })
            };
            assert!(
                line(&stat),
                "{old}: `{labels} … {counts}` not in --stat:\n{stat}"
            );
            assert!(
                line(&terminal),
                "{old}: `{labels} … {counts}` not in terminal:\n{terminal}"
            );
            let row = format!("| {labels} | {added} | {removed} |");
            assert!(md.contains(&row), "{old}: `{row}` not in markdown:\n{md}");
        }
    }
}

#[test]
fn no_format_says_no_changes_when_a_byte_changed() {
    for (old, new) in markdown_pairs() {
        let same =
            std::fs::read(root().join(&old)).unwrap() == std::fs::read(root().join(&new)).unwrap();
        for format in ["terminal", "markdown", "json"] {
            let (code, out) = run(&["--format", format, &old, &new]);
            assert_eq!(code == 0, same, "{old} ({format}): exit {code}");
            assert_eq!(
                out == "no changes\n" || out.contains("\"changed\": false"),
                same,
                "{old} ({format})"
            );
        }
    }
}

#[test]
fn sections_are_named_below_the_h1() {
    let dir = "tests/fixtures/diff/markdown/section-changed";
    let (_, out) = run(&["--stat", &format!("{dir}/old.md"), &format!("{dir}/new.md")]);
    assert!(out.contains("  changed  Agents  +2 -1"), "{out}");
    assert!(!out.contains("Execution Plan: Billing > Agents"), "{out}");
}

/// Reads one line of `planforge ARGS`, closes the pipe, and returns the
/// exit code and stderr.
fn close_after_one_line(args: &[&str]) -> (i32, String) {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("planforge"))
        .args(args)
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut first = String::new();
    BufReader::new(stdout).read_line(&mut first).unwrap();
    // The reader is dropped here: the pipe is closed.
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_closed_pipe_ends_diff_lint_and_check_quietly_with_their_status() {
    let big = tempfile::tempdir().unwrap();
    let (old, new) = (big.path().join("old.md"), big.path().join("new.md"));
    let body: String = (0..20_000)
        .map(|i| format!("line {i} of the plan\n"))
        .collect();
    std::fs::write(&old, format!("# Plan\n\n## Part\n\n{body}")).unwrap();
    std::fs::write(
        &new,
        format!("# Plan\n\n## Part\n\n{}", body.replace("of the", "in the")),
    )
    .unwrap();
    let (old, new) = (old.display().to_string(), new.display().to_string());
    let (code, stderr) = close_after_one_line(&["diff", &old, &new]);
    assert_eq!((code, stderr.as_str()), (1, ""));
    let todo: String = (0..5_000)
        .map(|i| format!("Owner {i}: [OWNER_{i}]\n\n"))
        .collect();
    let md = big.path().join("todo.md");
    std::fs::write(&md, format!("# Todo\n\n{todo}")).unwrap();
    let (code, stderr) = close_after_one_line(&["lint", &md.display().to_string()]);
    assert_eq!((code, stderr.as_str()), (1, ""));
    let unknown: String = (0..3_000)
        .map(|i| format!("unknown_key_{i}: 1\n"))
        .collect();
    let spec = big.path().join("plan.yaml");
    std::fs::write(
        &spec,
        format!("project:\n  name: X\n  date: 2026-01-05\n{unknown}"),
    )
    .unwrap();
    let (code, stderr) = close_after_one_line(&["check", &spec.display().to_string()]);
    assert_eq!((code, stderr.as_str()), (1, ""));
}

#[test]
fn a_closed_pipe_ends_plan_schema_completions_man_and_fill_quietly() {
    let root = env!("CARGO_MANIFEST_DIR");
    let spec = format!("{root}/examples/oauth2-api.yaml");
    for args in [
        vec!["plan", spec.as_str()],
        vec!["plan", spec.as_str(), "--format", "json"],
        vec!["schema"],
        vec!["completions", "bash"],
        vec!["man"],
        vec!["lint", "--explain", "placeholder"],
    ] {
        let (code, stderr) = close_after_one_line(&args);
        assert_eq!((code, stderr.as_str()), (0, ""), "planforge {args:?}");
    }
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("t.md");
    let body: String = (0..5_000).map(|i| format!("Line {i}: ready\n\n")).collect();
    std::fs::write(&template, format!("# [PROJECT_NAME]\n\n{body}")).unwrap();
    let template = template.display().to_string();
    let (code, stderr) =
        close_after_one_line(&["fill", &template, "--set", "project_name=Billing"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
}
