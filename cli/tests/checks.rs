//! End-to-end tests of checks as data (issue 18): the real binary on the
//! shipped data with `.checks.ron` files: listed, explained, run, shown,
//! fixtured, written by `tally new check`, and the guide's ten examples.

use crate::util::{copy_tree, stable, workspace, Scratch};

/// A scratch project with the shipped data and schemas, and `checks` as
/// its only rules.
fn project(checks: &str) -> Scratch {
    let p = Scratch::new();
    copy_tree(&workspace().join("data"), &p.path().join("data")).expect("copy data");
    copy_tree(&workspace().join("schemas"), &p.path().join("schemas")).expect("copy schemas");
    p.write("rules/mine.checks.ron", checks);
    p
}

/// The checks of a guide page: every ```ron block that is one check.
fn guide_examples(page: &str) -> Vec<String> {
    let text = std::fs::read_to_string(workspace().join(page)).expect("guide");
    text.split("```ron\n")
        .skip(1)
        .filter_map(|block| block.split("\n```").next())
        .filter(|block| block.trim_start().starts_with('(') && block.contains("id:"))
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_guides_ten_examples_run_on_the_shipped_data() {
    let en = guide_examples("docs/checks.md");
    let zh = guide_examples("docs/zh/checks.md");
    assert_eq!(en.len(), 10, "docs/checks.md has ten examples");
    assert_eq!(en, zh, "both guides show the same examples");
    let file = format!("Checks([\n{}\n])\n", en.join(",\n"));
    let p = project(&file);
    let rules = p.run(&["rules"]);
    assert_eq!(rules.code, 0, "{}{}", rules.stdout, rules.stderr);
    let mut ids = Vec::new();
    for example in &en {
        let id = example
            .split("id: \"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("id");
        assert!(
            rules.stdout.contains(id),
            "`tally rules` lists {id}: {}",
            rules.stdout
        );
        ids.push(id.to_owned());
    }
    let select = ids.join(",");
    // Every example reads and runs: no config-error, no rule-error.
    let check = p.run(&["check", "--select", &select, "--format", "json"]);
    assert!(check.code < 2, "{}{}", check.stdout, check.stderr);
    let json = check.json();
    let findings: Vec<String> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            format!(
                "{} {}:{} {}",
                d["rule"].as_str().unwrap_or(""),
                d["file"].as_str().unwrap_or(""),
                d["span"]["line"],
                d["message"].as_str().unwrap_or("")
            )
        })
        .collect();
    insta::assert_snapshot!("guide_examples_on_shipped_data", findings.join("\n"));

    // Planted mistakes are found, where they are.
    let targets = p.read("data/targets-2019.ron");
    let evaluation = p.read("data/evaluation-2017.ron");
    p.write(
        "data/evaluation-2017.ron",
        &evaluation.replacen("target_rank: 6,", "target_rank: 9,", 1),
    );
    p.write(
        "data/targets-2019.ron",
        &targets.replacen("unit: \"%\"", "unit: \"％\"", 1),
    );
    let check = p.run(&["check", "--select", &select]);
    assert_eq!(check.code, 1, "{}{}", check.stdout, check.stderr);
    insta::assert_snapshot!("guide_examples_planted", stable(&check.stdout));
}

#[test]
fn a_check_is_a_rule_like_any_other() {
    let two = guide_examples("docs/checks.md")[..2].join(",\n");
    let p = project(&format!("Checks([\n{two}\n])\n"));
    let explain = p.run(&["explain", "leqing-rank-target"]);
    assert_eq!(explain.code, 0, "{}", explain.stderr);
    insta::assert_snapshot!("explain_check", explain.stdout);

    // A planted mistake in the human format, suppressed, baselined.
    let evaluation = p.read("data/evaluation-2017.ron");
    p.write(
        "data/evaluation-2017.ron",
        &evaluation.replacen("target_rank: 6,", "target_rank: 9,", 1),
    );
    let check = p.run(&["check", "--select", "leqing-rank-target"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    insta::assert_snapshot!("check_human", stable(&check.stdout));
    p.write(
        "data/evaluation-2017.ron",
        &evaluation.replacen(
            "target_rank: 6,",
            "target_rank: 9, // tally: allow(leqing-rank-target) 已核实\n",
            1,
        ),
    );
    let check = p.run(&["check", "--select", "leqing-rank-target", "--format", "json"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
}

#[test]
fn mistakes_in_a_checks_file_are_located_config_errors() {
    let p = project(
        r#"Checks([
    (
        id: "leqing-rank-target",
        severity: "error",
        title: "乐清市的位次目标在前 6 名以内",
        kind: "Evaluation",
        each: "rows",
        when: "region == \"乐清市\"",
        check: "targt_rank <= 6",
        at: "target_rank",
        message: "乐清市 2018–2019 年位次目标 {target_rank} 不在前 6 名以内",
    ),
    (
        id: "broken-expression",
        severity: "error",
        title: "t",
        kind: "TargetTable",
        each: "sheets.indicators",
        check: "high >= ",
        message: "m",
    ),
])
"#,
    );
    let check = p.run(&["check", "--select", "leqing-rank-target,broken-expression"]);
    assert_eq!(check.code, 2, "{}{}", check.stdout, check.stderr);
    insta::assert_snapshot!("mistakes_human", stable(&check.stdout));
}

#[test]
fn new_check_appends_a_check_whose_fixtures_pass() {
    let p = Scratch::new();
    copy_tree(&workspace().join("schemas"), &p.path().join("schemas")).expect("copy schemas");
    let run = p.run(&["new", "check", "rank-below-zero", "--kind", "Evaluation"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let run = p.run(&["new", "check", "figure-below-zero", "--kind", "TargetTable"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    insta::assert_snapshot!("new_check_file", p.read("rules/checks.checks.ron"));
    let test = p.run(&["test"]);
    assert_eq!(test.code, 0, "{}{}", test.stdout, test.stderr);
    assert!(
        stable(&test.stdout).contains("2 rules, 4 fixtures: 4 passed"),
        "{}",
        test.stdout
    );
    let again = p.run(&["new", "check", "rank-below-zero", "--kind", "Evaluation"]);
    assert_eq!(again.code, 2, "{}", again.stdout);
    let wrong = p.run(&["new", "check", "x-y", "--kind", "Evaluaton"]);
    assert!(
        wrong.stderr.contains("did you mean `Evaluation`?"),
        "{}",
        wrong.stderr
    );
}
