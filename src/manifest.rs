//! Section manifests: the headings a document of a known kind must have.
//!
//! In: manifest TOML, either the built-in files under `templates/manifests/`
//! (embedded at build time, one per kind) or `[[lint.kinds]]` tables of a
//! user's `planforge.toml`. Out: [`SectionManifest`]s, used by `lint`
//! (missing-section, empty-section, section-order, kind detection) and by
//! compile's golden tests, so both agree on what a complete document is.
//!
//! A manifest lists its headings as Markdown heading lines, in document
//! order, in one multi-line string:
//!
//! ```toml
//! kind = "adr"
//! description = "Architecture decision record"
//! h1-prefix = "ADR"                # detect the kind from the first H1
//! paths = ["docs/adr/*.md"]        # or from the file's path (globs)
//! headings = """
//! # ADR *
//! ## Context
//! ## Decision
//! ### Alternatives {optional}
//! ## Consequences
//! """
//! ```
//!
//! Nesting follows the levels (a `###` belongs to the `##` above it). In a
//! title, `*` matches any text. A trailing `{optional}` makes the heading and
//! its whole subtree optional; `{repeat}` means "one or more headings matching
//! this pattern" (for variable headings such as `#### Gate *: *`). Titles are
//! compared by [`normalize_title`]: case, emoji, emphasis and punctuation do
//! not matter.

use std::sync::LazyLock;

use globset::Glob;
use schemars::JsonSchema;
use serde::Deserialize;

/// A manifest as written in TOML (built-in file or `[[lint.kinds]]` entry).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ManifestSpec {
    /// Kind id, used by `--kind`, front matter `planforge-kind:` and the
    /// `<!-- planforge-kind: ... -->` marker.
    pub kind: String,
    /// One line saying what documents of this kind are.
    #[serde(default)]
    pub description: String,
    /// A document whose H1 starts with this text (compared like titles) is of
    /// this kind.
    #[serde(default)]
    pub h1_prefix: Option<String>,
    /// Globs; a file whose path matches one is of this kind. Matched against
    /// the absolute path, so start them with `**/` unless they are absolute.
    #[serde(default)]
    pub paths: Vec<String>,
    /// The required headings, one Markdown heading line each, in order.
    /// `*` in a title matches any text; `{optional}` and `{repeat}` may
    /// follow a title.
    pub headings: String,
}

/// A parsed, ready-to-match manifest.
#[derive(Debug, Clone)]
pub struct SectionManifest {
    pub kind: String,
    pub description: String,
    /// Normalized H1 prefix (see [`normalize_title`]).
    pub h1_prefix: Option<String>,
    /// Path globs, parsed; compiled lazily by the caller, all kinds in one
    /// set, since compiling is the costly part and most runs never need it.
    pub paths: Vec<Glob>,
    /// Headings in document order; `parent` indexes into this vector.
    pub sections: Vec<Section>,
}

/// One required (or optional) heading of a manifest.
#[derive(Debug, Clone)]
pub struct Section {
    /// Heading level, 1 to 6.
    pub level: u8,
    /// The title as written in the manifest (shown in messages).
    pub title: String,
    /// The normalized title, `*` as a wildcard.
    pub pattern: String,
    /// Neither this heading nor anything under it is required.
    pub optional: bool,
    /// One or more headings may match this entry.
    pub repeat: bool,
    /// Index of the enclosing section, `None` for top-level headings.
    pub parent: Option<usize>,
}

impl Section {
    /// The heading as a Markdown line, e.g. `## Executive Summary`.
    pub fn display(&self) -> String {
        format!("{} {}", "#".repeat(usize::from(self.level)), self.title)
    }

    /// Does a normalized heading title match this entry?
    pub fn matches(&self, normalized: &str) -> bool {
        wildcard_match(self.pattern.as_bytes(), normalized.as_bytes())
    }
}

/// Why a manifest could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    #[error("manifest `{kind}`: {message}")]
    Invalid { kind: String, message: String },
    #[error("manifest TOML: {0}")]
    Toml(#[from] toml::de::Error),
}

impl SectionManifest {
    /// Parses a manifest TOML file.
    pub fn from_toml(text: &str) -> Result<Self, ManifestError> {
        Self::from_spec(toml::from_str(text)?)
    }

    /// Validates a written manifest and builds its section tree.
    pub fn from_spec(spec: ManifestSpec) -> Result<Self, ManifestError> {
        let invalid = |message: String| ManifestError::Invalid {
            kind: spec.kind.clone(),
            message,
        };
        let mut sections: Vec<Section> = Vec::new();
        for line in spec
            .headings
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            let level = line.bytes().take_while(|&b| b == b'#').count();
            let rest = &line[level..];
            if !(1..=6).contains(&level) || !rest.starts_with(' ') {
                return Err(invalid(format!(
                    "`{line}` is not a Markdown heading line (`## Title`)"
                )));
            }
            let (title, optional, repeat) = split_flags(rest.trim());
            let level = level as u8;
            let parent = sections.iter().rposition(|s| s.level < level);
            let optional = optional || parent.is_some_and(|p| sections[p].optional);
            sections.push(Section {
                level,
                pattern: normalize_pattern(title),
                title: title.to_string(),
                optional,
                repeat,
                parent,
            });
        }
        if sections.is_empty() {
            return Err(invalid("`headings` lists no heading".into()));
        }
        let paths = spec
            .paths
            .iter()
            .map(|p| Glob::new(p).map_err(|e| invalid(format!("path glob `{p}`: {e}"))))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(SectionManifest {
            h1_prefix: spec.h1_prefix.as_deref().map(normalize_title),
            kind: spec.kind,
            description: spec.description,
            paths,
            sections,
        })
    }

    /// Does this H1 title (normalized) say the document is of this kind?
    pub fn matches_h1(&self, normalized_h1: &str) -> bool {
        self.h1_prefix
            .as_deref()
            .is_some_and(|p| !p.is_empty() && normalized_h1.starts_with(p))
    }
}

/// Splits `{optional}` / `{repeat}` flags off the end of a title.
fn split_flags(mut title: &str) -> (&str, bool, bool) {
    let (mut optional, mut repeat) = (false, false);
    loop {
        if let Some(t) = title.strip_suffix("{optional}") {
            optional = true;
            title = t.trim_end();
        } else if let Some(t) = title.strip_suffix("{repeat}") {
            repeat = true;
            title = t.trim_end();
        } else {
            return (title, optional, repeat);
        }
    }
}

static BUILTIN_TOML: &[&str] = &[
    include_str!("../templates/manifests/jaegis-framework.toml"),
    include_str!("../templates/manifests/pact-action-phase.toml"),
    include_str!("../templates/manifests/iteration-context.toml"),
    include_str!("../templates/manifests/iteration-completion-criteria.toml"),
    include_str!("../templates/manifests/iteration-readme.toml"),
    include_str!("../templates/manifests/agent-prompt.toml"),
    include_str!("../templates/manifests/iteration-plan.toml"),
];

static BUILTIN: LazyLock<Vec<SectionManifest>> = LazyLock::new(|| {
    BUILTIN_TOML
        .iter()
        .map(|text| {
            // Invariant: the embedded files are fixed at build time and the
            // unit test `builtin_manifests_parse` parses every one of them.
            SectionManifest::from_toml(text).expect("built-in manifest is valid")
        })
        .collect()
});

/// The built-in manifests, in a fixed order.
pub fn builtin() -> &'static [SectionManifest] {
    &BUILTIN
}

/// The built-in manifest of a kind.
pub fn by_kind(kind: &str) -> Option<&'static SectionManifest> {
    builtin().iter().find(|m| m.kind == kind)
}

/// The comparison key of a heading title: lower case, letters and digits
/// only, single spaces between words. Emoji, emphasis markers and
/// punctuation (including trailing `:`) are dropped.
pub fn normalize_title(title: &str) -> String {
    normalize(title, false)
}

fn normalize_pattern(title: &str) -> String {
    normalize(title, true)
}

fn normalize(title: &str, keep_star: bool) -> String {
    if !keep_star && title.is_ascii() {
        return normalize_ascii(title.as_bytes());
    }
    normalize_chars(title, keep_star)
}

/// [`normalize`] of an ASCII heading title, byte by byte (nearly every
/// heading: this runs for every heading of every document with a kind).
fn normalize_ascii(title: &[u8]) -> String {
    let mut out = String::with_capacity(title.len());
    let mut gap = false;
    for &b in title {
        if b.is_ascii_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.push(char::from(b.to_ascii_lowercase()));
        } else {
            gap = true;
        }
    }
    out
}

fn normalize_chars(title: &str, keep_star: bool) -> String {
    let mut out = String::with_capacity(title.len());
    let mut gap = false;
    for c in title.chars() {
        if keep_star && c == '*' && out.ends_with('*') {
            continue;
        }
        // Titles with an emoji are mostly ASCII still: no Unicode tables
        // for those characters.
        let word = if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else {
            c.is_alphanumeric()
        };
        if word || (keep_star && c == '*') {
            if gap && !out.is_empty() && !out.ends_with('*') && c != '*' {
                out.push(' ');
            }
            gap = false;
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        } else {
            gap = true;
        }
    }
    out
}

/// `*` in `pattern` matches any run of bytes (including none).
fn wildcard_match(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut back: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && pattern[p] == b'*' {
            back = Some((p, t));
            p += 1;
        } else if p < pattern.len() && pattern[p] == text[t] {
            p += 1;
            t += 1;
        } else if let Some((bp, bt)) = back {
            p = bp + 1;
            t = bt + 1;
            back = Some((bp, bt + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&b| b == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_titles_normalize_as_the_general_path_does() {
        let mut next = crate::test_rng::xorshift(0x1234_5678_u32);
        for _ in 0..3000 {
            let len = next() % 24;
            let title: String = (0..len)
                .map(|_| char::from(b"aZ9 -*_:&#.`"[next() % 12]))
                .collect();
            assert_eq!(
                normalize_ascii(title.as_bytes()),
                normalize_chars(&title, false),
                "{title:?}"
            );
        }
        assert_eq!(
            normalize_title("  Multi-Agent  Coordination: "),
            "multi agent coordination"
        );
    }

    #[test]
    fn builtin_manifests_parse() {
        let kinds: Vec<_> = builtin().iter().map(|m| m.kind.as_str()).collect();
        assert_eq!(
            kinds,
            [
                "jaegis-framework",
                "pact-action-phase",
                "iteration-context",
                "iteration-completion-criteria",
                "iteration-readme",
                "agent-prompt",
                "iteration-plan"
            ]
        );
    }

    #[test]
    fn jaegis_has_every_heading_of_seed_000_below_its_h1() {
        let m = by_kind("jaegis-framework").unwrap();
        assert_eq!(m.sections.len(), 41);
        let exec = &m.sections[1];
        assert_eq!((exec.level, exec.title.as_str()), (2, "Executive Summary"));
        assert_eq!(exec.parent, Some(0));
    }

    #[test]
    fn reflection_and_its_subsections_and_gates_are_optional_in_pact() {
        let m = by_kind("pact-action-phase").unwrap();
        let optional: Vec<_> = m
            .sections
            .iter()
            .filter(|s| s.optional)
            .map(|s| s.title.as_str())
            .collect();
        assert_eq!(optional.len(), 8);
        assert_eq!(optional[0], "Gate *: *");
        assert_eq!(optional[1], "Reflection");
        assert!(m
            .sections
            .iter()
            .any(|s| s.repeat && s.pattern == "sprint phase*"));
    }

    #[test]
    fn titles_ignore_case_emoji_emphasis_and_punctuation() {
        assert_eq!(
            normalize_title("🚀 **Communication & Coordination** Protocols:"),
            "communication coordination protocols"
        );
        assert_eq!(normalize_pattern("Sprint/Phase *: *"), "sprint phase*");
        assert_eq!(
            normalize_pattern("Execution Orchestration Framework*"),
            "execution orchestration framework*"
        );
    }

    #[test]
    fn wildcards_match_any_text() {
        let m = by_kind("pact-action-phase").unwrap();
        let sprint = m.sections.iter().find(|s| s.repeat).unwrap();
        assert!(sprint.matches(&normalize_title("Sprint/Phase 2: Build")));
        assert!(!sprint.matches(&normalize_title("Sprint planning")));
        assert!(wildcard_match(b"a*c", b"abbbc"));
        assert!(!wildcard_match(b"a*c", b"abbb"));
    }

    #[test]
    fn a_line_that_is_not_a_heading_is_rejected() {
        let err = SectionManifest::from_toml("kind = \"x\"\nheadings = \"Title\"").unwrap_err();
        assert!(err.to_string().contains("not a Markdown heading"), "{err}");
    }
}
