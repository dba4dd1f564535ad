//! `rapport man`: the manual page as roff on stdout, or `--out DIR` for one page per
//! subcommand.

use std::path::PathBuf;

use anyhow::Context;
use clap::CommandFactory;

use crate::cli::Cli;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Write rapport.1 and a page per subcommand (rapport-person.1, …) into this folder.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

pub(crate) fn run(args: &Args) -> anyhow::Result<()> {
    let command = Cli::command();
    match &args.out {
        None => {
            clap_mangen::Man::new(command).render(&mut std::io::stdout())?;
        }
        Some(dir) => {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
            clap_mangen::generate_to(command, dir)
                .with_context(|| format!("cannot write man pages to {}", dir.display()))?;
            println!("wrote man pages to {}", dir.display());
        }
    }
    Ok(())
}
