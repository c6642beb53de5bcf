//! `tally lsp` through the real binary over stdio, driven by a scripted
//! client (`lsp_client.rs`): the diagnostics match `tally check`, at
//! UTF-16 ranges; completion, hover, code actions, definition; bad input;
//! the client going away; nothing written. One real editor, Neovim, in
//! `lsp_neovim.rs`.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use serde_json::{json, Value};

use crate::lsp_client::{pos, position_of, uri, Client};
use crate::util::{binary, copy_tree, workspace, Scratch};

pub const TARGETS: &str = "data/targets-2019.ron";

/// A scratch copy of the shipped project.
pub fn shipped() -> Scratch {
    let scratch = Scratch::new();
    copy_tree(&workspace().join("data"), &scratch.path().join("data")).expect("copy data");
    copy_tree(&workspace().join("rules"), &scratch.path().join("rules")).expect("copy rules");
    copy_tree(&workspace().join("schemas"), &scratch.path().join("schemas")).expect("copy schemas");
    scratch
}

/// Every file of a folder and its bytes.
fn snapshot(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(path.display().to_string(), std::fs::read(&path).expect("read"));
            }
        }
    }
    out
}

/// `(rule, line, character, end line, end character, message)` of the
/// findings `tally check --format json` reports in `file`, with LSP's
/// 0-based lines and UTF-16 columns worked out from the byte offsets.
fn check_findings(scratch: &Scratch, file: &str) -> Vec<(String, u32, u32, u32, u32, String)> {
    let text = scratch.read(file);
    let report = scratch.run(&["check", "--format", "json"]).json();
    let mut out: Vec<_> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["file"] == file)
        .map(|d| {
            let start = position_of(&text, d["span"]["start"].as_u64().expect("start") as usize);
            let end = position_of(&text, d["span"]["end"].as_u64().expect("end") as usize);
            let mut message = d["message"].as_str().unwrap_or_default().to_owned();
            if let Some(help) = d["help"].as_str() {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            (
                d["rule"].as_str().unwrap_or_default().to_owned(),
                start.0,
                start.1,
                end.0,
                end.1,
                message,
            )
        })
        .collect();
    out.sort();
    out
}

fn lsp_findings(diagnostics: &[Value]) -> Vec<(String, u32, u32, u32, u32, String)> {
    let n = |v: &Value| v.as_u64().unwrap_or(u64::MAX) as u32;
    let mut out: Vec<_> = diagnostics
        .iter()
        .map(|d| {
            let r = &d["range"];
            (
                d["code"].as_str().unwrap_or_default().to_owned(),
                n(&r["start"]["line"]),
                n(&r["start"]["character"]),
                n(&r["end"]["line"]),
                n(&r["end"]["character"]),
                d["message"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    out.sort();
    out
}

fn labels(answer: &Value) -> Vec<String> {
    let items = answer["result"]
        .as_array()
        .cloned()
        .or_else(|| answer["result"]["items"].as_array().cloned());
    items
        .unwrap_or_default()
        .iter()
        .filter_map(|i| i["label"].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn diagnostics_match_tally_check_on_open_and_follow_the_unsaved_text() {
    let scratch = shipped();
    let before = snapshot(scratch.path());
    let path = scratch.path().join(TARGETS);
    let text = scratch.read(TARGETS);
    let doc = uri(&path);
    let mut client = Client::start(binary(), scratch.path());
    client.open(&doc, &text);
    let expected = check_findings(&scratch, TARGETS);
    assert!(!expected.is_empty());
    let got = client.diagnostics(&doc, |d| !d.is_empty());
    assert_eq!(lsp_findings(&got), expected);
    let sum = got
        .iter()
        .find(|d| d["code"] == "breakdown-sum-mismatch")
        .expect("sum mismatch");
    assert_eq!(sum["source"], "tally");
    assert!(sum["severity"].as_u64().is_some());
    // Related sites, as `tally check` has them.
    let report = scratch.run(&["check", "--format", "json"]).json();
    let checked = report["diagnostics"]
        .as_array()
        .and_then(|d| d.iter().find(|d| d["rule"] == "breakdown-sum-mismatch").cloned())
        .expect("checked");
    let related = checked["related"].as_array().map_or(0, Vec::len);
    assert!(related > 0);
    assert_eq!(
        sum["relatedInformation"].as_array().map_or(0, Vec::len),
        related,
        "{sum}"
    );

    // Type a region the registry does not know, with an emoji before it on
    // the line: the range counts UTF-16 units.
    let at = text.find("\"鹿城区\": 38").expect("region");
    let (line, character) = position_of(&text, at);
    client.change(&doc, 2, [line, character + 1, line, character + 4], "😀鹿城");
    let got = client.diagnostics(&doc, |d| d.iter().any(|d| d["code"] == "unknown-region"));
    let region = got
        .iter()
        .find(|d| d["code"] == "unknown-region")
        .expect("unknown-region");
    assert_eq!(region["range"]["start"], pos(line, character));
    assert_eq!(region["range"]["end"], pos(line, character + 2 + 2 + 2));
    assert!(
        region["message"].as_str().unwrap_or_default().contains("help:"),
        "{region}"
    );

    // A near miss: the did-you-mean is in the data and in the help.
    client.change(&doc, 3, [line, character + 1, line, character + 5], "鹿城");
    let got = client.diagnostics(&doc, |d| d.iter().any(|d| d["data"]["suggestion"] == "鹿城区"));
    let region = got
        .iter()
        .find(|d| d["code"] == "unknown-region")
        .expect("unknown-region");
    assert_eq!(region["range"]["end"], pos(line, character + 4));

    // Its quick fix: the registry's name; and the allow comment.
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": doc },
            "range": region["range"],
            "context": { "diagnostics": [region] }
        }),
    );
    let actions = actions["result"].as_array().cloned().unwrap_or_default();
    let titles: Vec<&str> = actions.iter().filter_map(|a| a["title"].as_str()).collect();
    let fix = actions
        .iter()
        .find(|a| a["title"].as_str().is_some_and(|t| t.contains("鹿城区")))
        .unwrap_or_else(|| panic!("no fix in {titles:?} for {region}"));
    let edit = &fix["edit"]["changes"][&doc][0];
    assert_eq!(edit["newText"], "\"鹿城区\"");
    let allow = actions
        .iter()
        .find(|a| a["title"].as_str().is_some_and(|t| t.contains("allow")))
        .unwrap_or_else(|| panic!("no allow in {titles:?}"));
    let comment = &allow["edit"]["changes"][&doc][0];
    assert!(comment["newText"]
        .as_str()
        .unwrap_or_default()
        .trim_start()
        .starts_with("// tally: allow(unknown-region) "));
    assert_eq!(allow["command"]["command"], "tally.placeCursor");

    // Half typed: an open bracket is a parse diagnostic, nothing crashes.
    client.change(&doc, 4, [line, 0, line, 0], "{ \"");
    let got = client.diagnostics(&doc, |d| d.iter().any(|d| d["code"] == "parse"));
    assert!(!got.is_empty());
    // Back to the text on disk: the same findings as `tally check`.
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": doc, "version": 5 }, "contentChanges": [{ "text": text }] }),
    );
    let got = client.diagnostics(&doc, |d| {
        !d.iter()
            .any(|d| d["code"] == "parse" || d["code"] == "unknown-region")
    });
    assert_eq!(lsp_findings(&got), expected);
    assert_eq!(client.stop(), Some(0));
    assert_eq!(snapshot(scratch.path()), before, "the server wrote a file");
}

#[test]
fn completion_hover_and_definition_read_the_registries() {
    let scratch = shipped();
    let path = scratch.path().join(TARGETS);
    let text = scratch.read(TARGETS);
    let doc = uri(&path);
    let mut client = Client::start(binary(), scratch.path());
    // A new line in the first breakdown map, a quote and one character typed.
    let at = text.find("\"鹿城区\": 15.0,").expect("first breakdown");
    let (line, character) = position_of(&text, at);
    let mut typed = text.clone();
    typed.insert_str(at, "\"瓯\n                        ");
    // 瓯江口产业集聚区 not yet in this map; 瓯海区 is.
    typed = typed.replacen("\"瓯江口产业集聚区\": 15.0,", "", 1);
    client.open(&doc, &typed);
    client.diagnostics(&doc, |_| true);
    let answer = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": doc }, "position": pos(line, character + 2) }),
    );
    let names = labels(&answer);
    assert!(names.contains(&"瓯江口产业集聚区".to_owned()), "{names:?}");
    // 瓯海区 is already in this map: left out.
    assert!(!names.contains(&"瓯海区".to_owned()), "{names:?}");
    assert!(names.iter().all(|n| n.starts_with('瓯')), "{names:?}");

    // Hover on a region name: its registry entry.
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": doc }, "position": pos(line + 1, character + 2) }),
    );
    let shown = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        shown.contains("鹿城区") && shown.contains("district") && shown.contains("温州市"),
        "{shown}"
    );
    // Definition: the registry entry in data/regions.ron.
    let definition = client.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": doc }, "position": pos(line + 1, character + 2) }),
    );
    let target = definition["result"]["uri"].as_str().unwrap_or_default();
    assert!(target.ends_with("data/regions.ron"), "{definition}");

    // Hover on a figure (of a table that parses): its indicator, the
    // lines, the sum.
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": doc, "version": 2 }, "contentChanges": [{ "text": text }] }),
    );
    let typed = text.clone();
    let figure = typed.find("\"鹿城区\": 38").expect("figure") + "\"鹿城区\": ".len();
    let (fl, fc) = position_of(&typed, figure);
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": doc }, "position": pos(fl, fc) }),
    );
    let shown = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        shown.contains("数字经济核心产业增加值")
            && shown.contains("standard 500")
            && shown.contains("high 520"),
        "{shown}"
    );
    assert!(shown.contains("sum"), "{shown}");

    // Field names of a new indicator, from the kind's schema (with their
    // type and description); those already written left out.
    let record = typed
        .find("(\n                    name: \"数字经济核心产业增加值\"")
        .expect("record");
    let (rl, rc) = position_of(&typed, record);
    client.change(
        &doc,
        3,
        [rl, rc, rl, rc],
        "(\n                    unit: \"%\",\n                    \n                ),\n                ",
    );
    let answer = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": doc }, "position": pos(rl + 2, 20) }),
    );
    let fields = labels(&answer);
    for field in ["name", "standard", "high", "breakdown", "additive", "group"] {
        assert!(fields.contains(&field.to_owned()), "{field} missing: {fields:?}");
    }
    assert!(!fields.contains(&"unit".to_owned()), "{fields:?}");
    let items = answer["result"]
        .as_array()
        .cloned()
        .or_else(|| answer["result"]["items"].as_array().cloned())
        .unwrap_or_default();
    let standard = items.iter().find(|i| i["label"] == "standard").expect("standard");
    assert_eq!(
        standard["detail"], "number — 全市标线 / the city's standard line",
        "{standard}"
    );
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn a_units_list_completes_unit_names() {
    let scratch = shipped();
    let file = "data/responsibilities-2019.ron";
    let text = scratch.read(file).replacen("units: [],", "units: [\"市经\"],", 1);
    let doc = uri(&scratch.path().join(file));
    let mut client = Client::start(binary(), scratch.path());
    client.open(&doc, &text);
    let at = text.find("units: [\"市经\"]").expect("typed") + "units: [\"市经".len();
    let (line, character) = position_of(&text, at);
    let answer = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": doc }, "position": pos(line, character) }),
    );
    let names = labels(&answer);
    assert!(names.contains(&"市经信局".to_owned()), "{names:?}");
    assert!(names.iter().all(|n| n.starts_with("市经")), "{names:?}");
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn a_rule_changed_on_disk_re_checks_the_open_documents() {
    let scratch = shipped();
    let doc = uri(&scratch.path().join(TARGETS));
    let mut client = Client::start(binary(), scratch.path());
    client.open(&doc, &scratch.read(TARGETS));
    client.diagnostics(&doc, |d| !d.is_empty());
    let rule = "rules/titled.rhai";
    scratch.write(
        rule,
        "const ID = \"titled\";\nconst SEVERITY = \"info\";\nconst TITLE = \"a title\";\nfn check(data) {\n    for t in tables(\"TargetTable\") { report(t.title, \"a title\"); }\n}\n",
    );
    // Told by the client.
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&scratch.path().join(rule)), "type": 1 }] }),
    );
    client.diagnostics(&doc, |d| d.iter().any(|d| d["code"] == "titled"));
    // Not told: the server looks once a second (this client does not
    // watch files); a file made and removed within one look is no change.
    std::thread::sleep(Duration::from_millis(1500));
    std::fs::remove_file(scratch.path().join(rule)).expect("remove");
    client.diagnostics(&doc, |d| {
        !d.is_empty() && !d.iter().any(|d| d["code"] == "titled")
    });
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn rule_files_complete_the_rule_api_and_show_compile_errors_at_their_line() {
    let scratch = shipped();
    let rule = scratch.path().join("rules/percentage-out-of-range.rhai");
    let text = scratch.read("rules/percentage-out-of-range.rhai");
    let doc = uri(&rule);
    let mut client = Client::start(binary(), scratch.path());
    let broken = format!("{text}\nfn broken() {{\n    let x = ;\n}}\n");
    client.open(&doc, &broken);
    let got = client.diagnostics(&doc, |d| d.iter().any(|d| d["code"] == "rule-error"));
    let error = got
        .iter()
        .find(|d| d["code"] == "rule-error")
        .expect("rule-error");
    let line = broken
        .lines()
        .position(|l| l.contains("let x = ;"))
        .expect("line") as u64;
    assert_eq!(error["range"]["start"]["line"], line, "{error}");
    let answer = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": doc }, "position": pos(0, 0) }),
    );
    let names = labels(&answer);
    for name in ["tables", "report", "sum"] {
        assert!(names.contains(&name.to_owned()), "{name} missing: {names:?}");
    }
    // Hover and definition of a rule id in an allow comment.
    let data = scratch.path().join(TARGETS);
    let data_uri = uri(&data);
    let commented = format!(
        "// tally: allow(breakdown-sum-mismatch) 待核实\n{}",
        scratch.read(TARGETS)
    );
    client.open(&data_uri, &commented);
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": data_uri }, "position": pos(0, 20) }),
    );
    let shown = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(shown.contains("breakdown-sum-mismatch"), "{hover}");
    let definition = client.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": data_uri }, "position": pos(0, 20) }),
    );
    assert!(
        definition["result"]["uri"]
            .as_str()
            .unwrap_or_default()
            .ends_with("rules/breakdown-sum-mismatch.rhai"),
        "{definition}"
    );
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn a_malformed_message_gets_an_error_and_the_server_keeps_serving() {
    let scratch = shipped();
    let mut client = Client::start(binary(), scratch.path());
    let body = "{not json";
    client.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    let error = client
        .wait_for(|m| m["error"]["code"] == -32700)
        .expect("parse error response");
    assert_eq!(error["id"], Value::Null);
    let body = r#"{"jsonrpc":"2.0","id":77,"method":5}"#;
    client.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    let error = client
        .wait_for(|m| m["id"] == 77)
        .expect("invalid request response");
    assert_eq!(error["error"]["code"], -32600);
    // Invalid params, an unknown method: errors, and still serving.
    let answer = client.request("textDocument/hover", json!({ "nonsense": true }));
    assert_eq!(answer["error"]["code"], -32602);
    let answer = client.request("tally/nothing", json!({}));
    assert_eq!(answer["error"]["code"], -32601);
    // A file outside the project: an empty answer.
    let outside = tempfile::tempdir().expect("temp");
    let other = uri(&outside.path().join("x.ron"));
    client.open(&other, "TargetTable(sheets: [])");
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": other }, "position": pos(0, 3) }),
    );
    assert_eq!(hover["result"], Value::Null);
    let completion = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": other }, "position": pos(0, 3) }),
    );
    assert_eq!(completion["result"], json!([]));
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn a_rule_that_loops_forever_is_bounded_and_the_other_findings_still_come() {
    let scratch = shipped();
    scratch.write("tally.ron", "Config(limits: (deadline_ms: 500))\n");
    scratch.write(
        "rules/spins.rhai",
        "const ID = \"spins\";\nconst SEVERITY = \"error\";\nconst TITLE = \"never ends\";\nfn check(data) {\n    loop { }\n}\n",
    );
    let path = scratch.path().join(TARGETS);
    let doc = uri(&path);
    let mut client = Client::start(binary(), scratch.path());
    client.open(&doc, &scratch.read(TARGETS));
    let got = client.diagnostics(&doc, |d| d.iter().any(|d| d["code"] == "breakdown-sum-mismatch"));
    assert!(!got.is_empty());
    let rule = uri(&scratch.path().join("rules/spins.rhai"));
    let errors = client.diagnostics(&rule, |d| d.iter().any(|d| d["code"] == "rule-error"));
    assert_eq!(errors[0]["range"]["start"]["line"], 4, "{errors:?}");
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn the_server_exits_when_the_client_goes_away() {
    let scratch = shipped();
    let mut client = Client::start(binary(), scratch.path());
    client.hang_up();
    assert!(
        client.wait_exit(Duration::from_secs(10)).is_some(),
        "the server kept running"
    );
}

#[test]
fn an_invalid_tally_ron_is_shown_at_its_place() {
    let scratch = shipped();
    scratch.write(
        "tally.ron",
        "Config(\n    severity: {\"breakdown-sum-mismatch\": \"loud\"},\n)\n",
    );
    let config = uri(&scratch.path().join("tally.ron"));
    let mut client = Client::start(binary(), scratch.path());
    let got = client.diagnostics(&config, |d| !d.is_empty());
    assert_eq!(got[0]["code"], "config-error", "{got:?}");
    assert_eq!(got[0]["range"]["start"]["line"], 1, "{got:?}");
    // Fixed on disk and saved: the project is set up again.
    scratch.write("tally.ron", "Config()\n");
    client.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": config } }),
    );
    client.diagnostics(&config, <[Value]>::is_empty);
    let doc = uri(&scratch.path().join(TARGETS));
    client.open(&doc, &scratch.read(TARGETS));
    client.diagnostics(&doc, |d| !d.is_empty());
    assert_eq!(client.stop(), Some(0));
}

/// A schema file being edited: its mistake, typed and not saved, is a
/// diagnostic at its place; the data of its kind is checked against the
/// unsaved schema too.
#[test]
fn a_schema_typed_in_the_editor_is_checked_as_typed() {
    let scratch = shipped();
    let schema_path = "schemas/TargetTable.ron";
    let original = scratch.read(schema_path);
    let schema = uri(&scratch.path().join(schema_path));
    let data = uri(&scratch.path().join(TARGETS));
    let mut client = Client::start(binary(), scratch.path());
    client.open(&data, &scratch.read(TARGETS));
    client.diagnostics(&data, |d| !d.is_empty());
    let broken = original.replace("\"year\": (type: \"integer\"", "\"year\": (type: \"integr\"");
    assert_ne!(broken, original);
    client.open(&schema, &broken);
    let got = client.diagnostics(&schema, |d| !d.is_empty());
    assert_eq!(got[0]["code"], "config-error", "{got:?}");
    assert!(
        got[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("did you mean `integer`?")),
        "{got:?}"
    );
    let line = original[..original.find("\"year\"").expect("year")]
        .lines()
        .count()
        - 1;
    assert_eq!(got[0]["range"]["start"]["line"], line, "{got:?}");
    // Nothing was written: the file on disk is as it was.
    assert_eq!(scratch.read(schema_path), original);
    assert_eq!(client.stop(), Some(0));
}
