//! [`DataList`]: many nodes of the data at once, as the table-wide helpers
//! return them.

use std::sync::Arc;

use rhai::{Array, Dynamic, Engine, EvalAltResult, NativeCallContext, Position, INT};

use super::value::{register_array_ops, same, value, DataNode, ReadsAsArray};
use super::view_file::ViewFile;
use crate::span::NodeId;

type Result<T> = std::result::Result<T, Box<EvalAltResult>>;

/// Many nodes of the data at once, from any files: what the table-wide
/// helpers (`gather`, `select`, …) return when every member they found was
/// read from the data.
///
/// Why: `gather(gather(tables("TargetTable"), "sheets"), "indicators")` of
/// a national data set is 30,000 indicators. As a Rhai array each is a
/// boxed handle (two allocations and a shared counter touched by every
/// worker); here each is eight bytes, and a handle is made only for the
/// members a script actually looks at. Scripts read it like an array
/// (`len`, `l[i]`, `for x in l`, `filter`, `map`, `+`); it is read-only,
/// and `to_array()` makes a plain array of it.
#[derive(Clone)]
pub struct DataList {
    files: Arc<[Arc<ViewFile>]>,
    items: Arc<[(u32, NodeId)]>,
}

impl DataList {
    /// How many members.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether it has no member.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The members: their file and node.
    pub fn nodes(&self) -> impl Iterator<Item = (&Arc<ViewFile>, NodeId)> + '_ {
        self.items
            .iter()
            .filter_map(|&(f, id)| self.files.get(f as usize).map(|file| (file, id)))
    }

    /// Member `i` as a Rhai value.
    pub fn value(&self, i: usize) -> Option<Dynamic> {
        let &(f, id) = self.items.get(i)?;
        Some(value(self.files.get(f as usize)?, id))
    }

    /// A plain Rhai array of the members (tables among them still lazy).
    pub fn to_array(&self) -> Array {
        self.nodes().map(|(file, id)| value(file, id)).collect()
    }

    fn get(&self, index: INT, pos: Position) -> Result<Dynamic> {
        let len = self.items.len() as INT;
        let at = if index < 0 { len + index } else { index };
        match usize::try_from(at).ok().and_then(|i| self.value(i)) {
            Some(v) => Ok(v),
            None => Err(Box::new(EvalAltResult::ErrorArrayBounds(
                self.items.len(),
                index,
                pos,
            ))),
        }
    }
}

/// Collects the result of a table-wide helper: a [`DataList`] while every
/// member is a node of the data, a plain array once one is not.
#[derive(Default)]
pub struct ListBuilder {
    files: Vec<Arc<ViewFile>>,
    items: Vec<(u32, NodeId)>,
    /// Set once a script value is added; holds everything from then on.
    array: Option<Array>,
}

impl ListBuilder {
    /// Adds node `id` of `file` (read through `Some(..)`).
    pub fn push_node(&mut self, file: &Arc<ViewFile>, id: NodeId) {
        let id = file.resolve(id);
        if let Some(array) = &mut self.array {
            array.push(value(file, id));
            return;
        }
        // Members come in runs from one file: look at the last file first.
        let f = match self.files.iter().rposition(|known| Arc::ptr_eq(known, file)) {
            Some(f) => f,
            None => {
                self.files.push(file.clone());
                self.files.len() - 1
            }
        };
        self.items.push((f as u32, id));
    }

    /// Adds a Rhai value: a table read from the data stays a node;
    /// anything else turns the result into a plain array.
    pub fn push_value(&mut self, v: Dynamic) {
        if self.array.is_none() {
            if let Some(node) = DataNode::of(&v) {
                let (file, id) = node.parts();
                let file = file.clone();
                self.push_node(&file, id);
                return;
            }
            let list = self.list();
            self.array = Some(list.to_array());
        }
        if let Some(array) = &mut self.array {
            array.push(v);
        }
    }

    fn list(&mut self) -> DataList {
        DataList {
            files: std::mem::take(&mut self.files).into(),
            items: std::mem::take(&mut self.items).into(),
        }
    }

    /// The result as a Rhai value.
    pub fn finish(mut self) -> Dynamic {
        match self.array.take() {
            Some(array) => Dynamic::from_array(array),
            None => Dynamic::from(self.list()),
        }
    }
}

/// Iterates a [`DataList`], making each member's handle as the loop
/// reaches it.
pub struct ListElements {
    list: DataList,
    next: usize,
}

impl Iterator for ListElements {
    type Item = Dynamic;

    fn next(&mut self) -> Option<Dynamic> {
        let v = self.list.value(self.next)?;
        self.next += 1;
        Some(v)
    }
}

impl IntoIterator for DataList {
    type Item = Dynamic;
    type IntoIter = ListElements;

    fn into_iter(self) -> ListElements {
        ListElements { list: self, next: 0 }
    }
}

impl ReadsAsArray for DataList {
    fn to_array(&self) -> Array {
        DataList::to_array(self)
    }
}

/// Registers [`DataList`]: many nodes at once, read like an array.
pub fn register(engine: &mut Engine) {
    engine.register_type_with_name::<DataList>("data list");
    engine.register_indexer_get(|ctx: NativeCallContext, l: &mut DataList, index: INT| {
        l.get(index, ctx.call_position())
    });
    engine.register_iterator::<DataList>();
    engine.register_fn("len", |l: &mut DataList| l.len() as INT);
    engine.register_fn("is_empty", |l: &mut DataList| l.is_empty());
    engine.register_fn("contains", |l: &mut DataList, item: Dynamic| {
        l.nodes().any(|(file, id)| same(&value(file, id), &item))
    });
    // Printed as the array it stands for.
    for name in ["to_string", "to_debug"] {
        engine.register_fn(
            name,
            |ctx: NativeCallContext, l: &mut DataList| -> Result<Dynamic> {
                ctx.call_native_fn("to_debug", (l.to_array(),))
            },
        );
    }
    register_array_ops::<DataList>(engine);
    engine.register_fn("+", |a: DataList, b: DataList| {
        let mut out = ListBuilder::default();
        for (file, id) in a.nodes().chain(b.nodes()) {
            out.push_node(file, id);
        }
        out.finish()
    });

}
