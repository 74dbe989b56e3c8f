//! `template-markup`: template control syntax left in a document.
//!
//! In: everything outside code (prose and HTML) and the HTML comments.
//! Out: one finding per `<<REPEAT: x>>`, `<</REPEAT>>`, `^^CONDITION: x^^`,
//! `@{example}`, or comment opening with `ACTION REQUIRED` / `TEMPLATE GUIDE`.

use std::ops::Range;

use memchr::memmem;

use super::{excerpt, word_char_before, Ctx, Finding, Rule};
use crate::diagnostics::Severity;
use crate::lint::doc::MdDoc;

pub const RULE: Rule = Rule {
    id: "template-markup",
    name: "LeftoverTemplateMarkup",
    default_severity: Severity::Error,
    summary: "leftover template control markup (`<<REPEAT>>`, `^^CONDITION^^`, `@{example}`, guide comments)",
    explain: r#"# template-markup (error)

## What it does
Finds template control markup outside code: repeat blocks `<<REPEAT: x>>`
and `<</REPEAT>>`, conditions `^^CONDITION: x^^` and `^^/CONDITION: x^^`,
example slots `@{example}`, and HTML comments that open with
`ACTION REQUIRED` or `TEMPLATE GUIDE`.

## Why
This markup drives the template engine or the person filling the template.
Left in a finished document it shows the template was not processed, and
any instructions in it were probably not followed.

## Example
```markdown
<<REPEAT: agent>>
- **Agent**: [AGENT_NAME]
<</REPEAT>>
<!-- TEMPLATE GUIDE: list every agent -->
```

## Use instead
```markdown
- **Agent**: Planner
- **Agent**: Reviewer
```
"#,
    needs_kind: false,
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let text = ctx.text;
    let markup = &ctx.doc.markup;
    scan(text, markup, "<<", ">>", out);
    scan(text, markup, "^^", "^^", out);
    for at in memmem::find_iter(text.as_bytes(), "@{") {
        if !MdDoc::contains(markup, at) || word_char_before(text, at) {
            continue;
        }
        let rest = &text[at + 2..];
        let name_len = rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b' '))
            .count();
        if name_len > 0 && rest.as_bytes().get(name_len) == Some(&b'}') {
            out.push(markup_finding(
                at..at + 3 + name_len,
                &text[at..at + 3 + name_len],
            ));
        }
    }
    for c in &ctx.doc.comments {
        let inner = text[c.clone()].trim_start_matches("<!--").trim_start();
        let upper = inner
            .get(..15)
            .map(str::to_ascii_uppercase)
            .unwrap_or_default();
        if upper.starts_with("ACTION REQUIRED") || upper.starts_with("TEMPLATE GUIDE") {
            out.push(
                Finding::new(
                    c.clone(),
                    format!(
                        "leftover template guide comment `{}`",
                        excerpt(&text[c.clone()], 60)
                    ),
                )
                .help("do what it asks, then delete the comment"),
            );
        }
    }
    out.sort_by_key(|f| f.span.start);
}

/// `OPEN` + optional `/` + an upper-case keyword + (`:` ... or nothing) +
/// `CLOSE`, on one line, starting outside code.
fn scan(text: &str, markup: &[Range<usize>], open: &str, close: &str, out: &mut Vec<Finding>) {
    let mut next = 0;
    for at in memmem::find_iter(text.as_bytes(), open) {
        if at < next || !MdDoc::contains(markup, at) {
            continue;
        }
        let pos = at + open.len();
        let body = &text[pos..];
        let body = &body[..body.find('\n').unwrap_or(body.len())];
        let kw = body.strip_prefix('/').unwrap_or(body);
        let kw_len = kw
            .bytes()
            .take_while(|b| b.is_ascii_uppercase() || *b == b'_')
            .count();
        if kw_len < 2 || !(kw[kw_len..].starts_with(':') || kw[kw_len..].starts_with(close)) {
            continue;
        }
        if let Some(c) = body.find(close) {
            let span = at..pos + c + close.len();
            next = span.end;
            out.push(markup_finding(span.clone(), &text[span]));
        }
    }
}

fn markup_finding(span: std::ops::Range<usize>, shown: &str) -> Finding {
    Finding::new(
        span,
        format!("leftover template markup `{}`", excerpt(shown, 60)),
    )
    .help("expand or remove the template markup")
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::rules::test_support::flagged;

    #[test]
    fn repeat_condition_example_and_guide_comments_are_found() {
        let text = "<<REPEAT: agent>>\n- a\n<</REPEAT>>\n\n^^CONDITION: has_api^^\nx ^^/CONDITION: has_api^^\n\nSee @{example}.\n\n<!-- ACTION REQUIRED: fill this -->\n\n<!-- TEMPLATE GUIDE\nlist agents -->\n";
        assert_eq!(
            flagged(&RULE, text, None),
            [
                "<<REPEAT: agent>>",
                "<</REPEAT>>",
                "^^CONDITION: has_api^^",
                "^^/CONDITION: has_api^^",
                "@{example}",
                "<!-- ACTION REQUIRED: fill this -->",
                "<!-- TEMPLATE GUIDE\nlist agents -->"
            ]
        );
    }

    #[test]
    fn similar_text_and_code_are_not_markup() {
        let text = "a << b >> c, x^^2^^, mail me@{host}? no: user@example.com\n\n<!-- a normal comment -->\n\n`<<REPEAT: x>>`\n\n```\n^^CONDITION: y^^\n```\n";
        assert!(
            flagged(&RULE, text, None).is_empty(),
            "{:?}",
            flagged(&RULE, text, None)
        );
    }
}
