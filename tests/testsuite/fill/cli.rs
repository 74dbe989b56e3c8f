//! The command-line contract of `planforge fill`: atomic output, `--check`,
//! directories all or nothing, leftovers reported at template lines, exit
//! codes.

use std::fs;
use std::path::Path;

use crate::support::planforge;

const RUNBOOK: &str = "# {{Project Name}} Runbook\n\n<<REPEAT: step>>\n1. {{step_title}}\n<</REPEAT>>\n\n**Owner**: [OWNER_NAME]\n";

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        fs::create_dir_all(parent).expect("mkdir");
    }
    fs::write(&p, text).expect("write fixture");
    p
}

const VALUES: &str = "project_name: Atlas\nstep:\n  - step_title: Freeze merges\n  - step_title: Deploy\nowner_name: Dana Kim\n";

#[test]
fn output_is_written_atomically_and_check_detects_drift() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t = write(dir.path(), "runbook.md", RUNBOOK);
    let v = write(dir.path(), "values.yaml", VALUES);
    let out = dir.path().join("out.md");
    planforge()
        .arg("fill")
        .arg(&t)
        .arg("--values")
        .arg(&v)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(0);
    let text = fs::read_to_string(&out).expect("written");
    assert_eq!(
        text,
        "# Atlas Runbook\n\n1. Freeze merges\n1. Deploy\n\n**Owner**: Dana Kim\n"
    );
    planforge()
        .arg("fill")
        .arg(&t)
        .arg("--values")
        .arg(&v)
        .arg("-o")
        .arg(&out)
        .arg("--check")
        .assert()
        .code(0);
    fs::write(&out, "# edited\n").expect("edit");
    let run = planforge()
        .arg("fill")
        .arg(&t)
        .arg("--values")
        .arg(&v)
        .arg("-o")
        .arg(&out)
        .arg("--check")
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    assert!(stderr.contains("differs"), "{stderr}");
    assert_eq!(
        fs::read_to_string(&out).expect("kept"),
        "# edited\n",
        "--check wrote"
    );
}

#[test]
fn invalid_values_write_nothing_and_leave_an_existing_output_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t = write(dir.path(), "runbook.md", RUNBOOK);
    let v = write(
        dir.path(),
        "values.yaml",
        "project_name: Atlas\nstep: not a list\n",
    );
    let out = write(dir.path(), "out.md", "previous\n");
    let run = planforge()
        .arg("fill")
        .arg(&t)
        .arg("--values")
        .arg(&v)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    assert!(
        stderr.contains("values.yaml:2:7: error[fill-wrong-type]"),
        "{stderr}"
    );
    assert!(
        stderr.contains("runbook.md:7:12: error[fill-missing-value]"),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(&out).expect("kept"), "previous\n");
}

#[test]
fn allow_unfilled_writes_and_reports_what_is_left_at_the_template_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t = write(dir.path(), "runbook.md", RUNBOOK);
    let v = write(
        dir.path(),
        "values.yaml",
        "project_name: Atlas\nstep:\n  - step_title: A\n  - step_title: B\n  - step_title: C\n",
    );
    let out = dir.path().join("out.md");
    let run = planforge()
        .arg("fill")
        .arg(&t)
        .arg("--values")
        .arg(&v)
        .arg("-o")
        .arg(&out)
        .arg("--allow-unfilled")
        .assert()
        .code(0);
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    // Line 7 of the template is line 9 of the output (the list grew).
    assert!(
        stderr
            .contains("runbook.md:7:12: warning[placeholder]: unfilled placeholder `[OWNER_NAME]`"),
        "{stderr}"
    );
    assert!(fs::read_to_string(&out)
        .expect("written")
        .contains("**Owner**: [OWNER_NAME]"));
}

#[test]
fn a_leftover_fill_cannot_resolve_is_reported_as_lint_would_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "# {{Project Name}}\n\n<<REPEAT: step>>\n- {{step_title}}\n<</REPEAT>>\n\nApproved by: ________\n";
    let t = write(dir.path(), "approval.md", text);
    let v = write(
        dir.path(),
        "values.yaml",
        "project_name: Atlas\nstep:\n  - step_title: A\n  - step_title: B\n",
    );
    let out = dir.path().join("out.md");
    let run = planforge()
        .arg("fill")
        .arg(&t)
        .arg("--values")
        .arg(&v)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    assert!(
        stderr.contains("approval.md:7:14: error[placeholder]: unfilled blank"),
        "{stderr}"
    );
    assert!(!out.exists());
}

#[test]
fn a_directory_is_filled_all_or_nothing_with_one_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = dir.path().join("templates");
    write(&src, "runbook.md", RUNBOOK);
    write(
        &src,
        "guides/onboarding.md",
        "# {{Project Name}} Onboarding\n\nBuddy: [BUDDY_NAME]\n",
    );
    write(&src, "notes.txt", "not a template [X_Y]\n");
    let v = write(dir.path(), "values.yaml", VALUES);
    let out = dir.path().join("out");
    let run = planforge()
        .arg("fill")
        .arg(&src)
        .arg("--values")
        .arg(&v)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    assert!(
        stderr.contains("onboarding.md:3:8: error[fill-missing-value]: no value for `buddy_name`"),
        "{stderr}"
    );
    assert!(!out.exists(), "a failed directory fill wrote something");
    fs::write(&v, format!("{VALUES}buddy_name: Sam\n")).expect("values");
    planforge()
        .arg("fill")
        .arg(&src)
        .arg("--values")
        .arg(&v)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(0);
    assert_eq!(
        fs::read_to_string(out.join("guides/onboarding.md")).expect("filled"),
        "# Atlas Onboarding\n\nBuddy: Sam\n"
    );
    assert!(out.join("runbook.md").exists());
    assert!(!out.join("notes.txt").exists());
    planforge()
        .arg("fill")
        .arg(&src)
        .arg("--values")
        .arg(&v)
        .arg("-o")
        .arg(&out)
        .arg("--check")
        .assert()
        .code(0);
}

#[test]
fn a_key_no_template_of_a_directory_uses_is_unknown_with_a_suggestion() {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = dir.path().join("t");
    write(&src, "a.md", "# [PROJECT_NAME]\n");
    write(&src, "b.md", "Owner: [OWNER_NAME]\n");
    let v = write(
        dir.path(),
        "values.yaml",
        "project_name: A\nowner_name: B\nowner_nmae: C\n",
    );
    let run = planforge()
        .arg("fill")
        .arg(&src)
        .arg("--values")
        .arg(&v)
        .arg("-o")
        .arg(dir.path().join("o"))
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    assert!(
        stderr.contains("values.yaml:3:1: error[fill-unknown-key]"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `owner_name`?"), "{stderr}");
    assert_eq!(stderr.matches("fill-unknown-key").count(), 1, "{stderr}");
}

#[test]
fn usage_and_io_errors_exit_2() {
    planforge()
        .args(["fill", "does/not/exist.md", "--set", "a=b"])
        .assert()
        .code(2);
    let dir = tempfile::tempdir().expect("tempdir");
    let t = write(dir.path(), "t.md", "# [PROJECT_NAME]\n");
    planforge()
        .arg("fill")
        .arg(&t)
        .arg("--values")
        .arg(dir.path().join("missing.yaml"))
        .assert()
        .code(2);
    planforge()
        .arg("fill")
        .arg(dir.path())
        .arg("--set")
        .arg("project_name=x")
        .assert()
        .code(2);
    planforge()
        .arg("fill")
        .arg(&t)
        .arg("--skeleton")
        .arg("--set")
        .arg("a=b")
        .assert()
        .code(2);
}

#[test]
fn set_without_an_equals_sign_is_a_located_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t = write(dir.path(), "t.md", "# [PROJECT_NAME]\n");
    let run = planforge()
        .arg("fill")
        .arg(&t)
        .args(["--set", "project_name"])
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    assert!(
        stderr.contains("--set:1:1: error[fill-set-syntax]"),
        "{stderr}"
    );
}

#[test]
fn the_output_is_the_same_on_every_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t = write(dir.path(), "runbook.md", RUNBOOK);
    let v = write(dir.path(), "values.yaml", VALUES);
    let runs: Vec<Vec<u8>> = (0..3)
        .map(|_| {
            planforge()
                .arg("fill")
                .arg(&t)
                .arg("--values")
                .arg(&v)
                .output()
                .expect("runs")
                .stdout
        })
        .collect();
    assert!(runs.windows(2).all(|w| w[0] == w[1]));
}

#[test]
fn the_skeleton_of_a_directory_lists_each_key_once_and_names_the_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = dir.path().join("t");
    write(&src, "a.md", "# [PROJECT_NAME]\n\nOwner: [OWNER_NAME]\n");
    write(
        &src,
        "b.md",
        "# {{Project Name}} notes\n\nDue: [DUE_DATE]\n",
    );
    let run = planforge()
        .arg("fill")
        .arg(&src)
        .arg("--skeleton")
        .assert()
        .code(0);
    let out = String::from_utf8_lossy(&run.get_output().stdout).to_string();
    assert_eq!(out.matches("\nproject_name: \"\"").count(), 1, "{out}");
    assert!(out.contains("a.md: under \"[PROJECT_NAME]\""), "{out}");
    assert!(
        out.contains("b.md: under \"{{Project Name}} notes\", line 3\ndue_date: \"\""),
        "{out}"
    );
}
