//! `tally schema infer`: a draft schema from tables of one kind.
//!
//! What the data shows becomes the draft: each field's type (text,
//! integer, number, boolean, lists, maps, records), `or None` where `None`
//! was seen, `optional` where some records leave the field out, `min: 0`
//! where no figure is negative, `one_of` for a text with a few words
//! repeated over many records, and a reference where every value is a
//! name of another loaded table (a region, a unit). It is a draft: the
//! text says so, and staff read it before they keep it.

use std::collections::{BTreeMap, BTreeSet};

use crate::load::DataFile;
use crate::span::{Document, NodeId, NodeKind};

/// At most this many distinct texts are kept per field (for `one_of` and
/// references); a field with more is plain text.
const MAX_TEXTS: usize = 4096;

#[derive(Default, Debug)]
struct Obs {
    count: usize,
    text: bool,
    byte_text: bool,
    int: bool,
    float: bool,
    boolean: bool,
    none: bool,
    other: bool,
    negative: bool,
    texts: BTreeSet<String>,
    texts_overflow: bool,
    list: Option<Box<Obs>>,
    map: Option<Box<MapObs>>,
    record: Option<usize>,
}

#[derive(Default, Debug)]
struct MapObs {
    text_keys: bool,
    int_keys: bool,
    keys: BTreeSet<String>,
    keys_overflow: bool,
    values: Obs,
}

#[derive(Default, Debug)]
struct RecordObs {
    hint: String,
    count: usize,
    fields: Vec<(String, Obs, usize)>,
}

struct Inferrer {
    records: Vec<RecordObs>,
}

impl Inferrer {
    fn observe(&mut self, doc: &Document, id: NodeId, obs: &mut Obs, hint: &str, text: &str) {
        let Some(node) = doc.get(id) else { return };
        obs.count += 1;
        match &node.kind {
            NodeKind::Some(inner) => {
                obs.count -= 1;
                self.observe(doc, *inner, obs, hint, text);
            }
            NodeKind::None | NodeKind::Unit => obs.none = true,
            NodeKind::Str(s) => {
                if text.get(node.span.start..).is_some_and(|t| t.starts_with('b')) {
                    obs.byte_text = true;
                }
                obs.text = true;
                if obs.texts.len() < MAX_TEXTS {
                    obs.texts.insert(s.to_string());
                } else if !obs.texts.contains(*s) {
                    obs.texts_overflow = true;
                }
            }
            NodeKind::Int(i) => {
                obs.int = true;
                obs.negative |= *i < 0;
            }
            NodeKind::Float(f) => {
                obs.float = true;
                obs.negative |= *f < 0.0;
            }
            NodeKind::Bool(_) => obs.boolean = true,
            NodeKind::List(items) => {
                let mut list = obs.list.take().unwrap_or_default();
                for &item in items.iter() {
                    self.observe(doc, item, &mut list, hint, text);
                }
                obs.list = Some(list);
            }
            NodeKind::Map(entries) => {
                let mut map = obs.map.take().unwrap_or_default();
                for &(k, v) in entries.iter() {
                    match doc.kind(k) {
                        Some(NodeKind::Str(s)) => {
                            map.text_keys = true;
                            if map.keys.len() < MAX_TEXTS {
                                map.keys.insert(s.to_string());
                            } else {
                                map.keys_overflow = true;
                            }
                        }
                        Some(NodeKind::Int(_)) => map.int_keys = true,
                        _ => map.values.other = true,
                    }
                    self.observe(doc, v, &mut map.values, hint, text);
                }
                obs.map = Some(map);
            }
            NodeKind::Struct { name, fields } => {
                let r = match obs.record {
                    Some(r) => r,
                    None => {
                        self.records.push(RecordObs {
                            hint: name.map_or_else(|| record_name(hint), str::to_owned),
                            ..RecordObs::default()
                        });
                        let r = self.records.len() - 1;
                        obs.record = Some(r);
                        r
                    }
                };
                self.records[r].count += 1;
                for field in fields.iter() {
                    let position = self.records[r].fields.iter().position(|(n, _, _)| **n == *field.name);
                    let i = match position {
                        Some(i) => i,
                        None => {
                            self.records[r].fields.push((field.name.to_string(), Obs::default(), 0));
                            self.records[r].fields.len() - 1
                        }
                    };
                    let mut field_obs = std::mem::take(&mut self.records[r].fields[i].1);
                    self.observe(doc, field.value, &mut field_obs, &field.name, text);
                    self.records[r].fields[i].1 = field_obs;
                    self.records[r].fields[i].2 += 1;
                }
            }
            NodeKind::Char(_) | NodeKind::Tuple { .. } => obs.other = true,
        }
    }
}

/// `indicators` → `Indicator`, `breakdown` → `Breakdown`.
fn record_name(field: &str) -> String {
    let singular = field
        .strip_suffix("ies")
        .map(|s| format!("{s}y"))
        .or_else(|| field.strip_suffix('s').filter(|s| !s.ends_with('s')).map(str::to_owned))
        .unwrap_or_else(|| field.to_owned());
    let mut out = String::new();
    let mut upper = true;
    for c in singular.chars() {
        if c == '_' || c == '-' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "Record");
    }
    out
}

/// The text columns of the other tables that could be registries: every
/// path to text values that are all different (`RegionRegistry.regions.name`).
fn registries(others: &[&DataFile]) -> Vec<(String, BTreeSet<String>)> {
    let mut found: BTreeMap<String, (BTreeSet<String>, usize)> = BTreeMap::new();
    for file in others {
        let (Some(doc), Some(kind)) = (file.document.as_deref(), file.kind()) else { continue };
        let mut stack = vec![(doc.root(), kind.to_owned())];
        while let Some((id, path)) = stack.pop() {
            match doc.kind(id) {
                Some(NodeKind::Some(inner)) => stack.push((inner, path)),
                Some(NodeKind::List(items)) => stack.extend(items.iter().map(|&i| (i, path.clone()))),
                Some(NodeKind::Struct { fields, .. }) => {
                    stack.extend(fields.iter().map(|f| (f.value, format!("{path}.{}", f.name))))
                }
                Some(NodeKind::Str(s)) if path.contains('.') => {
                    let entry = found.entry(path).or_default();
                    entry.0.insert(s.to_string());
                    entry.1 += 1;
                }
                _ => {}
            }
        }
    }
    found
        .into_iter()
        .filter(|(_, (names, count))| names.len() >= 2 && names.len() == *count)
        .map(|(path, (names, _))| (path, names))
        .collect()
}

/// The registry that holds every one of `texts`: a `….name` column first
/// (a registry names its members), then the longest list (the whole
/// registry rather than a table that happens to use some of its names).
fn reference_for(texts: &BTreeSet<String>, overflow: bool, registries: &[(String, BTreeSet<String>)], own: &str) -> Option<String> {
    if texts.is_empty() || overflow {
        return None;
    }
    registries
        .iter()
        .filter(|(path, names)| path != own && texts.iter().all(|t| names.contains(t)))
        .max_by_key(|(path, names)| (path.ends_with(".name"), names.len()))
        .map(|(path, _)| path.clone())
}

/// Drafts a schema (RON text) for the kind of `files` (tables of one
/// kind), with `others` (the project's other tables) as the places
/// references may point to.
pub fn infer(files: &[&DataFile], others: &[&DataFile]) -> Result<String, String> {
    infer_in(files, others, &tally_i18n::Catalogue::new(tally_i18n::Lang::En))
}

/// [`infer`], its errors and the draft's opening comment in the
/// catalogue's language.
pub fn infer_in(files: &[&DataFile], others: &[&DataFile], t: &tally_i18n::Catalogue) -> Result<String, String> {
    let mut kind = None;
    let mut inferrer = Inferrer { records: Vec::new() };
    let mut root = Obs::default();
    for file in files {
        let Some(doc) = file.document.as_deref() else {
            return Err(t.text("schema-infer-not-ron", &[("file", file.name().into())]));
        };
        let Some(k) = doc.root_name() else {
            return Err(t.text("schema-infer-no-kind", &[("file", file.name().into())]));
        };
        if !matches!(doc.kind(doc.root()), Some(NodeKind::Struct { .. })) {
            return Err(t.text("schema-infer-root", &[("file", file.name().into()), ("kind", k.into())]));
        }
        match &kind {
            None => kind = Some(k.to_owned()),
            Some(first) if first != k => {
                return Err(t.text(
                    "schema-infer-mixed",
                    &[("file", file.name().into()), ("kind", k.into()), ("first", first.as_str().into())],
                ))
            }
            Some(_) => {}
        }
        inferrer.observe(doc, doc.root(), &mut root, k, &file.source.text);
    }
    let Some(kind) = kind else {
        return Err(t.text("schema-infer-no-file", &[]));
    };
    let registries = registries(others);
    let mut records = inferrer.records;
    // Unique record names: the root is the kind.
    let mut names: Vec<String> = Vec::new();
    for (i, record) in records.iter_mut().enumerate() {
        let base = if i == 0 { kind.clone() } else { record.hint.clone() };
        let mut name = base.clone();
        let mut n = 2;
        while names.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        record.hint = name.clone();
        names.push(name);
    }
    let sources: Vec<&str> = files.iter().map(|f| f.name()).collect();
    let mut out = String::new();
    out.push_str(&t.text(
        "schema-infer-header",
        &[("kind", kind.as_str().into()), ("files", sources.join(", ").into())],
    ));
    out.push('\n');
    out.push_str("Schema(\n");
    out.push_str(&format!("    kind: {},\n", quote(&kind)));
    out.push_str("    description: \"\",\n");
    write_fields(&mut out, &records[0], &records, &registries, &kind, "    ");
    if records.len() > 1 {
        out.push_str("    records: {\n");
        for record in &records[1..] {
            out.push_str(&format!("        {}: (\n", quote(&record.hint)));
            if let Some(key) = key_of(record) {
                out.push_str(&format!("            key: {},\n", quote(&key)));
            }
            write_fields(&mut out, record, &records, &registries, &kind, "            ");
            out.push_str("        ),\n");
        }
        out.push_str("    },\n");
    }
    out.push_str(")\n");
    Ok(out)
}

/// The field that tells records apart: a text field present in every
/// record with a different value in each (`name`, `region` first).
fn key_of(record: &RecordObs) -> Option<String> {
    let mut candidates: Vec<&(String, Obs, usize)> = record
        .fields
        .iter()
        .filter(|(_, obs, present)| {
            *present == record.count
                && obs.text
                && !obs.int
                && !obs.float
                && !obs.none
                && !obs.texts_overflow
                && obs.texts.len() == obs.count
                && obs.count > 1
        })
        .collect();
    candidates.sort_by_key(|(name, _, _)| {
        ["name", "region", "number", "text", "id", "code"]
            .iter()
            .position(|k| k == name)
            .unwrap_or(99)
    });
    candidates.first().map(|(name, _, _)| name.clone())
}

fn write_fields(
    out: &mut String,
    record: &RecordObs,
    records: &[RecordObs],
    registries: &[(String, BTreeSet<String>)],
    kind: &str,
    indent: &str,
) {
    out.push_str(&format!("{indent}fields: {{\n"));
    for (name, obs, present) in &record.fields {
        let own = format!("{kind}.{name}");
        let mut attrs = vec![format!("type: {}", quote(&type_of(obs, records)))];
        if *present < record.count {
            attrs.push("optional: true".into());
        }
        let leaf = leaf(obs);
        if (leaf.int || leaf.float) && !leaf.negative && !leaf.text {
            attrs.push("min: 0".into());
        }
        if leaf.text && !leaf.int && !leaf.float {
            if let Some(reference) = reference_for(&leaf.texts, leaf.texts_overflow, registries, &own) {
                attrs.push(format!("references: {}", quote(&reference)));
            } else if !leaf.texts_overflow
                && (2..=8).contains(&leaf.texts.len())
                && leaf.count >= 3 * leaf.texts.len()
                && leaf.texts.iter().all(|t| t.chars().count() <= 24)
            {
                let words: Vec<String> = leaf.texts.iter().map(|t| quote(t)).collect();
                attrs.push(format!("one_of: [{}]", words.join(", ")));
            }
        }
        if let Some(map) = obs.map.as_deref() {
            if map.text_keys && !map.int_keys {
                if let Some(reference) = reference_for(&map.keys, map.keys_overflow, registries, &own) {
                    attrs.push(format!("key_references: {}", quote(&reference)));
                }
            }
        }
        attrs.push("description: \"\"".into());
        out.push_str(&format!("{indent}    {}: ({}),\n", quote(name), attrs.join(", ")));
    }
    out.push_str(&format!("{indent}}},\n"));
}

/// The scalar observations under lists, maps and `Some`.
fn leaf(obs: &Obs) -> &Obs {
    if let Some(list) = obs.list.as_deref() {
        if !obs.text && !obs.int && !obs.float && obs.map.is_none() && obs.record.is_none() {
            return leaf(list);
        }
    }
    if let Some(map) = obs.map.as_deref() {
        if !obs.text && !obs.int && !obs.float && obs.list.is_none() && obs.record.is_none() {
            return leaf(&map.values);
        }
    }
    obs
}

fn type_of(obs: &Obs, records: &[RecordObs]) -> String {
    let kinds = [
        obs.text,
        obs.int || obs.float,
        obs.boolean,
        obs.list.is_some(),
        obs.map.is_some(),
        obs.record.is_some(),
    ];
    let base = if kinds.iter().filter(|k| **k).count() > 1 || obs.other || obs.byte_text {
        // Mixed values: the most common reading is text; staff decide.
        "text".to_owned()
    } else if obs.text {
        "text".into()
    } else if obs.float {
        "number".into()
    } else if obs.int {
        "integer".into()
    } else if obs.boolean {
        "boolean".into()
    } else if let Some(list) = obs.list.as_deref() {
        format!("list of {}", type_of(list, records))
    } else if let Some(map) = obs.map.as_deref() {
        let key = if map.int_keys && !map.text_keys { "integer" } else { "text" };
        format!("map of {key} to {}", type_of(&map.values, records))
    } else if let Some(r) = obs.record {
        records.get(r).map_or_else(|| "text".to_owned(), |r| r.hint.clone())
    } else {
        // Only `None` was seen.
        "text".into()
    };
    if obs.none {
        if base.starts_with("list") || base.starts_with("map") {
            format!("({base}) or None")
        } else {
            format!("{base} or None")
        }
    } else {
        base
    }
}

fn quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
