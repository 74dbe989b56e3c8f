//! `planforge plan SPEC [--format table|json]`: print the computed plan
//! every document is rendered from (schedule, slack, critical chains,
//! agent load, phase windows, iteration waves).
//!
//! In: a spec path. Out: the [`PlanModel`] as a table (default) or as JSON
//! (`"version": 1`, schema `schemas/planforge-plan.schema.json`) on
//! stdout; the spec's warnings on stderr. An invalid spec prints its
//! errors and exits 1.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

use crate::cli::Outcome;
use crate::compile::{load_plan_with, LoadOptions};
use crate::diagnostics;
use crate::plan::model::{PlanModel, WaitModel};
use crate::spec;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum PlanFormat {
    /// Aligned text tables.
    Table,
    /// JSON following schemas/planforge-plan.schema.json.
    Json,
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  planforge plan plan.yaml\n  planforge plan plan.yaml --format json | jq '.tasks[] | select(.critical) | .id'\n\n\
Exit codes: 0 printed (warnings allowed), 1 invalid spec, 2 usage or I/O error."
)]
pub struct Args {
    /// The spec to plan.
    #[arg(value_name = "SPEC", required_unless_present = "print_schema")]
    spec: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = PlanFormat::Table)]
    format: PlanFormat,
    /// Directory that iteration targets are relative to (as for `compile`).
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Print the JSON Schema of the `--format json` output and exit.
    #[arg(long, conflicts_with = "format")]
    print_schema: bool,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    if args.print_schema {
        let text = crate::plan::model::plan_schema_text();
        super::pipe::stdout().write_all(text.as_bytes())?;
        return Ok(Outcome::Clean);
    }
    let Some(path) = &args.spec else {
        anyhow::bail!("a SPEC is required");
    };
    let display = path.display().to_string();
    let file = match spec::read_source(path, &display)? {
        Ok(file) => file,
        Err(d) => return report(vec![d], true),
    };
    let load = LoadOptions {
        root: args.root.clone(),
        strict_targets: false,
    };
    let loaded = match load_plan_with(&file, &load) {
        Ok(l) => l,
        Err(diags) => return report(diags, true),
    };
    if !loaded.warnings.is_empty() {
        report(loaded.warnings.clone(), false)?;
    }
    let model = PlanModel::new(&loaded.plan);
    let text = match args.format {
        PlanFormat::Json => {
            let mut t = serde_json::to_string_pretty(&model)?;
            t.push('\n');
            t
        }
        PlanFormat::Table => table(&model),
    };
    super::pipe::stdout().write_all(text.as_bytes())?;
    Ok(Outcome::Clean)
}

fn report(mut diags: Vec<diagnostics::Diagnostic>, failed: bool) -> anyhow::Result<Outcome> {
    diagnostics::sort_and_dedup(&mut diags);
    super::print_human(&diags, 1)?;
    Ok(Outcome::from_failed(failed))
}

/// Rows as columns padded to their widest cell (by characters).
fn columns(out: &mut String, head: &[&str], rows: &[Vec<String>]) {
    let mut width: Vec<usize> = head.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            width[i] = width[i].max(c.chars().count());
        }
    }
    let line = |out: &mut String, cells: Vec<&str>| {
        let n = cells.len();
        for (i, c) in cells.into_iter().enumerate() {
            out.push_str(c);
            if i + 1 < n {
                let pad = width[i] - c.chars().count() + 2;
                out.push_str(&" ".repeat(pad));
            }
        }
        out.push('\n');
    };
    line(out, head.to_vec());
    for r in rows {
        line(out, r.iter().map(String::as_str).collect());
    }
}

fn wait_text(w: &WaitModel) -> String {
    match w {
        WaitModel::Start => "-".into(),
        WaitModel::Dependency { task } => task.clone(),
        WaitModel::Agent { agent, task } => format!("agent {agent} (after {task})"),
    }
}

fn table(m: &PlanModel) -> String {
    let mut out = String::new();
    let p = &m.project;
    let _ = writeln!(out, "{} ({})", p.name, p.id);
    let _ = writeln!(
        out,
        "{} to {}: {} of working time (without agent limits {}); calendar: {}",
        p.start, p.finish, p.total_text, p.unlimited_total_text, p.calendar
    );
    out.push_str("\nTasks\n");
    let rows: Vec<Vec<String>> = m
        .tasks
        .iter()
        .map(|t| {
            vec![
                format!("{}{}", t.id, if t.critical { " *" } else { "" }),
                t.agent.clone(),
                t.phase.clone().unwrap_or_default(),
                t.start.clone(),
                t.finish.clone(),
                t.duration_text.clone(),
                t.slack_text.clone(),
                wait_text(&t.waited_for),
                t.name.clone(),
            ]
        })
        .collect();
    columns(
        &mut out,
        &[
            "id",
            "agent",
            "phase",
            "start",
            "finish",
            "work",
            "slack",
            "waited for",
            "name",
        ],
        &rows,
    );
    out.push_str("(* critical: zero slack)\n\nAgents\n");
    let rows: Vec<Vec<String>> = m
        .agents
        .iter()
        .map(|a| {
            vec![
                a.id.clone(),
                a.capacity.to_string(),
                a.busy_text.clone(),
                format!("{}%", a.utilization),
                a.leads.len().to_string(),
            ]
        })
        .collect();
    columns(
        &mut out,
        &["agent", "capacity", "busy", "utilization", "leads"],
        &rows,
    );
    out.push_str("\nPhases\n");
    let rows: Vec<Vec<String>> = m
        .phases
        .iter()
        .map(|ph| {
            vec![
                ph.id.clone(),
                ph.time_box.clone().unwrap_or_else(|| "-".into()),
                ph.span_text.clone().unwrap_or_else(|| "-".into()),
                match (&ph.start, &ph.finish) {
                    (Some(a), Some(b)) => format!("{a} - {b}"),
                    _ => "-".into(),
                },
                ph.overrun_minutes
                    .map_or("-".into(), |o| format!("{o} min")),
                ph.tasks.len().to_string(),
            ]
        })
        .collect();
    columns(
        &mut out,
        &["phase", "time box", "span", "window", "overrun", "tasks"],
        &rows,
    );
    out.push_str("\nCritical chains\n");
    for c in &m.critical_chains {
        let _ = writeln!(out, "  {}", c.join(" → "));
    }
    if m.critical_chains_truncated {
        out.push_str("  (more chains tie; the first 20 are listed)\n");
    }
    if !m.iterations.is_empty() {
        out.push_str("\nIterations\n");
        for it in &m.iterations {
            let _ = writeln!(out, "  {:02} {}", it.number, it.name);
            for a in &it.allocations {
                let deps = if a.depends_on.is_empty() {
                    String::new()
                } else {
                    format!(" after {}", a.depends_on.join(", "))
                };
                let _ = writeln!(out, "     wave {}: {} ({}){deps}", a.wave, a.agent, a.role);
            }
        }
    }
    out
}
