//! `planforge schema`: print the spec's JSON Schema.

use std::io::Write;

use crate::cli::Outcome;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Editors: put `# yaml-language-server: $schema=<path to this schema>` on the first line of a spec for completion and hover docs."
)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<Outcome> {
    let text = crate::spec::schema::schema_text();
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(Outcome::Clean)
}
