//! From a report to `textDocument/publishDiagnostics`: each finding at its
//! range in UTF-16 units, its severity, the rule id as the code, the help
//! after the message, the related sites; and the checker thread that runs
//! the engine on the editor's texts, debounced, off the request loop.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, RecvTimeoutError};
use lsp_server::{Message, Notification};
use lsp_types::notification::{Notification as _, PublishDiagnostics};
use lsp_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    PublishDiagnosticsParams, Uri,
};
use tally_engine::{Finding, Report, Severity, Site, Texts};

use super::text::{path_to_uri, Lines};
use super::Setup;

/// How long a burst of edits must pause before it is checked (trailing
/// edge, as watchexec's throttle), and the longest a burst may put a check
/// off: typing without pause still sees findings.
const DEBOUNCE: Duration = Duration::from_millis(8);
const MAX_DELAY: Duration = Duration::from_millis(120);

/// A check to run: the project as set up, the open documents' texts.
pub struct Job {
    pub setup: Arc<Setup>,
    pub texts: Texts,
    /// Open documents: path → (URI as the client spells it, version).
    pub open: BTreeMap<PathBuf, (Uri, i32)>,
}

/// What the last check found, by file, for code actions.
pub type Published = Arc<Mutex<BTreeMap<PathBuf, Vec<(Diagnostic, Finding)>>>>;

/// The checker thread's loop: waits for a job, lets a burst settle, checks
/// the latest, publishes. Ends when the server's loop drops its sender.
pub fn run(jobs: &Receiver<Job>, client: &crossbeam_channel::Sender<Message>, published: &Published) {
    let mut shown: BTreeSet<PathBuf> = BTreeSet::new();
    while let Ok(mut job) = jobs.recv() {
        let first = Instant::now();
        loop {
            let left = MAX_DELAY.saturating_sub(first.elapsed());
            match jobs.recv_timeout(DEBOUNCE.min(left)) {
                Ok(next) => job = next,
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
            if left.is_zero() {
                break;
            }
        }
        // The engine turns its own failures into findings; should one
        // escape as a panic, this check is lost, not the thread.
        let checked =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&job.setup, &job.texts)));
        let Ok(findings) = checked else { continue };
        let mut by_file: BTreeMap<PathBuf, Vec<(Diagnostic, Finding)>> = BTreeMap::new();
        for finding in findings {
            let Some(site) = &finding.site else { continue };
            let diagnostic = diagnostic(&finding, site, &job.open);
            by_file
                .entry(site.source.path.clone())
                .or_default()
                .push((diagnostic, finding.clone()));
        }
        let mut now: BTreeSet<PathBuf> = by_file.keys().cloned().collect();
        now.extend(job.open.keys().cloned());
        for path in shown.union(&now) {
            let diagnostics: Vec<Diagnostic> = by_file
                .get(path)
                .map(|d| d.iter().map(|(d, _)| d.clone()).collect())
                .unwrap_or_default();
            let (uri, version) = match job.open.get(path) {
                Some((uri, version)) => (uri.clone(), Some(*version)),
                None => match path_to_uri(path) {
                    Some(uri) => (uri, None),
                    None => continue,
                },
            };
            let params = PublishDiagnosticsParams {
                uri,
                diagnostics,
                version,
            };
            let note = Notification::new(PublishDiagnostics::METHOD.to_owned(), params);
            if client.send(Message::Notification(note)).is_err() {
                return;
            }
        }
        shown = by_file.keys().cloned().collect();
        if let Ok(mut last) = published.lock() {
            *last = by_file;
        }
    }
}

/// The findings of one check, as `tally check` reports them: the
/// project's baseline applied, suppressed findings left out; a project
/// that cannot be set up gives its `config-error`.
pub fn check(setup: &Setup, texts: &Texts) -> Vec<Finding> {
    match setup {
        Setup::Ready { project, engine } => {
            let mut report: Report = engine.check_with(texts);
            if let Ok(Some((shown, baseline))) = project.baseline(None, false) {
                baseline.apply_to(&mut report, project.root(), &shown);
            }
            report.findings
        }
        Setup::Broken { finding, .. } => finding.iter().map(|f| (**f).clone()).collect(),
    }
}

/// One finding as an LSP diagnostic.
fn diagnostic(finding: &Finding, site: &Site, open: &BTreeMap<PathBuf, (Uri, i32)>) -> Diagnostic {
    let lines = Lines::new(&site.source.text);
    let range = lines.range(site.location.start, site.location.end);
    let mut message = finding.message.clone();
    if let Some(help) = &finding.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<DiagnosticRelatedInformation> = finding
        .related
        .iter()
        .filter_map(|r| {
            let uri = match open.get(&r.site.source.path) {
                Some((uri, _)) => uri.clone(),
                None => path_to_uri(&r.site.source.path)?,
            };
            let lines = Lines::new(&r.site.source.text);
            Some(DiagnosticRelatedInformation {
                location: Location::new(uri, lines.range(r.site.location.start, r.site.location.end)),
                message: r.message.clone(),
            })
        })
        .collect();
    Diagnostic {
        range,
        severity: Some(match finding.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(finding.rule.clone())),
        source: Some("tally".to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        data: (!finding.data.is_empty()).then(|| serde_json::Value::Object(finding.data.clone())),
        ..Diagnostic::default()
    }
}
