//! `rapport remind`: decide about a reminder `rapport today` shows, by its key: done (it goes),
//! snoozed until a time (it hides until then; its deadline does not move), or dismissed (not
//! wanted). The choice is kept by the key, so it holds however often reminders are rebuilt.

use anyhow::Context;
use rapport_core::{people, reminders};
use rapport_domain::reminders::DecisionAction;
use serde_json::json;

use crate::env::{self, Env};
use crate::output::{self, BOLD, GOOD, styled};
use crate::{views, when};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Action {
    /// It is done.
    Done,
    /// Hide it until --until.
    Snooze,
    /// You do not want it.
    Dismiss,
}

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// done, snooze or dismiss.
    #[arg(value_enum)]
    action: Action,
    /// The reminder's key, as `rapport today` shows it (e.g. r11:0194…).
    key: String,
    /// For snooze: until when (e.g. "tomorrow 08:00", 2025-01-20).
    #[arg(long, value_name = "WHEN", required_if_eq("action", "snooze"))]
    until: Option<String>,
    /// The person, when several people have a reminder with this key.
    #[arg(long, value_name = "PERSON")]
    person: Option<String>,
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(env: &Env, args: Args) -> anyhow::Result<()> {
    let store = env.open_store()?;
    let ctx = env::ctx(&store);
    let tz = views::time_zone(&ctx)?;
    let action = match args.action {
        Action::Done => DecisionAction::Done,
        Action::Dismiss => DecisionAction::Dismissed,
        Action::Snooze => {
            let text = args.until.as_deref().context("a snooze needs --until WHEN")?;
            DecisionAction::Snoozed { until: when::parse(text, ctx.now, &tz).context("--until")? }
        }
    };
    let person = args.person.as_deref().map(|p| people::resolve(&ctx, p)).transpose()?;
    let decided = reminders::decide(&ctx, &args.key, person, action)?;
    let verb = match action {
        DecisionAction::Done => "Done".to_string(),
        DecisionAction::Dismissed => "Dismissed".to_string(),
        DecisionAction::Snoozed { until } => format!("Snoozed until {}", when::show(until, &tz)),
    };
    if args.json {
        return output::json(&json!({
            "key": decided.key,
            "person_id": decided.person.as_ref().map(|p| p.id.to_string()),
            "what": decided.what,
            "decision": match action {
                DecisionAction::Done => "done",
                DecisionAction::Dismissed => "dismissed",
                DecisionAction::Snoozed { .. } => "snoozed",
            },
        }));
    }
    let whom = decided.person.map(|p| format!(" ({})", p.name.full)).unwrap_or_default();
    output::print(&format!("{}: {}{whom}", styled(GOOD, verb), styled(BOLD, decided.what)))
}
