//! `layouts`: one large RON file in a layout other than `synth`'s, as a
//! project `tally check` can run in (issue 20).
//!
//! ```text
//! layouts --layout flat|strings|deep|pretty --mb 100 --out DIR [--seed S]
//! ```
//!
//! | layout | what |
//! |---|---|
//! | `flat` | one flat list of small records, a spreadsheet export: `[(region: "区0", values: [1.5, 2.5, …8 figures]), …]` |
//! | `strings` | records with long string columns: `[(code: "A000001", name: "…", text: "…100–300 characters, CJK and escapes…"), …]` |
//! | `deep` | maps nested six deep: `{"k0": {"k3": {… {"k7": 1.5, …}}}}` |
//! | `pretty` | pretty-printed nested tables, 4-space indentation: `(sheets: [(name: …, indicators: [(name: …, high: …, breakdown: {"…": …}), …]), …])` |
//!
//! Writes `DIR/data/table.ron`, the shipped rules in `DIR/rules/` (they find
//! no table of their kinds here) and a `DIR/tally.ron`
//! whose `limits.max_file_size` lets the file be read; deterministic for a
//! seed. No faults: a check of the data finds nothing.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: layouts --layout flat|strings|deep|pretty --mb N --out DIR [--seed S]";

/// SplitMix64.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// A figure with one decimal, 0.0 to 9999.9.
    fn figure(&mut self, out: &mut String) {
        let v = self.below(100_000);
        out.push_str(&format!("{}.{}", v / 10, v % 10));
    }
}

const HANZI: &[&str] = &[
    "统", "计", "数", "据", "指", "标", "完", "成", "情", "况", "省", "市", "县", "区", "经", "济", "发",
    "展", "目", "年", "度", "增", "长", "率",
];

fn text(rng: &mut Rng, out: &mut String, chars: u64) {
    for i in 0..chars {
        match rng.below(20) {
            0 => out.push_str("\\n"),
            1 => out.push_str("\\\""),
            2..=6 => out.push(' '),
            7..=11 => out.push(char::from(b'a' + (rng.below(26) as u8))),
            _ => out.push_str(HANZI[rng.below(HANZI.len() as u64) as usize]),
        }
        if i % 40 == 39 {
            out.push('，');
        }
    }
}

fn flat(rng: &mut Rng, w: &mut impl Write, bytes: u64) -> std::io::Result<()> {
    let mut written = 0u64;
    let mut i = 0u64;
    w.write_all(b"[\n")?;
    let mut rec = String::new();
    while written < bytes {
        rec.clear();
        rec.push_str(&format!("(region: \"区{i}\", values: ["));
        for k in 0..8 {
            if k > 0 {
                rec.push_str(", ");
            }
            rng.figure(&mut rec);
        }
        rec.push_str("]),\n");
        w.write_all(rec.as_bytes())?;
        written += rec.len() as u64;
        i += 1;
    }
    w.write_all(b"]\n")
}

fn strings(rng: &mut Rng, w: &mut impl Write, bytes: u64) -> std::io::Result<()> {
    let mut written = 0u64;
    let mut i = 0u64;
    w.write_all(b"[\n")?;
    let mut rec = String::new();
    while written < bytes {
        rec.clear();
        rec.push_str(&format!("    (code: \"A{i:06}\", name: \""));
        let n = 4 + rng.below(12);
        text(rng, &mut rec, n);
        rec.push_str("\", text: \"");
        let n = 100 + rng.below(200);
        text(rng, &mut rec, n);
        rec.push_str("\"),\n");
        w.write_all(rec.as_bytes())?;
        written += rec.len() as u64;
        i += 1;
    }
    w.write_all(b"]\n")
}

/// Six levels of maps; the fan-out is chosen so that the file is about
/// `bytes` long (a leaf entry is about 16 bytes).
fn deep(rng: &mut Rng, w: &mut impl Write, bytes: u64) -> std::io::Result<()> {
    const DEPTH: u32 = 6;
    let leaves = (bytes / 16).max(1) as f64;
    let fanout = (leaves.powf(1.0 / f64::from(DEPTH)).ceil() as u64).max(2);
    let mut out = String::new();
    fn level(
        rng: &mut Rng,
        out: &mut String,
        w: &mut dyn Write,
        depth: u32,
        fanout: u64,
    ) -> std::io::Result<()> {
        out.push('{');
        for k in 0..fanout {
            if k > 0 {
                out.push_str(", ");
            }
            out.push_str(&format!("\"k{k}\": "));
            if depth == 1 {
                rng.figure(out);
            } else {
                level(rng, out, w, depth - 1, fanout)?;
            }
        }
        out.push('}');
        if out.len() > 1 << 16 {
            w.write_all(out.as_bytes())?;
            out.clear();
        }
        Ok(())
    }
    level(rng, &mut out, w, DEPTH, fanout)?;
    out.push('\n');
    w.write_all(out.as_bytes())
}

fn pretty(rng: &mut Rng, w: &mut impl Write, bytes: u64) -> std::io::Result<()> {
    let mut written = 0u64;
    let mut sheet = 0u64;
    w.write_all(b"(\n    sheets: [\n")?;
    let mut out = String::new();
    while written < bytes {
        out.clear();
        out.push_str(&format!(
            "        (\n            name: \"第{sheet}表\",\n            indicators: [\n"
        ));
        for ind in 0..50 {
            out.push_str(&format!(
                "                (\n                    name: \"指标{ind}\",\n                    unit: \"万元\",\n                    high: "
            ));
            rng.figure(&mut out);
            out.push_str(",\n                    breakdown: {\n");
            for r in 0..10 {
                out.push_str(&format!("                        \"第{sheet}市第{r}县\": "));
                rng.figure(&mut out);
                out.push_str(",\n");
            }
            out.push_str("                    },\n                ),\n");
        }
        out.push_str("            ],\n        ),\n");
        w.write_all(out.as_bytes())?;
        written += out.len() as u64;
        sheet += 1;
    }
    w.write_all(b"    ],\n)\n")
}

#[allow(clippy::print_stderr)]
fn main() -> ExitCode {
    let mut layout = None;
    let mut mb = 0.0f64;
    let mut out = None;
    let mut seed = 1u64;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let Some(value) = args.next() else {
            eprintln!("`{flag}` needs a value\n{USAGE}");
            return ExitCode::from(2);
        };
        match flag.as_str() {
            "--layout" => layout = Some(value),
            "--mb" => mb = value.parse().unwrap_or(0.0),
            "--out" => out = Some(PathBuf::from(value)),
            "--seed" => seed = value.parse().unwrap_or(1),
            _ => {
                eprintln!("unknown argument `{flag}`\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let (Some(layout), Some(out)) = (layout, out) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    if mb <= 0.0 {
        eprintln!("`--mb` takes a positive size\n{USAGE}");
        return ExitCode::from(2);
    }
    let bytes = (mb * 1e6) as u64;
    let run = || -> std::io::Result<u64> {
        std::fs::create_dir_all(out.join("data"))?;
        tally_bench::synth::copy_rules(&tally_bench::synth::shipped_rules(), &out.join("rules"))?;
        let path = out.join("data/table.ron");
        let mut w = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&path)?);
        let mut rng = Rng(seed);
        match layout.as_str() {
            "flat" => flat(&mut rng, &mut w, bytes)?,
            "strings" => strings(&mut rng, &mut w, bytes)?,
            "deep" => deep(&mut rng, &mut w, bytes)?,
            "pretty" => pretty(&mut rng, &mut w, bytes)?,
            _ => {
                return Err(std::io::Error::other(format!(
                    "unknown layout `{layout}`\n{USAGE}"
                )))
            }
        }
        w.flush()?;
        drop(w);
        let size = std::fs::metadata(&path)?.len();
        std::fs::write(
            out.join("tally.ron"),
            format!(
                "// Written by `layouts --layout {layout}`: check with `tally check` run in this folder.\n\
                 Config(data: [\"data\"], rules: \"rules\", limits: (max_file_size: {}))\n",
                size.max(1 << 20) * 2
            ),
        )?;
        Ok(size)
    };
    match run() {
        Ok(size) => {
            eprintln!(
                "layouts: {layout}, {size} bytes in {}",
                out.join("data/table.ron").display()
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("layouts: {err}");
            ExitCode::FAILURE
        }
    }
}
