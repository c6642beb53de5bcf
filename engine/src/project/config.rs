//! `tally.ron`: where the data and rules are, which rules run, at what
//! severity, with which parameters and bounds.
//!
//! ```ron
//! Config(
//!     data: ["data"],
//!     rules: "rules",
//!     ignore: ["growth-rate-out-of-range"],
//!     severity: {"unit-name-variant": "warning"},
//!     params: {"growth-rate-out-of-range": {"min": -50.0, "max": 100.0}},
//!     limits: (deadline_ms: 5000),
//!     baseline: "tally-baseline.json",
//! )
//! ```
//!
//! Every key is checked: an unknown key, a value of the wrong type, an
//! unknown rule id (in `select`, `ignore`, `severity`, `params`,
//! `per_file_ignores`), an invalid severity or a `per_file_ignores` file
//! that does not exist is a `config-error` finding at its place in the file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use crate::load;
use crate::report::{Finding, Severity, Site, SourceFile, CONFIG_ERROR};
use crate::rules::ParamValue;
use crate::runtime::{Limits, MAX_DEPTH};
use crate::text;
use tally_i18n::Catalogue;

/// The file name looked for in the current directory and its parents.
pub const FILE_NAME: &str = "tally.ron";

/// The contents of `tally.ron`. Paths are relative to the file's folder.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Data files or folders (default `["data"]`).
    pub data: Vec<PathBuf>,
    /// The rules folder (default `rules`). Written `"rules"`.
    #[serde(deserialize_with = "path_or_option")]
    pub rules: Option<PathBuf>,
    /// The schemas folder (default `schemas`): one schema file per table
    /// kind. Written `"schemas"`.
    #[serde(deserialize_with = "path_or_option")]
    pub schemas: Option<PathBuf>,
    /// Only these rules run (default: all). Written `["a", "b"]` (or
    /// `Some(["a", "b"])`).
    #[serde(deserialize_with = "list_or_option")]
    pub select: Option<Vec<String>>,
    /// These rules do not run.
    pub ignore: Vec<String>,
    /// Severity overrides: rule id → `error`, `warning` or `info`.
    pub severity: BTreeMap<String, String>,
    /// Rules to ignore per data file or folder: path (relative) → rule ids.
    pub per_file_ignores: BTreeMap<String, Vec<String>>,
    /// Parameters rules read with `param(name, default)`: rule id → name → value.
    #[serde(deserialize_with = "params")]
    pub params: BTreeMap<String, BTreeMap<String, ParamValue>>,
    /// Sandbox bounds.
    pub limits: Limits,
    /// A baseline file that `tally check` applies
    /// unless told otherwise. Written `"tally-baseline.json"`.
    #[serde(deserialize_with = "path_or_option")]
    pub baseline: Option<PathBuf>,
    /// The interface language, `"zh"` or `"en"` (default: the locale's).
    pub lang: String,
    /// Workbooks checked in place: path (relative; `*` in the file name
    /// matches any run of characters) → the tables in its sheets.
    pub workbooks: BTreeMap<String, Vec<WorkbookTable>>,
    /// The file this configuration was read from, set when the file is read; used to
    /// point errors at their place.
    #[serde(skip)]
    pub origin: Option<Origin>,
    /// The language of its `config-error`s (the interface language of the
    /// front end that read it).
    #[serde(skip)]
    pub ui: tally_i18n::Lang,
}

/// One table of a workbook in `workbooks`:
/// `(sheets: ["附件2", "附件3"], kind: "TargetTable", layout: "breakdown")`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WorkbookTable {
    /// The sheets that hold the table (default: every visible sheet for
    /// `breakdown`, the first visible one for `records`).
    pub sheets: Vec<String>,
    /// The table kind (a schema in `schemas/`).
    pub kind: String,
    /// `records` (default) or `breakdown`.
    pub layout: String,
}

/// The layouts a workbook's sheets may have.
pub const LAYOUTS: &[&str] = &["records", "breakdown"];

/// `select: ["a"]` as well as `select: Some(["a"])` and `select: None`:
/// RON wants `Some(..)` around an optional value, which nobody writes in a
/// configuration file.
fn list_or_option<'de, D>(deserializer: D) -> Result<Option<Vec<String>>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    struct Visitor;

    impl<'de> serde::de::Visitor<'de> for Visitor {
        type Value = Option<Vec<String>>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a list of rule ids")
        }

        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D2: serde::Deserializer<'de>>(self, d: D2) -> Result<Self::Value, D2::Error> {
            Vec::<String>::deserialize(d).map(Some)
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(id) = seq.next_element::<String>()? {
                out.push(id);
            }
            Ok(Some(out))
        }
    }

    deserializer.deserialize_any(Visitor)
}

/// Parameters as RON writes them, in tally's own value type.
fn params<'de, D>(deserializer: D) -> Result<BTreeMap<String, BTreeMap<String, ParamValue>>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let read = BTreeMap::<String, BTreeMap<String, ron::Value>>::deserialize(deserializer)?;
    Ok(read
        .into_iter()
        .map(|(id, params)| {
            let params = params
                .iter()
                .map(|(name, value)| (name.clone(), ParamValue::from_ron(value)))
                .collect();
            (id, params)
        })
        .collect())
}

/// `rules: "dir"` as well as `rules: Some("dir")` and `rules: None`.
fn path_or_option<'de, D>(deserializer: D) -> Result<Option<PathBuf>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    struct Visitor;

    impl<'de> serde::de::Visitor<'de> for Visitor {
        type Value = Option<PathBuf>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a path in a string")
        }

        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D2: serde::Deserializer<'de>>(self, d: D2) -> Result<Self::Value, D2::Error> {
            PathBuf::deserialize(d).map(Some)
        }

        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(PathBuf::from(v)))
        }
    }

    deserializer.deserialize_any(Visitor)
}

/// Where a configuration was read from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    /// The file on disk.
    pub path: PathBuf,
    /// Its name as shown to the user.
    pub name: String,
}

/// Walks up from `start` to find `tally.ron`.
///
/// The first `tally.ron` found is the project's, whatever it is: one that
/// cannot be used (a folder, a named pipe, a dangling link) is an error
/// from [`load`], not a reason to go on upward to a parent's configuration.
pub(crate) fn find(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| std::fs::symlink_metadata(candidate).is_ok())
}

/// The largest `tally.ron` read (a configuration is a few hundred bytes).
const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// Reads `tally.ron`: a regular file inside its own folder (a link may
/// lead to another file of that folder, nowhere else), of at most
/// [`MAX_CONFIG_BYTES`]. An error says why and shows nothing of the file:
/// `tally.ron -> /proc/self/environ` must not print a CI's secrets.
fn read_config(path: &Path, display_name: &str, t: &Catalogue) -> Result<Vec<u8>, Box<Finding>> {
    use std::io::Read as _;
    let refuse = |key: &str, error: Option<&std::io::Error>| {
        let error = error.map(|e| crate::load::io_error_text(e, t)).unwrap_or_default();
        let args = [
            ("name", display_name.into()),
            ("error", error.into()),
            ("kib", (MAX_CONFIG_BYTES >> 10).into()),
        ];
        let mut finding = Finding::new(CONFIG_ERROR, Severity::Error, t.text(key, &args));
        finding.help = t.attr(key, "help", &args);
        Box::new(finding)
    };
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(_) if is_link => return Err(refuse("config-dangling-link", None)),
        Err(err) => return Err(refuse("config-unreadable", Some(&err))),
    };
    if !meta.is_file() {
        return Err(refuse("config-not-a-file", None));
    }
    let folder = path.parent().and_then(|f| std::fs::canonicalize(f).ok());
    let target = std::fs::canonicalize(path).ok();
    if is_link && !matches!((&target, &folder), (Some(t), Some(f)) if t.starts_with(f)) {
        return Err(refuse("config-outside-link", None));
    }
    if meta.len() > MAX_CONFIG_BYTES {
        return Err(refuse("config-too-large", None));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_CONFIG_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|err| refuse("config-unreadable", Some(&err)))?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(refuse("config-too-large", None));
    }
    Ok(bytes)
}

/// Reads and validates a `tally.ron`. An error is a `config-error` finding
/// at the offending spot (an unknown key, a value of the wrong type).
pub(crate) fn load(path: &Path, display_name: &str, ui: tally_i18n::Lang) -> Result<Config, Box<Finding>> {
    let t = Catalogue::new(ui);
    let t = &t;
    let bytes = read_config(path, display_name, t)?;
    let (text, _) = load::decode(&bytes);
    let source = Arc::new(SourceFile::new(display_name, path, text));
    // Our parser first: its errors point at the exact spot.
    if let Err(err) = load::parse(&source.text) {
        return Err(Box::new(
            Finding::new(
                CONFIG_ERROR,
                Severity::Error,
                t.text(
                    "config-not-ron",
                    &[("name", display_name.into()), ("message", err.message.as_str().into())],
                ),
            )
            .at(Site::new(source.clone(), err.span, None)),
        ));
    }
    let mut config = ron::from_str::<Config>(&source.text).map_err(|err| {
        let span = load::ron_span(&source, &err);
        let message = match &err.code {
            ron::Error::NoSuchStructField { expected, found, .. } => {
                let known: Vec<&str> = expected.to_vec();
                let args = [
                    ("key", found.as_str().into()),
                    ("name", display_name.into()),
                    ("keys", text::join_in(t, &known).into()),
                ];
                return Box::new(
                    Finding::new(CONFIG_ERROR, Severity::Error, t.text("config-unknown-key", &args))
                        .at(Site::new(source.clone(), span, None))
                        .with_label(t.attr("config-unknown-key", "label", &args).unwrap_or_default())
                        .with_help(text::did_you_mean_in(
                            t,
                            text::suggest(found, known.iter().copied()),
                            &t.attr("config-unknown-key", "help", &args).unwrap_or_default(),
                        )),
                );
            }
            other => load::describe_ron_error(other),
        };
        Box::new(
            Finding::new(
                CONFIG_ERROR,
                Severity::Error,
                t.text("config-invalid", &[("name", display_name.into()), ("message", message.into())]),
            )
            .at(Site::new(source.clone(), span, None)),
        )
    })?;
    config.origin = Some(Origin {
        path: path.to_path_buf(),
        name: display_name.to_owned(),
    });
    config.ui = ui;
    Ok(config)
}

/// Whether `path` (relative to `root`) lies inside `root`, symbolic links
/// followed where it exists, by its components where it does not.
fn inside(root: &Path, path: &Path) -> bool {
    let full = root.join(path);
    match (std::fs::canonicalize(&full), std::fs::canonicalize(root)) {
        (Ok(full), Ok(root)) => full.starts_with(root),
        _ => {
            !path.is_absolute()
                && !path.components().any(|c| {
                    matches!(
                        c,
                        std::path::Component::ParentDir | std::path::Component::Prefix(_)
                    )
                })
        }
    }
}

impl Config {
    /// A `config-error` finding at the node with tree path `path` of the
    /// file this configuration was read from (at the whole file, or at no
    /// place, when that node cannot be found).
    pub fn error_at(&self, path: &str, message: impl Into<String>) -> Finding {
        let finding = Finding::new(CONFIG_ERROR, Severity::Error, message);
        let Some(origin) = &self.origin else {
            return finding;
        };
        let Ok(bytes) = read_config(&origin.path, &origin.name, &Catalogue::new(self.ui)) else {
            return finding;
        };
        let (text, _) = load::decode(&bytes);
        let source = Arc::new(SourceFile::new(origin.name.clone(), &origin.path, text));
        let Ok(doc) = load::parse(&source.text) else {
            return finding;
        };
        let node = doc.find(path).unwrap_or(doc.root());
        let span = doc.span(node).unwrap_or_default();
        finding.at(Site::new(source, span, Some(path.to_owned())))
    }

    /// [`Config::error_at`] with the message `key` of the configuration's
    /// catalogue, its `.label` and `.help`.
    fn error_said(&self, t: &Catalogue, path: &str, key: &str, args: &[(&str, tally_i18n::Arg<'_>)]) -> Finding {
        let mut finding = self.error_at(path, t.text(key, args));
        finding.label = t.attr(key, "label", args);
        finding.help = t.attr(key, "help", args);
        finding
    }

    /// Checks what can be checked without the rules: severities are
    /// `error`, `warning` or `info`, every `per_file_ignores` file exists
    /// below `root`, and the data paths, the rules folder and the baseline
    /// lie inside `root` (the folder of tally.ron).
    pub fn check_values(&self, root: &Path) -> Result<(), Box<Finding>> {
        let t = &Catalogue::new(self.ui);
        if !self.lang.is_empty() && tally_i18n::Lang::parse(&self.lang).is_none() {
            return Err(Box::new(self.error_said(t, "lang", "config-lang", &[("lang", self.lang.as_str().into())])));
        }
        // A tally.ron comes with the data it configures, from whoever
        // pushed it: `data: ["/proc/self/environ"]` must not make a CI
        // run print its secrets in a parse error.
        let named = self
            .data
            .iter()
            .enumerate()
            .map(|(i, p)| (format!("data[{i}]"), "data", p))
            .chain(self.rules.iter().map(|p| ("rules".to_owned(), "rules", p)))
            .chain(self.schemas.iter().map(|p| ("schemas".to_owned(), "schemas", p)))
            .chain(
                self.baseline
                    .iter()
                    .map(|p| ("baseline".to_owned(), "baseline", p)),
            );
        for (at, key, path) in named {
            if path.as_os_str().is_empty() {
                return Err(Box::new(self.error_said(t, &at, "config-empty-path", &[("key", key.into())])));
            }
            if !inside(root, path) {
                let args = [("key", key.into()), ("path", path.display().to_string().into())];
                return Err(Box::new(self.error_said(t, &at, "config-outside", &args)));
            }
        }
        for (key, value) in [
            ("max_call_depth", self.limits.max_call_depth),
            ("max_expr_depth", self.limits.max_expr_depth),
        ] {
            if value > MAX_DEPTH {
                let args = [("key", key.into()), ("value", value.into()), ("max", MAX_DEPTH.into())];
                return Err(Box::new(self.error_said(t, &format!("limits.{key}"), "config-too-deep", &args)));
            }
        }
        if self.select.as_ref().is_some_and(|s| s.iter().all(|id| id.trim().is_empty())) {
            return Err(Box::new(self.error_said(t, "select", "config-empty-select", &[])));
        }
        for (id, value) in &self.severity {
            if Severity::parse(value).is_none() {
                let args = [("value", value.as_str().into()), ("id", id.as_str().into())];
                return Err(Box::new(self.error_said(t, &format!("severity[{id:?}]"), "config-severity", &args)));
            }
        }
        for (file, tables) in &self.workbooks {
            if !inside(root, Path::new(file)) {
                return Err(Box::new(
                    self.error_at(
                        &format!("workbooks[{file:?}]@key"),
                        format!("`workbooks` names `{file}`, outside the folder of tally.ron"),
                    )
                    .with_label("outside the project")
                    .with_help("name a workbook inside the project, relative to the folder of tally.ron"),
                ));
            }
            for (i, table) in tables.iter().enumerate() {
                let layout = if table.layout.is_empty() { "records" } else { table.layout.as_str() };
                if !LAYOUTS.contains(&layout) {
                    return Err(Box::new(
                        self.error_at(
                            &format!("workbooks[{file:?}][{i}].layout"),
                            format!("unknown layout `{}`", table.layout),
                        )
                        .with_label("not a layout")
                        .with_help("a layout is \"records\" (one record per row) or \"breakdown\" (regions down, indicators across)"),
                    ));
                }
                if table.kind.trim().is_empty() {
                    return Err(Box::new(
                        self.error_at(
                            &format!("workbooks[{file:?}][{i}]"),
                            format!("a table of `{file}` names no kind"),
                        )
                        .with_label("no kind")
                        .with_help("add `kind: \"TargetTable\"` (a schema in `schemas/`)"),
                    ));
                }
            }
        }
        for file in self.per_file_ignores.keys() {
            if !root.join(file).exists() {
                let at = format!("per_file_ignores[{file:?}]@key");
                return Err(Box::new(self.error_said(t, &at, "config-no-such-file", &[("file", file.as_str().into())])));
            }
        }
        Ok(())
    }

    /// Checks that every rule id the configuration names is known:
    /// `unknown(id)` is `None` for a known id, else `Some` of a suggestion.
    pub(crate) fn check_rule_ids<'a>(
        &self,
        unknown: impl Fn(&str) -> Option<Option<&'a str>>,
    ) -> Result<(), Box<Finding>> {
        let mut named: Vec<(String, &str)> = Vec::new();
        for (i, id) in self.select.iter().flatten().enumerate() {
            named.push((format!("select[{i}]"), id));
        }
        for (i, id) in self.ignore.iter().enumerate() {
            named.push((format!("ignore[{i}]"), id));
        }
        for id in self.severity.keys() {
            named.push((format!("severity[{id:?}]@key"), id));
        }
        for id in self.params.keys() {
            named.push((format!("params[{id:?}]@key"), id));
        }
        for (file, ids) in &self.per_file_ignores {
            for (i, id) in ids.iter().enumerate() {
                named.push((format!("per_file_ignores[{file:?}][{i}]"), id));
            }
        }
        for (path, id) in named {
            if let Some(suggestion) = unknown(id) {
                return Err(Box::new(self.unknown_rule_at(&path, id, suggestion)));
            }
        }
        Ok(())
    }

    /// A located `config-error` for an unknown rule id that `select` or
    /// `ignore` names, if they do; `None` if the id is not in this file.
    pub fn unknown_rule(&self, id: &str, suggestion: Option<&str>) -> Option<Finding> {
        let path = self
            .select
            .iter()
            .flatten()
            .position(|s| s == id)
            .map(|i| format!("select[{i}]"))
            .or_else(|| {
                self.ignore
                    .iter()
                    .position(|s| s == id)
                    .map(|i| format!("ignore[{i}]"))
            })?;
        Some(self.unknown_rule_at(&path, id, suggestion))
    }

    fn unknown_rule_at(&self, path: &str, id: &str, suggestion: Option<&str>) -> Finding {
        let name = self.origin.as_ref().map_or(FILE_NAME, |o| o.name.as_str());
        let t = &Catalogue::new(self.ui);
        let args = [("id", id.into()), ("name", name.into())];
        let mut finding = self.error_said(t, path, "config-unknown-rule", &args);
        finding.help = Some(text::did_you_mean_in(t, suggestion, &t.text("rules-listed", &[])));
        finding
    }

    /// Severity overrides, parsed; an invalid severity is an error message.
    pub fn severities(&self) -> Result<BTreeMap<String, Severity>, String> {
        self.severity
            .iter()
            .map(|(id, s)| {
                Severity::parse(s).map(|sev| (id.clone(), sev)).ok_or_else(|| {
                    Catalogue::new(self.ui).text(
                        "config-severity-expected",
                        &[("value", s.as_str().into()), ("id", id.as_str().into())],
                    )
                })
            })
            .collect()
    }
}
