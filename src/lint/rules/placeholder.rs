//! `placeholder`: unfilled template placeholders.
//!
//! In: the document's undefined shortcut references, its prose and its
//! data-like code blocks. Out: one finding per placeholder. The grammar of a
//! `[TOKEN]` and the exemptions (ID-like tokens, status tags) live in
//! [`tokens`](super::tokens) — no regex, no per-file setup.

use super::{push_excerpt, Ctx, Finding, Rule};
use crate::diagnostics::Severity;
use crate::lint::doc::CodeBlock;
use crate::placeholder::{classify_at, scan, Kind, Place, Scanner, Token};

pub const RULE: Rule = Rule {
    id: "placeholder",
    name: "UnfilledPlaceholder",
    default_severity: Severity::Error,
    summary:
        "unfilled template placeholder such as `[PROJECT_NAME]`, `{{name}}` or `[Describe ...]`",
    explain: r#"# placeholder (error)

## What it does
Finds template slots left in a document. The grammar is planforge's one
placeholder grammar (shared with `diff` and `fill`):

- `[TOKEN]`: two or more of `A-Z 0-9 _ %`, starting with a letter, with `/`,
  single spaces or ` - ` between parts: `[PROJECT_NAME]`, `[UTIL%]`,
  `[START_DATE - END_DATE]`, `[LOW/MEDIUM/HIGH]`, `[FEATURE NAME]`;
- sentence slots: an undefined `[reference]` that starts with an upper-case
  letter and has two or more words (`[Provide a comprehensive overview ...]`,
  `[Trigger Condition 1]`), or a lower-case instruction (`[insert date here]`,
  `[your name]`);
- `{{project_name}}`, `{{Title Case}}`, `{snake_case}`, `{SCREAMING_CASE}`,
  `{Title Words}`, and in headings any `{word}` (`# Release {version}`);
- `${PROJECT_NAME}` in prose; angle tokens `<OWNER_NAME>`, `<project-name>`
  (not HTML elements, custom elements closed elsewhere, or autolinks);
- fill-in blanks `________` (four or more underscores) and filler text
  (`Lorem ipsum dolor ...`).

Documentation syntax is not a placeholder: Hugo shortcodes `{{< x >}}`,
`{{% x %}}` and their closing forms; mdBook `{{#include f}}`,
`{{#rustdoc_include}}`, `{{#playground}}`, `{{#title}}`; Handlebars blocks and
partials; Liquid and Jinja tags `{% x %}` and expressions `{{ page.title }}`,
`{{ site.x | f }}`; Go templates `{{ .Values.x }}`, `{{- x -}}`, `{{ end }}`;
GitHub Actions `${{ secrets.X }}`; text in inline `<code>`, `<kbd>`, `<samp>`,
`<pre>`; kramdown abbreviations `*[HTML]: ...`; changelog and status tags
(`[BREAKING]`, `[SECURITY]`, `[INFO]`, or any one-word tag opening a list
item or heading with text after it); links, defined references, task boxes,
footnotes, alerts, citations `[1]`, ID-like tokens (`[US1]`, `[FR-001]`),
tokens allowed in `planforge.toml`, inline code and HTML comments.

In code blocks the language decides:
- shell, console, PowerShell, batch, JSON, text and untagged blocks:
  `{{app_name}}`, `{{ project_name }}`, `{{Title Case}}` are leftovers (a
  filled installer that still says `{{app_name}}` is broken);
- YAML and TOML: the same, but only in a document that shows other signs of
  being a template (slots in prose, `[[LLM: ...]]` directives, slots in other
  blocks), since Ansible, Helm and Jinja use `{{ }}` there;
- HTML, Go templates, Jinja, Liquid, Handlebars and programming languages:
  braces belong to the language and never count;
- `[TOKEN]` counts in text, JSON, YAML and Markdown blocks, only after `:`,
  `-`, `=`, `|`, a tree or other punctuation: not after a word
  (`items[INDEX]`, `rg [OPTIONS]`), not at the start of a line (log tags, INI
  section headers).

## Why
A plan that still says `[PROJECT_NAME]` or `[Describe the risks]` was not
finished; agents and people reading it act on the template instead of the
project. A false positive costs trust too, which is why site-generator
syntax is recognised rather than flagged.

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
If a token is meant literally, put it in inline code (`` `[WIP]` ``),
define it as a link, or list it under `allow-tokens` in `planforge.toml`.
"#,
    needs_kind: false,
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let text = ctx.text;
    let mut tokens: Vec<Token> = Vec::new();
    for span in &ctx.doc.broken_refs {
        if let Some(kind) = classify_at(text, span, || ctx.doc.place_at(span.start)) {
            tokens.push(Token {
                span: span.clone(),
                kind,
            });
        }
    }
    let scanner = Scanner::new(text);
    for range in &ctx.doc.prose {
        tokens.extend(scanner.scan(range.clone(), Place::Prose, false));
    }
    for h in &ctx.doc.headings {
        for range in ctx.doc.prose_in(&h.span) {
            let found = scanner.scan(range, Place::Heading, false);
            tokens.extend(found.into_iter().filter(|t| t.kind == Kind::SingleBrace));
        }
    }
    // Whether `</name` occurs anywhere, once per name: a document with
    // thousands of `<br>` is searched once, not once per tag.
    let mut closed: std::collections::HashMap<&str, bool> = std::collections::HashMap::new();
    for span in &ctx.doc.lone_tags {
        let name = &text[span.start + 1..span.end - 1];
        let is_closed = *closed.entry(name).or_insert_with(|| {
            memchr::memmem::find(text.as_bytes(), format!("</{name}").as_bytes()).is_some()
        });
        if is_closed {
            continue;
        }
        if classify_at(text, span, || Place::Prose) == Some(Kind::Angle) {
            tokens.push(Token {
                span: span.clone(),
                kind: Kind::Angle,
            });
        }
    }
    tokens.retain(|t| !is_allowed(ctx, t));
    // Spaced `{{ x }}` in code, and YAML/TOML blocks, count only when the
    // document is visibly a template; a slot found in code makes it one.
    // Only braces depend on that judgement: blocks without `{` are scanned
    // once, blocks with one again if the code made the document a template.
    let in_prose = !tokens.is_empty() || !ctx.doc.directives.is_empty();
    let (braced, plain): (Vec<&CodeBlock>, Vec<&CodeBlock>) = ctx
        .doc
        .code_blocks
        .iter()
        .partition(|b| memchr::memchr(b'{', &text.as_bytes()[b.content.clone()]).is_some());
    let plain = code_tokens(ctx, in_prose, &plain);
    let mut code = code_tokens(ctx, in_prose, &braced);
    let found_in_code = !plain.is_empty() || !code.is_empty();
    if !in_prose && found_in_code {
        code = code_tokens(ctx, true, &braced);
    }
    tokens.extend(plain);
    tokens.extend(code);
    tokens.sort_by_key(|t| (t.span.start, t.span.end));
    tokens.dedup_by(|b, a| b.span.start < a.span.end);
    out.extend(tokens.into_iter().map(|t| finding(text, t)));
}

/// Slots in these code blocks.
fn code_tokens(ctx: &Ctx<'_>, template_doc: bool, blocks: &[&CodeBlock]) -> Vec<Token> {
    let mut out = Vec::new();
    for block in blocks {
        let place = Place::Code {
            lang: block.lang,
            template_doc,
        };
        let found = scan(ctx.text, block.content.clone(), place, true);
        out.extend(found.into_iter().filter(|t| !is_allowed(ctx, t)));
    }
    out
}

fn is_allowed(ctx: &Ctx<'_>, t: &Token) -> bool {
    let whole = &ctx.text[t.span.clone()];
    ctx.allowed.contains(whole) || ctx.allowed.contains(t.name(ctx.text))
}

fn finding(text: &str, t: Token) -> Finding {
    let mut message = String::with_capacity(32 + t.span.len());
    match t.kind {
        Kind::Blank => message.push_str("unfilled blank `____`"),
        Kind::Lorem => message.push_str("filler text `Lorem ipsum dolor …`"),
        kind => {
            message.push_str("unfilled placeholder `");
            let delimiters = match kind {
                Kind::Token | Kind::Sentence => Some(("[", "]")),
                Kind::DoubleBrace => Some(("{{", "}}")),
                Kind::SingleBrace => Some(("{", "}")),
                Kind::Dollar => Some(("${", "}")),
                Kind::Angle => Some(("<", ">")),
                _ => None,
            };
            match delimiters {
                Some((open, close)) => {
                    message.push_str(open);
                    push_excerpt(&mut message, t.name(text), 48);
                    message.push_str(close);
                }
                None => push_excerpt(&mut message, &text[t.span.clone()], 56),
            }
            message.push('`');
        }
    }
    let help = match t.kind {
        Kind::Token => {
            "replace it with the real value, or list the token under `allow-tokens` in planforge.toml"
        }
        Kind::Sentence => "replace the bracketed instruction with the content it asks for",
        Kind::Blank => "write the value on the line instead of the blank",
        Kind::Lorem => "replace the filler text with the real content",
        _ => "replace the template variable with its value",
    };
    Finding::new(t.span, message).help(help)
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
            "Hi {{ user_name }} and {{Project Name}}, {project_name}, {Title Words}, {API_KEY}.\n";
        assert_eq!(
            lint(text),
            [
                "{{ user_name }}",
                "{{Project Name}}",
                "{project_name}",
                "{Title Words}",
                "{API_KEY}"
            ]
        );
    }

    #[test]
    fn braces_that_are_not_template_variables_pass() {
        let text = "a {b} {x y} ${HOME} {{ user.name }} \\{not_this} @{example} {} {{}} {a-b}\n";
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
