//! Mermaid diagrams of the schedule, built from the plan.
//!
//! In: a [`Plan`]. Out: the body of a `gantt` and of a `flowchart` block,
//! and of the iteration dependency `flowchart`.
//! Node ids are generated (`t0`, `t1`, ...), never taken from the spec, and
//! every label, gantt or flowchart, goes through [`label`] (Mermaid's entity
//! codes for the characters either grammar gives a meaning), so any id and
//! name parses and renders as written; `scripts/check-mermaid.mjs` checks
//! that with the real parser. Charts show at most
//! [`MAX_CHART_TASKS`] tasks (in execution order): larger charts exceed
//! what GitHub renders; the tables always list every task.

use std::collections::HashSet;
use std::fmt::Write as _;

use crate::plan::Plan;

pub const MAX_CHART_TASKS: usize = 150;

/// Text for any Mermaid label: a flowchart node's `["..."]`, a gantt title,
/// section or task. Every character with a meaning in either grammar
/// becomes Mermaid's entity code (`#35;`, `#58;`, `#quot;`, ...), which
/// Mermaid replaces before parsing and decodes when drawing, so the chart
/// shows the text exactly: `"` (ends a label), `#` and `;` (gantt comment
/// and statement syntax), `:` (ends a gantt title), `%` (`%%` comments and
/// directives), `<`, `>`, `&` and backticks (markup). Line breaks become
/// spaces.
pub fn label(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '#' => out.push_str("#35;"),
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '`' => out.push_str("#96;"),
            ':' => out.push_str("#58;"),
            ';' => out.push_str("#59;"),
            '%' => out.push_str("#37;"),
            '\r' | '\n' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Words a gantt line may start with that the gantt grammar reads as a
/// statement (matched case-insensitively, as Mermaid does): a task named
/// `click` or `section 2` would otherwise be a statement, not a task.
const GANTT_KEYWORDS: &[&str] = &[
    "accdescr",
    "acctitle",
    "axisformat",
    "call",
    "click",
    "dateformat",
    "excludes",
    "gantt",
    "href",
    "includes",
    "inclusiveenddates",
    "section",
    "tickinterval",
    "title",
    "todaymarker",
    "topaxis",
    "weekday",
    "weekend",
];

/// A gantt title, section or task name: [`label`], and a first character
/// written as its entity code when the text would otherwise start with a
/// gantt keyword or a digit (a date), so the line stays a task.
fn gantt_title(text: &str) -> String {
    let text = label(text.trim());
    let lower = text.to_ascii_lowercase();
    let starts_keyword = GANTT_KEYWORDS.iter().any(|k| lower.starts_with(k));
    match text.chars().next() {
        Some(c) if starts_keyword || c.is_ascii_digit() => {
            format!("#{};{}", u32::from(c), &text[c.len_utf8()..])
        }
        _ => text,
    }
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
    fn gantt_titles_keep_every_character_as_an_entity_code() {
        assert_eq!(gantt_title("a: b; #c\nd 50%"), "a#58; b#59; #35;c d 50#37;");
    }

    #[test]
    fn gantt_titles_never_start_with_a_keyword_or_a_date() {
        assert_eq!(gantt_title("click me"), "#99;lick me");
        assert_eq!(gantt_title("Section A"), "#83;ection A");
        assert_eq!(gantt_title("todayMarker x"), "#116;odayMarker x");
        assert_eq!(gantt_title("2026-01-05 cutover"), "#50;026-01-05 cutover");
        assert_eq!(gantt_title("T001 clickable"), "T001 clickable");
    }
}
