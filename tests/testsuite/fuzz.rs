//! Property tests (proptest) over every entry point, on arbitrary and
//! mutated input: YAML loading + check, lint, diff of two documents. Each
//! asserts no panic and sane results: every diagnostic's span lies inside
//! its file's text on character boundaries, and every output format can
//! be written. Case counts are bounded so CI stays fast; raise them
//! locally with `PROPTEST_CASES=5000 cargo test --test testsuite fuzz`.

use std::sync::Arc;

use planforge::diagnostics::{self, Diagnostic, Format, SourceFile, Summary};
use planforge::diff::{self, DiffOptions, DocKind, Document, Side};
use planforge::lint::{LintConfig, Linter};
use proptest::prelude::*;

const STARTER: &str = include_str!("../../examples/starter.yaml");
const GUIDE: &str = include_str!("../fixtures/lint/seeds/003-pact-action-phase.md");

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(48),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Spans inside the text, on char boundaries; every format renders.
fn assert_sane(diags: &[Diagnostic]) {
    for d in diags {
        let text = &d.file.text;
        assert!(d.span.start <= d.span.end, "{d:?}");
        assert!(d.span.end <= text.len(), "{d:?}");
        assert!(text.is_char_boundary(d.span.start), "{d:?}");
        assert!(text.is_char_boundary(d.span.end), "{d:?}");
        let (start, end) = (d.start(), d.end());
        assert!(
            start <= end && start.line >= 1 && start.column >= 1,
            "{d:?}"
        );
    }
    for format in [Format::Human, Format::Json, Format::Sarif, Format::Github] {
        let mut out = Vec::new();
        diagnostics::emit_with_rules(&mut out, diags, format, Summary::default(), &[], false)
            .unwrap();
        if format == Format::Human {
            let text = String::from_utf8(out).unwrap();
            assert!(!text.contains('\u{1b}'), "{text}");
        }
    }
}

/// `base` with `insert` spliced in at a fraction `at` of its length (on a
/// char boundary), replacing `cut` characters.
fn splice(base: &str, at: f64, cut: usize, insert: &str) -> String {
    let mut i = ((base.len() as f64) * at) as usize;
    while !base.is_char_boundary(i) {
        i -= 1;
    }
    let rest = &base[i..];
    let skip = rest.char_indices().nth(cut).map_or(rest.len(), |(b, _)| b);
    format!("{}{insert}{}", &base[..i], &rest[skip..])
}

fn check_bytes(bytes: Vec<u8>) {
    match planforge::spec::load::from_bytes("fuzz.yaml", bytes) {
        Ok(file) => match planforge::spec::check_source(&file) {
            Ok(checked) => assert_sane(&checked.warnings),
            Err(diags) => {
                assert!(!diags.is_empty());
                assert_sane(&diags);
            }
        },
        Err(d) => assert_sane(&[d]),
    }
}

fn lint_text(text: String) {
    let linter = Linter::new(LintConfig::default(), None).unwrap();
    let file = Arc::new(SourceFile::new("fuzz.md", text));
    assert_sane(&linter.lint_file(&file, None));
}

const YAML_ISH: &str = "[a-z_0-9 :\\-\\[\\]{},'\"#&*!|>?%@`\n\r\té€\u{1b}\u{feff}.]{0,300}";
const MARKDOWN_ISH: &str = "[a-zA-Z_0-9 #*`>|~:\\-\\[\\]{}()<>!^@$=\n\r\té\u{1b}\u{200b}]{0,400}";
const MARKUP: &[&str] = &[
    "[OWNER_NAME]",
    "{{ x }}",
    "[[LLM: fill ",
    "]]",
    "<!-- planforge-disable placeholder -->",
    "<!-- planforge-enable -->",
    "<!-- planforge-disable-next-line -->",
    "\n```\n",
    "\n| a | b |\n|---|---|\n",
    "\n## Goal and Scope\n",
    "\r",
    "Ã©",
    "TODO",
];

proptest! {
    #![proptest_config(config())]

    #[test]
    fn check_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        check_bytes(bytes);
    }

    #[test]
    fn check_never_panics_on_yaml_like_text(text in YAML_ISH) {
        check_bytes(text.into_bytes());
    }

    #[test]
    fn check_never_panics_on_a_mutated_real_spec(at in 0.0..1.0f64, cut in 0usize..20, insert in YAML_ISH) {
        check_bytes(splice(STARTER, at, cut, &insert).into_bytes());
    }

    #[test]
    fn lint_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        match planforge::lint::read("fuzz.md", bytes) {
            Ok(file) => lint_text(file.text),
            Err(d) => assert_sane(&[d]),
        }
    }

    #[test]
    fn lint_never_panics_on_markdown_like_text(
        pieces in prop::collection::vec(prop_oneof![
            MARKDOWN_ISH.prop_map(|s| s),
            prop::sample::select(MARKUP).prop_map(String::from),
        ], 0..12)
    ) {
        lint_text(pieces.concat());
    }

    #[test]
    fn lint_never_panics_on_a_mutated_real_plan(at in 0.0..1.0f64, cut in 0usize..40, insert in MARKDOWN_ISH) {
        lint_text(splice(GUIDE, at, cut, &insert));
    }

    #[test]
    fn diff_of_two_arbitrary_documents_never_panics(
        old in MARKDOWN_ISH,
        at in 0.0..1.0f64,
        insert in MARKDOWN_ISH,
        markdown in any::<bool>(),
    ) {
        let kind = if markdown { DocKind::Markdown } else { DocKind::Text };
        let new = splice(GUIDE, at, 10, &insert);
        diff_documents(kind, old, new);
    }

    #[test]
    fn diff_of_two_mutated_specs_never_panics(at in 0.0..1.0f64, cut in 0usize..10, insert in YAML_ISH) {
        diff_documents(DocKind::Spec, STARTER.to_string(), splice(STARTER, at, cut, &insert));
    }
}

fn diff_documents(kind: DocKind, old: String, new: String) {
    let side = |name: &str, text: String| {
        Side::Document(Document {
            display: name.to_string(),
            kind,
            text,
            dir: None,
        })
    };
    let (a, b) = (side("old", old), side("new", new));
    match diff::diff(&a, &b, DiffOptions::default()) {
        Ok(report) => {
            use diff::format::{Format, Options};
            for format in [Format::Terminal, Format::Markdown, Format::Json] {
                let opts = Options {
                    format,
                    stat: false,
                    context: 3,
                };
                let mut out = Vec::new();
                diff::format::write(&mut out, &report, opts).unwrap();
            }
        }
        Err(diff::DiffError::InvalidSpec(_, diags)) => assert_sane(&diags),
        Err(e) => panic!("unexpected error: {e}"),
    }
}
