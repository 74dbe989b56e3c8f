//! `planforge schema`: print the spec's JSON Schema, or with `--manifest`
//! the schema of the `manifest.json` that `compile` writes.

use std::io::Write;

use crate::cli::Outcome;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Editors: put `# yaml-language-server: $schema=<path to this schema>` on the first line of a spec for completion and hover docs."
)]
pub struct Args {
    /// Print the schema of `manifest.json` (files, hashes, and the execution manifest of the workflow) instead.
    #[arg(long)]
    manifest: bool,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let text = if args.manifest {
        crate::output::manifest::manifest_schema_text()
    } else {
        crate::spec::schema::schema_text()
    };
    super::pipe::PipeGuard::new(std::io::stdout().lock()).write_all(text.as_bytes())?;
    Ok(Outcome::Clean)
}
