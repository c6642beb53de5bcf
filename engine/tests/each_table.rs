//! Rules that look at one table at a time (`const EACH_TABLE`, and every
//! check of a `.checks.ron` file): one run per table, kept until that
//! table or a table the run looked up changes. Whatever is kept, the
//! report is the one a fresh engine gives for the same files.

use std::path::Path;

use crate::common::{project_engine, workspace};

use tally_engine::{Engine, Report};

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("folder");
    for entry in std::fs::read_dir(from).expect("folder") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("name").to_owned();
        if path.is_dir() {
            if name != "fixtures" {
                copy(&path, &to.join(name));
            }
        } else {
            std::fs::copy(&path, to.join(name)).expect("copy");
        }
    }
}

/// The shipped project, with a second target table beside the first.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for folder in ["data", "rules", "schemas"] {
        copy(&workspace().join(folder), &dir.path().join(folder));
    }
    let targets = std::fs::read_to_string(dir.path().join("data/targets-2019.ron")).expect("targets");
    std::fs::write(dir.path().join("data/targets-b.ron"), targets).expect("second table");
    dir
}

fn engine(dir: &Path) -> Engine {
    project_engine(dir).threads(2).build().expect("engine")
}

/// What a reader sees of every finding.
fn shown(report: &Report) -> Vec<String> {
    report
        .findings
        .iter()
        .map(|f| {
            let at = f
                .site
                .as_ref()
                .map_or(String::new(), |s| format!("{}:{:?}", s.source.name, s.span()));
            format!(
                "{} {at} {} | {:?} | {:?} | {:?}",
                f.rule,
                f.message,
                f.help,
                f.label,
                f.related.len()
            )
        })
        .collect()
}

/// How many of `rule`'s tables were kept from the previous check.
fn kept(report: &Report, rule: &str) -> usize {
    report
        .stats
        .iter()
        .find(|s| s.rule == rule)
        .map_or(usize::MAX, |s| s.kept)
}

fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains(from), "{file} holds `{from}`");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
}

#[test]
fn a_save_reruns_only_the_saved_tables_runs() {
    let dir = project();
    let engine = engine(dir.path());
    let first = engine.check();
    assert_eq!(kept(&first, "breakdown-sum-mismatch"), 0);
    assert!(
        first
            .findings
            .iter()
            .filter(|f| f.rule == "breakdown-sum-mismatch")
            .count()
            >= 2
    );

    // Nothing changed: every run is kept, and the report is the same.
    let again = engine.check();
    assert_eq!(kept(&again, "breakdown-sum-mismatch"), 2);
    assert_eq!(kept(&again, "high-below-standard"), 2, "a check runs per table");
    // Two target tables, the indicator system and the headline targets.
    assert_eq!(kept(&again, "percentage-out-of-range"), 4);
    assert_eq!(shown(&again), shown(&first));

    // One table saved: its runs only.
    edit(dir.path(), "data/targets-b.ron", "high: 3000,", "high: 3100,");
    let edited = engine.check();
    assert_eq!(kept(&edited, "breakdown-sum-mismatch"), 1);
    assert_eq!(kept(&edited, "percentage-out-of-range"), 3);
    assert_eq!(shown(&edited), shown(&engine_fresh(dir.path())));
    assert!(
        edited.findings.iter().any(|f| f.message.contains("高线 3100")),
        "{:#?}",
        shown(&edited)
    );
    assert!(
        edited.findings.iter().any(|f| f.message.contains("高线 3000")),
        "the other table's finding is kept"
    );
}

fn engine_fresh(dir: &Path) -> Report {
    engine(dir).check()
}

#[test]
fn a_changed_look_up_table_reruns_the_runs_that_read_it() {
    let dir = project();
    let engine = engine(dir.path());
    let first = engine.check();
    assert!(
        shown(&first).iter().any(|f| f.contains("温州生态园、浙南科技城")),
        "{:#?}",
        shown(&first)
    );
    // breakdown-sum-mismatch names blank regions from the registry;
    // high-below-standard reads no other table.
    edit(
        dir.path(),
        "data/regions.ron",
        "(name: \"浙南科技城\", kind: \"functional_zone\", parent: \"温州市\"),",
        "",
    );
    let edited = engine.check();
    assert_eq!(kept(&edited, "breakdown-sum-mismatch"), 0);
    assert_eq!(kept(&edited, "high-below-standard"), 2);
    let shown_edited = shown(&edited);
    assert!(
        !shown_edited.iter().any(|f| f.contains("浙南科技城，")),
        "{shown_edited:#?}"
    );
    assert_eq!(shown_edited, shown(&engine_fresh(dir.path())));
}

#[test]
fn tables_added_and_removed_are_seen() {
    let dir = project();
    let engine = engine(dir.path());
    let first = engine.check();
    let per_table = |r: &Report| {
        r.findings
            .iter()
            .filter(|f| f.rule == "breakdown-sum-mismatch")
            .count()
    };
    let targets = std::fs::read_to_string(dir.path().join("data/targets-b.ron")).expect("read");
    std::fs::write(dir.path().join("data/targets-c.ron"), targets).expect("third table");
    let added = engine.check();
    assert_eq!(per_table(&added), per_table(&first) * 3 / 2);
    assert_eq!(kept(&added, "breakdown-sum-mismatch"), 2);
    assert_eq!(shown(&added), shown(&engine_fresh(dir.path())));
    std::fs::remove_file(dir.path().join("data/targets-b.ron")).expect("remove");
    std::fs::remove_file(dir.path().join("data/targets-c.ron")).expect("remove");
    let removed = engine.check();
    assert_eq!(per_table(&removed), per_table(&first) / 2);
    assert_eq!(shown(&removed), shown(&engine_fresh(dir.path())));
}

#[test]
fn a_run_sees_one_table_of_its_kinds_and_every_table_of_the_others() {
    let dir = project();
    std::fs::write(
        dir.path().join("rules/probe.rhai"),
        r#"const ID = "probe";
const SEVERITY = "info";
const TITLE = "what one run sees";
const EACH_TABLE = ["TargetTable", "Evaluation"];
fn check(data) {
    for t in tables("TargetTable") + tables("Evaluation") {
        report(t, `targets ${tables("TargetTable").len()} evaluations ${tables("Evaluation").len()} regions ${tables("RegionRegistry").len()} data ${data.keys().len()}`);
    }
}
"#,
    )
    .expect("rule");
    let report = engine(dir.path()).check();
    let mut seen: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.rule == "probe")
        .map(|f| f.message.as_str())
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        [
            "targets 0 evaluations 1 regions 1 data 1",
            "targets 1 evaluations 0 regions 1 data 1",
            "targets 1 evaluations 0 regions 1 data 1",
        ]
    );
}

#[test]
fn an_each_table_that_names_no_kind_is_a_rule_error() {
    let dir = project();
    std::fs::write(
        dir.path().join("rules/probe.rhai"),
        "const ID = \"probe\";\nconst SEVERITY = \"info\";\nconst TITLE = \"t\";\nconst EACH_TABLE = 3;\nfn check(data) {}\n",
    )
    .expect("rule");
    let report = engine(dir.path()).check();
    let errors: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.rule == "rule-error")
        .map(|f| f.message.as_str())
        .collect();
    assert!(
        errors.iter().any(|m| m.contains("invalid `EACH_TABLE`")),
        "{errors:?}"
    );
}

#[test]
fn a_run_that_failed_is_not_kept() {
    let dir = project();
    std::fs::write(
        dir.path().join("rules/probe.rhai"),
        "const ID = \"probe\";\nconst SEVERITY = \"info\";\nconst TITLE = \"t\";\nconst EACH_TABLE = \"TargetTable\";\nfn check(data) { throw \"boom\"; }\n",
    )
    .expect("rule");
    let engine = engine(dir.path());
    let first = engine.check();
    assert_eq!(
        first.findings.iter().filter(|f| f.rule == "rule-error").count(),
        1,
        "said once, not per table"
    );
    let again = engine.check();
    assert_eq!(kept(&again, "probe"), 0, "a failed run is run again");
    assert_eq!(shown(&again), shown(&first));
}

#[test]
fn an_engine_told_not_to_keep_runs_runs_every_rule_again() {
    let dir = project();
    let engine = project_engine(dir.path())
        .threads(2)
        .keep_table_runs(false)
        .build()
        .expect("engine");
    let first = engine.check();
    let again = engine.check();
    for rule in [
        "breakdown-sum-mismatch",
        "percentage-out-of-range",
        "unknown-region",
        "high-below-standard",
    ] {
        assert_eq!(kept(&again, rule), 0, "{rule} ran again");
    }
    assert_eq!(shown(&again), shown(&first));
}

#[test]
fn unknown_region_reports_the_registry_once_and_every_tables_names() {
    let dir = project();
    edit(
        dir.path(),
        "data/regions.ron",
        "parent: \"温州市\"",
        "parent: \"温州\"",
    );
    edit(dir.path(), "data/targets-b.ron", "\"鹿城区\":", "\"鹿城\":");
    let engine = engine(dir.path());
    let first = engine.check();
    let of = |report: &Report, word: &str| {
        report
            .findings
            .iter()
            .filter(|f| f.rule == "unknown-region" && f.message.contains(word))
            .count()
    };
    assert_eq!(of(&first, "上级地区"), 1, "{:#?}", shown(&first));
    assert!(of(&first, "`鹿城`") >= 1, "{:#?}", shown(&first));
    // The registry's own run is kept with it; a target table saved re-runs
    // that table only, and the registry's finding is still said once.
    edit(dir.path(), "data/targets-b.ron", "\"鹿城\":", "\"鹿城区\":");
    let edited = engine.check();
    assert_eq!(of(&edited, "上级地区"), 1);
    assert_eq!(of(&edited, "`鹿城`"), 0);
    assert_eq!(shown(&edited), shown(&engine_fresh(dir.path())));
}
