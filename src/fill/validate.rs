//! Values against the catalog, before anything is rendered or written.
//!
//! In: a template's [`Catalog`], its source file and the [`Val`] tree. Out:
//! located diagnostics: a slot with no value (at the template's slot, or at
//! the list item lacking it), an empty value, a value of the wrong type (a
//! list for REPEAT / `#each`, a boolean for CONDITION / `#if`), and keys no
//! template uses (at the key, with did-you-mean). Missing values and unknown
//! keys are warnings under `--allow-unfilled`; wrong types never are.

use std::sync::Arc;

use super::catalog::{Catalog, Entry, Shape};
use super::values::{Val, V};
use crate::diagnostics::{Diagnostic, Severity, SourceFile};
use crate::suggest::did_you_mean;

/// Checks `root` against `cat` (the values for one template).
pub fn check(
    cat: &Catalog,
    tpl: &Arc<SourceFile>,
    root: &Val,
    allow_unfilled: bool,
) -> Vec<Diagnostic> {
    let mut c = Checker {
        cat,
        tpl,
        allow_unfilled,
        out: Vec::new(),
    };
    c.scope(0, &[root]);
    c.out
}

/// Keys of `root` that no template of `cats` uses, and keys of list items
/// their loop does not use.
pub fn unknown_keys(
    cats: &[(&Catalog, &Arc<SourceFile>)],
    root: &Val,
    allow_unfilled: bool,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut known: Vec<String> = Vec::new();
    for (cat, _) in cats {
        for e in &cat.root().entries {
            if !known.contains(&e.key) {
                known.push(e.key.clone());
            }
        }
    }
    unknown_in(root, "", &known, allow_unfilled, &mut out);
    for (cat, _) in cats {
        items_unknown(cat, 0, root, allow_unfilled, &mut out);
    }
    out
}

fn items_unknown(cat: &Catalog, scope: usize, map: &Val, allow: bool, out: &mut Vec<Diagnostic>) {
    for e in &cat.scopes[scope].entries {
        let Shape::List { scope: inner, .. } = e.shape else {
            continue;
        };
        let Some(Val {
            v: V::List(items), ..
        }) = map.get(&e.key)
        else {
            continue;
        };
        let known: Vec<String> = cat.scopes[inner]
            .entries
            .iter()
            .map(|e| e.key.clone())
            .collect();
        for item in items {
            if matches!(item.v, V::Map(_)) && !known.is_empty() {
                unknown_in(item, "", &known, allow, out);
                items_unknown(cat, inner, item, allow, out);
            }
        }
    }
}

/// Reports keys of the mapping `map` (under dotted `prefix`) not in `known`.
fn unknown_in(map: &Val, prefix: &str, known: &[String], allow: bool, out: &mut Vec<Diagnostic>) {
    let V::Map(entries) = &map.v else { return };
    for (norm, written, val) in entries {
        let path = if prefix.is_empty() {
            norm.clone()
        } else {
            format!("{prefix}.{norm}")
        };
        if known.contains(&path) {
            continue;
        }
        let nested = format!("{path}.");
        if known.iter().any(|k| k.starts_with(&nested)) {
            unknown_in(val, &path, known, allow, out);
            continue;
        }
        let at = val.origin.key.clone().unwrap_or(val.origin.value.clone());
        let mut d = Diagnostic::error(
            &val.origin.file,
            at,
            "fill-unknown-key",
            format!("`{written}` is not a slot of the template"),
        );
        let candidates = known.iter().map(String::as_str);
        d.help = Some(match did_you_mean(&path, candidates) {
            Some(s) => format!("did you mean `{s}`?"),
            None => "remove it, or check the slot names with `planforge fill TEMPLATE --skeleton`"
                .to_string(),
        });
        if allow {
            d.severity = Severity::Warning;
        }
        out.push(d);
    }
}

struct Checker<'a> {
    cat: &'a Catalog,
    tpl: &'a Arc<SourceFile>,
    allow_unfilled: bool,
    out: Vec<Diagnostic>,
}

impl Checker<'_> {
    /// `chain`: the mappings in scope, outermost first.
    fn scope(&mut self, scope: usize, chain: &[&Val]) {
        for e in &self.cat.scopes[scope].entries {
            let found = chain.iter().rev().find_map(|m| m.get(&e.key));
            match found {
                None if switched_off(e, chain) => {}
                None => self.missing(e, chain, scope),
                Some(val) => self.entry(e, val, chain),
            }
        }
    }

    fn at_slot(&self, e: &Entry) -> String {
        let lc = self.tpl.line_col(e.spans[0].start);
        format!("{}:{}:{}", self.tpl.path, lc.line, lc.column)
    }

    fn missing(&mut self, e: &Entry, chain: &[&Val], scope: usize) {
        let what = match e.shape {
            Shape::Bool => "true or false",
            Shape::List { .. } => "a list",
            Shape::Text => "a value",
        };
        let mut d = if scope == 0 {
            let text = &self.tpl.text[e.spans[0].clone()];
            let file = chain[0].origin.file.path.clone();
            Diagnostic::error(
                self.tpl,
                e.spans[0].clone(),
                "fill-missing-value",
                format!("no value for `{}` (`{}`)", e.key, short(text)),
            )
            .with_help(format!(
                "add `{}:` with {what} to {file}, or pass --allow-unfilled to leave it as is",
                e.key
            ))
        } else {
            let item = chain[chain.len() - 1];
            Diagnostic::error(
                &item.origin.file,
                item.origin.value.clone(),
                "fill-missing-value",
                format!("this item has no `{}` (used at {})", e.key, self.at_slot(e)),
            )
            .with_help(format!("add `{}:` with {what} to the item", e.key))
        };
        if self.allow_unfilled {
            d.severity = Severity::Warning;
        }
        self.out.push(d);
    }

    fn entry(&mut self, e: &Entry, val: &Val, chain: &[&Val]) {
        let ok = match (&e.shape, &val.v) {
            // A value an `#if` tests may be empty: that is its false.
            (Shape::Text, V::Text(t)) => {
                if t.trim().is_empty() && !e.tested && !switched_off(e, chain) {
                    self.empty(e, val);
                }
                true
            }
            (Shape::Text, V::Bool(_)) => true,
            (Shape::Text, V::Null) => {
                if !e.tested && !switched_off(e, chain) {
                    self.empty(e, val);
                }
                true
            }
            (Shape::Bool, V::Bool(_)) => true,
            (Shape::List { scope, .. }, V::List(items)) => {
                self.items(*scope, items, chain);
                true
            }
            _ => false,
        };
        if !ok {
            let want = match e.shape {
                Shape::Text => "text or a number",
                Shape::Bool => "true or false",
                Shape::List { .. } => "a list",
            };
            let used = match &e.block {
                Some(b) => format!(
                    "`{}` at {}",
                    short(
                        &self.tpl.text[b.start
                            ..self.tpl.text[b.clone()]
                                .find('\n')
                                .map_or(b.end, |n| b.start + n)]
                    ),
                    self.at_slot(e)
                ),
                None => self.at_slot(e),
            };
            self.out.push(
                Diagnostic::error(&val.origin.file, val.origin.value.clone(), "fill-wrong-type", format!("`{}` must be {want} (used by {used}), not {}", e.key, val.type_name()))
                    .with_help(match e.shape {
                        Shape::List { .. } => format!("write `{}:` followed by `- ` items", e.key),
                        Shape::Bool => format!("write `{}: true` or `{}: false`", e.key, e.key),
                        Shape::Text => "write the text on the key's line; quote it if it starts with a special character".to_string(),
                    }),
            );
        }
    }

    fn items(&mut self, scope: usize, items: &[Val], chain: &[&Val]) {
        let mappings = !self.cat.scopes[scope].entries.is_empty();
        for item in items {
            match (&item.v, mappings) {
                (V::Map(_), true) => {
                    let mut inner = chain.to_vec();
                    inner.push(item);
                    self.scope(scope, &inner);
                }
                (V::Text(_) | V::Bool(_), false) => {}
                _ => {
                    let want = if mappings {
                        "a mapping of the block's slots"
                    } else {
                        "text"
                    };
                    self.out.push(Diagnostic::error(
                        &item.origin.file,
                        item.origin.value.clone(),
                        "fill-wrong-type",
                        format!(
                            "each item of this list must be {want}, not {}",
                            item.type_name()
                        ),
                    ));
                }
            }
        }
    }

    fn empty(&mut self, e: &Entry, val: &Val) {
        let mut d = Diagnostic::error(
            &val.origin.file,
            val.origin.value.clone(),
            "fill-missing-value",
            format!("`{}` is empty (used at {})", e.key, self.at_slot(e)),
        )
        .with_help("write the value, or pass --allow-unfilled to leave the slot as is");
        if self.allow_unfilled {
            d.severity = Severity::Warning;
        }
        self.out.push(d);
    }
}

/// Every occurrence of `e` stands in a block its condition switches off,
/// so it needs no value.
fn switched_off(e: &Entry, chain: &[&Val]) -> bool {
    let value = |k: &str| chain.iter().rev().find_map(|m| m.get(k));
    e.guards.len() == e.spans.len()
        && e.guards.iter().all(|g| {
            g.iter()
                .any(|(k, want)| value(k).is_some_and(|v| v.truthy() != *want))
        })
}

fn short(s: &str) -> String {
    crate::lint::rules::excerpt(s, 60)
}
