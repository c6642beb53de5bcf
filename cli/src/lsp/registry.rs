//! The region and unit registries (`RegionRegistry`, `UnitRegistry`
//! tables, `data/regions.ron` and `data/units.ron` in the shipped
//! project) as the engine last loaded them: names to complete, entries to
//! show on hover, places to go to.

use std::sync::Arc;

use tally_engine::{DataFile, Document, NodeId, NodeKind, SourceFile};

/// Which registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registry {
    /// `RegionRegistry.regions`.
    Regions,
    /// `UnitRegistry.units`.
    Units,
}

impl Registry {
    /// The table kind and the list field.
    fn table(self) -> (&'static str, &'static str) {
        match self {
            Registry::Regions => ("RegionRegistry", "regions"),
            Registry::Units => ("UnitRegistry", "units"),
        }
    }

    /// What one entry is called.
    pub fn noun(self) -> &'static str {
        match self {
            Registry::Regions => "region",
            Registry::Units => "unit",
        }
    }
}

/// One registry entry.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Which registry it is in.
    pub registry: Registry,
    /// The canonical name.
    pub name: String,
    /// Its fields other than the name, as written (`kind`, `parent`, `lead`).
    pub fields: Vec<(String, String)>,
    /// The registry file.
    pub source: Arc<SourceFile>,
    /// The bytes of the name's string in that file.
    pub span: (usize, usize),
}

/// The entries of `registry` in `files`, in file order.
pub fn entries(files: &[DataFile], registry: Registry) -> Vec<Entry> {
    let (kind, list) = registry.table();
    let mut out = Vec::new();
    for file in files {
        let Some(doc) = file.document.as_deref() else {
            continue;
        };
        if doc.root_name() != Some(kind) {
            continue;
        }
        let Some(items) = doc.field(doc.root(), list).and_then(|l| list_items(doc, l)) else {
            continue;
        };
        for item in items {
            let Some(name_id) = doc.field(item, "name") else {
                continue;
            };
            let Some(name) = string(doc, name_id) else {
                continue;
            };
            let fields = match &doc.node(item).kind {
                NodeKind::Struct { fields, .. } => fields
                    .iter()
                    .filter(|f| &*f.name != "name")
                    .filter_map(|f| Some((f.name.to_string(), scalar(doc, f.value)?)))
                    .collect(),
                _ => Vec::new(),
            };
            let span = doc.node(name_id).span;
            out.push(Entry {
                registry,
                name,
                fields,
                source: file.source.clone(),
                span: (span.start, span.end),
            });
        }
    }
    out
}

/// An entry by name, regions first.
pub fn find(files: &[DataFile], name: &str) -> Option<Entry> {
    [Registry::Regions, Registry::Units]
        .into_iter()
        .flat_map(|r| entries(files, r))
        .find(|e| e.name == name)
}

fn list_items(doc: &Document, id: NodeId) -> Option<Vec<NodeId>> {
    match doc.kind(id)? {
        NodeKind::List(items) => Some(items.to_vec()),
        NodeKind::Some(inner) => list_items(doc, inner),
        _ => None,
    }
}

/// A string node's value (through `Some`).
pub fn string(doc: &Document, id: NodeId) -> Option<String> {
    match doc.kind(id)? {
        NodeKind::Str(s) => Some(s.to_string()),
        NodeKind::Some(inner) => string(doc, inner),
        _ => None,
    }
}

/// A number node's value (through `Some`); `None` also for `None`.
pub fn number(doc: &Document, id: NodeId) -> Option<f64> {
    match doc.kind(id)? {
        NodeKind::Int(i) => Some(i as f64),
        NodeKind::Float(f) => Some(f),
        NodeKind::Some(inner) => number(doc, inner),
        _ => None,
    }
}

/// A scalar as text: a string's value, a number, `true`; `None` for
/// `None` and anything nested.
fn scalar(doc: &Document, id: NodeId) -> Option<String> {
    match doc.kind(id)? {
        NodeKind::Str(s) => Some(s.to_string()),
        NodeKind::Int(i) => Some(i.to_string()),
        NodeKind::Float(f) => Some(f.to_string()),
        NodeKind::Bool(b) => Some(b.to_string()),
        NodeKind::Some(inner) => scalar(doc, inner),
        _ => None,
    }
}
