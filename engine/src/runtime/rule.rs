//! A rule's life: compiled once from its file (its metadata read without
//! running it), run over the data in the sandbox, and a failure turned into
//! a `rule-error` at the script line.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rhai::{CallFnOptions, Dynamic, Engine as Rhai, EvalAltResult, Position, Scope, AST};

use super::limits::Limits;
use super::sandbox::{run_engine, Sandbox};
use super::state::{Focus, RunState};
use super::view::DataView;
use crate::report::{Builtin, Finding, Severity, Site, SourceFile, RULE_ERROR};
use crate::rules::{RuleMeta, RuleOrigin};
use crate::span::Span;
use crate::text;
use tally_i18n::Catalogue;

/// A compiled rule script with its metadata.
#[derive(Debug, Clone)]
pub struct CompiledRule {
    /// What the rule says about itself.
    pub meta: RuleMeta,
    /// The script.
    pub source: Arc<SourceFile>,
    /// The compiled script.
    pub ast: Arc<AST>,
    /// For a check of a `.checks.ron` file (a generated script): where its
    /// parts are in that file.
    pub check_map: Option<Arc<super::CheckMap>>,
    /// The kinds whose tables the rule looks at one at a time (`const
    /// EACH_TABLE = "TargetTable";` or a list of kinds; every check of a
    /// `.checks.ron` file): it runs once per table of those kinds, seeing
    /// that table alone of them, and a run is kept until that table or a
    /// table it looked up changes (`docs/writing-rules.md`). Empty: the
    /// rule sees all the data in one run.
    pub each_table: Vec<String>,
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

/// [`rule_error`] with its label in the catalogue's language.
pub fn rule_error_in(source: &Arc<SourceFile>, rule: &str, message: String, pos: Position, t: &Catalogue) -> Finding {
    let mut finding = rule_error(source, rule, message, pos);
    finding.label = Some(t.text("rule-here", &[]));
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

/// The byte offset of the `{` of a script that is most likely never
/// closed: braces are paired outside strings and comments; the first pair
/// whose `}` is indented differently from the line of its `{` shows where
/// the pairing went wrong (an extra `{` takes the `}` meant for its
/// block, and so on outwards), else the innermost brace left open.
fn unclosed_brace(text: &str) -> Option<usize> {
    let indent = |at: usize| {
        let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        text[start..].len() - text[start..].trim_start_matches([' ', '\t']).len()
    };
    let bytes = text.as_bytes();
    let mut open: Vec<usize> = Vec::new();
    let mut suspect = None;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = text[i + 2..].find("*/").map_or(bytes.len(), |n| i + 2 + n + 2);
                continue;
            }
            quote @ (b'"' | b'`' | b'\'') => {
                i += 1;
                while i < bytes.len() && bytes[i] != quote {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'{' => open.push(i),
            b'}' => {
                if let Some(start) = open.pop() {
                    let first_line_closer = text[..i].rfind('\n').map_or(0, |n| n + 1) + indent(i) == i;
                    if suspect.is_none() && first_line_closer && indent(i) != indent(start) {
                        suspect = Some(start);
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    if open.is_empty() {
        return None;
    }
    suspect.or_else(|| open.last().copied())
}

/// Why a rule file cannot be used, with where.
fn meta_error(source: &Arc<SourceFile>, id: &str, message: String, t: &Catalogue) -> Finding {
    rule_error_in(source, id, message, Position::new(1, 1), t).with_help(t.text("rule-meta-help", &[]))
}

/// Compiles a rule file and reads its metadata without running it; its
/// errors in the catalogue's language.
pub fn compile_rule_in(
    compiler: &Rhai,
    path: &Path,
    name: String,
    text: String,
    t: &Catalogue,
) -> Result<CompiledRule, Box<Finding>> {
    let source = Arc::new(SourceFile::new(name, path, text));
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("rule")
        .to_owned();
    let ast = compiler.compile(&source.text).map_err(|err| {
        // A `{` never closed is noticed at the end of the file; point at
        // the brace that was opened instead (issue 17).
        if let rhai::ParseErrorType::MissingToken(token, _) = err.err_type() {
            if token == "}" {
                if let Some(at) = unclosed_brace(&source.text) {
                    let (line, column) = source.lines().line_column(&source.text, at);
                    let args = [("rule", stem.as_str().into())];
                    let mut finding = rule_error(
                        &source,
                        &stem,
                        t.text("rule-unclosed-brace", &args),
                        Position::new(
                            u16::try_from(line).unwrap_or(u16::MAX),
                            u16::try_from(column).unwrap_or(u16::MAX),
                        ),
                    );
                    finding.help = t.attr("rule-unclosed-brace", "help", &args);
                    finding.label = t.attr("rule-unclosed-brace", "label", &args);
                    return Box::new(finding);
                }
            }
        }
        let pos = err.position();
        let why = match t.lang() {
            tally_i18n::Lang::En => lower_first(&err.err_type().to_string()),
            _ => super::rhai_text::parse_error(err.err_type(), t),
        };
        let args = [("rule", stem.as_str().into()), ("why", why.into())];
        let mut finding = rule_error_in(&source, &stem, t.text("rule-does-not-compile", &args), pos, t);
        finding.help = t.attr("rule-does-not-compile", "help", &args);
        Box::new(finding)
    })?;
    let mut id = None;
    let mut severity = None;
    let mut title = None;
    let mut each_table = None;
    for (name, _, value) in ast.iter_literal_variables(true, false) {
        match name {
            "ID" => id = value.into_string().ok(),
            "SEVERITY" => severity = value.into_string().ok(),
            "TITLE" => title = value.into_string().ok(),
            "EACH_TABLE" => each_table = Some(kinds(value)),
            _ => {}
        }
    }
    let Some(id) = id else {
        return Err(Box::new(meta_error(
            &source,
            &stem,
            t.text("rule-no-id", &[("rule", stem.as_str().into())]),
            t,
        )));
    };
    if !text::is_kebab_case(&id) {
        return Err(Box::new(meta_error(
            &source,
            &stem,
            t.text("rule-id-not-kebab", &[("id", id.as_str().into())]),
            t,
        )));
    }
    if Builtin::from_id(&id).is_some() {
        // The id of one of tally's own findings: `io` would turn the rule's
        // findings into "the check could not be carried out" (exit 2).
        let line = source
            .text
            .lines()
            .position(|l| l.trim_start().starts_with("const ID"))
            .map_or(1, |i| i + 1);
        return Err(Box::new(
            rule_error_in(
                &source,
                &stem,
                t.text("rule-id-reserved", &[("id", id.as_str().into())]),
                Position::new(u16::try_from(line).unwrap_or(u16::MAX), 1),
                t,
            )
            .with_help(t.attr("rule-id-reserved", "help", &[]).unwrap_or_default()),
        ));
    }
    let severity = match severity.as_deref().map(Severity::parse) {
        Some(Some(s)) => s,
        Some(None) => {
            return Err(Box::new(meta_error(
                &source,
                &id,
                t.text("rule-bad-severity", &[("id", id.as_str().into())]),
                t,
            )))
        }
        None => {
            return Err(Box::new(meta_error(
                &source,
                &id,
                t.text("rule-no-severity", &[("id", id.as_str().into())]),
                t,
            )))
        }
    };
    let each_table = match each_table {
        Some(Some(kinds)) => kinds,
        Some(None) => {
            let args = [("id", id.as_str().into())];
            return Err(Box::new(
                meta_error(&source, &id, t.text("rule-each-table-invalid", &args), t)
                    .with_help(t.attr("rule-each-table-invalid", "help", &args).unwrap_or_default()),
            ));
        }
        None => Vec::new(),
    };
    let Some(title) = title else {
        return Err(Box::new(meta_error(
            &source,
            &id,
            t.text("rule-no-title", &[("id", id.as_str().into())]),
            t,
        )));
    };
    if !ast
        .iter_functions()
        .any(|f| f.name == "check" && f.params.len() == 1)
    {
        return Err(Box::new(meta_error(
            &source,
            &id,
            t.text("rule-no-check", &[("id", id.as_str().into())]),
            t,
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
        check_map: None,
        each_table,
    })
}

/// The kinds of `EACH_TABLE`: a kind or a non-empty list of kinds.
fn kinds(value: Dynamic) -> Option<Vec<String>> {
    let kinds: Vec<String> = if value.is_string() {
        vec![value.into_string().ok()?]
    } else {
        value
            .into_array()
            .ok()?
            .into_iter()
            .map(|k| k.into_string().ok())
            .collect::<Option<_>>()?
    };
    (!kinds.is_empty() && kinds.iter().all(|k| !k.trim().is_empty())).then_some(kinds)
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
#[derive(Debug, Default, Clone)]
pub struct RunOutput {
    /// Its findings (and a `rule-error` if it failed).
    pub findings: Vec<Finding>,
    /// What it printed.
    pub prints: Vec<String>,
    /// Whether it asked for tables by kind and was given none: it checked
    /// nothing, which the summary says.
    pub read_no_table: bool,
    /// The kinds it asked for by `tables`/`table` besides the one it looks
    /// at one table at a time: what a kept run depends on.
    pub kinds_read: Vec<String>,
}

/// What one run of a rule looks at.
pub struct RunData<'a> {
    /// The data.
    pub view: &'a Arc<DataView>,
    /// The `data` map of a run over all of it.
    pub data: &'a Dynamic,
    /// For a rule that looks at one table at a time, the run's table.
    pub focus: Option<Focus>,
}

/// Runs `check(data)` of a compiled rule within the sandbox; its
/// `rule-error`, if it fails, in the catalogue's language.
#[allow(clippy::too_many_arguments)] // one caller, each input distinct
pub fn run_rule(
    rule: &CompiledRule,
    severity: Severity,
    params: rhai::Map,
    input: RunData<'_>,
    sandbox: &Sandbox,
    until: Instant,
    t: &Arc<Catalogue>,
) -> RunOutput {
    let RunData { view, data, focus } = input;
    let limits = sandbox.limits();
    // A run over one table sees that table as its `data`, as `tables` does.
    let focused;
    let data = match &focus {
        Some(focus) => {
            focused = view.data_map_of(focus.file);
            &focused
        }
        None => data,
    };
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
            asked_tables: Default::default(),
            tables_read: Default::default(),
            focus: focus.clone(),
            kinds_read: Mutex::new(Vec::new()),
            too_large_at: Mutex::new(None),
            catalogue: t.clone(),
        })
    };
    let state = new_state();
    let engine = sandbox.take_engine(view);
    engine.start(state.clone(), limits, until);
    let result = call_check(&engine.rhai, rule, data, t);
    sandbox.give_back(engine);
    let mut output = RunOutput {
        read_no_table: state.read_no_table(),
        kinds_read: state.kinds_read.lock().map(|k| k.clone()).unwrap_or_default(),
        ..RunOutput::default()
    };
    if let Ok(mut findings) = state.findings.lock() {
        output.findings = std::mem::take(&mut *findings);
    }
    if let Ok(mut prints) = state.prints.lock() {
        output.prints = std::mem::take(&mut prints.0);
        if prints.1 > 0 {
            output
                .prints
                .push(t.text("rule-prints-dropped", &[("count", prints.1.into())]));
        }
    }
    if let Err(err) = result {
        let mut finding = describe_error(rule, &err, limits, t);
        let (file, pos, _) = error_site(&err);
        if file.is_none() && pos.is_none() && innermost_position(&err).is_none() {
            // Rhai replaces the position of a broken bound with the call
            // site, which for `check` is nowhere. A growth refused before
            // its allocation said where it was; otherwise run once more,
            // with the same inputs, under a stepping debugger to learn
            // where the script was. A rule stopped by a deadline (an
            // endless loop) is inside its loop after a moment: that run
            // is cut short.
            let refused = match innermost(&err) {
                EvalAltResult::ErrorDataTooLarge(..) => state.too_large_at.lock().ok().and_then(|at| at.clone()),
                _ => None,
            };
            let located = refused.or_else(|| {
                let mut engine = run_engine(sandbox, view);
                let until = match innermost(&err) {
                    EvalAltResult::ErrorTerminated(..) => Instant::now() + LOCATE_LOOP,
                    _ => until,
                };
                engine.start(new_state(), limits, until);
                locate_failure(&mut engine.rhai, rule, data, t)
            });
            match located {
                Some((None, pos)) => {
                    let span = position_span(&rule.source, pos);
                    if let Some(site) = finding.site.as_mut() {
                        *site = Site::new(rule.source.clone(), span, None);
                    }
                }
                Some((Some(module), pos)) => {
                    if let Some(source) = module_source(rule, Path::new(&module)) {
                        let span = position_span(&source, pos);
                        finding.site = Some(Site::new(source.clone(), span, None));
                        if let Some(import) = import_site(rule, &source) {
                            finding = finding.with_related(t.text("rule-imported-here", &[]), import);
                        }
                    }
                }
                None => {}
            }
        }
        output.findings.push(finding);
    }
    if let Some(map) = &rule.check_map {
        map.apply(&rule.meta.id, &rule.source, &mut output.findings);
    }
    output
}

/// Calls the rule's `check(data)`, after its top-level statements.
/// The run's catalogue is the call's tag, for the rule API's own errors.
fn call_check(
    engine: &Rhai,
    rule: &CompiledRule,
    data: &Dynamic,
    t: &Arc<Catalogue>,
) -> Result<Dynamic, Box<EvalAltResult>> {
    engine.call_fn_with_options::<Dynamic>(
        CallFnOptions::new().eval_ast(true).rewind_scope(true).with_tag(t.clone()),
        &mut Scope::new(),
        &rule.ast,
        "check",
        (data.clone(),),
    )
}

/// Re-runs a rule that broke a bound with a debugger that records the
/// position of every step; the last one is where it broke. Costs a second
/// run, but only for rules that already failed.
fn locate_failure(engine: &mut Rhai, rule: &CompiledRule, data: &Dynamic, t: &Arc<Catalogue>) -> Option<(Option<String>, Position)> {
    let last = Arc::new(Mutex::new((None, Position::NONE)));
    let seen = last.clone();
    #[allow(deprecated)] // "not deprecated, but volatile" says rhai
    engine.register_debugger(
        |_, debugger| debugger,
        move |_, event, _, source, pos| {
            if matches!(event, rhai::debugger::DebuggerEvent::Step) && !pos.is_none() {
                if let Ok(mut last) = seen.lock() {
                    // A library module's code carries its file as source.
                    *last = (source.filter(|s| !s.is_empty()).map(str::to_owned), pos);
                }
            }
            Ok(rhai::debugger::DebuggerCommand::StepInto)
        },
    );
    let _ = call_check(engine, rule, data, t);
    let (source, pos) = last.lock().ok()?.clone();
    (!pos.is_none()).then_some((source, pos))
}

/// How long the second run that locates an endless loop may take.
const LOCATE_LOOP: Duration = Duration::from_millis(100);

/// A `rule-error` finding that says which bound or error stopped the rule.
fn describe_error(rule: &CompiledRule, err: &EvalAltResult, limits: &Limits, t: &Catalogue) -> Finding {
    let id = rule.meta.id.as_str();
    let english = t.lang() == tally_i18n::Lang::En;
    // Rhai's own words for an error, or the catalogue's where it has them.
    let rhai_says = |e: &EvalAltResult| {
        if english {
            lower_first(&strip_position(e))
        } else {
            super::rhai_text::eval_error(e, t).unwrap_or_else(|| lower_first(&strip_position(e)))
        }
    };
    let say = |key: &str, args: &[(&str, tally_i18n::Arg<'_>)]| {
        let mut all: Vec<(&str, tally_i18n::Arg<'_>)> = vec![("rule", id.into())];
        all.extend(args.iter().cloned());
        (t.text(key, &all), t.attr(key, "help", &all).unwrap_or_default())
    };
    let (what, help) = match innermost(err) {
        EvalAltResult::ErrorTooManyOperations(_) => say("rule-too-many-operations", &[("max", limits.max_operations.into())]),
        EvalAltResult::ErrorTerminated(reason, _) => {
            let reason = reason.to_string();
            let ms: u64 = reason
                .split(|c: char| !c.is_ascii_digit())
                .find(|d| !d.is_empty())
                .and_then(|d| d.parse().ok())
                .unwrap_or(limits.deadline_ms);
            let key = if reason.contains("total_deadline_ms") { "rule-total-deadline" } else { "rule-deadline" };
            let (what, help) = say(key, &[("ms", ms.into())]);
            (if english { format!("rule `{id}` ran past its {reason}") } else { what }, help)
        }
        EvalAltResult::ErrorStackOverflow(_) => say("rule-stack-overflow", &[("max", limits.max_call_depth.into())]),
        EvalAltResult::ErrorDataTooLarge(what, _) => {
            let what = if english { what.to_lowercase() } else { super::rhai_text::too_large(what, t) };
            say("rule-data-too-large", &[("what", what.into())])
        }
        EvalAltResult::ErrorTooManyModules(_) => say("rule-too-many-modules", &[("max", limits.max_modules.into())]),
        EvalAltResult::ErrorModuleNotFound(msg, _) => say("rule-module-not-found", &[("message", msg.into())]),
        EvalAltResult::ErrorFunctionNotFound(sig, _) => say("rule-function-not-found", &[("signature", sig.into())]),
        e if writes_into_data(e) => say("rule-writes-data", &[("why", rhai_says(err).into())]),
        EvalAltResult::ErrorAssignmentToConstant(..) | EvalAltResult::ErrorNonPureMethodCallOnConstant(..) => {
            say("rule-writes-constant", &[("why", rhai_says(err).into())])
        }
        EvalAltResult::ErrorRuntime(value, _) => say("rule-failed", &[("why", value.to_string().into())]),
        other => say("rule-failed", &[("why", rhai_says(other).into())]),
    };
    let (mut file, mut pos, mut outer) = error_site(err);
    if pos.is_none() {
        // Nothing known inside: the last site on the way in.
        if let Some((f, p, _)) = outer.pop() {
            (file, pos) = (f, p);
        }
    }
    let Some(module) = file.and_then(|f| module_source(rule, &f)) else {
        // In the rule itself; an outer site in the rule is where it went
        // into a module that could not be shown.
        let pos = if pos.is_none() {
            outer.iter().rev().find(|(f, _, _)| f.is_none()).map_or(pos, |(_, p, _)| *p)
        } else {
            pos
        };
        return rule_error_in(&rule.source, id, what, pos, t).with_help(help);
    };
    // In a library module: at the module's own line, with the import or
    // call in the rule (and any module between) as related sites.
    let mut finding = rule_error_in(&module, id, what, pos, t).with_help(help);
    for (file, pos, how) in outer {
        let source = match file {
            None => rule.source.clone(),
            Some(path) => match module_source(rule, &path) {
                Some(source) => source,
                None => continue,
            },
        };
        let how = t.text(how, &[]);
        finding = finding.with_related(how, Site::new(source.clone(), position_span(&source, pos), None));
    }
    finding
}

/// Where an error happened: the library module file (`None`: the rule
/// itself) and the position in it, and the sites it was reached through,
/// outermost first (`imported here`, `called here`).
type ErrorSite = (Option<PathBuf>, Position, Vec<(Option<PathBuf>, Position, &'static str)>);

fn error_site(err: &EvalAltResult) -> ErrorSite {
    let mut file: Option<PathBuf> = None;
    let mut outer = Vec::new();
    let mut current = err;
    loop {
        match current {
            EvalAltResult::ErrorInModule(name, inner, pos) => {
                if !pos.is_none() {
                    outer.push((file.clone(), *pos, "rule-imported-here"));
                }
                file = Some(PathBuf::from(format!("{name}.rhai")));
                current = inner;
            }
            EvalAltResult::ErrorInFunctionCall(_, source, inner, pos) => {
                // Functions of a library module carry its file as source;
                // the rule's own have none.
                let defined_in = if source.is_empty() { file.clone() } else { Some(PathBuf::from(source)) };
                if defined_in != file && !pos.is_none() {
                    outer.push((file.clone(), *pos, "rule-called-here"));
                } else if innermost(inner).position().is_none() && !pos.is_none() {
                    // A bound broken inside: the call is the last place known.
                    return (file, *pos, outer);
                }
                file = defined_in;
                current = inner;
            }
            other => return (file, other.position(), outer),
        }
    }
}

/// The `import "name"` of `module` in the rule, if the rule imports it
/// directly.
fn import_site(rule: &CompiledRule, module: &SourceFile) -> Option<Site> {
    let stem = Path::new(&module.name).file_stem()?.to_string_lossy().into_owned();
    let needle = format!("\"{stem}\"");
    let at = rule
        .source
        .text
        .match_indices("import")
        .find_map(|(i, _)| {
            let rest = &rule.source.text[i..];
            let line_end = rest.find('\n').unwrap_or(rest.len());
            rest[..line_end].find(&needle).map(|j| i + j)
        })?;
    Some(Site::new(rule.source.clone(), Span::new(at, at + needle.len()), None))
}

/// The source of library module `file` of the rule's `lib/` folder (an
/// import name, or the module's full path), read for the snippet.
fn module_source(rule: &CompiledRule, file: &Path) -> Option<Arc<SourceFile>> {
    let lib = rule.source.path.parent()?.join("lib");
    let path = if file.is_absolute() { file.to_path_buf() } else { lib.join(file) };
    let lib = std::fs::canonicalize(&lib).ok()?;
    let canonical = std::fs::canonicalize(&path).ok()?;
    if !canonical.starts_with(&lib) || !canonical.is_file() {
        return None;
    }
    let text = std::fs::read_to_string(&canonical).ok()?;
    let relative = canonical.strip_prefix(&lib).ok()?;
    let rules_name = rule.source.name.rsplit_once('/').map_or("", |(dir, _)| dir);
    let name = if rules_name.is_empty() {
        format!("lib/{}", text::display(relative))
    } else {
        format!("{rules_name}/lib/{}", text::display(relative))
    };
    Some(Arc::new(SourceFile::new(name, canonical, text)))
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
