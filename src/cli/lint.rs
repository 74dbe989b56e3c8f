//! `planforge lint [PATH...]`: check Markdown for unfilled placeholders,
//! leftover LLM directives and template markup, and missing sections.
//!
//! In: paths, flags and `planforge.toml`. Out: diagnostics in the chosen
//! format and an [`Outcome`]. Files are linted in parallel
//! ([`schedule::in_report_order`]); output is sorted by path, line and
//! column whatever the scheduling.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use crate::cli::Outcome;
use crate::diagnostics::{self, machine, sarif, Diagnostic, Format, RuleInfo, Summary};
use crate::lint::rules::{self, RULES};
use crate::lint::schedule::{self, Sources};
use crate::lint::template::Template;
use crate::lint::walk::Input;
use crate::lint::{config, LintConfig, Linter, ReadFailure, UNKNOWN_RULE};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  planforge lint                          lint every Markdown file under the current directory
  planforge lint docs/ plan.md            lint a directory and a file
  planforge lint --format sarif . > lint.sarif
  cat plan.md | planforge lint - --stdin-filename plan.md
  planforge lint --kind pact-action-phase draft.md
  planforge lint --template templates/prd-tmpl.md docs/prd.md
  planforge lint --explain placeholder    what a rule checks and how to fix it

Suppress a finding with <!-- planforge-disable-next-line RULE -->, a region with
<!-- planforge-disable RULE --> ... <!-- planforge-enable RULE -->, a file with
<!-- planforge-disable-file -->. Configure rules, globs, allowed tokens and your
own document kinds in planforge.toml (see docs/lint.md).

Exit codes: 0 no errors (warnings pass unless --deny-warnings), 1 findings,
2 usage or I/O error.")]
pub struct Args {
    /// Files and directories to lint (directories recursively, honouring
    /// .gitignore); `-` reads standard input. Default: the current directory.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Config file (default: planforge.toml in the working directory or
    /// the nearest ancestor).
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Ignore planforge.toml files.
    #[arg(long)]
    no_config: bool,
    /// Check every document as this kind (e.g. jaegis-framework,
    /// pact-action-phase, agent-prompt), whatever its content says.
    #[arg(long, value_name = "KIND")]
    kind: Option<String>,
    /// Check every document against this Markdown template: its headings
    /// are the required sections (slotted headings match any filled form),
    /// and each of its fill-in tokens left in a document is an error, code
    /// blocks included.
    #[arg(long, value_name = "TEMPLATE", conflicts_with = "kind")]
    template: Option<PathBuf>,
    /// Name shown for standard input, also used to detect its kind.
    #[arg(long, value_name = "NAME", default_value = "<stdin>")]
    stdin_filename: String,
    /// Exit 1 on warnings too.
    #[arg(long)]
    deny_warnings: bool,
    /// Print a rule's documentation and exit.
    #[arg(long, value_name = "RULE", exclusive = true)]
    explain: Option<String>,
    /// List the rules with their default levels and exit.
    #[arg(long, exclusive = true)]
    list_rules: bool,
    /// Print the JSON Schema of planforge.toml and exit.
    #[arg(long, exclusive = true)]
    print_config_schema: bool,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    if let Some(id) = &args.explain {
        let rule = rules::by_id(id).ok_or_else(|| {
            let known: Vec<_> = RULES.iter().map(|r| r.id).collect();
            let hint = crate::suggest::did_you_mean(id, known.iter().copied())
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            anyhow::anyhow!("unknown rule `{id}`{hint} (rules: {})", known.join(", "))
        })?;
        out!("{}", rule.explain);
        return Ok(Outcome::Clean);
    }
    if args.list_rules {
        for r in RULES {
            outln!(
                "{:<16} {:<8} {}",
                r.id,
                r.default_severity.as_str(),
                r.summary
            );
        }
        return Ok(Outcome::Clean);
    }
    if args.print_config_schema {
        out!("{}", config::schema_text());
        return Ok(Outcome::Clean);
    }
    let config = load_config(&args)?;
    for w in &config.warnings {
        eprintln!("warning: {}: {w}", config_name(&args));
    }
    let deny_warnings = args.deny_warnings || config.deny_warnings;
    let mut linter = Linter::new(config, args.kind.as_deref())?;
    if let Some(path) = &args.template {
        let bytes = crate::input::read(path)
            .map_err(|e| anyhow::anyhow!("cannot read template {}: {e}", path.display()))?;
        let text = String::from_utf8(bytes).map_err(|_| {
            anyhow::anyhow!(
                "cannot read template {}: it is not UTF-8 text",
                path.display()
            )
        })?;
        let name = path.display().to_string();
        linter.force_template(Template::from_text(&name, &text, Vec::new())?);
    }
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let sources = Sources {
        paths: &paths,
        stdin_name: &args.stdin_filename,
        config: linter.config(),
    };
    let stdout = std::io::stdout();
    let color = anstream::AutoStream::choice(&stdout) != anstream::ColorChoice::Never;
    let mut out =
        // Not `stdout.lock()`: the worker whose result is next writes it.
        std::io::BufWriter::with_capacity(1 << 16, super::pipe::PipeGuard::new(stdout));
    let totals = if diagnostics::streams(args.format) {
        stream(&linter, sources, args.format, color, &mut out)?
    } else {
        whole(&linter, sources, args.format, &mut out)?
    };
    out.flush()?;
    if totals.io_failed {
        anyhow::bail!("some paths could not be read");
    }
    let failed = totals.errors > 0 || (deny_warnings && totals.warnings > 0);
    Ok(Outcome::from_failed(failed))
}

/// What a run found, for the summary and the exit code.
#[derive(Debug, Default)]
struct Totals {
    errors: usize,
    warnings: usize,
    io_failed: bool,
}

/// One input's diagnostics, sorted, and whether it could not be read.
fn lint_one(linter: &Linter, input: &Input) -> (Vec<Diagnostic>, bool) {
    let (mut diags, io_failed) = match lint_input(linter, input) {
        Ok(found) => (found, false),
        Err(ReadFailure::Content(d)) => (vec![d], false),
        Err(ReadFailure::Io(d)) => (vec![d], true),
    };
    diagnostics::sort_and_dedup(&mut diags);
    (diags, io_failed)
}

/// Human and GitHub output: each file is linted and rendered by a worker,
/// and its text written (then freed) as soon as every file before it in
/// path order has been.
fn stream(
    linter: &Linter,
    sources: Sources,
    format: Format,
    color: bool,
    out: &mut (dyn Write + Send),
) -> anyhow::Result<Totals> {
    let (files, totals) = lint_and_write(
        linter,
        sources,
        |diags| {
            let mut text = Vec::new();
            diagnostics::emit_diagnostics(&mut text, diags, format, color).map(|()| text)
        },
        |text| out.write_all(text),
    )?;
    let summary = Summary {
        files,
        errors: totals.errors,
        warnings: totals.warnings,
    };
    let any = totals.errors + totals.warnings > 0;
    diagnostics::emit_summary(out, summary, format, any, color)?;
    Ok(totals)
}

/// Lints every input, renders each file's diagnostics with `render` on the
/// workers, and hands the texts to `write` in path order; returns how many
/// files were linted and what they held. The first error, of rendering or
/// writing, stops the writing and is returned once the run is over.
fn lint_and_write(
    linter: &Linter,
    sources: Sources,
    render: impl Fn(&[Diagnostic]) -> std::io::Result<Vec<u8>> + Sync,
    mut write: impl FnMut(&[u8]) -> std::io::Result<()> + Send,
) -> anyhow::Result<(usize, Totals)> {
    let mut totals = Totals::default();
    let mut failed = None;
    let files = schedule::in_report_order(
        sources,
        |input| {
            let (diags, io_failed) = lint_one(linter, input);
            (render(&diags), diagnostics::count(&diags), io_failed)
        },
        |(text, (errors, warnings), io_failed)| {
            totals.errors += errors;
            totals.warnings += warnings;
            totals.io_failed |= io_failed;
            if failed.is_none() {
                failed = text.and_then(|t| write(&t)).err();
            }
        },
    );
    match failed {
        Some(e) => Err(e.into()),
        None => Ok((files, totals)),
    }
}

/// The registry as the SARIF printer describes it.
fn rule_infos() -> Vec<RuleInfo> {
    RULES
        .iter()
        .map(|r| RuleInfo {
            id: r.id,
            name: r.name,
            summary: r.summary,
            help: r.explain,
            default_severity: r.default_severity,
        })
        .collect()
}

/// JSON and SARIF: one document holding every diagnostic. Each worker
/// renders its file's array elements (typed structs, no JSON values); they
/// are written in path order as they come, between the document's head and
/// its tail (the summary).
fn whole(
    linter: &Linter,
    sources: Sources,
    format: Format,
    out: &mut (dyn Write + Send),
) -> anyhow::Result<Totals> {
    let infos = rule_infos();
    let table = sarif::SarifRules::with_extra(&infos, &["invalid-file", "io", UNKNOWN_RULE]);
    let mut doc = match format {
        Format::Sarif => machine::Document::sarif(out, &table)?,
        _ => machine::Document::json(out)?,
    };
    let (files, totals) = lint_and_write(
        linter,
        sources,
        |diags| match format {
            Format::Sarif => sarif::sarif_items(diags, &table),
            _ => machine::json_items(diags),
        },
        |text| doc.part(out, text),
    )?;
    let summary = Summary {
        files,
        errors: totals.errors,
        warnings: totals.warnings,
    };
    match format {
        Format::Sarif => doc.end_sarif(out)?,
        _ => doc.end_json(out, summary)?,
    }
    Ok(totals)
}

/// The config file's name for messages.
fn config_name(args: &Args) -> String {
    args.config.as_ref().map_or_else(
        || config::FILE_NAME.to_string(),
        |p| p.display().to_string(),
    )
}

fn load_config(args: &Args) -> anyhow::Result<LintConfig> {
    if args.no_config {
        return Ok(LintConfig::default());
    }
    let path = match &args.config {
        Some(p) => Some(p.clone()),
        None => config::find(&std::env::current_dir()?),
    };
    match path {
        Some(p) => Ok(LintConfig::load(&p)?),
        None => Ok(LintConfig::default()),
    }
}

fn lint_input(linter: &Linter, input: &Input) -> Result<Vec<Diagnostic>, ReadFailure> {
    match input {
        Input::File {
            path,
            display,
            found,
        } => linter.lint_path(path, display, *found),
        Input::Unreadable { display, reason } => Err(ReadFailure::Io(Diagnostic::file_level(
            display,
            "io",
            reason.clone(),
        ))),
        Input::Stdin { display } => {
            let bytes =
                crate::input::read_limited(std::io::stdin().lock(), crate::input::max_size())
                    .map_err(|e| crate::lint::read_failure(display, e))?;
            let file = crate::lint::read(display, bytes).map_err(ReadFailure::Content)?;
            let path = std::path::Path::new(display);
            Ok(linter.lint_file(&Arc::new(file), Some(path)))
        }
    }
}
