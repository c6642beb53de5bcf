//! Issue 17 for workbooks: with `--lang zh` what tally-sheets says —
//! `tally import` errors and the findings of `tally check` on workbooks
//! checked in place — is Chinese. One snapshot per command, and a check
//! that no English sentence is left outside the names in backticks.

use crate::util::{copy_tree, workspace, Scratch};

/// The shipped schemas, and the seed workbook in `books/`.
fn project() -> Scratch {
    let p = Scratch::new();
    copy_tree(&workspace().join("schemas"), &p.path().join("schemas")).expect("copy schemas");
    std::fs::create_dir_all(p.path().join("books")).expect("books");
    std::fs::copy(
        workspace().join("sheets/fixtures/seed-annexes.xlsx"),
        p.path().join("books/seed-annexes.xlsx"),
    )
    .expect("copy the workbook");
    p
}

/// Lines with three English words in a row (parted by spaces or
/// commas), outside `backticks`: an English sentence, or the end of one,
/// that tally should have said in Chinese. The renderer's `help:` label
/// alone is no sentence.
fn english_sentences(text: &str) -> Vec<String> {
    text.lines()
        .filter(|line| {
            let mut plain = String::new();
            let mut quoted = false;
            for c in line.chars() {
                if c == '`' {
                    quoted = !quoted;
                    plain.push('|');
                } else if !quoted {
                    plain.push(c);
                }
            }
            plain
                .split(|c: char| !(c.is_ascii_alphabetic() || c == ' ' || c == '\'' || c == ','))
                .any(|piece| piece.split([' ', ',']).filter(|w| w.len() >= 2).count() >= 3)
        })
        .map(str::to_owned)
        .collect()
}

fn assert_chinese(what: &str, text: &str) {
    let left = english_sentences(text);
    assert!(
        left.is_empty(),
        "{what}: English left:\n{}\n\nin:\n{text}",
        left.join("\n")
    );
    assert!(
        text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{what}: no Chinese in:\n{text}"
    );
}

#[test]
fn zh_import_errors() {
    let p = project();
    p.write(
        "books/text.csv",
        "地区,,企业上云数（家）\n全市,标线,10\n,高线,12\n鹿城区,,很多\n",
    )
    .write("books/rows.csv", "地区,得票\n鹿城区,3\n")
    .write("books/nounit.csv", "地区,,企业上云数\n全市,标线,10\n,高线,12\n");
    let cases: &[(&str, &[&str])] = &[
        (
            "a missing sheet",
            &[
                "import",
                "books/seed-annexes.xlsx",
                "--sheet",
                "附件9",
                "--kind",
                "TargetTable",
            ],
        ),
        (
            "text where a figure belongs",
            &[
                "import",
                "books/text.csv",
                "--kind",
                "TargetTable",
                "--layout",
                "breakdown",
            ],
        ),
        (
            "a column that names no field",
            &["import", "books/rows.csv", "--kind", "Evaluation"],
        ),
        (
            "a column title without a unit",
            &[
                "import",
                "books/nounit.csv",
                "--kind",
                "TargetTable",
                "--layout",
                "breakdown",
            ],
        ),
    ];
    let mut all = String::new();
    for (what, args) in cases {
        let mut args = args.to_vec();
        args.extend(["--lang", "zh"]);
        let run = p.run(&args);
        assert_eq!(run.code, 2, "{what}: {}", run.shown());
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        let text = run.shown();
        assert_chinese(what, &text);
        all.push_str(&format!("## {what}\n{text}\n"));
    }
    assert!(all.contains("`附件2`、`附件3`、`附件4`"), "{all}");
    assert!(all.contains("第 B 列 `得票`"), "{all}");
    insta::assert_snapshot!("zh_import_errors", all);
}

#[test]
fn zh_check_of_bad_workbooks_in_place() {
    let p = project();
    std::fs::create_dir_all(p.path().join("data")).expect("data");
    for fixture in ["planted-text.xlsx", "encrypted.ods"] {
        std::fs::copy(
            workspace().join("sheets/fixtures").join(fixture),
            p.path().join("data").join(fixture),
        )
        .expect("copy");
    }
    std::fs::copy(
        workspace().join("sheets/fixtures/seed-annexes.xlsx"),
        p.path().join("data/annexes.xlsx"),
    )
    .expect("copy");
    p.write(
        "data/dup.csv",
        "2019 年分解表,,\n地区,,企业上云数（家）\n全市,标线,10\n,高线,12\n鹿城区,,1\n鹿城区,,2\n",
    )
    .write("data/rows.csv", "地区,得票\n鹿城区,3\n")
    .write(
        "tally.ron",
        r#"Config(
    workbooks: {
        "data/annexes.xlsx": [
            (sheets: ["附件2", "附件9"], kind: "TargetTable", layout: "breakdown"),
            (sheets: ["附件4"], kind: "Evalution", layout: "records"),
        ],
        "data/planted-text.xlsx": [(kind: "TargetTable", layout: "breakdown")],
        "data/encrypted.ods": [(kind: "TargetTable", layout: "breakdown")],
        "data/dup.csv": [(kind: "TargetTable", layout: "breakdown")],
        "data/rows.csv": [(kind: "Evaluation")],
    },
)
"#,
    );
    let run = p.run(&["check", "data", "--lang", "zh"]);
    assert_eq!(run.code, 2, "{}", run.shown());
    let text = run.shown();
    for want in [
        "planted-text!C6",
        "很多",
        "dup!A6",
        "rows!B1",
        "附件9",
        "Evalution",
    ] {
        assert!(text.contains(want), "{want} not in:\n{text}");
    }
    assert_chinese("tally check", &text);
    insta::assert_snapshot!("zh_check_bad_workbooks", text);
}

#[test]
fn zh_export_and_xlsx_report_messages() {
    let p = project();
    std::fs::create_dir_all(p.path().join("data")).expect("data");
    std::fs::copy(
        workspace().join("data/targets-2019.ron"),
        p.path().join("data/targets-2019.ron"),
    )
    .expect("copy");
    p.write("books/targets.xlsx", "taken");
    let cases: &[(&str, &[&str])] = &[
        (
            "an export that would replace a file",
            &["export", "data/targets-2019.ron", "-o", "books/targets.xlsx"],
        ),
        (
            "an export to a file that is no .xlsx",
            &["export", "data/targets-2019.ron", "-o", "books/targets.ods"],
        ),
        (
            "an import of an unknown kind",
            &["import", "books/seed-annexes.xlsx", "--kind", "Targets"],
        ),
        (
            "--format xlsx without --output",
            &["check", "data", "--format", "xlsx"],
        ),
        (
            "--format xlsx written",
            &["check", "data", "--format", "xlsx", "--output", "checked.xlsx"],
        ),
    ];
    let mut all = String::new();
    for (what, args) in cases {
        let mut args = args.to_vec();
        args.extend(["--lang", "zh"]);
        let run = p.run(&args);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        let text = run.shown();
        assert_chinese(what, &text);
        all.push_str(&format!("## {what}\n{text}\n"));
    }
    insta::assert_snapshot!("zh_export_and_xlsx_report", all);
}
