//! `--format gitlab`: the GitLab Code Quality report, a JSON array with one
//! issue per finding, which GitLab shows in merge requests when a job
//! declares it as `artifacts: reports: codequality:`.
//!
//! ```json
//! [
//!   {
//!     "type": "issue",
//!     "check_name": "breakdown-sum-mismatch",
//!     "description": "`工业 APP 开发应用` 各地区分解合计 2300 …",
//!     "content": { "body": "help: …" },
//!     "categories": ["Bug Risk"],
//!     "severity": "major",
//!     "fingerprint": "3f1c…",
//!     "location": { "path": "data/targets-2019.ron", "lines": { "begin": 40, "end": 40 } }
//!   }
//! ]
//! ```
//!
//! Severities map as `error` → `major` (`critical` for a finding that
//! means the check could not be carried out), `warning` → `minor`, `info`
//! → `info`. The fingerprint is the finding's baseline identity
//! (`Baseline::fingerprint`), so an accepted finding keeps it across runs
//! and when lines move; file names are relative to the working directory,
//! which in CI is the repository root. A finding without a file (rare:
//! only some `config-error`s) is placed at `tally.ron` line 1, since
//! GitLab requires a path.

use std::io;
use std::path::Path;

use serde_json::{json, Value};
use tally_engine::{Baseline, Finding, Report, Severity};

use super::{is_tool_error, RenderOptions};

/// Writes the report.
pub(super) fn render(report: &Report, options: &RenderOptions, out: &mut dyn io::Write) -> io::Result<()> {
    let root = options.base.unwrap_or(Path::new("."));
    let issues: Vec<Value> = report.findings.iter().map(|f| issue(f, root)).collect();
    // `?` keeps the io error's kind: a reader that went is a broken pipe, not a failure.
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}

fn issue(finding: &Finding, root: &Path) -> Value {
    let severity = match finding.severity {
        Severity::Error if is_tool_error(&finding.rule) => "critical",
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    };
    let (path, begin, end) = match &finding.site {
        Some(site) => (
            site.source.name.replace('\\', "/"),
            site.location.line,
            site.location.end_line.max(site.location.line),
        ),
        None => ("tally.ron".to_owned(), 1, 1),
    };
    let mut body = String::new();
    if let Some(help) = &finding.help {
        body.push_str(&format!("help: {help}\n"));
    }
    for related in &finding.related {
        body.push_str(&format!(
            "{}: {}:{}\n",
            related.message,
            related.site.source.name.replace('\\', "/"),
            related.site.location.line
        ));
    }
    let mut issue = json!({
        "type": "issue",
        "check_name": finding.rule,
        "description": finding.message,
        "categories": [if is_tool_error(&finding.rule) { "Compatibility" } else { "Bug Risk" }],
        "severity": severity,
        "fingerprint": Baseline::fingerprint(finding, root),
        "location": { "path": path, "lines": { "begin": begin, "end": end } },
    });
    if !body.is_empty() {
        issue["content"] = json!({ "body": body.trim_end() });
    }
    issue
}
