//! Save-to-report latency of `tally watch`.
//!
//! Copies the shipped project (`data/`, `rules/`) to a temporary folder,
//! starts `tally watch --format json` there (the release binary cargo builds
//! for the bench, `CARGO_BIN_EXE_tally`), and makes real saves of three
//! kinds, with pauses between them, as an editor would:
//!
//! - `plain`: write the file in place;
//! - `atomic`: write `x.ron.tmp.<pid>`, rename it over `x.ron`;
//! - `vim`: swap file, `4913` probe, the old file renamed to `x.ron~`, the
//!   new one written, the backup removed.
//!
//! Each save changes one figure to a new value. The time from the save's
//! last system call to the arrival of the JSON line that shows the new
//! value is one sample. Prints min / median / p95 / max per kind and
//! overall.
//!
//! ```text
//! cargo bench -p tally --bench watch_latency
//! ```
//! `WATCH_BENCH_SAVES` sets the number of saves (default 60).
//! `WATCH_BENCH_PROJECT=DIR` watches a copy of that project instead (a
//! synth national data set with the shipped rules): each save changes the
//! high line of the first `breakdown-sum-mismatch` finding's indicator.

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

// The helpers of the end-to-end tests; the bench takes only a few of them.
#[allow(dead_code)]
#[path = "../tests/util.rs"]
mod util;

use serde_json::Value;
use util::{binary, copy_tree, workspace};

const KINDS: [&str; 3] = ["plain", "atomic", "vim"];

/// The figure each save changes: a `breakdown-sum-mismatch` finding's high
/// line, by its file and where it starts.
struct Target {
    file: String,
    start: usize,
    end: usize,
}

impl Target {
    /// The first `breakdown-sum-mismatch` finding of a report.
    fn first(report: &Value) -> Option<Target> {
        let d = report["diagnostics"]
            .as_array()?
            .iter()
            .find(|d| d["rule"] == "breakdown-sum-mismatch")?;
        Some(Target {
            file: d["file"].as_str()?.to_owned(),
            start: usize::try_from(d["span"]["start"].as_u64()?).ok()?,
            end: usize::try_from(d["span"]["end"].as_u64()?).ok()?,
        })
    }

    /// The high line the report shows for the target's indicator.
    fn high(&self, report: &Value) -> Option<f64> {
        report["diagnostics"]
            .as_array()?
            .iter()
            .find(|d| {
                d["rule"] == "breakdown-sum-mismatch"
                    && d["file"] == self.file.as_str()
                    && d["span"]["start"].as_u64() == Some(self.start as u64)
            })
            .and_then(|d| d["data"]["high"].as_f64())
    }
}

fn save(dir: &Path, target: &str, kind: &str, text: &str) -> std::io::Result<()> {
    let file = dir.join(target);
    let folder = file.parent().unwrap_or(dir).to_path_buf();
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("x.ron")
        .to_owned();
    match kind {
        "plain" => std::fs::write(&file, text),
        "atomic" => {
            let temp = folder.join(format!("{name}.tmp.{}", std::process::id()));
            std::fs::write(&temp, text)?;
            std::fs::rename(&temp, &file)
        }
        _ => {
            let swap = folder.join(format!(".{name}.swp"));
            std::fs::write(&swap, "swap")?;
            let probe = folder.join("4913");
            std::fs::write(&probe, "")?;
            std::fs::remove_file(&probe)?;
            let backup = folder.join(format!("{name}~"));
            std::fs::rename(&file, &backup)?;
            std::fs::write(&file, text)?;
            std::fs::remove_file(&backup)?;
            std::fs::remove_file(&swap)
        }
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    // Nearest rank.
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn line(name: &str, samples: &[Duration]) -> String {
    let mut sorted = samples.to_vec();
    sorted.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    format!(
        "{name:<8} n={:<3} min {:>6.1} ms   median {:>6.1} ms   p95 {:>6.1} ms   max {:>6.1} ms",
        sorted.len(),
        ms(percentile(&sorted, 0.0)),
        ms(percentile(&sorted, 50.0)),
        ms(percentile(&sorted, 95.0)),
        ms(percentile(&sorted, 100.0)),
    )
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // `cargo bench` passes `--bench`; a filter argument is not supported.
    let saves: usize = std::env::var("WATCH_BENCH_SAVES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(60);
    let dir = tempfile::tempdir()?;
    match std::env::var_os("WATCH_BENCH_PROJECT") {
        Some(project) => copy_tree(Path::new(&project), dir.path())?,
        None => {
            copy_tree(&workspace().join("data"), &dir.path().join("data"))?;
            copy_tree(&workspace().join("rules"), &dir.path().join("rules"))?;
            copy_tree(&workspace().join("schemas"), &dir.path().join("schemas"))?;
        }
    }

    let bin = binary();
    eprintln!("binary: {}", bin.display());
    let mut child = Command::new(bin)
        .args(["watch", "--format", "json"])
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let (tx, rx) = mpsc::channel::<(Instant, String)>();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send((Instant::now(), line)).is_err() {
                break;
            }
        }
    });

    let timeout = Duration::from_secs(10);
    let (_, first) = rx.recv_timeout(Duration::from_secs(60))?;
    let first: Value = serde_json::from_str(&first)?;
    let target = Target::first(&first).ok_or("the initial report has no breakdown-sum-mismatch finding")?;
    let original = std::fs::read_to_string(dir.path().join(&target.file))?;
    if target.high(&first).is_none() || original.get(target.start..target.end).is_none() {
        return Err("the breakdown finding does not point at its high line".into());
    }

    let mut samples: Vec<(usize, Duration)> = Vec::new();
    let mut extra = 0;
    for i in 0..saves {
        let kind = i % KINDS.len();
        let value = 900_001 + i as i64;
        let text = format!("{}{value}{}", &original[..target.start], &original[target.end..]);
        // Pauses of 150–400 ms, as between an editor's saves.
        std::thread::sleep(Duration::from_millis(150 + (i as u64 * 37) % 250));
        save(dir.path(), &target.file, KINDS[kind], &text)?;
        let saved = Instant::now();
        loop {
            let (arrived, line) = rx.recv_timeout(timeout)?;
            let report: Value = serde_json::from_str(&line)?;
            if target.high(&report) == Some(value as f64) {
                samples.push((kind, arrived.saturating_duration_since(saved)));
                break;
            }
            extra += 1;
        }
    }
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let status = child.wait()?;

    println!(
        "tally watch: save → report latency, {saves} saves, {} data files",
        first["summary"]["files"]
    );
    for (k, name) in KINDS.iter().enumerate() {
        let of_kind: Vec<Duration> = samples
            .iter()
            .filter(|(kind, _)| *kind == k)
            .map(|(_, d)| *d)
            .collect();
        println!("{}", line(name, &of_kind));
    }
    let all: Vec<Duration> = samples.iter().map(|(_, d)| *d).collect();
    println!("{}", line("all", &all));
    println!("reports not showing the saved value (partial saves): {extra}; exit after SIGTERM: {status}");
    Ok(())
}
