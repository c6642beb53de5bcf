//! Tables kept in files that are not RON (workbooks): a [`TableSource`]
//! turns such a file into the RON text of each table that `tally.ron`
//! maps in it, with the cell each value came from. The engine then parses
//! that text like any data file, so rules see a workbook's tables exactly
//! as they would see them imported. The engine reads no workbook itself:
//! the `tally` command plugs in `tally-sheets`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::report::{Cell, SheetText, Site};
use crate::schema::Schemas;
use crate::span::Span;

/// Reads tables out of files that are not RON.
pub trait TableSource: Send + Sync {
    /// The extensions of the files it reads, lower case, without the dot.
    fn extensions(&self) -> &[&'static str];

    /// Reads the tables that `book.tables` map out of the file's bytes.
    fn read(&self, book: &BookRequest<'_>) -> BookTables;
}

impl std::fmt::Debug for dyn TableSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TableSource({})", self.extensions().join(", "))
    }
}

/// One table of a workbook as `tally.ron` maps it: its sheets (empty:
/// the layout's default), its kind and its layout.
#[derive(Debug, Clone)]
pub struct SheetMapping {
    /// The sheets that hold the table, in order.
    pub sheets: Vec<String>,
    /// The table kind (a schema).
    pub kind: String,
    /// How the sheets lay it out (`records`, `breakdown`).
    pub layout: String,
    /// The entry in tally.ron, for findings about the mapping itself.
    pub origin: Option<Site>,
}

/// The workbooks a project maps: a path (its file name may hold `*`) and
/// the tables in each file it matches.
#[derive(Debug, Clone, Default)]
pub struct Workbooks {
    /// (path pattern, tables), in the order tally.ron gives them.
    pub entries: Vec<(PathBuf, Vec<SheetMapping>)>,
}

impl Workbooks {
    /// The tables mapped in the file at `path`, if any entry matches it.
    pub fn tables(&self, path: &Path) -> Option<&[SheetMapping]> {
        self.entries
            .iter()
            .find(|(pattern, _)| matches_pattern(pattern, path))
            .map(|(_, tables)| tables.as_slice())
    }

    /// Whether no workbook is mapped.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// `data/*.xlsx` matches `data/a.xlsx`: `*` stands for any run of
/// characters of the file name; the folders must be the same.
fn matches_pattern(pattern: &Path, path: &Path) -> bool {
    if pattern == path {
        return true;
    }
    let (Some(pattern_name), Some(name)) = (pattern.file_name(), path.file_name()) else {
        return false;
    };
    let same_folder = match (pattern.parent(), path.parent()) {
        (Some(a), Some(b)) => {
            a == b || std::fs::canonicalize(a).ok().zip(std::fs::canonicalize(b).ok()).is_some_and(|(a, b)| a == b)
        }
        _ => false,
    };
    same_folder && wildcard(&pattern_name.to_string_lossy(), &name.to_string_lossy())
}

fn wildcard(pattern: &str, text: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == text,
        Some((head, rest)) => {
            let Some(tail) = text.strip_prefix(head) else {
                return false;
            };
            (0..=tail.len())
                .filter(|i| tail.is_char_boundary(*i))
                .any(|i| wildcard(rest, &tail[i..]))
        }
    }
}

/// What a [`TableSource`] is asked to read.
pub struct BookRequest<'a> {
    /// The file.
    pub path: &'a Path,
    /// The file as the user sees it named.
    pub shown: &'a str,
    /// Its bytes, as read once by the engine.
    pub bytes: &'a [u8],
    /// The tables to read from it.
    pub tables: &'a [SheetMapping],
    /// The kinds' schemas.
    pub schemas: &'a Schemas,
    /// The messages, in the interface language (for what it cannot read).
    pub catalogue: &'a tally_i18n::Catalogue,
}

/// What a [`TableSource`] read: the sheets it read as text, and one
/// result per requested table.
#[derive(Debug, Default)]
pub struct BookTables {
    /// Every sheet read, as text (for showing findings among its rows).
    pub sheets: Vec<Arc<SheetText>>,
    /// One per [`BookRequest::tables`], in that order.
    pub tables: Vec<Result<TableText, SourceProblem>>,
}

/// A table as RON text, and the cell each value of it came from.
#[derive(Debug, Clone, Default)]
pub struct TableText {
    /// The RON text.
    pub text: String,
    /// (byte range in `text`, cell) of the values, records and entries.
    pub cells: Vec<(Span, Cell)>,
    /// Cells left out of the text because they hold no value of their
    /// field (text where a figure belongs): each a finding, while the rest
    /// of the table is checked.
    pub problems: Vec<SourceProblem>,
}

/// Why a table could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceProblem {
    /// What kind of problem, which decides the finding's id.
    pub kind: ProblemKind,
    /// What went wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The cell it is at, if any.
    pub cell: Option<Cell>,
}

/// What kind of problem stopped a table from being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// The file cannot be read as a workbook (damaged, encrypted, being
    /// written): an `io` finding.
    Unreadable,
    /// The mapping in tally.ron does not fit the workbook (no such sheet,
    /// no such kind): a `config-error` at the entry.
    Mapping,
    /// The sheet's contents do not make a table of the kind (text where a
    /// figure belongs, a column that names no field): a `parse` finding
    /// at the cell.
    Data,
}
