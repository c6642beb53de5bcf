//! Checks written in Rust: the [`Check`] trait, and the registry of the
//! built-in ones.
//!
//! A check runs beside the Rhai rules and is selected, timed and reported
//! exactly like them. The built-in checks come in two passes, as ruff's
//! noqa pass does: the file checks (`shape`, `duplicate-key`) run with the
//! rules; the suppression checks (`unused-suppression`,
//! `invalid-suppression`) run after every rule, since they judge what the
//! rules found ([`suppress`]).

mod duplicate_key;
mod no_schema;
mod reference;
mod shape;
pub mod suppress;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::load::DataFile;
use crate::report::{Finding, Severity};
use crate::rules::{ParamValue, RuleMeta};
use crate::schema::Schemas;
use crate::span::NodeId;

pub use duplicate_key::DuplicateKeyCheck;
pub use no_schema::NoSchemaCheck;
pub use reference::ReferenceCheck;
pub use shape::ShapeCheck;

/// The built-in checks that run with the rules, over the data files.
pub fn file_checks() -> Vec<Arc<dyn Check>> {
    vec![
        Arc::new(ShapeCheck),
        Arc::new(DuplicateKeyCheck),
        Arc::new(ReferenceCheck),
        Arc::new(NoSchemaCheck),
    ]
}

/// The built-in checks that run after the rules (the suppression pass):
/// their metadata, for listing, selection and severities.
pub fn after_pass() -> [RuleMeta; 2] {
    [suppress::unused_meta(), suppress::invalid_meta()]
}

/// A check written in Rust. Register one with
/// [`EngineBuilder::native_check`](crate::EngineBuilder::native_check).
///
/// ```
/// use tally_engine::{Check, CheckContext, RuleMeta, RuleOrigin, Severity};
///
/// /// Flags tables that have no `title`.
/// struct MissingTitle;
///
/// impl Check for MissingTitle {
///     fn meta(&self) -> RuleMeta {
///         RuleMeta {
///             id: "missing-title".into(),
///             severity: Severity::Warning,
///             title: "a table has no title".into(),
///             explanation: "## What it checks\nEvery table names its title.".into(),
///             origin: RuleOrigin::Native,
///         }
///     }
///
///     fn run(&self, ctx: &mut CheckContext<'_>) {
///         for file in ctx.files() {
///             let Some(doc) = &file.document else { continue };
///             if doc.field(doc.root(), "title").is_none() {
///                 ctx.report(file, doc.root(), "table has no `title`")
///                     .help = Some("add `title: \"…\"`".into());
///             }
///         }
///     }
/// }
/// ```
pub trait Check: Send + Sync {
    /// The check's id, severity, title and explanation.
    fn meta(&self) -> RuleMeta;

    /// Looks at the data and reports findings through `ctx`.
    fn run(&self, ctx: &mut CheckContext<'_>);
}

/// What a native check sees: the data files, its parameters, and a place
/// to put findings.
#[derive(Debug)]
pub struct CheckContext<'a> {
    files: &'a [DataFile],
    rule: &'a str,
    severity: Severity,
    params: &'a BTreeMap<String, ParamValue>,
    schemas: Option<&'a Schemas>,
    rules: Option<&'a BTreeSet<String>>,
    pub(crate) findings: Vec<Finding>,
    catalogue: Option<&'a tally_i18n::Catalogue>,
    threads: usize,
}

impl<'a> CheckContext<'a> {
    /// A context over `files` for the check `rule`.
    pub fn new(
        files: &'a [DataFile],
        rule: &'a str,
        severity: Severity,
        params: &'a BTreeMap<String, ParamValue>,
    ) -> Self {
        CheckContext {
            files,
            rule,
            severity,
            params,
            schemas: None,
            rules: None,
            findings: Vec::new(),
            catalogue: None,
            threads: 1,
        }
    }

    /// The context with the threads a check may use for one large file
    /// (the engine's, default 1): a check that walks every node of a
    /// national table in one file would otherwise keep one core busy
    /// while the others idle.
    pub fn on_threads(mut self, threads: usize) -> Self {
        self.threads = threads.max(1);
        self
    }

    /// How many threads the check may use ([`CheckContext::on_threads`]).
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// The context with the engine's interface language, for the
    /// check's own words ([`CheckContext::text`]).
    pub fn in_language(mut self, catalogue: &'a tally_i18n::Catalogue) -> Self {
        self.catalogue = Some(catalogue);
        self
    }

    /// The catalogue message `key` (or its attribute, `key.label`) in the
    /// engine's interface language (English for a context made without
    /// one).
    pub fn text(&self, key: &str, args: &[(&str, tally_i18n::Arg<'_>)]) -> Option<String> {
        let english;
        let catalogue = match self.catalogue {
            Some(c) => c,
            None => {
                english = tally_i18n::Catalogue::new(tally_i18n::Lang::En);
                &english
            }
        };
        match key.split_once('.') {
            Some((message, attr)) => catalogue.attr(message, attr, args),
            None => catalogue.has(key).then(|| catalogue.text(key, args)),
        }
    }

    /// The catalogue message `key` (or `key.attr`), the key itself if
    /// there is none.
    pub(crate) fn say(&self, key: &str, args: &[(&str, tally_i18n::Arg<'_>)]) -> String {
        self.text(key, args).unwrap_or_else(|| key.to_owned())
    }

    /// Calls `f` with the catalogue of the engine's interface language
    /// (English for a context made without one).
    pub(crate) fn with_catalogue<R>(&self, f: impl FnOnce(&tally_i18n::Catalogue) -> R) -> R {
        match self.catalogue {
            Some(c) => f(c),
            None => f(&tally_i18n::Catalogue::new(tally_i18n::Lang::En)),
        }
    }

    /// The same context, knowing the project's schemas and rule ids (the
    /// built-in schema checks need them).
    pub(crate) fn within(mut self, schemas: &'a Schemas, rules: &'a BTreeSet<String>) -> Self {
        self.schemas = Some(schemas);
        self.rules = Some(rules);
        self
    }

    /// The project's schemas, if the engine gave them.
    pub(crate) fn schemas(&self) -> Option<&'a Schemas> {
        self.schemas
    }

    /// Whether the project has a rule of this id.
    pub(crate) fn has_rule(&self, id: &str) -> bool {
        self.rules.is_some_and(|r| r.contains(id))
    }

    /// The severity the check runs at.
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// Adds a finding made elsewhere, with the check's id and severity.
    pub fn push(&mut self, mut finding: Finding) {
        finding.rule = self.rule.to_owned();
        finding.severity = self.severity;
        self.findings.push(finding);
    }

    /// The data files, in name order (files that did not parse have no document).
    pub fn files(&self) -> &'a [DataFile] {
        self.files
    }

    /// A parameter from `tally.ron` (`params: {"<id>": {"<name>": value}}`).
    pub fn param(&self, name: &str) -> Option<&ParamValue> {
        self.params.get(name)
    }

    /// Reports a finding at `node` of `file` with the check's id and
    /// severity; returns it so that help, related sites and data can be set.
    pub fn report(&mut self, file: &DataFile, node: NodeId, message: impl Into<String>) -> &mut Finding {
        let mut finding = Finding::new(self.rule, self.severity, message);
        finding.site = file.site(node);
        self.findings.push(finding);
        let last = self.findings.len() - 1;
        &mut self.findings[last]
    }

    /// The findings reported so far.
    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }
}
