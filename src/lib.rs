//! planforge: compile YAML project specs into orchestration plans, lint
//! Markdown plans, diff plan revisions.
//!
//! - `lint`: Path → `MdDoc` (parsed once) → rules (`lint::rules::RULES`)
//!   → `Vec<Diagnostic>` → printer (human | json | sarif | github).
//! - `manifest`: section manifests of the known document kinds
//!   (`templates/manifests/*.toml`), shared by lint and compile.
pub mod cli;
pub mod compile;
pub mod diagnostics;
pub mod fsutil;
pub mod lint;
pub mod manifest;
pub mod output;
pub mod plan;
pub mod render;
pub mod spec;
pub mod suggest;
pub mod validate;
