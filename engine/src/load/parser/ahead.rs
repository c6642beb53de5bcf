//! One large file parsed on several threads.
//!
//! # The scheme
//!
//! The calling thread parses the file from its start, as [`parse`] does. A
//! helper thread meanwhile scans the text for its structure (strings,
//! comments, brackets) as far as the calling thread's share should reach:
//! half of what the calling thread has left, on two threads. There it
//! picks the outermost list or map still open (a flat list of records,
//! `sheets: [..]`, the top-level map) and cuts it at its next comma, and
//! on more threads at a comma past each further share; the scan stops at
//! the last cut (reading all of a flat file first took a third of the
//! helper's time). The helpers parse the runs from the cuts into arenas of
//! their own, each member as [`Parser::value`] reads it.
//!
//! When the calling thread, parsing that container, stands after a member
//! exactly at a cut comma, it takes the run that starts there: its nodes
//! are renumbered in place and its arena joins the document's arenas (not
//! copied), its members join the container's, and parsing goes on where the
//! run ended. The document is
//! therefore the one a single thread builds, node for node: a run is taken
//! only at a comma where the calling thread itself stands between two
//! members; the run parsed from there is what the calling thread would have
//! parsed, and it must itself end exactly between two members at the next
//! cut comma (or at the container's end). Where the scan was wrong (a cut
//! that is not between two members of that container: inside a string, a
//! comment, a nested value), the run does not end where it must, and from
//! there the calling thread parses the rest itself. The depth bound and the
//! `unwrap_variant_newtypes` look-ahead budget are checked as a single
//! thread would meet them, and a file with a syntax error is parsed again
//! by [`parse`], so that the error is always the one it gives.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
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
    /// Whether the calling thread waits for the scan at the first member
    /// of a list or map (otherwise it goes on, and takes runs only if the
    /// scan is done before it reaches them).
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
    let (senders, receivers): (Vec<_>, Vec<_>) = (1..threads).map(|_| channel()).unzip();
    let result = std::thread::scope(|scope| {
        let shared = &shared;
        let lead = std::thread::Builder::new()
            .name("tally-parse".into())
            .stack_size(STACK)
            .spawn_scoped(scope, move || lead(scope, text, shared, senders, flags));
        if lead.is_ok() {
            parser.ahead = Some(Ahead {
                shared: Arc::clone(shared),
                receivers,
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
    /// The byte of the container's `[` or `{`.
    open: usize,
    /// The cut commas, in order; run `i` starts after `cuts[i]` and ends at
    /// `cuts[i + 1]` or at the container's end.
    cuts: Vec<usize>,
    /// The helper that parses run `i`.
    owner: Vec<usize>,
}

/// The calling thread's side: the runs, in order, per helper.
pub(in crate::load) struct Ahead {
    shared: Arc<Shared>,
    receivers: Vec<Receiver<Option<Run>>>,
    /// The run to take next.
    next: usize,
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
    /// After a member of the list or map `container`, at the next
    /// non-blank byte: takes the run parsed ahead from here, if there is
    /// one; returns the end of its last member.
    pub(super) fn adopt(&mut self, container: NodeId, list: bool) -> Option<usize> {
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
        if self.nodes.span(container)?.start != plan.open {
            return None;
        }
        let cut = *plan.cuts.get(ahead.next)?;
        if self.pos < cut {
            return None;
        }
        let owner = plan.owner.get(ahead.next).copied().unwrap_or(usize::MAX);
        let at_cut = self.pos == cut && self.bytes.get(self.pos) == Some(&b',');
        let shared = Arc::clone(&ahead.shared);
        let run = match self.ahead.as_mut() {
            Some(ahead) if at_cut => {
                ahead.next += 1;
                ahead.receivers.get(owner).and_then(|r| r.recv().ok()).flatten()
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

/// The first helper: scans, publishes the plan, starts the other helpers
/// and parses its own runs.
fn lead<'scope, 'env>(
    scope: &'scope std::thread::Scope<'scope, 'env>,
    text: &'env str,
    shared: &'scope Arc<Shared>,
    senders: Vec<Sender<Option<Run>>>,
    flags: Flags,
) {
    let plan = scan(text.as_bytes(), shared, senders.len()).unwrap_or_default();
    let jobs: Vec<Vec<(usize, Option<usize>)>> = (0..senders.len())
        .map(|h| {
            (0..plan.cuts.len())
                .filter(|&i| plan.owner.get(i) == Some(&h))
                .map(|i| (plan.cuts[i], plan.cuts.get(i + 1).copied()))
                .collect()
        })
        .collect();
    let list = text.as_bytes().get(plan.open) == Some(&b'[');
    if shared.plan.set(plan).is_err() {
        // The calling thread finished first.
        return;
    }
    let mut mine = None;
    for (h, (sender, runs)) in senders.into_iter().zip(jobs).enumerate() {
        if h == 0 {
            mine = Some((sender, runs));
            continue;
        }
        let work = move || helper(text, shared, &sender, &runs, list, flags);
        let spawned = std::thread::Builder::new()
            .name("tally-parse".into())
            .stack_size(STACK)
            .spawn_scoped(scope, work);
        // A helper that cannot start sends nothing: the calling thread
        // then parses its runs itself (its `recv` fails).
        drop(spawned);
    }
    if let Some((sender, runs)) = mine {
        helper(text, shared, &sender, &runs, list, flags);
    }
}

/// Parses runs in order and sends each; stops when the calling thread no
/// longer wants them.
fn helper(text: &str, shared: &Shared, sender: &Sender<Option<Run>>, runs: &[(usize, Option<usize>)], list: bool, flags: Flags) {
    for &(from, until) in runs {
        if shared.cancel.load(Ordering::Relaxed) {
            return;
        }
        let run = parse_run(text, from, until, list, flags, &shared.cancel);
        let failed = run.is_none();
        if sender.send(run).is_err() || failed {
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

/// One pass over the text that follows strings, chars, comments and
/// brackets as the parser reads them, closely enough to pick where to cut
/// (the cut is checked as it is used, see the module doc), as far as the
/// last cut and no further: the scan runs while the calling thread parses,
/// and every byte it reads delays the helpers.
///
/// When the scan has come to where the calling thread's share should end
/// (half of what is left after the calling thread's progress, on two
/// threads), it picks the outermost list or map open there with members
/// at least `len / 4096` bytes apart, and cuts it at its next comma, then
/// at its first comma past each later helper's share. `None` if the text
/// has no open list or map worth cutting there, or the scan gets lost.
fn scan(bytes: &[u8], shared: &Shared, helpers: usize) -> Option<Plan> {
    /// Containers this deep or shallower are candidates.
    const TRACK: usize = 4;
    struct Open {
        at: usize,
        byte: u8,
        /// Commas between its members, at least `gap` bytes apart.
        commas: usize,
        last: usize,
    }
    let n = bytes.len();
    let threads = helpers + 1;
    let gap = (n / 4096).max(1);
    let look_every = gap.min(4096);
    let mut stack: Vec<Open> = Vec::new();
    let mut depth = 0usize;
    // Once picked: the container's depth, and where each cut should be.
    let mut picked: Option<(usize, Vec<usize>)> = None;
    let mut plan = Plan::default();
    let mut interesting = [false; 256];
    for b in *b"\"'/()[]{},rb" {
        interesting[usize::from(b)] = true;
    }
    let mut next_look = 0;
    let mut i = 0;
    while i < n {
        while i < n && !interesting[usize::from(bytes[i])] {
            i += 1;
        }
        let Some(&c) = bytes.get(i) else { break };
        match c {
            b'"' => i = string_end(bytes, i + 1)?,
            b'r' | b'b' => {
                // `r"..."`, `r#"..."#`, `br"..."`, `b"..."`, `b'x'`; an
                // identifier otherwise.
                let prev_ident = i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
                let mut j = i + 1;
                if c == b'b' && bytes.get(j) == Some(&b'r') {
                    j += 1;
                }
                if prev_ident {
                    i += 1;
                } else if c == b'b' && j == i + 1 && bytes.get(j) == Some(&b'"') {
                    i = string_end(bytes, j + 1)?;
                } else if c == b'b' && bytes.get(j) == Some(&b'\'') {
                    i = char_end(bytes, j + 1)?;
                } else if j > i + 1 || c == b'r' {
                    let hashes = bytes.get(j..)?.iter().take_while(|&&b| b == b'#').count();
                    if bytes.get(j + hashes) == Some(&b'"') {
                        i = raw_end(bytes, j + hashes + 1, hashes)?;
                    } else {
                        i = j + hashes;
                    }
                } else {
                    i += 1;
                }
            }
            b'\'' => i = char_end(bytes, i + 1)?,
            b'/' => match bytes.get(i + 1) {
                Some(b'/') => {
                    i = bytes.get(i..)?.iter().position(|&b| b == b'\n').map_or(n, |p| i + p);
                }
                Some(b'*') => {
                    let mut level = 1usize;
                    i += 2;
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
                }
                _ => i += 1,
            },
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth <= TRACK {
                    stack.push(Open {
                        at: i,
                        byte: c,
                        commas: 0,
                        last: i,
                    });
                }
                i += 1;
            }
            b')' | b']' | b'}' => {
                if depth == 0 {
                    return None;
                }
                if picked.as_ref().is_some_and(|(d, _)| depth == *d) {
                    // The picked container ends: the last run ends here.
                    break;
                }
                if depth <= TRACK {
                    stack.pop()?;
                }
                depth -= 1;
                i += 1;
            }
            b',' => {
                match &picked {
                    Some((d, targets)) if depth == *d && targets.get(plan.cuts.len()).is_some_and(|&t| i >= t) => {
                        plan.cuts.push(i);
                        if plan.cuts.len() == targets.len() {
                            break;
                        }
                    }
                    Some(_) => {}
                    None if depth <= TRACK => {
                        if let Some(top) = stack.last_mut() {
                            if i - top.last >= gap {
                                top.commas += 1;
                                top.last = i;
                            }
                        }
                    }
                    None => {}
                }
                i += 1;
            }
            _ => i += 1,
        }
        if i < next_look {
            continue;
        }
        // Where the calling thread is, and whether it is done: every few
        // kilobytes, not at every byte the scan stops at.
        next_look = i + look_every;
        if picked.is_none() {
            let progress = shared.progress.load(Ordering::Relaxed);
            let first = progress + n.saturating_sub(progress) / threads;
            if i >= first {
                // The calling thread's share ends about here: pick the
                // outermost list or map open here that has members apart
                // (the widest: the one a cut leaves most to the helpers).
                let (d, open) = stack
                    .iter()
                    .enumerate()
                    .find(|(_, o)| o.byte != b'(' && o.commas >= 2)?;
                plan.open = open.at;
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
    plan.owner = (0..plan.cuts.len()).collect();
    Some(plan)
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
    use super::{scan, Shared};
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
        assert_eq!(plan.open, 0);
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
        assert_eq!(plan.open, 0);
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
            assert_eq!(plan.owner, (0..helpers).collect::<Vec<_>>());
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
