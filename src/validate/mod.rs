//! Checks the JSON Schema cannot express.
//!
//! In: a schema-valid [`RawSpec`] and the [`SpanIndex`] of its source. Out:
//! every problem found, as diagnostics pointing at the offending value:
//! duplicate ids and names, references to unknown agents, tasks, phases,
//! gates, iterations and roles (with "did you mean"), dependency cycles
//! (listing the cycle), impossible dates, resource over-allocation, and
//! deliverable paths that would escape the output directory. Once those
//! pass, every section left to a default is a `default-content` warning
//! (see [`default_content`]).

pub mod default_content;
mod graph;
mod refs;
mod values;

pub use values::escapes;

use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Severity, SourceFile};
use crate::spec::{RawSpec, SpanIndex};

/// Agent id that names the lead orchestrator wherever an agent is expected.
pub const LEAD: &str = "lead";
/// Agent id that stands for every agent in participant lists.
pub const ALL: &str = "all";

/// Shared state of one validation run.
pub(crate) struct Ctx<'a> {
    pub file: &'a Arc<SourceFile>,
    pub spans: &'a SpanIndex,
    pub diags: Vec<Diagnostic>,
}

impl Ctx<'_> {
    pub fn error(&mut self, pointer: &str, rule: &'static str, message: String) -> &mut Diagnostic {
        let span = self.spans.value_span(pointer);
        self.diags
            .push(Diagnostic::error(self.file, span, rule, message));
        self.diags.last_mut().expect("just pushed") // invariant: pushed on the line above
    }

    pub fn warning(
        &mut self,
        pointer: &str,
        rule: &'static str,
        message: String,
    ) -> &mut Diagnostic {
        let span = self.spans.value_span(pointer);
        self.diags
            .push(Diagnostic::warning(self.file, span, rule, message));
        self.diags.last_mut().expect("just pushed") // invariant: pushed on the line above
    }
}

/// Runs every semantic check.
pub fn validate(file: &Arc<SourceFile>, spec: &RawSpec, spans: &SpanIndex) -> Vec<Diagnostic> {
    let mut ctx = Ctx {
        file,
        spans,
        diags: Vec::new(),
    };
    if spec.project.is_none() && spec.workflow.is_none() {
        ctx.error(
            "",
            "missing-project",
            "the spec has neither `project` nor `workflow`".into(),
        )
        .help = Some("add `project:` with at least `name:`, or a `workflow:` block".into());
    }
    refs::check(&mut ctx, spec);
    graph::check(&mut ctx, spec);
    values::check(&mut ctx, spec);
    if !ctx.diags.iter().any(|d| d.severity == Severity::Error) {
        default_content::check(&mut ctx, spec);
    }
    ctx.diags
}
