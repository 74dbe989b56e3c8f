//! `planforge.toml`: lint settings, found upward from the working directory
//! (or named with `--config`).
//!
//! In: the TOML text. Out: a resolved [`LintConfig`]: compiled globs, rule
//! levels by registry index, allowed tokens, and the section manifests
//! (user kinds first, then the built-in ones). Errors here are usage errors
//! (exit 2). The JSON Schema of the file is generated from [`ConfigFile`].

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use globset::{Glob, GlobSet, GlobSetBuilder};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::diagnostics::Severity;
use crate::lint::rules::{self, RULES};
use crate::lint::template::Template;
use crate::manifest::{self, ManifestError, ManifestSpec, SectionManifest};
use crate::suggest::did_you_mean;

/// The name looked for in the working directory and its ancestors.
pub const FILE_NAME: &str = "planforge.toml";

/// planforge's project configuration file (`planforge.toml`).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(title = "planforge.toml")]
pub struct ConfigFile {
    /// Settings of `planforge lint`.
    #[serde(default)]
    pub lint: LintSection,
}

/// The `[lint]` table.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct LintSection {
    /// Globs of the files linted when a directory is walked. Default:
    /// `["*.md", "*.markdown"]`. `*` also matches `/`.
    #[serde(default)]
    pub include: Option<Vec<String>>,
    /// Globs of files never linted, also when named on the command line
    /// (e.g. `["vendor/**", "CHANGELOG.md"]`).
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Bracketed tokens that are not placeholders, with or without the
    /// brackets (e.g. `["WIP", "[BREAKING]"]`).
    #[serde(default)]
    pub allow_tokens: Vec<String>,
    /// Level per rule id: `"off"`, `"warning"` or `"error"`
    /// (e.g. `todo-marker = "off"`).
    #[serde(default)]
    pub rules: BTreeMap<String, Level>,
    /// Fail (exit 1) on warnings too, like `--deny-warnings`.
    #[serde(default)]
    pub deny_warnings: bool,
    /// Section manifests of your own document kinds (same fields as the
    /// built-in ones under `templates/manifests/`).
    #[serde(default)]
    pub kinds: Vec<ManifestSpec>,
    /// Your own Markdown templates as kinds: documents matching `paths` are
    /// checked against the template's headings, and every fill-in token of
    /// the template left in them is an error (as with `lint --template`).
    #[serde(default)]
    pub templates: Vec<TemplateSpec>,
}

/// A `[[lint.templates]]` entry.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct TemplateSpec {
    /// The template file, relative to planforge.toml (e.g.
    /// `.bmad-core/templates/prd-tmpl.md`).
    pub template: String,
    /// Globs of the documents filled from it, matched against the absolute
    /// path: start them with `**/` (e.g. `["**/docs/prd/*.md"]`).
    pub paths: Vec<String>,
}

/// A rule's level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    Warning,
    Error,
}

/// Why a configuration cannot be used (a usage error, exit 2).
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("invalid config {path}")]
    InFile {
        path: String,
        #[source]
        source: Box<ConfigError>,
    },
    #[error(transparent)]
    Toml(#[from] toml::de::Error),
    #[error("unknown rule `{id}` in [lint.rules]{hint}")]
    UnknownRule { id: String, hint: String },
    #[error("invalid glob `{glob}`: {source}")]
    Glob {
        glob: String,
        source: globset::Error,
    },
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    #[error("cannot read template {path}: {source}")]
    Template {
        path: String,
        source: std::io::Error,
    },
    #[error("unknown kind `{kind}` (known kinds: {known})")]
    UnknownKind { kind: String, known: String },
}

/// Settings ready for linting, built once per run.
#[derive(Debug)]
pub struct LintConfig {
    include: GlobSet,
    exclude: GlobSet,
    pub allowed: HashSet<String>,
    /// Level of each rule, indexed like [`RULES`]; `None` = off.
    pub levels: Vec<Option<Severity>>,
    pub deny_warnings: bool,
    /// Problems that do not stop the run (an unknown rule id under
    /// `[lint.rules]`, with "did you mean"): the CLI prints them as warnings.
    pub warnings: Vec<String>,
    /// User kinds first, so they can replace a built-in kind of the same id.
    pub manifests: Vec<SectionManifest>,
    /// Templates used as kinds (their manifests are in `manifests` too).
    pub templates: Vec<Template>,
    /// Every kind's path globs in one set, with the manifest index of each
    /// glob; compiled on first use.
    kind_paths: OnceLock<(GlobSet, Vec<usize>)>,
}

impl Default for LintConfig {
    fn default() -> Self {
        // Invariant: the default settings contain no glob or kind that can
        // fail to build.
        LintConfig::from_file(ConfigFile::default()).expect("default config is valid")
    }
}

impl LintConfig {
    /// Reads and resolves a config file; template paths are relative to it.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let display = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: display.clone(),
            source,
        })?;
        let base = path.parent().unwrap_or(Path::new(""));
        Self::parse_in(&text, base).map_err(|e| ConfigError::InFile {
            path: display,
            source: Box::new(e),
        })
    }

    pub fn parse(text: &str) -> Result<Self, ConfigError> {
        Self::parse_in(text, Path::new(""))
    }

    /// Parses a config whose relative template paths start at `base`.
    pub fn parse_in(text: &str, base: &Path) -> Result<Self, ConfigError> {
        let file: ConfigFile = toml::from_str(text)?;
        let specs = file.lint.templates.clone();
        let mut config = Self::from_file(file)?;
        for spec in specs.into_iter().rev() {
            let path = base.join(&spec.template);
            let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Template {
                path: spec.template.clone(),
                source,
            })?;
            config.add_template(Template::from_text(&spec.template, &text, spec.paths)?);
        }
        Ok(config)
    }

    /// Makes `template` a kind, ahead of every other (index 0).
    pub fn add_template(&mut self, template: Template) {
        self.manifests.insert(0, template.manifest.clone());
        self.templates.push(template);
        self.kind_paths = OnceLock::new();
    }

    /// The template whose kind `manifest` is, if any.
    pub fn template_of(&self, manifest: &SectionManifest) -> Option<&Template> {
        self.templates
            .iter()
            .find(|t| t.manifest.kind == manifest.kind)
    }

    /// The level of rule `id`, `None` when it is off.
    pub fn level(&self, id: &str) -> Option<Severity> {
        let i = RULES.iter().position(|r| r.id == id)?;
        self.levels.get(i).copied().flatten()
    }

    fn from_file(file: ConfigFile) -> Result<Self, ConfigError> {
        let lint = file.lint;
        let include = lint
            .include
            .unwrap_or_else(|| vec!["*.md".into(), "*.markdown".into()]);
        let mut levels: Vec<Option<Severity>> =
            RULES.iter().map(|r| Some(r.default_severity)).collect();
        let mut warnings = Vec::new();
        for (id, level) in &lint.rules {
            let Some(i) = RULES.iter().position(|r| r.id == id) else {
                let hint = did_you_mean(id, RULES.iter().map(|r| r.id))
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                warnings.push(format!(
                    "unknown rule `{id}` in [lint.rules]{hint}; ignored"
                ));
                continue;
            };
            levels[i] = match level {
                Level::Off => None,
                Level::Warning => Some(Severity::Warning),
                Level::Error => Some(Severity::Error),
            };
        }
        let mut manifests = Vec::new();
        for spec in lint.kinds {
            manifests.push(SectionManifest::from_spec(spec)?);
        }
        manifests.extend(manifest::builtin().iter().cloned());
        Ok(LintConfig {
            include: globs(&include)?,
            exclude: globs(&lint.exclude)?,
            allowed: lint
                .allow_tokens
                .iter()
                .map(|t| t.trim_start_matches('[').trim_end_matches(']').to_string())
                .collect(),
            levels,
            deny_warnings: lint.deny_warnings,
            warnings,
            manifests,
            templates: Vec::new(),
            kind_paths: OnceLock::new(),
        })
    }

    /// Should a file found by walking a directory be linted?
    pub fn wants(&self, display: &str) -> bool {
        self.include.is_match(display) && !self.excludes(display)
    }

    /// Is the file excluded (applies to files named explicitly too)?
    pub fn excludes(&self, display: &str) -> bool {
        self.exclude.is_match(display)
    }

    /// The manifest of a kind id.
    pub fn manifest(&self, kind: &str) -> Option<&SectionManifest> {
        self.manifests.iter().find(|m| m.kind == kind)
    }

    /// The index of a kind's manifest, or an error naming the known kinds.
    pub fn kind_index(&self, kind: &str) -> Result<usize, ConfigError> {
        self.manifests
            .iter()
            .position(|m| m.kind == kind)
            .ok_or_else(|| ConfigError::UnknownKind {
                kind: kind.to_string(),
                known: self
                    .manifests
                    .iter()
                    .map(|m| m.kind.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }

    /// The first kind (user kinds first) whose path globs match `path`.
    pub fn kind_by_path(&self, path: &Path) -> Option<&SectionManifest> {
        // Compiling the set costs about a millisecond, as much as linting a
        // small file: skip it unless some glob's last part fits the name.
        let name = path.file_name()?.to_str()?;
        let candidates = self.manifests.iter().flat_map(|m| &m.paths);
        if !candidates
            .into_iter()
            .any(|g| name_may_match(g.glob(), name))
        {
            return None;
        }
        let (set, owners) = self.kind_paths.get_or_init(|| {
            let mut b = GlobSetBuilder::new();
            let mut owners = Vec::new();
            for (i, m) in self.manifests.iter().enumerate() {
                for g in &m.paths {
                    b.add(g.clone());
                    owners.push(i);
                }
            }
            // Each glob parsed already; only a regex size limit can fail
            // here, and then no kind is detected by path.
            (b.build().unwrap_or_else(|_| GlobSet::empty()), owners)
        });
        let first = set.matches(path).into_iter().map(|g| owners[g]).min()?;
        self.manifests.get(first)
    }

    /// Enabled rules with their levels.
    pub fn enabled(&self) -> impl Iterator<Item = (&'static rules::Rule, Severity)> + '_ {
        RULES
            .iter()
            .zip(&self.levels)
            .filter_map(|(r, l)| l.map(|l| (r, l)))
    }
}

/// Can a file called `name` match `glob`, judging by the glob's last path
/// component? Exact for a literal or `*suffix`, otherwise "maybe".
fn name_may_match(glob: &str, name: &str) -> bool {
    let last = glob.rsplit('/').next().unwrap_or(glob);
    let meta = |s: &str| s.contains(['*', '?', '[', '{', '\\']);
    match last.strip_prefix('*') {
        _ if !meta(last) => last == name,
        Some(suffix) if !meta(suffix) => name.ends_with(suffix),
        _ => true,
    }
}

fn globs(patterns: &[String]) -> Result<GlobSet, ConfigError> {
    let invalid = |glob: &str| {
        let glob = glob.to_string();
        move |source| ConfigError::Glob { glob, source }
    };
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        b.add(Glob::new(p).map_err(invalid(p))?);
    }
    b.build().map_err(invalid(&patterns.join(", ")))
}

/// The nearest `planforge.toml` in `start` or its ancestors.
pub fn find(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// The JSON Schema of `planforge.toml`, as committed in
/// `schemas/planforge-config.schema.json`.
pub fn schema_text() -> String {
    let schema = schemars::schema_for!(ConfigFile);
    // Invariant: a schemars schema is plain JSON and always serializes.
    let mut text = serde_json::to_string_pretty(&schema).expect("schema serializes");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_can_be_turned_off_or_given_another_level() {
        let c = LintConfig::parse("[lint.rules]\ntodo-marker = \"off\"\nmojibake = \"error\"\n")
            .unwrap();
        let level = |id: &str| c.levels[RULES.iter().position(|r| r.id == id).unwrap()];
        assert_eq!(level("todo-marker"), None);
        assert_eq!(level("mojibake"), Some(Severity::Error));
        assert_eq!(level("placeholder"), Some(Severity::Error));
    }

    #[test]
    fn an_unknown_rule_is_a_warning_with_a_suggestion() {
        let c = LintConfig::parse("[lint.rules]\nplaceholders = \"off\"\n").unwrap();
        assert_eq!(
            c.warnings,
            ["unknown rule `placeholders` in [lint.rules] (did you mean `placeholder`?); ignored"]
        );
        assert!(c.levels.iter().all(Option::is_some));
    }

    #[test]
    fn allowed_tokens_lose_their_brackets_and_globs_filter_paths() {
        let c = LintConfig::parse(
            "[lint]\nallow-tokens = [\"[WIP]\", \"BREAKING\"]\nexclude = [\"vendor/**\"]\n",
        )
        .unwrap();
        assert!(c.allowed.contains("WIP") && c.allowed.contains("BREAKING"));
        assert!(c.wants("docs/a.md") && c.wants("b.markdown"));
        assert!(!c.wants("vendor/x.md") && !c.wants("a.txt"));
    }

    #[test]
    fn file_names_are_checked_before_any_glob_is_compiled() {
        assert!(name_may_match(
            "**/iterations/[0-9]*-*/CONTEXT.md",
            "CONTEXT.md"
        ));
        assert!(!name_may_match(
            "**/iterations/[0-9]*-*/CONTEXT.md",
            "notes.md"
        ));
        assert!(name_may_match(
            "**/*-agent-prompt.md",
            "dev-agent-prompt.md"
        ));
        assert!(!name_may_match("**/*-agent-prompt.md", "prompt.md"));
        assert!(name_may_match("docs/adr/[0-9]*.md", "0001.md"));
        let c = LintConfig::default();
        assert!(c.kind_by_path(Path::new("/x/notes.md")).is_none());
        assert!(c.kind_paths.get().is_none(), "nothing compiled");
        let m = c
            .kind_by_path(Path::new("/x/iterations/01-a/CONTEXT.md"))
            .unwrap();
        assert_eq!(m.kind, "iteration-context");
    }

    #[test]
    fn user_kinds_come_before_the_builtin_ones() {
        let c = LintConfig::parse(
            "[[lint.kinds]]\nkind = \"adr\"\nh1-prefix = \"ADR\"\nheadings = \"# ADR *\\n## Context\"\n",
        )
        .unwrap();
        assert_eq!(c.manifests[0].kind, "adr");
        assert!(c.manifest("jaegis-framework").is_some());
    }
}
