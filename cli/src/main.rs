//! `tally`: check RON target tables with rules written in Rhai.
//!
//! The binary is thin glue: `args` turns the command line into an engine,
//! `commands/` has one file per subcommand, `render/` one file per output
//! format, `watch/` the watch loop. Exit codes: 0 clean, 1 findings at or
//! above `--fail-on`, 2 the check could not be carried out.
#![forbid(unsafe_code)]

mod args;
mod changed;
mod commands;
mod help;
mod lsp;
mod usage;
mod watch;
mod write;

use std::io::Write as _;
use std::process::ExitCode;

use clap::FromArgMatches as _;
use tally_engine::Catalogue;

/// The parser and the rule runtime allocate millions of small nodes and values
/// on national tables; glibc's allocator spent a quarter of `tally check` in
/// malloc and free there (perf, 3,000 regions × 100 indicators).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Why a command could not do its job (exit code 2).
#[derive(Debug)]
pub enum Failure {
    /// A plain message.
    Message(String),
    /// An engine error (missing path, unknown rule).
    Engine(tally_engine::Error),
    /// A finding about the setup itself (an invalid `tally.ron`).
    Finding(Box<tally_engine::Finding>),
    /// Writing the output failed.
    Io(std::io::Error),
}

impl Failure {
    /// A plain message.
    pub fn message(text: impl Into<String>) -> Self {
        Failure::Message(text.into())
    }
}

impl From<tally_engine::Error> for Failure {
    fn from(err: tally_engine::Error) -> Self {
        match err {
            tally_engine::Error::Config(finding) => Failure::Finding(finding),
            tally_engine::Error::Baseline(message) => Failure::Message(message),
            other => Failure::Engine(other),
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(err: std::io::Error) -> Self {
        Failure::Io(err)
    }
}

/// The documented exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// No finding at or above the fail level.
    Clean = 0,
    /// At least one finding at or above the fail level.
    Findings = 1,
    /// The check could not be carried out as asked.
    Trouble = 2,
}

fn main() -> ExitCode {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let catalogue = Catalogue::new(args::interface_lang(&argv));
    let command = help::localize(<args::Cli as clap::CommandFactory>::command(), &catalogue);
    let cli = command
        .try_get_matches_from(argv)
        .and_then(|matches| args::Cli::from_arg_matches(&matches))
        .unwrap_or_else(|err| match usage::render(&err, &catalogue) {
            Some(text) => {
                let _ = std::io::stderr().write_all(text.as_bytes());
                std::process::exit(2);
            }
            None => err.exit(),
        });
    let color = cli.color.enabled();
    match commands::run(cli, &catalogue) {
        Ok(exit) => ExitCode::from(exit as u8),
        // `check` and `test` end their output quietly when the reader has
        // gone and return the exit code they earned, and `watch` stops
        // with 0 as on Ctrl-C; the commands left here (`rules`, `explain`,
        // `new`, completions, the man page) earn 0 once they write at all.
        Err(Failure::Io(err)) if err.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(failure) => {
            report_failure(&failure, color, &catalogue);
            ExitCode::from(Exit::Trouble as u8)
        }
    }
}

/// An engine error in the catalogue's words (English keeps the error's
/// own, which are the same).
#[derive(Debug)]
struct Said {
    message: String,
    help: String,
    code: &'static str,
}

impl std::fmt::Display for Said {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Said {}

impl miette::Diagnostic for Said {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        (!self.help.is_empty()).then(|| Box::new(&self.help) as Box<dyn std::fmt::Display + 'a>)
    }
}

fn said(err: &tally_engine::Error, t: &Catalogue) -> Option<Said> {
    use tally_engine::Error;
    if t.lang() == tally_engine::Lang::En {
        return None;
    }
    let path = |p: &std::path::Path| p.display().to_string();
    let (key, code, args): (&str, &str, Vec<(&str, tally_engine::MessageArg<'_>)>) = match err {
        Error::MissingPath(p) => (
            "engine-missing-path",
            "tally::missing_path",
            vec![("path", path(p).into())],
        ),
        Error::UnknownRule { id, .. } => (
            "engine-unknown-rule",
            "tally::unknown_rule",
            vec![("id", id.into())],
        ),
        Error::EmptySelection => ("engine-empty-selection", "tally::empty_selection", vec![]),
        Error::NoRules(p) => (
            "engine-no-rules",
            "tally::no_rules",
            vec![("path", path(p).into())],
        ),
        Error::Outside(p) => ("engine-outside", "tally::outside", vec![("path", path(p).into())]),
        _ => return None,
    };
    let help = match err {
        Error::UnknownRule { suggestion, .. } => {
            let listed = t.text("rules-listed", &[]);
            match suggestion {
                Some(s) => t.text(
                    "did-you-mean-then",
                    &[("name", s.into()), ("otherwise", listed.into())],
                ),
                None => listed,
            }
        }
        _ => t.attr(key, "help", &args).unwrap_or_default(),
    };
    Some(Said {
        message: t.text(key, &args),
        help,
        code,
    })
}

fn report_failure(failure: &Failure, color: bool, catalogue: &Catalogue) {
    let theme = if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme).with_width(100);
    let mut out = String::new();
    let rendered = match failure {
        Failure::Message(text) => {
            let message = tally::render::escape_controls(text);
            out = format!(
                "{}\n",
                catalogue.text("failure-error", &[("message", message.as_ref().into())])
            );
            Ok(())
        }
        Failure::Engine(err) => match said(err, catalogue) {
            Some(said) => handler.render_report(&mut out, &said),
            None => handler.render_report(&mut out, err),
        },
        Failure::Finding(finding) => {
            let finding = tally::render::Screen::new().finding(finding);
            handler.render_report(&mut out, finding.as_ref())
        }
        Failure::Io(err) => {
            out = format!(
                "{}\n",
                catalogue.text("failure-cannot-write", &[("error", err.to_string().into())])
            );
            Ok(())
        }
    };
    if rendered.is_err() {
        out = format!("error: {failure:?}\n");
    }
    let out = tally::render::localize_help(&out, catalogue);
    let _ = std::io::stderr().write_all(out.as_bytes());
}
