//! `section-order`: required sections in a different order than the
//! manifest's.
//!
//! In: the section report. Out: one finding per sibling that comes before a
//! section the manifest puts first.

use super::{Ctx, Finding, Rule};
use crate::diagnostics::Severity;

pub const RULE: Rule = Rule {
    id: "section-order",
    name: "SectionOutOfOrder",
    default_severity: Severity::Warning,
    summary: "required sections are out of the manifest's order",
    explain: r#"# section-order (warning)

## What it does
For documents of a known kind, compares the order of sibling sections with
the kind's section manifest and reports a section that comes before one the
manifest puts first.

## Why
Readers and agents navigate plans by position as much as by title; a
shuffled plan is harder to review and to diff against the previous revision.

## Example
```markdown
# Agent Prompt: Planner
## Perspective
## Role
```

## Use instead
```markdown
# Agent Prompt: Planner
## Role
## Perspective
```
"#,
    needs_kind: true,
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some((manifest, report)) = ctx.sections() else {
        return;
    };
    for &(h, after) in &report.out_of_order {
        let (this, other) = (ctx.heading_line(h), ctx.heading_line(after));
        out.push(
            Finding::new(
                ctx.doc.headings[h].span.clone(),
                format!(
                    "`{this}` comes before `{other}`; the {} manifest puts it after",
                    manifest.kind
                ),
            )
            .help(format!("move the `{this}` section below `{other}`")),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::rules::test_support::findings;

    #[test]
    fn a_swapped_pair_is_reported_once() {
        let text = "# Completion Criteria: X\n## Quality Standards\nx\n## Required Deliverables\nx\n## Scope Compliance\nx\n## Validation Commands\nx\n";
        let f = findings(&RULE, text, Some("iteration-completion-criteria"));
        assert_eq!(f.len(), 1);
        assert!(f[0]
            .message
            .starts_with("`## Quality Standards` comes before `## Required Deliverables`"));
    }

    #[test]
    fn the_manifest_order_passes() {
        let text = "# Completion Criteria: X\n## Required Deliverables\nx\n## Quality Standards\nx\n## Scope Compliance\nx\n## Validation Commands\nx\n";
        assert!(findings(&RULE, text, Some("iteration-completion-criteria")).is_empty());
    }
}
