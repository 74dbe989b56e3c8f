//! The SARIF 2.1.0 format: the rule table of a run, each diagnostic as a
//! `results` element, and URIs for paths.
//!
//! In: sorted diagnostics and the rule registry. Out: bytes, rendered
//! piecewise like the JSON format ([`super::machine`] writes the document
//! around them), byte-identical to pretty-printing the whole log at once.
//! Absolute paths become `file://` URIs without `uriBaseId`; every rule has
//! a `name` that differs from its id, as the SARIF multitool asks.

use std::io::{self, Write};

use serde::Serialize;

use super::json_writer::{pad, Object};
use super::machine::{indented, separate, Document};
use super::{Diagnostic, RuleInfo, Severity};

#[derive(Serialize)]
struct Text {
    text: String,
}

/// The rule table of a SARIF run: the registry's rules when given (ids in
/// registry order), else the rule ids present in `diags`, sorted.
pub struct SarifRules<'r> {
    ids: Vec<String>,
    infos: &'r [RuleInfo],
}

impl<'r> SarifRules<'r> {
    pub fn new(infos: &'r [RuleInfo], diags: &[Diagnostic]) -> Self {
        let mut ids: Vec<String> = infos.iter().map(|i| i.id.to_string()).collect();
        let mut extra: Vec<String> = diags
            .iter()
            .map(|d| d.rule.to_string())
            .filter(|r| !ids.contains(r))
            .collect();
        extra.sort_unstable();
        extra.dedup();
        ids.extend(extra);
        SarifRules { ids, infos }
    }

    /// The registry's rules and the ids every command may add beside them
    /// (`io`, `invalid-file`), known before any file is linted.
    pub fn with_extra(infos: &'r [RuleInfo], extra: &[&str]) -> Self {
        let mut ids: Vec<String> = infos.iter().map(|i| i.id.to_string()).collect();
        ids.extend(extra.iter().map(|e| e.to_string()));
        SarifRules { ids, infos }
    }

    fn index(&self, id: &str) -> usize {
        self.ids.iter().position(|i| i == id).unwrap_or(0)
    }
}

/// `placeholder` → `Placeholder`, `missing-section` → `MissingSection`: a
/// readable name that differs from the id, for rules without one.
pub fn pascal_name(id: &str) -> String {
    let name: String = id
        .split(['-', '_'])
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect();
    // SARIF viewers compare without case: `io` and `Io` are the same.
    if name.eq_ignore_ascii_case(id) {
        name + "Error"
    } else {
        name
    }
}

/// Ends `s` with a period (SARIF viewers expect sentences).
fn sentence(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 1);
    push_sentence(&mut out, s);
    out
}

/// Appends [`sentence`]`(s)`.
fn push_sentence(out: &mut String, s: &str) {
    let s = s.trim_end();
    out.push_str(s);
    if !s.ends_with(['.', '!', '?']) {
        out.push('.');
    }
}

/// The `results` array elements of the SARIF format for `diags`.
pub fn sarif_items(diags: &[Diagnostic], rules: &SarifRules<'_>) -> io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(diags.len() * 768);
    let mut text = String::with_capacity(256);
    // Diagnostics come sorted by file: the URI is made once per file.
    let mut uri: Option<(&str, String)> = None;
    for d in diags {
        let path = d.file.path.as_str();
        if uri.as_ref().is_none_or(|(p, _)| *p != path) {
            uri = Some((path, sarif_uri(path)));
        }
        let (start, end) = (d.start(), d.end());
        text.clear();
        push_sentence(&mut text, &d.message);
        if let Some(help) = &d.help {
            text.push_str(" Help: ");
            push_sentence(&mut text, help);
        }
        let zero_width = end.line == start.line && end.column == start.column;
        separate(&mut out);
        pad(&mut out, 4);
        let mut o = Object::open(&mut out, 4);
        o.string("ruleId", &d.rule)?;
        o.number("ruleIndex", rules.index(&d.rule));
        o.string(
            "level",
            match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
        )?;
        let mut message = o.object("message");
        message.string("text", &text)?;
        message.close();
        let mut location = o.array_of_one("locations");
        let mut physical = location.object("physicalLocation");
        let mut artifact = physical.object("artifactLocation");
        artifact.string("uri", uri.as_ref().map_or("", |(_, u)| u.as_str()))?;
        artifact.close();
        let mut region = physical.object("region");
        region.number("startLine", start.line);
        region.number("startColumn", start.column);
        region.number("endLine", end.line);
        region.number(
            "endColumn",
            end.column.max(start.column + usize::from(zero_width)),
        );
        region.close();
        physical.close();
        location.close_in_array();
        o.close();
    }
    Ok(out)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRule<'a> {
    id: &'a str,
    name: String,
    help_uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    short_description: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<Help<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    default_configuration: Option<Level<'a>>,
}

#[derive(Serialize)]
struct Help<'a> {
    text: &'a str,
    markdown: &'a str,
}

#[derive(Serialize)]
struct Level<'a> {
    level: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'a str,
    version: &'a str,
    semantic_version: &'a str,
    information_uri: &'a str,
    rules: Vec<SarifRule<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

/// The whole SARIF document from parts made by [`sarif_items`].
pub fn write_sarif(
    out: &mut dyn Write,
    parts: &[Vec<u8>],
    rules: &SarifRules<'_>,
) -> io::Result<()> {
    let mut doc = Document::sarif(out, rules)?;
    for p in parts {
        doc.part(out, p)?;
    }
    doc.end_sarif(out)
}

/// Writes the SARIF log up to its one run's `results` array: the schema,
/// the version, and the run's tool with its rule table.
pub(super) fn sarif_head(out: &mut dyn Write, rules: &SarifRules<'_>) -> io::Result<()> {
    let mut head = Vec::new();
    indented(&mut head, &mut Vec::new(), &sarif_tool(rules), 3)?;
    out.write_all(b"{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n      \"tool\": ")?;
    out.write_all(head.trim_ascii_start())?;
    out.write_all(b",\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": [")
}

/// The `tool` object of the SARIF run: planforge and its rule table.
fn sarif_tool<'a>(rules: &'a SarifRules<'_>) -> Tool<'a> {
    let table = rules
        .ids
        .iter()
        .map(|id| {
            let info = rules.infos.iter().find(|i| i.id == id);
            SarifRule {
                id,
                name: info.map_or_else(|| pascal_name(id), |i| i.name.to_string()),
                // Lint rules are documented in docs/lint.md; the others
                // (check, diff, I/O) in the README's command reference.
                help_uri: crate::links::doc_url(if info.is_some() {
                    "docs/lint.md#rules"
                } else {
                    "README.md#commands"
                }),
                short_description: info.map(|i| Text {
                    text: sentence(i.summary),
                }),
                full_description: info.map(|i| Text {
                    text: sentence(i.summary),
                }),
                help: info.map(|i| Help {
                    text: i.help,
                    markdown: i.help,
                }),
                default_configuration: info.map(|i| Level {
                    level: i.default_severity.as_str(),
                }),
            }
        })
        .collect();
    let version = env!("CARGO_PKG_VERSION");
    Tool {
        driver: Driver {
            name: "planforge",
            version,
            semantic_version: version,
            information_uri: crate::links::REPOSITORY,
            rules: table,
        },
    }
}

/// A path as a SARIF URI: absolute paths become `file://` URIs (RFC 8089,
/// `file:///C:/x` on Windows), relative ones stay relative references with
/// forward slashes and no leading `./`; both percent-encoded.
pub fn sarif_uri(path: &str) -> String {
    let p = path.replace('\\', "/");
    let drive = p.len() > 2 && p.as_bytes()[1] == b':' && p.as_bytes()[0].is_ascii_alphabetic();
    if p.starts_with('/') {
        format!("file://{}", encode(&p))
    } else if drive {
        format!("file:///{}", encode(&p))
    } else {
        encode(p.strip_prefix("./").unwrap_or(&p))
    }
}

fn encode(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    for b in p.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=@:".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{pascal_name, sarif_uri};

    #[test]
    fn absolute_paths_become_file_uris_and_relative_ones_stay_relative() {
        assert_eq!(sarif_uri("/home/a b/x.md"), "file:///home/a%20b/x.md");
        assert_eq!(sarif_uri("C:\\docs\\x.md"), "file:///C:/docs/x.md");
        assert_eq!(sarif_uri("./docs/100% done.md"), "docs/100%25%20done.md");
        assert_eq!(sarif_uri("docs/é#1.md"), "docs/%C3%A9%231.md");
    }

    #[test]
    fn rule_names_differ_from_their_ids() {
        assert_eq!(pascal_name("missing-section"), "MissingSection");
        assert_eq!(pascal_name("io"), "IoError");
        assert_eq!(pascal_name("invalid-file"), "InvalidFile");
    }
}
