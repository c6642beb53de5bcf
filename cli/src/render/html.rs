//! `--format html`: one self-contained page for people who never open a
//! terminal.
//!
//! The page shows the tables themselves, coloured where the findings are:
//! each target table as the seed's annex prints it (regions × indicators,
//! the standard and high lines, the sum of the regions against them, a
//! small bar of each region's share of the line), every other table as a
//! table of its records. A coloured cell opens its findings; under each
//! table its findings are numbered as footnotes; below the tables the
//! findings are grouped by file and rule, with the source and the value
//! marked. The header names the project, the time, the tally version, the
//! data files (with git's blob id of each) and the rules that ran.
//!
//! Self-contained: the style sheet and the little script are inside the
//! page, no font, script or picture is fetched from anywhere (CJK text
//! uses the system's fonts). A print style sheet puts the summary and the
//! coloured tables on A4 landscape pages.
//!
//! The page is an askama template (`cli/templates/report.html`, with
//! `report.css` and `report.js` beside it); this module builds the values
//! it shows: [`grid`] the target grids, [`records`] the other tables,
//! [`cells`] where each finding lands, [`cards`] the findings, [`texts`]
//! the page's words in English and Chinese.

mod cards;
mod cells;
mod grid;
mod nodes;
mod records;
mod texts;

use std::io;

use askama::Template;
use tally_engine::{Report, Severity};

pub use texts::Lang;

use cards::Card;
use cells::{Board, Cell, CellId};
use texts::{fill, Texts};

use super::RenderOptions;

/// The style sheet and the script, inlined into every page.
const STYLE: &str = include_str!("../../templates/report.css");
const SCRIPT: &str = include_str!("../../templates/report.js");

/// A cell's tooltip lists at most this many of its findings.
const TIP_FINDINGS: usize = 8;

/// Writes the page.
pub fn render(report: &Report, options: &RenderOptions, out: &mut dyn io::Write) -> io::Result<()> {
    let page = page(report, options);
    let html = page.render().map_err(io::Error::other)?;
    out.write_all(html.as_bytes())
}

/// One table section of the page, as built.
#[derive(Debug)]
struct Section {
    anchor: String,
    file: String,
    /// The sheet (`附件 3`) or the record levels (`parts › tasks › items`).
    detail: String,
    /// The name in the table of contents.
    short: String,
    caption: CellId,
    body: Body,
}

#[derive(Debug)]
enum Body {
    Grid(grid::Grid),
    Records(records::Records),
    Message(String),
}

/// A cell as the template shows it.
#[derive(Debug, Default)]
struct CellView {
    text: String,
    parts: Vec<(String, &'static str)>,
    sub: String,
    class: String,
    id: String,
    f: String,
    tip: String,
    rowspan: usize,
    colspan: usize,
    numbers: String,
    bar: String,
    ticks: Vec<String>,
    /// For heads: how many findings the row or column holds.
    badge: usize,
}

#[derive(Debug)]
struct RowView {
    head: CellView,
    cells: Vec<CellView>,
    class: &'static str,
}

#[derive(Debug)]
struct HeadView {
    text: String,
    colspan: usize,
    rowspan: usize,
    class: &'static str,
}

#[derive(Debug)]
struct SectionView {
    anchor: String,
    file: String,
    detail: String,
    short: String,
    caption: CellView,
    /// Grids: the head rows, the rows.
    grid_top: Vec<CellView>,
    grid_under: Vec<CellView>,
    grid_rows: Vec<RowView>,
    is_grid: bool,
    /// Record tables.
    heads: Vec<Vec<HeadView>>,
    rows: Vec<Vec<CellView>>,
    message: String,
    /// The findings in this table, numbered.
    notes: Vec<Card>,
    worst: &'static str,
}

#[derive(Debug)]
struct FileRow {
    name: String,
    kind: String,
    hash: String,
    anchor: String,
    counts: Counts,
}

/// Findings by severity.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    errors: usize,
    warnings: usize,
    infos: usize,
}

#[derive(Debug)]
struct RuleRow {
    id: String,
    sev: &'static str,
    severity: &'static str,
    title: String,
    findings: usize,
}

#[derive(Debug)]
struct FileGroup {
    file: String,
    rules: Vec<RuleGroup>,
}

#[derive(Debug)]
struct RuleGroup {
    id: String,
    title: String,
    cards: Vec<Card>,
}

#[derive(Template)]
#[template(path = "report.html")]
struct Page<'a> {
    t: &'static Texts,
    lang: &'static str,
    style: &'static str,
    script: &'static str,
    project: &'a str,
    generated: &'a str,
    version: &'static str,
    counts: Counts,
    summary: String,
    files: Vec<FileRow>,
    rules: Vec<RuleRow>,
    rule_ids: Vec<String>,
    sections: Vec<SectionView>,
    groups: Vec<FileGroup>,
    findings: usize,
}

fn page<'a>(report: &Report, options: &RenderOptions<'a>) -> Page<'a> {
    let t = texts::texts(options.lang);
    let mut cards = cards::cards(&report.findings, t);

    // The tables, built into one board of cells.
    let mut board = Board::default();
    let mut sections: Vec<Section> = Vec::new();
    // Target tables first, as grids; then every other table.
    let mut file_anchor = vec![String::new(); options.files.len()];
    let mut done = vec![false; options.files.len()];
    for grids in [true, false] {
        for (k, file) in options.files.iter().enumerate() {
            if done[k] {
                continue;
            }
            let first = sections.len();
            match file.document.as_deref() {
                Some(doc) if grids => match grid::sections(file, doc, &mut board, first, t) {
                    Some(built) => sections.extend(built),
                    None => continue,
                },
                Some(doc) => sections.extend(records::sections(file, doc, &mut board, first)),
                None if grids => continue,
                None => {
                    let caption = board.add(first, Cell::new(file.name(), "cap"));
                    board.cells[caption].place = file.name().to_owned();
                    sections.push(Section {
                        anchor: String::new(),
                        file: file.name().to_owned(),
                        detail: String::new(),
                        short: file.stem().to_owned(),
                        caption,
                        body: Body::Message(t.not_parsed.to_owned()),
                    });
                }
            }
            done[k] = true;
            for (n, section) in sections.iter_mut().enumerate().skip(first) {
                section.anchor = format!("t{}", n + 1);
            }
            if let Some(section) = sections.get(first) {
                file_anchor[k] = section.anchor.clone();
            }
        }
    }
    board.freeze();

    // Where the findings land.
    let mut numbers = vec![0usize; sections.len()];
    let mut notes: Vec<Vec<usize>> = vec![Vec::new(); sections.len()];
    for (i, finding) in report.findings.iter().enumerate() {
        let Some(site) = &finding.site else { continue };
        // A workbook's site is a cell, not bytes of the table's RON text
        // the grid is drawn from: named, not placed on the grid.
        let located = site
            .cell
            .is_none()
            .then(|| board.locate(&site.source.name, site.span()));
        if let Some(target) = located.flatten() {
            board.hit(target, i, finding.severity);
            let cell = &mut board.cells[target.cell];
            if let Some(n) = numbers.get_mut(cell.table) {
                *n += 1;
                cell.numbers.push(*n);
                cards[i].number = *n;
                notes[cell.table].push(i);
            }
            cards[i].cell = format!("c{}", target.cell);
            cards[i].place = cell.place.clone();
        } else if let Some(cell) = &site.cell {
            // A workbook checked in place: its cell, as the workbook names it.
            cards[i].place = cell.name();
        }
        for (r, related) in finding.related.iter().enumerate() {
            let covered = if related.site.cell.is_none() {
                board.covered(&related.site.source.name, related.site.span())
            } else {
                Vec::new()
            };
            for &target in &covered {
                board.near(target, i, finding.severity);
            }
            if let Some(first) = covered.first() {
                cards[i].related[r].cell = format!("c{}", first.cell);
                cards[i].related[r].place = board.cells[first.cell].place.clone();
            } else if let Some(cell) = &related.site.cell {
                cards[i].related[r].place = cell.name();
            }
        }
    }

    let views = sections
        .into_iter()
        .enumerate()
        .map(|(k, section)| section_view(section, &board, &cards, &notes[k], t))
        .collect();

    // The header.
    let count = |file: &str, severity: Severity| {
        report
            .findings
            .iter()
            .filter(|f| f.severity == severity && f.file() == Some(file))
            .count()
    };
    let files = options
        .files
        .iter()
        .zip(&file_anchor)
        .map(|(file, anchor)| FileRow {
            name: file.name().to_owned(),
            kind: file.kind().unwrap_or("").to_owned(),
            hash: nodes::git_blob_id(&file.source.text),
            anchor: anchor.clone(),
            counts: Counts {
                errors: count(file.name(), Severity::Error),
                warnings: count(file.name(), Severity::Warning),
                infos: count(file.name(), Severity::Info),
            },
        })
        .collect();
    let rules = report
        .stats
        .iter()
        .map(|stat| {
            let meta = options.rules.iter().find(|m| m.id == stat.rule);
            let (sev, severity) = cards::severity(meta.map_or(Severity::Error, |m| m.severity), t);
            RuleRow {
                id: stat.rule.clone(),
                sev,
                severity,
                title: meta.map(|m| m.title.clone()).unwrap_or_default(),
                findings: report.findings.iter().filter(|f| f.rule == stat.rule).count(),
            }
        })
        .collect();
    let mut rule_ids: Vec<String> = report.findings.iter().map(|f| f.rule.clone()).collect();
    rule_ids.sort();
    rule_ids.dedup();

    let counts = Counts {
        errors: report.count(Severity::Error),
        warnings: report.count(Severity::Warning),
        infos: report.count(Severity::Info),
    };
    Page {
        t,
        lang: options.lang.tag(),
        style: STYLE,
        script: SCRIPT,
        project: options.project,
        generated: options.generated,
        version: env!("CARGO_PKG_VERSION"),
        counts,
        summary: summary(report, t),
        files,
        rules,
        rule_ids,
        sections: views,
        groups: groups(cards, options),
        findings: report.findings.len(),
    }
}

/// `7 files, 15 rules; 2 suppressed`.
fn summary(report: &Report, t: &Texts) -> String {
    let mut line = fill(
        t.summary,
        &[
            ("files", &report.files.to_string()),
            ("rules", &report.rules.to_string()),
        ],
    );
    let mut extra = Vec::new();
    if let Some(n) = report.untouched.filter(|&n| n > 0) {
        extra.push(fill(t.untouched, &[("n", &n.to_string())]));
    }
    if !report.suppressed.is_empty() {
        extra.push(fill(t.suppressed, &[("n", &report.suppressed.len().to_string())]));
    }
    if let Some(baseline) = &report.baseline {
        extra.push(fill(t.baselined, &[("n", &baseline.matched.len().to_string())]));
    }
    if !extra.is_empty() {
        line.push_str(" · ");
        line.push_str(&extra.join(" · "));
    }
    line
}

/// The findings grouped by file (in report order), then by rule.
fn groups(cards: Vec<Card>, options: &RenderOptions) -> Vec<FileGroup> {
    let mut groups: Vec<FileGroup> = Vec::new();
    for card in cards {
        if groups.last().is_none_or(|g| g.file != card.file) {
            groups.push(FileGroup {
                file: card.file.clone(),
                rules: Vec::new(),
            });
        }
        let Some(group) = groups.last_mut() else { continue };
        match group.rules.iter_mut().find(|r| r.id == card.rule) {
            Some(rule) => rule.cards.push(card),
            None => {
                let title = options
                    .rules
                    .iter()
                    .find(|m| m.id == card.rule)
                    .map(|m| m.title.clone())
                    .unwrap_or_default();
                group.rules.push(RuleGroup {
                    id: card.rule.clone(),
                    title,
                    cards: vec![card],
                });
            }
        }
    }
    for group in &mut groups {
        group.rules.sort_by(|a, b| a.id.cmp(&b.id));
    }
    groups
}

fn sev_class(severity: Option<Severity>) -> &'static str {
    match severity {
        Some(Severity::Error) => "e",
        Some(Severity::Warning) => "w",
        Some(Severity::Info) => "i",
        None => "",
    }
}

/// A cell of the board as the template shows it.
fn view(id: CellId, board: &Board, cards: &[Card], t: &Texts) -> CellView {
    let cell = &board.cells[id];
    let mut class = cell.base.to_owned();
    let mut push = |c: &str| {
        if !c.is_empty() {
            if !class.is_empty() {
                class.push(' ');
            }
            class.push_str(c);
        }
    };
    if let Some(worst) = cell.worst() {
        push(sev_class(Some(worst)));
    } else if let Some(near) = cell.worst_near() {
        push(&format!("rel rel-{}", sev_class(Some(near))));
    }
    let marked = !cell.hits.is_empty() || !cell.near.is_empty();
    let mut tip: Vec<String> = Vec::new();
    if marked && !cell.place.is_empty() {
        tip.push(cell.place.clone());
    }
    if !cell.tip.is_empty() {
        tip.push(cell.tip.clone());
    }
    let listed = cell
        .hits
        .iter()
        .map(|&i| format!("{}: {}", cards[i].severity, cards[i].message))
        .chain(
            cell.near
                .iter()
                .map(|&(i, _)| format!("({}) {}", t.related, cards[i].message)),
        );
    let total = cell.hits.len() + cell.near.len();
    tip.extend(listed.take(TIP_FINDINGS));
    if total > TIP_FINDINGS {
        tip.push(format!("\u{2026} (+{})", total - TIP_FINDINGS));
    }
    let ids: Vec<&str> = cell
        .hits
        .iter()
        .chain(cell.near.iter().map(|(i, _)| i))
        .map(|&i| cards[i].id.as_str())
        .collect();
    CellView {
        text: cell.text.clone(),
        parts: cell
            .parts
            .iter()
            .map(|p| {
                let class = match p.hit {
                    Some(Severity::Error) => "hit e",
                    Some(Severity::Warning) => "hit w",
                    Some(Severity::Info) => "hit i",
                    None => "",
                };
                (p.text.clone(), class)
            })
            .collect(),
        sub: cell.sub.clone(),
        class,
        id: if marked { format!("c{id}") } else { String::new() },
        f: ids.join(" "),
        tip: tip.join("\n"),
        rowspan: cell.rowspan,
        colspan: cell.colspan,
        numbers: match cell.numbers.as_slice() {
            [first, .., last] if cell.numbers.len() > 3 => format!("{first}\u{2013}{last}"),
            numbers => numbers.iter().map(usize::to_string).collect::<Vec<_>>().join(","),
        },
        bar: cell.bar.map(percent).unwrap_or_default(),
        ticks: cell.ticks.iter().map(|&x| percent(x)).collect(),
        badge: 0,
    }
}

fn percent(share: f64) -> String {
    format!("{:.1}%", (share * 100.0).clamp(0.0, 100.0))
}

/// A head that adds up the findings of its row or column.
fn head_view(id: CellId, over: &[CellId], board: &Board, cards: &[Card], t: &Texts) -> CellView {
    let mut view = view(id, board, cards, t);
    let hits: Vec<Severity> = over
        .iter()
        .flat_map(|&c| board.cells[c].severities.iter().copied())
        .collect();
    if let Some(worst) = hits.iter().copied().max() {
        view.badge = hits.len();
        if !view.class.is_empty() {
            view.class.push(' ');
        }
        view.class.push_str("hd hd-");
        view.class.push_str(sev_class(Some(worst)));
    }
    view
}

fn section_view(section: Section, board: &Board, cards: &[Card], notes: &[usize], t: &Texts) -> SectionView {
    let caption = view(section.caption, board, cards, t);
    let mut worst = board.cells[section.caption].worst();
    let mut out = SectionView {
        anchor: section.anchor,
        file: section.file,
        detail: section.detail,
        short: section.short,
        caption,
        grid_top: Vec::new(),
        grid_under: Vec::new(),
        grid_rows: Vec::new(),
        is_grid: false,
        heads: Vec::new(),
        rows: Vec::new(),
        message: String::new(),
        notes: notes.iter().map(|&i| cards[i].clone()).collect(),
        worst: "",
    };
    for &i in notes {
        worst = worst.max(Some(match cards[i].sev {
            "e" => Severity::Error,
            "w" => Severity::Warning,
            _ => Severity::Info,
        }));
    }
    out.worst = sev_class(worst);
    match section.body {
        Body::Grid(grid) => {
            out.is_grid = true;
            let column_of = |id: CellId| grid.columns.iter().position(|&c| c == id);
            let column_cells = |j: usize| -> Vec<CellId> {
                let mut over: Vec<CellId> =
                    grid.rows.iter().filter_map(|r| r.cells.get(j).copied()).collect();
                over.push(grid.columns[j]);
                over
            };
            let head = |id: CellId| match column_of(id) {
                Some(j) => head_view(id, &column_cells(j), board, cards, t),
                None => view(id, board, cards, t),
            };
            out.grid_top = grid.top.iter().map(|&id| head(id)).collect();
            out.grid_under = grid.under.iter().map(|&id| head(id)).collect();
            out.grid_rows = grid
                .rows
                .iter()
                .map(|row| RowView {
                    head: head_view(row.head, &row.cells, board, cards, t),
                    cells: row.cells.iter().map(|&id| view(id, board, cards, t)).collect(),
                    class: row.class,
                })
                .collect();
        }
        Body::Records(records) => {
            out.heads = records
                .heads
                .iter()
                .map(|row| {
                    row.iter()
                        .map(|h| HeadView {
                            text: h.text.clone(),
                            colspan: h.colspan,
                            rowspan: h.rowspan,
                            class: if h.first { "lv" } else { "" },
                        })
                        .collect()
                })
                .collect();
            out.rows = records
                .rows
                .iter()
                .map(|row| row.iter().map(|&id| view(id, board, cards, t)).collect())
                .collect();
        }
        Body::Message(message) => out.message = message,
    }
    out
}

#[cfg(test)]
mod tests;
