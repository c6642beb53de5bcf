//! `tally new check ID --kind KIND`: appends a check over the records of a
//! table kind to a `.checks.ron` file (made if missing), written from the
//! kind's schema with its real field names, and writes a pass and a fail
//! fixture of that kind with the fail fixture's expectations, so that
//! `tally test` passes at once.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use tally_engine::fixtures;
use tally_engine::{FieldType, Schema};

use crate::args::{self, ProjectArgs};
use crate::{Exit, Failure};

/// The file a check goes to when `--file` is not given.
const DEFAULT_FILE: &str = "checks.checks.ron";

/// Runs `tally new check ID --kind KIND [--file NAME]`.
pub fn check(
    id: &str,
    kind: &str,
    file: Option<&str>,
    project_args: &ProjectArgs,
    catalogue: &tally_engine::Catalogue,
) -> Result<Exit, Failure> {
    let project = args::discover(catalogue)?;
    let rules_dir = project.rules_dir(project_args.rules.as_deref());
    if !tally_engine::RuleMeta::is_valid_id(id) {
        return Err(Failure::message(
            catalogue.text("new-check-invalid-id", &[("id", id.into())]),
        ));
    }
    if tally_engine::Builtin::from_id(id).is_some() {
        return Err(Failure::message(
            catalogue.text("new-builtin-id", &[("id", id.into())]),
        ));
    }
    let schemas = project.schemas(project_args.rules.as_deref());
    let Some(schema) = schemas.get(kind) else {
        let names: Vec<&str> = schemas.kind_names().collect();
        let folder = project.shown(&project.schemas_dir(project_args.rules.as_deref()));
        return Err(super::new::unknown_kind(kind, &names, &folder, catalogue));
    };
    let name = file.unwrap_or(DEFAULT_FILE);
    let name = if name.ends_with(".checks.ron") {
        name.to_owned()
    } else {
        format!("{name}.checks.ron")
    };
    if name.contains('/') || name.contains('\\') || name.starts_with('.') {
        return Err(Failure::message(
            catalogue.text("new-check-file", &[("name", name.as_str().into())]),
        ));
    }
    let checks_file = rules_dir.join(&name);
    let fixture_dir = rules_dir.join(fixtures::FIXTURES_DIR).join(id);
    if std::fs::read_dir(&fixture_dir).is_ok_and(|mut d| d.next().is_some()) {
        return Err(Failure::message(catalogue.text(
            "new-fixtures-exist",
            &[("file", project.shown(&fixture_dir).into())],
        )));
    }
    if rules_dir.is_dir() {
        if let Some(other) = super::new::declared_elsewhere(&rules_dir, id) {
            return Err(Failure::message(catalogue.text(
                "new-declared-elsewhere",
                &[("id", id.into()), ("file", project.shown(&other).into())],
            )));
        }
    }
    let entry = entry(id, schema);
    let text = match std::fs::read_to_string(&checks_file) {
        Ok(old) => append(&old, &entry).ok_or_else(|| {
            Failure::message(catalogue.text(
                "new-check-append",
                &[
                    ("file", project.shown(&checks_file).into()),
                    ("entry", entry.as_str().into()),
                ],
            ))
        })?,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => format!("Checks([\n{entry}])\n"),
        Err(err) => {
            return Err(Failure::message(catalogue.text(
                "io-unreadable",
                &[
                    ("name", project.shown(&checks_file).into()),
                    ("error", err.to_string().into()),
                ],
            )));
        }
    };
    let skeleton = super::skeleton::skeleton(id, schema);
    crate::write::create_folder(&project, &fixture_dir)?;
    let mut written = Vec::new();
    let write = |path: &Path, text: &str, written: &mut Vec<PathBuf>| -> Result<(), Failure> {
        crate::write::replace(&project, path, text)?;
        written.push(path.to_path_buf());
        Ok(())
    };
    write(&checks_file, &text, &mut written)?;
    write(&fixture_dir.join("pass.ron"), &skeleton.pass, &mut written)?;
    write(&fixture_dir.join("fail.ron"), &skeleton.fail, &mut written)?;

    super::new::record_expectations(
        &project,
        &rules_dir,
        id,
        catalogue,
        written,
        "new-check-fails-own-fixtures",
    )?;
    let mut out = std::io::stdout().lock();
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        catalogue.text(
            "new-check-next",
            &[("id", id.into()), ("file", project.shown(&checks_file).into())]
        )
    )?;
    writeln!(out, "{}", catalogue.text("new-next-test", &[("id", id.into())]))?;
    Ok(Exit::Clean)
}

/// `old` with `entry` added before its closing `])`.
fn append(old: &str, entry: &str) -> Option<String> {
    let trimmed = old.trim_end();
    let body = trimmed.strip_suffix(')')?.trim_end().strip_suffix(']')?;
    let body = body.trim_end();
    let comma = if body.ends_with(',') || body.ends_with('[') {
        ""
    } else {
        ","
    };
    Some(format!("{body}{comma}\n{entry}])\n"))
}

/// RON text in quotes.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A check over the main records of `schema`, with the same condition as
/// the fixtures of `tally new rule --kind` (a figure below zero, an empty
/// text), so that its fixtures fit.
fn entry(id: &str, schema: &Schema) -> String {
    let path = schema.main_records();
    let deepest = path.last().map_or(0, |(_, r)| *r);
    let record = &schema.records[deepest];
    let mut each: Vec<String> = path.iter().map(|(f, _)| (*f).to_owned()).collect();
    let required: Vec<_> = record.fields.iter().filter(|f| !f.optional).collect();
    let unbounded = |f: &&&tally_engine::FieldSpec| f.min.is_none_or(|m| m < 0.0) && f.one_of.is_empty();
    let label = record.key.clone().or_else(|| {
        record
            .fields
            .iter()
            .find(|f| !f.optional && matches!(f.ty.strip_none().0, FieldType::Text))
            .map(|f| f.name.clone())
    });
    let named = |parent: bool| match &label {
        Some(l) if parent => format!("{{parent.{l}}}："),
        Some(l) => format!("{{{l}}}："),
        None => String::new(),
    };
    let figure = required
        .iter()
        .filter(unbounded)
        .find(|f| matches!(f.ty.strip_none().0, FieldType::Integer | FieldType::Number));
    let map = required
        .iter()
        .filter(unbounded)
        .find(|f| match f.ty.strip_none().0 {
            FieldType::Map(_, v) => matches!(v.strip_none().0, FieldType::Integer | FieldType::Number),
            _ => false,
        });
    let text = required
        .iter()
        .filter(unbounded)
        .find(|f| matches!(f.ty.strip_none().0, FieldType::Text));
    let (title, when, check, at, message) = if let Some(f) = figure {
        let f = &f.name;
        (
            format!("a {f} is below zero"),
            format!("{f} != ()"),
            format!("{f} >= 0"),
            f.clone(),
            format!("{}{f} 为 {{{f}}}，小于 0", named(false)),
        )
    } else if let Some(f) = map {
        each.push(f.name.clone());
        (
            format!("a value of {} is below zero", f.name),
            "value != ()".to_owned(),
            "value >= 0".to_owned(),
            "value".to_owned(),
            format!("{}{} 中 {{key}} 为 {{value}}，小于 0", named(true), f.name),
        )
    } else if let Some(f) = text {
        let f = &f.name;
        (
            format!("a {f} is empty"),
            String::new(),
            format!("{f} != \"\""),
            f.clone(),
            format!("{f} 为空"),
        )
    } else {
        (
            "TODO: one line".to_owned(),
            String::new(),
            "true".to_owned(),
            String::new(),
            "TODO".to_owned(),
        )
    };
    let fields: Vec<String> = record.fields.iter().map(|f| f.name.clone()).collect();
    let mut out = String::new();
    out.push_str("    (\n");
    out.push_str(&format!(
        "        // The fields of `{}`: {}.\n",
        record.name,
        fields.join(", ")
    ));
    out.push_str(&format!("        id: {},\n", quoted(id)));
    out.push_str("        severity: \"error\",\n");
    out.push_str(&format!("        title: {},\n", quoted(&title)));
    out.push_str(&format!("        kind: {},\n", quoted(&schema.kind)));
    out.push_str(&format!("        each: {},\n", quoted(&each.join("."))));
    if !when.is_empty() {
        out.push_str(&format!("        when: {},\n", quoted(&when)));
    }
    out.push_str(&format!("        check: {},\n", quoted(&check)));
    if !at.is_empty() {
        out.push_str(&format!("        at: {},\n", quoted(&at)));
    }
    out.push_str(&format!("        message: {},\n", quoted(&message)));
    out.push_str("        help: \"TODO: how to fix it\",\n");
    out.push_str("    ),\n");
    out
}
