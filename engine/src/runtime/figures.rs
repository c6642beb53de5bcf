//! Figures: numbers read from the data or computed by a rule, rounded and
//! printed as a statistician writes them, and the aggregates over a
//! breakdown (`sum`, `count`, `min`, `max`, tolerances, duplicates).

use rhai::{Array, Dynamic, EvalAltResult, Map, Position};

use std::sync::Arc;

use foldhash::{HashMap, HashMapExt as _};

use super::list::DataList;
use super::value::{self, DataNode, Figure};
use super::view_file::ViewFile;
use crate::span::{NodeId, NodeKind};

/// What a native function of the rule API returns.
pub type Result<T> = std::result::Result<T, Box<EvalAltResult>>;

pub(super) fn error(message: impl Into<String>, pos: Position) -> Box<EvalAltResult> {
    Box::new(EvalAltResult::ErrorRuntime(Dynamic::from(message.into()), pos))
}

/// The tag of the call a native function runs in: the run's catalogue
/// (`call_check` gives it), absent when only compiling.
pub(super) type Tag<'a> = Option<&'a Dynamic>;

/// The error `key` of the rule API in the language of the run's catalogue
/// (`tag`), English without one. The catalogue is looked at only here, on
/// the way out of a failed call.
pub(super) fn said(tag: Tag<'_>, key: &str, args: &[(&str, tally_i18n::Arg<'_>)], pos: Position) -> Box<EvalAltResult> {
    let text = match tag.and_then(|d| d.read_lock::<Arc<tally_i18n::Catalogue>>()) {
        Some(t) => t.text(key, args),
        None => tally_i18n::Catalogue::new(tally_i18n::Lang::En).text(key, args),
    };
    error(text, pos)
}

/// Where a native function of the rule API was called, and the tag of
/// its call (see [`said`]).
#[derive(Clone, Copy)]
pub(super) struct At<'a> {
    pub pos: Position,
    pub tag: Tag<'a>,
}

impl<'a> At<'a> {
    /// The position and tag of a native call.
    pub fn of(ctx: &'a rhai::NativeCallContext<'_>) -> At<'a> {
        At {
            pos: ctx.call_position(),
            tag: ctx.tag(),
        }
    }
}

/// A Rhai type name in the words of the run's catalogue.
pub(super) fn type_in(tag: Tag<'_>, name: &str) -> String {
    match tag.and_then(|d| d.read_lock::<Arc<tally_i18n::Catalogue>>()) {
        Some(t) => super::rhai_text::type_word(name, &t),
        None => name.to_owned(),
    }
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

/// Unassigned-value policy of the aggregates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Policy {
    Skip,
    Zero,
    Require,
}

pub(super) fn policy(text: &str, pos: Position, tag: Tag<'_>) -> Result<Policy> {
    match text {
        "skip" => Ok(Policy::Skip),
        "zero" => Ok(Policy::Zero),
        "require" => Ok(Policy::Require),
        other => Err(said(tag, "api-policy", &[("policy", other.into())], pos)),
    }
}

/// The members of a breakdown: `(key or index, value)`.
pub(super) fn members(values: &Dynamic, pos: Position, tag: Tag<'_>) -> Result<Vec<(Dynamic, Dynamic)>> {
    if let Some(list) = values.read_lock::<DataList>() {
        return Ok(list
            .nodes()
            .enumerate()
            .map(|(i, (file, id))| (Dynamic::from_int(i as i64), value::value(file, id)))
            .collect());
    }
    if let Some(node) = DataNode::of(values) {
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
            .map(|(k, v)| (Dynamic::from(k.to_string()), v.clone()))
            .collect());
    }
    let found = type_in(tag, values.type_name());
    Err(said(tag, "api-not-figures", &[("type", found.into())], pos))
}

/// Figures of a breakdown under a policy: `None` if `require` meets an
/// unassigned member.
pub(super) fn figures(values: &Dynamic, policy: Policy, pos: Position, tag: Tag<'_>) -> Result<Option<(Vec<f64>, bool)>> {
    // Data read straight from the nodes: no Rhai value per member.
    if let Some(node) = DataNode::of(values) {
        let (file, id) = node.parts();
        return node_figures(file, id, policy, pos);
    }
    let mut out = Vec::new();
    let mut all_int = true;
    for (key, value) in members(values, pos, tag)? {
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
            let args = [
                ("prefix", "".into()),
                ("key", key.to_string().into()),
                ("type", type_in(tag, value.type_name()).into()),
            ];
            said(tag, "api-not-a-figure", &args, pos)
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
    let ids: &[NodeId] = match doc.kind(id) {
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

pub(super) fn entries_figures(
    file: &Arc<ViewFile>,
    holder: NodeId,
    ids: impl Iterator<Item = NodeId>,
    policy: Policy,
    pos: Position,
) -> Result<Option<(Vec<f64>, bool)>> {
    let mut out = Vec::new();
    let mut all_int = true;
    if file.doc().is_none() {
        return Ok(Some((out, all_int)));
    }
    for (i, id) in ids.enumerate() {
        match file.figure(id) {
            Figure::Value(f, int) => {
                all_int &= int;
                out.push(f);
            }
            Figure::Unassigned => match policy {
                Policy::Skip => {}
                Policy::Zero => out.push(0.0),
                Policy::Require => return Ok(None),
            },
            Figure::Other => return Err(not_a_figure_in(pos, "", file, holder, i, id)),
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

#[derive(Debug, Clone, Copy)]
pub(super) enum Agg {
    Sum,
    Count,
    Min,
    Max,
    Mean,
}

pub(super) fn aggregate(pos: Position, tag: Tag<'_>, values: &Dynamic, how: &str, op: Agg) -> Result<Dynamic> {
    let policy = policy(how, pos, tag)?;
    let Some((figures, all_int)) = figures(values, policy, pos, tag)? else {
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
    tag: Tag<'_>,
    actual: &Dynamic,
    expected: &Dynamic,
    tolerance: &Dynamic,
) -> Result<(f64, f64, f64, bool)> {
    let not_a_figure = |what: &str, value: &Dynamic| {
        let args = [("what", what.into()), ("type", type_in(tag, value.type_name()).into())];
        said(tag, "api-compare-not-a-figure", &args, pos)
    };
    let a = number(actual).ok_or_else(|| not_a_figure("actual", actual))?;
    let e = number(expected).ok_or_else(|| not_a_figure("expected", expected))?;
    let (abs, rel) = if let Some(t) = number(tolerance) {
        (t, 0.0)
    } else if let Some(map) = tolerance.read_lock::<Map>() {
        let get = |k: &str| map.get(k).and_then(number).unwrap_or(0.0);
        for key in map.keys() {
            if key != "abs" && key != "rel" {
                return Err(said(tag, "api-compare-tolerance-key", &[("key", key.as_str().into())], pos));
            }
        }
        (get("abs"), get("rel"))
    } else if tolerance.is_unit() {
        (0.0, 0.0)
    } else {
        return Err(said(tag, "api-compare-tolerance", &[], pos));
    };
    let imbalance = a - e;
    // A hair of slack so that 0.1 + 0.2 == 0.3 within a zero tolerance.
    let slack = 1e-9 * a.abs().max(e.abs()).max(1.0);
    let ok = imbalance.abs() <= abs + slack || imbalance.abs() <= rel * e.abs() + slack;
    Ok((a, e, imbalance, ok))
}

pub(super) fn compare(
    pos: Position,
    tag: Tag<'_>,
    actual: &Dynamic,
    expected: &Dynamic,
    tolerance: &Dynamic,
) -> Result<Map> {
    let (a, e, imbalance, ok) = measure(pos, tag, actual, expected, tolerance)?;
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

/// `duplicates(values)`: for every member of `values` equal to an earlier
/// one, the pair `[first, again]` (both as read from the data, so both can
/// be reported at). Strings compare without surrounding whitespace, numbers
/// by value; unassigned members and tables are not compared.
pub(super) fn duplicates(pos: Position, tag: Tag<'_>, values: &Dynamic) -> Result<Dynamic> {
    let mut first: HashMap<String, Dynamic> = HashMap::new();
    let mut out = Array::new();
    for (_, v) in members(values, pos, tag)? {
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
    match DataNode::new(file, holder) {
        Some(node) => not_a_figure(pos, prefix, &node, i, id),
        None => error(file.catalogue.text("api-member-not-a-figure", &[("prefix", prefix.into())]), pos),
    }
}

/// The error for member `i` (node `id`) of a breakdown that is not a
/// figure, naming the member by its key.
pub(super) fn not_a_figure(pos: Position, prefix: &str, node: &DataNode, i: usize, id: NodeId) -> Box<EvalAltResult> {
    let (file, _) = node.parts();
    let found = value::value(file, id);
    let key = node
        .members()
        .get(i)
        .map(|(k, _)| k.to_string())
        .unwrap_or_default();
    let args = [
        ("prefix", prefix.into()),
        ("key", key.into()),
        ("type", super::rhai_text::type_word(found.type_name(), &file.catalogue).into()),
    ];
    error(file.catalogue.text("api-not-a-figure", &args), pos)
}

