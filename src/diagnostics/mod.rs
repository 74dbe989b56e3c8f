//! The one diagnostic type every command reports with, and its printers.
//!
//! In: problems found by `check`, `compile`, `lint` and `diff`, each a
//! [`Diagnostic`] holding its file and a byte span. Out: text in one of the
//! [`Format`]s, written by [`emit`]. Line and column are derived from the span
//! only when printing (see [`source`]).

pub mod escape;
mod json_writer;
pub mod machine;
mod paint;
mod printer;
pub mod sarif;
mod snippet;
pub mod source;
mod words;

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

pub use printer::{
    emit, emit_diagnostics, emit_summary, emit_with_rules, streams, Format, RuleInfo, Summary,
};
pub use source::{LineCol, SourceFile};

/// How bad a finding is. Errors fail a run (exit 1); warnings fail it only
/// with `--deny-warnings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One finding: where, which rule, how bad, what is wrong, how to fix it.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// The file the finding is in (its text is needed to print the snippet).
    pub file: Arc<SourceFile>,
    /// Byte range in `file.text`; empty ranges point between characters.
    pub span: Range<usize>,
    /// Stable rule id, e.g. `unknown-key` or `placeholder`.
    pub rule: Cow<'static, str>,
    pub severity: Severity,
    /// What is wrong, one sentence, no trailing period needed.
    pub message: String,
    /// How to fix it, where that is known.
    pub help: Option<String>,
    /// Tie-break among findings of one rule at the same span, before the
    /// message: a rule that reports in a meaningful order (missing sections,
    /// in manifest order) numbers its findings; 0 for everything else.
    pub order: u32,
}

impl Diagnostic {
    pub fn error(
        file: &Arc<SourceFile>,
        span: Range<usize>,
        rule: impl Into<Cow<'static, str>>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: Arc::clone(file),
            span,
            rule: rule.into(),
            severity: Severity::Error,
            message: message.into(),
            help: None,
            order: 0,
        }
    }

    pub fn warning(
        file: &Arc<SourceFile>,
        span: Range<usize>,
        rule: impl Into<Cow<'static, str>>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, span, rule, message)
        }
    }

    /// A finding about a whole file (unreadable, binary, ...): points at 1:1.
    pub fn file_level(
        path: &str,
        rule: impl Into<Cow<'static, str>>,
        message: impl Into<String>,
    ) -> Self {
        let file = Arc::new(SourceFile::new(path, String::new()));
        Diagnostic::error(&file, 0..0, rule, message)
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub fn start(&self) -> LineCol {
        self.file.line_col(self.span.start)
    }

    pub fn end(&self) -> LineCol {
        self.file.line_col(self.span.end.max(self.span.start))
    }

    /// Sort key: path, line, column, then rule, the rule's own order and
    /// message for stability.
    pub fn sort_key(&self) -> (&str, usize, usize, &str, u32, &str) {
        (
            &self.file.path,
            self.span.start,
            self.span.end,
            &self.rule,
            self.order,
            &self.message,
        )
    }
}

/// Sorts diagnostics by path, position, rule and message, and drops exact
/// duplicates (two validators reaching the same conclusion).
pub fn sort_and_dedup(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diags.dedup_by(|a, b| a.sort_key() == b.sort_key());
}

/// Counts errors and warnings.
pub fn count(diags: &[Diagnostic]) -> (usize, usize) {
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    (errors, diags.len() - errors)
}
