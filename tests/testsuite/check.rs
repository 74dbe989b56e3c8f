//! `planforge check`: valid specs pass, every invalid fixture's output is
//! golden, and hostile inputs fail fast with a clear error.

use std::time::Duration;

use crate::support::{assert_golden, examples, fixtures, planforge, rel};

#[test]
fn every_example_passes_check() {
    let examples = examples();
    assert!(examples.len() >= 3, "examples are missing");
    for ex in examples {
        planforge().args(["check", &rel(&ex)]).assert().success();
    }
}

#[test]
fn the_seed_002_configuration_block_alone_is_a_valid_spec() {
    planforge()
        .args(["check", "tests/fixtures/seed-002-configuration.yaml"])
        .assert()
        .success();
}

/// Each `tests/fixtures/check/invalid/*.yaml` fails with exit 1; its human
/// and JSON output are golden (`golden/check/<name>.txt` and `.json`).
#[test]
fn invalid_fixtures_report_every_error_with_positions() {
    let cases = fixtures("tests/fixtures/check/invalid", "yaml");
    assert!(!cases.is_empty());
    for case in cases {
        let name = case.file_stem().unwrap().to_string_lossy().to_string();
        let out = planforge().args(["check", &rel(&case)]).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{name} should be invalid");
        assert_golden(
            format!("golden/check/{name}.txt"),
            &String::from_utf8(out.stdout).unwrap(),
        );
        let out = planforge()
            .args(["check", "--format", "json", &rel(&case)])
            .output()
            .unwrap();
        assert_golden(
            format!("golden/check/{name}.json"),
            &String::from_utf8(out.stdout).unwrap(),
        );
    }
}

#[test]
fn json_output_follows_the_diagnostic_contract() {
    let out = planforge()
        .args([
            "check",
            "--format",
            "json",
            "tests/fixtures/check/invalid/unknown-keys.yaml",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], 1);
    let d = &v["diagnostics"][0];
    for key in [
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "rule",
        "severity",
        "message",
    ] {
        assert!(d.get(key).is_some(), "missing {key} in {d}");
    }
    assert_eq!(v["summary"]["files"], 1);
    assert!(v["summary"]["errors"].as_u64().unwrap() >= 1);
}

/// Turning any scalar of an example into a mapping gives an error at that
/// scalar's line and column.
#[test]
fn a_scalar_replaced_by_a_mapping_is_reported_at_its_position() {
    let text =
        std::fs::read_to_string(crate::support::root().join("examples/starter.yaml")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for (i, line) in text.lines().enumerate() {
        // Scalars in `key: value` lines (not comments, not block starts).
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') {
            continue;
        }
        let Some(colon) = line.find(": ") else {
            continue;
        };
        let value = line[colon + 2..].trim();
        if value.is_empty() || value.starts_with(['[', '{', '>', '|', '#']) {
            continue;
        }
        let col = colon + 3;
        let mut lines: Vec<String> = text.lines().map(String::from).collect();
        lines[i] = format!("{}{{oops: 1}}", &line[..colon + 2]);
        let path = dir.path().join(format!("case{i}.yaml"));
        std::fs::write(&path, lines.join("\n")).unwrap();
        let out = planforge()
            .args(["check", "--format", "json"])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "line {}: {line}", i + 1);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let found = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["line"] == i + 1 && d["column"] == col);
        assert!(found, "no diagnostic at {}:{col} for `{line}`: {v}", i + 1);
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} scalars checked");
}

fn check_bytes(name: &str, bytes: &[u8]) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let out = planforge()
        .args(["check"])
        .arg(&path)
        .timeout(Duration::from_secs(2))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

#[test]
fn malformed_yaml_is_a_syntax_error() {
    let (code, out) = check_bytes("bad.yaml", b"project:\n  name: [unclosed\n");
    assert_eq!(code, 1);
    assert!(out.contains("error[yaml-syntax]"), "{out}");
}

#[test]
fn wrong_types_are_reported() {
    let (code, out) = check_bytes("t.yaml", b"project:\n  name: x\nagents: 3\n");
    assert_eq!(code, 1);
    assert!(out.contains("t.yaml:3:9: error[wrong-type]"), "{out}");
}

#[test]
fn unknown_keys_are_errors() {
    let (code, out) = check_bytes("u.yaml", b"project:\n  name: x\n  nmae: y\n");
    assert_eq!(code, 1);
    assert!(
        out.contains("u.yaml:3:3: error[unknown-key]: unknown key `nmae`"),
        "{out}"
    );
}

#[test]
fn duplicate_keys_are_errors_naming_the_first() {
    let (code, out) = check_bytes("d.yaml", b"project:\n  name: x\n  name: y\n");
    assert_eq!(code, 1);
    assert!(
        out.contains("d.yaml:3:3: error[yaml-duplicate-key]"),
        "{out}"
    );
    assert!(out.contains("line 2, column 3"), "{out}");
}

#[test]
fn an_empty_file_is_an_empty_spec() {
    let (code, out) = check_bytes("e.yaml", b"");
    assert_eq!(code, 1);
    assert!(out.contains("error[empty-spec]"), "{out}");
    let (code, _) = check_bytes("c.yaml", b"# only a comment\n");
    assert_eq!(code, 1);
}

#[test]
fn several_documents_in_one_file_are_refused() {
    let (code, out) = check_bytes("m.yaml", b"project: {name: a}\n---\nproject: {name: b}\n");
    assert_eq!(code, 1);
    assert!(
        out.contains("m.yaml:2:1: error[yaml-multiple-documents]"),
        "{out}"
    );
}

#[test]
fn non_utf8_bytes_are_refused() {
    let (code, out) = check_bytes("n.yaml", b"project:\n  name: caf\xe9\n");
    assert_eq!(code, 1);
    assert!(out.contains("n.yaml:2:12: error[not-utf8]"), "{out}");
}

#[test]
fn an_alias_bomb_stops_at_the_expansion_budget() {
    let mut y = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
        .iter()
        .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
    {
        y.push_str(&format!(
            "{name}: &{name} [{}]\n",
            vec![format!("*{prev}"); 9].join(",")
        ));
    }
    let (code, out) = check_bytes("bomb.yaml", y.as_bytes());
    assert_eq!(code, 1);
    assert!(out.contains("error[yaml-alias-budget]"), "{out}");
}

#[test]
fn nesting_a_hundred_thousand_levels_deep_is_refused() {
    let flow = "[".repeat(100_000) + &"]".repeat(100_000);
    let (code, out) = check_bytes("deep.yaml", flow.as_bytes());
    assert_eq!(code, 1, "{out}");
    let block: String = (0..100_000).map(|_| "- ").collect::<String>() + "x\n";
    let (code, out) = check_bytes("deep2.yaml", block.as_bytes());
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("error[yaml-too-deep]") || out.contains("error[yaml-syntax]"),
        "{out}"
    );
}

#[test]
fn a_fifty_megabyte_file_is_refused_quickly() {
    let mut big = b"project:\n  name: big\n  overview: \"".to_vec();
    big.resize(50 * 1024 * 1024, b'x');
    let (code, out) = check_bytes("big.yaml", &big);
    assert_eq!(code, 1);
    assert!(out.contains("error[file-too-large]"), "{out}");
}

#[test]
fn a_directory_or_a_missing_path_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = planforge().arg("check").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("it is a directory"));
    let out = planforge()
        .args(["check", "no/such/spec.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout)
        .contains("no/such/spec.yaml:1:1: error[io]: no such file or directory"));
}

#[test]
fn usage_errors_exit_2() {
    let out = planforge().args(["check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = planforge()
        .args(["check", "--format", "xml", "x.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_committed_schema_is_what_the_types_generate() {
    let committed =
        std::fs::read_to_string(crate::support::root().join("schemas/planforge.schema.json"))
            .unwrap_or_default();
    let out = planforge().arg("schema").output().unwrap();
    assert!(out.status.success());
    assert!(
        committed == String::from_utf8(out.stdout).unwrap(),
        "schemas/planforge.schema.json is stale: run `cargo run -- schema > schemas/planforge.schema.json`"
    );
}

#[test]
fn init_writes_a_spec_that_passes_check_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.yaml");
    planforge().arg("init").arg(&path).assert().success();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("# yaml-language-server: $schema="));
    planforge().arg("check").arg(&path).assert().success();
    let out = planforge().arg("init").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}
