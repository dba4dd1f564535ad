//! `rapport meet`: schedule an informational interview (or cancel the next one). Scheduling
//! moves the person to *scheduled* and brings the prep, confirmation and, for coffee, the
//! "you pay" reminders.

use anyhow::Context;
use rapport_core::{meetings, openings, people, reminders};
use rapport_domain::meetings::{MeetingMode, MeetingStatus, NewMeeting};
use serde_json::json;

use crate::env::{self, Env};
use crate::output::{self, BOLD, DIM, GOOD, styled};
use crate::{views, when};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Who: id, short id, email, LinkedIn link or name.
    person: String,
    /// When it starts: 2025-01-14 15:00, tomorrow 10:00…
    #[arg(long, value_name = "WHEN", required_unless_present = "cancel")]
    at: Option<String>,
    /// How you meet: coffee (you pay), call, video or office. Never lunch.
    #[arg(long, required_unless_present = "cancel")]
    mode: Option<MeetingMode>,
    /// How long you asked for (15–30 is usual).
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u16).range(10..=90))]
    minutes: u16,
    /// The opening at their employer to keep in mind (id or title).
    #[arg(long, value_name = "OPENING")]
    opening: Option<String>,
    /// Where, or the call link.
    #[arg(long = "where", value_name = "PLACE")]
    location: Option<String>,
    /// Cancel their next scheduled meeting instead.
    #[arg(long, conflicts_with_all = ["at", "mode", "opening", "location"])]
    cancel: bool,
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(env: &Env, args: Args) -> anyhow::Result<()> {
    let store = env.open_store()?;
    let ctx = env::ctx(&store);
    let tz = views::time_zone(&ctx)?;
    let person_id = people::resolve(&ctx, &args.person)?;
    let person = people::get(&ctx, person_id)?;
    if args.cancel {
        let detail = people::detail(&ctx, person_id)?;
        let next = detail
            .meetings
            .iter()
            .filter(|m| m.status == MeetingStatus::Scheduled && m.deleted_at.is_none())
            .min_by_key(|m| m.scheduled_at)
            .ok_or_else(|| anyhow::anyhow!("{} has no scheduled meeting to cancel", person.name.full))?;
        let meeting = meetings::cancel(&ctx, next.id)?;
        if args.json {
            return output::json(&json!({"id": meeting.id.to_string(), "status": meeting.status.as_str()}));
        }
        return output::print(&format!(
            "{} the meeting with {} on {}",
            styled(GOOD, "Cancelled"),
            styled(BOLD, &person.name.full),
            when::show(meeting.scheduled_at, &tz)
        ));
    }
    let (Some(at), Some(mode)) = (&args.at, args.mode) else {
        anyhow::bail!("give the time with --at and the kind of meeting with --mode");
    };
    let at = when::parse(at, ctx.now, &tz).context("--at")?;
    let mut new = NewMeeting::new(person_id, at, args.minutes, mode)?;
    new.location = args.location;
    new.opening_id = args.opening.as_deref().map(|o| openings::resolve(&ctx, o)).transpose()?;
    let meeting = meetings::schedule(&ctx, new)?;
    let id = meeting.id.to_string();
    let coming: Vec<_> = reminders::for_person(&ctx, person_id)?.into_iter().filter(|r| r.key.ends_with(&id)).collect();
    if args.json {
        return output::json(&json!({
            "id": id,
            "person_id": person_id.to_string(),
            "scheduled_at": meeting.scheduled_at.to_string(),
            "duration_min": meeting.duration_min,
            "mode": meeting.mode.as_str(),
            "location": meeting.location,
            "reminders": coming.iter().map(|r| json!({
                "key": r.key, "rule": r.rule.as_str(), "due_at": r.due_at.to_string(), "what": r.what, "why": r.why,
            })).collect::<Vec<_>>(),
        }));
    }
    let mut lines = vec![format!(
        "{} {} with {} on {} ({} minutes)",
        styled(GOOD, "Scheduled"),
        mode.as_str(),
        styled(BOLD, &person.name.full),
        when::show(meeting.scheduled_at, &tz),
        meeting.duration_min
    )];
    for r in &coming {
        lines.push(format!("  {} {}: {}", styled(DIM, when::show(r.due_at, &tz)), r.what, r.why));
    }
    lines.push(format!("Your prep brief: rapport prep \"{}\"", person.name.full));
    output::print(&lines.join("\n"))
}
