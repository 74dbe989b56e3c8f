//! `planforge check SPEC...`: validate specs and print every diagnostic.

use std::path::PathBuf;

use crate::cli::Outcome;
use crate::diagnostics::{self, Diagnostic, Format, Summary};
use crate::spec;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  planforge check plan.yaml\n  planforge check --format json specs/*.yaml\n\n\
Exit codes: 0 every spec is valid (warnings allowed), 1 a spec is invalid, 2 a file could not be read."
)]
pub struct Args {
    /// Spec files (YAML) to check.
    #[arg(required = true, value_name = "SPEC")]
    specs: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let mut diags = Vec::new();
    let mut io_failed = false;
    for path in &args.specs {
        let display = path.display().to_string();
        match check_path(path, &display) {
            Ok(found) => diags.extend(found),
            Err(e) => {
                io_failed = true;
                diags.push(Diagnostic::file_level(&display, "io", e.reason));
            }
        }
    }
    diagnostics::sort_and_dedup(&mut diags);
    let (errors, warnings) = diagnostics::count(&diags);
    let summary = Summary {
        files: args.specs.len(),
        errors,
        warnings,
    };
    let mut out = super::pipe::stdout();
    diagnostics::emit(&mut out, &diags, args.format, summary)?;
    if io_failed {
        anyhow::bail!("some files could not be read");
    }
    Ok(Outcome::from_failed(errors > 0))
}

/// All diagnostics for one spec file: errors if invalid, else its warnings.
pub(crate) fn check_path(
    path: &std::path::Path,
    display: &str,
) -> Result<Vec<Diagnostic>, spec::ReadError> {
    let file = match spec::read_source(path, display)? {
        Ok(file) => file,
        Err(d) => return Ok(vec![d]),
    };
    Ok(match crate::compile::load_plan(&file) {
        Ok(mut loaded) => {
            let warnings = std::mem::take(&mut loaded.warnings);
            // Freeing a plan of thousands of tasks node by node costs more
            // than checking it; the process ends soon, so leave it to the OS.
            std::mem::forget(loaded);
            warnings
        }
        Err(diags) => diags,
    })
}
