//! Shared helpers of the end-to-end tests (`cli/tests/*.rs`, modules of
//! the one test binary `tests.rs`) and of the `watch_latency` bench: where
//! the workspace is, and the real `tally` binary to run.
//!
//! The binary is the one cargo builds for this package's integration tests
//! and benches (`CARGO_BIN_EXE_tally`), in the same profile; `TALLY_BIN`
//! runs another one instead.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The workspace root.
pub fn workspace() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        manifest.parent().unwrap_or(manifest).to_path_buf()
    })
}

/// The path of the `tally` binary: `TALLY_BIN` if set, else the one cargo
/// built for these tests.
pub fn binary() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        std::env::var_os("TALLY_BIN")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_tally")))
    })
}

/// Copies a folder tree (a scratch project made from the shipped `data/`
/// and `rules/`).
pub fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// A `tally` command with a stable environment: no colors, fixed width.
pub fn tally() -> Command {
    let mut cmd = Command::new(binary());
    cmd.current_dir(workspace())
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        // English whatever the machine's locale; tests of the Chinese
        // interface set `LANG` or `--lang` themselves.
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
        .env_remove("CLICOLOR_FORCE");
    cmd
}

/// Replaces what changes between runs (elapsed times) in rendered output:
/// `(12 ms)` → `([time])`, and in the Chinese interface `（12 毫秒）` →
/// `（[time]）`.
pub fn stable(output: &str) -> String {
    let english = elapsed_made_stable(output, "(", " ms)", "[time])");
    elapsed_made_stable(&english, "（", " 毫秒）", "[time]）")
}

/// Each `OPEN` digits `UNIT` of `text` as `OPEN` `replacement`.
fn elapsed_made_stable(text: &str, open: &str, unit: &str, replacement: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(unit) {
        let head = &rest[..i];
        let digits = head.len() - head.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let start = i - digits;
        if digits > 0 && head[..start].ends_with(open) {
            out.push_str(&head[..start]);
            out.push_str(replacement);
        } else {
            out.push_str(&rest[..i + unit.len()]);
        }
        rest = &rest[i + unit.len()..];
    }
    out.push_str(rest);
    out
}

/// The schema of the `Sales` kind the scratch projects' tables use (a
/// project declares its kinds; without it each check would also say
/// `no-schema`, which `cli::a_kind_without_a_schema_is_named_once` tests).
pub const SALES_SCHEMA: &str = r#"Schema(
    kind: "Sales",
    fields: {
        "title": (type: "text", optional: true),
        "regions": (type: "map of text to number or None", optional: true),
        "total": (type: "number", optional: true),
        "corrections": (type: "list of number", optional: true),
        "pilots": (type: "map of text to number or None", optional: true),
    },
)
"#;

/// A scratch project in a temporary folder: write files, run `tally` in it.
pub struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    /// An empty project with `data/` and `rules/`.
    pub fn new() -> Scratch {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("data")).expect("data dir");
        std::fs::create_dir_all(dir.path().join("rules")).expect("rules dir");
        std::fs::create_dir_all(dir.path().join("schemas")).expect("schemas dir");
        std::fs::write(dir.path().join("schemas/Sales.ron"), SALES_SCHEMA).expect("schema");
        Scratch { dir }
    }

    /// The project folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `text` to `relative`, creating folders.
    pub fn write(&self, relative: &str, text: &str) -> &Scratch {
        let path = self.path().join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("parent dir");
        }
        std::fs::write(path, text).expect("write file");
        self
    }

    /// `workbook` as LibreOffice reads it: converted headless to flat ODS
    /// (which keeps cell comments and fills), its text. `None`, with a
    /// message saying the test is skipped, where `soffice` is not installed.
    pub fn opened_in_libreoffice(&self, workbook: &Path) -> Option<String> {
        if Command::new("soffice").arg("--version").output().is_err() {
            eprintln!("skipped: LibreOffice (`soffice`) is not installed; apt-get install -y libreoffice-calc-nogui");
            return None;
        }
        let out = self.path().join("lo");
        let profile = format!(
            "-env:UserInstallation=file://{}",
            self.path().join("lo-profile").display()
        );
        let status = Command::new("soffice")
            .args([profile.as_str(), "--headless", "--convert-to", "fods", "--outdir"])
            .arg(&out)
            .arg(workbook)
            .output()
            .expect("soffice runs");
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
        let stem = workbook.file_stem().expect("a file name").to_string_lossy();
        Some(std::fs::read_to_string(out.join(format!("{stem}.fods"))).expect("converted"))
    }

    /// Writes `bytes` to `relative`, creating folders.
    pub fn write_bytes(&self, relative: &str, bytes: &[u8]) -> &Scratch {
        let path = self.path().join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("parent dir");
        }
        std::fs::write(path, bytes).expect("write file");
        self
    }

    /// Runs `tally ARGS` in the project folder, measuring it (see
    /// [`measure`]); a run longer than `time_bound` is killed and fails the
    /// test.
    pub fn measure(&self, args: &[&str], time_bound: Duration) -> Measured {
        let mut cmd = tally();
        cmd.current_dir(self.path()).args(args);
        measure(cmd, time_bound)
    }

    /// Reads `relative`.
    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path().join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
    }

    /// Runs `tally ARGS` in the project folder.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_in("", args)
    }

    /// Runs `tally ARGS` in the project with `LANG` set to `lang`.
    pub fn run_with_lang(&self, lang: &str, args: &[&str]) -> Run {
        Run::of(tally().current_dir(self.path()).env("LANG", lang).args(args))
    }

    /// Runs `tally ARGS` in a folder of the project.
    pub fn run_in(&self, folder: &str, args: &[&str]) -> Run {
        Run::of(tally().current_dir(self.path().join(folder)).args(args))
    }
}

impl Default for Scratch {
    fn default() -> Self {
        Scratch::new()
    }
}

/// What a run of `tally` did.
#[derive(Debug)]
pub struct Run {
    /// The exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// Runs `cmd` (a [`tally`] command) to its end.
    pub fn of(cmd: &mut Command) -> Run {
        let output = cmd.output().expect("tally runs");
        Run {
            code: output.status.code().expect("exited normally"),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Exit code and both outputs, elapsed times made [`stable`]: what a
    /// snapshot of a whole run shows.
    pub fn shown(&self) -> String {
        format!(
            "exit {}\n--- stdout\n{}--- stderr\n{}",
            self.code,
            stable(&self.stdout),
            stable(&self.stderr)
        )
    }

    /// Standard output as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("{e}: {}\n{}", self.stdout, self.stderr))
    }
}

/// A finished run with what it cost.
#[derive(Debug)]
pub struct Measured {
    /// Exit code and output.
    pub run: Run,
    /// Wall-clock time from start to exit.
    pub wall: Duration,
    /// Peak resident set size in MiB, if the system tells (Linux).
    pub peak_rss_mib: Option<f64>,
}

impl Measured {
    /// Asserts that the run stayed within `seconds` of wall time and
    /// `mib` of peak resident memory (the latter where it can be measured).
    pub fn assert_within(&self, what: &str, seconds: f64, mib: f64) -> &Self {
        eprintln!(
            "{what}: {:.2} s, peak RSS {} (bounds {seconds} s, {mib} MiB)",
            self.wall.as_secs_f64(),
            self.peak_rss_mib
                .map_or("unknown".to_owned(), |m| format!("{m:.0} MiB"))
        );
        assert!(
            self.wall.as_secs_f64() <= seconds,
            "{what}: took {:?}, bound {seconds} s",
            self.wall
        );
        if let Some(peak) = self.peak_rss_mib {
            assert!(peak <= mib, "{what}: peak RSS {peak:.0} MiB, bound {mib} MiB");
        }
        self
    }
}

/// Runs `cmd` to the end, measuring its wall time and peak resident set
/// size. The peak is the kernel's own high-water mark (`VmHWM` in
/// `/proc/<pid>/status`), read every 2 ms while the process runs, so it
/// misses at most what the process adds in its last 2 ms. A run longer
/// than `time_bound` is killed and fails the test: a hang never hangs
/// the test suite.
pub fn measure(mut cmd: Command, time_bound: Duration) -> Measured {
    let started = Instant::now();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tally starts");
    let pipe = |stream: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut stream) = stream {
                let _ = stream.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = pipe(
        child
            .stdout
            .take()
            .map(|s| Box::new(s) as Box<dyn std::io::Read + Send>),
    );
    let stderr = pipe(
        child
            .stderr
            .take()
            .map(|s| Box::new(s) as Box<dyn std::io::Read + Send>),
    );
    let status_file = PathBuf::from(format!("/proc/{}/status", child.id()));
    let mut peak_kib: Option<u64> = None;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for tally") {
            break status;
        }
        if let Some(hwm) = std::fs::read_to_string(&status_file)
            .ok()
            .and_then(|s| vm_hwm_kib(&s))
        {
            peak_kib = Some(peak_kib.unwrap_or(0).max(hwm));
        }
        if started.elapsed() > time_bound {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} ran past its bound of {time_bound:?} and was killed");
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let wall = started.elapsed();
    let stdout = stdout.join().expect("stdout reader");
    let stderr = stderr.join().expect("stderr reader");
    Measured {
        run: Run {
            code: status
                .code()
                .unwrap_or_else(|| panic!("{cmd:?} was killed by a signal: {status:?}")),
            stdout: String::from_utf8_lossy(&stdout).into_owned(),
            stderr: String::from_utf8_lossy(&stderr).into_owned(),
        },
        wall,
        peak_rss_mib: peak_kib.map(|k| k as f64 / 1024.0),
    }
}

/// `VmHWM:     1234 kB` from a `/proc/<pid>/status` text, in KiB.
fn vm_hwm_kib(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The lines a child writes to `stdout`, as they come, read on a thread
/// of their own (so that a test can wait for one with a timeout).
pub fn lines(stdout: std::process::ChildStdout) -> std::sync::mpsc::Receiver<String> {
    use std::io::BufRead as _;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}
