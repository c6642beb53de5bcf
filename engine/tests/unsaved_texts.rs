//! `Engine::check_with`: an editor's unsaved texts stand in for the files
//! on disk, for one check, and nothing is written.

use std::sync::Arc;

use tally_engine::{Engine, Texts};

const RULE: &str = r#"
const ID = "parts-sum";
const SEVERITY = "error";
const TITLE = "the parts add up to the total";
fn check(data) {
    for t in tables("Sales") {
        if sum(t.parts) != t.total {
            report(t.total, `parts sum to ${sum(t.parts)}, total is ${t.total}`);
        }
    }
}
"#;

#[test]
fn a_text_stands_in_for_its_file_for_one_check() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let rules = dir.path().join("rules");
    std::fs::create_dir_all(&data).expect("data");
    std::fs::create_dir_all(&rules).expect("rules");
    let file = data.join("sales.ron");
    let on_disk = "Sales(total: 9, parts: {\"north\": 4, \"south\": 5})";
    std::fs::write(&file, on_disk).expect("write");
    std::fs::write(rules.join("parts-sum.rhai"), RULE).expect("write");
    std::fs::create_dir_all(dir.path().join("schemas")).expect("schemas");
    std::fs::write(
        dir.path().join("schemas/Sales.ron"),
        "Schema(kind: \"Sales\", fields: {\"total\": \"number\", \"parts\": \"map of text to number\"})",
    )
    .expect("write");
    let engine = Engine::builder()
        .data(&data)
        .rules(&rules)
        .build()
        .expect("engine");
    assert!(engine.check().findings.is_empty());

    let mut texts = Texts::new();
    texts.insert(
        file.clone(),
        Arc::from("Sales(total: 10, parts: {\"north\": 4, \"south\": 5})"),
    );
    let report = engine.check_with(&texts);
    assert_eq!(report.findings.len(), 1, "{:?}", report.findings);
    assert_eq!(report.findings[0].message, "parts sum to 9, total is 10");

    // Half typed: a parse finding, not a crash.
    texts.insert(file.clone(), Arc::from("Sales(total: 10, parts: {\"north\": 4,"));
    let report = engine.check_with(&texts);
    assert!(
        report.findings.iter().any(|f| f.rule == "parse"),
        "{:?}",
        report.findings
    );

    // A rule's unsaved text: its compile error at the script's line.
    let mut rule_texts = Texts::new();
    rule_texts.insert(
        rules.join("parts-sum.rhai"),
        Arc::from("const ID = \"parts-sum\";\nfn check(data) {\n  let x = ;\n}\n"),
    );
    let report = engine.check_with(&rule_texts);
    let error = report
        .findings
        .iter()
        .find(|f| f.rule == "rule-error")
        .expect("rule-error");
    assert_eq!(error.site.as_ref().map(|s| s.location.line), Some(3));

    // Without the texts, the files again; the file was never written.
    assert!(engine.check().findings.is_empty());
    assert_eq!(std::fs::read_to_string(&file).expect("read"), on_disk);
}
