//! Mermaid diagrams of the schedule, built from the plan.
//!
//! In: a [`Plan`]. Out: the body of a `gantt` and of a `flowchart` block,
//! and of the iteration dependency `flowchart`.
//! Node ids are generated (`t0`, `t1`, ...), never taken from the spec, and
//! labels are quoted with Mermaid's entity codes for `"`, `#`, `<`, `>`,
//! `&` and backticks, so any task name renders. Charts show at most
//! [`MAX_CHART_TASKS`] tasks (in execution order): larger charts exceed
//! what GitHub renders; the tables always list every task.

use std::collections::HashSet;
use std::fmt::Write as _;

use crate::plan::Plan;

pub const MAX_CHART_TASKS: usize = 150;

/// A label inside `["..."]`.
pub fn label(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '#' => out.push_str("#35;"),
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '`' => out.push_str("#96;"),
            '\r' | '\n' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A gantt task or section title: no `:` (it ends the title), `;` or `#`
/// (statement and comment syntax), no line breaks.
fn gantt_title(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            ':' => '∶',
            ';' => ',',
            '#' => '№',
            '\r' | '\n' | '\t' => ' ',
            c => c,
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// The tasks the charts draw: the first [`MAX_CHART_TASKS`] in execution order.
fn shown_tasks(plan: &Plan) -> Vec<usize> {
    plan.schedule
        .order
        .iter()
        .take(MAX_CHART_TASKS)
        .copied()
        .collect()
}

/// The gantt chart axis: hours for sub-day plans, days up to a quarter,
/// months beyond.
fn axis_format(plan: &Plan) -> &'static str {
    let span = if plan.clock.has_dates() {
        plan.clock.elapsed(plan.schedule.total).unwrap_or(0)
    } else {
        plan.schedule.total
    };
    match (plan.clock.has_dates(), span) {
        (_, s) if s <= 24 * 60 => "%H:%M",
        (true, s) if s <= 92 * 24 * 60 => "%m-%d",
        (true, _) => "%Y-%m",
        (false, _) => "Day %j",
    }
}

/// The gantt chart: one section per phase, tasks at their computed times,
/// critical tasks `crit`, non-working days excluded. Undated plans are
/// drawn from day 1 (`Day 001` on the axis).
pub fn gantt(plan: &Plan) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "gantt");
    let _ = writeln!(
        out,
        "    title {}",
        gantt_title(&format!("Execution sequence of {}", plan.project.name))
    );
    let _ = writeln!(out, "    dateFormat YYYY-MM-DD HH:mm");
    let _ = writeln!(out, "    axisFormat {}", axis_format(plan));
    if plan.clock.has_dates() {
        let mut excludes: Vec<String> = plan
            .clock
            .calendar
            .excluded_weekdays()
            .iter()
            .map(|d| d.to_string())
            .collect();
        excludes.extend(
            plan.clock
                .holidays_until(plan.schedule.total)
                .iter()
                .map(|d| d.to_string()),
        );
        if !excludes.is_empty() {
            let _ = writeln!(out, "    excludes {}", excludes.join(", "));
        }
    }
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0));
    let offset = |m: u64| {
        epoch.and_then(|e| e.checked_add_signed(chrono::TimeDelta::try_minutes(m as i64)?))
    };
    let fmt = |t: Option<chrono::NaiveDateTime>| {
        t.map(|t| t.format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default()
    };
    let at = |m: u64| fmt(plan.clock.datetime(m).or_else(|| offset(m)));
    let until = |m: u64| fmt(plan.clock.finish_datetime(m).or_else(|| offset(m)));
    let shown: HashSet<usize> = shown_tasks(plan).into_iter().collect();
    for phase in &plan.phases {
        let tasks: Vec<usize> = phase
            .tasks
            .iter()
            .copied()
            .filter(|t| shown.contains(t))
            .collect();
        if tasks.is_empty() {
            continue;
        }
        let _ = writeln!(out, "    section {}", gantt_title(&phase.name));
        for t in tasks {
            let task = &plan.tasks[t];
            let (s, f) = (plan.schedule.start[t], plan.schedule.finish[t]);
            let tag = match (plan.schedule.critical[t], s == f) {
                (_, true) => "milestone, ",
                (true, false) => "crit, ",
                _ => "",
            };
            let _ = writeln!(
                out,
                "    {} : {tag}t{t}, {}, {}",
                gantt_title(&format!("{} {}", task.id, task.name)),
                at(s),
                until(f)
            );
        }
    }
    out
}

/// The dependency flowchart, critical tasks and the links between them
/// highlighted.
pub fn flowchart(plan: &Plan) -> String {
    let mut out = String::from("flowchart LR\n");
    let shown = shown_tasks(plan);
    let visible: HashSet<usize> = shown.iter().copied().collect();
    for &t in &shown {
        let task = &plan.tasks[t];
        let _ = writeln!(
            out,
            "    t{t}[\"{}\"]",
            label(&format!("{}: {}", task.id, task.name))
        );
    }
    let s = &plan.schedule;
    let mut critical_links = Vec::new();
    let mut link = 0;
    for &t in &shown {
        for &d in &plan.tasks[t].deps {
            if !visible.contains(&d) {
                continue;
            }
            let _ = writeln!(out, "    t{d} --> t{t}");
            if s.critical[d] && s.critical[t] && s.finish[d] == s.start[t] {
                critical_links.push(link.to_string());
            }
            link += 1;
        }
    }
    let crit: Vec<String> = shown
        .iter()
        .filter(|&&t| s.critical[t])
        .map(|t| format!("t{t}"))
        .collect();
    if !crit.is_empty() {
        let _ = writeln!(
            out,
            "    classDef critical fill:#ffd8cc,stroke:#c0392b,stroke-width:2px"
        );
        let _ = writeln!(out, "    class {} critical", crit.join(","));
    }
    if !critical_links.is_empty() {
        let _ = writeln!(
            out,
            "    linkStyle {} stroke:#c0392b,stroke-width:3px",
            critical_links.join(",")
        );
    }
    out
}

/// The iteration dependency graph: one node per iteration in execution
/// order (`i1`, `i2`, ... by position), an edge from each dependency.
pub fn iteration_graph(plan: &Plan) -> String {
    let mut out = String::from("flowchart LR\n");
    let width = plan.iterations.len().to_string().len().max(2);
    for it in &plan.iterations {
        let _ = writeln!(
            out,
            "    i{}[\"{}\"]",
            it.number,
            label(&format!("{:0width$} {}", it.number, it.name))
        );
    }
    for it in &plan.iterations {
        for d in &it.dependencies {
            if let Some(dep) = plan.iterations.iter().find(|x| x.name == *d) {
                let _ = writeln!(out, "    i{} --> i{}", dep.number, it.number);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_escape_quotes_and_markup() {
        assert_eq!(
            label("say \"hi\" <b>#1</b> & `x`"),
            "say #quot;hi#quot; #lt;b#gt;#35;1#lt;/b#gt; #amp; #96;x#96;"
        );
    }

    #[test]
    fn gantt_titles_lose_statement_syntax() {
        assert_eq!(gantt_title("a: b; #c\nd"), "a∶ b, №c d");
    }
}
