//! A forgiving scan of RON text for the editor: strings, names, brackets
//! and comments, with where each bracket was opened and under which field
//! name. Completion and hover work on what is being typed, which often
//! does not parse yet (an open string, a missing bracket), so they read
//! this instead of the engine's parser; an open string ends at the end of
//! its line.

/// One token.
#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// A string: its value (escapes as written) and whether it was closed.
    Str(String, bool),
    /// A name: a field, a struct, `None`, `true`.
    Ident(String),
    /// `( [ { ) ] } : ,`.
    Punct(char),
    /// A `//` or `/* */` comment.
    Comment,
    /// A number or anything else.
    Other,
}

/// A token and its byte range.
#[derive(Debug, Clone)]
pub struct Token {
    pub tok: Tok,
    pub start: usize,
    pub end: usize,
}

/// Splits `text` into tokens.
pub fn tokens(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        let start = i;
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        let tok = if c == '"' {
            i += 1;
            let mut value = String::new();
            let mut closed = false;
            while i < text.len() {
                let d = text[i..].chars().next().unwrap_or('\n');
                if d == '\n' {
                    break;
                }
                i += d.len_utf8();
                if d == '\\' {
                    if let Some(e) = text[i..].chars().next().filter(|e| *e != '\n') {
                        value.push(d);
                        value.push(e);
                        i += e.len_utf8();
                    }
                    continue;
                }
                if d == '"' {
                    closed = true;
                    break;
                }
                value.push(d);
            }
            Tok::Str(value, closed)
        } else if text[i..].starts_with("//") {
            i = text[i..].find('\n').map_or(text.len(), |n| i + n);
            Tok::Comment
        } else if text[i..].starts_with("/*") {
            i = text[i + 2..].find("*/").map_or(text.len(), |n| i + 2 + n + 2);
            Tok::Comment
        } else if "()[]{}:,".contains(c) {
            i += 1;
            Tok::Punct(c)
        } else if c.is_alphabetic() || c == '_' {
            while i < text.len() {
                let d = text[i..].chars().next().unwrap_or(' ');
                if !(d.is_alphanumeric() || d == '_') {
                    break;
                }
                i += d.len_utf8();
            }
            Tok::Ident(text[start..i].to_owned())
        } else {
            i += c.len_utf8();
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || b"._+-".contains(&bytes[i])) {
                i += 1;
            }
            Tok::Other
        };
        out.push(Token { tok, start, end: i });
    }
    out
}

/// An open bracket around a place.
#[derive(Debug, Clone)]
pub struct Frame {
    /// `(`, `[` or `{`.
    pub open: char,
    /// The field name it is the value of (`breakdown: {`), if any.
    pub key: Option<String>,
    /// Index of its opening token.
    pub token: usize,
    /// The field named last inside it (`(unit: "` → `unit`), while its
    /// value is being written.
    pub field: Option<String>,
    /// Whether a key or field name is expected here (after the bracket or
    /// a comma, before a colon).
    pub expects_key: bool,
}

/// The brackets open at byte `at`, outermost first.
pub fn frames(tokens: &[Token], at: usize) -> Vec<Frame> {
    let mut stack: Vec<Frame> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if t.start >= at {
            break;
        }
        match &t.tok {
            Tok::Punct(c @ ('(' | '[' | '{')) => {
                let key = field_before(tokens, i);
                stack.push(Frame {
                    open: *c,
                    key,
                    token: i,
                    field: None,
                    expects_key: *c != '[',
                });
            }
            Tok::Punct(')' | ']' | '}') => {
                stack.pop();
            }
            Tok::Punct(',') => {
                if let Some(top) = stack.last_mut() {
                    top.expects_key = top.open != '[';
                    top.field = None;
                }
            }
            Tok::Punct(':') => {
                if let Some(top) = stack.last_mut() {
                    top.expects_key = false;
                    top.field = match i.checked_sub(1).map(|p| &tokens[p].tok) {
                        Some(Tok::Ident(name)) => Some(name.clone()),
                        _ => None,
                    };
                }
            }
            _ => {}
        }
    }
    stack
}

/// The field name before the bracket at `i`: `name: [` or `name: Kind(`.
fn field_before(tokens: &[Token], i: usize) -> Option<String> {
    let mut j = i.checked_sub(1)?;
    while matches!(tokens[j].tok, Tok::Comment) {
        j = j.checked_sub(1)?;
    }
    if matches!(tokens[j].tok, Tok::Ident(_)) && tokens[i].tok == Tok::Punct('(') {
        j = j.checked_sub(1)?;
    }
    if tokens[j].tok != Tok::Punct(':') {
        return None;
    }
    match &tokens[j.checked_sub(1)?].tok {
        Tok::Ident(name) => Some(name.clone()),
        _ => None,
    }
}

/// The index of the token that closes the bracket opened at `open`, or
/// the end.
pub fn closing(tokens: &[Token], open: usize) -> usize {
    let mut depth = 0usize;
    for (i, t) in tokens.iter().enumerate().skip(open) {
        match t.tok {
            Tok::Punct('(' | '[' | '{') => depth += 1,
            Tok::Punct(')' | ']' | '}') => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    tokens.len()
}

/// The string values written directly inside the bracket opened at
/// `open` (not in brackets nested in it), but for the token `skip`.
pub fn strings_inside(tokens: &[Token], open: usize, skip: Option<usize>) -> Vec<String> {
    let end = closing(tokens, open);
    let mut depth = 0usize;
    let mut out = Vec::new();
    for (i, t) in tokens.iter().enumerate().take(end).skip(open + 1) {
        match &t.tok {
            Tok::Punct('(' | '[' | '{') => depth += 1,
            Tok::Punct(')' | ']' | '}') => depth = depth.saturating_sub(1),
            Tok::Str(value, _) if depth == 0 && Some(i) != skip => out.push(value.clone()),
            _ => {}
        }
    }
    out
}

/// The field names written directly inside the bracket opened at `open`.
pub fn fields_inside(tokens: &[Token], open: usize) -> Vec<String> {
    let end = closing(tokens, open);
    let mut depth = 0usize;
    let mut out = Vec::new();
    for i in open + 1..end {
        match &tokens[i].tok {
            Tok::Punct('(' | '[' | '{') => depth += 1,
            Tok::Punct(')' | ']' | '}') => depth = depth.saturating_sub(1),
            Tok::Ident(name) if depth == 0 && tokens.get(i + 1).is_some_and(|t| t.tok == Tok::Punct(':')) => {
                out.push(name.clone());
            }
            _ => {}
        }
    }
    out
}

/// The index of the token at byte `at` (a string also at its closing
/// quote's far side, where a cursor stands after typing it).
pub fn token_at(tokens: &[Token], at: usize) -> Option<usize> {
    tokens
        .iter()
        .position(|t| t.start <= at && at < t.end.max(t.start + 1))
        .or_else(|| {
            tokens
                .iter()
                .position(|t| t.end == at && matches!(t.tok, Tok::Str(..) | Tok::Ident(_)))
        })
}

/// The key path of the frames: the field names of brackets, outermost
/// first. Records with the same path are of one kind (`sheets` →
/// `indicators`).
pub fn signature(frames: &[Frame]) -> Vec<Option<String>> {
    frames.iter().map(|f| f.key.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_open_string_in_a_breakdown_map_is_a_key_of_breakdown() {
        let text = "T(x: [(name: \"a\", breakdown: {\"鹿城区\": 1, \"瓯";
        let toks = tokens(text);
        let frames = frames(&toks, text.len());
        let top = frames.last().expect("frame");
        assert_eq!(
            (top.open, top.key.as_deref(), top.expects_key),
            ('{', Some("breakdown"), true)
        );
        assert_eq!(
            strings_inside(&toks, top.token, token_at(&toks, text.len())),
            ["鹿城区"]
        );
        assert_eq!(
            toks.last().map(|t| t.tok.clone()),
            Some(Tok::Str("瓯".into(), false))
        );
    }

    #[test]
    fn field_names_and_the_field_being_written() {
        let text = "T(lead: [(unit: \"市";
        let toks = tokens(text);
        let frames = frames(&toks, text.len());
        assert_eq!(frames[1].key.as_deref(), Some("lead"));
        assert_eq!(frames[2].field.as_deref(), Some("unit"));
        assert_eq!(fields_inside(&toks, frames[2].token), ["unit"]);
    }
}
