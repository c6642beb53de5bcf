//! clap's usage errors (an unknown argument, a missing value) in the
//! interface language. English keeps clap's own rendering; another
//! language says the same from the error's kind and context with the
//! catalogue's words. The exit code stays clap's (2).

use clap::error::{ContextKind, ContextValue, ErrorKind};
use tally_engine::{Catalogue, Lang};

/// The text of a usage error in the catalogue's language, or `None` when
/// clap's own rendering stands: English, and `--help` / `--version`
/// (which clap prints as "errors" too).
pub fn render(err: &clap::Error, t: &Catalogue) -> Option<String> {
    if t.lang() == Lang::En {
        return None;
    }
    let string = |kind: ContextKind| match err.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        _ => None,
    };
    let strings = |kind: ContextKind| match err.get(kind) {
        Some(ContextValue::Strings(s)) => s.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    };
    let number = |kind: ContextKind| match err.get(kind) {
        Some(ContextValue::Number(n)) => Some(*n),
        _ => None,
    };
    let quoted = |names: &[String]| {
        let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
        names.join(&t.text("list-separator", &[]))
    };
    let arg = string(ContextKind::InvalidArg).unwrap_or_default();
    let value = string(ContextKind::InvalidValue).unwrap_or_default();
    let mut lines = Vec::new();
    let message = match err.kind() {
        ErrorKind::UnknownArgument => t.text("usage-unknown-argument", &[("arg", arg.as_str().into())]),
        ErrorKind::InvalidSubcommand => {
            let name = string(ContextKind::InvalidSubcommand).unwrap_or_default();
            t.text("usage-unknown-subcommand", &[("name", name.into())])
        }
        ErrorKind::InvalidValue if value.is_empty() => {
            t.text("usage-missing-value", &[("arg", arg.as_str().into())])
        }
        ErrorKind::InvalidValue => t.text(
            "usage-invalid-value",
            &[("arg", arg.as_str().into()), ("value", value.as_str().into())],
        ),
        ErrorKind::ValueValidation if arg.starts_with("--lang") => {
            t.text("failure-lang", &[("lang", value.as_str().into())])
        }
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(err)
                .map(|s| s.to_string())
                .unwrap_or_default();
            t.text(
                "usage-value-validation",
                &[
                    ("arg", arg.as_str().into()),
                    ("value", value.as_str().into()),
                    ("why", why.into()),
                ],
            )
        }
        ErrorKind::MissingRequiredArgument => t.text(
            "usage-missing-required",
            &[("args", quoted(&strings(ContextKind::InvalidArg)).into())],
        ),
        ErrorKind::MissingSubcommand => {
            let name = string(ContextKind::InvalidSubcommand).unwrap_or_default();
            t.text("usage-missing-subcommand", &[("name", name.into())])
        }
        ErrorKind::ArgumentConflict => {
            let prior = strings(ContextKind::PriorArg);
            if prior.is_empty() || prior == [arg.clone()] {
                t.text("usage-repeated", &[("arg", arg.as_str().into())])
            } else {
                t.text(
                    "usage-conflict",
                    &[("arg", arg.as_str().into()), ("other", quoted(&prior).into())],
                )
            }
        }
        ErrorKind::NoEquals => t.text("usage-no-equals", &[("arg", arg.as_str().into())]),
        ErrorKind::TooManyValues => t.text(
            "usage-too-many-values",
            &[("arg", arg.as_str().into()), ("value", value.as_str().into())],
        ),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            let expected = number(ContextKind::MinValues)
                .or_else(|| number(ContextKind::ExpectedNumValues))
                .unwrap_or(0);
            let actual = number(ContextKind::ActualNumValues).unwrap_or(0);
            t.text(
                "usage-number-of-values",
                &[
                    ("arg", arg.as_str().into()),
                    ("expected", (expected as i64).into()),
                    ("actual", (actual as i64).into()),
                ],
            )
        }
        ErrorKind::InvalidUtf8 => t.text("usage-invalid-utf8", &[]),
        _ => return None,
    };
    lines.push(t.text("failure-error", &[("message", message.into())]));
    let values = strings(ContextKind::ValidValue);
    if matches!(err.kind(), ErrorKind::InvalidValue) && !values.is_empty() {
        lines.push(format!(
            "  {}",
            t.text("usage-possible-values", &[("values", quoted(&values).into())])
        ));
    }
    let subcommands = strings(ContextKind::ValidSubcommand);
    if matches!(err.kind(), ErrorKind::MissingSubcommand) && !subcommands.is_empty() {
        lines.push(format!(
            "  {}",
            t.text("usage-subcommands", &[("names", quoted(&subcommands).into())])
        ));
    }
    let mut tips = Vec::new();
    let similar = strings(ContextKind::SuggestedSubcommand);
    if !similar.is_empty() {
        tips.push(t.text("usage-similar-subcommands", &[("names", quoted(&similar).into())]));
    }
    for kind in [ContextKind::SuggestedArg, ContextKind::SuggestedValue] {
        let similar = strings(kind);
        if !similar.is_empty() {
            tips.push(t.text("usage-similar", &[("names", quoted(&similar).into())]));
        }
    }
    if let Some(ContextValue::StyledStrs(suggestions)) = err.get(ContextKind::Suggested) {
        for suggestion in suggestions {
            let text = suggestion.to_string();
            // clap's one tip for a value that looks like a flag.
            let tip = match text
                .strip_prefix("to pass '")
                .and_then(|r| r.split_once("' as a value"))
            {
                Some((value, _)) => t.text("usage-tip-dashes", &[("arg", value.into())]),
                None => text,
            };
            tips.push(tip);
        }
    }
    if !tips.is_empty() {
        lines.push(String::new());
        for tip in tips {
            lines.push(format!("  {}", t.text("usage-tip", &[("tip", tip.into())])));
        }
    }
    if let Some(ContextValue::StyledStr(usage)) = err.get(ContextKind::Usage) {
        let usage = usage.to_string();
        let usage = usage.trim();
        let usage = usage.strip_prefix("Usage:").map_or(usage, str::trim_start);
        lines.push(String::new());
        let heading = t.text("cli-usage", &[]);
        let gap = if heading.ends_with('：') { "" } else { " " };
        lines.push(format!("{heading}{gap}{usage}"));
    }
    lines.push(String::new());
    lines.push(t.text("usage-more", &[]));
    Some(lines.join("\n") + "\n")
}
