//! The span index: every node of a RON document with its byte range.
//!
//! `ron` reports positions only for errors, so the loader parses the text a
//! second time into this arena, which keeps the exact byte range of every
//! node: a struct, a field's value, a list element, a map key and value, a
//! single number. Rules attach findings to nodes, and the node's range is
//! turned into a line and character column by [`LineIndex`] only when a
//! finding is rendered.
//!
//! The arena is flat (nodes addressed by [`NodeId`]) so that a node can be
//! named by a small integer: the rule runtime stores that integer in the
//! Rhai value's tag, which is how a script can say "this number is wrong"
//! without building a path string. It keeps 13 bytes per node (see
//! `arena.rs`); [`Node`] and [`NodeKind`] are views built on access.

mod arena;
mod line_index;

use arena::{arena_of, Arena};
pub(crate) use arena::{Builder, Children, Payload, Pooled, Scalar};
pub use line_index::{LineCounts, LineIndex, Location};

use std::fmt::Write as _;
use std::sync::Arc;

/// A byte range in a source text, `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (byte offsets).
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether the span covers no byte.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(span: Span) -> Self {
        miette::SourceSpan::new(span.start.into(), span.len())
    }
}

/// Index of a node in a [`Document`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub u32);

impl NodeId {
    /// The index into [`Document::nodes`].
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// How a node is reached from its parent; used to print paths such as
/// `indicators[12].high`.
#[derive(Debug, Clone, PartialEq)]
pub enum PathSegment {
    /// The document's root value.
    Root,
    /// A field of a struct: `.name`.
    Field(Arc<str>),
    /// An element of a list or tuple: `[3]`.
    Index(usize),
    /// The value of a map entry, by its key as written: `["鹿城区"]`.
    Key(Arc<str>),
    /// The key of a map entry itself (findings about duplicate keys point here).
    KeyOf(Arc<str>),
    /// The content of `Some(..)`, which adds no segment to the printed path.
    Some,
}

/// Where a child is among its container's children, on the way down from
/// the root ([`Document::segments`]).
#[derive(Debug, Clone, Copy)]
enum Step {
    /// The value inside `Some(..)`.
    Inner,
    /// The field at this position.
    Field(usize),
    /// The list or tuple member at this position.
    Item(usize),
    /// The value of the entry at this position.
    Value(usize),
    /// The key of the entry at this position.
    Key(usize),
}

/// A RON value with the ids of its children, as [`Document::node`] builds
/// it from the arena; it borrows the children and strings from the
/// document.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NodeKind<'a> {
    /// `()`
    Unit,
    /// `true` or `false`
    Bool(bool),
    /// An integer literal that fits `i64`.
    Int(i64),
    /// A float literal (also `inf`, `NaN`), or an integer too large for `i64`.
    Float(f64),
    /// A string literal, unescaped.
    Str(&'a str),
    /// A char literal.
    Char(char),
    /// `None`
    None,
    /// `Some(value)`
    Some(NodeId),
    /// `[a, b]`
    List(&'a [NodeId]),
    /// `{k: v}`: pairs of (key node, value node) in source order.
    Map(&'a [(NodeId, NodeId)]),
    /// `Name(field: value, ..)` or `(field: value, ..)`.
    Struct {
        /// The struct name, if written.
        name: Option<&'a str>,
        /// Fields in source order: name, the span of the name, the value.
        fields: &'a [Field],
    },
    /// `Name(a, b)`, `(a, b)` or a unit struct / enum variant `Name`.
    Tuple {
        /// The tuple struct or variant name, if written.
        name: Option<&'a str>,
        /// Elements in source order.
        items: &'a [NodeId],
    },
}

/// A struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The field's name as written.
    pub name: Arc<str>,
    name_start: u32,
    name_end: u32,
    /// The field's value.
    pub value: NodeId,
}

impl Field {
    /// A field whose name is written at `name_span` (in a text under 4 GiB).
    pub fn new(name: Arc<str>, name_span: Span, value: NodeId) -> Self {
        Field {
            name,
            name_start: u32::try_from(name_span.start).unwrap_or(u32::MAX),
            name_end: u32::try_from(name_span.end).unwrap_or(u32::MAX),
            value,
        }
    }

    /// Where the name is written.
    pub fn name_span(&self) -> Span {
        Span::new(self.name_start as usize, self.name_end as usize)
    }
}

/// One node of the tree, as [`Document::node`] builds it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Node<'a> {
    /// The node's value.
    pub kind: NodeKind<'a>,
    /// The bytes of the value, from its first to its last character
    /// (`Name(` .. `)` for a struct; `"..."` with quotes for a string).
    pub span: Span,
}

/// A comment in a RON document: `// …` to the end of its line, or
/// `/* … */` (which may nest).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Comment {
    /// From the `//` or `/*` to the end of the line (without the line
    /// break) or past the closing `*/`.
    pub span: Span,
    /// Whether it is a `/* … */` comment.
    pub block: bool,
}

impl Comment {
    /// The comment's text without its markers (`//`, `/*`, `*/`) and
    /// without surrounding whitespace.
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        let raw = source.get(self.span.start..self.span.end).unwrap_or("");
        let inner = if self.block {
            raw.strip_prefix("/*")
                .and_then(|r| r.strip_suffix("*/"))
                .unwrap_or(raw)
        } else {
            raw.strip_prefix("//").unwrap_or(raw)
        };
        inner.trim()
    }
}

/// A parsed RON document: the arena of nodes, root first.
#[derive(Clone, Default)]
pub struct Document {
    /// All nodes, root first, children after their parent: one arena, or
    /// one per part parsed on its own thread, in order.
    arenas: Vec<Arena>,
    /// Extensions enabled by `#![enable(..)]` attributes, e.g. `implicit_some`.
    pub extensions: Vec<String>,
    /// Every comment, in source order.
    pub comments: Vec<Comment>,
    /// The distinct struct field names, sorted (rules get a property
    /// getter for each).
    pub field_names: Vec<Arc<str>>,
    /// Whether some float is NaN, infinite, or an integer literal too wide
    /// for 64 bits: the `shape` check looks for them only then, instead of
    /// walking every node of every table.
    pub odd_numbers: bool,
}

/// Documents are equal when their nodes, comments, extensions and field
/// names are: how the arena laid them out does not matter.
impl PartialEq for Document {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len()
            && self.extensions == other.extensions
            && self.comments == other.comments
            && self.field_names == other.field_names
            && self.odd_numbers == other.odd_numbers
            && self.nodes().zip(other.nodes()).all(|(a, b)| a == b)
    }
}

/// Shows the nodes as [`Document::node`] gives them, not how the arena
/// lays them out.
impl std::fmt::Debug for Document {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Document")
            .field("nodes", &self.nodes().collect::<Vec<_>>())
            .field("extensions", &self.extensions)
            .field("comments", &self.comments)
            .field("field_names", &self.field_names)
            .field("odd_numbers", &self.odd_numbers)
            .finish()
    }
}

impl Document {
    pub(crate) fn from_arena(
        nodes: Builder,
        extensions: Vec<String>,
        comments: Vec<Comment>,
        field_names: Vec<Arc<str>>,
        odd_numbers: bool,
    ) -> Self {
        Document {
            arenas: nodes.finish(),
            extensions,
            comments,
            field_names,
            odd_numbers,
        }
    }

    /// The root node's id.
    pub fn root(&self) -> NodeId {
        NodeId(0)
    }

    /// The node with this id.
    ///
    /// # Panics
    /// If `id` does not belong to this document.
    pub fn node(&self, id: NodeId) -> Node<'_> {
        match self.get(id) {
            Some(node) => node,
            None => panic!("node {} of a document of {} nodes", id.0, self.len()),
        }
    }

    /// The node with this id, if it belongs to this document.
    pub fn get(&self, id: NodeId) -> Option<Node<'_>> {
        Some(Node {
            kind: self.kind(id)?,
            span: self.span(id)?,
        })
    }

    /// The value of node `id`, if it belongs to this document.
    #[inline]
    pub fn kind(&self, id: NodeId) -> Option<NodeKind<'_>> {
        arena_of(&self.arenas, id)?.kind(id)
    }

    /// The value inside any `Some(..)` written around node `id` (`id`
    /// itself if there is none). The tag is read first: most values are
    /// not wrapped, and reading one whole (a breakdown's entries) only to
    /// find so was a tenth of a rule's field look-up.
    #[inline]
    pub fn unwrap_some(&self, mut id: NodeId) -> NodeId {
        while self.scalar(id) == Some(arena::Scalar::Wrapped) {
            match self.kind(id) {
                Some(NodeKind::Some(inner)) => id = inner,
                _ => break,
            }
        }
        id
    }

    /// Whether node `id` is a whole number, another number, a string or
    /// anything else, without reading its value ([`arena::Scalar`]).
    #[inline]
    pub(crate) fn scalar(&self, id: NodeId) -> Option<arena::Scalar> {
        arena_of(&self.arenas, id)?.scalar(id)
    }

    /// Whether node `id` is a string written as a byte string (`b"..."`):
    /// its [`NodeKind::Str`] holds the bytes as text.
    pub fn is_byte_string(&self, id: NodeId) -> bool {
        arena_of(&self.arenas, id).is_some_and(|a| a.is_byte_string(id))
    }

    /// Where node `id` is written, if it belongs to this document.
    pub fn span(&self, id: NodeId) -> Option<Span> {
        arena_of(&self.arenas, id)?.span(id)
    }

    /// The parent of node `id` (`None` for the root and for an id that
    /// does not belong to this document), found by going down from the
    /// root: a node does not keep its parent (see [`Document::ancestry`]).
    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        let mut parent = None;
        self.walk_down(id, |node, _| parent = Some(node))?;
        parent
    }

    /// The nodes from the root down to `id`, both included (empty for an
    /// id that does not belong to this document). Ids are in document
    /// order, a container's before its children's and each child's after
    /// its elder siblings' subtrees, so the way down takes at every level
    /// the last child whose id is at most `id`: a binary search per level.
    pub fn ancestry(&self, id: NodeId) -> Vec<NodeId> {
        let mut chain = Vec::new();
        if self.walk_down(id, |node, _| chain.push(node)).is_none() {
            return Vec::new();
        }
        chain.push(id);
        chain
    }

    /// Calls `visit` with every node above `id`, from the root down, and
    /// the step from it towards `id`; `None` if `id` does not belong to
    /// this document.
    fn walk_down(&self, id: NodeId, mut visit: impl FnMut(NodeId, Step)) -> Option<()> {
        self.span(id)?;
        let mut current = self.root();
        while current != id {
            let (child, step) = self.step_towards(current, id)?;
            visit(current, step);
            // Children come after their parent: a malformed arena cannot
            // make this loop.
            if child.0 <= current.0 {
                return None;
            }
            current = child;
        }
        Some(())
    }

    /// The child of `container` whose subtree holds `id` (a later node),
    /// and where it is among the container's children: the last child
    /// whose id is at most `id`, found by a binary search (a list of a
    /// million records is searched in twenty steps, not a million).
    fn step_towards(&self, container: NodeId, id: NodeId) -> Option<(NodeId, Step)> {
        /// The last of `members` (their ids ascending) whose id is at most
        /// `id`, and its position.
        fn last_up_to<T>(members: &[T], id: NodeId, of: impl Fn(&T) -> NodeId) -> Option<(NodeId, usize)> {
            let at = members.partition_point(|m| of(m) <= id).checked_sub(1)?;
            Some((of(members.get(at)?), at))
        }
        match self.kind(container)? {
            NodeKind::Some(inner) => Some((inner, Step::Inner)),
            NodeKind::List(items) | NodeKind::Tuple { items, .. } => {
                last_up_to(items, id, |&i| i).map(|(child, at)| (child, Step::Item(at)))
            }
            NodeKind::Struct { fields, .. } => {
                last_up_to(fields, id, |f| f.value).map(|(child, at)| (child, Step::Field(at)))
            }
            NodeKind::Map(entries) => {
                // A key comes before its value, and both before the next key.
                let (key, at) = last_up_to(entries, id, |&(key, _)| key)?;
                let (_, value) = *entries.get(at)?;
                Some(if value <= id { (value, Step::Value(at)) } else { (key, Step::Key(at)) })
            }
            _ => None,
        }
    }

    /// The path segment of `step` from `container`.
    fn segment_of(&self, container: NodeId, step: Step) -> PathSegment {
        let segment = match (self.kind(container), step) {
            (Some(NodeKind::Some(_)), Step::Inner) => Some(PathSegment::Some),
            (Some(NodeKind::Struct { fields, .. }), Step::Field(at)) => {
                fields.get(at).map(|f| PathSegment::Field(f.name.clone()))
            }
            (Some(NodeKind::List(_) | NodeKind::Tuple { .. }), Step::Item(at)) => Some(PathSegment::Index(at)),
            (Some(NodeKind::Map(entries)), Step::Value(at)) => {
                entries.get(at).map(|&(key, _)| PathSegment::Key(self.key_text(key).into()))
            }
            (Some(NodeKind::Map(entries)), Step::Key(at)) => {
                entries.get(at).map(|&(key, _)| PathSegment::KeyOf(self.key_text(key).into()))
            }
            _ => None,
        };
        segment.unwrap_or(PathSegment::Root)
    }

    /// Every node, root first, in the order of their ids.
    pub fn nodes(&self) -> impl Iterator<Item = Node<'_>> + '_ {
        self.arenas.iter().flat_map(Arena::nodes)
    }

    /// Every map node with its entries (key node, value node), in the
    /// order of their ids; faster than looking for them among
    /// [`Document::nodes`].
    pub fn maps(&self) -> impl Iterator<Item = (NodeId, &[(NodeId, NodeId)])> + '_ {
        self.maps_in(0..self.len())
    }

    /// The maps among the nodes numbered `ids`, as [`Document::maps`]
    /// gives them: a check parts a large document's maps among threads by
    /// their ids.
    pub fn maps_in(&self, ids: std::ops::Range<usize>) -> impl Iterator<Item = (NodeId, &[(NodeId, NodeId)])> + '_ {
        self.arenas.iter().flat_map(move |arena| arena.maps_in(ids.clone()))
    }

    /// Every node id, root first.
    pub fn ids(&self) -> impl ExactSizeIterator<Item = NodeId> {
        (0..self.len() as u32).map(NodeId)
    }

    /// The number of nodes.
    pub fn len(&self) -> usize {
        self.arenas.last().map_or(0, Arena::end_id)
    }

    /// Whether the document holds no node (never true for a parsed document).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The bytes the arena holds on the heap, the strings' text aside (for
    /// measuring).
    pub fn arena_bytes(&self) -> usize {
        self.arenas.iter().map(Arena::heap_bytes).sum()
    }

    /// The struct or tuple name of the root, which names the table's kind
    /// (`TargetTable(..)`).
    pub fn root_name(&self) -> Option<&str> {
        match self.kind(self.root())? {
            NodeKind::Struct { name, .. } | NodeKind::Tuple { name, .. } => name,
            _ => None,
        }
    }

    /// How the parent reaches node `id`. Worked out from the parent (a
    /// node stores neither: at ten million values the arena is most of
    /// tally's memory, and paths are only printed for findings).
    pub fn segment(&self, id: NodeId) -> PathSegment {
        let mut last = None;
        if self.walk_down(id, |node, step| last = Some((node, step))).is_none() {
            return PathSegment::Root;
        }
        last.map_or(PathSegment::Root, |(parent, step)| self.segment_of(parent, step))
    }

    /// Every node from the root's child down to `id`, each with how its
    /// parent reaches it: the steps of [`Document::path`], found in one
    /// way down from the root.
    pub fn segments(&self, id: NodeId) -> Vec<(NodeId, PathSegment)> {
        let mut steps = Vec::new();
        if self.walk_down(id, |node, step| steps.push((node, step))).is_none() {
            return Vec::new();
        }
        // Each step's segment belongs to the node it leads to: the next
        // node down, and `id` for the last.
        let below = steps.iter().skip(1).map(|&(node, _)| node).chain([id]);
        steps.iter().zip(below).map(|(&(node, step), child)| (child, self.segment_of(node, step))).collect()
    }

    /// The innermost node whose span contains byte `offset`.
    pub fn innermost(&self, offset: usize) -> Option<NodeId> {
        let mut best: Option<(usize, NodeId)> = None;
        for (i, node) in self.nodes().enumerate() {
            if node.span.start <= offset && offset < node.span.end.max(node.span.start + 1) {
                let len = node.span.len();
                if best.is_none_or(|(l, _)| len <= l) {
                    best = Some((len, NodeId(i as u32)));
                }
            }
        }
        best.map(|(_, id)| id)
    }

    /// A map key as text: a string unescaped, a number or `true` as
    /// written in canonical form, a unit variant by its name, `()`.
    pub fn key_text(&self, key: NodeId) -> String {
        match self.kind(key) {
            Some(NodeKind::Str(s)) => s.to_string(),
            Some(NodeKind::Int(i)) => i.to_string(),
            Some(NodeKind::Bool(b)) => b.to_string(),
            Some(NodeKind::Char(c)) => c.to_string(),
            Some(NodeKind::Float(f)) => f.to_string(),
            Some(NodeKind::Unit) => "()".to_owned(),
            Some(NodeKind::Tuple {
                name: Some(name),
                items: [],
            }) => name.to_string(),
            _ => format!("#{}", key.0),
        }
    }

    /// The path of a node from the root, e.g. `indicators[12].breakdown["鹿城区"]`.
    /// The root's path is the empty string.
    pub fn path(&self, id: NodeId) -> String {
        let mut out = String::new();
        for (_, segment) in self.segments(id) {
            match segment {
                PathSegment::Root | PathSegment::Some => {}
                PathSegment::Field(name) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(&name);
                }
                PathSegment::Index(i) => {
                    let _ = write!(out, "[{i}]");
                }
                PathSegment::Key(key) => {
                    let _ = write!(out, "[{key:?}]");
                }
                PathSegment::KeyOf(key) => {
                    let _ = write!(out, "[{key:?}]@key");
                }
            }
        }
        out
    }

    /// Looks a node up by the path that [`Document::path`] prints.
    pub fn find(&self, path: &str) -> Option<NodeId> {
        self.ids().find(|&id| self.path(id) == path)
    }

    /// The field `name` of a struct node.
    pub fn field(&self, id: NodeId, name: &str) -> Option<NodeId> {
        match self.kind(id)? {
            NodeKind::Struct { fields, .. } => fields.iter().find(|f| &*f.name == name).map(|f| f.value),
            _ => None,
        }
    }
}
