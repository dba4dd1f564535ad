//! `rapport sent PERSON`: records that you sent your first message to someone ("mark sent").
//! The time you give (default now) starts the follow-up timers: a second contact at their
//! employer after 3 business days, your one follow-up after 7.

use std::path::PathBuf;

use anyhow::Context;
use rapport_core::{outreach, people};
use rapport_domain::outreach::OutreachChannel;
use serde_json::json;

use super::lint::{ChannelArg, read_file};
use crate::env::{self, Env};
use crate::output::{self, BOLD, GOOD, WARN, styled};
use crate::{views, when};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Who: id, short id, email, LinkedIn link or name.
    person: String,
    /// The message as you sent it (a text or .eml file, or - for standard input).
    #[arg(long, value_name = "FILE", conflicts_with = "text")]
    file: Option<PathBuf>,
    /// The message as you sent it, or a line about it.
    #[arg(long, value_name = "TEXT")]
    text: Option<String>,
    /// When you sent it (default now): 2025-01-07 14:30, yesterday, 2 hours ago…
    #[arg(long, value_name = "WHEN")]
    at: Option<String>,
    /// Where you sent it.
    #[arg(long, value_enum, default_value_t = ChannelArg::Email)]
    channel: ChannelArg,
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(env: &Env, args: Args) -> anyhow::Result<()> {
    let text = match &args.file {
        Some(path) => {
            let read = read_file(path)?;
            Some(match read.subject {
                Some(subject) => format!("Subject: {subject}\n\n{}", read.text),
                None => read.text,
            })
        }
        None => args.text.clone(),
    };
    let store = env.open_store()?;
    let ctx = env::ctx(&store);
    let tz = views::time_zone(&ctx)?;
    let id = people::resolve(&ctx, &args.person)?;
    let at = match &args.at {
        Some(t) => when::parse(t, ctx.now, &tz).context("--at")?,
        None => ctx.now,
    };
    let sent = outreach::mark_sent(&ctx, id, text.as_deref(), at, OutreachChannel::from(args.channel))?;
    if args.json {
        return output::json(&json!({
            "interaction_id": sent.interaction.id.to_string(),
            "person_id": sent.person.id.to_string(),
            "kind": sent.interaction.kind.as_str(),
            "channel": sent.interaction.channel.as_str(),
            "at": sent.interaction.at.to_string(),
            "ready": sent.report.as_ref().map(|r| r.ready()),
        }));
    }
    let mut lines = vec![format!(
        "{} your first message to {} on {}. rapport will remind you about the follow-ups.",
        styled(GOOD, "Recorded"),
        styled(BOLD, &sent.person.name.full),
        when::show(sent.interaction.at, &tz)
    )];
    if let Some(report) = sent.report.as_ref().filter(|r| !r.ready()) {
        let failing: Vec<&str> =
            report.at_severity(rapport_domain::outreach::Severity::Fail).iter().map(|c| c.code()).collect();
        lines.push(styled(
            WARN,
            format!("The text failed {}; `rapport lint` shows why, for your next one.", failing.join(", ")),
        ));
    }
    output::print(&lines.join("\n"))
}
