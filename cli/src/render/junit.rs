//! `--format junit`: JUnit XML for CI test tabs.
//!
//! - One `<testsuite>` per file with findings, named by the file, in the
//!   report's order; findings of a file are its `<testcase>`s, named
//!   `<rule> at <line>:<column>`, each with a `<failure>` (or an `<error>`
//!   for findings that mean the check itself failed: `rule-error`,
//!   `config-error`, `io`), whose body is `file:line:col: severity: message`
//!   then `help:` and `note:` lines.
//! - A last `<testsuite name="tally">` holds the findings without a file,
//!   and one passing `<testcase>` per rule that ran without a finding, so
//!   the tab also lists what passed.

use std::fmt::Write as _;
use std::io;

use tally_engine::{Finding, Report};

use super::{is_tool_error, RenderOptions};

/// Writes the JUnit XML document.
pub(super) fn render(report: &Report, options: &RenderOptions, out: &mut dyn io::Write) -> io::Result<()> {
    out.write_all(to_xml(report, options).as_bytes())
}

/// A test case: a finding, or a rule that passed.
enum Case<'a> {
    Finding(&'a Finding),
    Passed(&'a str),
}

struct Suite<'a> {
    name: &'a str,
    cases: Vec<Case<'a>>,
}

impl Suite<'_> {
    fn counts(&self) -> (usize, usize, usize) {
        let tests = self.cases.len();
        let errors = self
            .cases
            .iter()
            .filter(|c| matches!(c, Case::Finding(f) if is_tool_error(&f.rule)))
            .count();
        let failures = self
            .cases
            .iter()
            .filter(|c| matches!(c, Case::Finding(f) if !is_tool_error(&f.rule)))
            .count();
        (tests, failures, errors)
    }
}

/// The name of the suite that holds findings without a file and passing rules.
const RUN_SUITE: &str = "tally";

pub(super) fn to_xml(report: &Report, options: &RenderOptions) -> String {
    let mut suites: Vec<Suite> = Vec::new();
    let mut run = Suite {
        name: RUN_SUITE,
        cases: Vec::new(),
    };
    for finding in &report.findings {
        let Some(file) = finding.file() else {
            run.cases.push(Case::Finding(finding));
            continue;
        };
        match suites.iter_mut().find(|s| s.name == file) {
            Some(suite) => suite.cases.push(Case::Finding(finding)),
            None => suites.push(Suite {
                name: file,
                cases: vec![Case::Finding(finding)],
            }),
        }
    }
    for meta in options.rules {
        if !report.findings.iter().any(|f| f.rule == meta.id) {
            run.cases.push(Case::Passed(&meta.id));
        }
    }
    if !run.cases.is_empty() || suites.is_empty() {
        suites.push(run);
    }

    let (tests, failures, errors) = suites
        .iter()
        .map(Suite::counts)
        .fold((0, 0, 0), |a, b| (a.0 + b.0, a.1 + b.1, a.2 + b.2));
    let time = format!("{:.3}", options.time(report.elapsed).as_secs_f64());
    let t = tally_engine::Catalogue::new(options.lang);

    let mut xml = String::new();
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        xml,
        r#"<testsuites name="tally" tests="{tests}" failures="{failures}" errors="{errors}" time="{time}">"#
    );
    for suite in &suites {
        let (tests, failures, errors) = suite.counts();
        let _ = writeln!(
            xml,
            r#"  <testsuite name="{}" tests="{tests}" failures="{failures}" errors="{errors}">"#,
            escape(suite.name)
        );
        for case in &suite.cases {
            match case {
                Case::Passed(rule) => {
                    let _ = writeln!(
                        xml,
                        r#"    <testcase name="{}" classname="{RUN_SUITE}"/>"#,
                        escape(rule)
                    );
                }
                Case::Finding(finding) => write_finding(&mut xml, suite.name, finding, &t),
            }
        }
        xml.push_str("  </testsuite>\n");
    }
    xml.push_str("</testsuites>\n");
    xml
}

fn write_finding(xml: &mut String, classname: &str, finding: &Finding, t: &tally_engine::Catalogue) {
    let (name, position) = match &finding.site {
        Some(site) => (
            t.text(
                "junit-case-at",
                &[
                    ("rule", finding.rule.as_str().into()),
                    ("line", site.location.line.to_string().into()),
                    ("column", site.location.column.to_string().into()),
                ],
            ),
            format!(
                "{}:{}:{}: ",
                site.source.name, site.location.line, site.location.column
            ),
        ),
        None => (finding.rule.clone(), String::new()),
    };
    let severity = t.text(&format!("junit-{}", finding.severity), &[]);
    let mut body = t.text(
        "junit-body",
        &[
            ("position", position.into()),
            ("severity", severity.into()),
            ("message", finding.message.as_str().into()),
        ],
    );
    if let Some(help) = &finding.help {
        let _ = write!(body, "\n{}", t.text("junit-help", &[("help", help.into())]));
    }
    for note in &finding.notes {
        let _ = write!(body, "\n{}", t.text("junit-note", &[("note", note.into())]));
    }
    for related in &finding.related {
        let l = &related.site.location;
        let _ = write!(
            body,
            "\n{}:{}:{}: {}",
            related.site.source.name, l.line, l.column, related.message
        );
    }
    let element = if is_tool_error(&finding.rule) {
        "error"
    } else {
        "failure"
    };
    let _ = writeln!(
        xml,
        r#"    <testcase name="{}" classname="{}">"#,
        escape(&name),
        escape(classname)
    );
    let _ = writeln!(
        xml,
        r#"      <{element} message="{}" type="{}">{}</{element}>"#,
        escape(&finding.message),
        escape(&finding.rule),
        escape_text(&body)
    );
    xml.push_str("    </testcase>\n");
}

/// Escapes element content: like [`escape`], but keeps newlines and tabs
/// as they are, so that the body reads as lines.
fn escape_text(text: &str) -> String {
    escape(text).replace("&#10;", "\n").replace("&#9;", "\t")
}

/// Escapes text for XML content and double-quoted attributes. Newlines and
/// tabs are kept as character references, so that attribute values keep
/// them; other characters that XML 1.0 forbids become U+FFFD. The one XML
/// escaping of tally's output (`tally check --format junit` and `tally
/// test --format junit`).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{fixture, sample_report, Format, RenderOptions};
    use super::*;

    fn output(report: &Report, options: &RenderOptions) -> String {
        fixture::rendered(Format::Junit, report, options)
    }

    #[test]
    fn snapshot() {
        let (report, rules) = sample_report();
        let options = RenderOptions {
            rules: &rules,
            ..RenderOptions::default()
        };
        let xml = output(&report, &options);
        check_well_formed(&xml);
        insta::assert_snapshot!(xml);
    }

    #[test]
    fn no_findings_lists_passing_rules() {
        let (_, rules) = sample_report();
        let report = fixture::empty_report();
        let options = RenderOptions {
            rules: &rules[..1],
            show_elapsed: false,
            ..RenderOptions::default()
        };
        let xml = output(&report, &options);
        check_well_formed(&xml);
        assert_eq!(
            xml,
            r#"<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="tally" tests="1" failures="0" errors="0" time="0.000">
  <testsuite name="tally" tests="1" failures="0" errors="0">
    <testcase name="breakdown-sum-mismatch" classname="tally"/>
  </testsuite>
</testsuites>
"#
        );
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape(r#"a<b & "c" 'd'>"#),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;"
        );
        assert_eq!(escape("x\ny\u{1}"), "x&#10;y\u{FFFD}");
        let mut finding =
            tally_engine::Finding::new("x", tally_engine::Severity::Error, "<![CDATA[ ]]> & </failure>");
        finding.help = Some("\"quoted\" 'single'".to_owned());
        let report = Report {
            findings: vec![finding],
            ..fixture::empty_report()
        };
        check_well_formed(&output(&report, &RenderOptions::default()));
    }

    /// A small well-formedness check: tags nest and match, attributes are
    /// quoted, and every `&` starts a known entity or a character reference.
    fn check_well_formed(xml: &str) {
        let body = xml
            .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
            .expect("XML declaration");
        let mut stack: Vec<String> = Vec::new();
        let mut rest = body;
        let mut roots = 0;
        while !rest.is_empty() {
            if let Some(tag_start) = rest.strip_prefix('<') {
                let end = tag_start.find('>').expect("unclosed tag");
                let tag = &tag_start[..end];
                assert!(!tag.contains('<'), "`<` inside a tag: {tag}");
                if let Some(name) = tag.strip_prefix('/') {
                    assert_eq!(stack.pop().as_deref(), Some(name), "mismatched close tag");
                } else {
                    let self_closing = tag.ends_with('/');
                    let tag = tag.trim_end_matches('/');
                    let name = tag.split_whitespace().next().expect("tag name");
                    assert!(name.chars().all(|c| c.is_ascii_alphanumeric()), "bad name {name}");
                    check_attributes(&tag[name.len()..]);
                    if stack.is_empty() {
                        roots += 1;
                    }
                    if !self_closing {
                        stack.push(name.to_owned());
                    }
                }
                rest = &tag_start[end + 1..];
            } else {
                let end = rest.find('<').unwrap_or(rest.len());
                check_text(&rest[..end]);
                if stack.is_empty() {
                    assert!(rest[..end].trim().is_empty(), "text outside the root");
                }
                rest = &rest[end..];
            }
        }
        assert!(stack.is_empty(), "unclosed elements: {stack:?}");
        assert_eq!(roots, 1, "one root element");
    }

    fn check_attributes(mut attributes: &str) {
        loop {
            attributes = attributes.trim_start();
            if attributes.is_empty() {
                return;
            }
            let eq = attributes.find("=\"").expect("attribute without quoted value");
            let name = &attributes[..eq];
            assert!(
                name.chars().all(|c| c.is_ascii_alphanumeric()),
                "bad attribute {name}"
            );
            let value_start = &attributes[eq + 2..];
            let close = value_start.find('"').expect("unterminated attribute");
            check_text(&value_start[..close]);
            attributes = &value_start[close + 1..];
        }
    }

    fn check_text(text: &str) {
        let mut parts = text.split('&');
        parts.next();
        for part in parts {
            let entity = &part[..part.find(';').expect("`&` without `;`")];
            let known = ["amp", "lt", "gt", "quot", "apos"].contains(&entity)
                || entity.strip_prefix('#').is_some_and(|n| n.parse::<u32>().is_ok());
            assert!(known, "unknown entity &{entity};");
        }
    }
}
