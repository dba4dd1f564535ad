//! `rapport restore FILE.json`: rebuild a store from a backup made with `rapport export json`.
//! Into an empty store, or with `--replace`, over everything the store holds.

use std::path::PathBuf;

use anyhow::Context;
use rapport_core::export;
use rapport_interchange::json::Backup;

use crate::env::{self, Env};
use crate::output::{self, GOOD, WARN, styled};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The backup file (`rapport export json --out FILE`).
    file: PathBuf,
    /// Delete everything the store holds first (the message says what went).
    #[arg(long)]
    replace: bool,
}

pub(crate) fn run(env: &Env, args: Args) -> anyhow::Result<()> {
    let file = std::fs::File::open(&args.file).with_context(|| format!("cannot read {}", args.file.display()))?;
    let backup = Backup::from_reader(std::io::BufReader::new(file))
        .with_context(|| format!("{} cannot be restored", args.file.display()))?;
    let store = env.create_store()?;
    let ctx = env::ctx(&store);
    let outcome = export::restore(&ctx, &backup, args.replace)
        .with_context(|| format!("cannot restore {} into {}", args.file.display(), env.db_path.display()))?;
    let mut lines = Vec::new();
    if outcome.deleted.total() > 0 {
        lines.push(format!("{} {} that the store held", styled(WARN, "Deleted"), outcome.deleted.describe()));
    }
    lines.push(format!(
        "{} {} from {} (made {})",
        styled(GOOD, "Restored"),
        outcome.restored.describe(),
        args.file.display(),
        backup.exported_at
    ));
    output::print(&lines.join("\n"))
}
