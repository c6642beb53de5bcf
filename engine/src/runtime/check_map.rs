//! Where a check of a `.checks.ron` file really is: a check runs as a
//! generated Rhai rule, and what goes wrong in it is reported in the
//! `.checks.ron` file, at the expression and column that caused it, or at
//! the record it was checking.

use std::sync::Arc;

use crate::report::{Finding, Severity, Site, SourceFile, RULE_ERROR};
use crate::span::Span;

/// Starts the message of the stand-in finding that the generated rule
/// reports at a record where `when` or `check` is not true or false:
/// `MARK` `when`|`check` `MARK` type `MARK` value.
pub const NOT_BOOL_MARK: char = '\u{1}';

/// One expression of a check (`when`, `check`, a `{…}` of a message) as
/// placed in the generated script.
#[derive(Debug, Clone)]
pub struct MappedExpr {
    /// Its first line in the generated script (1-based); it starts at column 1.
    pub line: usize,
    /// How many lines it takes there.
    pub lines: usize,
    /// Its text.
    pub text: String,
    /// The string literal that holds it in the `.checks.ron` file.
    pub literal: Span,
}

/// How positions in a check's generated rule map back to its `.checks.ron`.
#[derive(Debug, Clone)]
pub struct CheckMap {
    /// The `.checks.ron` file.
    pub file: Arc<SourceFile>,
    /// The check's entry there (its `id` value), for anything else.
    pub entry: Span,
    /// Its expressions.
    pub exprs: Vec<MappedExpr>,
    /// The literals of its `when` and `check`.
    pub when: Option<Span>,
    /// See `when`.
    pub check: Span,
}

impl CheckMap {
    /// The span in the `.checks.ron` file of a position (1-based line and
    /// column) of the generated script.
    fn span_of(&self, line: usize, column: usize) -> Span {
        for expr in &self.exprs {
            if line >= expr.line && line < expr.line + expr.lines {
                let before: usize = expr
                    .text
                    .split('\n')
                    .take(line - expr.line)
                    .map(|l| l.chars().count() + 1)
                    .sum();
                let at = before + column.saturating_sub(1);
                return char_span(&self.file.text, expr.literal, at);
            }
        }
        self.entry
    }

    /// Moves the findings of a run of the check's rule to the `.checks.ron`
    /// file: its `rule-error`s from the generated script to the expression
    /// they are about, and the stand-ins for a `when` or `check` that is not
    /// true or false to `rule-error`s at the record.
    pub fn apply(&self, rule: &str, generated: &Arc<SourceFile>, findings: &mut [Finding]) {
        for finding in findings.iter_mut() {
            if finding.rule == RULE_ERROR {
                let Some(site) = finding.site.as_mut() else { continue };
                if !Arc::ptr_eq(&site.source, generated) {
                    continue;
                }
                let span = self.span_of(site.location.line, site.location.column);
                *site = Site::new(self.file.clone(), span, None);
                for related in &mut finding.related {
                    if Arc::ptr_eq(&related.site.source, generated) {
                        let span = self.span_of(related.site.location.line, related.site.location.column);
                        related.site = Site::new(self.file.clone(), span, None);
                    }
                }
                continue;
            }
            let Some(rest) = finding.message.strip_prefix(NOT_BOOL_MARK) else { continue };
            let mut parts = rest.splitn(3, NOT_BOOL_MARK);
            let which = parts.next().unwrap_or("check").to_owned();
            let ty = parts.next().unwrap_or("?").to_owned();
            let value = parts.next().unwrap_or("").to_owned();
            let expr = if which == "when" { self.when } else { Some(self.check) };
            let shown = match ty.as_str() {
                "()" => "`()` (unassigned)".to_owned(),
                "string" => format!("the text \"{value}\""),
                "i64" | "f64" => format!("the number `{value}`"),
                _ => format!("`{value}` ({ty})"),
            };
            finding.rule = RULE_ERROR.to_owned();
            finding.severity = Severity::Error;
            finding.message = format!(
                "check `{rule}`: `{which}` gave {shown} on this record, not true or false"
            );
            finding.label = Some(format!("`{which}` is {shown} here"));
            finding.help = Some(format!(
                "`{which}` must be a condition that is true or false, e.g. `target_rank <= 6`; write `x != () && …` to leave out unassigned values"
            ));
            finding.data = serde_json::Map::new();
            finding.data.insert("rule".into(), rule.into());
            if let Some(literal) = expr {
                finding.related.push(crate::report::Related {
                    message: format!("`{which}` of check `{rule}`"),
                    site: Site::new(self.file.clone(), literal, None),
                });
            }
        }
    }
}

/// The span of the `at`-th character (0-based) of the text of the RON
/// string literal at `literal` in `text`: escapes count as one character.
pub fn char_span(text: &str, literal: Span, at: usize) -> Span {
    let Some(raw) = text.get(literal.start..literal.end) else {
        return literal;
    };
    let (body_start, escapes) = if raw.starts_with('"') {
        (1, true)
    } else if let Some(q) = raw.find('"') {
        (q + 1, false) // r#"…"#
    } else {
        return literal;
    };
    let bytes = raw.as_bytes();
    let mut i = body_start;
    let mut n = 0;
    while i < raw.len() {
        let c = raw[i..].chars().next().unwrap_or('"');
        if c == '"' && (escapes || raw[i..].trim_start_matches('"').chars().all(|c| c == '#')) {
            break;
        }
        let len = if escapes && c == '\\' {
            match bytes.get(i + 1) {
                Some(b'u') => raw[i..].find('}').map_or(2, |e| e + 1),
                Some(_) => 2,
                None => 1,
            }
        } else {
            c.len_utf8()
        };
        if n == at {
            let start = literal.start + i;
            return Span::new(start, start + len);
        }
        n += 1;
        i += len;
    }
    // Past the end: the closing quote.
    let end = (literal.start + i).min(literal.end);
    Span::new(end, (end + 1).min(literal.end).max(end))
}
