//! `tally check`: one check, rendered, with an honest exit code; with a
//! baseline, only new findings count.

use std::io::Write as _;
use std::path::PathBuf;

use tally_engine::{Baseline, Project};

use crate::args::{self, CheckArgs};
use crate::{Exit, Failure};
use tally::render::{self, RenderOptions};

/// Runs `tally check`.
pub fn run(args: &CheckArgs, color: bool) -> Result<Exit, Failure> {
    let project = args::discover()?;
    let engine = project.engine(&args.selection.selection())?;
    let write_to = write_target(&project, args)?;
    // Asked before checking: an unknown revision is exit 2 at once.
    let changed = match &args.changed_since {
        Some(rev) => Some(crate::changed::Changed::since(rev, project.cwd())?),
        None => None,
    };
    // Read before checking: a missing or broken baseline is exit 2 at once.
    let baseline = match &write_to {
        Some(_) => None,
        None => project.baseline(args.baseline.as_deref(), args.no_baseline)?,
    };
    let mut report = engine.check();
    if let Some(path) = &write_to {
        let shown = project.shown(path);
        if report.has_tool_errors() {
            render_report(args, color, &project, &engine, &report)?;
            return Err(Failure::message(format!(
                "the baseline `{shown}` was not written: the check could not be carried out (see the findings above)"
            )));
        }
        let recorded = Baseline::from_findings(&report.findings, project.root());
        crate::write::replace(&project, path, &recorded.to_json())?;
        let _ = writeln!(
            std::io::stderr(),
            "wrote {} to the baseline `{shown}`",
            render::plural(recorded.len(), "finding", "findings")
        );
        recorded.apply_to(&mut report, project.root(), &shown);
    } else if let Some((shown, baseline)) = &baseline {
        baseline.apply_to(&mut report, project.root(), shown);
    }
    if let Some(changed) = &changed {
        changed.filter(&mut report);
    }
    render_report(args, color, &project, &engine, &report)?;
    let exit = exit_code(&report, args.fail_on.severity());
    // The process ends next: freeing a national data set node by node
    // would only add tens of milliseconds to every CI run.
    std::mem::forget(engine);
    std::mem::forget(report);
    Ok(exit)
}

fn render_report(
    args: &CheckArgs,
    color: bool,
    project: &Project,
    engine: &tally_engine::Engine,
    report: &tally_engine::Report,
) -> Result<(), Failure> {
    let rules = engine.rules();
    let options = RenderOptions {
        rules: &rules,
        color,
        width: terminal_width(),
        show_elapsed: true,
        stats: args.stats,
        base: Some(project.cwd()),
        show_suppressed: args.show_suppressed,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = render::render(args.format, report, &options, &mut out).and_then(|()| out.flush());
    super::reader_may_go(written)?;
    Ok(())
}

/// Where `--write-baseline` writes: its FILE, or tally.ron's `baseline`.
fn write_target(project: &Project, args: &CheckArgs) -> Result<Option<PathBuf>, Failure> {
    let Some(flag) = &args.write_baseline else {
        return Ok(None);
    };
    let Some(path) = project.baseline_path(flag.as_deref()) else {
        return Err(Failure::message(
            "`--write-baseline` needs a FILE, or `baseline: \"tally-baseline.json\"` in tally.ron",
        ));
    };
    if path.extension().is_some_and(|e| e == "ron") {
        return Err(Failure::message(format!(
            "a baseline is JSON and is not written to a `.ron` file (it could be data): name it like `tally-baseline.json`, not `{}`",
            project.shown(&path)
        )));
    }
    // Only ever replace a baseline: never a rule, a note, or anything else
    // that happens to have that name (a named pipe would block forever).
    if path.exists() && !path.is_file() {
        return Err(Failure::message(format!(
            "`{}` exists and is not a regular file; not overwriting it (choose another name)",
            project.shown(&path)
        )));
    }
    if let Ok(bytes) = std::fs::read(&path) {
        if Baseline::parse(&String::from_utf8_lossy(&bytes)).is_err() {
            return Err(Failure::message(format!(
                "`{}` exists and is not a tally baseline; not overwriting it (remove it, or choose another name)",
                project.shown(&path)
            )));
        }
    }
    Ok(Some(path))
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
