//! Changes on disk for a client that does not send
//! `workspace/didChangeWatchedFiles`: a thread looks at the size and time
//! of the project's `.ron` and `.rhai` files once a second (a few hundred
//! `stat` calls, no reading) and says when they changed, and whether
//! `tally.ron` was among them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crossbeam_channel::Sender;

/// How often the files are looked at.
const EVERY: Duration = Duration::from_secs(1);
/// The most entries looked at: a huge folder is not walked.
const MAX_ENTRIES: usize = 20_000;

type Stamps = BTreeMap<PathBuf, (u64, Option<SystemTime>)>;

/// Starts the thread; it sends `true` when tally.ron changed, `false`
/// for any other change, and ends when nobody listens.
pub fn start(root: PathBuf, changed: Sender<bool>) {
    let spawned = std::thread::Builder::new()
        .name("lsp-poll".to_owned())
        .spawn(move || {
            let mut last = stamps(&root);
            loop {
                std::thread::sleep(EVERY);
                let now = stamps(&root);
                if now != last {
                    let config = now.get(&root.join("tally.ron")) != last.get(&root.join("tally.ron"));
                    if changed.send(config).is_err() {
                        return;
                    }
                    last = now;
                }
            }
        });
    if let Err(err) = spawned {
        eprintln!("tally lsp: cannot watch the files: {err}");
    }
}

/// Size and time of every `.ron` and `.rhai` file below `root` (hidden
/// folders, `target` and `node_modules` skipped).
fn stamps(root: &Path) -> Stamps {
    let mut out = Stamps::new();
    let mut stack = vec![root.to_path_buf()];
    let mut seen = 0;
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            seen += 1;
            if seen > MAX_ENTRIES {
                return out;
            }
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let Ok(kind) = entry.file_type() else { continue };
            if kind.is_dir() {
                if !name.starts_with('.') && name != "target" && name != "node_modules" {
                    stack.push(entry.path());
                }
            } else if name.ends_with(".ron") || name.ends_with(".rhai") {
                let meta = entry.metadata().ok();
                out.insert(
                    entry.path(),
                    (
                        meta.as_ref().map_or(0, |m| m.len()),
                        meta.and_then(|m| m.modified().ok()),
                    ),
                );
            }
        }
    }
    out
}
