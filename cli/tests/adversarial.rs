//! The adversarial corpus: hostile data and hostile rules, through the real
//! `tally` binary, in a scratch project per test.
//!
//! For each case: the finding it must produce (rule id, file, line and
//! column), the documented exit code, no panic, and bounds on the run that
//! the test states and holds it to: wall time and the peak resident memory
//! of the `tally` process (see [`crate::util::measure`]). The bounds are
//! generous on purpose — this is a debug build (dependencies at opt-level
//! 2, tally itself at 0) on a shared 2-core CI machine — and they catch
//! hangs and blow-ups, not slowness. A run past its time bound is killed.

use std::time::Duration;

use serde_json::Value;

use crate::util::{copy_tree, workspace, Measured, Scratch};

/// Bounds of a run that takes milliseconds when all is well.
const QUICK_S: f64 = 20.0;
const QUICK_MIB: f64 = 200.0;

/// A project with the shipped rules and the shipped region and unit
/// registries (which the rules look names up in).
pub(crate) fn shipped() -> Scratch {
    let p = Scratch::new();
    copy_tree(&workspace().join("rules"), &p.path().join("rules")).expect("copy rules");
    copy_tree(&workspace().join("schemas"), &p.path().join("schemas")).expect("copy schemas");
    std::fs::remove_dir_all(p.path().join("rules/fixtures")).expect("drop fixtures");
    for name in ["regions.ron", "units.ron"] {
        std::fs::copy(
            workspace().join("data").join(name),
            p.path().join("data").join(name),
        )
        .expect("copy");
    }
    p
}

/// `tally check --format json` within bounds; the run and its JSON.
pub(crate) fn check_json(p: &Scratch, what: &str, seconds: f64, mib: f64) -> (Measured, Value) {
    let m = p.measure(
        &["check", "--format", "json"],
        Duration::from_secs_f64(seconds * 2.0),
    );
    m.assert_within(what, seconds, mib);
    no_panic(what, &m);
    let json = serde_json::from_str(&m.run.stdout)
        .unwrap_or_else(|e| panic!("{what}: stdout is not JSON ({e}): {}", m.run.stderr));
    (m, json)
}

pub(crate) fn no_panic(what: &str, m: &Measured) {
    assert!(
        !m.run.stderr.contains("panicked") && !m.run.stdout.contains("panicked"),
        "{what}: {}",
        m.run.stderr
    );
    assert!((0..=2).contains(&m.run.code), "{what}: exit code {}", m.run.code);
}

pub(crate) fn diagnostics<'a>(json: &'a Value, rule: &str) -> Vec<&'a Value> {
    json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["rule"] == rule)
        .collect()
}

/// The one finding of `rule`, failing if there is not exactly one.
pub(crate) fn only<'a>(json: &'a Value, rule: &str) -> &'a Value {
    let found = diagnostics(json, rule);
    assert_eq!(found.len(), 1, "one `{rule}` finding in {json:#}");
    found[0]
}

/// (file, line, column) of a finding.
pub(crate) fn at(d: &Value) -> (&str, u64, u64) {
    (
        d["file"].as_str().unwrap_or_else(|| panic!("no file: {d:#}")),
        d["span"]["line"]
            .as_u64()
            .unwrap_or_else(|| panic!("no line: {d:#}")),
        d["span"]["column"]
            .as_u64()
            .unwrap_or_else(|| panic!("no column: {d:#}")),
    )
}

/// 1-based line and character column of byte `offset` in `text`.
fn line_column(text: &str, offset: usize) -> (u64, u64) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line as u64, text[line_start..offset].chars().count() as u64 + 1)
}

pub(crate) fn message(d: &Value) -> &str {
    d["message"].as_str().unwrap_or("")
}

/// A target table that fits its kind, with `figures` as the body of its
/// one indicator (standard, high, breakdown).
fn target_table(figures: &str) -> String {
    format!(
        "#![enable(implicit_some)]\nTargetTable(\n    title: \"t\",\n    source: \"s\",\n    year: 2019,\n    sheets: [\n        (\n            annex: 2,\n            title: \"t\",\n            indicators: [\n                (\n                    name: \"企业上云数\",\n                    unit: \"家\",\n                    additive: true,\n{figures}\n                ),\n            ],\n        ),\n    ],\n)\n"
    )
}

// ----- Data -----------------------------------------------------------------

#[test]
fn an_empty_file_is_a_parse_finding_at_its_start() {
    let p = shipped();
    p.write("data/empty.ron", "");
    let (m, json) = check_json(&p, "empty file", QUICK_S, QUICK_MIB);
    assert_eq!(m.run.code, 1);
    let d = only(&json, "parse");
    assert_eq!(at(d), ("data/empty.ron", 1, 1));
    assert!(message(d).contains("empty file"), "{d:#}");
}

/// A misspelt field on the first line of a file that starts with a byte
/// order mark: the mark is not a column.
#[test]
fn a_byte_order_mark_is_not_a_column() {
    let p = shipped();
    let table = "RegionRegistry(title: \"t\", source: \"s\", regions: [(name: \"鹿城区\", kind: \"district\", parnet: None)])\n";
    p.write("data/bom.ron", &format!("\u{FEFF}{table}"));
    p.write("data/only-bom.ron", "\u{FEFF}");
    let (m, json) = check_json(&p, "BOM", QUICK_S, QUICK_MIB);
    assert_eq!(m.run.code, 1);
    let shape = only(&json, "shape");
    let (line, column) = line_column(table, table.find("parnet").expect("typo"));
    assert_eq!(at(shape), ("data/bom.ron", line, column));
    assert_eq!(at(only(&json, "parse")), ("data/only-bom.ron", 1, 1));
}

#[test]
fn crlf_line_ends_count_lines_and_columns_as_lf_does() {
    let p = shipped();
    let table = "RegionRegistry(\r\n    title: \"t\",\r\n    source: \"s\",\r\n    regions: [\r\n        (name: \"鹿城区\", kind: \"district\", parnet: None),\r\n    ],\r\n)\r\n";
    p.write("data/crlf.ron", table);
    let (m, json) = check_json(&p, "CRLF", QUICK_S, QUICK_MIB);
    assert_eq!(m.run.code, 1);
    let (line, column) = line_column(table, table.find("parnet").expect("typo"));
    assert_eq!((line, column), (5, 41));
    assert_eq!(at(only(&json, "shape")), ("data/crlf.ron", line, column));
}

#[test]
fn invalid_utf8_is_a_parse_finding_at_the_first_bad_byte() {
    let p = shipped();
    p.write_bytes("data/latin1.ron", b"Sales(\n    name: \"caf\xe9 \xff\xfe\",\n)\n");
    let (m, json) = check_json(&p, "invalid UTF-8", QUICK_S, QUICK_MIB);
    assert_eq!(m.run.code, 1);
    let d = only(&json, "parse");
    assert_eq!(at(d), ("data/latin1.ron", 2, 15));
    assert!(message(d).contains("not valid UTF-8"), "{d:#}");
}

/// A data file larger than the reader's 256 KiB chunks, of Chinese text
/// whose characters the chunk ends cut, reads back whole: a misspelt field
/// at its end is found at its line and column; with one byte broken past
/// the second chunk, the `parse` finding is at that character.
#[test]
fn a_large_chinese_file_is_read_whole_across_the_readers_chunks() {
    let p = shipped();
    let mut table = String::from("RegionRegistry(\n    title: \"t\",\n    source: \"s\",\n    regions: [\n");
    let mut i = 0;
    while table.len() < 700_000 {
        table.push_str(&format!(
            "        (name: \"鹿城区第{i}街道\", kind: \"district\", parent: None),\n"
        ));
        i += 1;
    }
    table.push_str("        (name: \"龙湾区\", kind: \"district\", parnet: None),\n    ],\n)\n");
    p.write("data/big.ron", &table);
    let (_, json) = check_json(&p, "large Chinese file", QUICK_S, QUICK_MIB);
    let (line, column) = line_column(&table, table.find("parnet").expect("typo"));
    assert_eq!(at(only(&json, "shape")), ("data/big.ron", line, column));

    let broken_at = table.find("鹿城区第9000街道").expect("a late row");
    assert!(broken_at > 2 * (256 << 10), "past the second chunk: {broken_at}");
    let mut bytes = table.clone().into_bytes();
    bytes[broken_at + 1] = 0xFF;
    p.write_bytes("data/big.ron", &bytes);
    let (_, json) = check_json(&p, "large Chinese file, one bad byte", QUICK_S, QUICK_MIB);
    let (line, column) = line_column(&table, broken_at);
    let d = only(&json, "parse");
    assert_eq!(at(d), ("data/big.ron", line, column));
    assert!(message(d).contains("not valid UTF-8"), "{d:#}");
}

/// A 100 MB data file over `limits.max_file_size` (64 MiB here: the
/// default, 1 GiB, fits a national table) is not read: an `io` finding at
/// the file, exit 2, and tally's memory stays that of a small check.
/// (Parsed, a file of tiny values costs up to ~15 bytes of memory per byte,
/// which is why the limit exists.)
#[test]
fn a_100_mb_file_is_refused_by_the_size_limit_without_being_read() {
    let p = shipped();
    p.write("tally.ron", "Config(limits: (max_file_size: 67108864))\n");
    let mut text = String::with_capacity(100 << 20);
    text.push_str("Big(values: [\n");
    let row = "    1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5, 11.5, 12.5, 13.5, 14.5,\n";
    while text.len() < 100_000_000 {
        text.push_str(row);
    }
    text.push_str("])\n");
    p.write("data/big.ron", &text);
    // Bound: 20 s, 100 MiB (a check of the shipped registries takes ~20 MiB).
    let (m, json) = check_json(&p, "100 MB file", QUICK_S, 100.0);
    assert_eq!(m.run.code, 2);
    let d = only(&json, "io");
    assert_eq!(at(d), ("data/big.ron", 1, 1));
    assert!(message(d).contains("95.4 MiB, more than the 64.0 MiB"), "{d:#}");
    assert!(
        d["help"].as_str().unwrap_or("").contains("limits.max_file_size"),
        "{d:#}"
    );
}

/// A file within the size limit is parsed and checked in bounded time and
/// memory: a 4 MiB target table of 5,000 indicators (65,000 figures).
#[test]
fn a_large_table_within_the_limit_is_checked_within_bounds() {
    let p = shipped();
    let regions = [
        "鹿城区",
        "龙湾区",
        "瓯海区",
        "洞头区",
        "乐清市",
        "瑞安市",
        "永嘉县",
    ];
    let mut indicators = String::new();
    let mut i = 0;
    while indicators.len() < 4 << 20 {
        let breakdown: String = regions
            .iter()
            .enumerate()
            .map(|(j, r)| format!("\"{r}\": {}, ", 10 + j))
            .collect();
        let total: usize = (0..regions.len()).map(|j| 10 + j).sum();
        let line = if i == 4321 { total + 1 } else { total };
        indicators.push_str(&format!(
            "                (name: \"指标{i}\", unit: \"家\", additive: true, standard: {line}, high: {line}, breakdown: {{{breakdown}}}),\n"
        ));
        i += 1;
    }
    let table = format!(
        "#![enable(implicit_some)]\nTargetTable(title: \"t\", source: \"s\", year: 2019, sheets: [\n        (annex: 2, title: \"t\", indicators: [\n{indicators}        ]),\n])\n"
    );
    p.write("data/large.ron", &table);
    // Bound: 60 s, 1 GiB.
    let (m, json) = check_json(&p, "4 MiB table", 60.0, 1024.0);
    assert_eq!(m.run.code, 1, "{}", m.run.stderr);
    let d = only(&json, "breakdown-sum-mismatch");
    let (line, _) = line_column(&table, table.find("\"指标4321\"").expect("indicator"));
    assert_eq!(at(d).0, "data/large.ron");
    assert_eq!(at(d).1, line, "{d:#}");
    assert!(diagnostics(&json, "rule-error").is_empty(), "{json:#}");
}

#[test]
fn nesting_100_000_deep_is_a_parse_finding_not_a_stack_overflow() {
    let p = shipped();
    p.write(
        "data/deep-lists.ron",
        &format!("{}{}\n", "[".repeat(100_000), "]".repeat(100_000)),
    );
    p.write(
        "data/deep-options.ron",
        &format!("{}1{}\n", "Some(".repeat(100_000), ")".repeat(100_000)),
    );
    let (m, json) = check_json(&p, "100,000 deep", QUICK_S, QUICK_MIB);
    assert_eq!(m.run.code, 1);
    let found = diagnostics(&json, "parse");
    assert_eq!(found.len(), 2, "{json:#}");
    assert_eq!(at(found[0]), ("data/deep-lists.ron", 1, 129));
    assert_eq!(at(found[1]), ("data/deep-options.ron", 1, 5 * 128 + 5));
    assert!(found
        .iter()
        .all(|d| message(d).contains("nesting deeper than 128 levels")));
}

/// With `unwrap_variant_newtypes`, each `Some(` looks ahead to its closing
/// `)`; 120 of them around a 10 MB list took 12 s in a release build before
/// the look-ahead got a budget. Now: a parse finding, quickly.
#[test]
fn nested_some_lookahead_is_bounded() {
    let p = shipped();
    let text = format!(
        "#![enable(unwrap_variant_newtypes)]\n{}[{}]{}\n",
        "Some(".repeat(120),
        "1,".repeat(500_000),
        ")".repeat(120)
    );
    p.write("data/some.ron", &text);
    // Bound: 20 s, 400 MiB (1 MB of text).
    let (m, json) = check_json(&p, "nested Some look-ahead", QUICK_S, 400.0);
    assert_eq!(m.run.code, 1);
    let d = only(&json, "parse");
    assert_eq!(at(d).0, "data/some.ron");
    assert_eq!(at(d).1, 2);
    assert!(message(d).contains("nested too deeply to look ahead"), "{d:#}");
}

/// A key written twice is a `duplicate-key` finding at the second, with
/// the first as related site, and its help says truly what rules see (a
/// rule here prints it).
#[test]
fn a_duplicate_map_key_is_reported_at_the_second_key() {
    let p = shipped();
    let text = "Sales(\n    regions: {\n        \"鹿城区\": 38,\n        \"龙湾区\": 12,\n        \"鹿城区\": 50,\n    },\n)\n";
    p.write("data/sales.ron", text);
    p.write(
        "rules/look.rhai",
        "const ID = \"look\";\nconst SEVERITY = \"info\";\nconst TITLE = \"t\";\nfn check(data) {\n    let m = table(\"Sales\").regions;\n    print(`${m[\"鹿城区\"]} ${sum(m)}`);\n}\n",
    );
    let (m, json) = check_json(&p, "duplicate key", QUICK_S, QUICK_MIB);
    assert_eq!(json["prints"][0], "look: 38 100", "by key the first, summed both");
    assert!(
        only(&json, "duplicate-key")["help"]
            .as_str()
            .unwrap_or("")
            .contains("sees only the first, while sums and key lists count both"),
        "{json:#}"
    );
    assert_eq!(m.run.code, 1);
    let d = only(&json, "duplicate-key");
    let second = text.rfind("\"鹿城区\"").expect("second key");
    let first = text.find("\"鹿城区\"").expect("first key");
    let (line, column) = line_column(text, second);
    assert_eq!(at(d), ("data/sales.ron", line, column));
    let related = &d["related"][0];
    assert_eq!(
        (
            related["span"]["line"].as_u64(),
            related["span"]["column"].as_u64()
        ),
        (Some(line_column(text, first).0), Some(line_column(text, first).1)),
        "{d:#}"
    );
}

/// NaN and infinities in a shipped table are `shape` findings at each
/// figure; the rules still see the table, with those figures unassigned
/// (no rule computes with NaN and reports nonsense, none fails on it).
#[test]
fn nan_and_infinity_in_a_table_are_shape_findings() {
    let p = shipped();
    let table = target_table(
        "                    standard: NaN,\n                    high: inf,\n                    breakdown: {\"鹿城区\": -inf, \"龙湾区\": 1},",
    );
    p.write("data/targets.ron", &table);
    let (m, json) = check_json(&p, "NaN and inf", QUICK_S, QUICK_MIB);
    assert_eq!(m.run.code, 1);
    let shapes = diagnostics(&json, "shape");
    let expect: Vec<(&str, u64, u64)> = ["NaN", "inf,", "-inf"]
        .iter()
        .map(|lit| {
            let (l, c) = line_column(&table, table.find(lit).expect("literal"));
            ("data/targets.ron", l, c)
        })
        .collect();
    assert_eq!(
        shapes.iter().map(|d| at(d)).collect::<Vec<_>>(),
        expect,
        "{json:#}"
    );
    assert!(message(shapes[0]).contains("`NaN` is not a number"));
    assert!(message(shapes[1]).contains("`inf` is not a finite number"));
    assert_eq!(
        json["diagnostics"].as_array().map(Vec::len),
        Some(3),
        "only the three: {json:#}"
    );
}

#[test]
fn numbers_beyond_f64_and_i64_are_shape_findings() {
    let p = shipped();
    let table = target_table(
        "                    standard: 1e400,\n                    high: 9223372036854775808,\n                    breakdown: {\"鹿城区\": 99999999999999999999999999999, \"龙湾区\": -9223372036854775809},",
    );
    p.write("data/targets.ron", &table);
    let (m, json) = check_json(&p, "beyond f64 and i64", QUICK_S, QUICK_MIB);
    assert_eq!(m.run.code, 1);
    let shapes = diagnostics(&json, "shape");
    let expect: Vec<(&str, u64, u64)> = [
        "1e400",
        "9223372036854775808",
        "99999999999999999999999999999",
        "-9223372036854775809",
    ]
    .iter()
    .map(|lit| {
        let (l, c) = line_column(&table, table.find(lit).expect("literal"));
        ("data/targets.ron", l, c)
    })
    .collect();
    assert_eq!(
        shapes.iter().map(|d| at(d)).collect::<Vec<_>>(),
        expect,
        "{json:#}"
    );
    assert!(message(shapes[0]).contains("beyond the range of a 64-bit float"));
    assert!(message(shapes[1]).contains("beyond the range of a 64-bit integer"));
}

/// A map of 20,000 entries on one 300 KB line, every tenth key the same:
/// 1,999 `duplicate-key` findings along the line. Each human snippet shows
/// a window of the line around its finding (it used to print the whole
/// line, once per finding: 600 MB here), and columns are exact at the far
/// end of the line.
#[test]
fn a_very_long_line_with_many_findings_stays_linear() {
    let p = shipped();
    let n = 20_000;
    let mut line = String::from("Dups(m: {");
    for i in 0..n {
        if i % 10 == 0 {
            line.push_str(&format!("\"鹿城区\": {i}, "));
        } else {
            line.push_str(&format!("\"区{i}\": {i}, "));
        }
    }
    line.push_str("})\n");
    p.write("data/one-line.ron", &line);
    let dups = n / 10 - 1;
    // Bound: 30 s, 300 MiB.
    let (m, json) = check_json(&p, "long line (json)", 30.0, 300.0);
    assert_eq!(m.run.code, 1);
    let found = diagnostics(&json, "duplicate-key");
    assert_eq!(found.len(), dups);
    let last = line.rfind("\"鹿城区\"").expect("last key");
    assert_eq!(
        at(found[dups - 1]),
        ("data/one-line.ron", 1, line_column(&line, last).1)
    );

    // Bound: 30 s, 300 MiB, and at most 16 KiB of output per finding.
    let human = p.measure(&["check"], Duration::from_secs(60));
    human.assert_within("long line (human)", 30.0, 300.0);
    no_panic("long line (human)", &human);
    assert_eq!(human.run.code, 1);
    let per_finding = human.run.stdout.len() / dups;
    assert!(
        per_finding <= 16 << 10,
        "{per_finding} bytes of output per finding"
    );
}

/// Chinese, emoji and right-to-left text in keys and strings: columns count
/// characters, every format renders, nothing panics.
#[test]
fn chinese_emoji_and_right_to_left_text_are_located_by_characters() {
    let p = shipped();
    let key = "鹿城区🙂\u{202E}قطاع\u{202C}👩‍👩‍👧";
    let table = target_table(&format!(
        "                    standard: 3,\n                    high: 3,\n                    breakdown: {{\"龙湾区\": 1, \"{key}\": 2}},"
    ))
    .replace("企业上云数", "企业上云数 🚀 عدد الشركات");
    p.write("data/targets.ron", &table);
    let (m, json) = check_json(&p, "CJK, emoji, RTL", QUICK_S, QUICK_MIB);
    assert_eq!(m.run.code, 1);
    let d = only(&json, "unknown-region");
    let (line, column) = line_column(&table, table.find(&format!("\"{key}\"")).expect("key"));
    assert_eq!(at(d), ("data/targets.ron", line, column));
    assert!(message(d).contains(key), "{d:#}");
    for format in ["human", "sarif", "junit", "github"] {
        let out = p.measure(&["check", "--format", format], Duration::from_secs(40));
        out.assert_within(format, QUICK_S, QUICK_MIB);
        no_panic(format, &out);
        assert_eq!(out.run.code, 1, "{format}");
        assert!(out.run.stdout.contains(key), "{format}: {}", out.run.stdout);
    }
}

/// Binary junk (deterministic pseudo-random bytes) is a parse finding at
/// the first byte that is not UTF-8; junk that is valid UTF-8 is a syntax
/// finding.
#[test]
fn binary_junk_is_a_parse_finding() {
    let p = shipped();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let junk: Vec<u8> = (0..65_536)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    p.write_bytes("data/junk.ron", &junk);
    let text: String = (0..2000u32)
        .filter_map(|i| char::from_u32(i * 37 % 0x3000))
        .collect();
    p.write("data/junk-utf8.ron", &text);
    let (m, json) = check_json(&p, "binary junk", QUICK_S, QUICK_MIB);
    assert_eq!(m.run.code, 1);
    let found = diagnostics(&json, "parse");
    assert_eq!(found.len(), 2, "{json:#}");
    let valid = std::str::from_utf8(&junk)
        .expect_err("junk is not UTF-8")
        .valid_up_to();
    let prefix = std::str::from_utf8(&junk[..valid]).expect("valid prefix");
    let (line, column) = line_column(prefix, valid);
    // Sorted by file name: `junk-utf8.ron` before `junk.ron`.
    assert_eq!(at(found[0]).0, "data/junk-utf8.ron");
    assert_eq!(at(found[1]), ("data/junk.ron", line, column));
    assert!(message(found[1]).contains("not valid UTF-8"));
}

/// Folders named like files: a folder `table.ron` is searched like any
/// folder (its files are checked), a folder `x.rhai` among the rules and a
/// folder `tally.ron` are not taken for files.
#[test]
fn a_directory_where_a_file_should_be_is_not_read_as_one() {
    let p = shipped();
    p.write(
        "data/table.ron/inner.ron",
        "Sales(regions: {\"a\": 1,, total: 2)\n",
    );
    std::fs::create_dir_all(p.path().join("rules/folder.rhai")).expect("folder");
    let (m, json) = check_json(&p, "directory", QUICK_S, QUICK_MIB);
    assert_eq!(m.run.code, 1, "{json:#}");
    assert_eq!(at(only(&json, "parse")), ("data/table.ron/inner.ron", 1, 24));
    assert_eq!(json["summary"]["files"], 3);
    assert!(diagnostics(&json, "io").is_empty() && diagnostics(&json, "rule-error").is_empty());
}

/// A file without read permission is an `io` finding at the file, exit 2.
/// Run as root (as CI containers often are), permissions do not stop a
/// read: then the test says so and checks that the file is simply read.
#[cfg(unix)]
#[test]
fn an_unreadable_file_is_an_io_finding() {
    use std::os::unix::fs::PermissionsExt as _;
    let p = shipped();
    p.write("data/secret.ron", "Sales(total: 1)\n");
    let path = p.path().join("data/secret.ron");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).expect("chmod 000");
    let privileged = std::fs::read(&path).is_ok();
    let (m, json) = check_json(&p, "unreadable", QUICK_S, QUICK_MIB);
    if privileged {
        eprintln!("running with privileges that ignore file permissions (root?): mode 000 does not stop reading, so the file is checked as usual");
        assert_eq!(m.run.code, 0, "{json:#}");
        assert!(diagnostics(&json, "io").is_empty(), "{json:#}");
    } else {
        assert_eq!(m.run.code, 2);
        let d = only(&json, "io");
        assert_eq!(at(d), ("data/secret.ron", 1, 1));
        assert!(message(d).contains("cannot read"), "{d:#}");
    }
}

/// What no permission bits can express, and what stops root as well: a
/// named pipe named `*.ron` (reading it would block forever), and a
/// symbolic link out of the data folder to `/proc/self/environ` (which
/// would print the CI's secrets in a parse error). Both are `io` findings
/// at the file, exit 2, nothing of them read.
#[cfg(unix)]
#[test]
fn a_named_pipe_and_a_link_out_of_the_folder_are_not_read() {
    let p = shipped();
    let fifo = std::process::Command::new("mkfifo")
        .arg(p.path().join("data/pipe.ron"))
        .status()
        .expect("mkfifo runs");
    assert!(fifo.success());
    std::os::unix::fs::symlink("/proc/self/environ", p.path().join("data/env.ron")).expect("symlink");
    std::os::unix::fs::symlink("/proc/self/environ", p.path().join("rules/env.rhai")).expect("symlink");
    let canary = "tally-canary-5f3a9e";
    for format in ["json", "human", "sarif", "github"] {
        let mut cmd = crate::util::tally();
        cmd.current_dir(p.path())
            .args(["check", "--format", format])
            .env("TALLY_SECRET", canary);
        let m = crate::util::measure(cmd, Duration::from_secs(40));
        m.assert_within(format, QUICK_S, QUICK_MIB);
        no_panic(format, &m);
        assert_eq!(m.run.code, 2, "{format}: {}", m.run.stdout);
        assert!(!m.run.stdout.contains(canary), "{format} leaked the environment");
        if format == "json" {
            let json: Value = serde_json::from_str(&m.run.stdout).expect("JSON");
            let io: Vec<(&str, u64, u64)> = diagnostics(&json, "io").iter().map(|d| at(d)).collect();
            assert_eq!(
                io,
                [
                    ("data/env.ron", 1, 1),
                    ("data/pipe.ron", 1, 1),
                    ("rules/env.rhai", 1, 1)
                ],
                "{json:#}"
            );
        }
    }
}

/// Named pipes where tally reads for itself rather than for a check: the
/// baseline `tally.ron` names (`check` refuses it, and `--write-baseline`
/// will not write into it), and a rule file while `tally watch` hashes
/// the rules. Each used to block forever. Bound: 20 s, 200 MiB each.
#[cfg(unix)]
#[test]
fn named_pipes_as_baseline_and_rule_do_not_block() {
    let p = shipped();
    p.write("tally.ron", "Config(baseline: \"baseline.json\")\n");
    for pipe in ["baseline.json", "rules/pipe.rhai"] {
        let made = std::process::Command::new("mkfifo")
            .arg(p.path().join(pipe))
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
    }
    for args in [&["check"][..], &["check", "--write-baseline"]] {
        let m = p.measure(args, Duration::from_secs(40));
        m.assert_within(&format!("{args:?}"), QUICK_S, QUICK_MIB);
        no_panic("baseline pipe", &m);
        assert_eq!(m.run.code, 2, "{args:?}");
        assert!(
            m.run.stderr.contains("not a regular file"),
            "{args:?}: {}",
            m.run.stderr
        );
    }
    std::fs::write(p.path().join("tally.ron"), "Config()\n").expect("config");
    let mut watch = crate::util::tally()
        .current_dir(p.path())
        .args(["watch", "--format", "json"])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("tally watch starts");
    let stdout = watch.stdout.take().expect("piped");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line);
        let _ = tx.send(line);
    });
    let first = rx.recv_timeout(Duration::from_secs(20));
    let _ = watch.kill();
    let _ = watch.wait();
    let first = first.expect("tally watch reports within 20 s despite the pipe among the rules");
    assert!(first.contains("\"summary\""), "{first}");
}

/// The same from a pushed `tally.ron`: its data paths and rules folder
/// must lie inside its own folder; anything else is a `config-error` at
/// the entry, exit 2, nothing read. Bound: 20 s, 200 MiB.
#[test]
fn a_tally_ron_naming_paths_outside_its_folder_is_refused() {
    let canary = "tally-canary-9c1d27";
    for (config, line, column) in [
        (
            "Config(\n    data: [\"data\", \"/proc/self/environ\"],\n)\n",
            2,
            20,
        ),
        ("Config(\n    rules: \"../..\",\n)\n", 2, 12),
        ("Config(\n    baseline: \"/proc/self/environ\",\n)\n", 2, 15),
    ] {
        let p = shipped();
        p.write("tally.ron", config);
        let mut cmd = crate::util::tally();
        cmd.current_dir(p.path())
            .args(["check", "--format", "json"])
            .env("TALLY_SECRET", canary);
        let m = crate::util::measure(cmd, Duration::from_secs(40));
        m.assert_within(config, QUICK_S, QUICK_MIB);
        no_panic(config, &m);
        assert_eq!(m.run.code, 2, "{config}");
        let all = format!("{}{}", m.run.stdout, m.run.stderr);
        assert!(!all.contains(canary), "leaked the environment");
        assert!(all.contains("outside the folder of tally.ron"), "{all}");
        assert!(
            all.contains(&format!("tally.ron:{line}:{column}")),
            "{config}: {all}"
        );
    }
}

#[cfg(unix)]
#[test]
fn symlink_loops_end() {
    let p = shipped();
    let data = p.path().join("data");
    std::os::unix::fs::symlink("b.ron", data.join("a.ron")).expect("symlink");
    std::os::unix::fs::symlink("a.ron", data.join("b.ron")).expect("symlink");
    std::os::unix::fs::symlink(".", data.join("again")).expect("symlink");
    std::os::unix::fs::symlink("../data", data.join("up")).expect("symlink");
    let (m, json) = check_json(&p, "symlink loops", QUICK_S, QUICK_MIB);
    assert_eq!(m.run.code, 2);
    let io: Vec<(&str, u64, u64)> = diagnostics(&json, "io").iter().map(|d| at(d)).collect();
    assert_eq!(io, [("data/a.ron", 1, 1), ("data/b.ron", 1, 1)], "{json:#}");
    assert_eq!(json["summary"]["files"], 2, "the registries, once each");
}

// ----- Rules ----------------------------------------------------------------

const SALES: &str = "Sales(\n    regions: {\"鹿城区\": 38, \"龙湾区\": 12},\n    total: 60,\n)\n";

/// A well-behaved rule, to show that the others still run.
const TOTAL_RULE: &str = "const ID = \"sales-total\";\nconst SEVERITY = \"warning\";\nconst TITLE = \"t\";\nfn check(data) {\n    for t in tables(\"Sales\") {\n        if sum(t.regions, \"skip\") != t.total { report(t.total, \"regions do not add up\"); }\n    }\n}\n";

pub(crate) fn rule_project(config: Option<&str>) -> Scratch {
    let p = Scratch::new();
    p.write("data/sales.ron", SALES)
        .write("rules/sales-total.rhai", TOTAL_RULE);
    if let Some(config) = config {
        p.write("tally.ron", config);
    }
    p
}

/// A rule file: metadata, then `body`. The body starts on line 4.
pub(crate) fn rule(id: &str, body: &str) -> String {
    format!("const ID = \"{id}\";\nconst SEVERITY = \"error\";\nconst TITLE = \"t\";\n{body}")
}

/// One hostile rule: a `rule-error` naming it, at `line` of its file (body
/// line + 3), with `expect` in the message; the well-behaved rule still
/// reports; exit 2; the run within `seconds` and `mib`.
pub(crate) fn hostile(
    p: &Scratch,
    id: &str,
    body: &str,
    expect: &str,
    line: u64,
    seconds: f64,
    mib: f64,
) -> Value {
    p.write(&format!("rules/{id}.rhai"), &rule(id, body));
    let m = p.measure(
        &[
            "check",
            "--format",
            "json",
            "--select",
            &format!("{id},sales-total"),
        ],
        Duration::from_secs_f64(seconds * 2.0),
    );
    m.assert_within(id, seconds, mib);
    no_panic(id, &m);
    assert_eq!(m.run.code, 2, "{id}: {}", m.run.stdout);
    let json: Value = serde_json::from_str(&m.run.stdout).expect("JSON");
    let error = only(&json, "rule-error");
    assert!(message(error).contains(expect), "{id}: {}", message(error));
    let file = format!("rules/{id}.rhai");
    assert_eq!(at(error).0, file, "{id}");
    assert_eq!(at(error).1, line + 3, "{id}: {error:#}");
    assert_eq!(
        diagnostics(&json, "sales-total").len(),
        1,
        "{id}: the other rule still ran"
    );
    std::fs::remove_file(p.path().join(format!("rules/{id}.rhai"))).expect("remove rule");
    json
}

/// An endless loop stops at the deadline (here 1 s; the default is 10 s,
/// and the failed rule is run once more to locate the failure, so 2 s in
/// all). Bound: 20 s, 200 MiB.
#[test]
fn an_infinite_loop_stops_at_the_deadline() {
    let p = rule_project(Some("Config(limits: (deadline_ms: 1000))\n"));
    hostile(
        &p,
        "forever",
        "fn check(data) {\n    let n = 0;\n    loop { n += 1; }\n}\n",
        "ran past its deadline of 1000 ms",
        3,
        20.0,
        200.0,
    );
}

/// Unbounded recursion stops at `max_call_depth` (default 64), within a
/// worker thread's stack. Bound: 20 s, 200 MiB.
#[test]
fn unbounded_recursion_stops_at_the_call_depth() {
    let p = rule_project(None);
    hostile(
        &p,
        "recurse",
        "fn down(n) { down(n + 1) }\nfn check(data) {\n    down(0)\n}\n",
        "nested function calls deeper than 64 levels",
        1,
        QUICK_S,
        QUICK_MIB,
    );
}

/// A string doubled until huge stops at `max_string_size` (default 1 MiB).
/// Bound: 20 s, 200 MiB.
#[test]
fn a_string_doubled_until_huge_stops_at_the_size_bound() {
    let p = rule_project(None);
    hostile(
        &p,
        "grow-string",
        "fn check(data) {\n    let s = \"x\";\n    loop { s += s; }\n}\n",
        "too large: length of string",
        3,
        QUICK_S,
        QUICK_MIB,
    );
}

/// An array doubled until huge stops at `max_array_size` (default
/// 16,777,216 elements of 16 bytes: 256 MiB). The append that would pass
/// the bound is refused before it allocates (`runtime/growth.rs`; Rhai's
/// own check comes after the append), and says where it was, so the rule
/// is not run a second time to locate the failure: measured peak 645 MiB
/// in a release build (1.15 GiB when it ran twice, 1.52 GiB before the
/// check came first). The finding points at the `+=` (column 14), which
/// only the refusal knows; the second run found the `a` after it. Bound:
/// 60 s, 1 GiB.
#[test]
fn an_array_doubled_until_huge_stops_at_the_size_bound() {
    let p = rule_project(None);
    let json = hostile(
        &p,
        "grow-array",
        "fn check(data) {\n    let a = [1];\n    loop { a += a; }\n}\n",
        "too large: size of array",
        3,
        60.0,
        1024.0,
    );
    let error = only(&json, "rule-error");
    assert_eq!(at(error).2, 14, "{error:#}");
}

/// `eval` is not part of the language rules are written in: the rule does
/// not compile. Bound: 20 s, 200 MiB.
#[test]
fn eval_does_not_compile() {
    let p = rule_project(None);
    hostile(
        &p,
        "evil-eval",
        "fn check(data) {\n    eval(\"report(data, 1)\")\n}\n",
        "does not compile",
        2,
        QUICK_S,
        QUICK_MIB,
    );
}

/// `import` reaches only `rules/lib/`: not with `..`, not with an absolute
/// path, not through a symbolic link inside `lib/` that leads out. Bound:
/// 20 s, 200 MiB each.
#[cfg(unix)]
#[test]
fn import_outside_the_rules_folder_is_refused() {
    let p = rule_project(None);
    std::fs::create_dir_all(p.path().join("rules/lib")).expect("lib");
    p.write("outside.rhai", "fn f() { 1 }\n");
    std::os::unix::fs::symlink(
        p.path().join("outside.rhai"),
        p.path().join("rules/lib/escape.rhai"),
    )
    .expect("symlink");
    for (id, path, expect) in [
        (
            "import-up",
            "../../etc/passwd",
            "outside the rules' library folder",
        ),
        (
            "import-absolute",
            "/etc/passwd",
            "outside the rules' library folder",
        ),
        ("import-link", "escape", "leads outside the rules' library folder"),
    ] {
        hostile(
            &p,
            id,
            &format!("import \"{path}\" as m;\nfn check(data) {{ }}\n"),
            expect,
            1,
            QUICK_S,
            QUICK_MIB,
        );
    }
}

/// Ten thousand prints: the first `max_prints` (1,000) are kept, the rest
/// counted; stdout stays the one JSON document. Bound: 20 s, 200 MiB.
#[test]
fn ten_thousand_prints_are_capped() {
    let p = rule_project(None);
    p.write(
        "rules/talk.rhai",
        "const ID = \"talk\";\nconst SEVERITY = \"info\";\nconst TITLE = \"t\";\nfn check(data) {\n    for i in 0..10000 { print(`line ${i}`); }\n}\n",
    );
    let m = p.measure(&["check", "--format", "json"], Duration::from_secs(40));
    m.assert_within("prints", QUICK_S, QUICK_MIB);
    no_panic("prints", &m);
    assert_eq!(m.run.code, 0);
    let json: Value = serde_json::from_str(&m.run.stdout).expect("stdout is only the JSON document");
    let prints = json["prints"].as_array().expect("prints");
    assert_eq!(prints.len(), 1001);
    assert_eq!(prints[0], "talk: line 0");
    assert_eq!(prints[999], "talk: line 999");
    assert!(
        prints[1000]
            .as_str()
            .unwrap_or("")
            .contains("9000 more lines not kept"),
        "{}",
        prints[1000]
    );
}

/// A type error at run time is a `rule-error` at the line. Bound: 20 s,
/// 200 MiB.
#[test]
fn a_type_error_at_run_time_is_a_rule_error_at_its_line() {
    let p = rule_project(None);
    hostile(
        &p,
        "type-error",
        "fn check(data) {\n    let t = table(\"Sales\");\n    if t.total { report(t.total, \"?\"); }\n}\n",
        "failed",
        3,
        QUICK_S,
        QUICK_MIB,
    );
}

/// A rule that reports a million findings stops at `max_findings`
/// (100,000): those are kept and reported, and the rule gets a
/// `rule-error` at its `report` call. Bound: 60 s, 1 GiB (30 MB of JSON).
#[test]
fn a_million_findings_stop_at_the_findings_bound() {
    let p = rule_project(None);
    let json = hostile(
        &p,
        "million",
        "fn check(data) {\n    let t = table(\"Sales\");\n    for i in 0..1000000 { report(t.total, \"again\"); }\n}\n",
        "more than 100000 findings",
        3,
        60.0,
        1024.0,
    );
    assert_eq!(diagnostics(&json, "million").len(), 100_000);
    let total = &diagnostics(&json, "million")[0];
    assert_eq!(at(total), ("data/sales.ron", 3, 12));
}
