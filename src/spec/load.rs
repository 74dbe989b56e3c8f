//! Reading a spec file and running the whole check pipeline on it.
//!
//! In: a path. Out: a [`CheckedSpec`] (the typed spec, its spans and any
//! warnings), or every diagnostic that makes it invalid. Reading failures a
//! user cannot fix in the file (missing, a directory, no permission) are
//! [`ReadError`]s, which the CLI maps to exit code 2.

use std::path::Path;
use std::sync::Arc;

use super::{schema, yaml, RawSpec, SpanIndex};
use crate::diagnostics::{Diagnostic, Severity, SourceFile};
use crate::input::{self, InputError};
use crate::validate;

/// The file could not be read at all.
#[derive(Debug, thiserror::Error)]
#[error("cannot read `{path}`: {reason}")]
pub struct ReadError {
    pub path: String,
    pub reason: String,
}

/// A spec that passed the schema and the semantic checks.
#[derive(Debug)]
pub struct CheckedSpec {
    pub file: Arc<SourceFile>,
    pub raw: RawSpec,
    pub spans: SpanIndex,
    /// Warnings found on the way (errors would have failed the check).
    pub warnings: Vec<Diagnostic>,
}

/// Reads `path` as text, through [`input::read`] (the shared size limit,
/// regular files only). Oversized and non-UTF-8 files come back as a
/// diagnostic (they are bad specs, not I/O failures); FIFOs, devices,
/// directories and unreadable paths are [`ReadError`]s.
pub fn read_source(
    path: &Path,
    display: &str,
) -> Result<Result<Arc<SourceFile>, Diagnostic>, ReadError> {
    let err = |reason: String| ReadError {
        path: display.to_string(),
        reason,
    };
    match input::read(path) {
        Ok(bytes) => Ok(from_bytes(display, bytes)),
        Err(InputError::TooLarge { .. }) => Ok(Err(too_large(display))),
        Err(InputError::Io(reason)) if reason == "it is a directory" => {
            Err(err("it is a directory; pass a spec file (`.yaml`)".into()))
        }
        Err(e) => Err(err(e.to_string())),
    }
}

fn too_large(display: &str) -> Diagnostic {
    Diagnostic::file_level(
        display,
        "file-too-large",
        format!(
            "the spec is larger than {} (the input size limit)",
            input::size_text(input::max_size())
        ),
    )
    .with_help(InputError::too_large_help())
}

/// Turns bytes into a source file, or the diagnostic saying why it is not
/// text (over the size limit, or not UTF-8, located at the first bad byte).
pub fn from_bytes(display: &str, bytes: Vec<u8>) -> Result<Arc<SourceFile>, Diagnostic> {
    if bytes.len() as u64 > input::max_size() {
        return Err(too_large(display));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Arc::new(SourceFile::new(display, text))),
        Err(e) => Err(not_utf8(display, e)),
    }
}

/// The `not-utf8` diagnostic at the first invalid byte: the valid prefix
/// is kept as the source so the position prints as `path:line:col`.
pub fn not_utf8(display: &str, e: std::string::FromUtf8Error) -> Diagnostic {
    let valid = e.utf8_error().valid_up_to();
    let mut bytes = e.into_bytes();
    bytes.truncate(valid);
    let prefix = String::from_utf8(bytes).unwrap_or_default();
    let file = Arc::new(SourceFile::new(display, prefix));
    let at = file.text.len();
    Diagnostic::error(
        &file,
        at..at,
        "not-utf8",
        "the file is not valid UTF-8 text",
    )
    .with_help("save the file as UTF-8")
}

pub(crate) fn io_reason(e: &std::io::Error) -> String {
    input::io_reason(e)
}

/// YAML → schema → types → semantic checks. Returns the checked spec, or
/// all diagnostics (errors and warnings) when any error was found.
pub fn check_source(file: &Arc<SourceFile>) -> Result<CheckedSpec, Vec<Diagnostic>> {
    let doc = yaml::load(file).map_err(|d| vec![d])?;
    if !doc.value.is_object() {
        let span = doc.spans.value_span("");
        return Err(vec![Diagnostic::error(
            file,
            span,
            "wrong-type",
            "the spec must be a YAML mapping",
        )
        .with_help(
            "start with `project:` (name, dates) or `workflow:`; `planforge init` writes a starter",
        )]);
    }
    let raw = schema::validate(file, &doc)?;
    let diags = validate::validate(file, &raw, &doc.spans);
    if diags.iter().any(|d| d.severity == Severity::Error) {
        return Err(diags);
    }
    Ok(CheckedSpec {
        file: Arc::clone(file),
        raw,
        spans: doc.spans,
        warnings: diags,
    })
}
