//! Where planforge's own documentation and schemas live, for the links it
//! writes into generated output (schema `$id`, the `init` modeline, SARIF
//! `helpUri`).
//!
//! In: `repository` from `Cargo.toml`. Out: URLs of files that exist in the
//! repository on its `main` branch; a test checks every path named here.

/// The repository home page (`Cargo.toml`'s `repository`).
pub const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// The raw file of the spec schema (what an editor fetches with
/// `planforge init --schema-url`), also used as the schema's `$id`.
pub const SPEC_SCHEMA_URL: &str = concat!(
    env!("CARGO_PKG_REPOSITORY"),
    "/raw/main/schemas/planforge.schema.json"
);

/// The raw file of the manifest schema, also its `$id`.
pub const MANIFEST_SCHEMA_URL: &str = concat!(
    env!("CARGO_PKG_REPOSITORY"),
    "/raw/main/schemas/planforge-manifest.schema.json"
);

/// The raw file of the plan schema (`planforge plan --format json`), also
/// its `$id`.
pub const PLAN_SCHEMA_URL: &str = concat!(
    env!("CARGO_PKG_REPOSITORY"),
    "/raw/main/schemas/planforge-plan.schema.json"
);

/// The page rendering `path` (a file in the repository, optionally with a
/// `#heading` anchor) on the `main` branch.
pub fn doc_url(path: &str) -> String {
    format!("{REPOSITORY}/blob/main/{path}")
}
