//! `todo-marker`: `TODO`, `TBD`, `FIXME`, `XXX` as whole words in prose.
//!
//! In: the document's prose ranges. Out: one finding per marker.

use super::{word_char_before, Ctx, Finding, Rule};
use crate::diagnostics::Severity;

pub const RULE: Rule = Rule {
    id: "todo-marker",
    name: "TodoMarker",
    default_severity: Severity::Warning,
    summary: "`TODO`, `TBD`, `FIXME` or `XXX` left in prose",
    explain: r#"# todo-marker (warning)

## What it does
Finds the upper-case words `TODO`, `TBD`, `FIXME` and `XXX` outside code
and HTML comments, as whole words (`TODOS` and `todo` do not count).

## Why
They mark work the author meant to come back to. In a plan handed to agents
or reviewers, a `TBD` is a decision nobody made.

## Example
```markdown
**Rollback plan**: TBD
```

## Use instead
```markdown
**Rollback plan**: redeploy the previous image tag; the migration is reversible.
```
Keep notes to self in an issue tracker, or in an HTML comment if they must
stay in the file.
"#,
    needs_kind: false,
    check,
};

const MARKERS: &[&str] = &["TODO", "TBD", "FIXME", "XXX"];

fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let text = ctx.text;
    let bytes = text.as_bytes();
    for r in &ctx.doc.prose {
        // Only `T`, `F` and `X` can start a marker.
        let mut next = r.start;
        for off in memchr::memchr3_iter(b'T', b'F', b'X', &bytes[r.start..r.end]) {
            let i = r.start + off;
            if i < next {
                continue;
            }
            let Some(m) = MARKERS
                .iter()
                .find(|m| bytes[i..r.end].starts_with(m.as_bytes()))
            else {
                continue;
            };
            let end = i + m.len();
            next = end;
            let after = text[end..].chars().next();
            if !word_char_before(text, i) && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
            {
                out.push(
                    Finding::new(i..end, format!("`{m}` marker left in the document"))
                        .help("resolve it, or track it outside the document"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::rules::test_support::flagged;

    #[test]
    fn markers_as_whole_words_are_found() {
        let text = "Owner: TBD. TODO: write this; FIXME later. XXX\n";
        assert_eq!(flagged(&RULE, text, None), ["TBD", "TODO", "FIXME", "XXX"]);
    }

    #[test]
    fn markers_inside_words_or_code_are_not_found() {
        let text = "TODOS, todo, XXXL, MY_TODO, TBD2 `TODO` <!-- TODO -->\n\n```\nTODO\n```\n";
        assert!(
            flagged(&RULE, text, None).is_empty(),
            "{:?}",
            flagged(&RULE, text, None)
        );
    }
}
