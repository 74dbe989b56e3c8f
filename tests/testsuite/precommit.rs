//! pre-commit: the hooks file defines both hooks, the documented
//! `.pre-commit-config.yaml` names a revision that exists and has the hooks
//! it uses, and (when `pre-commit` is installed) the hooks really block a
//! placeholder and pass a clean file.
//!
//! The `planforge-lint` hook (`language: rust`) makes pre-commit build
//! planforge in release mode, which takes minutes: it is exercised only with
//! `PLANFORGE_TEST_RUST_HOOK=1`. `planforge-lint-system` runs with the debug
//! binary this suite built.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::root;

/// The `- id:` entries of a `.pre-commit-hooks.yaml` text.
fn hook_ids(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("- id:"))
        .map(|id| id.trim().to_string())
        .collect()
}

fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .expect("git runs")
}

#[test]
fn the_hooks_file_defines_a_build_hook_and_a_system_hook() {
    let text = std::fs::read_to_string(root().join(".pre-commit-hooks.yaml")).unwrap();
    assert_eq!(hook_ids(&text), ["planforge-lint", "planforge-lint-system"]);
    assert!(text.contains("language: rust"));
    assert!(text.contains("language: system"));
}

/// (repo URL, rev, hook ids) of each `.pre-commit-config.yaml` example.
fn documented_configs() -> Vec<(String, String, String, Vec<String>)> {
    let mut out = Vec::new();
    for doc in ["README.md", "docs/lint.md"] {
        let text = std::fs::read_to_string(root().join(doc)).unwrap();
        for block in text.split("```yaml\n").skip(1) {
            let block = block.split("```").next().unwrap_or_default();
            if !block.starts_with("repos:") {
                continue;
            }
            let field = |key: &str| {
                block
                    .lines()
                    .find_map(|l| l.trim().trim_start_matches("- ").strip_prefix(key))
                    .map(|v| v.split('#').next().unwrap_or_default().trim().to_string())
                    .unwrap_or_default()
            };
            let ids = block
                .lines()
                .filter_map(|l| l.trim().strip_prefix("- id:"))
                .map(|v| v.split('#').next().unwrap_or_default().trim().to_string())
                .collect();
            out.push((doc.to_string(), field("repo:"), field("rev:"), ids));
        }
    }
    out
}

#[test]
fn the_documented_config_names_a_revision_that_has_its_hooks() {
    let configs = documented_configs();
    assert!(configs.len() >= 2, "README and docs/lint.md show a config");
    let shallow = git(&root(), &["rev-parse", "--is-shallow-repository"]);
    if !shallow.status.success() || String::from_utf8_lossy(&shallow.stdout).trim() == "true" {
        eprintln!("skipped: no full git history here to look the revision up in");
        return;
    }
    for (doc, repo, rev, ids) in configs {
        assert_eq!(repo, planforge::links::REPOSITORY, "{doc}: repo");
        assert!(!ids.is_empty(), "{doc}: no hook");
        let exists = git(&root(), &["cat-file", "-e", &format!("{rev}^{{commit}}")]);
        assert!(
            exists.status.success(),
            "{doc}: rev `{rev}` is not a commit or tag of this repository"
        );
        let hooks = git(&root(), &["show", &format!("{rev}:.pre-commit-hooks.yaml")]);
        let defined = hook_ids(&String::from_utf8_lossy(&hooks.stdout));
        for id in ids {
            assert!(
                defined.contains(&id),
                "{doc}: hook `{id}` does not exist at {rev}"
            );
        }
    }
}

fn pre_commit_installed() -> bool {
    Command::new("pre-commit")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn installed_hooks_block_a_placeholder_and_pass_a_clean_file() {
    if !pre_commit_installed() {
        eprintln!("skipped: pre-commit is not installed (pip install pre-commit)");
        return;
    }
    let scratch = tempfile::tempdir().unwrap();
    // A local clone of the committed tree: what pre-commit would fetch.
    let clone = scratch.path().join("planforge");
    let cloned = Command::new("git")
        .args(["clone", "-q"])
        .arg(root())
        .arg(&clone)
        .status()
        .unwrap();
    assert!(cloned.success());
    let rev = String::from_utf8(git(&clone, &["rev-parse", "HEAD"]).stdout).unwrap();
    let mut hooks = vec!["planforge-lint-system"];
    if std::env::var_os("PLANFORGE_TEST_RUST_HOOK").is_some_and(|v| v == "1") {
        hooks.push("planforge-lint");
    }
    let project = scratch.path().join("project");
    std::fs::create_dir(&project).unwrap();
    git(&project, &["init", "-q"]);
    let config = format!(
        "repos:\n  - repo: {}\n    rev: {}\n    hooks:\n{}",
        clone.display(),
        rev.trim(),
        hooks
            .iter()
            .map(|h| format!("      - id: {h}\n"))
            .collect::<String>()
    );
    std::fs::write(project.join(".pre-commit-config.yaml"), config).unwrap();
    std::fs::write(
        project.join("clean.md"),
        "# Release notes\n\nThe token endpoint now supports PKCE.\n",
    )
    .unwrap();
    std::fs::write(
        project.join("draft.md"),
        "# Release notes\n\nOwner: [OWNER_NAME]\n",
    )
    .unwrap();
    git(&project, &["add", "."]);
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_planforge"));
    let path = std::env::join_paths(std::iter::once(bin.parent().unwrap().to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let run = |file: &str| {
        Command::new("pre-commit")
            .args(["run", "--files", file])
            .current_dir(&project)
            .env("PATH", &path)
            .env("PRE_COMMIT_HOME", scratch.path().join("cache"))
            .output()
            .unwrap()
    };
    let clean = run("clean.md");
    assert!(
        clean.status.success(),
        "a clean file fails:\n{}{}",
        String::from_utf8_lossy(&clean.stdout),
        String::from_utf8_lossy(&clean.stderr)
    );
    let draft = run("draft.md");
    let text = String::from_utf8_lossy(&draft.stdout);
    assert_eq!(
        draft.status.code(),
        Some(1),
        "a placeholder passes:\n{text}"
    );
    for hook in hooks {
        let name = if hook == "planforge-lint" {
            "planforge lint."
        } else {
            "planforge lint (installed binary)"
        };
        assert!(text.contains(name), "{hook} did not run:\n{text}");
    }
    assert!(
        text.contains("[OWNER_NAME]") || text.contains("placeholder"),
        "{text}"
    );
}
