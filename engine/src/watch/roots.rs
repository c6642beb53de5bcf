//! What a watcher watches: the engine's data roots, rules and schemas folders (and
//! where those that are links lead), other files, and the parents of all.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};

use super::classify::{classify, Change};
use crate::engine::Engine;

/// The watched paths, made absolute (event paths are compared with them).
pub(super) struct Roots {
    /// As given to the engine, for [`Watcher::watched`].
    given: Vec<PathBuf>,
    /// Data roots, absolute.
    data: Vec<PathBuf>,
    /// The rules folder, absolute.
    rules: PathBuf,
    /// The schemas folder, absolute (a schema that changes re-checks
    /// every table of its kind).
    schemas: PathBuf,
    /// Other files whose change is a change (`WatcherBuilder::also_watch`).
    pub(super) also: Vec<PathBuf>,
    /// Where roots that are symbolic links lead (events inside come with
    /// these paths), by root.
    targets: BTreeMap<PathBuf, PathBuf>,
}

impl Roots {
    pub(super) fn new(engine: &Engine, also: &[PathBuf]) -> Roots {
        let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        let mut given: Vec<PathBuf> = engine.data_paths().to_vec();
        given.push(engine.rules_dir().to_path_buf());
        if engine.schemas_dir().is_dir() {
            given.push(engine.schemas_dir().to_path_buf());
        }
        let mut roots = Roots {
            given,
            data: engine.data_paths().iter().map(|p| absolute(p)).collect(),
            rules: absolute(engine.rules_dir()),
            schemas: absolute(engine.schemas_dir()),
            also: also.iter().map(|p| absolute(p)).collect(),
            targets: BTreeMap::new(),
        };
        roots.resolve_links();
        roots
    }

    /// Notes where every root leads now (a root replaced by a link to
    /// another folder is watched there).
    pub(super) fn resolve_links(&mut self) {
        let targets = self
            .all()
            .filter_map(|root| {
                let target = std::fs::canonicalize(root).ok()?;
                (target != *root).then(|| (root.clone(), target))
            })
            .collect();
        self.targets = targets;
    }

    pub(super) fn shown(&self) -> Vec<PathBuf> {
        self.given.clone()
    }

    pub(super) fn all(&self) -> impl Iterator<Item = &PathBuf> {
        self.data
            .iter()
            .chain(std::iter::once(&self.rules))
            .chain(std::iter::once(&self.schemas))
    }

    /// `path` as the root it lies under would name it: a path inside a
    /// link's target becomes the same path under the link.
    pub(super) fn through_links(&self, path: &Path) -> PathBuf {
        for (root, target) in &self.targets {
            if let Ok(rest) = path.strip_prefix(target) {
                return root.join(rest);
            }
        }
        path.to_path_buf()
    }

    /// Watches every root recursively (folders) and every root's parent
    /// non-recursively, so that a root that disappears and comes back, a
    /// file root replaced by a rename, and `tally.ron` are seen.
    pub(super) fn watch_all(&self, notifier: &mut RecommendedWatcher) -> Result<(), notify::Error> {
        let mut parents = BTreeSet::new();
        for root in self.all() {
            if let Some(parent) = root.parent().filter(|p| !p.as_os_str().is_empty()) {
                parents.insert(parent.to_path_buf());
            }
        }
        for file in &self.also {
            if let Some(parent) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
                parents.insert(parent.to_path_buf());
            }
        }
        for parent in &parents {
            // A parent that cannot be watched only costs the re-watching.
            let _ = notifier.watch(parent, RecursiveMode::NonRecursive);
        }
        for root in self.all() {
            if root.is_dir() {
                notifier.watch(self.targets.get(root).unwrap_or(root), RecursiveMode::Recursive)?;
            }
        }
        Ok(())
    }

    /// Watches `root` again after it was created or renamed into place
    /// (perhaps as a link to another folder).
    pub(super) fn rewatch(&mut self, notifier: &mut RecommendedWatcher, root: &Path) {
        let _ = notifier.unwatch(root);
        if let Some(old) = self.targets.get(root) {
            let _ = notifier.unwatch(old);
        }
        self.resolve_links();
        if root.is_dir() {
            let _ = notifier.watch(self.targets.get(root).map_or(root, |t| t.as_path()), RecursiveMode::Recursive);
        }
    }

    /// The roots that `path` is, or is a parent of.
    pub(super) fn roots_at<'a>(&'a self, path: &'a Path) -> impl Iterator<Item = &'a PathBuf> + 'a {
        self.all().filter(move |root| root.starts_with(path))
    }

    /// Whether a change at `path` can matter to the engine.
    pub(super) fn relevant(&self, path: &Path) -> bool {
        let path = &self.through_links(path);
        if self.roots_at(path).next().is_some() || self.also.iter().any(|f| f == path) {
            return true;
        }
        let under_data = || self.data.iter().any(|root| path.starts_with(root));
        let under_rules = || path.starts_with(&self.rules);
        let under_schemas = || path.starts_with(&self.schemas);
        match classify(path) {
            None => false,
            Some(Change::Data) => under_data() || under_schemas(),
            Some(Change::Rule) => under_rules(),
            Some(Change::Config) => true,
            Some(Change::Folder) => under_data() || under_rules() || under_schemas(),
        }
    }
}

