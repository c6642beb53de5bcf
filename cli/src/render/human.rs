//! `--format human`: miette's graphical report of each finding, in the
//! report's order, then what rules printed, the time per rule (`--stats`)
//! and one summary line.
//!
//! Source lines with CJK text stay aligned: miette measures the text before
//! a label with `unicode-width`, so the underline of `38` in
//! `"鹿城区": 38,` starts under the `3`.

use std::io;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};
use tally_engine::Report;
use unicode_width::UnicodeWidthStr;

use super::{escape_controls, summary_line, RenderOptions, Screen};

/// Writes the human report.
pub(super) fn render(report: &Report, options: &RenderOptions, out: &mut dyn io::Write) -> io::Result<()> {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(options.width.max(20))
        .with_links(false)
        .without_syntax_highlighting();

    // What the data and the rules say is shown with its control
    // characters escaped (see `screen`): a unit name must not set the
    // terminal's title or clear the screen.
    let mut screen = Screen::new();
    for finding in &report.findings {
        write_finding(&handler, &screen.finding(finding), out)?;
    }

    if options.show_suppressed && !report.suppressed.is_empty() {
        writeln!(out, "suppressed by `tally: allow` comments:\n")?;
        for suppressed in &report.suppressed {
            let finding = super::suppressed_finding(suppressed);
            write_finding(&handler, &screen.finding(&finding), out)?;
        }
    }

    if let Some(baseline) = &report.baseline {
        if !baseline.gone.is_empty() {
            let file = escape_controls(&baseline.file);
            writeln!(
                out,
                "gone from the baseline `{file}` (fixed, or changed; `tally check --write-baseline {file}` forgets them):",
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
        writeln!(out, "printed by rules:")?;
        for line in &report.prints {
            writeln!(out, "  {}", escape_controls(line))?;
        }
        writeln!(out)?;
    }

    if options.stats && !report.stats.is_empty() {
        write_stats(report, options, out)?;
        writeln!(out)?;
    }

    // What the rules could not look at, so that "no findings" is never
    // mistaken for "checked and fine".
    if !report.idle.is_empty() {
        writeln!(
            out,
            "checked nothing (no table of the kinds they ask for): {}",
            escape_controls(&report.idle.join(", "))
        )?;
    }
    if !report.unread.is_empty() {
        writeln!(
            out,
            "not seen by any rule (the file does not parse or is not text; see its finding): {}",
            escape_controls(&report.unread.join(", "))
        )?;
    }
    writeln!(out, "{}", summary_line(report, options))
}

/// One finding with miette, then a blank line.
fn write_finding(
    handler: &GraphicalReportHandler,
    finding: &tally_engine::Finding,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let mut text = String::new();
    handler
        .render_report(&mut text, finding as &dyn Diagnostic)
        .map_err(|_| io::Error::other("cannot format a finding"))?;
    writeln!(out, "{}\n", text.trim_end_matches('\n'))
}

/// The time per rule, slowest first: `rule  findings  ms`.
fn write_stats(report: &Report, options: &RenderOptions, out: &mut dyn io::Write) -> io::Result<()> {
    let mut stats: Vec<_> = report.stats.iter().collect();
    stats.sort_by(|a, b| b.elapsed.cmp(&a.elapsed).then_with(|| a.rule.cmp(&b.rule)));

    let rows: Vec<(String, String, String)> = stats
        .iter()
        .map(|s| {
            let ms = options.time(s.elapsed).as_secs_f64() * 1000.0;
            (s.rule.clone(), s.findings.to_string(), format!("{ms:.1}"))
        })
        .collect();
    let header = ("rule", "findings", "ms");
    let rule_width = rows
        .iter()
        .map(|r| r.0.width())
        .chain([header.0.width()])
        .max()
        .unwrap_or(0);
    let findings_width = rows
        .iter()
        .map(|r| r.1.len())
        .chain([header.1.len()])
        .max()
        .unwrap_or(0);
    let ms_width = rows
        .iter()
        .map(|r| r.2.len())
        .chain([header.2.len()])
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

    fn human(report: &tally_engine::Report, options: &RenderOptions) -> String {
        fixture::rendered(Format::Human, report, options)
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
