//! Turning schedule minutes into the durations and dates people read.
//!
//! A day is 24 hours and a week 7 days (agents work around the clock).
//! When every task lasts whole days, dates are shown as days and a task's
//! end is its last day (inclusive); otherwise as `YYYY-MM-DD HH:MM` with the
//! end the moment it finishes. Without a start date, offsets from the
//! start (`+2d 4h`) stand in for dates.

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};

pub const DAY: u64 = 24 * 60;
const WEEK: u64 = 7 * DAY;

/// `4500` → `3d 3h`; zero is `0m`.
pub fn format_minutes(m: u64) -> String {
    if m == 0 {
        return "0m".into();
    }
    let parts = [
        (m / WEEK, "w"),
        (m % WEEK / DAY, "d"),
        (m % DAY / 60, "h"),
        (m % 60, "m"),
    ];
    parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, u)| format!("{n}{u}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// How the schedule's points in time are printed.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    start: Option<NaiveDate>,
    whole_days: bool,
}

impl Clock {
    pub fn new(start: Option<NaiveDate>, durations: impl IntoIterator<Item = u64>) -> Self {
        let whole_days = durations.into_iter().all(|m| m % DAY == 0);
        Clock { start, whole_days }
    }

    pub fn has_dates(&self) -> bool {
        self.start.is_some()
    }

    fn at(&self, minutes: u64) -> Option<NaiveDateTime> {
        let start = self.start?.and_hms_opt(0, 0, 0)?;
        start.checked_add_signed(TimeDelta::try_minutes(i64::try_from(minutes).ok()?)?)
    }

    /// When something starting `m` minutes in starts.
    pub fn start(&self, m: u64) -> String {
        match self.at(m) {
            Some(t) if self.whole_days => t.format("%Y-%m-%d").to_string(),
            Some(t) => t.format("%Y-%m-%d %H:%M").to_string(),
            None => format!("+{}", format_minutes(m)),
        }
    }

    /// When something finishing `m` minutes in ends (its last day for
    /// whole-day schedules; `start` is used for zero-length items).
    pub fn end(&self, start: u64, m: u64) -> String {
        if self.whole_days && self.start.is_some() && m > start {
            return self.start(m - DAY);
        }
        self.start(m)
    }

    /// The calendar date `m` minutes in, for the gantt chart.
    pub fn datetime(&self, m: u64) -> Option<NaiveDateTime> {
        self.at(m)
    }

    pub fn whole_days(&self) -> bool {
        self.whole_days
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_format_in_largest_units() {
        assert_eq!(format_minutes(90), "1h 30m");
        assert_eq!(format_minutes(3 * DAY + 180), "3d 3h");
        assert_eq!(format_minutes(9 * DAY), "1w 2d");
        assert_eq!(format_minutes(0), "0m");
    }

    #[test]
    fn whole_day_schedules_show_inclusive_end_days() {
        let c = Clock::new(NaiveDate::from_ymd_opt(2026, 3, 2), [DAY, 2 * DAY]);
        assert_eq!(c.start(DAY), "2026-03-03");
        assert_eq!(c.end(DAY, 3 * DAY), "2026-03-04");
    }

    #[test]
    fn sub_day_schedules_show_times_and_undated_ones_offsets() {
        let c = Clock::new(NaiveDate::from_ymd_opt(2026, 3, 2), [90]);
        assert_eq!(c.end(0, 90), "2026-03-02 01:30");
        let c = Clock::new(None, [90]);
        assert_eq!(c.start(90), "+1h 30m");
    }
}
