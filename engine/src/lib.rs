//! tally-engine: RON tables with exact locations, sandboxed Rhai rules,
//! findings as miette diagnostics.
//!
//! ```no_run
//! use tally_engine::{Engine, Severity};
//!
//! let engine = Engine::builder().data("data").rules("rules").build()?;
//! let report = engine.check();
//! for finding in &report.findings {
//!     let place = finding.site.as_ref().map(|s| (s.source.name.as_str(), s.location.line));
//!     eprintln!("{} {} {:?}: {}", finding.severity, finding.rule, place, finding.message);
//! }
//! assert!(!report.fails_at(Severity::Error));
//! # Ok::<(), tally_engine::Error>(())
//! ```
//!
//! The parts, by folder: [`load`] (the RON loader), [`span`] (the span
//! index), [`runtime`] (the Rhai rule engine and its API), [`check`] (runs
//! rules and native checks), [`report`] (findings), [`config`] (`tally.ron`),
//! [`suppress`] (`// tally: allow(…)` comments in the data), [`baseline`]
//! (accepted findings), [`fixtures`] (rule fixtures and their expectations,
//! `tally test`), [`model`] (typed structs of the shipped tables).
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod baseline;
pub mod check;
pub mod config;
mod error;
pub mod fixtures;
pub mod load;
pub mod model;
pub mod report;
pub mod rules;
pub mod runtime;
pub mod span;
pub mod suppress;
#[cfg(feature = "watch")]
pub mod watch;

pub use check::{Check, CheckContext, Engine, EngineBuilder};
pub use config::Config;
pub use error::Error;
pub use report::{Finding, Related, Report, Severity, Site, SourceFile};
pub use rules::{RuleMeta, RuleOrigin};
pub use runtime::Limits;
pub use suppress::Suppressed;
