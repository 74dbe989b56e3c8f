//! Source spans of a loaded YAML document, looked up by JSON pointer.
//!
//! In: nodes pushed by the loader as it builds the value (parent, key or
//! index, spans). Out: the key and value spans of any JSON pointer
//! (`/agents/0/id`, RFC 6901), or of its nearest ancestor. Nodes are kept
//! in a flat vector while loading, with no string building or hashing per
//! node; the child lists needed for lookups are built on the first lookup,
//! which only happens when a diagnostic is reported.

use std::ops::Range;
use std::sync::OnceLock;

/// Where a node is in the source: the key that names it (if it is a mapping
/// value) and the value itself. Byte offsets into the file text.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeSpan {
    pub key: Option<Range<usize>>,
    pub value: Range<usize>,
}

/// How a node hangs off its parent.
#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    Index(usize),
    Key(Box<str>),
}

#[derive(Debug)]
struct Node {
    parent: Option<u32>,
    token: Token,
    span: NodeSpan,
}

/// The spans of every node of a document.
#[derive(Debug, Default)]
pub struct SpanIndex {
    nodes: Vec<Node>,
    children: OnceLock<Vec<Vec<u32>>>,
}

impl SpanIndex {
    /// Adds a node and returns its id.
    pub(crate) fn push(
        &mut self,
        parent: Option<u32>,
        token: Token,
        key: Option<Range<usize>>,
        value: Range<usize>,
    ) -> u32 {
        // invariant: documents are capped at a few MiB, far below u32::MAX nodes.
        let id = u32::try_from(self.nodes.len()).expect("fewer than 2^32 nodes"); // invariant: see above
        self.nodes.push(Node {
            parent,
            token,
            span: NodeSpan { key, value },
        });
        id
    }

    /// Sets the end of a node's value span (collections end after their children).
    pub(crate) fn set_end(&mut self, id: u32, end: usize) {
        if let Some(n) = self.nodes.get_mut(id as usize) {
            n.span.value.end = end.max(n.span.value.start);
        }
    }

    /// The key span of `key` inside the mapping node `map`, if present.
    pub(crate) fn key_in(&self, map: u32, key: &str) -> Option<Range<usize>> {
        self.nodes
            .iter()
            .find(|n| n.parent == Some(map) && matches!(&n.token, Token::Key(k) if &**k == key))
            .and_then(|n| n.span.key.clone())
    }

    /// Each node's children: a sequence's in index order, a mapping's
    /// sorted by key (binary search, so a mapping with very many keys and a
    /// diagnostic per key stays linear; keys are unique, the loader refuses
    /// duplicates).
    fn children(&self) -> &Vec<Vec<u32>> {
        self.children.get_or_init(|| {
            let mut c = vec![Vec::new(); self.nodes.len()];
            for (i, n) in self.nodes.iter().enumerate() {
                if let Some(p) = n.parent {
                    c[p as usize].push(i as u32);
                }
            }
            for kids in &mut c {
                kids.sort_by(|&a, &b| self.order(a, b, None));
            }
            c
        })
    }

    /// Orders mapping children by key; sequence children keep their order
    /// (a node's children are all keys or all indices). With `key`, compares
    /// `a`'s key against it instead of `b`'s.
    fn order(&self, a: u32, b: u32, key: Option<&str>) -> std::cmp::Ordering {
        let key_of = |n: u32| match &self.nodes[n as usize].token {
            Token::Key(k) => Some(&**k),
            Token::Index(_) => None,
        };
        match (key_of(a), key.or_else(|| key_of(b))) {
            (Some(x), Some(y)) => x.cmp(y),
            (None, Some(_)) => std::cmp::Ordering::Less,
            _ => std::cmp::Ordering::Equal,
        }
    }

    fn child(&self, parent: u32, token: &str) -> Option<u32> {
        let kids = &self.children()[parent as usize];
        if let Ok(i) = token.parse::<usize>() {
            if let Some(&k) = kids
                .get(i)
                .filter(|&&k| self.nodes[k as usize].token == Token::Index(i))
            {
                return Some(k);
            }
        }
        let key = token.replace("~1", "/").replace("~0", "~");
        kids.binary_search_by(|&k| self.order(k, k, Some(&key)))
            .ok()
            .map(|i| kids[i])
    }

    /// The spans of `pointer`, if that node exists.
    pub fn get(&self, pointer: &str) -> Option<&NodeSpan> {
        let mut node = self.root()?;
        for tok in tokens(pointer) {
            node = self.child(node, tok)?;
        }
        Some(&self.nodes[node as usize].span)
    }

    fn root(&self) -> Option<u32> {
        self.nodes
            .iter()
            .position(|n| n.parent.is_none())
            .map(|i| i as u32)
    }

    fn nearest(&self, pointer: &str) -> NodeSpan {
        let Some(mut node) = self.root() else {
            return NodeSpan {
                key: None,
                value: 0..0,
            };
        };
        for tok in tokens(pointer) {
            match self.child(node, tok) {
                Some(c) => node = c,
                None => break,
            }
        }
        self.nodes[node as usize].span.clone()
    }

    /// The value span of `pointer`, or of its nearest ancestor that exists.
    pub fn value_span(&self, pointer: &str) -> Range<usize> {
        self.nearest(pointer).value
    }

    /// The key span of `pointer` if it is a mapping value, else its value span.
    pub fn key_span(&self, pointer: &str) -> Range<usize> {
        let node = self.nearest(pointer);
        node.key.unwrap_or(node.value)
    }
}

fn tokens(pointer: &str) -> impl Iterator<Item = &str> {
    pointer.split('/').skip(1)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_find_nodes_and_fall_back_to_the_nearest_ancestor() {
        let mut s = SpanIndex::default();
        let root = s.push(None, Token::Index(0), None, 0..50);
        let agents = s.push(Some(root), Token::Key("agents".into()), Some(0..6), 8..50);
        let first = s.push(Some(agents), Token::Index(0), None, 10..30);
        s.push(Some(first), Token::Key("a/b".into()), Some(12..15), 17..20);
        assert_eq!(s.value_span("/agents/0/a~1b"), 17..20);
        assert_eq!(s.key_span("/agents/0/a~1b"), 12..15);
        assert_eq!(s.value_span("/agents/0/missing"), 10..30);
        assert_eq!(s.key_span("/agents"), 0..6);
        assert_eq!(s.value_span(""), 0..50);
        assert!(s.get("/agents/1").is_none());
    }
}
