//! Reading a file that tally checks: regular files only, bounded in size,
//! never through a link that leads out of the folder being checked.

use std::path::Path;
use std::sync::Arc;

use crate::report::{Finding, Severity, Site, SourceFile, IO};
use crate::span::Span;

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

