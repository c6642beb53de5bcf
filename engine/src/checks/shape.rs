//! The `shape` check: a table that does not fit its kind's schema, and
//! figures that no table may hold. The work is done once per file on the
//! workers, beside the parse ([`crate::schema::validate`]); this check
//! reports what that found, at the configured severity.

use super::{Check, CheckContext};
use crate::report::{Severity, SHAPE};
use crate::rules::{RuleMeta, RuleOrigin};

/// The `shape` check: every table fits the schema of its kind, and holds
/// no `NaN`, infinity or number beyond 64 bits.
#[derive(Debug, Default, Clone, Copy)]
pub struct ShapeCheck;

impl Check for ShapeCheck {
    fn meta(&self) -> RuleMeta {
        RuleMeta {
            id: SHAPE.into(),
            severity: Severity::Error,
            title: "a table does not fit the schema of its kind".into(),
            explanation: "## What it checks\nEvery data file whose kind has a schema (`schemas/<Kind>.ron`) has the fields of that kind, each with a value of its declared type: no field missing unless it is `optional`, no field the schema does not know, figures within `min`/`max`, words from `one_of`. Whatever the kind, no figure is `NaN`, infinite or beyond the range of a 64-bit number.\n\n数据表应符合其表种的 schema（`schemas/<表种>.ron`）：字段齐全、类型正确、数值在范围内；任何表中都不得出现 `NaN`、无穷大或超出 64 位的数。\n\n## Why it matters\nA misspelt field (`hihg: 520`) is invisible to every rule that reads `high`; a figure written as text is never summed. A value that breaks its schema reaches the rules as unassigned (`()`), so one bad cell does not hide the rest of its table, and this finding says where it is.\n\n## Example\n```ron\n(name: \"企业上云数\", hihg: 12000)\n```\nInstead:\n```ron\n(name: \"企业上云数\", high: 12000)\n```".into(),
            origin: RuleOrigin::Native,
        }
    }

    fn run(&self, ctx: &mut CheckContext<'_>) {
        for file in ctx.files() {
            for finding in &file.shape.findings {
                ctx.push(finding.clone());
            }
        }
    }
}
