//! The walk of a check written as data (`.checks.ron`), done natively:
//! `check_walk__(table, plan)` follows the check's `each` path through a
//! table and gives the records to look at, each as `[parent, map, key,
//! element]`.
//!
//! It also leaves out the records that the check surely passes: `when`
//! and `check` are read by a small evaluator that knows comparisons,
//! `&&`, `||`, `!`, `()` and `in [..]` over the record's figures and
//! texts, with Rhai's meaning. Whatever it is not sure of (a function
//! call, arithmetic, a value it cannot read) keeps the record, and the
//! generated rule evaluates `when` and `check` in Rhai for every record it
//! is given.
//!
//! Where the evaluator is sure a record fails (`when` true, `check` false)
//! and the check's message, help and label only name the record's values
//! (`{parent.name}：{key} 为 {value}%`), the finding is reported here, with
//! the text `figure()` would print, through the same `report()` path: a
//! check with thousands of findings then costs what a helper rule with
//! thousands of findings costs. Anything else (a related site, `data`, a
//! function in a message, a value it cannot read) goes to Rhai.
//! Over a national data set most records pass, and a check costs about
//! what a native table helper costs.

use std::borrow::Cow;
use std::sync::Arc;

use rhai::{Array, Dynamic, Engine, Map, NativeCallContext, Position};

use super::figures::{format_figure, Result};
use super::state::{RunSlot, RunState};
use super::value::{value, DataNode};
use super::view_file::ViewFile;
use crate::span::{Document, NodeId, NodeKind};

/// Separates the sections of a plan.
pub const PLAN_SECTION: char = '\u{2}';
/// Separates the items of a section.
pub const PLAN_ITEM: char = '\u{1}';
/// Separates the parts of a message template in a plan; each part starts
/// with `T` (text) or `E` (an expression).
pub const PLAN_PART: char = '\u{3}';

/// Registers `check_walk__`, which reports the findings it is sure of
/// into the run that `slot` serves.
pub fn register(engine: &mut Engine, slot: Arc<RunSlot>) {
    engine.register_fn(
        "check_walk__",
        move |ctx: NativeCallContext, table: Dynamic, plan: &str| -> Result<Array> {
            let pos = ctx.call_position();
            let state = slot.get(pos)?;
            walk(&table, plan, &state, pos)
        },
    );
}

#[derive(Debug, Clone)]
enum Op {
    Field(String),
    List,
    Map,
}

struct Plan {
    ops: Vec<Op>,
    when: Option<Expr>,
    check: Option<Expr>,
    fields: Vec<String>,
    report: Option<ReportPlan>,
}

/// How a finding the walk is sure of is reported.
struct ReportPlan {
    /// At the map key of the element (`report_key`), not at a value.
    at_key: bool,
    /// The path from the record to the value reported at (empty: the
    /// element itself).
    at: Vec<String>,
    message: Vec<Piece>,
    help: Option<Vec<Piece>>,
    label: Option<Vec<Piece>>,
}

/// A part of a message: text, or a name whose value is printed.
enum Piece {
    Text(String),
    Name(Vec<String>),
}

/// A template of a plan, `None` when a part is not a plain name.
fn read_template(text: &str) -> Option<Vec<Piece>> {
    text.split(PLAN_PART)
        .filter(|p| !p.is_empty())
        .map(|p| {
            if let Some(t) = p.strip_prefix('T') {
                return Some(Piece::Text(t.to_owned()));
            }
            match parse(p.strip_prefix('E')?)? {
                Expr::Name(path) => Some(Piece::Name(path)),
                _ => None,
            }
        })
        .collect()
}

/// The report section of a plan: `K` or `R`, the `at` path, then the
/// message, help and label templates (`-` for none).
fn read_report(section: &str) -> Option<ReportPlan> {
    let items: Vec<&str> = section.split(PLAN_ITEM).collect();
    let [mode, at, message, help, label] = items.as_slice() else { return None };
    let optional = |t: &str| -> Option<Option<Vec<Piece>>> {
        match t.strip_prefix('+') {
            Some(t) => read_template(t).map(Some),
            None => Some(None),
        }
    };
    Some(ReportPlan {
        at_key: *mode == "K",
        at: at.split('.').filter(|s| !s.is_empty()).map(str::to_owned).collect(),
        message: read_template(message)?,
        help: optional(help)?,
        label: optional(label)?,
    })
}

fn read_plan(plan: &str) -> Plan {
    let mut sections = plan.split(PLAN_SECTION);
    let ops = sections
        .next()
        .unwrap_or("")
        .split(PLAN_ITEM)
        .filter(|s| !s.is_empty())
        .map(|s| match s {
            "L" => Op::List,
            "M" => Op::Map,
            other => Op::Field(other.strip_prefix("F:").unwrap_or(other).to_owned()),
        })
        .collect();
    let when = sections.next().unwrap_or("");
    let when = if when.trim().is_empty() { Some(Expr::Lit(V::Bool(true))) } else { parse(when) };
    let check = parse(sections.next().unwrap_or(""));
    let fields = sections
        .next()
        .unwrap_or("")
        .split(PLAN_ITEM)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    let report = sections.next().filter(|s| !s.is_empty()).and_then(read_report);
    Plan {
        ops,
        when,
        check,
        fields,
        report,
    }
}

/// One place the walk has reached.
#[derive(Clone, Copy)]
struct At {
    node: NodeId,
    parent: Option<NodeId>,
    map: Option<NodeId>,
    key: Option<NodeId>,
}

fn walk(table: &Dynamic, plan: &str, state: &RunState, pos: Position) -> Result<Array> {
    let Some(node) = DataNode::of(table) else { return Ok(Array::new()) };
    let (file, root) = node.parts();
    let file = file.clone();
    let Some(doc) = file.doc() else { return Ok(Array::new()) };
    let plan = read_plan(plan);
    let mut places = vec![At {
        node: root,
        parent: None,
        map: None,
        key: None,
    }];
    for op in &plan.ops {
        let mut next = Vec::with_capacity(places.len());
        for at in places {
            let id = file.resolve(at.node);
            if file.broken(id).is_some() {
                continue;
            }
            match (op, doc.kind(id)) {
                (Op::Field(name), Some(NodeKind::Struct { fields, .. })) => {
                    if let Some(f) = fields.iter().find(|f| &*f.name == name) {
                        next.push(At {
                            node: f.value,
                            parent: Some(id),
                            map: None,
                            key: None,
                        });
                    }
                }
                (Op::List, Some(NodeKind::List(items) | NodeKind::Tuple { items, .. })) => {
                    next.extend(items.iter().map(|&item| At { node: item, ..at }));
                }
                (Op::Map, Some(NodeKind::Map(entries))) => {
                    next.extend(entries.iter().map(|&(k, v)| At {
                        node: v,
                        map: Some(id),
                        key: Some(k),
                        ..at
                    }));
                }
                _ => {}
            }
        }
        places = next;
    }
    let mut out = Array::new();
    for at in places {
        let record = Record {
            file: &file,
            doc,
            at,
            fields: &plan.fields,
        };
        let verdict = match (&plan.when, &plan.check) {
            (Some(when), check) => match record.eval(when) {
                V::Bool(false) => Some(true),
                V::Bool(true) => match check.as_ref().map(|c| record.eval(c)) {
                    Some(V::Bool(passes)) => Some(passes),
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        };
        match (verdict, &plan.report) {
            (Some(true), _) => continue,
            (Some(false), Some(how)) if record.report(how, state, pos)? => continue,
            _ => {}
        }
        let node = |id: Option<NodeId>| id.map_or(Dynamic::UNIT, |id| value(&file, id));
        let key = at.key.map_or(Dynamic::UNIT, |k| Dynamic::from(doc.key_text(k)));
        out.push(Dynamic::from_array(vec![node(at.parent), node(at.map), key, value(&file, at.node)]));
    }
    Ok(out)
}

/// A value as the evaluator sees it.
#[derive(Debug, Clone, PartialEq)]
enum V<'a> {
    Int(i64),
    Float(f64),
    /// Text: borrowed from the document, or a literal's own.
    Str(Cow<'a, str>),
    Bool(bool),
    Unit,
    /// Anything else, or not sure.
    Unknown,
}

#[derive(Debug, Clone)]
enum Expr {
    Lit(V<'static>),
    Name(Vec<String>),
    Not(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Cmp(&'static str, Box<Expr>, Box<Expr>),
    In(Box<Expr>, Vec<V<'static>>),
}

struct Record<'a> {
    file: &'a Arc<ViewFile>,
    doc: &'a Document,
    at: At,
    fields: &'a [String],
}

impl<'a> Record<'a> {
    fn scalar(&self, id: NodeId) -> V<'a> {
        let id = self.file.resolve(id);
        if self.file.broken(id).is_some() {
            return V::Unknown;
        }
        match self.doc.kind(id) {
            Some(NodeKind::Int(i)) => V::Int(i),
            Some(NodeKind::Float(f)) => V::Float(f),
            Some(NodeKind::Str(s)) => V::Str(Cow::Borrowed(s)),
            Some(NodeKind::Bool(b)) => V::Bool(b),
            Some(NodeKind::None | NodeKind::Unit) => V::Unit,
            _ => V::Unknown,
        }
    }

    /// The struct field `name` of node `id`, if present.
    fn field_of(&self, id: NodeId, name: &str) -> Option<NodeId> {
        let id = self.file.resolve(id);
        if self.file.broken(id).is_some() {
            return None;
        }
        match self.doc.kind(id) {
            Some(NodeKind::Struct { fields, .. }) => fields.iter().find(|f| &*f.name == name).map(|f| f.value),
            _ => None,
        }
    }

    fn name(&self, path: &[String]) -> V<'a> {
        let Some(first) = path.first() else { return V::Unknown };
        // The record's fields win over `parent`, `key` and `value`.
        let mut node = if self.fields.iter().any(|f| f == first) {
            match self.field_of(self.at.node, first) {
                Some(id) => id,
                None => return V::Unknown,
            }
        } else {
            match first.as_str() {
                "value" => self.at.node,
                "key" if path.len() == 1 => {
                    return match self.at.key {
                        Some(k) => match self.doc.kind(k) {
                            Some(NodeKind::Str(s)) => V::Str(Cow::Borrowed(s)),
                            _ => V::Unknown,
                        },
                        None => V::Unit,
                    }
                }
                "parent" => match self.at.parent {
                    Some(p) => p,
                    None => return V::Unknown,
                },
                _ => return V::Unknown,
            }
        };
        for name in &path[1..] {
            match self.field_of(node, name) {
                Some(id) => node = id,
                None => return V::Unknown,
            }
        }
        self.scalar(node)
    }

    /// Reports the record as failing, as the generated rule would; false
    /// (and nothing reported) where a value or place cannot be read here.
    fn report(&self, how: &ReportPlan, state: &RunState, pos: Position) -> Result<bool> {
        let Some(message) = self.fill(&how.message) else { return Ok(false) };
        let mut options = Map::new();
        for (name, template) in [("help", &how.help), ("label", &how.label)] {
            if let Some(template) = template {
                let Some(text) = self.fill(template) else { return Ok(false) };
                options.insert(name.into(), text.into());
            }
        }
        let site = if how.at_key {
            match (self.at.key, self.at.map) {
                (Some(key), Some(_)) => self.file.file.site(key),
                _ => None,
            }
        } else {
            let Some(node) = self.node_at(&how.at) else { return Ok(false) };
            state.site(&value(self.file, node))
        };
        let Some(site) = site else { return Ok(false) };
        let options = (!options.is_empty()).then_some(&options);
        state.push(pos, site, &message, options)?;
        Ok(true)
    }

    /// The node `path` names from the record (empty: the element).
    fn node_at(&self, path: &[String]) -> Option<NodeId> {
        let Some(first) = path.first() else { return Some(self.at.node) };
        let mut node = if self.fields.iter().any(|f| f == first) {
            self.field_of(self.at.node, first)?
        } else {
            match first.as_str() {
                "value" => self.at.node,
                "parent" => self.at.parent?,
                _ => return None,
            }
        };
        for name in &path[1..] {
            node = self.field_of(node, name)?;
        }
        Some(node)
    }

    /// A template's text as `figure()` prints each value; `None` where a
    /// value is not a plain figure, text, truth or `()`.
    fn fill(&self, template: &[Piece]) -> Option<String> {
        let mut out = String::new();
        for piece in template {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Name(path) => match self.name(path) {
                    V::Int(i) => out.push_str(&format_figure(i as f64)),
                    V::Float(f) => out.push_str(&format_figure(f)),
                    V::Str(s) => out.push_str(&s),
                    V::Bool(b) => out.push_str(if b { "true" } else { "false" }),
                    V::Unit => out.push_str(&Dynamic::UNIT.to_string()),
                    V::Unknown => return None,
                },
            }
        }
        Some(out)
    }

    fn eval(&self, expr: &Expr) -> V<'a> {
        match expr {
            Expr::Lit(v) => v.clone(),
            Expr::Name(path) => self.name(path),
            Expr::Not(e) => match self.eval(e) {
                V::Bool(b) => V::Bool(!b),
                _ => V::Unknown,
            },
            Expr::And(a, b) => match self.eval(a) {
                V::Bool(false) => V::Bool(false),
                V::Bool(true) => match self.eval(b) {
                    V::Bool(b) => V::Bool(b),
                    _ => V::Unknown,
                },
                _ => V::Unknown,
            },
            Expr::Or(a, b) => match self.eval(a) {
                V::Bool(true) => V::Bool(true),
                V::Bool(false) => match self.eval(b) {
                    V::Bool(b) => V::Bool(b),
                    _ => V::Unknown,
                },
                _ => V::Unknown,
            },
            Expr::Cmp(op, a, b) => compare(op, &self.eval(a), &self.eval(b)),
            Expr::In(a, list) => match self.eval(a) {
                V::Str(s) => V::Bool(list.iter().any(|v| matches!(v, V::Str(t) if *t == s))),
                V::Int(i) if list.iter().all(|v| matches!(v, V::Int(_))) => {
                    V::Bool(list.contains(&V::Int(i)))
                }
                _ => V::Unknown,
            },
        }
    }
}

/// A comparison with Rhai's meaning; `Unknown` where not sure.
fn compare(op: &str, a: &V<'_>, b: &V<'_>) -> V<'static> {
    use std::cmp::Ordering;
    let ordering = match (a, b) {
        (V::Unknown, _) | (_, V::Unknown) => return V::Unknown,
        (V::Int(x), V::Int(y)) => Some(x.cmp(y)),
        (V::Int(x), V::Float(y)) => (*x as f64).partial_cmp(y),
        (V::Float(x), V::Int(y)) => x.partial_cmp(&(*y as f64)),
        (V::Float(x), V::Float(y)) => x.partial_cmp(y),
        (V::Str(x), V::Str(y)) => match op {
            "==" => return V::Bool(x == y),
            "!=" => return V::Bool(x != y),
            _ => return V::Unknown,
        },
        (V::Bool(x), V::Bool(y)) => match op {
            "==" => return V::Bool(x == y),
            "!=" => return V::Bool(x != y),
            _ => return V::Unknown,
        },
        (V::Unit, V::Unit) => match op {
            "==" => return V::Bool(true),
            "!=" => return V::Bool(false),
            _ => return V::Unknown,
        },
        // Values of different types: `==` is false, `!=` true.
        _ => match op {
            "==" => return V::Bool(false),
            "!=" => return V::Bool(true),
            _ => return V::Unknown,
        },
    };
    let Some(ordering) = ordering else { return V::Unknown };
    V::Bool(match op {
        "==" => ordering == Ordering::Equal,
        "!=" => ordering != Ordering::Equal,
        "<" => ordering == Ordering::Less,
        "<=" => ordering != Ordering::Greater,
        ">" => ordering == Ordering::Greater,
        ">=" => ordering != Ordering::Less,
        _ => return V::Unknown,
    })
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Name(Vec<String>),
    Lit(V<'static>),
    Op(&'static str),
}

fn tokens(text: &str) -> Option<Vec<Tok>> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c == '"' {
            let mut s = String::new();
            i += 1;
            loop {
                match chars.get(i)? {
                    '"' => break,
                    '\\' => {
                        match chars.get(i + 1)? {
                            '"' => s.push('"'),
                            '\\' => s.push('\\'),
                            _ => return None,
                        }
                        i += 2;
                    }
                    c => {
                        s.push(*c);
                        i += 1;
                    }
                }
            }
            i += 1;
            out.push(Tok::Lit(V::Str(s.into())));
            continue;
        }
        let negative_number = c == '-'
            && chars.get(i + 1).is_some_and(char::is_ascii_digit)
            && !matches!(out.last(), Some(Tok::Name(_) | Tok::Lit(_)) | Some(Tok::Op(")")));
        if c.is_ascii_digit() || negative_number {
            let start = i;
            i += 1;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            if chars.get(i).is_some_and(|c| c.is_alphanumeric() || *c == '_') {
                return None;
            }
            let v = if text.contains('.') {
                if text.ends_with('.') || text.matches('.').count() > 1 {
                    return None;
                }
                V::Float(text.parse().ok()?)
            } else {
                V::Int(text.parse().ok()?)
            };
            out.push(Tok::Lit(v));
            continue;
        }
        if c.is_alphabetic() || c == '_' {
            let mut path = Vec::new();
            loop {
                let start = i;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                path.push(chars[start..i].iter().collect::<String>());
                if chars.get(i) == Some(&'.') && chars.get(i + 1).is_some_and(|c| c.is_alphabetic() || *c == '_') {
                    i += 1;
                } else {
                    break;
                }
            }
            // A call, an index or a method: not known here.
            if matches!(chars.get(i), Some('(' | '[' | '.')) {
                return None;
            }
            out.push(match (path.len(), path[0].as_str()) {
                (1, "true") => Tok::Lit(V::Bool(true)),
                (1, "false") => Tok::Lit(V::Bool(false)),
                (1, "in") => Tok::Op("in"),
                _ => Tok::Name(path),
            });
            continue;
        }
        let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
        let op = ["==", "!=", "<=", ">=", "&&", "||"].into_iter().find(|o| *o == two);
        if let Some(op) = op {
            out.push(Tok::Op(op));
            i += 2;
            continue;
        }
        let op = match c {
            '<' => "<",
            '>' => ">",
            '!' => "!",
            '(' => "(",
            ')' => ")",
            '[' => "[",
            ']' => "]",
            ',' => ",",
            _ => return None,
        };
        out.push(Tok::Op(op));
        i += 1;
    }
    Some(out)
}

/// Parses the subset the evaluator knows; `None` for anything else.
fn parse(text: &str) -> Option<Expr> {
    let tokens = tokens(text)?;
    let mut p = Parser { tokens, at: 0 };
    let e = p.or()?;
    (p.at == p.tokens.len()).then_some(e)
}

struct Parser {
    tokens: Vec<Tok>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.at)
    }

    fn eat(&mut self, op: &str) -> bool {
        if matches!(self.peek(), Some(Tok::Op(o)) if *o == op) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn or(&mut self) -> Option<Expr> {
        let mut e = self.and()?;
        while self.eat("||") {
            e = Expr::Or(Box::new(e), Box::new(self.and()?));
        }
        Some(e)
    }

    fn and(&mut self) -> Option<Expr> {
        let mut e = self.cmp()?;
        while self.eat("&&") {
            e = Expr::And(Box::new(e), Box::new(self.cmp()?));
        }
        Some(e)
    }

    fn cmp(&mut self) -> Option<Expr> {
        let left = self.unary()?;
        for op in ["==", "!=", "<=", ">=", "<", ">"] {
            if self.eat(op) {
                let right = self.unary()?;
                // `a < b < c` and the like: not known here.
                if matches!(self.peek(), Some(Tok::Op("==" | "!=" | "<=" | ">=" | "<" | ">" | "in"))) {
                    return None;
                }
                return Some(Expr::Cmp(op, Box::new(left), Box::new(right)));
            }
        }
        if self.eat("in") {
            if !self.eat("[") {
                return None;
            }
            let mut list = Vec::new();
            if !self.eat("]") {
                loop {
                    match self.tokens.get(self.at)? {
                        Tok::Lit(v) => list.push(v.clone()),
                        _ => return None,
                    }
                    self.at += 1;
                    if self.eat("]") {
                        break;
                    }
                    if !self.eat(",") {
                        return None;
                    }
                    if self.eat("]") {
                        break;
                    }
                }
            }
            return Some(Expr::In(Box::new(left), list));
        }
        Some(left)
    }

    fn unary(&mut self) -> Option<Expr> {
        if self.eat("!") {
            return Some(Expr::Not(Box::new(self.unary()?)));
        }
        if self.eat("(") {
            if self.eat(")") {
                return Some(Expr::Lit(V::Unit));
            }
            let e = self.or()?;
            return self.eat(")").then_some(e);
        }
        match self.tokens.get(self.at)?.clone() {
            Tok::Lit(v) => {
                self.at += 1;
                Some(Expr::Lit(v))
            }
            Tok::Name(path) => {
                self.at += 1;
                Some(Expr::Name(path))
            }
            Tok::Op(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_subset_parses_and_the_rest_does_not() {
        for known in [
            "value >= 0 && value <= 100",
            "parent.unit == \"%\" && value != ()",
            "region == \"乐清市\"",
            "!(unit in [\"%\", \"个\"]) || high >= -1.5",
            "target_rank <= total.rank",
        ] {
            assert!(parse(known).is_some(), "{known}");
        }
        for unknown in ["sum(breakdown) > 0", "name.contains(\"x\")", "a + 1 > 2", "x[0] == 1", "`t` == x", "1 < 2 < 3"] {
            assert!(parse(unknown).is_none(), "{unknown}");
        }
    }

    #[test]
    fn comparisons_mean_what_they_mean_in_rhai() {
        assert_eq!(compare(">=", &V::Int(3), &V::Float(2.5)), V::Bool(true));
        assert_eq!(compare("!=", &V::Int(3), &V::Unit), V::Bool(true));
        assert_eq!(compare("==", &V::Unit, &V::Unit), V::Bool(true));
        assert_eq!(compare("<", &V::Unit, &V::Int(1)), V::Unknown);
        assert_eq!(compare("<", &V::Str("a".into()), &V::Str("b".into())), V::Unknown);
    }
}
