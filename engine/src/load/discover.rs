//! Finding the files to check under a folder.

use std::path::{Path, PathBuf};

use super::read::{inside, outside, unreadable};
use crate::report::Finding;

/// Lists the `.ron` files under `path` (a file or a directory), sorted, not
/// following symbolic links to directories more than once, nor out of
/// `path`. Unreadable directories and links that lead out are findings.
pub fn discover(path: &Path, extension: &str) -> (Vec<PathBuf>, Vec<Finding>) {
    walk(path, &[extension], false, &|p: &Path| crate::text::display(p), None)
}

/// [`discover`], with findings naming paths as `name` shows them, in the
/// catalogue's language.
pub fn discover_named(
    path: &Path,
    extension: &str,
    name: &dyn Fn(&Path) -> String,
    t: &tally_i18n::Catalogue,
) -> (Vec<PathBuf>, Vec<Finding>) {
    walk(path, &[extension], false, name, Some(t))
}

/// [`discover_named`] for files with any of `extensions`, in any case
/// (`附件.XLSX`): the workbooks, in one walk.
pub fn discover_any(
    path: &Path,
    extensions: &[&str],
    name: &dyn Fn(&Path) -> String,
    t: &tally_i18n::Catalogue,
) -> (Vec<PathBuf>, Vec<Finding>) {
    walk(path, extensions, true, name, Some(t))
}

/// The walk; without a catalogue, findings are in English.
fn walk(
    path: &Path,
    extensions: &[&str],
    any_case: bool,
    name: &dyn Fn(&Path) -> String,
    t: Option<&tally_i18n::Catalogue>,
) -> (Vec<PathBuf>, Vec<Finding>) {
    let mut files = Vec::new();
    let mut findings = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    let root = std::fs::canonicalize(path).ok().filter(|_| path.is_dir());
    let walker = Walker {
        extensions,
        any_case,
        root: root.as_deref(),
        folder: name(path),
        name,
        t,
    };
    walker.walk(path, &mut files, &mut findings, &mut seen, 0);
    files.sort();
    files.dedup();
    (files, findings)
}

struct Walker<'a> {
    extensions: &'a [&'a str],
    /// Whether `X.XLSX` counts as `xlsx` (workbooks; `.ron` is exact).
    any_case: bool,
    /// The canonical folder being searched; nothing outside it is listed.
    root: Option<&'a Path>,
    folder: String,
    name: &'a dyn Fn(&Path) -> String,
    t: Option<&'a tally_i18n::Catalogue>,
}

impl Walker<'_> {
    fn say<R>(&self, f: impl FnOnce(&tally_i18n::Catalogue) -> R) -> R {
        match self.t {
            Some(t) => f(t),
            None => f(&tally_i18n::Catalogue::new(tally_i18n::Lang::En)),
        }
    }

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
                findings.push(self.say(|t| unreadable(&(self.name)(path), path, &err, t)));
                return;
            }
        };
        if let Some(root) = self.root {
            if !inside(path, root) {
                findings.push(self.say(|t| outside(&(self.name)(path), path, &self.folder, t)));
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
                findings.push(self.say(|t| unreadable(&(self.name)(path), path, &err, t)));
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
            let wanted = child
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| self.extensions.iter().any(|x| *x == e || (self.any_case && x.eq_ignore_ascii_case(e))));
            if child.is_dir() || wanted {
                self.walk(&child, files, findings, seen, depth + 1);
            }
        }
    }
}

