//! `lint --template` and `[[lint.templates]]`: a team's own template as a
//! checked kind.

use crate::support::{planforge, root};

const TEMPLATE: &str = "tests/fixtures/lint/templates/installer-tmpl.md";
const FILLED: &str = "tests/fixtures/lint/templates/installer-filled.md";

fn findings(out: &std::process::Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.contains(": error[") || l.contains(": warning["))
        .map(str::to_string)
        .collect()
}

#[test]
fn template_tokens_left_anywhere_and_missing_template_sections_are_errors() {
    let out = planforge()
        .args(["lint", "--no-config", "--template", TEMPLATE, FILLED])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let f = findings(&out);
    let shown: Vec<&str> = f.iter().map(|l| l.split_once(": ").unwrap().1).collect();
    assert_eq!(
        shown,
        [
            "error[placeholder]: unfilled placeholder `[CRITERIA]`",
            "error[missing-section]: missing section `## Install Script` under `# Installer Guide: Atlas CLI` (required by the tests/fixtures/lint/templates/installer-tmpl.md manifest)",
            "error[placeholder]: unfilled placeholder `{{app_name}}`",
        ],
        "{f:#?}"
    );
    // In a document with no other sign of being a template, the spaced YAML
    // expression is only a leftover because the template says it is a slot.
    let text = std::fs::read_to_string(root().join(FILLED))
        .unwrap()
        .replace("[CRITERIA]", "all smoke tests pass");
    let lint = |args: &[&str]| {
        planforge()
            .args(["lint", "--no-config"])
            .args(args)
            .arg("-")
            .write_stdin(text.clone())
            .output()
            .unwrap()
    };
    let f = findings(&lint(&["--template", TEMPLATE]));
    assert_eq!(f.len(), 2, "{f:#?}");
    assert!(
        f[1].ends_with("error[placeholder]: unfilled placeholder `{{ app_name }}` from the template `tests/fixtures/lint/templates/installer-tmpl.md`"),
        "{f:#?}"
    );
    assert_eq!(findings(&lint(&[])), Vec::<String>::new());
}

#[test]
fn a_fully_filled_document_passes_its_template() {
    let text = std::fs::read_to_string(root().join(FILLED))
        .unwrap()
        .replace("[CRITERIA]", "all smoke tests pass")
        .replace("{{ app_name }}", "atlas")
        .replace(
            "## Manifest",
            "## Install Script\n\n```bash\nAPP_NAME=atlas\n```\n\n## Manifest",
        );
    let out = planforge()
        .args(["lint", "--no-config", "--template", TEMPLATE, "-"])
        .write_stdin(text)
        .output()
        .unwrap();
    assert_eq!(findings(&out), Vec::<String>::new());
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn planforge_toml_maps_globs_to_templates() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir_all(p.join("tmpl")).unwrap();
    std::fs::create_dir_all(p.join("docs/install")).unwrap();
    std::fs::copy(root().join(TEMPLATE), p.join("tmpl/installer.md")).unwrap();
    std::fs::copy(root().join(FILLED), p.join("docs/install/atlas.md")).unwrap();
    std::fs::write(
        p.join("planforge.toml"),
        "[[lint.templates]]\ntemplate = \"tmpl/installer.md\"\npaths = [\"**/docs/install/*.md\"]\n",
    )
    .unwrap();
    let out = planforge()
        .current_dir(p)
        .args(["lint", "docs"])
        .output()
        .unwrap();
    let f = findings(&out);
    assert_eq!(f.len(), 3, "{f:#?}");
    assert!(
        f[1].contains("required by the tmpl/installer.md manifest"),
        "{f:#?}"
    );
    // A template that cannot be read is a usage error naming it.
    std::fs::write(
        p.join("planforge.toml"),
        "[[lint.templates]]\ntemplate = \"tmpl/missing.md\"\npaths = [\"**/*.md\"]\n",
    )
    .unwrap();
    let out = planforge()
        .current_dir(p)
        .args(["lint", "docs"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("tmpl/missing.md"));
}
