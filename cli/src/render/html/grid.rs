//! Target tables as the seed's annexes print them: one grid per sheet,
//! the indicators as columns, the city's standard and high lines on top,
//! then the sum of the regions against those lines, then one row per
//! region; every figure as written in the file.
//!
//! A table is a target table by its shape, not its name: a root with
//! `sheets[].indicators[]` (or `indicators[]` directly) whose indicators
//! are records with a `breakdown` map (region → figure or `None`).

use std::collections::{HashMap, HashSet};

use tally_engine::{DataFile, Document, NodeId, NodeKind, Span};

use super::cells::{Board, Cell, CellId, Target};
use super::nodes::{self, decimals, figure, signed};
use super::texts::{fill, Texts};
use super::{Body, Section};

/// The fields that hold the city's lines, in the order of their rows.
const LINES: [&str; 3] = ["standard", "line", "high"];

/// A grid: its column heads (one or two rows) and its rows.
#[derive(Debug)]
pub struct Grid {
    /// The first head row (after the corner): ungrouped indicators (two
    /// rows high when there are groups) and the group heads.
    pub top: Vec<CellId>,
    /// The second head row: the indicators under a group.
    pub under: Vec<CellId>,
    /// One head per indicator, in column order (their marks add up the
    /// column's findings).
    pub columns: Vec<CellId>,
    /// The rows: lines, the sum, the regions.
    pub rows: Vec<GridRow>,
}

/// One row of a grid.
#[derive(Debug)]
pub struct GridRow {
    /// The row head (a line's or a region's name).
    pub head: CellId,
    /// One cell per indicator.
    pub cells: Vec<CellId>,
    /// `line`, `sum` or empty.
    pub class: &'static str,
}

/// One indicator as read from the file.
struct Indicator {
    node: NodeId,
    name: String,
    unit: String,
    group: Option<String>,
    additive: bool,
    lines: Vec<Option<NodeId>>,
    breakdown: Option<NodeId>,
}

/// The grids of a target table, one section per sheet; `None` when the
/// file does not have that shape.
pub fn sections(
    file: &DataFile,
    doc: &Document,
    board: &mut Board,
    first_table: usize,
    t: &Texts,
) -> Option<Vec<Section>> {
    let root = doc.root();
    let sheets: Vec<NodeId> = match nodes::field(doc, root, "sheets").and_then(|s| nodes::records(doc, s)) {
        Some(sheets) => sheets,
        None => vec![root],
    };
    let sheet_indicators: Vec<Vec<NodeId>> = sheets
        .iter()
        .map(|&s| {
            nodes::field(doc, s, "indicators")
                .and_then(|l| nodes::records(doc, l))
                .unwrap_or_default()
        })
        .collect();
    let any_breakdown = sheet_indicators.iter().flatten().any(|&ind| {
        nodes::field(doc, ind, "breakdown").is_some_and(|b| matches!(doc.node(b).kind, NodeKind::Map(_)))
    });
    if !any_breakdown {
        return None;
    }
    let name = file.name();
    let title = nodes::field(doc, root, "title")
        .and_then(|n| nodes::string(doc, n))
        .map(str::to_owned)
        .unwrap_or_else(|| doc.root_name().unwrap_or("").to_owned());
    let line_fields: Vec<&str> = LINES
        .into_iter()
        .filter(|line| {
            sheet_indicators
                .iter()
                .flatten()
                .any(|&ind| nodes::field(doc, ind, line).is_some())
        })
        .collect();

    let mut sections = Vec::new();
    for (number, (&sheet, indicators)) in sheets.iter().zip(&sheet_indicators).enumerate() {
        let table = first_table + sections.len();
        let sheet_name = if sheet == root {
            String::new()
        } else if let Some(annex) = nodes::field(doc, sheet, "annex").and_then(|a| nodes::number(doc, a)) {
            fill(t.annex, &[("n", &annex.to_string())])
        } else {
            fill(t.sheet, &[("n", &(number + 1).to_string())])
        };
        let sheet_title = nodes::field(doc, sheet, "title")
            .and_then(|n| nodes::string(doc, n))
            .filter(|_| sheet != root)
            .unwrap_or(&title)
            .to_owned();
        let caption = board.add(table, Cell::new(sheet_title.clone(), "cap"));
        board.cells[caption].place = if sheet_name.is_empty() {
            sheet_title.clone()
        } else {
            sheet_name.clone()
        };
        if number == 0 {
            // Whatever is about the table as a whole lands on the first
            // sheet's caption.
            board.anchor(
                name,
                doc.node(root).span,
                Target {
                    cell: caption,
                    part: None,
                },
            );
        }
        board.anchor(
            name,
            doc.node(sheet).span,
            Target {
                cell: caption,
                part: None,
            },
        );
        if let Some(list) = nodes::field(doc, sheet, "indicators") {
            board.anchor(
                name,
                doc.node(list).span,
                Target {
                    cell: caption,
                    part: None,
                },
            );
        }
        let indicators: Vec<Indicator> = indicators
            .iter()
            .map(|&node| read_indicator(doc, node, &line_fields))
            .collect();
        let sheet_place = board.cells[caption].place.clone();
        let grid = build(
            file,
            doc,
            board,
            table,
            &indicators,
            &line_fields,
            &sheet_place,
            t,
        );
        sections.push(Section {
            anchor: String::new(),
            file: name.to_owned(),
            detail: sheet_name.clone(),
            short: if sheet_name.is_empty() {
                name.rsplit('/').next().unwrap_or(name).to_owned()
            } else {
                sheet_name
            },
            caption,
            body: Body::Grid(grid),
        });
    }
    Some(sections)
}

fn read_indicator(doc: &Document, node: NodeId, line_fields: &[&str]) -> Indicator {
    let text = |field: &str| {
        nodes::field(doc, node, field)
            .and_then(|n| nodes::string(doc, n))
            .unwrap_or("")
            .to_owned()
    };
    let unit = text("unit");
    let additive = match nodes::field(doc, node, "additive").and_then(|n| doc.kind(n)) {
        Some(NodeKind::Bool(b)) => b,
        // Without the field: amounts add up, percentages do not.
        _ => !unit.contains('%'),
    };
    Indicator {
        node,
        name: text("name"),
        group: nodes::field(doc, node, "group")
            .and_then(|n| nodes::string(doc, n))
            .map(str::to_owned),
        unit,
        additive,
        lines: line_fields.iter().map(|l| nodes::field(doc, node, l)).collect(),
        breakdown: nodes::field(doc, node, "breakdown")
            .filter(|&b| matches!(doc.node(b).kind, NodeKind::Map(_))),
    }
}

/// The entries of a breakdown: (key node, value node, region name).
fn entries(doc: &Document, breakdown: Option<NodeId>) -> Vec<(NodeId, NodeId, String)> {
    match breakdown.and_then(|b| doc.kind(b)) {
        Some(NodeKind::Map(entries)) => entries.iter().map(|&(k, v)| (k, v, doc.key_text(k))).collect(),
        _ => Vec::new(),
    }
}

#[allow(clippy::too_many_arguments)]
fn build(
    file: &DataFile,
    doc: &Document,
    board: &mut Board,
    table: usize,
    indicators: &[Indicator],
    line_fields: &[&str],
    sheet_place: &str,
    t: &Texts,
) -> Grid {
    let name = file.name();
    let text = &file.source.text;
    let written = |id: NodeId| -> String {
        let span = doc.node(nodes::unwrap(doc, id)).span;
        text.get(span.start..span.end).unwrap_or("").to_owned()
    };
    let place = |indicator: &str, row: &str| {
        [sheet_place, indicator, row]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" · ")
    };
    let anchor = |board: &mut Board, span: Span, cell: CellId| {
        board.anchor(name, span, Target { cell, part: None });
    };

    // Heads: a group spans its consecutive indicators.
    let grouped = indicators.iter().any(|i| i.group.is_some());
    let mut top = Vec::new();
    let mut under = Vec::new();
    let mut columns = Vec::new();
    let mut i = 0;
    while i < indicators.len() {
        let group = indicators[i].group.clone();
        let run = indicators[i..]
            .iter()
            .take_while(|ind| ind.group.is_some() && ind.group == group)
            .count()
            .max(1);
        if let Some(group) = group.filter(|_| grouped) {
            let mut head = Cell::new(group, "group");
            head.colspan = run;
            top.push(board.add(table, head));
        }
        for ind in &indicators[i..i + run] {
            let mut head = Cell::new(ind.name.clone(), "ind");
            head.sub = ind.unit.clone();
            head.place = place(&ind.name, "");
            if !ind.additive {
                head.tip = t.not_additive.to_owned();
            }
            if grouped && ind.group.is_none() {
                head.rowspan = 2;
            }
            let id = board.add(table, head);
            anchor(board, doc.node(ind.node).span, id);
            columns.push(id);
            if grouped && ind.group.is_some() {
                under.push(id);
            } else {
                top.push(id);
            }
        }
        i += run;
    }

    let mut rows = Vec::new();
    // The city's lines.
    for (l, line) in line_fields.iter().enumerate() {
        let label = match *line {
            "standard" => t.standard,
            "high" => t.high,
            _ => t.line,
        };
        let head = board.add(table, Cell::new(label, "rowhead"));
        let mut cells = Vec::new();
        for ind in indicators {
            let mut cell = Cell::new("", "num line");
            cell.place = place(&ind.name, label);
            if let Some(node) = ind.lines[l] {
                cell.text = written(node);
            }
            let id = board.add(table, cell);
            if let Some(node) = ind.lines[l] {
                anchor(board, doc.node(node).span, id);
            }
            cells.push(id);
        }
        rows.push(GridRow {
            head,
            cells,
            class: "line",
        });
    }

    // The sum of the regions, against the lines.
    let mut share_lines = Vec::new();
    {
        let head = board.add(table, Cell::new(t.sum, "rowhead"));
        let mut cells = Vec::new();
        for ind in indicators {
            let mut cell = Cell::new("", "num sum");
            cell.place = place(&ind.name, t.sum);
            let lines: Vec<(&str, f64, usize)> = line_fields
                .iter()
                .zip(&ind.lines)
                .filter_map(|(field, node)| {
                    let node = (*node)?;
                    Some((*field, nodes::number(doc, node)?, decimals(&written(node))))
                })
                .collect();
            let mut share_line = lines.first().map(|&(f, v, _)| (f, v));
            if ind.additive {
                let figures: Vec<(f64, usize)> = entries(doc, ind.breakdown)
                    .iter()
                    .filter_map(|&(_, v, _)| Some((nodes::number(doc, v)?, decimals(&written(v)))))
                    .collect();
                let places = figures
                    .iter()
                    .map(|&(_, d)| d)
                    .chain(lines.iter().map(|&(_, _, d)| d))
                    .max()
                    .unwrap_or(0);
                let sum: f64 = figures.iter().map(|&(v, _)| v).sum();
                cell.text = figure(sum, places);
                let equal = |line: f64| (sum - line).abs() <= 1e-9 * line.abs().max(1.0);
                let matched = lines.iter().rev().find(|&&(_, v, _)| equal(v));
                let name_of = |field: &str| line_name(field, t);
                if let Some(&(field, value, _)) = matched {
                    cell.sub = fill(t.sum_equals, &[("line", name_of(field))]);
                    cell.base = "num sum ok";
                    share_line = Some((field, value));
                } else {
                    let diffs: Vec<String> = lines
                        .iter()
                        .map(|&(field, value, _)| {
                            fill(
                                t.sum_differs,
                                &[("line", name_of(field)), ("diff", &signed(sum - value, places))],
                            )
                        })
                        .collect();
                    cell.sub = diffs.join(" · ");
                    cell.base = "num sum off";
                }
                // A sum off both lines gets a gauge: the sum against the
                // largest of it and the lines, a tick at each line.
                let scale = lines.iter().map(|&(_, v, _)| v).fold(sum, f64::max);
                if matched.is_none() && scale > 0.0 && sum >= 0.0 {
                    cell.bar = Some(sum / scale);
                    cell.ticks = lines
                        .iter()
                        .map(|&(_, v, _)| (v / scale).clamp(0.0, 1.0))
                        .collect();
                }
            } else {
                cell.text = "\u{2014}".to_owned();
                cell.base = "sum na";
                cell.tip = t.not_additive.to_owned();
            }
            share_lines.push(share_line);
            let id = board.add(table, cell);
            if let Some(b) = ind.breakdown {
                anchor(board, doc.node(b).span, id);
            }
            cells.push(id);
        }
        rows.push(GridRow {
            head,
            cells,
            class: "sum",
        });
    }

    // The regions, in the order they first appear; per indicator, each
    // region's entries (more than one if it is written twice), by name, so
    // that a national table of thousands of regions is not searched per cell.
    let mut regions: Vec<String> = Vec::new();
    let mut known: HashSet<String> = HashSet::new();
    let mut per_indicator: Vec<HashMap<String, Vec<(NodeId, NodeId)>>> = Vec::new();
    for ind in indicators {
        let mut by_region: HashMap<String, Vec<(NodeId, NodeId)>> = HashMap::new();
        for (key, value, region) in entries(doc, ind.breakdown) {
            if known.insert(region.clone()) {
                regions.push(region.clone());
            }
            by_region.entry(region).or_default().push((key, value));
        }
        per_indicator.push(by_region);
    }
    for region in &regions {
        let head = board.add(table, Cell::new(region.clone(), "rowhead region"));
        let mut cells = Vec::new();
        for ((ind, entries), share_line) in indicators.iter().zip(&per_indicator).zip(&share_lines) {
            let mut cell = Cell::new("", "num");
            cell.place = place(&ind.name, region);
            let entry = entries.get(region).and_then(|e| e.split_first());
            if let Some((&(key, value), repeats)) = entry {
                match doc.node(nodes::unwrap(doc, value)).kind {
                    NodeKind::None => {
                        cell.text = "-".to_owned();
                        cell.base = "num none";
                        cell.tip = t.unassigned.to_owned();
                    }
                    _ => cell.text = written(value),
                }
                if let (true, Some(v), Some((line, total))) =
                    (ind.additive, nodes::number(doc, value), *share_line)
                {
                    if total > 0.0 && v >= 0.0 {
                        let share = v / total;
                        cell.bar = Some(share.min(1.0));
                        cell.tip = fill(
                            t.share,
                            &[
                                ("share", &format!("{:.1}%", share * 100.0)),
                                ("line", line_name(line, t)),
                            ],
                        );
                    }
                }
                // A region written twice in one breakdown (`duplicate-key`)
                // shows every figure, and each lands here.
                for &(_, again) in repeats {
                    cell.text = format!("{} / {}", cell.text, written(again));
                }
                let id = board.add(table, cell);
                for &(k, v) in std::iter::once(&(key, value)).chain(repeats) {
                    anchor(board, doc.node(v).span, id);
                    anchor(board, doc.node(k).span, id);
                }
                cells.push(id);
            } else {
                cell.base = "blank";
                cells.push(board.add(table, cell));
            }
        }
        rows.push(GridRow {
            head,
            cells,
            class: "",
        });
    }

    Grid {
        top,
        under,
        columns,
        rows,
    }
}

/// A line's short name, for the small print (`标线`, `高线`).
fn line_name<'t>(field: &str, t: &'t Texts) -> &'t str {
    match field {
        "standard" => t.standard_short,
        "high" => t.high_short,
        _ => t.line,
    }
}
