//! Measuring apparatus for tally at provincial and national scale (issue 6).
//!
//! - [`synth`]: a seeded generator of data sets in the shipped schema, laid
//!   out as a project (`data/`, `rules/`, `tally.ron`), with injected faults
//!   of every kind the shipped rules catch and a [`manifest::Manifest`] of
//!   where each one is (the `synth` binary).
//! - [`native`]: the shipped rules that apply to this schema, hand-written
//!   in Rust over the engine's own parsed [`tally_engine::span::Document`]s:
//!   the reference for what the rule layer costs.
//! - [`manifest`]: the manifest's format and the comparison of findings with
//!   it (the `manifest-diff` binary, the end-to-end tests).
//!
//! ```no_run
//! use tally_bench::synth::{generate, Options};
//!
//! let manifest = generate(&Options::new(300, 20).seed(7).fault_rate(0.02), "out".as_ref())?;
//! println!("{} values, {} faults", manifest.values, manifest.faults.len());
//! # Ok::<(), std::io::Error>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod manifest;
pub mod native;
pub mod rng;
pub mod synth;

/// Ids of the shipped rules that synth data exercises, in the order the
/// manifest lists its counts.
pub const RULES: [&str; 7] = [
    BREAKDOWN_SUM_MISMATCH,
    PERCENTAGE_OUT_OF_RANGE,
    GROWTH_RATE_OUT_OF_RANGE,
    UNKNOWN_REGION,
    UNKNOWN_UNIT,
    HIGH_BELOW_STANDARD,
    DUPLICATE_CONTENT_ITEM,
];

/// `rules/breakdown-sum-mismatch.rhai`.
pub const BREAKDOWN_SUM_MISMATCH: &str = "breakdown-sum-mismatch";
/// `rules/percentage-out-of-range.rhai`.
pub const PERCENTAGE_OUT_OF_RANGE: &str = "percentage-out-of-range";
/// `rules/growth-rate-out-of-range.rhai`.
pub const GROWTH_RATE_OUT_OF_RANGE: &str = "growth-rate-out-of-range";
/// `rules/unknown-region.rhai`.
pub const UNKNOWN_REGION: &str = "unknown-region";
/// `rules/unknown-unit.rhai`.
pub const UNKNOWN_UNIT: &str = "unknown-unit";
/// `rules/high-below-standard.checks.ron`.
pub const HIGH_BELOW_STANDARD: &str = "high-below-standard";
/// `rules/duplicate-content-item.rhai`.
pub const DUPLICATE_CONTENT_ITEM: &str = "duplicate-content-item";
