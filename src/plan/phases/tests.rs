//! Tests of `plan::phases`.

use super::*;
use crate::spec::Id;

fn phase(id: &str, time_box: Option<&str>) -> Phase {
    Phase {
        id: Id(id.into()),
        name: id.into(),
        time_box: time_box.map(String::from),
        participants: Vec::new(),
        activities: Vec::new(),
        deliverables: Vec::new(),
        checkpoints: Vec::new(),
    }
}

fn task(id: &str, minutes: u64, deps: Vec<usize>, phase: Option<&str>) -> TaskView {
    TaskView {
        id: id.into(),
        name: id.into(),
        agent: "a".into(),
        supporting: Vec::new(),
        minutes,
        depends_on: Vec::new(),
        deps,
        quality_gates: Vec::new(),
        phase: phase.map(String::from),
        iteration: None,
        role: None,
        deliverables: Vec::new(),
    }
}

fn schedule_of(tasks: &[TaskView]) -> Schedule {
    let ids: Vec<&str> = tasks.iter().map(|t| t.id.as_str()).collect();
    let m: Vec<u64> = tasks.iter().map(|t| t.minutes).collect();
    let d: Vec<Vec<usize>> = tasks.iter().map(|t| t.deps.clone()).collect();
    crate::plan::schedule::schedule_unlimited(&ids, &m, &d)
}

#[test]
fn time_boxes_read_as_working_durations_with_the_upper_bound_of_a_range() {
    let cal = WorkCalendar::default();
    assert_eq!(parse_time_box("20 minutes", &cal), Some(20));
    assert_eq!(parse_time_box("15-20 minutes", &cal), Some(20));
    assert_eq!(parse_time_box("3 days", &cal), Some(3 * 1440));
    assert_eq!(parse_time_box("2w", &cal), Some(2 * 7 * 1440));
    assert_eq!(parse_time_box("Ongoing", &cal), None);
    assert_eq!(parse_time_box("15-20 minutes per checkpoint", &cal), None);
}

#[test]
fn tasks_without_a_phase_join_the_phase_whose_window_holds_their_start() {
    let phases = [
        phase("triage", Some("20 minutes")),
        phase("fix", Some("2 hours")),
        phase("after", None),
    ];
    let tasks = [
        task("I1", 20, vec![], None),
        task("I2", 130, vec![0], None),
        task("I3", 240, vec![1], None),
        task("I4", 30, vec![2], Some("triage")),
    ];
    let s = schedule_of(&tasks);
    let v = views(&phases, false, &tasks, &s, &WorkCalendar::default());
    assert_eq!(v[0].tasks, vec![0, 3], "I4 keeps its phase");
    assert_eq!(v[1].tasks, vec![1], "I2 starts at 20m, inside fix's window");
    assert_eq!(
        v[2].tasks,
        vec![2],
        "I3 starts at 150m, after fix's window: the open phase"
    );
    assert_eq!(
        v[0].overrun,
        Some(420 - 20),
        "triage spans I1 and I4: 0..420"
    );
    assert_eq!(v[2].window, Some((140, None)));
}

#[test]
fn without_time_boxes_a_task_follows_its_latest_finishing_dependency() {
    let phases = [phase("a", None), phase("b", None)];
    let tasks = [
        task("T1", 10, vec![], Some("b")),
        task("T2", 5, vec![], Some("a")),
        task("T3", 1, vec![0, 1], None),
    ];
    let s = schedule_of(&tasks);
    let v = views(&phases, false, &tasks, &s, &WorkCalendar::default());
    assert_eq!(v[1].tasks, vec![0, 2]);
}

#[test]
fn default_phases_spread_the_work_over_the_plan_by_time() {
    let phases = crate::plan::defaults::default_phases();
    let tasks: Vec<TaskView> = (0..10)
        .map(|i| {
            task(
                &format!("T{i}"),
                60,
                if i == 0 { vec![] } else { vec![i - 1] },
                None,
            )
        })
        .collect();
    let s = schedule_of(&tasks);
    let v = views(&phases, true, &tasks, &s, &WorkCalendar::default());
    let counts: Vec<usize> = v.iter().map(|p| p.tasks.len()).collect();
    assert_eq!(counts, vec![1, 2, 4, 2, 1]);
    assert!(v.iter().all(|p| p.overrun.is_none()));
}
