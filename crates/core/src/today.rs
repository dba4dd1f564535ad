//! `today`: what to do now, most urgent first, in three groups: what is overdue, what is for
//! today, and what is coming up soon. Each line says what to do, for whom, and why now (the
//! words the reminder engine wrote). The per-person reminders are read from the store, where
//! they are kept materialized; the list-level ones (the short-list prompt, R1, and the weekly
//! review, R23) are worked out here.

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use rapport_domain::calendar::Calendar;
use rapport_domain::interactions::Direction;
use rapport_domain::people::Segment;
use rapport_domain::reminders::{
    Reminder, ReminderStatus, WeeklyReview, apply_decisions, list_under_40, weekly_review,
};
use rapport_store::{DuePage, DueQuery, OrganizationFilter, Page, Reader, Store};

use crate::{CoreResult, Ctx, reminders};

/// How much `today` shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TodayOptions {
    /// "Coming up soon" looks this many days past today.
    pub days_ahead: u32,
    /// At most this many lines per group (the counts always cover everything).
    pub limit: u32,
}

impl Default for TodayOptions {
    fn default() -> Self {
        Self { days_ahead: 7, limit: 20 }
    }
}

/// One thing to do, and where it stands now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub reminder: Reminder,
    pub status: ReminderStatus,
}

/// A group of things to do, most urgent first, and how many there are in all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Group {
    pub items: Vec<Item>,
    pub total: u64,
    /// True when there are more than could be counted: `total` is then a lower bound.
    pub capped: bool,
}

/// The day's agenda.
#[derive(Clone, Debug)]
pub struct Today {
    pub now: Timestamp,
    /// The seeker's calendar, for showing times in their zone.
    pub calendar: Calendar,
    /// Past their deadline (and escalated ones first).
    pub overdue: Group,
    /// Due or open now, or opening later today.
    pub today: Group,
    /// Opening in the next days.
    pub soon: Group,
}

/// Works out the agenda at `ctx.now`.
pub fn today<S: Store>(ctx: &Ctx<'_, S>, options: TodayOptions) -> CoreResult<Today> {
    let now = ctx.now;
    ctx.store.read(|r| {
        let context = reminders::context(r, ctx.owner)?;
        let calendar = context.calendar;
        let today = calendar.local_date(now);
        let end_of_today = calendar.local_time(plus_days(today, 1), 0, 0);
        let horizon = calendar.local_time(plus_days(today, 1 + i64::from(options.days_ahead)), 0, 0);
        let limit = options.limit;

        let overdue = r.due_reminders(ctx.owner, &DueQuery::late(now, limit))?;
        let current = r.due_reminders(ctx.owner, &DueQuery::opening(now, None, end_of_today, limit))?;
        let soon = r.due_reminders(ctx.owner, &DueQuery::opening(now, Some(end_of_today), horizon, limit))?;

        // List-level reminders: the short-list prompt while the list is under 40, and the
        // weekly review, both after the seeker's decisions.
        let employers = r.organizations(ctx.owner, &OrganizationFilter::default(), Page::first(40))?.len();
        let mut list_level: Vec<Reminder> = list_under_40(employers, today, &calendar).into_iter().collect();
        let review = review_numbers(r, ctx, &calendar, today, overdue.total)?;
        list_level.push(weekly_review(today, &review, &calendar));
        let decisions = r.reminder_decisions(ctx.owner, None)?;
        let list_level = apply_decisions(list_level, &decisions);

        let mut groups = [group(overdue, now), group(current, now), group(soon, now)];
        for reminder in list_level {
            let status = reminder.status(now);
            let slot = match status {
                ReminderStatus::Expired => continue,
                ReminderStatus::Escalated | ReminderStatus::Overdue => 0,
                ReminderStatus::Due | ReminderStatus::Open => 1,
                ReminderStatus::Upcoming if reminder.opens_at < end_of_today => 1,
                ReminderStatus::Upcoming if reminder.opens_at < horizon => 2,
                ReminderStatus::Upcoming => continue,
            };
            groups[slot].items.push(Item { reminder, status });
            groups[slot].total += 1;
        }
        for g in &mut groups {
            g.items.sort_by(|a, b| {
                a.status
                    .cmp(&b.status)
                    .then(a.reminder.priority.cmp(&b.reminder.priority))
                    .then(a.reminder.due_at.cmp(&b.reminder.due_at))
                    .then(a.reminder.key.cmp(&b.reminder.key))
            });
            g.items.truncate(limit as usize);
        }
        let [overdue, today, soon] = groups;
        Ok(Today { now, calendar, overdue, today, soon })
    })
}

fn group(page: DuePage, now: Timestamp) -> Group {
    let items = page.reminders.into_iter().map(|reminder| Item { status: reminder.status(now), reminder }).collect();
    Group { items, total: page.total, capped: page.capped }
}

/// The weekly review's numbers for the week of `today`: meetings held, Boosters found (people
/// who answered this week and count as Boosters), and what is overdue.
fn review_numbers<R: Reader, S>(
    r: &R,
    ctx: &Ctx<'_, S>,
    calendar: &Calendar,
    today: Date,
    overdue: u64,
) -> CoreResult<WeeklyReview> {
    let monday = plus_days(today, -i64::from(today.weekday().to_monday_zero_offset()));
    let from = calendar.local_time(monday, 0, 0);
    let to = calendar.local_time(plus_days(monday, 7), 0, 0);
    let held = r.meetings_held_between(ctx.owner, from, to.min(ctx.now))?;
    let mut answered: Vec<_> = r
        .interactions_between(ctx.owner, from, to.min(ctx.now + SignedDuration::from_secs(1)))?
        .into_iter()
        .filter(|i| i.direction == Direction::Inbound)
        .map(|i| i.person_id)
        .collect();
    answered.sort();
    answered.dedup();
    let boosters = if answered.is_empty() {
        0
    } else {
        r.people_by_ids(ctx.owner, &answered)?.iter().filter(|p| p.segment == Segment::Booster).count()
    };
    Ok(WeeklyReview {
        informationals_held: u32::try_from(held).unwrap_or(u32::MAX),
        boosters_found: u32::try_from(boosters).unwrap_or(u32::MAX),
        overdue_actions: u32::try_from(overdue).unwrap_or(u32::MAX),
    })
}

/// `date` moved by `days` calendar days, stopping at the ends of the supported range.
fn plus_days(date: Date, days: i64) -> Date {
    // Ten thousand years either way covers every date jiff supports.
    let days = days.clamp(-3_660_000, 3_660_000);
    date.saturating_add(SignedDuration::from_hours(days * 24))
}
