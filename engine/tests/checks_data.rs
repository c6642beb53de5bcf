//! Checks as data (issue 18): `rules/*.checks.ron` read against the
//! kinds' schemas, run as rules, and every mistake in them loud and
//! located in the file.

use std::path::Path;

use crate::common::{project_engine, workspace};

use tally_engine::{Engine, Finding, Report};

/// The shipped data and schemas, with no rules but `checks`.
fn project(checks: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (from, ext) in [("data", "ron"), ("schemas", "ron")] {
        std::fs::create_dir_all(dir.path().join(from)).expect("folder");
        for entry in std::fs::read_dir(workspace().join(from)).expect("shipped folder") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == ext) {
                std::fs::copy(&path, dir.path().join(from).join(path.file_name().expect("name")))
                    .expect("copy");
            }
        }
    }
    std::fs::create_dir_all(dir.path().join("rules")).expect("rules");
    std::fs::write(dir.path().join("rules/mine.checks.ron"), checks).expect("write");
    dir
}

fn engine(dir: &Path) -> Engine {
    project_engine(dir).threads(1).build().expect("engine")
}

fn check(checks: &str) -> Report {
    let dir = project(checks);
    engine(dir.path()).check()
}

/// The project has no `unknown-unit` rule, so the plain reference check
/// reports the seed's unregistered units; these tests are not about them.
fn ours(mut report: Report) -> Report {
    report.findings.retain(|f| f.rule != "unknown-reference");
    report
}

/// `(rule, file:line:column, message)` of every finding.
fn shown(report: &Report) -> Vec<(String, String, String)> {
    report
        .findings
        .iter()
        .map(|f| {
            let at = f.site.as_ref().map_or(String::new(), |s| {
                format!("{}:{}:{}", s.source.name, s.location.line, s.location.column)
            });
            (f.rule.clone(), at, f.message.clone())
        })
        .collect()
}

fn of<'a>(report: &'a Report, rule: &str) -> Vec<&'a Finding> {
    report.findings.iter().filter(|f| f.rule == rule).collect()
}

/// One check in a file, `fields` its fields after `id`.
fn one(fields: &str) -> String {
    format!("Checks([\n    (\n        id: \"probe\",\n        severity: \"error\",\n        title: \"probe\",\n{fields}\n    ),\n])\n")
}

/// The issue's two examples, verbatim.
const ISSUE_EXAMPLES: &str = r#"Checks([
    (
        id: "leqing-rank-target",
        severity: "error",
        title: "乐清市的位次目标在前 6 名以内",
        kind: "Evaluation",
        each: "rows",
        when: "region == \"乐清市\"",
        check: "target_rank <= 6",
        at: "target_rank",
        message: "乐清市 2018–2019 年位次目标 {target_rank} 不在前 6 名以内",
        help: "核对位次目标是否抄错",
    ),
    (
        id: "breakdown-percentage-range",
        severity: "error",
        title: "分解的百分比在 0 到 100 之间",
        kind: "TargetTable",
        each: "sheets.indicators.breakdown",
        when: "parent.unit == \"%\" && value != ()",
        check: "value >= 0 && value <= 100",
        at: "value",
        message: "{parent.name}：{key} 为 {value}%，不在 0 到 100 之间",
    ),
])
"#;

#[test]
fn the_issues_examples_are_rules_and_pass_on_the_shipped_data() {
    let dir = project(ISSUE_EXAMPLES);
    let engine = engine(dir.path());
    let ids: Vec<String> = engine.rules().into_iter().map(|m| m.id).collect();
    assert!(ids.contains(&"leqing-rank-target".to_owned()), "{ids:?}");
    assert!(ids.contains(&"breakdown-percentage-range".to_owned()), "{ids:?}");
    let rule = engine.rule("leqing-rank-target").expect("listed");
    assert_eq!(rule.title, "乐清市的位次目标在前 6 名以内");
    assert!(
        rule.explanation.contains("target_rank <= 6"),
        "{}",
        rule.explanation
    );
    let report = ours(engine.check());
    assert!(shown(&report).is_empty(), "{:#?}", shown(&report));
}

#[test]
fn a_planted_mistake_is_found_at_the_exact_value() {
    let dir = project(ISSUE_EXAMPLES);
    let targets = dir.path().join("data/targets-2019.ron");
    let text = std::fs::read_to_string(&targets).expect("read");
    // Every % breakdown figure of 鹿城区 made 280.
    let (unit_at, _) = text.match_indices("unit: \"%\"").next().expect("a % indicator");
    let rest = &text[unit_at..];
    let figure_at = unit_at + rest.find("\"鹿城区\": ").expect("鹿城区") + "\"鹿城区\": ".len();
    let end = figure_at + text[figure_at..].find([',', '}', ' ']).expect("end");
    let planted = format!("{}280{}", &text[..figure_at], &text[end..]);
    std::fs::write(&targets, &planted).expect("write");
    let evaluation = dir.path().join("data/evaluation-2017.ron");
    let text = std::fs::read_to_string(&evaluation).expect("read");
    let at = text.find("region: \"乐清市\"").expect("乐清市");
    let rank = at + text[at..].find("target_rank: 6").expect("rank") + "target_rank: ".len();
    std::fs::write(&evaluation, format!("{}9{}", &text[..rank], &text[rank + 1..])).expect("write");

    let report = engine(dir.path()).check();
    let pct = of(&report, "breakdown-percentage-range");
    assert_eq!(pct.len(), 1, "{:#?}", shown(&report));
    let site = pct[0].site.as_ref().expect("located");
    assert_eq!(site.span(), tally_engine::Span::new(figure_at, figure_at + 3));
    assert!(
        pct[0].message.contains("：鹿城区 为 280%，不在 0 到 100 之间"),
        "{}",
        pct[0].message
    );
    let leqing = of(&report, "leqing-rank-target");
    assert_eq!(leqing.len(), 1, "{:#?}", shown(&report));
    assert_eq!(leqing[0].message, "乐清市 2018–2019 年位次目标 9 不在前 6 名以内");
    assert_eq!(leqing[0].help.as_deref(), Some("核对位次目标是否抄错"));
    let site = leqing[0].site.as_ref().expect("located");
    assert_eq!(site.span(), tally_engine::Span::new(rank, rank + 1));
    assert_eq!(
        site.path.as_deref().map(|p| p.ends_with("target_rank")),
        Some(true)
    );
}

#[test]
fn an_expression_that_does_not_parse_is_a_config_error_at_its_column() {
    let text = one("        kind: \"Evaluation\",\n        each: \"rows\",\n        check: \"target_rank <= \",\n        message: \"x\",");
    let report = check(&text);
    let errors = of(&report, "config-error");
    assert_eq!(errors.len(), 1, "{:#?}", shown(&report));
    let site = errors[0].site.as_ref().expect("located");
    assert_eq!(site.source.name, "rules/mine.checks.ron");
    let line = text.lines().position(|l| l.contains("check:")).expect("line") + 1;
    assert_eq!(site.location.line, line);
    assert!(
        errors[0].message.contains("does not parse"),
        "{}",
        errors[0].message
    );
    // The column is inside the string, past `target_rank <=`.
    let quote = text
        .lines()
        .nth(line - 1)
        .expect("line")
        .find('"')
        .expect("quote");
    assert!(site.location.column > quote + 15, "{:?}", site.location);
}

#[test]
fn a_misspelt_field_is_a_config_error_with_did_you_mean() {
    let text = one("        kind: \"Evaluation\",\n        each: \"rows\",\n        check: \"targt_rank <= 6\",\n        message: \"{region}\",");
    let report = check(&text);
    let errors = of(&report, "config-error");
    assert_eq!(errors.len(), 1, "{:#?}", shown(&report));
    assert!(
        errors[0].message.contains("`targt_rank`"),
        "{}",
        errors[0].message
    );
    assert!(
        errors[0]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("did you mean `target_rank`?"),
        "{:?}",
        errors[0].help
    );
    let site = errors[0].site.as_ref().expect("located");
    let start = text.find("targt_rank").expect("in text");
    assert_eq!(
        site.span(),
        tally_engine::Span::new(start, start + "targt_rank".len())
    );
}

/// The `config-error`s of a report, message and place, in file order.
fn config_errors_in_order(report: &Report) -> Vec<(String, tally_engine::Span)> {
    let mut found: Vec<(String, tally_engine::Span)> = of(report, "config-error")
        .iter()
        .map(|e| (e.message.clone(), e.site.as_ref().expect("located").span()))
        .collect();
    found.sort_by_key(|(_, span)| span.start);
    found
}

#[test]
fn every_misspelling_of_an_expression_is_reported_not_only_the_first() {
    let text = one("        kind: \"Evaluation\",\n        each: \"rows\",\n        when: \"regon != ()\",\n        check: \"targt_rank <= 6 && scor != () && total.rnk < 3 && total.rak > 1\",\n        message: \"{region}\",");
    let report = check(&text);
    let found = config_errors_in_order(&report);
    let wanted = ["regon", "targt_rank", "scor", "rnk", "rak"];
    assert_eq!(found.len(), wanted.len(), "{:#?}", shown(&report));
    let mut from = 0;
    for ((message, span), name) in found.iter().zip(wanted) {
        let start = from + text[from..].find(&format!("{name} ")).expect("in text");
        assert_eq!(
            *span,
            tally_engine::Span::new(start, start + name.len()),
            "{message}"
        );
        assert!(message.contains(&format!("`{name}`")), "{message}");
        from = start + name.len();
    }
}

#[test]
fn misspellings_everywhere_are_loud_and_located() {
    for (fields, needle, wanted) in [
        // A field of the parent.
        ("kind: \"TargetTable\", each: \"sheets.indicators.breakdown\", check: \"parent.unti == \\\"%\\\"\", message: \"x\"", "unti", "did you mean `unit`?"),
        // A nested field.
        ("kind: \"Evaluation\", each: \"rows\", check: \"total.rnak <= 6\", message: \"x\"", "rnak", "did you mean `rank`?"),
        // A name in the message.
        ("kind: \"Evaluation\", each: \"rows\", check: \"true\", message: \"{regoin}\"", "regoin", "did you mean `region`?"),
        // `at`.
        ("kind: \"Evaluation\", each: \"rows\", check: \"true\", at: \"target_rnak\", message: \"x\"", "target_rnak", "did you mean `target_rank`?"),
        // A field of `related`.
        ("kind: \"TargetTable\", each: \"sheets.indicators\", check: \"true\", related: [(\"standad\", \"x\")], message: \"x\"", "standad", "did you mean `standard`?"),
        // A step of `each`.
        ("kind: \"TargetTable\", each: \"sheets.indicator.breakdown\", check: \"true\", message: \"x\"", "indicator", "did you mean `indicators`?"),
        // The kind.
        ("kind: \"Evaluaton\", each: \"rows\", check: \"true\", message: \"x\"", "Evaluaton", "did you mean `Evaluation`?"),
        // A key of the check.
        ("kind: \"Evaluation\", each: \"rows\", chekc: \"true\", check: \"true\", message: \"x\"", "chekc", "did you mean `check`?"),
        // The severity.
        ("kind: \"Evaluation\", each: \"rows\", check: \"true\", message: \"x\"", "", ""),
    ] {
        if needle.is_empty() {
            continue;
        }
        let text = one(&format!("        {fields},"));
        let report = check(&text);
        let errors = of(&report, "config-error");
        assert_eq!(errors.len(), 1, "{fields}: {:#?}", shown(&report));
        assert!(
            errors[0].help.as_deref().unwrap_or("").contains(wanted),
            "{fields}: {:?} / {}",
            errors[0].help,
            errors[0].message
        );
        let site = errors[0].site.as_ref().expect("located");
        let start = text.find(needle).expect("needle");
        assert!(site.span().start + 1 >= start && site.span().start <= start + needle.len(), "{fields}: {:?}", site.span());
    }
}

#[test]
fn an_each_that_walks_into_nothing_names_the_step() {
    let text = one(
        "        kind: \"TargetTable\", each: \"sheets.indicators.high.x\", check: \"true\", message: \"x\",",
    );
    let report = check(&text);
    let errors = of(&report, "config-error");
    assert_eq!(errors.len(), 1, "{:#?}", shown(&report));
    assert!(
        errors[0].message.contains("walks into nothing at `x`"),
        "{}",
        errors[0].message
    );
}

#[test]
fn a_check_that_is_not_true_or_false_is_a_rule_error_at_the_record() {
    let text = one("        kind: \"Evaluation\",\n        each: \"rows\",\n        when: \"region == \\\"乐清市\\\"\",\n        check: \"target_rank\",\n        message: \"x\",");
    let report = check(&text);
    let errors = of(&report, "rule-error");
    assert_eq!(errors.len(), 1, "{:#?}", shown(&report));
    let site = errors[0].site.as_ref().expect("located");
    assert_eq!(site.source.name, "data/evaluation-2017.ron");
    assert!(
        errors[0].message.contains("`check` gave the number `6`"),
        "{}",
        errors[0].message
    );
    assert_eq!(errors[0].data.get("rule").and_then(|r| r.as_str()), Some("probe"));
    assert!(report.has_tool_errors());
}

#[test]
fn a_run_time_error_points_into_the_checks_file() {
    let text = one("        kind: \"Evaluation\",\n        each: \"rows\",\n        check: \"target_rank / 0 > 1\",\n        message: \"x\",");
    let report = check(&text);
    let errors = of(&report, "rule-error");
    assert!(!errors.is_empty(), "{:#?}", shown(&report));
    let site = errors[0].site.as_ref().expect("located");
    assert_eq!(site.source.name, "rules/mine.checks.ron");
    let line = text.lines().position(|l| l.contains("check:")).expect("line") + 1;
    assert_eq!(site.location.line, line, "{:#?}", shown(&report));
}

#[test]
fn a_malformed_file_is_a_located_config_error_and_other_rules_still_run() {
    let dir = project("Checks([ (id: \"a\", \n");
    std::fs::write(dir.path().join("rules/good.checks.ron"), ISSUE_EXAMPLES).expect("write");
    let report = engine(dir.path()).check();
    let errors = of(&report, "config-error");
    assert_eq!(errors.len(), 1, "{:#?}", shown(&report));
    assert_eq!(
        errors[0].site.as_ref().map(|s| s.source.name.as_str()),
        Some("rules/mine.checks.ron")
    );
    assert!(report.stats.iter().any(|s| s.rule == "leqing-rank-target"));

    // One bad check leaves the other checks of its file running.
    let text = ISSUE_EXAMPLES.replace("target_rank <= 6", "target_rank <=");
    let dir = project(&text);
    let report = engine(dir.path()).check();
    assert_eq!(of(&report, "config-error").len(), 1, "{:#?}", shown(&report));
    assert!(report
        .stats
        .iter()
        .any(|s| s.rule == "breakdown-percentage-range"));
}

#[test]
fn a_misspelt_root_is_loud() {
    let report = check("Check([])");
    let errors = of(&report, "config-error");
    assert_eq!(errors.len(), 1, "{:#?}", shown(&report));
    assert!(errors[0]
        .help
        .as_deref()
        .unwrap_or("")
        .contains("did you mean `Checks`?"));
}

#[test]
fn a_check_is_selected_given_a_severity_and_params_like_any_rule() {
    let text = one("        kind: \"Evaluation\",\n        each: \"rows\",\n        check: \"target_rank <= param(\\\"most\\\", 100)\",\n        at: \"target_rank\",\n        message: \"{region}: {target_rank}\",");
    let dir = project(&text);
    let base = || project_engine(dir.path());
    assert!(ours(base().build().expect("engine").check()).findings.is_empty());
    let report = base()
        .param("probe", "most", 3_i64)
        .severity("probe", tally_engine::Severity::Info)
        .build()
        .expect("engine")
        .check();
    let found = of(&report, "probe");
    assert!(!found.is_empty(), "{:#?}", shown(&report));
    assert!(found.iter().all(|f| f.severity == tally_engine::Severity::Info));
    let report = base()
        .ignore(["probe"])
        .param("probe", "most", 3_i64)
        .build()
        .expect("engine")
        .check();
    assert!(of(&report, "probe").is_empty());
}

/// What a reader sees of a finding: rule, place, message, help, label.
type Seen = (
    String,
    Option<(String, tally_engine::Span)>,
    String,
    Option<String>,
    Option<String>,
);

fn seen(report: &Report) -> Vec<Seen> {
    report
        .findings
        .iter()
        .map(|f| {
            let site = f.site.as_ref().map(|s| (s.source.name.clone(), s.span()));
            (
                f.rule.clone(),
                site,
                f.message.clone(),
                f.help.clone(),
                f.label.clone(),
            )
        })
        .collect()
}

/// The walk reports the failures it is sure of itself (issue 18's speed);
/// each must be exactly the finding the generated Rhai reports. A check
/// with `data` always goes through Rhai, so the two are compared.
#[test]
fn findings_the_walk_reports_itself_are_those_rhai_reports() {
    for fields in [
        // Map values, at the key: the key, figures, a truth and texts in the message.
        "kind: \"TargetTable\", each: \"sheets.indicators.breakdown\", when: \"parent.unit == \\\"%\\\"\", check: \"value == () || value < 30\", message: \"{parent.name}：{key} 为 {value}（{parent.standard}/{parent.high}, {parent.additive}）\", help: \"核对 {key}\", label: \"{value}%\"",
        // The same at the value, and `()` printed.
        "kind: \"TargetTable\", each: \"sheets.indicators.breakdown\", check: \"value == () || value < 1000\", at: \"value\", message: \"{key}={value} {parent.high}\"",
        // Records of a list, at a field; whole and decimal figures.
        "kind: \"Evaluation\", each: \"rows\", check: \"target_rank <= 3\", at: \"target_rank\", message: \"{region} {target_rank} {total.rank} {total.score} {tier}\"",
        // At the record itself.
        "kind: \"Evaluation\", each: \"rows\", check: \"total.score > 95\", message: \"{region}: {total.score}\", label: \"\"",
        // Records under a parent, at a text field; the parent's fields.
        "kind: \"TargetTable\", each: \"sheets.indicators\", check: \"high == () || high < 100\", at: \"name\", message: \"{name} {high} {standard} {unit}\", help: \"附件 {parent.annex}\"",
    ] {
        let native = ours(check(&one(&format!("        {fields},"))));
        let rhai = ours(check(&one(&format!("        {fields}, data: {{\"x\": \"1\"}},"))));
        assert!(native.findings.len() > 3, "{fields}: {:#?}", shown(&native));
        assert_eq!(seen(&native), seen(&rhai), "{fields}");
    }
}

/// Failures the walk decides cost the rule no operations: a check that
/// fails on every figure runs within a budget that the same check
/// through Rhai exceeds.
#[test]
fn failures_decided_by_the_walk_spend_no_operations() {
    let fields = "        kind: \"TargetTable\", each: \"sheets.indicators.breakdown\", check: \"value == ()\", at: \"value\", message: \"{key}: {value}\",";
    let run = |checks: &str| {
        let dir = project(checks);
        project_engine(dir.path())
            .limits(tally_engine::Limits {
                max_operations: 3_000,
                ..tally_engine::Limits::default()
            })
            .threads(1)
            .build()
            .expect("engine")
            .check()
    };
    let native = run(&one(fields));
    assert!(of(&native, "rule-error").is_empty(), "{:#?}", shown(&native));
    assert!(of(&native, "probe").len() > 200, "{}", of(&native, "probe").len());
    let rhai = run(&one(&format!("{fields} data: {{\"x\": \"1\"}},")));
    assert_eq!(of(&rhai, "rule-error").len(), 1, "{:#?}", shown(&rhai));
}

/// Text compared with a figure is always false in Rhai: a `when` written
/// so would silently pass every record. Each is a located config-error;
/// comparisons of like with like are not.
#[test]
fn text_compared_with_a_figure_is_loud() {
    let text = one("        kind: \"Evaluation\",\n        each: \"rows\",\n        when: \"region > 5 || target_rank == \\\"6\\\"\",\n        check: \"target_rank <= -6 && total.rank != \\\"3\\\" && region == \\\"乐清市\\\" && target_rank - 1 > 2 && region.len() > 2\",\n        message: \"{region}\",");
    let report = check(&text);
    let found = config_errors_in_order(&report);
    let when = text.find("when:").expect("when");
    let check_at = text.find("check:").expect("check");
    let wanted = [
        (
            text[when..].find("region").expect("region") + when,
            "region",
            "always false",
        ),
        (
            text[when..].find("target_rank").expect("rank") + when,
            "target_rank",
            "always false",
        ),
        (
            text[check_at..].find("total.rank").expect("total") + check_at,
            "total.rank",
            "always true",
        ),
    ];
    assert_eq!(found.len(), wanted.len(), "{:#?}", shown(&report));
    for ((message, span), (start, name, verdict)) in found.iter().zip(wanted) {
        assert_eq!(
            *span,
            tally_engine::Span::new(start, start + name.len()),
            "{message}"
        );
        assert!(message.contains(verdict), "{message}");
    }
}
