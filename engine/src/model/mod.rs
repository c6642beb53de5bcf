//! Typed Rust structs for the shipped table kinds (see `data/`).
