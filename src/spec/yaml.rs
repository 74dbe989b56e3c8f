//! YAML text → `serde_json::Value` plus the span of every key and value.
//!
//! In: a [`SourceFile`]. Out: a [`Loaded`] document, or the one diagnostic
//! that stopped loading. The text is parsed exactly once, by `saphyr-parser`'s
//! event stream, and the value is built directly from the events so that the
//! loader owns every limit: duplicate keys are errors, anchors expand within a
//! node budget (billion laughs), nesting stops at [`MAX_DEPTH`], a stream holds
//! one document. Scalars resolve by the YAML 1.2 core schema (`no` is a
//! string, dates are strings).

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use saphyr::Scalar;
use saphyr_parser::{Event, Marker, Parser, ScanError};
use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostic, SourceFile};

/// Deepest nesting of mappings and sequences a spec may have.
pub const MAX_DEPTH: usize = 128;
/// Most nodes that alias expansion may produce in one file.
pub const ALIAS_BUDGET: usize = 10_000;

/// Where a node is in the source: the key that names it (if it is a mapping
/// value) and the value itself. Byte offsets into the file text.
#[derive(Debug, Clone)]
pub struct NodeSpan {
    pub key: Option<Range<usize>>,
    pub value: Range<usize>,
}

/// Spans by JSON pointer (`/agents/0/id`, RFC 6901 escaping).
#[derive(Debug, Default)]
pub struct SpanIndex(HashMap<String, NodeSpan>);

impl SpanIndex {
    pub fn get(&self, pointer: &str) -> Option<&NodeSpan> {
        self.0.get(pointer)
    }

    /// The value span of `pointer`, or of its nearest ancestor that has one.
    pub fn value_span(&self, pointer: &str) -> Range<usize> {
        self.nearest(pointer).value.clone()
    }

    /// The key span of `pointer` if it is a mapping value, else its value span.
    pub fn key_span(&self, pointer: &str) -> Range<usize> {
        let node = self.nearest(pointer);
        node.key.clone().unwrap_or_else(|| node.value.clone())
    }

    fn nearest(&self, pointer: &str) -> &NodeSpan {
        const ROOT: NodeSpan = NodeSpan {
            key: None,
            value: 0..0,
        };
        let mut p = pointer;
        loop {
            if let Some(s) = self.0.get(p) {
                return s;
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return &ROOT,
            }
        }
    }
}

/// Appends one RFC 6901 reference token to a pointer.
pub fn push_pointer(base: &str, token: &str) -> String {
    let mut s = String::with_capacity(base.len() + token.len() + 1);
    s.push_str(base);
    s.push('/');
    s.push_str(&escape_token(token));
    s
}

/// Escapes a key for use as an RFC 6901 reference token.
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// A loaded YAML document.
#[derive(Debug)]
pub struct Loaded {
    pub value: Value,
    pub spans: SpanIndex,
}

enum Frame {
    Seq {
        pointer: String,
        items: Vec<Value>,
        start: usize,
        anchor: usize,
    },
    Map {
        pointer: String,
        map: Map<String, Value>,
        key: Option<(String, Range<usize>)>,
        start: usize,
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
        self.file.offset_of(m.line(), m.col())
    }

    fn scan_error(&self, e: &ScanError) -> Diagnostic {
        let at = self.offset(e.marker());
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
                self.node(value, span, anchor, Some(text))?;
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if self.stack.len() >= MAX_DEPTH {
                    return Err(self.error(
                        span,
                        "yaml-too-deep",
                        format!("nesting is deeper than {MAX_DEPTH} levels"),
                    ));
                }
                let pointer = self.child_pointer(&span)?;
                let start = span.start;
                self.stack
                    .push(if matches!(event, Event::SequenceStart(..)) {
                        Frame::Seq {
                            pointer,
                            items: Vec::new(),
                            start,
                            anchor,
                        }
                    } else {
                        Frame::Map {
                            pointer,
                            map: Map::new(),
                            key: None,
                            start,
                            anchor,
                        }
                    });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (value, start, anchor) = match self.stack.pop() {
                    Some(Frame::Seq {
                        items,
                        start,
                        anchor,
                        ..
                    }) => (Value::Array(items), start, anchor),
                    Some(Frame::Map {
                        map, start, anchor, ..
                    }) => (Value::Object(map), start, anchor),
                    None => return Ok(()),
                };
                self.node(value, start..span.end.max(start), anchor, None)?;
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
                let pointer = self.child_pointer(&span)?;
                self.index_subtree(&pointer, &value, &span);
                self.node(value, span, 0, None)?;
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
        Ok(())
    }

    /// The pointer the next node will have; a collection in key position is
    /// refused here, before it is built.
    fn child_pointer(&self, span: &Range<usize>) -> Result<String, Diagnostic> {
        match self.stack.last() {
            None => Ok(String::new()),
            Some(Frame::Seq { pointer, items, .. }) => {
                Ok(push_pointer(pointer, &items.len().to_string()))
            }
            Some(Frame::Map {
                pointer,
                key: Some((k, _)),
                ..
            }) => Ok(push_pointer(pointer, k)),
            Some(Frame::Map { key: None, .. }) => Err(self.error(
                span.clone(),
                "yaml-complex-key",
                "a mapping key must be a plain scalar, not a mapping, sequence or alias",
            )),
        }
    }

    /// Attaches a finished node to its parent (or makes it the root).
    fn node(
        &mut self,
        value: Value,
        span: Range<usize>,
        anchor: usize,
        text: Option<Cow<'_, str>>,
    ) -> Result<(), Diagnostic> {
        if anchor != 0 {
            let nodes = count_nodes(&value);
            self.anchors.insert(anchor, (value.clone(), nodes));
        }
        let mut key_entry = None;
        match self.stack.last_mut() {
            None => {
                self.spans.0.insert(
                    String::new(),
                    NodeSpan {
                        key: None,
                        value: span,
                    },
                );
                self.root = Some(value);
            }
            Some(Frame::Seq { pointer, items, .. }) => {
                let p = push_pointer(pointer, &items.len().to_string());
                self.spans.0.insert(
                    p,
                    NodeSpan {
                        key: None,
                        value: span,
                    },
                );
                items.push(value);
            }
            Some(Frame::Map {
                pointer, map, key, ..
            }) => match key.take() {
                Some((k, key_span)) => {
                    let p = push_pointer(pointer, &k);
                    self.spans
                        .0
                        .entry(p)
                        .or_insert(NodeSpan {
                            key: None,
                            value: span.clone(),
                        })
                        .key = Some(key_span);
                    map.insert(k, value);
                }
                None => {
                    let name = match (&value, text) {
                        (Value::String(s), _) => s.clone(),
                        (_, Some(t)) => t.into_owned(),
                        _ => value.to_string(),
                    };
                    if map.contains_key(&name) {
                        key_entry = Some((push_pointer(pointer, &name), name, span));
                    } else {
                        *key = Some((name, span));
                    }
                }
            },
        }
        if let Some((pointer, name, span)) = key_entry {
            let first = self.spans.key_span(&pointer);
            let first = self.file.line_col(first.start);
            return Err(self
                .error(
                    span,
                    "yaml-duplicate-key",
                    format!("duplicate key `{name}`"),
                )
                .with_help(format!(
                    "`{name}` is already set at line {}, column {}; keep one of them",
                    first.line, first.column
                )));
        }
        Ok(())
    }

    /// Gives every node of an alias expansion the alias's span.
    fn index_subtree(&mut self, pointer: &str, value: &Value, span: &Range<usize>) {
        match value {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let p = push_pointer(pointer, &i.to_string());
                    self.index_subtree(&p, item, span);
                    self.spans.0.insert(
                        p,
                        NodeSpan {
                            key: None,
                            value: span.clone(),
                        },
                    );
                }
            }
            Value::Object(map) => {
                for (k, item) in map {
                    let p = push_pointer(pointer, k);
                    self.index_subtree(&p, item, span);
                    self.spans.0.insert(
                        p,
                        NodeSpan {
                            key: Some(span.clone()),
                            value: span.clone(),
                        },
                    );
                }
            }
            _ => {}
        }
    }
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
