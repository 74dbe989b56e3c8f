//! `planforge compile`: golden output for every example, deterministic
//! bytes, valid GFM, escaping of hostile spec text, safe writes.

use std::path::Path;

use crate::gfm;
use crate::support::{assert_golden, examples, fixtures, planforge, rel, root};

fn compile_into(spec: &str, out: &Path, extra: &[&str]) -> std::process::Output {
    planforge()
        .args(["compile", spec, "-o"])
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

fn files_under(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = walk(dir)
        .into_iter()
        .map(|p| {
            p.strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    v.sort();
    v
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        if e.path().is_dir() {
            out.extend(walk(&e.path()));
        } else {
            out.push(e.path());
        }
    }
    out
}

/// `golden/<example>/` holds the exact output of compiling `examples/<example>.yaml`.
#[test]
fn every_example_compiles_to_its_golden_output() {
    for spec in examples() {
        let stem = spec.file_stem().unwrap().to_string_lossy().to_string();
        let dir = tempfile::tempdir().unwrap();
        let out = compile_into(&rel(&spec), dir.path(), &[]);
        assert!(
            out.status.success(),
            "{stem}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let produced = files_under(dir.path());
        let golden_dir = root().join("golden").join(&stem);
        if std::env::var_os("UPDATE_GOLDEN").is_none() && golden_dir.exists() {
            assert_eq!(
                produced,
                files_under(&golden_dir),
                "{stem}: the set of files differs from golden/{stem}/"
            );
        }
        for f in produced {
            let text = std::fs::read_to_string(dir.path().join(&f)).unwrap();
            assert_golden(format!("golden/{stem}/{f}"), &text);
        }
    }
}

#[test]
fn compiling_twice_gives_identical_bytes() {
    for spec in examples() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        assert!(compile_into(&rel(&spec), a.path(), &[]).status.success());
        assert!(compile_into(&rel(&spec), b.path(), &[]).status.success());
        for f in files_under(a.path()) {
            assert_eq!(
                std::fs::read(a.path().join(&f)).unwrap(),
                std::fs::read(b.path().join(&f)).unwrap(),
                "{f} differs between runs"
            );
        }
    }
}

#[test]
fn every_golden_document_is_valid_gfm() {
    let docs = fixtures("golden", "md");
    assert!(docs.len() >= 6);
    for doc in docs.into_iter().filter(|d| {
        !rel(d).starts_with("golden/check/")
            && !rel(d).starts_with("golden/lint/")
            && !rel(d).starts_with("golden/diff/")
    }) {
        let text = std::fs::read_to_string(&doc).unwrap();
        let problems = gfm::problems(&text);
        assert!(
            problems.is_empty(),
            "{}:\n{}",
            rel(&doc),
            problems.join("\n")
        );
    }
}

/// The placeholder syntaxes of the seed templates; compiled output has none.
#[test]
fn no_golden_document_contains_a_placeholder() {
    let token = regex::Regex::new(r"\[[A-Z][A-Z0-9_%]+(?:(?: - | |/)[A-Z0-9_%]+)*\]").unwrap();
    let brace = regex::Regex::new(r"\{\{|\{[a-z]+_[a-z_]+\}|\[\[LLM:").unwrap();
    for doc in fixtures("golden", "md")
        .into_iter()
        // Lint and diff goldens quote documents with placeholders on purpose.
        .filter(|d| !rel(d).starts_with("golden/lint/") && !rel(d).starts_with("golden/diff/"))
    {
        let text = std::fs::read_to_string(&doc).unwrap();
        // The one placeholder grammar lint and diff use agrees.
        let spans = planforge::lint::placeholder_spans(&text);
        let shown: Vec<&str> = spans.iter().map(|s| &text[s.clone()]).collect();
        assert!(shown.is_empty(), "{}: placeholders {shown:?}", rel(&doc));
        for (i, line) in text.lines().enumerate() {
            for re in [&token, &brace] {
                if let Some(m) = re.find(line) {
                    // Escaped brackets (`\[`) are literal spec text, not placeholders.
                    if !line[..m.start()].ends_with('\\') {
                        panic!(
                            "{}:{}: placeholder `{}` in: {line}",
                            rel(&doc),
                            i + 1,
                            m.as_str()
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn hostile_spec_text_renders_literally_in_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("hostile.yaml");
    let role = "a|b\n# not a heading `tick` <script>alert(1)</script> [[LLM: obey]] *x* [Y]: z &amp; {{ v }}";
    let yaml = format!(
        "project:\n  name: \"Hostile | name\"\n  overview: {}\nagents:\n  - id: evil\n    name: \"Eve\"\n    role: {}\ntasks:\n  - id: T1\n    name: \"Do `it` | now\"\n    agent: evil\n    duration: 1d\n",
        serde_json::to_string("# Heading?\n\n| table |").unwrap(),
        serde_json::to_string(role).unwrap()
    );
    std::fs::write(&spec, yaml).unwrap();
    let out = planforge()
        .arg("compile")
        .arg(&spec)
        .arg("-o")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = std::fs::read_to_string(dir.path().join("out/execution-orchestration-framework.md"))
        .unwrap();
    assert!(gfm::problems(&md).is_empty(), "{:?}", gfm::problems(&md));
    let cells = gfm::row_cells(&md, "Eve").expect("the agent's row");
    assert_eq!(cells[1], role.replace('\n', " "));
    let task = gfm::row_cells(&md, "001").expect("the task's row");
    assert_eq!(task[1], "T1: Do `it` | now (critical)");
    assert_eq!(
        gfm::headings(&md)[0].1,
        "Execution Orchestration Framework: Hostile | name"
    );
    assert!(!gfm::headings(&md)
        .iter()
        .any(|(_, h)| h.contains("Heading?")));
    let pact = std::fs::read_to_string(dir.path().join("out/pact-action-phase.md")).unwrap();
    assert!(
        gfm::problems(&pact).is_empty(),
        "{:?}",
        gfm::problems(&pact)
    );
}

#[test]
fn an_invalid_spec_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = compile_into(
        "tests/fixtures/check/invalid/references.yaml",
        &dir.path().join("out"),
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing was written"));
    assert!(!dir.path().join("out").exists());
}

#[test]
fn a_hand_edited_file_is_not_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    assert!(compile_into("examples/starter.yaml", &out_dir, &[])
        .status
        .success());
    let doc = out_dir.join("pact-action-phase.md");
    std::fs::write(&doc, "edited by hand\n").unwrap();
    let before = std::fs::read(out_dir.join("manifest.json")).unwrap();
    let out = compile_into("examples/starter.yaml", &out_dir, &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("pact-action-phase.md (edited since planforge wrote it)"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&doc).unwrap(), "edited by hand\n");
    assert_eq!(
        std::fs::read(out_dir.join("manifest.json")).unwrap(),
        before
    );
    assert!(
        compile_into("examples/starter.yaml", &out_dir, &["--force"])
            .status
            .success()
    );
    assert_ne!(std::fs::read_to_string(&doc).unwrap(), "edited by hand\n");
}

#[test]
fn a_file_planforge_did_not_write_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pact-action-phase.md"), "mine\n").unwrap();
    let out = compile_into("examples/starter.yaml", dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not written by planforge"));
    assert!(
        !dir.path()
            .join("execution-orchestration-framework.md")
            .exists(),
        "nothing may be written on refusal"
    );
}

#[test]
fn check_mode_lists_stale_files_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = compile_into("examples/starter.yaml", dir.path(), &["--check"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("missing: execution-orchestration-framework.md"),
        "{text}"
    );
    assert!(files_under(dir.path()).is_empty());
    assert!(compile_into("examples/starter.yaml", dir.path(), &[])
        .status
        .success());
    assert!(
        compile_into("examples/starter.yaml", dir.path(), &["--check"])
            .status
            .success()
    );
    std::fs::write(dir.path().join("pact-action-phase.md"), "stale\n").unwrap();
    let out = compile_into("examples/starter.yaml", dir.path(), &["--check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("differs: pact-action-phase.md"));
}

#[test]
fn only_selects_document_families() {
    let dir = tempfile::tempdir().unwrap();
    assert!(
        compile_into("examples/starter.yaml", dir.path(), &["--only", "pact"])
            .status
            .success()
    );
    assert_eq!(
        files_under(dir.path()),
        ["manifest.json", "pact-action-phase.md"]
    );
}

#[test]
fn the_manifest_records_every_file_the_spec_and_the_version() {
    let dir = tempfile::tempdir().unwrap();
    assert!(compile_into("examples/starter.yaml", dir.path(), &[])
        .status
        .success());
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("manifest.json")).unwrap())
            .unwrap();
    assert_eq!(m["planforge_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(m["spec"]["file"], "starter.yaml");
    for f in m["files"].as_array().unwrap() {
        let text = std::fs::read(dir.path().join(f["path"].as_str().unwrap())).unwrap();
        use sha2::Digest;
        let hash: String = sha2::Sha256::digest(&text)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(f["sha256"], hash);
    }
}

#[test]
fn a_template_override_replaces_the_builtin_by_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("pact-action-phase.md"),
        "# PACT Action Phase: {{ project.name }}\n\nCustom.\n",
    )
    .unwrap();
    let out = compile_into(
        "examples/starter.yaml",
        &dir.path().join("out"),
        &["--templates", dir.path().to_str().unwrap()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out/pact-action-phase.md")).unwrap(),
        "# PACT Action Phase: My Project\n\nCustom.\n"
    );
}

#[test]
fn an_undefined_variable_or_syntax_error_names_the_template_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("pact-action-phase.md"),
        "# T\n\n{{ project.nmae }}\n",
    )
    .unwrap();
    let out = compile_into(
        "examples/starter.yaml",
        &dir.path().join("out"),
        &["--templates", dir.path().to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("pact-action-phase.md:3:"), "{err}");
    assert!(!dir.path().join("out").exists());
    std::fs::write(dir.path().join("pact-action-phase.md"), "# T\n{% if %}\n").unwrap();
    let out = compile_into(
        "examples/starter.yaml",
        &dir.path().join("out"),
        &["--templates", dir.path().to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("pact-action-phase.md:2:"));
}

#[test]
fn templates_export_writes_the_builtins_and_list_names_them() {
    let out = planforge().args(["templates", "list"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("execution-orchestration-framework.md"));
    let dir = tempfile::tempdir().unwrap();
    planforge()
        .args(["templates", "export"])
        .arg(dir.path())
        .assert()
        .success();
    let exported = std::fs::read_to_string(dir.path().join("pact-action-phase.md")).unwrap();
    assert_eq!(
        exported,
        std::fs::read_to_string(root().join("templates/pact-action-phase.md")).unwrap()
    );
    assert_eq!(
        planforge()
            .args(["templates", "export"])
            .arg(dir.path())
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
}
