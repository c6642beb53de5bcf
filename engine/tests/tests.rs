//! The engine's integration tests, linked into one test binary
//! (`cargo test -p tally-engine --test engine`): one module per file.

// Reading the shipped data files, shared by the `data_*` modules.
mod common;

mod checks_data;
mod data_evaluation;
mod data_headlines;
mod data_indicator_system;
mod data_regions;
mod data_responsibilities;
mod data_sums;
mod data_targets;
mod data_units;
mod each_table;
mod fuzz_regressions;
mod parse_split;
mod readme_examples;
mod rule_api;
mod schemas;
mod span_proptest;
mod unsaved_texts;
