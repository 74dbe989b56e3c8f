//! `empty-section`: a required section with neither content nor
//! subsections.
//!
//! In: the section report and the text between headings. Out: one finding
//! per empty required section. HTML comments and thematic breaks are not
//! content.

use std::ops::Range;

use super::{Ctx, Finding, Rule};
use crate::diagnostics::Severity;

pub const RULE: Rule = Rule {
    id: "empty-section",
    name: "EmptySection",
    default_severity: Severity::Warning,
    summary: "a required section has a heading but no content",
    explain: r#"# empty-section (warning)

## What it does
For documents of a known kind, finds required sections whose heading is
followed directly by the next heading of the same or a higher level: no
text, list, table or code, and no subsections. HTML comments and `---` do
not count as content.

## Why
An empty section passes a heading check but tells the reader nothing; it is
usually a section someone meant to fill.

## Example
```markdown
## Reference Documents
## Standards and Conventions
Follow the team style guide.
```

## Use instead
```markdown
## Reference Documents
- `docs/architecture.md`: service boundaries
## Standards and Conventions
Follow the team style guide.
```
Write "None." if a section really has nothing to say.
"#,
    needs_kind: true,
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some((_, report)) = ctx.sections() else {
        return;
    };
    let headings = &ctx.doc.headings;
    for &(_, h) in &report.matched {
        let heading = &headings[h];
        let next = headings.get(h + 1);
        if next.is_some_and(|n| n.level > heading.level) {
            continue;
        }
        let body = heading.span.end..next.map_or(ctx.text.len(), |n| n.span.start);
        if !has_content(ctx.text, body, &ctx.doc.comments) {
            out.push(
                Finding::new(
                    heading.span.clone(),
                    format!("section `{}` is empty", ctx.heading_line(h)),
                )
                .help("fill it, or write \"None.\" if nothing applies"),
            );
        }
    }
}

/// Any text in `range` other than HTML comments, blank lines and `---`?
fn has_content(text: &str, range: Range<usize>, comments: &[Range<usize>]) -> bool {
    let mut pos = range.start;
    let first = comments.partition_point(|c| c.end <= range.start);
    for c in &comments[first..] {
        if c.start >= range.end {
            break;
        }
        if c.start > pos && lines_have_content(&text[pos..c.start]) {
            return true;
        }
        pos = pos.max(c.end);
    }
    pos < range.end && lines_have_content(&text[pos..range.end])
}

fn lines_have_content(s: &str) -> bool {
    s.lines().any(|l| {
        let t = l.trim();
        !t.is_empty() && !t.bytes().all(|b| matches!(b, b'-' | b'*' | b'_' | b' '))
    })
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::rules::test_support::flagged;

    #[test]
    fn a_heading_followed_by_a_sibling_is_empty() {
        let text = "# Context: X\n## Goal and Scope\n<!-- fill me -->\n\n---\n## Reference Documents\ntext\n";
        assert_eq!(
            flagged(&RULE, text, Some("iteration-context")),
            ["## Goal and Scope\n"]
        );
    }

    #[test]
    fn sections_with_text_or_subsections_are_not_empty() {
        let text = "# Iteration 01: X\n## Overview\nNone.\n## Execution Options\n### Automated\nrun it\n### Manual\n- step\n";
        assert!(flagged(&RULE, text, Some("iteration-readme")).is_empty());
    }
}
