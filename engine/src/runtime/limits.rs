//! Sandbox bounds of the rule runtime, and the size bound on the files
//! tally reads.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// The bounds every rule runs within. A rule that breaks one gets a
/// `rule-error` finding at the script position where it broke it; the
/// other rules still run.
///
/// The defaults let the shipped rules check a national data set (10⁷
/// values) while stopping a runaway script within seconds; tune them in
/// `tally.ron` under `limits: (..)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Script operations per rule run (Rhai counts statements, calls, loop iterations).
    pub max_operations: u64,
    /// Wall-clock time per rule run, in milliseconds (never below a
    /// millisecond per 10 KB of data: 88 s for a 880 MB national data set).
    pub deadline_ms: u64,
    /// Wall-clock time of a whole check, in milliseconds: rules still
    /// running then stop with a `rule-error`, rules not yet started are
    /// not run (each gets a `rule-error` saying so).
    pub total_deadline_ms: u64,
    /// Depth of nested function calls (unbounded recursion stops here).
    pub max_call_depth: usize,
    /// Depth of nested expressions in a script.
    pub max_expr_depth: usize,
    /// Length of any string a script builds, in bytes. Rhai also counts
    /// every string inside an array or map against it, so a run's bound is
    /// never below twice the bytes of the data.
    pub max_string_size: usize,
    /// Elements of any array a script builds (never below twice the
    /// number of values in the data).
    pub max_array_size: usize,
    /// Entries of any object map a script builds (never below twice the
    /// number of values in the data).
    pub max_map_size: usize,
    /// Modules a script may import.
    pub max_modules: usize,
    /// Findings one rule may report in one run.
    pub max_findings: usize,
    /// Bytes of text in the findings one rule may report in one run:
    /// message, label, help, related messages and figures (as JSON), each
    /// counted after the cut at [`Limits::MAX_FINDING_TEXT`].
    pub max_finding_bytes: usize,
    /// Lines one rule may print in one run (the rest are counted, not kept).
    pub max_prints: usize,
    /// Size of a data or rule file tally reads, in bytes; a larger file is
    /// an `io` finding and is not read. The default, 1 GiB, fits a national
    /// table in one file (10⁷ values take 0.08 to 0.9 GB of RON, by
    /// layout) and stops a file that is no table (a log, a dump) before it
    /// is read. Parsing keeps every value with its location, which costs
    /// about 3 to 15 bytes of memory per byte of the file, the most for
    /// tiny values (see docs/performance.md): lower the bound on a machine
    /// with little memory.
    pub max_file_size: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_operations: 2_000_000_000,
            deadline_ms: 10_000,
            total_deadline_ms: 600_000,
            max_call_depth: 64,
            max_expr_depth: 64,
            max_string_size: 1 << 20,
            max_array_size: 1 << 24,
            max_map_size: 1 << 24,
            max_modules: 32,
            max_findings: 100_000,
            max_finding_bytes: 64 << 20,
            max_prints: 1_000,
            max_file_size: 1 << 30,
        }
    }
}

impl Limits {
    /// Characters of a finding's message, label, help or related message,
    /// and of a printed line, that a rule's run keeps; a longer one is cut
    /// there and ends in `…`. Fixed, not configurable: a line on a screen
    /// or in a CI log, not a document.
    pub const MAX_FINDING_TEXT: usize = 2_000;

    /// The deadline as a duration.
    pub fn deadline(&self) -> Duration {
        Duration::from_millis(self.deadline_ms)
    }
}
