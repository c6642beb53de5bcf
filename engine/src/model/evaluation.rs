//! The 2017 evaluation (`data/evaluation-2017.ron`, root `Evaluation`):
//! annex 4 of 温政办〔2019〕29号, the five dimension scores and ranks of the
//! city and its 11 county-level regions, their tiers and promotion targets.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// Annex 4.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "S: Deserialize<'de> + Default, M: Deserialize<'de>"))]
pub struct Evaluation<S = String, M = IndexMap<String, Score>> {
    /// The annex's title, verbatim.
    pub title: S,
    /// Document number and annex.
    pub source: S,
    /// The evaluated year.
    pub year: u32,
    /// The regions' rows, in the printed order (the city first).
    pub rows: Vec<EvaluationRow<S, M>>,
}

/// One region's row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "S: Deserialize<'de> + Default, M: Deserialize<'de>"))]
pub struct EvaluationRow<S = String, M = IndexMap<String, Score>> {
    /// The region, as printed.
    pub region: S,
    /// Dimension name → score and provincial rank, in the printed order.
    pub scores: M,
    /// The total index (总指数) and its provincial rank.
    pub total: Score,
    /// The 2017 provincial tier as printed (`第三层次`); `None` where blank.
    #[serde(default)]
    pub tier: Option<S>,
    /// The 2018–2019 provincial rank target: `前 N 名` kept as N.
    pub target_rank: u32,
    /// The 2018–2019 target tier as printed; `None` where blank.
    #[serde(default)]
    pub target_tier: Option<S>,
}

/// A score and its provincial rank.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Score {
    /// The score (得分).
    pub score: f64,
    /// The provincial rank (全省位次).
    pub rank: u32,
}
