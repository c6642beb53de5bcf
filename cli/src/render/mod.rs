//! Renderers: one module per `--format`.
//!
//! Every renderer reads the same [`Report`] (plain data: rule id, severity,
//! message, help, site, related sites, figures) and writes the whole output
//! to an [`io::Write`]. They never print on their own and never fail except
//! on a write error.
//!
//! Wall times are printed as measured when [`RenderOptions::show_elapsed`]
//! is set; when it is not, every time is rendered as zero (and the human and
//! GitHub summaries leave the `(4 ms)` out), so that output is byte-for-byte
//! reproducible. End-to-end snapshot tests may instead keep the times and
//! filter them with insta filters.

mod cut;
mod github;
mod gitlab;
mod html;
mod human;
mod json;
mod junit;
mod sarif;
mod screen;

use std::io;
use std::path::Path;
use std::time::Duration;

use tally_engine::{Builtin, Catalogue, Report, Severity};
use tally_engine::{DataFile, RuleMeta};

/// An output format of `tally check`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    /// miette's graphical report, then one summary line.
    #[default]
    Human,
    /// One JSON document (schema in the `json` module).
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// JUnit XML, for CI test tabs.
    Junit,
    /// GitHub Actions workflow commands (`::error file=…::…`).
    Github,
    /// The GitLab Code Quality report (a JSON array of issues).
    Gitlab,
    /// One self-contained HTML page: the tables coloured where the
    /// findings are, and the findings.
    Html,
    /// A copy of the checked tables as an .xlsx workbook, the cells with
    /// findings marked, and a first sheet listing them (needs `--output`).
    Xlsx,
}

/// What renderers need besides the report.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions<'a> {
    /// Metadata of the rules that ran (SARIF's `tool.driver.rules`, JUnit's test cases).
    pub rules: &'a [RuleMeta],
    /// Whether to use ANSI colors (human format only).
    pub color: bool,
    /// Terminal width for wrapping (human format only).
    pub width: usize,
    /// Whether to print measured wall times; `false` renders them as zero.
    pub show_elapsed: bool,
    /// Whether to print the time per rule (human format only).
    pub stats: bool,
    /// The directory that relative file names are relative to (SARIF's
    /// `%SRCROOT%`); `None` leaves the base undeclared.
    pub base: Option<&'a Path>,
    /// Whether to list the findings that `tally: allow` comments silenced
    /// (human, JSON and SARIF formats).
    pub show_suppressed: bool,
    /// The data files as checked (`Engine::data_files`), for the formats
    /// that show the tables themselves (HTML).
    pub files: &'a [DataFile],
    /// The project's name (HTML header).
    pub project: &'a str,
    /// When the check ran, as shown (HTML header); empty leaves it out.
    pub generated: &'a str,
    /// The language of the words the format itself writes (HTML).
    pub lang: Lang,
}

impl Default for RenderOptions<'_> {
    fn default() -> Self {
        RenderOptions {
            rules: &[],
            color: false,
            width: 80,
            show_elapsed: true,
            stats: false,
            base: None,
            show_suppressed: false,
            files: &[],
            project: "",
            generated: "",
            lang: Lang::En,
        }
    }
}

impl RenderOptions<'_> {
    /// `elapsed`, or zero when times are hidden.
    fn time(&self, elapsed: Duration) -> Duration {
        if self.show_elapsed {
            elapsed
        } else {
            Duration::ZERO
        }
    }
}

/// Writes `report` in `format` to `out`.
pub fn render(
    format: Format,
    report: &Report,
    options: &RenderOptions,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::render(report, options, out),
        Format::Json => json::render(report, options, out),
        Format::Sarif => sarif::render(report, options, out),
        Format::Junit => junit::render(report, options, out),
        Format::Github => github::render(report, options, out),
        Format::Gitlab => gitlab::render(report, options, out),
        Format::Html => html::render(report, options, out),
        Format::Xlsx => Err(io::Error::other(
            tally_engine::Catalogue::new(options.lang).text("render-xlsx-needs-output", &[]),
        )),
    }
}

pub use html::Lang;
pub use human::localize_help;
pub use junit::escape as xml_escape;
pub use screen::{escape_controls, Screen};

/// `1 error` / `2 errors`: the one plural of tally's output.
pub fn plural(count: usize, singular: &str, plural: &str) -> String {
    if count == 1 {
        format!("{count} {singular}")
    } else {
        format!("{count} {plural}")
    }
}

/// The one summary line of the human and GitHub formats, without newline:
/// `3 errors, 1 warning, 0 infos in 7 files, 12 rules (4 ms)` or
/// `no findings in 7 files, 12 rules (4 ms)`; then, when there are any,
/// the suppressed findings and those a baseline accepted:
/// `… 12 rules; 2 suppressed, 5 in the baseline, 1 gone from it (4 ms)`
/// (with a baseline, `no new findings`).
pub fn summary_line(report: &Report, options: &RenderOptions) -> String {
    summary_in(report, options, &Catalogue::new(options.lang))
}

/// [`summary_line`] with the catalogue at hand.
pub fn summary_in(report: &Report, options: &RenderOptions, t: &Catalogue) -> String {
    let count = |key: &str, n: usize| t.text(key, &[("count", n.into())]);
    let counts = if report.findings.is_empty() && report.baseline.is_some() {
        t.text("summary-no-new-findings", &[])
    } else if report.findings.is_empty() {
        t.text("summary-no-findings", &[])
    } else {
        t.text(
            "summary-counts",
            &[
                (
                    "errors",
                    count("summary-errors", report.count(Severity::Error)).into(),
                ),
                (
                    "warnings",
                    count("summary-warnings", report.count(Severity::Warning)).into(),
                ),
                (
                    "infos",
                    count("summary-infos", report.count(Severity::Info)).into(),
                ),
            ],
        )
    };
    let mut line = t.text(
        "summary-line",
        &[
            ("counts", counts.into()),
            ("files", count("summary-files", report.files).into()),
            ("rules", count("summary-rules", report.rules).into()),
        ],
    );
    let mut extra = Vec::new();
    if let Some(untouched) = report.untouched.filter(|&n| n > 0) {
        extra.push(count("summary-untouched", untouched));
    }
    if !report.suppressed.is_empty() {
        extra.push(count("summary-suppressed", report.suppressed.len()));
    }
    if let Some(baseline) = &report.baseline {
        extra.push(count("summary-baselined", baseline.matched.len()));
        let gone: usize = baseline.gone.iter().map(|e| e.count).sum();
        if gone > 0 {
            extra.push(count("summary-gone", gone));
        }
    }
    if !extra.is_empty() {
        let joined = extra.join(&t.text("summary-list-sep", &[]));
        line.push_str(&t.text("summary-extra", &[("extra", joined.into())]));
    }
    if options.show_elapsed {
        line = t.text(
            "summary-with-time",
            &[("line", line.into()), ("ms", report.elapsed.as_millis().into())],
        );
    }
    line
}

/// Whether a finding means the check itself failed (a broken rule, an
/// unreadable file, an invalid config) rather than a defect in the data.
fn is_tool_error(rule: &str) -> bool {
    Builtin::from_id(rule).is_some_and(Builtin::is_tool_error)
}

/// A suppressed finding as shown with `--show-suppressed`: the finding
/// with a note saying which comment silenced it and why.
fn suppressed_finding(suppressed: &tally_engine::Suppressed, t: &Catalogue) -> tally_engine::Finding {
    let at = &suppressed.comment;
    let why = if suppressed.reason.is_empty() {
        t.text("report-no-reason", &[])
    } else {
        suppressed.reason.clone()
    };
    suppressed.finding.clone().with_note(t.text(
        "report-suppressed-note",
        &[
            ("file", at.source.name.as_str().into()),
            ("line", at.location.line.into()),
            ("why", why.into()),
        ],
    ))
}

/// A file name as a relative URI path: forward slashes, and every byte
/// outside RFC 3986's unreserved set (and `/`) percent-encoded.
fn uri_path(name: &str) -> String {
    let name = name.replace('\\', "/");
    let mut out = String::with_capacity(name.len());
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
pub(crate) use fixture::sample_report;

#[cfg(test)]
mod fixture {
    use std::path::PathBuf;
    use std::sync::Arc;
    use std::time::Duration;

    use tally_engine::Span;
    use tally_engine::{Builtin, Finding, Report, RuleStat, Severity, Site, SourceFile};
    use tally_engine::{RuleMeta, RuleOrigin};

    /// The targets table the fixture points into.
    pub(crate) const TARGETS: &str = r#"TargetTable(
    year: 2019,
    indicators: [
        (
            name: "规模以上工业增加值增长",
            unit: "%",
            line: 30,
            high: 35,
            breakdown: {
                "鹿城区": 38, "龙湾区": 12,
                "瓯海区": -,
            },
        ),
    ],
)
"#;

    /// The unit registry the fixture points into.
    pub(crate) const UNITS: &str = r#"UnitRegistry(
    units: [
        (name: "市发改委", kind: Department),
        (name: "鹿城区人民政府", kind: County),
    ],
)
"#;

    /// A rule script the fixture points into.
    pub(crate) const RULE: &str = r#"const ID = "breakdown-sum-mismatch";
const SEVERITY = "error";
const TITLE = "regional breakdown does not add up to the city line";

fn check(data) {
    loop { }
}
"#;

    /// The byte span of the `nth` (0-based) occurrence of `needle` in `text`.
    pub(crate) fn find(text: &str, needle: &str, nth: usize) -> Span {
        let start = text
            .match_indices(needle)
            .nth(nth)
            .unwrap_or_else(|| panic!("`{needle}` not in fixture"))
            .0;
        Span::new(start, start + needle.len())
    }

    fn meta(id: &str, severity: Severity, title: &str, explanation: &str) -> RuleMeta {
        RuleMeta {
            id: id.to_owned(),
            severity,
            title: title.to_owned(),
            explanation: explanation.to_owned(),
            origin: RuleOrigin::Script(PathBuf::from(format!("rules/{id}.rhai"))),
        }
    }

    /// A report with, in order after sorting: a finding without a site; a
    /// warning in `data/units.ron` with a related site in another file; an
    /// error with help, a same-file related site and figures, and an info,
    /// in `data/targets-2019.ron`; a `rule-error` in a `.rhai` file.
    pub(crate) fn sample_report() -> (Report, Vec<RuleMeta>) {
        let targets = Arc::new(SourceFile::new(
            "data/targets-2019.ron",
            "/project/data/targets-2019.ron",
            TARGETS,
        ));
        let units = Arc::new(SourceFile::new(
            "data/units.ron",
            "/project/data/units.ron",
            UNITS,
        ));
        let rule = Arc::new(SourceFile::new(
            "rules/breakdown-sum-mismatch.rhai",
            "/project/rules/breakdown-sum-mismatch.rhai",
            RULE,
        ));
        let breakdown = r#"{
                "鹿城区": 38, "龙湾区": 12,
                "瓯海区": -,
            }"#;

        let error = Finding::new(
            "breakdown-sum-mismatch",
            Severity::Error,
            "breakdown of `high` sums to 50, line is 35",
        )
        .at(Site::new(
            targets.clone(),
            find(TARGETS, breakdown, 0),
            Some("indicators[0].breakdown".to_owned()),
        ))
        .with_label("sums to 50")
        .with_help("correct the regional figures or the line; `瓯海区` is not assigned (`-`)")
        .with_related(
            "the line is 35",
            Site::new(
                targets.clone(),
                find(TARGETS, "35", 0),
                Some("indicators[0].high".to_owned()),
            ),
        )
        .with_data("sum", 50)
        .with_data("line", 35)
        .with_data("imbalance", 15);

        let over = Finding::new(
            "region-above-high",
            Severity::Warning,
            "`鹿城区` target 38 is above the high line 35",
        )
        .at(Site::new(
            targets.clone(),
            find(TARGETS, "38", 0),
            Some(r#"indicators[0].breakdown["鹿城区"]"#.to_owned()),
        ))
        .with_label("38 > 35");

        let info = Finding::new(
            "indicator-name-long",
            Severity::Info,
            "indicator name has 11 characters",
        )
        .at(Site::new(
            targets.clone(),
            find(TARGETS, "\"规模以上工业增加值增长\"", 0),
            Some("indicators[0].name".to_owned()),
        ))
        .with_label("名称")
        .with_note("names over 10 characters are shortened in the printed table");

        let warning = Finding::new(
            "unknown-unit",
            Severity::Warning,
            "unit `鹿城区人民政府` is not in the registry, 50% sure: \"a, b\"",
        )
        .at(Site::new(
            units.clone(),
            find(UNITS, "\"鹿城区人民政府\"", 0),
            Some("units[1].name".to_owned()),
        ))
        .with_help("did you mean `鹿城区政府`?")
        .with_related(
            "the region it belongs to",
            Site::new(targets.clone(), find(TARGETS, "\"鹿城区\"", 0), None),
        );

        let siteless = Finding::new(
            Builtin::Io.id(),
            Severity::Error,
            "cannot read `data/missing.ron`: no such file",
        );

        let broken = Finding::new(
            Builtin::RuleError.id(),
            Severity::Error,
            "rule `breakdown-sum-mismatch` exceeded the operation limit of 1000000",
        )
        .at(Site::new(rule.clone(), find(RULE, "loop", 0), None))
        .with_help("make the rule do less work per value, or raise `limits.operations` in `tally.ron`");

        let mut report = Report {
            findings: vec![broken, error, warning, over, info, siteless],
            files: 2,
            rules: 4,
            stats: vec![
                RuleStat {
                    rule: "breakdown-sum-mismatch".to_owned(),
                    elapsed: Duration::from_micros(2500),
                    findings: 1,
                    kept: 0,
                },
                RuleStat {
                    rule: "unknown-unit".to_owned(),
                    elapsed: Duration::from_micros(300),
                    findings: 1,
                    kept: 0,
                },
                RuleStat {
                    rule: "region-above-high".to_owned(),
                    elapsed: Duration::from_micros(1200),
                    findings: 1,
                    kept: 0,
                },
                RuleStat {
                    rule: "indicator-name-long".to_owned(),
                    elapsed: Duration::from_micros(150),
                    findings: 1,
                    kept: 0,
                },
            ],
            elapsed: Duration::from_millis(4),
            prints: vec!["unknown-unit: 2 units checked".to_owned()],
            ..Report::default()
        };
        report.sort();

        let rules = vec![
            meta(
                "breakdown-sum-mismatch",
                Severity::Error,
                "regional breakdown does not add up to the city line",
                "## What it checks\nThe regional figures of an additive indicator sum to its line.",
            ),
            meta(
                "indicator-name-long",
                Severity::Info,
                "indicator name is too long for the printed table",
                "## What it checks\nIndicator names have at most 10 characters.",
            ),
            meta(
                "region-above-high",
                Severity::Warning,
                "a region's target is above the high line",
                "## What it checks\nNo region's target exceeds the city's high line.",
            ),
            meta(
                "unknown-unit",
                Severity::Warning,
                "responsible unit is not in the registry",
                "## What it checks\nEvery responsible unit is listed in `data/units.ron`.",
            ),
        ];
        (report, rules)
    }

    /// An empty report: no finding, nothing printed.
    /// What `render` writes for `format`, as a string.
    pub(crate) fn rendered(format: super::Format, report: &Report, options: &super::RenderOptions) -> String {
        let mut out = Vec::new();
        super::render(format, report, options, &mut out).expect("writing to a Vec cannot fail");
        String::from_utf8(out).expect("renderers write UTF-8")
    }

    pub(crate) fn empty_report() -> Report {
        Report {
            findings: Vec::new(),
            files: 1,
            rules: 1,
            stats: Vec::new(),
            elapsed: Duration::from_millis(1),
            prints: Vec::new(),
            ..Report::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_counts_and_plurals() {
        let (report, _) = sample_report();
        let options = RenderOptions::default();
        assert_eq!(
            summary_line(&report, &options),
            "3 errors, 2 warnings, 1 info in 2 files, 4 rules (4 ms)"
        );
        let empty = fixture::empty_report();
        assert_eq!(
            summary_line(&empty, &options),
            "no findings in 1 file, 1 rule (1 ms)"
        );
        let hidden = RenderOptions {
            show_elapsed: false,
            ..options
        };
        assert_eq!(summary_line(&empty, &hidden), "no findings in 1 file, 1 rule");
    }

    #[test]
    fn uri_paths_are_encoded() {
        assert_eq!(uri_path(r"data\目标 1.ron"), "data/%E7%9B%AE%E6%A0%87%201.ron");
        assert_eq!(uri_path("data/targets-2019.ron"), "data/targets-2019.ron");
    }
}
