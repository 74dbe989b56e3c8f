//! Truthful compiled documents: hostile names survive into every chart,
//! the charts parse with the real Mermaid parser and the documents pass
//! markdownlint (both when `node` and `scripts/node_modules` are present),
//! no sentence is addressed to the spec's author, defaults are reported
//! (`default-content`, `compile --strict`) and listed in the provenance
//! appendix, approvals without a signer are pending, and spec text keeps
//! its paragraphs, list items and characters.

use std::path::Path;
use std::process::Command;

use crate::support::{assert_golden, examples, planforge, rel, root};

const HOSTILE: &str = "tests/fixtures/compile/hostile-names.yaml";
const TEXT: &str = "tests/fixtures/compile/text-fidelity.yaml";

fn compile(spec: &str, out: &Path, extra: &[&str]) -> std::process::Output {
    planforge()
        .args(["compile", spec, "-o"])
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

/// Every compiled Markdown document of every example, of the hostile-names
/// fixture and of the seed-002 block, as (name, text).
fn compiled_documents() -> Vec<(String, String)> {
    let mut specs: Vec<String> = examples().iter().map(|p| rel(p)).collect();
    specs.extend([HOSTILE.to_string(), TEXT.to_string()]);
    let mut docs = Vec::new();
    let dir = tempfile::tempdir().unwrap();
    for (i, spec) in specs.iter().enumerate() {
        let out = dir.path().join(i.to_string());
        let o = compile(spec, &out, &[]);
        assert!(
            o.status.success(),
            "{spec}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        docs.extend(markdown_under(&out, spec));
    }
    let out = dir.path().join("seed-002");
    let o = compile(
        "tests/fixtures/seed-002-configuration.yaml",
        &out,
        &["--root", "tests/fixtures/iterations/seed-root"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    docs.extend(markdown_under(&out, "seed-002"));
    docs
}

fn markdown_under(dir: &Path, label: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                let name = format!("{label}: {}", p.strip_prefix(dir).unwrap().display());
                out.push((name, std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn hostile_names_compile_to_their_golden_output() {
    let dir = tempfile::tempdir().unwrap();
    let o = compile(HOSTILE, dir.path(), &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in [
        "execution-orchestration-framework.md",
        "pact-action-phase.md",
        "manifest.json",
    ] {
        let text = std::fs::read_to_string(dir.path().join(f)).unwrap();
        assert_golden(format!("golden/hostile-names/{f}"), &text);
    }
}

#[test]
fn hostile_names_keep_every_gantt_line_a_task() {
    let dir = tempfile::tempdir().unwrap();
    assert!(compile(HOSTILE, dir.path(), &[]).status.success());
    let doc =
        std::fs::read_to_string(dir.path().join("execution-orchestration-framework.md")).unwrap();
    let gantt = doc.split("```mermaid\ngantt\n").nth(1).unwrap();
    let gantt = &gantt[..gantt.find("```").unwrap()];
    for line in gantt.lines().filter(|l| l.contains(" : ")) {
        let title = line.trim_start();
        for kw in [
            "click",
            "section",
            "title",
            "excludes",
            "todayMarker",
            "dateFormat",
        ] {
            assert!(
                !title.starts_with(kw),
                "a task line starts with `{kw}`: {line}"
            );
        }
        assert!(
            !title.contains('№') && !title.contains('∶'),
            "look-alike characters: {line}"
        );
        let text = without_entities(&title[..title.find(" : ").unwrap()]);
        assert!(
            !text.contains([':', ';', '"', '<', '>', '#']),
            "raw syntax in a task title: {line}"
        );
    }
    assert_eq!(gantt.lines().filter(|l| l.contains(" : ")).count(), 6);
}

/// `text` without Mermaid entity codes (`#35;`, `#quot;`).
fn without_entities(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find('#') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let name = after
            .find(';')
            .filter(|&j| j > 0 && after[..j].chars().all(|c| c.is_ascii_alphanumeric()));
        match name {
            Some(j) => rest = &after[j + 1..],
            None => {
                out.push('#');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Runs one of the node scripts under `scripts/` on `args`, when node and
/// the scripts' packages are installed (`npm ci` in `scripts/`); returns
/// `None` when they are not.
fn node_script(script: &str, args: &[&Path]) -> Option<std::process::Output> {
    let scripts = root().join("scripts");
    if !scripts.join("node_modules").is_dir() {
        eprintln!("skipped {script}: run `npm ci` in scripts/ to enable it");
        return None;
    }
    match Command::new("node")
        .arg(scripts.join(script))
        .args(args)
        .output()
    {
        Ok(o) => Some(o),
        Err(e) => {
            eprintln!("skipped {script}: node not available ({e})");
            None
        }
    }
}

fn compiled_dirs_with_hostile(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut dirs = Vec::new();
    let mut specs: Vec<String> = examples().iter().map(|p| rel(p)).collect();
    specs.extend([HOSTILE.to_string(), TEXT.to_string()]);
    for (i, spec) in specs.iter().enumerate() {
        let out = dir.join(i.to_string());
        assert!(compile(spec, &out, &[]).status.success(), "{spec}");
        dirs.push(out);
    }
    let out = dir.join("seed-002");
    let o = compile(
        "tests/fixtures/seed-002-configuration.yaml",
        &out,
        &["--root", "tests/fixtures/iterations/seed-root"],
    );
    assert!(o.status.success());
    dirs.push(out);
    dirs
}

#[test]
fn every_mermaid_block_parses_with_the_real_mermaid_parser() {
    let dir = tempfile::tempdir().unwrap();
    let dirs = compiled_dirs_with_hostile(dir.path());
    let mut args: Vec<&Path> = dirs.iter().map(|d| d.as_path()).collect();
    let golden = root().join("golden");
    args.push(&golden);
    if let Some(o) = node_script("check-mermaid.mjs", &args) {
        let stdout = String::from_utf8_lossy(&o.stdout);
        assert!(
            o.status.success(),
            "{stdout}{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

#[test]
fn every_compiled_document_passes_markdownlint() {
    let dir = tempfile::tempdir().unwrap();
    let dirs = compiled_dirs_with_hostile(dir.path());
    let args: Vec<&Path> = dirs.iter().map(|d| d.as_path()).collect();
    if let Some(o) = node_script("check-markdownlint.mjs", &args) {
        let stdout = String::from_utf8_lossy(&o.stdout);
        assert!(
            o.status.success(),
            "{stdout}{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

/// Sentences that speak to whoever writes the spec, not to the team that
/// reads the plan.
const AUTHOR_FACING: &[&str] = &[
    "to the spec",
    "in the spec:",
    "the spec has no",
    "set `",
    "add `",
    "not set in the spec",
    "define the order of task execution",
    "define conditions that activate",
    "compile again",
];

#[test]
fn no_compiled_document_addresses_the_author_of_the_spec() {
    let mut found = Vec::new();
    for (name, text) in compiled_documents() {
        for (n, line) in text.lines().enumerate() {
            let lower = line.to_lowercase();
            for p in AUTHOR_FACING {
                if lower.contains(p) {
                    found.push(format!("{name}:{}: `{p}` in {line}", n + 1));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "{} lines:\n{}",
        found.len(),
        found.join("\n")
    );
}

fn check_json(spec: &str) -> serde_json::Value {
    let out = planforge()
        .args(["check", "--format", "json", spec])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

fn default_content(report: &serde_json::Value) -> Vec<serde_json::Value> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "default-content")
        .cloned()
        .collect()
}

#[test]
fn check_warns_for_each_section_left_to_a_default_at_its_parent_mapping() {
    let found = default_content(&check_json("examples/starter.yaml"));
    let philosophy = found
        .iter()
        .find(|d| {
            d["message"]
                .as_str()
                .unwrap()
                .contains("`Orchestration Philosophy`")
        })
        .expect("a warning for the philosophy");
    assert_eq!(philosophy["severity"], "warning");
    assert!(philosophy["message"]
        .as_str()
        .unwrap()
        .contains("`project.philosophy` is not set"));
    // `project:` is written on line 7; its mapping starts on line 8.
    assert_eq!(philosophy["line"], 8);
    let phases = found
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("`phases`"))
        .expect("a warning for the phases");
    let message = phases["message"].as_str().unwrap();
    assert!(
        message.contains("`Workflow Architecture`")
            && message.contains("`Implementation Sequence`")
    );
    assert!(message.contains("seed 001"), "{message}");
    // Computed sections are not defaults.
    assert!(!found.iter().any(|d| d["message"]
        .as_str()
        .unwrap()
        .contains("Parallel Execution Streams")));
}

#[test]
fn a_spec_setting_every_field_has_no_default_content() {
    assert_eq!(
        default_content(&check_json("examples/oauth2-api.yaml")),
        Vec::<serde_json::Value>::new()
    );
}

#[test]
fn a_partly_written_block_names_the_fields_it_leaves_unset() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("partial.yaml");
    std::fs::write(
        &spec,
        "project:\n  name: Partial\npact:\n  emergency:\n    agent_failure: Page the on-call engineer\n",
    )
    .unwrap();
    let found = default_content(&check_json(spec.to_str().unwrap()));
    let emergency = found
        .iter()
        .find(|d| {
            d["message"]
                .as_str()
                .unwrap()
                .contains("Emergency Coordination Protocols")
        })
        .unwrap();
    let message = emergency["message"].as_str().unwrap();
    assert!(
        message.contains("`quality_crisis`") && !message.contains("`agent_failure`"),
        "{message}"
    );
    // Located at the `emergency` mapping the spec writes (line 5).
    assert_eq!(emergency["line"], 5);
}

#[test]
fn compile_strict_refuses_defaults_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = compile("examples/starter.yaml", &out, &["--strict"]);
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("default-content") && stderr.contains("--strict"),
        "{stderr}"
    );
    assert!(!out.exists() || std::fs::read_dir(&out).unwrap().next().is_none());
    let o = compile("examples/oauth2-api.yaml", &out, &["--strict"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

fn compiled(spec: &str, doc: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let o = compile(spec, dir.path(), &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    std::fs::read_to_string(dir.path().join(doc)).unwrap()
}

const JAEGIS: &str = "execution-orchestration-framework.md";
const PACT: &str = "pact-action-phase.md";

#[test]
fn the_provenance_appendix_gives_every_section_its_source() {
    let starter = compiled("examples/starter.yaml", JAEGIS);
    let appendix = &starter[starter.find("## Provenance").unwrap()..];
    for row in [
        "| Orchestration Overview | spec: `project.overview` |",
        "| Orchestration Philosophy | default: planforge |",
        "| Workflow Architecture | default: seed 001 |",
        "| Parallel Execution Streams | computed: streams of the task graph |",
    ] {
        assert!(appendix.contains(row), "missing {row}");
    }
    // The body marks the default it uses.
    assert!(starter.contains(
        "### Orchestration Philosophy\n\n*Default (planforge): not decided for this project.*"
    ));
    let pact = compiled("examples/starter.yaml", PACT);
    assert!(pact.contains("| Reallocation Triggers | default: seed 003 |"));
    for doc in [JAEGIS, PACT] {
        let text = compiled("examples/oauth2-api.yaml", doc);
        let appendix = &text[text.find("## Provenance").unwrap()..];
        assert!(!appendix.contains("| default:"), "{doc}: {appendix}");
        assert!(!text.contains("*Default ("), "{doc} marks a default");
    }
}

#[test]
fn approvals_without_a_signer_or_date_are_pending() {
    let starter = compiled("examples/starter.yaml", JAEGIS);
    assert!(!starter.contains("Generated by planforge"));
    assert!(starter.contains(
        "| **Lead Orchestrator** | Chunky (Task Decomposition & Execution Specialist) | Pending | Pending | None |"
    ));
    assert!(starter.contains("| **Project Sponsor** | Not assigned | Pending | Pending | None |"));
    let text = compiled("tests/fixtures/compile/text-fidelity.yaml", JAEGIS);
    assert!(
        text.contains("| **Project Sponsor** | Dana Whitfield | Approved | 2026-04-03 | None |")
    );
    assert!(text.contains("| **Technical Lead** | Omar Haddad | Pending | Pending | None |"));
}

#[test]
fn without_a_reflection_all_six_subsections_say_it_comes_after_execution() {
    let pact = compiled("examples/starter.yaml", PACT);
    let reflection =
        &pact[pact.find("## Reflection").unwrap()..pact.find("## Provenance").unwrap()];
    assert_eq!(reflection.matches("\n### ").count(), 6, "{reflection}");
    assert_eq!(reflection.matches("Recorded after execution.").count(), 6);
}

#[test]
fn spec_text_keeps_its_paragraphs_list_items_characters_and_names() {
    let spec = "tests/fixtures/compile/text-fidelity.yaml";
    let jaegis = compiled(spec, JAEGIS);
    // The `#` is escaped so it is not taken for the heading's closing sequence.
    assert!(jaegis.starts_with("# Execution Orchestration Framework: Sprint \\#\n"));
    assert_eq!(
        crate::gfm::headings(&jaegis)[0],
        (1, "Execution Orchestration Framework: Sprint #".to_string())
    );
    assert!(jaegis.contains(
        "First paragraph explains scope.\n\nSecond paragraph lists:\n\n- item one\n- item two\n"
    ));
    // In a table cell, paragraphs and items survive as line breaks.
    assert!(
        jaegis.contains("| Row counts match.<br><br>\\- no orphaned rows<br>\\- indexes rebuilt |")
    );
    // The escalation names the agent, not its id.
    assert!(jaegis.contains("| 100% of rows | Priya (Database) |"));
    assert!(jaegis.contains("from 1 agent and 0 dependencies"));
    let pact = compiled(spec, PACT);
    assert!(pact.contains("**Agent Ecosystem**: 1 agent coordinated by"));
    // No empty YAML lists are printed.
    assert!(!jaegis.contains(": []"));
}
