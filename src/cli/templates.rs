//! `planforge templates list|export`: the built-in templates, as a
//! starting point for `compile --templates DIR`.

use std::path::PathBuf;

use anyhow::Context;

use crate::cli::Outcome;
use crate::render::BUILTIN;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// List the built-in templates by the name that overrides them.
    List,
    /// Write the built-in templates into DIR, to edit and pass to `compile --templates DIR`.
    #[command(
        after_help = "Templates use Tera syntax. Every `{{ value }}` in a `.md` template is escaped as inline Markdown; filters: yaml, yaml_list, oneline, num. An undefined variable is an error naming the template and line."
    )]
    Export {
        /// Directory to write into (created if missing).
        dir: PathBuf,
        /// Overwrite files that already exist.
        #[arg(long)]
        force: bool,
    },
}

pub fn run(cmd: Command) -> anyhow::Result<Outcome> {
    match cmd {
        Command::List => {
            let width = BUILTIN.iter().map(|b| b.name.len()).max().unwrap_or(0);
            for b in BUILTIN {
                outln!("{:width$}  {}", b.name, b.description);
            }
        }
        Command::Export { dir, force } => {
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create `{}`", dir.display()))?;
            let existing: Vec<String> = BUILTIN
                .iter()
                .filter(|b| dir.join(b.name).exists())
                .map(|b| b.name.to_string())
                .collect();
            if !force && !existing.is_empty() {
                anyhow::bail!(
                    "`{}` already holds {}; pass --force to overwrite",
                    dir.display(),
                    existing.join(", ")
                );
            }
            for b in BUILTIN {
                let path = dir.join(b.name);
                crate::fsutil::write_atomic(&path, b.text.as_bytes())
                    .with_context(|| format!("cannot write `{}`", path.display()))?;
            }
            outln!("wrote {} templates to {}; use them with `planforge compile SPEC -o OUT --templates {}`", BUILTIN.len(), dir.display(), dir.display());
        }
    }
    Ok(Outcome::Clean)
}
