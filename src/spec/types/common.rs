//! Scalar types shared by the spec: ids, durations, dates, bounded numbers
//! and the closed vocabularies (enums) of the templates.

use std::borrow::Cow;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};

/// Declares a string newtype whose schema is a string with a pattern.
macro_rules! pattern_string {
    ($(#[$m:meta])* $name:ident, $pattern:expr, $desc:expr) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            pub const PATTERN: &'static str = $pattern;
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({"type": "string", "pattern": $pattern, "description": $desc})
            }
        }
    };
}

pattern_string!(
    /// An identifier: letters, digits, `_`, `-` and `.`, starting with a letter or digit.
    Id,
    "^[A-Za-z0-9][A-Za-z0-9_.-]*$",
    "An identifier: letters, digits, `_`, `-` and `.`, starting with a letter or digit (e.g. `T001`, `architect`)."
);

pattern_string!(
    /// A duration: a whole number and a unit, `m` (minutes), `h` (hours),
    /// `d` (working days) or `w` (working weeks): `90m`, `4h`, `3d`, `2w`.
    Duration,
    "^[0-9]+[mhdw]$",
    "A duration: a whole number and a unit, `m` (minutes), `h` (hours), `d` (working days) or `w` (working weeks), e.g. `90m`, `4h`, `3d`, `2w`. Durations are working time: without `project.calendar` agents work around the clock (a day is 24 hours, a week 7 days); with one, a day is `hours_per_day` hours and a week the calendar's `workdays`."
);

impl Duration {
    /// Length in minutes. The schema guarantees the shape; a value that
    /// overflows saturates (the semantic check reports it first).
    pub fn minutes(&self) -> u64 {
        self.working_minutes(60 * 24, 60 * 24 * 7)
    }

    /// Length in working minutes, given the minutes of a working day and
    /// of a working week.
    pub fn working_minutes(&self, day: u64, week: u64) -> u64 {
        let (num, unit) = self.0.split_at(self.0.len().saturating_sub(1));
        let n: u64 = num.parse().unwrap_or(u64::MAX);
        let factor = match unit {
            "h" => 60,
            "d" => day,
            "w" => week,
            _ => 1,
        };
        n.saturating_mul(factor)
    }
}

pattern_string!(
    /// A calendar date in ISO 8601 form, `YYYY-MM-DD`.
    Date,
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    "A calendar date in ISO 8601 form, `YYYY-MM-DD` (e.g. `2026-03-02`)."
);

impl Date {
    pub fn parse(&self) -> Option<chrono::NaiveDate> {
        chrono::NaiveDate::parse_from_str(&self.0, "%Y-%m-%d").ok()
    }
}

/// Declares an `f64` newtype bounded by a schema `minimum`/`maximum`.
macro_rules! bounded_number {
    ($(#[$m:meta])* $name:ident, $min:expr, $max:expr, $desc:expr) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub f64);

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({"type": "number", "minimum": $min, "maximum": $max, "description": $desc})
            }
        }
    };
}

bounded_number!(
    /// A percentage from 0 to 100.
    Percent,
    0,
    100,
    "A percentage from 0 to 100."
);

bounded_number!(
    /// A probability from 0 (never) to 1 (certain).
    Probability,
    0,
    1,
    "A probability from 0 (never) to 1 (certain); `0.3` is 30 %."
);

/// Impact of a risk on the 1–5 scale: 1 negligible, 2 minor, 3 moderate,
/// 4 major, 5 severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Impact(pub u8);

impl JsonSchema for Impact {
    fn schema_name() -> Cow<'static, str> {
        "Impact".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"type": "integer", "minimum": 1, "maximum": 5,
            "description": "Impact on the 1–5 scale: 1 negligible, 2 minor, 3 moderate, 4 major, 5 severe."})
    }
}

/// How closely an agent is coordinated with the others.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum CoordinationLevel {
    Master,
    High,
    Medium,
    Low,
}

/// How often an agent or protocol communicates.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Frequency {
    Continuous,
    Hourly,
    Daily,
    Weekly,
    PerMilestone,
    OnDemand,
}

/// An agent's tier in the execution layer: `primary` leads tasks,
/// `secondary` supports tasks others lead, `support` is on call.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Tier {
    Primary,
    Secondary,
    Support,
}

/// Patterns of the built-in orchestration pattern catalog.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PatternName {
    TopDownDecomposition,
    BottomUpDecomposition,
    HybridDecomposition,
    LinearSequential,
    PhasedSequential,
    ParallelExecution,
    MasterSlave,
    HubAndSpoke,
    DistributedCoordination,
    RealTimeAdaptation,
    PredictiveOrchestration,
    LearningOrchestration,
    EventSourcing,
    ReactiveOrchestration,
    Choreography,
    FixedResourceAssignment,
    DynamicAllocation,
    HybridAllocation,
    RoundRobin,
    WeightedDistribution,
    AdaptiveBalancing,
    Kubernetes,
    ServerlessOrchestration,
    MicroservicesOrchestration,
    EtlPipeline,
    StreamProcessing,
    BatchProcessing,
    Daemon,
    Cron,
    EventDrivenBackground,
}

impl PatternName {
    /// The snake_case name used in specs and the catalog.
    pub fn as_str(self) -> String {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::String(s)) => s,
            _ => String::new(),
        }
    }
}
