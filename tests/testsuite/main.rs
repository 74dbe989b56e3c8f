//! planforge's integration tests: one binary, one module per feature.
//! See `tests/README.md` for how to add a case and how to bless golden files.

mod check;
mod compile;
mod diff;
mod documents;
mod gfm;
mod iterations;
mod lint;
mod plan;
mod support;
