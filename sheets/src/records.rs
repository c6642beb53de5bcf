//! The records layout: one record per row, one field per column.
//!
//! The rows become the records of the kind's first list field (the
//! `rows` of an `Evaluation`); a column title names a field by its name,
//! a title the schema gives it (`titles`), the Chinese part of its
//! description or a built-in alias ([`ALIASES`]). A two-row header groups
//! columns: a group over `得分 | 全省位次` fills a record field (`total`)
//! when the group names one, else an entry of a map of records
//! (`scores["基础设施"]`).

use std::collections::HashMap;

use tally_engine::{Catalogue, FieldSpec, FieldType, Record, Schema};

use crate::book::{Cell, Grid};
use crate::ron_text::{comment, quote, Ron};
use crate::{figure, listed, SheetError};
use tally_engine::TableText;

/// Column titles every kind understands: title → field name.
pub const ALIASES: &[(&str, &str)] = &[
    ("标线", "standard"),
    ("全市标线", "standard"),
    ("高线", "high"),
    ("全市高线", "high"),
    ("单位", "unit"),
    ("计量单位", "unit"),
    ("地区", "region"),
    ("区域", "region"),
    ("名称", "name"),
    ("指标", "name"),
    ("指标名称", "name"),
    ("得分", "score"),
    ("分数", "score"),
    ("位次", "rank"),
    ("排名", "rank"),
    ("全省位次", "rank"),
    ("权重", "weight"),
    ("年份", "year"),
    ("标题", "title"),
    ("备注", "note"),
    ("数值", "value"),
    ("目标", "target"),
    ("分组", "group"),
    ("栏目", "group"),
    ("类型", "kind"),
    ("类别", "kind"),
    ("上级", "parent"),
    ("上级地区", "parent"),
];

const FOOTNOTES: &[&str] = &["注", "说明", "备注：", "数据来源", "资料来源", "*", "※", "附注"];

fn norm(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '–' | '—' => '-',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// The titles field `field` answers to.
fn titles(field: &FieldSpec) -> Vec<String> {
    let mut out = vec![field.name.clone()];
    out.extend(field.titles.iter().cloned());
    if let Some(desc) = &field.description {
        let zh = desc.split("/ ").next().unwrap_or("").trim();
        if !zh.is_empty() {
            out.push(zh.to_owned());
            // `全市标线（另注）` → `全市标线` too.
            if let Some(at) = zh.find(['（', '(']) {
                out.push(zh[..at].to_owned());
            }
            // `地区，照录` → `地区`.
            if let Some(at) = zh.find(['，', ',']) {
                out.push(zh[..at].to_owned());
            }
            // `类型：全国、省…` → `类型`.
            if let Some(at) = zh.find(['：', ':']) {
                out.push(zh[..at].to_owned());
            }
        }
    }
    for (title, name) in ALIASES {
        if *name == field.name {
            out.push((*title).to_owned());
        }
    }
    out
}

fn find_field<'r>(record: &'r Record, header: &str) -> Option<&'r FieldSpec> {
    let header = norm(header);
    if header.is_empty() {
        return None;
    }
    record
        .fields
        .iter()
        .find(|f| titles(f).iter().any(|t| norm(t) == header))
}

/// How a field is named for people: `score (得分)`.
fn describe_fields(record: &Record, t: &Catalogue) -> String {
    listed(
        t,
        record.fields.iter().map(|f| {
            let zh = f
                .description
                .as_deref()
                .map(|d| d.split("/ ").next().unwrap_or("").trim().to_owned())
                .filter(|d| !d.is_empty());
            match zh {
                Some(zh) => t.text(
                    "sheets-field-described",
                    &[("field", f.name.as_str().into()), ("description", zh.into())],
                ),
                None => t.text("sheets-field-listed", &[("field", f.name.as_str().into())]),
            }
        }),
    )
}

/// A map entry of a row: its key and its record's fields (index → RON text).
type Entry = (String, Vec<(usize, String, usize)>);

/// Where a column's figures go.
#[derive(Debug, Clone)]
enum Target {
    /// A field of the row.
    Field(usize),
    /// A field of a record field of the row (`total.score`).
    Nested(usize, usize),
    /// A field of a map entry of the row (`scores["基础设施"].score`).
    Entry(usize, String, usize),
}

fn record_of(ty: &FieldType) -> Option<usize> {
    match ty.strip_none().0 {
        FieldType::Record(i) => Some(*i),
        _ => None,
    }
}

fn is_scalar(ty: &FieldType) -> bool {
    matches!(
        ty.strip_none().0,
        FieldType::Text | FieldType::Integer | FieldType::Number | FieldType::Boolean
    )
}

fn header_text(cell: &Cell) -> String {
    let text = cell.shown();
    text.chars()
        .filter(|c| *c != '\n' && *c != '\r')
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Imports the sheet as one table of the kind; a cell that holds no value
/// of its field, or a record's second row, is left out and comes back in
/// the list of problems (the first problem of the header stops it).
pub fn import(
    grid: &Grid,
    schema: &Schema,
    shown: &str,
    t: &Catalogue,
) -> Result<(TableText, Vec<SheetError>), SheetError> {
    let mut problems = Vec::new();
    let root = &schema.records[0];
    let (rows_field, row_record) = root
        .fields
        .iter()
        .find_map(|f| match f.ty.strip_none().0 {
            FieldType::List(item) => record_of(item).map(|i| (f, i)),
            _ => None,
        })
        .ok_or_else(|| {
            SheetError::say(
                t,
                "sheets-no-record-list",
                &[("kind", schema.kind.as_str().into())],
            )
        })?;
    let record = &schema.records[row_record];

    // The header: the first row with two titles or more, one of them a field's.
    let header_row = (0..grid.height().min(50))
        .find(|&r| {
            let texts: Vec<&str> = (0..grid.width).filter_map(|c| grid.get(r, c).text()).collect();
            texts.len() >= 2
                && texts
                    .iter()
                    .any(|t| find_field(record, &header_text(&Cell::Text((*t).into()))).is_some())
        })
        .ok_or_else(|| {
            SheetError::say(
                t,
                "sheets-no-field-header",
                &[
                    ("sheet", grid.name.as_str().into()),
                    ("record", record.name.as_str().into()),
                    ("fields", describe_fields(record, t).into()),
                ],
            )
        })?;
    let first_col = (0..grid.width)
        .find(|&c| !grid.get(header_row, c).is_empty())
        .unwrap_or(0);
    let two_rows = header_row + 1 < grid.height()
        && grid.get(header_row + 1, first_col).is_empty()
        && (first_col..grid.width).any(|c| grid.get(header_row + 1, c).text().is_some())
        && (first_col..grid.width)
            .all(|c| matches!(grid.get(header_row + 1, c), Cell::Empty | Cell::Text(_)));
    let first_body = header_row + if two_rows { 2 } else { 1 };
    let title = (0..header_row)
        .rev()
        .find_map(|r| (0..grid.width).find_map(|c| grid.get(r, c).text().map(str::to_owned)));

    // Map the columns.
    let mut columns: Vec<(usize, Target)> = Vec::new();
    let mut group: Option<String> = None;
    for col in first_col..grid.width {
        let top = header_text(grid.get(header_row, col));
        let below = if two_rows {
            header_text(grid.get(header_row + 1, col))
        } else {
            String::new()
        };
        if !top.is_empty() {
            group = Some(top.clone());
        }
        let unmapped = |title: &str, at: usize| {
            SheetError::say_at(
                t,
                grid.at(at, col),
                "sheets-unmapped-column",
                &[
                    ("column", crate::column_name(col).into()),
                    ("title", title.into()),
                    ("record", record.name.as_str().into()),
                    ("fields", describe_fields(record, t).into()),
                ],
            )
        };
        let target = if !below.is_empty() {
            let group = group.clone().unwrap_or_default();
            let nested = find_field(record, &group).and_then(|f| {
                let i = record.fields.iter().position(|g| g.name == f.name)?;
                let sub = &schema.records[record_of(&f.ty)?];
                let j = sub.fields.iter().position(|g| {
                    Some(g.name.as_str()) == find_field(sub, &below).map(|x| x.name.as_str())
                })?;
                Some(Target::Nested(i, j))
            });
            let entry = || {
                record
                    .fields
                    .iter()
                    .enumerate()
                    .find_map(|(i, f)| match f.ty.strip_none().0 {
                        FieldType::Map(_, value) => {
                            let sub = &schema.records[record_of(value)?];
                            let name = find_field(sub, &below)?.name.clone();
                            let j = sub.fields.iter().position(|g| g.name == name)?;
                            Some(Target::Entry(i, group.clone(), j))
                        }
                        _ => None,
                    })
            };
            let direct = || {
                find_field(record, &below)
                    .filter(|f| is_scalar(&f.ty))
                    .and_then(|f| record.fields.iter().position(|g| g.name == f.name))
                    .map(Target::Field)
            };
            nested
                .or_else(entry)
                .or_else(direct)
                .ok_or_else(|| unmapped(&below, header_row + 1))?
        } else if !top.is_empty() {
            let f = find_field(record, &top)
                .filter(|f| is_scalar(&f.ty))
                .ok_or_else(|| unmapped(&top, header_row))?;
            Target::Field(record.fields.iter().position(|g| g.name == f.name).unwrap_or(0))
        } else {
            if let Some(r) = (first_body..grid.height()).find(|r| !grid.get(*r, col).is_empty()) {
                return Err(SheetError::say_at(
                    t,
                    grid.at(r, col),
                    "sheets-value-without-title",
                    &[
                        ("column", crate::column_name(col).into()),
                        ("fields", describe_fields(record, t).into()),
                    ],
                ));
            }
            continue;
        };
        columns.push((col, target));
    }

    // The rows.
    let key = record
        .key
        .as_deref()
        .and_then(|k| record.fields.iter().position(|f| f.name == k));
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Ron::default();
    let title_at = (0..header_row).rev().find_map(|r| {
        (0..grid.width)
            .find(|&c| grid.get(r, c).text().is_some())
            .map(|c| (r, c))
    });
    let header_cell = out.cell(grid, header_row, first_col);
    let title_cell = title_at.map(|(r, c)| out.cell(grid, r, c));
    out.push_str("#![enable(implicit_some)]\n");
    out.line(format_args!(
        "// Imported by `tally import` from {}.",
        comment(shown)
    ));
    out.line(format_args!("{}(", schema.kind));
    if let (Some(t), Some(f)) = (&title, root.field("title")) {
        if is_scalar(&f.ty) {
            out.field("    title: ", &quote(t), title_cell.clone());
        }
    }
    if root.field("source").is_some() {
        let file = shown.rsplit(['/', '\\']).next().unwrap_or(shown);
        out.field(
            "    source: ",
            &quote(&format!("{file} {}", grid.name)),
            Some(header_cell.clone()),
        );
    }
    if let (Some(year), Some(_)) = (
        title.as_deref().and_then(crate::breakdown::year_in),
        root.field("year"),
    ) {
        out.field("    year: ", &year.to_string(), title_cell.clone());
    }
    let rows_start = out.len();
    out.line(format_args!("    {}: [", rows_field.name));
    let last_col = columns.last().map_or(first_col, |(c, _)| *c);
    for row in first_body..grid.height() {
        let blank = columns.iter().all(|(c, _)| grid.get(row, *c).is_empty());
        if blank {
            continue;
        }
        let first = grid.get(row, first_col).shown();
        let rest_blank = columns.iter().skip(1).all(|(c, _)| grid.get(row, *c).is_empty());
        if rest_blank && FOOTNOTES.iter().any(|f| norm(&first).starts_with(f)) {
            break;
        }
        // field → text; nested record fields → (sub → text); map entries → (key → (sub → text)).
        let mut plain: Vec<Option<(String, usize)>> = vec![None; record.fields.len()];
        let mut nested: Vec<Vec<(usize, String, usize)>> = vec![Vec::new(); record.fields.len()];
        let mut entries: Vec<Vec<Entry>> = vec![Vec::new(); record.fields.len()];
        for (col, target) in &columns {
            let (field, what) = match target {
                Target::Field(i) => (&record.fields[*i], record.fields[*i].name.clone()),
                Target::Nested(i, j) => {
                    let sub = &schema.records[record_of(&record.fields[*i].ty).unwrap_or(0)];
                    (
                        &sub.fields[*j],
                        format!("{}.{}", record.fields[*i].name, sub.fields[*j].name),
                    )
                }
                Target::Entry(i, k, j) => {
                    let value = match record.fields[*i].ty.strip_none().0 {
                        FieldType::Map(_, v) => record_of(v).unwrap_or(0),
                        _ => 0,
                    };
                    let sub = &schema.records[value];
                    (
                        &sub.fields[*j],
                        format!("{}[{k}].{}", record.fields[*i].name, sub.fields[*j].name),
                    )
                }
            };
            let text = match value(grid, row, *col, field, &what, t) {
                Ok(Some(text)) => text,
                Ok(None) => continue,
                Err(problem) => {
                    problems.push(problem);
                    continue;
                }
            };
            match target {
                Target::Field(i) => plain[*i] = Some((text, *col)),
                Target::Nested(i, j) => nested[*i].push((*j, text, *col)),
                Target::Entry(i, k, j) => match entries[*i].iter_mut().find(|(key, _)| key == k) {
                    Some((_, fields)) => fields.push((*j, text, *col)),
                    None => entries[*i].push((k.clone(), vec![(*j, text, *col)])),
                },
            }
        }
        if let Some(k) = key {
            if let Some((name, _)) = &plain[k] {
                if let Some(earlier) = seen.get(name) {
                    let col = columns
                        .iter()
                        .find(|(_, t)| matches!(t, Target::Field(i) if *i == k))
                        .map_or(first_col, |(c, _)| *c);
                    problems.push(SheetError::say_at(
                        t,
                        grid.at(row, col),
                        "sheets-record-twice",
                        &[
                            ("field", record.fields[k].name.as_str().into()),
                            ("key", name.as_str().into()),
                            ("row", (earlier + 1).to_string().into()),
                        ],
                    ));
                    continue;
                }
                seen.insert(name.clone(), row);
            }
        }
        out.line(format_args!(
            "        // {}",
            comment(&grid.span((row, first_col), (row, last_col)))
        ));
        let row_cell = out.cell(grid, row, first_col);
        let row_start = out.len();
        out.push_str("        (\n");
        for (i, field) in record.fields.iter().enumerate() {
            if let Some((text, col)) = &plain[i] {
                let at = out.cell(grid, row, *col);
                out.field(&format!("            {}: ", field.name), text, Some(at));
            } else if !nested[i].is_empty() {
                let sub = &schema.records[record_of(&field.ty).unwrap_or(0)];
                out.push_str(&format!("            {}: ", field.name));
                struct_text(&mut out, grid, row, sub, &nested[i]);
                out.push_str(",\n");
            } else if !entries[i].is_empty() {
                let value = match field.ty.strip_none().0 {
                    FieldType::Map(_, v) => record_of(v).unwrap_or(0),
                    _ => 0,
                };
                let sub = &schema.records[value];
                out.line(format_args!("            {}: {{", field.name));
                for (k, fields) in &entries[i] {
                    out.push_str("                ");
                    let key_start = out.len();
                    out.push_str(&quote(k));
                    if let Some((_, _, col)) = fields.first() {
                        let at = out.cell(grid, header_row, *col);
                        out.span_from(key_start, at);
                    }
                    out.push_str(": ");
                    struct_text(&mut out, grid, row, sub, fields);
                    out.push_str(",\n");
                }
                out.push_str("            },\n");
            } else if matches!(field.ty, FieldType::OrNone(_))
                && columns
                    .iter()
                    .any(|(_, t)| matches!(t, Target::Field(j) if *j == i))
            {
                // A blank cell of a field that may be `None`.
                let col = columns
                    .iter()
                    .find(|(_, t)| matches!(t, Target::Field(j) if *j == i))
                    .map_or(first_col, |(c, _)| *c);
                let at = out.cell(grid, row, col);
                out.field(&format!("            {}: ", field.name), "None", Some(at));
            }
        }
        out.push_str("        ),\n");
        out.span_from(row_start, row_cell);
    }
    out.push_str("    ],\n)\n");
    out.span_from(rows_start, header_cell.clone());
    out.span_from(0, header_cell);
    Ok((out.finish(), problems))
}

/// `(score: 87.6, rank: 4)`, each value from its cell of the row.
fn struct_text(out: &mut Ron, grid: &Grid, row: usize, record: &Record, fields: &[(usize, String, usize)]) {
    let mut sorted = fields.to_vec();
    sorted.sort_by_key(|(j, _, _)| *j);
    let start = out.len();
    out.push_str("(");
    for (n, (j, text, col)) in sorted.iter().enumerate() {
        if n > 0 {
            out.push_str(", ");
        }
        out.push_str(&format!("{}: ", record.fields[*j].name));
        let value_start = out.len();
        out.push_str(text);
        let at = out.cell(grid, row, *col);
        out.span_from(value_start, at);
    }
    out.push_str(")");
    if let Some((_, _, col)) = sorted.first() {
        let at = out.cell(grid, row, *col);
        out.span_from(start, at);
    }
}

/// A cell's value as RON text for a field: `None` for a blank cell.
fn value(
    grid: &Grid,
    row: usize,
    col: usize,
    field: &FieldSpec,
    what: &str,
    t: &Catalogue,
) -> Result<Option<String>, SheetError> {
    let cell = grid.get(row, col);
    if cell.is_empty() {
        return Ok(None);
    }
    let (ty, may_be_none) = field.ty.strip_none();
    let at = || grid.at(row, col);
    match ty {
        FieldType::Text => match cell {
            Cell::Text(t) if may_be_none && matches!(t.as_str(), "-" | "—" | "/") => {
                Ok(Some("None".into()))
            }
            Cell::Text(t) => Ok(Some(quote(t))),
            Cell::Number(_, t) => Ok(Some(quote(t))),
            other => Err(SheetError::say_at(
                t,
                at(),
                "sheets-not-text",
                &[("what", what.into()), ("value", other.shown().into())],
            )),
        },
        FieldType::Integer => {
            // `前 3 名` (the top 3) is the rank 3.
            if let Cell::Text(t) = cell {
                let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
                if let Some(n) = compact.strip_prefix('前').and_then(|r| r.strip_suffix('名')) {
                    if let Ok(n) = n.parse::<i64>() {
                        return Ok(Some(n.to_string()));
                    }
                }
            }
            match figure(grid, row, col, what, t)? {
                None => Ok(Some("None".into())),
                Some(text) if text.parse::<i64>().is_ok() => Ok(Some(text)),
                Some(text) => match text.parse::<f64>() {
                    Ok(v) if v.fract() == 0.0 && v.abs() < 9e15 => Ok(Some(format!("{}", v as i64))),
                    _ => Err(SheetError::say_at(
                        t,
                        at(),
                        "sheets-not-whole",
                        &[("what", what.into()), ("text", text.as_str().into())],
                    )),
                },
            }
        }
        FieldType::Number => Ok(Some(
            figure(grid, row, col, what, t)?.unwrap_or_else(|| "None".into()),
        )),
        FieldType::Boolean => match cell {
            Cell::Bool(b) => Ok(Some(b.to_string())),
            Cell::Text(text) => match text.to_lowercase().as_str() {
                "是" | "true" | "yes" | "y" | "√" => Ok(Some("true".into())),
                "否" | "false" | "no" | "n" | "×" => Ok(Some("false".into())),
                _ => Err(SheetError::say_at(
                    t,
                    at(),
                    "sheets-not-yes-no",
                    &[("what", what.into()), ("text", text.as_str().into())],
                )),
            },
            other => Err(SheetError::say_at(
                t,
                at(),
                "sheets-not-yes-no",
                &[("what", what.into()), ("text", other.shown().into())],
            )),
        },
        _ => Ok(None),
    }
}
