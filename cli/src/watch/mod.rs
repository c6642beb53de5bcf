//! `tally watch`: the initial report, then a new one after every change of
//! data or rules, until Ctrl-C or SIGTERM (exit 0).
//!
//! The engine's [`Watcher`] does the watching, settling and coalescing; this
//! module only prints. Human format: clear the screen (on a terminal; a
//! separator line otherwise), the report, a status line. JSON: one line per
//! run, the `tally check --format json` document plus `"changed"`.
//! A change of `tally.ron` rebuilds the engine with the new settings.

use std::collections::BTreeMap;
use std::io::{IsTerminal as _, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::Arc;

use tally_engine::{Catalogue, Project, Update, Watcher};

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
pub fn run(args: &WatchArgs, color: bool, catalogue: &Catalogue) -> Result<Exit, Failure> {
    let project = args::discover(catalogue)?;
    let engine = Arc::new(project.engine(&args.selection.selection())?);
    let (tx, rx) = mpsc::channel::<Event>();
    let stop = tx.clone();
    ctrlc::set_handler(move || {
        let _ = stop.send(Event::Stop);
    })
    .map_err(|e| Failure::message(catalogue.text("watch-ctrl-c", &[("error", e.to_string().into())])))?;

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
        t: catalogue,
        previous: None,
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
            let rebuilt = args::discover(catalogue).and_then(|p| {
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

struct Printer<'t> {
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
    /// The interface language's messages.
    t: &'t Catalogue,
    /// The findings shown by the last run, by identity, with how they were
    /// listed: what is new now, and what has been fixed since.
    previous: Option<BTreeMap<FindingKey, String>>,
}

/// A finding's identity from one run to the next: rule, file, node (or
/// line) and message.
type FindingKey = (String, Option<String>, String, String);

fn finding_key(finding: &tally_engine::Finding) -> FindingKey {
    let place = finding.site.as_ref().map_or_else(String::new, |site| {
        site.path
            .clone()
            .unwrap_or_else(|| format!("{}:{}", site.location.line, site.location.column))
    });
    (
        finding.rule.clone(),
        finding.file().map(str::to_owned),
        place,
        finding.message.clone(),
    )
}

/// How a fixed finding is listed: `rule  file:line  message`.
fn finding_line(finding: &tally_engine::Finding) -> String {
    let at = finding.site.as_ref().map_or_else(String::new, |site| {
        format!(
            "  {}:{}:{}",
            site.source.name, site.location.line, site.location.column
        )
    });
    render::escape_controls(&format!("{}{at}  {}", finding.rule, finding.message)).into_owned()
}

impl Printer<'_> {
    fn print(&mut self, update: &Update, watched: &[PathBuf]) -> Result<(), Failure> {
        let cwd = self.cwd.clone();
        // Human and JSON renderers do not read rule metadata; asking the
        // engine for it would re-read rules outside a check.
        let options = RenderOptions {
            rules: &[],
            color: self.color,
            width: terminal_width(),
            show_elapsed: true,
            stats: false,
            base: Some(&cwd),
            show_suppressed: false,
            lang: self.t.lang(),
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
                    "{}",
                    self.t.text(
                        "watch-baseline-not-applied",
                        &[("why", describe(&failure.into()).into())]
                    )
                );
            }
        }
        let report = baselined.as_ref().unwrap_or(&update.report);
        self.write(update, report, watched, &options, buffer)
    }

    /// Prints a report that no engine made (`tally.ron` is broken): as it
    /// is, without a baseline.
    fn print_unapplied(&mut self, update: &Update, watched: &[PathBuf]) -> Result<(), Failure> {
        let cwd = self.cwd.clone();
        let options = RenderOptions {
            rules: &[],
            color: self.color,
            width: terminal_width(),
            show_elapsed: false,
            stats: false,
            base: Some(&cwd),
            show_suppressed: false,
            lang: self.t.lang(),
            ..RenderOptions::default()
        };
        self.write(update, &update.report, watched, &options, Vec::new())
    }

    fn write(
        &mut self,
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
                let status = self.status(update, watched);
                let summary = self.summary(report, options);
                // At the top and again at the bottom: whichever end of a
                // long report is on screen says how things stand.
                writeln!(buffer, "{status}\n{summary}\n")?;
                let (marked, fixed) = self.compare(update, report);
                let mut rendered = Vec::new();
                render::render(Format::Human, &marked, options, &mut rendered)?;
                // The report ends with its summary line; the screen's own
                // (with rule failures apart) follows the fixed findings.
                let rendered = String::from_utf8_lossy(&rendered);
                let body = rendered.trim_end_matches('\n');
                let body = body.rsplit_once('\n').map_or("", |(body, _)| body);
                buffer.extend_from_slice(body.as_bytes());
                buffer.push(b'\n');
                if !fixed.is_empty() {
                    writeln!(buffer, "{}", self.t.text("watch-fixed-heading", &[]))?;
                    for line in &fixed {
                        writeln!(buffer, "  ✓ {line}")?;
                    }
                    writeln!(buffer)?;
                }
                writeln!(buffer, "{summary}\n{status}")?;
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

    /// The report with the findings that the last run did not show marked
    /// new (none on the first run), and the findings of the last run that
    /// are gone (fixed). Remembers this run's findings for the next.
    fn compare(
        &mut self,
        update: &Update,
        report: &tally_engine::Report,
    ) -> (tally_engine::Report, Vec<String>) {
        let now: BTreeMap<FindingKey, String> = report
            .findings
            .iter()
            .map(|f| (finding_key(f), finding_line(f)))
            .collect();
        let mut marked = report.clone();
        let mut fixed = Vec::new();
        if let Some(previous) = &self.previous {
            if !update.initial {
                let mark = self.t.text("watch-new-mark", &[]);
                for finding in &mut marked.findings {
                    if !previous.contains_key(&finding_key(finding)) {
                        finding.message = format!("[{mark}] {}", finding.message);
                    }
                }
                fixed = previous
                    .iter()
                    .filter(|(key, _)| !now.contains_key(*key))
                    .map(|(_, line)| line.clone())
                    .collect();
            }
        }
        self.previous = Some(now);
        (marked, fixed)
    }

    /// The summary line, with the rules that failed counted apart from the
    /// defects found in the data: `data: 2 errors, 0 warnings, 1 info ·
    /// 1 rule failed (a broken rule, not a data defect)`.
    fn summary(&self, report: &tally_engine::Report, options: &RenderOptions<'_>) -> String {
        let tool = report
            .findings
            .iter()
            .filter(|f| {
                tally_engine::Builtin::from_id(&f.rule).is_some_and(tally_engine::Builtin::is_tool_error)
            })
            .count();
        if tool == 0 {
            return render::summary_in(report, options, self.t);
        }
        let mut data = report.clone();
        data.findings.retain(|f| {
            !tally_engine::Builtin::from_id(&f.rule).is_some_and(tally_engine::Builtin::is_tool_error)
        });
        format!(
            "{} · {}",
            self.t.text(
                "watch-data-findings",
                &[("counts", render::summary_in(&data, options, self.t).into())]
            ),
            self.t.text("watch-rule-failures", &[("count", tool.into())])
        )
    }

    /// `[17:42:03 +08:00] checked after change to data/x.ron in 4 ms — watching data/ and rules/ (Ctrl-C to stop)`
    fn status(&self, update: &Update, watched: &[PathBuf]) -> String {
        let t = self.t;
        let what = if update.initial {
            t.text("watch-checked", &[])
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
                names.push(t.text("watch-more", &[("count", more.into())]));
            }
            if names.is_empty() {
                // The findings changed with no file read anew (a file became
                // unreadable, a link now leads elsewhere).
                t.text("watch-checked-again", &[])
            } else {
                let sep = t.text("summary-list-sep", &[]);
                t.text("watch-checked-after", &[("files", names.join(&sep).into())])
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
        let sep = t.text("summary-list-sep", &[]);
        let watching = match watching.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => t.text(
                "watch-and",
                &[("rest", rest.join(&sep).into()), ("last", last.as_str().into())],
            ),
            None => String::new(),
        };
        t.text(
            "watch-status",
            &[
                ("time", clock(&jiff::ZonedDateTime::now()).into()),
                ("what", what.into()),
                ("ms", update.elapsed.as_millis().into()),
                ("watching", watching.into()),
            ],
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

/// As `tally check`: `COLUMNS`, else the terminal's width, else 100.
fn terminal_width() -> usize {
    crate::commands::terminal_width()
}

/// `HH:MM:SS +08:00`: the local time (the office's clock, as `TZ` or the
/// system says), with its offset from UTC so that nobody mistakes it.
fn clock(now: &jiff::ZonedDateTime) -> String {
    now.strftime("%H:%M:%S %:z").to_string()
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn clock_is_local_time_with_its_offset() {
        let at: jiff::Timestamp = "2026-12-07T09:42:03Z".parse().expect("a timestamp");
        let office = at.to_zoned_datetime(jiff::tz::TimeZone::fixed(jiff::tz::offset(8)));
        assert_eq!(clock(&office), "17:42:03 +08:00");
        let utc = at.to_zoned_datetime(jiff::tz::TimeZone::UTC);
        assert_eq!(clock(&utc), "09:42:03 +00:00");
    }

    fn printer(t: &Catalogue) -> Printer<'_> {
        Printer {
            format: WatchFormat::Human,
            color: false,
            cwd: PathBuf::from("/p"),
            terminal: false,
            project: Project::discover("/p").expect("no tally.ron above /p"),
            baseline: None,
            no_baseline: false,
            t,
            previous: None,
        }
    }

    fn finding(rule: &str, message: &str) -> tally_engine::Finding {
        tally_engine::Finding::new(rule, tally_engine::Severity::Error, message)
    }

    fn update(findings: Vec<tally_engine::Finding>, initial: bool) -> Update {
        Update {
            report: tally_engine::Report {
                findings,
                ..tally_engine::Report::default()
            },
            changed: Vec::new(),
            elapsed: Duration::from_millis(4),
            initial,
        }
    }

    /// Issue 17: what is new since the last run is marked, what is gone is
    /// listed as fixed; the first run marks nothing.
    #[test]
    fn new_findings_are_marked_and_gone_ones_listed_as_fixed() {
        let t = Catalogue::new(tally_engine::Lang::Zh);
        let mut printer = printer(&t);
        let first = update(vec![finding("a", "一"), finding("b", "二")], true);
        let (marked, fixed) = printer.compare(&first, &first.report);
        assert!(marked.findings.iter().all(|f| !f.message.starts_with('[')));
        assert!(fixed.is_empty());
        let second = update(vec![finding("b", "二"), finding("c", "三")], false);
        let (marked, fixed) = printer.compare(&second, &second.report);
        let messages: Vec<&str> = marked.findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(messages, ["二", "[新] 三"]);
        assert_eq!(fixed, ["a  一"]);
    }

    /// Issue 17: a broken rule is counted apart from the data's findings.
    #[test]
    fn rule_failures_are_counted_apart_from_data_findings() {
        let t = Catalogue::new(tally_engine::Lang::En);
        let printer = printer(&t);
        let report = update(vec![finding("rule-error", "x"), finding("sum", "y")], false).report;
        let options = RenderOptions {
            show_elapsed: false,
            ..RenderOptions::default()
        };
        let line = printer.summary(&report, &options);
        assert!(
            line.starts_with("data: 1 error, 0 warnings, 0 infos in 0 files, 0 rules"),
            "{line}"
        );
        assert!(
            line.ends_with("1 rule failed (a broken rule, not a data defect)"),
            "{line}"
        );
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
            t: &Catalogue::new(tally_engine::Lang::En),
            previous: None,
        };
        let update = Update {
            report: tally_engine::Report::default(),
            changed: vec![PathBuf::from("/p/data/targets-2019.ron")],
            elapsed: Duration::from_millis(4),
            initial: false,
        };
        let line = printer.status(&update, &[PathBuf::from("/p/data"), PathBuf::from("/p/rules")]);
        assert!(line.contains("] checked after change to data/targets-2019.ron in 4 ms — watching data and rules (Ctrl-C to stop)"), "{line}");
    }
}
