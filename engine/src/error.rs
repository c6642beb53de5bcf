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
    /// `tally.ron` is invalid: a `config-error` finding at its place.
    #[error("{}", .0.message)]
    #[diagnostic(code(tally::config))]
    Config(Box<Finding>),
    /// The baseline cannot be read or used.
    #[error("{0}")]
    #[diagnostic(code(tally::baseline))]
    Baseline(String),
}
