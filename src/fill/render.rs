//! The template tree and the values → the filled document and a map from
//! output offsets back to the template.
//!
//! In: the tree, the template text, the value tree. Out: [`Rendered`]: the
//! text and its [`Segment`]s, so a finding in the output can be reported at
//! the template line it came from.
//!
//! How values are inserted (also in `--help` and the README): verbatim in
//! prose and in code, with trailing line breaks dropped; in a table row
//! every `|` becomes `\|` and every line break `<br>`, so the row stays one
//! row. A slot with no usable value (only under `--allow-unfilled`) keeps
//! its token, and a block with no usable value keeps its whole markup, so
//! lint reports what was not filled.

use std::ops::Range;

use super::scan::{BlockKind, LoopVar};
use super::tree::{Block, Node, SlotNode};
use super::values::{Val, V};

/// The filled text and where each part of it came from.
#[derive(Debug, Default)]
pub struct Rendered {
    pub text: String,
    /// Sorted by `out`.
    pub segments: Vec<Segment>,
}

/// A run of output bytes: copied template text starting at `tpl`, or a
/// value inserted for the slot at `tpl` (`value`).
#[derive(Debug, Clone)]
pub struct Segment {
    pub out: usize,
    pub tpl: usize,
    pub value: Option<Range<usize>>,
}

impl Rendered {
    /// The template span that output bytes `span` came from.
    pub fn to_template(&self, span: &Range<usize>) -> Range<usize> {
        let i = self
            .segments
            .partition_point(|s| s.out <= span.start)
            .saturating_sub(1);
        let Some(seg) = self.segments.get(i) else {
            return 0..0;
        };
        if let Some(slot) = &seg.value {
            return slot.clone();
        }
        let seg_end = self.segments.get(i + 1).map_or(self.text.len(), |n| n.out);
        let start = seg.tpl + (span.start - seg.out);
        let end = seg.tpl + (span.end.min(seg_end) - seg.out);
        start..end.max(start)
    }
}

struct Frame<'v> {
    item: &'v Val,
    index: usize,
    len: usize,
}

struct Renderer<'a, 'v> {
    text: &'a str,
    out: Rendered,
    frames: Vec<Frame<'v>>,
    /// The last block rendered nothing: drop a blank line that follows.
    collapse: bool,
}

/// Renders `nodes` with `root` in scope.
pub fn render(text: &str, nodes: &[Node], root: &Val) -> Rendered {
    let mut r = Renderer {
        text,
        out: Rendered {
            text: String::with_capacity(text.len()),
            segments: Vec::new(),
        },
        frames: vec![Frame {
            item: root,
            index: 0,
            len: 1,
        }],
        collapse: false,
    };
    r.nodes(nodes);
    if r.collapse && r.out.text.ends_with("\n\n") {
        r.out.text.pop();
    }
    r.out
}

impl<'v> Renderer<'_, 'v> {
    fn copy(&mut self, mut span: Range<usize>) {
        if std::mem::take(&mut self.collapse) && self.out.text.ends_with("\n\n") {
            // A block that rendered nothing leaves one blank line, not two.
            let rest = &self.text[span.clone()];
            if rest.starts_with('\n') {
                span.start += 1;
            } else if rest.starts_with("\r\n") {
                span.start += 2;
            }
        }
        if span.is_empty() {
            return;
        }
        self.out.segments.push(Segment {
            out: self.out.text.len(),
            tpl: span.start,
            value: None,
        });
        self.out.text.push_str(&self.text[span]);
    }

    fn insert(&mut self, slot: &Range<usize>, value: &str, table: bool) {
        self.collapse = false;
        self.out.segments.push(Segment {
            out: self.out.text.len(),
            tpl: slot.start,
            value: Some(slot.clone()),
        });
        let value = value.trim_end_matches(['\n', '\r']);
        if table {
            self.out.text.push_str(&escape_cell(value));
        } else {
            self.out.text.push_str(value);
        }
    }

    fn lookup(&self, key: &str, field: bool) -> Option<&'v Val> {
        if field {
            return self.frames.last().and_then(|f| f.item.get(key));
        }
        self.frames.iter().rev().find_map(|f| f.item.get(key))
    }

    fn nodes(&mut self, nodes: &[Node]) {
        for n in nodes {
            match n {
                Node::Text(r) => self.copy(r.clone()),
                Node::Slot(s) => self.slot(s),
                Node::Loop { var, span } => self.loop_var(*var, span),
                Node::Block(b) => self.block(b),
            }
        }
    }

    fn slot(&mut self, s: &SlotNode) {
        match self.lookup(&s.key, s.field).map(|v| &v.v) {
            Some(V::Text(t)) if !t.trim().is_empty() => self.insert(&s.span, t, s.table),
            Some(V::Bool(b)) => self.insert(&s.span, if *b { "true" } else { "false" }, s.table),
            _ => self.copy(s.span.clone()),
        }
    }

    fn loop_var(&mut self, var: LoopVar, span: &Range<usize>) {
        let Some(f) = self.frames.last() else { return };
        let (index, len, item) = (f.index, f.len, f.item);
        let text = match var {
            LoopVar::Index => index.to_string(),
            LoopVar::First => (index == 0).to_string(),
            LoopVar::Last => (index + 1 == len).to_string(),
            LoopVar::This => match &item.v {
                V::Text(t) => t.clone(),
                V::Bool(b) => b.to_string(),
                _ => return self.copy(span.clone()),
            },
        };
        self.insert(span, &text, false);
    }

    fn block(&mut self, b: &Block) {
        let before = self.out.text.len();
        self.block_body(b);
        self.collapse = self.out.text.len() == before;
    }

    fn block_body(&mut self, b: &Block) {
        if b.kind.repeats() {
            let Some(Val {
                v: V::List(items), ..
            }) = self.lookup(&b.key, false)
            else {
                return self.copy(b.whole.clone());
            };
            if items.is_empty() {
                return self.nodes(&b.alt);
            }
            for (index, item) in items.iter().enumerate() {
                self.frames.push(Frame {
                    item,
                    index,
                    len: items.len(),
                });
                self.nodes(&b.body);
                self.frames.pop();
            }
            return;
        }
        let truth = match b.key.as_str() {
            "@first" => self.frames.last().map(|f| f.index == 0),
            "@last" => self.frames.last().map(|f| f.index + 1 == f.len),
            key => match self.lookup(key, false) {
                Some(
                    v @ Val {
                        v: V::Bool(_) | V::Text(_) | V::List(_) | V::Map(_),
                        ..
                    },
                ) => Some(v.truthy()),
                _ => None,
            },
        };
        let Some(truth) = truth else {
            return self.copy(b.whole.clone());
        };
        let take = if b.kind == BlockKind::Unless {
            !truth
        } else {
            truth
        };
        if take {
            self.nodes(&b.body);
        } else {
            self.nodes(&b.alt);
        }
    }
}

/// A value made safe for one GFM table cell.
fn escape_cell(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut prev = '\0';
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '|' if prev != '\\' => out.push_str("\\|"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => out.push_str("<br>"),
            _ => out.push(c),
        }
        prev = c;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape_cell;

    #[test]
    fn table_cells_escape_pipes_and_line_breaks() {
        assert_eq!(escape_cell("a | b\nc\r\nd"), "a \\| b<br>c<br>d");
        assert_eq!(escape_cell("already \\| escaped"), "already \\| escaped");
    }
}
