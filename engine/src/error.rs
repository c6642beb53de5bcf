//! Errors that stop an engine or a project from being set up. Everything
//! that goes wrong while checking is a finding instead.

use std::path::PathBuf;

use crate::report::Finding;
use crate::text;

/// Why an engine or a project could not be set up (`tally` exits 2).
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum Error {
    /// A data path or the rules folder does not exist.
    #[error("`{}` does not exist", .0.display())]
    #[diagnostic(
        code(tally::missing_path),
        help("check the path, or run tally where `data/` and `rules/` are (or a `tally.ron` names them)")
    )]
    MissingPath(PathBuf),
    /// `--select` or `--ignore` names a rule that does not exist.
    #[error("unknown rule `{id}`")]
    #[diagnostic(code(tally::unknown_rule), help("{}", text::did_you_mean(suggestion.as_deref(), text::RULES_LISTED)))]
    UnknownRule {
        /// The id as given.
        id: String,
        /// The nearest known id.
        suggestion: Option<String>,
    },
    /// `--select` names no rule.
    #[error("`--select` names no rule, so no rule would run")]
    #[diagnostic(
        code(tally::empty_selection),
        help("give rule ids (`tally rules` lists them), or leave `--select` out to run every rule")
    )]
    EmptySelection,
    /// A rules folder named on the command line or in tally.ron holds no rule.
    #[error("the rules folder `{}` holds no rule (`*.rhai`)", .0.display())]
    #[diagnostic(
        code(tally::no_rules),
        help("check the path; `tally new rule ID` writes a first rule")
    )]
    NoRules(PathBuf),
    /// A default folder of the project is a link that leads out of it.
    #[error("`{}` is a symbolic link that leads outside the project; it is not read", .0.display())]
    #[diagnostic(
        code(tally::outside),
        help("tally reads only the project's own folders; name a folder outside it on the command line to check it")
    )]
    Outside(PathBuf),
    /// `tally.ron` is invalid: a `config-error` finding at its place.
    #[error("{}", .0.message)]
    #[diagnostic(code(tally::config))]
    Config(Box<Finding>),
    /// The baseline cannot be read or used.
    #[error("{0}")]
    #[diagnostic(code(tally::baseline))]
    Baseline(String),
}

impl Error {
    /// The message in the catalogue's words (the same as its `Display` in
    /// English).
    pub fn text_in(&self, t: &tally_i18n::Catalogue) -> String {
        let path = |p: &std::path::Path| p.display().to_string();
        match self {
            Error::MissingPath(p) => t.text("engine-missing-path", &[("path", path(p).into())]),
            Error::UnknownRule { id, .. } => t.text("engine-unknown-rule", &[("id", id.into())]),
            Error::EmptySelection => t.text("engine-empty-selection", &[]),
            Error::NoRules(p) => t.text("engine-no-rules", &[("path", path(p).into())]),
            Error::Outside(p) => t.text("engine-outside", &[("path", path(p).into())]),
            other => other.to_string(),
        }
    }
}
