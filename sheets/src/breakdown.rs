//! The annex layout of target tables (the seed's annexes 2 and 3):
//!
//! ```text
//! 2019 年……分解表（二）                                  ← title row(s)
//! 地区 |      | 工业 APP 开发应用（个） | 通信设施建设和改造       ← header
//!      |      |                        | 基站铁塔改造（个） | …   ← optional second header row
//! 全市 | 标线 | 2000                   | 3000                    ← the city's lines
//!      | 高线 | 3000                   | 5069
//! 鹿城区 |    | 300                    | 587                     ← one row per region
//! 注：……                                                      ← footnotes
//! ```
//!
//! Each sheet becomes one `TargetSheet`, each figure column one
//! `TargetIndicator` whose `breakdown` maps region → figure.

use std::collections::HashMap;

use tally_engine::{Catalogue, FieldType, Schema};

use crate::book::{Cell, Grid};
use crate::ron_text::{comment, quote, Ron};
use crate::{figure, SheetError};
use tally_engine::TableText;

/// The titles of the region column.
const REGION_TITLES: &[&str] = &[
    "地区",
    "区域",
    "地区名称",
    "县（市、区）",
    "县(市、区)",
    "地方",
    "region",
];
/// The first cell of a footnote row.
const FOOTNOTES: &[&str] = &["注", "说明", "备注", "数据来源", "资料来源", "*", "※", "附注"];

/// One indicator column, read.
struct Indicator {
    name: String,
    unit: String,
    group: Option<String>,
    col: usize,
    /// The row of its title (the second header row for a grouped column).
    title_row: usize,
    standard: Option<String>,
    high: Option<String>,
    /// (region, figure, row).
    breakdown: Vec<(String, Option<String>, usize)>,
}

/// One sheet, read.
struct SheetTable {
    annex: Option<i64>,
    title: Option<String>,
    indicators: Vec<Indicator>,
    header_row: usize,
    last_row: usize,
    region_col: usize,
    standard_row: usize,
    high_row: usize,
    title_at: Option<(usize, usize)>,
}

/// The names the layout writes, as the kind declares them.
struct Names {
    sheets: String,
    indicators: String,
    breakdown: String,
}

fn names(schema: &Schema, t: &Catalogue) -> Result<Names, SheetError> {
    let wrong = || {
        SheetError::say(
            t,
            "sheets-not-target-kind",
            &[("kind", schema.kind.as_str().into())],
        )
        .mapping()
    };
    let list_of_record = |record: usize, which: &dyn Fn(usize) -> bool| {
        schema.records.get(record).and_then(|r| {
            r.fields.iter().find_map(|f| match f.ty.strip_none().0 {
                FieldType::List(item) => match item.strip_none().0 {
                    FieldType::Record(i) if which(*i) => Some((f.name.clone(), *i)),
                    _ => None,
                },
                _ => None,
            })
        })
    };
    let is_indicator = |i: usize| {
        schema.records.get(i).is_some_and(|r| {
            ["name", "unit", "standard", "high"]
                .iter()
                .all(|n| r.field(n).is_some())
                && r.fields
                    .iter()
                    .any(|f| matches!(f.ty.strip_none().0, FieldType::Map(..)))
        })
    };
    let has_indicators = |i: usize| list_of_record(i, &is_indicator).is_some();
    let (sheets, sheet_record) = list_of_record(0, &has_indicators).ok_or_else(wrong)?;
    let (indicators, indicator_record) = list_of_record(sheet_record, &is_indicator).ok_or_else(wrong)?;
    let breakdown = schema.records[indicator_record]
        .fields
        .iter()
        .find(|f| matches!(f.ty.strip_none().0, FieldType::Map(..)))
        .map(|f| f.name.clone())
        .ok_or_else(wrong)?;
    Ok(Names {
        sheets,
        indicators,
        breakdown,
    })
}

/// Text with the line breaks a header cell wraps at taken out.
fn header_text(cell: &Cell) -> String {
    let text = cell.shown();
    let text: String = text.chars().filter(|c| *c != '\n' && *c != '\r').collect();
    text.trim().to_owned()
}

/// A region name: spaces used to pad it (`鹿 城 区`) taken out.
fn region_text(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// `工业 APP 开发应用（个）` → (`工业 APP 开发应用`, `个`).
fn split_unit(header: &str) -> Option<(String, String)> {
    let trimmed = header.trim_end();
    let close = trimmed.chars().last()?;
    let open = match close {
        '）' => ['（', '('],
        ')' => ['(', '（'],
        _ => return None,
    };
    let body = &trimmed[..trimmed.len() - close.len_utf8()];
    let at = body.rfind(open)?;
    let unit = body[at..].chars().skip(1).collect::<String>().trim().to_owned();
    let name = body[..at].trim().to_owned();
    if name.is_empty() || unit.is_empty() {
        return None;
    }
    Some((name, unit))
}

fn read_sheet(grid: &Grid, problems: &mut Vec<SheetError>, t: &Catalogue) -> Result<SheetTable, SheetError> {
    // The header: the first row with a region title in its first columns.
    let (header_row, region_col) = (0..grid.height())
        .find_map(|r| {
            (0..3.min(grid.width.max(1))).find_map(|c| {
                let text = region_text(&header_text(grid.get(r, c)));
                REGION_TITLES
                    .iter()
                    .any(|t| region_text(t).eq_ignore_ascii_case(&text))
                    .then_some((r, c))
            })
        })
        .ok_or_else(|| {
            SheetError::say(
                t,
                "sheets-no-region-header",
                &[
                    ("sheet", grid.name.as_str().into()),
                    ("titles", REGION_TITLES[..4].join("、").into()),
                ],
            )
        })?;
    // The title: the nearest text above the header that is not `附件 N`.
    let mut title = None;
    let mut title_at = None;
    let mut annex = None;
    for r in (0..header_row).rev() {
        let Some((c, text)) = (0..grid.width).find_map(|c| grid.get(r, c).text().map(|t| (c, t.to_owned())))
        else {
            continue;
        };
        let compact = region_text(&text);
        if let Some(n) = compact.strip_prefix("附件").and_then(|n| n.parse::<i64>().ok()) {
            annex = annex.or(Some(n));
        } else if title.is_none() {
            title = Some(text);
            title_at = Some((r, c));
        }
    }
    if annex.is_none() {
        let digits: String = grid.name.chars().filter(char::is_ascii_digit).collect();
        annex = digits.parse().ok();
    }
    let is_line_label = |r: usize| {
        let text =
            region_text(&(grid.get(r, region_col).shown() + grid.get(r, region_col + 1).shown().as_str()));
        if text.contains("标线") {
            Some(true)
        } else if text.contains("高线") {
            Some(false)
        } else {
            None
        }
    };
    // A second header row: under the header, no region and no line label.
    let two_rows = header_row + 1 < grid.height()
        && grid.get(header_row + 1, region_col).is_empty()
        && is_line_label(header_row + 1).is_none()
        && (region_col + 1..grid.width).any(|c| grid.get(header_row + 1, c).text().is_some());
    let first_body = header_row + if two_rows { 2 } else { 1 };
    // The line label column: empty in the header, 标线 / 高线 below.
    let label_col = (grid.get(header_row, region_col + 1).is_empty()
        && (first_body..grid.height()).take(3).any(|r| {
            let t = grid.get(r, region_col + 1).shown();
            t.contains("标线") || t.contains("高线")
        }))
    .then_some(region_col + 1);
    let first_col = label_col.map_or(region_col + 1, |c| c + 1);

    // The indicators, from the header.
    let mut indicators = Vec::new();
    let mut group: Option<(usize, String)> = None;
    for col in first_col..grid.width {
        let top = header_text(grid.get(header_row, col));
        let below = if two_rows {
            header_text(grid.get(header_row + 1, col))
        } else {
            String::new()
        };
        if !top.is_empty() {
            group = Some((col, top.clone()));
        }
        let (header, group_name, header_at) = if !below.is_empty() {
            (below, group.as_ref().map(|(_, g)| g.clone()), header_row + 1)
        } else if !top.is_empty() {
            (top, None, header_row)
        } else {
            // No title: a trailing empty column, or figures without a name.
            if let Some(r) = (first_body..grid.height()).find(|r| !grid.get(*r, col).is_empty()) {
                return Err(SheetError::say_at(
                    t,
                    grid.at(r, col),
                    "sheets-figure-without-title",
                    &[("column", crate::column_name(col).into())],
                ));
            }
            continue;
        };
        let (name, unit) = split_unit(&header).ok_or_else(|| {
            SheetError::say_at(
                t,
                grid.at(header_at, col),
                "sheets-title-without-unit",
                &[("title", header.as_str().into())],
            )
        })?;
        indicators.push(Indicator {
            name,
            unit,
            group: group_name,
            col,
            title_row: header_at,
            standard: None,
            high: None,
            breakdown: Vec::new(),
        });
    }
    if indicators.is_empty() {
        return Err(SheetError::say_at(
            t,
            grid.at(header_row, region_col),
            "sheets-no-indicator",
            &[],
        ));
    }
    for (i, a) in indicators.iter().enumerate() {
        if let Some(b) = indicators[..i]
            .iter()
            .find(|b| b.name == a.name && b.group == a.group)
        {
            return Err(SheetError::say_at(
                t,
                grid.at(header_row, a.col),
                "sheets-indicator-twice",
                &[
                    ("indicator", a.name.as_str().into()),
                    ("first", crate::column_name(b.col).into()),
                    ("second", crate::column_name(a.col).into()),
                ],
            ));
        }
    }

    // The city's lines.
    let mut row = first_body;
    let mut standard_row = None;
    let mut high_row = None;
    while row < grid.height() {
        match is_line_label(row) {
            Some(true) => standard_row = Some(row),
            Some(false) => high_row = Some(row),
            None => break,
        }
        row += 1;
    }
    let (Some(standard_row), Some(high_row)) = (standard_row, high_row) else {
        return Err(SheetError::say_at(
            t,
            grid.at(first_body, region_col),
            "sheets-no-lines",
            &[],
        ));
    };
    for ind in &mut indicators {
        for (line, r, slot) in [
            ("标线", standard_row, &mut ind.standard),
            ("高线", high_row, &mut ind.high),
        ] {
            let what = t.text(
                "sheets-line-of",
                &[("line", line.into()), ("indicator", ind.name.as_str().into())],
            );
            if grid.get(r, ind.col).is_empty() {
                problems.push(SheetError::say_at(
                    t,
                    grid.at(r, ind.col),
                    "sheets-line-blank",
                    &[("what", what.into())],
                ));
                continue;
            }
            match figure(grid, r, ind.col, &what, t) {
                Ok(value) => *slot = value,
                Err(problem) => problems.push(problem),
            }
        }
    }

    // The regions.
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut last_row = high_row.max(standard_row);
    while row < grid.height() {
        let first = grid.get(row, region_col);
        let figures_blank = indicators.iter().all(|i| grid.get(row, i.col).is_empty());
        let text = first.shown();
        let region = region_text(&text);
        if FOOTNOTES.iter().any(|f| region.starts_with(f)) && figures_blank {
            break;
        }
        if region.is_empty() {
            if figures_blank {
                row += 1;
                continue;
            }
            problems.push(SheetError::say_at(
                t,
                grid.at(row, region_col),
                "sheets-row-without-region",
                &[],
            ));
            row += 1;
            continue;
        }
        if !matches!(first, Cell::Text(_)) {
            problems.push(SheetError::say_at(
                t,
                grid.at(row, region_col),
                "sheets-not-region-name",
                &[("text", text.as_str().into())],
            ));
            row += 1;
            continue;
        }
        if let Some(earlier) = seen.get(&region) {
            problems.push(SheetError::say_at(
                t,
                grid.at(row, region_col),
                "sheets-region-twice",
                &[
                    ("region", region.as_str().into()),
                    ("row", (earlier + 1).to_string().into()),
                ],
            ));
            row += 1;
            continue;
        }
        seen.insert(region.clone(), row);
        for ind in &mut indicators {
            if grid.get(row, ind.col).is_empty() {
                continue;
            }
            let what = t.text(
                "sheets-indicator-of-region",
                &[
                    ("indicator", ind.name.as_str().into()),
                    ("region", region.as_str().into()),
                ],
            );
            match figure(grid, row, ind.col, &what, t) {
                Ok(value) => ind.breakdown.push((region.clone(), value, row)),
                // Left out (as a blank cell is) and reported.
                Err(problem) => problems.push(problem),
            }
        }
        last_row = row;
        row += 1;
    }
    Ok(SheetTable {
        annex,
        title,
        indicators,
        header_row,
        last_row,
        region_col,
        standard_row,
        high_row,
        title_at,
    })
}

/// Imports the sheets as one target table: its RON text, and the cell
/// each value came from. A cell that holds no figure, or a region's second
/// row, is left out and comes back in the list of problems; a sheet whose
/// header cannot be read stops the import.
pub fn import(
    grids: &[Grid],
    schema: &Schema,
    shown: &str,
    t: &Catalogue,
) -> Result<(TableText, Vec<SheetError>), SheetError> {
    let names = names(schema, t)?;
    let mut tables = Vec::with_capacity(grids.len());
    let mut problems = Vec::new();
    for grid in grids {
        tables.push(read_sheet(grid, &mut problems, t)?);
    }
    let root = &schema.records[0];
    let mut out = Ron::default();
    let first_header = grids
        .first()
        .zip(tables.first())
        .map(|(g, t)| out.cell(g, t.header_row, t.region_col));
    let root_start = out.len();
    out.push_str("#![enable(implicit_some)]\n");
    out.line(format_args!(
        "// Imported by `tally import` from {}.",
        comment(shown)
    ));
    out.line(format_args!("{}(", schema.kind));
    // The common title: the first sheet's, without its `（一）`.
    let title = tables.iter().find_map(|t| t.title.clone());
    let title_cell = grids
        .first()
        .zip(tables.first())
        .and_then(|(g, t)| t.title_at.map(|(r, c)| out.cell(g, r, c)));
    if root.field("title").is_some() {
        if let Some(title) = &title {
            let common = strip_part(title);
            out.field("    title: ", &quote(&common), title_cell.clone());
        }
    }
    if root.field("source").is_some() {
        let sheets: Vec<&str> = grids.iter().map(|g| g.name.as_str()).collect();
        out.field(
            "    source: ",
            &quote(&format!("{} {}", file_name(shown), sheets.join("、"))),
            first_header.clone(),
        );
    }
    if root.field("year").is_some() {
        if let Some(year) = title.as_deref().and_then(year_in) {
            out.field("    year: ", &year.to_string(), title_cell.clone());
        }
    }
    out.line(format_args!("    {}: [", names.sheets));
    for (grid, table) in grids.iter().zip(&tables) {
        out.line(format_args!(
            "        // {}",
            comment(&grid.span(
                (table.header_row, 0),
                (table.last_row, grid.width.saturating_sub(1))
            ))
        ));
        let header = out.cell(grid, table.header_row, table.region_col);
        let sheet_start = out.len();
        out.push_str("        (\n");
        let annex = table.annex.unwrap_or(1);
        out.field("            annex: ", &annex.to_string(), None);
        if let Some(title) = &table.title {
            let at = table.title_at.map(|(r, c)| out.cell(grid, r, c));
            out.field("            title: ", &quote(title), at);
        }
        out.line(format_args!("            {}: [", names.indicators));
        for ind in &table.indicators {
            out.line(format_args!(
                "                // {}",
                comment(&grid.span((table.header_row, ind.col), (table.last_row, ind.col)))
            ));
            let title = out.cell(grid, ind.title_row, ind.col);
            let start = out.len();
            out.push_str("                (\n");
            out.field(
                "                    name: ",
                &quote(&ind.name),
                Some(title.clone()),
            );
            out.field(
                "                    unit: ",
                &quote(&ind.unit),
                Some(title.clone()),
            );
            if let Some(group) = &ind.group {
                let at = out.cell(grid, table.header_row, ind.col);
                out.field("                    group: ", &quote(group), Some(at));
            }
            // Growth rates and percentages do not add up over the regions.
            let additive = ind.unit != "%" && ind.unit != "％";
            out.field(
                "                    additive: ",
                &additive.to_string(),
                Some(title.clone()),
            );
            let standard = out.cell(grid, table.standard_row, ind.col);
            out.field(
                "                    standard: ",
                &figure_text(&ind.standard),
                Some(standard),
            );
            let high = out.cell(grid, table.high_row, ind.col);
            out.field("                    high: ", &figure_text(&ind.high), Some(high));
            let map_start = out.len();
            out.line(format_args!("                    {}: {{", names.breakdown));
            for (region, value, row) in &ind.breakdown {
                let key = out.cell(grid, *row, table.region_col);
                let figure = out.cell(grid, *row, ind.col);
                out.entry(
                    "                        ",
                    &quote(region),
                    key,
                    &figure_text(value),
                    figure,
                );
            }
            out.push_str("                    },\n");
            out.span_from(map_start, title.clone());
            out.push_str("                ),\n");
            out.span_from(start, title);
        }
        out.push_str("            ],\n");
        out.push_str("        ),\n");
        out.span_from(sheet_start, header);
    }
    out.push_str("    ],\n)\n");
    if let Some(header) = first_header {
        out.span_from(root_start, header);
    }
    Ok((out.finish(), problems))
}

fn figure_text(value: &Option<String>) -> String {
    value.clone().unwrap_or_else(|| "None".into())
}

/// `……分解表（一）` → `……分解表`.
fn strip_part(title: &str) -> String {
    let t = title.trim_end();
    if let Some(body) = t.strip_suffix('）') {
        if let Some(at) = body.rfind('（') {
            let inside = &body[at + '（'.len_utf8()..];
            if inside.chars().count() <= 3 {
                return body[..at].trim_end().to_owned();
            }
        }
    }
    t.to_owned()
}

/// The first four-digit year in a title.
pub(crate) fn year_in(title: &str) -> Option<i64> {
    let chars: Vec<char> = title.chars().collect();
    chars.windows(4).enumerate().find_map(|(i, w)| {
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 4);
        (w.iter().all(char::is_ascii_digit)
            && !before.is_some_and(|c| c.is_ascii_digit())
            && !after.is_some_and(|c| c.is_ascii_digit()))
        .then(|| w.iter().collect::<String>().parse().ok())
        .flatten()
        .filter(|y| (1900..=2200).contains(y))
    })
}

fn file_name(shown: &str) -> &str {
    shown.rsplit(['/', '\\']).next().unwrap_or(shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_units() {
        assert_eq!(
            split_unit("工业 APP 开发应用（个）"),
            Some(("工业 APP 开发应用".into(), "个".into()))
        );
        assert_eq!(
            split_unit("数字经济核心产业增加值增速 (%)"),
            Some(("数字经济核心产业增加值增速".into(), "%".into()))
        );
        assert_eq!(
            split_unit("企业智能化改造 (包括机器换人) (家)"),
            Some(("企业智能化改造 (包括机器换人)".into(), "家".into()))
        );
        assert_eq!(split_unit("地区"), None);
    }

    #[test]
    fn finds_years_and_common_titles() {
        assert_eq!(year_in("2019 年温州市"), Some(2019));
        assert_eq!(year_in("no year"), None);
        assert_eq!(strip_part("分解表（一）"), "分解表");
        assert_eq!(strip_part("评价结果（温州市各县）"), "评价结果（温州市各县）");
    }
}
