//! End-to-end tests of `tally check`, `rules`, `explain`, `completions` and
//! `man`: the real binary on real files, every format, exit code and option.

use std::path::Path;
use std::process::Output;

use crate::util::{stable, tally};

/// A scratch project: `data/` and `rules/` in a temporary folder.
struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    fn new() -> Project {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("data")).expect("data dir");
        std::fs::create_dir_all(dir.path().join("rules")).expect("rules dir");
        std::fs::create_dir_all(dir.path().join("schemas")).expect("schemas dir");
        std::fs::write(dir.path().join("schemas/Sales.ron"), crate::util::SALES_SCHEMA).expect("schema");
        Project { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, relative: &str, text: &str) -> &Project {
        let path = self.path().join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("parent dir");
        }
        std::fs::write(path, text).expect("write file");
        self
    }

    fn run(&self, args: &[&str]) -> Output {
        tally()
            .current_dir(self.path())
            .args(args)
            .output()
            .expect("tally runs")
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("exited normally")
}

const TABLE: &str = r#"#![enable(implicit_some)]
Sales(
    regions: {
        "鹿城区": 38,
        "龙湾区": None,
        "瓯海区": 12.5,
    },
    total: 60,
)
"#;

/// A warning-level rule: the regions must add up to `total`.
const SUM_RULE: &str = r#"//! ## What it checks
//! The regions add up to the total.
//!
//! ## Why it matters
//! A breakdown that does not add up is wrong somewhere.
//!
//! ## Example
//! ```ron
//! Sales(regions: {"a": 1}, total: 2)
//! ```
//! Instead:
//! ```ron
//! Sales(regions: {"a": 2}, total: 2)
//! ```
const ID = "sales-sum";
const SEVERITY = "warning";
const TITLE = "regions do not add up to the total";

fn check(data) {
    for t in tables("Sales") {
        let s = sum(t.regions, "skip");
        let c = compare(s, t.total, 0);
        if !c.ok {
            report(t.total, `各地区合计 ${figure(s)}，总计 ${figure(t.total)}`, #{
                help: "check the regional figures",
                related: [[t.regions, "the regions"]],
                data: #{ sum: s, line: t.total, imbalance: c.imbalance },
            });
        }
    }
}
"#;

fn sales_project() -> Project {
    let p = Project::new();
    p.write("data/sales.ron", TABLE)
        .write("rules/sales-sum.rhai", SUM_RULE);
    p
}

#[test]
fn human_report_points_at_the_value_and_ends_with_a_summary() {
    let out = sales_project().run(&["check"]);
    assert_eq!(code(&out), 0, "a warning does not fail by default");
    insta::assert_snapshot!("human_warning", stable(&text(&out.stdout)));
}

#[test]
fn fail_on_warning_turns_a_warning_into_exit_1() {
    let p = sales_project();
    assert_eq!(code(&p.run(&["check", "--fail-on", "warning"])), 1);
    assert_eq!(code(&p.run(&["check", "--fail-on", "info"])), 1);
    assert_eq!(code(&p.run(&["check", "--fail-on", "error"])), 0);
}

#[test]
fn clean_data_exits_0_with_no_findings() {
    let p = sales_project();
    p.write("data/sales.ron", &TABLE.replace("total: 60", "total: 50.5"));
    let out = p.run(&["check", "--fail-on", "info"]);
    assert_eq!(code(&out), 0, "{}", text(&out.stdout));
    assert!(
        text(&out.stdout).contains("no findings in 1 file, 7 rules"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn json_has_the_documented_shape() {
    let out = sales_project().run(&["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(json["version"], 1);
    assert_eq!(json["summary"]["files"], 1);
    assert_eq!(json["summary"]["warnings"], 1);
    let d = &json["diagnostics"][0];
    assert_eq!(d["rule"], "sales-sum");
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["file"], "data/sales.ron");
    assert_eq!(d["path"], "total");
    assert_eq!(d["span"]["line"], 8);
    assert_eq!(d["span"]["column"], 12);
    assert_eq!(d["data"]["sum"], 50.5);
    assert_eq!(d["data"]["imbalance"], -9.5);
    assert_eq!(d["related"][0]["path"], "regions");
    let mut json = json;
    json["summary"]["elapsed_ms"] = 0.into();
    insta::assert_json_snapshot!("json_warning", json);
}

#[test]
fn columns_count_characters_in_json() {
    let p = Project::new();
    p.write(
        "data/t.ron",
        "Sales(regions: {\"鹿城区\": 1, \"龙湾区\": 2}, total: 4)\n",
    )
    .write("rules/sales-sum.rhai", SUM_RULE);
    let out = p.run(&["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let span = &json["diagnostics"][0]["span"];
    // `4` follows 44 characters on line 1, of which six are two-byte-wide CJK.
    assert_eq!(span["column"], 45);
    assert_eq!(
        span["start"],
        "Sales(regions: {\"鹿城区\": 1, \"龙湾区\": 2}, total: ".len()
    );
}

#[test]
fn sarif_is_2_1_0() {
    let out = sales_project().run(&["check", "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    assert!(rules.iter().any(|r| r["id"] == "sales-sum"));
    let result = &run["results"][0];
    assert_eq!(result["ruleId"], "sales-sum");
    assert_eq!(result["level"], "warning");
    assert!(result["message"]["text"]
        .as_str()
        .expect("text")
        .contains("各地区合计"));
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "data/sales.ron");
    assert_eq!(location["region"]["startLine"], 8);
    assert_eq!(location["region"]["startColumn"], 12);
}

#[test]
fn junit_is_well_formed_xml_with_a_failure_per_finding() {
    let out = sales_project().run(&["check", "--format", "junit"]);
    let xml = text(&out.stdout);
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut failures = 0;
    let mut testcases = 0;
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                match e.name().as_ref() {
                    b"failure" => failures += 1,
                    b"testcase" => testcases += 1,
                    _ => {}
                }
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(failures, 1, "{xml}");
    assert!(testcases >= 1, "{xml}");
}

#[test]
fn github_annotations_name_file_line_and_column() {
    let out = sales_project().run(&["check", "--format", "github"]);
    let stdout = text(&out.stdout);
    let line = stdout.lines().next().expect("an annotation");
    assert!(
        line.starts_with("::warning file=data/sales.ron,line=8,col=12"),
        "{line}"
    );
    assert!(line.contains("各地区合计"), "{line}");
}

#[test]
fn select_and_ignore_choose_rules() {
    let p = sales_project();
    let ignored = p.run(&["check", "--ignore", "sales-sum", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&ignored.stdout).expect("JSON");
    assert_eq!(json["summary"]["warnings"], 0);
    // shape, duplicate-key, unknown-reference, no-schema,
    // unused-suppression, invalid-suppression
    assert_eq!(json["summary"]["rules"], 6);
    let selected = p.run(&["check", "--select", "sales-sum", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&selected.stdout).expect("JSON");
    assert_eq!(json["summary"]["rules"], 1);
    assert_eq!(json["summary"]["warnings"], 1);
}

#[test]
fn unknown_rule_id_is_exit_2_with_a_suggestion() {
    let out = sales_project().run(&["check", "--select", "sales-summ"]);
    assert_eq!(code(&out), 2);
    let stderr = text(&out.stderr);
    assert!(stderr.contains("unknown rule `sales-summ`"), "{stderr}");
    assert!(stderr.contains("did you mean `sales-sum`?"), "{stderr}");
}

#[test]
fn missing_data_directory_is_exit_2() {
    let p = Project::new();
    let out = p.run(&["check", "nowhere"]);
    assert_eq!(code(&out), 2);
    assert!(text(&out.stderr).contains("`"), "{}", text(&out.stderr));
}

#[test]
fn bad_arguments_are_exit_2() {
    assert_eq!(code(&sales_project().run(&["check", "--format", "yaml"])), 2);
}

#[test]
fn a_file_that_does_not_parse_is_a_finding_and_the_others_are_still_checked() {
    let p = sales_project();
    p.write("data/broken.ron", "Sales(regions: {\"a\": 1,, total: 2)\n");
    let out = p.run(&["check", "--format", "json"]);
    assert_eq!(code(&out), 1);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let rules: Vec<&str> = json["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .map(|d| d["rule"].as_str().expect("rule"))
        .collect();
    assert_eq!(rules, ["parse", "sales-sum"], "{json:#}");
    let parse = &json["diagnostics"][0];
    assert_eq!(parse["file"], "data/broken.ron");
    assert_eq!(parse["span"]["line"], 1);
    let human = p.run(&["check"]);
    insta::assert_snapshot!("human_parse_error", stable(&text(&human.stdout)));
}

#[test]
fn a_misspelt_field_of_a_shipped_kind_is_a_shape_finding() {
    let p = Project::new();
    p.write(
        "schemas/RegionRegistry.ron",
        &std::fs::read_to_string(crate::util::workspace().join("schemas/RegionRegistry.ron"))
            .expect("schema"),
    );
    p.write(
        "data/regions.ron",
        "RegionRegistry(\n    title: \"t\",\n    source: \"s\",\n    regions: [\n        (name: \"温州市\", kind: \"city\", parnet: None),\n    ],\n)\n",
    );
    let out = p.run(&["check", "--format", "json"]);
    assert_eq!(code(&out), 1, "{}", text(&out.stdout));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let d = &json["diagnostics"][0];
    assert_eq!(d["rule"], "shape");
    assert_eq!(d["span"]["line"], 5);
    assert!(
        d["message"].as_str().expect("message").contains("`parnet`"),
        "{d:#}"
    );
    assert!(
        d["help"]
            .as_str()
            .expect("help")
            .contains("did you mean `parent`?"),
        "{d:#}"
    );
    insta::assert_snapshot!("human_shape_error", stable(&text(&p.run(&["check"]).stdout)));
}

#[test]
fn a_rule_that_does_not_compile_is_a_rule_error_exit_2_and_the_others_still_run() {
    let p = sales_project();
    p.write(
        "rules/broken.rhai",
        "const ID = \"broken\";\nfn check(data) {\n    let x = ;\n}\n",
    );
    let out = p.run(&["check", "--format", "json"]);
    assert_eq!(code(&out), 2);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let diagnostics = json["diagnostics"].as_array().expect("array");
    let error = diagnostics
        .iter()
        .find(|d| d["rule"] == "rule-error")
        .expect("rule-error");
    assert_eq!(error["file"], "rules/broken.rhai");
    assert_eq!(error["span"]["line"], 3);
    assert!(
        diagnostics.iter().any(|d| d["rule"] == "sales-sum"),
        "other rules still ran"
    );
}

/// More hostile rules — endless loops against the deadline, unbounded
/// recursion, strings and arrays doubled until huge, `eval`, imports from
/// outside `rules/lib/`, ten thousand prints, a million findings — are in
/// `adversarial.rs`, each held to time and memory bounds.
#[test]
fn sandbox_bounds_are_rule_errors_naming_rule_and_position() {
    let p = sales_project();
    p.write(
        "tally.ron",
        "Config(limits: (max_operations: 100000, deadline_ms: 2000))\n",
    );
    let cases = [
        (
            "loop",
            "fn check(data) {\n    let n = 0;\n    loop { n += 1; }\n}\n",
            "exceeded 100000 operations",
            3,
        ),
        (
            "throw",
            "fn check(data) {\n    throw \"boom\";\n}\n",
            "failed: boom",
            2,
        ),
        (
            "mutate",
            "fn check(data) {\n    data.sales.total = 1;\n}\n",
            "tried to change the data",
            2,
        ),
        (
            "typo",
            "fn check(data) {\n    let x = 1 + \"a\" * 2;\n}\n",
            "calls a function that does not exist",
            2,
        ),
    ];
    for (name, body, expect, line) in cases {
        let rule =
            format!("const ID = \"{name}\";\nconst SEVERITY = \"error\";\nconst TITLE = \"t\";\n{body}");
        p.write(&format!("rules/{name}.rhai"), &rule);
        let out = p.run(&[
            "check",
            "--format",
            "json",
            "--select",
            &format!("{name},sales-sum"),
        ]);
        assert_eq!(code(&out), 2, "{name}: {}", text(&out.stdout));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let diagnostics = json["diagnostics"].as_array().expect("array");
        let error = diagnostics
            .iter()
            .find(|d| d["rule"] == "rule-error")
            .unwrap_or_else(|| panic!("{name}: no rule-error in {json:#}"));
        let message = error["message"].as_str().expect("message");
        assert!(message.contains(expect), "{name}: {message}");
        assert_eq!(error["file"], format!("rules/{name}.rhai"), "{name}");
        assert_eq!(error["span"]["line"], line + 3, "{name}: {error:#}");
        assert!(
            diagnostics.iter().any(|d| d["rule"] == "sales-sum"),
            "{name}: other rules still ran"
        );
        std::fs::remove_file(p.path().join(format!("rules/{name}.rhai"))).expect("remove");
    }
}

#[test]
fn config_is_found_from_a_subdirectory_and_unknown_keys_are_errors() {
    let p = sales_project();
    p.write("tally.ron", "Config(severity: {\"sales-sum\": \"error\"})\n");
    std::fs::create_dir_all(p.path().join("data/sub")).expect("sub");
    let out = tally()
        .current_dir(p.path().join("data/sub"))
        .args(["check"])
        .output()
        .expect("runs");
    assert_eq!(
        code(&out),
        1,
        "the override makes the warning an error: {}",
        text(&out.stdout)
    );
    assert!(
        text(&out.stdout).contains("../sales.ron"),
        "{}",
        text(&out.stdout)
    );

    p.write("tally.ron", "Config(\n    rulez: \"rules\",\n)\n");
    let out = p.run(&["check"]);
    assert_eq!(code(&out), 2);
    let stderr = text(&out.stderr);
    assert!(stderr.contains("unknown key `rulez`"), "{stderr}");
    assert!(stderr.contains("did you mean `rules`?"), "{stderr}");
    assert!(stderr.contains("tally.ron:2:"), "{stderr}");
}

#[test]
fn color_follows_no_color_and_the_flag() {
    let p = sales_project();
    let plain = p.run(&["check"]);
    assert!(!text(&plain.stdout).contains('\u{1b}'));
    let colored = p.run(&["check", "--color", "always"]);
    assert!(text(&colored.stdout).contains('\u{1b}'));
    let never = tally()
        .current_dir(p.path())
        .env_remove("NO_COLOR")
        .args(["check", "--color", "never"])
        .output()
        .expect("runs");
    assert!(!text(&never.stdout).contains('\u{1b}'));
}

#[test]
fn stats_show_time_per_rule() {
    let out = sales_project().run(&["check", "--stats"]);
    let stdout = text(&out.stdout);
    for id in ["sales-sum", "shape", "duplicate-key"] {
        assert!(stdout.contains(id), "{stdout}");
    }
}

#[test]
fn output_is_deterministic() {
    let p = sales_project();
    p.write("data/more.ron", &TABLE.replace("total: 60", "total: 70"));
    let first = stable(&text(&p.run(&["check"]).stdout));
    let second = stable(&text(&p.run(&["check"]).stdout));
    assert_eq!(first, second);
    assert!(first.find("more.ron").expect("more") < first.find("sales.ron").expect("sales"));
}

#[test]
fn rules_lists_id_severity_title_and_file() {
    let out = sales_project().run(&["rules"]);
    assert_eq!(code(&out), 0);
    insta::assert_snapshot!("rules_list", text(&out.stdout));
}

#[test]
fn explain_prints_the_rule_doc_and_unknown_ids_are_exit_2() {
    let p = sales_project();
    let out = p.run(&["explain", "sales-sum"]);
    assert_eq!(code(&out), 0);
    insta::assert_snapshot!("explain", text(&out.stdout));
    let out = p.run(&["explain", "sales-summ"]);
    assert_eq!(code(&out), 2);
    assert!(text(&out.stderr).contains("did you mean `sales-sum`?"));
}

#[test]
fn completions_and_man_page_are_generated() {
    let out = tally().args(["completions", "bash"]).output().expect("runs");
    assert_eq!(code(&out), 0);
    assert!(text(&out.stdout).contains("tally"));
    let out = tally().args(["man"]).output().expect("runs");
    assert_eq!(code(&out), 0);
    assert!(text(&out.stdout).contains(".TH tally"));
}

#[test]
fn shipped_data_check_surfaces_findings_and_exits_1() {
    let out = tally()
        .args(["check", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(code(&out), 1, "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["summary"]["files"], 7);
}
