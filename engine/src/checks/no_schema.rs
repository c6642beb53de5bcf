//! The `no-schema` check: a table whose shape nothing checks.

use std::collections::BTreeSet;

use super::{Check, CheckContext};
use crate::report::{Severity, NO_SCHEMA};
use crate::rules::{RuleMeta, RuleOrigin};

/// The `no-schema` check: one finding per table kind that has no schema
/// (at its first table), and one per table whose root names no kind.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoSchemaCheck;

impl Check for NoSchemaCheck {
    fn meta(&self) -> RuleMeta {
        RuleMeta {
            id: NO_SCHEMA.into(),
            severity: Severity::Info,
            title: "a table's kind has no schema".into(),
            explanation: "## What it checks\nEvery table kind in the data has a schema in `schemas/` (`schemas/<Kind>.ron`), and every table names its kind at its root (`TargetTable(…)`, not a bare `(…)`).\n\n每种数据表都应在 `schemas/` 中有 schema；每个表的根都应写明表种名。\n\n## Why it matters\nWithout a schema nothing checks the table's shape: a misspelt field or a figure typed as text goes by without a word, and a rule that reads a misspelt field cannot be told. `tally schema infer FILE` drafts a schema from the data to start from.\n\n## Example\nA new kind `ProgressReport` in `data/progress-2019-06.ron` and no `schemas/ProgressReport.ron`. Instead:\n```sh\ntally schema infer data/progress-2019-06.ron > schemas/ProgressReport.ron\n```\nthen read the draft and correct it.".into(),
            origin: RuleOrigin::Native,
        }
    }

    fn run(&self, ctx: &mut CheckContext<'_>) {
        let Some(schemas) = ctx.schemas() else { return };
        let folder = if schemas.shown.is_empty() {
            "schemas"
        } else {
            schemas.shown.as_str()
        };
        let mut seen = BTreeSet::new();
        for file in ctx.files() {
            let Some(doc) = file.document.as_deref() else { continue };
            match doc.root_name() {
                None => {
                    let (message, help, label) = (
                        ctx.say("no-schema-no-kind", &[]),
                        ctx.say("no-schema-no-kind.help", &[]),
                        ctx.say("no-schema-no-kind.label", &[]),
                    );
                    let finding = ctx.report(file, doc.root(), message);
                    finding.help = Some(help);
                    finding.label = Some(label);
                }
                Some(kind) if schemas.get(kind).is_none() && !schemas.broken_kinds.iter().any(|k| k == kind) => {
                    if !seen.insert(kind.to_owned()) {
                        continue;
                    }
                    let path = file.name().to_owned();
                    let args = [("kind", kind.into()), ("folder", folder.into()), ("path", path.into())];
                    let (message, help, label) = (
                        ctx.say("no-schema-kind", &args),
                        ctx.say("no-schema-kind.help", &args),
                        ctx.say("no-schema-kind.label", &args),
                    );
                    let finding = ctx.report(file, doc.root(), message);
                    finding.help = Some(help);
                    finding.label = Some(label);
                }
                Some(_) => {}
            }
        }
    }
}
