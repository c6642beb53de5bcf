//! Rendering a report of 10⁵ findings in each output format, exactly as
//! `tally check --format …` renders it (`tally::render::render`).
//!
//! `cargo bench -p tally-bench --bench render [-- FORMAT]`, with
//! `TALLY_BENCH_FINDINGS=10000` for another count. The findings are real
//! sites: one per breakdown value of synth target files (3000 × 100), each
//! with a message, label, help, a related site and figures, as the
//! shipped rules report them.

use std::path::PathBuf;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tally::render::{render, Format, RenderOptions};
use tally_bench::native;
use tally_bench::synth::{ensure, Options};
use tally_engine::span::NodeKind;
use tally_engine::{Engine, Finding, Report, Severity};

/// How many findings (`TALLY_BENCH_FINDINGS`, default 10⁵): compare 10⁴
/// with 10⁵ to see whether a format's cost grows linearly.
fn findings_wanted() -> usize {
    std::env::var("TALLY_BENCH_FINDINGS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000)
}

fn report(wanted: usize) -> (Report, Vec<tally_engine::RuleMeta>) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("synth-3000x100");
    ensure(&Options::new(3000, 100), &dir).expect("synth data");
    let files = native::load_project(&dir);
    let mut findings = Vec::with_capacity(wanted);
    'files: for file in &files {
        let Some(doc) = file.document.as_ref() else {
            continue;
        };
        for (i, node) in doc.nodes().enumerate() {
            let NodeKind::Map(entries) = &node.kind else {
                continue;
            };
            for &(_, value) in entries.iter() {
                if findings.len() == wanted {
                    break 'files;
                }
                let Some(site) = file.site(value) else { continue };
                let Some(related) = file.site(tally_engine::span::NodeId(i as u32)) else {
                    continue;
                };
                findings.push(
                    Finding::new(
                        "breakdown-sum-mismatch",
                        Severity::Error,
                        format!("`指标` 各地区分解合计 {} 与高线不符", findings.len()),
                    )
                    .with_label("高线 3000，分解合计 2300")
                    .with_help("核对各地区分解值和全市标线、高线，改正抄错的那一个数")
                    .at(site)
                    .with_related("各地区分解，合计 2300", related)
                    .with_data("sum", 2300)
                    .with_data("imbalance", -700),
                );
            }
        }
    }
    assert_eq!(findings.len(), wanted, "enough breakdown values");
    let mut report = Report {
        findings,
        files: files.len(),
        rules: 1,
        ..Report::default()
    };
    report.sort();
    let rules = Engine::builder()
        .data(dir.join("data"))
        .rules(dir.join("rules"))
        .build()
        .expect("engine")
        .rules();
    (report, rules)
}

fn bench(c: &mut Criterion) {
    let wanted = findings_wanted();
    let (report, rules) = report(wanted);
    let options = RenderOptions {
        rules: &rules,
        color: false,
        width: 100,
        show_elapsed: false,
        ..RenderOptions::default()
    };
    let mut g = c.benchmark_group(format!("render {wanted} findings"));
    g.throughput(Throughput::Elements(wanted as u64));
    for (name, format) in [
        ("human", Format::Human),
        ("json", Format::Json),
        ("sarif", Format::Sarif),
        ("junit", Format::Junit),
        ("github", Format::Github),
    ] {
        let mut out = Vec::with_capacity(64 << 20);
        g.bench_function(name, |b| {
            b.iter(|| {
                out.clear();
                render(format, &report, &options, &mut out).expect("renders into memory");
                out.len()
            })
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(5));
    targets = bench
}
criterion_main!(benches);
