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
        let inner = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        let language = if self.name.ends_with(".rhai") {
            "rust"
        } else {
            "ron"
        };
        Ok(Box::new(
            MietteSpanContents::new_named(
                self.name.clone(),
                inner.data(),
                *inner.span(),
                inner.line(),
                inner.column(),
                inner.line_count(),
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
