//! The only way the `tally` binary writes a file: a regular file inside the
//! project, never through a symbolic link, replaced whole.
//!
//! The new text goes to a temporary file beside the target, which is then
//! renamed over it: Ctrl-C during a large baseline leaves the old file or
//! the new one, never an empty one. A link (even one that leads into the
//! project) is refused, so that a link planted in a data repository
//! (`tally-baseline.json -> ~/.bashrc`) cannot make tally overwrite what it
//! points at.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use tally_engine::{Catalogue, Project};

use crate::Failure;

/// Writes `text` to `path`, replacing it whole (see the module doc).
pub fn replace(project: &Project, path: &Path, text: &str) -> Result<(), Failure> {
    replace_bytes(project, path, text.as_bytes())
}

/// Writes `bytes` (a workbook) to `path`, as [`replace`] does.
pub fn replace_bytes(project: &Project, path: &Path, text: &[u8]) -> Result<(), Failure> {
    let shown = project.shown(path);
    let t = || Catalogue::new(project.lang());
    let refuse = |key: &str| Failure::message(t().text(key, &[("file", shown.as_str().into())]));
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => return Err(refuse("write-refuse-link")),
        Ok(meta) if !meta.is_file() => return Err(refuse("write-refuse-not-a-file")),
        _ => {}
    }
    let folder = path.parent().unwrap_or(Path::new("."));
    create_folder(project, folder)?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = folder.join(format!(".{file_name}.tally-{}.tmp", std::process::id()));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temporary)
        .and_then(|mut file| {
            file.write_all(text)?;
            file.sync_all()
        })
        .and_then(|()| std::fs::rename(&temporary, path));
    if let Err(err) = written {
        let _ = std::fs::remove_file(&temporary);
        let args = [("file", shown.as_str().into()), ("error", err.to_string().into())];
        return Err(Failure::message(t().text("write-failed", &args)));
    }
    Ok(())
}

/// Creates `folder` and its parents inside the project, refusing a folder
/// that is (or lies below) a link leading out of the project.
pub fn create_folder(project: &Project, folder: &Path) -> Result<(), Failure> {
    let t = || Catalogue::new(project.lang());
    let root = std::fs::canonicalize(project.root()).map_err(|e| {
        Failure::message(t().text("write-project-unreadable", &[("error", e.to_string().into())]))
    })?;
    // The nearest part of the path that exists decides where it leads.
    let mut existing: PathBuf = folder.to_path_buf();
    while std::fs::symlink_metadata(&existing).is_err() {
        match existing.parent() {
            Some(parent) => existing = parent.to_path_buf(),
            None => break,
        }
    }
    let leads_to = std::fs::canonicalize(&existing).unwrap_or(existing);
    if !leads_to.starts_with(&root) {
        return Err(Failure::message(t().text(
            "write-refuse-outside",
            &[("folder", project.shown(folder).into())],
        )));
    }
    std::fs::create_dir_all(folder).map_err(|e| {
        let args = [
            ("folder", project.shown(folder).into()),
            ("error", e.to_string().into()),
        ];
        Failure::message(t().text("write-create-failed", &args))
    })
}
