//! The RON loader: bytes on disk to a [`Document`] with a location for
//! every value.
//!
//! Loading never fails as a whole: a file that cannot be read, is not UTF-8
//! or is not RON becomes a finding (`io`, `parse`) with a location, and the
//! other files are still checked.

mod fit;
mod parser;
mod shape;

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use parser::{parse, ParseError};
pub use shape::{describe as describe_ron_error, innermost, DuplicateKeyCheck, ShapeCheck};

use crate::report::{Finding, Severity, Site, SourceFile, IO, PARSE};
use crate::span::{Document, NodeId, Span};

/// A data file as loaded: its source and, if it parsed, its span index.
#[derive(Debug, Clone)]
pub struct DataFile {
    /// The text and its display name.
    pub source: Arc<SourceFile>,
    /// The parsed tree, `None` if the file is not valid RON.
    pub document: Option<Arc<Document>>,
}

impl DataFile {
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
        let name = self.source.name.rsplit(['/', '\\']).next().unwrap_or("");
        name.strip_suffix(".ron").unwrap_or(name)
    }

    /// A site for a node of this file's document.
    pub fn site(&self, node: NodeId) -> Option<Site> {
        let doc = self.document.as_ref()?;
        let span = doc.get(node)?.span;
        Some(Site::new(self.source.clone(), span, Some(doc.path(node))))
    }
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

/// Parses the text of a data file that has been read already.
pub fn load_text(
    name: impl Into<String>,
    path: impl Into<PathBuf>,
    bytes: &[u8],
) -> (DataFile, Option<Finding>) {
    let (text, bad_utf8) = decode(bytes);
    let source = Arc::new(SourceFile::new(name, path, text));
    if let Some(offset) = bad_utf8 {
        let end = source.text[offset..]
            .chars()
            .next()
            .map_or(offset, |c| offset + c.len_utf8());
        let finding = Finding::new(PARSE, Severity::Error, "file is not valid UTF-8")
            .with_label("invalid byte sequence")
            .with_help("save the file as UTF-8 (the byte sequence here was replaced by `\u{FFFD}`)")
            .at(Site::new(source.clone(), Span::new(offset, end), None));
        return (
            DataFile {
                source,
                document: None,
            },
            Some(finding),
        );
    }
    match parse(&source.text) {
        Ok(document) => (
            DataFile {
                source,
                document: Some(Arc::new(document)),
            },
            None,
        ),
        Err(err) => {
            let finding = Finding::new(PARSE, Severity::Error, err.message.clone())
                .with_label("here")
                .with_help("fix the RON syntax; the other files are still checked")
                .at(Site::new(source.clone(), err.span, None));
            (
                DataFile {
                    source,
                    document: None,
                },
                Some(finding),
            )
        }
    }
}

/// An `io` finding for a file that could not be read.
pub fn unreadable(name: &str, err: &std::io::Error) -> Finding {
    Finding::new(IO, Severity::Error, format!("cannot read `{name}`: {err}"))
        .with_help("check that the path is a readable file")
}

/// Lists the `.ron` files under `path` (a file or a directory), sorted, not
/// following symbolic links to directories more than once. Unreadable
/// directories become findings.
pub fn discover(path: &Path, extension: &str) -> (Vec<PathBuf>, Vec<Finding>) {
    let mut files = Vec::new();
    let mut findings = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    walk(path, extension, &mut files, &mut findings, &mut seen, 0);
    files.sort();
    files.dedup();
    (files, findings)
}

fn walk(
    path: &Path,
    extension: &str,
    files: &mut Vec<PathBuf>,
    findings: &mut Vec<Finding>,
    seen: &mut std::collections::BTreeSet<PathBuf>,
    depth: usize,
) {
    if depth > 64 {
        return;
    }
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(err) => {
            findings.push(unreadable(&display(path), &err));
            return;
        }
    };
    if meta.is_file() {
        files.push(path.to_path_buf());
        return;
    }
    if !meta.is_dir() {
        return;
    }
    // A symlink loop would otherwise walk forever.
    let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    if !seen.insert(canonical) {
        return;
    }
    let entries = match std::fs::read_dir(path) {
        Ok(entries) => entries,
        Err(err) => {
            findings.push(unreadable(&display(path), &err));
            return;
        }
    };
    let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    children.sort();
    for child in children {
        let name = child.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') {
            continue;
        }
        if child.is_dir() {
            walk(&child, extension, files, findings, seen, depth + 1);
        } else if child.extension().and_then(|e| e.to_str()) == Some(extension) {
            files.push(child);
        }
    }
}

/// A path as shown to users: forward slashes.
pub fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}
