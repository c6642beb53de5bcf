//! The cells of the page's tables, and where the findings land on them.
//!
//! Every table is built into one arena of [`Cell`]s. While building, each
//! cell says which bytes of its data file it shows (an *anchor*: the span
//! of a value node, of a map key, of a whole record). A finding lands on
//! the innermost anchor that holds its site's span: a finding on
//! `breakdown["鹿城区"]` on that region's cell, one on a whole indicator
//! on its column head, one on the table's root on its caption. Spans, not
//! path strings, decide: they are exact for every kind of table and cost a
//! binary search per finding.

use std::collections::HashMap;

use tally_engine::{Severity, Span};

/// The index of a cell in the [`Board`].
pub type CellId = usize;

/// One cell of a table on the page.
#[derive(Debug, Default, Clone)]
pub struct Cell {
    /// What the cell shows (a figure as written in the file).
    pub text: String,
    /// A list shown item by item, each item anchored on its own (the
    /// units of a responsibility item); empty for a plain cell.
    pub parts: Vec<Part>,
    /// A second, smaller line (a unit, the sum against the lines).
    pub sub: String,
    /// The cell's own CSS classes (`num`, `none`, `line`, …).
    pub base: &'static str,
    /// The bar's width, as a share of the cell (0 to 1).
    pub bar: Option<f64>,
    /// Ticks on the bar (the lines on a sum's gauge), as shares.
    pub ticks: Vec<f64>,
    /// The tooltip before any finding is added.
    pub tip: String,
    /// Where the cell is, in words (`附件 3 · 工业 APP 开发应用 · 高线`).
    pub place: String,
    /// `rowspan`, `colspan` (1 when plain).
    pub rowspan: usize,
    pub colspan: usize,
    /// The table section it belongs to.
    pub table: usize,
    /// The findings whose site is here (indices into the page's findings).
    pub hits: Vec<usize>,
    /// Their severities, in the same order.
    pub severities: Vec<Severity>,
    /// The findings that name this cell as a related site.
    pub near: Vec<(usize, Severity)>,
    /// The footnote numbers of the hits (per table).
    pub numbers: Vec<usize>,
}

/// One item of a list cell.
#[derive(Debug, Default, Clone)]
pub struct Part {
    /// The item as shown.
    pub text: String,
    /// The worst finding on this very item.
    pub hit: Option<Severity>,
}

impl Cell {
    /// A plain cell showing `text`.
    pub fn new(text: impl Into<String>, base: &'static str) -> Cell {
        Cell {
            text: text.into(),
            base,
            rowspan: 1,
            colspan: 1,
            ..Cell::default()
        }
    }

    /// The worst severity of the findings sited here.
    pub fn worst(&self) -> Option<Severity> {
        self.severities.iter().copied().max()
    }

    /// The worst severity of the findings that name this cell as related.
    pub fn worst_near(&self) -> Option<Severity> {
        self.near.iter().map(|&(_, s)| s).max()
    }
}

/// A place the anchors point at: a cell, or one item of a list cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub cell: CellId,
    pub part: Option<usize>,
}

/// The anchors of one file: spans sorted by start (outer before inner at
/// the same start), each with the nearest anchor that encloses it.
#[derive(Debug, Default)]
struct Anchors {
    list: Vec<(Span, Target)>,
    enclosing: Vec<Option<usize>>,
    sorted: bool,
}

/// The arena of cells and the anchors of every data file.
#[derive(Debug, Default)]
pub struct Board {
    pub cells: Vec<Cell>,
    anchors: HashMap<String, Anchors>,
}

impl Board {
    /// Adds a cell to table `table`; returns its id.
    pub fn add(&mut self, table: usize, mut cell: Cell) -> CellId {
        cell.table = table;
        self.cells.push(cell);
        self.cells.len() - 1
    }

    /// Says that `target` shows the bytes `span` of `file`.
    pub fn anchor(&mut self, file: &str, span: Span, target: Target) {
        let anchors = self.anchors.entry(file.to_owned()).or_default();
        anchors.list.push((span, target));
        anchors.sorted = false;
    }

    /// Sorts the anchors once all tables are built.
    pub fn freeze(&mut self) {
        for anchors in self.anchors.values_mut() {
            if anchors.sorted {
                continue;
            }
            // Outer first at the same start; later-added wins a tie (a
            // cell added after its record is the more precise one).
            let mut indexed: Vec<(usize, (Span, Target))> = anchors.list.drain(..).enumerate().collect();
            indexed.sort_by(|(ia, (a, _)), (ib, (b, _))| {
                a.start.cmp(&b.start).then(b.end.cmp(&a.end)).then(ia.cmp(ib))
            });
            anchors.list = indexed.into_iter().map(|(_, a)| a).collect();
            let mut enclosing = Vec::with_capacity(anchors.list.len());
            let mut open: Vec<usize> = Vec::new();
            for (i, (span, _)) in anchors.list.iter().enumerate() {
                while let Some(&top) = open.last() {
                    if anchors.list[top].0.end >= span.end && anchors.list[top].0.start <= span.start {
                        break;
                    }
                    open.pop();
                }
                enclosing.push(open.last().copied());
                open.push(i);
            }
            anchors.enclosing = enclosing;
            anchors.sorted = true;
        }
    }

    /// The innermost anchor of `file` that holds `span`, if any.
    pub fn locate(&self, file: &str, span: Span) -> Option<Target> {
        let anchors = self.anchors.get(file)?;
        let holds = |a: &Span| a.start <= span.start && span.end <= a.end.max(a.start + 1);
        let after = anchors.list.partition_point(|(a, _)| a.start <= span.start);
        let mut at = after.checked_sub(1);
        while let Some(i) = at {
            if holds(&anchors.list[i].0) {
                return Some(anchors.list[i].1);
            }
            at = anchors.enclosing[i];
        }
        None
    }

    /// The cells a related site covers: the cell shown at exactly its
    /// span, else every cell inside it (a whole map of scores), else the
    /// innermost cell holding it.
    pub fn covered(&self, file: &str, span: Span) -> Vec<Target> {
        let Some(anchors) = self.anchors.get(file) else {
            return Vec::new();
        };
        let from = anchors.list.partition_point(|(a, _)| a.start < span.start);
        let mut inside: Vec<Target> = Vec::new();
        for (a, target) in anchors.list[from..]
            .iter()
            .take_while(|(a, _)| a.start < span.end.max(span.start + 1))
        {
            if *a == span {
                return vec![*target];
            }
            if a.end <= span.end && !inside.iter().any(|t| t.cell == target.cell) {
                inside.push(Target {
                    cell: target.cell,
                    part: None,
                });
            }
        }
        if inside.is_empty() {
            self.locate(file, span).into_iter().collect()
        } else {
            inside
        }
    }

    /// Records that finding `index` (of `severity`) is sited at `target`.
    pub fn hit(&mut self, target: Target, index: usize, severity: Severity) {
        let cell = &mut self.cells[target.cell];
        cell.hits.push(index);
        cell.severities.push(severity);
        if let Some(part) = target.part.and_then(|p| cell.parts.get_mut(p)) {
            part.hit = part.hit.max(Some(severity));
        }
    }

    /// Records that finding `index` names `target` as a related site.
    pub fn near(&mut self, target: Target, index: usize, severity: Severity) {
        let cell = &mut self.cells[target.cell];
        if !cell.hits.contains(&index) && !cell.near.iter().any(|&(i, _)| i == index) {
            cell.near.push((index, severity));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(cell: CellId) -> Target {
        Target { cell, part: None }
    }

    #[test]
    fn a_span_lands_on_the_innermost_anchor_that_holds_it() {
        let mut board = Board::default();
        for _ in 0..4 {
            board.add(0, Cell::new("", ""));
        }
        // A table (0..100) holding a record (10..50) with two values.
        board.anchor("f", Span::new(0, 100), target(0));
        board.anchor("f", Span::new(10, 50), target(1));
        board.anchor("f", Span::new(12, 14), target(2));
        board.anchor("f", Span::new(30, 34), target(3));
        board.freeze();
        assert_eq!(board.locate("f", Span::new(12, 14)), Some(target(2)));
        assert_eq!(board.locate("f", Span::new(31, 33)), Some(target(3)));
        // Between the values: the record; after it: the table.
        assert_eq!(board.locate("f", Span::new(20, 22)), Some(target(1)));
        assert_eq!(board.locate("f", Span::new(60, 61)), Some(target(0)));
        // Across both values: the record.
        assert_eq!(board.locate("f", Span::new(12, 34)), Some(target(1)));
        assert_eq!(board.locate("f", Span::new(200, 201)), None);
        assert_eq!(board.locate("g", Span::new(12, 14)), None);
        // A related site: its own cell, the cells inside it, or the holder.
        assert_eq!(board.covered("f", Span::new(10, 50)), [target(1)]);
        assert_eq!(board.covered("f", Span::new(11, 40)), [target(2), target(3)]);
        assert_eq!(board.covered("f", Span::new(20, 22)), [target(1)]);
    }
}
