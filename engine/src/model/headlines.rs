//! The headline targets (`data/headline-targets-2019.ron`, root
//! `HeadlineTargets`): every numeric 2019 target stated in the body text of
//! 温政办〔2019〕29号, with the sentence it comes from and the annex
//! indicators that measure the same thing.

use serde::{Deserialize, Serialize};

/// The body's numeric targets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeadlineTargets {
    /// The body's title, verbatim.
    pub title: String,
    /// Document number and part.
    pub source: String,
    /// The target year.
    pub year: u32,
    /// The targets, in the order of the text.
    pub targets: Vec<HeadlineTarget>,
}

/// One numeric target of the body text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeadlineTarget {
    /// The heading of the section that states it, as printed.
    pub section: String,
    /// What is measured, in the text's words.
    pub what: String,
    /// The figure as printed (the lower end of a range).
    pub value: f64,
    /// The upper end, for a range (`1-2 家`).
    #[serde(default)]
    pub upper: Option<f64>,
    /// The unit as printed (`亿元`, `%`, `万户`).
    pub unit: String,
    /// `floor` (以上, 超, 力争, 突破), `exact`, `range` or `top` (a rank
    /// to reach: 前三).
    pub bound: String,
    /// The words that make it a floor, as printed (`以上`, `力争`).
    #[serde(default)]
    pub markers: Vec<String>,
    /// The sentence it comes from, verbatim.
    pub excerpt: String,
    /// The indicators of `targets-2019.ron` that measure the same thing,
    /// by exact name (their sum, if several).
    pub indicators: Vec<String>,
    /// The line of those indicators to compare with (`standard` or `high`),
    /// where that is clear.
    #[serde(default)]
    pub line: Option<String>,
}
