//! planforge: compile YAML project specs into complete orchestration plans,
//! lint Markdown plans for unfilled placeholders and missing sections, and
//! diff plan revisions.
//!
//! # Architecture
//!
//! Each stage is a function from one type to the next:
//!
//! ```text
//! check/compile:
//!   Path ─ spec::read_source ─▶ SourceFile
//!        ─ spec::yaml::load ─▶ (serde_json::Value, SpanIndex)     one parse, spans for every node
//!        ─ spec::schema::validate ─▶ RawSpec | Vec<Diagnostic>     JSON Schema, all errors
//!        ─ validate::validate ─▶ Vec<Diagnostic>                   references, cycles, dates, paths,
//!                                                                  sections left to defaults
//!        ─ plan::iterations::allocate ─▶ Vec<IterationPlan>        targets under the root, deliverables,
//!                                                                  split agents, token estimates, risk
//!        ─ plan::Plan::with_iterations ─▶ Plan                     tasks of either half, schedule on agent
//!                                                                  capacity in working time, slack, every
//!                                                                  critical chain, phases, streams, scores
//!          (plan::model::PlanModel: what `planforge plan` prints)
//!        ─ render::render_plan_docs ─▶ Vec<RenderedDoc>            Tera templates, one context builder
//!          (+ render::render_iteration_docs)                        iteration plan, CONTEXT, criteria, prompts
//!        ─ output::write ─▶ files + manifest.json                  locked, journaled all-or-nothing switch,
//!                                                                  confined to OUT, hand-edit detection
//! lint:
//!   Path ─▶ MdDoc (parsed once) ─ rules ─▶ Vec<Diagnostic> ─▶ printer (human | json | sarif | github)
//! diff:
//!   (Plan | MdDoc, Plan | MdDoc) ─▶ PlanDiff / SectionDiff ─▶ printer (terminal | markdown | json)
//! fill:
//!   template ─ MdDoc + placeholder grammar ─▶ tokens ─▶ tree ─▶ Catalog (slots, lists, booleans)
//!   values.yaml | JSON | --set ─▶ Val ─ validate against Catalog ─▶ Vec<Diagnostic> (before writing)
//!   (tree, Val) ─ render ─▶ text + source map ─ lint rules ─▶ leftovers at template lines ─▶ atomic write
//!   Catalog ─▶ skeleton YAML | JSON Schema
//! ```
//!
//! `compile::load_plan` and `compile::compile_docs` run the check/compile
//! pipeline for the CLI and for `diff`. Every problem is a
//! [`diagnostics::Diagnostic`] (a file, a byte span, a rule id, a severity,
//! a message, an optional help); line and column are computed only when
//! printing. Only `main` maps outcomes to exit codes.
//!
//! # Modules
//!
//! - [`cli`]: one module per subcommand (`Args` + `run`).
//! - [`diagnostics`]: the `Diagnostic` type, source positions, the printer.
//! - [`spec`]: `RawSpec` types (their docs are the schema's descriptions),
//!   YAML loading with spans, schema generation and validation.
//! - [`validate`]: checks the schema cannot express.
//! - [`plan`]: the computed model and its algorithms (scheduler, calendar,
//!   phases, warnings), its printable form, the pattern catalog.
//! - [`render`]: embedded templates, escaping filters, the context builder,
//!   Mermaid charts.
//! - [`compile`]: the pipeline glue shared by `check`, `compile` and `diff`.
//! - [`output`]: all-or-nothing writes and `manifest.json`.
//! - [`lint`]: `MdDoc` (one pulldown-cmark pass), the rule registry
//!   (`lint::rules::RULES`, one file per rule), kind detection, config
//!   (`planforge.toml`), inline suppressions, directory walking, the
//!   parallel run that hands results back in path order
//!   (`lint::schedule`), and templates as kinds (`lint --template`,
//!   `lint::template`).
//! - [`diff`]: sides (files, directories, `REV:path` from git), the spec
//!   entity diff with its consequences, the Markdown section diff, and the
//!   terminal, markdown and json formats.
//! - [`manifest`]: section manifests of the known document kinds
//!   (`templates/manifests/*.toml`), shared by lint and compile's tests.
//! - [`placeholder`]: the placeholder grammar (slot kinds, documentation
//!   syntax that is not a slot, code-block languages, key normalization),
//!   shared by lint, diff and fill.
//! - [`fill`]: template filling: slot scanning on the shared grammar,
//!   control markup (REPEAT, CONDITION, Handlebars), the slot catalog,
//!   values with spans, validation, rendering, skeleton and schema,
//!   directories in parallel.
//! - [`fsutil`]: atomic single-file writes.
//! - [`input`]: reading inputs: one size limit (`--max-size`), regular
//!   files only.
//! - [`suggest`]: "did you mean".
//! - [`links`]: URLs of planforge's docs and schemas (from `Cargo.toml`'s
//!   `repository`), for schema `$id`s, the `init` modeline and SARIF.

pub mod cli;
pub mod compile;
pub mod diagnostics;
pub mod diff;
pub mod fill;
pub mod fsutil;
pub mod input;
pub mod links;
pub mod lint;
pub mod manifest;
pub mod output;
pub mod placeholder;
pub mod plan;
pub mod render;
pub mod spec;
pub mod suggest;
#[cfg(test)]
pub(crate) mod test_rng;
pub mod validate;
