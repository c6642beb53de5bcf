//! tally never writes what it checks: `check` in every format, `rules`,
//! `explain`, `test` and `watch` run over a copy of the shipped project
//! made read-only, and every file and folder is the same afterwards —
//! same bytes (hashed), same size, mode and modification time, and no entry
//! added or removed (a folder's modification time also catches a cache or
//! temp file created and deleted again). HOME, XDG_CACHE_HOME and TMPDIR
//! point at empty folders beside the project, which must stay empty.
//!
//! Permissions alone would prove nothing when the tests run as root (root
//! writes through them), which is why the comparison is of the tree itself.

#![cfg(unix)]

use std::collections::BTreeMap;
use std::hash::{Hash as _, Hasher as _};
use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime};

use crate::util::{binary, copy_tree, workspace};

/// What is known of one entry of the tree.
#[derive(Debug, PartialEq, Eq)]
struct Entry {
    kind: &'static str,
    len: u64,
    mode: u32,
    modified: Option<SystemTime>,
    hash: Option<u64>,
}

/// Every entry under `root`, by relative path, symbolic links not followed.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Entry> {
    let mut out = BTreeMap::new();
    let mut todo = vec![root.to_path_buf()];
    while let Some(path) = todo.pop() {
        let meta = std::fs::symlink_metadata(&path).expect("metadata");
        let kind = if meta.is_dir() {
            "dir"
        } else if meta.file_type().is_symlink() {
            "symlink"
        } else {
            "file"
        };
        let hash = (kind == "file").then(|| {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            std::fs::read(&path).expect("read").hash(&mut hasher);
            hasher.finish()
        });
        if meta.is_dir() {
            for entry in std::fs::read_dir(&path).expect("read dir") {
                todo.push(entry.expect("entry").path());
            }
        }
        out.insert(
            path.strip_prefix(root).expect("inside").to_path_buf(),
            Entry {
                kind,
                len: meta.len(),
                mode: meta.mode(),
                modified: meta.modified().ok(),
                hash,
            },
        );
    }
    out
}

/// Sets every entry's write permission bits (`on` or off), folders last
/// when turning off, first when turning on.
fn writable(root: &Path, on: bool) {
    let mut paths: Vec<PathBuf> = Vec::new();
    let mut todo = vec![root.to_path_buf()];
    while let Some(path) = todo.pop() {
        if path.is_dir() && !path.is_symlink() {
            if let Ok(entries) = std::fs::read_dir(&path) {
                todo.extend(entries.flatten().map(|e| e.path()));
            }
        }
        paths.push(path);
    }
    if !on {
        paths.reverse();
    }
    for path in paths {
        if path.is_symlink() {
            continue;
        }
        let mode = std::fs::metadata(&path).expect("metadata").permissions().mode();
        let mode = if on { mode | 0o200 } else { mode & !0o222 };
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).expect("chmod");
    }
}

fn tally_in(project: &Path, home: &Path) -> Command {
    let mut cmd = Command::new(binary());
    cmd.current_dir(project)
        .env("NO_COLOR", "1")
        .env("HOME", home.join("home"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("TMPDIR", home.join("tmp"))
        .stdin(Stdio::null());
    cmd
}

/// Starts `tally watch ARGS`, waits for its first report, stops it with
/// `signal` and returns the exit code.
fn watch_once(project: &Path, home: &Path, args: &[&str], signal: &str) -> i32 {
    let mut child = tally_in(project, home)
        .arg("watch")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("tally watch starts");
    let stdout = child.stdout.take().expect("piped");
    let rx = crate::util::lines(stdout);
    // The first report is complete when its summary line has been printed.
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        let line = rx.recv_timeout(left).unwrap_or_else(|e| {
            let _ = child.kill();
            panic!("no first report from tally watch {args:?}: {e}")
        });
        if line.contains("\"summary\"") || line.contains(" errors, ") || line.contains("no findings") {
            break;
        }
    }
    let killed = Command::new("kill")
        .args([format!("-{signal}"), child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status.code().unwrap_or(-1);
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("tally watch {args:?} did not stop on SIG{signal}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn check_and_watch_never_write_into_the_tree() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let project = scratch.path().join("project");
    let home = scratch.path().join("env");
    copy_tree(&workspace().join("data"), &project.join("data")).expect("copy data");
    copy_tree(&workspace().join("rules"), &project.join("rules")).expect("copy rules");
    copy_tree(&workspace().join("schemas"), &project.join("schemas")).expect("copy schemas");
    std::fs::write(
        project.join("tally.ron"),
        "Config(data: [\"data\"], rules: \"rules\")\n",
    )
    .expect("config");
    for dir in ["home", "cache", "tmp"] {
        std::fs::create_dir_all(home.join(dir)).expect("env dir");
    }
    writable(&project, false);
    let before = snapshot(&project);
    let env_before = snapshot(&home);
    assert!(before.len() > 40, "the whole shipped project: {}", before.len());

    for format in ["human", "json", "sarif", "junit", "github", "gitlab", "html"] {
        let out = tally_in(&project, &home)
            .args(["check", "--stats", "--format", format])
            .output()
            .expect("tally check runs");
        assert_eq!(
            out.status.code(),
            Some(1),
            "{format}: the shipped data has findings"
        );
    }
    for args in [&["rules"][..], &["explain", "unknown-unit"], &["test"]] {
        let out = tally_in(&project, &home).args(args).output().expect("tally runs");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(watch_once(&project, &home, &["--format", "json"], "TERM"), 0);
    assert_eq!(watch_once(&project, &home, &[], "INT"), 0);

    let after = snapshot(&project);
    let env_after = snapshot(&home);
    writable(&project, true);
    for (path, entry) in &before {
        assert_eq!(after.get(path), Some(entry), "{} changed", path.display());
    }
    let added: Vec<&PathBuf> = after.keys().filter(|p| !before.contains_key(*p)).collect();
    assert!(added.is_empty(), "created in the project: {added:?}");
    assert_eq!(
        env_before, env_after,
        "HOME, XDG_CACHE_HOME or TMPDIR was written"
    );
}
