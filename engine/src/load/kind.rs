//! Figures that no table may hold, whatever its kind, and `ron`'s errors
//! in tally's words (for `tally.ron`).

use crate::report::SourceFile;
use crate::span::{Document, NodeId, NodeKind, Span};

/// Figures of any table that are not numbers a statistic can have:
/// `NaN`, `inf`, a literal beyond the range of a 64-bit float (`1e400`
/// reads as infinity) or an integer beyond 64 bits (read as a rounded
/// float). Serde takes them all for an `f64`; a rule would then compute
/// with them and report nonsense.
pub fn bad_numbers(doc: &Document, text: &str, t: &tally_i18n::Catalogue) -> Vec<(NodeId, String, String)> {
    if !doc.odd_numbers {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, node) in doc.nodes().enumerate() {
        let NodeKind::Float(value) = node.kind else {
            continue;
        };
        let literal = text.get(node.span.start..node.span.end).unwrap_or("");
        let digits = literal.trim_start_matches(['+', '-']);
        let is_integer = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit() || b == b'_');
        let (key, help) = if value.is_nan() {
            ("number-nan", "number-help-write")
        } else if value.is_infinite() && digits.starts_with("inf") {
            ("number-infinite", "number-help-write")
        } else if value.is_infinite() {
            ("number-float-range", "number-help-check")
        } else if is_integer {
            ("number-integer-range", "number-help-check")
        } else {
            continue;
        };
        let args = [("literal", literal.into()), ("value", format!("{value:e}").into())];
        out.push((NodeId(i as u32), t.text(key, &args), t.text(help, &[])));
    }
    out
}


/// A ron error in tally's wording: lower case, no full stop.
pub fn describe_ron_error(err: &ron::Error) -> String {
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


/// Byte span of a ron error's position.
pub fn ron_span(source: &SourceFile, err: &ron::error::SpannedError) -> Span {
    let start = source
        .lines()
        .offset(&source.text, err.span.start.line, err.span.start.col)
        .unwrap_or(0);
    let end = source
        .lines()
        .offset(&source.text, err.span.end.line, err.span.end.col)
        .unwrap_or(start)
        .max(start);
    Span::new(start, end)
}

