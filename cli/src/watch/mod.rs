//! `tally watch`: the initial report, then a new one after every change of
//! data or rules, until Ctrl-C or SIGTERM (exit 0).
//!
//! The engine's [`Watcher`] does the watching, settling and coalescing; this
//! module only prints. Human format: clear the screen (on a terminal; a
//! separator line otherwise), the report, a status line. JSON: one line per
//! run, the `tally check --format json` document plus `"changed"`.
//! A change of `tally.ron` rebuilds the engine with the new settings.

use std::io::{IsTerminal as _, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use tally_engine::{Project, Update, Watcher};

use crate::args::{self, WatchArgs, WatchFormat};
use crate::{Exit, Failure};
use tally::render::{self, Format, RenderOptions};

/// What the main loop waits for.
enum Event {
    /// A run of the watcher.
    Update(Box<Update>),
    /// Ctrl-C or SIGTERM.
    Stop,
}

/// Runs `tally watch`.
pub fn run(args: &WatchArgs, color: bool) -> Result<Exit, Failure> {
    let project = args::discover()?;
    let engine = Arc::new(project.engine(&args.selection.selection())?);
    let (tx, rx) = mpsc::channel::<Event>();
    let stop = tx.clone();
    ctrlc::set_handler(move || {
        let _ = stop.send(Event::Stop);
    })
    .map_err(|e| Failure::message(format!("cannot handle Ctrl-C: {e}")))?;

    // A named baseline must exist and be valid at the start (exit 2).
    project.baseline(args.baseline.as_deref(), args.no_baseline)?;
    let mut watcher = start(engine, baseline_of(&project, args), &tx)?;
    let mut printer = Printer {
        format: args.format,
        color,
        cwd: project.cwd().to_path_buf(),
        terminal: std::io::stdout().is_terminal(),
        project,
        baseline: args.baseline.clone(),
        no_baseline: args.no_baseline,
    };
    // Set after `tally.ron` changed: the new watcher's first report is
    // shown as caused by that change.
    let mut reloaded: Option<Vec<PathBuf>> = None;
    // Set while `tally.ron` is broken: what `tally check` says then.
    let mut broken = false;
    while let Ok(event) = rx.recv() {
        let mut update = match event {
            Event::Stop => break,
            Event::Update(update) => update,
        };
        if update.initial {
            if let Some(changed) = reloaded.take() {
                update.initial = false;
                update.changed = changed;
            }
        } else if broken || update.config_changed() {
            // New settings: a new engine and a new watcher, which checks
            // everything once. While `tally.ron` is broken, every change
            // shows what `tally check` would: the configuration error, not
            // a report of the old settings.
            let rebuilt = args::discover().and_then(|p| {
                let engine = p.engine(&args.selection.selection())?;
                Ok((p, engine))
            });
            match rebuilt {
                Ok((project, engine)) => {
                    let baseline = baseline_of(&project, args);
                    printer.project = project;
                    watcher.stop();
                    watcher = start(Arc::new(engine), baseline, &tx)?;
                    reloaded = Some(update.changed.clone());
                    broken = false;
                    continue;
                }
                Err(failure) => {
                    broken = true;
                    update.report = failure_report(failure);
                    printer.print_unapplied(&update, watcher.watched())?;
                    continue;
                }
            }
        }
        match printer.print(&update, watcher.watched()) {
            // Nobody reads any more (`tally watch | head`): stop as on
            // Ctrl-C, with the code watch always ends with.
            Err(Failure::Io(err)) if err.kind() == std::io::ErrorKind::BrokenPipe => break,
            printed => printed?,
        }
    }
    watcher.stop();
    Ok(Exit::Clean)
}

fn start(
    engine: Arc<tally_engine::Engine>,
    baseline: Option<PathBuf>,
    tx: &mpsc::Sender<Event>,
) -> Result<Watcher, Failure> {
    let tx = tx.clone();
    let mut builder = Watcher::builder(engine);
    // `tally check --write-baseline` elsewhere changes what is new.
    if let Some(file) = baseline {
        builder = builder.also_watch(file);
    }
    builder
        .on_update(move |update| {
            let _ = tx.send(Event::Update(Box::new(update)));
        })
        .map_err(|e| Failure::message(e.to_string()))
}

/// The baseline file the reports are read against, if any.
fn baseline_of(project: &Project, args: &WatchArgs) -> Option<PathBuf> {
    if args.no_baseline && args.baseline.is_none() {
        return None;
    }
    project.baseline_path(args.baseline.as_deref())
}

/// A report of what stopped the project from being set up, as `tally
/// check` would report it: the `config-error` (or other) finding alone.
fn failure_report(failure: Failure) -> tally_engine::Report {
    let finding = match failure {
        Failure::Finding(finding) => *finding,
        other => tally_engine::Finding::new(
            tally_engine::Builtin::ConfigError.id(),
            tally_engine::Severity::Error,
            describe(&other),
        ),
    };
    tally_engine::Report {
        findings: vec![finding],
        ..tally_engine::Report::default()
    }
}

fn describe(failure: &Failure) -> String {
    match failure {
        Failure::Message(text) => text.clone(),
        Failure::Engine(err) => err.to_string(),
        Failure::Finding(finding) => finding.message.clone(),
        Failure::Io(err) => err.to_string(),
    }
}

struct Printer {
    format: WatchFormat,
    color: bool,
    cwd: PathBuf,
    terminal: bool,
    /// The project: where a baseline is and what it is relative to.
    project: Project,
    /// `--baseline FILE`.
    baseline: Option<PathBuf>,
    /// `--no-baseline`.
    no_baseline: bool,
}

impl Printer {
    fn print(&mut self, update: &Update, watched: &[PathBuf]) -> Result<(), Failure> {
        // Human and JSON renderers do not read rule metadata; asking the
        // engine for it would re-read rules outside a check.
        let options = RenderOptions {
            rules: &[],
            color: self.color,
            width: terminal_width(),
            show_elapsed: true,
            stats: false,
            base: Some(&self.cwd),
            show_suppressed: false,
            ..RenderOptions::default()
        };
        let buffer = Vec::new();
        // The baseline is read on every run, so that a `tally check
        // --write-baseline` elsewhere takes effect at the next save.
        let mut baselined = None;
        match self.project.baseline(self.baseline.as_deref(), self.no_baseline) {
            Ok(Some((shown, baseline))) => {
                let mut report = update.report.clone();
                baseline.apply_to(&mut report, self.project.root(), &shown);
                baselined = Some(report);
            }
            Ok(None) => {}
            Err(failure) => {
                let _ = writeln!(
                    std::io::stderr(),
                    "the baseline was not applied: {}",
                    describe(&failure.into())
                );
            }
        }
        let report = baselined.as_ref().unwrap_or(&update.report);
        self.write(update, report, watched, &options, buffer)
    }

    /// Prints a report that no engine made (`tally.ron` is broken): as it
    /// is, without a baseline.
    fn print_unapplied(&mut self, update: &Update, watched: &[PathBuf]) -> Result<(), Failure> {
        let options = RenderOptions {
            rules: &[],
            color: self.color,
            width: terminal_width(),
            show_elapsed: false,
            stats: false,
            base: Some(&self.cwd),
            show_suppressed: false,
            ..RenderOptions::default()
        };
        self.write(update, &update.report, watched, &options, Vec::new())
    }

    fn write(
        &self,
        update: &Update,
        report: &tally_engine::Report,
        watched: &[PathBuf],
        options: &RenderOptions<'_>,
        mut buffer: Vec<u8>,
    ) -> Result<(), Failure> {
        match self.format {
            WatchFormat::Human => {
                if self.terminal {
                    buffer.extend_from_slice(b"\x1b[2J\x1b[H");
                } else {
                    buffer.extend_from_slice(b"----\n");
                }
                render::render(Format::Human, report, options, &mut buffer)?;
                writeln!(buffer, "{}", self.status(update, watched))?;
            }
            WatchFormat::Json => {
                let mut document = Vec::new();
                render::render(Format::Json, report, options, &mut document)?;
                let mut value: serde_json::Value = serde_json::from_slice(&document)
                    .map_err(|e| Failure::message(format!("bad JSON: {e}")))?;
                if let Some(object) = value.as_object_mut() {
                    let changed: Vec<String> = update.changed.iter().map(|p| self.show(p)).collect();
                    object.insert("changed".into(), serde_json::json!(changed));
                }
                serde_json::to_writer(&mut buffer, &value)
                    .map_err(|e| Failure::message(format!("bad JSON: {e}")))?;
                buffer.push(b'\n');
            }
        }
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        out.write_all(&buffer)?;
        out.flush()?;
        Ok(())
    }

    /// `[17:42:03 UTC] checked after change to data/x.ron in 4 ms — watching data/ and rules/ (Ctrl-C to stop)`
    fn status(&self, update: &Update, watched: &[PathBuf]) -> String {
        let what = if update.initial {
            "checked".to_owned()
        } else {
            // File names are anyone's: shown with control characters escaped.
            let mut names: Vec<String> = update
                .changed
                .iter()
                .map(|p| render::escape_controls(&self.show(p)).into_owned())
                .collect();
            if names.len() > 3 {
                let more = names.len() - 2;
                names.truncate(2);
                names.push(format!("{more} more"));
            }
            if names.is_empty() {
                // The findings changed with no file read anew (a file became
                // unreadable, a link now leads elsewhere).
                "checked again".to_owned()
            } else {
                format!("checked after change to {}", names.join(", "))
            }
        };
        let watching: Vec<String> = watched
            .iter()
            .map(|p| {
                let shown = render::escape_controls(&self.show(p)).into_owned();
                if p.is_dir() && !shown.ends_with('/') {
                    format!("{shown}/")
                } else {
                    shown
                }
            })
            .collect();
        let watching = match watching.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
            None => String::new(),
        };
        format!(
            "[{} UTC] {what} in {} ms — watching {watching} (Ctrl-C to stop)",
            clock(SystemTime::now()),
            update.elapsed.as_millis()
        )
    }

    /// A path as the user typed it: relative to the current directory.
    fn show(&self, path: &Path) -> String {
        let text = self.project.shown(path);
        if text.is_empty() {
            ".".to_owned()
        } else {
            text
        }
    }
}

/// `COLUMNS` if set, else 100 (as `tally check`).
fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&w: &usize| w >= 40)
        .unwrap_or(100)
}

/// `HH:MM:SS` of `now` in UTC.
fn clock(now: SystemTime) -> String {
    let secs = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()) % 86_400;
    format!("{:02}:{:02}:{:02}", secs / 3600, secs % 3600 / 60, secs % 60)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn clock_is_utc_time_of_day() {
        let t = UNIX_EPOCH + Duration::from_secs(86_400 * 3 + 17 * 3600 + 42 * 60 + 3);
        assert_eq!(clock(t), "17:42:03");
        assert_eq!(clock(UNIX_EPOCH), "00:00:00");
    }

    #[test]
    fn status_line() {
        let printer = Printer {
            format: WatchFormat::Human,
            color: false,
            cwd: PathBuf::from("/p"),
            terminal: false,
            project: Project::discover("/p").expect("no tally.ron above /p"),
            baseline: None,
            no_baseline: false,
        };
        let update = Update {
            report: tally_engine::Report::default(),
            changed: vec![PathBuf::from("/p/data/targets-2019.ron")],
            elapsed: Duration::from_millis(4),
            initial: false,
        };
        let line = printer.status(&update, &[PathBuf::from("/p/data"), PathBuf::from("/p/rules")]);
        assert!(line.contains("UTC] checked after change to data/targets-2019.ron in 4 ms — watching data and rules (Ctrl-C to stop)"), "{line}");
    }
}
