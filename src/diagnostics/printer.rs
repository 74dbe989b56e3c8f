//! Renders diagnostics in every output format from one place.
//!
//! In: sorted diagnostics and a [`Summary`]. Out: bytes on a writer.
//! `human` is rustc-like (`path:line:col: error[rule]: message`, the source
//! line, a caret, a help line); `json` is the stable contract documented in
//! the README; `sarif` is SARIF 2.1.0 for code scanning; `github` is workflow
//! annotation commands. Colour is decided by the caller's stream
//! (`anstream` strips it off a terminal and honours `NO_COLOR`).

use std::borrow::Cow;
use std::io::{self, Write};

use super::{machine, Diagnostic, LineCol, Severity};
use anstyle::{AnsiColor, Style};

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
    /// A readable name that differs from the id (`UnfilledPlaceholder`).
    pub name: &'static str,
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
    emit_with_rules(out, diags, format, summary, &[], true)
}

/// [`emit`], with rule documentation for the formats that carry it (SARIF).
/// With `color` false the human format writes no escape codes at all, so
/// `out` needs no stripping adapter (much faster for large outputs).
pub fn emit_with_rules(
    out: &mut dyn Write,
    diags: &[Diagnostic],
    format: Format,
    summary: Summary,
    rules: &[RuleInfo],
    color: bool,
) -> io::Result<()> {
    let palette = Palette::new(color);
    match format {
        Format::Human => human(out, diags, summary, palette),
        Format::Json => machine::write_json(out, &[machine::json_items(diags)?], summary),
        Format::Sarif => {
            let table = machine::SarifRules::new(rules, diags);
            machine::write_sarif(out, &[machine::sarif_items(diags, &table)?], &table)
        }
        Format::Github => github(out, diags),
    }
}

/// The styles of the human format; [`Palette::PLAIN`] writes nothing.
#[derive(Debug, Clone, Copy)]
struct Palette {
    bold: Style,
    blue: Style,
    cyan: Style,
    error: Style,
    warning: Style,
    ok: Style,
}

impl Palette {
    fn new(color: bool) -> Palette {
        if color {
            Palette::COLOR
        } else {
            Palette::PLAIN
        }
    }

    const COLOR: Palette = Palette {
        bold: Style::new().bold(),
        blue: AnsiColor::Blue.on_default().bold(),
        cyan: AnsiColor::Cyan.on_default().bold(),
        error: AnsiColor::Red.on_default().bold(),
        warning: AnsiColor::Yellow.on_default().bold(),
        ok: AnsiColor::Green.on_default().bold(),
    };
    const PLAIN: Palette = Palette {
        bold: Style::new(),
        blue: Style::new(),
        cyan: Style::new(),
        error: Style::new(),
        warning: Style::new(),
        ok: Style::new(),
    };

    fn severity(&self, s: Severity) -> Style {
        match s {
            Severity::Error => self.error,
            Severity::Warning => self.warning,
        }
    }
}

fn human(
    out: &mut dyn Write,
    diags: &[Diagnostic],
    summary: Summary,
    p: Palette,
) -> io::Result<()> {
    human_diagnostics(out, diags, p)?;
    human_summary(out, summary, !diags.is_empty(), p)
}

fn human_diagnostics(out: &mut dyn Write, diags: &[Diagnostic], p: Palette) -> io::Result<()> {
    let (bold, blue, cyan) = (p.bold, p.blue, p.cyan);
    for d in diags {
        let start = d.start();
        let sev = p.severity(d.severity);
        writeln!(
            out,
            "{bold}{}:{}:{}:{bold:#} {sev}{}[{}]{sev:#}{bold}: {}{bold:#}",
            d.file.path,
            start.line,
            start.column,
            d.severity.as_str(),
            d.rule,
            d.message
        )?;
        if !d.file.text.is_empty() {
            snippet(out, d, start, sev, blue)?;
        }
        if let Some(help) = &d.help {
            let pad = start.line.to_string().len();
            writeln!(
                out,
                "{:pad$} {blue}={blue:#} {cyan}help{cyan:#}: {help}",
                ""
            )?;
        }
    }
    Ok(())
}

fn human_summary(out: &mut dyn Write, summary: Summary, any: bool, p: Palette) -> io::Result<()> {
    if summary.files == 0 && !any {
        return Ok(());
    }
    if any {
        writeln!(out)?;
    }
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    let style = if summary.errors > 0 {
        p.error
    } else if summary.warnings > 0 {
        p.warning
    } else {
        p.ok
    };
    writeln!(
        out,
        "{style}{}, {} in {}{style:#}",
        plural(summary.errors, "error"),
        plural(summary.warnings, "warning"),
        plural(summary.files, "file")
    )
}

/// Can `format` be written in pieces ([`emit_diagnostics`] per file, then
/// [`emit_summary`])? Human and GitHub output can; JSON and SARIF are one
/// document.
pub fn streams(format: Format) -> bool {
    matches!(format, Format::Human | Format::Github)
}

/// Writes diagnostics (already sorted) without a summary, in a format that
/// [`streams`]; lets callers render files in parallel and concatenate.
pub fn emit_diagnostics(
    out: &mut dyn Write,
    diags: &[Diagnostic],
    format: Format,
    color: bool,
) -> io::Result<()> {
    let palette = Palette::new(color);
    match format {
        Format::Human => human_diagnostics(out, diags, palette),
        Format::Github => github(out, diags),
        Format::Json | Format::Sarif => Err(io::Error::other("this format cannot be streamed")),
    }
}

/// Writes what follows streamed diagnostics: the human summary line
/// (`any`: whether diagnostics were written), nothing for GitHub.
pub fn emit_summary(
    out: &mut dyn Write,
    summary: Summary,
    format: Format,
    any: bool,
    color: bool,
) -> io::Result<()> {
    let palette = Palette::new(color);
    match format {
        Format::Human => human_summary(out, summary, any, palette),
        _ => Ok(()),
    }
}

/// The offending line with a caret under the span (first line of it only).
fn snippet(
    out: &mut dyn Write,
    d: &Diagnostic,
    start: LineCol,
    sev: Style,
    blue: Style,
) -> io::Result<()> {
    let end = d.end();
    let text = d.file.line_text(start.line);
    let shown = text.strip_prefix('\u{feff}').unwrap_or(text);
    let shown: Cow<'_, str> = if shown.contains('\t') {
        Cow::Owned(shown.replace('\t', " "))
    } else {
        Cow::Borrowed(shown)
    };
    let width = if end.line == start.line {
        end.column.saturating_sub(start.column).max(1)
    } else {
        shown
            .chars()
            .count()
            .saturating_sub(start.column - 1)
            .max(1)
    };
    let num = start.line;
    let pad = num.to_string().len();
    writeln!(out, "{:pad$} {blue}|{blue:#}", "")?;
    writeln!(out, "{blue}{num} |{blue:#} {shown}")?;
    writeln!(
        out,
        "{:pad$} {blue}|{blue:#} {:indent$}{sev}{:^<width$}{sev:#}",
        "",
        "",
        "",
        indent = start.column - 1
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
