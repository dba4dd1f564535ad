//! `rapport`: the command line. It parses arguments, calls a use case in `rapport-core`, and
//! renders the result as text for people or JSON for programs. One file per subcommand
//! under `commands/`.

mod cli;
mod commands;
mod config;
mod env;
mod exit;
mod output;
mod views;
mod when;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            if exit::is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            output::error(&err);
            ExitCode::from(exit::code_for(&err))
        }
    }
}
