//! RON nodes to Rhai values that remember where they came from.
//!
//! Scripts see plain Rhai values that mirror the RON: structs and maps are
//! object maps, lists and tuples are arrays, numbers stay numbers, `None`
//! and `()` are `()`. Every value also carries its node's global id in the
//! `Dynamic` tag, which survives being passed around, so `report(x, ..)` can
//! find the exact span of `x` without a path string.
//!
//! Only the `data` map handed to `check(data)` is a shared value (one
//! reference count per rule, not a copy of the data): Rhai forbids shared
//! values nested inside arrays and maps, so everything below it is plain.

use rhai::{Array, Dynamic, Map};

use crate::span::{Document, NodeId, NodeKind};

/// Turns the node `id` of `doc` into a Rhai value whose tags start at `base`:
/// node `i` gets tag `base + i`.
pub fn to_dynamic(doc: &Document, id: NodeId, base: u32) -> Dynamic {
    let Some(node) = doc.get(id) else {
        return Dynamic::UNIT;
    };
    let mut value = match &node.kind {
        NodeKind::Unit | NodeKind::None => Dynamic::UNIT,
        NodeKind::Bool(b) => Dynamic::from_bool(*b),
        NodeKind::Int(i) => Dynamic::from_int(*i),
        NodeKind::Float(f) => Dynamic::from_float(*f),
        NodeKind::Str(s) => Dynamic::from(s.clone()),
        NodeKind::Char(c) => Dynamic::from_char(*c),
        // `Some(x)` is `x` itself, with x's own tag.
        NodeKind::Some(inner) => return to_dynamic(doc, *inner, base),
        NodeKind::List(items) => array(doc, items, base),
        NodeKind::Tuple { name, items } => {
            if items.is_empty() {
                // A unit struct or enum variant (`District`) reads as its name.
                match name {
                    Some(name) => Dynamic::from(name.clone()),
                    None => Dynamic::UNIT,
                }
            } else {
                array(doc, items, base)
            }
        }
        NodeKind::Map(entries) => {
            let mut map = Map::new();
            for (key, value) in entries {
                map.insert(key_text(doc, *key).into(), to_dynamic(doc, *value, base));
            }
            Dynamic::from_map(map)
        }
        NodeKind::Struct { fields, .. } => {
            let mut map = Map::new();
            for field in fields {
                map.insert(field.name.as_str().into(), to_dynamic(doc, field.value, base));
            }
            Dynamic::from_map(map)
        }
    };
    value.set_tag(tag_of(base, id));
    value
}

fn array(doc: &Document, items: &[NodeId], base: u32) -> Dynamic {
    Dynamic::from_array(
        items
            .iter()
            .map(|&item| to_dynamic(doc, item, base))
            .collect::<Array>(),
    )
}

/// A map key as a string: strings unescaped, other keys as written.
pub fn key_text(doc: &Document, key: NodeId) -> String {
    match doc.get(key).map(|n| &n.kind) {
        Some(NodeKind::Str(s)) => s.clone(),
        Some(NodeKind::Int(i)) => i.to_string(),
        Some(NodeKind::Bool(b)) => b.to_string(),
        Some(NodeKind::Char(c)) => c.to_string(),
        Some(NodeKind::Float(f)) => f.to_string(),
        Some(NodeKind::Tuple {
            name: Some(name),
            items,
        }) if items.is_empty() => name.clone(),
        _ => format!("#{}", key.0),
    }
}

/// The tag of node `id` given a file's base; saturates instead of wrapping.
pub fn tag_of(base: u32, id: NodeId) -> i32 {
    i32::try_from(u64::from(base) + u64::from(id.0)).unwrap_or(i32::MAX)
}
