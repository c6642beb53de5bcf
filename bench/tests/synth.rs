//! Synth data checked by tally (project, engine and JSON renderer, as the
//! binary runs them) and by the native reference must give exactly the
//! manifest's findings.

use std::path::Path;
use std::process::Command;

use tally::render::{render, Format, RenderOptions};
use tally_engine::{Project, Selection, Severity};

use tally_bench::manifest::{diff, sites_from_json, Manifest};
use tally_bench::native;
use tally_bench::synth::{generate, Options};

/// The workspace root.
fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("bench/ is in the workspace")
}

/// `tally check --format json` in `dir`, through the library exactly as
/// the binary does it (project discovery, engine, the JSON renderer), with
/// the exit code the binary would give: no nested `cargo build` of the
/// binary (cargo gives `CARGO_BIN_EXE_tally` only to the `cli` package,
/// whose end-to-end tests run it).
fn tally_check(dir: &Path, select: Option<&str>) -> (i32, serde_json::Value) {
    let project = Project::discover(dir).expect("the project is readable");
    let selection = Selection {
        select: select.map(|ids| ids.split(',').map(str::to_owned).collect()),
        ..Selection::default()
    };
    let engine = project.engine(&selection).expect("an engine");
    let report = engine.check();
    let rules = engine.rules();
    let options = RenderOptions {
        rules: &rules,
        color: false,
        width: 100,
        show_elapsed: false,
        stats: false,
        base: Some(dir),
        show_suppressed: false,
        ..RenderOptions::default()
    };
    let mut out = Vec::new();
    render(Format::Json, &report, &options, &mut out).expect("renders");
    let doc = serde_json::from_slice(&out).expect("the JSON renderer writes JSON");
    let code = if report.has_tool_errors() {
        2
    } else if report.fails_at(Severity::Error) {
        1
    } else {
        0
    };
    (code, doc)
}

fn generated(dir: &Path, opts: &Options) -> Manifest {
    generate(opts, dir).expect("synth writes the data set")
}

#[test]
fn tally_finds_exactly_the_injected_faults() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let m = generated(tmp.path(), &Options::new(300, 20).seed(7).fault_rate(0.02));
    // Every kind is injected.
    for rule in tally_bench::RULES {
        assert!(m.counts[rule] >= 1, "no `{rule}` fault: {:?}", m.counts);
    }
    assert_eq!(m.values, 6000);
    assert_eq!(m.sizes.regions, 300);

    let (code, doc) = tally_check(tmp.path(), None);
    assert_eq!(code, 1, "errors were found");
    let found = sites_from_json(&doc);
    let d = diff(&m.faults, &found);
    assert!(d.is_empty(), "tally's findings differ from the manifest: {d}");
    assert_eq!(found.len(), m.faults.len());
}

#[test]
fn tally_finds_nothing_without_faults() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let m = generated(tmp.path(), &Options::new(300, 20).seed(3).fault_rate(0.0));
    assert!(m.faults.is_empty());
    assert!(m.counts.values().all(|&n| n == 0));
    // The accepted printing habits are there, and must stay unreported.
    let units = std::fs::read_to_string(tmp.path().join("data/responsibilities.ron")).expect("written");
    assert!(
        units.contains("各县(市、区)人民政府"),
        "half-width brackets are mixed in"
    );

    let (code, doc) = tally_check(tmp.path(), None);
    let found = sites_from_json(&doc);
    assert!(
        found.is_empty(),
        "a fault-free data set gave findings: {found:#?}"
    );
    assert_eq!(code, 0);
}

#[test]
fn native_reference_agrees_with_the_manifest() {
    for (seed, rate) in [(7, 0.02), (11, 0.05), (3, 0.0)] {
        let tmp = tempfile::tempdir().expect("temp dir");
        let m = generated(tmp.path(), &Options::new(400, 15).seed(seed).fault_rate(rate));
        let files = native::load_project(tmp.path());
        assert_eq!(files.len(), m.sizes.files);
        let found = native::sites(&files, &native::check(&files));
        let d = diff(&m.faults, &found);
        assert!(
            d.is_empty(),
            "seed {seed}: the native reference differs from the manifest: {d}"
        );
    }
}

#[test]
fn native_reference_agrees_with_tally_on_the_shipped_data() {
    let root = workspace();
    let select = tally_bench::RULES.join(",");
    let (_, doc) = tally_check(root, Some(&select));
    let mut from_tally = sites_from_json(&doc);
    let files = native::load_project(root);
    let mut from_native = native::sites(&files, &native::check(&files));
    from_tally.sort();
    from_native.sort();
    assert!(
        !from_tally.is_empty(),
        "the shipped data has findings of these rules"
    );
    assert_eq!(from_native, from_tally);
}

#[test]
fn values_csv_has_every_figure_once() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let m = generated(tmp.path(), &Options::new(120, 7).seed(5).fault_rate(0.0));
    let csv = std::fs::read_to_string(tmp.path().join("values.csv")).expect("written");
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("region_id,parent_id,level,indicator,value"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len() as u64, m.values);
    assert!(rows.iter().all(|r| r.len() == 5));
    let regions = std::fs::read_to_string(tmp.path().join("regions.csv")).expect("written");
    assert_eq!(regions.lines().count(), 121);
    // Without faults, an additive indicator's figures add up level by level.
    let first = rows[0][3];
    let figure = |region: &str| -> i64 {
        rows.iter()
            .find(|r| r[0] == region && r[3] == first)
            .and_then(|r| r[4].parse().ok())
            .unwrap_or(0)
    };
    let children: i64 = rows
        .iter()
        .filter(|r| r[1] == "全国" && r[3] == first)
        .filter_map(|r| r[4].parse::<i64>().ok())
        .sum();
    assert_eq!(children, figure("全国"));
}

fn read_tree(dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).expect("readable").flatten().collect();
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let path = e.path();
        if path.is_dir() {
            read_tree(&path, out);
        } else {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            out.push((name, std::fs::read(&path).expect("readable")));
        }
    }
}

#[test]
fn synth_binary_is_deterministic() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let run = |name: &str, seed: &str| {
        let dir = tmp.path().join(name);
        let status = Command::new(env!("CARGO_BIN_EXE_synth"))
            .args([
                "--regions",
                "250",
                "--indicators",
                "12",
                "--fault-rate",
                "0.01",
                "--seed",
                seed,
            ])
            .arg("--out")
            .arg(&dir)
            .status()
            .expect("synth runs");
        assert!(status.success());
        let mut files = Vec::new();
        read_tree(&dir, &mut files);
        files
    };
    let a = run("a", "42");
    let b = run("b", "42");
    let c = run("c", "43");
    assert!(a.len() > 10);
    assert_eq!(a, b, "the same seed gives the same bytes");
    let values = |files: &[(String, Vec<u8>)]| {
        files
            .iter()
            .find(|(n, _)| n == "values.csv")
            .map(|(_, b)| b.clone())
    };
    assert_ne!(values(&a), values(&c), "another seed gives other figures");
}

#[test]
fn synth_binary_rejects_bad_arguments() {
    let out = Command::new(env!("CARGO_BIN_EXE_synth"))
        .args(["--regions", "many", "--indicators", "3", "--out", "x"])
        .output()
        .expect("synth runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--regions"));
}
