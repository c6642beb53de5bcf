//! Writing RON text by hand: the imported table keeps the figures as the
//! cells show them (`12.0`, `500`), which a serializer would not.

/// A RON string literal.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A comment line's text: no line breaks inside.
pub fn comment(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
}
