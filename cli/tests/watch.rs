//! `tally watch` end to end: the real binary on a copy of the shipped
//! project, real edits on disk, and the JSON reports that follow.
//!
//! Every wait has a generous timeout; nothing asserts on timing. Where an
//! edit could be seen half-done (a run starting between two writes), the
//! tests wait for the report that reflects the edit rather than asserting
//! on the very next line.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::util::{binary, copy_tree, workspace};

/// How long to wait for one expected report.
const REPORT: Duration = Duration::from_secs(10);

/// The file the tests edit, and its one figure that the shipped rule
/// `breakdown-sum-mismatch` reports (high line 3000, regions sum to 2300).
const TARGETS: &str = "data/targets-2019.ron";
const HIGH: &str = "high: 3000,";

/// A `tally watch --format json` process in a copy of the project.
struct Watch {
    child: Child,
    lines: Receiver<String>,
    dir: tempfile::TempDir,
}

impl Watch {
    fn start() -> Watch {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_tree(&workspace().join("data"), &dir.path().join("data")).expect("copy data");
        copy_tree(&workspace().join("rules"), &dir.path().join("rules")).expect("copy rules");
        copy_tree(&workspace().join("schemas"), &dir.path().join("schemas")).expect("copy schemas");
        let mut child = Command::new(binary())
            .args(["watch", "--format", "json"])
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("tally watch starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let lines = crate::util::lines(stdout);
        let mut watch = Watch { child, lines, dir };
        let initial = watch.next();
        assert!(
            initial["summary"]["files"].as_u64().unwrap_or(0) >= 7,
            "{initial}"
        );
        assert!(
            watch_has(&initial, "breakdown-sum-mismatch", TARGETS),
            "{initial}"
        );
        watch
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative)).expect("read file")
    }

    fn write(&self, relative: &str, text: &str) {
        std::fs::write(self.path(relative), text).expect("write file");
    }

    /// The next report; fails after [`REPORT`].
    fn next(&mut self) -> Value {
        match self.lines.recv_timeout(REPORT) {
            Ok(line) => serde_json::from_str(&line)
                .unwrap_or_else(|e| panic!("not one JSON document per line ({e}): {line}")),
            Err(RecvTimeoutError::Timeout) => panic!("no report within {REPORT:?}"),
            Err(RecvTimeoutError::Disconnected) => panic!("tally watch ended: {:?}", self.child.try_wait()),
        }
    }

    /// Reports until one satisfies `done`; fails if none does within a
    /// generous time. Returns it and how many reports it took.
    fn until(&mut self, what: &str, done: impl Fn(&Value) -> bool) -> (Value, usize) {
        let mut all = self.all_until(what, done);
        let count = all.len();
        (all.pop().expect("one report"), count)
    }

    /// Every report up to the first that satisfies `done`.
    fn all_until(&mut self, what: &str, done: impl Fn(&Value) -> bool) -> Vec<Value> {
        let deadline = Instant::now() + REPORT * 3;
        let mut all = Vec::new();
        loop {
            assert!(Instant::now() < deadline, "no report with {what}");
            let report = self.next();
            let finished = done(&report);
            all.push(report);
            if finished {
                return all;
            }
        }
    }

    /// Sends `signal` and returns the exit status.
    fn signal(mut self, signal: &str) -> std::process::ExitStatus {
        let status = Command::new("kill")
            .args([format!("-{signal}"), self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
        let deadline = Instant::now() + REPORT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "tally watch did not end after SIG{signal}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn diagnostics(report: &Value) -> impl Iterator<Item = &Value> {
    report["diagnostics"].as_array().into_iter().flatten()
}

fn changed(report: &Value) -> Vec<&str> {
    report["changed"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

/// The high line that `breakdown-sum-mismatch` reports in `file`, if any.
fn mismatch_high(report: &Value, file: &str) -> Option<i64> {
    diagnostics(report)
        .find(|d| d["rule"] == "breakdown-sum-mismatch" && d["file"] == file)
        .and_then(|d| d["data"]["high"].as_i64())
}

#[test]
fn plain_write_adds_and_removes_a_finding() {
    let mut watch = Watch::start();
    let original = watch.read(TARGETS);
    assert!(original.contains(HIGH));

    // The regions add up to 2300: a high line of 2300 fixes the finding.
    watch.write(TARGETS, &original.replace(HIGH, "high: 2300,"));
    let (report, _) = watch.until("the mismatch fixed", |r| mismatch_high(r, TARGETS).is_none());
    assert_eq!(changed(&report), [TARGETS]);
    assert!(
        diagnostics(&report).count() > 0,
        "the other findings stay: {report}"
    );

    // And back: the finding is there again.
    watch.write(TARGETS, &original);
    let (report, _) = watch.until("the mismatch back", |r| mismatch_high(r, TARGETS) == Some(3000));
    assert_eq!(changed(&report), [TARGETS]);
}

#[test]
fn atomic_write_and_rename() {
    let mut watch = Watch::start();
    let original = watch.read(TARGETS);
    let temp = watch.path("data/targets-2019.ron.tmp");
    std::fs::write(&temp, original.replace(HIGH, "high: 3100,")).expect("write temp");
    std::fs::rename(&temp, watch.path(TARGETS)).expect("rename");
    let report = watch.next();
    assert_eq!(mismatch_high(&report, TARGETS), Some(3100), "{report}");
    assert_eq!(changed(&report), [TARGETS]);

    // An editor's numbered temporary name works the same.
    let temp = watch.path("data/targets-2019.ron.tmp.4242");
    std::fs::write(&temp, original.replace(HIGH, "high: 3200,")).expect("write temp");
    std::fs::rename(&temp, watch.path(TARGETS)).expect("rename");
    let report = watch.next();
    assert_eq!(mismatch_high(&report, TARGETS), Some(3200), "{report}");
    assert_eq!(changed(&report), [TARGETS]);
}

#[test]
fn vim_style_save_gives_one_report_for_the_real_change() {
    let mut watch = Watch::start();
    let original = watch.read(TARGETS);

    // Opening the file: a swap file. vim's write probe: `4913`, made and
    // removed. A save that changes nothing. None of it is a change.
    watch.write("data/.targets-2019.ron.swp", "swap");
    watch.write("data/4913", "");
    std::fs::remove_file(watch.path("data/4913")).expect("remove 4913");
    watch.write(TARGETS, &original);
    std::thread::sleep(Duration::from_millis(300));

    // The save: the old file becomes the backup, the new one is written,
    // the backup removed; the swap file goes when vim quits.
    std::fs::rename(watch.path(TARGETS), watch.path("data/targets-2019.ron~")).expect("backup");
    watch.write(TARGETS, &original.replace(HIGH, "high: 3300,"));
    std::fs::remove_file(watch.path("data/targets-2019.ron~")).expect("remove backup");
    // Normally one report; a run could start between two steps of the
    // save on a very busy machine, but no report is ever about the
    // temporary names alone.
    let reports = watch.all_until("the save", |r| mismatch_high(r, TARGETS) == Some(3300));
    for report in &reports {
        assert_eq!(changed(report), [TARGETS], "only the real file changed: {report}");
    }
    std::fs::remove_file(watch.path("data/.targets-2019.ron.swp")).expect("remove swap");

    // The next report is the next real change, nothing in between.
    watch.write(TARGETS, &original);
    let report = watch.next();
    assert_eq!(changed(&report), [TARGETS], "{report}");
    assert_eq!(mismatch_high(&report, TARGETS), Some(3000), "{report}");
}

#[test]
fn delete_and_recreate() {
    let mut watch = Watch::start();
    let original = watch.read(TARGETS);
    std::fs::remove_file(watch.path(TARGETS)).expect("delete");
    let (report, _) = watch.until("the file gone", |r| changed(r).contains(&TARGETS));
    assert_eq!(mismatch_high(&report, TARGETS), None, "{report}");
    assert!(!diagnostics(&report).any(|d| d["file"] == TARGETS), "{report}");

    watch.write(TARGETS, &original);
    let (report, _) = watch.until("the file back", |r| mismatch_high(r, TARGETS) == Some(3000));
    assert_eq!(changed(&report), [TARGETS]);
}

#[test]
fn broken_data_is_reported_and_the_rest_still_checked() {
    let mut watch = Watch::start();
    let original = watch.read(TARGETS);
    watch.write(TARGETS, &original.replace(HIGH, "high: 3000 oops,"));
    let (report, _) = watch.until("a parse error", |r| watch_has(r, "parse", TARGETS));
    assert!(
        diagnostics(&report).any(|d| d["rule"] != "parse"),
        "the other files are still checked: {report}"
    );
    let parse = diagnostics(&report)
        .find(|d| d["rule"] == "parse")
        .expect("parse finding");
    assert!(
        parse["span"]["line"].as_u64().unwrap_or(0) > 300,
        "at its location: {parse}"
    );

    watch.write(TARGETS, &original);
    let (report, _) = watch.until("the file fixed", |r| mismatch_high(r, TARGETS) == Some(3000));
    assert!(!watch_has(&report, "parse", TARGETS), "{report}");
}

fn watch_has(report: &Value, rule: &str, file: &str) -> bool {
    diagnostics(report).any(|d| d["rule"] == rule && d["file"] == file)
}

#[test]
fn folder_created_renamed_and_root_moved_back() {
    let mut watch = Watch::start();
    std::fs::create_dir(watch.path("data/sub")).expect("mkdir");
    watch.write("data/sub/extra.ron", "(broken");
    let (report, _) = watch.until("the new file", |r| watch_has(r, "parse", "data/sub/extra.ron"));
    assert!(changed(&report).contains(&"data/sub/extra.ron"));

    std::fs::rename(watch.path("data/sub"), watch.path("data/sub2")).expect("rename folder");
    let (report, _) = watch.until("the renamed folder", |r| {
        watch_has(r, "parse", "data/sub2/extra.ron")
    });
    assert!(!watch_has(&report, "parse", "data/sub/extra.ron"), "{report}");

    // A file in the renamed folder is still watched.
    watch.write("data/sub2/extra.ron", "(still broken");
    let (report, _) = watch.until("the edit in the renamed folder", |r| {
        changed(r).contains(&"data/sub2/extra.ron")
    });
    assert!(watch_has(&report, "parse", "data/sub2/extra.ron"), "{report}");
    std::fs::remove_dir_all(watch.path("data/sub2")).expect("remove folder");
    watch.until("the folder gone", |r| {
        !watch_has(r, "parse", "data/sub2/extra.ron")
    });

    // The watched folder itself moved away and back.
    std::fs::rename(watch.path("data"), watch.path("data-moved")).expect("move data away");
    watch.until("no data", |r| mismatch_high(r, TARGETS).is_none());
    std::fs::rename(watch.path("data-moved"), watch.path("data")).expect("move data back");
    watch.until("data back", |r| mismatch_high(r, TARGETS) == Some(3000));
    let original = watch.read(TARGETS);
    watch.write(TARGETS, &original.replace(HIGH, "high: 3400,"));
    watch.until("an edit after the move", |r| {
        mismatch_high(r, TARGETS) == Some(3400)
    });
}

#[test]
fn rule_broken_and_fixed() {
    let mut watch = Watch::start();
    let rule = "rules/breakdown-sum-mismatch.rhai";
    let original = watch.read(rule);
    watch.write(rule, &format!("{original}\nfn broken( {{\n"));
    let (report, _) = watch.until("a rule error", |r| watch_has(r, "rule-error", rule));
    assert_eq!(changed(&report), [rule]);
    assert_eq!(
        mismatch_high(&report, TARGETS),
        None,
        "the broken rule does not run"
    );
    assert!(
        diagnostics(&report).any(|d| d["rule"] != "rule-error"),
        "the other rules still run: {report}"
    );

    watch.write(rule, &original);
    let (report, _) = watch.until("the rule fixed", |r| !watch_has(r, "rule-error", rule));
    assert_eq!(changed(&report), [rule]);
    assert_eq!(mismatch_high(&report, TARGETS), Some(3000), "{report}");
}

/// A schema edited while watching re-checks the tables of its kind: a
/// limit that the data breaks is a `shape` finding at once, and a broken
/// schema file is a `config-error` until it is fixed.
#[test]
fn schema_edited_while_watching() {
    let mut watch = Watch::start();
    let schema = "schemas/TargetTable.ron";
    let original = watch.read(schema);
    let limited = original.replace(
        "\"year\": (type: \"integer\", min: 2000, max: 2100,",
        "\"year\": (type: \"integer\", min: 2000, max: 2018,",
    );
    assert_ne!(limited, original);
    watch.write(schema, &limited);
    let (report, _) = watch.until("a shape finding", |r| watch_has(r, "shape", TARGETS));
    assert!(changed(&report).contains(&schema), "{report}");
    assert!(
        diagnostics(&report).any(|d| d["rule"] == "shape"
            && d["message"]
                .as_str()
                .is_some_and(|m| m.contains("above the largest allowed 2018"))),
        "{report}"
    );
    watch.write(schema, &original.replace("\"integer\"", "\"integr\""));
    let (report, _) = watch.until("a config error", |r| {
        diagnostics(r).any(|d| d["rule"] == "config-error" && d["file"] == schema)
    });
    assert!(!watch_has(&report, "shape", TARGETS), "{report}");
    watch.write(schema, &original);
    let (report, _) = watch.until("the schema fixed", |r| {
        !diagnostics(r).any(|d| d["rule"] == "config-error" || d["rule"] == "shape")
    });
    assert_eq!(mismatch_high(&report, TARGETS), Some(3000), "{report}");
}

#[test]
fn config_change_applies_new_settings() {
    let mut watch = Watch::start();
    watch.write("tally.ron", "(ignore: [\"breakdown-sum-mismatch\"])\n");
    let (report, _) = watch.until("the rule ignored", |r| mismatch_high(r, TARGETS).is_none());
    assert_eq!(changed(&report), ["tally.ron"]);
    std::fs::remove_file(watch.path("tally.ron")).expect("remove tally.ron");
    watch.until("the rule back", |r| mismatch_high(r, TARGETS) == Some(3000));
}

#[test]
fn burst_of_fifty_writes() {
    let mut watch = Watch::start();
    let original = watch.read(TARGETS);
    for i in 1..=50 {
        watch.write(TARGETS, &original.replace(HIGH, &format!("high: {},", 3000 + i)));
    }
    let (_, count) = watch.until("the last write", |r| mismatch_high(r, TARGETS) == Some(3050));
    assert!(count < 25, "{count} reports for a burst of 50 writes");
}

#[test]
fn sigint_ends_cleanly() {
    let watch = Watch::start();
    let status = watch.signal("INT");
    assert_eq!(status.code(), Some(0), "{status:?}");
}

#[test]
fn sigterm_ends_cleanly() {
    let watch = Watch::start();
    let status = watch.signal("TERM");
    assert_eq!(status.code(), Some(0), "{status:?}");
}

#[test]
fn a_baseline_named_by_tally_ron_applies_and_is_read_again_on_every_run() {
    let mut watch = Watch::start();
    let written = Command::new(binary())
        .args(["check", "--write-baseline", "b.json"])
        .current_dir(watch.path(""))
        .output()
        .expect("tally check runs");
    assert_eq!(written.status.code(), Some(0));
    watch.write("tally.ron", "Config(baseline: \"b.json\")\n");
    let (report, _) = watch.until("the baseline applied", |r| r["summary"]["baselined"] == 5);
    assert_eq!(mismatch_high(&report, TARGETS), None, "{report}");
    assert_eq!(report["baseline"]["file"], "b.json");
    // A changed figure is a new finding, and its old entry has gone.
    let original = watch.read(TARGETS);
    watch.write(TARGETS, &original.replace(HIGH, "high: 3100,"));
    let (report, _) = watch.until("the new finding", |r| mismatch_high(r, TARGETS) == Some(3100));
    assert_eq!(report["summary"]["baselined"], 4, "{report}");
    assert_eq!(report["baseline"]["gone"][0]["rule"], "breakdown-sum-mismatch");
}

#[test]
fn a_missing_baseline_stops_watch_at_once_with_exit_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&workspace().join("data"), &dir.path().join("data")).expect("copy data");
    copy_tree(&workspace().join("rules"), &dir.path().join("rules")).expect("copy rules");
    copy_tree(&workspace().join("schemas"), &dir.path().join("schemas")).expect("copy schemas");
    let output = Command::new(binary())
        .args(["watch", "--baseline", "nowhere.json"])
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .output()
        .expect("tally watch runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("the baseline `nowhere.json` does not exist"),
        "{stderr}"
    );
}

/// Issue 19: `data` replaced by a link to another folder of the project is
/// checked there, and edits in that folder are seen.
#[cfg(unix)]
#[test]
fn issue_19_data_replaced_by_a_link_is_followed() {
    let mut watch = Watch::start();
    copy_tree(&watch.path("data"), &watch.path("data-2020")).expect("copy");
    let original = watch.read(TARGETS);
    std::fs::write(
        watch.path("data-2020/targets-2019.ron"),
        original.replace(HIGH, "high: 3200,"),
    )
    .expect("write");
    std::fs::rename(watch.path("data"), watch.path("data-2019")).expect("move data away");
    std::os::unix::fs::symlink("data-2020", watch.path("data")).expect("link");
    watch.until("the linked folder", |r| mismatch_high(r, TARGETS) == Some(3200));
    std::fs::write(
        watch.path("data-2020/targets-2019.ron"),
        original.replace(HIGH, "high: 3300,"),
    )
    .expect("write");
    watch.until("an edit in the linked folder", |r| {
        mismatch_high(r, TARGETS) == Some(3300)
    });
}

/// Issue 19: a data file that can no longer be read gives a fresh report
/// with its `io` finding (here it becomes a named pipe, which tally does
/// not open; a permission change is no obstacle to root).
#[cfg(unix)]
#[test]
fn issue_19_a_data_file_that_cannot_be_read_gives_a_new_report() {
    let mut watch = Watch::start();
    std::fs::remove_file(watch.path("data/units.ron")).expect("remove");
    let status = Command::new("mkfifo")
        .arg(watch.path("data/units.ron"))
        .status()
        .expect("mkfifo");
    assert!(status.success());
    watch.until("the io finding", |r| watch_has(r, "io", "data/units.ron"));
}

/// Issue 19: `tally check --write-baseline` rewriting the baseline makes
/// the watch check again, with the new baseline.
#[test]
fn issue_19_a_rewritten_baseline_is_applied_at_once() {
    let mut watch = Watch::start();
    watch.write("b.json", "{\"version\": 1, \"findings\": []}\n");
    watch.write("tally.ron", "Config(baseline: \"b.json\")\n");
    watch.until("the empty baseline", |r| {
        r["summary"]["baselined"] == 0 && r["baseline"]["file"] == "b.json"
    });
    let written = Command::new(binary())
        .args(["check", "--write-baseline"])
        .current_dir(watch.path(""))
        .output()
        .expect("tally check runs");
    assert_eq!(written.status.code(), Some(0), "{written:?}");
    let (report, _) = watch.until("the rewritten baseline", |r| r["summary"]["baselined"] == 5);
    assert_eq!(mismatch_high(&report, TARGETS), None, "{report}");
}

/// Issue 19: a broken `tally.ron` is reported in the stream as `tally
/// check` reports it (a `config-error`), not by going on with the old
/// settings; fixing it brings the reports back.
#[test]
fn issue_19_a_broken_tally_ron_is_reported_not_ignored() {
    let mut watch = Watch::start();
    watch.write("tally.ron", "Config(ignore: [\"breakdown-sum-mismatch\"]\n");
    let (report, _) = watch.until("the config error", |r| {
        diagnostics(r).any(|d| d["rule"] == "config-error")
    });
    assert_eq!(diagnostics(&report).count(), 1, "{report}");
    let original = watch.read(TARGETS);
    watch.write(TARGETS, &original.replace(HIGH, "high: 3100,"));
    let (report, _) = watch.until("the config error again", |_| true);
    assert!(
        diagnostics(&report).any(|d| d["rule"] == "config-error"),
        "{report}"
    );
    watch.write("tally.ron", "Config(ignore: [\"breakdown-sum-mismatch\"])\n");
    watch.until("the fixed settings", |r| {
        r["summary"]["files"].as_u64().unwrap_or(0) >= 7 && mismatch_high(r, TARGETS).is_none()
    });
}
