//! The workers of a check: data files are read and parsed, and rules and
//! native checks run, on one pool of threads.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::checks::Check;
use crate::report::{Finding, Severity, RULE_ERROR};
use crate::rules::RuleMeta;
use crate::runtime::{self, CompiledRule};

/// One unit of work of a check: a native check, a rule, or a rule that
/// looks at one table at a time over one table (the file's index among
/// the view's files).
pub(super) enum Job<'a> {
    Native(&'a dyn Check, &'a RuleMeta),
    Rule(&'a CompiledRule),
    Table(&'a CompiledRule, usize),
}

impl Job<'_> {
    pub(super) fn id(&self) -> &str {
        match self {
            Job::Native(_, meta) => &meta.id,
            Job::Rule(rule) | Job::Table(rule, _) => &rule.meta.id,
        }
    }

    /// What a job reports that the check's total deadline left no time for.
    pub(super) fn not_run(&self, total_ms: u64) -> runtime::RunOutput {
        let message = format!(
            "`{}` was not run: the check's total deadline of {total_ms} ms (limits.total_deadline_ms) had passed",
            self.id()
        );
        let help = "the rules before it took the time; look for one that ran past its deadline, or raise `limits.total_deadline_ms`";
        let finding = match self {
            Job::Native(_, _) => Finding::new(RULE_ERROR, Severity::Error, message).with_help(help),
            Job::Rule(rule) | Job::Table(rule, _) => {
                runtime::rule_error(&rule.source, &rule.meta.id, message, rhai::Position::new(1, 1)).with_help(help)
            }
        };
        runtime::RunOutput {
            findings: vec![finding],
            ..runtime::RunOutput::default()
        }
    }

    /// What a job that panicked reports: the other jobs still ran.
    pub(super) fn crashed(&self) -> runtime::RunOutput {
        let finding = match self {
            Job::Native(_, meta) => Finding::new(
                RULE_ERROR,
                Severity::Error,
                format!("native check `{}` crashed", meta.id),
            )
            .with_help("this is a bug in that check; the other checks and rules still ran"),
            Job::Rule(rule) | Job::Table(rule, _) => runtime::rule_error(
                &rule.source,
                &rule.meta.id,
                format!("rule `{}` crashed the rule engine", rule.meta.id),
                rhai::Position::new(1, 1),
            )
            .with_help("this is a bug in tally or Rhai; please report it with the rule"),
        };
        runtime::RunOutput {
            findings: vec![finding],
            ..runtime::RunOutput::default()
        }
    }
}

/// `f` over `items` on up to `threads` worker threads, results in item
/// order. Workers get a generous stack: parsing and rules recurse (both
/// bounded, but deeper than a default thread stack allows).
/// A call that panics yields `None` instead of taking the process down.
pub(super) fn parallel_map<T: Sync, R: Send>(items: &[T], threads: usize, f: impl Fn(&T) -> R + Sync) -> Vec<Option<R>> {
    let call = |item: &T| std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(item))).ok();
    if items.is_empty() {
        return Vec::new();
    }
    let slots: Vec<Mutex<Option<R>>> = items.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..threads.clamp(1, items.len()) {
            let work = || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                let result = call(item);
                if let Ok(mut slot) = slots[i].lock() {
                    *slot = result;
                }
            };
            let spawned = std::thread::Builder::new()
                .name("tally-worker".into())
                .stack_size(64 << 20)
                .spawn_scoped(scope, work);
            if spawned.is_err() {
                work();
            }
        }
    });
    slots
        .into_iter()
        .map(|slot| slot.into_inner().ok().flatten())
        .collect()
}
