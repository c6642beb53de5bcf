//! `synth`: writes a synthetic tally project at any scale.
//!
//! ```text
//! synth --regions N --indicators K --out DIR [--seed S] [--fault-rate 0.001] [--rules DIR]
//! ```
//!
//! See `tally_bench::synth` for the layout and the faults.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use tally_bench::synth::{generate, Options};

const USAGE: &str =
    "usage: synth --regions N --indicators K --out DIR [--seed S] [--fault-rate R] [--rules DIR]";

fn parse() -> Result<(Options, PathBuf), String> {
    let mut opts = Options::new(0, 0);
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        if flag == "-h" || flag == "--help" {
            return Err(USAGE.into());
        }
        let value = args
            .next()
            .ok_or_else(|| format!("`{flag}` needs a value\n{USAGE}"))?;
        let number = |what: &str| format!("`{flag}` takes {what}, not `{value}`");
        match flag.as_str() {
            "--regions" => opts.regions = value.parse().map_err(|_| number("a count"))?,
            "--indicators" => opts.indicators = value.parse().map_err(|_| number("a count"))?,
            "--seed" => opts.seed = value.parse().map_err(|_| number("an integer"))?,
            "--fault-rate" => opts.fault_rate = value.parse().map_err(|_| number("a number"))?,
            "--rules" => opts.rules = Some(PathBuf::from(value)),
            "--out" => out = Some(PathBuf::from(value)),
            _ => return Err(format!("unknown argument `{flag}`\n{USAGE}")),
        }
    }
    let out = out.ok_or_else(|| format!("`--out` is required\n{USAGE}"))?;
    if opts.regions == 0 || opts.indicators == 0 {
        return Err(format!("`--regions` and `--indicators` are required\n{USAGE}"));
    }
    Ok((opts, out))
}

#[allow(clippy::print_stderr)]
fn main() -> ExitCode {
    let (opts, out) = match parse() {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    match generate(&opts, &out) {
        Ok(m) => {
            let faults: Vec<String> = m.counts.iter().map(|(r, n)| format!("{r} {n}")).collect();
            eprintln!(
                "synth: {} regions × {} indicators = {} values, {} data bytes, {} faults ({}) in {:.2} s → {}",
                m.sizes.regions,
                m.sizes.indicators,
                m.values,
                m.data_bytes,
                m.faults.len(),
                faults.join(", "),
                started.elapsed().as_secs_f64(),
                out.display()
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("synth: {err}");
            ExitCode::from(2)
        }
    }
}
