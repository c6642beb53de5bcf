//! `manifest.json`: what synth generated and every fault it injected, and
//! the comparison of a check's findings with it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The manifest of a generated data set (`DIR/manifest.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// The generator and its version.
    pub generator: String,
    /// The seed.
    pub seed: u64,
    /// The share of values given a fault.
    pub fault_rate: f64,
    /// How big the data set is.
    pub sizes: Sizes,
    /// Region × indicator figures: every region's figure of every
    /// indicator, each written once as a breakdown value (the country's as
    /// its high line). Equals `regions × indicators`.
    pub values: u64,
    /// Bytes of all data files (`data/**/*.ron`).
    pub data_bytes: u64,
    /// Injected faults per rule id (every rule of [`crate::RULES`], zeros
    /// included).
    pub counts: BTreeMap<String, usize>,
    /// Every injected fault, sorted by file and byte offset; each yields
    /// exactly one finding.
    pub faults: Vec<Fault>,
}

/// Sizes of a generated data set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sizes {
    /// Regions in the registry (country, provinces, cities, counties).
    pub regions: usize,
    /// Provinces.
    pub provinces: usize,
    /// Cities.
    pub cities: usize,
    /// Counties.
    pub counties: usize,
    /// Indicators per sheet.
    pub indicators: usize,
    /// Of which additive counts and amounts.
    pub additive: usize,
    /// Of which percentages.
    pub percent: usize,
    /// Of which growth rates.
    pub growth: usize,
    /// Target sheets (one per region that has sub-regions).
    pub sheets: usize,
    /// Breakdown values (`regions - 1` per indicator).
    pub breakdown_values: u64,
    /// Of which unassigned (`None`).
    pub unassigned: u64,
    /// Units in the unit registry.
    pub units: usize,
    /// Tasks of the responsibility table.
    pub tasks: usize,
    /// Content items of the responsibility table.
    pub items: usize,
    /// Unit names in the items' `units` lists.
    pub unit_refs: usize,
    /// Data files.
    pub files: usize,
}

/// One injected fault: the finding it must produce.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Fault {
    /// The rule id that must find it.
    pub rule: String,
    /// The data file, relative to the generated folder, as `tally check`
    /// run there prints it (`data/targets/province-03.ron`).
    pub file: String,
    /// The node path as tally's JSON prints it
    /// (`sheets[3].indicators[12].high`,
    /// `sheets[0].indicators[4].breakdown["第1省第2市第3"]@key`).
    pub path: String,
    /// The 1-based line of the node's first character.
    pub line: u32,
    /// The byte offset of the node's first character (`span.start`).
    pub start: u64,
    /// What was changed, for people.
    pub detail: String,
}

/// A finding reduced to what a manifest entry says.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Site {
    /// Rule id.
    pub rule: String,
    /// File as printed.
    pub file: String,
    /// Node path.
    pub path: String,
    /// 1-based line.
    pub line: u32,
    /// Byte offset.
    pub start: u64,
}

impl From<&Fault> for Site {
    fn from(f: &Fault) -> Self {
        Site {
            rule: f.rule.clone(),
            file: f.file.clone(),
            path: f.path.clone(),
            line: f.line,
            start: f.start,
        }
    }
}

impl std::fmt::Display for Site {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}:{} (byte {}) {}",
            self.rule, self.file, self.line, self.start, self.path
        )
    }
}

/// The sites of the diagnostics of a `tally check --format json` document.
/// Diagnostics without a file or path keep empty strings (they never match
/// a manifest entry, so they show up as unexpected).
pub fn sites_from_json(doc: &serde_json::Value) -> Vec<Site> {
    let empty = Vec::new();
    let diagnostics = doc
        .get("diagnostics")
        .and_then(|d| d.as_array())
        .unwrap_or(&empty);
    diagnostics
        .iter()
        .map(|d| {
            let text = |key: &str| d.get(key).and_then(|v| v.as_str()).unwrap_or("").to_owned();
            let span = |key: &str| {
                d.get("span")
                    .and_then(|s| s.get(key))
                    .and_then(|v| v.as_u64())
                    .unwrap_or(0)
            };
            Site {
                rule: text("rule"),
                file: text("file"),
                path: text("path"),
                line: u32::try_from(span("line")).unwrap_or(u32::MAX),
                start: span("start"),
            }
        })
        .collect()
}

/// The sites of an engine report's findings (as [`sites_from_json`] reads
/// them from the JSON output).
pub fn sites_from_report(report: &tally_engine::Report) -> Vec<Site> {
    report
        .findings
        .iter()
        .map(|f| match &f.site {
            Some(site) => Site {
                rule: f.rule.clone(),
                file: site.source.name.clone(),
                path: site.path.clone().unwrap_or_default(),
                line: u32::try_from(site.location.line).unwrap_or(u32::MAX),
                start: site.location.start as u64,
            },
            None => Site {
                rule: f.rule.clone(),
                file: String::new(),
                path: String::new(),
                line: 0,
                start: 0,
            },
        })
        .collect()
}

/// Reads `DIR/manifest.json`.
pub fn read(dir: &std::path::Path) -> std::io::Result<Manifest> {
    let text = std::fs::read_to_string(dir.join("manifest.json"))?;
    serde_json::from_str(&text).map_err(std::io::Error::other)
}

/// How a check's findings differ from a manifest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diff {
    /// Faults with no finding (lost).
    pub missing: Vec<Site>,
    /// Findings with no fault (invented), including a second finding at
    /// the same site.
    pub unexpected: Vec<Site>,
}

impl Diff {
    /// Whether the findings equal the manifest exactly.
    pub fn is_empty(&self) -> bool {
        self.missing.is_empty() && self.unexpected.is_empty()
    }
}

impl std::fmt::Display for Diff {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{} missing, {} unexpected",
            self.missing.len(),
            self.unexpected.len()
        )?;
        for s in self.missing.iter().take(20) {
            writeln!(f, "  missing:    {s}")?;
        }
        for s in self.unexpected.iter().take(20) {
            writeln!(f, "  unexpected: {s}")?;
        }
        Ok(())
    }
}

/// Compares findings with the manifest's faults as multisets.
pub fn diff(faults: &[Fault], found: &[Site]) -> Diff {
    let mut expected: BTreeMap<Site, usize> = BTreeMap::new();
    for f in faults {
        *expected.entry(Site::from(f)).or_default() += 1;
    }
    let mut out = Diff::default();
    for s in found {
        match expected.get_mut(s) {
            Some(n) if *n > 0 => *n -= 1,
            _ => out.unexpected.push(s.clone()),
        }
    }
    for (s, n) in expected {
        out.missing.extend(std::iter::repeat_n(s, n));
    }
    out.unexpected.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fault(path: &str) -> Fault {
        Fault {
            rule: "r".into(),
            file: "f".into(),
            path: path.into(),
            line: 1,
            start: 0,
            detail: String::new(),
        }
    }

    #[test]
    fn diff_counts_duplicates() {
        let faults = [fault("a"), fault("b")];
        let a = Site::from(&faults[0]);
        let d = diff(&faults, &[a.clone(), a.clone()]);
        assert_eq!(d.unexpected, vec![a]);
        assert_eq!(d.missing, vec![Site::from(&faults[1])]);
        assert!(!d.is_empty());
        assert!(diff(&faults, &[Site::from(&faults[1]), Site::from(&faults[0])]).is_empty());
    }

    #[test]
    fn sites_from_tally_json() {
        let doc = serde_json::json!({"diagnostics": [
            {"rule": "r", "file": "f", "path": "a", "span": {"start": 0, "line": 1}},
            {"rule": "rule-error", "message": "boom"},
        ]});
        let sites = sites_from_json(&doc);
        assert_eq!(sites.len(), 2);
        assert!(diff(&[fault("a")], &sites[..1]).is_empty());
        assert_eq!(diff(&[fault("a")], &sites).unexpected.len(), 1);
    }
}
