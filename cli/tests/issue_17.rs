//! Issue 17: the Chinese interface, and the rough edges a new user hit
//! (full-width suppressions, Chinese names in rules, an unclosed `{`, a
//! text stored in a variable, baselines that survive inserted rows).

use crate::util::{tally, Run, Scratch};

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
                report(v, `地区${key} ${figure(v)} 为负数`);
            }
        }
    }
}
"#;

const DATA: &str = r#"Sales(
    regions: {
        "鹿城区": -1,
        "瓯海区": 3,
    },
)
"#;

fn project() -> Scratch {
    let p = Scratch::new();
    p.write("rules/negative-sales.rhai", RULE)
        .write("data/sales.ron", DATA);
    p
}

/// `tally ARGS` in `p` with `LANG` set to `lang`.
fn run_with_lang(p: &Scratch, lang: &str, args: &[&str]) -> Run {
    p.run_with_lang(lang, args)
}

fn summary(run: &Run) -> &str {
    run.stdout.lines().last().unwrap_or_default()
}

#[test]
fn issue_17_the_locale_the_flag_and_tally_ron_choose_the_language() {
    let p = project();
    let english = run_with_lang(&p, "C.UTF-8", &["check"]);
    assert!(
        summary(&english).starts_with("1 error, 0 warnings, 0 infos in 1 file, "),
        "{}",
        english.stdout
    );

    let chinese = run_with_lang(&p, "zh_CN.UTF-8", &["check"]);
    assert_eq!(chinese.code, 1);
    assert!(
        summary(&chinese).starts_with("1 个错误，0 个警告，0 个提示；检查了 1 个文件，"),
        "{}",
        chinese.stdout
    );
    // The flag wins over the locale.
    let flagged = run_with_lang(&p, "zh_CN.UTF-8", &["check", "--lang", "en"]);
    assert!(summary(&flagged).starts_with("1 error"), "{}", flagged.stdout);
    let flagged = run_with_lang(&p, "C.UTF-8", &["--lang=zh", "check"]);
    assert!(summary(&flagged).starts_with("1 个错误"), "{}", flagged.stdout);

    // tally.ron's `lang` wins over the locale, the flag over tally.ron.
    p.write("tally.ron", "Config(lang: \"zh\")\n");
    let configured = run_with_lang(&p, "en_US.UTF-8", &["check"]);
    assert!(
        summary(&configured).starts_with("1 个错误"),
        "{}",
        configured.stdout
    );
    let flagged = run_with_lang(&p, "en_US.UTF-8", &["check", "--lang", "en"]);
    assert!(summary(&flagged).starts_with("1 error"), "{}", flagged.stdout);

    // An unknown language in tally.ron is a config-error at its place.
    p.write("tally.ron", "Config(lang: \"fr\")\n");
    let bad = run_with_lang(&p, "C.UTF-8", &["check"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("unknown interface language `fr`"),
        "{}",
        bad.stderr
    );
    assert!(bad.stderr.contains("tally.ron:1:14"), "{}", bad.stderr);
}

#[test]
fn issue_17_help_rules_explain_test_and_new_speak_chinese() {
    let p = project();
    let help = run_with_lang(&p, "zh_CN.UTF-8", &["check", "--help"]);
    assert_eq!(help.code, 0, "{}", help.stderr);
    assert!(help.stdout.contains("用法："), "{}", help.stdout);
    assert!(
        help.stdout.contains("有问题达到或超过这个严重程度时退出码为 1"),
        "{}",
        help.stdout
    );
    assert!(!help.stdout.contains("Exit 1 if"), "{}", help.stdout);
    let top = run_with_lang(&p, "C.UTF-8", &["--lang", "zh", "--help"]);
    assert!(top.stdout.contains("命令"), "{}", top.stdout);
    assert!(top.stdout.contains("用样例检验每条规则"), "{}", top.stdout);

    let rules = run_with_lang(&p, "zh_CN.UTF-8", &["rules"]);
    assert!(rules.stdout.contains("（内置）"), "{}", rules.stdout);
    let explain = run_with_lang(&p, "zh_CN.UTF-8", &["explain", "duplicate-key"]);
    assert!(explain.stdout.contains("定义于：内置"), "{}", explain.stdout);

    let new = run_with_lang(&p, "zh_CN.UTF-8", &["new", "rule", "sales-below-zero"]);
    assert_eq!(new.code, 0, "{}", new.stderr);
    assert!(
        new.stdout.contains("已写入 rules/sales-below-zero.rhai"),
        "{}",
        new.stdout
    );
    assert!(new.stdout.contains("下一步"), "{}", new.stdout);
    let bad = run_with_lang(&p, "zh_CN.UTF-8", &["new", "rule", "Bad Id"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("错误：`Bad Id` 不是有效的规则 id"),
        "{}",
        bad.stderr
    );

    let test = run_with_lang(&p, "zh_CN.UTF-8", &["test", "sales-below-zero"]);
    assert_eq!(test.code, 0, "{}{}", test.stdout, test.stderr);
    assert!(test.stdout.contains("通过"), "{}", test.stdout);
    assert!(
        test.stdout.contains("1 条规则，2 个样例：2 个通过"),
        "{}",
        test.stdout
    );
}

#[test]
fn issue_17_built_in_findings_speak_chinese() {
    let p = project();
    p.write(
        "data/sales.ron",
        "Sales(\n    regions: {\n        \"鹿城区\": -1, // tally: allow(negative-sales)\n        \"鹿城区\": 2,\n    },\n)\n",
    );
    let run = run_with_lang(&p, "zh_CN.UTF-8", &["check"]);
    assert!(
        run.stdout.contains("这个映射中键 `鹿城区` 写了两次"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("☞ 相关位置：第一次写在这里") || run.stdout.contains("第一次写在这里"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("放行 `negative-sales` 时没有写理由"),
        "{}",
        run.stdout
    );
    p.write("data/broken.ron", "Sales(regions: {\"a\": 1,)\n");
    let run = run_with_lang(&p, "zh_CN.UTF-8", &["check"]);
    assert!(run.stdout.contains("RON 语法错误："), "{}", run.stdout);
    assert!(
        run.stdout.contains("请修正 RON 语法；其他文件照常检查"),
        "{}",
        run.stdout
    );
}

/// Typed with a Chinese input method, or without the colon: the comment
/// silences as meant; a malformed one says the right form.
#[test]
fn issue_17_full_width_and_colonless_suppressions_are_understood() {
    let p = project();
    p.write(
        "data/sales.ron",
        "Sales(\n    regions: {\n        \"鹿城区\": -1, // tally：allow（negative-sales）原文如此\n        \"龙湾区\": -2, // tally allow(negative-sales) 已核实\n        \"瓯海区\": -3, // tally: allow（negative-sales 待核实\n    },\n)\n",
    );
    let run = p.run(&["check", "--format", "json"]);
    let json = run.json();
    let findings = json["diagnostics"].as_array().expect("diagnostics");
    let rules: Vec<&str> = findings.iter().filter_map(|f| f["rule"].as_str()).collect();
    assert_eq!(rules, ["negative-sales", "invalid-suppression"], "{}", run.stdout);
    assert_eq!(json["summary"]["suppressed"], 2, "{}", run.stdout);
    let invalid = &findings[1];
    assert_eq!(invalid["help"], "write `// tally: allow(rule-id) reason` at the end of the value's line or on the line directly above it");
    let zh = run_with_lang(&p, "zh_CN.UTF-8", &["check"]);
    assert!(
        zh.stdout
            .contains("请写成 `// tally: allow(规则id) 理由`（半角冒号和括号）"),
        "{}",
        zh.stdout
    );
}

#[test]
fn issue_17_rules_may_name_things_in_chinese() {
    let p = project();
    p.write(
        "rules/negative-sales.rhai",
        &RULE.replace(
            "fn check(data) {",
            "fn 差额(甲, 乙) { 甲 - 乙 }\n\nfn check(data) {\n    let 合计 = 0;\n    for 表 in tables(\"Sales\") { 合计 += 差额(10, 表.regions.len()); }\n    if 合计 != 8 { throw `合计 ${合计}`; }",
        ),
    );
    let run = p.run(&["check"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(!run.stdout.contains("rule-error"), "{}", run.stdout);
    assert!(run.stdout.contains("地区鹿城区 -1 为负数"), "{}", run.stdout);
}

/// An extra `{` is reported where it was opened, not at the end of the file.
#[test]
fn issue_17_an_unclosed_brace_is_reported_where_it_opened() {
    let p = project();
    p.write(
        "rules/negative-sales.rhai",
        &RULE.replace("if v != () && v < 0 {", "if v != () && v < 0 { {"),
    );
    let run = p.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    let json = run.json();
    let finding = &json["diagnostics"][0];
    assert_eq!(finding["rule"], "rule-error");
    assert!(
        finding["message"]
            .as_str()
            .is_some_and(|m| m.contains("never closed")),
        "{finding}"
    );
    let line = RULE
        .lines()
        .position(|l| l.contains("if v != ()"))
        .expect("in the rule")
        + 1;
    assert_eq!(finding["span"]["line"], line, "{finding}");
}

/// `let u = l.unit; report(u, …)`: the message says why and what to write.
#[test]
fn issue_17_a_text_stored_in_a_variable_says_why_it_has_no_place() {
    let p = project();
    p.write("data/units.ron", "Units(units: [(name: \"市经信局\")])\n");
    p.write(
        "rules/negative-sales.rhai",
        &RULE.replace(
            "fn check(data) {",
            "fn check(data) {\n    for t in tables(\"Units\") { for l in t.units { let u = l.name; report(u, \"x\"); } }",
        ),
    );
    let run = p.run(&["check", "--format", "json"]);
    let json = run.json();
    let message = json["diagnostics"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["rule"] == "rule-error"))
        .map(|f| f["message"].to_string())
        .unwrap_or_default();
    assert!(
        message.contains("loses its place once it is stored in a variable"),
        "{}",
        run.stdout
    );
    assert!(message.contains("report(l.unit, …)"), "{message}");
}

const ITEMS_RULE: &str = r#"//! ## What it checks
//! x
//!
//! ## Why it matters
//! x
//!
//! ## Example
//! x
//! Instead:
//! x
const ID = "unknown-office";
const SEVERITY = "error";
const TITLE = "an office is unknown";

fn check(data) {
    for t in tables("Tasks") {
        for task in t.tasks {
            for item in task.items {
                if item.unit == "市经信委" {
                    report(item.unit, `单位 ${item.unit} 已改名`);
                }
            }
        }
    }
}
"#;

fn tasks(rows: &[(u32, &[(&str, &str)])]) -> String {
    let mut text = String::from("Tasks(\n    tasks: [\n");
    for (number, items) in rows {
        text.push_str(&format!("        (number: {number}, items: [\n"));
        for (what, unit) in *items {
            text.push_str(&format!("            (text: \"{what}\", unit: \"{unit}\"),\n"));
        }
        text.push_str("        ]),\n");
    }
    text.push_str("    ],\n)\n");
    text
}

/// Baselines name list members by their identity: inserting a task or an
/// item above an accepted finding, or moving it, keeps it accepted; a
/// baseline with positional paths still reads and matches.
#[test]
fn issue_17_baselines_survive_inserted_and_moved_rows() {
    let p = Scratch::new();
    p.write("rules/unknown-office.rhai", ITEMS_RULE);
    // The kind's schema names the key of each record.
    p.write(
        "schemas/Tasks.ron",
        "Schema(kind: \"Tasks\", fields: {\"tasks\": \"list of Task\"}, records: {\n    \"Task\": (key: \"number\", fields: {\"number\": \"integer\", \"items\": \"list of Item\"}),\n    \"Item\": (key: \"text\", fields: {\"text\": \"text\", \"unit\": \"text\"}),\n})\n",
    );
    p.write(
        "data/tasks.ron",
        &tasks(&[
            (15, &[("甲", "市统计局")]),
            (16, &[("建设云计算中心", "市经信委"), ("乙", "市统计局")]),
        ]),
    );
    let written = p.run(&["check", "--write-baseline", "tally-baseline.json"]);
    assert_eq!(written.code, 0, "{}", written.stderr);
    let baseline = p.read("tally-baseline.json");
    assert!(
        baseline.contains("\"path\": \"tasks[number=16].items[text=建设云计算中心].unit\""),
        "{baseline}"
    );
    // A task inserted above, an item inserted above, the tasks reordered.
    p.write(
        "data/tasks.ron",
        &tasks(&[
            (
                16,
                &[
                    ("新增一项", "市统计局"),
                    ("建设云计算中心", "市经信委"),
                    ("乙", "市统计局"),
                ],
            ),
            (14, &[("新任务", "市统计局")]),
            (15, &[("甲", "市统计局")]),
        ]),
    );
    let run = p.run(&["check", "--baseline", "tally-baseline.json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.contains("no new findings"), "{}", run.stdout);

    // An old baseline, with the positions of the first version.
    p.write(
        "data/tasks.ron",
        &tasks(&[
            (15, &[("甲", "市统计局")]),
            (16, &[("建设云计算中心", "市经信委"), ("乙", "市统计局")]),
        ]),
    );
    let old = baseline.replace(
        "tasks[number=16].items[text=建设云计算中心].unit",
        "tasks[1].items[0].unit",
    );
    p.write("old-baseline.json", &old);
    let run = p.run(&["check", "--baseline", "old-baseline.json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.contains("1 in the baseline"), "{}", run.stdout);
}

/// `工业 APP 开发应用` leaves two regions blank: its sum finding says so and
/// names them, as `企业上云数`'s says how many are `-`.
#[test]
fn issue_17_blank_regions_are_named_in_every_sum_finding() {
    let output = tally()
        .args(["check", "--select", "breakdown-sum-mismatch", "--format", "json"])
        .output()
        .expect("tally runs");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let findings = json["diagnostics"].as_array().expect("diagnostics");
    let app = findings
        .iter()
        .find(|f| {
            f["message"]
                .as_str()
                .is_some_and(|m| m.contains("工业 APP 开发应用"))
        })
        .expect("the 工业 APP 开发应用 finding");
    let help = app["help"].as_str().unwrap_or_default();
    assert!(help.contains("空白未列的地区：温州生态园、浙南科技城"), "{app}");
    let human = tally()
        .args(["check", "--select", "breakdown-sum-mismatch"])
        .output()
        .expect("tally runs");
    let human = String::from_utf8_lossy(&human.stdout);
    assert!(human.contains("分解合计 2300（2 个地区空白未列）"), "{human}");
}

/// Only the siblings of the regions a breakdown lists count as blank: a
/// province's table is not missing the other provinces' cities, which
/// a national registry also holds.
#[test]
fn blank_regions_are_the_listed_regions_siblings_only() {
    let p = crate::adversarial::shipped();
    p.write(
        "data/regions.ron",
        r#"RegionRegistry(title: "名录", source: "test", regions: [
    (name: "全国", kind: "country", parent: None),
    (name: "甲省", kind: "province", parent: "全国"),
    (name: "乙省", kind: "province", parent: "全国"),
    (name: "甲一市", kind: "city", parent: "甲省"),
    (name: "甲二市", kind: "city", parent: "甲省"),
    (name: "甲三市", kind: "city", parent: "甲省"),
    (name: "乙一市", kind: "city", parent: "乙省"),
    (name: "乙二市", kind: "city", parent: "乙省"),
])"#,
    )
    .write(
        "data/targets.ron",
        r#"TargetTable(title: "甲省指标", source: "test", year: 2019, sheets: [(annex: 1, title: "甲省", indicators: [
    (name: "上云企业数", unit: "家", additive: true, standard: 100, high: 120,
     breakdown: {"甲一市": 40, "甲二市": 40}),
])])"#,
    );
    let run = p.run(&["check", "--select", "breakdown-sum-mismatch", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let findings = json["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(findings.len(), 1, "{}", run.stdout);
    let help = findings[0]["help"].as_str().unwrap_or_default();
    assert!(help.contains("空白未列的地区：甲三市，"), "{help}");
    assert!(!help.contains("乙"), "{help}");
}
