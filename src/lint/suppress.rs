//! Inline suppressions in HTML comments.
//!
//! In: the document's comments and its findings. Out: the findings that are
//! not suppressed. Forms (RULE is one or more rule ids, space- or
//! comma-separated; none means every rule):
//!
//! - `<!-- planforge-disable-next-line RULE -->`: the line after the comment;
//! - `<!-- planforge-disable RULE -->` ... `<!-- planforge-enable RULE -->`;
//! - `<!-- planforge-disable-file RULE -->`: the whole file.

use std::ops::Range;

/// One suppression comment.
#[derive(Debug)]
struct Directive<'a> {
    kind: Kind,
    /// Empty: every rule.
    rules: Vec<&'a str>,
    /// Where it applies from (the comment's start, or the next line's).
    at: usize,
    /// For next-line: the end of that line.
    until: usize,
}

#[derive(Debug, PartialEq, Eq)]
enum Kind {
    NextLine,
    Disable,
    Enable,
    File,
}

/// The suppressions of one file.
#[derive(Debug, Default)]
pub struct Suppressions<'a> {
    directives: Vec<Directive<'a>>,
}

impl<'a> Suppressions<'a> {
    pub fn parse(text: &'a str, comments: &[Range<usize>]) -> Self {
        let mut directives = Vec::new();
        for c in comments {
            let inner = text[c.clone()]
                .trim_start_matches("<!--")
                .trim_end_matches("-->")
                .trim();
            let mut words = inner.split(|ch: char| ch.is_whitespace() || ch == ',');
            let kind = match words.next() {
                Some("planforge-disable-next-line") => Kind::NextLine,
                Some("planforge-disable") => Kind::Disable,
                Some("planforge-enable") => Kind::Enable,
                Some("planforge-disable-file") => Kind::File,
                _ => continue,
            };
            let rules = words.filter(|w| !w.is_empty()).collect();
            let (at, until) = if kind == Kind::NextLine {
                let next = text[c.end..]
                    .find('\n')
                    .map_or(text.len(), |n| c.end + n + 1);
                let end = text[next..].find('\n').map_or(text.len(), |n| next + n);
                (next, end)
            } else {
                (c.start, c.end)
            };
            directives.push(Directive {
                kind,
                rules,
                at,
                until,
            });
        }
        Suppressions { directives }
    }

    /// Every rule id the comments name, as slices of the text (for the
    /// unknown-rule warning).
    pub fn named_rules(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.directives.iter().flat_map(|d| d.rules.iter().copied())
    }

    pub fn is_empty(&self) -> bool {
        self.directives.is_empty()
    }

    /// Does a finding of `rule` starting at `offset` stay reported?
    pub fn allows(&self, rule: &str, offset: usize) -> bool {
        let names = |d: &Directive<'_>| d.rules.is_empty() || d.rules.contains(&rule);
        let mut disabled = false;
        for d in &self.directives {
            match d.kind {
                Kind::File if names(d) => return false,
                Kind::NextLine if names(d) && d.at <= offset && offset <= d.until => return false,
                Kind::Disable if d.at <= offset && names(d) => disabled = true,
                Kind::Enable if d.at <= offset && names(d) => disabled = false,
                _ => {}
            }
        }
        !disabled
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::doc::MdDoc;

    fn allows(text: &str, rule: &str, needle: &str) -> bool {
        let doc = MdDoc::parse(text);
        let s = Suppressions::parse(text, &doc.comments);
        s.allows(rule, text.find(needle).unwrap())
    }

    #[test]
    fn next_line_suppresses_only_the_next_line_and_the_named_rules() {
        let text = "<!-- planforge-disable-next-line placeholder -->\n[A_B] here\n\n[C_D]\n";
        assert!(!allows(text, "placeholder", "[A_B]"));
        assert!(allows(text, "todo-marker", "[A_B]"));
        assert!(allows(text, "placeholder", "[C_D]"));
    }

    #[test]
    fn disable_and_enable_bracket_a_region() {
        let text = "<!-- planforge-disable placeholder, todo-marker -->\n\nX\n\n<!-- planforge-enable placeholder -->\n\nY\n";
        assert!(!allows(text, "placeholder", "X"));
        assert!(!allows(text, "todo-marker", "Y"));
        assert!(allows(text, "placeholder", "Y"));
    }

    #[test]
    fn disable_file_without_rules_silences_everything() {
        let text = "# T\n\nX\n\n<!-- planforge-disable-file -->\n";
        assert!(!allows(text, "missing-section", "X"));
    }
}
