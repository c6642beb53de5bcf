//! [`EngineBuilder`]: where the data and rules are, which rules run, bounds
//! and parameters.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use super::source::{TableSource, Workbooks};
use super::{Engine, State};
use crate::checks::{self, Check};
use crate::error::Error;
use crate::report::Severity;
use crate::rules::ParamValue;
use crate::runtime::{Limits, Sandbox};

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
    schemas: Option<PathBuf>,
    limits: Limits,
    select: Option<Vec<String>>,
    ignore: Vec<String>,
    severity: BTreeMap<String, Severity>,
    params: BTreeMap<String, BTreeMap<String, ParamValue>>,
    per_file_ignores: BTreeMap<String, Vec<String>>,
    checks: Vec<Arc<dyn Check>>,
    display_base: Option<PathBuf>,
    threads: Option<usize>,
    /// Off by default: see [`EngineBuilder::keep_table_runs`].
    forget_table_runs: bool,
    rule_file: Option<PathBuf>,
    lang: tally_i18n::Lang,
    /// One to share, if the caller has one ([`EngineBuilder::catalogue`]).
    catalogue: Option<tally_i18n::Catalogue>,
    workbooks: Workbooks,
    table_source: Option<Arc<dyn TableSource>>,
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
    /// The language of the findings tally makes itself (`parse`,
    /// `duplicate-key`, the suppression checks, `rule-error`'s labels and
    /// helps): English unless told. Rule messages are the rules' own.
    pub fn lang(mut self, lang: tally_i18n::Lang) -> Self {
        self.lang = lang;
        self
    }

    /// Speaks through `catalogue`, in its language (as
    /// [`EngineBuilder::lang`]): a program that has one for its own
    /// messages shares it instead of the engine parsing the same messages
    /// again.
    pub fn catalogue(mut self, catalogue: tally_i18n::Catalogue) -> Self {
        self.lang = catalogue.lang();
        self.catalogue = Some(catalogue);
        self
    }

    /// Adds a data file or folder (folders are searched for `*.ron`).
    pub fn data(mut self, path: impl Into<PathBuf>) -> Self {
        self.data.push(path.into());
        self
    }

    /// Maps the sheets of workbooks to table kinds and layouts (tally.ron's
    /// `workbooks`): such files under the data paths are checked as the
    /// tables that [`EngineBuilder::table_source`] reads out of them.
    pub fn workbooks(mut self, workbooks: Workbooks) -> Self {
        self.workbooks = workbooks;
        self
    }

    /// What reads tables out of workbooks (`tally-sheets` for the `tally`
    /// command). Without one, a mapped workbook is a finding.
    pub fn table_source(mut self, source: Arc<dyn TableSource>) -> Self {
        self.table_source = Some(source);
        self
    }

    /// Sets the rules folder (`*.rhai` rules; `lib/` for modules they import).
    pub fn rules(mut self, dir: impl Into<PathBuf>) -> Self {
        self.rules = Some(dir.into());
        self
    }

    /// Sets the schemas folder (one `*.ron` schema per table kind). By
    /// default, `schemas` beside the rules folder; a missing folder means
    /// no kind has a schema.
    pub fn schemas(mut self, dir: impl Into<PathBuf>) -> Self {
        self.schemas = Some(dir.into());
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
    pub fn param(mut self, id: impl Into<String>, name: impl Into<String>, value: impl Into<ParamValue>) -> Self {
        self.params
            .entry(id.into())
            .or_default()
            .insert(name.into(), value.into());
        self
    }

    /// Registers a native check that runs beside the rules.
    pub fn native_check(mut self, check: impl Check + 'static) -> Self {
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

    /// Whether a run of a rule that looks at one table at a time is kept
    /// until something it read changes (default `true`; see
    /// `docs/writing-rules.md`). Off, every check runs every rule again:
    /// for timing the rules in warm checks.
    pub fn keep_table_runs(mut self, keep: bool) -> Self {
        self.forget_table_runs = !keep;
        self
    }

    /// Ignores rule `id` in a data file or folder (its findings there are
    /// dropped); `tally.ron`'s `per_file_ignores`.
    pub fn ignore_in(mut self, path: impl Into<PathBuf>, id: impl Into<String>) -> Self {
        let path = crate::text::display(&path.into());
        self.per_file_ignores.entry(path).or_default().push(id.into());
        self
    }

    /// Whether data paths, the rules folder and the selection are set
    /// (a project applies its defaults only to what is not).
    pub(crate) fn has_data(&self) -> bool {
        !self.data.is_empty()
    }

    pub(crate) fn has_selection(&self) -> bool {
        self.select.is_some()
    }

    pub(crate) fn has_severity(&self, id: &str) -> bool {
        self.severity.contains_key(id)
    }

    pub(crate) fn has_param(&self, id: &str, name: &str) -> bool {
        self.params.get(id).is_some_and(|p| p.contains_key(name))
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
        // `import` reaches only `rules/lib`, and only if it lies in `rules`.
        let lib = Some(rules.join("lib")).filter(|l| l.is_dir());
        if let Some(lib) = &lib {
            let inside = match (std::fs::canonicalize(lib), std::fs::canonicalize(&rules)) {
                (Ok(lib), Ok(rules)) => lib.starts_with(rules),
                _ => false,
            };
            if !inside {
                let shown = match &self.display_base {
                    Some(base) => crate::text::display_from(lib, base),
                    None => crate::text::display(lib),
                };
                return Err(Error::Outside(PathBuf::from(shown)));
            }
        }
        let schemas = self.schemas.unwrap_or_else(|| {
            let parent = rules.parent().filter(|p| !p.as_os_str().is_empty());
            parent.map_or_else(|| PathBuf::from("schemas"), |p| p.join("schemas"))
        });
        let mut checks = checks::file_checks();
        checks.extend(self.checks);
        let engine = Engine {
            settings: Settings {
                data,
                sandbox: Sandbox::new(self.limits, lib),
                rules,
                schemas,
                select: self.select,
                ignore: self.ignore.into_iter().collect(),
                severity: self.severity,
                params: self.params,
                per_file_ignores: self.per_file_ignores,
                checks,
                display_base: self.display_base,
                rule_file: self.rule_file,
                workbooks: self.workbooks,
                table_source: self.table_source,
                catalogue: Arc::new(match self.catalogue {
                    Some(shared) if shared.lang() == self.lang => shared,
                    _ => tally_i18n::Catalogue::new(self.lang),
                }),
                threads: self
                    .threads
                    .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
                keep_table_runs: !self.forget_table_runs,
            },
            state: Mutex::new(State::default()),
        };
        // Unknown ids in --select/--ignore are a usage error, with a suggestion.
        let known = engine.known_ids();
        for id in engine
            .settings
            .select
            .iter()
            .flatten()
            .chain(engine.settings.ignore.iter())
        {
            if let Some(suggestion) = engine.unknown_id(id, &known) {
                return Err(Error::UnknownRule {
                    id: id.clone(),
                    suggestion: suggestion.map(str::to_owned),
                });
            }
        }
        Ok(engine)
    }
}

pub(super) struct Settings {
    pub(super) data: Vec<PathBuf>,
    pub(super) rules: PathBuf,
    pub(super) schemas: PathBuf,
    pub(super) sandbox: Sandbox,
    pub(super) select: Option<Vec<String>>,
    pub(super) ignore: BTreeSet<String>,
    pub(super) severity: BTreeMap<String, Severity>,
    pub(super) params: BTreeMap<String, BTreeMap<String, ParamValue>>,
    pub(super) per_file_ignores: BTreeMap<String, Vec<String>>,
    pub(super) checks: Vec<Arc<dyn Check>>,
    pub(super) display_base: Option<PathBuf>,
    pub(super) rule_file: Option<PathBuf>,
    pub(super) workbooks: Workbooks,
    pub(super) table_source: Option<Arc<dyn TableSource>>,
    pub(super) threads: usize,
    /// See [`EngineBuilder::keep_table_runs`].
    pub(super) keep_table_runs: bool,
    /// The messages of the interface language.
    pub(super) catalogue: Arc<tally_i18n::Catalogue>,
}

