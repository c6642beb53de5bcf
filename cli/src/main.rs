//! `tally`: check RON target tables with rules written in Rhai.
#![forbid(unsafe_code)]

mod render;

fn main() {}
