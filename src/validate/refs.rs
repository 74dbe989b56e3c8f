//! Duplicate ids and dangling references.

use std::collections::{BTreeSet, HashMap};

use super::{Ctx, ALL, LEAD};
use crate::spec::{Id, RawSpec};
use crate::suggest::did_you_mean;

/// What a reference may name besides the ids of its kind.
#[derive(Clone, Copy, PartialEq)]
enum Extra {
    None,
    Lead,
    LeadOrAll,
}

struct Names<'a> {
    kind: &'static str,
    ids: BTreeSet<&'a str>,
}

impl<'a> Names<'a> {
    /// Collects the ids of a list, reporting duplicates at the second one.
    fn collect(
        ctx: &mut Ctx<'_>,
        kind: &'static str,
        base: &str,
        field: &str,
        ids: impl Iterator<Item = &'a str>,
    ) -> Self {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, id) in ids.enumerate() {
            if let Some(first) = seen.insert(id, i) {
                let first_at = ctx.file.line_col(
                    ctx.spans
                        .value_span(&format!("{base}/{first}/{field}"))
                        .start,
                );
                ctx.error(
                    &format!("{base}/{i}/{field}"),
                    "duplicate-id",
                    format!("duplicate {kind} {field} `{id}`"),
                )
                .help = Some(format!(
                    "`{id}` is already used at line {}; {field}s must be unique",
                    first_at.line
                ));
                seen.insert(id, first);
            }
        }
        Names {
            kind,
            ids: seen.into_keys().collect(),
        }
    }

    fn check(&self, ctx: &mut Ctx<'_>, pointer: impl FnOnce() -> String, id: &str, extra: Extra) {
        if self.ids.contains(id)
            || (extra != Extra::None && id == LEAD)
            || (extra == Extra::LeadOrAll && id == ALL)
        {
            return;
        }
        let d = ctx.error(
            &pointer(),
            "unknown-reference",
            format!("unknown {} `{id}`", self.kind),
        );
        let mut candidates: Vec<&str> = self.ids.iter().copied().collect();
        if extra != Extra::None {
            candidates.push(LEAD);
        }
        d.help = Some(match did_you_mean(id, candidates.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None if self.ids.is_empty() => format!("the spec defines no {}s", self.kind),
            None => format!("known {}s: {}", self.kind, candidates.join(", ")),
        });
    }

    fn check_all(&self, ctx: &mut Ctx<'_>, base: impl Fn() -> String, ids: &[Id], extra: Extra) {
        for (j, id) in ids.iter().enumerate() {
            self.check(ctx, || format!("{}/{j}", base()), id.as_str(), extra);
        }
    }
}

pub(super) fn check(ctx: &mut Ctx<'_>, spec: &RawSpec) {
    let agents = Names::collect(
        ctx,
        "agent",
        "/agents",
        "id",
        spec.agents.iter().map(|a| a.id.as_str()),
    );
    for (i, a) in spec.agents.iter().enumerate() {
        if a.id.as_str() == LEAD || a.id.as_str() == ALL {
            ctx.error(
                &format!("/agents/{i}/id"),
                "reserved-id",
                format!("`{}` is reserved", a.id),
            )
            .help = Some(
                "`lead` names the lead orchestrator and `all` every agent; pick another id".into(),
            );
        }
    }
    Names::collect(
        ctx,
        "agent",
        "/agents",
        "name",
        spec.agents.iter().filter_map(|a| a.name.as_deref()),
    );
    let tasks = Names::collect(
        ctx,
        "task",
        "/tasks",
        "id",
        spec.tasks.iter().map(|t| t.id.as_str()),
    );
    let phases_list = spec.phases.as_deref().unwrap_or_default();
    let phases = Names::collect(
        ctx,
        "phase",
        "/phases",
        "id",
        phases_list.iter().map(|p| p.id.as_str()),
    );
    let gates = Names::collect(
        ctx,
        "quality gate",
        "/quality/gates",
        "id",
        spec.quality.gates.iter().map(|g| g.id.as_str()),
    );
    Names::collect(
        ctx,
        "risk",
        "/risks",
        "id",
        spec.risks.iter().map(|r| r.id.as_str()),
    );
    Names::collect(
        ctx,
        "stream",
        "/streams",
        "id",
        spec.streams.iter().map(|s| s.id.as_str()),
    );

    for (i, a) in spec.agents.iter().enumerate() {
        if let Some(deps) = &a.depends_on {
            agents.check_all(ctx, || format!("/agents/{i}/depends_on"), deps, Extra::Lead);
        }
    }
    for (i, t) in spec.tasks.iter().enumerate() {
        let p = format!("/tasks/{i}");
        agents.check(ctx, || format!("{p}/agent"), t.agent.as_str(), Extra::Lead);
        agents.check_all(
            ctx,
            || format!("{p}/supporting"),
            &t.supporting,
            Extra::Lead,
        );
        tasks.check_all(
            ctx,
            || format!("{p}/depends_on"),
            &t.depends_on,
            Extra::None,
        );
        gates.check_all(
            ctx,
            || format!("{p}/quality_gates"),
            &t.quality_gates,
            Extra::None,
        );
        if let Some(ph) = &t.phase {
            phases.check(ctx, || format!("{p}/phase"), ph.as_str(), Extra::None);
        }
    }
    for (i, ph) in phases_list.iter().enumerate() {
        agents.check_all(
            ctx,
            || format!("/phases/{i}/participants"),
            &ph.participants,
            Extra::LeadOrAll,
        );
        for (j, d) in ph.deliverables.iter().enumerate() {
            if let Some(a) = &d.agent {
                agents.check(
                    ctx,
                    || format!("/phases/{i}/deliverables/{j}/agent"),
                    a.as_str(),
                    Extra::Lead,
                );
            }
        }
    }
    for (i, s) in spec.streams.iter().enumerate() {
        tasks.check_all(ctx, || format!("/streams/{i}/tasks"), &s.tasks, Extra::None);
    }
    for (i, c) in spec.coordination_patterns.iter().flatten().enumerate() {
        agents.check_all(
            ctx,
            || format!("/coordination_patterns/{i}/agents"),
            &c.agents,
            Extra::LeadOrAll,
        );
    }
    for (i, p) in spec.communication.protocols.iter().enumerate() {
        agents.check_all(
            ctx,
            || format!("/communication/protocols/{i}/participants"),
            &p.participants,
            Extra::LeadOrAll,
        );
    }
    for (i, f) in spec.communication.information_sharing.iter().enumerate() {
        let p = format!("/communication/information_sharing/{i}");
        agents.check(
            ctx,
            || format!("{p}/source"),
            f.source.as_str(),
            Extra::Lead,
        );
        agents.check_all(ctx, || format!("{p}/targets"), &f.targets, Extra::LeadOrAll);
    }
    for (i, s) in spec.resources.scenarios.iter().enumerate() {
        agents.check(
            ctx,
            || format!("/resources/scenarios/{i}/agent"),
            s.agent.as_str(),
            Extra::Lead,
        );
    }
    for (i, g) in spec.quality.gates.iter().enumerate() {
        agents.check(
            ctx,
            || format!("/quality/gates/{i}/agent"),
            g.agent.as_str(),
            Extra::Lead,
        );
    }
    for (i, r) in spec.risks.iter().enumerate() {
        agents.check(
            ctx,
            || format!("/risks/{i}/owner"),
            r.owner.as_str(),
            Extra::Lead,
        );
    }
    check_workflow(ctx, spec);
}

fn check_workflow(ctx: &mut Ctx<'_>, spec: &RawSpec) {
    let roles = Names {
        kind: "role",
        ids: spec.agent_roles.keys().map(String::as_str).collect(),
    };
    if let Some(wf) = &spec.workflow {
        let iters = Names::collect(
            ctx,
            "iteration",
            "/workflow/iterations",
            "name",
            wf.iterations.iter().map(|it| it.name.as_str()),
        );
        for (i, it) in wf.iterations.iter().enumerate() {
            iters.check_all(
                ctx,
                || format!("/workflow/iterations/{i}/dependencies"),
                &it.dependencies,
                Extra::None,
            );
            for (j, a) in it.agents.iter().enumerate() {
                roles.check(
                    ctx,
                    || format!("/workflow/iterations/{i}/agents/{j}/role"),
                    &a.role,
                    Extra::None,
                );
            }
        }
        task_iterations(ctx, spec, wf, &iters);
    } else {
        for (i, t) in spec.tasks.iter().enumerate() {
            if t.iteration.is_some() {
                ctx.error(
                    &format!("/tasks/{i}/iteration"),
                    "unknown-reference",
                    "the task names an iteration, but the spec has no `workflow`".into(),
                )
                .help = Some("remove `iteration`, or add the `workflow` it belongs to".into());
            }
        }
    }
    for (role, r) in &spec.agent_roles {
        for (j, dep) in r.dependencies.iter().enumerate() {
            roles.check(
                ctx,
                || {
                    format!(
                        "/agent_roles/{}/dependencies/{j}",
                        crate::spec::spans::escape_token(role)
                    )
                },
                dep,
                Extra::None,
            );
        }
    }
    for role in spec.templates.keys() {
        if !roles.ids.contains(role.as_str()) {
            let p = format!("/templates/{}", crate::spec::spans::escape_token(role));
            let span = ctx.spans.key_span(&p);
            let d = crate::diagnostics::Diagnostic::warning(
                ctx.file,
                span,
                "unknown-reference",
                format!("template for unknown role `{role}`"),
            );
            let d = match did_you_mean(role, roles.ids.iter().copied()) {
                Some(s) => d.with_help(format!("did you mean `{s}`?")),
                None => d.with_help("template keys are role names from `agent_roles`"),
            };
            ctx.diags.push(d);
        }
    }
}

/// `tasks[].iteration` names an iteration; `tasks[].role` a role of it; a
/// linked task takes its deliverables from the iteration, so a
/// `deliverable` of its own is a second, conflicting set of paths.
fn task_iterations(
    ctx: &mut Ctx<'_>,
    spec: &RawSpec,
    wf: &crate::spec::Workflow,
    iters: &Names<'_>,
) {
    for (i, t) in spec.tasks.iter().enumerate() {
        let p = format!("/tasks/{i}");
        let Some(name) = &t.iteration else {
            if t.role.is_some() {
                ctx.error(
                    &format!("{p}/role"),
                    "unknown-reference",
                    "`role` needs `iteration`: it picks that iteration's allocations".into(),
                )
                .help = Some("add `iteration: <name>` or remove `role`".into());
            }
            continue;
        };
        iters.check(ctx, || format!("{p}/iteration"), name.as_str(), Extra::None);
        let Some(it) = wf.iterations.iter().find(|it| it.name == *name) else {
            continue;
        };
        if let Some(role) = &t.role {
            let in_it: Vec<&str> = it.agents.iter().map(|a| a.role.as_str()).collect();
            if !in_it.contains(&role.as_str()) {
                ctx.error(
                    &format!("{p}/role"),
                    "unknown-reference",
                    format!("iteration `{name}` has no agent of role `{role}`"),
                )
                .help = Some(format!("roles of `{name}`: {}", in_it.join(", ")));
            }
        }
        if t.deliverable.is_some() {
            ctx.warning(
                &format!("{p}/deliverable"),
                "conflicting-deliverables",
                format!(
                    "task `{}` delivers what iteration `{name}` plans; its own `deliverable` is ignored",
                    t.id
                ),
            )
            .help = Some("remove `deliverable`: the iteration's planned paths are used everywhere".into());
        }
    }
}
