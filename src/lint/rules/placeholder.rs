//! `placeholder`: unfilled template placeholders.
//!
//! In: the document's undefined shortcut references, its prose and its
//! data-like code blocks. Out: one finding per placeholder. The grammar of a
//! `[TOKEN]` and the exemptions (ID-like tokens, status tags) live in
//! [`tokens`](super::tokens) — no regex, no per-file setup.

use memchr::memchr;

use super::tokens::{is_exempt, is_token};
use super::{excerpt, Ctx, Finding, Rule};
use crate::diagnostics::Severity;

pub const RULE: Rule = Rule {
    id: "placeholder",
    default_severity: Severity::Error,
    summary:
        "unfilled template placeholder such as `[PROJECT_NAME]`, `{{name}}` or `[Describe ...]`",
    explain: r#"# placeholder (error)

## What it does
Finds template placeholders left in a document, outside code and HTML comments:

- `[TOKEN]`: two or more of `A-Z 0-9 _ %`, starting with a letter, with `/`,
  single spaces or ` - ` between parts: `[PROJECT_NAME]`, `[UTIL%]`,
  `[START_DATE - END_DATE]`, `[LOW/MEDIUM/HIGH]`, `[FEATURE NAME]`;
- `{{ anything }}`, `{snake_case}`, `{SCREAMING_CASE}` and `{Title Words}`;
- bracketed prose: an undefined `[reference]` that starts with an upper-case
  letter and has two or more words: `[Provide a comprehensive overview ...]`,
  `[Trigger Condition 1]`, `[NEEDS CLARIFICATION: ...]`.

Not placeholders: links, reference links whose label is defined, task-list
boxes, footnotes `[^1]`, alerts `[!NOTE]`, citations `[1]` `[2, 3]`, single
characters, lower-case words, ID-like tokens (`[US1]`, `[T001]`, `[FR-001]`),
status tags (`[INFO]`, `[WARN]`, `[ERROR]`, `[OK]`, ...), tokens allowed in
`planforge.toml`, and anything in inline code.

In fenced and indented code blocks only `[TOKEN]` counts, and only in
data-like blocks (no info string, `text`, `txt`, `plaintext`, `yaml`, `yml`,
`json`, `jsonc`, `md`, `markdown`), and only after a `:`, `-`, `=`, `|`, tree
or other punctuation: not after a word (`items[INDEX]`, `rg [OPTIONS]`), not
at the start of a line (log tags, INI section headers).

## Why
A plan that still says `[PROJECT_NAME]` or `[Describe the risks]` was not
finished; agents and people reading it act on the template instead of the
project.

## Example
```markdown
**Project Name**: [PROJECT_NAME]
### Orchestration Overview
[Provide a comprehensive overview of the execution orchestration]
```

## Use instead
```markdown
**Project Name**: Atlas Billing Migration
### Orchestration Overview
Six agents move the billing service to the new ledger in three phases.
```
If a bracketed token is meant literally, put it in inline code (`` `[WIP]` ``),
define it as a link, or list it under `allow-tokens` in `planforge.toml`.
"#,
    needs_kind: false,
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    for span in &ctx.doc.broken_refs {
        let raw = &ctx.text[span.clone()];
        let inner = raw
            .strip_suffix("[]")
            .unwrap_or(raw)
            .trim_start_matches('[')
            .trim_end_matches(']');
        if is_token(inner) {
            if !is_exempt(inner, ctx.allowed) {
                out.push(token_finding(span.clone(), inner));
            }
        } else if is_bracketed_prose(inner) && !ctx.allowed.contains(inner) {
            out.push(
                Finding::new(
                    span.clone(),
                    format!("unfilled placeholder `[{}]`", excerpt(inner, 48)),
                )
                .help("replace the bracketed instruction with the content it asks for"),
            );
        }
    }
    for range in &ctx.doc.prose {
        braces(ctx.text, range.start, range.end, out);
    }
    for block in ctx.doc.code_blocks.iter().filter(|b| b.data_like) {
        code_tokens(ctx, block.content.clone(), out);
    }
}

fn token_finding(span: std::ops::Range<usize>, token: &str) -> Finding {
    Finding::new(span, format!("unfilled placeholder `[{token}]`")).help(
        "replace it with the real value, or list the token under `allow-tokens` in planforge.toml",
    )
}

/// Starts with an upper-case letter and has at least two words.
fn is_bracketed_prose(inner: &str) -> bool {
    inner.chars().next().is_some_and(char::is_uppercase)
        && inner.split_whitespace().nth(1).is_some()
}

/// `{{ ... }}`, `{snake_case}`, `{SCREAMING_CASE}`, `{Title Words}` in prose.
fn braces(text: &str, start: usize, end: usize, out: &mut Vec<Finding>) {
    let bytes = text.as_bytes();
    let mut i = start;
    while let Some(off) = memchr(b'{', &bytes[i..end]) {
        let at = i + off;
        i = at + 1;
        let prev = at.checked_sub(1).map(|p| bytes[p]);
        if matches!(prev, Some(b'$' | b'\\' | b'@' | b'{')) {
            continue;
        }
        let line_end = memchr(b'\n', &bytes[at..end]).map_or(end, |e| at + e);
        if bytes.get(at + 1) == Some(&b'{') {
            if let Some(close) = text[at + 2..line_end].find("}}") {
                let inner = text[at + 2..at + 2 + close].trim();
                if !inner.is_empty() {
                    let span = at..at + 2 + close + 2;
                    out.push(
                        Finding::new(
                            span,
                            format!("unfilled placeholder `{{{{{}}}}}`", excerpt(inner, 48)),
                        )
                        .help("replace the template variable with its value"),
                    );
                    i = at + 2 + close + 2;
                }
            }
            continue;
        }
        let Some(close) = memchr(b'}', &bytes[at + 1..line_end]) else {
            continue;
        };
        let inner = &text[at + 1..at + 1 + close];
        if is_brace_name(inner) {
            out.push(
                Finding::new(
                    at..at + close + 2,
                    format!("unfilled placeholder `{{{inner}}}`"),
                )
                .help("replace the template variable with its value"),
            );
            i = at + close + 2;
        }
    }
}

/// `snake_case` or `SCREAMING_CASE` (with an underscore), or `Title Words`.
fn is_brace_name(s: &str) -> bool {
    let snake = |upper: bool| {
        s.contains('_')
            && s.split('_').all(|p| {
                !p.is_empty()
                    && p.bytes().all(|b| {
                        b.is_ascii_digit()
                            || if upper {
                                b.is_ascii_uppercase()
                            } else {
                                b.is_ascii_lowercase()
                            }
                    })
            })
            && s.as_bytes()[0].is_ascii_alphabetic()
    };
    let title = s.len() >= 2
        && s.split(' ').all(|w| {
            let mut b = w.bytes();
            b.next().is_some_and(|c| c.is_ascii_uppercase()) && b.all(|c| c.is_ascii_alphanumeric())
        });
    snake(false) || snake(true) || title
}

/// `[TOKEN]` in a data-like code block, not after a word and not at the
/// start of a line.
fn code_tokens(ctx: &Ctx<'_>, range: std::ops::Range<usize>, out: &mut Vec<Finding>) {
    let text = ctx.text;
    let bytes = text.as_bytes();
    let mut i = range.start;
    while let Some(off) = memchr(b'[', &bytes[i..range.end]) {
        let at = i + off;
        i = at + 1;
        let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
        let before = text[line_start..at].trim_end();
        let line_initial = before.chars().all(|c| c.is_whitespace() || c == '>');
        let after_word = before
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | ')' | ']'));
        if line_initial || after_word {
            continue;
        }
        let line_end = memchr(b'\n', &bytes[at..range.end]).map_or(range.end, |e| at + e);
        let Some(close) = memchr(b']', &bytes[at + 1..line_end]) else {
            continue;
        };
        let inner = &text[at + 1..at + 1 + close];
        if is_token(inner) && !is_exempt(inner, ctx.allowed) {
            out.push(token_finding(at..at + close + 2, inner));
        }
        i = at + close + 2;
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::lint::rules::test_support::flagged;

    fn lint(text: &str) -> Vec<String> {
        flagged(&RULE, text, None)
    }

    #[test]
    fn every_token_shape_of_the_issue_is_a_placeholder() {
        let text =
            "[PROJECT_NAME] [UTIL%] [START_DATE - END_DATE] [LOW/MEDIUM/HIGH] [FEATURE NAME]\n";
        assert_eq!(
            lint(text),
            [
                "[PROJECT_NAME]",
                "[UTIL%]",
                "[START_DATE - END_DATE]",
                "[LOW/MEDIUM/HIGH]",
                "[FEATURE NAME]"
            ]
        );
    }

    #[test]
    fn template_variables_in_braces_are_placeholders() {
        let text =
            "Hi {{ user.name }} and {{Project Name}}, {project_name}, {Title Words}, {API_KEY}.\n";
        assert_eq!(
            lint(text),
            [
                "{{ user.name }}",
                "{{Project Name}}",
                "{project_name}",
                "{Title Words}",
                "{API_KEY}"
            ]
        );
    }

    #[test]
    fn braces_that_are_not_template_variables_pass() {
        let text = "a {b} {x y} ${HOME_DIR} \\{not_this} @{example} {} {{}} {a-b}\n";
        assert!(lint(text).is_empty(), "{:?}", lint(text));
    }

    #[test]
    fn bracketed_prose_is_a_placeholder() {
        let text = "[Provide a comprehensive overview of the plan]\n\n- [Trigger Condition 1]\n- [Target: X tasks per day]\n- [NEEDS CLARIFICATION: auth method not specified]\n";
        assert_eq!(
            lint(text),
            [
                "[Provide a comprehensive overview of the plan]",
                "[Trigger Condition 1]",
                "[Target: X tasks per day]",
                "[NEEDS CLARIFICATION: auth method not specified]"
            ]
        );
    }

    #[test]
    fn links_and_defined_references_are_not_placeholders() {
        let text = "[PROJECT_NAME](https://x) [Read The Docs][docs] [API_KEY] [Some Label][]\n\n[docs]: https://d\n[api_key]: https://k\n[some label]: https://s\n";
        assert!(lint(text).is_empty(), "{:?}", lint(text));
    }

    #[test]
    fn tasks_footnotes_alerts_citations_and_ids_are_not_placeholders() {
        let text = "- [ ] open\n- [x] done\n- [X] done\n\nSee[^1] and [^note] and [1] and [2, 3].\n\n> [!NOTE]\n> An alert.\n\n[P] [US1] [T001] [FR-001] [A] [x] [lowercase words here] [Y/N] [WIP]\n\n[^1]: A footnote.\n";
        assert!(lint(text).is_empty(), "{:?}", lint(text));
    }

    #[test]
    fn status_tags_are_not_placeholders() {
        assert!(lint("Lines tagged [INFO], [WARN], [ERROR], [DEBUG] or [OK].\n").is_empty());
    }

    #[test]
    fn inline_code_and_html_comments_hide_placeholders() {
        let text = "Use `[PROJECT_NAME]` and `{{ name }}`. <!-- [PROJECT_NAME] {{x}} -->\n";
        assert!(lint(text).is_empty(), "{:?}", lint(text));
    }

    #[test]
    fn tokens_count_in_data_like_code_blocks_after_punctuation() {
        let text = "```yaml\nparticipants: [AGENTS]\n```\n\n```\n├── Primary Agents: [PRIMARY_AGENTS]\n- [ITEM_ONE]\n```\n";
        assert_eq!(lint(text), ["[AGENTS]", "[PRIMARY_AGENTS]", "[ITEM_ONE]"]);
    }

    #[test]
    fn code_blocks_ignore_indexes_synopses_log_tags_ini_headers_and_code() {
        let text = "```\nitems[INDEX] f(x)[KEY]\nrg [OPTIONS] PATTERN [PATH ...]\n[SERVER] listening\n[DEFAULT]\nlevel: [INFO]\n```\n\n```python\nx = {\"a\": [NAME]}\n```\n\n```yaml\nsources: [\"a\", \"b\"]\nrange: [A-Z]\n```\n\n    indented: [P]\n";
        assert!(lint(text).is_empty(), "{:?}", lint(text));
    }

    #[test]
    fn only_data_like_info_strings_make_a_block_checked() {
        for lang in [
            "",
            "text",
            "txt",
            "plaintext",
            "yaml",
            "yml",
            "json",
            "jsonc",
            "md",
            "markdown",
            "YAML",
            "yaml title=x",
        ] {
            let text = format!("```{lang}\nkey: [VALUE_X]\n```\n");
            assert_eq!(lint(&text), ["[VALUE_X]"], "{lang}");
        }
        for lang in ["python", "sh", "console", "rust", "ini", "toml", "js"] {
            let text = format!("```{lang}\nkey: [VALUE_X]\n```\n");
            assert!(lint(&text).is_empty(), "{lang}");
        }
    }

    #[test]
    fn code_tokens_after_a_word_digit_underscore_or_bracket_do_not_count() {
        let text =
            "```\nx: a[KEY] b1[KEY] c_[KEY] f()[KEY] g[0][KEY]\ny: ([KEY_A]) = [KEY_B]\n```\n";
        assert_eq!(lint(text), ["[KEY_A]", "[KEY_B]"]);
    }

    #[test]
    fn brace_and_prose_forms_do_not_count_inside_code_blocks() {
        let text = "```yaml\nq: \"best practices {current_date}\"\nd: [Describe It Here]\n```\n";
        assert!(lint(text).is_empty(), "{:?}", lint(text));
    }

    #[test]
    fn placeholders_in_headings_tables_and_emphasis_are_found() {
        let text =
            "# Plan: [PROJECT_NAME]\n\n| A | B |\n|---|---|\n| **[ROLE]** | ±[TOLERANCE]% |\n";
        assert_eq!(lint(text), ["[PROJECT_NAME]", "[ROLE]", "[TOLERANCE]"]);
    }
}
