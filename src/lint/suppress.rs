//! Inline suppressions in HTML comments.
//!
//! In: the document's comments and its findings. Out: the findings that are
//! not suppressed. Forms (RULE is one or more rule ids, space- or
//! comma-separated; none means every rule):
//!
//! - `<!-- planforge-disable-next-line RULE -->`: the line after the comment;
//! - `<!-- planforge-disable RULE -->` ... `<!-- planforge-enable RULE -->`;
//! - `<!-- planforge-disable-file RULE -->`: the whole file.

use std::collections::HashMap;
use std::ops::Range;

/// The key under which a directive naming no rule (every rule) is filed.
const ALL: &str = "";

/// The suppressions of one file, indexed for lookups in `O(log n)`: a file
/// with many comments and many findings costs `findings × log(comments)`,
/// not `findings × comments`.
#[derive(Debug, Default)]
pub struct Suppressions<'a> {
    /// Rules disabled for the whole file (`ALL`: every rule).
    file: Vec<&'a str>,
    /// `disable-next-line` directives: the line range each covers and its
    /// rules, sorted by start. Each covers one whole line, so two ranges
    /// are equal or disjoint.
    next_line: Vec<(Range<usize>, Vec<&'a str>)>,
    /// Per rule (or `ALL`), the offsets where a `disable` (true) or
    /// `enable` (false) naming it takes effect, in document order.
    regions: HashMap<&'a str, Vec<(usize, bool)>>,
    /// Every rule id the directives name, in document order (slices of
    /// the text, so a warning can point at each).
    named: Vec<&'a str>,
}

impl<'a> Suppressions<'a> {
    pub fn parse(text: &'a str, comments: &[Range<usize>]) -> Self {
        let mut s = Suppressions::default();
        for c in comments {
            let inner = text[c.clone()]
                .trim_start_matches("<!--")
                .trim_end_matches("-->")
                .trim();
            let mut words = inner.split(|ch: char| ch.is_whitespace() || ch == ',');
            let kind = words.next();
            let mut rules: Vec<&str> = words.filter(|w| !w.is_empty()).collect();
            if matches!(
                kind,
                Some(
                    "planforge-disable-next-line"
                        | "planforge-disable"
                        | "planforge-enable"
                        | "planforge-disable-file"
                )
            ) {
                s.named.extend(rules.iter().copied());
            }
            if rules.is_empty() {
                rules.push(ALL);
            }
            match kind {
                Some("planforge-disable-next-line") => {
                    let next = text[c.end..]
                        .find('\n')
                        .map_or(text.len(), |n| c.end + n + 1);
                    let end = text[next..].find('\n').map_or(text.len(), |n| next + n);
                    s.next_line.push((next..end, rules));
                }
                Some(k @ ("planforge-disable" | "planforge-enable")) => {
                    for rule in rules {
                        let list = s.regions.entry(rule).or_default();
                        list.push((c.start, k == "planforge-disable"));
                    }
                }
                Some("planforge-disable-file") => s.file.extend(rules),
                _ => {}
            }
        }
        s.next_line.sort_by_key(|(r, _)| (r.start, r.end));
        s
    }

    /// Every rule id the comments name, as slices of the text (for the
    /// unknown-rule warning).
    pub fn named_rules(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.named.iter().copied()
    }

    pub fn is_empty(&self) -> bool {
        self.file.is_empty() && self.next_line.is_empty() && self.regions.is_empty()
    }

    /// Does a finding of `rule` starting at `offset` stay reported?
    pub fn allows(&self, rule: &str, offset: usize) -> bool {
        let names = |rules: &[&str]| rules.iter().any(|r| *r == ALL || *r == rule);
        if names(&self.file) {
            return false;
        }
        // The next-line ranges starting at or before `offset` that could
        // hold it all start where the last of them starts.
        let n = self.next_line.partition_point(|(r, _)| r.start <= offset);
        if let Some((last, _)) = n.checked_sub(1).map(|i| &self.next_line[i]) {
            let hit = self.next_line[..n]
                .iter()
                .rev()
                .take_while(|(r, _)| r == last)
                .any(|(r, rules)| offset <= r.end && names(rules));
            if hit {
                return false;
            }
        }
        // The latest disable/enable at or before `offset` naming this rule
        // or every rule decides.
        let latest = |key: &str| {
            let list = self.regions.get(key)?;
            let i = list
                .partition_point(|&(at, _)| at <= offset)
                .checked_sub(1)?;
            Some(list[i])
        };
        let state = match (latest(rule), latest(ALL)) {
            (Some(a), Some(b)) => Some(if a.0 >= b.0 { a } else { b }),
            (a, b) => a.or(b),
        };
        !state.is_some_and(|(_, disabled)| disabled)
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
    fn an_enable_for_every_rule_ends_a_disable_of_one_and_vice_versa() {
        let text = "<!-- planforge-disable placeholder -->\nA\n<!-- planforge-enable -->\nB\n<!-- planforge-disable -->\nC\n<!-- planforge-enable placeholder -->\nD\n";
        assert!(!allows(text, "placeholder", "A"));
        assert!(allows(text, "placeholder", "B"));
        assert!(!allows(text, "placeholder", "C"));
        assert!(allows(text, "placeholder", "D"));
        assert!(!allows(text, "todo-marker", "D"));
    }

    #[test]
    fn two_next_line_comments_for_one_line_both_apply() {
        let text = "<!-- planforge-disable-next-line todo-marker --> <!-- planforge-disable-next-line placeholder -->\n[A_B] TODO\n";
        assert!(!allows(text, "placeholder", "[A_B]"));
        assert!(!allows(text, "todo-marker", "TODO"));
        assert!(allows(text, "mojibake", "TODO"));
    }

    #[test]
    fn disable_file_without_rules_silences_everything() {
        let text = "# T\n\nX\n\n<!-- planforge-disable-file -->\n";
        assert!(!allows(text, "missing-section", "X"));
    }
}
