//! `rapport status`: where the store is and what it holds.

use crate::env::{self, Env};
use crate::output::{self, field};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(env: &Env, args: Args) -> anyhow::Result<()> {
    let store = env.open_store()?;
    let ctx = env::ctx(&store);
    let counts = rapport_core::counts(&ctx)?;
    if args.json {
        return output::json(&serde_json::json!({
            "db": env.db_path,
            "schema_version": rapport_store_sqlite::SqliteStore::schema_version(),
            "people": counts.people,
            "organizations": counts.organizations,
            "openings": counts.openings,
            "interactions": counts.interactions,
            "meetings": counts.meetings,
            "introductions": counts.introductions,
            "notes": counts.notes,
            "trashed": counts.trashed,
        }));
    }
    let mut lines = Vec::new();
    field(&mut lines, "store", env.db_path.display().to_string());
    field(&mut lines, "people", counts.people.to_string());
    field(&mut lines, "organizations", counts.organizations.to_string());
    field(&mut lines, "openings", counts.openings.to_string());
    field(&mut lines, "interactions", counts.interactions.to_string());
    field(&mut lines, "meetings", counts.meetings.to_string());
    field(&mut lines, "notes", counts.notes.to_string());
    field(&mut lines, "in the trash", counts.trashed.to_string());
    output::print(&lines.join("\n"))
}
