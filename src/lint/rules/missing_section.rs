//! `missing-section`: a heading the document's kind requires is absent.
//!
//! In: the section report (headings matched against the kind's manifest).
//! Out: one finding per missing section, at its highest missing level,
//! located where the section belongs (the start of the heading it should
//! precede) and naming the sections around it.

use super::{Ctx, Finding, Rule};
use crate::diagnostics::Severity;
use crate::lint::sections::Missing;
use crate::manifest::Section;

pub const RULE: Rule = Rule {
    id: "missing-section",
    name: "MissingSection",
    default_severity: Severity::Error,
    summary: "a section the document's kind requires is missing",
    explain: r#"# missing-section (error)

## What it does
For documents of a known kind, checks that every heading of the kind's
section manifest is present, under the right parent heading. Kinds:
`jaegis-framework`, `pact-action-phase`, `iteration-context`,
`iteration-completion-criteria`, `iteration-readme`, `agent-prompt`, and any
defined in `planforge.toml`. The kind comes from `--kind`, front matter
`planforge-kind:`, the `<!-- planforge-kind: ... -->` marker compile writes,
the file's path, or the H1. A document declaring a kind no manifest defines is reported too.

Titles match ignoring case, emoji, emphasis and punctuation. A missing
section is reported once: its own subsections are implied. A heading that
looks like a misspelling gets a "did you mean".

## Why
Agents and reviewers rely on every plan having the same sections; a missing
"Risk Assessment Matrix" usually means nobody assessed the risks.

## Example
```markdown
# Execution Orchestration Framework: Atlas
## Executive Summary
### Orchestration Overview
...
## Multi-Agent Coordination Architecture
### Agent Ecosystem Overview
### Coordination Patterns
```
(`### Agent Role Matrix` is missing.)

## Use instead
```markdown
## Multi-Agent Coordination Architecture
### Agent Ecosystem Overview
### Agent Role Matrix
### Coordination Patterns
```
Run `planforge lint --explain missing-section` for this text; the manifests
are listed in `docs/lint.md`.
"#,
    needs_kind: true,
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    if let Some(kind) = ctx.unknown_kind {
        out.push(
            Finding::new(0..0, format!("unknown document kind `{kind}`: its sections cannot be checked"))
                .help("use a built-in kind (`planforge lint --help` names some) or define it under [[lint.kinds]] in planforge.toml"),
        );
    }
    let Some((manifest, report)) = ctx.sections() else {
        return;
    };
    // A run of sections missing at the same place: each follows the one
    // before it (also missing), so their order is told.
    let mut prev: Option<(Option<usize>, Option<usize>, usize)> = None;
    for (i, m) in report.missing.iter().enumerate() {
        // Manifest order among findings at one spot (1-based: 0 is "none").
        let order = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let section = &manifest.sections[m.section];
        if let Some(near) = m.near_miss {
            out.push(near_miss(ctx, near, section).order(order));
            prev = None;
            continue;
        }
        let mut message = String::with_capacity(128);
        message.push_str("missing section `");
        push_shown(&mut message, section);
        message.push('`');
        if let Some(p) = m.parent {
            message.push_str(" under `");
            ctx.push_heading_line(&mut message, p);
            message.push('`');
        }
        message.push_str(" (required by the ");
        message.push_str(&manifest.kind);
        message.push_str(" manifest)");
        let (at, before) = insertion_point(ctx, m.after.or(m.parent), section.level);
        // The section before it, when that one is missing here too.
        let missing_before = match prev {
            Some((parent, after, s)) if parent == m.parent && after == m.after => {
                Some(&manifest.sections[s])
            }
            _ => None,
        };
        let help = placement(ctx, m, missing_before, before);
        out.push(Finding::new(at..at, message).help(help).order(order));
        prev = Some((m.parent, m.after, m.section));
    }
}

/// "`## X` does not match the required section `## Y`", at `## X`.
fn near_miss(ctx: &Ctx<'_>, near: usize, section: &Section) -> Finding {
    let mut message = String::with_capacity(96);
    message.push('`');
    ctx.push_heading_line(&mut message, near);
    message.push_str("` does not match the required section `");
    push_shown(&mut message, section);
    message.push('`');
    let mut help = String::from("did you mean `");
    push_shown(&mut help, section);
    help.push_str("`?");
    Finding::new(ctx.doc.headings[near].span.clone(), message).help(help)
}

/// The help line: after which section to add it (one missing just before
/// it, the preceding sibling, or as the parent's first subsection) and, if
/// known, before which.
fn placement(
    ctx: &Ctx<'_>,
    m: &Missing,
    missing_before: Option<&Section>,
    before: Option<usize>,
) -> String {
    let mut help = String::with_capacity(128);
    match (missing_before, m.after, m.parent) {
        (Some(s), _, _) => {
            help.push_str("add it after `");
            push_shown(&mut help, s);
            help.push_str("` (also missing)");
        }
        (None, Some(a), _) => {
            help.push_str("add it after `");
            ctx.push_heading_line(&mut help, a);
            help.push('`');
        }
        (None, None, Some(p)) => {
            help.push_str("add it as the first subsection of `");
            ctx.push_heading_line(&mut help, p);
            help.push('`');
        }
        (None, None, None) => help.push_str("add it as the document's first heading"),
    }
    if let Some(b) = before {
        help.push_str(", before `");
        ctx.push_heading_line(&mut help, b);
        help.push('`');
    }
    help
}

/// Where a section of `level` that follows heading `from` (its preceding
/// sibling, or its parent; `None`: the document start) belongs: the start of
/// the next heading at `level` or above, or the end of the text. Also that
/// heading, when it is a sibling (same level).
fn insertion_point(ctx: &Ctx<'_>, from: Option<usize>, level: u8) -> (usize, Option<usize>) {
    let headings = &ctx.doc.headings;
    let first = from.map_or(0, |f| f + 1);
    match headings
        .iter()
        .enumerate()
        .skip(first)
        .find(|(_, h)| h.level <= level)
    {
        Some((j, h)) => (h.span.start, (h.level == level).then_some(j)),
        None if from.is_none() => (0, None),
        // The end of the last line (not the empty line after it).
        None => (ctx.text.len() - usize::from(ctx.text.ends_with('\n')), None),
    }
}

/// Appends the manifest heading as a line, `*` shown as `…`.
fn push_shown(out: &mut String, section: &Section) {
    out.extend(std::iter::repeat_n('#', usize::from(section.level)));
    out.push(' ');
    for (i, part) in section.title.split('*').enumerate() {
        if i > 0 {
            out.push('…');
        }
        out.push_str(part);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::rules::test_support::findings;

    const CONTEXT: &str = "# Context: Setup\n## Goal and Scope\nx\n## Reference Documents\nx\n## Standards and Conventions\nx\n## Domain Knowledge\nx\n## Constraints and Non-Goals\nx\n";

    #[test]
    fn a_complete_document_has_no_missing_section() {
        assert!(findings(&RULE, CONTEXT, Some("iteration-context")).is_empty());
    }

    #[test]
    fn a_removed_section_is_reported_under_its_parent() {
        let text = CONTEXT.replace("## Domain Knowledge\nx\n", "");
        let f = findings(&RULE, &text, Some("iteration-context"));
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].message,
            "missing section `## Domain Knowledge` under `# Context: Setup` (required by the iteration-context manifest)"
        );
        assert_eq!(
            f[0].help.as_deref(),
            Some("add it after `## Standards and Conventions`, before `## Constraints and Non-Goals`")
        );
        let at = text.find("## Constraints").unwrap();
        assert_eq!(f[0].span, at..at);
    }

    #[test]
    fn sections_missing_in_a_row_name_each_other_in_manifest_order() {
        let text = CONTEXT
            .replace("## Standards and Conventions\nx\n", "")
            .replace("## Domain Knowledge\nx\n", "");
        let f = findings(&RULE, &text, Some("iteration-context"));
        let helps: Vec<_> = f.iter().map(|f| f.help.as_deref().unwrap_or("")).collect();
        assert_eq!(
            helps,
            [
                "add it after `## Reference Documents`, before `## Constraints and Non-Goals`",
                "add it after `## Standards and Conventions` (also missing), before `## Constraints and Non-Goals`"
            ]
        );
    }

    #[test]
    fn a_missing_parent_implies_its_subsections() {
        let text = "# Iteration 01: Setup\n## Overview\nx\n## Expected Outputs\nx\n## Troubleshooting\nx\n";
        let f = findings(&RULE, text, Some("iteration-readme"));
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("`## Execution Options`"));
    }

    #[test]
    fn matching_ignores_case_emoji_emphasis_and_punctuation() {
        let text = CONTEXT
            .replace("## Goal and Scope", "## 🎯 **goal AND scope:**")
            .replace("## Domain Knowledge", "## Domain _Knowledge_.");
        assert!(findings(&RULE, &text, Some("iteration-context")).is_empty());
    }

    #[test]
    fn a_near_miss_says_did_you_mean() {
        let text = CONTEXT.replace("## Domain Knowledge", "## Domain Knowlege");
        let f = findings(&RULE, &text, Some("iteration-context"));
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].help.as_deref(),
            Some("did you mean `## Domain Knowledge`?")
        );
    }

    #[test]
    fn documents_without_a_kind_are_not_checked() {
        assert!(findings(&RULE, "# Notes\n", None).is_empty());
    }
}
