//! Table kinds declared as data: one schema file per kind in `schemas/`,
//! written by the staff who keep the tables.
//!
//! A schema says what a table of its kind holds: its fields and records,
//! each field's type, whether it may be absent or `None`, a range, a list
//! of allowed words, a unit, a description, and the names it must take
//! from another table (a reference). From it tally checks the shape of
//! every table of the kind ([`validate`]), makes a rule that reads an
//! undeclared field fail loudly, drafts schemas from data ([`infer`]) and
//! shows what a rule can read.
//!
//! The format is in `docs/schemas.md`; the seven shipped kinds are in the
//! repository's `schemas/` folder.

mod infer;
mod read;
mod sample;
mod types;
mod validate;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::report::{Finding, SourceFile};
use crate::span::{Document, NodeId, NodeKind, Span};

pub use infer::{infer, infer_in};
pub use read::read_schema_in;
pub use types::Type;
pub use validate::{reference_names, validate};

/// One table kind's schema.
#[derive(Debug, Clone)]
pub struct Schema {
    /// The kind: the root name of its tables (`TargetTable`).
    pub kind: String,
    /// What a table of this kind is.
    pub description: Option<String>,
    /// The records; `records[0]` is the table itself (named as the kind).
    pub records: Vec<Record>,
    /// The schema file, for locating its own errors and for `tally schema show`.
    pub source: Arc<SourceFile>,
}

/// A record: a struct of the table, with its fields.
#[derive(Debug, Clone)]
pub struct Record {
    /// Its name under `records` (the kind, for the table itself).
    pub name: String,
    /// What one such record is.
    pub description: Option<String>,
    /// The field that names a record among its siblings (`name`, `region`),
    /// used in baseline keys and paths.
    pub key: Option<String>,
    /// The fields, in the schema's order.
    pub fields: Vec<FieldSpec>,
    /// Where the record is declared in the schema file.
    pub span: Span,
}

/// One field of a record.
#[derive(Debug, Clone)]
pub struct FieldSpec {
    /// The field's name in the data.
    pub name: String,
    /// Its type.
    pub ty: Type,
    /// Whether it may be left out.
    pub optional: bool,
    /// The smallest and largest allowed figure (for numbers).
    pub min: Option<f64>,
    /// See `min`.
    pub max: Option<f64>,
    /// The words a text may be (empty: any text).
    pub one_of: Vec<String>,
    /// The column titles a workbook gives the field (`titles: ["标线"]`),
    /// for `tally import`; the field's name always counts as one.
    pub titles: Vec<String>,
    /// The unit of its figures, if it has one (`亿元`, `%`).
    pub unit: Option<String>,
    /// What it holds, for people.
    pub description: Option<String>,
    /// Names its text values must take from another table.
    pub references: Option<Reference>,
    /// Names its map keys must take from another table.
    pub key_references: Option<Reference>,
    /// Where the field is declared in the schema file.
    pub span: Span,
}

/// A reference: `RegionRegistry.regions.name` — the values of a field of
/// another kind's tables, which this field's names must be among.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// The kind whose tables hold the names.
    pub kind: String,
    /// Field names from that kind's root to the names (lists and maps are
    /// walked through).
    pub path: Vec<String>,
    /// A rule that checks these names itself (with aliases, say), leaving
    /// the plain reference check out when the project has that rule.
    pub checked_by: Option<String>,
}

impl Reference {
    /// As written: `RegionRegistry.regions.name`.
    pub fn text(&self) -> String {
        std::iter::once(self.kind.as_str())
            .chain(self.path.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(".")
    }
}

impl Record {
    /// The field named `name`.
    pub fn field(&self, name: &str) -> Option<&FieldSpec> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The field names, in order.
    pub fn field_names(&self) -> impl Iterator<Item = &str> {
        self.fields.iter().map(|f| f.name.as_str())
    }
}

impl Schema {
    /// The names of the records, by index (for describing types).
    pub fn record_names(&self) -> Vec<String> {
        self.records.iter().map(|r| r.name.clone()).collect()
    }

    /// A type as this schema writes it.
    pub fn describe(&self, ty: &Type) -> String {
        ty.describe(&self.record_names())
    }

    /// The record that node `id` of a table of this kind is, if the path
    /// from the root to it follows the schema (`None` for a node that is
    /// not a record, or lies under a field the schema does not declare).
    pub fn record_at(&self, doc: &Document, id: NodeId) -> Option<&Record> {
        let chain = doc.ancestry(id);
        if chain.is_empty() {
            return None;
        }
        let mut ty = Type::Record(0);
        for pair in chain.windows(2) {
            let (parent, child) = (pair[0], pair[1]);
            let (inner, _) = ty.strip_none();
            let next = match (&doc.get(parent)?.kind, inner) {
                (NodeKind::Some(_), _) => inner.clone(),
                (NodeKind::Struct { fields, .. }, Type::Record(r)) => {
                    let name = &fields.iter().find(|f| f.value == child)?.name;
                    self.records.get(*r)?.field(name)?.ty.clone()
                }
                (NodeKind::List(_), Type::List(item)) => (**item).clone(),
                (NodeKind::Map(_), Type::Map(_, value)) => (**value).clone(),
                _ => return None,
            };
            ty = next;
        }
        match ty.strip_none().0 {
            Type::Record(r) => self.records.get(*r),
            _ => None,
        }
    }
}

/// The schemas of a project, one per kind, and the errors of the schema
/// files that could not be read.
#[derive(Debug, Clone, Default)]
pub struct Schemas {
    /// The folder they were read from (`None`: no schemas folder).
    pub dir: Option<PathBuf>,
    /// That folder as shown to the user (`schemas`).
    pub shown: String,
    /// The schemas, by kind.
    pub kinds: Vec<Arc<Schema>>,
    /// `config-error`s of schema files: each located in its file.
    pub errors: Vec<Finding>,
    /// Kinds whose schema file has errors (no shape is checked for them,
    /// and no `no-schema` finding is made: the error says it).
    pub broken_kinds: Vec<String>,
    /// Changes whenever a schema file's text changes.
    pub version: u64,
    /// Each schema file read, with a hash of its text (to tell which
    /// changed between two reads).
    pub files: Vec<(PathBuf, u64)>,
}

impl Schemas {
    /// The schema of `kind`.
    pub fn get(&self, kind: &str) -> Option<&Arc<Schema>> {
        self.kinds.iter().find(|s| s.kind == kind)
    }

    /// Every kind with a schema, in name order.
    pub fn kind_names(&self) -> impl Iterator<Item = &str> {
        self.kinds.iter().map(|s| s.kind.as_str())
    }

    /// Reads every `*.ron` file of `dir` (a missing folder is no schemas).
    /// `display` names a path for findings.
    pub fn read_dir(dir: &Path, display: &dyn Fn(&Path) -> String) -> Schemas {
        Schemas::read_dir_in(dir, display, &tally_i18n::Catalogue::new(tally_i18n::Lang::En))
    }

    /// As [`Schemas::read_dir`], its findings in the catalogue's language.
    pub fn read_dir_in(dir: &Path, display: &dyn Fn(&Path) -> String, t: &tally_i18n::Catalogue) -> Schemas {
        Schemas::read_dir_with(dir, display, &|_| None, t)
    }

    /// As [`Schemas::read_dir`], with `unsaved` giving the text that stands
    /// in for a file (an editor's buffer, see `Engine::check_with`).
    pub fn read_dir_with(
        dir: &Path,
        display: &dyn Fn(&Path) -> String,
        unsaved: &dyn Fn(&Path) -> Option<String>,
        t: &tally_i18n::Catalogue,
    ) -> Schemas {
        let (mut schemas, texts) = Schemas::read_texts(dir, display, unsaved, t);
        schemas.add_texts_in(texts, t);
        schemas
    }

    /// The first half of [`Schemas::read_dir_with`]: no schemas yet, the
    /// files' `(display name, path, text)` and the errors of reading them.
    pub(crate) fn read_texts(
        dir: &Path,
        display: &dyn Fn(&Path) -> String,
        unsaved: &dyn Fn(&Path) -> Option<String>,
        t: &tally_i18n::Catalogue,
    ) -> (Schemas, Vec<(String, PathBuf, String)>) {
        let mut schemas = Schemas {
            dir: Some(dir.to_path_buf()),
            shown: display(dir),
            ..Schemas::default()
        };
        let mut texts = Vec::new();
        if !dir.is_dir() {
            return (schemas, texts);
        }
        let (paths, errors) = crate::load::discover_named(dir, "ron", display, t);
        schemas.errors.extend(errors);
        for path in paths {
            let name = display(&path);
            if let Some(text) = unsaved(&path) {
                texts.push((name, path, text));
                continue;
            }
            let bytes = match crate::load::read(&path, &name, 1 << 20, t) {
                Ok(bytes) => bytes,
                Err(finding) => {
                    let mut finding = *finding;
                    finding.rule = crate::report::CONFIG_ERROR.to_owned();
                    schemas.errors.push(finding);
                    continue;
                }
            };
            let (text, _) = crate::load::decode(&bytes);
            texts.push((name, path, text));
        }
        (schemas, texts)
    }

    /// The [`Schemas::version`] that these texts make.
    pub(crate) fn version_of(texts: &[(String, PathBuf, String)]) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        for (name, _, text) in texts {
            (name, text).hash(&mut hasher);
        }
        hasher.finish()
    }

    /// Reads schemas from `(display name, path, text)` and checks them
    /// together (duplicate kinds, references between kinds).
    pub fn add_texts(&mut self, texts: Vec<(String, PathBuf, String)>) {
        self.add_texts_in(texts, &tally_i18n::Catalogue::new(tally_i18n::Lang::En));
    }

    /// [`Schemas::add_texts`], the errors in the catalogue's language.
    pub fn add_texts_in(&mut self, texts: Vec<(String, PathBuf, String)>, t: &tally_i18n::Catalogue) {
        use std::hash::{Hash, Hasher};
        self.version = Schemas::version_of(&texts);
        let mut read = Vec::new();
        for (name, path, text) in texts {
            let mut one = std::collections::hash_map::DefaultHasher::new();
            text.hash(&mut one);
            self.files.push((path.clone(), one.finish()));
            let source = Arc::new(SourceFile::new(name, path, text));
            match read_schema_in(source.clone(), t) {
                Ok(schema) => read.push(schema),
                Err((kind, errors)) => {
                    self.errors.extend(errors);
                    if let Some(kind) = kind {
                        self.broken_kinds.push(kind);
                    }
                }
            }
        }
        read.sort_by(|a, b| a.kind.cmp(&b.kind));
        for schema in read {
            if let Some(first) = self.kinds.iter().find(|s| s.kind == schema.kind) {
                let args = [
                    ("kind", tally_i18n::Arg::from(schema.kind.as_str())),
                    ("first", first.source.name.as_str().into()),
                ];
                let mut finding = read::error(&schema.source, schema.records[0].span, t.text("schema-kind-twice", &args));
                finding.help = t.attr("schema-kind-twice", "help", &args);
                self.errors.push(finding);
                continue;
            }
            self.kinds.push(Arc::new(schema));
        }
        let problems = read::check_references(&self.kinds, t);
        for (kind, finding) in problems {
            self.errors.push(finding);
            self.kinds.retain(|s| s.kind != kind);
            self.broken_kinds.push(kind);
        }
    }
}
