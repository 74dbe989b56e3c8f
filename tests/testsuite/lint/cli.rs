//! `planforge lint` as a command: exit codes, unreadable inputs, stdin,
//! directory walking, configuration, kind detection, `--explain`, the config
//! schema and the pre-commit hook.

use std::path::Path;

use crate::support::{planforge, root};

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn exit_codes_follow_the_contract() {
    let clean = "tests/fixtures/lint/clean/README.md";
    planforge().args(["lint", clean]).assert().code(0);
    planforge()
        .args(["lint", "tests/fixtures/lint/cases/placeholders.md"])
        .assert()
        .code(1);
    // Warnings pass unless denied.
    let warn = "tests/fixtures/lint/cases/mojibake.md";
    planforge().args(["lint", warn]).assert().code(0);
    planforge()
        .args(["lint", "--deny-warnings", warn])
        .assert()
        .code(1);
    // Usage and I/O errors.
    planforge()
        .args(["lint", "--format", "xml", clean])
        .assert()
        .code(2);
    planforge()
        .args(["lint", "--kind", "nope", clean])
        .assert()
        .code(2);
    let out = planforge()
        .args(["lint", "no/such/file.md", clean])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).contains("no/such/file.md:1:1: error[io]"));
}

#[test]
fn binary_and_non_utf8_files_get_a_diagnostic_and_the_rest_is_linted() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), b"\x89PNG\r\n\x1a\n\0\0\0").unwrap();
    std::fs::write(dir.path().join("b.md"), b"caf\xe9 [PROJECT_NAME]\n").unwrap();
    std::fs::write(dir.path().join("c.md"), "Owner: [OWNER_NAME]\n").unwrap();
    let out = planforge()
        .current_dir(dir.path())
        .args(["lint", "."])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("a.md:1:1: error[invalid-file]: binary file"),
        "{text}"
    );
    assert!(
        text.contains("b.md:1:1: error[invalid-file]: not valid UTF-8"),
        "{text}"
    );
    assert!(text.contains("c.md:1:8: error[placeholder]"), "{text}");
}

#[test]
fn stdin_is_linted_under_its_stdin_filename() {
    let out = planforge()
        .args(["lint", "-", "--stdin-filename", "docs/plan.md"])
        .write_stdin("# Plan\n\nOwner: [OWNER_NAME]\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).starts_with("docs/plan.md:3:8: error[placeholder]"));
}

#[test]
fn directories_are_walked_honouring_gitignore_hidden_files_and_globs() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    for f in [
        "a.md",
        "sub/b.markdown",
        "ignored/c.md",
        ".hidden/d.md",
        "e.txt",
        "vendor/f.md",
    ] {
        std::fs::create_dir_all(p.join(f).parent().unwrap()).unwrap();
        std::fs::write(p.join(f), "[PLACE_HOLDER]\n").unwrap();
    }
    std::fs::write(p.join(".gitignore"), "ignored/\n").unwrap();
    std::fs::write(
        p.join("planforge.toml"),
        "[lint]\nexclude = [\"vendor/**\"]\n",
    )
    .unwrap();
    let out = planforge()
        .current_dir(p)
        .args(["lint", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<_> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["a.md", "sub/b.markdown"]);
    // Named explicitly, a file is linted whatever its extension.
    planforge()
        .current_dir(p)
        .args(["lint", "e.txt"])
        .assert()
        .code(1);
}

#[test]
fn config_sets_levels_allowed_tokens_and_custom_kinds() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(
        p.join("planforge.toml"),
        r#"[lint]
allow-tokens = ["WIP", "[BREAKING]"]

[lint.rules]
todo-marker = "off"
mojibake = "error"

[[lint.kinds]]
kind = "adr"
h1-prefix = "ADR"
headings = """
# ADR *
## Context
## Decision
"""
"#,
    )
    .unwrap();
    std::fs::write(
        p.join("x.md"),
        "# ADR 7: Queues\n\n## Context\n\n[WIP] [BREAKING] TODO Â±\n",
    )
    .unwrap();
    let out = planforge()
        .current_dir(p)
        .args(["lint", "x.md"])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(
        text.contains("x.md:5:25: error[missing-section]: missing section `## Decision`"),
        "{text}"
    );
    assert!(text.contains("error[mojibake]"), "{text}");
    assert!(
        !text.contains("placeholder") && !text.contains("todo-marker"),
        "{text}"
    );
    // --no-config ignores it; a broken config is a usage error.
    let out = planforge()
        .current_dir(p)
        .args(["lint", "--no-config", "x.md"])
        .output()
        .unwrap();
    assert!(stdout(&out).contains("[WIP]"));
    // An unknown rule id is a warning with a suggestion; the run goes on.
    std::fs::write(
        p.join("typo.toml"),
        "[lint.rules]\nplaceholders = \"off\"\n",
    )
    .unwrap();
    let out = planforge()
        .current_dir(p)
        .args(["lint", "--config", "typo.toml", "x.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("warning: typo.toml: unknown rule `placeholders` in [lint.rules] (did you mean `placeholder`?)"),
        "{err}"
    );
    assert!(stdout(&out).contains("[WIP]"));
    std::fs::write(p.join("bad.toml"), "[lint.rules]\nplaceholder = 3\n").unwrap();
    let out = planforge()
        .current_dir(p)
        .args(["lint", "--config", "bad.toml", "x.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_misspelt_rule_in_a_suppression_or_explain_gets_a_suggestion() {
    let out = planforge()
        .args(["lint", "-"])
        .write_stdin("<!-- planforge-disable-next-line placholder -->\n[PROJECT_NAME]\n")
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(
        text.contains("<stdin>:1:34: warning[unknown-rule]: unknown rule `placholder` in a suppression comment (did you mean `placeholder`?)"),
        "{text}"
    );
    assert!(text.contains("error[placeholder]"), "{text}");
    let out = planforge()
        .args(["lint", "--explain", "placholder"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown rule `placholder` (did you mean `placeholder`?)"),
        "{err}"
    );
}

#[test]
fn kind_precedence_is_flag_then_front_matter_then_marker_then_path_then_h1() {
    let lint = |args: &[&str], text: &str| {
        let out = planforge()
            .arg("lint")
            .args(args)
            .write_stdin(text.to_string())
            .output()
            .unwrap();
        stdout(&out)
    };
    let ctx = "# Context: X\n\nBody.\n";
    // H1 prefix.
    assert!(lint(&["-"], ctx).contains("missing section `## Goal and Scope`"));
    // The marker beats the H1.
    let marked = format!("{ctx}\n<!-- planforge-kind: agent-prompt -->\n");
    assert!(lint(&["-"], &marked).contains("missing section `# Agent Prompt: …`"));
    // Front matter beats the marker.
    let front = format!("---\nplanforge-kind: iteration-context\n---\n{marked}");
    assert!(lint(&["-"], &front).contains("`## Goal and Scope`"));
    // The path decides when nothing else does; --kind beats everything.
    let plain = "# Notes\n\nBody.\n";
    assert!(lint(
        &["-", "--stdin-filename", "iterations/02-build/README.md"],
        plain
    )
    .contains("`# Iteration …: …`"));
    assert!(lint(
        &["--kind", "iteration-context", "-"],
        &front.replace("iteration-context", "agent-prompt")
    )
    .contains("`## Goal and Scope`"));
    // A declared kind nobody defines is reported, and the H1 still decides.
    let typo = format!("{ctx}\n<!-- planforge-kind: agent-promt -->\n");
    let out = lint(&["-"], &typo);
    assert!(out.contains("unknown document kind `agent-promt`"), "{out}");
    assert!(out.contains("`## Goal and Scope`"), "{out}");
}

#[test]
fn explain_prints_each_rule_and_rejects_unknown_ids() {
    for id in [
        "placeholder",
        "llm-directive",
        "template-markup",
        "missing-section",
        "empty-section",
        "section-order",
        "todo-marker",
        "mojibake",
        "empty-cell",
    ] {
        let out = planforge()
            .args(["lint", "--explain", id])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        assert!(stdout(&out).starts_with(&format!("# {id} (")), "{id}");
    }
    planforge()
        .args(["lint", "--explain", "nope"])
        .assert()
        .code(2);
    let out = planforge().args(["lint", "--list-rules"]).output().unwrap();
    assert_eq!(stdout(&out).lines().count(), 9);
}

#[test]
fn the_committed_config_schema_is_what_the_types_generate() {
    let committed =
        std::fs::read_to_string(root().join("schemas/planforge-config.schema.json")).unwrap();
    let out = planforge()
        .args(["lint", "--print-config-schema"])
        .output()
        .unwrap();
    assert_eq!(
        committed,
        stdout(&out),
        "schemas/planforge-config.schema.json is stale: run `cargo run -- lint --print-config-schema > schemas/planforge-config.schema.json`"
    );
}

#[test]
fn hundreds_of_paths_at_once_are_linted_and_sorted() {
    let dir = tempfile::tempdir().unwrap();
    let mut names = Vec::new();
    for i in (0..300).rev() {
        let name = format!("f{i:03}.md");
        std::fs::write(dir.path().join(&name), format!("Item {i}: [VALUE_{i}]\n")).unwrap();
        names.push(name);
    }
    let out = planforge()
        .current_dir(dir.path())
        .arg("lint")
        .args(&names)
        .output()
        .unwrap();
    let text = stdout(&out);
    let first: Vec<_> = text
        .lines()
        .filter(|l| l.contains("error[placeholder]"))
        .collect();
    assert_eq!(first.len(), 300);
    assert!(first[0].starts_with("f000.md:1:") && first[299].starts_with("f299.md:1:"));
    assert!(
        text.ends_with("300 errors, 0 warnings in 300 files\n"),
        "{text}"
    );
}

/// A walk lints files while it is still listing them: whatever order the
/// workers finish in, output is sorted by path, and a file reached twice
/// (named, and inside a walked directory, under two spellings) is linted
/// and counted once, in every format.
#[test]
fn walked_files_come_sorted_and_once_however_the_paths_overlap() {
    let dir = tempfile::tempdir().unwrap();
    let mut want = Vec::new();
    for d in ["b", "a", "a/z", "c"] {
        for i in (0..40).rev() {
            let name = format!("{d}/f{i:02}.md");
            std::fs::create_dir_all(dir.path().join(d)).unwrap();
            std::fs::write(dir.path().join(&name), format!("Item {i}: [VALUE_{i}]\n")).unwrap();
            want.push(name);
        }
    }
    // Names that sort differently from their directory walk: a file and a
    // directory of the same stem (`a.md`, `a/`), `-` and `.` before `/`.
    for name in ["a.md", "a-x/f00.md", "a/z.md", "a/z-1.md", "a.b/f00.md"] {
        std::fs::create_dir_all(dir.path().join(name).parent().unwrap()).unwrap();
        std::fs::write(dir.path().join(name), "Item: [VALUE]\n").unwrap();
    }
    want.extend(["a/z.md", "a/z-1.md"].map(String::from));
    want.sort();
    let args = [
        "lint", "--format", "json", "c", "a", "./b", "b", "a/f07.md", "a/z/",
    ];
    let out = planforge()
        .current_dir(dir.path())
        .args(args)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, want);
    assert_eq!(v["summary"]["files"], 162, "{}", v["summary"]);
    // The same run in human and SARIF output: the same files, once each.
    let human = planforge()
        .current_dir(dir.path())
        .arg("lint")
        .args(&args[3..])
        .output()
        .unwrap();
    let text = stdout(&human);
    assert!(
        text.ends_with("162 errors, 0 warnings in 162 files\n"),
        "{text}"
    );
    let sarif = planforge()
        .current_dir(dir.path())
        .args(["lint", "--format", "sarif"])
        .args(&args[3..])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&sarif.stdout).unwrap();
    assert_eq!(v["runs"][0]["results"].as_array().unwrap().len(), 162);
    // The whole directory, walked from the top: every file, in path order.
    let out = planforge()
        .current_dir(dir.path())
        .args(["lint", "--format", "github", "."])
        .output()
        .unwrap();
    let shown: Vec<String> = stdout(&out)
        .lines()
        .map(|l| {
            let file = l.split(",line=").next().unwrap();
            file.trim_start_matches("::error file=").to_string()
        })
        .collect();
    let mut sorted = shown.clone();
    sorted.sort();
    assert_eq!(shown, sorted);
    assert_eq!(shown.len(), 165);
    assert_eq!(shown[..3], ["a-x/f00.md", "a.b/f00.md", "a.md"]);
}

#[test]
fn the_pre_commit_hook_definition_names_the_lint_command() {
    let hooks = std::fs::read_to_string(root().join(".pre-commit-hooks.yaml")).unwrap();
    for needle in [
        "id: planforge-lint",
        "entry: planforge lint",
        "language: rust",
        "types: [markdown]",
    ] {
        assert!(hooks.contains(needle), "{needle}");
    }
    assert!(Path::new(&root().join("docs/lint.md")).exists());
    // The lint documentation is itself clean Markdown.
    planforge()
        .args(["lint", "docs/lint.md", "tests/README.md"])
        .assert()
        .code(0);
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let case = "tests/fixtures/lint/cases/suppressions.md";
    let plain = stdout(&planforge().args(["lint", case]).output().unwrap());
    assert!(!plain.contains('\x1b'), "{plain}");
    let always = planforge()
        .args(["--color", "always", "lint", case])
        .output()
        .unwrap();
    assert!(stdout(&always).contains("\x1b[1m"));
}

#[test]
fn the_config_is_found_in_an_ancestor_of_the_working_directory() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("planforge.toml"),
        "[lint]\nallow-tokens = [\"WIP\"]\n",
    )
    .unwrap();
    let sub = dir.path().join("docs/deep");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(sub.join("a.md"), "Status: [WIP] [OTHER_TOKEN]\n").unwrap();
    let out = planforge()
        .current_dir(&sub)
        .args(["lint", "a.md"])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(
        text.contains("[OTHER_TOKEN]") && !text.contains("`[WIP]`"),
        "{text}"
    );
}
