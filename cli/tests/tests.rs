//! The end-to-end tests of the `tally` binary, linked into one test binary
//! (`cargo test -p tally --test e2e`): each module runs the binary cargo
//! built for them (`CARGO_BIN_EXE_tally`, see [`util::binary`]) on the
//! shipped project or on scratch projects. Snapshots are in `snapshots/`,
//! named `e2e__<module>__<name>.snap`.

// Shared with the `lsp_latency` bench, which uses helpers these tests do not.
#[allow(dead_code)]
mod lsp_client;
mod util;

mod adversarial;
mod baseline;
mod checks;
mod ci;
mod cli;
mod config;
mod hardening;
mod hardening_output;
mod html;
mod issue_17;
mod lsp;
mod lsp_neovim;
mod never_write;
mod new;
mod rules;
mod schema;
mod sheets;
mod suppress;
mod test_cmd;
mod watch;
mod workbooks;
mod zh_messages;
mod zh_sheets;
