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
    let line_re = regex::Regex::new(r#"^(\s*(?:- )?[A-Za-z_]+: )([^\[{>|#&*!%@`\s].*)$"#).unwrap();
    let mut checked = 0;
    for example in examples() {
        let text = std::fs::read_to_string(&example).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let Some(c) = line_re.captures(line) else {
                continue;
            };
            let value = c.get(2).unwrap().as_str();
            // Plain one-line scalars only (a value continuing on the next
            // line, or holding a flow collection, is not one scalar).
            if value.contains(": ")
                || value.contains(" #")
                || lines.get(i + 1).is_some_and(|n| {
                    n.starts_with(&" ".repeat(c.get(1).unwrap().as_str().len() + 1))
                })
            {
                continue;
            }
            let prefix = c.get(1).unwrap().as_str();
            let col = prefix.chars().count() + 1;
            let mut edited: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
            edited[i] = format!("{prefix}{{oops: 1}}");
            // The library runs the same pipeline as `check`, without a process per case.
            let file = std::sync::Arc::new(planforge::diagnostics::SourceFile::new(
                rel(&example),
                edited.join("\n"),
            ));
            let diags = match planforge::compile::load_plan(&file) {
                Ok(_) => panic!(
                    "{}:{}: `{line}` as a mapping passed check",
                    rel(&example),
                    i + 1
                ),
                Err(d) => d,
            };
            let found = diags
                .iter()
                .any(|d| d.start().line == i + 1 && d.start().column == col);
            let got: Vec<String> = diags
                .iter()
                .map(|d| format!("{}:{} {}", d.start().line, d.start().column, d.message))
                .collect();
            assert!(
                found,
                "no diagnostic at {}:{}:{col} for `{line}`: {got:?}",
                rel(&example),
                i + 1
            );
            checked += 1;
        }
    }
    assert!(checked >= 200, "only {checked} scalars checked");
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

/// The full example sets every field the schema defines (so every part of
/// the spec language is exercised by a golden test).
#[test]
fn the_oauth2_example_sets_every_field_of_the_schema() {
    use std::collections::{BTreeMap, BTreeSet};
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(crate::support::root().join("schemas/planforge.schema.json"))
            .unwrap(),
    )
    .unwrap();
    let text =
        std::fs::read_to_string(crate::support::root().join("examples/oauth2-api.yaml")).unwrap();
    let file = std::sync::Arc::new(planforge::diagnostics::SourceFile::new("x", text));
    let doc = planforge::spec::yaml::load(&file).unwrap();
    // Properties seen per schema object (by its JSON pointer in the schema).
    let mut seen: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut all: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    fn walk(
        schema: &serde_json::Value,
        at: &str,
        node: &serde_json::Value,
        v: &serde_json::Value,
        seen: &mut BTreeMap<String, BTreeSet<String>>,
        all: &mut BTreeMap<String, BTreeSet<String>>,
    ) {
        let (at, node) = match node.get("$ref").and_then(|r| r.as_str()) {
            Some(r) => (
                r.trim_start_matches('#').to_string(),
                schema.pointer(r.trim_start_matches('#')).unwrap(),
            ),
            None => (at.to_string(), node),
        };
        if let Some(props) = node.get("properties").and_then(|p| p.as_object()) {
            all.entry(at.clone())
                .or_default()
                .extend(props.keys().cloned());
            if let Some(obj) = v.as_object() {
                for (k, pv) in obj {
                    seen.entry(at.clone()).or_default().insert(k.clone());
                    if let Some(ps) = props.get(k) {
                        walk(schema, &format!("{at}/properties/{k}"), ps, pv, seen, all);
                    }
                }
            }
        }
        if let (Some(items), Some(arr)) = (node.get("items"), v.as_array()) {
            for item in arr {
                walk(schema, &format!("{at}/items"), items, item, seen, all);
            }
        }
        if let (Some(extra), Some(obj)) = (
            node.get("additionalProperties").filter(|a| a.is_object()),
            v.as_object(),
        ) {
            for item in obj.values() {
                walk(
                    schema,
                    &format!("{at}/additionalProperties"),
                    extra,
                    item,
                    seen,
                    all,
                );
            }
        }
    }
    walk(&schema, "", &schema, &doc.value, &mut seen, &mut all);
    let mut missing = Vec::new();
    for (at, props) in &all {
        for p in props {
            if !seen.get(at).is_some_and(|s| s.contains(p)) {
                missing.push(format!("{at}: {p}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "fields the example does not set:\n{}",
        missing.join("\n")
    );
}

#[test]
fn a_bom_and_crlf_line_ends_do_not_shift_positions() {
    let (code, out) = check_bytes(
        "bom.yaml",
        "\u{feff}project:\r\n  name: café\r\n  nmae: y\r\n".as_bytes(),
    );
    assert_eq!(code, 1);
    assert!(out.contains("bom.yaml:3:3: error[unknown-key]"), "{out}");
    let (code, out) = check_bytes(
        "bom2.yaml",
        "\u{feff}project: {name: é, nmae: y}\n".as_bytes(),
    );
    assert_eq!(code, 1);
    assert!(out.contains("bom2.yaml:1:20: error[unknown-key]"), "{out}");
}
