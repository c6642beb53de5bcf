//! The RON loader: bytes on disk to a [`Document`] with a location for
//! every value.
//!
//! Loading never fails as a whole: a file that cannot be read, is not UTF-8
//! or is not RON becomes a finding (`io`, `parse`) with a location, and the
//! other files are still checked.

mod discover;
mod fit;
mod kind;
mod parser;
mod read;

use std::path::PathBuf;
use std::sync::Arc;

#[cfg(feature = "internals")]
pub use parser::{parse_split, ParseError, Split};
pub use parser::{parse, parse_with};
pub use discover::{discover, discover_named};
pub use kind::{bad_numbers, describe_ron_error, ron_span};
pub use read::{inside, outside, read, unreadable};

use crate::report::{Finding, Severity, Site, SourceFile, PARSE};
use crate::span::{Document, NodeId, Span};

/// A data file as loaded: its source and, if it parsed, its span index.
#[derive(Debug, Clone)]
pub struct DataFile {
    /// The text and its display name.
    pub source: Arc<SourceFile>,
    /// The parsed tree, `None` if the file is not valid RON.
    pub document: Option<Arc<Document>>,
    /// Whether the table fits its kind (see `load::kind`; `false` if
    /// the file did not parse). A `false` is explained by the `shape`
    /// check; `tables(kind)` and `table(kind)` leave such a table out, so
    /// that rules can trust the shape. Worked out once, by the loader, in
    /// parallel with the other files: on a national table it costs as much
    /// as a rule.
    pub fits_kind: bool,
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
    load_decoded(name, path, text, bad_utf8, 1)
}

/// As [`load_text`], taking the bytes; also returns them when the text is
/// not a copy of them (see [`decode_owned`]).
/// Parses on up to `threads` threads (see [`parse_with`]; the result is
/// the same whatever their number).
pub fn load_bytes_with(
    name: impl Into<String>,
    path: impl Into<PathBuf>,
    bytes: Vec<u8>,
    threads: usize,
) -> (DataFile, Option<Finding>, Option<Vec<u8>>) {
    let (text, bad_utf8, kept) = decode_owned(bytes);
    let (file, finding) = load_decoded(name, path, text, bad_utf8, threads);
    (file, finding, kept)
}

fn load_decoded(
    name: impl Into<String>,
    path: impl Into<PathBuf>,
    text: String,
    bad_utf8: Option<usize>,
    threads: usize,
) -> (DataFile, Option<Finding>) {
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
                fits_kind: false,
            },
            Some(finding),
        );
    }
    match parse_with(&source.text, threads) {
        Ok(document) => {
            let fits_kind = kind::fits_kind(&document, &source.text);
            (
                DataFile {
                    source,
                    document: Some(Arc::new(document)),
                    fits_kind,
                },
                None,
            )
        }
        Err(err) => {
            let finding = Finding::new(PARSE, Severity::Error, err.message.clone())
                .with_label("here")
                .with_help("fix the RON syntax; the other files are still checked")
                .at(Site::new(source.clone(), err.span, None));
            (
                DataFile {
                    source,
                    document: None,
                    fits_kind: false,
                },
                Some(finding),
            )
        }
    }
}

