//! Findings and the report of one check.
//!
//! A [`Finding`] is plain data (rule id, severity, message, help, where,
//! figures) so that every renderer (human, JSON, SARIF, JUnit, GitHub) reads
//! the same thing. It also implements [`miette::Diagnostic`], with the
//! source text attached, so that the human renderer is miette's own
//! graphical report.

mod builtin;
mod cells;
mod diagnostic;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;

use crate::span::{Location, Span};

pub use builtin::Builtin;
pub use cells::{column_letters, Cell, CellMap, SheetText};

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a check unless `--fail-on info`.
    Info,
    /// Probably wrong; fails with `--fail-on warning`.
    Warning,
    /// Wrong; fails the check by default.
    Error,
}

impl Severity {
    /// `"error"`, `"warning"` or `"info"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses `"error"`, `"warning"` or `"info"` (also `"warn"`).
    pub fn parse(text: &str) -> Option<Severity> {
        match text.trim().to_ascii_lowercase().as_str() {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A source file that findings point into, shared by all findings in it.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as shown to the user (relative to the working directory when possible).
    pub name: String,
    /// The full path on disk.
    pub path: PathBuf,
    /// The text (lossily decoded if the file is not valid UTF-8).
    pub text: String,
    /// Line starts of `text`, worked out when a renderer or the language
    /// server first asks for a line (a check's findings are located
    /// without them).
    lines: std::sync::OnceLock<crate::span::LineIndex>,
    /// Line breaks counted for locations without the index (see
    /// [`SourceFile::locate`]).
    counts: crate::span::LineCounts,
    /// For a table read from a workbook: the cell each value came from.
    pub cells: Option<Arc<CellMap>>,
    /// Whether the text is a workbook sheet, one row a line, its cells
    /// parted by [`SHEET_SEPARATOR`].
    pub sheet: bool,
}

/// What parts the cells of a row in a sheet's text ([`SheetText`]).
pub const SHEET_SEPARATOR: char = '│';

impl SourceFile {
    /// A source file from its display name, path and text.
    pub fn new(name: impl Into<String>, path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        SourceFile {
            name: name.into(),
            path: path.into(),
            text: text.into(),
            lines: std::sync::OnceLock::new(),
            counts: crate::span::LineCounts::default(),
            cells: None,
            sheet: false,
        }
    }

    /// A table's RON text read from a workbook, with the cell of each value.
    pub fn with_cells(mut self, cells: Arc<CellMap>) -> Self {
        self.cells = Some(cells);
        self
    }

    /// Marks the text as a workbook sheet (one row a line).
    pub fn as_sheet(mut self) -> Self {
        self.sheet = true;
        self
    }

    /// Line starts of the text.
    pub fn lines(&self) -> &crate::span::LineIndex {
        self.lines.get_or_init(|| crate::span::LineIndex::new(&self.text))
    }

    /// Resolves a byte range in this file.
    ///
    /// Without the line index (which only a renderer that shows the
    /// file's lines builds), by counting line breaks up to the furthest
    /// finding once (`span::LineCounts`): a large
    /// file has a few hundred findings, and indexing all its lines cost
    /// as much as reading it.
    pub fn locate(&self, span: Span) -> Location {
        if self.lines.get().is_none() {
            if let Some(location) = self.counts.locate(&self.text, span) {
                return location;
            }
        }
        self.lines().locate(&self.text, span)
    }
}

/// A place in a file that a finding points at.
#[derive(Debug, Clone)]
pub struct Site {
    /// The file.
    pub source: Arc<SourceFile>,
    /// The node's path in the RON tree (`indicators[3].high`), if the site is a data node.
    pub path: Option<String>,
    /// The node's path with list members named by their identity where
    /// they have one (`sheets[annex=3].indicators[name=工业 APP 开发应用].high`),
    /// if the site is a data node: what baselines key on.
    pub key: Option<String>,
    /// Where in the file.
    pub location: Location,
    /// The workbook cell, for a table read from a workbook (`附件3!D7`):
    /// then `location`'s line is the row and its column the column.
    pub cell: Option<Cell>,
}

impl Site {
    /// A site at `span` of `source`.
    pub fn new(source: Arc<SourceFile>, span: Span, path: Option<String>) -> Self {
        let location = source.locate(span);
        Site {
            source,
            path,
            key: None,
            location,
            cell: None,
        }
    }

    /// The span in bytes.
    pub fn span(&self) -> Span {
        Span::new(self.location.start, self.location.end)
    }
}

/// A secondary location: "the line is here", "first written here".
#[derive(Debug, Clone)]
pub struct Related {
    /// What this place is.
    pub message: String,
    /// Where it is.
    pub site: Site,
}

/// One finding of a rule or of the engine.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The rule id (`breakdown-sum-mismatch`) or an engine id (`parse`, `shape`, `rule-error`).
    pub rule: String,
    /// How serious it is.
    pub severity: Severity,
    /// What is wrong, one line.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// What the label under the primary span says (defaults to a short form of the message).
    pub label: Option<String>,
    /// Where it is; `None` for findings about the run as a whole.
    pub site: Option<Site>,
    /// Other places that explain the finding.
    pub related: Vec<Related>,
    /// Figures the rule computed (`sum`, `line`, `imbalance`), as JSON.
    pub data: serde_json::Map<String, serde_json::Value>,
    /// Extra context lines (e.g. what a rule printed).
    pub notes: Vec<String>,
}

impl Finding {
    /// A finding with no location.
    pub fn new(rule: impl Into<String>, severity: Severity, message: impl Into<String>) -> Self {
        Finding {
            rule: rule.into(),
            severity,
            message: message.into(),
            help: None,
            label: None,
            site: None,
            related: Vec::new(),
            data: serde_json::Map::new(),
            notes: Vec::new(),
        }
    }

    /// Sets where the finding is.
    pub fn at(mut self, site: Site) -> Self {
        self.site = Some(site);
        self
    }

    /// Sets the help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the label text under the primary span.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds a related location.
    pub fn with_related(mut self, message: impl Into<String>, site: Site) -> Self {
        self.related.push(Related {
            message: message.into(),
            site,
        });
        self
    }

    /// Adds a figure to `data`.
    pub fn with_data(mut self, key: impl Into<String>, value: impl Into<serde_json::Value>) -> Self {
        self.data.insert(key.into(), value.into());
        self
    }

    /// Adds a note.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// The file's display name, if the finding has a site.
    pub fn file(&self) -> Option<&str> {
        self.site.as_ref().map(|s| s.source.name.as_str())
    }

    /// The sort key: file, workbook cell (sheet, row, column), byte
    /// offset, rule, message.
    fn sort_key(&self) -> (Option<&str>, Option<CellKey<'_>>, usize, &str, &str) {
        (
            self.file(),
            self.site
                .as_ref()
                .and_then(|s| s.cell.as_ref())
                .map(|c| (&*c.sheet, c.row, c.col)),
            self.site.as_ref().map_or(0, |s| s.location.start),
            &self.rule,
            &self.message,
        )
    }
}

/// A workbook cell in sort order: sheet, row, column.
type CellKey<'a> = (&'a str, u32, u32);

/// A finding that a `tally: allow(…)` comment silenced.
#[derive(Debug, Clone)]
pub struct Suppressed {
    /// The finding as the rule reported it.
    pub finding: Finding,
    /// The reason written after `allow(…)` (empty if none was given).
    pub reason: String,
    /// Where the comment is.
    pub comment: Site,
}

/// What applying a baseline to a report found.
#[derive(Debug, Clone, Default)]
pub struct BaselineOutcome {
    /// The baseline file as shown to the user.
    pub file: String,
    /// Findings that the baseline accepts (moved out of the report's findings).
    pub matched: Vec<Finding>,
    /// Entries (with the count still missing) that no finding matched any more:
    /// fixed, or changed.
    pub gone: Vec<BaselineEntry>,
}

/// One accepted finding of a baseline (or several with the same key).
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineEntry {
    /// The rule id.
    pub rule: String,
    /// The data file, relative to the project root, with `/`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The node's path in the file (`sheets[1].indicators[1].high`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The message, for people; part of the key only when `path` is absent.
    pub message: String,
    /// The figures the rule computed; part of the key.
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub data: serde_json::Map<String, serde_json::Value>,
    /// How many findings have this key.
    pub count: usize,
}

/// Time spent in one rule or check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleStat {
    /// The rule id.
    pub rule: String,
    /// Wall time of its run.
    #[serde(skip)]
    pub elapsed: Duration,
    /// Findings it produced (before filtering by selection).
    pub findings: usize,
    /// For a rule that looks at one table at a time: the tables whose
    /// run was kept from an earlier check (nothing it read had changed).
    #[serde(skip_serializing_if = "is_zero")]
    pub kept: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// The result of one check.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// All findings, sorted by file, position and rule.
    pub findings: Vec<Finding>,
    /// Number of data files checked.
    pub files: usize,
    /// Number of rules and native checks that ran.
    pub rules: usize,
    /// Time per rule, in run order.
    pub stats: Vec<RuleStat>,
    /// Wall time of the whole check.
    pub elapsed: Duration,
    /// Lines that rules printed, prefixed with the rule id.
    pub prints: Vec<String>,
    /// Findings that a `// tally: allow(…)` comment in the data silenced,
    /// sorted like `findings`.
    pub suppressed: Vec<Suppressed>,
    /// What a baseline accepted and what has gone from it, if one was
    /// applied (see `Baseline::apply_to`).
    pub baseline: Option<BaselineOutcome>,
    /// Findings left out because they lie on no line a change touched
    /// (`tally check --changed-since REF`); `None` without such a filter.
    pub untouched: Option<usize>,
    /// Rules that asked for tables by kind (`tables`, `table`) and were
    /// given none: they checked nothing.
    pub idle: Vec<String>,
    /// Data files that no rule could read (they do not parse, or could
    /// not be read as text); their own finding says why.
    pub unread: Vec<String>,
}

impl Report {
    /// Sorts findings into the documented deterministic order.
    pub fn sort(&mut self) {
        self.findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.suppressed
            .sort_by(|a, b| a.finding.sort_key().cmp(&b.finding.sort_key()));
    }

    /// Counts findings of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == severity).count()
    }

    /// Whether any finding is at or above `level`.
    pub fn fails_at(&self, level: Severity) -> bool {
        self.findings.iter().any(|f| f.severity >= level)
    }

    /// Whether the check could not be carried out as asked: a rule that
    /// failed to compile, errored or broke a sandbox bound, or an engine
    /// failure. The CLI maps this to exit code 2.
    pub fn has_tool_errors(&self) -> bool {
        self.findings.iter().any(|f| is_tool_error(&f.rule))
    }
}

/// Engine finding ids that mean "the check itself failed" (exit code 2),
/// as opposed to a defect in the data (exit code 1).
pub fn is_tool_error(rule: &str) -> bool {
    Builtin::from_id(rule).is_some_and(Builtin::is_tool_error)
}

/// Id of findings for data files that are not valid RON.
pub const PARSE: &str = Builtin::Parse.id();
/// Id of findings for data that does not fit its table's shape.
pub const SHAPE: &str = Builtin::Shape.id();
/// Id of findings for a map that names the same key twice.
pub const DUPLICATE_KEY: &str = Builtin::DuplicateKey.id();
/// The id of the `unknown-reference` check.
pub const UNKNOWN_REFERENCE: &str = Builtin::UnknownReference.id();
/// The id of the `no-schema` check.
pub const NO_SCHEMA: &str = Builtin::NoSchema.id();
/// Id of findings for rules that fail to compile, error or break a bound.
pub const RULE_ERROR: &str = Builtin::RuleError.id();
/// Id of findings for an invalid `tally.ron`.
pub const CONFIG_ERROR: &str = Builtin::ConfigError.id();
/// Id of findings for files that cannot be read.
pub const IO: &str = Builtin::Io.id();
/// Id of findings for suppressions without a reason or that silence nothing.
pub const UNUSED_SUPPRESSION: &str = Builtin::UnusedSuppression.id();
/// Id of findings for malformed `tally:` comments and unknown rule ids in them.
pub const INVALID_SUPPRESSION: &str = Builtin::InvalidSuppression.id();
