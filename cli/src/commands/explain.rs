//! `tally explain ID`: what a rule checks, why it matters, an example.

use std::io::Write as _;

use tally_engine::RuleOrigin;

use crate::args::{self, ProjectArgs};
use crate::{Exit, Failure};

/// Runs `tally explain`.
pub fn run(id: &str, project_args: &ProjectArgs) -> Result<Exit, Failure> {
    let project = args::discover()?;
    let engine = project.engine(&project_args.selection())?;
    let Some(rule) = engine.rule(id) else {
        return Err(engine.unknown_rule(id).into());
    };
    let origin = match &rule.origin {
        RuleOrigin::Script(path) => project.shown(path),
        RuleOrigin::Native => "built in".to_owned(),
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
    writeln!(out, "Defined in: {origin}")?;
    Ok(Exit::Clean)
}
