//! Rule discovery and metadata.
//!
//! A rule is one `.rhai` file that declares, in the file itself, its id,
//! severity, title and explanation, so that staff never touch Rust:
//!
//! ```text
//! //! ## What it checks
//! //! …
//! //! ## Why it matters
//! //! …
//! //! ## Example
//! //! …
//! const ID = "breakdown-sum-mismatch";
//! const SEVERITY = "error";
//! const TITLE = "regional breakdown does not add up to the city line";
//!
//! fn check(data) { … }
//! ```

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::report::Severity;

/// Where a rule comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleOrigin {
    /// A Rhai script on disk.
    Script(PathBuf),
    /// A native check registered through [`crate::Check`].
    Native,
}

/// What a rule says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleMeta {
    /// Stable kebab-case id.
    pub id: String,
    /// Default severity of its findings.
    pub severity: Severity,
    /// One-line title.
    pub title: String,
    /// Markdown explanation: what it checks, why it matters, an example.
    pub explanation: String,
    /// Where it is defined.
    pub origin: RuleOrigin,
}

impl RuleMeta {
    /// Whether `id` may be a rule's id: stable kebab-case (`a-z`, `0-9`
    /// and single dashes, starting with a letter).
    pub fn is_valid_id(id: &str) -> bool {
        crate::text::is_kebab_case(id)
    }
}

/// The value of a rule parameter, as `params` in `tally.ron` or
/// [`EngineBuilder::param`](crate::EngineBuilder::param) gives it; rules
/// read it with `param(name, default)`, native checks with
/// [`CheckContext::param`](crate::CheckContext::param).
#[derive(Debug, Clone, PartialEq)]
pub enum ParamValue {
    /// `()` or `None`.
    Unit,
    /// `true` or `false`.
    Bool(bool),
    /// A whole number written without a decimal point.
    Int(i64),
    /// A number with a decimal point or an exponent.
    Float(f64),
    /// A character, `'x'`.
    Char(char),
    /// Text.
    Text(String),
    /// A list.
    List(Vec<ParamValue>),
    /// A map with text keys.
    Map(BTreeMap<String, ParamValue>),
}

impl ParamValue {
    /// The value as a number, if it is one.
    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            ParamValue::Int(i) => Some(i as f64),
            ParamValue::Float(f) => Some(f),
            _ => None,
        }
    }

    /// The value as text, if it is text.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            ParamValue::Text(s) => Some(s),
            _ => None,
        }
    }

    /// A value read by `ron` from `tally.ron`.
    pub(crate) fn from_ron(value: &ron::Value) -> ParamValue {
        match value {
            ron::Value::Bool(b) => ParamValue::Bool(*b),
            ron::Value::Char(c) => ParamValue::Char(*c),
            ron::Value::String(s) => ParamValue::Text(s.clone()),
            ron::Value::Number(n) => {
                let f = n.into_f64();
                if f.fract() == 0.0 && !matches!(n, ron::Number::F32(_) | ron::Number::F64(_)) {
                    ParamValue::Int(f as i64)
                } else {
                    ParamValue::Float(f)
                }
            }
            ron::Value::Option(Some(v)) => ParamValue::from_ron(v),
            ron::Value::Seq(items) => ParamValue::List(items.iter().map(ParamValue::from_ron).collect()),
            ron::Value::Map(map) => ParamValue::Map(
                map.iter()
                    .map(|(k, v)| {
                        let key = match k {
                            ron::Value::String(s) => s.clone(),
                            other => format!("{other:?}"),
                        };
                        (key, ParamValue::from_ron(v))
                    })
                    .collect(),
            ),
            _ => ParamValue::Unit,
        }
    }
}

impl From<bool> for ParamValue {
    fn from(b: bool) -> Self {
        ParamValue::Bool(b)
    }
}

impl From<i64> for ParamValue {
    fn from(i: i64) -> Self {
        ParamValue::Int(i)
    }
}

impl From<f64> for ParamValue {
    fn from(f: f64) -> Self {
        ParamValue::Float(f)
    }
}

impl From<&str> for ParamValue {
    fn from(s: &str) -> Self {
        ParamValue::Text(s.to_owned())
    }
}

impl From<String> for ParamValue {
    fn from(s: String) -> Self {
        ParamValue::Text(s)
    }
}
