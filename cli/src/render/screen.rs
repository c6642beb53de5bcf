//! Text from the data, from a rule or from a file name, made safe to show
//! on a terminal.
//!
//! A terminal obeys the control characters it is sent: `ESC ] 0 ; … BEL`
//! sets its title, `ESC [ 2 J` clears the screen, a lone `CR` lets a line
//! overwrite what came before it. A data file anyone can push must not do
//! that to the screen of whoever checks it, so the human format (and the
//! watch screen, which uses it) shows them escaped: messages, labels,
//! help, notes and related messages as `\u{1b}`; the source snippet,
//! which miette draws from the file's text by byte offsets, with each one
//! replaced by printable text of the same length in bytes, so that every
//! offset and underline stays right. Machine formats (JSON, SARIF, JUnit,
//! GitHub) keep the text exact.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use tally_engine::{Finding, SourceFile};

/// `text` with every control character except `\n` and `\t` written as
/// its escape (`\u{1b}`); borrowed when there is none.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if escaped(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A control character (C0, DEL or C1) that a terminal would act on,
/// other than a line break or a tab.
fn escaped(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// `text` with every control character a terminal would act on replaced
/// by printable text of the same length in bytes: a C0 control or DEL by
/// `?`, a C1 control (two bytes) by `¿`. Line breaks, tabs and the `\r`
/// of a `\r\n` stay. `None` when there is nothing to replace.
fn blank_controls(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let first = first_blank(bytes)?;
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..first]);
    let mut i = first;
    while i < bytes.len() {
        match blank_at(bytes, i) {
            Some(with) => {
                out.extend_from_slice(with);
                i += with.len();
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    // Whole characters were replaced by whole characters.
    String::from_utf8(out).ok()
}

/// Where the first character to replace starts: a quick pass for the few
/// bytes that can start one (every line break is a candidate, a CJK
/// character never is), each candidate then looked at.
fn first_blank(bytes: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = bytes[from..]
        .iter()
        .position(|&b| b < 0x20 || b == 0x7f || b == 0xc2)
    {
        let at = from + found;
        if blank_at(bytes, at).is_some() {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// What replaces the character starting at byte `i`, if it is a control
/// character to replace. A byte below 0x80 is a whole character, and
/// 0xC2 always starts one (it is not a continuation byte); the C1
/// controls U+0080–U+009F are 0xC2 0x80 to 0xC2 0x9F.
fn blank_at(bytes: &[u8], i: usize) -> Option<&'static [u8]> {
    match bytes[i] {
        b'\n' | b'\t' => None,
        b'\r' if bytes.get(i + 1) == Some(&b'\n') => None,
        0x00..=0x1f | 0x7f => Some(b"?"),
        0xc2 if matches!(bytes.get(i + 1), Some(0x80..=0x9f)) => Some("¿".as_bytes()),
        _ => None,
    }
}

/// Findings as the human format shows them: text escaped, and snippets
/// drawn from a copy of the file with its control characters replaced.
/// Each file is looked at (and copied, if it has any) once per `Screen`,
/// and a finding without anything to change is shown as it is.
#[derive(Debug, Default)]
pub struct Screen {
    /// By the address of a file: the file (kept, so that the address is
    /// not reused while the screen lives) and what is shown instead.
    sources: HashMap<usize, (Arc<SourceFile>, Arc<SourceFile>)>,
}

impl Screen {
    /// A screen that has seen no file yet.
    pub fn new() -> Self {
        Screen::default()
    }

    /// `finding`, safe to render on a terminal.
    pub fn finding<'f>(&mut self, finding: &'f Finding) -> Cow<'f, Finding> {
        let mut sites_change = false;
        if let Some(site) = &finding.site {
            sites_change |= !Arc::ptr_eq(&self.source(&site.source), &site.source);
        }
        for related in &finding.related {
            sites_change |= !Arc::ptr_eq(&self.source(&related.site.source), &related.site.source);
        }
        let texts_change = has_controls(&finding.rule)
            || has_controls(&finding.message)
            || finding.label.as_deref().is_some_and(has_controls)
            || finding.help.as_deref().is_some_and(has_controls)
            || finding.notes.iter().any(|n| has_controls(n))
            || finding.related.iter().any(|r| has_controls(&r.message));
        if !sites_change && !texts_change {
            return Cow::Borrowed(finding);
        }
        let mut safe = finding.clone();
        safe.rule = escape_controls(&finding.rule).into_owned();
        safe.message = escape_controls(&finding.message).into_owned();
        safe.label = finding.label.as_deref().map(|l| escape_controls(l).into_owned());
        safe.help = finding.help.as_deref().map(|h| escape_controls(h).into_owned());
        for note in &mut safe.notes {
            *note = escape_controls(note).into_owned();
        }
        if let Some(site) = &mut safe.site {
            site.source = self.source(&site.source);
        }
        for related in &mut safe.related {
            related.message = escape_controls(&related.message).into_owned();
            related.site.source = self.source(&related.site.source);
        }
        Cow::Owned(safe)
    }

    /// The file to draw snippets of `source` from: itself, or a copy with
    /// its control characters replaced and its name escaped.
    fn source(&mut self, source: &Arc<SourceFile>) -> Arc<SourceFile> {
        let key = Arc::as_ptr(source) as usize;
        let (_, shown) = self.sources.entry(key).or_insert_with(|| {
            let text = blank_controls(&source.text);
            let name = escape_controls(&source.name);
            let shown = if text.is_none() && matches!(name, Cow::Borrowed(_)) {
                source.clone()
            } else {
                Arc::new(SourceFile::new(
                    name.into_owned(),
                    source.path.clone(),
                    text.unwrap_or_else(|| source.text.clone()),
                ))
            };
            (source.clone(), shown)
        });
        shown.clone()
    }
}

/// Whether `text` has a character [`escape_controls`] escapes.
fn has_controls(text: &str) -> bool {
    text.chars().any(escaped)
}
