//! Tables read from workbooks: which cell each value of the RON text they
//! were turned into came from, and each sheet as text, so that a finding
//! about a value is shown at its cell (`附件3!D7`) among the sheet's rows.
//!
//! Rules and checks work on the RON text as they do on any table; once the
//! findings are made, [`CellMap::relocate`] moves every site from the RON
//! text to the cell it was read from.

use std::sync::Arc;

use super::{Finding, Site, SourceFile};
use crate::span::{Location, Span};

/// A cell of a workbook sheet, counted from 0.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Cell {
    /// The sheet's name.
    pub sheet: Arc<str>,
    /// The row (0 is row 1).
    pub row: u32,
    /// The column (0 is column A).
    pub col: u32,
}

impl Cell {
    /// A cell of sheet `sheet`.
    pub fn new(sheet: Arc<str>, row: usize, col: usize) -> Cell {
        Cell {
            sheet,
            row: u32::try_from(row).unwrap_or(u32::MAX),
            col: u32::try_from(col).unwrap_or(u32::MAX),
        }
    }

    /// `附件3!D7`.
    pub fn name(&self) -> String {
        format!("{}!{}", self.sheet, self.local_name())
    }

    /// `D7`.
    pub fn local_name(&self) -> String {
        format!("{}{}", column_letters(self.col as usize), u64::from(self.row) + 1)
    }
}

impl std::fmt::Display for Cell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name())
    }
}

/// `A`, …, `Z`, `AA`, … for column 0, 1, ….
pub fn column_letters(col: usize) -> String {
    let mut n = col + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// A sheet as text, one line per row (line 7 is row 7), for showing a
/// finding among its neighbouring rows: its [`SourceFile`] is named after
/// the workbook, and `cells[row][col]` is where each cell stands in it.
#[derive(Debug)]
pub struct SheetText {
    /// The sheet's name.
    pub name: Arc<str>,
    /// The rows as text.
    pub source: Arc<SourceFile>,
    /// Byte range of each cell in the text, row by row (rows may be short).
    pub cells: Vec<Vec<Span>>,
}

impl SheetText {
    /// The site of `cell` in this sheet's text: line = row, column =
    /// column (both from 1), as every output format gives them.
    pub fn site(&self, cell: &Cell, path: Option<String>, key: Option<String>) -> Site {
        let (row, col) = (cell.row as usize, cell.col as usize);
        let span = self
            .cells
            .get(row)
            .and_then(|r| r.get(col).or_else(|| r.last()))
            .copied()
            .unwrap_or_else(|| {
                // A row past the text: its end.
                Span::new(self.source.text.len(), self.source.text.len())
            });
        Site {
            source: self.source.clone(),
            path,
            key,
            location: Location {
                start: span.start,
                end: span.end,
                line: row + 1,
                column: col + 1,
                end_line: row + 1,
                end_column: col + 2,
            },
            cell: Some(cell.clone()),
        }
    }
}

/// Which cell each value of a table's RON text was read from, and the
/// sheets as text.
#[derive(Debug, Default)]
pub struct CellMap {
    /// (byte range in the RON text, cell), sorted by start; a value's
    /// range lies inside its container's.
    spans: Vec<(Span, Cell)>,
    /// The sheets the table was read from.
    sheets: Vec<Arc<SheetText>>,
    /// The name rules find the table under in `data`: the workbook's
    /// stem, `stem#2`, … for its second and later tables.
    stem: String,
}

impl CellMap {
    /// A map from the ranges a converter recorded (in any order) and the
    /// sheets as text.
    pub fn new(mut spans: Vec<(Span, Cell)>, sheets: Vec<Arc<SheetText>>) -> CellMap {
        // Containers before what they hold when they start at one byte.
        spans.sort_by(|a, b| a.0.start.cmp(&b.0.start).then(b.0.end.cmp(&a.0.end)));
        CellMap {
            spans,
            sheets,
            stem: String::new(),
        }
    }

    /// Names the table for rules (`data["附件"]`).
    pub fn with_stem(mut self, stem: impl Into<String>) -> CellMap {
        self.stem = stem.into();
        self
    }

    /// The name rules find the table under in `data`.
    pub fn stem(&self) -> &str {
        &self.stem
    }

    /// The sheets as text.
    pub fn sheets(&self) -> &[Arc<SheetText>] {
        &self.sheets
    }

    /// The cell of the innermost recorded value that holds `span`.
    pub fn cell_of(&self, span: Span) -> Option<&Cell> {
        let after = self.spans.partition_point(|(s, _)| s.start <= span.start);
        // Scanning back, the first range that holds the span is the
        // innermost one (ranges nest). Bounded: a value's own range starts
        // at most a few siblings before it.
        self.spans[..after]
            .iter()
            .rev()
            .take(1 << 16)
            .find(|(s, _)| s.start <= span.start && span.end <= s.end.max(s.start))
            .or_else(|| self.spans.first())
            .map(|(_, cell)| cell)
    }

    /// The sheet text of `cell`.
    pub fn sheet(&self, cell: &Cell) -> Option<&Arc<SheetText>> {
        self.sheets.iter().find(|s| s.name == cell.sheet)
    }

    /// `site`, a place in the RON text, as the cell it was read from.
    pub fn site(&self, site: &Site) -> Option<Site> {
        let cell = self.cell_of(site.span())?;
        let sheet = self.sheet(cell)?;
        Some(sheet.site(cell, site.path.clone(), site.key.clone()))
    }

    /// Moves the finding's site and related sites that lie in a table read
    /// from a workbook to their cells; the label names the cell.
    pub fn relocate(finding: &mut Finding) {
        let moved = |site: &Site| site.source.cells.as_ref().and_then(|cells| cells.site(site));
        if let Some(site) = finding.site.as_ref().and_then(moved) {
            finding.site = Some(site);
        }
        for related in &mut finding.related {
            if let Some(site) = moved(&related.site) {
                related.site = site;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cells() {
        let cell = Cell::new("附件3".into(), 6, 3);
        assert_eq!(cell.name(), "附件3!D7");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
    }

    #[test]
    fn finds_the_innermost_cell() {
        let sheet: Arc<str> = "S".into();
        let map = CellMap::new(
            vec![
                (Span::new(0, 100), Cell::new(sheet.clone(), 0, 0)),
                (Span::new(10, 50), Cell::new(sheet.clone(), 1, 1)),
                (Span::new(20, 22), Cell::new(sheet.clone(), 2, 1)),
                (Span::new(30, 32), Cell::new(sheet.clone(), 3, 1)),
                (Span::new(60, 62), Cell::new(sheet, 4, 0)),
            ],
            Vec::new(),
        );
        assert_eq!(map.cell_of(Span::new(30, 32)).map(Cell::local_name).as_deref(), Some("B4"));
        assert_eq!(map.cell_of(Span::new(24, 25)).map(Cell::local_name).as_deref(), Some("B2"));
        assert_eq!(map.cell_of(Span::new(55, 56)).map(Cell::local_name).as_deref(), Some("A1"));
        assert_eq!(map.cell_of(Span::new(10, 50)).map(Cell::local_name).as_deref(), Some("B2"));
    }
}
