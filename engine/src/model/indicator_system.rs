//! The 2017 indicator system (`data/indicator-system-2017.ron`, root
//! `IndicatorSystem`): annex 5 of 温政办〔2019〕29号, the five categories with
//! their points, first- and second-level indicators, weights, 2017 values,
//! ranks, target ranks and the responsible units of each merged block.

use serde::{Deserialize, Serialize};

/// Annex 5.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorSystem {
    /// The annex's title, verbatim.
    pub title: String,
    /// Document number and annex.
    pub source: String,
    /// The evaluated year.
    pub year: u32,
    /// The five categories (类别).
    pub categories: Vec<Category>,
}

/// One category (类别).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// The category's name (`基础设施`).
    pub name: String,
    /// Its points, printed after the name (`(20分)`).
    pub points: f64,
    /// Its first-level indicators (一级指标).
    pub groups: Vec<FirstLevel>,
    /// The responsible units, one block per merged cell of the 责任单位
    /// column.
    pub responsible: Vec<ResponsibilityBlock>,
}

/// One first-level indicator (一级指标).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FirstLevel {
    /// Its name.
    pub name: String,
    /// Its second-level indicators (二级指标).
    pub indicators: Vec<SystemIndicator>,
}

/// One second-level indicator (二级指标): a row of the annex.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SystemIndicator {
    /// Its name as printed.
    pub name: String,
    /// Its unit (单位).
    pub unit: String,
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
pub struct ResponsibilityBlock {
    /// The second-level indicators the cell spans, by name.
    pub indicators: Vec<String>,
    /// The units as printed, in order, without the `*` mark and without the
    /// enterprise population that qualifies a lead unit.
    pub units: Vec<String>,
    /// The lead units (marked `*`).
    pub lead: Vec<LeadUnit>,
}

/// A lead unit (marked `*`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeadUnit {
    /// The unit, as in `units`.
    pub unit: String,
    /// The enterprise population it leads for, where printed
    /// (`规上服务业法人单位`).
    #[serde(default)]
    pub scope: Option<String>,
}
