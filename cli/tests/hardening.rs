//! The adversarial corpus, round two: what a hostile or unlucky project
//! broke before (issue 19), each through the real binary in a scratch
//! project, with the finding or error it must now give and its exit code.

use std::time::Duration;

use crate::adversarial::{at, hostile, message, no_panic, only, rule, rule_project};
use crate::util::Scratch;

/// A library module that imports itself is a `rule-error` naming the
/// cycle, at the rule's import; the other rules still run; exit 2.
#[test]
fn issue_19_a_module_importing_itself_is_a_rule_error() {
    let p = rule_project(None);
    p.write("rules/lib/selfie.rhai", "import \"selfie\" as s;\nfn f() { 1 }\n");
    let json = hostile(
        &p,
        "uses-selfie",
        "import \"selfie\" as s;\nfn check(data) { }\n",
        "cycle: selfie → selfie",
        1,
        20.0,
        300.0,
    );
    assert!(message(only(&json, "rule-error")).contains("rule `uses-selfie`"));
}

/// A → B → A likewise, and `tally test` survives it too.
#[test]
fn issue_19_a_two_module_import_cycle_is_a_rule_error() {
    let p = rule_project(None);
    p.write("rules/lib/a.rhai", "import \"b\" as b;\n")
        .write("rules/lib/b.rhai", "import \"a\" as a;\n");
    hostile(
        &p,
        "uses-a",
        "import \"a\" as a;\nfn check(data) { }\n",
        "cycle: a → b → a",
        1,
        20.0,
        300.0,
    );
    p.write(
        "rules/uses-a.rhai",
        &rule("uses-a", "import \"a\" as a;\nfn check(data) { }\n"),
    )
    .write("rules/fixtures/uses-a/pass.ron", "Sales(total: 1, regions: {})\n");
    let test = p.measure(&["test", "uses-a"], Duration::from_secs(40));
    no_panic("tally test", &test);
    assert_eq!(test.run.code, 2, "{}{}", test.run.stdout, test.run.stderr);
    assert!(
        test.run.stdout.contains("cycle: a → b → a"),
        "{}",
        test.run.stdout
    );
}

/// A chain of 3,000 modules, each importing the next, stops at
/// `max_modules` (counted through every depth) at once.
#[test]
fn issue_19_nested_imports_count_against_max_modules() {
    let p = rule_project(Some("Config(limits: (deadline_ms: 1000, max_modules: 4))\n"));
    for i in 0..3000 {
        p.write(
            &format!("rules/lib/m{i}.rhai"),
            &format!("import \"m{}\" as n;\n", i + 1),
        );
    }
    p.write("rules/lib/m3000.rhai", "fn leaf() { 1 }\n");
    let json = hostile(
        &p,
        "chain",
        "import \"m0\" as m;\nfn check(data) { }\n",
        "more than 4 library modules imported in one run",
        1,
        10.0,
        300.0,
    );
    assert_eq!(at(only(&json, "rule-error")).0, "rules/chain.rhai");
}

/// The scratch project type is used by later cases.
#[allow(dead_code)]
fn scratch() -> Scratch {
    Scratch::new()
}
