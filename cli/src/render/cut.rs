//! Source lines wider than the terminal, cut around what is underlined.
//!
//! miette draws a snippet's source lines whole; a table row of Chinese text
//! longer than the terminal would wrap over the gutter and push the
//! underline away from its value. Here each snippet of a rendered finding
//! is looked at after miette drew it: if a source line is wider than the
//! terminal, every source and underline line of the snippet shows the
//! same window of display columns (a CJK character is two), chosen so that
//! the first underline is in it, with `…` where text was cut. The labels'
//! own text is shifted with the window, never cut.

use unicode_width::UnicodeWidthChar;

/// `text` (one rendered finding) with the source lines of each snippet
/// cut to `width` display columns around the underline.
pub(super) fn cut_long_lines(text: &str, width: usize) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    let mut at = 0;
    while at < lines.len() {
        // A snippet: from a `╭─[` line to its `╰──` line.
        if !plain(lines[at]).trim_start().starts_with('╭') {
            at += 1;
            continue;
        }
        let start = at + 1;
        let end = (start..lines.len())
            .find(|&i| plain(lines[i]).trim_start().starts_with('╰'))
            .unwrap_or(lines.len());
        cut_snippet(&lines[start..end], &mut out[start..end], width);
        at = end + 1;
    }
    out.join("\n")
}

/// Where a snippet line's text starts (after `  12 │ ` or `     · `), in
/// display columns, if it is a source or an underline line.
fn gutter(line: &str) -> Option<(usize, bool)> {
    let plain = plain(line);
    let trimmed = plain.trim_start();
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    let rest = &trimmed[digits..];
    let source = digits > 0 && rest.starts_with(" │ ");
    let underline = digits == 0 && rest.starts_with("· ");
    if !(source || underline) {
        return None;
    }
    let mark = if source { " │ ".len() } else { "· ".len() };
    let gutter = plain.len() - trimmed.len() + digits + mark;
    Some((width_of(&plain[..gutter]), source))
}

fn cut_snippet(lines: &[&str], out: &mut [String], width: usize) {
    let Some(room) = width.checked_sub(2) else { return };
    let widest = lines
        .iter()
        .filter_map(|l| gutter(l).filter(|g| g.1).map(|_| width_of(&plain(l))))
        .max()
        .unwrap_or(0);
    if widest <= width {
        return;
    }
    // The first underline (`─`, `┬`, `▲`) of the snippet decides the window.
    let underline = lines.iter().find_map(|l| {
        let (g, source) = gutter(l)?;
        if source {
            return None;
        }
        let plain = plain(l);
        let mut column = 0;
        for c in plain.chars() {
            if matches!(c, '─' | '┬' | '▲' | '┼') && column >= g {
                return Some(column - g);
            }
            column += c.width().unwrap_or(0);
        }
        None
    });
    let Some(first) = underline else { return };
    for (line, shown) in lines.iter().zip(out.iter_mut()) {
        let Some((g, source)) = gutter(line) else { continue };
        let text_room = room.saturating_sub(g);
        if text_room < 10 {
            return;
        }
        // Shifted just enough for the widest line to end in the window,
        // but never so far that less than a quarter of the room is left
        // before the underline (then the line's end is cut instead).
        let from = widest
            .saturating_sub(g + text_room)
            .min(first.saturating_sub(text_room / 4));
        let plain_width = width_of(&plain(line));
        let text_width = plain_width.saturating_sub(g);
        if from == 0 && text_width <= text_room + 1 {
            continue;
        }
        let (head, body) = split_at_column(line, g);
        let (skipped, rest) = split_at_column(&body, from);
        let skipped = width_of(&plain(&skipped));
        let rest = if skipped < from {
            // A wide character cut in two: its second half is left blank.
            let (dropped, after) = drop_first_char(&rest);
            format!("{}{after}", " ".repeat((skipped + dropped).saturating_sub(from)))
        } else {
            rest
        };
        let lead = if from > 0 { "…" } else { "" };
        if source && width_of(&plain(&rest)).eq(&0) {
            // Nothing of the line is in the window.
            *shown = head.trim_end().to_owned();
        } else if source {
            let (kept, cut) = split_at_column(&rest, text_room);
            let tail = if width_of(&plain(&cut)) > 0 { "…" } else { "" };
            *shown = format!("{head}{lead}{kept}{tail}");
        } else if plain(&rest).contains(['╰', '├']) {
            // Labels move with the window; their text is never cut.
            let lead = if from > 0 { " " } else { "" };
            *shown = format!("{head}{lead}{}", pull_in_labels(&rest, text_room));
        } else {
            // An underline longer than the room ends with it.
            let lead = if from > 0 { " " } else { "" };
            let (kept, _) = split_at_column(&rest, text_room);
            *shown = format!("{head}{lead}{kept}");
        }
    }
}

/// A label line whose label starts right of the window (a second value
/// far along the same wide row, as on a workbook sheet): the spaces
/// before the label are taken in so that it starts inside the window.
/// The label names its place itself (`附件4!L5: …`).
fn pull_in_labels(rest: &str, room: usize) -> String {
    let plain = plain(rest);
    if plain != rest {
        // Coloured: left as drawn.
        return rest.to_owned();
    }
    let Some(at) = plain.find(['╰', '├']) else {
        return rest.to_owned();
    };
    let column = width_of(&plain[..at]);
    if column < room {
        return rest.to_owned();
    }
    let before = plain[..at].trim_end();
    format!("{before} {}", &plain[at..])
}

/// `text` without its first visible character (colour sequences stay),
/// and that character's width.
fn drop_first_char(text: &str) -> (usize, String) {
    let mut in_escape = false;
    for (i, c) in text.char_indices() {
        if in_escape {
            in_escape = !c.is_ascii_alphabetic();
            continue;
        }
        if c == '\u{1b}' {
            in_escape = true;
            continue;
        }
        return (
            c.width().unwrap_or(0),
            format!("{}{}", &text[..i], &text[i + c.len_utf8()..]),
        );
    }
    (0, text.to_owned())
}

/// `text` without ANSI colour sequences.
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn width_of(text: &str) -> usize {
    text.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// `text` split before display column `column` (colour sequences count
/// nothing and go with the text after them; a wide character that would
/// straddle the column goes to the second part).
fn split_at_column(text: &str, column: usize) -> (String, String) {
    let mut seen = 0;
    let mut in_escape = false;
    for (i, c) in text.char_indices() {
        if in_escape {
            if c.is_ascii_alphabetic() {
                in_escape = false;
            }
            continue;
        }
        if c == '\u{1b}' {
            if seen >= column {
                return (text[..i].to_owned(), text[i..].to_owned());
            }
            in_escape = true;
            continue;
        }
        let w = c.width().unwrap_or(0);
        if seen + w > column || (seen >= column && w > 0) {
            return (text[..i].to_owned(), text[i..].to_owned());
        }
        seen += w;
    }
    (text.to_owned(), String::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_cut_around_its_underline() {
        let long = format!(
            "    units: [{}\"市市场监管局\"],",
            "\"各县（市、区）人民政府\", ".repeat(6)
        );
        let value = long.find("\"市市场监管局\"").expect("in the line");
        let before = width_of(&long[..value]);
        let under = format!("{}{}", " ".repeat(before), "───────┬──────");
        let label = format!("{}{}", " ".repeat(before + 7), "╰── 未登记的单位");
        let text = format!(
            "  × unit\n    ╭─[data/x.ron:3:{}]\n  2 │ (\n  3 │ {long}\n    · {under}\n    · {label}\n    ╰────\n",
            before + 1
        );
        let cut = cut_long_lines(&text, 80);
        for line in cut.lines().filter(|l| l.contains('│') && !l.contains('╭')) {
            assert!(width_of(line) <= 80, "{line:?} is {} wide", width_of(line));
        }
        let source = cut.lines().find(|l| l.starts_with("  3 │")).expect("the line");
        assert!(source.starts_with("  3 │ …"), "{source}");
        // The underline is still exactly under the value.
        let under = cut.lines().find(|l| l.contains('┬')).expect("the underline");
        let at = |line: &str, needle: &str| width_of(&line[..line.find(needle).expect("found")]);
        assert_eq!(at(source, "\"市市场监管局\""), at(under, "─"));
        assert!(cut.contains("╰── 未登记的单位"));
    }

    #[test]
    fn short_lines_are_left_alone() {
        let text = "    ╭─[a.ron:1:2]\n  1 │ (a: 1)\n    ·  ┬\n    ·  ╰── here\n    ╰────";
        assert_eq!(cut_long_lines(text, 80), text);
    }
}
