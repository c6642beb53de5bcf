//! The 2019 indicator targets (`data/targets-2019.ron`, root `TargetTable`):
//! annexes 2 and 3 of 温政办〔2019〕29号, the city's standard and high lines
//! and the per-region breakdown of each indicator.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// The two target sheets of 2019.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "S: Deserialize<'de> + Default, M: Deserialize<'de>"))]
pub struct TargetTable<S = String, M = IndexMap<String, Option<f64>>> {
    /// The common title of the two annexes.
    pub title: S,
    /// Document number and annexes.
    pub source: S,
    /// The target year.
    pub year: u32,
    /// One sheet per annex (附件 2, 附件 3).
    pub sheets: Vec<TargetSheet<S, M>>,
}

/// One annex of targets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "S: Deserialize<'de> + Default, M: Deserialize<'de>"))]
pub struct TargetSheet<S = String, M = IndexMap<String, Option<f64>>> {
    /// The annex number (2 or 3).
    pub annex: u32,
    /// The annex's title, verbatim.
    pub title: S,
    /// Its indicators (columns), in the printed order.
    pub indicators: Vec<TargetIndicator<S, M>>,
}

/// One indicator: a column of the annex.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "S: Deserialize<'de> + Default, M: Deserialize<'de>"))]
pub struct TargetIndicator<S = String, M = IndexMap<String, Option<f64>>> {
    /// The name as printed in the column head, without its unit.
    pub name: S,
    /// The unit printed in the column head (`亿元`, `%`, `个`).
    pub unit: S,
    /// The printed column group this indicator is under, if any
    /// (`通信设施建设和改造`).
    #[serde(default)]
    pub group: Option<S>,
    /// Whether the regional figures add up to the city figure (counts and
    /// amounts do; growth rates and percentages do not).
    pub additive: bool,
    /// The city's standard line (全市 标线).
    pub standard: f64,
    /// The city's high line (全市 高线).
    pub high: f64,
    /// Region name → figure, in the printed row order; `None` is a `-`
    /// (not assigned). A blank cell is left out.
    pub breakdown: M,
}
