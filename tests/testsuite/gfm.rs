//! An independent check of compiled Markdown with comrak (GFM), a second
//! parser beside lint's pulldown-cmark: heading structure, table shapes and
//! whitespace hygiene.

use comrak::nodes::NodeValue;
use comrak::{parse_document, Arena, Options};

/// Headings as (level, text), in document order.
pub fn headings(md: &str) -> Vec<(u8, String)> {
    let arena = Arena::new();
    let root = parse_document(&arena, md, &options());
    root.descendants()
        .filter_map(|n| match &n.data().value {
            NodeValue::Heading(h) => Some((h.level, n.collect_text())),
            _ => None,
        })
        .collect()
}

fn options() -> Options<'static> {
    let mut o = Options::default();
    o.extension.table = true;
    o.extension.strikethrough = true;
    o.extension.tasklist = true;
    o.extension.autolink = true;
    o
}

/// Counts the cells of a GFM table row in its source line: pipes that are
/// not backslash-escaped delimit cells (GFM treats `\|` as text even in code).
fn cells_in_line(line: &str) -> usize {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t
        .strip_suffix('|')
        .filter(|s| !s.ends_with('\\'))
        .unwrap_or(t);
    let mut n = 1;
    let mut escaped = false;
    for c in t.chars() {
        match c {
            '\\' if !escaped => escaped = true,
            '|' if !escaped => n += 1,
            _ => escaped = false,
        }
    }
    n
}

/// Everything wrong with `md` as a compiled document, empty when it is right.
pub fn problems(md: &str) -> Vec<String> {
    let mut out = Vec::new();
    let hs = headings(md);
    let h1 = hs.iter().filter(|(l, _)| *l == 1).count();
    if h1 != 1 {
        out.push(format!("{h1} H1 headings, expected one"));
    }
    if hs.first().is_some_and(|(l, _)| *l != 1) {
        out.push("the first heading is not an H1".into());
    }
    for w in hs.windows(2) {
        if w[1].0 > w[0].0 + 1 {
            out.push(format!(
                "heading level jumps from {} to {} at `{}`",
                w[0].0, w[1].0, w[1].1
            ));
        }
    }
    let arena = Arena::new();
    let root = parse_document(&arena, md, &options());
    let lines: Vec<&str> = md.lines().collect();
    for n in root.descendants() {
        let columns = match &n.data().value {
            NodeValue::Table(t) => t.num_columns,
            _ => continue,
        };
        for row in n.children() {
            let line = row.data().sourcepos.start.line;
            let got = cells_in_line(lines[line - 1]);
            if got != columns {
                out.push(format!(
                    "line {line}: {got} cells in a table of {columns} columns: {}",
                    lines[line - 1]
                ));
            }
        }
    }
    for (i, l) in md.lines().enumerate() {
        if l.ends_with(' ') || l.ends_with('\t') {
            out.push(format!("line {}: trailing whitespace", i + 1));
        }
    }
    if md.contains("\n\n\n") {
        out.push("two blank lines in a row".into());
    }
    if !md.ends_with('\n') || md.ends_with("\n\n") {
        out.push("the document does not end with exactly one newline".into());
    }
    if md.contains('\r') {
        out.push("carriage return in output".into());
    }
    out
}

/// The text of the cells of the table row whose first cell's text contains `key`.
pub fn row_cells(md: &str, key: &str) -> Option<Vec<String>> {
    let arena = Arena::new();
    let root = parse_document(&arena, md, &options());
    root.descendants()
        .filter(|n| matches!(n.data().value, NodeValue::TableRow(_)))
        .map(|row| row.children().map(|c| c.collect_text()).collect::<Vec<_>>())
        .find(|cells| cells.first().is_some_and(|c| c.contains(key)))
}

#[test]
fn cells_are_counted_with_escaped_pipes_as_text() {
    assert_eq!(cells_in_line("| a | b\\|c | `d\\|e` |"), 3);
    assert_eq!(cells_in_line("|---|---|"), 2);
}
