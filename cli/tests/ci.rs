//! CI where the offices keep their data (issue 21): the GitLab Code
//! Quality report, checked against the report's schema and for stable
//! fingerprints.

use serde_json::Value;

use crate::util::{copy_tree, stable, tally, workspace, Scratch};

fn gitlab(dir: &std::path::Path) -> (i32, Value) {
    let out = tally()
        .current_dir(dir)
        .args(["check", "--format", "gitlab"])
        .output()
        .expect("tally runs");
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().expect("exited"), json)
}

fn validate(report: &Value) {
    let schema: Value = serde_json::from_str(include_str!("schemas/gitlab-codequality.schema.json")).expect("schema");
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let errors: Vec<String> = validator.iter_errors(report).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}\n{report:#}");
}

/// The shipped data's report: valid against the schema, one issue per
/// finding, the exit code of `tally check`, and a snapshot.
#[test]
fn gitlab_report_of_the_shipped_data() {
    let (code, report) = gitlab(workspace());
    assert_eq!(code, 1);
    validate(&report);
    assert_eq!(report.as_array().expect("array").len(), 5, "{report:#}");
    insta::assert_snapshot!(stable(&serde_json::to_string_pretty(&report).expect("json")));
}

/// The schema bites: a report missing what GitLab requires is refused.
#[test]
fn the_schema_refuses_what_gitlab_would() {
    let schema: Value = serde_json::from_str(include_str!("schemas/gitlab-codequality.schema.json")).expect("schema");
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    for bad in [
        r#"[{"description": "d", "check_name": "c", "fingerprint": "f", "severity": "error", "location": {"path": "a", "lines": {"begin": 1}}}]"#,
        r#"[{"description": "d", "check_name": "c", "severity": "major", "location": {"path": "a", "lines": {"begin": 1}}}]"#,
        r#"[{"description": "d", "check_name": "c", "fingerprint": "f", "severity": "major", "location": {"path": "a", "lines": {"begin": 0}}}]"#,
        r#"{"description": "d"}"#,
    ] {
        let value: Value = serde_json::from_str(bad).expect("json");
        assert!(!validator.is_valid(&value), "accepted {bad}");
    }
}

/// Fingerprints stay when lines move (a blank line and a comment inserted
/// above every finding) and differ between findings.
#[test]
fn gitlab_fingerprints_survive_moved_lines() {
    let p = Scratch::new();
    copy_tree(&workspace().join("data"), &p.path().join("data")).expect("copy data");
    copy_tree(&workspace().join("rules"), &p.path().join("rules")).expect("copy rules");
    let (_, before) = gitlab(p.path());
    for entry in std::fs::read_dir(p.path().join("data")).expect("ls") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("read");
        std::fs::write(&path, format!("// moved\n\n{text}")).expect("write");
    }
    let (_, after) = gitlab(p.path());
    let prints = |r: &Value| -> Vec<(String, String, u64)> {
        r.as_array()
            .expect("array")
            .iter()
            .map(|i| {
                (
                    i["fingerprint"].as_str().expect("fingerprint").to_owned(),
                    i["check_name"].as_str().expect("name").to_owned(),
                    i["location"]["lines"]["begin"].as_u64().expect("line"),
                )
            })
            .collect()
    };
    let (b, a) = (prints(&before), prints(&after));
    assert_eq!(b.len(), a.len());
    for ((fb, nb, lb), (fa, na, la)) in b.iter().zip(&a) {
        assert_eq!((fb, nb), (fa, na), "the fingerprint moved with the line");
        assert_eq!(*la, lb + 2, "the line moved");
    }
    let mut unique: Vec<&String> = b.iter().map(|(f, _, _)| f).collect();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), b.len(), "two findings share a fingerprint");
}
