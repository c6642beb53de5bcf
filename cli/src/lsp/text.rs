//! Open documents and positions: LSP counts a line's characters in UTF-16
//! code units (a CJK character is one, an emoji two), tally in bytes; and
//! `file://` URIs to paths and back.

use std::path::{Path, PathBuf};

use lsp_types::{Position, Range, TextDocumentContentChangeEvent, Uri};

/// An open document: the editor's text, not the file's.
#[derive(Debug, Clone)]
pub struct Doc {
    /// The URI as the client spelled it (answers name it the same way).
    pub uri: Uri,
    /// The text as the client holds it now.
    pub text: String,
    /// The client's version of that text.
    pub version: i32,
}

impl Doc {
    /// Applies one change: a range replaced, or the whole text.
    pub fn apply(&mut self, change: TextDocumentContentChangeEvent) {
        match change.range {
            Some(range) => {
                let start = offset(&self.text, range.start);
                let end = offset(&self.text, range.end).max(start);
                self.text.replace_range(start..end, &change.text);
            }
            None => self.text = change.text,
        }
    }
}

/// The byte offset of `position` in `text`, clamped to the line's end and
/// the text's end (a client may name a character past the line).
pub fn offset(text: &str, position: Position) -> usize {
    let mut start = 0;
    for _ in 0..position.line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let mut units = 0u32;
    for (i, c) in text[start..line_end].char_indices() {
        if units >= position.character {
            return start + i;
        }
        units += c.len_utf16() as u32;
    }
    line_end
}

/// Line starts of a text, to turn many byte offsets into positions.
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { text, starts }
    }

    /// The LSP position of byte `at` (clamped to the text, and back to a
    /// character boundary).
    pub fn position(&self, at: usize) -> Position {
        let mut at = at.min(self.text.len());
        while !self.text.is_char_boundary(at) {
            at -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= at).saturating_sub(1);
        let start = self.starts[line];
        let character: usize = self.text[start..at].chars().map(char::len_utf16).sum();
        Position::new(line as u32, character as u32)
    }

    /// The LSP range of bytes `start..end`.
    pub fn range(&self, start: usize, end: usize) -> Range {
        Range::new(self.position(start), self.position(end.max(start)))
    }
}

/// The path of a `file://` URI (percent-decoded); `None` for another scheme.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let text = uri.as_str();
    let rest = text.strip_prefix("file://")?;
    // `file:///p` (empty host) or `file://localhost/p`.
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(byte) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    let path = String::from_utf8(out).ok()?;
    path.starts_with('/').then(|| PathBuf::from(path))
}

/// The `file://` URI of an absolute path, percent-encoded as editors do
/// (unreserved characters and `/` kept, everything else, CJK included,
/// as `%XX` of its UTF-8 bytes).
pub fn path_to_uri(path: &Path) -> Option<Uri> {
    let text = path.to_str()?;
    let mut uri = String::from("file://");
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                uri.push(byte as char)
            }
            other => uri.push_str(&format!("%{other:02X}")),
        }
    }
    uri.parse().ok()
}

/// A path as the engine spells it: resolved through links when it exists.
pub fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_positions_count_cjk_as_one_and_emoji_as_two() {
        let text = "a: \"鹿城区\",\nb: \"😀x\"\n";
        let lines = Lines::new(text);
        let x = text.find('x').expect("x");
        assert_eq!(lines.position(x), Position::new(1, 6));
        assert_eq!(offset(text, Position::new(1, 6)), x);
        let end = text.find("\",").expect("quote");
        assert_eq!(lines.position(end), Position::new(0, 7));
        assert_eq!(offset(text, Position::new(0, 99)), text.find('\n').expect("nl"));
        assert_eq!(offset(text, Position::new(9, 0)), text.len());
    }

    #[test]
    fn incremental_changes_apply_in_utf16_units() {
        let mut doc = Doc {
            uri: "file:///p/a.ron".parse().expect("uri"),
            text: "x: \"😀鹿\"\n".to_owned(),
            version: 1,
        };
        doc.apply(TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(0, 6), Position::new(0, 7))),
            range_length: None,
            text: "瓯".to_owned(),
        });
        assert_eq!(doc.text, "x: \"😀瓯\"\n");
    }

    #[test]
    fn uris_round_trip_with_cjk_and_spaces() {
        let path = Path::new("/tmp/数据 a/targets-2019.ron");
        let uri = path_to_uri(path).expect("uri");
        assert_eq!(
            uri.as_str(),
            "file:///tmp/%E6%95%B0%E6%8D%AE%20a/targets-2019.ron"
        );
        assert_eq!(uri_to_path(&uri).as_deref(), Some(path));
        let other: Uri = "untitled:Untitled-1".parse().expect("uri");
        assert_eq!(uri_to_path(&other), None);
    }
}
