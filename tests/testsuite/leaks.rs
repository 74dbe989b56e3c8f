//! No leaked internals: every subcommand's error paths print messages for
//! people, never temporary file names, Rust type names or debug formatting.

use std::path::Path;

use crate::support::{planforge, root};

/// Text that only a program's internals produce.
const LEAKS: &[&str] = &[
    ".tmp", "::", "Error {", "Os {", "kind: ", "Some(", "None)", "Ok(", "Err(", "\\\"", "{:?}",
];

/// Sets up a scratch directory with the broken inputs the cases use.
fn scratch() -> tempfile::TempDir {
    // Not `tempdir()`: its `.tmpXXXXXX` name would look like a leak.
    let dir = tempfile::Builder::new()
        .prefix("planforge-leaks-")
        .tempdir()
        .unwrap();
    let d = dir.path();
    std::fs::write(d.join("afile"), "not a directory\n").unwrap();
    std::fs::write(d.join("empty.yaml"), "").unwrap();
    std::fs::write(d.join("binary.yaml"), b"\xff\xfe\x00\x01binary").unwrap();
    std::fs::write(d.join("bad.yaml"), "project:\n  name: [unclosed\n").unwrap();
    std::fs::write(d.join("plan.md"), "# Plan\n\nOwner: [OWNER_NAME]\n").unwrap();
    std::fs::create_dir(d.join("tpl")).unwrap();
    std::fs::write(
        d.join("tpl/execution-orchestration-framework.md"),
        "# {{ project.name }\n",
    )
    .unwrap();
    std::fs::create_dir(d.join("badconfig")).unwrap();
    std::fs::write(d.join("badconfig/planforge.toml"), "[lint\n").unwrap();
    std::fs::write(d.join("badconfig/a.md"), "# A\n").unwrap();
    dir
}

/// (working directory below the scratch dir, arguments) of a failing run.
fn cases(root_dir: &Path) -> Vec<(&'static str, Vec<String>)> {
    let starter = root_dir.join("examples/starter.yaml").display().to_string();
    let s = |v: &[&str]| v.iter().map(|a| a.to_string()).collect::<Vec<_>>();
    vec![
        (".", s(&["init", "/nonexistent/dir/p.yaml"])),
        (".", s(&["init", "afile"])),
        (".", s(&["init", "afile/p.yaml"])),
        (
            ".",
            s(&["init", "x.yaml", "--schema", "https://example.com/s.json"]),
        ),
        (".", s(&["init", "y.yaml", "--schema", "afile/s.json"])),
        (".", s(&["check", "missing.yaml"])),
        (".", s(&["check", "."])),
        (".", s(&["check", "empty.yaml", "binary.yaml", "bad.yaml"])),
        (".", s(&["compile", "missing.yaml", "-o", "out"])),
        (".", s(&["compile", "bad.yaml", "-o", "out"])),
        (
            ".",
            vec![
                "compile".into(),
                starter.clone(),
                "-o".into(),
                "afile".into(),
            ],
        ),
        (
            ".",
            vec![
                "compile".into(),
                starter.clone(),
                "-o".into(),
                "afile/sub".into(),
            ],
        ),
        (
            ".",
            vec![
                "compile".into(),
                starter.clone(),
                "-o".into(),
                "o1".into(),
                "--templates".into(),
                "nodir".into(),
            ],
        ),
        (
            ".",
            vec![
                "compile".into(),
                starter.clone(),
                "-o".into(),
                "o2".into(),
                "--templates".into(),
                "tpl".into(),
            ],
        ),
        (".", s(&["lint", "missing.md"])),
        (".", s(&["lint", "--explain", "no-such-rule"])),
        (".", s(&["lint", "--kind", "no-such-kind", "plan.md"])),
        ("badconfig", s(&["lint", "."])),
        (".", s(&["diff", "missing.yaml", "empty.yaml"])),
        (".", s(&["diff", "binary.yaml", "empty.yaml"])),
        (".", s(&["diff", "HEAD~9999:plan.yaml", "plan.md"])),
        (".", s(&["templates", "export", "afile"])),
        (".", s(&["schema", "--no-such-flag"])),
        (".", s(&["man", "--dir", "afile/man1"])),
        (".", s(&["completions", "tcsh"])),
        (".", s(&["no-such-command"])),
    ]
}

#[test]
fn error_messages_of_every_subcommand_show_no_internals() {
    let dir = scratch();
    for (cwd, args) in cases(&root()) {
        let out = planforge()
            .current_dir(dir.path().join(cwd))
            .args(&args)
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        // The exact code is each command's own contract (pinned in its
        // suite); here: a failure, and never a crash.
        assert!(
            matches!(out.status.code(), Some(1 | 2)),
            "{args:?} exits {:?}:\n{text}",
            out.status.code()
        );
        assert!(
            text.contains("error"),
            "{args:?} fails without saying why:\n{text}"
        );
        for leak in LEAKS {
            assert!(!text.contains(leak), "{args:?} prints `{leak}`:\n{text}");
        }
    }
}
