//! `tally check`: one check, rendered, with an honest exit code; with a
//! baseline, only new findings count.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use tally_engine::{Baseline, Catalogue, Project};

use crate::args::{self, CheckArgs};
use crate::{Exit, Failure};
use tally::render::{self, Format, RenderOptions};

/// Runs `tally check`.
pub fn run(args: &CheckArgs, color: bool, catalogue: &Catalogue) -> Result<Exit, Failure> {
    let project = args::discover(catalogue)?;
    let engine = project.engine(&args.selection.selection())?;
    let write_to = write_target(&project, args, catalogue)?;
    // Asked before checking: an output that may not be written is exit 2 at once.
    let output = output_target(&project, args, catalogue)?;
    let color = color && output.is_none();
    // Asked before checking: an unknown revision is exit 2 at once.
    let changed = match &args.changed_since {
        Some(rev) => Some(crate::changed::Changed::since(rev, project.cwd(), catalogue)?),
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
            render_report(args, color, &project, &engine, &report, output.as_deref())?;
            return Err(Failure::message(
                catalogue.text("check-baseline-not-written", &[("file", shown.into())]),
            ));
        }
        let recorded = Baseline::from_findings(&report.findings, project.root());
        crate::write::replace(&project, path, &recorded.to_json())?;
        let findings = catalogue.text("check-findings", &[("count", recorded.len().into())]);
        let _ = writeln!(
            std::io::stderr(),
            "{}",
            catalogue.text(
                "check-wrote-baseline",
                &[("findings", findings.into()), ("file", shown.as_str().into())]
            )
        );
        recorded.apply_to(&mut report, project.root(), &shown);
    } else if let Some((shown, baseline)) = &baseline {
        baseline.apply_to(&mut report, project.root(), shown);
    }
    if let Some(changed) = &changed {
        changed.filter(&mut report);
    }
    render_report(args, color, &project, &engine, &report, output.as_deref())?;
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
    output: Option<&Path>,
) -> Result<(), Failure> {
    if args.format == Format::Xlsx {
        return super::workbook::write(project, engine, report, output);
    }
    let rules = engine.rules();
    let html = args.format == Format::Html;
    // The page shows the tables themselves and says when and where it was made.
    let files = if html { engine.data_files() } else { Vec::new() };
    let generated = if html { local_time() } else { String::new() };
    let name = project
        .root()
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let options = RenderOptions {
        rules: &rules,
        color,
        width: terminal_width(),
        show_elapsed: true,
        stats: args.stats,
        base: Some(project.cwd()),
        show_suppressed: args.show_suppressed,
        files: &files,
        project: &name,
        generated: &generated,
        lang: project.lang(),
    };
    if let Some(path) = output {
        let mut buffer = Vec::new();
        render::render(args.format, report, &options, &mut buffer)?;
        let text = String::from_utf8_lossy(&buffer);
        crate::write::replace(project, path, &text)?;
        let lang = project.lang();
        let said = tally_engine::Catalogue::new(lang)
            .text("check-wrote-report", &[("file", project.shown(path).into())]);
        let _ = writeln!(std::io::stderr(), "{said}");
        return Ok(());
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = render::render(args.format, report, &options, &mut out).and_then(|()| out.flush());
    super::reader_may_go(written)?;
    Ok(())
}

/// Where `--output` writes, made absolute; refused at once if it names a
/// file that may be data or a rule (`crate::write` refuses links and
/// places outside the project when it writes).
fn output_target(project: &Project, args: &CheckArgs, t: &Catalogue) -> Result<Option<PathBuf>, Failure> {
    let Some(path) = &args.output else {
        return Ok(None);
    };
    let path = project.cwd().join(path);
    let file = [("file", tally_engine::MessageArg::from(project.shown(&path)))];
    if path.extension().is_some_and(|e| e == "ron" || e == "rhai") {
        return Err(Failure::message(t.text("check-output-ron", &file)));
    }
    if path.is_dir() {
        return Err(Failure::message(t.text("check-output-folder", &file)));
    }
    Ok(Some(path))
}

/// The local date and time, with the offset from UTC: `2026-12-07 14:03 +08:00`.
fn local_time() -> String {
    jiff::ZonedDateTime::now()
        .strftime("%Y-%m-%d %H:%M %:z")
        .to_string()
}

/// Where `--write-baseline` writes: its FILE, or tally.ron's `baseline`.
fn write_target(project: &Project, args: &CheckArgs, t: &Catalogue) -> Result<Option<PathBuf>, Failure> {
    let Some(flag) = &args.write_baseline else {
        return Ok(None);
    };
    let Some(path) = project.baseline_path(flag.as_deref()) else {
        return Err(Failure::message(t.text("check-baseline-needs-file", &[])));
    };
    let file = [("file", tally_engine::MessageArg::from(project.shown(&path)))];
    if path.extension().is_some_and(|e| e == "ron") {
        return Err(Failure::message(t.text("check-baseline-ron", &file)));
    }
    // Only ever replace a baseline: never a rule, a note, or anything else
    // that happens to have that name (a named pipe would block forever).
    if path.exists() && !path.is_file() {
        return Err(Failure::message(t.text("check-baseline-not-a-file", &file)));
    }
    if let Ok(bytes) = std::fs::read(&path) {
        if Baseline::parse(&String::from_utf8_lossy(&bytes)).is_err() {
            return Err(Failure::message(t.text("check-baseline-not-a-baseline", &file)));
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

/// `COLUMNS` if set, else the width of the terminal on stdout, else 100
/// (wide enough for CJK lines with labels). A shell sets `COLUMNS` but
/// seldom exports it: without asking the terminal, an 80-column window
/// got lines wrapped for 100 and broken again by the terminal.
pub fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .or_else(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
        .filter(|&w: &usize| w >= 40)
        .unwrap_or(100)
}
