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

use serde_json::{json, Map, Value};
use tally_engine::{Finding, Report, Severity, Site};

use super::RenderOptions;

/// The schema version in `"version"`.
pub const VERSION: u64 = 1;

/// Writes the JSON document.
pub(super) fn render(report: &Report, options: &RenderOptions, out: &mut dyn io::Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &to_value(report, options))?;
    out.write_all(b"\n")
}

/// The JSON document as a value.
pub(super) fn to_value(report: &Report, options: &RenderOptions) -> Value {
    let elapsed_ms = u64::try_from(options.time(report.elapsed).as_millis()).unwrap_or(u64::MAX);
    let mut root = Map::new();
    root.insert("version".into(), json!(VERSION));
    root.insert(
        "summary".into(),
        json!({
            "files": report.files,
            "rules": report.rules,
            "errors": report.count(Severity::Error),
            "warnings": report.count(Severity::Warning),
            "infos": report.count(Severity::Info),
            "elapsed_ms": elapsed_ms,
            "suppressed": report.suppressed.len(),
            "baselined": report.baseline.as_ref().map_or(0, |b| b.matched.len()),
        }),
    );
    if let Some(Value::Object(summary)) = root.get_mut("summary") {
        if let Some(untouched) = report.untouched {
            summary.insert("untouched".into(), json!(untouched));
        }
        if !report.idle.is_empty() {
            summary.insert("idle_rules".into(), json!(report.idle));
        }
        if !report.unread.is_empty() {
            summary.insert("unread_files".into(), json!(report.unread));
        }
    }
    root.insert(
        "diagnostics".into(),
        Value::Array(report.findings.iter().map(diagnostic).collect()),
    );
    if !report.prints.is_empty() {
        root.insert("prints".into(), json!(report.prints));
    }
    if options.show_suppressed {
        let suppressed = report
            .suppressed
            .iter()
            .map(|s| {
                let mut value = diagnostic(&s.finding);
                if let Value::Object(object) = &mut value {
                    object.insert(
                        "suppression".into(),
                        json!({
                            "reason": s.reason,
                            "file": s.comment.source.name,
                            "line": s.comment.location.line,
                            "column": s.comment.location.column,
                        }),
                    );
                }
                value
            })
            .collect();
        root.insert("suppressed".into(), Value::Array(suppressed));
    }
    if let Some(baseline) = &report.baseline {
        let gone: Vec<Value> = baseline
            .gone
            .iter()
            .map(|e| serde_json::to_value(e).unwrap_or(Value::Null))
            .collect();
        root.insert(
            "baseline".into(),
            json!({
                "file": baseline.file,
                "matched": baseline.matched.len(),
                "gone": gone,
            }),
        );
    }
    Value::Object(root)
}

fn diagnostic(finding: &Finding) -> Value {
    let mut object = Map::new();
    object.insert("rule".into(), json!(finding.rule));
    object.insert("severity".into(), json!(finding.severity.as_str()));
    object.insert("message".into(), json!(finding.message));
    if let Some(help) = &finding.help {
        object.insert("help".into(), json!(help));
    }
    if let Some(site) = &finding.site {
        insert_site(&mut object, site);
    }
    if !finding.related.is_empty() {
        let related = finding
            .related
            .iter()
            .map(|related| {
                let mut object = Map::new();
                object.insert("message".into(), json!(related.message));
                insert_site(&mut object, &related.site);
                Value::Object(object)
            })
            .collect();
        object.insert("related".into(), Value::Array(related));
    }
    if !finding.data.is_empty() {
        object.insert("data".into(), Value::Object(finding.data.clone()));
    }
    if !finding.notes.is_empty() {
        object.insert("notes".into(), json!(finding.notes));
    }
    Value::Object(object)
}

/// Adds `file`, `path` (if any) and `span`.
fn insert_site(object: &mut Map<String, Value>, site: &Site) {
    object.insert("file".into(), json!(site.source.name));
    if let Some(cell) = &site.cell {
        object.insert("cell".into(), json!(cell.name()));
    }
    if let Some(path) = &site.path {
        object.insert("path".into(), json!(path));
    }
    let l = &site.location;
    object.insert(
        "span".into(),
        json!({
            "start": l.start,
            "end": l.end,
            "line": l.line,
            "column": l.column,
            "end_line": l.end_line,
            "end_column": l.end_column,
        }),
    );
}

#[cfg(test)]
mod tests {
    use super::super::{fixture, sample_report, Format, RenderOptions};
    use super::*;

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
