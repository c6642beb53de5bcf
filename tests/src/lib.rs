//! End-to-end tests of the `tally` binary live in `tests/tests/`.
