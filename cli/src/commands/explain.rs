//! `tally explain ID`: what a rule checks, why it matters, an example.

use std::io::Write as _;

use tally_engine::RuleOrigin;

use crate::args::{Project, ProjectArgs};
use crate::{Exit, Failure};

/// Runs `tally explain`.
pub fn run(id: &str, project_args: &ProjectArgs) -> Result<Exit, Failure> {
    let project = Project::discover()?;
    let engine = project.engine(project_args, None)?;
    let rules = engine.rules();
    let Some(rule) = rules.iter().find(|r| r.id == id) else {
        let suggestion = tally_engine::runtime::api::suggest(id, rules.iter().map(|r| r.id.as_str()));
        return Err(Failure::Engine(tally_engine::Error::UnknownRule {
            id: id.to_owned(),
            suggestion: suggestion.map(str::to_owned),
        }));
    };
    let origin = match &rule.origin {
        RuleOrigin::Script(path) => path
            .strip_prefix(&project.cwd)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/"),
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
