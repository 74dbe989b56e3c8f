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

use super::{machine, sarif, Diagnostic, Severity};
use anstyle::{AnsiColor, Style};

use super::escape;
use super::paint::{push_num, push_repeat, Paints};
use super::snippet::{digits, snippet, ELLIPSIS};

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
    match format {
        Format::Human => human(out, diags, summary, color),
        Format::Json => machine::write_json(out, &[machine::json_items(diags)?], summary),
        Format::Sarif => {
            let table = sarif::SarifRules::new(rules, diags);
            sarif::write_sarif(out, &[sarif::sarif_items(diags, &table)?], &table)
        }
        Format::Github => github(out, diags),
    }
}

/// The styles of the human format; [`Palette::PLAIN`] writes nothing.
#[derive(Debug, Clone, Copy)]
pub(super) struct Palette {
    pub(super) bold: Style,
    pub(super) blue: Style,
    pub(super) cyan: Style,
    pub(super) error: Style,
    pub(super) warning: Style,
    pub(super) ok: Style,
}

impl Palette {
    fn new(color: bool) -> Palette {
        if color {
            Palette::COLOR
        } else {
            Palette::PLAIN
        }
    }

    pub(super) const COLOR: Palette = Palette {
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
}

fn human(
    out: &mut dyn Write,
    diags: &[Diagnostic],
    summary: Summary,
    color: bool,
) -> io::Result<()> {
    human_diagnostics(out, diags, color)?;
    human_summary(out, summary, !diags.is_empty(), Palette::new(color))
}

/// Each diagnostic as `path:line:col: error[rule]: message`, its snippet
/// and its help line, built in one buffer and written once.
fn human_diagnostics(out: &mut dyn Write, diags: &[Diagnostic], color: bool) -> io::Result<()> {
    let p = Paints::new(color);
    let mut buf = String::with_capacity(diags.len() * 320);
    // Diagnostics come grouped by file: its path is escaped once.
    let mut path: Option<(&str, Cow<'_, str>)> = None;
    for d in diags {
        let start = d.start();
        let sev = p.severity(d.severity);
        if path
            .as_ref()
            .is_none_or(|(raw, _)| !std::ptr::eq(*raw, d.file.path.as_str()))
        {
            path = Some((&d.file.path, escape::terminal(&d.file.path, false)));
        }
        buf.push_str(p.bold.on);
        buf.push_str(path.as_ref().map_or("", |(_, shown)| shown));
        buf.push(':');
        push_num(&mut buf, start.line);
        buf.push(':');
        push_num(&mut buf, start.column);
        buf.push(':');
        buf.push_str(p.bold.off);
        buf.push(' ');
        buf.push_str(sev.on);
        buf.push_str(d.severity.as_str());
        buf.push('[');
        buf.push_str(&escape::terminal(&d.rule, false));
        buf.push(']');
        buf.push_str(sev.off);
        buf.push_str(p.bold.on);
        buf.push_str(": ");
        buf.push_str(&shown_text(&d.message, MESSAGE_WIDTH, true));
        buf.push_str(p.bold.off);
        buf.push('\n');
        if !d.file.text.is_empty() {
            snippet(&mut buf, d, start, sev, p.blue);
        }
        if let Some(help) = &d.help {
            push_repeat(&mut buf, ' ', digits(start.line) + 1);
            p.blue.push(&mut buf, "=");
            buf.push(' ');
            p.cyan.push(&mut buf, "help");
            buf.push_str(": ");
            buf.push_str(&shown_text(help, MESSAGE_WIDTH, true));
            buf.push('\n');
        }
    }
    out.write_all(buf.as_bytes())
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
    match format {
        Format::Human => human_diagnostics(out, diags, color),
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
    let mut buf = String::with_capacity(diags.len() * 200);
    for d in diags {
        let (start, end) = (d.start(), d.end());
        buf.push_str(match d.severity {
            Severity::Error => "::error file=",
            Severity::Warning => "::warning file=",
        });
        push_escaped(&mut buf, &escape::terminal(&d.file.path, false), true);
        buf.push_str(",line=");
        push_num(&mut buf, start.line);
        buf.push_str(",col=");
        push_num(&mut buf, start.column);
        buf.push_str(",endLine=");
        push_num(&mut buf, end.line);
        buf.push_str(",endColumn=");
        push_num(&mut buf, end.column);
        buf.push_str(",title=planforge ");
        push_escaped(&mut buf, &d.rule, true);
        buf.push_str("::");
        push_escaped(&mut buf, &escape::terminal(&d.message, true), false);
        if let Some(help) = &d.help {
            buf.push_str("%0Ahelp: ");
            push_escaped(&mut buf, &escape::terminal(help, true), false);
        }
        buf.push('\n');
    }
    out.write_all(buf.as_bytes())
}

/// Appends `s` with GitHub workflow-command escaping: `%`, CR and LF; in a
/// property also `:` and `,`. Unchanged runs are copied whole.
fn push_escaped(out: &mut String, s: &str, property: bool) {
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let code = match b {
            b'%' => "%25",
            b'\r' => "%0D",
            b'\n' => "%0A",
            b':' if property => "%3A",
            b',' if property => "%2C",
            _ => continue,
        };
        // `i` is at an ASCII byte, so both slices are on char boundaries.
        out.push_str(&s[from..i]);
        out.push_str(code);
        from = i + 1;
    }
    out.push_str(&s[from..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escaping_in_one_pass_matches_the_workflow_command_rules() {
        let escaped = |s: &str, property: bool| {
            let mut out = String::new();
            push_escaped(&mut out, s, property);
            out
        };
        let s = "50% done:\r\nsee a,b → é";
        assert_eq!(escaped(s, false), "50%25 done:%0D%0Asee a,b → é");
        assert_eq!(escaped(s, true), "50%25 done%3A%0D%0Asee a%2Cb → é");
        assert_eq!(escaped("docs/plan.md", true), "docs/plan.md");
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
