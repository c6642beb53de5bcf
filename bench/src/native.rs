//! The shipped rules that apply to synth data, hand-written in Rust over
//! the engine's own parsed data (the [`Document`] arena of
//! [`tally_engine::load`]): the reference for what the rule layer costs.
//!
//! Each function follows its `rules/<id>.rhai` (and the `rules/lib/`
//! helpers it imports) step for step, with the defaults of its parameters:
//! the same tables, the same fields, the same treatment of unassigned
//! values, the same comparison slack, the same node reported. Findings are
//! (rule, file, node), located by [`sites`] (path, line, column) as tally
//! locates its own; messages, help and figures are left out, since they
//! are not what the comparison with the manifest is about (so the rule
//! phase is charged for wording its findings and the reference is not).
//! Where the script's algorithm is needlessly slow (the shared-suffix test
//! of `unknown-unit` scans every registered name), the reference computes
//! the same answer the direct way: it is the cost of the checks, not of the
//! script's way of doing them. Suggestions ("did you mean") are not
//! computed.
//!
//! Not covered: `promotion-target-below-current`, `weights-mismatch`,
//! `total-index-mismatch` and `headline-target-mismatch`, whose tables
//! (`Evaluation`, `IndicatorSystem`, `HeadlineTargets`) synth does not
//! generate.

use std::collections::HashSet as StdHashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;

use tally_engine::load::{self, DataFile};
// The rule API's rounding of float sums, so that both round alike.
use tally_engine::runtime::round_figure;
use tally_engine::span::{Document, NodeId, NodeKind};

use crate::manifest::Site;
use crate::{
    BREAKDOWN_SUM_MISMATCH, DUPLICATE_CONTENT_ITEM, GROWTH_RATE_OUT_OF_RANGE, HIGH_BELOW_STANDARD,
    PERCENTAGE_OUT_OF_RANGE, UNKNOWN_REGION, UNKNOWN_UNIT,
};

/// FxHash (rustc's): what a hand-written checker would hash names with.
#[derive(Default, Clone, Copy)]
struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type HashSet<T> = StdHashSet<T, BuildHasherDefault<Fx>>;

/// A located finding of the reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct NativeFinding {
    /// The rule id.
    pub rule: &'static str,
    /// Index of the file in the slice that was checked.
    pub file: usize,
    /// The node reported (a map key node for `unknown-region` on a
    /// breakdown key).
    pub node: NodeId,
}

/// Reads and parses every `*.ron` file under `dir/data`, named as
/// `tally check` run in `dir` names them (`data/targets/national.ron`), in
/// name order. Files that cannot be read are left out; files that do not
/// parse have no document.
pub fn load_project(dir: &Path) -> Vec<DataFile> {
    let (paths, _) = load::discover(&dir.join("data"), "ron");
    paths
        .iter()
        .filter_map(|path| {
            let bytes = std::fs::read(path).ok()?;
            let name = path.strip_prefix(dir).unwrap_or(path);
            Some(load::load_text(tally_engine::text::display(name), path, &bytes).0)
        })
        .collect()
}

/// Runs every rule of the reference.
pub fn check(files: &[DataFile]) -> Vec<NativeFinding> {
    let mut out = Vec::new();
    for rule in crate::RULES {
        out.extend(check_rule(rule, files));
    }
    out
}

/// Runs one rule of the reference; an id it does not cover finds nothing.
pub fn check_rule(rule: &str, files: &[DataFile]) -> Vec<NativeFinding> {
    let mut ctx = Ctx {
        files,
        out: Vec::new(),
    };
    match rule {
        BREAKDOWN_SUM_MISMATCH => ctx.breakdown_sum_mismatch(),
        PERCENTAGE_OUT_OF_RANGE => ctx.percent_figures(false),
        GROWTH_RATE_OUT_OF_RANGE => ctx.percent_figures(true),
        UNKNOWN_REGION => ctx.unknown_region(),
        UNKNOWN_UNIT => ctx.unknown_unit(),
        HIGH_BELOW_STANDARD => ctx.high_below_standard(),
        DUPLICATE_CONTENT_ITEM => ctx.duplicate_content_item(),
        _ => {}
    }
    ctx.out
}

/// The findings as manifest sites: file name, path, 1-based line, byte
/// offset.
pub fn sites(files: &[DataFile], findings: &[NativeFinding]) -> Vec<Site> {
    findings
        .iter()
        .filter_map(|f| {
            let file = files.get(f.file)?;
            let site = file.site(f.node)?;
            Some(Site {
                rule: f.rule.to_owned(),
                file: file.name().to_owned(),
                path: site.path.unwrap_or_default(),
                line: site.location.line as u32,
                start: site.location.start as u64,
            })
        })
        .collect()
}

/// A figure as the rule API reads it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Value {
    Int(i64),
    Float(f64),
}

impl Value {
    fn get(self) -> f64 {
        match self {
            Value::Int(i) => i as f64,
            Value::Float(f) => f,
        }
    }
}

/// One document's nodes, read as the rules see them.
#[derive(Clone, Copy)]
struct View<'a> {
    doc: &'a Document,
}

impl<'a> View<'a> {
    fn kind(self, id: NodeId) -> Option<NodeKind<'a>> {
        self.doc.kind(id)
    }

    /// The node a value stands for: the inside of `Some(..)`.
    fn resolve(self, mut id: NodeId) -> NodeId {
        while let Some(NodeKind::Some(inner)) = self.kind(id) {
            id = inner;
        }
        id
    }

    /// `x.name`: a struct field (resolved).
    fn field(self, id: NodeId, name: &str) -> Option<NodeId> {
        self.doc.field(self.resolve(id), name).map(|v| self.resolve(v))
    }

    /// The elements of a list or tuple (`for x in list`); empty otherwise.
    fn items(self, id: Option<NodeId>) -> &'a [NodeId] {
        match id.and_then(|id| self.kind(self.resolve(id))) {
            Some(NodeKind::List(items)) | Some(NodeKind::Tuple { items, .. }) => items,
            _ => &[],
        }
    }

    fn str(self, id: NodeId) -> Option<&'a str> {
        match self.kind(self.resolve(id))? {
            NodeKind::Str(s) => Some(s),
            _ => None,
        }
    }

    fn bool(self, id: NodeId) -> Option<bool> {
        match self.kind(self.resolve(id))? {
            NodeKind::Bool(b) => Some(b),
            _ => None,
        }
    }

    fn number(self, id: NodeId) -> Option<Value> {
        match self.kind(self.resolve(id))? {
            NodeKind::Int(i) => Some(Value::Int(i)),
            NodeKind::Float(f) => Some(Value::Float(f)),
            _ => None,
        }
    }

    /// Whether a value is unassigned (`None`, `()`).
    fn unassigned(self, id: NodeId) -> bool {
        matches!(self.kind(self.resolve(id)), Some(NodeKind::None | NodeKind::Unit))
    }

    /// Map entries, or list elements with no key: the members of a breakdown.
    fn members(self, id: NodeId) -> impl Iterator<Item = (Option<NodeId>, NodeId)> + 'a {
        let (entries, items): (&[(NodeId, NodeId)], &[NodeId]) = match self.kind(self.resolve(id)) {
            Some(NodeKind::Map(entries)) => (entries, &[]),
            Some(NodeKind::List(items)) | Some(NodeKind::Tuple { items, .. }) => (&[], items),
            _ => (&[], &[]),
        };
        entries
            .iter()
            .map(|&(k, v)| (Some(k), v))
            .chain(items.iter().map(|&v| (None, v)))
    }

    /// A map key as text (`key_text` of the engine, for string keys).
    fn key(self, id: NodeId) -> Option<&'a str> {
        self.str(id)
    }
}

/// `sum(values, "skip")`: integers add as integers, any float makes a
/// (Neumaier-compensated, rounded) float.
fn sum(values: &[Value]) -> f64 {
    if values.iter().all(|v| matches!(v, Value::Int(_))) {
        return values.iter().map(|v| v.get()).sum();
    }
    let (mut total, mut c) = (0.0_f64, 0.0_f64);
    for v in values {
        let v = v.get();
        let t = total + v;
        if total.abs() >= v.abs() {
            c += (total - t) + v;
        } else {
            c += (v - t) + total;
        }
        total = t;
    }
    round_figure(total + c)
}

/// `compare(actual, expected, 0).ok`.
fn equal(actual: f64, expected: f64) -> bool {
    let slack = 1e-9 * actual.abs().max(expected.abs()).max(1.0);
    (actual - expected).abs() <= slack
}

/// `normalize` of `rules/lib/names.rhai`: half-width brackets made full-width.
fn normalize(name: &str) -> String {
    name.replace('(', "（").replace(')', "）")
}

struct Ctx<'a> {
    files: &'a [DataFile],
    out: Vec<NativeFinding>,
}

impl<'a> Ctx<'a> {
    /// `tables(kind)`: the files whose root is named `kind`, in name order.
    fn tables(&self, kind: &str) -> Vec<(usize, View<'a>, NodeId)> {
        self.files
            .iter()
            .enumerate()
            .filter_map(|(i, f)| {
                let doc = f.document.as_deref()?;
                (doc.root_name() == Some(kind)).then_some((i, View { doc }, doc.root()))
            })
            .collect()
    }

    fn report(&mut self, rule: &'static str, file: usize, view: View<'_>, node: NodeId) {
        self.out.push(NativeFinding {
            rule,
            file,
            node: view.resolve(node),
        });
    }

    /// `t::all_indicators(tables("TargetTable"))`.
    fn indicators(&self) -> Vec<(usize, View<'a>, NodeId)> {
        let mut out = Vec::new();
        for (file, v, root) in self.tables("TargetTable") {
            for &sheet in v.items(v.field(root, "sheets")) {
                for &ind in v.items(v.field(sheet, "indicators")) {
                    out.push((file, v, ind));
                }
            }
        }
        out
    }

    fn breakdown_sum_mismatch(&mut self) {
        let mut figures = Vec::new();
        for (file, v, ind) in self.indicators() {
            if ind_bool(v, ind, "additive") != Some(true) {
                continue;
            }
            let Some(breakdown) = v.field(ind, "breakdown") else {
                continue;
            };
            figures.clear();
            for (_, value) in v.members(breakdown) {
                if let Some(n) = v.number(value) {
                    figures.push(n);
                }
            }
            if figures.is_empty() {
                continue;
            }
            let total = sum(&figures);
            let (Some(standard), Some(high)) = (v.field(ind, "standard"), v.field(ind, "high")) else {
                continue;
            };
            let (Some(s), Some(h)) = (v.number(standard), v.number(high)) else {
                continue;
            };
            if !equal(total, s.get()) && !equal(total, h.get()) {
                self.report(BREAKDOWN_SUM_MISMATCH, file, v, high);
            }
        }
    }

    /// `percentage-out-of-range` (`growth == false`) and
    /// `growth-rate-out-of-range` (`growth == true`) over the figures of
    /// `f::with_unit(…, "%")`.
    fn percent_figures(&mut self, growth: bool) {
        let (rule, min, max) = if growth {
            (GROWTH_RATE_OUT_OF_RANGE, -50.0, 100.0)
        } else {
            (PERCENTAGE_OUT_OF_RANGE, 0.0, 100.0)
        };
        let growth_name = |name: &str| name.contains("增速") || name.contains("增长");
        let mut hits: Vec<(usize, View<'a>, NodeId)> = Vec::new();
        let mut check = |file: usize, v: View<'a>, node: NodeId| {
            if let Some(x) = v.number(node) {
                let x = x.get();
                if !(x >= min && x <= max) {
                    hits.push((file, v, node));
                }
            }
        };
        for (file, v, ind) in self.indicators() {
            let is_pct = v.field(ind, "unit").and_then(|u| v.str(u)) == Some("%");
            let name = v.field(ind, "name").and_then(|n| v.str(n)).unwrap_or("");
            if !is_pct || growth_name(name) != growth {
                continue;
            }
            for line in ["standard", "high"] {
                if let Some(node) = v.field(ind, line) {
                    check(file, v, node);
                }
            }
            if let Some(breakdown) = v.field(ind, "breakdown") {
                for (_, value) in v.members(breakdown) {
                    if !v.unassigned(value) {
                        check(file, v, value);
                    }
                }
            }
        }
        for (file, v, root) in self.tables("IndicatorSystem") {
            for &category in v.items(v.field(root, "categories")) {
                for &group in v.items(v.field(category, "groups")) {
                    for &ind in v.items(v.field(group, "indicators")) {
                        let is_pct = v.field(ind, "unit").and_then(|u| v.str(u)) == Some("%");
                        let name = v.field(ind, "name").and_then(|n| v.str(n)).unwrap_or("");
                        if is_pct && growth_name(name) == growth {
                            if let Some(node) = v.field(ind, "value") {
                                check(file, v, node);
                            }
                        }
                    }
                }
            }
        }
        for (file, v, root) in self.tables("HeadlineTargets") {
            for &target in v.items(v.field(root, "targets")) {
                let is_pct = v.field(target, "unit").and_then(|u| v.str(u)) == Some("%");
                let what = v.field(target, "what").and_then(|n| v.str(n)).unwrap_or("");
                if !is_pct || growth_name(what) != growth {
                    continue;
                }
                for field in ["value", "upper"] {
                    if let Some(node) = v.field(target, field) {
                        check(file, v, node);
                    }
                }
            }
        }
        for (file, v, node) in hits {
            self.report(rule, file, v, node);
        }
    }

    fn unknown_region(&mut self) {
        let mut names: HashSet<&str> = HashSet::default();
        let mut records = 0usize;
        let registries = self.tables("RegionRegistry");
        for &(_, v, root) in &registries {
            for &region in v.items(v.field(root, "regions")) {
                records += 1;
                if let Some(name) = v.field(region, "name").and_then(|n| v.str(n)) {
                    names.insert(name);
                }
            }
        }
        if records == 0 {
            return;
        }
        let known = |v: View<'_>, node: NodeId| v.str(node).is_none_or(|s| names.contains(s));
        let mut hits: Vec<(usize, View<'a>, NodeId)> = Vec::new();
        for &(file, v, root) in &registries {
            for &region in v.items(v.field(root, "regions")) {
                if let Some(parent) = v.field(region, "parent") {
                    if !v.unassigned(parent) && !known(v, parent) {
                        hits.push((file, v, parent));
                    }
                }
            }
        }
        for (file, v, ind) in self.indicators() {
            let Some(breakdown) = v.field(ind, "breakdown") else {
                continue;
            };
            let Some(NodeKind::Map(entries)) = v.kind(breakdown) else {
                continue;
            };
            for (i, &(key, _)) in entries.iter().enumerate() {
                let Some(text) = v.key(key) else { continue };
                // Rhai's map keys are unique: a repeated unknown key is reported once.
                if !names.contains(text) && !entries[..i].iter().any(|&(k, _)| v.key(k) == Some(text)) {
                    hits.push((file, v, key));
                }
            }
        }
        for (file, v, root) in self.tables("Evaluation") {
            for &row in v.items(v.field(root, "rows")) {
                if let Some(region) = v.field(row, "region") {
                    if !known(v, region) {
                        hits.push((file, v, region));
                    }
                }
            }
        }
        for (file, v, root) in self.tables("UnitRegistry") {
            for &unit in v.items(v.field(root, "units")) {
                if let Some(region) = v.field(unit, "region") {
                    if !v.unassigned(region) && !known(v, region) {
                        hits.push((file, v, region));
                    }
                }
            }
        }
        for (file, v, node) in hits {
            // A key node is reported as is (`resolve` leaves it alone).
            self.report(UNKNOWN_REGION, file, v, node);
        }
    }

    fn unknown_unit(&mut self) {
        let registries = self.tables("UnitRegistry");
        // `n::lookup`: normalized name or alias → canonical name.
        let mut table: HashSet<String> = HashSet::default();
        let mut records = 0usize;
        for &(_, v, root) in &registries {
            for &unit in v.items(v.field(root, "units")) {
                records += 1;
                if let Some(name) = v.field(unit, "name").and_then(|n| v.str(n)) {
                    table.insert(normalize(name));
                }
                for &alias in v.items(v.field(unit, "aliases")) {
                    if let Some(a) = v.str(alias) {
                        table.insert(normalize(a));
                    }
                }
            }
        }
        if records == 0 {
            return;
        }
        let known = |name: &str| table.contains(&normalize(name));
        // `n::shares_suffix`: some registered name is `name` plus a suffix
        // that a later, known entry of the list ends with.
        let shares_suffix = |v: View<'_>, list: &[NodeId], index: usize, name: &str| {
            let key = normalize(name);
            let mut candidate = String::with_capacity(key.len() + 64);
            list.iter().skip(index + 1).any(|&later| {
                let Some(later) = v.str(later) else { return false };
                let later = normalize(later);
                if later == key || !table.contains(&later) {
                    return false;
                }
                later.char_indices().any(|(i, _)| {
                    candidate.clear();
                    candidate.push_str(&key);
                    candidate.push_str(&later[i..]);
                    table.contains(&candidate)
                })
            })
        };
        let mut hits: Vec<(usize, View<'a>, NodeId)> = Vec::new();
        let mut check_unit = |file: usize, v: View<'a>, list: &[NodeId], index: usize, node: NodeId| {
            let Some(name) = v.str(node) else { return };
            if !known(name) && !shares_suffix(v, list, index, name) {
                hits.push((file, v, node));
            }
        };
        for &(file, v, root) in &registries {
            for &unit in v.items(v.field(root, "units")) {
                for field in ["parent", "lead"] {
                    if let Some(other) = v.field(unit, field) {
                        if !v.unassigned(other) {
                            check_unit(file, v, &[other], 0, other);
                        }
                    }
                }
            }
        }
        for (file, v, root) in self.tables("ResponsibilityTable") {
            for &part in v.items(v.field(root, "parts")) {
                for &task in v.items(v.field(part, "tasks")) {
                    for &item in v.items(v.field(task, "items")) {
                        let units = v.items(v.field(item, "units"));
                        for (i, &unit) in units.iter().enumerate() {
                            check_unit(file, v, units, i, unit);
                        }
                    }
                }
            }
        }
        for (file, v, root) in self.tables("IndicatorSystem") {
            for &category in v.items(v.field(root, "categories")) {
                for &block in v.items(v.field(category, "responsible")) {
                    let units = v.items(v.field(block, "units"));
                    for (i, &unit) in units.iter().enumerate() {
                        check_unit(file, v, units, i, unit);
                    }
                    for &lead in v.items(v.field(block, "lead")) {
                        let Some(unit) = v.field(lead, "unit") else {
                            continue;
                        };
                        let listed = v
                            .str(unit)
                            .is_some_and(|name| units.iter().any(|&u| v.str(u) == Some(name)));
                        if !listed {
                            check_unit(file, v, &[unit], 0, unit);
                        }
                    }
                }
            }
        }
        for (file, v, node) in hits {
            self.report(UNKNOWN_UNIT, file, v, node);
        }
    }

    fn high_below_standard(&mut self) {
        for (file, v, ind) in self.indicators() {
            let (Some(standard), Some(high)) = (v.field(ind, "standard"), v.field(ind, "high")) else {
                continue;
            };
            if let (Some(s), Some(h)) = (v.number(standard), v.number(high)) {
                if h.get() < s.get() {
                    self.report(HIGH_BELOW_STANDARD, file, v, high);
                }
            }
        }
    }

    fn duplicate_content_item(&mut self) {
        for (file, v, root) in self.tables("ResponsibilityTable") {
            let mut seen: HashSet<&str> = HashSet::default();
            for &part in v.items(v.field(root, "parts")) {
                for &task in v.items(v.field(part, "tasks")) {
                    for &item in v.items(v.field(task, "items")) {
                        let Some(text) = v.field(item, "text") else {
                            continue;
                        };
                        let Some(s) = v.str(text) else { continue };
                        if !seen.insert(s.trim()) {
                            self.report(DUPLICATE_CONTENT_ITEM, file, v, text);
                        }
                    }
                }
            }
        }
    }
}

fn ind_bool(v: View<'_>, ind: NodeId, field: &str) -> Option<bool> {
    v.field(ind, field).and_then(|b| v.bool(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_like_the_rule_api() {
        assert_eq!(sum(&[Value::Int(2), Value::Int(3)]), 5.0);
        assert_eq!(sum(&[Value::Float(0.1), Value::Float(0.2)]), 0.3);
        assert!(equal(0.1 + 0.2, 0.3));
        assert!(!equal(1_000_010.0, 1_000_000.0));
    }

    #[test]
    fn shared_suffix_listing_is_known() {
        let text = r#"#![enable(implicit_some)]
UnitRegistry(title: "", source: "", units: [
    (name: "乐清市人民政府", kind: "government"),
    (name: "平阳县人民政府", kind: "government"),
    (name: "各县（市、区）人民政府", kind: "collective"),
])"#;
        let items = r#"ResponsibilityTable(title: "", source: "", year: 2019, parts: [(number: "一", title: "", tasks: [
    (number: 1, name: "", items: [
        (text: "a", units: ["乐清市", "平阳县人民政府", "各县(市、区)人民政府"]),
        (text: " a ", units: ["平阳县政府"]),
    ]),
])])"#;
        let files = vec![
            load::load_text("data/responsibilities.ron", "r.ron", items.as_bytes()).0,
            load::load_text("data/units.ron", "u.ron", text.as_bytes()).0,
        ];
        let found = check(&files);
        let sites = sites(&files, &found);
        let paths: Vec<(&str, &str)> = sites.iter().map(|s| (s.rule.as_str(), s.path.as_str())).collect();
        assert_eq!(
            paths,
            vec![
                (UNKNOWN_UNIT, "parts[0].tasks[0].items[1].units[0]"),
                (DUPLICATE_CONTENT_ITEM, "parts[0].tasks[0].items[1].text"),
            ]
        );
    }
}
