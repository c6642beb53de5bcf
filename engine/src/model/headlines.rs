//! The headline targets (`data/headline-targets-2019.ron`, root
//! `HeadlineTargets`): every numeric 2019 target stated in the body text of
//! 温政办〔2019〕29号, with the sentence it comes from and the annex
//! indicators that measure the same thing.

use serde::{Deserialize, Serialize};

/// The body's numeric targets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "S: Deserialize<'de> + Default"))]
pub struct HeadlineTargets<S = String> {
    /// The body's title, verbatim.
    pub title: S,
    /// Document number and part.
    pub source: S,
    /// The target year.
    pub year: u32,
    /// The targets, in the order of the text.
    pub targets: Vec<HeadlineTarget<S>>,
}

/// One numeric target of the body text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "S: Deserialize<'de> + Default"))]
pub struct HeadlineTarget<S = String> {
    /// The heading of the section that states it, as printed.
    pub section: S,
    /// What is measured, in the text's words.
    pub what: S,
    /// The figure as printed (the lower end of a range).
    pub value: f64,
    /// The upper end, for a range (`1-2 家`).
    #[serde(default)]
    pub upper: Option<f64>,
    /// The unit as printed (`亿元`, `%`, `万户`).
    pub unit: S,
    /// `floor` (以上, 超, 力争, 突破), `exact`, `range` or `top` (a rank
    /// to reach: 前三).
    pub bound: S,
    /// The words that make it a floor, as printed (`以上`, `力争`).
    #[serde(default)]
    pub markers: Vec<S>,
    /// The sentence it comes from, verbatim.
    pub excerpt: S,
    /// The indicators of `targets-2019.ron` that measure the same thing,
    /// by exact name (their sum, if several).
    pub indicators: Vec<S>,
    /// The line of those indicators to compare with (`standard` or `high`),
    /// where that is clear.
    #[serde(default)]
    pub line: Option<S>,
}
