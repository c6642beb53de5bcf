//! The data values and table-wide helpers of the rule API, run as real
//! rules against a small data file: what each returns, in which order, and
//! that what they return can still be reported at.

use std::path::Path;

const DATA: &str = r#"#![enable(implicit_some)]
TargetTable(title: "t", source: "s", year: 2019, sheets: [
    (annex: 2, title: "一", indicators: [
        (name: "上云率", unit: "%", additive: false, standard: 60.0, high: 70.0,
         breakdown: {"鹿城区": 65.0, "龙湾区": 650.0, "洞头区": None}),
        (name: "企业数", unit: "家", additive: true, standard: 100, high: 120,
         breakdown: {"鹿城区": 70, "龙湾区": 50}),
    ]),
    (annex: 3, title: "二", indicators: [
        (name: "增速", unit: "%", additive: false, standard: 10.0, high: 12.0,
         breakdown: {"鹿城区": -5.0, "瓯海区": 12.0}),
    ]),
])
"#;

/// Runs `body` as the `check` of a rule over [`DATA`]; returns what it
/// printed and the paths of what it reported.
fn run(body: &str) -> (Vec<String>, Vec<String>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let (data, rules) = (dir.path().join("data"), dir.path().join("rules"));
    std::fs::create_dir_all(&data).expect("data");
    std::fs::create_dir_all(&rules).expect("rules");
    std::fs::write(data.join("t.ron"), DATA).expect("write data");
    let rule = format!(
        "const ID = \"probe\";\nconst SEVERITY = \"error\";\nconst TITLE = \"probe\";\nfn check(data) {{\n{body}\n}}\n"
    );
    std::fs::write(rules.join("probe.rhai"), rule).expect("write rule");
    let report = check(&data, &rules);
    let errors: Vec<_> = report.findings.iter().filter(|f| f.rule != "probe").collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let prints = report
        .prints
        .iter()
        .map(|p| p.trim_start_matches("probe: ").to_owned())
        .collect();
    let paths = report
        .findings
        .iter()
        .map(|f| f.site.as_ref().and_then(|s| s.path.clone()).unwrap_or_default())
        .collect();
    (prints, paths)
}

fn check(data: &Path, rules: &Path) -> tally_engine::Report {
    tally_engine::Engine::builder()
        .data(data)
        .rules(rules)
        .select(["probe"])
        .build()
        .expect("engine")
        .check()
}

const INDS: &str = r#"let inds = gather(gather(tables("TargetTable"), "sheets"), "indicators");"#;

#[test]
fn data_maps_and_arrays_read_like_maps_and_arrays() {
    let (prints, _) = run(r#"
        let t = tables("TargetTable")[0];
        print(type_of(t)); print(type_of(t.sheets)); print(t.sheets.len());
        let ind = t.sheets[0].indicators[0];
        print(ind.keys()); print(ind.breakdown.keys()); print(ind.breakdown.values());
        print("鹿城区" in ind.breakdown); print("x" in ind.breakdown); print(ind.missing == ());
        print(t.sheets[-1].title); print(t.sheets.map(|s| s.annex));
        let all = []; for s in t.sheets { all += s.indicators; } print(all.len());
    "#);
    assert_eq!(
        prints,
        [
            "data map",
            "data array",
            "2",
            r#"["name", "unit", "additive", "standard", "high", "breakdown"]"#,
            r#"["鹿城区", "龙湾区", "洞头区"]"#,
            "[65.0, 650.0, ()]",
            "true",
            "false",
            "true",
            "二",
            "[2, 3]",
            "3",
        ]
    );
}

#[test]
fn table_wide_helpers_return_reportable_values() {
    let (prints, paths) = run(&format!(
        r#"{INDS}
        print(inds.len());
        print(gather(inds, "breakdown"));
        print(column(inds, "high"));
        print(select(inds, "unit", "%").len());
        for v in outside(gather(inds, "breakdown"), 0, 100) {{
            print(`${{key(v)}} ${{parent(parent(v)).name}}`);
            report(v, "out");
        }}
        print(outside([1, 200, ()], (), 100));
    "#
    ));
    assert_eq!(
        prints,
        [
            "3",
            "[65.0, 650.0, (), 70, 50, -5.0, 12.0]",
            "[70.0, 120, 12.0]",
            "2",
            "龙湾区 上云率",
            "鹿城区 增速",
            "[200]",
        ]
    );
    assert_eq!(
        paths,
        [
            r#"sheets[0].indicators[0].breakdown["龙湾区"]"#,
            r#"sheets[1].indicators[0].breakdown["鹿城区"]"#,
        ]
    );
}

#[test]
fn registries_find_unknown_keys_across_a_table() {
    let (prints, paths) = run(&format!(
        r#"{INDS}
        let reg = registry(["鹿城区", "龙湾区", "洞头区"]);
        print(reg.unknown_keys(inds[2].breakdown));
        for pair in reg.unknown_keys(column(inds, "breakdown")) {{
            print(`${{parent(pair[0]).name}} ${{pair[1]}}`);
            report_key(pair[0], pair[1], "unknown");
        }}
        print(reg.unknown(["鹿城区", "瓯海", ()]));
    "#
    ));
    assert_eq!(prints, [r#"["瓯海区"]"#, "增速 瓯海区", r#"["瓯海"]"#]);
    assert_eq!(paths, [r#"sheets[1].indicators[0].breakdown["瓯海区"]@key"#]);
}

#[test]
fn duplicates_pair_the_first_with_each_repeat() {
    let (prints, paths) = run(r#"
        let names = [" a", "b", "a ", 1, 1.0, (), "a"];
        print(duplicates(names));
        let units = column(gather(gather(tables("TargetTable"), "sheets"), "indicators"), "unit");
        for pair in duplicates(units) { report(pair[1], "again"); }
    "#);
    assert_eq!(prints, [r#"[[" a", "a "], [1, 1.0], [" a", "a"]]"#]);
    assert_eq!(paths, ["sheets[1].indicators[0].unit"]);
}

#[test]
fn record_filters_compare_text_and_fields() {
    let (prints, _) = run(&format!(
        r#"{INDS}
        print(column(containing(inds, "name", ["增速", "率"]), "name"));
        print(column(not_containing(inds, "name", "增速"), "name"));
        print(column(compare_fields(inds, "high", ">", "standard"), "name"));
        print(column(compare_fields(inds, "standard", "==", "high"), "name"));
        print(column(sum_mismatches(inds, "breakdown", ["standard", "high"], 0), "name"));
        print(column(sum_mismatches(inds, "breakdown", ["high"], 600), "name"));
    "#
    ));
    assert_eq!(
        prints,
        [
            r#"["上云率", "增速"]"#,
            r#"["上云率", "企业数"]"#,
            r#"["上云率", "企业数", "增速"]"#,
            "[]",
            // 上云率 sums to 715, 企业数 to 120 = its high line, 增速 to 7.
            r#"["上云率", "增速"]"#,
            // Within 600 of the high line: only 上云率 (715 against 70) is not.
            r#"["上云率"]"#,
        ]
    );
}

#[test]
fn within_takes_a_tolerance_like_compare() {
    let (prints, _) = run(r#"
        print(within(100.4, 100, 0.5)); print(within(101, 100, 0.5));
        print(within(101, 100, #{ rel: 0.02 })); print(within(101, 100, 0, 0.001));
    "#);
    assert_eq!(prints, ["true", "false", "true", "false"]);
}

#[test]
fn writing_into_the_data_is_a_rule_error_that_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (data, rules) = (dir.path().join("data"), dir.path().join("rules"));
    std::fs::create_dir_all(&data).expect("data");
    std::fs::create_dir_all(&rules).expect("rules");
    std::fs::write(data.join("t.ron"), DATA).expect("write data");
    std::fs::write(
        rules.join("probe.rhai"),
        "const ID = \"probe\";\nconst SEVERITY = \"error\";\nconst TITLE = \"probe\";\nfn check(data) {\n    let t = tables(\"TargetTable\")[0];\n    t.sheets[0].title = \"x\";\n}\n",
    )
    .expect("write rule");
    let report = check(&data, &rules);
    let messages: Vec<&str> = report.findings.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].starts_with("rule `probe` tried to change the data"),
        "{messages:?}"
    );
}
