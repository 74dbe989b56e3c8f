//! The spec language: types, YAML loading with spans, schema validation.
//!
//! In: a spec file's text. Out: a [`RawSpec`] plus the [`SpanIndex`] that maps
//! every value back to its source, or every diagnostic found on the way
//! (`load_spec` reports all schema errors, not the first).

mod hints;
pub mod load;
pub mod schema;
pub mod spans;
pub mod types;
pub mod yaml;

pub use load::{check_source, read_source, CheckedSpec, ReadError};
pub use spans::SpanIndex;
pub use types::*;
pub use yaml::Loaded;
