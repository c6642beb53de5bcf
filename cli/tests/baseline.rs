//! End-to-end tests of baselines: `tally check --write-baseline FILE`,
//! `--baseline FILE`, tally.ron's `baseline` and `--no-baseline`.

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

fn check(data) {
    for t in tables("Sales") {
        for key in t.regions.keys() {
            let v = t.regions[key];
            if v != () && v < 0 {
                report(v, `地区${key} ${figure(v)} 为负数`, #{ help: "核对该数", data: #{ value: v } });
            }
        }
        // The same finding twice when a list repeats a value: counts.
        for v in t.corrections {
            if v < 0 {
                report(t.corrections, `更正 ${figure(v)} 为负数`, #{ help: "核对该数", data: #{ value: v } });
            }
        }
    }
}
"#;

const DATA: &str = r#"Sales(
    regions: {
        "鹿城区": -1,
        "龙湾区": -2,
        "瓯海区": 3,
    },
    corrections: [-7, -7],
)
"#;

fn project() -> Scratch {
    let p = Scratch::new();
    p.write("rules/negative-sales.rhai", RULE)
        .write("data/sales.ron", DATA);
    p
}

#[test]
fn write_baseline_records_every_finding_deterministically_and_exits_0() {
    let p = project();
    assert_eq!(p.run(&["check"]).code, 1);
    let run = p.run(&["check", "--write-baseline", "tally-baseline.json"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stderr,
        "wrote 4 findings to the baseline `tally-baseline.json`\n"
    );
    assert!(
        stable(&run.stdout).ends_with("no new findings in 1 file, 7 rules; 4 in the baseline ([time])\n"),
        "{}",
        run.stdout
    );
    let written = p.read("tally-baseline.json");
    insta::assert_snapshot!("baseline_file", written);
    // Deterministic: the same findings give the same bytes.
    assert_eq!(
        p.run(&["check", "--write-baseline", "tally-baseline.json"]).code,
        0
    );
    assert_eq!(p.read("tally-baseline.json"), written);
    assert_eq!(p.read("data/sales.ron"), DATA, "the data is never written");
}

#[test]
fn with_a_baseline_only_new_findings_fail_and_keys_survive_moved_lines() {
    let p = project();
    assert_eq!(p.run(&["check", "--write-baseline", "b.json"]).code, 0);
    let run = p.run(&["check", "--baseline", "b.json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);

    // Lines move (a comment and blank lines above), nothing else changes.
    p.write(
        "data/sales.ron",
        &DATA.replace("Sales(\n", "// 2019 年数据\n\n\nSales(\n"),
    );
    let run = p.run(&["check", "--baseline", "b.json", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let json = run.json();
    assert_eq!(json["summary"]["baselined"], 4);
    assert_eq!(json["diagnostics"].as_array().expect("array").len(), 0);
    assert_eq!(json["baseline"]["file"], "b.json");
    assert_eq!(json["baseline"]["matched"], 4);
    assert_eq!(json["baseline"]["gone"].as_array().expect("gone").len(), 0);
}

#[test]
fn new_findings_fail_and_gone_ones_are_reported() {
    let p = project();
    assert_eq!(p.run(&["check", "--write-baseline", "b.json"]).code, 0);
    // 鹿城区 corrected, 瓯海区 newly wrong, a third -7, 龙湾区's figure changed.
    let changed = DATA
        .replace("\"鹿城区\": -1", "\"鹿城区\": 1")
        .replace("\"瓯海区\": 3", "\"瓯海区\": -3")
        .replace("\"龙湾区\": -2", "\"龙湾区\": -20")
        .replace("[-7, -7]", "[-7, -7, -7]");
    p.write("data/sales.ron", &changed);
    let run = p.run(&["check", "--baseline", "b.json"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("baseline_new_and_gone", stable(&run.stdout));

    let json = p
        .run(&["check", "--baseline", "b.json", "--format", "json"])
        .json();
    let new: Vec<(&str, &str)> = json["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .map(|d| {
            (
                d["path"].as_str().expect("path"),
                d["message"].as_str().expect("message"),
            )
        })
        .collect();
    assert_eq!(
        new,
        [
            ("regions[\"龙湾区\"]", "地区龙湾区 -20 为负数"),
            ("regions[\"瓯海区\"]", "地区瓯海区 -3 为负数"),
            ("corrections", "更正 -7 为负数"),
        ]
    );
    assert_eq!(json["summary"]["baselined"], 2, "the two -7 of the baseline");
    let gone = json["baseline"]["gone"].as_array().expect("gone");
    assert_eq!(gone.len(), 2);
    assert_eq!(gone[0]["path"], "regions[\"鹿城区\"]");
    assert_eq!(gone[0]["count"], 1);
    assert_eq!(gone[1]["data"]["value"], -2);
}

#[test]
fn tally_ron_names_a_default_baseline() {
    let p = project();
    p.write("tally.ron", "Config(baseline: \"tally-baseline.json\")\n");
    // Named but not written yet: exit 2 with the command that writes it.
    let run = p.run(&["check"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "the baseline `tally-baseline.json` (named by tally.ron) does not exist; write it with `tally check --write-baseline tally-baseline.json`"
        ),
        "{}",
        run.stderr
    );
    // `--write-baseline` without a FILE writes tally.ron's.
    assert_eq!(p.run(&["check", "--write-baseline"]).code, 0);
    assert!(p.path().join("tally-baseline.json").is_file());
    assert_eq!(p.run(&["check"]).code, 0);
    // From a subfolder, the path is still relative to tally.ron.
    std::fs::create_dir_all(p.path().join("data/sub")).expect("sub");
    assert_eq!(p.run_in("data/sub", &["check"]).code, 0);
    // `--no-baseline` shows everything again.
    let run = p.run(&["check", "--no-baseline"]);
    assert_eq!(run.code, 1);
    assert!(!run.stdout.contains("baseline"), "{}", run.stdout);
}

#[test]
fn write_baseline_without_a_file_or_config_is_exit_2() {
    let run = project().run(&["check", "--write-baseline"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("`--write-baseline` needs a FILE"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_baseline_is_never_written_to_a_ron_file() {
    let p = project();
    let run = p.run(&["check", "--write-baseline", "data/sales.ron"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("is not written to a `.ron` file"),
        "{}",
        run.stderr
    );
    assert_eq!(p.read("data/sales.ron"), DATA);
}

#[test]
fn write_baseline_replaces_only_a_baseline() {
    let p = project();
    let run = p.run(&["check", "--write-baseline", "rules/negative-sales.rhai"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("`rules/negative-sales.rhai` exists and is not a tally baseline; not overwriting it"),
        "{}",
        run.stderr
    );
    assert_eq!(p.read("rules/negative-sales.rhai"), RULE);
    // An existing baseline is replaced.
    p.write("b.json", "{\"version\": 1, \"findings\": []}\n");
    assert_eq!(p.run(&["check", "--write-baseline", "b.json"]).code, 0);
    assert!(p.read("b.json").contains("\"count\": 2"));
}

#[test]
fn a_missing_or_invalid_baseline_is_exit_2() {
    let p = project();
    let run = p.run(&["check", "--baseline", "nowhere.json"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("the baseline `nowhere.json` does not exist"),
        "{}",
        run.stderr
    );

    p.write("b.json", "{\"version\": 1, \"findings\": [{\"rule\": \"x\"}]}");
    let run = p.run(&["check", "--baseline", "b.json"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("the baseline `b.json` is invalid: line 1, column"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("missing field `message`"), "{}", run.stderr);

    p.write("b.json", "{\"version\": 7, \"findings\": []}");
    let run = p.run(&["check", "--baseline", "b.json"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("version 7 is not supported"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_check_that_could_not_be_carried_out_writes_no_baseline() {
    let p = project();
    p.write(
        "rules/broken.rhai",
        "const ID = \"broken\";\nconst SEVERITY = \"error\";\nconst TITLE = \"t\";\nfn check(data) { throw \"boom\"; }\n",
    );
    let run = p.run(&["check", "--write-baseline", "b.json"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("the baseline `b.json` was not written"),
        "{}",
        run.stderr
    );
    assert!(!p.path().join("b.json").exists());
}

#[test]
fn baseline_and_write_baseline_conflict() {
    let run = project().run(&["check", "--baseline", "a.json", "--write-baseline", "b.json"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("cannot be used with"), "{}", run.stderr);
}
