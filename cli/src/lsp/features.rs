//! Completion and hover (go to definition and code actions: `actions`).
//!
//! Names come from the registries as the engine last loaded them
//! ([`registry`]); where the cursor is comes from a forgiving scan of the
//! editor's text ([`scan`]), so completion works in a file that does not
//! parse yet. Hover on a figure reads the parsed table of the last check,
//! when it was made from the text the editor holds now.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionTextEdit, Hover, HoverContents,
    HoverParams, MarkupContent, MarkupKind, Range, TextEdit,
};
use tally_engine::{DataFile, NodeKind, PathSegment};

use super::registry::{self, Entry, Registry};
use super::scan::{self, Tok};
use super::text::{offset, Lines};
use super::Server;

/// The data files of the last check; checked anew first when an open
/// document's text is not what the last check read.
pub(super) fn loaded(server: &Server, path: &Path, text: &str) -> Vec<DataFile> {
    let Some(engine) = server.setup.engine() else {
        return Vec::new();
    };
    let files = engine.data_files();
    // Nothing loaded yet: the first check has not run (or not ended).
    let current = !files.is_empty()
        && files
            .iter()
            .find(|f| f.source.path == path)
            .is_none_or(|f| f.source.text == text);
    if current {
        return files;
    }
    let texts = server
        .docs
        .iter()
        .map(|(p, d)| (p.clone(), std::sync::Arc::from(d.text.as_str())))
        .collect();
    let _ = engine.check_with(&texts);
    engine.data_files()
}

// ---- completion ------------------------------------------------------

/// What is being completed.
enum Want {
    Names(Registry),
    Fields,
}

/// `textDocument/completion`.
pub fn completion(server: &Server, params: &CompletionParams) -> Vec<CompletionItem> {
    let position = &params.text_document_position;
    let Some((path, doc)) = server.doc(&position.text_document.uri) else {
        return Vec::new();
    };
    let at = offset(&doc.text, position.position);
    if path.extension().is_some_and(|e| e == "rhai") {
        return rule_api(server);
    }
    let tokens = scan::tokens(&doc.text);
    let frames = scan::frames(&tokens, at);
    let Some(top) = frames.last() else {
        return Vec::new();
    };
    let current = scan::token_at(&tokens, at).filter(|&i| tokens[i].start < at);
    let in_string = current.is_some_and(|i| matches!(tokens[i].tok, Tok::Str(..)));
    // The kind: the name before the outermost bracket around the cursor
    // (not `implicit_some` of a `#![enable(…)]` line above it).
    let root = frames
        .first()
        .and_then(|f| f.token.checked_sub(1))
        .and_then(|i| match &tokens[i].tok {
            Tok::Ident(name) => Some(name.as_str()),
            _ => None,
        });
    let want = match (top.open, top.key.as_deref(), top.field.as_deref()) {
        ('{', Some("breakdown"), _) if top.expects_key => Want::Names(Registry::Regions),
        ('[', Some("units"), _) => Want::Names(Registry::Units),
        ('(', _, Some("unit"))
            if frames
                .iter()
                .rev()
                .nth(1)
                .is_some_and(|f| f.key.as_deref() == Some("lead")) =>
        {
            Want::Names(Registry::Units)
        }
        ('(', _, Some("region")) => Want::Names(Registry::Regions),
        ('(', _, Some("parent" | "lead")) if root == Some("UnitRegistry") => Want::Names(Registry::Units),
        ('(', _, Some("parent")) if root == Some("RegionRegistry") => Want::Names(Registry::Regions),
        ('(', _, None) if top.expects_key && !in_string => Want::Fields,
        _ => return Vec::new(),
    };
    // The text typed so far, and what a chosen name replaces.
    let (prefix, replace) = match current.map(|i| &tokens[i]) {
        Some(t) if matches!(t.tok, Tok::Str(..)) => {
            let end = if matches!(t.tok, Tok::Str(_, true)) {
                t.end - 1
            } else {
                t.end
            };
            (doc.text[t.start + 1..at].to_owned(), (t.start, end.max(at), true))
        }
        Some(t) if matches!(t.tok, Tok::Ident(_)) => {
            (doc.text[t.start..at].to_owned(), (t.start, t.end, false))
        }
        _ => (String::new(), (at, at, false)),
    };
    let lines = Lines::new(&doc.text);
    let range = lines.range(replace.0, replace.1);
    match want {
        Want::Names(which) => {
            let files = loaded(server, path, &doc.text);
            let used: BTreeSet<String> = scan::strings_inside(&tokens, top.token, current)
                .into_iter()
                .collect();
            let mut items = Vec::new();
            for (rank, entry) in registry::entries(&files, which).into_iter().enumerate() {
                if !entry.name.starts_with(&prefix) || used.contains(&entry.name) {
                    continue;
                }
                let new_text = if replace.2 {
                    entry.name.clone()
                } else {
                    format!("\"{}\"", entry.name)
                };
                items.push(CompletionItem {
                    label: entry.name.clone(),
                    kind: Some(CompletionItemKind::VALUE),
                    detail: Some(describe(&entry)),
                    sort_text: Some(format!("{rank:05}")),
                    filter_text: Some(if replace.2 {
                        entry.name.clone()
                    } else {
                        new_text.clone()
                    }),
                    text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(range, new_text))),
                    ..CompletionItem::default()
                });
            }
            items
        }
        Want::Fields => {
            let used: BTreeSet<String> = scan::fields_inside(&tokens, top.token).into_iter().collect();
            // The kind's schema says which fields the record has; without
            // one, the fields other records of the document use.
            let fields: Vec<(String, Option<String>)> = match schema_fields(server, root, &frames) {
                Some(declared) => declared,
                None => field_names(&tokens, &frames)
                    .into_iter()
                    .map(|n| (n, None))
                    .collect(),
            };
            fields
                .into_iter()
                .filter(|(name, _)| name.starts_with(&prefix) && !used.contains(name))
                .enumerate()
                .map(|(rank, (name, detail))| CompletionItem {
                    label: name.clone(),
                    kind: Some(CompletionItemKind::FIELD),
                    detail,
                    sort_text: Some(format!("{rank:05}")),
                    text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                        range,
                        format!("{name}: "),
                    ))),
                    ..CompletionItem::default()
                })
                .collect()
        }
    }
}

/// The fields of the record at the cursor as the kind's schema declares
/// them, with their type and description: `None` if the kind has no schema
/// or the path from the root (`sheets` → `indicators`) leaves it.
fn schema_fields(
    server: &Server,
    kind: Option<&str>,
    frames: &[scan::Frame],
) -> Option<Vec<(String, Option<String>)>> {
    let engine = server.setup.engine()?;
    let schemas = tally_engine::Schemas::read_dir(engine.schemas_dir(), &|p| p.display().to_string());
    let schema = schemas.get(kind?)?;
    let mut record = 0;
    // The first frame is the table itself; each later one with a key is a
    // field of the record above it.
    for key in frames.iter().skip(1).filter_map(|f| f.key.as_deref()) {
        let field = schema.records.get(record)?.field(key)?;
        let mut ty = &field.ty;
        loop {
            ty = match ty {
                tally_engine::FieldType::OrNone(inner) | tally_engine::FieldType::List(inner) => inner,
                tally_engine::FieldType::Map(_, value) => value,
                _ => break,
            };
        }
        let tally_engine::FieldType::Record(r) = ty else {
            return None;
        };
        record = *r;
    }
    let fields = &schema.records.get(record)?.fields;
    Some(
        fields
            .iter()
            .map(|f| {
                let mut detail = schema.describe(&f.ty);
                if f.optional {
                    detail.push_str(", optional");
                }
                if let Some(d) = &f.description {
                    detail.push_str(&format!(" — {d}"));
                }
                (f.name.clone(), Some(detail))
            })
            .collect(),
    )
}

/// The field names a record at the cursor may have: those that the other
/// records of the same kind in this document use (records at the same key
/// path, e.g. `sheets` → `indicators`), most used first.
///
/// Used for a kind without a schema ([`schema_fields`] first).
fn field_names(tokens: &[scan::Token], frames: &[scan::Frame]) -> Vec<String> {
    let want = scan::signature(frames);
    let mut counts: HashMap<String, (usize, usize)> = HashMap::new();
    for (i, t) in tokens.iter().enumerate() {
        if t.tok != Tok::Punct('(') {
            continue;
        }
        let here = scan::frames(tokens, t.start + 1);
        if here.len() != frames.len() || scan::signature(&here) != want {
            continue;
        }
        for (order, name) in scan::fields_inside(tokens, i).into_iter().enumerate() {
            let entry = counts.entry(name).or_insert((0, order));
            entry.0 += 1;
        }
    }
    let mut names: Vec<(String, (usize, usize))> = counts.into_iter().collect();
    names.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.1 .1.cmp(&b.1 .1)).then(a.0.cmp(&b.0)));
    names.into_iter().map(|(n, _)| n).collect()
}

/// The functions a rule's run registers with its state and data
/// (`engine/src/runtime/register.rs`, `register`), which the sandbox's
/// own list ([`tally_engine::Engine::rule_api`]) cannot show.
const PER_RUN: [&str; 13] = [
    "report(node: Dynamic, message: &str)",
    "report(node: Dynamic, message: &str, options: Map)",
    "report_key(map: Dynamic, key: &str, message: &str)",
    "report_key(map: Dynamic, key: &str, message: &str, options: Map)",
    "tables(kind: &str) -> Array",
    "table(kind: &str) -> Dynamic",
    "path(node: Dynamic) -> Dynamic",
    "file(node: Dynamic) -> Dynamic",
    "line(node: Dynamic) -> Dynamic",
    "kind(node: Dynamic) -> Dynamic",
    "parent(node: Dynamic) -> Dynamic",
    "key(node: Dynamic) -> Dynamic",
    "param(name: &str, default: Dynamic) -> Dynamic",
];

/// The rule API's functions, each with its signatures.
fn rule_api(server: &Server) -> Vec<CompletionItem> {
    let Some(engine) = server.setup.engine() else {
        return Vec::new();
    };
    let mut by_name: Vec<(String, Vec<String>)> = Vec::new();
    let per_run = PER_RUN.iter().map(|s| (*s).to_owned());
    for signature in engine.rule_api().into_iter().chain(per_run) {
        let name = signature.split('(').next().unwrap_or_default().trim().to_owned();
        if name.is_empty()
            || name.starts_with("get$")
            || name.starts_with("set$")
            || !name.chars().all(|c| c.is_alphanumeric() || c == '_')
        {
            continue;
        }
        match by_name.iter_mut().find(|(n, _)| *n == name) {
            Some((_, sigs)) => sigs.push(signature),
            None => by_name.push((name, vec![signature])),
        }
    }
    by_name
        .into_iter()
        .map(|(name, sigs)| CompletionItem {
            label: name.clone(),
            kind: Some(CompletionItemKind::FUNCTION),
            detail: sigs.first().cloned(),
            documentation: Some(lsp_types::Documentation::MarkupContent(MarkupContent {
                kind: MarkupKind::Markdown,
                value: format!("```rhai\n{}\n```", sigs.join("\n")),
            })),
            insert_text: Some(name),
            ..CompletionItem::default()
        })
        .collect()
}

/// `district, parent 温州市`.
fn describe(entry: &Entry) -> String {
    let mut parts = Vec::new();
    for (key, value) in &entry.fields {
        parts.push(if key == "kind" {
            value.clone()
        } else {
            format!("{key} {value}")
        });
    }
    format!("{}: {}", entry.registry.noun(), parts.join(", "))
}

// ---- hover -----------------------------------------------------------

/// `textDocument/hover`.
pub fn hover(server: &Server, params: &HoverParams) -> Option<Hover> {
    let position = &params.text_document_position_params;
    let (path, doc) = server.doc(&position.text_document.uri)?;
    let at = offset(&doc.text, position.position);
    if let Some((id, range)) = allow_id_at(&doc.text, at) {
        let engine = server.setup.engine()?;
        let meta = engine.rule(&id)?;
        let lines = Lines::new(&doc.text);
        return Some(markdown(
            format!(
                "**{}** ({})  \n{}\n\n{}",
                meta.id, meta.severity, meta.title, meta.explanation
            ),
            Some(lines.range(range.0, range.1)),
        ));
    }
    let tokens = scan::tokens(&doc.text);
    let token = scan::token_at(&tokens, at).map(|i| &tokens[i]);
    if let Some(scan::Token {
        tok: Tok::Str(name, _),
        start,
        end,
    }) = token
    {
        let files = loaded(server, path, &doc.text);
        let entry = registry::find(&files, name)?;
        let lines = Lines::new(&doc.text);
        let place = Lines::new(&entry.source.text).position(entry.span.0);
        return Some(markdown(
            format!(
                "**{}** — {}  \n{}:{}",
                entry.name,
                describe(&entry),
                entry.source.name,
                place.line + 1
            ),
            Some(lines.range(*start, *end)),
        ));
    }
    figure(server, path, &doc.text, at)
}

/// On a figure of a breakdown: its indicator, the lines, the sum.
fn figure(server: &Server, path: &Path, text: &str, at: usize) -> Option<Hover> {
    let files = loaded(server, path, text);
    let file = files
        .iter()
        .find(|f| f.source.path == path && f.source.text == text)?;
    let doc = file.document.as_deref()?;
    let mut node = doc.innermost(at)?;
    if matches!(doc.segment(node), PathSegment::Some) {
        node = doc.parent(node)?;
    }
    let PathSegment::Key(region) = doc.segment(node) else {
        return None;
    };
    let map = doc.parent(node)?;
    if doc.segment(map) != PathSegment::Field("breakdown".into()) {
        return None;
    }
    let indicator = doc.parent(map)?;
    let name = doc
        .field(indicator, "name")
        .and_then(|n| registry::string(doc, n))
        .unwrap_or_default();
    let unit = doc
        .field(indicator, "unit")
        .and_then(|n| registry::string(doc, n))
        .unwrap_or_default();
    let standard = doc
        .field(indicator, "standard")
        .and_then(|n| registry::number(doc, n));
    let high = doc
        .field(indicator, "high")
        .and_then(|n| registry::number(doc, n));
    let additive = doc
        .field(indicator, "additive")
        .and_then(|n| match doc.node(n).kind {
            NodeKind::Bool(b) => Some(b),
            _ => None,
        });
    let NodeKind::Map(entries) = &doc.node(map).kind else {
        return None;
    };
    let figures: Vec<f64> = entries
        .iter()
        .filter_map(|&(_, v)| registry::number(doc, v))
        .collect();
    let sum: f64 = figures.iter().sum();
    let value = registry::number(doc, node).map_or("None".to_owned(), number);
    let show = |line: Option<f64>| line.map_or("—".to_owned(), number);
    let against = |line: Option<f64>| match line {
        Some(line) if (sum - line).abs() > 1e-9 => format!(" ({:+})", number(sum - line)),
        Some(_) => " (equal)".to_owned(),
        None => String::new(),
    };
    let mut value_text = format!(
        "**{name}** ({unit})  \n{region}: {value}  \nstandard {}, high {}  \nbreakdown sum of {} figures: {}{} against standard, {} against high",
        show(standard),
        show(high),
        figures.len(),
        number(sum),
        against(standard).trim_start(),
        against(high).trim_start(),
    );
    if additive == Some(false) {
        value_text.push_str("  \nnot additive: the sum is not expected to meet the lines");
    }
    let span = doc.node(node).span;
    Some(markdown(
        value_text,
        Some(Lines::new(text).range(span.start, span.end)),
    ))
}

fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        let text = format!("{value:.6}");
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

fn markdown(value: String, range: Option<Range>) -> Hover {
    Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range,
    }
}

/// The rule id under byte `at` in a `tally: allow(…)` comment, and its bytes.
pub(super) fn allow_id_at(text: &str, at: usize) -> Option<(String, (usize, usize))> {
    let line_start = text[..at.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let line = &text[line_start..line_end];
    let open = line.find("tally: allow(")? + "tally: allow(".len();
    let close = line[open..].find(')').map_or(line.len(), |i| open + i);
    let rel = at.checked_sub(line_start)?;
    if rel < open || rel > close {
        return None;
    }
    let mut start = open;
    for part in line[open..close].split(',') {
        let trimmed_start = start + (part.len() - part.trim_start().len());
        let id = part.trim();
        let end = trimmed_start + id.len();
        if !id.is_empty() && rel >= trimmed_start && rel <= end {
            return Some((id.to_owned(), (line_start + trimmed_start, line_start + end)));
        }
        start += part.len() + 1;
    }
    None
}
