//! One data file as the scripts see it: the loaded file, the tags of its
//! nodes, and key indexes of its large maps.

use std::sync::{Arc, Mutex};

use foldhash::{HashMap, HashMapExt as _};

use crate::load::{DataFile, Empty};
use crate::schema::Schema;
use crate::span::{Document, NodeId, NodeKind};

/// Maps with more entries than this get a hash index on their first keyed
/// read, so that `m[key]` in a loop over a large breakdown stays linear.
const INDEX_FROM: usize = 16;

/// One data file as the scripts see it.
pub struct ViewFile {
    /// The loaded file.
    pub file: DataFile,
    /// Tag of its root node; node `i` has tag `base + i`.
    pub base: u32,
    /// Key indexes of large maps, built on first use.
    indexes: Mutex<HashMap<NodeId, Arc<HashMap<String, NodeId>>>>,
    /// The schema of the file's kind, if it has one.
    schema: Option<Arc<Schema>>,
    /// The interface language, for the errors of reading the file in a
    /// rule (a field its schema does not know).
    pub(super) catalogue: Arc<tally_i18n::Catalogue>,
}

impl std::fmt::Debug for ViewFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ViewFile")
            .field("file", &self.file.name())
            .field("base", &self.base)
            .finish_non_exhaustive()
    }
}

impl ViewFile {
    /// A file whose node `i` is tagged `base + i`, read through the
    /// schema of its kind.
    pub fn new(file: DataFile, base: u32, schema: Option<Arc<Schema>>, catalogue: Arc<tally_i18n::Catalogue>) -> Self {
        ViewFile {
            file,
            base,
            indexes: Mutex::new(HashMap::new()),
            schema,
            catalogue,
        }
    }

    /// The schema of the file's kind, if it has one.
    pub fn schema(&self) -> Option<&Arc<Schema>> {
        self.schema.as_ref()
    }

    /// What rules read in place of node `id` if its value breaks its
    /// schema (its `shape` finding says why).
    pub fn broken(&self, id: NodeId) -> Option<Empty> {
        self.file.shape.broken(id)
    }

    /// The figure node `id` holds; a value that breaks its schema is
    /// unassigned.
    pub fn figure(&self, id: NodeId) -> Figure {
        let Some(doc) = self.doc() else {
            return Figure::Other;
        };
        let figure = figure_of(doc, id);
        if self.file.shape.broken.is_empty() || matches!(figure, Figure::Unassigned) {
            return figure;
        }
        let value = self.resolve(id);
        if self.broken(value).is_some() || (value != id && self.broken(id).is_some()) {
            return Figure::Unassigned;
        }
        figure
    }

    /// The parsed document, if the file parsed.
    pub fn doc(&self) -> Option<&Document> {
        self.file.document.as_deref()
    }

    /// The value node `id` stands for (the inside of `Some(..)`).
    pub fn resolve(&self, id: NodeId) -> NodeId {
        self.doc().map_or(id, |doc| doc.unwrap_some(id))
    }

    /// The value of the entry `key` of the map or struct `id`.
    pub fn lookup(&self, id: NodeId, key: &str) -> Option<NodeId> {
        self.lookup_in(id, key).flatten()
    }

    /// As [`ViewFile::lookup`]; `None` if `id` is not a map or struct
    /// (one look at the node where asking first cost a second).
    pub fn lookup_in(&self, id: NodeId, key: &str) -> Option<Option<NodeId>> {
        let doc = self.doc()?;
        Some(match doc.kind(id)? {
            NodeKind::Struct { fields, .. } => fields.iter().find(|f| &*f.name == key).map(|f| f.value),
            NodeKind::Map(entries) if entries.len() <= INDEX_FROM => entries
                .iter()
                .find(|(k, _)| key_is(doc, *k, key))
                .map(|(_, v)| *v),
            NodeKind::Map(entries) => {
                let index = {
                    let Ok(mut indexes) = self.indexes.lock() else {
                        return Some(None);
                    };
                    indexes
                        .entry(id)
                        .or_insert_with(|| {
                            let mut index = HashMap::with_capacity(entries.len());
                            for (k, v) in entries.iter() {
                                // The first of duplicate keys wins, as in a linear scan.
                                index.entry(doc.key_text(*k)).or_insert(*v);
                            }
                            Arc::new(index)
                        })
                        .clone()
                };
                index.get(key).copied()
            }
            _ => return None,
        })
    }
}

/// Whether the key node `key` reads as `text`, without allocating for
/// string keys.
fn key_is(doc: &Document, key: NodeId, text: &str) -> bool {
    match doc.kind(key) {
        Some(NodeKind::Str(s)) => s == text,
        _ => doc.key_text(key) == text,
    }
}

/// The tag of node `id` given a file's base; saturates instead of wrapping.
pub fn tag_of(base: u32, id: NodeId) -> i32 {
    i32::try_from(u64::from(base) + u64::from(id.0)).unwrap_or(i32::MAX)
}

/// What a node holds, as a figure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Figure {
    /// A number, and whether it was written as an integer.
    Value(f64, bool),
    /// `None` or `()`: not assigned.
    Unassigned,
    /// Anything else (a string, a table).
    Other,
}

/// The figure a node holds, reading through `Some(..)`.
pub fn figure_of(doc: &Document, id: NodeId) -> Figure {
    match doc.kind(id) {
        Some(NodeKind::Int(i)) => Figure::Value(i as f64, true),
        Some(NodeKind::Float(f)) => Figure::Value(f, false),
        Some(NodeKind::None) | Some(NodeKind::Unit) => Figure::Unassigned,
        Some(NodeKind::Some(inner)) => figure_of(doc, inner),
        _ => Figure::Other,
    }
}
