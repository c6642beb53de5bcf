//! End-to-end tests of suppressions in the data: `// tally: allow(id) 理由`
//! comments, the `unused-suppression` and `invalid-suppression` checks, the
//! suppressed count and `--show-suppressed`.

use std::collections::BTreeMap;

use crate::util::{stable, Scratch};

const RULE: &str = r#"//! ## What it checks
//! Figures of a `Sales` table are at least 0.
//!
//! ## Why it matters
//! x
//!
//! ## Example
//! x
//! Instead:
//! x
const ID = "negative-sales";
const SEVERITY = "error";
const TITLE = "a figure is negative";

fn scan(m, what) {
    for key in m.keys() {
        let v = m[key];
        if v != () && v < 0 {
            report(v, `${what}${key} ${figure(v)} 为负数`, #{ help: "核对该数" });
        }
    }
}

fn check(data) {
    for t in tables("Sales") {
        scan(t.regions, "地区");
        if "pilots" in t {
            scan(t.pilots, "试点");
        }
    }
}
"#;

/// A second rule, to show that a suppression names the rules it silences.
const BIG_RULE: &str = r#"//! ## What it checks
//! x
//!
//! ## Why it matters
//! x
//!
//! ## Example
//! x
//! Instead:
//! x
const ID = "big-sales";
const SEVERITY = "warning";
const TITLE = "a figure is large";

fn check(data) {
    for t in tables("Sales") {
        for key in t.regions.keys() {
            let v = t.regions[key];
            if v != () && (v > 100 || v < -100) {
                report(v, `地区${key} ${figure(v)} 过大`, #{ help: "核对该数" });
            }
        }
    }
}
"#;

const DATA: &str = r#"Sales(
    regions: {
        "鹿城区": -1, // tally: allow(negative-sales) 退货冲减，原表如此
        "龙湾区": -2,
        "瓯海区": 3,
    },
    // tally: allow(negative-sales) 试点区口径另定，见 2019 年 3 号文
    pilots: {
        "洞头区": -4,
        "文成县": -5,
    },
)
"#;

fn project(data: &str) -> Scratch {
    let p = Scratch::new();
    p.write("rules/negative-sales.rhai", RULE)
        .write("rules/big-sales.rhai", BIG_RULE)
        .write("data/sales.ron", data);
    p
}

/// (rule, line) of every diagnostic.
fn found(json: &serde_json::Value, key: &str) -> Vec<(String, u64)> {
    json[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key}: {json:#}"))
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().expect("rule").to_owned(),
                d["span"]["line"].as_u64().expect("line"),
            )
        })
        .collect()
}

fn owned(items: &[(&str, u64)]) -> Vec<(String, u64)> {
    items.iter().map(|(r, l)| (r.to_string(), *l)).collect()
}

#[test]
fn comments_silence_the_value_on_their_line_and_everything_below_the_line_they_are_above() {
    let p = project(DATA);
    let run = p.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1, "龙湾区 is still an error");
    let json = run.json();
    assert_eq!(found(&json, "diagnostics"), owned(&[("negative-sales", 4)]));
    assert_eq!(json["summary"]["errors"], 1);
    assert_eq!(json["summary"]["suppressed"], 3);
    assert!(
        json.get("suppressed").is_none(),
        "listed only with --show-suppressed"
    );

    let human = p.run(&["check"]);
    assert!(
        stable(&human.stdout)
            .ends_with("1 error, 0 warnings, 0 infos in 1 file, 8 rules; 3 suppressed ([time])\n"),
        "{}",
        human.stdout
    );
}

#[test]
fn show_suppressed_lists_them_with_comment_and_reason() {
    let p = project(DATA);
    let human = p.run(&["check", "--show-suppressed"]);
    insta::assert_snapshot!("show_suppressed", stable(&human.stdout));

    let json = p.run(&["check", "--show-suppressed", "--format", "json"]).json();
    assert_eq!(
        found(&json, "suppressed"),
        owned(&[
            ("negative-sales", 3),
            ("negative-sales", 9),
            ("negative-sales", 10)
        ])
    );
    let first = &json["suppressed"][0];
    assert_eq!(first["message"], "地区鹿城区 -1 为负数");
    assert_eq!(first["suppression"]["reason"], "退货冲减，原表如此");
    assert_eq!(first["suppression"]["file"], "data/sales.ron");
    assert_eq!(first["suppression"]["line"], 3);
    assert_eq!(first["suppression"]["column"], 20);
    assert_eq!(json["suppressed"][1]["suppression"]["line"], 7);

    let sarif = p.run(&["check", "--show-suppressed", "--format", "sarif"]).json();
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    let suppressed: Vec<&serde_json::Value> = results
        .iter()
        .filter(|r| r.get("suppressions").is_some())
        .collect();
    assert_eq!(suppressed.len(), 3);
    assert_eq!(suppressed[0]["suppressions"][0]["kind"], "inSource");
    assert_eq!(
        suppressed[0]["suppressions"][0]["justification"],
        "退货冲减，原表如此"
    );
}

#[test]
fn a_suppression_names_the_rules_it_silences() {
    let data = r#"Sales(
    regions: {
        "鹿城区": -500, // tally: allow(big-sales) 全年合计口径
        "龙湾区": -600, // tally: allow(negative-sales, big-sales) 冲减，原表如此
    },
)
"#;
    let json = project(data).run(&["check", "--format", "json"]).json();
    assert_eq!(found(&json, "diagnostics"), owned(&[("negative-sales", 3)]));
    assert_eq!(json["summary"]["suppressed"], 3);
}

#[test]
fn a_suppression_without_a_reason_still_silences_and_is_a_warning() {
    let data = "Sales(\n    regions: {\n        \"鹿城区\": -1, // tally: allow(negative-sales)\n    },\n)\n";
    let run = project(data).run(&["check", "--format", "json"]);
    assert_eq!(run.code, 0, "a warning does not fail by default");
    let json = run.json();
    assert_eq!(found(&json, "diagnostics"), owned(&[("unused-suppression", 3)]));
    let d = &json["diagnostics"][0];
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["message"], "suppression of `negative-sales` gives no reason");
    assert_eq!(d["span"]["column"], 20);
    assert_eq!(json["summary"]["suppressed"], 1);
}

#[test]
fn a_suppression_that_silences_nothing_is_a_warning() {
    let data = r#"Sales(
    regions: {
        "鹿城区": 1, // tally: allow(negative-sales) 已改正

        // tally: allow(negative-sales) a blank line below breaks the link

        "龙湾区": -2,
    },
    // tally: allow(negative-sales) on the line above a closing bracket
)
"#;
    let p = project(data);
    let run = p.run(&["check", "--format", "json"]);
    let json = run.json();
    assert_eq!(
        found(&json, "diagnostics"),
        owned(&[
            ("unused-suppression", 3),
            ("unused-suppression", 5),
            ("negative-sales", 7),
            ("unused-suppression", 9),
        ])
    );
    let helps: BTreeMap<u64, String> = json["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .filter(|d| d["rule"] == "unused-suppression")
        .map(|d| {
            (
                d["span"]["line"].as_u64().expect("line"),
                d["help"].as_str().expect("help").to_owned(),
            )
        })
        .collect();
    assert!(
        helps[&3].contains("reports nothing at the values on line 3"),
        "{}",
        helps[&3]
    );
    assert!(helps[&5].contains("no blank line between"), "{}", helps[&5]);
    assert!(helps[&9].contains("no value starts on line 10"), "{}", helps[&9]);
    insta::assert_snapshot!("unused_suppressions", stable(&p.run(&["check"]).stdout));
}

#[test]
fn malformed_comments_and_unknown_rules_are_invalid_suppressions() {
    let data = r#"Sales(
    regions: {
        "鹿城区": -1, // tally: allow(negative-sale) typo in the id
        "龙湾区": -2, // tally: alow(negative-sales) typo in the verb
        "瓯海区": -3, // tally: allow negative-sales
        "洞头区": -4, // TALLY: allow(negative-sales) 大写也算
        "文成县": 5, // tally counts this, an ordinary comment
    },
)
"#;
    let p = project(data);
    let json = p.run(&["check", "--format", "json"]).json();
    assert_eq!(
        found(&json, "diagnostics"),
        owned(&[
            ("negative-sales", 3),
            ("invalid-suppression", 3),
            ("negative-sales", 4),
            ("invalid-suppression", 4),
            ("negative-sales", 5),
            ("invalid-suppression", 5),
        ])
    );
    let d = &json["diagnostics"];
    assert_eq!(
        d[1]["message"],
        "`tally: allow(negative-sale)` names an unknown rule"
    );
    assert_eq!(
        d[1]["help"],
        "did you mean `negative-sales`? `tally rules` lists the rules"
    );
    assert!(d[3]["message"]
        .as_str()
        .expect("message")
        .contains("unknown `tally:` directive `alow`"));
    assert!(d[5]["message"].as_str().expect("message").contains("parentheses"));
    insta::assert_snapshot!("invalid_suppressions", stable(&p.run(&["check"]).stdout));
}

#[test]
fn rules_that_did_not_run_are_not_judged() {
    let data =
        "Sales(\n    regions: {\n        \"鹿城区\": 1, // tally: allow(negative-sales) 已改正\n    },\n)\n";
    let p = project(data);
    let count = |args: &[&str]| {
        let mut all = vec!["check", "--format", "json"];
        all.extend_from_slice(args);
        p.run(&all).json()["diagnostics"].as_array().expect("array").len()
    };
    assert_eq!(count(&[]), 1, "unused");
    assert_eq!(count(&["--ignore", "negative-sales"]), 0, "the rule did not run");
    assert_eq!(count(&["--select", "big-sales,unused-suppression"]), 0);
    assert_eq!(
        count(&["--ignore", "unused-suppression"]),
        0,
        "the check is ignored"
    );
}

#[test]
fn suppression_checks_take_severity_and_per_file_ignores_from_tally_ron() {
    let data = "Sales(\n    regions: {\n        \"鹿城区\": 1, // tally: allow(negative-sales)\n    },\n)\n";
    let p = project(data);
    p.write(
        "tally.ron",
        "Config(severity: {\"unused-suppression\": \"error\"})\n",
    );
    let run = p.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(
        run.json()["summary"]["errors"],
        2,
        "silences nothing, and no reason"
    );
    p.write(
        "tally.ron",
        "Config(per_file_ignores: {\"data/sales.ron\": [\"unused-suppression\"]})\n",
    );
    let run = p.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.json()["diagnostics"].as_array().expect("array").len(), 0);
}

#[test]
fn block_comments_and_crlf_line_ends_work() {
    let data = "Sales(\r\n    regions: {\r\n        \"鹿城区\": /* tally: allow(negative-sales) 冲减 */ -1,\r\n        /* tally: allow(negative-sales) 冲减 */\r\n        \"龙湾区\": -2,\r\n        \"瓯海区\": -3, // tally: allow(negative-sales) 冲减\r\n    },\r\n)\r\n";
    let json = project(data).run(&["check", "--format", "json"]).json();
    assert_eq!(found(&json, "diagnostics"), Vec::<(String, u64)>::new());
    assert_eq!(json["summary"]["suppressed"], 3);
}

#[test]
fn check_with_suppressions_never_writes_to_the_data() {
    let p = project(DATA);
    let before = p.read("data/sales.ron");
    let _ = p.run(&["check", "--show-suppressed"]);
    assert_eq!(p.read("data/sales.ron"), before);
    let entries = std::fs::read_dir(p.path().join("data")).expect("data").count();
    assert_eq!(entries, 1, "nothing created beside the data");
}
