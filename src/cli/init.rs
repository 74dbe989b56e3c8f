//! `planforge init [PATH]`: write a commented starter spec.

use std::path::PathBuf;

use anyhow::Context;

use crate::cli::Outcome;

/// The starter spec; a test checks that it passes `check`.
pub const STARTER: &str = include_str!("../../examples/starter.yaml");

/// Where editors fetch the schema when `--schema` is not given.
pub const SCHEMA_URL: &str =
    "https://raw.githubusercontent.com/planforge/planforge/main/schemas/planforge.schema.json";

#[derive(Debug, clap::Args)]
#[command(
    after_help = "The file starts with a `# yaml-language-server: $schema=...` line so that editors with the YAML language server offer completion and hover docs. For offline use: `planforge schema > planforge.schema.json` and `planforge init --schema planforge.schema.json`."
)]
pub struct Args {
    /// Where to write the spec.
    #[arg(default_value = "planforge.yaml")]
    path: PathBuf,
    /// Schema location for the modeline (a path relative to the spec, or a URL).
    #[arg(long, default_value = SCHEMA_URL)]
    schema: String,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let body = STARTER.split_once('\n').map_or(STARTER, |(_, rest)| rest);
    let text = format!("# yaml-language-server: $schema={}\n{body}", args.schema);
    crate::fsutil::create_new(&args.path, text.as_bytes())
        .with_context(|| format!("cannot create `{}`", args.path.display()))?;
    anstream::println!(
        "wrote {}; next: planforge check {}",
        args.path.display(),
        args.path.display()
    );
    Ok(Outcome::Clean)
}
