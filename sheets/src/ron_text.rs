//! Writing RON text by hand: the imported table keeps the figures as the
//! cells show them (`12.0`, `500`), which a serializer would not.

use std::fmt::Write as _;
use std::sync::Arc;

use tally_engine::{Cell, Span, TableText};

use crate::book::Grid;

/// A RON string literal.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A comment line's text: no line breaks inside.
pub fn comment(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
}

/// RON text being written, with the cell each value comes from.
#[derive(Default)]
pub struct Ron {
    text: String,
    cells: Vec<(Span, Cell)>,
    /// The sheet names, shared by their cells.
    sheets: Vec<Arc<str>>,
}

impl Ron {
    /// The length written so far.
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// Writes `text` as it is.
    pub fn push_str(&mut self, text: &str) {
        self.text.push_str(text);
    }

    /// Writes a line.
    pub fn line(&mut self, args: std::fmt::Arguments<'_>) {
        let _ = self.text.write_fmt(args);
        self.text.push('\n');
    }

    /// The cell at (row, col) of `grid`.
    pub fn cell(&mut self, grid: &Grid, row: usize, col: usize) -> Cell {
        let sheet = match self.sheets.iter().find(|s| ***s == *grid.name) {
            Some(s) => s.clone(),
            None => {
                let s: Arc<str> = grid.name.as_str().into();
                self.sheets.push(s.clone());
                s
            }
        };
        Cell::new(sheet, row, col)
    }

    /// `prefix value,\n`, the value read from `cell`.
    pub fn field(&mut self, prefix: &str, value: &str, cell: Option<Cell>) {
        self.text.push_str(prefix);
        let start = self.text.len();
        self.text.push_str(value);
        if let Some(cell) = cell {
            self.cells.push((Span::new(start, self.text.len()), cell));
        }
        self.text.push_str(",\n");
    }

    /// `indent key: value,\n` of a map, each read from its cell.
    pub fn entry(&mut self, indent: &str, key: &str, key_cell: Cell, value: &str, value_cell: Cell) {
        self.text.push_str(indent);
        let start = self.text.len();
        self.text.push_str(key);
        self.cells.push((Span::new(start, self.text.len()), key_cell));
        self.text.push_str(": ");
        let start = self.text.len();
        self.text.push_str(value);
        self.cells.push((Span::new(start, self.text.len()), value_cell));
        self.text.push_str(",\n");
    }

    /// Records that what was written from `start` on came from `cell`.
    pub fn span_from(&mut self, start: usize, cell: Cell) {
        self.cells.push((Span::new(start, self.text.len()), cell));
    }

    /// The text and its cells.
    pub fn finish(self) -> TableText {
        TableText {
            text: self.text,
            cells: self.cells,
            problems: Vec::new(),
        }
    }
}
