//! `tally check`: one check, rendered, with an honest exit code.

use std::io::Write as _;

use crate::args::{CheckArgs, Project};
use crate::{Exit, Failure};
use tally::render::{self, RenderOptions};

/// Runs `tally check`.
pub fn run(args: &CheckArgs, color: bool) -> Result<Exit, Failure> {
    let project = Project::discover()?;
    let engine = project.engine(&args.selection.project, Some(&args.selection))?;
    let report = engine.check();
    let rules = engine.rules();
    let options = RenderOptions {
        rules: &rules,
        color,
        width: terminal_width(),
        show_elapsed: true,
        stats: args.stats,
        base: Some(&project.cwd),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    render::render(args.format, &report, &options, &mut out)?;
    out.flush()?;
    Ok(exit_code(&report, args.fail_on.severity()))
}

/// 2 if the check could not be carried out, 1 if a finding is at or above
/// the fail level, else 0.
pub fn exit_code(report: &tally_engine::Report, fail_on: tally_engine::Severity) -> Exit {
    if report.has_tool_errors() {
        Exit::Trouble
    } else if report.fails_at(fail_on) {
        Exit::Findings
    } else {
        Exit::Clean
    }
}

/// `COLUMNS` if set, else 100: wide enough for CJK lines with labels.
pub fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&w: &usize| w >= 40)
        .unwrap_or(100)
}
