//! Checks as data: `rules/<name>.checks.ron` holds one-line checks that
//! staff write without programming, each a condition on every record of
//! a kind:
//!
//! ```text
//! Checks([
//!     (
//!         id: "leqing-rank-target",
//!         severity: "error",
//!         title: "乐清市的位次目标在前 6 名以内",
//!         kind: "Evaluation",
//!         each: "rows",
//!         when: "region == \"乐清市\"",
//!         check: "target_rank <= 6",
//!         at: "target_rank",
//!         message: "乐清市 2018–2019 年位次目标 {target_rank} 不在前 6 名以内",
//!         help: "核对位次目标是否抄错",
//!     ),
//! ])
//! ```
//!
//! Each check is read against the kind's schema (every name it uses must
//! be a field there, or it is a located `config-error` with a
//! did-you-mean) and becomes a generated Rhai rule: it runs in the same
//! sandbox and bounds as a `.rhai` rule, through the same cache, report,
//! suppressions, baseline and fixtures. What goes wrong at run time is
//! reported in the `.checks.ron` file ([`crate::runtime::CheckMap`]).
//! The form is in `docs/checks.md`.

use std::path::Path;
use std::sync::Arc;

use rhai::{Dynamic, Engine as Rhai, ParseErrorType, Scope};

use crate::load;
use crate::report::{Builtin, Finding, Severity, Site, SourceFile, CONFIG_ERROR};
use crate::runtime::{
    self, char_span, CheckMap, CompiledRule, MappedExpr, NOT_BOOL_MARK, PLAN_ITEM, PLAN_PART, PLAN_SECTION,
};
use crate::schema::{Schema, Schemas, Type};
use crate::span::{Document, NodeId, NodeKind, Span};
use crate::text;
use tally_i18n::{Arg as MessageArg, Catalogue};

/// What a file of checks is called: `<name>.checks.ron`.
pub const SUFFIX: &str = ".checks.ron";

/// The fields of one check, in the order they are written.
pub const CHECK_FIELDS: &[&str] = &[
    "id", "severity", "title", "kind", "each", "when", "check", "at", "message", "help", "label", "related",
    "data", "explain",
];

/// At most this many unknown names are reported per expression (a
/// pasted paragraph is not worth a thousand findings).
const MAX_NAME_ERRORS: usize = 16;

/// Whether `path` is a file of checks.
pub fn is_checks_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(SUFFIX) && n.len() > SUFFIX.len())
}

/// A `config-error` at `span` of the checks file, for check `id` if known.
fn error(source: &Arc<SourceFile>, span: Span, id: Option<&str>, message: impl Into<String>) -> Finding {
    let mut finding =
        Finding::new(CONFIG_ERROR, Severity::Error, message).at(Site::new(source.clone(), span, None));
    if let Some(id) = id {
        finding.data.insert("rule".into(), id.into());
    }
    finding
}

/// A `config-error` of the whole checks file with the catalogue's message
/// `key` and its `.help`.
fn said(source: &Arc<SourceFile>, span: Span, t: &Catalogue, key: &str, args: &[(&str, MessageArg<'_>)]) -> Finding {
    let mut finding = error(source, span, None, t.text(key, args));
    finding.help = t.attr(key, "help", args);
    finding
}

/// Reads a checks file and compiles each check into a rule, or the
/// `config-error`s that say why it cannot run (one check's mistakes do
/// not stop the others).
pub fn compile_checks(
    compiler: &Rhai,
    strict: &Rhai,
    path: &Path,
    name: String,
    text: String,
    schemas: &Schemas,
    t: &Catalogue,
) -> Vec<Result<CompiledRule, Box<Finding>>> {
    let source = Arc::new(SourceFile::new(name, path, text));
    let doc = match load::parse(&source.text) {
        Ok(doc) => doc,
        Err(err) => {
            return vec![Err(Box::new(
                said(&source, err.span, t, "checks-not-ron", &[("message", err.message.as_str().into())]),
            ))]
        }
    };
    let root = doc.root();
    let list = match doc.kind(root) {
        Some(NodeKind::Tuple { name, items }) if items.len() == 1 => {
            if let Some(name) = name.filter(|n| *n != "Checks") {
                let guess = text::suggest(name, ["Checks"].into_iter());
                return vec![Err(Box::new(
                    error(&source, doc.span(root).unwrap_or_default(), None, t.text("checks-not-checks", &[("name", name.into())]))
                        .with_help(text::did_you_mean_in(t, guess, &t.attr("checks-not-checks", "help", &[]).unwrap_or_default())),
                ))];
            }
            items[0]
        }
        Some(NodeKind::List(_)) => root,
        _ => {
            return vec![Err(Box::new(
                said(&source, doc.span(root).unwrap_or_default(), t, "checks-not-a-list", &[]),
            ))]
        }
    };
    let Some(NodeKind::List(items)) = doc.kind(list) else {
        return vec![Err(Box::new(
            said(&source, doc.span(list).unwrap_or_default(), t, "checks-list", &[]),
        ))];
    };
    let mut out = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for &item in items.iter() {
        let mut reader = Reader {
            source: &source,
            doc: &doc,
            id: None,
            errors: Vec::new(),
            t,
        };
        let rule = reader.check(item, compiler, strict, schemas, &seen);
        if let Some(id) = &reader.id {
            seen.push(id.clone());
        }
        match rule {
            Some(rule) if reader.errors.is_empty() => out.push(Ok(rule)),
            _ => {
                if reader.errors.is_empty() {
                    reader.errors.push(error(&source, doc.span(item).unwrap_or_default(), reader.id.as_deref(), t.text("checks-unusable", &[])));
                }
                out.extend(reader.errors.into_iter().map(|f| Err(Box::new(f))));
            }
        }
    }
    out
}

/// The text of a field, with the span of its literal.
struct Text {
    text: String,
    span: Span,
}

struct Reader<'a> {
    source: &'a Arc<SourceFile>,
    doc: &'a Document,
    id: Option<String>,
    errors: Vec<Finding>,
    /// The interface language of the `config-error`s.
    t: &'a Catalogue,
}

/// How `each` walks from a table to the records a check is about.
#[derive(Debug, Clone)]
enum Op {
    Field(String),
    List,
    Map,
}

/// The path of `each`, walked through the schema.
struct Walk {
    ops: Vec<Op>,
    /// The record the last field step is in (`parent`).
    parent: Option<usize>,
    /// What each checked element is.
    element: Type,
}

/// What names an expression may use, and their types.
struct Names<'s> {
    schema: &'s Schema,
    vars: Vec<(String, Type)>,
}

impl Names<'_> {
    fn get(&self, name: &str) -> Option<&Type> {
        self.vars.iter().find(|(n, _)| n == name).map(|(_, t)| t)
    }

    fn names(&self) -> impl Iterator<Item = &str> {
        self.vars.iter().map(|(n, _)| n.as_str())
    }
}

impl Reader<'_> {
    fn span(&self, id: NodeId) -> Span {
        self.doc.span(id).unwrap_or_default()
    }

    fn fail(&mut self, span: Span, message: impl Into<String>, help: impl Into<String>) {
        let finding = error(self.source, span, self.id.as_deref(), message).with_help(help);
        self.errors.push(finding);
    }

    /// [`Reader::fail`] with the catalogue's message `key` and its `.help`.
    fn fail_said(&mut self, span: Span, key: &str, args: &[(&str, MessageArg<'_>)]) {
        let help = self.t.attr(key, "help", args).unwrap_or_default();
        self.fail(span, self.t.text(key, args), help);
    }

    fn text(&mut self, id: NodeId, what: &str) -> Option<Text> {
        let id = self.doc.unwrap_some(id);
        match self.doc.kind(id) {
            Some(NodeKind::Str(s)) => Some(Text {
                text: s.to_string(),
                span: self.span(id),
            }),
            _ => {
                self.fail_said(self.span(id), "checks-text", &[("what", what.into())]);
                None
            }
        }
    }

    #[allow(clippy::too_many_lines)]
    fn check(
        &mut self,
        item: NodeId,
        compiler: &Rhai,
        strict: &Rhai,
        schemas: &Schemas,
        seen: &[String],
    ) -> Option<CompiledRule> {
        let item_span = self.span(item);
        let Some(NodeKind::Struct { fields, .. }) = self.doc.kind(item) else {
            let fields = text::join_in(self.t, CHECK_FIELDS);
            self.fail_said(item_span, "checks-parens", &[("fields", fields.into())]);
            return None;
        };
        let mut values: Vec<(String, NodeId, Span)> = Vec::new();
        for field in fields.iter() {
            if !CHECK_FIELDS.contains(&&*field.name) {
                let guess = text::suggest(&field.name, CHECK_FIELDS.iter().copied());
                let args = [("field", (&*field.name).into()), ("fields", text::join_in(self.t, CHECK_FIELDS).into())];
                let message = self.t.text("checks-not-a-field", &args);
                let help = text::did_you_mean_in(self.t, guess, &self.t.attr("checks-not-a-field", "help", &args).unwrap_or_default());
                self.errors.push(error(self.source, field.name_span(), None, message).with_help(help));
                continue;
            }
            values.push((field.name.to_string(), field.value, field.name_span()));
        }
        let get = |name: &str| values.iter().find(|(n, _, _)| n == name).map(|(_, v, _)| *v);
        // The id first, so that every later error names its check.
        let id = match get("id") {
            Some(node) => self.text(node, "id")?,
            None => {
                self.fail_said(item_span, "checks-no-id", &[]);
                return None;
            }
        };
        if !text::is_kebab_case(&id.text) {
            self.fail_said(id.span, "checks-id-not-kebab", &[("id", id.text.as_str().into())]);
            return None;
        }
        if Builtin::from_id(&id.text).is_some() {
            self.fail_said(id.span, "checks-id-reserved", &[("id", id.text.as_str().into())]);
            return None;
        }
        self.id = Some(id.text.clone());
        // The errors so far were about fields of this check.
        for finding in &mut self.errors {
            finding.data.insert("rule".into(), id.text.clone().into());
        }
        if seen.contains(&id.text) {
            self.fail_said(id.span, "checks-id-twice", &[("id", id.text.as_str().into())]);
        }
        let required = |reader: &mut Self, name: &str, hint: &str| -> Option<Text> {
            match get(name) {
                Some(node) => reader.text(node, name),
                None => {
                    let hint = reader.t.text(hint, &[]);
                    let args = [("id", id.text.as_str().into()), ("name", name.into()), ("hint", hint.into())];
                    let (message, help) = (reader.t.text("checks-missing", &args), reader.t.text("checks-missing-help", &args));
                    reader.fail(id.span, message, help);
                    None
                }
            }
        };
        let severity = required(self, "severity", "checks-hint-severity");
        let title = required(self, "title", "checks-hint-title");
        let kind = required(self, "kind", "checks-hint-kind");
        let check = required(self, "check", "checks-hint-check");
        let message = required(self, "message", "checks-hint-message");
        let optional = |reader: &mut Self, name: &str| get(name).and_then(|node| reader.text(node, name));
        let each = optional(self, "each");
        let when = optional(self, "when");
        let at = optional(self, "at");
        let help = optional(self, "help");
        let label = optional(self, "label");
        let explain = optional(self, "explain");
        let severity = severity.and_then(|s| match Severity::parse(&s.text) {
            Some(sev) => Some(sev),
            None => {
                let guess = text::suggest(&s.text, ["error", "warning", "info"].into_iter());
                let args = [("value", s.text.as_str().into())];
                let help = text::did_you_mean_in(self.t, guess, &self.t.attr("checks-severity", "help", &args).unwrap_or_default());
                self.fail(s.span, self.t.text("checks-severity", &args), help);
                None
            }
        });
        let (Some(severity), Some(title), Some(kind), Some(check), Some(message)) = (severity, title, kind, check, message) else {
            return None;
        };
        let Some(schema) = schemas.get(&kind.text) else {
            if schemas.broken_kinds.contains(&kind.text) {
                self.fail_said(kind.span, "checks-broken-schema", &[("kind", kind.text.as_str().into()), ("id", id.text.as_str().into())]);
            } else {
                let guess = text::suggest(&kind.text, schemas.kind_names());
                let names: Vec<&str> = schemas.kind_names().collect();
                let otherwise = if names.is_empty() {
                    self.t.text("checks-no-schemas", &[("folder", schemas.shown.as_str().into())])
                } else {
                    self.t.text("checks-kinds-are", &[("kinds", text::join_in(self.t, &names).into())])
                };
                let help = text::did_you_mean_in(self.t, guess, &otherwise);
                self.fail(kind.span, self.t.text("checks-no-schema", &[("kind", kind.text.as_str().into())]), help);
            }
            return None;
        };
        let walk = self.walk(schema, each.as_ref())?;
        let names = scope_names(schema, &walk);
        // Each expression: parsed alone, every name looked up in the schema.
        let when_ok = when.as_ref().is_none_or(|w| self.expression(strict, &names, "when", &w.text, w.span, 0));
        let check_ok = self.expression(strict, &names, "check", &check.text, check.span, 0);
        let message_parts = self.template(strict, &names, "message", &message);
        let help_parts = help.as_ref().map(|h| self.template(strict, &names, "help", h));
        let at_code = at.as_ref().and_then(|a| self.at(&names, a, "at"));
        let label_parts = label.as_ref().map(|l| self.template(strict, &names, "label", l));
        let related = get("related").map(|node| self.related(strict, &names, node));
        let data = get("data").map(|node| self.data(strict, &names, node));
        if !when_ok
            || !check_ok
            || message_parts.is_none()
            || help_parts.as_ref().is_some_and(Option::is_none)
            || label_parts.as_ref().is_some_and(Option::is_none)
            || related.as_ref().is_some_and(Option::is_none)
            || data.as_ref().is_some_and(Option::is_none)
            || (at.is_some() && at_code.is_none())
        {
            return None;
        }
        let label_parts = label_parts.flatten();
        let related = related.flatten().unwrap_or_default();
        let data = data.flatten().unwrap_or_default();
        let (Some(message_parts), help_parts) = (message_parts, help_parts.flatten()) else {
            return None;
        };
        let generated = generate(&Generate {
            id: &id.text,
            severity,
            title: &title.text,
            kind: &kind.text,
            each: each.as_ref().map_or("", |e| e.text.as_str()),
            walk: &walk,
            schema,
            when: when.as_ref(),
            check: &check,
            at: at_code.as_ref(),
            message: &message_parts,
            help: help_parts.as_deref(),
            label: label_parts.as_deref(),
            related: &related,
            data: &data,
            explain: explain.as_ref().map(|e| e.text.as_str()),
        });
        let compiled = runtime::compile_rule_in(compiler, &self.source.path, self.source.name.clone(), generated.text, self.t);
        let mut rule = match compiled {
            Ok(rule) => rule,
            Err(finding) => {
                // Everything was checked above; say so plainly if not.
                self.fail_said(id.span, "checks-not-compiled", &[("id", id.text.as_str().into()), ("why", finding.message.as_str().into())]);
                return None;
            }
        };
        // The walk reads one table of the kind at a time.
        rule.each_table = vec![kind.text.clone()];
        rule.check_map = Some(Arc::new(CheckMap {
            file: self.source.clone(),
            entry: id.span,
            exprs: generated.exprs,
            when: when.as_ref().map(|w| w.span),
            check: check.span,
        }));
        Some(rule)
    }

    /// Walks `each` through the schema: every step a field of the record
    /// reached so far, lists and maps walked through.
    fn walk(&mut self, schema: &Schema, each: Option<&Text>) -> Option<Walk> {
        let mut walk = Walk {
            ops: Vec::new(),
            parent: None,
            element: Type::Record(0),
        };
        let Some(each) = each else { return Some(walk) };
        let path = each.text.trim();
        if path.is_empty() {
            return Some(walk);
        }
        let mut offset = each.text.find(path).unwrap_or(0);
        let mut walked = String::new();
        for step in path.split('.') {
            let at = char_offset(&each.text, offset);
            let step_span = span_of_chars(&self.source.text, each.span, at, step.chars().count());
            let step_trim = step.trim();
            let Type::Record(r) = walk.element.strip_none().0.clone() else {
                let what = if walked.is_empty() { schema.kind.clone() } else { format!("`{walked}`") };
                let args = [
                    ("step", step_trim.into()),
                    ("what", what.into()),
                    ("type", walk.element.describe_in(&schema.record_names(), self.t).into()),
                    ("walked", walked.as_str().into()),
                ];
                self.fail_said(step_span, "checks-each-no-fields", &args);
                return None;
            };
            let record = &schema.records[r];
            let Some(field) = record.field(step_trim) else {
                let guess = text::suggest(step_trim, record.field_names());
                let fields: Vec<&str> = record.field_names().collect();
                let args = [
                    ("step", step_trim.into()),
                    ("record", record.name.as_str().into()),
                    ("kind", schema.kind.as_str().into()),
                    ("fields", text::join_in(self.t, &fields).into()),
                    ("schema", schema.source.name.as_str().into()),
                ];
                let help = text::did_you_mean_in(self.t, guess, &self.t.text("checks-fields-are", &args));
                self.fail(step_span, self.t.text("checks-each-not-a-field", &args), help);
                return None;
            };
            walk.parent = Some(r);
            walk.ops.push(Op::Field(step_trim.to_owned()));
            let mut ty = field.ty.clone();
            loop {
                match ty.strip_none().0.clone() {
                    Type::List(item) => {
                        walk.ops.push(Op::List);
                        ty = *item;
                    }
                    Type::Map(_, value) => {
                        walk.ops.push(Op::Map);
                        ty = *value;
                    }
                    _ => break,
                }
            }
            walk.element = ty;
            if !walked.is_empty() {
                walked.push('.');
            }
            walked.push_str(step_trim);
            offset += step.len() + 1;
        }
        Some(walk)
    }

    /// Parses an expression with only the record's names defined, and
    /// looks up every `a.b` in the schema. `shift` is the character
    /// offset of the expression in the literal (a `{…}` of a message).
    fn expression(&mut self, strict: &Rhai, names: &Names<'_>, what: &str, expr: &str, literal: Span, shift: usize) -> bool {
        let id = self.id.clone().unwrap_or_default();
        if expr.trim().is_empty() {
            self.fail_said(literal, "checks-empty", &[("what", what.into()), ("id", id.as_str().into())]);
            return false;
        }
        let mut scope = Scope::new();
        for name in names.names() {
            scope.push_dynamic(name.to_owned(), Dynamic::UNIT);
        }
        // Each undefined name is reported, then defined and the parse
        // retried, so that one run shows every misspelling, not the first.
        let mut ok = true;
        for _ in 0..MAX_NAME_ERRORS {
            let Err(err) = strict.compile_expression_with_scope(&scope, expr) else { break };
            let pos = err.position();
            let at = position_offset(expr, pos.line().unwrap_or(1), pos.position().unwrap_or(1));
            if let ParseErrorType::VariableUndefined(name) = err.err_type() {
                let span = span_of_chars(&self.source.text, literal, shift + at, name.chars().count());
                let guess = text::suggest(name, names.names());
                let fields: Vec<&str> = names.names().collect();
                let args = [
                    ("name", name.as_str().into()),
                    ("what", what.into()),
                    ("id", id.as_str().into()),
                    ("kind", names.schema.kind.as_str().into()),
                    ("names", text::join_in(self.t, &fields).into()),
                    ("schema", names.schema.source.name.as_str().into()),
                ];
                let help = text::did_you_mean_in(self.t, guess, &self.t.text("checks-names-are", &args));
                self.fail(span, self.t.text("checks-unknown-name", &args), help);
                scope.push_dynamic(name.clone(), Dynamic::UNIT);
                ok = false;
                continue;
            }
            let why = match self.t.lang() {
                tally_i18n::Lang::En => lower_first(&err.err_type().to_string()),
                _ => runtime::parse_error_in(err.err_type(), self.t),
            };
            let args = [
                ("what", what.into()),
                ("id", id.as_str().into()),
                ("column", pos.position().unwrap_or(1).to_string().into()),
                ("why", why.into()),
            ];
            self.fail_said(char_span(&self.source.text, literal, shift + at), "checks-does-not-parse", &args);
            return false;
        }
        // Fields of records: `parent.unit`, `total.rank`.
        for (chain, start) in chains(expr) {
            let Some(mut ty) = names.get(&chain[0].0).cloned() else { continue };
            for (field, offset, call) in &chain[1..] {
                if *call {
                    break;
                }
                let Type::Record(r) = ty.strip_none().0.clone() else { break };
                let record = &names.schema.records[r];
                match record.field(field) {
                    Some(spec) => ty = spec.ty.clone(),
                    None => {
                        let guess = text::suggest(field, record.field_names());
                        let fields: Vec<&str> = record.field_names().collect();
                        let span = span_of_chars(&self.source.text, literal, shift + start + offset, field.chars().count());
                        let args = [
                            ("field", field.into()),
                            ("what", what.into()),
                            ("id", id.as_str().into()),
                            ("record", record.name.as_str().into()),
                            ("kind", names.schema.kind.as_str().into()),
                            ("fields", text::join_in(self.t, &fields).into()),
                            ("schema", names.schema.source.name.as_str().into()),
                        ];
                        let help = text::did_you_mean_in(self.t, guess, &self.t.text("checks-fields-are", &args));
                        self.fail(span, self.t.text("checks-unknown-field", &args), help);
                        ok = false;
                        break;
                    }
                }
            }
        }
        if ok {
            ok = self.mixed_comparisons(names, what, expr, literal, shift);
        }
        ok
    }

    /// Text compared with a figure (`region > 5`, `target_rank == "6"`)
    /// is always false in Rhai, and a `when` that is always false hides
    /// every finding: each such comparison is a located `config-error`.
    fn mixed_comparisons(&mut self, names: &Names<'_>, what: &str, expr: &str, literal: Span, shift: usize) -> bool {
        let id = self.id.clone().unwrap_or_default();
        let tokens = operands(names, expr);
        let mut ok = true;
        for window in tokens.windows(3) {
            let [Tok::Operand(a), Tok::Compare(op), Tok::Operand(b)] = window else { continue };
            let (Some(left), Some(right)) = (a.class, b.class) else { continue };
            if left == right {
                continue;
            }
            // Point at the side that is a name of the record, if one is.
            let (named, other) = if a.name { (a, b) } else { (b, a) };
            let span = span_of_chars(&self.source.text, literal, shift + named.start, named.len);
            let shown = |o: &Operand| expr.chars().skip(o.start).take(o.len).collect::<String>();
            let word = |c: Option<Class>| self.t.text(c.map_or("checks-class-none", Class::key), &[]);
            let args = [
                ("what", what.into()),
                ("id", id.as_str().into()),
                ("left", word(named.class).into()),
                ("left_text", shown(named).into()),
                ("right", word(other.class).into()),
                ("right_text", shown(other).into()),
                ("op", (*op).into()),
                ("always", if *op == "!=" { "true" } else { "false" }.into()),
            ];
            let help = match (named.class, other.class) {
                (Some(Class::Text), _) | (_, Some(Class::Text)) => "checks-mixed-help-text",
                _ => "checks-mixed-help-truth",
            };
            let help = self.t.text(help, &[]);
            self.fail(span, self.t.text("checks-mixed", &args), help);
            ok = false;
        }
        ok
    }

    /// A message or help: text with `{expression}`s, checked like `check`.
    fn template(&mut self, strict: &Rhai, names: &Names<'_>, what: &str, text: &Text) -> Option<Vec<Part>> {
        let id = self.id.clone().unwrap_or_default();
        let mut parts = Vec::new();
        let mut literal = String::new();
        let chars: Vec<char> = text.text.chars().collect();
        let mut i = 0;
        let mut ok = true;
        while i < chars.len() {
            match chars[i] {
                '{' if chars.get(i + 1) == Some(&'{') => {
                    literal.push('{');
                    i += 2;
                }
                '}' if chars.get(i + 1) == Some(&'}') => {
                    literal.push('}');
                    i += 2;
                }
                '{' => {
                    let Some(end) = chars[i + 1..].iter().position(|&c| c == '}') else {
                        let span = char_span(&self.source.text, text.span, i);
                        self.fail_said(span, "checks-unclosed", &[("what", what.into()), ("id", id.as_str().into())]);
                        return None;
                    };
                    let expr: String = chars[i + 1..i + 1 + end].iter().collect();
                    if !literal.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut literal)));
                    }
                    ok &= self.expression(strict, names, what, &expr, text.span, i + 1);
                    parts.push(Part::Expr(expr));
                    i += end + 2;
                }
                '}' => {
                    let span = char_span(&self.source.text, text.span, i);
                    self.fail_said(span, "checks-unopened", &[("what", what.into()), ("id", id.as_str().into())]);
                    return None;
                }
                c => {
                    literal.push(c);
                    i += 1;
                }
            }
        }
        if !literal.is_empty() {
            parts.push(Part::Text(literal));
        }
        ok.then_some(parts)
    }

    /// `at`: a name of the record (or `parent.…`, `key`, `value`), as the
    /// code that reads it.
    /// `what`: the field of the check it is written in (`at`, `related`).
    fn at(&mut self, names: &Names<'_>, at: &Text, what: &str) -> Option<At> {
        let id = self.id.clone().unwrap_or_default();
        let source = self.source.clone();
        let name_span = |name: &str| {
            let offset = at.text.find(name).unwrap_or(0);
            span_of_chars(&source.text, at.span, char_offset(&at.text, offset), name.chars().count())
        };
        let path: Vec<&str> = at.text.trim().split('.').map(str::trim).collect();
        let first = path[0];
        if path.len() == 1 && first == "key" && names.get("key").is_some() {
            return Some(At::Key);
        }
        let Some(mut ty) = names.get(first).cloned() else {
            let guess = text::suggest(first, names.names());
            let all: Vec<&str> = names.names().collect();
            let args = [
                ("id", id.as_str().into()),
                ("what", what.into()),
                ("name", first.into()),
                ("kind", names.schema.kind.as_str().into()),
                ("names", text::join_in(self.t, &all).into()),
            ];
            let help = text::did_you_mean_in(self.t, guess, &self.t.attr("checks-at-unknown", "help", &args).unwrap_or_default());
            self.fail(name_span(first), self.t.text("checks-at-unknown", &args), help);
            return None;
        };
        for field in &path[1..] {
            let record = match ty.strip_none().0 {
                Type::Record(r) => &names.schema.records[*r],
                other => {
                    let args = [
                        ("id", id.as_str().into()),
                ("what", what.into()),
                        ("name", first.into()),
                        ("type", other.describe_in(&names.schema.record_names(), self.t).into()),
                        ("field", (*field).into()),
                    ];
                    self.fail_said(name_span(field), "checks-at-no-fields", &args);
                    return None;
                }
            };
            let Some(spec) = record.field(field) else {
                let guess = text::suggest(field, record.field_names());
                let fields: Vec<&str> = record.field_names().collect();
                let args = [
                    ("id", id.as_str().into()),
                ("what", what.into()),
                    ("field", (*field).into()),
                    ("record", record.name.as_str().into()),
                    ("fields", text::join_in(self.t, &fields).into()),
                ];
                let help = text::did_you_mean_in(self.t, guess, &self.t.attr("checks-at-not-a-field", "help", &args).unwrap_or_default());
                self.fail(name_span(field), self.t.text("checks-at-not-a-field", &args), help);
                return None;
            };
            ty = spec.ty.clone();
        }
        Some(At::Path(path.iter().map(|s| (*s).to_owned()).collect()))
    }
}

impl Reader<'_> {
    /// `related: [("field", "message"), …]`: more places a finding shows.
    fn related(&mut self, strict: &Rhai, names: &Names<'_>, node: NodeId) -> Option<Vec<(At, Vec<Part>)>> {
        let id = self.id.clone().unwrap_or_default();
        let Some(NodeKind::List(items)) = self.doc.kind(node) else {
            self.fail_said(self.span(node), "checks-related-list", &[("id", id.as_str().into())]);
            return None;
        };
        let mut out = Vec::new();
        for &item in items.iter() {
            let pair = match self.doc.kind(item) {
                Some(NodeKind::Tuple { name: None, items }) if items.len() == 2 => (items[0], items[1]),
                _ => {
                    self.fail_said(self.span(item), "checks-related-entry", &[("id", id.as_str().into())]);
                    return None;
                }
            };
            let at = self.text(pair.0, "related")?;
            let message = self.text(pair.1, "related")?;
            let place = self.at(names, &at, "related")?;
            if matches!(place, At::Key) {
                self.fail_said(at.span, "checks-related-key", &[("id", id.as_str().into())]);
                return None;
            }
            let parts = self.template(strict, names, "related", &message)?;
            out.push((place, parts));
        }
        Some(out)
    }

    /// `data: {"name": "expression", …}`: the figures a finding carries
    /// (JSON `data`, baselines).
    fn data(&mut self, strict: &Rhai, names: &Names<'_>, node: NodeId) -> Option<Vec<(String, String)>> {
        let id = self.id.clone().unwrap_or_default();
        let Some(NodeKind::Map(entries)) = self.doc.kind(node) else {
            self.fail_said(self.span(node), "checks-data-map", &[("id", id.as_str().into())]);
            return None;
        };
        let mut out = Vec::new();
        for &(key, value) in entries.iter() {
            let name = self.text(key, "data")?;
            let expr = self.text(value, "data")?;
            if !self.expression(strict, names, "data", &expr.text, expr.span, 0) {
                return None;
            }
            out.push((name.text, expr.text));
        }
        Some(out)
    }
}

/// A part of a message: text, or an expression printed as `figure()` prints.
enum Part {
    Text(String),
    Expr(String),
}

/// Where a finding points.
enum At {
    /// The map key of the element.
    Key,
    /// A name of the record, then fields.
    Path(Vec<String>),
}

/// The names an expression may use: the element's fields (if it is a
/// record), `value` (the element), `key` (its map key or list index),
/// `parent` (the record one level up).
fn scope_names<'s>(schema: &'s Schema, walk: &Walk) -> Names<'s> {
    let mut vars = Vec::new();
    if let Type::Record(r) = walk.element.strip_none().0 {
        for field in &schema.records[*r].fields {
            if is_identifier(&field.name) {
                vars.push((field.name.clone(), field.ty.clone()));
            }
        }
    }
    if let Some(p) = walk.parent.filter(|_| !vars.iter().any(|(n, _)| n == "parent")) {
        vars.push(("parent".to_owned(), Type::Record(p)));
    }
    if !vars.iter().any(|(n, _)| n == "key") {
        vars.push(("key".to_owned(), Type::Text));
    }
    if !vars.iter().any(|(n, _)| n == "value") {
        vars.push(("value".to_owned(), walk.element.clone()));
    }
    Names { schema, vars }
}

/// A name that Rhai can take as a variable.
fn is_identifier(name: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "let", "const", "if", "else", "switch", "do", "while", "until", "loop", "for", "in", "continue", "break",
        "return", "throw", "try", "catch", "fn", "private", "import", "export", "as", "true", "false", "this",
        "global", "is", "is_shared", "type_of", "print", "debug", "eval", "Fn", "call", "curry",
    ];
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
        && !KEYWORDS.contains(&name)
}

/// One name of a chain: the name, its character offset in the chain, and
/// whether it is called.
type Link = (String, usize, bool);

/// The identifier chains of an expression (`parent.unit`, `total.rank`),
/// outside strings: each name with its character offset and whether it is
/// called (`x.len()`), and the chain's start.
fn chains(expr: &str) -> Vec<(Vec<Link>, usize)> {
    let chars: Vec<char> = expr.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '"' || c == '`' || c == '\'' {
            i += 1;
            while i < chars.len() && chars[i] != c {
                if chars[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            continue;
        }
        if (c.is_alphabetic() || c == '_') && (i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_' || chars[i - 1] == '.')) {
            let start = i;
            let mut chain = Vec::new();
            loop {
                let s = i;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                let name: String = chars[s..i].iter().collect();
                let call = chars.get(i) == Some(&'(');
                chain.push((name, s - start, call));
                if chars.get(i) == Some(&'.') && chars.get(i + 1).is_some_and(|c| c.is_alphabetic() || *c == '_') {
                    i += 1;
                } else {
                    break;
                }
            }
            out.push((chain, start));
            continue;
        }
        i += 1;
    }
    out
}

/// What a value is, for comparisons: comparing two classes that differ
/// is always false in Rhai.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Text,
    Figure,
    Truth,
}

impl Class {
    fn of(ty: &Type) -> Option<Class> {
        match ty.strip_none().0 {
            Type::Text => Some(Class::Text),
            Type::Integer | Type::Number => Some(Class::Figure),
            Type::Boolean => Some(Class::Truth),
            _ => None,
        }
    }

    /// Its word in the catalogue (`text`, `the figure`, `the truth`).
    fn key(self) -> &'static str {
        match self {
            Class::Text => "checks-class-text",
            Class::Figure => "checks-class-figure",
            Class::Truth => "checks-class-truth",
        }
    }
}

/// A literal or a name of an expression, its characters and class.
struct Operand {
    start: usize,
    len: usize,
    class: Option<Class>,
    /// A name of the record (not a literal).
    name: bool,
}

enum Tok {
    Operand(Operand),
    Compare(&'static str),
    Other,
}

/// The operands and comparisons of an expression, in order; anything
/// else (arithmetic, calls, brackets) is `Other`, so only a literal or
/// a name standing right beside a comparison is judged.
fn operands(names: &Names<'_>, expr: &str) -> Vec<Tok> {
    let chars: Vec<char> = expr.chars().collect();
    let chains = chains(expr);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c == '"' || c == '`' {
            let start = i;
            i += 1;
            while i < chars.len() && chars[i] != c {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i = (i + 1).min(chars.len());
            let class = if c == '`' && chars[start..i].contains(&'$') { None } else { Some(Class::Text) };
            out.push(Tok::Operand(Operand { start, len: i - start, class, name: false }));
            continue;
        }
        let negative = c == '-'
            && chars.get(i + 1).is_some_and(char::is_ascii_digit)
            && !matches!(out.last(), Some(Tok::Operand(_)));
        if c.is_ascii_digit() || negative {
            let start = i;
            i += 1;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '.' || chars[i] == '_') {
                i += 1;
            }
            out.push(Tok::Operand(Operand { start, len: i - start, class: Some(Class::Figure), name: false }));
            continue;
        }
        if let Some((chain, start)) = chains.iter().find(|(_, start)| *start == i) {
            let Some((last, offset, call)) = chain.last() else { break };
            i = start + offset + last.chars().count();
            let called = *call || chain.iter().any(|(_, _, call)| *call) || chars.get(i) == Some(&'[');
            let class = if called { None } else { chain_type(names, chain).and_then(|t| Class::of(&t)) };
            let class = match (chain.len(), chain[0].0.as_str()) {
                (1, "true" | "false") => Some(Class::Truth),
                _ => class,
            };
            let name = !matches!((chain.len(), chain[0].0.as_str()), (1, "true" | "false"));
            out.push(Tok::Operand(Operand { start: *start, len: i - start, class, name }));
            continue;
        }
        let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
        let op = ["==", "!=", "<=", ">="].into_iter().find(|op| *op == two).or_else(|| match c {
            '<' if two != "<<" => Some("<"),
            '>' if two != ">>" => Some(">"),
            _ => None,
        });
        match op {
            Some(op) => {
                i += op.len();
                out.push(Tok::Compare(op));
            }
            None => {
                i += 1;
                out.push(Tok::Other);
            }
        }
    }
    out
}

/// The declared type a chain of names (`parent.unit`) reads.
fn chain_type(names: &Names<'_>, chain: &[Link]) -> Option<Type> {
    let mut ty = names.get(&chain[0].0)?.clone();
    for (field, _, _) in &chain[1..] {
        let Type::Record(r) = ty.strip_none().0.clone() else { return None };
        ty = names.schema.records[r].field(field)?.ty.clone();
    }
    Some(ty)
}

/// The character offset (0-based) of a Rhai position in `text`.
fn position_offset(text: &str, line: usize, column: usize) -> usize {
    text.split('\n')
        .take(line.saturating_sub(1))
        .map(|l| l.chars().count() + 1)
        .sum::<usize>()
        + column.saturating_sub(1)
}

/// The character index of byte `offset` of `text`.
fn char_offset(text: &str, offset: usize) -> usize {
    text.get(..offset).map_or(0, |t| t.chars().count())
}

/// The span of `count` characters from character `at` of a literal's text.
fn span_of_chars(file: &str, literal: Span, at: usize, count: usize) -> Span {
    let first = char_span(file, literal, at);
    if count <= 1 {
        return first;
    }
    let last = char_span(file, literal, at + count - 1);
    Span::new(first.start, last.end.max(first.end))
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

/// A Rhai string literal of `text`.
fn rhai_str(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

struct Generate<'a> {
    id: &'a str,
    severity: Severity,
    title: &'a str,
    kind: &'a str,
    each: &'a str,
    walk: &'a Walk,
    schema: &'a Schema,
    when: Option<&'a Text>,
    check: &'a Text,
    at: Option<&'a At>,
    message: &'a [Part],
    help: Option<&'a [Part]>,
    label: Option<&'a [Part]>,
    related: &'a [(At, Vec<Part>)],
    data: &'a [(String, String)],
    explain: Option<&'a str>,
}

struct Generated {
    text: String,
    exprs: Vec<MappedExpr>,
}

/// Lines of a generated script, with where each expression is.
struct Script {
    lines: Vec<String>,
    exprs: Vec<MappedExpr>,
}

impl Script {
    fn line(&mut self, text: impl Into<String>) {
        let text = text.into();
        for l in text.split('\n') {
            self.lines.push(l.to_owned());
        }
    }

    /// `let name = (` expression `);`, the expression from column 1.
    fn expr(&mut self, name: &str, expr: &Text) {
        self.line(format!("let {name} = ("));
        let text = expr.text.replace('\r', " ");
        let line = self.lines.len() + 1;
        let count = text.split('\n').count();
        self.line(text.clone());
        self.line(");");
        self.exprs.push(MappedExpr {
            line,
            lines: count,
            text,
            literal: expr.span,
        });
    }
}

/// The explanation `tally explain` prints: the explain text, then the check.
fn explanation(g: &Generate<'_>) -> String {
    let mut text = String::new();
    if let Some(explain) = g.explain {
        text.push_str(explain.trim());
        text.push_str("\n\n## As a check\n");
    } else {
        text.push_str("## What it checks\n");
    }
    let each = if g.each.is_empty() { String::new() } else { format!(", each `{}`", g.each) };
    text.push_str(&format!("Tables of kind `{}`{each}:\n", g.kind));
    if let Some(when) = g.when {
        text.push_str(&format!("- when: `{}`\n", when.text));
    }
    text.push_str(&format!("- check: `{}`\n", g.check.text));
    if let Some(At::Path(p)) = g.at {
        text.push_str(&format!("- at: `{}`\n", p.join(".")));
    } else if let Some(At::Key) = g.at {
        text.push_str("- at: `key`\n");
    }
    text.push_str("\nA check written as data (a `.checks.ron` file): it reports every record where `when` holds and `check` does not.");
    text
}

fn generate(g: &Generate<'_>) -> Generated {
    let mut s = Script {
        lines: Vec::new(),
        exprs: Vec::new(),
    };
    for line in explanation(g).lines() {
        s.lines.push(format!("//! {line}").trim_end().to_owned());
    }
    s.line(format!("const ID = {};", rhai_str(g.id)));
    s.line(format!("const SEVERITY = {};", rhai_str(g.severity.as_str())));
    s.line(format!("const TITLE = {};", rhai_str(g.title)));
    s.line("fn check(data) {");
    // The walk is native (`check_walk__`): each record as `[parent, map,
    // key, element]`, the ones it is sure pass left out.
    let fields: Vec<&str> = match g.walk.element.strip_none().0 {
        Type::Record(r) => g.schema.records[*r]
            .fields
            .iter()
            .map(|f| f.name.as_str())
            .filter(|n| is_identifier(n))
            .collect(),
        _ => Vec::new(),
    };
    let ops: Vec<String> = g
        .walk
        .ops
        .iter()
        .map(|op| match op {
            Op::Field(name) => format!("F:{name}"),
            Op::List => "L".to_owned(),
            Op::Map => "M".to_owned(),
        })
        .collect();
    let item = PLAN_ITEM.to_string();
    let plan = [
        ops.join(&item),
        g.when.map_or(String::new(), |w| w.text.clone()),
        g.check.text.clone(),
        fields.join(&item),
        native_report(g),
    ]
    .join(&PLAN_SECTION.to_string());
    s.line(format!("for v__0 in tables({}) {{", rhai_str(g.kind)));
    s.line(format!("for c__ in check_walk__(v__0, {}) {{", rhai_str(&plan)));
    let closing = 2;
    let has_parent = g.walk.ops.iter().any(|op| matches!(op, Op::Field(_)));
    let in_map = matches!(g.walk.ops.last(), Some(Op::Map));
    s.line("let p__ = c__[0]; let m__ = c__[1]; let k__ = c__[2]; let e__ = c__[3];");
    // The names of the record.
    if has_parent {
        s.line("let parent = p__;");
    }
    s.line("let key = k__;");
    s.line("let value = e__;");
    for field in &fields {
        s.line(format!("let {field} = e__{};", field_access(field)));
    }
    // Where a finding points: the element (or its map entry), or `at`.
    let target_of = |path: &[String]| -> String {
        let first = path[0].as_str();
        let base = if fields.contains(&first) {
            format!("e__{}", field_access(first))
        } else {
            match first {
                "parent" if has_parent => "p__".to_owned(),
                "key" => "k__".to_owned(),
                _ => "e__".to_owned(),
            }
        };
        let rest: String = path[1..].iter().map(|f| field_access(f)).collect();
        format!("{base}{rest}")
    };
    let (report_fn, target) = match (g.at, in_map) {
        (Some(At::Key), true) => ("report_key", "m__, k__".to_owned()),
        (Some(At::Path(path)), _) => ("report", target_of(path)),
        (_, true) => ("report_key", "m__, k__".to_owned()),
        (_, false) => ("report", "e__".to_owned()),
    };
    let record_target = if in_map {
        ("report_key", "m__, k__".to_owned())
    } else {
        ("report", "e__".to_owned())
    };
    let not_bool = |which: &str, var: &str| {
        format!(
            "{}({}, {} + type_of({var}) + {} + {var}.to_string());",
            record_target.0,
            record_target.1,
            rhai_str(&format!("{NOT_BOOL_MARK}{which}{NOT_BOOL_MARK}")),
            rhai_str(&NOT_BOOL_MARK.to_string()),
        )
    };
    if let Some(when) = g.when {
        s.expr("when__", when);
        s.line(format!("if type_of(when__) != \"bool\" {{ {} }} else if when__ {{", not_bool("when", "when__")));
    } else {
        s.line("{");
    }
    s.expr("check__", g.check);
    let text_of = |parts: &[Part]| -> String {
        if parts.is_empty() {
            return "\"\"".to_owned();
        }
        parts
            .iter()
            .map(|p| match p {
                Part::Text(t) => rhai_str(t),
                Part::Expr(e) => format!("figure(\n{e}\n)"),
            })
            .collect::<Vec<_>>()
            .join(" + ")
    };
    let mut options = Vec::new();
    if let Some(help) = g.help {
        options.push(format!("help: {}", text_of(help)));
    }
    if let Some(label) = g.label {
        options.push(format!("label: {}", text_of(label)));
    }
    if !g.related.is_empty() {
        let pairs: Vec<String> = g
            .related
            .iter()
            .map(|(at, parts)| match at {
                At::Path(path) => format!("[{}, {}]", target_of(path), text_of(parts)),
                At::Key => format!("[e__, {}]", text_of(parts)),
            })
            .collect();
        options.push(format!("related: [{}]", pairs.join(", ")));
    }
    if !g.data.is_empty() {
        let entries: Vec<String> = g.data.iter().map(|(k, e)| format!("{}: (\n{e}\n)", rhai_str(k))).collect();
        options.push(format!("data: #{{ {} }}", entries.join(", ")));
    }
    let options = if options.is_empty() { String::new() } else { format!(", #{{ {} }}", options.join(", ")) };
    s.line(format!(
        "if type_of(check__) != \"bool\" {{ {} }} else if !check__ {{",
        not_bool("check", "check__")
    ));
    let message = text_of(g.message);
    if report_fn == "report" && matches!(g.at, Some(At::Path(_))) {
        // A field left out has no place: the record has (`path()` only
        // for `()`: it costs as much as the finding itself).
        s.line(format!(
            "if type_of({target}) == \"()\" && type_of(path({target})) == \"()\" {{ {}({}, \"\" + {message}{options}); }} else {{",
            record_target.0, record_target.1
        ));
        s.line(format!("{report_fn}({target}, \"\" + {message}{options});"));
        s.line("}");
    } else {
        s.line(format!("{report_fn}({target}, \"\" + {message}{options});"));
    }
    s.line("}");
    s.line("}");
    for _ in 0..closing {
        s.line("}");
    }
    s.line("}");
    Generated {
        text: s.lines.join("\n") + "\n",
        exprs: s.exprs,
    }
}

/// The plan's report section (`runtime::check_walk`): how the walk itself
/// reports a record it is sure fails, as the generated code below would.
/// Empty where only Rhai can (related sites, `data`).
fn native_report(g: &Generate<'_>) -> String {
    if !g.related.is_empty() || !g.data.is_empty() {
        return String::new();
    }
    let in_map = matches!(g.walk.ops.last(), Some(Op::Map));
    let (mode, at) = match (g.at, in_map) {
        (Some(At::Key) | None, true) => ("K", String::new()),
        (Some(At::Path(path)), _) => ("R", path.join(".")),
        (_, false) => ("R", String::new()),
    };
    // A separator typed into a message would cut the plan wrongly.
    let separators = [PLAN_SECTION, PLAN_ITEM, PLAN_PART];
    let typed = [Some(g.message), g.help, g.label].into_iter().flatten().flatten().any(|p| match p {
        Part::Text(t) | Part::Expr(t) => t.contains(separators),
    });
    if typed {
        return String::new();
    }
    let template = |parts: &[Part]| -> String {
        let parts: Vec<String> = parts
            .iter()
            .map(|p| match p {
                Part::Text(t) => format!("T{t}"),
                Part::Expr(e) => format!("E{e}"),
            })
            .collect();
        parts.join(&PLAN_PART.to_string())
    };
    let optional = |parts: Option<&[Part]>| parts.map_or_else(|| "-".to_owned(), |p| format!("+{}", template(p)));
    let section = [mode.to_owned(), at, template(g.message), optional(g.help), optional(g.label)];
    section.join(&PLAN_ITEM.to_string())
}

/// A field read in generated code: `.name`, or `["name"]` for a name that
/// is not an identifier.
fn field_access(name: &str) -> String {
    let mut chars = name.chars();
    let plain = chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_');
    if plain {
        format!(".{name}")
    } else {
        format!("[{}]", rhai_str(name))
    }
}
