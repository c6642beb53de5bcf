//! End-to-end tests of `tally new rule ID`: the real binary writes a rule
//! and its fixtures into a scratch project; `tally test` passes at once.

use crate::util::{copy_tree, stable, workspace, Scratch};

#[test]
fn new_rule_writes_a_rule_and_fixtures_that_pass_at_once() {
    let p = Scratch::new();
    copy_tree(&workspace().join("schemas"), &p.path().join("schemas")).expect("copy schemas");
    let run = p.run(&["new", "rule", "breakdown-below-zero"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    insta::assert_snapshot!("new_rule_output", run.stdout);
    insta::assert_snapshot!("new_rule_file", p.read("rules/breakdown-below-zero.rhai"));
    insta::assert_snapshot!(
        "new_rule_expected",
        p.read("rules/fixtures/breakdown-below-zero/fail.expected")
    );
    assert!(p
        .read("rules/fixtures/breakdown-below-zero/pass.ron")
        .contains("TargetTable("));

    let test = p.run(&["test"]);
    assert_eq!(test.code, 0, "{}", test.stdout);
    assert_eq!(
        stable(&test.stdout),
        "ok     breakdown-below-zero/pass\nok     breakdown-below-zero/fail  1 finding\n\n1 rule, 2 fixtures: 2 passed ([time])\n"
    );

    // It is a rule like any other: listed, explained, run by `tally check`.
    let rules = p.run(&["rules"]);
    assert!(
        rules
            .stdout
            .contains("breakdown-below-zero  error    a regional figure is below the minimum"),
        "{}",
        rules.stdout
    );
    assert_eq!(p.run(&["explain", "breakdown-below-zero"]).code, 0);
    p.write(
        "data/targets.ron",
        &p.read("rules/fixtures/breakdown-below-zero/fail.ron"),
    );
    let check = p.run(&["check", "--format", "json"]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    let json = check.json();
    // The project has no region registry for the breakdown's names to be
    // checked against: the reference check says so, once, beside the rule.
    let found = |rule: &str| -> Vec<serde_json::Value> {
        json["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter(|d| d["rule"] == rule)
            .cloned()
            .collect()
    };
    let mine = found("breakdown-below-zero");
    assert_eq!(mine.len(), 1, "{json:#}");
    assert_eq!(mine[0]["data"]["value"], -20);
    assert_eq!(mine[0]["span"]["line"], 21);
    assert_eq!(found("unknown-reference").len(), 1, "{json:#}");

    // Its parameter is read from tally.ron.
    p.write(
        "tally.ron",
        "Config(params: {\"breakdown-below-zero\": {\"min\": -50}})\n",
    );
    assert_eq!(p.run(&["check"]).code, 0);
}

#[test]
fn new_rule_creates_the_rules_folder_and_honours_rules_dir() {
    let p = Scratch::new();
    std::fs::remove_dir(p.path().join("rules")).expect("rm rules");
    let run = p.run(&["new", "rule", "a-rule", "--rules", "checks"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(p.path().join("checks/a-rule.rhai").is_file());
    assert!(p.path().join("checks/fixtures/a-rule/fail.expected").is_file());
    assert_eq!(p.run(&["test", "--rules", "checks"]).code, 0);
}

#[test]
fn bad_ids_are_refused_with_exit_2() {
    let p = Scratch::new();
    for (id, says) in [
        ("Breakdown_Sum", "is not a valid rule id"),
        ("-x", "is not a valid rule id"),
        ("a--b", "is not a valid rule id"),
        ("9lives", "is not a valid rule id"),
        ("shape", "is the id of a built-in check"),
        ("unused-suppression", "is the id of a built-in check"),
    ] {
        let run = p.run(&["new", "rule", "--", id]);
        assert_eq!(run.code, 2, "{id}");
        assert!(run.stderr.contains(says), "{id}: {}", run.stderr);
    }
    let written: Vec<_> = std::fs::read_dir(p.path().join("rules"))
        .expect("rules")
        .collect();
    assert!(written.is_empty(), "nothing written");
}

#[test]
fn existing_files_and_ids_are_never_overwritten() {
    let p = Scratch::new();
    assert_eq!(p.run(&["new", "rule", "my-rule"]).code, 0);
    let before = p.read("rules/my-rule.rhai");
    p.write("rules/my-rule.rhai", &format!("{before}// edited\n"));

    let again = p.run(&["new", "rule", "my-rule"]);
    assert_eq!(again.code, 2);
    assert!(
        again
            .stderr
            .contains("`rules/my-rule.rhai` already exists; `tally new` does not overwrite files"),
        "{}",
        again.stderr
    );
    assert!(p.read("rules/my-rule.rhai").ends_with("// edited\n"));

    // Fixtures left from a removed rule file are not overwritten either.
    std::fs::remove_file(p.path().join("rules/my-rule.rhai")).expect("rm");
    let run = p.run(&["new", "rule", "my-rule"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("already holds fixtures"), "{}", run.stderr);

    // An id declared by a file of another name.
    p.write(
        "rules/other-name.rhai",
        "const ID = \"taken-id\";\nconst SEVERITY = \"error\";\nconst TITLE = \"t\";\nfn check(data) {}\n",
    );
    let run = p.run(&["new", "rule", "taken-id"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("rule `taken-id` is already declared by `rules/other-name.rhai`"),
        "{}",
        run.stderr
    );
}
