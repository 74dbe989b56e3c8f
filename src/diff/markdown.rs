//! Splitting a Markdown document into sections by heading.
//!
//! In: a document's text. Out: its [`Section`]s in document order. A
//! section is one heading (ATX or setext; `#` lines inside code blocks are
//! not headings) and the body up to the next heading of any level, so a
//! section never contains another: a change deep in a chapter is reported
//! at the subsection it is in. Text before the first heading, when it is
//! not blank, is the preamble section (empty key). A section's identity is
//! its heading path, `Title > Chapter > Section`; a path seen before gets
//! ` #2`, ` #3`, ... in order of appearance, and its subsections hang below
//! that disambiguated key (matching pairs repeated headings by content and
//! position, not by this ordinal).
//!
//! Front matter (a first line `---` or `+++` and a matching closing line,
//! as Hugo, Jekyll, MkDocs and spec-kit write it) is its own section,
//! [`FRONT_MATTER`], never a heading or part of the preamble.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Key of the text before the first heading (and of a whole non-Markdown file).
pub const PREAMBLE: &str = "";

/// Key (and title) of the front matter.
pub const FRONT_MATTER: &str = "(front matter)";

/// One section of a document. Offsets are bytes into the document text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Heading text, inline markup dropped (empty for the preamble).
    pub title: String,
    /// Heading level 1–6; 0 for the preamble.
    pub level: u8,
    /// Heading path, disambiguated: the section's identity.
    pub key: String,
    /// Index of the enclosing section (the nearest previous heading of a
    /// lower level).
    pub parent: Option<usize>,
    /// Heading and body.
    pub range: Range<usize>,
    /// Where the body starts (after the heading line or lines).
    pub body_start: usize,
    /// 1-based line of the section's first line.
    pub line: usize,
}

impl Section {
    pub fn body<'t>(&self, text: &'t str) -> &'t str {
        &text[self.body_start..self.range.end]
    }

    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.range.clone()]
    }
}

/// Human name of a section key (the preamble has an empty key).
pub fn display_key(key: &str) -> &str {
    if key == PREAMBLE {
        "(preamble)"
    } else {
        key
    }
}

/// The whole text as one section (for files that are not Markdown).
pub fn whole(text: &str) -> Vec<Section> {
    vec![Section {
        title: String::new(),
        level: 0,
        key: PREAMBLE.into(),
        parent: None,
        range: 0..text.len(),
        body_start: 0,
        line: 1,
    }]
}

/// A heading found by the parser: level, title, byte range of its lines.
struct Heading {
    level: u8,
    title: String,
    range: Range<usize>,
}

/// Whether some line of `text` could be (part of) a heading: a `#` after
/// nothing but indentation and container markers (`>`, list bullets and
/// numbers), or a line of only `=` or only `-` (a setext underline) once
/// those are dropped. A superset of what the parser calls a heading, so a
/// text without such a line (prose without headings) is not parsed at all.
fn may_have_headings(text: &str) -> bool {
    let container =
        |b: u8| matches!(b, b' ' | b'\t' | b'>' | b'+' | b'*' | b'.' | b')') || b.is_ascii_digit();
    text.split('\n').map(str::as_bytes).any(|line| {
        let mut rest = line
            .iter()
            .copied()
            .filter(|&b| !container(b) && b != b'\r');
        match rest.next() {
            Some(b'#') => true,
            Some(first @ (b'=' | b'-')) => {
                let atx = line.iter().find(|&&b| !container(b) && b != b'-') == Some(&b'#');
                atx || rest.all(|b| b == first)
            }
            _ => false,
        }
    })
}

/// The headings of `text[from..]`, with offsets into `text`.
fn headings(text: &str, from: usize) -> Vec<Heading> {
    let mut out = Vec::new();
    if !may_have_headings(&text[from..]) {
        return out;
    }
    let mut current: Option<Heading> = None;
    for (event, range) in Parser::new_ext(&text[from..], Options::empty()).into_offset_iter() {
        let range = range.start + from..range.end + from;
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
                current = Some(Heading {
                    level: level as u8,
                    title: String::new(),
                    range: start..line_end(text, range.end),
                });
            }
            Event::End(TagEnd::Heading(_)) => out.extend(current.take()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = current.as_mut() {
                    h.title.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(h) = current.as_mut() {
                    h.title.push(' ');
                }
            }
            _ => {}
        }
    }
    out
}

/// `at` moved to the start of the next line unless it already is at one.
fn line_end(text: &str, at: usize) -> usize {
    if at == 0 || text.as_bytes().get(at - 1) == Some(&b'\n') {
        return at;
    }
    text[at..].find('\n').map_or(text.len(), |i| at + i + 1)
}

/// The end of the front matter block (after its closing line), if `text`
/// starts with one: `---` … `---` (or `...`) for YAML, `+++` … `+++` for
/// TOML.
pub fn front_matter_end(text: &str) -> Option<usize> {
    let first = text.lines().next()?;
    let fence = first.trim_end();
    if fence != "---" && fence != "+++" {
        return None;
    }
    let mut at = line_end(text, first.len());
    while at < text.len() {
        let line = text[at..].lines().next().unwrap_or_default();
        let next = line_end(text, at + line.len());
        let t = line.trim_end();
        if t == fence || (fence == "---" && t == "...") {
            return Some(next);
        }
        at = next.max(at + 1);
    }
    None
}

/// Splits `text` into sections.
pub fn split(text: &str) -> Vec<Section> {
    let fm_end = front_matter_end(text).unwrap_or(0);
    let heads = headings(text, fm_end);
    let mut sections = Vec::with_capacity(heads.len() + 2);
    let mut seen: HashMap<String, usize> = HashMap::new();
    let first = heads.first().map_or(text.len(), |h| h.range.start);
    // Blank lines after the front matter belong to it, so that every byte
    // is in some section.
    let blank_gap = text[fm_end..first].trim().is_empty();
    if fm_end > 0 {
        seen.insert(FRONT_MATTER.to_string(), 1);
        sections.push(Section {
            title: FRONT_MATTER.into(),
            key: FRONT_MATTER.into(),
            range: 0..if blank_gap { first } else { fm_end },
            ..whole(text).remove(0)
        });
    }
    if !blank_gap {
        sections.push(Section {
            range: fm_end..first,
            body_start: fm_end,
            line: 1 + text[..fm_end].matches('\n').count(),
            ..whole(text).remove(0)
        });
    }
    let mut stack: Vec<(u8, usize)> = Vec::new();
    let mut lines = LineCounter::default();
    for (i, h) in heads.iter().enumerate() {
        while stack.last().is_some_and(|&(level, _)| level >= h.level) {
            stack.pop();
        }
        let parent = stack.last().map(|&(_, idx)| idx);
        let title = h.title.split_whitespace().collect::<Vec<_>>().join(" ");
        let path = match parent {
            Some(p) => format!("{} > {title}", sections[p].key),
            None => title.clone(),
        };
        let n = seen.entry(path.clone()).or_insert(0);
        *n += 1;
        let key = if *n == 1 {
            path
        } else {
            format!("{path} #{n}")
        };
        let end = heads.get(i + 1).map_or(text.len(), |next| next.range.start);
        stack.push((h.level, sections.len()));
        sections.push(Section {
            title,
            level: h.level,
            key,
            parent,
            range: h.range.start..end,
            body_start: h.range.end.min(end),
            line: lines.line_at(text, h.range.start),
        });
    }
    sections
}

/// Counts lines incrementally (offsets must not decrease), keeping the
/// split linear in the document size.
#[derive(Default)]
struct LineCounter {
    offset: usize,
    line: usize,
}

impl LineCounter {
    fn line_at(&mut self, text: &str, offset: usize) -> usize {
        let newlines = memchr::memchr_iter(b'\n', &text.as_bytes()[self.offset..offset]).count();
        self.line += newlines;
        self.offset = offset;
        self.line + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<String> {
        split(text).into_iter().map(|s| s.key).collect()
    }

    #[test]
    fn sections_are_keyed_by_heading_path() {
        let text = "# Plan\n\nintro\n\n## Risks\n\n### Matrix\n\nrows\n\n## Gates\n";
        assert_eq!(
            keys(text),
            [
                "Plan",
                "Plan > Risks",
                "Plan > Risks > Matrix",
                "Plan > Gates"
            ]
        );
    }

    #[test]
    fn duplicate_paths_are_numbered_and_children_follow_them() {
        let text = "# A\n## Notes\n### X\n## Notes\n### X\n";
        assert_eq!(
            keys(text),
            [
                "A",
                "A > Notes",
                "A > Notes > X",
                "A > Notes #2",
                "A > Notes #2 > X"
            ]
        );
    }

    #[test]
    fn setext_headings_count_and_code_block_hashes_do_not() {
        let text = "Intro text\n\nTitle\n=====\n\n```\n# not a heading\n```\n\nSub\n---\nbody\n";
        let s = split(text);
        assert_eq!(
            s.iter().map(|s| s.key.as_str()).collect::<Vec<_>>(),
            ["", "Title", "Title > Sub"]
        );
        assert_eq!(s[1].line, 3);
        assert_eq!(s[2].line, 10);
        assert_eq!(s[2].body(text), "body\n");
        assert!(s[1].body(text).contains("# not a heading"));
    }

    #[test]
    fn yaml_front_matter_is_its_own_section_not_a_heading() {
        let text = "---\ndescription: Perform a non-destructive check\nscripts:\n  sh: x.sh\n---\n\n## Outline\nbody\n";
        let s = split(text);
        assert_eq!(
            s.iter().map(|s| s.key.as_str()).collect::<Vec<_>>(),
            [FRONT_MATTER, "Outline"]
        );
        assert_eq!(s[0].text(text), &text[..text.find("## ").unwrap()]);
        assert_eq!(s[1].line, 7);
    }

    #[test]
    fn an_unclosed_front_matter_fence_is_ordinary_markdown() {
        assert_eq!(front_matter_end("---\ntitle: x\n"), None);
        assert_eq!(front_matter_end("+++\ntitle = 'x'\n+++\nbody"), Some(20));
        assert_eq!(front_matter_end("---\r\na: 1\r\n...\r\n"), Some(16));
    }

    #[test]
    fn sections_tile_the_document() {
        let text = "pre\n# A\na\n  ## B ##\nb";
        let s = split(text);
        assert_eq!(s[0].range, 0..4);
        assert_eq!(s[1].range, 4..10);
        assert_eq!(s[2].text(text), "  ## B ##\nb");
        assert_eq!(s[2].title, "B");
    }

    #[test]
    fn prose_without_heading_lines_is_not_parsed_for_headings() {
        let prose = "Intro paragraph.\n\n- item one\n- item two\n\n| a | b |\n|---|---|\n\n```sh\n  echo hi\n```\n";
        assert!(!may_have_headings(prose));
        assert_eq!(keys(prose), [PREAMBLE]);
    }

    #[test]
    fn every_kind_of_heading_line_is_seen_by_the_prefilter() {
        let cases = [
            "# Title\n",
            "   ### Indented\n",
            "> ## Quoted\n",
            "- ## In a list\n",
            "1. # Numbered\n",
            "Title\n=====\n",
            "Title\n---\n",
            "> Quoted\n> ---\n",
            "- Item\n\n  Sub\n  ---\n",
            "Title\r\n===\r\n",
        ];
        for text in cases {
            assert!(may_have_headings(text), "{text:?}");
            assert!(!headings(text, 0).is_empty(), "{text:?}");
        }
    }
}
