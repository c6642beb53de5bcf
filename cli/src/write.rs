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

use tally_engine::Project;

use crate::Failure;

/// Writes `text` to `path`, replacing it whole (see the module doc).
pub fn replace(project: &Project, path: &Path, text: &str) -> Result<(), Failure> {
    replace_bytes(project, path, text.as_bytes())
}

/// Writes `bytes` (a workbook) to `path`, as [`replace`] does.
pub fn replace_bytes(project: &Project, path: &Path, text: &[u8]) -> Result<(), Failure> {
    let shown = project.shown(path);
    let refuse = |why: &str| Failure::message(format!("not writing `{shown}`: {why}"));
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            return Err(refuse(
                "it is a symbolic link; tally writes no file through a link",
            ))
        }
        Ok(meta) if !meta.is_file() => return Err(refuse("it exists and is not a regular file")),
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
        return Err(Failure::message(format!("cannot write `{shown}`: {err}")));
    }
    Ok(())
}

/// Creates `folder` and its parents inside the project, refusing a folder
/// that is (or lies below) a link leading out of the project.
pub fn create_folder(project: &Project, folder: &Path) -> Result<(), Failure> {
    let root = std::fs::canonicalize(project.root())
        .map_err(|e| Failure::message(format!("cannot read the project folder: {e}")))?;
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
        return Err(Failure::message(format!(
            "not writing into `{}`: it lies outside the project (through a symbolic link, or named so); tally writes only inside the project",
            project.shown(folder)
        )));
    }
    std::fs::create_dir_all(folder)
        .map_err(|e| Failure::message(format!("cannot create `{}`: {e}", project.shown(folder))))
}
