//! `--help` in the interface language: the texts of clap's command tree
//! replaced by the catalogue's `cli-…` messages.
//!
//! The key of a command is `cli` and the names of its subcommands
//! (`cli-new-rule`), with a `.long` attribute for a long description; the
//! key of an argument is its command's key, `--` and its id with dashes
//! (`cli-check--fail-on`), else `cli--` and the id for one that several
//! commands share (`cli--rules`). The doc comments in `args.rs` stay the
//! source of the English texts (and of the man page); a test holds the
//! English catalogue to them, so a changed doc comment shows up as a test
//! failure until `i18n/en/cli.ftl` and `i18n/zh/cli.ftl` follow.

#[cfg(test)]
use clap::builder::StyledStr;
use clap::Command;
use tally_i18n::{Catalogue, Lang};

/// `cmd` (built) with every help text from `catalogue`. English is left as
/// the doc comments have it.
pub fn localize(mut cmd: Command, catalogue: &Catalogue) -> Command {
    if catalogue.lang() == Lang::En {
        return cmd;
    }
    cmd.build();
    let headings = Headings {
        usage: catalogue.text("cli-usage", &[]),
        options: catalogue.text("cli-options", &[]),
        arguments: catalogue.text("cli-arguments", &[]),
        commands: catalogue.text("cli-commands", &[]),
    };
    localize_command(&mut cmd, "cli", catalogue, &headings);
    cmd
}

struct Headings {
    usage: String,
    options: String,
    arguments: String,
    commands: String,
}

fn localize_command(cmd: &mut Command, key: &str, catalogue: &Catalogue, headings: &Headings) {
    let mut this = std::mem::take(cmd);
    if catalogue.has(key) {
        this = this.about(catalogue.text(key, &[]));
        if let Some(long) = catalogue.attr(key, "long", &[]) {
            this = this.long_about(long);
        }
    }
    this = this
        .help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
            headings.usage
        ))
        .subcommand_help_heading(headings.commands.clone());
    this = this.mut_args(|arg| {
        let id = arg.get_id().as_str().replace('_', "-");
        let own = format!("{key}--{id}");
        let shared = format!("cli--{id}");
        let found = [own, shared].into_iter().find(|k| catalogue.has(k));
        let heading = if arg.is_positional() {
            &headings.arguments
        } else {
            &headings.options
        };
        // clap writes `Possible values:` and `[default: …]` in English
        // (with the values' English doc comments): said here instead.
        let values: Vec<String> = arg
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_owned())
            .collect();
        let default: Vec<String> = arg
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        let mut extra = Vec::new();
        if !values.is_empty() && !arg.is_hide_possible_values_set() {
            extra.push(catalogue.text("cli-values", &[("values", values.join(", ").into())]));
        }
        if !default.is_empty() && !arg.is_hide_default_value_set() {
            extra.push(catalogue.text("cli-default", &[("value", default.join(", ").into())]));
        }
        let suffix = if extra.is_empty() {
            String::new()
        } else {
            catalogue.text("cli-extra", &[("extra", extra.join("；").into())])
        };
        let mut arg = arg
            .help_heading(heading.clone())
            .hide_possible_values(true)
            .hide_default_value(true);
        if let Some(k) = found {
            let help = catalogue.text(&k, &[]);
            let long = catalogue.attr(&k, "long", &[]).unwrap_or_else(|| help.clone());
            arg = arg
                .help(format!("{help}{suffix}"))
                .long_help(format!("{long}{suffix}"));
        }
        arg
    });
    for sub in this.get_subcommands_mut() {
        let sub_key = format!("{key}-{}", sub.get_name());
        localize_command(sub, &sub_key, catalogue, headings);
    }
    *cmd = this;
}

/// Every (key, text) the English `--help` has, from the doc comments: what
/// `i18n/en/cli.ftl` must say.
#[cfg(test)]
fn english(cmd: &Command, key: &str, out: &mut Vec<(String, String)>) {
    let text = |s: Option<&StyledStr>| s.map(ToString::to_string);
    if let Some(about) = text(cmd.get_about()) {
        out.push((key.to_owned(), about));
    }
    if let Some(long) = text(cmd.get_long_about()) {
        out.push((format!("{key}.long"), long));
    }
    for arg in cmd.get_arguments() {
        let id = arg.get_id().as_str().replace('_', "-");
        let arg_key = match id.as_str() {
            "help" | "version" | "color" | "lang" => format!("cli--{id}"),
            _ => format!("{key}--{id}"),
        };
        if out.iter().any(|(k, _)| *k == arg_key) {
            continue;
        }
        if let Some(help) = text(arg.get_help()) {
            out.push((arg_key.clone(), help));
        }
        if let Some(long) = text(arg.get_long_help()) {
            out.push((format!("{arg_key}.long"), long));
        }
    }
    for sub in cmd.get_subcommands() {
        english(sub, &format!("{key}-{}", sub.get_name()), out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn built() -> Command {
        let mut cmd = <crate::args::Cli as clap::CommandFactory>::command();
        cmd.build();
        cmd
    }

    /// The English catalogue says what the doc comments say; with
    /// `TALLY_WRITE_CLI_FTL=1` the test writes `i18n/en/cli.ftl` anew.
    #[test]
    fn english_catalogue_follows_the_doc_comments() {
        let mut texts = Vec::new();
        english(&built(), "cli", &mut texts);
        let en = Catalogue::new(Lang::En);
        if std::env::var_os("TALLY_WRITE_CLI_FTL").is_some() {
            let mut ftl = String::from("# `--help`: generated from the doc comments of cli/src/args.rs (see cli/src/help.rs).\n\ncli-usage = Usage:\ncli-options = Options\ncli-arguments = Arguments\ncli-values = possible values: { $values }\ncli-default = default: { $value }\ncli-extra = {\" \"}[{ $extra }]\ncli-commands = Commands\n");
            for (key, text) in &texts {
                let body = text.replace('{', "{\"{\"}").replace('\n', "\n    ");
                let body = body.replace("\n    \n", "\n\n");
                match key.split_once('.') {
                    Some((_, attr)) => ftl.push_str(&format!("    .{attr} = {body}\n")),
                    None => ftl.push_str(&format!("\n{key} = {body}\n")),
                }
            }
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../i18n/en/cli.ftl");
            std::fs::write(path, ftl).expect("write cli.ftl");
        }
        let mut differ = Vec::new();
        for (key, text) in &texts {
            let found = match key.split_once('.') {
                Some((k, attr)) => en.attr(k, attr, &[]),
                None => en.has(key).then(|| en.text(key, &[])),
            };
            if found.as_deref() != Some(text.as_str()) {
                differ.push(format!("{key}: doc comment {text:?}, catalogue {found:?}"));
            }
        }
        assert!(differ.is_empty(), "{}", differ.join("\n"));
    }

    #[test]
    fn chinese_help_is_chinese() {
        let cmd = localize(built(), &Catalogue::new(Lang::Zh));
        let mut check = cmd.find_subcommand("check").expect("a check subcommand").clone();
        let help = check.render_help().to_string();
        assert!(help.contains("用法："), "{help}");
        assert!(help.contains("选项"), "{help}");
        assert!(!help.contains("Exit 1 if a finding"), "{help}");
    }
}
