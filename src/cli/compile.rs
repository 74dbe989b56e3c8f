//! `planforge compile SPEC -o OUT`: write the documents of a spec.

use std::path::{Path, PathBuf};

use crate::cli::Outcome;
use crate::compile::{compile_docs, load_plan_with, CompileOptions, LoadOptions};
use crate::diagnostics;
use crate::output::{self, journal::Recovered};
use crate::render::Family;
use crate::render::RenderedDoc;
use crate::spec;
use crate::validate::default_content::RULE as DEFAULT_CONTENT;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  planforge compile plan.yaml -o out\n  planforge compile plan.yaml -o out --only jaegis --only pact\n  planforge compile workflow.yaml -o out --only iterations --root .   # targets relative to the current directory\n  planforge compile plan.yaml -o docs/plan --check   # in CI: fail when docs/plan is stale\n  planforge compile plan.yaml -o out --strict   # every section decided in the spec, no defaults\n\n\
The spec is checked first; an invalid spec writes nothing, and neither does a workflow target that matches no file under the root. OUT is switched to its new state all at once (a crash is finished by the next compile), under a lock, and nothing is written through a symbolic link inside OUT. A generated file edited by hand (its hash no longer matches manifest.json), or a file planforge did not write, is not overwritten without --force.\n\n\
Exit codes: 0 written (or up to date with --check), 1 invalid spec, default content with --strict, template error, refused overwrite or stale output, 2 usage or I/O error."
)]
pub struct Args {
    /// The spec to compile.
    #[arg(value_name = "SPEC")]
    spec: PathBuf,
    /// Output directory (created if missing).
    #[arg(short, long, value_name = "OUT")]
    output: PathBuf,
    /// Directory of templates overriding the built-ins by name (see `planforge templates list`).
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Directory that iteration targets and deliverables are relative to.
    /// Default: `workflow.root` (relative to the spec), else the spec's directory.
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Only produce these document families (repeatable). Default: all.
    #[arg(long, value_enum, value_name = "FAMILY")]
    only: Vec<Family>,
    /// Overwrite generated files that were edited by hand, and files planforge did not write.
    #[arg(long)]
    force: bool,
    /// Write nothing; exit 1 listing files that are missing or differ from what the spec generates.
    #[arg(long)]
    check: bool,
    /// Refuse to write documents with default content: exit 1, nothing
    /// written, when any section would use a default (`default-content`).
    #[arg(long)]
    strict: bool,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let display = args.spec.display().to_string();
    let file = match spec::read_source(&args.spec, &display)? {
        Ok(file) => file,
        Err(d) => return report_invalid(vec![d]),
    };
    if let Some(dir) = &args.templates {
        if !dir.is_dir() {
            anyhow::bail!(
                "--templates `{}` is not a directory (export the built-ins with `planforge templates export DIR`)",
                dir.display()
            );
        }
    }
    if let Some(root) = &args.root {
        if !root.is_dir() {
            anyhow::bail!("--root `{}` is not a directory", root.display());
        }
    }
    let families = if args.only.is_empty() {
        CompileOptions::default().families
    } else {
        args.only.clone()
    };
    let load = LoadOptions {
        root: args.root.clone(),
        strict_targets: families.contains(&Family::Iterations),
    };
    let loaded = match load_plan_with(&file, &load) {
        Ok(l) => l,
        Err(diags) => return report_invalid(diags),
    };
    if !loaded.warnings.is_empty() {
        super::print_human(&loaded.warnings, 1)?;
    }
    if args.strict && loaded.warnings.iter().any(|d| d.rule == DEFAULT_CONTENT) {
        anstream::eprintln!("nothing was written: --strict refuses sections with default content (the default-content warnings above)");
        return Ok(Outcome::Findings);
    }
    let opts = CompileOptions {
        templates: args.templates.clone(),
        families,
    };
    let spec_name = args
        .spec
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| display.clone());
    let docs = compile_docs(&loaded, &spec_name, &opts);
    // Freeing a plan of thousands of tasks node by node costs more than
    // rendering it; the process ends soon, so leave it to the OS.
    std::mem::forget(loaded);
    let docs = match docs {
        Ok(d) => d,
        Err(e) => {
            anstream::eprintln!("error: {e}");
            return Ok(Outcome::Findings);
        }
    };
    if args.check {
        check_out(&args.output, &docs)
    } else {
        write_out(&args, &display, &docs)
    }
}

/// `--check`: lists what a compile would change.
fn check_out(out: &Path, docs: &[RenderedDoc]) -> anyhow::Result<Outcome> {
    let drift = match output::check(out, docs) {
        Ok(d) => d,
        Err(e @ output::WriteError::Unsafe { .. }) => {
            anstream::eprintln!("error: {e}\nhelp: planforge writes only real directories and regular files below OUT: remove or rename what it names");
            return Ok(Outcome::Findings);
        }
        Err(e) => return Err(e.into()),
    };
    if drift.is_empty() {
        outln!("{} is up to date ({} files)", out.display(), docs.len());
        return Ok(Outcome::Clean);
    }
    let files = drift
        .iter()
        .filter(|d| **d != output::Drift::Interrupted)
        .count();
    outln!(
        "{} is out of date: {files} of {} files would change",
        out.display(),
        docs.len()
    );
    for d in &drift {
        outln!("  {d}");
    }
    Ok(Outcome::Findings)
}

/// Writes the documents and reports what changed.
fn write_out(args: &Args, display: &str, docs: &[RenderedDoc]) -> anyhow::Result<Outcome> {
    let out = &args.output;
    let on_wait = || {
        anstream::eprintln!(
            "note: another planforge compile is writing into {}; waiting for it to finish",
            out.display()
        )
    };
    let write = output::WriteOptions {
        force: args.force,
        on_wait: &on_wait,
    };
    let help = match output::write_with(out, docs, &write) {
        Ok(report) => {
            print_report(out, display, &report)?;
            return Ok(Outcome::Clean);
        }
        Err(output::WriteError::Io { path, reason }) => {
            anyhow::bail!("cannot write `{path}`: {reason}")
        }
        Err(e @ output::WriteError::Conflicts(_)) => (e, "keep your edits in the spec or a template (`--templates`), or pass --force to overwrite"),
        Err(e @ output::WriteError::Unsafe { .. }) => (e, "nothing was written; planforge writes only real directories and regular files below OUT: remove or rename what it names, or compile into another directory"),
        Err(e @ output::WriteError::Collision(_)) => (e, "nothing was written; rename one of the two in the spec"),
    };
    anstream::eprintln!("error: {}\nhelp: {}", help.0, help.1);
    Ok(Outcome::Findings)
}

fn print_report(out: &Path, display: &str, report: &output::WriteReport) -> std::io::Result<()> {
    match report.recovered {
        Some(Recovered::Finished) => anstream::eprintln!(
            "note: finished an earlier compile into {} that was interrupted",
            out.display()
        ),
        Some(Recovered::Discarded) => anstream::eprintln!(
            "note: removed files staged by an earlier compile into {} that was interrupted before it changed anything",
            out.display()
        ),
        None => {}
    }
    let removed = if report.removed.is_empty() {
        String::new()
    } else {
        format!(", {} removed", report.removed.len())
    };
    outln!(
        "compiled {display} into {}: {} written, {} unchanged{removed}",
        out.display(),
        report.written.len(),
        report.unchanged.len(),
    );
    Ok(())
}

fn report_invalid(mut diags: Vec<diagnostics::Diagnostic>) -> anyhow::Result<Outcome> {
    diagnostics::sort_and_dedup(&mut diags);
    super::print_human(&diags, 1)?;
    anstream::eprintln!("nothing was written: fix the spec and compile again");
    Ok(Outcome::Findings)
}
