//! Command-line arguments (clap) and the one place that turns them into an
//! engine: where the project is, which data and rules, which selection.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use tally_engine::{Catalogue, Lang, Project, Selection, Severity};

use tally::render::Format;

/// Check RON target tables with rules written in Rhai.
///
/// tally reads the tables in `data/` and the rules in `rules/` (or what a
/// `tally.ron` at the project root names) and reports every finding at the
/// exact value in the RON file.
#[derive(Debug, Parser)]
#[command(name = "tally", version, about, long_about, propagate_version = true)]
pub struct Cli {
    /// When to use colors: `auto` uses them on a terminal unless `NO_COLOR` is set.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    /// The language tally speaks: `zh` (中文) or `en`. Default: `lang` of
    /// tally.ron, else the locale (`LANG=zh_CN.UTF-8` is Chinese).
    #[arg(long, global = true, value_name = "LANG", value_parser = parse_lang)]
    pub lang: Option<Lang>,

    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
}

/// `tally lsp`: the project is the editor's workspace folder.
#[derive(Debug, Args)]
pub struct LspArgs {
    /// Talk over stdin and stdout (the only transport; editors pass it).
    #[arg(long)]
    pub stdio: bool,
}

/// `zh` or `en` (`--lang`).
fn parse_lang(text: &str) -> Result<Lang, String> {
    Lang::parse(text).ok_or_else(|| format!("`{text}` is not `zh` or `en`"))
}

/// The interface language: `--lang` as written anywhere in `args` (read
/// before clap parses them, so that `--help` is in it), else tally.ron's
/// `lang`, else the locale's.
pub fn interface_lang(args: &[std::ffi::OsString]) -> Lang {
    let mut flag = None;
    let mut words = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        if word == "--lang" {
            flag = words.next().and_then(|v| Lang::parse(&v));
        } else if let Some(value) = word.strip_prefix("--lang=") {
            flag = Lang::parse(value);
        }
    }
    flag.or_else(|| {
        let cwd = std::env::current_dir().ok()?;
        Project::discover(cwd).ok()?.configured_lang()
    })
    .unwrap_or_else(|| {
        let var = |name: &str| std::env::var(name).ok();
        Lang::from_locale(
            var("LC_ALL").as_deref(),
            var("LC_MESSAGES").as_deref(),
            var("LANG").as_deref(),
        )
    })
}

/// Colors on or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl ColorChoice {
    /// Whether to color output written to stdout.
    pub fn enabled(self) -> bool {
        use std::io::IsTerminal as _;
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
            }
        }
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the data with every rule; exit 0 (clean), 1 (findings) or 2 (could not check).
    Check(CheckArgs),
    /// Re-check on every change of data or rules.
    Watch(WatchArgs),
    /// List the rules: id, severity, title, file.
    Rules(ProjectArgs),
    /// Run every rule against its fixtures; exit 0 (all pass), 1 (a fixture fails) or 2 (could not run).
    Test(TestArgs),
    /// Write a new rule or check with its fixtures: `tally new rule ID`, `tally new check ID --kind KIND`.
    New {
        /// What to write.
        #[command(subcommand)]
        what: NewCommand,
    },
    /// Read a workbook (.xlsx, .xls, .ods, .csv) and write it as a RON table of a kind.
    Import(crate::commands::import::ImportArgs),
    /// Write a RON table as an .xlsx workbook, in the layout `tally import` reads back.
    Export(crate::commands::import::ExportArgs),
    /// Table kinds and their schemas: `tally schema infer FILE…`, `show KIND`, `check`.
    Schema {
        /// What to do.
        #[command(subcommand)]
        what: SchemaCommand,
    },
    /// Print a rule's explanation.
    Explain {
        /// The rule id, e.g. `breakdown-sum-mismatch`.
        id: String,
        #[command(flatten)]
        project: ProjectArgs,
    },
    /// Serve the Language Server Protocol over stdin and stdout (for editors: docs/lsp.md).
    Lsp(LspArgs),
    /// Print shell completions to stdout.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) to stdout.
    Man,
}

/// What `tally new` writes.
#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// A rule file `rules/ID.rhai` with a commented skeleton, and a pass and a
    /// fail fixture with expectations, so that `tally test` passes at once.
    Rule {
        /// The rule id: kebab-case, naming the defect (`breakdown-over-high`).
        id: String,
        /// Write the rule over the records of this table kind, with its real
        /// field names and fixtures of that kind (from `schemas/KIND.ron`).
        #[arg(long, value_name = "KIND")]
        kind: Option<String>,
        #[command(flatten)]
        project: ProjectArgs,
    },
    /// A check written as data, appended to `rules/checks.checks.ron` (or `--file`), over the
    /// records of a table kind with its real field names, and a pass and a fail fixture.
    Check {
        /// The check id: kebab-case, naming the defect (`rank-target-too-low`).
        id: String,
        /// The table kind it checks (from `schemas/KIND.ron`).
        #[arg(long, value_name = "KIND")]
        kind: String,
        /// The checks file in the rules folder (`NAME.checks.ron`).
        #[arg(long, value_name = "NAME")]
        file: Option<String>,
        #[command(flatten)]
        project: ProjectArgs,
    },
}

/// What `tally schema` does.
#[derive(Debug, Subcommand)]
pub enum SchemaCommand {
    /// Print a draft schema for the kind of FILE… (tables of one kind), inferred from their data;
    /// redirect it to `schemas/KIND.ron` and read it before keeping it.
    Infer {
        /// Data files of one kind.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        #[command(flatten)]
        project: ProjectArgs,
    },
    /// Print the fields of KIND (name, type, unit, description): what a rule can read.
    /// Without KIND, list the kinds.
    Show {
        /// The kind, e.g. `TargetTable`.
        kind: Option<String>,
        #[command(flatten)]
        project: ProjectArgs,
    },
    /// Check the schema files alone; exit 0 (valid) or 2 (errors, each at its place).
    Check {
        #[command(flatten)]
        project: ProjectArgs,
    },
}

/// `tally test`.
#[derive(Debug, Clone, Args)]
pub struct TestArgs {
    /// Only these rules (default: every rule).
    #[arg(value_name = "ID")]
    pub ids: Vec<String>,

    #[command(flatten)]
    pub project: ProjectArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = TestFormat::Human)]
    pub format: TestFormat,

    /// Rewrite the expectation files of fail fixtures from the current
    /// results, after showing the difference.
    #[arg(long)]
    pub update: bool,
}

/// Output formats of `tally test`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TestFormat {
    /// One line per fixture, the differences, a summary line.
    Human,
    /// JUnit XML: a test suite per rule, a test case per fixture.
    Junit,
}

/// Where the rules are.
#[derive(Debug, Clone, Args)]
pub struct ProjectArgs {
    /// The rules folder (default: `rules/` of the project).
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
}

/// What to check, with which rules.
#[derive(Debug, Clone, Args)]
pub struct SelectionArgs {
    /// Data files or folders (default: `data/` of the project).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub project: ProjectArgs,

    /// Run only these rules (comma-separated ids).
    #[arg(long, value_delimiter = ',', value_name = "ID,…")]
    pub select: Option<Vec<String>>,

    /// Do not run these rules (comma-separated ids).
    #[arg(long, value_delimiter = ',', value_name = "ID,…")]
    pub ignore: Vec<String>,
}

/// `tally check`.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub selection: SelectionArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Exit 1 if a finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Error, value_name = "LEVEL")]
    pub fail_on: FailOn,

    /// Write the output to FILE instead of stdout, in any format (`--format
    /// html -o report.html` makes a page to send). FILE lies inside the
    /// project and is replaced whole, never through a symbolic link and
    /// never over a `.ron` or `.rhai` file; no colours go into it.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Show the time each rule took.
    #[arg(long)]
    pub stats: bool,

    /// Also list the findings that `// tally: allow(…)` comments silenced.
    #[arg(long)]
    pub show_suppressed: bool,

    /// Fail only on findings that are not in this baseline file, and list
    /// those that have gone from it (default: `baseline` of tally.ron).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["no_baseline", "write_baseline"])]
    pub baseline: Option<PathBuf>,

    /// Ignore the baseline that tally.ron names.
    #[arg(long)]
    pub no_baseline: bool,

    /// Record the current findings in a baseline file (default: `baseline`
    /// of tally.ron) and exit 0; later checks with `--baseline` fail only
    /// on new findings.
    #[arg(long, value_name = "FILE", num_args = 0..=1, conflicts_with = "no_baseline")]
    pub write_baseline: Option<Option<PathBuf>>,

    /// Report only findings on lines changed since git revision REF (its
    /// merge base with HEAD; uncommitted changes count); every rule still
    /// sees all the data.
    #[arg(long, value_name = "REF", conflicts_with = "write_baseline")]
    pub changed_since: Option<String>,
}

/// `tally watch`.
#[derive(Debug, Clone, Args)]
pub struct WatchArgs {
    #[command(flatten)]
    pub selection: SelectionArgs,

    /// Output format: a screen per run, or one JSON document per line per run.
    #[arg(long, value_enum, default_value_t = WatchFormat::Human)]
    pub format: WatchFormat,

    /// Show only findings that are not in this baseline file (default:
    /// `baseline` of tally.ron); it is read again on every run.
    #[arg(long, value_name = "FILE", conflicts_with = "no_baseline")]
    pub baseline: Option<PathBuf>,

    /// Ignore the baseline that tally.ron names.
    #[arg(long)]
    pub no_baseline: bool,
}

/// Output formats of `tally watch`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WatchFormat {
    /// Clear the screen, the report, a status line.
    Human,
    /// One JSON document per line per run.
    Json,
}

/// The `--fail-on` levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Fail on errors only.
    Error,
    /// Fail on warnings and errors.
    Warning,
    /// Fail on any finding.
    Info,
}

impl FailOn {
    /// As a severity.
    pub fn severity(self) -> Severity {
        match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
}

/// The project of the current directory (see [`Project::discover`]), its
/// engines speaking the catalogue's language.
pub fn discover(catalogue: &Catalogue) -> Result<Project, crate::Failure> {
    let cwd = std::env::current_dir().map_err(|e| {
        crate::Failure::message(catalogue.text("failure-cwd", &[("error", e.to_string().into())]))
    })?;
    Ok(Project::discover_in(cwd, catalogue.lang())?
        .with_catalogue(catalogue.clone())
        .with_table_source(std::sync::Arc::new(tally_sheets::SheetsSource)))
}

impl ProjectArgs {
    /// The selection these arguments make: only the rules folder.
    pub fn selection(&self) -> Selection {
        Selection {
            rules: self.rules.clone(),
            ..Selection::default()
        }
    }
}

impl SelectionArgs {
    /// The selection these arguments make.
    pub fn selection(&self) -> Selection {
        Selection {
            paths: self.paths.clone(),
            rules: self.project.rules.clone(),
            select: self.select.clone(),
            ignore: self.ignore.clone(),
        }
    }
}
