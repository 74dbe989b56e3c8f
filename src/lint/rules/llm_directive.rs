//! `llm-directive`: leftover `[[LLM: ...]]` instructions.
//!
//! In: the directives `MdDoc` found (whole, possibly several lines). Out:
//! one finding per directive; the pipeline drops other rules' findings
//! inside it.

use super::{excerpt, Ctx, Finding, Rule};
use crate::diagnostics::Severity;

pub const RULE: Rule = Rule {
    id: "llm-directive",
    name: "LeftoverLlmDirective",
    default_severity: Severity::Error,
    summary: "leftover `[[LLM: ...]]` instruction meant for the model that filled the template",
    explain: r#"# llm-directive (error)

## What it does
Finds `[[LLM: ...]]` blocks outside code, which may span several lines. Each
is reported once, at its start; placeholders and other findings inside it
are not reported again.

## Why
BMAD- and JAEGIS-style templates embed instructions for the model that fills
them in. Once the document is filled they are noise at best, and at worst a
later agent reads them as instructions.

## Example
```markdown
## Executive Summary
[[LLM: VALIDATION CHECKPOINT - Review shared context and validate all
framework specifications.]]
```

## Use instead
```markdown
## Executive Summary
The framework coordinates six agents over three phases.
```
"#,
    needs_kind: false,
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for span in &ctx.doc.directives {
        let text = &ctx.text[span.clone()];
        out.push(
            Finding::new(
                span.clone(),
                format!("leftover LLM directive `{}`", excerpt(text, 60)),
            )
            .help("do what it asks, then delete the whole `[[LLM: ...]]` block"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::rules::test_support::{findings, flagged};

    #[test]
    fn a_directive_spanning_lines_is_one_finding_at_its_start() {
        let text = "Intro.\n\n[[LLM: VALIDATION CHECKPOINT - review [PROJECT_NAME]\nand **all** sections.]]\n";
        let found = findings(&RULE, text, None);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].span.start, 8);
        assert!(text[found[0].span.clone()].ends_with("sections.]]"));
    }

    #[test]
    fn directives_in_code_or_comments_are_not_reported() {
        let text = "`[[LLM: x]]`\n\n```\n[[LLM: y]]\n```\n\n<!-- [[LLM: z]] -->\n";
        assert!(flagged(&RULE, text, None).is_empty());
    }
}
