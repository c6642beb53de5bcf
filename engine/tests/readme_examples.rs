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

/// The rule of the guide's walkthrough (`tally new rule` to a finding)
/// finds, on the shipped data, exactly what the README shows it finding.
#[test]
fn readme_walkthrough_rule_finds_what_the_readme_shows() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).expect("README");
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
