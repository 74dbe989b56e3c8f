//! Filling one template or a directory of them, all or nothing.
//!
//! In: template sources (a file, or every `.md` / `.markdown` file under a
//! directory, hidden entries skipped, sorted) and one value tree. Out: the
//! filled text of each template, or nothing at all, plus every diagnostic
//! of every template in one sorted list. Templates are parsed and filled in
//! parallel (rayon); a values key is unknown only when no template uses it.
//! [`write_all`] writes every output to a temporary file beside its target
//! before renaming any of them.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::{fill, validate, Template, Val};
use crate::diagnostics::{sort_and_dedup, Diagnostic, Severity, SourceFile};

/// Relative paths of the templates under `dir` (not under `skip`), sorted.
pub fn templates_in(dir: &Path, skip: Option<&Path>) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    walk(dir, dir, skip, &mut out)?;
    out.sort();
    Ok(out)
}

fn walk(
    root: &Path,
    dir: &Path,
    skip: Option<&Path>,
    out: &mut Vec<PathBuf>,
) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let kind = entry.file_type()?;
        if kind.is_dir() {
            let skipped = skip.is_some_and(|s| same_dir(&path, s));
            if !skipped {
                walk(root, &path, skip, out)?;
            }
        } else if kind.is_file()
            && path
                .extension()
                .is_some_and(|e| e == "md" || e == "markdown")
        {
            if let Ok(rel) = path.strip_prefix(root) {
                out.push(rel.to_path_buf());
            }
        }
    }
    Ok(())
}

/// Whether two paths name the same existing directory.
pub fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Parses every source in parallel; the templates, or all their errors.
pub fn parse_all(files: Vec<Arc<SourceFile>>) -> Result<Vec<Template>, Vec<Diagnostic>> {
    // One template (the common case) skips starting the thread pool.
    let parsed: Vec<Result<Template, Vec<Diagnostic>>> = if files.len() == 1 {
        files.into_iter().map(Template::parse).collect()
    } else {
        files.into_par_iter().map(Template::parse).collect()
    };
    let mut templates = Vec::new();
    let mut errors = Vec::new();
    for p in parsed {
        match p {
            Ok(t) => templates.push(t),
            Err(d) => errors.extend(d),
        }
    }
    if errors.is_empty() {
        Ok(templates)
    } else {
        sort_and_dedup(&mut errors);
        Err(errors)
    }
}

/// Fills every template. `Some(texts)` (one per template, in order) only
/// when no diagnostic is an error; the diagnostics either way.
pub fn fill_all(
    templates: &[Template],
    values: &Val,
    allow_unfilled: bool,
) -> (Option<Vec<String>>, Vec<Diagnostic>) {
    let fill_one = |t: &Template| fill(t, values, allow_unfilled);
    let results: Vec<_> = if templates.len() == 1 {
        templates.iter().map(fill_one).collect()
    } else {
        templates.par_iter().map(fill_one).collect()
    };
    let mut diags = Vec::new();
    // An already filled document (no slot left) is copied unchanged
    // whatever the values hold: filling twice changes nothing.
    let with_slots: Vec<_> = templates
        .iter()
        .filter(|t| !t.is_filled())
        .map(|t| (&t.catalog, &t.file))
        .collect();
    if !with_slots.is_empty() {
        diags.extend(validate::unknown_keys(&with_slots, values, allow_unfilled));
    }
    let mut texts = Vec::with_capacity(templates.len());
    for r in results {
        match r {
            Ok(f) => {
                diags.extend(f.diags);
                texts.push(f.text);
            }
            Err(d) => diags.extend(d),
        }
    }
    sort_and_dedup(&mut diags);
    let failed = diags.iter().any(|d| d.severity == Severity::Error);
    (
        (!failed && texts.len() == templates.len()).then_some(texts),
        diags,
    )
}

/// Writes every `(path, text)`: all to temporary files first, then renamed
/// into place; on an error before the renames nothing is changed.
pub fn write_all(outputs: &[(PathBuf, String)]) -> std::io::Result<()> {
    let mut staged = Vec::with_capacity(outputs.len());
    for (path, text) in outputs {
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        std::fs::create_dir_all(dir)?;
        let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
        tmp.write_all(text.as_bytes())?;
        tmp.as_file().sync_all()?;
        staged.push((tmp, path));
    }
    for (tmp, path) in staged {
        tmp.persist(path).map_err(|e| e.error)?;
    }
    Ok(())
}
