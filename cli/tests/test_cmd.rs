//! End-to-end tests of `tally test`: the real binary on scratch projects
//! with a rule, its fixtures and expectation files.

use crate::util::{stable, Run, Scratch};

const RULE: &str = r#"//! ## What it checks
//! Every regional figure of a `Sales` table is at least 0.
//!
//! ## Why it matters
//! Sales cannot be negative; a minus sign is a typing slip.
//!
//! ## Example
//! ```ron
//! Sales(regions: {"鹿城区": -1})
//! ```
//! Instead:
//! ```ron
//! Sales(regions: {"鹿城区": 1})
//! ```
const ID = "negative-sales";
const SEVERITY = "error";
const TITLE = "a regional figure is negative";

fn check(data) {
    for t in tables("Sales") {
        for region in t.regions.keys() {
            let v = t.regions[region];
            if v != () && v < param("min", 0) {
                report(v, `${region}的销售额 ${figure(v)} 为负数`, #{ help: "核对该地区的数" });
            }
        }
    }
}
"#;

const PASS: &str = "Sales(\n    regions: {\n        \"鹿城区\": 1,\n        \"龙湾区\": 2,\n    },\n)\n";

const FAIL: &str = "Sales(\n    regions: {\n        \"鹿城区\": -1,\n        \"龙湾区\": 2,\n        \"瓯海区\": -3.5,\n    },\n)\n";

const EXPECTED: &str = "# what fail.ron yields\n\
fail.ron:3:16: negative-sales: 鹿城区的销售额 -1 为负数\n\
fail.ron:5:16: negative-sales: 瓯海区的销售额 -3.5 为负数\n";

/// A project with the rule, a pass and a fail fixture and the fail
/// fixture's expectations, all passing.
fn project() -> Scratch {
    let p = Scratch::new();
    p.write("rules/negative-sales.rhai", RULE)
        .write("rules/fixtures/negative-sales/pass.ron", PASS)
        .write("rules/fixtures/negative-sales/fail.ron", FAIL)
        .write("rules/fixtures/negative-sales/fail.expected", EXPECTED);
    p
}

fn out(run: &Run) -> String {
    stable(&run.stdout)
}

#[test]
fn fixtures_that_meet_their_expectations_pass_with_exit_0() {
    let run = project().run(&["test"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    insta::assert_snapshot!("test_passing", out(&run));
}

#[test]
fn a_finding_that_moved_fails_with_the_difference_and_update_rewrites_the_expectations() {
    let p = project();
    // The fixture changes: 鹿城区 is fine now, 龙湾区 is negative.
    let changed = FAIL.replace("-1,", "1,").replace("2,", "-2,");
    p.write("rules/fixtures/negative-sales/fail.ron", &changed);
    let run = p.run(&["test"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    insta::assert_snapshot!("test_failing_diff", out(&run));

    let update = p.run(&["test", "--update"]);
    assert_eq!(update.code, 0, "{}{}", update.stdout, update.stderr);
    insta::assert_snapshot!("test_update", out(&update));
    insta::assert_snapshot!(
        "test_updated_expectations",
        p.read("rules/fixtures/negative-sales/fail.expected")
    );
    assert_eq!(
        p.read("rules/fixtures/negative-sales/fail.ron"),
        changed,
        "--update writes expectations only, never the fixture"
    );
    assert_eq!(p.run(&["test"]).code, 0, "passes after the update");
}

#[test]
fn a_fail_fixture_without_expectations_fails_and_update_records_them() {
    let p = project();
    std::fs::remove_file(p.path().join("rules/fixtures/negative-sales/fail.expected")).expect("rm");
    let run = p.run(&["test"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("FAIL   negative-sales/fail: no `fail.expected`"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("        + fail.ron:3:16: negative-sales: 鹿城区的销售额 -1 为负数"),
        "{}",
        run.stdout
    );
    assert_eq!(p.run(&["test", "--update"]).code, 0);
    let written = p.read("rules/fixtures/negative-sales/fail.expected");
    assert!(written.starts_with("# `tally test`"), "{written}");
    assert!(
        written.ends_with("fail.ron:3:16: negative-sales: 鹿城区的销售额 -1 为负数\nfail.ron:5:16: negative-sales: 瓯海区的销售额 -3.5 为负数\n"),
        "{written}"
    );
}

#[test]
fn a_pass_fixture_with_a_finding_fails_and_update_does_not_hide_it() {
    let p = project();
    p.write(
        "rules/fixtures/negative-sales/pass.ron",
        &PASS.replace("2,", "-2,"),
    );
    for args in [&["test"][..], &["test", "--update"]] {
        let run = p.run(args);
        assert_eq!(run.code, 1, "{args:?}: {}", run.stdout);
        assert!(
            run.stdout.contains(
                "FAIL   negative-sales/pass: a pass fixture yields no finding, and this one yields 1 finding"
            ),
            "{}",
            run.stdout
        );
        assert!(
            run.stdout
                .contains("+ pass.ron:4:16: negative-sales: 龙湾区的销售额 -2 为负数"),
            "{}",
            run.stdout
        );
    }
    assert!(!p
        .path()
        .join("rules/fixtures/negative-sales/pass.expected")
        .exists());
}

#[test]
fn a_fail_fixture_the_rule_does_not_report_fails_and_is_not_updated() {
    let p = project();
    p.write("rules/fixtures/negative-sales/fail.ron", PASS);
    let run = p.run(&["test", "--update"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.contains("2 missing"), "{}", run.stdout);
    assert_eq!(
        p.read("rules/fixtures/negative-sales/fail.expected"),
        EXPECTED,
        "a fail fixture must make the rule report: nothing to record"
    );
}

#[test]
fn an_expectation_that_names_no_finding_of_the_rule_fails() {
    let p = project();
    p.write("rules/fixtures/negative-sales/fail.expected", "# nothing\n");
    let run = p.run(&["test"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains(
            "a fail fixture expects at least one finding of `negative-sales`; `fail.expected` lists none"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn a_rule_without_fixtures_is_reported_and_fails() {
    let p = project();
    p.write("rules/lonely.rhai", &RULE.replace("negative-sales", "lonely"));
    let run = p.run(&["test"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("test_without_fixtures", out(&run));
}

#[test]
fn fixture_layout_problems_are_reported() {
    let p = project();
    p.write("rules/fixtures/negative-sales/example.ron", PASS)
        .write("rules/fixtures/negative-sales/pass.expected", EXPECTED)
        .write("rules/fixtures/negative-sales/fail-old.expected", EXPECTED)
        .write("rules/fixtures/removed-rule/fail.ron", FAIL)
        .write(
            "rules/fixtures/negative-sales/notes.md",
            "not a fixture, left alone\n",
        );
    let run = p.run(&["test"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("test_layout_problems", out(&run));
}

#[test]
fn a_rule_that_does_not_compile_is_exit_2() {
    let p = project();
    p.write(
        "rules/broken.rhai",
        "const ID = \"broken\";\nfn check(data) {\n    let x = ;\n}\n",
    );
    let run = p.run(&["test"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    insta::assert_snapshot!("test_broken_rule", out(&run));
    // The other rules' fixtures still ran.
    assert!(
        run.stdout.contains("ok     negative-sales/fail  2 findings"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_rule_that_fails_at_run_time_is_exit_2() {
    let p = project();
    p.write(
        "rules/negative-sales.rhai",
        &RULE.replace("for t in tables", "throw \"boom\";\n    for t in tables"),
    );
    let run = p.run(&["test"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("ERROR  negative-sales/pass: rule `negative-sales` failed: boom"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("rules/negative-sales.rhai:20:5"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_malformed_expectation_file_is_exit_2_with_its_line() {
    let p = project();
    p.write(
        "rules/fixtures/negative-sales/fail.expected",
        "# header\nfail.ron:3:16: negative-sales: ok\nfail.ron line 5: oops\n",
    );
    let run = p.run(&["test"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stdout.contains(
            "ERROR  negative-sales/fail: rules/fixtures/negative-sales/fail.expected:3: expected `FILE:LINE:COLUMN: RULE: MESSAGE`"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn ids_choose_rules_and_an_unknown_id_is_exit_2() {
    let p = project();
    p.write("rules/lonely.rhai", &RULE.replace("negative-sales", "lonely"));
    let run = p.run(&["test", "negative-sales"]);
    assert_eq!(
        run.code, 0,
        "the rule without fixtures is not run: {}",
        run.stdout
    );
    assert!(
        run.stdout.contains("1 rule, 2 fixtures: 2 passed"),
        "{}",
        run.stdout
    );
    let run = p.run(&["test", "negative-sale"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean `negative-sales`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn junit_has_a_suite_per_rule_and_a_case_per_fixture() {
    let p = project();
    p.write("rules/lonely.rhai", &RULE.replace("negative-sales", "lonely"));
    p.write(
        "rules/fixtures/negative-sales/fail.ron",
        &FAIL.replace("-1,", "1,"),
    );
    let run = p.run(&["test", "--format", "junit"]);
    assert_eq!(run.code, 1);
    let mut reader = quick_xml::Reader::from_str(&run.stdout);
    let (mut suites, mut cases, mut failures) = (0, 0, 0);
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                match e.name().as_ref() {
                    b"testsuite" => suites += 1,
                    b"testcase" => cases += 1,
                    b"failure" => failures += 1,
                    _ => {}
                }
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    // lonely: its missing fixtures; negative-sales: pass, and fail (changed).
    assert_eq!((suites, cases, failures), (2, 3, 2), "{}", run.stdout);
    let xml = regex_free_time(&run.stdout);
    insta::assert_snapshot!("test_junit", xml);
}

/// `time="0.123"` → `time="[time]"`.
fn regex_free_time(xml: &str) -> String {
    match xml.find(" time=\"") {
        Some(i) => {
            let rest = &xml[i + 7..];
            let end = rest.find('"').expect("closing quote");
            format!("{} time=\"[time]\"{}", &xml[..i], &rest[end + 1..])
        }
        None => xml.to_owned(),
    }
}

#[test]
fn expectation_files_are_never_read_as_data() {
    let p = project();
    let run = p.run(&[
        "check",
        "rules/fixtures/negative-sales",
        "--select",
        "negative-sales",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1);
    let json = run.json();
    assert_eq!(json["summary"]["files"], 2, "pass.ron and fail.ron only");
    assert_eq!(json["summary"]["errors"], 2);
}

#[test]
fn a_folder_fixture_sees_only_its_own_files() {
    let p = project();
    // A rule that needs a registry: every region of a Sales table is registered.
    p.write(
        "rules/unknown-sales-region.rhai",
        r#"//! ## What it checks
//! Regions are registered.
//!
//! ## Why it matters
//! x
//!
//! ## Example
//! x
//! Instead:
//! x
const ID = "unknown-sales-region";
const SEVERITY = "error";
const TITLE = "region not registered";

fn check(data) {
    let known = registry(table("Regions").names);
    for t in tables("Sales") {
        for region in t.regions.keys() {
            if !known.contains(region) {
                report_key(t.regions, region, `地区 ${region} 未登记`, #{ help: "登记该地区" });
            }
        }
    }
}
"#,
    )
    .write(
        "rules/fixtures/unknown-sales-region/pass/regions.ron",
        "Regions(names: [\"鹿城区\", \"龙湾区\"])\n",
    )
    .write("rules/fixtures/unknown-sales-region/pass/sales.ron", PASS)
    .write(
        "rules/fixtures/unknown-sales-region/fail/regions.ron",
        "Regions(names: [\"鹿城区\"])\n",
    )
    .write("rules/fixtures/unknown-sales-region/fail/sales.ron", PASS)
    .write(
        "rules/fixtures/unknown-sales-region/fail.expected",
        "fail/sales.ron:4:9: unknown-sales-region: 地区 龙湾区 未登记\n",
    )
    // Data of the project that a fixture must not see.
    .write("data/regions.ron", "Regions(names: [])\n");
    let run = p.run(&["test", "unknown-sales-region"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains("ok     unknown-sales-region/fail  1 finding"),
        "{}",
        run.stdout
    );
}

#[test]
fn suppressions_in_fixtures_work_as_in_check() {
    let p = project();
    let suppressed = FAIL.replace(
        "\"鹿城区\": -1,",
        "\"鹿城区\": -1, // tally: allow(negative-sales) 退货冲减，原表如此",
    );
    p.write("rules/fixtures/negative-sales/fail.ron", &suppressed);
    let run = p.run(&["test"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("- fail.ron:3:16: negative-sales: 鹿城区的销售额 -1 为负数"),
        "{}",
        run.stdout
    );
    // A stale suppression is a finding of the fixture too.
    p.write(
        "rules/fixtures/negative-sales/pass.ron",
        &PASS.replace(
            "\"鹿城区\": 1,",
            "\"鹿城区\": 1, // tally: allow(negative-sales) 已改正",
        ),
    );
    let run = p.run(&["test"]);
    assert!(
        run.stdout
            .contains("+ pass.ron:3:19: unused-suppression: `tally: allow(negative-sales)` silences nothing"),
        "{}",
        run.stdout
    );
}

#[test]
fn fixtures_run_with_the_rules_defaults_and_the_projects_bounds() {
    let p = project();
    // Parameters tune the rule for the data, not for its fixtures.
    p.write(
        "tally.ron",
        "Config(params: {\"negative-sales\": {\"min\": -10}})\n",
    );
    assert_eq!(p.run(&["test"]).code, 0);
    // The sandbox bounds apply.
    p.write("tally.ron", "Config(limits: (max_operations: 5))\n");
    let run = p.run(&["test"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stdout.contains("exceeded 5 operations"), "{}", run.stdout);
}

#[test]
fn a_missing_rules_folder_is_exit_2() {
    let p = Scratch::new();
    let run = p.run(&["test", "--rules", "nowhere"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("`"), "{}", run.stderr);
}

#[test]
fn two_files_with_one_id_are_exit_2() {
    let p = project();
    p.write("rules/negative-sales-copy.rhai", RULE);
    let run = p.run(&["test"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("rule id `negative-sales` is declared by more than one file")
            && run.stdout.contains("`rules/negative-sales-copy.rhai`"),
        "{}",
        run.stdout
    );
}

#[test]
fn update_with_junit_keeps_stdout_xml_and_shows_the_difference_on_stderr() {
    let p = project();
    p.write(
        "rules/fixtures/negative-sales/fail.ron",
        &FAIL.replace("-1,", "1,"),
    );
    let run = p.run(&["test", "--update", "--format", "junit"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.starts_with("<?xml"), "{}", run.stdout);
    assert!(!run.stdout.contains("updated"), "{}", run.stdout);
    assert!(
        run.stderr
            .contains("updated rules/fixtures/negative-sales/fail.expected")
            && run
                .stderr
                .contains("- fail.ron:3:16: negative-sales: 鹿城区的销售额 -1 为负数"),
        "{}",
        run.stderr
    );
}
