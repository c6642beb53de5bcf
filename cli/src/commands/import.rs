//! `tally import BOOK --kind KIND`: a workbook's sheet as a RON table
//! (tally-sheets does the reading; this is the command-line glue).

use std::io::Write as _;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use tally_sheets::{ImportRequest, Layout};

use crate::args::{self, ProjectArgs};
use crate::{Exit, Failure};

/// `tally import`.
#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// The workbook: .xlsx, .xls, .ods or .csv (read only, never written).
    #[arg(value_name = "BOOK")]
    pub book: PathBuf,
    /// The sheet to read; repeat for several (default: every visible sheet for
    /// `breakdown`, the first visible sheet for `records`).
    #[arg(long, value_name = "NAME")]
    pub sheet: Vec<String>,
    /// The table kind to write (a schema in `schemas/`), e.g. `TargetTable`.
    #[arg(long, value_name = "KIND")]
    pub kind: String,
    /// How the sheet lays out the table.
    #[arg(long, value_enum, default_value_t = LayoutArg::Records)]
    pub layout: LayoutArg,
    /// Write the RON to FILE inside the project instead of stdout.
    #[arg(short = 'o', long, value_name = "FILE.ron")]
    pub output: Option<PathBuf>,
    /// Replace FILE when it exists.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub project: ProjectArgs,
}

/// The layouts, as the command line names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LayoutArg {
    /// One record per row, one field per column.
    Records,
    /// Regions down, indicators across, the city's 标线 / 高线 as rows (target tables).
    Breakdown,
}

/// Runs `tally import`.
pub fn run(import: &ImportArgs, catalogue: &tally_engine::Catalogue) -> Result<Exit, Failure> {
    let project = args::discover(catalogue)?;
    let book = project.cwd().join(&import.book);
    let shown = project.shown(&book);
    let schemas = project.schemas(import.project.rules.as_deref());
    let Some(schema) = schemas.get(&import.kind) else {
        let kinds: Vec<&str> = schemas.kind_names().collect();
        let kind = import.kind.as_str();
        return Err(Failure::message(if kinds.is_empty() {
            catalogue.text("sheets-import-no-kinds", &[("kind", kind.into())])
        } else {
            let separator = catalogue.text("sheets-list-separator", &[]);
            catalogue.text(
                "sheets-import-no-kind",
                &[("kind", kind.into()), ("kinds", kinds.join(&separator).into())],
            )
        }));
    };
    let layout = match import.layout {
        LayoutArg::Records => Layout::Records,
        LayoutArg::Breakdown => Layout::Breakdown,
    };
    let target = import.output.as_ref().map(|o| project.cwd().join(o));
    if let Some(target) = &target {
        if same_file(target, &book) {
            return Err(Failure::message(
                catalogue.text("sheets-not-writing-book", &[("file", shown.as_str().into())]),
            ));
        }
        if target.exists() && !import.force {
            return Err(Failure::message(
                catalogue.text("sheets-output-exists", &[("file", project.shown(target).into())]),
            ));
        }
    }
    let text = tally_sheets::import(&ImportRequest {
        path: &book,
        shown: &shown,
        sheets: &import.sheet,
        schema,
        layout,
        catalogue,
    })
    .map_err(|e| Failure::message(e.to_string()))?;
    match target {
        Some(target) => crate::write::replace(&project, &target, &text)?,
        None => super::reader_may_go(std::io::stdout().lock().write_all(text.as_bytes()))?,
    }
    Ok(Exit::Clean)
}

fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// `tally export`.
#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// The RON table to export.
    #[arg(value_name = "FILE.ron")]
    pub file: PathBuf,
    /// The workbook to write (.xlsx), inside the project.
    #[arg(short = 'o', long, value_name = "BOOK.xlsx")]
    pub output: PathBuf,
    /// Replace BOOK when it exists.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub project: ProjectArgs,
}

/// Runs `tally export`.
pub fn export(export: &ExportArgs, catalogue: &tally_engine::Catalogue) -> Result<Exit, Failure> {
    let project = args::discover(catalogue)?;
    let path = project.cwd().join(&export.file);
    let shown = project.shown(&path);
    let target = project.cwd().join(&export.output);
    if !target.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx")) {
        return Err(Failure::message(catalogue.text(
            "sheets-export-not-xlsx",
            &[("file", project.shown(&target).into())],
        )));
    }
    if target.exists() && !export.force {
        return Err(Failure::message(catalogue.text(
            "sheets-output-exists",
            &[("file", project.shown(&target).into())],
        )));
    }
    let (file, finding) =
        tally_engine::DataFile::read(&path, &shown, project.limits().max_file_size, catalogue)
            .map_err(Failure::Finding)?;
    if let Some(finding) = finding {
        return Err(Failure::Finding(Box::new(finding)));
    }
    let Some(doc) = file.document.as_ref() else {
        return Err(Failure::message(
            catalogue.text("sheets-export-not-ron", &[("file", shown.as_str().into())]),
        ));
    };
    let kind = doc.root_name().unwrap_or("").to_owned();
    let schemas = project.schemas(export.project.rules.as_deref());
    let Some(schema) = schemas.get(&kind) else {
        return Err(Failure::message(catalogue.text(
            "sheets-export-no-schema",
            &[("file", shown.as_str().into()), ("kind", kind.as_str().into())],
        )));
    };
    let bytes = tally_sheets::export(doc, &file.source.text, schema, catalogue)
        .map_err(|e| Failure::message(e.to_string()))?;
    crate::write::replace_bytes(&project, &target, &bytes)?;
    Ok(Exit::Clean)
}
