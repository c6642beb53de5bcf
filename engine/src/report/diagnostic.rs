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
        let (first_line, _) = self.lines.line_column(&self.text, span.offset());
        let (last_line, _) = self.lines.line_column(&self.text, span.offset() + span.len());
        // One line more on each side: miette decides where to stop by looking
        // one byte around the span.
        let window_line = (first_line - 1).saturating_sub(context_lines_before + 1);
        let line_start = |line0: usize| {
            self.lines
                .offset(&self.text, line0 + 1, 1)
                .unwrap_or(self.text.len())
        };
        let start = line_start(window_line).min(span.offset());
        let end = line_start(last_line + context_lines_after + 2).max(span.offset() + span.len());
        let window = self.text.get(start..end).ok_or(MietteError::OutOfBounds)?;
        let local = SourceSpan::new((span.offset() - start).into(), span.len());
        let inner = window.read_span(&local, context_lines_before, context_lines_after)?;
        let language = if self.name.ends_with(".rhai") {
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
                inner.column(),
                inner.line_count() + window_line,
            )
            .with_language(language),
        ))
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
            Some(self.label.clone().unwrap_or_else(|| "here".to_owned())),
            SourceSpan::from(site.span()),
        );
        let same_file = self
            .related
            .iter()
            .filter(move |r| std::sync::Arc::ptr_eq(&r.site.source, &site.source))
            .map(|r| LabeledSpan::new_with_span(Some(r.message.clone()), SourceSpan::from(r.site.span())));
        Some(Box::new(std::iter::once(primary).chain(same_file)))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        let here = self.site.as_ref().map(|s| &s.source);
        let mut others = self
            .related
            .iter()
            .filter(move |r| here.is_none_or(|h| !std::sync::Arc::ptr_eq(&r.site.source, h)))
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
            Some(self.message.clone()),
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
                            assert_eq!(o.column(), t.column(), "{at}");
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
