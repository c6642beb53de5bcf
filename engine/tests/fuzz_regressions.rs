//! Every input the fuzzers found a bug with, replayed in the ordinary test
//! suite: `tests/fuzz/<target>/<name>` is checked by what the fuzz target
//! `<target>` requires (see `tests/fuzz/harness.rs`, shared with
//! `fuzz/fuzz_targets/`). A file's name says what it found.

#[path = "fuzz/harness.rs"]
pub mod harness;

use std::path::Path;

use crate::common::workspace;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz")
        .join(target);
    // A target that has found nothing yet has no folder (git keeps no
    // empty folders).
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut out: Vec<(String, Vec<u8>)> = entries
        .map(|entry| {
            let path = entry.expect("entry").path();
            let name = path.file_name().expect("name").to_string_lossy().into_owned();
            (name, std::fs::read(&path).expect("read input"))
        })
        .collect();
    out.sort();
    out
}

#[test]
fn load() {
    for (name, bytes) in inputs("load") {
        eprintln!("load: {name}");
        harness::load(&bytes);
    }
}

#[test]
fn check() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let harness = harness::CheckHarness::new(scratch.path(), &workspace());
    let inputs = inputs("check");
    assert!(!inputs.is_empty());
    for (name, bytes) in inputs {
        eprintln!("check: {name}");
        harness.check(&bytes);
    }
}

#[test]
fn rule() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let harness = harness::RuleHarness::new(scratch.path(), &workspace());
    for (name, bytes) in inputs("rule") {
        eprintln!("rule: {name}");
        harness.check(&bytes);
    }
}
