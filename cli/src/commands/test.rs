//! `tally test`: every rule against its fixtures (see
//! [`tally_engine::fixtures`] for the layout and the expectation format).
//!
//! Human output: one line per case (`ok`, `FAIL`, `ERROR`, `UPDATED`), the
//! difference under each failed case (`-` expected but not found, `+`
//! found but not expected), broken rules rendered like `tally check`
//! renders them, then one summary line. `--format junit`: a test suite per
//! rule, a test case per fixture. Exit codes: 0 all pass, 1 a fixture fails
//! or the fixtures' layout has a problem (a rule without fixtures), 2 the
//! tests could not be run (a rule that does not compile, a malformed
//! expectation file).
//!
//! `--update` rewrites the expectation file of each fail case whose
//! findings differ, after printing the difference (to stderr with
//! `--format junit`). It never writes for a case that could not run, nor
//! for one where the rule finds nothing (a fail fixture must make the rule
//! report), and never touches pass cases.

use std::fmt::Write as _;
use std::io::Write as _;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};
use tally_engine::fixtures::{self, CaseKind, CaseResult, Diff, Options, Suite, Verdict};

use tally::render;
use tally_engine::{Catalogue, Project};

use crate::args::{self, TestArgs, TestFormat};
use crate::{Exit, Failure};

/// Runs `tally test`.
pub fn run(args: &TestArgs, color: bool, t: &Catalogue) -> Result<Exit, Failure> {
    let project = args::discover(t)?;
    let rules_dir = project.rules_dir(args.project.rules.as_deref());
    let options = Options {
        limits: project.limits(),
        only: args.ids.clone(),
        base: Some(project.cwd().to_path_buf()),
        lang: t.lang(),
    };
    let mut suite = fixtures::run(&rules_dir, &options)?;

    let mut updates = String::new();
    let mut updated = 0;
    if args.update {
        for rule in &mut suite.rules {
            for case in &mut rule.cases {
                if !case.updatable() {
                    continue;
                }
                let text = fixtures::format_expectations(&case.case, &case.found);
                let shown = project.shown(&case.case.expected);
                crate::write::replace(&project, &case.case.expected, &text)?;
                let _ = writeln!(
                    updates,
                    "{}",
                    t.text("test-updated-file", &[("file", shown.as_str().into())])
                );
                write_diff(
                    &mut updates,
                    &case.diff,
                    &shown,
                    &t.text("test-found-recorded", &[]),
                    t,
                );
                updates.push('\n');
                case.expected = case.found.clone();
                case.has_expectations = true;
                case.diff = Diff::default();
                case.verdict = Verdict::Passed;
                updated += 1;
            }
        }
    }

    let exit = if suite.has_trouble() {
        Exit::Trouble
    } else if suite.has_failures() {
        Exit::Findings
    } else {
        Exit::Clean
    };
    let text = match args.format {
        TestFormat::Human => {
            let mut text = updates;
            text.push_str(&human(&suite, &project, &rules_dir, color, updated, t));
            text
        }
        TestFormat::Junit => {
            if !updates.is_empty() {
                let _ = std::io::stderr().write_all(updates.as_bytes());
            }
            junit(&suite, &project, t)
        }
    };
    let mut out = std::io::stdout().lock();
    super::reader_may_go(out.write_all(text.as_bytes()).and_then(|()| out.flush()))?;
    Ok(exit)
}

/// `--- expected`, `+++ found`, then `- …` and `+ …` lines.
fn write_diff(out: &mut String, diff: &Diff, expected_file: &str, found: &str, t: &Catalogue) {
    let expected = t.text("test-expected", &[("file", expected_file.into())]);
    write_diff_indented(out, diff, &expected, found, INDENT);
}

/// Under a case's line.
const INDENT: &str = "        ";

fn write_diff_indented(out: &mut String, diff: &Diff, expected: &str, found: &str, indent: &str) {
    if diff.is_empty() {
        return;
    }
    let _ = writeln!(out, "{indent}--- {expected}");
    let _ = writeln!(out, "{indent}+++ {found}");
    for e in &diff.missing {
        let _ = writeln!(out, "{indent}- {}", e.to_line());
    }
    for e in &diff.unexpected {
        let _ = writeln!(out, "{indent}+ {}", e.to_line());
    }
}

struct Paint<'t> {
    color: bool,
    t: &'t Catalogue,
}

impl Paint<'_> {
    /// `ok`, `FAIL`, `ERROR` or `UPDATED` in the interface language,
    /// padded to 7 columns.
    fn status(&self, word: &str) -> String {
        let key = match word {
            "ok" => "test-ok",
            "UPDATED" => "test-updated",
            "FAIL" => "test-fail",
            _ => "test-error",
        };
        let text = self.t.text(key, &[]);
        let pad = 7usize.saturating_sub(unicode_width::UnicodeWidthStr::width(text.as_str()));
        let padded = format!("{text}{:pad$}", "");
        if !self.color {
            return padded;
        }
        let code = match word {
            "ok" => "32",
            "UPDATED" => "36",
            _ => "1;31",
        };
        format!("\u{1b}[{code}m{padded}\u{1b}[0m")
    }
}

fn human(
    suite: &Suite,
    project: &Project,
    rules_dir: &std::path::Path,
    color: bool,
    updated: usize,
    t: &Catalogue,
) -> String {
    let paint = Paint { color, t };
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(super::check::terminal_width())
        .with_links(false)
        .without_syntax_highlighting();
    let render = |finding: &tally_engine::Finding| {
        // As `tally check` shows it: control characters escaped.
        let finding = render::Screen::new().finding(finding);
        let finding = finding.as_ref();
        let mut text = String::new();
        if handler
            .render_report(&mut text, finding as &dyn Diagnostic)
            .is_err()
        {
            text = format!("{}: {}\n", finding.rule, finding.message);
        }
        text
    };

    let mut out = String::new();
    for rule in &suite.rules {
        if let Err(finding) = &rule.meta {
            let _ = writeln!(
                out,
                "{}{}: {}",
                paint.status("ERROR"),
                rule.id,
                t.text("test-rule-unusable", &[])
            );
            let _ = writeln!(out, "{}", render(finding));
        }
        for problem in &rule.problems {
            let _ = writeln!(out, "{}{}: {problem}", paint.status("FAIL"), rule.id);
        }
        for case in &rule.cases {
            write_case(&mut out, case, project, &paint, &render);
        }
    }
    for orphan in &suite.orphans {
        let _ = writeln!(
            out,
            "{}{}: {}",
            paint.status("FAIL"),
            project.shown(&rules_dir.join(fixtures::FIXTURES_DIR).join(orphan)),
            t.text("test-orphan", &[("id", orphan.as_str().into())])
        );
    }
    if !out.is_empty() {
        out.push('\n');
    }
    let _ = writeln!(out, "{}", summary(suite, updated, t));
    out
}

fn write_case(
    out: &mut String,
    case: &CaseResult,
    project: &Project,
    paint: &Paint,
    render: &dyn Fn(&tally_engine::Finding) -> String,
) {
    let name = format!("{}/{}", case.case.rule, case.case.name);
    match &case.verdict {
        Verdict::Passed => {
            let detail = match case.case.kind {
                CaseKind::Pass => String::new(),
                CaseKind::Fail => format!(
                    "  {}",
                    paint
                        .t
                        .text("check-findings", &[("count", case.found.len().into())])
                ),
            };
            let _ = writeln!(out, "{}{name}{detail}", paint.status("ok"));
        }
        Verdict::Failed(why) => {
            let _ = writeln!(out, "{}{name}: {why}", paint.status("FAIL"));
            let expected = project.shown(&case.case.expected);
            if case.case.kind == CaseKind::Pass || !case.has_expectations {
                for e in &case.found {
                    let _ = writeln!(out, "        + {}", e.to_line());
                }
            } else {
                write_diff(
                    out,
                    &case.diff,
                    &expected,
                    &paint.t.text("test-found", &[]),
                    paint.t,
                );
            }
            match case.case.kind {
                CaseKind::Pass => {
                    let _ = writeln!(
                        out,
                        "        {}",
                        paint.t.text(
                            "test-see-them",
                            &[
                                ("file", project.shown(&case.case.path).into()),
                                ("rule", case.case.rule.as_str().into())
                            ]
                        )
                    );
                }
                CaseKind::Fail if case.has_expectations => {
                    let _ = writeln!(
                        out,
                        "        {}",
                        paint.t.text(
                            "test-update-hint",
                            &[
                                ("rule", case.case.rule.as_str().into()),
                                ("file", expected.as_str().into())
                            ]
                        )
                    );
                }
                CaseKind::Fail => {}
            }
        }
        Verdict::Trouble(why) => {
            let _ = writeln!(out, "{}{name}: {why}", paint.status("ERROR"));
            for finding in &case.trouble {
                let _ = writeln!(out, "{}", render(finding));
            }
        }
    }
}

/// `11 rules, 25 fixtures: 24 passed, 1 failed (93 ms)`.
fn summary(suite: &Suite, updated: usize, t: &Catalogue) -> String {
    let cases: Vec<&CaseResult> = suite.cases().collect();
    let passed = cases.iter().filter(|c| c.verdict == Verdict::Passed).count();
    let failed = cases
        .iter()
        .filter(|c| matches!(c.verdict, Verdict::Failed(_)))
        .count();
    let trouble = cases
        .iter()
        .filter(|c| matches!(c.verdict, Verdict::Trouble(_)))
        .count();
    let count = |key: &str, n: usize| t.text(key, &[("count", n.into())]);
    let mut parts = vec![count("test-passed", passed)];
    if updated > 0 {
        parts.push(count("test-updated-count", updated));
    }
    if failed > 0 {
        parts.push(count("test-failed", failed));
    }
    if trouble > 0 {
        parts.push(count("test-could-not-run", trouble));
    }
    let sep = t.text("summary-list-sep", &[]);
    let mut line = t.text(
        "test-summary",
        &[
            ("rules", count("summary-rules", suite.rules.len()).into()),
            ("fixtures", count("test-fixtures", cases.len()).into()),
            ("parts", parts.join(&sep).into()),
        ],
    );
    let broken = suite.rules.iter().filter(|r| r.meta.is_err()).count();
    let problems = suite.rules.iter().map(|r| r.problems.len()).sum::<usize>() + suite.orphans.len();
    let mut notes = Vec::new();
    if broken > 0 {
        notes.push(t.text(
            "test-rules-unusable",
            &[("rules", count("summary-rules", broken).into())],
        ));
    }
    if problems > 0 {
        notes.push(count("test-fixture-problems", problems));
    }
    if !notes.is_empty() {
        line.push_str(&t.text("summary-extra", &[("extra", notes.join(&sep).into())]));
    }
    t.text(
        "summary-with-time",
        &[("line", line.into()), ("ms", suite.elapsed.as_millis().into())],
    )
}

/// JUnit XML: `<testsuites>` with one `<testsuite>` per rule, one
/// `<testcase>` per fixture (a `<failure>` for a failed case, an `<error>`
/// for one that could not run), and a `fixtures` test case for layout
/// problems.
fn junit(suite: &Suite, project: &Project, t: &Catalogue) -> String {
    let mut body = String::new();
    let (mut tests, mut failures, mut errors) = (0, 0, 0);
    let mut rule_suites: Vec<(&str, Vec<String>, usize, usize)> = Vec::new();
    for rule in &suite.rules {
        let mut cases = Vec::new();
        let (mut f, mut e) = (0, 0);
        if let Err(finding) = &rule.meta {
            e += 1;
            cases.push(format!(
                "    <testcase classname=\"{id}\" name=\"compile\">\n      <error message=\"{m}\">{m}</error>\n    </testcase>\n",
                id = render::xml_escape(&rule.id),
                m = render::xml_escape(&finding.message)
            ));
        }
        for problem in &rule.problems {
            f += 1;
            cases.push(format!(
                "    <testcase classname=\"{id}\" name=\"fixtures\">\n      <failure message=\"{m}\">{m}</failure>\n    </testcase>\n",
                id = render::xml_escape(&rule.id),
                m = render::xml_escape(problem)
            ));
        }
        for case in &rule.cases {
            let open = format!(
                "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\"",
                render::xml_escape(&rule.id),
                render::xml_escape(&case.case.name),
                render::xml_escape(&project.shown(&case.case.path))
            );
            match &case.verdict {
                Verdict::Passed => cases.push(format!("{open}/>\n")),
                Verdict::Failed(why) => {
                    f += 1;
                    let mut detail = String::new();
                    write_diff_indented(
                        &mut detail,
                        &case.diff,
                        &t.text(
                            "test-expected",
                            &[("file", project.shown(&case.case.expected).into())],
                        ),
                        &t.text("test-found", &[]),
                        "",
                    );
                    cases.push(format!(
                        "{open}>\n      <failure message=\"{}\">{}</failure>\n    </testcase>\n",
                        render::xml_escape(why),
                        render::xml_escape(detail.trim_end())
                    ));
                }
                Verdict::Trouble(why) => {
                    e += 1;
                    cases.push(format!(
                        "{open}>\n      <error message=\"{m}\">{m}</error>\n    </testcase>\n",
                        m = render::xml_escape(why)
                    ));
                }
            }
        }
        tests += cases.len();
        failures += f;
        errors += e;
        rule_suites.push((&rule.id, cases, f, e));
    }
    for (id, cases, f, e) in &rule_suites {
        let _ = write!(
            body,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{f}\" errors=\"{e}\">\n{}  </testsuite>\n",
            render::xml_escape(id),
            cases.len(),
            cases.concat()
        );
    }
    for orphan in &suite.orphans {
        tests += 1;
        failures += 1;
        let _ = write!(
            body,
            "  <testsuite name=\"fixtures/{o}\" tests=\"1\" failures=\"1\" errors=\"0\">\n    <testcase classname=\"fixtures\" name=\"{o}\">\n      <failure message=\"{m}\">{d}</failure>\n    </testcase>\n  </testsuite>\n",
            o = render::xml_escape(orphan),
            m = render::xml_escape(&t.text("junit-orphan", &[])),
            d = render::xml_escape(&t.text("junit-orphan-detail", &[("id", orphan.into())]))
        );
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"tally test\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" time=\"{:.3}\">\n{body}</testsuites>\n",
        suite.elapsed.as_secs_f64()
    )
}
