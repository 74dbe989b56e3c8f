//! `planforge fill TEMPLATE --values VALUES [-o OUT]`: fill a template (or
//! a directory of templates) from a values file; `--skeleton` prints the
//! values file to fill.
//!
//! In: paths and flags. Out: the filled document(s) on stdout or written
//! atomically, diagnostics on stderr, an [`Outcome`]. The work is in
//! [`crate::fill`]; this module reads files, prints and writes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;

use crate::cli::Outcome;
use crate::diagnostics::Diagnostic;
use crate::fill::{batch, skeleton, values, Template, Val};
use crate::fsutil;

const AFTER_HELP: &str = "\
Examples:
  planforge fill template.md --skeleton > values.yaml     the values file to fill
  planforge fill template.md --skeleton --format schema   its JSON Schema (validate an LLM's answer)
  planforge fill template.md --values values.yaml -o plan.md
  planforge fill template.md --values values.yaml --set project_name=Atlas
  planforge fill templates/ --values values.yaml -o docs/  every .md under templates/
  planforge fill template.md --values values.yaml -o plan.md --check   in CI: fail on drift

Slots: [UPPER_SNAKE], {{Title Case}}, {{snake_case}}, {snake_case}, [Title Case N] and
sentence slots such as [Provide an overview of ...] (named after their bold label, the
words before their colon, or their heading: see --skeleton). Names match in any spelling
(PROJECT_NAME, Project Name, projectName -> project_name); nested keys by dotted path.
Blocks: <<REPEAT: list>> ... <</REPEAT>> and {{#each list}} ... {{/each}} once per item
(the item's keys, {{this}}, {{@index}}, {{@first}}, {{@last}} in scope);
^^CONDITION: flag^^ ... ^^/CONDITION: flag^^, {{#if flag}} ... {{else}} ... {{/if}} and
{{#unless flag}} on a boolean (slots only inside a switched-off block need no value). [[LLM: ...]] directives, @{example} ... @{/example},
@{example: ...} and TEMPLATE GUIDE / ACTION REQUIRED comments are removed. Slots in code
blocks are filled too.

How values are inserted: verbatim in prose and in code (trailing line breaks dropped); in
a table row every `|` becomes `\\|` and every line break `<br>`. `--set k=true|false`
gives a boolean, anything else text.

Nothing is written when a slot has no value, a key is unknown (with did-you-mean), a value
has the wrong type, a block is unbalanced, or lint's placeholder grammar still finds a
leftover in the result (reported at the template line) -- unless --allow-unfilled, which
leaves such slots as written and reports them as warnings. A document with no slot left is
copied unchanged, so filling twice changes nothing.

Exit codes: 0 filled (or up to date with --check), 1 invalid template or values, leftovers,
or drift, 2 usage or I/O error.";

/// What `--skeleton` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SkeletonFormat {
    /// A commented YAML values file.
    Yaml,
    /// The JSON Schema (2020-12) of that values file.
    Schema,
}

#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The template, or a directory: every `.md` / `.markdown` file under it.
    #[arg(value_name = "TEMPLATE")]
    template: PathBuf,
    /// Values file, YAML or JSON.
    #[arg(long, value_name = "VALUES")]
    values: Option<PathBuf>,
    /// Set one value, over the values file (repeatable): `project_name=Atlas`,
    /// `flag=true`, `project.name=Atlas`.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    set: Vec<String>,
    /// Output file (a directory when TEMPLATE is one). Default: standard output.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// Print the values file to fill instead of the document.
    #[arg(long, conflicts_with_all = ["values", "set", "output", "check", "allow_unfilled"])]
    skeleton: bool,
    /// With --skeleton: the values file (yaml) or its JSON Schema (schema).
    #[arg(long, value_enum, default_value_t = SkeletonFormat::Yaml, requires = "skeleton")]
    format: SkeletonFormat,
    /// Write nothing; exit 1 if OUT differs from what would be written.
    #[arg(long, requires = "output")]
    check: bool,
    /// Fill what has a value, leave the rest as written (warnings), and write.
    #[arg(long)]
    allow_unfilled: bool,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let is_dir = args.template.is_dir();
    let rels = if is_dir {
        directory_templates(&args)?
    } else {
        Vec::new()
    };
    let sources = read_templates(&args.template, &rels)?;
    let templates = match sources.and_then(batch::parse_all) {
        Ok(t) => t,
        Err(diags) => return report(&diags, 0).map(|_| Outcome::Findings),
    };
    if args.skeleton {
        let refs: Vec<&Template> = templates.iter().collect();
        match args.format {
            SkeletonFormat::Yaml => print!("{}", skeleton::yaml(&refs)),
            SkeletonFormat::Schema => {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&skeleton::schema(&refs))?
                )
            }
        }
        return Ok(Outcome::Clean);
    }
    let vals = match load_values(&args)? {
        Ok(v) => v,
        Err(diags) => return report(&diags, templates.len()).map(|_| Outcome::Findings),
    };
    let (texts, diags) = batch::fill_all(&templates, &vals, args.allow_unfilled);
    report(&diags, templates.len())?;
    let Some(texts) = texts else {
        eprintln!("nothing written");
        return Ok(Outcome::Findings);
    };
    let Some(out) = &args.output else {
        let mut stdout = super::pipe::PipeGuard::new(std::io::stdout().lock());
        for t in &texts {
            stdout.write_all(t.as_bytes())?;
        }
        return Ok(Outcome::Clean);
    };
    let outputs: Vec<(PathBuf, String)> = if is_dir {
        rels.iter().map(|r| out.join(r)).zip(texts).collect()
    } else {
        vec![(out.clone(), texts.into_iter().next().unwrap_or_default())]
    };
    if args.check {
        return check(&outputs);
    }
    write(&outputs, is_dir)?;
    eprintln!(
        "filled {} into {}",
        plural(outputs.len(), "template"),
        display(out)
    );
    Ok(Outcome::Clean)
}

/// The templates under the directory `args.template`, relative to it.
fn directory_templates(args: &Args) -> anyhow::Result<Vec<PathBuf>> {
    if args.output.is_none() && !args.skeleton {
        anyhow::bail!("filling a directory needs `-o OUTDIR`");
    }
    if args
        .output
        .as_deref()
        .is_some_and(|o| batch::same_dir(o, &args.template))
    {
        anyhow::bail!("`-o` must not be the template directory itself");
    }
    let rels = batch::templates_in(&args.template, args.output.as_deref())
        .with_context(|| format!("cannot read `{}`", args.template.display()))?;
    if rels.is_empty() {
        anyhow::bail!("no `.md` templates under `{}`", args.template.display());
    }
    Ok(rels)
}

/// Writes one file atomically, or a directory's files all or nothing.
fn write(outputs: &[(PathBuf, String)], is_dir: bool) -> anyhow::Result<()> {
    match outputs {
        [(path, text)] if !is_dir => {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create `{}`", display(parent)))?;
            }
            fsutil::write_atomic(path, text.as_bytes())
                .with_context(|| format!("cannot write `{}`", display(path)))
        }
        _ => batch::write_all(outputs).context("cannot write the filled documents"),
    }
}

fn plural(n: usize, w: &str) -> String {
    format!("{n} {w}{}", if n == 1 { "" } else { "s" })
}

fn display(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// Reads the templates (`rels` under `base`, or `base` itself); an
/// unreadable file is an I/O error, a binary or non-UTF-8 one a finding.
fn read_templates(
    base: &Path,
    rels: &[PathBuf],
) -> anyhow::Result<Result<Vec<Arc<SourceFile>>, Vec<Diagnostic>>> {
    let paths: Vec<PathBuf> = if rels.is_empty() {
        vec![base.to_path_buf()]
    } else {
        rels.iter().map(|r| base.join(r)).collect()
    };
    let mut files = Vec::new();
    let mut bad = Vec::new();
    for p in paths {
        let shown = display(&p);
        let bytes = std::fs::read(&p).with_context(|| format!("cannot read `{shown}`"))?;
        match crate::lint::read(&shown, bytes) {
            Ok(f) => files.push(Arc::new(f)),
            Err(d) => bad.push(d),
        }
    }
    Ok(if bad.is_empty() { Ok(files) } else { Err(bad) })
}

use crate::diagnostics::SourceFile;

/// The value tree of `--values` and `--set`.
fn load_values(args: &Args) -> anyhow::Result<Result<Val, Vec<Diagnostic>>> {
    let mut root = match &args.values {
        Some(path) => {
            let shown = display(path);
            let bytes = std::fs::read(path).with_context(|| format!("cannot read `{shown}`"))?;
            let file = match crate::spec::load::from_bytes(&shown, bytes) {
                Ok(f) => f,
                Err(d) => return Ok(Err(vec![d])),
            };
            match values::load(&file) {
                Ok(v) => v,
                Err(d) => return Ok(Err(d)),
            }
        }
        None => values::empty(&Arc::new(SourceFile::new("--set", args.set.join("\n")))),
    };
    if let Err(d) = values::apply_sets(&mut root, &args.set) {
        return Ok(Err(d));
    }
    Ok(Ok(root))
}

/// Prints diagnostics (if any) on stderr.
fn report(diags: &[Diagnostic], files: usize) -> anyhow::Result<()> {
    if diags.is_empty() {
        return Ok(());
    }
    super::print_human(diags, files.max(1))?;
    Ok(())
}

/// `--check`: exit 1 if any output is missing or differs.
fn check(outputs: &[(PathBuf, String)]) -> anyhow::Result<Outcome> {
    let mut drift = 0;
    for (path, text) in outputs {
        let shown = display(path);
        match std::fs::read_to_string(path) {
            Ok(old) if old == *text => {}
            Ok(old) => {
                drift += 1;
                eprintln!("{shown}: differs from what the template and values give");
                let diff = similar::TextDiff::from_lines(&old, text);
                eprint!(
                    "{}",
                    diff.unified_diff()
                        .context_radius(1)
                        .header(&shown, "filled")
                );
            }
            Err(_) => {
                drift += 1;
                eprintln!("{shown}: missing");
            }
        }
    }
    if drift == 0 {
        eprintln!("up to date: {}", plural(outputs.len(), "document"));
    }
    Ok(Outcome::from_failed(drift > 0))
}
