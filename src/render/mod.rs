//! Rendering: plan → Markdown documents through Tera templates.
//!
//! In: a [`Plan`] and a [`Renderer`] (the embedded templates, any of them
//! overridden by name from `--templates DIR`). Out: [`RenderedDoc`]s with
//! paths relative to the output directory. Templates are strict: an
//! undefined variable or a syntax error is a [`RenderError`] naming the
//! template, line and column. Output is normalized (no trailing spaces,
//! single blank lines, one final newline) so templates can be written for
//! readability.

mod context;
mod context_agents;
mod context_iterations;
mod context_ops;
mod context_phases;
pub mod escape;
mod iterations;
pub mod mermaid;
mod provenance;

use std::path::Path;

use tera::{Context, Tera};

use crate::plan::Plan;

pub use context::plan_context;
pub use context_agents::agent_prompt_context;
pub use context_iterations::{iteration_context, iteration_plan_context};
pub use iterations::render_iteration_docs;

/// A built-in template: its name (also the name that overrides it) and text.
pub struct Builtin {
    pub name: &'static str,
    pub description: &'static str,
    pub text: &'static str,
}

/// Every embedded template.
pub const BUILTIN: &[Builtin] = &[
    Builtin {
        name: "execution-orchestration-framework.md",
        description: "JAEGIS Execution Orchestration Framework (seed 000)",
        text: include_str!("../../templates/execution-orchestration-framework.md"),
    },
    Builtin {
        name: "pact-action-phase.md",
        description: "PACT Action Phase: execution coordination plan (seed 003)",
        text: include_str!("../../templates/pact-action-phase.md"),
    },
    Builtin {
        name: "iteration-plan.md",
        description:
            "Iteration plan: order, dependencies, agents, tokens, riskiest allocations (seed 002)",
        text: include_str!("../../templates/iteration-plan.md"),
    },
    Builtin {
        name: "iteration-context.md",
        description: "An iteration's CONTEXT.md: shared knowledge for its agents (seed 002)",
        text: include_str!("../../templates/iteration-context.md"),
    },
    Builtin {
        name: "iteration-completion-criteria.md",
        description:
            "An iteration's COMPLETION_CRITERIA.md: deliverables, standards, validation (seed 002)",
        text: include_str!("../../templates/iteration-completion-criteria.md"),
    },
    Builtin {
        name: "iteration-readme.md",
        description: "An iteration's README.md: how to execute it (seed 002)",
        text: include_str!("../../templates/iteration-readme.md"),
    },
    Builtin {
        name: "agent-prompt.md",
        description:
            "An agent prompt with its allocated work (seed 002); per-role templates replace it",
        text: include_str!("../../templates/agent-prompt.md"),
    },
];

/// The document families `compile` can produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Family {
    /// The JAEGIS execution orchestration framework.
    Jaegis,
    /// The PACT action-phase plan.
    Pact,
    /// The per-iteration documents of `workflow`.
    Iterations,
}

/// A template could not be loaded or rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("template `{name}`: {message}")]
    Template { name: String, message: String },
    #[error("cannot read templates from `{dir}`: {reason}")]
    Io { dir: String, reason: String },
}

/// A rendered document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedDoc {
    /// Path relative to the output directory, `/`-separated.
    pub path: String,
    /// Section-manifest kind (`jaegis-framework`, ...).
    pub kind: String,
    pub content: String,
}

/// The template set: built-ins plus overrides.
pub struct Renderer {
    tera: Tera,
    /// Names of built-ins replaced from `--templates`.
    pub overridden: Vec<String>,
    /// Per-role prompt templates: role → the path written in the spec.
    role_templates: std::collections::BTreeMap<String, String>,
}

fn template_error(name: &str, e: &tera::Error) -> RenderError {
    RenderError::Template {
        name: name.into(),
        message: e.to_string(),
    }
}

impl Renderer {
    /// Built-in templates, overridden by files of the same name in `dir`.
    pub fn new(dir: Option<&Path>) -> Result<Self, RenderError> {
        let mut tera = Tera::new();
        escape::register(&mut tera);
        let mut templates: Vec<(String, String)> = BUILTIN
            .iter()
            .map(|b| (b.name.to_string(), b.text.to_string()))
            .collect();
        let mut overridden = Vec::new();
        if let Some(dir) = dir {
            for (name, text) in read_dir_templates(dir)? {
                match templates.iter_mut().find(|(n, _)| *n == name) {
                    Some(slot) => {
                        slot.1 = text;
                        overridden.push(name);
                    }
                    None => templates.push((name, text)),
                }
            }
        }
        for (name, text) in &templates {
            tera.add_raw_template(name, text)
                .map_err(|e| template_error(name, &e))?;
        }
        Ok(Renderer {
            tera,
            overridden,
            role_templates: std::collections::BTreeMap::new(),
        })
    }

    /// Adds (or replaces) one template, e.g. a per-role prompt template.
    pub fn add(&mut self, name: &str, text: &str) -> Result<(), RenderError> {
        self.tera
            .add_raw_template(name, text)
            .map_err(|e| template_error(name, &e))
    }

    /// Adds the prompt template of `role` (`path` as written in the spec,
    /// for messages). It is registered under a name ending in `.md`, so
    /// autoescaping applies whatever the file is called (`.md.j2`).
    pub fn add_role_template(
        &mut self,
        role: &str,
        path: &str,
        text: &str,
    ) -> Result<(), RenderError> {
        let name = role_template_name(role);
        self.tera
            .add_raw_template(&name, text)
            .map_err(|e| role_template_error(role, path, &e.to_string()))?;
        self.role_templates
            .insert(role.to_string(), path.to_string());
        Ok(())
    }

    /// Renders an agent prompt of `role` with its own template, if it has
    /// one, else the built-in `agent-prompt.md`.
    pub(crate) fn render_prompt(
        &self,
        role: &str,
        ctx: &serde_json::Value,
    ) -> Result<String, RenderError> {
        match self.role_templates.get(role) {
            Some(path) => self
                .render(&role_template_name(role), ctx)
                .map_err(|e| match e {
                    RenderError::Template { message, .. } => {
                        role_template_error(role, path, &message)
                    }
                    other => other,
                }),
            None => self.render("agent-prompt.md", ctx),
        }
    }

    /// Renders `name` with `ctx` and normalizes the Markdown.
    pub fn render(&self, name: &str, ctx: &serde_json::Value) -> Result<String, RenderError> {
        let context = Context::from_serialize(ctx).map_err(|e| template_error(name, &e))?;
        self.render_context(name, &context)
    }

    /// Renders `name` with an already converted context (one conversion
    /// shared by several documents).
    /// The output is capped at the input size limit ([`crate::input::max_size`],
    /// `--max-size`, 16 MiB by default): a document planforge could not read
    /// back (lint, diff) is never written, and a runaway loop in a custom
    /// template stops with an error instead of exhausting memory.
    pub fn render_context(&self, name: &str, context: &Context) -> Result<String, RenderError> {
        let limit = usize::try_from(crate::input::max_size()).unwrap_or(usize::MAX);
        let mut out = Budget {
            buf: Vec::new(),
            limit,
            over: false,
        };
        if let Err(e) = self.tera.render_to(name, context, &mut out) {
            if out.over {
                return Err(RenderError::Template {
                    name: name.into(),
                    message: format!(
                        "the rendered document passed the output budget of {} (a loop running too often?); \
                         raise it with `--max-size` if the document is meant to be this large",
                        crate::input::size_text(crate::input::max_size())
                    ),
                });
            }
            return Err(template_error(name, &e));
        }
        let text = String::from_utf8_lossy(&out.buf);
        Ok(normalize(&text))
    }
}

/// A buffer that refuses writes past `limit` bytes.
struct Budget {
    buf: Vec<u8>,
    limit: usize,
    over: bool,
}

impl std::io::Write for Budget {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if self.buf.len().saturating_add(data.len()) > self.limit {
            self.over = true;
            return Err(std::io::Error::other("output budget exceeded"));
        }
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn role_template_name(role: &str) -> String {
    format!("role/{role}.md")
}

fn role_template_error(role: &str, path: &str, message: &str) -> RenderError {
    RenderError::Template {
        name: path.into(),
        message: format!("prompt template of role `{role}`: {message}"),
    }
}

fn read_dir_templates(dir: &Path) -> Result<Vec<(String, String)>, RenderError> {
    let io = |e: std::io::Error| RenderError::Io {
        dir: dir.display().to_string(),
        reason: crate::spec::load::io_reason(&e),
    };
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()).map(String::from) else {
            continue;
        };
        if path.is_file()
            && (name.ends_with(".md") || name.ends_with(".j2") || name.ends_with(".tera"))
        {
            let read = crate::input::read(&path).map_err(|e| e.to_string());
            let text = read.and_then(|b| String::from_utf8(b).map_err(|_| "not UTF-8".into()));
            let text = text.map_err(|reason| RenderError::Io {
                dir: path.display().to_string(),
                reason,
            })?;
            out.push((name, text));
        }
    }
    out.sort();
    Ok(out)
}

/// Trailing spaces removed, blank-line runs collapsed, exactly one final newline.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = true;
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            if !blank {
                out.push('\n');
            }
            blank = true;
        } else {
            out.push_str(line);
            out.push('\n');
            blank = false;
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// Renders the plan documents of the selected families (iterations excluded:
/// see `iterations`). `uses` says how the spec fills each section
/// (`validate::default_content::usage`): it marks defaults and is the
/// provenance appendix.
pub fn render_plan_docs(
    plan: &Plan,
    renderer: &Renderer,
    families: &[Family],
    uses: &[crate::validate::default_content::Use],
) -> Result<Vec<RenderedDoc>, RenderError> {
    let ctx = plan_context(plan, uses).map_err(|e| template_error("context", &e))?;
    let mut docs = Vec::new();
    for (family, name, kind) in [
        (
            Family::Jaegis,
            "execution-orchestration-framework.md",
            "jaegis-framework",
        ),
        (Family::Pact, "pact-action-phase.md", "pact-action-phase"),
    ] {
        if families.contains(&family) {
            docs.push(RenderedDoc {
                path: name.into(),
                kind: kind.into(),
                content: renderer.render_context(name, &ctx)?,
            });
        }
    }
    Ok(docs)
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn normalize_collapses_blank_runs_and_trailing_spaces() {
        assert_eq!(normalize("\n\na  \n\n\n\nb\n\n"), "a\n\nb\n");
    }
}
