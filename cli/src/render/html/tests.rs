//! The page for the renderers' sample report, over the fixture's tables as
//! an engine loads them: where each finding lands, and what the page holds.

use scraper::{ElementRef, Html, Selector};
use tally_engine::DataFile;

use super::super::fixture::{TARGETS, UNITS};
use super::super::{render, sample_report, Format, RenderOptions};
use super::Lang;

/// The fixture's tables loaded by an engine, named as the sample report
/// names them (`data/targets-2019.ron`).
fn files() -> (tempfile::TempDir, Vec<DataFile>) {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("data")).expect("data");
    std::fs::create_dir_all(dir.path().join("rules")).expect("rules");
    // The fixture's `-` is the seed's, not RON: `-1` keeps every span.
    let targets = TARGETS.replace("\"瓯海区\": -,", "\"瓯海区\":-1,");
    assert_eq!(targets.len(), TARGETS.len());
    std::fs::write(dir.path().join("data/targets-2019.ron"), targets).expect("targets");
    std::fs::write(dir.path().join("data/units.ron"), UNITS).expect("units");
    let engine = tally_engine::Engine::builder()
        .data(dir.path().join("data"))
        .rules(dir.path().join("rules"))
        .display_base(dir.path())
        .build()
        .expect("engine");
    engine.check();
    let files = engine.data_files();
    (dir, files)
}

fn page(lang: Lang) -> (String, Html) {
    let (_dir, files) = files();
    let (report, rules) = sample_report();
    let options = RenderOptions {
        rules: &rules,
        files: &files,
        project: "sample",
        generated: "2026-12-07 09:30 +08:00",
        lang,
        ..RenderOptions::default()
    };
    let mut out = Vec::new();
    render(Format::Html, &report, &options, &mut out).expect("renders");
    let html = String::from_utf8(out).expect("UTF-8");
    let doc = Html::parse_document(&html);
    (html, doc)
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(css).expect("selector");
    doc.select(&selector).collect()
}

fn text(e: &ElementRef) -> String {
    e.text().collect::<String>()
}

/// The cell that the card of `rule`'s finding links to.
fn cell_of<'a>(doc: &'a Html, rule: &str) -> ElementRef<'a> {
    let link = select(doc, &format!(r#"article[data-rule="{rule}"] a.to-cell"#));
    let href = link
        .first()
        .and_then(|a| a.value().attr("href"))
        .unwrap_or_else(|| panic!("{rule} has no cell"));
    select(doc, &format!(r#"[id="{}"]"#, &href[1..]))
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no cell {href}"))
}

fn classes(e: &ElementRef) -> Vec<String> {
    e.value().classes().map(str::to_owned).collect()
}

#[test]
fn findings_land_on_their_cells() {
    let (_, doc) = page(Lang::En);
    // `breakdown["鹿城区"]`: the region's cell, in its row.
    let over = cell_of(&doc, "region-above-high");
    assert!(classes(&over).contains(&"w".to_owned()), "{:?}", classes(&over));
    let row = over.parent().and_then(ElementRef::wrap).expect("row");
    let head = select(&doc, "th")
        .into_iter()
        .find(|th| th.parent() == Some(*row))
        .expect("row head");
    assert!(text(&head).starts_with("鹿城区"), "{}", text(&head));
    assert!(
        classes(&head).contains(&"hd-w".to_owned()),
        "{:?}",
        classes(&head)
    );
    // The whole breakdown: the sum of the regions (a percentage: not
    // added up).
    let sum = cell_of(&doc, "breakdown-sum-mismatch");
    assert!(classes(&sum).contains(&"sum".to_owned()) && classes(&sum).contains(&"e".to_owned()));
    // Its related site, the high line: framed, not filled.
    let high = select(&doc, "tr.line td.rel-e");
    assert_eq!(high.len(), 1);
    assert_eq!(text(&high[0]), "35");
    // The indicator's name: the column head.
    let name = cell_of(&doc, "indicator-name-long");
    assert!(classes(&name).contains(&"ind".to_owned()) && classes(&name).contains(&"i".to_owned()));
    // Another kind: the record's cell.
    let unit = cell_of(&doc, "unknown-unit");
    assert_eq!(text(&unit).trim_start_matches(char::is_numeric), "鹿城区人民政府");
}

#[test]
fn every_finding_has_a_card_and_those_without_a_table_are_listed_apart() {
    let (html, doc) = page(Lang::En);
    let cards = select(&doc, "article.card");
    assert_eq!(cards.len(), 6);
    let ids: std::collections::BTreeSet<&str> = cards.iter().filter_map(|c| c.value().id()).collect();
    assert_eq!(ids.len(), 6, "anchors are unique");
    assert!(ids.iter().any(|id| id.starts_with("io@")), "{ids:?}");
    assert!(html.contains("not in a table"));
    // The rule file's finding shows its source with the value marked.
    let broken = select(&doc, r#"article[data-rule="rule-error"] mark"#);
    assert_eq!(broken.iter().map(text).collect::<Vec<_>>(), ["loop"]);
    // Header: project, time, version, files with their git blob ids.
    assert!(html.contains("sample") && html.contains("2026-12-07 09:30 +08:00"));
    assert!(html.contains(env!("CARGO_PKG_VERSION")));
    let hashes = select(&doc, "table.files code");
    assert_eq!(hashes.len(), 2);
    assert!(hashes.iter().all(|h| text(h).len() == 10));
}

#[test]
fn the_page_speaks_the_interface_language() {
    let (zh, _) = page(Lang::Zh);
    assert!(zh.contains(r#"<html lang="zh-CN">"#));
    assert!(zh.contains("问题清单") && zh.contains("全市 高线"));
    let (en, _) = page(Lang::En);
    assert!(en.contains(r#"<html lang="en">"#));
    assert!(en.contains("The findings") && !en.contains("问题清单"));
}

#[test]
fn git_blob_ids_are_gits() {
    // `printf 'hello\n' | git hash-object --stdin`
    assert_eq!(super::nodes::git_blob_id("hello\n"), "ce01362503");
}
