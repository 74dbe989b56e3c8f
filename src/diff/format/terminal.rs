//! The terminal format: entity changes, consequences, then each changed
//! document's sections with unified diffs and word highlights (or, with
//! `--stat`, one line per section). Styles are ANSI; the caller's
//! `anstream` stream strips them off a terminal and honours `NO_COLOR`.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::{
    consequence_rows, delta_text, order_sentences, placeholder_text, section_labels, section_name,
    section_notes, Options,
};
use crate::diagnostics::escape;
use crate::diff::document::{DocChange, DocDiff, SectionDiff};
use crate::diff::hunks::{HunkLine, LineTag};
use crate::diff::spec::{Change, EntityChange, SpecDiff};
use crate::diff::DiffReport;

/// Input text (names, values, file lines) as printed: escaped so that no
/// control sequence from a document reaches the terminal.
fn esc(s: &str) -> std::borrow::Cow<'_, str> {
    escape::terminal(s, false)
}

const BOLD: Style = Style::new().bold();
const RED: Style = AnsiColor::Red.on_default();
const GREEN: Style = AnsiColor::Green.on_default();
const YELLOW: Style = AnsiColor::Yellow.on_default();
const CYAN: Style = AnsiColor::Cyan.on_default();
const DIM: Style = Style::new().dimmed();

pub(super) fn write(out: &mut dyn Write, report: &DiffReport, opts: Options) -> io::Result<()> {
    writeln!(
        out,
        "{BOLD}planforge diff {} → {}{BOLD:#}",
        esc(&report.old),
        esc(&report.new)
    )?;
    if let Some(spec) = &report.spec {
        write_spec(out, spec)?;
        if !report.documents.is_empty() {
            writeln!(out)?;
            writeln!(out, "{BOLD}Compiled documents{BOLD:#}")?;
        }
    }
    for doc in &report.documents {
        write_doc(out, doc, opts)?;
    }
    Ok(())
}

fn write_spec(out: &mut dyn Write, spec: &SpecDiff) -> io::Result<()> {
    writeln!(out)?;
    let n = spec.entities.len();
    writeln!(
        out,
        "{BOLD}Spec: {n} change{}{BOLD:#}",
        if n == 1 { "" } else { "s" }
    )?;
    for e in &spec.entities {
        write_entity(out, e)?;
    }
    let rows = consequence_rows(&spec.consequences);
    if rows.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(out, "{BOLD}Consequences{BOLD:#}")?;
    for sentence in order_sentences(&spec.consequences) {
        writeln!(out, "  {YELLOW}!{YELLOW:#} {sentence}")?;
    }
    let width = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
    for (what, before, after) in rows {
        let (what, before, after) = (esc(&what), esc(&before), esc(&after));
        if before == after {
            writeln!(out, "  {what:<width$}  {before} {DIM}(unchanged){DIM:#}")?;
        } else if before.contains('→') || after.contains('→') {
            // Paths read badly joined by another arrow: one line each.
            writeln!(out, "  {what:<width$}  {RED}- {before}{RED:#}")?;
            writeln!(out, "  {:<width$}  {GREEN}+ {after}{GREEN:#}", "")?;
        } else {
            writeln!(
                out,
                "  {what:<width$}  {RED}{before}{RED:#} → {GREEN}{after}{GREEN:#}"
            )?;
        }
    }
    Ok(())
}

fn write_entity(out: &mut dyn Write, e: &EntityChange) -> io::Result<()> {
    let kind = e.kind.as_str().replace('_', " ");
    let (style, sign) = match e.change {
        Change::Added => (GREEN, '+'),
        Change::Removed => (RED, '-'),
        Change::Changed | Change::Renamed => (YELLOW, '~'),
    };
    let mut head = format!("{kind} {}", e.key);
    if let Some(old) = &e.old_key {
        head = format!("{kind} {old} → {} (renamed)", e.key);
    }
    if let (Some(summary), Change::Added | Change::Removed) = (&e.summary, e.change) {
        head.push_str(&format!(": {summary}"));
    }
    // A setting replaced as a whole has one field with an empty path.
    if let [only] = e.fields.as_slice() {
        if only.path.is_empty() {
            return writeln!(
                out,
                "  {style}{sign} {}{style:#}: {}",
                esc(&head),
                esc(&delta_text(&only.delta))
            );
        }
    }
    writeln!(out, "  {style}{sign} {}{style:#}", esc(&head))?;
    for f in &e.fields {
        let delta = delta_text(&f.delta);
        writeln!(out, "      {}: {}", esc(&f.path), esc(&delta))?;
    }
    Ok(())
}

fn write_doc(out: &mut dyn Write, doc: &DocDiff, opts: Options) -> io::Result<()> {
    writeln!(out)?;
    let counts = format!(
        "{GREEN}+{}{GREEN:#} {RED}-{}{RED:#}",
        doc.added_lines, doc.removed_lines
    );
    let (style, sign) = match doc.change {
        DocChange::Added => (GREEN, '+'),
        DocChange::Removed => (RED, '-'),
        _ => (YELLOW, '~'),
    };
    writeln!(
        out,
        "{style}{sign} {}{style:#} ({}) {counts}",
        esc(&doc.path),
        doc.change.as_str()
    )?;
    for note in &doc.notes {
        writeln!(out, "  {YELLOW}note{YELLOW:#}     {note}")?;
    }
    for s in &doc.sections {
        write_section(out, doc, s, opts)?;
    }
    Ok(())
}

fn write_section(
    out: &mut dyn Write,
    doc: &DocDiff,
    s: &SectionDiff,
    opts: Options,
) -> io::Result<()> {
    let style = match (s.old, s.new) {
        (None, _) => GREEN,
        (_, None) => RED,
        _ => YELLOW,
    };
    let counts = match (s.added_lines, s.removed_lines) {
        (0, 0) => String::new(),
        (a, r) => format!("  {GREEN}+{a}{GREEN:#} {RED}-{r}{RED:#}"),
    };
    writeln!(
        out,
        "  {style}{:<8}{style:#} {BOLD}{}{BOLD:#}{counts}",
        section_labels(s),
        esc(&section_name(doc, s))
    )?;
    if let Some(p) = placeholder_text(s) {
        writeln!(out, "           placeholders: {}", esc(&p))?;
    }
    for note in section_notes(s) {
        writeln!(out, "           {note}")?;
    }
    if opts.stat || !s.shows_lines() || !s.fields.is_empty() {
        return Ok(());
    }
    for hunk in &s.hunks {
        writeln!(out, "    {CYAN}{}{CYAN:#}", hunk.header())?;
        for line in &hunk.lines {
            write_line(out, line)?;
        }
    }
    Ok(())
}

fn write_line(out: &mut dyn Write, line: &HunkLine) -> io::Result<()> {
    let style = match line.tag {
        LineTag::Context => Style::new(),
        LineTag::Removed => RED,
        LineTag::Added => GREEN,
    };
    let emphasis = style.bold().underline();
    write!(out, "    {style}{}", line.tag.sign())?;
    for (emph, text) in &line.pieces {
        let text = escape::terminal(text, true);
        if *emph && line.tag != LineTag::Context {
            write!(out, "{emphasis}{text}{emphasis:#}{style}")?;
        } else {
            write!(out, "{text}")?;
        }
    }
    writeln!(out, "{style:#}")
}
