//! Field-by-field comparison of two JSON values.
//!
//! In: the old and new value of one entity (serialized from the spec types).
//! Out: [`FieldChange`]s with dotted paths in field order. Objects are
//! compared key by key; lists of scalars as multisets (items added and
//! removed; a pure reordering is reported only where order carries meaning,
//! see [`UNORDERED`]); lists of objects by their `id`, `name`, `role` or
//! `scenario` when every item has a distinct one (path `agents[developer]`),
//! else by position (`[2]`).

use std::collections::HashMap;

use serde_json::{Map, Value};

/// List fields whose order carries no meaning: reordering them is no change.
pub const UNORDERED: &[&str] = &[
    "depends_on",
    "supporting",
    "participants",
    "quality_gates",
    "dependencies",
    "agents",
    "patterns",
    "targets",
];

/// Fields that identify an item of a list of objects, in order of preference.
const ITEM_KEYS: &[&str] = &["id", "name", "role", "scenario"];

/// How one field changed.
#[derive(Debug, Clone, PartialEq)]
pub enum Delta {
    /// The value changed (scalars, or values of different shapes).
    Set { old: Value, new: Value },
    /// The field is new.
    Added(Value),
    /// The field is gone.
    Removed(Value),
    /// A list gained and lost items (for lists of objects, one item at the
    /// item's path, e.g. `deliverables[Runbook]`).
    Items {
        added: Vec<Value>,
        removed: Vec<Value>,
    },
    /// Same items, another order.
    Reordered,
}

/// One changed field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    /// Dotted path from the entity, e.g. `duration` or `context.scope`.
    pub path: String,
    pub delta: Delta,
}

/// Every difference between `old` and `new`.
pub fn compare(old: &Value, new: &Value) -> Vec<FieldChange> {
    let mut out = Vec::new();
    walk("", old, new, &mut out);
    out
}

fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_string()
    } else {
        format!("{path}.{field}")
    }
}

fn walk(path: &str, old: &Value, new: &Value, out: &mut Vec<FieldChange>) {
    if old == new {
        return;
    }
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => objects(path, a, b, out),
        (Value::Array(a), Value::Array(b)) => arrays(path, a, b, out),
        _ => out.push(FieldChange {
            path: path.to_string(),
            delta: Delta::Set {
                old: old.clone(),
                new: new.clone(),
            },
        }),
    }
}

fn objects(path: &str, a: &Map<String, Value>, b: &Map<String, Value>, out: &mut Vec<FieldChange>) {
    // A list or object field appearing or disappearing reads as its items
    // or fields added or removed.
    let empty = Value::Array(Vec::new());
    let no_fields = Value::Object(Map::new());
    for (k, va) in a {
        let p = join(path, k);
        match b.get(k) {
            Some(vb) => walk(&p, va, vb, out),
            None if va.is_array() => walk(&p, va, &empty, out),
            None if va.is_object() => walk(&p, va, &no_fields, out),
            None => out.push(FieldChange {
                path: p,
                delta: Delta::Removed(va.clone()),
            }),
        }
    }
    for (k, vb) in b.iter().filter(|(k, _)| !a.contains_key(*k)) {
        let p = join(path, k);
        match vb {
            Value::Array(_) => walk(&p, &empty, vb, out),
            Value::Object(_) => walk(&p, &no_fields, vb, out),
            _ => out.push(FieldChange {
                path: p,
                delta: Delta::Added(vb.clone()),
            }),
        }
    }
}

fn field_name(path: &str) -> &str {
    let last = path.rsplit('.').next().unwrap_or(path);
    last.split('[').next().unwrap_or(last)
}

fn arrays(path: &str, a: &[Value], b: &[Value], out: &mut Vec<FieldChange>) {
    if let (Some(ka), Some(kb)) = (item_key(a), item_key(b)) {
        if ka == kb {
            return keyed_items(path, ka, a, b, out);
        }
    }
    if a.iter().chain(b).any(|v| v.is_object() || v.is_array()) {
        return positional_items(path, a, b, out);
    }
    let (added, removed) = multiset_delta(a, b);
    let delta = if added.is_empty() && removed.is_empty() {
        if UNORDERED.contains(&field_name(path)) {
            return;
        }
        Delta::Reordered
    } else {
        Delta::Items { added, removed }
    };
    out.push(FieldChange {
        path: path.to_string(),
        delta,
    });
}

/// The key field every item of a list of objects has, with distinct values.
fn item_key(items: &[Value]) -> Option<&'static str> {
    if items.is_empty() {
        return None;
    }
    ITEM_KEYS.iter().copied().find(|k| {
        let mut seen = std::collections::HashSet::new();
        items.iter().all(|v| {
            v.get(k)
                .and_then(Value::as_str)
                .is_some_and(|s| seen.insert(s))
        })
    })
}

fn key_of<'v>(v: &'v Value, key: &str) -> &'v str {
    v.get(key).and_then(Value::as_str).unwrap_or_default()
}

fn keyed_items(path: &str, key: &str, a: &[Value], b: &[Value], out: &mut Vec<FieldChange>) {
    let in_b: HashMap<&str, &Value> = b.iter().map(|v| (key_of(v, key), v)).collect();
    let in_a: HashMap<&str, &Value> = a.iter().map(|v| (key_of(v, key), v)).collect();
    for va in a {
        let k = key_of(va, key);
        let p = format!("{path}[{k}]");
        match in_b.get(k) {
            Some(vb) => walk(&p, va, vb, out),
            None => out.push(FieldChange {
                path: p,
                delta: Delta::Items {
                    added: vec![],
                    removed: vec![va.clone()],
                },
            }),
        }
    }
    for vb in b.iter().filter(|v| !in_a.contains_key(key_of(v, key))) {
        out.push(FieldChange {
            path: format!("{path}[{}]", key_of(vb, key)),
            delta: Delta::Items {
                added: vec![vb.clone()],
                removed: vec![],
            },
        });
    }
}

fn positional_items(path: &str, a: &[Value], b: &[Value], out: &mut Vec<FieldChange>) {
    for i in 0..a.len().max(b.len()) {
        let p = format!("{path}[{i}]");
        match (a.get(i), b.get(i)) {
            (Some(x), Some(y)) => walk(&p, x, y, out),
            (Some(x), None) => out.push(FieldChange {
                path: p,
                delta: Delta::Items {
                    added: vec![],
                    removed: vec![x.clone()],
                },
            }),
            (None, Some(y)) => out.push(FieldChange {
                path: p,
                delta: Delta::Items {
                    added: vec![y.clone()],
                    removed: vec![],
                },
            }),
            (None, None) => {}
        }
    }
}

/// Items of `b` not matched in `a`, and of `a` not matched in `b`, each in
/// its list's order.
fn multiset_delta(a: &[Value], b: &[Value]) -> (Vec<Value>, Vec<Value>) {
    let rest = |from: &[Value], other: &[Value]| {
        let mut used = vec![false; other.len()];
        let mut left = Vec::new();
        for v in from {
            match (0..other.len()).find(|&i| !used[i] && &other[i] == v) {
                Some(i) => used[i] = true,
                None => left.push(v.clone()),
            }
        }
        left
    };
    (rest(b, a), rest(a, b))
}

/// Leaf values by path: the basis of rename similarity.
pub fn leaves(v: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    collect_leaves("", v, &mut out);
    out
}

fn collect_leaves(path: &str, v: &Value, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                collect_leaves(&join(path, k), x, out);
            }
        }
        Value::Array(items) if items.iter().any(|x| x.is_object() || x.is_array()) => {
            for (i, x) in items.iter().enumerate() {
                collect_leaves(&format!("{path}[{i}]"), x, out);
            }
        }
        Value::Array(items) => {
            let mut sorted: Vec<String> = items.iter().map(Value::to_string).collect();
            sorted.sort();
            out.push((path.to_string(), Value::from(sorted)));
        }
        _ => out.push((path.to_string(), v.clone())),
    }
}

/// Share of leaves two values have in common: 2 |same| / (|a| + |b|); two
/// empty values are identical.
pub fn similarity(a: &Value, b: &Value) -> f64 {
    let (la, lb) = (leaves(a), leaves(b));
    if la.is_empty() && lb.is_empty() {
        return 1.0;
    }
    let in_b: HashMap<&str, &Value> = lb.iter().map(|(p, v)| (p.as_str(), v)).collect();
    let same = la
        .iter()
        .filter(|(p, v)| in_b.get(p.as_str()) == Some(&v))
        .count();
    2.0 * same as f64 / (la.len() + lb.len()) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scalar_fields_report_old_and_new() {
        let c = compare(
            &json!({"duration": "1d", "name": "x"}),
            &json!({"duration": "2d", "name": "x"}),
        );
        assert_eq!(
            c,
            [FieldChange {
                path: "duration".into(),
                delta: Delta::Set {
                    old: json!("1d"),
                    new: json!("2d")
                }
            }]
        );
    }

    #[test]
    fn reordering_an_unordered_list_is_no_change_but_an_ordered_one_is() {
        assert!(compare(
            &json!({"depends_on": ["a", "b"]}),
            &json!({"depends_on": ["b", "a"]})
        )
        .is_empty());
        let c = compare(
            &json!({"activities": ["a", "b"]}),
            &json!({"activities": ["b", "a"]}),
        );
        assert_eq!(c[0].delta, Delta::Reordered);
    }

    #[test]
    fn list_items_are_added_and_removed() {
        let c = compare(
            &json!({"depends_on": ["T1", "T2"]}),
            &json!({"depends_on": ["T2", "T3"]}),
        );
        assert_eq!(
            c[0].delta,
            Delta::Items {
                added: vec![json!("T3")],
                removed: vec![json!("T1")]
            }
        );
    }

    #[test]
    fn lists_of_objects_match_items_by_their_key() {
        let old = json!({"deliverables": [{"name": "A", "agent": "x"}, {"name": "B"}]});
        let new = json!({"deliverables": [{"name": "B"}, {"name": "A", "agent": "y"}]});
        let c = compare(&old, &new);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].path, "deliverables[A].agent");
    }

    #[test]
    fn a_new_list_field_lists_its_items() {
        let c = compare(&json!({}), &json!({"supporting": ["qa"]}));
        let added = vec![json!("qa")];
        assert_eq!(
            c[0].delta,
            Delta::Items {
                added,
                removed: vec![]
            }
        );
    }

    #[test]
    fn similarity_counts_shared_leaves() {
        let a = json!({"name": "n", "role": "r", "tier": "primary", "x": ["b", "a"]});
        let b = json!({"name": "n", "role": "r", "tier": "support", "x": ["a", "b"]});
        assert!((similarity(&a, &b) - 0.75).abs() < 1e-9);
    }
}
