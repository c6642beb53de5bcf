//! One large file parsed on several threads.
//!
//! # The scheme
//!
//! The calling thread parses the file from its start, as [`parse`] does.
//! A helper thread meanwhile picks where to cut, in one of two ways:
//!
//! - **By the outline** ([`speculate`]): when the first megabyte shows one
//!   list or map of many small members with the same bytes between each
//!   two (`),\n    (`: a spreadsheet export, a database dump), the cuts
//!   are such separators (after which three more follow at their level)
//!   at twelve places per helper from half the calling thread's even share
//!   to the end, and the helpers start parsing at once. Nothing is read up
//!   to the cuts.
//! - **By a scan** ([`scan`]): otherwise the helper scans the text for its
//!   structure (strings, comments, brackets) as far as the calling
//!   thread's share should reach: half of what the calling thread has
//!   left, on two threads. There it picks the outermost list or map still
//!   open (`sheets: [..]`, the top-level map of nested maps) and cuts it at
//!   its next comma, and on more threads at a comma past each further
//!   share; the scan stops at the last cut.
//!
//! The helpers parse the runs from the cuts into arenas of their own, each
//! member as [`Parser::value`] reads it, taking the runs from the last one
//! back; the calling thread parses itself each run it comes to that no
//! helper has begun. So they meet wherever their speeds have them meet:
//! with one cut at the middle, one of a virtual machine's two cores
//! running slower left the other idle for a fifth of the parse.
//!
//! When the calling thread, parsing a list or map, stands after a member
//! exactly at a cut comma, it takes the run that starts there: its nodes
//! are renumbered in place and its arena joins the document's arenas (not
//! copied), its members join the container's, and parsing goes on where the
//! run ended. The document is therefore the one a single thread builds,
//! node for node: a run is taken only at a comma where the calling thread
//! itself stands between two members of a list (a map: the run must have
//! been parsed as the same); the run parsed from there is what the calling
//! thread would have parsed, and it must itself end exactly between two
//! members at the next cut comma (or at the container's end). How the cut
//! was found does not matter. Where it was wrong (inside a string, a
//! comment, a nested value, a tuple), the first member of a list or map
//! that ends at or past it does not end there, and from there the calling
//! thread parses the rest itself. The depth bound and the
//! `unwrap_variant_newtypes` look-ahead budget are checked as a single
//! thread would meet them, and a file with a syntax error is parsed again
//! by [`parse`], so that the error is always the one it gives.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, OnceLock};

use super::{parse, PResult, ParseError, Parser, MAX_DEPTH};
use crate::span::{Builder, Comment, Document, NodeId};

/// Files smaller than this are parsed on one thread: the scan and the
/// threads would cost more than they save.
const MIN_SPLIT: usize = 4 << 20;

/// Ids stay below this: a document numbers its nodes in a `u32`.
const MAX_NODES: u64 = u32::MAX as u64;

/// A helper's stack: parsing recurses (bounded by [`MAX_DEPTH`]).
const STACK: usize = 16 << 20;

/// The extensions that change how a value is read.
#[derive(Clone, Copy)]
struct Flags {
    implicit_some: bool,
    unwrap_variant_newtypes: bool,
}

/// Parses RON text into a [`Document`] on up to `threads` threads; the
/// document (and any error) is the one [`parse`] gives.
pub fn parse_with(text: &str, threads: usize) -> Result<Document, ParseError> {
    parse_split(
        text,
        threads,
        Split {
            min_len: MIN_SPLIT,
            wait: false,
        },
    )
    .0
}

/// How [`parse_split`] splits; tests cut small texts and wait for the cut.
#[derive(Debug, Clone, Copy)]
pub struct Split {
    /// Texts shorter than this are parsed on one thread.
    pub min_len: usize,
    /// Whether the calling thread waits for the cut at the first member
    /// of a list or map and leaves every run to the helpers (otherwise it
    /// goes on, takes runs only if the cut was made before it reaches
    /// them, and parses itself a run that no helper has begun).
    pub wait: bool,
}

/// As [`parse_with`]; also returns how many runs parsed ahead were taken.
pub fn parse_split(text: &str, threads: usize, split: Split) -> (Result<Document, ParseError>, usize) {
    if let Err(err) = super::too_large(text) {
        return (Err(err), 0);
    }
    if threads < 2 || text.len() < split.min_len.max(1) {
        return (parse(text), 0);
    }
    let mut parser = Parser::new(text);
    let Ok(attributes) = parser.header() else {
        return (parse(text), 0);
    };
    let shared = Arc::new(Shared {
        plan: OnceLock::new(),
        cancel: AtomicBool::new(false),
        progress: AtomicUsize::new(0),
        taken: AtomicUsize::new(0),
        wait: split.wait,
    });
    let flags = Flags {
        implicit_some: parser.implicit_some,
        unwrap_variant_newtypes: parser.unwrap_variant_newtypes,
    };
    let (sender, receiver) = channel();
    let helpers = threads - 1;
    let result = std::thread::scope(|scope| {
        let shared = &shared;
        let lead = std::thread::Builder::new()
            .name("tally-parse".into())
            .stack_size(STACK)
            .spawn_scoped(scope, move || lead(scope, text, shared, helpers, sender, flags));
        if lead.is_ok() {
            parser.ahead = Some(Ahead {
                shared: Arc::clone(shared),
                receiver,
                arrived: BTreeMap::new(),
                next: 0,
            });
        }
        let result = parser.body(attributes);
        shared.cancel.store(true, Ordering::Relaxed);
        // The plan may not be published yet; publishing an empty one
        // stops a scan that would otherwise go on.
        let _ = shared.plan.set(Plan::default());
        parser.ahead = None;
        result
    });
    let taken = shared.taken.load(Ordering::Relaxed);
    match result {
        Ok(()) => (Ok(parser.into_document()), taken),
        Err(_) => (parse(text), taken),
    }
}

/// What the calling thread and the helpers share.
struct Shared {
    /// The cut, once the scan has made it (empty: no cut).
    plan: OnceLock<Plan>,
    /// Set when the calling thread is done: helpers stop.
    cancel: AtomicBool,
    /// Where the calling thread is, while the scan runs.
    progress: AtomicUsize,
    /// Runs taken.
    taken: AtomicUsize,
    /// See [`Split::wait`].
    wait: bool,
}

/// Where the large container was cut.
#[derive(Default)]
struct Plan {
    /// Whether the container cut is a list (else a map).
    list: bool,
    /// The cut commas, in order; run `i` starts after `cuts[i]` and ends at
    /// `cuts[i + 1]` or at the container's end.
    cuts: Vec<usize>,
    /// Who parses run `i`: [`FREE`] until the calling thread or a helper
    /// claims it. Helpers claim runs from the last, the calling thread
    /// from the first as it comes to them, so that they meet wherever
    /// their speeds make them meet (two cores of a virtual machine often
    /// run at different speeds).
    claims: Vec<AtomicU8>,
}

/// A run nobody parses yet.
const FREE: u8 = 0;
/// A run the calling thread parses itself.
const CALLER: u8 = 1;
/// A run a helper parses.
const HELPER: u8 = 2;

impl Plan {
    fn new(list: bool, cuts: Vec<usize>) -> Self {
        let claims = cuts.iter().map(|_| AtomicU8::new(FREE)).collect();
        Plan { list, cuts, claims }
    }
}

/// The calling thread's side: the runs the helpers parsed, as they come.
pub(in crate::load) struct Ahead {
    shared: Arc<Shared>,
    receiver: Receiver<(usize, Option<Run>)>,
    /// Runs received before the calling thread came to them.
    arrived: BTreeMap<usize, Option<Run>>,
    /// The run to take next.
    next: usize,
}

impl Ahead {
    /// Run `i`, once its helper has parsed it; `None` if it could not be
    /// parsed as a run or the helpers are gone.
    fn wait_for(&mut self, i: usize) -> Option<Run> {
        loop {
            if let Some(run) = self.arrived.remove(&i) {
                return run;
            }
            let (j, run) = self.receiver.recv().ok()?;
            self.arrived.insert(j, run);
        }
    }
}

/// Members parsed by a helper, numbered from 0.
struct Run {
    nodes: Builder,
    items: Vec<NodeId>,
    entries: Vec<(NodeId, NodeId)>,
    comments: Vec<Comment>,
    field_names: Vec<Arc<str>>,
    odd_numbers: bool,
    /// The deepest [`Parser::enter`], relative to the container.
    max_entered: usize,
    /// Look-ahead bytes spent.
    lookahead: usize,
    /// Where the run ended: at the next cut comma or the closing bracket.
    end: usize,
    /// The end of its last member.
    last_end: usize,
}

impl Parser<'_> {
    /// After a member of a list (`list`) or a map, at the next non-blank
    /// byte: takes the run parsed ahead from here, if there is one;
    /// returns the end of its last member.
    pub(super) fn adopt(&mut self, list: bool) -> Option<usize> {
        let ahead = self.ahead.as_ref()?;
        let plan = match ahead.shared.plan.get() {
            Some(plan) => plan,
            None if ahead.shared.wait => {
                ahead.shared.progress.store(self.pos, Ordering::Relaxed);
                // Tests only; the scan always publishes a plan.
                loop {
                    if let Some(plan) = ahead.shared.plan.get() {
                        break plan;
                    }
                    std::thread::sleep(std::time::Duration::from_micros(100));
                }
            }
            None => {
                ahead.shared.progress.store(self.pos, Ordering::Relaxed);
                return None;
            }
        };
        if plan.cuts.is_empty() {
            self.ahead = None;
            return None;
        }
        let cut = *plan.cuts.get(ahead.next)?;
        // The first member of a list or map that ends at or past the cut
        // decides: where the cut stands between two members of a list or
        // map (whichever: parsing from there is the same), a member of it
        // ends exactly there, and before any member after it.
        if self.pos < cut {
            return None;
        }
        let i = ahead.next;
        let at_cut = self.pos == cut && self.bytes.get(self.pos) == Some(&b',');
        if at_cut
            && !ahead.shared.wait
            && plan
                .claims
                .get(i)
                .is_some_and(|c| c.compare_exchange(FREE, CALLER, Ordering::AcqRel, Ordering::Acquire).is_ok())
        {
            // No helper has come to it: this thread parses it, and looks
            // at the next cut when it gets there.
            if let Some(ahead) = self.ahead.as_mut() {
                ahead.next += 1;
            }
            return None;
        }
        let shared = Arc::clone(&ahead.shared);
        let run = match self.ahead.as_mut() {
            Some(ahead) if at_cut => {
                ahead.next += 1;
                ahead.wait_for(i)
            }
            _ => None,
        };
        let fits = run.as_ref().is_some_and(|run| {
            (run.max_entered == 0 || self.depth + run.max_entered < MAX_DEPTH)
                && run.lookahead <= self.lookahead_budget
                && (self.nodes.len() as u64 + run.nodes.len() as u64) < MAX_NODES
                && (list || run.items.is_empty())
                && (!list || run.entries.is_empty())
        });
        let Some(mut run) = run.filter(|_| fits) else {
            // From here on this thread parses the rest itself.
            self.ahead = None;
            shared.cancel.store(true, Ordering::Relaxed);
            return None;
        };
        let base = self.nodes.adopt(run.nodes);
        let shift = |id: NodeId| NodeId(id.0 + base);
        self.scratch.items.extend(run.items.iter().map(|&i| shift(i)));
        self.scratch
            .entries
            .extend(run.entries.iter().map(|&(k, v)| (shift(k), shift(v))));
        self.comments.append(&mut run.comments);
        for name in run.field_names {
            self.field_names.insert(name);
        }
        self.odd_numbers |= run.odd_numbers;
        self.lookahead_budget -= run.lookahead;
        self.pos = run.end;
        shared.taken.fetch_add(1, Ordering::Relaxed);
        Some(run.last_end)
    }
}

/// The first helper: picks the cuts, publishes them, starts the other
/// helpers and parses runs with them.
fn lead<'scope, 'env>(
    scope: &'scope std::thread::Scope<'scope, 'env>,
    text: &'env str,
    shared: &'scope Arc<Shared>,
    helpers: usize,
    sender: Sender<(usize, Option<Run>)>,
    flags: Flags,
) {
    let bytes = text.as_bytes();
    let plan = speculate(bytes, helpers)
        .or_else(|| scan(bytes, shared, helpers))
        .unwrap_or_default();
    if shared.plan.set(plan).is_err() {
        // The calling thread finished first.
        return;
    }
    let Some(plan) = shared.plan.get() else { return };
    for _ in 1..helpers {
        let sender = sender.clone();
        let work = move || helper(text, shared, plan, &sender, flags);
        let spawned = std::thread::Builder::new()
            .name("tally-parse".into())
            .stack_size(STACK)
            .spawn_scoped(scope, work);
        // A helper that cannot start claims nothing: the calling thread
        // then parses those runs itself.
        drop(spawned);
    }
    helper(text, shared, plan, &sender, flags);
}

/// Claims the last run nobody has claimed, parses it and sends it, until
/// none is left or the calling thread no longer wants them.
fn helper(text: &str, shared: &Shared, plan: &Plan, sender: &Sender<(usize, Option<Run>)>, flags: Flags) {
    loop {
        if shared.cancel.load(Ordering::Relaxed) {
            return;
        }
        let Some(i) = (0..plan.claims.len()).rev().find(|&i| {
            plan.claims
                .get(i)
                .is_some_and(|c| c.compare_exchange(FREE, HELPER, Ordering::AcqRel, Ordering::Acquire).is_ok())
        }) else {
            return;
        };
        let (Some(&from), until) = (plan.cuts.get(i), plan.cuts.get(i + 1).copied()) else {
            return;
        };
        let run = parse_run(text, from, until, plan.list, flags, &shared.cancel);
        let failed = run.is_none();
        if sender.send((i, run)).is_err() || failed {
            return;
        }
    }
}

/// The members of a list or map from after the comma at `from` to the
/// comma at `until` (or the closing bracket), numbered from 0.
fn parse_run(text: &str, from: usize, until: Option<usize>, list: bool, flags: Flags, cancel: &AtomicBool) -> Option<Run> {
    let mut p = Parser::for_range(text, from, until.unwrap_or(text.len()));
    p.pos = from + 1;
    p.implicit_some = flags.implicit_some;
    p.unwrap_variant_newtypes = flags.unwrap_variant_newtypes;
    let budget = p.lookahead_budget;
    let close = if list { b']' } else { b'}' };
    let mut items = Vec::new();
    let mut entries = Vec::new();
    let mut had_comma = true;
    let mut last_end = p.pos;
    let outcome: PResult<bool> = (|| loop {
        p.skip_ws()?;
        if p.peek() == Some(close) {
            // The container's end: right only for the last run.
            return Ok(until.is_none());
        }
        if !had_comma || cancel.load(Ordering::Relaxed) {
            return Ok(false);
        }
        if list {
            let item = p.value()?;
            last_end = p.end_of(item);
            items.push(item);
        } else {
            let key = p.value()?;
            p.skip_ws()?;
            if p.peek() != Some(b':') {
                return Ok(false);
            }
            p.pos += 1;
            p.skip_ws()?;
            let value = p.value()?;
            last_end = p.end_of(value);
            entries.push((key, value));
        }
        p.skip_ws()?;
        if let Some(until) = until {
            if p.pos == until && p.peek() == Some(b',') {
                return Ok(true);
            }
            if p.pos > until {
                return Ok(false);
            }
        }
        had_comma = p.comma()?;
    })();
    if outcome != Ok(true) {
        return None;
    }
    Some(Run {
        items,
        entries,
        comments: std::mem::take(&mut p.comments),
        field_names: p.field_names.seen.drain().collect(),
        odd_numbers: p.odd_numbers,
        max_entered: p.max_entered,
        lookahead: budget - p.lookahead_budget,
        end: p.pos,
        last_end,
        nodes: p.nodes,
    })
}

/// Containers this deep or shallower are candidates for a cut.
const TRACK: usize = 4;

/// How deep the pass over the [`Marks`] is, and what it keeps of each of
/// the outermost [`TRACK`] containers open there.
struct Nesting<T> {
    depth: usize,
    tracked: Vec<T>,
}

impl<T> Nesting<T> {
    fn new() -> Self {
        Nesting {
            depth: 0,
            tracked: Vec::new(),
        }
    }

    /// A container opens; `kept` makes what is kept of it, if it is tracked.
    fn open(&mut self, kept: impl FnOnce() -> T) {
        self.depth += 1;
        if self.depth <= TRACK {
            self.tracked.push(kept());
        }
    }

    /// The innermost container closes; `None` if none is open (the pass
    /// is lost).
    fn close(&mut self) -> Option<()> {
        if self.depth == 0 {
            return None;
        }
        if self.depth <= TRACK {
            self.tracked.pop();
        }
        self.depth -= 1;
        Some(())
    }

    /// What is kept of the innermost container, if it is tracked.
    fn innermost(&mut self) -> Option<&mut T> {
        if self.depth <= TRACK {
            self.tracked.last_mut()
        } else {
            None
        }
    }
}

/// A bracket or a comma, as [`Marks`] meets them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Open(u8),
    Close,
    Comma,
}

/// The bytes [`Marks`] stops at; everything else is passed over in a loop
/// of table look-ups.
const INTERESTING: [bool; 256] = {
    let mut table = [false; 256];
    let bytes = b"\"'/()[]{},rb";
    let mut k = 0;
    while k < bytes.len() {
        table[bytes[k] as usize] = true;
        k += 1;
    }
    table
};

/// The text's brackets and commas from a given byte, stepping over
/// strings, chars and comments as the parser reads them: closely enough to
/// pick where to cut (every cut is checked as it is used, see the module
/// doc).
struct Marks<'a> {
    bytes: &'a [u8],
    at: usize,
}

/// [`Marks`] met a string, char or comment that does not end.
struct Lost;

impl<'a> Marks<'a> {
    fn new(bytes: &'a [u8], from: usize) -> Self {
        Marks { bytes, at: from }
    }

    /// The next bracket or comma and where it is; `None` at the end.
    fn next(&mut self) -> Result<Option<(usize, Mark)>, Lost> {
        let bytes = self.bytes;
        let n = bytes.len();
        loop {
            let mut i = self.at;
            while i < n && !INTERESTING[usize::from(bytes[i])] {
                i += 1;
            }
            let Some(&c) = bytes.get(i) else {
                self.at = n;
                return Ok(None);
            };
            self.at = match c {
                b'(' | b'[' | b'{' => {
                    self.at = i + 1;
                    return Ok(Some((i, Mark::Open(c))));
                }
                b')' | b']' | b'}' => {
                    self.at = i + 1;
                    return Ok(Some((i, Mark::Close)));
                }
                b',' => {
                    self.at = i + 1;
                    return Ok(Some((i, Mark::Comma)));
                }
                b'"' => string_end(bytes, i + 1).ok_or(Lost)?,
                b'r' | b'b' => prefixed_end(bytes, i, c).ok_or(Lost)?,
                b'\'' => char_end(bytes, i + 1).ok_or(Lost)?,
                b'/' => match bytes.get(i + 1) {
                    Some(b'/') => bytes.get(i..).ok_or(Lost)?.iter().position(|&b| b == b'\n').map_or(n, |p| i + p),
                    Some(b'*') => block_comment_end(bytes, i + 2).ok_or(Lost)?,
                    _ => i + 1,
                },
                _ => i + 1,
            };
        }
    }

    /// The byte after the last mark (or what was stepped over).
    fn at(&self) -> usize {
        self.at
    }
}

/// At `r` or `b` at `i`: after `r"..."`, `r#"..."#`, `br"..."`, `b"..."`
/// or `b'x'`, or after the letter of an identifier.
fn prefixed_end(bytes: &[u8], i: usize, c: u8) -> Option<usize> {
    let prev_ident = i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
    let mut j = i + 1;
    if c == b'b' && bytes.get(j) == Some(&b'r') {
        j += 1;
    }
    if prev_ident {
        Some(i + 1)
    } else if c == b'b' && j == i + 1 && bytes.get(j) == Some(&b'"') {
        string_end(bytes, j + 1)
    } else if c == b'b' && bytes.get(j) == Some(&b'\'') {
        char_end(bytes, j + 1)
    } else if j > i + 1 || c == b'r' {
        let hashes = bytes.get(j..)?.iter().take_while(|&&b| b == b'#').count();
        if bytes.get(j + hashes) == Some(&b'"') {
            raw_end(bytes, j + hashes + 1, hashes)
        } else {
            Some(j + hashes)
        }
    } else {
        Some(i + 1)
    }
}

/// After `/*` at `from - 2`: the byte after the matching `*/` (they nest).
fn block_comment_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut level = 1usize;
    let mut i = from;
    while level > 0 {
        match (bytes.get(i), bytes.get(i + 1)) {
            (Some(b'/'), Some(b'*')) => {
                level += 1;
                i += 2;
            }
            (Some(b'*'), Some(b'/')) => {
                level -= 1;
                i += 2;
            }
            (Some(_), _) => i += 1,
            (None, _) => return None,
        }
    }
    Some(i)
}

/// Where to cut, without reading up to the cut, when the text is one
/// list or map of many small members that look alike (a spreadsheet
/// export, a database dump): the first megabyte (at most a sixteenth)
/// shows the members and what stands between two of them (`),\n    (`);
/// from half the calling thread's even share to the end, at twelve places
/// a helper, the first such separator after which three more follow at
/// the same level, scanned exactly, is a cut. Nothing is read before the
/// helpers start parsing, where [`scan`] would read half the file. `None`
/// (and [`scan`] is used) when the text is not so, or no such separator
/// is found near the first place.
fn speculate(bytes: &[u8], helpers: usize) -> Option<Plan> {
    let n = bytes.len();
    let prefix = (n / 16).min(1 << 20);
    let outline = outline(bytes, prefix)?;
    let threads = helpers + 1;
    // Runs from half the calling thread's even share to the end, twelve a
    // helper: where the threads meet is left to their speeds (see
    // [`Plan::claims`]).
    let first = n / (2 * threads);
    let runs = RUNS_PER_HELPER * helpers;
    let mut cuts: Vec<usize> = Vec::with_capacity(runs);
    for j in 0..runs {
        let target = first + (n - first) / runs * j;
        let from = target.max(prefix).max(cuts.last().map_or(0, |&c| c + 1));
        match find_cut(bytes, from, &outline) {
            Some(cut) => cuts.push(cut),
            // Near the container's end: its last run ends there.
            None if j > 0 => break,
            None => return None,
        }
    }
    Some(Plan::new(outline.list, cuts))
}

/// Runs cut by [`speculate`] for each helper.
const RUNS_PER_HELPER: usize = 12;

/// The outermost list or map open at the end of the prefix, when it has
/// had many members there and the same separator between each two.
struct Outline {
    list: bool,
    /// The byte before the comma, the comma, the blanks after it and the
    /// next member's first byte.
    separator: Vec<u8>,
    /// The members' mean length in the prefix.
    member: usize,
}

/// See [`speculate`]: the first `limit` bytes' outline, if it is one list
/// or map of members alike.
fn outline(bytes: &[u8], limit: usize) -> Option<Outline> {
    /// Members enough in the prefix to call them many.
    const MANY: usize = 16;
    struct Open {
        byte: u8,
        commas: usize,
        first: usize,
        last: usize,
        alike: bool,
    }
    let mut nesting = Nesting::new();
    let mut marks = Marks::new(bytes, 0);
    while let Some((i, mark)) = marks.next().ok()? {
        if i >= limit {
            break;
        }
        match mark {
            Mark::Open(byte) => nesting.open(|| Open {
                byte,
                commas: 0,
                first: i,
                last: i,
                alike: true,
            }),
            Mark::Close => nesting.close()?,
            Mark::Comma => {
                if let Some(top) = nesting.innermost() {
                    if top.commas == 0 {
                        top.first = i;
                    } else if top.alike {
                        top.alike = matches!(
                            (separator(bytes, i), separator(bytes, top.first)),
                            (Some(this), Some(first)) if this == first
                        );
                    }
                    top.commas += 1;
                    top.last = i;
                }
            }
        }
    }
    let top = nesting.tracked.iter().find(|o| o.byte != b'(')?;
    let separator = separator(bytes, top.first)?;
    // A separator that starts with a closing bracket or quote is not
    // found inside a member by chance as `5, ` would be.
    let distinct = matches!(separator.first(), Some(b')' | b']' | b'}' | b'"'));
    if top.commas < MANY || !top.alike || !distinct {
        return None;
    }
    Some(Outline {
        list: top.byte == b'[',
        separator: separator.to_vec(),
        member: (top.last - top.first) / (top.commas - 1),
    })
}

/// The byte before the comma at `at`, the comma, the blanks after it and
/// the byte after them.
fn separator(bytes: &[u8], at: usize) -> Option<&[u8]> {
    let blanks = bytes.get(at + 1..)?.iter().take(64).take_while(|b| b.is_ascii_whitespace()).count();
    bytes.get(at.checked_sub(1)?..at + blanks + 2)
}

/// The first comma at or after `from` (within reach of it) that stands
/// between two members as the outline's do: after its separator, three
/// more follow at the same level before anything closes it.
fn find_cut(bytes: &[u8], from: usize, outline: &Outline) -> Option<usize> {
    let reach = outline.member.saturating_mul(64).clamp(64 << 10, 4 << 20);
    let end = from.saturating_add(reach).min(bytes.len());
    let finder = memchr::memmem::Finder::new(&outline.separator);
    let mut at = from;
    while at < end {
        let comma = at + finder.find(bytes.get(at..end)?)? + 1;
        if alike_after(bytes, comma, outline) {
            return Some(comma);
        }
        at = comma;
    }
    None
}

/// Whether, scanned exactly from the comma at `comma`, the next three
/// commas at its level have the outline's separator and nothing closes
/// that level before them.
fn alike_after(bytes: &[u8], comma: usize, outline: &Outline) -> bool {
    let limit = comma.saturating_add(outline.member.saturating_mul(16)).saturating_add(4096);
    let mut marks = Marks::new(bytes, comma + 1);
    let mut depth = 0usize;
    let mut seen = 0;
    while let Ok(Some((i, mark))) = marks.next() {
        if i > limit {
            return false;
        }
        match mark {
            Mark::Open(_) => depth += 1,
            Mark::Close if depth == 0 => return false,
            Mark::Close => depth -= 1,
            Mark::Comma if depth == 0 => {
                if separator(bytes, i) != Some(&outline.separator[..]) {
                    return false;
                }
                seen += 1;
                if seen == 3 {
                    return true;
                }
            }
            Mark::Comma => {}
        }
    }
    false
}

/// One pass over the text's [`Marks`] as far as the last cut and no
/// further: the scan runs while the calling thread parses, and every byte
/// it reads delays the helpers.
///
/// When the scan has come to where the calling thread's share should end
/// (half of what is left after the calling thread's progress, on two
/// threads), it picks the outermost list or map open there with members
/// at least `len / 4096` bytes apart, and cuts it at its next comma, then
/// at its first comma past each later helper's share. `None` if the text
/// has no open list or map worth cutting there, or the scan gets lost.
fn scan(bytes: &[u8], shared: &Shared, helpers: usize) -> Option<Plan> {
    struct Open {
        byte: u8,
        /// Commas between its members, at least `gap` bytes apart.
        commas: usize,
        last: usize,
    }
    let n = bytes.len();
    let threads = helpers + 1;
    let gap = (n / 4096).max(1);
    let look_every = gap.min(4096);
    let mut nesting = Nesting::new();
    // Once picked: the container's depth, and where each cut should be.
    let mut picked: Option<(usize, Vec<usize>)> = None;
    let mut plan = Plan::default();
    let mut next_look = 0;
    let mut marks = Marks::new(bytes, 0);
    while let Some((i, mark)) = marks.next().ok()? {
        match mark {
            Mark::Open(byte) => nesting.open(|| Open {
                byte,
                commas: 0,
                last: i,
            }),
            Mark::Close => {
                if picked.as_ref().is_some_and(|(d, _)| nesting.depth == *d) {
                    // The picked container ends: the last run ends here.
                    break;
                }
                nesting.close()?;
            }
            Mark::Comma => match &picked {
                Some((d, targets)) if nesting.depth == *d && targets.get(plan.cuts.len()).is_some_and(|&t| i >= t) => {
                    plan.cuts.push(i);
                    if plan.cuts.len() == targets.len() {
                        break;
                    }
                }
                Some(_) => {}
                None => {
                    if let Some(top) = nesting.innermost() {
                        if i - top.last >= gap {
                            top.commas += 1;
                            top.last = i;
                        }
                    }
                }
            },
        }
        let i = marks.at();
        if i < next_look {
            continue;
        }
        // Where the calling thread is, and whether it is done: every few
        // kilobytes, not at every mark.
        next_look = i + look_every;
        if picked.is_none() {
            let progress = shared.progress.load(Ordering::Relaxed);
            let first = progress + n.saturating_sub(progress) / threads;
            if i >= first {
                // The calling thread's share ends about here: pick the
                // outermost list or map open here that has members apart
                // (the widest: the one a cut leaves most to the helpers).
                let (d, open) = nesting
                    .tracked
                    .iter()
                    .enumerate()
                    .find(|(_, o)| o.byte != b'(' && o.commas >= 2)?;
                plan.list = open.byte == b'[';
                let share = n.saturating_sub(i) / helpers.max(1);
                picked = Some((d + 1, (0..helpers).map(|h| i + h * share).collect()));
            }
        }
        if shared.cancel.load(Ordering::Relaxed) {
            return None;
        }
    }
    if plan.cuts.is_empty() {
        return None;
    }
    Some(Plan::new(plan.list, plan.cuts))
}

/// After the opening `"` at `from`: the byte after the closing one.
fn string_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    loop {
        let p = bytes.get(i..)?.iter().position(|&b| b == b'"' || b == b'\\')?;
        i += p;
        if bytes[i] == b'\\' {
            i += 2;
        } else {
            return Some(i + 1);
        }
    }
}

/// After `r#…#"` at `from`: the byte after the closing `"#…#`.
fn raw_end(bytes: &[u8], from: usize, hashes: usize) -> Option<usize> {
    let mut i = from;
    loop {
        let p = bytes.get(i..)?.iter().position(|&b| b == b'"')?;
        i += p + 1;
        if bytes.get(i..i + hashes)?.iter().all(|&b| b == b'#') {
            return Some(i + hashes);
        }
    }
}

/// After the opening `'` at `from`: the byte after the closing one.
fn char_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    if bytes.get(i) == Some(&b'\\') {
        i += 2;
    } else {
        // One character of one to four bytes.
        i += 1;
        while bytes.get(i).is_some_and(|&b| b & 0xC0 == 0x80) {
            i += 1;
        }
    }
    let p = bytes.get(i..)?.iter().take(12).position(|&b| b == b'\'')?;
    Some(i + p + 1)
}

#[cfg(test)]
mod tests {
    use super::{outline, scan, speculate, Shared, RUNS_PER_HELPER};
    use std::sync::atomic::{AtomicBool, AtomicUsize};
    use std::sync::OnceLock;

    fn shared() -> Shared {
        Shared {
            plan: OnceLock::new(),
            cancel: AtomicBool::new(false),
            progress: AtomicUsize::new(0),
            taken: AtomicUsize::new(0),
            wait: false,
        }
    }

    /// `[[0], [1], …]`: `n` lists of one number in a list.
    fn lists(n: usize) -> String {
        let items: Vec<String> = (0..n).map(|i| format!("[{i}]")).collect();
        format!("[{}]", items.join(", "))
    }

    /// Records with a list inside each: the records' list is cut, at a
    /// comma between two records, past the middle.
    #[test]
    fn the_outermost_list_is_cut_past_the_middle() {
        let mut text = String::from("[\n");
        for i in 0..1000 {
            text.push_str(&format!("(region: \"区{i}\", values: [1.5, 2.5, 3.5, 4.5, 5.5]),\n"));
        }
        text.push(']');
        let plan = scan(text.as_bytes(), &shared(), 1).expect("a cut");
        assert!(plan.list);
        assert_eq!(plan.cuts.len(), 1);
        let cut = plan.cuts[0];
        assert!(cut >= text.len() / 2, "cut at {cut} of {}", text.len());
        assert_eq!(&text[cut - 1..cut + 2], "),\n");
    }

    /// Maps nested six deep, as `layouts --layout deep` writes them: the
    /// inner maps have more members apart than the outer one, but a cut
    /// there would leave the helper a few kilobytes.
    #[test]
    fn nested_maps_are_cut_at_the_top() {
        fn map(depth: usize, out: &mut String) {
            out.push('{');
            for k in 0..6 {
                out.push_str(&format!("\"k{k}\": "));
                if depth == 0 {
                    out.push_str("1.5");
                } else {
                    map(depth - 1, out);
                }
                if k < 5 {
                    out.push_str(", ");
                }
            }
            out.push('}');
        }
        let mut text = String::new();
        map(5, &mut text);
        let plan = scan(text.as_bytes(), &shared(), 1).expect("a cut");
        assert!(!plan.list);
        assert_eq!(depth_at(&text, plan.cuts[0]), 1, "cut at {}", plan.cuts[0]);
        // Its members are few and large: no guess, the scan cuts it.
        assert!(speculate(text.as_bytes(), 1).is_none());
    }

    /// How many brackets are open at byte `at` (texts without strings).
    fn depth_at(text: &str, at: usize) -> usize {
        text.bytes().take(at).fold(0, |d, b| match b {
            b'(' | b'[' | b'{' => d + 1,
            b')' | b']' | b'}' => d - 1,
            _ => d,
        })
    }

    /// `n` records as a spreadsheet export writes them, one a line.
    fn records(n: usize) -> String {
        let mut text = String::from("[\n");
        for i in 0..n {
            text.push_str(&format!("    (region: \"区{i}\", values: [{i}.5, 2.5, 3.25]),\n"));
        }
        text.push(']');
        text
    }

    /// A flat list is cut by its outline into twelve runs a helper, from
    /// half the calling thread's even share to the end, each between two
    /// records, without a scan up to the cut.
    #[test]
    fn a_flat_list_is_cut_by_its_outline() {
        let text = records(20_000);
        for helpers in 1..=3 {
            let plan = speculate(text.as_bytes(), helpers).expect("a guess");
            assert!(plan.list);
            let runs = RUNS_PER_HELPER * helpers;
            // The last ones fall where fewer than three records follow.
            assert!((runs - 1..=runs).contains(&plan.cuts.len()), "{} cuts", plan.cuts.len());
            assert_eq!(plan.claims.len(), plan.cuts.len());
            let first = text.len() / (2 * (helpers + 1));
            for (j, &cut) in plan.cuts.iter().enumerate() {
                let target = first + (text.len() - first) / runs * j;
                assert!(cut >= target && cut - target < 200, "cut at {cut}, run {j} at {target}");
                assert_eq!(&text[cut - 1..cut + 7], "),\n    (");
            }
        }
        // Its first member, its separator and the members' length.
        let outline = outline(text.as_bytes(), 1 << 20).expect("an outline");
        assert_eq!(outline.separator, b"),\n    (");
        assert!((40..60).contains(&outline.member), "{}", outline.member);
    }

    /// A separator inside a string is passed over: scanned exactly from
    /// it, what follows does not look like members.
    #[test]
    fn a_separator_inside_a_string_is_not_taken() {
        let text = records(20_000);
        let quarter = text.len() / 4;
        let line = text[..quarter].rfind('\n').expect("a line") + 1;
        // A record whose string holds a separator just past where the
        // first run should start: the first one found from there.
        let pad = "x".repeat(4 * (quarter - line) + 80);
        let trap = format!("    (region: \"{pad}),\n    (\", values: [1]),\n");
        let text = format!("{}{trap}{}", &text[..line], &text[line..]);
        let inside = line + trap.find("),").expect("the trap") + 1;
        let first = text.len() / 4;
        assert!(inside >= first);
        assert!(!text[first..inside].contains("),\n    ("));
        let plan = speculate(text.as_bytes(), 1).expect("a guess");
        let cut = plan.cuts[0];
        assert!(cut > line + trap.len() - 3, "cut at {cut}, the trap's comma at {inside}");
        assert_eq!(&text[cut - 1..cut + 7], "),\n    (");
    }

    /// Texts the outline does not fit: members unlike each other, too
    /// few, a list of bare numbers, a list that ends before the middle.
    #[test]
    fn no_guess_where_the_outline_does_not_fit() {
        let numbers: Vec<String> = (0..50_000).map(|i| format!("{i}.5")).collect();
        let numbers = format!("[{}]", numbers.join(", "));
        assert!(speculate(numbers.as_bytes(), 1).is_none());
        let few = format!("[{}]", lists(10));
        assert!(speculate(few.as_bytes(), 1).is_none());
        let mut mixed = String::from("[");
        for i in 0..20_000 {
            mixed.push_str(if i % 2 == 0 { "(a: 1),\n" } else { "[1, 2], " });
        }
        mixed.push(']');
        assert!(speculate(mixed.as_bytes(), 1).is_none());
        // The list is over at a fifth of the text; a string fills the rest.
        let short = records(4_000);
        let ended = format!("(rows: {short}, note: \"{}\")", "x".repeat(short.len() * 4));
        assert!(speculate(ended.as_bytes(), 1).is_none());
    }

    /// The scan stops at the last cut: what follows is not read (here it
    /// would lose the scan, a closing bracket too many).
    #[test]
    fn the_scan_reads_no_further_than_the_last_cut() {
        let whole = lists(1000);
        let lost = format!("{whole}]]");
        for helpers in 1..=3 {
            let plan = scan(whole.as_bytes(), &shared(), helpers).expect("a cut");
            assert_eq!(plan.cuts.len(), helpers);
            assert_eq!(plan.claims.len(), helpers);
        }
        assert!(scan(lost.as_bytes(), &shared(), 3).is_some());
    }

    /// Where the calling thread already is counts: its share starts there.
    #[test]
    fn the_share_starts_where_the_calling_thread_is() {
        let text = lists(1000);
        let s = shared();
        s.progress.store(text.len() / 2, std::sync::atomic::Ordering::Relaxed);
        let plan = scan(text.as_bytes(), &s, 1).expect("a cut");
        assert!(plan.cuts[0] >= text.len() * 3 / 4, "cut at {}", plan.cuts[0]);
    }
}
