//! The RON loader with the span index: arbitrary bytes as a data file.
//! What is required of each input: `engine/tests/fuzz/harness.rs`.
#![no_main]

#[path = "../../engine/tests/fuzz/harness.rs"]
mod harness;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| harness::load(data));
