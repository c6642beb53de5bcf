//! tally's own words in every interface language: one set of
//! [Fluent](https://projectfluent.org) files per language (`i18n/en/*.ftl`,
//! `i18n/zh/*.ftl`), compiled into the binary.
//!
//! Nothing here is global: a [`Catalogue`] is a value, made once for a
//! [`Lang`] by whoever needs one (the engine keeps one per engine, the CLI
//! one per command) and asked for a message by its key:
//!
//! ```
//! use tally_i18n::{Catalogue, Lang};
//!
//! let zh = Catalogue::new(Lang::Zh);
//! assert_eq!(zh.text("summary-files", &[("count", 3.into())]), "3 个文件");
//! let en = Catalogue::new(Lang::En);
//! assert_eq!(en.text("summary-files", &[("count", 1.into())]), "1 file");
//! ```
//!
//! # Adding a message
//!
//! 1. Pick a key named after where it is said (`suppress-unused`,
//!    `watch-status`) and add it to the `.ftl` file of its area in **every**
//!    language folder, with the same attributes (`.label`, `.help`) and the
//!    same variables (`{ $rule }`).
//! 2. Say it with [`Catalogue::text`] / [`Catalogue::attr`] where the
//!    finding or the line is made.
//! 3. `cargo test -p tally-i18n` fails if a key, an attribute or a
//!    variable is missing in one language, or a file does not parse.
//!
//! Messages follow the wording rules of `shared/docs/style.md`: lower case
//! start, no closing full stop (no `。` either), identifiers in backticks.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// An interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Simplified Chinese.
    Zh,
}

impl Lang {
    /// Every language, in the order of [`Lang::code`]s listed to users.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// The language of a locale: the first non-empty of `LC_ALL`,
    /// `LC_MESSAGES` and `LANG` (the POSIX order), Chinese if it starts
    /// with `zh` (`zh_CN.UTF-8`, `zh_TW`, `zh`), else English.
    pub fn from_locale(lc_all: Option<&str>, lc_messages: Option<&str>, lang: Option<&str>) -> Lang {
        let chosen = [lc_all, lc_messages, lang]
            .into_iter()
            .flatten()
            .map(str::trim)
            .find(|v| !v.is_empty());
        match chosen {
            Some(locale) if locale.to_ascii_lowercase().starts_with("zh") => Lang::Zh,
            _ => Lang::En,
        }
    }

    /// The language named `zh` / `en` (also `zh-CN`, `zh_CN.UTF-8`,
    /// `en-US`, `中文`), as `--lang` and `lang:` in tally.ron take it.
    pub fn parse(text: &str) -> Option<Lang> {
        let text = text.trim().to_ascii_lowercase();
        if text == "中文" || text.starts_with("zh") {
            Some(Lang::Zh)
        } else if text.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// `en` or `zh`, as [`Lang::parse`] reads it.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The BCP 47 tag (`en`, `zh-CN`).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// The catalogue's files of this language: (file name, text).
    pub fn sources(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Lang::En => EN,
            Lang::Zh => ZH,
        }
    }
}

macro_rules! files {
    ($lang:literal: $($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../", $lang, "/", $name)))),*]
    };
}

/// The English catalogue, file by file.
const EN: &[(&str, &str)] = files!(
    "en": "cli.ftl", "report.ftl", "commands.ftl", "engine.ftl", "findings.ftl", "usage.ftl", "sheets.ftl"
);
/// The Chinese catalogue, file by file.
const ZH: &[(&str, &str)] = files!(
    "zh": "cli.ftl", "report.ftl", "commands.ftl", "engine.ftl", "findings.ftl", "usage.ftl", "sheets.ftl"
);

/// A value put into a message: text or a number (numbers choose plural
/// forms: `{ $count -> [one] file *[other] files }`).
#[derive(Debug, Clone, PartialEq)]
pub enum Arg<'a> {
    /// Text, put in as it is.
    Text(Cow<'a, str>),
    /// A whole number.
    Number(i64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(text: &'a str) -> Self {
        Arg::Text(Cow::Borrowed(text))
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(text: &'a String) -> Self {
        Arg::Text(Cow::Borrowed(text.as_str()))
    }
}

impl From<String> for Arg<'_> {
    fn from(text: String) -> Self {
        Arg::Text(Cow::Owned(text))
    }
}

macro_rules! numbers {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg<'_> {
            fn from(n: $t) -> Self {
                Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
numbers!(i32, i64, u32, u64, usize, u128);

/// The messages of one language. Cloning one shares its messages (parsing
/// them is most of what making a catalogue costs).
#[derive(Clone)]
pub struct Catalogue {
    lang: Lang,
    bundle: std::sync::Arc<FluentBundle<FluentResource>>,
}

impl std::fmt::Debug for Catalogue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalogue")
            .field("lang", &self.lang)
            .finish_non_exhaustive()
    }
}

impl Catalogue {
    /// The catalogue of `lang`, read from the files compiled in. A file
    /// that does not parse loses only its broken entries (the tests make
    /// sure none does).
    pub fn new(lang: Lang) -> Catalogue {
        let id = lang
            .tag()
            .parse::<unic_langid::LanguageIdentifier>()
            .unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        // No Unicode isolation marks around the values: a terminal shows
        // them as gaps or garbage.
        bundle.set_use_isolating(false);
        for (_, text) in lang.sources() {
            let resource = FluentResource::try_new((*text).to_owned()).unwrap_or_else(|(partial, _)| partial);
            // A key defined twice keeps its first text; the tests forbid it.
            let _ = bundle.add_resource(resource);
        }
        Catalogue {
            lang,
            bundle: std::sync::Arc::new(bundle),
        }
    }

    /// The language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The message `key` with `args`; the key itself if there is no such
    /// message (a missing message shows, it does not stop tally).
    pub fn text(&self, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        self.format(key, None, args).unwrap_or_else(|| key.to_owned())
    }

    /// The attribute `attr` (`label`, `help`) of the message `key`; `None`
    /// if it has none.
    pub fn attr(&self, key: &str, attr: &str, args: &[(&str, Arg<'_>)]) -> Option<String> {
        self.format(key, Some(attr), args)
    }

    /// Whether the message `key` exists.
    pub fn has(&self, key: &str) -> bool {
        self.bundle.has_message(key)
    }

    fn format(&self, key: &str, attr: Option<&str>, args: &[(&str, Arg<'_>)]) -> Option<String> {
        let message = self.bundle.get_message(key)?;
        let pattern = match attr {
            Some(attr) => message.get_attribute(attr)?.value(),
            None => message.value()?,
        };
        let mut fluent_args = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            let value = match value {
                Arg::Text(text) => FluentValue::from(text.as_ref().to_owned()),
                Arg::Number(n) => FluentValue::from(*n),
            };
            fluent_args.set(*name, value);
        }
        let mut errors = Vec::new();
        let text = self
            .bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors);
        Some(text.into_owned())
    }
}

/// What a message of a catalogue is made of, to compare languages: its
/// attributes and the variables it and they use.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Shape {
    /// The attributes (`label`, `help`).
    pub attributes: BTreeSet<String>,
    /// The variables used anywhere in the message (`rule`, `count`).
    pub variables: BTreeSet<String>,
}

/// Every message of `lang` by key, with its shape; and the errors met:
/// a file that does not parse, a key defined twice.
pub fn shapes(lang: Lang) -> (BTreeMap<String, Shape>, Vec<String>) {
    use fluent_syntax::ast;

    fn pattern(p: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
        for element in &p.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                expr(expression, out);
            }
        }
    }
    fn expr(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
        match e {
            ast::Expression::Select { selector, variants } => {
                inline(selector, out);
                for v in variants {
                    pattern(&v.value, out);
                }
            }
            ast::Expression::Inline(i) => inline(i, out),
        }
    }
    fn inline(i: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
        match i {
            ast::InlineExpression::VariableReference { id } => {
                out.insert(id.name.to_owned());
            }
            ast::InlineExpression::Placeable { expression } => expr(expression, out),
            ast::InlineExpression::FunctionReference { arguments, .. } => {
                for a in &arguments.positional {
                    inline(a, out);
                }
            }
            _ => {}
        }
    }

    let mut shapes = BTreeMap::new();
    let mut errors = Vec::new();
    for (file, text) in lang.sources() {
        let resource = match fluent_syntax::parser::parse(*text) {
            Ok(r) => r,
            Err((r, errs)) => {
                errors.push(format!("{}/{file}: {errs:?}", lang.code()));
                r
            }
        };
        for entry in &resource.body {
            let ast::Entry::Message(message) = entry else {
                continue;
            };
            let mut shape = Shape::default();
            if let Some(value) = &message.value {
                pattern(value, &mut shape.variables);
            }
            for a in &message.attributes {
                shape.attributes.insert(a.id.name.to_owned());
                pattern(&a.value, &mut shape.variables);
            }
            if shapes.insert(message.id.name.to_owned(), shape).is_some() {
                errors.push(format!(
                    "{}/{file}: `{}` is defined twice",
                    lang.code(),
                    message.id.name
                ));
            }
        }
    }
    (shapes, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every message exists in every language, with the same attributes
    /// and the same variables; every file parses; no key twice.
    #[test]
    fn every_message_in_every_language() {
        let (en, en_errors) = shapes(Lang::En);
        assert!(en_errors.is_empty(), "{en_errors:#?}");
        assert!(en.len() > 100, "the English catalogue has {} messages", en.len());
        for lang in Lang::ALL {
            let (other, errors) = shapes(lang);
            assert!(errors.is_empty(), "{errors:#?}");
            let mut problems = Vec::new();
            for (key, shape) in &en {
                match other.get(key) {
                    None => problems.push(format!("{}: `{key}` is missing", lang.code())),
                    Some(s) if s != shape => problems.push(format!(
                        "{}: `{key}` has {s:?}, English has {shape:?}",
                        lang.code()
                    )),
                    Some(_) => {}
                }
            }
            for key in other.keys().filter(|k| !en.contains_key(*k)) {
                problems.push(format!(
                    "{}: `{key}` is not in the English catalogue",
                    lang.code()
                ));
            }
            assert!(problems.is_empty(), "{}", problems.join("\n"));
        }
    }

    /// Every message key written literally where a message is said
    /// (`t.text("key", …)`, `.attr("key", …)`, `say("key", …)`,
    /// `fail_said(node, "key", …)`) in the engine and the CLI exists in
    /// the English catalogue (so in every language, by the test above): a
    /// misspelt key would show the key itself to the user.
    #[test]
    fn keys_said_in_the_code_exist() {
        let (en, _) = shapes(Lang::En);
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        if !root.join("engine/src").is_dir() {
            // Built outside the workspace (a packaged crate): nothing to scan.
            return;
        }
        let mut missing = Vec::new();
        let mut seen = 0;
        let mut stack = vec![root.join("engine/src"), root.join("cli/src")];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "rs") {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                for (key, attr) in said_keys(&text) {
                    seen += 1;
                    let known = en
                        .get(key)
                        .is_some_and(|shape| attr.is_none_or(|a| shape.attributes.contains(a)));
                    if !known {
                        missing.push(format!(
                            "{}: `{key}`{}",
                            path.display(),
                            attr.map(|a| format!(".{a}")).unwrap_or_default()
                        ));
                    }
                }
            }
        }
        assert!(seen > 200, "only {seen} keys found: is the scan still right?");
        assert!(missing.is_empty(), "{}", missing.join("\n"));
    }

    /// `(key, attribute)` of each literal key in `text` passed to a
    /// function that says a message.
    fn said_keys(text: &str) -> Vec<(&str, Option<&str>)> {
        const CALLS: [&str; 6] = ["text(\"", "attr(\"", "say(\"", "_said(", "said(", "attr(key, \""];
        let mut out = Vec::new();
        for call in CALLS {
            for (at, _) in text.match_indices(call) {
                let rest = &text[at + call.len()..];
                // For `fail_said(node, "key"` / `said(source, span, t, "key"`: the first literal.
                let rest = if call.ends_with('"') {
                    rest
                } else {
                    match rest.find('"') {
                        Some(q) if !rest[..q].contains(')') && !rest[..q].contains(';') => &rest[q + 1..],
                        _ => continue,
                    }
                };
                let Some(end) = rest.find('"') else { continue };
                let literal = &rest[..end];
                let (key, attr) = match literal.split_once('.') {
                    Some((k, a)) => (k, Some(a)),
                    None => (literal, None),
                };
                let plain = |s: &str| {
                    !s.is_empty()
                        && s.bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                };
                if key.contains('-') && plain(key) && attr.is_none_or(plain) {
                    out.push((key, attr));
                }
            }
        }
        out
    }

    #[test]
    fn locales_and_names() {
        assert_eq!(Lang::from_locale(None, None, Some("zh_CN.UTF-8")), Lang::Zh);
        assert_eq!(Lang::from_locale(Some("C"), None, Some("zh_CN.UTF-8")), Lang::En);
        assert_eq!(
            Lang::from_locale(Some(""), Some("zh_TW"), Some("en_US")),
            Lang::Zh
        );
        assert_eq!(Lang::from_locale(None, None, None), Lang::En);
        assert_eq!(Lang::parse("zh"), Some(Lang::Zh));
        assert_eq!(Lang::parse("zh-CN"), Some(Lang::Zh));
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
    }

    #[test]
    fn plurals_and_missing_keys() {
        let en = Catalogue::new(Lang::En);
        assert_eq!(en.text("summary-files", &[("count", 2.into())]), "2 files");
        assert_eq!(en.text("no-such-key", &[]), "no-such-key");
        let zh = Catalogue::new(Lang::Zh);
        assert_eq!(zh.text("summary-files", &[("count", 1.into())]), "1 个文件");
    }
}
