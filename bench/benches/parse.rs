//! Parsing and span indexing: the shipped data and a synth province file.
//!
//! `cargo bench -p tally-bench --bench parse`. Measures
//! `tally_engine::load::load_text` (UTF-8 check, the RON parser building the
//! span-index arena, the line index), the bare parser
//! (`tally_engine::load::parse`), and for comparison the typed `ron`
//! deserialization that the `shape` check runs on every check.

use std::path::PathBuf;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tally_bench::synth::{ensure, Options};
use tally_engine::load;

fn files() -> Vec<(String, String)> {
    let shipped = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../data");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&shipped)
        .expect("the shipped data folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .map(|p| {
            let name = format!("shipped/{}", p.file_name().unwrap_or_default().to_string_lossy());
            (name, std::fs::read_to_string(&p).expect("readable"))
        })
        .collect();
    out.sort();
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("synth-3000x100");
    ensure(&Options::new(3000, 100), &dir).expect("synth data");
    for name in ["targets/province-01.ron", "responsibilities.ron"] {
        let text = std::fs::read_to_string(dir.join("data").join(name)).expect("readable");
        out.push((format!("synth-3000x100/{name}"), text));
    }
    out
}

fn bench(c: &mut Criterion) {
    let files = files();
    let mut g = c.benchmark_group("load_text");
    for (name, text) in &files {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(name.as_str(), |b| {
            b.iter(|| load::load_text(name.as_str(), name.as_str(), text.as_bytes()))
        });
    }
    g.finish();
    let mut g = c.benchmark_group("parse");
    for (name, text) in files.iter().filter(|(n, _)| n.starts_with("synth")) {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(name.as_str(), |b| b.iter(|| load::parse(text)));
    }
    g.finish();
    let mut g = c.benchmark_group("ron_typed_shape");
    for (name, text) in files.iter().filter(|(n, _)| n.starts_with("synth")) {
        let doc = load::parse(text).expect("synth data parses");
        let kind = doc.root_name().unwrap_or_default().to_owned();
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(name.as_str(), |b| {
            b.iter(|| tally_engine::model::deserialize_kind(&kind, text))
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = bench
}
criterion_main!(benches);
