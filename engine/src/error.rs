//! Errors that stop an engine from being built. Everything that goes wrong
//! while checking is a finding instead.

use std::path::PathBuf;

/// Why an engine could not be built.
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
    #[diagnostic(code(tally::unknown_rule), help("{}", match suggestion { Some(s) => format!("did you mean `{s}`? `tally rules` lists them"), None => "`tally rules` lists the rules".to_owned() }))]
    UnknownRule {
        /// The id as given.
        id: String,
        /// The nearest known id.
        suggestion: Option<String>,
    },
    /// `tally.ron` is invalid.
    #[error("invalid configuration: {0}")]
    #[diagnostic(code(tally::config))]
    Config(String),
}
