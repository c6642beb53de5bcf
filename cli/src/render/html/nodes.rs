//! Reading a data file's span index for display: values as written, the
//! fields of a record, lists of records.

use tally_engine::{Document, Field, NodeId, NodeKind};

/// The value inside any `Some(..)`.
pub fn unwrap(doc: &Document, mut id: NodeId) -> NodeId {
    while let Some(NodeKind::Some(inner)) = doc.kind(id) {
        id = inner;
    }
    id
}

/// The fields of a struct node (none for anything else).
pub fn fields(doc: &Document, id: NodeId) -> &[Field] {
    match doc.kind(unwrap(doc, id)) {
        Some(NodeKind::Struct { fields, .. }) => fields,
        _ => &[],
    }
}

/// The value of field `name` of a struct node, inside any `Some`.
pub fn field(doc: &Document, id: NodeId, name: &str) -> Option<NodeId> {
    fields(doc, id)
        .iter()
        .find(|f| &*f.name == name)
        .map(|f| unwrap(doc, f.value))
}

/// A number node's value.
pub fn number(doc: &Document, id: NodeId) -> Option<f64> {
    match doc.kind(unwrap(doc, id)) {
        Some(NodeKind::Int(i)) => Some(i as f64),
        Some(NodeKind::Float(f)) if f.is_finite() => Some(f),
        _ => None,
    }
}

/// A string node's text.
pub fn string(doc: &Document, id: NodeId) -> Option<&str> {
    match doc.kind(unwrap(doc, id)) {
        Some(NodeKind::Str(s)) => Some(s),
        _ => None,
    }
}

/// Whether a node is a single value (not a list, map or record).
pub fn is_scalar(doc: &Document, id: NodeId) -> bool {
    match doc.kind(unwrap(doc, id)) {
        Some(NodeKind::List(_) | NodeKind::Map(_) | NodeKind::Struct { .. }) => false,
        Some(NodeKind::Tuple { items, .. }) => items.is_empty(),
        _ => true,
    }
}

/// The items of a list whose items are all records (structs with named
/// fields); `None` for anything else, and for an empty list.
pub fn records(doc: &Document, id: NodeId) -> Option<Vec<NodeId>> {
    let NodeKind::List(items) = &doc.get(unwrap(doc, id))?.kind else {
        return None;
    };
    if items.is_empty() {
        return None;
    }
    items
        .iter()
        .map(|&item| {
            let item = unwrap(doc, item);
            matches!(doc.get(item)?.kind, NodeKind::Struct { .. }).then_some(item)
        })
        .collect()
}

/// A value as the page shows it: numbers exactly as written in the file
/// (`12.0` stays `12.0`), strings without quotes, `None` as the seed's
/// `-`, a unit variant by its name; lists, maps and records in a short
/// `key: value` form.
pub fn shown(doc: &Document, text: &str, id: NodeId) -> String {
    let id = unwrap(doc, id);
    let Some(node) = doc.get(id) else {
        return String::new();
    };
    let written = || text.get(node.span.start..node.span.end).unwrap_or("").to_owned();
    match &node.kind {
        NodeKind::Str(s) => s.to_string(),
        NodeKind::Char(c) => c.to_string(),
        NodeKind::None => "-".to_owned(),
        NodeKind::Unit => String::new(),
        NodeKind::Int(_) | NodeKind::Float(_) | NodeKind::Bool(_) => written(),
        NodeKind::Tuple {
            name: Some(name),
            items: [],
        } => name.to_string(),
        NodeKind::Some(_) => String::new(),
        NodeKind::List(items) | NodeKind::Tuple { items, .. } => {
            let parts: Vec<String> = items.iter().map(|&i| shown(doc, text, i)).collect();
            parts.join(", ")
        }
        NodeKind::Map(entries) => {
            let parts: Vec<String> = entries
                .iter()
                .map(|&(k, v)| format!("{}: {}", doc.key_text(k), shown(doc, text, v)))
                .collect();
            parts.join(", ")
        }
        NodeKind::Struct { fields, .. } => {
            let parts: Vec<String> = fields
                .iter()
                .map(|f| format!("{}: {}", f.name, shown(doc, text, f.value)))
                .collect();
            parts.join(", ")
        }
    }
}

/// How many digits a number has after its decimal point, as written.
pub fn decimals(written: &str) -> usize {
    written.split_once('.').map_or(0, |(_, frac)| {
        frac.chars().take_while(char::is_ascii_digit).count()
    })
}

/// `value` with `decimals` digits after the point; no `-0`.
pub fn figure(value: f64, decimals: usize) -> String {
    let out = format!("{value:.decimals$}");
    if out.trim_start_matches('-').chars().all(|c| c == '0' || c == '.') {
        out.trim_start_matches('-').to_owned()
    } else {
        out
    }
}

/// `figure` with a sign, and a true minus sign: `+300`, `−700`.
pub fn signed(value: f64, decimals: usize) -> String {
    let out = figure(value, decimals);
    if let Some(rest) = out.strip_prefix('-') {
        format!("\u{2212}{rest}")
    } else if out.chars().all(|c| c == '0' || c == '.') {
        out
    } else {
        format!("+{out}")
    }
}

/// git's blob id of `text`, shortened: `git log --find-object` and `git
/// rev-parse HEAD:data/x.ron` speak of the file by the same id.
pub(super) fn git_blob_id(text: &str) -> String {
    let mut sha = sha1_smol::Sha1::new();
    sha.update(format!("blob {}\0", text.len()).as_bytes());
    sha.update(text.as_bytes());
    let mut hex = sha.digest().to_string();
    hex.truncate(10);
    hex
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_keep_their_decimals_and_signs() {
        assert_eq!(decimals("12.0"), 1);
        assert_eq!(decimals("500"), 0);
        assert_eq!(figure(2300.0, 0), "2300");
        assert_eq!(figure(-0.0001, 1), "0.0");
        assert_eq!(signed(300.0, 0), "+300");
        assert_eq!(signed(-700.0, 0), "\u{2212}700");
        assert_eq!(signed(0.0, 0), "0");
    }
}
