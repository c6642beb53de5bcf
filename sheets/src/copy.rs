//! A copy of a checked workbook, for `tally check --format xlsx` on
//! workbooks checked in place: every sheet re-laid cell by cell (values as
//! the cells show them, merged ranges of `.xlsx` kept), so that the
//! findings can be marked on the cells the statistician knows. The
//! workbook read is never written.

use std::path::Path;

use tally_engine::Catalogue;

use crate::book::{Book, Cell};
use crate::export::{Laid, LaidSheet, Out};
use crate::SheetError;

/// Every sheet of the workbook at `path` (shown as `shown`), laid out for
/// [`crate::write_book`].
pub fn copy_book(path: &Path, shown: &str, t: &Catalogue) -> Result<Laid, SheetError> {
    let mut book = Book::open(path, shown, t)?;
    let names: Vec<String> = book.sheets.iter().map(|(n, _)| n.clone()).collect();
    let mut laid = Laid::default();
    for name in names {
        let grid = book.grid(&name, t)?;
        let mut sheet = LaidSheet {
            name: name.clone(),
            merges: book.merges(&name),
            ..LaidSheet::default()
        };
        for (r, row) in grid.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (Ok(r), Ok(c)) = (u32::try_from(r), u16::try_from(c)) else {
                    continue;
                };
                let out = match cell {
                    Cell::Empty => continue,
                    Cell::Number(value, text) => match text.parse::<f64>() {
                        // As shown: `12.0` keeps its decimal, a percentage its figure.
                        Ok(shown) => Out::Number(shown, text.split_once('.').map_or(0, |(_, d)| d.len())),
                        Err(_) => Out::Number(*value, 0),
                    },
                    Cell::Text(t) => Out::Text(t.clone()),
                    other => Out::Text(other.shown()),
                };
                sheet.cells.push((r, c, out));
            }
        }
        laid.sheets.push(sheet);
    }
    Ok(laid)
}
