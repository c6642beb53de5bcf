//! [`Finding`] as a [`miette::Diagnostic`], so that miette renders it.

use std::fmt;

use miette::{
    Diagnostic, LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use super::{Finding, Related, Severity, SourceFile};

impl SourceCode for SourceFile {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        // miette reads a `str` from its first byte to the span, which is
        // quadratic for many findings in a large file; hand it only the
        // lines around the span (found with the line index) and shift the
        // result back into place.
        let (first_line, first_column) = self.lines().line_column(&self.text, span.offset());
        let (last_line, _) = self.lines().line_column(&self.text, span.offset() + span.len());
        // One line more on each side: miette decides where to stop by looking
        // one byte around the span.
        let window_line = (first_line - 1).saturating_sub(context_lines_before + 1);
        let line_start = |line0: usize| {
            self.lines()
                .offset(&self.text, line0 + 1, 1)
                .unwrap_or(self.text.len())
        };
        let start = line_start(window_line).min(span.offset());
        let end = line_start(last_line + context_lines_after + 2).max(span.offset() + span.len());
        // A line longer than WINDOW bytes on either side of the span (a
        // minified or hostile file) is cut there, or every finding on it
        // would print all of it.
        let start = floor_char_boundary(&self.text, start.max(span.offset().saturating_sub(WINDOW)));
        let end = ceil_char_boundary(&self.text, end.min(span.offset() + span.len() + WINDOW));
        let window_line = self.lines().line_of(start);
        let window = self.text.get(start..end).ok_or(MietteError::OutOfBounds)?;
        let local = SourceSpan::new((span.offset() - start).into(), span.len());
        let inner = window.read_span(&local, context_lines_before, context_lines_after)?;
        // miette counts columns in bytes; the header `file:line:column`
        // gives characters, as JSON and every other format do (a line of
        // Chinese text would otherwise be three times as far along).
        let column = if self.sheet {
            // A sheet's column, as the header `file:row:column` of every format gives it.
            let line_start = self.text[..span.offset().min(self.text.len())]
                .rfind('\n')
                .map_or(0, |i| i + 1);
            self.text
                .get(line_start..span.offset())
                .map_or(0, |t| t.matches(super::SHEET_SEPARATOR).count())
        } else {
            first_column - 1
        };
        let language = if self.sheet {
            "text"
        } else if self.name.ends_with(".rhai") {
            "rust"
        } else {
            "ron"
        };
        Ok(Box::new(
            MietteSpanContents::new_named(
                self.name.clone(),
                inner.data(),
                SourceSpan::new((inner.span().offset() + start).into(), inner.span().len()),
                inner.line() + window_line,
                column,
                inner.line_count() + window_line,
            )
            .with_language(language),
        ))
    }
}

/// Bytes of a line shown on either side of a finding's span (some 340
/// Chinese characters, more than any hand-written line).
const WINDOW: usize = 1024;

/// A related site in the same file further than this from the finding is
/// shown as a snippet of its own rather than merged into the finding's, so
/// that one snippet never spans the distance between them (a duplicate key
/// at the end of a long line and its first occurrence at the start).
const NEAR: usize = 4 * 1024;

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_char_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// Whether a related site is shown inside the finding's own snippet: same
/// file, and near.
fn shown_inline(site: &super::Site, related: &Related) -> bool {
    std::sync::Arc::ptr_eq(&related.site.source, &site.source)
        && related.site.location.start.abs_diff(site.location.start) <= NEAR
}

/// A label that names the workbook cell it is at: `附件3!D7: label`.
fn at_cell(site: &super::Site, label: &str) -> String {
    match &site.cell {
        Some(cell) => format!("{cell}: {label}"),
        None => label.to_owned(),
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Finding {}

/// Help followed by notes, as miette has a single help slot.
struct HelpAndNotes<'a>(&'a Finding);

impl fmt::Display for HelpAndNotes<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        if let Some(help) = &self.0.help {
            f.write_str(help)?;
            first = false;
        }
        for note in &self.0.notes {
            if !first {
                f.write_str("\n")?;
            }
            write!(f, "note: {note}")?;
            first = false;
        }
        Ok(())
    }
}

impl Diagnostic for Finding {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        if self.help.is_none() && self.notes.is_empty() {
            None
        } else {
            Some(Box::new(HelpAndNotes(self)))
        }
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.site.as_ref().map(|s| s.source.as_ref() as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let site = self.site.as_ref()?;
        let primary = LabeledSpan::new_primary_with_span(
            Some(at_cell(site, self.label.as_deref().unwrap_or("here"))),
            SourceSpan::from(site.span()),
        );
        let same_file = self
            .related
            .iter()
            .filter(move |r| shown_inline(site, r))
            .map(|r| LabeledSpan::new_with_span(Some(at_cell(&r.site, &r.message)), SourceSpan::from(r.site.span())));
        Some(Box::new(std::iter::once(primary).chain(same_file)))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        let here = self.site.as_ref();
        let mut others = self
            .related
            .iter()
            .filter(move |r| here.is_none_or(|site| !shown_inline(site, r)))
            .map(|r| r as &dyn Diagnostic)
            .peekable();
        others.peek()?;
        Some(Box::new(others))
    }
}

impl fmt::Display for Related {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Related {}

impl Diagnostic for Related {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.site.source.as_ref())
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(LabeledSpan::new_primary_with_span(
            Some(at_cell(&self.site, &self.message)),
            SourceSpan::from(self.site.span()),
        ))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The windowed `read_span` returns exactly what miette's own reading
    /// of the whole text returns, for every span shape and context size.
    #[test]
    fn windowed_reads_equal_whole_text_reads() {
        let text = "(\r\n  a: 1,\n\n  名称: \"鹿城区\",\r\n  b: [1, 2,\n    3],\n)\n// end";
        let file = SourceFile::new("x.ron", "x.ron", text);
        let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        for (n, &start) in boundaries.iter().enumerate() {
            for &end in &boundaries[n..boundaries.len().min(n + 12)] {
                for (before, after) in [(0, 0), (1, 1), (2, 3), (5, 5)] {
                    let span = SourceSpan::new(start.into(), end - start);
                    let ours = file.read_span(&span, before, after);
                    let theirs = text.read_span(&span, before, after);
                    match (ours, theirs) {
                        (Ok(o), Ok(t)) => {
                            let at = format!("span {start}..{end}, context {before}/{after}");
                            assert_eq!(o.data(), t.data(), "{at}");
                            assert_eq!(o.span(), t.span(), "{at}");
                            assert_eq!(o.line(), t.line(), "{at}");
                            let line_start = text[..start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
                            let chars = text[line_start..start].chars().count();
                            let on_a_break = text[start..].starts_with(['\r', '\n']) || text[..start].ends_with('\r');
                            if !on_a_break && t.column() == start - line_start {
                                assert_eq!(o.column(), chars, "{at}: a character column");
                            }
                            assert_eq!(o.line_count(), t.line_count(), "{at}");
                        }
                        (Err(_), Err(_)) => {}
                        (o, t) => panic!(
                            "span {start}..{end}: ours ok {} theirs ok {}",
                            o.is_ok(),
                            t.is_ok()
                        ),
                    }
                }
            }
        }
    }
}
