//! Does a table fit its kind? The typed structs of [`crate::model`] say what
//! a `TargetTable` or a `UnitRegistry` must look like; ron deserializes the
//! text into them, and its error position is mapped onto the innermost node
//! of the span index so the finding points at the offending value.

use super::DataFile;
use crate::check::{Check, CheckContext};
use crate::report::{Severity, SHAPE};
use crate::rules::{RuleMeta, RuleOrigin};
use crate::span::{Document, NodeId, NodeKind, Span};

/// The `shape` check: every table of a shipped kind deserializes into its
/// typed struct.
#[derive(Debug, Default, Clone, Copy)]
pub struct ShapeCheck;

impl Check for ShapeCheck {
    fn meta(&self) -> RuleMeta {
        RuleMeta {
            id: SHAPE.into(),
            severity: Severity::Error,
            title: "a table does not fit the shape of its kind".into(),
            explanation: "## What it checks\nEvery data file whose root names a shipped table kind (`TargetTable`, `UnitRegistry`, …) has exactly the fields of that kind, with values of the right type.\n\n## Why it matters\nA misspelt field (`hihg: 520`) is silently invisible to every rule that reads `high`; a figure written as a string is never summed.\n\n## Example\n```ron\n(name: \"企业上云数\", hihg: 12000)\n```\nInstead:\n```ron\n(name: \"企业上云数\", high: 12000)\n```".into(),
            origin: RuleOrigin::Native,
        }
    }

    fn run(&self, ctx: &mut CheckContext<'_>) {
        for file in ctx.files() {
            let (Some(doc), Some(kind)) = (file.document.as_ref(), file.kind()) else {
                continue;
            };
            // The quick walk of the span index answers for almost every
            // file; ron re-reads only a file that does not fit, to explain.
            if file.quick_fit {
                continue;
            }
            let misfit = if super::fit::fits_kind(kind, doc, &file.source.text) {
                None
            } else {
                crate::model::deserialize_kind(kind, &file.source.text).and_then(Result::err)
            };
            let Some(err) = misfit else {
                for (node, message, help) in bad_numbers(file) {
                    ctx.report(file, node, message).help = Some(help);
                }
                continue;
            };
            let span = crate::config::ron_span(&file.source, &err);
            let (message, help, target) = explain(&err.code, doc, span);
            let node = target.unwrap_or_else(|| innermost(doc, span.start).unwrap_or(doc.root()));
            let finding = ctx.report(file, node, message);
            if let Some(help) = help {
                finding.help = Some(help);
            }
            if let Some(field_span) = field_name_span(doc, node, &err.code) {
                finding.label = Some("this field".into());
                if let Some(site) = finding.site.as_mut() {
                    *site = crate::report::Site::new(site.source.clone(), field_span, site.path.clone());
                }
            }
        }
    }
}

/// Whether rules may see `file` as a table of its kind: it parsed, and if
/// its kind is a shipped one, the `shape` check has nothing to say about it.
/// `tables(kind)` and `table(kind)` leave out the others, so that rules can
/// trust the schema instead of each failing on a misspelt field.
pub fn fits_shape(file: &DataFile) -> bool {
    let Some(kind) = file.kind() else {
        return file.document.is_some();
    };
    if file.quick_fit {
        return true;
    }
    let fits = !matches!(
        crate::model::deserialize_kind(kind, &file.source.text),
        Some(Err(_))
    );
    fits && bad_numbers(file).is_empty()
}

/// Figures of a shipped table that are not numbers a statistic can have:
/// `NaN`, `inf`, a literal beyond the range of a 64-bit float (`1e400`
/// reads as infinity) or an integer beyond 64 bits (read as a rounded
/// float). Serde takes them all for an `f64`; a rule would then compute
/// with them and report nonsense.
fn bad_numbers(file: &DataFile) -> Vec<(NodeId, String, String)> {
    match file.document.as_ref() {
        Some(doc) => bad_numbers_in(doc, &file.source.text),
        None => Vec::new(),
    }
}

/// [`bad_numbers`] of a parsed document and its text.
pub(super) fn bad_numbers_in(doc: &Document, text: &str) -> Vec<(NodeId, String, String)> {
    if !doc.odd_numbers || !doc.root_name().is_some_and(|k| crate::model::KINDS.contains(&k)) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, node) in doc.nodes.iter().enumerate() {
        let NodeKind::Float(value) = node.kind else {
            continue;
        };
        let literal = text.get(node.span.start..node.span.end).unwrap_or("");
        let digits = literal.trim_start_matches(['+', '-']);
        let is_integer = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit() || b == b'_');
        let (message, help) = if value.is_nan() {
            (
                format!("`{literal}` is not a number"),
                "write the figure, or `None` if it is not assigned",
            )
        } else if value.is_infinite() && digits.starts_with("inf") {
            (
                format!("`{literal}` is not a finite number"),
                "write the figure, or `None` if it is not assigned",
            )
        } else if value.is_infinite() {
            (
                format!("`{literal}` is beyond the range of a 64-bit float (it reads as infinity)"),
                "check the figure; a statistic is never this large",
            )
        } else if is_integer {
            (
                format!("integer `{literal}` is beyond the range of a 64-bit integer (it would read as {value:e}, rounded)"),
                "check the figure; a statistic is never this large",
            )
        } else {
            continue;
        };
        out.push((NodeId(i as u32), message, help.to_owned()));
    }
    out
}

/// The innermost node whose span contains `offset`.
pub fn innermost(doc: &Document, offset: usize) -> Option<NodeId> {
    let mut best: Option<(usize, NodeId)> = None;
    for (i, node) in doc.nodes.iter().enumerate() {
        if node.span.start <= offset && offset < node.span.end.max(node.span.start + 1) {
            let len = node.span.len();
            if best.is_none_or(|(l, _)| len <= l) {
                best = Some((len, NodeId(i as u32)));
            }
        }
    }
    best.map(|(_, id)| id)
}

/// The innermost struct around `offset`.
fn enclosing_struct(doc: &Document, offset: usize) -> Option<NodeId> {
    let mut current = innermost(doc, offset);
    while let Some(id) = current {
        let node = doc.get(id)?;
        if matches!(node.kind, NodeKind::Struct { .. }) {
            return Some(id);
        }
        current = node.parent;
    }
    None
}

fn field_name_span(doc: &Document, node: NodeId, err: &ron::Error) -> Option<Span> {
    let ron::Error::NoSuchStructField { found, .. } = err else {
        return None;
    };
    let parent = doc.get(node)?.parent?;
    match &doc.get(parent)?.kind {
        NodeKind::Struct { fields, .. } => fields
            .iter()
            .find(|f| f.value == node && &*f.name == found.as_str())
            .map(|f| f.name_span),
        _ => None,
    }
}

fn explain(err: &ron::Error, doc: &Document, span: Span) -> (String, Option<String>, Option<NodeId>) {
    match err {
        ron::Error::MissingStructField { field, outer } => {
            let target = enclosing_struct(doc, span.start.saturating_sub(1));
            (
                format!("missing field `{field}`{}", in_outer(outer)),
                Some(format!("add `{field}: …` to this struct")),
                target,
            )
        }
        ron::Error::NoSuchStructField {
            expected,
            found,
            outer,
        } => {
            let help = match crate::runtime::api::suggest(found, expected.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? the fields are: {}", expected.join(", ")),
                None => format!("the fields are: {}", expected.join(", ")),
            };
            let target = enclosing_struct(doc, span.start).and_then(|s| match &doc.get(s)?.kind {
                NodeKind::Struct { fields, .. } => fields
                    .iter()
                    .find(|f| &*f.name == found.as_str())
                    .map(|f| f.value),
                _ => None,
            });
            (
                format!("unknown field `{found}`{}", in_outer(outer)),
                Some(help),
                target,
            )
        }
        ron::Error::DuplicateStructField { field, outer } => (
            format!("field `{field}` is written twice{}", in_outer(outer)),
            Some("keep one of them".into()),
            None,
        ),
        other => (describe(other), None, None),
    }
}

fn in_outer(outer: &Option<String>) -> String {
    outer.as_ref().map(|o| format!(" in `{o}`")).unwrap_or_default()
}

/// A ron error in tally's wording: lower case, no full stop.
pub fn describe(err: &ron::Error) -> String {
    match err {
        ron::Error::InvalidValueForType { expected, found } => format!("expected {expected}, found {found}"),
        ron::Error::ExpectedDifferentStructName { expected, found } => {
            format!("expected `{expected}`, found `{found}`")
        }
        other => {
            let text = other.to_string();
            let mut chars = text.chars();
            let lowered = match chars.next() {
                Some(c) => c.to_lowercase().collect::<String>() + chars.as_str(),
                None => text,
            };
            lowered.trim_end_matches('.').to_owned()
        }
    }
}

/// The `duplicate-key` check: a map in a data file names the same key twice
/// (the second silently replaces the first when rules read the map).
#[derive(Debug, Default, Clone, Copy)]
pub struct DuplicateKeyCheck;

impl Check for DuplicateKeyCheck {
    fn meta(&self) -> RuleMeta {
        RuleMeta {
            id: "duplicate-key".into(),
            severity: Severity::Error,
            title: "a map names the same key twice".into(),
            explanation: "## What it checks\nNo map in a data file (a region breakdown, for instance) has the same key twice.\n\n## Why it matters\nA rule that reads the map by key sees only the first entry, so the second figure is silently never checked, while sums over the map count both.\n\n## Example\n```ron\nbreakdown: { \"鹿城区\": 38, \"鹿城区\": 50 }\n```\nInstead:\n```ron\nbreakdown: { \"鹿城区\": 38, \"龙湾区\": 50 }\n```".into(),
            origin: RuleOrigin::Native,
        }
    }

    fn run(&self, ctx: &mut CheckContext<'_>) {
        for file in ctx.files() {
            let Some(doc) = file.document.as_ref() else {
                continue;
            };
            for node in &doc.nodes {
                let NodeKind::Map(entries) = &node.kind else {
                    continue;
                };
                // Keys are borrowed from the document (strings are interned);
                // only keys that are not strings are turned into text. Most
                // maps (a breakdown by region) are small enough that a scan
                // of the keys before is cheaper than hashing.
                let text_of = |key: NodeId| -> std::borrow::Cow<'_, str> {
                    match doc.get(key).map(|n| &n.kind) {
                        Some(NodeKind::Str(s)) => std::borrow::Cow::Borrowed(&**s),
                        _ => std::borrow::Cow::Owned(crate::runtime::value::key_text(doc, key)),
                    }
                };
                let mut seen: foldhash::HashMap<std::borrow::Cow<'_, str>, NodeId> =
                    foldhash::HashMap::default();
                for (i, &(key, _)) in entries.iter().enumerate() {
                    let text = text_of(key);
                    let first = if entries.len() <= 16 {
                        entries[..i].iter().map(|&(k, _)| k).find(|&k| text_of(k) == text)
                    } else {
                        match seen.entry(text.clone()) {
                            std::collections::hash_map::Entry::Occupied(e) => Some(*e.get()),
                            std::collections::hash_map::Entry::Vacant(e) => {
                                e.insert(key);
                                None
                            }
                        }
                    };
                    if let Some(first) = first {
                        let related = file.site(first);
                        let finding =
                            ctx.report(file, key, format!("key `{text}` is written twice in this map"));
                        finding.label = Some("written again here".into());
                        finding.help = Some(
                            "merge the two entries into one: a rule reading the map by key sees only the first, while sums and key lists count both".into(),
                        );
                        if let Some(site) = related {
                            finding.related.push(crate::report::Related {
                                message: "first written here".into(),
                                site,
                            });
                        }
                    }
                }
            }
        }
    }
}
