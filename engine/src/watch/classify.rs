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
    if lower.ends_with(".checks.ron") {
        // Checks written as data are rules.
        return Some(Change::Rule);
    }
    // Excel's owner file of an open workbook.
    if name.starts_with("~$") {
        return None;
    }
    match Path::new(name).extension().and_then(|e| e.to_str()) {
        Some("ron") => Some(Change::Data),
        // Workbooks checked in place (tally.ron's `workbooks`).
        Some(e) if ["xlsx", "xlsm", "xls", "ods", "csv"].iter().any(|w| w.eq_ignore_ascii_case(e)) => {
            Some(Change::Data)
        }
        Some("rhai") => Some(Change::Rule),
        None => Some(Change::Folder),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(name: &str) -> Option<Change> {
        classify(Path::new(name))
    }

    #[test]
    fn data_rules_and_config() {
        assert_eq!(class("data/targets-2019.ron"), Some(Change::Data));
        assert_eq!(class("/abs/data/sub/units.ron"), Some(Change::Data));
        assert_eq!(class("rules/breakdown-sum-mismatch.rhai"), Some(Change::Rule));
        assert_eq!(class("rules/lib/targets.rhai"), Some(Change::Rule));
        assert_eq!(class("rules/ranks.checks.ron"), Some(Change::Rule));
        assert_eq!(class("tally.ron"), Some(Change::Config));
        assert_eq!(class("/p/tally.ron"), Some(Change::Config));
        assert_eq!(class("data/sub"), Some(Change::Folder));
        assert_eq!(class("data"), Some(Change::Folder));
        assert_eq!(class("数据/指标.ron"), Some(Change::Data));
        assert_eq!(class("data/附件.xlsx"), Some(Change::Data));
        assert_eq!(class("data/~$附件.xlsx"), None);
    }

    #[test]
    fn vim_files() {
        assert_eq!(class("data/.targets-2019.ron.swp"), None);
        assert_eq!(class("data/.targets-2019.ron.swx"), None);
        assert_eq!(class("data/.targets-2019.ron.swo"), None);
        assert_eq!(class("data/targets-2019.ron~"), None);
        assert_eq!(class("data/4913"), None);
        assert_eq!(class("rules/.rule.rhai.swp"), None);
    }

    #[test]
    fn emacs_and_vscode_files() {
        assert_eq!(class("data/.#targets-2019.ron"), None);
        assert_eq!(class("data/#targets-2019.ron#"), None);
        assert_eq!(class("data/.~targets-2019.ron"), None);
        assert_eq!(class("data/.targets-2019.ron.tmp"), None);
    }

    #[test]
    fn temporary_and_backup_files() {
        assert_eq!(class("data/targets-2019.ron.tmp"), None);
        assert_eq!(class("data/targets-2019.tmp"), None);
        assert_eq!(class("data/targets-2019.ron.tmp.1234"), None);
        assert_eq!(class("data/targets-2019.ron.tmp-x7Yz"), None);
        assert_eq!(class("data/targets-2019.ron.TMP"), None);
        assert_eq!(class("data/targets-2019.ron.bak"), None);
        assert_eq!(class("data/targets-2019.ron.orig"), None);
        assert_eq!(class("data/targets-2019.ron.part"), None);
        assert_eq!(class("rules/x.rhai.tmp.99"), None);
    }

    #[test]
    fn other_names() {
        assert_eq!(class("data/notes.txt"), None);
        assert_eq!(class("data/table.json"), None);
        assert_eq!(class(""), None);
        assert_eq!(class("/"), None);
        // Names that merely contain a temporary marker are kept.
        assert_eq!(class("data/template.ron"), Some(Change::Data));
        assert_eq!(class("data/tmp-figures.ron"), Some(Change::Data));
        assert_eq!(class("data/x.tmpl.ron"), Some(Change::Data));
    }
}
