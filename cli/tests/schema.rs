//! End-to-end tests of `tally schema infer|show|check` and `tally new rule
//! --kind`: the real binary on a copy of the shipped project.

use crate::util::{copy_tree, stable, workspace, Scratch};

/// The shipped data, rules (no fixtures) and schemas.
fn shipped() -> Scratch {
    let p = Scratch::new();
    copy_tree(&workspace().join("data"), &p.path().join("data")).expect("copy data");
    copy_tree(&workspace().join("rules"), &p.path().join("rules")).expect("copy rules");
    copy_tree(&workspace().join("schemas"), &p.path().join("schemas")).expect("copy schemas");
    std::fs::remove_dir_all(p.path().join("rules/fixtures")).expect("drop fixtures");
    std::fs::remove_file(p.path().join("schemas/Sales.ron")).expect("drop the scratch kind");
    p
}

const PROGRESS: &str = "#![enable(implicit_some)]\nProgressReport(\n    title: \"2019 年 6 月进度\",\n    month: 6,\n    rows: [\n        (region: \"鹿城区\", indicator: \"企业上云数\", actual: 1200, note: None),\n        (region: \"龙湾区\", indicator: \"企业上云数\", actual: 800, note: \"待核\"),\n        (region: \"瓯海区\", indicator: \"工业 APP 开发应用\", actual: 95.5, note: None),\n    ],\n)\n";

#[test]
fn infer_drafts_a_schema_that_the_table_then_fits() {
    let p = shipped();
    p.write("data/progress.ron", PROGRESS);
    let before = p.run(&["check", "--format", "json"]).json();
    let no_schema: Vec<_> = before["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["rule"] == "no-schema")
        .collect();
    assert_eq!(no_schema.len(), 1, "{before:#}");
    assert!(no_schema[0]["help"]
        .as_str()
        .is_some_and(|h| h.contains("tally schema infer data/progress.ron > schemas/ProgressReport.ron")));

    let run = p.run(&["schema", "infer", "data/progress.ron"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!("schema_infer", run.stdout);
    p.write("schemas/ProgressReport.ron", &run.stdout);
    let after = p.run(&["check", "--format", "json"]).json();
    let mine: Vec<_> = after["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["file"] == "data/progress.ron" || d["rule"] == "config-error")
        .collect();
    assert!(mine.is_empty(), "{after:#}");

    // A misspelt region in the new table is now a located finding.
    p.write("data/progress.ron", &PROGRESS.replace("龙湾区", "龙弯区"));
    let json = p.run(&["check", "--format", "json"]).json();
    let found: Vec<_> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["file"] == "data/progress.ron")
        .collect();
    assert_eq!(found.len(), 1, "{json:#}");
    assert_eq!(found[0]["rule"], "unknown-reference");
    assert_eq!(found[0]["span"]["line"], 7);
    assert!(found[0]["help"]
        .as_str()
        .is_some_and(|h| h.contains("did you mean `龙湾区`?")));
}

#[test]
fn infer_refuses_a_mix_of_kinds_and_a_file_that_does_not_parse() {
    let p = shipped();
    let run = p.run(&["schema", "infer", "data/regions.ron", "data/units.ron"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("infer one kind at a time"), "{}", run.stderr);
    p.write("data/bad.ron", "Foo(a: ");
    let run = p.run(&["schema", "infer", "data/bad.ron"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("data/bad.ron"), "{}", run.stderr);
    let run = p.run(&["schema", "infer", "data/missing.ron"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("`data/missing.ron` is not a file"),
        "{}",
        run.stderr
    );
}

#[test]
fn show_prints_what_a_rule_can_read() {
    let p = shipped();
    let run = p.run(&["schema", "show", "Evaluation"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!("schema_show_evaluation", run.stdout);
    let run = p.run(&["schema", "show"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout.lines().count(), 7, "{}", run.stdout);
    let run = p.run(&["schema", "show", "Evaluatoin"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean `Evaluation`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_validates_the_schema_files_alone() {
    let p = shipped();
    let run = p.run(&["schema", "check"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.starts_with("7 schemas in `schemas`, no errors"),
        "{}",
        run.stdout
    );
    p.write(
        "schemas/Progress.ron",
        "Schema(\n    kind: \"Progress\",\n    fields: {\n        \"actual\": (type: \"numbr\"),\n        \"region\": (type: \"text\", references: \"RegionRegistry.regions.nmae\"),\n    },\n)\n",
    );
    let run = p.run(&["schema", "check", "--color", "never"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    insta::assert_snapshot!("schema_check_errors", stable(&run.stdout));
    // `tally check` says the same, with exit 2, and still checks the data.
    let json = p.run(&["check", "--format", "json"]);
    assert_eq!(json.code, 2);
    let json = json.json();
    let rules: Vec<&str> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["rule"].as_str())
        .collect();
    assert!(
        rules.contains(&"config-error") && rules.contains(&"breakdown-sum-mismatch"),
        "{rules:?}"
    );
}

#[test]
fn new_rule_for_a_kind_uses_its_fields_and_passes_its_fixtures() {
    let p = shipped();
    let run = p.run(&["new", "rule", "negative-standard", "--kind", "TargetTable"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    insta::assert_snapshot!("new_rule_for_kind", p.read("rules/negative-standard.rhai"));
    assert!(p
        .read("rules/fixtures/negative-standard/fail.ron")
        .contains("standard: -1"));
    let test = p.run(&["test", "negative-standard"]);
    assert_eq!(test.code, 0, "{}", test.stdout);
    // The shipped data has no negative standard line: no finding from it.
    let json = p
        .run(&["check", "--format", "json", "--select", "negative-standard"])
        .json();
    assert_eq!(json["summary"]["errors"], 0, "{json:#}");

    for kind in [
        "Evaluation",
        "IndicatorSystem",
        "ResponsibilityTable",
        "HeadlineTargets",
        "RegionRegistry",
        "UnitRegistry",
    ] {
        let id = format!("probe-{}", kind.to_lowercase());
        let run = p.run(&["new", "rule", &id, "--kind", kind]);
        assert_eq!(run.code, 0, "{kind}: {}{}", run.stdout, run.stderr);
        let test = p.run(&["test", &id]);
        assert_eq!(test.code, 0, "{kind}: {}", test.stdout);
    }
    let run = p.run(&["new", "rule", "x-y", "--kind", "TargetTabel"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean `TargetTable`?"),
        "{}",
        run.stderr
    );
}

/// The README's worked example is `examples/progress/` word for word, and
/// it finds exactly what the README shows.
#[test]
fn the_readme_example_is_the_example_folder_and_finds_what_it_shows() {
    let readme = std::fs::read_to_string(workspace().join("README.md")).expect("README");
    let example = workspace().join("examples/progress");
    let read = |path: &str| std::fs::read_to_string(example.join(path)).expect(path);
    assert!(
        readme.contains(read("data/progress-2019-06.ron").trim_end()),
        "README shows the data file"
    );
    assert!(
        readme.contains(read("schemas/ProgressReport.ron").trim_end()),
        "README shows the schema"
    );
    let rule = read("rules/progress-behind-pace.rhai");
    let code = &rule[rule.find("const ID").expect("const ID")..];
    assert!(readme.contains(code.trim_end()), "README shows the rule");

    let p = shipped();
    copy_tree(&example, p.path()).expect("copy the example");
    let test = p.run(&["test", "progress-behind-pace"]);
    assert_eq!(test.code, 0, "{}", test.stdout);
    let run = p.run(&["check", "--select", "progress-behind-pace"]);
    assert_eq!(run.code, 0, "a warning: {}", run.stdout);
    let shown = run.stdout.split("\n\n  ☞").next().expect("output").trim_end();
    assert!(
        readme.contains(&format!(
            "$ tally check --select progress-behind-pace\n{shown}\n```"
        )),
        "README shows:\n{shown}"
    );
    // The whole project checks as before, plus the one warning: the new
    // kind fits its schema and its names are known.
    let json = p.run(&["check", "--format", "json"]).json();
    let new: Vec<_> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["file"] == "data/progress-2019-06.ron")
        .map(|d| d["rule"].as_str().unwrap_or("").to_owned())
        .collect();
    assert_eq!(new, ["progress-behind-pace"], "{json:#}");
}

/// The silent cases a new user met are loud now, through the real binary:
/// odd numbers in a kind without a schema, a misspelt field in a rule, a
/// misspelt kind, a rule that found no table.
#[test]
fn the_new_users_silent_cases_are_loud() {
    let p = shipped();
    p.write(
        "data/foo.ron",
        &format!("Foo(a: NaN, b: inf, c: 1{})\n", "0".repeat(400)),
    );
    let json = p.run(&["check", "--format", "json"]).json();
    let foo: Vec<(String, String)> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["file"] == "data/foo.ron")
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or("").to_owned(),
                d["severity"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert_eq!(
        foo,
        [
            ("no-schema", "info"),
            ("shape", "error"),
            ("shape", "error"),
            ("shape", "error")
        ]
        .map(|(r, s)| (r.to_owned(), s.to_owned())),
        "{json:#}"
    );
    std::fs::remove_file(p.path().join("data/foo.ron")).expect("remove");

    p.write(
        "rules/my-names.rhai",
        "const ID = \"my-names\";\nconst SEVERITY = \"error\";\nconst TITLE = \"names\";\n\nfn check(data) {\n    for t in tables(\"TargetTable\") {\n        for s in t.sheets {\n            for ind in s.indicators {\n                if ind.nmae == \"\" { report(ind, \"empty\"); }\n            }\n        }\n    }\n    for r in tables(\"Evaluatoin\") { report(r, \"x\"); }\n}\n",
    );
    p.write(
        "schemas/ProgressReport.ron",
        "Schema(kind: \"ProgressReport\", fields: {\"title\": \"text\"})\n",
    );
    p.write(
        "rules/my-progress.rhai",
        "const ID = \"my-progress\";\nconst SEVERITY = \"warning\";\nconst TITLE = \"progress\";\n\nfn check(data) {\n    for t in tables(\"ProgressReport\") { report(t, \"x\"); }\n}\n",
    );
    let run = p.run(&["check", "--select", "my-names,my-progress"]);
    assert_eq!(run.code, 2, "a broken rule: {}", run.stdout);
    insta::assert_snapshot!("silent_cases_loud", stable(&run.stdout));
    let json = p
        .run(&["check", "--select", "my-progress", "--format", "json"])
        .json();
    assert_eq!(
        json["summary"]["idle_rules"],
        serde_json::json!(["my-progress"]),
        "{json:#}"
    );
}
