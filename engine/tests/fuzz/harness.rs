//! What the fuzz targets (`fuzz/fuzz_targets/*.rs`) require of tally for
//! one input, shared with `engine/tests/fuzz_regressions.rs`, which
//! replays the inputs the fuzzers found (`engine/tests/fuzz/<target>/`) in
//! the ordinary test suite. Every requirement is an assertion: a failed one
//! is a panic, which is what a fuzzer reports.

#![allow(dead_code)] // each user takes the part it needs

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tally_engine::checks::{DuplicateKeyCheck, ShapeCheck};
use tally_engine::load;
use tally_engine::span::{NodeId, NodeKind};
use tally_engine::{Check, CheckContext, Engine, Finding, Limits, Report, Severity};

/// The RON loader and the span index on arbitrary bytes: a file loads or
/// is a finding; every node's span lies inside the text on character
/// boundaries, parents come before children, paths print, sites resolve;
/// the native `shape` and `duplicate-key` checks run and locate inside the
/// text.
pub fn load(bytes: &[u8]) {
    let (file, finding) = load::load_text("data/fuzz.ron", "data/fuzz.ron", bytes);
    let text = &file.source.text;
    if let Some(finding) = &finding {
        assert_sites_inside(finding);
    }
    let Some(doc) = &file.document else {
        assert!(finding.is_some(), "a file that does not load has a finding");
        return;
    };
    assert!(finding.is_none(), "a file that loads has no parse finding");
    assert!(!doc.is_empty(), "a parsed document has a root");
    for (i, node) in doc.nodes().enumerate() {
        let id = NodeId(i as u32);
        let span = node.span;
        assert!(
            span.start <= span.end && span.end <= text.len(),
            "{span:?} in {} bytes",
            text.len()
        );
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        if let NodeKind::Struct { fields, .. } = &node.kind {
            for field in fields.iter() {
                let name = field.name_span();
                assert!(name.end <= text.len() && text.is_char_boundary(name.start));
                assert!(text.is_char_boundary(name.end));
            }
        }
        let _ = doc.path(id);
        let site = file.site(id).expect("every node has a site");
        assert!(site.location.line >= 1 && site.location.column >= 1);
    }
    let parents = parents_by_children(doc);
    for (i, parent) in parents.iter().enumerate() {
        let id = NodeId(i as u32);
        assert_eq!(doc.parent(id), *parent, "the parent of {id:?}");
        match parent {
            Some(parent) => assert!(*parent < id, "parent {parent:?} after child {id:?}"),
            None => assert_eq!(i, 0, "only the root has no parent"),
        }
    }
    let files = [file.clone()];
    for check in [&ShapeCheck as &dyn Check, &DuplicateKeyCheck] {
        let params = BTreeMap::new();
        let meta = check.meta();
        let mut ctx = CheckContext::new(&files, &meta.id, Severity::Error, &params);
        check.run(&mut ctx);
        for finding in ctx.into_findings() {
            assert_sites_inside(&finding);
        }
    }
}

/// Each node's parent as the containers' children say (a node keeps no
/// parent; `Document::parent` finds it going down from the root).
pub fn parents_by_children(doc: &tally_engine::Document) -> Vec<Option<NodeId>> {
    let mut parents = vec![None; doc.len()];
    for (i, node) in doc.nodes().enumerate() {
        let children: Vec<NodeId> = match node.kind {
            NodeKind::Some(inner) => vec![inner],
            NodeKind::List(items) | NodeKind::Tuple { items, .. } => items.to_vec(),
            NodeKind::Struct { fields, .. } => fields.iter().map(|f| f.value).collect(),
            NodeKind::Map(entries) => entries.iter().flat_map(|&(k, v)| [k, v]).collect(),
            _ => Vec::new(),
        };
        for child in children {
            if let Some(slot) = parents.get_mut(child.index()) {
                *slot = Some(NodeId(i as u32));
            }
        }
    }
    parents
}

/// Every site of a finding lies inside its file's text.
pub fn assert_sites_inside(finding: &Finding) {
    for site in finding.site.iter().chain(finding.related.iter().map(|r| &r.site)) {
        let loc = site.location;
        let len = site.source.text.len();
        assert!(loc.start <= loc.end && loc.end <= len, "{loc:?} in {len} bytes");
        assert!(loc.line >= 1 && loc.column >= 1 && loc.end_line >= loc.line);
    }
}

/// Copies the shipped rules (`*.rhai` and `lib/`, not the fixtures) to
/// `to`, so that a long fuzzing run does not see them change under it.
fn copy_rules(workspace: &Path, to: &Path) {
    let from = workspace.join("rules");
    std::fs::create_dir_all(to.join("lib")).expect("scratch rules folder");
    for dir in ["", "lib"] {
        for entry in std::fs::read_dir(from.join(dir)).expect("shipped rules") {
            let path = entry.expect("rules entry").path();
            if path.extension().is_some_and(|e| e == "rhai") {
                let name = path.file_name().expect("file name");
                std::fs::copy(&path, to.join(dir).join(name)).expect("copy rule");
            }
        }
    }
}

/// A whole check of one data file against the shipped rules, through the
/// public `Engine` API: one engine over a scratch data folder with the
/// shipped region and unit registries (which the rules look names up in)
/// and `fuzz.ron`, re-checked after each input is written there (so the
/// engine's cache of files and node tags is exercised as well). The rules
/// are copied to the scratch folder when it is set up.
pub struct CheckHarness {
    /// The engine, kept between inputs.
    pub engine: Engine,
    file: PathBuf,
}

impl CheckHarness {
    /// Sets up `scratch` (an empty folder) from the project at `workspace`.
    pub fn new(scratch: &Path, workspace: &Path) -> Self {
        let data = scratch.join("data");
        std::fs::create_dir_all(&data).expect("scratch data folder");
        for name in ["regions.ron", "units.ron"] {
            std::fs::copy(workspace.join("data").join(name), data.join(name)).expect("copy registry");
        }
        let file = data.join("fuzz.ron");
        std::fs::write(&file, "").expect("write fuzz.ron");
        copy_rules(workspace, &scratch.join("rules"));
        let engine = Engine::builder()
            .data(&data)
            .rules(scratch.join("rules"))
            .schemas(workspace.join("schemas"))
            .display_base(scratch)
            .limits(Limits::default())
            .threads(1)
            .build()
            .expect("engine over the shipped rules");
        CheckHarness { engine, file }
    }

    /// Checks `bytes` as the data file. The shipped rules never fail on
    /// data, however odd (a value that breaks its kind's schema is a
    /// `shape` finding and reads as unassigned): a `rule-error` is a bug.
    pub fn check(&self, bytes: &[u8]) -> Report {
        std::fs::write(&self.file, bytes).expect("write fuzz.ron");
        let report = self.engine.check();
        for finding in &report.findings {
            assert!(
                finding.rule != "rule-error",
                "{}: {}",
                finding.rule,
                finding.message
            );
            assert_sites_inside(finding);
        }
        report
    }
}

/// The header of the fuzzed rule file; the input follows it (and may
/// declare its own id).
pub const RULE_HEADER: &str = "const ID = \"fuzz\";\nconst SEVERITY = \"error\";\nconst TITLE = \"t\";\n";

/// The rule compiler and runtime on an arbitrary script: one engine over
/// a copy of the shipped data and a scratch rules folder (with a copy of
/// the shipped `lib/` so imports resolve), re-checked after each script is
/// written to `fuzz.rhai`. Time bounds are tighter than the defaults so that a
/// runaway script costs a fraction of a second, not ten seconds twice
/// (the failed rule is re-run to locate the failure); size bounds are the
/// defaults.
pub struct RuleHarness {
    /// The engine, kept between inputs.
    pub engine: Engine,
    file: PathBuf,
}

impl RuleHarness {
    /// Sets up `scratch` (an empty folder) from the project at `workspace`.
    pub fn new(scratch: &Path, workspace: &Path) -> Self {
        let lib = scratch.join("rules").join("lib");
        std::fs::create_dir_all(&lib).expect("scratch rules folder");
        for entry in std::fs::read_dir(workspace.join("rules").join("lib")).expect("shipped lib") {
            let entry = entry.expect("lib entry");
            std::fs::copy(entry.path(), lib.join(entry.file_name())).expect("copy lib module");
        }
        let file = scratch.join("rules").join("fuzz.rhai");
        std::fs::write(&file, RULE_HEADER).expect("write fuzz.rhai");
        let data = scratch.join("data");
        std::fs::create_dir_all(&data).expect("scratch data folder");
        for entry in std::fs::read_dir(workspace.join("data")).expect("shipped data") {
            let path = entry.expect("data entry").path();
            std::fs::copy(&path, data.join(path.file_name().expect("name"))).expect("copy data");
        }
        let limits = Limits {
            max_operations: 200_000,
            deadline_ms: 1_000,
            ..Limits::default()
        };
        let engine = Engine::builder()
            .data(&data)
            .rules(scratch.join("rules"))
            .display_base(scratch)
            .limits(limits)
            .threads(1)
            .build()
            .expect("engine over the shipped data");
        RuleHarness { engine, file }
    }

    /// Checks the shipped data with the rule whose body is `body`. Whatever
    /// the script does, the result is findings located inside their files,
    /// never a panic (which the engine would report as a crash of the rule
    /// engine).
    pub fn check(&self, body: &[u8]) -> Report {
        let mut text = RULE_HEADER.as_bytes().to_vec();
        text.extend_from_slice(body);
        std::fs::write(&self.file, &text).expect("write fuzz.rhai");
        let report = self.engine.check();
        for finding in &report.findings {
            assert!(
                !finding.message.contains("crashed the rule engine"),
                "{}",
                finding.message
            );
            assert_sites_inside(finding);
        }
        report
    }
}
