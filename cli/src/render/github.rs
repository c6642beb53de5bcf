//! `--format github`: GitHub Actions workflow commands, one per finding,
//! which the runner turns into annotations on the changed lines:
//!
//! ```text
//! ::error file=data/x.ron,line=40,col=15,endLine=40,endColumn=19,title=tally breakdown-sum-mismatch::message%0Ahelp: …
//! ```
//!
//! `warning` findings become `::warning`, `info` findings `::notice`.
//! Findings without a file carry only the title. `endColumn` is one past the
//! last character, as in the JSON output; `col` and `endColumn` are left out
//! for a span over several lines, as GitHub takes columns only on one line. Then what rules printed and the
//! summary line, as plain text.

use std::io;

use tally_engine::{Finding, Report, Severity};

use super::{summary_line, RenderOptions};

/// Writes the workflow commands and the summary.
pub(super) fn render(report: &Report, options: &RenderOptions, out: &mut dyn io::Write) -> io::Result<()> {
    for finding in &report.findings {
        writeln!(out, "{}", command(finding))?;
    }
    if !report.prints.is_empty() {
        writeln!(out, "printed by rules:")?;
        for line in &report.prints {
            // A printed line must not be taken for a workflow command.
            writeln!(out, "  {}", escape_data(line))?;
        }
    }
    writeln!(out, "{}", summary_line(report, options))
}

fn command(finding: &Finding) -> String {
    let name = match finding.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let mut properties = Vec::new();
    if let Some(site) = &finding.site {
        let l = &site.location;
        properties.push(format!(
            "file={}",
            escape_property(&site.source.name.replace('\\', "/"))
        ));
        properties.push(format!("line={}", l.line));
        // GitHub takes columns only for a span on one line.
        if l.end_line == l.line {
            properties.push(format!("col={}", l.column));
        }
        properties.push(format!("endLine={}", l.end_line));
        if l.end_line == l.line {
            properties.push(format!("endColumn={}", l.end_column));
        }
    }
    properties.push(format!(
        "title={}",
        escape_property(&format!("tally {}", finding.rule))
    ));

    let mut message = finding.message.clone();
    if let Some(help) = &finding.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    for note in &finding.notes {
        message.push_str("\nnote: ");
        message.push_str(note);
    }
    format!("::{name} {}::{}", properties.join(","), escape_data(&message))
}

/// Escapes a command's message: `%`, `\r`, `\n`.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value: as a message, plus `:` and `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::super::{fixture, sample_report, Format, RenderOptions};
    use super::*;

    fn output(report: &Report, options: &RenderOptions) -> String {
        fixture::rendered(Format::Github, report, options)
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
    fn escaping() {
        assert_eq!(escape_data("50%\r\nx: a, b"), "50%25%0D%0Ax: a, b");
        assert_eq!(escape_property("50%\nx: a, b"), "50%25%0Ax%3A a%2C b");
    }

    #[test]
    fn one_line_per_finding() {
        let (report, _) = sample_report();
        let text = output(&report, &RenderOptions::default());
        let commands = text.lines().filter(|l| l.starts_with("::")).count();
        assert_eq!(commands, report.findings.len());
        assert!(text.ends_with("3 errors, 2 warnings, 1 info in 2 files, 4 rules (4 ms)\n"));
        let empty = output(&fixture::empty_report(), &RenderOptions::default());
        assert_eq!(empty, "no findings in 1 file, 1 rule (1 ms)\n");
    }
}
