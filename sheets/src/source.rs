//! Workbooks checked in place: [`SheetsSource`] is the engine's
//! [`TableSource`] for `.xlsx`, `.xls`, `.ods` and `.csv` files. It reads
//! the sheets that tally.ron maps exactly as `tally import` does (so rules
//! see the same RON) and hands back each sheet as text, one row a line,
//! for showing findings among their rows.

use std::collections::HashMap;
use std::sync::Arc;

use tally_engine::{
    BookRequest, BookTables, Cell as SiteCell, SheetMapping, SheetText, SourceFile, SourceProblem, Span,
    TableSource, TableText, SHEET_SEPARATOR,
};

use crate::book::{Book, Grid};
use crate::{import_grids, listed, Layout, SheetError};

/// Reads the tables of workbooks for the engine (plug it in with
/// `Project::with_table_source` or `EngineBuilder::table_source`).
#[derive(Debug, Clone, Copy, Default)]
pub struct SheetsSource;

impl TableSource for SheetsSource {
    fn extensions(&self) -> &[&'static str] {
        &["xlsx", "xlsm", "xls", "ods", "csv"]
    }

    fn read(&self, request: &BookRequest<'_>) -> BookTables {
        let mut out = BookTables::default();
        let t = request.catalogue;
        let mut book = match Book::from_bytes(request.path, request.shown, request.bytes.to_vec(), t) {
            Ok(book) => book,
            Err(err) => {
                let problem = problem(err);
                out.tables = request.tables.iter().map(|_| Err(problem.clone())).collect();
                return out;
            }
        };
        let mut grids: HashMap<String, Grid> = HashMap::new();
        let mut order: Vec<String> = Vec::new();
        for mapping in request.tables {
            let table = read_table(&mut book, &mut grids, &mut order, mapping, request);
            out.tables
                .push(table.map_err(problem).map(|(mut table, problems)| {
                    table.problems = problems.into_iter().map(problem).collect();
                    table
                }));
        }
        out.sheets = order
            .iter()
            .filter_map(|name| grids.get(name))
            .map(|grid| Arc::new(sheet_text(grid, request.shown, request.path)))
            .collect();
        out
    }
}

fn read_table(
    book: &mut Book,
    grids: &mut HashMap<String, Grid>,
    order: &mut Vec<String>,
    mapping: &SheetMapping,
    request: &BookRequest<'_>,
) -> Result<(TableText, Vec<SheetError>), SheetError> {
    let t = request.catalogue;
    let Some(schema) = request.schemas.get(&mapping.kind) else {
        let kinds: Vec<&str> = request.schemas.kind_names().collect();
        let mut err = SheetError::say(
            t,
            "sheets-unknown-kind",
            &[
                ("file", request.shown.into()),
                ("kind", mapping.kind.as_str().into()),
            ],
        );
        if !kinds.is_empty() {
            let list = listed(t, kinds.iter().map(|k| (*k).to_owned()));
            err.help = Some(
                match tally_engine::suggest(&mapping.kind, kinds.iter().copied()) {
                    Some(near) => t.text(
                        "sheets-unknown-kind-near",
                        &[("near", near.into()), ("kinds", list.into())],
                    ),
                    None => t.text("sheets-unknown-kind-kinds", &[("kinds", list.into())]),
                },
            );
        }
        return Err(err.mapping());
    };
    let layout = match mapping.layout.as_str() {
        "breakdown" => Layout::Breakdown,
        _ => Layout::Records,
    };
    let names: Vec<String> = if mapping.sheets.is_empty() {
        let visible = book
            .sheets
            .iter()
            .filter(|(_, hidden)| !hidden)
            .map(|(n, _)| n.clone());
        match layout {
            Layout::Records => visible.take(1).collect(),
            Layout::Breakdown => visible.collect(),
        }
    } else {
        for name in &mapping.sheets {
            book.check_sheet(name, t)?;
        }
        mapping.sheets.clone()
    };
    if names.is_empty() {
        return Err(
            SheetError::say(t, "sheets-no-visible-sheet", &[("file", request.shown.into())]).mapping(),
        );
    }
    let mut taken = Vec::with_capacity(names.len());
    for name in &names {
        let grid = match grids.remove(name) {
            Some(grid) => grid,
            None => {
                order.push(name.clone());
                book.grid(name, t)?
            }
        };
        taken.push(grid);
    }
    let result = import_grids(&taken, schema, request.shown, layout, t);
    for grid in taken {
        grids.insert(grid.name.clone(), grid);
    }
    result
}

/// The engine's form of an error: its kind and its cell.
fn problem(err: SheetError) -> SourceProblem {
    SourceProblem {
        kind: err.kind,
        cell: err.cell.as_deref().and_then(parse_cell),
        message: err.message,
        help: err.help,
    }
}

/// `附件3!D7` (or `附件3!A7:P7`, its first cell) → the cell.
fn parse_cell(text: &str) -> Option<SiteCell> {
    let (sheet, cell) = text.rsplit_once('!')?;
    let cell = cell.split(':').next()?;
    let letters: String = cell.chars().take_while(char::is_ascii_uppercase).collect();
    let row: usize = cell[letters.len()..].parse().ok()?;
    let col = letters
        .bytes()
        .fold(0usize, |n, b| n * 26 + usize::from(b - b'A') + 1)
        .checked_sub(1)?;
    Some(SiteCell::new(sheet.into(), row.checked_sub(1)?, col))
}

/// Columns wider than this are not padded further.
const MAX_PAD: usize = 24;

/// The sheet as text: line `n` is row `n`, its cells padded to their
/// column's width and parted by ` │ `.
fn sheet_text(grid: &Grid, shown: &str, path: &std::path::Path) -> SheetText {
    let shown_cell = |row: usize, col: usize| -> String {
        grid.get(row, col)
            .shown()
            .chars()
            .map(|c| match c {
                '\n' | '\r' | '\t' => ' ',
                c if c == SHEET_SEPARATOR => '|',
                c => c,
            })
            .collect()
    };
    let mut widths = vec![0usize; grid.width];
    for (r, row) in grid.rows.iter().enumerate() {
        // A title or a footnote (one cell in its row) does not widen its column.
        if row.iter().filter(|c| !c.is_empty()).count() < 2 {
            continue;
        }
        for (c, width) in widths.iter_mut().enumerate().take(row.len()) {
            *width = (*width).max(display_width(&shown_cell(r, c)).min(MAX_PAD));
        }
    }
    let mut text = String::new();
    let mut cells = Vec::with_capacity(grid.rows.len());
    for (r, row) in grid.rows.iter().enumerate() {
        let mut spans = Vec::with_capacity(row.len());
        for (c, width) in widths.iter().enumerate().take(row.len()) {
            if c > 0 {
                text.push(' ');
                text.push(SHEET_SEPARATOR);
                text.push(' ');
            }
            let value = shown_cell(r, c);
            let start = text.len();
            text.push_str(&value);
            spans.push(Span::new(start, text.len()));
            if c + 1 < row.len() {
                for _ in display_width(&value)..*width {
                    text.push(' ');
                }
            }
        }
        cells.push(spans);
        text.push('\n');
    }
    SheetText {
        name: grid.name.as_str().into(),
        source: Arc::new(SourceFile::new(shown, path, text).as_sheet()),
        cells,
    }
}

/// Columns a text takes on a terminal: two for CJK and other wide
/// characters (roughly, as the snippet only needs to line up).
fn display_width(text: &str) -> usize {
    text.chars()
        .map(|c| {
            let c = c as u32;
            if (0x1100..=0x115F).contains(&c)
                || (0x2E80..=0xA4CF).contains(&c)
                || (0xAC00..=0xD7A3).contains(&c)
                || (0xF900..=0xFAFF).contains(&c)
                || (0xFE30..=0xFE4F).contains(&c)
                || (0xFF00..=0xFF60).contains(&c)
                || (0xFFE0..=0xFFE6).contains(&c)
                || (0x20000..=0x3FFFD).contains(&c)
            {
                2
            } else {
                1
            }
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_cells() {
        let cell = parse_cell("附件3!D7").expect("a cell");
        assert_eq!((cell.row, cell.col, &*cell.sheet), (6, 3, "附件3"));
        let cell = parse_cell("a!b!AA10:AB12").expect("a cell");
        assert_eq!((cell.row, cell.col, &*cell.sheet), (9, 26, "a!b"));
        assert!(parse_cell("no cell").is_none());
    }
}
