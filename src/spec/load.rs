//! Reading a spec file and running the whole check pipeline on it.
//!
//! In: a path. Out: a [`CheckedSpec`] (the typed spec, its spans and any
//! warnings), or every diagnostic that makes it invalid. Reading failures a
//! user cannot fix in the file (missing, a directory, no permission) are
//! [`ReadError`]s, which the CLI maps to exit code 2.

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use super::{schema, yaml, RawSpec, SpanIndex};
use crate::diagnostics::{Diagnostic, Severity, SourceFile};
use crate::validate;

/// Largest spec planforge reads. Real specs are kilobytes; the limit keeps a
/// stray multi-megabyte file from costing seconds of parsing.
pub const MAX_SPEC_BYTES: u64 = 4 * 1024 * 1024;

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

/// Reads `path` as text. Oversized and non-UTF-8 files come back as a
/// diagnostic in an empty source (they are bad specs, not I/O failures).
pub fn read_source(
    path: &Path,
    display: &str,
) -> Result<Result<Arc<SourceFile>, Diagnostic>, ReadError> {
    let err = |reason: String| ReadError {
        path: display.to_string(),
        reason,
    };
    let meta = std::fs::metadata(path).map_err(|e| err(io_reason(&e)))?;
    if meta.is_dir() {
        return Err(err("it is a directory; pass a spec file (`.yaml`)".into()));
    }
    let file = std::fs::File::open(path).map_err(|e| err(io_reason(&e)))?;
    let mut bytes = Vec::new();
    file.take(MAX_SPEC_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| err(io_reason(&e)))?;
    Ok(from_bytes(display, bytes))
}

/// Turns bytes into a source file, or the diagnostic saying why it is not text.
pub fn from_bytes(display: &str, bytes: Vec<u8>) -> Result<Arc<SourceFile>, Diagnostic> {
    if bytes.len() as u64 > MAX_SPEC_BYTES {
        return Err(Diagnostic::file_level(
            display,
            "file-too-large",
            format!(
                "the spec is larger than {} MiB",
                MAX_SPEC_BYTES / (1024 * 1024)
            ),
        )
        .with_help("a spec describes a plan in kilobytes; check that this is the right file"));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Arc::new(SourceFile::new(display, text))),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let file = Arc::new(SourceFile::new(display, prefix));
            let at = file.text.len();
            Err(Diagnostic::error(
                &file,
                at..at,
                "not-utf8",
                "the file is not valid UTF-8 text",
            )
            .with_help("save the spec as UTF-8"))
        }
    }
}

pub(crate) fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        // `tempfile` appends ` at path "<dir>/.tmpXXXXXX"` (the temporary
        // file the user never asked for) to the OS error: keep the cause.
        _ => {
            let text = e.to_string();
            match text.split_once(" at path \"") {
                Some((cause, _)) => cause.to_string(),
                None => text,
            }
        }
    }
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
