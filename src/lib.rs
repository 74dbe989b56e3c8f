//! planforge: compile YAML project specs into orchestration plans, lint
//! Markdown plans, diff plan revisions.
pub mod cli;
pub mod compile;
pub mod diagnostics;
pub mod diff;
pub mod fsutil;
pub mod output;
pub mod plan;
pub mod render;
pub mod spec;
pub mod suggest;
pub mod validate;
