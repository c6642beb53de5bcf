//! Issue 17: everything tally says itself is Chinese with `--lang zh` (or
//! a `zh_*` locale): schema findings, `io`, `config-error`, `rule-error`
//! (tally's words and Rhai's), the verdicts of `tally test`, clap's usage
//! errors, setup errors, JUnit and `tally schema`. One snapshot per kind
//! of message, of the real binary; English is covered by the other
//! modules, whose snapshots stay as they were.

use crate::util::{Run, Scratch};

const RULE: &str = r#"//! ## What it checks
//! Figures of a `Sales` table are at least 0.
const ID = "negative-sales";
const SEVERITY = "error";
const TITLE = "a figure is negative";

fn check(data) {
    for t in tables("Sales") {
        for key in t.regions.keys() {
            let v = t.regions[key];
            if v != () && v < 0 {
                report(v, `地区${key} ${figure(v)} 为负数`);
            }
        }
    }
}
"#;

fn project() -> Scratch {
    let p = Scratch::new();
    p.write("rules/negative-sales.rhai", RULE).write(
        "data/sales.ron",
        "Sales(\n    regions: {\n        \"鹿城区\": 1,\n    },\n)\n",
    );
    p
}

/// `tally ARGS` in `p` with `LANG=zh_CN.UTF-8`.
fn zh(p: &Scratch, args: &[&str]) -> Run {
    p.run_with_lang("zh_CN.UTF-8", args)
}

#[test]
fn zh_shape_findings() {
    let p = project();
    p.write(
        "data/sales.ron",
        "Sales(\n    titel: \"销售\",\n    total: \"12\",\n    corrections: [1.5, NaN],\n    regions: {\n        \"鹿城区\": 1,\n    },\n)\n",
    );
    let run = zh(&p, &["check"]);
    assert_eq!(run.code, 1, "{}", run.shown());
    insta::assert_snapshot!("zh_shape", run.shown());
}

#[test]
fn zh_unknown_reference_and_no_schema() {
    let p = project();
    p.write(
        "schemas/Regions.ron",
        "Schema(\n    kind: \"Regions\",\n    fields: {\n        \"names\": (type: \"list of text\"),\n    },\n)\n",
    )
    .write(
        "schemas/Targets.ron",
        "Schema(\n    kind: \"Targets\",\n    fields: {\n        \"region\": (type: \"text\", references: \"Regions.names\"),\n    },\n)\n",
    )
    .write("data/regions.ron", "Regions(\n    names: [\"鹿城区\", \"龙湾区\"],\n)\n")
    .write("data/targets.ron", "Targets(\n    region: \"龙湾\",\n)\n")
    .write("data/progress.ron", "Progress(\n    done: 3,\n)\n");
    let run = zh(&p, &["check"]);
    insta::assert_snapshot!("zh_reference_no_schema", run.shown());
}

#[test]
fn zh_config_errors() {
    let p = project();
    p.write("tally.ron", "Config(\n    selct: [\"negative-sales\"],\n)\n");
    let run = zh(&p, &["check"]);
    assert_eq!(run.code, 2);
    let unknown_key = run.shown();
    p.write(
        "tally.ron",
        "Config(\n    severity: {\"negative-sales\": \"fatal\"},\n)\n",
    );
    let severity = zh(&p, &["check"]);
    assert_eq!(severity.code, 2);
    p.write("tally.ron", "Config(\n    ignore: [\"negative-sale\"],\n)\n");
    let rule = zh(&p, &["check"]);
    assert_eq!(rule.code, 2);
    insta::assert_snapshot!(
        "zh_config_error",
        format!("{unknown_key}\n{}\n{}", severity.shown(), rule.shown())
    );
}

#[test]
fn zh_rule_errors_at_run_time() {
    let p = project();
    p.write(
        "rules/broken-lookup.rhai",
        "const ID = \"broken-lookup\";\nconst SEVERITY = \"error\";\nconst TITLE = \"x\";\n\nfn check(data) {\n    let x = [1, 2];\n    let y = x[5];\n}\n",
    )
    .write(
        "rules/broken-call.rhai",
        "const ID = \"broken-call\";\nconst SEVERITY = \"error\";\nconst TITLE = \"x\";\n\nfn check(data) {\n    let n = 合计(1, \"2\");\n}\n",
    )
    .write(
        "rules/broken-report.rhai",
        "const ID = \"broken-report\";\nconst SEVERITY = \"error\";\nconst TITLE = \"x\";\n\nfn check(data) {\n    report(1 + 1, \"两个\");\n}\n",
    )
    .write(
        "rules/broken-kind.rhai",
        "const ID = \"broken-kind\";\nconst SEVERITY = \"error\";\nconst TITLE = \"x\";\n\nfn check(data) {\n    for t in tables(\"Sale\") {}\n}\n",
    )
    .write(
        "rules/broken-field.rhai",
        "const ID = \"broken-field\";\nconst SEVERITY = \"error\";\nconst TITLE = \"x\";\n\nfn check(data) {\n    for t in tables(\"Sales\") { let r = t.regoins; }\n}\n",
    )
    .write(
        "rules/broken-sum.rhai",
        "const ID = \"broken-sum\";\nconst SEVERITY = \"error\";\nconst TITLE = \"x\";\n\nfn check(data) {\n    for t in tables(\"Parts\") { let s = sum(t.parts); }\n}\n",
    )
    .write("schemas/Parts.ron", "Schema(\n    kind: \"Parts\",\n    fields: {\n        \"parts\": (type: \"map of text to text\"),\n    },\n)\n")
    .write("data/parts.ron", "Parts(\n    parts: {\"甲\": \"1\"},\n)\n")
    .write(
        "rules/broken-compare.rhai",
        "const ID = \"broken-compare\";\nconst SEVERITY = \"error\";\nconst TITLE = \"x\";\n\nfn check(data) {\n    let c = compare(\"十\", 10, 0);\n}\n",
    )
    .write("rules/lib/helpers.rhai", "fn twice(x) { x * 2 }\n")
    .write(
        "rules/broken-import.rhai",
        "const ID = \"broken-import\";\nconst SEVERITY = \"error\";\nconst TITLE = \"x\";\n\nfn check(data) {\n    import \"helper\" as h;\n}\n",
    )
    .write(
        "rules/broken-name.rhai",
        "const ID = \"broken-name\";\nconst SEVERITY = \"error\";\nconst TITLE = \"x\";\n\nfn check(data) {\n    let n = undefined_total + 1;\n}\n",
    );
    let run = zh(&p, &["check"]);
    assert_eq!(run.code, 2, "{}", run.shown());
    insta::assert_snapshot!("zh_rule_error_runtime", run.shown());
}

#[test]
fn zh_rule_errors_at_compile_time() {
    let p = project();
    p.write(
        "rules/broken-syntax.rhai",
        "const ID = \"broken-syntax\";\nconst SEVERITY = \"error\";\nconst TITLE = \"x\";\n\nfn check(data) {\n    let a = (1 + 2;\n}\n",
    )
    .write(
        "rules/no-check.rhai",
        "const ID = \"no-check\";\nconst SEVERITY = \"error\";\nconst TITLE = \"x\";\n\nfn run(data) {}\n",
    );
    let run = zh(&p, &["check"]);
    assert_eq!(run.code, 2, "{}", run.shown());
    insta::assert_snapshot!("zh_rule_error_compile", run.shown());
}

#[cfg(unix)]
#[test]
fn zh_io_findings() {
    let p = project();
    p.write_bytes("data/latin1.ron", b"Sales(title: \"\xc9t\xe9\")\n");
    p.write("elsewhere.ron", "Sales()\n");
    std::os::unix::fs::symlink("../elsewhere.ron", p.path().join("data/outside.ron")).expect("symlink");
    let run = zh(&p, &["check"]);
    assert_eq!(run.code, 2, "{}", run.shown());
    insta::assert_snapshot!("zh_io", run.shown());
}

#[test]
fn zh_fixture_verdicts() {
    let p = project();
    p.write(
        "rules/fixtures/negative-sales/pass.ron",
        "Sales(\n    regions: {\n        \"鹿城区\": -1,\n    },\n)\n",
    )
    .write(
        "rules/fixtures/negative-sales/fail.ron",
        "Sales(\n    regions: {\n        \"鹿城区\": -2,\n    },\n)\n",
    )
    .write("rules/fixtures/negative-sales/notes.ron", "Sales()\n")
    .write("rules/fixtures/gone-rule/pass.ron", "Sales()\n");
    let run = zh(&p, &["test"]);
    assert_eq!(run.code, 1, "{}", run.shown());
    let junit = zh(&p, &["test", "--format", "junit"]);
    let junit = junit
        .stdout
        .lines()
        .map(|l| match l.find(" time=\"") {
            Some(i) => format!("{}>", &l[..i]),
            None => l.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!(
        "zh_fixture_verdicts",
        format!("{}\n--- junit\n{junit}", run.shown())
    );
}

#[test]
fn zh_usage_errors_keep_exit_code_2() {
    let p = project();
    let mut out = String::new();
    for args in [
        &["check", "--no-such-flag"][..],
        &["chek"],
        &["check", "--fail-on", "fatal"],
        &["check", "--format"],
        &["check", "--fail-o", "warning"],
    ] {
        let run = zh(&p, args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.shown());
        assert!(run.stdout.is_empty());
        out.push_str(&format!("$ tally {}\n{}\n", args.join(" "), run.stderr));
    }
    // `--help` is no error, in either language.
    assert_eq!(zh(&p, &["check", "--help"]).code, 0);
    insta::assert_snapshot!("zh_usage_errors", out);
}

#[test]
fn zh_setup_errors() {
    let p = project();
    let unknown = zh(&p, &["check", "--select", "negative-sale"]);
    assert_eq!(unknown.code, 2);
    let baseline = zh(&p, &["check", "--baseline", "none.json"]);
    assert_eq!(baseline.code, 2);
    insta::assert_snapshot!(
        "zh_setup_errors",
        format!("{}\n{}", unknown.shown(), baseline.shown())
    );
}

#[test]
fn zh_junit_of_check() {
    let p = project();
    p.write(
        "data/sales.ron",
        "Sales(\n    total: \"12\",\n    regions: {\n        \"鹿城区\": -1,\n    },\n)\n",
    );
    let run = zh(&p, &["check", "--format", "junit"]);
    assert_eq!(run.code, 1);
    let xml = run
        .stdout
        .replace('\r', "")
        .lines()
        .map(|l| match l.find(" time=\"") {
            Some(i) => format!("{}>", &l[..i]),
            None => l.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!("zh_junit_check", xml);
}

#[test]
fn zh_schema_commands() {
    let p = project();
    let show = zh(&p, &["schema", "show", "Sales"]);
    assert_eq!(show.code, 0, "{}", show.shown());
    let unknown = zh(&p, &["schema", "show", "Sale"]);
    let check = zh(&p, &["schema", "check"]);
    p.write("data/progress.ron", "Progress(\n    done: 3,\n)\n");
    let infer = zh(&p, &["schema", "infer", "data/progress.ron"]);
    assert_eq!(infer.code, 0, "{}", infer.shown());
    p.write(
        "schemas/Broken.ron",
        "Schema(\n    kind: \"Broken\",\n    fields: {\n        \"a\": (type: \"lst of text\"),\n    },\n)\n",
    );
    let broken = zh(&p, &["schema", "check"]);
    insta::assert_snapshot!(
        "zh_schema_commands",
        [show, unknown, check, infer, broken]
            .iter()
            .map(Run::shown)
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn zh_checks_file_config_errors() {
    let p = project();
    p.write(
        "rules/mine.checks.ron",
        r#"Checks([
    (
        id: "total-too-high",
        severity: "error",
        title: "x",
        kind: "Sales",
        check: "totl <= 100",
        message: "合计 {total}",
        colour: "red",
    ),
    (
        id: "wrong-kind",
        severity: "fatal",
        title: "x",
        kind: "Sale",
        check: "total <= 100",
        message: "合计 {total",
    ),
])
"#,
    );
    let run = zh(&p, &["check"]);
    assert_eq!(run.code, 2, "{}", run.shown());
    insta::assert_snapshot!("zh_checks_file", run.shown());
}
