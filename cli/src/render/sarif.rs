//! `--format sarif`: a SARIF 2.1.0 log with one run, for code scanning.
//!
//! - `tool.driver.rules` lists every rule that ran, then the engine ids that
//!   occur in the report (`parse`, `shape`, `rule-error`, `config-error`,
//!   `io`); each result points at its rule with `ruleId` and `ruleIndex`.
//! - Columns count Unicode characters, as in the JSON output, so the run
//!   declares `"columnKind": "unicodeCodePoints"`; `charOffset` and
//!   `charLength` count characters too, `byteOffset` and `byteLength` bytes.
//!   `endColumn` is one past the last character.
//! - Relative file names are URIs relative to `%SRCROOT%`, which
//!   `originalUriBaseIds` declares when [`RenderOptions::base`] is set.

use std::io;
use std::path::Path;

use serde_json::{json, Map, Value};
use tally_engine::{Builtin, Finding, Report, Severity, Site};

use super::{is_tool_error, uri_path, RenderOptions};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI: &str = "https://example.invalid/tally";
const SRCROOT: &str = "%SRCROOT%";

/// Writes the SARIF log.
pub(super) fn render(report: &Report, options: &RenderOptions, out: &mut dyn io::Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &to_value(report, options))?;
    out.write_all(b"\n")
}

/// A rule as SARIF describes it.
struct Descriptor<'a> {
    id: &'a str,
    title: &'a str,
    explanation: &'a str,
    severity: Severity,
}

/// Title and explanation of the engine's own finding ids.
fn engine_rule(id: &str) -> Option<Descriptor<'_>> {
    let (title, explanation, severity) = match Builtin::from_id(id)? {
        Builtin::Parse => (
            "data file is not valid RON",
            "The file cannot be parsed as RON, so no rule could check it. Fix the syntax at the position shown.",
            Severity::Error,
        ),
        Builtin::Shape => (
            "data does not fit its table's shape",
            "The file is valid RON but a field is missing, unknown or of the wrong type for its table. Fix the value shown.",
            Severity::Error,
        ),
        Builtin::RuleError => (
            "rule failed to compile, errored or broke a sandbox bound",
            "A rule script could not be run to the end, so its findings are missing. Fix the script at the position shown.",
            Severity::Error,
        ),
        Builtin::ConfigError => (
            "invalid `tally.ron`",
            "The project configuration cannot be read. Fix the value shown.",
            Severity::Error,
        ),
        Builtin::Io => (
            "file cannot be read",
            "A data or rule file could not be read from disk.",
            Severity::Error,
        ),
        _ => return None,
    };
    Some(Descriptor {
        id,
        title,
        explanation,
        severity,
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The SARIF log as a value.
pub(super) fn to_value(report: &Report, options: &RenderOptions) -> Value {
    let mut descriptors: Vec<Descriptor> = options
        .rules
        .iter()
        .map(|meta| Descriptor {
            id: &meta.id,
            title: &meta.title,
            explanation: &meta.explanation,
            severity: meta.severity,
        })
        .collect();
    let shown_suppressed = report
        .suppressed
        .iter()
        .filter(|_| options.show_suppressed)
        .map(|s| &s.finding);
    for finding in report.findings.iter().chain(shown_suppressed) {
        if descriptors.iter().any(|d| d.id == finding.rule) {
            continue;
        }
        descriptors.push(engine_rule(&finding.rule).unwrap_or(Descriptor {
            id: &finding.rule,
            title: &finding.rule,
            explanation: "",
            severity: finding.severity,
        }));
    }

    let rules: Vec<Value> = descriptors.iter().map(rule).collect();
    let mut results: Vec<Value> = report
        .findings
        .iter()
        .map(|finding| {
            let index = descriptors.iter().position(|d| d.id == finding.rule).unwrap_or(0);
            result(finding, index)
        })
        .collect();
    if options.show_suppressed {
        // Suppressed in the source: code scanning shows them as dismissed.
        for suppressed in &report.suppressed {
            let index = descriptors
                .iter()
                .position(|d| d.id == suppressed.finding.rule)
                .unwrap_or(0);
            let mut value = result(&suppressed.finding, index);
            if let Value::Object(object) = &mut value {
                object.insert(
                    "suppressions".into(),
                    json!([{ "kind": "inSource", "justification": suppressed.reason }]),
                );
            }
            results.push(value);
        }
    }

    let mut run = Map::new();
    run.insert(
        "tool".into(),
        json!({
            "driver": {
                "name": "tally",
                "informationUri": INFORMATION_URI,
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }
        }),
    );
    if let Some(base) = options.base {
        run.insert(
            "originalUriBaseIds".into(),
            json!({ SRCROOT: { "uri": directory_uri(base) } }),
        );
    }
    run.insert(
        "invocations".into(),
        json!([{ "executionSuccessful": !report.findings.iter().any(|f| is_tool_error(&f.rule)) }]),
    );
    run.insert("columnKind".into(), json!("unicodeCodePoints"));
    run.insert("results".into(), Value::Array(results));

    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [Value::Object(run)],
    })
}

fn rule(descriptor: &Descriptor) -> Value {
    let mut rule = Map::new();
    rule.insert("id".into(), json!(descriptor.id));
    rule.insert("name".into(), json!(descriptor.id));
    rule.insert("shortDescription".into(), json!({ "text": descriptor.title }));
    if !descriptor.explanation.is_empty() {
        rule.insert(
            "fullDescription".into(),
            json!({ "text": descriptor.explanation }),
        );
    }
    rule.insert(
        "defaultConfiguration".into(),
        json!({ "level": level(descriptor.severity) }),
    );
    if !descriptor.explanation.is_empty() {
        rule.insert(
            "help".into(),
            json!({ "text": descriptor.explanation, "markdown": descriptor.explanation }),
        );
    }
    Value::Object(rule)
}

fn result(finding: &Finding, rule_index: usize) -> Value {
    let mut text = finding.message.clone();
    if let Some(help) = &finding.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    for note in &finding.notes {
        text.push_str("\nnote: ");
        text.push_str(note);
    }

    let mut result = Map::new();
    result.insert("ruleId".into(), json!(finding.rule));
    result.insert("ruleIndex".into(), json!(rule_index));
    result.insert("level".into(), json!(level(finding.severity)));
    result.insert("message".into(), json!({ "text": text }));
    if let Some(site) = &finding.site {
        result.insert("locations".into(), json!([location(site)]));
    }
    if !finding.related.is_empty() {
        let related: Vec<Value> = finding
            .related
            .iter()
            .enumerate()
            .map(|(id, related)| {
                let mut location = location(&related.site);
                let object = location.as_object_mut().expect("a location is an object");
                let mut with_id = Map::new();
                with_id.insert("id".into(), json!(id));
                with_id.append(object);
                with_id.insert("message".into(), json!({ "text": related.message }));
                Value::Object(with_id)
            })
            .collect();
        result.insert("relatedLocations".into(), Value::Array(related));
    }
    if !finding.data.is_empty() {
        result.insert("properties".into(), json!({ "data": finding.data }));
    }
    Value::Object(result)
}

fn location(site: &Site) -> Value {
    let l = &site.location;
    let text = &site.source.text;
    // Counted from the line index's checkpoints: counting from the start
    // of the file for every result made a large log quadratic.
    let lines = site.source.lines();
    let char_offset = lines.chars_before(text, l.start);
    let char_length = lines.chars_before(text, l.end) - char_offset;

    let name = &site.source.name;
    let artifact = if is_absolute(name) {
        json!({ "uri": file_uri(name) })
    } else {
        json!({ "uri": uri_path(name), "uriBaseId": SRCROOT })
    };
    let mut location = Map::new();
    let region = if site.cell.is_some() {
        // A workbook cell: the row and the column; the workbook has no
        // text for offsets to count in.
        json!({
            "startLine": l.line,
            "startColumn": l.column,
            "endLine": l.end_line,
            "endColumn": l.end_column,
        })
    } else {
        json!({
            "startLine": l.line,
            "startColumn": l.column,
            "endLine": l.end_line,
            "endColumn": l.end_column,
            "charOffset": char_offset,
            "charLength": char_length,
            "byteOffset": l.start,
            "byteLength": l.end.saturating_sub(l.start),
        })
    };
    location.insert(
        "physicalLocation".into(),
        json!({
            "artifactLocation": artifact,
            "region": region,
        }),
    );
    if let Some(cell) = &site.cell {
        location.insert("properties".into(), json!({ "cell": cell.name() }));
    }
    if let Some(path) = &site.path {
        location.insert("logicalLocations".into(), json!([{ "fullyQualifiedName": path }]));
    }
    Value::Object(location)
}

/// Whether a displayed file name is absolute (`/x`, `C:\x`, `\\server\x`).
fn is_absolute(name: &str) -> bool {
    Path::new(name).is_absolute()
        || name.starts_with('/')
        || name.starts_with('\\')
        || name.as_bytes().get(1..3) == Some(b":\\")
        || name.as_bytes().get(1..3) == Some(b":/")
}

/// `file:///abs/path` for an absolute file name.
fn file_uri(name: &str) -> String {
    let path = uri_path(name);
    // `uri_path` encodes the drive colon of `C:/x`; keep it readable.
    let path = path.replacen("%3A", ":", 1);
    if path.starts_with('/') {
        format!("file://{path}")
    } else {
        format!("file:///{path}")
    }
}

/// `file:///abs/dir/` for `%SRCROOT%` (a base URI must end with `/`).
fn directory_uri(base: &Path) -> String {
    let mut uri = file_uri(&base.to_string_lossy());
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::super::{fixture, sample_report, Format, RenderOptions};
    use super::*;

    fn output(report: &Report, options: &RenderOptions) -> String {
        fixture::rendered(Format::Sarif, report, options)
    }

    #[test]
    fn snapshot() {
        let (report, rules) = sample_report();
        let options = RenderOptions {
            rules: &rules,
            base: Some(Path::new("/project")),
            ..RenderOptions::default()
        };
        let version = format!(
            r#""version": "{}""#,
            env!("CARGO_PKG_VERSION").replace('.', r"\.")
        );
        insta::with_settings!({ filters => vec![(version.as_str(), r#""version": "[version]""#)] }, {
            insta::assert_snapshot!(output(&report, &options));
        });
    }

    #[test]
    fn every_result_points_at_its_rule() {
        let (report, rules) = sample_report();
        let options = RenderOptions {
            rules: &rules,
            ..RenderOptions::default()
        };
        let log = to_value(&report, &options);
        let run = &log["runs"][0];
        let driver_rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        let ids: Vec<&str> = driver_rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(
            ids,
            [
                "breakdown-sum-mismatch",
                "indicator-name-long",
                "region-above-high",
                "unknown-unit",
                "io",
                "rule-error"
            ]
        );
        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len(), report.findings.len());
        for result in results {
            let index = result["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(driver_rules[index]["id"], result["ruleId"]);
        }
        assert!(run.get("originalUriBaseIds").is_none());
        assert_eq!(run["invocations"][0]["executionSuccessful"], json!(false));
    }

    #[test]
    fn regions_count_characters() {
        let (report, _) = sample_report();
        let log = to_value(&report, &RenderOptions::default());
        let result = log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["ruleId"] == json!("region-above-high"))
            .unwrap();
        let region = &result["locations"][0]["physicalLocation"]["region"];
        let chars: Vec<char> = fixture::TARGETS.chars().collect();
        let offset = region["charOffset"].as_u64().unwrap() as usize;
        let length = region["charLength"].as_u64().unwrap() as usize;
        assert_eq!(chars[offset..offset + length].iter().collect::<String>(), "38");
        assert_eq!(
            region["endColumn"].as_u64().unwrap() - region["startColumn"].as_u64().unwrap(),
            2
        );
    }

    #[test]
    fn uris() {
        assert_eq!(
            directory_uri(Path::new("/work/项目")),
            "file:///work/%E9%A1%B9%E7%9B%AE/"
        );
        assert_eq!(file_uri(r"C:\data\x.ron"), "file:///C:/data/x.ron");
        assert!(is_absolute("/data/x.ron"));
        assert!(!is_absolute("data/x.ron"));
    }
}
