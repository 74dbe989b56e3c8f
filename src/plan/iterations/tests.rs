//! Allocation over in-memory listings: ordering, matching planned
//! deliverables, splitting, naming, budgets and the errors.

use serde_json::json;

use super::*;
use crate::spec::RawSpec;

fn spec(v: serde_json::Value) -> RawSpec {
    serde_json::from_value(v).unwrap()
}

fn role(budget: u64, threshold: u64) -> serde_json::Value {
    json!({"perspective": "P", "token_budget": budget, "complexity_threshold": threshold})
}

/// Seed 002's configuration block, as JSON.
fn seed() -> RawSpec {
    spec(json!({
        "workflow": {"name": "user-story-refinement", "iterations": [
            {"name": "requirements-analysis", "goal": "g", "agents": [
                {"role": "product_analyst", "targets": ["stories/*.md"], "deliverables": ["stories/{story_id}/requirements.md"], "complexity_per_target": 3}]},
            {"name": "technical-design", "goal": "g", "dependencies": ["requirements-analysis"], "agents": [
                {"role": "developer", "targets": ["stories/*/requirements.md"],
                 "deliverables": ["stories/{story_id}/technical-design.md", "stories/{story_id}/test-plan.md"], "complexity_per_target": 5}]}
        ]},
        "agent_roles": {"product_analyst": role(30000, 10), "developer": role(50000, 5)}
    }))
}

fn run(s: &RawSpec, files: &[&str], unmatched: Severity) -> Allocated {
    let listing = RootListing::of(files.iter().copied());
    let root = RootInfo {
        listing: &listing,
        display: "root",
        unmatched,
    };
    allocate(s.workflow.as_ref().unwrap(), &s.agent_roles, &root)
}

fn stories(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("stories/s{i}.md")).collect()
}

#[test]
fn seed_002_later_iterations_target_the_deliverables_of_earlier_ones() {
    let s = seed();
    let a = run(
        &s,
        &["stories/login.md", "stories/checkout.md", "README.md"],
        Severity::Error,
    );
    assert!(a.findings.is_empty(), "{:?}", a.findings);
    let [first, second] = &a.iterations[..] else {
        panic!()
    };
    assert_eq!(
        (first.dir.as_str(), second.dir.as_str()),
        (
            "iterations/01-requirements-analysis",
            "iterations/02-technical-design"
        )
    );
    let pa = &first.allocations[0];
    assert_eq!(pa.agent, "product_analyst");
    assert_eq!(pa.targets, ["stories/checkout.md", "stories/login.md"]);
    assert_eq!(
        pa.deliverables
            .iter()
            .map(|d| d.path.as_str())
            .collect::<Vec<_>>(),
        [
            "stories/checkout/requirements.md",
            "stories/login/requirements.md"
        ]
    );
    assert_eq!((pa.complexity, pa.tokens, pa.risk), (6, 6000, Risk::Low));
    let dev = &second.allocations[0];
    assert_eq!(
        dev.targets,
        [
            "stories/checkout/requirements.md",
            "stories/login/requirements.md"
        ]
    );
    assert_eq!(
        dev.deliverables
            .iter()
            .map(|d| d.path.as_str())
            .collect::<Vec<_>>(),
        [
            "stories/checkout/technical-design.md",
            "stories/checkout/test-plan.md",
            "stories/login/technical-design.md",
            "stories/login/test-plan.md"
        ]
    );
}

#[test]
fn iterations_run_in_dependency_order_whatever_the_spec_order() {
    let mut s = seed();
    s.workflow.as_mut().unwrap().iterations.reverse();
    let a = run(&s, &["stories/a.md"], Severity::Error);
    let names: Vec<&str> = a.iterations.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["requirements-analysis", "technical-design"]);
    assert_eq!(a.iterations[0].index, 1);
    assert_eq!(
        a.iterations[1].allocations[0].targets,
        ["stories/a/requirements.md"]
    );
}

#[test]
fn unmatched_globs_take_the_callers_severity_and_name_the_glob() {
    let a = run(&seed(), &[], Severity::Warning);
    assert_eq!(a.findings.len(), 2);
    assert!(a
        .findings
        .iter()
        .all(|f| f.severity == Severity::Warning && f.rule == "unmatched-target"));
    assert_eq!(
        a.findings[0].pointer,
        "/workflow/iterations/0/agents/0/targets/0"
    );
    assert_eq!(
        a.findings[0].message,
        "target `stories/*.md` matches no file under `root`"
    );
    assert!(a.findings[1]
        .message
        .contains("no deliverable planned by `requirements-analysis`"));
    assert!(
        a.iterations.iter().all(|i| i.allocations.is_empty()),
        "no targets, no allocation"
    );
    let a = run(&seed(), &[], Severity::Error);
    assert!(a.findings.iter().all(|f| f.severity == Severity::Error));
}

#[test]
fn a_role_over_its_threshold_is_split_into_numbered_balanced_agents() {
    let s = seed();
    let files = stories(12);
    let a = run(
        &s,
        &files.iter().map(String::as_str).collect::<Vec<_>>(),
        Severity::Error,
    );
    let devs = &a.iterations[1].allocations;
    let names: Vec<&str> = devs.iter().map(|d| d.agent.as_str()).collect();
    assert_eq!(names, ["developer-1", "developer-2", "developer-3"]);
    assert_eq!(
        devs.iter().map(|d| d.targets.len()).collect::<Vec<_>>(),
        [4, 4, 4]
    );
    assert_eq!(
        devs[0].targets[0], "stories/s1/requirements.md",
        "natural order: s1, s2, ... s10"
    );
    assert_eq!(devs[0].targets[1], "stories/s2/requirements.md");
    assert_eq!((devs[2].part, devs[2].parts), (3, 3));
    assert_eq!(
        a.iterations[0].allocations.len(),
        2,
        "12 stories over a threshold of 10"
    );
}

#[test]
fn an_entry_without_targets_is_one_allocation_of_one_unit() {
    let s = spec(json!({
        "workflow": {"name": "w", "tokens_per_point": 250, "iterations": [
            {"name": "design", "goal": "g", "agents": [{"role": "architect", "targets": [], "deliverables": ["oauth2-design.md"], "complexity_per_target": 8}]}]},
        "agent_roles": {"architect": role(2000, 1)}
    }));
    let a = run(&s, &[], Severity::Error);
    assert!(a.findings.is_empty());
    let al = &a.iterations[0].allocations[0];
    assert!(al.targets.is_empty());
    assert_eq!(
        al.deliverables,
        [Deliverable {
            path: "oauth2-design.md".into(),
            target: None,
            pattern: 0
        }]
    );
    assert_eq!(
        (al.complexity, al.tokens, al.risk),
        (8, 2000, Risk::High),
        "a budget exactly met is high, not over"
    );
}

#[test]
fn one_huge_target_over_budget_is_a_warning_at_its_complexity() {
    let s = spec(json!({
        "workflow": {"name": "w", "iterations": [
            {"name": "review", "goal": "g", "agents": [{"role": "dev", "targets": ["src/big.rs"], "deliverables": ["reviews/{stem}.md"], "complexity_per_target": 80}]}]},
        "agent_roles": {"dev": role(50000, 1)}
    }));
    let a = run(&s, &["src/big.rs"], Severity::Error);
    let al = &a.iterations[0].allocations[0];
    assert_eq!((al.agent.as_str(), al.risk), ("dev", Risk::OverBudget));
    assert_eq!(al.deliverables[0].path, "reviews/big.md");
    let [f] = &a.findings[..] else {
        panic!("{:?}", a.findings)
    };
    assert_eq!((f.severity, f.rule), (Severity::Warning, "over-budget"));
    assert_eq!(
        f.pointer,
        "/workflow/iterations/0/agents/0/complexity_per_target"
    );
    assert!(
        f.message.contains(
            "80,000 tokens (80 points × 1,000), over the `dev` token budget of 50,000 (ratio 1.60)"
        ),
        "{}",
        f.message
    );
}

#[test]
fn two_agents_planning_the_same_deliverable_is_an_error() {
    let s = spec(json!({
        "workflow": {"name": "w", "iterations": [
            {"name": "review", "goal": "g", "agents": [{"role": "dev", "targets": ["src/*.rs"], "deliverables": ["reviews/summary.md"]}]}]},
        "agent_roles": {"dev": role(50000, 1)}
    }));
    let a = run(&s, &["src/a.rs", "src/b.rs"], Severity::Error);
    let [f] = &a.findings[..] else {
        panic!("{:?}", a.findings)
    };
    assert_eq!(
        (f.severity, f.rule),
        (Severity::Error, "duplicate-deliverable")
    );
    assert_eq!(f.pointer, "/workflow/iterations/0/agents/0/deliverables/0");
    assert!(
        f.message
            .contains("by `dev-1` in iteration `review` and by `dev-2`"),
        "{}",
        f.message
    );
}

#[test]
fn one_agent_keeps_a_shared_deliverable_once() {
    let s = spec(json!({
        "workflow": {"name": "w", "iterations": [
            {"name": "review", "goal": "g", "agents": [{"role": "dev", "targets": ["src/*.rs"], "deliverables": ["reviews/summary.md", "reviews/{stem}.md"]}]}]},
        "agent_roles": {"dev": role(50000, 10)}
    }));
    let a = run(&s, &["src/a.rs", "src/b.rs"], Severity::Error);
    assert!(a.findings.is_empty());
    let paths: Vec<&str> = a.iterations[0].allocations[0]
        .deliverables
        .iter()
        .map(|d| d.path.as_str())
        .collect();
    assert_eq!(
        paths,
        ["reviews/summary.md", "reviews/a.md", "reviews/b.md"]
    );
}

#[test]
fn a_role_in_two_entries_of_one_iteration_is_numbered_across_them() {
    let s = spec(json!({
        "workflow": {"name": "w", "iterations": [
            {"name": "it", "goal": "g", "agents": [
                {"role": "dev", "targets": ["a/*.md"], "deliverables": ["out/a-{stem}.md"]},
                {"role": "dev", "targets": ["b/*.md"], "deliverables": ["out/b-{stem}.md"]}]}]},
        "agent_roles": {"dev": role(50000, 10)}
    }));
    let a = run(&s, &["a/x.md", "b/y.md"], Severity::Error);
    let names: Vec<(&str, usize)> = a.iterations[0]
        .allocations
        .iter()
        .map(|al| (al.agent.as_str(), al.entry))
        .collect();
    assert_eq!(names, [("dev-1", 0), ("dev-2", 1)]);
}

#[test]
fn bad_globs_and_bad_expansions_are_errors_at_their_pattern() {
    let s = spec(json!({
        "workflow": {"name": "w", "iterations": [
            {"name": "it", "goal": "g", "agents": [
                {"role": "dev", "targets": ["a/[x"], "deliverables": []},
                {"role": "dev", "targets": [], "deliverables": ["out/{story_id}.md"]}]}]},
        "agent_roles": {"dev": role(50000, 10)}
    }));
    let a = run(&s, &[], Severity::Warning);
    let rules: Vec<(&str, &str, Severity)> = a
        .findings
        .iter()
        .map(|f| (f.rule, f.pointer.as_str(), f.severity))
        .collect();
    assert_eq!(
        rules,
        [
            (
                "invalid-glob",
                "/workflow/iterations/0/agents/0/targets/0",
                Severity::Error
            ),
            (
                "invalid-deliverable",
                "/workflow/iterations/0/agents/1/deliverables/0",
                Severity::Error
            )
        ]
    );
}

#[test]
fn a_split_role_and_a_literal_role_sharing_a_prompt_file_is_an_error_at_the_literal_role() {
    let s = spec(json!({
        "workflow": {"name": "w", "iterations": [
            {"name": "it", "goal": "g", "agents": [
                {"role": "dev", "targets": ["a/*.md"]},
                {"role": "dev-1", "targets": ["b/*.md"]},
                {"role": "Dev-2", "targets": ["b/*.md"]}]}]},
        "agent_roles": {"dev": role(50000, 1), "dev-1": role(50000, 10), "Dev-2": role(50000, 10)}
    }));
    let a = run(&s, &["a/x.md", "a/y.md", "b/z.md"], Severity::Error);
    let found: Vec<(&str, &str)> = a
        .findings
        .iter()
        .map(|f| (f.rule, f.pointer.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("output-collision", "/workflow/iterations/0/agents/1/role"),
            ("output-collision", "/workflow/iterations/0/agents/2/role"),
        ]
    );
    assert!(a.findings[0]
        .message
        .contains("role `dev` split into 2 agents"));
}

#[test]
fn names_too_long_for_a_file_name_are_errors_at_the_name() {
    let long = "n".repeat(260);
    let s = spec(json!({
        "workflow": {"name": "w", "iterations": [
            {"name": long, "goal": "g", "agents": [{"role": "dev", "targets": []}]},
            {"name": "ok", "goal": "g", "agents": [{"role": "r".repeat(250), "targets": []}]}]},
        "agent_roles": {"dev": role(50000, 1), "r".repeat(250): role(50000, 1)}
    }));
    let a = run(&s, &[], Severity::Error);
    let found: Vec<(&str, &str)> = a
        .findings
        .iter()
        .map(|f| (f.rule, f.pointer.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("name-too-long", "/workflow/iterations/0/name"),
            ("name-too-long", "/workflow/iterations/1/agents/0/role"),
        ]
    );
}

#[test]
fn tokens_per_point_scales_every_estimate() {
    let mut s = seed();
    s.workflow.as_mut().unwrap().tokens_per_point = 2500;
    let a = run(&s, &["stories/a.md", "stories/b.md"], Severity::Error);
    let dev = &a.iterations[1].allocations[0];
    assert_eq!(
        (dev.complexity, dev.tokens, dev.risk),
        (10, 25000, Risk::Low)
    );
    assert_eq!(a.iterations[1].tokens(), 25000);
}

#[test]
fn thousands_are_grouped() {
    assert_eq!(thousands(0), "0");
    assert_eq!(thousands(999), "999");
    assert_eq!(thousands(1000), "1,000");
    assert_eq!(thousands(1234567), "1,234,567");
}
