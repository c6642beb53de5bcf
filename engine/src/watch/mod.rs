//! Watching data and rules for changes (cargo feature `watch`).
