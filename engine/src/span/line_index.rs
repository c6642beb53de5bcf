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

/// Line starts of a text, for turning byte offsets into lines and columns
/// in `O(log lines)` plus at most [`STRIDE`] bytes of counting, however
/// long the line: a minified file on one line with 10⁵ findings must not
/// count its way from the line start for each of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineIndex {
    line_starts: LineStarts,
    len: usize,
    /// `chars[i]`: the characters that start before byte `i * STRIDE`.
    chars: Vec<usize>,
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

impl LineIndex {
    /// Indexes `text`. Lines end at `\n`; a `\r` before it belongs to the line.
    pub fn new(text: &str) -> Self {
        let ends = memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1);
        let line_starts = match u32::try_from(text.len()) {
            Ok(_) => LineStarts::Narrow(std::iter::once(0).chain(ends.map(|i| i as u32)).collect()),
            Err(_) => LineStarts::Wide(std::iter::once(0).chain(ends).collect()),
        };
        let mut chars = Vec::with_capacity(text.len() / STRIDE + 1);
        let mut count = 0;
        for block in text.as_bytes().chunks(STRIDE) {
            chars.push(count);
            count += block.iter().filter(|&&b| starts_char(b)).count();
        }
        if text.len() % STRIDE == 0 {
            // A checkpoint for the end of the text too.
            chars.push(count);
        }
        LineIndex {
            line_starts,
            len: text.len(),
            chars,
        }
    }

    /// The characters of `text` that start before byte `offset`.
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let block = offset / STRIDE;
        let Some(&before) = self.chars.get(block) else {
            return text.bytes().take(offset).filter(|&b| starts_char(b)).count();
        };
        let from = block * STRIDE;
        before
            + text
                .as_bytes()
                .get(from..offset)
                .map_or(0, |bytes| bytes.iter().filter(|&&b| starts_char(b)).count())
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
        let column = self.chars_before(text, offset) - self.chars_before(text, start);
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
        let (line, column) = self.line_column(text, span.start);
        let (end_line, end_column) = self.line_column(text, span.end);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

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
