//! CLI manners: completions, man pages, the `init` modeline, links that
//! resolve inside the repository, and `check` messages that say the fix.

use std::path::Path;

use crate::support::{fixtures, planforge, rel, root};

#[test]
fn completions_are_printed_for_every_supported_shell() {
    for (shell, marker) in [
        ("bash", "complete -F _planforge"),
        ("zsh", "#compdef planforge"),
        ("fish", "complete -c planforge"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[planforge]"),
    ] {
        let out = planforge().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(marker), "{shell} script lacks `{marker}`");
        for sub in ["compile", "lint", "diff", "deny-warnings"] {
            assert!(text.contains(sub), "{shell} script does not complete {sub}");
        }
    }
    let out = planforge().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("possible values"));
}

#[test]
fn man_writes_one_deterministic_page_per_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("man1");
    planforge()
        .args(["man", "--dir"])
        .arg(&pages)
        .assert()
        .success();
    let mut names: Vec<String> = std::fs::read_dir(&pages)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let expected = [
        "planforge-check.1",
        "planforge-compile.1",
        "planforge-completions.1",
        "planforge-diff.1",
        "planforge-init.1",
        "planforge-lint.1",
        "planforge-man.1",
        "planforge-schema.1",
        "planforge-templates-export.1",
        "planforge-templates-list.1",
        "planforge-templates.1",
        "planforge.1",
    ];
    for page in expected {
        assert!(names.iter().any(|n| n == page), "{page} missing: {names:?}");
    }
    let lint = std::fs::read_to_string(pages.join("planforge-lint.1")).unwrap();
    assert!(lint.starts_with(".ie") || lint.contains(".TH planforge-lint 1"));
    assert!(lint.contains("deny\\-warnings"), "options are documented");
    // No date, no absolute path: the same bytes on every run.
    let top = planforge().arg("man").output().unwrap();
    assert!(top.status.success());
    assert_eq!(
        top.stdout,
        std::fs::read(pages.join("planforge.1")).unwrap()
    );
    assert!(!String::from_utf8_lossy(&top.stdout).contains(&*root().to_string_lossy()));
}

#[test]
fn init_writes_an_offline_modeline_and_the_schema_beside_the_spec() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("plan.yaml");
    planforge().arg("init").arg(&spec).assert().success();
    let text = std::fs::read_to_string(&spec).unwrap();
    assert_eq!(
        text.lines().next(),
        Some("# yaml-language-server: $schema=planforge.schema.json")
    );
    let committed = std::fs::read_to_string(root().join("schemas/planforge.schema.json")).unwrap();
    let written = std::fs::read_to_string(dir.path().join("planforge.schema.json")).unwrap();
    assert_eq!(written, committed);
    // A second spec in the same directory reuses the schema unchanged.
    planforge()
        .arg("init")
        .arg(dir.path().join("other.yaml"))
        .assert()
        .success();
    planforge().arg("check").arg(&spec).assert().success();
}

#[test]
fn init_schema_path_is_relative_to_the_spec_and_a_foreign_file_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("specs")).unwrap();
    let spec = dir.path().join("specs/plan.yaml");
    planforge()
        .arg("init")
        .arg(&spec)
        .args(["--schema", "../schemas/spec.json"])
        .assert()
        .failure(); // ../schemas does not exist yet
    std::fs::create_dir(dir.path().join("schemas")).unwrap();
    planforge()
        .arg("init")
        .arg(&spec)
        .args(["--schema", "../schemas/spec.json"])
        .assert()
        .success();
    assert!(std::fs::read_to_string(&spec)
        .unwrap()
        .starts_with("# yaml-language-server: $schema=../schemas/spec.json\n"));
    assert!(dir.path().join("schemas/spec.json").is_file());

    std::fs::write(dir.path().join("mine.json"), "{\"title\": \"not ours\"}").unwrap();
    let out = planforge()
        .arg("init")
        .arg(dir.path().join("b.yaml"))
        .args(["--schema", "mine.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not planforge's schema"));
    assert!(!dir.path().join("b.yaml").exists());
}

#[test]
fn init_uses_a_url_only_when_asked_with_schema_url() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("plan.yaml");
    planforge()
        .arg("init")
        .arg(&spec)
        .arg("--schema-url")
        .assert()
        .success();
    let first = std::fs::read_to_string(&spec).unwrap();
    let url = first.lines().next().unwrap();
    assert_eq!(
        url,
        format!(
            "# yaml-language-server: $schema={}",
            planforge::links::SPEC_SCHEMA_URL
        )
    );
    assert!(!dir.path().join("planforge.schema.json").exists());
    // A bare `--schema-url` does not swallow the spec path after it.
    let before = dir.path().join("before.yaml");
    planforge()
        .current_dir(dir.path())
        .args(["init", "--schema-url", "before.yaml"])
        .assert()
        .success();
    assert!(before.is_file());
    let custom = dir.path().join("custom.yaml");
    planforge()
        .arg("init")
        .arg(&custom)
        .arg("--schema-url=https://example.com/planforge.json")
        .assert()
        .success();
    assert!(std::fs::read_to_string(&custom)
        .unwrap()
        .starts_with("# yaml-language-server: $schema=https://example.com/planforge.json\n"));
    let out = planforge()
        .arg("init")
        .arg(dir.path().join("c.yaml"))
        .args(["--schema", "https://example.com/s.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--schema-url"));
}

/// A repository URL → the file (and heading) it names, which must exist.
fn assert_resolves(url: &str) {
    let repo = planforge::links::REPOSITORY;
    let rest = url
        .strip_prefix(&format!("{repo}/blob/main/"))
        .or_else(|| url.strip_prefix(&format!("{repo}/raw/main/")))
        .unwrap_or_else(|| panic!("{url} is not a file of {repo}"));
    let (path, anchor) = rest.split_once('#').unwrap_or((rest, ""));
    let file = root().join(path);
    assert!(file.is_file(), "{url}: {path} does not exist");
    if !anchor.is_empty() {
        let text = std::fs::read_to_string(&file).unwrap();
        let slugs: Vec<String> = text
            .lines()
            .filter(|l| l.starts_with('#'))
            .map(|l| github_slug(l.trim_start_matches('#')))
            .collect();
        assert!(
            slugs.iter().any(|s| s == anchor),
            "{url}: no heading #{anchor}"
        );
    }
}

/// GitHub's heading anchor: lower case, spaces to `-`, punctuation dropped.
fn github_slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

#[test]
fn repository_links_point_at_files_that_exist() {
    let cargo = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    assert!(cargo.contains(&format!(
        "repository = \"{}\"",
        planforge::links::REPOSITORY
    )));
    assert_resolves(planforge::links::SPEC_SCHEMA_URL);
    assert_resolves(planforge::links::MANIFEST_SCHEMA_URL);
    assert_resolves(planforge::links::PLAN_SCHEMA_URL);
    for schema in ["planforge.schema.json", "planforge-manifest.schema.json"] {
        let text = std::fs::read_to_string(root().join("schemas").join(schema)).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let id = v["$id"].as_str().unwrap();
        assert!(id.ends_with(&format!("/schemas/{schema}")), "{id}");
        assert_resolves(id);
    }
}

#[test]
fn sarif_help_links_resolve_for_lint_rules_and_other_rules() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("plan.md"),
        "# Plan\n\nOwner: [OWNER_NAME]\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("binary.md"), b"\x00\x01\x02\xff").unwrap();
    let out = planforge()
        .current_dir(dir.path())
        .args(["lint", "--format", "sarif", "."])
        .output()
        .unwrap();
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let driver = &sarif["runs"][0]["tool"]["driver"];
    assert_eq!(driver["informationUri"], planforge::links::REPOSITORY);
    let rules = driver["rules"].as_array().unwrap();
    assert!(rules.len() >= 2, "{rules:?}");
    for rule in rules {
        assert_resolves(rule["helpUri"].as_str().unwrap());
    }
}

/// The issue's report: four gates missing keys gave 20 errors at one spot.
#[test]
fn each_mapping_gets_one_error_listing_all_of_its_missing_keys() {
    let out = planforge()
        .args([
            "check",
            "--format",
            "json",
            "tests/fixtures/check/invalid/missing-gate-keys.yaml",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let diags = v["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 4, "one per gate: {diags:?}");
    let lines: Vec<u64> = diags.iter().map(|d| d["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, [23, 25, 28, 30]);
    let second = diags[1]["message"].as_str().unwrap();
    assert!(second.starts_with("missing required keys `trigger`, `criteria`"));
    assert!(!second.contains("`agent`"), "QG002 sets agent: {second}");
}

#[test]
fn type_errors_carry_the_accepted_form_and_an_example_from_the_value() {
    let out = planforge()
        .args([
            "check",
            "--format",
            "json",
            "tests/fixtures/check/invalid/wrong-types.yaml",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let help = |line: u64| -> String {
        let d = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["line"] == line)
            .unwrap_or_else(|| panic!("no diagnostic on line {line}"));
        d["help"].as_str().unwrap_or_default().to_string()
    };
    assert_eq!(help(14), "write a duration such as `2d`, `4h` or `30m`");
    assert_eq!(
        help(23),
        "write a probability between 0 and 1, such as `0.4`"
    );
    assert_eq!(help(5), "write the date as `YYYY-MM-DD`: `2026-05-04`");
    assert_eq!(help(8), "quote it to keep it as text: `\"1\"`");
}

#[test]
fn a_tab_is_reported_at_its_own_line_and_column() {
    let out = planforge()
        .args([
            "check",
            "--format",
            "json",
            "tests/fixtures/check/invalid/yaml-tab.yaml",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &v["diagnostics"][0];
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(11), Some(1))
    );
    assert!(d["message"]
        .as_str()
        .unwrap()
        .contains("YAML indents with spaces"));
}

#[test]
fn errors_in_one_file_are_sorted_by_position() {
    for case in fixtures("tests/fixtures/check/invalid", "yaml") {
        let out = planforge()
            .args(["check", "--format", "json", &rel(&case)])
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let positions: Vec<(u64, u64)> = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()))
            .collect();
        let mut sorted = positions.clone();
        sorted.sort();
        assert_eq!(positions, sorted, "{}", Path::new(&case).display());
    }
}

#[test]
fn links_in_readme_and_docs_point_at_files_that_exist() {
    let mut docs = vec![root().join("README.md")];
    docs.extend(fixtures("docs", "md"));
    let link = regex::Regex::new(r"\]\(([^)\s]+)\)").unwrap();
    for doc in docs {
        let text = std::fs::read_to_string(&doc).unwrap();
        for cap in link.captures_iter(&text) {
            let target = &cap[1];
            if target.starts_with(planforge::links::REPOSITORY) && target.contains("/main/") {
                assert_resolves(target);
            } else if !target.contains("://")
                && !target.starts_with('#')
                && !target.starts_with("mailto:")
            {
                let path = target.split('#').next().unwrap_or_default();
                let file = doc.parent().unwrap().join(path);
                assert!(
                    file.exists(),
                    "{}: link to {target} does not resolve",
                    rel(&doc)
                );
            }
        }
    }
}
