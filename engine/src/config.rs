//! `tally.ron`: where the data and rules are, which rules run, at what
//! severity, with which parameters and bounds.
//!
//! ```ron
//! Config(
//!     data: ["data"],
//!     rules: "rules",
//!     ignore: ["growth-rate-out-of-range"],
//!     severity: {"unit-name-variant": "warning"},
//!     params: {"growth-rate-out-of-range": {"min": -50.0, "max": 100.0}},
//!     limits: (deadline_ms: 5000),
//! )
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use crate::report::{Finding, Severity, Site, SourceFile, CONFIG_ERROR};
use crate::runtime::Limits;
use crate::span::Span;

/// The file name looked for in the current directory and its parents.
pub const FILE_NAME: &str = "tally.ron";

/// The contents of `tally.ron`. Paths are relative to the file's folder.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Data files or folders (default `["data"]`).
    pub data: Vec<PathBuf>,
    /// The rules folder (default `rules`).
    pub rules: Option<PathBuf>,
    /// Only these rules run (default: all).
    pub select: Option<Vec<String>>,
    /// These rules do not run.
    pub ignore: Vec<String>,
    /// Severity overrides: rule id → `error`, `warning` or `info`.
    pub severity: BTreeMap<String, String>,
    /// Rules to ignore per data file: file path (relative) → rule ids.
    pub per_file_ignores: BTreeMap<String, Vec<String>>,
    /// Parameters rules read with `param(name, default)`: rule id → name → value.
    pub params: BTreeMap<String, BTreeMap<String, ron::Value>>,
    /// Sandbox bounds.
    pub limits: Limits,
}

/// Walks up from `start` to find `tally.ron`.
pub fn find(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// Reads and validates a `tally.ron`. An error is a `config-error` finding
/// at the offending spot (an unknown key, a value of the wrong type).
pub fn load(path: &Path, display_name: &str) -> Result<Config, Box<Finding>> {
    let bytes = std::fs::read(path).map_err(|err| {
        Box::new(
            Finding::new(
                CONFIG_ERROR,
                Severity::Error,
                format!("cannot read `{display_name}`: {err}"),
            )
            .with_help("check that the file is readable"),
        )
    })?;
    let (text, _) = crate::load::decode(&bytes);
    let source = Arc::new(SourceFile::new(display_name, path, text));
    // Our parser first: its errors point at the exact spot.
    if let Err(err) = crate::load::parse(&source.text) {
        return Err(Box::new(
            Finding::new(
                CONFIG_ERROR,
                Severity::Error,
                format!("`{display_name}` is not valid RON: {}", err.message),
            )
            .at(Site::new(source.clone(), err.span, None)),
        ));
    }
    ron::from_str::<Config>(&source.text).map_err(|err| {
        let span = ron_span(&source, &err);
        let message = match &err.code {
            ron::Error::NoSuchStructField { expected, found, .. } => {
                let known: Vec<&str> = expected.to_vec();
                return Box::new(
                    Finding::new(
                        CONFIG_ERROR,
                        Severity::Error,
                        format!("unknown key `{found}` in `{display_name}`"),
                    )
                    .at(Site::new(source.clone(), span, None))
                    .with_label("unknown key")
                    .with_help(
                        match crate::runtime::api::suggest(found, known.iter().copied()) {
                            Some(s) => format!("did you mean `{s}`? known keys: {}", known.join(", ")),
                            None => format!("known keys: {}", known.join(", ")),
                        },
                    ),
                );
            }
            other => crate::load::describe_ron_error(other),
        };
        Box::new(
            Finding::new(
                CONFIG_ERROR,
                Severity::Error,
                format!("invalid `{display_name}`: {message}"),
            )
            .at(Site::new(source.clone(), span, None)),
        )
    })
}

/// Byte span of a ron error's position.
pub(crate) fn ron_span(source: &SourceFile, err: &ron::error::SpannedError) -> Span {
    let start = source
        .lines
        .offset(&source.text, err.span.start.line, err.span.start.col)
        .unwrap_or(0);
    let end = source
        .lines
        .offset(&source.text, err.span.end.line, err.span.end.col)
        .unwrap_or(start)
        .max(start);
    Span::new(start, end)
}

impl Config {
    /// Severity overrides, parsed; an invalid severity is an error message.
    pub fn severities(&self) -> Result<BTreeMap<String, Severity>, String> {
        self.severity
            .iter()
            .map(|(id, s)| {
                Severity::parse(s).map(|sev| (id.clone(), sev)).ok_or_else(|| {
                    format!("invalid severity `{s}` for `{id}`; expected error, warning or info")
                })
            })
            .collect()
    }
}
