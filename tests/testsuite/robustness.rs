//! Hostile inputs (issue 9): no panic, no hang, bounded output, one size
//! limit, special files refused, terminal escapes neutralised, positions
//! right with odd line ends and in every command.

use std::path::Path;
use std::time::Duration;

use crate::support::planforge;

/// Runs planforge in `dir` with `args`; exit code, stdout, stderr.
fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = planforge()
        .current_dir(dir)
        .args(args)
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

const SPEC_HEAD: &str = "project:\n  name: Robust\n  date: 2026-01-05\n";

#[test]
fn an_unknown_key_at_column_seventy_thousand_prints_a_clipped_snippet() {
    let dir = tempfile::tempdir().unwrap();
    let line = format!(
        "project: {{name: Robust, date: 2026-01-05,{} zzz_unknown: 1}}\n",
        " ".repeat(70_000)
    );
    write(dir.path(), "wide.yaml", &line);
    let (code, out, err) = run_in(dir.path(), &["check", "wide.yaml"]);
    assert_eq!(code, 1, "{out}{err}");
    let column = line.find("zzz_unknown").unwrap() + 1;
    let at = format!("wide.yaml:1:{column}: error[unknown-key]");
    assert!(out.contains(&at), "{out}");
    assert!(out.len() < 2_000, "output is {} bytes", out.len());
    let snippet = out.lines().find(|l| l.starts_with("1 |")).unwrap();
    assert!(
        snippet.contains("...") && snippet.contains("zzz_unknown"),
        "{snippet}"
    );
    let caret = out.lines().find(|l| l.contains('^')).unwrap();
    let col = |l: &str, pat: &str| l.find(pat).unwrap();
    assert_eq!(col(caret, "^"), col(snippet, "zzz_unknown"), "{out}");
}

#[test]
fn a_placeholder_at_column_seventy_thousand_and_one_is_linted_without_panic() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("# Guide\n\n{} [OWNER_NAME]\n", "x".repeat(70_000));
    write(dir.path(), "wide.md", text);
    let (code, out, err) = run_in(dir.path(), &["lint", "wide.md"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("wide.md:3:70002: error[placeholder]"), "{out}");
    assert!(out.len() < 2_000, "output is {} bytes", out.len());
}

#[test]
fn sixteen_thousand_findings_on_one_long_line_print_bounded_output() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("# Guide\n\n{}\n", "[A_B] ".repeat(16_000));
    write(dir.path(), "dense.md", &text);
    let (code, out, err) = run_in(dir.path(), &["lint", "dense.md"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(out.matches("error[placeholder]").count(), 16_000);
    assert!(out.lines().all(|l| l.chars().count() < 200));
    assert!(out.len() < 16_000 * 400, "output is {} bytes", out.len());
}

#[cfg(unix)]
fn self_symlinking_tree(root: &Path) {
    let tree = root.join("tree");
    std::fs::create_dir_all(tree.join("docs")).unwrap();
    std::fs::write(
        tree.join("docs/guide.md"),
        "# Guide\n\nOwner: [OWNER_NAME]\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(".", tree.join("docs/self")).unwrap();
    std::os::unix::fs::symlink("..", tree.join("docs/parent")).unwrap();
    std::os::unix::fs::symlink("docs", tree.join("again")).unwrap();
}

#[cfg(unix)]
#[test]
fn lint_of_a_self_symlinking_tree_ends_and_lints_each_file_once() {
    let dir = tempfile::tempdir().unwrap();
    self_symlinking_tree(dir.path());
    let (code, out, err) = run_in(dir.path(), &["lint", "tree"]);
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(out.matches("error[placeholder]").count(), 1, "{out}");
}

#[cfg(unix)]
#[test]
fn diff_of_a_self_symlinking_tree_ends_and_follows_no_link_twice() {
    let dir = tempfile::tempdir().unwrap();
    self_symlinking_tree(dir.path());
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let (code, out, err) = run_in(dir.path(), &["diff", "--stat", "empty", "tree"]);
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(out.matches("(added)").count(), 1, "{out}");
}

#[test]
fn a_file_over_the_size_limit_is_refused_by_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let big = format!("{SPEC_HEAD}  overview: \"{}\"\n", "x".repeat(4000));
    write(dir.path(), "big.yaml", &big);
    write(
        dir.path(),
        "big.md",
        format!("# Big\n\n{}\n", "word ".repeat(1000)),
    );
    write(dir.path(), "small.md", "# Big\n");
    let (code, out, _) = run_in(dir.path(), &["check", "--max-size", "1K", "big.yaml"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("error[file-too-large]") && out.contains("1 KiB"),
        "{out}"
    );
    let (code, out, _) = run_in(dir.path(), &["lint", "--max-size", "1K", "big.md"]);
    assert_eq!(code, 1);
    assert!(out.contains("larger than 1 KiB"), "{out}");
    let (code, _, err) = run_in(
        dir.path(),
        &["diff", "--max-size", "1K", "small.md", "big.md"],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("larger than 1 KiB") && err.contains("--max-size"),
        "{err}"
    );
    let (code, _, err) = run_in(
        dir.path(),
        &["diff", "--max-size", "1K", "--textconv", "big.yaml"],
    );
    assert_eq!(code, 2, "{err}");
    let (code, out, err) = run_in(dir.path(), &["check", "big.yaml"]);
    assert_eq!(code, 0, "the default limit takes a 4 KiB spec: {out}{err}");
}

#[cfg(unix)]
#[test]
fn dev_zero_is_refused_without_reading_by_every_command() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", "# A\n");
    for args in [
        &["check", "/dev/zero"][..],
        &["lint", "/dev/zero"],
        &["diff", "a.md", "/dev/zero"],
        &["diff", "--textconv", "/dev/zero"],
    ] {
        let (code, out, err) = run_in(dir.path(), args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(
            (out.clone() + &err).contains("a device, not a regular file"),
            "{args:?}: {out}{err}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(dir.path().join("pipe.yaml"))
        .status()
        .unwrap();
    assert!(made.success());
    write(dir.path(), "a.yaml", SPEC_HEAD);
    for args in [
        &["check", "pipe.yaml"][..],
        &["lint", "pipe.yaml"],
        &["diff", "a.yaml", "pipe.yaml"],
    ] {
        let (code, out, err) = run_in(dir.path(), args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(
            (out.clone() + &err).contains("FIFO"),
            "{args:?}: {out}{err}"
        );
    }
}

#[test]
fn terminal_escapes_in_a_spec_key_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let spec = format!("{SPEC_HEAD}  \"\\e]0;owned\\a\\e[2J\\e[31mred\": 1\n");
    write(dir.path(), "esc.yaml", spec);
    let (code, out, _) = run_in(dir.path(), &["--color", "always", "check", "esc.yaml"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("␛]0;owned␇␛[2J␛[31mred"), "{out}");
    assert!(!out.contains("\u{1b}]") && !out.contains("\u{1b}[2J") && !out.contains('\u{7}'));
    assert!(!out.contains("\u{1b}[31mred"), "{out:?}");
}

#[test]
fn terminal_escapes_in_documents_and_file_names_never_reach_the_terminal_in_diff() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "old.md", "# Guide\n\nText.\n");
    write(
        dir.path(),
        "new.md",
        "# Guide \u{1b}]0;t\u{7}\n\nText \u{1b}[2J.\n",
    );
    let (code, out, _) = run_in(
        dir.path(),
        &["--color", "always", "diff", "old.md", "new.md"],
    );
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("␛[2J") && out.contains("␛]0;t␇"), "{out}");
    assert!(!out.contains("\u{1b}]") && !out.contains("\u{1b}[2J") && !out.contains('\u{7}'));
}

#[test]
fn integer_overflow_and_a_float_for_an_integer_point_at_the_value() {
    let example =
        std::fs::read_to_string(crate::support::root().join("examples/oauth2-api.yaml")).unwrap();
    let line = 1 + example[..example.find("tokens_per_point: 1500").unwrap()]
        .matches('\n')
        .count();
    let dir = tempfile::tempdir().unwrap();
    for (value, ok) in [
        ("18446744073709551616", false),
        ("1.0e3", false),
        ("9223372036854775808", true),
    ] {
        let spec = example.replace(
            "tokens_per_point: 1500",
            &format!("tokens_per_point: {value}"),
        );
        write(dir.path(), "n.yaml", spec);
        let (code, out, _) = run_in(dir.path(), &["check", "--format", "json", "n.yaml"]);
        let json: serde_json::Value = serde_json::from_str(&out).unwrap();
        let errors: Vec<_> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["severity"] == "error")
            .collect();
        if ok {
            assert!(errors.is_empty(), "{value}: {out}");
            continue;
        }
        assert_eq!(code, 1, "{value}");
        assert_eq!(errors.len(), 1, "{value}: {out}");
        assert_eq!(
            (errors[0]["line"].as_u64(), errors[0]["column"].as_u64()),
            (Some(line as u64), Some(21)),
            "{value}: {out}"
        );
    }
}

#[test]
fn cr_only_line_ends_give_real_lines_in_check_lint_and_diff() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "cr.yaml",
        "project:\r  name: CR\r  date: 2026-01-05\r  colour: red\r",
    );
    let (code, out, _) = run_in(dir.path(), &["check", "cr.yaml"]);
    assert_eq!(code, 1);
    assert!(out.contains("cr.yaml:4:3: error[unknown-key]"), "{out}");
    write(
        dir.path(),
        "cr.md",
        "# Guide\r\rOwner: [OWNER_NAME]\r\n\nMore: [TEAM_NAME]\r",
    );
    let (code, out, _) = run_in(dir.path(), &["lint", "cr.md"]);
    assert_eq!(code, 1);
    assert!(out.contains("cr.md:3:8: error[placeholder]"), "{out}");
    assert!(out.contains("cr.md:5:7: error[placeholder]"), "{out}");
    write(dir.path(), "old.md", "# Guide\r\rA\rB\rC\r");
    write(dir.path(), "new.md", "# Guide\r\rA\rB\rD\r");
    let (code, out, _) = run_in(dir.path(), &["diff", "old.md", "new.md"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("@@ -3,3 +3,3 @@") || out.contains("-C"),
        "{out}"
    );
    assert!(out.contains("-C") && out.contains("+D"), "{out}");
}

#[test]
fn non_utf8_input_is_reported_at_line_and_column_in_diff_as_in_check() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "old.md", "# Guide\n");
    write(dir.path(), "new.md", b"# Guide\n\nCaf\xe9 au lait\n");
    let (code, _, err) = run_in(dir.path(), &["diff", "old.md", "new.md"]);
    assert_eq!(code, 2);
    assert!(err.contains("new.md:3:4: error[not-utf8]"), "{err}");
    write(dir.path(), "bad.yaml", b"project:\n  name: Caf\xe9\n");
    let (_, out, _) = run_in(dir.path(), &["check", "bad.yaml"]);
    assert!(out.contains("bad.yaml:2:12: error[not-utf8]"), "{out}");
}

#[test]
fn a_template_with_a_runaway_loop_stops_at_the_output_budget() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("tpl")).unwrap();
    write(
        dir.path(),
        "tpl/execution-orchestration-framework.md",
        "{% for i in range(end=100000) %}{% for j in range(end=100000) %}row {{ i }} {{ j }}\n{% endfor %}{% endfor %}\n",
    );
    let starter =
        std::fs::read_to_string(crate::support::root().join("examples/starter.yaml")).unwrap();
    write(dir.path(), "plan.yaml", starter);
    let (code, out, err) = run_in(
        dir.path(),
        &[
            "compile",
            "--max-size",
            "256K",
            "plan.yaml",
            "-o",
            "out",
            "--templates",
            "tpl",
        ],
    );
    assert!(code == 1 || code == 2, "{code}: {out}{err}");
    assert!(
        err.contains("execution-orchestration-framework.md")
            && err.contains("output budget of 256 KiB"),
        "{err}"
    );
}
