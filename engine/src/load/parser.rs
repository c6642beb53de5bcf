//! A RON parser that keeps the byte range of every node.
//!
//! # Why a second parser
//!
//! `ron` reports positions only for errors: a deserialized value does not
//! know where it was written. Every finding tally reports must point at the
//! exact value in the data file, so the loader parses the same text a second
//! time with this parser, which builds the span index ([`Document`]): a flat
//! arena of nodes, each with its byte range, numbered in document order (a
//! container before its children), so that the way down from the root to a
//! node, and with it its path, can be found again.
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
//! Integers that fit `i64` become [`Payload::Int`]. Like `ron::Value`,
//! which has `u64` numbers and turns decimal literals beyond 64 bits into
//! floats, an integer outside `i64` becomes [`Payload::Float`] (exact up to
//! 2^53, rounded beyond); a hexadecimal, octal or binary literal beyond 64
//! bits, or a literal that does not fit its suffix (`300u8`), is the error
//! "integer out of range", as in `ron`. Byte strings (`b"..."`, `br"..."`)
//! become [`Payload::Str`] with invalid UTF-8 replaced by `U+FFFD`, and
//! byte literals (`b'a'`) become integers, as in `ron`. A float written with
//! an `f32` suffix keeps the `f32` value.
//!
//! # Depth and cost
//!
//! The parser is recursive descent over bytes, with recursion bounded by
//! [`MAX_DEPTH`], so deeply nested input is an error rather than a stack
//! overflow. Work is linear in the input, with one exception inherited from
//! `ron`: with `unwrap_variant_newtypes`, each `Some(` looks ahead to its
//! closing `)` to decide how to read its content, so `Some(` nested `n`
//! deep costs `n` passes over what they enclose. That look-ahead is given a
//! budget of [`LOOKAHEAD_PASSES`] passes over the text (real files need one
//! or two); a file that spends it is the error "`Some(..)` nested too deeply
//! to look ahead", where `ron` would take minutes on a large file (120 `Some(`
//! around a 10 MB list: 12 s).

mod ahead;

use crate::span::{Builder, Children, Comment, Document, Field, NodeId, Payload, Pooled, Span};
use crate::text::same_bytes;
use std::sync::Arc;

pub use ahead::parse_with;
#[cfg(feature = "internals")]
pub use ahead::{parse_split, Split};

/// The deepest nesting of containers (lists, maps, structs, tuples, `Some`)
/// the parser accepts.
///
/// It equals `ron`'s default recursion limit (`Options::recursion_limit`,
/// 128). `ron` spends about two units of that limit per container level, so
/// it rejects lists nested more than 64 deep; every document `ron` accepts
/// is within this limit, which exists to keep the recursion within a small
/// stack (it is safe on a 2 MiB test thread).
pub const MAX_DEPTH: usize = 128;

/// How many times the `unwrap_variant_newtypes` look-ahead may scan the
/// whole text's worth of bytes (plus 64 KiB) before the parser gives up.
pub const LOOKAHEAD_PASSES: usize = 8;

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
    too_large(text)?;
    let mut parser = Parser::new(text);
    parser.document()?;
    Ok(parser.into_document())
}

impl Parser<'_> {
    fn into_document(self) -> Document {
        let parser = self;
        let mut comments = parser.comments;
    // Look-aheads that back up discard what they recorded, so this only
    // guards the order.
    comments.sort_by_key(|c| c.span.start);
    comments.dedup_by_key(|c| c.span.start);
    // No `shrink_to_fit`: it would copy the whole arena (tens of MB for a
    // national table) to give back capacity that was never written, which
    // costs address space but no memory.
        let mut field_names: Vec<Arc<str>> = parser.field_names.seen.into_iter().collect();
        field_names.sort();
        Document::from_arena(parser.nodes, parser.extensions, comments, field_names, parser.odd_numbers)
    }
}

type PResult<T> = Result<T, ParseError>;

/// The span index keeps byte offsets in 32 bits (see `span::Arena`).
fn too_large(text: &str) -> PResult<()> {
    if u32::try_from(text.len()).is_ok_and(|len| len < u32::MAX) {
        return Ok(());
    }
    Err(ParseError {
        message: "file of 4 GiB or more: tally reads data files under 4 GiB".to_owned(),
        span: Span::new(0, 0),
    })
}

/// An arena with room for the nodes of `bytes`, estimated from the bytes
/// that end a value (`,` `:` `)` `]` `}`, one pass that counts them): every
/// value but the root is followed by one of them, and a field name or a
/// container's closing bracket adds one more, so the estimate is above the
/// count by at most the number of fields and containers. Room that is
/// never written costs address space, not memory; growing by doubling
/// instead would copy the arena (and touch fresh pages) about log₂ n
/// times. If the estimate cannot be reserved, the arena starts small.
fn arena(bytes: &[u8]) -> Builder {
    // Counted in blocks whose count fits a byte, without branches, which
    // the compiler turns into vector compares (a `filter().count()` over
    // the bytes ran at 1 GB/s, a tenth of a flat file's parse).
    let ends: usize = bytes
        .chunks(255)
        .map(|block| {
            let n = block.iter().fold(0u8, |n, &b| {
                n + u8::from((b == b',') | (b == b':') | (b == b')') | (b == b']') | (b == b'}'))
            });
            usize::from(n)
        })
        .sum();
    Builder::with_room(ends + 1, bytes.len())
}

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

/// One shared copy of each short string: a field name, a struct name, a
/// map key such as a region's name repeats thousands of times in a large
/// table, and a shared copy costs no allocation and keeps look-ups by name
/// in cache.
#[derive(Default)]
struct Interner {
    seen: foldhash::HashSet<Arc<str>>,
    /// The names met last, by a hash of their text: a table has a handful
    /// of field names, met once per record.
    recent: Vec<Option<Arc<str>>>,
}

impl Interner {
    /// Strings longer than this (prose, not names) are not worth sharing.
    const MAX: usize = 64;

    fn insert(&mut self, s: Arc<str>) {
        self.seen.insert(s);
    }

    const RECENT: usize = 64;

    fn get(&mut self, s: &str) -> Arc<str> {
        if s.len() > Self::MAX {
            return Arc::from(s);
        }
        // A cheap hash of the length and the first and last bytes.
        let bytes = s.as_bytes();
        let key = bytes.len()
            ^ usize::from(bytes.first().copied().unwrap_or(0)).wrapping_mul(31)
            ^ usize::from(bytes.last().copied().unwrap_or(0)).wrapping_mul(131);
        let slot = key % Self::RECENT;
        if let Some(Some(shared)) = self.recent.get(slot) {
            if same_bytes(shared.as_bytes(), bytes) {
                return shared.clone();
            }
        }
        let shared = match self.seen.get(s) {
            Some(shared) => shared.clone(),
            None => {
                let shared: Arc<str> = Arc::from(s);
                self.seen.insert(shared.clone());
                shared
            }
        };
        if self.recent.is_empty() {
            self.recent = vec![None; Self::RECENT];
        }
        if let Some(entry) = self.recent.get_mut(slot) {
            *entry = Some(shared.clone());
        }
        shared
    }
}

/// Strings and names taken into the text pool once where they repeat
/// nearby (the same region in every indicator's breakdown, a struct name),
/// by a cache of fixed size: a column of distinct strings costs no set
/// that grows and rehashes with the file, and no allocation.
struct Strings {
    /// A string's hash (compared first, so that a miss does not read the
    /// pool) and where the current arena's pool holds it.
    slots: Vec<Slot>,
    hasher: foldhash::fast::FixedState,
    /// Look-ups and hits since the last count, and how many strings to
    /// take without looking (see [`Strings::value`]).
    looked: u32,
    hits: u32,
    unlooked: u32,
}

/// A cached string.
#[derive(Clone, Copy)]
struct Slot {
    hash: u64,
    at: Pooled,
    /// The arena whose pool `at` is in (see [`Builder::epoch`]); `u32::MAX`
    /// for an empty slot.
    epoch: u32,
}

impl Strings {
    /// A cache for a text of `len` bytes: a slot per 32 bytes, a power of
    /// two between 256 and [`Strings::SLOTS`]. Every slot is written when
    /// the cache is made, and a project's files are mostly a few KB: a
    /// full-size cache per file was a fifth of the page faults of checking
    /// the shipped data.
    fn for_text(len: usize) -> Self {
        let empty = Slot {
            hash: 0,
            at: Pooled::default(),
            epoch: u32::MAX,
        };
        let slots = (len / 32).clamp(256, Self::SLOTS).next_power_of_two();
        Strings {
            slots: vec![empty; slots],
            hasher: foldhash::fast::FixedState::with_seed(0x7a11),
            looked: 0,
            hits: 0,
            unlooked: 0,
        }
    }
}

impl Strings {
    const SLOTS: usize = 1 << 14;

    /// Strings looked up between two counts of hits.
    const COUNTED: u32 = 1 << 10;
    /// Fewer hits than this in a count: the strings do not repeat nearby.
    const FEW_HITS: u32 = Self::COUNTED / 16;
    /// Strings then taken without a look-up, before counting again.
    const UNLOOKED: u32 = 1 << 16;

    /// [`Strings::pool`] for a string value. Where values stopped
    /// repeating (a column of distinct codes), the look-up is a cache miss
    /// for nothing, so strings are then taken without one for a while.
    fn value(&mut self, s: &str, nodes: &mut Builder) -> Pooled {
        if self.unlooked > 0 {
            self.unlooked -= 1;
            return nodes.pool(s);
        }
        let at = self.pool(s, nodes);
        self.looked += 1;
        if self.looked == Self::COUNTED {
            if self.hits < Self::FEW_HITS {
                self.unlooked = Self::UNLOOKED;
            }
            self.looked = 0;
            self.hits = 0;
        }
        at
    }

    /// Where the pool of the arena nodes are added to holds `s`: the same
    /// string already there, or `s` added. The node it is for must be in
    /// that arena (the next, or a container still open).
    fn pool(&mut self, s: &str, nodes: &mut Builder) -> Pooled {
        if s.len() > Interner::MAX {
            return nodes.pool(s);
        }
        let (hash, slot) = self.slot_of(s);
        let epoch = nodes.epoch();
        let Some(cached) = self.slots.get_mut(slot) else {
            return nodes.pool(s);
        };
        if cached.hash == hash
            && cached.epoch == epoch
            && nodes.pooled(cached.at).is_some_and(|p| same_bytes(p.as_bytes(), s.as_bytes()))
        {
            self.hits += 1;
            return cached.at;
        }
        let at = nodes.pool(s);
        *cached = Slot { hash, at, epoch };
        at
    }

    fn slot_of(&self, s: &str) -> (u64, usize) {
        use std::hash::BuildHasher as _;
        let hash = self.hasher.hash_one(s);
        // `slots` has a power of two of them.
        (hash, (hash as usize) & (self.slots.len() - 1))
    }
}

struct Parser<'a> {
    strings: Strings,
    /// Field names apart, so that the document can list them.
    field_names: Interner,
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    nodes: Builder,
    extensions: Vec<String>,
    /// Comments in source order (suppressions are read from them).
    comments: Vec<Comment>,
    depth: usize,
    implicit_some: bool,
    unwrap_variant_newtypes: bool,
    /// Bytes the `unwrap_variant_newtypes` look-ahead may still scan.
    lookahead_budget: usize,
    /// Children of the containers being parsed (see [`Parser::fields`]).
    scratch: Scratch,
    /// See [`Document::odd_numbers`].
    odd_numbers: bool,
    /// The deepest nesting an [`Parser::enter`] was asked for (a part
    /// parsed on another thread starts at depth 0; see `ahead`).
    max_entered: usize,
    /// Members of one large list or map parsed on other threads.
    ahead: Option<ahead::Ahead>,
}

/// Stacks of the children of open containers, innermost last.
#[derive(Default)]
struct Scratch {
    fields: Vec<Field>,
    items: Vec<NodeId>,
    entries: Vec<(NodeId, NodeId)>,
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

    fn into_kind(self) -> Payload {
        match self {
            Num::Int(v) => Payload::Int(v),
            Num::Float(v) => Payload::Float(v),
        }
    }
}

/// String content: a slice of the source when nothing was escaped.
enum Text<'a> {
    Borrowed(&'a str),
    Owned(Unescaped),
}

/// The content of a literal with escapes, as it is built: text for a
/// string (made of slices of the source and whole characters, so never
/// checked for UTF-8 again: that check was half the parse of a file of
/// long escaped texts), bytes for a byte string or a char.
enum Unescaped {
    Text(String),
    Bytes(Vec<u8>),
}

impl Unescaped {
    fn with_capacity(mode: EscapeIn, capacity: usize) -> Self {
        match mode {
            EscapeIn::Str => Unescaped::Text(String::with_capacity(capacity)),
            EscapeIn::ByteStr | EscapeIn::Char | EscapeIn::ByteChar => Unescaped::Bytes(Vec::with_capacity(capacity)),
        }
    }

    /// Appends text as it is.
    fn push_str(&mut self, s: &str) {
        match self {
            Unescaped::Text(t) => t.push_str(s),
            Unescaped::Bytes(b) => b.extend_from_slice(s.as_bytes()),
        }
    }

    /// Appends one byte: in text only an ASCII one stands for itself
    /// (strings spell other characters whole).
    fn push_byte(&mut self, byte: u8) {
        match self {
            Unescaped::Text(t) => t.push(if byte.is_ascii() { char::from(byte) } else { char::REPLACEMENT_CHARACTER }),
            Unescaped::Bytes(b) => b.push(byte),
        }
    }

    fn into_bytes(self) -> Vec<u8> {
        match self {
            Unescaped::Text(t) => t.into_bytes(),
            Unescaped::Bytes(b) => b,
        }
    }
}

impl Text<'_> {
    /// The string value, in the pool as [`Strings::value`] puts it.
    fn into_pooled(self, strings: &mut Strings, nodes: &mut Builder) -> Pooled {
        match self {
            Text::Borrowed(s) => strings.value(s, nodes),
            Text::Owned(Unescaped::Text(s)) => strings.value(&s, nodes),
            Text::Owned(Unescaped::Bytes(bytes)) => match String::from_utf8(bytes) {
                Ok(s) => strings.value(&s, nodes),
                // Only byte strings can hold invalid UTF-8.
                Err(e) => strings.value(&String::from_utf8_lossy(e.as_bytes()), nodes),
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
        Self::for_range(text, 0, text.len())
    }

    /// A parser whose arena is sized for the nodes of `text[start..end]`.
    fn for_range(text: &'a str, start: usize, end: usize) -> Self {
        Parser {
            strings: Strings::for_text(end.saturating_sub(start)),
            field_names: Interner::default(),
            text,
            bytes: text.as_bytes(),
            pos: start,
            nodes: arena(text.as_bytes().get(start..end).unwrap_or_default()),
            extensions: Vec::new(),
            comments: Vec::new(),
            depth: 0,
            implicit_some: false,
            unwrap_variant_newtypes: false,
            lookahead_budget: text
                .len()
                .saturating_mul(LOOKAHEAD_PASSES)
                .saturating_add(64 << 10),
            scratch: Scratch::default(),
            odd_numbers: false,
            max_entered: 0,
            ahead: None,
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
        self.bytes
            .get(at..at.saturating_add(s.len()))
            .is_some_and(|b| same_bytes(b, s.as_bytes()))
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
        // Most values are not identifiers: `"`, `(`, `[`, digits.
        if first < 0x80 && !first.is_ascii_alphabetic() && first != b'_' {
            return None;
        }
        if first == b'b' && matches!(self.byte_at(at + 1), Some(b'"' | b'\'')) {
            return None;
        }
        if matches!(first, b'b' | b'r')
            && ["br#", "br\"", "r\"", "r#\"", "r##"]
                .iter()
                .any(|p| self.starts_with_at(at, p))
        {
            return None;
        }
        if first == b'r' && self.starts_with_at(at, "r#") {
            let end = self.run_chars(at + 2, is_ident_raw_char);
            return (end > at + 2).then_some((at + 2, end));
        }
        let c = self.char_at(at)?;
        if !is_ident_first_char(c) {
            return None;
        }
        // ASCII letters, digits and `_` without the Unicode tables (the
        // ASCII characters that continue an identifier), then any others.
        let mut end = at + c.len_utf8();
        while self.byte_at(end).is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_') {
            end += 1;
        }
        if self.byte_at(end).is_some_and(|b| !b.is_ascii()) {
            end = self.run_chars(end, is_xid_continue);
        }
        Some((at, end))
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
    #[inline]
    fn skip_ws(&mut self) -> PResult<()> {
        // Most calls find no whitespace, or one space before a value (`, `
        // and `: ` in a flat list): both without the call below.
        let plain = |b: Option<&u8>| b.is_none_or(|&b| b > b' ' && b < 0x80 && b != b'/');
        if plain(self.bytes.get(self.pos)) {
            return Ok(());
        }
        if self.bytes.get(self.pos) == Some(&b' ') && plain(self.bytes.get(self.pos + 1)) {
            self.pos += 1;
            return Ok(());
        }
        self.skip_ws_and_comments()
    }

    #[inline(never)]
    fn skip_ws_and_comments(&mut self) -> PResult<()> {
        loop {
            loop {
                // ASCII whitespace first, a byte at a time without the
                // general check: indentation is most of a pretty file.
                loop {
                    // Eight spaces at a time through deep indentation.
                    while self
                        .bytes
                        .get(self.pos..self.pos + 8)
                        .is_some_and(|b| b == b"        ")
                    {
                        self.pos += 8;
                    }
                    match self.bytes.get(self.pos) {
                        Some(b' ' | b'\t' | b'\n' | b'\r') => self.pos += 1,
                        _ => break,
                    }
                }
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
                    self.comments.push(Comment {
                        span: Span::new(start, self.pos),
                        block: false,
                    });
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
                    self.comments.push(Comment {
                        span: Span::new(start, self.pos),
                        block: true,
                    });
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
    #[inline]
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

    /// Adds a node before its children are parsed, so that its id comes
    /// before theirs (see [`Document::ancestry`]); [`Parser::finish`]
    /// fills it in.
    fn push(&mut self, start: usize) -> PResult<NodeId> {
        match self.nodes.push(start, start, Payload::Unit) {
            Some(id) => Ok(id),
            None => self.fail("too many values in one file", start, start),
        }
    }

    fn finish(&mut self, id: NodeId, kind: Payload, start: usize, end: usize) {
        if let Payload::Float(f) = kind {
            // What `shape` reports as not a statistic: NaN, infinity, an
            // integer literal too wide for 64 bits (read as a float).
            let literal = self.bytes.get(start..end).unwrap_or_default();
            let digits = literal
                .strip_prefix(b"-")
                .or_else(|| literal.strip_prefix(b"+"))
                .unwrap_or(literal);
            if !f.is_finite() || digits.iter().all(|&b| b.is_ascii_digit() || b == b'_') {
                self.odd_numbers = true;
            }
        }
        self.nodes.set(id, start, end, kind);
    }

    fn end_of(&self, id: NodeId) -> usize {
        self.nodes.span(id).map_or(self.pos, |s| s.end)
    }

    fn enter(&mut self, at: usize) -> PResult<()> {
        self.max_entered = self.max_entered.max(self.depth);
        if self.depth >= MAX_DEPTH {
            return self.fail(format!("nesting deeper than {MAX_DEPTH} levels"), at, at + 1);
        }
        self.depth += 1;
        Ok(())
    }

    // ----- Document ------------------------------------------------------

    fn document(&mut self) -> PResult<()> {
        let attributes = self.header()?;
        self.body(attributes)
    }

    /// Whitespace and `#![..]` attributes before the value; whether there
    /// was an attribute.
    fn header(&mut self) -> PResult<bool> {
        self.skip_ws()?;
        let mut attributes = false;
        while self.peek() == Some(b'#') {
            self.attribute()?;
            self.skip_ws()?;
            attributes = true;
        }
        Ok(attributes)
    }

    /// The value and what may follow it.
    fn body(&mut self, attributes: bool) -> PResult<()> {
        if self.pos >= self.bytes.len() {
            let message = if attributes {
                "unexpected end of file, expected a value"
            } else {
                "empty file: expected a RON value"
            };
            return self.fail(message, self.pos, self.pos);
        }
        self.value()?;
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
    fn value(&mut self) -> PResult<NodeId> {
        let start = self.pos;
        // A plain number or string is written once, complete (a plain
        // number is never one of the odd numbers `finish` looks for).
        let leaf = match self.peek() {
            Some(b'0'..=b'9' | b'-') => self.plain_number(start),
            Some(b'"') => self.plain_string(start).map(|(content, end)| {
                (Payload::Str(self.strings.value(content, &mut self.nodes)), end)
            }),
            _ => None,
        };
        if let Some((kind, end)) = leaf {
            let Some(id) = self.nodes.push(start, end, kind) else {
                return self.fail("too many values in one file", start, start);
            };
            self.pos = end;
            return Ok(id);
        }
        let id = self.push(start)?;
        let (kind, end) = self.value_kind(id)?;
        self.finish(id, kind, start, end);
        Ok(id)
    }

    /// The value at the cursor that [`Parser::value`] did not read as a
    /// plain number or string.
    fn value_kind(&mut self, id: NodeId) -> PResult<(Payload, usize)> {
        let start = self.pos;
        let Some(first) = self.peek() else {
            return self.fail("unexpected end of file, expected a value", start, start);
        };
        // Keywords, in `ron`'s order; each must not run on into an identifier.
        if first.is_ascii_alphabetic() {
            if self.consume_word("true") {
                return Ok((Payload::Bool(true), self.pos));
            }
            if self.consume_word("false") {
                return Ok((Payload::Bool(false), self.pos));
            }
            if self.word_at(start, "Some") {
                return self.some();
            }
            if self.consume_word("None") {
                return Ok((Payload::None, self.pos));
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
                    return Ok((Payload::Float(value), self.pos));
                }
            }
        }
        if self.starts_with_at(start, "()") {
            self.pos += 2;
            return Ok((Payload::Unit, self.pos));
        }
        if let Some((name_start, name_end)) = self.ident_span(start) {
            let name = self.strings.pool(self.slice(name_start, name_end), &mut self.nodes);
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
                Ok((Payload::Bytes(content.into_pooled(&mut self.strings, &mut self.nodes)), end))
            }
            b'0'..=b'9' | b'+' | b'-' | b'.' => self.number(start),
            b'"' => {
                let (content, end) = self.escaped(start, start, EscapeIn::Str)?;
                self.pos = end;
                Ok((Payload::Str(content.into_pooled(&mut self.strings, &mut self.nodes)), end))
            }
            b'r' => {
                let (content, end) = self.raw(start, start)?;
                self.pos = end;
                Ok((Payload::Str(content.into_pooled(&mut self.strings, &mut self.nodes)), end))
            }
            b'\'' => {
                let (c, end) = self.char_literal(start)?;
                self.pos = end;
                Ok((Payload::Char(c), end))
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
        name: Option<Pooled>,
        name_end: usize,
    ) -> PResult<(Payload, usize)> {
        if self.peek() != Some(b'(') {
            return Ok((
                Payload::Tuple {
                    name,
                    items: Children::default(),
                },
                name_end,
            ));
        }
        self.enter(self.pos)?;
        self.pos += 1;
        self.skip_ws()?;
        let kind = if self.peek() == Some(b')') {
            Payload::Tuple {
                name,
                items: Children::default(),
            }
        } else if self.starts_with_field()? {
            Payload::Struct {
                name,
                fields: self.fields(id)?.0,
            }
        } else {
            let items = self
                .elements(id, b')', "expected `,` or `)` after tuple element")?
                .0;
            Payload::Tuple { name, items }
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
        let (saved, comments) = (self.pos, self.comments.len());
        self.pos = end;
        let skipped = self.skip_ws();
        let colon = self.peek() == Some(b':');
        self.pos = saved;
        self.comments.truncate(comments);
        skipped.map(|()| colon)
    }

    /// Named fields up to (not past) a `)`; also returns the end of the last
    /// value.
    ///
    /// Children are collected on a stack shared by every container
    /// ([`Parser::scratch`]) and copied out once, at their exact size: a
    /// `Vec` per container would grow and then shrink, three or four
    /// allocations for a ten-entry breakdown.
    fn fields(&mut self, id: NodeId) -> PResult<(Children, usize)> {
        let start = self.scratch.fields.len();
        match self.fields_onto_scratch() {
            Ok(last_end) => Ok((self.nodes.add_fields(id, self.scratch.fields.drain(start..)), last_end)),
            Err(err) => {
                self.scratch.fields.truncate(start);
                Err(err)
            }
        }
    }

    fn fields_onto_scratch(&mut self) -> PResult<usize> {
        let mut had_comma = true;
        let mut last_end = self.pos;
        loop {
            self.skip_ws()?;
            if self.peek() == Some(b')') {
                return Ok(last_end);
            }
            if !had_comma {
                return self.unexpected("expected `,` or `)` after struct field", self.pos);
            }
            let key_start = self.pos;
            let Some((name_start, name_end)) = self.ident_span(key_start) else {
                return self.unexpected("expected a field name or `)`", key_start);
            };
            let name = self.field_names.get(self.slice(name_start, name_end));
            self.pos = name_end;
            self.skip_ws()?;
            if self.peek() != Some(b':') {
                return self.unexpected(&format!("expected `:` after field name `{name}`"), self.pos);
            }
            self.pos += 1;
            self.skip_ws()?;
            let value = self.value()?;
            last_end = self.end_of(value);
            self.scratch.fields.push(Field::new(name, Span::new(key_start, name_end), value));
            had_comma = self.comma()?;
        }
    }

    /// Comma-separated values up to (not past) `close`; also returns the end
    /// of the last value.
    fn elements(&mut self, id: NodeId, close: u8, after: &str) -> PResult<(Children, usize)> {
        let start = self.scratch.items.len();
        match self.elements_onto_scratch(close, after) {
            Ok(last_end) => Ok((self.nodes.add_items(id, self.scratch.items.drain(start..)), last_end)),
            Err(err) => {
                self.scratch.items.truncate(start);
                Err(err)
            }
        }
    }

    fn elements_onto_scratch(&mut self, close: u8, after: &str) -> PResult<usize> {
        let mut had_comma = true;
        let mut last_end = self.pos;
        loop {
            self.skip_ws()?;
            if self.peek() == Some(close) {
                return Ok(last_end);
            }
            if !had_comma {
                return self.unexpected(after, self.pos);
            }
            let item = self.value()?;
            last_end = self.end_of(item);
            self.scratch.items.push(item);
            if self.ahead.is_some() && close == b']' {
                self.skip_ws()?;
                while let Some(end) = self.adopt(true) {
                    last_end = end;
                }
            }
            had_comma = self.comma()?;
        }
    }

    fn list(&mut self, id: NodeId) -> PResult<(Payload, usize)> {
        self.enter(self.pos)?;
        self.pos += 1;
        let items = self
            .elements(id, b']', "expected `,` or `]` after list element")?
            .0;
        self.pos += 1;
        self.depth -= 1;
        Ok((Payload::List(items), self.pos))
    }

    fn map(&mut self, id: NodeId) -> PResult<(Payload, usize)> {
        self.enter(self.pos)?;
        self.pos += 1;
        let start = self.scratch.entries.len();
        if let Err(err) = self.entries_onto_scratch() {
            self.scratch.entries.truncate(start);
            return Err(err);
        }
        let entries = self.nodes.add_entries(id, self.scratch.entries.drain(start..));
        self.pos += 1;
        self.depth -= 1;
        Ok((Payload::Map(entries), self.pos))
    }

    /// The entries of a map up to (not past) its `}`.
    fn entries_onto_scratch(&mut self) -> PResult<()> {
        let mut had_comma = true;
        loop {
            self.skip_ws()?;
            if self.peek() == Some(b'}') {
                return Ok(());
            }
            if !had_comma {
                return self.unexpected("expected `,` or `}` after map entry", self.pos);
            }
            let key = self.value()?;
            self.skip_ws()?;
            if self.peek() != Some(b':') {
                return self.unexpected("expected `:` after map key", self.pos);
            }
            self.pos += 1;
            self.skip_ws()?;
            let value = self.value()?;
            self.scratch.entries.push((key, value));
            if self.ahead.is_some() {
                self.skip_ws()?;
                while self.adopt(false).is_some() {}
            }
            had_comma = self.comma()?;
        }
    }

    /// `Some(..)`; with `implicit_some`, `ron` also reads `Some value`.
    fn some(&mut self) -> PResult<(Payload, usize)> {
        let start = self.pos;
        self.pos += 4;
        self.skip_ws()?;
        if self.peek() == Some(b'(') {
            self.enter(self.pos)?;
            self.pos += 1;
            self.skip_ws()?;
            let inner = if self.unwrap_variant_newtypes {
                self.newtype_content()?
            } else {
                self.value()?
            };
            self.comma()?;
            self.expect(b')', "expected `)` to close `Some(..)`")?;
            self.depth -= 1;
            Ok((Payload::Some(inner), self.pos))
        } else if self.implicit_some {
            self.enter(start)?;
            let inner = self.value()?;
            self.depth -= 1;
            Ok((Payload::Some(inner), self.end_of(inner)))
        } else {
            self.unexpected("expected `(` after `Some`", self.pos)
        }
    }

    /// The content of `Some(` with `unwrap_variant_newtypes`: `ron` reads
    /// `Some(a: 1)` as a struct and `Some(1, 2)` as a tuple without their
    /// parentheses, and `Some()` as a unit.
    fn newtype_content(&mut self) -> PResult<NodeId> {
        let start = self.pos;
        if self.peek() == Some(b')') {
            return self.push(start);
        }
        match self.classify_newtype()? {
            NewtypeContent::Value => self.value(),
            NewtypeContent::Fields => {
                let inner = self.push(start)?;
                self.enter(start)?;
                let (fields, end) = self.fields(inner)?;
                self.depth -= 1;
                self.finish(inner, Payload::Struct { name: None, fields }, start, end);
                Ok(inner)
            }
            NewtypeContent::Elements => {
                let inner = self.push(start)?;
                self.enter(start)?;
                let (items, end) = self.elements(inner, b')', "expected `,` or `)` after tuple element")?;
                self.depth -= 1;
                self.finish(inner, Payload::Tuple { name: None, items }, start, end);
                Ok(inner)
            }
        }
    }

    /// `ron`'s `check_struct_type(InsideNewtype, DifferentiateNewtype)`:
    /// an identifier followed by `:`, `,` or `)` decides at once; otherwise
    /// it scans to the closing `)` for a comma at the top level.
    fn classify_newtype(&mut self) -> PResult<NewtypeContent> {
        let (saved, comments) = (self.pos, self.comments.len());
        let result = self.classify_newtype_scan();
        let scanned = self.pos.saturating_sub(saved);
        self.pos = saved;
        self.comments.truncate(comments);
        match self.lookahead_budget.checked_sub(scanned) {
            Some(left) => self.lookahead_budget = left,
            None => {
                return self.fail(
                    "`Some(..)` nested too deeply to look ahead (`unwrap_variant_newtypes`)",
                    saved,
                    saved,
                )
            }
        }
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

    /// The content and end of the string literal whose quote is at
    /// `quote`, if nothing in it is escaped. A short one (a map key, a
    /// code) is scanned here, where a call to `memchr` costs more than the
    /// scan.
    #[inline]
    fn plain_string(&self, quote: usize) -> Option<(&'a str, usize)> {
        let body = quote + 1;
        let rest = self.bytes.get(body..)?;
        let close = |i: usize| Some((self.slice(body, body + i), body + i + 1));
        const SHORT: usize = 24;
        for (i, &b) in rest.iter().take(SHORT).enumerate() {
            match b {
                b'"' => return close(i),
                b'\\' => return None,
                _ => {}
            }
        }
        // The rest from where the loop stopped, not from the quote again.
        match memchr::memchr2(b'"', b'\\', rest.get(SHORT..)?) {
            Some(i) if rest.get(SHORT + i) == Some(&b'"') => close(SHORT + i),
            _ => None,
        }
    }

    /// A `"..."` literal whose opening quote is at `quote` (the literal
    /// starts at `start`, before a `b`); returns its content and end.
    fn escaped(&self, start: usize, quote: usize, mode: EscapeIn) -> PResult<(Text<'a>, usize)> {
        let body = quote + 1;
        let stop = |p: usize| {
            self.bytes
                .get(p..)
                .and_then(|rest| memchr::memchr2(b'"', b'\\', rest))
                .map_or(self.bytes.len(), |i| p + i)
        };
        let mut at = stop(body);
        match self.byte_at(at) {
            None => return Err(self.unterminated(mode, start, body)),
            Some(b'"') => return Ok((Text::Borrowed(self.slice(body, at)), at + 1)),
            Some(_) => {}
        }
        let mut out = Unescaped::with_capacity(mode, at - body + 16);
        // Slices from quote or backslash to quote or backslash: whole
        // characters.
        out.push_str(self.slice(body, at));
        loop {
            // `at` is at a backslash.
            at = self.escape(start, body, at, mode, &mut out)?;
            let next = stop(at);
            out.push_str(self.slice(at, next));
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
        out: &mut Unescaped,
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
            out.push_byte(b);
            return Ok(at + 1);
        }
        match c {
            'x' => {
                let first = self.hex_pair(bs, at + 1)?;
                if matches!(mode, EscapeIn::ByteStr | EscapeIn::ByteChar) || first < 0x80 {
                    out.push_byte(first);
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
                        out.push_str(s);
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
                out.push_str(ch.encode_utf8(&mut tmp));
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
            let mut buf = Unescaped::with_capacity(EscapeIn::Char, 4);
            let after = self.escape(start, at, at, EscapeIn::Char, &mut buf)?;
            let buf = buf.into_bytes();
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
            let mut buf = Unescaped::with_capacity(EscapeIn::ByteChar, 1);
            let after = self.escape(start, at, at, EscapeIn::ByteChar, &mut buf)?;
            (buf.into_bytes().first().copied().unwrap_or(0), after)
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

    /// The common case of a number, read in one pass: `-`, up to 15
    /// decimal digits, optionally `.` and more digits (15 in all), and then
    /// a byte that cannot continue a number (space, `,`, a closing bracket,
    /// `:`, `/`, the end). It gives the value [`Parser::number`] gives:
    /// an integer that fits `i64`, or the correctly rounded float (the
    /// digits and the power of ten are exact in `f64`, so one division
    /// rounds once). Anything else (`+`, an exponent, `_`, a suffix, `..`,
    /// more digits) is left to [`Parser::number`].
    fn plain_number(&self, start: usize) -> Option<(Payload, usize)> {
        let bytes = self.bytes.get(start..)?;
        let negative = bytes.first() == Some(&b'-');
        let mut i = usize::from(negative);
        let mut mantissa: u64 = 0;
        let mut digits = 0usize;
        while let Some(&b) = bytes.get(i) {
            if !b.is_ascii_digit() {
                break;
            }
            mantissa = mantissa * 10 + u64::from(b - b'0');
            digits += 1;
            i += 1;
            if digits > 15 {
                return None;
            }
        }
        if digits == 0 {
            return None;
        }
        let mut decimals = 0usize;
        if bytes.get(i) == Some(&b'.') {
            i += 1;
            while let Some(&b) = bytes.get(i) {
                if !b.is_ascii_digit() {
                    break;
                }
                mantissa = mantissa * 10 + u64::from(b - b'0');
                digits += 1;
                decimals += 1;
                i += 1;
                if digits > 15 {
                    return None;
                }
            }
            if decimals == 0 {
                return None;
            }
        }
        match bytes.get(i) {
            None | Some(b' ' | b'\t' | b'\n' | b'\r' | b',' | b')' | b']' | b'}' | b':' | b'/') => {}
            Some(_) => return None,
        }
        let end = start + i;
        if decimals == 0 {
            // At most 15 digits: within `i64` either way.
            let v = mantissa as i64;
            return Some((Payload::Int(if negative { -v } else { v }), end));
        }
        // A figure as tables write it is held by its digits: no division.
        if let Some(held) = Payload::decimal(mantissa, decimals, negative) {
            return Some((held, end));
        }
        const POWERS: [f64; 16] = [
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
        ];
        // Below 10^16, so `i64`: one conversion instruction, not the
        // sequence `u64` takes.
        let v = mantissa as i64 as f64 / POWERS.get(decimals).copied()?;
        Some((Payload::Float(if negative { -v } else { v }), end))
    }

    fn number(&mut self, start: usize) -> PResult<(Payload, usize)> {
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

// The same Unicode identifier tables that `ron` uses (it keeps its own
// identifier check private).
fn is_xid_start(c: char) -> bool {
    unicode_ident::is_xid_start(c)
}

fn is_xid_continue(c: char) -> bool {
    unicode_ident::is_xid_continue(c)
}

fn is_ident_first_char(c: char) -> bool {
    c == '_' || is_xid_start(c)
}

/// Raw identifiers (`r#a.b-c`) may also hold `.`, `+` and `-`.
fn is_ident_raw_char(c: char) -> bool {
    matches!(c, '.' | '+' | '-') || is_xid_continue(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::{NodeKind, PathSegment};

    fn doc(text: &str) -> Document {
        match parse(text) {
            Ok(doc) => doc,
            Err(e) => panic!("{text:?} failed: {e:?}"),
        }
    }

    /// A node's value, owned, to compare with.
    #[derive(Debug, Clone, PartialEq)]
    enum Kind {
        Unit,
        Bool(bool),
        Int(i64),
        Float(f64),
        Str(Arc<str>),
        Char(char),
        None,
        Some(NodeId),
        List(Box<[NodeId]>),
        Map(Box<[(NodeId, NodeId)]>),
        Struct { name: Option<Arc<str>>, fields: Box<[Field]> },
        Tuple { name: Option<Arc<str>>, items: Box<[NodeId]> },
    }

    impl From<NodeKind<'_>> for Kind {
        fn from(kind: NodeKind<'_>) -> Self {
            match kind {
                NodeKind::Unit => Kind::Unit,
                NodeKind::Bool(b) => Kind::Bool(b),
                NodeKind::Int(i) => Kind::Int(i),
                NodeKind::Float(f) => Kind::Float(f),
                NodeKind::Str(s) => Kind::Str(Arc::from(s)),
                NodeKind::Char(c) => Kind::Char(c),
                NodeKind::None => Kind::None,
                NodeKind::Some(inner) => Kind::Some(inner),
                NodeKind::List(items) => Kind::List(items.into()),
                NodeKind::Map(entries) => Kind::Map(entries.into()),
                NodeKind::Struct { name, fields } => Kind::Struct {
                    name: name.map(Arc::from),
                    fields: fields.into(),
                },
                NodeKind::Tuple { name, items } => Kind::Tuple {
                    name: name.map(Arc::from),
                    items: items.into(),
                },
            }
        }
    }

    fn kind(doc: &Document, id: u32) -> Kind {
        Kind::from(doc.node(NodeId(id)).kind)
    }

    fn root(text: &str) -> Kind {
        kind(&doc(text), 0)
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

    /// Strings are pooled with a cache that stops looking while values
    /// do not repeat; every value must still read back as written, also
    /// when they repeat again, and when escaped around other characters.
    #[test]
    fn every_string_reads_back_whether_it_repeats_or_not() {
        // More distinct strings than the cache skips after a count of few
        // hits, so that it looks again, and finds the repeats.
        let distinct: Vec<String> = (0..70_000).map(|i| format!("区{i}")).collect();
        let repeated: Vec<String> = (0..5000).map(|i| format!("县{}", i % 7)).collect();
        let escaped = [r#"完\\成\"率\""#, r#"\u{4e2d}心\n"#, r#"\x41市\t"#, "行\\\n    末"];
        let unescaped = ["完\\成\"率\"", "中心\n", "A市\t", "行末"];
        let all: Vec<&str> = distinct.iter().chain(&repeated).chain(&distinct).map(String::as_str).collect();
        let mut text = String::from("[");
        for s in &all {
            text.push_str(&format!("{s:?}, "));
        }
        for s in escaped {
            text.push_str(&format!("\"{s}\", "));
        }
        text.push(']');
        let doc = doc(&text);
        let Some(NodeKind::List(items)) = doc.kind(NodeId(0)) else { panic!("not a list") };
        let read: Vec<&str> = items
            .iter()
            .map(|&id| match doc.kind(id) {
                Some(NodeKind::Str(s)) => s,
                other => panic!("{other:?}"),
            })
            .collect();
        let want: Vec<&str> = all.iter().copied().chain(unescaped).collect();
        assert!(read == want, "a string read back otherwise than written");
    }

    /// A string that repeats nearby is kept once.
    #[test]
    fn a_repeated_string_is_pooled_once() {
        let list = |strings: &mut dyn Iterator<Item = String>| {
            let items: Vec<String> = strings.map(|s| format!("{s:?}")).collect();
            format!("[{}]", items.join(", "))
        };
        let same = doc(&list(&mut (0..10_000).map(|_| "县城区中心0000".to_owned())));
        let distinct = doc(&list(&mut (0..10_000).map(|i| format!("县城区中心{i:04}"))));
        // 10,000 strings of 19 bytes each.
        assert!(same.arena_bytes() + 150_000 < distinct.arena_bytes());
    }

    #[test]
    fn scalars() {
        assert_eq!(root("()"), Kind::Unit);
        assert_eq!(root(" true "), Kind::Bool(true));
        assert_eq!(root("false"), Kind::Bool(false));
        assert_eq!(root("None"), Kind::None);
        assert_eq!(root("'a'"), Kind::Char('a'));
        assert_eq!(root("'\\''"), Kind::Char('\''));
        assert_eq!(root("'''"), Kind::Char('\''));
        assert_eq!(root("'\\u{4e2d}'"), Kind::Char('中'));
        assert_eq!(root("'\\x41'"), Kind::Char('A'));
        assert_eq!(root("'中'"), Kind::Char('中'));
    }

    #[test]
    fn integers() {
        assert_eq!(root("42"), Kind::Int(42));
        assert_eq!(root("-42"), Kind::Int(-42));
        assert_eq!(root("+7"), Kind::Int(7));
        assert_eq!(root("1_000_"), Kind::Int(1000));
        assert_eq!(root("0x1F"), Kind::Int(31));
        assert_eq!(root("-0x10"), Kind::Int(-16));
        assert_eq!(root("0o17"), Kind::Int(15));
        assert_eq!(root("0b1010"), Kind::Int(10));
        assert_eq!(root("255u8"), Kind::Int(255));
        assert_eq!(root("-128i8"), Kind::Int(-128));
        assert_eq!(root("b'a'"), Kind::Int(97));
        assert_eq!(root("b'\\x80'"), Kind::Int(128));
        assert_eq!(root("-9223372036854775808"), Kind::Int(i64::MIN));
        assert_eq!(root("9223372036854775807"), Kind::Int(i64::MAX));
        // Beyond i64: floats, as ron::Value does beyond u64.
        assert_eq!(
            root("18446744073709551615"),
            Kind::Float(18446744073709551615.0)
        );
        assert_eq!(root("100000000000000000000"), Kind::Float(1e20));
        assert_eq!(
            root("-9223372036854775809"),
            Kind::Float(-9223372036854775809.0)
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
        assert_eq!(root("1.5"), Kind::Float(1.5));
        assert_eq!(root("1e5"), Kind::Float(1e5));
        assert_eq!(root("-1.5E-3"), Kind::Float(-1.5e-3));
        assert_eq!(root(".5"), Kind::Float(0.5));
        assert_eq!(root("5."), Kind::Float(5.0));
        assert_eq!(root("1_000.5"), Kind::Float(1000.5));
        assert_eq!(root("1f64"), Kind::Float(1.0));
        assert_eq!(root("1.1f32"), Kind::Float(f64::from(1.1f32)));
        assert_eq!(root("inf"), Kind::Float(f64::INFINITY));
        assert_eq!(root("-inf"), Kind::Float(f64::NEG_INFINITY));
        assert_eq!(root("+inff64"), Kind::Float(f64::INFINITY));
        assert!(matches!(root("NaN"), Kind::Float(f) if f.is_nan()));
        assert!(matches!(root("-NaN"), Kind::Float(f) if f.is_nan() && f.is_sign_negative()));
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
            Kind::Str("a\"b\\\n\t\r\0".into())
        );
        assert_eq!(root(r#""\u{1F600}\x41\xC3\xA9""#), Kind::Str("😀Aé".into()));
        assert_eq!(root("\"a\\\n    b\""), Kind::Str("ab".into()));
        assert_eq!(root("\"a\\\r\n\tb\""), Kind::Str("ab".into()));
        assert_eq!(root("\"鹿城区\""), Kind::Str("鹿城区".into()));
        assert_eq!(root(r#"r"a\n""#), Kind::Str("a\\n".into()));
        assert_eq!(root(r####"r##"a "# b"##"####), Kind::Str("a \"# b".into()));
        assert_eq!(root(r#"b"ab\x80""#), Kind::Str("ab\u{FFFD}".into()));
        assert_eq!(root(r##"br#"x"#"##), Kind::Str("x".into()));
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
        assert_eq!(d.segment(NodeId(2)), PathSegment::Some);
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
        let Kind::Struct { fields, .. } = kind(&d, 0) else {
            panic!()
        };
        let spans: Vec<&str> = fields
            .iter()
            .map(|f| &text[f.name_span().start..f.name_span().end])
            .collect();
        assert_eq!(spans, ["name", "r#type", "pair", "unit", "inner"]);
        assert_eq!(&*fields[1].name, "type");
        assert_eq!(
            root("Kind"),
            Kind::Tuple {
                name: Some("Kind".into()),
                items: Box::default()
            }
        );
        assert_eq!(
            root("Kind()"),
            Kind::Tuple {
                name: Some("Kind".into()),
                items: Box::default()
            }
        );
        assert_eq!(
            root("( )"),
            Kind::Tuple {
                name: None,
                items: Box::default()
            }
        );
        assert_eq!(
            root("名字"),
            Kind::Tuple {
                name: Some("名字".into()),
                items: Box::default()
            }
        );
        assert!(
            matches!(root("P(1, 2)"), Kind::Tuple { name: Some(n), items } if &*n == "P" && items.len() == 2)
        );
        // Duplicate fields are kept.
        assert!(matches!(root("(a: 1, a: 2)"), Kind::Struct { fields, .. } if fields.len() == 2));
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
        let Kind::Map(entries) = kind(&d, 0) else {
            panic!()
        };
        assert_eq!(entries.len(), 4);
        assert_eq!(d.segment(entries[0].0), PathSegment::KeyOf("a".into()));
        assert_eq!(d.segment(entries[0].1), PathSegment::Key("a".into()));
        assert_eq!(d.segment(entries[1].1), PathSegment::Key("2".into()));
        assert_eq!(d.segment(entries[3].0), PathSegment::KeyOf("()".into()));
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
        assert_eq!((d.parent(d.root()), d.segment(d.root())), (None, PathSegment::Root));
        for i in 1..d.len() {
            assert!(d.parent(NodeId(i as u32)).is_some_and(|p| p.index() < i));
        }
        let last = NodeId(d.len() as u32 - 1);
        assert_eq!(d.path(last), "xs[1][\"k\"]");
        // `2`, inside `Some(..)`, the value of `"k"`, in the map, the
        // second of `xs`, a field of the root.
        let chain: Vec<String> = d.ancestry(last).iter().map(|&id| d.path(id)).collect();
        assert_eq!(chain, ["", "xs", "xs[1]", "xs[1][\"k\"]", "xs[1][\"k\"]"]);
        assert_eq!(d.segment(last), PathSegment::Some);
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
    fn comments_are_recorded_once_in_order() {
        let text = "/* a /* nested */ comment */\n// line\r\n[1 /*,*/ , // x\n 2]// end";
        let d = doc(text);
        let found: Vec<(&str, bool)> = d
            .comments
            .iter()
            .map(|c| (&text[c.span.start..c.span.end], c.block))
            .collect();
        assert_eq!(
            found,
            [
                ("/* a /* nested */ comment */", true),
                ("// line\r", false),
                ("/*,*/", true),
                ("// x", false),
                ("// end", false),
            ]
        );
        let texts: Vec<&str> = d.comments.iter().map(|c| c.text(text)).collect();
        assert_eq!(texts, ["a /* nested */ comment", "line", ",", "x", "end"]);

        // Look-aheads (a field name, `Some(..)` with unwrap_variant_newtypes)
        // skip comments too, and back up: each comment is still recorded once.
        let text =
            "#![enable(unwrap_variant_newtypes)]\n(a /* 1 */ : Some(/* 2 */ x /* 3 */ : 1, // 4\n b: 2))";
        let d = doc(text);
        let texts: Vec<&str> = d.comments.iter().map(|c| c.text(text)).collect();
        assert_eq!(texts, ["1", "2", "3", "4"]);
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
        assert_eq!(kind(&d, 1), Kind::Int(5));
    }

    #[test]
    fn unwrap_variant_newtypes() {
        let text = "#![enable(unwrap_variant_newtypes)] [Some(a: 1, b: 2,), Some(1, 2), Some(), Some((1, 2)), Some(x)]";
        let d = doc(text);
        let Kind::List(items) = kind(&d, 0) else {
            panic!()
        };
        let inner = |i: usize| match kind(&d, items[i].0) {
            Kind::Some(inner) => (kind(&d, inner.0), d.node(inner).span),
            other => panic!("{other:?}"),
        };
        assert!(matches!(&inner(0).0, Kind::Struct { name: None, fields } if fields.len() == 2));
        assert_eq!(&text[inner(0).1.start..inner(0).1.end], "a: 1, b: 2");
        assert!(matches!(&inner(1).0, Kind::Tuple { name: None, items } if items.len() == 2));
        assert_eq!(inner(2).0, Kind::Unit);
        assert!(inner(2).1.is_empty());
        assert_eq!(&text[inner(3).1.start..inner(3).1.end], "(1, 2)");
        assert_eq!(
            inner(4).0,
            Kind::Tuple {
                name: Some("x".into()),
                items: Box::default()
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
