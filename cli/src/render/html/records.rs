//! Tables of any other kind, as tables of their records.
//!
//! A record list (a list of structs: `regions`, `parts[].tasks[].items`)
//! becomes the rows; a record's values become its columns, nested structs
//! and small maps spread over sub-columns under a shared head (`scores ›
//! 基础设施 › score`), lists of values one cell with each item marked on its
//! own. A record list inside a record makes a table of the inner records,
//! with the outer record's columns merged down the rows it spans, as a
//! printed table merges them.

use std::collections::HashSet;

use tally_engine::{DataFile, Document, NodeId, NodeKind};

use super::cells::{Board, Cell, CellId, Part, Target};
use super::nodes;
use super::{Body, Section};

/// A head cell of a records table.
#[derive(Debug, Clone)]
pub struct Head {
    pub text: String,
    pub colspan: usize,
    pub rowspan: usize,
    /// Whether it starts a level (a stronger rule on its left).
    pub first: bool,
}

/// A table of records.
#[derive(Debug)]
pub struct Records {
    /// The head rows.
    pub heads: Vec<Vec<Head>>,
    /// The body rows; merged cells appear in their first row only.
    pub rows: Vec<Vec<CellId>>,
}

/// Columns nested deeper than this stay one cell.
const DEPTH: usize = 2;
/// Maps with more keys than this stay one cell.
const MAP_KEYS: usize = 12;

/// One level of records: the field that holds them, their columns, the
/// record lists inside them.
#[derive(Debug)]
struct Level {
    field: String,
    columns: Vec<Vec<String>>,
    children: Vec<Level>,
}

/// The record tables of a data file; a file without any record list is
/// shown as one record.
pub fn sections(file: &DataFile, doc: &Document, board: &mut Board, first_table: usize) -> Vec<Section> {
    let root = doc.root();
    let mut lists: Vec<(String, NodeId, Vec<NodeId>)> = Vec::new();
    if let Some(items) = nodes::records(doc, root) {
        lists.push((String::new(), root, items));
    }
    for field in nodes::fields(doc, root) {
        let value = nodes::unwrap(doc, field.value);
        if let Some(items) = nodes::records(doc, value) {
            lists.push((field.name.to_string(), value, items));
        }
    }
    let title = nodes::field(doc, root, "title")
        .and_then(|n| nodes::string(doc, n))
        .map(str::to_owned)
        .unwrap_or_else(|| doc.root_name().unwrap_or("").to_owned());
    let stem = file.name().rsplit(['/', '\\']).next().unwrap_or(file.name());
    let stem = stem.strip_suffix(".ron").unwrap_or(stem).to_owned();
    let mut sections = Vec::new();
    let mut anchored: HashSet<NodeId> = HashSet::new();
    if lists.is_empty() {
        // The root as a single record.
        let level = level(doc, "", &[root]);
        let table = first_table;
        let caption = board.add(table, Cell::new(title.clone(), "cap"));
        board.cells[caption].place = stem.clone();
        board.anchor(
            file.name(),
            doc.node(root).span,
            Target {
                cell: caption,
                part: None,
            },
        );
        let path = [&level];
        let mut rows = Vec::new();
        emit(
            file,
            doc,
            board,
            table,
            &path,
            0,
            root,
            &[],
            &mut anchored,
            &mut rows,
        );
        sections.push(section(file, &stem, caption, &path, rows));
        return sections;
    }
    let several = lists.len() > 1 || lists.iter().any(|(_, _, items)| has_children(doc, items));
    for (field, list, items) in lists {
        let top = level(doc, &field, &items);
        for path in leaf_paths(&top) {
            let table = first_table + sections.len();
            let short = if several {
                // The file and the level whose records are the rows.
                format!("{stem} › {}", path.last().map_or("", |l| l.field.as_str()))
            } else {
                stem.clone()
            };
            let caption = board.add(table, Cell::new(title.clone(), "cap"));
            board.cells[caption].place = short.clone();
            if sections.is_empty() {
                board.anchor(
                    file.name(),
                    doc.node(root).span,
                    Target {
                        cell: caption,
                        part: None,
                    },
                );
            }
            if anchored.insert(list) {
                board.anchor(
                    file.name(),
                    doc.node(list).span,
                    Target {
                        cell: caption,
                        part: None,
                    },
                );
            }
            let mut rows = Vec::new();
            for &record in &items {
                emit(
                    file,
                    doc,
                    board,
                    table,
                    &path,
                    0,
                    record,
                    &[],
                    &mut anchored,
                    &mut rows,
                );
            }
            sections.push(section(file, &short, caption, &path, rows));
        }
    }
    sections
}

fn has_children(doc: &Document, items: &[NodeId]) -> bool {
    items.iter().any(|&r| {
        nodes::fields(doc, r)
            .iter()
            .any(|f| nodes::records(doc, f.value).is_some_and(|inner| !small(doc, &inner)))
    })
}

fn section(
    file: &DataFile,
    short: &str,
    caption: CellId,
    path: &[&Level],
    rows: Vec<Vec<CellId>>,
) -> Section {
    let detail = path
        .iter()
        .map(|l| l.field.as_str())
        .filter(|f| !f.is_empty())
        .collect::<Vec<_>>()
        .join(" › ");
    Section {
        anchor: String::new(),
        file: file.name().to_owned(),
        detail,
        short: short.to_owned(),
        caption,
        body: Body::Records(Records {
            heads: heads(path),
            rows,
        }),
    }
}

/// A list of records so small that it reads best as one cell: records of
/// at most two plain values (`lead: [(unit: "市经信局")]`).
fn small(doc: &Document, items: &[NodeId]) -> bool {
    items.iter().all(|&r| {
        let fields = nodes::fields(doc, r);
        fields.len() <= 2 && fields.iter().all(|f| nodes::is_scalar(doc, f.value))
    })
}

/// The level of `records`, found from all of them.
fn level(doc: &Document, field: &str, records: &[NodeId]) -> Level {
    let mut columns: Vec<Vec<String>> = Vec::new();
    let mut child_fields: Vec<String> = Vec::new();
    let mut child_records: Vec<Vec<NodeId>> = Vec::new();
    for &record in records {
        for f in nodes::fields(doc, record) {
            let value = nodes::unwrap(doc, f.value);
            match nodes::records(doc, value) {
                Some(items) if !small(doc, &items) => {
                    let name = f.name.to_string();
                    match child_fields.iter().position(|c| *c == name) {
                        Some(i) => child_records[i].extend(items),
                        None => {
                            child_fields.push(name);
                            child_records.push(items);
                        }
                    }
                }
                _ => spread(doc, value, vec![f.name.to_string()], &mut columns, 0),
            }
        }
    }
    // A field that holds records in one record and an empty list or
    // `None` in another is a level, not a column; a column that another
    // spreads below (`total: None` beside `total: (score, rank)`) goes.
    columns.retain(|c| !child_fields.contains(&c[0]));
    let spread_out: Vec<Vec<String>> = columns.clone();
    columns.retain(|c| !spread_out.iter().any(|d| d.len() > c.len() && d.starts_with(c)));
    let children = child_fields
        .iter()
        .zip(&child_records)
        .map(|(f, items)| level(doc, f, items))
        .collect();
    Level {
        field: field.to_owned(),
        columns,
        children,
    }
}

/// Adds the columns of `value` at `path`: one, or one per field or key of
/// a small struct or map.
fn spread(doc: &Document, value: NodeId, path: Vec<String>, columns: &mut Vec<Vec<String>>, depth: usize) {
    let value = nodes::unwrap(doc, value);
    let subs: Option<Vec<(String, NodeId)>> = match &doc.node(value).kind {
        NodeKind::Struct { fields, .. } if depth < DEPTH && !fields.is_empty() => {
            Some(fields.iter().map(|f| (f.name.to_string(), f.value)).collect())
        }
        NodeKind::Map(entries)
            if depth < DEPTH
                && !entries.is_empty()
                && entries.len() <= MAP_KEYS
                && entries
                    .iter()
                    .all(|&(_, v)| !matches!(doc.node(nodes::unwrap(doc, v)).kind, NodeKind::List(_))) =>
        {
            Some(entries.iter().map(|&(k, v)| (doc.key_text(k), v)).collect())
        }
        _ => None,
    };
    match subs {
        Some(subs) if subs.iter().all(|&(_, v)| nodes::records(doc, v).is_none()) => {
            for (name, v) in subs {
                let mut sub = path.clone();
                sub.push(name);
                spread(doc, v, sub, columns, depth + 1);
            }
        }
        _ => {
            if !columns.contains(&path) {
                columns.push(path);
            }
        }
    }
}

/// Every path from `top` down to a level without record lists inside.
fn leaf_paths(top: &Level) -> Vec<Vec<&Level>> {
    if top.children.is_empty() {
        return vec![vec![top]];
    }
    let mut paths = Vec::new();
    for child in &top.children {
        for mut path in leaf_paths(child) {
            path.insert(0, top);
            paths.push(path);
        }
    }
    paths
}

/// The head rows: a row naming the levels (when there are several), then
/// the columns' path segments, equal neighbours merged.
fn heads(path: &[&Level]) -> Vec<Vec<Head>> {
    let mut rows: Vec<Vec<Head>> = Vec::new();
    let columns: Vec<(usize, &Vec<String>)> = path
        .iter()
        .enumerate()
        .flat_map(|(l, level)| level.columns.iter().map(move |c| (l, c)))
        .collect();
    if path.len() > 1 {
        rows.push(
            path.iter()
                .map(|level| Head {
                    text: level.field.clone(),
                    colspan: level.columns.len().max(1),
                    rowspan: 1,
                    first: true,
                })
                .collect(),
        );
    }
    let depth = columns.iter().map(|(_, c)| c.len()).max().unwrap_or(1);
    for r in 0..depth {
        let mut row: Vec<Head> = Vec::new();
        let mut i = 0;
        while i < columns.len() {
            let (level, column) = columns[i];
            if column.len() <= r {
                i += 1;
                continue;
            }
            let run = columns[i..]
                .iter()
                .take_while(|(l, c)| *l == level && c.len() > r && c[..=r] == column[..=r])
                .count();
            let first = i == 0 || columns[i - 1].0 != level;
            row.push(Head {
                text: column[r].clone(),
                colspan: run,
                rowspan: if column.len() == r + 1 { depth - r } else { 1 },
                first,
            });
            i += run;
        }
        rows.push(row);
    }
    // A level without columns still takes a column.
    if let Some(last) = rows.last_mut() {
        for (l, level) in path.iter().enumerate() {
            if level.columns.is_empty() {
                let at = path[..l]
                    .iter()
                    .map(|p| p.columns.len())
                    .sum::<usize>()
                    .min(last.len());
                last.insert(
                    at,
                    Head {
                        text: String::new(),
                        colspan: 1,
                        rowspan: 1,
                        first: true,
                    },
                );
            }
        }
    }
    rows
}

/// The value of `column` in `record`, and the key node if it was reached
/// through a map. A `None` on the way is the value (shown as `-`).
fn lookup(doc: &Document, record: NodeId, column: &[String]) -> Option<(NodeId, Option<NodeId>)> {
    let mut at = nodes::unwrap(doc, record);
    let mut key = None;
    for segment in column {
        match &doc.node(at).kind {
            NodeKind::Struct { fields, .. } => {
                at = fields.iter().find(|f| *f.name == **segment)?.value;
                key = None;
            }
            NodeKind::Map(entries) => {
                let &(k, v) = entries.iter().find(|&&(k, _)| doc.key_text(k) == *segment)?;
                at = v;
                key = Some(k);
            }
            NodeKind::None => return Some((at, None)),
            _ => return None,
        }
        at = nodes::unwrap(doc, at);
    }
    Some((at, key))
}

/// Emits the rows of `record` (at `depth` of `path`) and of the records
/// below it; its own cells span them all.
#[allow(clippy::too_many_arguments)]
fn emit(
    file: &DataFile,
    doc: &Document,
    board: &mut Board,
    table: usize,
    path: &[&Level],
    depth: usize,
    record: NodeId,
    labels: &[String],
    anchored: &mut HashSet<NodeId>,
    rows: &mut Vec<Vec<CellId>>,
) {
    let level = path[depth];
    let name = file.name();
    let stem = file.stem();
    let text = &file.source.text;
    let anchor = anchored.insert(record);
    let label = row_label(doc, text, record, &level.columns);
    let mut labels = labels.to_vec();
    labels.push(label);

    let mut own: Vec<CellId> = Vec::new();
    for column in &level.columns {
        let mut cell = Cell::new("", "");
        let row: Vec<&str> = labels
            .iter()
            .map(String::as_str)
            .filter(|l| !l.is_empty())
            .collect();
        cell.place = [stem, &row.join(" › "), &column.join(" › ")]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" · ");
        let found = lookup(doc, record, column);
        let mut parts_nodes = Vec::new();
        if let Some((value, _)) = found {
            let node = doc.node(value);
            match &node.kind {
                NodeKind::List(items)
                    if items
                        .iter()
                        .all(|&i| nodes::is_scalar(doc, i) || nodes::fields(doc, i).len() <= 2) =>
                {
                    for &item in items.iter() {
                        // A one-field record reads as its value.
                        let shown = match nodes::fields(doc, item) {
                            [only] => nodes::shown(doc, text, only.value),
                            _ => nodes::shown(doc, text, item),
                        };
                        cell.parts.push(Part {
                            text: shown,
                            hit: None,
                        });
                        parts_nodes.push(item);
                    }
                    cell.base = "list";
                }
                NodeKind::None => {
                    cell.text = "-".to_owned();
                    cell.base = "none";
                }
                NodeKind::Int(_) | NodeKind::Float(_) => {
                    cell.text = nodes::shown(doc, text, value);
                    cell.base = "num";
                }
                _ => {
                    cell.text = nodes::shown(doc, text, value);
                    if cell.text.chars().count() > 24 {
                        cell.base = "long";
                    }
                }
            }
        }
        let id = board.add(table, cell);
        if anchor {
            if let Some((value, key)) = found {
                board.anchor(name, doc.node(value).span, Target { cell: id, part: None });
                if let Some(key) = key {
                    board.anchor(name, doc.node(key).span, Target { cell: id, part: None });
                }
                for (p, item) in parts_nodes.into_iter().enumerate() {
                    board.anchor(
                        name,
                        doc.node(item).span,
                        Target {
                            cell: id,
                            part: Some(p),
                        },
                    );
                }
            }
        }
        own.push(id);
    }
    if level.columns.is_empty() {
        own.push(board.add(table, Cell::new("", "")));
    }
    if anchor {
        // The record itself: its first cell.
        board.anchor(
            name,
            doc.node(record).span,
            Target {
                cell: own[0],
                part: None,
            },
        );
    }

    let start = rows.len();
    if let Some(next) = path.get(depth + 1) {
        let children = nodes::field(doc, record, &next.field)
            .and_then(|l| nodes::records(doc, l))
            .unwrap_or_default();
        for child in children {
            emit(
                file,
                doc,
                board,
                table,
                path,
                depth + 1,
                child,
                &labels,
                anchored,
                rows,
            );
        }
        if rows.len() == start {
            // No records below: one row, blank below this level.
            let blanks = path[depth + 1..]
                .iter()
                .map(|l| l.columns.len().max(1))
                .sum::<usize>();
            rows.push(
                (0..blanks)
                    .map(|_| board.add(table, Cell::new("", "blank")))
                    .collect(),
            );
        }
    } else {
        rows.push(Vec::new());
    }
    let span = rows.len() - start;
    for &id in &own {
        board.cells[id].rowspan = span;
    }
    rows[start].splice(0..0, own);
}

/// A short name for a record: its `name` (or the first plain value),
/// cut to a dozen characters.
fn row_label(doc: &Document, text: &str, record: NodeId, columns: &[Vec<String>]) -> String {
    let named = ["name", "region", "title", "number", "what"]
        .iter()
        .find_map(|f| nodes::field(doc, record, f));
    let value = named
        .or_else(|| {
            columns
                .iter()
                .filter_map(|c| lookup(doc, record, c))
                .map(|(v, _)| v)
                .find(|&v| nodes::is_scalar(doc, v))
        })
        .or_else(|| {
            columns
                .first()
                .and_then(|c| lookup(doc, record, c))
                .map(|(v, _)| v)
        });
    let Some(value) = value else {
        return String::new();
    };
    let shown = nodes::shown(doc, text, value);
    if shown.chars().count() > 12 {
        let cut: String = shown.chars().take(11).collect();
        format!("{cut}…")
    } else {
        shown
    }
}
