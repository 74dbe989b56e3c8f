//! The template tree → its slot catalog: what the values file must hold.
//!
//! In: the tree. Out: a [`Catalog`] of scopes (the document, and one per
//! REPEAT / `#each` block), each listing its entries once in document order
//! with their shape (text, boolean, list) and every place they occur. A key
//! used inside a loop belongs to the outermost scope that uses it directly
//! (so `[PROJECT_NAME]` inside a REPEAT is still the project's name), else
//! to the innermost loop. A key used in two incompatible ways is an error.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::scan::BlockKind;
use super::tree::{Block, Node, TreeError};

/// What a values-file entry must be.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// A string or number.
    Text,
    /// A boolean (CONDITION, `#if`, `#unless`).
    Bool,
    /// A list; `scope` is the catalog scope of its items, which are mappings
    /// when that scope has entries and plain values otherwise.
    List { scope: usize, kind: BlockKind },
}

/// One key of a scope.
#[derive(Debug, Clone)]
pub struct Entry {
    pub key: String,
    pub shape: Shape,
    /// Where it occurs: slot spans, or the opening tags of its blocks.
    pub spans: Vec<Range<usize>>,
    /// The whole block for lists and booleans (first occurrence).
    pub block: Option<Range<usize>>,
    /// A sentence slot's instruction text.
    pub instruction: Option<String>,
    /// Also used as `#if` / `#unless` condition (truthiness).
    pub tested: bool,
    /// A loop entry that an outer scope also has: an item may set it, else
    /// the outer value applies.
    pub inherited: bool,
    /// Per occurrence, the conditions around it: `(key, value that renders
    /// it)`. A value is not needed where every occurrence is switched off.
    pub guards: Vec<Vec<(String, bool)>>,
}

/// The entries of the document (`scopes[0]`) and of each loop.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub scopes: Vec<Scope>,
}

#[derive(Debug, Clone, Default)]
pub struct Scope {
    pub entries: Vec<Entry>,
    index: HashMap<String, usize>,
}

impl Scope {
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.index.get(key).map(|&i| &self.entries[i])
    }
}

impl Catalog {
    /// Builds the catalog of `nodes`; `text` names keys in messages.
    pub fn build(nodes: &[Node]) -> Result<Catalog, Vec<TreeError>> {
        let mut direct = vec![HashSet::new()];
        collect_direct(nodes, 0, &mut direct);
        let mut b = Builder {
            direct,
            cat: Catalog {
                scopes: vec![Scope::default()],
            },
            next_direct: 1,
            scope_of: vec![0],
            guards: Vec::new(),
            errors: Vec::new(),
        };
        b.walk(nodes, &[0]);
        if b.errors.is_empty() {
            Ok(b.cat)
        } else {
            Err(b.errors)
        }
    }

    pub fn root(&self) -> &Scope {
        &self.scopes[0]
    }

    /// Every key and shape of every scope, for the union of several templates.
    pub fn is_empty(&self) -> bool {
        self.scopes[0].entries.is_empty()
    }
}

/// Pre-order numbering of loop scopes: `collect_direct` and `Builder::walk`
/// visit loops in the same order, so scope ids agree.
fn collect_direct(nodes: &[Node], scope: usize, direct: &mut Vec<HashSet<String>>) {
    for n in nodes {
        match n {
            Node::Slot(s) if !s.field => {
                direct[scope].insert(first_segment(&s.key).to_string());
            }
            Node::Block(b) => {
                if !b.key.starts_with('@') {
                    direct[scope].insert(first_segment(&b.key).to_string());
                }
                if b.kind.repeats() {
                    direct.push(HashSet::new());
                    let inner = direct.len() - 1;
                    collect_direct(&b.body, inner, direct);
                    collect_direct(&b.alt, scope, direct);
                } else {
                    collect_direct(&b.body, scope, direct);
                    collect_direct(&b.alt, scope, direct);
                }
            }
            _ => {}
        }
    }
}

fn first_segment(key: &str) -> &str {
    key.split('.').next().unwrap_or(key)
}

struct Builder {
    direct: Vec<HashSet<String>>,
    cat: Catalog,
    /// Next pre-order loop number (index into `direct`).
    next_direct: usize,
    /// Loop number → catalog scope (two loops over one list share one).
    scope_of: Vec<usize>,
    /// The conditions around the node being walked.
    guards: Vec<(String, bool)>,
    errors: Vec<TreeError>,
}

impl Builder {
    /// The catalog scope that owns `key`: of the loops in `stack` (loop
    /// numbers, outermost first), the first that uses it directly.
    fn owner(&self, stack: &[usize], key: &str) -> usize {
        let first = first_segment(key);
        let loop_no = stack
            .iter()
            .copied()
            .find(|&s| self.direct[s].contains(first))
            .unwrap_or(stack[stack.len() - 1]);
        self.scope_of[loop_no]
    }

    fn walk(&mut self, nodes: &[Node], stack: &[usize]) {
        for n in nodes {
            match n {
                Node::Slot(s) => {
                    let scope = if s.field {
                        self.scope_of[stack[stack.len() - 1]]
                    } else {
                        self.owner(stack, &s.key)
                    };
                    let span = s.span.clone();
                    self.add(
                        scope,
                        &s.key,
                        Shape::Text,
                        span.clone(),
                        None,
                        s.instruction.clone(),
                    );
                    // A loop that uses an outer key may also set it per item.
                    let innermost = stack[stack.len() - 1];
                    let inner_scope = self.scope_of[innermost];
                    if !s.field
                        && inner_scope != scope
                        && self.direct[innermost].contains(first_segment(&s.key))
                    {
                        self.add(inner_scope, &s.key, Shape::Text, span, None, None);
                        if let Some(&i) = self.cat.scopes[inner_scope].index.get(&s.key) {
                            self.cat.scopes[inner_scope].entries[i].inherited = true;
                        }
                    }
                }
                Node::Block(b) => self.block(b, stack),
                _ => {}
            }
        }
    }

    fn block(&mut self, b: &Block, stack: &[usize]) {
        if b.kind.repeats() {
            let loop_no = self.next_direct;
            self.next_direct += 1;
            let scope = self.owner(stack, &b.key);
            let existing = self.cat.scopes[scope]
                .get(&b.key)
                .and_then(|e| match e.shape {
                    Shape::List { scope, .. } => Some(scope),
                    _ => None,
                });
            let inner = existing.unwrap_or_else(|| {
                self.cat.scopes.push(Scope::default());
                self.cat.scopes.len() - 1
            });
            self.scope_of.push(inner);
            let shape = Shape::List {
                scope: inner,
                kind: b.kind,
            };
            self.add(
                scope,
                &b.key,
                shape,
                b.open.clone(),
                Some(b.whole.clone()),
                None,
            );
            let mut inner_stack = stack.to_vec();
            inner_stack.push(loop_no);
            self.walk(&b.body, &inner_stack);
            self.walk(&b.alt, stack);
            return;
        }
        if !b.key.starts_with('@') {
            let scope = self.owner(stack, &b.key);
            self.add(
                scope,
                &b.key,
                Shape::Bool,
                b.open.clone(),
                Some(b.whole.clone()),
                None,
            );
            if b.kind != BlockKind::Condition {
                if let Some(e) = self.cat.scopes[scope].index.get(&b.key).copied() {
                    self.cat.scopes[scope].entries[e].tested = true;
                }
            }
        }
        let unless = b.kind == BlockKind::Unless;
        let guarded = !b.key.starts_with('@');
        for (nodes, want) in [(&b.body, !unless), (&b.alt, unless)] {
            if guarded {
                self.guards.push((b.key.clone(), want));
            }
            self.walk(nodes, stack);
            if guarded {
                self.guards.pop();
            }
        }
    }

    fn add(
        &mut self,
        scope: usize,
        key: &str,
        shape: Shape,
        span: Range<usize>,
        block: Option<Range<usize>>,
        instruction: Option<String>,
    ) {
        let s = &mut self.cat.scopes[scope];
        let Some(&i) = s.index.get(key) else {
            s.index.insert(key.to_string(), s.entries.len());
            s.entries.push(Entry {
                key: key.to_string(),
                shape,
                spans: vec![span],
                block,
                instruction,
                tested: false,
                inherited: false,
                guards: vec![self.guards.clone()],
            });
            return;
        };
        let e = &mut s.entries[i];
        e.spans.push(span.clone());
        e.guards.push(self.guards.clone());
        // A condition on a key used otherwise tests that value's truthiness.
        let merged = match (&e.shape, &shape) {
            (a, b) if a == b => Some(e.shape.clone()),
            (Shape::Bool, other) | (other, Shape::Bool) => Some(other.clone()),
            _ => None,
        };
        match merged {
            Some(m) => {
                if m != e.shape || m != shape {
                    e.tested = true;
                }
                e.shape = m;
                if e.block.is_none() {
                    e.block = block;
                }
            }
            None => self.errors.push((
                span,
                format!(
                    "`{key}` is used both as {} and as {}: give one of them another name",
                    describe(&e.shape),
                    describe(&shape)
                ),
            )),
        }
    }
}

fn describe(shape: &Shape) -> &'static str {
    match shape {
        Shape::Text => "a value slot",
        Shape::Bool => "a condition",
        Shape::List { .. } => "a list",
    }
}
