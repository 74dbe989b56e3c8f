//! Shared helpers: running the binary, comparing with golden files.

use std::path::{Path, PathBuf};

pub fn planforge() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("planforge").expect("binary builds");
    cmd.env_remove("NO_COLOR")
        .env("CLICOLOR", "0")
        .current_dir(root());
    cmd
}

/// The repository root (tests run with it as the working directory).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Compares `actual` with the golden file at `path` (relative to the root).
/// `UPDATE_GOLDEN=1` rewrites the file instead; CI never sets it.
pub fn assert_golden(path: impl AsRef<Path>, actual: &str) {
    let path = root().join(path.as_ref());
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().expect("golden path has a parent"))
            .expect("create golden dir");
        std::fs::write(&path, actual).expect("write golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read golden file {}: {e}\nrun `UPDATE_GOLDEN=1 cargo test` to create it",
            path.display()
        )
    });
    if expected != actual {
        let diff = similar::TextDiff::from_lines(&expected, actual)
            .unified_diff()
            .context_radius(3)
            .header("golden (expected)", "actual")
            .to_string();
        panic!(
            "output differs from {}:\n{diff}\nIf the change is intended, run `UPDATE_GOLDEN=1 cargo test` and review the diff.",
            path.display()
        );
    }
}

/// Files under `dir` (relative to the root) with extension `ext`, sorted.
pub fn fixtures(dir: &str, ext: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walk(&root().join(dir))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// Path relative to the root, with forward slashes (for stable output).
pub fn rel(p: &Path) -> String {
    p.strip_prefix(root())
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The example specs: `examples/*.yaml` (not their data folders).
pub fn examples() -> Vec<PathBuf> {
    fixtures("examples", "yaml")
        .into_iter()
        .filter(|p| p.parent() == Some(root().join("examples").as_path()))
        .collect()
}
