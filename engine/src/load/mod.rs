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
pub use shape::{describe as describe_ron_error, fits_shape, innermost, DuplicateKeyCheck, ShapeCheck};

use crate::report::{Finding, Severity, Site, SourceFile, IO, PARSE};
use crate::span::{Document, NodeId, Span};

/// A data file as loaded: its source and, if it parsed, its span index.
#[derive(Debug, Clone)]
pub struct DataFile {
    /// The text and its display name.
    pub source: Arc<SourceFile>,
    /// The parsed tree, `None` if the file is not valid RON.
    pub document: Option<Arc<Document>>,
    /// Whether the quick walk of the span index ([`fit`]) found that the
    /// table fits its shipped kind and holds no figure that is not a
    /// finite number (`true` for any other kind, `false` if the file did
    /// not parse; a `false` is explained by the `shape` check, which asks
    /// ron). Worked out once, by the loader, in parallel with the other
    /// files: the `shape` check and the rule runtime both need it, and on
    /// a national table it costs as much as a rule.
    pub quick_fit: bool,
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
    load_decoded(name, path, text, bad_utf8)
}

/// As [`load_text`], taking the bytes; also returns them when the text is
/// not a copy of them (see [`decode_owned`]).
pub fn load_bytes(
    name: impl Into<String>,
    path: impl Into<PathBuf>,
    bytes: Vec<u8>,
) -> (DataFile, Option<Finding>, Option<Vec<u8>>) {
    let (text, bad_utf8, kept) = decode_owned(bytes);
    let (file, finding) = load_decoded(name, path, text, bad_utf8);
    (file, finding, kept)
}

fn load_decoded(
    name: impl Into<String>,
    path: impl Into<PathBuf>,
    text: String,
    bad_utf8: Option<usize>,
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
                quick_fit: false,
            },
            Some(finding),
        );
    }
    match parse(&source.text) {
        Ok(document) => {
            let quick_fit = document
                .root_name()
                .is_none_or(|kind| fit::fits_kind(kind, &document, &source.text))
                && shape::bad_numbers_in(&document, &source.text).is_empty();
            (
                DataFile {
                    source,
                    document: Some(Arc::new(document)),
                    quick_fit,
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
                    quick_fit: false,
                },
                Some(finding),
            )
        }
    }
}

/// An `io` finding for a file or folder that could not be read, located
/// at the start of the file so that every output format names it.
pub fn unreadable(name: &str, path: &Path, err: &std::io::Error) -> Finding {
    io_finding(name, path, format!("cannot read `{name}`: {err}"))
        .with_help("check that the path is a readable file")
}

/// An `io` finding at the start of the file `path` (which is not read).
fn io_finding(name: &str, path: &Path, message: String) -> Finding {
    let source = Arc::new(SourceFile::new(name, path, String::new()));
    Finding::new(IO, Severity::Error, message)
        .with_label("this file")
        .at(Site::new(source, Span::new(0, 0), None))
}

/// Reads a file that tally checks: only a regular file (a named pipe would
/// block forever, a device might never end) of at most `max_bytes` bytes
/// (`limits.max_file_size`), checked before reading and while reading.
pub fn read(path: &Path, name: &str, max_bytes: u64) -> Result<Vec<u8>, Box<Finding>> {
    use std::io::Read as _;
    let too_large = |size: u64| {
        Box::new(
            io_finding(
                name,
                path,
                format!(
                    "`{name}` is {}, more than the {} a file may have",
                    size_text(size),
                    size_text(max_bytes)
                ),
            )
            .with_help("split the file, or raise `limits.max_file_size` (bytes) in tally.ron"),
        )
    };
    let meta = std::fs::metadata(path).map_err(|err| Box::new(unreadable(name, path, &err)))?;
    if !meta.is_file() {
        return Err(Box::new(
            io_finding(name, path, format!("`{name}` is not a regular file"))
                .with_help("tally reads only regular files; remove it or rename it so that it does not end in the extension tally looks for"),
        ));
    }
    if meta.len() > max_bytes {
        return Err(too_large(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(|err| Box::new(unreadable(name, path, &err)))?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|err| Box::new(unreadable(name, path, &err)))?;
    if bytes.len() as u64 > max_bytes {
        // It grew while being read.
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// `12.5 MiB`, `300 bytes`.
fn size_text(bytes: u64) -> String {
    if bytes < 1024 {
        format!("{bytes} bytes")
    } else if bytes < 1 << 20 {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    } else {
        format!("{:.1} MiB", bytes as f64 / (1 << 20) as f64)
    }
}

/// Whether `path`, with symbolic links followed, lies inside the folder
/// whose canonical path is `root`.
pub fn inside(path: &Path, root: &Path) -> bool {
    std::fs::canonicalize(path).is_ok_and(|p| p.starts_with(root))
}

/// An `io` finding for a file or folder that a symbolic link takes outside
/// the folder being checked (`data/env.ron -> /proc/self/environ` would
/// otherwise print the CI's environment in a parse error).
pub fn outside(name: &str, path: &Path, folder: &str) -> Finding {
    io_finding(
        name,
        path,
        format!("`{name}` is a symbolic link that leads outside `{folder}`; it is not read"),
    )
    .with_help("tally reads only what lies inside the folders it checks; copy the file in, or name its folder as a path to check")
}

/// Lists the `.ron` files under `path` (a file or a directory), sorted, not
/// following symbolic links to directories more than once, nor out of
/// `path`. Unreadable directories and links that lead out are findings.
pub fn discover(path: &Path, extension: &str) -> (Vec<PathBuf>, Vec<Finding>) {
    discover_named(path, extension, &|p: &Path| display(p))
}

/// [`discover`], with findings naming paths as `name` shows them.
pub fn discover_named(
    path: &Path,
    extension: &str,
    name: &dyn Fn(&Path) -> String,
) -> (Vec<PathBuf>, Vec<Finding>) {
    let mut files = Vec::new();
    let mut findings = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    let root = std::fs::canonicalize(path).ok().filter(|_| path.is_dir());
    let walker = Walker {
        extension,
        root: root.as_deref(),
        folder: name(path),
        name,
    };
    walker.walk(path, &mut files, &mut findings, &mut seen, 0);
    files.sort();
    files.dedup();
    (files, findings)
}

struct Walker<'a> {
    extension: &'a str,
    /// The canonical folder being searched; nothing outside it is listed.
    root: Option<&'a Path>,
    folder: String,
    name: &'a dyn Fn(&Path) -> String,
}

impl Walker<'_> {
    fn walk(
        &self,
        path: &Path,
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
                findings.push(unreadable(&(self.name)(path), path, &err));
                return;
            }
        };
        if let Some(root) = self.root {
            if !inside(path, root) {
                findings.push(outside(&(self.name)(path), path, &self.folder));
                return;
            }
        }
        if !meta.is_dir() {
            // A regular file, or something else named `*.ron` that
            // reading reports (a named pipe is not opened).
            files.push(path.to_path_buf());
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
                findings.push(unreadable(&(self.name)(path), path, &err));
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
            if child.is_dir() || child.extension().and_then(|e| e.to_str()) == Some(self.extension) {
                self.walk(&child, files, findings, seen, depth + 1);
            }
        }
    }
}

/// A path as shown to users: forward slashes.
pub fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}
