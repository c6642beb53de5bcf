//! tally-sheets: workbooks in and out.
//!
//! [`import`] reads a sheet of an Excel, WPS or LibreOffice workbook
//! (`.xlsx`, `.xls`, `.ods`) or a `.csv` file and writes the RON table of a
//! kind, mapping the columns to the kind's fields through its schema; two
//! layouts are known ([`Layout`]). [`export`] writes a RON table back as a
//! workbook in the same layouts; [`write_book`] also marks the cells that
//! have findings. `docs/spreadsheets.md` describes both.
//!
//! Nothing here prints, and nothing writes to a workbook it reads: a
//! workbook is opened read-only and closed before the RON is returned.
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![deny(clippy::print_stdout, clippy::print_stderr)]

mod book;
mod breakdown;
mod copy;
mod export;
mod records;
mod ron_text;
mod source;

use std::path::Path;

pub use book::{cell_name, column_name, shown_number, Book, Cell, Grid};
pub use copy::copy_book;
pub use export::{export, lay_out, write_book, FindingRow, Laid, LaidSheet, Mark, Out};
pub use source::SheetsSource;

use tally_engine::{Catalogue, MessageArg, ProblemKind, Schema, TableText};

/// How a sheet lays out its table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One record per row, one field per column (the header names the field).
    Records,
    /// The seed's annex layout for target tables: regions down the first
    /// column, indicators across with the unit in brackets, the city's
    /// standard line (标线) and high line (高线) as rows.
    Breakdown,
}

/// Why a workbook could not be imported: a message, where (`附件3!D7`) and
/// what to do.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetError {
    /// What went wrong.
    pub message: String,
    /// The cell or range, `sheet!A1`, when there is one.
    pub cell: Option<String>,
    /// How to fix it.
    pub help: Option<String>,
    /// What kind of problem it is.
    pub kind: ProblemKind,
}

impl SheetError {
    /// An error with a message only.
    pub fn new(message: impl Into<String>) -> SheetError {
        SheetError {
            message: message.into(),
            cell: None,
            help: None,
            kind: ProblemKind::Data,
        }
    }

    /// An error at a cell.
    pub fn at(cell: impl Into<String>, message: impl Into<String>) -> SheetError {
        SheetError {
            message: message.into(),
            cell: Some(cell.into()),
            help: None,
            kind: ProblemKind::Data,
        }
    }

    /// The message `key` of the catalogue, with its `help` when it has one.
    pub(crate) fn say(t: &Catalogue, key: &str, args: &[(&str, MessageArg<'_>)]) -> SheetError {
        SheetError {
            message: t.text(key, args),
            cell: None,
            help: t.attr(key, "help", args),
            kind: ProblemKind::Data,
        }
    }

    /// The message `key` at a cell, with its `help` when it has one.
    pub(crate) fn say_at(
        t: &Catalogue,
        cell: impl Into<String>,
        key: &str,
        args: &[(&str, MessageArg<'_>)],
    ) -> SheetError {
        SheetError {
            cell: Some(cell.into()),
            ..SheetError::say(t, key, args)
        }
    }

    /// Marks it as a mistake of the mapping (a sheet or kind that is not
    /// there), not of the sheet's contents.
    pub(crate) fn mapping(mut self) -> SheetError {
        self.kind = ProblemKind::Mapping;
        self
    }

    /// Marks it as a workbook that cannot be read at all.
    pub(crate) fn unreadable(mut self) -> SheetError {
        self.kind = ProblemKind::Unreadable;
        self
    }

    /// Adds the help.
    pub fn help(mut self, help: impl Into<String>) -> SheetError {
        self.help = Some(help.into());
        self
    }
}

impl std::fmt::Display for SheetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(cell) = &self.cell {
            write!(f, "{cell}: ")?;
        }
        f.write_str(&self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for SheetError {}

/// What to import: which sheets of which workbook, as which kind.
#[derive(Debug, Clone)]
pub struct ImportRequest<'a> {
    /// The workbook.
    pub path: &'a Path,
    /// The workbook as the user names it (in comments and messages).
    pub shown: &'a str,
    /// The sheets to read, in order (empty: every visible sheet; the first
    /// one for the records layout).
    pub sheets: &'a [String],
    /// The kind's schema.
    pub schema: &'a Schema,
    /// The layout of the sheets.
    pub layout: Layout,
    /// The messages, in the interface language.
    pub catalogue: &'a Catalogue,
}

/// Reads the workbook and returns the RON text of one table of the kind.
pub fn import(request: &ImportRequest<'_>) -> Result<String, SheetError> {
    let t = request.catalogue;
    let mut book = Book::open(request.path, request.shown, t)?;
    let names: Vec<String> = if request.sheets.is_empty() {
        let visible: Vec<String> = book
            .sheets
            .iter()
            .filter(|(_, hidden)| !hidden)
            .map(|(n, _)| n.clone())
            .collect();
        match request.layout {
            Layout::Records => visible.into_iter().take(1).collect(),
            Layout::Breakdown => visible,
        }
    } else {
        for name in request.sheets {
            book.check_sheet(name, t)?;
        }
        request.sheets.to_vec()
    };
    if names.is_empty() {
        return Err(SheetError::say(
            t,
            "sheets-no-visible-sheet",
            &[("file", request.shown.into())],
        ));
    }
    let mut grids = Vec::with_capacity(names.len());
    for name in &names {
        grids.push(book.grid(name, t)?);
    }
    drop(book);
    let (table, problems) = import_grids(&grids, request.schema, request.shown, request.layout, t)?;
    // An import writes nothing with a cell left out: the first problem stops it.
    match problems.into_iter().next() {
        Some(problem) => Err(problem),
        None => Ok(table.text),
    }
}

/// The sheets read as a table of the kind, with the cell of each value,
/// and the cells left out because they hold no value of their field.
pub(crate) fn import_grids(
    grids: &[Grid],
    schema: &Schema,
    shown: &str,
    layout: Layout,
    t: &Catalogue,
) -> Result<(TableText, Vec<SheetError>), SheetError> {
    match layout {
        Layout::Breakdown => breakdown::import(grids, schema, shown, t),
        Layout::Records => match grids.first() {
            Some(grid) => records::import(grid, schema, shown, t),
            None => Err(SheetError::say(
                t,
                "sheets-no-sheet-to-read",
                &[("file", shown.into())],
            )),
        },
    }
}

/// `a`, `b`, `c` in the catalogue's language.
pub(crate) fn listed(t: &Catalogue, items: impl IntoIterator<Item = String>) -> String {
    items
        .into_iter()
        .collect::<Vec<_>>()
        .join(&t.text("sheets-list-separator", &[]))
}

/// The figure text of a cell in a figure column: `Ok(Some(text))` a
/// figure as shown, `Ok(None)` not assigned (`-`, `—`, `/`), `Err` a cell
/// that holds no figure. A blank cell is the caller's business.
pub(crate) fn figure(
    grid: &Grid,
    row: usize,
    col: usize,
    what: &str,
    t: &Catalogue,
) -> Result<Option<String>, SheetError> {
    let at = || grid.at(row, col);
    match grid.get(row, col) {
        Cell::Number(value, text) => {
            if value.is_finite() {
                Ok(Some(text.clone()))
            } else {
                Err(SheetError::say_at(
                    t,
                    at(),
                    "sheets-not-a-figure",
                    &[("what", what.into()), ("text", text.into())],
                ))
            }
        }
        Cell::Text(text) => {
            let text = text.trim();
            if matches!(text, "-" | "—" | "–" | "－" | "/" | "—　" | "——" | "－－") {
                return Ok(None);
            }
            let plain: String = text.chars().filter(|c| *c != ',' && *c != '，').collect();
            if is_number_text(&plain) {
                let plain = plain.strip_prefix('+').unwrap_or(&plain);
                return Ok(Some(normalise_number(plain)));
            }
            Err(SheetError::say_at(
                t,
                at(),
                "sheets-text-for-figure",
                &[("what", what.into()), ("text", text.into())],
            ))
        }
        Cell::Date(d) => Err(SheetError::say_at(
            t,
            at(),
            "sheets-date-for-figure",
            &[("what", what.into()), ("date", d.into())],
        )),
        Cell::Bool(b) => Err(SheetError::say_at(
            t,
            at(),
            "sheets-bool-for-figure",
            &[("what", what.into()), ("value", b.to_string().into())],
        )),
        Cell::Error(e) => Err(SheetError::say_at(
            t,
            at(),
            "sheets-error-value",
            &[("what", what.into()), ("error", e.into())],
        )),
        Cell::Uncached(f) => Err(SheetError::say_at(
            t,
            at(),
            "sheets-uncached-formula",
            &[("what", what.into()), ("formula", f.into())],
        )),
        Cell::Empty => Ok(None),
    }
}

fn is_number_text(t: &str) -> bool {
    let t = t.strip_prefix(['-', '+']).unwrap_or(t);
    !t.is_empty()
        && t.chars().all(|c| c.is_ascii_digit() || c == '.')
        && t.chars().filter(|c| *c == '.').count() <= 1
        && !t.starts_with('.')
        && !t.ends_with('.')
}

/// `007` → `7`, keeping the decimals as written (`12.0`).
fn normalise_number(t: &str) -> String {
    let (sign, digits) = match t.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", t),
    };
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    match frac {
        Some(f) => format!("{sign}{int}.{f}"),
        None => format!("{sign}{int}"),
    }
}
