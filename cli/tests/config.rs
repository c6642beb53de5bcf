//! End-to-end tests of `tally.ron`: every key has an effect on a real run,
//! and every mistake in it is a located error with exit code 2.

use crate::util::{Run, Scratch};

/// A rule with a parameter: figures below `min` (default 0).
const LOW: &str = r#"//! ## What it checks
//! x
//!
//! ## Why it matters
//! x
//!
//! ## Example
//! x
//! Instead:
//! x
const ID = "low-sales";
const SEVERITY = "warning";
const TITLE = "a figure is below the minimum";

fn check(data) {
    let min = param("min", 0);
    for t in tables("Sales") {
        for key in t.regions.keys() {
            let v = t.regions[key];
            if v != () && v < min {
                report(v, `${key} ${figure(v)} 低于 ${figure(min)}`, #{ help: "核对该数" });
            }
        }
    }
}
"#;

/// A second rule, always one finding per table.
const TITLED: &str = r#"//! ## What it checks
//! x
//!
//! ## Why it matters
//! x
//!
//! ## Example
//! x
//! Instead:
//! x
const ID = "untitled-sales";
const SEVERITY = "error";
const TITLE = "a table has no title";

fn check(data) {
    for t in tables("Sales") {
        if !("title" in t) {
            report(t, "表格没有标题", #{ help: "加上 title" });
        }
    }
}
"#;

fn project() -> Scratch {
    let p = Scratch::new();
    p.write("rules/low-sales.rhai", LOW)
        .write("rules/untitled-sales.rhai", TITLED)
        .write("data/a.ron", "Sales(regions: {\"鹿城区\": -1, \"龙湾区\": 5})\n")
        .write("data/b.ron", "Sales(regions: {\"瓯海区\": -2})\n");
    p
}

/// (rule, file) of every finding of a JSON check.
fn findings(run: &Run) -> Vec<(String, String)> {
    run.json()["diagnostics"]
        .as_array()
        .unwrap_or_else(|| panic!("{}{}", run.stdout, run.stderr))
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().expect("rule").to_owned(),
                d["file"].as_str().unwrap_or("-").to_owned(),
            )
        })
        .collect()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn check_json(p: &Scratch, config: &str) -> Run {
    p.write("tally.ron", config);
    p.run(&["check", "--format", "json"])
}

#[test]
fn without_tally_ron_every_rule_runs_on_data() {
    let run = project().run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        findings(&run),
        pairs(&[
            ("untitled-sales", "data/a.ron"),
            ("low-sales", "data/a.ron"),
            ("untitled-sales", "data/b.ron"),
            ("low-sales", "data/b.ron"),
        ])
    );
}

#[test]
fn data_and_rules_name_other_folders() {
    let p = project();
    p.write("tables/c.ron", "Sales(title: \"c\", regions: {\"x\": -3})\n");
    std::fs::rename(p.path().join("rules"), p.path().join("checks")).expect("rename");
    let run = check_json(
        &p,
        "Config(data: [\"tables\", \"data/b.ron\"], rules: \"checks\")\n",
    );
    assert_eq!(
        findings(&run),
        pairs(&[
            ("untitled-sales", "data/b.ron"),
            ("low-sales", "data/b.ron"),
            ("low-sales", "tables/c.ron"),
        ])
    );
    // `tally rules` and `tally test` read the same rules folder.
    let rules = p.run(&["rules"]);
    assert!(rules.stdout.contains("checks/low-sales.rhai"), "{}", rules.stdout);
    let test = p.run(&["test"]);
    assert!(
        test.stdout
            .contains("FAIL   low-sales: no fixtures: add `checks/fixtures/low-sales/pass.ron`"),
        "{}",
        test.stdout
    );
}

#[test]
fn select_and_ignore_choose_rules_and_the_command_line_adds_to_them() {
    let p = project();
    let run = check_json(&p, "Config(select: [\"low-sales\"])\n");
    assert_eq!(run.json()["summary"]["rules"], 1);
    assert_eq!(
        findings(&run),
        pairs(&[("low-sales", "data/a.ron"), ("low-sales", "data/b.ron")])
    );
    // `Some([..])`, as RON writes an option, is accepted too.
    let run = check_json(&p, "Config(select: Some([\"untitled-sales\"]))\n");
    assert_eq!(run.json()["summary"]["rules"], 1);

    let run = check_json(&p, "Config(ignore: [\"low-sales\"])\n");
    assert!(findings(&run).iter().all(|(rule, _)| rule == "untitled-sales"));
    // --select on the command line replaces tally.ron's select; --ignore adds.
    p.write(
        "tally.ron",
        "Config(select: [\"low-sales\"], ignore: [\"shape\"])\n",
    );
    let run = p.run(&["check", "--format", "json", "--select", "untitled-sales,shape"]);
    assert_eq!(
        run.json()["summary"]["rules"],
        1,
        "untitled-sales; shape stays ignored"
    );
}

#[test]
fn severity_overrides_change_the_exit_code() {
    let p = project();
    let run = check_json(&p, "Config(ignore: [\"untitled-sales\"])\n");
    assert_eq!(run.code, 0, "low-sales is a warning");
    let run = check_json(
        &p,
        "Config(ignore: [\"untitled-sales\"], severity: {\"low-sales\": \"error\"})\n",
    );
    assert_eq!(run.code, 1);
    assert_eq!(run.json()["diagnostics"][0]["severity"], "error");
    let run = check_json(&p, "Config(severity: {\"untitled-sales\": \"info\"})\n");
    assert_eq!(run.code, 0);
}

#[test]
fn per_file_ignores_silence_a_rule_in_one_file() {
    let p = project();
    let run = check_json(
        &p,
        "Config(per_file_ignores: {\"data/a.ron\": [\"low-sales\", \"untitled-sales\"]})\n",
    );
    assert_eq!(
        findings(&run),
        pairs(&[("untitled-sales", "data/b.ron"), ("low-sales", "data/b.ron")])
    );
}

#[test]
fn per_file_ignores_take_a_folder_too() {
    let p = project();
    p.write("data/old/c.ron", "Sales(regions: {\"x\": -3})\n");
    let run = check_json(
        &p,
        "Config(per_file_ignores: {\"data/old\": [\"low-sales\", \"untitled-sales\"]})\n",
    );
    assert!(
        findings(&run).iter().all(|(_, file)| file != "data/old/c.ron"),
        "{}",
        run.stdout
    );
    assert_eq!(findings(&run).len(), 4, "the other files still report");
}

#[test]
fn params_tune_a_rule_without_editing_it() {
    let p = project();
    let run = check_json(
        &p,
        "Config(select: [\"low-sales\"], params: {\"low-sales\": {\"min\": -1.5}})\n",
    );
    assert_eq!(findings(&run), pairs(&[("low-sales", "data/b.ron")]));
    assert_eq!(run.json()["diagnostics"][0]["message"], "瓯海区 -2 低于 -1.5");
    let run = check_json(
        &p,
        "Config(select: [\"low-sales\"], params: {\"low-sales\": {\"min\": 10}})\n",
    );
    assert_eq!(findings(&run).len(), 3);
}

#[test]
fn limits_bound_the_rules() {
    let p = project();
    let run = check_json(&p, "Config(limits: (max_operations: 10))\n");
    assert_eq!(run.code, 2);
    let json = run.json();
    let errors: Vec<&serde_json::Value> = json["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .filter(|d| d["rule"] == "rule-error")
        .collect();
    assert_eq!(errors.len(), 2, "{json:#}");
    assert!(errors[0]["message"]
        .as_str()
        .expect("message")
        .contains("exceeded 10 operations"));
}

/// A broken tally.ron: exit 2, the message, and where.
fn broken(config: &str, message: &str, at: &str) {
    let p = project();
    p.write("tally.ron", config);
    let run = p.run(&["check"]);
    assert_eq!(run.code, 2, "{config}: {}", run.stdout);
    assert!(run.stderr.contains(message), "{config}: {}", run.stderr);
    assert!(
        run.stderr.contains(at),
        "{config}: expected {at} in {}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "no report: {}", run.stdout);
}

#[test]
fn mistakes_in_tally_ron_are_located_errors() {
    broken(
        "Config(\n    select: [\"low-sales\", \"untitled-sale\"],\n)\n",
        "unknown rule `untitled-sale` in `tally.ron`",
        "tally.ron:2:27",
    );
    broken(
        "Config(ignore: [\"lowsales\"])\n",
        "did you mean `low-sales`?",
        "tally.ron:1:17",
    );
    broken(
        "Config(\n    severity: {\"low-sale\": \"error\"},\n)\n",
        "unknown rule `low-sale` in `tally.ron`",
        "tally.ron:2:16",
    );
    broken(
        "Config(severity: {\"low-sales\": \"fatal\"})\n",
        "invalid severity `fatal` for `low-sales`",
        "tally.ron:1:32",
    );
    broken(
        "Config(params: {\"low-sale\": {\"min\": 1}})\n",
        "unknown rule `low-sale` in `tally.ron`",
        "tally.ron:1:17",
    );
    broken(
        "Config(per_file_ignores: {\"data/c.ron\": [\"low-sales\"]})\n",
        "`per_file_ignores` names `data/c.ron`, which does not exist",
        "tally.ron:1:27",
    );
    broken(
        "Config(per_file_ignores: {\"data/a.ron\": [\"low-sale\"]})\n",
        "unknown rule `low-sale` in `tally.ron`",
        "tally.ron:1:42",
    );
    broken(
        "Config(limits: (max_operation: 5))\n",
        "unknown key `max_operation`",
        "tally.ron:1:17",
    );
    broken(
        "Config(rules: 3)\n",
        "expected a path in a string",
        "tally.ron:1:15",
    );
    broken("Config(data: [\"nowhere\"])\n", "does not exist", "nowhere");
}

#[test]
fn a_broken_tally_ron_stops_every_command() {
    let p = project();
    p.write("tally.ron", "Config(colour: true)\n");
    for args in [
        &["check"][..],
        &["rules"],
        &["test"],
        &["explain", "low-sales"],
        &["new", "rule", "x-y"],
    ] {
        let run = p.run(args);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(
            run.stderr.contains("unknown key `colour`"),
            "{args:?}: {}",
            run.stderr
        );
    }
    assert!(!p.path().join("rules/x-y.rhai").exists());
}
