//! The findings as cards: message, help, the source with the value
//! marked, the related sites, the figures the rule computed.

use std::collections::HashSet;

use tally_engine::{Finding, Severity, Site, Span};

use super::texts::Texts;

/// One finding on the page.
#[derive(Debug, Clone)]
pub struct Card {
    /// Its anchor (`breakdown-sum-mismatch@data/targets-2019.ron:332:27`):
    /// the same finding keeps it from one report to the next.
    pub id: String,
    /// `e`, `w` or `i`.
    pub sev: &'static str,
    /// The severity in words.
    pub severity: &'static str,
    pub rule: String,
    pub message: String,
    /// The message with its `identifiers` apart, to show as code.
    pub rich_message: Vec<(String, bool)>,
    pub help: String,
    pub rich_help: Vec<(String, bool)>,
    pub label: String,
    pub notes: Vec<String>,
    /// `file:line:column`, empty without a site.
    pub at: String,
    /// The node's path in the file (`sheets[1].indicators[1].high`).
    pub path: String,
    /// The file, for grouping (empty without a site).
    pub file: String,
    /// Where it is in the tables, in words; empty if not in a table.
    pub place: String,
    /// The anchor of its cell, empty if not in a table.
    pub cell: String,
    /// Its footnote number under its table (0: none).
    pub number: usize,
    pub snippet: Vec<Line>,
    pub related: Vec<RelatedCard>,
    /// The figures the rule computed, `name = value`.
    pub data: Vec<(String, String)>,
}

/// A related site of a finding.
#[derive(Debug, Clone)]
pub struct RelatedCard {
    pub message: String,
    pub at: String,
    pub place: String,
    pub cell: String,
    pub snippet: Vec<Line>,
}

/// One line of a source snippet: its number and the text before, inside
/// and after the marked span. A line without a number is a gap (`⋮`).
#[derive(Debug, Clone, Default)]
pub struct Line {
    pub number: String,
    pub before: String,
    pub mark: String,
    pub after: String,
}

/// Marked lines beyond this are cut to their first and last few.
const MAX_LINES: usize = 8;

/// The severity's short class and name.
pub fn severity(severity: Severity, t: &Texts) -> (&'static str, &'static str) {
    match severity {
        Severity::Error => ("e", t.error),
        Severity::Warning => ("w", t.warning),
        Severity::Info => ("i", t.info),
    }
}

/// The cards of `findings`, in order, with unique anchors.
pub fn cards(findings: &[Finding], t: &Texts) -> Vec<Card> {
    let mut seen = HashSet::new();
    findings
        .iter()
        .enumerate()
        .map(|(n, finding)| {
            let mut card = card(finding, t);
            let base = match &finding.site {
                Some(site) => format!(
                    "{}@{}:{}:{}",
                    finding.rule, site.source.name, site.location.line, site.location.column
                ),
                None => format!("{}@{}", finding.rule, n + 1),
            };
            let base: String = base
                .chars()
                .map(|c| if c.is_whitespace() { '_' } else { c })
                .collect();
            let mut id = base.clone();
            let mut k = 1;
            while !seen.insert(id.clone()) {
                k += 1;
                id = format!("{base}~{k}");
            }
            card.id = id;
            card
        })
        .collect()
}

fn card(finding: &Finding, t: &Texts) -> Card {
    let (sev, severity) = severity(finding.severity, t);
    let (shown_at, path, file, lines) = match &finding.site {
        Some(site) => (
            at(site),
            site.path.clone().unwrap_or_default(),
            site.source.name.clone(),
            snippet(&site.source.text, site.span(), site.location.line),
        ),
        None => Default::default(),
    };
    Card {
        id: String::new(),
        sev,
        severity,
        rule: finding.rule.clone(),
        message: finding.message.clone(),
        rich_message: rich(&finding.message),
        help: finding.help.clone().unwrap_or_default(),
        rich_help: rich(finding.help.as_deref().unwrap_or("")),
        label: finding.label.clone().unwrap_or_default(),
        notes: finding.notes.clone(),
        at: shown_at,
        path,
        file,
        place: String::new(),
        cell: String::new(),
        number: 0,
        snippet: lines,
        related: finding
            .related
            .iter()
            .map(|r| RelatedCard {
                message: r.message.clone(),
                at: at(&r.site),
                place: String::new(),
                cell: String::new(),
                snippet: snippet(&r.site.source.text, r.site.span(), r.site.location.line),
            })
            .collect(),
        data: finding
            .data
            .iter()
            .map(|(k, v)| {
                let shown = match v {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                (k.clone(), shown)
            })
            .collect(),
    }
}

/// `text` cut at its backticks: plain pieces, and the `identifiers` the
/// wording puts in backticks (marked `true`). An unpaired backtick stays.
pub fn rich(text: &str) -> Vec<(String, bool)> {
    let pieces: Vec<&str> = text.split('`').collect();
    if pieces.len() % 2 == 0 {
        return vec![(text.to_owned(), false)];
    }
    pieces
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.is_empty())
        .map(|(i, p)| ((*p).to_owned(), i % 2 == 1))
        .collect()
}

fn at(site: &Site) -> String {
    format!(
        "{}:{}:{}",
        site.source.name, site.location.line, site.location.column
    )
}

/// The lines around `span` (the one before and the one after too), the
/// span marked; `first_line` is the 1-based line the span starts on.
pub fn snippet(text: &str, span: Span, first_line: usize) -> Vec<Line> {
    let len = text.len();
    let mut start = span.start.min(len);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = span.end.clamp(start, len);
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let from = if line_start == 0 {
        0
    } else {
        text[..line_start - 1].rfind('\n').map_or(0, |i| i + 1)
    };
    let first = first_line.saturating_sub(usize::from(from < line_start)).max(1);
    let end_line_end = text[end..].find('\n').map_or(len, |i| end + i);
    let to = if end_line_end < len {
        text[end_line_end + 1..]
            .find('\n')
            .map_or(len, |i| end_line_end + 1 + i)
    } else {
        len
    };
    let mut lines = Vec::new();
    let mut at = from;
    for (number, raw) in (first..).zip(text[from..to].split('\n')) {
        let (a, b) = (at, at + raw.len());
        let clip = |x: usize| x.clamp(a, b);
        let (m0, m1) = if start < b || (start == b && end == start) {
            (clip(start), clip(end))
        } else {
            (b, b)
        };
        let piece = |x: usize, y: usize| text[x..y].trim_end_matches('\r').to_owned();
        lines.push(Line {
            number: number.to_string(),
            before: piece(a, m0),
            mark: piece(m0, m1),
            after: piece(m1, b),
        });
        at = b + 1;
    }
    if lines.len() > MAX_LINES + 2 {
        let tail = lines.split_off(lines.len() - 3);
        lines.truncate(MAX_LINES - 3);
        lines.push(Line {
            number: String::new(),
            before: "\u{22ee}".to_owned(),
            ..Line::default()
        });
        lines.extend(tail);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snippet_marks_the_span_with_a_line_around_it() {
        let text = "a: 1,\nhigh: 3000,\nb: 2,\nc: 3,\n";
        let start = text.find("3000").expect("in text");
        let lines = snippet(text, Span::new(start, start + 4), 2);
        let numbers: Vec<&str> = lines.iter().map(|l| l.number.as_str()).collect();
        assert_eq!(numbers, ["1", "2", "3"]);
        assert_eq!(
            (
                lines[1].before.as_str(),
                lines[1].mark.as_str(),
                lines[1].after.as_str()
            ),
            ("high: ", "3000", ",")
        );
        assert!(lines[0].mark.is_empty() && lines[2].mark.is_empty());
    }

    #[test]
    fn identifiers_in_backticks_are_set_apart() {
        let code = |s: &str| (s.to_owned(), true);
        let plain = |s: &str| (s.to_owned(), false);
        assert_eq!(
            rich("`鹿城区` 分解值 128%"),
            [code("鹿城区"), plain(" 分解值 128%")]
        );
        assert_eq!(rich("a ` b"), [plain("a ` b")]);
        assert_eq!(rich(""), Vec::<(String, bool)>::new());
    }

    #[test]
    fn a_long_span_is_cut_in_the_middle() {
        let text: String = (1..=30).map(|i| format!("line {i}\n")).collect();
        let lines = snippet(&text, Span::new(0, text.len() - 1), 1);
        assert!(lines.len() <= MAX_LINES + 1, "{}", lines.len());
        assert!(lines.iter().any(|l| l.number.is_empty()));
        assert_eq!(lines[0].number, "1");
    }
}
