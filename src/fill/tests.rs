//! Unit tests of the fill pipeline on small templates of each dialect.

use std::sync::Arc;

use super::{fill, values, Template};
use crate::diagnostics::SourceFile;

fn template(text: &str) -> Template {
    Template::parse(Arc::new(SourceFile::new("t.md", text.to_string()))).expect("template parses")
}

fn vals(yaml: &str) -> values::Val {
    values::load(&Arc::new(SourceFile::new("values.yaml", yaml.to_string()))).expect("values load")
}

fn filled(text: &str, yaml: &str) -> String {
    let t = template(text);
    let f = fill(&t, &vals(yaml), false).unwrap_or_else(|d| panic!("{d:#?}"));
    assert!(f.diags.is_empty(), "{:#?}", f.diags);
    f.text
}

#[test]
fn tokens_of_every_spelling_are_filled_from_one_key() {
    let out = filled(
        "# {{Project Name}}\n\n**Project**: [PROJECT_NAME], {{project_name}} and {project_name}.\n",
        "projectName: Atlas\n",
    );
    assert_eq!(out, "# Atlas\n\n**Project**: Atlas, Atlas and Atlas.\n");
}

#[test]
fn sentence_slots_are_named_after_their_label_colon_or_heading() {
    let t = template(
        "## Orchestration Overview\n\n[Provide a comprehensive overview of the plan]\n\n\
         - **Work Isolation**: [How agents avoid stepping on each other]\n\
         - [Objective 1: Specific, measurable goal]\n\
         - [Deliverable 1]\n",
    );
    let keys: Vec<&str> = t
        .catalog
        .root()
        .entries
        .iter()
        .map(|e| e.key.as_str())
        .collect();
    assert_eq!(
        keys,
        [
            "orchestration_overview",
            "work_isolation",
            "objective_1",
            "deliverable_1"
        ]
    );
    assert_eq!(
        t.catalog.root().entries[0].instruction.as_deref(),
        Some("Provide a comprehensive overview of the plan")
    );
}

#[test]
fn two_different_sentences_under_one_heading_get_distinct_keys() {
    let t = template(
        "### Reflection\n\n[Analyze how the phase went]\n\n[List what to change next time]\n",
    );
    let keys: Vec<&str> = t
        .catalog
        .root()
        .entries
        .iter()
        .map(|e| e.key.as_str())
        .collect();
    assert_eq!(keys, ["reflection", "reflection_2"]);
}

#[test]
fn directives_examples_and_standalone_tags_take_their_lines_with_them() {
    let out = filled(
        "# [PROJECT_NAME]\n\n[[LLM: ask the user first]]\n\n## Goals\n\n@{example}\n- example goal\n@{/example}\n\n<<REPEAT: goal>>\n- {{goal_text}}\n<</REPEAT>>\n",
        "project_name: Atlas\ngoal:\n  - goal_text: Ship\n  - goal_text: Measure\n",
    );
    assert_eq!(out, "# Atlas\n\n## Goals\n\n- Ship\n- Measure\n");
}

#[test]
fn a_loop_item_may_override_an_outer_key_and_otherwise_inherits_it() {
    let out = filled(
        "Version [VERSION]\n\n<<REPEAT: part>>\n- {{name}} {{version}}\n<</REPEAT>>\n",
        "version: '2.0'\npart:\n  - name: api\n    version: '1.4'\n  - name: web\n",
    );
    assert_eq!(out, "Version 2.0\n\n- api 1.4\n- web 2.0\n");
}

#[test]
fn values_in_table_cells_keep_the_row_whole() {
    let out = filled(
        "| Command | Notes |\n|---|---|\n| [CMD_NAME] | [NOTES] |\n\n[NOTES]\n",
        "cmd_name: a|b\nnotes: |\n  one\n  two\n",
    );
    assert_eq!(
        out,
        "| Command | Notes |\n|---|---|\n| a\\|b | one<br>two |\n\none\ntwo\n"
    );
}

#[test]
fn a_finding_in_the_output_maps_back_to_the_template_line() {
    let t = template("<<REPEAT: s>>\n- {{x}}\n<</REPEAT>>\n\nSigned: ________\n");
    let f = fill(&t, &vals("s:\n  - x: a\n  - x: b\n  - x: c\n"), false).expect("fills");
    let d = f
        .diags
        .iter()
        .find(|d| d.rule == "placeholder")
        .expect("the blank is reported");
    assert_eq!((d.start().line, d.start().column), (5, 9));
}

#[test]
fn hostile_templates_never_panic() {
    let nested = "{{#each a}}".repeat(300) + &"{{/each}}".repeat(200);
    let cases = [
        "",
        "{{",
        "{{#each}}",
        "{{#each a}}",
        "{{/each}}",
        "{{else}}",
        "<<REPEAT:",
        "<<REPEAT: >>",
        "<</REPEAT>>",
        "^^CONDITION:^^",
        "^^/CONDITION^^",
        "@{example",
        "@{example:",
        "@{/example}",
        "[[LLM:",
        "[",
        "[X_Y",
        "{x_y",
        "é[É_X]ü{{é}}Ã",
        "\r\n[A_B]\r\n",
        "| [A_B] |\n|---|\n|",
        "{{this}}",
        "{{#if @last}}x{{/if}}",
        "```\n{{a}}\n",
        &nested,
    ];
    for text in cases {
        let file = Arc::new(SourceFile::new("t.md", text.to_string()));
        if let Ok(t) = Template::parse(file) {
            let _ = super::skeleton::yaml(&[&t]);
            let _ = super::skeleton::schema(&[&t]);
            let _ = fill(&t, &vals("{}"), true);
        }
    }
}

#[test]
fn numbers_are_inserted_as_written() {
    let out = filled("v[VERSION] x[RATIO]\n", "version: 1.10\nratio: 1e3\n");
    assert_eq!(out, "v1.10 x1e3\n");
}

#[test]
fn handlebars_loops_in_a_bash_block_see_items_indexes_and_outer_keys() {
    let out = filled(
        "```bash\n{{#each components}}\ninstall {{this.name}} --into {{../app_name}} # {{@index}}{{#if @last}} last{{/if}}\n{{/each}}\n```\n\nApp: {{app_name}}\n",
        "app_name: atlas\ncomponents:\n  - name: ledger\n  - name: web\n",
    );
    assert_eq!(
        out,
        "```bash\ninstall ledger --into atlas # 0\ninstall web --into atlas # 1 last\n```\n\nApp: atlas\n"
    );
}

#[test]
fn slots_inside_a_switched_off_block_need_no_value() {
    let text =
        "# [PROJECT_NAME]\n\n^^CONDITION: has_ui^^\n## UI\n\n[UX_VISION]\n^^/CONDITION: has_ui^^\n";
    assert_eq!(filled(text, "project_name: A\nhas_ui: false\n"), "# A\n");
    let t = template(text);
    let errors =
        fill(&t, &vals("project_name: A\nhas_ui: true\n"), false).expect_err("needs ux_vision");
    assert!(errors[0].message.contains("ux_vision"), "{errors:#?}");
}
