//! `rapport intro`: introductions between people in your network, and how far each has got:
//! offered → requested → received → replied, or declined. Each move changes what rapport asks
//! of you: one gentle nudge while it is pending, a thank-you to the introducer once it is
//! made, and an answer to the person introduced.

use clap::Subcommand;
use rapport_core::introductions::{self, IntroductionDetail};
use rapport_core::people;
use rapport_domain::introductions::IntroState;
use serde_json::{Value, json};

use crate::env::{self, Env};
use crate::output::{self, BOLD, DIM, GOOD, styled};
use crate::{views, when};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(subcommand)]
    command: IntroCommand,
}

#[derive(Debug, Subcommand)]
enum IntroCommand {
    /// List every introduction and where it stands.
    #[command(visible_alias = "ls")]
    List(ListArgs),
    /// Record an introduction someone offered or made outside a meeting.
    Add(AddArgs),
    /// Move an introduction on: requested, received, replied or declined.
    Set(SetArgs),
}

#[derive(Debug, clap::Args)]
struct ListArgs {
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
struct AddArgs {
    /// The person introduced to you (already in your network).
    person: String,
    /// Who introduces you.
    #[arg(long, value_name = "PERSON")]
    by: String,
    /// Where it stands: offered, requested, received, replied or declined.
    #[arg(long, default_value = "offered")]
    state: IntroState,
    #[arg(long)]
    note: Option<String>,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
struct SetArgs {
    /// The introduction: its id, or a person with one introduction under way.
    introduction: String,
    /// requested, received, replied or declined.
    state: IntroState,
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(env: &Env, args: Args) -> anyhow::Result<()> {
    let store = env.open_store()?;
    let ctx = env::ctx(&store);
    let tz = views::time_zone(&ctx)?;
    match args.command {
        IntroCommand::List(args) => {
            let all = introductions::list(&ctx)?;
            if args.json {
                return output::json(&all.iter().map(detail_json).collect::<Vec<_>>());
            }
            if all.is_empty() {
                return output::print(&styled(
                    DIM,
                    "no introductions yet: they come from debriefs (--intro) or `rapport intro add`",
                ));
            }
            let rows = all
                .iter()
                .map(|d| {
                    vec![
                        d.introduction.id.short(),
                        d.introducer.name.full.clone(),
                        d.introduced.name.full.clone(),
                        d.introduction.state.to_string(),
                        when::show(d.introduction.state_changed_at, &tz),
                    ]
                })
                .collect();
            output::print(&output::table(&["id", "by", "to", "state", "since"], rows))
        }
        IntroCommand::Add(args) => {
            let by = people::resolve(&ctx, &args.by)?;
            let to = people::resolve(&ctx, &args.person)?;
            let detail = introductions::add(&ctx, by, to, args.state, args.note)?;
            if args.json {
                return output::json(&detail_json(&detail));
            }
            output::print(&format!(
                "{} {} introducing you to {} ({}, {})",
                styled(GOOD, "Recorded"),
                styled(BOLD, &detail.introducer.name.full),
                styled(BOLD, &detail.introduced.name.full),
                detail.introduction.state,
                detail.introduction.id.short()
            ))
        }
        IntroCommand::Set(args) => {
            let id = introductions::resolve(&ctx, &args.introduction)?;
            let detail = introductions::set_state(&ctx, id, args.state)?;
            if args.json {
                return output::json(&detail_json(&detail));
            }
            output::print(&format!(
                "{} {} → {}: {}",
                styled(GOOD, "Introduction"),
                detail.introducer.name.full,
                detail.introduced.name.full,
                detail.introduction.state
            ))
        }
    }
}

fn detail_json(d: &IntroductionDetail) -> Value {
    json!({
        "id": d.introduction.id.to_string(),
        "introducer_id": d.introducer.id.to_string(),
        "introducer": d.introducer.name.full,
        "introduced_id": d.introduced.id.to_string(),
        "introduced": d.introduced.name.full,
        "state": d.introduction.state.as_str(),
        "state_changed_at": d.introduction.state_changed_at.to_string(),
        "meeting_id": d.introduction.meeting_id.map(|m| m.to_string()),
    })
}
