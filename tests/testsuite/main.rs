//! planforge's integration tests: one binary, one module per feature.
//! See `tests/README.md` for how to add a case and how to bless golden files.

mod check;
mod compile;
mod diff;
mod diff_git;
mod diff_review;
mod documents;
mod fill;
mod fuzz;
mod gfm;
mod hardening_output;
mod iterations;
mod leaks;
mod lint;
mod manners;
mod plan;
mod precommit;
mod robustness;
mod snippets;
mod support;
