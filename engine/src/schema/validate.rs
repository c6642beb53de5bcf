//! Checking a table against its kind's schema: one walk of the span index
//! that finds every value of the wrong type, missing or unknown field,
//! figure out of range and word not in its list, each at the exact value.
//!
//! A value that breaks its schema is marked, so that rules read it as
//! unassigned (`()`) while its own finding stands: one bad cell never
//! hides the rest of its table from the rules. The values that must be
//! names of another table are collected for the reference check, which
//! needs every file.

use super::types::Type;
use super::{FieldSpec, Reference, Schema, Schemas};
use crate::load::{self, DataFile, Empty, Shape};
use crate::report::{Finding, Severity, SHAPE};
use crate::span::{Document, NodeId, NodeKind, Scalar};
use crate::text;
use tally_i18n::Catalogue;

use crate::load::ReferenceUse;

/// Checks `file` against the schema of its kind, if there is one, and for
/// the figures that no table may hold (`NaN`, infinities, numbers beyond
/// 64 bits) whatever its kind. Returns what it found, in the catalogue's
/// language; the file is not changed.
pub fn validate(file: &DataFile, schemas: &Schemas, t: &Catalogue) -> Shape {
    let mut shape = Shape::default();
    let Some(doc) = file.document.as_deref() else {
        return shape;
    };
    let text = &file.source.text;
    for (node, message, help) in load::bad_numbers(doc, text, t) {
        shape.broken.push((node, Empty::Unassigned));
        shape.findings.push(finding(file, node, message, help, None));
    }
    if let Some(schema) = doc.root_name().and_then(|kind| schemas.get(kind)) {
        for key in schema.records.iter().filter_map(|r| r.key.clone()) {
            if !shape.key_fields.contains(&key) {
                shape.key_fields.push(key);
            }
        }
        let mut walk = Walk {
            file,
            doc,
            schema,
            names: schema.record_names(),
            shape: &mut shape,
            t,
        };
        walk.record(doc.root(), 0);
    }
    shape.broken.sort_unstable_by_key(|(n, _)| *n);
    shape.broken.dedup_by_key(|(n, _)| *n);
    shape
}

fn finding(file: &DataFile, node: NodeId, message: String, help: String, label: Option<String>) -> Finding {
    let mut finding = Finding::new(SHAPE, Severity::Error, message).with_help(help);
    if let Some(label) = label {
        finding = finding.with_label(label);
    }
    finding.site = file.site(node);
    finding
}

/// The number type (`number` or `integer`) of the values of type `ty` of
/// field `spec`, if they are numbers with no bounds: then a number of the
/// right kind has nothing to check (`NaN` and infinities are found
/// whatever the schema, by `bad_numbers`).
fn plain_figures<'t>(ty: &'t Type, spec: &FieldSpec) -> Option<&'t Type> {
    let bare = ty.strip_none().0;
    (matches!(bare, Type::Number | Type::Integer) && spec.min.is_none() && spec.max.is_none()).then_some(bare)
}

/// Where a value sits, for messages: "`high`", "a member of `sheets`".
#[derive(Clone, Copy)]
enum Place<'a> {
    Field(&'a str),
    Member(&'a str),
    Value(&'a str),
    Key(&'a str),
}

impl Place<'_> {
    fn describe(self, t: &Catalogue) -> String {
        let (key, field) = match self {
            Place::Field(f) => ("shape-place-field", f),
            Place::Member(f) => ("shape-place-member", f),
            Place::Value(f) => ("shape-place-value", f),
            Place::Key(f) => ("shape-place-key", f),
        };
        t.text(key, &[("field", field.into())])
    }
}

struct Walk<'a> {
    file: &'a DataFile,
    doc: &'a Document,
    schema: &'a Schema,
    names: Vec<String>,
    shape: &'a mut Shape,
    t: &'a Catalogue,
}

impl Walk<'_> {
    fn fail(&mut self, node: NodeId, message: String, help: String, label: Option<String>) {
        self.shape.findings.push(finding(self.file, node, message, help, label));
    }

    fn schema_file(&self) -> &str {
        &self.schema.source.name
    }

    /// Checks a record (a struct) against record `r` of the schema.
    fn record(&mut self, node: NodeId, r: usize) {
        let Some(record) = self.schema.records.get(r) else { return };
        let Some(NodeKind::Struct { name, fields }) = self.doc.kind(node) else {
            return;
        };
        if r != 0 {
            if let Some(name) = name {
                if name != record.name {
                    let args = [("name", name.into()), ("record", record.name.as_str().into())];
                    let message = self.t.text("shape-record-name", &args);
                    let help = self.t.attr("shape-record-name", "help", &args).unwrap_or_default();
                    self.fail(node, message, help, None);
                }
            }
        }
        // Which declared fields are written (a bit each; records have far
        // fewer than 64 fields, and a wider one is only checked less
        // closely for missing fields). No allocation on the common path: a
        // national table has hundreds of thousands of records.
        let mut seen: u64 = 0;
        let mut unknown = false;
        for field in fields.iter() {
            match record.fields.iter().position(|f| *f.name == *field.name) {
                Some(i) => {
                    let spec = &record.fields[i];
                    seen |= 1u64.checked_shl(i as u32).unwrap_or(0);
                    if spec.references.is_some() || spec.key_references.is_some() {
                        self.shape.references.push(ReferenceUse {
                            record: r as u32,
                            field: i as u32,
                            node: field.value,
                        });
                    }
                    self.value(field.value, &spec.ty, spec, Place::Field(&spec.name));
                }
                None => unknown = true,
            }
        }
        let required = record
            .fields
            .iter()
            .enumerate()
            .filter(|(i, f)| !f.optional && *i < 64 && seen & (1u64 << i) == 0);
        if !unknown && required.clone().next().is_none() {
            return;
        }
        // Required fields that are not written: a misspelt name is one
        // finding ("unknown field `acutal`; did you mean `actual`?"), not
        // that and "missing field `actual`" too.
        let mut missing: Vec<&FieldSpec> = required.map(|(_, f)| f).collect();
        for field in fields.iter() {
            if record.field(&field.name).is_some() {
                continue;
            }
            let guess = text::suggest(&field.name, record.field_names());
            missing.retain(|spec| Some(spec.name.as_str()) != guess);
            let names: Vec<&str> = record.field_names().collect();
            let t = self.t;
            let args = [
                ("field", (&*field.name).into()),
                ("record", record.name.as_str().into()),
                ("fields", text::join_in(t, &names).into()),
                ("schema", self.schema_file().into()),
            ];
            let mut finding = Finding::new(SHAPE, Severity::Error, t.text("shape-unknown-field", &args))
                .with_label(t.attr("shape-unknown-field", "label", &args).unwrap_or_default())
                .with_help(text::did_you_mean_in(
                    t,
                    guess,
                    &t.attr("shape-unknown-field", "help", &args).unwrap_or_default(),
                ));
            finding.site = self
                .file
                .site(field.value)
                .map(|site| crate::report::Site::new(site.source.clone(), field.name_span(), site.path.clone()));
            self.shape.findings.push(finding);
        }
        let t = self.t;
        for spec in missing {
            let described = describe_in(self.schema, &spec.ty, t);
            let mut help = match &spec.description {
                Some(d) => t.text(
                    "shape-missing-field-help-described",
                    &[("field", spec.name.as_str().into()), ("described", (&described).into()), ("description", d.into())],
                ),
                None => t.text(
                    "shape-missing-field-help",
                    &[("field", spec.name.as_str().into()), ("described", (&described).into())],
                ),
            };
            if matches!(spec.ty, Type::OrNone(_)) {
                help = t.text("shape-missing-field-help-none", &[("help", help.into())]);
            }
            let args = [("field", spec.name.as_str().into()), ("record", record.name.as_str().into())];
            self.fail(
                node,
                t.text("shape-missing-field", &args),
                help,
                t.attr("shape-missing-field", "label", &args),
            );
        }
    }

    /// Checks a value against type `ty` of field `spec`.
    fn value(&mut self, node: NodeId, ty: &Type, spec: &FieldSpec, place: Place<'_>) {
        let Some(kind) = self.doc.kind(node) else { return };
        if let NodeKind::Some(inner) = kind {
            return self.value(inner, ty.strip_none().0, spec, place);
        }
        let declared = ty;
        let (ty, may_be_none) = ty.strip_none();
        if matches!(kind, NodeKind::None | NodeKind::Unit) {
            if !may_be_none {
                let t = self.t;
                let args = [
                    ("place", place.describe(t).into()),
                    ("described", article_in(t, describe_in(self.schema, ty, t)).into()),
                    ("declared", self.schema.describe(ty).into()),
                    ("schema", self.schema_file().into()),
                ];
                let message = t.text("shape-unassigned", &args);
                let help = t.attr("shape-unassigned", "help", &args).unwrap_or_default();
                self.fail(node, message, help, None);
            }
            return;
        }
        match (ty, kind) {
            (Type::Text, NodeKind::Str(s)) => {
                if self.is_byte_string(node) {
                    return self.wrong(node, ty, declared, place);
                }
                if !spec.one_of.is_empty() && !spec.one_of.iter().any(|w| **w == *s) {
                    let guess = text::suggest(s, spec.one_of.iter().map(String::as_str));
                    let t = self.t;
                    let words: Vec<&str> = spec.one_of.iter().map(String::as_str).collect();
                    let args = [
                        ("place", place.describe(t).into()),
                        ("value", s.into()),
                        ("words", text::join_in(t, &words).into()),
                    ];
                    let message = t.text("shape-not-a-word", &args);
                    let help = text::did_you_mean_in(t, guess, &t.attr("shape-not-a-word", "help", &args).unwrap_or_default());
                    self.fail(node, message, help, t.attr("shape-not-a-word", "label", &args));
                    self.shape.broken.push((node, Empty::Unassigned));
                }
            }
            (Type::Integer, NodeKind::Int(i)) => self.range(node, i as f64, spec, place),
            (Type::Integer, NodeKind::Float(f)) if !f.is_finite() => {}
            (Type::Number, NodeKind::Int(i)) => self.range(node, i as f64, spec, place),
            // NaN and infinities are reported (and marked) whatever the kind.
            (Type::Number, NodeKind::Float(f)) if !f.is_finite() => {}
            (Type::Number, NodeKind::Float(f)) => self.range(node, f, spec, place),
            (Type::Boolean, NodeKind::Bool(_)) => {}
            (Type::List(item), NodeKind::List(items)) => {
                let place = Place::Member(&spec.name);
                let plain = plain_figures(item, spec);
                for &id in items.iter() {
                    if !plain.is_some_and(|number| self.fits_plainly(id, number)) {
                        self.value(id, item, spec, place);
                    }
                }
            }
            (Type::Map(key, value), NodeKind::Map(entries)) => {
                let plain = plain_figures(value, spec).filter(|_| **key == Type::Text);
                for &(k, v) in entries.iter() {
                    if plain.is_some_and(|number| self.doc.scalar(k) == Some(Scalar::Str) && self.fits_plainly(v, number)) {
                        continue;
                    }
                    self.key(k, key, spec);
                    self.value(v, value, spec, Place::Value(&spec.name));
                }
            }
            (Type::Record(rec), NodeKind::Struct { .. }) => self.record(node, *rec),
            _ => self.wrong(node, ty, declared, place),
        }
    }

    /// Whether `node` is a number that the number type `number` (from
    /// [`plain_figures`]) takes as it is, told from the node's tag alone: a
    /// breakdown's figures are most of a national table, and reading each
    /// one's value to find nothing to say was two fifths of the walk.
    fn fits_plainly(&self, node: NodeId, number: &Type) -> bool {
        matches!(
            (number, self.doc.scalar(node)),
            (Type::Number, Some(Scalar::Int | Scalar::Float)) | (Type::Integer, Some(Scalar::Int))
        )
    }

    fn key(&mut self, node: NodeId, ty: &Type, spec: &FieldSpec) {
        // A byte string is no text, as a key as much as a value.
        let ok = match (ty, self.doc.kind(node)) {
            (Type::Text, Some(NodeKind::Str(_))) => !self.is_byte_string(node),
            (Type::Integer, Some(NodeKind::Int(_))) => true,
            _ => false,
        };
        if !ok {
            self.wrong(node, ty, ty, Place::Key(&spec.name));
        }
    }

    fn range(&mut self, node: NodeId, value: f64, spec: &FieldSpec, place: Place<'_>) {
        let (bound, key) = match (spec.min, spec.max) {
            (Some(min), _) if value < min => (min, "shape-below"),
            (_, Some(max)) if value > max => (max, "shape-above"),
            _ => return,
        };
        let t = self.t;
        let unit = spec.unit.as_deref().unwrap_or("");
        let literal = self.literal(node);
        let allowed = match (spec.min, spec.max) {
            (Some(min), Some(max)) => t.text(
                "shape-allowed-between",
                &[("min", min.to_string().into()), ("max", format!("{max}{unit}").into())],
            ),
            (Some(min), None) => t.text("shape-allowed-min", &[("min", format!("{min}{unit}").into())]),
            (None, Some(max)) => t.text("shape-allowed-max", &[("max", format!("{max}{unit}").into())]),
            (None, None) => String::new(),
        };
        let args = [
            ("place", place.describe(t).into()),
            ("value", format!("{literal}{unit}").into()),
            ("bound", format!("{bound}{unit}").into()),
            ("field", spec.name.as_str().into()),
            ("allowed", allowed.into()),
            ("schema", self.schema_file().into()),
        ];
        let message = t.text(key, &args);
        let help = t.text("shape-range-help", &args);
        self.fail(node, message, help, t.attr("shape-range-help", "label", &args));
        self.shape.broken.push((node, Empty::Unassigned));
    }

    fn literal(&self, node: NodeId) -> String {
        let span = self.doc.span(node).unwrap_or_default();
        self.file.source.text.get(span.start..span.end).unwrap_or("").to_owned()
    }

    fn is_byte_string(&self, node: NodeId) -> bool {
        self.doc.is_byte_string(node)
    }

    /// A value of the wrong type (`ty`, declared as `declared`: the same
    /// with `or None`).
    fn wrong(&mut self, node: NodeId, ty: &Type, declared: &Type, place: Place<'_>) {
        let t = self.t;
        let described = article_in(t, describe_in(self.schema, declared, t));
        let found = self.found(node);
        let message = t.text(
            "shape-wrong-type",
            &[("place", place.describe(t).into()), ("described", described.into()), ("found", found.into())],
        );
        let literal = self.literal(node);
        let help = match (ty, self.doc.kind(node)) {
            (Type::Integer | Type::Number, Some(NodeKind::Str(s))) if s.trim().parse::<f64>().is_ok() => {
                t.text("shape-help-unquote", &[("figure", s.trim().into())])
            }
            (Type::Integer, Some(NodeKind::Float(_))) => t.text("shape-help-whole", &[("literal", (&literal).into())]),
            (Type::Text, Some(NodeKind::Int(_) | NodeKind::Float(_))) => {
                t.text("shape-help-quote", &[("literal", (&literal).into())])
            }
            (Type::Record(r), _) => {
                let names = self.names.get(*r).cloned().unwrap_or_default();
                let fields: Vec<&str> = self.schema.records.get(*r).map(|rec| rec.field_names().collect()).unwrap_or_default();
                t.text(
                    "shape-help-record",
                    &[("record", names.into()), ("fields", text::join_in(t, &fields).into())],
                )
            }
            _ => t.text("shape-help-declared", &[("schema", self.schema_file().into())]),
        };
        self.fail(node, message, help, None);
        self.shape.broken.push((node, ty.empty()));
    }

    fn found(&self, node: NodeId) -> String {
        let literal = self.literal(node);
        let short: String = if literal.chars().count() > 24 {
            literal.chars().take(24).chain("…".chars()).collect()
        } else {
            literal
        };
        let key = match self.doc.kind(node) {
            Some(NodeKind::Str(_)) if self.is_byte_string(node) => "shape-found-bytes",
            Some(NodeKind::Str(_)) => "shape-found-text",
            Some(NodeKind::Int(_)) => "shape-found-integer",
            Some(NodeKind::Float(_)) => "shape-found-number",
            Some(NodeKind::Bool(_)) => "shape-found-literal",
            Some(NodeKind::Char(_)) => "shape-found-char",
            Some(NodeKind::List(_)) => "shape-found-list",
            Some(NodeKind::Map(_)) => "shape-found-map",
            Some(NodeKind::Struct { .. }) => "shape-found-record",
            Some(NodeKind::Tuple { name: Some(name), items: [] }) => {
                return self.t.text("shape-found-literal", &[("literal", name.into())]);
            }
            Some(NodeKind::Tuple { .. }) => "shape-found-tuple",
            _ => "shape-found-other",
        };
        self.t.text(key, &[("literal", short.into())])
    }
}

/// A type of a schema in the catalogue's words: "number", "list of
/// text" (数值、文本列表).
pub fn describe_in(schema: &Schema, ty: &Type, t: &Catalogue) -> String {
    ty.describe_in(&schema.record_names(), t)
}

/// "a number", "an integer", "text", "a list of …" (Chinese has no
/// article).
fn article_in(t: &Catalogue, described: String) -> String {
    if t.lang() != tally_i18n::Lang::En || described == "text" || described.starts_with("text ") {
        return described;
    }
    match described.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u') => format!("an {described}"),
        _ => format!("a {described}"),
    }
}

/// The names a reference allows: the text values at its path in every
/// loaded table of its kind.
pub fn reference_names<'a>(reference: &Reference, files: &'a [DataFile]) -> (usize, Vec<&'a str>) {
    let mut names = Vec::new();
    let mut tables = 0;
    for file in files {
        let Some(doc) = file.document.as_deref() else { continue };
        if doc.root_name() != Some(reference.kind.as_str()) {
            continue;
        }
        tables += 1;
        let mut current = vec![doc.root()];
        for step in &reference.path {
            let mut next = Vec::new();
            for id in current {
                collect_field(doc, id, step, &mut next);
            }
            current = next;
        }
        for id in current {
            if let Some(NodeKind::Str(s)) = doc.kind(id) {
                names.push(s);
            }
        }
    }
    (tables, names)
}

/// The values of field `step` of the struct `id`, through `Some`, lists
/// and map values.
fn collect_field(doc: &Document, id: NodeId, step: &str, out: &mut Vec<NodeId>) {
    match doc.kind(id) {
        Some(NodeKind::Some(inner)) => collect_field(doc, inner, step, out),
        Some(NodeKind::List(items)) => {
            for &item in items.iter() {
                collect_field(doc, item, step, out);
            }
        }
        Some(NodeKind::Map(entries)) => {
            for &(_, value) in entries.iter() {
                collect_field(doc, value, step, out);
            }
        }
        Some(NodeKind::Struct { fields, .. }) => {
            if let Some(f) = fields.iter().find(|f| &*f.name == step) {
                flatten(doc, f.value, out);
            }
        }
        _ => {}
    }
}

/// A value, or the members of the lists it is.
fn flatten(doc: &Document, id: NodeId, out: &mut Vec<NodeId>) {
    match doc.kind(id) {
        Some(NodeKind::Some(inner)) => flatten(doc, inner, out),
        Some(NodeKind::List(items)) => {
            for &item in items.iter() {
                flatten(doc, item, out);
            }
        }
        _ => out.push(id),
    }
}
