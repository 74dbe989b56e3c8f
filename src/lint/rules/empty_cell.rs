//! `empty-cell`: empty table cells in documents of a known kind.
//!
//! In: the empty cells `MdDoc` recorded. Out: one finding per cell.

use super::{Ctx, Finding, Rule};
use crate::diagnostics::Severity;

pub const RULE: Rule = Rule {
    id: "empty-cell",
    name: "EmptyTableCell",
    default_severity: Severity::Warning,
    summary: "empty table cell in a plan document",
    explain: r#"# empty-cell (warning)

## What it does
Finds table cells with no content, in documents of a known kind (JAEGIS
framework, PACT action phase, iteration files, agent prompts, and kinds
defined in `planforge.toml`). Other Markdown is not checked: empty cells are
normal in general tables.

## Why
In a plan's tables every cell is a fact someone needs (an owner, a date, a
threshold). An empty cell is usually a placeholder that was deleted instead
of filled.

## Example
```markdown
| Risk ID | Description | Owner |
|---------|-------------|-------|
| R001    | Vendor delay |      |
```

## Use instead
```markdown
| Risk ID | Description  | Owner |
|---------|--------------|-------|
| R001    | Vendor delay | Dakota |
```
Write `n/a` or `none` where a value really does not apply.
"#,
    needs_kind: true,
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    if ctx.manifest.is_none() {
        return;
    }
    for span in &ctx.doc.empty_cells {
        out.push(
            Finding::new(span.clone(), "empty table cell")
                .help("fill it, or write `n/a` if nothing applies"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::rules::test_support::findings;

    #[test]
    fn empty_cells_are_found_in_a_known_kind() {
        let text = "| A | B |\n|---|---|\n| 1 |   |\n|  | 2 |\n";
        assert_eq!(findings(&RULE, text, Some("jaegis-framework")).len(), 2);
    }

    #[test]
    fn filled_tables_pass() {
        let text = "| A | B |\n|---|---|\n| 1 | n/a |\n";
        assert!(findings(&RULE, text, Some("jaegis-framework")).is_empty());
    }
}
