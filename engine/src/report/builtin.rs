//! The ids of the findings tally makes itself, in one place.

/// A finding id that tally itself reports, as opposed to a rule's.
///
/// Rules may not take these ids. The metadata of the ones that run as
/// checks (title, explanation, default severity) is in the checks
/// registry; this enum only names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Builtin {
    /// A data file that is not valid RON (or not UTF-8).
    Parse,
    /// Data that does not fit its table's kind.
    Shape,
    /// A map that names the same key twice.
    DuplicateKey,
    /// A name that must be in another table (a schema's reference) is not.
    UnknownReference,
    /// A table whose kind has no schema (or whose root names no kind).
    NoSchema,
    /// A suppression without a reason, or that silences nothing.
    UnusedSuppression,
    /// A malformed `tally:` comment, or one naming an unknown rule.
    InvalidSuppression,
    /// A rule that fails to compile, errors or breaks a bound.
    RuleError,
    /// An invalid `tally.ron`.
    ConfigError,
    /// A file that cannot be read.
    Io,
}

impl Builtin {
    /// Every built-in id, in this order.
    pub const ALL: [Builtin; 10] = [
        Builtin::Parse,
        Builtin::Shape,
        Builtin::DuplicateKey,
        Builtin::UnknownReference,
        Builtin::NoSchema,
        Builtin::UnusedSuppression,
        Builtin::InvalidSuppression,
        Builtin::RuleError,
        Builtin::ConfigError,
        Builtin::Io,
    ];

    /// The id as it appears in findings, `tally.ron` and suppressions.
    pub const fn id(self) -> &'static str {
        match self {
            Builtin::Parse => "parse",
            Builtin::Shape => "shape",
            Builtin::DuplicateKey => "duplicate-key",
            Builtin::UnknownReference => "unknown-reference",
            Builtin::NoSchema => "no-schema",
            Builtin::UnusedSuppression => "unused-suppression",
            Builtin::InvalidSuppression => "invalid-suppression",
            Builtin::RuleError => "rule-error",
            Builtin::ConfigError => "config-error",
            Builtin::Io => "io",
        }
    }

    /// The built-in with this id.
    pub fn from_id(id: &str) -> Option<Builtin> {
        Builtin::ALL.into_iter().find(|b| b.id() == id)
    }

    /// Whether a finding with this id means that the check itself could
    /// not be carried out as asked (exit code 2), not a defect in the data.
    pub const fn is_tool_error(self) -> bool {
        matches!(self, Builtin::RuleError | Builtin::ConfigError | Builtin::Io)
    }

    /// Whether the finding is about the run itself and cannot be silenced
    /// by a suppression in the data (the suppression checks included).
    pub const fn is_unsuppressible(self) -> bool {
        !matches!(
            self,
            Builtin::Shape | Builtin::DuplicateKey | Builtin::UnknownReference | Builtin::NoSchema
        )
    }
}
