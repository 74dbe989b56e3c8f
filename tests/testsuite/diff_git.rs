//! `planforge diff` with git: `REV:path` from a subdirectory and the root
//! tree, and the textconv, difftool and `diff.<driver>.command` recipes
//! resolving a spec's targets from its real place in the repository (a
//! scratch repository per test, git isolated from the user's config).

use std::path::Path;
use std::process::{Command, Output};

use crate::support::{planforge, root};

/// Runs git in `dir`, isolated from the user's and system configuration.
fn git(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new("git")
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
        .args(["-c", "difftool.prompt=false"])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("CLICOLOR", "0")
        .env_remove("BASE")
        .output()
        .expect("git runs");
    assert!(
        out.status.code().is_some(),
        "git {args:?} was killed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A repository whose spec lives in `plans/` with the stories its targets
/// match in `plans/rules/`; the second commit raises the analyst's token
/// budget from 30,000 to 40,000 and edits `plans/notes/plan.md`.
fn repo() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    ok(git(dir, &["init", "-q"]));
    let plans = dir.join("plans");
    std::fs::create_dir_all(plans.join("rules")).unwrap();
    std::fs::create_dir_all(plans.join("notes")).unwrap();
    for f in std::fs::read_dir(root().join("examples/revisions/rules")).unwrap() {
        let f = f.unwrap();
        std::fs::copy(f.path(), plans.join("rules").join(f.file_name())).unwrap();
    }
    let v1 = std::fs::read_to_string(root().join("examples/revisions/plan-v1.yaml")).unwrap();
    std::fs::write(plans.join("plan.yaml"), &v1).unwrap();
    let md = root().join("tests/fixtures/diff/markdown/section-renamed");
    std::fs::copy(md.join("old.md"), plans.join("notes/plan.md")).unwrap();
    std::fs::write(dir.join(".gitattributes"), "*.yaml diff=planforge\n").unwrap();
    ok(git(dir, &["add", "."]));
    ok(git(dir, &["commit", "-q", "-m", "v1"]));
    let v2 = v1.replace("token_budget: 30000", "token_budget: 40000");
    assert_ne!(v1, v2);
    std::fs::write(plans.join("plan.yaml"), v2).unwrap();
    std::fs::copy(md.join("new.md"), plans.join("notes/plan.md")).unwrap();
    ok(git(dir, &["commit", "-q", "-am", "v2"]));
    tmp
}

fn bin() -> String {
    format!("'{}'", assert_cmd::cargo::cargo_bin("planforge").display())
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

const BEFORE: &str = "3 targets, 9,000 of 30,000 tokens";
const AFTER: &str = "3 targets, 9,000 of 40,000 tokens";

#[test]
fn a_directory_at_a_revision_is_read_from_a_subdirectory_against_the_full_tree() {
    let repo = repo();
    let plans = repo.path().join("plans");
    let (code, stdout, stderr) = diff_in(&plans, &["--stat", "HEAD~1:notes/", "notes/"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.contains("~ plan.md (changed)"), "{stdout}");
    assert!(!stdout.contains("added"), "{stdout}");
    let (code, stdout, stderr) = diff_in(&plans, &["--stat", "HEAD~1:./", "./"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.contains("~ notes/plan.md (changed)"), "{stdout}");
}

#[test]
fn the_root_tree_of_two_revisions_compares_from_anywhere() {
    let repo = repo();
    let notes = repo.path().join("plans/notes");
    let (code, stdout, stderr) = diff_in(&notes, &["--stat", "HEAD~1:", "HEAD:"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stdout.contains("~ plans/notes/plan.md (changed)"),
        "{stdout}"
    );
    assert!(stdout.contains("~ plans/plan.yaml (changed)"), "{stdout}");
    let (code, stdout, _) = diff_in(&notes, &["HEAD:", "HEAD:"]);
    assert_eq!((code, stdout.as_str()), (0, "no changes\n"));
}

#[test]
fn the_textconv_recipe_resolves_targets_where_the_spec_is_tracked() {
    let repo = repo();
    let textconv = format!("diff.planforge.textconv={} diff --textconv", bin());
    // Both revisions are temporary copies; git runs from a subdirectory.
    let sub = repo.path().join("plans/notes");
    let out = ok(git(
        &sub,
        &["-c", &textconv, "diff", "--no-color", "HEAD~1", "HEAD"],
    ));
    assert!(
        out.contains(&format!("-allocation requirements / analyst = {BEFORE}\n")),
        "{out}"
    );
    assert!(
        out.contains(&format!("+allocation requirements / analyst = {AFTER}\n")),
        "{out}"
    );
    assert!(!out.contains("(none)"), "{out}");
}

#[test]
fn the_difftool_recipes_resolve_targets_where_the_spec_is_tracked() {
    let repo = repo();
    let dir = repo.path().join("plans");
    let cmd = format!(
        "difftool.planforge.cmd={} diff --no-compiled --path \"$MERGED\" \"$LOCAL\" \"$REMOTE\"",
        bin()
    );
    let with_cmd = git(
        &dir,
        &[
            "-c",
            &cmd,
            "difftool",
            "-t",
            "planforge",
            "HEAD~1",
            "HEAD",
            "--",
            "plan.yaml",
        ],
    );
    let tool = format!("{} diff --no-compiled", bin());
    let with_x = git(
        &dir,
        &[
            "difftool",
            "-y",
            "-x",
            &tool,
            "HEAD~1",
            "HEAD",
            "--",
            "plan.yaml",
        ],
    );
    for out in [with_cmd, with_x] {
        let stdout = String::from_utf8(out.stdout).unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stdout.contains("allocation requirements / analyst"),
            "{stdout}{stderr}"
        );
        assert!(stdout.contains(&format!("{BEFORE} → ")), "{stdout}");
        assert!(stdout.contains(AFTER), "{stdout}");
        assert!(!stdout.contains("(none)"), "{stdout}");
    }
}

#[test]
fn the_external_diff_driver_recipe_resolves_targets_and_names_the_real_path() {
    let repo = repo();
    let command = format!(
        "diff.planforge.command={} diff --no-compiled --git-external-diff",
        bin()
    );
    let sub = repo.path().join("plans/notes");
    let out = ok(git(
        &sub,
        &["-c", &command, "diff", "HEAD~1", "--", "../plan.yaml"],
    ));
    assert!(
        out.contains("planforge diff a/plans/plan.yaml → b/plans/plan.yaml"),
        "{out}"
    );
    assert!(out.contains(&format!("{BEFORE} → ")), "{out}");
    assert!(out.contains(AFTER), "{out}");
}

#[test]
fn two_specs_in_different_directories_each_resolve_from_their_own() {
    let repo = repo();
    let dir = repo.path();
    // A copy elsewhere without stories: its targets match nothing there.
    std::fs::create_dir(dir.join("elsewhere")).unwrap();
    let spec = std::fs::read_to_string(dir.join("plans/plan.yaml")).unwrap();
    let edited = spec.replace("Extract billing rules", "Extract the billing rules");
    std::fs::write(dir.join("elsewhere/plan.yaml"), edited).unwrap();
    let (code, stdout, _) = diff_in(
        dir,
        &["--no-compiled", "plans/plan.yaml", "elsewhere/plan.yaml"],
    );
    assert_eq!(code, 1);
    assert!(stdout.contains(&format!("{AFTER} → (none)")), "{stdout}");
}
