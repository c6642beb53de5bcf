//! The 2019 responsibility table (`data/responsibilities-2019.ron`, root
//! `ResponsibilityTable`): annex 1 of 温政办〔2019〕29号, its six parts, 23
//! tasks, their content items and the responsible units of each item.

use serde::{Deserialize, Serialize};

/// Annex 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "S: Deserialize<'de> + Default"))]
pub struct ResponsibilityTable<S = String> {
    /// The annex's title, verbatim.
    pub title: S,
    /// Document number and annex.
    pub source: S,
    /// The year the work plan is for.
    pub year: u32,
    /// The six parts (一 … 六).
    pub parts: Vec<Part<S>>,
}

/// One part of the table (the first column's merged cell).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "S: Deserialize<'de> + Default"))]
pub struct Part<S = String> {
    /// The part's Chinese numeral as printed (`一`).
    pub number: S,
    /// The part's heading (`推动数字经济核心产业发展`).
    pub title: S,
    /// The headline text printed after the heading, if any.
    #[serde(default)]
    pub headline: Option<S>,
    /// The part's numbered tasks.
    pub tasks: Vec<Task<S>>,
}

/// One numbered task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "S: Deserialize<'de> + Default"))]
pub struct Task<S = String> {
    /// The task's number (1 … 23).
    pub number: u32,
    /// The task's name as printed.
    pub name: S,
    /// The content items (内容与要求), in order.
    pub items: Vec<Item<S>>,
}

/// One content item and its responsible units.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "S: Deserialize<'de> + Default"))]
pub struct Item<S = String> {
    /// The content text, verbatim.
    pub text: S,
    /// The responsible units as printed, in order. Empty where the printed
    /// unit cell is merged with the one above (nothing is copied down).
    pub units: Vec<S>,
}
