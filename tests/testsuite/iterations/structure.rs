//! Structural checks of a compiled Markdown document: what every iteration
//! document must satisfy whatever its content (one H1, levels rising by
//! one, tables with one column count, no raw HTML but the kind comment,
//! the kind's exact headings, no unfilled placeholder).

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH
}

/// (level, text) of every heading.
fn headings(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for ev in Parser::new_ext(text, options()) {
        match ev {
            Event::Start(Tag::Heading { level, .. }) => {
                current = Some((level_number(level), String::new()))
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, s)) = current.as_mut() {
                    s.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => out.extend(current.take()),
            _ => {}
        }
    }
    out
}

fn level_number(l: HeadingLevel) -> usize {
    l as usize
}

/// Cells of a table row: unescaped `|` separate them (GFM splits at `|`
/// even inside code spans).
fn cells(line: &str) -> usize {
    let bytes = line.as_bytes();
    let pipes = (0..bytes.len())
        .filter(|&i| bytes[i] == b'|' && (i == 0 || bytes[i - 1] != b'\\'))
        .count();
    pipes.saturating_sub(1)
}

pub fn assert_structure(path: &str, text: &str) {
    let last = text.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("<!-- planforge-kind: ") && last.ends_with(" -->"),
        "{path}: last line is {last:?}"
    );
    let hs = headings(text);
    assert_eq!(
        hs.iter().filter(|(l, _)| *l == 1).count(),
        1,
        "{path}: one H1 in {hs:?}"
    );
    assert_eq!(
        hs.first().map(|h| h.0),
        Some(1),
        "{path}: the H1 comes first"
    );
    for w in hs.windows(2) {
        assert!(
            w[1].0 <= w[0].0 + 1,
            "{path}: heading {:?} skips a level after {:?}",
            w[1],
            w[0]
        );
    }
    let mut in_fence = false;
    let mut table: Option<usize> = None;
    for line in text.lines() {
        if line.starts_with("```") {
            in_fence = !in_fence;
        }
        if !in_fence && line.starts_with('|') {
            let n = cells(line);
            assert_eq!(
                *table.get_or_insert(n),
                n,
                "{path}: table row with {n} cells: {line}"
            );
        } else {
            table = None;
        }
    }
    for (ev, range) in Parser::new_ext(text, options()).into_offset_iter() {
        if let Event::Html(h) | Event::InlineHtml(h) = ev {
            assert!(
                h.trim().starts_with("<!-- planforge-kind:"),
                "{path}: raw HTML {h:?} at {range:?}"
            );
        }
    }
}

/// The exact heading sequence of each iteration document kind (`*` ends a
/// prefix: the H1 carries the variable part).
fn expected(kind: &str) -> Vec<(usize, &'static str)> {
    let h2 = |names: &[&'static str]| names.iter().map(|n| (2, *n)).collect::<Vec<_>>();
    let mut v = match kind {
        "iteration-context" => vec![(1, "Context: *")],
        "iteration-completion-criteria" => vec![(1, "Completion Criteria: *")],
        "iteration-readme" => vec![(1, "Iteration *")],
        "agent-prompt" => vec![(1, "Agent Prompt: *")],
        "iteration-plan" => vec![(1, "Iteration Plan: *")],
        _ => panic!("unknown kind {kind}"),
    };
    v.extend(match kind {
        "iteration-context" => h2(&[
            "Goal and Scope",
            "Reference Documents",
            "Standards and Conventions",
            "Domain Knowledge",
            "Constraints and Non-Goals",
        ]),
        "iteration-completion-criteria" => h2(&[
            "Required Deliverables",
            "Quality Standards",
            "Scope Compliance",
            "Validation Commands",
        ]),
        "iteration-readme" => vec![
            (2, "Overview"),
            (2, "Execution Options"),
            (3, "Automated"),
            (3, "Manual"),
            (2, "Expected Outputs"),
            (2, "Troubleshooting"),
        ],
        "agent-prompt" => {
            let mut v = h2(&[
                "Role",
                "Perspective",
                "Responsibilities",
                "Capabilities",
                "Constraints",
                "Allocated Work",
            ]);
            v.extend([
                (3, "Targets"),
                (3, "Deliverables"),
                (2, "Output Format"),
                (2, "Shared Context"),
            ]);
            v
        }
        _ => h2(&[
            "Overview",
            "Execution Order",
            "Dependency Graph",
            "Agents per Iteration",
            "Token Budget",
            "Riskiest Allocations",
        ]),
    });
    v
}

pub fn assert_kind(path: &str, kind: &str, text: &str) {
    let last = text.lines().last().unwrap_or_default();
    assert_eq!(last, format!("<!-- planforge-kind: {kind} -->"), "{path}");
    let hs = headings(text);
    let want = expected(kind);
    assert_eq!(hs.len(), want.len(), "{path}: headings {hs:?}");
    for ((l, t), (wl, wt)) in hs.iter().zip(&want) {
        let ok = match wt.strip_suffix('*') {
            Some(prefix) => t.starts_with(prefix) && t.len() > prefix.len(),
            None => t == wt,
        };
        assert!(
            ok && l == wl,
            "{path}: heading ({l}, {t:?}) where ({wl}, {wt:?}) belongs"
        );
    }
}

/// No `[UPPER_TOKEN]` (an undefined reference), `[[LLM:`, `{{`, `{%` or
/// `{snake_case}` outside code, read from the Markdown source so escaped
/// spec text does not count.
pub fn assert_no_placeholder(path: &str, text: &str) {
    let mut broken = Vec::new();
    let mut cb = |l: pulldown_cmark::BrokenLink<'_>| {
        broken.push(l.reference.to_string());
        None
    };
    let parser = Parser::new_with_broken_link_callback(text, options(), Some(&mut cb));
    let var = regex::Regex::new(r"(^|[^\\])(\{\{|\{%|\[\[LLM:|\{[a-z_][a-z0-9_]*\})").unwrap();
    for (ev, range) in parser.into_offset_iter() {
        if let Event::Text(_) = ev {
            let raw = &text[range];
            assert!(!var.is_match(raw), "{path}: placeholder in {raw:?}");
        }
    }
    assert!(broken.is_empty(), "{path}: undefined references {broken:?}");
}
