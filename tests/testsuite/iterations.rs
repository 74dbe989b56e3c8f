//! The iteration documents of `compile` (seed 002): target expansion against
//! a root, golden outputs, document structure, per-role templates, budgets
//! and the execution manifest.
//!
//! Golden files: `golden/iterations/<case>/` holds a compiled output
//! directory, `golden/iterations/<case>.stderr.txt` what compile printed.

use std::path::Path;

use crate::support::{assert_golden, planforge, root};

const SEED: &str = "tests/fixtures/seed-002-configuration.yaml";
const SEED_ROOT: &str = "tests/fixtures/iterations/seed-root";
const OVER_BUDGET: &str = "tests/fixtures/iterations/over-budget.yaml";
const EXAMPLE: &str = "examples/user-story-refinement.yaml";

/// Files under `dir`, relative and `/`-separated, sorted.
fn files(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                out.push(
                    p.strip_prefix(base)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Compares every file of `out` with `golden` (relative to the root); with
/// `UPDATE_GOLDEN=1`, replaces `golden` with `out`.
fn assert_golden_dir(golden: &str, out: &Path) {
    let golden_abs = root().join(golden);
    let actual = files(out);
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        let _ = std::fs::remove_dir_all(&golden_abs);
    } else {
        assert_eq!(
            files(&golden_abs),
            actual,
            "the set of files differs from {golden} (UPDATE_GOLDEN=1 to bless)"
        );
    }
    for f in &actual {
        assert_golden(
            format!("{golden}/{f}"),
            &std::fs::read_to_string(out.join(f)).unwrap(),
        );
    }
}

fn compile(args: &[&str]) -> (i32, String, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let out = planforge()
        .arg("compile")
        .args(args)
        .arg("-o")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (
        out.status.code().unwrap_or(-1),
        text(&out.stdout),
        text(&out.stderr),
        dir,
    )
}

#[test]
fn seed_002_alone_fails_to_compile_naming_the_targets_that_matched_nothing() {
    let (code, _, stderr, dir) = compile(&[SEED]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(
            "error[unmatched-target]: target `stories/*.md` matches no file under `tests/fixtures`"
        ),
        "{stderr}"
    );
    assert!(!dir.path().join("out").exists(), "nothing is written");
    assert_golden("golden/iterations/seed-002-no-root.stderr.txt", &stderr);
}

#[test]
fn seed_002_with_a_root_of_stories_compiles_to_golden_documents() {
    let (code, _, stderr, dir) = compile(&[SEED, "--root", SEED_ROOT, "--only", "iterations"]);
    assert_eq!(code, 0, "{stderr}");
    assert_golden("golden/iterations/seed-002.stderr.txt", &stderr);
    assert_golden_dir("golden/iterations/seed-002", &dir.path().join("out"));
}

#[test]
fn over_budget_allocations_split_agents_and_role_templates_are_golden() {
    let (code, _, stderr, dir) = compile(&[OVER_BUDGET, "--only", "iterations"]);
    assert_eq!(code, 0, "{stderr}");
    assert_golden("golden/iterations/over-budget.stderr.txt", &stderr);
    let out = dir.path().join("out");
    assert_golden_dir("golden/iterations/over-budget", &out);
    let prompt = std::fs::read_to_string(
        out.join("iterations/01-review/agent-prompts/reviewer-2-agent-prompt.md"),
    )
    .unwrap();
    assert!(
        prompt.contains("Reviewer 2 of 3"),
        "the per-role template was used:\n{prompt}"
    );
    assert!(
        prompt.contains("QA lead \\| \\[\\[LLM: ignore\\]\\] \\*loud\\*"),
        "spec text is escaped:\n{prompt}"
    );
    let lead = std::fs::read_to_string(
        out.join("iterations/02-summary/agent-prompts/lead-agent-prompt.md"),
    )
    .unwrap();
    assert!(
        lead.contains("ratio 1.00, risk **high**"),
        "a budget exactly met is high:\n{lead}"
    );
}

#[test]
fn check_warns_about_each_over_budget_agent_and_passes() {
    let out = planforge().args(["check", OVER_BUDGET]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        stdout.matches("warning[over-budget]").count(),
        3,
        "{stdout}"
    );
    assert_golden("golden/iterations/over-budget.check.txt", &stdout);
}

#[test]
fn check_of_the_seed_002_block_warns_that_targets_and_templates_are_missing() {
    let out = planforge().args(["check", SEED]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        stdout.matches("warning[unmatched-target]").count(),
        2,
        "{stdout}"
    );
    assert!(stdout.contains("warning[missing-template]: template `templates/developer.md.j2` for role `developer` does not exist"), "{stdout}");
}

#[test]
fn recompiling_gives_identical_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let run = |out: &Path| {
        planforge()
            .args(["compile", EXAMPLE, "-o"])
            .arg(out)
            .output()
            .unwrap()
    };
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    assert!(run(&a).status.success());
    assert!(run(&b).status.success());
    let again = run(&a);
    assert!(
        String::from_utf8_lossy(&again.stdout).contains(": 0 written,"),
        "{}",
        String::from_utf8_lossy(&again.stdout)
    );
    assert_eq!(files(&a), files(&b));
    for f in files(&a) {
        assert_eq!(
            std::fs::read(a.join(&f)).unwrap(),
            std::fs::read(b.join(&f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn only_other_families_tolerate_unmatched_targets_and_record_no_iterations() {
    let (code, _, stderr, dir) = compile(&[SEED, "--only", "jaegis"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("warning[unmatched-target]"), "{stderr}");
    let out = dir.path().join("out");
    assert_eq!(
        files(&out),
        ["execution-orchestration-framework.md", "manifest.json"]
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert!(manifest.get("iterations").is_none());
}

#[test]
fn a_root_that_is_not_a_directory_is_a_usage_error() {
    let (code, _, stderr, _) = compile(&[SEED, "--root", "tests/fixtures/iterations/missing"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("is not a directory"), "{stderr}");
}

#[test]
fn a_role_template_with_an_undefined_variable_names_its_file_and_role() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec.yaml");
    std::fs::write(&spec, "workflow:\n  name: w\n  iterations:\n    - name: it\n      goal: g\n      agents:\n        - role: dev\n          targets: []\n          deliverables: [out.md]\nagent_roles:\n  dev:\n    perspective: p\n    token_budget: 100\n    complexity_threshold: 1\ntemplates:\n  dev: dev.md.j2\n").unwrap();
    std::fs::write(
        dir.path().join("dev.md.j2"),
        "# Agent Prompt: {{ agent.name }}\n\n{{ agent.nickname }}\n",
    )
    .unwrap();
    let out = planforge()
        .arg("compile")
        .arg(&spec)
        .arg("-o")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("template `dev.md.j2`: prompt template of role `dev`"),
        "{stderr}"
    );
    assert!(stderr.contains("nickname"), "{stderr}");
}

#[test]
fn hostile_file_names_stay_inside_code_spans_and_table_cells() {
    let dir = tempfile::tempdir().unwrap();
    let stories = dir.path().join("stories");
    std::fs::create_dir(&stories).unwrap();
    for name in ["a|b.md", "tick`s.md", "{story_id}.md", "# head.md"] {
        std::fs::write(stories.join(name), "x").unwrap();
    }
    let (code, _, stderr, out) = compile(&[
        SEED,
        "--root",
        dir.path().to_str().unwrap(),
        "--only",
        "iterations",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let out = out.path().join("out");
    let readme =
        std::fs::read_to_string(out.join("iterations/01-requirements-analysis/README.md")).unwrap();
    assert!(
        readme.contains("| `stories/a\\|b/requirements.md` |"),
        "{readme}"
    );
    assert!(
        readme.contains("``stories/tick`s/requirements.md``"),
        "{readme}"
    );
    for f in files(&out).iter().filter(|f| f.ends_with(".md")) {
        let text = std::fs::read_to_string(out.join(f)).unwrap();
        structure::assert_structure(f, &text);
    }
}

#[test]
fn every_iteration_document_has_its_kind_headings_and_no_placeholder() {
    let mut checked = 0;
    for args in [
        vec![SEED, "--root", SEED_ROOT],
        vec![EXAMPLE],
        vec![OVER_BUDGET],
    ] {
        let (code, _, stderr, dir) = compile(&args);
        assert_eq!(code, 0, "{stderr}");
        let out = dir.path().join("out");
        let manifest: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap())
                .unwrap();
        for f in manifest["files"].as_array().unwrap() {
            let (path, kind) = (f["path"].as_str().unwrap(), f["kind"].as_str().unwrap());
            if kind.starts_with("iteration") || kind == "agent-prompt" {
                let text = std::fs::read_to_string(out.join(path)).unwrap();
                structure::assert_structure(path, &text);
                structure::assert_kind(path, kind, &text);
                structure::assert_no_placeholder(path, &text);
                checked += 1;
            }
        }
    }
    assert!(checked >= 30, "{checked} documents checked");
}

#[test]
fn the_committed_manifest_schema_is_what_the_types_generate() {
    let committed = std::fs::read_to_string(root().join("schemas/planforge-manifest.schema.json"))
        .unwrap_or_default();
    let out = planforge().args(["schema", "--manifest"]).output().unwrap();
    assert!(out.status.success());
    assert!(
        committed == String::from_utf8(out.stdout).unwrap(),
        "schemas/planforge-manifest.schema.json is stale: run `cargo run -- schema --manifest > schemas/planforge-manifest.schema.json`"
    );
}

#[test]
fn the_execution_manifest_validates_against_its_schema() {
    let (code, _, stderr, dir) = compile(&[EXAMPLE]);
    assert_eq!(code, 0, "{stderr}");
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("out/manifest.json")).unwrap(),
    )
    .unwrap();
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/planforge-manifest.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&manifest)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let first = &manifest["iterations"][0]["allocations"][0];
    assert_eq!(first["agent"], "product_analyst-1");
    assert_eq!(first["risk"], "medium");
    assert_eq!(first["targets"].as_array().unwrap().len(), 4);
    assert_eq!(
        manifest["iterations"][3]["allocations"][0]["targets"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
}

#[test]
fn the_iteration_fixtures_and_example_pass_check() {
    for spec in [SEED, EXAMPLE, OVER_BUDGET] {
        planforge().args(["check", spec]).assert().success();
    }
}

mod structure;
