//! The project: where `tally.ron` is, what it says, and the engine it
//! makes, the same for every front end (`tally check`, `watch`, `test`,
//! `new`, an editor server, an embedding program).
//!
//! A project is found from a folder upward: the first folder that holds
//! `tally.ron` is its root, and the paths in that file are relative to it.
//! Without a `tally.ron`, the folder itself is the root and its `data/`
//! and `rules/` are checked. Every mistake in the configuration is a
//! located `config-error` ([`Error::Config`]).

mod config;

use std::path::{Path, PathBuf};

pub use config::{Config, Origin};

use crate::baseline::Baseline;
use crate::engine::{Engine, EngineBuilder};
use crate::error::Error;
use crate::runtime::Limits;
use crate::schema::Schemas;
use crate::text;

/// A project: its root (where `tally.ron` is, or the folder it was looked
/// for from), its configuration, and the folder that paths given by the
/// user are relative to.
#[derive(Debug, Clone)]
pub struct Project {
    cwd: PathBuf,
    root: PathBuf,
    config: Option<Config>,
    /// The interface language asked for (`--lang`), over tally.ron's `lang`.
    lang: Option<tally_i18n::Lang>,
    /// The front end's messages in that language, shared with the engines.
    catalogue: Option<tally_i18n::Catalogue>,
    /// What reads the workbooks tally.ron maps (`workbooks`).
    table_source: Option<std::sync::Arc<dyn crate::engine::TableSource>>,
}

/// What a front end asks to check, on top of the project's configuration:
/// paths are relative to the working directory, and anything left empty
/// takes the configuration's value, or the default.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Data files or folders (default: tally.ron's `data`, else `data/`).
    pub paths: Vec<PathBuf>,
    /// The rules folder (default: tally.ron's `rules`, else `rules/`).
    pub rules: Option<PathBuf>,
    /// Run only these rules (default: tally.ron's `select`, else all).
    pub select: Option<Vec<String>>,
    /// Do not run these rules, besides tally.ron's `ignore`.
    pub ignore: Vec<String>,
}

impl Project {
    /// Finds the project from `cwd` (the working directory) upward and
    /// reads its `tally.ron`, if there is one.
    pub fn discover(cwd: impl Into<PathBuf>) -> Result<Project, Error> {
        Project::discover_in(cwd, tally_i18n::Lang::En)
    }

    /// [`Project::discover`], the errors of `tally.ron` in `lang` (the
    /// front end's interface language).
    pub fn discover_in(cwd: impl Into<PathBuf>, lang: tally_i18n::Lang) -> Result<Project, Error> {
        let cwd = cwd.into();
        match config::find(&cwd) {
            Some(file) => {
                let root = file.parent().map_or_else(|| cwd.clone(), Path::to_path_buf);
                let shown = text::display_from(&file, &cwd);
                let config = config::load(&file, &shown, lang).map_err(Error::Config)?;
                Ok(Project {
                    cwd,
                    root,
                    config: Some(config),
                    lang: None,
                    catalogue: None,
                    table_source: None,
                })
            }
            None => Ok(Project {
                root: cwd.clone(),
                cwd,
                config: None,
                lang: None,
                catalogue: None,
                table_source: None,
            }),
        }
    }

    /// The project with the interface language `lang` for the engines it
    /// builds, whatever tally.ron's `lang` says (a front end passes its
    /// `--lang`, else tally.ron's, else the locale's).
    pub fn with_lang(mut self, lang: tally_i18n::Lang) -> Project {
        self.lang = Some(lang);
        if let Some(config) = self.config.as_mut() {
            config.ui = lang;
        }
        self
    }

    /// [`Project::with_lang`] with the front end's own catalogue of that
    /// language, which the engines the project builds then share.
    pub fn with_catalogue(self, catalogue: tally_i18n::Catalogue) -> Project {
        let mut project = self.with_lang(catalogue.lang());
        project.catalogue = Some(catalogue);
        project
    }

    /// The front end's catalogue, if it speaks the project's language.
    fn shared_catalogue(&self) -> Option<&tally_i18n::Catalogue> {
        self.catalogue.as_ref().filter(|c| c.lang() == self.lang())
    }

    /// What reads the workbooks that tally.ron's `workbooks` maps; every
    /// engine the project builds gets it.
    pub fn with_table_source(mut self, source: std::sync::Arc<dyn crate::engine::TableSource>) -> Project {
        self.table_source = Some(source);
        self
    }

    /// tally.ron's `lang`, if it names one.
    pub fn configured_lang(&self) -> Option<tally_i18n::Lang> {
        self.config.as_ref().and_then(|c| tally_i18n::Lang::parse(&c.lang))
    }

    /// The interface language of the engines this project builds: the one
    /// given to [`Project::with_lang`], else tally.ron's, else English.
    pub fn lang(&self) -> tally_i18n::Lang {
        self.lang.or_else(|| self.configured_lang()).unwrap_or_default()
    }

    /// The working directory: paths given by the user are relative to it,
    /// and file names in findings are shown relative to it.
    pub fn cwd(&self) -> &Path {
        &self.cwd
    }

    /// The folder of `tally.ron`, or the working directory without one.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The configuration, if a `tally.ron` was found.
    pub fn config(&self) -> Option<&Config> {
        self.config.as_ref()
    }

    /// The sandbox bounds of tally.ron (or the defaults).
    pub fn limits(&self) -> Limits {
        self.config.as_ref().map(|c| c.limits).unwrap_or_default()
    }

    /// A path as shown to the user: relative to the working directory.
    pub fn shown(&self, path: &Path) -> String {
        text::display_from(path, &self.cwd)
    }

    /// The rules folder: `rules` (relative to the working directory), else
    /// tally.ron's `rules`, else `rules/` of the project.
    pub fn rules_dir(&self, rules: Option<&Path>) -> PathBuf {
        match (rules, self.config.as_ref().and_then(|c| c.rules.as_ref())) {
            (Some(dir), _) => self.cwd.join(dir),
            (None, Some(dir)) => self.root.join(dir),
            (None, None) => self.root.join("rules"),
        }
    }

    /// The schemas folder: tally.ron's `schemas`, else `schemas/` beside
    /// the rules folder (`rules`, as [`Project::rules_dir`] takes it) —
    /// the project's `schemas/` unless the rules are elsewhere.
    pub fn schemas_dir(&self, rules: Option<&Path>) -> PathBuf {
        if let Some(dir) = self.config.as_ref().and_then(|c| c.schemas.as_ref()) {
            return self.root.join(dir);
        }
        let rules = self.rules_dir(rules);
        match rules.parent() {
            Some(parent) => parent.join("schemas"),
            None => self.root.join("schemas"),
        }
    }

    /// The project's schemas, read now, with the `config-error`s of the
    /// files that could not be read (`rules` as for [`Project::rules_dir`]).
    pub fn schemas(&self, rules: Option<&Path>) -> Schemas {
        let t = match self.shared_catalogue() {
            Some(shared) => shared.clone(),
            None => tally_i18n::Catalogue::new(self.lang()),
        };
        Schemas::read_dir_in(&self.schemas_dir(rules), &|p: &Path| self.shown(p), &t)
    }

    /// An engine builder for `selection` with the project's configuration
    /// applied (values of `selection` take precedence) and its defaults.
    /// Validates what can be validated without the rules.
    pub fn builder(&self, selection: &Selection) -> Result<EngineBuilder, Error> {
        let mut builder = Engine::builder().display_base(&self.cwd).lang(self.lang());
        if let Some(shared) = self.shared_catalogue() {
            builder = builder.catalogue(shared.clone());
        }
        for path in &selection.paths {
            builder = builder.data(self.cwd.join(path));
        }
        if let Some(select) = &selection.select {
            if select.iter().all(|s| s.trim().is_empty()) {
                return Err(Error::EmptySelection);
            }
            builder = builder.select(select.iter().filter(|s| !s.is_empty()).cloned());
        }
        builder = builder.ignore(selection.ignore.iter().filter(|s| !s.is_empty()).cloned());
        let rules = self.rules_dir(selection.rules.as_deref());
        let named = selection.rules.is_some() || self.config.as_ref().is_some_and(|c| c.rules.is_some());
        if !named {
            // tally.ron's paths are held to the same rule, with a location.
            self.inside_project(&rules)?;
        }
        builder = builder
            .rules(rules)
            .schemas(self.schemas_dir(selection.rules.as_deref()));
        if let Some(config) = &self.config {
            config.check_values(&self.root).map_err(Error::Config)?;
            builder = self.apply(config, builder)?;
        }
        if !builder.has_data() {
            let data = self.root.join("data");
            self.inside_project(&data)?;
            builder = builder.data(data);
        }
        Ok(builder)
    }

    /// A default folder (`data/`, `rules/`) may be a link only to a folder
    /// inside the project: with no `tally.ron`, `data -> /usr` would
    /// otherwise be walked, and `data -> /tmp/outside` shown in snippets.
    fn inside_project(&self, path: &Path) -> Result<(), Error> {
        let (Ok(target), Ok(root)) = (std::fs::canonicalize(path), std::fs::canonicalize(&self.root)) else {
            // Missing: the engine says so.
            return Ok(());
        };
        if target.starts_with(&root) {
            Ok(())
        } else {
            Err(Error::Outside(PathBuf::from(self.shown(path))))
        }
    }

    /// Applies tally.ron to `builder`: its paths are relative to the root;
    /// values set on the builder before take precedence; its `limits`
    /// replace the builder's (no `limits` means the defaults).
    fn apply(&self, config: &Config, mut builder: EngineBuilder) -> Result<EngineBuilder, Error> {
        if !builder.has_data() {
            for path in &config.data {
                builder = builder.data(self.root.join(path));
            }
        }
        if !builder.has_selection() {
            if let Some(select) = &config.select {
                builder = builder.select(select.iter().cloned());
            }
        }
        builder = builder.ignore(config.ignore.iter().cloned());
        let severities = config.severities().map_err(|message| {
            Error::Config(Box::new(config.error_at("severity", message)))
        })?;
        for (id, severity) in severities {
            if !builder.has_severity(&id) {
                builder = builder.severity(id, severity);
            }
        }
        for (id, params) in &config.params {
            for (name, value) in params {
                if !builder.has_param(id, name) {
                    builder = builder.param(id.clone(), name.clone(), value.clone());
                }
            }
        }
        for (file, ids) in &config.per_file_ignores {
            for id in ids {
                builder = builder.ignore_in(self.root.join(file), id.clone());
            }
        }
        if !config.workbooks.is_empty() {
            let mut workbooks = crate::engine::Workbooks::default();
            for (file, tables) in &config.workbooks {
                let tables = tables
                    .iter()
                    .enumerate()
                    .map(|(i, t)| crate::engine::SheetMapping {
                        sheets: t.sheets.clone(),
                        kind: t.kind.clone(),
                        layout: if t.layout.is_empty() { "records".into() } else { t.layout.clone() },
                        origin: config.error_at(&format!("workbooks[{file:?}][{i}]"), "").site,
                    })
                    .collect();
                workbooks.entries.push((self.root.join(file), tables));
            }
            builder = builder.workbooks(workbooks);
        }
        if let Some(source) = &self.table_source {
            builder = builder.table_source(source.clone());
        }
        Ok(builder.limits(config.limits))
    }

    /// The engine for `selection`: [`Project::builder`], built, with every
    /// rule id that tally.ron names checked against the rules that exist.
    pub fn engine(&self, selection: &Selection) -> Result<Engine, Error> {
        let engine = match self.builder(selection)?.build() {
            Ok(engine) => engine,
            Err(Error::UnknownRule { id, suggestion }) => {
                // Named by tally.ron (and not on the command line): say where.
                let on_command_line =
                    selection.select.iter().flatten().any(|i| *i == id) || selection.ignore.contains(&id);
                let located = self
                    .config
                    .as_ref()
                    .filter(|_| !on_command_line)
                    .and_then(|c| c.unknown_rule(&id, suggestion.as_deref()));
                return Err(match located {
                    Some(finding) => Error::Config(Box::new(finding)),
                    None => Error::UnknownRule { id, suggestion },
                });
            }
            Err(err) => return Err(err),
        };
        let named_rules = selection.rules.is_some() || self.config.as_ref().is_some_and(|c| c.rules.is_some());
        if named_rules && engine.rule_files().is_empty() {
            return Err(Error::NoRules(PathBuf::from(self.shown(engine.rules_dir()))));
        }
        if let Some(config) = &self.config {
            let known = engine.known_ids();
            config
                .check_rule_ids(|id| engine.unknown_id(id, &known))
                .map_err(Error::Config)?;
        }
        Ok(engine)
    }

    /// Where `--write-baseline` writes: `flag` (relative to the working
    /// directory), else tally.ron's `baseline`; `None` if neither names one.
    pub fn baseline_path(&self, flag: Option<&Path>) -> Option<PathBuf> {
        match flag {
            Some(file) => Some(self.cwd.join(file)),
            None => self
                .config
                .as_ref()
                .and_then(|c| c.baseline.as_ref())
                .map(|file| self.root.join(file)),
        }
    }

    /// The baseline to apply, with its name as shown: `flag` (`--baseline
    /// FILE`), else tally.ron's `baseline` unless `no_baseline`. A baseline
    /// that is named but missing or invalid is an error.
    pub fn baseline(&self, flag: Option<&Path>, no_baseline: bool) -> Result<Option<(String, Baseline)>, Error> {
        if flag.is_none() && no_baseline {
            return Ok(None);
        }
        let Some(path) = self.baseline_path(flag) else {
            return Ok(None);
        };
        let shown = self.shown(&path);
        let t = tally_i18n::Catalogue::new(self.lang());
        let file = [("file", tally_i18n::Arg::from(shown.as_str()))];
        if path.exists() && !path.is_file() {
            // A named pipe would block the check forever.
            return Err(Error::Baseline(t.text("baseline-not-a-file", &file)));
        }
        if std::fs::symlink_metadata(&path).is_err() {
            let key = if flag.is_none() { "baseline-missing-named" } else { "baseline-missing" };
            return Err(Error::Baseline(t.text(key, &file)));
        }
        // Bounded like a data file, and never a file outside the project
        // through a link: its errors quote it.
        self.inside_project(&path)
            .map_err(|_| Error::Baseline(t.text("baseline-outside", &file)))?;
        let bytes = crate::load::read(&path, &shown, self.limits().max_file_size, &t).map_err(|finding| {
            Error::Baseline(t.text("baseline-unreadable", &[("why", finding.message.as_str().into())]))
        })?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let baseline = Baseline::parse(&text).map_err(|err| {
            Error::Baseline(t.text(
                "baseline-invalid",
                &[("file", shown.as_str().into()), ("why", err.to_string().into())],
            ))
        })?;
        Ok(Some((shown, baseline)))
    }
}
