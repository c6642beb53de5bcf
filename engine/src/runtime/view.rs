//! The data as rules see it: every data file of a run, shared by every
//! rule, and the `data` map handed to `check(data)`.

use foldhash::HashMap;
use std::sync::{Arc, Mutex};

use rhai::{Dynamic, Map};

use rhai::{EvalAltResult, Position};

use super::list::DataList;
use super::registry::Registry;
use super::value;
use super::view_file::ViewFile;
use crate::report::Site;
use crate::schema::Schemas;
use crate::span::NodeId;

/// All data files of a run, shared by every rule.
#[derive(Debug, Default)]
pub struct DataView {
    /// Files in name order.
    pub files: Vec<Arc<ViewFile>>,
    /// `(base, index into files)` sorted by base, to find a tag's file.
    by_base: Vec<(u32, usize)>,
    /// Every struct field name of the data, each once.
    field_names: Vec<String>,
    /// The schemas the files were checked against.
    schemas: Arc<Schemas>,
    /// Registries built in this check from members of the data, by those
    /// members (file base, node) and the field: every run of a rule that
    /// looks at one table at a time builds the same registry of regions,
    /// which at 10⁶ values cost more than the rest of the run.
    registries: Mutex<HashMap<RegistryKey, Registry>>,
}

/// The members a registry was built from (file base, node) and its field.
type RegistryKey = (Vec<(u32, u32)>, String);

impl DataView {
    /// A view over files that already carry their tag bases.
    pub fn new(files: Vec<Arc<ViewFile>>, schemas: Arc<Schemas>) -> Self {
        let mut by_base: Vec<(u32, usize)> = files
            .iter()
            .enumerate()
            .filter(|(_, f)| f.file.document.is_some())
            .map(|(i, f)| (f.base, i))
            .collect();
        by_base.sort_unstable();
        let mut names = std::collections::BTreeSet::new();
        for doc in files.iter().filter_map(|f| f.doc()) {
            for name in &doc.field_names {
                if !names.contains(&**name) {
                    names.insert(name.to_string());
                }
            }
        }
        DataView {
            files,
            by_base,
            field_names: names.into_iter().collect(),
            schemas,
            registries: Mutex::default(),
        }
    }

    /// The registry of `records` keyed by `field`, built by `build` once
    /// per check when `records` is a list of members of the data (a
    /// registry of values a script made is built every time).
    pub(super) fn registry<E>(
        &self,
        records: &Dynamic,
        field: &str,
        build: impl FnOnce() -> Result<Registry, E>,
    ) -> Result<Registry, E> {
        let Some(members) = records
            .read_lock::<DataList>()
            .map(|list| list.nodes().map(|(file, id)| (file.base, id.0)).collect::<Vec<_>>())
        else {
            return build();
        };
        let key = (members, field.to_owned());
        if let Some(found) = self.registries.lock().ok().and_then(|r| r.get(&key).cloned()) {
            return Ok(found);
        }
        let built = build()?;
        if let Ok(mut registries) = self.registries.lock() {
            registries.insert(key, built.clone());
        }
        Ok(built)
    }

    /// `Ok` if `kind` has a schema or a loaded table; else the error of
    /// `tables(kind)` / `table(kind)` (`function`), with the nearest kind:
    /// a misspelt kind would otherwise give no tables, and the rule would
    /// pass silently.
    pub(super) fn known_kind(
        &self,
        kind: &str,
        function: &str,
        pos: Position,
        t: &tally_i18n::Catalogue,
    ) -> Result<(), Box<EvalAltResult>> {
        let mut kinds: Vec<&str> = self
            .schemas
            .kind_names()
            .chain(self.files.iter().filter_map(|f| f.file.kind()))
            .collect();
        kinds.sort_unstable();
        kinds.dedup();
        if kinds.contains(&kind) {
            return Ok(());
        }
        let guess = crate::text::suggest(kind, kinds.iter().copied());
        let listed = if kinds.is_empty() {
            t.text("api-no-kinds", &[])
        } else {
            t.text("api-kinds-are", &[("kinds", crate::text::join_in(t, &kinds).into())])
        };
        let message = t.text(
            "api-unknown-kind",
            &[
                ("function", function.into()),
                ("kind", kind.into()),
                ("hint", crate::text::did_you_mean_in(t, guess, &listed).into()),
            ],
        );
        Err(Box::new(EvalAltResult::ErrorRuntime(message.into(), pos)))
    }

    /// The data's size: bytes of text and parsed nodes, over all files.
    pub fn size(&self) -> (usize, usize) {
        self.files.iter().fold((0, 0), |(bytes, nodes), f| {
            (
                bytes + f.file.source.text.len(),
                nodes + f.doc().map_or(0, |d| d.len()),
            )
        })
    }

    /// Every struct field name of the data, each once.
    pub fn field_names(&self) -> &[String] {
        &self.field_names
    }

    /// The file and node a tag names.
    pub fn locate(&self, tag: i32) -> Option<(&Arc<ViewFile>, NodeId)> {
        let tag = u32::try_from(tag).ok().filter(|&t| t > 0)?;
        let slot = match self.by_base.binary_search_by(|(base, _)| base.cmp(&tag)) {
            Ok(i) => i,
            Err(0) => return None,
            Err(i) => i - 1,
        };
        let (base, index) = self.by_base[slot];
        let file = self.files.get(index)?;
        let id = NodeId(tag - base);
        file.doc()?.get(id)?;
        Some((file, id))
    }

    /// The root table of a file as a Rhai value.
    pub(super) fn root(file: &Arc<ViewFile>) -> Dynamic {
        match file.doc() {
            Some(doc) => value::value(file, doc.root()),
            None => Dynamic::UNIT,
        }
    }

    /// The `data` map of a run over one table (an `EACH_TABLE` rule):
    /// only that file.
    pub fn data_map_of(&self, file: usize) -> Dynamic {
        let mut map = Map::new();
        if let Some(f) = self.files.get(file).filter(|f| f.file.document.is_some()) {
            map.insert(f.file.stem().into(), Self::root(f));
        }
        Dynamic::from_map(map).into_read_only()
    }

    /// The `data` map handed to `check(data)`: file stem → table.
    pub fn data_map(&self) -> Dynamic {
        let mut map = Map::new();
        for f in &self.files {
            if f.file.document.is_some() {
                map.insert(f.file.stem().into(), Self::root(f));
            }
        }
        // Read-only, like the tables in it (see `value`).
        Dynamic::from_map(map).into_read_only()
    }
}

impl DataView {
    pub(super) fn site(&self, node: &Dynamic) -> Option<Site> {
        let (file, id) = self.locate(node.tag())?;
        file.file.site(id)
    }
}

