//! The sandbox: how a Rhai engine for rules is built (`new_raw`: no file
//! access, no `print` to stdout, no `eval`, every bound set), and the pool
//! of engines kept between runs.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use rhai::packages::Package as _;
use rhai::{Dynamic, Engine as Rhai};

use super::growth;
use super::limits::Limits;
use super::register;
use super::resolver::{Deadline, ImportGuard, LibResolver};
use super::state::{RunSlot, RunState};
use super::list;
use super::value;
use super::view::DataView;

/// Everything a sandboxed Rhai engine is built from, prepared once per
/// [`crate::Engine`]: building Rhai's standard package costs about as much
/// as running a small rule, so it is shared by every run instead of being
/// rebuilt for each.
#[derive(Clone)]
pub struct Sandbox {
    limits: Limits,
    resolver: LibResolver,
    stdlib: rhai::Shared<rhai::Module>,
    /// Engines between runs, each bound to the data it was built for.
    pool: Arc<Mutex<Vec<RunEngine>>>,
}

/// An engine for the rules over one data set, kept between runs.
pub(super) struct RunEngine {
    pub(super) rhai: Rhai,
    /// The data it was built for (field getters, size bounds).
    view: std::sync::Weak<DataView>,
    /// The run it serves.
    slot: Arc<RunSlot>,
    /// When the current run must stop, and its length in ms (for the message).
    deadline: Deadline,
    /// What the current run has imported.
    imports: Arc<ImportGuard>,
}

/// The most that `limits.max_call_depth` and `limits.max_expr_depth` may
/// be: rules are compiled and run on workers with 64 MiB stacks, which
/// hold 5,000 levels of either in a debug build; a larger value would
/// let a rule overflow the stack instead of breaking the bound.
pub const MAX_DEPTH: usize = 2_000;

/// Engines kept per data set: one per worker is all a check uses.
const POOLED_ENGINES: usize = 8;

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("limits", &self.limits)
            .field("resolver", &self.resolver)
            .finish_non_exhaustive()
    }
}

impl Sandbox {
    /// A sandbox with these bounds; `import` reaches only `lib` (`rules/lib`).
    pub fn new(limits: Limits, lib: Option<PathBuf>) -> Self {
        Sandbox {
            limits,
            resolver: LibResolver::new(lib),
            // Core language functions (len, push, keys, string ops, maths)
            // without anything that reaches outside the process.
            stdlib: rhai::packages::StandardPackage::new().as_shared_module(),
            pool: Arc::default(),
        }
    }

    /// An engine for `view` from the pool, or a new one.
    pub(super) fn take_engine(&self, view: &Arc<DataView>) -> RunEngine {
        if let Ok(mut pool) = self.pool.lock() {
            // Engines of data that has changed since are of no more use.
            pool.retain(|e| e.view.upgrade().is_some_and(|v| Arc::ptr_eq(&v, view)));
            if let Some(engine) = pool.pop() {
                return engine;
            }
        }
        run_engine(self, view)
    }

    /// Gives an engine back to the pool after its run.
    pub(super) fn give_back(&self, engine: RunEngine) {
        engine.slot.set(None);
        if let Ok(mut pool) = self.pool.lock() {
            if pool.len() < POOLED_ENGINES {
                pool.push(engine);
            }
        }
    }

    /// The bounds.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// A new check begins: library modules are looked at again.
    pub fn begin_check(&self) {
        self.resolver.begin_check();
    }

    /// A sandboxed engine: no standard I/O, no `eval`, bounded everything,
    /// with the rule API functions that need no run state.
    pub fn engine(&self) -> Rhai {
        let limits = &self.limits;
        let mut engine = Rhai::new_raw();
        engine.register_global_module(self.stdlib.clone());
        // Let `records += table.rows` append a data array instead of
        // pushing it as one element (Rhai's fast path ignores overloads).
        engine.set_fast_operators(false);
        engine.disable_symbol("eval");
        let (resolver, _) = self.resolver.for_engine(limits.max_modules);
        engine.set_module_resolver(resolver);
        engine
            .set_max_operations(limits.max_operations.max(1))
            .set_max_call_levels(limits.max_call_depth.min(MAX_DEPTH))
            .set_max_expr_depths(limits.max_expr_depth.min(MAX_DEPTH), limits.max_expr_depth.min(MAX_DEPTH))
            .set_max_string_size(limits.max_string_size.max(1))
            .set_max_array_size(limits.max_array_size.max(1))
            .set_max_map_size(limits.max_map_size.max(1))
            .set_max_modules(limits.max_modules)
            .set_max_variables(10_000)
            .set_max_functions(10_000);
        engine.on_print(|_| {});
        engine.on_debug(|_, _, _| {});
        growth::register(&mut engine, None);
        value::register(&mut engine);
        list::register(&mut engine);
        register::register_pure(&mut engine);
        engine
    }
}

impl RunEngine {
    /// Points the engine at a run: its state, and a deadline from now.
    /// The run stops at its own deadline or at `until` (the end of the
    /// check's total time, `limits.total_deadline_ms`), whichever is first.
    pub(super) fn start(&self, state: Arc<RunState>, limits: &Limits, until: Instant) {
        // A national table takes a well-written rule seconds to go through,
        // so the deadline is never below a millisecond per 10 KB of data.
        let (bytes, _) = state.view.size();
        let deadline_ms = limits.deadline_ms.max((bytes / 10_000) as u64);
        let own = Instant::now() + std::time::Duration::from_millis(deadline_ms);
        let stop = if until < own {
            (
                until,
                format!("check's total deadline of {} ms (limits.total_deadline_ms)", limits.total_deadline_ms),
            )
        } else {
            (own, format!("deadline of {deadline_ms} ms"))
        };
        if let Ok(mut deadline) = self.deadline.lock() {
            *deadline = stop;
        }
        self.imports.begin_run(state.catalogue.clone());
        self.slot.set(Some(state));
    }
}

/// A sandboxed engine for the rules over `view`: the rule API writes into
/// the state of the run it is serving ([`RunEngine::start`]), and a run
/// stops at its wall-clock deadline.
pub(super) fn run_engine(sandbox: &Sandbox, view: &Arc<DataView>) -> RunEngine {
    let mut engine = sandbox.engine();
    // Rhai counts the bytes of every string inside an array or map against
    // the string bound, and the elements of nested arrays against the
    // array bound: a rule holding one column of a national table would
    // break a fixed bound. The bounds grow with the data (twice its bytes
    // and nodes), so they stop runaway growth, not the data itself.
    let limits = sandbox.limits();
    let (bytes, nodes) = view.size();
    engine
        .set_max_string_size(limits.max_string_size.max(bytes.saturating_mul(2)).max(1))
        .set_max_array_size(limits.max_array_size.max(nodes.saturating_mul(2)).max(1))
        .set_max_map_size(limits.max_map_size.max(nodes.saturating_mul(2)).max(1));
    let slot = Arc::new(RunSlot::default());
    register::register(&mut engine, view.clone(), slot.clone());
    growth::register(&mut engine, Some(slot.clone()));
    let deadline: Deadline = Arc::new(Mutex::new((Instant::now(), String::new())));
    // Imports are bounded per run, at any depth, and by the deadline.
    let (resolver, imports) = sandbox.resolver.for_engine(limits.max_modules);
    imports.set_deadline(deadline.clone());
    engine.set_module_resolver(resolver);
    let until = deadline.clone();
    engine.on_progress(move |ops| {
        if ops % 256 != 0 {
            return None;
        }
        let stop = until.lock().ok()?;
        (Instant::now() >= stop.0).then(|| Dynamic::from(stop.1.clone()))
    });
    RunEngine {
        rhai: engine,
        view: Arc::downgrade(view),
        slot,
        deadline,
        imports,
    }
}

