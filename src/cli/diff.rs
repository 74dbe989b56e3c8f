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
use std::path::PathBuf;

use crate::diff::{self, recipes, source, DiffError};

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
    #[arg(value_name = "OLD", required_unless_present = "textconv")]
    old: Option<String>,
    /// The new revision, of the same kind as OLD.
    #[arg(value_name = "NEW", required_unless_present = "textconv")]
    new: Option<String>,
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
    /// Print FILE in the canonical form git's textconv should diff (a spec:
    /// one line per field, sorted, with the critical path; other files
    /// unchanged) and exit. See docs/diff.md for the git setup.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["old", "new"])]
    textconv: Option<String>,
    /// The real path of the file git handed over as a temporary copy
    /// (`$MERGED` in `difftool.<tool>.cmd`): a spec's workflow root and
    /// relative paths resolve from its directory.
    #[arg(long, value_name = "REAL")]
    path: Option<PathBuf>,
    /// Take git's external-diff arguments (`diff.<driver>.command`): PATH
    /// OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE [NEW-PATH INFO].
    /// Exits 0 when the report is printed, as git expects.
    #[arg(long, requires = "old")]
    git_external_diff: bool,
    /// The rest of git's external-diff arguments.
    #[arg(value_name = "GIT_ARGS", hide = true, requires = "git_external_diff")]
    git_args: Vec<String>,
}

/// What a side is called and where it really lives.
struct Named {
    arg: String,
    display: Option<String>,
    real: Option<PathBuf>,
}

/// The two sides from the command line, or from git's external-diff
/// arguments.
fn sides(args: &Args) -> anyhow::Result<[Named; 2]> {
    let (Some(old), Some(new)) = (&args.old, &args.new) else {
        anyhow::bail!("pass OLD and NEW (or --textconv FILE)");
    };
    if !args.git_external_diff {
        // `--path` names the real file of both sides; difftool's `$BASE`
        // only that of its temporary copies.
        let base = recipes::difftool_base(&[old, new]);
        let named = |arg: &String| Named {
            arg: arg.clone(),
            display: None,
            real: args.path.clone().or_else(|| {
                base.clone()
                    .filter(|_| recipes::is_git_temp(std::path::Path::new(arg)))
            }),
        };
        return Ok([named(old), named(new)]);
    }
    let mut all = vec![old.clone(), new.clone()];
    all.extend(args.git_args.iter().cloned());
    let (path, old_file, new_file) = match all.as_slice() {
        [path, old_file, _, _, new_file, _, _, rest @ ..] if rest.len() <= 2 => {
            let renamed = rest.first().unwrap_or(path);
            (
                (path.clone(), renamed.clone()),
                old_file.clone(),
                new_file.clone(),
            )
        }
        _ => anyhow::bail!(
            "--git-external-diff takes the 7 (or 9) arguments git passes to \
             diff.<driver>.command, got {}",
            all.len()
        ),
    };
    Ok([
        Named {
            arg: old_file,
            display: Some(format!("a/{}", path.0)),
            real: Some(PathBuf::from(&path.0)),
        },
        Named {
            arg: new_file,
            display: Some(format!("b/{}", path.1)),
            real: Some(PathBuf::from(&path.1)),
        },
    ])
}

/// Reads a side and places it where it really lives.
fn load(named: &Named) -> anyhow::Result<diff::Side> {
    let mut side = source::load(&named.arg).map_err(print_diagnostics)?;
    recipes::place(&mut side, named.real.as_deref());
    if let (Some(display), diff::Side::Document(d)) = (&named.display, &mut side) {
        d.display = display.clone();
    }
    Ok(side)
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    if let Some(file) = &args.textconv {
        let side = source::load(file).map_err(print_diagnostics)?;
        let text = diff::textconv(&side).map_err(print_diagnostics)?;
        let mut out = crate::cli::pipe::stdout();
        out.write_all(text.as_bytes())?;
        out.flush()?;
        return Ok(Outcome::Clean);
    }
    let [old, new] = sides(&args)?;
    let (old, new) = (load(&old)?, load(&new)?);
    let diff_opts = diff::DiffOptions {
        compiled: !args.no_compiled,
        context: (!args.stat).then_some(args.context),
    };
    let report = diff::diff(&old, &new, diff_opts).map_err(print_diagnostics)?;
    let opts = Options {
        format: args.format,
        stat: args.stat,
        context: args.context,
    };
    let mut out = crate::cli::pipe::stdout_buffered();
    format::write(&mut out, &report, opts)?;
    out.flush()?;
    Ok(Outcome::from_failed(
        report.has_changes() && !args.git_external_diff,
    ))
}

/// Prints an invalid spec's diagnostics (or a non-UTF-8 file's) to stderr
/// exactly as `check` prints them; the error that remains says which side
/// failed.
fn print_diagnostics(e: DiffError) -> anyhow::Error {
    let (message, mut diags) = match e {
        DiffError::InvalidSpec(message, diags) => (message, diags),
        DiffError::NotUtf8 {
            ref display,
            ref diagnostic,
        } => (
            format!("`{display}` is not UTF-8 text"),
            vec![(**diagnostic).clone()],
        ),
        e => return e.into(),
    };
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
    // The message below still reaches the user if stderr cannot take the list.
    let _ = diagnostics::emit(&mut err, &diags, diagnostics::Format::Human, summary);
    let _ = err.flush();
    anyhow::anyhow!(message)
}
