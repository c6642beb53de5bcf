//! Rule compilation, each shipped rule's run on synth data, and the native
//! reference over the same data.
//!
//! `cargo bench -p tally-bench --bench rules`; the data shape is
//! `TALLY_BENCH_SHAPE=REGIONSxINDICATORS` (default `1000x50`, 5·10⁴
//! values), generated once into cargo's bench temp folder.
//!
//! What a rule's figure measures: a *warm* `Engine::check()` of an engine
//! that selects only that rule (1 thread), after a first check has loaded
//! the data and compiled the rules. The engine keeps the parsed data, the
//! rules' view of it and the compiled rules between checks, so a warm check
//! is: re-read every data file and rule file and compare the bytes (nothing
//! changed, nothing is re-parsed or re-compiled), run the rule, sort the
//! findings. `weights-mismatch` has no table to look at in synth data
//! (there is no `IndicatorSystem`), so its figure is that fixed cost alone.

use std::path::PathBuf;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use tally_bench::native;
use tally_bench::synth::{ensure, Options};
use tally_engine::{Engine, RuleOrigin};

fn data() -> PathBuf {
    let shape = std::env::var("TALLY_BENCH_SHAPE").unwrap_or_else(|_| "1000x50".into());
    let (r, k) = shape
        .split_once('x')
        .and_then(|(r, k)| Some((r.parse().ok()?, k.parse().ok()?)))
        .expect("TALLY_BENCH_SHAPE is REGIONSxINDICATORS");
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("synth-{r}x{k}"));
    ensure(&Options::new(r, k), &dir).expect("synth data");
    dir
}

fn bench(c: &mut Criterion) {
    let dir = data();
    let builder = || {
        Engine::builder()
            .data(dir.join("data"))
            .rules(dir.join("rules"))
            .display_base(&dir)
            .threads(1)
    };

    let mut g = c.benchmark_group("compile");
    // `build` compiles every rule (it checks the selection against them).
    g.bench_function("build engine, compile all rules", |b| {
        b.iter(|| builder().build().expect("engine"))
    });
    g.finish();

    let ids: Vec<String> = builder()
        .build()
        .expect("engine")
        .rules()
        .into_iter()
        .filter(|m| matches!(m.origin, RuleOrigin::Script(_)))
        .map(|m| m.id)
        .collect();
    let mut g = c.benchmark_group("rule warm check");
    for id in &ids {
        let engine = builder().select([id.as_str()]).build().expect("engine");
        let _ = engine.check();
        g.bench_function(id.as_str(), |b| b.iter(|| engine.check()));
    }
    let all = Engine::builder()
        .data(dir.join("data"))
        .rules(dir.join("rules"))
        .display_base(&dir)
        .build()
        .expect("engine");
    let _ = all.check();
    g.bench_function("all checks, default threads", |b| b.iter(|| all.check()));
    g.finish();

    let files = native::load_project(&dir);
    let mut g = c.benchmark_group("native");
    for id in tally_bench::RULES {
        g.bench_function(id, |b| b.iter(|| native::check_rule(id, &files)));
    }
    g.bench_function("all 7", |b| b.iter(|| native::check(&files)));
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
