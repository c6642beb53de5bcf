//! `synth-book`: a target table of N regions × K indicators as a workbook
//! in the seed's breakdown layout (regions down, indicators across with the
//! unit in brackets, the city's 标线 and 高线 as rows), for timing
//! `tally import` and checking a workbook in place (docs/performance.md).
//!
//! ```text
//! synth-book --regions N --indicators K --out DIR [--rows N]
//! ```
//!
//! Writes `DIR/data/targets.xlsx` (sheet `附件3`, laid out by `tally
//! export`), `DIR/data/regions.ron` (the city and its N regions),
//! `DIR/ron/targets.ron` (the same table as RON, outside `data/`), the
//! shipped rules and schemas, and a `tally.ron` that maps the workbook.
//! One indicator in ten has a breakdown that does not add up to its high
//! line (a `breakdown-sum-mismatch` finding each). `--rows N` instead
//! writes `DIR/rows.xlsx`: one sheet of N region records (名称, kind,
//! parent: a `RegionRegistry` in the records layout), for measuring memory
//! on a sheet of a million rows.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use tally_bench::synth::{copy_rules, shipped_rules, shipped_schemas};

const USAGE: &str = "usage: synth-book --regions N --indicators K --out DIR | synth-book --rows N --out DIR";

struct Args {
    regions: usize,
    indicators: usize,
    rows: usize,
    out: PathBuf,
}

fn parse() -> Result<Args, String> {
    let mut args = Args {
        regions: 0,
        indicators: 0,
        rows: 0,
        out: PathBuf::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it
            .next()
            .ok_or_else(|| format!("`{flag}` needs a value\n{USAGE}"))?;
        let count = || {
            value
                .parse::<usize>()
                .map_err(|_| format!("`{flag}` takes a count, not `{value}`"))
        };
        match flag.as_str() {
            "--regions" => args.regions = count()?,
            "--indicators" => args.indicators = count()?,
            "--rows" => args.rows = count()?,
            "--out" => args.out = PathBuf::from(&value),
            _ => return Err(format!("unknown argument `{flag}`\n{USAGE}")),
        }
    }
    if args.out.as_os_str().is_empty() || (args.rows == 0 && (args.regions == 0 || args.indicators == 0)) {
        return Err(USAGE.into());
    }
    Ok(args)
}

/// The table as RON, figures as the seed writes them.
fn targets(regions: usize, indicators: usize) -> String {
    let mut out = String::from("#![enable(implicit_some)]\nTargetTable(\n    title: \"2019 年合成指标分解表\",\n    year: 2019,\n    sheets: [(\n        annex: 3,\n        title: \"2019 年合成指标分解表（二）\",\n        indicators: [\n");
    for k in 0..indicators {
        let percent = k % 5 == 4;
        let unit = if percent { "%" } else { "个" };
        let _ = write!(
            out,
            "            (name: \"合成指标{k}\", unit: \"{unit}\", additive: {}, ",
            !percent
        );
        let mut figures = String::new();
        let mut sum: u64 = 0;
        for r in 0..regions {
            let value = ((r * 7919 + k * 104_729) % 997) as u64;
            if percent {
                let _ = write!(figures, "\"区{r}\": {}.{}, ", 10 + value % 80, value % 10);
            } else {
                sum += value;
                let _ = write!(figures, "\"区{r}\": {value}, ");
            }
        }
        let (standard, high) = if percent {
            ("50.0".to_owned(), "60.0".to_owned())
        } else {
            // One indicator in ten does not add up.
            let high = if k % 10 == 3 { sum + 7 } else { sum };
            ((high * 9 / 10).to_string(), high.to_string())
        };
        let _ = writeln!(
            out,
            "standard: {standard}, high: {high}, breakdown: {{{figures}}}),"
        );
    }
    out.push_str("        ],\n    )],\n)\n");
    out
}

fn regions_ron(regions: usize) -> String {
    let mut out = String::from("RegionRegistry(\n    title: \"合成地区名录\",\n    source: \"synth-book\",\n    regions: [\n        (name: \"合成市\", kind: \"city\", parent: None),\n");
    for r in 0..regions {
        let _ = writeln!(
            out,
            "        (name: \"区{r}\", kind: \"district\", parent: \"合成市\"),"
        );
    }
    out.push_str("    ],\n)\n");
    out
}

fn rows_book(rows: usize) -> Result<Vec<u8>, String> {
    let mut laid = tally_sheets::Laid::default();
    let mut sheet = tally_sheets::LaidSheet {
        name: "rows".into(),
        ..Default::default()
    };
    for (c, title) in ["名称", "kind", "parent"].iter().enumerate() {
        sheet
            .cells
            .push((0, c as u16, tally_sheets::Out::Title((*title).into())));
    }
    for r in 1..=rows as u32 {
        sheet
            .cells
            .push((r, 0, tally_sheets::Out::Text(format!("区{r}"))));
        sheet
            .cells
            .push((r, 1, tally_sheets::Out::Text("district".into())));
        sheet.cells.push((r, 2, tally_sheets::Out::Text("合成市".into())));
    }
    laid.sheets.push(sheet);
    tally_sheets::write_book(
        &laid,
        &[],
        None,
        &tally_engine::Catalogue::new(tally_engine::Lang::En),
    )
    .map_err(|e| e.to_string())
}

fn run(args: &Args) -> Result<(), String> {
    let io = |e: std::io::Error| e.to_string();
    let out = &args.out;
    std::fs::create_dir_all(out).map_err(io)?;
    if args.rows > 0 {
        return std::fs::write(out.join("rows.xlsx"), rows_book(args.rows)?).map_err(io);
    }
    std::fs::create_dir_all(out.join("data")).map_err(io)?;
    std::fs::create_dir_all(out.join("ron")).map_err(io)?;
    copy_rules(&shipped_rules(), &out.join("rules")).map_err(io)?;
    copy_rules_like(&shipped_schemas(), &out.join("schemas")).map_err(io)?;
    let text = targets(args.regions, args.indicators);
    std::fs::write(out.join("ron/targets.ron"), &text).map_err(io)?;
    std::fs::write(out.join("data/regions.ron"), regions_ron(args.regions)).map_err(io)?;
    let schemas = tally_engine::Schemas::read_dir(&out.join("schemas"), &|p: &Path| p.display().to_string());
    let schema = schemas.get("TargetTable").ok_or("no TargetTable schema")?;
    let doc = tally_engine::load::parse(&text).map_err(|e| e.message.clone())?;
    let book = tally_sheets::export(
        &doc,
        &text,
        schema,
        &tally_engine::Catalogue::new(tally_engine::Lang::En),
    )
    .map_err(|e| e.to_string())?;
    std::fs::write(out.join("data/targets.xlsx"), book).map_err(io)?;
    std::fs::write(
        out.join("tally.ron"),
        "Config(\n    workbooks: {\n        \"data/targets.xlsx\": [(sheets: [\"附件3\"], kind: \"TargetTable\", layout: \"breakdown\")],\n    },\n)\n",
    )
    .map_err(io)
}

/// Copies the schema files (`*.ron`) of a folder.
fn copy_rules_like(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "ron") && !path.ends_with("Sales.ron") {
            if let Some(name) = path.file_name() {
                std::fs::copy(&path, to.join(name))?;
            }
        }
    }
    Ok(())
}

#[allow(clippy::print_stderr)]
fn main() -> ExitCode {
    let started = std::time::Instant::now();
    match parse().and_then(|args| run(&args).map(|()| args)) {
        Ok(args) => {
            eprintln!(
                "synth-book: wrote {} in {:.2} s",
                args.out.display(),
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("synth-book: {message}");
            ExitCode::from(2)
        }
    }
}
