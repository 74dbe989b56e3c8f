//! Front matter compared key by key.
//!
//! In: the old and new text of a front matter section (fences included).
//! Out: the keys added, removed and changed ([`FieldChange`]s, dotted paths
//! as in the spec diff), or `None` when either side does not parse as a
//! YAML (`---`) or TOML (`+++`) mapping; the section is then diffed as
//! lines like any other.

use std::sync::Arc;

use serde_json::Value;

use super::fields::{self, FieldChange};
use crate::diagnostics::SourceFile;

/// Key changes between two front matter blocks, or `None` if either is not
/// a mapping.
pub fn compare(old: &str, new: &str) -> Option<Vec<FieldChange>> {
    let (a, b) = (parse(old)?, parse(new)?);
    Some(fields::compare(&a, &b))
}

/// The mapping inside a front matter block.
fn parse(block: &str) -> Option<Value> {
    let mut lines = block.trim_end().lines();
    let fence = lines.next()?.trim_end();
    let mut inner: Vec<&str> = lines.collect();
    // The closing fence (`---`, `...` or `+++`).
    inner.pop();
    let body = inner.join("\n");
    let value = match fence {
        "---" => {
            let file = Arc::new(SourceFile::new(String::from("front matter"), body));
            crate::spec::yaml::load(&file).ok()?.value
        }
        "+++" => serde_json::to_value(body.parse::<toml::Table>().ok()?).ok()?,
        _ => return None,
    };
    match value {
        Value::Object(_) => Some(value),
        // An empty block is an empty mapping.
        Value::Null => Some(Value::Object(Default::default())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::fields::Delta;
    use serde_json::json;

    #[test]
    fn yaml_keys_are_compared_one_by_one() {
        let old = "---\ntitle: Install\nweight: 10\ndraft: true\n---\n";
        let new = "---\ntitle: Installation\nweight: 10\ntags: [setup]\n---\n";
        let changes = compare(old, new).unwrap();
        let paths: Vec<_> = changes.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(paths, ["title", "draft", "tags"]);
        assert_eq!(
            changes[0].delta,
            Delta::Set {
                old: json!("Install"),
                new: json!("Installation")
            }
        );
    }

    #[test]
    fn toml_front_matter_parses_too() {
        let changes = compare("+++\ntitle = 'A'\n+++\n", "+++\ntitle = 'B'\n+++\n").unwrap();
        assert_eq!(changes.len(), 1);
    }

    #[test]
    fn a_block_that_is_not_a_mapping_is_left_to_the_line_diff() {
        assert!(compare("---\n- a\n---\n", "---\na: 1\n---\n").is_none());
        assert!(compare("---\na: [\n---\n", "---\na: 1\n---\n").is_none());
    }
}
