//! Template-aware lint: a team's own template (BMAD, spec-kit, JAEGIS, ...)
//! becomes a checked document kind without writing a manifest.
//!
//! In: the template's text and a name. Out: a [`Template`]: a section
//! manifest made of the template's headings (slots and counters such as
//! `N` in `#### Gate N: [GATE_NAME]` become `*`, and such headings may
//! repeat), and the template's fill-in tokens. A document checked against
//! it gets the section rules of that manifest, and [`Template::leftovers`]
//! finds every token of the template that survives in it, wherever it
//! stands (code blocks included).

use std::ops::Range;

use memchr::memmem;

use super::doc::MdDoc;
use super::rules::{Ctx, Finding};
use crate::manifest::{ManifestError, ManifestSpec, SectionManifest};
use crate::placeholder::{scan, Kind, Place};

/// A template turned into a kind.
#[derive(Debug, Clone)]
pub struct Template {
    pub manifest: SectionManifest,
    /// The template's slot texts (`{{app_name}}`, `[PROJECT_NAME]`), sorted,
    /// without duplicates.
    pub tokens: Vec<String>,
}

impl Template {
    /// Reads a template. `kind` names the kind in messages; `paths` are the
    /// globs of the documents it applies to (from `planforge.toml`).
    pub fn from_text(kind: &str, text: &str, paths: Vec<String>) -> Result<Self, ManifestError> {
        let doc = MdDoc::parse(text);
        let mut headings: Vec<String> = doc
            .headings
            .iter()
            .map(|h| heading_pattern(h.level, &h.title))
            .collect();
        // `#### Gate 1: [X]`, `#### Gate 2: [X]`: one repeatable entry.
        headings.dedup();
        let manifest = SectionManifest::from_spec(ManifestSpec {
            kind: kind.to_string(),
            description: format!("documents filled from the template {kind}"),
            h1_prefix: None,
            paths,
            headings: headings.join("\n"),
        })?;
        Ok(Template {
            manifest,
            tokens: tokens(text, &doc),
        })
    }

    /// Every occurrence of a template token in `ctx.text`, code included.
    pub fn leftovers(&self, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
        let bytes = ctx.text.as_bytes();
        let mut spans: Vec<(Range<usize>, &str)> = Vec::new();
        for token in &self.tokens {
            for at in memmem::find_iter(bytes, token.as_bytes()) {
                spans.push((at..at + token.len(), token));
            }
        }
        spans.sort_by_key(|(s, _)| (s.start, std::cmp::Reverse(s.end)));
        let mut end = 0;
        for (span, token) in spans {
            if span.start < end {
                continue;
            }
            end = span.end;
            out.push(
                Finding::new(
                    span,
                    format!(
                        "unfilled placeholder `{token}` from the template `{}`",
                        self.manifest.kind
                    ),
                )
                .help("replace it with the value the template asks for"),
            );
        }
    }
}

/// A heading line for the manifest: slots and one-letter counters become
/// `*`, and so do numbers in a heading holding a slot (`Gate 1: [X]`); a
/// heading that had any is `{repeat}`. The H1 matches any title: filled
/// documents rename it (`PRD Template` → `PRD: Atlas`).
fn heading_pattern(level: u8, title: &str) -> String {
    if level == 1 {
        return "# *".to_string();
    }
    let found = scan(title, 0..title.len(), Place::Heading, true);
    let mut out = String::with_capacity(title.len());
    let mut pos = 0;
    for t in &found {
        out.push_str(&title[pos..t.span.start]);
        out.push('*');
        pos = t.span.end;
    }
    out.push_str(&title[pos..]);
    let slotted = !found.is_empty();
    let words: Vec<String> = out
        .split(' ')
        .map(|w| {
            let bare = w.trim_end_matches([':', '.', ')']);
            let letter = bare.len() == 1 && bare.bytes().all(|b| b.is_ascii_uppercase());
            let number = slotted && !bare.is_empty() && bare.bytes().all(|b| b.is_ascii_digit());
            let counter = letter || number;
            if counter && bare != "A" {
                format!("*{}", &w[bare.len()..])
            } else {
                w.to_string()
            }
        })
        .collect();
    let pattern = words.join(" ");
    let variable = pattern.contains('*');
    let pattern = if pattern.trim().is_empty() {
        "*".to_string()
    } else {
        pattern
    };
    let flags = if variable && level > 1 {
        " {repeat}"
    } else {
        ""
    };
    format!(
        "{} {}{flags}",
        "#".repeat(usize::from(level)),
        pattern.trim()
    )
}

/// The template's slot texts: what the placeholder grammar finds in prose,
/// headings and code (as in a template: spaced `{{ x }}` in YAML counts).
fn tokens(text: &str, doc: &MdDoc) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut keep = |s: &str, kind: Kind| {
        if !matches!(kind, Kind::Blank | Kind::Lorem | Kind::Directive) && s.len() >= 3 {
            found.push(s.to_string());
        }
    };
    for r in &doc.prose {
        for t in scan(text, r.clone(), Place::Prose, true) {
            keep(&text[t.span.clone()], t.kind);
        }
    }
    for b in &doc.code_blocks {
        let place = Place::Code {
            lang: b.lang,
            template_doc: true,
        };
        for t in scan(text, b.content.clone(), place, true) {
            keep(&text[t.span.clone()], t.kind);
        }
    }
    found.sort();
    found.dedup();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATE: &str = "# Release Plan: {{Project Name}}\n\n## Overview\n\n[Provide an overview]\n\n## Gates\n\n#### Gate N: [GATE_NAME]\n\n#### Gate 2: [GATE_NAME]\n\nOwner: [OWNER]\n\n```bash\ninstall {{app_name}}\n```\n";

    #[test]
    fn headings_become_a_manifest_with_variable_headings() {
        let t = Template::from_text("release.md", TEMPLATE, vec![]).unwrap();
        let shown: Vec<String> = t.manifest.sections.iter().map(|s| s.display()).collect();
        assert_eq!(shown, ["# *", "## Overview", "## Gates", "#### Gate *: *"]);
        assert!(t.manifest.sections[3].repeat);
        assert!(t.manifest.sections[3].matches("gate 2 security review"));
    }

    #[test]
    fn tokens_come_from_prose_and_code() {
        let t = Template::from_text("release.md", TEMPLATE, vec![]).unwrap();
        assert_eq!(
            t.tokens,
            [
                "[GATE_NAME]",
                "[OWNER]",
                "[Provide an overview]",
                "{{Project Name}}",
                "{{app_name}}"
            ]
        );
    }
}
