//! The RON loader: bytes on disk to a [`Document`] with a location for
//! every value.
//!
//! Loading never fails as a whole: a file that cannot be read, is not UTF-8
//! or is not RON becomes a finding (`io`, `parse`) with a location, and the
//! other files are still checked.

mod discover;
mod kind;
mod parser;
mod read;

use std::path::PathBuf;
use std::sync::Arc;

#[cfg(feature = "internals")]
pub use parser::{parse_split, ParseError, Split};
pub use parser::{parse, parse_with};
pub use discover::{discover, discover_any, discover_named};
pub use kind::{bad_numbers, describe_ron_error, ron_span};
pub use read::{file_finding, inside, io_error_text, outside, read, read_contents, unreadable, Contents};

use crate::report::{Finding, Severity, Site, SourceFile, PARSE};
use crate::span::{Document, NodeId, NodeKind, PathSegment, Span};

/// A data file as loaded: its source and, if it parsed, its span index.
#[derive(Debug, Clone)]
pub struct DataFile {
    /// The text and its display name.
    pub source: Arc<SourceFile>,
    /// The parsed tree, `None` if the file is not valid RON.
    pub document: Option<Arc<Document>>,
    /// What checking the table against its kind's schema found (empty
    /// until the engine has checked it). Worked out once per file, on the
    /// workers, beside the parse: on a national table it costs as much as
    /// a rule.
    pub(crate) shape: Arc<Shape>,
}

/// What the schema check of one file found: its `shape` findings, the
/// values that broke the schema (rules read them as unassigned), and the
/// values that must be names of another table.
#[derive(Debug, Clone, Default)]
pub struct Shape {
    /// `shape` findings, at the error severity (the check applies the
    /// configured one).
    pub findings: Vec<Finding>,
    /// Nodes whose value breaks the schema, sorted, each with what rules
    /// read in its place.
    pub broken: Vec<(NodeId, Empty)>,
    /// Fields whose values must be names of another table.
    pub references: Vec<ReferenceUse>,
    /// The `key` fields the kind's schema declares for its records: they
    /// name a list member in a finding's identity path (baselines) before
    /// the usual `name`, `region`, `number`, `text`.
    pub key_fields: Vec<String>,
}

impl Shape {
    /// What rules read in place of node `id`, if its value breaks its
    /// schema.
    pub fn broken(&self, id: NodeId) -> Option<Empty> {
        if self.broken.is_empty() {
            return None;
        }
        let i = self.broken.binary_search_by_key(&id, |(n, _)| *n).ok()?;
        Some(self.broken[i].1)
    }
}

/// What a rule reads in place of a value that breaks its schema, or of a
/// declared field that is left out: the empty value of the declared type,
/// so that `for s in t.sheets` and `row.total.score` still run (over
/// nothing) while the `shape` finding says what is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Empty {
    /// `()`: a figure, a text, a flag, anything declared `or None`.
    Unassigned,
    /// `[]`: a list.
    List,
    /// `#{}`: a map or a record (each of its fields reads `()`).
    Map,
}

/// A field whose value holds names of another table (its texts, or its
/// map's keys): the record and field of the schema that say so (indexes)
/// and the field's value node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReferenceUse {
    /// Index of the record in its schema.
    pub record: u32,
    /// Index of the field in the record.
    pub field: u32,
    /// The field's value.
    pub node: NodeId,
}

impl DataFile {
    /// Reads and parses the data file at `path` (shown as `name`), at most
    /// `max_bytes` long. A file that is not RON still comes back (without
    /// a document) with its `parse` finding, in the catalogue's language;
    /// a file that cannot be read is an `io` finding.
    pub fn read(
        path: &std::path::Path,
        name: &str,
        max_bytes: u64,
        catalogue: &tally_i18n::Catalogue,
    ) -> Result<(DataFile, Option<Finding>), Box<Finding>> {
        let bytes = read(path, name, max_bytes, catalogue)?;
        let (file, finding, _) = load_bytes(name, path, bytes, catalogue);
        Ok((file, finding))
    }

    /// The file's display name (`data/targets-2019.ron`).
    pub fn name(&self) -> &str {
        &self.source.name
    }

    /// The table kind: the root struct's name (`TargetTable`), if any.
    pub fn kind(&self) -> Option<&str> {
        self.document.as_ref()?.root_name()
    }

    /// The stem of the file name (`targets-2019`), the key under which
    /// rules find the file in `data`.
    pub fn stem(&self) -> &str {
        if let Some(cells) = self.source.cells.as_ref().filter(|c| !c.stem().is_empty()) {
            return cells.stem();
        }
        let name = self.source.name.rsplit(['/', '\\']).next().unwrap_or("");
        name.strip_suffix(".ron").unwrap_or(name)
    }

    /// A site for a node of this file's document, with its tree path and
    /// its path by identity ([`identity_path`]).
    pub fn site(&self, node: NodeId) -> Option<Site> {
        let doc = self.document.as_ref()?;
        let span = doc.span(node)?;
        let mut site = Site::new(self.source.clone(), span, Some(doc.path(node)));
        site.key = Some(identity_path(doc, node, &self.shape.key_fields));
        Some(site)
    }
}

/// The fields whose value names a member of a list, in the order they are
/// tried: `sheets[annex=3]`, `tasks[number=16]`, `indicators[name=…]`,
/// `rows[region=鹿城区]`, `items[text=…]`.
///
/// This is the hook for schemas: once a table kind's schema declares the
/// key field of a list, [`member_key`] asks the schema first and falls
/// back to these names only for lists it says nothing about.
pub const KEY_FIELDS: &[&str] = &["annex", "number", "name", "region", "text"];

/// `field=value` for a list member that is a struct with a text or whole
/// number in one of `declared` (the `key` fields its kind's schema
/// declares), else of the [`KEY_FIELDS`] (through `Some(…)`).
pub fn member_key(doc: &Document, item: NodeId, declared: &[String]) -> Option<String> {
    let node = doc.unwrap_some(item);
    declared.iter().map(String::as_str).chain(KEY_FIELDS.iter().copied()).find_map(|field| {
        let value = doc.unwrap_some(doc.field(node, field)?);
        match doc.kind(value)? {
            NodeKind::Str(text) => Some(format!("{field}={text}")),
            NodeKind::Int(n) => Some(format!("{field}={n}")),
            _ => None,
        }
    })
}

/// The path of a node as [`Document::path`] writes it, except that a list
/// member with an identity ([`member_key`]) is named by it instead of by
/// its position: `sheets[annex=3].indicators[name=工业 APP 开发应用].high`.
/// Inserting or moving rows leaves it unchanged, which is what a baseline
/// entry needs to stay accepted.
pub fn identity_path(doc: &Document, id: NodeId, declared: &[String]) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for (node, segment) in doc.segments(id) {
        match segment {
            PathSegment::Root | PathSegment::Some => {}
            PathSegment::Field(name) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(&name);
            }
            PathSegment::Index(i) => match member_key(doc, node, declared) {
                Some(key) => {
                    let _ = write!(out, "[{key}]");
                }
                None => {
                    let _ = write!(out, "[{i}]");
                }
            },
            PathSegment::Key(key) => {
                let _ = write!(out, "[{key:?}]");
            }
            PathSegment::KeyOf(key) => {
                let _ = write!(out, "[{key:?}]@key");
            }
        }
    }
    out
}

/// Decodes file bytes: strips a UTF-8 byte order mark; invalid UTF-8 is
/// decoded lossily and reported at the first invalid byte.
pub fn decode(bytes: &[u8]) -> (String, Option<usize>) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_owned(), None),
        Err(err) => {
            // Lossy decoding keeps every valid prefix byte-for-byte, so the
            // offset of the first bad byte is the same in the decoded text.
            (
                String::from_utf8_lossy(bytes).into_owned(),
                Some(err.valid_up_to()),
            )
        }
    }
}

/// Decodes file bytes as [`decode`] does, without copying them when they
/// are plain UTF-8 (a national table is tens of MB). The bytes come back
/// too when the text is not a byte-for-byte copy of them (a byte order
/// mark, invalid UTF-8), so that a later read can be compared with them.
pub fn decode_owned(bytes: Vec<u8>) -> (String, Option<usize>, Option<Vec<u8>>) {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        let (text, bad) = decode(&bytes);
        return (text, bad, Some(bytes));
    }
    match String::from_utf8(bytes) {
        Ok(text) => (text, None, None),
        Err(err) => {
            let bytes = err.into_bytes();
            let (text, bad) = decode(&bytes);
            (text, bad, Some(bytes))
        }
    }
}

/// Parses the text of a data file that has been read already.
pub fn load_text(
    name: impl Into<String>,
    path: impl Into<PathBuf>,
    bytes: &[u8],
) -> (DataFile, Option<Finding>) {
    let (text, bad_utf8) = decode(bytes);
    load_decoded(name, path, text, bad_utf8, None, 1)
}

/// As [`load_text`], taking the bytes, with the finding (if any) in the
/// catalogue's language; also returns the bytes when the text is not a
/// copy of them (see [`decode_owned`]).
pub fn load_bytes(
    name: impl Into<String>,
    path: impl Into<PathBuf>,
    bytes: Vec<u8>,
    catalogue: &tally_i18n::Catalogue,
) -> (DataFile, Option<Finding>, Option<Vec<u8>>) {
    load_contents(name, path, Contents::Bytes(bytes), catalogue, 1)
}

/// As [`load_bytes`], from what [`read_contents`] read, parsing on up to
/// `threads` threads (see [`parse_with`]; the result is the same whatever
/// their number).
pub fn load_contents(
    name: impl Into<String>,
    path: impl Into<PathBuf>,
    contents: Contents,
    catalogue: &tally_i18n::Catalogue,
    threads: usize,
) -> (DataFile, Option<Finding>, Option<Vec<u8>>) {
    let (text, bad_utf8, kept) = match contents {
        Contents::Text(text) => (text, None, None),
        Contents::Bytes(bytes) => decode_owned(bytes),
    };
    let (file, finding) = load_decoded(name, path, text, bad_utf8, Some(catalogue), threads);
    (file, finding, kept)
}

/// Parses the RON text of a table read from a workbook: its findings and
/// the sites rules make are in that text until the engine moves them to
/// their cells (`cells`).
pub fn load_table(
    name: impl Into<String>,
    path: impl Into<PathBuf>,
    text: String,
    cells: Arc<crate::report::CellMap>,
    catalogue: &tally_i18n::Catalogue,
) -> (DataFile, Option<Finding>) {
    let source = SourceFile::new(name, path, text).with_cells(cells);
    load_source(source, None, Some(catalogue), 1)
}

fn load_decoded(
    name: impl Into<String>,
    path: impl Into<PathBuf>,
    text: String,
    bad_utf8: Option<usize>,
    catalogue: Option<&tally_i18n::Catalogue>,
    threads: usize,
) -> (DataFile, Option<Finding>) {
    load_source(SourceFile::new(name, path, text), bad_utf8, catalogue, threads)
}

fn load_source(
    source: SourceFile,
    bad_utf8: Option<usize>,
    catalogue: Option<&tally_i18n::Catalogue>,
    threads: usize,
) -> (DataFile, Option<Finding>) {
    let source = Arc::new(source);
    // English unless told; made only for a file that has a finding.
    let say = |key: &str, args: &[(&str, tally_i18n::Arg<'_>)]| -> (String, Option<String>, Option<String>) {
        let english;
        let t = match catalogue {
            Some(t) => t,
            None => {
                english = tally_i18n::Catalogue::new(tally_i18n::Lang::En);
                &english
            }
        };
        (t.text(key, args), t.attr(key, "label", args), t.attr(key, "help", args))
    };
    if let Some(offset) = bad_utf8 {
        let end = source.text[offset..]
            .chars()
            .next()
            .map_or(offset, |c| offset + c.len_utf8());
        let (message, label, help) = say("parse-utf8", &[]);
        let mut finding =
            Finding::new(PARSE, Severity::Error, message).at(Site::new(source.clone(), Span::new(offset, end), None));
        finding.label = label;
        finding.help = help;
        return (
            DataFile {
                source,
                document: None,
                shape: Arc::default(),
            },
            Some(finding),
        );
    }
    match parse_with(&source.text, threads) {
        Ok(document) => {
            (
                DataFile {
                    source,
                    document: Some(Arc::new(document)),
                    shape: Arc::default(),
                },
                None,
            )
        }
        Err(err) => {
            let (message, label, help) = say("parse-syntax", &[("message", err.message.as_str().into())]);
            let mut finding =
                Finding::new(PARSE, Severity::Error, message).at(Site::new(source.clone(), err.span, None));
            finding.label = label;
            finding.help = help;
            (
                DataFile {
                    source,
                    document: None,
                    shape: Arc::default(),
                },
                Some(finding),
            )
        }
    }
}

