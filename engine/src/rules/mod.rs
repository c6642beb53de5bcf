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
