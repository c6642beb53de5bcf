//! Typed Rust structs for the shipped table kinds (see `data/`).
//!
//! One module per data file kind; each root struct is named as the RON root
//! of its file (`TargetTable(..)` deserializes into [`TargetTable`]).
//! [`deserialize_kind`] picks the struct by that name.
//!
//! The structs take the type of their text (`S`) and, where they have one,
//! of their map (`M`) as parameters whose defaults are `String` and
//! `IndexMap`: the `shape` check walks them with types that keep nothing,
//! so that asking whether a national table fits allocates nothing per
//! value.

pub mod evaluation;
pub mod headlines;
pub mod indicator_system;
pub mod regions;
pub mod responsibilities;
pub mod targets;
pub mod units;

// The whole typed model is for embedders (behind `internals`); the engine
// itself names only the table types.
#[cfg_attr(not(feature = "internals"), allow(unused_imports))]
pub use evaluation::{Evaluation, EvaluationRow, Score};
#[cfg_attr(not(feature = "internals"), allow(unused_imports))]
pub use headlines::{HeadlineTarget, HeadlineTargets};
#[cfg_attr(not(feature = "internals"), allow(unused_imports))]
pub use indicator_system::{
    Category, FirstLevel, IndicatorSystem, LeadUnit, ResponsibilityBlock, SystemIndicator,
};
#[cfg_attr(not(feature = "internals"), allow(unused_imports))]
pub use regions::{Region, RegionRegistry};
#[cfg_attr(not(feature = "internals"), allow(unused_imports))]
pub use responsibilities::{Item, Part, ResponsibilityTable, Task};
#[cfg_attr(not(feature = "internals"), allow(unused_imports))]
pub use targets::{TargetIndicator, TargetSheet, TargetTable};
#[cfg_attr(not(feature = "internals"), allow(unused_imports))]
pub use units::{Unit, UnitRegistry};

/// One of the table kinds tally ships, deserialized.
#[derive(Debug, Clone, PartialEq)]
pub enum Table {
    /// `data/regions.ron`: the region registry.
    Regions(RegionRegistry),
    /// `data/units.ron`: the unit registry.
    Units(UnitRegistry),
    /// `data/targets-2019.ron`: the 2019 indicator targets (annexes 2 and 3).
    Targets(TargetTable),
    /// `data/responsibilities-2019.ron`: the 2019 responsibility table (annex 1).
    Responsibilities(ResponsibilityTable),
    /// `data/evaluation-2017.ron`: the 2017 evaluation of the regions (annex 4).
    Evaluation(Evaluation),
    /// `data/indicator-system-2017.ron`: the 2017 indicator system (annex 5).
    IndicatorSystem(IndicatorSystem),
    /// `data/headline-targets-2019.ron`: the numeric targets of the body text.
    Headlines(HeadlineTargets),
}

impl Table {
    /// The RON root name of this table's kind (one of [`KINDS`]).
    #[cfg_attr(not(feature = "internals"), allow(dead_code))]
    pub fn kind(&self) -> &'static str {
        match self {
            Table::Regions(_) => "RegionRegistry",
            Table::Units(_) => "UnitRegistry",
            Table::Targets(_) => "TargetTable",
            Table::Responsibilities(_) => "ResponsibilityTable",
            Table::Evaluation(_) => "Evaluation",
            Table::IndicatorSystem(_) => "IndicatorSystem",
            Table::Headlines(_) => "HeadlineTargets",
        }
    }
}

/// The RON root names of the shipped kinds.
pub const KINDS: &[&str] = &[
    "RegionRegistry",
    "UnitRegistry",
    "TargetTable",
    "ResponsibilityTable",
    "Evaluation",
    "IndicatorSystem",
    "HeadlineTargets",
];

/// Deserializes `text` as the shipped kind named `kind`; `None` if `kind` is
/// not a shipped kind.
pub fn deserialize_kind(kind: &str, text: &str) -> Option<Result<Table, ron::error::SpannedError>> {
    let table = match kind {
        "RegionRegistry" => ron::from_str(text).map(Table::Regions),
        "UnitRegistry" => ron::from_str(text).map(Table::Units),
        "TargetTable" => ron::from_str(text).map(Table::Targets),
        "ResponsibilityTable" => ron::from_str(text).map(Table::Responsibilities),
        "Evaluation" => ron::from_str(text).map(Table::Evaluation),
        "IndicatorSystem" => ron::from_str(text).map(Table::IndicatorSystem),
        "HeadlineTargets" => ron::from_str(text).map(Table::Headlines),
        _ => return None,
    };
    Some(table)
}
