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
use tally_engine::Project;

use crate::args::{self, TestArgs, TestFormat};
use crate::{Exit, Failure};

/// Runs `tally test`.
pub fn run(args: &TestArgs, color: bool) -> Result<Exit, Failure> {
    let project = args::discover()?;
    let rules_dir = project.rules_dir(args.project.rules.as_deref());
    let options = Options {
        limits: project.limits(),
        only: args.ids.clone(),
        base: Some(project.cwd().to_path_buf()),
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
                let _ = writeln!(updates, "updated {shown}");
                write_diff(&mut updates, &case.diff, &shown, "found (recorded now)");
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
            text.push_str(&human(&suite, &project, &rules_dir, color, updated));
            text
        }
        TestFormat::Junit => {
            if !updates.is_empty() {
                let _ = std::io::stderr().write_all(updates.as_bytes());
            }
            junit(&suite, &project)
        }
    };
    let mut out = std::io::stdout().lock();
    super::reader_may_go(out.write_all(text.as_bytes()).and_then(|()| out.flush()))?;
    Ok(exit)
}

/// `--- expected`, `+++ found`, then `- …` and `+ …` lines.
fn write_diff(out: &mut String, diff: &Diff, expected_file: &str, found: &str) {
    write_diff_indented(out, diff, expected_file, found, INDENT);
}

/// Under a case's line.
const INDENT: &str = "        ";

fn write_diff_indented(out: &mut String, diff: &Diff, expected_file: &str, found: &str, indent: &str) {
    if diff.is_empty() {
        return;
    }
    let _ = writeln!(out, "{indent}--- expected ({expected_file})");
    let _ = writeln!(out, "{indent}+++ {found}");
    for e in &diff.missing {
        let _ = writeln!(out, "{indent}- {}", e.to_line());
    }
    for e in &diff.unexpected {
        let _ = writeln!(out, "{indent}+ {}", e.to_line());
    }
}

struct Paint {
    color: bool,
}

impl Paint {
    fn status(&self, word: &str) -> String {
        let padded = format!("{word:<7}");
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
) -> String {
    let paint = Paint { color };
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
                "{}{}: the rule cannot be used, its fixtures were not run",
                paint.status("ERROR"),
                rule.id
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
            "{}{}: no rule has the id `{orphan}`; rename the folder to its rule's id, or remove it",
            paint.status("FAIL"),
            project.shown(&rules_dir.join(fixtures::FIXTURES_DIR).join(orphan))
        );
    }
    if !out.is_empty() {
        out.push('\n');
    }
    let _ = writeln!(out, "{}", summary(suite, updated));
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
                CaseKind::Fail => format!("  {}", render::plural(case.found.len(), "finding", "findings")),
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
                write_diff(out, &case.diff, &expected, "found");
            }
            match case.case.kind {
                CaseKind::Pass => {
                    let _ = writeln!(
                        out,
                        "        see them with `tally check {} --select {}`",
                        project.shown(&case.case.path),
                        case.case.rule
                    );
                }
                CaseKind::Fail if case.has_expectations => {
                    let _ = writeln!(
                        out,
                        "        if the rule is right now, `tally test {} --update` records what it finds in `{expected}`",
                        case.case.rule
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
fn summary(suite: &Suite, updated: usize) -> String {
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
    let mut parts = vec![format!("{passed} passed")];
    if updated > 0 {
        parts.push(format!("{updated} updated"));
    }
    if failed > 0 {
        parts.push(format!("{failed} failed"));
    }
    if trouble > 0 {
        parts.push(format!("{trouble} could not run"));
    }
    let mut line = format!(
        "{}, {}: {}",
        render::plural(suite.rules.len(), "rule", "rules"),
        render::plural(cases.len(), "fixture", "fixtures"),
        parts.join(", ")
    );
    let broken = suite.rules.iter().filter(|r| r.meta.is_err()).count();
    let problems = suite.rules.iter().map(|r| r.problems.len()).sum::<usize>() + suite.orphans.len();
    let mut notes = Vec::new();
    if broken > 0 {
        notes.push(format!(
            "{} cannot be used",
            render::plural(broken, "rule", "rules")
        ));
    }
    if problems > 0 {
        notes.push(render::plural(problems, "fixture problem", "fixture problems"));
    }
    if !notes.is_empty() {
        line.push_str("; ");
        line.push_str(&notes.join(", "));
    }
    let _ = write!(line, " ({} ms)", suite.elapsed.as_millis());
    line
}

/// JUnit XML: `<testsuites>` with one `<testsuite>` per rule, one
/// `<testcase>` per fixture (a `<failure>` for a failed case, an `<error>`
/// for one that could not run), and a `fixtures` test case for layout
/// problems.
fn junit(suite: &Suite, project: &Project) -> String {
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
                        &project.shown(&case.case.expected),
                        "found",
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
            "  <testsuite name=\"fixtures/{o}\" tests=\"1\" failures=\"1\" errors=\"0\">\n    <testcase classname=\"fixtures\" name=\"{o}\">\n      <failure message=\"no rule has this id\">no rule has the id `{o}`</failure>\n    </testcase>\n  </testsuite>\n",
            o = render::xml_escape(orphan)
        );
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"tally test\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" time=\"{:.3}\">\n{body}</testsuites>\n",
        suite.elapsed.as_secs_f64()
    )
}
