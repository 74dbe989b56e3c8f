//! Renders diagnostics in every output format from one place.
//!
//! In: sorted diagnostics and a [`Summary`]. Out: bytes on a writer.
//! `human` is rustc-like (`path:line:col: error[rule]: message`, the source
//! line, a caret, a help line); `json` is the stable contract documented in
//! the README; `sarif` is SARIF 2.1.0 for code scanning; `github` is workflow
//! annotation commands. Colour is decided by the caller's stream
//! (`anstream` strips it off a terminal and honours `NO_COLOR`).

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use serde_json::json;

use super::{Diagnostic, Severity};

/// Output format shared by `check`, `lint` and `diff` diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Human-readable, with source snippets (coloured on a terminal).
    Human,
    /// Machine-readable JSON (`{"version":1,"diagnostics":[...],"summary":{...}}`).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF consumers.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=...::message`).
    Github,
}

/// Totals printed after the diagnostics.
#[derive(Debug, Clone, Copy, Default)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
}

/// What the SARIF output says about a rule (lint fills it from its rule
/// registry; other commands pass none and get bare rule ids).
#[derive(Debug, Clone, Copy)]
pub struct RuleInfo {
    pub id: &'static str,
    /// One line.
    pub summary: &'static str,
    /// Markdown documentation (`--explain` text).
    pub help: &'static str,
    pub default_severity: Severity,
}

/// Writes `diags` (already sorted) and the summary in `format`.
pub fn emit(
    out: &mut dyn Write,
    diags: &[Diagnostic],
    format: Format,
    summary: Summary,
) -> io::Result<()> {
    emit_with_rules(out, diags, format, summary, &[])
}

/// [`emit`], with rule documentation for the formats that carry it (SARIF).
pub fn emit_with_rules(
    out: &mut dyn Write,
    diags: &[Diagnostic],
    format: Format,
    summary: Summary,
    rules: &[RuleInfo],
) -> io::Result<()> {
    match format {
        Format::Human => human(out, diags, summary),
        Format::Json => {
            let value = json!({
                "version": 1,
                "diagnostics": diags.iter().map(json_diagnostic).collect::<Vec<_>>(),
                "summary": {"files": summary.files, "errors": summary.errors, "warnings": summary.warnings},
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&value)?)
        }
        Format::Sarif => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&sarif(diags, rules))?
        ),
        Format::Github => github(out, diags),
    }
}

fn json_diagnostic(d: &Diagnostic) -> serde_json::Value {
    let (start, end) = (d.start(), d.end());
    let mut v = json!({
        "path": d.file.path,
        "line": start.line,
        "column": start.column,
        "end_line": end.line,
        "end_column": end.column,
        "rule": d.rule,
        "severity": d.severity.as_str(),
        "message": d.message,
    });
    if let Some(help) = &d.help {
        v["help"] = json!(help);
    }
    v
}

const BOLD: Style = Style::new().bold();
const BLUE: Style = AnsiColor::Blue.on_default().bold();
const CYAN: Style = AnsiColor::Cyan.on_default().bold();

fn severity_style(s: Severity) -> Style {
    match s {
        Severity::Error => AnsiColor::Red.on_default().bold(),
        Severity::Warning => AnsiColor::Yellow.on_default().bold(),
    }
}

fn human(out: &mut dyn Write, diags: &[Diagnostic], summary: Summary) -> io::Result<()> {
    for d in diags {
        let start = d.start();
        let sev = severity_style(d.severity);
        writeln!(
            out,
            "{BOLD}{}:{}:{}:{BOLD:#} {sev}{}[{}]{sev:#}{BOLD}: {}{BOLD:#}",
            d.file.path,
            start.line,
            start.column,
            d.severity.as_str(),
            d.rule,
            d.message
        )?;
        if !d.file.text.is_empty() {
            snippet(out, d, sev)?;
        }
        if let Some(help) = &d.help {
            let pad = " ".repeat(start.line.to_string().len());
            writeln!(out, "{pad} {BLUE}={BLUE:#} {CYAN}help{CYAN:#}: {help}")?;
        }
    }
    if summary.files > 0 || !diags.is_empty() {
        if !diags.is_empty() {
            writeln!(out)?;
        }
        let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        let style = if summary.errors > 0 {
            severity_style(Severity::Error)
        } else if summary.warnings > 0 {
            severity_style(Severity::Warning)
        } else {
            AnsiColor::Green.on_default().bold()
        };
        writeln!(
            out,
            "{style}{}, {} in {}{style:#}",
            plural(summary.errors, "error"),
            plural(summary.warnings, "warning"),
            plural(summary.files, "file")
        )?;
    }
    Ok(())
}

/// The offending line with a caret under the span (first line of it only).
fn snippet(out: &mut dyn Write, d: &Diagnostic, sev: Style) -> io::Result<()> {
    let (start, end) = (d.start(), d.end());
    let text = d.file.line_text(start.line);
    let shown = text.strip_prefix('\u{feff}').unwrap_or(text);
    let shown: String = shown
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    let width = if end.line == start.line {
        end.column.saturating_sub(start.column).max(1)
    } else {
        shown
            .chars()
            .count()
            .saturating_sub(start.column - 1)
            .max(1)
    };
    let num = start.line.to_string();
    let pad = " ".repeat(num.len());
    writeln!(out, "{pad} {BLUE}|{BLUE:#}")?;
    writeln!(out, "{BLUE}{num} |{BLUE:#} {shown}")?;
    writeln!(
        out,
        "{pad} {BLUE}|{BLUE:#} {}{sev}{}{sev:#}",
        " ".repeat(start.column - 1),
        "^".repeat(width)
    )
}

fn github(out: &mut dyn Write, diags: &[Diagnostic]) -> io::Result<()> {
    for d in diags {
        let (start, end) = (d.start(), d.end());
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        writeln!(
            out,
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&d.file.path),
            start.line,
            start.column,
            end.line,
            end.column,
            escape_property(&format!("planforge {}", d.rule)),
            escape_data(&message)
        )?;
    }
    Ok(())
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn sarif(diags: &[Diagnostic], infos: &[RuleInfo]) -> serde_json::Value {
    let mut rule_ids: Vec<&str> = diags.iter().map(|d| d.rule.as_ref()).collect();
    rule_ids.sort_unstable();
    rule_ids.dedup();
    let rules: Vec<_> = rule_ids
        .iter()
        .map(|id| {
            let mut rule = json!({"id": id, "name": id, "helpUri": format!("https://github.com/planforge/planforge#rule-{id}")});
            if let Some(info) = infos.iter().find(|i| i.id == *id) {
                rule["shortDescription"] = json!({"text": info.summary});
                rule["fullDescription"] = json!({"text": info.summary});
                rule["help"] = json!({"text": info.help, "markdown": info.help});
                rule["defaultConfiguration"] = json!({"level": info.default_severity.as_str()});
            }
            rule
        })
        .collect();
    let results: Vec<_> = diags
        .iter()
        .map(|d| {
            let (start, end) = (d.start(), d.end());
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                text.push_str(&format!(" (help: {help})"));
            }
            json!({
                "ruleId": d.rule,
                "ruleIndex": rule_ids.binary_search(&d.rule.as_ref()).unwrap_or(0),
                "level": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
                "message": {"text": text},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": sarif_uri(&d.file.path)},
                    "region": {
                        "startLine": start.line,
                        "startColumn": start.column,
                        "endLine": end.line,
                        "endColumn": end.column.max(start.column + usize::from(end.line == start.line && end.column == start.column)),
                    }
                }}],
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "planforge",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/planforge/planforge",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

/// Relative paths as SARIF URIs: forward slashes, no leading `./`, spaces
/// and `%` percent-encoded.
fn sarif_uri(path: &str) -> String {
    let p = path.replace('\\', "/");
    let p = p.strip_prefix("./").unwrap_or(&p);
    p.replace('%', "%25").replace(' ', "%20")
}
