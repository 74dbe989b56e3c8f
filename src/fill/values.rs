//! Values files (YAML or JSON) and `--set key=value` → one value tree with
//! normalized keys, each node remembering where it was written.
//!
//! In: the values file (loaded by [`crate::spec::yaml::load`], the spec
//! loader: spans, duplicate keys, alias budget) and the `--set` arguments.
//! Out: a [`Val`] tree whose mapping keys are normalized
//! ([`super::key`]), so `projectName:` fills `[PROJECT_NAME]`; or the
//! located errors (a key written twice under two spellings, a `--set`
//! without `=`). `--set` wins over the file; `--set a.b=x` sets a nested key.

use std::ops::Range;
use std::sync::Arc;

use serde_json::Value;

use crate::diagnostics::{Diagnostic, SourceFile};
use crate::placeholder::normalize_key;
use crate::spec::spans::SpanIndex;

/// Where a value was written.
#[derive(Debug, Clone)]
pub struct Origin {
    pub file: Arc<SourceFile>,
    /// The key naming it, if it is a mapping value.
    pub key: Option<Range<usize>>,
    pub value: Range<usize>,
}

/// A value and its origin.
#[derive(Debug, Clone)]
pub struct Val {
    pub v: V,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub enum V {
    Null,
    Bool(bool),
    /// Strings and numbers, as they will be inserted.
    Text(String),
    List(Vec<Val>),
    /// Normalized key, key as written, value; in file order.
    Map(Vec<(String, String, Val)>),
}

impl Val {
    /// The entry `key` (normalized, possibly dotted) of a mapping.
    pub fn get(&self, key: &str) -> Option<&Val> {
        let mut node = self;
        for seg in key.split('.') {
            let V::Map(entries) = &node.v else {
                return None;
            };
            node = &entries.iter().find(|(k, _, _)| k == seg)?.2;
        }
        Some(node)
    }

    /// Handlebars truthiness: `false`, null, empty text, lists and maps are false.
    pub fn truthy(&self) -> bool {
        match &self.v {
            V::Null => false,
            V::Bool(b) => *b,
            V::Text(t) => !t.is_empty() && t != "0",
            V::List(l) => !l.is_empty(),
            V::Map(m) => !m.is_empty(),
        }
    }

    pub fn type_name(&self) -> &'static str {
        match &self.v {
            V::Null => "nothing (null)",
            V::Bool(_) => "a boolean",
            V::Text(_) => "text",
            V::List(_) => "a list",
            V::Map(_) => "a mapping",
        }
    }
}

/// An empty mapping (no values file, only `--set`).
pub fn empty(file: &Arc<SourceFile>) -> Val {
    Val {
        v: V::Map(Vec::new()),
        origin: Origin {
            file: Arc::clone(file),
            key: None,
            value: 0..0,
        },
    }
}

/// Loads a values file.
pub fn load(file: &Arc<SourceFile>) -> Result<Val, Vec<Diagnostic>> {
    if file.text.trim().is_empty() {
        return Ok(empty(file));
    }
    let loaded = crate::spec::yaml::load(file).map_err(|d| vec![d])?;
    let mut errors = Vec::new();
    let val = convert(file, &loaded.spans, &loaded.value, "", None, &mut errors);
    if !matches!(val.v, V::Map(_)) {
        errors.push(
            Diagnostic::error(file, val.origin.value.clone(), "fill-values-not-a-mapping", format!("the values file holds {}, not a mapping of slot names to values", val.type_name()))
                .with_help("write `key: value` lines, one per slot (`planforge fill TEMPLATE --skeleton` prints them)"),
        );
    }
    if errors.is_empty() {
        Ok(val)
    } else {
        Err(errors)
    }
}

fn convert(
    file: &Arc<SourceFile>,
    spans: &SpanIndex,
    value: &Value,
    pointer: &str,
    key: Option<Range<usize>>,
    errors: &mut Vec<Diagnostic>,
) -> Val {
    let span = spans.get(pointer);
    let origin = Origin {
        file: Arc::clone(file),
        key: span.and_then(|s| s.key.clone()).or(key),
        value: span.map_or(0..0, |s| s.value.clone()),
    };
    let v = match value {
        Value::Null => V::Null,
        Value::Bool(b) => V::Bool(*b),
        // As written (`1.10` stays `1.10`), not as parsed.
        Value::Number(n) => V::Text(
            file.text
                .get(origin.value.clone())
                .map(str::trim)
                .filter(|raw| !raw.is_empty() && raw.parse::<f64>().is_ok())
                .map_or_else(|| n.to_string(), str::to_string),
        ),
        Value::String(s) => V::Text(s.clone()),
        Value::Array(items) => V::List(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    convert(file, spans, item, &format!("{pointer}/{i}"), None, errors)
                })
                .collect(),
        ),
        Value::Object(map) => {
            let mut entries: Vec<(String, String, Val)> = Vec::with_capacity(map.len());
            for (k, item) in map {
                let child = format!("{pointer}/{}", k.replace('~', "~0").replace('/', "~1"));
                let val = convert(file, spans, item, &child, None, errors);
                let norm = normalize_key(k);
                if let Some((_, first, _)) = entries.iter().find(|(n, _, _)| *n == norm) {
                    let at = val.origin.key.clone().unwrap_or(val.origin.value.clone());
                    errors.push(
                        Diagnostic::error(
                            file,
                            at,
                            "fill-duplicate-key",
                            format!("`{k}` and `{first}` name the same slot `{norm}`"),
                        )
                        .with_help("keep one of them"),
                    );
                    continue;
                }
                entries.push((norm, k.clone(), val));
            }
            V::Map(entries)
        }
    };
    Val { v, origin }
}

/// Applies `--set key=value` arguments (in order, later ones win) to `root`.
/// `true` and `false` are booleans; everything else is text.
pub fn apply_sets(root: &mut Val, sets: &[String]) -> Result<(), Vec<Diagnostic>> {
    let text = sets.join("\n");
    let file = Arc::new(SourceFile::new("--set", text));
    let mut errors = Vec::new();
    let mut offset = 0;
    for arg in sets {
        let line = offset..offset + arg.len();
        offset += arg.len() + 1;
        let Some((k, v)) = arg.split_once('=') else {
            errors.push(
                Diagnostic::error(
                    &file,
                    line,
                    "fill-set-syntax",
                    format!("`--set {arg}` has no `=`"),
                )
                .with_help("write `--set key=value`, e.g. `--set project_name=Atlas`"),
            );
            continue;
        };
        let key = normalize_key(k.trim());
        if key.is_empty() || key.split('.').any(str::is_empty) {
            errors.push(Diagnostic::error(
                &file,
                line,
                "fill-set-syntax",
                format!("`--set {arg}` names no key"),
            ));
            continue;
        }
        let value = match v {
            "true" => V::Bool(true),
            "false" => V::Bool(false),
            _ => V::Text(v.to_string()),
        };
        let origin = Origin {
            file: Arc::clone(&file),
            key: Some(line.start..line.start + k.len()),
            value: line.start + k.len() + 1..line.end,
        };
        set(root, &key, k.trim(), Val { v: value, origin });
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn set(node: &mut Val, key: &str, written: &str, value: Val) {
    let (head, rest) = match key.split_once('.') {
        Some((h, r)) => (h, Some(r)),
        None => (key, None),
    };
    if !matches!(node.v, V::Map(_)) {
        node.v = V::Map(Vec::new());
    }
    let V::Map(entries) = &mut node.v else { return };
    let i = match entries.iter().position(|(k, _, _)| k == head) {
        Some(i) => i,
        None => {
            let origin = value.origin.clone();
            entries.push((
                head.to_string(),
                written.to_string(),
                Val {
                    v: V::Map(Vec::new()),
                    origin,
                },
            ));
            entries.len() - 1
        }
    };
    match rest {
        Some(rest) => set(&mut entries[i].2, rest, written, value),
        None => entries[i].2 = value,
    }
}
