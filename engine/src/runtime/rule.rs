//! A rule's life: compiled once from its file (its metadata read without
//! running it), run over the data in the sandbox, and a failure turned into
//! a `rule-error` at the script line.

use std::path::Path;
use std::sync::{Arc, Mutex};

use rhai::{CallFnOptions, Dynamic, Engine as Rhai, EvalAltResult, Position, Scope, AST};

use super::limits::Limits;
use super::sandbox::{run_engine, Sandbox};
use super::state::RunState;
use super::view::DataView;
use crate::report::{Finding, Severity, Site, SourceFile, RULE_ERROR};
use crate::rules::{RuleMeta, RuleOrigin};
use crate::span::Span;
use crate::text;

/// A compiled rule script with its metadata.
#[derive(Debug, Clone)]
pub struct CompiledRule {
    /// What the rule says about itself.
    pub meta: RuleMeta,
    /// The script.
    pub source: Arc<SourceFile>,
    /// The compiled script.
    pub ast: Arc<AST>,
}

/// A `rule-error` finding at a script position.
pub fn rule_error(source: &Arc<SourceFile>, rule: &str, message: String, pos: Position) -> Finding {
    let span = position_span(source, pos);
    let mut finding = Finding::new(RULE_ERROR, Severity::Error, message)
        .at(Site::new(source.clone(), span, None))
        .with_label("here");
    finding.data.insert("rule".into(), rule.into());
    finding
}

/// The span of the token at a Rhai position (1-based line and column).
fn position_span(source: &SourceFile, pos: Position) -> Span {
    let (Some(line), Some(column)) = (pos.line(), pos.position()) else {
        return Span::new(0, 0);
    };
    let Some(start) = source.lines().offset(&source.text, line, column.max(1)) else {
        return Span::new(0, 0);
    };
    let rest = &source.text[start..];
    let len = rest
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '_'))
        .map_or(rest.len(), |(i, _)| i);
    let len = if len == 0 {
        rest.chars().next().map_or(0, char::len_utf8)
    } else {
        len
    };
    Span::new(start, start + len)
}

/// Why a rule file cannot be used, with where.
fn meta_error(source: &Arc<SourceFile>, id: &str, message: String) -> Finding {
    rule_error(source, id, message, Position::new(1, 1))
        .with_help("a rule declares `const ID = \"kebab-case-id\";`, `const SEVERITY = \"error\";` (or warning, info), `const TITLE = \"…\";`, `//!` explanation lines, and `fn check(data) { … }`")
}

/// Compiles a rule file and reads its metadata without running it.
pub fn compile_rule(
    compiler: &Rhai,
    path: &Path,
    name: String,
    text: String,
) -> Result<CompiledRule, Box<Finding>> {
    let source = Arc::new(SourceFile::new(name, path, text));
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("rule")
        .to_owned();
    let ast = compiler.compile(&source.text).map_err(|err| {
        let pos = err.position();
        Box::new(
            rule_error(
                &source,
                &stem,
                format!(
                    "rule `{stem}` does not compile: {}",
                    lower_first(&err.err_type().to_string())
                ),
                pos,
            )
            .with_help("fix the script's syntax; the other rules still run"),
        )
    })?;
    let mut id = None;
    let mut severity = None;
    let mut title = None;
    for (name, _, value) in ast.iter_literal_variables(true, false) {
        match name {
            "ID" => id = value.into_string().ok(),
            "SEVERITY" => severity = value.into_string().ok(),
            "TITLE" => title = value.into_string().ok(),
            _ => {}
        }
    }
    let Some(id) = id else {
        return Err(Box::new(meta_error(
            &source,
            &stem,
            format!("rule file `{stem}` declares no `const ID`"),
        )));
    };
    if !text::is_kebab_case(&id) {
        return Err(Box::new(meta_error(
            &source,
            &stem,
            format!("rule id `{id}` is not kebab-case"),
        )));
    }
    let severity = match severity.as_deref().map(Severity::parse) {
        Some(Some(s)) => s,
        Some(None) => {
            return Err(Box::new(meta_error(
                &source,
                &id,
                format!("rule `{id}` has an invalid `SEVERITY`; expected \"error\", \"warning\" or \"info\""),
            )))
        }
        None => {
            return Err(Box::new(meta_error(
                &source,
                &id,
                format!("rule `{id}` declares no `const SEVERITY`"),
            )))
        }
    };
    let Some(title) = title else {
        return Err(Box::new(meta_error(
            &source,
            &id,
            format!("rule `{id}` declares no `const TITLE`"),
        )));
    };
    if !ast
        .iter_functions()
        .any(|f| f.name == "check" && f.params.len() == 1)
    {
        return Err(Box::new(meta_error(
            &source,
            &id,
            format!("rule `{id}` has no `fn check(data)`"),
        )));
    }
    let explanation = ast
        .doc()
        .lines()
        .map(|l| {
            let l = l.trim_start().trim_start_matches("//!");
            l.strip_prefix(' ').unwrap_or(l)
        })
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_owned();
    Ok(CompiledRule {
        meta: RuleMeta {
            id,
            severity,
            title,
            explanation,
            origin: RuleOrigin::Script(path.to_path_buf()),
        },
        source,
        ast: Arc::new(ast),
    })
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c)
            if c.is_ascii_uppercase() && !chars.clone().next().is_some_and(|n| n.is_ascii_uppercase()) =>
        {
            c.to_ascii_lowercase().to_string() + chars.as_str()
        }
        _ => text.trim_end_matches('.').to_owned(),
    }
    .trim_end_matches('.')
    .to_owned()
}

/// What one run of a rule produced.
#[derive(Debug, Default)]
pub struct RunOutput {
    /// Its findings (and a `rule-error` if it failed).
    pub findings: Vec<Finding>,
    /// What it printed.
    pub prints: Vec<String>,
}

/// Runs `check(data)` of a compiled rule within the sandbox.
pub fn run_rule(
    rule: &CompiledRule,
    severity: Severity,
    view: &Arc<DataView>,
    data: &Dynamic,
    params: rhai::Map,
    sandbox: &Sandbox,
) -> RunOutput {
    let limits = sandbox.limits();
    let new_state = || {
        Arc::new(RunState {
            view: view.clone(),
            rule: rule.meta.id.clone(),
            severity,
            params: params.clone(),
            findings: Mutex::new(Vec::new()),
            prints: Mutex::new((Vec::new(), 0)),
            max_findings: limits.max_findings,
            finding_bytes: super::state::FindingBytes::new(limits.max_finding_bytes),
            max_prints: limits.max_prints,
        })
    };
    let state = new_state();
    let engine = sandbox.take_engine(view);
    engine.start(state.clone(), limits);
    let result = call_check(&engine.rhai, rule, data);
    sandbox.give_back(engine);
    let mut output = RunOutput::default();
    if let Ok(mut findings) = state.findings.lock() {
        output.findings = std::mem::take(&mut *findings);
    }
    if let Ok(mut prints) = state.prints.lock() {
        output.prints = std::mem::take(&mut prints.0);
        if prints.1 > 0 {
            output
                .prints
                .push(format!("… {} more lines not kept (max_prints)", prints.1));
        }
    }
    if let Err(err) = result {
        let mut finding = describe_error(rule, &err, limits);
        if innermost_position(&err).is_none() {
            // Rhai replaces the position of a broken bound with the call
            // site, which for `check` is nowhere. Run once more, with the
            // same inputs, under a stepping debugger to learn where the
            // script was.
            let mut engine = run_engine(sandbox, view);
            engine.start(new_state(), limits);
            if let Some(pos) = locate_failure(&mut engine.rhai, rule, data) {
                let span = position_span(&rule.source, pos);
                if let Some(site) = finding.site.as_mut() {
                    *site = Site::new(rule.source.clone(), span, None);
                }
            }
        }
        output.findings.push(finding);
    }
    output
}

/// Calls the rule's `check(data)`, after its top-level statements.
fn call_check(engine: &Rhai, rule: &CompiledRule, data: &Dynamic) -> Result<Dynamic, Box<EvalAltResult>> {
    engine.call_fn_with_options::<Dynamic>(
        CallFnOptions::new().eval_ast(true).rewind_scope(true),
        &mut Scope::new(),
        &rule.ast,
        "check",
        (data.clone(),),
    )
}

/// Re-runs a rule that broke a bound with a debugger that records the
/// position of every step; the last one is where it broke. Costs a second
/// run, but only for rules that already failed.
fn locate_failure(engine: &mut Rhai, rule: &CompiledRule, data: &Dynamic) -> Option<Position> {
    let last = Arc::new(Mutex::new(Position::NONE));
    let seen = last.clone();
    #[allow(deprecated)] // "not deprecated, but volatile" says rhai
    engine.register_debugger(
        |_, debugger| debugger,
        move |_, event, _, _, pos| {
            if matches!(event, rhai::debugger::DebuggerEvent::Step) && !pos.is_none() {
                if let Ok(mut last) = seen.lock() {
                    *last = pos;
                }
            }
            Ok(rhai::debugger::DebuggerCommand::StepInto)
        },
    );
    let _ = call_check(engine, rule, data);
    let pos = *last.lock().ok()?;
    (!pos.is_none()).then_some(pos)
}

/// A `rule-error` finding that says which bound or error stopped the rule.
fn describe_error(rule: &CompiledRule, err: &EvalAltResult, limits: &Limits) -> Finding {
    let id = &rule.meta.id;
    let (what, help) = match innermost(err) {
        EvalAltResult::ErrorTooManyOperations(_) => (
            format!("rule `{id}` exceeded {} operations", limits.max_operations),
            "look for a loop that never ends; raise `limits.max_operations` in tally.ron if the data is really that large".to_owned(),
        ),
        EvalAltResult::ErrorTerminated(reason, _) => (
            format!("rule `{id}` ran past its {reason}"),
            "look for a loop that never ends; raise `limits.deadline_ms` in tally.ron if the data is really that large".to_owned(),
        ),
        EvalAltResult::ErrorStackOverflow(_) => (
            format!("rule `{id}` nested function calls deeper than {} levels", limits.max_call_depth),
            "look for recursion without an end".to_owned(),
        ),
        EvalAltResult::ErrorDataTooLarge(what, _) => (
            format!("rule `{id}` built a value that is too large: {}", what.to_lowercase()),
            "a string, array or map grew past its bound (`limits.max_string_size`, `max_array_size`, `max_map_size`)".to_owned(),
        ),
        EvalAltResult::ErrorTooManyModules(_) => (
            format!("rule `{id}` imported more than {} modules", limits.max_modules),
            "import fewer modules".to_owned(),
        ),
        EvalAltResult::ErrorModuleNotFound(msg, _) => (
            format!("rule `{id}` cannot import: {msg}"),
            "modules live in `rules/lib/`; import them by name: `import \"helpers\" as h;`".to_owned(),
        ),
        EvalAltResult::ErrorFunctionNotFound(sig, _) => (
            format!("rule `{id}` calls a function that does not exist: `{sig}`"),
            "check the name and the argument types; the rule API is listed in the README's rule-writing guide".to_owned(),
        ),
        e if writes_into_data(e) => (
            format!("rule `{id}` tried to change the data: {}", lower_first(&strip_position(err))),
            "the data is read-only for rules, so that no rule changes what the others see; copy a value into a local variable (`let m = row.to_map();`) to work with it".to_owned(),
        ),
        EvalAltResult::ErrorAssignmentToConstant(..) | EvalAltResult::ErrorNonPureMethodCallOnConstant(..) => (
            format!("rule `{id}` tried to change the data: {}", lower_first(&strip_position(err))),
            "the data is read-only for rules, so that no rule changes what the others see; copy a value into a local variable (`let x = row.high;`) to work with it".to_owned(),
        ),
        EvalAltResult::ErrorRuntime(value, _) => (
            format!("rule `{id}` failed: {value}"),
            "fix the rule; the other rules still ran".to_owned(),
        ),
        other => (
            format!("rule `{id}` failed: {}", lower_first(&strip_position(other))),
            "fix the rule; the other rules still ran".to_owned(),
        ),
    };
    let pos = innermost_position(err);
    rule_error(&rule.source, id, what, pos).with_help(help)
}

/// Whether an error is a script writing into a data map or array (they
/// have no setters, so Rhai reports a missing setter or indexer).
fn writes_into_data(err: &EvalAltResult) -> bool {
    let text = match err {
        EvalAltResult::ErrorDotExpr(text, _)
        | EvalAltResult::ErrorIndexingType(text, _)
        | EvalAltResult::ErrorFunctionNotFound(text, _) => text,
        _ => return false,
    };
    (text.contains("data map") || text.contains("data array"))
        && (text.contains("setter")
            || text.contains("index$set$")
            || text.contains("=")
            || text.contains("set"))
}

/// The error inside any `ErrorInFunctionCall` / `ErrorInModule` wrappers.
fn innermost(err: &EvalAltResult) -> &EvalAltResult {
    match err {
        EvalAltResult::ErrorInFunctionCall(_, _, inner, _) | EvalAltResult::ErrorInModule(_, inner, _) => {
            innermost(inner)
        }
        other => other,
    }
}

fn strip_position(err: &EvalAltResult) -> String {
    let text = err.to_string();
    // Rhai appends ` (line N, position M)`; the finding shows the position.
    match text.rfind(" (line ") {
        Some(i) if text.ends_with(')') => text[..i].to_owned(),
        _ => text,
    }
}

/// Errors inside functions are wrapped in `ErrorInFunctionCall`; point at
/// the innermost position in this script.
fn innermost_position(err: &EvalAltResult) -> Position {
    match err {
        EvalAltResult::ErrorInFunctionCall(_, _, inner, pos) => {
            let inner_pos = innermost_position(inner);
            if inner_pos.is_none() {
                *pos
            } else {
                inner_pos
            }
        }
        other => other.position(),
    }
}
