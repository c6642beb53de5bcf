//! Byte offsets to lines and character columns.

use serde::Serialize;

/// A resolved position: byte range plus 1-based line and column of both
/// ends. Columns count Unicode scalar values, not bytes, so that `鹿城区`
/// is three columns wide in the JSON, as editors count it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    /// Byte offset of the start.
    pub start: usize,
    /// Byte offset one past the end.
    pub end: usize,
    /// 1-based line of the start.
    pub line: usize,
    /// 1-based character column of the start.
    pub column: usize,
    /// 1-based line of the end.
    pub end_line: usize,
    /// 1-based character column one past the end.
    pub end_column: usize,
}

impl Location {
    /// The location of `span`, given the 1-based line and column of each end.
    fn new(
        span: super::Span,
        (line, column): (usize, usize),
        (end_line, end_column): (usize, usize),
    ) -> Self {
        Location {
            start: span.start,
            end: span.end,
            line,
            column,
            end_line,
            end_column,
        }
    }
}

/// Line starts of a text, for turning byte offsets into lines and columns
/// in `O(log lines)` plus at most [`STRIDE`] bytes of counting, however
/// long the line: a minified file on one line with 10⁵ findings must not
/// count its way from the line start for each of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineIndex {
    line_starts: LineStarts,
    len: usize,
    /// `chars[i]`: the characters that start before byte `i * STRIDE`;
    /// counted when a column far into a long line is first asked for (a
    /// pretty-printed file never needs them, and counting them was half
    /// of indexing it).
    chars: std::sync::OnceLock<Vec<usize>>,
}

/// Where lines start: as `u32` for any text under 4 GiB (a national data
/// set has tens of millions of lines, and this halves what they cost).
#[derive(Debug, Clone, PartialEq, Eq)]
enum LineStarts {
    Narrow(Vec<u32>),
    Wide(Vec<usize>),
}

impl Default for LineStarts {
    fn default() -> Self {
        LineStarts::Narrow(Vec::new())
    }
}

impl LineStarts {
    fn len(&self) -> usize {
        match self {
            LineStarts::Narrow(v) => v.len(),
            LineStarts::Wide(v) => v.len(),
        }
    }

    fn get(&self, line: usize) -> Option<usize> {
        match self {
            LineStarts::Narrow(v) => v.get(line).map(|&s| s as usize),
            LineStarts::Wide(v) => v.get(line).copied(),
        }
    }

    /// The 0-based line that `offset` is on.
    fn line_of(&self, offset: usize) -> usize {
        let found = match self {
            LineStarts::Narrow(v) => v.binary_search(&u32::try_from(offset).unwrap_or(u32::MAX)),
            LineStarts::Wide(v) => v.binary_search(&offset),
        };
        match found {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }
}

/// Bytes between two character-count checkpoints.
const STRIDE: usize = 1024;

/// Whether a byte starts a character (is not a UTF-8 continuation byte).
fn starts_char(byte: u8) -> bool {
    byte & 0xC0 != 0x80
}

/// How many bytes of `bytes` start a character, eight bytes at a time (a
/// continuation byte is `10xxxxxx`): several times faster than a byte at a
/// time on CJK text, where two bytes in three are continuations.
fn char_starts(bytes: &[u8]) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const LOW_BYTES: u64 = 0x00FF_00FF_00FF_00FF;
    let mut continuations = 0;
    let mut chunks = bytes.chunks_exact(8);
    // Per-byte counters, emptied before any can pass 255.
    let mut lanes = 0u64;
    let mut in_lanes = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        // Bit 7 set and bit 6 clear, per byte, as 0 or 1 in each lane.
        lanes += (x & !(x << 1) & HIGH) >> 7;
        in_lanes += 1;
        if in_lanes == 255 {
            continuations += lane_sum(lanes, LOW_BYTES);
            lanes = 0;
            in_lanes = 0;
        }
    }
    continuations += lane_sum(lanes, LOW_BYTES);
    let rest = chunks.remainder();
    bytes.len() - continuations - rest.iter().filter(|&&b| !starts_char(b)).count()
}

/// Calls `push` with the offset after every `\n`, eight bytes at a time:
/// a pretty-printed table breaks its lines every forty bytes or so, where
/// a search per line break (memchr) costs more than one pass over all.
fn each_line_end(bytes: &[u8], mut push: impl FnMut(usize)) {
    const SEVEN_BITS: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const NEWLINES: u64 = 0x0A0A_0A0A_0A0A_0A0A;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    let mut base = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let t = u64::from_le_bytes(word) ^ NEWLINES;
        // The high bit of each byte of `t` that is zero, exactly (no
        // borrow runs from one byte into the next).
        let mut newlines = !(((t & SEVEN_BITS) + SEVEN_BITS) | t) & HIGH;
        while newlines != 0 {
            push(base + (newlines.trailing_zeros() / 8) as usize + 1);
            newlines &= newlines - 1;
        }
        base += 8;
    }
    for (i, &b) in chunks.remainder().iter().enumerate() {
        if b == b'\n' {
            push(base + i + 1);
        }
    }
}

/// The sum of the eight byte lanes of `lanes`.
fn lane_sum(lanes: u64, low_bytes: u64) -> usize {
    let pairs = (lanes & low_bytes) + ((lanes >> 8) & low_bytes);
    (pairs.wrapping_mul(0x0001_0001_0001_0001) >> 48) as usize
}

impl LineIndex {
    /// Indexes `text`. Lines end at `\n`; a `\r` before it belongs to the line.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let line_starts = match u32::try_from(text.len()) {
            Ok(_) => {
                let mut starts = vec![0u32];
                each_line_end(bytes, |i| starts.push(i as u32));
                LineStarts::Narrow(starts)
            }
            Err(_) => {
                let mut starts = vec![0usize];
                each_line_end(bytes, |i| starts.push(i));
                LineStarts::Wide(starts)
            }
        };
        LineIndex {
            line_starts,
            len: text.len(),
            chars: std::sync::OnceLock::new(),
        }
    }

    /// See [`LineIndex::chars`].
    fn checkpoints(&self, text: &str) -> &[usize] {
        self.chars.get_or_init(|| {
            let mut chars = Vec::with_capacity(text.len() / STRIDE + 1);
            let mut count = 0;
            for block in text.as_bytes().chunks(STRIDE) {
                chars.push(count);
                count += char_starts(block);
            }
            if text.len() % STRIDE == 0 {
                // A checkpoint for the end of the text too.
                chars.push(count);
            }
            chars
        })
    }

    /// The characters of `text` (the text this index was built from) that
    /// start before byte `offset`: a character offset, in at most
    /// [`STRIDE`] bytes of counting.
    pub fn chars_before(&self, text: &str, offset: usize) -> usize {
        let block = offset / STRIDE;
        let Some(&before) = self.checkpoints(text).get(block) else {
            return text.bytes().take(offset).filter(|&b| starts_char(b)).count();
        };
        let from = block * STRIDE;
        before + text.as_bytes().get(from..offset).map_or(0, char_starts)
    }

    /// The number of lines.
    pub fn lines(&self) -> usize {
        self.line_starts.len()
    }

    /// 1-based line and character column of a byte offset in `text` (the
    /// text this index was built from). Offsets past the end clamp to the
    /// end; offsets inside a multi-byte character count that character.
    pub fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.len).min(text.len());
        let line = self.line_of(offset);
        let start = self.line_starts.get(line).unwrap_or(self.len);
        let column = match text.as_bytes().get(start..offset) {
            Some(in_line) if in_line.len() <= SCAN_LINE_MAX => char_starts(in_line),
            _ => self.chars_before(text, offset) - self.chars_before(text, start),
        };
        (line + 1, column + 1)
    }

    /// The 0-based line that byte `offset` is on (offsets past the end are
    /// on the last line).
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts.line_of(offset.min(self.len))
    }

    /// The byte offset where the 0-based `line` starts; the end of the text
    /// for lines past the last.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts.get(line).unwrap_or(self.len)
    }

    /// The byte offset of a 1-based line and character column, if inside the text.
    pub fn offset(&self, text: &str, line: usize, column: usize) -> Option<usize> {
        let start = self.line_starts.get(line.checked_sub(1)?)?;
        let rest = text.get(start..)?;
        if column == 0 {
            return None;
        }
        match rest.char_indices().nth(column - 1) {
            Some((i, _)) => Some(start + i),
            None => Some(text.len()),
        }
    }

    /// Resolves a byte range.
    pub fn locate(&self, text: &str, span: super::Span) -> Location {
        Location::new(
            span,
            self.line_column(text, span.start),
            self.line_column(text, span.end),
        )
    }
}

/// How far into a line a column is counted from the line's start (by
/// [`LineCounts::locate`] and [`LineIndex::line_column`]); further in,
/// the index's checkpoints count it.
const SCAN_LINE_MAX: usize = 4 * STRIDE;

/// Bytes between two of [`LineCounts`]' checkpoints.
const COUNT_STEP: usize = 4 * STRIDE;

/// [`LineIndex::locate`] without an index, for the findings of a check: a
/// large file has a few hundred of them, and indexing all its lines cost
/// as much as reading it. The line breaks are counted once, in blocks of
/// [`COUNT_STEP`] bytes, up to the furthest offset asked for, and each
/// location counts at most one block from the checkpoint before it; the
/// column is counted from the line's start.
///
/// Shared by the threads that report into one file: the checkpoints sit
/// behind a lock, held while they are extended.
#[derive(Debug, Default)]
pub struct LineCounts {
    /// `breaks[i]`: the line breaks before byte `i * COUNT_STEP` — a
    /// prefix of the file's blocks, extended on demand.
    breaks: std::sync::Mutex<Vec<usize>>,
}

impl LineCounts {
    /// Resolves a byte range of `text` (the same text on every call), as
    /// [`LineIndex::locate`] does; `None` when an end sits further than
    /// [`SCAN_LINE_MAX`] bytes into its line (counting its characters would
    /// be slow; the index's checkpoints are the way then).
    pub fn locate(&self, text: &str, span: super::Span) -> Option<Location> {
        Some(Location::new(
            span,
            self.line_column(text, span.start)?,
            self.line_column(text, span.end)?,
        ))
    }

    fn line_column(&self, text: &str, offset: usize) -> Option<(usize, usize)> {
        let bytes = text.as_bytes();
        let offset = offset.min(bytes.len());
        let from = offset.saturating_sub(SCAN_LINE_MAX + 1);
        let start = match memchr::memrchr(b'\n', bytes.get(from..offset)?) {
            Some(i) => from + i + 1,
            None if from == 0 => 0,
            None => return None,
        };
        let column = char_starts(bytes.get(start..offset)?);
        Some((self.breaks_before(bytes, offset) + 1, column + 1))
    }

    /// The line breaks in `bytes` before `offset` (at most its length).
    fn breaks_before(&self, bytes: &[u8], offset: usize) -> usize {
        let count = |from: usize, to: usize| bytes.get(from..to).map_or(0, |b| memchr::memchr_iter(b'\n', b).count());
        let block = offset / COUNT_STEP;
        let before = {
            let mut breaks = match self.breaks.lock() {
                Ok(breaks) => breaks,
                Err(poisoned) => poisoned.into_inner(),
            };
            if breaks.is_empty() {
                breaks.push(0);
            }
            while breaks.len() <= block {
                let last = breaks.len() - 1;
                let at = breaks.get(last).copied().unwrap_or(0) + count(last * COUNT_STEP, (last + 1) * COUNT_STEP);
                breaks.push(at);
            }
            breaks.get(block).copied().unwrap_or(0)
        };
        before + count(block * COUNT_STEP, offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    /// Counting line breaks locates every span exactly as the index does
    /// (ends inside characters, at line breaks, past the end of the text),
    /// whether the counts are fresh or shared with the spans before.
    #[test]
    fn counting_locates_like_the_index() {
        let text = "TargetTable(\r\n  name: \"鹿城区\", // 注\n\n  breakdown: {\"🎉\": 1.5},\n)";
        let index = LineIndex::new(text);
        let shared = LineCounts::default();
        for start in 0..=text.len() + 2 {
            for end in start..=text.len() + 2 {
                let span = Span::new(start, end);
                let expected = Some(index.locate(text, span));
                assert_eq!(LineCounts::default().locate(text, span), expected, "{span:?}");
                assert_eq!(shared.locate(text, span), expected, "{span:?}, shared");
            }
        }
    }

    /// Across many checkpoint blocks, asked in any order (the furthest
    /// first, then back and forth), the counts agree with the index; an
    /// end far into a long line is left to the index.
    #[test]
    fn counting_across_blocks_in_any_order() {
        let mut text = String::new();
        for i in 0..3000 {
            text.push_str(&"鹿城区 ab ".repeat(i % 7));
            text.push_str(if i % 5 == 0 { "\r\n" } else { "\n" });
        }
        text.push_str(&"长".repeat(SCAN_LINE_MAX));
        let index = LineIndex::new(&text);
        let counts = LineCounts::default();
        let short = text.len() - SCAN_LINE_MAX * 3;
        let mut offsets: Vec<usize> = (0..short).step_by(331).collect();
        offsets.reverse();
        offsets.extend((0..short).step_by(977).map(|o| (o * 7919) % short));
        for offset in offsets {
            let span = Span::new(offset, (offset + 40).min(short));
            assert_eq!(counts.locate(&text, span), Some(index.locate(&text, span)), "{span:?}");
        }
        let far = Span::new(text.len() - 3, text.len());
        assert_eq!(counts.locate(&text, far), None);
    }

    /// The word-at-a-time line breaks are exactly memchr's, next to every
    /// byte value (a borrow between bytes would add false breaks).
    #[test]
    fn line_ends_are_memchrs() {
        let mut bytes: Vec<u8> = (0..=255u8)
            .flat_map(|b| [b, b'\n', b, b.wrapping_add(1), 0x0B])
            .collect();
        bytes.extend_from_slice("鹿城区\n\n\r\n 第1省".as_bytes());
        for start in 0..9 {
            let slice = &bytes[start..];
            let mut ours = Vec::new();
            each_line_end(slice, |i| ours.push(i));
            let theirs: Vec<usize> = memchr::memchr_iter(b'\n', slice).map(|i| i + 1).collect();
            assert_eq!(ours, theirs, "from byte {start}");
        }
    }

    /// The word-at-a-time count equals a byte-at-a-time count on text of
    /// every width, at every length and alignment.
    #[test]
    fn char_starts_counts_like_a_byte_loop() {
        let text = "鹿城区 a\u{00e9}b 🎉\n(standard: 520, high: 560), 第1省第2市: 12.5 ";
        let bytes = text.repeat(7);
        let bytes = bytes.as_bytes();
        for start in 0..9 {
            for end in start..bytes.len() {
                let slice = &bytes[start..end];
                let slow = slice.iter().filter(|&&b| starts_char(b)).count();
                assert_eq!(char_starts(slice), slow, "bytes {start}..{end}");
            }
        }
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "a\n鹿城区: 38,\n";
        let index = LineIndex::new(text);
        let at = text.find("38").expect("literal present");
        assert_eq!(index.line_column(text, at), (2, 6));
        let loc = index.locate(text, Span::new(at, at + 2));
        assert_eq!((loc.end_line, loc.end_column), (2, 8));
    }

    #[test]
    fn columns_on_a_long_line_count_characters_across_checkpoints() {
        // Wide characters straddle the checkpoint boundaries.
        let line = "鹿城区 ab 🙂 ".repeat(STRIDE);
        let text = format!("x\n{line}\n");
        let index = LineIndex::new(&text);
        for (offset, _) in text.char_indices().step_by(97) {
            let (line_no, column) = index.line_column(&text, offset);
            let start = if offset >= 2 { 2 } else { 0 };
            assert_eq!(line_no, if offset >= 2 { 2 } else { 1 });
            assert_eq!(column, text[start..offset].chars().count() + 1, "at {offset}");
        }
        // Inside a multi-byte character: that character counts.
        let inside = 2 + "鹿".len() + 1;
        assert_eq!(index.line_column(&text, inside), (2, 3));
    }

    #[test]
    fn offsets_round_trip() {
        let text = "x\r\ny: \"温州\"\n";
        let index = LineIndex::new(text);
        for (offset, _) in text.char_indices() {
            let (line, column) = index.line_column(text, offset);
            assert_eq!(index.offset(text, line, column), Some(offset));
        }
    }
}
