//! `planforge plan`: the computed model every document is rendered from,
//! its JSON schema, and the warnings only the schedule reveals.

use crate::support::{fixtures, planforge, root};

fn plan_json(spec: &str) -> serde_json::Value {
    plan_json_with(spec, &[])
}

fn plan_json_with(spec: &str, extra: &[&str]) -> serde_json::Value {
    let out = planforge()
        .args(["plan", spec, "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn check(spec: &str) -> (i32, String) {
    let out = planforge().args(["check", spec]).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

fn task<'a>(plan: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    plan["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .unwrap_or_else(|| panic!("no task {id}"))
}

#[test]
fn the_committed_plan_schema_is_what_the_types_generate() {
    let committed = std::fs::read_to_string(root().join("schemas/planforge-plan.schema.json"))
        .unwrap_or_default();
    let out = planforge()
        .args(["plan", "--print-schema"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        committed == String::from_utf8(out.stdout).unwrap(),
        "schemas/planforge-plan.schema.json is stale: run `cargo run -- plan --print-schema > schemas/planforge-plan.schema.json`"
    );
}

#[test]
fn every_example_plans_to_json_that_follows_the_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/planforge-plan.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut specs = fixtures("examples", "yaml");
    specs.retain(|p| p.parent() == Some(&root().join("examples")));
    specs.push(root().join("tests/fixtures/seed-002-configuration.yaml"));
    assert!(specs.len() >= 5);
    for spec in specs {
        // Seed 002's block names `stories/*.md` under a root of stories.
        let extra: &[&str] = if spec.ends_with("seed-002-configuration.yaml") {
            &["--root", "tests/fixtures/iterations/seed-root"]
        } else {
            &[]
        };
        let plan = plan_json_with(spec.to_str().unwrap(), extra);
        assert_eq!(plan["version"], 1);
        let errors: Vec<String> = validator
            .iter_errors(&plan)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", spec.display());
        assert!(
            !plan["tasks"].as_array().unwrap().is_empty(),
            "{}: every example yields tasks",
            spec.display()
        );
        let total = plan["project"]["total_minutes"].as_u64().unwrap();
        let latest = plan["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["finish_minute"].as_u64().unwrap())
            .max()
            .unwrap();
        assert_eq!(total, latest, "{}", spec.display());
    }
}

#[test]
fn one_agent_leads_its_unordered_tasks_one_after_another() {
    let plan = plan_json("tests/fixtures/plan/one-agent-three-tasks.yaml");
    assert_eq!(plan["project"]["total_minutes"], 3 * 1440);
    assert_eq!(plan["project"]["unlimited_total_minutes"], 2 * 1440);
    assert_eq!(task(&plan, "T4")["waited_for"]["kind"], "agent");
    assert_eq!(task(&plan, "T4")["waited_for"]["agent"], "a");
    assert_eq!(task(&plan, "T5")["start_minute"], 2 * 1440);
    let a = &plan["agents"][0];
    assert_eq!(a["utilization"], 100.0, "busy 3d of a 3d plan");
    let (code, out) = check("tests/fixtures/plan/one-agent-three-tasks.yaml");
    assert_eq!(code, 0, "a warning, not an error");
    assert!(out.contains("warning[capacity-overrun]"), "{out}");
    assert!(out.contains("`a` (capacity 1, busy 3d)"), "{out}");
    assert!(out.contains(":3:66:"), "located at end_date: {out}");
}

#[test]
fn capacity_three_runs_the_same_tasks_side_by_side() {
    let plan = plan_json("tests/fixtures/plan/three-at-once.yaml");
    assert_eq!(plan["project"]["total_minutes"], 2 * 1440);
    for id in ["T1", "T4", "T5"] {
        assert_eq!(task(&plan, id)["start_minute"], 0, "{id}");
    }
    let (code, out) = check("tests/fixtures/plan/three-at-once.yaml");
    assert_eq!(code, 0);
    assert!(!out.contains("overrun"), "{out}");
}

#[test]
fn an_office_calendar_skips_weekends_and_holidays_and_phases_warn_at_the_phase() {
    let plan = plan_json("tests/fixtures/plan/office-calendar.yaml");
    // Wed 04-01 + 2 days = Thu 04-02; Friday 04-03 is Good Friday.
    assert_eq!(task(&plan, "M1")["finish"], "2026-04-02 17:00");
    assert_eq!(task(&plan, "M2")["start"], "2026-04-06 09:00");
    assert_eq!(task(&plan, "M3")["phase"], "launch", "placed by its start");
    let (code, out) = check("tests/fixtures/plan/office-calendar.yaml");
    assert_eq!(code, 0);
    assert!(
        out.contains(":21:5: warning[phase-overrun]: phase `content` takes 3d"),
        "{out}"
    );
    assert!(
        out.contains("success_probability is set to 95%, but the risks give 70%"),
        "{out}"
    );
}

#[test]
fn the_incident_starts_at_its_start_time_and_tied_chains_are_all_listed() {
    let plan = plan_json("examples/incident-response.yaml");
    assert_eq!(plan["project"]["start"], "2026-04-12 09:40");
    assert_eq!(task(&plan, "I8")["phase"], "follow-up");
    let oauth = plan_json("examples/oauth2-api.yaml");
    let chains = oauth["critical_chains"].as_array().unwrap();
    assert_eq!(chains.len(), 2, "{chains:?}");
    assert!(task(&oauth, "T005")["critical"].as_bool().unwrap());
    // One set of deliverable paths: T006 delivers what the iteration plans.
    assert_eq!(
        task(&oauth, "T006")["deliverables"],
        serde_json::json!([
            "docs/api/authorize.md",
            "docs/api/introspect.md",
            "docs/api/tokens.md"
        ])
    );
}

#[test]
fn a_workflow_only_spec_is_a_real_plan_with_waves() {
    let plan = plan_json("examples/user-story-refinement.yaml");
    assert!(plan["project"]["tasks_from_workflow"].as_bool().unwrap());
    assert!(plan["project"]["total_minutes"].as_u64().unwrap() > 0);
    assert_eq!(plan["agents"].as_array().unwrap().len(), 8);
    let phases: Vec<&str> = plan["phases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(phases[0], "requirements-analysis");
    let oauth = plan_json("examples/oauth2-api.yaml");
    let alloc = &oauth["iterations"][0]["allocations"];
    let writer = alloc
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["role"] == "tech_writer")
        .unwrap();
    assert_eq!(writer["wave"], 2, "tech_writer builds on architect");
    assert_eq!(
        writer["depends_on"],
        serde_json::json!(["architect-1", "architect-2"])
    );
}

#[test]
fn the_table_marks_critical_tasks_and_names_every_chain() {
    let out = planforge()
        .args(["plan", "examples/oauth2-api.yaml"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("T001 → T003 → T004 → T007 → T010"), "{text}");
    assert!(text.contains("T001 → T003 → T005 → T007 → T010"), "{text}");
    assert!(text.contains("T005 *"), "{text}");
}

#[test]
fn an_invalid_spec_prints_its_errors_and_exits_1() {
    let out = planforge()
        .args(["plan", "tests/fixtures/check/invalid/references.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let out = planforge()
        .args(["plan", "no/such/spec.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn seed_002_alone_compiles_to_documents_with_its_agents_and_schedule() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let status = planforge()
        .args([
            "compile",
            "tests/fixtures/seed-002-configuration.yaml",
            "-o",
        ])
        .arg(&out)
        .args(["--root", "tests/fixtures/iterations/seed-root"])
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let jaegis = std::fs::read_to_string(out.join("execution-orchestration-framework.md")).unwrap();
    assert!(!jaegis.contains("Participating Agents**: 0"), "{jaegis}");
    assert!(!jaegis.contains("Execution Duration**: 0m"), "{jaegis}");
    assert!(
        jaegis.contains(": crit, "),
        "the Gantt marks critical tasks"
    );
    assert!(jaegis.contains("### Workflow Iterations"));
    let pact = std::fs::read_to_string(out.join("pact-action-phase.md")).unwrap();
    assert!(
        pact.contains("Sprint/Phase 1: requirements-analysis"),
        "{pact}"
    );
    assert!(
        pact.contains("Workflow iterations, in execution order"),
        "{pact}"
    );
}
