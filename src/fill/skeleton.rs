//! The values file to fill, and its JSON Schema.
//!
//! In: parsed templates (their catalogs, headings and line numbers). Out:
//! YAML text listing every slot once in document order, each after a
//! comment giving the heading it stands under, its lines and (for sentence
//! slots) the instruction; REPEAT / `#each` blocks as lists of mappings of
//! their inner slots, CONDITION / `#if` blocks as booleans. Or the JSON
//! Schema (2020-12) that a filled copy of that file satisfies. Dotted keys
//! (`{{project.name}}`) nest. Several templates share one file: each key
//! appears once, where it is first used.

use serde_json::{json, Map, Value};

use super::catalog::{Catalog, Entry, Shape};
use super::Template;

/// The skeleton YAML of `templates` (one or more, in order).
pub fn yaml(templates: &[&Template]) -> String {
    let mut out = String::new();
    let names: Vec<&str> = templates.iter().map(|t| t.file.path.as_str()).collect();
    out.push_str(&format!(
        "# Values for `planforge fill {}`.\n# Replace every \"\" with the text, choose every true/false, give lists their items;\n# then `planforge fill TEMPLATE --values THIS_FILE`. Keys match tokens in any spelling.\n",
        names.join(" ")
    ));
    let mut seen: Vec<String> = Vec::new();
    for t in templates {
        let entries: Vec<&Entry> = t
            .catalog
            .root()
            .entries
            .iter()
            .filter(|e| !seen.contains(&e.key))
            .collect();
        seen.extend(entries.iter().map(|e| e.key.clone()));
        let many = templates.len() > 1;
        emit_entries(t, &t.catalog, &entries, 0, many, &mut out);
    }
    out
}

fn emit_entries(
    t: &Template,
    cat: &Catalog,
    entries: &[&Entry],
    indent: usize,
    many: bool,
    out: &mut String,
) {
    let pad = " ".repeat(indent);
    let mut done: Vec<&str> = Vec::new();
    for e in entries {
        let (head, rest) = split_first(&e.key);
        if rest.is_some() {
            if done.contains(&head) {
                continue;
            }
            done.push(head);
            out.push_str(&format!("\n{pad}{head}:\n"));
            let nested: Vec<Entry> = entries
                .iter()
                .filter_map(|n| {
                    let (h, r) = split_first(&n.key);
                    (h == head)
                        .then(|| {
                            r.map(|r| Entry {
                                key: r.to_string(),
                                ..(*n).clone()
                            })
                        })
                        .flatten()
                })
                .collect();
            let refs: Vec<&Entry> = nested.iter().collect();
            emit_entries(t, cat, &refs, indent + 2, many, out);
            continue;
        }
        out.push('\n');
        for line in comment(t, e, many) {
            out.push_str(&format!("{pad}# {line}\n"));
        }
        match &e.shape {
            Shape::Text => out.push_str(&format!("{pad}{}: \"\"\n", e.key)),
            Shape::Bool => out.push_str(&format!("{pad}{}: false\n", e.key)),
            Shape::List { scope, .. } => emit_list(t, cat, e, *scope, indent, out),
        }
    }
}

/// A list entry: its items, as mappings of the loop's own slots.
fn emit_list(
    t: &Template,
    cat: &Catalog,
    e: &Entry,
    scope: usize,
    indent: usize,
    out: &mut String,
) {
    let pad = " ".repeat(indent);
    let all = &cat.scopes[scope].entries;
    let inner: Vec<&Entry> = all.iter().filter(|e| !e.inherited).collect();
    let optional: Vec<String> = all
        .iter()
        .filter(|e| e.inherited)
        .map(|e| format!("`{}`", e.key))
        .collect();
    if !optional.is_empty() {
        out.push_str(&format!(
            "{pad}# items may also set {} (else the value above applies)\n",
            optional.join(", ")
        ));
    }
    out.push_str(&format!("{pad}{}:\n", e.key));
    if all.is_empty() {
        out.push_str(&format!("{pad}  - \"\"\n"));
    } else if inner.is_empty() {
        out.push_str(&format!("{pad}  - {{}}\n"));
    } else {
        let mut item = String::new();
        emit_entries(t, cat, &inner, indent + 4, false, &mut item);
        let body = item.trim_start_matches('\n');
        let lead = " ".repeat(indent + 4);
        let body = body.strip_prefix(lead.as_str()).unwrap_or(body);
        out.push_str(&format!("{pad}  - {body}"));
    }
}

fn split_first(key: &str) -> (&str, Option<&str>) {
    match key.split_once('.') {
        Some((h, r)) => (h, Some(r)),
        None => (key, None),
    }
}

/// The comment lines of an entry: where it is, and its instruction.
fn comment(t: &Template, e: &Entry, many: bool) -> Vec<String> {
    let mut lines = Vec::new();
    let first = e.spans[0].start;
    let what = match (&e.shape, &e.block) {
        (Shape::List { .. }, Some(b)) => format!(
            "repeats `{}` (lines {}-{}) per item; ",
            first_line(&t.file.text[b.clone()]),
            t.line(b.start),
            t.line(b.end.saturating_sub(1))
        ),
        (Shape::Bool, Some(b)) => format!(
            "true keeps `{}` (lines {}-{}); ",
            first_line(&t.file.text[b.clone()]),
            t.line(b.start),
            t.line(b.end.saturating_sub(1))
        ),
        _ => String::new(),
    };
    let heading = t
        .heading_at(first)
        .map(|h| format!("under \"{h}\", "))
        .unwrap_or_default();
    let file = if many {
        format!("{}: ", t.file.path)
    } else {
        String::new()
    };
    let when = common_guard(e)
        .map(|(k, want)| format!("; only needed when `{k}` is {want}"))
        .unwrap_or_default();
    lines.push(format!("{file}{what}{heading}{}{when}", line_list(t, e)));
    if let Some(i) = &e.instruction {
        lines.push(i.clone());
    }
    lines
}

/// A condition every occurrence of `e` stands under, if there is one.
fn common_guard(e: &Entry) -> Option<&(String, bool)> {
    let (first, rest) = e.guards.split_first()?;
    first
        .iter()
        .find(|g| rest.iter().all(|other| other.contains(g)))
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("").trim()
}

fn line_list(t: &Template, e: &Entry) -> String {
    let mut lines: Vec<usize> = e.spans.iter().map(|s| t.line(s.start)).collect();
    lines.dedup();
    let shown: Vec<String> = lines.iter().take(8).map(usize::to_string).collect();
    let more = lines.len().saturating_sub(8);
    let word = if lines.len() == 1 { "line" } else { "lines" };
    if more > 0 {
        format!("{word} {} and {more} more", shown.join(", "))
    } else {
        format!("{word} {}", shown.join(", "))
    }
}

/// The JSON Schema of the skeleton of `templates`.
pub fn schema(templates: &[&Template]) -> Value {
    let mut root = Map::new();
    let mut seen: Vec<String> = Vec::new();
    for t in templates {
        for e in &t.catalog.root().entries {
            if seen.contains(&e.key) {
                continue;
            }
            seen.push(e.key.clone());
            insert(&mut root, &e.key, entry_schema(t, &t.catalog, e));
        }
    }
    let names: Vec<&str> = templates.iter().map(|t| t.file.path.as_str()).collect();
    let mut doc = object(root);
    if let Value::Object(m) = &mut doc {
        let mut head = Map::new();
        head.insert(
            "$schema".into(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
        head.insert(
            "title".into(),
            json!(format!("Values for planforge fill {}", names.join(" "))),
        );
        head.extend(std::mem::take(m));
        *m = head;
    }
    doc
}

fn entry_schema(t: &Template, cat: &Catalog, e: &Entry) -> Value {
    let desc = comment(t, e, false).join(". ");
    match &e.shape {
        Shape::Text => {
            json!({"type": ["string", "number", "boolean"], "minLength": 1, "pattern": "\\S", "description": desc})
        }
        Shape::Bool => json!({"type": "boolean", "description": desc}),
        Shape::List { scope, .. } => {
            let inner = &cat.scopes[*scope].entries;
            let items = if inner.is_empty() {
                json!({"type": ["string", "number", "boolean"], "minLength": 1})
            } else {
                let mut m = Map::new();
                let mut optional = Vec::new();
                for i in inner {
                    insert(&mut m, &i.key, entry_schema(t, cat, i));
                    if i.inherited {
                        optional.push(i.key.clone());
                    }
                }
                let mut o = object(m);
                if let Some(Value::Array(req)) = o.get_mut("required") {
                    req.retain(|k| !optional.iter().any(|o| k == o));
                }
                o
            };
            json!({"type": "array", "items": items, "description": desc})
        }
    }
}

/// Puts `schema` at dotted `key` inside `props` (a properties map under
/// construction: nested keys become nested objects).
fn insert(props: &mut Map<String, Value>, key: &str, schema: Value) {
    match key.split_once('.') {
        None => {
            props.insert(key.to_string(), schema);
        }
        Some((head, rest)) => {
            let slot = props
                .entry(head.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(inner) = slot {
                insert(inner, rest, schema);
            }
        }
    }
}

/// A properties map → an object schema: every key required, no others.
/// Nested maps built by [`insert`] (plain maps without `type`) become
/// objects too.
fn object(props: Map<String, Value>) -> Value {
    let mut properties = Map::new();
    for (k, v) in props {
        let v = match v {
            Value::Object(m) if !m.contains_key("type") => object(m),
            other => other,
        };
        properties.insert(k, v);
    }
    let required: Vec<&String> = properties.keys().collect();
    json!({"type": "object", "required": required, "additionalProperties": false, "properties": properties})
}
