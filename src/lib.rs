//! planforge: compile YAML project specs into orchestration plans, lint
//! Markdown plans, diff plan revisions.
pub mod cli;
pub mod diagnostics;
pub mod fsutil;
pub mod plan;
pub mod spec;
pub mod suggest;
pub mod validate;
