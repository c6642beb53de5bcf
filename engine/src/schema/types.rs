//! The type expressions of a schema field, as staff write them:
//! `text`, `integer`, `number`, `boolean`, `list of T`, `map of text to T`,
//! a record's name, `T or None`, and parentheses to group.
//!
//! `or None` binds to the type just before it: `list of number or None` is
//! a list whose members may be `None`; `(list of number) or None` is a
//! list that may itself be `None`.

use crate::text;

/// A field's type.
#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    /// A string.
    Text,
    /// A whole number.
    Integer,
    /// Any number (a whole number too).
    Number,
    /// `true` or `false`.
    Boolean,
    /// A list of values of one type.
    List(Box<Type>),
    /// A map from keys (text or integer) to values of one type.
    Map(Box<Type>, Box<Type>),
    /// A record declared under `records` (its index in the schema).
    Record(usize),
    /// The type, or `None` (not assigned).
    OrNone(Box<Type>),
}

/// The base words, as written, with their Chinese synonyms.
const BASE: &[(&str, Type)] = &[
    ("text", Type::Text),
    ("integer", Type::Integer),
    ("number", Type::Number),
    ("boolean", Type::Boolean),
    ("文本", Type::Text),
    ("整数", Type::Integer),
    ("数值", Type::Number),
    ("是否", Type::Boolean),
];

impl Type {
    /// The type as a schema writes it.
    pub fn describe(&self, records: &[String]) -> String {
        match self {
            Type::Text => "text".into(),
            Type::Integer => "integer".into(),
            Type::Number => "number".into(),
            Type::Boolean => "boolean".into(),
            Type::List(item) => format!("list of {}", item.describe(records)),
            Type::Map(key, value) => format!("map of {} to {}", key.describe(records), value.describe(records)),
            Type::Record(i) => records.get(*i).cloned().unwrap_or_else(|| "record".into()),
            Type::OrNone(inner) => match **inner {
                Type::List(_) | Type::Map(..) => format!("({}) or None", inner.describe(records)),
                _ => format!("{} or None", inner.describe(records)),
            },
        }
    }

    /// [`Type::describe`] in the catalogue's words, for messages (the
    /// schema syntax stays [`Type::describe`]'s).
    pub fn describe_in(&self, records: &[String], t: &tally_i18n::Catalogue) -> String {
        match self {
            Type::Text => t.text("type-text", &[]),
            Type::Integer => t.text("type-integer", &[]),
            Type::Number => t.text("type-number", &[]),
            Type::Boolean => t.text("type-boolean", &[]),
            Type::List(item) => t.text("type-list", &[("item", item.describe_in(records, t).into())]),
            Type::Map(key, value) => t.text(
                "type-map",
                &[("key", key.describe_in(records, t).into()), ("value", value.describe_in(records, t).into())],
            ),
            Type::Record(i) => match records.get(*i) {
                Some(name) => t.text("type-record-named", &[("name", name.into())]),
                None => t.text("type-record", &[]),
            },
            Type::OrNone(inner) => {
                let key = match **inner {
                    Type::List(_) | Type::Map(..) => "type-or-none-grouped",
                    _ => "type-or-none",
                };
                t.text(key, &[("inner", inner.describe_in(records, t).into())])
            }
        }
    }

    /// The type without an outer `or None`, and whether there was one.
    pub fn strip_none(&self) -> (&Type, bool) {
        match self {
            Type::OrNone(inner) => (inner.strip_none().0, true),
            other => (other, false),
        }
    }

    /// What a rule reads for a value of this type that breaks the schema
    /// or is left out.
    pub fn empty(&self) -> crate::load::Empty {
        use crate::load::Empty;
        match self {
            Type::List(_) => Empty::List,
            Type::Map(..) | Type::Record(_) => Empty::Map,
            _ => Empty::Unassigned,
        }
    }

    /// The scalar at the bottom of lists, maps and `or None`, if any.
    pub fn leaf(&self) -> &Type {
        match self {
            Type::List(item) => item.leaf(),
            Type::Map(_, value) => value.leaf(),
            Type::OrNone(inner) => inner.leaf(),
            other => other,
        }
    }
}

/// [`parse_type_in`] in English (the tests').
#[cfg(test)]
pub fn parse_type(text: &str, records: &[String]) -> Result<Type, String> {
    parse_type_in(text, records, &tally_i18n::Catalogue::new(tally_i18n::Lang::En))
}

/// Parses a type expression; `records` are the record names the schema
/// declares. The error says what is wrong, with a did-you-mean, in the
/// catalogue's language.
pub fn parse_type_in(text: &str, records: &[String], t: &tally_i18n::Catalogue) -> Result<Type, String> {
    let tokens = tokenize(text);
    if tokens.is_empty() {
        return Err(t.text("type-error-empty", &[]));
    }
    let mut parser = Parser {
        tokens,
        at: 0,
        records,
        t,
    };
    let ty = parser.ty()?;
    match parser.peek() {
        None => Ok(ty),
        Some(extra) => Err(t.text(
            "type-error-extra",
            &[("extra", extra.into()), ("type", ty.describe(records).into())],
        )),
    }
}

fn tokenize(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if c == '(' || c == ')' || c == '（' || c == '）' {
            if !word.is_empty() {
                tokens.push(std::mem::take(&mut word));
            }
            tokens.push(if c == '(' || c == '（' { "(" } else { ")" }.to_owned());
        } else if c.is_whitespace() {
            if !word.is_empty() {
                tokens.push(std::mem::take(&mut word));
            }
        } else {
            word.push(c);
        }
    }
    if !word.is_empty() {
        tokens.push(word);
    }
    tokens
}

struct Parser<'a> {
    tokens: Vec<String>,
    at: usize,
    records: &'a [String],
    t: &'a tally_i18n::Catalogue,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&str> {
        self.tokens.get(self.at).map(String::as_str)
    }

    fn next(&mut self) -> Option<String> {
        let token = self.tokens.get(self.at).cloned();
        self.at += 1;
        token
    }

    fn expect(&mut self, word: &str, after: &str) -> Result<(), String> {
        match self.next() {
            Some(w) if w == word => Ok(()),
            Some(w) => Err(self.t.text(
                "type-error-expected-found",
                &[("word", word.into()), ("after", after.into()), ("found", w.into())],
            )),
            None => Err(self.t.text("type-error-expected", &[("word", word.into()), ("after", after.into())])),
        }
    }

    fn ty(&mut self) -> Result<Type, String> {
        let mut ty = self.single()?;
        while self.peek() == Some("or") {
            self.next();
            match self.next() {
                Some(w) if w == "None" => ty = Type::OrNone(Box::new(ty)),
                Some(w) => return Err(self.t.text("type-error-or", &[("word", w.into())])),
                None => return Err(self.t.text("type-error-or-none", &[])),
            }
        }
        Ok(ty)
    }

    fn single(&mut self) -> Result<Type, String> {
        let Some(word) = self.next() else {
            return Err(self.t.text("type-error-early", &[]));
        };
        match word.as_str() {
            "(" => {
                let inner = self.ty()?;
                self.expect(")", "the type in parentheses")?;
                Ok(inner)
            }
            "list" => {
                self.expect("of", "list")?;
                Ok(Type::List(Box::new(self.ty()?)))
            }
            "map" => {
                self.expect("of", "map")?;
                let key = match self.next().as_deref() {
                    Some("text") | Some("文本") => Type::Text,
                    Some("integer") | Some("整数") => Type::Integer,
                    Some(other) => {
                        return Err(self.t.text("type-error-map-key", &[("key", other.into())]));
                    }
                    None => return Err(self.t.text("type-error-map-no-key", &[])),
                };
                self.expect("to", "map of <keys>")?;
                Ok(Type::Map(Box::new(key), Box::new(self.ty()?)))
            }
            other => {
                if let Some((_, ty)) = BASE.iter().find(|(w, _)| *w == other) {
                    return Ok(ty.clone());
                }
                if let Some(i) = self.records.iter().position(|r| r == other) {
                    return Ok(Type::Record(i));
                }
                let words: Vec<&str> = ["text", "integer", "number", "boolean", "list of", "map of"]
                    .into_iter()
                    .chain(self.records.iter().map(String::as_str))
                    .collect();
                let guess = text::suggest(other, words.iter().copied());
                let listed = self.t.text("type-error-types", &[("types", text::join_in(self.t, &words).into())]);
                Err(self.t.text(
                    "type-error-unknown",
                    &[("type", other.into()), ("hint", text::did_you_mean_in(self.t, guess, &listed).into())],
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<String, String> {
        let records = vec!["Row".to_owned()];
        parse_type(text, &records).map(|t| t.describe(&records))
    }

    #[test]
    fn reads_every_form() {
        assert_eq!(parse("text").unwrap(), "text");
        assert_eq!(parse("数值").unwrap(), "number");
        assert_eq!(parse("list of Row").unwrap(), "list of Row");
        assert_eq!(parse("map of text to number or None").unwrap(), "map of text to number or None");
        assert_eq!(parse("(list of text) or None").unwrap(), "(list of text) or None");
        assert_eq!(parse("list of (map of integer to boolean)").unwrap(), "list of map of integer to boolean");
    }

    #[test]
    fn says_what_is_wrong() {
        assert!(parse("numbr").unwrap_err().contains("did you mean `number`"));
        assert!(parse("map of number to text").unwrap_err().contains("keys are"));
        assert!(parse("text or number").unwrap_err().contains("one_of"));
        assert!(parse("list text").unwrap_err().contains("expected `of`"));
        assert!(parse("(text").unwrap_err().contains("expected `)`"));
        assert!(parse("").unwrap_err().contains("empty"));
        assert!(parse("text text").unwrap_err().contains("unexpected"));
    }
}
