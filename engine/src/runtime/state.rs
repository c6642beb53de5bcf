//! The state of one rule's run and `report()`: where its findings and
//! prints go, and how a value read from the data becomes a located finding.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use rhai::{Array, Dynamic, Map, Position};

use super::figures::{error, round_figure, Result};
use super::limits::Limits;
use super::view::DataView;
use crate::report::{Finding, Severity, Site};
use crate::span::NodeKind;

/// Per-run state of one rule: where its findings and prints go.
#[derive(Debug)]
pub struct RunState {
    /// The data.
    pub view: Arc<DataView>,
    /// The rule's id.
    pub rule: String,
    /// The rule's severity.
    pub severity: Severity,
    /// Parameters from `tally.ron`.
    pub params: Map,
    /// Findings so far.
    pub findings: Mutex<Vec<Finding>>,
    /// Printed lines so far, and how many were dropped.
    pub prints: Mutex<(Vec<String>, usize)>,
    /// Bound on findings.
    pub max_findings: usize,
    /// Bound on the bytes of text in findings, and what they hold so far.
    pub finding_bytes: FindingBytes,
    /// Bound on kept prints.
    pub max_prints: usize,
    /// Whether the rule asked for tables by kind (`tables`, `table`).
    pub asked_tables: AtomicBool,
    /// How many tables those calls gave it.
    pub tables_read: AtomicUsize,
    /// The interface language, for the rule API's own errors.
    pub catalogue: Arc<tally_i18n::Catalogue>,
    /// For a rule that looks at one table at a time: the table of this run.
    pub focus: Option<Focus>,
    /// The other kinds it asked for (see [`RunOutput::kinds_read`](super::RunOutput)).
    pub kinds_read: Mutex<Vec<String>>,
    /// Where an array or string was refused for growing past its bound:
    /// the module (`None`: the rule's own file) and the position. Rhai
    /// hands the error on without it.
    pub too_large_at: Mutex<Option<(Option<String>, Position)>>,
}

/// The one table a run of an `EACH_TABLE` rule looks at: `tables(kind)`
/// of one of its kinds gives only that table, or none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Focus {
    /// The kinds the rule looks at one table at a time.
    pub kinds: Vec<String>,
    /// The table's index among the view's files.
    pub file: usize,
}

impl Focus {
    /// Whether `kind` is one of the kinds the run looks at one table at a time.
    pub fn covers(&self, kind: &str) -> bool {
        self.kinds.iter().any(|k| k == kind)
    }
}

impl RunState {
    /// Notes where a growth was refused (see [`RunState::too_large_at`]).
    pub fn note_too_large(&self, module: Option<&str>, pos: Position) {
        if let Ok(mut at) = self.too_large_at.lock() {
            at.get_or_insert((module.map(str::to_owned), pos));
        }
    }

    /// Notes that `tables(kind)` or `table(kind)` gave the rule `count` tables.
    pub fn note_tables(&self, count: usize) {
        self.asked_tables.store(true, Ordering::Relaxed);
        self.tables_read.fetch_add(count, Ordering::Relaxed);
    }

    /// Notes that the rule asked for the tables of `kind` (not the kind it
    /// looks at one at a time): its result depends on them.
    pub fn note_kind(&self, kind: &str) {
        if let Ok(mut kinds) = self.kinds_read.lock() {
            if !kinds.iter().any(|k| k == kind) {
                kinds.push(kind.to_owned());
            }
        }
    }

    /// Whether the rule asked for tables and was given none.
    pub fn read_no_table(&self) -> bool {
        self.asked_tables.load(Ordering::Relaxed) && self.tables_read.load(Ordering::Relaxed) == 0
    }
}

/// The bytes of text a run's findings hold so far, against the run's
/// `max_finding_bytes`: a rule that reports a long text many times stops
/// at a `rule-error` instead of filling memory and the output.
#[derive(Debug)]
pub struct FindingBytes {
    max: usize,
    used: AtomicUsize,
}

impl FindingBytes {
    /// None used yet, of `max`.
    pub fn new(max: usize) -> Self {
        FindingBytes {
            max,
            used: AtomicUsize::new(0),
        }
    }

    /// Counts `bytes` more, unless that would pass the bound. Called with
    /// the run's findings locked, so a load and a store suffice.
    fn take(&self, bytes: usize) -> bool {
        let used = self.used.load(Ordering::Relaxed);
        match used.checked_add(bytes) {
            Some(total) if total <= self.max => {
                self.used.store(total, Ordering::Relaxed);
                true
            }
            _ => false,
        }
    }
}

/// `text`, cut to at most [`Limits::MAX_FINDING_TEXT`] characters: a longer
/// one keeps its first characters and ends in `…` (on a character
/// boundary, so the cut text is still valid UTF-8 of whole characters).
pub(super) fn cut(text: &str) -> String {
    let max = Limits::MAX_FINDING_TEXT;
    if text.len() <= max {
        return text.to_owned();
    }
    let mut chars = text.char_indices();
    match chars.nth(max - 1) {
        Some((at, _)) if chars.next().is_some() => format!("{}…", &text[..at]),
        _ => text.to_owned(),
    }
}

/// A value given as a finding's text (`help`, `label`), cut: a string is
/// read where it is, not copied whole first.
fn cut_value(value: &Dynamic) -> String {
    match value.clone().into_immutable_string() {
        Ok(text) => cut(&text),
        Err(_) => cut(&value.to_string()),
    }
}

/// The bytes of text a finding holds: message, label, help, related
/// messages and figures as JSON (what every output repeats).
fn text_bytes(finding: &Finding) -> usize {
    /// Counts what is written.
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut figures = Count(0);
    if !finding.data.is_empty() {
        // Writing to a counter does not fail.
        let _ = serde_json::to_writer(&mut figures, &finding.data);
    }
    finding.message.len()
        + finding.label.as_ref().map_or(0, String::len)
        + finding.help.as_ref().map_or(0, String::len)
        + finding.related.iter().map(|r| r.message.len()).sum::<usize>()
        + figures.0
}

/// Where an engine kept between runs finds the state of the run it is
/// serving: the functions that write findings and prints are registered
/// once per engine, and read the current run from here.
#[derive(Debug, Default)]
pub struct RunSlot(Mutex<Option<Arc<RunState>>>);

impl RunSlot {
    /// Serves `state` from now on (`None`: no run).
    ///
    /// The view's own functions (`tables`, `parent`, …) are bound to the
    /// engine's view; a state for another view must not be set.
    pub fn set(&self, state: Option<Arc<RunState>>) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = state;
        }
    }

    pub(super) fn current(&self) -> Option<Arc<RunState>> {
        self.0.lock().ok()?.clone()
    }

    pub(super) fn get(&self, pos: Position) -> Result<Arc<RunState>> {
        self.current()
            .ok_or_else(|| error("the rule API was called outside a rule's run", pos))
    }
}

/// JSON for figures attached to findings.
pub(super) fn to_json(value: &Dynamic, depth: usize) -> serde_json::Value {
    if depth > 16 {
        return serde_json::Value::Null;
    }
    if value.is_shared() {
        return to_json(&value.flatten_clone(), depth);
    }
    if value.is_unit() {
        return serde_json::Value::Null;
    }
    if let Ok(b) = value.as_bool() {
        return b.into();
    }
    if let Ok(i) = value.as_int() {
        return i.into();
    }
    if let Ok(f) = value.as_float() {
        return serde_json::Number::from_f64(round_figure(f))
            .map_or(serde_json::Value::Null, serde_json::Value::Number);
    }
    if let Some(a) = value.read_lock::<Array>() {
        return a.iter().map(|v| to_json(v, depth + 1)).collect();
    }
    if let Some(m) = value.read_lock::<Map>() {
        return m
            .iter()
            .map(|(k, v)| (k.to_string(), to_json(v, depth + 1)))
            .collect::<serde_json::Map<_, _>>()
            .into();
    }
    serde_json::Value::String(value.to_string())
}

impl RunState {
    pub(super) fn site(&self, node: &Dynamic) -> Option<Site> {
        self.view.site(node)
    }

    /// Reports at the key `key` of the map `map` (map keys are plain
    /// strings in Rhai and carry no location of their own).
    pub(super) fn report_key(
        &self,
        pos: Position,
        map: &Dynamic,
        key: &str,
        message: &str,
        options: Option<&Map>,
    ) -> Result<()> {
        let located = self.view.locate(map.tag()).and_then(|(file, id)| {
            let doc = file.doc()?;
            match doc.kind(id)? {
                NodeKind::Map(entries) => entries
                    .iter()
                    .find(|(k, _)| doc.key_text(*k) == key)
                    .and_then(|(k, _)| file.file.site(*k)),
                _ => None,
            }
        });
        let site = located.ok_or_else(|| error(self.say("api-report-key", &[("key", key.into())]), pos))?;
        self.push(pos, site, message, options)
    }

    /// The rule API's own words in the interface language.
    fn say(&self, key: &str, args: &[(&str, tally_i18n::Arg<'_>)]) -> String {
        self.catalogue.text(key, args)
    }

    pub(super) fn report(&self, pos: Position, node: &Dynamic, message: &str, options: Option<&Map>) -> Result<()> {
        let site = self.site(node).ok_or_else(|| {
            let why = if node.is_string() {
                // Rhai keeps one copy of each text a variable holds, and
                // that copy has no place in the data (issue 17).
                "api-report-stored-text"
            } else {
                "api-report-computed"
            };
            error(self.say(why, &[]), pos)
        })?;
        self.push(pos, site, message, options)
    }

    pub(super) fn push(&self, pos: Position, site: Site, message: &str, options: Option<&Map>) -> Result<()> {
        let mut finding = Finding::new(self.rule.clone(), self.severity, cut(message)).at(site);
        if let Some(options) = options {
            for (key, value) in options {
                match key.as_str() {
                    "help" => finding.help = Some(cut_value(value)),
                    "label" => finding.label = Some(cut_value(value)),
                    "data" => {
                        if let serde_json::Value::Object(map) = to_json(value, 0) {
                            finding.data = map;
                        } else {
                            return Err(error(self.say("api-report-data", &[]), pos));
                        }
                    }
                    "related" => {
                        let list = value
                            .read_lock::<Array>()
                            .map(|a| a.clone())
                            .ok_or_else(|| error(self.say("api-report-related", &[]), pos))?;
                        for entry in list {
                            let (node, message) = related_pair(&entry)
                                .ok_or_else(|| error(self.say("api-report-related-entry", &[]), pos))?;
                            let site = self
                                .site(&node)
                                .ok_or_else(|| error(self.say("api-report-related-computed", &[]), pos))?;
                            finding.related.push(crate::report::Related { message, site });
                        }
                    }
                    other => {
                        return Err(error(self.say("api-report-option", &[("option", other.into())]), pos))
                    }
                }
            }
        }
        let mut findings = self
            .findings
            .lock()
            .map_err(|_| error("internal: findings lock poisoned", pos))?;
        if findings.len() >= self.max_findings {
            return Err(error(
                self.say("api-max-findings", &[("max", self.max_findings.into())]),
                pos,
            ));
        }
        if !self.finding_bytes.take(text_bytes(&finding)) {
            return Err(error(
                self.say("api-max-finding-bytes", &[("max", self.finding_bytes.max.into())]),
                pos,
            ));
        }
        findings.push(finding);
        Ok(())
    }
}

/// `[node, message]` or `#{node: .., message: ..}`, the message cut.
pub(super) fn related_pair(entry: &Dynamic) -> Option<(Dynamic, String)> {
    if let Some(pair) = entry.read_lock::<Array>() {
        if pair.len() == 2 {
            return Some((pair[0].clone(), cut_value(&pair[1])));
        }
        return None;
    }
    if let Some(map) = entry.read_lock::<Map>() {
        let node = map.get("node")?.clone();
        let message = map.get("message").map(cut_value).unwrap_or_default();
        return Some((node, message));
    }
    None
}

