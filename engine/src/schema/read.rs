//! Reading a schema file: RON through tally's own span-keeping parser, so
//! that every mistake in a schema is a `config-error` at its place, with a
//! did-you-mean where a name is misspelt.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::types::{parse_type, Type};
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

struct Reader<'a> {
    source: &'a Arc<SourceFile>,
    doc: &'a Document,
    errors: Vec<Finding>,
}

impl Reader<'_> {
    fn span(&self, id: NodeId) -> Span {
        self.doc.get(id).map_or(Span::default(), |n| n.span)
    }

    fn fail(&mut self, id: NodeId, message: impl Into<String>, help: impl Into<String>) {
        let finding = error(self.source, self.span(id), message).with_help(help);
        self.errors.push(finding);
    }

    fn resolve(&self, mut id: NodeId) -> NodeId {
        while let Some(NodeKind::Some(inner)) = self.doc.get(id).map(|n| &n.kind) {
            id = *inner;
        }
        id
    }

    fn text(&mut self, id: NodeId, what: &str) -> Option<String> {
        let id = self.resolve(id);
        match self.doc.get(id).map(|n| &n.kind) {
            Some(NodeKind::Str(s)) => Some(s.to_string()),
            _ => {
                self.fail(id, format!("{what} must be text in quotes"), format!("write `{what}: \"…\"`"));
                None
            }
        }
    }

    fn number(&mut self, id: NodeId, what: &str) -> Option<f64> {
        let id = self.resolve(id);
        match self.doc.get(id).map(|n| &n.kind) {
            Some(NodeKind::Int(i)) => Some(*i as f64),
            Some(NodeKind::Float(f)) if f.is_finite() => Some(*f),
            _ => {
                self.fail(id, format!("`{what}` must be a number"), format!("write `{what}: 0`"));
                None
            }
        }
    }

    fn boolean(&mut self, id: NodeId, what: &str) -> Option<bool> {
        let id = self.resolve(id);
        match self.doc.get(id).map(|n| &n.kind) {
            Some(NodeKind::Bool(b)) => Some(*b),
            _ => {
                self.fail(id, format!("`{what}` must be `true` or `false`"), format!("write `{what}: true`"));
                None
            }
        }
    }

    /// The fields of a struct, each checked against `allowed`.
    fn struct_fields(&mut self, id: NodeId, allowed: &[&str], what: &str) -> Vec<(String, NodeId)> {
        let id = self.resolve(id);
        let Some(NodeKind::Struct { fields, .. }) = self.doc.get(id).map(|n| &n.kind) else {
            self.fail(
                id,
                format!("{what} must be written in parentheses: `(…: …, …)`"),
                format!("the fields of {what} are: {}", allowed.join(", ")),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for field in fields.iter() {
            if !allowed.contains(&&*field.name) {
                let guess = text::suggest(&field.name, allowed.iter().copied());
                let finding = error(
                    self.source,
                    field.name_span,
                    format!("`{}` is not a field of {what}", field.name),
                )
                .with_help(text::did_you_mean(guess, &format!("the fields of {what} are: {}", allowed.join(", "))));
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
        let Some(NodeKind::Map(entries)) = self.doc.get(id).map(|n| &n.kind) else {
            self.fail(id, format!("`{what}` must be a map: `{{\"name\": …, …}}`"), format!("write `{what}: {{\"name\": (type: \"text\")}}`"));
            return Vec::new();
        };
        let mut out = Vec::new();
        for &(key, value) in entries.iter() {
            match self.doc.get(key).map(|n| &n.kind) {
                Some(NodeKind::Str(name)) if !name.trim().is_empty() => {
                    out.push((name.to_string(), value, self.span(key)))
                }
                _ => self.fail(key, format!("a name in `{what}` must be text in quotes"), "write `\"name\": …`"),
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
pub fn read_schema(source: Arc<SourceFile>) -> Result<Schema, (Option<String>, Vec<Finding>)> {
    let doc = match load::parse(&source.text) {
        Ok(doc) => doc,
        Err(err) => {
            let finding = error(&source, err.span, format!("schema file is not valid RON: {}", err.message))
                .with_help("fix the RON syntax (`docs/schemas.md` shows the form of a schema)");
            return Err((None, vec![finding]));
        }
    };
    let mut reader = Reader {
        source: &source,
        doc: &doc,
        errors: Vec::new(),
    };
    let root = doc.root();
    if let Some(NodeKind::Struct { name: Some(name), .. }) = doc.get(root).map(|n| &n.kind) {
        if &**name != "Schema" {
            reader.fail(root, format!("a schema file starts with `Schema(`, not `{name}(`"), "write `Schema(kind: \"…\", fields: {…})`");
        }
    }
    let mut kind = None;
    let mut description = None;
    let mut root_key = None;
    let mut records_node = None;
    let mut fields_node = None;
    for (name, value) in reader.struct_fields(root, SCHEMA_FIELDS, "a schema") {
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
        reader.fail(root, "the schema does not say its `kind`", "add `kind: \"TargetTable\"`: the root name of the tables it describes");
        return Err((None, reader.errors));
    };
    if kind.is_empty() || !kind.chars().all(|c| c.is_alphanumeric() || c == '_') || kind.starts_with(|c: char| c.is_ascii_digit()) {
        reader.fail(kind_node, format!("`{kind}` cannot be a kind: a table's root name is a word of letters, digits and `_`"), "write the name the tables start with, e.g. `kind: \"ProgressReport\"`");
    }
    let Some(fields_node) = fields_node else {
        reader.fail(root, format!("the schema of `{kind}` has no `fields`"), "add `fields: {\"name\": (type: \"text\"), …}`");
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
            let what = format!("record `{name}`");
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
                reader.fail(value, format!("record `{name}` has no `fields`"), "add `fields: {\"name\": (type: \"text\"), …}`");
            }
            if raw.iter().any(|r| r.name == name) {
                reader.errors.push(error(&source, span, format!("record `{name}` is declared twice (or has the kind's name)")).with_help("give each record its own name"));
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
                reader.fail(*node, format!("key `{key}` is not a field of `{}`", r.name), text::did_you_mean(guess, "the key names one of the record's fields"));
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
        match reader.doc.get(value).map(|n| &n.kind) {
            // The short form: `"title": "text"`.
            Some(NodeKind::Str(ty)) => {
                field.type_text = ty.to_string();
                field.type_node = Some(value);
            }
            _ => {
                for (attr, node) in reader.struct_fields(value, FIELD_FIELDS, &format!("field `{name}`")) {
                    if attr == "type" {
                        field.type_text = reader.text(node, "type").unwrap_or_default();
                        field.type_node = Some(node);
                    } else {
                        field.attrs.push((attr, node));
                    }
                }
                if field.type_node.is_none() && reader.doc.get(value).is_some_and(|n| matches!(n.kind, NodeKind::Struct { .. })) {
                    reader.fail(value, format!("field `{name}` has no `type`"), "add `type: \"text\"` (or integer, number, boolean, list of …, map of text to …)");
                    continue;
                }
            }
        }
        if out.iter().any(|f: &RawField| f.name == name) {
            reader.errors.push(error(reader.source, span, format!("field `{name}` is declared twice")).with_help("keep one of them"));
            continue;
        }
        out.push(field);
    }
    out
}

fn compile_field(reader: &mut Reader<'_>, records: &[String], raw: RawField) -> Option<FieldSpec> {
    let type_node = raw.type_node?;
    let ty = match parse_type(&raw.type_text, records) {
        Ok(ty) => ty,
        Err(why) => {
            reader.fail(type_node, format!("field `{}`: {why}", raw.name), "`docs/schemas.md` lists the types");
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
                match reader.doc.get(node).map(|n| &n.kind) {
                    Some(NodeKind::List(items)) => {
                        for &item in items.iter() {
                            if let Some(title) = reader.text(item, "each title of `titles`") {
                                spec.titles.push(title);
                            }
                        }
                    }
                    _ => reader.fail(node, "`titles` must be a list of column titles", "write `titles: [\"标线\", \"全市标线\"]`"),
                }
            }
            "one_of" => {
                let node = reader.resolve(node);
                match reader.doc.get(node).map(|n| &n.kind) {
                    Some(NodeKind::List(items)) if !items.is_empty() => {
                        for &item in items.iter() {
                            if let Some(word) = reader.text(item, "each word of `one_of`") {
                                spec.one_of.push(word);
                            }
                        }
                    }
                    _ => reader.fail(node, "`one_of` must be a list of words", "write `one_of: [\"city\", \"county\"]`"),
                }
            }
            "references" | "key_references" => {
                let Some(text) = reader.text(node, &attr) else { continue };
                let mut parts = text.split('.').map(str::trim);
                let kind = parts.next().unwrap_or("").to_owned();
                let path: Vec<String> = parts.map(str::to_owned).collect();
                if kind.is_empty() || path.is_empty() || path.iter().any(String::is_empty) {
                    reader.fail(node, format!("`{text}` is not a reference"), format!("write `{attr}: \"Kind.field.field\"`, e.g. `\"RegionRegistry.regions.name\"`: the kind, then the fields down to the names"));
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
        reader.errors.push(error(reader.source, raw.span, format!("field `{field}` has `min`/`max` but holds no numbers")).with_help("`min` and `max` apply to `integer` and `number` fields"));
    }
    if let (Some(min), Some(max)) = (spec.min, spec.max) {
        if min > max {
            reader.errors.push(error(reader.source, raw.span, format!("field `{field}` has `min` {min} above `max` {max}")).with_help("swap them"));
        }
    }
    if (!spec.one_of.is_empty() || spec.references.is_some()) && leaf != Type::Text {
        reader.errors.push(error(reader.source, raw.span, format!("field `{field}` has `one_of` or `references` but holds no text")).with_help("`one_of` and `references` apply to `text` fields"));
    }
    if spec.key_references.is_some() && !matches!(spec.ty.strip_none().0, Type::Map(..)) {
        reader.errors.push(error(reader.source, raw.span, format!("field `{field}` has `key_references` but is not a map")).with_help("`key_references` names where a map's keys come from; for text values use `references`"));
    }
    if checked_by.is_some() && spec.references.is_none() && spec.key_references.is_none() {
        reader.errors.push(error(reader.source, raw.span, format!("field `{field}` has `checked_by` but no reference")).with_help("`checked_by` names the rule that checks the field's `references` or `key_references`"));
    }
    for reference in [&mut spec.references, &mut spec.key_references].into_iter().flatten() {
        reference.checked_by = checked_by.clone();
    }
    Some(spec)
}

/// Where a reference leads, as a type: `Ok(leaf type)` or why it leads
/// nowhere.
fn follow(schema: &Schema, path: &[String]) -> Result<(usize, usize), String> {
    let mut record = 0usize;
    let mut found = None;
    for (i, step) in path.iter().enumerate() {
        let rec = &schema.records[record];
        let Some(index) = rec.fields.iter().position(|f| &f.name == step) else {
            let guess = text::suggest(step, rec.field_names());
            return Err(format!(
                "`{step}` is not a field of `{}`; {}",
                rec.name,
                text::did_you_mean(guess, &format!("its fields are: {}", rec.field_names().collect::<Vec<_>>().join(", ")))
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
            (_, true) => return Err(format!("`{step}` of `{}` holds no text names", rec.name)),
            (_, false) => return Err(format!("`{step}` of `{}` is not a record, so the path cannot go on", rec.name)),
        }
    }
    found.ok_or_else(|| "the path is empty".to_owned())
}

/// Checks the references of all schemas together: each names a kind with
/// a schema and a path to text in it, and no chain of references comes
/// back to where it started. Returns the kinds whose schema is wrong.
pub(super) fn check_references(schemas: &[Arc<Schema>]) -> Vec<(String, Finding)> {
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
                        problems.push((
                            schema.kind.clone(),
                            error(&schema.source, field.span, format!("field `{}` references kind `{}`, which has no schema", field.name, reference.kind))
                                .with_help(text::did_you_mean(guess, &format!("the kinds with a schema are: {}", kinds.join(", ")))),
                        ));
                        continue;
                    };
                    match follow(target, &reference.path) {
                        Ok((tr, tf)) => {
                            if field.references.as_ref() == Some(reference) {
                                edges.insert((schema.kind.clone(), r, f), (target.kind.clone(), tr, tf));
                            }
                        }
                        Err(why) => problems.push((
                            schema.kind.clone(),
                            error(&schema.source, field.span, format!("field `{}`: reference `{}` leads nowhere: {why}", field.name, reference.text()))
                                .with_help("a reference is the kind, then the fields down to the text names: `RegionRegistry.regions.name`"),
                        )),
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
                    problems.push((
                        start.0.clone(),
                        error(&schema.source, field.span, format!("references run in a cycle: {} → {}", chain.join(" → "), chain[0]))
                            .with_help("the names must come from a field that is not itself a reference"),
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
