//! Tokens → the template tree: text, slots, loop variables and nested
//! blocks, with every unbalanced tag reported.
//!
//! In: the template text and its sorted tokens. Out: `Vec<Node>` or the
//! located errors (unclosed, stray or crossed blocks, `{{else}}` outside an
//! `#if`, loop variables outside a loop, malformed markup). A removal or a
//! block tag alone on its line takes the line with it (as in Mustache), and
//! a removal between two blank lines takes one of them too, so filled
//! documents keep the template's spacing.

use std::ops::Range;

use super::scan::{BlockKind, LoopVar, Tok, TokKind};

/// One piece of the template.
#[derive(Debug, Clone)]
pub enum Node {
    /// Template text copied as is.
    Text(Range<usize>),
    Slot(SlotNode),
    Loop {
        var: LoopVar,
        span: Range<usize>,
    },
    Block(Block),
}

/// A value slot.
#[derive(Debug, Clone)]
pub struct SlotNode {
    /// Normalized key (a dotted path for nested values).
    pub key: String,
    /// `{{this.key}}`: looked up in the current item only.
    pub field: bool,
    pub span: Range<usize>,
    /// In a table row: `|` and newlines are escaped.
    pub table: bool,
    /// A sentence slot's instruction text.
    pub instruction: Option<String>,
}

/// A REPEAT, CONDITION, `#each`, `#if` or `#unless` block.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    /// Normalized key, or `@first` / `@last`.
    pub key: String,
    /// The opening tag.
    pub open: Range<usize>,
    /// From the opening tag's start to the closing tag's end.
    pub whole: Range<usize>,
    pub body: Vec<Node>,
    /// After `{{else}}`.
    pub alt: Vec<Node>,
}

struct Frame {
    kind: BlockKind,
    key: String,
    open: Range<usize>,
    body: Vec<Node>,
    alt: Option<Vec<Node>>,
}

impl Frame {
    fn nodes(&mut self) -> &mut Vec<Node> {
        match &mut self.alt {
            Some(alt) => alt,
            None => &mut self.body,
        }
    }
}

/// A template error: where and what.
pub type TreeError = (Range<usize>, String);

/// Builds the tree of `text` from its tokens.
pub fn build(text: &str, toks: &[Tok]) -> Result<Vec<Node>, Vec<TreeError>> {
    let mut root: Vec<Node> = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut errors = Vec::new();
    let mut pos = 0;
    for t in toks {
        let cut = cut_span(text, t);
        if cut.start > pos {
            current(&mut root, &mut stack).push(Node::Text(pos..cut.start));
        }
        pos = cut.end.max(pos);
        if let TokKind::Close(kind, name) = &t.kind {
            close(
                text,
                t,
                *kind,
                name.as_deref(),
                &mut root,
                &mut stack,
                &mut errors,
            );
        } else if let Some(node) = leaf(text, t, &mut stack, &mut errors) {
            current(&mut root, &mut stack).push(node);
        }
    }
    if pos < text.len() {
        current(&mut root, &mut stack).push(Node::Text(pos..text.len()));
    }
    for f in stack.iter().rev() {
        let opened = &text[f.open.clone()];
        let msg = format!(
            "`{opened}` is never closed: add `{}` where the block ends",
            f.kind.closing()
        );
        errors.push((f.open.clone(), msg));
    }
    if errors.is_empty() {
        Ok(root)
    } else {
        errors.sort_by_key(|e| e.0.start);
        Err(errors)
    }
}

/// Handles a token other than a closing tag: the node it becomes, if any
/// (an opening tag or `{{else}}` changes `stack` instead).
fn leaf(text: &str, t: &Tok, stack: &mut Vec<Frame>, errors: &mut Vec<TreeError>) -> Option<Node> {
    let in_loop = stack.iter().any(|f| f.kind.repeats());
    let shown = &text[t.span.clone()];
    let outside = |what: &str| (t.span.clone(), format!("`{shown}` outside {what}"));
    match &t.kind {
        TokKind::Slot {
            key,
            field,
            instruction,
        } => {
            if *field && !in_loop {
                errors.push(outside("`{{#each}}` or `<<REPEAT>>`"));
            }
            Some(Node::Slot(SlotNode {
                key: key.clone(),
                field: *field,
                span: t.span.clone(),
                table: t.table,
                instruction: instruction.clone(),
            }))
        }
        TokKind::Loop(var) => {
            if !in_loop {
                errors.push(outside("`{{#each}}` or `<<REPEAT>>`"));
            }
            Some(Node::Loop {
                var: *var,
                span: t.span.clone(),
            })
        }
        TokKind::Open(kind, key) => {
            if key.starts_with('@') && !in_loop {
                errors.push(outside("`{{#each}}`"));
            }
            let open = t.span.clone();
            stack.push(Frame {
                kind: *kind,
                key: key.clone(),
                open,
                body: Vec::new(),
                alt: None,
            });
            None
        }
        TokKind::Else => {
            match stack.last_mut() {
                Some(f)
                    if f.alt.is_none()
                        && !matches!(f.kind, BlockKind::Repeat | BlockKind::Condition) =>
                {
                    f.alt = Some(Vec::new());
                }
                _ => errors.push(outside(
                    "`{{#if}}`, `{{#unless}}` or `{{#each}}` (or is a second one)",
                )),
            }
            None
        }
        TokKind::Bad(msg) => {
            errors.push((t.span.clone(), msg.clone()));
            None
        }
        TokKind::Remove | TokKind::Close(..) => None,
    }
}

fn current<'a>(root: &'a mut Vec<Node>, stack: &'a mut [Frame]) -> &'a mut Vec<Node> {
    match stack.last_mut() {
        Some(f) => f.nodes(),
        None => root,
    }
}

fn close(
    text: &str,
    t: &Tok,
    kind: BlockKind,
    name: Option<&str>,
    root: &mut Vec<Node>,
    stack: &mut Vec<Frame>,
    errors: &mut Vec<TreeError>,
) {
    let tag = &text[t.span.clone()];
    let Some(top) = stack.last() else {
        errors.push((t.span.clone(), format!("`{tag}` closes no open block")));
        return;
    };
    let name_ok = name.is_none_or(|n| n == top.key);
    if top.kind != kind || !name_ok {
        let opened = &text[top.open.clone()];
        if stack
            .iter()
            .any(|f| f.kind == kind && name.is_none_or(|n| n == f.key))
        {
            errors.push((
                t.span.clone(),
                format!(
                "`{tag}` closes a block while `{opened}` is still open: close it first with `{}`",
                top.kind.closing()
            ),
            ));
        } else {
            errors.push((
                t.span.clone(),
                format!("`{tag}` closes no open block (`{opened}` is open)"),
            ));
        }
        return;
    }
    // invariant: `stack.last()` was just checked to be Some.
    let Some(f) = stack.pop() else { return };
    let block = Block {
        kind: f.kind,
        key: f.key,
        whole: f.open.start..t.span.end,
        open: f.open,
        body: f.body,
        alt: f.alt.unwrap_or_default(),
    };
    current(root, stack).push(Node::Block(block));
}

/// The bytes a token takes out of the output: the token itself, or for a
/// removal or block tag alone on its line, the whole line (and for a
/// removal between blank lines, one of them).
fn cut_span(text: &str, t: &Tok) -> Range<usize> {
    if matches!(t.kind, TokKind::Slot { .. } | TokKind::Loop(_)) {
        return t.span.clone();
    }
    let bytes = text.as_bytes();
    let line_start = text[..t.span.start].rfind('\n').map_or(0, |n| n + 1);
    let line_end =
        memchr::memchr(b'\n', &bytes[t.span.end..]).map_or(text.len(), |e| t.span.end + e);
    let blank = |s: &str| s.chars().all(|c| c == ' ' || c == '\t' || c == '\r');
    if !blank(&text[line_start..t.span.start]) || !blank(&text[t.span.end..line_end]) {
        return t.span.clone();
    }
    let mut end = (line_end + 1).min(text.len());
    if t.kind == TokKind::Remove {
        let prev_blank = line_start == 0 || {
            let before = &text[..line_start - 1];
            let prev_start = before.rfind('\n').map_or(0, |n| n + 1);
            blank(&before[prev_start..])
        };
        let next_end = memchr::memchr(b'\n', &bytes[end..]).map(|e| end + e);
        if let Some(next_end) = next_end {
            if prev_blank && blank(&text[end..next_end]) {
                end = next_end + 1;
            }
        }
    }
    line_start..end
}

#[cfg(test)]
mod tests {
    use super::build;
    use crate::fill::scan::scan;
    use crate::lint::doc::MdDoc;

    fn errors(text: &str) -> Vec<String> {
        let doc = MdDoc::parse(text);
        match build(text, &scan(text, &doc)) {
            Ok(_) => Vec::new(),
            Err(e) => e.into_iter().map(|(_, m)| m).collect(),
        }
    }

    #[test]
    fn an_unclosed_repeat_is_reported_at_its_opening_tag() {
        let e = errors("# T\n\n<<REPEAT: agent>>\n- [AGENT_NAME]\n");
        assert_eq!(e.len(), 1);
        assert!(e[0].contains("never closed"), "{e:?}");
    }

    #[test]
    fn crossed_blocks_and_stray_closers_are_errors() {
        let e = errors("{{#each a}}\n{{#if b}}\n{{/each}}\n{{/if}}\n");
        assert!(e.iter().any(|m| m.contains("still open")), "{e:?}");
        let e = errors("text\n^^/CONDITION: x^^\n");
        assert!(e[0].contains("closes no open block"), "{e:?}");
    }

    #[test]
    fn loop_variables_outside_a_loop_are_errors() {
        let e = errors("Name: {{this}}\n");
        assert_eq!(e.len(), 1, "{e:?}");
    }
}
