//! RON nodes as Rhai values that remember where they came from, read
//! lazily.
//!
//! Scripts see values that mirror the RON: a struct or map is a
//! [`DataMap`] (read like an object map: `ind.high`, `m["鹿城区"]`,
//! `m.keys()`, `"k" in m`), a list or tuple is a [`DataArray`] (read like
//! an array: `rows[0]`, `for row in rows`, `rows.len()`), numbers stay
//! numbers, strings stay strings, `None` and `()` are `()`.
//!
//! Why lazy: turning a whole national data set into Rhai maps up front
//! costs more time and memory than every rule together (each value a boxed
//! `Dynamic` in a `BTreeMap`), and every `ind.breakdown` would copy its map.
//! A `DataMap` or `DataArray` is a handle (the file and a node id); a child
//! is made into a Rhai value only when a script reads it, and native
//! functions (`sum`, `outside`, `registry`, …) read the nodes directly.
//!
//! Every value read from the data also carries its node's global id in the
//! `Dynamic` tag, which survives being copied into variables and arrays,
//! so `report(x, ..)` finds the exact span of `x` without a path string.
//! The data is read-only: writing into it is a run-time error that says so.

use std::sync::Arc;

use rhai::{
    Array, Dynamic, Engine, EvalAltResult, FnPtr, ImmutableString, Map, NativeCallContext, Position, INT,
};

pub use super::view_file::Figure;
use super::view_file::{tag_of, ViewFile};
use crate::load::Empty;
use crate::rules::ParamValue;
use crate::span::{NodeId, NodeKind};

type Result<T> = std::result::Result<T, Box<EvalAltResult>>;

/// A struct or map read from the data.
#[derive(Clone)]
pub struct DataMap {
    file: Arc<ViewFile>,
    id: NodeId,
}

/// A list or tuple read from the data.
#[derive(Clone)]
pub struct DataArray {
    file: Arc<ViewFile>,
    id: NodeId,
}

/// Anything of the data that a native function can read without turning
/// it into Rhai values first.
pub enum DataNode {
    /// A struct or map.
    Map(DataMap),
    /// A list or tuple.
    Array(DataArray),
}

impl DataNode {
    /// The map or array handle for node `id` of `file`, `None` for a node
    /// that is neither.
    pub fn new(file: &Arc<ViewFile>, id: NodeId) -> Option<DataNode> {
        match file.doc()?.kind(id)? {
            NodeKind::Struct { .. } | NodeKind::Map(_) => Some(DataNode::Map(DataMap {
                file: file.clone(),
                id,
            })),
            NodeKind::List(_) | NodeKind::Tuple { .. } => Some(DataNode::Array(DataArray {
                file: file.clone(),
                id,
            })),
            _ => None,
        }
    }

    /// The data node behind a Rhai value, if it is one (a cheap handle).
    pub fn of(value: &Dynamic) -> Option<DataNode> {
        if let Some(m) = value.read_lock::<DataMap>() {
            return Some(DataNode::Map(m.clone()));
        }
        value.read_lock::<DataArray>().map(|a| DataNode::Array(a.clone()))
    }

    /// The file and node id.
    pub fn parts(&self) -> (&Arc<ViewFile>, NodeId) {
        match self {
            DataNode::Map(m) => (&m.file, m.id),
            DataNode::Array(a) => (&a.file, a.id),
        }
    }

    /// The value nodes of the members, in source order.
    pub fn member_ids(&self) -> Vec<NodeId> {
        let (file, id) = self.parts();
        match file.doc().and_then(|d| d.kind(id)) {
            Some(NodeKind::Struct { fields, .. }) => fields.iter().map(|f| f.value).collect(),
            Some(NodeKind::Map(entries)) => entries.iter().map(|(_, v)| *v).collect(),
            Some(NodeKind::List(items)) | Some(NodeKind::Tuple { items, .. }) => items.to_vec(),
            _ => Vec::new(),
        }
    }

    /// The members: `(key or index, value node)` in source order.
    pub fn members(&self) -> Vec<(Dynamic, NodeId)> {
        let (file, id) = self.parts();
        let Some(doc) = file.doc() else { return Vec::new() };
        match doc.kind(id) {
            Some(NodeKind::Struct { fields, .. }) => fields
                .iter()
                .map(|f| (Dynamic::from(f.name.to_string()), f.value))
                .collect(),
            Some(NodeKind::Map(entries)) => entries
                .iter()
                .map(|(k, v)| (Dynamic::from(doc.key_text(*k)), *v))
                .collect(),
            Some(NodeKind::List(items)) | Some(NodeKind::Tuple { items, .. }) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (Dynamic::from_int(i as INT), *v))
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// The value of node `id` of `file` as a Rhai value, tagged with its node.
pub fn value(file: &Arc<ViewFile>, id: NodeId) -> Dynamic {
    let Some(doc) = file.doc() else {
        return Dynamic::UNIT;
    };
    let Some(kind) = doc.kind(id) else {
        return Dynamic::UNIT;
    };
    if let Some(empty) = file.broken(id) {
        // A value that breaks its schema reads as the empty value of its
        // type; its `shape` finding says why, and `report` still finds
        // where it is.
        let mut value = empty_value(empty);
        value.set_tag(tag_of(file.base, id));
        return value;
    }
    let mut value = match &kind {
        NodeKind::Unit | NodeKind::None => Dynamic::UNIT,
        NodeKind::Bool(b) => Dynamic::from_bool(*b),
        NodeKind::Int(i) => Dynamic::from_int(*i),
        NodeKind::Float(f) => Dynamic::from_float(*f),
        NodeKind::Str(s) => Dynamic::from(s.to_string()),
        NodeKind::Char(c) => Dynamic::from_char(*c),
        // `Some(x)` is `x` itself, with x's own tag.
        NodeKind::Some(inner) => return value(file, *inner),
        // A unit struct or enum variant (`District`) reads as its name.
        NodeKind::Tuple { name, items: [] } => match name {
            Some(name) => Dynamic::from(name.to_string()),
            None => Dynamic::UNIT,
        },
        NodeKind::List(_) | NodeKind::Tuple { .. } => Dynamic::from(DataArray {
            file: file.clone(),
            id,
        }),
        NodeKind::Map(_) | NodeKind::Struct { .. } => Dynamic::from(DataMap {
            file: file.clone(),
            id,
        }),
    };
    value.set_tag(tag_of(file.base, id));
    value
}

/// The source text of a node, shortened for printing.
fn source_text(file: &ViewFile, id: NodeId) -> String {
    let Some(node) = file.doc().and_then(|d| d.get(id)) else {
        return String::new();
    };
    let text = file
        .file
        .source
        .text
        .get(node.span.start..node.span.end)
        .unwrap_or("");
    const MAX: usize = 400;
    if text.chars().count() <= MAX {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

impl DataMap {
    /// The file this map was read from.
    pub fn file(&self) -> &Arc<ViewFile> {
        &self.file
    }

    /// The node this map stands for.
    pub fn id(&self) -> NodeId {
        self.id
    }

    /// The value of the field or entry `key`, `None` if there is none.
    pub fn field(&self, key: &str) -> Option<Dynamic> {
        self.file.lookup(self.id, key).map(|id| value(&self.file, id))
    }

    fn doc_kind(&self) -> Option<NodeKind<'_>> {
        self.file.doc()?.kind(self.id)
    }

    fn get(&self, key: &str) -> Result<Dynamic> {
        match self.file.lookup(self.id, key) {
            Some(id) => Ok(value(&self.file, id)),
            None => self.absent(key),
        }
    }

    /// Reading a field that is not there: `()` if the record's kind
    /// declares it (it may be left out), an error if the schema does not
    /// know it (a misspelt `ind.nmae` would otherwise read `()` everywhere
    /// and the rule would pass silently).
    fn absent(&self, key: &str) -> Result<Dynamic> {
        let (Some(schema), Some(doc)) = (self.file.schema(), self.file.doc()) else {
            return Ok(Dynamic::UNIT);
        };
        if !matches!(self.doc_kind(), Some(NodeKind::Struct { .. })) {
            return Ok(Dynamic::UNIT);
        }
        let Some(record) = schema.record_at(doc, self.id) else {
            return Ok(Dynamic::UNIT);
        };
        if let Some(spec) = record.field(key) {
            // A declared field that is left out reads as the empty value
            // of its type (`[]` for a list), `()` if it may be `None` or
            // is an optional record.
            let empty = match spec.ty.empty() {
                Empty::Map if spec.optional => Empty::Unassigned,
                empty => empty,
            };
            return Ok(empty_value(empty));
        }
        let guess = crate::text::suggest(key, record.field_names());
        let fields: Vec<&str> = record.field_names().collect();
        let t = &self.file.catalogue;
        let listed = t.text(
            "api-fields-are",
            &[("fields", crate::text::join_in(t, &fields).into()), ("schema", schema.source.name.as_str().into())],
        );
        let message = t.text(
            "api-not-a-field",
            &[
                ("key", key.into()),
                ("record", record.name.as_str().into()),
                ("kind", schema.kind.as_str().into()),
                ("hint", crate::text::did_you_mean_in(t, guess, &listed).into()),
            ],
        );
        Err(Box::new(EvalAltResult::ErrorRuntime(message.into(), Position::NONE)))
    }

    fn len(&self) -> usize {
        match self.doc_kind() {
            Some(NodeKind::Struct { fields, .. }) => fields.len(),
            Some(NodeKind::Map(entries)) => entries.len(),
            _ => 0,
        }
    }

    fn keys(&self) -> Array {
        let Some(doc) = self.file.doc() else {
            return Array::new();
        };
        match self.doc_kind() {
            Some(NodeKind::Struct { fields, .. }) => {
                fields.iter().map(|f| Dynamic::from(f.name.to_string())).collect()
            }
            Some(NodeKind::Map(entries)) => entries
                .iter()
                .map(|(k, _)| Dynamic::from(doc.key_text(*k)))
                .collect(),
            _ => Array::new(),
        }
    }

    fn values(&self) -> Array {
        DataNode::Map(self.clone())
            .members()
            .into_iter()
            .map(|(_, v)| value(&self.file, v))
            .collect()
    }

    /// A plain Rhai object map of the entries (their values still lazy).
    fn to_map(&self) -> Map {
        DataNode::Map(self.clone())
            .members()
            .into_iter()
            .map(|(k, v)| (k.to_string().into(), value(&self.file, v)))
            .collect()
    }
}

impl DataArray {
    fn items(&self) -> &[NodeId] {
        match self.file.doc().and_then(|d| d.kind(self.id)) {
            Some(NodeKind::List(items)) | Some(NodeKind::Tuple { items, .. }) => items,
            _ => &[],
        }
    }

    fn get(&self, index: INT, pos: Position) -> Result<Dynamic> {
        let items = self.items();
        let len = items.len() as INT;
        let at = if index < 0 { len + index } else { index };
        if at < 0 || at >= len {
            return Err(Box::new(EvalAltResult::ErrorArrayBounds(items.len(), index, pos)));
        }
        Ok(value(&self.file, items[at as usize]))
    }

    /// A plain Rhai array of the elements (themselves still lazy).
    fn to_array(&self) -> Array {
        self.items().iter().map(|&id| value(&self.file, id)).collect()
    }
}

/// Iterates the elements of a [`DataArray`] as Rhai values.
pub struct Elements {
    file: Arc<ViewFile>,
    items: std::vec::IntoIter<NodeId>,
}

impl Iterator for Elements {
    type Item = Dynamic;

    fn next(&mut self) -> Option<Dynamic> {
        let id = self.items.next()?;
        Some(value(&self.file, id))
    }
}

impl IntoIterator for DataArray {
    type Item = Dynamic;
    type IntoIter = Elements;

    fn into_iter(self) -> Elements {
        let items = self.items().to_vec();
        Elements {
            file: self.file,
            items: items.into_iter(),
        }
    }
}

/// Whether two Rhai values are equal as data: numbers by value (an int
/// equals the same float), strings by text, data nodes by identity.
pub fn same(a: &Dynamic, b: &Dynamic) -> bool {
    if let (Ok(x), Ok(y)) = (as_number(a), as_number(b)) {
        return x == y;
    }
    if let (Some(x), Some(y)) = (a.read_lock::<ImmutableString>(), b.read_lock::<ImmutableString>()) {
        return *x == *y;
    }
    if a.is_unit() || b.is_unit() {
        return a.is_unit() && b.is_unit();
    }
    if let (Ok(x), Ok(y)) = (a.as_bool(), b.as_bool()) {
        return x == y;
    }
    if let (Ok(x), Ok(y)) = (a.as_char(), b.as_char()) {
        return x == y;
    }
    match (DataNode::of(a), DataNode::of(b)) {
        (Some(x), Some(y)) => {
            let (fx, ix) = x.parts();
            let (fy, iy) = y.parts();
            Arc::ptr_eq(fx, fy) && ix == iy
        }
        _ => false,
    }
}

fn as_number(v: &Dynamic) -> std::result::Result<f64, ()> {
    if let Ok(i) = v.as_int() {
        return Ok(i as f64);
    }
    v.as_float().map_err(|_| ())
}

/// Array methods that a [`DataArray`] hands on to Rhai's own, after
/// turning itself into a plain array of (lazy) elements.
const FORWARDED_WITH_FN: [&str; 7] = ["filter", "map", "reduce", "some", "all", "find", "find_map"];

/// The data's read-only sequences, which Rhai's own array functions serve
/// after turning them into a plain array of (lazy) elements.
pub(super) trait ReadsAsArray: Clone + Send + Sync + 'static {
    fn to_array(&self) -> Array;
}

impl ReadsAsArray for DataArray {
    fn to_array(&self) -> Array {
        DataArray::to_array(self)
    }
}

/// `to_array`, the array functions that take a closure, `reduce`, and `+`
/// / `+=` with plain arrays, for a data array or data list.
pub(super) fn register_array_ops<T: ReadsAsArray>(engine: &mut Engine) {
    engine.register_fn("to_array", |a: &mut T| a.to_array());
    for name in FORWARDED_WITH_FN {
        engine.register_fn(
            name,
            move |ctx: NativeCallContext, a: &mut T, f: FnPtr| -> Result<Dynamic> {
                ctx.call_native_fn(name, (a.to_array(), f))
            },
        );
    }
    engine.register_fn(
        "reduce",
        |ctx: NativeCallContext, a: &mut T, f: FnPtr, initial: Dynamic| -> Result<Dynamic> {
            ctx.call_native_fn("reduce", (a.to_array(), f, initial))
        },
    );
    engine.register_fn("+", |a: Array, b: T| {
        let mut out = a;
        out.extend(b.to_array());
        out
    });
    engine.register_fn("+", |a: T, b: Array| {
        let mut out = a.to_array();
        out.extend(b);
        out
    });
    engine.register_fn("+=", |a: &mut Array, b: T| a.extend(b.to_array()));
}

/// Registers a property getter per field name of the data, so that
/// `ind.high` is a direct call. Rhai would find the field without them,
/// through the indexer, but only after formatting a "no such getter" error
/// each time, which costs more than the read itself.
pub fn register_fields(engine: &mut Engine, names: &[String]) {
    for name in names {
        let key = name.clone();
        engine.register_get(name, move |m: &mut DataMap| m.get(&key));
    }
}

/// Registers the two data types and everything scripts do with them.
pub fn register(engine: &mut Engine) {
    engine.register_type_with_name::<DataMap>("data map");
    engine.register_type_with_name::<DataArray>("data array");

    // Reading a map: `m["k"]`, and `m.k` through Rhai's indexer fallback.
    engine.register_indexer_get(|m: &mut DataMap, key: &str| m.get(key));
    // `m.contains(k)` / `"k" in m` ask without failing.
    engine.register_fn("keys", |m: &mut DataMap| m.keys());
    engine.register_fn("values", |m: &mut DataMap| m.values());
    engine.register_fn("len", |m: &mut DataMap| m.len() as INT);
    engine.register_fn("is_empty", |m: &mut DataMap| m.len() == 0);
    engine.register_fn("contains", |m: &mut DataMap, key: &str| {
        m.file.lookup(m.id, key).is_some()
    });
    engine.register_fn("to_map", |m: &mut DataMap| m.to_map());
    engine.register_fn("to_string", |m: &mut DataMap| source_text(&m.file, m.id));
    engine.register_fn("to_debug", |m: &mut DataMap| source_text(&m.file, m.id));

    // Reading an array: `a[0]`, `a[-1]`, `for x in a`.
    engine.register_indexer_get(|ctx: NativeCallContext, a: &mut DataArray, index: INT| {
        a.get(index, ctx.call_position())
    });
    engine.register_iterator::<DataArray>();
    engine.register_fn("len", |a: &mut DataArray| a.items().len() as INT);
    engine.register_fn("is_empty", |a: &mut DataArray| a.items().is_empty());
    engine.register_fn("contains", |a: &mut DataArray, item: Dynamic| {
        a.items().iter().any(|&id| same(&value(&a.file, id), &item))
    });
    engine.register_fn("to_string", |a: &mut DataArray| source_text(&a.file, a.id));
    engine.register_fn("to_debug", |a: &mut DataArray| source_text(&a.file, a.id));
    register_array_ops::<DataArray>(engine);
    engine.register_fn("+", |a: DataArray, b: DataArray| {
        let mut out = a.to_array();
        out.extend(b.to_array());
        out
    });

    // Identity: the same node of the same file.
    engine.register_fn("==", |a: DataMap, b: DataMap| {
        Arc::ptr_eq(&a.file, &b.file) && a.id == b.id
    });
    engine.register_fn("!=", |a: DataMap, b: DataMap| {
        !(Arc::ptr_eq(&a.file, &b.file) && a.id == b.id)
    });
    engine.register_fn("==", |a: DataArray, b: DataArray| {
        Arc::ptr_eq(&a.file, &b.file) && a.id == b.id
    });
    engine.register_fn("!=", |a: DataArray, b: DataArray| {
        !(Arc::ptr_eq(&a.file, &b.file) && a.id == b.id)
    });
}

/// A rule parameter (`params` in tally.ron) as a Rhai value.
pub fn param_value(value: &ParamValue) -> Dynamic {
    match value {
        ParamValue::Unit => Dynamic::UNIT,
        ParamValue::Bool(b) => Dynamic::from_bool(*b),
        ParamValue::Int(i) => Dynamic::from_int(*i),
        ParamValue::Float(f) => Dynamic::from_float(*f),
        ParamValue::Char(c) => Dynamic::from_char(*c),
        ParamValue::Text(s) => Dynamic::from(s.clone()),
        ParamValue::List(items) => Dynamic::from_array(items.iter().map(param_value).collect()),
        ParamValue::Map(map) => Dynamic::from_map(
            map.iter()
                .map(|(k, v)| (k.as_str().into(), param_value(v)))
                .collect(),
        ),
    }
}

/// What a rule reads for a value that breaks its schema or is left out.
fn empty_value(empty: Empty) -> Dynamic {
    match empty {
        Empty::Unassigned => Dynamic::UNIT,
        Empty::List => Dynamic::from_array(Array::new()),
        Empty::Map => Dynamic::from_map(Map::new()),
    }
}
