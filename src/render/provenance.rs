//! Provenance: where each section of a compiled document comes from, and
//! the mark a section carries when its text is a default.
//!
//! In: the [`Use`] of every section (`validate::default_content::usage`).
//! Out: `default_note` (section id → the italic line a default section
//! starts with, empty when the spec sets it) and `provenance` (per document,
//! the appendix rows: section → `spec: <key>`, `computed`, `default: …`).

use serde_json::{json, Map, Value};

use crate::validate::default_content::{Doc, Use, WhenUnset};

/// `default_note`: the mark of every section, by section id.
pub(super) fn notes(uses: &[Use]) -> Value {
    let mut out = Map::new();
    for u in uses {
        let note = match u.section.when_unset {
            WhenUnset::Default(from) if u.unset => {
                format!("*Default ({from}): not decided for this project.*")
            }
            WhenUnset::Default(from) if u.uses_default() => format!(
                "*Partly default ({from}): {} not decided for this project.*",
                u.unset_fields
                    .iter()
                    .map(|f| field_title(f))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            _ => String::new(),
        };
        out.insert(u.section.id.to_string(), Value::from(note));
    }
    Value::Object(out)
}

/// `snake_case` field name → "Snake case" for a reader.
fn field_title(f: &str) -> String {
    let text = f.replace('_', " ");
    let mut c = text.chars();
    c.next()
        .map(|first| first.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// `provenance`: the appendix rows of each document.
pub(super) fn appendix(uses: &[Use]) -> Value {
    let rows = |doc: Doc| -> Vec<Value> {
        uses.iter()
            .filter(|u| u.section.doc == doc)
            .map(|u| json!({"section": u.section.title, "source": u.source()}))
            .collect()
    };
    json!({
        "jaegis": rows(Doc::Jaegis),
        "pact": rows(Doc::Pact),
        "defaults": uses.iter().filter(|u| u.uses_default()).count(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::RawSpec;
    use crate::validate::default_content::usage;

    #[test]
    fn an_unset_text_block_is_marked_default_with_its_source() {
        let uses = usage(&RawSpec::default(), &|_| false);
        let notes = notes(&uses);
        assert_eq!(
            notes["parallel"],
            "*Default (planforge): not decided for this project.*"
        );
        assert_eq!(notes["streams"], "");
        let rows = appendix(&uses);
        let pact = rows["pact"].as_array().unwrap();
        assert!(
            pact.iter()
                .any(|r| r["section"] == "Reallocation Triggers"
                    && r["source"] == "default: seed 003")
        );
    }
}
