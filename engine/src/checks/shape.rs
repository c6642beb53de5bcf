//! The `shape` check: a table that does not fit its kind. The loader has
//! said yes or no (`DataFile::fits_kind`); for a
//! no, ron deserializes the text into the kind's typed struct of
//! [`crate::model`], and its error position is mapped onto the innermost
//! node of the span index so the finding points at the offending value.

use super::{Check, CheckContext};
use crate::load;
use crate::report::{Severity, Site, SHAPE};
use crate::rules::{RuleMeta, RuleOrigin};
use crate::span::{Document, NodeId, NodeKind, Span};
use crate::text;

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
            // The loader's verdict answers for almost every file; ron
            // re-reads only a file that does not fit, to explain.
            if file.fits_kind {
                continue;
            }
            let misfit = crate::model::deserialize_kind(kind, &file.source.text).and_then(Result::err);
            let Some(err) = misfit else {
                for (node, message, help) in load::bad_numbers(doc, &file.source.text) {
                    ctx.report(file, node, message).help = Some(help);
                }
                continue;
            };
            let span = load::ron_span(&file.source, &err);
            let (message, help, target) = explain(&err.code, doc, span);
            let node = target.unwrap_or_else(|| doc.innermost(span.start).unwrap_or(doc.root()));
            let finding = ctx.report(file, node, message);
            if let Some(help) = help {
                finding.help = Some(help);
            }
            if let Some(field_span) = field_name_span(doc, node, &err.code) {
                finding.label = Some("this field".into());
                if let Some(site) = finding.site.as_mut() {
                    *site = Site::new(site.source.clone(), field_span, site.path.clone());
                }
            }
        }
    }
}

/// The innermost struct around `offset`.
fn enclosing_struct(doc: &Document, offset: usize) -> Option<NodeId> {
    let mut current = doc.innermost(offset);
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
            let nearest = text::suggest(found, expected.iter().copied());
            let help = text::did_you_mean(nearest, &format!("the fields are: {}", expected.join(", ")));
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
        other => (load::describe_ron_error(other), None, None),
    }
}

fn in_outer(outer: &Option<String>) -> String {
    outer.as_ref().map(|o| format!(" in `{o}`")).unwrap_or_default()
}

