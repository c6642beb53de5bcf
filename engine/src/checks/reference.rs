//! The `unknown-reference` check: a name that a schema says must come from
//! another table (a region, a unit) is not there.

use std::collections::{BTreeMap, BTreeSet};

use super::{Check, CheckContext};
use crate::report::{Severity, UNKNOWN_REFERENCE};
use crate::rules::{RuleMeta, RuleOrigin};
use crate::schema::reference_names;
use crate::span::{Document, NodeId, NodeKind};
use crate::text;

/// The `unknown-reference` check: every value (or map key) whose schema
/// field declares `references` (`key_references`) is one of the names at
/// that place in the tables of the referenced kind.
#[derive(Debug, Default, Clone, Copy)]
pub struct ReferenceCheck;

impl Check for ReferenceCheck {
    fn meta(&self) -> RuleMeta {
        RuleMeta {
            id: UNKNOWN_REFERENCE.into(),
            severity: Severity::Error,
            title: "a name is not in the table it must come from".into(),
            explanation: "## What it checks\nA schema field with `references: \"Kind.field.name\"` (or `key_references` for a map's keys) holds only names found at that place in the tables of that kind: a region from the region registry, a unit from the unit registry. A reference with `checked_by: \"rule-id\"` is left to that rule when the project has it.\n\nschema 中声明了 `references` 的字段，其取值（或 `key_references` 声明的映射键）必须是被引用表中已有的名称。\n\n## Why it matters\nFigures are summed, compared and ranked by name. A name spelt differently becomes a region or unit of its own, and its figures drop out of every total.\n\n## Example\n```ron\nbreakdown: { \"鹿城\": 300 }\n```\nInstead:\n```ron\nbreakdown: { \"鹿城区\": 300 }\n```".into(),
            origin: RuleOrigin::Native,
        }
    }

    fn run(&self, ctx: &mut CheckContext<'_>) {
        let Some(schemas) = ctx.schemas() else { return };
        let files = ctx.files();
        // The names of each reference, gathered once.
        let mut names: BTreeMap<String, (usize, BTreeSet<&str>)> = BTreeMap::new();
        let mut missing_kind_reported = BTreeSet::new();
        for file in files {
            if file.shape.references.is_empty() {
                continue;
            }
            let (Some(doc), Some(schema)) = (file.document.as_deref(), file.kind().and_then(|k| schemas.get(k))) else {
                continue;
            };
            for used in &file.shape.references {
                let Some(field) = schema
                    .records
                    .get(used.record as usize)
                    .and_then(|r| r.fields.get(used.field as usize))
                else {
                    continue;
                };
                for (reference, key) in [(&field.references, false), (&field.key_references, true)] {
                    let Some(reference) = reference else { continue };
                    if reference.checked_by.as_deref().is_some_and(|rule| ctx.has_rule(rule)) {
                        continue;
                    }
                    let mut nodes = Vec::new();
                    names_in(doc, used.node, key, &mut nodes);
                    let text = reference.text();
                    let (tables, known) = names.entry(text.clone()).or_insert_with(|| {
                        let (tables, list) = reference_names(reference, files);
                        (tables, list.into_iter().collect())
                    });
                    for node in nodes {
                        let Some(NodeKind::Str(name)) = doc.kind(node) else {
                            continue;
                        };
                        if *tables == 0 {
                            if missing_kind_reported.insert((file.name().to_owned(), text.clone())) {
                                let args = [
                                    ("field", field.name.as_str().into()),
                                    ("reference", (&text).into()),
                                    ("kind", reference.kind.as_str().into()),
                                    ("schema", schema.kind.as_str().into()),
                                ];
                                let (message, help) = (
                                    ctx.say("reference-no-table", &args),
                                    ctx.say("reference-no-table.help", &args),
                                );
                                let finding = ctx.report(file, node, message);
                                finding.help = Some(help);
                                finding.severity = Severity::Warning.min(finding.severity);
                            }
                            continue;
                        }
                        if known.contains(name) {
                            continue;
                        }
                        let guess = text::suggest(name, known.iter().copied());
                        let args = [
                            ("name", name.into()),
                            ("field", field.name.as_str().into()),
                            ("kind", reference.kind.as_str().into()),
                            ("reference", (&text).into()),
                        ];
                        let message = ctx.say("reference-unknown", &args);
                        let label = ctx.say(if key { "reference-unknown.label-key" } else { "reference-unknown.label" }, &args);
                        let help = ctx.with_catalogue(|t| {
                            text::did_you_mean_in(t, guess, &t.attr("reference-unknown", "help", &args).unwrap_or_default())
                        });
                        let finding = ctx.report(file, node, message);
                        finding.label = Some(label);
                        finding.help = Some(help);
                    }
                }
            }
        }
    }
}

/// The names in the value `id` of a field: its texts (through `Some`,
/// lists and map values), or with `keys` the keys of its maps.
fn names_in(doc: &Document, id: NodeId, keys: bool, out: &mut Vec<NodeId>) {
    match doc.kind(id) {
        Some(NodeKind::Str(_)) if !keys => out.push(id),
        Some(NodeKind::Some(inner)) => names_in(doc, inner, keys, out),
        Some(NodeKind::List(items)) => {
            for &item in items.iter() {
                names_in(doc, item, keys, out);
            }
        }
        Some(NodeKind::Map(entries)) => {
            for &(k, v) in entries.iter() {
                if keys {
                    out.push(k);
                } else {
                    names_in(doc, v, keys, out);
                }
            }
        }
        _ => {}
    }
}
