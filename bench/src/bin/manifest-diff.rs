//! `manifest-diff DIR [TALLY_JSON]`: compares the findings of
//! `tally check --format json` (a file, or standard input) with
//! `DIR/manifest.json`. Prints a first line `findings N faults M missing X
//! unexpected Y`, then `ok` or what was lost and what was invented; exits 0
//! if they are equal, 1 if not, 2 on bad input.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use tally_bench::manifest::{diff, read, sites_from_json};

#[allow(clippy::print_stdout, clippy::print_stderr)]
fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first().map(PathBuf::from) else {
        eprintln!("usage: manifest-diff DIR [TALLY_JSON]   (standard input if no file)");
        return ExitCode::from(2);
    };
    let manifest = match read(&dir) {
        Ok(m) => m,
        Err(err) => {
            eprintln!("manifest-diff: {}: {err}", dir.join("manifest.json").display());
            return ExitCode::from(2);
        }
    };
    let mut text = String::new();
    let input = match args.get(1) {
        Some(path) => std::fs::read_to_string(path).map(|t| text = t),
        None => std::io::stdin().read_to_string(&mut text).map(|_| ()),
    };
    if let Err(err) = input {
        eprintln!("manifest-diff: cannot read the findings: {err}");
        return ExitCode::from(2);
    }
    let doc: serde_json::Value = match serde_json::from_str(&text) {
        Ok(doc) => doc,
        Err(err) => {
            eprintln!("manifest-diff: the findings are not JSON: {err}");
            return ExitCode::from(2);
        }
    };
    let found = sites_from_json(&doc);
    let d = diff(&manifest.faults, &found);
    // First line, for scripts: counts.
    println!(
        "findings {} faults {} missing {} unexpected {}",
        found.len(),
        manifest.faults.len(),
        d.missing.len(),
        d.unexpected.len()
    );
    if d.is_empty() {
        println!("ok: the findings equal the manifest");
        ExitCode::SUCCESS
    } else {
        print!("findings differ from the manifest: {d}");
        ExitCode::from(1)
    }
}
