//! End-to-end tests of `tally import`: the seed's annexes as a workbook made
//! by LibreOffice (`sheets/fixtures/`), CSV files, and bad workbooks, each a
//! located error with exit 2, never a panic.

use crate::util::{copy_tree, workspace, Scratch};

/// The shipped data, rules and schemas, with the seed workbook in `books/`.
fn shipped() -> Scratch {
    let p = Scratch::new();
    copy_tree(&workspace().join("data"), &p.path().join("data")).expect("copy data");
    copy_tree(&workspace().join("rules"), &p.path().join("rules")).expect("copy rules");
    copy_tree(&workspace().join("schemas"), &p.path().join("schemas")).expect("copy schemas");
    std::fs::remove_dir_all(p.path().join("rules/fixtures")).expect("drop fixtures");
    std::fs::remove_file(p.path().join("schemas/Sales.ron")).expect("drop the scratch kind");
    std::fs::create_dir_all(p.path().join("books")).expect("books");
    std::fs::copy(
        workspace().join("sheets/fixtures/seed-annexes.xlsx"),
        p.path().join("books/seed-annexes.xlsx"),
    )
    .expect("copy the workbook");
    p
}

const CSV: &str = "2019 年分解表,,,\n地区,,工业 APP 开发应用（个）,企业上云数（家）\n全市,标线,2000,10000\n,高线,3000,12000\n鹿城区,,300,1342\n龙湾区,,-,894\n温州生态园,,,12\n注：示例,,,\n";

#[test]
fn the_seed_workbook_imports_to_a_table_that_checks_like_the_shipped_one() {
    let p = shipped();
    let book_before = std::fs::read(p.path().join("books/seed-annexes.xlsx")).expect("read");
    let run = p.run(&[
        "import",
        "books/seed-annexes.xlsx",
        "--sheet",
        "附件2",
        "--sheet",
        "附件3",
        "--kind",
        "TargetTable",
        "--layout",
        "breakdown",
        "-o",
        "data/targets-imported.ron",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = p.read("data/targets-imported.ron");
    assert!(text.contains("// 附件2!C3:C20"), "{text}");
    assert!(text.contains("standard: 12.0,"), "{text}");
    // The shipped table out, the imported one in: the same findings on the targets.
    let shipped = p
        .run(&[
            "check",
            "--format",
            "json",
            "data/targets-2019.ron",
            "data/regions.ron",
        ])
        .json();
    std::fs::remove_file(p.path().join("data/targets-2019.ron")).expect("remove");
    let imported = p
        .run(&[
            "check",
            "--format",
            "json",
            "data/targets-imported.ron",
            "data/regions.ron",
        ])
        .json();
    let messages = |report: &serde_json::Value| -> Vec<String> {
        report["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .map(|d| format!("{} {} {}", d["rule"], d["path"], d["message"]))
            .collect()
    };
    assert_eq!(messages(&shipped), messages(&imported));
    assert!(!messages(&imported).is_empty());
    // Never overwritten without --force; never the workbook.
    let again = p.run(&[
        "import",
        "books/seed-annexes.xlsx",
        "--kind",
        "TargetTable",
        "--layout",
        "breakdown",
        "-o",
        "data/targets-imported.ron",
    ]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("--force"), "{}", again.stderr);
    let onto = p.run(&[
        "import",
        "books/seed-annexes.xlsx",
        "--kind",
        "TargetTable",
        "--layout",
        "breakdown",
        "-o",
        "books/seed-annexes.xlsx",
        "--force",
    ]);
    assert_eq!(onto.code, 2, "{}", onto.stderr);
    assert_eq!(
        std::fs::read(p.path().join("books/seed-annexes.xlsx")).expect("read"),
        book_before
    );
}

#[test]
fn annex_4_imports_as_evaluation_records() {
    let p = shipped();
    let run = p.run(&[
        "import",
        "books/seed-annexes.xlsx",
        "--sheet",
        "附件4",
        "--kind",
        "Evaluation",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("// 附件4!A5:P5"), "{}", run.stdout);
    assert!(
        run.stdout.contains("\"基础设施\": (score: 104.1, rank: 5)"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("target_rank: 3,"), "{}", run.stdout);
}

#[test]
fn a_csv_imports_with_dashes_blanks_and_footnotes() {
    let p = shipped();
    p.write("books/t.csv", CSV);
    let run = p.run(&[
        "import",
        "books/t.csv",
        "--kind",
        "TargetTable",
        "--layout",
        "breakdown",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("\"龙湾区\": None,"), "{}", run.stdout);
    assert!(run.stdout.contains("\"温州生态园\": 12,"), "{}", run.stdout);
    // The blank cell leaves the region out of that indicator.
    assert_eq!(run.stdout.matches("温州生态园").count(), 1, "{}", run.stdout);
    assert!(!run.stdout.contains("注"), "{}", run.stdout);
}

#[test]
fn bad_workbooks_are_located_errors_not_panics() {
    let p = shipped();
    let cases: &[(&str, &str, &[&str], &[&str])] = &[
        (
            "books/text.csv",
            "地区,,企业上云数（家）\n全市,标线,10\n,高线,12\n鹿城区,,很多\n",
            &["--layout", "breakdown"],
            &["text!C4", "很多"],
        ),
        (
            "books/dup.csv",
            "地区,,企业上云数（家）\n全市,标线,10\n,高线,12\n鹿城区,,1\n鹿城区,,2\n",
            &["--layout", "breakdown"],
            &["dup!A5", "second row"],
        ),
        (
            "books/bad.xlsx",
            "this is no zip",
            &["--layout", "breakdown"],
            &["cannot read `books/bad.xlsx`"],
        ),
        (
            "books/nounit.csv",
            "地区,,企业上云数\n全市,标线,10\n,高线,12\n",
            &["--layout", "breakdown"],
            &["nounit!C1", "unit"],
        ),
    ];
    for (file, text, extra, wanted) in cases {
        p.write(file, text);
        let mut args = vec!["import", file, "--kind", "TargetTable"];
        args.extend_from_slice(extra);
        let run = p.run(&args);
        assert_eq!(run.code, 2, "{file}: {}", run.stderr);
        for want in *wanted {
            assert!(run.stderr.contains(want), "{file}: {want} not in {}", run.stderr);
        }
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
    // A missing sheet lists the sheets.
    let run = p.run(&[
        "import",
        "books/seed-annexes.xlsx",
        "--sheet",
        "附件9",
        "--kind",
        "TargetTable",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("`附件2`, `附件3`, `附件4`"), "{}", run.stderr);
    // A column that maps to no field names it and the fields.
    p.write("books/rows.csv", "地区,得票\n鹿城区,3\n");
    let run = p.run(&["import", "books/rows.csv", "--kind", "Evaluation"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("column B `得票`"), "{}", run.stderr);
    assert!(run.stderr.contains("`region`"), "{}", run.stderr);
}

#[test]
fn export_writes_a_workbook_that_imports_back() {
    let p = shipped();
    let run = p.run(&["export", "data/targets-2019.ron", "-o", "books/targets.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let again = p.run(&["export", "data/targets-2019.ron", "-o", "books/targets.xlsx"]);
    assert_eq!(again.code, 2, "never over an existing file without --force");
    let run = p.run(&[
        "import",
        "books/targets.xlsx",
        "--kind",
        "TargetTable",
        "--layout",
        "breakdown",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("group: \"通信设施建设和改造\""),
        "{}",
        run.stdout
    );
}

/// The marked-up workbook: the findings sheet and the marked cells, read
/// back with tally's own reader and, where LibreOffice is installed, by
/// LibreOffice itself.
#[test]
fn check_writes_a_marked_up_workbook() {
    let p = shipped();
    let json = p.run(&["check", "--format", "json"]).json();
    let findings = json["diagnostics"].as_array().expect("diagnostics").len();
    let run = p.run(&["check", "--format", "xlsx", "--output", "checked.xlsx"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let path = p.path().join("checked.xlsx");
    let mut book = tally_sheets::Book::open(
        &path,
        "checked.xlsx",
        &tally_engine::Catalogue::new(tally_engine::Lang::En),
    )
    .expect("opens");
    assert_eq!(book.sheets[0].0, "检查结果");
    assert!(book.sheets.iter().any(|(n, _)| n == "附件2"), "{:?}", book.sheets);
    let list = book
        .grid("检查结果", &tally_engine::Catalogue::new(tally_engine::Lang::En))
        .expect("findings sheet");
    assert_eq!(
        list.height(),
        findings + 1,
        "one row per finding under the header"
    );
    let cells: Vec<String> = (1..list.height()).map(|r| list.get(r, 2).shown()).collect();
    assert!(cells.iter().any(|c| c.starts_with("附件")), "{cells:?}");

    // LibreOffice: the cells' comments carry the messages.
    let Some(fods) = p.opened_in_libreoffice(&path) else {
        return;
    };
    let annotations = fods.matches("<office:annotation").count();
    assert!(annotations >= 3, "{annotations} comments");
    let first = &json["diagnostics"][0];
    let message = first["message"].as_str().expect("message");
    let escaped = message
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    assert!(
        fods.contains(&escaped) || fods.contains(message),
        "the comment with `{message}`"
    );
    assert!(fods.contains("检查结果"));
    // The fills: a cell style with the error colour.
    assert!(fods.to_ascii_lowercase().contains("#f8c4c4"), "error fill");
}
