//! `rapport demo`: fill a store with a realistic made-up network.

use std::time::Instant;

use rapport_core::demo::{self, DemoConfig};

use crate::env::{self, Env};
use crate::output::{self, GOOD, styled};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// How many people.
    #[arg(long, default_value_t = 300, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    people: u32,
    /// The random seed: the same seed on the same day gives the same network.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Add to a store that already has people in it.
    #[arg(long)]
    force: bool,
}

pub(crate) fn run(env: &Env, args: Args) -> anyhow::Result<()> {
    let store = env.create_store()?;
    let ctx = env::ctx(&store);
    let counts = rapport_core::counts(&ctx)?;
    if counts.people > 0 && !args.force {
        anyhow::bail!(
            "{} already holds {} people; demo data is for trying rapport out, so use a new file with --db demo.sqlite3, or add --force",
            env.db_path.display(),
            counts.people
        );
    }
    // Demo data is anchored to the start of today (UTC), so a seed gives the same network
    // all day.
    let today = ctx.now.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
    let anchor = today.to_zoned_datetime(jiff::tz::TimeZone::UTC)?.timestamp();
    let ctx = rapport_core::Ctx::at(ctx.store, ctx.owner, anchor);
    let started = Instant::now();
    let summary = demo::fill(&ctx, DemoConfig { people: args.people, seed: args.seed })?;
    output::print(&format!(
        "{} {} people, {} organizations, {} openings, {} interactions, {} meetings, {} introductions in {:.1} s",
        styled(GOOD, "Made"),
        summary.people,
        summary.organizations,
        summary.openings,
        summary.interactions,
        summary.meetings,
        summary.introductions,
        started.elapsed().as_secs_f64()
    ))
}
