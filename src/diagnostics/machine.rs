//! The machine formats, `json` and `sarif`, as typed structs serialized
//! piecewise, so that workers can render one file's diagnostics each and
//! the caller only concatenates (no `serde_json::Value` is built).
//!
//! In: sorted diagnostics (per file, or all). Out: bytes: [`json_items`] /
//! [`sarif_items`] render the array elements (already indented, joined with
//! `,\n`), [`write_json`] / [`write_sarif`] wrap the parts into the whole
//! document. The result is byte-identical to pretty-printing the whole
//! document at once.

use std::io::{self, Write};

use serde::Serialize;

use super::{Diagnostic, RuleInfo, Severity, Summary};

#[derive(Serialize)]
struct JsonDiag<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
}

/// `value` pretty-printed, every line indented by `depth` levels (two
/// spaces each). JSON strings hold no raw newline, so lines are safe to
/// indent. `scratch` is a buffer reused across calls (one allocation per
/// batch, not per finding).
fn indented(
    out: &mut Vec<u8>,
    scratch: &mut Vec<u8>,
    value: &impl Serialize,
    depth: usize,
) -> io::Result<()> {
    const PAD: &[u8] = b"                ";
    let pad = &PAD[..(depth * 2).min(PAD.len())];
    scratch.clear();
    serde_json::to_writer_pretty(&mut *scratch, value)?;
    out.reserve(scratch.len() + scratch.len() / 8);
    out.extend_from_slice(pad);
    for line in scratch.split_inclusive(|&b| b == b'\n') {
        out.extend_from_slice(line);
        if line.ends_with(b"\n") {
            out.extend_from_slice(pad);
        }
    }
    Ok(())
}

fn separate(out: &mut Vec<u8>) {
    if !out.is_empty() {
        out.extend_from_slice(b",\n");
    }
}

/// The `diagnostics` array elements of the JSON format for `diags`.
pub fn json_items(diags: &[Diagnostic]) -> io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(diags.len() * 320);
    let mut scratch = Vec::with_capacity(512);
    for d in diags {
        let (start, end) = (d.start(), d.end());
        separate(&mut out);
        let item = JsonDiag {
            path: &d.file.path,
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            rule: &d.rule,
            severity: d.severity.as_str(),
            message: &d.message,
            help: d.help.as_deref(),
        };
        indented(&mut out, &mut scratch, &item, 2)?;
    }
    Ok(out)
}

/// Joins non-empty parts with `,\n`.
fn join(out: &mut dyn Write, parts: &[Vec<u8>]) -> io::Result<bool> {
    let mut any = false;
    for p in parts.iter().filter(|p| !p.is_empty()) {
        if any {
            out.write_all(b",\n")?;
        }
        out.write_all(p)?;
        any = true;
    }
    Ok(any)
}

/// The whole JSON document from parts made by [`json_items`].
pub fn write_json(out: &mut dyn Write, parts: &[Vec<u8>], summary: Summary) -> io::Result<()> {
    out.write_all(b"{\n  \"version\": 1,\n  \"diagnostics\": [")?;
    let mut body = Vec::new();
    if join(&mut body, parts)? {
        out.write_all(b"\n")?;
        out.write_all(&body)?;
        out.write_all(b"\n  ")?;
    }
    write!(
        out,
        "],\n  \"summary\": {{\n    \"files\": {},\n    \"errors\": {},\n    \"warnings\": {}\n  }}\n}}\n",
        summary.files, summary.errors, summary.warnings
    )
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'a str,
    message: Text,
    locations: [Location; 1],
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: Physical,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Physical {
    artifact_location: Artifact,
    region: Region,
}

#[derive(Serialize)]
struct Artifact {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
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
    let s = s.trim_end();
    if s.ends_with(['.', '!', '?']) {
        s.to_string()
    } else {
        format!("{s}.")
    }
}

/// The `results` array elements of the SARIF format for `diags`.
pub fn sarif_items(diags: &[Diagnostic], rules: &SarifRules<'_>) -> io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(diags.len() * 480);
    let mut scratch = Vec::with_capacity(768);
    // Diagnostics come sorted by file: the URI is made once per file.
    let mut uri: Option<(&str, String)> = None;
    for d in diags {
        let path = d.file.path.as_str();
        let uri = match &uri {
            Some((p, u)) if *p == path => u.clone(),
            _ => {
                let u = sarif_uri(path);
                uri = Some((path, u.clone()));
                u
            }
        };
        let (start, end) = (d.start(), d.end());
        let mut text = sentence(&d.message);
        if let Some(help) = &d.help {
            text.push_str(" Help: ");
            text.push_str(&sentence(help));
        }
        let zero_width = end.line == start.line && end.column == start.column;
        let item = SarifResult {
            rule_id: &d.rule,
            rule_index: rules.index(&d.rule),
            level: match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            message: Text { text },
            locations: [Location {
                physical_location: Physical {
                    artifact_location: Artifact { uri },
                    region: Region {
                        start_line: start.line,
                        start_column: start.column,
                        end_line: end.line,
                        end_column: end.column.max(start.column + usize::from(zero_width)),
                    },
                },
            }],
        };
        separate(&mut out);
        indented(&mut out, &mut scratch, &item, 4)?;
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
    let tool = Tool {
        driver: Driver {
            name: "planforge",
            version,
            semantic_version: version,
            information_uri: crate::links::REPOSITORY,
            rules: table,
        },
    };
    let mut head = Vec::new();
    indented(&mut head, &mut Vec::new(), &tool, 3)?;
    out.write_all(b"{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n      \"tool\": ")?;
    out.write_all(head.trim_ascii_start())?;
    out.write_all(b",\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": [")?;
    let mut body = Vec::new();
    if join(&mut body, parts)? {
        out.write_all(b"\n")?;
        out.write_all(&body)?;
        out.write_all(b"\n      ")?;
    }
    out.write_all(b"]\n    }\n  ]\n}\n")
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
