//! Every command snippet the README and `docs/` mark runnable works when
//! pasted into a fresh clone.
//!
//! A fenced block whose info string is `sh runnable` is extracted and run
//! with `sh -e` in a temporary copy of the repository (no `target/`, no
//! `.git/`), with the `planforge` this test suite built first on `PATH` and
//! `HOME` pointing at an empty directory. The snippets of one file run in
//! order in the same copy, so a later one may use what an earlier one wrote.
//! Runnable snippets must not call `cargo` (CI does no release builds here).

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::support::{fixtures, rel, root};

/// A runnable snippet: its file, the line of its opening fence, its text.
struct Snippet {
    file: String,
    line: usize,
    code: String,
}

/// The `sh runnable` blocks of a Markdown text, in order.
fn runnable(file: &str, text: &str) -> Vec<Snippet> {
    let mut out = Vec::new();
    let mut open: Option<(String, usize, bool, String)> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        match &mut open {
            None => {
                let fence: String = trimmed
                    .chars()
                    .take_while(|c| *c == '`' || *c == '~')
                    .collect();
                if fence.len() >= 3 && fence.chars().all(|c| c == fence.chars().next().unwrap()) {
                    let info: Vec<&str> = trimmed[fence.len()..].split_whitespace().collect();
                    let wanted =
                        matches!(info.as_slice(), ["sh", rest @ ..] if rest.contains(&"runnable"));
                    open = Some((fence, i + 1, wanted, String::new()));
                }
            }
            Some((fence, start, wanted, code)) => {
                if trimmed.starts_with(fence.as_str())
                    && trimmed
                        .trim_end()
                        .chars()
                        .all(|c| c == fence.chars().next().unwrap())
                {
                    if *wanted {
                        out.push(Snippet {
                            file: file.to_string(),
                            line: *start,
                            code: std::mem::take(code),
                        });
                    }
                    open = None;
                } else {
                    code.push_str(line);
                    code.push('\n');
                }
            }
        }
    }
    out
}

/// README.md and every Markdown file under `docs/`.
fn documents() -> Vec<PathBuf> {
    let mut docs = vec![root().join("README.md")];
    docs.extend(fixtures("docs", "md"));
    docs
}

/// Copies the repository's files (not `target/`, `.git/`, earlier output or
/// installed node packages).
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "node_modules"
            || from == root() && ["target", ".git", "out"].iter().any(|n| name == *n)
        {
            continue;
        }
        let (src, dst) = (entry.path(), to.join(&name));
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            copy_tree(&src, &dst);
        } else if kind.is_file() {
            std::fs::copy(&src, &dst).unwrap();
        }
    }
}

#[test]
fn the_readme_marks_its_newcomer_path_runnable() {
    let text = std::fs::read_to_string(root().join("README.md")).unwrap();
    let snippets = runnable("README.md", &text);
    let all: String = snippets.iter().map(|s| s.code.as_str()).collect();
    for command in [
        "planforge compile examples/oauth2-api.yaml -o out",
        "planforge init plan.yaml",
        "planforge completions bash",
        "planforge man --dir",
    ] {
        assert!(all.contains(command), "README has no runnable `{command}`");
    }
}

#[test]
fn runnable_snippets_in_readme_and_docs_work_in_a_fresh_copy() {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_planforge"));
    let bin_dir = bin.parent().unwrap().to_path_buf();
    let path = std::env::join_paths(std::iter::once(bin_dir).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .unwrap();
    let mut ran = 0;
    for doc in documents() {
        let name = rel(&doc);
        let snippets = runnable(&name, &std::fs::read_to_string(&doc).unwrap());
        if snippets.is_empty() {
            continue;
        }
        let scratch = tempfile::tempdir().unwrap();
        let repo = scratch.path().join("planforge");
        let home = scratch.path().join("home");
        copy_tree(&root(), &repo);
        std::fs::create_dir(&home).unwrap();
        for s in snippets {
            assert!(
                !s.code.split_whitespace().any(|w| w == "cargo"),
                "{}:{}: runnable snippets must not call cargo",
                s.file,
                s.line
            );
            let out = assert_cmd::Command::new("sh")
                .args(["-e", "-c", &s.code])
                .current_dir(&repo)
                .env("PATH", &path)
                .env("HOME", &home)
                .env("NO_COLOR", "1")
                .timeout(Duration::from_secs(120))
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}:{}: snippet failed ({:?}):\n{}\nstdout:\n{}\nstderr:\n{}",
                s.file,
                s.line,
                out.status.code(),
                s.code,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            ran += 1;
        }
    }
    assert!(ran >= 3, "only {ran} runnable snippets found");
}

#[test]
fn snippet_extraction_keeps_only_sh_runnable_blocks() {
    let text = "intro\n\n```sh runnable\nplanforge check a.yaml\n```\n\n```sh\ncargo test\n```\n\n````markdown\n```sh runnable\nnot extracted\n```\n````\n\n~~~sh runnable\necho tilde\n~~~\n";
    let got: Vec<(usize, String)> = runnable("x.md", text)
        .into_iter()
        .map(|s| (s.line, s.code))
        .collect();
    assert_eq!(
        got,
        [
            (3, "planforge check a.yaml\n".to_string()),
            (17, "echo tilde\n".to_string())
        ]
    );
}
