//! `planforge diff`: spec pairs, Markdown pairs, every format, `REV:path`
//! from a temporary git repository, identical inputs, and bad input.
//!
//! Fixture pairs are directories holding `old.*` and `new.*`:
//! `tests/fixtures/diff/spec/<case>/` (golden: `golden/diff/spec/<case>.txt`)
//! and `tests/fixtures/diff/markdown/<case>/` (`golden/diff/markdown/<case>.txt`).

use std::path::Path;
use std::process::Command;

use crate::support::{assert_golden, fixtures, planforge, rel, root};

/// Runs `planforge diff ARGS` from the repository root: (exit code, stdout, stderr).
fn diff(args: &[&str]) -> (i32, String, String) {
    let out = planforge().arg("diff").args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The fixture pairs of one suite: (case name, old path, new path).
fn pairs(suite: &str, ext: &str) -> Vec<(String, String, String)> {
    let dir = format!("tests/fixtures/diff/{suite}");
    let olds: Vec<_> = fixtures(&dir, ext)
        .into_iter()
        .filter(|p| p.file_stem().is_some_and(|s| s == "old"))
        .collect();
    assert!(!olds.is_empty(), "no fixture pairs under {dir}");
    olds.into_iter()
        .map(|old| {
            let case_dir = old.parent().unwrap();
            let case = case_dir.file_name().unwrap().to_string_lossy().to_string();
            let new = case_dir.join(format!("new.{ext}"));
            (case, rel(&old), rel(&new))
        })
        .collect()
}

/// Exit 0 with exactly `no changes`, or exit 1 with a report.
fn assert_exit_matches_output(case: &str, code: i32, stdout: &str, stderr: &str) {
    assert!(stderr.is_empty(), "{case}: unexpected stderr: {stderr}");
    let expected = if stdout == "no changes\n" { 0 } else { 1 };
    assert_eq!(code, expected, "{case}: exit code");
}

#[test]
fn spec_pairs_report_entity_changes_and_their_consequences() {
    for (case, old, new) in pairs("spec", "yaml") {
        let (code, stdout, stderr) = diff(&["--no-compiled", &old, &new]);
        assert_exit_matches_output(&case, code, &stdout, &stderr);
        assert_golden(format!("golden/diff/spec/{case}.txt"), &stdout);
    }
}

#[test]
fn reordering_agents_tasks_risks_and_dependencies_is_no_change() {
    let dir = "tests/fixtures/diff/spec/reordered";
    let (code, stdout, _) = diff(&[&format!("{dir}/old.yaml"), &format!("{dir}/new.yaml")]);
    assert_eq!((code, stdout.as_str()), (0, "no changes\n"));
}

#[test]
fn a_dependency_change_moves_the_critical_path() {
    let dir = "tests/fixtures/diff/spec/critical-path";
    let args = ["--format", "json", "--no-compiled"];
    let old = format!("{dir}/old.yaml");
    let new = format!("{dir}/new.yaml");
    let (code, stdout, _) = diff(&[&args[..], &[old.as_str(), new.as_str()]].concat());
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let path = &v["spec"]["consequences"]["critical_path"];
    assert_eq!(path["old"], serde_json::json!(["T001", "T002", "T004"]));
    assert_eq!(
        path["new"],
        serde_json::json!(["T001", "T002", "T003", "T004"])
    );
}

#[test]
fn markdown_pairs_report_section_changes() {
    for (case, old, new) in pairs("markdown", "md") {
        let (code, stdout, stderr) = diff(&[&old, &new]);
        assert_exit_matches_output(&case, code, &stdout, &stderr);
        assert_golden(format!("golden/diff/markdown/{case}.txt"), &stdout);
    }
}

#[test]
fn markdown_pairs_label_each_kind_of_section_change() {
    let expect = [
        ("section-added", "added"),
        ("section-removed", "removed"),
        ("section-moved", "moved"),
        ("section-renamed", "renamed"),
        ("section-changed", "changed"),
    ];
    for (case, label) in expect {
        let dir = format!("tests/fixtures/diff/markdown/{case}");
        let (_, stdout, _) = diff(&[
            "--format",
            "json",
            &format!("{dir}/old.md"),
            &format!("{dir}/new.md"),
        ]);
        let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        let sections = v["documents"][0]["sections"].as_array().unwrap();
        assert!(
            sections
                .iter()
                .all(|s| s["changes"].as_array().unwrap().contains(&label.into())),
            "{case}: {sections:?}"
        );
    }
}

const V1: &str = "examples/revisions/plan-v1.yaml";
const V2: &str = "examples/revisions/plan-v2.yaml";

#[test]
fn the_example_revisions_diff_in_every_format() {
    let cases: [(&str, &[&str]); 5] = [
        ("examples-revisions.md", &["--format", "markdown"]),
        ("examples-revisions.txt", &[]),
        ("examples-revisions.json", &["--format", "json"]),
        ("examples-revisions.stat.txt", &["--stat"]),
        (
            "examples-revisions.stat.md",
            &["--stat", "--format", "markdown"],
        ),
    ];
    for (golden, flags) in cases {
        let (code, stdout, stderr) = diff(&[flags, &[V1, V2]].concat());
        assert_eq!(code, 1, "{golden}: {stderr}");
        assert_golden(format!("golden/diff/{golden}"), &stdout);
    }
}

#[test]
fn markdown_pairs_render_in_the_markdown_and_json_formats() {
    let dir = "tests/fixtures/diff/markdown/section-changed";
    let (old, new) = (format!("{dir}/old.md"), format!("{dir}/new.md"));
    for (golden, format) in [
        ("section-changed.md", "markdown"),
        ("section-changed.json", "json"),
    ] {
        let (code, stdout, _) = diff(&["--format", format, &old, &new]);
        assert_eq!(code, 1);
        assert_golden(format!("golden/diff/markdown/{golden}"), &stdout);
    }
}

#[test]
fn json_output_follows_the_documented_contract() {
    let (_, stdout, _) = diff(&["--format", "json", V1, V2]);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["kind"], "spec");
    assert_eq!(v["changed"], true);
    let entity = &v["spec"]["entities"][0];
    for key in ["kind", "change", "key", "old_key", "summary", "fields"] {
        assert!(entity.get(key).is_some(), "entity lacks {key}: {entity}");
    }
    for key in [
        "critical_path",
        "total_minutes",
        "total",
        "success_probability",
        "risks",
        "iterations",
    ] {
        assert!(
            v["spec"]["consequences"].get(key).is_some(),
            "consequences lack {key}"
        );
    }
    let section = &v["documents"][0]["sections"][0];
    for key in [
        "path",
        "old_path",
        "changes",
        "added_lines",
        "removed_lines",
        "placeholders",
        "hunks",
    ] {
        assert!(section.get(key).is_some(), "section lacks {key}: {section}");
    }
}

#[test]
fn identical_inputs_print_one_no_changes_line_and_exit_0() {
    for path in [
        V1,
        "tests/fixtures/diff/markdown/section-changed/old.md",
        "examples",
    ] {
        let (code, stdout, stderr) = diff(&[path, path]);
        assert_eq!(
            (code, stdout.as_str(), stderr.as_str()),
            (0, "no changes\n", ""),
            "{path}"
        );
    }
    let (code, stdout, _) = diff(&["--format", "json", V1, V1]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["changed"], false);
}

#[test]
fn colour_is_off_unless_asked_for() {
    let (_, plain, _) = diff(&[V1, V2]);
    assert!(!plain.contains('\x1b'));
    let out = planforge()
        .args(["--color", "always", "diff", V1, V2])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("\x1b["));
}

#[test]
fn help_teaches_sides_examples_and_exit_codes() {
    let out = planforge().args(["diff", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "REV:path",
        "Examples:",
        "HEAD~1:plan.yaml",
        "Exit codes",
        "--stat",
    ] {
        assert!(help.contains(needle), "help lacks {needle}:\n{help}");
    }
}

/// Runs git in `dir`, isolated from the user's and system configuration.
fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args([
            "-c",
            "user.name=planforge",
            "-c",
            "user.email=planforge@example.com",
        ])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?} failed");
}

/// A repository whose `plan.yaml` is v1 at `HEAD~1` and v2 at `HEAD`, and
/// whose `docs/plan.md` changed in between.
fn repo_with_two_revisions() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    git(dir, &["init", "-q"]);
    std::fs::create_dir(dir.join("docs")).unwrap();
    let md = root().join("tests/fixtures/diff/markdown/section-renamed");
    // The stories the workflow's targets match, for the token estimates.
    std::fs::create_dir(dir.join("rules")).unwrap();
    for f in std::fs::read_dir(root().join("examples/revisions/rules")).unwrap() {
        let f = f.unwrap();
        std::fs::copy(f.path(), dir.join("rules").join(f.file_name())).unwrap();
    }
    std::fs::copy(root().join(V1), dir.join("plan.yaml")).unwrap();
    std::fs::copy(md.join("old.md"), dir.join("docs/plan.md")).unwrap();
    git(dir, &["add", "."]);
    git(dir, &["commit", "-q", "-m", "v1"]);
    std::fs::copy(root().join(V2), dir.join("plan.yaml")).unwrap();
    std::fs::copy(md.join("new.md"), dir.join("docs/plan.md")).unwrap();
    git(dir, &["commit", "-q", "-am", "v2"]);
    tmp
}

fn diff_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = planforge()
        .current_dir(dir)
        .arg("diff")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn rev_path_reads_either_side_from_git() {
    let repo = repo_with_two_revisions();
    let dir = repo.path();
    let from_git = diff_in(dir, &["--no-compiled", "HEAD~1:plan.yaml", "plan.yaml"]);
    let from_files = diff(&["--no-compiled", V1, V2]);
    assert_eq!(from_git.0, 1, "{}", from_git.2);
    let body = |s: &str| s.lines().skip(1).collect::<Vec<_>>().join("\n");
    assert_eq!(body(&from_git.1), body(&from_files.1));
    assert!(from_git
        .1
        .starts_with("planforge diff HEAD~1:plan.yaml → plan.yaml"));
    // Both sides from git, and the index (`:path`).
    assert_eq!(diff_in(dir, &["HEAD~1:plan.yaml", "HEAD:plan.yaml"]).0, 1);
    assert_eq!(
        diff_in(dir, &[":plan.yaml", "plan.yaml"]),
        (0, "no changes\n".into(), String::new())
    );
}

#[test]
fn rev_path_is_relative_to_the_current_directory_and_reads_directories() {
    let repo = repo_with_two_revisions();
    let docs = repo.path().join("docs");
    let (code, stdout, stderr) = diff_in(&docs, &["--stat", "HEAD~1:plan.md", "plan.md"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stdout.contains("renamed  Execution Plan: Billing > Agent Roster"),
        "{stdout}"
    );
    let (code, stdout, stderr) = diff_in(repo.path(), &["--stat", "HEAD~1:docs", "docs"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.contains("~ plan.md (changed)"), "{stdout}");
}

#[test]
fn an_existing_path_containing_a_colon_is_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    let md = root().join("tests/fixtures/diff/markdown/section-added");
    std::fs::copy(md.join("old.md"), tmp.path().join("v1:plan.md")).unwrap();
    std::fs::copy(md.join("new.md"), tmp.path().join("v2:plan.md")).unwrap();
    let (code, stdout, stderr) = diff_in(tmp.path(), &["v1:plan.md", "v2:plan.md"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.contains("added    Execution Plan: Billing > Quality Gates"));
}

/// Asserts exit 2, no panic, and an error naming `needle`.
fn assert_error(result: (i32, String, String), needle: &str) {
    let (code, stdout, stderr) = result;
    assert_eq!(code, 2, "stdout: {stdout}\nstderr: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stderr.contains(needle),
        "stderr lacks {needle:?}:\n{stderr}"
    );
}

#[test]
fn bad_sides_are_errors_with_exit_2() {
    assert_error(
        diff(&["missing.yaml", V1]),
        "cannot read `missing.yaml`: no such file or directory",
    );
    assert_error(
        diff(&[V1, "tests/fixtures/diff/markdown/section-added/old.md"]),
        "cannot compare the spec `examples/revisions/plan-v1.yaml` with the Markdown document",
    );
    assert_error(
        diff(&["examples", V1]),
        "cannot compare the directory `examples` with the spec",
    );
    let repo = repo_with_two_revisions();
    let dir = repo.path();
    assert_error(
        diff_in(dir, &["HEAD~7:plan.yaml", "plan.yaml"]),
        "unknown revision `HEAD~7`",
    );
    assert_error(
        diff_in(dir, &["HEAD:nope.yaml", "plan.yaml"]),
        "`nope.yaml` does not exist in revision `HEAD`",
    );
    assert_error(
        diff_in(dir, &["HEAD:../outside.yaml", "plan.yaml"]),
        "is outside the repository",
    );
    let tmp = tempfile::tempdir().unwrap();
    assert_error(
        diff_in(tmp.path(), &["HEAD:plan.yaml", "plan.yaml"]),
        "not a git repository",
    );
}

#[test]
fn binary_and_non_utf8_files_are_errors_with_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("a.md"), b"# A\n\x00\x01\x02").unwrap();
    std::fs::write(tmp.path().join("b.md"), b"# B\n\xff\xfe caf\xe9\n").unwrap();
    std::fs::write(tmp.path().join("c.md"), "# C\n").unwrap();
    assert_error(
        diff_in(tmp.path(), &["a.md", "c.md"]),
        "`a.md` is a binary file",
    );
    assert_error(
        diff_in(tmp.path(), &["c.md", "b.md"]),
        "`b.md` is not UTF-8 text",
    );
}

#[test]
fn an_invalid_spec_prints_its_diagnostics_as_check_does() {
    let bad = "tests/fixtures/check/invalid/references.yaml";
    let (code, _, stderr) = diff(&[V1, bad]);
    assert_eq!(code, 2);
    let check = planforge().args(["check", bad]).output().unwrap();
    let check = String::from_utf8(check.stdout).unwrap();
    assert!(
        stderr.starts_with(&check),
        "diff stderr:\n{stderr}\ncheck stdout:\n{check}"
    );
    assert!(
        stderr.contains(&format!("`{bad}` is not a valid spec")),
        "{stderr}"
    );
}

#[test]
fn textconv_lists_a_spec_one_field_per_line_without_order() {
    let (code, v1, _) = diff(&["--textconv", V1]);
    assert_eq!(code, 0);
    assert!(
        v1.contains("task T005: depends_on = [T003, T004]\n"),
        "{v1}"
    );
    assert!(v1.contains("plan critical_path = T001 → T002 → T003 → T005\n"));
    let dir = "tests/fixtures/diff/spec/reordered";
    let old = diff(&["--textconv", &format!("{dir}/old.yaml")]).1;
    let new = diff(&["--textconv", &format!("{dir}/new.yaml")]).1;
    assert_eq!(old, new);
    let md = "tests/fixtures/diff/markdown/section-added/old.md";
    let text = std::fs::read_to_string(root().join(md)).unwrap();
    assert_eq!(diff(&["--textconv", md]).1, text);
}

#[test]
fn the_git_textconv_recipe_shows_field_changes_in_git_diff() {
    let repo = repo_with_two_revisions();
    let dir = repo.path();
    std::fs::write(dir.join(".gitattributes"), "*.yaml diff=planforge\n").unwrap();
    let bin = assert_cmd::cargo::cargo_bin("planforge");
    let textconv = format!("'{}' diff --textconv", bin.display());
    let out = Command::new("git")
        .args(["-c", &format!("diff.planforge.textconv={textconv}")])
        .args(["diff", "--no-color", "HEAD~1", "HEAD", "--", "plan.yaml"])
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("-task T005: depends_on = [T003, T004]\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("+task T005: depends_on = [T004, T006]\n"),
        "{stdout}"
    );
    assert!(stdout.contains("+plan total = 6d 4h\n"), "{stdout}");
}

#[test]
fn dev_null_is_an_absent_side_so_everything_is_added_or_removed() {
    let (code, stdout, stderr) = diff(&["--no-compiled", "/dev/null", V1]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stdout.contains("+ agent architect: Fred (Architect)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("project\n      name: (none) → Billing Service"),
        "{stdout}"
    );
    let md = "tests/fixtures/diff/markdown/section-added/old.md";
    let (code, stdout, _) = diff(&["--stat", md, "/dev/null"]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains(&format!("- {md} (removed) +0 -38")),
        "{stdout}"
    );
    assert_eq!(diff(&["/dev/null", "/dev/null"]).1, "no changes\n");
}

#[test]
fn token_estimates_and_allocations_that_moved_are_consequences() {
    let (_, stdout, _) = diff(&["--format", "json", "--no-compiled", V1, V2]);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let iterations = v["spec"]["consequences"]["iterations"].as_array().unwrap();
    let req = iterations
        .iter()
        .find(|i| i["name"] == "requirements")
        .unwrap();
    assert_eq!(
        (req["old_tokens"].as_u64(), req["new_tokens"].as_u64()),
        (Some(9000), Some(6000))
    );
    let analyst = &req["allocations"][0];
    assert_eq!(analyst["agent"], "analyst");
    assert_eq!(analyst["new"]["targets"], 3);
}
