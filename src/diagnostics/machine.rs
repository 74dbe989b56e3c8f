//! The machine formats, `json` and `sarif`, as typed structs serialized
//! piecewise, so that workers can render one file's diagnostics each and
//! the caller only concatenates (no `serde_json::Value` is built).
//!
//! In: sorted diagnostics (per file, or all). Out: bytes: [`json_items`] /
//! [`sarif_items`](super::sarif::sarif_items) render the array elements (already indented, joined with
//! `,\n`), [`Document`] writes them into the whole document as they come
//! ([`write_json`] / [`write_sarif`](super::sarif::write_sarif) for parts at hand). The result is
//! byte-identical to pretty-printing the whole document at once. The SARIF
//! specifics (rule table, results, URIs) are in [`super::sarif`].

use std::io::{self, Write};

use serde::Serialize;

use super::json_writer::{pad, Object};
use super::sarif::{sarif_head, SarifRules};
use super::{Diagnostic, Summary};

/// `value` pretty-printed, every line indented by `depth` levels (two
/// spaces each). JSON strings hold no raw newline, so lines are safe to
/// indent. `scratch` is a buffer reused across calls (one allocation per
/// batch, not per finding).
pub(super) fn indented(
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

pub(super) fn separate(out: &mut Vec<u8>) {
    if !out.is_empty() {
        out.extend_from_slice(b",\n");
    }
}

/// The `diagnostics` array elements of the JSON format for `diags`.
pub fn json_items(diags: &[Diagnostic]) -> io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(diags.len() * 320);
    for d in diags {
        let (start, end) = (d.start(), d.end());
        separate(&mut out);
        pad(&mut out, 2);
        let mut o = Object::open(&mut out, 2);
        o.string("path", &d.file.path)?;
        o.number("line", start.line);
        o.number("column", start.column);
        o.number("end_line", end.line);
        o.number("end_column", end.column);
        o.string("rule", &d.rule)?;
        o.string("severity", d.severity.as_str())?;
        o.string("message", &d.message)?;
        if let Some(help) = &d.help {
            o.string("help", help)?;
        }
        o.close();
    }
    Ok(out)
}

/// A JSON or SARIF document written part by part, in order: its head
/// ([`Document::json`], [`Document::sarif`]), each file's items
/// ([`Document::part`]), then its tail. Byte-identical to [`write_json`] /
/// [`write_sarif`](super::sarif::write_sarif) on the same parts.
#[derive(Debug)]
pub struct Document {
    /// Non-empty parts written so far.
    parts: usize,
    /// The indentation before the array's `]` when it holds items.
    close_indent: &'static [u8],
}

impl Document {
    /// Writes the head of the JSON document.
    pub fn json(out: &mut dyn Write) -> io::Result<Document> {
        out.write_all(b"{\n  \"version\": 1,\n  \"diagnostics\": [")?;
        Ok(Document {
            parts: 0,
            close_indent: b"\n  ",
        })
    }

    /// Writes the head of the SARIF log: its one run's tool and rule table.
    pub fn sarif(out: &mut dyn Write, rules: &SarifRules<'_>) -> io::Result<Document> {
        sarif_head(out, rules)?;
        Ok(Document {
            parts: 0,
            close_indent: b"\n      ",
        })
    }

    /// Writes one part made by [`json_items`] or [`sarif_items`](super::sarif::sarif_items).
    pub fn part(&mut self, out: &mut dyn Write, part: &[u8]) -> io::Result<()> {
        if part.is_empty() {
            return Ok(());
        }
        out.write_all(if self.parts == 0 { b"\n" } else { b",\n" })?;
        self.parts += 1;
        out.write_all(part)
    }

    fn close_array(&self, out: &mut dyn Write) -> io::Result<()> {
        if self.parts > 0 {
            out.write_all(self.close_indent)?;
        }
        Ok(())
    }

    /// Writes the tail of the JSON document, with its summary.
    pub fn end_json(self, out: &mut dyn Write, summary: Summary) -> io::Result<()> {
        self.close_array(out)?;
        write!(
            out,
            "],\n  \"summary\": {{\n    \"files\": {},\n    \"errors\": {},\n    \"warnings\": {}\n  }}\n}}\n",
            summary.files, summary.errors, summary.warnings
        )
    }

    /// Writes the tail of the SARIF log.
    pub fn end_sarif(self, out: &mut dyn Write) -> io::Result<()> {
        self.close_array(out)?;
        out.write_all(b"]\n    }\n  ]\n}\n")
    }
}

/// The whole JSON document from parts made by [`json_items`].
pub fn write_json(out: &mut dyn Write, parts: &[Vec<u8>], summary: Summary) -> io::Result<()> {
    let mut doc = Document::json(out)?;
    for p in parts {
        doc.part(out, p)?;
    }
    doc.end_json(out, summary)
}
