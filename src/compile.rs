//! The compile pipeline, shared by `check`, `compile` and `diff`.
//!
//! In: a spec [`SourceFile`] and [`LoadOptions`]. Out: the checked spec and
//! its [`Plan`] with every warning as a diagnostic ([`load_plan_with`]),
//! then the rendered documents plus `manifest.json` ([`compile_docs`]).
//!
//! Loading also allocates the workflow's iterations, which needs the files
//! under the root: `compile --root DIR`, else `workflow.root` (relative to
//! the spec), else the spec's directory. `check` uses the same default
//! root, so over-budget allocations are warned about before compiling. A
//! target glob matching nothing is a warning from `check` (a spec can be
//! valid before its targets exist) and an error from `compile` when it
//! writes the iteration documents. Per-role prompt templates (`templates:`)
//! are read here too; a missing file is a warning and the built-in prompt
//! is used.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Severity, SourceFile};
use crate::fsutil::{self, InputError};
use crate::output::manifest::Manifest;
use crate::plan::iterations::{self, RootInfo};
use crate::plan::Plan;
use crate::render::{self, Family, RenderError, RenderedDoc, Renderer};
use crate::spec::{self, CheckedSpec, RawSpec, SpanIndex};

/// A valid spec and its plan (the typed spec itself is `plan.spec`).
pub struct LoadedPlan {
    /// The spec's source.
    pub file: Arc<SourceFile>,
    /// Where each spec value is in `file`.
    pub spans: SpanIndex,
    pub plan: Plan,
    /// Warnings from the checks and from computing the plan.
    pub warnings: Vec<Diagnostic>,
    /// Per-role prompt templates that could be read, by role.
    pub role_templates: BTreeMap<String, RoleTemplate>,
}

/// A prompt template named in the spec's `templates:` map.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleTemplate {
    pub role: String,
    /// The path as written in the spec (relative to the spec).
    pub path: String,
    pub text: String,
}

/// How to load: where targets are found, and how strict to be about them.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// The root for targets (`compile --root`); see the module docs.
    pub root: Option<PathBuf>,
    /// A target glob matching nothing is an error, not a warning.
    pub strict_targets: bool,
}

/// [`load_plan_with`] with the defaults `check` uses.
pub fn load_plan(file: &Arc<SourceFile>) -> Result<LoadedPlan, Vec<Diagnostic>> {
    load_plan_with(file, &LoadOptions::default())
}

/// Checks a spec, computes its plan and allocates its iterations; errors
/// and warnings come back as diagnostics pointing into the spec.
pub fn load_plan_with(
    file: &Arc<SourceFile>,
    opts: &LoadOptions,
) -> Result<LoadedPlan, Vec<Diagnostic>> {
    let checked = spec::check_source(file)?;
    let mut diags = checked.warnings.clone();
    let spec_dir = spec_dir(&file.path);
    let iterations = allocate(&checked, &spec_dir, opts, &mut diags);
    let role_templates = read_role_templates(&checked, &spec_dir, &mut diags);
    let CheckedSpec {
        file: source,
        raw,
        spans,
        ..
    } = checked;
    // The plan takes the spec over: no copy of a large spec.
    let plan = Plan::with_iterations(raw, iterations);
    for w in &plan.warnings {
        diags.push(diagnostic(
            file,
            &spans,
            Severity::Warning,
            &w.pointer,
            w.rule,
            &w.message,
            w.help.as_deref(),
        ));
    }
    crate::diagnostics::sort_and_dedup(&mut diags);
    if diags.iter().any(|d| d.severity == Severity::Error) {
        return Err(diags);
    }
    Ok(LoadedPlan {
        file: source,
        spans,
        plan,
        warnings: diags,
        role_templates,
    })
}

fn diagnostic(
    file: &Arc<SourceFile>,
    spans: &SpanIndex,
    severity: Severity,
    pointer: &str,
    rule: &'static str,
    message: &str,
    help: Option<&str>,
) -> Diagnostic {
    let span = spans.value_span(pointer);
    let mut d = Diagnostic::warning(file, span, rule, message).with_severity(severity);
    d.help = help.map(String::from);
    d
}

/// The directory of the spec file (`.` for a bare file name).
fn spec_dir(path: &str) -> PathBuf {
    match Path::new(path).parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The root directory targets are found under (see the module docs).
fn root_dir(spec_dir: &Path, raw: &RawSpec, opts: &LoadOptions) -> PathBuf {
    match (
        &opts.root,
        raw.workflow.as_ref().and_then(|w| w.root.as_ref()),
    ) {
        (Some(r), _) => r.clone(),
        (None, Some(r)) => spec_dir.join(r),
        (None, None) => spec_dir.to_path_buf(),
    }
}

fn allocate(
    checked: &CheckedSpec,
    spec_dir: &Path,
    opts: &LoadOptions,
    diags: &mut Vec<Diagnostic>,
) -> Vec<iterations::IterationPlan> {
    let Some(wf) = &checked.raw.workflow else {
        return Vec::new();
    };
    if opts.root.is_none() {
        if let Some(r) = &wf.root {
            if let Err(d) = root_inside_spec(checked, spec_dir, r) {
                diags.push(d);
                return Vec::new();
            }
        }
    }
    let root = root_dir(spec_dir, &checked.raw, opts);
    let display = root.display().to_string();
    let parsed = iterations::target_globs(wf);
    let globs: Vec<&iterations::TargetGlob> =
        parsed.iter().filter_map(|(_, g)| g.as_ref().ok()).collect();
    let listing = iterations::list(&root, &globs);
    let unmatched = if opts.strict_targets {
        Severity::Error
    } else {
        Severity::Warning
    };
    let allocated = iterations::allocate(
        wf,
        &checked.raw.agent_roles,
        &RootInfo {
            listing: &listing,
            display: &display,
            unmatched,
        },
    );
    let file = &checked.file;
    for f in &allocated.findings {
        diags.push(diagnostic(
            file,
            &checked.spans,
            f.severity,
            &f.pointer,
            f.rule,
            &f.message,
            f.help.as_deref(),
        ));
    }
    for e in &listing.errors {
        let message = format!("cannot list part of the root `{display}`: {e}");
        diags.push(diagnostic(
            file,
            &checked.spans,
            unmatched,
            "/workflow",
            "unreadable-root",
            &message,
            None,
        ));
    }
    allocated.iterations
}

/// `workflow.root` must stay inside the spec's directory and outside
/// `.git` (a missing root is fine: its targets are reported instead);
/// `compile --root DIR` is the user's own choice and is not restricted.
fn root_inside_spec(checked: &CheckedSpec, spec_dir: &Path, root: &str) -> Result<(), Diagnostic> {
    let why = match fsutil::resolve_input(spec_dir, root) {
        Ok(_) => return Ok(()),
        Err(InputError::Missing) if !crate::validate::escapes(root) => return Ok(()),
        Err(InputError::Missing) => {
            "it would leave the spec's directory (an absolute path or `..`)"
        }
        Err(InputError::Outside(why)) => why,
        Err(InputError::Io(_)) => return Ok(()),
    };
    Err(diagnostic(
        &checked.file,
        &checked.spans,
        Severity::Error,
        "/workflow/root",
        "root-outside-spec",
        &format!("`workflow.root` `{root}` is not used: {why}"),
        Some("name a directory inside the spec's directory; to take targets from elsewhere, pass `compile --root DIR` on the command line"),
    ))
}

fn read_role_templates(
    checked: &CheckedSpec,
    spec_dir: &Path,
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<String, RoleTemplate> {
    let mut out = BTreeMap::new();
    for (role, path) in &checked.raw.templates {
        let pointer = crate::spec::spans::push_pointer("/templates", role);
        let read = match fsutil::resolve_input(spec_dir, path) {
            Ok(full) if full.is_file() => std::fs::read_to_string(&full).map_err(InputError::Io),
            Ok(_) => Err(InputError::Outside("it is not a regular file")),
            Err(e) => Err(e),
        };
        let (severity, rule, message, help) = match read {
            Ok(text) => {
                out.insert(
                    role.clone(),
                    RoleTemplate {
                        role: role.clone(),
                        path: path.clone(),
                        text,
                    },
                );
                continue;
            }
            Err(InputError::Missing) => (
                Severity::Warning,
                "missing-template",
                format!("template `{path}` for role `{role}` does not exist"),
                format!("the built-in agent prompt is used for `{role}`; template paths are relative to the spec (`{}`)", spec_dir.display()),
            ),
            Err(InputError::Outside(why)) => (
                Severity::Error,
                "template-outside-spec",
                format!("template `{path}` for role `{role}` is not read: {why}"),
                "keep role templates as regular files inside the spec's directory, outside `.git`; copy a shared template there instead of linking to it".to_string(),
            ),
            Err(InputError::Io(e)) => (
                Severity::Warning,
                "unreadable-template",
                format!(
                    "template `{path}` for role `{role}` cannot be read: {}",
                    crate::spec::load::io_reason(&e)
                ),
                format!("the built-in agent prompt is used for `{role}`; template paths are relative to the spec (`{}`)", spec_dir.display()),
            ),
        };
        diags.push(diagnostic(
            &checked.file,
            &checked.spans,
            severity,
            &pointer,
            rule,
            &message,
            Some(&help),
        ));
    }
    out
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
    let mut renderer = Renderer::new(opts.templates.as_deref())?;
    let uses = crate::validate::default_content::usage(&loaded.plan.spec, &|p| {
        loaded.spans.get(p).is_some()
    });
    let mut docs = render::render_plan_docs(&loaded.plan, &renderer, &opts.families, &uses)?;
    let iterations = opts.families.contains(&Family::Iterations);
    if iterations {
        for t in loaded.role_templates.values() {
            renderer.add_role_template(&t.role, &t.path, &t.text)?;
        }
        docs.extend(render::render_iteration_docs(&loaded.plan, &renderer)?);
    }
    docs.sort_by(|a, b| a.path.cmp(&b.path));
    let mut manifest = Manifest::new(spec_name, &loaded.file.text, &docs);
    if iterations {
        manifest.set_iterations(&loaded.plan);
    }
    docs.push(manifest.to_doc());
    Ok(docs)
}
