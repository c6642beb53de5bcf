//! Table-wide helpers: `gather`, `column`, `select`, `containing`,
//! `compare_fields`, `sum_mismatches`, `outside`.
//!
//! A rule over a national data set asks questions of 30,000 indicators and
//! 300,000 regional figures; a loop in the script would make a Rhai value
//! of each. These helpers answer in one native call and hand back only
//! what the rule reports. They read records straight from the span index
//! when the records were read from the data (a [`Member::Node`]), and
//! fall back to Rhai values for maps a script built itself, with the same
//! results either way. What they return is a [`DataList`] while every
//! member is a node of the data (eight bytes each, no handle until a
//! script looks), a plain array otherwise.

use std::sync::Arc;

use rhai::{Array, Dynamic, ImmutableString, Map};

use super::figures::{
    as_figure, figures, measure, node_figures, not_a_figure_in, number, said, sum_of, type_in, At, Policy, Result,
};
use super::list::{DataList, ListBuilder};
use super::value::{self, DataMap, DataNode, Figure};
use super::view_file::ViewFile;
use crate::span::{NodeId, NodeKind};

/// One member of an array, list or map handed to a helper, borrowed.
#[derive(Clone, Copy)]
pub enum Member<'a> {
    /// A node of the data: a record (struct or map), a figure, a string.
    Node(&'a Arc<ViewFile>, NodeId),
    /// A value the script made.
    Value(&'a Dynamic),
}

impl Member<'_> {
    /// The member as a Rhai value.
    fn to_value(self) -> Dynamic {
        match self {
            Member::Node(file, id) => value::value(file, id),
            Member::Value(v) => v.clone(),
        }
    }

    fn is_unit(self) -> bool {
        match self {
            Member::Node(file, id) => {
                matches!(
                    file.doc().and_then(|d| d.kind(id)),
                    None | Some(NodeKind::Unit | NodeKind::None)
                )
            }
            Member::Value(v) => v.is_unit(),
        }
    }

    /// Adds the member to a result.
    fn push_onto(self, out: &mut ListBuilder) {
        match self {
            Member::Node(file, id) => out.push_node(file, id),
            Member::Value(v) => out.push_value(v.clone()),
        }
    }
}

/// Calls `f` with the key and each member of an array, data list or map,
/// borrowed: a copy of each of 30,000 records would cost more than the
/// work done with it.
pub fn each_member(
    values: &Dynamic,
    pos: At<'_>,
    mut f: impl FnMut(&Dynamic, Member<'_>) -> Result<()>,
) -> Result<()> {
    if let Some(list) = values.read_lock::<DataList>() {
        for (i, (file, id)) in list.nodes().enumerate() {
            f(&Dynamic::from_int(i as i64), Member::Node(file, id))?;
        }
        return Ok(());
    }
    if let Some(array) = values.read_lock::<Array>() {
        for (i, v) in array.iter().enumerate() {
            let key = Dynamic::from_int(i as i64);
            match v.read_lock::<DataMap>() {
                Some(map) => f(&key, Member::Node(map.file(), map.id()))?,
                None => f(&key, Member::Value(v))?,
            }
        }
        return Ok(());
    }
    if let Some(node) = DataNode::of(values) {
        let (file, _) = node.parts();
        for (key, id) in node.members() {
            f(&key, Member::Node(file, file.resolve(id)))?;
        }
        return Ok(());
    }
    if let Some(map) = values.read_lock::<Map>() {
        for (k, v) in map.iter() {
            f(&Dynamic::from(k.to_string()), Member::Value(v))?;
        }
        return Ok(());
    }
    let found = type_in(pos.tag, values.type_name());
    Err(said(pos.tag, "api-not-records", &[("type", found.into())], pos.pos))
}

/// The field `field` of a record: `Ok(Some(Field::Node))` for a record
/// read from the data (the value node, read through `Some(..)`),
/// `Ok(Some(Field::Value))` for a script map, `Ok(None)` if it has no such
/// field, an error if the member is not a record.
enum Field<'a> {
    Node(&'a Arc<ViewFile>, NodeId),
    Value(Dynamic),
}

fn field<'a>(
    pos: At<'_>,
    fname: &str,
    key: &Dynamic,
    record: Member<'a>,
    name: &str,
) -> Result<Option<Field<'a>>> {
    match record {
        Member::Node(file, id) => match file.lookup_in(id, name) {
            Some(found) => Ok(found.map(|v| Field::Node(file, file.resolve(v)))),
            None => Err(not_a_record(pos, fname, key, &value::value(file, id))),
        },
        Member::Value(v) => match v.read_lock::<Map>() {
            Some(map) => Ok(map.get(name).cloned().map(Field::Value)),
            None => Err(not_a_record(pos, fname, key, v)),
        },
    }
}

fn not_a_record(pos: At<'_>, fname: &str, key: &Dynamic, v: &Dynamic) -> Box<rhai::EvalAltResult> {
    let args = [
        ("function", fname.into()),
        ("key", key.to_string().into()),
        ("type", type_in(pos.tag, v.type_name()).into()),
    ];
    said(pos.tag, "api-not-a-record", &args, pos.pos)
}

impl Field<'_> {
    fn to_value(&self) -> Dynamic {
        match self {
            Field::Node(file, id) => value::value(file, *id),
            Field::Value(v) => v.clone(),
        }
    }

    fn figure(&self) -> Option<f64> {
        match self {
            Field::Node(file, id) => match file.figure(*id) {
                Figure::Value(f, _) => Some(f),
                _ => None,
            },
            Field::Value(v) => number(v),
        }
    }

    /// `f` of the field's text, `None` if it is not a string.
    fn with_text<R>(&self, f: impl FnOnce(Option<&str>) -> R) -> R {
        match self {
            Field::Node(file, id) => match file.doc().and_then(|d| d.kind(*id)) {
                Some(NodeKind::Str(s)) => f(Some(s)),
                _ => f(None),
            },
            Field::Value(v) => match v.read_lock::<ImmutableString>() {
                Some(s) => f(Some(s.as_str())),
                None => f(None),
            },
        }
    }

    /// Whether the field equals `wanted` as [`value::same`] decides.
    fn is(&self, wanted: &Dynamic) -> bool {
        match self {
            Field::Node(file, id) => {
                let Some(doc) = file.doc() else { return false };
                match doc.kind(*id) {
                    Some(NodeKind::Str(s)) => wanted
                        .read_lock::<ImmutableString>()
                        .is_some_and(|w| w.as_str() == s),
                    Some(NodeKind::Int(_) | NodeKind::Float(_)) => {
                        match (file.figure(*id), number(wanted)) {
                            (Figure::Value(x, _), Some(y)) => x == y,
                            _ => false,
                        }
                    }
                    Some(NodeKind::Bool(b)) => wanted.as_bool().is_ok_and(|w| w == b),
                    _ => value::same(&value::value(file, *id), wanted),
                }
            }
            Field::Value(v) => value::same(v, wanted),
        }
    }
}

/// `gather(values, field)`: the `field` of every record in `values`,
/// flattened one level: a list field contributes its elements, a map or
/// struct field its values, any other value itself, an absent or `()`
/// field nothing. `gather(gather(tables("TargetTable"), "sheets"),
/// "indicators")` is every indicator of every target table.
pub fn gather(pos: At<'_>, values: &Dynamic, name: &str) -> Result<Dynamic> {
    let mut out = ListBuilder::default();
    each_member(values, pos, |key, record| {
        if record.is_unit() {
            return Ok(());
        }
        match field(pos, "gather", key, record, name)? {
            None => {}
            Some(Field::Node(file, id)) => {
                let Some(doc) = file.doc() else { return Ok(()) };
                match doc.kind(id) {
                    Some(NodeKind::List(items)) => items.iter().for_each(|&i| out.push_node(file, i)),
                    Some(NodeKind::Tuple { items, .. }) if !items.is_empty() => {
                        items.iter().for_each(|&i| out.push_node(file, i))
                    }
                    Some(NodeKind::Map(entries)) => entries.iter().for_each(|&(_, v)| out.push_node(file, v)),
                    Some(NodeKind::Struct { fields, .. }) => {
                        fields.iter().for_each(|f| out.push_node(file, f.value))
                    }
                    Some(NodeKind::Unit | NodeKind::None) => {}
                    // A figure, a string, a unit variant's name.
                    _ => out.push_node(file, id),
                }
            }
            Some(Field::Value(member)) => {
                if member.is_unit() {
                    return Ok(());
                }
                if let Some(node) = DataNode::of(&member) {
                    let (file, _) = node.parts();
                    for id in node.member_ids() {
                        out.push_node(file, id);
                    }
                } else if member.is_array() {
                    for v in member.into_array().unwrap_or_default() {
                        out.push_value(v);
                    }
                } else if member.is::<DataList>() {
                    if let Some(list) = member.read_lock::<DataList>() {
                        for (file, id) in list.nodes() {
                            out.push_node(file, id);
                        }
                    }
                } else {
                    out.push_value(member);
                }
            }
        }
        Ok(())
    })?;
    Ok(out.finish())
}

/// `column(records, field)`: the `field` of every record, in order (`()`
/// where a record has none): the breakdowns of all indicators, say.
pub fn column(pos: At<'_>, records: &Dynamic, name: &str) -> Result<Dynamic> {
    let mut out = ListBuilder::default();
    each_member(records, pos, |key, record| {
        match field(pos, "column", key, record, name)? {
            Some(Field::Node(file, id)) => out.push_node(file, id),
            Some(Field::Value(v)) => out.push_value(v),
            None => out.push_value(Dynamic::UNIT),
        }
        Ok(())
    })?;
    Ok(out.finish())
}

/// `select(records, field, value)`: the records whose `field` equals
/// `value` (numbers by value, strings by text), in order.
pub fn select(pos: At<'_>, records: &Dynamic, name: &str, wanted: &Dynamic) -> Result<Dynamic> {
    let mut out = ListBuilder::default();
    each_member(records, pos, |key, record| {
        if field(pos, "select", key, record, name)?.is_some_and(|f| f.is(wanted)) {
            record.push_onto(&mut out);
        }
        Ok(())
    })?;
    Ok(out.finish())
}

/// `containing(records, field, words)` / `not_containing(…)`: the records
/// whose text `field` contains any of `words` (a string or an array of
/// strings), or none of them: `containing(inds, "name", ["增速", "增长"])`.
pub fn containing(
    pos: At<'_>,
    records: &Dynamic,
    name: &str,
    words: &Dynamic,
    keep: bool,
) -> Result<Dynamic> {
    let words = word_list(words);
    let fname = if keep { "containing" } else { "not_containing" };
    let mut out = ListBuilder::default();
    each_member(records, pos, |key, record| {
        let hit = field(pos, fname, key, record, name)?.is_some_and(|f| {
            f.with_text(|text| text.is_some_and(|t| words.iter().any(|w| t.contains(w.as_str()))))
        });
        if hit == keep {
            record.push_onto(&mut out);
        }
        Ok(())
    })?;
    Ok(out.finish())
}

/// `containing(strings, words)` / `not_containing(strings, words)`: the
/// strings of `strings` that contain any of `words`, or none of them
/// (members that are not strings are left out):
/// `containing(names, ["(", ")"])`.
pub fn containing_text(pos: At<'_>, values: &Dynamic, words: &Dynamic, keep: bool) -> Result<Dynamic> {
    let words = word_list(words);
    let has_word = |t: &str| words.iter().any(|w| t.contains(w.as_str()));
    let mut out = ListBuilder::default();
    each_member(values, pos, |_, member| {
        let hit = match member {
            Member::Node(file, id) => match file.doc().and_then(|d| d.kind(id)) {
                Some(NodeKind::Str(s)) => Some(has_word(s)),
                _ => None,
            },
            Member::Value(v) => v.read_lock::<ImmutableString>().map(|s| has_word(s.as_str())),
        };
        if hit == Some(keep) {
            member.push_onto(&mut out);
        }
        Ok(())
    })?;
    Ok(out.finish())
}

/// The words of `containing`: a string or an array of strings.
fn word_list(words: &Dynamic) -> Vec<String> {
    if let Some(list) = words.read_lock::<Array>() {
        list.iter().map(|w| w.to_string()).collect()
    } else {
        vec![words.to_string()]
    }
}

/// `compare_fields(records, a, op, b)`: the records whose figure `a`
/// stands in relation `op` (`<`, `<=`, `>`, `>=`, `==`, `!=`) to their
/// figure `b`; records where either is unassigned or not a figure are
/// left out: `compare_fields(inds, "high", "<", "standard")`.
pub fn compare_fields(pos: At<'_>, records: &Dynamic, a: &str, op: &str, b: &str) -> Result<Dynamic> {
    let test: fn(f64, f64) -> bool = match op {
        "<" => |x, y| x < y,
        "<=" => |x, y| x <= y,
        ">" => |x, y| x > y,
        ">=" => |x, y| x >= y,
        "==" => |x, y| x == y,
        "!=" => |x, y| x != y,
        other => {
            return Err(said(pos.tag, "api-relation", &[("op", other.into())], pos.pos))
        }
    };
    let mut out = ListBuilder::default();
    each_member(records, pos, |key, record| {
        let x = field(pos, "compare_fields", key, record, a)?.and_then(|f| f.figure());
        let y = field(pos, "compare_fields", key, record, b)?.and_then(|f| f.figure());
        if let (Some(x), Some(y)) = (x, y) {
            if test(x, y) {
                record.push_onto(&mut out);
            }
        }
        Ok(())
    })?;
    Ok(out.finish())
}

/// `sum_mismatches(records, parts, lines, tolerance)`: the records whose
/// breakdown `parts` (its assigned figures; a record with none is left
/// out) adds up to none of the figures named in `lines`, within
/// `tolerance` (as for `compare`): the core check of a target table,
/// `sum_mismatches(inds, "breakdown", ["standard", "high"], 0)`.
pub fn sum_mismatches(
    pos: At<'_>,
    records: &Dynamic,
    parts: &str,
    lines: &Array,
    tolerance: &Dynamic,
) -> Result<Dynamic> {
    let lines: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let mut out = ListBuilder::default();
    each_member(records, pos, |key, record| {
        let found = match field(pos, "sum_mismatches", key, record, parts)? {
            Some(Field::Node(file, id)) => node_figures(file, id, Policy::Skip, pos.pos)?,
            Some(Field::Value(breakdown)) => figures(&breakdown, Policy::Skip, pos.pos, pos.tag)?,
            None => None,
        };
        let Some((figures, all_int)) = found else {
            return Ok(());
        };
        if figures.is_empty() {
            return Ok(());
        }
        let total = as_figure(sum_of(&figures), all_int);
        // A record with no line to compare with (all unassigned, or
        // values that broke their schema) matches nothing and is left out.
        let mut compared = false;
        for line in &lines {
            let Some(expected) = field(pos, "sum_mismatches", key, record, line)? else {
                continue;
            };
            let expected = expected.to_value();
            if expected.is_unit() {
                continue;
            }
            compared = true;
            if measure(pos.pos, pos.tag, &total, &expected, tolerance)?.3 {
                return Ok(());
            }
        }
        if compared {
            record.push_onto(&mut out);
        }
        Ok(())
    })?;
    Ok(out.finish())
}

/// The bounds of `outside()`: `()` for a bound means unbounded.
struct Range {
    lo: Option<f64>,
    hi: Option<f64>,
}

impl Range {
    fn new(pos: At<'_>, min: &Dynamic, max: &Dynamic) -> Result<Range> {
        let bound = |b: &Dynamic, name: &str| -> Result<Option<f64>> {
            if b.is_unit() {
                return Ok(None);
            }
            number(b).map(Some).ok_or_else(|| {
                let args = [("what", name.into()), ("type", type_in(pos.tag, b.type_name()).into())];
                said(pos.tag, "api-outside-bound", &args, pos.pos)
            })
        };
        Ok(Range {
            lo: bound(min, "min")?,
            hi: bound(max, "max")?,
        })
    }

    fn excludes(&self, f: f64) -> bool {
        self.lo.is_some_and(|lo| f < lo) || self.hi.is_some_and(|hi| f > hi)
    }
}

/// The figures of node `id` outside `range`, onto `out`: the members of a
/// map, struct or list, or the node itself if it is a figure.
fn outside_node(
    pos: At<'_>,
    file: &Arc<ViewFile>,
    id: NodeId,
    range: &Range,
    out: &mut ListBuilder,
) -> Result<()> {
    let Some(doc) = file.doc() else { return Ok(()) };
    let mut test = |i: usize, member: NodeId| -> Result<()> {
        match file.figure(member) {
            Figure::Value(f, _) if range.excludes(f) => out.push_node(file, member),
            Figure::Value(..) | Figure::Unassigned => {}
            Figure::Other => return Err(not_a_figure_in(pos.pos, "outside(): ", file, id, i, member)),
        }
        Ok(())
    };
    match doc.kind(id) {
        Some(NodeKind::Struct { fields, .. }) => {
            fields.iter().enumerate().try_for_each(|(i, f)| test(i, f.value))
        }
        Some(NodeKind::Map(entries)) => entries.iter().enumerate().try_for_each(|(i, &(_, v))| test(i, v)),
        Some(NodeKind::List(items)) | Some(NodeKind::Tuple { items, .. }) => {
            items.iter().enumerate().try_for_each(|(i, &v)| test(i, v))
        }
        _ => match file.figure(id) {
            Figure::Value(f, _) if range.excludes(f) => {
                out.push_node(file, id);
                Ok(())
            }
            Figure::Value(..) | Figure::Unassigned => Ok(()),
            Figure::Other => {
                let found = super::rhai_text::type_word(value::value(file, id).type_name(), &file.catalogue);
                Err(super::figures::error(
                    file.catalogue.text("api-outside-value", &[("type", found.into())]),
                    pos.pos,
                ))
            }
        },
    }
}

/// `outside(values, min, max)`: the figures of `values` (an array or map,
/// e.g. a breakdown) below `min` or above `max`, as read from the data (so
/// `report` can point at each); unassigned members are skipped, `()` for a
/// bound means unbounded.
pub fn outside(pos: At<'_>, values: &Dynamic, min: &Dynamic, max: &Dynamic) -> Result<Dynamic> {
    let range = Range::new(pos, min, max)?;
    let mut out = ListBuilder::default();
    if let Some(node) = DataNode::of(values) {
        let (file, id) = node.parts();
        outside_node(pos, file, id, &range, &mut out)?;
        return Ok(out.finish());
    }
    each_member(values, pos, |key, member| {
        match member {
            Member::Node(file, id) => {
                match file.figure(id) {
                    Figure::Value(f, _) if range.excludes(f) => out.push_node(file, id),
                    Figure::Value(..) | Figure::Unassigned => {}
                    Figure::Other => return Err(not_a_figure_member(pos, key, &member.to_value())),
                }
            }
            Member::Value(v) => {
                if v.is_unit() {
                    return Ok(());
                }
                let f = number(v).ok_or_else(|| not_a_figure_member(pos, key, v))?;
                if range.excludes(f) {
                    out.push_value(v.clone());
                }
            }
        }
        Ok(())
    })?;
    Ok(out.finish())
}

fn not_a_figure_member(pos: At<'_>, key: &Dynamic, v: &Dynamic) -> Box<rhai::EvalAltResult> {
    let args = [
        ("prefix", "outside(): ".into()),
        ("key", key.to_string().into()),
        ("type", type_in(pos.tag, v.type_name()).into()),
    ];
    said(pos.tag, "api-not-a-figure", &args, pos.pos)
}

/// `outside(records, fields, min, max)`: the figures in the `fields` of
/// every record below `min` or above `max`, as read from the data; a field
/// that holds a breakdown (a map or list) contributes its members. The
/// same as `outside(gather(records, f1) + gather(records, f2) + …, min,
/// max)` without building the array of every figure first:
/// `outside(inds, ["standard", "high", "breakdown"], 0, 100)`.
pub fn outside_fields(
    pos: At<'_>,
    records: &Dynamic,
    fields: &Array,
    min: &Dynamic,
    max: &Dynamic,
) -> Result<Dynamic> {
    let range = Range::new(pos, min, max)?;
    let fields: Vec<String> = fields.iter().map(|f| f.to_string()).collect();
    let mut out = ListBuilder::default();
    // Field by field, so that the order is that of the gathered array.
    for name in &fields {
        each_member(records, pos, |key, record| {
            if record.is_unit() {
                return Ok(());
            }
            match field(pos, "outside", key, record, name)? {
                None => Ok(()),
                Some(Field::Node(file, id)) => outside_node(pos, file, id, &range, &mut out),
                Some(Field::Value(member)) => {
                    if member.is_unit() {
                        return Ok(());
                    }
                    let holder = if member.is_array() || member.is_map() || DataNode::of(&member).is_some() {
                        member
                    } else {
                        Dynamic::from_array(vec![member])
                    };
                    let found = outside(pos, &holder, min, max)?;
                    each_member(&found, pos, |_, m| {
                        m.push_onto(&mut out);
                        Ok(())
                    })
                }
            }
        })?;
    }
    Ok(out.finish())
}
