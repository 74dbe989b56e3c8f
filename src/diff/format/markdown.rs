//! The Markdown format, ready to paste as a pull-request comment: a
//! heading, summary tables (entities, consequences, sections), then one
//! fenced `diff` block per changed section (left out with `--stat`).
//! Table cells escape `|` and never contain a newline; fences are longer
//! than any backtick run inside them.

use std::io::{self, Write};

use super::{
    consequence_rows, delta_text, order_sentences, placeholder_text, section_labels, section_name,
    section_notes, Options,
};
use crate::diff::document::DocDiff;
use crate::diff::spec::{Change, SpecDiff};
use crate::diff::DiffReport;

pub(super) fn write(out: &mut dyn Write, report: &DiffReport, opts: Options) -> io::Result<()> {
    writeln!(
        out,
        "### planforge diff: {} → {}",
        code(&report.old),
        code(&report.new)
    )?;
    if let Some(spec) = &report.spec {
        write_spec(out, spec)?;
    }
    if !report.documents.is_empty() {
        writeln!(out)?;
        if report.spec.is_some() {
            writeln!(out, "**Compiled documents**")?;
            writeln!(out)?;
        }
        write_section_table(out, &report.documents)?;
    }
    if !opts.stat {
        for doc in &report.documents {
            write_blocks(out, doc)?;
        }
    }
    Ok(())
}

/// `text` as inline code, with a fence longer than any backtick run in it.
fn code(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Text made safe for one table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn write_spec(out: &mut dyn Write, spec: &SpecDiff) -> io::Result<()> {
    writeln!(out)?;
    writeln!(out, "| change | entity | details |")?;
    writeln!(out, "|---|---|---|")?;
    for e in &spec.entities {
        let kind = e.kind.as_str().replace('_', " ");
        let entity = match &e.old_key {
            Some(old) => format!("{kind} {} → {}", code(old), code(&e.key)),
            None => format!("{kind} {}", code(&e.key)),
        };
        let details = match e.change {
            Change::Added | Change::Removed => e.summary.clone().unwrap_or_default(),
            _ => e
                .fields
                .iter()
                .map(|f| match f.path.as_str() {
                    "" => delta_text(&f.delta),
                    path => format!("{}: {}", code(path), delta_text(&f.delta)),
                })
                .collect::<Vec<_>>()
                .join("<br>"),
        };
        writeln!(
            out,
            "| {} | {} | {} |",
            e.change.as_str(),
            cell(&entity),
            cell(&details)
        )?;
    }
    let rows = consequence_rows(&spec.consequences);
    if rows.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(out, "**Consequences**")?;
    writeln!(out)?;
    let sentences = order_sentences(&spec.consequences);
    for sentence in &sentences {
        writeln!(out, "- {}", cell(sentence))?;
    }
    if !sentences.is_empty() {
        writeln!(out)?;
    }
    writeln!(out, "| | before | after |")?;
    writeln!(out, "|---|---|---|")?;
    for (what, before, after) in rows {
        let after = if before == after {
            "(unchanged)".to_string()
        } else {
            after
        };
        writeln!(
            out,
            "| {} | {} | {} |",
            cell(&what),
            cell(&before),
            cell(&after)
        )?;
    }
    Ok(())
}

fn write_section_table(out: &mut dyn Write, docs: &[DocDiff]) -> io::Result<()> {
    writeln!(
        out,
        "| document | section | change | + | − | placeholders and notes |"
    )?;
    writeln!(out, "|---|---|---|--:|--:|---|")?;
    for doc in docs {
        if doc.sections.is_empty() || !doc.notes.is_empty() {
            let (path, change) = (code(&doc.path), doc.change.as_str());
            let (a, r) = (doc.added_lines, doc.removed_lines);
            let notes = cell(&doc.notes.join("; "));
            writeln!(out, "| {path} | | {change} | {a} | {r} | {notes} |")?;
        }
        for s in &doc.sections {
            let notes: Vec<String> = placeholder_text(s)
                .into_iter()
                .chain(section_notes(s))
                .collect();
            writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                code(&doc.path),
                cell(&section_name(doc, s)),
                section_labels(s),
                s.added_lines,
                s.removed_lines,
                cell(&notes.join("; "))
            )?;
        }
    }
    Ok(())
}

fn write_blocks(out: &mut dyn Write, doc: &DocDiff) -> io::Result<()> {
    for s in doc
        .sections
        .iter()
        .filter(|s| s.shows_lines() && s.fields.is_empty())
    {
        let mut body = String::new();
        for hunk in &s.hunks {
            body.push_str(&hunk.header());
            body.push('\n');
            for line in &hunk.lines {
                body.push(line.tag.sign());
                body.push_str(&line.text());
                body.push('\n');
            }
        }
        let longest = body.split(|c| c != '`').map(str::len).max().unwrap_or(0);
        let fence = "`".repeat(longest.max(2) + 1);
        writeln!(out)?;
        writeln!(
            out,
            "#### {} › {}",
            code(&doc.path),
            cell(&section_name(doc, s))
        )?;
        writeln!(out)?;
        writeln!(out, "{fence}diff\n{body}{fence}")?;
    }
    Ok(())
}
