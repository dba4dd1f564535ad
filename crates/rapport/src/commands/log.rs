//! `rapport log`: record an interaction you had with someone.

use anyhow::Context;
use rapport_core::{interactions, outreach, people};
use rapport_domain::interactions::{Channel, Direction, InteractionKind, NewInteraction};

use crate::env::{self, Env};
use crate::output::{self, BOLD, GOOD, WARN, styled};
use crate::{views, when};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Who: id, short id, email, LinkedIn link or name.
    person: String,
    /// What happened: outreach, follow_up, reply, meeting, thank_you, loop_close,
    /// referral_ask, referral_update, check_in, intro_request, intro_received, other.
    kind: InteractionKind,
    /// What was said, briefly.
    #[arg(long, short = 'm', value_name = "TEXT")]
    text: Option<String>,
    /// When (default now): 2025-01-07 14:30, yesterday, 3 days ago…
    #[arg(long, value_name = "WHEN")]
    at: Option<String>,
    /// email, linkedin, phone, video, in_person, text, other.
    #[arg(long)]
    channel: Option<Channel>,
    /// They wrote to you (default follows the kind: a reply is inbound).
    #[arg(long, conflicts_with = "outbound")]
    inbound: bool,
    /// You wrote to them.
    #[arg(long)]
    outbound: bool,
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(env: &Env, args: Args) -> anyhow::Result<()> {
    let store = env.open_store()?;
    let ctx = env::ctx(&store);
    let tz = views::time_zone(&ctx)?;
    let person_id = people::resolve(&ctx, &args.person)?;
    let at = match &args.at {
        Some(text) => when::parse(text, ctx.now, &tz).context("--at")?,
        None => ctx.now,
    };
    let mut new = NewInteraction::new(person_id, args.kind, at).with_text(args.text.as_deref());
    if let Some(channel) = args.channel {
        new.channel = channel;
    }
    if args.inbound {
        new.direction = Direction::Inbound;
    } else if args.outbound {
        new.direction = Direction::Outbound;
    }
    let interaction = interactions::log(&ctx, new)?;
    if args.json {
        return output::json(&serde_json::json!({
            "id": interaction.id.to_string(),
            "person_id": interaction.person_id.to_string(),
            "kind": interaction.kind.as_str(),
            "channel": interaction.channel.as_str(),
            "direction": interaction.direction.as_str(),
            "at": interaction.at.to_string(),
            "text": interaction.text,
        }));
    }
    let person = people::get(&ctx, person_id)?;
    let mut lines = vec![format!(
        "{} {} with {} on {}",
        styled(GOOD, "Logged"),
        interaction.kind.as_str().replace('_', " "),
        styled(BOLD, &person.name.full),
        when::show(interaction.at, &tz)
    )];
    // Gate G2: a first message already sent is recorded (its follow-ups must be timed), and
    // the seeker is shown the gate `rapport sent` waits for.
    if let Some(locked) = outreach::gate_after_logging(&ctx, &interaction)? {
        lines.push(format!(
            "{} {locked}. `rapport sent` waits for that; score with `rapport org score ORG --motivation N`.",
            styled(WARN, "Note:")
        ));
    }
    output::print(&lines.join("\n"))
}
