//! The checking engine: runs the rules and native checks over the data and
//! builds the report.
//!
//! [`Engine`] keeps what it loaded between checks ([`cache`]): a data file
//! whose bytes did not change is not re-read into a new tree, a rule whose
//! text did not change is not re-compiled. That is what makes `tally
//! watch` and hot reload in embedders cheap.

mod builder;
mod cache;
mod pool;
mod source;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rhai::Dynamic;

pub use builder::EngineBuilder;
pub use cache::Texts;
pub use source::{BookRequest, BookTables, ProblemKind, SheetMapping, SourceProblem, TableSource, TableText, Workbooks};

use builder::Settings;
use cache::{Loaded, State, TableRun};
use pool::{parallel_map, Job};

use crate::checks::{self, suppress, Check, CheckContext};
use crate::load::DataFile;
use crate::report::{
    Finding, Report, RuleStat, Severity, INVALID_SUPPRESSION, PARSE, RULE_ERROR, UNUSED_SUPPRESSION,
};
use crate::rules::RuleMeta;
use crate::runtime::{self, CompiledRule, DataView, Focus, RunOutput};
use crate::schema::Schemas;
use crate::text;

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
    let file = text::display(file);
    settings.per_file_ignores.iter().any(|(path, ids)| {
        // A file, or a folder: every file below it.
        let folder = format!("{}/", path.trim_end_matches('/'));
        (file == *path || file.ends_with(&format!("/{path}")) || file.starts_with(&folder))
            && ids.iter().any(|i| i == rule)
    })
}

/// The key a run of `rule` over `table` is kept under: the rule, the file
/// and the table's stem (a workbook holds several tables).
fn run_key(rule: &CompiledRule, table: &DataFile) -> (String, PathBuf, String) {
    (rule.meta.id.clone(), table.source.path.clone(), table.stem().to_owned())
}

/// The tables of `kind` in `view`, as a run looking them up was given them.
fn tables_of(view: &DataView, kind: &str) -> Vec<Loaded> {
    view.files
        .iter()
        .filter(|f| f.file.kind() == Some(kind))
        .map(|f| Loaded::of(&f.file))
        .collect()
}

impl TableRun {
    /// Whether this run is still the run `rule` would make over `table`:
    /// the same compiled rule, the same table, and the same tables of each
    /// kind it looked up.
    fn still_holds(&self, rule: &CompiledRule, table: &DataFile, view: &DataView) -> bool {
        Arc::ptr_eq(&self.ast, &rule.ast)
            && self.table.is(table)
            && self.looked_up.iter().all(|(kind, was)| {
                let now: Vec<&DataFile> = view
                    .files
                    .iter()
                    .map(|f| &f.file)
                    .filter(|f| f.kind() == Some(kind))
                    .collect();
                now.len() == was.len() && now.iter().zip(was).all(|(f, w)| w.is(f))
            })
    }
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

    /// The schemas folder (it need not exist).
    pub fn schemas_dir(&self) -> &Path {
        &self.settings.schemas
    }

    /// Paths read anew (changed, added) by the last [`Engine::check`].
    pub fn last_changed(&self) -> Vec<PathBuf> {
        self.state
            .lock()
            .map(|s| s.last_changed.clone())
            .unwrap_or_default()
    }

    /// The data files as the last [`Engine::check`] loaded them, in path
    /// order: each with its text and, if it parsed, its span index. A
    /// front end that shows the data itself (the HTML report's tables)
    /// reads them here instead of parsing the files a second time; a
    /// finding's [`crate::Site`] names the same [`crate::SourceFile`].
    pub fn data_files(&self) -> Vec<DataFile> {
        self.state
            .lock()
            .map(|s| s.files.values().map(|f| f.view.file.clone()).collect())
            .unwrap_or_default()
    }

    fn display(&self, path: &Path) -> String {
        match &self.settings.display_base {
            Some(base) => text::display_from(path, base),
            None => text::display(path),
        }
    }

    /// Every id that `select`, `ignore`, `severity` and the like may name:
    /// the rules and checks, and the engine's own `parse` and `rule-error`.
    pub(crate) fn known_ids(&self) -> Vec<String> {
        let mut known: Vec<String> = self.rules().into_iter().map(|m| m.id).collect();
        known.extend([PARSE.to_owned(), RULE_ERROR.to_owned()]);
        known
    }

    /// `None` if `id` is one of `known` (or the file name of a rule that
    /// does not compile, which has no id yet); else `Some` of the nearest
    /// known id, if one is near.
    pub(crate) fn unknown_id<'a>(&self, id: &str, known: &'a [String]) -> Option<Option<&'a str>> {
        let file_exists = self.settings.rules.join(format!("{id}.rhai")).is_file() || self.broken_check(id);
        if known.iter().any(|k| k == id) || file_exists {
            return None;
        }
        Some(text::suggest(id, known.iter().map(String::as_str)))
    }

    /// Whether `id` is the id of a check of a `.checks.ron` file that has
    /// mistakes (it has no metadata, but its file says the id).
    fn broken_check(&self, id: &str) -> bool {
        let Ok(state) = self.state.lock() else { return false };
        state
            .rules
            .values()
            .flat_map(|r| &r.compiled)
            .filter_map(|r| r.as_ref().err())
            .any(|f| f.data.get("rule").and_then(|r| r.as_str()) == Some(id))
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
        metas.extend(checks::after_pass());
        // The built-in checks' titles are tally's own words.
        let t = &self.settings.catalogue;
        for meta in &mut metas {
            let key = format!("rule-title-{}", meta.id);
            if t.has(&key) {
                meta.title = t.text(&key, &[]);
            }
        }
        if let Ok(mut state) = self.state.lock() {
            let mut changed = Vec::new();
            self.refresh_rules(&mut state, &mut changed);
            state.pending_changed.extend(changed);
            metas.extend(
                state
                    .rules
                    .values()
                    .flat_map(|r| &r.compiled)
                    .filter_map(|r| r.as_ref().ok())
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
            .flat_map(|(path, rule)| rule.compiled.iter().map(move |c| (path, c)))
            .map(|(path, compiled)| {
                let meta = match compiled {
                    Ok(compiled) => Ok(compiled.meta.clone()),
                    Err(finding) => Err((**finding).clone()),
                };
                (path.clone(), meta)
            })
            .collect()
    }

    /// The functions that the sandbox gives every rule, as Rhai prints
    /// their signatures (`tables(kind: &str) -> Array`), sorted: what an
    /// editor offers to complete in a `.rhai` file. The functions that a
    /// run registers with its data and state (`tables`, `report`, …) are
    /// not among them.
    pub fn rule_api(&self) -> Vec<String> {
        let mut signatures = self.settings.sandbox.engine().gen_fn_signatures(false);
        signatures.sort();
        signatures.dedup();
        signatures
    }

    /// One rule's metadata by id.
    pub fn rule(&self, id: &str) -> Option<RuleMeta> {
        self.rules().into_iter().find(|m| m.id == id)
    }

    /// The error for a rule id that names no rule or check, with the
    /// nearest id as a suggestion.
    pub fn unknown_rule(&self, id: &str) -> crate::Error {
        let known: Vec<String> = self.rules().into_iter().map(|m| m.id).collect();
        crate::Error::UnknownRule {
            id: id.to_owned(),
            suggestion: text::suggest(id, known.iter().map(String::as_str)).map(str::to_owned),
        }
    }

    /// Checks the data with every selected rule and native check.
    ///
    /// Never fails: unreadable files, syntax errors and broken rules are
    /// findings in the report (see [`Report::has_tool_errors`]).
    pub fn check(&self) -> Report {
        self.check_with(&Texts::new())
    }

    /// Checks as [`Engine::check`] does, with `texts` standing in for the
    /// files at those paths (an editor's unsaved buffers: `tally lsp`).
    ///
    /// Only files the engine finds on disk are checked, so a text stands
    /// in for a data file (`*.ron` below a data path) or a rule file
    /// (`*.rhai` in the rules folder) that exists; its path is spelled as
    /// the engine finds it (see [`Engine::data_paths`], [`Engine::rules_dir`]).
    /// The texts are not kept: the next check without a path's text reads
    /// the file again. Nothing is written.
    pub fn check_with(&self, texts: &Texts) -> Report {
        let started = Instant::now();
        let Ok(mut state) = self.state.lock() else {
            return Report::default();
        };
        state.texts = texts.clone();
        self.settings.sandbox.begin_check();
        let mut changed = std::mem::take(&mut state.pending_changed);
        let mut findings = self.refresh_schemas(&mut state, &mut changed);
        findings.extend(self.refresh_data(&mut state, &mut changed));
        findings.extend(self.refresh_rules(&mut state, &mut changed));
        changed.sort();
        changed.dedup();
        state.last_changed = changed;

        let (view, data) = match &state.data {
            Some(cached) => cached.clone(),
            None => {
                let view = Arc::new(DataView::new(
                    state.files.values().map(|f| f.view.clone()).collect(),
                    state.schemas.clone(),
                ));
                let data = view.data_map();
                state.data = Some((view.clone(), data.clone()));
                (view, data)
            }
        };
        let files: Vec<DataFile> = view.files.iter().map(|f| f.file.clone()).collect();
        findings.extend(state.files.values().filter_map(|f| f.finding.clone()));
        findings.extend(state.files.values().flat_map(|f| f.problems.iter().cloned()));

        // Rules: compile errors are findings; duplicate ids are errors.
        let mut rules: Vec<CompiledRule> = Vec::new();
        let mut ids = BTreeSet::new();
        for compiled in state.rules.values().flat_map(|r| &r.compiled) {
            match compiled {
                Ok(rule) => {
                    if !ids.insert(rule.meta.id.clone()) {
                        findings.push(runtime::rule_error(
                            rule.check_map.as_ref().map_or(&rule.source, |m| &m.file),
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
        let schemas = state.schemas.clone();

        // A rule that looks at one table at a time runs once per table of
        // its kind; a run whose rule, table and looked-up tables are the
        // ones it ran with is kept (`tally watch` at national scale re-runs
        // only the saved table's runs). With no table of its kind, it runs
        // once as any rule does, so that the report says it checked nothing.
        let mut table_jobs: Vec<(&CompiledRule, usize)> = Vec::new();
        let mut kept: Vec<(&str, RunOutput)> = Vec::new();
        let mut whole: Vec<&CompiledRule> = Vec::new();
        let mut previous = std::mem::take(&mut state.table_runs);
        if !self.settings.keep_table_runs {
            previous.clear();
        }
        for rule in &rules {
            if rule.each_table.is_empty() {
                whole.push(rule);
                continue;
            }
            let tables: Vec<usize> = (0..view.files.len())
                .filter(|&i| {
                    let file = &view.files[i].file;
                    file.document.is_some() && file.kind().is_some_and(|k| rule.each_table.iter().any(|e| e == k))
                })
                .collect();
            if tables.is_empty() {
                whole.push(rule);
            }
            for i in tables {
                let key = run_key(rule, &view.files[i].file);
                match previous.get(&key) {
                    Some(run) if run.still_holds(rule, &view.files[i].file, &view) => {
                        kept.push((&rule.meta.id, run.output.clone()));
                    }
                    _ => table_jobs.push((rule, i)),
                }
            }
        }
        // Runs of rules and tables that are gone are dropped; the others go
        // back (a run done anew below replaces its entry).
        state.table_runs = previous
            .into_iter()
            .filter(|((id, path, stem), run)| {
                rules.iter().any(|r| &r.meta.id == id && Arc::ptr_eq(&r.ast, &run.ast))
                    && view
                        .files
                        .iter()
                        .any(|f| f.file.source.path == *path && f.file.stem() == stem && run.table.is(&f.file))
            })
            .collect();
        drop(state);

        let mut stats = Vec::new();
        let mut idle = Vec::new();
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
            .chain(whole.iter().map(|rule| Job::Rule(rule)))
            .chain(table_jobs.iter().map(|&(rule, i)| Job::Table(rule, i)))
            .collect();
        // The whole check ends at `limits.total_deadline_ms`: jobs not
        // started by then are not run, running rules stop.
        let limits = self.settings.sandbox.limits();
        let until = started + Duration::from_millis(limits.total_deadline_ms);
        let outputs = parallel_map(&jobs, self.settings.threads, |job| {
            let t = Instant::now();
            if t >= until {
                return (job.not_run(limits.total_deadline_ms), Duration::ZERO);
            }
            let output = match job {
                Job::Native(check, meta) => RunOutput {
                    findings: self.run_native(*check, meta, &files, &schemas, &ids),
                    ..RunOutput::default()
                },
                Job::Rule(rule) => self.run_one(rule, &view, &data, until, None),
                Job::Table(rule, i) => {
                    let focus = Focus {
                        kinds: rule.each_table.clone(),
                        file: *i,
                    };
                    self.run_one(rule, &view, &data, until, Some(focus))
                }
            };
            (output, t.elapsed())
        });
        // One line of statistics per rule, however many tables it ran over.
        let mut stat_of: BTreeMap<String, usize> = BTreeMap::new();
        let mut failures = BTreeSet::new();
        let mut new_runs = Vec::new();
        let ran = jobs.iter().zip(outputs).map(|(job, output)| {
            let (output, elapsed) = output.unwrap_or_else(|| (job.crashed(), Duration::ZERO));
            // A run that failed (a deadline, a crash, a bound) is not kept:
            // the next check runs it again.
            let failed = output.findings.iter().any(|f| f.rule == RULE_ERROR);
            if let (Job::Table(rule, i), false) = (job, failed) {
                new_runs.push((*rule, *i, output.clone()));
            }
            (job.id(), output, elapsed, false)
        });
        let ran: Vec<_> = ran.collect();
        let reused = kept.into_iter().map(|(id, output)| (id, output, Duration::ZERO, true));
        for (id, output, elapsed, was_kept) in ran.into_iter().chain(reused) {
            let at = *stat_of.entry(id.to_owned()).or_insert_with(|| {
                stats.push(RuleStat {
                    rule: id.to_owned(),
                    elapsed: Duration::ZERO,
                    findings: 0,
                    kept: 0,
                });
                stats.len() - 1
            });
            stats[at].elapsed += elapsed;
            stats[at].findings += output.findings.len();
            stats[at].kept += usize::from(was_kept);
            prints.extend(output.prints.into_iter().map(|p| format!("{id}: {p}")));
            if output.read_no_table && !idle.iter().any(|i| i == id) {
                idle.push(id.to_owned());
            }
            // A rule that fails the same way on every table says so once.
            for finding in output.findings {
                if finding.rule == RULE_ERROR {
                    let site = finding.site.as_ref().map(|s| (s.source.name.clone(), s.span()));
                    if !failures.insert((finding.message.clone(), site)) {
                        continue;
                    }
                }
                findings.push(finding);
            }
        }
        if let Ok(mut state) = self.state.lock() {
            for (rule, i, output) in new_runs {
                let table = &view.files[i].file;
                let looked_up = output
                    .kinds_read
                    .iter()
                    .map(|kind| (kind.clone(), tables_of(&view, kind)))
                    .collect();
                state.table_runs.insert(
                    run_key(rule, table),
                    TableRun {
                        ast: rule.ast.clone(),
                        table: Loaded::of(table),
                        looked_up,
                        output,
                    },
                );
            }
        }

        // The after-pass: suppressions in the data (`// tally: allow(id)
        // reason`) and the findings about them; see `checks::suppress`.
        // Its two checks are listed, selected, timed and counted like any.
        let after: Vec<String> = checks::after_pass()
            .into_iter()
            .map(|m| m.id)
            .filter(|id| self.is_selected(id))
            .collect();
        let first_after = stats.len();
        stats.extend(after.iter().map(|id| RuleStat {
            rule: id.clone(),
            elapsed: Duration::ZERO,
            findings: 0,
            kept: 0,
        }));
        let t = Instant::now();
        let scope = self.suppression_scope(&ids, &stats, &findings);
        let suppressed = suppress::apply(&files, &mut findings, &scope);
        let elapsed = t.elapsed();
        for stat in &mut stats[first_after..] {
            stat.elapsed = elapsed;
            // Only this pass makes findings with these ids.
            stat.findings = findings.iter().filter(|f| f.rule == stat.rule).count();
        }

        findings.retain(|f| {
            !ignored_in(
                &self.settings,
                &f.rule,
                f.site.as_ref().map(|s| s.source.path.as_path()),
            )
        });
        // Findings about tables read from workbooks go to their cells.
        for finding in &mut findings {
            crate::report::CellMap::relocate(finding);
        }
        let mut report = Report {
            findings,
            files: files.len(),
            rules: stats.len(),
            stats,
            elapsed: Duration::ZERO,
            prints,
            suppressed,
            baseline: None,
            untouched: None,
            idle,
            unread: files
                .iter()
                .filter(|f| f.document.is_none())
                .map(|f| f.name().to_owned())
                .collect(),
        };
        report.sort();
        report.elapsed = started.elapsed();
        report
    }

    /// What [`suppress::apply`] needs to know about this run: the
    /// ids that exist, the rules that ran to the end (a rule that failed
    /// is not judged), and whether the suppression checks are selected.
    fn suppression_scope(
        &self,
        rule_ids: &BTreeSet<String>,
        stats: &[RuleStat],
        findings: &[Finding],
    ) -> suppress::Scope {
        let failed: BTreeSet<&str> = findings
            .iter()
            .filter(|f| f.rule == RULE_ERROR)
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
        suppress::Scope {
            known: rule_ids
                .iter()
                .cloned()
                .chain(self.settings.checks.iter().map(|c| c.meta().id))
                .chain(checks::after_pass().map(|m| m.id))
                .collect(),
            ran: stats
                .iter()
                .map(|s| s.rule.clone())
                .filter(|id| !failed.contains(id.as_str()))
                .collect(),
            unused: severity(UNUSED_SUPPRESSION),
            invalid: severity(INVALID_SUPPRESSION),
            catalogue: self.settings.catalogue.clone(),
        }
    }

    /// Runs one rule with its severity and parameters.
    fn run_one(
        &self,
        rule: &CompiledRule,
        view: &Arc<DataView>,
        data: &Dynamic,
        until: Instant,
        focus: Option<Focus>,
    ) -> RunOutput {
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
                    .map(|(k, v)| (k.as_str().into(), runtime::param_value(v)))
                    .collect()
            })
            .unwrap_or_default();
        let input = runtime::RunData { view, data, focus };
        runtime::run_rule(rule, severity, params, input, &self.settings.sandbox, until, &self.settings.catalogue)
    }

    /// Runs one native check.
    fn run_native(
        &self,
        check: &dyn Check,
        meta: &RuleMeta,
        files: &[DataFile],
        schemas: &Schemas,
        rules: &BTreeSet<String>,
    ) -> Vec<Finding> {
        let empty = BTreeMap::new();
        let severity = self
            .settings
            .severity
            .get(&meta.id)
            .copied()
            .unwrap_or(meta.severity);
        let params = self.settings.params.get(&meta.id).unwrap_or(&empty);
        let mut ctx = CheckContext::new(files, &meta.id, severity, params)
            .in_language(&self.settings.catalogue)
            .within(schemas, rules)
            .on_threads(self.settings.threads);
        check.run(&mut ctx);
        ctx.into_findings()
    }
}

