//! The rule runtime: Rhai, sandboxed, with the native rule API.
//!
//! Every rule is compiled once ([`compile_rule_in`]). A run borrows a
//! sandboxed `rhai::Engine` from the [`Sandbox`]'s pool, points it at that
//! run's state and deadline, and gives it back: building one costs about as
//! much as a small rule's whole run, so engines are built once per data set
//! and worker, not once per run. Each run still has its own state, scope
//! and deadline, so rules can run on several threads.
//!
//! The parts, from the bottom up: [`view_file`] and [`value`] (the data as
//! lazily read Rhai values that keep their location), [`list`] (many nodes
//! at once), [`figures`] (numbers, rounding, aggregates), [`table`] (the
//! table-wide helpers), [`registry`] (names with "did you mean"),
//! [`view`] and [`state`] (a run's data and findings, `report()`),
//! [`register`] (the rule API as Rhai sees it), [`sandbox`] and [`rule`].

mod check_map;
mod check_walk;
mod figures;
mod growth;
mod limits;
mod list;
mod register;
mod registry;
mod resolver;
mod rhai_text;
pub(crate) use rhai_text::parse_error as parse_error_in;
mod rule;
mod sandbox;
mod state;
mod table;
mod value;
mod view;
mod view_file;

#[cfg(feature = "internals")]
pub use figures::{format_figure, round_figure};
pub use check_map::{char_span, CheckMap, MappedExpr, NOT_BOOL_MARK};
pub use check_walk::{PLAN_ITEM, PLAN_PART, PLAN_SECTION};
pub use limits::Limits;
pub use rule::{compile_rule_in, rule_error, rule_error_in, run_rule, CompiledRule, RunData, RunOutput};
pub use state::Focus;
pub use sandbox::{Sandbox, MAX_DEPTH};
pub use value::param_value;
pub use view::DataView;
pub use view_file::ViewFile;
