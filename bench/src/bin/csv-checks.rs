//! `csv-checks`: the three hierarchy checks of `scripts/bench-peers.sh`
//! over synth's `values.csv`, in Rust with the standard library only: the
//! floor a validator of this data could reach (issue 20).
//!
//! ```text
//! csv-checks DIR        # DIR holds values.csv and regions.csv
//! ```
//!
//! - `breakdown-sum-mismatch`: for an additive indicator, the figures of a
//!   region's sub-regions (empty ones skipped) add up to the region's own;
//! - `percentage-out-of-range`: a percentage (an indicator named `…率`)
//!   lies in [0, 100];
//! - `unknown-region`: every region of `values.csv` is in `regions.csv`.
//!
//! Growth rates (`…增速`, `…增长`) are neither additive nor percentages.
//! Prints `findings breakdown-sum-mismatch=N percentage-out-of-range=N
//! unknown-region=N`.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::process::ExitCode;

/// FxHash (rustc's): far cheaper than SipHash on short keys, written out
/// to stay within the standard library.
#[derive(Default)]
struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 =
                (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type Map<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;
type Set<K> = HashSet<K, BuildHasherDefault<Fx>>;

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Additive,
    Percent,
    Growth,
}

fn kind(indicator: &str) -> Kind {
    if indicator.contains("增速") || indicator.contains("增长") {
        return Kind::Growth;
    }
    let base = match indicator.find('（') {
        Some(i) => &indicator[..i],
        None => indicator,
    };
    if base.ends_with('率') {
        Kind::Percent
    } else {
        Kind::Additive
    }
}

#[allow(clippy::print_stdout, clippy::print_stderr)]
fn main() -> ExitCode {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: csv-checks DIR");
        return ExitCode::from(2);
    };
    let read = |name: &str| std::fs::read_to_string(format!("{dir}/{name}"));
    let (Ok(regions), Ok(values)) = (read("regions.csv"), read("values.csv")) else {
        eprintln!("csv-checks: cannot read {dir}/regions.csv and values.csv");
        return ExitCode::FAILURE;
    };
    let known: Set<&str> = regions
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .collect();
    let mut kinds: Map<&str, Kind> = Map::default();
    // (region, indicator) -> its figure; (parent, indicator) -> children's sum.
    let mut own: Map<(&str, &str), f64> = Map::default();
    let mut sums: Map<(&str, &str), f64> = Map::default();
    let (mut percent, mut unknown) = (0usize, 0usize);
    for line in values.lines().skip(1) {
        let mut cols = line.split(',');
        let (Some(region), Some(parent), Some(_level), Some(indicator), Some(value)) =
            (cols.next(), cols.next(), cols.next(), cols.next(), cols.next())
        else {
            continue;
        };
        if !known.contains(region) {
            unknown += 1;
        }
        let k = *kinds.entry(indicator).or_insert_with(|| kind(indicator));
        let Ok(v) = value.parse::<f64>() else { continue };
        match k {
            Kind::Percent if !(0.0..=100.0).contains(&v) => percent += 1,
            Kind::Additive => {
                own.insert((region, indicator), v);
                if !parent.is_empty() {
                    *sums.entry((parent, indicator)).or_insert(0.0) += v;
                }
            }
            _ => {}
        }
    }
    let sum = sums
        .iter()
        .filter(|(key, total)| own.get(key).is_some_and(|v| v != *total))
        .count();
    println!(
        "findings breakdown-sum-mismatch={sum} percentage-out-of-range={percent} unknown-region={unknown}"
    );
    ExitCode::SUCCESS
}
