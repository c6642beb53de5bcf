//! `tally check --format html` (issue 16): one self-contained page with the
//! tables coloured where the findings are.
//!
//! The structure tests always run: every finding of the JSON report has
//! its card; every cell is coloured as the findings sited on it say, and
//! no cell without one is; findings on a region's figure land in that
//! region's row and that indicator's column; nothing is fetched from
//! outside. One test renders the page in headless Chromium and looks at
//! the screenshot; it is skipped, saying so, where Chromium is absent.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

use crate::util::{copy_tree, measure, tally, workspace, Run, Scratch};

/// The shipped report must stay small enough to mail.
const MAX_BYTES: usize = 300_000;

fn select<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(css).unwrap_or_else(|e| panic!("{css}: {e:?}"));
    doc.select(&selector).collect()
}

fn text(e: &ElementRef) -> String {
    e.text().collect()
}

fn classes(e: &ElementRef) -> BTreeSet<String> {
    e.value().classes().map(str::to_owned).collect()
}

/// The severity letters of the page: `e`, `w`, `i`.
fn letter(severity: &str) -> &'static str {
    match severity {
        "error" => "e",
        "warning" => "w",
        _ => "i",
    }
}

fn rank(letter: &str) -> u8 {
    match letter {
        "e" => 3,
        "w" => 2,
        _ => 1,
    }
}

/// A finding's anchor on the page: `rule@file:line:column`.
fn anchor(d: &Value) -> String {
    format!(
        "{}@{}:{}:{}",
        d["rule"].as_str().unwrap_or(""),
        d["file"].as_str().unwrap_or(""),
        d["span"]["line"],
        d["span"]["column"]
    )
}

/// A scratch copy of the shipped project.
fn shipped_copy() -> Scratch {
    let p = Scratch::new();
    copy_tree(&workspace().join("data"), &p.path().join("data")).expect("copy data");
    copy_tree(&workspace().join("rules"), &p.path().join("rules")).expect("copy rules");
    copy_tree(&workspace().join("schemas"), &p.path().join("schemas")).expect("copy schemas");
    p
}

/// The shipped project with figures broken the way a typist breaks them:
/// in annex 2 a percentage of 128, a growth rate of 150, a region's figure
/// that no longer adds up, a region named `瓯海`, a region written twice;
/// in annex 3 a high line below its standard line.
fn broken_copy() -> Scratch {
    let p = shipped_copy();
    let mut text = p.read("data/targets-2019.ron");
    let mut change = |indicator: &str, line: &str, from: &str, to: &str| {
        let at = text
            .find(&format!("name: \"{indicator}\","))
            .unwrap_or_else(|| panic!("{indicator}"));
        let rel = text[at..]
            .find(line)
            .unwrap_or_else(|| panic!("{indicator}: {line}"))
            + at;
        let end = rel + text[rel..].find('\n').unwrap_or(0);
        let changed = text[rel..end].replacen(from, to, 1);
        assert_ne!(changed, text[rel..end], "{indicator}: {line}");
        text.replace_range(rel..end, &changed);
    };
    change("工业设备联网率", "\"鹿城区\"", "28.0", "128.0");
    change("数字经济核心产业增加值增速", "\"文成县\"", "15.0", "150.0");
    change("数字经济核心产业增加值", "\"龙湾区\"", "50", "60");
    change("数字经济产业示范项目", "\"瓯海区\"", "瓯海区", "瓯海");
    change("企业上云数", "high:", "12000", "9000");
    // A region written twice (`duplicate-key`): its cell shows both figures.
    change("园区智慧化改造", "\"鹿城区\": 2,", "2,", "2, \"鹿城区\": 4,");
    p.write("data/targets-2019.ron", &text);
    p
}

/// `check --format json` and `check --format html` of the project at
/// `dir`: the diagnostics, the page and its exit code.
fn both(dir: &Path) -> (Vec<Value>, String, i32) {
    let json = run_in(dir, &["check", "--format", "json"], &[]);
    let diagnostics = json.json()["diagnostics"].as_array().cloned().unwrap_or_default();
    let html = run_in(dir, &["check", "--format", "html"], &[]);
    assert_eq!(html.code, json.code, "html exits as check does: {}", html.stderr);
    (diagnostics, html.stdout, html.code)
}

fn run_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = tally();
    cmd.current_dir(dir)
        .args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG");
    for (k, v) in env {
        cmd.env(k, v);
    }
    Run::of(&mut cmd)
}

/// Every finding has its card, with its severity; every coloured cell is
/// coloured by the worst finding sited on it and lists the findings it
/// opens; no cell is coloured without a finding; every finding in a data
/// file lands on a cell. Returns each card's cell.
fn check_page(diagnostics: &[Value], doc: &Html) -> BTreeMap<String, String> {
    let cards = select(doc, "article.card");
    assert_eq!(cards.len(), diagnostics.len(), "one card per finding");
    let severity_of: BTreeMap<String, String> = cards
        .iter()
        .map(|c| {
            (
                c.value().id().unwrap_or("").to_owned(),
                c.value().attr("data-sev").unwrap_or("").to_owned(),
            )
        })
        .collect();
    let mut cell_of = BTreeMap::new();
    for d in diagnostics {
        let id = anchor(d);
        let sev = severity_of.get(&id).unwrap_or_else(|| panic!("no card `{id}`"));
        assert_eq!(sev, letter(d["severity"].as_str().unwrap_or("")), "{id}");
        let link = select(doc, &format!(r#"article[id="{id}"] a.to-cell"#));
        let in_data = d["file"].as_str().is_some_and(|f| f.ends_with(".ron"));
        if in_data {
            assert_eq!(link.len(), 1, "`{id}` lands on no cell");
        }
        if let Some(href) = link.first().and_then(|a| a.value().attr("href")) {
            cell_of.insert(id, href.trim_start_matches('#').to_owned());
        }
    }
    // Each marked cell: what it opens, how it is coloured.
    let mut primary: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (card, cell) in &cell_of {
        primary.entry(cell.as_str()).or_default().push(card.as_str());
    }
    for cell in select(doc, "[data-f]") {
        let id = cell.value().id().expect("a marked cell has an id");
        let opens: BTreeSet<&str> = cell.value().attr("data-f").unwrap_or("").split(' ').collect();
        for card in &opens {
            assert!(
                severity_of.contains_key(*card),
                "cell {id} opens a missing card `{card}`"
            );
        }
        let colours: BTreeSet<String> = classes(&cell)
            .into_iter()
            .filter(|c| ["e", "w", "i"].contains(&c.as_str()))
            .collect();
        match primary.get(id) {
            Some(cards) => {
                for card in cards {
                    assert!(opens.contains(card), "cell {id} does not open `{card}`");
                }
                let worst = cards
                    .iter()
                    .map(|c| severity_of[*c].as_str())
                    .max_by_key(|l| rank(l))
                    .unwrap_or("");
                assert_eq!(
                    colours,
                    BTreeSet::from([worst.to_owned()]),
                    "cell {id} ({cards:?})"
                );
            }
            None => {
                assert!(
                    colours.is_empty(),
                    "cell {id} is filled with no finding sited on it"
                );
                assert!(
                    classes(&cell).iter().any(|c| c.starts_with("rel-")),
                    "cell {id} is marked for nothing"
                );
            }
        }
    }
    // No colour without a finding.
    for e in select(doc, "td, th, span.cap") {
        let colours: Vec<String> = classes(&e)
            .into_iter()
            .filter(|c| ["e", "w", "i"].contains(&c.as_str()))
            .collect();
        if !colours.is_empty() {
            assert!(
                e.value().attr("data-f").is_some(),
                "a coloured cell opens nothing: {}",
                e.html()
            );
        }
    }
    cell_of
}

/// Nothing on the page comes from, or goes to, anywhere else.
fn check_self_contained(html: &str, doc: &Html) {
    assert!(
        select(doc, "link, iframe, img, object, embed, source").is_empty(),
        "no fetched resource"
    );
    for e in select(doc, "*") {
        for (name, value) in e.value().attrs() {
            assert!(name != "src", "a `src`: {}", e.html());
            if name == "href" {
                assert!(value.starts_with('#'), "a link out of the page: {value}");
            }
            assert!(!value.contains("://"), "a URL in `{name}`: {value}");
        }
    }
    for e in select(doc, "style, script") {
        let code = text(&e);
        assert!(
            !code.contains("://") && !code.contains("@import") && !code.contains("url("),
            "{code}"
        );
        assert!(!code.contains("fetch(") && !code.contains("XMLHttpRequest"));
    }
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no URL anywhere"
    );
}

#[test]
fn shipped_page_holds_every_finding_and_colours_every_cell_as_they_say() {
    let (diagnostics, html, code) = both(workspace());
    assert_eq!(code, 1);
    assert!(!diagnostics.is_empty());
    assert!(html.len() < MAX_BYTES, "the page is {} bytes", html.len());
    let doc = Html::parse_document(&html);
    check_page(&diagnostics, &doc);
    check_self_contained(&html, &doc);
    // Every table of the project is there: two annexes as grids, the rest
    // as record tables.
    assert_eq!(select(&doc, "table.grid").len(), 2);
    let files: BTreeSet<String> = select(&doc, "section.table .file").iter().map(text).collect();
    assert_eq!(files.len(), 7, "{files:?}");
    // Each grid: the two lines, the sum, fifteen regions.
    for grid in select(&doc, "table.grid") {
        let rows = grid.select(&Selector::parse("tbody tr").expect("css")).count();
        assert_eq!(rows, 18);
    }
    insta::assert_snapshot!("shipped_marked_cells", marked_cells(&doc));
}

/// The marked cells, one a line: colour and where (the tooltip's first
/// line), in page order.
fn marked_cells(doc: &Html) -> String {
    select(doc, "[data-f]")
        .iter()
        .map(|c| {
            let colour: Vec<String> = classes(c)
                .into_iter()
                .filter(|k| ["e", "w", "i"].contains(&k.as_str()) || k.starts_with("rel-"))
                .collect();
            let title = c.value().attr("title").unwrap_or("");
            format!("{:<6} {}", colour.join(" "), title.lines().next().unwrap_or(""))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_broken_figure_lands_in_its_regions_row_and_its_indicators_column() {
    let p = broken_copy();
    let (diagnostics, html, code) = both(p.path());
    assert_eq!(code, 1);
    let doc = Html::parse_document(&html);
    let cells = check_page(&diagnostics, &doc);
    // Annex 2 has no column groups: its column heads are in column order.
    let grids = select(&doc, "table.grid");
    let heads: Vec<String> = grids[0]
        .select(&Selector::parse("th.ind").expect("css"))
        .map(|h| text(&h))
        .collect();
    let td = Selector::parse("td").expect("css");
    let th = Selector::parse("th").expect("css");
    let mut seen = 0;
    for d in &diagnostics {
        let path = d["path"].as_str().unwrap_or("");
        let Some(rest) = path.strip_prefix("sheets[0].indicators[") else {
            continue;
        };
        let (column, rest) = rest.split_once(']').expect("an index");
        let column: usize = column.parse().expect("a number");
        let cell_id = &cells[&anchor(d)];
        let cell = select(&doc, &format!(r#"[id="{cell_id}"]"#))[0];
        let row = cell.parent().and_then(ElementRef::wrap).expect("a row");
        let row_head = row.select(&th).next().map(|h| text(&h)).unwrap_or_default();
        let position = row
            .select(&td)
            .position(|c| c.value().id() == Some(cell_id.as_str()));
        assert_eq!(position, Some(column), "{path}: in the indicator's column");
        let indicator = heads[column].clone();
        let region = rest
            .strip_prefix(".breakdown[\"")
            .and_then(|r| r.split_once('"'))
            .map(|(region, _)| region);
        match region {
            Some(region) => assert!(row_head.starts_with(region), "{path}: in row `{row_head}`"),
            None if rest == ".high" => assert!(row_head.contains("high line"), "{path}: in row `{row_head}`"),
            None => panic!("unexpected site {path}"),
        }
        // The row's and the column's heads say there is something there.
        let row_classes = classes(&row.select(&th).next().expect("row head"));
        assert!(
            row_classes.iter().any(|c| c.starts_with("hd-")),
            "{path}: row head {row_classes:?}"
        );
        let column_head = grids[0]
            .select(&Selector::parse("th.ind").expect("css"))
            .nth(column)
            .expect("column head");
        assert!(
            classes(&column_head).iter().any(|c| c.starts_with("hd-")),
            "{path}: {indicator}"
        );
        // And the footnote under the grid says why, in words.
        // The page sets `identifiers` apart as code, without the backticks.
        let message = d["message"].as_str().unwrap_or("").replace('`', "");
        let notes: Vec<String> = grids[0]
            .parent()
            .and_then(|scroll| scroll.parent())
            .and_then(ElementRef::wrap)
            .map(|section| {
                section
                    .select(&Selector::parse("ol.notes li").expect("css"))
                    .map(|l| text(&l))
                    .collect()
            })
            .unwrap_or_default();
        assert!(
            notes.iter().any(|n| n.contains(&message)),
            "{path}: no footnote `{message}` in {notes:?}"
        );
        seen += 1;
    }
    assert_eq!(seen, 6, "annex 2's broken figures: {diagnostics:#?}");
    // Both figures of the region written twice are in its cell.
    let twice = select(&doc, "td[data-f]")
        .into_iter()
        .filter(|c| text(c).contains("2 / 4"))
        .count();
    assert_eq!(twice, 1);
    insta::assert_snapshot!("broken_marked_cells", marked_cells(&doc));
}

#[test]
fn the_page_speaks_the_interface_language() {
    let zh = run_in(
        workspace(),
        &["check", "--format", "html"],
        &[("LANG", "zh_CN.UTF-8")],
    );
    assert!(zh.stdout.contains(r#"<html lang="zh-CN">"#));
    assert!(zh.stdout.contains("问题清单") && zh.stdout.contains("全市 高线"));
    // LC_ALL comes first.
    let en = run_in(
        workspace(),
        &["check", "--format", "html"],
        &[("LC_ALL", "C.UTF-8"), ("LANG", "zh_CN.UTF-8")],
    );
    assert!(en.stdout.contains(r#"<html lang="en">"#));
    assert!(en.stdout.contains("The findings") && !en.stdout.contains("问题清单"));
}

#[test]
fn output_writes_a_file_inside_the_project_in_any_format() {
    let p = shipped_copy();
    let run = p.run(&["check", "--format", "html", "--output", "reports/report.html"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("reports/report.html"), "{}", run.stderr);
    assert!(p.read("reports/report.html").starts_with("<!DOCTYPE html>"));
    let run = p.run(&["check", "--format", "json", "-o", "report.json"]);
    assert_eq!(run.code, 1);
    let json: Value = serde_json::from_str(&p.read("report.json")).expect("JSON");
    assert!(json["diagnostics"].as_array().is_some_and(|d| !d.is_empty()));
    // No colours go into a file.
    let run = p.run(&["--color", "always", "check", "-o", "report.txt"]);
    assert_eq!(run.code, 1);
    assert!(!p.read("report.txt").contains('\u{1b}'));
    // A path that leaves a folder and comes back stays inside.
    let run = p.run(&["check", "--format", "html", "-o", "data/../again.html"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(p.path().join("again.html").is_file());
}

#[test]
fn output_refuses_what_it_must_not_write() {
    let p = shipped_copy();
    let outside = p
        .path()
        .parent()
        .expect("a parent")
        .join(format!("tally-html-outside-{}.html", std::process::id()));
    let cases: Vec<(String, &str)> = vec![
        (outside.display().to_string(), "outside the project"),
        ("data/report.ron".to_owned(), ".ron"),
        ("rules/x.rhai".to_owned(), ".rhai"),
        ("data".to_owned(), "folder"),
    ];
    for (target, why) in &cases {
        let run = p.run(&["check", "--format", "html", "--output", target]);
        assert_eq!(run.code, 2, "{target}: {}", run.stderr);
        assert!(run.stderr.contains(why), "{target}: {}", run.stderr);
    }
    assert!(!outside.exists());
    #[cfg(unix)]
    {
        let target = p.path().join("elsewhere.html");
        std::os::unix::fs::symlink(&target, p.path().join("link.html")).expect("symlink");
        let run = p.run(&["check", "--format", "html", "--output", "link.html"]);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
        assert!(!target.exists());
    }
}

/// The Chromium binary, if one is installed.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|p| p.is_file())
}

/// The screenshot's pixels as RGB.
fn decode(png: &Path) -> (u32, u32, Vec<[u8; 3]>) {
    let file = std::fs::File::open(png).expect("the screenshot");
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buffer = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut buffer).expect("a frame");
    let channels = info.color_type.samples();
    let pixels = buffer[..info.buffer_size()]
        .chunks(channels)
        .map(|p| match channels {
            1 | 2 => [p[0], p[0], p[0]],
            _ => [p[0], p[1], p[2]],
        })
        .collect();
    (info.width, info.height, pixels)
}

#[test]
fn chromium_shows_the_grid_with_its_coloured_cells() {
    let Some(browser) = chromium() else {
        eprintln!(
            "skipped: Chromium is not installed, so the page was not rendered \
             (`apt-get install -y chromium` runs this test)"
        );
        return;
    };
    let p = broken_copy();
    let run = p.run(&["check", "--format", "html", "-o", "report.html"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let png = p.path().join("screen.png");
    let mut cmd = Command::new(&browser);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", p.path().join("chromium").display()))
    .arg(format!("--screenshot={}", png.display()))
    .arg("--window-size=1400,1000")
    .arg(format!("file://{}", p.path().join("report.html").display()));
    let shot = measure(cmd, Duration::from_secs(120));
    assert!(png.is_file(), "no screenshot: {}", shot.run.stderr);
    let (width, height, pixels) = decode(&png);
    assert_eq!((width, height), (1400, 1000));
    // Not blank: many colours, no single one covering nearly everything.
    let mut counts: BTreeMap<[u8; 3], usize> = BTreeMap::new();
    for p in &pixels {
        *counts.entry(*p).or_default() += 1;
    }
    let most = counts.values().max().copied().unwrap_or(0);
    assert!(counts.len() > 100, "{} colours: a blank page", counts.len());
    assert!(
        most < pixels.len() * 9 / 10,
        "one colour covers {most} of {} pixels",
        pixels.len()
    );
    // The grid: its rules, and the error and warning cells of annex 2.
    let near = |a: [u8; 3], b: [u8; 3]| a.iter().zip(b).all(|(x, y)| x.abs_diff(y) <= 3);
    let count = |colour: [u8; 3]| pixels.iter().filter(|p| near(**p, colour)).count();
    let rules = count([0xd3, 0xd9, 0xe2]);
    let errors = count([0xff, 0xcd, 0xd2]);
    let warnings = count([0xff, 0xe0, 0x8a]);
    eprintln!(
        "screenshot: {} colours, rules {rules} px, error cells {errors} px, warning cells {warnings} px",
        counts.len()
    );
    assert!(rules > 5_000, "the grid's rules: {rules} px");
    assert!(errors > 4_000, "error cells: {errors} px");
    assert!(warnings > 1_000, "warning cells: {warnings} px");
}
