//! tally-engine: RON tables with exact locations, sandboxed Rhai rules,
//! findings as miette diagnostics.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod load;
pub mod model;
pub mod report;
pub mod span;
