//! `parse-rate`: how fast the span-index parser reads one file (issue 20).
//!
//! ```text
//! parse-rate FILE [--runs N] [--threads T]
//! ```
//!
//! Reads the file once (as `tally check` does), then parses it N times
//! (default 5) into a `Document` with T threads (default 1; more splits one large list or map
//! among them, see `tally_engine::load::parse_with`) and prints, per run and
//! as the median, the time and MB/s, and the nodes per MB. Run it under
//! `/usr/bin/time -v` with `--runs 1` for the peak memory of one parse.

use std::io::Write as _;
use std::process::ExitCode;
use std::time::Instant;

use tally_engine::load;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[allow(clippy::print_stderr, clippy::print_stdout)]
fn main() -> ExitCode {
    let mut file = None;
    let mut runs = 5usize;
    let mut threads = 1usize;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => runs = args.next().and_then(|v| v.parse().ok()).unwrap_or(5),
            "--threads" => threads = args.next().and_then(|v| v.parse().ok()).unwrap_or(1),
            _ => file = Some(arg),
        }
    }
    let Some(file) = file else {
        eprintln!("usage: parse-rate FILE [--runs N] [--threads T]");
        return ExitCode::from(2);
    };
    // Read as `tally check` reads a data file (on as many threads as the
    // parse, UTF-8 checked), so that a cold run's time is the check's read
    // and parse.
    let catalogue = tally_engine::Catalogue::new(tally_engine::Lang::En);
    let text = match load::read_contents(std::path::Path::new(&file), &file, u64::MAX, &catalogue, threads) {
        Ok(load::Contents::Text(text)) => text,
        Ok(load::Contents::Bytes(_)) => {
            eprintln!("parse-rate: {file}: not UTF-8 (or starts with a byte order mark)");
            return ExitCode::FAILURE;
        }
        Err(finding) => {
            eprintln!("parse-rate: {file}: {}", finding.message);
            return ExitCode::FAILURE;
        }
    };
    let mb = text.len() as f64 / 1e6;
    let mut times = Vec::new();
    for run in 0..runs.max(1) {
        let started = Instant::now();
        // `parse_with`, also counting the runs parsed ahead that were taken.
        let split = load::Split {
            min_len: 4 << 20,
            wait: false,
        };
        let (doc, taken) = load::parse_split(&text, threads, split);
        let secs = started.elapsed().as_secs_f64();
        match doc {
            // A closed pipe (`| head`) ends the program quietly.
            Ok(doc) => {
                let line = format!(
                    "run {}: {:.3} s, {:.0} MB/s, {} nodes ({:.0} per MB), arena {:.1} bytes per node \
                 ({:.2} per byte of text), {taken} runs parsed ahead",
                    run + 1,
                    secs,
                    mb / secs,
                    doc.len(),
                    doc.len() as f64 / mb,
                    doc.arena_bytes() as f64 / doc.len().max(1) as f64,
                    doc.arena_bytes() as f64 / text.len().max(1) as f64,
                );
                if writeln!(std::io::stdout(), "{line}").is_err() {
                    return ExitCode::SUCCESS;
                }
            }
            Err(err) => {
                eprintln!(
                    "parse-rate: {file}: {} at {}..{}",
                    err.message, err.span.start, err.span.end
                );
                return ExitCode::FAILURE;
            }
        }
        times.push(secs);
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    let _ = writeln!(
        std::io::stdout(),
        "{file}: {mb:.1} MB, {threads} thread(s), median {median:.3} s, {:.0} MB/s",
        mb / median
    );
    ExitCode::SUCCESS
}
