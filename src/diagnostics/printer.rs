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

use super::{machine, Diagnostic, Severity};
use anstyle::{AnsiColor, Style};

use super::escape;
use super::snippet::{snippet, ELLIPSIS};

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
            escape::terminal(&d.file.path, false),
            start.line,
            start.column,
            d.severity.as_str(),
            escape::terminal(&d.rule, false),
            shown_text(&d.message, MESSAGE_WIDTH, true)
        )?;
        if !d.file.text.is_empty() {
            snippet(out, d, start, sev, blue)?;
        }
        if let Some(help) = &d.help {
            let pad = " ".repeat(start.line.to_string().len());
            let help = shown_text(help, MESSAGE_WIDTH, true);
            writeln!(out, "{pad} {blue}={blue:#} {cyan}help{cyan:#}: {help}")?;
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

/// Longest message or help text printed in the human format (JSON and
/// SARIF carry it whole).
const MESSAGE_WIDTH: usize = 1000;

/// `s` cut to `max` characters with an ellipsis, and escaped for a terminal.
fn shown_text(s: &str, max: usize, keep_newlines: bool) -> Cow<'_, str> {
    // No more bytes than `max`: no more characters either.
    if s.len() <= max {
        return escape::terminal(s, keep_newlines);
    }
    match s.char_indices().nth(max) {
        None => escape::terminal(s, keep_newlines),
        Some((cut, _)) => Cow::Owned(format!(
            "{}{ELLIPSIS}",
            escape::terminal(&s[..cut], keep_newlines)
        )),
    }
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
            escape_property(&escape::terminal(&d.file.path, false)),
            start.line,
            start.column,
            end.line,
            end.column,
            escape_property(&format!("planforge {}", d.rule)),
            escape_data(&escape::terminal(&message, true))
        )?;
    }
    Ok(())
}

/// GitHub workflow-command escaping of a message: `%`, CR and LF; in a
/// property also `:` and `,`. One pass, borrowed when nothing needs it.
fn escape_with(s: &str, property: bool) -> Cow<'_, str> {
    let special = |c: char| matches!(c, '%' | '\r' | '\n') || (property && matches!(c, ':' | ','));
    if !s.contains(special) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn escape_data(s: &str) -> Cow<'_, str> {
    escape_with(s, false)
}

fn escape_property(s: &str) -> Cow<'_, str> {
    escape_with(s, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escaping_in_one_pass_matches_the_workflow_command_rules() {
        let s = "50% done:\r\nsee a,b";
        assert_eq!(escape_data(s), "50%25 done:%0D%0Asee a,b");
        assert_eq!(escape_property(s), "50%25 done%3A%0D%0Asee a%2Cb");
        assert!(matches!(escape_property("docs/plan.md"), Cow::Borrowed(_)));
    }

    #[test]
    fn a_message_at_the_width_is_whole_and_one_past_it_is_cut() {
        let at = "é".repeat(MESSAGE_WIDTH);
        assert_eq!(shown_text(&at, MESSAGE_WIDTH, true), at);
        let past = format!("{at}x");
        assert_eq!(
            shown_text(&past, MESSAGE_WIDTH, true),
            format!("{at}{ELLIPSIS}")
        );
    }
}
