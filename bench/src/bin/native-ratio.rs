//! `native-ratio DIR [--runs N] [--threads T]`: where the time of a check
//! goes, phase by phase, and how the rule phase compares with the native
//! reference over the same parsed data. Prints a Markdown report.
//!
//! Phases (each the median of N runs, in one process):
//! - read: the bytes of every data file;
//! - parse + index: `tally_engine::load::load_text` of every file (the RON
//!   parser building the span-index arena);
//! - cold check: a new `Engine`'s first `check()` (read, parse, index,
//!   build the rules' view, compile the rules, run every check);
//! - warm check: `check()` again on the same engine, nothing changed (it
//!   re-reads the files to see that they did not change, keeps the parsed
//!   data and compiled rules, then runs every check);
//! - rule phase: the Rhai rules' own run times (`Report::stats`) in warm
//!   checks on an engine that runs them one after the other (`threads`, 1
//!   by default) without the built-in native checks (`shape`,
//!   `duplicate-key`, …);
//! - native: `tally_bench::native::check` over the documents parsed above,
//!   and `native::sites` to locate what it found (file, node path, line and
//!   column: what a finding needs to be shown, and what tally's `report`
//!   works out for each of its own).
//!
//! The headline ratio compares like with like: the rule phase of the
//! seven rules the reference implements against the reference. The four
//! other shipped rules have nothing to check in synth data (it has no
//! evaluation, indicator-system or headline tables) and are shown apart.
//!
//! Also checks that both the engine's findings and the reference's equal
//! the manifest (`DIR/manifest.json`), and says so.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use tally_bench::manifest::{diff, read, sites_from_report, Diff};
use tally_bench::native;
use tally_engine::load;
use tally_engine::{Engine, Report, RuleOrigin};

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs.get(xs.len() / 2).copied().unwrap_or_default()
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1e3;
    // Small data sets run in fractions of a millisecond.
    if ms < 10.0 {
        format!("{ms:.2}")
    } else {
        format!("{ms:.1}")
    }
}

fn ratio(a: Duration, b: Duration) -> String {
    if b.is_zero() {
        "–".into()
    } else {
        format!("{:.1}×", a.as_secs_f64() / b.as_secs_f64())
    }
}

fn verdict(d: &Diff) -> String {
    if d.is_empty() {
        "yes".into()
    } else {
        format!(
            "**no**: {} missing, {} unexpected",
            d.missing.len(),
            d.unexpected.len()
        )
    }
}

struct Args {
    dir: PathBuf,
    runs: usize,
    threads: usize,
}

fn parse() -> Result<Args, String> {
    let mut dir = None;
    let mut runs = 5;
    let mut threads = 1;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" | "--threads" => {
                let v: usize = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .ok_or_else(|| format!("`{arg}` takes a count"))?;
                if arg == "--runs" {
                    runs = v.max(1);
                } else {
                    threads = v.max(1);
                }
            }
            _ if dir.is_none() && !arg.starts_with('-') => dir = Some(PathBuf::from(arg)),
            _ => return Err(format!("unknown argument `{arg}`")),
        }
    }
    let dir = dir.ok_or("usage: native-ratio DIR [--runs N] [--threads T]")?;
    Ok(Args { dir, runs, threads })
}

fn engine(dir: &Path, threads: usize, builtin: bool) -> Result<Engine, String> {
    let mut b = Engine::builder()
        .data(dir.join("data"))
        .rules(dir.join("rules"))
        .display_base(dir)
        .threads(threads)
        // Warm checks time every rule again: a run of a rule that looks at
        // one table at a time would otherwise be kept, and take no time.
        .keep_table_runs(false);
    if !builtin {
        let native: Vec<String> = Engine::builder()
            .data(dir.join("data"))
            .rules(dir.join("rules"))
            .build()
            .map_err(|e| format!("cannot build the engine: {e}"))?
            .rules()
            .into_iter()
            .filter(|m| m.origin == RuleOrigin::Native)
            .map(|m| m.id)
            .collect();
        b = b.ignore(native);
    }
    b.build().map_err(|e| format!("cannot build the engine: {e}"))
}

fn rule_time(report: &Report, rule: &str) -> Duration {
    report
        .stats
        .iter()
        .filter(|s| s.rule == rule)
        .map(|s| s.elapsed)
        .sum()
}

/// The allocator of the `tally` binary, so that the phases are measured as
/// `tally check` runs them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[allow(clippy::print_stdout, clippy::print_stderr)]
fn main() -> ExitCode {
    let args = match parse() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("native-ratio: {e}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(ok) => {
            if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(e) => {
            eprintln!("native-ratio: {e}");
            ExitCode::from(2)
        }
    }
}

#[allow(clippy::print_stdout)]
fn run(args: &Args) -> Result<bool, String> {
    let dir = &args.dir;
    let manifest = read(dir).map_err(|e| format!("{}: {e}", dir.join("manifest.json").display()))?;
    let (paths, _) = load::discover(&dir.join("data"), "ron");

    // Read and parse, N times.
    let mut t_read = Vec::new();
    let mut t_parse = Vec::new();
    let mut files = Vec::new();
    for _ in 0..args.runs {
        let t = Instant::now();
        let bytes: Vec<(String, &PathBuf, Vec<u8>)> = paths
            .iter()
            .map(|p| {
                let name = tally_engine::text::display(p.strip_prefix(dir).unwrap_or(p));
                std::fs::read(p)
                    .map(|b| (name, p, b))
                    .map_err(|e| format!("{}: {e}", p.display()))
            })
            .collect::<Result<_, _>>()?;
        t_read.push(t.elapsed());
        let t = Instant::now();
        files = bytes
            .iter()
            .map(|(name, path, b)| load::load_text(name.clone(), *path, b).0)
            .collect();
        t_parse.push(t.elapsed());
    }
    let nodes: usize = files
        .iter()
        .filter_map(|f| f.document.as_ref())
        .map(|d| d.len())
        .sum();

    // The engine: cold, then warm with every check.
    let t = Instant::now();
    let full = engine(dir, args.threads, true)?;
    let cold_report = full.check();
    let t_cold = t.elapsed();
    let rule_ids_of_scripts: Vec<String> = full
        .rules()
        .into_iter()
        .filter(|m| matches!(m.origin, RuleOrigin::Script(_)))
        .map(|m| m.id)
        .collect();
    let engine_diff = diff(&manifest.faults, &sites_from_report(&cold_report));
    let mut t_warm = Vec::new();
    let mut t_builtin = Vec::new();
    for _ in 0..args.runs {
        let t = Instant::now();
        let r = full.check();
        t_warm.push(t.elapsed());
        t_builtin.push(
            r.stats
                .iter()
                .filter(|s| !rule_ids_of_scripts.contains(&s.rule))
                .map(|s| s.elapsed)
                .sum(),
        );
    }
    drop(full);

    // The rule phase: rules only, in warm checks.
    let rules_only = engine(dir, args.threads, false)?;
    let _ = rules_only.check();
    let rule_ids: Vec<String> = rules_only
        .rules()
        .into_iter()
        .filter(|m| matches!(m.origin, RuleOrigin::Script(_)))
        .map(|m| m.id)
        .collect();
    let mut per_rule: Vec<Vec<Duration>> = vec![Vec::new(); rule_ids.len()];
    let mut t_rules = Vec::new();
    let mut t_same = Vec::new();
    let mut t_rules_wall = Vec::new();
    let mut tally_counts = vec![0usize; rule_ids.len()];
    for _ in 0..args.runs {
        let t = Instant::now();
        let r = rules_only.check();
        t_rules_wall.push(t.elapsed());
        let mut total = Duration::ZERO;
        let mut same = Duration::ZERO;
        for (i, id) in rule_ids.iter().enumerate() {
            let d = rule_time(&r, id);
            per_rule[i].push(d);
            total += d;
            if tally_bench::RULES.contains(&id.as_str()) {
                same += d;
            }
            tally_counts[i] = r.findings.iter().filter(|f| &f.rule == id).count();
        }
        t_rules.push(total);
        t_same.push(same);
    }
    drop(rules_only);

    // The native reference over the documents parsed above, its findings
    // located (file, path, line and column) as tally locates its own.
    let mut t_native = Vec::new();
    let mut native_sites = Vec::new();
    for _ in 0..args.runs {
        let t = Instant::now();
        native_sites = native::sites(&files, &native::check(&files));
        t_native.push(t.elapsed());
    }
    let native_diff = diff(&manifest.faults, &native_sites);
    let mut native_rule = Vec::new();
    for id in &rule_ids {
        let mut ts = Vec::new();
        let mut n = 0;
        for _ in 0..args.runs {
            let t = Instant::now();
            n = native::sites(&files, &native::check_rule(id, &files)).len();
            ts.push(t.elapsed());
        }
        let covered = tally_bench::RULES.contains(&id.as_str());
        native_rule.push((covered, median(ts), n));
    }

    let s = &manifest.sizes;
    let data_mb = manifest.data_bytes as f64 / 1e6;
    println!(
        "### {} regions × {} indicators = {} values ({data_mb:.1} MB, {} files, {nodes} nodes, {} faults)\n",
        s.regions,
        s.indicators,
        manifest.values,
        s.files,
        manifest.faults.len()
    );
    println!(
        "median of {} runs, rules on {} thread(s)\n",
        args.runs, args.threads
    );
    println!("| phase | ms |");
    println!("|---|---:|");
    println!("| read files | {} |", ms(median(t_read)));
    println!("| parse + span index (`load_text`) | {} |", ms(median(t_parse)));
    println!(
        "| cold check (new engine, first `check()`; once) | {} |",
        ms(t_cold)
    );
    println!(
        "| warm check (same engine, nothing changed) | {} |",
        ms(median(t_warm))
    );
    println!(
        "| … of which built-in checks (`shape`, `duplicate-key`, …) | {} |",
        ms(median(t_builtin))
    );
    let rule_phase = median(t_rules);
    let native_total = median(t_native);
    println!(
        "| warm check of the Rhai rules only | {} |",
        ms(median(t_rules_wall))
    );
    let same_phase = median(t_same);
    println!(
        "| … rule phase: Σ Rhai rules, all {} | {} |",
        rule_ids.len(),
        ms(rule_phase)
    );
    println!(
        "| … rule phase: Σ the {} rules the reference implements | {} |",
        tally_bench::RULES.len(),
        ms(same_phase)
    );
    println!(
        "| native reference, {} rules | {} |",
        tally_bench::RULES.len(),
        ms(native_total)
    );
    println!(
        "| **rule phase / native, same {} checks** | **{}** |",
        tally_bench::RULES.len(),
        ratio(same_phase, native_total)
    );
    println!(
        "| rule phase of all {} rules / native | {} |",
        rule_ids.len(),
        ratio(rule_phase, native_total)
    );
    println!();
    println!("| rule | tally ms | native ms | ratio | findings tally / native |");
    println!("|---|---:|---:|---:|---:|");
    for (i, id) in rule_ids.iter().enumerate() {
        let tally = median(per_rule[i].clone());
        let (covered, native, n) = native_rule[i];
        if covered {
            println!(
                "| {id} | {} | {} | {} | {} / {n} |",
                ms(tally),
                ms(native),
                ratio(tally, native),
                tally_counts[i]
            );
        } else {
            println!("| {id} | {} | – | – | {} / – |", ms(tally), tally_counts[i]);
        }
    }
    println!();
    println!("engine findings equal the manifest: {}", verdict(&engine_diff));
    println!("native findings equal the manifest: {}", verdict(&native_diff));
    for (who, d) in [("engine", &engine_diff), ("native", &native_diff)] {
        if !d.is_empty() {
            print!("\n{who}: {d}");
        }
    }
    Ok(engine_diff.is_empty() && native_diff.is_empty())
}
