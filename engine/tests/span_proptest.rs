//! Property tests of the span-index parser against `ron` itself: the same
//! texts are accepted, and every node's span, parsed alone by `ron`, gives
//! the value the node holds.

use proptest::prelude::*;
use ron::{Map, Number, Value};
use tally_engine::load::parse;
use tally_engine::span::{Document, NodeId, NodeKind, PathSegment};

/// A RON value as the generator builds it: richer than `ron::Value`, which
/// has no struct names.
#[derive(Debug, Clone)]
pub(crate) enum Tree {
    Unit,
    Bool(bool),
    Int(i64),
    BigUInt(u64),
    Float(f64),
    Str(String),
    Char(char),
    None,
    Some(Box<Tree>),
    List(Vec<Tree>),
    Map(Vec<(Tree, Tree)>),
    Struct(Option<String>, Vec<(String, Tree)>),
    Tuple(Option<String>, Vec<Tree>),
    UnitStruct(String),
}

const KEYWORDS: [&str; 11] = [
    "true", "false", "None", "Some", "inf", "inff32", "inff64", "NaN", "NaNf32", "NaNf64", "r",
];

fn ident() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z_][a-zA-Z0-9_]{0,6}",
        Just("名字".to_owned()),
        Just("鹿城区".to_owned()),
        Just("type".to_owned()),
    ]
    .prop_filter("not a keyword", |s| !KEYWORDS.contains(&s.as_str()) && s != "_")
}

fn text_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z \"\\\\]{0,8}",
        "[\\u{4e00}-\\u{4e20}a-z]{0,6}",
        any::<String>(),
        Just("鹿城区 \"q\" \\ \n\t /* // */".to_owned()),
    ]
}

fn float_strategy() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>().prop_filter("finite", |f| f.is_finite()),
        Just(1.5),
        Just(-0.25),
        Just(1e300),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(f64::NAN),
    ]
}

fn leaf() -> impl Strategy<Value = Tree> {
    prop_oneof![
        Just(Tree::Unit),
        any::<bool>().prop_map(Tree::Bool),
        any::<i64>().prop_map(Tree::Int),
        (-1000i64..1000).prop_map(Tree::Int),
        ((i64::MAX as u64 + 1)..=u64::MAX).prop_map(Tree::BigUInt),
        float_strategy().prop_map(Tree::Float),
        text_strategy().prop_map(Tree::Str),
        any::<char>().prop_map(Tree::Char),
        Just(Tree::None),
        ident().prop_map(Tree::UnitStruct),
    ]
}

fn key() -> impl Strategy<Value = Tree> {
    prop_oneof![
        text_strategy().prop_map(Tree::Str),
        (-50i64..50).prop_map(Tree::Int),
    ]
}

pub(crate) fn tree() -> impl Strategy<Value = Tree> {
    leaf().prop_recursive(5, 48, 5, |inner| {
        prop_oneof![
            inner.clone().prop_map(|t| Tree::Some(Box::new(t))),
            prop::collection::vec(inner.clone(), 0..5).prop_map(Tree::List),
            prop::collection::vec((key(), inner.clone()), 0..4).prop_map(Tree::Map),
            (
                prop::option::of(ident()),
                prop::collection::vec((ident(), inner.clone()), 1..4)
            )
                .prop_map(|(n, f)| Tree::Struct(n, f)),
            (prop::option::of(ident()), prop::collection::vec(inner, 0..4))
                .prop_map(|(n, i)| Tree::Tuple(n, i)),
        ]
    })
}

/// A tiny deterministic generator for the printer's choices.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Prints a tree with random whitespace, comments, escapes and number
/// forms, all of which `ron` accepts.
struct Printer {
    out: String,
    rng: Rng,
}

impl Printer {
    fn ws(&mut self) {
        const WS: [&str; 12] = [
            "",
            "",
            "",
            " ",
            " ",
            "\n  ",
            "\t",
            "/* c */",
            "// line , ) ]\n",
            "/* a /* nested */ */ ",
            "\u{2028}",
            "\r\n",
        ];
        let i = self.rng.below(WS.len() as u64) as usize;
        self.out.push_str(WS[i]);
    }

    fn name(&mut self, name: &str) {
        if self.rng.below(4) == 0 {
            self.out.push_str("r#");
        }
        self.out.push_str(name);
    }

    fn string(&mut self, s: &str) {
        if self.rng.below(3) == 0 {
            // A raw string with enough hashes.
            let mut hashes = 0;
            while s.contains(&format!("\"{}", "#".repeat(hashes))) {
                hashes += 1;
            }
            let h = "#".repeat(hashes);
            self.out.push_str(&format!("r{h}\"{s}\"{h}"));
            return;
        }
        self.out.push('"');
        for c in s.chars() {
            match c {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                '\n' => self.out.push_str("\\n"),
                c if c.is_control() || self.rng.below(8) == 0 => {
                    self.out.push_str(&format!("\\u{{{:x}}}", c as u32));
                }
                c => self.out.push(c),
            }
        }
        self.out.push('"');
    }

    fn int(&mut self, i: i64) {
        match self.rng.below(4) {
            0 if i >= 0 => self.out.push_str(&format!("0x{i:X}")),
            1 if i < 0 => self.out.push_str(&format!("-0x{:x}", i.unsigned_abs())),
            2 if i >= 0 => self.out.push_str(&format!("+{i}")),
            _ => self.out.push_str(&i.to_string()),
        }
    }

    fn seq<T>(&mut self, items: &[T], mut each: impl FnMut(&mut Self, &T)) {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.ws();
                self.out.push(',');
            }
            self.ws();
            each(self, item);
        }
        if !items.is_empty() && self.rng.below(2) == 0 {
            self.ws();
            self.out.push(',');
        }
        self.ws();
    }

    fn tree(&mut self, t: &Tree) {
        match t {
            Tree::Unit => self.out.push_str("()"),
            Tree::Bool(b) => self.out.push_str(&b.to_string()),
            Tree::Int(i) => self.int(*i),
            Tree::BigUInt(u) => self.out.push_str(&u.to_string()),
            Tree::Float(f) => self.out.push_str(&format!("{f:?}")),
            Tree::Str(s) => self.string(s),
            Tree::Char(c) => match c {
                '\'' => self.out.push_str("'\\''"),
                '\\' => self.out.push_str("'\\\\'"),
                c if c.is_control() => self.out.push_str(&format!("'\\u{{{:x}}}'", *c as u32)),
                c => self.out.push_str(&format!("'{c}'")),
            },
            Tree::None => self.out.push_str("None"),
            Tree::Some(inner) => {
                self.out.push_str("Some");
                self.ws();
                self.out.push('(');
                self.ws();
                self.tree(inner);
                self.ws();
                self.out.push(')');
            }
            Tree::List(items) => {
                self.out.push('[');
                self.seq(items, |p, t| p.tree(t));
                self.out.push(']');
            }
            Tree::Map(entries) => {
                self.out.push('{');
                self.seq(entries, |p, (k, v)| {
                    p.tree(k);
                    p.ws();
                    p.out.push(':');
                    p.ws();
                    p.tree(v);
                });
                self.out.push('}');
            }
            Tree::Struct(name, fields) => {
                if let Some(name) = name {
                    self.name(name);
                    self.ws();
                }
                self.out.push('(');
                self.seq(fields, |p, (k, v)| {
                    p.name(k);
                    p.ws();
                    p.out.push(':');
                    p.ws();
                    p.tree(v);
                });
                self.out.push(')');
            }
            Tree::Tuple(name, items) => {
                if let Some(name) = name {
                    self.name(name);
                    self.ws();
                }
                self.out.push('(');
                // `(x)` with a single unit struct `x` is fine; `(a: ..)` cannot
                // arise as items are values.
                self.seq(items, |p, t| p.tree(t));
                self.out.push(')');
            }
            Tree::UnitStruct(name) => self.name(name),
        }
    }
}

pub(crate) const HEADERS: [&str; 5] = [
    "",
    "#![enable(implicit_some)]\n",
    "#![enable(unwrap_variant_newtypes)]\n",
    "#![enable(unwrap_newtypes, explicit_struct_names)]\n// hi\n",
    "#![type = \"x\"]\n",
];

/// The text, and where the value starts and ends in it.
pub(crate) fn print(t: &Tree, seed: u64, header: &str) -> (String, usize, usize) {
    let mut p = Printer {
        out: header.to_owned(),
        rng: Rng(seed | 1),
    };
    p.ws();
    let start = p.out.len();
    p.tree(t);
    let end = p.out.len();
    p.ws();
    (p.out, start, end)
}

/// The `ron::Value` of a tree, for `ron`'s own serializer.
fn tree_value(t: &Tree) -> Value {
    match t {
        Tree::Unit | Tree::UnitStruct(_) => Value::Unit,
        Tree::Bool(b) => Value::Bool(*b),
        Tree::Int(i) => Value::Number(Number::I64(*i)),
        Tree::BigUInt(u) => Value::Number(Number::U64(*u)),
        Tree::Float(f) => Value::Number(Number::F64((*f).into())),
        Tree::Str(s) => Value::String(s.clone()),
        Tree::Char(c) => Value::Char(*c),
        Tree::None => Value::Option(None),
        Tree::Some(inner) => Value::Option(Some(Box::new(tree_value(inner)))),
        Tree::List(items) | Tree::Tuple(_, items) => Value::Seq(items.iter().map(tree_value).collect()),
        Tree::Map(entries) => {
            let mut map = Map::new();
            for (k, v) in entries.iter() {
                map.insert(tree_value(k), tree_value(v));
            }
            Value::Map(map)
        }
        Tree::Struct(_, fields) => {
            let mut map = Map::new();
            for (k, v) in fields.iter() {
                map.insert(Value::String(k.clone()), tree_value(v));
            }
            Value::Map(map)
        }
    }
}

/// The `ron::Number` that `ron` makes of an integer literal that fits `i64`.
fn int_number(i: i64, literal: &str) -> Number {
    for (suffix, n) in [
        ("i8", i8::try_from(i).ok().map(Number::I8)),
        ("i16", i16::try_from(i).ok().map(Number::I16)),
        ("i32", i32::try_from(i).ok().map(Number::I32)),
        ("i64", Some(Number::I64(i))),
        ("u8", u8::try_from(i).ok().map(Number::U8)),
        ("u16", u16::try_from(i).ok().map(Number::U16)),
        ("u32", u32::try_from(i).ok().map(Number::U32)),
        ("u64", u64::try_from(i).ok().map(Number::U64)),
    ] {
        if literal.ends_with(suffix) && !literal.starts_with("0x") && !literal.starts_with("-0x") {
            if let Some(n) = n {
                return n;
            }
        }
    }
    if literal.starts_with("b'") {
        return Number::U8(i as u8);
    }
    if literal.starts_with('-') {
        if let Ok(v) = i8::try_from(i) {
            Number::I8(v)
        } else if let Ok(v) = i16::try_from(i) {
            Number::I16(v)
        } else if let Ok(v) = i32::try_from(i) {
            Number::I32(v)
        } else {
            Number::I64(i)
        }
    } else if let Ok(v) = u8::try_from(i) {
        Number::U8(v)
    } else if let Ok(v) = u16::try_from(i) {
        Number::U16(v)
    } else if let Ok(v) = u32::try_from(i) {
        Number::U32(v)
    } else {
        Number::U64(i as u64)
    }
}

/// The `ron::Number` that `ron` makes of a float node's literal.
fn float_number(f: f64, literal: &str) -> Number {
    // A positive integer literal beyond i64 is a `u64` in ron.
    let digits = literal.trim_start_matches('+').replace('_', "");
    let unsigned = if let Some(hex) = digits.strip_prefix("0x") {
        u64::from_str_radix(hex, 16).ok()
    } else if let Some(oct) = digits.strip_prefix("0o") {
        u64::from_str_radix(oct, 8).ok()
    } else if let Some(bin) = digits.strip_prefix("0b") {
        u64::from_str_radix(bin, 2).ok()
    } else {
        digits.parse::<u64>().ok()
    };
    if let Some(u) = unsigned {
        assert_eq!(u as f64, f, "{literal}");
        return Number::U64(u);
    }
    if f.is_nan() {
        let nan = if f.is_sign_negative() { -f32::NAN } else { f32::NAN };
        return if literal.ends_with("f64") {
            Number::F64(if f.is_sign_negative() { -f64::NAN } else { f64::NAN }.into())
        } else {
            Number::F32(nan.into())
        };
    }
    if literal.ends_with("f32") {
        return Number::F32((f as f32).into());
    }
    if literal.ends_with("f64") {
        return Number::F64(f.into());
    }
    if f.total_cmp(&f64::from(f as f32)).is_eq() {
        Number::F32((f as f32).into())
    } else {
        Number::F64(f.into())
    }
}

fn slice<'t>(text: &'t str, doc: &Document, id: NodeId) -> &'t str {
    let span = doc.node(id).span;
    &text[span.start..span.end]
}

/// The `ron::Value` that `ron` makes of a node, built from the node.
fn to_ron_value(doc: &Document, id: NodeId, text: &str) -> Value {
    let literal = slice(text, doc, id);
    match &doc.node(id).kind {
        NodeKind::Unit => Value::Unit,
        NodeKind::Bool(b) => Value::Bool(*b),
        NodeKind::Int(i) => Value::Number(int_number(*i, literal)),
        NodeKind::Float(f) => Value::Number(float_number(*f, literal)),
        NodeKind::Str(s) if literal.starts_with('b') => Value::Bytes(s.as_bytes().to_vec()),
        NodeKind::Str(s) => Value::String(s.to_string()),
        NodeKind::Char(c) => Value::Char(*c),
        NodeKind::None => Value::Option(None),
        NodeKind::Some(inner) => Value::Option(Some(Box::new(to_ron_value(doc, *inner, text)))),
        NodeKind::List(items) => Value::Seq(items.iter().map(|&i| to_ron_value(doc, i, text)).collect()),
        // A unit struct `Name` is `()`; `Name()` and `( )` are empty tuples.
        NodeKind::Tuple { items, .. } if items.is_empty() && !literal.ends_with(')') => Value::Unit,
        NodeKind::Tuple { items, .. } => {
            Value::Seq(items.iter().map(|&i| to_ron_value(doc, i, text)).collect())
        }
        NodeKind::Map(entries) => {
            let mut map = Map::new();
            for &(k, v) in entries.iter() {
                map.insert(to_ron_value(doc, k, text), to_ron_value(doc, v, text));
            }
            Value::Map(map)
        }
        NodeKind::Struct { fields, .. } => {
            let mut map = Map::new();
            for f in fields.iter() {
                map.insert(
                    Value::String(f.name.to_string()),
                    to_ron_value(doc, f.value, text),
                );
            }
            Value::Map(map)
        }
    }
}

/// With `unwrap_variant_newtypes`, the content of `Some(a: 1)`, `Some(1, 2)`
/// and `Some()` is written without its own delimiters, so its text alone is
/// not a RON value; those nodes are checked through their parent only.
fn is_unwrapped_content(doc: &Document, id: NodeId, text: &str) -> bool {
    let node = doc.node(id);
    doc.segment(id) == PathSegment::Some
        && doc.extensions.iter().any(|e| e == "unwrap_variant_newtypes")
        && (node.span.is_empty()
            || matches!(
                &node.kind,
                NodeKind::Struct { name: None, .. } | NodeKind::Tuple { name: None, .. }
            ) && !slice(text, doc, id).starts_with('('))
}

/// Checks properties (2) and (4) for every node of a parsed document.
fn check_nodes(text: &str, doc: &Document) -> Result<(), TestCaseError> {
    let header = if doc.extensions.is_empty() {
        String::new()
    } else {
        format!("#![enable({})]\n", doc.extensions.join(", "))
    };
    let parents = crate::fuzz_regressions::harness::parents_by_children(doc);
    for (index, parent) in parents.into_iter().enumerate() {
        let id = NodeId(index as u32);
        prop_assert_eq!(doc.parent(id), parent, "the parent of {:?}", id);
        if let Some(parent) = parent {
            prop_assert_eq!(
                doc.segment(id),
                segment_by_search(doc, parent, id),
                "the segment of {:?}",
                id
            );
        }
        // Read from the tag first, the same value as unwrapping by kind.
        let mut inner = id;
        while let Some(NodeKind::Some(next)) = doc.kind(inner) {
            inner = next;
        }
        prop_assert_eq!(doc.unwrap_some(id), inner, "node {:?}", id);
        if let NodeKind::Struct { fields, .. } = &doc.node(id).kind {
            for f in fields.iter() {
                let written = &text[f.name_span().start..f.name_span().end];
                prop_assert_eq!(written.strip_prefix("r#").unwrap_or(written), &*f.name);
            }
        }
        if is_unwrapped_content(doc, id, text) {
            continue;
        }
        let alone = format!("{header}{}", slice(text, doc, id));
        let ron_value = ron::from_str::<Value>(&alone);
        prop_assert!(
            ron_value.is_ok(),
            "node {:?} text {:?}: {:?}",
            id,
            alone,
            ron_value
        );
        let ours = to_ron_value(doc, id, text);
        prop_assert_eq!(ron_value.ok(), Some(ours), "node {:?} text {:?}", id, alone);
    }
    Ok(())
}

/// How `parent` reaches `child`, found by looking at each of its children
/// in turn (what `Document::segment` finds by a binary search).
fn segment_by_search(doc: &Document, parent: NodeId, child: NodeId) -> PathSegment {
    match doc.kind(parent) {
        Some(NodeKind::Some(_)) => PathSegment::Some,
        Some(NodeKind::Struct { fields, .. }) => fields
            .iter()
            .find(|f| f.value == child)
            .map_or(PathSegment::Root, |f| PathSegment::Field(f.name.clone())),
        Some(NodeKind::List(items)) | Some(NodeKind::Tuple { items, .. }) => items
            .iter()
            .position(|&i| i == child)
            .map_or(PathSegment::Root, PathSegment::Index),
        Some(NodeKind::Map(entries)) => entries
            .iter()
            .find_map(|&(k, v)| {
                let key = || doc.key_text(k).into();
                (v == child)
                    .then(|| PathSegment::Key(key()))
                    .or_else(|| (k == child).then(|| PathSegment::KeyOf(key())))
            })
            .unwrap_or(PathSegment::Root),
        _ => PathSegment::Root,
    }
}

/// Our parser and `ron` agree on a text; if it parses, all node checks hold.
fn check_agreement(text: &str) -> Result<(), TestCaseError> {
    let ours = parse(text);
    let theirs = ron::from_str::<Value>(text);
    match (&ours, &theirs) {
        (Ok(doc), Ok(_)) => check_nodes(text, doc),
        (Err(_), Err(_)) => Ok(()),
        // Deliberate: ranges become made-up maps in `ron` (see parser.rs).
        (Err(e), Ok(_)) if e.message == "ranges (`..`) are not supported" => Ok(()),
        _ => Err(TestCaseError::fail(format!(
            "disagreement on {text:?}: ours {:?}, ron {:?}",
            ours.map(|d| d.len()),
            theirs
        ))),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn printed_documents(t in tree(), seed in any::<u64>(), header in 0..HEADERS.len()) {
        let (text, start, end) = print(&t, seed, HEADERS[header]);
        let doc = parse(&text);
        prop_assert!(doc.is_ok(), "{:?}: {:?}", text, doc);
        prop_assert!(ron::from_str::<Value>(&text).is_ok(), "ron rejects {:?}", text);
        let doc = doc.unwrap();
        let root = doc.node(doc.root()).span;
        prop_assert_eq!((root.start, root.end), (start, end), "{:?}", text);
        check_nodes(&text, &doc)?;
    }

    #[test]
    fn ron_serialized_documents(t in tree()) {
        let value = tree_value(&t);
        for text in [
            ron::to_string(&value).unwrap(),
            ron::ser::to_string_pretty(&value, ron::ser::PrettyConfig::default()).unwrap(),
        ] {
            let doc = parse(&text);
            prop_assert!(doc.is_ok(), "{:?}: {:?}", text, doc);
            let doc = doc.unwrap();
            let root = doc.node(doc.root()).span;
            prop_assert_eq!((root.start, root.end), (0, text.trim_end().len()), "{:?}", text);
            check_agreement(&text)?;
        }
    }

    #[test]
    fn mutated_documents(
        t in tree(),
        seed in any::<u64>(),
        header in 0..HEADERS.len(),
        tricky in prop::option::weighted(0.3, 0..TRICKY.len()),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, any::<u8>(), any::<char>()), 1..4),
    ) {
        let mut text = match tricky {
            Some(i) => TRICKY[i].to_owned(),
            None => print(&t, seed, HEADERS[header]).0,
        };
        for (index, op, byte, c) in edits {
            let boundaries: Vec<usize> =
                text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let at = boundaries[index.index(boundaries.len())];
            match op {
                0 => {
                    if let Some(c) = text[at..].chars().next() {
                        text.replace_range(at..at + c.len_utf8(), "");
                    }
                }
                // RON's syntax is ASCII: insert mostly ASCII, sometimes any char.
                1 => text.insert(at, char::from(byte & 0x7F)),
                _ => text.insert(at, c),
            }
        }
        check_agreement(&text)?;
    }
}

/// Texts near `ron`'s corners; checked as they are and used as seeds for
/// mutations.
const TRICKY: &[&str] = &[
    "#![enable(unwrap_variant_newtypes)] Some(a: 1, b: (2, 3))",
    "#![enable(unwrap_variant_newtypes)] Some('(', \")\")",
    "#![enable(unwrap_variant_newtypes)] Some(x, )",
    "#![enable(unwrap_variant_newtypes)] Some([1, 2], 3)",
    "#![enable(unwrap_variant_newtypes)] Some(Some(a: 1))",
    "#![enable(unwrap_variant_newtypes)] Some(b'(')",
    "#![enable(implicit_some)] [Some 1, Some /* c */ Some(2)]",
    "1e5",
    "1f32",
    "12ab",
    "0x1f32",
    "300u8",
    "1e5u8",
    "-infinity",
    "+NaNf64",
    "1_.0",
    "1._0",
    "b'''",
    "'''",
    "true_",
    "r#type",
    "r#a.b-c",
    "Some(1,)",
    "( )",
    "Foo  ()",
    "(a: 1, a: 2)",
    "{\"a\": 1, \"a\": 2}",
    "\"\\xC3\\xA9\"",
    "b\"\\u{e9}\"",
    "#![type = r\"x\"] 1",
    "#! [ enable ( r#implicit_some ) ] 1",
    "#![enable(implicit_some,)] 1",
    "#![enable(implicit_some unwrap_newtypes)] 1",
    "[1 /*,*/ 2]",
    "1 //",
    "\u{200e}5\u{2029}",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775809",
    "0xFFFFFFFFFFFFFFFF",
    "0x1_0000_0000_0000_0000",
];

#[test]
fn tricky_texts_agree() {
    for text in TRICKY {
        if let Err(e) = check_agreement(text) {
            panic!("{text:?}: {e}");
        }
    }
}
