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
    specs.push(HOSTILE.into());
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
    specs.push(HOSTILE.into());
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
