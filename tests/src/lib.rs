//! Shared helpers of the end-to-end tests in `tests/tests/`: where the
//! workspace is, and the real `tally` binary to run.
//!
//! Cargo sets `CARGO_BIN_EXE_<name>` only for integration tests of the
//! package that defines the binary, and this crate is a separate package
//! (as the contract lays it out). So the first test that needs the binary
//! runs `cargo build -p tally` once (cargo no longer holds the build lock
//! while tests run), and every test then runs `target/<profile>/tally`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The workspace root.
pub fn workspace() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        manifest.parent().unwrap_or(manifest).to_path_buf()
    })
}

/// The path of the `tally` binary, built on first use.
pub fn binary() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(path) = std::env::var_os("TALLY_BIN") {
            return PathBuf::from(path);
        }
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| workspace().join("target"));
        // Tests are built in the `dev` profile unless told otherwise.
        let profile = if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        };
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut build = Command::new(cargo);
        build
            .current_dir(workspace())
            .args(["build", "-q", "-p", "tally", "--bin", "tally"]);
        if profile == "release" {
            build.arg("--release");
        }
        let status = build.status().expect("cargo runs");
        assert!(status.success(), "building the tally binary failed");
        target
            .join(profile)
            .join(format!("tally{}", std::env::consts::EXE_SUFFIX))
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
        .env_remove("CLICOLOR_FORCE");
    cmd
}

/// Replaces what changes between runs (elapsed times) in rendered output.
pub fn stable(output: &str) -> String {
    let mut out = String::with_capacity(output.len());
    let mut rest = output;
    // "(12 ms)" → "([time])", "\"elapsed_ms\": 12" → "\"elapsed_ms\": 0"
    while let Some(i) = rest.find(" ms)") {
        let head = &rest[..i];
        let digits = head.len() - head.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let open = i - digits;
        if digits > 0 && head[..open].ends_with('(') {
            out.push_str(&head[..open]);
            out.push_str("[time])");
        } else {
            out.push_str(&rest[..i + 4]);
        }
        rest = &rest[i + 4..];
    }
    out.push_str(rest);
    out
}

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

    /// Reads `relative`.
    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path().join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
    }

    /// Runs `tally ARGS` in the project folder.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_in("", args)
    }

    /// Runs `tally ARGS` in a folder of the project.
    pub fn run_in(&self, folder: &str, args: &[&str]) -> Run {
        let output = tally()
            .current_dir(self.path().join(folder))
            .args(args)
            .output()
            .expect("tally runs");
        Run {
            code: output.status.code().expect("exited normally"),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
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
    /// Standard output as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("{e}: {}\n{}", self.stdout, self.stderr))
    }
}
