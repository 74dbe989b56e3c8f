//! `planforge diff OLD NEW`: what changed between two plan revisions.
//!
//! In: two side arguments (files, directories, `REV:path`). Out: the report
//! on stdout; [`Outcome::Findings`] when anything changed (exit 1),
//! [`Outcome::Clean`] when nothing did (exit 0), `Err` when a side could
//! not be read or compared (exit 2). Invalid specs print their diagnostics
//! to stderr exactly as `check` prints them before the error.

use std::io::Write;

use crate::cli::Outcome;
use crate::diagnostics::{self, Summary};
use crate::diff::format::{self, Format, Options};
use crate::diff::{self, source, DiffError};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Each side is a spec (.yaml), a Markdown document (.md), or a directory of
compiled output (files paired by relative path). REV:path reads a side from
git at that revision (HEAD~1:plan.yaml; :plan.yaml is the index); the path is
relative to the current directory, and an existing file whose name contains
`:` is read as a file.

Two specs give a semantic change list (entities matched by id or name, so
reordering is no change and renames are detected), its consequences
(critical path, total duration, risk scores), then the section diff of the
documents both compile to. Two Markdown documents give a section diff.

Examples:
  planforge diff plan-v1.yaml plan-v2.yaml
  planforge diff HEAD~1:plan.yaml plan.yaml
  planforge diff --stat main:out/ out/
  planforge diff --format markdown HEAD~1:plan.yaml plan.yaml > comment.md
  planforge diff --format json old.md new.md

Exit codes (like diff(1)): 0 no changes, 1 changes, 2 error (unreadable or
invalid input, a spec against a Markdown document).")]
pub struct Args {
    /// The old revision: spec, Markdown document, directory or REV:path.
    #[arg(value_name = "OLD")]
    old: String,
    /// The new revision, of the same kind as OLD.
    #[arg(value_name = "NEW")]
    new: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Terminal)]
    format: Format,
    /// One line per section with added and removed line counts, no diffs.
    #[arg(long)]
    stat: bool,
    /// For specs: only the semantic change list and its consequences, not
    /// the diff of the documents they compile to.
    #[arg(long)]
    no_compiled: bool,
    /// Lines of context around each change.
    #[arg(short = 'U', long = "unified", value_name = "N", default_value_t = 3)]
    context: usize,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let old = source::load(&args.old)?;
    let new = source::load(&args.new)?;
    let diff_opts = diff::DiffOptions {
        compiled: !args.no_compiled,
    };
    let report = match diff::diff(&old, &new, diff_opts) {
        Ok(report) => report,
        Err(DiffError::InvalidSpec(message, mut diags)) => {
            diagnostics::sort_and_dedup(&mut diags);
            let (errors, warnings) = diagnostics::count(&diags);
            let files = diags
                .iter()
                .map(|d| d.file.path.as_str())
                .collect::<std::collections::BTreeSet<_>>()
                .len();
            let summary = Summary {
                files,
                errors,
                warnings,
            };
            let mut err = anstream::stderr().lock();
            diagnostics::emit(&mut err, &diags, diagnostics::Format::Human, summary)?;
            err.flush()?;
            anyhow::bail!(message);
        }
        Err(e) => return Err(e.into()),
    };
    let opts = Options {
        format: args.format,
        stat: args.stat,
        context: args.context,
    };
    let mut out = anstream::stdout().lock();
    format::write(&mut out, &report, opts)?;
    out.flush()?;
    Ok(Outcome::from_failed(report.has_changes()))
}
