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

/// A project in a temporary folder: `data/t.ron` holding [`DATA`] and an
/// empty `rules/` (the folder lives as long as the first value).
fn project() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let (data, rules) = (dir.path().join("data"), dir.path().join("rules"));
    std::fs::create_dir_all(&data).expect("data");
    std::fs::create_dir_all(&rules).expect("rules");
    std::fs::write(data.join("t.ron"), DATA).expect("write data");
    (dir, data, rules)
}

/// Runs `body` as the `check` of a rule over [`DATA`]; returns what it
/// printed and the paths of what it reported.
fn run(body: &str) -> (Vec<String>, Vec<String>) {
    let (_dir, data, rules) = project();
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
    let (_dir, data, rules) = project();
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

#[test]
fn data_lists_read_like_arrays_and_say_what_they_are() {
    let (prints, paths) = run(&format!(
        r#"{INDS}
        print(type_of(inds)); print(inds.len()); print(inds.is_empty());
        print(inds[0].name); print(inds[-1].name);
        print(inds.contains(inds[1])); print(inds.map(|i| i.unit));
        let names = column(inds, "name");
        print(names); print(names + ["x"]); print(type_of(names + names));
        let copy = inds.to_array(); copy.push(1); print(type_of(copy)); print(copy.len());
        let found = []; found += select(inds, "unit", "家"); print(found.len());
        // Script maps among the members: a plain array.
        print(type_of(gather([#{{ v: [1, 2] }}], "v")));
        print(type_of(select([#{{ u: 1 }}, #{{ u: 2 }}], "u", 1)));
        report(select(inds, "unit", "家")[0].high, "reportable");
    "#
    ));
    assert_eq!(
        prints[..13],
        [
            "data list",
            "3",
            "false",
            "上云率",
            "增速",
            "true",
            r#"["%", "家", "%"]"#,
            r#"["上云率", "企业数", "增速"]"#,
            r#"["上云率", "企业数", "增速", "x"]"#,
            "data list",
            "array",
            "4",
            "1",
        ]
    );
    assert_eq!(prints[13..], ["array", "array"]);
    assert_eq!(paths, ["sheets[0].indicators[1].high"]);
}

#[test]
fn outside_over_fields_equals_outside_over_the_gathered_figures() {
    let (prints, paths) = run(&format!(
        r#"{INDS}
        let fields = outside(inds, ["standard", "high", "breakdown"], 0, 100);
        let gathered = outside(gather(inds, "standard") + gather(inds, "high") + gather(inds, "breakdown"), 0, 100);
        print(fields); print(gathered);
        print(fields.map(|v| path(v)) == gathered.map(|v| path(v)));
        for v in fields {{ report(v, "out"); }}
        // Script records: the same answer.
        print(outside([#{{ a: 1, b: [5, 500] }}, #{{ a: -1 }}], ["a", "b"], 0, 100));
    "#
    ));
    assert_eq!(prints[..3], ["[120, 650.0, -5.0]", "[120, 650.0, -5.0]", "true"]);
    assert_eq!(prints[3], "[-1, 500]");
    assert_eq!(
        paths,
        [
            r#"sheets[0].indicators[0].breakdown["龙湾区"]"#,
            "sheets[0].indicators[1].high",
            r#"sheets[1].indicators[0].breakdown["鹿城区"]"#,
        ]
    );
}

#[test]
fn containing_filters_plain_strings() {
    let (prints, _) = run(r#"
        let names = ["市发改委(局)", "市统计局", "各县（市、区）", "区(市)政府"];
        print(containing(names, ["(", ")"])); print(not_containing(names, "(")); print(containing(names, "统计"));
        print(containing([1, "a(b"], "("));
    "#);
    assert_eq!(
        prints,
        [
            r#"["市发改委(局)", "区(市)政府"]"#,
            r#"["市统计局", "各县（市、区）"]"#,
            r#"["市统计局"]"#,
            r#"["a(b"]"#,
        ]
    );
}

/// The `rule-error` message of a rule whose `check` is `body`.
fn rule_error(body: &str) -> String {
    let (_dir, data, rules) = project();
    let rule = format!(
        "const ID = \"probe\";\nconst SEVERITY = \"error\";\nconst TITLE = \"probe\";\nfn check(data) {{\n{INDS}\n{body}\n}}\n"
    );
    std::fs::write(rules.join("probe.rhai"), rule).expect("write rule");
    let report = check(&data, &rules);
    let errors: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.rule == "rule-error")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(errors.len(), 1, "{:#?}", report.findings);
    errors[0].to_owned()
}

#[test]
fn data_lists_and_field_searches_fail_with_what_went_wrong() {
    let beyond = rule_error("let i = 9; print(inds[i]);");
    assert!(
        beyond.contains("out of bounds") || beyond.contains("9"),
        "{beyond}"
    );
    let text = rule_error(r#"print(outside(inds, ["name"], 0, 100));"#);
    assert!(text.contains("not a figure"), "{text}");
    let pushed = rule_error("inds.push(1);");
    assert!(pushed.contains("push"), "{pushed}");
}

/// Rule engines are kept between runs: each run still gets its own
/// findings, prints, parameters and deadline, and a run that broke its
/// deadline leaves nothing behind for the next check.
#[test]
fn kept_engines_serve_each_run_afresh() {
    let (_dir, data, rules) = project();
    let rule = |id: &str, body: &str| {
        format!("const ID = \"{id}\";\nconst SEVERITY = \"error\";\nconst TITLE = \"t\";\nfn check(data) {{\n{INDS}\n{body}\n}}\n")
    };
    std::fs::write(
        rules.join("a.rhai"),
        rule("a", r#"print(param("p", 0)); report(inds[0].high, "a");"#),
    )
    .expect("write a");
    std::fs::write(rules.join("b.rhai"), rule("b", "if inds.len() == 3 { loop {} }")).expect("write b");
    let engine = tally_engine::Engine::builder()
        .data(&data)
        .rules(&rules)
        .param("a", "p", 7_i64)
        .limits(tally_engine::Limits {
            deadline_ms: 200,
            ..Default::default()
        })
        .build()
        .expect("engine");
    for _ in 0..3 {
        let report = engine.check();
        let by = |rule: &str| report.findings.iter().filter(|f| f.rule == rule).count();
        assert_eq!(by("a"), 1, "{:#?}", report.findings);
        let broke: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.rule == "rule-error")
            .collect();
        assert_eq!(broke.len(), 1, "{broke:#?}");
        assert!(broke[0].message.contains("deadline"), "{}", broke[0].message);
        assert_eq!(report.prints, ["a: 7"]);
    }
    // New data: the kept engines are for the old data and are not used.
    std::fs::write(data.join("t.ron"), DATA.replace("(annex: 3", "(annex: 4")).expect("rewrite");
    std::fs::write(rules.join("b.rhai"), rule("b", r#"report(inds[-1].high, "b");"#)).expect("rewrite b");
    let report = engine.check();
    // (and `no-schema`: this project declares no kinds)
    let found: Vec<_> = report.findings.iter().filter(|f| f.rule != "no-schema").collect();
    assert_eq!(found.len(), 2, "{found:#?}");
}

/// A library module is compiled once and read once per check, and an edit
/// to it is seen by the next check (hot reload of `rules/lib/`).
#[test]
fn library_edits_are_seen_by_the_next_check() {
    let (_dir, data, rules) = project();
    std::fs::create_dir_all(rules.join("lib")).expect("lib");
    let lib = rules.join("lib").join("words.rhai");
    std::fs::write(&lib, "fn word() { \"first\" }\n").expect("write lib");
    for id in ["a", "b"] {
        let rule = format!(
            "const ID = \"{id}\";\nconst SEVERITY = \"error\";\nconst TITLE = \"t\";\nimport \"words\" as w;\nfn check(data) {{ print(w::word()); }}\n"
        );
        std::fs::write(rules.join(format!("{id}.rhai")), rule).expect("write rule");
    }
    let engine = tally_engine::Engine::builder()
        .data(&data)
        .rules(&rules)
        .build()
        .expect("engine");
    let words = |report: &tally_engine::Report| {
        let mut p = report.prints.clone();
        p.sort();
        p
    };
    assert_eq!(words(&engine.check()), ["a: first", "b: first"]);
    assert_eq!(words(&engine.check()), ["a: first", "b: first"]);
    std::fs::write(&lib, "fn word() { \"second\" }\n").expect("edit lib");
    assert_eq!(words(&engine.check()), ["a: second", "b: second"]);
    std::fs::write(&lib, "fn word() { \"second\" \n").expect("break lib");
    let report = engine.check();
    let broken = report.findings.iter().filter(|f| f.rule == "rule-error").count();
    assert_eq!(broken, 2, "{:#?}", report.findings);
}

/// Keys of a map built by the script come back from the aggregates as
/// strings that compare equal to string literals (they were an internal
/// string type that `==` never matched).
#[test]
fn keys_of_script_maps_are_strings() {
    let (prints, _) = run(r#"
        let m = #{ "洞头区": (), "鹿城区": 1 };
        let u = unassigned(m);
        print(`${u.len()} ${type_of(u[0])} ${u[0] == "洞头区"}`);
        print(`${type_of(unknown_keys(registry(#{ "a": 1 }), #{ "b": 2 })[0])}`);
    "#);
    assert_eq!(prints, ["1 string true", "string"]);
}

/// `data_files()` hands a front end the files the last check read, with
/// the same sources its findings point into, so that it can show the
/// tables without parsing them again.
#[test]
fn data_files_are_those_the_findings_point_into() {
    let (_dir, data, rules) = project();
    std::fs::write(data.join("broken.ron"), "Table(").expect("write broken");
    std::fs::write(
        rules.join("probe.rhai"),
        format!("const ID = \"probe\";\nconst SEVERITY = \"error\";\nconst TITLE = \"t\";\nfn check(data) {{\n{INDS}\nreport(inds[0].high, \"h\");\n}}\n"),
    )
    .expect("write rule");
    let engine = tally_engine::Engine::builder()
        .data(&data)
        .rules(&rules)
        .build()
        .expect("engine");
    assert!(engine.data_files().is_empty(), "nothing is read before a check");
    let report = engine.check();
    let files = engine.data_files();
    let names: Vec<&str> = files.iter().map(|f| f.name()).collect();
    assert!(
        names.len() == 2 && names[0].ends_with("broken.ron") && names[1].ends_with("t.ron"),
        "{names:?}"
    );
    assert!(
        files[0].document.is_none(),
        "a file that does not parse has no tree"
    );
    let site = report
        .findings
        .iter()
        .find(|f| f.rule == "probe")
        .and_then(|f| f.site.as_ref())
        .expect("the probe's site");
    let doc = files[1].document.as_ref().expect("t.ron parses");
    let node = doc.find("sheets[0].indicators[0].high").expect("the high line");
    assert_eq!(doc.node(node).span, site.span());
    assert!(std::sync::Arc::ptr_eq(&files[1].source, &site.source));
}
