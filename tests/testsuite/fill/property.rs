//! Property: for any template built from the dialects' pieces, filling
//! every slot of its skeleton gives a document lint finds nothing in.
//! Templates come from a small deterministic generator (a fixed-seed
//! xorshift), so a failure reproduces and names its case number.

use std::sync::Arc;

use planforge::diagnostics::SourceFile;
use planforge::fill::{fill, skeleton, values, Template};

use super::seeds::{assert_lint_clean, complete};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const NAMES: &[&str] = &[
    "PROJECT_NAME",
    "OWNER_NAME",
    "RELEASE_VERSION",
    "TARGET_DATE",
    "AGENT_ROLE",
    "GATE_NAME",
    "SUCCESS_CRITERIA",
    "RISK_OWNER",
    "BUDGET_TOTAL",
    "TEAM_LEAD",
];
const LABELS: &[&str] = &[
    "Work Isolation",
    "Rollback Plan",
    "Escalation Path",
    "Review Cadence",
];

fn lower(upper: &str) -> String {
    upper.to_lowercase()
}

fn title(upper: &str) -> String {
    upper
        .split('_')
        .map(|w| format!("{}{}", &w[..1], w[1..].to_lowercase()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One piece of template in one of the dialects.
fn piece(rng: &mut Rng, i: usize) -> String {
    let n = rng.pick(NAMES);
    match rng.next() % 12 {
        0 => format!("## Section {i}: [{n}]\n\n"),
        1 => format!("**{}**: [{n}]\n\n", title(n)),
        2 => format!("- **{}**: [Describe how the team handles case {i} in detail]\n\n", rng.pick(LABELS)),
        3 => format!("[Provide the background for part {i} of the plan, with sources]\n\n"),
        4 => format!("- [Objective {i}: Specific, measurable goal]\n\n"),
        5 => format!("<<REPEAT: item_{i}>>\n### {{{{entry_title_{i}}}}}\n\n- Owner: [{n}]\n- Notes: {{{{entry_notes_{i}}}}}\n\n<</REPEAT>>\n\n"),
        6 => format!("^^CONDITION: flag_{i}^^\nThis applies when {{{{{}}}}} is set.\n^^/CONDITION: flag_{i}^^\n\n", lower(n)),
        7 => format!("```bash\nAPP=\"{{{{{}}}}}\"\n{{{{#each list_{i}}}}}\ninstall \"{{{{this}}}}\"{{{{#unless @last}}}} &&{{{{/unless}}}}\n{{{{/each}}}}\n```\n\n", lower(n)),
        8 => format!("| Field | Value |\n|-------|-------|\n| {} | [{n}] |\n| Extra {i} | {{{{Extra Value {i}}}}} |\n\n", title(n)),
        9 => format!("[[LLM: Ask the user about part {i} before writing it. Mention [{n}].]]\n\n"),
        10 => format!("@{{example}}\n- An example of part {i}\n@{{/example}}\n\nSee {{{}}} for details.\n\n", lower(n)),
        _ => format!("{{{{#if show_{i}}}}}\nShown: {{{}}}\n{{{{else}}}}\nHidden part {i}.\n{{{{/if}}}}\n\n", lower(n)),
    }
}

fn template_text(rng: &mut Rng, case: usize) -> String {
    let mut text = format!("# {{{{Project Name}}}} Plan {case}\n\n");
    let pieces = 3 + (rng.next() % 8) as usize;
    for i in 0..pieces {
        text.push_str(&piece(rng, i));
    }
    text
}

#[test]
fn filling_every_slot_of_the_skeleton_leaves_nothing_for_lint() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for case in 0..300 {
        let text = template_text(&mut rng, case);
        let file = Arc::new(SourceFile::new(format!("case-{case}.md"), text.clone()));
        let t = Template::parse(file)
            .unwrap_or_else(|d| panic!("case {case} does not parse: {d:#?}\n{text}"));
        let skel = skeleton::yaml(&[&t]);
        let completed = complete(&skel);
        let vfile = Arc::new(SourceFile::new("values.json", completed.to_string()));
        let vals = values::load(&vfile).expect("completed skeleton loads");
        let filled = fill(&t, &vals, false)
            .unwrap_or_else(|d| panic!("case {case}: {d:#?}\n{text}\n{skel}"));
        assert!(
            filled.diags.is_empty(),
            "case {case}: {:#?}\n{text}",
            filled.diags
        );
        assert_lint_clean(&format!("case {case}"), &filled.text);
        if case % 10 == 0 {
            let schema = skeleton::schema(&[&t]);
            let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
            assert!(
                validator.is_valid(&completed),
                "case {case}: schema rejects the completed skeleton"
            );
        }
        let again = fill(&t, &vals, false).expect("fills twice");
        assert_eq!(again.text, filled.text, "case {case}: not deterministic");
    }
}
