use super::*;

const PROSE: Place = Place::Prose;

fn found(text: &str, place: Place) -> Vec<&str> {
    scan(text, 0..text.len(), place, true)
        .into_iter()
        .map(|t| &text[t.span])
        .collect()
}

fn code(lang: &str, template_doc: bool) -> Place {
    Place::Code {
        lang: code_lang(lang),
        template_doc,
    }
}

#[test]
fn site_generator_syntax_is_not_a_slot() {
    let text = "See {{< ref \"formatter\" >}} and {{< alert type=\"info\" >}} x {{< /alert >}}, \
{{% notice %}}, {{</ code-toggle >}}, {{#include arg-watcher.md}}, {{#playground example.rs}}, \
{{ page.title }}, {{ site.url | relative_url }}, {% include toc.html %}, {{ .Values.image }}, \
{{- .Title -}}, ${{ secrets.TOKEN }}, {{#each items}}, {{/each}}, {{> partial}}, {{!-- c --}}, \
{{ else }}, {{end}}, \\hat{y}_c, x^{n_i}, \\{not_this}, @{example}, {{{raw_html}}}.\n";
    assert_eq!(found(text, PROSE), Vec::<&str>::new());
    assert_eq!(site_syntax("{{< ref x >}}"), Some("a Hugo shortcode"));
    assert_eq!(
        site_syntax("{{#include a.md}}"),
        Some("an mdBook directive")
    );
    assert_eq!(
        site_syntax("{{ page.title }}"),
        Some("a template expression")
    );
    assert_eq!(site_syntax("{{app_name}}"), None);
}

#[test]
fn every_slot_kind_is_found_in_prose() {
    let text = "[PROJECT_NAME] {{project_name}} {{Title Case}} {snake_case} {Title Words} \
${PROJECT_NAME} <OWNER_NAME> [insert date here] [Provide an overview] ________ Lorem ipsum dolor\n";
    assert_eq!(
        found(text, PROSE),
        [
            "[PROJECT_NAME]",
            "{{project_name}}",
            "{{Title Case}}",
            "{snake_case}",
            "{Title Words}",
            "${PROJECT_NAME}",
            "<OWNER_NAME>",
            "[insert date here]",
            "[Provide an overview]",
            "________",
            "Lorem ipsum dolor"
        ]
    );
}

#[test]
fn a_document_using_a_template_language_keeps_its_spaced_variables() {
    let text = "favicon | {{ base_url }}/img/x.ico and {{Project Name}}\n";
    let jinja = "{% if x %}{{ config.site_name }}{% endif %}\n";
    assert!(uses_template_language(jinja));
    assert!(!uses_template_language("{{< ref x >}} {{app_name}}\n"));
    let slots = |t: bool| -> Vec<String> {
        scan_in(text, 0..text.len(), PROSE, true, t)
            .into_iter()
            .map(|k| text[k.span].to_string())
            .collect()
    };
    assert_eq!(slots(false), ["{{ base_url }}", "{{Project Name}}"]);
    assert_eq!(slots(true), ["{{Project Name}}"]);
    assert!(found(
        "See [[Release Notes]] and GET /users/{user_id}/posts.\n",
        PROSE
    )
    .is_empty());
    assert_eq!(
        found("Press <C-W> or <CTRL-C>, then <PROJECT-NAME>.\n", PROSE),
        ["<PROJECT-NAME>"]
    );
    assert!(found("Shell users can write ${HOME_DIR} here.\n", PROSE).is_empty());
    let liquid = "- [{{ filter }}]({{ filter | prepend: page.url }})\n";
    let spans: Vec<_> = scan_in(liquid, 0..liquid.len(), PROSE, true, true);
    assert!(spans.is_empty(), "{spans:?}");
    assert!(found("The [KEYWORD] argument accepts a string.\n", PROSE).is_empty());
}

#[test]
fn headings_also_count_a_single_word_in_braces() {
    assert_eq!(
        found("# Release {version}\n", Place::Heading),
        ["{version}"]
    );
    assert!(found("Use {version} here\n", PROSE).is_empty());
}

#[test]
fn changelog_tags_abbreviations_ids_and_links_are_not_slots() {
    let text = "- [BREAKING] Drop Node 16\n- [SECURITY] Patch\n## [DOCS] Update\n- [WEBHOOKS] Retry\n\
*[HTML]: HyperText Markup Language\n[US1] [FR-001] [INFO] [link](x) [ref][r] [Y/N] [lowercase words]\n";
    assert_eq!(found(text, PROSE), Vec::<&str>::new());
    assert_eq!(
        found("- [TASK_NAME]\n- [DELIVERABLE]\n", PROSE),
        ["[TASK_NAME]", "[DELIVERABLE]"]
    );
}

#[test]
fn plain_code_blocks_keep_brace_slots_and_templating_ones_do_not() {
    let script =
        "APP=\"{{app_name}}\"\necho \"{{ project_name }}\" {{Title Case}} {{name}} {{ name }}\n";
    for lang in ["bash", "sh", "powershell", "bat", "cmd", "json", "text", ""] {
        let shell = code_lang(lang) == CodeLang::Shell;
        let expected: &[&str] = if shell {
            &["{{app_name}}", "{{Title Case}}", "{{name}}"]
        } else {
            &["{{app_name}}", "{{Title Case}}"]
        };
        assert_eq!(found(script, code(lang, false)), expected, "{lang}");
        assert_eq!(
            found(script, code(lang, true)),
            [
                "{{app_name}}",
                "{{ project_name }}",
                "{{Title Case}}",
                "{{name}}"
            ],
            "{lang}"
        );
    }
    let mustache = "Hello {{name}}, {{firstName}}\n";
    assert_eq!(found(mustache, code("text", false)), ["{{firstName}}"]);
    assert_eq!(
        found(mustache, code("bash", false)),
        ["{{name}}", "{{firstName}}"]
    );
    for lang in ["jinja", "html", "go-html-template", "python", "liquid"] {
        assert!(found(script, code(lang, true)).is_empty(), "{lang}");
    }
    let ansible = "src: \"{{ item.src }}\"\nimage: {{ .Values.image }}\ntoken: ${{ secrets.X }}\nname: {{ app_name }}\n";
    assert!(found(ansible, code("yaml", false)).is_empty());
    assert_eq!(found(ansible, code("yaml", true)), ["{{ app_name }}"]);
    let go = "{{ range .Pages }}{{ .Title }}{{ end }} {{ content }}\n";
    assert!(found(go, code("text", true)).is_empty());
}

#[test]
fn angle_tokens_are_not_html_or_autolinks() {
    let text = "<OWNER_NAME> <project-name> <YOUR NAME> <https://x.y> <br> <div> <a-b-> <X>\n";
    assert_eq!(
        found(text, PROSE),
        ["<OWNER_NAME>", "<project-name>", "<YOUR NAME>"]
    );
    assert!(found("helm install <release-name>\n", code("bash", true)).is_empty());
    assert!(found(
        "helm rollback <RELEASE> [REVISION] [flags]\n",
        code("", true)
    )
    .is_empty());
    assert!(found(
        "See [Travis CI]({{ '/docs/ci/' | relative_url }}).\n",
        PROSE
    )
    .is_empty());
}

#[test]
fn blanks_are_not_rules_or_identifiers() {
    assert!(found("Replace the lorem ipsum text before launch.\n", PROSE).is_empty());
    assert_eq!(found("Approved by: ________\n", PROSE), ["________"]);
    assert!(found("________\n\n__init__ a____b\n", PROSE).is_empty());
}

#[test]
fn normalized_keys_join_every_spelling() {
    for s in [
        "PROJECT_NAME",
        "Project Name",
        "project_name",
        "projectName",
        "project-name",
        " ProjectName ",
    ] {
        assert_eq!(normalize_key(s), "project_name", "{s}");
    }
    assert_eq!(normalize_key("owner.Full Name"), "owner.full_name");
    assert_eq!(normalize_key("Phase 2 Goal"), "phase_2_goal");
}

#[test]
fn token_names_lose_their_delimiters() {
    let text = "{{ app_name }} [PROJECT_NAME] <OWNER_NAME> ${X_Y}";
    let names: Vec<_> = scan(text, 0..text.len(), PROSE, true)
        .iter()
        .map(|t| t.name(text).to_string())
        .collect();
    assert_eq!(names, ["app_name", "PROJECT_NAME", "OWNER_NAME", "X_Y"]);
    let ctx = Context::around("[[LLM: do it]]", &(0..14), PROSE);
    assert_eq!(classify("[[LLM: do it]]", &ctx), Some(Kind::Directive));
}

#[test]
fn a_scanner_finds_what_scan_in_finds_in_every_range() {
    let texts = [
        "Owner: ________ and Lorem ipsum dolor sit amet.\n{{app_name}} <OWNER_NAME>\n",
        "LOREM IPSUM DOLOR here, {% if x %}{{ page.title }}{% endif %} [PROJECT_NAME]\n",
        "Nothing rare: {{Title Case}}, ${PROJECT_NAME}, [insert date here].\n",
        "ok",
    ];
    for text in texts {
        let scanner = Scanner::new(text);
        assert_eq!(scanner.templating(), uses_template_language(text));
        for start in 0..text.len() {
            for end in (start..=text.len()).step_by(7) {
                for place in [PROSE, Place::Heading, code("bash", true)] {
                    for brackets in [false, true] {
                        let want = scan_in(text, start..end, place, brackets, scanner.templating());
                        assert_eq!(
                            scanner.scan(start..end, place, brackets),
                            want,
                            "{text:?} {start}..{end}"
                        );
                    }
                }
            }
        }
    }
    assert_eq!(
        found("Owner: ________ and Lorem ipsum dolor sit amet.\n", PROSE),
        ["________", "Lorem ipsum dolor"]
    );
}

#[test]
fn lorem_ipsum_filler_is_found_in_sentence_title_and_upper_case_and_a_mention_is_not() {
    let text = "Lorem ipsum dolor sit amet. LOREM IPSUM DOLOR. Lorem Ipsum Dolor\n";
    assert_eq!(
        found(text, PROSE),
        [
            "Lorem ipsum dolor",
            "LOREM IPSUM DOLOR",
            "Lorem Ipsum Dolor"
        ]
    );
    // Only Title Case: the scanner's whole-document check finds it too.
    let title = "Sample: Lorem Ipsum Dolor sit amet.\n";
    let tokens = Scanner::new(title).scan(0..title.len(), PROSE, true);
    assert_eq!(tokens.len(), 1, "{tokens:?}");
    // The words alone, or inside another word, are not filler.
    assert!(found("We replaced the lorem ipsum with copy.\n", PROSE).is_empty());
    assert!(found("Xlorem ipsum dolor\n", PROSE).is_empty());
    assert!(found("Lorem ipsum dolor in a script\n", code("bash", true)).is_empty());
    // A run of underscores is one blank, however long.
    assert_eq!(found("Sign: ____________ here\n", PROSE), ["____________"]);
}

#[test]
fn a_candidate_that_could_not_be_a_slot_is_none_in_every_context() {
    let candidates = [
        "[P]",
        "[x]",
        "[ ]",
        "[US1]",
        "[FR-001]",
        "[INFO]",
        "[1.2.0]",
        "[^1]",
        "[guide]",
        "[the guide]",
        "[A-Z]",
        "[INDEX]",
        "[PROJECT_NAME]",
        "[Describe the risks]",
        "[insert date here]",
        "[your name]",
        "[Y/N]",
        "[BREAKING]",
        "[[LLM: x]]",
        "[]",
    ];
    let places = [
        PROSE,
        Place::Heading,
        code("yaml", true),
        code("text", false),
        code("", true),
    ];
    let sides = [
        ("", ""),
        ("- ", " Drop it"),
        ("key: ", ""),
        ("*", ": x"),
        ("[", "]"),
        ("", "(x)"),
    ];
    let mut possible = 0;
    for c in candidates {
        let could = could_be_slot(c);
        possible += usize::from(could);
        for place in places {
            for (before, after) in sides {
                let ctx = Context {
                    place,
                    before,
                    after,
                    templating: false,
                };
                if !could {
                    assert_eq!(
                        classify(c, &ctx),
                        None,
                        "{c:?} {place:?} {before:?} {after:?}"
                    );
                }
            }
        }
    }
    assert!(possible >= 6, "the list holds real slots too");
}
