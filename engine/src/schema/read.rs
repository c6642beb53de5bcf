//! Reading a schema file: RON through tally's own span-keeping parser, so
//! that every mistake in a schema is a `config-error` at its place, with a
//! did-you-mean where a name is misspelt.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::types::{parse_type_in, Type};
use tally_i18n::{Arg, Catalogue};
use super::{FieldSpec, Record, Reference, Schema};
use crate::load;
use crate::report::{Finding, Severity, Site, SourceFile, CONFIG_ERROR};
use crate::span::{Document, NodeId, NodeKind, Span};
use crate::text;

const SCHEMA_FIELDS: &[&str] = &["kind", "description", "key", "fields", "records"];
const RECORD_FIELDS: &[&str] = &["description", "key", "fields"];
const FIELD_FIELDS: &[&str] = &[
    "type",
    "titles",
    "optional",
    "min",
    "max",
    "one_of",
    "unit",
    "description",
    "references",
    "key_references",
    "checked_by",
];

/// A `config-error` at `span` of a schema file.
pub(super) fn error(source: &Arc<SourceFile>, span: Span, message: impl Into<String>) -> Finding {
    Finding::new(CONFIG_ERROR, Severity::Error, message).at(Site::new(source.clone(), span, None))
}

/// A `config-error` at `span` with the catalogue's message `key` and its
/// `.help`.
fn said(source: &Arc<SourceFile>, span: Span, t: &Catalogue, key: &str, args: &[(&str, Arg<'_>)]) -> Finding {
    let mut finding = error(source, span, t.text(key, args));
    finding.help = t.attr(key, "help", args);
    finding
}

struct Reader<'a> {
    source: &'a Arc<SourceFile>,
    doc: &'a Document,
    errors: Vec<Finding>,
    t: &'a Catalogue,
}

impl Reader<'_> {
    fn span(&self, id: NodeId) -> Span {
        self.doc.span(id).unwrap_or_default()
    }

    fn fail(&mut self, id: NodeId, message: impl Into<String>, help: impl Into<String>) {
        let finding = error(self.source, self.span(id), message).with_help(help);
        self.errors.push(finding);
    }

    /// [`Reader::fail`] with the catalogue's message `key` and its `.help`.
    fn fail_said(&mut self, id: NodeId, key: &str, args: &[(&str, Arg<'_>)]) {
        let finding = said(self.source, self.span(id), self.t, key, args);
        self.errors.push(finding);
    }

    /// At a span, rather than a node.
    fn push_said(&mut self, span: Span, key: &str, args: &[(&str, Arg<'_>)]) {
        let finding = said(self.source, span, self.t, key, args);
        self.errors.push(finding);
    }

    fn resolve(&self, id: NodeId) -> NodeId {
        self.doc.unwrap_some(id)
    }

    fn text(&mut self, id: NodeId, what: &str) -> Option<String> {
        let id = self.resolve(id);
        match self.doc.kind(id) {
            Some(NodeKind::Str(s)) => Some(s.to_string()),
            _ => {
                self.fail_said(id, "schema-text", &[("what", what.into())]);
                None
            }
        }
    }

    fn number(&mut self, id: NodeId, what: &str) -> Option<f64> {
        let id = self.resolve(id);
        match self.doc.kind(id) {
            Some(NodeKind::Int(i)) => Some(i as f64),
            Some(NodeKind::Float(f)) if f.is_finite() => Some(f),
            _ => {
                self.fail_said(id, "schema-number", &[("what", what.into())]);
                None
            }
        }
    }

    fn boolean(&mut self, id: NodeId, what: &str) -> Option<bool> {
        let id = self.resolve(id);
        match self.doc.kind(id) {
            Some(NodeKind::Bool(b)) => Some(b),
            _ => {
                self.fail_said(id, "schema-boolean", &[("what", what.into())]);
                None
            }
        }
    }

    /// The fields of a struct, each checked against `allowed`.
    fn struct_fields(&mut self, id: NodeId, allowed: &[&str], what: &str) -> Vec<(String, NodeId)> {
        let id = self.resolve(id);
        let Some(NodeKind::Struct { fields, .. }) = self.doc.kind(id) else {
            let fields = text::join_in(self.t, allowed);
            self.fail_said(id, "schema-parens", &[("what", what.into()), ("fields", fields.into())]);
            return Vec::new();
        };
        let mut out = Vec::new();
        for field in fields.iter() {
            if !allowed.contains(&&*field.name) {
                let guess = text::suggest(&field.name, allowed.iter().copied());
                let t = self.t;
                let args = [
                    ("field", (&*field.name).into()),
                    ("what", what.into()),
                    ("fields", text::join_in(t, allowed).into()),
                ];
                let finding = error(self.source, field.name_span(), t.text("schema-not-a-field", &args)).with_help(
                    text::did_you_mean_in(t, guess, &t.attr("schema-not-a-field", "help", &args).unwrap_or_default()),
                );
                self.errors.push(finding);
                continue;
            }
            out.push((field.name.to_string(), field.value));
        }
        out
    }

    /// The entries of a `{"name": …}` map, names as text.
    fn map_entries(&mut self, id: NodeId, what: &str) -> Vec<(String, NodeId, Span)> {
        let id = self.resolve(id);
        let Some(NodeKind::Map(entries)) = self.doc.kind(id) else {
            self.fail_said(id, "schema-map", &[("what", what.into())]);
            return Vec::new();
        };
        let mut out = Vec::new();
        for &(key, value) in entries.iter() {
            match self.doc.kind(key) {
                Some(NodeKind::Str(name)) if !name.trim().is_empty() => {
                    out.push((name.to_string(), value, self.span(key)))
                }
                _ => self.fail_said(key, "schema-map-name", &[("what", what.into())]),
            }
        }
        out
    }
}

struct RawField {
    name: String,
    span: Span,
    type_node: Option<NodeId>,
    type_text: String,
    attrs: Vec<(String, NodeId)>,
}

struct RawRecord {
    name: String,
    span: Span,
    description: Option<String>,
    key: Option<(String, NodeId)>,
    fields: Vec<RawField>,
}

/// Reads one schema file. On errors, returns them with the kind if it
/// could be read (so that the kind is known to have a broken schema).
/// Its errors are in the catalogue's language.
pub fn read_schema_in(source: Arc<SourceFile>, t: &Catalogue) -> Result<Schema, (Option<String>, Vec<Finding>)> {
    let doc = match load::parse(&source.text) {
        Ok(doc) => doc,
        Err(err) => {
            let finding = said(&source, err.span, t, "schema-not-ron", &[("message", err.message.as_str().into())]);
            return Err((None, vec![finding]));
        }
    };
    let mut reader = Reader {
        source: &source,
        doc: &doc,
        errors: Vec::new(),
        t,
    };
    let root = doc.root();
    if let Some(NodeKind::Struct { name: Some(name), .. }) = doc.kind(root) {
        if name != "Schema" {
            reader.fail_said(root, "schema-not-schema", &[("name", name.into())]);
        }
    }
    let mut kind = None;
    let mut description = None;
    let mut root_key = None;
    let mut records_node = None;
    let mut fields_node = None;
    let a_schema = t.text("schema-what-schema", &[]);
    for (name, value) in reader.struct_fields(root, SCHEMA_FIELDS, &a_schema) {
        match name.as_str() {
            "kind" => kind = reader.text(value, "kind").map(|k| (k, value)),
            "description" => description = reader.text(value, "description"),
            "key" => root_key = reader.text(value, "key").map(|k| (k, value)),
            "fields" => fields_node = Some(value),
            "records" => records_node = Some(value),
            _ => {}
        }
    }
    let Some((kind, kind_node)) = kind else {
        reader.fail_said(root, "schema-no-kind", &[]);
        return Err((None, reader.errors));
    };
    if kind.is_empty() || !kind.chars().all(|c| c.is_alphanumeric() || c == '_') || kind.starts_with(|c: char| c.is_ascii_digit()) {
        reader.fail_said(kind_node, "schema-bad-kind", &[("kind", kind.as_str().into())]);
    }
    let Some(fields_node) = fields_node else {
        reader.fail_said(root, "schema-no-fields", &[("kind", kind.as_str().into())]);
        return Err((Some(kind), reader.errors));
    };
    let mut raw = vec![RawRecord {
        name: kind.clone(),
        span: reader.span(root),
        description: description.clone(),
        key: root_key,
        fields: raw_fields(&mut reader, fields_node),
    }];
    if let Some(records_node) = records_node {
        for (name, value, span) in reader.map_entries(records_node, "records") {
            let mut record = RawRecord {
                name: name.clone(),
                span,
                description: None,
                key: None,
                fields: Vec::new(),
            };
            let what = t.text("schema-what-record", &[("name", name.as_str().into())]);
            let mut has_fields = false;
            for (field, node) in reader.struct_fields(value, RECORD_FIELDS, &what) {
                match field.as_str() {
                    "description" => record.description = reader.text(node, "description"),
                    "key" => record.key = reader.text(node, "key").map(|k| (k, node)),
                    "fields" => {
                        has_fields = true;
                        record.fields = raw_fields(&mut reader, node);
                    }
                    _ => {}
                }
            }
            if !has_fields {
                reader.fail_said(value, "schema-record-no-fields", &[("name", name.as_str().into())]);
            }
            if raw.iter().any(|r| r.name == name) {
                reader.push_said(span, "schema-record-twice", &[("name", name.as_str().into())]);
                continue;
            }
            raw.push(record);
        }
    }
    let names: Vec<String> = raw.iter().map(|r| r.name.clone()).collect();
    let mut records = Vec::new();
    for r in raw {
        let mut fields = Vec::new();
        for f in r.fields {
            if let Some(spec) = compile_field(&mut reader, &names, f) {
                fields.push(spec);
            }
        }
        if let Some((key, node)) = &r.key {
            if !fields.iter().any(|f| &f.name == key) {
                let guess = text::suggest(key, fields.iter().map(|f| f.name.as_str()));
                let args = [("key", key.as_str().into()), ("record", r.name.as_str().into())];
                let help = text::did_you_mean_in(t, guess, &t.attr("schema-bad-key", "help", &args).unwrap_or_default());
                reader.fail(*node, t.text("schema-bad-key", &args), help);
            }
        }
        records.push(Record {
            name: r.name,
            description: r.description,
            key: r.key.map(|(k, _)| k),
            fields,
            span: r.span,
        });
    }
    if !reader.errors.is_empty() {
        return Err((Some(kind), reader.errors));
    }
    Ok(Schema {
        kind,
        description,
        records,
        source,
    })
}

fn raw_fields(reader: &mut Reader<'_>, node: NodeId) -> Vec<RawField> {
    let mut out = Vec::new();
    for (name, value, span) in reader.map_entries(node, "fields") {
        let value = reader.resolve(value);
        let mut field = RawField {
            name: name.clone(),
            span,
            type_node: None,
            type_text: String::new(),
            attrs: Vec::new(),
        };
        match reader.doc.kind(value) {
            // The short form: `"title": "text"`.
            Some(NodeKind::Str(ty)) => {
                field.type_text = ty.to_string();
                field.type_node = Some(value);
            }
            _ => {
                let what = reader.t.text("schema-what-field", &[("name", name.as_str().into())]);
                for (attr, node) in reader.struct_fields(value, FIELD_FIELDS, &what) {
                    if attr == "type" {
                        field.type_text = reader.text(node, "type").unwrap_or_default();
                        field.type_node = Some(node);
                    } else {
                        field.attrs.push((attr, node));
                    }
                }
                if field.type_node.is_none() && reader.doc.get(value).is_some_and(|n| matches!(n.kind, NodeKind::Struct { .. })) {
                    reader.fail_said(value, "schema-field-no-type", &[("name", name.as_str().into())]);
                    continue;
                }
            }
        }
        if out.iter().any(|f: &RawField| f.name == name) {
            reader.push_said(span, "schema-field-twice", &[("name", name.as_str().into())]);
            continue;
        }
        out.push(field);
    }
    out
}

fn compile_field(reader: &mut Reader<'_>, records: &[String], raw: RawField) -> Option<FieldSpec> {
    let type_node = raw.type_node?;
    let ty = match parse_type_in(&raw.type_text, records, reader.t) {
        Ok(ty) => ty,
        Err(why) => {
            reader.fail_said(type_node, "schema-bad-type", &[("name", raw.name.as_str().into()), ("why", why.into())]);
            return None;
        }
    };
    let mut spec = FieldSpec {
        name: raw.name.clone(),
        ty,
        optional: false,
        min: None,
        max: None,
        one_of: Vec::new(),
        titles: Vec::new(),
        unit: None,
        description: None,
        references: None,
        key_references: None,
        span: raw.span,
    };
    let mut checked_by = None;
    for (attr, node) in raw.attrs {
        match attr.as_str() {
            "optional" => spec.optional = reader.boolean(node, "optional").unwrap_or(false),
            "min" => spec.min = reader.number(node, "min"),
            "max" => spec.max = reader.number(node, "max"),
            "unit" => spec.unit = reader.text(node, "unit"),
            "description" => spec.description = reader.text(node, "description"),
            "checked_by" => checked_by = reader.text(node, "checked_by"),
            // The column titles a workbook gives the field (`tally import`).
            "titles" => {
                let node = reader.resolve(node);
                match reader.doc.kind(node) {
                    Some(NodeKind::List(items)) => {
                        for &item in items.iter() {
                            let what = reader.t.text("schema-what-titles", &[]);
                            if let Some(title) = reader.text(item, &what) {
                                spec.titles.push(title);
                            }
                        }
                    }
                    _ => reader.fail_said(node, "schema-titles", &[]),
                }
            }
            "one_of" => {
                let node = reader.resolve(node);
                match reader.doc.kind(node) {
                    Some(NodeKind::List(items)) if !items.is_empty() => {
                        for &item in items.iter() {
                            let what = reader.t.text("schema-what-one-of", &[]);
                            if let Some(word) = reader.text(item, &what) {
                                spec.one_of.push(word);
                            }
                        }
                    }
                    _ => reader.fail_said(node, "schema-one-of", &[]),
                }
            }
            "references" | "key_references" => {
                let Some(text) = reader.text(node, &attr) else { continue };
                let mut parts = text.split('.').map(str::trim);
                let kind = parts.next().unwrap_or("").to_owned();
                let path: Vec<String> = parts.map(str::to_owned).collect();
                if kind.is_empty() || path.is_empty() || path.iter().any(String::is_empty) {
                    reader.fail_said(node, "schema-bad-reference", &[("text", text.as_str().into()), ("attr", attr.as_str().into())]);
                    continue;
                }
                let reference = Reference {
                    kind,
                    path,
                    checked_by: None,
                };
                if attr == "references" {
                    spec.references = Some(reference);
                } else {
                    spec.key_references = Some(reference);
                }
            }
            _ => {}
        }
    }
    let leaf = spec.ty.leaf().clone();
    let field = &spec.name;
    if (spec.min.is_some() || spec.max.is_some()) && !matches!(leaf, Type::Integer | Type::Number) {
        reader.push_said(raw.span, "schema-min-max-not-number", &[("field", field.as_str().into())]);
    }
    if let (Some(min), Some(max)) = (spec.min, spec.max) {
        if min > max {
            let args = [("field", field.as_str().into()), ("min", min.to_string().into()), ("max", max.to_string().into())];
            reader.push_said(raw.span, "schema-min-above-max", &args);
        }
    }
    if (!spec.one_of.is_empty() || spec.references.is_some()) && leaf != Type::Text {
        reader.push_said(raw.span, "schema-one-of-not-text", &[("field", field.as_str().into())]);
    }
    if spec.key_references.is_some() && !matches!(spec.ty.strip_none().0, Type::Map(..)) {
        reader.push_said(raw.span, "schema-key-refs-not-map", &[("field", field.as_str().into())]);
    }
    if checked_by.is_some() && spec.references.is_none() && spec.key_references.is_none() {
        reader.push_said(raw.span, "schema-checked-by-alone", &[("field", field.as_str().into())]);
    }
    for reference in [&mut spec.references, &mut spec.key_references].into_iter().flatten() {
        reference.checked_by = checked_by.clone();
    }
    Some(spec)
}

/// Where a reference leads, as a type: `Ok(leaf type)` or why it leads
/// nowhere.
fn follow(schema: &Schema, path: &[String], t: &Catalogue) -> Result<(usize, usize), String> {
    let mut record = 0usize;
    let mut found = None;
    for (i, step) in path.iter().enumerate() {
        let rec = &schema.records[record];
        let Some(index) = rec.fields.iter().position(|f| &f.name == step) else {
            let guess = text::suggest(step, rec.field_names());
            let fields: Vec<&str> = rec.field_names().collect();
            let listed = t.text("schema-follow-fields", &[("fields", text::join_in(t, &fields).into())]);
            return Err(t.text(
                "schema-follow-not-field",
                &[
                    ("step", step.as_str().into()),
                    ("record", rec.name.as_str().into()),
                    ("hint", text::did_you_mean_in(t, guess, &listed).into()),
                ],
            ));
        };
        let mut ty = &rec.fields[index].ty;
        loop {
            ty = match ty {
                Type::OrNone(inner) | Type::List(inner) => inner,
                Type::Map(_, value) => value,
                _ => break,
            };
        }
        let last = i + 1 == path.len();
        match (ty, last) {
            (Type::Record(r), false) => record = *r,
            (Type::Text, true) => found = Some((record, index)),
            (_, last) => {
                let key = if last { "schema-follow-no-text" } else { "schema-follow-not-record" };
                return Err(t.text(key, &[("step", step.as_str().into()), ("record", rec.name.as_str().into())]));
            }
        }
    }
    found.ok_or_else(|| t.text("schema-follow-empty", &[]))
}

/// Checks the references of all schemas together: each names a kind with
/// a schema and a path to text in it, and no chain of references comes
/// back to where it started. Returns the kinds whose schema is wrong.
pub(super) fn check_references(schemas: &[Arc<Schema>], t: &Catalogue) -> Vec<(String, Finding)> {
    let mut problems = Vec::new();
    // Reference edges between (kind, record, field) of the names.
    let mut edges: BTreeMap<(String, usize, usize), (String, usize, usize)> = BTreeMap::new();
    for schema in schemas {
        for (r, record) in schema.records.iter().enumerate() {
            for (f, field) in record.fields.iter().enumerate() {
                for reference in [&field.references, &field.key_references].into_iter().flatten() {
                    let Some(target) = schemas.iter().find(|s| s.kind == reference.kind) else {
                        let guess = text::suggest(&reference.kind, schemas.iter().map(|s| s.kind.as_str()));
                        let kinds: Vec<&str> = schemas.iter().map(|s| s.kind.as_str()).collect();
                        let args = [
                            ("field", field.name.as_str().into()),
                            ("kind", reference.kind.as_str().into()),
                            ("kinds", text::join_in(t, &kinds).into()),
                        ];
                        let help = t.attr("schema-ref-no-kind", "help", &args).unwrap_or_default();
                        problems.push((
                            schema.kind.clone(),
                            error(&schema.source, field.span, t.text("schema-ref-no-kind", &args))
                                .with_help(text::did_you_mean_in(t, guess, &help)),
                        ));
                        continue;
                    };
                    match follow(target, &reference.path, t) {
                        Ok((tr, tf)) => {
                            if field.references.as_ref() == Some(reference) {
                                edges.insert((schema.kind.clone(), r, f), (target.kind.clone(), tr, tf));
                            }
                        }
                        Err(why) => {
                            let args = [
                                ("field", field.name.as_str().into()),
                                ("reference", reference.text().into()),
                                ("why", why.into()),
                            ];
                            problems.push((schema.kind.clone(), said(&schema.source, field.span, t, "schema-ref-nowhere", &args)));
                        }
                    }
                }
            }
        }
    }
    // A chain of references that returns to where it started defines the
    // names by themselves.
    let mut reported = BTreeSet::new();
    for start in edges.keys() {
        let mut seen = vec![start.clone()];
        let mut current = start.clone();
        while let Some(next) = edges.get(&current) {
            if next == start && !reported.contains(start) {
                let schema = schemas.iter().find(|s| s.kind == start.0);
                if let Some(schema) = schema {
                    let field = &schema.records[start.1].fields[start.2];
                    let chain: Vec<String> = seen
                        .iter()
                        .filter_map(|(k, r, f)| {
                            let s = schemas.iter().find(|s| &s.kind == k)?;
                            Some(format!("{}.{}", s.records[*r].name, s.records[*r].fields[*f].name))
                        })
                        .collect();
                    let cycle = format!("{} → {}", chain.join(" → "), chain[0]);
                    problems.push((
                        start.0.clone(),
                        said(&schema.source, field.span, t, "schema-ref-cycle", &[("chain", cycle.into())]),
                    ));
                }
                reported.extend(seen.iter().cloned());
                break;
            }
            if seen.contains(next) {
                break;
            }
            seen.push(next.clone());
            current = next.clone();
        }
    }
    problems
}
