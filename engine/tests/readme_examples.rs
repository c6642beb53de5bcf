//! Every ```rhai block of the README's rule-writing guide compiles under the
//! sandbox, and the full rule example runs and finds what it says.

use tally_engine::runtime::{Limits, Sandbox};

fn rhai_blocks(readme: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in readme.lines() {
        match (&mut current, line.trim_start()) {
            (None, l) if l.starts_with("```rhai") => current = Some(String::new()),
            (Some(block), "```") => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            (Some(block), _) => {
                block.push_str(line);
                block.push('\n');
            }
            _ => {}
        }
    }
    blocks
}

#[test]
fn readme_rhai_examples_compile() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).expect("README");
    let blocks = rhai_blocks(&readme);
    assert!(blocks.len() >= 3, "the guide has examples");
    let engine = Sandbox::new(Limits::default(), None).engine();
    for block in &blocks {
        if let Err(err) = engine.compile(block) {
            panic!("README example does not compile: {err}\n{block}");
        }
    }
}

#[test]
fn readme_rule_example_runs_on_the_shipped_data() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).expect("README");
    let rule = rhai_blocks(&readme)
        .into_iter()
        .find(|b| b.contains("const ID = \"my-sum-check\""))
        .expect("a full rule");
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("my-sum-check.rhai"), rule).expect("write");
    let engine = tally_engine::Engine::builder()
        .data(concat!(env!("CARGO_MANIFEST_DIR"), "/../data"))
        .rules(dir.path())
        .select(["my-sum-check"])
        .build()
        .expect("engine");
    let report = engine.check();
    let messages: Vec<&str> = report.findings.iter().map(|f| f.message.as_str()).collect();
    // Only 工业 APP 开发应用 (2300 against 3000) misses its high line.
    assert_eq!(messages, ["分解合计 2300，高线 3000"], "{:#?}", report.findings);
}

/// The rule of the walk-through in docs/writing-rules.md (`tally new rule`
/// to a finding) finds, on the shipped data, exactly what the page shows.
#[test]
fn readme_walkthrough_rule_finds_what_the_readme_shows() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/writing-rules.md"))
        .expect("docs/writing-rules.md");
    let rule = rhai_blocks(&readme)
        .into_iter()
        .find(|b| b.contains("const ID = \"breakdown-region-missing\""))
        .expect("the walkthrough's rule");
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("breakdown-region-missing.rhai"), rule).expect("write");
    let engine = tally_engine::Engine::builder()
        .data(concat!(env!("CARGO_MANIFEST_DIR"), "/../data"))
        .rules(dir.path())
        .select(["breakdown-region-missing"])
        .build()
        .expect("engine");
    let report = engine.check();
    assert_eq!(report.findings.len(), 1, "{:#?}", report.findings);
    let finding = &report.findings[0];
    let shown = format!("⚠ {}", finding.message);
    assert!(readme.contains(&shown), "the README shows `{shown}`");
    let line = finding.site.as_ref().expect("site").location.line;
    assert!(
        readme.contains(&format!("data/targets-2019.ron:{line}:")),
        "line {line}"
    );
}

#[test]
fn readme_table_wide_example_finds_the_figure_out_of_range() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).expect("README");
    let rule = rhai_blocks(&readme)
        .into_iter()
        .find(|b| b.contains("const ID = \"my-percentages\""))
        .expect("the table-wide example");
    let dir = tempfile::tempdir().expect("tempdir");
    let (data, rules) = (dir.path().join("data"), dir.path().join("rules"));
    std::fs::create_dir_all(&data).expect("data dir");
    std::fs::create_dir_all(&rules).expect("rules dir");
    std::fs::write(rules.join("my-percentages.rhai"), rule).expect("write rule");
    std::fs::write(
        data.join("t.ron"),
        "#![enable(implicit_some)]\nTargetTable(title: \"t\", source: \"s\", year: 2019, sheets: [(annex: 2, title: \"x\", indicators: [\n\
         (name: \"上云率\", unit: \"%\", additive: false, standard: 60.0, high: 70.0, breakdown: {\"鹿城区\": 65.0, \"龙湾区\": 650.0, \"洞头区\": None}),\n\
         (name: \"企业数\", unit: \"家\", additive: true, standard: 1, high: 900, breakdown: {\"鹿城区\": 900}),\n\
         ])])\n",
    )
    .expect("write data");
    let engine = tally_engine::Engine::builder()
        .data(&data)
        .rules(&rules)
        .select(["my-percentages"])
        .build()
        .expect("engine");
    let report = engine.check();
    let found: Vec<(String, Option<String>)> = report
        .findings
        .iter()
        .map(|f| (f.message.clone(), f.site.as_ref().and_then(|s| s.path.clone())))
        .collect();
    assert_eq!(
        found,
        [(
            "上云率：龙湾区 650% 不在 0 到 100 之间".to_owned(),
            Some("sheets[0].indicators[0].breakdown[\"龙湾区\"]".to_owned())
        )],
        "{:#?}",
        report.findings
    );
}
