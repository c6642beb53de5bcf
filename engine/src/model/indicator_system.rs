//! The 2017 indicator system (`data/indicator-system-2017.ron`, root
//! `IndicatorSystem`): annex 5 of 温政办〔2019〕29号, the five categories with
//! their points, first- and second-level indicators, weights, 2017 values,
//! ranks, target ranks and the responsible units of each merged block.

use serde::{Deserialize, Serialize};

/// Annex 5.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "S: Deserialize<'de> + Default"))]
pub struct IndicatorSystem<S = String> {
    /// The annex's title, verbatim.
    pub title: S,
    /// Document number and annex.
    pub source: S,
    /// The evaluated year.
    pub year: u32,
    /// The five categories (类别).
    pub categories: Vec<Category<S>>,
}

/// One category (类别).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "S: Deserialize<'de> + Default"))]
pub struct Category<S = String> {
    /// The category's name (`基础设施`).
    pub name: S,
    /// Its points, printed after the name (`(20分)`).
    pub points: f64,
    /// Its first-level indicators (一级指标).
    pub groups: Vec<FirstLevel<S>>,
    /// The responsible units, one block per merged cell of the 责任单位
    /// column.
    pub responsible: Vec<ResponsibilityBlock<S>>,
}

/// One first-level indicator (一级指标).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "S: Deserialize<'de> + Default"))]
pub struct FirstLevel<S = String> {
    /// Its name.
    pub name: S,
    /// Its second-level indicators (二级指标).
    pub indicators: Vec<SystemIndicator<S>>,
}

/// One second-level indicator (二级指标): a row of the annex.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "S: Deserialize<'de> + Default"))]
pub struct SystemIndicator<S = String> {
    /// Its name as printed.
    pub name: S,
    /// Its unit (单位).
    pub unit: S,
    /// Its weight (权重).
    pub weight: f64,
    /// The 2017 value (数值).
    pub value: f64,
    /// The 2017 provincial rank (全省位次).
    pub rank: u32,
    /// The 2018–2019 target rank (晋升目标).
    pub target_rank: u32,
}

/// The responsible units of one merged cell, and the rows it spans.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "S: Deserialize<'de> + Default"))]
pub struct ResponsibilityBlock<S = String> {
    /// The second-level indicators the cell spans, by name.
    pub indicators: Vec<S>,
    /// The units as printed, in order, without the `*` mark and without the
    /// enterprise population that qualifies a lead unit.
    pub units: Vec<S>,
    /// The lead units (marked `*`).
    pub lead: Vec<LeadUnit<S>>,
}

/// A lead unit (marked `*`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "S: Deserialize<'de> + Default"))]
pub struct LeadUnit<S = String> {
    /// The unit, as in `units`.
    pub unit: S,
    /// The enterprise population it leads for, where printed
    /// (`规上服务业法人单位`).
    #[serde(default)]
    pub scope: Option<S>,
}
