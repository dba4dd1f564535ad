//! `rapport today`: what to do now and what is overdue, most urgent first, grouped into
//! overdue, today and coming up soon. Each entry says what to do, for whom and why now, with
//! the key `rapport remind` takes.

use anyhow::Context;
use jiff::Timestamp;
use rapport_core::today::{self, Group, Item, TodayOptions};
use rapport_domain::calendar::Calendar;
use rapport_domain::reminders::ReminderStatus;
use serde_json::{Value, json};

use crate::env::{self, Env};
use crate::output::{self, BAD, BOLD, DIM, WARN, styled};
use crate::{views, when};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Look at another moment (e.g. "tomorrow 08:00"): what would show then.
    #[arg(long, value_name = "WHEN")]
    at: Option<String>,
    /// How many days "coming up soon" looks ahead.
    #[arg(long, default_value_t = 7, value_parser = clap::value_parser!(u32).range(0..=366))]
    days: u32,
    /// At most this many entries per group (the counts cover everything).
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    limit: u32,
    /// Every entry, however many.
    #[arg(long, conflicts_with = "limit")]
    all: bool,
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(env: &Env, args: Args) -> anyhow::Result<()> {
    let store = env.open_store()?;
    let mut ctx = env::ctx(&store);
    if let Some(text) = &args.at {
        let tz = views::time_zone(&ctx)?;
        ctx.now = when::parse(text, ctx.now, &tz).context("--at")?;
    }
    let limit = if args.all { u32::MAX } else { args.limit };
    let agenda = today::today(&ctx, TodayOptions { days_ahead: args.days, limit })?;
    if args.json {
        return output::json(&json!({
            "now": agenda.now.to_string(),
            "time_zone": agenda.calendar.time_zone().iana_name(),
            "overdue": group_json(&agenda.overdue),
            "today": group_json(&agenda.today),
            "soon": group_json(&agenda.soon),
        }));
    }
    let cal = &agenda.calendar;
    let mut out = vec![format!(
        "{} {} ({})",
        styled(BOLD, "Today,"),
        cal.moment_words(agenda.now),
        cal.time_zone().iana_name().unwrap_or("UTC")
    )];
    let groups = [("Overdue", &agenda.overdue), ("Today", &agenda.today), ("Coming up soon", &agenda.soon)];
    for (title, group) in groups {
        if group.total == 0 {
            continue;
        }
        out.push(String::new());
        let count = if group.capped { format!("{}+", group.total) } else { group.total.to_string() };
        out.push(styled(BOLD, format!("{title} ({count})")));
        for item in &group.items {
            out.extend(item_lines(item, cal, agenda.now));
        }
        let hidden = group.total.saturating_sub(group.items.len() as u64);
        if hidden > 0 {
            let at_least = if group.capped { "at least " } else { "" };
            out.push(styled(DIM, format!("  … and {at_least}{hidden} more (rapport today --all)")));
        }
    }
    if groups.iter().all(|(_, g)| g.total == 0) {
        out.push(String::new());
        out.push("Nothing to do today, and nothing overdue.".into());
    }
    output::print(&out.join("\n"))
}

fn item_lines(item: &Item, cal: &Calendar, now: Timestamp) -> Vec<String> {
    let r = &item.reminder;
    let mark = match item.status {
        ReminderStatus::Escalated => styled(BAD, "!"),
        ReminderStatus::Overdue => styled(WARN, "!"),
        _ => "-".to_string(),
    };
    let facts = [format!("for {}", r.who), r.priority.to_string(), standing(item, cal, now), format!("key {}", r.key)];
    vec![format!("  {mark} {}", r.what), format!("    {}", styled(DIM, facts.join(" · "))), format!("    {}", r.why)]
}

/// Where an entry stands, in words: "late since …", "due by …", "from …".
fn standing(item: &Item, cal: &Calendar, now: Timestamp) -> String {
    let r = &item.reminder;
    match item.status {
        ReminderStatus::Escalated => format!("red since {}", cal.moment_words(r.escalate_at.unwrap_or(r.overdue_at))),
        ReminderStatus::Overdue => format!("late since {}", cal.moment_words(r.overdue_at)),
        ReminderStatus::Due if r.overdue_at > now => format!("due now, late from {}", cal.moment_words(r.overdue_at)),
        ReminderStatus::Due => "due now".to_string(),
        ReminderStatus::Open => format!("due by {}", cal.moment_words(r.due_at)),
        ReminderStatus::Upcoming | ReminderStatus::Expired => format!("from {}", cal.moment_words(r.opens_at)),
    }
}

fn group_json(group: &Group) -> Value {
    json!({
        "total": group.total,
        "capped": group.capped,
        "items": group.items.iter().map(|item| {
            let r = &item.reminder;
            json!({
                "key": r.key,
                "rule": r.rule.as_str(),
                "status": item.status.as_str(),
                "priority": r.priority.as_str(),
                "person_id": r.person_id.map(|p| p.to_string()),
                "what": r.what,
                "who": r.who,
                "why": r.why,
                "opens_at": r.opens_at.to_string(),
                "due_at": r.due_at.to_string(),
                "overdue_at": r.overdue_at.to_string(),
                "escalate_at": r.escalate_at.map(|t| t.to_string()),
                "expires_at": r.expires_at.map(|t| t.to_string()),
            })
        }).collect::<Vec<_>>(),
    })
}
