//! CI where the offices keep their data (issue 21): the GitLab Code
//! Quality report, checked against the report's schema and for stable
//! fingerprints.

use serde_json::Value;

use crate::util::{copy_tree, stable, tally, workspace, Scratch};

fn gitlab(dir: &std::path::Path) -> (i32, Value) {
    let out = tally()
        .current_dir(dir)
        .args(["check", "--format", "gitlab"])
        .output()
        .expect("tally runs");
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().expect("exited"), json)
}

fn validate(report: &Value) {
    let schema: Value =
        serde_json::from_str(include_str!("schemas/gitlab-codequality.schema.json")).expect("schema");
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let errors: Vec<String> = validator
        .iter_errors(report)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{report:#}");
}

/// The shipped data's report: valid against the schema, one issue per
/// finding, the exit code of `tally check`, and a snapshot.
#[test]
fn gitlab_report_of_the_shipped_data() {
    let (code, report) = gitlab(workspace());
    assert_eq!(code, 1);
    validate(&report);
    assert_eq!(report.as_array().expect("array").len(), 5, "{report:#}");
    insta::assert_snapshot!(stable(&serde_json::to_string_pretty(&report).expect("json")));
}

/// The schema bites: a report missing what GitLab requires is refused.
#[test]
fn the_schema_refuses_what_gitlab_would() {
    let schema: Value =
        serde_json::from_str(include_str!("schemas/gitlab-codequality.schema.json")).expect("schema");
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    for bad in [
        r#"[{"description": "d", "check_name": "c", "fingerprint": "f", "severity": "error", "location": {"path": "a", "lines": {"begin": 1}}}]"#,
        r#"[{"description": "d", "check_name": "c", "severity": "major", "location": {"path": "a", "lines": {"begin": 1}}}]"#,
        r#"[{"description": "d", "check_name": "c", "fingerprint": "f", "severity": "major", "location": {"path": "a", "lines": {"begin": 0}}}]"#,
        r#"{"description": "d"}"#,
    ] {
        let value: Value = serde_json::from_str(bad).expect("json");
        assert!(!validator.is_valid(&value), "accepted {bad}");
    }
}

/// Fingerprints stay when lines move (a blank line and a comment inserted
/// above every finding) and differ between findings.
#[test]
fn gitlab_fingerprints_survive_moved_lines() {
    let p = Scratch::new();
    copy_tree(&workspace().join("data"), &p.path().join("data")).expect("copy data");
    copy_tree(&workspace().join("rules"), &p.path().join("rules")).expect("copy rules");
    copy_tree(&workspace().join("schemas"), &p.path().join("schemas")).expect("copy schemas");
    let (_, before) = gitlab(p.path());
    for entry in std::fs::read_dir(p.path().join("data")).expect("ls") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("read");
        std::fs::write(&path, format!("// moved\n\n{text}")).expect("write");
    }
    let (_, after) = gitlab(p.path());
    let prints = |r: &Value| -> Vec<(String, String, u64)> {
        r.as_array()
            .expect("array")
            .iter()
            .map(|i| {
                (
                    i["fingerprint"].as_str().expect("fingerprint").to_owned(),
                    i["check_name"].as_str().expect("name").to_owned(),
                    i["location"]["lines"]["begin"].as_u64().expect("line"),
                )
            })
            .collect()
    };
    let (b, a) = (prints(&before), prints(&after));
    assert_eq!(b.len(), a.len());
    for ((fb, nb, lb), (fa, na, la)) in b.iter().zip(&a) {
        assert_eq!((fb, nb), (fa, na), "the fingerprint moved with the line");
        assert_eq!(*la, lb + 2, "the line moved");
    }
    let mut unique: Vec<&String> = b.iter().map(|(f, _, _)| f).collect();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), b.len(), "two findings share a fingerprint");
}

/// A copy of the shipped project as a git repository with one commit on
/// `main` and a branch `change` checked out.
fn repository() -> Scratch {
    let p = Scratch::new();
    copy_tree(&workspace().join("data"), &p.path().join("data")).expect("copy data");
    copy_tree(&workspace().join("rules"), &p.path().join("rules")).expect("copy rules");
    copy_tree(&workspace().join("schemas"), &p.path().join("schemas")).expect("copy schemas");
    for args in [
        &["init", "-q", "-b", "main"][..],
        &["add", "-A"],
        &[
            "-c",
            "user.email=t@example.org",
            "-c",
            "user.name=t",
            "commit",
            "-q",
            "-m",
            "tables",
        ],
        &["checkout", "-q", "-b", "change"],
    ] {
        let status = std::process::Command::new("git")
            .current_dir(p.path())
            .args(args)
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    }
    p
}

/// One county figure changed on a branch: only the sum it broke is
/// reported (at the line line, with the breakdown as related site), the
/// five old findings are counted as untouched, and the exit code follows
/// the reported findings only.
#[test]
fn changed_since_reports_only_what_the_change_touched() {
    let p = repository();
    let targets = p.read("data/targets-2019.ron");
    p.write(
        "data/targets-2019.ron",
        &targets.replace("\"龙湾区\": 894,", "\"龙湾区\": 994,"),
    );
    let run = p.run(&["check", "--changed-since", "main", "--format", "json"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let json = run.json();
    let found: Vec<&str> = json["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .map(|d| d["rule"].as_str().expect("rule"))
        .collect();
    assert_eq!(found, ["breakdown-sum-mismatch"], "{json:#}");
    assert!(json["diagnostics"][0]["message"]
        .as_str()
        .expect("message")
        .contains("企业上云数"));
    assert_eq!(json["summary"]["untouched"], 5, "{json:#}");

    // Nothing changed: nothing reported, exit 0, every finding untouched.
    p.write("data/targets-2019.ron", &targets);
    let run = p.run(&["check", "--changed-since", "main"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("5 on lines the change did not touch"),
        "{}",
        run.stdout
    );

    // Every format, and the change committed on the branch.
    p.write(
        "data/targets-2019.ron",
        &targets.replace("\"龙湾区\": 894,", "\"龙湾区\": 994,"),
    );
    let status = std::process::Command::new("git")
        .current_dir(p.path())
        .args([
            "-c",
            "user.email=t@example.org",
            "-c",
            "user.name=t",
            "commit",
            "-q",
            "-am",
            "edit",
        ])
        .status()
        .expect("git");
    assert!(status.success());
    for format in ["human", "json", "sarif", "junit", "github", "gitlab"] {
        let run = p.run(&["check", "--changed-since", "main", "--format", format]);
        assert_eq!(run.code, 1, "{format}: {}{}", run.stdout, run.stderr);
        assert!(
            run.stdout.contains("breakdown-sum-mismatch"),
            "{format}: {}",
            run.stdout
        );
        // SARIF and JUnit list every rule that ran, found or not.
        if !["sarif", "junit"].contains(&format) {
            assert!(!run.stdout.contains("unknown-unit"), "{format}: {}", run.stdout);
        }
    }
}

/// With a baseline, accepted findings stay accepted and the rest is
/// filtered by the change.
#[test]
fn changed_since_works_with_a_baseline() {
    let p = repository();
    let run = p.run(&["check", "--write-baseline", "base.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let targets = p.read("data/targets-2019.ron");
    p.write(
        "data/targets-2019.ron",
        &targets.replace("\"龙湾区\": 894,", "\"龙湾区\": 994,"),
    );
    let run = p.run(&[
        "check",
        "--changed-since",
        "main",
        "--baseline",
        "base.json",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let json = run.json();
    assert_eq!(json["summary"]["baselined"], 5, "{json:#}");
    assert_eq!(json["summary"]["untouched"], 0, "{json:#}");
    assert_eq!(
        json["diagnostics"].as_array().expect("array").len(),
        1,
        "{json:#}"
    );
}

/// An unknown revision and a folder outside git are errors (exit 2) that
/// say so.
#[test]
fn changed_since_refuses_unknown_revisions_and_folders_outside_git() {
    let p = repository();
    let run = p.run(&["check", "--changed-since", "no-such-branch"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("git knows no revision `no-such-branch`"),
        "{}",
        run.stderr
    );

    let plain = Scratch::new();
    copy_tree(&workspace().join("data"), &plain.path().join("data")).expect("copy data");
    copy_tree(&workspace().join("rules"), &plain.path().join("rules")).expect("copy rules");
    copy_tree(&workspace().join("schemas"), &plain.path().join("schemas")).expect("copy schemas");
    let run = plain.run(&["check", "--changed-since", "main"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("is not in a git repository"),
        "{}",
        run.stderr
    );
}

/// The hook definition in `.pre-commit-hooks.yaml`, run by the real
/// `pre-commit` on a data repository: a clean commit passes; a commit
/// that breaks a breakdown sum is stopped with the finding shown. Skipped,
/// saying so, where `pre-commit` is not installed (`.ci/run` installs it).
#[test]
fn pre_commit_hook_stops_a_commit_that_breaks_a_sum() {
    let version = std::process::Command::new("pre-commit").arg("--version").output();
    if !version.is_ok_and(|o| o.status.success()) {
        eprintln!("SKIPPED: `pre-commit` is not installed (pip install pre-commit)");
        return;
    }
    let git = |dir: &std::path::Path, args: &[&str]| {
        std::process::Command::new("git")
            .current_dir(dir)
            .args(["-c", "user.email=t@example.org", "-c", "user.name=t"])
            .args(args)
            .output()
            .expect("git runs")
    };
    // A repository that holds the hook definition, as tally's does.
    let hooks = tempfile::tempdir().expect("temp dir");
    std::fs::copy(
        workspace().join(".pre-commit-hooks.yaml"),
        hooks.path().join(".pre-commit-hooks.yaml"),
    )
    .expect("copy");
    assert!(git(hooks.path(), &["init", "-q", "-b", "main"]).status.success());
    assert!(git(hooks.path(), &["add", "-A"]).status.success());
    assert!(git(hooks.path(), &["commit", "-q", "-m", "hooks"])
        .status
        .success());
    let rev = String::from_utf8_lossy(&git(hooks.path(), &["rev-parse", "HEAD"]).stdout)
        .trim()
        .to_owned();

    let p = repository();
    p.write(
        ".pre-commit-config.yaml",
        &format!(
            "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: tally\n",
            hooks.path().display()
        ),
    );
    let cache = tempfile::tempdir().expect("temp dir");
    let bin = crate::util::binary().parent().expect("bin dir").to_path_buf();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let run = |args: &[&str]| {
        std::process::Command::new(args[0])
            .args(&args[1..])
            .current_dir(p.path())
            .env("PATH", &path)
            .env("PRE_COMMIT_HOME", cache.path())
            .env("NO_COLOR", "1")
            .output()
            .expect("runs")
    };
    let install = run(&["pre-commit", "install"]);
    assert!(
        install.status.success(),
        "{}",
        String::from_utf8_lossy(&install.stderr)
    );

    // A clean change: a note in a table.
    let targets = p.read("data/targets-2019.ron");
    p.write(
        "data/targets-2019.ron",
        &format!("// checked by the county office\n{targets}"),
    );
    let commit = |message: &str| {
        run(&["git", "add", "-A"]);
        run(&[
            "git",
            "-c",
            "user.email=t@example.org",
            "-c",
            "user.name=t",
            "commit",
            "-m",
            message,
        ])
    };
    let clean = commit("a note");
    let out = format!(
        "{}{}",
        String::from_utf8_lossy(&clean.stdout),
        String::from_utf8_lossy(&clean.stderr)
    );
    assert!(clean.status.success(), "a clean commit was stopped:\n{out}");

    // A county figure that breaks its city's sum.
    let noted = p.read("data/targets-2019.ron");
    p.write(
        "data/targets-2019.ron",
        &noted.replace("\"龙湾区\": 894,", "\"龙湾区\": 994,"),
    );
    let broken = commit("a typo");
    let out = format!(
        "{}{}",
        String::from_utf8_lossy(&broken.stdout),
        String::from_utf8_lossy(&broken.stderr)
    );
    assert!(!broken.status.success(), "the commit went through:\n{out}");
    assert!(
        out.contains("breakdown-sum-mismatch") && out.contains("企业上云数"),
        "{out}"
    );
}

/// A YAML file as JSON, read by PyYAML (which `pre-commit` brings);
/// `None` where it is not installed.
fn yaml(path: &std::path::Path) -> Option<Value> {
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1], encoding='utf-8'))))",
        ])
        .arg(path)
        .output()
        .ok()?;
    if !out.status.success() {
        eprintln!(
            "SKIPPED: PyYAML cannot read YAML here: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        return None;
    }
    Some(serde_json::from_slice(&out.stdout).expect("JSON from python"))
}

/// Runs one line of a CI script with `sh` in the project, `tally` on the
/// path; its exit code.
fn script_line(p: &Scratch, line: &str, env: &[(&str, &str)]) -> i32 {
    let bin = crate::util::binary().parent().expect("bin dir").to_path_buf();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let out = std::process::Command::new("sh")
        .args(["-c", line])
        .current_dir(p.path())
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .output()
        .expect("sh runs");
    out.status.code().unwrap_or(-1)
}

/// The recipes of docs/ci.md, run as written: the YAML parses, and the
/// script parts produce valid reports and the documented exit codes.
#[test]
fn ci_recipes_run_as_written() {
    let recipes = workspace().join("docs/ci");
    let Some(gitlab) = yaml(&recipes.join("gitlab-ci.yml")) else {
        return;
    };
    let Some(github) = yaml(&recipes.join("github-workflow.yml")) else {
        return;
    };

    // GitLab: the whole-project job.
    let p = repository();
    let lines: Vec<&str> = gitlab["tally"]["script"]
        .as_array()
        .expect("script")
        .iter()
        .map(|l| l.as_str().expect("line"))
        .collect();
    let codes: Vec<i32> = lines.iter().map(|l| script_line(&p, l, &[])).collect();
    assert_eq!(codes, [0, 0, 1], "{lines:?}");
    validate(&serde_json::from_str(&p.read("gl-code-quality-report.json")).expect("code-quality JSON"));
    assert!(p.read("tally-junit.xml").starts_with("<?xml"), "JUnit report");
    assert_eq!(
        gitlab["tally"]["artifacts"]["reports"]["codequality"],
        "gl-code-quality-report.json"
    );

    // GitLab: the merge-request job, against a target branch on `origin`.
    let p = repository();
    let me = p.path().display().to_string();
    assert_eq!(script_line(&p, &format!("git remote add origin '{me}'"), &[]), 0);
    let targets = p.read("data/targets-2019.ron");
    p.write(
        "data/targets-2019.ron",
        &targets.replace("\"龙湾区\": 894,", "\"龙湾区\": 994,"),
    );
    let env = [("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main")];
    let lines: Vec<&str> = gitlab["tally-changes"]["script"]
        .as_array()
        .expect("script")
        .iter()
        .map(|l| l.as_str().expect("line"))
        .collect();
    let codes: Vec<i32> = lines.iter().map(|l| script_line(&p, l, &env)).collect();
    assert_eq!(codes, [0, 0, 1], "{lines:?}");
    let report: Value = serde_json::from_str(&p.read("gl-code-quality-report.json")).expect("JSON");
    validate(&report);
    assert_eq!(report.as_array().expect("array").len(), 1, "{report:#}");

    // GitHub Actions: the steps that run tally (installing is left out).
    let p = repository();
    let steps = github["jobs"]["tally"]["steps"].as_array().expect("steps");
    let run_of = |id: &str| {
        steps
            .iter()
            .find(|s| s["id"] == id)
            .and_then(|s| s["run"].as_str())
            .unwrap_or_else(|| panic!("step {id}"))
            .to_owned()
    };
    assert_eq!(script_line(&p, &run_of("check"), &[]), 1);
    assert_eq!(script_line(&p, &run_of("sarif"), &[]), 0);
    let sarif: Value = serde_json::from_str(&p.read("tally.sarif")).expect("SARIF");
    assert_eq!(sarif["version"], "2.1.0");
    assert!(steps.iter().any(|s| s["uses"]
        .as_str()
        .is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif"))));

    // Any CI: the shell script.
    let p = repository();
    let code = script_line(&p, &format!("sh '{}'", recipes.join("ci.sh").display()), &[]);
    assert_eq!(code, 1);
    assert!(p.read("tally-junit.xml").starts_with("<?xml"));
}
