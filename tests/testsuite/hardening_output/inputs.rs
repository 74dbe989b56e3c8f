//! Inputs named by a spec stay inside the spec's directory and out of
//! `.git`; two documents never share an output path; names fit a file
//! system. Each is a located `check` error, and `compile` writes nothing.

use std::path::Path;
use std::process::Output;

#[cfg(unix)]
use super::symlink;
use super::{compile, project, run, stderr, SPEC};

/// `check` output of a spec whose `templates:` names `path`.
fn check_with_template(dir: &Path, path: &str) -> Output {
    let spec = format!(
        "{}templates:\n  reviewer: {path}\n",
        SPEC.replace("GOAL", "Review")
    );
    std::fs::write(dir.join("plan.yaml"), spec).unwrap();
    run(dir, &["check", "plan.yaml"], &[])
}

#[cfg(unix)]
#[test]
fn git_config_and_symlinked_role_templates_are_located_check_errors() {
    let p = project("Review");
    std::fs::create_dir_all(p.path().join(".git")).unwrap();
    let token = "extraheader = AUTHORIZATION: basic c2VjcmV0";
    std::fs::write(p.path().join(".git/config"), format!("[http]\n\t{token}\n")).unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("environ"), "GITHUB_TOKEN=ghs_x\n").unwrap();
    std::fs::create_dir_all(p.path().join("prompts")).unwrap();
    symlink(
        outside.path().join("environ"),
        p.path().join("prompts/env.md"),
    );
    symlink(
        p.path().join(".git/config"),
        p.path().join("prompts/cfg.md"),
    );
    // The templates line is the last line of the spec, value at column 13.
    let line = SPEC.lines().count() + 2;
    for path in [".git/config", "prompts/env.md", "prompts/cfg.md"] {
        let o = check_with_template(p.path(), path);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{path}: {err}");
        assert!(
            err.contains(&format!("plan.yaml:{line}:13")),
            "{path}: {err}"
        );
        assert!(err.contains("template-outside-spec"), "{path}: {err}");
        assert!(!err.contains("c2VjcmV0") && !err.contains("ghs_x"), "{err}");
        let o = run(p.path(), &["compile", "plan.yaml", "-o", "out"], &[]);
        assert_eq!(o.status.code(), Some(1));
        assert!(!p.path().join("out").exists(), "{path}: compile wrote");
    }
    // A template inside the spec's directory is still read.
    std::fs::write(
        p.path().join("prompts/ok.md"),
        "# {{ agent.name }} prompt\n",
    )
    .unwrap();
    let o = check_with_template(p.path(), "prompts/ok.md");
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn a_workflow_root_outside_the_spec_directory_is_a_located_error() {
    let p = project("Review");
    let spec = SPEC.replace("GOAL", "Review").replace(
        "  name: story review\n",
        "  name: story review\n  root: ..\n",
    );
    std::fs::write(p.path().join("plan.yaml"), spec).unwrap();
    let o = run(p.path(), &["check", "plan.yaml"], &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("plan.yaml:3:9"), "{}", stderr(&o));
    assert!(stderr(&o).contains("root-outside-spec"), "{}", stderr(&o));
    // `--root` on the command line is the user's choice.
    let root = p.path().to_str().unwrap();
    let o = run(
        p.path(),
        &["compile", "plan.yaml", "-o", "out", "--root", root],
        &[],
    );
    assert!(o.status.success(), "{}", stderr(&o));
}

/// The second role entry is on `line`, its `role:` value at column 17.
fn collision_spec(extra_role: &str) -> (String, usize) {
    let spec = format!(
        "\
workflow:
  name: implementation
  iterations:
    - name: build
      goal: Implement the stories
      agents:
        - role: dev
          targets: [\"stories/*.md\"]
        - role: {extra_role}
          targets: [\"stories/US-001.md\"]
agent_roles:
  dev:
    perspective: Developer
    token_budget: 100000
    complexity_threshold: 1
  {extra_role}:
    perspective: Another developer
    token_budget: 100000
    complexity_threshold: 10
"
    );
    (spec, 9)
}

#[test]
fn a_split_role_beside_a_literal_role_of_the_same_name_is_a_located_collision() {
    let p = project("x");
    for extra in ["dev-1", "DEV-2"] {
        let (spec, line) = collision_spec(extra);
        std::fs::write(p.path().join("plan.yaml"), spec).unwrap();
        let o = run(p.path(), &["check", "plan.yaml"], &[]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(err.contains(&format!("plan.yaml:{line}:17")), "{err}");
        assert!(err.contains("output-collision"), "{err}");
        assert!(err.contains("role `dev` split into 2 agents"), "{err}");
        let o = compile(p.path(), &[]);
        assert_eq!(o.status.code(), Some(1));
        assert!(!p.path().join("out").exists());
    }
}

#[test]
fn an_iteration_name_too_long_for_a_file_name_is_a_check_error() {
    let p = project("Review");
    let long = "a".repeat(300);
    let spec = SPEC
        .replace("GOAL", "Review")
        .replace("- name: review", &format!("- name: {long}"))
        .replace("[review]", &format!("[{long}]"));
    std::fs::write(p.path().join("plan.yaml"), spec).unwrap();
    let o = run(p.path(), &["check", "plan.yaml"], &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("plan.yaml:4:13"), "{}", stderr(&o));
    assert!(stderr(&o).contains("name-too-long"), "{}", stderr(&o));
    let o = compile(p.path(), &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!p.path().join("out").exists());
}

#[test]
fn a_missing_templates_directory_is_a_usage_error() {
    let p = project("Review");
    let o = run(
        p.path(),
        &[
            "compile",
            "plan.yaml",
            "-o",
            "out",
            "--templates",
            "/nonexistent/templates",
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--templates"), "{}", stderr(&o));
    assert!(!p.path().join("out").exists());
}
