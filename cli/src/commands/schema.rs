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
            return Err(Failure::message(format!("`{name}` is not a file")));
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
    let draft = tally_engine::infer_schema(&targets, &others).map_err(Failure::message)?;
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
    let (project, schemas) = schemas(project_args, catalogue)?;
    let folder = project.shown(&project.schemas_dir(project_args.rules.as_deref()));
    let mut out = std::io::stdout().lock();
    let Some(kind) = kind else {
        if schemas.kinds.is_empty() {
            writeln!(
                out,
                "no schemas in `{folder}`; `tally schema infer FILE` drafts one from a table"
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
        return broken_note(&schemas, &mut out);
    };
    let Some(schema) = schemas.get(kind) else {
        let names: Vec<&str> = schemas.kind_names().collect();
        let known = if names.is_empty() {
            format!("`{folder}` holds no schema")
        } else {
            format!("the kinds are: {}", names.join(", "))
        };
        let guess = tally_engine::suggest(kind, names.iter().copied());
        let hint = match guess {
            Some(g) => format!("did you mean `{g}`? {known}"),
            None => known,
        };
        return Err(Failure::message(format!("kind `{kind}` has no schema; {hint}")));
    };
    write_schema(schema, &mut out)?;
    Ok(Exit::Clean)
}

fn broken_note(schemas: &Schemas, out: &mut dyn std::io::Write) -> Result<Exit, Failure> {
    if schemas.errors.is_empty() {
        return Ok(Exit::Clean);
    }
    writeln!(
        out,
        "\n{} schema errors; `tally schema check` shows them",
        schemas.errors.len()
    )?;
    Ok(Exit::Trouble)
}

/// One record's fields as a table.
fn write_schema(schema: &Schema, out: &mut dyn std::io::Write) -> std::io::Result<()> {
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
            format!("{} (the table)", record.name)
        } else {
            record.name.clone()
        };
        if let Some(key) = &record.key {
            heading.push_str(&format!(", key `{key}`"));
        }
        if let Some(d) = &record.description {
            heading.push_str(&format!(": {}", escape_controls(d)));
        }
        writeln!(out, "{heading}")?;
        let rows: Vec<[String; 5]> = record
            .fields
            .iter()
            .map(|f| {
                [
                    f.name.clone(),
                    type_column(schema, f),
                    f.unit.clone().unwrap_or_default(),
                    allowed(f),
                    escape_controls(f.description.as_deref().unwrap_or("")).into_owned(),
                ]
            })
            .collect();
        let header = ["field", "type", "unit", "allowed", "description"].map(str::to_owned);
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

fn type_column(schema: &Schema, field: &FieldSpec) -> String {
    let mut text = schema.describe(&field.ty);
    if field.optional {
        text.push_str(", optional");
    }
    text
}

fn allowed(field: &FieldSpec) -> String {
    let mut parts = Vec::new();
    match (field.min, field.max) {
        (Some(min), Some(max)) => parts.push(format!("{min} to {max}")),
        (Some(min), None) => parts.push(format!("≥ {min}")),
        (None, Some(max)) => parts.push(format!("≤ {max}")),
        (None, None) => {}
    }
    if !field.one_of.is_empty() {
        parts.push(format!("one of {}", field.one_of.join(", ")));
    }
    if let Some(r) = &field.references {
        parts.push(format!("names in {}", r.text()));
    }
    if let Some(r) = &field.key_references {
        parts.push(format!("keys in {}", r.text()));
    }
    parts.join("; ")
}

/// `tally schema check`.
pub fn check(project_args: &ProjectArgs, color: bool, catalogue: &Catalogue) -> Result<Exit, Failure> {
    let (project, schemas) = schemas(project_args, catalogue)?;
    let folder = project.shown(&project.schemas_dir(project_args.rules.as_deref()));
    let mut out = std::io::stdout().lock();
    if schemas.errors.is_empty() {
        let kinds: Vec<&str> = schemas.kind_names().collect();
        if kinds.is_empty() {
            writeln!(out, "no schemas in `{folder}`")?;
        } else {
            writeln!(
                out,
                "{} in `{folder}`, no errors: {}",
                render::plural(kinds.len(), "schema", "schemas"),
                kinds.join(", ")
            )?;
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
        ..RenderOptions::default()
    };
    crate::commands::reader_may_go(render::render(Format::Human, &report, &options, &mut out))?;
    Ok(Exit::Trouble)
}
