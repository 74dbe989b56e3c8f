//! `planforge lint`: golden output for every case fixture and the seed
//! templates, zero findings on the precision corpus and on compiled plans,
//! section manifests, and the output formats. The command-line contract
//! (exit codes, config, kinds, walking) is in `lint/cli.rs`.

mod cli;
mod template;

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
/// and the marker compile writes.
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
    let absolute = root().join("tests/fixtures/lint/seeds");
    let out = planforge()
        .args(["lint", "--format", "sarif", "tests/fixtures/lint/cases"])
        .arg(&absolute)
        .output()
        .unwrap();
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let uris: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(uris
        .iter()
        .any(|u| u.starts_with("tests/fixtures/lint/cases/")));
    assert!(uris
        .iter()
        .any(|u| u.starts_with("file:///") && u.ends_with("000-jaegis-framework.md")));
    for rule in sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
    {
        let (id, name) = (rule["id"].as_str().unwrap(), rule["name"].as_str().unwrap());
        assert!(!id.eq_ignore_ascii_case(name), "{rule}");
    }
    let run = &sarif["runs"][0];
    assert!(!run["results"].as_array().unwrap().is_empty());
    let rule = &run["tool"]["driver"]["rules"].as_array().unwrap()[0];
    assert!(rule["shortDescription"]["text"].is_string(), "{rule}");
    assert!(rule["help"]["markdown"]
        .as_str()
        .unwrap()
        .contains("## What it does"));
}

/// Microsoft's SARIF multitool, when installed (`npx --offline` finds it in
/// its cache; nothing is downloaded), reports no error and no warning for relative and
/// absolute inputs. Skipped otherwise.
#[test]
fn sarif_multitool_accepts_the_output_when_it_is_installed() {
    let npx = |args: &[&str]| {
        std::process::Command::new("npx")
            .args(["-y", "--offline", "@microsoft/sarif-multitool"])
            .args(args)
            .output()
    };
    if !npx(&["--version"]).is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: @microsoft/sarif-multitool is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let absolute = root().join("tests/fixtures/lint/seeds");
    for (name, input) in [
        (
            "relative.sarif",
            std::path::PathBuf::from("tests/fixtures/lint/cases"),
        ),
        ("absolute.sarif", absolute),
    ] {
        let out = planforge()
            .args(["lint", "--format", "sarif"])
            .arg(&input)
            .output()
            .unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, &out.stdout).unwrap();
        let report = dir.path().join(format!("{name}.log.sarif"));
        let run = npx(&[
            "validate",
            path.to_str().unwrap(),
            "-o",
            report.to_str().unwrap(),
        ])
        .unwrap();
        let text = String::from_utf8_lossy(&run.stdout);
        assert!(run.status.success(), "{text}");
        assert!(
            !text.contains(" warning SARIF") && !text.contains(" error SARIF"),
            "{name}: {text}"
        );
    }
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
fn sections_missing_at_one_spot_are_reported_in_manifest_order_not_alphabetically() {
    let path = "tests/fixtures/lint/cases/pact-missing-metrics.md";
    let out = planforge()
        .args(["lint", "--format", "json", path])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let missing: Vec<(u64, String)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "missing-section")
        .map(|d| (d["line"].as_u64().unwrap(), d["message"].to_string()))
        .collect();
    assert_eq!(missing.len(), 3, "{missing:?}");
    assert!(missing.iter().all(|(l, _)| *l == missing[0].0), "one spot");
    let order: Vec<usize> = ["Individual Agent", "Coordination", "System-Wide"]
        .iter()
        .map(|t| missing.iter().position(|(_, m)| m.contains(t)).unwrap())
        .collect();
    assert_eq!(order, [0, 1, 2], "manifest order: {missing:?}");
}
