//! `planforge lint`: the Markdown checker.
//!
//! Pipeline: path → text ([`read`]) → [`MdDoc`] (parsed once) → kind
//! detection → enabled rules ([`rules::RULES`]) → findings filtered by
//! `[[LLM: ...]]` containment and inline suppressions → `Vec<Diagnostic>`.
//! Files are independent, so the CLI lints them in parallel
//! ([`schedule`]); everything shared (rules, globs, manifests) is built once
//! in a [`Linter`].

pub mod config;
pub mod doc;
pub mod rules;
pub mod schedule;
mod sections;
pub mod suppress;
pub mod template;
pub mod walk;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, SourceFile};
use crate::manifest::SectionManifest;
pub use config::LintConfig;
pub use doc::MdDoc;
use rules::{Ctx, Finding};
use suppress::Suppressions;

/// The id of the warning about a rule id no rule has (in a suppression
/// comment); not a rule itself, so it cannot be turned off or suppressed.
pub const UNKNOWN_RULE: &str = "unknown-rule";

/// Lints documents with one configuration.
#[derive(Debug)]
pub struct Linter {
    config: LintConfig,
    /// `--kind`: the manifest index every document is checked against.
    forced_kind: Option<usize>,
    /// Relative paths are made absolute against this for path-based kinds.
    cwd: PathBuf,
}

/// Why a file produced no lintable text.
#[derive(Debug)]
pub enum ReadFailure {
    /// Binary or not UTF-8: a finding (exit 1), the run goes on.
    Content(Diagnostic),
    /// Unreadable: an I/O error (exit 2), the run goes on.
    Io(Diagnostic),
}

impl Linter {
    /// `kind` forces every document's kind; unknown kinds are an error.
    pub fn new(config: LintConfig, kind: Option<&str>) -> Result<Self, config::ConfigError> {
        let forced_kind = kind.map(|k| config.kind_index(k)).transpose()?;
        Ok(Linter {
            config,
            forced_kind,
            cwd: std::env::current_dir().unwrap_or_default(),
        })
    }

    pub fn config(&self) -> &LintConfig {
        &self.config
    }

    /// `--template`: checks every document against `template` (its
    /// headings as the kind's sections, its tokens as leftovers).
    pub fn force_template(&mut self, template: template::Template) {
        self.config.add_template(template);
        self.forced_kind = Some(0);
    }

    /// Reads and lints one file (`found`: how it was found, which says how
    /// it can be read safely).
    pub fn lint_path(
        &self,
        path: &Path,
        display: &str,
        found: walk::Found,
    ) -> Result<Vec<Diagnostic>, ReadFailure> {
        let bytes = match found {
            walk::Found::Named => crate::input::read(path),
            walk::Found::Listed => crate::input::read_listed(path),
        };
        let bytes = bytes.map_err(|e| read_failure(display, e))?;
        let file = read(display, bytes).map_err(ReadFailure::Content)?;
        Ok(self.lint_file(&Arc::new(file), Some(path)))
    }

    /// Lints text already read (stdin, tests). `path` feeds kind detection.
    pub fn lint_file(&self, file: &Arc<SourceFile>, path: Option<&Path>) -> Vec<Diagnostic> {
        let doc = MdDoc::parse(&file.text);
        let suppressions = Suppressions::parse(&file.text, &doc.comments);
        let manifest = self.kind_of(&doc, path.unwrap_or(Path::new(&file.path)));
        let mut ctx = Ctx::new(&file.text, &doc, manifest, &self.config.allowed);
        if self.forced_kind.is_none() {
            ctx.unknown_kind = [&doc.front_matter_kind, &doc.marker_kind]
                .into_iter()
                .flatten()
                .find(|k| self.config.manifest(k).is_none())
                .map(String::as_str);
        }
        let mut diags = unknown_rules(file, &suppressions);
        let mut findings: Vec<Finding> = Vec::new();
        for (rule, severity) in self.config.enabled() {
            if rule.needs_kind && manifest.is_none() && ctx.unknown_kind.is_none() {
                continue;
            }
            (rule.check)(&ctx, &mut findings);
            for f in findings.drain(..) {
                let inside_directive =
                    rule.id != "llm-directive" && MdDoc::contains(&doc.directives, f.span.start);
                if inside_directive
                    || (!suppressions.is_empty() && !suppressions.allows(rule.id, f.span.start))
                {
                    continue;
                }
                let mut d =
                    Diagnostic::error(file, f.span, rule.id, f.message).with_severity(severity);
                d.help = f.help;
                d.order = f.order;
                diags.push(d);
            }
        }
        if let Some(t) = manifest.and_then(|m| self.config.template_of(m)) {
            self.template_leftovers(file, t, &ctx, &suppressions, &mut diags);
        }
        diags
    }

    /// The template's tokens left in the document, as `placeholder`
    /// findings (unless the placeholder rule found them already).
    fn template_leftovers(
        &self,
        file: &Arc<SourceFile>,
        t: &template::Template,
        ctx: &Ctx<'_>,
        suppressions: &Suppressions<'_>,
        diags: &mut Vec<Diagnostic>,
    ) {
        let Some(severity) = self.config.level("placeholder") else {
            return;
        };
        let mut found = Vec::new();
        t.leftovers(ctx, &mut found);
        for f in found {
            let known = diags.iter().any(|d| {
                d.rule == "placeholder" && d.span.start < f.span.end && f.span.start < d.span.end
            });
            let hidden = MdDoc::contains(&ctx.doc.directives, f.span.start)
                || (!suppressions.is_empty() && !suppressions.allows("placeholder", f.span.start));
            if known || hidden {
                continue;
            }
            let mut d =
                Diagnostic::error(file, f.span, "placeholder", f.message).with_severity(severity);
            d.help = f.help;
            diags.push(d);
        }
    }

    /// The document's kind: `--kind`, front matter, the compile marker, the
    /// file's path, then the H1 prefix.
    fn kind_of(&self, doc: &MdDoc, path: &Path) -> Option<&SectionManifest> {
        let manifests = &self.config.manifests;
        if let Some(i) = self.forced_kind {
            return manifests.get(i);
        }
        let declared = doc
            .front_matter_kind
            .as_deref()
            .or(doc.marker_kind.as_deref());
        if let Some(m) = declared.and_then(|k| self.config.manifest(k)) {
            return Some(m);
        }
        if let Some(m) = self.config.kind_by_path(&self.cwd.join(path)) {
            return Some(m);
        }
        doc.headings
            .iter()
            .filter(|h| h.level == 1)
            .find_map(|h| manifests.iter().find(|m| m.matches_h1(&h.key)))
    }
}

/// A warning with "did you mean" for each rule id a suppression comment
/// names that no rule has: a misspelt suppression would silently suppress
/// nothing.
fn unknown_rules(file: &Arc<SourceFile>, suppressions: &Suppressions<'_>) -> Vec<Diagnostic> {
    let base = file.text.as_ptr() as usize;
    suppressions
        .named_rules()
        .filter(|id| rules::by_id(id).is_none())
        .map(|id| {
            let at = id.as_ptr() as usize - base;
            let hint = crate::suggest::did_you_mean(id, rules::RULES.iter().map(|r| r.id))
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            let known: Vec<_> = rules::RULES.iter().map(|r| r.id).collect();
            Diagnostic::warning(
                file,
                at..at + id.len(),
                UNKNOWN_RULE,
                format!(
                    "unknown rule `{id}` in a suppression comment{hint}; it suppresses nothing"
                ),
            )
            .with_help(format!("rule ids: {}", known.join(", ")))
        })
        .collect()
}

/// The placeholders and `[[LLM: ...]]` directives `planforge lint` reports
/// in `text` with default settings, as sorted byte spans (a directive hides
/// what is inside it). For other commands that need the same judgement, such
/// as `diff` reporting placeholders introduced or filled.
pub fn placeholder_spans(text: &str) -> Vec<std::ops::Range<usize>> {
    let doc = MdDoc::parse(text);
    let allowed = std::collections::HashSet::new();
    let ctx = Ctx::new(text, &doc, None, &allowed);
    let mut found = Vec::new();
    for id in ["placeholder", "llm-directive"] {
        if let Some(rule) = rules::by_id(id) {
            (rule.check)(&ctx, &mut found);
        }
    }
    let mut spans: Vec<_> = found
        .into_iter()
        .map(|f| f.span)
        .filter(|s| doc.directives.contains(s) || !MdDoc::contains(&doc.directives, s.start))
        .collect();
    spans.sort_by_key(|s| (s.start, s.end));
    spans
}

/// An input that was not read: over the size limit is a finding (exit 1),
/// anything else an I/O error (exit 2).
pub fn read_failure(display: &str, e: crate::input::InputError) -> ReadFailure {
    match e {
        crate::input::InputError::TooLarge { .. } => ReadFailure::Content(
            Diagnostic::file_level(display, "invalid-file", format!("not linted: {e}"))
                .with_help(crate::input::InputError::too_large_help()),
        ),
        _ => ReadFailure::Io(Diagnostic::file_level(
            display,
            "io",
            format!("cannot read: {e}"),
        )),
    }
}

/// Bytes to a source file: binary (a NUL in the first 8 KiB) and non-UTF-8
/// content are reported instead of linted.
pub fn read(display: &str, bytes: Vec<u8>) -> Result<SourceFile, Diagnostic> {
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return Err(Diagnostic::file_level(
            display,
            "invalid-file",
            "binary file, not Markdown",
        ));
    }
    String::from_utf8(bytes)
        .map(|text| SourceFile::new(display, text))
        .map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            Diagnostic::file_level(
                display,
                "invalid-file",
                format!("not valid UTF-8 (first bad byte at offset {at})"),
            )
            .with_help("re-save the file as UTF-8")
        })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::{placeholder_spans, LintConfig, Linter};
    use crate::diagnostics::SourceFile;

    #[test]
    fn hostile_or_truncated_markdown_never_panics() {
        let linter = Linter::new(LintConfig::default(), None).unwrap();
        let nested = "[".repeat(5000) + &"]".repeat(4000);
        let cases = [
            "",
            "\u{feff}",
            "[[LLM:",
            "[[LLM: [ [ [",
            "{{",
            "{",
            "{a_b",
            "<!--",
            "<!-- ACTION",
            "^^",
            "^^CONDITION:",
            "<<",
            "<</",
            "@{",
            "`[X_Y]",
            "```\n[X_Y",
            "é[É]ü{é_é}Ã",
            "Ã",
            "ü",
            "\r\r[X_Y]\r",
            "| a |\n|---|\n|",
            "# Context: x\n## Goal and Scope",
            "---\nplanforge-kind:\n---\n",
            "<!-- planforge-kind: -->",
            "<!-- planforge-disable-next-line -->",
            "[^",
            "[!",
            "<",
            "<a_",
            "{{<",
            "${",
            "${{",
            "____",
            "lorem",
            "<é_é> {é_é} [é_é] {{é}} ${É_É}",
            "```bash\n{{",
            "```json\n\"{{a_b",
            "*[",
            "TODO",
            &nested,
        ];
        let long_line = "{a_b} [A_B] <A_B> ".repeat(4_000);
        for text in cases.iter().copied().chain([long_line.as_str()]) {
            let file = Arc::new(SourceFile::new("x.md", text.to_string()));
            let diags = linter.lint_file(&file, None);
            for d in &diags {
                let _ = (d.start(), d.end());
            }
            let _ = placeholder_spans(text);
        }
    }

    #[test]
    fn placeholder_spans_match_the_rules_and_directives_hide_their_content() {
        let text = "Owner: [OWNER_NAME], `[CODE]`.\n\n[[LLM: fill [PROJECT_NAME]]]\n";
        let spans: Vec<_> = placeholder_spans(text)
            .into_iter()
            .map(|s| &text[s])
            .collect();
        assert_eq!(spans, ["[OWNER_NAME]", "[[LLM: fill [PROJECT_NAME]]]"]);
    }
}
