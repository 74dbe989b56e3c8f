//! `MdDoc`: one Markdown file parsed once, reduced to what the rules need.
//!
//! In: the file's text. Out: byte ranges (never copies of the text, except
//! heading titles): headings, undefined shortcut references, code blocks,
//! prose (text outside code, HTML and link destinations), HTML comments,
//! `[[LLM: ...]]` directives, empty table cells and the kind markers. One
//! pulldown-cmark pass with its broken-link callback builds it; rules scan
//! the ranges and compute anything else they need themselves.

use std::ops::Range;

use memchr::memmem;
use pulldown_cmark::{
    BrokenLink, CodeBlockKind, Event, HeadingLevel, LinkType, MetadataBlockKind, Options, Parser,
    Tag, TagEnd,
};

use crate::manifest::normalize_title;
use crate::placeholder::{code_lang, directive_len, CodeLang};

/// What the rules see of one Markdown file.
#[derive(Debug, Default)]
pub struct MdDoc {
    pub headings: Vec<Heading>,
    /// Spans of `[text]` / `[text][]` whose label has no definition (the
    /// whole bracketed span). Links with a definition never appear here.
    pub broken_refs: Vec<Range<usize>>,
    pub code_blocks: Vec<CodeBlock>,
    /// Text outside code, HTML, front matter and link destinations, sorted
    /// and disjoint. Line prefixes (`- `, `> `, `|`) are included.
    pub prose: Vec<Range<usize>>,
    /// Everything outside code (prose plus HTML), sorted and disjoint.
    pub markup: Vec<Range<usize>>,
    /// HTML comments `<!-- ... -->`, whole.
    pub comments: Vec<Range<usize>>,
    /// `[[LLM: ...]]` directives, whole (possibly several lines).
    pub directives: Vec<Range<usize>>,
    /// Table cells with no content (the cell's span, possibly empty).
    pub empty_cells: Vec<Range<usize>>,
    /// Inline and block HTML events that are one tag on their own
    /// (`<project-name>`), for angle-token slots.
    pub lone_tags: Vec<Range<usize>>,
    /// `planforge-kind:` from YAML front matter.
    pub front_matter_kind: Option<String>,
    /// `planforge-kind:` from a `<!-- planforge-kind: KIND -->` marker.
    pub marker_kind: Option<String>,
}

/// A heading: level, plain-text title and where it is.
#[derive(Debug, Clone)]
pub struct Heading {
    pub level: u8,
    /// Title text as written, markup removed.
    pub title: String,
    /// [`normalize_title`] of `title`, for H1s only (kind detection); the
    /// section rules normalize the others when a manifest applies.
    pub key: String,
    /// The heading's span (its line, or two lines for setext headings).
    pub span: Range<usize>,
}

/// A fenced or indented code block.
#[derive(Debug, Clone)]
pub struct CodeBlock {
    /// The block's content lines (without fences).
    pub content: Range<usize>,
    /// How its language treats placeholders (indented blocks are text).
    pub lang: CodeLang,
}

/// Inline HTML elements whose content is literal text, not prose.
const LITERAL_ELEMENTS: &[&str] = &["code", "kbd", "samp", "pre", "tt", "var"];

const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_YAML_STYLE_METADATA_BLOCKS)
    .union(Options::ENABLE_GFM);

/// Builder state that does not survive the parse.
#[derive(Default)]
struct State {
    opaque: Vec<Range<usize>>,
    html: Vec<Range<usize>>,
    heading: Option<Heading>,
    code: Option<(Range<usize>, CodeLang, Option<Range<usize>>)>,
    /// Inside inline `<code>`, `<kbd>`, ...: the element's name.
    literal: Option<&'static str>,
    /// Open links: (span, end of the last event inside).
    links: Vec<(Range<usize>, usize)>,
    cell: Option<(Range<usize>, bool)>,
    metadata: bool,
}

impl MdDoc {
    /// Heading or prose, by where the byte offset `at` stands.
    pub fn place_at(&self, at: usize) -> crate::placeholder::Place {
        let i = self.headings.partition_point(|h| h.span.end <= at);
        match self.headings.get(i) {
            Some(h) if h.span.start <= at => crate::placeholder::Place::Heading,
            _ => crate::placeholder::Place::Prose,
        }
    }

    /// The parts of the (sorted) prose ranges inside `span`.
    pub fn prose_in(&self, span: &Range<usize>) -> Vec<Range<usize>> {
        let i = self.prose.partition_point(|r| r.end <= span.start);
        self.prose[i..]
            .iter()
            .take_while(|r| r.start < span.end)
            .map(|r| r.start.max(span.start)..r.end.min(span.end))
            .collect()
    }

    /// Parses `text` once. A leading BOM is skipped (pulldown-cmark would
    /// take it for text); ranges still index `text`.
    pub fn parse(text: &str) -> MdDoc {
        match text.strip_prefix('\u{feff}') {
            Some(body) => {
                let mut doc = Self::parse_body(body);
                doc.shift(text.len() - body.len());
                doc
            }
            None => Self::parse_body(text),
        }
    }

    fn shift(&mut self, by: usize) {
        let all = [
            &mut self.broken_refs,
            &mut self.prose,
            &mut self.markup,
            &mut self.comments,
            &mut self.directives,
            &mut self.empty_cells,
            &mut self.lone_tags,
        ];
        let spans = all
            .into_iter()
            .flat_map(|v| v.iter_mut())
            .chain(self.headings.iter_mut().map(|h| &mut h.span))
            .chain(self.code_blocks.iter_mut().map(|c| &mut c.content));
        for r in spans {
            *r = r.start + by..r.end + by;
        }
    }

    fn parse_body(text: &str) -> MdDoc {
        let mut broken = Vec::new();
        let callback = |link: BrokenLink<'_>| {
            if matches!(link.link_type, LinkType::Shortcut | LinkType::Collapsed) {
                broken.push(link.span);
            }
            None
        };
        let mut doc = MdDoc::default();
        let mut st = State::default();
        let parser = Parser::new_with_broken_link_callback(text, OPTIONS, Some(callback));
        for (event, range) in parser.into_offset_iter() {
            if !matches!(event, Event::End(TagEnd::Link | TagEnd::Image)) {
                if let Some(link) = st.links.last_mut() {
                    link.1 = link.1.max(range.end);
                }
            }
            if !matches!(event, Event::End(TagEnd::TableCell)) {
                if let Some(cell) = st.cell.as_mut() {
                    cell.1 = true;
                }
            }
            doc.event(&mut st, event, range);
        }
        doc.broken_refs = broken;
        doc.finish(text, st);
        doc
    }

    fn event(&mut self, st: &mut State, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                st.heading = Some(Heading {
                    level: heading_level(level),
                    title: String::new(),
                    key: String::new(),
                    span: range,
                });
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(mut h) = st.heading.take() {
                    h.title = h.title.trim().to_string();
                    if h.level == 1 {
                        h.key = normalize_title(&h.title);
                    }
                    self.headings.push(h);
                }
            }
            Event::Code(t) => {
                if let Some(h) = st.heading.as_mut() {
                    h.title.push_str(&t);
                }
                st.opaque.push(range);
            }
            Event::Text(_) if st.literal.is_some() => st.opaque.push(range),
            Event::Text(t) => {
                if let Some(h) = st.heading.as_mut() {
                    h.title.push_str(&t);
                }
                if let Some((_, _, content)) = st.code.as_mut() {
                    let c = content.get_or_insert(range.clone());
                    c.end = range.end;
                }
                if st.metadata {
                    self.front_matter_kind = self.front_matter_kind.take().or_else(|| {
                        t.lines()
                            .find_map(|l| l.trim().strip_prefix("planforge-kind:"))
                            .map(|k| k.trim().trim_matches(['"', '\'']).to_string())
                    });
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match &kind {
                    CodeBlockKind::Indented => CodeLang::Text,
                    CodeBlockKind::Fenced(info) => code_lang(info),
                };
                st.code = Some((range, lang, None));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((span, lang, content)) = st.code.take() {
                    if let Some(content) = content {
                        self.code_blocks.push(CodeBlock { content, lang });
                    }
                    st.opaque.push(span);
                }
            }
            Event::Start(Tag::MetadataBlock(MetadataBlockKind::YamlStyle)) => st.metadata = true,
            Event::End(TagEnd::MetadataBlock(_)) => {
                st.metadata = false;
                st.opaque.push(range);
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                let tag = html.trim();
                if is_lone_tag(tag) {
                    let lead = html.len() - html.trim_start().len();
                    self.lone_tags
                        .push(range.start + lead..range.start + lead + tag.len());
                }
                st.literal = literal_transition(st.literal, tag);
                st.html.push(range);
            }
            Event::Start(Tag::Link { link_type, .. } | Tag::Image { link_type, .. }) => {
                if matches!(link_type, LinkType::Autolink | LinkType::Email) {
                    st.opaque.push(range.clone());
                }
                let inner = range.start + 1;
                st.links.push((range, inner));
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if let Some((span, inner_end)) = st.links.pop() {
                    // `](destination "title")` or `][label]`: not prose.
                    st.opaque.push(inner_end.min(span.end)..span.end);
                }
            }
            Event::Start(Tag::TableCell) => st.cell = Some((range, false)),
            Event::End(TagEnd::TableCell) => {
                if let Some((span, false)) = st.cell.take() {
                    self.empty_cells.push(span);
                }
            }
            _ => {}
        }
    }

    fn finish(&mut self, text: &str, mut st: State) {
        // HTML is opaque to prose but part of markup.
        self.comments = find_comments(text, &st.html);
        self.marker_kind = self.comments.iter().rev().find_map(|c| {
            let inner = text[c.clone()]
                .trim_start_matches("<!--")
                .trim_end_matches("-->");
            inner
                .trim()
                .strip_prefix("planforge-kind:")
                .map(|k| k.trim().to_string())
        });
        st.opaque.sort_by_key(|r| r.start);
        self.markup = complement(&st.opaque, text.len());
        st.opaque.extend(st.html);
        st.opaque.sort_by_key(|r| r.start);
        self.prose = complement(&st.opaque, text.len());
        self.directives = find_directives(text, &self.prose);
        self.broken_refs.sort_by_key(|r| r.start);
    }

    /// Is `offset` inside one of the sorted, disjoint `ranges`?
    pub fn contains(ranges: &[Range<usize>], offset: usize) -> bool {
        let i = ranges.partition_point(|r| r.end <= offset);
        ranges.get(i).is_some_and(|r| r.start <= offset)
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// `<name>`: one opening tag without attributes, alone in its event.
fn is_lone_tag(tag: &str) -> bool {
    tag.len() > 2
        && tag.starts_with('<')
        && tag.ends_with('>')
        && !tag[1..tag.len() - 1].contains(['<', '>', ' ', '/', '!', '=', '"'])
}

/// The literal element open after an inline HTML tag: `<code>` (or
/// `<code class=x>`) opens one, its `</code>` closes it.
fn literal_transition(open: Option<&'static str>, tag: &str) -> Option<&'static str> {
    let name_of = |t: &str| {
        t.split([' ', '>', '\t', '\n'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    match open {
        Some(name) => {
            let closes = tag.strip_prefix("</").is_some_and(|t| name_of(t) == name);
            (!closes).then_some(name)
        }
        None => {
            let opened = tag
                .strip_prefix('<')
                .filter(|t| !t.starts_with('/') && !tag.ends_with("/>"))?;
            let name = name_of(opened);
            LITERAL_ELEMENTS.iter().find(|e| **e == name).copied()
        }
    }
}

/// The gaps between sorted (possibly overlapping) `opaque` ranges.
fn complement(opaque: &[Range<usize>], len: usize) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(opaque.len() + 1);
    let mut pos = 0;
    for r in opaque {
        if r.start > pos {
            out.push(pos..r.start);
        }
        pos = pos.max(r.end);
    }
    if pos < len {
        out.push(pos..len);
    }
    out
}

/// Whole `<!-- ... -->` comments starting inside HTML ranges. A comment may
/// run past its HTML event (block HTML arrives line by line).
fn find_comments(text: &str, html: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let bytes = text.as_bytes();
    for r in html {
        let mut pos = r.start.max(out.last().map_or(0, |c| c.end));
        while pos < r.end {
            let Some(open) = memmem::find(&bytes[pos..r.end], b"<!--") else {
                break;
            };
            let start = pos + open;
            let end =
                memmem::find(&bytes[start + 4..], b"-->").map_or(text.len(), |e| start + 4 + e + 3);
            out.push(start..end);
            pos = end;
        }
    }
    out
}

/// `[[LLM: ...]]` directives starting in prose; each runs as
/// [`directive_len`] says (across lines and markup).
fn find_directives(text: &str, prose: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for start in memmem::find_iter(text.as_bytes(), "[[LLM:") {
        if out.last().is_some_and(|d| start < d.end) || !MdDoc::contains(prose, start) {
            continue;
        }
        out.push(start..start + directive_len(&text[start..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slices<'a>(text: &'a str, ranges: &[Range<usize>]) -> Vec<&'a str> {
        ranges.iter().map(|r| &text[r.clone()]).collect()
    }

    #[test]
    fn undefined_shortcut_references_are_collected_with_their_brackets() {
        let text = "A [PROJECT_NAME] and [ok][] and [def].\n\n[def]: https://x\n";
        let doc = MdDoc::parse(text);
        assert_eq!(slices(text, &doc.broken_refs), ["[PROJECT_NAME]", "[ok]"]);
    }

    #[test]
    fn code_html_and_link_destinations_are_not_prose() {
        let text = "a `b` <!-- c --> [d](http://e/{f_g}) <span>\n\n```yaml\nk: [V]\n```\n";
        let doc = MdDoc::parse(text);
        let prose = slices(text, &doc.prose).concat();
        assert_eq!(prose, "a   [d \n\n\n");
        assert_eq!(slices(text, &doc.comments), ["<!-- c -->"]);
        assert_eq!(doc.code_blocks.len(), 1);
        assert_eq!(&text[doc.code_blocks[0].content.clone()], "k: [V]\n");
        assert_eq!(doc.code_blocks[0].lang, CodeLang::Yaml);
    }

    #[test]
    fn headings_keep_their_plain_title_and_level() {
        let doc = MdDoc::parse("# Plan: **[NAME]**\n\nSetext\n------\n");
        let h: Vec<_> = doc
            .headings
            .iter()
            .map(|h| (h.level, h.title.as_str()))
            .collect();
        assert_eq!(h, [(1, "Plan: [NAME]"), (2, "Setext")]);
    }

    #[test]
    fn kind_comes_from_front_matter_and_from_the_marker() {
        let doc = MdDoc::parse("---\nplanforge-kind: agent-prompt\n---\n# X\n");
        assert_eq!(doc.front_matter_kind.as_deref(), Some("agent-prompt"));
        assert!(doc.headings.len() == 1);
        let doc = MdDoc::parse("# X\n\ntext\n\n<!-- planforge-kind: iteration-readme -->\n");
        assert_eq!(doc.marker_kind.as_deref(), Some("iteration-readme"));
    }

    #[test]
    fn directives_span_lines_and_multi_line_comments_are_whole() {
        let text = "[[LLM: check\nthis **now**]] after\n\n<!-- a\n\nb -->\n";
        let doc = MdDoc::parse(text);
        assert_eq!(
            slices(text, &doc.directives),
            ["[[LLM: check\nthis **now**]]"]
        );
        assert_eq!(slices(text, &doc.comments), ["<!-- a\n\nb -->"]);
    }

    #[test]
    fn a_directive_ends_at_its_balancing_brackets() {
        let text =
            "[[LLM: fill [PROJECT_NAME] and [X]]] after\n\n[[LLM: open [ only]] x\n\n[A] ]\n";
        let doc = MdDoc::parse(text);
        assert_eq!(
            slices(text, &doc.directives),
            [
                "[[LLM: fill [PROJECT_NAME] and [X]]]",
                "[[LLM: open [ only]]"
            ]
        );
    }

    #[test]
    fn text_inside_inline_code_elements_is_not_prose() {
        let text = "Run <code>lint {{ language }}</code> or <kbd>Ctrl</kbd>+<kbd>{x_y}</kbd>, then {{a_b}}.\n";
        let doc = MdDoc::parse(text);
        let prose = slices(text, &doc.prose).concat();
        assert!(
            !prose.contains("language") && !prose.contains("x_y"),
            "{prose}"
        );
        assert!(prose.contains("{{a_b}}"), "{prose}");
    }

    #[test]
    fn lone_tags_are_recorded_for_angle_tokens() {
        let text = "Owner: <project-name> and <span class=\"x\">y</span>\n";
        let doc = MdDoc::parse(text);
        assert_eq!(slices(text, &doc.lone_tags), ["<project-name>"]);
    }

    #[test]
    fn empty_table_cells_are_recorded() {
        let doc = MdDoc::parse("| a | b |\n|---|---|\n| 1 |   |\n");
        assert_eq!(doc.empty_cells.len(), 1);
    }

    #[test]
    fn a_bom_does_not_hide_the_first_heading_or_shift_ranges() {
        let text = "\u{feff}# Title [X_Y]\n";
        let doc = MdDoc::parse(text);
        assert_eq!(doc.headings.len(), 1);
        assert_eq!(slices(text, &doc.broken_refs), ["[X_Y]"]);
    }
}
