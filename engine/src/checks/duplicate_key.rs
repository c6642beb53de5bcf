//! The `duplicate-key` check.

use super::{Check, CheckContext};
use crate::report::{Related, Severity, DUPLICATE_KEY};
use crate::rules::{RuleMeta, RuleOrigin};
use crate::span::{NodeId, NodeKind};

/// The `duplicate-key` check: a map in a data file names the same key twice
/// (the second silently replaces the first when rules read the map).
#[derive(Debug, Default, Clone, Copy)]
pub struct DuplicateKeyCheck;

impl Check for DuplicateKeyCheck {
    fn meta(&self) -> RuleMeta {
        RuleMeta {
            id: DUPLICATE_KEY.into(),
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
            for (_, entries) in doc.maps() {
                // Keys are borrowed from the document (strings are interned);
                // only keys that are not strings are turned into text. Most
                // maps (a breakdown by region) are small enough that a scan
                // of the keys before is cheaper than hashing.
                let text_of = |key: NodeId| -> std::borrow::Cow<'_, str> {
                    match doc.kind(key) {
                        Some(NodeKind::Str(s)) => std::borrow::Cow::Borrowed(s),
                        _ => std::borrow::Cow::Owned(doc.key_text(key)),
                    }
                };
                let mut seen: foldhash::HashMap<std::borrow::Cow<'_, str>, NodeId> =
                    foldhash::HashMap::default();
                // Each key's text once (a node's value is built on access).
                let texts: Vec<std::borrow::Cow<'_, str>> = if entries.len() <= 16 {
                    entries.iter().map(|&(k, _)| text_of(k)).collect()
                } else {
                    Vec::new()
                };
                for (i, &(key, _)) in entries.iter().enumerate() {
                    let text = texts.get(i).cloned().unwrap_or_else(|| text_of(key));
                    let first = if entries.len() <= 16 {
                        texts
                            .get(..i)
                            .and_then(|before| before.iter().position(|t| *t == text))
                            .and_then(|at| entries.get(at))
                            .map(|&(k, _)| k)
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
                        let args = [("key", tally_i18n::Arg::from(text.as_ref()))];
                        let say = |key: &str| ctx.text(key, &args).unwrap_or_default();
                        let (message, label, help) =
                            (say("duplicate-key"), say("duplicate-key.label"), say("duplicate-key.help"));
                        let first_here = say("duplicate-key-first");
                        let finding = ctx.report(file, key, message);
                        finding.label = Some(label);
                        finding.help = Some(help);
                        if let Some(site) = related {
                            finding.related.push(Related {
                                message: first_here,
                                site,
                            });
                        }
                    }
                }
            }
        }
    }
}
