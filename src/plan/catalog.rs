//! The built-in orchestration pattern catalog (seed `004`), embedded as
//! JSON generated from the seed's YAML blocks (mojibake removed).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::spec::PatternName;

/// One catalog pattern.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogPattern {
    pub title: String,
    pub category: String,
    pub family: String,
    pub description: String,
    pub structure: Vec<String>,
    pub best_practices: Vec<String>,
    pub tools: Vec<String>,
    pub validation: Vec<String>,
}

static CATALOG: LazyLock<BTreeMap<String, CatalogPattern>> = LazyLock::new(|| {
    // invariant: the embedded file is checked by `every_pattern_name_is_in_the_catalog`.
    serde_json::from_str(include_str!("patterns.json")).expect("embedded pattern catalog parses")
    // invariant: see above
});

/// The catalog entry of a pattern name.
pub fn pattern(name: PatternName) -> Option<&'static CatalogPattern> {
    CATALOG.get(&name.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_name_is_in_the_catalog() {
        let schema = serde_json::to_value(schemars::schema_for!(PatternName)).unwrap();
        let names = schema["enum"].as_array().unwrap();
        assert_eq!(names.len(), CATALOG.len());
        for n in names {
            let name: PatternName = serde_json::from_value(n.clone()).unwrap();
            assert!(pattern(name).is_some(), "{n} missing");
        }
    }

    #[test]
    fn every_category_carries_its_seed_emoji_and_no_private_use_character() {
        const SEED_EMOJI: &[char] = &['🚀', '📊', '🔍', '🎯', '📈', '🤝', '💼', '🔬', '🔄', '🔇'];
        for (name, p) in CATALOG.iter() {
            let first = p.category.chars().next().unwrap();
            assert!(SEED_EMOJI.contains(&first), "{name}: {:?}", p.category);
            assert!(!p.category.contains('\u{F8FF}'), "{name}: {:?}", p.category);
        }
    }
}
