//! `default-content`: which sections of the compiled documents the spec
//! leaves to a default, and the provenance of every section.
//!
//! In: a [`RawSpec`]. Out: for each section of [`SECTIONS`] whether the
//! spec sets it ([`usage`]); `check` turns every unset one into a warning
//! located at the nearest mapping the spec does write (the parent of the
//! missing key), naming the section and the key that sets it, and the
//! renderer turns the same answers into the provenance appendix and the
//! "default" marks, so both always agree.
//!
//! "Unset" is decided on the typed spec: a key is unset when its value is
//! absent, empty, or equal to the documented default (a spec that copies
//! the default text has not decided anything either). For a text block
//! (`pact.emergency`, ...) each field is judged on its own.

use serde_json::Value;

use super::Ctx;
use crate::spec::RawSpec;

/// Rule id of the warnings.
pub const RULE: &str = "default-content";

/// Which compiled document a section belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Doc {
    Jaegis,
    Pact,
}

impl Doc {
    fn label(self) -> &'static str {
        match self {
            Doc::Jaegis => "JAEGIS framework",
            Doc::Pact => "PACT plan",
        }
    }
}

/// What a section shows when the spec leaves its key unset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhenUnset {
    /// Default text, from the named source (`seed 003`, `planforge`).
    Default(&'static str),
    /// The section states that nothing was agreed.
    Empty,
    /// Computed from the rest of the spec (no warning).
    Computed(&'static str),
    /// Written after execution (no warning before it).
    Pending,
}

/// One section of a compiled document and the spec key behind it.
#[derive(Debug, Clone, Copy)]
pub struct Section {
    /// Stable name for templates (`default_note.<id>`).
    pub id: &'static str,
    pub doc: Doc,
    /// The section's heading.
    pub title: &'static str,
    /// The spec key that sets it, dotted (`pact.parallel`).
    pub key: &'static str,
    /// Only these fields of `key` count (empty: the whole value).
    pub fields: &'static [&'static str],
    /// What the section is made of when the key is set, beyond the key.
    pub also: &'static str,
    pub when_unset: WhenUnset,
}

const fn s(
    id: &'static str,
    doc: Doc,
    title: &'static str,
    key: &'static str,
    when_unset: WhenUnset,
) -> Section {
    Section {
        id,
        doc,
        title,
        key,
        fields: &[],
        also: "",
        when_unset,
    }
}

use Doc::{Jaegis as J, Pact as P};
use WhenUnset::{Computed, Default as Def, Empty, Pending};

/// Every section whose content the spec can set, in document order.
#[rustfmt::skip]
pub const SECTIONS: &[Section] = &[
    Section { also: "computed: agent count, duration, complexity, success probability", ..s("summary", J, "Executive Summary", "project", Computed("agent count, duration, complexity, success probability")) },
    s("overview", J, "Orchestration Overview", "project.overview", Computed("a summary of tasks, agents and duration")),
    s("philosophy", J, "Orchestration Philosophy", "project.philosophy", Def("planforge")),
    s("objectives", J, "Key Orchestration Objectives", "project.objectives", Computed("task count, critical path, gates and risks")),
    Section { also: "computed: tiers, levels, frequencies, dependencies", ..s("agents", J, "Agent Role Matrix", "agents", Computed("from the workflow's iterations")) },
    s("coordination", J, "Coordination Patterns", "coordination_patterns", Def("planforge, participants computed")),
    Section { also: "text: seed 004", ..s("patterns", J, "Adopted Orchestration Patterns", "patterns", Computed("none adopted")) },
    s("phases", J, "Workflow Architecture", "phases", Def("seed 001")),
    Section { also: "computed: order, start, end, critical path", ..s("tasks", J, "Execution Sequence Matrix", "tasks", Computed("from the workflow's iterations")) },
    s("streams", J, "Parallel Execution Streams", "streams", Computed("streams of the task graph")),
    s("channels", J, "Communication Architecture", "communication.channels", Def("planforge")),
    s("protocols", J, "Coordination Protocols", "communication.protocols", Empty),
    s("information_sharing", J, "Information Sharing Framework", "communication.information_sharing", Empty),
    Section { also: "computed: agent capacity", ..s("resources", J, "Resource Allocation Matrix", "resources.allocation", Computed("agent capacity")) },
    s("scenarios", J, "Dynamic Resource Management", "resources.scenarios", Empty),
    s("strategy", J, "Resource Optimization Strategy", "resources.strategy", Def("planforge")),
    s("quality_framework", J, "Quality Framework", "quality.framework", Def("planforge")),
    s("dashboard", J, "Monitoring Dashboard", "quality.dashboard", Empty),
    s("gates", J, "Quality Gates & Checkpoints", "quality.gates", Empty),
    Section { also: "computed: scores and order", ..s("risks", J, "Risk Assessment Matrix", "risks", Empty) },
    s("contingencies", J, "Contingency Scenarios", "contingencies", Empty),
    s("emergency", J, "Emergency Response Procedures", "emergency_procedure", Def("planforge")),
    s("strategies", J, "Optimization Strategies", "optimization.strategies", Empty),
    s("cycle", J, "Continuous Improvement Process", "optimization.improvement_cycle", Def("planforge")),
    Section { fields: &["timeline_tolerance", "satisfaction_target", "criteria"], also: "checklist: seed 000", ..s("success", J, "Orchestration Success Criteria", "success", Def("seed 000")) },
    s("kpis", J, "Performance Dashboard", "success.kpis", Def("seed 001 success metrics")),
    s("approvals", J, "Framework Approval", "governance.approvals", Empty),
    Section { fields: &["change_authority", "review_frequency"], ..s("governance", J, "Governance Framework", "governance", Def("planforge")) },
    Section { fields: &["version", "created_by", "next_review", "distribution"], ..s("document_control", J, "Document Control", "document_control", Def("planforge")) },
    s("ecosystem", P, "Project Context", "project.agent_ecosystem", Computed("agents and roles")),
    s("pact_phases", P, "Implementation Sequence", "phases", Def("seed 001")),
    s("parallel", P, "Parallel Execution Coordination", "pact.parallel", Def("planforge")),
    s("reallocation_triggers", P, "Reallocation Triggers", "pact.reallocation_triggers", Def("seed 003")),
    s("reallocation", P, "Reallocation Process", "pact.reallocation", Def("planforge")),
    s("pact_emergency", P, "Emergency Coordination Protocols", "pact.emergency", Def("planforge")),
    s("validation", P, "Continuous Validation", "pact.validation", Def("planforge")),
    s("peer_review", P, "Peer Review Mechanisms", "pact.peer_review", Def("planforge")),
    s("integration_testing", P, "Integration Testing", "pact.integration_testing", Def("planforge")),
    s("metrics", P, "Metrics and KPIs", "pact.metrics", Def("seed 003, targets computed where the plan has them")),
    s("bottlenecks", P, "Bottleneck Detection", "pact.bottlenecks", Def("planforge")),
    s("pact_optimization", P, "Performance Optimization", "pact.optimization", Def("planforge")),
    s("risk_monitoring", P, "Real-Time Risk Monitoring", "pact.risk_monitoring", Def("planforge")),
    s("risk_response", P, "Risk Response Strategies", "pact.risk_response", Def("planforge")),
    s("communication", P, "Communication Protocols", "pact.communication", Def("planforge")),
    s("pact_gates", P, "Execution Quality Gates", "quality.gates", Empty),
    s("continuous_quality", P, "Continuous Quality Monitoring", "pact.continuous_quality", Def("planforge")),
    s("documentation", P, "Execution Documentation", "pact.documentation", Def("planforge")),
    s("reflection", P, "Reflection", "pact.reflection", Pending),
];

/// How the spec fills one section.
#[derive(Debug, Clone)]
pub struct Use {
    pub section: &'static Section,
    /// Fields of the key left unset when the key is a mapping the spec
    /// partly writes; empty when the whole key is unset or set.
    pub unset_fields: Vec<String>,
    /// The whole key is unset.
    pub unset: bool,
}

impl Use {
    /// The section shows default text (in whole or in part).
    pub fn uses_default(&self) -> bool {
        matches!(self.section.when_unset, Def(_)) && (self.unset || !self.unset_fields.is_empty())
    }

    /// The section's source, as the provenance appendix writes it.
    pub fn source(&self) -> String {
        let sec = self.section;
        let set = format!("spec: `{}`", sec.key);
        let with_also = |base: String| {
            if sec.also.is_empty() {
                base
            } else {
                format!("{base}; {}", sec.also)
            }
        };
        if !self.unset && self.unset_fields.is_empty() {
            return with_also(set);
        }
        let unset = match sec.when_unset {
            Def(from) => format!("default: {from}"),
            Empty => "none agreed".to_string(),
            Computed(what) => format!("computed: {what}"),
            Pending => "pending: recorded after execution".to_string(),
        };
        if self.unset {
            unset
        } else {
            format!(
                "{set} ({}); {unset} for {}",
                "partly",
                code_list(&self.unset_fields)
            )
        }
    }
}

fn code_list(fields: &[String]) -> String {
    fields
        .iter()
        .map(|f| format!("`{f}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn pointer(key: &str) -> String {
    format!("/{}", key.replace('.', "/"))
}

fn is_empty(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::Array(a)) => a.is_empty(),
        Some(Value::Object(o)) => o.is_empty(),
        Some(Value::String(s)) => s.trim().is_empty(),
        _ => false,
    }
}

/// How the spec fills every section of [`SECTIONS`]. `written` says
/// whether the spec's source has a value at a JSON pointer (the
/// [`crate::spec::SpanIndex`] knows): a key the spec does not write is
/// unset even where serde filled in its default.
pub fn usage(spec: &RawSpec, written: &dyn Fn(&str) -> bool) -> Vec<Use> {
    // invariant: RawSpec serializes to JSON (plain data, string keys).
    let actual = serde_json::to_value(spec).unwrap_or(Value::Null);
    let default = serde_json::to_value(RawSpec::default()).unwrap_or(Value::Null);
    SECTIONS
        .iter()
        .map(|section| judge(section, &actual, &default, written))
        .collect()
}

fn judge(
    section: &'static Section,
    actual: &Value,
    default: &Value,
    written: &dyn Fn(&str) -> bool,
) -> Use {
    let p = pointer(section.key);
    let a = actual.pointer(&p);
    let unset = |p: &str, v: Option<&Value>| !written(p) || is_empty(v);
    let mut fields: Vec<String> = section.fields.iter().map(|f| f.to_string()).collect();
    if fields.is_empty() {
        // A text block: judge each of its fields.
        if let Some(Value::Object(dm)) = default.pointer(&p) {
            if !dm.is_empty() && dm.values().all(Value::is_string) {
                fields = dm.keys().cloned().collect();
            }
        }
    }
    if fields.is_empty() || unset(&p, a) {
        return Use {
            section,
            unset_fields: Vec::new(),
            unset: unset(&p, a),
        };
    }
    let total = fields.len();
    let unset_fields: Vec<String> = fields
        .into_iter()
        .filter(|f| unset(&format!("{p}/{f}"), a.and_then(|v| v.get(f))))
        .collect();
    let all = unset_fields.len() == total;
    Use {
        section,
        unset: all,
        unset_fields: if all { Vec::new() } else { unset_fields },
    }
}

/// One warning per spec key a section would have needed, at the nearest
/// mapping the spec writes.
pub(crate) fn check(ctx: &mut Ctx<'_>, spec: &RawSpec) {
    let uses = usage(spec, &|p| ctx.spans.get(p).is_some());
    let mut warned: Vec<&str> = Vec::new();
    for u in &uses {
        let sec = u.section;
        let needs = match sec.when_unset {
            Def(_) => u.uses_default(),
            Empty => u.unset,
            Computed(_) | Pending => false,
        };
        if !needs || warned.contains(&sec.key) {
            continue;
        }
        warned.push(sec.key);
        let titles: Vec<String> = uses
            .iter()
            .filter(|o| o.section.key == sec.key)
            .map(|o| format!("`{}` ({})", o.section.title, o.section.doc.label()))
            .collect();
        let what = match sec.when_unset {
            Def(from) => format!("uses the {from} default"),
            _ => "says that none was agreed".to_string(),
        };
        let (message, at) = if u.unset {
            (
                format!("{} {what}: `{}` is not set", titles.join(" and "), sec.key),
                parent_pointer(ctx, &pointer(sec.key)),
            )
        } else {
            (
                format!(
                    "{} {what} for {}: `{}` leaves them unset",
                    titles.join(" and "),
                    code_list(&u.unset_fields),
                    sec.key
                ),
                pointer(sec.key),
            )
        };
        ctx.warning(&at, RULE, message).help = Some(format!(
            "set `{}` to record what the team decided; `compile --strict` refuses defaults",
            sec.key
        ));
    }
}

/// The nearest ancestor of `pointer` that the spec writes (`""` is the root).
fn parent_pointer(ctx: &Ctx<'_>, pointer: &str) -> String {
    let mut p = pointer;
    while let Some(i) = p.rfind('/') {
        p = &p[..i];
        if p.is_empty() || ctx.spans.get(p).is_some() {
            return p.to_string();
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uses_of(json: &str) -> Vec<Use> {
        let v: serde_json::Value = serde_json::from_str(json).unwrap();
        let spec: RawSpec = serde_json::from_value(v.clone()).unwrap();
        usage(&spec, &|p| v.pointer(p).is_some())
    }

    fn find<'a>(uses: &'a [Use], id: &str) -> &'a Use {
        uses.iter().find(|u| u.section.id == id).unwrap()
    }

    #[test]
    fn an_absent_text_block_is_a_whole_default_and_a_partial_one_names_its_gaps() {
        let uses =
            uses_of(r#"{"pact": {"emergency": {"agent_failure": "Page the on-call engineer"}}}"#);
        let parallel = find(&uses, "parallel");
        assert!(parallel.unset && parallel.uses_default());
        assert_eq!(parallel.source(), "default: planforge");
        let emergency = find(&uses, "pact_emergency");
        assert!(!emergency.unset && emergency.uses_default());
        assert!(emergency
            .unset_fields
            .contains(&"quality_crisis".to_string()));
        assert!(!emergency
            .unset_fields
            .contains(&"agent_failure".to_string()));
        assert!(emergency
            .source()
            .starts_with("spec: `pact.emergency` (partly)"));
    }

    #[test]
    fn a_written_value_is_set_even_when_it_equals_the_default_and_computed_sections_are_no_default()
    {
        let uses = uses_of(
            r#"{"success": {"timeline_tolerance": 10, "satisfaction_target": 4, "criteria": ["Zero data loss"]}, "pact": {"reallocation_triggers": []}}"#,
        );
        assert!(!find(&uses, "success").uses_default());
        assert!(find(&uses, "reallocation_triggers").uses_default());
        let streams = find(&uses, "streams");
        assert!(streams.unset && !streams.uses_default());
        assert_eq!(streams.source(), "computed: streams of the task graph");
        assert_eq!(
            find(&uses, "reflection").source(),
            "pending: recorded after execution"
        );
    }

    #[test]
    fn section_ids_are_unique() {
        let mut ids: Vec<&str> = SECTIONS.iter().map(|s| s.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), SECTIONS.len());
    }
}
