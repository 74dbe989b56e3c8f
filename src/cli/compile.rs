//! `planforge compile SPEC -o OUT`: write the documents of a spec.

use std::path::PathBuf;

use crate::cli::Outcome;
use crate::compile::{compile_docs, load_plan_with, CompileOptions, LoadOptions};
use crate::diagnostics::{self, Format, Summary};
use crate::output;
use crate::render::Family;
use crate::spec;
use crate::validate::default_content::RULE as DEFAULT_CONTENT;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  planforge compile plan.yaml -o out\n  planforge compile plan.yaml -o out --only jaegis --only pact\n  planforge compile workflow.yaml -o out --only iterations --root .   # targets relative to the current directory\n  planforge compile plan.yaml -o docs/plan --check   # in CI: fail when docs/plan is stale\n  planforge compile plan.yaml -o out --strict   # every section decided in the spec, no defaults\n\n\
The spec is checked first; an invalid spec writes nothing, and neither does a workflow target that matches no file under the root. Files are written atomically. A generated file edited by hand (its hash no longer matches manifest.json) is not overwritten without --force.\n\n\
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
        let (e, w) = diagnostics::count(&loaded.warnings);
        diagnostics::emit(
            &mut anstream::stderr().lock(),
            &loaded.warnings,
            Format::Human,
            Summary {
                files: 1,
                errors: e,
                warnings: w,
            },
        )?;
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
    let out = &args.output;
    if args.check {
        let drift = output::check(out, &docs)?;
        if drift.is_empty() {
            anstream::println!("{} is up to date ({} files)", out.display(), docs.len());
            return Ok(Outcome::Clean);
        }
        anstream::println!(
            "{} is out of date: {} of {} files would change",
            out.display(),
            drift.len(),
            docs.len()
        );
        for d in &drift {
            anstream::println!("  {d}");
        }
        return Ok(Outcome::Findings);
    }
    match output::write(out, &docs, args.force) {
        Ok(report) => {
            anstream::println!(
                "compiled {} into {}: {} written, {} unchanged{}",
                display,
                out.display(),
                report.written.len(),
                report.unchanged.len(),
                if report.removed.is_empty() {
                    String::new()
                } else {
                    format!(", {} removed", report.removed.len())
                }
            );
            Ok(Outcome::Clean)
        }
        Err(e @ output::WriteError::Conflicts(_)) => {
            anstream::eprintln!("error: {e}\nhelp: keep your edits in the spec or a template (`--templates`), or pass --force to overwrite");
            Ok(Outcome::Findings)
        }
        Err(e) => Err(e.into()),
    }
}

fn report_invalid(mut diags: Vec<diagnostics::Diagnostic>) -> anyhow::Result<Outcome> {
    diagnostics::sort_and_dedup(&mut diags);
    let (errors, warnings) = diagnostics::count(&diags);
    diagnostics::emit(
        &mut anstream::stderr().lock(),
        &diags,
        Format::Human,
        Summary {
            files: 1,
            errors,
            warnings,
        },
    )?;
    anstream::eprintln!("nothing was written: fix the spec and compile again");
    Ok(Outcome::Findings)
}
