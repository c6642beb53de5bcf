//! `--format human`: miette's graphical report of each finding, in the
//! report's order, then what rules printed, the time per rule (`--stats`)
//! and one summary line.
//!
//! Source lines with CJK text stay aligned: miette measures the text before
//! a label with `unicode-width`, so the underline of `38` in
//! `"鹿城区": 38,` starts under the `3`.

use std::io;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};
use tally_engine::{Catalogue, Report};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::{escape_controls, summary_in, RenderOptions, Screen};

/// Writes the human report.
pub(super) fn render(report: &Report, options: &RenderOptions, out: &mut dyn io::Write) -> io::Result<()> {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let width = options.width.max(20);
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(width)
        .with_links(false)
        // Lines break where Unicode allows it and a word ends (between
        // `误差` and `0.1`, not inside `误差`), never inside a number.
        .with_break_words(false)
        .with_word_separator(textwrap::WordSeparator::Custom(words))
        .without_syntax_highlighting();
    let t = Catalogue::new(options.lang);

    // What the data and the rules say is shown with its control
    // characters escaped (see `screen`): a unit name must not set the
    // terminal's title or clear the screen.
    let mut screen = Screen::new();
    for finding in &report.findings {
        write_finding(&handler, &screen.finding(finding), &t, width, out)?;
    }

    if options.show_suppressed && !report.suppressed.is_empty() {
        writeln!(out, "{}\n", t.text("report-suppressed-heading", &[]))?;
        for suppressed in &report.suppressed {
            let finding = super::suppressed_finding(suppressed, &t);
            write_finding(&handler, &screen.finding(&finding), &t, width, out)?;
        }
    }

    if let Some(baseline) = &report.baseline {
        if !baseline.gone.is_empty() {
            let file = escape_controls(&baseline.file);
            writeln!(
                out,
                "{}",
                t.text("report-gone-heading", &[("file", file.as_ref().into())])
            )?;
            for entry in &baseline.gone {
                let times = if entry.count > 1 {
                    format!(" ({}×)", entry.count)
                } else {
                    String::new()
                };
                let place = match (&entry.file, &entry.path) {
                    (Some(file), Some(path)) => format!("{file} {path}"),
                    (Some(file), None) => file.clone(),
                    (None, _) => "-".to_owned(),
                };
                writeln!(
                    out,
                    "  {}  {}{times}: {}",
                    escape_controls(&entry.rule),
                    escape_controls(&place),
                    escape_controls(&entry.message)
                )?;
            }
            writeln!(out)?;
        }
    }

    if !report.prints.is_empty() {
        writeln!(out, "{}", t.text("report-printed-heading", &[]))?;
        for line in &report.prints {
            writeln!(out, "  {}", escape_controls(line))?;
        }
        writeln!(out)?;
    }

    if options.stats && !report.stats.is_empty() {
        write_stats(report, options, &t, out)?;
        writeln!(out)?;
    }

    // What the rules could not look at, so that "no findings" is never
    // mistaken for "checked and fine".
    if !report.idle.is_empty() {
        let list = escape_controls(&report.idle.join(", ")).into_owned();
        writeln!(out, "{}", t.text("report-idle", &[("rules", list.into())]))?;
    }
    if !report.unread.is_empty() {
        let list = escape_controls(&report.unread.join(", ")).into_owned();
        writeln!(out, "{}", t.text("report-unread", &[("files", list.into())]))?;
    }
    writeln!(out, "{}", summary_in(report, options, &t))
}

/// The words of `line` for wrapping: the pieces between the places where
/// Unicode allows a line break (UAX #14: at a space, between two Chinese
/// characters), joined where no word ends there (ICU's dictionary word
/// boundaries), so that `误差` or `市自然资源规划局` stays on one line.
fn words(line: &str) -> Box<dyn Iterator<Item = textwrap::core::Word<'_>> + '_> {
    // Only text with Chinese (or other wide) characters needs the
    // dictionary; a very long text (a hostile rule's) is not worth it.
    if line.len() > 4096 || line.chars().all(|c| UnicodeWidthChar::width(c).unwrap_or(0) < 2) {
        return Box::new(textwrap::WordSeparator::UnicodeBreakProperties.find_words(line));
    }
    let segmenter = icu_segmenter::WordSegmenter::new_dictionary(Default::default());
    let ends: std::collections::BTreeSet<usize> = segmenter.segment_str(line).collect();
    let base = line.as_ptr() as usize;
    let mut out = Vec::new();
    let mut start = 0;
    for piece in textwrap::WordSeparator::UnicodeBreakProperties.find_words(line) {
        let offset = (piece.word.as_ptr() as usize).saturating_sub(base);
        let end = offset + piece.word.len() + piece.whitespace.len();
        if end <= start || end > line.len() {
            continue;
        }
        if !piece.whitespace.is_empty() || ends.contains(&end) || end == line.len() {
            out.push(textwrap::core::Word::from(&line[start..end]));
            start = end;
        }
    }
    if start < line.len() {
        out.push(textwrap::core::Word::from(&line[start..]));
    }
    Box::new(out.into_iter())
}

/// One finding with miette, then a blank line.
fn write_finding(
    handler: &GraphicalReportHandler,
    finding: &tally_engine::Finding,
    t: &Catalogue,
    width: usize,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let finding = in_language(finding, t);
    let mut text = String::new();
    handler
        .render_report(&mut text, &finding as &dyn Diagnostic)
        .map_err(|_| io::Error::other("cannot format a finding"))?;
    let text = related_headings(&text, &t.text("report-related", &[]));
    let text = localize_help(&text, t);
    let text = super::cut::cut_long_lines(&text, width);
    writeln!(out, "{}\n", text.trim_end_matches('\n'))
}

/// The words miette would add in English, in the interface language: the
/// default label (`here`) and the notes' `note:`, which are put after the
/// help here.
fn in_language(finding: &tally_engine::Finding, t: &Catalogue) -> tally_engine::Finding {
    let mut shown = finding.clone();
    // `here` is also what the engine labels a rule error's position with.
    if shown.site.is_some() && shown.label.as_deref().is_none_or(|l| l == "here") {
        shown.label = Some(t.text("report-here", &[]));
    }
    let notes = std::mem::take(&mut shown.notes);
    if !notes.is_empty() {
        let mut help = shown.help.take().map(|h| vec![h]).unwrap_or_default();
        help.extend(
            notes
                .iter()
                .map(|note| t.text("report-note", &[("note", note.as_str().into())])),
        );
        shown.help = Some(help.join("\n"));
    }
    shown
}

/// miette heads a related site (another place that explains the finding)
/// with a line `Advice: ` above `☞ message`, which says nothing about
/// what it is; it becomes `☞ see also: message`.
fn related_headings(text: &str, heading: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut heading_next = false;
    for line in text.split_inclusive('\n') {
        if line.trim_end() == "Advice:" {
            heading_next = true;
            continue;
        }
        if std::mem::take(&mut heading_next) {
            if let Some(at) = line.find('☞') {
                let after = at + '☞'.len_utf8();
                out.push_str(&line[..after]);
                out.push(' ');
                out.push_str(heading);
                // The message, after the space miette put after `☞`
                // (possibly behind a colour code).
                out.push_str(line[after..].replacen(' ', "", 1).as_str());
                continue;
            }
        }
        out.push_str(line);
    }
    out
}

/// [`help_heading`] with the catalogue's word and colon: for everything
/// tally prints through miette (findings, and the errors that stop a
/// command).
pub fn localize_help(text: &str, t: &Catalogue) -> String {
    help_heading(
        text,
        &t.text("report-help-word", &[]),
        &t.text("report-help-colon", &[]),
    )
}

/// miette heads a finding's help with the English `help: `; it becomes
/// the interface language's word and colon (`提示：`, as wide on screen,
/// so the help's wrapped lines still align under it).
fn help_heading(text: &str, word: &str, colon: &str) -> String {
    if word == "help" && colon == ": " {
        return text.to_owned();
    }
    // Colour codes (`\x1b[36m`) may come before the indent and around `help`.
    let codes = |s: &str, mut at: usize| {
        while s[at..].starts_with('\x1b') {
            match s[at..].find('m') {
                Some(end) => at += end + 1,
                None => break,
            }
        }
        at
    };
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let mut at = codes(line, 0);
        at += line[at..].len() - line[at..].trim_start_matches(' ').len();
        let at = codes(line, at);
        let heading = line[at..].starts_with("help").then(|| codes(line, at + 4));
        match heading.filter(|&colon_at| line[colon_at..].starts_with(": ")) {
            Some(colon_at) => {
                out.push_str(&line[..at]);
                out.push_str(word);
                out.push_str(&line[at + 4..colon_at]);
                out.push_str(colon);
                out.push_str(&line[colon_at + 2..]);
            }
            None => out.push_str(line),
        }
    }
    out
}

/// The time per rule, slowest first: `rule  findings  ms`.
fn write_stats(
    report: &Report,
    options: &RenderOptions,
    t: &Catalogue,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let mut stats: Vec<_> = report.stats.iter().collect();
    stats.sort_by(|a, b| b.elapsed.cmp(&a.elapsed).then_with(|| a.rule.cmp(&b.rule)));

    let rows: Vec<(String, String, String)> = stats
        .iter()
        .map(|s| {
            let ms = options.time(s.elapsed).as_secs_f64() * 1000.0;
            (s.rule.clone(), s.findings.to_string(), format!("{ms:.1}"))
        })
        .collect();
    let header_texts = (
        t.text("report-stats-rule", &[]),
        t.text("report-stats-findings", &[]),
        t.text("report-stats-ms", &[]),
    );
    let header = (
        header_texts.0.as_str(),
        header_texts.1.as_str(),
        header_texts.2.as_str(),
    );
    let rule_width = rows
        .iter()
        .map(|r| r.0.width())
        .chain([header.0.width()])
        .max()
        .unwrap_or(0);
    let findings_width = rows
        .iter()
        .map(|r| r.1.len())
        .chain([header.1.width()])
        .max()
        .unwrap_or(0);
    let ms_width = rows
        .iter()
        .map(|r| r.2.len())
        .chain([header.2.width()])
        .max()
        .unwrap_or(0);

    let mut line = |rule: &str, findings: &str, ms: &str| {
        let pad = rule_width - rule.width();
        writeln!(
            out,
            "{rule}{:pad$}  {findings:>findings_width$}  {ms:>ms_width$}",
            ""
        )
    };
    line(header.0, header.1, header.2)?;
    for (rule, findings, ms) in &rows {
        line(rule, findings, ms)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use unicode_width::UnicodeWidthStr;

    use super::super::{fixture, sample_report, Format, RenderOptions};
    use super::help_heading;

    fn human(report: &tally_engine::Report, options: &RenderOptions) -> String {
        fixture::rendered(Format::Human, report, options)
    }

    #[test]
    fn the_help_heading_is_in_the_interface_language_and_as_wide() {
        let plain = "  × wrong\n  help: fix the line\n        and the other\n";
        assert_eq!(
            help_heading(plain, "提示", "："),
            "  × wrong\n  提示：fix the line\n        and the other\n"
        );
        let coloured = "\x1b[36m  help: \x1b[0mfix it\n";
        assert_eq!(
            help_heading(coloured, "提示", "："),
            "\x1b[36m  提示：\x1b[0mfix it\n"
        );
        // English, and a line that only mentions help, stay as they are.
        assert_eq!(help_heading(plain, "help", ": "), plain);
        assert_eq!(help_heading("  helpful: x\n", "提示", "："), "  helpful: x\n");
        assert_eq!("提示：".width(), "help: ".width());
    }

    #[test]
    fn snapshot() {
        let (report, rules) = sample_report();
        let options = RenderOptions {
            rules: &rules,
            ..RenderOptions::default()
        };
        insta::assert_snapshot!(human(&report, &options));
    }

    #[test]
    fn snapshot_with_stats() {
        let (report, rules) = sample_report();
        let options = RenderOptions {
            rules: &rules,
            stats: true,
            ..RenderOptions::default()
        };
        insta::assert_snapshot!(human(&report, &options));
    }

    #[test]
    fn no_findings() {
        let report = fixture::empty_report();
        let options = RenderOptions::default();
        assert_eq!(human(&report, &options), "no findings in 1 file, 1 rule (1 ms)\n");
        let hidden = RenderOptions {
            show_elapsed: false,
            ..options
        };
        assert_eq!(human(&report, &hidden), "no findings in 1 file, 1 rule\n");
    }

    #[test]
    fn color_only_when_asked() {
        let (report, rules) = sample_report();
        let plain = RenderOptions {
            rules: &rules,
            ..RenderOptions::default()
        };
        assert!(!human(&report, &plain).contains('\u{1b}'));
        let color = RenderOptions { color: true, ..plain };
        assert!(human(&report, &color).contains('\u{1b}'));
    }

    /// The display columns (0-based, first and last) of the underline in
    /// `line`: `─` or `┬` drawn under a label's span.
    fn underline(line: &str) -> Option<(usize, usize)> {
        let columns: Vec<usize> = line
            .char_indices()
            .filter(|&(_, c)| c == '─' || c == '┬')
            .map(|(i, _)| line[..i].width())
            .collect();
        Some((*columns.first()?, *columns.last()?))
    }

    /// Some label's underline lies exactly under `value` in a source line
    /// shown by miette, measured in display columns (CJK characters are two
    /// columns wide).
    fn assert_underlined(output: &str, source_line: &str, value: &str) {
        let lines: Vec<&str> = output.lines().collect();
        let mut seen = Vec::new();
        for (at, shown) in lines.iter().enumerate() {
            if !shown.ends_with(source_line) {
                continue;
            }
            let value_start = shown.len() - source_line.len() + source_line.find(value).unwrap();
            let expected = (
                shown[..value_start].width(),
                shown[..value_start].width() + value.width() - 1,
            );
            let Some(next) = lines.get(at + 1) else {
                continue;
            };
            if underline(next) == Some(expected) {
                return;
            }
            seen.push(format!("{shown}\n{next}"));
        }
        panic!(
            "no underline exactly under `{value}`; seen:\n{}\n\n{output}",
            seen.join("\n")
        );
    }

    /// A report with a long Chinese message and a source line far wider
    /// than a terminal, besides the sample's findings.
    fn wide_report() -> (tally_engine::Report, Vec<tally_engine::RuleMeta>) {
        use std::sync::Arc;
        use tally_engine::{Finding, Severity, Site, SourceFile};
        let (mut report, rules) = sample_report();
        let text = format!(
            "ResponsibilityTable(\n    items: [\n        (text: \"{}\", units: [\"市经信局\", \"市自然资源规划局\"]),\n    ],\n)\n",
            "提升温州云计算中心支撑能力，加快建设浙江云谷磐石数据中心，加速健全云计算生态体系。".repeat(2)
        );
        let at = text.find("\"市自然资源规划局\"").expect("in the text");
        let source = Arc::new(SourceFile::new("data/items.ron", "/project/data/items.ron", text));
        report.findings.push(
            Finding::new(
                "unknown-unit",
                Severity::Warning,
                "责任单位 `市自然资源规划局` 不在单位名录中，也不是任何已登记单位的简称或旧称，请核对附件原文",
            )
            .at(Site::new(source, tally_engine::Span::new(at, at + "\"市自然资源规划局\"".len()), None))
            .with_label("未登记的单位")
            .with_help("是否应为 `市自然资源和规划局`？单位名称应与单位名录中的规范名称一致，简称请写全称"),
        );
        report.sort();
        (report, rules)
    }

    /// Issue 17: Chinese and English at 80 and 120 columns. Messages and
    /// helps wrap by display width; source lines are cut around the
    /// underline; only a label's own text may run past the width.
    #[test]
    fn issue_17_layout_at_80_and_120_columns() {
        let (report, rules) = wide_report();
        for lang in [tally_engine::Lang::En, tally_engine::Lang::Zh] {
            for width in [80, 120] {
                let options = RenderOptions {
                    rules: &rules,
                    width,
                    lang,
                    ..RenderOptions::default()
                };
                let out = human(&report, &options);
                for line in out.lines().filter(|l| !l.contains('╰')) {
                    assert!(
                        line.width() <= width,
                        "{} columns at {width}: {line}",
                        line.width()
                    );
                }
                assert_underlined(&out, "\"市自然资源规划局\"]),", "\"市自然资源规划局\"");
                insta::assert_snapshot!(format!("layout_{}_{width}", lang.code()), out);
            }
        }
    }

    #[test]
    fn issue_17_the_header_column_counts_characters() {
        let (report, rules) = sample_report();
        let options = RenderOptions {
            rules: &rules,
            ..RenderOptions::default()
        };
        let out = human(&report, &options);
        // `38` after `"鹿城区": ` on line 10: character column 24 (byte 30).
        assert!(out.contains("[data/targets-2019.ron:10:24]"), "{out}");
    }

    #[test]
    fn chinese_words_stay_whole() {
        let words: Vec<String> = super::words("超出舍入误差 0.1，市自然资源规划局")
            .map(|w| format!("{}{}", w.word, w.whitespace))
            .collect();
        assert!(words.iter().any(|w| w.contains("误差")), "{words:?}");
        assert_eq!(words.concat(), "超出舍入误差 0.1，市自然资源规划局");
        let english: Vec<String> = super::words("or raise `limits.operations` in `tally.ron`")
            .map(|w| format!("{}|{}|{}", w.word, w.whitespace, w.width))
            .collect();
        let plain: Vec<String> = textwrap::WordSeparator::UnicodeBreakProperties
            .find_words("or raise `limits.operations` in `tally.ron`")
            .map(|w| format!("{}|{}|{}", w.word, w.whitespace, w.width))
            .collect();
        assert_eq!(english, plain);
    }

    #[test]
    fn cjk_alignment() {
        let (report, rules) = sample_report();
        let options = RenderOptions {
            rules: &rules,
            ..RenderOptions::default()
        };
        let output = human(&report, &options);
        // A number after Chinese text on the same line.
        assert_underlined(&output, r#""鹿城区": 38, "龙湾区": 12,"#, "38");
        // A Chinese string value.
        assert_underlined(
            &output,
            r#"name: "规模以上工业增加值增长","#,
            r#""规模以上工业增加值增长""#,
        );
        assert_underlined(
            &output,
            r#"(name: "鹿城区人民政府", kind: County),"#,
            r#""鹿城区人民政府""#,
        );
    }
}
