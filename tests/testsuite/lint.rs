//! `planforge lint`: golden output for every case fixture and the seed
//! templates, zero findings on the precision corpus and on filled plans,
//! output formats, configuration, suppressions and exit codes.

use std::path::Path;

use crate::support::{assert_golden, examples, fixtures, planforge, rel, root};

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// Each `tests/fixtures/lint/cases/**/*.md` is linted on its own; its human
/// output is `golden/lint/cases/<same path>.txt`.
#[test]
fn every_case_fixture_matches_its_golden_output() {
    let cases = fixtures("tests/fixtures/lint/cases", "md");
    assert!(cases.len() >= 8, "case fixtures are missing");
    for case in cases {
        let path = rel(&case);
        let out = planforge().args(["lint", &path]).output().unwrap();
        assert!(matches!(out.status.code(), Some(0 | 1)), "{path}: {out:?}");
        let name = path.trim_start_matches("tests/fixtures/lint/cases/");
        assert_golden(format!("golden/lint/cases/{name}.txt"), &stdout(&out));
    }
}

/// Seeds 000 and 003 are the templates compile fills: linted, they report
/// every placeholder occurrence. The snapshot is the full list.
#[test]
fn seed_templates_report_every_placeholder() {
    let token = regex::Regex::new(r"\[[A-Z][A-Z0-9_%]*(?:(?: - | |/)[A-Z0-9_%]+)*\]").unwrap();
    for seed in ["000-jaegis-framework", "003-pact-action-phase"] {
        let path = format!("tests/fixtures/lint/seeds/{seed}.md");
        let out = planforge()
            .args(["lint", "--format", "json", &path])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert_golden(format!("golden/lint/seeds/{seed}.json"), &stdout(&out));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let lines: std::collections::HashSet<u64> = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["rule"] == "placeholder" || d["rule"] == "llm-directive")
            .map(|d| d["line"].as_u64().unwrap())
            .collect();
        // Independent check: every line holding an upper-case bracketed
        // token (outside the code blocks' `{current_date}`) has a finding.
        let text = std::fs::read_to_string(root().join(&path)).unwrap();
        for (i, line) in text.lines().enumerate() {
            if token.is_match(line) {
                assert!(
                    lines.contains(&(i as u64 + 1)),
                    "{seed}:{} not reported: {line}",
                    i + 1
                );
            }
        }
    }
}

/// The precision corpus: READMEs, guides and references written like those
/// of mature projects. Any finding here is a false positive.
#[test]
fn the_precision_corpus_has_zero_findings() {
    let out = planforge()
        .args(["lint", "--format", "json", "tests/fixtures/lint/clean"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["diagnostics"], serde_json::json!([]), "{}", stdout(&out));
    assert!(v["summary"]["files"].as_u64().unwrap() >= 6);
    assert_eq!(out.status.code(), Some(0));
}

/// What compile writes for every example passes lint: no placeholder, no
/// missing section, and every document's kind is recognised.
#[test]
fn compile_output_for_every_example_lints_clean() {
    let examples = examples();
    assert!(!examples.is_empty());
    for ex in examples {
        let dir = tempfile::tempdir().unwrap();
        let out = planforge()
            .args(["compile", &rel(&ex), "-o"])
            .arg(dir.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}: {out:?}", rel(&ex));
        let out = planforge()
            .args(["lint", "--deny-warnings", "--format", "json"])
            .arg(dir.path())
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["diagnostics"], serde_json::json!([]), "{}", rel(&ex));
        assert!(v["summary"]["files"].as_u64().unwrap() >= 2);
        assert_eq!(out.status.code(), Some(0));
    }
}

/// Every compiled document kept as a golden file (plans and the iteration
/// documents of `golden/iterations/`) lints clean, `--deny-warnings`.
#[test]
fn every_golden_compiled_document_lints_clean() {
    let out = planforge()
        .args(["lint", "--deny-warnings", "--format", "json", "golden"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["diagnostics"], serde_json::json!([]));
    assert!(v["summary"]["files"].as_u64().unwrap() >= 40);
    assert_eq!(out.status.code(), Some(0));
}

/// A compiled-like document for a manifest: every heading with a sentence
/// and the marker compile writes. Until compile exists, this stands in for
/// "compile's output lints clean".
fn filled(manifest: &planforge::manifest::SectionManifest, skip: Option<usize>) -> String {
    let mut doc = String::new();
    for (i, s) in manifest.sections.iter().enumerate() {
        if Some(i) == skip || skip.is_some_and(|k| is_under(manifest, i, k)) {
            continue;
        }
        let title = s.title.replace('*', "Atlas");
        doc.push_str(&format!(
            "{} {title}\n\nThe team wrote this section.\n\n",
            "#".repeat(s.level.into())
        ));
    }
    doc.push_str(&format!("<!-- planforge-kind: {} -->\n", manifest.kind));
    doc
}

fn is_under(m: &planforge::manifest::SectionManifest, i: usize, ancestor: usize) -> bool {
    let mut p = m.sections[i].parent;
    while let Some(x) = p {
        if x == ancestor {
            return true;
        }
        p = m.sections[x].parent;
    }
    false
}

#[test]
fn a_filled_document_of_every_builtin_kind_lints_clean() {
    for m in planforge::manifest::builtin() {
        let out = planforge()
            .args(["lint", "-", "--stdin-filename", "plan.md"])
            .write_stdin(filled(m, None))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}: {}", m.kind, stdout(&out));
    }
}

#[test]
fn removing_any_required_section_gives_exactly_one_missing_section() {
    for m in planforge::manifest::builtin() {
        for (i, s) in m.sections.iter().enumerate() {
            if s.optional || s.parent.is_none() {
                continue;
            }
            let out = planforge()
                .args([
                    "lint",
                    "--format",
                    "json",
                    "-",
                    "--stdin-filename",
                    "plan.md",
                ])
                .write_stdin(filled(m, Some(i)))
                .output()
                .unwrap();
            let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            let diags = v["diagnostics"].as_array().unwrap();
            let missing: Vec<_> = diags
                .iter()
                .filter(|d| d["rule"] == "missing-section")
                .collect();
            assert_eq!(
                missing.len(),
                1,
                "{} without {}: {diags:?}",
                m.kind,
                s.title
            );
        }
    }
}

#[test]
fn json_output_follows_the_diagnostic_contract() {
    let out = planforge()
        .args([
            "lint",
            "--format",
            "json",
            "tests/fixtures/lint/cases/crlf-bom.md",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], 1);
    let d = &v["diagnostics"][0];
    assert_eq!(d["path"], "tests/fixtures/lint/cases/crlf-bom.md");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(3), Some(8)),
        "CRLF and BOM do not shift"
    );
    assert_eq!(
        (d["end_line"].as_u64(), d["end_column"].as_u64()),
        (Some(3), Some(22))
    );
    assert_eq!(d["rule"], "placeholder");
    assert_eq!(d["severity"], "error");
    assert!(d["help"].is_string());
    assert_eq!(
        v["summary"],
        serde_json::json!({"files": 1, "errors": 2, "warnings": 0})
    );
}

#[test]
fn sarif_output_is_valid_against_the_sarif_2_1_0_schema() {
    // The published schema's `run.language` pattern has a stray `]` that
    // Rust's regex engine (rightly) rejects; it is replaced in memory by the
    // pattern it means. The vendored file stays as published.
    let text = std::fs::read_to_string(root().join("tests/fixtures/sarif-schema-2.1.0.json"))
        .unwrap()
        .replace(
            "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$",
            "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$",
        );
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let out = planforge()
        .args(["lint", "--format", "sarif", "tests/fixtures/lint/cases"])
        .output()
        .unwrap();
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let run = &sarif["runs"][0];
    assert!(!run["results"].as_array().unwrap().is_empty());
    let rule = &run["tool"]["driver"]["rules"].as_array().unwrap()[0];
    assert!(rule["shortDescription"]["text"].is_string(), "{rule}");
    assert!(rule["help"]["markdown"]
        .as_str()
        .unwrap()
        .contains("## What it does"));
}

#[test]
fn github_format_prints_workflow_annotations() {
    let out = planforge()
        .args([
            "lint",
            "--format",
            "github",
            "tests/fixtures/lint/cases/suppressions.md",
        ])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(
        text.starts_with("::error file=tests/fixtures/lint/cases/suppressions.md,line=6,col=8,endLine=6,endColumn=18,title=planforge placeholder::"),
        "{text}"
    );
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
        text.contains("x.md:1:1: error[missing-section]: missing section `## Decision`"),
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
    std::fs::write(p.join("bad.toml"), "[lint.rules]\nplaceholders = \"off\"\n").unwrap();
    let out = planforge()
        .current_dir(p)
        .args(["lint", "--config", "bad.toml", "x.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `placeholder`"));
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
