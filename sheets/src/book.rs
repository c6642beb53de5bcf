//! Reading a workbook (xlsx, xls, ods through calamine; csv through the
//! csv crate) into plain grids of cells, each cell as the sheet shows it.
//!
//! The workbook is opened read-only and closed when the grid is built:
//! tally never writes to a workbook it reads.

use std::path::Path;

use calamine::{Data, Reader, Sheets};

use tally_engine::Catalogue;

use crate::{listed, SheetError};

/// One cell, as the sheet shows it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing in it.
    Empty,
    /// A figure: its value and its text as shown (`12.0` with one decimal).
    Number(f64, String),
    /// Text (trimmed).
    Text(String),
    /// `TRUE` / `FALSE`.
    Bool(bool),
    /// A date or a time (a figure column never takes one).
    Date(String),
    /// An error value (`#DIV/0!`).
    Error(String),
    /// A formula whose result was never saved (no cached value).
    Uncached(String),
}

impl Cell {
    /// The cell's text when it holds text, trimmed; `None` otherwise.
    pub fn text(&self) -> Option<&str> {
        match self {
            Cell::Text(t) if !t.is_empty() => Some(t),
            _ => None,
        }
    }

    /// Whether nothing is in it (blank text counts as nothing).
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.is_empty(),
            _ => false,
        }
    }

    /// The cell as a person reads it, for headers and messages.
    pub fn shown(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Number(_, t) | Cell::Text(t) | Cell::Date(t) | Cell::Error(t) => t.clone(),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
            Cell::Uncached(f) => format!("={f}"),
        }
    }
}

/// A sheet read whole: `rows[r][c]` is the cell at row `r`, column `c`
/// (both from 0, as the sheet counts them, whatever the used range).
#[derive(Debug, Clone)]
pub struct Grid {
    /// The sheet's name.
    pub name: String,
    /// The cells, row by row; rows may be shorter than `width`.
    pub rows: Vec<Vec<Cell>>,
    /// The widest row.
    pub width: usize,
}

impl Grid {
    /// The cell at (row, col), `Empty` outside the grid.
    pub fn get(&self, row: usize, col: usize) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        self.rows.get(row).and_then(|r| r.get(col)).unwrap_or(&EMPTY)
    }

    /// `附件3!D7`.
    pub fn at(&self, row: usize, col: usize) -> String {
        format!("{}!{}", self.name, cell_name(row, col))
    }

    /// `附件3!A7:P7`.
    pub fn span(&self, from: (usize, usize), to: (usize, usize)) -> String {
        format!(
            "{}!{}:{}",
            self.name,
            cell_name(from.0, from.1),
            cell_name(to.0, to.1)
        )
    }

    /// The number of rows.
    pub fn height(&self) -> usize {
        self.rows.len()
    }
}

/// `D7` for row 6, column 3 (both from 0).
pub fn cell_name(row: usize, col: usize) -> String {
    format!("{}{}", column_name(col), row + 1)
}

/// `A`, …, `Z`, `AA`, … for column 0, 1, …: the engine's naming, so that
/// an import's `// 附件3!D7` and a finding's cell agree.
pub fn column_name(col: usize) -> String {
    tally_engine::column_letters(col)
}

/// An open workbook: its sheets' names, whether each is hidden, and a way
/// to read each as a [`Grid`].
pub struct Book {
    shown: String,
    kind: BookKind,
    /// The sheets in workbook order: (name, hidden).
    pub sheets: Vec<(String, bool)>,
}

enum BookKind {
    Office(Box<Sheets<std::io::Cursor<Vec<u8>>>>),
    Csv(Vec<u8>),
}

impl Book {
    /// Opens `path` (shown to the user as `shown`) for reading: reads it
    /// whole, once, and closes it.
    pub fn open(path: &Path, shown: &str, t: &Catalogue) -> Result<Book, SheetError> {
        if !path.is_file() {
            return Err(SheetError::say(t, "sheets-not-a-file", &[("file", shown.into())]));
        }
        Book::check_extension(path, shown, t)?;
        let bytes = std::fs::read(path).map_err(|e| {
            SheetError::say(
                t,
                "sheets-cannot-read",
                &[("file", shown.into()), ("error", e.to_string().into())],
            )
            .unreadable()
        })?;
        Book::from_bytes(path, shown, bytes, t)
    }

    fn check_extension(path: &Path, shown: &str, t: &Catalogue) -> Result<String, SheetError> {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if !matches!(ext.as_str(), "csv" | "xlsx" | "xlsm" | "xls" | "ods" | "xlsb") {
            return Err(SheetError::say(t, "sheets-not-a-workbook", &[("file", shown.into())]).unreadable());
        }
        Ok(ext)
    }

    /// A workbook from the bytes of the file at `path` (its extension says
    /// what format they are in; a CSV file's stem names its one sheet).
    pub fn from_bytes(path: &Path, shown: &str, bytes: Vec<u8>, t: &Catalogue) -> Result<Book, SheetError> {
        let ext = Book::check_extension(path, shown, t)?;
        if ext == "csv" {
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "csv".into());
            return Ok(Book {
                shown: shown.to_owned(),
                kind: BookKind::Csv(bytes),
                sheets: vec![(stem, false)],
            });
        }
        let cursor = std::io::Cursor::new(bytes);
        let sheets = match ext.as_str() {
            "xls" => calamine::open_workbook_from_rs(cursor)
                .map(Sheets::Xls)
                .map_err(|e: calamine::XlsError| e.to_string()),
            "ods" => calamine::open_workbook_from_rs(cursor)
                .map(Sheets::Ods)
                .map_err(|e: calamine::OdsError| e.to_string()),
            "xlsb" => calamine::open_workbook_from_rs(cursor)
                .map(Sheets::Xlsb)
                .map_err(|e: calamine::XlsbError| e.to_string()),
            _ => calamine::open_workbook_from_rs(cursor)
                .map(Sheets::Xlsx)
                .map_err(|e: calamine::XlsxError| e.to_string()),
        }
        .map_err(|e| open_error(shown, &e, t))?;
        let names = sheets
            .sheets_metadata()
            .iter()
            .map(|s| (s.name.clone(), s.visible != calamine::SheetVisible::Visible))
            .collect();
        Ok(Book {
            shown: shown.to_owned(),
            kind: BookKind::Office(Box::new(sheets)),
            sheets: names,
        })
    }

    /// The file as shown to the user.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// The sheet named `name`, or an error that lists the sheets.
    pub fn check_sheet(&self, name: &str, t: &Catalogue) -> Result<(), SheetError> {
        if self.sheets.iter().any(|(n, _)| n == name) {
            return Ok(());
        }
        let list = listed(
            t,
            self.sheets.iter().map(|(n, hidden)| {
                let key = if *hidden {
                    "sheets-sheet-hidden"
                } else {
                    "sheets-sheet-listed"
                };
                t.text(key, &[("sheet", n.into())])
            }),
        );
        Err(SheetError::say(
            t,
            "sheets-no-sheet",
            &[
                ("file", self.shown.as_str().into()),
                ("sheet", name.into()),
                ("sheets", list.into()),
            ],
        )
        .mapping())
    }

    /// The merged ranges of sheet `name` (first row, first col, last row,
    /// last col); calamine reads them from `.xlsx` and `.xls` only.
    pub fn merges(&mut self, name: &str) -> Vec<(u32, u16, u32, u16)> {
        let dims = match &mut self.kind {
            BookKind::Office(sheets) => match sheets.as_mut() {
                Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
                Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
                _ => Vec::new(),
            },
            BookKind::Csv(_) => Vec::new(),
        };
        dims.into_iter()
            .filter_map(|d| {
                Some((
                    d.start.0,
                    u16::try_from(d.start.1).ok()?,
                    d.end.0,
                    u16::try_from(d.end.1).ok()?,
                ))
            })
            .collect()
    }

    /// Reads sheet `name` whole.
    pub fn grid(&mut self, name: &str, t: &Catalogue) -> Result<Grid, SheetError> {
        self.check_sheet(name, t)?;
        match &mut self.kind {
            BookKind::Csv(bytes) => read_csv(bytes, &self.shown, name, t),
            BookKind::Office(sheets) => read_office(sheets, &self.shown, name, t),
        }
    }
}

fn open_error(shown: &str, err: &str, t: &Catalogue) -> SheetError {
    let lower = err.to_ascii_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        SheetError::say(t, "sheets-password", &[("file", shown.into())]).unreadable()
    } else {
        SheetError::say(
            t,
            "sheets-damaged",
            &[("file", shown.into()), ("error", err.into())],
        )
        .unreadable()
    }
}

fn read_csv(bytes: &[u8], shown: &str, name: &str, t: &Catalogue) -> Result<Grid, SheetError> {
    // Excel writes a byte-order mark before UTF-8 CSV.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut rows = Vec::new();
    let mut width = 0;
    for (i, record) in reader.byte_records().enumerate() {
        let record = record.map_err(|e| {
            SheetError::say(
                t,
                "sheets-csv-row",
                &[
                    ("file", shown.into()),
                    ("row", (i + 1).to_string().into()),
                    ("error", e.to_string().into()),
                ],
            )
        })?;
        let mut row = Vec::with_capacity(record.len());
        for (c, field) in record.iter().enumerate() {
            let text = std::str::from_utf8(field).map_err(|_| {
                SheetError::say(
                    t,
                    "sheets-csv-not-utf8",
                    &[("cell", format!("{name}!{}", cell_name(i, c)).into())],
                )
            })?;
            row.push(Cell::Text(text.trim().to_owned()));
        }
        width = width.max(row.len());
        rows.push(row);
    }
    Ok(Grid {
        name: name.to_owned(),
        rows,
        width,
    })
}

fn read_office(
    sheets: &mut Sheets<std::io::Cursor<Vec<u8>>>,
    shown: &str,
    name: &str,
    t: &Catalogue,
) -> Result<Grid, SheetError> {
    let range = sheets.worksheet_range(name).map_err(|e| {
        SheetError::say(
            t,
            "sheets-cannot-read-sheet",
            &[
                ("sheet", name.into()),
                ("file", shown.into()),
                ("error", e.to_string().into()),
            ],
        )
    })?;
    // Number formats (xlsx only): the decimals a figure is shown with.
    let styles = match sheets {
        Sheets::Xlsx(x) => x.worksheet_style(name).ok(),
        _ => None,
    };
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let (r0, c0) = (r0 as usize, c0 as usize);
    let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); r0];
    let mut width = 0;
    let mut uncached = Vec::new();
    for (i, row) in range.rows().enumerate() {
        let mut out = vec![Cell::Empty; c0];
        for (j, data) in row.iter().enumerate() {
            let (r, c) = (r0 + i, c0 + j);
            let format = styles
                .as_ref()
                .and_then(|s| s.get((r as u32, c as u32)))
                .and_then(|s| s.number_format.as_ref())
                .map(|f| f.format_code.as_str());
            let cell = match data {
                Data::Empty => Cell::Empty,
                Data::String(s) => Cell::Text(s.trim().to_owned()),
                Data::Float(f) => Cell::Number(*f, shown_number(*f, format)),
                Data::Int(n) => Cell::Number(*n as f64, n.to_string()),
                Data::Bool(b) => Cell::Bool(*b),
                Data::DateTime(d) => Cell::Date(format!("{}", d.as_f64())),
                Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Date(s.clone()),
                Data::Error(e) => Cell::Error(format!("{e}")),
            };
            if cell == Cell::Empty {
                uncached.push((r, c));
            }
            out.push(cell);
        }
        while out.last().is_some_and(Cell::is_empty) {
            out.pop();
        }
        width = width.max(out.len());
        rows.push(out);
    }
    // A formula with no saved result reads as empty: say so instead.
    if !uncached.is_empty() {
        if let Ok(formulas) = sheets.worksheet_formula(name) {
            for (r, c) in uncached {
                if let Some(f) = formulas.get_value((r as u32, c as u32)) {
                    if !f.is_empty() {
                        if let Some(row) = rows.get_mut(r) {
                            if row.len() <= c {
                                row.resize(c + 1, Cell::Empty);
                            }
                            row[c] = Cell::Uncached(f.clone());
                            width = width.max(row.len());
                        }
                    }
                }
            }
        }
    }
    while rows.last().is_some_and(|r| r.iter().all(Cell::is_empty)) {
        rows.pop();
    }
    Ok(Grid {
        name: name.to_owned(),
        rows,
        width,
    })
}

/// A figure as its number format shows it: `0.0` gives one decimal,
/// `0` none, `0.0%` a percentage; `General` (or none) the shortest text,
/// whole numbers without a decimal point.
pub fn shown_number(value: f64, format: Option<&str>) -> String {
    let format = format.unwrap_or("General");
    let section = format.split(';').next().unwrap_or("");
    if section.eq_ignore_ascii_case("general") || section.is_empty() || !section.contains('0') {
        return general(value);
    }
    let percent = section.contains('%');
    let value = if percent { value * 100.0 } else { value };
    let decimals = section
        .split_once('.')
        .map(|(_, after)| {
            after
                .chars()
                .take_while(|c| *c == '0' || *c == '#')
                .filter(|c| *c == '0')
                .count()
        })
        .unwrap_or(0);
    format!("{value:.decimals$}")
}

fn general(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        // The shortest text that reads back as the same number, at most 10 significant digits as Excel shows.
        let text = format!("{value}");
        if text.len() > 12 {
            let rounded = format!("{value:.10}");
            rounded.trim_end_matches('0').trim_end_matches('.').to_owned()
        } else {
            text
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cells() {
        assert_eq!(cell_name(6, 3), "D7");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(27), "AB");
    }

    #[test]
    fn shows_figures_as_formatted() {
        assert_eq!(shown_number(12.0, Some("0.0")), "12.0");
        assert_eq!(shown_number(500.0, None), "500");
        assert_eq!(shown_number(15.5, Some("General")), "15.5");
        assert_eq!(shown_number(0.125, Some("0.0%")), "12.5");
        assert_eq!(shown_number(3.0, Some("#,##0")), "3");
    }
}
