//! The region registry (`data/regions.ron`, root `RegionRegistry`): the city,
//! its districts, county-level cities and counties, and the functional zones
//! that appear as rows of annexes 2, 3 and 4 of 温政办〔2019〕29号.

use serde::{Deserialize, Serialize};

/// Every region the seed's tables name, each once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "S: Deserialize<'de> + Default"))]
pub struct RegionRegistry<S = String> {
    /// The title of the document the regions are taken from.
    pub title: S,
    /// Where in the seed the regions come from.
    pub source: S,
    /// The regions, in the seed's row order (the city first).
    pub regions: Vec<Region<S>>,
}

/// One region.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "S: Deserialize<'de> + Default"))]
pub struct Region<S = String> {
    /// The name as printed (`鹿城区`).
    pub name: S,
    /// `city`, `district`, `county_city` (县级市), `county` or `functional_zone`.
    pub kind: S,
    /// The region it belongs to; `None` for the city.
    #[serde(default)]
    pub parent: Option<S>,
}
