//! What an engine keeps between checks: the data files as loaded and the
//! rules as compiled, re-read only when their bytes change.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rhai::Dynamic;

use super::pool::parallel_map;
use super::Engine;
use crate::checks_data;
use crate::load;
use super::source::{BookRequest, BookTables, ProblemKind, SheetMapping, SourceProblem};
use crate::report::{CellMap, Finding, Severity, CONFIG_ERROR, PARSE};
use crate::runtime::{self, CompiledRule, DataView, RunOutput, ViewFile};
use crate::schema::{self, Schemas};

/// A loaded data file and what it cost to build, kept between checks.
pub(super) struct CachedFile {
    /// The bytes as read, kept only when they differ from the decoded text
    /// (a byte order mark, invalid UTF-8): otherwise the text is the copy.
    pub(super) bytes: Option<Vec<u8>>,
    pub(super) view: Arc<ViewFile>,
    pub(super) finding: Option<Finding>,
    /// For a table read from a workbook: the cells left out of it (text
    /// where a figure belongs), kept with the table until its bytes change.
    pub(super) problems: Vec<Finding>,
}

impl CachedFile {
    fn new(bytes: Option<Vec<u8>>, view: ViewFile, finding: Option<Finding>) -> Self {
        CachedFile {
            bytes,
            view: Arc::new(view),
            finding,
            problems: Vec::new(),
        }
    }

    /// Whether the file on disk still holds what was loaded.
    fn same_bytes(&self, bytes: &[u8]) -> bool {
        match &self.bytes {
            Some(kept) => kept == bytes,
            None => self.view.file.source.text.as_bytes() == bytes,
        }
    }
}

pub(super) struct CachedRule {
    pub(super) text: String,
    /// A `.rhai` file is one rule; a `.checks.ron` file one per check
    /// (and one error per mistake).
    pub(super) compiled: Vec<Result<CompiledRule, Box<Finding>>>,
    /// For a checks file: the schemas it was read against.
    pub(super) schemas: u64,
}

#[derive(Default)]
pub(super) struct State {
    pub(super) files: BTreeMap<PathBuf, CachedFile>,
    pub(super) rules: BTreeMap<PathBuf, CachedRule>,
    /// Next free tag; tags of a changed file are never reused while the
    /// engine lives, so a stale value can never point at the wrong node.
    pub(super) next_tag: u32,
    /// Files and rules read anew by the last check.
    pub(super) last_changed: Vec<PathBuf>,
    /// Rules recompiled by `rules()` since the last check, so that the
    /// next check still reports them as changed.
    pub(super) pending_changed: Vec<PathBuf>,
    /// The data as rules see it and the `data` map handed to them, kept
    /// until a data file changes: a check of unchanged data copies nothing.
    pub(super) data: Option<(Arc<DataView>, Dynamic)>,
    /// The schemas as last read; every file's shape was checked against them.
    pub(super) schemas: Arc<Schemas>,
    /// Whether every schema file could be read when they were last parsed
    /// (their `config-error`s are then the parse's alone); false until they
    /// first are.
    pub(super) schemas_read_cleanly: bool,
    /// Texts that stand in for files on disk during the current check
    /// ([`Engine::check_with`]): an editor's unsaved buffers.
    pub(super) texts: Texts,
    /// Runs of rules that look at one table at a time, by rule id and
    /// table: kept while the rule, the table and the tables it looked up
    /// are the ones it ran with (`tally watch` re-runs only those).
    pub(super) table_runs: BTreeMap<(String, PathBuf, String), TableRun>,
}

/// One kept run of a rule over one table.
pub(super) struct TableRun {
    /// The compiled rule it ran (a recompiled rule runs anew).
    pub(super) ast: Arc<rhai::AST>,
    /// The table.
    pub(super) table: Loaded,
    /// The other kinds it asked for, with the tables of each it was given.
    pub(super) looked_up: Vec<(String, Vec<Loaded>)>,
    pub(super) output: RunOutput,
}

/// A data file as one check loaded it; the same file loaded again (its
/// bytes changed, or its schema) is another.
#[derive(Clone)]
pub(super) struct Loaded(load::DataFile);

impl Loaded {
    pub(super) fn of(file: &load::DataFile) -> Loaded {
        Loaded(file.clone())
    }

    pub(super) fn is(&self, file: &load::DataFile) -> bool {
        let doc = match (&self.0.document, &file.document) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        Arc::ptr_eq(&self.0.source, &file.source) && Arc::ptr_eq(&self.0.shape, &file.shape) && doc
    }
}

/// Unsaved texts by path, standing in for what the files on disk hold
/// ([`Engine::check_with`]). A path must be spelled as the engine finds it:
/// the data folder or rules folder joined with the file's name.
pub type Texts = BTreeMap<PathBuf, Arc<str>>;

/// What `path` holds: its text in `texts` if there is one, else the file
/// as [`load::read_contents`] reads it on up to `threads` threads. A text in
/// `texts` is bounded like a file.
fn read_or_text(
    texts: &Texts,
    path: &Path,
    name: &str,
    max_bytes: u64,
    t: &tally_i18n::Catalogue,
    threads: usize,
) -> Result<load::Contents, Box<Finding>> {
    match texts.get(path) {
        Some(text) if text.len() as u64 <= max_bytes => Ok(load::Contents::Text(text.to_string())),
        _ => load::read_contents(path, name, max_bytes, t, threads),
    }
}


impl Engine {
    pub(super) fn refresh_rules(&self, state: &mut State, changed: &mut Vec<PathBuf>) -> Vec<Finding> {
        let mut findings = Vec::new();
        let mut paths = Vec::new();
        match std::fs::read_dir(&self.settings.rules) {
            Ok(entries) => {
                for entry in entries.flatten() {
                    let path = entry.path();
                    let rule = path.extension().and_then(|e| e.to_str()) == Some("rhai")
                        || checks_data::is_checks_file(&path);
                    if rule && path.is_file() {
                        paths.push(path);
                    }
                }
            }
            Err(err) => findings.push(load::unreadable(
                &self.display(&self.settings.rules),
                &self.settings.rules,
                &err,
                &self.settings.catalogue,
            )),
        }
        paths.sort();
        if let Some(only) = &self.settings.rule_file {
            paths.retain(|p| p == only);
        }
        state.rules.retain(|p, _| paths.contains(p));
        // Built only if a rule changed: most re-checks recompile nothing.
        let mut compiler = None;
        let mut to_compile: Vec<(PathBuf, String)> = Vec::new();
        let folder = std::fs::canonicalize(&self.settings.rules).unwrap_or_default();
        let max_bytes = self.settings.sandbox.limits().max_file_size;
        for path in paths {
            let read = if load::inside(&path, &folder) {
                read_or_text(&state.texts, &path, &self.display(&path), max_bytes, &self.settings.catalogue, 1)
            } else {
                Err(Box::new(load::outside(
                    &self.display(&path),
                    &path,
                    &self.display(&self.settings.rules),
                    &self.settings.catalogue,
                )))
            };
            let text = match read {
                Ok(load::Contents::Text(text)) => text,
                Ok(load::Contents::Bytes(bytes)) => load::decode(&bytes).0,
                Err(finding) => {
                    findings.push(*finding);
                    state.rules.remove(&path);
                    continue;
                }
            };
            if checks_data::is_checks_file(&path) {
                // Checks are read against the kinds' schemas.
                if state.schemas.dir.is_none() {
                    let _ = self.refresh_schemas(state, changed);
                }
                let version = state.schemas.version;
                if state
                    .rules
                    .get(&path)
                    .is_some_and(|r| r.text == text && r.schemas == version)
                {
                    continue;
                }
                let compiler = compiler.get_or_insert_with(|| self.settings.sandbox.engine());
                let mut strict = self.settings.sandbox.engine();
                strict.set_strict_variables(true);
                let compiled = checks_data::compile_checks(
                    compiler,
                    &strict,
                    &path,
                    self.display(&path),
                    text.clone(),
                    &state.schemas,
                    &self.settings.catalogue,
                );
                changed.push(path.clone());
                state.rules.insert(
                    path,
                    CachedRule {
                        text,
                        compiled,
                        schemas: version,
                    },
                );
                continue;
            }
            if state.rules.get(&path).is_some_and(|r| r.text == text) {
                continue;
            }
            to_compile.push((path, text));
        }
        // Compiled on the workers: their stacks hold the deepest nesting
        // that `limits.max_expr_depth` allows, whatever thread called.
        if !to_compile.is_empty() {
            let compiler = compiler.get_or_insert_with(|| self.settings.sandbox.engine());
            let compiled = parallel_map(&to_compile, self.settings.threads, |(path, text)| {
                runtime::compile_rule_in(compiler, path, self.display(path), text.clone(), &self.settings.catalogue)
            });
            for ((path, text), compiled) in to_compile.into_iter().zip(compiled) {
                let compiled = compiled.unwrap_or_else(|| {
                    Err(Box::new(runtime::rule_error_in(
                        &Arc::new(crate::report::SourceFile::new(self.display(&path), &path, text.clone())),
                        &self.display(&path),
                        self.settings.catalogue.text("rule-compiler-crashed", &[]),
                        rhai::Position::new(1, 1),
                        &self.settings.catalogue,
                    )))
                });
                changed.push(path.clone());
                state.rules.insert(
                    path,
                    CachedRule {
                        text,
                        compiled: vec![compiled],
                        schemas: 0,
                    },
                );
            }
        }
        findings
    }

    /// Re-reads the schema files; when any changed, checks every loaded
    /// file against them anew (on the workers). Returns the schemas'
    /// `config-error`s.
    pub(super) fn refresh_schemas(&self, state: &mut State, changed: &mut Vec<PathBuf>) -> Vec<Finding> {
        let texts = &state.texts;
        let (mut schemas, texts) = Schemas::read_texts(&self.settings.schemas, &|p: &Path| self.display(p), &|p: &Path| {
                texts.get(p).filter(|t| t.len() <= 1 << 20).map(|t| t.to_string())
            },
            &self.settings.catalogue,
        );
        // Every file read as last time, and nothing failed to read now or
        // then: the schemas parsed then stand. Every check (and every
        // re-check of `tally watch`) re-reads them to see edits, and a
        // project with a checks file read them twice; only an edit needs
        // them parsed again.
        if schemas.errors.is_empty()
            && state.schemas_read_cleanly
            && Schemas::version_of(&texts) == state.schemas.version
        {
            return state.schemas.errors.clone();
        }
        let read_cleanly = schemas.errors.is_empty();
        schemas.add_texts_in(texts, &self.settings.catalogue);
        let errors = schemas.errors.clone();
        if schemas.version == state.schemas.version && schemas.kinds.len() == state.schemas.kinds.len() {
            return errors;
        }
        // The schema files that are new, gone or edited count as changed.
        let before = &state.schemas.files;
        for (path, hash) in &schemas.files {
            if !before.contains(&(path.clone(), *hash)) {
                changed.push(path.clone());
            }
        }
        for (path, _) in before {
            if !schemas.files.iter().any(|(p, _)| p == path) {
                changed.push(path.clone());
            }
        }
        let schemas = Arc::new(schemas);
        state.schemas = schemas.clone();
        state.schemas_read_cleanly = read_cleanly;
        let paths: Vec<PathBuf> = state.files.keys().cloned().collect();
        let views: Vec<Arc<ViewFile>> = state.files.values().map(|f| f.view.clone()).collect();
        let checked = parallel_map(&views, self.settings.threads, |view| {
            let mut file = view.file.clone();
            file.shape = Arc::new(schema::validate(&file, &schemas, &self.settings.catalogue));
            ViewFile::new(file, view.base, schema_of(&schemas, &view.file), self.settings.catalogue.clone())
        });
        for (path, view) in paths.into_iter().zip(checked) {
            if let (Some(view), Some(cached)) = (view, state.files.get_mut(&path)) {
                cached.view = Arc::new(view);
            }
        }
        state.data = None;
        errors
    }

    pub(super) fn refresh_data(&self, state: &mut State, changed: &mut Vec<PathBuf>) -> Vec<Finding> {
        let mut findings = Vec::new();
        let mut paths = Vec::new();
        for root in &self.settings.data {
            let (found, errors) = load::discover_named(root, "ron", &|p: &Path| self.display(p), &self.settings.catalogue);
            paths.extend(found);
            findings.extend(errors);
        }
        paths.sort();
        paths.dedup();
        let workbooks = self.workbook_paths(&mut paths, &mut findings);
        let before = state.files.len();
        let mut wanted: BTreeSet<&PathBuf> = paths.iter().collect();
        wanted.extend(workbooks.iter().flat_map(|(_, keys)| keys));
        state.files.retain(|p, _| wanted.contains(p));
        if state.files.len() != before {
            state.data = None;
        }
        // Read, compare and parse on the workers: for a national data set
        // reading alone is a tenth of a check. Largest files first, so
        // that no worker is left with a big file at the end.
        let mut sized: Vec<(u64, PathBuf)> = paths
            .into_iter()
            .map(|p| (std::fs::metadata(&p).map_or(0, |m| m.len()), p))
            .collect();
        sized.sort_by_key(|(len, _)| std::cmp::Reverse(*len));
        // A file larger than a worker's fair share of the bytes is read and
        // parsed on every thread (one national table beside a few small
        // ones): otherwise one worker would do it while the others idle.
        let threads = self.settings.threads;
        let total: u64 = sized.iter().map(|(len, _)| len).sum();
        let paths: Vec<PathBuf> = sized.iter().map(|(_, p)| p.clone()).collect();
        let max_bytes = self.settings.sandbox.limits().max_file_size;
        let known = &state.files;
        let schemas = &state.schemas;
        let texts = &state.texts;
        let catalogue = self.settings.catalogue.as_ref();
        let loaded = parallel_map(&sized, threads, |(len, path)| {
            let name = self.display(path);
            let threads = if len.saturating_mul(threads as u64) > total { threads } else { 1 };
            let contents = read_or_text(texts, path, &name, max_bytes, catalogue, threads)?;
            if known.get(path).is_some_and(|f| f.same_bytes(contents.as_bytes())) {
                return Ok(None);
            }
            let (mut file, finding, kept) = load::load_contents(name, path, contents, catalogue, threads);
            file.shape = Arc::new(schema::validate(&file, schemas, catalogue));
            Ok(Some((file, finding, kept)))
        });
        for (path, loaded) in paths.into_iter().zip(loaded) {
            let (file, finding, kept) = match loaded {
                Some(Ok(Some(loaded))) => loaded,
                Some(Ok(None)) => continue,
                Some(Err::<_, Box<Finding>>(finding)) => {
                    findings.push(*finding);
                    if state.files.remove(&path).is_some() {
                        state.data = None;
                    }
                    continue;
                }
                None => {
                    // The loader never panics on any input we know of; if it
                    // does, the file is reported and the others still load
                    // (and it is read again by the next check).
                    let (file, _) = load::load_text(self.display(&path), &path, b"");
                    let finding = Finding::new(
                        PARSE,
                        Severity::Error,
                        "the loader crashed on this file",
                    )
                    .with_help("this is a bug in tally; please report it with the file");
                    (file, Some(finding), Some(Vec::new()))
                }
            };
            self.insert_file(state, path, file, finding, kept, changed);
        }
        findings.extend(self.refresh_workbooks(state, &workbooks, changed));
        findings
    }

    /// Takes the workbooks out of `paths` (the files found under the data
    /// paths): those that tally.ron maps, each with the keys its tables
    /// are kept under (the file's path for the first, `path#2`, … for the
    /// others). A workbook named as a data path that is not mapped is a
    /// finding; one found in a folder that is not mapped is not data.
    fn workbook_paths(&self, paths: &mut Vec<PathBuf>, findings: &mut Vec<Finding>) -> Vec<(PathBuf, Vec<PathBuf>)> {
        let extensions: &[&str] = match &self.settings.table_source {
            Some(source) => source.extensions(),
            None => WORKBOOK_EXTENSIONS,
        };
        let is_workbook = |p: &Path| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
        };
        let mut found: Vec<PathBuf> = Vec::new();
        paths.retain(|p| {
            if is_workbook(p) {
                found.push(p.clone());
                false
            } else {
                true
            }
        });
        if !self.settings.workbooks.is_empty() {
            for root in self.settings.data.iter().filter(|r| r.is_dir()) {
                let (more, _) = load::discover_any(root, extensions, &|p: &Path| self.display(p), &self.settings.catalogue);
                found.extend(more.into_iter().filter(|p| is_workbook(p)));
            }
        }
        found.sort();
        found.dedup();
        let mut out = Vec::new();
        for path in found {
            // Excel's owner file of an open workbook (`~$book.xlsx`).
            if path.file_name().is_some_and(|n| n.to_string_lossy().starts_with("~$")) {
                continue;
            }
            match self.settings.workbooks.tables(&path) {
                Some(tables) if !tables.is_empty() => {
                    let keys = (0..tables.len()).map(|i| table_key(&path, i)).collect();
                    out.push((path, keys));
                }
                _ => {
                    if self.settings.data.contains(&path) {
                        let name = self.display(&path);
                        findings.push(load::file_finding(
                            &name,
                            &path,
                            CONFIG_ERROR,
                            self.settings.catalogue.text("sheets-unmapped", &[("file", name.as_str().into())]),
                            self.settings.catalogue.attr("sheets-unmapped", "help", &[("file", name.as_str().into())]),
                        ));
                    }
                }
            }
        }
        out
    }

    /// Reads each mapped workbook whose bytes changed through the table
    /// source, and keeps its tables as RON text with their cells.
    fn refresh_workbooks(
        &self,
        state: &mut State,
        workbooks: &[(PathBuf, Vec<PathBuf>)],
        changed: &mut Vec<PathBuf>,
    ) -> Vec<Finding> {
        let mut findings = Vec::new();
        let max_bytes = self.settings.sandbox.limits().max_file_size;
        for (path, keys) in workbooks {
            let name = self.display(path);
            let forget = |state: &mut State| {
                for key in keys {
                    if state.files.remove(key).is_some() {
                        state.data = None;
                    }
                }
            };
            let bytes = match load::read(path, &name, max_bytes, &self.settings.catalogue) {
                Ok(bytes) => bytes,
                Err(finding) => {
                    findings.push(*finding);
                    forget(state);
                    continue;
                }
            };
            if keys
                .iter()
                .all(|k| state.files.get(k).is_some_and(|f| f.same_bytes(&bytes)))
            {
                continue;
            }
            let Some(tables) = self.settings.workbooks.tables(path) else {
                continue;
            };
            let Some(source) = &self.settings.table_source else {
                findings.push(load::file_finding(
                    &name,
                    path,
                    CONFIG_ERROR,
                    self.settings.catalogue.text("sheets-no-reader", &[("file", name.as_str().into())]),
                    self.settings.catalogue.attr("sheets-no-reader", "help", &[]),
                ));
                forget(state);
                continue;
            };
            let schemas = state.schemas.clone();
            let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                source.read(&BookRequest {
                    path,
                    shown: &name,
                    bytes: &bytes,
                    tables,
                    schemas: &schemas,
                    catalogue: &self.settings.catalogue,
                })
            }));
            let book = match read {
                Ok(book) => book,
                Err(_) => BookTables {
                    sheets: Vec::new(),
                    tables: vec![Err(SourceProblem {
                        kind: ProblemKind::Unreadable,
                        message: format!("the workbook reader crashed on `{name}`"),
                        help: Some("this is a bug in tally (or in calamine); please report it with the file".into()),
                        cell: None,
                    })],
                },
            };
            let mut said: Vec<SourceProblem> = Vec::new();
            for (i, key) in keys.iter().enumerate() {
                let result = book.tables.get(i).cloned().unwrap_or_else(|| {
                    book.tables.first().cloned().unwrap_or(Err(SourceProblem {
                        kind: ProblemKind::Unreadable,
                        message: format!("`{name}` gave no table"),
                        help: None,
                        cell: None,
                    }))
                });
                match result {
                    Ok(mut table) => {
                        let mapping = &tables[i.min(tables.len() - 1)];
                        let problems: Vec<Finding> = std::mem::take(&mut table.problems)
                            .iter()
                            .map(|problem| problem_finding(&name, path, problem, &book, mapping))
                            .collect();
                        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                        let stem = if i == 0 { stem } else { format!("{stem}#{}", i + 1) };
                        let cells = Arc::new(CellMap::new(table.cells, book.sheets.clone()).with_stem(stem));
                        let (mut file, finding) = load::load_table(
                            name.clone(),
                            path,
                            table.text,
                            cells,
                            self.settings.catalogue.as_ref(),
                        );
                        file.shape = Arc::new(schema::validate(&file, &schemas, &self.settings.catalogue));
                        self.insert_file(state, key.clone(), file, finding, Some(bytes.clone()), changed);
                        if let Some(cached) = state.files.get_mut(key) {
                            cached.problems = problems;
                        }
                    }
                    Err(problem) => {
                        if state.files.remove(key).is_some() {
                            state.data = None;
                        }
                        changed.push(key.clone());
                        // A workbook that cannot be opened fails each of its tables alike: say it once.
                        if said.contains(&problem) {
                            continue;
                        }
                        said.push(problem.clone());
                        let mut finding = problem_finding(&name, path, &problem, &book, &tables[i.min(tables.len() - 1)]);
                        if problem.kind == ProblemKind::Unreadable {
                            if let Some(lock) = lock_file(path) {
                                let lock = self.display(&lock);
                                finding.notes.push(self.settings.catalogue.text(
                                    "sheets-open-elsewhere",
                                    &[("file", name.as_str().into()), ("lock", lock.as_str().into())],
                                ));
                            }
                        }
                        findings.push(finding);
                    }
                }
            }
        }
        findings
    }

    /// Keeps a file as loaded, with fresh tags for its nodes.
    fn insert_file(
        &self,
        state: &mut State,
        path: PathBuf,
        file: load::DataFile,
        finding: Option<Finding>,
        kept: Option<Vec<u8>>,
        changed: &mut Vec<PathBuf>,
    ) {
        let nodes = file.document.as_ref().map_or(0, |d| d.len()) as u32;
        if state
            .next_tag
            .checked_add(nodes)
            .is_none_or(|end| end > i32::MAX as u32)
        {
            // Out of fresh tags after very many edits: number everything anew.
            state.next_tag = 1;
            let existing: Vec<PathBuf> = state.files.keys().cloned().collect();
            for p in existing {
                if let Some(cached) = state.files.get_mut(&p) {
                    let base = state.next_tag.max(1);
                    let n = cached.view.file.document.as_ref().map_or(0, |d| d.len()) as u32;
                    let schema = cached.view.schema().cloned();
                    cached.view = Arc::new(ViewFile::new(cached.view.file.clone(), base, schema, self.settings.catalogue.clone()));
                    state.next_tag = base + n;
                }
            }
        }
        let base = state.next_tag.max(1);
        state.next_tag = base.saturating_add(nodes);
        changed.push(path.clone());
        state.data = None;
        let schema = schema_of(&state.schemas, &file);
        state
            .files
            .insert(path, CachedFile::new(kept, ViewFile::new(file, base, schema, self.settings.catalogue.clone()), finding));
    }
}

/// The extensions of workbooks when no table source is plugged in (they
/// are then reported, not read as RON).
const WORKBOOK_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "ods", "csv"];

/// The lock file a spreadsheet program keeps beside a workbook it has open:
/// LibreOffice's `.~lock.附件.xlsx#`, Excel's and WPS's `~$附件.xlsx`.
fn lock_file(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_string_lossy().into_owned();
    let folder = path.parent()?;
    [format!(".~lock.{name}#"), format!("~${name}")]
        .into_iter()
        .map(|lock| folder.join(lock))
        .find(|lock| lock.exists())
}

/// The key a workbook's table `i` is kept under.
fn table_key(path: &Path, i: usize) -> PathBuf {
    if i == 0 {
        path.to_path_buf()
    } else {
        let mut key = path.as_os_str().to_owned();
        key.push(format!("#{}", i + 1));
        PathBuf::from(key)
    }
}

/// The finding for a table that could not be read: at its cell, at its
/// entry in tally.ron, or at the workbook.
fn problem_finding(name: &str, path: &Path, problem: &SourceProblem, book: &BookTables, mapping: &SheetMapping) -> Finding {
    let id = match problem.kind {
        ProblemKind::Unreadable => crate::report::IO,
        ProblemKind::Mapping => CONFIG_ERROR,
        ProblemKind::Data => PARSE,
    };
    let mut finding = Finding::new(id, Severity::Error, problem.message.clone());
    finding.help = problem.help.clone();
    let at_cell = problem.cell.as_ref().and_then(|cell| {
        book.sheets
            .iter()
            .find(|s| s.name == cell.sheet)
            .map(|sheet| sheet.site(cell, None, None))
    });
    let site = match (at_cell, problem.kind) {
        (Some(site), _) => site,
        (None, ProblemKind::Mapping) if mapping.origin.is_some() => {
            let mut finding = finding;
            if let Some(origin) = mapping.origin.clone() {
                finding.site = Some(origin);
            }
            return finding;
        }
        (None, _) => load::file_finding(name, path, id, String::new(), None).site.unwrap_or_else(|| {
            crate::report::Site::new(
                Arc::new(crate::report::SourceFile::new(name, path, String::new())),
                crate::span::Span::new(0, 0),
                None,
            )
        }),
    };
    finding.at(site)
}

/// The schema of a file's kind, if it has one.
fn schema_of(schemas: &Schemas, file: &load::DataFile) -> Option<Arc<schema::Schema>> {
    file.kind().and_then(|kind| schemas.get(kind)).cloned()
}
