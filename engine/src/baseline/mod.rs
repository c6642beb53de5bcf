//! Baselines: the findings a data repository had when it adopted tally,
//! accepted so that only new findings fail a check.
//!
//! A baseline is a JSON file, written by `tally check --write-baseline FILE`
//! and read by `tally check --baseline FILE`:
//!
//! ```json
//! {
//!   "version": 1,
//!   "findings": [
//!     {
//!       "rule": "unknown-unit",
//!       "file": "data/responsibilities-2019.ron",
//!       "path": "parts[4].tasks[1].items[1].units[0]",
//!       "message": "责任单位 `市自然资源规划局` 不在单位名录中",
//!       "data": { "suggestion": "市自然资源和规划局", "unit": "市自然资源规划局" },
//!       "count": 1
//!     }
//!   ]
//! }
//! ```
//!
//! # Keys
//!
//! An entry matches a finding by **rule, file, node path and `data`** (the
//! figures the rule computed) — not by line or column, so entries survive
//! lines moving above them, and not by message, so they survive a rule's
//! rewording. The node path names each list member by its identity where
//! it has one (`sheets[annex=3].indicators[name=工业 APP 开发应用].high`,
//! `parts[number=四].tasks[number=16].items[text=…]`; see
//! `load::KEY_FIELDS`), and by its position where it has none, so that
//! inserting or reordering rows and items leaves accepted findings
//! accepted. Baselines written with positional paths
//! (`parts[4].tasks[1].items[1]`) still match. A finding without a node path (a file that does not parse, a
//! finding about a comment) is matched by its message instead of the path.
//! `file` is relative to the project root (the folder of `tally.ron`, or
//! the working directory), with `/`. `count` says how many findings share
//! the key: two identical findings need a count of 2, and a third one is
//! new. When a figure changes (a sum of 2300 becomes 2400) the finding is
//! new and the old entry has gone: the baseline accepted that defect, not
//! any defect at that place.
//!
//! The file is deterministic (entries sorted by file, path, rule, message,
//! data; keys in a fixed order), so it diffs well in review. Findings that
//! mean the check could not be carried out (`rule-error`, `config-error`,
//! `io`) are never recorded.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::report::{is_tool_error, BaselineEntry as Entry, BaselineOutcome as Outcome, Finding, Report};

/// The format version in `"version"`.
pub const VERSION: u64 = 1;

/// A baseline: accepted findings by key, with counts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// Always 1, the format version.
    pub version: u64,
    /// The accepted findings, sorted.
    pub findings: Vec<Entry>,
}

/// Why a baseline file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaselineError {
    /// What is wrong, with the line and column when known.
    pub message: String,
}

impl std::fmt::Display for BaselineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for BaselineError {}

/// The matching key of an entry or finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    file: Option<String>,
    path: Option<String>,
    rule: String,
    /// The message when there is no path.
    message: Option<String>,
    /// `data` as canonical JSON (keys sorted at every level).
    data: String,
}

impl Entry {
    fn key(&self) -> Key {
        Key {
            file: self.file.clone(),
            path: self.path.clone(),
            rule: self.rule.clone(),
            message: self.path.is_none().then(|| self.message.clone()),
            data: canonical(&Value::Object(self.data.clone())),
        }
    }
}

/// JSON text with object keys sorted at every level.
fn canonical(value: &Value) -> String {
    fn sorted(value: &Value) -> Value {
        match value {
            Value::Object(map) => {
                let ordered: BTreeMap<&String, Value> = map.iter().map(|(k, v)| (k, sorted(v))).collect();
                let mut out = Map::new();
                for (k, v) in ordered {
                    out.insert(k.clone(), v);
                }
                Value::Object(out)
            }
            Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
            other => other.clone(),
        }
    }
    sorted(value).to_string()
}

/// `path` without `.` and with `..` resolved, lexically.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The file of a finding relative to `root`, with `/`.
fn file_key(finding: &Finding, root: &Path) -> Option<String> {
    let site = finding.site.as_ref()?;
    let path = normalize(&site.source.path);
    let root = normalize(root);
    Some(match path.strip_prefix(&root) {
        Ok(relative) => crate::text::display(relative),
        Err(_) => site.source.name.clone(),
    })
}

/// The entry a finding is recorded as: its node named by the identity of
/// the list members on the way ([`Site::key`](crate::report::Site)), so
/// that inserting or moving rows keeps it.
fn entry_of(finding: &Finding, root: &Path) -> Entry {
    Entry {
        rule: finding.rule.clone(),
        file: file_key(finding, root),
        path: finding
            .site
            .as_ref()
            .and_then(|s| s.key.clone().or_else(|| s.path.clone())),
        message: finding.message.clone(),
        data: finding.data.clone(),
        count: 1,
    }
}

/// The entry as baselines written before identity paths recorded it: the
/// node by its positions (`parts[4].tasks[1].items[1]`). Such baselines
/// still match.
fn positional_entry_of(finding: &Finding, root: &Path) -> Entry {
    Entry {
        rule: finding.rule.clone(),
        file: file_key(finding, root),
        path: finding.site.as_ref().and_then(|s| s.path.clone()),
        message: finding.message.clone(),
        data: finding.data.clone(),
        count: 1,
    }
}

impl Baseline {
    /// A stable identity of `finding`, the same across runs and when lines
    /// move: the key a baseline matches it by (its file relative to `root`,
    /// its tree path, rule and figures, or its message where it has no
    /// path), hashed to 32 hex digits (FNV-1a, two ways). Code-quality
    /// reports use it as their fingerprint.
    pub fn fingerprint(finding: &Finding, root: &Path) -> String {
        let key = entry_of(finding, root).key();
        let text = format!(
            "{}\u{0}{}\u{0}{}\u{0}{}\u{0}{}",
            key.file.unwrap_or_default(),
            key.path.unwrap_or_default(),
            key.rule,
            key.message.unwrap_or_default(),
            key.data
        );
        let fnv = |basis: u64| {
            text.bytes()
                .fold(basis, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
        };
        format!("{:016x}{:016x}", fnv(0xcbf2_9ce4_8422_2325), fnv(0x6c62_272e_07bb_0142))
    }

    /// The baseline of `findings`: every finding but those that mean the
    /// check could not be carried out. `root` is the project root that
    /// file names are made relative to.
    pub fn from_findings<'a>(findings: impl IntoIterator<Item = &'a Finding>, root: &Path) -> Baseline {
        let mut by_key: BTreeMap<Key, Entry> = BTreeMap::new();
        for finding in findings {
            if is_tool_error(&finding.rule) {
                continue;
            }
            let entry = entry_of(finding, root);
            by_key
                .entry(entry.key())
                .and_modify(|e| e.count += 1)
                .or_insert(entry);
        }
        let mut findings: Vec<Entry> = by_key.into_values().collect();
        findings.sort_by(|a, b| {
            (
                &a.file,
                &a.path,
                &a.rule,
                &a.message,
                canonical(&Value::Object(a.data.clone())),
            )
                .cmp(&(
                    &b.file,
                    &b.path,
                    &b.rule,
                    &b.message,
                    canonical(&Value::Object(b.data.clone())),
                ))
        });
        Baseline {
            version: VERSION,
            findings,
        }
    }

    /// The number of findings recorded (counts added up).
    pub fn len(&self) -> usize {
        self.findings.iter().map(|e| e.count).sum()
    }

    /// Whether no finding is recorded.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The file's text: pretty JSON, keys in a fixed order, a final newline.
    pub fn to_json(&self) -> String {
        let mut findings = Vec::with_capacity(self.findings.len());
        for entry in &self.findings {
            let mut map = Map::new();
            map.insert("rule".into(), entry.rule.clone().into());
            if let Some(file) = &entry.file {
                map.insert("file".into(), file.clone().into());
            }
            if let Some(path) = &entry.path {
                map.insert("path".into(), path.clone().into());
            }
            map.insert("message".into(), entry.message.clone().into());
            if !entry.data.is_empty() {
                let data = serde_json::from_str(&canonical(&Value::Object(entry.data.clone())))
                    .unwrap_or_else(|_| Value::Object(entry.data.clone()));
                map.insert("data".into(), data);
            }
            map.insert("count".into(), entry.count.into());
            findings.push(Value::Object(map));
        }
        let mut root = Map::new();
        root.insert("version".into(), VERSION.into());
        root.insert("findings".into(), Value::Array(findings));
        let mut text = serde_json::to_string_pretty(&Value::Object(root)).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Reads a baseline file's text.
    pub fn parse(text: &str) -> Result<Baseline, BaselineError> {
        let baseline: Baseline = serde_json::from_str(text).map_err(|err| BaselineError {
            message: format!("line {}, column {}: {err}", err.line(), err.column())
                .replace(&format!(" at line {} column {}", err.line(), err.column()), ""),
        })?;
        if baseline.version != VERSION {
            return Err(BaselineError {
                message: format!(
                    "version {} is not supported (this tally reads version {VERSION})",
                    baseline.version
                ),
            });
        }
        if let Some(entry) = baseline.findings.iter().find(|e| e.count == 0) {
            return Err(BaselineError {
                message: format!("the entry of `{}` has count 0; counts are 1 or more", entry.rule),
            });
        }
        // Entries with the same key add up; a sum past the largest count
        // would wrap around to a small one and accept the wrong findings.
        let mut totals: BTreeMap<Key, usize> = BTreeMap::new();
        for entry in &baseline.findings {
            let total = totals.entry(entry.key()).or_insert(0);
            *total = total.checked_add(entry.count).ok_or_else(|| BaselineError {
                message: format!(
                    "the counts of `{}` entries with the same key add up to more than {}",
                    entry.rule,
                    usize::MAX
                ),
            })?;
        }
        Ok(baseline)
    }

    /// Splits `findings` into the new ones (left in `findings`) and those the
    /// baseline accepts, and lists the entries no finding matched any more.
    /// `file` is the baseline's name as shown to the user.
    pub fn apply(&self, findings: &mut Vec<Finding>, root: &Path, file: impl Into<String>) -> Outcome {
        let mut left: BTreeMap<Key, (usize, &Entry)> = BTreeMap::new();
        for entry in &self.findings {
            left.entry(entry.key()).or_insert((0, entry)).0 += entry.count;
        }
        let mut matched = Vec::new();
        let mut kept = Vec::with_capacity(findings.len());
        for finding in findings.drain(..) {
            if is_tool_error(&finding.rule) {
                kept.push(finding);
                continue;
            }
            // By identity first, then as an older baseline recorded it.
            let keys = [
                entry_of(&finding, root).key(),
                positional_entry_of(&finding, root).key(),
            ];
            let found = keys
                .into_iter()
                .find(|key| left.get(key).is_some_and(|(n, _)| *n > 0));
            match found.and_then(|key| left.get_mut(&key)) {
                Some((n, _)) => {
                    *n -= 1;
                    matched.push(finding);
                }
                None => kept.push(finding),
            }
        }
        *findings = kept;
        let gone = left
            .into_values()
            .filter(|(n, _)| *n > 0)
            .map(|(n, e)| Entry {
                count: n,
                ..e.clone()
            })
            .collect();
        Outcome {
            file: file.into(),
            matched,
            gone,
        }
    }

    /// Applies the baseline to a report: the findings it accepts move out
    /// of [`Report::findings`] into [`Report::baseline`], so that counts and
    /// exit codes are about new findings only. `root` is the project root
    /// the baseline's file names are relative to; `name` is the baseline
    /// file as shown to the user.
    pub fn apply_to(&self, report: &mut Report, root: &Path, name: &str) {
        let outcome = self.apply(&mut report.findings, root, name);
        report.baseline = Some(outcome);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::report::{Severity, Site, SourceFile};
    use crate::span::Span;

    fn finding(text: &str, rule: &str, at: &str, path: &str, sum: i64) -> Finding {
        let source = Arc::new(SourceFile::new("data/t.ron", "/p/data/t.ron", text));
        let start = text.find(at).expect("in text");
        Finding::new(rule, Severity::Error, format!("sum is {sum}"))
            .at(Site::new(
                source,
                Span::new(start, start + at.len()),
                Some(path.into()),
            ))
            .with_data("sum", sum)
            .with_data("a", 1)
    }

    #[test]
    fn keys_survive_moved_lines_and_count_duplicates() {
        let before = "T(\n  x: 1,\n)";
        let old = [
            finding(before, "r", "1", "x", 5),
            finding(before, "r", "1", "x", 5),
            finding(before, "q", "1", "x", 5),
        ];
        let baseline = Baseline::from_findings(&old, Path::new("/p"));
        assert_eq!(baseline.findings.len(), 2);
        assert_eq!(baseline.len(), 3);
        assert_eq!(baseline.findings[1].count, 2);
        assert_eq!(baseline.findings[1].file.as_deref(), Some("data/t.ron"));

        // Two lines inserted above; one more duplicate; q's figure changed.
        let after = "T(\n\n\n  x: 1,\n)";
        let mut now = vec![
            finding(after, "r", "1", "x", 5),
            finding(after, "r", "1", "x", 5),
            finding(after, "r", "1", "x", 5),
            finding(after, "q", "1", "x", 6),
        ];
        let outcome = baseline.apply(&mut now, Path::new("/p/./"), "b.json");
        assert_eq!(outcome.matched.len(), 2);
        assert_eq!(now.len(), 2, "the third duplicate and the changed figure are new");
        assert_eq!(now[1].data["sum"], 6);
        assert_eq!(outcome.gone.len(), 1);
        assert_eq!(outcome.gone[0].rule, "q");
    }

    #[test]
    fn the_file_round_trips_and_is_deterministic() {
        let text = "T(\n  x: 1,\n)";
        let a = [finding(text, "r", "1", "x", 5), finding(text, "q", "1", "x", 5)];
        let b = [finding(text, "q", "1", "x", 5), finding(text, "r", "1", "x", 5)];
        let json = Baseline::from_findings(&a, Path::new("/p")).to_json();
        assert_eq!(json, Baseline::from_findings(&b, Path::new("/p")).to_json());
        assert!(
            json.contains("\"data\": {\n        \"a\": 1,\n        \"sum\": 5\n      }"),
            "{json}"
        );
        let parsed = Baseline::parse(&json).expect("parses");
        assert_eq!(parsed, Baseline::from_findings(&a, Path::new("/p")));
        assert!(Baseline::parse("{\"version\": 2, \"findings\": []}")
            .expect_err("version")
            .message
            .contains("version 2"));
        assert!(Baseline::parse("{\"version\": 1, \"findngs\": []}")
            .expect_err("typo")
            .message
            .contains("line 1"));
    }
}
