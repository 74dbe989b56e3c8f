//! Working time: the calendar durations are counted in, and how the
//! schedule's points in working time become the dates people read.
//!
//! In: `project.calendar`, `project.start_date` and `project.start_time`.
//! Out: a [`WorkCalendar`] (minutes per working day and week, which days
//! are worked) and a [`Clock`] that maps a working-minute offset from the
//! project start to a date and time.
//!
//! Without a calendar agents work round the clock: a day is 24 hours, a
//! week 7 days, every date is worked. With one, a working day lasts
//! `hours_per_day` hours from `day_start` (default 09:00, or 00:00 for
//! 24-hour days) on each of `workdays` that is not a holiday. The project
//! starts at `start_time` on the first working day on or after
//! `start_date`. When every task lasts whole working days and the project
//! starts at the beginning of a day, dates are shown as days and a task's
//! end is its last day (inclusive); otherwise as `YYYY-MM-DD HH:MM`, the
//! end being the moment it finishes. Without a start date, offsets from
//! the start (`+2d 4h`, in working time) stand in for dates.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate, NaiveDateTime, TimeDelta};

use crate::spec::{Calendar, Project, Weekday};

pub const DAY: u64 = 24 * 60;
const WEEK: u64 = 7 * DAY;
/// Most working days a clock maps to dates (about 270 years of weekdays):
/// later points are shown as offsets rather than allocating without bound.
const MAX_DAYS: u64 = 70_000;

/// `4500` → `3d 3h` (round-the-clock days and weeks); zero is `0m`.
pub fn format_minutes(m: u64) -> String {
    format_units(m, DAY, WEEK)
}

fn format_units(m: u64, day: u64, week: u64) -> String {
    if m == 0 {
        return "0m".into();
    }
    let parts = [
        (m / week, "w"),
        (m % week / day, "d"),
        (m % day / 60, "h"),
        (m % 60, "m"),
    ];
    parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, u)| format!("{n}{u}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// When work happens.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkCalendar {
    /// Working minutes per working day.
    pub day_minutes: u64,
    /// Working minutes per working week.
    pub week_minutes: u64,
    /// Minutes after midnight a working day starts.
    pub day_start: u64,
    /// Worked weekdays, Monday first.
    pub workdays: [bool; 7],
    pub holidays: BTreeSet<NaiveDate>,
    /// No calendar in the spec: every minute of every day is worked.
    pub round_the_clock: bool,
}

impl Default for WorkCalendar {
    fn default() -> Self {
        WorkCalendar {
            day_minutes: DAY,
            week_minutes: WEEK,
            day_start: 0,
            workdays: [true; 7],
            holidays: BTreeSet::new(),
            round_the_clock: true,
        }
    }
}

fn weekday_index(d: Weekday) -> usize {
    match d {
        Weekday::Mon => 0,
        Weekday::Tue => 1,
        Weekday::Wed => 2,
        Weekday::Thu => 3,
        Weekday::Fri => 4,
        Weekday::Sat => 5,
        Weekday::Sun => 6,
    }
}

const WEEKDAY_NAMES: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

impl WorkCalendar {
    /// The calendar of `project.calendar` (round the clock without one).
    pub fn from_spec(c: Option<&Calendar>) -> Self {
        let Some(c) = c else {
            return WorkCalendar::default();
        };
        let day_minutes = u64::from(c.hours_per_day.clamp(1, 24)) * 60;
        let mut workdays = [false; 7];
        for d in &c.workdays {
            workdays[weekday_index(*d)] = true;
        }
        if !workdays.iter().any(|&w| w) {
            workdays = [true; 7];
        }
        let default_start = if day_minutes == DAY { 0 } else { 9 * 60 };
        let day_start = c
            .day_start
            .as_ref()
            .map_or(default_start, |t| t.minutes())
            .min(DAY - day_minutes);
        let worked = workdays.iter().filter(|&&w| w).count() as u64;
        WorkCalendar {
            day_minutes,
            week_minutes: day_minutes * worked,
            day_start,
            workdays,
            holidays: c.holidays.iter().filter_map(|d| d.parse()).collect(),
            round_the_clock: false,
        }
    }

    /// Whether `d` is a working day.
    pub fn works(&self, d: NaiveDate) -> bool {
        self.workdays[d.weekday().num_days_from_monday() as usize] && !self.holidays.contains(&d)
    }

    /// A duration in working minutes: `1d` is a working day, `1w` a week.
    pub fn minutes(&self, d: &crate::spec::Duration) -> u64 {
        d.working_minutes(self.day_minutes, self.week_minutes)
    }

    /// Working minutes in working days, weeks, hours: `2400` → `1w` for an
    /// 8-hour, 5-day calendar.
    pub fn format(&self, m: u64) -> String {
        format_units(m, self.day_minutes, self.week_minutes.max(self.day_minutes))
    }

    /// Mermaid `excludes` values: non-working weekdays by name.
    pub fn excluded_weekdays(&self) -> Vec<&'static str> {
        (0..7)
            .filter(|&i| !self.workdays[i])
            .map(|i| WEEKDAY_NAMES[i])
            .collect()
    }

    /// Words for documents: `8 h a day, monday to friday, 2 holidays`.
    pub fn describe(&self) -> String {
        if self.round_the_clock {
            return "round the clock: every day, 24 hours a day".into();
        }
        let days: Vec<&str> = (0..7)
            .filter(|&i| self.workdays[i])
            .map(|i| WEEKDAY_NAMES[i])
            .collect();
        let mut out = format!(
            "{} h a working day from {:02}:{:02}, worked on {}",
            self.day_minutes / 60,
            self.day_start / 60,
            self.day_start % 60,
            days.join(", ")
        );
        if !self.holidays.is_empty() {
            let h: Vec<String> = self.holidays.iter().map(|d| d.to_string()).collect();
            out.push_str(&format!("; holidays {}", h.join(", ")));
        }
        out
    }
}

/// Maps working-minute offsets from the project start to dates.
#[derive(Debug, Clone)]
pub struct Clock {
    pub calendar: WorkCalendar,
    /// The working days from the first one on, as far as the plan needs.
    days: Vec<NaiveDate>,
    /// Working minutes into the first working day at which the project starts.
    offset: u64,
    whole_days: bool,
}

impl Clock {
    /// A clock for a plan of `total` working minutes whose tasks last
    /// `durations`.
    pub fn new(
        calendar: WorkCalendar,
        project: Option<&Project>,
        start: Option<NaiveDate>,
        total: u64,
        durations: impl IntoIterator<Item = u64>,
    ) -> Self {
        let l = calendar.day_minutes;
        let start_time = project.and_then(|p| p.start_time.as_ref());
        let mut days = Vec::new();
        let mut offset = 0;
        if let Some(first) = start {
            let needed = (total / l).saturating_add(3).min(MAX_DAYS);
            let mut d = first;
            let mut guard = 0u64;
            while (days.len() as u64) < needed && guard < MAX_DAYS * 2 {
                if calendar.works(d) {
                    days.push(d);
                }
                match d.succ_opt() {
                    Some(n) => d = n,
                    None => break,
                }
                guard += 1;
            }
            if let (Some(t), Some(&d0)) = (start_time, days.first()) {
                if d0 == first {
                    offset = t.minutes().saturating_sub(calendar.day_start).min(l);
                }
            }
        } else if let Some(t) = start_time {
            offset = t.minutes().saturating_sub(calendar.day_start).min(l);
        }
        let whole_days = offset == 0 && durations.into_iter().all(|m| m % l == 0);
        Clock {
            calendar,
            days,
            offset,
            whole_days,
        }
    }

    /// A round-the-clock clock (tests and plans without a project).
    pub fn round_the_clock(start: Option<NaiveDate>, durations: &[u64]) -> Self {
        let total = durations.iter().sum();
        Clock::new(
            WorkCalendar::default(),
            None,
            start,
            total,
            durations.iter().copied(),
        )
    }

    pub fn has_dates(&self) -> bool {
        !self.days.is_empty()
    }

    pub fn whole_days(&self) -> bool {
        self.whole_days
    }

    /// Day index and minutes into that working day of offset `m`; a finish
    /// exactly at a day boundary stays on the day it ends.
    fn position(&self, m: u64, finish: bool) -> (u64, u64) {
        let l = self.calendar.day_minutes;
        let a = self.offset.saturating_add(m);
        if finish && a > 0 && a % l == 0 {
            (a / l - 1, l)
        } else {
            (a / l, a % l)
        }
    }

    fn at(&self, m: u64, finish: bool) -> Option<(NaiveDate, NaiveDateTime)> {
        let (k, r) = self.position(m, finish);
        let day = *self.days.get(usize::try_from(k).ok()?)?;
        let midnight = day.and_hms_opt(0, 0, 0)?;
        let minutes = i64::try_from(self.calendar.day_start + r).ok()?;
        Some((
            day,
            midnight.checked_add_signed(TimeDelta::try_minutes(minutes)?)?,
        ))
    }

    /// The calendar moment work at offset `m` starts.
    pub fn datetime(&self, m: u64) -> Option<NaiveDateTime> {
        self.at(m, false).map(|(_, t)| t)
    }

    /// The calendar moment work finishing at offset `m` ends (the end of
    /// the working day, not the start of the next one).
    pub fn finish_datetime(&self, m: u64) -> Option<NaiveDateTime> {
        self.at(m, true).map(|(_, t)| t)
    }

    /// The working day of offset `m` (a finish stays on its day).
    pub fn date(&self, m: u64, finish: bool) -> Option<NaiveDate> {
        self.at(m, finish).map(|(d, _)| d)
    }

    /// When something starting `m` minutes in starts.
    pub fn start(&self, m: u64) -> String {
        match self.at(m, false) {
            Some((d, _)) if self.whole_days => d.format("%Y-%m-%d").to_string(),
            Some((_, t)) => t.format("%Y-%m-%d %H:%M").to_string(),
            None => format!("+{}", self.calendar.format(m)),
        }
    }

    /// When something running from `start` to `m` ends: its last day for
    /// whole-day schedules, else the moment it finishes.
    pub fn end(&self, start: u64, m: u64) -> String {
        if m == start {
            return self.start(m);
        }
        match self.at(m, true) {
            Some((d, _)) if self.whole_days => d.format("%Y-%m-%d").to_string(),
            Some((_, t)) => t.format("%Y-%m-%d %H:%M").to_string(),
            None => format!("+{}", self.calendar.format(m)),
        }
    }

    /// Working duration in the calendar's units.
    pub fn format(&self, m: u64) -> String {
        self.calendar.format(m)
    }

    /// Holidays between the start and offset `m` (for the Gantt's `excludes`).
    pub fn holidays_until(&self, m: u64) -> Vec<NaiveDate> {
        let (Some(first), Some(last)) = (self.days.first(), self.date(m, true)) else {
            return Vec::new();
        };
        self.calendar
            .holidays
            .range(*first..=last)
            .copied()
            .collect()
    }

    /// Elapsed calendar minutes from the start to the finish at offset `m`.
    pub fn elapsed(&self, m: u64) -> Option<u64> {
        let a = self.datetime(0)?;
        let b = self.finish_datetime(m)?;
        u64::try_from((b - a).num_minutes()).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{ClockTime, Date};

    fn date(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    fn office(holidays: &[&str]) -> WorkCalendar {
        WorkCalendar::from_spec(Some(&Calendar {
            hours_per_day: 8,
            workdays: vec![
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ],
            holidays: holidays.iter().map(|h| Date(h.to_string())).collect(),
            day_start: None,
        }))
    }

    #[test]
    fn minutes_format_in_largest_units() {
        assert_eq!(format_minutes(90), "1h 30m");
        assert_eq!(format_minutes(3 * DAY + 180), "3d 3h");
        assert_eq!(format_minutes(9 * DAY), "1w 2d");
        assert_eq!(format_minutes(0), "0m");
        assert_eq!(office(&[]).format(45 * 60), "1w 5h");
    }

    #[test]
    fn whole_day_schedules_show_inclusive_end_days() {
        let c = Clock::round_the_clock(date("2026-03-02"), &[DAY, 2 * DAY]);
        assert_eq!(c.start(DAY), "2026-03-03");
        assert_eq!(c.end(DAY, 3 * DAY), "2026-03-04");
    }

    #[test]
    fn sub_day_schedules_show_times_and_undated_ones_offsets() {
        let c = Clock::round_the_clock(date("2026-03-02"), &[90]);
        assert_eq!(c.end(0, 90), "2026-03-02 01:30");
        let c = Clock::round_the_clock(None, &[90]);
        assert_eq!(c.start(90), "+1h 30m");
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        // 2026-03-06 is a Friday; it is a holiday, so 5 working days from
        // Wednesday 03-04 end on Wednesday 03-11.
        let cal = office(&["2026-03-06"]);
        let c = Clock::new(cal, None, date("2026-03-04"), 5 * 480, [5 * 480]);
        assert!(c.whole_days());
        assert_eq!(c.start(0), "2026-03-04");
        assert_eq!(c.start(2 * 480), "2026-03-09", "Friday is a holiday");
        assert_eq!(c.end(0, 5 * 480), "2026-03-11");
        assert_eq!(
            c.holidays_until(5 * 480),
            vec![NaiveDate::from_ymd_opt(2026, 3, 6).unwrap()]
        );
    }

    #[test]
    fn a_start_on_a_weekend_moves_to_monday_at_the_start_of_the_day() {
        let c = Clock::new(office(&[]), None, date("2026-03-07"), 240, [240]);
        assert_eq!(c.start(0), "2026-03-09 09:00");
        assert_eq!(
            c.end(0, 480),
            "2026-03-09 17:00",
            "a day's end, not the next day"
        );
    }

    #[test]
    fn a_sub_day_plan_starts_at_its_start_time() {
        let project: Project = serde_json::from_value(serde_json::json!({
            "name": "Incident", "start_time": "09:40"
        }))
        .unwrap();
        assert_eq!(project.start_time, Some(ClockTime("09:40".into())));
        let c = Clock::new(
            WorkCalendar::default(),
            Some(&project),
            date("2026-04-12"),
            605,
            [20, 585],
        );
        assert!(!c.whole_days());
        assert_eq!(c.start(0), "2026-04-12 09:40");
        assert_eq!(c.end(0, 605), "2026-04-12 19:45");
        assert_eq!(c.elapsed(605), Some(605));
    }

    #[test]
    fn work_past_the_end_of_a_day_continues_the_next_working_day() {
        let project: Project = serde_json::from_value(serde_json::json!({
            "name": "P", "start_time": "15:00"
        }))
        .unwrap();
        // Friday 15:00 + 4h of 8-hour days: 2h on Friday, 2h on Monday.
        let c = Clock::new(office(&[]), Some(&project), date("2026-03-06"), 240, [240]);
        assert_eq!(c.start(0), "2026-03-06 15:00");
        assert_eq!(c.end(0, 240), "2026-03-09 11:00");
        assert_eq!(c.calendar.excluded_weekdays(), ["saturday", "sunday"]);
    }
}
