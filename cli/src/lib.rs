//! The library half of the `tally` binary: the output renderers, so that
//! benchmarks and embedders render a [`tally_engine::Report`] exactly as
//! `tally check --format …` does. Everything else of the binary (argument
//! parsing, subcommands, the watch loop) stays private to `main.rs`.
#![forbid(unsafe_code)]

pub mod render;
