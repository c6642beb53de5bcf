//! `tally check --format xlsx --output FILE.xlsx`: a copy of the checked
//! tables as a workbook (in the layouts `tally import` reads, see
//! `docs/spreadsheets.md`) in which every cell with a finding is filled by
//! severity and carries the findings as a comment, after a first sheet
//! `检查结果` that lists every finding with a link to its cell. A workbook
//! checked in place is copied sheet by sheet instead (never written to).

use std::collections::HashMap;
use std::path::Path;

use tally_engine::{Engine, Project, Report, Severity};
use tally_sheets::{FindingRow, Laid, Mark};

use crate::Failure;

/// Writes the marked-up workbook to `output` (`None`: refused, a workbook
/// does not go to a terminal).
pub fn write(
    project: &Project,
    engine: &Engine,
    report: &Report,
    output: Option<&Path>,
) -> Result<(), Failure> {
    let catalogue = tally_engine::Catalogue::new(project.lang());
    let Some(output) = output else {
        return Err(Failure::message(catalogue.text("sheets-xlsx-needs-output", &[])));
    };
    let schemas = project.schemas(None);
    let mut files = engine.data_files();
    let same = |a: &Path, b: &Path| match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if let Some(read) = files.iter().find(|f| same(&f.source.path, output)) {
        return Err(Failure::message(catalogue.text(
            "sheets-not-writing-checked",
            &[("file", read.source.name.as_str().into())],
        )));
    }
    files.sort_by(|a, b| a.source.name.cmp(&b.source.name));
    // Every table laid out as sheets, one workbook: (file name → sheet offset, laid).
    let mut all = Laid::default();
    let mut by_file: HashMap<String, (usize, Laid)> = HashMap::new();
    // Workbooks checked in place are copied as they are, sheet by sheet:
    // (workbook as shown, sheet name) → sheet index.
    let mut book_sheets: HashMap<(String, String), usize> = HashMap::new();
    for file in files.iter().filter(|f| f.source.cells.is_some()) {
        let name = file.source.name.clone();
        if book_sheets.keys().any(|(book, _)| *book == name) {
            continue;
        }
        let copy = tally_sheets::copy_book(&file.source.path, &name, &catalogue)
            .map_err(|e| Failure::message(e.to_string()))?;
        let stem = Path::new(&name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        for mut sheet in copy.sheets {
            let original = sheet.name.clone();
            if all.sheets.iter().any(|s| s.name == sheet.name) {
                sheet.name = format!("{stem} {}", sheet.name);
            }
            sheet.name = sheet_name(&sheet.name, &all.sheets);
            book_sheets.insert((name.clone(), original), all.sheets.len());
            all.sheets.push(sheet);
        }
    }
    for file in &files {
        if file.source.cells.is_some() {
            continue;
        }
        let Some(doc) = file.document.as_ref() else {
            continue;
        };
        let Some(schema) = doc.root_name().and_then(|k| schemas.get(k)) else {
            continue;
        };
        let Ok(mut laid) = tally_sheets::lay_out(doc, &file.source.text, schema, &catalogue) else {
            continue;
        };
        let stem = Path::new(&file.source.name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let offset = all.sheets.len();
        for sheet in &mut laid.sheets {
            if sheet.name.starts_with("附件") {
                if all.sheets.iter().any(|s| s.name == sheet.name) {
                    sheet.name = format!("{stem} {}", sheet.name);
                }
            } else {
                sheet.name = stem.clone();
            }
            sheet.name = sheet_name(&sheet.name, &all.sheets);
            all.sheets.push(sheet.clone());
        }
        by_file.insert(file.source.name.clone(), (offset, laid));
    }
    let docs: HashMap<&str, &tally_engine::DataFile> =
        files.iter().map(|f| (f.source.name.as_str(), f)).collect();
    let mut rows = Vec::new();
    let mut marks: Vec<Mark> = Vec::new();
    for finding in &report.findings {
        let cell = finding.site.as_ref().and_then(|site| {
            if let Some(cell) = &site.cell {
                let sheet = book_sheets.get(&(site.source.name.clone(), cell.sheet.to_string()))?;
                return Some((*sheet, cell.row, u16::try_from(cell.col).ok()?));
            }
            let (offset, laid) = by_file.get(&site.source.name)?;
            let doc = docs.get(site.source.name.as_str())?.document.as_ref()?;
            let node = site
                .path
                .as_deref()
                .and_then(|p| doc.find(p))
                .or_else(|| doc.innermost(site.location.start))?;
            let (s, r, c) = laid.cell_of(doc, node)?;
            Some((s + offset, r, c))
        });
        let help = finding.help.clone().unwrap_or_default();
        if let Some(cell) = cell {
            let text = if help.is_empty() {
                format!("[{}] {}", finding.rule, finding.message)
            } else {
                format!("[{}] {}\n{help}", finding.rule, finding.message)
            };
            match marks.iter_mut().find(|m| m.cell == cell) {
                Some(mark) => {
                    mark.text = format!("{}\n\n{text}", mark.text);
                    if rank(finding.severity) > rank(mark.severity) {
                        mark.severity = finding.severity;
                    }
                }
                None => marks.push(Mark {
                    cell,
                    severity: finding.severity,
                    text,
                }),
            }
        }
        rows.push(FindingRow {
            rule: finding.rule.clone(),
            severity: finding.severity,
            cell,
            message: finding.message.clone(),
            help,
        });
    }
    let bytes = tally_sheets::write_book(&all, &marks, Some(&rows), &catalogue)
        .map_err(|e| Failure::message(e.to_string()))?;
    crate::write::replace_bytes(project, output, &bytes)?;
    use std::io::Write as _;
    let _ = writeln!(
        std::io::stderr(),
        "{}",
        catalogue.text(
            "sheets-wrote-marked-up",
            &[("file", project.shown(output).into())]
        )
    );
    Ok(())
}

fn rank(severity: Severity) -> u8 {
    match severity {
        Severity::Error => 3,
        Severity::Warning => 2,
        _ => 1,
    }
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`,
/// unique in the workbook.
fn sheet_name(wanted: &str, taken: &[tally_sheets::LaidSheet]) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| if "[]:*?/\\'".contains(c) { '_' } else { c })
        .take(28)
        .collect();
    let clean = if clean.is_empty() { "表".to_owned() } else { clean };
    let mut name = clean.clone();
    let mut n = 2;
    while taken.iter().any(|s| s.name == name) || name == "检查结果" {
        name = format!("{clean}{n}");
        n += 1;
    }
    name
}
