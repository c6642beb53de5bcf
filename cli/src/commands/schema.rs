//! `tally schema`: for the people who write schemas and rules.
//!
//! - `infer FILE…` prints a draft schema for the files' kind, with the
//!   project's other tables as the places references may point to;
//! - `show [KIND]` prints a kind's fields as a table (what a rule can
//!   read), or lists the kinds;
//! - `check` validates the schema files alone.

use std::io::Write as _;
use std::path::PathBuf;

use tally_engine::{Catalogue, DataFile, FieldSpec, Report, Schema, Schemas};
use unicode_width::UnicodeWidthStr as _;

use crate::args::{self, ProjectArgs};
use crate::{Exit, Failure};
use tally::render::{self, escape_controls, Format, RenderOptions};

/// `tally schema infer FILE…`.
pub fn infer(files: &[PathBuf], project_args: &ProjectArgs, catalogue: &Catalogue) -> Result<Exit, Failure> {
    let project = args::discover(catalogue)?;
    let max = project.limits().max_file_size;
    let cwd = project.cwd().to_path_buf();
    let mut targets = Vec::new();
    for path in files {
        let path = cwd.join(path);
        let name = project.shown(&path);
        if !path.is_file() {
            return Err(Failure::message(
                catalogue.text("schema-not-a-file", &[("file", name.into())]),
            ));
        }
        let (file, finding) = DataFile::read(&path, &name, max, catalogue).map_err(Failure::Finding)?;
        if let Some(finding) = finding {
            return Err(Failure::Finding(Box::new(finding)));
        }
        targets.push((path, file));
    }
    // The project's other tables: what a reference may point to.
    let mut others = Vec::new();
    if let Ok(engine) = project.engine(&project_args.selection()) {
        for root in engine.data_paths() {
            for path in data_files(root) {
                if targets.iter().any(|(t, _)| same_file(t, &path)) {
                    continue;
                }
                if let Ok((file, None)) = DataFile::read(&path, &project.shown(&path), max, catalogue) {
                    others.push(file);
                }
            }
        }
    }
    let targets: Vec<&DataFile> = targets.iter().map(|(_, f)| f).collect();
    let others: Vec<&DataFile> = others.iter().collect();
    let draft = tally_engine::infer_schema_in(&targets, &others, catalogue).map_err(Failure::message)?;
    std::io::stdout().lock().write_all(draft.as_bytes())?;
    Ok(Exit::Clean)
}

fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// The `*.ron` files of a data path (a file, or a folder searched below).
fn data_files(root: &std::path::Path) -> Vec<PathBuf> {
    if root.is_file() {
        return vec![root.to_path_buf()];
    }
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else { continue };
            if kind.is_dir() {
                stack.push(path);
            } else if kind.is_file() && path.extension().is_some_and(|e| e == "ron") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn schemas(
    project_args: &ProjectArgs,
    catalogue: &Catalogue,
) -> Result<(tally_engine::Project, Schemas), Failure> {
    let project = args::discover(catalogue)?;
    let schemas = project.schemas(project_args.rules.as_deref());
    Ok((project, schemas))
}

/// `tally schema show [KIND]`.
pub fn show(kind: Option<&str>, project_args: &ProjectArgs, catalogue: &Catalogue) -> Result<Exit, Failure> {
    let t = catalogue;
    let (project, schemas) = schemas(project_args, catalogue)?;
    let folder = project.shown(&project.schemas_dir(project_args.rules.as_deref()));
    let mut out = std::io::stdout().lock();
    let Some(kind) = kind else {
        if schemas.kinds.is_empty() {
            writeln!(
                out,
                "{}",
                t.text("schema-none-infer", &[("folder", folder.as_str().into())])
            )?;
        }
        let width = schemas.kinds.iter().map(|s| s.kind.width()).max().unwrap_or(0);
        for schema in &schemas.kinds {
            let description = schema.description.as_deref().unwrap_or("");
            writeln!(
                out,
                "{}{}  {}",
                schema.kind,
                " ".repeat(width - schema.kind.width()),
                escape_controls(description)
            )?;
        }
        return broken_note(&schemas, &mut out, t);
    };
    let Some(schema) = schemas.get(kind) else {
        let names: Vec<&str> = schemas.kind_names().collect();
        let known = if names.is_empty() {
            t.text("schema-folder-empty", &[("folder", folder.as_str().into())])
        } else {
            let names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
            t.text(
                "schema-kinds-are",
                &[("kinds", names.join(&t.text("list-separator", &[])).into())],
            )
        };
        let guess = tally_engine::suggest(kind, names.iter().copied());
        let hint = match guess {
            Some(g) => t.text(
                "did-you-mean-then",
                &[("name", g.into()), ("otherwise", known.into())],
            ),
            None => known,
        };
        return Err(Failure::message(t.text(
            "schema-unknown-kind",
            &[("kind", kind.into()), ("hint", hint.into())],
        )));
    };
    write_schema(schema, &mut out, t)?;
    Ok(Exit::Clean)
}

fn broken_note(schemas: &Schemas, out: &mut dyn std::io::Write, t: &Catalogue) -> Result<Exit, Failure> {
    if schemas.errors.is_empty() {
        return Ok(Exit::Clean);
    }
    writeln!(
        out,
        "\n{}",
        t.text("schema-broken-note", &[("count", schemas.errors.len().into())])
    )?;
    Ok(Exit::Trouble)
}

/// One record's fields as a table.
fn write_schema(schema: &Schema, out: &mut dyn std::io::Write, t: &Catalogue) -> std::io::Result<()> {
    let description = schema.description.as_deref().unwrap_or("");
    writeln!(
        out,
        "{}  {}  ({})",
        schema.kind,
        escape_controls(description),
        schema.source.name
    )?;
    for (i, record) in schema.records.iter().enumerate() {
        writeln!(out)?;
        let mut heading = if i == 0 {
            t.text("schema-show-table", &[("record", record.name.as_str().into())])
        } else {
            record.name.clone()
        };
        if let Some(key) = &record.key {
            heading.push_str(&t.text("schema-show-key", &[("key", key.as_str().into())]));
        }
        if let Some(d) = &record.description {
            heading.push_str(&t.text(
                "schema-show-description",
                &[("description", escape_controls(d).into_owned().into())],
            ));
        }
        writeln!(out, "{heading}")?;
        let rows: Vec<[String; 5]> = record
            .fields
            .iter()
            .map(|f| {
                [
                    f.name.clone(),
                    type_column(schema, f, t),
                    f.unit.clone().unwrap_or_default(),
                    allowed(f, t),
                    escape_controls(f.description.as_deref().unwrap_or("")).into_owned(),
                ]
            })
            .collect();
        let header = ["field", "type", "unit", "allowed", "description"]
            .map(|c| t.text(&format!("schema-column-{c}"), &[]));
        let widths: Vec<usize> = (0..4)
            .map(|c| {
                rows.iter()
                    .chain(std::iter::once(&header))
                    .map(|r| r[c].width())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        for row in std::iter::once(&header).chain(&rows) {
            let mut line = String::from("  ");
            for (c, cell) in row.iter().enumerate() {
                line.push_str(cell);
                if c < 4 {
                    line.push_str(&" ".repeat(widths[c] - cell.width() + 2));
                }
            }
            writeln!(out, "{}", line.trim_end())?;
        }
    }
    Ok(())
}

/// The type as the schema writes it (`list of text`: schema syntax, the
/// same in every language), and whether the field may be left out.
fn type_column(schema: &Schema, field: &FieldSpec, t: &Catalogue) -> String {
    let mut text = schema.describe(&field.ty);
    if field.optional {
        text.push_str(&t.text("schema-show-optional", &[]));
    }
    text
}

fn allowed(field: &FieldSpec, t: &Catalogue) -> String {
    let mut parts = Vec::new();
    match (field.min, field.max) {
        (Some(min), Some(max)) => parts.push(t.text(
            "schema-allowed-range",
            &[("min", min.to_string().into()), ("max", max.to_string().into())],
        )),
        (Some(min), None) => parts.push(format!("≥ {min}")),
        (None, Some(max)) => parts.push(format!("≤ {max}")),
        (None, None) => {}
    }
    if !field.one_of.is_empty() {
        let words = field.one_of.join(&t.text("list-separator", &[]));
        parts.push(t.text("schema-allowed-one-of", &[("words", words.into())]));
    }
    if let Some(r) = &field.references {
        parts.push(t.text("schema-allowed-names", &[("reference", r.text().into())]));
    }
    if let Some(r) = &field.key_references {
        parts.push(t.text("schema-allowed-keys", &[("reference", r.text().into())]));
    }
    parts.join(&t.text("schema-allowed-separator", &[]))
}

/// `tally schema check`.
pub fn check(project_args: &ProjectArgs, color: bool, catalogue: &Catalogue) -> Result<Exit, Failure> {
    let (project, schemas) = schemas(project_args, catalogue)?;
    let folder = project.shown(&project.schemas_dir(project_args.rules.as_deref()));
    let mut out = std::io::stdout().lock();
    if schemas.errors.is_empty() {
        let kinds: Vec<&str> = schemas.kind_names().collect();
        if kinds.is_empty() {
            writeln!(
                out,
                "{}",
                catalogue.text("schema-none", &[("folder", folder.as_str().into())])
            )?;
        } else {
            let names = kinds.join(&catalogue.text("list-separator", &[]));
            let args = [
                ("count", kinds.len().into()),
                ("folder", folder.as_str().into()),
                ("kinds", names.into()),
            ];
            writeln!(out, "{}", catalogue.text("schema-check-ok", &args))?;
        }
        return Ok(Exit::Clean);
    }
    let mut report = Report {
        findings: schemas.errors.clone(),
        files: schemas.kinds.len() + schemas.broken_kinds.len(),
        ..Report::default()
    };
    report.sort();
    let options = RenderOptions {
        color,
        width: super::check::terminal_width(),
        show_elapsed: false,
        base: Some(project.cwd()),
        lang: catalogue.lang(),
        ..RenderOptions::default()
    };
    crate::commands::reader_may_go(render::render(Format::Human, &report, &options, &mut out))?;
    Ok(Exit::Trouble)
}
