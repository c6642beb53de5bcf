//! Suppressions in the data: a comment that accepts one finding, with a
//! reason, where the data is.
//!
//! ```ron
//! units: ["市市场监管局"], // tally: allow(unknown-unit) 附件 5 原文如此
//!
//! // tally: allow(breakdown-sum-mismatch, high-below-standard) 待市统计局核实
//! (
//!     name: "工业 APP 开发应用",
//!     …
//! ),
//! ```
//!
//! # What a suppression covers
//!
//! A `tally:` comment applies to one line of the file, its *target line*:
//! - a comment at the end of a line (after a value, a key, a comma) targets
//!   that line;
//! - a comment on a line of its own targets the next line that is not a
//!   comment line: it must be directly above the value, or above other
//!   comment lines that are; a blank line in between breaks the link;
//! - a `/* … */` comment followed by a value on the same line targets that
//!   line.
//!
//! It covers the target line and every value that *starts* on it, from its
//! first to its last character — so a comment above `(` covers the whole
//! struct, a comment after `units: [` covers the whole list, and a comment
//! above the root `TargetTable(` covers the file. A finding is silenced
//! when its rule is named in `allow(…)` and its primary location starts in
//! what the comment covers. Findings of the run itself (`parse`,
//! `rule-error`, `config-error`, `io`) and of the suppression checks cannot
//! be silenced.
//!
//! # Findings about suppressions
//!
//! - `unused-suppression` (warning): a suppression without a reason (it
//!   still silences), or one that silences nothing for a rule that ran.
//!   A rule that did not run (not selected, ignored, or broken) is not
//!   judged: tally cannot tell what it would have found.
//! - `invalid-suppression` (warning): a `tally:` comment that is not
//!   `tally: allow(rule-id, …) reason`, or that names an unknown rule.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::load::DataFile;
use crate::report::{Builtin, Finding, Severity, Site, Suppressed, INVALID_SUPPRESSION, UNUSED_SUPPRESSION};
use crate::rules::{RuleMeta, RuleOrigin};
use crate::span::{Comment, Document, Span};
use crate::text;
use tally_i18n::{Arg as MessageArg, Catalogue};

/// One `tally:` comment, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// The rule ids in `allow(…)`, in the order written.
    pub rules: Vec<String>,
    /// The reason after `allow(…)`, trimmed; empty if none.
    pub reason: String,
}

/// Why a `tally:` comment is not a suppression; said in the interface
/// language by [`Malformed::say`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Malformed {
    /// `tally:` and nothing after it.
    NoVerb,
    /// `tally: allw(…)`.
    UnknownVerb(String),
    /// `tally: allow x`.
    NoParens,
    /// `tally: allow(x`.
    Unclosed,
    /// `tally: allow(Unknown Unit)`.
    NotAnId(String),
    /// `tally: allow()`.
    NoRule,
}

impl Malformed {
    /// What is wrong, in `t`'s language.
    pub fn say(&self, t: &Catalogue) -> String {
        match self {
            Malformed::NoVerb => t.text("suppress-why-no-verb", &[]),
            Malformed::UnknownVerb(verb) => t.text("suppress-why-unknown-verb", &[("verb", verb.into())]),
            Malformed::NoParens => t.text("suppress-why-no-parens", &[]),
            Malformed::Unclosed => t.text("suppress-why-unclosed", &[]),
            Malformed::NotAnId(id) => t.text("suppress-why-not-an-id", &[("id", id.into())]),
            Malformed::NoRule => t.text("suppress-why-no-rule", &[]),
        }
    }
}

/// Reads the text of a comment (without its markers). `None` if it is not a
/// `tally:` comment at all; `Some(Err(why))` if it is one but malformed.
///
/// Typed with a Chinese input method, `tally：allow（a，b）` means
/// `tally: allow(a, b)`: the full-width colon, brackets and commas before
/// the reason are read as their ASCII forms. So is `tally allow(…)`
/// without the colon (but `tally` followed by anything other than
/// `allow(` stays an ordinary comment).
pub fn parse_directive(text: &str) -> Option<Result<Directive, Malformed>> {
    let text = half_width_head(text);
    let rest = strip_prefix_ci(text.trim_start(), "tally")?;
    let rest = match rest.trim_start().strip_prefix(':') {
        Some(after_colon) => after_colon.trim_start(),
        None => {
            // `tally allow(…)`: the colon forgotten.
            let after = rest.trim_start();
            let verb = after.strip_prefix("allow")?;
            if !verb.trim_start().starts_with('(') {
                return None;
            }
            after
        }
    };
    Some(directive_body(rest))
}

/// `text` with the full-width `：（），、` up to the first closing bracket
/// written as `:(),,`; the reason after it is kept as written.
fn half_width_head(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['：', '（', '）', '，', '、']) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.char_indices();
    for (at, c) in chars.by_ref() {
        let c = match c {
            '：' => ':',
            '（' => '(',
            '）' => ')',
            '，' | '、' => ',',
            c => c,
        };
        out.push(c);
        if c == ')' {
            out.push_str(&text[at + text[at..].chars().next().map_or(1, char::len_utf8)..]);
            return std::borrow::Cow::Owned(out);
        }
    }
    std::borrow::Cow::Owned(out)
}

fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}

fn directive_body(rest: &str) -> Result<Directive, Malformed> {
    let verb_end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    let verb = &rest[..verb_end];
    if verb != "allow" {
        return Err(if verb.is_empty() {
            Malformed::NoVerb
        } else {
            Malformed::UnknownVerb(verb.to_owned())
        });
    }
    let after = rest[verb_end..].trim_start();
    let Some(inner) = after.strip_prefix('(') else {
        return Err(Malformed::NoParens);
    };
    let Some(close) = inner.find(')') else {
        return Err(Malformed::Unclosed);
    };
    let mut rules = Vec::new();
    for id in inner[..close].split(',') {
        let id = id.trim();
        if id.is_empty() {
            continue;
        }
        if !text::is_kebab_case(id) {
            return Err(Malformed::NotAnId(id.to_owned()));
        }
        if !rules.iter().any(|r| r == id) {
            rules.push(id.to_owned());
        }
    }
    if rules.is_empty() {
        return Err(Malformed::NoRule);
    }
    let reason = inner[close + 1..]
        .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '：' | '-' | '—' | '–'))
        .trim_end()
        .to_owned();
    Ok(Directive { rules, reason })
}

/// What the engine tells [`apply`] about the run.
#[derive(Debug)]
pub(crate) struct Scope {
    /// Every rule and check id the engine knows, run or not.
    pub known: BTreeSet<String>,
    /// The ids of the rules and checks that ran to the end.
    pub ran: BTreeSet<String>,
    /// Severity of `unused-suppression` findings; `None` if not selected.
    pub unused: Option<Severity>,
    /// Severity of `invalid-suppression` findings; `None` if not selected.
    pub invalid: Option<Severity>,
    /// The messages of the interface language.
    pub catalogue: std::sync::Arc<Catalogue>,
}

/// A `tally:` comment of a file, resolved to what it covers.
struct Placed {
    comment: Comment,
    directive: Result<Directive, Malformed>,
    /// The 1-based target line, if there is one.
    line: Option<usize>,
    /// The bytes it covers: the target line and the values starting on it.
    covers: Option<Span>,
    /// Whether a value starts on the target line.
    has_value: bool,
    /// Per rule of the directive: whether it silenced a finding.
    used: Vec<bool>,
}

/// Moves the findings that a `tally: allow(…)` comment covers out of
/// `findings` and adds the findings about the suppressions themselves.
/// Returns the silenced findings.
pub(crate) fn apply(files: &[DataFile], findings: &mut Vec<Finding>, scope: &Scope) -> Vec<Suppressed> {
    // The files that have `tally:` comments, by path: one pass over the
    // findings whatever the number of files.
    let mut by_path: BTreeMap<&Path, (&DataFile, Vec<Placed>)> = BTreeMap::new();
    for file in files {
        let Some(doc) = &file.document else { continue };
        let placed = place(&file.source.text, doc);
        if !placed.is_empty() {
            by_path.insert(file.source.path.as_path(), (file, placed));
        }
    }
    if by_path.is_empty() {
        return Vec::new();
    }
    let mut suppressed = Vec::new();
    let mut kept = Vec::with_capacity(findings.len());
    for finding in findings.drain(..) {
        let by = finding
            .site
            .as_ref()
            .and_then(|site| by_path.get_mut(site.source.path.as_path()))
            .and_then(|(file, placed)| silencer(&finding, placed).map(|i| (*file, &placed[i])));
        match by {
            Some((file, placed)) => suppressed.push(Suppressed {
                reason: directive_reason(placed),
                comment: Site::new(file.source.clone(), placed.comment.span, None),
                finding,
            }),
            None => kept.push(finding),
        }
    }
    *findings = kept;
    for (file, placed) in by_path.values() {
        findings.extend(judge(file, placed, scope));
    }
    suppressed
}

fn directive_reason(placed: &Placed) -> String {
    placed
        .directive
        .as_ref()
        .map(|d| d.reason.clone())
        .unwrap_or_default()
}

/// The index of the innermost comment of the finding's file that silences
/// it, marking every comment that covers it for its rule as used.
fn silencer(finding: &Finding, placed: &mut [Placed]) -> Option<usize> {
    if Builtin::from_id(&finding.rule).is_some_and(Builtin::is_unsuppressible) {
        return None;
    }
    let at = finding.site.as_ref()?.location.start;
    let mut best: Option<(usize, usize)> = None;
    for (i, p) in placed.iter_mut().enumerate() {
        let (Ok(directive), Some(covers)) = (&p.directive, p.covers) else {
            continue;
        };
        if at < covers.start || at >= covers.end {
            continue;
        }
        let Some(k) = directive.rules.iter().position(|r| *r == finding.rule) else {
            continue;
        };
        p.used[k] = true;
        if best.is_none_or(|(len, _)| covers.len() < len) {
            best = Some((covers.len(), i));
        }
    }
    best.map(|(_, i)| i)
}

/// Every `tally:` comment of a document with its target.
fn place(text: &str, doc: &Document) -> Vec<Placed> {
    let mut out = Vec::new();
    let mut starts: Option<Vec<(usize, usize)>> = None;
    for comment in &doc.comments {
        let Some(directive) = parse_directive(comment.text(text)) else {
            continue;
        };
        // Node starts and ends, sorted once per file that has a directive.
        let nodes = starts.get_or_insert_with(|| {
            let mut v: Vec<(usize, usize)> = doc.nodes().map(|n| (n.span.start, n.span.end)).collect();
            v.sort_unstable();
            v
        });
        let target = target_line(text, &doc.comments, *comment);
        let (line, covers, has_value) = match target {
            Some(line_start) => {
                let line_end = text[line_start..]
                    .find('\n')
                    .map_or(text.len(), |i| line_start + i);
                let first = nodes.partition_point(|&(s, _)| s < line_start);
                let on_line = nodes[first..].iter().take_while(|&&(s, _)| s < line_end);
                let mut end = line_end;
                let mut has_value = false;
                for &(_, e) in on_line {
                    has_value = true;
                    end = end.max(e);
                }
                let line = text[..line_start].bytes().filter(|&b| b == b'\n').count() + 1;
                (Some(line), Some(Span::new(line_start, end)), has_value)
            }
            None => (None, None, false),
        };
        let used = directive.as_ref().map_or(0, |d| d.rules.len());
        out.push(Placed {
            comment: *comment,
            directive,
            line,
            covers,
            has_value,
            used: vec![false; used],
        });
    }
    out
}

/// The byte offset of the start of the line a comment applies to.
fn target_line(text: &str, comments: &[Comment], comment: Comment) -> Option<usize> {
    let line_start = text[..comment.span.start].rfind('\n').map_or(0, |i| i + 1);
    if !only_trivia(text, comments, line_start, comment.span.start) {
        // After a value on its line.
        return Some(line_start);
    }
    // On a line of its own (or before a value on the same line): the next
    // token, through whitespace and comments, but not across a blank line.
    let mut at = comment.span.end;
    loop {
        let ws_end = at
            + text[at..]
                .find(|c: char| !c.is_whitespace())
                .unwrap_or(text.len() - at);
        if text[at..ws_end].matches('\n').count() > 1 {
            return None;
        }
        at = ws_end;
        if at >= text.len() {
            return None;
        }
        match comment_at(comments, at) {
            Some(next) => at = next.span.end.max(at + 1),
            None => break,
        }
    }
    Some(text[..at].rfind('\n').map_or(0, |i| i + 1))
}

/// Whether `text[from..to]` holds only whitespace and comments.
fn only_trivia(text: &str, comments: &[Comment], from: usize, to: usize) -> bool {
    let mut at = from;
    while at < to {
        if let Some(c) = comment_at(comments, at) {
            at = c.span.end.max(at + 1);
            continue;
        }
        match text[at..].chars().next() {
            Some(c) if c.is_whitespace() => at += c.len_utf8(),
            _ => return false,
        }
    }
    true
}

/// The comment starting at byte `at`, if any.
fn comment_at(comments: &[Comment], at: usize) -> Option<Comment> {
    comments
        .binary_search_by_key(&at, |c| c.span.start)
        .ok()
        .map(|i| comments[i])
}

/// Findings about the suppressions of one file.
fn judge(file: &DataFile, placed: &[Placed], scope: &Scope) -> Vec<Finding> {
    let t = scope.catalogue.as_ref();
    let mut out = Vec::new();
    for p in placed {
        let site = || Site::new(file.source.clone(), p.comment.span, None);
        let directive = match &p.directive {
            Ok(directive) => directive,
            Err(why) => {
                if let Some(severity) = scope.invalid {
                    let form = t.text("suppress-form", &[]);
                    let args = [("why", why.say(t).into()), ("form", form.into())];
                    out.push(said(
                        Finding::new(INVALID_SUPPRESSION, severity, t.text("suppress-malformed", &args)),
                        t,
                        "suppress-malformed",
                        &args,
                    )
                    .at(site()));
                }
                continue;
            }
        };
        for (rule, used) in directive.rules.iter().zip(&p.used) {
            if !scope.known.contains(rule) {
                if let Some(severity) = scope.invalid {
                    let nearest = text::suggest(rule, scope.known.iter().map(String::as_str));
                    let help = text::did_you_mean_in(t, nearest, &t.text("rules-listed", &[]));
                    let args = [("rule", rule.into())];
                    out.push(
                        said(
                            Finding::new(INVALID_SUPPRESSION, severity, t.text("suppress-unknown-rule", &args)),
                            t,
                            "suppress-unknown-rule",
                            &args,
                        )
                        .at(site())
                        .with_help(help)
                        .with_data("rule", rule.as_str()),
                    );
                }
                continue;
            }
            if *used || !scope.ran.contains(rule) {
                continue;
            }
            let Some(severity) = scope.unused else { continue };
            let help = match (p.line, p.has_value) {
                (None, _) => t.text("suppress-unused-nowhere", &[]),
                (Some(line), false) => t.text("suppress-unused-no-value", &[("line", line.into())]),
                (Some(line), true) => t.text(
                    "suppress-unused-nothing",
                    &[("rule", rule.into()), ("line", line.into())],
                ),
            };
            let args = [("rule", rule.into())];
            out.push(
                said(
                    Finding::new(UNUSED_SUPPRESSION, severity, t.text("suppress-unused", &args)),
                    t,
                    "suppress-unused",
                    &args,
                )
                .at(site())
                .with_help(help)
                .with_data("rule", rule.as_str()),
            );
        }
        if directive.reason.is_empty() {
            if let Some(severity) = scope.unused {
                let args = [
                    ("rules", directive.rules.join("`, `").into()),
                    ("ids", directive.rules.join(", ").into()),
                ];
                out.push(
                    said(
                        Finding::new(UNUSED_SUPPRESSION, severity, t.text("suppress-no-reason", &args)),
                        t,
                        "suppress-no-reason",
                        &args,
                    )
                    .at(site()),
                );
            }
        }
    }
    out
}

/// `finding` with the label and help of the catalogue's message `key`, if
/// it has them.
fn said(mut finding: Finding, t: &Catalogue, key: &str, args: &[(&str, MessageArg<'_>)]) -> Finding {
    if let Some(label) = t.attr(key, "label", args) {
        finding.label = Some(label);
    }
    if let Some(help) = t.attr(key, "help", args) {
        finding.help = Some(help);
    }
    finding
}

/// The metadata of the `unused-suppression` check: listed, selected and
/// given a severity like any other; its findings are made after every rule
/// ran (they depend on what the rules found), by [`apply`].
pub fn unused_meta() -> RuleMeta {
    RuleMeta {
        id: UNUSED_SUPPRESSION.into(),
        severity: Severity::Warning,
        title: "a suppression gives no reason or silences nothing".into(),
        explanation: "## What it checks\nEvery `// tally: allow(rule-id) reason` comment in the data gives a reason, and silences at least one finding of each rule it names (rules that did not run are not judged).\n\n## Why it matters\nA suppression accepts a known exception; without a reason nobody can later tell whether it still holds, and one that silences nothing is stale: the data was corrected, or the comment sits on the wrong line.\n\n## Example\n```ron\nunits: [\"市经信局\"], // tally: allow(unknown-unit)\n```\nInstead:\n```ron\nunits: [\"市市场监管局\"], // tally: allow(unknown-unit) 附件 5 原文如此\n```".into(),
        origin: RuleOrigin::Native,
    }
}

/// The metadata of the `invalid-suppression` check: malformed `tally:`
/// comments and unknown rule ids in them (made after the rules ran, like
/// `unused-suppression`'s).
pub fn invalid_meta() -> RuleMeta {
    RuleMeta {
        id: INVALID_SUPPRESSION.into(),
        severity: Severity::Warning,
        title: "a `tally:` comment is not a valid suppression".into(),
        explanation: "## What it checks\nA comment that starts with `tally:` reads `tally: allow(rule-id, …) reason`, and names rules that exist.\n\n## Why it matters\nA misspelt suppression silences nothing, and the finding it was meant for shows up again without anyone knowing why.\n\n## Example\n```ron\nhigh: 3000, // tally: allow(breakdown-sum) 待核实\n```\nInstead:\n```ron\nhigh: 3000, // tally: allow(breakdown-sum-mismatch) 待核实\n```".into(),
        origin: RuleOrigin::Native,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> Directive {
        parse_directive(text)
            .expect("a tally comment")
            .expect("well-formed")
    }

    fn bad(text: &str) -> String {
        parse_directive(text)
            .expect("a tally comment")
            .expect_err("malformed")
            .say(&Catalogue::new(tally_i18n::Lang::En))
    }

    #[test]
    fn directives_are_read() {
        assert_eq!(
            ok("tally: allow(unknown-unit) 原文如此"),
            Directive {
                rules: vec!["unknown-unit".into()],
                reason: "原文如此".into()
            }
        );
        let d = ok("TALLY : allow( a-b ,c, a-b ): — 待核实 ");
        assert_eq!(d.rules, ["a-b", "c"]);
        assert_eq!(d.reason, "待核实");
        assert_eq!(ok("tally: allow(x)").reason, "");
        assert_eq!(parse_directive("tally counts"), None);
        assert_eq!(parse_directive("a tally: allow(x)"), None);
        assert_eq!(parse_directive("talley: allow(x)"), None);
    }

    /// Typed with a Chinese input method, or without the colon: read as
    /// meant (issue 17).
    #[test]
    fn issue_17_full_width_and_missing_colon() {
        let d = ok("tally：allow（unknown-unit）原文如此（附件 5）");
        assert_eq!(d.rules, ["unknown-unit"]);
        assert_eq!(d.reason, "原文如此（附件 5）");
        assert_eq!(ok("tally: allow（a-b，c、d）理由").rules, ["a-b", "c", "d"]);
        assert_eq!(ok("tally allow(unknown-unit) 原文如此").reason, "原文如此");
        assert_eq!(ok("tally allow (x)").rules, ["x"]);
        assert_eq!(parse_directive("tally allowed this"), None);
        assert_eq!(parse_directive("tally allow x"), None);
        assert!(bad("tally：allow（x").contains("not closed"));
        let zh = parse_directive("tally: alow(x)")
            .expect("a tally comment")
            .expect_err("malformed")
            .say(&Catalogue::new(tally_i18n::Lang::Zh));
        assert!(zh.contains("未知的 `tally:` 指令 `alow`"), "{zh}");
    }

    #[test]
    fn malformed_directives_say_why() {
        assert!(bad("tally: alow(x) r").contains("unknown `tally:` directive `alow`"));
        assert!(bad("tally:").contains("names what it does"));
        assert!(bad("tally: allow x").contains("parentheses"));
        assert!(bad("tally: allow(x").contains("not closed"));
        assert!(bad("tally: allow() r").contains("names no rule"));
        assert!(bad("tally: allow(Unknown Unit) r").contains("`Unknown Unit` is not a rule id"));
    }

    fn targets(text: &str) -> Vec<Option<(usize, String)>> {
        let doc = crate::load::parse(text).expect("parses");
        place(text, &doc)
            .iter()
            .map(|p| {
                p.covers
                    .map(|c| (p.line.unwrap_or(0), text[c.start..c.end].to_owned()))
            })
            .collect()
    }

    #[test]
    fn a_comment_covers_its_line_and_the_values_starting_on_it() {
        let text = [
            "(",
            "    a: 1, // tally: allow(r) x",
            "    // tally: allow(r) above",
            "    // plain comment",
            "    b: [",
            "        2,",
            "    ],",
            "",
            "    // tally: allow(r) blank line below",
            "",
            "    c: 3,",
            "    d: /* tally: allow(r) x */ 4,",
            "    e: [",
            "    ], // tally: allow(r) closing",
            ")",
        ]
        .join("\n");
        let t = targets(&text);
        assert_eq!(t[0], Some((2, "    a: 1, // tally: allow(r) x".to_owned())));
        assert_eq!(t[1], Some((5, "    b: [\n        2,\n    ]".to_owned())));
        assert_eq!(t[2], None, "a blank line breaks the link");
        assert_eq!(t[3], Some((12, "    d: /* tally: allow(r) x */ 4,".to_owned())));
        assert_eq!(t[4].as_ref().map(|(l, _)| *l), Some(14));
    }

    #[test]
    fn a_comment_above_the_root_covers_the_file() {
        let text = "// tally: allow(r) whole file\nT(\n  a: 1,\n)\n";
        assert_eq!(targets(text)[0], Some((2, "T(\n  a: 1,\n)".to_owned())));
    }
}
