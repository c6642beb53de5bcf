//! Rhai's own error texts in the catalogue's language: the errors a rule
//! author meets every day (a variable or function not found, a type
//! mismatch, an index out of bounds, a missing `;` or `}`) are said in
//! the interface language; a rare one keeps Rhai's English words.

use rhai::{EvalAltResult, LexError, ParseErrorType};
use tally_i18n::Catalogue;

/// A run-time error of a script in the catalogue's words, or `None` where
/// the catalogue has none for it (then Rhai's text is shown).
pub fn eval_error(err: &EvalAltResult, t: &Catalogue) -> Option<String> {
    let text = |key: &str, args: &[(&str, tally_i18n::Arg<'_>)]| Some(t.text(key, args));
    match err {
        EvalAltResult::ErrorParsing(p, _) => text("rhai-syntax", &[("why", parse_error(p, t).into())]),
        EvalAltResult::ErrorVariableExists(s, _) => text("rhai-variable-exists", &[("name", s.into())]),
        EvalAltResult::ErrorForbiddenVariable(s, _) => text("rhai-forbidden-variable", &[("name", s.into())]),
        EvalAltResult::ErrorVariableNotFound(s, _) => text("rhai-variable-not-found", &[("name", s.into())]),
        EvalAltResult::ErrorPropertyNotFound(s, _) => text("rhai-property-not-found", &[("name", s.into())]),
        EvalAltResult::ErrorIndexNotFound(s, _) => text("rhai-index-not-found", &[("index", s.to_string().into())]),
        EvalAltResult::ErrorFunctionNotFound(s, _) => text("rhai-function-not-found", &[("signature", s.into())]),
        EvalAltResult::ErrorModuleNotFound(s, _) => text("rhai-module-not-found", &[("name", s.into())]),
        EvalAltResult::ErrorUnboundThis(_) => text("rhai-unbound-this", &[]),
        EvalAltResult::ErrorMismatchDataType(expected, actual, _)
        | EvalAltResult::ErrorMismatchOutputType(expected, actual, _) => match (actual.as_str(), expected.as_str()) {
            ("", e) => text("rhai-type-expected", &[("expected", e.into())]),
            (a, "") => text("rhai-type-wrong", &[("actual", a.into())]),
            (a, e) => text("rhai-type-mismatch", &[("actual", a.into()), ("expected", e.into())]),
        },
        EvalAltResult::ErrorIndexingType(s, _) => text("rhai-not-indexable", &[("type", s.into())]),
        EvalAltResult::ErrorArrayBounds(max, index, _) => {
            text("rhai-array-bounds", &[("index", (*index).into()), ("count", (*max).into())])
        }
        EvalAltResult::ErrorStringBounds(max, index, _) => {
            text("rhai-string-bounds", &[("index", (*index).into()), ("count", (*max).into())])
        }
        EvalAltResult::ErrorFor(_) => text("rhai-for", &[]),
        EvalAltResult::ErrorArithmetic(s, _) => text("rhai-arithmetic", &[("why", arithmetic(s, t).into())]),
        EvalAltResult::ErrorTooManyVariables(_) => text("rhai-too-many-variables", &[]),
        EvalAltResult::ErrorAssignmentToConstant(s, _) => text("rhai-assign-constant", &[("name", s.into())]),
        EvalAltResult::ErrorRuntime(d, _) if d.is_unit() => text("rhai-runtime", &[]),
        EvalAltResult::LoopBreak(true, ..) => text("rhai-break-outside-loop", &[]),
        EvalAltResult::LoopBreak(false, ..) => text("rhai-continue-outside-loop", &[]),
        _ => None,
    }
}

/// Rhai's arithmetic errors (`Division by zero: 1 / 0`).
fn arithmetic(text: &str, t: &Catalogue) -> String {
    match text.strip_prefix("Division by zero: ") {
        Some(expr) => t.text("rhai-division-by-zero", &[("expr", expr.into())]),
        None if text.is_empty() => String::new(),
        None => match text.strip_prefix("Integer overflow: ") {
            Some(expr) => t.text("rhai-overflow", &[("expr", expr.into())]),
            None => text.to_owned(),
        },
    }
}

/// What grew too large (`Size of array/BLOB`, `Length of string`).
pub fn too_large(what: &str, t: &Catalogue) -> String {
    let lower = what.to_lowercase();
    let key = if lower.contains("string") {
        "rhai-large-string"
    } else if lower.contains("array") {
        "rhai-large-array"
    } else if lower.contains("map") {
        "rhai-large-map"
    } else {
        return lower;
    };
    t.text(key, &[])
}

/// A compile error of a script in the catalogue's words (Rhai's English
/// text for the rare ones).
pub fn parse_error(err: &ParseErrorType, t: &Catalogue) -> String {
    let text = |key: &str, args: &[(&str, tally_i18n::Arg<'_>)]| t.text(key, args);
    match err {
        ParseErrorType::BadInput(lex) => lex_error(lex, t),
        ParseErrorType::UnexpectedEOF => text("rhai-unexpected-eof", &[]),
        ParseErrorType::UnknownOperator(s) => text("rhai-unknown-operator", &[("op", s.into())]),
        ParseErrorType::MissingToken(token, purpose) => {
            let why = missing_purpose(purpose, t);
            match why {
                Some(why) => text("rhai-missing-token", &[("token", token.into()), ("why", why.into())]),
                None => text("rhai-missing-token-rhai", &[("token", token.into()), ("rhai", purpose.into())]),
            }
        }
        ParseErrorType::MissingSymbol(s) if s.is_empty() => text("rhai-missing-symbol", &[]),
        ParseErrorType::DuplicatedProperty(s) => text("rhai-duplicated-property", &[("name", s.into())]),
        ParseErrorType::DuplicatedVariable(s) => text("rhai-duplicated-variable", &[("name", s.into())]),
        ParseErrorType::VariableExists(s) => text("rhai-variable-exists", &[("name", s.into())]),
        ParseErrorType::VariableUndefined(s) => text("rhai-variable-undefined", &[("name", s.into())]),
        ParseErrorType::ModuleUndefined(s) => text("rhai-module-undefined", &[("name", s.into())]),
        ParseErrorType::MismatchedType(expected, actual) => {
            text("rhai-type-mismatch", &[("actual", actual.into()), ("expected", expected.into())])
        }
        ParseErrorType::ExprExpected(s) => text("rhai-expr-expected", &[("what", s.into())]),
        ParseErrorType::FnMissingBody(s) if !s.is_empty() => text("rhai-fn-missing-body", &[("name", s.into())]),
        ParseErrorType::FnMissingParams(s) => text("rhai-fn-missing-params", &[("name", s.into())]),
        ParseErrorType::FnDuplicatedParam(s, arg) => {
            text("rhai-fn-duplicated-param", &[("name", s.into()), ("param", arg.into())])
        }
        ParseErrorType::FnMissingName => text("rhai-fn-missing-name", &[]),
        ParseErrorType::AssignmentToConstant(s) if !s.is_empty() => text("rhai-assign-constant", &[("name", s.into())]),
        ParseErrorType::AssignmentToInvalidLHS(s) if s.is_empty() => text("rhai-invalid-lhs", &[]),
        ParseErrorType::Reserved(s) => text("rhai-reserved", &[("word", s.into())]),
        ParseErrorType::PropertyExpected => text("rhai-property-expected", &[]),
        ParseErrorType::VariableExpected => text("rhai-variable-expected", &[]),
        ParseErrorType::WrongFnDefinition => text("rhai-wrong-fn-definition", &[]),
        ParseErrorType::ExprTooDeep => text("rhai-expr-too-deep", &[]),
        ParseErrorType::LoopBreak => text("rhai-break-outside-loop", &[]),
        other => {
            let text = other.to_string();
            let mut chars = text.chars();
            match chars.next() {
                Some(c) => c.to_lowercase().collect::<String>() + chars.as_str(),
                None => text,
            }
        }
    }
}

fn lex_error(err: &LexError, t: &Catalogue) -> String {
    let text = |key: &str, args: &[(&str, tally_i18n::Arg<'_>)]| t.text(key, args);
    match err {
        LexError::UnexpectedInput(s) => text("rhai-unexpected", &[("token", s.into())]),
        LexError::MalformedEscapeSequence(s) => text("rhai-bad-escape", &[("text", s.into())]),
        LexError::MalformedNumber(s) => text("rhai-bad-number", &[("text", s.into())]),
        LexError::MalformedChar(s) => text("rhai-bad-char", &[("text", s.into())]),
        LexError::MalformedIdentifier(s) => text("rhai-bad-identifier", &[("text", s.into())]),
        LexError::UnterminatedString => text("rhai-unterminated-string", &[]),
        other => other.to_string(),
    }
}

/// What a missing token was for, in the catalogue's words, where Rhai's
/// wording is one of the usual ones.
fn missing_purpose(purpose: &str, t: &Catalogue) -> Option<String> {
    let quoted = |prefix: &str| {
        purpose
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_prefix('\''))
            .and_then(|rest| rest.strip_suffix('\''))
    };
    let (key, name) = match purpose {
        "to terminate this statement" => ("rhai-for-statement-end", None),
        "to terminate this block" => ("rhai-for-block-end", None),
        "to start a statement block" => ("rhai-for-block-start", None),
        "for a matching ( in this expression" => ("rhai-for-paren", None),
        "for a matching [ in this index expression" => ("rhai-for-bracket", None),
        "to separate the items of this array literal" => ("rhai-for-array-items", None),
        "to separate the items of this object map literal" => ("rhai-for-map-items", None),
        "to start arguments list of function call" => ("rhai-for-call-start", None),
        _ => {
            if let Some(name) = quoted("to close the arguments list of this function call ") {
                ("rhai-for-call-end", Some(name))
            } else if let Some(name) = quoted("to separate the arguments to function call ") {
                ("rhai-for-call-args", Some(name))
            } else if let Some(name) = quoted("to close the parameters list of function ") {
                ("rhai-for-params-end", Some(name))
            } else {
                return None;
            }
        }
    };
    Some(t.text(key, &[("name", name.unwrap_or_default().into())]))
}

/// A Rhai type name (`string`, `()`, `array`) in the catalogue's words;
/// English keeps Rhai's name.
pub fn type_word(name: &str, t: &Catalogue) -> String {
    if t.lang() == tally_i18n::Lang::En {
        return name.to_owned();
    }
    let key = match name {
        "string" | "ImmutableString" | "char" => "type-text",
        "i64" | "f64" | "int" | "float" => "type-number",
        "bool" => "type-boolean",
        "()" => "rhai-type-unit",
        "array" | "data array" | "data list" => "rhai-type-array",
        "map" | "data map" => "rhai-type-map",
        _ => return name.to_owned(),
    };
    t.text(key, &[])
}
