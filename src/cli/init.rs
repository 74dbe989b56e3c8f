//! `planforge init [PATH]`: write a commented starter spec.
//!
//! In: the spec path and where its schema should come from. Out: the spec,
//! whose first line is a `yaml-language-server` modeline, and (unless
//! `--schema-url` is given) the schema file the modeline names, so that
//! completion and hover docs work offline.

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::cli::Outcome;

/// The starter spec; a test checks that it passes `check`.
pub const STARTER: &str = include_str!("../../examples/starter.yaml");

/// The schema file `init` writes beside the spec by default.
pub const SCHEMA_FILE: &str = "planforge.schema.json";

#[derive(Debug, clap::Args)]
#[command(
    after_help = "The spec starts with a `# yaml-language-server: $schema=...` line, so that \
editors with the YAML language server (VS Code's YAML extension, Neovim, Helix, ...) offer completion \
and hover docs. By default the schema is written beside the spec (`planforge.schema.json`) and the \
line names it by relative path, which works offline; an existing planforge schema there is updated.\n\n\
Examples:\n  planforge init plan.yaml\n  planforge init specs/plan.yaml --schema ../schemas/planforge.schema.json\n  \
planforge init plan.yaml --schema-url   # link the published schema instead of writing a file\n  \
planforge init plan.yaml --schema-url=https://example.com/planforge.schema.json"
)]
pub struct Args {
    /// Where to write the spec.
    #[arg(default_value = "planforge.yaml")]
    path: PathBuf,
    /// Where to write the schema, relative to the spec's directory; the
    /// modeline names this path.
    #[arg(long, value_name = "PATH", default_value = SCHEMA_FILE)]
    schema: String,
    /// Name a schema URL in the modeline and write no schema file (editors
    /// then fetch it): `--schema-url=URL`. Without a value: the schema
    /// published in planforge's repository.
    #[arg(long, value_name = "URL", num_args = 0..=1, require_equals = true,
          default_missing_value = crate::links::SPEC_SCHEMA_URL, conflicts_with = "schema")]
    schema_url: Option<String>,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    if args.schema.contains("://") {
        anyhow::bail!(
            "`--schema` takes a file path, not a URL; write `--schema-url={}` to link a URL",
            args.schema
        );
    }
    if args.path.exists() {
        anyhow::bail!(
            "`{}` already exists; planforge does not overwrite it (choose another path or remove the file)",
            args.path.display()
        );
    }
    if let Some(dir) = args.path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if dir.exists() && !dir.is_dir() {
            anyhow::bail!(
                "cannot create `{}`: `{}` is a file, not a directory",
                args.path.display(),
                dir.display()
            );
        }
        if !dir.is_dir() {
            anyhow::bail!(
                "cannot create `{}`: the directory `{}` does not exist (create it first: `mkdir -p {}`)",
                args.path.display(),
                dir.display(),
                dir.display()
            );
        }
    }
    let target = match &args.schema_url {
        Some(url) => url.clone(),
        None => args.schema.clone(),
    };
    let schema_note = match &args.schema_url {
        Some(_) => String::new(),
        None => write_schema(&args.path, &args.schema)?,
    };
    let body = STARTER.split_once('\n').map_or(STARTER, |(_, rest)| rest);
    let text = format!("# yaml-language-server: $schema={target}\n{body}");
    crate::fsutil::create_new(&args.path, text.as_bytes())
        .with_context(|| format!("cannot create `{}`", args.path.display()))?;
    outln!(
        "wrote {}{schema_note}; next: planforge check {}",
        args.path.display(),
        args.path.display()
    );
    Ok(Outcome::Clean)
}

/// Writes the schema at `rel` (relative to the spec's directory) unless the
/// same schema is already there. Returns what to add to the report.
fn write_schema(spec: &Path, rel: &str) -> anyhow::Result<String> {
    let path = match spec.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join(rel),
        _ => PathBuf::from(rel),
    };
    let text = crate::spec::schema::schema_text();
    let verb = match std::fs::read_to_string(&path) {
        Ok(existing) if existing == text => return Ok(String::new()),
        Ok(existing) if is_planforge_schema(&existing) => " and updated",
        Ok(_) => anyhow::bail!(
            "`{}` exists and is not planforge's schema; pass `--schema PATH` to write it elsewhere",
            path.display()
        ),
        Err(_) if path.is_dir() => anyhow::bail!(
            "`{}` is a directory; pass `--schema PATH` with a file name",
            path.display()
        ),
        Err(_) => " and",
    };
    crate::fsutil::write_atomic(&path, text.as_bytes())
        .with_context(|| format!("cannot write the schema to `{}`", path.display()))?;
    Ok(format!("{verb} its schema {}", path.display()))
}

/// A schema an earlier planforge wrote: its `$id` names the spec schema.
fn is_planforge_schema(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text).is_ok_and(|v| {
        v.get("$id")
            .and_then(serde_json::Value::as_str)
            .is_some_and(|id| id.ends_with("/planforge.schema.json"))
    })
}
