//! A long-running process with hot reload: check `data/` with `rules/`,
//! then print a one-line summary after every change of a table or a rule,
//! until Ctrl-C.
//!
//! ```text
//! cargo run -p tally-engine --example hot_reload --features watch -- [DATA] [RULES]
//! ```
//!
//! Edit a file under `data/` or `rules/` while it runs: the engine re-reads
//! only what changed, and a table or rule that no longer parses is reported
//! while the rest is still checked.

use std::path::PathBuf;
use std::sync::Arc;

use tally_engine::{Engine, Severity};
use tally_engine::{Update, Watcher};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args_os().skip(1).map(PathBuf::from);
    let data = args.next().unwrap_or_else(|| "data".into());
    let rules = args.next().unwrap_or_else(|| "rules".into());

    // Load once; the engine is shared with the watcher and stays usable
    // here (a service would also answer `engine.check()` on demand).
    let engine = Arc::new(Engine::builder().data(data).rules(rules).build()?);

    // Every run arrives on the channel: the initial check, then one per change.
    let (watcher, updates) = Watcher::builder(Arc::clone(&engine)).channel()?;
    println!("watching {:?} (Ctrl-C to stop)", watcher.watched());
    for update in updates {
        println!("{}", summary(&update));
    }
    // The channel ends only if the watcher stops; stopping joins its thread.
    watcher.stop();
    Ok(())
}

fn summary(update: &Update) -> String {
    let report = &update.report;
    let what = if update.initial {
        "initial check".to_owned()
    } else {
        let names: Vec<String> = update.changed.iter().map(|p| p.display().to_string()).collect();
        format!("changed {}", names.join(", "))
    };
    format!(
        "{what}: {} errors, {} warnings, {} infos in {} files ({} ms)",
        report.count(Severity::Error),
        report.count(Severity::Warning),
        report.count(Severity::Info),
        report.files,
        update.elapsed.as_millis(),
    )
}
