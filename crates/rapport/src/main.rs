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

/// mimalloc instead of the system allocator: an import or a demo allocates and frees millions
/// of small values (records, strings, statement parameters), and glibc's allocator took 12 %
/// of a 30,000-row LinkedIn import by itself; with mimalloc the import is 10 % faster and
/// the vCard import 13 % (BENCHMARKS.md). The benches in `rapport-core` use it too, so they
/// measure what this binary does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
