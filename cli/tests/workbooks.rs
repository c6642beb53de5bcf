//! Workbooks checked in place (`workbooks:` in tally.ron): the seed's
//! annexes as LibreOffice wrote them give the findings of the shipped RON,
//! located at their cells in every format; bad workbooks are located
//! findings, and the other files are still checked; `--format xlsx` copies
//! the workbook with the cells marked, never writing the one it read.

use crate::util::{copy_tree, stable, workspace, Scratch};

const MAPPING: &str = r#"Config(
    workbooks: {
        "data/annexes.xlsx": [
            (sheets: ["附件2", "附件3"], kind: "TargetTable", layout: "breakdown"),
            (sheets: ["附件4"], kind: "Evaluation", layout: "records"),
        ],
    },
)
"#;

/// The shipped rules and schemas; as data the tables the annexes need
/// (regions, units, the indicator system) and the annexes as a workbook
/// instead of `targets-2019.ron` and `evaluation-2017.ron`.
fn annexes_project() -> Scratch {
    let p = Scratch::new();
    copy_tree(&workspace().join("rules"), &p.path().join("rules")).expect("copy rules");
    copy_tree(&workspace().join("schemas"), &p.path().join("schemas")).expect("copy schemas");
    std::fs::remove_dir_all(p.path().join("rules/fixtures")).expect("drop fixtures");
    std::fs::remove_file(p.path().join("schemas/Sales.ron")).expect("drop the scratch kind");
    std::fs::create_dir_all(p.path().join("data")).expect("data");
    for file in ["regions.ron", "units.ron", "indicator-system-2017.ron"] {
        std::fs::copy(
            workspace().join("data").join(file),
            p.path().join("data").join(file),
        )
        .expect("copy data");
    }
    std::fs::copy(
        workspace().join("sheets/fixtures/seed-annexes.xlsx"),
        p.path().join("data/annexes.xlsx"),
    )
    .expect("copy the workbook");
    p.write("tally.ron", MAPPING);
    p
}

/// The same tables as the shipped RON.
fn ron_project() -> Scratch {
    let p = annexes_project();
    std::fs::remove_file(p.path().join("data/annexes.xlsx")).expect("remove");
    std::fs::remove_file(p.path().join("tally.ron")).expect("remove");
    for file in ["targets-2019.ron", "evaluation-2017.ron"] {
        std::fs::copy(
            workspace().join("data").join(file),
            p.path().join("data").join(file),
        )
        .expect("copy data");
    }
    p
}

fn messages(report: &serde_json::Value) -> Vec<String> {
    let mut out: Vec<String> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| format!("{} {} {}", d["rule"], d["path"], d["message"]))
        .collect();
    out.sort();
    out
}

#[test]
fn rules_see_the_workbook_as_its_import_and_findings_sit_at_cells() {
    let p = annexes_project();
    let before = std::fs::read(p.path().join("data/annexes.xlsx")).expect("read");
    let run = p.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let book = run.json();
    let ron = ron_project().run(&["check", "--format", "json"]).json();
    // The same findings, rule, path and message, as the shipped RON gives.
    assert_eq!(messages(&book), messages(&ron));
    assert_eq!(book["summary"]["files"], ron["summary"]["files"]);
    let sum = book["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["rule"] == "breakdown-sum-mismatch")
        .expect("the seed's imbalance");
    assert_eq!(sum["file"], "data/annexes.xlsx");
    assert_eq!(sum["cell"], "附件3!D6");
    assert_eq!(sum["span"]["line"], 6);
    assert_eq!(sum["span"]["column"], 4);
    let related: Vec<&str> = sum["related"]
        .as_array()
        .expect("related")
        .iter()
        .map(|r| r["cell"].as_str().expect("a cell"))
        .collect();
    assert_eq!(related, ["附件3!D5", "附件3!D3"]);
    let mut book = book;
    book["summary"]["elapsed_ms"] = 0.into();
    insta::assert_json_snapshot!("workbook_json", book);

    let human = p.run(&["check"]);
    assert_eq!(human.code, 1);
    assert!(human.stdout.contains("附件3!D6"), "{}", human.stdout);
    insta::assert_snapshot!("workbook_human", stable(&human.stdout));

    let sarif = p.run(&["check", "--format", "sarif"]).json();
    let results = sarif["runs"][0]["results"].clone();
    insta::assert_json_snapshot!("workbook_sarif_results", results);

    let github = p.run(&["check", "--format", "github"]);
    assert!(
        github
            .stdout
            .contains("::error file=data/annexes.xlsx,line=6,col=4,"),
        "{}",
        github.stdout
    );
    // The HTML report names the cell, and marks no grid cell by mistake.
    let html = p.run(&["check", "--format", "html", "--output", "report.html"]);
    assert_eq!(html.code, 1, "{}", html.stderr);
    let page = p.read("report.html");
    assert!(page.contains("附件3!D6"), "the cell named");
    assert_eq!(
        std::fs::read(p.path().join("data/annexes.xlsx")).expect("read"),
        before,
        "tally never writes to a workbook it reads"
    );
}

#[test]
fn a_workbook_named_on_the_command_line_is_checked_and_an_unmapped_one_is_a_finding() {
    let p = annexes_project();
    let run = p.run(&[
        "check",
        "--format",
        "json",
        "data/annexes.xlsx",
        "data/regions.ron",
        "data/indicator-system-2017.ron",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(messages(&run.json()).iter().any(|m| m.contains("2300")));
    std::fs::copy(
        workspace().join("sheets/fixtures/seed-annexes.ods"),
        p.path().join("data/other.ods"),
    )
    .expect("copy");
    // In a folder an unmapped workbook is not data; named, it is a finding.
    let run = p.run(&["check", "--format", "json"]);
    assert!(!run.stdout.contains("other.ods"), "{}", run.stdout);
    let run = p.run(&["check", "data/other.ods"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stdout.contains("`workbooks`"), "{}", run.stdout);
}

#[test]
fn ods_and_xls_workbooks_check_like_the_xlsx() {
    for ext in ["ods", "xls"] {
        let p = annexes_project();
        std::fs::remove_file(p.path().join("data/annexes.xlsx")).expect("remove");
        std::fs::copy(
            workspace().join(format!("sheets/fixtures/seed-annexes.{ext}")),
            p.path().join(format!("data/annexes.{ext}")),
        )
        .expect("copy");
        p.write("tally.ron", &MAPPING.replace("annexes.xlsx", &format!("*.{ext}")));
        let run = p.run(&["check", "--format", "json"]);
        assert_eq!(run.code, 1, "{ext}: {}", run.stderr);
        let cells: Vec<String> = run.json()["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter_map(|d| d["cell"].as_str().map(str::to_owned))
            .collect();
        assert_eq!(cells, ["附件3!D6", "附件4!L5"], "{ext}");
    }
}

#[test]
fn bad_workbooks_are_located_findings_and_the_rest_is_still_checked() {
    let p = annexes_project();
    for fixture in ["planted-text.xlsx", "encrypted.ods", "truncated.xlsx"] {
        std::fs::copy(
            workspace().join("sheets/fixtures").join(fixture),
            p.path().join("data").join(fixture),
        )
        .expect("copy");
    }
    p.write(
        "data/dup.csv",
        "地区,,企业上云数（家）\n全市,标线,10\n,高线,12\n鹿城区,,1\n鹿城区,,2\n",
    );
    // LibreOffice has the truncated workbook open (and is still saving it).
    p.write(
        "data/.~lock.truncated.xlsx#",
        ",someone,host,07.12.2026 10:00,file:///home/someone;",
    );
    p.write("data/rows.csv", "地区,得票\n鹿城区,3\n");
    p.write(
        "data/two.csv",
        "地区,,企业上云数（家）,工业 APP 开发应用（个）\n全市,标线,10,20\n,高线,12,25\n鹿城区,,很多,5\n龙湾区,,3,少\n",
    );
    p.write(
        "tally.ron",
        r#"Config(
    workbooks: {
        "data/annexes.xlsx": [
            (sheets: ["附件2", "附件9"], kind: "TargetTable", layout: "breakdown"),
            (sheets: ["附件4"], kind: "Evalution", layout: "records"),
        ],
        "data/planted-text.xlsx": [(kind: "TargetTable", layout: "breakdown")],
        "data/encrypted.ods": [(kind: "TargetTable", layout: "breakdown")],
        "data/truncated.xlsx": [(kind: "TargetTable", layout: "breakdown")],
        "data/dup.csv": [(kind: "TargetTable", layout: "breakdown")],
        "data/rows.csv": [(kind: "Evaluation")],
        "data/two.csv": [(kind: "TargetTable", layout: "breakdown")],
    },
)
"#,
    );
    let run = p.run(&["check", "--format", "json"]);
    // A workbook that cannot be read, a mapping that does not fit: exit 2.
    assert_eq!(run.code, 2, "{}", run.stderr);
    let json = run.json();
    let found: Vec<String> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            format!(
                "{} {} {} {}",
                d["rule"].as_str().unwrap_or(""),
                d["file"].as_str().unwrap_or(""),
                d["cell"].as_str().unwrap_or("-"),
                d["message"].as_str().unwrap_or("")
            )
        })
        .collect();
    let has = |want: &[&str]| {
        assert!(
            found.iter().any(|f| want.iter().all(|w| f.contains(w))),
            "{want:?} not in {found:#?}"
        );
    };
    has(&["parse", "data/planted-text.xlsx", "planted-text!C6", "很多"]);
    has(&["parse", "data/dup.csv", "dup!A5", "second row"]);
    has(&["parse", "data/rows.csv", "rows!B1", "column B `得票`"]);
    has(&["io", "data/encrypted.ods", "password"]);
    has(&["io", "data/truncated.xlsx", "cannot read"]);
    let truncated = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["file"] == "data/truncated.xlsx")
        .expect("the truncated workbook");
    assert!(
        truncated["notes"][0]
            .as_str()
            .is_some_and(|n| n.contains("data/.~lock.truncated.xlsx#")),
        "{truncated}"
    );
    has(&["config-error", "tally.ron", "no sheet `附件9`"]);
    has(&["config-error", "tally.ron", "`Evalution`"]);
    // Each bad cell is a finding, and the rest of its table is checked.
    has(&["parse", "data/two.csv", "two!C4", "很多"]);
    has(&["parse", "data/two.csv", "two!D5", "少"]);
    has(&["breakdown-sum-mismatch", "data/two.csv", "two!C3"]);
    // The other files are still checked.
    has(&["unknown-unit", "data/indicator-system-2017.ron"]);
    let sheets = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["message"].as_str().is_some_and(|m| m.contains("附件9")))
        .expect("missing sheet");
    assert!(
        sheets["help"]
            .as_str()
            .is_some_and(|h| h.contains("`附件2`, `附件3`, `附件4`")),
        "{sheets}"
    );
    assert_eq!(sheets["span"]["line"], 4, "at its entry in tally.ron");
    let human = p.run(&["check"]);
    assert!(!human.stderr.contains("panicked"), "{}", human.stderr);
    insta::assert_snapshot!("bad_workbooks_human", stable(&human.stdout));
}

/// The marked-up copy: the workbook's own sheets with the finding cells
/// filled and commented, after `检查结果`; the workbook read is unchanged.
#[test]
fn check_writes_a_marked_up_copy_of_the_workbook() {
    let p = annexes_project();
    let before = std::fs::read(p.path().join("data/annexes.xlsx")).expect("read");
    let run = p.run(&["check", "--format", "xlsx", "--output", "checked.xlsx"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let refused = p.run(&["check", "--format", "xlsx", "--output", "data/annexes.xlsx"]);
    assert_ne!(refused.code, 0, "never over the workbook it read");
    assert_eq!(
        std::fs::read(p.path().join("data/annexes.xlsx")).expect("read"),
        before
    );

    let path = p.path().join("checked.xlsx");
    let mut book = tally_sheets::Book::open(
        &path,
        "checked.xlsx",
        &tally_engine::Catalogue::new(tally_engine::Lang::En),
    )
    .expect("opens");
    let names: Vec<&str> = book.sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names[..4], ["检查结果", "附件2", "附件3", "附件4"], "{names:?}");
    let list = book
        .grid("检查结果", &tally_engine::Catalogue::new(tally_engine::Lang::En))
        .expect("findings sheet");
    let cells: Vec<String> = (1..list.height()).map(|r| list.get(r, 2).shown()).collect();
    assert!(cells.contains(&"附件3!D6".to_owned()), "{cells:?}");
    // The copy shows what the workbook shows.
    let copy = book
        .grid("附件3", &tally_engine::Catalogue::new(tally_engine::Lang::En))
        .expect("annex 3");
    let mut original = tally_sheets::Book::open(
        &p.path().join("data/annexes.xlsx"),
        "a",
        &tally_engine::Catalogue::new(tally_engine::Lang::En),
    )
    .expect("opens");
    let original = original
        .grid("附件3", &tally_engine::Catalogue::new(tally_engine::Lang::En))
        .expect("annex 3");
    assert_eq!(copy.get(5, 3).shown(), original.get(5, 3).shown());
    assert_eq!(copy.get(5, 3).shown(), "3000");

    let Some(fods) = p.opened_in_libreoffice(&path) else {
        return;
    };
    assert!(fods.contains("2300"), "the comment on 附件3!D6");
    assert!(fods.to_ascii_lowercase().contains("#f8c4c4"), "error fill");
}

/// `tally watch` re-checks when the workbook is saved: half-written, it is
/// an `io` finding; saved whole again, its findings are back at their cells.
#[test]
fn watch_rechecks_when_the_workbook_is_saved() {
    use std::time::{Duration, Instant};
    let p = annexes_project();
    /// Ends the watch even when an assertion fails.
    struct Ends(std::process::Child);
    impl Drop for Ends {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut child = std::process::Command::new(crate::util::binary())
        .args(["watch", "--format", "json"])
        .current_dir(p.path())
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("tally watch starts");
    let lines = crate::util::lines(child.stdout.take().expect("piped"));
    let _ends = Ends(child);
    let has = |report: &serde_json::Value, rule: &str, cell: Option<&str>| {
        report["diagnostics"].as_array().is_some_and(|d| {
            d.iter().any(|d| {
                d["rule"] == rule && d["file"] == "data/annexes.xlsx" && cell.is_none_or(|c| d["cell"] == c)
            })
        })
    };
    let until = |what: &str, done: &dyn Fn(&serde_json::Value) -> bool| {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            assert!(Instant::now() < deadline, "no report with {what}");
            if let Ok(line) = lines.recv_timeout(Duration::from_secs(10)) {
                let report: serde_json::Value = serde_json::from_str(&line).expect("JSON");
                if done(&report) {
                    return;
                }
            }
        }
    };
    until("the first check", &|r| {
        has(r, "breakdown-sum-mismatch", Some("附件3!D6"))
    });
    let book = p.path().join("data/annexes.xlsx");
    let whole = std::fs::read(&book).expect("read");
    std::fs::copy(workspace().join("sheets/fixtures/truncated.xlsx"), &book).expect("half a save");
    until("the half-written workbook", &|r| {
        has(r, "io", None) && !has(r, "breakdown-sum-mismatch", None)
    });
    std::fs::write(&book, &whole).expect("saved whole");
    until("the workbook saved whole", &|r| {
        has(r, "breakdown-sum-mismatch", Some("附件3!D6")) && !has(r, "io", None)
    });
}

/// `tally lsp` on a project with a workbook: its engine reads the
/// workbook too, and the data files open in the editor get their findings.
#[test]
fn the_language_server_serves_a_project_with_workbooks() {
    use crate::lsp_client::{uri, Client};
    let p = annexes_project();
    let file = "data/indicator-system-2017.ron";
    let doc = uri(&p.path().join(file));
    let mut client = Client::start(crate::util::binary(), p.path());
    client.open(&doc, &p.read(file));
    let got = client.diagnostics(&doc, |d| !d.is_empty());
    assert!(got.iter().any(|d| d["code"] == "unknown-unit"), "{got:?}");
    assert_eq!(client.stop(), Some(0));
}

/// A registry in the records layout, written by LibreOffice, with two
/// planted mistakes: each found at its cell by the rule or check that
/// would find it in the RON.
#[test]
fn a_records_workbook_with_planted_mistakes() {
    let p = Scratch::new();
    copy_tree(&workspace().join("rules"), &p.path().join("rules")).expect("copy rules");
    copy_tree(&workspace().join("schemas"), &p.path().join("schemas")).expect("copy schemas");
    std::fs::remove_dir_all(p.path().join("rules/fixtures")).expect("drop fixtures");
    std::fs::remove_file(p.path().join("schemas/Sales.ron")).expect("drop the scratch kind");
    std::fs::create_dir_all(p.path().join("data")).expect("data");
    std::fs::copy(
        workspace().join("sheets/fixtures/planted-regions.xlsx"),
        p.path().join("data/regions.xlsx"),
    )
    .expect("copy");
    p.write(
        "tally.ron",
        "Config(workbooks: {\"data/regions.xlsx\": [(kind: \"RegionRegistry\")]})\n",
    );
    let run = p.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let found: Vec<(String, String)> = run.json()["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or("").to_owned(),
                d["cell"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("unknown-region".to_owned(), "regions!C6".to_owned()),
            ("shape".to_owned(), "regions!B7".to_owned()),
        ]
    );
}
