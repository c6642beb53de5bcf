//! The rule compiler and runtime on arbitrary scripts: the input is the
//! body of a rule file (after a header declaring id, severity and title,
//! which it may redeclare), checked against the shipped data. What is
//! required of each input: `engine/tests/fuzz/harness.rs` (`RuleHarness`).
#![no_main]

#[path = "../../engine/tests/fuzz/harness.rs"]
mod harness;

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn setup() -> &'static harness::RuleHarness {
    static SETUP: OnceLock<harness::RuleHarness> = OnceLock::new();
    SETUP.get_or_init(|| {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let scratch = std::env::temp_dir().join(format!("tally-fuzz-rule-{}", std::process::id()));
        harness::RuleHarness::new(&scratch, &workspace)
    })
}

fuzz_target!(|data: &[u8]| {
    setup().check(data);
});
