//! Command-line interface: one module per subcommand, each with its `Args`
//! and a `run` returning an [`Outcome`]. Only `main` turns outcomes into exit
//! codes; any `Err` here is a usage or I/O error (exit 2).

/// `println!` through [`pipe::stdout`]: a closed pipe ends output quietly
/// and the command keeps its exit status; other write errors propagate.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!($crate::cli::pipe::stdout(), $($arg)*)?;
    }};
}

/// `print!` through [`pipe::stdout`], like [`outln!`].
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        write!($crate::cli::pipe::stdout(), $($arg)*)?;
    }};
}

mod check;
mod compile;
mod completions;
mod diff;
mod fill;
mod init;
mod lint;
mod man;
mod pipe;
mod plan;
mod schema;
mod templates;

use clap::{Parser, Subcommand};

/// What a successful run found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing to report (exit 0).
    Clean,
    /// Findings or invalid input (exit 1).
    Findings,
}

impl Outcome {
    pub fn from_failed(failed: bool) -> Self {
        if failed {
            Outcome::Findings
        } else {
            Outcome::Clean
        }
    }
}

/// Compile YAML project specs into complete orchestration plans, lint
/// Markdown plans for unfilled placeholders, and diff plan revisions.
#[derive(Debug, Parser)]
#[command(name = "planforge", version, about, long_about = None, propagate_version = true)]
#[command(
    after_help = "Exit codes: 0 ok, 1 findings or invalid input, 2 usage or I/O error.\n\
Start with `planforge init plan.yaml`, then `planforge check plan.yaml`."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// When to colour output.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    color: ColorWhen,
    /// Largest input file read (specs, Markdown, diff sides, --textconv),
    /// in bytes or with a unit: 512K, 16MiB, 1G. Larger files are refused
    /// with a clear error; FIFOs and devices are always refused.
    #[arg(long, global = true, value_name = "SIZE", default_value = "16MiB", value_parser = crate::input::parse_size)]
    max_size: u64,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ColorWhen {
    /// Colour on a terminal, unless NO_COLOR is set.
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate specs against the schema and the semantic rules.
    Check(check::Args),
    /// Compile a spec into its Markdown documents and manifest.json.
    Compile(compile::Args),
    /// Print the JSON Schema of the spec language.
    Schema(schema::Args),
    /// Write a commented starter spec that passes `check`.
    Init(init::Args),
    /// Check Markdown for unfilled placeholders, leftover LLM directives and
    /// template markup, and missing sections.
    Lint(lint::Args),
    /// List or export the built-in templates (a starting point for --templates).
    #[command(subcommand)]
    Templates(templates::Command),
    /// Show what changed between two plan revisions (specs, Markdown, or
    /// compiled output), section by section and entity by entity.
    Diff(diff::Args),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(completions::Args),
    /// Print the man page, or write every page with --dir.
    Man(man::Args),
    /// Print the computed plan every document is rendered from: schedule,
    /// slack, critical chains, agent load, phase windows.
    Plan(plan::Args),
    /// Fill a Markdown template (JAEGIS, BMAD, spec-kit dialects) from a
    /// values file; `--skeleton` prints the values file to fill.
    Fill(fill::Args),
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.color {
        ColorWhen::Auto => {}
        ColorWhen::Always => anstream::ColorChoice::Always.write_global(),
        ColorWhen::Never => anstream::ColorChoice::Never.write_global(),
    }
    crate::input::set_max_size(cli.max_size);
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Compile(args) => compile::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Init(args) => init::run(args),
        Command::Lint(args) => lint::run(args),
        Command::Templates(cmd) => templates::run(cmd),
        Command::Diff(args) => diff::run(args),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
        Command::Plan(args) => plan::run(args),
        Command::Fill(args) => fill::run(args),
    }
}

/// Prints diagnostics to stderr in the human format with their summary
/// line, as `check` prints them (`files`: how many inputs they came from).
fn print_human(diags: &[crate::diagnostics::Diagnostic], files: usize) -> std::io::Result<()> {
    let (errors, warnings) = crate::diagnostics::count(diags);
    crate::diagnostics::emit(
        &mut anstream::stderr().lock(),
        diags,
        crate::diagnostics::Format::Human,
        crate::diagnostics::Summary {
            files,
            errors,
            warnings,
        },
    )
}
