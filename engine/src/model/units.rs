//! The unit registry (`data/units.ron`, root `UnitRegistry`): every
//! responsible unit named in 温政办〔2019〕29号 (the body's 工作要求, annex 1,
//! annex 5), once, under its canonical name, and the collective designations
//! (各县（市、区）人民政府, …).

use serde::{Deserialize, Serialize};

/// Every responsible unit, once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "S: Deserialize<'de> + Default"))]
pub struct UnitRegistry<S = String> {
    /// The title of the document the units are taken from.
    pub title: S,
    /// Where in the seed the units come from.
    pub source: S,
    /// The units.
    pub units: Vec<Unit<S>>,
}

/// One responsible unit or collective designation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "S: Deserialize<'de> + Default"))]
pub struct Unit<S = String> {
    /// The canonical name (`市经信局`).
    pub name: S,
    /// `department` (市 government or party department), `office`
    /// (coordination office), `group` (leading or working group),
    /// `enterprise`, `branch` (local branch of a provincial or national
    /// body), `government` (a county-level people's government),
    /// `zone_committee` (a functional zone's management committee) or
    /// `collective` (a designation of several units).
    pub kind: S,
    /// For a `government` or `zone_committee`: its region in `regions.ron`.
    #[serde(default)]
    pub region: Option<S>,
    /// For a group or office: the body it belongs to.
    #[serde(default)]
    pub parent: Option<S>,
    /// For a group: the unit that leads it (牵头); for an office: the unit
    /// that houses it (设在).
    #[serde(default)]
    pub lead: Option<S>,
    /// Other spellings accepted as this unit (none shipped: variants are
    /// left for the rules to flag).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<S>,
}
