//! The native functions rules call: findings, aggregates, tolerances,
//! registries (the README's rule-writing guide has a runnable example of each).
//!
//! What each function does, with examples, is the README's rule-writing
//! guide ("Rule API"), which the `readme_examples` test keeps compiling
//! and running; this module is its implementation. The data values rules
//! read are in [`super::value`].

use foldhash::{HashMap, HashMapExt as _};
use std::sync::{Arc, Mutex};

use rhai::{Array, Dynamic, Engine, EvalAltResult, Map, NativeCallContext, Position};

use crate::report::{Finding, Severity, Site};
use crate::runtime::table;
use crate::runtime::value::{self, figure_of, DataList, Figure, Node, ViewFile};
use crate::span::{NodeId, NodeKind, PathSegment};

pub(super) type Result<T> = std::result::Result<T, Box<EvalAltResult>>;

/// All data files of a run, shared by every rule.
#[derive(Debug, Default)]
pub struct DataView {
    /// Files in name order.
    pub files: Vec<Arc<ViewFile>>,
    /// `(base, index into files)` sorted by base, to find a tag's file.
    by_base: Vec<(u32, usize)>,
    /// Every struct field name of the data, each once.
    field_names: Vec<String>,
}

impl DataView {
    /// A view over files that already carry their tag bases.
    pub fn new(files: Vec<Arc<ViewFile>>) -> Self {
        let mut by_base: Vec<(u32, usize)> = files
            .iter()
            .enumerate()
            .filter(|(_, f)| f.file.document.is_some())
            .map(|(i, f)| (f.base, i))
            .collect();
        by_base.sort_unstable();
        let mut names = std::collections::BTreeSet::new();
        for doc in files.iter().filter_map(|f| f.doc()) {
            for name in &doc.field_names {
                if !names.contains(&**name) {
                    names.insert(name.to_string());
                }
            }
        }
        DataView {
            files,
            by_base,
            field_names: names.into_iter().collect(),
        }
    }

    /// The data's size: bytes of text and parsed nodes, over all files.
    pub fn size(&self) -> (usize, usize) {
        self.files.iter().fold((0, 0), |(bytes, nodes), f| {
            (
                bytes + f.file.source.text.len(),
                nodes + f.doc().map_or(0, |d| d.len()),
            )
        })
    }

    /// Every struct field name of the data, each once.
    pub fn field_names(&self) -> &[String] {
        &self.field_names
    }

    /// The file and node a tag names.
    pub fn locate(&self, tag: i32) -> Option<(&Arc<ViewFile>, NodeId)> {
        let tag = u32::try_from(tag).ok().filter(|&t| t > 0)?;
        let slot = match self.by_base.binary_search_by(|(base, _)| base.cmp(&tag)) {
            Ok(i) => i,
            Err(0) => return None,
            Err(i) => i - 1,
        };
        let (base, index) = self.by_base[slot];
        let file = self.files.get(index)?;
        let id = NodeId(tag - base);
        file.doc()?.get(id)?;
        Some((file, id))
    }

    /// The root table of a file as a Rhai value.
    fn root(file: &Arc<ViewFile>) -> Dynamic {
        match file.doc() {
            Some(doc) => value::value(file, doc.root()),
            None => Dynamic::UNIT,
        }
    }

    /// The `data` map handed to `check(data)`: file stem → table.
    pub fn data_map(&self) -> Dynamic {
        let mut map = Map::new();
        for f in &self.files {
            if f.file.document.is_some() {
                map.insert(f.file.stem().into(), Self::root(f));
            }
        }
        // Read-only, like the tables in it (see `value`).
        Dynamic::from_map(map).into_read_only()
    }
}

/// Per-run state of one rule: where its findings and prints go.
#[derive(Debug)]
pub struct RunState {
    /// The data.
    pub view: Arc<DataView>,
    /// The rule's id.
    pub rule: String,
    /// The rule's severity.
    pub severity: Severity,
    /// Parameters from `tally.ron`.
    pub params: Map,
    /// Findings so far.
    pub findings: Mutex<Vec<Finding>>,
    /// Printed lines so far, and how many were dropped.
    pub prints: Mutex<(Vec<String>, usize)>,
    /// Bound on findings.
    pub max_findings: usize,
    /// Bound on kept prints.
    pub max_prints: usize,
}

/// Where an engine kept between runs finds the state of the run it is
/// serving: the functions that write findings and prints are registered
/// once per engine, and read the current run from here.
#[derive(Debug, Default)]
pub struct RunSlot(Mutex<Option<Arc<RunState>>>);

impl RunSlot {
    /// Serves `state` from now on (`None`: no run).
    ///
    /// The view's own functions (`tables`, `parent`, …) are bound to the
    /// engine's view; a state for another view must not be set.
    pub fn set(&self, state: Option<Arc<RunState>>) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = state;
        }
    }

    fn current(&self) -> Option<Arc<RunState>> {
        self.0.lock().ok()?.clone()
    }

    fn get(&self, pos: Position) -> Result<Arc<RunState>> {
        self.current()
            .ok_or_else(|| error("the rule API was called outside a rule's run", pos))
    }
}

pub(super) fn error(message: impl Into<String>, pos: Position) -> Box<EvalAltResult> {
    Box::new(EvalAltResult::ErrorRuntime(Dynamic::from(message.into()), pos))
}

pub(super) fn number(value: &Dynamic) -> Option<f64> {
    if let Ok(i) = value.as_int() {
        return Some(i as f64);
    }
    if let Ok(f) = value.as_float() {
        return Some(f);
    }
    if value.is_shared() {
        return number(&value.flatten_clone());
    }
    None
}

/// JSON for figures attached to findings.
fn to_json(value: &Dynamic, depth: usize) -> serde_json::Value {
    if depth > 16 {
        return serde_json::Value::Null;
    }
    if value.is_shared() {
        return to_json(&value.flatten_clone(), depth);
    }
    if value.is_unit() {
        return serde_json::Value::Null;
    }
    if let Ok(b) = value.as_bool() {
        return b.into();
    }
    if let Ok(i) = value.as_int() {
        return i.into();
    }
    if let Ok(f) = value.as_float() {
        return serde_json::Number::from_f64(round_figure(f))
            .map_or(serde_json::Value::Null, serde_json::Value::Number);
    }
    if let Some(a) = value.read_lock::<Array>() {
        return a.iter().map(|v| to_json(v, depth + 1)).collect();
    }
    if let Some(m) = value.read_lock::<Map>() {
        return m
            .iter()
            .map(|(k, v)| (k.to_string(), to_json(v, depth + 1)))
            .collect::<serde_json::Map<_, _>>()
            .into();
    }
    serde_json::Value::String(value.to_string())
}

/// Float figures lose the noise of binary arithmetic (`0.1 + 0.2`), so the
/// JSON shows what a statistician computes by hand.
pub fn round_figure(f: f64) -> f64 {
    if !f.is_finite() || f.abs() >= 1e15 {
        return f;
    }
    let rounded = (f * 1e9).round() / 1e9;
    if rounded == 0.0 {
        0.0
    } else {
        rounded
    }
}

/// Formats a figure as a statistician writes it: `520`, `87.45`.
pub fn format_figure(f: f64) -> String {
    let f = round_figure(f);
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

impl DataView {
    fn site(&self, node: &Dynamic) -> Option<Site> {
        let (file, id) = self.locate(node.tag())?;
        file.file.site(id)
    }
}

impl RunState {
    fn site(&self, node: &Dynamic) -> Option<Site> {
        self.view.site(node)
    }

    /// Reports at the key `key` of the map `map` (map keys are plain
    /// strings in Rhai and carry no location of their own).
    fn report_key(
        &self,
        pos: Position,
        map: &Dynamic,
        key: &str,
        message: &str,
        options: Option<&Map>,
    ) -> Result<()> {
        let located = self.view.locate(map.tag()).and_then(|(file, id)| {
            let doc = file.doc()?;
            match &doc.get(id)?.kind {
                NodeKind::Map(entries) => entries
                    .iter()
                    .find(|(k, _)| value::key_text(doc, *k) == key)
                    .and_then(|(k, _)| file.file.site(*k)),
                _ => None,
            }
        });
        let site = located.ok_or_else(|| {
            error(
                format!(
                    "report_key(): the first argument must be a map read from the data, with the key `{key}`"
                ),
                pos,
            )
        })?;
        self.push(pos, site, message, options)
    }

    fn report(&self, pos: Position, node: &Dynamic, message: &str, options: Option<&Map>) -> Result<()> {
        let site = self.site(node).ok_or_else(|| {
            error(
                "report() needs a value read from the data (a table, a row or a single figure); this value was computed by the script",
                pos,
            )
        })?;
        self.push(pos, site, message, options)
    }

    fn push(&self, pos: Position, site: Site, message: &str, options: Option<&Map>) -> Result<()> {
        let mut finding = Finding::new(self.rule.clone(), self.severity, message).at(site);
        if let Some(options) = options {
            for (key, value) in options {
                match key.as_str() {
                    "help" => finding.help = Some(value.to_string()),
                    "label" => finding.label = Some(value.to_string()),
                    "data" => {
                        if let serde_json::Value::Object(map) = to_json(value, 0) {
                            finding.data = map;
                        } else {
                            return Err(error("report(): `data` must be an object map", pos));
                        }
                    }
                    "related" => {
                        let list = value.read_lock::<Array>().map(|a| a.clone()).ok_or_else(|| {
                            error("report(): `related` must be an array of [node, message] pairs", pos)
                        })?;
                        for entry in list {
                            let (node, message) = related_pair(&entry).ok_or_else(|| {
                                error("report(): each `related` entry must be [node, message] or #{node: .., message: ..}", pos)
                            })?;
                            let site = self.site(&node).ok_or_else(|| {
                                error("report(): a `related` node was computed by the script, not read from the data", pos)
                            })?;
                            finding.related.push(crate::report::Related { message, site });
                        }
                    }
                    other => {
                        return Err(error(
                            format!("report(): unknown option `{other}`; expected `help`, `label`, `related` or `data`"),
                            pos,
                        ))
                    }
                }
            }
        }
        let mut findings = self
            .findings
            .lock()
            .map_err(|_| error("internal: findings lock poisoned", pos))?;
        if findings.len() >= self.max_findings {
            return Err(error(
                format!(
                    "rule reported more than {} findings (the `max_findings` bound); fix the data or narrow the rule",
                    self.max_findings
                ),
                pos,
            ));
        }
        findings.push(finding);
        Ok(())
    }
}

fn related_pair(entry: &Dynamic) -> Option<(Dynamic, String)> {
    if let Some(pair) = entry.read_lock::<Array>() {
        if pair.len() == 2 {
            return Some((pair[0].clone(), pair[1].to_string()));
        }
        return None;
    }
    if let Some(map) = entry.read_lock::<Map>() {
        let node = map.get("node")?.clone();
        let message = map.get("message").map(|m| m.to_string()).unwrap_or_default();
        return Some((node, message));
    }
    None
}

/// Unassigned-value policy of the aggregates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Policy {
    Skip,
    Zero,
    Require,
}

fn policy(text: &str, pos: Position) -> Result<Policy> {
    match text {
        "skip" => Ok(Policy::Skip),
        "zero" => Ok(Policy::Zero),
        "require" => Ok(Policy::Require),
        other => Err(error(
            format!(
                "unknown policy `{other}` for unassigned values; expected \"skip\", \"zero\" or \"require\""
            ),
            pos,
        )),
    }
}

/// The members of a breakdown: `(key or index, value)`.
fn members(values: &Dynamic, pos: Position) -> Result<Vec<(Dynamic, Dynamic)>> {
    if let Some(list) = values.read_lock::<DataList>() {
        return Ok(list
            .nodes()
            .enumerate()
            .map(|(i, (file, id))| (Dynamic::from_int(i as i64), value::value(file, id)))
            .collect());
    }
    if let Some(node) = Node::of(values) {
        let (file, _) = node.parts();
        return Ok(node
            .members()
            .into_iter()
            .map(|(k, v)| (k, value::value(file, v)))
            .collect());
    }
    if let Some(array) = values.read_lock::<Array>() {
        return Ok(array
            .iter()
            .enumerate()
            .map(|(i, v)| (Dynamic::from_int(i as i64), v.clone()))
            .collect());
    }
    if let Some(map) = values.read_lock::<Map>() {
        return Ok(map
            .iter()
            .map(|(k, v)| (Dynamic::from(k.clone()), v.clone()))
            .collect());
    }
    Err(error(
        format!(
            "expected an array or an object map of figures, found {}",
            values.type_name()
        ),
        pos,
    ))
}

/// Figures of a breakdown under a policy: `None` if `require` meets an
/// unassigned member.
pub(super) fn figures(values: &Dynamic, policy: Policy, pos: Position) -> Result<Option<(Vec<f64>, bool)>> {
    // Data read straight from the nodes: no Rhai value per member.
    if let Some(node) = Node::of(values) {
        let (file, id) = node.parts();
        return node_figures(file, id, policy, pos);
    }
    let mut out = Vec::new();
    let mut all_int = true;
    for (key, value) in members(values, pos)? {
        let value = if value.is_shared() {
            value.flatten_clone()
        } else {
            value
        };
        if value.is_unit() {
            match policy {
                Policy::Skip => continue,
                Policy::Zero => {
                    out.push(0.0);
                    continue;
                }
                Policy::Require => return Ok(None),
            }
        }
        if value.is_float() {
            all_int = false;
        }
        let figure = number(&value).ok_or_else(|| {
            error(
                format!("the member `{key}` is a {}, not a figure", value.type_name()),
                pos,
            )
        })?;
        out.push(figure);
    }
    Ok(Some((out, all_int)))
}

/// [`figures`] of the members of node `id` (a breakdown read from the data).
pub(super) fn node_figures(
    file: &Arc<ViewFile>,
    id: NodeId,
    policy: Policy,
    pos: Position,
) -> Result<Option<(Vec<f64>, bool)>> {
    let Some(doc) = file.doc() else {
        return Ok(Some((Vec::new(), true)));
    };
    let ids: &[NodeId] = match doc.get(id).map(|n| &n.kind) {
        Some(NodeKind::List(items)) | Some(NodeKind::Tuple { items, .. }) => items,
        Some(NodeKind::Map(entries)) => {
            return entries_figures(file, id, entries.iter().map(|&(_, v)| v), policy, pos);
        }
        Some(NodeKind::Struct { fields, .. }) => {
            return entries_figures(file, id, fields.iter().map(|f| f.value), policy, pos);
        }
        _ => &[],
    };
    entries_figures(file, id, ids.iter().copied(), policy, pos)
}

fn entries_figures(
    file: &Arc<ViewFile>,
    holder: NodeId,
    ids: impl Iterator<Item = NodeId>,
    policy: Policy,
    pos: Position,
) -> Result<Option<(Vec<f64>, bool)>> {
    let mut out = Vec::new();
    let mut all_int = true;
    let Some(doc) = file.doc() else {
        return Ok(Some((out, all_int)));
    };
    for (i, id) in ids.enumerate() {
        match figure_of(doc, id) {
            Figure::Value(f, int) => {
                all_int &= int;
                out.push(f);
            }
            Figure::Unassigned => match policy {
                Policy::Skip => {}
                Policy::Zero => out.push(0.0),
                Policy::Require => return Ok(None),
            },
            Figure::NotAFigure => return Err(not_a_figure_in(pos, "", file, holder, i, id)),
        }
    }
    Ok(Some((out, all_int)))
}

pub(super) fn as_figure(value: f64, all_int: bool) -> Dynamic {
    if all_int && value.abs() < 9.0e15 {
        Dynamic::from_int(value as i64)
    } else {
        Dynamic::from_float(round_figure(value))
    }
}

/// Neumaier summation: breakdowns of decimal figures add up as printed.
pub(super) fn sum_of(values: &[f64]) -> f64 {
    let mut total = 0.0_f64;
    let mut compensation = 0.0_f64;
    for &v in values {
        let t = total + v;
        if total.abs() >= v.abs() {
            compensation += (total - t) + v;
        } else {
            compensation += (v - t) + total;
        }
        total = t;
    }
    total + compensation
}

/// A registry of known names, for look-ups with "did you mean".
#[derive(Debug, Clone)]
pub struct Registry {
    names: Arc<Vec<String>>,
    index: Arc<HashMap<String, usize>>,
    records: Arc<Vec<Dynamic>>,
    /// Character pairs → names that contain them, built on the first
    /// suggestion asked of a large registry.
    pairs: Arc<std::sync::OnceLock<PairIndex>>,
}

/// Character pairs → the indices of the names that contain them.
type PairIndex = HashMap<(char, char), Vec<u32>>;

/// From this many names on, `suggest` looks only at the names that share
/// the most character pairs with the name asked about: comparing a
/// misspelling with each of 120,000 unit names costs seconds per finding.
const RANKED_FROM: usize = 2_000;

/// How many of the best-ranked names are compared in full.
const RANKED: usize = 64;

impl Registry {
    fn build(records: &Dynamic, field: Option<&str>, pos: Position) -> Result<Registry> {
        let mut names = Vec::new();
        let mut kept = Vec::new();
        for (key, value) in members(records, pos)? {
            let name = match field {
                Some(field) => {
                    let found = if let Some(Node::Map(record)) = Node::of(&value) {
                        record.field(field)
                    } else if let Some(map) = value.read_lock::<Map>() {
                        map.get(field).cloned()
                    } else {
                        return Err(error(
                            format!("registry(): record `{key}` is not an object map"),
                            pos,
                        ));
                    };
                    match found {
                        Some(v) => v.to_string(),
                        None => {
                            return Err(error(
                                format!("registry(): record `{key}` has no field `{field}`"),
                                pos,
                            ))
                        }
                    }
                }
                None => {
                    if value.is_string() {
                        value.to_string()
                    } else {
                        key.to_string()
                    }
                }
            };
            names.push(name);
            kept.push(value);
        }
        let index = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i))
            .rev()
            .collect();
        Ok(Registry {
            names: Arc::new(names),
            index: Arc::new(index),
            records: Arc::new(kept),
            pairs: Arc::default(),
        })
    }

    /// The known name nearest to `name`, if one is near enough to be a
    /// plausible misspelling.
    ///
    /// A large registry is searched in two steps: the names sharing the
    /// most character pairs (bigrams) with `name` are ranked through an
    /// index, and only the best [`RANKED`] of them are compared by edit
    /// distance. A misspelling shares nearly all its pairs with the name it
    /// misspells, so the nearest name is in that set in practice; pairs
    /// found in more than one name in eight say nothing and are skipped.
    pub fn suggest(&self, name: &str) -> Option<&str> {
        if self.names.len() < RANKED_FROM {
            return suggest(name, self.names.iter().map(String::as_str));
        }
        let pairs = self.pairs.get_or_init(|| {
            let mut pairs = PairIndex::new();
            for (i, n) in self.names.iter().enumerate() {
                let chars: Vec<char> = n.chars().collect();
                let mut seen = std::collections::HashSet::new();
                for w in chars.windows(2) {
                    if seen.insert((w[0], w[1])) {
                        pairs.entry((w[0], w[1])).or_default().push(i as u32);
                    }
                }
            }
            pairs
        });
        let common = self.names.len() / 8;
        let chars: Vec<char> = name.chars().collect();
        let mut shared = vec![0u16; self.names.len()];
        let mut touched: Vec<u32> = Vec::new();
        let mut asked = std::collections::HashSet::new();
        for w in chars.windows(2) {
            if !asked.insert((w[0], w[1])) {
                continue;
            }
            if let Some(list) = pairs.get(&(w[0], w[1])).filter(|l| l.len() <= common) {
                for &i in list {
                    let count = &mut shared[i as usize];
                    if *count == 0 {
                        touched.push(i);
                    }
                    *count = count.saturating_add(1);
                }
            }
        }
        if touched.is_empty() {
            return suggest(name, self.names.iter().map(String::as_str));
        }
        // Most pairs first; ties by position, so the result is deterministic.
        let rank = |a: &u32, b: &u32| shared[*b as usize].cmp(&shared[*a as usize]).then(a.cmp(b));
        if touched.len() > RANKED {
            touched.select_nth_unstable_by(RANKED, rank);
            touched.truncate(RANKED);
        }
        touched.sort_unstable();
        let ranked = touched;
        suggest(
            name,
            ranked
                .iter()
                .filter_map(|&i| self.names.get(i as usize).map(String::as_str)),
        )
    }
}

/// The candidate nearest to `name` by edit distance over characters, if
/// near enough: within a third of the longer name, or one contains the
/// other (市市场监管局 → 市市场监督管理局 is 2 edits in 8 characters).
pub fn suggest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let chars: Vec<char> = name.chars().collect();
    let len = chars.len();
    let mut best: Option<(usize, &str)> = None;
    let mut row = Vec::new();
    for candidate in candidates {
        if candidate == name {
            continue;
        }
        let candidate_len = candidate.chars().count();
        let longer = len.max(candidate_len);
        let contains = !name.is_empty() && (candidate.contains(name) || name.contains(candidate));
        // The largest distance that is still near, and that would beat the
        // best so far (a tie keeps the earlier candidate).
        let mut limit = if contains { longer / 2 } else { longer / 3 };
        if let Some((d, _)) = best {
            if d == 0 {
                break;
            }
            limit = limit.min(d - 1);
        }
        if len.abs_diff(candidate_len) > limit {
            continue;
        }
        if let Some(distance) = bounded_levenshtein(&chars, candidate, limit, &mut row) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// The edit distance (in characters) between `a` and `b` if it is at most
/// `limit`, else `None`: a row whose every cell is past `limit` ends the
/// search, so a registry of thousands of names is scanned at a few cells
/// per name instead of a full table each.
fn bounded_levenshtein(a: &[char], b: &str, limit: usize, row: &mut Vec<usize>) -> Option<usize> {
    row.clear();
    row.extend(0..=a.len());
    for (i, cb) in b.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        let mut smallest = row[0];
        for (j, &ca) in a.iter().enumerate() {
            let above = row[j + 1];
            let cell = if ca == cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            diagonal = above;
            row[j + 1] = cell;
            smallest = smallest.min(cell);
        }
        if smallest > limit {
            return None;
        }
    }
    row.last().copied().filter(|&d| d <= limit)
}

/// Registers the functions of the rule API that write into a run's state
/// (the others come with every sandboxed engine, see [`register_pure`]).
pub fn register(engine: &mut Engine, view: Arc<DataView>, slot: Arc<RunSlot>) {
    value::register_fields(engine, view.field_names());
    // The view's functions hold it weakly: an engine kept between runs
    // must not keep a whole data set alive after the data has changed
    // (a run holds it through its state).
    let state = slot;
    let s = state.clone();
    engine.register_fn(
        "report",
        move |ctx: NativeCallContext, node: Dynamic, message: &str| {
            s.get(ctx.call_position())?
                .report(ctx.call_position(), &node, message, None)
        },
    );
    let s = state.clone();
    engine.register_fn(
        "report",
        move |ctx: NativeCallContext, node: Dynamic, message: &str, options: Map| {
            s.get(ctx.call_position())?
                .report(ctx.call_position(), &node, message, Some(&options))
        },
    );
    let s = state.clone();
    engine.register_fn(
        "report_key",
        move |ctx: NativeCallContext, map: Dynamic, key: &str, message: &str| {
            s.get(ctx.call_position())?
                .report_key(ctx.call_position(), &map, key, message, None)
        },
    );
    let s = state.clone();
    engine.register_fn(
        "report_key",
        move |ctx: NativeCallContext, map: Dynamic, key: &str, message: &str, options: Map| {
            s.get(ctx.call_position())?
                .report_key(ctx.call_position(), &map, key, message, Some(&options))
        },
    );
    let v = Arc::downgrade(&view);
    engine.register_fn("tables", move |kind: &str| -> Array {
        let Some(v) = v.upgrade() else { return Array::new() };
        v.files
            .iter()
            .filter(|f| f.file.kind() == Some(kind) && f.fits_kind())
            .map(DataView::root)
            .collect()
    });
    let v = Arc::downgrade(&view);
    engine.register_fn("table", move |kind: &str| -> Dynamic {
        let Some(v) = v.upgrade() else {
            return Dynamic::UNIT;
        };
        v.files
            .iter()
            .find(|f| f.file.kind() == Some(kind) && f.fits_kind())
            .map_or(Dynamic::UNIT, DataView::root)
    });
    let v = Arc::downgrade(&view);
    engine.register_fn("path", move |node: Dynamic| -> Dynamic {
        let Some(v) = v.upgrade() else {
            return Dynamic::UNIT;
        };
        v.locate(node.tag())
            .and_then(|(f, id)| f.doc().map(|d| d.path(id)))
            .map_or(Dynamic::UNIT, Dynamic::from)
    });
    let v = Arc::downgrade(&view);
    engine.register_fn("file", move |node: Dynamic| -> Dynamic {
        let Some(v) = v.upgrade() else {
            return Dynamic::UNIT;
        };
        v.locate(node.tag())
            .map_or(Dynamic::UNIT, |(f, _)| Dynamic::from(f.file.name().to_owned()))
    });
    let v = Arc::downgrade(&view);
    engine.register_fn("line", move |node: Dynamic| -> Dynamic {
        let Some(v) = v.upgrade() else {
            return Dynamic::UNIT;
        };
        v.site(&node)
            .map_or(Dynamic::UNIT, |site| Dynamic::from_int(site.location.line as i64))
    });
    let v = Arc::downgrade(&view);
    engine.register_fn("kind", move |node: Dynamic| -> Dynamic {
        let Some(v) = v.upgrade() else {
            return Dynamic::UNIT;
        };
        v.locate(node.tag())
            .and_then(|(f, id)| match &f.doc()?.get(id)?.kind {
                NodeKind::Struct { name: Some(n), .. } | NodeKind::Tuple { name: Some(n), .. } => {
                    Some(Dynamic::from(n.to_string()))
                }
                _ => None,
            })
            .unwrap_or(Dynamic::UNIT)
    });
    let v = Arc::downgrade(&view);
    engine.register_fn("parent", move |node: Dynamic| -> Dynamic {
        let Some(v) = v.upgrade() else {
            return Dynamic::UNIT;
        };
        v.locate(node.tag())
            .and_then(|(f, id)| {
                let doc = f.doc()?;
                let mut parent = doc.get(id)?.parent?;
                // The `Some(..)` around a value is not a container of its own.
                while let NodeKind::Some(_) = doc.get(parent)?.kind {
                    parent = doc.get(parent)?.parent?;
                }
                Some(value::value(f, parent))
            })
            .unwrap_or(Dynamic::UNIT)
    });
    let v = Arc::downgrade(&view);
    engine.register_fn("key", move |node: Dynamic| -> Dynamic {
        let Some(v) = v.upgrade() else {
            return Dynamic::UNIT;
        };
        v.locate(node.tag())
            .and_then(|(f, id)| {
                let doc = f.doc()?;
                let mut current = id;
                // `Some(x)`: x's place is the place of the `Some`.
                while doc.segment(current) == PathSegment::Some {
                    current = doc.get(current)?.parent?;
                }
                match doc.segment(current) {
                    PathSegment::Field(name) | PathSegment::Key(name) => {
                        Some(Dynamic::from(name.to_string()))
                    }
                    PathSegment::Index(i) => Some(Dynamic::from_int(i as i64)),
                    _ => None,
                }
            })
            .unwrap_or(Dynamic::UNIT)
    });
    let s = state.clone();
    engine.register_fn(
        "param",
        move |ctx: NativeCallContext, name: &str, default: Dynamic| -> Result<Dynamic> {
            Ok(s.get(ctx.call_position())?
                .params
                .get(name)
                .cloned()
                .unwrap_or(default))
        },
    );
    let s = state;
    engine.on_print(move |text| {
        let Some(run) = s.current() else { return };
        if let Ok(mut prints) = run.prints.lock() {
            if prints.0.len() < run.max_prints {
                prints.0.push(text.to_owned());
            } else {
                prints.1 += 1;
            }
        };
    });
    engine.on_debug(|_, _, _| {});
}

/// Registers the functions that need no run state (also used when only
/// compiling, so that the compiler knows nothing more than the runtime).
pub fn register_pure(engine: &mut Engine) {
    for (name, op) in [
        ("sum", Agg::Sum),
        ("count", Agg::Count),
        ("min", Agg::Min),
        ("max", Agg::Max),
        ("mean", Agg::Mean),
    ] {
        engine.register_fn(name, move |ctx: NativeCallContext, values: Dynamic, how: &str| {
            aggregate(ctx.call_position(), &values, how, op)
        });
    }
    engine.register_fn("sum", |ctx: NativeCallContext, values: Dynamic| {
        aggregate(ctx.call_position(), &values, "skip", Agg::Sum)
    });
    engine.register_fn(
        "unassigned",
        |ctx: NativeCallContext, values: Dynamic| -> Result<Array> {
            // A breakdown read from the data: only the keys of its
            // unassigned members are made into values.
            if let Some(node) = Node::of(&values) {
                let (file, _) = node.parts();
                let Some(doc) = file.doc() else {
                    return Ok(Array::new());
                };
                let ids = node.member_ids();
                let unassigned: Vec<usize> = (0..ids.len())
                    .filter(|&i| figure_of(doc, ids[i]) == Figure::Unassigned)
                    .collect();
                if unassigned.is_empty() {
                    return Ok(Array::new());
                }
                let members = node.members();
                return Ok(unassigned
                    .into_iter()
                    .filter_map(|i| members.get(i).map(|(k, _)| k.clone()))
                    .collect());
            }
            Ok(members(&values, ctx.call_position())?
                .into_iter()
                .filter(|(_, v)| v.is_unit() || (v.is_shared() && v.flatten_clone().is_unit()))
                .map(|(k, _)| k)
                .collect())
        },
    );
    engine.register_fn(
        "compare",
        |ctx: NativeCallContext, actual: Dynamic, expected: Dynamic, tolerance: Dynamic| {
            compare(ctx.call_position(), &actual, &expected, &tolerance)
        },
    );
    engine.register_fn(
        "within",
        |ctx: NativeCallContext,
         actual: Dynamic,
         expected: Dynamic,
         abs: Dynamic,
         rel: Dynamic|
         -> Result<bool> {
            let tolerance = Map::from_iter([("abs".into(), abs), ("rel".into(), rel)]);
            let (.., ok) = measure(
                ctx.call_position(),
                &actual,
                &expected,
                &Dynamic::from_map(tolerance),
            )?;
            Ok(ok)
        },
    );
    engine.register_fn(
        "within",
        |ctx: NativeCallContext, actual: Dynamic, expected: Dynamic, tolerance: Dynamic| -> Result<bool> {
            Ok(measure(ctx.call_position(), &actual, &expected, &tolerance)?.3)
        },
    );
    engine.register_fn(
        "column",
        |ctx: NativeCallContext, records: &mut Dynamic, field: &str| {
            table::column(ctx.call_position(), records, field)
        },
    );
    engine.register_fn("figure", |value: Dynamic| -> String {
        number(&value).map_or_else(|| value.to_string(), format_figure)
    });
    engine.register_fn(
        "gather",
        |ctx: NativeCallContext, values: &mut Dynamic, field: &str| {
            table::gather(ctx.call_position(), values, field)
        },
    );
    engine.register_fn("duplicates", |ctx: NativeCallContext, values: Dynamic| {
        duplicates(ctx.call_position(), &values)
    });
    engine.register_fn(
        "containing",
        |ctx: NativeCallContext, records: &mut Dynamic, field: &str, words: Dynamic| {
            table::containing(ctx.call_position(), records, field, &words, true)
        },
    );
    engine.register_fn(
        "containing",
        |ctx: NativeCallContext, values: &mut Dynamic, words: Dynamic| {
            table::containing_text(ctx.call_position(), values, &words, true)
        },
    );
    engine.register_fn(
        "not_containing",
        |ctx: NativeCallContext, values: &mut Dynamic, words: Dynamic| {
            table::containing_text(ctx.call_position(), values, &words, false)
        },
    );
    engine.register_fn(
        "not_containing",
        |ctx: NativeCallContext, records: &mut Dynamic, field: &str, words: Dynamic| {
            table::containing(ctx.call_position(), records, field, &words, false)
        },
    );
    engine.register_fn(
        "compare_fields",
        |ctx: NativeCallContext, records: &mut Dynamic, a: &str, op: &str, b: &str| {
            table::compare_fields(ctx.call_position(), records, a, op, b)
        },
    );
    engine.register_fn(
        "sum_mismatches",
        |ctx: NativeCallContext, records: &mut Dynamic, parts: &str, lines: Array, tolerance: Dynamic| {
            table::sum_mismatches(ctx.call_position(), records, parts, &lines, &tolerance)
        },
    );
    engine.register_fn(
        "select",
        |ctx: NativeCallContext, records: &mut Dynamic, field: &str, wanted: Dynamic| {
            table::select(ctx.call_position(), records, field, &wanted)
        },
    );
    engine.register_fn(
        "outside",
        |ctx: NativeCallContext, values: &mut Dynamic, min: Dynamic, max: Dynamic| {
            table::outside(ctx.call_position(), values, &min, &max)
        },
    );
    engine.register_fn(
        "outside",
        |ctx: NativeCallContext, records: &mut Dynamic, fields: Array, min: Dynamic, max: Dynamic| {
            table::outside_fields(ctx.call_position(), records, &fields, &min, &max)
        },
    );
    engine.register_type_with_name::<Registry>("Registry");
    engine.register_fn("registry", |ctx: NativeCallContext, records: Dynamic| {
        Registry::build(&records, None, ctx.call_position())
    });
    engine.register_fn(
        "registry",
        |ctx: NativeCallContext, records: Dynamic, field: &str| {
            Registry::build(&records, Some(field), ctx.call_position())
        },
    );
    engine.register_fn("contains", |r: &mut Registry, name: &str| {
        r.index.contains_key(name)
    });
    engine.register_fn("get", |r: &mut Registry, name: &str| -> Dynamic {
        r.index
            .get(name)
            .and_then(|&i| r.records.get(i).cloned())
            .unwrap_or(Dynamic::UNIT)
    });
    engine.register_fn("suggest", |r: &mut Registry, name: &str| -> Dynamic {
        r.suggest(name)
            .map_or(Dynamic::UNIT, |s| Dynamic::from(s.to_owned()))
    });
    engine.register_fn("names", |r: &mut Registry| -> Array {
        r.names.iter().map(|n| Dynamic::from(n.clone())).collect()
    });
    engine.register_fn("len", |r: &mut Registry| r.names.len() as i64);
    engine.register_fn("starting_with", |r: &mut Registry, prefix: &str| -> Array {
        r.names
            .iter()
            .filter(|n| n.starts_with(prefix))
            .map(|n| Dynamic::from(n.clone()))
            .collect()
    });

    engine.register_fn(
        "unknown_keys",
        |ctx: NativeCallContext, r: &mut Registry, maps: Dynamic| -> Result<Array> {
            // One map: its unknown keys. An array of maps: `[map, key]`
            // pairs, so that a whole table's breakdowns cost one call.
            if let Some(list) = maps.read_lock::<DataList>() {
                let mut out = Array::new();
                for (file, id) in list.nodes() {
                    for key in unknown_keys_of_node(r, file, id) {
                        out.push(Dynamic::from_array(vec![value::value(file, id), key]));
                    }
                }
                return Ok(out);
            }
            if let Some(array) = maps.read_lock::<Array>() {
                let mut out = Array::new();
                for map in array.iter() {
                    for key in unknown_keys(ctx.call_position(), r, map)? {
                        out.push(Dynamic::from_array(vec![map.clone(), key]));
                    }
                }
                return Ok(out);
            }
            unknown_keys(ctx.call_position(), r, &maps)
        },
    );
    engine.register_fn(
        "unknown",
        |ctx: NativeCallContext, r: &mut Registry, values: Dynamic| -> Result<Array> {
            // Names read from the data are looked up without a copy.
            if let Some(list) = values.read_lock::<DataList>() {
                return Ok(list
                    .nodes()
                    .filter(
                        |&(file, id)| match file.doc().and_then(|d| d.get(id)).map(|n| &n.kind) {
                            Some(NodeKind::Str(s)) => !r.index.contains_key(&**s),
                            Some(NodeKind::Unit | NodeKind::None) | None => false,
                            _ => !r.index.contains_key(value::value(file, id).to_string().as_str()),
                        },
                    )
                    .map(|(file, id)| value::value(file, id))
                    .collect());
            }
            Ok(members(&values, ctx.call_position())?
                .into_iter()
                .map(|(_, v)| v)
                .filter(|v| !v.is_unit() && !r.index.contains_key(v.to_string().as_str()))
                .collect())
        },
    );

    engine.register_fn(
        "suggest",
        |ctx: NativeCallContext, name: &str, candidates: Dynamic| -> Result<Dynamic> {
            let names: Vec<String> = members(&candidates, ctx.call_position())?
                .into_iter()
                .map(|(k, v)| {
                    if v.is_string() {
                        v.to_string()
                    } else {
                        k.to_string()
                    }
                })
                .collect();
            Ok(suggest(name, names.iter().map(String::as_str))
                .map_or(Dynamic::UNIT, |s| Dynamic::from(s.to_owned())))
        },
    );
}

#[derive(Debug, Clone, Copy)]
enum Agg {
    Sum,
    Count,
    Min,
    Max,
    Mean,
}

fn aggregate(pos: Position, values: &Dynamic, how: &str, op: Agg) -> Result<Dynamic> {
    let policy = policy(how, pos)?;
    let Some((figures, all_int)) = figures(values, policy, pos)? else {
        return Ok(Dynamic::UNIT);
    };
    Ok(match op {
        Agg::Sum => as_figure(sum_of(&figures), all_int),
        Agg::Count => Dynamic::from_int(figures.len() as i64),
        Agg::Min => figures
            .iter()
            .copied()
            .reduce(f64::min)
            .map_or(Dynamic::UNIT, |v| as_figure(v, all_int)),
        Agg::Max => figures
            .iter()
            .copied()
            .reduce(f64::max)
            .map_or(Dynamic::UNIT, |v| as_figure(v, all_int)),
        Agg::Mean => {
            if figures.is_empty() {
                Dynamic::UNIT
            } else {
                Dynamic::from_float(round_figure(sum_of(&figures) / figures.len() as f64))
            }
        }
    })
}

/// `actual` against `expected` within `tolerance`: `(actual, expected,
/// imbalance, ok)`.
pub(super) fn measure(
    pos: Position,
    actual: &Dynamic,
    expected: &Dynamic,
    tolerance: &Dynamic,
) -> Result<(f64, f64, f64, bool)> {
    let a = number(actual).ok_or_else(|| {
        error(
            format!("compare(): `actual` is a {}, not a figure", actual.type_name()),
            pos,
        )
    })?;
    let e = number(expected).ok_or_else(|| {
        error(
            format!(
                "compare(): `expected` is a {}, not a figure",
                expected.type_name()
            ),
            pos,
        )
    })?;
    let (abs, rel) = if let Some(t) = number(tolerance) {
        (t, 0.0)
    } else if let Some(map) = tolerance.read_lock::<Map>() {
        let get = |k: &str| map.get(k).and_then(number).unwrap_or(0.0);
        for key in map.keys() {
            if key != "abs" && key != "rel" {
                return Err(error(
                    format!("compare(): unknown tolerance `{key}`; expected `abs` or `rel`"),
                    pos,
                ));
            }
        }
        (get("abs"), get("rel"))
    } else if tolerance.is_unit() {
        (0.0, 0.0)
    } else {
        return Err(error(
            "compare(): tolerance must be a number (absolute) or #{abs: .., rel: ..}",
            pos,
        ));
    };
    let imbalance = a - e;
    // A hair of slack so that 0.1 + 0.2 == 0.3 within a zero tolerance.
    let slack = 1e-9 * a.abs().max(e.abs()).max(1.0);
    let ok = imbalance.abs() <= abs + slack || imbalance.abs() <= rel * e.abs() + slack;
    Ok((a, e, imbalance, ok))
}

fn compare(pos: Position, actual: &Dynamic, expected: &Dynamic, tolerance: &Dynamic) -> Result<Map> {
    let (a, e, imbalance, ok) = measure(pos, actual, expected, tolerance)?;
    let relative = if e == 0.0 {
        Dynamic::UNIT
    } else {
        Dynamic::from_float(round_figure(imbalance / e))
    };
    let int = actual.is_int() && expected.is_int();
    let mut out = Map::new();
    out.insert("ok".into(), Dynamic::from_bool(ok));
    out.insert("actual".into(), as_figure(a, int));
    out.insert("expected".into(), as_figure(e, int));
    out.insert("imbalance".into(), as_figure(imbalance, int));
    out.insert("relative".into(), relative);
    Ok(out)
}

/// The keys of `map` that `registry` does not know, as strings.
fn unknown_keys(pos: Position, registry: &Registry, map: &Dynamic) -> Result<Array> {
    if let Some(node) = Node::of(map) {
        let (file, id) = node.parts();
        return Ok(unknown_keys_of_node(registry, file, id));
    }
    if let Some(m) = map.read_lock::<Map>() {
        return Ok(m
            .keys()
            .filter(|k| !registry.index.contains_key(k.as_str()))
            .map(|k| Dynamic::from(k.clone()))
            .collect());
    }
    Err(error(
        format!(
            "unknown_keys(): expected a map or an array of maps, found {}",
            map.type_name()
        ),
        pos,
    ))
}

/// The keys of the map (or field names of the struct) `id` of `file`
/// that `registry` does not know, as strings.
fn unknown_keys_of_node(registry: &Registry, file: &Arc<ViewFile>, id: NodeId) -> Array {
    let Some(doc) = file.doc() else {
        return Array::new();
    };
    match doc.get(id).map(|n| &n.kind) {
        Some(NodeKind::Map(entries)) => entries
            .iter()
            .filter_map(|&(key, _)| match doc.get(key).map(|n| &n.kind) {
                Some(NodeKind::Str(s)) if registry.index.contains_key(&**s) => None,
                _ => {
                    let text = value::key_text(doc, key);
                    (!registry.index.contains_key(&text)).then(|| Dynamic::from(text))
                }
            })
            .collect(),
        Some(NodeKind::Struct { fields, .. }) => fields
            .iter()
            .filter(|f| !registry.index.contains_key(&*f.name))
            .map(|f| Dynamic::from(f.name.to_string()))
            .collect(),
        _ => Array::new(),
    }
}

/// `duplicates(values)`: for every member of `values` equal to an earlier
/// one, the pair `[first, again]` (both as read from the data, so both can
/// be reported at). Strings compare without surrounding whitespace, numbers
/// by value; unassigned members and tables are not compared.
fn duplicates(pos: Position, values: &Dynamic) -> Result<Dynamic> {
    let mut first: HashMap<String, Dynamic> = HashMap::new();
    let mut out = Array::new();
    for (_, v) in members(values, pos)? {
        let key = if let Some(s) = v.read_lock::<rhai::ImmutableString>() {
            format!("s{}", s.trim())
        } else if let Some(f) = number(&v) {
            format!("n{f}")
        } else if let Ok(b) = v.as_bool() {
            format!("b{b}")
        } else if let Ok(c) = v.as_char() {
            format!("c{c}")
        } else {
            continue;
        };
        match first.get(&key) {
            Some(earlier) => out.push(Dynamic::from_array(vec![earlier.clone(), v])),
            None => {
                first.insert(key, v);
            }
        }
    }
    Ok(Dynamic::from_array(out))
}

/// [`not_a_figure`] for member `i` (node `id`) of node `holder` of `file`.
pub(super) fn not_a_figure_in(
    pos: Position,
    prefix: &str,
    file: &Arc<ViewFile>,
    holder: NodeId,
    i: usize,
    id: NodeId,
) -> Box<EvalAltResult> {
    match Node::new(file, holder) {
        Some(node) => not_a_figure(pos, prefix, &node, i, id),
        None => error(format!("{prefix}a member is not a figure"), pos),
    }
}

/// The error for member `i` (node `id`) of a breakdown that is not a
/// figure, naming the member by its key.
fn not_a_figure(pos: Position, prefix: &str, node: &Node, i: usize, id: NodeId) -> Box<EvalAltResult> {
    let (file, _) = node.parts();
    let found = value::value(file, id);
    let key = node
        .members()
        .get(i)
        .map(|(k, _)| k.to_string())
        .unwrap_or_default();
    error(
        format!(
            "{prefix}the member `{key}` is a {}, not a figure",
            found.type_name()
        ),
        pos,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pruned scan suggests exactly what comparing every candidate by
    /// its full edit distance suggests.
    #[test]
    fn pruned_suggestions_equal_full_distances() {
        fn full<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
            let len = name.chars().count();
            let mut best: Option<(usize, &str)> = None;
            for &candidate in candidates {
                if candidate == name {
                    continue;
                }
                let distance = strsim::levenshtein(name, candidate);
                let longer = len.max(candidate.chars().count());
                let contains = !name.is_empty() && (candidate.contains(name) || name.contains(candidate));
                let near = distance * 3 <= longer || (contains && distance * 2 <= longer);
                if near && best.is_none_or(|(d, _)| distance < d) {
                    best = Some((distance, candidate));
                }
            }
            best.map(|(_, c)| c)
        }
        let candidates = [
            "鹿城区",
            "龙湾区",
            "瓯海区",
            "洞头区",
            "乐清市",
            "瑞安市",
            "永嘉县",
            "文成县",
            "平阳县",
            "泰顺县",
            "苍南县",
            "龙港市",
            "浙南产业集聚区",
            "温州经开区",
            "瓯江口新区",
            "市发改委",
            "市经信局",
            "市统计局",
            "第1省第2市第3县",
            "第1省第2市第13县",
            "第1省第12市第3县",
            "ab",
            "abc",
            "abcd",
            "",
            "x",
        ];
        let asked = [
            "鹿城",
            "鹿城区区",
            "龙湾",
            "瓯海县",
            "乐清",
            "温州经开",
            "浙南产业集聚",
            "市发改",
            "市统计厅",
            "第1省第2市第4县",
            "第1省第2市第3",
            "第1省第12市第13县",
            "abd",
            "a",
            "",
            "完全不同的名称",
            "xy",
        ];
        for name in asked {
            assert_eq!(
                suggest(name, candidates.iter().copied()),
                full(name, &candidates),
                "for {name:?}"
            );
        }
    }

    /// A registry large enough to be searched through its pair index
    /// suggests what a full scan suggests for misspellings (a character
    /// dropped, changed or added) and for a name like none of them.
    #[test]
    fn ranked_suggestions_equal_a_full_scan() {
        let names: Vec<String> = (0..6_000)
            .map(|i| {
                format!(
                    "第{}省第{}市第{}县{}局",
                    i % 30,
                    i % 300,
                    i,
                    ["发改", "经信", "商务", "财政"][i % 4]
                )
            })
            .collect();
        let records = Dynamic::from_array(names.iter().map(|n| Dynamic::from(n.clone())).collect());
        let registry = Registry::build(&records, None, Position::NONE).expect("registry");
        assert!(registry.names.len() >= RANKED_FROM);
        for name in names.iter().step_by(37) {
            let chars: Vec<char> = name.chars().collect();
            let dropped: String = chars[..chars.len() - 2]
                .iter()
                .chain(&chars[chars.len() - 1..])
                .collect();
            let swapped = name.replace("局", "厅");
            let added = format!("{name}办");
            for asked in [dropped, swapped, added, "完全不同的名称".to_owned()] {
                let full = suggest(&asked, names.iter().map(String::as_str));
                assert_eq!(registry.suggest(&asked), full, "for {asked}");
            }
        }
    }
}
