//! One module per subcommand. Each parses its arguments into domain values, calls one use
//! case, and renders the result; none holds rules of its own.

pub(crate) mod completions;
pub(crate) mod config;
pub(crate) mod debrief;
pub(crate) mod demo;
pub(crate) mod draft;
pub(crate) mod dupes;
pub(crate) mod export;
pub(crate) mod import;
pub(crate) mod init;
pub(crate) mod intro;
pub(crate) mod lint;
pub(crate) mod log;
pub(crate) mod man;
pub(crate) mod meet;
pub(crate) mod merge;
pub(crate) mod note;
pub(crate) mod opening;
pub(crate) mod org;
pub(crate) mod person;
pub(crate) mod prep;
pub(crate) mod remind;
pub(crate) mod restore;
pub(crate) mod route;
pub(crate) mod search;
pub(crate) mod sent;
pub(crate) mod serve;
pub(crate) mod stats;
pub(crate) mod status;
pub(crate) mod targets;
pub(crate) mod thanks;
pub(crate) mod today;
pub(crate) mod trash;

use crate::cli::{Cli, ColorWhen, Command};
use crate::env::Env;

pub(crate) fn run(cli: Cli) -> anyhow::Result<()> {
    let choice = match cli.color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();
    // Commands that need no store or config come first.
    match &cli.command {
        Command::Completions(args) => return completions::run(args),
        Command::Man(args) => return man::run(args),
        _ => {}
    }
    let env = Env::from_cli(&cli)?;
    match cli.command {
        Command::Init(args) => init::run(&env, args),
        Command::Person(args) => person::run(&env, args),
        Command::Org(args) => org::run(&env, args),
        Command::Opening(args) => opening::run(&env, args),
        Command::Note(args) => note::run(&env, args),
        Command::Log(args) => log::run(&env, args),
        Command::Search(args) => search::run(&env, args),
        Command::Serve(args) => serve::run(&env, args),
        Command::Trash(args) => trash::run(&env, args),
        Command::Demo(args) => demo::run(&env, args),
        Command::Status(args) => status::run(&env, args),
        Command::Config(args) => config::run(&env, args),
        Command::Targets(args) => targets::run(&env, args),
        Command::Route(args) => route::run(&env, args),
        Command::Draft(args) => draft::run(&env, args),
        Command::Lint(args) => lint::run(&env, args),
        Command::Sent(args) => sent::run(&env, args),
        Command::Stats(args) => stats::run(&env, args),
        Command::Today(args) => today::run(&env, args),
        Command::Meet(args) => meet::run(&env, args),
        Command::Debrief(args) => debrief::run(&env, args),
        Command::Thanks(args) => thanks::run(&env, args),
        Command::Prep(args) => prep::run(&env, args),
        Command::Remind(args) => remind::run(&env, args),
        Command::Intro(args) => intro::run(&env, args),
        Command::Import(args) => import::run(&env, args),
        Command::Dupes(args) => dupes::run(&env, args),
        Command::Merge(args) => merge::run(&env, args),
        Command::Export(args) => export::run(&env, args),
        Command::Restore(args) => restore::run(&env, args),
        Command::Completions(_) | Command::Man(_) => Ok(()),
    }
}
