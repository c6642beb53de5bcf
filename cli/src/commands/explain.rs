//! `tally explain ID`: what a rule checks, why it matters, an example.

use std::io::Write as _;

use tally_engine::{Catalogue, RuleOrigin};

use crate::args::{self, ProjectArgs};
use crate::{Exit, Failure};

/// Runs `tally explain`.
pub fn run(id: &str, project_args: &ProjectArgs, catalogue: &Catalogue) -> Result<Exit, Failure> {
    let project = args::discover(catalogue)?;
    let engine = project.engine(&project_args.selection())?;
    let Some(rule) = engine.rule(id) else {
        return Err(engine.unknown_rule(id).into());
    };
    let origin = match &rule.origin {
        RuleOrigin::Script(path) => project.shown(path),
        RuleOrigin::Native => catalogue.text("explain-built-in", &[]),
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "# {} ({})", rule.id, rule.severity)?;
    writeln!(out)?;
    writeln!(out, "{}", rule.title)?;
    writeln!(out)?;
    if !rule.explanation.is_empty() {
        writeln!(out, "{}", rule.explanation)?;
        writeln!(out)?;
    }
    writeln!(
        out,
        "{}",
        catalogue.text("explain-defined-in", &[("origin", origin.into())])
    )?;
    Ok(Exit::Clean)
}
