//! `diff`: what changed between two revisions of a plan.
//!
//! In: two [`Side`]s ([`source::load`] reads them from files, directories
//! or git). Out: a [`DiffReport`]: for two specs, the semantic entity diff
//! and its consequences ([`spec`]) plus the section diff of the documents
//! both compile to; for Markdown documents or compiled output directories,
//! the section diff of each document ([`document`]); [`format`] prints it.
//!
//! ```text
//! (Side, Side) → spec:     (Plan, Plan) → SpecDiff + compiled Vec<DocDiff>
//!              → markdown: (text, text) → sections → matched pairs → DocDiff
//!              → DiffReport → format::{terminal, markdown, json}
//! ```

pub mod allocations;
pub mod document;
mod entities;
pub mod fields;
pub mod format;
pub mod front_matter;
pub mod hunks;
pub mod markdown;
pub mod matching;
pub mod placeholders;
pub mod recipes;
pub mod regions;
pub mod source;
pub mod spec;
pub mod textconv;

use std::sync::Arc;

use crate::compile::{self, CompileOptions, LoadedPlan};
use crate::diagnostics::{Diagnostic, SourceFile};

pub use document::{DocChange, DocDiff, SectionDiff};
pub use source::{DocKind, Document, Side};
pub use spec::SpecDiff;

/// Why a diff could not be computed (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    #[error("cannot read `{display}`: {reason}")]
    Read { display: String, reason: String },
    #[error("cannot read `{display}` from git: {reason}")]
    Git { display: String, reason: String },
    #[error(
        "`{display}` is a binary file; planforge diff compares specs (YAML), Markdown and text"
    )]
    Binary { display: String },
    /// The diagnostic points at the first invalid byte (`path:line:col`).
    #[error("`{display}` is not UTF-8 text")]
    NotUtf8 {
        display: String,
        diagnostic: Box<Diagnostic>,
    },
    #[error(
        "cannot compare the {old_noun} `{old}` with the {new_noun} `{new}`: both sides must be \
         specs (`.yaml`), documents (`.md` or text) or directories of compiled output"
    )]
    KindMismatch {
        old: String,
        old_noun: &'static str,
        new: String,
        new_noun: &'static str,
    },
    /// Either spec failed `check`; the diagnostics say why.
    #[error("{0}")]
    InvalidSpec(String, Vec<Diagnostic>),
    #[error("cannot compile `{display}`: {reason}")]
    Compile { display: String, reason: String },
}

/// What was compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportKind {
    Spec,
    Markdown,
    Text,
    Directory,
}

impl ReportKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ReportKind::Spec => "spec",
            ReportKind::Markdown => "markdown",
            ReportKind::Text => "text",
            ReportKind::Directory => "directory",
        }
    }
}

/// Everything `diff` found.
#[derive(Debug, Clone)]
pub struct DiffReport {
    pub old: String,
    pub new: String,
    pub kind: ReportKind,
    /// The semantic diff, for two specs.
    pub spec: Option<SpecDiff>,
    /// Documents that changed (for specs: the compiled documents), by path.
    pub documents: Vec<DocDiff>,
}

impl DiffReport {
    pub fn has_changes(&self) -> bool {
        self.spec.as_ref().is_some_and(|s| !s.entities.is_empty()) || !self.documents.is_empty()
    }
}

/// What to compare beyond the inputs themselves.
#[derive(Debug, Clone, Copy)]
pub struct DiffOptions {
    /// For specs: also compile both and diff the documents.
    pub compiled: bool,
    /// Context lines of the hunks; `None` computes counts only (`--stat`).
    pub context: Option<usize>,
}

impl Default for DiffOptions {
    fn default() -> Self {
        DiffOptions {
            compiled: true,
            context: Some(document::DEFAULT_CONTEXT),
        }
    }
}

/// Compares two sides of the same kind.
pub fn diff(old: &Side, new: &Side, opts: DiffOptions) -> Result<DiffReport, DiffError> {
    let mismatch = || DiffError::KindMismatch {
        old: old.display().to_string(),
        old_noun: old.noun(),
        new: new.display().to_string(),
        new_noun: new.noun(),
    };
    let report = |kind, spec, documents| DiffReport {
        old: old.display().to_string(),
        new: new.display().to_string(),
        kind,
        spec,
        documents,
    };
    match (old, new) {
        (Side::Document(a), Side::Document(b)) => match (a.kind, b.kind) {
            (DocKind::Spec, DocKind::Spec) => {
                let (spec, docs) = diff_specs(a, b, opts)?;
                Ok(report(ReportKind::Spec, Some(spec), docs))
            }
            (DocKind::Spec, _) | (_, DocKind::Spec) => Err(mismatch()),
            (ka, kb) => {
                let markdown = ka == DocKind::Markdown || kb == DocKind::Markdown;
                let name = b.display.clone();
                let doc = document::diff_document_with(
                    &name,
                    Some(&a.text),
                    Some(&b.text),
                    markdown,
                    opts.context,
                );
                let kind = if markdown {
                    ReportKind::Markdown
                } else {
                    ReportKind::Text
                };
                Ok(report(kind, None, changed_only(vec![doc])))
            }
        },
        (Side::Directory { files: a, .. }, Side::Directory { files: b, .. }) => Ok(report(
            ReportKind::Directory,
            None,
            diff_directories(a, b, opts),
        )),
        (Side::Absent { .. }, Side::Absent { .. }) => Ok(report(ReportKind::Text, None, vec![])),
        (Side::Absent { .. }, present) | (present, Side::Absent { .. }) => {
            let added = matches!(old, Side::Absent { .. });
            let (kind, spec, docs) = one_sided(present, added, opts)?;
            Ok(report(kind, spec, docs))
        }
        _ => Err(mismatch()),
    }
}

/// Everything in `present` added (or, when `!added`, removed); a spec is
/// compared with the empty spec.
fn one_sided(
    present: &Side,
    added: bool,
    opts: DiffOptions,
) -> Result<(ReportKind, Option<SpecDiff>, Vec<DocDiff>), DiffError> {
    let doc = |path: &str, text: &str, markdown: bool| {
        let (old, new) = if added {
            (None, Some(text))
        } else {
            (Some(text), None)
        };
        document::diff_document_with(path, old, new, markdown, opts.context)
    };
    let d = match present {
        Side::Document(d) => d,
        Side::Directory { files, .. } => {
            let docs = files
                .iter()
                .map(|f| doc(&f.display, &f.text, f.kind == DocKind::Markdown))
                .collect();
            return Ok((ReportKind::Directory, None, docs));
        }
        Side::Absent { .. } => return Ok((ReportKind::Text, None, Vec::new())),
    };
    if d.kind != DocKind::Spec {
        let markdown = d.kind == DocKind::Markdown;
        let kind = if markdown {
            ReportKind::Markdown
        } else {
            ReportKind::Text
        };
        return Ok((kind, None, vec![doc(&d.display, &d.text, markdown)]));
    }
    let loaded = load(d).map_err(|diags| invalid(&[&d.display], diags))?;
    let empty = crate::plan::Plan::build(&crate::spec::RawSpec::default());
    let spec = if added {
        spec::diff_plans(&empty, &loaded.plan)
    } else {
        spec::diff_plans(&loaded.plan, &empty)
    };
    let docs = match opts.compiled {
        true => compiled(&loaded, d)?
            .iter()
            .map(|r| doc(&r.path, &r.content, true))
            .collect(),
        false => Vec::new(),
    };
    Ok((ReportKind::Spec, Some(spec), docs))
}

fn invalid(names: &[&str], diags: Vec<Diagnostic>) -> DiffError {
    let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    let what = if names.len() == 1 {
        "is not a valid spec"
    } else {
        "are not valid specs"
    };
    let msg = format!(
        "{} {what}; `planforge check` reports the same errors",
        names.join(" and ")
    );
    DiffError::InvalidSpec(msg, diags)
}

fn changed_only(docs: Vec<DocDiff>) -> Vec<DocDiff> {
    docs.into_iter()
        .filter(|d| d.change != DocChange::Unchanged)
        .collect()
}

/// Pairs files by relative path; spec files inside directories are
/// compared as text (the directory is compiled output, not a spec).
fn diff_directories(a: &[Document], b: &[Document], opts: DiffOptions) -> Vec<DocDiff> {
    let mut paths: Vec<&str> = a.iter().chain(b).map(|d| d.display.as_str()).collect();
    paths.sort_unstable();
    paths.dedup();
    let find = |side: &'_ [Document], p: &str| {
        side.iter().find(|d| d.display == p).map(|d| d.text.clone())
    };
    let docs = paths
        .into_iter()
        .map(|p| {
            let markdown = DocKind::of(p) == DocKind::Markdown;
            let (old, new) = (find(a, p), find(b, p));
            document::diff_document_with(p, old.as_deref(), new.as_deref(), markdown, opts.context)
        })
        .collect();
    changed_only(docs)
}

/// The semantic diff of two specs and the section diff of what they compile to.
fn diff_specs(
    a: &Document,
    b: &Document,
    opts: DiffOptions,
) -> Result<(SpecDiff, Vec<DocDiff>), DiffError> {
    let (la, lb) = (load(a), load(b));
    let (la, lb) = match (la, lb) {
        (Ok(la), Ok(lb)) => (la, lb),
        (ra, rb) => {
            let mut diags = Vec::new();
            let mut names = Vec::new();
            for (r, d) in [(ra.err(), a), (rb.err(), b)] {
                if let Some(ds) = r {
                    names.push(d.display.as_str());
                    diags.extend(ds);
                }
            }
            return Err(invalid(&names, diags));
        }
    };
    let spec = spec::diff_plans(&la.plan, &lb.plan);
    // Specs that mean the same compile to the same plan; documents that
    // differ only in the order of rows are not a change to review.
    if !opts.compiled || spec.entities.is_empty() {
        return Ok((spec, Vec::new()));
    }
    let (da, db) = (compiled(&la, a)?, compiled(&lb, b)?);
    let mut paths: Vec<&str> = da.iter().chain(&db).map(|d| d.path.as_str()).collect();
    paths.sort_unstable();
    paths.dedup();
    let find = |docs: &[crate::render::RenderedDoc], p: &str| {
        docs.iter().find(|d| d.path == p).map(|d| d.content.clone())
    };
    let docs = paths
        .into_iter()
        .map(|p| {
            let (old, new) = (find(&da, p), find(&db, p));
            document::diff_document_with(p, old.as_deref(), new.as_deref(), true, opts.context)
        })
        .collect();
    Ok((spec, changed_only(docs)))
}

/// The text git's textconv should diff for `side`: the canonical listing of
/// a spec ([`textconv::canonical`]), any other document unchanged.
///
/// Git hands textconv a temporary copy of an old revision; its relative
/// paths resolve from where the file is tracked ([`recipes::place`]).
pub fn textconv(side: &Side) -> Result<String, DiffError> {
    match side {
        Side::Document(d) if d.kind == DocKind::Spec => {
            let mut placed = side.clone();
            recipes::place(&mut placed, None);
            let Side::Document(d) = &placed else {
                return Ok(String::new());
            };
            match load(d) {
                Ok(loaded) => Ok(textconv::canonical(&loaded.plan)),
                Err(diags) => Err(invalid(&[&d.display], diags)),
            }
        }
        Side::Document(d) => Ok(d.text.clone()),
        Side::Absent { .. } => Ok(String::new()),
        Side::Directory { display, .. } => Err(DiffError::Read {
            display: display.clone(),
            reason: "it is a directory; --textconv takes one file".into(),
        }),
    }
}

/// Loads a spec. One that is not at its real location (read from git, or a
/// temporary copy) is loaded as if it were there, so `workflow.root`,
/// targets and role templates resolve from its real directory; its
/// diagnostics still name it as the user did.
fn load(d: &Document) -> Result<LoadedPlan, Vec<Diagnostic>> {
    let shown = Arc::new(SourceFile::new(d.display.clone(), d.text.clone()));
    let Some(dir) = &d.dir else {
        return compile::load_plan(&shown);
    };
    let name = std::path::Path::new(&d.display)
        .file_name()
        .map_or_else(|| "plan.yaml".into(), |n| n.to_string_lossy().into_owned());
    let real = dir.join(name).to_string_lossy().into_owned();
    let real = Arc::new(SourceFile::new(real, d.text.clone()));
    let opts = compile::LoadOptions {
        root: None,
        strict_targets: false,
    };
    compile::load_plan_with(&real, &opts).map_err(|diags| {
        diags
            .into_iter()
            .map(|mut diag| {
                diag.file = shown.clone();
                diag
            })
            .collect()
    })
}

/// The documents a spec compiles to, in memory; `manifest.json` is left
/// out (it records the spec's hash, which differs whenever the text does).
fn compiled(
    loaded: &LoadedPlan,
    d: &Document,
) -> Result<Vec<crate::render::RenderedDoc>, DiffError> {
    let docs =
        compile::compile_docs(loaded, "plan.yaml", &CompileOptions::default()).map_err(|e| {
            DiffError::Compile {
                display: d.display.clone(),
                reason: e.to_string(),
            }
        })?;
    Ok(docs
        .into_iter()
        .filter(|d| d.path != crate::output::manifest::MANIFEST)
        .collect())
}
