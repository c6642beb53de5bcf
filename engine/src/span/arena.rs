//! Where a document's nodes are kept: 13 bytes per node.
//!
//! At national scale the span index is most of tally's memory: a flat list
//! of small records has one node per 8–9 bytes of text. A node therefore
//! keeps only what cannot be had from elsewhere, in parallel arrays: a kind
//! byte, its byte range (two `u32`, so a file is under 4 GiB) and four
//! bytes of payload: a number written with at most nine decimals and
//! eight digits, the way statistics are, in itself ([`decimal`]), any other
//! in a side table of wide numbers; where a string is in the text pool;
//! where a container's children are, in a side table (a container has
//! many children, so its eight bytes there are few per node). The children
//! of every container are kept in shared pools, in the order the
//! containers end, so no container allocates; strings and struct names
//! are bytes in one text pool per arena, each after its length (a node
//! keeps where its string starts there: no allocation, no count of
//! references per string), where the parser puts a string that repeats (a
//! region's name in every breakdown) once. [`NodeKind`] is built from these
//! on access and borrows from the pools.
//!
//! A node keeps no parent: nodes are numbered in document order (a
//! container before its children), so a parent is found by going down
//! from the root ([`Document::parent`](super::Document::parent)), which
//! paths and a rule's `parent(x)` do once per finding; four bytes per node
//! were a tenth of the arena.

use super::{Field, Node, NodeId, NodeKind, Span};

// The kind byte.
const UNIT: u8 = 0;
const BOOL: u8 = 1;
const INT: u8 = 2;
const FLOAT: u8 = 3;
const STR: u8 = 4;
const CHAR: u8 = 5;
const NONE: u8 = 6;
const SOME: u8 = 7;
const LIST: u8 = 8;
const MAP: u8 = 9;
const STRUCT: u8 = 10;
const TUPLE: u8 = 11;
/// The bits of a tag that say its kind.
const KIND: u8 = 0x0F;
/// Set on a struct or tuple with a name and children: the name is in
/// [`Arena::names`].
const NAMED: u8 = 0x10;
/// Set on a struct or tuple with a name and no children (a unit variant
/// such as `Percent`): the payload is the name.
const NAME_ONLY: u8 = 0x20;
/// Set on a string written as a byte string (`b"..."`), which a field of
/// text does not take.
const BYTES: u8 = 0x40;
/// Set on a number that is not held in its payload: the payload is where
/// it is in [`Arena::wide`].
const WIDE: u8 = 0x80;
/// The payload of a container without children: no place in
/// [`Arena::children`].
const NO_CHILDREN: u32 = u32::MAX;

/// Node ids stay below this: a document counts its nodes in a `u32`.
const MAX_ID: u32 = u32::MAX;

/// What [`Document::scalar`](super::Document::scalar) tells of a node:
/// read from its tag byte alone, so that a walk that only checks the kinds
/// of a table's figures reads a byte per figure, not its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scalar {
    /// A whole number.
    Int,
    /// A number with a fraction or an exponent (or NaN, an infinity).
    Float,
    /// A string (not a byte string).
    Str,
    /// A value written inside `Some(..)`.
    Wrapped,
    /// Anything else.
    Other,
}

/// The children of a container: where they start in their pool and how many.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Children {
    start: u32,
    len: u32,
}

impl Children {
    /// No children are the same wherever the pool stood.
    fn at(start: usize, len: usize) -> Self {
        if len == 0 {
            return Children::default();
        }
        Children {
            start: offset(start),
            len: offset(len),
        }
    }
}

/// A node's value as the parser builds it.
#[derive(Debug, Clone)]
pub(crate) enum Payload {
    Unit,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// A number that its payload holds, as [`Payload::decimal`] made it.
    Decimal(u32),
    /// A string in the text pool of the arena the node is added to (see
    /// [`Builder::pool`]).
    Str(Pooled),
    /// A byte string's content, kept as [`Payload::Str`] is.
    Bytes(Pooled),
    Char(char),
    None,
    Some(NodeId),
    List(Children),
    Map(Children),
    Struct { name: Option<Pooled>, fields: Children },
    Tuple { name: Option<Pooled>, items: Children },
}

/// Where a string is in the text pool of the arena nodes are added to:
/// where its length starts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Pooled(u32);

/// The nodes of one document, and the pools their payloads point into.
#[derive(Debug, Clone, Default)]
pub(crate) struct Arena {
    /// The id of the first node: a document parsed on several threads
    /// keeps the part each thread parsed as an arena of its own (see
    /// [`Builder::adopt`]).
    base: u32,
    tags: Vec<u8>,
    spans: Vec<[u32; 2]>,
    data: Vec<u32>,
    /// The numbers that their payload does not hold, as bits.
    wide: Vec<u64>,
    /// Where the children of each container with children are in their
    /// pool.
    children: Vec<Children>,
    items: Vec<NodeId>,
    entries: Vec<(NodeId, NodeId)>,
    fields: Vec<Field>,
    /// The strings and names, one after the other, each after its length
    /// (six bits to a byte, `0x40` set on all but the last: ASCII, so the
    /// pool stays text and a string is taken from it without a check).
    text: String,
    /// The names of named structs and tuples that have children, by node;
    /// sorted by node once the document is complete.
    names: Vec<(NodeId, Pooled)>,
}

/// Tens to the powers a [`decimal`] payload may scale by.
const POWERS: [f64; 10] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/// The payload that holds `value` itself, if one does: a whole number of
/// at most 27 bits and a power of ten to divide it by (`2851.9` is
/// 28519 / 10), in the high 28 and low 4 bits. Decoding divides, and the
/// payload is taken only if the division gives back `value` bit for bit,
/// so a value read is always the value parsed.
fn decimal(value: f64) -> Option<u32> {
    const LIMIT: f64 = (1 << 27) as f64;
    for (k, &power) in POWERS.iter().enumerate() {
        let whole = (value * power).round();
        if whole.abs() >= LIMIT {
            return None;
        }
        let payload = packed(whole as i32, k);
        // Through the decoder itself: `-0.0` and NaN are not held.
        if undecimal(payload).to_bits() == value.to_bits() {
            return Some(payload);
        }
    }
    None
}

impl Payload {
    /// The number written with the digits `mantissa` (read as one whole
    /// number), `decimals` of them after the point, held in its payload if
    /// it can be: `2851.9` is 28519 and 1. Its value is `mantissa /
    /// 10^decimals`, the division the parser makes of a plain number, so
    /// the parser makes this payload without the division and without the
    /// check [`decimal`] needs.
    pub(crate) fn decimal(mantissa: u64, decimals: usize, negative: bool) -> Option<Payload> {
        let digits = i32::try_from(mantissa).ok().filter(|&d| d < 1 << 27)?;
        // `-0.0` is not a whole number's payload.
        if decimals >= POWERS.len() || (negative && digits == 0) {
            return None;
        }
        let digits = if negative { -digits } else { digits };
        Some(Payload::Decimal(packed(digits, decimals)))
    }
}

/// A [`decimal`] payload: the whole number in the high 28 bits, the power
/// of ten (below [`POWERS`]'s length) in the low 4.
fn packed(digits: i32, power: usize) -> u32 {
    ((digits << 4) as u32) | (power as u32 & 0xF)
}

/// The value of a [`decimal`] payload.
#[inline]
fn undecimal(payload: u32) -> f64 {
    let power = POWERS.get((payload & 0xF) as usize).copied().unwrap_or(1.0);
    f64::from((payload as i32) >> 4) / power
}

fn offset(at: usize) -> u32 {
    // The parser refuses texts of 4 GiB or more, so offsets fit.
    u32::try_from(at).unwrap_or(u32::MAX)
}

impl Arena {
    /// An arena with room for `nodes` nodes and `text` bytes of strings,
    /// or a small one if that much cannot be reserved. Room never written
    /// costs address space, not memory. The children's pools get room for
    /// as many children as there can be (every child is a node; an entry
    /// is two): grown by doubling, the last copy of a pool held its old and
    /// new room at once, tens of MB at the peak of a large flat file.
    pub(crate) fn with_room(nodes: usize, text: usize) -> Self {
        let mut arena = Arena::default();
        let reserved = arena.tags.try_reserve_exact(nodes).is_ok()
            && arena.spans.try_reserve_exact(nodes).is_ok()
            && arena.data.try_reserve_exact(nodes).is_ok()
            && arena.children.try_reserve_exact(nodes / 4).is_ok()
            && arena.items.try_reserve_exact(nodes).is_ok()
            && arena.entries.try_reserve_exact(nodes / 2).is_ok()
            && arena.fields.try_reserve_exact(nodes).is_ok()
            && arena.text.try_reserve_exact(text).is_ok();
        if !reserved {
            arena = Arena::default();
            let small = nodes.min(1 << 16);
            arena.tags.reserve(small);
            arena.spans.reserve(small);
            arena.data.reserve(small);
            arena.text.reserve(text.min(1 << 20));
        }
        arena
    }

    /// The number of nodes.
    pub(crate) fn len(&self) -> usize {
        self.tags.len()
    }

    /// The index of node `id` in the arrays, if it is in this arena.
    #[inline]
    fn local(&self, id: NodeId) -> Option<usize> {
        let i = id.0.checked_sub(self.base)? as usize;
        (i < self.tags.len()).then_some(i)
    }

    /// Adds a node; `None` when the document has as many nodes as a `u32`
    /// can count.
    #[inline]
    pub(crate) fn push(&mut self, start: usize, end: usize, payload: Payload) -> Option<NodeId> {
        let index = u32::try_from(self.tags.len())
            .ok()
            .and_then(|i| i.checked_add(self.base))
            .filter(|&i| i < MAX_ID)?;
        let id = NodeId(index);
        let (tag, data) = self.encode(id, payload);
        self.tags.push(tag);
        self.spans.push([offset(start), offset(end)]);
        self.data.push(data);
        Some(id)
    }

    /// Fills in a node added before its children were parsed.
    pub(crate) fn set(&mut self, id: NodeId, start: usize, end: usize, payload: Payload) {
        let Some(i) = self.local(id) else { return };
        let (tag, data) = self.encode(id, payload);
        if let (Some(t), Some(s), Some(d)) = (self.tags.get_mut(i), self.spans.get_mut(i), self.data.get_mut(i)) {
            *t = tag;
            *s = [offset(start), offset(end)];
            *d = data;
        }
    }

    /// The kind byte and payload of node `id`.
    #[inline]
    fn encode(&mut self, id: NodeId, payload: Payload) -> (u8, u32) {
        match payload {
            Payload::Unit => (UNIT, 0),
            Payload::Bool(b) => (BOOL, u32::from(b)),
            Payload::Int(i) => match i32::try_from(i) {
                Ok(small) => (INT, small as u32),
                Err(_) => (INT | WIDE, self.wide(i as u64)),
            },
            Payload::Decimal(payload) => (FLOAT, payload),
            Payload::Float(f) => match decimal(f) {
                Some(payload) => (FLOAT, payload),
                None => (FLOAT | WIDE, self.wide(f.to_bits())),
            },
            Payload::Str(Pooled(at)) => (STR, at),
            Payload::Bytes(Pooled(at)) => (STR | BYTES, at),
            Payload::Char(c) => (CHAR, u32::from(c)),
            Payload::None => (NONE, 0),
            Payload::Some(inner) => (SOME, inner.0),
            Payload::List(c) => (LIST, self.place(c)),
            Payload::Map(c) => (MAP, self.place(c)),
            Payload::Struct { name, fields } => self.named(STRUCT, id, name, fields),
            Payload::Tuple { name, items } => self.named(TUPLE, id, name, items),
        }
    }

    /// Where the number `bits` is put in [`Arena::wide`].
    fn wide(&mut self, bits: u64) -> u32 {
        self.wide.push(bits);
        offset(self.wide.len() - 1)
    }

    /// The payload of a container with `children`.
    fn place(&mut self, children: Children) -> u32 {
        if children.len == 0 {
            return NO_CHILDREN;
        }
        self.children.push(children);
        offset(self.children.len() - 1)
    }

    /// Adds `s` to the text pool, after its length.
    fn pool(&mut self, s: &str) -> Pooled {
        let start = offset(self.text.len());
        let mut len = s.len();
        while len >= 0x40 {
            self.text.push(char::from((len & 0x3F) as u8 | 0x40));
            len >>= 6;
        }
        self.text.push(char::from(len as u8));
        self.text.push_str(s);
        Pooled(start)
    }

    /// The string at `at` in the text pool.
    #[inline]
    fn pooled(&self, Pooled(at): Pooled) -> Option<&str> {
        let bytes = self.text.as_bytes();
        let mut at = at as usize;
        let (mut len, mut shift) = (0usize, 0u32);
        loop {
            let byte = *bytes.get(at)?;
            at += 1;
            len |= usize::from(byte & 0x3F).checked_shl(shift)?;
            if byte & 0x40 == 0 {
                break;
            }
            shift += 6;
        }
        self.text.get(at..at.checked_add(len)?)
    }

    fn named(&mut self, tag: u8, id: NodeId, name: Option<Pooled>, children: Children) -> (u8, u32) {
        match name {
            None => (tag, self.place(children)),
            Some(Pooled(at)) if children.len == 0 => (tag | NAME_ONLY, at),
            Some(name) => {
                self.names.push((id, name));
                (tag | NAMED, self.place(children))
            }
        }
    }

    /// Moves children collected elsewhere into their pool.
    pub(crate) fn add_items(&mut self, items: impl Iterator<Item = NodeId>) -> Children {
        let start = self.items.len();
        self.items.extend(items);
        Children::at(start, self.items.len() - start)
    }

    /// See [`Arena::add_items`].
    pub(crate) fn add_entries(&mut self, entries: impl Iterator<Item = (NodeId, NodeId)>) -> Children {
        let start = self.entries.len();
        self.entries.extend(entries);
        Children::at(start, self.entries.len() - start)
    }

    /// See [`Arena::add_items`].
    pub(crate) fn add_fields(&mut self, fields: impl Iterator<Item = Field>) -> Children {
        let start = self.fields.len();
        self.fields.extend(fields);
        Children::at(start, self.fields.len() - start)
    }

    /// Sorts what was recorded out of node order; call once, when the
    /// document is complete.
    pub(crate) fn complete(&mut self) {
        self.names.sort_unstable_by_key(|&(id, _)| id);
    }

    /// Renumbers the nodes of this arena, of a part parsed on its own and
    /// numbered from 0, by adding `base`, in place.
    fn rebase(&mut self, base: u32) {
        let shift = |id: NodeId| NodeId(id.0.wrapping_add(base));
        for (&tag, data) in self.tags.iter().zip(&mut self.data) {
            if tag == SOME {
                *data = data.wrapping_add(base);
            }
        }
        self.items.iter_mut().for_each(|i| *i = shift(*i));
        self.entries.iter_mut().for_each(|(k, v)| {
            *k = shift(*k);
            *v = shift(*v);
        });
        self.fields.iter_mut().for_each(|f| f.value = shift(f.value));
        self.names.iter_mut().for_each(|(id, _)| *id = shift(*id));
        self.base = self.base.wrapping_add(base);
    }

    /// Where node `id` starts and ends, if it exists.
    pub(crate) fn span(&self, id: NodeId) -> Option<Span> {
        let [start, end] = *self.spans.get(self.local(id)?)?;
        Some(Span::new(start as usize, end as usize))
    }

    /// What node `id` is, from its tag alone ([`Scalar`]).
    #[inline]
    pub(crate) fn scalar(&self, id: NodeId) -> Option<Scalar> {
        let tag = *self.tags.get(self.local(id)?)?;
        Some(match tag & !WIDE {
            INT => Scalar::Int,
            FLOAT => Scalar::Float,
            STR => Scalar::Str,
            SOME => Scalar::Wrapped,
            _ => Scalar::Other,
        })
    }

    /// Whether node `id` is a string written as a byte string.
    pub(crate) fn is_byte_string(&self, id: NodeId) -> bool {
        self.local(id).and_then(|i| self.tags.get(i)).is_some_and(|&tag| tag == STR | BYTES)
    }

    /// The value of node `id`, built from the arena.
    #[inline]
    pub(crate) fn kind(&self, id: NodeId) -> Option<NodeKind<'_>> {
        self.kind_at(self.local(id)?)
    }

    /// Every node of this arena, in order.
    pub(crate) fn nodes(&self) -> impl Iterator<Item = Node<'_>> + '_ {
        (0..self.len()).filter_map(|i| {
            let [start, end] = *self.spans.get(i)?;
            Some(Node {
                kind: self.kind_at(i)?,
                span: Span::new(start as usize, end as usize),
            })
        })
    }

    /// Every map of this arena among the nodes numbered `ids`, with its
    /// entries, in order: the kind bytes are scanned, and only maps are
    /// built.
    pub(crate) fn maps_in(&self, ids: std::ops::Range<usize>) -> impl Iterator<Item = (NodeId, &[(NodeId, NodeId)])> + '_ {
        let base = self.base as usize;
        let from = ids.start.saturating_sub(base).min(self.tags.len());
        let to = ids.end.saturating_sub(base).clamp(from, self.tags.len());
        self.tags
            .get(from..to)
            .unwrap_or_default()
            .iter()
            .enumerate()
            .filter(|&(_, &tag)| tag == MAP)
            .filter_map(move |(i, _)| match self.kind_at(from + i)? {
                NodeKind::Map(entries) => Some((NodeId(self.base.wrapping_add(offset(from + i))), entries)),
                _ => None,
            })
    }

    /// The value of the node at index `i` of the arrays.
    #[inline]
    fn kind_at(&self, i: usize) -> Option<NodeKind<'_>> {
        let tag = *self.tags.get(i)?;
        let a = *self.data.get(i)?;
        // Worked out only by the kinds that have children: this is the
        // engine's most called function.
        let children = || match self.children.get(a as usize) {
            Some(&Children { start, len }) => start as usize..(start as usize).saturating_add(len as usize),
            None => 0..0,
        };
        let wide = || self.wide.get(a as usize).copied().unwrap_or(0);
        Some(match tag & KIND {
            BOOL => NodeKind::Bool(a != 0),
            INT if tag & WIDE != 0 => NodeKind::Int(wide() as i64),
            INT => NodeKind::Int(i64::from(a as i32)),
            FLOAT if tag & WIDE != 0 => NodeKind::Float(f64::from_bits(wide())),
            FLOAT => NodeKind::Float(undecimal(a)),
            STR => NodeKind::Str(self.pooled(Pooled(a))?),
            CHAR => NodeKind::Char(char::from_u32(a).unwrap_or(char::REPLACEMENT_CHARACTER)),
            NONE => NodeKind::None,
            SOME => NodeKind::Some(NodeId(a)),
            LIST => NodeKind::List(self.items.get(children()).unwrap_or_default()),
            MAP => NodeKind::Map(self.entries.get(children()).unwrap_or_default()),
            STRUCT if tag & NAME_ONLY != 0 => NodeKind::Struct {
                name: self.pooled(Pooled(a)),
                fields: &[],
            },
            STRUCT => NodeKind::Struct {
                name: self.name_at(i, tag),
                fields: self.fields.get(children()).unwrap_or_default(),
            },
            TUPLE if tag & NAME_ONLY != 0 => NodeKind::Tuple {
                name: self.pooled(Pooled(a)),
                items: &[],
            },
            TUPLE => NodeKind::Tuple {
                name: self.name_at(i, tag),
                items: self.items.get(children()).unwrap_or_default(),
            },
            _ => NodeKind::Unit,
        })
    }

    /// The name of the struct or tuple at `i` that has children, if it
    /// has one.
    fn name_at(&self, i: usize, tag: u8) -> Option<&str> {
        if tag & NAMED == 0 {
            return None;
        }
        let id = NodeId(self.base.wrapping_add(offset(i)));
        let at = self.names.binary_search_by_key(&id, |&(n, _)| n).ok()?;
        self.pooled(self.names.get(at)?.1)
    }

    /// The id one past the last node.
    pub(crate) fn end_id(&self) -> usize {
        self.base as usize + self.len()
    }

    /// Bytes held on the heap (capacity, not only what is written), not
    /// counting field names (shared by the whole document).
    pub(crate) fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        self.tags.capacity()
            + self.spans.capacity() * size_of::<[u32; 2]>()
            + self.data.capacity() * size_of::<u32>()
            + self.wide.capacity() * size_of::<u64>()
            + self.children.len() * size_of::<Children>()
            // What is written: these pools are reserved for as many
            // children and strings as the text could hold, and room never
            // written costs no memory.
            + self.items.len() * size_of::<NodeId>()
            + self.entries.len() * size_of::<(NodeId, NodeId)>()
            + self.fields.len() * size_of::<Field>()
            + self.text.len()
            + self.names.capacity() * size_of::<(NodeId, Pooled)>()
    }
}

/// The arenas of a document being parsed: the one nodes are added to, and
/// those before it. A part parsed on another thread becomes an arena of
/// the document as it is, renumbered in place rather than copied.
#[derive(Debug, Default)]
pub(crate) struct Builder {
    done: Vec<Arena>,
    current: Arena,
    /// Counts the arenas nodes were added to: where a string is in one
    /// arena's pool means nothing in the next.
    epoch: u32,
}

impl Builder {
    /// See [`Arena::with_room`].
    pub(crate) fn with_room(nodes: usize, text: usize) -> Self {
        Builder {
            done: Vec::new(),
            current: Arena::with_room(nodes, text),
            epoch: 0,
        }
    }

    /// The number of nodes.
    pub(crate) fn len(&self) -> usize {
        self.current.base as usize + self.current.len()
    }

    /// Which arena nodes are added to (see [`Builder::pooled`]).
    pub(crate) fn epoch(&self) -> u32 {
        self.epoch
    }

    /// Adds `s` to the text pool of the arena nodes are added to, for a
    /// node added to it (the next or a container still open).
    pub(crate) fn pool(&mut self, s: &str) -> Pooled {
        self.current.pool(s)
    }

    /// The string at `at`, taken from the pool in this epoch.
    pub(crate) fn pooled(&self, at: Pooled) -> Option<&str> {
        self.current.pooled(at)
    }

    fn owner(&self, id: NodeId) -> Option<&Arena> {
        if id.0 >= self.current.base {
            return Some(&self.current);
        }
        let at = self.done.partition_point(|a| a.base <= id.0);
        self.done.get(at.checked_sub(1)?)
    }

    fn owner_mut(&mut self, id: NodeId) -> Option<&mut Arena> {
        if id.0 >= self.current.base {
            return Some(&mut self.current);
        }
        let at = self.done.partition_point(|a| a.base <= id.0);
        self.done.get_mut(at.checked_sub(1)?)
    }

    /// See [`Arena::push`].
    #[inline]
    pub(crate) fn push(&mut self, start: usize, end: usize, payload: Payload) -> Option<NodeId> {
        self.current.push(start, end, payload)
    }

    /// See [`Arena::set`].
    pub(crate) fn set(&mut self, id: NodeId, start: usize, end: usize, payload: Payload) {
        if let Some(arena) = self.owner_mut(id) {
            arena.set(id, start, end, payload);
        }
    }

    /// See [`Arena::span`].
    pub(crate) fn span(&self, id: NodeId) -> Option<Span> {
        self.owner(id)?.span(id)
    }

    /// The children of `owner`, moved into the pool of the arena that
    /// holds it.
    pub(crate) fn add_items(&mut self, owner: NodeId, items: impl Iterator<Item = NodeId>) -> Children {
        self.owner_mut(owner).map_or_else(Children::default, |a| a.add_items(items))
    }

    /// See [`Builder::add_items`].
    pub(crate) fn add_entries(&mut self, owner: NodeId, entries: impl Iterator<Item = (NodeId, NodeId)>) -> Children {
        self.owner_mut(owner).map_or_else(Children::default, |a| a.add_entries(entries))
    }

    /// See [`Builder::add_items`].
    pub(crate) fn add_fields(&mut self, owner: NodeId, fields: impl Iterator<Item = Field>) -> Children {
        self.owner_mut(owner).map_or_else(Children::default, |a| a.add_fields(fields))
    }

    /// Takes `run`, a part parsed on its own and numbered from 0, as the
    /// next nodes (the caller makes its top-level nodes children of the
    /// container it is parsing). Returns the number its node 0 now has. The run's arena is kept as it is (renumbered in place):
    /// copying it would hold the part twice and touch as many fresh pages.
    pub(crate) fn adopt(&mut self, run: Builder) -> u32 {
        let base = offset(self.len());
        let next = Arena {
            base: base.saturating_add(offset(run.len())),
            ..Arena::default()
        };
        let current = std::mem::replace(&mut self.current, next);
        self.epoch = self.epoch.wrapping_add(1);
        if current.len() > 0 {
            self.done.push(current);
        }
        for mut arena in run.done.into_iter().chain([run.current]) {
            if arena.len() > 0 {
                arena.rebase(base);
                self.done.push(arena);
            }
        }
        base
    }

    /// The arenas, first node first, each one completed.
    pub(crate) fn finish(mut self) -> Vec<Arena> {
        if self.current.len() > 0 || self.done.is_empty() {
            self.done.push(self.current);
        }
        for arena in &mut self.done {
            arena.complete();
        }
        self.done
    }
}

/// Finds the arena holding node `id` among arenas in order of their first
/// node.
#[inline]
pub(crate) fn arena_of(arenas: &[Arena], id: NodeId) -> Option<&Arena> {
    match arenas {
        [only] => Some(only),
        _ => {
            let at = arenas.partition_point(|a| a.base <= id.0);
            arenas.get(at.checked_sub(1)?)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{decimal, undecimal, Arena, Payload, WIDE};
    use crate::span::NodeKind;

    /// A fresh arena with a node of each value.
    fn arena_of(payloads: Vec<Payload>) -> Arena {
        let mut arena = Arena::default();
        for payload in payloads {
            arena.push(0, 0, payload);
        }
        arena
    }

    /// Every number reads back bit for bit, whether its payload holds it
    /// (a figure as statistics write it) or the side table does.
    #[test]
    fn every_number_reads_back_as_it_was_parsed() {
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut floats = vec![
            2851.9, 0.1, 0.5, -3.25, 1e-9, 0.123_456_789, 12_345_678.9, 134_217_727.0, 134_217_728.0, -134_217_727.0,
            -0.0, 0.0, 1e300, -1e-300, 5e-324, f64::MAX, f64::MIN_POSITIVE, f64::INFINITY, f64::NEG_INFINITY, f64::NAN,
        ];
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            floats.push(f64::from_bits(seed));
            // A figure with up to three decimals, as tables hold them.
            floats.push((seed % 100_000_000) as f64 / [1.0, 10.0, 100.0, 1000.0][(seed >> 40) as usize % 4]);
        }
        let ints = [0, 1, -1, i64::from(i32::MAX), i64::from(i32::MIN), i64::from(i32::MAX) + 1, i64::MAX, i64::MIN];
        let payloads = floats
            .iter()
            .map(|&f| Payload::Float(f))
            .chain(ints.iter().map(|&i| Payload::Int(i)))
            .collect();
        let arena = arena_of(payloads);
        for (i, &f) in floats.iter().enumerate() {
            match arena.kind_at(i) {
                Some(NodeKind::Float(read)) => assert_eq!(read.to_bits(), f.to_bits(), "{f:e}"),
                other => panic!("{f:e} read as {other:?}"),
            }
        }
        for (j, &want) in ints.iter().enumerate() {
            assert_eq!(arena.kind_at(floats.len() + j), Some(NodeKind::Int(want)));
        }
        // Figures are held in the payload; what cannot be is not.
        assert_eq!(undecimal(decimal(2851.9).expect("held")), 2851.9);
        assert!(decimal(0.123_456_789).is_some());
        for wide in [-0.0, f64::NAN, f64::INFINITY, 1e300, 134_217_728.0, 0.1 + 0.2] {
            assert_eq!(decimal(wide), None, "{wide:e}");
        }
        let wide_tags = arena.tags.iter().filter(|&&t| t & WIDE != 0).count();
        assert!(wide_tags > 20_000 && wide_tags < 21_000, "{wide_tags} wide numbers");
    }

    /// A plain number's digits, held without a check, read back as the
    /// standard library parses the number as written.
    #[test]
    fn a_figure_held_by_its_digits_reads_back_as_written() {
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut written = vec!["0.0".to_owned(), "-1.5".to_owned(), "13421772.7".to_owned(), "0.000000001".to_owned()];
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let decimals = 1 + (seed >> 50) as usize % 9;
            let digits = (seed % (1 << 27)).to_string();
            let digits = format!("{digits:0>width$}", width = decimals + 1);
            let (whole, fraction) = digits.split_at(digits.len() - decimals);
            let sign = if seed >> 63 == 1 { "-" } else { "" };
            written.push(format!("{sign}{whole}.{fraction}"));
        }
        for text in &written {
            let negative = text.starts_with('-');
            let (whole, fraction) = text.trim_start_matches('-').split_once('.').expect("a point");
            let mantissa: u64 = format!("{whole}{fraction}").parse().expect("digits");
            let held = Payload::decimal(mantissa, fraction.len(), negative).expect("held");
            let arena = arena_of(vec![held]);
            let want: f64 = text.parse().expect("a number");
            match arena.kind_at(0) {
                Some(NodeKind::Float(read)) => assert_eq!(read.to_bits(), want.to_bits(), "{text}"),
                other => panic!("{text} read as {other:?}"),
            }
        }
        assert_eq!(Payload::decimal(0, 1, true).map(|_| ()), None, "-0.0");
        assert_eq!(Payload::decimal(1 << 27, 1, false).map(|_| ()), None);
        assert_eq!(Payload::decimal(5, 10, false).map(|_| ()), None);
    }

    /// Strings of every length read back from the pool after the bytes
    /// that hold their length.
    #[test]
    fn strings_of_every_length_read_back_from_the_pool() {
        let mut arena = Arena::default();
        let texts: Vec<String> = [0, 1, 63, 64, 65, 4095, 4096, 262_143, 262_144]
            .iter()
            .map(|&n| "温州".chars().cycle().take(n).collect::<String>())
            .chain(["".to_owned(), "a".repeat(70)])
            .collect();
        let pooled: Vec<_> = texts.iter().map(|t| arena.pool(t)).collect();
        for (text, at) in texts.iter().zip(&pooled) {
            assert_eq!(arena.pooled(*at), Some(text.as_str()));
        }
    }
}
