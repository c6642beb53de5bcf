//! The adversarial corpus, round two: what a hostile or unlucky project
//! broke before (issue 19), each through the real binary in a scratch
//! project, with the finding or error it must now give and its exit code.

use std::time::Duration;

use crate::adversarial::{at, hostile, message, no_panic, only, rule, rule_project};
use crate::util::Scratch;

/// A rule `id` whose library imports fail: one `rule-error` with `expect`
/// in its message, at `module` (the file whose import fails) with the
/// rule's own import as the first related site; the other rule still
/// reports; exit 2.
fn library_error(p: &Scratch, id: &str, body: &str, expect: &str, module: &str) -> serde_json::Value {
    p.write(&format!("rules/{id}.rhai"), &rule(id, body));
    let m = p.measure(
        &[
            "check",
            "--format",
            "json",
            "--select",
            &format!("{id},sales-total"),
        ],
        Duration::from_secs(20),
    );
    m.assert_within(id, 10.0, 300.0);
    no_panic(id, &m);
    assert_eq!(m.run.code, 2, "{id}: {}", m.run.stdout);
    let json = m.run.json();
    let error = only(&json, "rule-error");
    assert!(message(error).contains(expect), "{id}: {}", message(error));
    assert_eq!(at(error).0, module, "{id}: {error:#}");
    assert_eq!(
        error["related"][0]["file"],
        format!("rules/{id}.rhai"),
        "{id}: {error:#}"
    );
    assert_eq!(error["related"][0]["span"]["line"], 4, "{id}: {error:#}");
    assert_eq!(
        crate::adversarial::diagnostics(&json, "sales-total").len(),
        1,
        "{id}"
    );
    json
}

/// A library module that imports itself is a `rule-error` naming the
/// cycle, at the import that closes it, with the rule's import as related;
/// the other rules still run; exit 2.
#[test]
fn issue_19_a_module_importing_itself_is_a_rule_error() {
    let p = rule_project(None);
    p.write("rules/lib/selfie.rhai", "import \"selfie\" as s;\nfn f() { 1 }\n");
    let json = library_error(
        &p,
        "uses-selfie",
        "import \"selfie\" as s;\nfn check(data) { }\n",
        "cycle: selfie → selfie",
        "rules/lib/selfie.rhai",
    );
    assert!(message(only(&json, "rule-error")).contains("rule `uses-selfie`"));
}

/// A → B → A likewise, and `tally test` survives it too.
#[test]
fn issue_19_a_two_module_import_cycle_is_a_rule_error() {
    let p = rule_project(None);
    p.write("rules/lib/a.rhai", "import \"b\" as b;\n")
        .write("rules/lib/b.rhai", "import \"a\" as a;\n");
    library_error(
        &p,
        "uses-a",
        "import \"a\" as a;\nfn check(data) { }\n",
        "cycle: a → b → a",
        "rules/lib/b.rhai",
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
    library_error(
        &p,
        "chain",
        "import \"m0\" as m;\nfn check(data) { }\n",
        "more than 4 library modules imported in one run",
        "rules/lib/m3.rhai",
    );
}

/// A folder outside every project, holding a file with a secret.
fn outside() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("secret.txt"), "SECRET=s3cr3t\nTOKEN=ghp_xyz\n").expect("write");
    std::fs::write(
        dir.path().join("table.ron"),
        "Sales(total: 1, regions: {\"s3cr3t\": 2})\n",
    )
    .expect("write");
    dir
}

#[cfg(unix)]
fn link(target: &std::path::Path, at: &std::path::Path) {
    std::os::unix::fs::symlink(target, at).expect("symlink");
}

/// Runs `tally ARGS` in the project with `SECRET` in the environment.
fn run_with_secret(p: &Scratch, args: &[&str]) -> crate::util::Run {
    let out = crate::util::tally()
        .current_dir(p.path())
        .env("SECRET", "s3cr3t")
        .args(args)
        .output()
        .expect("tally runs");
    crate::util::Run {
        code: out.status.code().expect("exited"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A `tally.ron` that links to the environment or to a file outside the
/// project: exit 2 with a `config-error`, and not a byte of the target in
/// any command or format.
#[cfg(unix)]
#[test]
fn issue_19_a_linked_tally_ron_leaks_nothing() {
    let away = outside();
    for target in [
        std::path::PathBuf::from("/proc/self/environ"),
        away.path().join("secret.txt"),
    ] {
        let p = rule_project(None);
        link(&target, &p.path().join("tally.ron"));
        for args in [
            &["check"][..],
            &["check", "--format", "json"],
            &["check", "--format", "sarif"],
            &["check", "--format", "github"],
            &["check", "--format", "junit"],
            &["rules"],
            &["test"],
            &["explain", "sales-total"],
        ] {
            let run = run_with_secret(&p, args);
            assert_eq!(run.code, 2, "{args:?}: {}{}", run.stdout, run.stderr);
            let all = format!("{}{}", run.stdout, run.stderr);
            assert!(
                !all.contains("s3cr3t") && !all.contains("ghp_"),
                "{args:?} leaked: {all}"
            );
            assert!(all.contains("leads outside its folder"), "{args:?}: {all}");
        }
    }
}

/// A `tally.ron` that cannot be used (a folder, a named pipe, a dangling
/// link) is an error; the search does not go on to a parent's
/// configuration (whose `select: ["shape"]` would turn exit 1 into 0).
#[cfg(unix)]
#[test]
fn issue_19_an_unusable_tally_ron_is_an_error_not_skipped() {
    let parent = Scratch::new();
    parent.write("tally.ron", "Config(select: [\"shape\"])\n");
    let project = parent.path().join("project");
    for (what, make) in [
        (
            "a folder",
            &(|p: &std::path::Path| std::fs::create_dir(p).expect("dir")) as &dyn Fn(&std::path::Path),
        ),
        ("a dangling link", &|p: &std::path::Path| {
            link(std::path::Path::new("nowhere.ron"), p)
        }),
        ("a named pipe", &|p: &std::path::Path| {
            let status = std::process::Command::new("mkfifo")
                .arg(p)
                .status()
                .expect("mkfifo");
            assert!(status.success());
        }),
    ] {
        let _ = std::fs::remove_dir_all(&project);
        parent
            .write("project/data/sales.ron", "Sales(total: 5, regions: {\"a\": 1})\n")
            .write("project/rules/keep.txt", "");
        make(&project.join("tally.ron"));
        let run = parent.run_in("project", &["check", "--format", "json"]);
        assert_eq!(run.code, 2, "{what}: {}{}", run.stdout, run.stderr);
        assert!(run.stderr.contains("config-error"), "{what}: {}", run.stderr);
    }
}

/// Selections and paths that would check nothing are errors, not a
/// silent "no findings" with exit 0.
#[test]
fn issue_19_empty_rules_selections_and_paths_are_errors() {
    let p = rule_project(None);
    p.write("empty/keep.txt", "");
    for (args, config, expect) in [
        (&["check", "--rules", "empty"][..], None, "holds no rule"),
        (&["check", "--select="][..], None, "names no rule"),
        (
            &["check"][..],
            Some("Config(rules: \"\")\n"),
            "`rules` names an empty path",
        ),
        (
            &["check"][..],
            Some("Config(data: [\"\"])\n"),
            "`data` names an empty path",
        ),
        (
            &["check"][..],
            Some("Config(select: [])\n"),
            "`select` names no rule",
        ),
    ] {
        match config {
            Some(text) => {
                p.write("tally.ron", text);
            }
            None => {
                let _ = std::fs::remove_file(p.path().join("tally.ron"));
            }
        }
        let run = p.run(args);
        assert_eq!(run.code, 2, "{args:?} {config:?}: {}{}", run.stdout, run.stderr);
        assert!(run.stderr.contains(expect), "{args:?} {config:?}: {}", run.stderr);
    }
}

/// With no `tally.ron`, `data/`, `rules/` and `rules/lib` that link out of
/// the project are not followed (nor shown in snippets).
#[cfg(unix)]
#[test]
fn issue_19_default_folders_that_link_out_are_not_followed() {
    let away = outside();
    let p = rule_project(None);
    std::fs::remove_dir_all(p.path().join("data")).expect("rm data");
    link(away.path(), &p.path().join("data"));
    let run = p.run(&["check"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("`data` is a symbolic link that leads outside the project"),
        "{}",
        run.stderr
    );
    assert!(!format!("{}{}", run.stdout, run.stderr).contains("s3cr3t"));

    let p = rule_project(None);
    link(away.path(), &p.path().join("rules/lib"));
    let run = p.run(&["check"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("rules/lib"), "{}", run.stderr);
}

/// A rule may not take the id of one of tally's own findings.
#[test]
fn issue_19_a_rule_with_a_built_in_id_is_a_rule_error() {
    for id in [
        "io",
        "shape",
        "rule-error",
        "config-error",
        "parse",
        "duplicate-key",
        "unused-suppression",
    ] {
        let p = rule_project(None);
        p.write(
            "rules/taken.rhai",
            &rule(
                id,
                "fn check(data) { for t in tables(\"Sales\") { report(t.total, \"x\"); } }\n",
            ),
        );
        let run = p.run(&["check", "--format", "json"]);
        assert_eq!(run.code, 2, "{id}: {}", run.stdout);
        let json = run.json();
        let error = only(&json, "rule-error");
        assert!(message(error).contains("reserved"), "{id}: {error:#}");
        assert_eq!(at(error), ("rules/taken.rhai", 1, 1), "{id}");
        let rules = p.run(&["rules"]);
        let listed = rules
            .stdout
            .lines()
            .filter(|l| l.split_whitespace().next() == Some(id))
            .count();
        assert!(listed <= 1, "{id} listed {listed} times:\n{}", rules.stdout);
    }
}

/// Extreme depth limits are refused with a located `config-error`; the
/// largest allowed ones stop a rule with a `rule-error`, not a crash.
#[test]
fn issue_19_extreme_depth_limits_cannot_crash() {
    let p = rule_project(Some("Config(limits: (max_expr_depth: 100000))\n"));
    let run = p.run(&["check"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("`limits.max_expr_depth` is 100000, more than 2000"),
        "{}",
        run.stderr
    );

    let p = rule_project(Some(
        "Config(limits: (max_call_depth: 2000, max_expr_depth: 2000))\n",
    ));
    hostile(
        &p,
        "recurse",
        "fn f(n) { f(n + 1) + 1 }\nfn check(data) { f(0); }\n",
        "deeper than 2000 levels",
        1,
        60.0,
        1024.0,
    );
    let nested = format!(
        "fn check(data) {{ let x = {}1{}; }}\n",
        "(".repeat(200_000),
        ")".repeat(200_000)
    );
    p.write("rules/deep.rhai", &rule("deep", &nested));
    let m = p.measure(&["check", "--select", "deep"], Duration::from_secs(120));
    no_panic("deep", &m);
    assert_eq!(m.run.code, 2, "{}", m.run.stderr);
}

/// `--write-baseline` replaces the file whole (a temporary file renamed
/// over it: no `.tmp` left behind), and never writes through a link.
#[cfg(unix)]
#[test]
fn issue_19_the_baseline_is_replaced_whole_and_never_through_a_link() {
    let p = rule_project(None);
    p.write("data/sales.ron", "Sales(total: 5, regions: {\"a\": 1})\n");
    let run = p.run(&["check", "--write-baseline", "base.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(p.read("base.json").contains("sales-total"));
    let names: Vec<String> = std::fs::read_dir(p.path())
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains(".tmp")), "{names:?}");

    let away = outside();
    let target = away.path().join("victim.json");
    std::fs::write(&target, "{\"version\": 1, \"findings\": []}\n").expect("write");
    link(&target, &p.path().join("linked.json"));
    let run = p.run(&["check", "--write-baseline", "linked.json"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(&target).expect("read"),
        "{\"version\": 1, \"findings\": []}\n"
    );
}

/// `tally test --update` does not write through a linked expectation
/// file, and `tally new rule` writes nothing into a linked fixture folder
/// or onto a dangling link in `rules/`.
#[cfg(unix)]
#[test]
fn issue_19_test_update_and_new_write_only_inside_the_project() {
    let away = outside();
    let p = rule_project(None);
    p.write(
        "rules/fixtures/sales-total/fail.ron",
        "Sales(total: 5, regions: {\"a\": 1})\n",
    );
    let victim = away.path().join("victim.expected");
    std::fs::write(&victim, "# not tally's\n").expect("write");
    link(
        &victim,
        &p.path().join("rules/fixtures/sales-total/fail.expected"),
    );
    let run = p.run(&["test", "--update"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert_eq!(std::fs::read_to_string(&victim).expect("read"), "# not tally's\n");

    let p = rule_project(None);
    link(away.path(), &p.path().join("rules/fixtures"));
    let run = p.run(&["new", "rule", "fresh-rule"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(!away.path().join("fresh-rule").exists());
    assert!(!p.path().join("rules/fresh-rule.rhai").exists() || run.code == 2);

    let p = rule_project(None);
    let dangling = away.path().join("created-by-tally.rhai");
    link(&dangling, &p.path().join("rules/other-rule.rhai"));
    let run = p.run(&["new", "rule", "other-rule"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(!dangling.exists(), "tally wrote through a dangling link");
}

/// A baseline whose counts add up past the largest count, or one larger
/// than `limits.max_file_size`, is refused (exit 2).
#[test]
fn issue_19_baselines_with_overflowing_counts_or_too_large_are_refused() {
    let p = rule_project(None);
    p.write("data/sales.ron", "Sales(total: 5, regions: {\"a\": 1})\n");
    let entry = |count: &str| {
        format!("{{\"rule\": \"sales-total\", \"file\": \"data/sales.ron\", \"path\": \"total\", \"message\": \"regions do not add up\", \"count\": {count}}}")
    };
    p.write(
        "base.json",
        &format!(
            "{{\"version\": 1, \"findings\": [{}, {}]}}\n",
            entry("18446744073709551615"),
            entry("2")
        ),
    );
    let run = p.run(&["check", "--baseline", "base.json"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("add up to more than"), "{}", run.stderr);

    p.write("tally.ron", "Config(limits: (max_file_size: 1000))\n");
    let big = format!(
        "{{\"version\": 1, \"findings\": [{}]}}\n",
        vec![entry("1"); 40].join(", ")
    );
    p.write("base.json", &big);
    let run = p.run(&["check", "--baseline", "base.json"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("more than the"), "{}", run.stderr);
}

/// `timestamp()` would make a rule's output differ from run to run: it is
/// a `rule-error` at the call.
#[test]
fn issue_19_timestamp_is_not_available_to_rules() {
    let p = rule_project(None);
    hostile(
        &p,
        "clock",
        "fn check(data) {\n    let t = timestamp();\n}\n",
        "`timestamp()` is not available to rules",
        2,
        20.0,
        300.0,
    );
}

/// Twenty endless loops at `deadline_ms: 500` end with the check's total
/// deadline, each with a `rule-error`; the loops are located by a short
/// second run, not a second full deadline.
#[test]
fn issue_19_the_whole_check_has_a_deadline() {
    let p = rule_project(Some(
        "Config(limits: (deadline_ms: 500, total_deadline_ms: 2500))\n",
    ));
    for i in 0..20 {
        p.write(
            &format!("rules/loop{i}.rhai"),
            &rule(&format!("loop{i}"), "fn check(data) {\n    loop { }\n}\n"),
        );
    }
    let m = p.measure(&["check", "--format", "json"], Duration::from_secs(60));
    no_panic("loops", &m);
    m.assert_within("loops", 8.0, 500.0);
    assert_eq!(m.run.code, 2);
    let json = m.run.json();
    let errors = crate::adversarial::diagnostics(&json, "rule-error");
    for i in 0..20 {
        let name = format!("`loop{i}`");
        assert!(
            errors.iter().any(|e| message(e).contains(&name)),
            "{name}: {json:#}"
        );
    }
    assert!(
        errors
            .iter()
            .any(|e| message(e).contains("total deadline of 2500 ms")),
        "{json:#}"
    );
    let located = errors
        .iter()
        .filter(|e| message(e).contains("ran past its deadline of 500 ms"))
        .collect::<Vec<_>>();
    assert!(!located.is_empty(), "{json:#}");
    for e in located {
        assert_eq!(at(e).1, 5, "the loop is on line 5: {e:#}");
    }
}

/// An error inside a library module is reported at the module's own line,
/// with the call or import in the rule as a related site; so is runaway
/// recursion in a library function.
#[test]
fn issue_19_errors_in_library_modules_point_at_the_module() {
    let p = rule_project(None);
    p.write(
        "rules/lib/boomlib.rhai",
        "// boom library\nfn helper(x) {\n    x + 1\n}\n\nfn boom(x) {\n    let y = 1;\n    y + \"a\" * x\n}\n",
    )
    .write("rules/lib/deep.rhai", "fn down(n) { down(n + 1) }\n")
    .write(
        "rules/lb.rhai",
        &rule("lb", "import \"boomlib\" as b;\n\n\n\nfn check(data) {\nb::boom(2);\n}\n"),
    )
    .write("rules/ld.rhai", &rule("ld", "import \"deep\" as d;\nfn check(data) { d::down(0); }\n"));
    let run = p.run(&["check", "--format", "json", "--select", "lb,ld"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    let json = run.json();
    let errors = crate::adversarial::diagnostics(&json, "rule-error");
    assert_eq!(errors.len(), 2, "{json:#}");
    let lb = errors.iter().find(|e| message(e).contains("`lb`")).expect("lb");
    assert_eq!(at(lb), ("rules/lib/boomlib.rhai", 8, 13), "{lb:#}");
    assert_eq!(lb["related"][0]["file"], "rules/lb.rhai", "{lb:#}");
    assert_eq!(lb["related"][0]["span"]["line"], 9, "{lb:#}");
    let ld = errors.iter().find(|e| message(e).contains("`ld`")).expect("ld");
    assert_eq!(at(ld).0, "rules/lib/deep.rhai", "{ld:#}");
    assert_eq!(at(ld).1, 1, "{ld:#}");
    assert_eq!(ld["related"][0]["file"], "rules/ld.rhai", "{ld:#}");
}
