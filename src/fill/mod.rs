//! `planforge fill`: fill a Markdown template of the JAEGIS, BMAD or
//! spec-kit dialects from a values file.
//!
//! Pipeline:
//!
//! ```text
//! template text ─ MdDoc::parse (lint's) ─ scan ─▶ Vec<Tok>        slots, block tags, removals
//!   ─ tree::build ─▶ Vec<Node> | errors                            balanced blocks, located
//!   ─ Catalog::build ─▶ Catalog                                     what the values must hold
//! values.yaml / JSON / --set ─ values::load ─▶ Val                  normalized keys, spans
//! (Catalog, Val) ─ validate::check ─▶ Vec<Diagnostic>               before anything is written
//! (tree, Val) ─ render ─▶ Rendered (text + segments)
//!   ─ lint's placeholder, llm-directive, template-markup rules ─▶ leftovers at template lines
//! Catalog ─ skeleton::yaml | skeleton::schema                       the values file to fill
//! ```
//!
//! Value insertion is described in [`render`]; slot names are normalized by
//! [`crate::placeholder::normalize_key`] and sentence slots named in
//! [`sentence`].

pub mod batch;
pub mod catalog;
pub mod markup;
pub mod render;
pub mod scan;
pub mod sentence;
pub mod skeleton;
pub mod tree;
pub mod validate;
pub mod values;

use std::collections::HashSet;
use std::sync::Arc;

use crate::diagnostics::{sort_and_dedup, Diagnostic, Severity, SourceFile};
use crate::lint::doc::MdDoc;
use crate::lint::rules::{self, Ctx};
use catalog::Catalog;
use tree::Node;
pub use values::Val;

/// A parsed template.
#[derive(Debug)]
pub struct Template {
    pub file: Arc<SourceFile>,
    pub nodes: Vec<Node>,
    pub catalog: Catalog,
    /// Heading starts and titles, in document order.
    headings: Vec<(usize, String)>,
}

/// A filled document and what fill reports about it.
#[derive(Debug)]
pub struct Filled {
    pub text: String,
    /// Warnings, and leftovers lint finds in the output (errors unless
    /// `--allow-unfilled`), located in the template.
    pub diags: Vec<Diagnostic>,
}

impl Template {
    /// Parses a template; unbalanced blocks and conflicting names are
    /// located errors.
    pub fn parse(file: Arc<SourceFile>) -> Result<Template, Vec<Diagnostic>> {
        let doc = MdDoc::parse(&file.text);
        let toks = scan::scan(&file.text, &doc);
        let to_diags = |errors: Vec<tree::TreeError>| {
            errors
                .into_iter()
                .map(|(span, msg)| Diagnostic::error(&file, span, "fill-template", msg))
                .collect::<Vec<_>>()
        };
        let nodes = tree::build(&file.text, &toks).map_err(to_diags)?;
        let catalog = Catalog::build(&nodes).map_err(to_diags)?;
        let headings = doc
            .headings
            .iter()
            .map(|h| (h.span.start, h.title.clone()))
            .collect();
        Ok(Template {
            file,
            nodes,
            catalog,
            headings,
        })
    }

    /// The 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        self.file.line_col(offset).line
    }

    /// The title of the heading `offset` stands under.
    pub fn heading_at(&self, offset: usize) -> Option<&str> {
        let i = self.headings.partition_point(|(s, _)| *s <= offset);
        i.checked_sub(1).map(|i| self.headings[i].1.as_str())
    }

    /// Whether the template has nothing to fill (an already filled document).
    pub fn is_filled(&self) -> bool {
        self.catalog.is_empty()
    }
}

/// Fills `t` with `values`. `Err` holds the errors that stop it (missing
/// values, wrong types; under `allow_unfilled` only wrong types); the
/// caller checks unknown keys across all its templates
/// ([`validate::unknown_keys`]).
pub fn fill(t: &Template, values: &Val, allow_unfilled: bool) -> Result<Filled, Vec<Diagnostic>> {
    let mut diags = validate::check(&t.catalog, &t.file, values, allow_unfilled);
    if diags.iter().any(|d| d.severity == Severity::Error) {
        sort_and_dedup(&mut diags);
        return Err(diags);
    }
    let rendered = render::render(&t.file.text, &t.nodes, values);
    diags.extend(leftovers(t, &rendered, allow_unfilled));
    sort_and_dedup(&mut diags);
    Ok(Filled {
        text: rendered.text,
        diags,
    })
}

/// The lint rules that judge whether a document is filled.
const LEFTOVER_RULES: &[&str] = &["placeholder", "llm-directive", "template-markup"];

/// What lint's placeholder grammar still finds in the output, reported at
/// the template span it came from, with lint's rule id and message.
fn leftovers(t: &Template, r: &render::Rendered, allow_unfilled: bool) -> Vec<Diagnostic> {
    let doc = MdDoc::parse(&r.text);
    let allowed = HashSet::new();
    let ctx = Ctx::new(&r.text, &doc, None, &allowed);
    let mut out = Vec::new();
    for id in LEFTOVER_RULES {
        let Some(rule) = rules::by_id(id) else {
            continue;
        };
        let mut found = Vec::new();
        (rule.check)(&ctx, &mut found);
        for f in found {
            if *id != "llm-directive" && MdDoc::contains(&doc.directives, f.span.start) {
                continue;
            }
            let span = r.to_template(&f.span);
            let mut d = Diagnostic::error(&t.file, span, *id, f.message);
            d.help = f.help;
            if allow_unfilled {
                d.severity = Severity::Warning;
            }
            out.push(d);
        }
    }
    out
}

#[cfg(test)]
mod tests;
