//! Keystroke-to-diagnostics latency of `tally lsp`.
//!
//! Copies the shipped project (`data/`, `rules/`) to a temporary folder,
//! starts `tally lsp --stdio` there (the release binary cargo builds for
//! the bench, `CARGO_BIN_EXE_tally`) and drives it as an editor would:
//! `initialize`, `didOpen` of `data/targets-2019.ron`, then one
//! `didChange` at a time, each an incremental edit of one figure of a
//! breakdown (a new value every time, so that every check has something
//! new to say), with a pause between edits as a typist makes. One sample
//! is the time from writing the `didChange` to reading the
//! `publishDiagnostics` of that document version. Prints min / median /
//! p95 / max.
//!
//! ```text
//! cargo bench -p tally --bench lsp_latency
//! ```
//! `LSP_BENCH_EDITS` sets the number of edits (default 200),
//! `LSP_BENCH_PAUSE_MS` the pause between them (default 40).

use std::time::{Duration, Instant};

// The helpers of the end-to-end tests; the bench takes only a few of them.
#[allow(dead_code)]
#[path = "../tests/lsp_client.rs"]
mod lsp_client;
#[allow(dead_code)]
#[path = "../tests/util.rs"]
mod util;

use lsp_client::{position_of, uri, Client};
use util::{binary, copy_tree, workspace};

const TARGETS: &str = "data/targets-2019.ron";

fn main() {
    let edits: usize = std::env::var("LSP_BENCH_EDITS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let pause = Duration::from_millis(
        std::env::var("LSP_BENCH_PAUSE_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(40),
    );
    let dir = tempfile::tempdir().expect("temp dir");
    for folder in ["data", "rules"] {
        copy_tree(&workspace().join(folder), &dir.path().join(folder)).expect("copy");
    }
    let text = std::fs::read_to_string(dir.path().join(TARGETS)).expect("read");
    let doc = uri(&dir.path().join(TARGETS));
    let mut client = Client::start(binary(), dir.path());
    client.open(&doc, &text);
    client.diagnostics(&doc, |d| !d.is_empty());

    // The figure of 鹿城区 in the second indicator: `38`, two digits.
    let at = text.find("\"鹿城区\": 38").expect("figure") + "\"鹿城区\": ".len();
    let (line, character) = position_of(&text, at);
    let mut samples = Vec::with_capacity(edits);
    for i in 0..edits {
        std::thread::sleep(pause);
        let version = i as i32 + 2;
        let value = format!("{:02}", 10 + i % 90);
        let started = Instant::now();
        client.change(&doc, version, [line, character, line, character + 2], &value);
        let published = client.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == doc
                && m["params"]["version"] == version
        });
        assert!(published.is_some(), "no diagnostics for version {version}");
        samples.push(started.elapsed());
        client.clear();
    }
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "lsp didChange → publishDiagnostics, {} edits, {} ms apart: min {:.1} ms, median {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        samples.len(),
        pause.as_millis(),
        ms(samples[0]),
        ms(at(0.5)),
        ms(at(0.95)),
        ms(samples[samples.len() - 1]),
    );
    let _ = client.stop();
}
