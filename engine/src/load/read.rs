//! Reading a file that tally checks: regular files only, bounded in size,
//! never through a link that leads out of the folder being checked.

use std::path::Path;
use std::sync::Arc;

use crate::report::{Finding, Severity, Site, SourceFile, IO};
use crate::span::Span;
use tally_i18n::Catalogue;

/// An `io` finding for a file or folder that could not be read, located
/// at the start of the file so that every output format names it.
pub fn unreadable(name: &str, path: &Path, err: &std::io::Error, t: &Catalogue) -> Finding {
    let args = [("name", name.into()), ("error", io_error_text(err, t).into())];
    io_finding(name, path, t, "io-unreadable", &args)
}

/// An I/O error in the catalogue's words where it has them (the usual
/// ones), else as the system says it.
pub fn io_error_text(err: &std::io::Error, t: &Catalogue) -> String {
    use std::io::ErrorKind;
    if t.lang() == tally_i18n::Lang::En {
        return err.to_string();
    }
    let key = match err.kind() {
        ErrorKind::NotFound => "io-error-not-found",
        ErrorKind::PermissionDenied => "io-error-permission",
        ErrorKind::IsADirectory => "io-error-is-a-directory",
        ErrorKind::NotADirectory => "io-error-not-a-directory",
        ErrorKind::InvalidData => "io-error-invalid-data",
        _ => return err.to_string(),
    };
    t.text(key, &[])
}

/// An `io` finding at the start of the file `path` (which is not read),
/// with the catalogue's message `key` (its `.help`, and the label).
fn io_finding(name: &str, path: &Path, t: &Catalogue, key: &str, args: &[(&str, tally_i18n::Arg<'_>)]) -> Finding {
    let source = Arc::new(SourceFile::new(name, path, String::new()));
    let mut finding = Finding::new(IO, Severity::Error, t.text(key, args))
        .with_label(t.text("io-this-file", &[]))
        .at(Site::new(source, Span::new(0, 0), None));
    finding.help = t.attr(key, "help", args);
    finding
}

/// A finding with id `id` at the start of the file `path` (which is not
/// read), so that every output format names the file.
pub fn file_finding(name: &str, path: &Path, id: &str, message: String, help: Option<String>) -> Finding {
    let source = Arc::new(SourceFile::new(name, path, String::new()));
    let mut finding = Finding::new(id, Severity::Error, message).at(Site::new(source, Span::new(0, 0), None));
    finding.help = help;
    finding
}

/// Reads a file that tally checks: only a regular file (a named pipe would
/// block forever, a device might never end) of at most `max_bytes` bytes
/// (`limits.max_file_size`), checked before reading and while reading.
pub fn read(path: &Path, name: &str, max_bytes: u64, t: &Catalogue) -> Result<Vec<u8>, Box<Finding>> {
    use std::io::Read as _;
    let too_large = |size: u64| {
        let args = [
            ("name", name.into()),
            ("size", size_text(size, t).into()),
            ("max", size_text(max_bytes, t).into()),
        ];
        Box::new(io_finding(name, path, t, "io-too-large", &args))
    };
    let meta = std::fs::metadata(path).map_err(|err| Box::new(unreadable(name, path, &err, t)))?;
    if !meta.is_file() {
        return Err(Box::new(io_finding(name, path, t, "io-not-a-file", &[("name", name.into())])));
    }
    if meta.len() > max_bytes {
        return Err(too_large(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(|err| Box::new(unreadable(name, path, &err, t)))?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|err| Box::new(unreadable(name, path, &err, t)))?;
    if bytes.len() as u64 > max_bytes {
        // It grew while being read.
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// `12.5 MiB`, `300 bytes`.
fn size_text(bytes: u64, t: &Catalogue) -> String {
    if bytes < 1024 {
        t.text("io-bytes", &[("count", bytes.into())])
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
pub fn outside(name: &str, path: &Path, folder: &str, t: &Catalogue) -> Finding {
    io_finding(name, path, t, "io-outside", &[("name", name.into()), ("folder", folder.into())])
}

