//! `compile` attacked as a hostile checkout, a crash and a second compile
//! would attack it: nothing is written or deleted outside OUT, OUT is never
//! left half updated, spec inputs stay inside the spec's directory, two
//! documents never share a path, and modes follow the umask.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::planforge;

mod inputs;

/// A workflow over three stories, in the style of seed 002.
const SPEC: &str = "\
workflow:
  name: story review
  iterations:
    - name: review
      goal: GOAL
      agents:
        - role: reviewer
          targets: [\"stories/*.md\"]
          deliverables: [\"reviews/{story_id}.md\"]
      completion_criteria:
        - Every story has a review
    - name: summary
      goal: Summarize the reviews
      dependencies: [review]
      agents:
        - role: lead
          targets: [\"reviews/*.md\"]
          deliverables: [\"summary.md\"]
agent_roles:
  reviewer:
    perspective: QA lead
    token_budget: 100000
    complexity_threshold: 1
  lead:
    perspective: Tech lead
    token_budget: 10000000
    complexity_threshold: 1000
";

/// A project directory holding `plan.yaml` (with `goal`) and its stories.
fn project(goal: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("stories")).unwrap();
    for (s, title) in [("US-001", "Sign in"), ("US-002", "Reset password")] {
        std::fs::write(
            dir.path().join(format!("stories/{s}.md")),
            format!("# {s}: {title}\n\nAs a user I want to {title}.\n"),
        )
        .unwrap();
    }
    write_spec(dir.path(), goal);
    dir
}

fn write_spec(dir: &Path, goal: &str) {
    std::fs::write(dir.join("plan.yaml"), SPEC.replace("GOAL", goal)).unwrap();
}

fn run(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = planforge();
    cmd.current_dir(dir).args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn compile(dir: &Path, env: &[(&str, &str)]) -> Output {
    run(dir, &["compile", "plan.yaml", "-o", "out"], env)
}

/// What the command printed, stdout then stderr (`check` reports on stdout).
fn stderr(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Every file under `dir` with its bytes, by relative path.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            let ft = e.file_type().unwrap();
            let rel = p
                .strip_prefix(base)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if ft.is_dir() {
                walk(base, &p, out);
            } else if ft.is_symlink() {
                out.insert(rel, b"<link>".to_vec());
            } else {
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// OUT holds exactly the files its manifest lists, each with its hash.
fn assert_matches_manifest(out: &Path) {
    let files = snapshot(out);
    let manifest: serde_json::Value =
        serde_json::from_slice(&files["manifest.json"]).expect("manifest.json is JSON");
    let mut listed: Vec<String> = vec!["manifest.json".into()];
    for f in manifest["files"].as_array().unwrap() {
        let path = f["path"].as_str().unwrap();
        let bytes = files
            .get(path)
            .unwrap_or_else(|| panic!("{path} is missing"));
        assert_eq!(
            f["sha256"].as_str().unwrap(),
            sha256_hex(bytes),
            "{path} differs from its manifest hash"
        );
        listed.push(path.into());
    }
    listed.sort();
    assert_eq!(files.keys().cloned().collect::<Vec<_>>(), listed);
}

fn sha256_hex(bytes: &[u8]) -> String {
    planforge::output::manifest::sha256(bytes)
}

#[cfg(unix)]
fn symlink(target: impl AsRef<Path>, link: impl AsRef<Path>) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

#[cfg(unix)]
#[test]
fn a_symlinked_subdirectory_in_out_is_refused_and_nothing_lands_outside() {
    let p = project("Review every story");
    let victim = tempfile::tempdir().unwrap();
    std::fs::create_dir(p.path().join("out")).unwrap();
    symlink(victim.path(), p.path().join("out/iterations"));
    let o = compile(p.path(), &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("out/iterations`") && stderr(&o).contains("symbolic link"),
        "{}",
        stderr(&o)
    );
    assert!(snapshot(victim.path()).is_empty(), "wrote through the link");
    let left: Vec<String> = snapshot(&p.path().join("out")).into_keys().collect();
    assert_eq!(left, ["iterations"], "only the link itself remains");
}

#[cfg(unix)]
#[test]
fn a_crafted_manifest_cannot_make_stale_removal_delete_outside_out() {
    let p = project("Review every story");
    assert!(compile(p.path(), &[]).status.success());
    let victim = tempfile::tempdir().unwrap();
    std::fs::write(victim.path().join("secret.md"), "keep me\n").unwrap();
    let hash = sha256_hex(b"keep me\n");
    symlink(victim.path(), p.path().join("out/link"));
    let manifest_path = p.path().join("out/manifest.json");
    let mut m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&manifest_path).unwrap()).unwrap();
    let files = m["files"].as_array_mut().unwrap();
    for path in ["link/secret.md", "../victim/secret.md"] {
        files.push(serde_json::json!({"path": path, "kind": "agent-prompt", "sha256": hash}));
    }
    std::fs::write(&manifest_path, serde_json::to_string_pretty(&m).unwrap()).unwrap();
    write_spec(p.path(), "Review all stories");
    let o = compile(p.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(victim.path().join("secret.md")).unwrap(),
        "keep me\n"
    );
    assert!(p.path().join("out/link").symlink_metadata().is_ok());
}

#[cfg(debug_assertions)]
#[test]
fn a_failure_during_the_switch_leaves_out_as_it_was() {
    let p = project("Review every story");
    assert!(compile(p.path(), &[]).status.success());
    let before = snapshot(&p.path().join("out"));
    write_spec(p.path(), "Review all stories");
    for n in ["0", "1", "3", "6"] {
        let o = compile(p.path(), &[("PLANFORGE_TEST_FAIL_AFTER_RENAMES", n)]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains("injected failure"), "{}", stderr(&o));
        assert_eq!(snapshot(&p.path().join("out")), before, "after {n} renames");
    }
    // The next compile of the old spec finds nothing to do.
    write_spec(p.path(), "Review every story");
    let o = compile(p.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("0 written"));
    assert_matches_manifest(&p.path().join("out"));
}

#[cfg(debug_assertions)]
#[test]
fn a_kill_during_the_switch_is_finished_by_the_next_compile() {
    let p = project("Review every story");
    assert!(compile(p.path(), &[]).status.success());
    write_spec(p.path(), "Review all stories");
    let o = compile(p.path(), &[("PLANFORGE_TEST_CRASH_AFTER_RENAMES", "3")]);
    assert!(!o.status.success() && o.status.code() != Some(2));
    let out = p.path().join("out");
    assert!(out.join(".planforge-tmp/journal.json").exists());
    let o = run(
        p.path(),
        &["compile", "plan.yaml", "-o", "out", "--check"],
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout).contains("interrupted"));
    // The next compile, even of the old spec, first finishes the switch.
    write_spec(p.path(), "Review every story");
    let o = compile(p.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("finished an earlier compile"),
        "{}",
        stderr(&o)
    );
    assert_matches_manifest(&out);
    let o = run(
        p.path(),
        &["compile", "plan.yaml", "-o", "out", "--check"],
        &[],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
}

#[test]
fn files_staged_before_a_crash_at_the_commit_point_are_discarded() {
    let p = project("Review every story");
    assert!(compile(p.path(), &[]).status.success());
    let out = p.path().join("out");
    let before = snapshot(&out);
    // A crash while staging: staged files, no journal.
    std::fs::create_dir_all(out.join(".planforge-tmp/new")).unwrap();
    std::fs::create_dir_all(out.join(".planforge-tmp/old")).unwrap();
    std::fs::write(out.join(".planforge-tmp/new/0"), "half a prompt").unwrap();
    std::fs::write(out.join(".planforge-tmp/journal.part"), "{\"planfo").unwrap();
    let o = compile(p.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("before it changed anything"),
        "{}",
        stderr(&o)
    );
    assert_eq!(snapshot(&out), before);
}

#[test]
fn concurrent_compiles_into_one_out_leave_it_matching_its_manifest() {
    let p = project("Review every story");
    // Enough agents (one per story) that the two compiles overlap.
    for i in 3..60 {
        let story = format!("# US-{i:03}: Export report {i}\n\nAs an analyst I want report {i}.\n");
        std::fs::write(p.path().join(format!("stories/US-{i:03}.md")), story).unwrap();
    }
    let other = p.path().join("other.yaml");
    std::fs::write(&other, SPEC.replace("GOAL", "Review all stories")).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("planforge");
    for round in 0..4 {
        let spawn = |spec: &str| {
            std::process::Command::new(&bin)
                .current_dir(p.path())
                .args(["compile", spec, "-o", "out"])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let a = spawn("plan.yaml");
        let b = spawn("other.yaml");
        for child in [a, b] {
            let o = child.wait_with_output().unwrap();
            assert!(o.status.success(), "round {round}: {}", stderr(&o));
        }
        assert_matches_manifest(&p.path().join("out"));
    }
}

#[cfg(unix)]
#[test]
fn a_compile_waits_while_another_holds_the_lock_on_out() {
    let p = project("Review every story");
    let out = p.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let held = std::fs::File::open(&out).unwrap();
    held.lock().unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("planforge"))
        .current_dir(p.path())
        .args(["compile", "plan.yaml", "-o", "out"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert!(child.try_wait().unwrap().is_none(), "it did not wait");
    assert!(!out.join("manifest.json").exists());
    held.unlock().unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("waiting for it to finish"),
        "{}",
        stderr(&o)
    );
    assert_matches_manifest(&out);
}

#[test]
fn a_foreign_manifest_json_is_refused_without_force() {
    let p = project("Review every story");
    std::fs::create_dir(p.path().join("out")).unwrap();
    let webapp = "{\n  \"name\": \"Docs\",\n  \"short_name\": \"Docs\",\n  \"start_url\": \"/\",\n  \"display\": \"standalone\"\n}\n";
    std::fs::write(p.path().join("out/manifest.json"), webapp).unwrap();
    let o = compile(p.path(), &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("manifest.json (not written by planforge)"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(p.path().join("out/manifest.json")).unwrap(),
        webapp
    );
    assert_eq!(snapshot(&p.path().join("out")).len(), 1);
    let o = run(
        p.path(),
        &["compile", "plan.yaml", "-o", "out", "--force"],
        &[],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_matches_manifest(&p.path().join("out"));
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
fn under_umask(dir: &Path, umask: &str, args: &str) -> Output {
    let bin: PathBuf = assert_cmd::cargo::cargo_bin("planforge");
    std::process::Command::new("sh")
        .current_dir(dir)
        .arg("-c")
        .arg(format!("umask {umask} && exec \"$0\" {args}"))
        .arg(bin)
        .output()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn generated_files_follow_the_umask_and_keep_the_mode_they_had() {
    use std::os::unix::fs::PermissionsExt;
    let p = project("Review every story");
    let o = under_umask(p.path(), "022", "compile plan.yaml -o out");
    assert!(o.status.success(), "{}", stderr(&o));
    let out = p.path().join("out");
    for f in snapshot(&out).keys() {
        assert_eq!(mode(&out.join(f)), 0o644, "{f}");
    }
    let readme = out.join("iterations/README.md");
    std::fs::set_permissions(&readme, std::fs::Permissions::from_mode(0o640)).unwrap();
    let before = std::fs::read(&readme).unwrap();
    write_spec(p.path(), "Review all stories");
    let o = under_umask(p.path(), "022", "compile plan.yaml -o out");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_ne!(
        std::fs::read(&readme).unwrap(),
        before,
        "the file was replaced"
    );
    assert_eq!(mode(&readme), 0o640, "a replaced file keeps its mode");
    let o = under_umask(p.path(), "022", "templates export tpl");
    assert!(o.status.success(), "{}", stderr(&o));
    for f in snapshot(&p.path().join("tpl")).keys() {
        assert_eq!(mode(&p.path().join("tpl").join(f)), 0o644, "{f}");
    }
}
