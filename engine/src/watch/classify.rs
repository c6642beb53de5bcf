//! Sorting a file-system event: a change of data, of a rule, of the
//! configuration, or something to ignore (an editor's swap file).

use std::path::Path;

/// What a changed path is, judged by its name alone (see [`classify`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Change {
    /// A data table: `*.ron`.
    Data,
    /// A rule or a rule module: `*.rhai`.
    Rule,
    /// The project configuration: `tally.ron`.
    Config,
    /// A name without an extension: possibly a folder that was created,
    /// deleted or renamed.
    Folder,
}

/// Sorts a changed path by its name: data, rule, configuration, folder, or
/// `None` for names that never matter.
///
/// Ignored: hidden names (`.x.ron.swp`, `.#x.ron`, VS Code's `.~x.ron`),
/// backups (`x.ron~`, `x.ron.bak`, `x.ron.orig`), vim's swap files
/// (`.swp`, `.swx`, `.swo`, …) and its `4913` write probe, Emacs lock and
/// autosave files (`#x.ron#`), temporary files (`x.tmp`, `x.ron.tmp`,
/// `x.ron.tmp.1234`, `x.ron.tmp-abc`, `x.ron.part`, `x.ron.crdownload`) and
/// any other extension.
///
/// ```
/// use tally_engine::watch::{classify, Change};
/// assert_eq!(classify("data/targets-2019.ron".as_ref()), Some(Change::Data));
/// assert_eq!(classify("data/.targets-2019.ron.swp".as_ref()), None);
/// assert_eq!(classify("data/targets-2019.ron~".as_ref()), None);
/// ```
pub fn classify(path: &Path) -> Option<Change> {
    let name = path.file_name()?.to_str()?;
    if name.is_empty()
        || name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with('#')
        || name == "4913"
    {
        return None;
    }
    if name == "tally.ron" {
        return Some(Change::Config);
    }
    let lower = name.to_ascii_lowercase();
    // `x.ron.tmp.1234`, `x.ron.tmp-abc`, `x.tmp`, `x.ron.swp.1`: a temporary
    // marker anywhere after the first dot.
    let temporary = [
        ".tmp",
        ".temp",
        ".swp",
        ".swx",
        ".swo",
        ".bak",
        ".orig",
        ".part",
        ".crdownload",
    ];
    if let Some(dot) = lower.find('.') {
        let tail = &lower[dot..];
        if temporary.iter().any(|t| {
            tail.match_indices(t).any(|(i, _)| {
                let after = &tail[i + t.len()..];
                after.is_empty()
                    || after.starts_with(['.', '-', '_', '~'])
                    || after.chars().all(|c| c.is_ascii_alphanumeric())
            })
        }) {
            return None;
        }
    }
    match Path::new(name).extension().and_then(|e| e.to_str()) {
        Some("ron") => Some(Change::Data),
        Some("rhai") => Some(Change::Rule),
        None => Some(Change::Folder),
        Some(_) => None,
    }
}

