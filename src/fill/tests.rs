//! Unit tests of the fill pipeline on small templates of each dialect.

use std::sync::Arc;

use super::{fill, values, Template};
use crate::diagnostics::SourceFile;

fn template(text: &str) -> Template {
    Template::parse(Arc::new(SourceFile::new("t.md", text.to_string()))).expect("template parses")
}

fn vals(yaml: &str) -> values::Val {
    values::load(&Arc::new(SourceFile::new("values.yaml", yaml.to_string()))).expect("values load")
}

fn filled(text: &str, yaml: &str) -> String {
    let t = template(text);
    let f = fill(&t, &vals(yaml), false).unwrap_or_else(|d| panic!("{d:#?}"));
    assert!(f.diags.is_empty(), "{:#?}", f.diags);
    f.text
}

#[test]
fn tokens_of_every_spelling_are_filled_from_one_key() {
    let out = filled(
        "# {{Project Name}}\n\n**Project**: [PROJECT_NAME], {{project_name}} and {project_name}.\n",
        "projectName: Atlas\n",
    );
    assert_eq!(out, "# Atlas\n\n**Project**: Atlas, Atlas and Atlas.\n");
}
