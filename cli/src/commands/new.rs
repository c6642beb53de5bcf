//! `tally new rule ID`: a rule file with its metadata and a commented
//! skeleton, a pass and a fail fixture, and the fail fixture's
//! expectations, recorded by running the new rule on it, so that
//! `tally test` passes at once.
//!
//! It refuses (exit 2) an id that is not kebab-case, an id of a built-in
//! check, and anything that would overwrite: an existing rule file, a rule
//! that declares the id in another file, a non-empty fixture folder.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use tally_engine::fixtures::{self, Options, Verdict};
use tally_engine::Catalogue;

use crate::args::{self, ProjectArgs};
use crate::{Exit, Failure};

/// The failure of `--kind KIND` when no schema describes `KIND`: the
/// nearest kind, the kinds there are, or that `folder` holds no schema.
pub(super) fn unknown_kind(kind: &str, names: &[&str], folder: &str, catalogue: &Catalogue) -> Failure {
    let hint = match tally_engine::suggest(kind, names.iter().copied()) {
        Some(guess) => catalogue.text("did-you-mean", &[("name", guess.into())]),
        None if names.is_empty() => catalogue.text("new-kind-no-schemas", &[("folder", folder.into())]),
        None => catalogue.text(
            "schema-kinds-are",
            &[("kinds", names.join(&catalogue.text("list-separator", &[])).into())],
        ),
    };
    Failure::message(catalogue.text(
        "schema-unknown-kind",
        &[("kind", kind.into()), ("hint", hint.into())],
    ))
}

/// Runs `tally new rule ID`.
pub fn rule(
    id: &str,
    kind: Option<&str>,
    project_args: &ProjectArgs,
    catalogue: &Catalogue,
) -> Result<Exit, Failure> {
    let project = args::discover(catalogue)?;
    let rules_dir = project.rules_dir(project_args.rules.as_deref());
    // With `--kind`, the rule and fixtures come from the kind's schema.
    let texts = match kind {
        None => (rule_text(id), pass_text(id), fail_text(id)),
        Some(kind) => {
            let schemas = project.schemas(project_args.rules.as_deref());
            let Some(schema) = schemas.get(kind) else {
                let names: Vec<&str> = schemas.kind_names().collect();
                let folder = project.shown(&project.schemas_dir(project_args.rules.as_deref()));
                return Err(unknown_kind(kind, &names, &folder, catalogue));
            };
            let s = super::skeleton::skeleton(id, schema);
            (s.rule, s.pass, s.fail)
        }
    };
    if !tally_engine::RuleMeta::is_valid_id(id) {
        return Err(Failure::message(
            catalogue.text("new-invalid-id", &[("id", id.into())]),
        ));
    }
    if tally_engine::Builtin::from_id(id).is_some() {
        return Err(Failure::message(
            catalogue.text("new-builtin-id", &[("id", id.into())]),
        ));
    }
    let rule_file = rules_dir.join(format!("{id}.rhai"));
    let fixture_dir = rules_dir.join(fixtures::FIXTURES_DIR).join(id);
    if rule_file.exists() {
        return Err(Failure::message(
            catalogue.text("new-exists", &[("file", project.shown(&rule_file).into())]),
        ));
    }
    if std::fs::read_dir(&fixture_dir).is_ok_and(|mut d| d.next().is_some()) {
        return Err(Failure::message(catalogue.text(
            "new-fixtures-exist",
            &[("file", project.shown(&fixture_dir).into())],
        )));
    }
    if rules_dir.is_dir() {
        if let Some(other) = declared_elsewhere(&rules_dir, id) {
            return Err(Failure::message(catalogue.text(
                "new-declared-elsewhere",
                &[("id", id.into()), ("file", project.shown(&other).into())],
            )));
        }
    }

    crate::write::create_folder(&project, &fixture_dir)?;
    let mut written = Vec::new();
    let write = |path: &Path, text: &str, written: &mut Vec<PathBuf>| -> Result<(), Failure> {
        crate::write::replace(&project, path, text)?;
        written.push(path.to_path_buf());
        Ok(())
    };
    write(&rule_file, &texts.0, &mut written)?;
    write(&fixture_dir.join("pass.ron"), &texts.1, &mut written)?;
    write(&fixture_dir.join("fail.ron"), &texts.2, &mut written)?;

    record_expectations(
        &project,
        &rules_dir,
        id,
        catalogue,
        written,
        "new-fails-own-fixtures",
    )?;
    let mut out = std::io::stdout().lock();
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        catalogue.text("new-next", &[("file", project.shown(&rule_file).into())])
    )?;
    writeln!(out, "{}", catalogue.text("new-next-test", &[("id", id.into())]))?;
    Ok(Exit::Clean)
}

/// The file of another rule (or check) that declares `id`, if any.
pub(super) fn declared_elsewhere(rules_dir: &Path, id: &str) -> Option<PathBuf> {
    let engine = tally_engine::Engine::builder()
        .data(rules_dir)
        .rules(rules_dir)
        .build()
        .ok()?;
    engine
        .rule_files()
        .into_iter()
        .find(|(_, meta)| meta.as_ref().is_ok_and(|m| m.id == id))
        .map(|(path, _)| path)
}

/// The rule: metadata, explanation headings, and a working check that
/// shows the main API functions.
fn rule_text(id: &str) -> String {
    RULE_TEMPLATE.replace("{id}", id)
}

fn pass_text(id: &str) -> String {
    PASS_TEMPLATE.replace("{id}", id)
}

fn fail_text(id: &str) -> String {
    FAIL_TEMPLATE.replace("{id}", id)
}

const RULE_TEMPLATE: &str = r#"//! ## What it checks
//! TODO: say what this rule checks. As written by `tally new`, it reports a
//! region's figure in a target table that is below a minimum (the parameter
//! `min`, 0 unless tally.ron sets `params: {"{id}": {"min": …}}`).
//!
//! ## Why it matters
//! TODO: say what goes wrong when the data has this defect.
//!
//! ## Example
//! ```ron
//! breakdown: { "鹿城区": 300, "龙湾区": -20 }
//! ```
//! Instead:
//! ```ron
//! breakdown: { "鹿城区": 300, "龙湾区": 20 }
//! ```

// Read without running the script: keep them literal.
const ID = "{id}";                           // stable kebab-case, names the defect
const SEVERITY = "error";                    // error | warning | info
const TITLE = "a regional figure is below the minimum";  // TODO: one line, lower case, no full stop

// `tally test {id}` runs this rule on rules/fixtures/{id}/ (pass*: no
// finding; fail*: exactly what fail.expected lists); `tally check` runs it
// on the data. The README's rule-writing guide lists the whole API.
fn check(data) {
    // A parameter from tally.ron, or the default.
    let min = param("min", 0);

    // tables(kind): the tables whose root struct is `kind`, in file-name order.
    for table in tables("TargetTable") {
        for sheet in table.sheets {
            for ind in sheet.indicators {
                // A breakdown maps region → figure; `()` is a `-` (not assigned).
                for region in ind.breakdown.keys() {
                    let value = ind.breakdown[region];
                    if value == () || value >= min {
                        continue;
                    }
                    // report(node, message, options): the finding points at
                    // `value` in the RON file. `data` carries the figures.
                    report(value, `${ind.name}：${region}分解值 ${figure(value)} 低于下限 ${figure(min)}`, #{
                        label: `${figure(value)} < ${figure(min)}`,
                        help: "核对该地区的分解值是否抄错，或在 tally.ron 中调整下限 `min`",
                        data: #{ value: value, min: min },
                    });
                }

                // More building blocks:
                // let s = sum(ind.breakdown, "skip");             // count, min, max, mean; "zero", "require"
                // let c = compare(s, ind.high, #{ abs: 0.5 });    // c.ok, c.imbalance, c.relative
                // if !c.ok { report(ind.high, `分解合计 ${figure(s)}`, #{ related: [[ind.breakdown, "各地区分解"]] }); }
                // let missing = unassigned(ind.breakdown);        // regions written `None`
                // report_key(ind.breakdown, region, "…");        // points at the key `region`
            }
        }
    }

    // Registries with "did you mean":
    // let units = registry(table("UnitRegistry").units, "name");
    // if !units.contains(name) { let guess = units.suggest(name); }
}
"#;

const PASS_TEMPLATE: &str = r#"#![enable(implicit_some)]
// {id}, pass: every regional figure is at least 0; `None` (not
// assigned) is not a figure. `tally test` expects no finding here.
TargetTable(
    title: "fixture",
    source: "fixture",
    year: 2019,
    sheets: [
        (
            annex: 2,
            title: "fixture",
            indicators: [
                (
                    name: "企业上云数",
                    unit: "家",
                    additive: true,
                    standard: 500,
                    high: 520,
                    breakdown: {
                        "鹿城区": 300,
                        "龙湾区": 220,
                        "洞头区": None,
                    },
                ),
            ],
        ),
    ],
)
"#;

const FAIL_TEMPLATE: &str = r#"#![enable(implicit_some)]
// {id}, fail: 龙湾区 -20 is below 0. `tally test` expects exactly the
// findings listed in fail.expected beside this file.
TargetTable(
    title: "fixture",
    source: "fixture",
    year: 2019,
    sheets: [
        (
            annex: 2,
            title: "fixture",
            indicators: [
                (
                    name: "企业上云数",
                    unit: "家",
                    additive: true,
                    standard: 500,
                    high: 520,
                    breakdown: {
                        "鹿城区": 300,
                        "龙湾区": -20,
                        "洞头区": None,
                    },
                ),
            ],
        ),
    ],
)
"#;

/// Runs rule `id` on its fixtures and writes the expectations of its fail
/// cases: a new rule or check ships fixtures that pass at once. Then
/// lists every file `written`; if a case went wrong, fails with the
/// catalogue's `fails_key` (variables `id`, `why`).
pub(super) fn record_expectations(
    project: &tally_engine::Project,
    rules_dir: &Path,
    id: &str,
    catalogue: &Catalogue,
    mut written: Vec<PathBuf>,
    fails_key: &str,
) -> Result<(), Failure> {
    let options = Options {
        limits: project.limits(),
        only: vec![id.to_owned()],
        base: Some(project.cwd().to_path_buf()),
        lang: catalogue.lang(),
    };
    let discovered = fixtures::discover_in(rules_dir, id, catalogue);
    let mut trouble = Vec::new();
    for case in &discovered.cases {
        let result = fixtures::run_case(case, rules_dir, &discovered.dir, &options);
        match &result.verdict {
            Verdict::Trouble(why) => trouble.push(format!("{}: {why}", case.name)),
            _ if case.kind == fixtures::CaseKind::Fail => {
                let text = fixtures::format_expectations(case, &result.found);
                crate::write::replace(project, &case.expected, &text)?;
                written.push(case.expected.clone());
            }
            Verdict::Failed(why) => trouble.push(format!("{}: {why}", case.name)),
            Verdict::Passed => {}
        }
    }
    let mut out = std::io::stdout().lock();
    for path in &written {
        writeln!(
            out,
            "{}",
            catalogue.text("new-wrote", &[("file", project.shown(path).into())])
        )?;
    }
    if trouble.is_empty() {
        return Ok(());
    }
    Err(Failure::message(catalogue.text(
        fails_key,
        &[("id", id.into()), ("why", trouble.join("; ").into())],
    )))
}
