//! `tally rules`: the rules and native checks, one per line.

use std::io::Write as _;

use tally_engine::{Catalogue, RuleOrigin};
use unicode_width::UnicodeWidthStr as _;

use crate::args::{self, ProjectArgs};
use crate::{Exit, Failure};

/// Runs `tally rules`.
pub fn run(project_args: &ProjectArgs, catalogue: &Catalogue) -> Result<Exit, Failure> {
    let project = args::discover(catalogue)?;
    let engine = project.engine(&project_args.selection())?;
    let rules = engine.rules();
    let id_width = rules.iter().map(|r| r.id.width()).max().unwrap_or(0);
    let title_width = rules.iter().map(|r| r.title.width()).max().unwrap_or(0);
    let mut out = std::io::stdout().lock();
    for rule in &rules {
        let origin = match &rule.origin {
            RuleOrigin::Script(path) => project.shown(path),
            RuleOrigin::Native => catalogue.text("rules-built-in", &[]),
        };
        writeln!(
            out,
            "{id}{pad_id}  {sev:<7}  {title}{pad_title}  {origin}",
            id = rule.id,
            pad_id = " ".repeat(id_width - rule.id.width()),
            sev = rule.severity.as_str(),
            title = rule.title,
            pad_title = " ".repeat(title_width - rule.title.width()),
        )?;
    }
    Ok(Exit::Clean)
}
