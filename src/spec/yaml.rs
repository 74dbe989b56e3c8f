//! YAML text → `serde_json::Value` plus the span of every key and value.
//!
//! In: a [`SourceFile`]. Out: a [`Loaded`] document, or the one diagnostic
//! that stopped loading. The text is parsed exactly once, by `saphyr-parser`'s
//! event stream, and the value is built directly from the events so that the
//! loader owns every limit: duplicate keys are errors, anchors expand within a
//! node budget (billion laughs), nesting stops at [`MAX_DEPTH`], a stream holds
//! one document. Scalars resolve by the YAML 1.2 core schema (`no` is a
//! string, dates are strings).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use saphyr::Scalar;
use saphyr_parser::{Event, Marker, Parser, ScanError};
use serde_json::{Map, Value};

use super::spans::{SpanIndex, Token};
use crate::diagnostics::{Diagnostic, SourceFile};

/// Deepest nesting of mappings and sequences a spec may have.
pub const MAX_DEPTH: usize = 128;
/// Most nodes that alias expansion may produce in one file.
pub const ALIAS_BUDGET: usize = 10_000;

/// A loaded YAML document.
#[derive(Debug)]
pub struct Loaded {
    pub value: Value,
    pub spans: SpanIndex,
}

enum Frame {
    Seq {
        node: u32,
        items: Vec<Value>,
        anchor: usize,
    },
    Map {
        node: u32,
        map: Map<String, Value>,
        key: Option<(String, Range<usize>)>,
        anchor: usize,
    },
}

struct Builder<'a> {
    file: &'a Arc<SourceFile>,
    spans: SpanIndex,
    stack: Vec<Frame>,
    anchors: HashMap<usize, (Value, usize)>,
    alias_nodes: usize,
    root: Option<Value>,
    documents: usize,
    /// Whether the text after the BOM is ASCII, and the BOM's length.
    ascii: bool,
    bom: usize,
}

/// Parses `file` as one YAML document.
pub fn load(file: &Arc<SourceFile>) -> Result<Loaded, Diagnostic> {
    let text = file.text.strip_prefix('\u{feff}').unwrap_or(&file.text);
    let mut b = Builder {
        file,
        spans: SpanIndex::default(),
        stack: Vec::new(),
        anchors: HashMap::new(),
        alias_nodes: 0,
        root: None,
        documents: 0,
        ascii: text.is_ascii(),
        bom: file.text.len() - text.len(),
    };
    for next in Parser::new_from_str(text) {
        let (event, span) = next.map_err(|e| b.scan_error(&e))?;
        let range = b.offset(&span.start)..b.offset(&span.end);
        b.event(event, range)?;
    }
    match b.root {
        Some(value) if !value.is_null() => Ok(Loaded { value, spans: b.spans }),
        _ => Err(Diagnostic::error(file, 0..0, "empty-spec", "the spec is empty")
            .with_help("a spec is a YAML mapping with at least `project: {name: ...}` or `workflow:`; `planforge init` writes a starter")),
    }
}

impl Builder<'_> {
    fn offset(&self, m: &Marker) -> usize {
        // saphyr counts characters from the start of the text after the BOM.
        // Character index = byte offset when the text is ASCII (the common
        // case); otherwise the source's checkpointed character index converts
        // in time bounded by one block, so the loader stays linear.
        if self.ascii {
            (m.index() + self.bom).min(self.file.text.len())
        } else {
            self.file
                .offset_of_char(m.index() + usize::from(self.bom > 0))
        }
    }

    fn scan_error(&self, e: &ScanError) -> Diagnostic {
        let at = self.offset(e.marker());
        if e.info().contains("tab") {
            if let Some((tab, indent)) = find_tab(&self.file.text, at) {
                let place = if indent { "in the indentation" } else { "here" };
                return Diagnostic::error(
                    self.file,
                    tab..tab + 1,
                    "yaml-syntax",
                    format!("invalid YAML: a tab character {place}; YAML indents with spaces"),
                )
                .with_help("replace the tab with spaces");
            }
        }
        Diagnostic::error(
            self.file,
            at..at,
            "yaml-syntax",
            format!("invalid YAML: {}", e.info()),
        )
    }

    fn error(&self, span: Range<usize>, rule: &'static str, msg: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.file, span, rule, msg)
    }

    fn event(&mut self, event: Event<'_>, span: Range<usize>) -> Result<(), Diagnostic> {
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(self
                        .error(span, "yaml-multiple-documents", "this file holds more than one YAML document")
                        .with_help("a spec is a single document: remove the `---` separator and what follows, or split it into several files"));
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let value =
                    match Scalar::parse_from_cow_and_metadata(text.clone(), style, tag.as_ref()) {
                        // saphyr reads integers as i64; 2^63..2^64 are u64s, not floats.
                        Some(Scalar::FloatingPoint(_))
                            if tag.is_none() && text.bytes().all(|b| b.is_ascii_digit()) =>
                        {
                            text.parse::<u64>().map_or_else(
                                |_| Value::from(text.parse::<f64>().unwrap_or(f64::MAX)),
                                Value::from,
                            )
                        }
                        Some(s) => scalar_to_json(s).ok_or_else(|| {
                            self.error(
                                span.clone(),
                                "yaml-value",
                                format!("`{text}` is not a finite number"),
                            )
                        })?,
                        None => {
                            return Err(self.error(
                                span,
                                "yaml-value",
                                format!("`{text}` does not match its tag"),
                            ));
                        }
                    };
                if let Some(Frame::Map { key: None, .. }) = self.stack.last() {
                    return self.key(value, span, &text);
                }
                self.open_child(&span)?;
                self.attach(value, anchor);
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if self.stack.len() >= MAX_DEPTH {
                    return Err(self.error(
                        span,
                        "yaml-too-deep",
                        format!("nesting is deeper than {MAX_DEPTH} levels"),
                    ));
                }
                let node = self.open_child(&span)?;
                self.stack
                    .push(if matches!(event, Event::SequenceStart(..)) {
                        Frame::Seq {
                            node,
                            items: Vec::new(),
                            anchor,
                        }
                    } else {
                        Frame::Map {
                            node,
                            map: Map::new(),
                            key: None,
                            anchor,
                        }
                    });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (value, node, anchor) = match self.stack.pop() {
                    Some(Frame::Seq {
                        items,
                        node,
                        anchor,
                        ..
                    }) => (Value::Array(items), node, anchor),
                    Some(Frame::Map {
                        map, node, anchor, ..
                    }) => (Value::Object(map), node, anchor),
                    None => return Ok(()),
                };
                self.spans.set_end(node, span.end);
                self.attach(value, anchor);
            }
            Event::Alias(id) => {
                let Some((value, nodes)) = self.anchors.get(&id).cloned() else {
                    return Err(self.error(
                        span,
                        "yaml-syntax",
                        "alias refers to an unknown anchor",
                    ));
                };
                self.alias_nodes += nodes;
                if self.alias_nodes > ALIAS_BUDGET {
                    return Err(self
                        .error(span, "yaml-alias-budget", format!("aliases expand to more than {ALIAS_BUDGET} nodes"))
                        .with_help("this looks like an alias bomb (\"billion laughs\"); write the repeated content out or reduce the aliasing"));
                }
                let node = self.open_child(&span)?;
                self.index_subtree(node, &value, &span);
                self.attach(value, 0);
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
        Ok(())
    }

    /// Records the span node of the value about to be attached at the top of
    /// the stack. A collection or alias in key position is refused here.
    fn open_child(&mut self, span: &Range<usize>) -> Result<u32, Diagnostic> {
        let (parent, token, key) = match self.stack.last() {
            None => (None, Token::Index(0), None),
            Some(Frame::Seq { node, items, .. }) => (Some(*node), Token::Index(items.len()), None),
            Some(Frame::Map {
                node,
                key: Some((k, ks)),
                ..
            }) => (Some(*node), Token::Key(k.as_str().into()), Some(ks.clone())),
            Some(Frame::Map { key: None, .. }) => {
                return Err(self.error(
                    span.clone(),
                    "yaml-complex-key",
                    "a mapping key must be a plain scalar, not a mapping, sequence or alias",
                ));
            }
        };
        Ok(self.spans.push(parent, token, key, span.clone()))
    }

    /// A scalar in key position: remembered until its value arrives.
    fn key(&mut self, value: Value, span: Range<usize>, text: &str) -> Result<(), Diagnostic> {
        let name = match value {
            Value::String(s) => s,
            _ => text.to_string(),
        };
        let Some(Frame::Map { node, map, key, .. }) = self.stack.last_mut() else {
            return Ok(());
        };
        if !map.contains_key(&name) {
            *key = Some((name, span));
            return Ok(());
        }
        let node = *node;
        let first = self.spans.key_in(node, &name).unwrap_or(0..0);
        let first = self.file.line_col(first.start);
        Err(self
            .error(
                span,
                "yaml-duplicate-key",
                format!("duplicate key `{name}`"),
            )
            .with_help(format!(
                "`{name}` is already set at line {}, column {}; keep one of them",
                first.line, first.column
            )))
    }

    /// Attaches a finished value to its parent (or makes it the root).
    fn attach(&mut self, value: Value, anchor: usize) {
        if anchor != 0 {
            let nodes = count_nodes(&value);
            self.anchors.insert(anchor, (value.clone(), nodes));
        }
        match self.stack.last_mut() {
            None => self.root = Some(value),
            Some(Frame::Seq { items, .. }) => items.push(value),
            Some(Frame::Map { map, key, .. }) => {
                if let Some((k, _)) = key.take() {
                    map.insert(k, value);
                }
            }
        }
    }

    /// Gives every node of an alias expansion the alias's span.
    fn index_subtree(&mut self, parent: u32, value: &Value, span: &Range<usize>) {
        match value {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let id = self
                        .spans
                        .push(Some(parent), Token::Index(i), None, span.clone());
                    self.index_subtree(id, item, span);
                }
            }
            Value::Object(map) => {
                for (k, item) in map {
                    let id = self.spans.push(
                        Some(parent),
                        Token::Key(k.as_str().into()),
                        Some(span.clone()),
                        span.clone(),
                    );
                    self.index_subtree(id, item, span);
                }
            }
            _ => {}
        }
    }
}

/// The tab a "found a tab" scan error is about. The scanner reports the
/// token it was reading (often on an earlier line, or just after the tab):
/// the culprit is the first tab in leading whitespace from the start of that
/// line on (`true`: in the indentation), else the first tab at all.
fn find_tab(text: &str, at: usize) -> Option<(usize, bool)> {
    let before = text.get(..at).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let rest = &text[line_start..];
    let mut offset = line_start;
    for line in rest.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        if let Some(i) = line[..indent].find('\t') {
            return Some((offset + i, true));
        }
        offset += line.len();
    }
    rest.find('\t').map(|i| (line_start + i, false))
}

fn scalar_to_json(s: Scalar<'_>) -> Option<Value> {
    Some(match s {
        Scalar::Null => Value::Null,
        Scalar::Boolean(b) => Value::Bool(b),
        Scalar::Integer(i) => Value::from(i),
        Scalar::FloatingPoint(f) => Value::Number(serde_json::Number::from_f64(f.into_inner())?),
        Scalar::String(s) => Value::String(s.into_owned()),
    })
}

fn count_nodes(v: &Value) -> usize {
    1 + match v {
        Value::Array(a) => a.iter().map(count_nodes).sum(),
        Value::Object(m) => m.values().map(count_nodes).sum(),
        _ => 0,
    }
}
