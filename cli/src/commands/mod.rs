//! One module per subcommand.

mod check;

pub use check::terminal_width;
mod explain;
pub mod import;
mod new;
mod new_check;
mod rules;
mod schema;
mod skeleton;
mod test;
mod workbook;

use tally_engine::Catalogue;

use crate::args::{Cli, Command, NewCommand, SchemaCommand};
use crate::{Exit, Failure};

/// Writing the output, where the reader may have gone: a closed pipe
/// (`tally check | head -n5`) ends the output quietly and is not a
/// failure, so that the command still returns the exit code its findings
/// earned (as ripgrep does). Any other write error is one.
pub fn reader_may_go(written: std::io::Result<()>) -> std::io::Result<()> {
    match written {
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Runs the parsed command line.
pub fn run(cli: Cli, catalogue: &Catalogue) -> Result<Exit, Failure> {
    let color = cli.color.enabled();
    match cli.command {
        Command::Check(args) => check::run(&args, color, catalogue),
        Command::Watch(args) => crate::watch::run(&args, color, catalogue),
        Command::Rules(project) => rules::run(&project, catalogue),
        Command::Import(args) => import::run(&args, catalogue),
        Command::Export(args) => import::export(&args, catalogue),
        Command::Test(args) => test::run(&args, color, catalogue),
        Command::New {
            what: NewCommand::Rule { id, kind, project },
        } => new::rule(&id, kind.as_deref(), &project, catalogue),
        Command::New {
            what:
                NewCommand::Check {
                    id,
                    kind,
                    file,
                    project,
                },
        } => new_check::check(&id, &kind, file.as_deref(), &project, catalogue),
        Command::Schema { what } => match what {
            SchemaCommand::Infer { files, project } => schema::infer(&files, &project, catalogue),
            SchemaCommand::Show { kind, project } => schema::show(kind.as_deref(), &project, catalogue),
            SchemaCommand::Check { project } => schema::check(&project, color, catalogue),
        },
        Command::Explain { id, project } => explain::run(&id, &project, catalogue),
        Command::Lsp(args) => crate::lsp::run(&args),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "tally", &mut std::io::stdout());
            Ok(Exit::Clean)
        }
        Command::Man => {
            let cmd = <Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(cmd).render(&mut std::io::stdout())?;
            Ok(Exit::Clean)
        }
    }
}
