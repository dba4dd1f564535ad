//! `rapport trash`: list what was deleted, restore it, or empty the trash for good.

use clap::Subcommand;

use crate::env::{self, Env};
use crate::output::{self, DIM, GOOD, WARN, styled};
use crate::{views, when};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(subcommand)]
    command: Option<TrashCommand>,
}

#[derive(Debug, Subcommand)]
enum TrashCommand {
    /// What is in the trash (the default).
    #[command(visible_alias = "ls")]
    List {
        #[arg(long)]
        json: bool,
    },
    /// Bring a record back, by its id or short id.
    Restore { id: String },
    /// Delete everything in the trash for good.
    Empty {
        /// Confirm: this cannot be undone.
        #[arg(long)]
        yes: bool,
    },
}

pub(crate) fn run(env: &Env, args: Args) -> anyhow::Result<()> {
    let store = env.open_store()?;
    let ctx = env::ctx(&store);
    match args.command.unwrap_or(TrashCommand::List { json: false }) {
        TrashCommand::List { json } => {
            let items = rapport_core::trash::list(&ctx)?;
            if json {
                let items: Vec<_> = items
                    .iter()
                    .map(|i| {
                        serde_json::json!({
                            "kind": i.kind,
                            "id": i.id.to_string(),
                            "title": i.title,
                            "deleted_at": i.deleted_at.to_string(),
                        })
                    })
                    .collect();
                return output::json(&items);
            }
            if items.is_empty() {
                return output::print(&styled(DIM, "the trash is empty"));
            }
            let tz = views::time_zone(&ctx)?;
            let rows = items
                .iter()
                .map(|i| {
                    let simple = i.id.simple().to_string();
                    vec![
                        simple[simple.len() - 8..].to_string(),
                        i.kind.into(),
                        i.title.clone(),
                        when::show(i.deleted_at, &tz),
                    ]
                })
                .collect();
            output::print(&output::table(&["id", "kind", "name", "deleted"], rows))?;
            output::print(&styled(DIM, "restore one with `rapport trash restore ID`"))
        }
        TrashCommand::Restore { id } => {
            let item = rapport_core::trash::restore(&ctx, &id)?;
            output::print(&format!("{} {} {}", styled(GOOD, "Restored"), item.kind, item.title))
        }
        TrashCommand::Empty { yes } => {
            if !yes {
                let count = rapport_core::trash::list(&ctx)?.len();
                anyhow::bail!(
                    "emptying the trash deletes {count} records for good, with their timelines; run `rapport trash empty --yes` to confirm"
                );
            }
            let gone = rapport_core::trash::empty(&ctx)?;
            output::print(&format!("{} {gone} records for good", styled(WARN, "Deleted")))
        }
    }
}
