//! Values that are well-typed but impossible: calendar dates that do not
//! exist, a start after the end, durations too long to schedule, resources
//! allocated beyond their total, paths that leave their directory, role
//! names that cannot name a file.

use super::Ctx;
use crate::spec::{Date, RawSpec};

/// Longest task duration accepted: 10 years, in minutes.
const MAX_MINUTES: u64 = 10 * 366 * 24 * 60;

pub(super) fn check(ctx: &mut Ctx<'_>, spec: &RawSpec) {
    if let Some(p) = &spec.project {
        let plan_date = date(ctx, "/project/date", p.date.as_ref());
        let start = date_or(ctx, "/project/start_date", p.start_date.as_ref(), plan_date);
        let end = date(ctx, "/project/end_date", p.end_date.as_ref());
        if let (Some(s), Some(e)) = (start, end) {
            if e < s {
                ctx.error("/project/end_date", "date-order", format!("end_date {e} is before the start date {s}")).help =
                    Some("the end date must be on or after `start_date` (or `date` when no start date is set)".into());
            }
        }
    }
    for (i, a) in spec.governance.approvals.iter().enumerate() {
        date(
            ctx,
            &format!("/governance/approvals/{i}/date"),
            a.date.as_ref(),
        );
    }
    date(
        ctx,
        "/document_control/last_updated",
        spec.document_control.last_updated.as_ref(),
    );
    date(
        ctx,
        "/document_control/next_review",
        spec.document_control.next_review.as_ref(),
    );
    for (i, t) in spec.tasks.iter().enumerate() {
        if t.duration.minutes() > MAX_MINUTES {
            ctx.error(
                &format!("/tasks/{i}/duration"),
                "out-of-range",
                format!("duration `{}` is longer than ten years", t.duration),
            )
            .help = Some("split the task, or check the unit (`m` is minutes, `w` weeks)".into());
        }
    }
    for (i, r) in spec.resources.allocation.iter().enumerate() {
        let p = format!("/resources/allocation/{i}");
        for (field, v) in [
            ("total", r.total),
            ("allocated", r.allocated),
            ("reserved", r.reserved),
        ] {
            if v < 0.0 {
                ctx.error(
                    &format!("{p}/{field}"),
                    "out-of-range",
                    format!("{field} is {v}, below zero"),
                );
            }
        }
        if r.allocated + r.reserved > r.total {
            ctx.error(
                &format!("{p}/allocated"),
                "over-allocated",
                format!(
                    "`{}`: allocated {} + reserved {} exceeds the total {}",
                    r.name, r.allocated, r.reserved, r.total
                ),
            )
            .help = Some("raise `total` or lower `allocated`/`reserved`".into());
        }
    }
    if let Some(wf) = &spec.workflow {
        for (i, it) in wf.iterations.iter().enumerate() {
            for (j, a) in it.agents.iter().enumerate() {
                let base = format!("/workflow/iterations/{i}/agents/{j}");
                for (k, t) in a.targets.iter().enumerate() {
                    escaping_path(
                        ctx,
                        &format!("{base}/targets/{k}"),
                        t,
                        "target",
                        "the root directory",
                    );
                }
                for (k, d) in a.deliverables.iter().enumerate() {
                    escaping_path(
                        ctx,
                        &format!("{base}/deliverables/{k}"),
                        d,
                        "deliverable path",
                        "the root directory",
                    );
                }
            }
        }
    }
    workflow_names(ctx, spec);
}

/// Role names become file names (`agent-prompts/<role>-agent-prompt.md`)
/// and template paths are read relative to the spec: both must stay put.
fn workflow_names(ctx: &mut Ctx<'_>, spec: &RawSpec) {
    let id = regex::Regex::new(crate::spec::Id::PATTERN).ok();
    for role in spec.agent_roles.keys() {
        if id.as_ref().is_some_and(|re| !re.is_match(role)) {
            let p = crate::spec::spans::push_pointer("/agent_roles", role);
            let span = ctx.spans.key_span(&p);
            ctx.diags.push(
                crate::diagnostics::Diagnostic::error(
                    ctx.file,
                    span,
                    "invalid-name",
                    format!("role name `{role}` cannot be used in a file name"),
                )
                .with_help(
                    "use letters, digits, `_`, `-` and `.`, starting with a letter or digit",
                ),
            );
        }
    }
    for (role, path) in &spec.templates {
        let p = crate::spec::spans::push_pointer("/templates", role);
        escaping_path(ctx, &p, path, "template path", "the spec's directory");
    }
}

fn date(ctx: &mut Ctx<'_>, pointer: &str, d: Option<&Date>) -> Option<chrono::NaiveDate> {
    let d = d?;
    let parsed = d.parse();
    if parsed.is_none() {
        ctx.error(
            pointer,
            "invalid-date",
            format!("`{d}` is not a calendar date"),
        )
        .help = Some("check the month (01–12) and the day of the month".into());
    }
    parsed
}

fn date_or(
    ctx: &mut Ctx<'_>,
    pointer: &str,
    d: Option<&Date>,
    fallback: Option<chrono::NaiveDate>,
) -> Option<chrono::NaiveDate> {
    match d {
        Some(_) => date(ctx, pointer, d),
        None => fallback,
    }
}

/// Whether a relative path pattern could leave its base directory.
pub fn escapes(path: &str) -> bool {
    let p = path.replace('\\', "/");
    p.starts_with('/')
        || p.as_bytes().get(1) == Some(&b':')
        || p.split('/').any(|c| c == "..")
        || p.starts_with('~')
}

fn escaping_path(ctx: &mut Ctx<'_>, pointer: &str, path: &str, what: &str, base: &str) {
    if escapes(path) {
        ctx.error(
            pointer,
            "path-escape",
            format!("{what} `{path}` would leave {base}"),
        )
        .help = Some("use a relative path without `..` components".into());
    }
}

#[cfg(test)]
mod tests {
    use super::escapes;

    #[test]
    fn parent_components_and_absolute_paths_escape() {
        for p in [
            "../x",
            "a/../../b",
            "/etc/passwd",
            "C:\\x",
            "~/x",
            "a\\..\\b",
        ] {
            assert!(escapes(p), "{p}");
        }
        for p in ["stories/{story_id}/requirements.md", "a..b/c", ".hidden/x"] {
            assert!(!escapes(p), "{p}");
        }
    }
}
