//! A RON parser that keeps the byte range of every node.
//!
//! # Why a second parser
//!
//! `ron` reports positions only for errors: a deserialized value does not
//! know where it was written. Every finding tally reports must point at the
//! exact value in the data file, so the loader parses the same text a second
//! time with this parser, which builds the span index ([`Document`]): a flat
//! arena of nodes, each with its byte range, its parent and the path segment
//! that leads to it.
//!
//! The parser follows what `ron` 0.12 accepts when it deserializes a
//! `ron::Value` (`deserialize_any`), including its quirks, so that a file is
//! accepted here if and only if `ron` accepts it. The exceptions, all
//! rejected here with an error although `ron` takes them:
//! - ranges (`1..2`, `..=5`, `..`), which `ron` turns into maps with
//!   made-up `start`/`end` keys that have no place in the source;
//! - nesting beyond [`MAX_DEPTH`] containers (`ron` itself stops earlier, see
//!   there).
//!
//! # Spans
//!
//! A node's span covers the value's text exactly, without surrounding
//! whitespace or comments: a string literal with its quotes (and `r#`/`b`
//! prefix), a number with its sign and suffix, a struct or tuple from its
//! name (or `(` if unnamed) to its `)`, `Some(..)` from `S` to `)`. A unit
//! struct or enum variant `Name` covers the name. [`Field::name_span`] covers
//! the field name as written, including a raw prefix `r#`.
//! With `#![enable(unwrap_variant_newtypes)]`, `ron` reads `Some(a: 1)` and
//! `Some(1, 2)` as a `Some` around a struct or tuple written without
//! parentheses; that inner node covers its fields or elements (no
//! parentheses to include), and the unit in `Some()` has an empty span
//! before the `)`.
//!
//! # Values
//!
//! Integers that fit `i64` become [`NodeKind::Int`]. Like `ron::Value`,
//! which has `u64` numbers and turns decimal literals beyond 64 bits into
//! floats, an integer outside `i64` becomes [`NodeKind::Float`] (exact up to
//! 2^53, rounded beyond); a hexadecimal, octal or binary literal beyond 64
//! bits, or a literal that does not fit its suffix (`300u8`), is the error
//! "integer out of range", as in `ron`. Byte strings (`b"..."`, `br"..."`)
//! become [`NodeKind::Str`] with invalid UTF-8 replaced by `U+FFFD`, and
//! byte literals (`b'a'`) become integers, as in `ron`. A float written with
//! an `f32` suffix keeps the `f32` value.
//!
//! # Depth and cost
//!
//! The parser is recursive descent over bytes, with recursion bounded by
//! [`MAX_DEPTH`], so deeply nested input is an error rather than a stack
//! overflow. Work is linear in the input, with one exception inherited from
//! `ron`: with `unwrap_variant_newtypes`, each `Some(` looks ahead to its
//! closing `)` to decide how to read its content, which costs at most
//! [`MAX_DEPTH`] passes over nested `Some`s.

use crate::span::{Document, Field, Node, NodeId, NodeKind, PathSegment, Span};

/// The deepest nesting of containers (lists, maps, structs, tuples, `Some`)
/// the parser accepts.
///
/// It equals `ron`'s default recursion limit (`Options::recursion_limit`,
/// 128). `ron` spends about two units of that limit per container level, so
/// it rejects lists nested more than 64 deep; every document `ron` accepts
/// is within this limit, which exists to keep the recursion within a small
/// stack (it is safe on a 2 MiB test thread).
pub const MAX_DEPTH: usize = 128;

/// A syntax error with the byte range where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// What is wrong, lower case, no full stop.
    pub message: String,
    /// Where.
    pub span: Span,
}

/// Parses RON text into a [`Document`].
///
/// The root is `nodes[0]`; children always come after their parent.
pub fn parse(text: &str) -> Result<Document, ParseError> {
    let mut parser = Parser::new(text);
    parser.document()?;
    Ok(Document {
        nodes: parser.nodes,
        extensions: parser.extensions,
    })
}

type PResult<T> = Result<T, ParseError>;

/// The extensions `ron` knows, by the names `#![enable(..)]` uses.
const EXTENSIONS: [&str; 4] = [
    "unwrap_newtypes",
    "implicit_some",
    "unwrap_variant_newtypes",
    "explicit_struct_names",
];

/// How `ron` reads the content of `Some(..)` with `unwrap_variant_newtypes`.
enum NewtypeContent {
    /// A single value, as without the extension.
    Value,
    /// Struct fields without parentheses: `Some(a: 1, b: 2)`.
    Fields,
    /// Tuple elements without parentheses: `Some(1, 2)`.
    Elements,
}

/// Where an escape sequence is, which decides the escapes allowed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum EscapeIn {
    Str,
    ByteStr,
    Char,
    ByteChar,
}

/// Why `ron`'s integer reader stopped; decides whether it may fall back to
/// reading a float and where the error points.
enum IntError {
    Empty,
    LeadingUnderscore,
    InvalidDigit(usize),
    OutOfRange,
}

/// An integer type suffix: bounds of the type.
struct IntType {
    name: &'static str,
    min: i128,
    max: i128,
}

const INT_SUFFIXES: [IntType; 8] = [
    IntType {
        name: "i8",
        min: i8::MIN as i128,
        max: i8::MAX as i128,
    },
    IntType {
        name: "i16",
        min: i16::MIN as i128,
        max: i16::MAX as i128,
    },
    IntType {
        name: "i32",
        min: i32::MIN as i128,
        max: i32::MAX as i128,
    },
    IntType {
        name: "i64",
        min: i64::MIN as i128,
        max: i64::MAX as i128,
    },
    IntType {
        name: "u8",
        min: 0,
        max: u8::MAX as i128,
    },
    IntType {
        name: "u16",
        min: 0,
        max: u16::MAX as i128,
    },
    IntType {
        name: "u32",
        min: 0,
        max: u32::MAX as i128,
    },
    IntType {
        name: "u64",
        min: 0,
        max: u64::MAX as i128,
    },
];

/// Unsuffixed literals: `ron` reads negative ones as `i64`, others as `u64`.
const UNSUFFIXED_NEG: IntType = IntType {
    name: "i64",
    min: i64::MIN as i128,
    max: 0,
};
const UNSUFFIXED_POS: IntType = IntType {
    name: "u64",
    min: 0,
    max: u64::MAX as i128,
};

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    nodes: Vec<Node>,
    extensions: Vec<String>,
    depth: usize,
    implicit_some: bool,
    unwrap_variant_newtypes: bool,
}

/// The number a literal stands for.
enum Num {
    Int(i64),
    Float(f64),
}

impl Num {
    fn from_i128(v: i128) -> Num {
        match i64::try_from(v) {
            Ok(v) => Num::Int(v),
            // `u64` literals above `i64::MAX`: the arena has no unsigned
            // integers, so they become floats like wider literals do in `ron`.
            Err(_) => Num::Float(v as f64),
        }
    }

    fn into_kind(self) -> NodeKind {
        match self {
            Num::Int(v) => NodeKind::Int(v),
            Num::Float(v) => NodeKind::Float(v),
        }
    }
}

/// String content: a slice of the source when nothing was escaped.
enum Text<'a> {
    Borrowed(&'a str),
    Owned(Vec<u8>),
}

impl Text<'_> {
    fn into_string(self) -> String {
        match self {
            Text::Borrowed(s) => s.to_owned(),
            Text::Owned(bytes) => match String::from_utf8(bytes) {
                Ok(s) => s,
                // Only byte strings can hold invalid UTF-8.
                Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
            },
        }
    }
}

fn is_float_byte(b: u8) -> bool {
    b.is_ascii_digit() || matches!(b, b'e' | b'E' | b'.' | b'+' | b'-' | b'_')
}

fn is_int_byte(b: u8) -> bool {
    b.is_ascii_hexdigit() || b == b'_'
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        // About one node per 16 bytes in dense data; capped so that a huge
        // file does not reserve its worst case up front.
        let estimate = (text.len() / 16).min(1 << 20);
        Parser {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            nodes: Vec::with_capacity(estimate),
            extensions: Vec::new(),
            depth: 0,
            implicit_some: false,
            unwrap_variant_newtypes: false,
        }
    }

    // ----- Low-level helpers -------------------------------------------

    fn byte_at(&self, at: usize) -> Option<u8> {
        self.bytes.get(at).copied()
    }

    fn peek(&self) -> Option<u8> {
        self.byte_at(self.pos)
    }

    fn char_at(&self, at: usize) -> Option<char> {
        self.text.get(at..).and_then(|s| s.chars().next())
    }

    fn starts_with_at(&self, at: usize, s: &str) -> bool {
        self.bytes.get(at..).is_some_and(|b| b.starts_with(s.as_bytes()))
    }

    fn slice(&self, start: usize, end: usize) -> &'a str {
        self.text.get(start..end).unwrap_or("")
    }

    /// The end of the run of bytes matching `pred` from `from`.
    fn run_bytes(&self, from: usize, pred: impl Fn(u8) -> bool) -> usize {
        let len = self
            .bytes
            .get(from..)
            .map_or(0, |b| b.iter().take_while(|&&b| pred(b)).count());
        from + len
    }

    /// The end of the run of chars matching `pred` from `from`.
    fn run_chars(&self, from: usize, pred: impl Fn(char) -> bool) -> usize {
        let mut at = from;
        while let Some(b) = self.byte_at(at) {
            if b < 0x80 {
                if !pred(char::from(b)) {
                    break;
                }
                at += 1;
            } else {
                match self.char_at(at) {
                    Some(c) if pred(c) => at += c.len_utf8(),
                    _ => break,
                }
            }
        }
        at
    }

    fn is_xid_continue_at(&self, at: usize) -> bool {
        match self.byte_at(at) {
            None => false,
            Some(b) if b < 0x80 => b.is_ascii_alphanumeric() || b == b'_',
            Some(_) => self.char_at(at).is_some_and(is_xid_continue),
        }
    }

    /// `ron`'s `check_ident`: `word` at `at`, not followed by an identifier
    /// character.
    fn word_at(&self, at: usize, word: &str) -> bool {
        self.starts_with_at(at, word) && !self.is_xid_continue_at(at + word.len())
    }

    fn consume_word(&mut self, word: &str) -> bool {
        if self.word_at(self.pos, word) {
            self.pos += word.len();
            true
        } else {
            false
        }
    }

    /// The identifier at `at` as `ron`'s `skip_identifier` reads it:
    /// `(start of the name after any r#, end)`. String and byte literals
    /// (`r"`, `b'`, ..) are not identifiers.
    fn ident_span(&self, at: usize) -> Option<(usize, usize)> {
        let first = self.byte_at(at)?;
        if first == b'b' && matches!(self.byte_at(at + 1), Some(b'"' | b'\'')) {
            return None;
        }
        if ["br#", "br\"", "r\"", "r#\"", "r##"]
            .iter()
            .any(|p| self.starts_with_at(at, p))
        {
            return None;
        }
        if self.starts_with_at(at, "r#") {
            let end = self.run_chars(at + 2, is_ident_raw_char);
            return (end > at + 2).then_some((at + 2, end));
        }
        let c = self.char_at(at)?;
        if !is_ident_first_char(c) {
            return None;
        }
        Some((at, self.run_chars(at + c.len_utf8(), is_xid_continue)))
    }

    fn span(&self, start: usize, end: usize) -> Span {
        let len = self.bytes.len();
        let end = end.min(len);
        Span::new(start.min(end), end)
    }

    fn error(&self, message: impl Into<String>, start: usize, end: usize) -> ParseError {
        ParseError {
            message: message.into(),
            span: self.span(start, end),
        }
    }

    fn fail<T>(&self, message: impl Into<String>, start: usize, end: usize) -> PResult<T> {
        Err(self.error(message, start, end))
    }

    /// A description of the token at `at` and its span, for "found ..".
    fn found(&self, at: usize) -> (String, Span) {
        let Some(c) = self.char_at(at) else {
            return ("end of file".to_owned(), self.span(at, at));
        };
        if let Some((_, end)) = self.ident_span(at) {
            return (format!("`{}`", self.slice(at, end)), self.span(at, end));
        }
        if c.is_ascii_digit() {
            let end = self.run_bytes(at, |b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.');
            return (format!("`{}`", self.slice(at, end)), self.span(at, end));
        }
        let end = at + c.len_utf8();
        let text = match c {
            '"' => "a string".to_owned(),
            c if c.is_whitespace() || c.is_control() => format!("`{}`", c.escape_debug()),
            c => format!("`{c}`"),
        };
        (text, self.span(at, end))
    }

    /// "`expected`, found X" at the token at `at`.
    fn unexpected<T>(&self, expected: &str, at: usize) -> PResult<T> {
        let (found, span) = self.found(at);
        Err(ParseError {
            message: format!("{expected}, found {found}"),
            span,
        })
    }

    fn expect(&mut self, byte: u8, expected: &str) -> PResult<()> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            self.unexpected(expected, self.pos)
        }
    }

    /// Skips whitespace and comments, as `ron` defines them.
    fn skip_ws(&mut self) -> PResult<()> {
        loop {
            loop {
                let len = self.ws_len_at(self.pos);
                if len == 0 {
                    break;
                }
                self.pos += len;
            }
            if self.peek() != Some(b'/') {
                return Ok(());
            }
            let start = self.pos;
            match self.byte_at(start + 1) {
                Some(b'/') => {
                    // The newline is whitespace; the comment may end the file.
                    self.pos = self.run_bytes(start + 2, |b| b != b'\n');
                }
                Some(b'*') => {
                    self.pos = start + 2;
                    let mut level = 1usize;
                    while level > 0 {
                        self.pos = self.run_bytes(self.pos, |b| b != b'/' && b != b'*');
                        if self.pos >= self.bytes.len() {
                            return self.fail("unterminated block comment", start, start + 2);
                        }
                        if self.starts_with_at(self.pos, "/*") {
                            level += 1;
                            self.pos += 2;
                        } else if self.starts_with_at(self.pos, "*/") {
                            level -= 1;
                            self.pos += 2;
                        } else {
                            self.pos += 1;
                        }
                    }
                }
                _ => return self.unexpected("expected `/` or `*` after `/` to start a comment", start + 1),
            }
        }
    }

    fn ws_len_at(&self, at: usize) -> usize {
        match self.byte_at(at) {
            Some(b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C) => 1,
            // U+0085
            Some(0xC2) if self.byte_at(at + 1) == Some(0x85) => 2,
            // U+200E, U+200F, U+2028, U+2029
            Some(0xE2)
                if self.byte_at(at + 1) == Some(0x80)
                    && matches!(self.byte_at(at + 2), Some(0x8E | 0x8F | 0xA8 | 0xA9)) =>
            {
                3
            }
            _ => 0,
        }
    }

    /// `ron`'s `comma`: optional `,` with whitespace around it.
    fn comma(&mut self) -> PResult<bool> {
        self.skip_ws()?;
        if self.peek() == Some(b',') {
            self.pos += 1;
            self.skip_ws()?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    // ----- Nodes ---------------------------------------------------------

    /// Adds a node before its children are parsed, so that they can name it
    /// as their parent; [`Parser::finish`] fills it in.
    fn push(&mut self, parent: Option<NodeId>, segment: PathSegment, start: usize) -> PResult<NodeId> {
        let Ok(index) = u32::try_from(self.nodes.len()) else {
            return self.fail("too many values in one file", start, start);
        };
        self.nodes.push(Node {
            kind: NodeKind::Unit,
            span: Span::new(start, start),
            parent,
            segment,
        });
        Ok(NodeId(index))
    }

    fn finish(&mut self, id: NodeId, kind: NodeKind, start: usize, end: usize) {
        if let Some(node) = self.nodes.get_mut(id.index()) {
            node.kind = kind;
            node.span = Span::new(start, end);
        }
    }

    fn end_of(&self, id: NodeId) -> usize {
        self.nodes.get(id.index()).map_or(self.pos, |n| n.span.end)
    }

    fn enter(&mut self, at: usize) -> PResult<()> {
        if self.depth >= MAX_DEPTH {
            return self.fail(format!("nesting deeper than {MAX_DEPTH} levels"), at, at + 1);
        }
        self.depth += 1;
        Ok(())
    }

    // ----- Document ------------------------------------------------------

    fn document(&mut self) -> PResult<()> {
        self.skip_ws()?;
        let mut attributes = false;
        while self.peek() == Some(b'#') {
            self.attribute()?;
            self.skip_ws()?;
            attributes = true;
        }
        if self.pos >= self.bytes.len() {
            let message = if attributes {
                "unexpected end of file, expected a value"
            } else {
                "empty file: expected a RON value"
            };
            return self.fail(message, self.pos, self.pos);
        }
        self.value(None, PathSegment::Root)?;
        self.skip_ws()?;
        if self.pos < self.bytes.len() {
            let (_, span) = self.found(self.pos);
            return Err(ParseError {
                message: "trailing characters after the value".to_owned(),
                span,
            });
        }
        Ok(())
    }

    /// `#![enable(..)]`, or `#![type = ".."]` / `#![schema = ".."]`, which
    /// `ron` accepts and ignores.
    fn attribute(&mut self) -> PResult<()> {
        self.pos += 1;
        self.skip_ws()?;
        self.expect(b'!', "expected `!` after `#` in an attribute")?;
        self.skip_ws()?;
        self.expect(b'[', "expected `[` after `#!`")?;
        self.skip_ws()?;
        if self.consume_word("enable") {
            self.skip_ws()?;
            self.expect(b'(', "expected `(` after `enable`")?;
            self.skip_ws()?;
            loop {
                let at = self.pos;
                let Some((name_start, end)) = self.ident_span(at) else {
                    return self.unexpected("expected an extension name", at);
                };
                let name = self.slice(name_start, end);
                if !EXTENSIONS.contains(&name) {
                    return self.fail(
                        format!(
                            "unknown extension `{name}`, expected `implicit_some`, \
                             `unwrap_newtypes`, `unwrap_variant_newtypes` or `explicit_struct_names`"
                        ),
                        at,
                        end,
                    );
                }
                match name {
                    "implicit_some" => self.implicit_some = true,
                    "unwrap_variant_newtypes" => self.unwrap_variant_newtypes = true,
                    _ => {}
                }
                if !self.extensions.iter().any(|e| e == name) {
                    self.extensions.push(name.to_owned());
                }
                self.pos = end;
                let comma = self.comma()?;
                let more = self.is_xid_continue_at(self.pos);
                if !comma && more {
                    return self.unexpected("expected `,` or `)` after extension name", self.pos);
                }
                if !comma || !more {
                    break;
                }
            }
            self.skip_ws()?;
            self.expect(b')', "expected `,` or `)` after extension name")?;
            self.skip_ws()?;
            self.expect(b']', "expected `]` to close the attribute")
        } else if self.consume_word("type") || self.consume_word("schema") {
            self.skip_ws()?;
            self.expect(b'=', "expected `=` in the attribute")?;
            self.skip_ws()?;
            let at = self.pos;
            let end = match self.peek() {
                Some(b'"') => self.escaped(at, at, EscapeIn::Str)?.1,
                Some(b'r') => self.raw(at, at)?.1,
                _ => return self.unexpected("expected a string after `=`", at),
            };
            self.pos = end;
            self.skip_ws()?;
            self.expect(b']', "expected `]` to close the attribute")
        } else {
            self.unexpected("expected `enable`, `type` or `schema` in the attribute", self.pos)
        }
    }

    // ----- Values --------------------------------------------------------

    /// Parses a value at the cursor (whitespace already skipped) into a new
    /// node, as `ron`'s `deserialize_any` reads it.
    fn value(&mut self, parent: Option<NodeId>, segment: PathSegment) -> PResult<NodeId> {
        let start = self.pos;
        let id = self.push(parent, segment, start)?;
        let (kind, end) = self.value_kind(id)?;
        self.finish(id, kind, start, end);
        Ok(id)
    }

    fn value_kind(&mut self, id: NodeId) -> PResult<(NodeKind, usize)> {
        let start = self.pos;
        let Some(first) = self.peek() else {
            return self.fail("unexpected end of file, expected a value", start, start);
        };
        // Keywords, in `ron`'s order; each must not run on into an identifier.
        if first.is_ascii_alphabetic() {
            if self.consume_word("true") {
                return Ok((NodeKind::Bool(true), self.pos));
            }
            if self.consume_word("false") {
                return Ok((NodeKind::Bool(false), self.pos));
            }
            if self.word_at(start, "Some") {
                return self.some(id);
            }
            if self.consume_word("None") {
                return Ok((NodeKind::None, self.pos));
            }
            for (word, value) in [
                ("inf", f64::INFINITY),
                ("inff32", f64::INFINITY),
                ("inff64", f64::INFINITY),
                ("NaN", f64::NAN),
                ("NaNf32", f64::NAN),
                ("NaNf64", f64::NAN),
            ] {
                if self.consume_word(word) {
                    self.no_range(start)?;
                    return Ok((NodeKind::Float(value), self.pos));
                }
            }
        }
        if self.starts_with_at(start, "()") {
            self.pos += 2;
            return Ok((NodeKind::Unit, self.pos));
        }
        if let Some((name_start, name_end)) = self.ident_span(start) {
            let name = self.slice(name_start, name_end).to_owned();
            self.pos = name_end;
            self.skip_ws()?;
            return self.struct_like(id, Some(name), name_end);
        }
        match first {
            b'(' => self.struct_like(id, None, start),
            b'[' => self.list(id),
            b'{' => self.map(id),
            b'b' if self.byte_at(start + 1) == Some(b'\'') => self.number(start),
            // `b"` or `br`: other words starting with `b` are identifiers.
            b'b' => {
                let (content, end) = if self.byte_at(start + 1) == Some(b'"') {
                    self.escaped(start, start + 1, EscapeIn::ByteStr)?
                } else {
                    self.raw(start, start + 1)?
                };
                self.pos = end;
                Ok((NodeKind::Str(content.into_string()), end))
            }
            b'0'..=b'9' | b'+' | b'-' | b'.' => self.number(start),
            b'"' => {
                let (content, end) = self.escaped(start, start, EscapeIn::Str)?;
                self.pos = end;
                Ok((NodeKind::Str(content.into_string()), end))
            }
            b'r' => {
                let (content, end) = self.raw(start, start)?;
                self.pos = end;
                Ok((NodeKind::Str(content.into_string()), end))
            }
            b'\'' => {
                let (c, end) = self.char_literal(start)?;
                self.pos = end;
                Ok((NodeKind::Char(c), end))
            }
            _ => self.unexpected("expected a value", start),
        }
    }

    /// After a name (and the whitespace after it) or at `(`: a unit struct,
    /// a tuple (struct) or a struct with named fields. Like `ron`, the first
    /// element decides: `ident:` makes a struct, anything else a tuple.
    fn struct_like(
        &mut self,
        id: NodeId,
        name: Option<String>,
        name_end: usize,
    ) -> PResult<(NodeKind, usize)> {
        if self.peek() != Some(b'(') {
            return Ok((
                NodeKind::Tuple {
                    name,
                    items: Vec::new(),
                },
                name_end,
            ));
        }
        self.enter(self.pos)?;
        self.pos += 1;
        self.skip_ws()?;
        let kind = if self.peek() == Some(b')') {
            NodeKind::Tuple {
                name,
                items: Vec::new(),
            }
        } else if self.starts_with_field()? {
            NodeKind::Struct {
                name,
                fields: self.fields(id)?.0,
            }
        } else {
            let items = self
                .elements(id, b')', "expected `,` or `)` after tuple element")?
                .0;
            NodeKind::Tuple { name, items }
        };
        // The loops above stop only at the `)`.
        self.pos += 1;
        self.depth -= 1;
        Ok((kind, self.pos))
    }

    /// Whether the cursor is at `ident :`, without moving it.
    fn starts_with_field(&mut self) -> PResult<bool> {
        let Some((_, end)) = self.ident_span(self.pos) else {
            return Ok(false);
        };
        let saved = self.pos;
        self.pos = end;
        let skipped = self.skip_ws();
        let colon = self.peek() == Some(b':');
        self.pos = saved;
        skipped.map(|()| colon)
    }

    /// Named fields up to (not past) a `)`; also returns the end of the last
    /// value.
    fn fields(&mut self, id: NodeId) -> PResult<(Vec<Field>, usize)> {
        let mut fields = Vec::new();
        let mut had_comma = true;
        let mut last_end = self.pos;
        loop {
            self.skip_ws()?;
            if self.peek() == Some(b')') {
                return Ok((fields, last_end));
            }
            if !had_comma {
                return self.unexpected("expected `,` or `)` after struct field", self.pos);
            }
            let key_start = self.pos;
            let Some((name_start, name_end)) = self.ident_span(key_start) else {
                return self.unexpected("expected a field name or `)`", key_start);
            };
            let name = self.slice(name_start, name_end).to_owned();
            self.pos = name_end;
            self.skip_ws()?;
            if self.peek() != Some(b':') {
                return self.unexpected(&format!("expected `:` after field name `{name}`"), self.pos);
            }
            self.pos += 1;
            self.skip_ws()?;
            let value = self.value(Some(id), PathSegment::Field(name.clone()))?;
            last_end = self.end_of(value);
            fields.push(Field {
                name,
                name_span: Span::new(key_start, name_end),
                value,
            });
            had_comma = self.comma()?;
        }
    }

    /// Comma-separated values up to (not past) `close`; also returns the end
    /// of the last value.
    fn elements(&mut self, id: NodeId, close: u8, after: &str) -> PResult<(Vec<NodeId>, usize)> {
        let mut items = Vec::new();
        let mut had_comma = true;
        let mut last_end = self.pos;
        loop {
            self.skip_ws()?;
            if self.peek() == Some(close) {
                return Ok((items, last_end));
            }
            if !had_comma {
                return self.unexpected(after, self.pos);
            }
            let item = self.value(Some(id), PathSegment::Index(items.len()))?;
            last_end = self.end_of(item);
            items.push(item);
            had_comma = self.comma()?;
        }
    }

    fn list(&mut self, id: NodeId) -> PResult<(NodeKind, usize)> {
        self.enter(self.pos)?;
        self.pos += 1;
        let items = self
            .elements(id, b']', "expected `,` or `]` after list element")?
            .0;
        self.pos += 1;
        self.depth -= 1;
        Ok((NodeKind::List(items), self.pos))
    }

    fn map(&mut self, id: NodeId) -> PResult<(NodeKind, usize)> {
        self.enter(self.pos)?;
        self.pos += 1;
        let mut entries = Vec::new();
        let mut had_comma = true;
        loop {
            self.skip_ws()?;
            if self.peek() == Some(b'}') {
                break;
            }
            if !had_comma {
                return self.unexpected("expected `,` or `}` after map entry", self.pos);
            }
            let key = self.value(Some(id), PathSegment::KeyOf(String::new()))?;
            let key_text = match self.nodes.get(key.index()) {
                Some(Node {
                    kind: NodeKind::Str(s),
                    ..
                }) => s.clone(),
                Some(node) => self.slice(node.span.start, node.span.end).to_owned(),
                None => String::new(),
            };
            if let Some(node) = self.nodes.get_mut(key.index()) {
                node.segment = PathSegment::KeyOf(key_text.clone());
            }
            self.skip_ws()?;
            if self.peek() != Some(b':') {
                return self.unexpected("expected `:` after map key", self.pos);
            }
            self.pos += 1;
            self.skip_ws()?;
            let value = self.value(Some(id), PathSegment::Key(key_text))?;
            entries.push((key, value));
            had_comma = self.comma()?;
        }
        self.pos += 1;
        self.depth -= 1;
        Ok((NodeKind::Map(entries), self.pos))
    }

    /// `Some(..)`; with `implicit_some`, `ron` also reads `Some value`.
    fn some(&mut self, id: NodeId) -> PResult<(NodeKind, usize)> {
        let start = self.pos;
        self.pos += 4;
        self.skip_ws()?;
        if self.peek() == Some(b'(') {
            self.enter(self.pos)?;
            self.pos += 1;
            self.skip_ws()?;
            let inner = if self.unwrap_variant_newtypes {
                self.newtype_content(id)?
            } else {
                self.value(Some(id), PathSegment::Some)?
            };
            self.comma()?;
            self.expect(b')', "expected `)` to close `Some(..)`")?;
            self.depth -= 1;
            Ok((NodeKind::Some(inner), self.pos))
        } else if self.implicit_some {
            self.enter(start)?;
            let inner = self.value(Some(id), PathSegment::Some)?;
            self.depth -= 1;
            Ok((NodeKind::Some(inner), self.end_of(inner)))
        } else {
            self.unexpected("expected `(` after `Some`", self.pos)
        }
    }

    /// The content of `Some(` with `unwrap_variant_newtypes`: `ron` reads
    /// `Some(a: 1)` as a struct and `Some(1, 2)` as a tuple without their
    /// parentheses, and `Some()` as a unit.
    fn newtype_content(&mut self, some: NodeId) -> PResult<NodeId> {
        let start = self.pos;
        if self.peek() == Some(b')') {
            return self.push(Some(some), PathSegment::Some, start);
        }
        match self.classify_newtype()? {
            NewtypeContent::Value => self.value(Some(some), PathSegment::Some),
            NewtypeContent::Fields => {
                let inner = self.push(Some(some), PathSegment::Some, start)?;
                self.enter(start)?;
                let (fields, end) = self.fields(inner)?;
                self.depth -= 1;
                self.finish(inner, NodeKind::Struct { name: None, fields }, start, end);
                Ok(inner)
            }
            NewtypeContent::Elements => {
                let inner = self.push(Some(some), PathSegment::Some, start)?;
                self.enter(start)?;
                let (items, end) = self.elements(inner, b')', "expected `,` or `)` after tuple element")?;
                self.depth -= 1;
                self.finish(inner, NodeKind::Tuple { name: None, items }, start, end);
                Ok(inner)
            }
        }
    }

    /// `ron`'s `check_struct_type(InsideNewtype, DifferentiateNewtype)`:
    /// an identifier followed by `:`, `,` or `)` decides at once; otherwise
    /// it scans to the closing `)` for a comma at the top level.
    fn classify_newtype(&mut self) -> PResult<NewtypeContent> {
        let saved = self.pos;
        let result = self.classify_newtype_scan();
        self.pos = saved;
        result
    }

    fn classify_newtype_scan(&mut self) -> PResult<NewtypeContent> {
        if let Some((_, end)) = self.ident_span(self.pos) {
            self.pos = end;
            self.skip_ws()?;
            match self.peek() {
                Some(b':') => return Ok(NewtypeContent::Fields),
                Some(b',') => {
                    self.pos += 1;
                    return self.after_top_comma();
                }
                Some(b')') => return Ok(NewtypeContent::Value),
                _ => {}
            }
        }
        let mut braces = 1usize;
        while braces > 0 {
            // Like `ron`, try a char, a string and a byte string in turn so
            // that brackets and commas inside them do not count.
            self.skip_ws()?;
            if self.peek() == Some(b'\'') {
                if let Ok((_, end)) = self.char_literal(self.pos) {
                    self.pos = end;
                }
            }
            let at = self.pos;
            match self.peek() {
                Some(b'"') => self.pos = self.escaped(at, at, EscapeIn::Str)?.1,
                Some(b'r') if self.byte_at(self.run_bytes(at + 1, |b| b == b'#')) == Some(b'"') => {
                    self.pos = self.raw(at, at)?.1;
                }
                _ => {}
            }
            let at = self.pos;
            if self.starts_with_at(at, "b\"") {
                self.pos = self.escaped(at, at + 1, EscapeIn::ByteStr)?.1;
            } else if self.starts_with_at(at, "br")
                && self.byte_at(self.run_bytes(at + 2, |b| b == b'#')) == Some(b'"')
            {
                self.pos = self.raw(at, at + 1)?.1;
            }
            self.skip_ws()?;
            let Some(c) = self.char_at(self.pos) else {
                return self.fail(
                    "unexpected end of file, expected `)` to close `Some(..)`",
                    self.pos,
                    self.pos,
                );
            };
            self.pos += c.len_utf8();
            match c {
                '(' | '[' | '{' => braces += 1,
                ')' | ']' | '}' => braces -= 1,
                ',' if braces == 1 => return self.after_top_comma(),
                _ => {}
            }
        }
        Ok(NewtypeContent::Value)
    }

    fn after_top_comma(&mut self) -> PResult<NewtypeContent> {
        self.skip_ws()?;
        Ok(if self.peek() == Some(b')') {
            NewtypeContent::Value
        } else {
            NewtypeContent::Elements
        })
    }

    // ----- Strings and chars --------------------------------------------

    fn unterminated(&self, mode: EscapeIn, start: usize, open_end: usize) -> ParseError {
        let what = match mode {
            EscapeIn::Str => "unterminated string",
            EscapeIn::ByteStr => "unterminated byte string",
            EscapeIn::Char => "unterminated char literal",
            EscapeIn::ByteChar => "unterminated byte literal",
        };
        self.error(what, start, open_end)
    }

    /// A `"..."` literal whose opening quote is at `quote` (the literal
    /// starts at `start`, before a `b`); returns its content and end.
    fn escaped(&self, start: usize, quote: usize, mode: EscapeIn) -> PResult<(Text<'a>, usize)> {
        let body = quote + 1;
        let stop = |p: usize| self.run_bytes(p, |b| b != b'"' && b != b'\\');
        let mut at = stop(body);
        match self.byte_at(at) {
            None => return Err(self.unterminated(mode, start, body)),
            Some(b'"') => return Ok((Text::Borrowed(self.slice(body, at)), at + 1)),
            Some(_) => {}
        }
        let mut out = Vec::with_capacity(at - body + 16);
        out.extend_from_slice(self.bytes.get(body..at).unwrap_or_default());
        loop {
            // `at` is at a backslash.
            at = self.escape(start, body, at, mode, &mut out)?;
            let next = stop(at);
            out.extend_from_slice(self.bytes.get(at..next).unwrap_or_default());
            at = next;
            match self.byte_at(at) {
                None => return Err(self.unterminated(mode, start, body)),
                Some(b'"') => return Ok((Text::Owned(out), at + 1)),
                Some(_) => {}
            }
        }
    }

    /// The escape sequence at backslash `bs`; appends its bytes to `out` and
    /// returns the position after it.
    fn escape(
        &self,
        start: usize,
        body: usize,
        bs: usize,
        mode: EscapeIn,
        out: &mut Vec<u8>,
    ) -> PResult<usize> {
        let at = bs + 1;
        if matches!(mode, EscapeIn::Str | EscapeIn::ByteStr) {
            // String continuation: `\` at the end of a line drops the line
            // break and the indentation that follows.
            let newline = if self.starts_with_at(at, "\r\n") {
                2
            } else {
                usize::from(self.byte_at(at) == Some(b'\n'))
            };
            if newline > 0 {
                return Ok(self.run_bytes(at + newline, |b| matches!(b, b' ' | b'\t' | b'\n' | b'\r')));
            }
        }
        let Some(c) = self.char_at(at) else {
            return Err(self.unterminated(mode, start, body));
        };
        let simple = match c {
            '\'' => Some(b'\''),
            '"' => Some(b'"'),
            '\\' => Some(b'\\'),
            'n' => Some(b'\n'),
            'r' => Some(b'\r'),
            't' => Some(b'\t'),
            '0' => Some(0),
            _ => None,
        };
        if let Some(b) = simple {
            out.push(b);
            return Ok(at + 1);
        }
        match c {
            'x' => {
                let first = self.hex_pair(bs, at + 1)?;
                if matches!(mode, EscapeIn::ByteStr | EscapeIn::ByteChar) || first < 0x80 {
                    out.push(first);
                    return Ok(at + 3);
                }
                if mode == EscapeIn::Char {
                    return self.fail(
                        "a `\\x` escape in a char literal must be at most `\\x7F`",
                        bs,
                        at + 3,
                    );
                }
                // In a string, `\xC3\xA9` may spell one UTF-8 character.
                let mut buf = [first, 0, 0, 0];
                let mut p = at + 3;
                for i in 1..4 {
                    if !self.starts_with_at(p, "\\x") {
                        break;
                    }
                    let Some(slot) = buf.get_mut(i) else { break };
                    *slot = self.hex_pair(p, p + 2)?;
                    p += 4;
                    if let Some(s) = buf.get(..=i).and_then(|b| std::str::from_utf8(b).ok()) {
                        out.extend_from_slice(s.as_bytes());
                        return Ok(p);
                    }
                }
                self.fail("`\\x` escapes that do not form a UTF-8 character", bs, p)
            }
            'u' => {
                if self.byte_at(at + 1) != Some(b'{') {
                    return self.fail("expected `{` after `\\u`", bs, at + 2);
                }
                let mut p = at + 2;
                let mut value = 0u32;
                let mut digits = 0;
                while digits < 6 {
                    match self.byte_at(p) {
                        None => return Err(self.unterminated(mode, start, body)),
                        Some(b'}') => break,
                        Some(b) => {
                            let Some(d) = hex_value(b) else {
                                let end = p + self.char_at(p).map_or(1, char::len_utf8);
                                return self.fail("expected a hexadecimal digit or `}` in `\\u{..}`", p, end);
                            };
                            value = (value << 4) | u32::from(d);
                            digits += 1;
                            p += 1;
                        }
                    }
                }
                if digits == 0 {
                    return self.fail("empty unicode escape `\\u{}`", bs, p + 1);
                }
                if self.byte_at(p) != Some(b'}') {
                    return self.fail("expected `}` after at most 6 digits in `\\u{..}`", bs, p + 1);
                }
                p += 1;
                let Some(ch) = char::from_u32(value) else {
                    return self.fail(format!("`\\u{{{value:X}}}` is not a unicode scalar value"), bs, p);
                };
                if mode == EscapeIn::ByteChar {
                    return self.fail("a byte literal cannot contain a `\\u{..}` escape", bs, p);
                }
                let mut tmp = [0u8; 4];
                out.extend_from_slice(ch.encode_utf8(&mut tmp).as_bytes());
                Ok(p)
            }
            c => self.fail(
                format!("unknown escape `\\{}`", c.escape_debug()),
                bs,
                at + c.len_utf8(),
            ),
        }
    }

    /// Two hexadecimal digits at `p` of the `\x` escape at `bs`.
    fn hex_pair(&self, bs: usize, p: usize) -> PResult<u8> {
        match (
            self.byte_at(p).and_then(hex_value),
            self.byte_at(p + 1).and_then(hex_value),
        ) {
            (Some(hi), Some(lo)) => Ok((hi << 4) | lo),
            _ => self.fail("expected two hexadecimal digits after `\\x`", bs, p + 2),
        }
    }

    /// A raw string `r#".."#` with its `r` at `r`; the literal starts at
    /// `start` (before a `b`).
    fn raw(&self, start: usize, r: usize) -> PResult<(Text<'a>, usize)> {
        let quote = self.run_bytes(r + 1, |b| b == b'#');
        let hashes = quote - (r + 1);
        if self.byte_at(quote) != Some(b'"') {
            return self.unexpected("expected `\"` after `r` and `#` to start a raw string", quote);
        }
        let body = quote + 1;
        let rest = self.text.get(body..).unwrap_or("");
        let found = if hashes == 0 {
            rest.find('"')
        } else {
            let closing = format!("\"{}", "#".repeat(hashes));
            rest.find(closing.as_str())
        };
        let Some(len) = found else {
            let what = if start == r {
                "unterminated raw string"
            } else {
                "unterminated raw byte string"
            };
            return self.fail(what, start, body);
        };
        Ok((
            Text::Borrowed(self.slice(body, body + len)),
            body + len + 1 + hashes,
        ))
    }

    /// `'c'` at `start`. Like `ron`, `'''` is the apostrophe.
    fn char_literal(&self, start: usize) -> PResult<(char, usize)> {
        let at = start + 1;
        let Some(c) = self.char_at(at) else {
            return Err(self.unterminated(EscapeIn::Char, start, at));
        };
        let (ch, after) = if c == '\\' {
            let mut buf = Vec::with_capacity(4);
            let after = self.escape(start, at, at, EscapeIn::Char, &mut buf)?;
            let ch = std::str::from_utf8(&buf)
                .ok()
                .and_then(|s| s.chars().next())
                .unwrap_or('\0');
            (ch, after)
        } else {
            (c, at + c.len_utf8())
        };
        if self.byte_at(after) != Some(b'\'') {
            return self.unexpected("expected `'` to close the char literal", after);
        }
        Ok((ch, after + 1))
    }

    /// `b'a'` at `start`: an integer, as in `ron`.
    fn byte_literal(&self, start: usize) -> PResult<(Num, usize)> {
        let at = start + 2;
        let Some(c) = self.char_at(at) else {
            return Err(self.unterminated(EscapeIn::ByteChar, start, at));
        };
        let (byte, after) = if c == '\\' {
            let mut buf = Vec::with_capacity(1);
            let after = self.escape(start, at, at, EscapeIn::ByteChar, &mut buf)?;
            (buf.first().copied().unwrap_or(0), after)
        } else if c.is_ascii() {
            (c as u8, at + 1)
        } else {
            return self.fail("a byte literal must be an ASCII character", at, at + c.len_utf8());
        };
        if self.byte_at(after) != Some(b'\'') {
            return self.unexpected("expected `'` to close the byte literal", after);
        }
        Ok((Num::Int(i64::from(byte)), after + 1))
    }

    // ----- Numbers -------------------------------------------------------

    fn number(&mut self, start: usize) -> PResult<(NodeKind, usize)> {
        if self.starts_with_at(start, "..") {
            // `..`, `..5`, `..=5`: ranges without a start.
            return self.fail("ranges (`..`) are not supported", start, start + 2);
        }
        let (num, end) = self.any_number(start)?;
        self.pos = end;
        self.no_range(start)?;
        Ok((num.into_kind(), end))
    }

    /// `ron` reads `1..2`, `1..=2`, `1..`, `..2` and `..` as ranges, maps
    /// with `start`/`end` keys that are not in the source; not supported.
    fn no_range(&self, start: usize) -> PResult<()> {
        if self.starts_with_at(self.pos, "..") {
            let end = if self.starts_with_at(self.pos, "..=") {
                self.pos + 3
            } else {
                self.pos + 2
            };
            return self.fail("ranges (`..`) are not supported", start, end);
        }
        Ok(())
    }

    /// `ron`'s `any_number`: a float if the float characters reach further
    /// than the integer characters, else an integer, falling back to a
    /// float (e.g. for `1e5` or a decimal beyond 64 bits) when the integer
    /// fails and the float gets at least as far.
    fn any_number(&self, start: usize) -> PResult<(Num, usize)> {
        if self.looks_like_float(start) {
            return self.float(start).map(|(v, end)| (Num::Float(v), end));
        }
        match self.integer(start) {
            Ok(parsed) => Ok(parsed),
            Err((error, int_end)) => match self.float(start) {
                Ok((v, end)) if end >= int_end => Ok((Num::Float(v), end)),
                _ => Err(error),
            },
        }
    }

    fn looks_like_float(&self, start: usize) -> bool {
        let from = start + usize::from(matches!(self.byte_at(start), Some(b'+' | b'-')));
        let raw_end = self.run_bytes(from, is_float_byte);
        let float_len = self.dots_in(from, raw_end).unwrap_or(raw_end) - from;
        let int_len = self.run_bytes(from, is_int_byte) - from;
        float_len > int_len
    }

    /// The position of the first `..` in `from..end`.
    fn dots_in(&self, from: usize, end: usize) -> Option<usize> {
        let run = self.bytes.get(from..end)?;
        run.windows(2).position(|w| w == b"..").map(|i| from + i)
    }

    fn float(&self, start: usize) -> PResult<(f64, usize)> {
        for (word, value) in [
            ("inf", f64::INFINITY),
            ("+inf", f64::INFINITY),
            ("-inf", f64::NEG_INFINITY),
            ("NaN", f64::NAN),
            ("+NaN", f64::NAN),
            ("-NaN", -f64::NAN),
        ] {
            if self.starts_with_at(start, word) {
                let after = start + word.len();
                if !self.is_xid_continue_at(after) {
                    return Ok((value, after));
                }
                if self.word_at(after, "f32") || self.word_at(after, "f64") {
                    return Ok((value, after + 3));
                }
            }
        }
        let raw_end = self.run_bytes(start, is_float_byte);
        let end = self.dots_in(start, raw_end).unwrap_or(raw_end);
        if end == start {
            return self.unexpected("expected a number", start);
        }
        if self.byte_at(start) == Some(b'_') {
            return self.fail("a number cannot start with `_`", start, start + 1);
        }
        // `_` may follow a digit or an exponent, not `.` or the start.
        let literal = self.bytes.get(start..end).unwrap_or_default();
        let mut allow_underscore = false;
        let mut underscores = false;
        for (i, &b) in literal.iter().enumerate() {
            match b {
                b'_' if allow_underscore => underscores = true,
                b'_' => return self.fail("`_` must follow a digit in a number", start + i, start + i + 1),
                b'0'..=b'9' | b'e' | b'E' => allow_underscore = true,
                b'.' => allow_underscore = false,
                _ => {}
            }
        }
        let source = self.slice(start, end);
        let cleaned: std::borrow::Cow<'_, str> = if underscores {
            source.chars().filter(|&c| c != '_').collect::<String>().into()
        } else {
            source.into()
        };
        let invalid = || self.error(format!("invalid number `{source}`"), start, end);
        if self.word_at(end, "f32") {
            let v = cleaned.parse::<f32>().map_err(|_| invalid())?;
            return Ok((f64::from(v), end + 3));
        }
        if self.word_at(end, "f64") {
            let v = cleaned.parse::<f64>().map_err(|_| invalid())?;
            return Ok((v, end + 3));
        }
        let v = cleaned.parse::<f64>().map_err(|_| invalid())?;
        Ok((v, end))
    }

    /// `ron`'s integer reader. On failure also returns where `ron`'s cursor
    /// stopped, which decides whether the float fallback may take over.
    fn integer(&self, start: usize) -> Result<(Num, usize), (ParseError, usize)> {
        let mut p = start;
        let mut negative = false;
        match self.byte_at(p) {
            Some(b'+') => p += 1,
            Some(b'-') => {
                negative = true;
                p += 1;
            }
            Some(b'b') if self.byte_at(p + 1) == Some(b'\'') => {
                return self.byte_literal(start).map_err(|e| (e, start));
            }
            _ => {}
        }
        let base = if self.starts_with_at(p, "0b") {
            2
        } else if self.starts_with_at(p, "0o") {
            8
        } else if self.starts_with_at(p, "0x") {
            16
        } else {
            10
        };
        if base != 10 {
            p += 2;
        }
        let digits = p;
        let digits_end = self.run_bytes(digits, is_int_byte);
        if matches!(self.byte_at(digits_end), Some(b'i' | b'u')) {
            if let Some(ty) = INT_SUFFIXES.iter().find(|t| self.word_at(digits_end, t.name)) {
                let suffix_end = digits_end + ty.name.len();
                return match self.int_digits(digits, digits_end, base, negative, ty) {
                    Ok(v) => Ok((Num::from_i128(v), suffix_end)),
                    Err(e) => {
                        let cursor = match e {
                            IntError::LeadingUnderscore => digits,
                            IntError::InvalidDigit(at) => at,
                            IntError::Empty | IntError::OutOfRange => suffix_end,
                        };
                        Err((
                            self.int_error(e, start, digits, suffix_end, base, Some(ty.name)),
                            cursor,
                        ))
                    }
                };
            }
        }
        let ty = if negative {
            &UNSUFFIXED_NEG
        } else {
            &UNSUFFIXED_POS
        };
        match self.int_digits(digits, digits_end, base, negative, ty) {
            Ok(v) => Ok((Num::from_i128(v), digits_end)),
            Err(e) => {
                let cursor = match e {
                    IntError::Empty | IntError::LeadingUnderscore => digits,
                    IntError::InvalidDigit(at) => at,
                    IntError::OutOfRange => digits_end,
                };
                Err((self.int_error(e, start, digits, digits_end, base, None), cursor))
            }
        }
    }

    /// Accumulates digits like `ron` (overflow of the multiplication is
    /// checked before the digit, the addition after).
    fn int_digits(
        &self,
        digits: usize,
        end: usize,
        base: u8,
        negative: bool,
        ty: &IntType,
    ) -> Result<i128, IntError> {
        let literal = self.bytes.get(digits..end).unwrap_or_default();
        match literal.first() {
            None => return Err(IntError::Empty),
            Some(b'_') => return Err(IntError::LeadingUnderscore),
            Some(_) => {}
        }
        let mut acc: i128 = 0;
        for (i, &b) in literal.iter().enumerate() {
            if b == b'_' {
                continue;
            }
            let shifted = acc * i128::from(base);
            if shifted < ty.min || shifted > ty.max {
                return Err(IntError::OutOfRange);
            }
            let digit = match hex_value(b) {
                Some(d) if d < base => i128::from(d),
                _ => return Err(IntError::InvalidDigit(digits + i)),
            };
            acc = if negative {
                shifted - digit
            } else {
                shifted + digit
            };
            if acc < ty.min || acc > ty.max {
                return Err(IntError::OutOfRange);
            }
        }
        Ok(acc)
    }

    fn int_error(
        &self,
        error: IntError,
        start: usize,
        digits: usize,
        end: usize,
        base: u8,
        suffix: Option<&str>,
    ) -> ParseError {
        match error {
            IntError::Empty => {
                let (found, span) = self.found(digits);
                ParseError {
                    message: format!("expected digits, found {found}"),
                    span,
                }
            }
            IntError::LeadingUnderscore => self.error("digits cannot start with `_`", digits, digits + 1),
            IntError::InvalidDigit(at) => {
                let digit = char::from(self.byte_at(at).unwrap_or(b'?'));
                self.error(
                    format!("invalid digit `{digit}` in a base {base} integer"),
                    at,
                    at + 1,
                )
            }
            IntError::OutOfRange => match suffix {
                Some(ty) => self.error(format!("integer out of range for `{ty}`"), start, end),
                None => self.error("integer out of range", start, end),
            },
        }
    }
}

fn is_xid_start(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        in_table(XID_START, c)
    }
}

fn is_xid_continue(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        in_table(XID_CONTINUE, c)
    }
}

fn is_ident_first_char(c: char) -> bool {
    c == '_' || is_xid_start(c)
}

/// Raw identifiers (`r#a.b-c`) may also hold `.`, `+` and `-`.
fn is_ident_raw_char(c: char) -> bool {
    matches!(c, '.' | '+' | '-') || is_xid_continue(c)
}

fn in_table(table: &[(u32, u32)], c: char) -> bool {
    let cp = u32::from(c);
    table
        .binary_search_by(|&(lo, hi)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

// The crate has no Unicode identifier dependency of its own, and `ron` keeps
// its identifier check private, so the tables `ron` uses (via unicode-ident)
// are copied here as ranges.

/// `XID_Start` ranges above ASCII (generated from unicode-ident 1.0.27, the version ron 0.12 uses).
#[rustfmt::skip]
const XID_START: &[(u32, u32)] = &[
    (0xAA, 0xAA), (0xB5, 0xB5), (0xBA, 0xBA), (0xC0, 0xD6), (0xD8, 0xF6), (0xF8, 0x2C1),
    (0x2C6, 0x2D1), (0x2E0, 0x2E4), (0x2EC, 0x2EC), (0x2EE, 0x2EE), (0x370, 0x374), (0x376, 0x377),
    (0x37B, 0x37D), (0x37F, 0x37F), (0x386, 0x386), (0x388, 0x38A), (0x38C, 0x38C), (0x38E, 0x3A1),
    (0x3A3, 0x3F5), (0x3F7, 0x481), (0x48A, 0x52F), (0x531, 0x556), (0x558, 0x559), (0x560, 0x588),
    (0x58B, 0x58C), (0x5D0, 0x5EA), (0x5EF, 0x5F2), (0x620, 0x64A), (0x66E, 0x66F), (0x671, 0x6D3),
    (0x6D5, 0x6D5), (0x6E5, 0x6E6), (0x6EE, 0x6EF), (0x6FA, 0x6FC), (0x6FF, 0x6FF), (0x710, 0x710),
    (0x712, 0x72F), (0x74D, 0x7A5), (0x7B1, 0x7B1), (0x7CA, 0x7EA), (0x7F4, 0x7F5), (0x7FA, 0x7FA),
    (0x800, 0x815), (0x81A, 0x81A), (0x824, 0x824), (0x828, 0x828), (0x840, 0x858), (0x860, 0x86A),
    (0x870, 0x887), (0x889, 0x88F), (0x8A0, 0x8C9), (0x904, 0x939), (0x93D, 0x93D), (0x950, 0x950),
    (0x958, 0x961), (0x971, 0x980), (0x985, 0x98C), (0x98F, 0x990), (0x993, 0x9A8), (0x9AA, 0x9B0),
    (0x9B2, 0x9B2), (0x9B6, 0x9B9), (0x9BD, 0x9BD), (0x9CE, 0x9CE), (0x9DC, 0x9DD), (0x9DF, 0x9E1),
    (0x9F0, 0x9F1), (0x9FC, 0x9FC), (0xA05, 0xA0A), (0xA0F, 0xA10), (0xA13, 0xA28), (0xA2A, 0xA30),
    (0xA32, 0xA33), (0xA35, 0xA36), (0xA38, 0xA39), (0xA59, 0xA5C), (0xA5E, 0xA5E), (0xA72, 0xA74),
    (0xA85, 0xA8D), (0xA8F, 0xA91), (0xA93, 0xAA8), (0xAAA, 0xAB0), (0xAB2, 0xAB3), (0xAB5, 0xAB9),
    (0xABD, 0xABD), (0xAD0, 0xAD0), (0xAE0, 0xAE1), (0xAF9, 0xAF9), (0xB05, 0xB0C), (0xB0F, 0xB10),
    (0xB13, 0xB28), (0xB2A, 0xB30), (0xB32, 0xB33), (0xB35, 0xB39), (0xB3D, 0xB3D), (0xB5C, 0xB5D),
    (0xB5F, 0xB61), (0xB71, 0xB71), (0xB83, 0xB83), (0xB85, 0xB8A), (0xB8E, 0xB90), (0xB92, 0xB95),
    (0xB99, 0xB9A), (0xB9C, 0xB9C), (0xB9E, 0xB9F), (0xBA3, 0xBA4), (0xBA8, 0xBAA), (0xBAE, 0xBB9),
    (0xBD0, 0xBD0), (0xC05, 0xC0C), (0xC0E, 0xC10), (0xC12, 0xC28), (0xC2A, 0xC39), (0xC3D, 0xC3D),
    (0xC58, 0xC5A), (0xC5C, 0xC5D), (0xC60, 0xC61), (0xC80, 0xC80), (0xC85, 0xC8C), (0xC8E, 0xC90),
    (0xC92, 0xCA8), (0xCAA, 0xCB3), (0xCB5, 0xCB9), (0xCBD, 0xCBD), (0xCDC, 0xCDE), (0xCE0, 0xCE1),
    (0xCF1, 0xCF2), (0xD04, 0xD0C), (0xD0E, 0xD10), (0xD12, 0xD3A), (0xD3D, 0xD3D), (0xD4E, 0xD4E),
    (0xD54, 0xD56), (0xD5F, 0xD61), (0xD7A, 0xD7F), (0xD85, 0xD96), (0xD9A, 0xDB1), (0xDB3, 0xDBB),
    (0xDBD, 0xDBD), (0xDC0, 0xDC6), (0xE01, 0xE30), (0xE32, 0xE32), (0xE40, 0xE46), (0xE81, 0xE82),
    (0xE84, 0xE84), (0xE86, 0xE8A), (0xE8C, 0xEA3), (0xEA5, 0xEA5), (0xEA7, 0xEB0), (0xEB2, 0xEB2),
    (0xEBD, 0xEBD), (0xEC0, 0xEC4), (0xEC6, 0xEC6), (0xEDC, 0xEDF), (0xF00, 0xF00), (0xF40, 0xF47),
    (0xF49, 0xF6C), (0xF88, 0xF8C), (0x1000, 0x102A), (0x103F, 0x103F), (0x1050, 0x1055),
    (0x105A, 0x105D), (0x1061, 0x1061), (0x1065, 0x1066), (0x106E, 0x1070), (0x1075, 0x1081),
    (0x108E, 0x108E), (0x10A0, 0x10C5), (0x10C7, 0x10C7), (0x10CD, 0x10CD), (0x10D0, 0x10FA),
    (0x10FC, 0x1248), (0x124A, 0x124D), (0x1250, 0x1256), (0x1258, 0x1258), (0x125A, 0x125D),
    (0x1260, 0x1288), (0x128A, 0x128D), (0x1290, 0x12B0), (0x12B2, 0x12B5), (0x12B8, 0x12BE),
    (0x12C0, 0x12C0), (0x12C2, 0x12C5), (0x12C8, 0x12D6), (0x12D8, 0x1310), (0x1312, 0x1315),
    (0x1318, 0x135A), (0x1380, 0x138F), (0x13A0, 0x13F5), (0x13F8, 0x13FD), (0x1401, 0x166C),
    (0x166F, 0x167F), (0x1681, 0x169A), (0x16A0, 0x16EA), (0x16EE, 0x16F8), (0x1700, 0x1711),
    (0x171F, 0x1731), (0x1740, 0x1751), (0x1760, 0x176C), (0x176E, 0x1770), (0x1780, 0x17B3),
    (0x17D7, 0x17D7), (0x17DC, 0x17DC), (0x1820, 0x1878), (0x1880, 0x18A8), (0x18AA, 0x18AA),
    (0x18B0, 0x18F5), (0x1900, 0x191E), (0x1950, 0x196D), (0x1970, 0x1974), (0x1980, 0x19AB),
    (0x19B0, 0x19C9), (0x1A00, 0x1A16), (0x1A20, 0x1A54), (0x1AA7, 0x1AA7), (0x1B05, 0x1B33),
    (0x1B45, 0x1B4C), (0x1B83, 0x1BA0), (0x1BAE, 0x1BAF), (0x1BBA, 0x1BE5), (0x1C00, 0x1C23),
    (0x1C4D, 0x1C4F), (0x1C5A, 0x1C7D), (0x1C80, 0x1C8A), (0x1C90, 0x1CBA), (0x1CBD, 0x1CBF),
    (0x1CE9, 0x1CEC), (0x1CEE, 0x1CF3), (0x1CF5, 0x1CF6), (0x1CFA, 0x1CFA), (0x1D00, 0x1DBF),
    (0x1E00, 0x1F15), (0x1F18, 0x1F1D), (0x1F20, 0x1F45), (0x1F48, 0x1F4D), (0x1F50, 0x1F57),
    (0x1F59, 0x1F59), (0x1F5B, 0x1F5B), (0x1F5D, 0x1F5D), (0x1F5F, 0x1F7D), (0x1F80, 0x1FB4),
    (0x1FB6, 0x1FBC), (0x1FBE, 0x1FBE), (0x1FC2, 0x1FC4), (0x1FC6, 0x1FCC), (0x1FD0, 0x1FD3),
    (0x1FD6, 0x1FDB), (0x1FE0, 0x1FEC), (0x1FF2, 0x1FF4), (0x1FF6, 0x1FFC), (0x2071, 0x2071),
    (0x207F, 0x207F), (0x208F, 0x209F), (0x2102, 0x2102), (0x2107, 0x2107), (0x210A, 0x2113),
    (0x2115, 0x2115), (0x2118, 0x211D), (0x2124, 0x2124), (0x2126, 0x2126), (0x2128, 0x2128),
    (0x212A, 0x2139), (0x213C, 0x213F), (0x2145, 0x2149), (0x214E, 0x214E), (0x2160, 0x2188),
    (0x2C00, 0x2CE4), (0x2CEB, 0x2CEE), (0x2CF2, 0x2CF3), (0x2D00, 0x2D25), (0x2D27, 0x2D27),
    (0x2D2D, 0x2D2D), (0x2D30, 0x2D67), (0x2D6F, 0x2D6F), (0x2D80, 0x2D96), (0x2DA0, 0x2DA6),
    (0x2DA8, 0x2DAE), (0x2DB0, 0x2DB6), (0x2DB8, 0x2DBE), (0x2DC0, 0x2DC6), (0x2DC8, 0x2DCE),
    (0x2DD0, 0x2DD6), (0x2DD8, 0x2DDE), (0x3005, 0x3007), (0x3021, 0x3029), (0x3031, 0x3035),
    (0x3038, 0x303C), (0x3041, 0x3096), (0x309D, 0x309F), (0x30A1, 0x30FA), (0x30FC, 0x30FF),
    (0x3105, 0x312F), (0x3131, 0x318E), (0x31A0, 0x31BF), (0x31F0, 0x31FF), (0x3400, 0x4DBF),
    (0x4E00, 0xA48C), (0xA4D0, 0xA4FD), (0xA500, 0xA60C), (0xA610, 0xA61F), (0xA62A, 0xA62B),
    (0xA640, 0xA66E), (0xA67F, 0xA69D), (0xA6A0, 0xA6EF), (0xA717, 0xA71F), (0xA722, 0xA788),
    (0xA78B, 0xA7DD), (0xA7E2, 0xA7E2), (0xA7F1, 0xA801), (0xA803, 0xA805), (0xA807, 0xA80A),
    (0xA80C, 0xA822), (0xA840, 0xA873), (0xA882, 0xA8B3), (0xA8F2, 0xA8F7), (0xA8FB, 0xA8FB),
    (0xA8FD, 0xA8FE), (0xA90A, 0xA925), (0xA930, 0xA946), (0xA960, 0xA97C), (0xA984, 0xA9B2),
    (0xA9CF, 0xA9CF), (0xA9E0, 0xA9E4), (0xA9E6, 0xA9EF), (0xA9FA, 0xA9FE), (0xAA00, 0xAA28),
    (0xAA40, 0xAA42), (0xAA44, 0xAA4B), (0xAA60, 0xAA76), (0xAA7A, 0xAA7A), (0xAA7E, 0xAAAF),
    (0xAAB1, 0xAAB1), (0xAAB5, 0xAAB6), (0xAAB9, 0xAABD), (0xAAC0, 0xAAC0), (0xAAC2, 0xAAC2),
    (0xAADB, 0xAADD), (0xAAE0, 0xAAEA), (0xAAF2, 0xAAF4), (0xAB01, 0xAB06), (0xAB09, 0xAB0E),
    (0xAB11, 0xAB16), (0xAB20, 0xAB26), (0xAB28, 0xAB2E), (0xAB30, 0xAB5A), (0xAB5C, 0xAB69),
    (0xAB6C, 0xAB6D), (0xAB70, 0xABE2), (0xAC00, 0xD7A3), (0xD7B0, 0xD7C6), (0xD7CB, 0xD7FB),
    (0xF900, 0xFA6D), (0xFA70, 0xFAD9), (0xFB00, 0xFB06), (0xFB13, 0xFB17), (0xFB1D, 0xFB1D),
    (0xFB1F, 0xFB28), (0xFB2A, 0xFB36), (0xFB38, 0xFB3C), (0xFB3E, 0xFB3E), (0xFB40, 0xFB41),
    (0xFB43, 0xFB44), (0xFB46, 0xFBB1), (0xFBD3, 0xFC5D), (0xFC64, 0xFD3D), (0xFD50, 0xFD8F),
    (0xFD92, 0xFDC7), (0xFDF0, 0xFDF9), (0xFE71, 0xFE71), (0xFE73, 0xFE73), (0xFE77, 0xFE77),
    (0xFE79, 0xFE79), (0xFE7B, 0xFE7B), (0xFE7D, 0xFE7D), (0xFE7F, 0xFEFC), (0xFF21, 0xFF3A),
    (0xFF41, 0xFF5A), (0xFF66, 0xFF9D), (0xFFA0, 0xFFBE), (0xFFC2, 0xFFC7), (0xFFCA, 0xFFCF),
    (0xFFD2, 0xFFD7), (0xFFDA, 0xFFDC), (0x10000, 0x1000B), (0x1000D, 0x10026), (0x10028, 0x1003A),
    (0x1003C, 0x1003D), (0x1003F, 0x1004D), (0x10050, 0x1005D), (0x10080, 0x100FA),
    (0x10140, 0x10174), (0x10280, 0x1029C), (0x102A0, 0x102D0), (0x10300, 0x1031F),
    (0x1032D, 0x1034A), (0x10350, 0x10375), (0x10380, 0x1039D), (0x103A0, 0x103C3),
    (0x103C8, 0x103CF), (0x103D1, 0x103D5), (0x10400, 0x1049D), (0x104B0, 0x104D3),
    (0x104D8, 0x104FB), (0x10500, 0x10527), (0x10530, 0x10563), (0x10570, 0x1057A),
    (0x1057C, 0x1058A), (0x1058C, 0x10592), (0x10594, 0x10595), (0x10597, 0x105A1),
    (0x105A3, 0x105B1), (0x105B3, 0x105B9), (0x105BB, 0x105BC), (0x105C0, 0x105F3),
    (0x10600, 0x10736), (0x10740, 0x10755), (0x10760, 0x10767), (0x10780, 0x10785),
    (0x10787, 0x107B0), (0x107B2, 0x107BF), (0x10800, 0x10805), (0x10808, 0x10808),
    (0x1080A, 0x10835), (0x10837, 0x10838), (0x1083C, 0x1083C), (0x1083F, 0x10855),
    (0x10860, 0x10876), (0x10880, 0x1089E), (0x108E0, 0x108F2), (0x108F4, 0x108F5),
    (0x10900, 0x10915), (0x10920, 0x10939), (0x10940, 0x10959), (0x10980, 0x109B7),
    (0x109BE, 0x109BF), (0x10A00, 0x10A00), (0x10A10, 0x10A13), (0x10A15, 0x10A17),
    (0x10A19, 0x10A35), (0x10A60, 0x10A7C), (0x10A80, 0x10A9C), (0x10AC0, 0x10AC7),
    (0x10AC9, 0x10AE4), (0x10B00, 0x10B35), (0x10B40, 0x10B55), (0x10B60, 0x10B72),
    (0x10B80, 0x10B91), (0x10C00, 0x10C48), (0x10C80, 0x10CB2), (0x10CC0, 0x10CF2),
    (0x10D00, 0x10D23), (0x10D4A, 0x10D65), (0x10D6F, 0x10D85), (0x10E80, 0x10EA9),
    (0x10EB0, 0x10EB1), (0x10EC2, 0x10EC7), (0x10ED9, 0x10EEE), (0x10F00, 0x10F1C),
    (0x10F27, 0x10F27), (0x10F30, 0x10F45), (0x10F70, 0x10F81), (0x10FB0, 0x10FC4),
    (0x10FE0, 0x10FF6), (0x11003, 0x11037), (0x11071, 0x11072), (0x11075, 0x11075),
    (0x11083, 0x110AF), (0x110D0, 0x110E8), (0x11103, 0x11126), (0x11144, 0x11144),
    (0x11147, 0x11147), (0x11150, 0x11172), (0x11176, 0x11176), (0x11183, 0x111B2),
    (0x111C1, 0x111C4), (0x111DA, 0x111DA), (0x111DC, 0x111DC), (0x11200, 0x11211),
    (0x11213, 0x1122B), (0x1123F, 0x11240), (0x11280, 0x11286), (0x11288, 0x11288),
    (0x1128A, 0x1128D), (0x1128F, 0x1129D), (0x1129F, 0x112A8), (0x112B0, 0x112DE),
    (0x11305, 0x1130C), (0x1130F, 0x11310), (0x11313, 0x11328), (0x1132A, 0x11330),
    (0x11332, 0x11333), (0x11335, 0x11339), (0x1133D, 0x1133D), (0x11350, 0x11350),
    (0x1135D, 0x11361), (0x11380, 0x11389), (0x1138B, 0x1138B), (0x1138E, 0x1138E),
    (0x11390, 0x113B5), (0x113B7, 0x113B7), (0x113D1, 0x113D1), (0x113D3, 0x113D3),
    (0x11400, 0x11434), (0x11447, 0x1144A), (0x1145F, 0x11461), (0x11480, 0x114AF),
    (0x114C4, 0x114C5), (0x114C7, 0x114C7), (0x11580, 0x115AE), (0x115D8, 0x115DB),
    (0x11600, 0x1162F), (0x11644, 0x11644), (0x11680, 0x116AA), (0x116B8, 0x116B8),
    (0x11700, 0x1171A), (0x11740, 0x11746), (0x11800, 0x1182B), (0x118A0, 0x118DF),
    (0x118FF, 0x11906), (0x11909, 0x11909), (0x1190C, 0x11913), (0x11915, 0x11916),
    (0x11918, 0x1192F), (0x1193F, 0x1193F), (0x11941, 0x11941), (0x119A0, 0x119A7),
    (0x119AA, 0x119D0), (0x119E1, 0x119E1), (0x119E3, 0x119E3), (0x11A00, 0x11A00),
    (0x11A0B, 0x11A32), (0x11A3A, 0x11A3A), (0x11A50, 0x11A50), (0x11A5C, 0x11A89),
    (0x11A9D, 0x11A9D), (0x11AB0, 0x11AF8), (0x11B0A, 0x11B0A), (0x11BC0, 0x11BE0),
    (0x11C00, 0x11C08), (0x11C0A, 0x11C2E), (0x11C40, 0x11C40), (0x11C72, 0x11C8F),
    (0x11D00, 0x11D06), (0x11D08, 0x11D09), (0x11D0B, 0x11D30), (0x11D46, 0x11D46),
    (0x11D60, 0x11D65), (0x11D67, 0x11D68), (0x11D6A, 0x11D89), (0x11D98, 0x11D98),
    (0x11DB0, 0x11DDB), (0x11DF1, 0x11DF1), (0x11EE0, 0x11EF2), (0x11F02, 0x11F02),
    (0x11F04, 0x11F10), (0x11F12, 0x11F33), (0x11FB0, 0x11FB0), (0x12000, 0x12399),
    (0x12400, 0x1246F), (0x12475, 0x12543), (0x12550, 0x12686), (0x12F90, 0x12FF0),
    (0x13000, 0x1342F), (0x13441, 0x13446), (0x13460, 0x143FA), (0x14400, 0x14646),
    (0x16100, 0x1611D), (0x16800, 0x16A38), (0x16A40, 0x16A5E), (0x16A70, 0x16ABE),
    (0x16AD0, 0x16AED), (0x16B00, 0x16B2F), (0x16B40, 0x16B43), (0x16B63, 0x16B77),
    (0x16B7D, 0x16B8F), (0x16D40, 0x16D6C), (0x16E40, 0x16E7F), (0x16EA0, 0x16EB8),
    (0x16EBB, 0x16ED3), (0x16F00, 0x16F4A), (0x16F50, 0x16F50), (0x16F93, 0x16F9F),
    (0x16FE0, 0x16FE1), (0x16FE3, 0x16FE3), (0x16FF2, 0x16FF6), (0x17000, 0x18CDA),
    (0x18CFF, 0x18D20), (0x18D80, 0x18DF2), (0x18E00, 0x19191), (0x191A0, 0x191D2),
    (0x1AFF0, 0x1AFF3), (0x1AFF5, 0x1AFFB), (0x1AFFD, 0x1AFFE), (0x1B000, 0x1B128),
    (0x1B132, 0x1B132), (0x1B150, 0x1B152), (0x1B155, 0x1B155), (0x1B164, 0x1B168),
    (0x1B170, 0x1B2FB), (0x1BC00, 0x1BC6A), (0x1BC70, 0x1BC7C), (0x1BC80, 0x1BC88),
    (0x1BC90, 0x1BC99), (0x1D400, 0x1D454), (0x1D456, 0x1D49C), (0x1D49E, 0x1D49F),
    (0x1D4A2, 0x1D4A2), (0x1D4A5, 0x1D4A6), (0x1D4A9, 0x1D4AC), (0x1D4AE, 0x1D4B9),
    (0x1D4BB, 0x1D4BB), (0x1D4BD, 0x1D4C3), (0x1D4C5, 0x1D505), (0x1D507, 0x1D50A),
    (0x1D50D, 0x1D514), (0x1D516, 0x1D51C), (0x1D51E, 0x1D539), (0x1D53B, 0x1D53E),
    (0x1D540, 0x1D544), (0x1D546, 0x1D546), (0x1D54A, 0x1D550), (0x1D552, 0x1D6A6),
    (0x1D6A8, 0x1D6C0), (0x1D6C2, 0x1D6DA), (0x1D6DC, 0x1D6FA), (0x1D6FC, 0x1D714),
    (0x1D716, 0x1D734), (0x1D736, 0x1D74E), (0x1D750, 0x1D76E), (0x1D770, 0x1D788),
    (0x1D78A, 0x1D7A8), (0x1D7AA, 0x1D7C2), (0x1D7C4, 0x1D7CB), (0x1DF00, 0x1DF81),
    (0x1DF90, 0x1DF96), (0x1DFCD, 0x1DFFF), (0x1E030, 0x1E06D), (0x1E100, 0x1E12C),
    (0x1E137, 0x1E13D), (0x1E14E, 0x1E14E), (0x1E290, 0x1E2AD), (0x1E2C0, 0x1E2EB),
    (0x1E4D0, 0x1E4EB), (0x1E5D0, 0x1E5ED), (0x1E5F0, 0x1E5F0), (0x1E6C0, 0x1E6DE),
    (0x1E6E0, 0x1E6E2), (0x1E6E4, 0x1E6E5), (0x1E6E7, 0x1E6ED), (0x1E6F0, 0x1E6F4),
    (0x1E6FE, 0x1E6FF), (0x1E7E0, 0x1E7E6), (0x1E7E8, 0x1E7EB), (0x1E7ED, 0x1E7EE),
    (0x1E7F0, 0x1E7FE), (0x1E800, 0x1E8C4), (0x1E900, 0x1E943), (0x1E94B, 0x1E94B),
    (0x1EE00, 0x1EE03), (0x1EE05, 0x1EE1F), (0x1EE21, 0x1EE22), (0x1EE24, 0x1EE24),
    (0x1EE27, 0x1EE27), (0x1EE29, 0x1EE32), (0x1EE34, 0x1EE37), (0x1EE39, 0x1EE39),
    (0x1EE3B, 0x1EE3B), (0x1EE42, 0x1EE42), (0x1EE47, 0x1EE47), (0x1EE49, 0x1EE49),
    (0x1EE4B, 0x1EE4B), (0x1EE4D, 0x1EE4F), (0x1EE51, 0x1EE52), (0x1EE54, 0x1EE54),
    (0x1EE57, 0x1EE57), (0x1EE59, 0x1EE59), (0x1EE5B, 0x1EE5B), (0x1EE5D, 0x1EE5D),
    (0x1EE5F, 0x1EE5F), (0x1EE61, 0x1EE62), (0x1EE64, 0x1EE64), (0x1EE67, 0x1EE6A),
    (0x1EE6C, 0x1EE72), (0x1EE74, 0x1EE77), (0x1EE79, 0x1EE7C), (0x1EE7E, 0x1EE7E),
    (0x1EE80, 0x1EE89), (0x1EE8B, 0x1EE9B), (0x1EEA1, 0x1EEA3), (0x1EEA5, 0x1EEA9),
    (0x1EEAB, 0x1EEBB), (0x20000, 0x2A6DF), (0x2A700, 0x2B81E), (0x2B820, 0x2CEAD),
    (0x2CEB0, 0x2EBE0), (0x2EBF0, 0x2EE5D), (0x2F800, 0x2FA1D), (0x30000, 0x3134A),
    (0x31350, 0x33479), (0x3D000, 0x3FC3F),
];

/// `XID_Continue` ranges above ASCII (same source).
#[rustfmt::skip]
const XID_CONTINUE: &[(u32, u32)] = &[
    (0xAA, 0xAA), (0xB5, 0xB5), (0xB7, 0xB7), (0xBA, 0xBA), (0xC0, 0xD6), (0xD8, 0xF6),
    (0xF8, 0x2C1), (0x2C6, 0x2D1), (0x2E0, 0x2E4), (0x2EC, 0x2EC), (0x2EE, 0x2EE), (0x300, 0x374),
    (0x376, 0x377), (0x37B, 0x37D), (0x37F, 0x37F), (0x386, 0x38A), (0x38C, 0x38C), (0x38E, 0x3A1),
    (0x3A3, 0x3F5), (0x3F7, 0x481), (0x483, 0x487), (0x48A, 0x52F), (0x531, 0x556), (0x558, 0x559),
    (0x560, 0x588), (0x58B, 0x58C), (0x591, 0x5BD), (0x5BF, 0x5BF), (0x5C1, 0x5C2), (0x5C4, 0x5C5),
    (0x5C7, 0x5C9), (0x5D0, 0x5EA), (0x5EF, 0x5F2), (0x610, 0x61A), (0x620, 0x669), (0x66E, 0x6D3),
    (0x6D5, 0x6DC), (0x6DF, 0x6E8), (0x6EA, 0x6FC), (0x6FF, 0x6FF), (0x710, 0x74A), (0x74D, 0x7B1),
    (0x7C0, 0x7F5), (0x7FA, 0x7FA), (0x7FD, 0x7FD), (0x800, 0x82D), (0x840, 0x85B), (0x860, 0x86A),
    (0x870, 0x887), (0x889, 0x88F), (0x897, 0x8E1), (0x8E3, 0x963), (0x966, 0x96F), (0x971, 0x983),
    (0x985, 0x98C), (0x98F, 0x990), (0x993, 0x9A8), (0x9AA, 0x9B0), (0x9B2, 0x9B2), (0x9B6, 0x9B9),
    (0x9BC, 0x9C4), (0x9C7, 0x9C8), (0x9CB, 0x9CE), (0x9D7, 0x9D7), (0x9DC, 0x9DD), (0x9DF, 0x9E3),
    (0x9E6, 0x9F1), (0x9FC, 0x9FC), (0x9FE, 0x9FE), (0xA01, 0xA03), (0xA05, 0xA0A), (0xA0F, 0xA10),
    (0xA13, 0xA28), (0xA2A, 0xA30), (0xA32, 0xA33), (0xA35, 0xA36), (0xA38, 0xA39), (0xA3C, 0xA3C),
    (0xA3E, 0xA42), (0xA47, 0xA48), (0xA4B, 0xA4D), (0xA51, 0xA51), (0xA59, 0xA5C), (0xA5E, 0xA5E),
    (0xA66, 0xA75), (0xA81, 0xA83), (0xA85, 0xA8D), (0xA8F, 0xA91), (0xA93, 0xAA8), (0xAAA, 0xAB0),
    (0xAB2, 0xAB3), (0xAB5, 0xAB9), (0xABC, 0xAC5), (0xAC7, 0xAC9), (0xACB, 0xACD), (0xAD0, 0xAD0),
    (0xAE0, 0xAE3), (0xAE6, 0xAEF), (0xAF9, 0xAFF), (0xB01, 0xB03), (0xB05, 0xB0C), (0xB0F, 0xB10),
    (0xB13, 0xB28), (0xB2A, 0xB30), (0xB32, 0xB33), (0xB35, 0xB39), (0xB3C, 0xB44), (0xB47, 0xB48),
    (0xB4B, 0xB4D), (0xB53, 0xB57), (0xB5C, 0xB5D), (0xB5F, 0xB63), (0xB66, 0xB6F), (0xB71, 0xB71),
    (0xB82, 0xB83), (0xB85, 0xB8A), (0xB8E, 0xB90), (0xB92, 0xB95), (0xB99, 0xB9A), (0xB9C, 0xB9C),
    (0xB9E, 0xB9F), (0xBA3, 0xBA4), (0xBA8, 0xBAA), (0xBAE, 0xBB9), (0xBBE, 0xBC2), (0xBC6, 0xBC8),
    (0xBCA, 0xBCD), (0xBD0, 0xBD0), (0xBD7, 0xBD7), (0xBE6, 0xBEF), (0xC00, 0xC0C), (0xC0E, 0xC10),
    (0xC12, 0xC28), (0xC2A, 0xC39), (0xC3C, 0xC44), (0xC46, 0xC48), (0xC4A, 0xC4D), (0xC55, 0xC56),
    (0xC58, 0xC5A), (0xC5C, 0xC5D), (0xC60, 0xC63), (0xC66, 0xC6F), (0xC80, 0xC83), (0xC85, 0xC8C),
    (0xC8E, 0xC90), (0xC92, 0xCA8), (0xCAA, 0xCB3), (0xCB5, 0xCB9), (0xCBC, 0xCC4), (0xCC6, 0xCC8),
    (0xCCA, 0xCCD), (0xCD5, 0xCD6), (0xCDC, 0xCDE), (0xCE0, 0xCE3), (0xCE6, 0xCEF), (0xCF1, 0xCF3),
    (0xD00, 0xD0C), (0xD0E, 0xD10), (0xD12, 0xD44), (0xD46, 0xD48), (0xD4A, 0xD4E), (0xD54, 0xD57),
    (0xD5F, 0xD63), (0xD66, 0xD6F), (0xD7A, 0xD7F), (0xD81, 0xD83), (0xD85, 0xD96), (0xD9A, 0xDB1),
    (0xDB3, 0xDBB), (0xDBD, 0xDBD), (0xDC0, 0xDC6), (0xDCA, 0xDCA), (0xDCF, 0xDD4), (0xDD6, 0xDD6),
    (0xDD8, 0xDDF), (0xDE6, 0xDEF), (0xDF2, 0xDF3), (0xE01, 0xE3A), (0xE40, 0xE4E), (0xE50, 0xE59),
    (0xE81, 0xE82), (0xE84, 0xE84), (0xE86, 0xE8A), (0xE8C, 0xEA3), (0xEA5, 0xEA5), (0xEA7, 0xEBD),
    (0xEC0, 0xEC4), (0xEC6, 0xEC6), (0xEC8, 0xECE), (0xED0, 0xED9), (0xEDC, 0xEDF), (0xF00, 0xF00),
    (0xF18, 0xF19), (0xF20, 0xF29), (0xF35, 0xF35), (0xF37, 0xF37), (0xF39, 0xF39), (0xF3E, 0xF47),
    (0xF49, 0xF6C), (0xF71, 0xF84), (0xF86, 0xF97), (0xF99, 0xFBC), (0xFC6, 0xFC6),
    (0x1000, 0x1049), (0x1050, 0x109D), (0x10A0, 0x10C5), (0x10C7, 0x10C7), (0x10CD, 0x10CD),
    (0x10D0, 0x10FA), (0x10FC, 0x1248), (0x124A, 0x124D), (0x1250, 0x1256), (0x1258, 0x1258),
    (0x125A, 0x125D), (0x1260, 0x1288), (0x128A, 0x128D), (0x1290, 0x12B0), (0x12B2, 0x12B5),
    (0x12B8, 0x12BE), (0x12C0, 0x12C0), (0x12C2, 0x12C5), (0x12C8, 0x12D6), (0x12D8, 0x1310),
    (0x1312, 0x1315), (0x1318, 0x135A), (0x135D, 0x135F), (0x1369, 0x1371), (0x1380, 0x138F),
    (0x13A0, 0x13F5), (0x13F8, 0x13FD), (0x1401, 0x166C), (0x166F, 0x167F), (0x1681, 0x169A),
    (0x16A0, 0x16EA), (0x16EE, 0x16F8), (0x1700, 0x1715), (0x171F, 0x1734), (0x1740, 0x1753),
    (0x1760, 0x176C), (0x176E, 0x1770), (0x1772, 0x1773), (0x1780, 0x17D3), (0x17D7, 0x17D7),
    (0x17DC, 0x17DD), (0x17E0, 0x17E9), (0x180B, 0x180D), (0x180F, 0x1819), (0x1820, 0x1878),
    (0x1880, 0x18AA), (0x18B0, 0x18F5), (0x1900, 0x191E), (0x1920, 0x192B), (0x1930, 0x193B),
    (0x1946, 0x196D), (0x1970, 0x1974), (0x1980, 0x19AB), (0x19B0, 0x19C9), (0x19D0, 0x19DA),
    (0x1A00, 0x1A1B), (0x1A20, 0x1A5E), (0x1A60, 0x1A7C), (0x1A7F, 0x1A89), (0x1A90, 0x1A99),
    (0x1AA7, 0x1AA7), (0x1AB0, 0x1ABD), (0x1ABF, 0x1AF0), (0x1B00, 0x1B4C), (0x1B50, 0x1B59),
    (0x1B6B, 0x1B73), (0x1B80, 0x1BF3), (0x1C00, 0x1C37), (0x1C40, 0x1C49), (0x1C4D, 0x1C7D),
    (0x1C80, 0x1C8A), (0x1C90, 0x1CBA), (0x1CBD, 0x1CBF), (0x1CD0, 0x1CD2), (0x1CD4, 0x1CFA),
    (0x1D00, 0x1F15), (0x1F18, 0x1F1D), (0x1F20, 0x1F45), (0x1F48, 0x1F4D), (0x1F50, 0x1F57),
    (0x1F59, 0x1F59), (0x1F5B, 0x1F5B), (0x1F5D, 0x1F5D), (0x1F5F, 0x1F7D), (0x1F80, 0x1FB4),
    (0x1FB6, 0x1FBC), (0x1FBE, 0x1FBE), (0x1FC2, 0x1FC4), (0x1FC6, 0x1FCC), (0x1FD0, 0x1FD3),
    (0x1FD6, 0x1FDB), (0x1FE0, 0x1FEC), (0x1FF2, 0x1FF4), (0x1FF6, 0x1FFC), (0x200C, 0x200D),
    (0x203F, 0x2040), (0x2054, 0x2054), (0x2071, 0x2071), (0x207F, 0x207F), (0x208F, 0x209F),
    (0x20D0, 0x20DC), (0x20E1, 0x20E1), (0x20E5, 0x20F0), (0x2102, 0x2102), (0x2107, 0x2107),
    (0x210A, 0x2113), (0x2115, 0x2115), (0x2118, 0x211D), (0x2124, 0x2124), (0x2126, 0x2126),
    (0x2128, 0x2128), (0x212A, 0x2139), (0x213C, 0x213F), (0x2145, 0x2149), (0x214E, 0x214E),
    (0x2160, 0x2188), (0x2C00, 0x2CE4), (0x2CEB, 0x2CF3), (0x2D00, 0x2D25), (0x2D27, 0x2D27),
    (0x2D2D, 0x2D2D), (0x2D30, 0x2D67), (0x2D6F, 0x2D6F), (0x2D7F, 0x2D96), (0x2DA0, 0x2DA6),
    (0x2DA8, 0x2DAE), (0x2DB0, 0x2DB6), (0x2DB8, 0x2DBE), (0x2DC0, 0x2DC6), (0x2DC8, 0x2DCE),
    (0x2DD0, 0x2DD6), (0x2DD8, 0x2DDE), (0x2DE0, 0x2DFF), (0x3005, 0x3007), (0x3021, 0x302F),
    (0x3031, 0x3035), (0x3038, 0x303C), (0x3041, 0x3096), (0x3099, 0x309A), (0x309D, 0x309F),
    (0x30A1, 0x30FF), (0x3105, 0x312F), (0x3131, 0x318E), (0x31A0, 0x31BF), (0x31F0, 0x31FF),
    (0x3400, 0x4DBF), (0x4E00, 0xA48C), (0xA4D0, 0xA4FD), (0xA500, 0xA60C), (0xA610, 0xA62B),
    (0xA640, 0xA66F), (0xA674, 0xA67D), (0xA67F, 0xA6F1), (0xA717, 0xA71F), (0xA722, 0xA788),
    (0xA78B, 0xA7DD), (0xA7E2, 0xA7E2), (0xA7F1, 0xA827), (0xA82C, 0xA82C), (0xA840, 0xA873),
    (0xA880, 0xA8C5), (0xA8D0, 0xA8D9), (0xA8E0, 0xA8F7), (0xA8FB, 0xA8FB), (0xA8FD, 0xA92D),
    (0xA930, 0xA953), (0xA960, 0xA97C), (0xA980, 0xA9C0), (0xA9CF, 0xA9D9), (0xA9E0, 0xA9FE),
    (0xAA00, 0xAA36), (0xAA40, 0xAA4D), (0xAA50, 0xAA59), (0xAA60, 0xAA76), (0xAA7A, 0xAAC2),
    (0xAADB, 0xAADD), (0xAAE0, 0xAAEF), (0xAAF2, 0xAAF6), (0xAB01, 0xAB06), (0xAB09, 0xAB0E),
    (0xAB11, 0xAB16), (0xAB20, 0xAB26), (0xAB28, 0xAB2E), (0xAB30, 0xAB5A), (0xAB5C, 0xAB69),
    (0xAB6C, 0xAB6D), (0xAB70, 0xABEA), (0xABEC, 0xABED), (0xABF0, 0xABF9), (0xAC00, 0xD7A3),
    (0xD7B0, 0xD7C6), (0xD7CB, 0xD7FB), (0xF900, 0xFA6D), (0xFA70, 0xFAD9), (0xFB00, 0xFB06),
    (0xFB13, 0xFB17), (0xFB1D, 0xFB28), (0xFB2A, 0xFB36), (0xFB38, 0xFB3C), (0xFB3E, 0xFB3E),
    (0xFB40, 0xFB41), (0xFB43, 0xFB44), (0xFB46, 0xFBB1), (0xFBD3, 0xFC5D), (0xFC64, 0xFD3D),
    (0xFD50, 0xFD8F), (0xFD92, 0xFDC7), (0xFDF0, 0xFDF9), (0xFE00, 0xFE0F), (0xFE20, 0xFE2F),
    (0xFE33, 0xFE34), (0xFE4D, 0xFE4F), (0xFE71, 0xFE71), (0xFE73, 0xFE73), (0xFE77, 0xFE77),
    (0xFE79, 0xFE79), (0xFE7B, 0xFE7B), (0xFE7D, 0xFE7D), (0xFE7F, 0xFEFC), (0xFF10, 0xFF19),
    (0xFF21, 0xFF3A), (0xFF3F, 0xFF3F), (0xFF41, 0xFF5A), (0xFF65, 0xFFBE), (0xFFC2, 0xFFC7),
    (0xFFCA, 0xFFCF), (0xFFD2, 0xFFD7), (0xFFDA, 0xFFDC), (0x10000, 0x1000B), (0x1000D, 0x10026),
    (0x10028, 0x1003A), (0x1003C, 0x1003D), (0x1003F, 0x1004D), (0x10050, 0x1005D),
    (0x10080, 0x100FA), (0x10140, 0x10174), (0x101FD, 0x101FD), (0x10280, 0x1029C),
    (0x102A0, 0x102D0), (0x102E0, 0x102E0), (0x10300, 0x1031F), (0x1032D, 0x1034A),
    (0x10350, 0x1037A), (0x10380, 0x1039D), (0x103A0, 0x103C3), (0x103C8, 0x103CF),
    (0x103D1, 0x103D5), (0x10400, 0x1049D), (0x104A0, 0x104A9), (0x104B0, 0x104D3),
    (0x104D8, 0x104FB), (0x10500, 0x10527), (0x10530, 0x10563), (0x10570, 0x1057A),
    (0x1057C, 0x1058A), (0x1058C, 0x10592), (0x10594, 0x10595), (0x10597, 0x105A1),
    (0x105A3, 0x105B1), (0x105B3, 0x105B9), (0x105BB, 0x105BC), (0x105C0, 0x105F3),
    (0x10600, 0x10736), (0x10740, 0x10755), (0x10760, 0x10767), (0x10780, 0x10785),
    (0x10787, 0x107B0), (0x107B2, 0x107BF), (0x10800, 0x10805), (0x10808, 0x10808),
    (0x1080A, 0x10835), (0x10837, 0x10838), (0x1083C, 0x1083C), (0x1083F, 0x10855),
    (0x10860, 0x10876), (0x10880, 0x1089E), (0x108E0, 0x108F2), (0x108F4, 0x108F5),
    (0x10900, 0x10915), (0x10920, 0x10939), (0x10940, 0x10959), (0x10980, 0x109B7),
    (0x109BE, 0x109BF), (0x10A00, 0x10A03), (0x10A05, 0x10A06), (0x10A0C, 0x10A13),
    (0x10A15, 0x10A17), (0x10A19, 0x10A35), (0x10A38, 0x10A3A), (0x10A3F, 0x10A3F),
    (0x10A60, 0x10A7C), (0x10A80, 0x10A9C), (0x10AC0, 0x10AC7), (0x10AC9, 0x10AE6),
    (0x10B00, 0x10B35), (0x10B40, 0x10B55), (0x10B60, 0x10B72), (0x10B80, 0x10B91),
    (0x10C00, 0x10C48), (0x10C80, 0x10CB2), (0x10CC0, 0x10CF2), (0x10D00, 0x10D27),
    (0x10D30, 0x10D39), (0x10D40, 0x10D65), (0x10D69, 0x10D6D), (0x10D6F, 0x10D85),
    (0x10E80, 0x10EA9), (0x10EAB, 0x10EAC), (0x10EB0, 0x10EB1), (0x10EC2, 0x10EC7),
    (0x10ECB, 0x10ECF), (0x10ED9, 0x10EEE), (0x10EF0, 0x10F1C), (0x10F27, 0x10F27),
    (0x10F30, 0x10F50), (0x10F70, 0x10F85), (0x10FB0, 0x10FC4), (0x10FE0, 0x10FF6),
    (0x11000, 0x11046), (0x11066, 0x11075), (0x1107F, 0x110BA), (0x110C2, 0x110C2),
    (0x110D0, 0x110E8), (0x110F0, 0x110F9), (0x11100, 0x11134), (0x11136, 0x1113F),
    (0x11144, 0x11147), (0x11150, 0x11173), (0x11176, 0x11176), (0x11180, 0x111C4),
    (0x111C9, 0x111CC), (0x111CE, 0x111DA), (0x111DC, 0x111DC), (0x11200, 0x11211),
    (0x11213, 0x11237), (0x1123E, 0x11241), (0x11280, 0x11286), (0x11288, 0x11288),
    (0x1128A, 0x1128D), (0x1128F, 0x1129D), (0x1129F, 0x112A8), (0x112B0, 0x112EA),
    (0x112F0, 0x112F9), (0x11300, 0x11303), (0x11305, 0x1130C), (0x1130F, 0x11310),
    (0x11313, 0x11328), (0x1132A, 0x11330), (0x11332, 0x11333), (0x11335, 0x11339),
    (0x1133B, 0x11344), (0x11347, 0x11348), (0x1134B, 0x1134D), (0x11350, 0x11350),
    (0x11357, 0x11357), (0x1135D, 0x11363), (0x11366, 0x1136C), (0x11370, 0x11374),
    (0x11380, 0x11389), (0x1138B, 0x1138B), (0x1138E, 0x1138E), (0x11390, 0x113B5),
    (0x113B7, 0x113C0), (0x113C2, 0x113C2), (0x113C5, 0x113C5), (0x113C7, 0x113CA),
    (0x113CC, 0x113D3), (0x113E1, 0x113E2), (0x11400, 0x1144A), (0x11450, 0x11459),
    (0x1145E, 0x11461), (0x11480, 0x114C5), (0x114C7, 0x114C7), (0x114D0, 0x114D9),
    (0x11580, 0x115B5), (0x115B8, 0x115C0), (0x115D8, 0x115DD), (0x11600, 0x11640),
    (0x11644, 0x11644), (0x11650, 0x11659), (0x11680, 0x116B8), (0x116C0, 0x116C9),
    (0x116D0, 0x116E3), (0x11700, 0x1171A), (0x1171D, 0x1172B), (0x11730, 0x11739),
    (0x11740, 0x11746), (0x11800, 0x1183A), (0x118A0, 0x118E9), (0x118FF, 0x11906),
    (0x11909, 0x11909), (0x1190C, 0x11913), (0x11915, 0x11916), (0x11918, 0x11935),
    (0x11937, 0x11938), (0x1193B, 0x11943), (0x11950, 0x11959), (0x119A0, 0x119A7),
    (0x119AA, 0x119D7), (0x119DA, 0x119E1), (0x119E3, 0x119E4), (0x11A00, 0x11A3E),
    (0x11A47, 0x11A47), (0x11A50, 0x11A99), (0x11A9D, 0x11A9D), (0x11AB0, 0x11AF8),
    (0x11B0A, 0x11B0A), (0x11B60, 0x11B67), (0x11BC0, 0x11BE0), (0x11BF0, 0x11BF9),
    (0x11C00, 0x11C08), (0x11C0A, 0x11C36), (0x11C38, 0x11C40), (0x11C50, 0x11C59),
    (0x11C72, 0x11C8F), (0x11C92, 0x11CA7), (0x11CA9, 0x11CB6), (0x11D00, 0x11D06),
    (0x11D08, 0x11D09), (0x11D0B, 0x11D36), (0x11D3A, 0x11D3A), (0x11D3C, 0x11D3D),
    (0x11D3F, 0x11D47), (0x11D50, 0x11D59), (0x11D60, 0x11D65), (0x11D67, 0x11D68),
    (0x11D6A, 0x11D8E), (0x11D90, 0x11D91), (0x11D93, 0x11D98), (0x11DA0, 0x11DA9),
    (0x11DB0, 0x11DDB), (0x11DE0, 0x11DE9), (0x11DF0, 0x11DF1), (0x11EE0, 0x11EF6),
    (0x11F00, 0x11F10), (0x11F12, 0x11F3A), (0x11F3E, 0x11F42), (0x11F50, 0x11F5A),
    (0x11FB0, 0x11FB0), (0x12000, 0x12399), (0x12400, 0x1246F), (0x12475, 0x12543),
    (0x12550, 0x12686), (0x12F90, 0x12FF0), (0x13000, 0x1342F), (0x13440, 0x13455),
    (0x13460, 0x143FA), (0x14400, 0x14646), (0x16100, 0x16139), (0x16800, 0x16A38),
    (0x16A40, 0x16A5E), (0x16A60, 0x16A69), (0x16A70, 0x16ABE), (0x16AC0, 0x16AC9),
    (0x16AD0, 0x16AED), (0x16AF0, 0x16AF4), (0x16B00, 0x16B36), (0x16B40, 0x16B43),
    (0x16B50, 0x16B59), (0x16B63, 0x16B77), (0x16B7D, 0x16B8F), (0x16D40, 0x16D6C),
    (0x16D70, 0x16D79), (0x16E40, 0x16E7F), (0x16EA0, 0x16EB8), (0x16EBB, 0x16ED3),
    (0x16F00, 0x16F4A), (0x16F4F, 0x16F87), (0x16F8F, 0x16F9F), (0x16FE0, 0x16FE1),
    (0x16FE3, 0x16FE4), (0x16FF0, 0x16FF6), (0x17000, 0x18CDA), (0x18CFF, 0x18D20),
    (0x18D80, 0x18DF2), (0x18E00, 0x19191), (0x191A0, 0x191D2), (0x1AFF0, 0x1AFF3),
    (0x1AFF5, 0x1AFFB), (0x1AFFD, 0x1AFFE), (0x1B000, 0x1B128), (0x1B132, 0x1B132),
    (0x1B150, 0x1B152), (0x1B155, 0x1B155), (0x1B164, 0x1B168), (0x1B170, 0x1B2FB),
    (0x1BC00, 0x1BC6A), (0x1BC70, 0x1BC7C), (0x1BC80, 0x1BC88), (0x1BC90, 0x1BC99),
    (0x1BC9D, 0x1BC9E), (0x1CCF0, 0x1CCF9), (0x1CF00, 0x1CF2D), (0x1CF30, 0x1CF46),
    (0x1D127, 0x1D128), (0x1D165, 0x1D169), (0x1D16D, 0x1D172), (0x1D17B, 0x1D182),
    (0x1D185, 0x1D18B), (0x1D1AA, 0x1D1AD), (0x1D242, 0x1D244), (0x1D250, 0x1D252),
    (0x1D25B, 0x1D25C), (0x1D25F, 0x1D25F), (0x1D280, 0x1D281), (0x1D400, 0x1D454),
    (0x1D456, 0x1D49C), (0x1D49E, 0x1D49F), (0x1D4A2, 0x1D4A2), (0x1D4A5, 0x1D4A6),
    (0x1D4A9, 0x1D4AC), (0x1D4AE, 0x1D4B9), (0x1D4BB, 0x1D4BB), (0x1D4BD, 0x1D4C3),
    (0x1D4C5, 0x1D505), (0x1D507, 0x1D50A), (0x1D50D, 0x1D514), (0x1D516, 0x1D51C),
    (0x1D51E, 0x1D539), (0x1D53B, 0x1D53E), (0x1D540, 0x1D544), (0x1D546, 0x1D546),
    (0x1D54A, 0x1D550), (0x1D552, 0x1D6A6), (0x1D6A8, 0x1D6C0), (0x1D6C2, 0x1D6DA),
    (0x1D6DC, 0x1D6FA), (0x1D6FC, 0x1D714), (0x1D716, 0x1D734), (0x1D736, 0x1D74E),
    (0x1D750, 0x1D76E), (0x1D770, 0x1D788), (0x1D78A, 0x1D7A8), (0x1D7AA, 0x1D7C2),
    (0x1D7C4, 0x1D7CB), (0x1D7CE, 0x1D7FF), (0x1DA00, 0x1DA36), (0x1DA3B, 0x1DA6C),
    (0x1DA75, 0x1DA75), (0x1DA84, 0x1DA84), (0x1DA9B, 0x1DA9F), (0x1DAA1, 0x1DAAF),
    (0x1DF00, 0x1DF81), (0x1DF90, 0x1DF96), (0x1DFCD, 0x1E006), (0x1E008, 0x1E018),
    (0x1E01B, 0x1E021), (0x1E023, 0x1E024), (0x1E026, 0x1E02A), (0x1E030, 0x1E06D),
    (0x1E08F, 0x1E08F), (0x1E100, 0x1E12C), (0x1E130, 0x1E13D), (0x1E140, 0x1E149),
    (0x1E14E, 0x1E14E), (0x1E290, 0x1E2AE), (0x1E2C0, 0x1E2F9), (0x1E4D0, 0x1E4F9),
    (0x1E5D0, 0x1E5FA), (0x1E6C0, 0x1E6DE), (0x1E6E0, 0x1E6F5), (0x1E6FE, 0x1E6FF),
    (0x1E7E0, 0x1E7E6), (0x1E7E8, 0x1E7EB), (0x1E7ED, 0x1E7EE), (0x1E7F0, 0x1E7FE),
    (0x1E800, 0x1E8C4), (0x1E8D0, 0x1E8D6), (0x1E900, 0x1E94B), (0x1E950, 0x1E959),
    (0x1EE00, 0x1EE03), (0x1EE05, 0x1EE1F), (0x1EE21, 0x1EE22), (0x1EE24, 0x1EE24),
    (0x1EE27, 0x1EE27), (0x1EE29, 0x1EE32), (0x1EE34, 0x1EE37), (0x1EE39, 0x1EE39),
    (0x1EE3B, 0x1EE3B), (0x1EE42, 0x1EE42), (0x1EE47, 0x1EE47), (0x1EE49, 0x1EE49),
    (0x1EE4B, 0x1EE4B), (0x1EE4D, 0x1EE4F), (0x1EE51, 0x1EE52), (0x1EE54, 0x1EE54),
    (0x1EE57, 0x1EE57), (0x1EE59, 0x1EE59), (0x1EE5B, 0x1EE5B), (0x1EE5D, 0x1EE5D),
    (0x1EE5F, 0x1EE5F), (0x1EE61, 0x1EE62), (0x1EE64, 0x1EE64), (0x1EE67, 0x1EE6A),
    (0x1EE6C, 0x1EE72), (0x1EE74, 0x1EE77), (0x1EE79, 0x1EE7C), (0x1EE7E, 0x1EE7E),
    (0x1EE80, 0x1EE89), (0x1EE8B, 0x1EE9B), (0x1EEA1, 0x1EEA3), (0x1EEA5, 0x1EEA9),
    (0x1EEAB, 0x1EEBB), (0x1FBF0, 0x1FBF9), (0x20000, 0x2A6DF), (0x2A700, 0x2B81E),
    (0x2B820, 0x2CEAD), (0x2CEB0, 0x2EBE0), (0x2EBF0, 0x2EE5D), (0x2F800, 0x2FA1D),
    (0x30000, 0x3134A), (0x31350, 0x33479), (0x3D000, 0x3FC3F), (0xE0100, 0xE01EF),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        match parse(text) {
            Ok(doc) => doc,
            Err(e) => panic!("{text:?} failed: {e:?}"),
        }
    }

    fn root(text: &str) -> NodeKind {
        doc(text).nodes[0].kind.clone()
    }

    /// The error message and the text its span covers.
    fn err(text: &str) -> (String, String) {
        match parse(text) {
            Ok(doc) => panic!("{text:?} parsed: {doc:?}"),
            Err(e) => (e.message, text[e.span.start..e.span.end].to_owned()),
        }
    }

    fn at<'t>(text: &'t str, doc: &Document, path: &str) -> &'t str {
        let id = doc.find(path).unwrap_or_else(|| panic!("no node at {path:?}"));
        let span = doc.node(id).span;
        &text[span.start..span.end]
    }

    #[test]
    fn scalars() {
        assert_eq!(root("()"), NodeKind::Unit);
        assert_eq!(root(" true "), NodeKind::Bool(true));
        assert_eq!(root("false"), NodeKind::Bool(false));
        assert_eq!(root("None"), NodeKind::None);
        assert_eq!(root("'a'"), NodeKind::Char('a'));
        assert_eq!(root("'\\''"), NodeKind::Char('\''));
        assert_eq!(root("'''"), NodeKind::Char('\''));
        assert_eq!(root("'\\u{4e2d}'"), NodeKind::Char('中'));
        assert_eq!(root("'\\x41'"), NodeKind::Char('A'));
        assert_eq!(root("'中'"), NodeKind::Char('中'));
    }

    #[test]
    fn integers() {
        assert_eq!(root("42"), NodeKind::Int(42));
        assert_eq!(root("-42"), NodeKind::Int(-42));
        assert_eq!(root("+7"), NodeKind::Int(7));
        assert_eq!(root("1_000_"), NodeKind::Int(1000));
        assert_eq!(root("0x1F"), NodeKind::Int(31));
        assert_eq!(root("-0x10"), NodeKind::Int(-16));
        assert_eq!(root("0o17"), NodeKind::Int(15));
        assert_eq!(root("0b1010"), NodeKind::Int(10));
        assert_eq!(root("255u8"), NodeKind::Int(255));
        assert_eq!(root("-128i8"), NodeKind::Int(-128));
        assert_eq!(root("b'a'"), NodeKind::Int(97));
        assert_eq!(root("b'\\x80'"), NodeKind::Int(128));
        assert_eq!(root("-9223372036854775808"), NodeKind::Int(i64::MIN));
        assert_eq!(root("9223372036854775807"), NodeKind::Int(i64::MAX));
        // Beyond i64: floats, as ron::Value does beyond u64.
        assert_eq!(
            root("18446744073709551615"),
            NodeKind::Float(18446744073709551615.0)
        );
        assert_eq!(root("100000000000000000000"), NodeKind::Float(1e20));
        assert_eq!(
            root("-9223372036854775809"),
            NodeKind::Float(-9223372036854775809.0)
        );
    }

    #[test]
    fn integer_errors() {
        assert_eq!(
            err("300u8"),
            ("integer out of range for `u8`".into(), "300u8".into())
        );
        assert_eq!(
            err("-1u8"),
            ("integer out of range for `u8`".into(), "-1u8".into())
        );
        let (message, span) = err("0xFFFFFFFFFFFFFFFFFF");
        assert_eq!(
            (message.as_str(), span.as_str()),
            ("integer out of range", "0xFFFFFFFFFFFFFFFFFF")
        );
        assert_eq!(
            err("0b102"),
            ("invalid digit `2` in a base 2 integer".into(), "2".into())
        );
        assert_eq!(err("0x_1"), ("digits cannot start with `_`".into(), "_".into()));
        assert_eq!(
            err("0x"),
            ("expected digits, found end of file".into(), "".into())
        );
        assert_eq!(
            err("b'é'"),
            ("a byte literal must be an ASCII character".into(), "é".into())
        );
        assert_eq!(
            err("b'\\u{41}'"),
            (
                "a byte literal cannot contain a `\\u{..}` escape".into(),
                "\\u{41}".into()
            )
        );
    }

    #[test]
    fn floats() {
        assert_eq!(root("1.5"), NodeKind::Float(1.5));
        assert_eq!(root("1e5"), NodeKind::Float(1e5));
        assert_eq!(root("-1.5E-3"), NodeKind::Float(-1.5e-3));
        assert_eq!(root(".5"), NodeKind::Float(0.5));
        assert_eq!(root("5."), NodeKind::Float(5.0));
        assert_eq!(root("1_000.5"), NodeKind::Float(1000.5));
        assert_eq!(root("1f64"), NodeKind::Float(1.0));
        assert_eq!(root("1.1f32"), NodeKind::Float(f64::from(1.1f32)));
        assert_eq!(root("inf"), NodeKind::Float(f64::INFINITY));
        assert_eq!(root("-inf"), NodeKind::Float(f64::NEG_INFINITY));
        assert_eq!(root("+inff64"), NodeKind::Float(f64::INFINITY));
        assert!(matches!(root("NaN"), NodeKind::Float(f) if f.is_nan()));
        assert!(matches!(root("-NaN"), NodeKind::Float(f) if f.is_nan() && f.is_sign_negative()));
        assert_eq!(
            err("1._5"),
            ("`_` must follow a digit in a number".into(), "_".into())
        );
        assert_eq!(err("1.0.5"), ("invalid number `1.0.5`".into(), "1.0.5".into()));
        assert_eq!(
            err("1e"),
            ("invalid digit `e` in a base 10 integer".into(), "e".into())
        );
    }

    #[test]
    fn ranges_are_rejected() {
        for text in ["1..2", "1..=2", "..", "..5", "inf..", "[1.0..]"] {
            assert_eq!(err(text).0, "ranges (`..`) are not supported", "{text}");
        }
        assert_eq!(err("1..=2").1, "1..=");
    }

    #[test]
    fn strings() {
        assert_eq!(
            root(r#""a\"b\\\n\t\r\0""#),
            NodeKind::Str("a\"b\\\n\t\r\0".into())
        );
        assert_eq!(root(r#""\u{1F600}\x41\xC3\xA9""#), NodeKind::Str("😀Aé".into()));
        assert_eq!(root("\"a\\\n    b\""), NodeKind::Str("ab".into()));
        assert_eq!(root("\"a\\\r\n\tb\""), NodeKind::Str("ab".into()));
        assert_eq!(root("\"鹿城区\""), NodeKind::Str("鹿城区".into()));
        assert_eq!(root(r#"r"a\n""#), NodeKind::Str("a\\n".into()));
        assert_eq!(root(r####"r##"a "# b"##"####), NodeKind::Str("a \"# b".into()));
        assert_eq!(root(r#"b"ab\x80""#), NodeKind::Str("ab\u{FFFD}".into()));
        assert_eq!(root(r##"br#"x"#"##), NodeKind::Str("x".into()));
    }

    #[test]
    fn string_errors() {
        assert_eq!(err("\"abc"), ("unterminated string".into(), "\"".into()));
        assert_eq!(
            err("  r#\"abc\""),
            ("unterminated raw string".into(), "r#\"".into())
        );
        assert_eq!(err("b\"abc"), ("unterminated byte string".into(), "b\"".into()));
        assert_eq!(err(r#""a\qb""#), ("unknown escape `\\q`".into(), "\\q".into()));
        assert_eq!(
            err(r#""\u{D800}""#),
            (
                "`\\u{D800}` is not a unicode scalar value".into(),
                "\\u{D800}".into()
            )
        );
        assert_eq!(err(r#""\u{}""#).0, "empty unicode escape `\\u{}`");
        assert_eq!(
            err(r#""\u{1234567}""#).0,
            "expected `}` after at most 6 digits in `\\u{..}`"
        );
        assert_eq!(
            err(r#""\xC3""#).0,
            "`\\x` escapes that do not form a UTF-8 character"
        );
        assert_eq!(err(r#""\xZZ""#).0, "expected two hexadecimal digits after `\\x`");
        assert_eq!(
            err(r"'\x80'").0,
            "a `\\x` escape in a char literal must be at most `\\x7F`"
        );
        assert_eq!(
            err("'ab'"),
            (
                "expected `'` to close the char literal, found `b`".into(),
                "b".into()
            )
        );
        assert_eq!(err("'"), ("unterminated char literal".into(), "'".into()));
    }

    #[test]
    fn options_and_lists() {
        let text = "[Some( 1 ), None, Some([2,]),]";
        let d = doc(text);
        assert_eq!(at(text, &d, ""), text);
        assert_eq!(at(text, &d, "[0]"), "Some( 1 )");
        assert_eq!(d.node(NodeId(2)).segment, PathSegment::Some);
        assert_eq!(
            &text[d.node(NodeId(2)).span.start..d.node(NodeId(2)).span.end],
            "1"
        );
        assert_eq!(at(text, &d, "[2]"), "Some([2,])");
        assert_eq!(
            err("Some 1"),
            ("expected `(` after `Some`, found `1`".into(), "1".into())
        );
        assert_eq!(
            err("Some(1, 2)"),
            ("expected `)` to close `Some(..)`, found `2`".into(), "2".into())
        );
        assert_eq!(
            err("[1 2]"),
            (
                "expected `,` or `]` after list element, found `2`".into(),
                "2".into()
            )
        );
        assert_eq!(
            err("[1,"),
            ("unexpected end of file, expected a value".into(), "".into())
        );
        assert_eq!(err("[,]"), ("expected a value, found `,`".into(), ",".into()));
    }

    #[test]
    fn structs_and_tuples() {
        let text = "Table(\n  name: \"x\", // c\n  r#type: Kind, pair: (1, -2.5), unit: (), inner: Inner ( a: [] ),\n)";
        let d = doc(text);
        assert_eq!(d.root_name(), Some("Table"));
        assert_eq!(at(text, &d, ""), text);
        assert_eq!(at(text, &d, "name"), "\"x\"");
        assert_eq!(at(text, &d, "type"), "Kind");
        assert_eq!(at(text, &d, "pair"), "(1, -2.5)");
        assert_eq!(at(text, &d, "pair[1]"), "-2.5");
        assert_eq!(at(text, &d, "unit"), "()");
        assert_eq!(at(text, &d, "inner"), "Inner ( a: [] )");
        assert_eq!(at(text, &d, "inner.a"), "[]");
        let NodeKind::Struct { fields, .. } = &d.nodes[0].kind else {
            panic!()
        };
        let spans: Vec<&str> = fields
            .iter()
            .map(|f| &text[f.name_span.start..f.name_span.end])
            .collect();
        assert_eq!(spans, ["name", "r#type", "pair", "unit", "inner"]);
        assert_eq!(fields[1].name, "type");
        assert_eq!(
            root("Kind"),
            NodeKind::Tuple {
                name: Some("Kind".into()),
                items: vec![]
            }
        );
        assert_eq!(
            root("Kind()"),
            NodeKind::Tuple {
                name: Some("Kind".into()),
                items: vec![]
            }
        );
        assert_eq!(
            root("( )"),
            NodeKind::Tuple {
                name: None,
                items: vec![]
            }
        );
        assert_eq!(
            root("名字"),
            NodeKind::Tuple {
                name: Some("名字".into()),
                items: vec![]
            }
        );
        assert!(
            matches!(root("P(1, 2)"), NodeKind::Tuple { name: Some(n), items } if n == "P" && items.len() == 2)
        );
        // Duplicate fields are kept.
        assert!(matches!(root("(a: 1, a: 2)"), NodeKind::Struct { fields, .. } if fields.len() == 2));
    }

    #[test]
    fn struct_errors() {
        assert_eq!(
            err("(a: 1: 2)"),
            (
                "expected `,` or `)` after struct field, found `:`".into(),
                ":".into()
            )
        );
        assert_eq!(
            err("(a: 1, 2)"),
            ("expected a field name or `)`, found `2`".into(), "2".into())
        );
        assert_eq!(
            err("(a: 1, b 2)"),
            ("expected `:` after field name `b`, found `2`".into(), "2".into())
        );
        assert_eq!(
            err("(1, a: 2)"),
            (
                "expected `,` or `)` after tuple element, found `:`".into(),
                ":".into()
            )
        );
        assert_eq!(
            err("A(a: 1"),
            (
                "expected `,` or `)` after struct field, found end of file".into(),
                "".into()
            )
        );
    }

    #[test]
    fn maps() {
        let text = "{\"a\": 1, 2: [x], \"a\": 3, (): 'c'}";
        let d = doc(text);
        let NodeKind::Map(entries) = &d.nodes[0].kind else {
            panic!()
        };
        assert_eq!(entries.len(), 4);
        assert_eq!(d.node(entries[0].0).segment, PathSegment::KeyOf("a".into()));
        assert_eq!(d.node(entries[0].1).segment, PathSegment::Key("a".into()));
        assert_eq!(d.node(entries[1].1).segment, PathSegment::Key("2".into()));
        assert_eq!(d.node(entries[3].0).segment, PathSegment::KeyOf("()".into()));
        assert_eq!(d.path(entries[2].1), "[\"a\"]");
        assert_eq!(at(text, &d, "[\"2\"]"), "[x]");
        assert_eq!(
            err("{1 2}"),
            ("expected `:` after map key, found `2`".into(), "2".into())
        );
        assert_eq!(
            err("{1: 2 3: 4}"),
            (
                "expected `,` or `}` after map entry, found `3`".into(),
                "3".into()
            )
        );
    }

    #[test]
    fn parents_and_segments() {
        let d = doc("A(xs: [1, {\"k\": Some(2)}])");
        for (i, node) in d.nodes.iter().enumerate() {
            if i == 0 {
                assert_eq!((node.parent, &node.segment), (None, &PathSegment::Root));
            } else {
                assert!(node.parent.is_some_and(|p| p.index() < i));
            }
        }
        assert_eq!(d.path(NodeId(d.len() as u32 - 1)), "xs[1][\"k\"]");
    }

    #[test]
    fn whitespace_and_comments() {
        let text = "/* a /* nested */ comment */\n// line\n\u{2028}\u{85}[1 /*,*/ , // x\n 2]// end";
        let d = doc(text);
        assert_eq!(at(text, &d, ""), "[1 /*,*/ , // x\n 2]");
        assert_eq!(err("/* open"), ("unterminated block comment".into(), "/*".into()));
        assert_eq!(
            err("1 /x"),
            (
                "expected `/` or `*` after `/` to start a comment, found `x`".into(),
                "x".into()
            )
        );
    }

    #[test]
    fn extensions() {
        let d =
            doc("#![enable(implicit_some, unwrap_newtypes)]\n#! [ enable ( explicit_struct_names , ) ]\n1");
        assert_eq!(
            d.extensions,
            ["implicit_some", "unwrap_newtypes", "explicit_struct_names"]
        );
        assert_eq!(doc("#![type = \"T\"] 1").extensions, Vec::<String>::new());
        assert_eq!(err("#![enable(foo)] 1").1, "foo");
        assert_eq!(
            err("#![enable(implicit_some)]"),
            ("unexpected end of file, expected a value".into(), "".into())
        );
        // implicit_some: `ron` reads `Some value`.
        let text = "#![enable(implicit_some)] Some 5";
        let d = doc(text);
        assert_eq!(at(text, &d, ""), "Some 5");
        assert_eq!(d.nodes[1].kind, NodeKind::Int(5));
    }

    #[test]
    fn unwrap_variant_newtypes() {
        let text = "#![enable(unwrap_variant_newtypes)] [Some(a: 1, b: 2,), Some(1, 2), Some(), Some((1, 2)), Some(x)]";
        let d = doc(text);
        let NodeKind::List(items) = &d.nodes[0].kind else {
            panic!()
        };
        let inner = |i: usize| match &d.node(items[i]).kind {
            NodeKind::Some(inner) => d.node(*inner),
            other => panic!("{other:?}"),
        };
        assert!(matches!(&inner(0).kind, NodeKind::Struct { name: None, fields } if fields.len() == 2));
        assert_eq!(&text[inner(0).span.start..inner(0).span.end], "a: 1, b: 2");
        assert!(matches!(&inner(1).kind, NodeKind::Tuple { name: None, items } if items.len() == 2));
        assert_eq!(inner(2).kind, NodeKind::Unit);
        assert!(inner(2).span.is_empty());
        assert_eq!(&text[inner(3).span.start..inner(3).span.end], "(1, 2)");
        assert_eq!(
            inner(4).kind,
            NodeKind::Tuple {
                name: Some("x".into()),
                items: vec![]
            }
        );
    }

    #[test]
    fn document_errors() {
        assert_eq!(err(""), ("empty file: expected a RON value".into(), "".into()));
        assert_eq!(
            err("  \n // only a comment\n"),
            ("empty file: expected a RON value".into(), "".into())
        );
        assert_eq!(
            err("1 2"),
            ("trailing characters after the value".into(), "2".into())
        );
        assert_eq!(
            err("A(x: 1) B"),
            ("trailing characters after the value".into(), "B".into())
        );
        assert_eq!(err("@"), ("expected a value, found `@`".into(), "@".into()));
    }

    #[test]
    fn depth_limit() {
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert_eq!(
            err(&deep),
            (format!("nesting deeper than {MAX_DEPTH} levels"), "[".into())
        );
        // Far too deep, on a small stack: an error, not an overflow.
        let handle = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(|| {
                let text = format!("{}{}", "[".repeat(100_000), "Some(".repeat(100_000));
                parse(&text).map(|_| ()).map_err(|e| e.message)
            })
            .expect("spawn");
        let result = handle.join().expect("no stack overflow");
        assert_eq!(result, Err(format!("nesting deeper than {MAX_DEPTH} levels")));
        let mixed = "(a: Some({1: [".repeat(40);
        assert!(parse(&mixed).is_err());
    }

    #[test]
    fn never_panics_on_odd_input() {
        for text in [
            "\"\\", "'\\", "b'", "r#", "br", "0x", "-", "+", ".", "/", "#", "#!", "Some", "Some(", "(", "{",
            "[", "\"\\u{", "\"\\x", "1e", "r##\"", "\u{85}", "é", "b", "r",
        ] {
            let _ = parse(text);
        }
    }
}
