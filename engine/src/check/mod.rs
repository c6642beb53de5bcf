//! Runs the rules and native checks over the data and builds the report.
//!
//! [`Engine`] keeps what it loaded between checks: a data file whose bytes
//! did not change is not re-read into a new tree, a rule whose text did not
//! change is not re-compiled. That is what makes `tally watch` and hot
//! reload in embedders cheap.

mod native;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rhai::Dynamic;

pub use native::{Check, CheckContext};

use crate::config::Config;
use crate::error::Error;
use crate::load::{self, DataFile};
use crate::report::{Finding, Report, RuleStat, Severity};
use crate::rules::RuleMeta;
use crate::runtime::api::DataView;
use crate::runtime::value::ViewFile;
use crate::runtime::{self, CompiledRule, Limits, Sandbox};

/// Builds an [`Engine`]: where the data and rules are, which rules run,
/// bounds and parameters.
///
/// ```no_run
/// let engine = tally_engine::Engine::builder()
///     .data("data")
///     .rules("rules")
///     .build()?;
/// let report = engine.check();
/// println!("{} findings", report.findings.len());
/// # Ok::<(), tally_engine::Error>(())
/// ```
#[derive(Default)]
pub struct EngineBuilder {
    data: Vec<PathBuf>,
    rules: Option<PathBuf>,
    limits: Limits,
    select: Option<Vec<String>>,
    ignore: Vec<String>,
    severity: BTreeMap<String, Severity>,
    params: BTreeMap<String, BTreeMap<String, ron::Value>>,
    per_file_ignores: BTreeMap<String, Vec<String>>,
    checks: Vec<Arc<dyn Check>>,
    display_base: Option<PathBuf>,
    threads: Option<usize>,
    rule_file: Option<PathBuf>,
}

impl std::fmt::Debug for EngineBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EngineBuilder")
            .field("data", &self.data)
            .field("rules", &self.rules)
            .field("checks", &self.checks.len())
            .finish_non_exhaustive()
    }
}

impl EngineBuilder {
    /// Adds a data file or folder (folders are searched for `*.ron`).
    pub fn data(mut self, path: impl Into<PathBuf>) -> Self {
        self.data.push(path.into());
        self
    }

    /// Sets the rules folder (`*.rhai` rules; `lib/` for modules they import).
    pub fn rules(mut self, dir: impl Into<PathBuf>) -> Self {
        self.rules = Some(dir.into());
        self
    }

    /// Sets the sandbox bounds.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Runs only these rules and checks.
    pub fn select<I: IntoIterator<Item = S>, S: Into<String>>(mut self, ids: I) -> Self {
        self.select = Some(ids.into_iter().map(Into::into).collect());
        self
    }

    /// Does not run these rules and checks.
    pub fn ignore<I: IntoIterator<Item = S>, S: Into<String>>(mut self, ids: I) -> Self {
        self.ignore.extend(ids.into_iter().map(Into::into));
        self
    }

    /// Overrides the severity of a rule's findings.
    pub fn severity(mut self, id: impl Into<String>, severity: Severity) -> Self {
        self.severity.insert(id.into(), severity);
        self
    }

    /// Sets a parameter that rule `id` reads with `param(name, default)`.
    pub fn param(mut self, id: impl Into<String>, name: impl Into<String>, value: ron::Value) -> Self {
        self.params
            .entry(id.into())
            .or_default()
            .insert(name.into(), value);
        self
    }

    /// Registers a native check that runs beside the rules.
    pub fn check(mut self, check: impl Check + 'static) -> Self {
        self.checks.push(Arc::new(check));
        self
    }

    /// File names in findings are shown relative to this folder.
    pub fn display_base(mut self, dir: impl Into<PathBuf>) -> Self {
        self.display_base = Some(dir.into());
        self
    }

    /// Reads only this rule file of the rules folder (`lib/` modules still
    /// import): `tally test` checks one rule's fixtures without compiling
    /// every other rule for each of them.
    pub fn only_rule_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.rule_file = Some(path.into());
        self
    }

    /// How many threads run rules (default: the machine's cores).
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = Some(threads.max(1));
        self
    }

    /// Applies a `tally.ron` found in `root`: its paths are relative to `root`.
    /// Data paths, rules folder, selection, severities and parameters set
    /// on the builder before take precedence; the config's `limits` replace
    /// the builder's (a `tally.ron` without `limits` means the defaults).
    pub fn config(mut self, config: &Config, root: &Path) -> Result<Self, Error> {
        if self.data.is_empty() {
            self.data = config.data.iter().map(|p| root.join(p)).collect();
        }
        if self.rules.is_none() {
            self.rules = config.rules.as_ref().map(|p| root.join(p));
        }
        if self.select.is_none() {
            self.select.clone_from(&config.select);
        }
        self.ignore.extend(config.ignore.iter().cloned());
        for (id, sev) in config.severities().map_err(Error::Config)? {
            self.severity.entry(id).or_insert(sev);
        }
        for (id, params) in &config.params {
            let entry = self.params.entry(id.clone()).or_default();
            for (k, v) in params {
                entry.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
        for (file, ids) in &config.per_file_ignores {
            self.per_file_ignores
                .entry(root.join(file).to_string_lossy().replace('\\', "/"))
                .or_default()
                .extend(ids.iter().cloned());
        }
        self.limits = config.limits;
        Ok(self)
    }

    /// Checks the paths and the rule selection and builds the engine.
    pub fn build(self) -> Result<Engine, Error> {
        let data = if self.data.is_empty() {
            vec![PathBuf::from("data")]
        } else {
            self.data
        };
        for path in &data {
            if std::fs::metadata(path).is_err() {
                return Err(Error::MissingPath(path.clone()));
            }
        }
        let rules = self.rules.unwrap_or_else(|| PathBuf::from("rules"));
        if !rules.is_dir() {
            return Err(Error::MissingPath(rules));
        }
        let mut checks: Vec<Arc<dyn Check>> = vec![
            Arc::new(load::ShapeCheck),
            Arc::new(load::DuplicateKeyCheck),
            Arc::new(crate::suppress::UnusedSuppressionCheck),
            Arc::new(crate::suppress::InvalidSuppressionCheck),
        ];
        checks.extend(self.checks);
        let engine = Engine {
            settings: Settings {
                data,
                sandbox: Sandbox::new(self.limits, Some(rules.join("lib")).filter(|l| l.is_dir())),
                rules,
                select: self.select,
                ignore: self.ignore.into_iter().collect(),
                severity: self.severity,
                params: self.params,
                per_file_ignores: self.per_file_ignores,
                checks,
                display_base: self.display_base,
                rule_file: self.rule_file,
                threads: self
                    .threads
                    .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
            },
            state: Mutex::new(State::default()),
        };
        // Unknown ids in --select/--ignore are a usage error, with a suggestion.
        let known: Vec<String> = engine.rules().into_iter().map(|m| m.id).collect();
        let engine_ids = [crate::report::PARSE, crate::report::RULE_ERROR];
        for id in engine
            .settings
            .select
            .iter()
            .flatten()
            .chain(engine.settings.ignore.iter())
        {
            // A rule file that does not compile has no id yet: accept its file name.
            let file_exists = engine.settings.rules.join(format!("{id}.rhai")).is_file();
            if !known.contains(id) && !engine_ids.contains(&id.as_str()) && !file_exists {
                let suggestion =
                    crate::runtime::api::suggest(id, known.iter().map(String::as_str)).map(str::to_owned);
                return Err(Error::UnknownRule {
                    id: id.clone(),
                    suggestion,
                });
            }
        }
        Ok(engine)
    }
}

struct Settings {
    data: Vec<PathBuf>,
    rules: PathBuf,
    sandbox: Sandbox,
    select: Option<Vec<String>>,
    ignore: BTreeSet<String>,
    severity: BTreeMap<String, Severity>,
    params: BTreeMap<String, BTreeMap<String, ron::Value>>,
    per_file_ignores: BTreeMap<String, Vec<String>>,
    checks: Vec<Arc<dyn Check>>,
    display_base: Option<PathBuf>,
    rule_file: Option<PathBuf>,
    threads: usize,
}

/// A loaded data file and what it cost to build, kept between checks.
struct CachedFile {
    /// The bytes as read, kept only when they differ from the decoded text
    /// (a byte order mark, invalid UTF-8): otherwise the text is the copy.
    bytes: Option<Vec<u8>>,
    view: Arc<ViewFile>,
    finding: Option<Finding>,
}

impl CachedFile {
    fn new(bytes: Option<Vec<u8>>, view: ViewFile, finding: Option<Finding>) -> Self {
        CachedFile {
            bytes,
            view: Arc::new(view),
            finding,
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

/// A loaded file as rules see it, its nodes tagged from `base` on.
fn view_file(file: DataFile, base: u32) -> ViewFile {
    ViewFile::new(file, base)
}

struct CachedRule {
    text: String,
    compiled: Result<CompiledRule, Box<Finding>>,
}

#[derive(Default)]
struct State {
    files: BTreeMap<PathBuf, CachedFile>,
    rules: BTreeMap<PathBuf, CachedRule>,
    /// Next free tag; tags of a changed file are never reused while the
    /// engine lives, so a stale value can never point at the wrong node.
    next_tag: u32,
    /// Files and rules read anew by the last check.
    last_changed: Vec<PathBuf>,
    /// Rules recompiled by `rules()` since the last check, so that the
    /// next check still reports them as changed.
    pending_changed: Vec<PathBuf>,
    /// The data as rules see it and the `data` map handed to them, kept
    /// until a data file changes: a check of unchanged data copies nothing.
    data: Option<(Arc<DataView>, Dynamic)>,
}

/// The checking engine: load once, check on demand, re-read only what
/// changed. `Send + Sync`; prints nothing.
pub struct Engine {
    settings: Settings,
    state: Mutex<State>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("data", &self.settings.data)
            .field("rules", &self.settings.rules)
            .finish_non_exhaustive()
    }
}

/// Data-file paths that a rule or check is ignored in, resolved.
fn ignored_in(settings: &Settings, rule: &str, file: Option<&Path>) -> bool {
    let Some(file) = file else { return false };
    let file = file.to_string_lossy().replace('\\', "/");
    settings.per_file_ignores.iter().any(|(path, ids)| {
        // A file, or a folder: every file below it.
        let folder = format!("{}/", path.trim_end_matches('/'));
        (file == *path || file.ends_with(&format!("/{path}")) || file.starts_with(&folder))
            && ids.iter().any(|i| i == rule)
    })
}

impl Engine {
    /// Starts building an engine.
    pub fn builder() -> EngineBuilder {
        EngineBuilder::default()
    }

    /// The data paths.
    pub fn data_paths(&self) -> &[PathBuf] {
        &self.settings.data
    }

    /// The rules folder.
    pub fn rules_dir(&self) -> &Path {
        &self.settings.rules
    }

    /// Paths read anew (changed, added) by the last [`Engine::check`].
    pub fn last_changed(&self) -> Vec<PathBuf> {
        self.state
            .lock()
            .map(|s| s.last_changed.clone())
            .unwrap_or_default()
    }

    fn display(&self, path: &Path) -> String {
        match &self.settings.display_base {
            Some(base) => load::display(&relative_to(path, base)),
            None => load::display(path),
        }
    }

    fn is_selected(&self, id: &str) -> bool {
        let selected = match &self.settings.select {
            Some(select) => select.iter().any(|s| s == id),
            None => true,
        };
        selected && !self.settings.ignore.contains(id)
    }

    /// Metadata of every rule and native check, in id order. Rule files
    /// that do not compile are left out (`check` reports them).
    pub fn rules(&self) -> Vec<RuleMeta> {
        let mut metas: Vec<RuleMeta> = self.settings.checks.iter().map(|c| c.meta()).collect();
        if let Ok(mut state) = self.state.lock() {
            let mut changed = Vec::new();
            self.refresh_rules(&mut state, &mut changed);
            state.pending_changed.extend(changed);
            metas.extend(
                state
                    .rules
                    .values()
                    .filter_map(|r| r.compiled.as_ref().ok())
                    .map(|r| r.meta.clone()),
            );
        }
        metas.sort_by(|a, b| a.id.cmp(&b.id));
        metas
    }

    /// Every rule file of the rules folder, in path order, with its
    /// metadata or the `rule-error` finding that says why it cannot be
    /// used (`tally test` reports broken rules without running a check).
    pub fn rule_files(&self) -> Vec<(PathBuf, Result<RuleMeta, Finding>)> {
        let Ok(mut state) = self.state.lock() else {
            return Vec::new();
        };
        let mut changed = Vec::new();
        self.refresh_rules(&mut state, &mut changed);
        state.pending_changed.extend(changed);
        state
            .rules
            .iter()
            .map(|(path, rule)| {
                let meta = match &rule.compiled {
                    Ok(compiled) => Ok(compiled.meta.clone()),
                    Err(finding) => Err((**finding).clone()),
                };
                (path.clone(), meta)
            })
            .collect()
    }

    /// One rule's metadata by id.
    pub fn rule(&self, id: &str) -> Option<RuleMeta> {
        self.rules().into_iter().find(|m| m.id == id)
    }

    fn refresh_rules(&self, state: &mut State, changed: &mut Vec<PathBuf>) -> Vec<Finding> {
        let mut findings = Vec::new();
        let mut paths = Vec::new();
        match std::fs::read_dir(&self.settings.rules) {
            Ok(entries) => {
                for entry in entries.flatten() {
                    let path = entry.path();
                    if path.extension().and_then(|e| e.to_str()) == Some("rhai") && path.is_file() {
                        paths.push(path);
                    }
                }
            }
            Err(err) => findings.push(load::unreadable(
                &self.display(&self.settings.rules),
                &self.settings.rules,
                &err,
            )),
        }
        paths.sort();
        if let Some(only) = &self.settings.rule_file {
            paths.retain(|p| p == only);
        }
        state.rules.retain(|p, _| paths.contains(p));
        // Built only if a rule changed: most re-checks recompile nothing.
        let mut compiler = None;
        let folder = std::fs::canonicalize(&self.settings.rules).unwrap_or_default();
        let max_bytes = self.settings.sandbox.limits().max_file_size;
        for path in paths {
            let read = if load::inside(&path, &folder) {
                load::read(&path, &self.display(&path), max_bytes)
            } else {
                Err(Box::new(load::outside(
                    &self.display(&path),
                    &path,
                    &self.display(&self.settings.rules),
                )))
            };
            let bytes = match read {
                Ok(bytes) => bytes,
                Err(finding) => {
                    findings.push(*finding);
                    state.rules.remove(&path);
                    continue;
                }
            };
            let (text, _) = load::decode(&bytes);
            if state.rules.get(&path).is_some_and(|r| r.text == text) {
                continue;
            }
            let compiler = compiler.get_or_insert_with(|| self.settings.sandbox.engine());
            let compiled = runtime::compile_rule(compiler, &path, self.display(&path), text.clone());
            changed.push(path.clone());
            state.rules.insert(path, CachedRule { text, compiled });
        }
        findings
    }

    fn refresh_data(&self, state: &mut State, changed: &mut Vec<PathBuf>) -> Vec<Finding> {
        let mut findings = Vec::new();
        let mut paths = Vec::new();
        for root in &self.settings.data {
            let (found, errors) = load::discover_named(root, "ron", &|p: &Path| self.display(p));
            paths.extend(found);
            findings.extend(errors);
        }
        paths.sort();
        paths.dedup();
        let before = state.files.len();
        let wanted: BTreeSet<&PathBuf> = paths.iter().collect();
        state.files.retain(|p, _| wanted.contains(p));
        if state.files.len() != before {
            state.data = None;
        }
        // Read, compare and parse on the workers: for a national data set
        // reading alone is a tenth of a check. Largest files first, so
        // that no worker is left with a big file at the end.
        paths.sort_by_cached_key(|p| std::cmp::Reverse(std::fs::metadata(p).map_or(0, |m| m.len())));
        let max_bytes = self.settings.sandbox.limits().max_file_size;
        let known = &state.files;
        let loaded = parallel_map(&paths, self.settings.threads, |path| {
            let name = self.display(path);
            let bytes = load::read(path, &name, max_bytes)?;
            if known.get(path).is_some_and(|f| f.same_bytes(&bytes)) {
                return Ok(None);
            }
            Ok(Some(load::load_bytes(name, path, bytes)))
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
                        crate::report::PARSE,
                        Severity::Error,
                        "the loader crashed on this file",
                    )
                    .with_help("this is a bug in tally; please report it with the file");
                    (file, Some(finding), Some(Vec::new()))
                }
            };
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
                        cached.view = Arc::new(view_file(cached.view.file.clone(), base));
                        state.next_tag = base + n;
                    }
                }
            }
            let base = state.next_tag.max(1);
            state.next_tag = base.saturating_add(nodes);
            changed.push(path.clone());
            state.data = None;
            state
                .files
                .insert(path, CachedFile::new(kept, view_file(file, base), finding));
        }
        findings
    }

    /// Checks the data with every selected rule and native check.
    ///
    /// Never fails: unreadable files, syntax errors and broken rules are
    /// findings in the report (see [`Report::has_tool_errors`]).
    pub fn check(&self) -> Report {
        let started = Instant::now();
        let Ok(mut state) = self.state.lock() else {
            return Report::default();
        };
        self.settings.sandbox.begin_check();
        let mut changed = std::mem::take(&mut state.pending_changed);
        let mut findings = self.refresh_data(&mut state, &mut changed);
        findings.extend(self.refresh_rules(&mut state, &mut changed));
        changed.sort();
        changed.dedup();
        state.last_changed = changed;

        let (view, data) = match &state.data {
            Some(cached) => cached.clone(),
            None => {
                let view = Arc::new(DataView::new(
                    state.files.values().map(|f| f.view.clone()).collect(),
                ));
                let data = view.data_map();
                state.data = Some((view.clone(), data.clone()));
                (view, data)
            }
        };
        let files: Vec<DataFile> = view.files.iter().map(|f| f.file.clone()).collect();
        findings.extend(state.files.values().filter_map(|f| f.finding.clone()));

        // Rules: compile errors are findings; duplicate ids are errors.
        let mut rules: Vec<CompiledRule> = Vec::new();
        let mut ids = BTreeSet::new();
        for cached in state.rules.values() {
            match &cached.compiled {
                Ok(rule) => {
                    if !ids.insert(rule.meta.id.clone()) {
                        findings.push(runtime::rule_error(
                            &rule.source,
                            &rule.meta.id,
                            format!("rule id `{}` is declared by more than one file", rule.meta.id),
                            rhai::Position::new(1, 1),
                        ));
                    } else if self.is_selected(&rule.meta.id) {
                        rules.push(rule.clone());
                    }
                }
                Err(finding) => findings.push((**finding).clone()),
            }
        }
        drop(state);

        let mut stats = Vec::new();
        let mut prints = Vec::new();

        // Native checks and rules share one pool of workers: a national
        // data set keeps both cores busy from the first job to the last.
        let natives: Vec<(&Arc<dyn Check>, RuleMeta)> = self
            .settings
            .checks
            .iter()
            .map(|check| (check, check.meta()))
            .filter(|(_, meta)| self.is_selected(&meta.id))
            .collect();
        let jobs: Vec<Job<'_>> = natives
            .iter()
            .map(|(check, meta)| Job::Native(check.as_ref(), meta))
            .chain(rules.iter().map(Job::Rule))
            .collect();
        let outputs = parallel_map(&jobs, self.settings.threads, |job| {
            let t = Instant::now();
            let output = match job {
                Job::Native(check, meta) => runtime::RunOutput {
                    findings: self.run_native(*check, meta, &files),
                    prints: Vec::new(),
                },
                Job::Rule(rule) => self.run_one(rule, &view, &data),
            };
            (output, t.elapsed())
        });
        for (job, output) in jobs.iter().zip(outputs) {
            let (output, elapsed) = output.unwrap_or_else(|| (job.crashed(), Duration::ZERO));
            let id = job.id();
            stats.push(RuleStat {
                rule: id.to_owned(),
                elapsed,
                findings: output.findings.len(),
            });
            prints.extend(output.prints.into_iter().map(|p| format!("{id}: {p}")));
            findings.extend(output.findings);
        }

        // Suppressions in the data (`// tally: allow(id) reason`): see `crate::suppress`.
        let scope = self.suppression_scope(&ids, &stats, &findings);
        let suppressed = crate::suppress::apply(&files, &mut findings, &scope);

        findings.retain(|f| {
            !ignored_in(
                &self.settings,
                &f.rule,
                f.site.as_ref().map(|s| s.source.path.as_path()),
            )
        });
        let mut report = Report {
            findings,
            files: files.len(),
            rules: stats.len(),
            stats,
            elapsed: Duration::ZERO,
            prints,
            suppressed,
            baseline: None,
        };
        report.sort();
        report.elapsed = started.elapsed();
        report
    }

    /// What [`crate::suppress::apply`] needs to know about this run: the
    /// ids that exist, the rules that ran to the end (a rule that failed
    /// is not judged), and whether the suppression checks are selected.
    fn suppression_scope(
        &self,
        rule_ids: &BTreeSet<String>,
        stats: &[RuleStat],
        findings: &[Finding],
    ) -> crate::suppress::Scope {
        let failed: BTreeSet<&str> = findings
            .iter()
            .filter(|f| f.rule == crate::report::RULE_ERROR)
            .filter_map(|f| f.data.get("rule").and_then(|r| r.as_str()))
            .collect();
        let severity = |id: &str| {
            self.is_selected(id).then(|| {
                self.settings
                    .severity
                    .get(id)
                    .copied()
                    .unwrap_or(Severity::Warning)
            })
        };
        crate::suppress::Scope {
            known: rule_ids
                .iter()
                .cloned()
                .chain(self.settings.checks.iter().map(|c| c.meta().id))
                .collect(),
            ran: stats
                .iter()
                .map(|s| s.rule.clone())
                .filter(|id| !failed.contains(id.as_str()))
                .collect(),
            unused: severity(crate::suppress::UNUSED_SUPPRESSION),
            invalid: severity(crate::suppress::INVALID_SUPPRESSION),
        }
    }

    /// Runs one rule with its severity and parameters.
    fn run_one(&self, rule: &CompiledRule, view: &Arc<DataView>, data: &Dynamic) -> runtime::RunOutput {
        let severity = self
            .settings
            .severity
            .get(&rule.meta.id)
            .copied()
            .unwrap_or(rule.meta.severity);
        let params = self
            .settings
            .params
            .get(&rule.meta.id)
            .map(|p| {
                p.iter()
                    .map(|(k, v)| (k.as_str().into(), ron_to_dynamic(v)))
                    .collect()
            })
            .unwrap_or_default();
        runtime::run_rule(rule, severity, view, data, params, &self.settings.sandbox)
    }

    /// Runs one native check.
    fn run_native(&self, check: &dyn Check, meta: &RuleMeta, files: &[DataFile]) -> Vec<Finding> {
        let empty = BTreeMap::new();
        let severity = self
            .settings
            .severity
            .get(&meta.id)
            .copied()
            .unwrap_or(meta.severity);
        let params = self.settings.params.get(&meta.id).unwrap_or(&empty);
        let mut ctx = CheckContext::new(files, &meta.id, severity, params);
        check.run(&mut ctx);
        ctx.into_findings()
    }
}

/// `path` relative to `base`, with `..` where needed (`../sales.ron` when
/// tally runs in `data/sub`); unchanged if they share no prefix.
fn relative_to(path: &Path, base: &Path) -> PathBuf {
    use std::path::Component;
    let path_parts: Vec<Component> = path.components().collect();
    let base_parts: Vec<Component> = base.components().collect();
    let common = path_parts
        .iter()
        .zip(&base_parts)
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        return path.to_path_buf();
    }
    let mut out = PathBuf::new();
    for _ in common..base_parts.len() {
        out.push("..");
    }
    for part in &path_parts[common..] {
        out.push(part.as_os_str());
    }
    out
}

/// A `tally.ron` parameter as a Rhai value.
fn ron_to_dynamic(value: &ron::Value) -> Dynamic {
    match value {
        ron::Value::Bool(b) => Dynamic::from_bool(*b),
        ron::Value::Char(c) => Dynamic::from_char(*c),
        ron::Value::String(s) => Dynamic::from(s.clone()),
        ron::Value::Number(n) => {
            let f = n.into_f64();
            if f.fract() == 0.0 && !matches!(n, ron::Number::F32(_) | ron::Number::F64(_)) {
                Dynamic::from_int(f as i64)
            } else {
                Dynamic::from_float(f)
            }
        }
        ron::Value::Option(Some(v)) => ron_to_dynamic(v),
        ron::Value::Option(None) | ron::Value::Unit => Dynamic::UNIT,
        ron::Value::Seq(items) => Dynamic::from_array(items.iter().map(ron_to_dynamic).collect()),
        ron::Value::Map(map) => Dynamic::from_map(
            map.iter()
                .map(|(k, v)| {
                    let key = match k {
                        ron::Value::String(s) => s.clone(),
                        other => format!("{other:?}"),
                    };
                    (key.into(), ron_to_dynamic(v))
                })
                .collect(),
        ),
        _ => Dynamic::UNIT,
    }
}

/// One unit of work of a check: a native check or a rule.
enum Job<'a> {
    Native(&'a dyn Check, &'a RuleMeta),
    Rule(&'a CompiledRule),
}

impl Job<'_> {
    fn id(&self) -> &str {
        match self {
            Job::Native(_, meta) => &meta.id,
            Job::Rule(rule) => &rule.meta.id,
        }
    }

    /// What a job that panicked reports: the other jobs still ran.
    fn crashed(&self) -> runtime::RunOutput {
        let finding = match self {
            Job::Native(_, meta) => Finding::new(
                crate::report::RULE_ERROR,
                Severity::Error,
                format!("native check `{}` crashed", meta.id),
            )
            .with_help("this is a bug in that check; the other checks and rules still ran"),
            Job::Rule(rule) => runtime::rule_error(
                &rule.source,
                &rule.meta.id,
                format!("rule `{}` crashed the rule engine", rule.meta.id),
                rhai::Position::new(1, 1),
            )
            .with_help("this is a bug in tally or Rhai; please report it with the rule"),
        };
        runtime::RunOutput {
            findings: vec![finding],
            prints: Vec::new(),
        }
    }
}

/// `f` over `items` on up to `threads` worker threads, results in item
/// order. Workers get a generous stack: parsing and rules recurse (both
/// bounded, but deeper than a default thread stack allows).
/// A call that panics yields `None` instead of taking the process down.
fn parallel_map<T: Sync, R: Send>(items: &[T], threads: usize, f: impl Fn(&T) -> R + Sync) -> Vec<Option<R>> {
    let call = |item: &T| std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(item))).ok();
    if items.is_empty() {
        return Vec::new();
    }
    let slots: Vec<Mutex<Option<R>>> = items.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..threads.clamp(1, items.len()) {
            let work = || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                let result = call(item);
                if let Ok(mut slot) = slots[i].lock() {
                    *slot = result;
                }
            };
            let spawned = std::thread::Builder::new()
                .name("tally-load".into())
                .stack_size(64 << 20)
                .spawn_scoped(scope, work);
            if spawned.is_err() {
                work();
            }
        }
    });
    slots
        .into_iter()
        .map(|slot| slot.into_inner().ok().flatten())
        .collect()
}
