//! `rapport debrief`: record what you took away from a meeting (§4.6.5), ideally within the
//! hour: clues tagged with their TIARA letter, gifts (introductions, referrals, recruiters,
//! resources), promises both ways, who paid, their answer to "How can I help you?", how the
//! rapport felt, and the answer to the opening close. A debrief can be added to later.

use anyhow::Context;
use jiff::civil::Date;
use rapport_core::meetings::{self, Debrief, Named, NewPromise};
use rapport_core::{people, reminders};
use rapport_domain::meetings::{Clue, OpeningClose, Party, Payer, Payment, Tiara};
use rapport_domain::reminders::Rule;
use serde_json::json;

use crate::env::{self, Env};
use crate::output::{self, BOLD, GOOD, styled};
use crate::{views, when};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The meeting: its id, or the person (their latest meeting that has begun).
    meeting: String,
    /// Something you learned, tagged with its TIARA kind: "trends: …", "insights: …",
    /// "advice: …", "resources: …" or "assignments: …" (t:, i: and r: work too). Repeat.
    #[arg(long = "clue", value_name = "KIND: TEXT")]
    clues: Vec<String>,
    /// Someone they offered to introduce you to: a name (added to your network if new) or
    /// the id or email of someone already in it. Repeat.
    #[arg(long = "intro", value_name = "PERSON")]
    intros: Vec<String>,
    /// A referral they made or offered, in your words.
    #[arg(long = "referral", value_name = "TEXT")]
    referrals: Vec<String>,
    /// A recruiter or headhunter they named.
    #[arg(long = "recruiter", value_name = "NAME")]
    recruiters: Vec<String>,
    /// An article, report, group or link they pointed you to.
    #[arg(long = "resource", value_name = "TEXT")]
    resources: Vec<String>,
    /// A promise you made, with its due date after an @: "send the write-up @ 2025-01-17".
    #[arg(long = "mine", value_name = "TEXT[@ DATE]")]
    mine: Vec<String>,
    /// A promise they made, likewise.
    #[arg(long = "theirs", value_name = "TEXT[@ DATE]")]
    theirs: Vec<String>,
    /// Who paid: me, them or nobody.
    #[arg(long)]
    paid: Option<Payer>,
    /// How much, e.g. 11.50.
    #[arg(long, requires = "paid")]
    amount: Option<String>,
    /// The currency of the amount, e.g. USD.
    #[arg(long, requires = "amount")]
    currency: Option<String>,
    /// Their answer to "How can I help you?".
    #[arg(long, value_name = "TEXT")]
    they_asked_for: Option<String>,
    /// What you offered them.
    #[arg(long, value_name = "TEXT")]
    offered: Option<String>,
    /// How the rapport felt, 1 to 5.
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=5))]
    rapport: Option<u8>,
    /// Their answer to the opening close: yes, considering ("let me think"), no or not_asked.
    #[arg(long)]
    close: Option<OpeningClose>,
    /// Anything else worth keeping.
    #[arg(long)]
    notes: Option<String>,
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(env: &Env, args: Args) -> anyhow::Result<()> {
    let store = env.open_store()?;
    let ctx = env::ctx(&store);
    let tz = views::time_zone(&ctx)?;
    let meeting = meetings::resolve(&ctx, &args.meeting)?;
    let mut promises = Vec::new();
    for (owed_by, raw) in
        args.mine.iter().map(|m| (Party::Mine, m)).chain(args.theirs.iter().map(|t| (Party::Theirs, t)))
    {
        let (text, due) = promise(raw, &ctx, &tz)?;
        promises.push(NewPromise { owed_by, text, due });
    }
    let mut introductions = Vec::new();
    for name in &args.intros {
        introductions.push(named(&ctx, name)?);
    }
    let payment = match args.paid {
        Some(payer) => Some(Payment {
            payer,
            amount_minor: args.amount.as_deref().map(minor_units).transpose()?,
            currency: args.currency.map(|c| c.trim().to_uppercase()),
        }),
        None => None,
    };
    let debrief = Debrief {
        clues: args.clues.iter().map(|c| clue(c)).collect::<anyhow::Result<_>>()?,
        introductions,
        referrals: args.referrals,
        recruiters: args.recruiters,
        resources: args.resources,
        promises,
        payment,
        they_asked_for: args.they_asked_for,
        reciprocal_offer: args.offered,
        rapport: args.rapport,
        opening_close: args.close,
        notes: args.notes,
    };
    let done = meetings::debrief(&ctx, meeting, debrief)?;
    let ledger = &done.meeting.ledger;
    let thank_you = reminders::for_person(&ctx, done.person.id)?
        .into_iter()
        .find(|r| r.rule == Rule::R11 && r.key.ends_with(&done.meeting.id.to_string()));
    if args.json {
        return output::json(&json!({
            "meeting_id": done.meeting.id.to_string(),
            "person_id": done.person.id.to_string(),
            "stage": done.person.stage.as_str(),
            "referral": done.person.referral.as_str(),
            "clues": ledger.clues.len(),
            "gifts": ledger.gifts.len(),
            "promises": ledger.promises.len(),
            "meeting_yield": ledger.meeting_yield(),
            "introduced": done.introduced.iter().map(|p| json!({
                "id": p.id.to_string(),
                "name": p.name.full,
                "new": done.added.contains(&p.id),
            })).collect::<Vec<_>>(),
            "thank_you_due": thank_you.as_ref().map(|r| r.due_at.to_string()),
        }));
    }
    let mut lines = vec![format!(
        "{} the debrief of your meeting with {}: {} clue{}, {} gift{}, {} promise{}",
        styled(GOOD, "Recorded"),
        styled(BOLD, &done.person.name.full),
        ledger.clues.len(),
        plural(ledger.clues.len()),
        ledger.gifts.len(),
        plural(ledger.gifts.len()),
        ledger.promises.len(),
        plural(ledger.promises.len()),
    )];
    for p in &done.introduced {
        let new = if done.added.contains(&p.id) { ", new to your network" } else { "" };
        lines.push(format!("  Introduction offered to {} ({}{new})", p.name.full, p.id.short()));
    }
    if ledger.opening_close == Some(OpeningClose::Considering) {
        lines.push(
            "  They will think about the referral. That is recorded, and rapport will not remind you to chase it."
                .into(),
        );
    }
    if let Some(r) = thank_you {
        lines.push(format!(
            "Next: your thank-you, by {} (`rapport thanks \"{}\"`).",
            when::show(r.due_at, &tz),
            done.person.name.full
        ));
    }
    output::print(&lines.join("\n"))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A clue typed as `kind: text`.
fn clue(raw: &str) -> anyhow::Result<Clue> {
    let Some((kind, text)) = raw.split_once(':') else {
        anyhow::bail!("--clue `{raw}`: start with its kind, e.g. \"trends: budgets are moving to cleanup work\"");
    };
    let tiara = match kind.trim().to_lowercase().as_str() {
        "t" | "trend" | "trends" => Tiara::Trends,
        "i" | "insight" | "insights" => Tiara::Insights,
        "advice" => Tiara::Advice,
        "r" | "resource" | "resources" => Tiara::Resources,
        "assignment" | "assignments" => Tiara::Assignments,
        "a" => anyhow::bail!("--clue `{raw}`: A is advice or assignments; write advice: or assignments:"),
        other => anyhow::bail!(
            "--clue `{raw}`: `{other}` is not a TIARA kind; use trends, insights, advice, resources or assignments"
        ),
    };
    Ok(Clue::new(tiara, text)?)
}

/// A promise typed as `text @ date` (the spaces around the @ keep email addresses whole).
fn promise<S: rapport_store::Store>(
    raw: &str,
    ctx: &rapport_core::Ctx<'_, S>,
    tz: &jiff::tz::TimeZone,
) -> anyhow::Result<(String, Option<Date>)> {
    match raw.rsplit_once(" @ ") {
        Some((text, date)) if !text.trim().is_empty() => {
            let due = when::parse(date, ctx.now, tz).with_context(|| format!("the due date of `{raw}`"))?;
            Ok((text.trim().to_string(), Some(due.to_zoned_datetime(tz.clone()).date())))
        }
        _ => Ok((raw.trim().to_string(), None)),
    }
}

/// Someone named on the command line: an existing person by id or email, else a name.
fn named<S: rapport_store::Store>(ctx: &rapport_core::Ctx<'_, S>, text: &str) -> anyhow::Result<Named> {
    let looks_like_a_key = text.contains('@') || text.parse::<rapport_domain::ids::PersonId>().is_ok();
    if looks_like_a_key {
        return Ok(Named::Existing(people::resolve(ctx, text)?));
    }
    Ok(Named::Name(text.trim().to_string()))
}

/// `11.50` as 1150 minor units.
fn minor_units(raw: &str) -> anyhow::Result<u32> {
    let bad = || anyhow::anyhow!("--amount `{raw}`: write the amount like 11.50");
    let (whole, fraction) = raw.trim().split_once('.').unwrap_or((raw.trim(), ""));
    if fraction.len() > 2 || !whole.chars().all(|c| c.is_ascii_digit()) || !fraction.chars().all(|c| c.is_ascii_digit())
    {
        return Err(bad());
    }
    let whole: u32 = whole.parse().map_err(|_| bad())?;
    let cents: u32 = format!("{fraction:0<2}").parse().map_err(|_| bad())?;
    whole.checked_mul(100).and_then(|w| w.checked_add(cents)).ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clues_amounts_and_promises_parse_or_say_why_not() {
        assert_eq!(clue("T: teams consolidate dashboards").unwrap().tiara, Tiara::Trends);
        assert_eq!(clue("advice: build one project").unwrap().tiara, Tiara::Advice);
        assert!(clue("a: ambiguous").unwrap_err().to_string().contains("advice: or assignments:"));
        assert!(clue("no kind here").is_err());
        assert_eq!(minor_units("11.5").unwrap(), 1150);
        assert_eq!(minor_units("7").unwrap(), 700);
        assert!(minor_units("1.234").is_err() && minor_units("-3").is_err() && minor_units("99999999").is_err());
    }
}
