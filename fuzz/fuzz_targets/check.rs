//! A whole check of one data file against the shipped rules, through the
//! public `Engine` API (one engine, the input rewritten and re-checked),
//! ending in every output format the binary writes. What is required of
//! each input: `engine/tests/fuzz/harness.rs` (`CheckHarness`).
#![no_main]

#[path = "../../engine/tests/fuzz/harness.rs"]
mod harness;

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tally::render::{render, Format, RenderOptions};
use tally_engine::RuleMeta;

struct Setup {
    harness: harness::CheckHarness,
    rules: Vec<RuleMeta>,
}

fn setup() -> &'static Setup {
    static SETUP: OnceLock<Setup> = OnceLock::new();
    SETUP.get_or_init(|| {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let scratch = std::env::temp_dir().join(format!("tally-fuzz-check-{}", std::process::id()));
        let harness = harness::CheckHarness::new(&scratch, &workspace);
        let rules = harness.engine.rules();
        Setup { harness, rules }
    })
}

fuzz_target!(|data: &[u8]| {
    let setup = setup();
    let report = setup.harness.check(data);
    let options = RenderOptions {
        rules: &setup.rules,
        show_elapsed: false,
        ..RenderOptions::default()
    };
    for format in [
        Format::Human,
        Format::Json,
        Format::Sarif,
        Format::Junit,
        Format::Github,
    ] {
        let mut out = Vec::new();
        render(format, &report, &options, &mut out).expect("rendering into memory");
    }
});
