//! Seeds 000 (JAEGIS) and 003 (PACT) filled from a completed skeleton: no
//! leftover for lint, every heading kept, golden output; the skeleton's
//! JSON Schema accepts the completed file and rejects the empty one.

use std::sync::Arc;

use planforge::diagnostics::SourceFile;
use planforge::lint::{LintConfig, Linter, MdDoc};
use serde_json::Value;

use crate::support::{assert_golden, planforge, root};

pub const SEEDS: &[&str] = &["000-jaegis-framework", "003-pact-action-phase"];

/// The rules that say a document was not filled.
const LEFTOVER_RULES: &[&str] = &["placeholder", "llm-directive", "template-markup"];

/// Panics if lint finds a leftover of a template in `doc`.
pub fn assert_lint_clean(name: &str, doc: &str) {
    let linter = Linter::new(LintConfig::default(), None).expect("default linter");
    let file = Arc::new(SourceFile::new(format!("{name}.md"), doc.to_string()));
    let left: Vec<String> = linter
        .lint_file(&file, None)
        .into_iter()
        .filter(|d| LEFTOVER_RULES.contains(&d.rule.as_ref()))
        .map(|d| format!("{}:{}: {}", d.start().line, d.rule, d.message))
        .collect();
    assert!(
        left.is_empty(),
        "{name}: lint finds leftovers:\n{}",
        left.join("\n")
    );
}

/// The skeleton of `template` (a path relative to the root).
pub fn skeleton(template: &str) -> String {
    let out = planforge()
        .args(["fill", template, "--skeleton"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 skeleton")
}

/// The skeleton with every "" filled with text naming its key, every
/// boolean true and every list given two items.
pub fn complete(skeleton_yaml: &str) -> Value {
    let file = Arc::new(SourceFile::new("values.yaml", skeleton_yaml.to_string()));
    let loaded = planforge::spec::yaml::load(&file).expect("the skeleton is valid YAML");
    let mut value = loaded.value;
    fill_value(&mut value, "value");
    value
}

fn fill_value(v: &mut Value, key: &str) {
    match v {
        Value::String(s) if s.is_empty() => *s = format!("Filled {}", key.replace('_', " ")),
        Value::Bool(b) => *b = true,
        Value::Object(map) => {
            for (k, item) in map.iter_mut() {
                fill_value(item, k);
            }
        }
        Value::Array(items) => {
            if let Some(first) = items.first().cloned() {
                items.push(first);
            }
            for (i, item) in items.iter_mut().enumerate() {
                fill_value(item, &format!("{key} {}", i + 1));
            }
        }
        _ => {}
    }
}

fn write_values(name: &str, values: &Value) -> tempfile::TempPath {
    let mut f = tempfile::Builder::new()
        .prefix(name)
        .suffix(".json")
        .tempfile()
        .expect("temp file");
    std::io::Write::write_all(&mut f, values.to_string().as_bytes()).expect("write values");
    f.into_temp_path()
}

fn headings(text: &str) -> Vec<(u8, String)> {
    MdDoc::parse(text)
        .headings
        .into_iter()
        .map(|h| (h.level, h.title))
        .collect()
}

#[test]
fn seeds_filled_from_a_completed_skeleton_leave_nothing_for_lint_and_keep_every_heading() {
    for seed in SEEDS {
        let template = format!("tests/fixtures/fill/seeds/{seed}.md");
        let skel = skeleton(&template);
        assert_golden(format!("golden/fill/seeds/{seed}.values.yaml"), &skel);
        let values = write_values(seed, &complete(&skel));
        let out = planforge()
            .args(["fill", &template, "--values"])
            .arg(&values)
            .output()
            .expect("runs");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let doc = String::from_utf8(out.stdout).expect("utf-8 output");
        assert_lint_clean(seed, &doc);
        let source = std::fs::read_to_string(root().join(&template)).expect("seed");
        let (before, after) = (headings(&source), headings(&doc));
        assert_eq!(before.len(), after.len(), "{seed}: headings lost or added");
        for (b, a) in before.iter().zip(&after) {
            assert_eq!(b.0, a.0, "{seed}: heading level changed: {b:?} → {a:?}");
            if !b.1.contains(['[', '{']) {
                assert_eq!(b.1, a.1, "{seed}: heading changed");
            }
        }
        // `.txt`: the filled seed keeps the template's own quirks (two H1s, hard
        // breaks), which the compile suite's checks of `golden/**/*.md` reject.
        assert_golden(format!("golden/fill/seeds/{seed}.filled.txt"), &doc);
    }
}

#[test]
fn the_skeleton_schema_accepts_the_completed_skeleton_and_rejects_the_empty_one() {
    for seed in SEEDS {
        let template = format!("tests/fixtures/fill/seeds/{seed}.md");
        let out = planforge()
            .args(["fill", &template, "--skeleton", "--format", "schema"])
            .output()
            .expect("runs");
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).expect("utf-8");
        assert_golden(format!("golden/fill/seeds/{seed}.schema.json"), &text);
        let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
        let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
        let skel = skeleton(&template);
        assert!(
            validator.is_valid(&complete(&skel)),
            "{seed}: completed skeleton rejected"
        );
        let file = Arc::new(SourceFile::new("v.yaml", skel));
        let empty = planforge::spec::yaml::load(&file).expect("yaml").value;
        assert!(
            !validator.is_valid(&empty),
            "{seed}: empty skeleton accepted"
        );
        let mut extra = complete(&file.text);
        extra["projct_name"] = Value::from("typo");
        assert!(!validator.is_valid(&extra), "{seed}: unknown key accepted");
    }
}

#[test]
fn filling_an_already_filled_seed_changes_nothing() {
    let seed = SEEDS[0];
    let template = format!("tests/fixtures/fill/seeds/{seed}.md");
    let values = write_values(seed, &complete(&skeleton(&template)));
    let first = planforge()
        .args(["fill", &template, "--values"])
        .arg(&values)
        .output()
        .expect("runs");
    assert!(first.status.success());
    let mut filled = tempfile::NamedTempFile::new().expect("temp");
    std::io::Write::write_all(&mut filled, &first.stdout).expect("write");
    let second = planforge()
        .arg("fill")
        .arg(filled.path())
        .arg("--values")
        .arg(&values)
        .output()
        .expect("runs");
    assert_eq!(
        second.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    assert_eq!(second.stdout, first.stdout);
}
