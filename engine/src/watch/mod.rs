//! Watching data and rules for changes (cargo feature `watch`).
//!
//! A [`Watcher`] owns an [`Arc<Engine>`](Engine), watches the engine's data
//! paths and rules folder, and re-checks after every change. Each run is
//! delivered as an [`Update`] (the report, the files that changed, how long
//! the run took) to a callback or a channel.
//!
//! How a change becomes a run:
//! - every file-system event is sorted by the pure function [`classify`]:
//!   data (`*.ron`), rule (`*.rhai`), configuration (`tally.ron`), a folder,
//!   or nothing (editor swap, backup and temporary files, hidden files);
//! - after the first relevant event the watcher waits until events have
//!   been quiet for a short moment ([`WatcherBuilder::settle`], 15 ms by
//!   default, but never longer than [`WatcherBuilder::max_delay`]), takes
//!   everything queued, and runs [`Engine::check`] once. Events that arrive
//!   during a run are coalesced into one following run;
//! - the engine re-reads only files whose bytes changed and re-compiles
//!   only rules whose text changed. A run that finds nothing changed (a
//!   save without edits, a temporary file) delivers nothing;
//! - a watched folder that disappears and comes back (deleted and
//!   re-created, renamed away and back) is watched again: the parent of
//!   every watched path is watched too.
//!
//! ```no_run
//! use std::sync::Arc;
//! use tally_engine::{watch::Watcher, Engine};
//!
//! let engine = Arc::new(Engine::builder().data("data").rules("rules").build()?);
//! let (watcher, updates) = Watcher::builder(engine).channel()?;
//! for update in updates.iter().take(3) {
//!     println!("{} findings after {:?} changed", update.report.findings.len(), update.changed);
//! }
//! watcher.stop();
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash as _, Hasher as _};
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, CreateKind, EventKind, ModifyKind, RenameMode};
use notify::RecommendedWatcher;

mod classify;
mod roots;

pub use classify::{classify, Change};

use roots::Roots;

use crate::engine::Engine;
use crate::report::Report;

/// One run of the watcher: a fresh report and what led to it.
#[derive(Debug, Clone)]
pub struct Update {
    /// The report of the run.
    pub report: Report,
    /// The files that changed since the previous run: read anew (edited or
    /// added), removed, rule modules and `tally.ron` whose bytes changed.
    /// For the initial run, every file read. Sorted.
    pub changed: Vec<PathBuf>,
    /// Wall time of the run (the check and the bookkeeping around it).
    pub elapsed: Duration,
    /// Whether this is the initial run, made when the watcher started.
    pub initial: bool,
}

impl Update {
    /// Whether `tally.ron` is among the changed files: the engine's settings
    /// come from it, so a new engine must be built to apply them.
    pub fn config_changed(&self) -> bool {
        self.changed.iter().any(|p| classify(p) == Some(Change::Config))
    }
}

/// Why watching could not start.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    /// The operating system's file watcher failed.
    #[error("cannot watch for changes: {0}")]
    Notify(#[from] notify::Error),
    /// The watcher's thread could not be started.
    #[error("cannot start the watcher thread: {0}")]
    Thread(#[from] std::io::Error),
}

/// Builds a [`Watcher`]; finish with [`WatcherBuilder::on_update`] or
/// [`WatcherBuilder::channel`].
#[derive(Debug)]
pub struct WatcherBuilder {
    engine: Arc<Engine>,
    settle: Duration,
    max_delay: Duration,
    initial: bool,
    also: Vec<PathBuf>,
}

impl WatcherBuilder {
    /// Also re-checks (and delivers a run) when this file changes: a
    /// baseline the reports are read against, for instance.
    pub fn also_watch(mut self, file: impl Into<PathBuf>) -> Self {
        self.also.push(file.into());
        self
    }

    /// How long events must be quiet before a run starts (default 15 ms):
    /// long enough to take a save's few events together, short enough not
    /// to be noticed.
    pub fn settle(mut self, settle: Duration) -> Self {
        self.settle = settle;
        self
    }

    /// The longest wait between the first event and the run, even while
    /// events keep coming (default 200 ms).
    pub fn max_delay(mut self, max_delay: Duration) -> Self {
        self.max_delay = max_delay;
        self
    }

    /// Whether to check once right away and deliver that report before any
    /// change (default `true`).
    pub fn initial_check(mut self, initial: bool) -> Self {
        self.initial = initial;
        self
    }

    /// Starts watching; `on_update` is called on the watcher's thread after
    /// every run.
    pub fn on_update<F>(self, mut on_update: F) -> Result<Watcher, WatchError>
    where
        F: FnMut(Update) + Send + 'static,
    {
        self.start(Box::new(move |update| {
            on_update(update);
            true
        }))
    }

    /// Starts watching; every run is sent to the returned receiver. Dropping
    /// the receiver stops the watcher's work (the [`Watcher`] still has to
    /// be dropped or stopped to join its thread).
    pub fn channel(self) -> Result<(Watcher, Receiver<Update>), WatchError> {
        let (tx, rx) = mpsc::channel();
        let watcher = self.start(Box::new(move |update| tx.send(update).is_ok()))?;
        Ok((watcher, rx))
    }

    fn start(self, deliver: Deliver) -> Result<Watcher, WatchError> {
        let (tx, rx) = mpsc::channel::<Msg>();
        let events = tx.clone();
        let notifier = notify::recommended_watcher(move |event| {
            let _ = events.send(Msg::Event(event));
        })?;
        let roots = Roots::new(&self.engine, &self.also);
        let mut notifier = notifier;
        roots.watch_all(&mut notifier)?;
        let watched = roots.shown();
        let worker = Worker {
            engine: Arc::clone(&self.engine),
            settle: self.settle,
            max_delay: self.max_delay,
            roots,
            notifier,
            deliver,
            catalog: Catalog::default(),
        };
        let initial = self.initial;
        let thread = std::thread::Builder::new()
            .name("tally-watch".into())
            .spawn(move || worker.run(&rx, initial))?;
        Ok(Watcher {
            engine: self.engine,
            stop: tx,
            thread: Some(thread),
            watched,
        })
    }
}

type Deliver = Box<dyn FnMut(Update) -> bool + Send>;

enum Msg {
    Event(notify::Result<notify::Event>),
    Stop,
}

/// Watches an engine's data and rules and re-checks after every change.
///
/// Stop it with [`Watcher::stop`] or by dropping it; both wait for a run in
/// progress to end.
#[derive(Debug)]
pub struct Watcher {
    engine: Arc<Engine>,
    stop: Sender<Msg>,
    thread: Option<JoinHandle<()>>,
    watched: Vec<PathBuf>,
}

impl std::fmt::Debug for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Msg::Event(event) => f.debug_tuple("Event").field(event).finish(),
            Msg::Stop => f.write_str("Stop"),
        }
    }
}

impl Watcher {
    /// Starts building a watcher over `engine`'s data paths and rules folder.
    pub fn builder(engine: Arc<Engine>) -> WatcherBuilder {
        WatcherBuilder {
            engine,
            settle: Duration::from_millis(15),
            max_delay: Duration::from_millis(200),
            initial: true,
            also: Vec::new(),
        }
    }

    /// The engine being watched; [`Engine::check`] may be called on it at
    /// any time.
    pub fn engine(&self) -> &Arc<Engine> {
        &self.engine
    }

    /// The data paths and rules folder being watched, as given to the engine.
    pub fn watched(&self) -> &[PathBuf] {
        &self.watched
    }

    /// Whether the watcher's thread is still running (it ends when stopped,
    /// or when the receiver of [`WatcherBuilder::channel`] was dropped).
    pub fn is_running(&self) -> bool {
        self.thread.as_ref().is_some_and(|t| !t.is_finished())
    }

    /// Stops watching and waits for a run in progress to end.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        let _ = self.stop.send(Msg::Stop);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// What the watcher last saw, to tell which files a run changed: the data
/// files (for removals) and the bytes of rules, rule modules and
/// `tally.ron`.
#[derive(Default)]
struct Catalog {
    files: BTreeSet<PathBuf>,
    hashed: BTreeMap<PathBuf, u64>,
}

impl Catalog {
    fn scan(engine: &Engine, config: &[PathBuf]) -> Catalog {
        let mut files = BTreeSet::new();
        for root in engine.data_paths() {
            files.extend(crate::load::discover(root, "ron").0);
        }
        // Rules and their modules are hashed here: the engine compiles rules
        // outside a check too (`Engine::rules`), which its `last_changed`
        // does not list.
        let rules = engine.rules_dir();
        let modules = if rules.is_dir() {
            crate::load::discover(rules, "rhai").0
        } else {
            Vec::new()
        };
        let mut hashed = BTreeMap::new();
        // Only regular files: reading a named pipe would block the watcher.
        for path in modules
            .into_iter()
            .chain(config.iter().cloned())
            .filter(|p| p.is_file())
        {
            if let Ok(bytes) = std::fs::read(&path) {
                let mut hasher = std::collections::hash_map::DefaultHasher::new();
                bytes.hash(&mut hasher);
                hashed.insert(path, hasher.finish());
            }
        }
        Catalog { files, hashed }
    }

    /// Files added, removed, or (for hashed files) changed.
    fn diff(&self, newer: &Catalog) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = self.files.symmetric_difference(&newer.files).cloned().collect();
        for (path, hash) in &newer.hashed {
            if self.hashed.get(path) != Some(hash) {
                out.push(path.clone());
            }
        }
        out.extend(
            self.hashed
                .keys()
                .filter(|p| !newer.hashed.contains_key(*p))
                .cloned(),
        );
        out
    }
}

/// What a report says, in short, to tell whether a run's report differs
/// from the last one delivered.
fn fingerprint(report: &Report) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for finding in &report.findings {
        finding.rule.hash(&mut hasher);
        finding.message.hash(&mut hasher);
        finding.file().hash(&mut hasher);
        finding.site.as_ref().map(|s| s.location.start).hash(&mut hasher);
    }
    report.findings.len().hash(&mut hasher);
    report.files.hash(&mut hasher);
    hasher.finish()
}

struct Worker {
    engine: Arc<Engine>,
    settle: Duration,
    max_delay: Duration,
    roots: Roots,
    notifier: RecommendedWatcher,
    deliver: Deliver,
    catalog: Catalog,
}

/// What a batch of events asks for.
#[derive(Default)]
struct Batch {
    relevant: bool,
    stop: bool,
    config: BTreeSet<PathBuf>,
}

impl Worker {
    fn run(mut self, rx: &Receiver<Msg>, initial: bool) {
        let mut config: BTreeSet<PathBuf> = BTreeSet::new();
        for root in self.roots.all() {
            if let Some(parent) = root.parent() {
                let candidate = parent.join("tally.ron");
                if candidate.is_file() {
                    config.insert(candidate);
                }
            }
        }
        // Other watched files are hashed like the configuration: a change
        // of their bytes is a change.
        config.extend(self.roots.also.iter().cloned());
        let config: Vec<PathBuf> = config.into_iter().collect();
        let started = Instant::now();
        self.catalog = Catalog::scan(&self.engine, &config);
        let report = self.engine.check();
        let mut last = fingerprint(&report);
        if initial {
            let mut changed = self.engine.last_changed();
            changed.sort();
            let update = Update {
                report,
                changed,
                elapsed: started.elapsed(),
                initial: true,
            };
            if !(self.deliver)(update) {
                return;
            }
        }
        let mut config = config;
        loop {
            // Block for the first event.
            let mut batch = Batch::default();
            match rx.recv() {
                Ok(msg) => self.take(msg, &mut batch),
                Err(_) => return,
            }
            if batch.stop {
                return;
            }
            if !batch.relevant {
                continue;
            }
            // Settle: wait until events are quiet, within the maximum delay.
            let first = Instant::now();
            loop {
                let waited = first.elapsed();
                if waited >= self.max_delay {
                    break;
                }
                match rx.recv_timeout(self.settle.min(self.max_delay - waited)) {
                    Ok(msg) => self.take(msg, &mut batch),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
                if batch.stop {
                    return;
                }
            }
            while let Ok(msg) = rx.try_recv() {
                self.take(msg, &mut batch);
            }
            if batch.stop {
                return;
            }
            for path in std::mem::take(&mut batch.config) {
                if !config.contains(&path) {
                    config.push(path);
                }
            }
            let started = Instant::now();
            let report = self.engine.check();
            let catalog = Catalog::scan(&self.engine, &config);
            let mut changed = self.engine.last_changed();
            changed.extend(self.catalog.diff(&catalog));
            self.catalog = catalog;
            changed.sort();
            changed.dedup();
            // A run with no file read anew still counts when its findings
            // differ (a file became unreadable, a link now leads elsewhere):
            // the screen must never show a stale report.
            let now = fingerprint(&report);
            if changed.is_empty() && now == last {
                continue;
            }
            last = now;
            let update = Update {
                report,
                changed,
                elapsed: started.elapsed(),
                initial: false,
            };
            if !(self.deliver)(update) {
                return;
            }
        }
    }

    /// Folds one message into the batch, re-watching roots that came back.
    fn take(&mut self, msg: Msg, batch: &mut Batch) {
        let event = match msg {
            Msg::Stop => {
                batch.stop = true;
                return;
            }
            // The event queue overflowed or the watcher failed: check anyway.
            Msg::Event(Err(_)) => {
                batch.relevant = true;
                return;
            }
            Msg::Event(Ok(event)) => event,
        };
        // A root created as a link to a folder is reported as a file.
        let appeared = matches!(
            event.kind,
            EventKind::Create(CreateKind::Folder | CreateKind::Any | CreateKind::File)
                | EventKind::Modify(ModifyKind::Name(
                    RenameMode::To | RenameMode::Both | RenameMode::Any
                ))
        );
        // Opening and reading change nothing; closing after a write ends a save.
        let meaningful = !matches!(
            event.kind,
            EventKind::Access(kind) if kind != AccessKind::Close(AccessMode::Write)
        );
        if event.need_rescan() {
            batch.relevant = true;
        }
        for path in &event.paths {
            if appeared {
                let back: Vec<PathBuf> = self.roots.roots_at(path).cloned().collect();
                // A root replaced by a link: the link's own event.
                for root in back {
                    self.roots.rewatch(&mut self.notifier, &root);
                }
            }
            if meaningful && self.roots.relevant(path) {
                batch.relevant = true;
                if classify(path) == Some(Change::Config) {
                    batch.config.insert(path.clone());
                }
            }
        }
    }
}
