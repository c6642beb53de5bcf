//! RON tables out as workbooks (rust_xlsxwriter): target tables in the
//! annex layout, one sheet per annex; every other kind in the records
//! layout. What is laid out can be imported again ([`crate::import`]) and
//! gives the same data; [`Laid::cells`] says which cell shows which value,
//! so that a checked copy can mark the cells that have findings.

use std::collections::HashMap;

use rust_xlsxwriter::{Color, Format, FormatBorder, Note, Workbook};
use tally_engine::{Catalogue, Document, FieldType, NodeId, NodeKind, Schema, Severity};

use crate::SheetError;

/// A value as a cell shows it.
#[derive(Debug, Clone, PartialEq)]
pub enum Out {
    /// A title or a header.
    Title(String),
    /// Text.
    Text(String),
    /// A figure shown with so many decimals.
    Number(f64, usize),
}

/// One sheet laid out.
#[derive(Debug, Clone, Default)]
pub struct LaidSheet {
    /// Its name.
    pub name: String,
    /// The cells: (row, col) → value, from 0.
    pub cells: Vec<(u32, u16, Out)>,
    /// Merged ranges: first row, first col, last row, last col.
    pub merges: Vec<(u32, u16, u32, u16)>,
}

/// A table laid out as sheets, with the cell of each value.
#[derive(Debug, Clone, Default)]
pub struct Laid {
    /// The sheets, in order.
    pub sheets: Vec<LaidSheet>,
    /// Node → (sheet index, row, col): where a value, a record (its first
    /// cell) or an indicator (its header) is shown.
    pub cells: HashMap<NodeId, (usize, u32, u16)>,
}

impl Laid {
    /// The cell that shows node `id`, or the nearest enclosing node that
    /// has one.
    pub fn cell_of(&self, doc: &Document, id: NodeId) -> Option<(usize, u32, u16)> {
        if let Some(cell) = self.cells.get(&id) {
            return Some(*cell);
        }
        doc.ancestry(id)
            .iter()
            .rev()
            .find_map(|node| self.cells.get(node))
            .copied()
    }
}

/// A marked cell: a finding's severity and text (a cell comment).
#[derive(Debug, Clone)]
pub struct Mark {
    /// (sheet index, row, col).
    pub cell: (usize, u32, u16),
    /// The worst severity at the cell.
    pub severity: Severity,
    /// Message and help, one finding a paragraph.
    pub text: String,
}

/// One line of the findings sheet `检查结果`.
#[derive(Debug, Clone)]
pub struct FindingRow {
    /// The rule id.
    pub rule: String,
    /// error, warning, info.
    pub severity: Severity,
    /// The cell (sheet index, row, col), if the finding has one.
    pub cell: Option<(usize, u32, u16)>,
    /// The finding's message.
    pub message: String,
    /// Its help.
    pub help: String,
}

fn unwrap_some(doc: &Document, mut id: NodeId) -> NodeId {
    while let NodeKind::Some(inner) = &doc.node(id).kind {
        id = *inner;
    }
    id
}

fn text_of(doc: &Document, id: NodeId) -> Option<String> {
    match &doc.node(unwrap_some(doc, id)).kind {
        NodeKind::Str(s) => Some(s.to_string()),
        NodeKind::Int(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A value node as a cell: figures keep the decimals they are written with.
fn out_of(doc: &Document, source: &str, id: NodeId) -> Option<Out> {
    let id = unwrap_some(doc, id);
    let node = doc.node(id);
    match &node.kind {
        NodeKind::Int(n) => Some(Out::Number(*n as f64, 0)),
        NodeKind::Float(f) => {
            let raw = source.get(node.span.start..node.span.end).unwrap_or("");
            let decimals = raw
                .split_once('.')
                .map_or(0, |(_, d)| d.chars().take_while(char::is_ascii_digit).count());
            Some(Out::Number(*f, decimals))
        }
        NodeKind::Str(s) => Some(Out::Text(s.to_string())),
        NodeKind::Bool(b) => Some(Out::Text(if *b { "是" } else { "否" }.into())),
        NodeKind::None => Some(Out::Text("-".into())),
        _ => None,
    }
}

fn items(doc: &Document, id: Option<NodeId>) -> Vec<NodeId> {
    match id.map(|id| doc.node(unwrap_some(doc, id)).kind) {
        Some(NodeKind::List(items)) => items.to_vec(),
        _ => Vec::new(),
    }
}

fn pairs(doc: &Document, id: Option<NodeId>) -> Vec<(NodeId, NodeId)> {
    match id.map(|id| doc.node(unwrap_some(doc, id)).kind) {
        Some(NodeKind::Map(pairs)) => pairs.to_vec(),
        _ => Vec::new(),
    }
}

/// Lays a table out as sheets: a target table (a list of sheets of
/// indicators with a breakdown) in the annex layout, any other kind in the
/// records layout.
pub fn lay_out(doc: &Document, source: &str, schema: &Schema, t: &Catalogue) -> Result<Laid, SheetError> {
    if doc.field(doc.root(), "sheets").is_some()
        && schema.records.iter().any(|r| r.field("standard").is_some())
    {
        Ok(lay_out_targets(doc, source))
    } else {
        lay_out_records(doc, source, schema, t)
    }
}

fn lay_out_targets(doc: &Document, source: &str) -> Laid {
    let mut laid = Laid::default();
    let root = doc.root();
    for (s, sheet) in items(doc, doc.field(root, "sheets")).into_iter().enumerate() {
        let annex = doc
            .field(sheet, "annex")
            .and_then(|a| text_of(doc, a))
            .unwrap_or_else(|| (s + 1).to_string());
        let mut out = LaidSheet {
            name: format!("附件{annex}"),
            ..LaidSheet::default()
        };
        let indicators = items(doc, doc.field(sheet, "indicators"));
        let grouped = indicators
            .iter()
            .any(|i| doc.field(*i, "group").and_then(|g| text_of(doc, g)).is_some());
        out.cells.push((0, 0, Out::Title(format!("附件 {annex}"))));
        if let Some(title) = doc.field(sheet, "title").and_then(|t| text_of(doc, t)) {
            out.cells.push((1, 0, Out::Title(title)));
        }
        let header = 2u32;
        let depth = if grouped { 2 } else { 1 };
        out.cells.push((header, 0, Out::Title("地区".into())));
        out.merges.push((header, 0, header + depth - 1, 1));
        let standard_row = header + depth;
        let high_row = standard_row + 1;
        out.cells.push((standard_row, 0, Out::Text("全市".into())));
        out.merges.push((standard_row, 0, high_row, 0));
        out.cells.push((standard_row, 1, Out::Text("标线".into())));
        out.cells.push((high_row, 1, Out::Text("高线".into())));
        // The regions, in the order they first appear.
        let mut regions: Vec<String> = Vec::new();
        let mut region_row: HashMap<String, u32> = HashMap::new();
        for ind in &indicators {
            for (k, _) in pairs(doc, doc.field(*ind, "breakdown")) {
                if let Some(name) = text_of(doc, k) {
                    if !region_row.contains_key(&name) {
                        region_row.insert(name.clone(), regions.len() as u32);
                        regions.push(name);
                    }
                }
            }
        }
        let first_region = high_row + 1;
        for (r, region) in regions.iter().enumerate() {
            out.cells
                .push((first_region + r as u32, 0, Out::Text(region.clone())));
        }
        let mut col = 2u16;
        let mut group_start: Option<(String, u16)> = None;
        let close_group = |out: &mut LaidSheet, group: &Option<(String, u16)>, end: u16| {
            if let Some((name, start)) = group {
                out.cells.push((header, *start, Out::Title(name.clone())));
                if end > *start {
                    out.merges.push((header, *start, header, end));
                }
            }
        };
        for ind in &indicators {
            let name = doc
                .field(*ind, "name")
                .and_then(|n| text_of(doc, n))
                .unwrap_or_default();
            let unit = doc
                .field(*ind, "unit")
                .and_then(|n| text_of(doc, n))
                .unwrap_or_default();
            let group = doc.field(*ind, "group").and_then(|g| text_of(doc, g));
            if group_start.as_ref().map(|(g, _)| g) != group.as_ref() {
                close_group(&mut out, &group_start, col - 1);
                group_start = group.clone().map(|g| (g, col));
            }
            let title = Out::Title(format!("{name}（{unit}）"));
            if group.is_some() {
                out.cells.push((header + 1, col, title));
            } else {
                out.cells.push((header, col, title));
                if depth == 2 {
                    out.merges.push((header, col, header + 1, col));
                }
            }
            laid.cells.insert(*ind, (s, header + depth - 1, col));
            for (field, row) in [("standard", standard_row), ("high", high_row)] {
                if let Some(v) = doc.field(*ind, field) {
                    if let Some(value) = out_of(doc, source, v) {
                        out.cells.push((row, col, value));
                    }
                    laid.cells.insert(v, (s, row, col));
                }
            }
            for (k, v) in pairs(doc, doc.field(*ind, "breakdown")) {
                let Some(name) = text_of(doc, k) else { continue };
                let row = first_region + region_row.get(&name).copied().unwrap_or(0);
                if let Some(value) = out_of(doc, source, v) {
                    out.cells.push((row, col, value));
                }
                laid.cells.insert(v, (s, row, col));
                laid.cells.insert(k, (s, row, 0));
            }
            col += 1;
        }
        close_group(&mut out, &group_start, col - 1);
        laid.cells.insert(sheet, (s, 1, 0));
        laid.sheets.push(out);
    }
    laid
}

/// The column title of a field: its first `titles`, else its description's
/// Chinese part, else its name.
fn title_of(field: &tally_engine::FieldSpec) -> String {
    if let Some(t) = field.titles.first() {
        return t.clone();
    }
    if let Some(desc) = &field.description {
        let zh = desc.split("/ ").next().unwrap_or("").trim();
        let zh = zh.split(['，', ',', '（', '(', '：']).next().unwrap_or("").trim();
        if !zh.is_empty() && !zh.is_ascii() {
            return zh.to_owned();
        }
    }
    field.name.clone()
}

fn lay_out_records(doc: &Document, source: &str, schema: &Schema, t: &Catalogue) -> Result<Laid, SheetError> {
    let root = &schema.records[0];
    let record_of = |ty: &FieldType| match ty.strip_none().0 {
        FieldType::Record(i) => Some(*i),
        _ => None,
    };
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
                "sheets-no-record-list-export",
                &[("kind", schema.kind.as_str().into())],
            )
        })?;
    let record = &schema.records[row_record];
    let rows = items(doc, doc.field(doc.root(), &rows_field.name));
    let mut sheet = LaidSheet {
        name: rows_field.name.clone(),
        ..LaidSheet::default()
    };
    if let Some(title) = doc.field(doc.root(), "title").and_then(|t| text_of(doc, t)) {
        sheet.cells.push((0, 0, Out::Title(title)));
    }
    let header = 1u32;
    // The columns: (title, group, how to reach the value from a row).
    enum Reach {
        Field(String),
        Nested(String, String),
        Entry(String, String, String),
    }
    let mut columns: Vec<(String, Option<String>, Reach)> = Vec::new();
    for field in &record.fields {
        match field.ty.strip_none().0 {
            FieldType::Text | FieldType::Integer | FieldType::Number | FieldType::Boolean => {
                columns.push((title_of(field), None, Reach::Field(field.name.clone())));
            }
            FieldType::Record(i) => {
                for sub in &schema.records[*i].fields {
                    columns.push((
                        title_of(sub),
                        Some(title_of(field)),
                        Reach::Nested(field.name.clone(), sub.name.clone()),
                    ));
                }
            }
            FieldType::Map(_, value) => {
                let Some(i) = record_of(value) else { continue };
                let mut keys: Vec<String> = Vec::new();
                for row in &rows {
                    for (k, _) in pairs(doc, doc.field(*row, &field.name)) {
                        if let Some(k) = text_of(doc, k) {
                            if !keys.contains(&k) {
                                keys.push(k);
                            }
                        }
                    }
                }
                for key in keys {
                    for sub in &schema.records[i].fields {
                        columns.push((
                            title_of(sub),
                            Some(key.clone()),
                            Reach::Entry(field.name.clone(), key.clone(), sub.name.clone()),
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    let grouped = columns.iter().any(|(_, g, _)| g.is_some());
    let depth = if grouped { 2 } else { 1 };
    let mut c = 0;
    while c < columns.len() {
        let (title, group, _) = &columns[c];
        let col = c as u16;
        match group {
            None => {
                sheet.cells.push((header, col, Out::Title(title.clone())));
                if depth == 2 {
                    sheet.merges.push((header, col, header + 1, col));
                }
                c += 1;
            }
            Some(g) => {
                let end = (c..columns.len())
                    .take_while(|j| columns[*j].1.as_ref() == Some(g))
                    .last()
                    .unwrap_or(c);
                sheet.cells.push((header, col, Out::Title(g.clone())));
                if end > c {
                    sheet.merges.push((header, col, header, end as u16));
                }
                for (j, (sub, _, _)) in columns.iter().enumerate().take(end + 1).skip(c) {
                    sheet.cells.push((header + 1, j as u16, Out::Title(sub.clone())));
                }
                c = end + 1;
            }
        }
    }
    let first = header + depth;
    let mut laid = Laid::default();
    for (r, row) in rows.iter().enumerate() {
        let at = first + r as u32;
        laid.cells.insert(*row, (0, at, 0));
        for (c, (_, _, reach)) in columns.iter().enumerate() {
            let node = match reach {
                Reach::Field(f) => doc.field(*row, f),
                Reach::Nested(f, s) => doc.field(*row, f).and_then(|n| doc.field(unwrap_some(doc, n), s)),
                Reach::Entry(f, k, s) => pairs(doc, doc.field(*row, f))
                    .into_iter()
                    .find(|(key, _)| text_of(doc, *key).as_deref() == Some(k.as_str()))
                    .and_then(|(_, v)| doc.field(unwrap_some(doc, v), s)),
            };
            let Some(node) = node else { continue };
            if let Some(value) = out_of(doc, source, node) {
                // A `None` of a text field is a blank cell, as printed.
                let blank = matches!(doc.node(unwrap_some(doc, node)).kind, NodeKind::None)
                    && matches!(reach, Reach::Field(f) if record.field(f).is_some_and(|s| matches!(s.ty.strip_none().0, FieldType::Text)));
                if !blank {
                    sheet.cells.push((at, c as u16, value));
                }
            }
            laid.cells.insert(node, (0, at, c as u16));
        }
    }
    laid.sheets.push(sheet);
    Ok(laid)
}

fn fill(severity: Severity) -> Color {
    match severity {
        Severity::Error => Color::RGB(0xF8_C4C4),
        Severity::Warning => Color::RGB(0xFC_E8A8),
        _ => Color::RGB(0xCC_E0F8),
    }
}

fn severity_zh(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "错误 error",
        Severity::Warning => "警告 warning",
        _ => "提示 info",
    }
}

/// Writes the laid-out table as an xlsx workbook: the cells with findings
/// filled by severity and carrying the findings as a comment; with
/// `findings`, a first sheet `检查结果` that lists them.
pub fn write_book(
    laid: &Laid,
    marks: &[Mark],
    findings: Option<&[FindingRow]>,
    t: &Catalogue,
) -> Result<Vec<u8>, SheetError> {
    let fail = |e: rust_xlsxwriter::XlsxError| {
        SheetError::say(t, "sheets-cannot-write", &[("error", e.to_string().into())])
    };
    let mut book = Workbook::new();
    let title = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_text_wrap();
    let plain = Format::new().set_border(FormatBorder::Thin);
    if let Some(rows) = findings {
        let sheet = book.add_worksheet();
        sheet.set_name("检查结果").map_err(fail)?;
        for (c, head) in [
            "规则 rule",
            "级别 severity",
            "单元格 cell",
            "问题 message",
            "建议 help",
        ]
        .iter()
        .enumerate()
        {
            sheet
                .write_string_with_format(0, c as u16, *head, &title)
                .map_err(fail)?;
        }
        for (i, row) in rows.iter().enumerate() {
            let r = i as u32 + 1;
            sheet.write_string(r, 0, &row.rule).map_err(fail)?;
            let sev = Format::new().set_background_color(fill(row.severity));
            sheet
                .write_string_with_format(r, 1, severity_zh(row.severity), &sev)
                .map_err(fail)?;
            if let Some((s, cr, cc)) = row.cell {
                let name = laid.sheets.get(s).map(|s| s.name.as_str()).unwrap_or("");
                let cell = format!("{name}!{}", crate::cell_name(cr as usize, cc as usize));
                let link = format!("internal:'{name}'!{}", crate::cell_name(cr as usize, cc as usize));
                sheet
                    .write_url_with_text(r, 2, link.as_str(), cell.as_str())
                    .map_err(fail)?;
            }
            sheet.write_string(r, 3, &row.message).map_err(fail)?;
            sheet.write_string(r, 4, &row.help).map_err(fail)?;
        }
        sheet.set_column_width(0, 24).map_err(fail)?;
        sheet.set_column_width(1, 14).map_err(fail)?;
        sheet.set_column_width(2, 14).map_err(fail)?;
        sheet.set_column_width(3, 60).map_err(fail)?;
        sheet.set_column_width(4, 60).map_err(fail)?;
    }
    for (s, laid_sheet) in laid.sheets.iter().enumerate() {
        let sheet = book.add_worksheet();
        sheet.set_name(&laid_sheet.name).map_err(fail)?;
        let marked: HashMap<(u32, u16), &Mark> = marks
            .iter()
            .filter(|m| m.cell.0 == s)
            .map(|m| ((m.cell.1, m.cell.2), m))
            .collect();
        let format_for = |base: &Format, at: (u32, u16), decimals: Option<usize>| {
            let mut f = base.clone();
            if let Some(d) = decimals {
                if d > 0 {
                    f = f.set_num_format(format!("0.{}", "0".repeat(d)));
                }
            }
            if let Some(m) = marked.get(&at) {
                f = f.set_background_color(fill(m.severity));
            }
            f
        };
        let merged_first: HashMap<(u32, u16), (u32, u16)> = laid_sheet
            .merges
            .iter()
            .map(|(r0, c0, r1, c1)| ((*r0, *c0), (*r1, *c1)))
            .collect();
        for (r, c, out) in &laid_sheet.cells {
            let at = (*r, *c);
            let base = if matches!(out, Out::Title(_)) && *r > 1 {
                &title
            } else {
                &plain
            };
            match out {
                Out::Title(t) | Out::Text(t) => {
                    let f = format_for(base, at, None);
                    if let Some((r1, c1)) = merged_first.get(&at) {
                        sheet.merge_range(*r, *c, *r1, *c1, t, &f).map_err(fail)?;
                    } else if *r <= 1 && matches!(out, Out::Title(_)) && !marked.contains_key(&at) {
                        sheet.write_string(*r, *c, t).map_err(fail)?;
                    } else {
                        sheet.write_string_with_format(*r, *c, t, &f).map_err(fail)?;
                    }
                }
                Out::Number(v, d) => {
                    let f = format_for(base, at, Some(*d));
                    sheet.write_number_with_format(*r, *c, *v, &f).map_err(fail)?;
                }
            }
        }
        let written: std::collections::HashSet<(u32, u16)> =
            laid_sheet.cells.iter().map(|(r, c, _)| (*r, *c)).collect();
        // Merged ranges with nothing written in their first cell.
        for (r0, c0, r1, c1) in &laid_sheet.merges {
            if !written.contains(&(*r0, *c0)) {
                sheet.merge_range(*r0, *c0, *r1, *c1, "", &plain).map_err(fail)?;
            }
        }
        // Marked cells that show nothing still get their fill and comment.
        for (at, mark) in &marked {
            if !written.contains(at) {
                let f = Format::new()
                    .set_border(FormatBorder::Thin)
                    .set_background_color(fill(mark.severity));
                sheet.write_blank(at.0, at.1, &f).map_err(fail)?;
            }
            let note = Note::new(mark.text.as_str())
                .set_author("tally")
                .add_author_prefix(false);
            sheet.insert_note(at.0, at.1, &note).map_err(fail)?;
        }
        sheet.set_column_width(0, 18).map_err(fail)?;
    }
    book.save_to_buffer().map_err(fail)
}

/// A table as an xlsx workbook (`tally export`).
pub fn export(doc: &Document, source: &str, schema: &Schema, t: &Catalogue) -> Result<Vec<u8>, SheetError> {
    let laid = lay_out(doc, source, schema, t)?;
    write_book(&laid, &[], None, t)
}
