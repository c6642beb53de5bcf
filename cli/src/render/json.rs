//! `--format json`: one JSON document, pretty-printed, with a final newline.
//!
//! Schema (version 1). Keys appear in this order; optional keys are left
//! out, never `null`. Keys are stable: new ones may be added, none renamed.
//!
//! ```text
//! {
//!   "version": 1,
//!   "summary": {
//!     "files": usize,        data files checked
//!     "rules": usize,        rules and native checks that ran
//!     "errors": usize,
//!     "warnings": usize,
//!     "infos": usize,
//!     "elapsed_ms": u64,     wall time of the check (0 when times are hidden)
//!     "suppressed": usize,   findings silenced by `// tally: allow(…)` comments
//!     "baselined": usize,    findings a baseline accepted (0 without a baseline)
//!     "untouched": usize,    with `--changed-since`: findings left out as on
//!                            lines the change did not touch
//!     "idle_rules": [string],   rules that asked for tables by kind and got
//!                               none: they checked nothing (only when any)
//!     "unread_files": [string]  data files no rule could read (they do not
//!                               parse or are not text; only when any)
//!   },
//!   "diagnostics": [         sorted by file, position, rule
//!     {
//!       "rule": string,      rule id, or `parse`, `shape`, `rule-error`, `config-error`, `io`
//!       "severity": "error" | "warning" | "info",
//!       "message": string,
//!       "help": string?,     how to fix it
//!       "file": string?,     path as shown to the user; absent for findings about the whole run
//!       "cell": string?,     the workbook cell (`附件3!D7`) of a table checked in place; then
//!                            `span.line` is its row and `span.column` its column
//!       "path": string?,     the node's path in the RON tree, e.g. `indicators[12].high`
//!       "span": {            absent when `file` is
//!         "start": usize, "end": usize,            byte offsets, end exclusive
//!         "line": usize, "column": usize,          1-based; columns count Unicode characters
//!         "end_line": usize, "end_column": usize   of the end (exclusive)
//!       }?,
//!       "related": [ { "message": string, "file": string, "path": string?, "span": {…} } ]?,
//!       "data": { string: any }?,   figures the rule computed, e.g. `sum`, `line`, `imbalance`
//!       "notes": [string]?          extra context lines
//!     }
//!   ],
//!   "prints": [string]?,     lines the rules printed, each prefixed with the rule id
//!   "suppressed": [          with `--show-suppressed`: the silenced findings, as
//!     { …diagnostic…,        in `diagnostics`, plus where and why:
//!       "suppression": { "reason": string, "file": string, "line": usize, "column": usize } }
//!   ]?,
//!   "baseline": {            with a baseline
//!     "file": string,
//!     "matched": usize,      findings it accepted (not in `diagnostics`)
//!     "gone": [ { "rule", "file"?, "path"?, "message", "data"?, "count" } ]
//!   }?                       entries no finding matched any more
//! }
//! ```

use std::io;

use serde::Serialize;
use serde_json::{Map, Value};
use tally_engine::{BaselineEntry, Finding, Location, Report, Severity, Site};

use super::RenderOptions;

/// The schema version in `"version"`.
pub const VERSION: u64 = 1;

/// Writes the JSON document, serialized straight from the report: a
/// `serde_json::Value` built first (a map per finding, its keys hashed)
/// took 90 ms of a national check's 10,124 findings, a tenth of a second
/// after the check was done.
pub(super) fn render(report: &Report, options: &RenderOptions, out: &mut dyn io::Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &Output::new(report, options))?;
    out.write_all(b"\n")
}

/// The JSON document as a value.
#[cfg(test)]
pub(super) fn to_value(report: &Report, options: &RenderOptions) -> Value {
    serde_json::to_value(Output::new(report, options)).unwrap_or(Value::Null)
}

/// The document, borrowing from the report; the fields in the order of
/// the schema above (`serde` writes a struct's fields in order).
#[derive(Serialize)]
struct Output<'a> {
    version: u64,
    summary: Summary<'a>,
    diagnostics: Vec<Diagnostic<'a>>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    prints: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressed: Option<Vec<SuppressedDiagnostic<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<Baseline<'a>>,
}

#[derive(Serialize)]
struct Summary<'a> {
    files: usize,
    rules: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    elapsed_ms: u64,
    suppressed: usize,
    baselined: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    untouched: Option<usize>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    idle_rules: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    unread_files: &'a [String],
}

#[derive(Serialize)]
struct Diagnostic<'a> {
    rule: &'a str,
    severity: &'static str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    #[serde(flatten)]
    site: Option<Place<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<RelatedSite<'a>>,
    #[serde(skip_serializing_if = "Map::is_empty")]
    data: &'a Map<String, Value>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    notes: &'a [String],
}

/// `file`, `cell` and `path` (if any) and `span`.
#[derive(Serialize)]
struct Place<'a> {
    file: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    cell: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    span: Location,
}

#[derive(Serialize)]
struct RelatedSite<'a> {
    message: &'a str,
    #[serde(flatten)]
    site: Place<'a>,
}

#[derive(Serialize)]
struct SuppressedDiagnostic<'a> {
    #[serde(flatten)]
    diagnostic: Diagnostic<'a>,
    suppression: Suppression<'a>,
}

#[derive(Serialize)]
struct Suppression<'a> {
    reason: &'a str,
    file: &'a str,
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct Baseline<'a> {
    file: &'a str,
    matched: usize,
    gone: &'a [BaselineEntry],
}

impl<'a> Output<'a> {
    fn new(report: &'a Report, options: &RenderOptions) -> Self {
        let elapsed_ms = u64::try_from(options.time(report.elapsed).as_millis()).unwrap_or(u64::MAX);
        Output {
            version: VERSION,
            summary: Summary {
                files: report.files,
                rules: report.rules,
                errors: report.count(Severity::Error),
                warnings: report.count(Severity::Warning),
                infos: report.count(Severity::Info),
                elapsed_ms,
                suppressed: report.suppressed.len(),
                baselined: report.baseline.as_ref().map_or(0, |b| b.matched.len()),
                untouched: report.untouched,
                idle_rules: &report.idle,
                unread_files: &report.unread,
            },
            diagnostics: report.findings.iter().map(diagnostic).collect(),
            prints: &report.prints,
            suppressed: options.show_suppressed.then(|| {
                report
                    .suppressed
                    .iter()
                    .map(|s| SuppressedDiagnostic {
                        diagnostic: diagnostic(&s.finding),
                        suppression: Suppression {
                            reason: &s.reason,
                            file: &s.comment.source.name,
                            line: s.comment.location.line,
                            column: s.comment.location.column,
                        },
                    })
                    .collect()
            }),
            baseline: report.baseline.as_ref().map(|b| Baseline {
                file: &b.file,
                matched: b.matched.len(),
                gone: &b.gone,
            }),
        }
    }
}

fn diagnostic(finding: &Finding) -> Diagnostic<'_> {
    Diagnostic {
        rule: &finding.rule,
        severity: finding.severity.as_str(),
        message: &finding.message,
        help: finding.help.as_deref(),
        site: finding.site.as_ref().map(place),
        related: finding
            .related
            .iter()
            .map(|related| RelatedSite {
                message: &related.message,
                site: place(&related.site),
            })
            .collect(),
        data: &finding.data,
        notes: &finding.notes,
    }
}

fn place(site: &Site) -> Place<'_> {
    Place {
        file: &site.source.name,
        cell: site.cell.as_ref().map(|cell| cell.name()),
        path: site.path.as_deref(),
        span: site.location,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{fixture, sample_report, Format, RenderOptions};
    use super::*;
    use serde_json::json;

    fn output(report: &Report, options: &RenderOptions) -> String {
        fixture::rendered(Format::Json, report, options)
    }

    #[test]
    fn snapshot() {
        let (report, rules) = sample_report();
        let options = RenderOptions {
            rules: &rules,
            ..RenderOptions::default()
        };
        insta::assert_snapshot!(output(&report, &options));
    }

    #[test]
    fn empty_report_has_no_optional_keys() {
        let report = fixture::empty_report();
        let options = RenderOptions {
            show_elapsed: false,
            ..RenderOptions::default()
        };
        let value: Value = serde_json::from_str(&output(&report, &options)).unwrap();
        assert_eq!(
            value,
            json!({
                "version": 1,
                "summary": { "files": 1, "rules": 1, "errors": 0, "warnings": 0, "infos": 0, "elapsed_ms": 0, "suppressed": 0, "baselined": 0 },
                "diagnostics": [],
            })
        );
    }

    /// Every optional part at once keeps the schema's key order, the
    /// suppressed findings with their `suppression` last (the document is
    /// serialized from structs whose fields must follow the schema).
    #[test]
    fn every_optional_part_in_the_schemas_order() {
        let (mut report, rules) = sample_report();
        let first = report
            .findings
            .iter()
            .find(|f| f.rule == "breakdown-sum-mismatch")
            .cloned()
            .expect("the sum finding");
        let site = first.site.clone().expect("a site");
        report.suppressed.push(tally_engine::Suppressed {
            finding: first.clone(),
            reason: "原表如此".to_owned(),
            comment: site,
        });
        report.baseline = Some(tally_engine::BaselineOutcome {
            file: "tally-baseline.json".to_owned(),
            matched: vec![first],
            gone: vec![BaselineEntry {
                rule: "unknown-unit".to_owned(),
                file: None,
                path: Some("units[0].name".to_owned()),
                message: "gone".to_owned(),
                data: Map::new(),
                count: 2,
            }],
        });
        report.prints.push("breakdown-sum-mismatch: 3".to_owned());
        report.untouched = Some(4);
        report.idle.push("weights-mismatch".to_owned());
        report.unread.push("data/broken.ron".to_owned());
        let options = RenderOptions {
            rules: &rules,
            show_suppressed: true,
            ..RenderOptions::default()
        };
        let value: Value = serde_json::from_str(&output(&report, &options)).expect("JSON");
        let keys = |v: &Value| -> Vec<String> { v.as_object().expect("an object").keys().cloned().collect() };
        assert_eq!(
            keys(&value),
            [
                "version",
                "summary",
                "diagnostics",
                "prints",
                "suppressed",
                "baseline"
            ]
        );
        assert_eq!(
            keys(&value["summary"]),
            [
                "files",
                "rules",
                "errors",
                "warnings",
                "infos",
                "elapsed_ms",
                "suppressed",
                "baselined",
                "untouched",
                "idle_rules",
                "unread_files"
            ]
        );
        assert_eq!(value["summary"]["baselined"], json!(1));
        let suppressed = &value["suppressed"][0];
        assert_eq!(
            keys(suppressed),
            [
                "rule",
                "severity",
                "message",
                "help",
                "file",
                "path",
                "span",
                "related",
                "data",
                "suppression"
            ]
        );
        assert_eq!(
            keys(&suppressed["suppression"]),
            ["reason", "file", "line", "column"]
        );
        assert_eq!(
            keys(&suppressed["related"][0]),
            ["message", "file", "path", "span"]
        );
        assert_eq!(keys(&value["baseline"]), ["file", "matched", "gone"]);
        assert_eq!(
            keys(&value["baseline"]["gone"][0]),
            ["rule", "path", "message", "count"]
        );
    }

    #[test]
    fn spans_match_the_source() {
        let (report, _) = sample_report();
        let value = to_value(&report, &RenderOptions::default());
        for diagnostic in value["diagnostics"].as_array().unwrap() {
            let keys: Vec<&str> = diagnostic
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            let order = [
                "rule", "severity", "message", "help", "file", "path", "span", "related", "data", "notes",
            ];
            let positions: Vec<usize> = keys
                .iter()
                .map(|k| order.iter().position(|o| o == k).unwrap())
                .collect();
            assert!(positions.windows(2).all(|w| w[0] < w[1]), "key order: {keys:?}");
            assert!(diagnostic.as_object().unwrap().values().all(|v| !v.is_null()));
            if diagnostic["path"] == json!(r#"indicators[0].breakdown["鹿城区"]"#) {
                let text = fixture::TARGETS;
                let span = &diagnostic["span"];
                let (start, end) = (
                    span["start"].as_u64().unwrap() as usize,
                    span["end"].as_u64().unwrap() as usize,
                );
                assert_eq!(&text[start..end], "38");
                let line = text
                    .lines()
                    .nth(span["line"].as_u64().unwrap() as usize - 1)
                    .unwrap();
                let column = span["column"].as_u64().unwrap() as usize;
                let from_column: String = line.chars().skip(column - 1).take(2).collect();
                assert_eq!(from_column, "38");
                assert_eq!(span["end_column"].as_u64().unwrap() as usize, column + 2);
            }
        }
    }
}
