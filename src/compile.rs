//! The compile pipeline, shared by `check`, `compile` and `diff`.
//!
//! In: a spec [`SourceFile`]. Out: the checked spec and its [`Plan`] with
//! every warning as a diagnostic ([`load_plan`]), then the rendered
//! documents plus `manifest.json` ([`compile_docs`]).

use std::path::PathBuf;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, SourceFile};
use crate::output::manifest::Manifest;
use crate::plan::Plan;
use crate::render::{self, Family, RenderError, RenderedDoc, Renderer};
use crate::spec::{self, SpanIndex};

/// A valid spec and its plan (the typed spec itself is `plan.spec`).
pub struct LoadedPlan {
    /// The spec's source.
    pub file: Arc<SourceFile>,
    /// Where each spec value is in `file`.
    pub spans: SpanIndex,
    pub plan: Plan,
    /// Warnings from the checks and from computing the plan.
    pub warnings: Vec<Diagnostic>,
}

/// Checks a spec and computes its plan; errors and warnings come back as
/// diagnostics pointing into the spec.
pub fn load_plan(file: &Arc<SourceFile>) -> Result<LoadedPlan, Vec<Diagnostic>> {
    let checked = spec::check_source(file)?;
    let plan = Plan::from_spec(checked.raw);
    let mut warnings = checked.warnings;
    for w in &plan.warnings {
        let span = checked.spans.value_span(&w.pointer);
        let mut d = Diagnostic::warning(file, span, w.rule, w.message.clone());
        d.help = w.help.clone();
        warnings.push(d);
    }
    crate::diagnostics::sort_and_dedup(&mut warnings);
    Ok(LoadedPlan {
        file: checked.file,
        spans: checked.spans,
        plan,
        warnings,
    })
}

/// What to compile.
#[derive(Debug, Clone)]
pub struct CompileOptions {
    /// Directory whose templates override the built-ins by name.
    pub templates: Option<PathBuf>,
    /// Families to produce.
    pub families: Vec<Family>,
}

impl Default for CompileOptions {
    fn default() -> Self {
        CompileOptions {
            templates: None,
            families: vec![Family::Jaegis, Family::Pact, Family::Iterations],
        }
    }
}

/// Renders every selected document and the manifest describing them.
/// `spec_name` is the spec's file name as recorded in the manifest.
pub fn compile_docs(
    loaded: &LoadedPlan,
    spec_name: &str,
    opts: &CompileOptions,
) -> Result<Vec<RenderedDoc>, RenderError> {
    let renderer = Renderer::new(opts.templates.as_deref())?;
    let mut docs = render::render_plan_docs(&loaded.plan, &renderer, &opts.families)?;
    docs.sort_by(|a, b| a.path.cmp(&b.path));
    let manifest = Manifest::new(spec_name, &loaded.file.text, &docs);
    docs.push(manifest.to_doc());
    Ok(docs)
}
