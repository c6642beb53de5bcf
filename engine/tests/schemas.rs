//! Table kinds declared as data (issue 13): the shipped schemas, the shape
//! they check for every kind, what rules read when a value breaks its
//! schema, and the mistakes that must be loud.

use std::path::Path;

use crate::common::{project_engine, workspace};

use tally_engine::load::parse;
use tally_engine::{Engine, Report, Severity};

/// A project in a temporary folder: `data/`, `rules/`, `schemas/`.
struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    fn empty() -> Project {
        let dir = tempfile::tempdir().expect("tempdir");
        for sub in ["data", "rules", "schemas"] {
            std::fs::create_dir_all(dir.path().join(sub)).expect("folder");
        }
        Project { dir }
    }

    /// The shipped data, rules (without fixtures) and schemas.
    fn shipped() -> Project {
        let p = Project::empty();
        for (from, ext) in [
            ("data", "ron"),
            ("rules", "rhai"),
            ("rules/lib", "rhai"),
            ("schemas", "ron"),
        ] {
            std::fs::create_dir_all(p.path().join(from)).expect("folder");
            for entry in std::fs::read_dir(workspace().join(from)).expect("shipped folder") {
                let path = entry.expect("entry").path();
                if path.extension().is_some_and(|e| e == ext) {
                    std::fs::copy(&path, p.path().join(from).join(path.file_name().expect("name")))
                        .expect("copy");
                }
            }
        }
        p
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, relative: &str, text: &str) -> &Project {
        std::fs::write(self.path().join(relative), text).expect("write");
        self
    }

    fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path().join(relative)).expect("read")
    }

    fn engine(&self) -> Engine {
        project_engine(self.path()).threads(1).build().expect("engine")
    }

    fn check(&self) -> Report {
        self.engine().check()
    }
}

/// `(rule, file, line, message)` of every finding.
fn findings(report: &Report) -> Vec<(String, String, usize, String)> {
    report
        .findings
        .iter()
        .map(|f| {
            let (file, line) = f
                .site
                .as_ref()
                .map_or((String::new(), 0), |s| (s.source.name.clone(), s.location.line));
            (f.rule.clone(), file, line, f.message.clone())
        })
        .collect()
}

fn of_rule<'a>(report: &'a Report, rule: &str) -> Vec<&'a tally_engine::Finding> {
    report.findings.iter().filter(|f| f.rule == rule).collect()
}

fn path_of(f: &tally_engine::Finding) -> String {
    f.site.as_ref().and_then(|s| s.path.clone()).unwrap_or_default()
}

#[test]
fn the_shipped_data_fits_the_shipped_schemas() {
    let report = Project::shipped().check();
    for rule in [
        "shape",
        "no-schema",
        "unknown-reference",
        "config-error",
        "rule-error",
    ] {
        assert!(
            of_rule(&report, rule).is_empty(),
            "{rule}: {:#?}",
            findings(&report)
        );
    }
    assert!(report.idle.is_empty(), "{:?}", report.idle);
    assert!(report.unread.is_empty(), "{:?}", report.unread);
}

/// Every figure of the shipped tables, made `NaN` (one at a time), is one
/// `shape` finding at that figure; no rule fails, and every finding of the
/// shipped data outside the record that holds the figure stays as it was.
#[test]
fn a_bad_figure_never_hides_the_other_findings() {
    let p = Project::shipped();
    let engine = p.engine();
    let clean = engine.check();
    let keyed = |r: &Report| -> Vec<(String, String, String)> {
        r.findings
            .iter()
            .map(|f| (f.rule.clone(), path_of(f), f.message.clone()))
            .collect()
    };
    let before = keyed(&clean);
    let mut mutated = 0;
    for file in [
        "targets-2019.ron",
        "evaluation-2017.ron",
        "indicator-system-2017.ron",
    ] {
        let text = p.read(&format!("data/{file}"));
        let doc = parse(&text).expect("shipped data parses");
        let figures: Vec<_> = doc
            .nodes()
            .enumerate()
            .filter(|(_, n)| {
                matches!(
                    n.kind,
                    tally_engine::NodeKind::Int(_) | tally_engine::NodeKind::Float(_)
                )
            })
            .map(|(i, n)| (tally_engine::NodeId(i as u32), n.span))
            .collect();
        // Every third figure keeps the test quick; the stride still
        // reaches every indicator and row.
        // What a figure's findings may depend on: its indicator (targets),
        // its row (evaluation), its category (the indicator system's
        // weights add up per category).
        let depth = if file.starts_with("targets") { 2 } else { 1 };
        for (id, span) in figures.into_iter().step_by(3) {
            let path = doc.path(id);
            let record = path
                .match_indices(']')
                .nth(depth - 1)
                .map_or(path.clone(), |(i, _)| path[..=i].to_owned());
            let edited = format!("{}NaN{}", &text[..span.start], &text[span.end..]);
            p.write(&format!("data/{file}"), &edited);
            let report = engine.check();
            let shapes = of_rule(&report, "shape");
            assert_eq!(shapes.len(), 1, "{file} {path}: {:#?}", findings(&report));
            assert_eq!(path_of(shapes[0]), path, "{file}");
            assert!(
                shapes[0].message.contains("`NaN` is not a number"),
                "{}",
                shapes[0].message
            );
            assert!(
                of_rule(&report, "rule-error").is_empty(),
                "{file} {path}: {:#?}",
                findings(&report)
            );
            let after = keyed(&report);
            for (finding, key) in clean.findings.iter().zip(&before) {
                let in_file = |site: &tally_engine::Site| site.source.name.ends_with(file);
                let depends = finding
                    .site
                    .iter()
                    .chain(finding.related.iter().map(|r| &r.site))
                    .any(|s| in_file(s) && s.path.as_deref().is_some_and(|p| p.starts_with(&record)));
                // The one dependency across tables: the total index is
                // weighted by the indicator system's category points.
                let weighs = file.starts_with("indicator-system")
                    && path.ends_with(".points")
                    && finding.rule == "total-index-mismatch";
                if depends || weighs {
                    continue;
                }
                assert!(after.contains(key), "{file} {path}: lost {key:?}");
            }
            mutated += 1;
        }
        p.write(&format!("data/{file}"), &text);
    }
    assert!(mutated > 150, "{mutated}");
}

/// The issue's own case: NaN typed into a breakdown cell of another
/// indicator leaves `工业 APP 开发应用`'s sum finding and the summary as
/// they were, plus the one `shape` finding.
#[test]
fn nan_in_one_breakdown_cell_keeps_every_other_finding() {
    let p = Project::shipped();
    let clean = p.check();
    let text = p.read("data/targets-2019.ron");
    let at = text.find("\"鹿城区\": 1342").expect("企业上云数's 鹿城区 cell");
    let cell = at + "\"鹿城区\": ".len();
    let edited = format!("{}NaN{}", &text[..cell], &text[cell + 4..]);
    p.write("data/targets-2019.ron", &edited);
    let report = p.check();
    // Every finding of another indicator is still there; 企业上云数's own
    // sum finding now counts one more unassigned region.
    for finding in &clean.findings {
        if finding.message.contains("企业上云数") {
            continue;
        }
        assert!(
            report
                .findings
                .iter()
                .any(|f| f.rule == finding.rule && f.message == finding.message),
            "lost {}: {}",
            finding.rule,
            finding.message
        );
    }
    assert_eq!(of_rule(&report, "shape").len(), 1);
    let sums: Vec<_> = of_rule(&report, "breakdown-sum-mismatch")
        .iter()
        .map(|f| f.message.clone())
        .collect();
    assert!(sums.iter().any(|m| m.contains("工业 APP 开发应用")), "{sums:?}");
}

#[test]
fn text_where_a_figure_belongs_is_located_and_read_as_unassigned() {
    let p = Project::shipped();
    let text = p.read("data/targets-2019.ron");
    let at = text.find("\"鹿城区\": 1342").expect("cell");
    let cell = at + "\"鹿城区\": ".len();
    p.write(
        "data/targets-2019.ron",
        &format!("{}\"1342\"{}", &text[..cell], &text[cell + 4..]),
    );
    let report = p.check();
    let shapes = of_rule(&report, "shape");
    assert_eq!(shapes.len(), 1, "{:#?}", findings(&report));
    assert_eq!(
        shapes[0].message,
        "each value of `breakdown` must be a number or None, found text `\"1342\"`"
    );
    assert_eq!(
        shapes[0].help.as_deref(),
        Some("write the figure without quotes: `1342`")
    );
    assert!(of_rule(&report, "rule-error").is_empty());
}

/// A byte string is not text: `b"个"` where a unit belongs is a `shape`
/// finding at the literal; a string that merely starts with `b` is text.
#[test]
fn a_byte_string_where_text_belongs_is_a_shape_finding() {
    let p = Project::shipped();
    let text = p.read("data/targets-2019.ron");
    let at = text.find("unit: \"").expect("a unit") + "unit: ".len();
    let end = at + text[at + 1..].find('"').expect("closing quote") + 2;
    let unit = &text[at + 1..end - 1];
    p.write(
        "data/targets-2019.ron",
        &format!("{}b{}{}", &text[..at], &text[at..end], &text[end..]),
    );
    let report = p.check();
    let shapes = of_rule(&report, "shape");
    assert_eq!(shapes.len(), 1, "{:#?}", findings(&report));
    assert_eq!(shapes[0].message, "`unit` must be text, found a byte string");
    let site = shapes[0].site.as_ref().expect("a site");
    let span = site.span();
    assert_eq!(
        &p.read("data/targets-2019.ron")[span.start..span.end],
        format!("b\"{unit}\"")
    );
    p.write(
        "data/targets-2019.ron",
        &format!("{}\"b{}{}", &text[..at], &text[at + 1..end], &text[end..]),
    );
    assert!(of_rule(&p.check(), "shape").is_empty());
}

// ----- A new kind, its schema drafted by `infer`, mutated cell by cell -----

const PROGRESS: &str = r#"#![enable(implicit_some)]
ProgressReport(
    title: "2019 年 6 月数字经济指标进度",
    month: 6,
    rows: [
        (region: "鹿城区", indicator: "企业上云数", actual: 1200, status: "on_track", note: None),
        (region: "龙湾区", indicator: "企业上云数", actual: 800, status: "behind", note: "二季度数据待核"),
        (region: "瓯海区", indicator: "企业上云数", actual: 950, status: "on_track", note: None),
        (region: "鹿城区", indicator: "工业 APP 开发应用", actual: 150.5, status: "behind", note: None),
        (region: "龙湾区", indicator: "工业 APP 开发应用", actual: 160, status: "on_track", note: None),
        (region: "瓯海区", indicator: "工业 APP 开发应用", actual: 90, status: "on_track", note: None),
    ],
)
"#;

fn progress_project() -> Project {
    let p = Project::shipped();
    p.write("data/progress-2019-06.ron", PROGRESS);
    let doc = |name: &str| {
        let text = p.read(&format!("data/{name}"));
        let (file, finding) =
            tally_engine::load::load_text(name, p.path().join("data").join(name), text.as_bytes());
        assert!(finding.is_none());
        file
    };
    let progress = doc("progress-2019-06.ron");
    let others: Vec<_> = ["regions.ron", "units.ron", "targets-2019.ron"]
        .iter()
        .map(|n| doc(n))
        .collect();
    let draft = tally_engine::infer_schema(&[&progress], &others.iter().collect::<Vec<_>>()).expect("infer");
    p.write("schemas/ProgressReport.ron", &draft);
    p
}

#[test]
fn infer_drafts_a_schema_that_the_data_fits() {
    let p = progress_project();
    let draft = p.read("schemas/ProgressReport.ron");
    for expected in [
        "kind: \"ProgressReport\"",
        "\"month\": (type: \"integer\", min: 0",
        "\"rows\": (type: \"list of Row\"",
        "\"region\": (type: \"text\", references: \"RegionRegistry.regions.name\"",
        "\"indicator\": (type: \"text\", references: \"TargetTable.sheets.indicators.name\"",
        "\"actual\": (type: \"number\", min: 0",
        "\"note\": (type: \"text or None\"",
        "\"status\": (type: \"text\", one_of: [\"behind\", \"on_track\"]",
    ] {
        assert!(draft.contains(expected), "{expected}\n{draft}");
    }
    let report = p.check();
    for rule in [
        "shape",
        "no-schema",
        "unknown-reference",
        "config-error",
        "rule-error",
    ] {
        assert!(
            of_rule(&report, rule).is_empty(),
            "{rule}: {:#?}\n{draft}",
            findings(&report)
        );
    }
}

/// Each planted mistake in a table of the new kind is one finding, at the
/// line of the mistake.
#[test]
fn every_planted_mistake_in_a_new_kind_is_one_located_finding() {
    let p = progress_project();
    let engine = p.engine();
    let line_of = |needle: &str| PROGRESS[..PROGRESS.find(needle).expect(needle)].lines().count();
    let cases: [(&str, &str, &str, &str); 11] = [
        ("actual: 1200", "actual: \"1200\"", "shape", "must be a number"),
        ("actual: 800", "actual: NaN", "shape", "is not a number"),
        (
            "actual: 950",
            "actual: -950",
            "shape",
            "below the smallest allowed 0",
        ),
        ("month: 6", "month: 6.5", "shape", "must be an integer"),
        (
            "status: \"behind\", note: \"二",
            "status: \"behnd\", note: \"二",
            "shape",
            "not one of its words",
        ),
        (
            "region: \"瓯海区\", indicator: \"企业",
            "region: \"瓯海\", indicator: \"企业",
            "unknown-reference",
            "is not a name in RegionRegistry",
        ),
        (
            "indicator: \"工业 APP 开发应用\", actual: 160",
            "indicator: \"工业APP开发应用\", actual: 160",
            "unknown-reference",
            "TargetTable",
        ),
        ("actual: 90, ", "acutal: 90, ", "shape", "unknown field `acutal`"),
        ("actual: 150.5, ", "", "shape", "missing field `actual`"),
        (
            "status: \"on_track\", note: None),\n        (region: \"瓯海区\", indicator: \"工业",
            "status: None, note: None),\n        (region: \"瓯海区\", indicator: \"工业",
            "shape",
            "cannot be unassigned",
        ),
        (
            "region: \"鹿城区\", indicator: \"企业上云数\"",
            "region: 12, indicator: \"企业上云数\"",
            "shape",
            "must be text",
        ),
    ];
    for (from, to, rule, words) in cases {
        let line = line_of(from);
        p.write("data/progress-2019-06.ron", &PROGRESS.replacen(from, to, 1));
        let report = engine.check();
        let got: Vec<_> = findings(&report)
            .into_iter()
            .filter(|(_, file, _, _)| file.ends_with("progress-2019-06.ron"))
            .collect();
        assert_eq!(got.len(), 1, "{from} → {to}: {got:#?}");
        let (r, _, l, message) = &got[0];
        assert_eq!((r.as_str(), *l), (rule, line), "{from} → {to}: {message}");
        assert!(message.contains(words), "{from} → {to}: {message}");
    }
}

/// A kind whose figures sit in a map and in a list without bounds: the
/// walk tells a fitting figure from its node's tag alone, and every other
/// value there still gets its one finding.
const COUNTS_SCHEMA: &str = r#"Schema(
    kind: "Counts",
    fields: {
        "by_region": (type: "map of text to number or None"),
        "monthly": (type: "list of integer"),
        "bounded": (type: "map of text to number", min: 0),
    },
)"#;

const COUNTS: &str = r#"Counts(
    by_region: {
        "鹿城区": 12,
        "龙湾区": 3.5,
        "瓯海区": None,
        "洞头区": -4,
    },
    monthly: [1, 2, 3, 4],
    bounded: {"鹿城区": 1, "龙湾区": 2.5},
)
"#;

#[test]
fn every_wrong_value_among_plain_figures_is_one_located_finding() {
    let p = Project::empty();
    p.write("schemas/Counts.ron", COUNTS_SCHEMA);
    p.write("data/counts.ron", COUNTS);
    let engine = p.engine();
    let report = engine.check();
    assert!(findings(&report).is_empty(), "{:#?}", findings(&report));
    let line_of = |needle: &str| COUNTS[..COUNTS.find(needle).expect(needle)].lines().count();
    let cases: [(&str, &str, &str); 8] = [
        ("\"龙湾区\": 3.5", "\"龙湾区\": \"3.5\"", "must be a number"),
        ("\"鹿城区\": 12", "\"鹿城区\": true", "must be a number"),
        ("\"洞头区\": -4", "7: -4", "must be text"),
        ("\"洞头区\": -4", "b\"洞头区\": -4", "byte string"),
        ("\"洞头区\": -4", "\"洞头区\": NaN", "is not a number"),
        ("[1, 2, 3, 4]", "[1, 2, 3.5, 4]", "must be an integer"),
        ("[1, 2, 3, 4]", "[1, 2, None, 4]", "cannot be unassigned"),
        (
            "\"龙湾区\": 2.5}",
            "\"龙湾区\": -2.5}",
            "below the smallest allowed 0",
        ),
    ];
    for (from, to, words) in cases {
        let line = line_of(from);
        p.write("data/counts.ron", &COUNTS.replacen(from, to, 1));
        let got = findings(&engine.check());
        assert_eq!(got.len(), 1, "{from} → {to}: {got:#?}");
        let (rule, _, l, message) = &got[0];
        assert_eq!((rule.as_str(), *l), ("shape", line), "{from} → {to}: {message}");
        assert!(message.contains(words), "{from} → {to}: {message}");
    }
}

// ----- Schema files with mistakes -----

#[test]
fn a_broken_schema_is_a_located_config_error_and_the_rest_still_runs() {
    let p = Project::shipped();
    let cases = [
        ("Schema(kind: \"Foo\", fields: {\"a\": (type: \"numbr\")})", "unknown type `numbr`; did you mean `number`?", 1),
        ("Schema(kind: \"Foo\", fields: {\"a\": (type: \"text\", refrences: \"X.y\")})", "`refrences` is not a field of field `a`", 1),
        ("Schema(kind: \"Foo\",\n fields: {\"a\": (type: \"text\", references: \"RegionRegistri.regions.name\")})", "references kind `RegionRegistri`, which has no schema", 2),
        ("Schema(kind: \"Foo\", fields: {\"a\": (type: \"text\", references: \"RegionRegistry.regions.nmae\")})", "`nmae` is not a field of `Region`; did you mean `name`?", 1),
        ("Schema(kind: \"Foo\", fields: {\"a\": (type: \"text\"", "schema file is not valid RON", 1),
        ("Schema(kind: \"Foo\", fields: {\"a\": (type: \"list of Row\")}, records: {\"Row\": (fields: {\"b\": \"integer\"}, key: \"c\")})", "key `c` is not a field of `Row`", 1),
    ];
    for (schema, words, line) in cases {
        p.write("schemas/Foo.ron", schema);
        let report = p.check();
        let errors = of_rule(&report, "config-error");
        assert_eq!(errors.len(), 1, "{schema}: {:#?}", findings(&report));
        assert!(
            errors[0].message.contains(words),
            "{schema}: {}",
            errors[0].message
        );
        let site = errors[0].site.as_ref().expect("located");
        assert_eq!(
            (site.source.name.as_str(), site.location.line),
            ("schemas/Foo.ron", line),
            "{schema}"
        );
        // The shipped data is still checked by every rule.
        assert!(!of_rule(&report, "breakdown-sum-mismatch").is_empty());
    }
}

/// A project of the `Counts` kind whose one mistake is a fraction among
/// the integers of `monthly`.
fn counts_with_a_fraction() -> Project {
    let p = Project::empty();
    p.write("schemas/Counts.ron", COUNTS_SCHEMA);
    p.write(
        "data/counts.ron",
        &COUNTS.replacen("[1, 2, 3, 4]", "[1, 2, 3.5, 4]", 1),
    );
    p
}

/// One engine checks again and again while a schema is broken, mended
/// and left alone: the schemas it parsed stand only while their files are
/// the same, so every check says what the files say now.
#[test]
fn one_engine_sees_every_schema_edit_and_keeps_what_did_not_change() {
    let p = counts_with_a_fraction();
    let engine = p.engine();
    let first = findings(&engine.check());
    assert_eq!(first.len(), 1, "{first:#?}");
    assert!(first[0].3.contains("must be an integer"), "{first:#?}");
    // Unchanged files: the same findings.
    assert_eq!(findings(&engine.check()), first);
    // Broken: a config error, and the kind is no longer checked.
    p.write(
        "schemas/Counts.ron",
        &COUNTS_SCHEMA.replacen("list of integer", "list of integr", 1),
    );
    let broken = findings(&engine.check());
    assert_eq!(broken.len(), 1, "{broken:#?}");
    assert_eq!(broken[0].0, "config-error", "{broken:#?}");
    assert_eq!(findings(&engine.check()), broken, "the same broken file");
    // Changed: a number is fine now.
    p.write(
        "schemas/Counts.ron",
        &COUNTS_SCHEMA.replacen("list of integer", "list of number", 1),
    );
    assert_eq!(findings(&engine.check()), Vec::new());
    // Mended as it was: the first finding again, twice.
    p.write("schemas/Counts.ron", COUNTS_SCHEMA);
    assert_eq!(findings(&engine.check()), first);
    assert_eq!(findings(&engine.check()), first);
}

/// A catalogue handed to the builder is the engine's language; one of
/// another language than the engine is told to speak is not used.
#[test]
fn a_shared_catalogue_speaks_its_language_and_no_other() {
    use tally_engine::{Catalogue, Lang};
    let p = counts_with_a_fraction();
    let message = |builder: tally_engine::EngineBuilder| {
        let report = builder.build().expect("engine").check();
        let got = findings(&report);
        assert_eq!(got.len(), 1, "{got:#?}");
        got[0].3.clone()
    };
    let english = message(project_engine(p.path()));
    assert!(english.contains("must be an integer"), "{english}");
    let chinese = message(project_engine(p.path()).catalogue(Catalogue::new(Lang::Zh)));
    assert!(chinese.contains("应为"), "{chinese}");
    assert_eq!(message(project_engine(p.path()).lang(Lang::Zh)), chinese);
    let told_otherwise = message(
        project_engine(p.path())
            .catalogue(Catalogue::new(Lang::Zh))
            .lang(Lang::En),
    );
    assert_eq!(told_otherwise, english);
}

/// Without a schemas folder, a checks file's kind is unknown, and the
/// help names the folder it looked in (it once said "`` holds no schema":
/// the engine kept its empty schemas instead of the ones it read).
#[test]
fn without_a_schemas_folder_a_checks_file_names_the_folder() {
    let p = Project::empty();
    std::fs::remove_dir(p.path().join("schemas")).expect("remove schemas/");
    p.write("data/counts.ron", COUNTS);
    p.write(
        "rules/positive.checks.ron",
        r#"Checks([(id: "positive", severity: "error", title: "t", kind: "Counts", each: "monthly", check: "value > 0", message: "m")])"#,
    );
    let report = p.check();
    let errors = of_rule(&report, "config-error");
    assert_eq!(errors.len(), 1, "{:#?}", findings(&report));
    let said = format!(
        "{} {}",
        errors[0].message,
        errors[0].help.clone().unwrap_or_default()
    );
    assert!(said.contains("`schemas` holds no schema"), "{said}");
}

#[test]
fn references_in_a_cycle_are_a_config_error() {
    let p = Project::shipped();
    p.write(
        "schemas/A.ron",
        "Schema(kind: \"A\", fields: {\"x\": (type: \"text\", references: \"B.y\")})",
    );
    p.write(
        "schemas/B.ron",
        "Schema(kind: \"B\", fields: {\"y\": (type: \"text\", references: \"A.x\")})",
    );
    let report = p.check();
    let errors = of_rule(&report, "config-error");
    assert!(!errors.is_empty(), "{:#?}", findings(&report));
    assert!(
        errors
            .iter()
            .all(|e| e.message.contains("references run in a cycle")),
        "{:#?}",
        findings(&report)
    );
}

// ----- Rule mistakes are loud -----

fn probe(p: &Project, body: &str) -> Report {
    p.write(
        "rules/probe.rhai",
        &format!("const ID = \"probe\";\nconst SEVERITY = \"error\";\nconst TITLE = \"probe\";\nfn check(data) {{\n{body}\n}}\n"),
    );
    p.check()
}

#[test]
fn reading_a_field_the_kind_does_not_declare_is_a_rule_error_at_the_line() {
    let p = Project::shipped();
    let report = probe(
        &p,
        "    for t in tables(\"TargetTable\") {\n        for s in t.sheets {\n            for ind in s.indicators {\n                if ind.nmae == \"x\" { report(ind, \"x\"); }\n            }\n        }\n    }",
    );
    let errors = of_rule(&report, "rule-error");
    assert_eq!(errors.len(), 1, "{:#?}", findings(&report));
    assert!(
        errors[0].message.contains(
            "`nmae` is not a field of `TargetIndicator` (kind `TargetTable`); did you mean `name`?"
        ),
        "{}",
        errors[0].message
    );
    let site = errors[0].site.as_ref().expect("located");
    assert_eq!(
        (site.source.name.as_str(), site.location.line),
        ("rules/probe.rhai", 8)
    );
    // A declared field left out reads as unassigned, not as an error.
    let report = probe(&p, "    for t in tables(\"TargetTable\") { for s in t.sheets { for ind in s.indicators { if ind.group != () && ind.group == \"x\" { report(ind, \"x\"); } } } }");
    assert!(
        of_rule(&report, "rule-error").is_empty(),
        "{:#?}",
        findings(&report)
    );
}

#[test]
fn an_unknown_kind_is_a_rule_error_with_the_nearest_kind() {
    let p = Project::shipped();
    let report = probe(&p, "    for t in tables(\"TargetTabel\") { report(t, \"x\"); }");
    let errors = of_rule(&report, "rule-error");
    assert_eq!(errors.len(), 1, "{:#?}", findings(&report));
    assert!(
        errors[0].message.contains("did you mean `TargetTable`?"),
        "{}",
        errors[0].message
    );
    let report = probe(
        &p,
        "    let t = table(\"Evaluatoin\"); if t != () { report(t, \"x\"); }",
    );
    assert!(of_rule(&report, "rule-error")[0]
        .message
        .contains("did you mean `Evaluation`?"));
}

#[test]
fn a_rule_that_reads_no_table_is_named_in_the_report() {
    let p = Project::shipped();
    // A kind with a schema and no table: not an error, but nothing checked.
    p.write(
        "schemas/ProgressReport.ron",
        "Schema(kind: \"ProgressReport\", fields: {\"title\": \"text\"})",
    );
    let report = probe(
        &p,
        "    for t in tables(\"ProgressReport\") { report(t, \"x\"); }",
    );
    assert!(
        of_rule(&report, "rule-error").is_empty(),
        "{:#?}",
        findings(&report)
    );
    assert_eq!(report.idle, ["probe"]);
}

// ----- Kinds without a schema -----

#[test]
fn a_kind_without_a_schema_is_named_once_and_its_odd_numbers_are_still_found() {
    let p = Project::shipped();
    p.write("data/a.ron", "Foo(a: NaN, b: inf, c: 1e400)\n");
    p.write("data/b.ron", "Foo(a: 1)\n");
    p.write("data/c.ron", "(a: 1)\n");
    let report = p.check();
    let no_schema = of_rule(&report, "no-schema");
    assert_eq!(no_schema.len(), 2, "{:#?}", findings(&report));
    assert!(no_schema.iter().all(|f| f.severity == Severity::Info));
    assert!(no_schema
        .iter()
        .any(|f| f.message.contains("kind `Foo` has no schema")));
    assert!(no_schema.iter().any(|f| f.message.contains("names no kind")));
    let help = no_schema
        .iter()
        .find(|f| f.message.contains("Foo"))
        .and_then(|f| f.help.clone())
        .unwrap_or_default();
    assert!(
        help.contains("tally schema infer data/a.ron > schemas/Foo.ron"),
        "{help}"
    );
    assert_eq!(of_rule(&report, "shape").len(), 3, "{:#?}", findings(&report));
}

// ----- The typed model and the schemas agree -----

/// For every field of every shipped table, deleting it and giving it a
/// value of another type: the schema finds a misfit exactly when the
/// typed Rust struct does not deserialize.
#[test]
fn the_rust_model_agrees_with_the_shipped_schemas() {
    let p = Project::shipped();
    let engine = p.engine();
    let mut compared = 0;
    for (file, kind) in [
        ("regions.ron", "RegionRegistry"),
        ("units.ron", "UnitRegistry"),
        ("targets-2019.ron", "TargetTable"),
        ("responsibilities-2019.ron", "ResponsibilityTable"),
        ("evaluation-2017.ron", "Evaluation"),
        ("indicator-system-2017.ron", "IndicatorSystem"),
        ("headline-targets-2019.ron", "HeadlineTargets"),
    ] {
        let text = p.read(&format!("data/{file}"));
        assert!(matches!(
            tally_engine::model::deserialize_kind(kind, &text),
            Some(Ok(_))
        ));
        let doc = parse(&text).expect("parses");
        let mut edits = Vec::new();
        for node in doc.nodes() {
            let tally_engine::NodeKind::Struct { fields, .. } = &node.kind else {
                continue;
            };
            for field in fields.iter() {
                let value = doc.get(field.value).expect("value").span;
                // Left out (with its comma).
                let rest = &text[value.end..];
                let end = match rest.trim_start().strip_prefix(',') {
                    Some(after) => text.len() - after.len(),
                    None => value.end,
                };
                edits.push((field.name_span().start, end, String::new()));
                // A value of another type.
                // (A word where `None` was: the schema may limit the words,
                // which a `String` in Rust cannot; a number is wrong for both.)
                let other = match doc.kind(field.value) {
                    Some(tally_engine::NodeKind::Str(_) | tally_engine::NodeKind::None) => "12",
                    _ => "\"x\"",
                };
                edits.push((value.start, value.end, other.to_owned()));
            }
        }
        // Every fifth edit keeps the test quick over 2,000-odd fields.
        for (start, end, with) in edits.into_iter().step_by(5) {
            let edited = format!("{}{with}{}", &text[..start], &text[end..]);
            let typed_fits = matches!(tally_engine::model::deserialize_kind(kind, &edited), Some(Ok(_)));
            p.write(&format!("data/{file}"), &edited);
            let report = engine.check();
            let schema_fits = of_rule(&report, "shape").is_empty();
            assert_eq!(
                schema_fits,
                typed_fits,
                "{file}: `{}` → `{with}`: {:#?}",
                &text[start..end],
                findings(&report)
            );
            compared += 1;
        }
        p.write(&format!("data/{file}"), &text);
    }
    assert!(compared > 300, "{compared}");
}
