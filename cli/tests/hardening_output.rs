//! The adversarial corpus, round two, output side (issue 19): what the
//! reader of tally's output could be made to miss or suffer. Each case
//! runs the real binary in a scratch project.
//!
//! - The exit code does not depend on whether the reader stayed: with
//!   stdout a closed pipe, `check` and `test` still return the code their
//!   findings earned.
//! - A finding's text is bounded: each text at
//!   `Limits::MAX_FINDING_TEXT` characters, a rule run's findings at
//!   `max_finding_bytes`.
//! - Control characters from the data do not reach the terminal: the
//!   human format (and the watch screen) shows them escaped, machine
//!   formats keep them exact.

use std::io::Read as _;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::adversarial::{
    at, check_json, diagnostics, hostile, message, no_panic, only, rule, rule_project, shipped,
};
use crate::util::{stable, tally, Scratch};

// ----- Exit code with stdout closed -----------------------------------------

/// Every `--format` of `tally check`.
const FORMATS: [&str; 7] = ["human", "json", "sarif", "junit", "github", "gitlab", "html"];

/// How long a run with its stdout closed may take before it counts as hung.
const CLOSED_BOUND: Duration = Duration::from_secs(60);

/// Runs `cmd` with stdout a pipe whose reading end the test closes at
/// once, so that tally's first write fails with a broken pipe; its exit
/// code and stderr. A run past [`CLOSED_BOUND`] is killed and fails.
fn with_stdout_closed(mut cmd: Command) -> (i32, String) {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tally starts");
    drop(child.stdout.take());
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for tally") {
            break status;
        }
        if started.elapsed() > CLOSED_BOUND {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} with stdout closed ran past {CLOSED_BOUND:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let stderr = reader.join().expect("stderr reader");
    let code = status
        .code()
        .unwrap_or_else(|| panic!("{cmd:?} was killed by a signal: {status:?}; {stderr}"));
    (code, stderr)
}

/// `tally ARGS` in `p`.
fn in_project(p: &Scratch, args: &[&str]) -> Command {
    let mut cmd = tally();
    cmd.current_dir(p.path()).args(args);
    cmd
}

/// A rule of `severity` reporting `count` findings on the sales total,
/// each with a 60-character message: some 200 KB of output in any format,
/// more than a pipe holds.
fn many(id: &str, severity: &str, count: usize) -> String {
    format!(
        "const ID = \"{id}\";\nconst SEVERITY = \"{severity}\";\nconst TITLE = \"t\";\nfn check(data) {{\n    let t = table(\"Sales\");\n    for i in 0..{count} {{ report(t.total, `finding number ${{i}} of many, reported to fill the pipe`); }}\n}}\n"
    )
}

/// Asserts that `tally ARGS` in `p` exits with `code` both when its output
/// is read and when its stdout is closed at once, and that a closed stdout
/// is not reported as an error.
fn same_code_when_reader_gone(p: &Scratch, args: &[&str], code: i32) {
    let read = p.run(args);
    assert_eq!(read.code, code, "{args:?} read: {}{}", read.stdout, read.stderr);
    assert!(!read.stdout.is_empty(), "{args:?}: output to lose");
    let (closed, stderr) = with_stdout_closed(in_project(p, args));
    assert_eq!(closed, code, "{args:?} with stdout closed: {stderr}");
    assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    assert!(
        !stderr.contains("cannot write the output"),
        "{args:?}: a reader that went is not an error: {stderr}"
    );
}

/// `tally check | head -n5` under `pipefail`: 2,000 error findings exit 1
/// in every format even when the reader went at once (it was 0).
#[test]
fn issue_19_check_keeps_exit_1_when_stdout_is_closed() {
    let p = rule_project(None);
    p.write("rules/many.rhai", &many("many", "error", 2_000));
    for format in FORMATS {
        same_code_when_reader_gone(&p, &["check", "--format", format], 1);
    }
}

/// A rule that fails is exit 2, whoever reads.
#[test]
fn issue_19_check_keeps_exit_2_when_stdout_is_closed() {
    let p = rule_project(None);
    p.write("rules/many.rhai", &many("many", "error", 2_000)).write(
        "rules/broken.rhai",
        &rule(
            "broken",
            "fn check(data) {\n    throw \"broken on purpose\";\n}\n",
        ),
    );
    for format in FORMATS {
        same_code_when_reader_gone(&p, &["check", "--format", format], 2);
    }
}

/// Warnings below `--fail-on` are exit 0 and at it exit 1, whoever reads.
#[test]
fn issue_19_check_keeps_the_fail_on_level_when_stdout_is_closed() {
    let p = rule_project(None);
    p.write("rules/many.rhai", &many("many", "warning", 2_000));
    for format in FORMATS {
        same_code_when_reader_gone(&p, &["check", "--format", format], 0);
        same_code_when_reader_gone(&p, &["check", "--format", format, "--fail-on", "warning"], 1);
    }
}

/// `tally test` with a failing fixture is exit 1, and with a rule that
/// does not compile exit 2, in both formats, whoever reads (it was 0).
#[test]
fn issue_19_test_keeps_its_exit_code_when_stdout_is_closed() {
    let p = rule_project(None);
    // The regions sum to 3, the total is 4: `sales-total` reports, so
    // this pass fixture fails.
    p.write(
        "rules/fixtures/sales-total/pass.ron",
        "Sales(regions: {\"鹿城区\": 1, \"龙湾区\": 2}, total: 4)\n",
    )
    .write(
        "rules/fixtures/sales-total/fail.ron",
        "Sales(regions: {\"鹿城区\": 1}, total: 5)\n",
    );
    for format in ["human", "junit"] {
        same_code_when_reader_gone(&p, &["test", "--format", format], 1);
    }
    p.write(
        "rules/broken.rhai",
        &rule("broken", "fn check(data) {\n    let x = ;\n}\n"),
    )
    .write("rules/fixtures/broken/pass.ron", "Sales(regions: {}, total: 0)\n");
    for format in ["human", "junit"] {
        same_code_when_reader_gone(&p, &["test", "--format", format], 2);
    }
}

/// `tally watch | head`: when nobody reads any more, watch stops (as on
/// Ctrl-C, exit 0) instead of checking for nobody until killed.
#[test]
fn issue_19_watch_stops_with_0_when_stdout_is_closed() {
    let p = rule_project(None);
    p.write("rules/many.rhai", &many("many", "error", 2_000));
    for format in ["human", "json"] {
        let (code, stderr) = with_stdout_closed(in_project(&p, &["watch", "--format", format]));
        assert_eq!(code, 0, "watch --format {format}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

// ----- Size of findings ------------------------------------------------------

/// A rule that builds a text of 2^17 × `市x` (512 KiB, 262,144
/// characters) and reports it `count` times as message, label and help,
/// and as a related message.
fn long_texts(id: &str, count: usize) -> String {
    rule(
        id,
        &format!(
            "fn check(data) {{\n    let t = table(\"Sales\");\n    let s = \"市x\";\n    while s.len() < 262144 {{ s += s; }}\n    for i in 0..{count} {{ report(t.total, s, #{{ label: s, help: s, related: [[t.regions, s]] }}); }}\n}}\n"
        ),
    )
}

/// A text cut at `Limits::MAX_FINDING_TEXT` (2,000 characters): the first
/// 1,999 characters of `市x市x…`, then `…`.
fn assert_cut(what: &str, text: &str) {
    assert_eq!(text.chars().count(), 2_000, "{what}: {} bytes", text.len());
    assert!(text.ends_with('…'), "{what}");
    let kept: String = "市x".repeat(1_000).chars().take(1_999).collect();
    assert_eq!(&text[..text.len() - '…'.len_utf8()], kept, "{what}");
}

/// 2,000 findings with a 0.5 MiB message, label, help and related message
/// each (it took 19.7 s and 5.1 GB, and wrote 2.1 GB of JSON): every text
/// is cut at 2,000 characters, and the run stays within 20 s and 500 MiB.
/// (Rhai counts each string in the options map against
/// `max_string_size`, so the bound is raised to let the rule build it.)
#[test]
fn issue_19_long_finding_texts_are_cut() {
    let p = rule_project(Some("Config(limits: (max_string_size: 8388608))\n"));
    p.write("rules/long.rhai", &long_texts("long", 2_000));
    let (m, json) = check_json(&p, "2,000 findings of 0.5 MiB texts", 20.0, 500.0);
    assert_eq!(m.run.code, 1, "{}", m.run.stderr);
    assert!(
        m.run.stdout.len() < 64 << 20,
        "JSON of {} bytes",
        m.run.stdout.len()
    );
    let long = diagnostics(&json, "long");
    assert_eq!(long.len(), 2_000);
    for d in [long[0], long[1_999]] {
        assert_eq!(at(d), ("data/sales.ron", 3, 12));
        assert_cut("message", message(d));
        assert_cut("help", d["help"].as_str().unwrap_or(""));
        assert_cut("related", d["related"][0]["message"].as_str().unwrap_or(""));
    }
    assert!(diagnostics(&json, "rule-error").is_empty(), "{json:#}");

    // The human format shows them cut as well, the label too (JSON has
    // none), and stays within the bounds.
    let m = p.measure(&["check", "--select", "long"], Duration::from_secs(40));
    m.assert_within("2,000 findings of 0.5 MiB texts, human", 20.0, 500.0);
    no_panic("human", &m);
    assert_eq!(m.run.code, 1);
    assert!(m.run.stdout.contains('…'));
    assert!(!m.run.stdout.contains(&"市x".repeat(1_001)));
}

/// A rule run's findings hold at most `max_finding_bytes` of text (here
/// 1,000,000 bytes, some 83 findings of 12 KB): the findings before are
/// kept, and the rule gets one `rule-error` at its `report` naming the
/// bound; the other rules still run; exit 2.
#[test]
fn issue_19_finding_bytes_stop_at_their_bound() {
    let p = rule_project(Some("Config(limits: (max_finding_bytes: 1000000))\n"));
    let json = hostile(
        &p,
        "long",
        "fn check(data) {\n    let t = table(\"Sales\");\n    let s = \"市x\";\n    while s.len() < 262144 { s += s; }\n    for i in 0..2000 { report(t.total, s, #{ label: s, help: s }); }\n}\n",
        "the `max_finding_bytes` bound",
        5,
        20.0,
        500.0,
    );
    let kept = diagnostics(&json, "long").len();
    // Each finding holds three cut texts of 1,999 characters of `市x`
    // (1,000 × 市 and 999 × x, or the other way round) and `…`: 12,000
    // bytes or so.
    assert!((75..=90).contains(&kept), "{kept} findings kept");
    assert!(message(only(&json, "rule-error")).contains("1000000 bytes"));
}

// ----- Control characters in the data ----------------------------------------

/// A unit name that sets the terminal's title (`ESC ] 0 ; … BEL`), clears
/// the screen (`ESC [ 2 J`), returns the carriage (`CR`) and starts a C1
/// control sequence (`U+009B`, CSI in one character).
const HOSTILE_UNIT: &str = "市A\u{1b}]0;PWNED\u{7}\u{1b}[2J\r\u{9b}31m";

/// A responsibility table whose one item names [`HOSTILE_UNIT`], written
/// raw into the file (not as RON escapes), so that the snippet shows it.
fn hostile_unit_project() -> Scratch {
    let p = shipped();
    p.write(
        "data/responsibilities.ron",
        &format!(
            "ResponsibilityTable(\n    title: \"t\",\n    source: \"s\",\n    year: 2019,\n    parts: [\n        (\n            number: \"一\",\n            title: \"t\",\n            headline: None,\n            tasks: [\n                (\n                    number: 1,\n                    name: \"n\",\n                    items: [\n                        (text: \"x\", units: [\"{HOSTILE_UNIT}\"]),\n                    ],\n                ),\n            ],\n        ),\n    ],\n)\n"
        ),
    );
    p
}

/// Bytes a terminal acts on: ESC, BEL, a CR that does not end a line, and
/// the C1 controls (as UTF-8, `C2 80` to `C2 9F`).
fn terminal_controls(output: &str) -> Vec<String> {
    let mut found = Vec::new();
    let chars: Vec<char> = output.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let line_end = c == '\r' && chars.get(i + 1) == Some(&'\n');
        if c.is_control() && c != '\n' && c != '\t' && !line_end {
            found.push(c.escape_unicode().to_string());
        }
    }
    found
}

/// The unit name reaches the screen escaped: no ESC, BEL, CR or C1 byte in
/// the human output, `\u{1b}` in the message, and `?` and `¿` in its
/// place in the snippet; the JSON output keeps the name exact.
#[test]
fn issue_19_control_characters_in_the_data_do_not_reach_the_terminal() {
    let p = hostile_unit_project();
    for color in [None, Some("never")] {
        let mut args = vec!["check", "--select", "unknown-unit"];
        if let Some(color) = color {
            args.extend(["--color", color]);
        }
        let human = p.run(&args);
        assert_eq!(human.code, 1, "{}{}", human.stdout, human.stderr);
        assert!(
            terminal_controls(&human.stdout).is_empty(),
            "{:?} in:\n{}",
            terminal_controls(&human.stdout),
            human.stdout.escape_debug()
        );
        let escaped = "市A\\u{1b}]0;PWNED\\u{7}\\u{1b}[2J\\u{d}\\u{9b}31m";
        assert!(human.stdout.contains(escaped), "{}", human.stdout);
        // The snippet: the same bytes, controls replaced one for one.
        assert!(
            human.stdout.contains("\"市A?]0;PWNED??[2J?¿31m\""),
            "{}",
            human.stdout
        );
    }

    let json = p.run(&["check", "--select", "unknown-unit", "--format", "json"]);
    let json = json.json();
    let finding = only(&json, "unknown-unit");
    assert!(message(finding).contains(HOSTILE_UNIT), "{finding:#}");
    assert_eq!(finding["data"]["unit"], HOSTILE_UNIT);
    assert_eq!(at(finding), ("data/responsibilities.ron", 15, 45));
}

/// In the snippet the underline stays under the whole (replaced) name:
/// the replacements have the bytes of what they replace. The whole
/// finding is a snapshot.
#[test]
fn issue_19_the_snippet_of_a_name_with_control_characters_is_underlined_in_place() {
    let p = hostile_unit_project();
    let human = p.run(&["check", "--select", "unknown-unit", "--color", "never"]);
    let lines: Vec<&str> = human.stdout.lines().collect();
    let shown = "\"市A?]0;PWNED??[2J?¿31m\"";
    let row = lines
        .iter()
        .position(|l| l.ends_with(&format!("units: [{shown}]),")))
        .unwrap_or_else(|| panic!("no snippet line in:\n{}", human.stdout));
    let line = lines[row];
    let under = lines[row + 1];
    let width = |s: &str| unicode_width::UnicodeWidthStr::width(s);
    let start = width(&line[..line.len() - shown.len() - "]),".len()]);
    let underline: Vec<usize> = under
        .char_indices()
        .filter(|&(_, c)| c == '─' || c == '┬')
        .map(|(i, _)| width(&under[..i]))
        .collect();
    assert_eq!(
        (underline.first().copied(), underline.last().copied()),
        (Some(start), Some(start + width(shown) - 1)),
        "\n{line}\n{under}"
    );
    insta::assert_snapshot!("hostile_unit_human", stable(&human.stdout));
}

/// `tally watch` shows its screen with the human renderer: the unit name
/// reaches it escaped too.
#[test]
fn issue_19_control_characters_in_the_data_do_not_reach_the_watch_screen() {
    let p = hostile_unit_project();
    let mut child = in_project(&p, &["watch", "--select", "unknown-unit", "--color", "never"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("tally watch starts");
    let stdout = child.stdout.take().expect("stdout is piped");
    let rx = crate::util::lines(stdout);
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut screen = String::new();
    // The status line opens the screen and closes it: wait for the second.
    while screen.matches("(Ctrl-C to stop)").count() < 2 {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) => {
                screen.push_str(&line);
                screen.push('\n');
            }
            Err(_) => break,
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        screen.matches("(Ctrl-C to stop)").count() == 2,
        "no report:\n{screen}"
    );
    assert!(
        terminal_controls(&screen).is_empty(),
        "{:?} in:\n{}",
        terminal_controls(&screen),
        screen.escape_debug()
    );
    assert!(screen.contains("市A\\u{1b}]0;PWNED"), "{screen}");
}

/// What a rule prints, and a `rule-error`'s message, are shown escaped in
/// the human format, exact in JSON.
#[test]
fn issue_19_control_characters_a_rule_prints_do_not_reach_the_terminal() {
    let p = rule_project(None);
    p.write(
        "rules/noisy.rhai",
        &rule(
            "noisy",
            "fn check(data) {\n    print(\"title\\x1b]0;PWNED\\x07\");\n    report(table(\"Sales\").total, \"total\\x1b[2J\", #{ help: \"h\\x9b\" });\n}\n",
        ),
    );
    let human = p.run(&["check", "--color", "never"]);
    assert_eq!(human.code, 1, "{}{}", human.stdout, human.stderr);
    assert!(
        terminal_controls(&human.stdout).is_empty(),
        "{}",
        human.stdout.escape_debug()
    );
    assert!(
        human.stdout.contains("title\\u{1b}]0;PWNED\\u{7}"),
        "{}",
        human.stdout
    );
    assert!(human.stdout.contains("total\\u{1b}[2J"), "{}", human.stdout);
    assert!(human.stdout.contains("h\\u{9b}"), "{}", human.stdout);
    let json: Value = p.run(&["check", "--format", "json"]).json();
    assert_eq!(json["prints"][0], "noisy: title\u{1b}]0;PWNED\u{7}");
    assert_eq!(message(only(&json, "noisy")), "total\u{1b}[2J");
}
