//! The reminder engine (§4.9) and keep-in-touch cadence (§4.10).
//!
//! Reminders are derived from records, never stored. [`derive()`] reads one person's
//! [`Dossier`] and returns what the method asks the seeker to do about them, each with a stable
//! key built from the rule and the records that caused it (`r4:<interaction id>`), so the
//! seeker's decisions (done, snoozed, dismissed) survive recomputation and an edit to a record
//! moves its reminders with it. Nothing here reads the clock: [`Reminder::status`] takes `now`
//! and says whether a reminder is upcoming, due, overdue, escalated or expired.
//!
//! Suppression (MUST): nothing for a do-not-contact or trashed person; at most three
//! unprompted messages (sent or reminded) to one person in any 30 days, later ones wait; no
//! referral chaser after "let me think"; one nudge for a promised introduction, then silence.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Span, Timestamp};

use crate::ValidationError;
use crate::calendar::{Calendar, plus_days};
use crate::dossier::History;
use crate::ids::PersonId;
use crate::interactions::InteractionKind;
use crate::introductions::IntroState;
use crate::meetings::{GiftKind, Meeting, MeetingMode, MeetingStatus, OpeningClose, Party, Tiara};
use crate::openings::{Opening, OpeningStatus};
use crate::people::{Frequency, Person, Segment, Tie, Tier};
use crate::pipeline::{LoopState, ReferralState, Stage, segment_for_reply};
use crate::profile::Settings;
use crate::word_enum;

pub use crate::dossier::{Dossier, Milestone, MilestoneKind, OutreachCycle};

/// How long the unprompted-message cap looks back.
const CAP_WINDOW: SignedDuration = SignedDuration::from_hours(30 * 24);
/// How many unprompted messages one person gets in that window.
const CAP_COUNT: usize = 3;

/// What the rules need beyond one person's records: the seeker's calendar and where their
/// search stands.
#[derive(Clone, Debug)]
pub struct Context {
    pub calendar: Calendar,
    /// False once the seeker has landed: tier A slows to every 90 days.
    pub search_active: bool,
    /// When the seeker accepted a job, if they have: everyone who helped should hear (R22).
    pub accepted_at: Option<Timestamp>,
}

impl Context {
    /// An active search on `calendar`.
    pub fn new(calendar: Calendar) -> Self {
        Self { calendar, search_active: true, accepted_at: None }
    }

    /// The context of a seeker's settings; `time_zone` is resolved from
    /// `settings.time_zone` by the caller.
    pub fn from_settings(time_zone: TimeZone, settings: &Settings) -> Result<Self, ValidationError> {
        Ok(Self {
            calendar: Calendar::from_settings(time_zone, settings)?,
            search_active: settings.search_active,
            accepted_at: None,
        })
    }
}

word_enum! {
    /// The rules of the reminder catalog (§4.9).
    pub enum Rule ("reminder rule") {
        /// The employer list is under 40.
        R1 = "r1",
        /// An active employer has no contacted contact (built with the target list).
        R2 = "r2",
        /// 3 business days without a reply: write to a second person there.
        R3 = "r3",
        /// 7 business days without a reply: the one follow-up.
        R4 = "r4",
        /// 3 business days of silence after the follow-up: no response.
        R5 = "r5",
        /// They replied: answer with times.
        R6 = "r6",
        /// Two business days before a meeting: prepare.
        R7 = "r7",
        /// The day before a meeting: confirm.
        R8 = "r8",
        /// The morning of a coffee meeting: the seeker pays.
        R9 = "r9",
        /// An hour after a meeting: debrief.
        R10 = "r10",
        /// Within 24 hours of a meeting: thank-you.
        R11 = "r11",
        /// A promise the seeker made falls due.
        R12 = "r12",
        /// An introduction they offered is still pending: one nudge.
        R13 = "r13",
        /// The seeker acted on their advice: close the loop.
        R14 = "r14",
        /// Two weeks after a meeting: did the advice help?
        R15 = "r15",
        /// Five business days after a meeting with an opening: the deferred referral ask.
        R16 = "r16",
        /// They referred or introduced the seeker: thank them.
        R17 = "r17",
        /// An opening they referred moved, or 14 days passed: update them.
        R18 = "r18",
        /// Keep in touch by tier.
        R19 = "r19",
        /// News about them: congratulate.
        R20 = "r20",
        /// Dormant for three years: reconnect.
        R21 = "r21",
        /// The seeker accepted a job: tell everyone who helped.
        R22 = "r22",
        /// The weekly review.
        R23 = "r23",
    }
}

impl Rule {
    /// True for reminders to write to a person unprompted; at most three of these (sent or
    /// reminded) go to one person in 30 days.
    pub fn is_unprompted(self) -> bool {
        matches!(self, Rule::R4 | Rule::R13 | Rule::R15 | Rule::R16 | Rule::R19 | Rule::R20 | Rule::R21)
    }
}

word_enum! {
    /// How much a reminder matters. Sorting ascending puts the most urgent first.
    pub enum Priority ("priority") {
        Urgent = "urgent",
        High = "high",
        Medium = "medium",
        Low = "low",
    }
}

word_enum! {
    /// Where a reminder stands at a given moment. Sorting ascending puts the most pressing
    /// first.
    pub enum ReminderStatus ("reminder status") {
        /// Past the point where the method says it is late in earnest (a thank-you at 48 h).
        Escalated = "escalated",
        /// Past its deadline.
        Overdue = "overdue",
        /// Due now.
        Due = "due",
        /// Showing, with its deadline still ahead (a thank-you in the first 24 h).
        Open = "open",
        /// Not showing yet.
        Upcoming = "upcoming",
        /// Its moment has passed (a prep reminder once the meeting started).
        Expired = "expired",
    }
}

/// Something the method asks the seeker to do, derived from their records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reminder {
    /// Stable across recomputation: the rule and the ids (or times) of the records behind it.
    pub key: String,
    pub rule: Rule,
    /// `None` for list-level reminders (R1, R23).
    pub person_id: Option<PersonId>,
    /// When it starts to show.
    pub opens_at: Timestamp,
    /// When it falls due: 08:00 local on the due business day, or the rule's own moment
    /// (meeting end + 24 h for a thank-you).
    pub due_at: Timestamp,
    /// When it is late.
    pub overdue_at: Timestamp,
    /// When it turns red, for rules that escalate.
    pub escalate_at: Option<Timestamp>,
    /// When it stops making sense (a prep reminder once the meeting starts).
    pub expires_at: Option<Timestamp>,
    pub priority: Priority,
    /// What to do, as an imperative sentence.
    pub what: String,
    /// For whom: the person's name, or the list it is about.
    pub who: String,
    /// Why now, in a sentence or two.
    pub why: String,
}

impl Reminder {
    /// Where this reminder stands at `now`.
    pub fn status(&self, now: Timestamp) -> ReminderStatus {
        if self.expires_at.is_some_and(|t| now >= t) {
            ReminderStatus::Expired
        } else if now < self.opens_at {
            ReminderStatus::Upcoming
        } else if now < self.due_at {
            ReminderStatus::Open
        } else if now < self.overdue_at {
            ReminderStatus::Due
        } else if self.escalate_at.is_none_or(|t| now < t) {
            ReminderStatus::Overdue
        } else {
            ReminderStatus::Escalated
        }
    }

    /// Moves the reminder `delta` later; its expiry stays where it is.
    fn postpone(&mut self, delta: SignedDuration) {
        self.opens_at = shifted(self.opens_at, delta);
        self.due_at = shifted(self.due_at, delta);
        self.overdue_at = shifted(self.overdue_at, delta);
        self.escalate_at = self.escalate_at.map(|t| shifted(t, delta));
    }
}

/// The reminders showing at `now` (not upcoming, not expired), most pressing first: by
/// status, then priority, then due time.
pub fn agenda(reminders: &[Reminder], now: Timestamp) -> Vec<(&Reminder, ReminderStatus)> {
    let mut showing: Vec<(&Reminder, ReminderStatus)> = reminders
        .iter()
        .map(|r| (r, r.status(now)))
        .filter(|(_, s)| !matches!(s, ReminderStatus::Upcoming | ReminderStatus::Expired))
        .collect();
    showing.sort_by(|(a, sa), (b, sb)| {
        sa.cmp(sb).then(a.priority.cmp(&b.priority)).then(a.due_at.cmp(&b.due_at)).then(a.key.cmp(&b.key))
    });
    showing
}

/// What the seeker decided about a reminder, kept by its key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReminderDecision {
    pub key: String,
    pub action: DecisionAction,
    pub decided_at: Timestamp,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecisionAction {
    /// Done: it disappears.
    Done,
    /// Hidden until `until`; deadlines do not move, so it may come back overdue.
    Snoozed { until: Timestamp },
    /// Not wanted: it disappears.
    Dismissed,
}

/// Applies the seeker's decisions to derived reminders: done and dismissed ones disappear,
/// snoozed ones reopen at their snooze time. When one key has several decisions, the latest
/// counts.
pub fn apply_decisions(reminders: Vec<Reminder>, decisions: &[ReminderDecision]) -> Vec<Reminder> {
    let latest = latest_decisions(decisions);
    reminders.into_iter().filter_map(|r| decide(r, &latest)).collect()
}

fn latest_decisions(decisions: &[ReminderDecision]) -> HashMap<&str, &ReminderDecision> {
    let mut latest: HashMap<&str, &ReminderDecision> = HashMap::with_capacity(decisions.len());
    for d in decisions {
        latest
            .entry(d.key.as_str())
            .and_modify(|e| {
                if d.decided_at >= e.decided_at {
                    *e = d;
                }
            })
            .or_insert(d);
    }
    latest
}

fn decide(mut reminder: Reminder, latest: &HashMap<&str, &ReminderDecision>) -> Option<Reminder> {
    match latest.get(reminder.key.as_str()).map(|d| d.action) {
        None => Some(reminder),
        Some(DecisionAction::Done | DecisionAction::Dismissed) => None,
        Some(DecisionAction::Snoozed { until }) => {
            reminder.opens_at = reminder.opens_at.max(until);
            reminder.due_at = reminder.due_at.max(until);
            reminder.overdue_at = reminder.overdue_at.max(until);
            reminder.escalate_at = reminder.escalate_at.map(|t| t.max(until));
            Some(reminder)
        }
    }
}

/// A person's keep-in-touch standing (§4.10).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EffectiveTier {
    Tier(Tier),
    /// Demoted past tier C by unanswered check-ins, or marked dormant.
    Dormant,
}

/// The tier a person's keep-in-touch cadence runs on: their stored tier (tier A for a
/// thanked person without one), one tier lower for every two check-ins in a row that went
/// unanswered, and dormant past tier C. A real two-way contact resets the count. `None` for
/// someone not in the active network.
pub fn effective_tier(dossier: &Dossier) -> Option<EffectiveTier> {
    effective_tier_with(dossier, &History::of(dossier))
}

fn effective_tier_with(dossier: &Dossier, history: &History) -> Option<EffectiveTier> {
    let person = &dossier.person;
    if person.stage == Stage::Dormant {
        return Some(EffectiveTier::Dormant);
    }
    let mut tier = starting_tier(person)?;
    for _ in 0..history.unanswered_check_ins / 2 {
        match tier.demoted() {
            Some(lower) => tier = lower,
            None => return Some(EffectiveTier::Dormant),
        }
    }
    Some(EffectiveTier::Tier(tier))
}

/// The tier a person's keep-in-touch cadence starts from: their stored tier, or tier A for a
/// thanked person (or one in the active network) the seeker has not given one. `None` for
/// someone not in the active network without a tier.
pub fn starting_tier(person: &Person) -> Option<Tier> {
    person.tier.or_else(|| matches!(person.stage, Stage::Thanked | Stage::ActiveNetwork).then_some(Tier::A))
}

/// Days between check-ins for a tier: A every 30 days while the search is active and 90
/// after, B every 90, C every 150.
pub fn cadence_days(tier: Tier, search_active: bool) -> u32 {
    match tier {
        Tier::A if !search_active => 90,
        _ => tier.cadence_days(),
    }
}

/// The tie strength of §4.3 (0–1) from the parts the seeker rated; R21 reconnects dormant
/// ties of at least 0.3.
fn tie_strength(tie: &Tie) -> f64 {
    let frequency = match tie.frequency {
        Frequency::Often => 1.0,
        Frequency::Monthly => 0.6,
        Frequency::Occasionally => 0.4,
        Frequency::Rarely => 0.1,
        Frequency::Never => 0.0,
    };
    0.35 * f64::from(tie.closeness.min(4)) / 4.0
        + 0.25 * frequency
        + 0.15 * f64::from(tie.years_known.min(10)) / 10.0
        + 0.15 * f64::from(tie.reciprocity.min(3)) / 3.0
        + 0.10 * f64::from(tie.shared_contexts.min(3)) / 3.0
}

/// Every per-person reminder (R3–R22) the records call for, soonest first.
pub fn derive(dossier: &Dossier, context: &Context) -> Vec<Reminder> {
    derive_with_decisions(dossier, context, &[])
}

/// [`derive()`], then the seeker's decisions. Done and dismissed reminders leave the 30-day cap
/// before it is counted (a reminder marked done counts as a message sent when it was marked),
/// so this is what the store should materialize.
pub fn derive_with_decisions(dossier: &Dossier, context: &Context, decisions: &[ReminderDecision]) -> Vec<Reminder> {
    let person = &dossier.person;
    if person.do_not_contact || person.stage == Stage::DoNotContact || person.deleted_at.is_some() {
        return Vec::new();
    }
    let history = History::of(dossier);
    let mut engine = Engine { dossier, context, calendar: &context.calendar, history, out: Vec::new() };
    engine.run();
    let Engine { history, mut out, .. } = engine;
    // The same record given twice (two identical milestones) yields one reminder.
    let mut seen = HashSet::with_capacity(out.len());
    out.retain(|r| seen.insert(r.key.clone()));

    let latest = latest_decisions(decisions);
    let mut sends = history.unprompted_sends;
    let mut kept = Vec::with_capacity(out.len());
    for reminder in out {
        match latest.get(reminder.key.as_str()).map(|d| (d.action, d.decided_at)) {
            Some((DecisionAction::Done, at)) => {
                if reminder.rule.is_unprompted() {
                    sends.push(at);
                }
            }
            Some((DecisionAction::Dismissed, _)) => {}
            _ => kept.push(reminder),
        }
    }
    sends.sort_unstable();
    let capped = cap_unprompted(kept, sends, &context.calendar);
    let mut decided: Vec<Reminder> = capped.into_iter().filter_map(|r| decide(r, &latest)).collect();
    decided.sort_by(|a, b| a.due_at.cmp(&b.due_at).then(a.key.cmp(&b.key)));
    decided
}

/// At most three unprompted messages to one person in any 30 days. Unprompted reminders are
/// placed in time order; one whose 30 days before it already hold three messages (sent, or
/// reminded earlier) waits until the oldest of them leaves that window, to the reminder hour
/// of the next business day. One that would wait past its expiry is dropped.
fn cap_unprompted(reminders: Vec<Reminder>, mut sends: Vec<Timestamp>, calendar: &Calendar) -> Vec<Reminder> {
    let (mut unprompted, mut out): (Vec<Reminder>, Vec<Reminder>) =
        reminders.into_iter().partition(|r| r.rule.is_unprompted());
    unprompted.sort_by(|a, b| a.due_at.cmp(&b.due_at).then(a.key.cmp(&b.key)));
    let mut queue: BinaryHeap<Reverse<(Timestamp, usize)>> =
        unprompted.iter().enumerate().map(|(index, r)| Reverse((r.due_at, index))).collect();
    let mut waiting: Vec<Option<Reminder>> = unprompted.into_iter().map(Some).collect();
    // Every wait moves a reminder past one more message for good, so the loop ends.
    while let Some(Reverse((at, index))) = queue.pop() {
        let end = sends.partition_point(|t| *t <= at);
        let start = sends.partition_point(|t| *t <= shifted(at, -CAP_WINDOW));
        if end - start >= CAP_COUNT {
            // `start < end <= sends.len()` here, so the index is in range.
            let free = shifted(sends[start], CAP_WINDOW);
            queue.push(Reverse((next_reminder_time(calendar, free), index)));
            continue;
        }
        let Some(mut reminder) = waiting.get_mut(index).and_then(Option::take) else { continue };
        if at > reminder.due_at {
            if reminder.expires_at.is_some_and(|e| e <= at) {
                continue;
            }
            reminder.postpone(at.duration_since(reminder.due_at));
        }
        sends.insert(end, at);
        out.push(reminder);
    }
    out
}

/// R1: while the employer list is under 40, a weekly prompt to add more. `today` picks the
/// week; the key changes weekly so dismissing it lasts a week.
pub fn list_under_40(employers: usize, today: Date, calendar: &Calendar) -> Option<Reminder> {
    const MINIMUM: usize = 40;
    if employers >= MINIMUM {
        return None;
    }
    let missing = MINIMUM - employers;
    let week = today.iso_week_date();
    let monday = plus_days(today, -i64::from(today.weekday().to_monday_zero_offset()));
    let due = calendar.reminder_at(calendar.business_day_on_or_after(monday));
    let next_week = calendar.reminder_at(plus_days(monday, 7));
    Some(Reminder {
        key: format!("r1:{}-w{:02}", week.year(), week.week()),
        rule: Rule::R1,
        person_id: None,
        opens_at: due,
        due_at: due,
        overdue_at: next_week,
        escalate_at: None,
        expires_at: None,
        priority: Priority::Low,
        what: format!(
            "Add {missing} more employer{} to your list: ten minutes each on dream employers, alumni and other \
             affinities, current postings, and trends",
            plural(missing)
        ),
        who: "your employer list".to_string(),
        why: format!(
            "It holds {employers}; with 40 or more, the top five are worth your time. A short list is fine to \
             start with, so keep going."
        ),
    })
}

/// The numbers the weekly review shows (R23).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WeeklyReview {
    pub informationals_held: u32,
    pub boosters_found: u32,
    pub overdue_actions: u32,
}

/// R23: the weekly review, due on the last business day of the week of `week_of`.
pub fn weekly_review(week_of: Date, review: &WeeklyReview, calendar: &Calendar) -> Reminder {
    let week = week_of.iso_week_date();
    let monday = plus_days(week_of, -i64::from(week_of.weekday().to_monday_zero_offset()));
    let saturday = plus_days(monday, 5);
    let last_business_day = calendar.sub_business_days(saturday, 1).max(monday);
    let due = calendar.reminder_at(last_business_day);
    let overdue = calendar.reminder_at(calendar.next_business_day(last_business_day));
    let overdue_words = match review.overdue_actions {
        0 => "nothing overdue".to_string(),
        n => format!("{n} overdue action{}", plural(n as usize)),
    };
    Reminder {
        key: format!("r23:{}-w{:02}", week.year(), week.week()),
        rule: Rule::R23,
        person_id: None,
        opens_at: due,
        due_at: due,
        overdue_at: overdue,
        escalate_at: None,
        expires_at: None,
        priority: Priority::Low,
        what: "Look back on your week".to_string(),
        who: "your search".to_string(),
        why: format!(
            "This week: {} informational{} held, {} Booster{} found, {overdue_words}.",
            review.informationals_held,
            plural(review.informationals_held as usize),
            review.boosters_found,
            plural(review.boosters_found as usize),
        ),
    }
}

struct Engine<'a> {
    dossier: &'a Dossier,
    context: &'a Context,
    calendar: &'a Calendar,
    history: History,
    out: Vec<Reminder>,
}

impl<'a> Engine<'a> {
    fn run(&mut self) {
        self.first_contact();
        self.reply();
        for meeting in self.dossier.kept_meetings() {
            self.before_meeting(meeting);
            self.after_meeting(meeting);
        }
        self.introductions();
        self.advice();
        self.referral_ask();
        for opening in self.openings() {
            self.referral(opening);
        }
        self.keep_in_touch();
        self.milestones();
        self.landed();
    }

    fn name(&self) -> &str {
        &self.dossier.person.name.full
    }

    fn day(&self, date: Date) -> String {
        self.calendar.day_words(date)
    }

    fn day_of(&self, at: Timestamp) -> String {
        self.day(self.calendar.local_date(at))
    }

    /// True unless the person said no, is on hold, went quiet or dormant: then nothing chases.
    fn chasing_allowed(&self) -> bool {
        !matches!(self.dossier.person.stage, Stage::Declined | Stage::Hold | Stage::NoResponse | Stage::Dormant)
    }

    fn openings(&self) -> impl Iterator<Item = &'a Opening> + use<'a> {
        let dossier: &'a Dossier = self.dossier;
        let id = dossier.person.id;
        dossier.openings.iter().filter(move |o| o.referrer_id == Some(id) && o.deleted_at.is_none())
    }

    /// A reminder for the business day `date`: due at the reminder hour, late from the next
    /// business day.
    fn on_day(&self, rule: Rule, key: String, date: Date, priority: Priority) -> Reminder {
        let due = self.calendar.reminder_at(date);
        let overdue = self.calendar.reminder_at(self.calendar.next_business_day(date));
        self.at(rule, key, due, due, overdue, priority)
    }

    fn at(
        &self,
        rule: Rule,
        key: String,
        opens_at: Timestamp,
        due_at: Timestamp,
        overdue_at: Timestamp,
        priority: Priority,
    ) -> Reminder {
        Reminder {
            key,
            rule,
            person_id: Some(self.dossier.person.id),
            opens_at,
            due_at,
            overdue_at,
            escalate_at: None,
            expires_at: None,
            priority,
            what: String::new(),
            who: self.name().to_string(),
            why: String::new(),
        }
    }

    fn push(&mut self, mut reminder: Reminder, what: String, why: String) {
        reminder.what = what;
        reminder.why = why;
        self.out.push(reminder);
    }

    /// R3, R4, R5: the 3B7 routine on the current outreach cycle.
    fn first_contact(&mut self) {
        if !matches!(self.dossier.person.stage, Stage::Identified | Stage::Contacted | Stage::FollowedUp) {
            return;
        }
        let Some(cycle) = self.history.cycle.clone() else { return };
        if cycle.is_answered() {
            return;
        }
        let anchor = self.calendar.anchor(cycle.outreach_at);
        let sent = self.day_of(cycle.outreach_at);
        if self.dossier.person.organization_id.is_some() {
            let day = self.calendar.add_business_days(anchor, 3);
            let r = self.on_day(Rule::R3, format!("r3:{}", cycle.outreach_id), day, Priority::High);
            let what = "Write to a second person at their employer".to_string();
            let why = format!(
                "{} has not replied to your email of {sent}. Start a new contact there now: a new person, not a \
                 follow-up.",
                self.name()
            );
            self.push(r, what, why);
        }
        match (cycle.first_follow_up(), cycle.first_follow_up_id) {
            (Some(follow_up), Some(follow_up_id)) => {
                let day = self.calendar.business_days_after(follow_up, 3);
                let r = self.on_day(Rule::R5, format!("r5:{follow_up_id}"), day, Priority::Medium);
                let what = format!("Mark {} as no response and start a third contact at their employer", self.name());
                let why = format!(
                    "Three business days since your follow-up of {} and still silent. That is the funnel working, \
                     not a judgement of you; move on.",
                    self.day_of(follow_up)
                );
                self.push(r, what, why);
            }
            _ => {
                let day = self.calendar.add_business_days(anchor, 7);
                let r = self.on_day(Rule::R4, format!("r4:{}", cycle.outreach_id), day, Priority::High);
                let what = format!("Send {} your one follow-up", self.name());
                let why = format!(
                    "Seven business days since your email of {sent} without a reply. Keep it short, in the same \
                     thread, with your request as a question; there is no second one."
                );
                self.push(r, what, why);
            }
        }
    }

    /// R6: they wrote and the seeker has not answered, before any meeting is set.
    fn reply(&mut self) {
        let dossier = self.dossier;
        if dossier.has_met() || matches!(dossier.person.stage, Stage::Declined | Stage::Hold) {
            return;
        }
        let inbound = self.history.latest_inbound;
        if let Some((at, id, kind)) = inbound {
            let answered = self.history.latest_outbound_any.is_some_and(|o| o >= at)
                || dossier.kept_meetings().any(|m| m.created_at >= at || m.scheduled_at >= at);
            if answered {
                return;
            }
            let booster = dossier.person.segment == Segment::Booster
                || (!dossier.person.segment_manual
                    && self.history.cycle.as_ref().is_some_and(|c| {
                        at >= c.outreach_at && segment_for_reply(self.calendar, c.outreach_at, at) == Segment::Booster
                    }));
            let mut r = self.at(
                Rule::R6,
                format!("r6:{id}"),
                at,
                shifted(at, SignedDuration::from_hours(24)),
                shifted(at, SignedDuration::from_hours(24)),
                Priority::Urgent,
            );
            r.escalate_at = Some(shifted(at, SignedDuration::from_hours(48)));
            let what = if kind == InteractionKind::IntroReceived {
                format!(
                    "Answer the introduction to {}: thank the introducer, move them to BCC, offer 2–3 times",
                    self.name()
                )
            } else if booster {
                format!("Answer {} today with 2–3 specific times", self.name())
            } else {
                format!("Answer {} with 2–3 specific times", self.name())
            };
            let why = if booster {
                format!(
                    "They answered on {} within three business days: a Booster. Reply within 24 hours and offer \
                     times in the next two weeks.",
                    self.day_of(at)
                )
            } else {
                format!(
                    "They wrote on {}. Reply within 24 hours and offer times in the next two weeks, so choosing \
                     is easy.",
                    self.day_of(at)
                )
            };
            self.push(r, what, why);
            return;
        }
        // An introduction that reached the seeker but is not on the timeline yet.
        let person_id = dossier.person.id;
        let pending = dossier
            .introductions
            .iter()
            .filter(|i| i.introduced_id == person_id && i.state == IntroState::Received)
            .filter(|i| self.history.latest_outbound_any.is_none_or(|o| o < i.state_changed_at))
            .max_by_key(|i| (i.state_changed_at, i.id));
        if let Some(intro) = pending {
            let at = intro.state_changed_at;
            let day = shifted(at, SignedDuration::from_hours(24));
            let mut r = self.at(Rule::R6, format!("r6:intro:{}", intro.id), at, day, day, Priority::Urgent);
            r.escalate_at = Some(shifted(at, SignedDuration::from_hours(48)));
            let what = format!(
                "Answer the introduction to {}: thank the introducer, move them to BCC, offer 2–3 times",
                self.name()
            );
            let why = format!("The introduction arrived on {}; answer within 24 hours.", self.day_of(at));
            self.push(r, what, why);
        }
    }

    /// R7, R8, R9: preparing for a scheduled meeting.
    fn before_meeting(&mut self, meeting: &Meeting) {
        if meeting.status != MeetingStatus::Scheduled {
            return;
        }
        let start = meeting.scheduled_at;
        let end = meeting.scheduled_end();
        let date = self.calendar.local_date(start);
        let when = self.calendar.moment_words(start);

        let prep_day = self.calendar.sub_business_days(date, 2);
        let due = self.calendar.reminder_at(prep_day).min(start);
        let overdue = self.calendar.reminder_at(self.calendar.next_business_day(prep_day)).min(start);
        let mut r = self.at(Rule::R7, format!("r7:{}", meeting.id), due, due, overdue, Priority::High);
        r.expires_at = Some(start);
        let what = format!("Prepare for your meeting with {}", self.name());
        let why = format!(
            "You meet on {when}. Read up on them, their company and the economy around it; fill in the help map \
             (people, skills, recruiters); pick 5–10 questions; have your short story ready{}.",
            if meeting.opening_id.is_some() { "; bring the job description" } else { "" }
        );
        self.push(r, what, why);

        let day_before = plus_days(date, -1);
        let due = self.calendar.reminder_at(day_before).min(start);
        let overdue = self.calendar.reminder_at(date).min(start).max(due);
        let mut r = self.at(Rule::R8, format!("r8:{}", meeting.id), due, due, overdue, Priority::Medium);
        r.expires_at = Some(start);
        let what = format!("Send {} a short confirmation", self.name());
        let why = format!("You meet on {when}. One or two lines: the time, the place or link, and thanks.");
        self.push(r, what, why);

        if meeting.mode == MeetingMode::Coffee {
            let due = self.calendar.reminder_at(date).min(start);
            let mut r = self.at(Rule::R9, format!("r9:{}", meeting.id), due, due, start, Priority::Medium);
            r.expires_at = Some(end);
            let what = format!("You pay for the coffee with {}", self.name());
            let why = format!(
                "Coffee today at {}. Bring a card, offer to pay more than once if they reach for it, and never \
                 split the bill.",
                self.calendar.time_words(start)
            );
            self.push(r, what, why);
        }
    }

    /// R10, R11, R12: after a meeting (held, or scheduled and over).
    fn after_meeting(&mut self, meeting: &Meeting) {
        let end = meeting.scheduled_end();
        let ledger = &meeting.ledger;
        let debriefed = ledger.debriefed_at.is_some()
            || !ledger.clues.is_empty()
            || !ledger.gifts.is_empty()
            || !ledger.promises.is_empty();
        if !debriefed {
            let due = shifted(end, SignedDuration::from_hours(1));
            let r = self.at(Rule::R10, format!("r10:{}", meeting.id), end, due, due, Priority::High);
            let what = format!("Write down what you took away from {}", self.name());
            let why = "Within an hour of the meeting, while it is fresh: the clues (tagged T, I, A, R or A), the \
                       gifts, and the promises made both ways."
                .to_string();
            self.push(r, what, why);
        }

        let thanked = self.history.thanked_meetings.contains(&meeting.id)
            || self.history.sent_since(InteractionKind::ThankYou, meeting.scheduled_at);
        if !thanked {
            let due = shifted(end, SignedDuration::from_hours(24));
            let mut r = self.at(Rule::R11, format!("r11:{}", meeting.id), end, due, due, Priority::Urgent);
            r.escalate_at = Some(shifted(end, SignedDuration::from_hours(48)));
            let what = format!("Send {} your thank-you", self.name());
            let why = format!(
                "Within 24 hours of the meeting, so by {}: one thing you learned, what you will do with it, any \
                 promise you owe, and your offer to help. It is late after 24 hours and red after 48.",
                self.calendar.moment_words(due)
            );
            self.push(r, what, why);
        }

        for promise in ledger.promises.iter().filter(|p| p.owed_by == Party::Mine && p.done_at.is_none()) {
            let day = match promise.due {
                Some(day) => day,
                None => self.calendar.business_days_after(end, 3),
            };
            let r = self.on_day(Rule::R12, format!("r12:{}", promise.id), day, Priority::High);
            let what = format!("Do what you promised {}: {}", self.name(), promise.text);
            let why = format!(
                "You said you would when you met on {}; it is due {}.",
                self.day_of(meeting.scheduled_at),
                self.day(day)
            );
            self.push(r, what, why);
        }
    }

    /// R13 (one nudge for the introductions they offered) and R17 (thank them once made).
    fn introductions(&mut self) {
        let dossier = self.dossier;
        let person_id = dossier.person.id;
        let last_nudge = self.history.last_sent(InteractionKind::IntroRequest).map(|t| self.calendar.local_date(t));
        let mut nudge: Option<(Date, &crate::introductions::Introduction)> = None;
        for intro in dossier.introductions.iter().filter(|i| i.introducer_id == person_id) {
            match intro.state {
                IntroState::Offered | IntroState::Requested => {
                    let base = intro
                        .meeting_id
                        .and_then(|id| dossier.live_meetings().find(|m| m.id == id))
                        .map_or(intro.created_at, Meeting::scheduled_end);
                    let day = self.calendar.business_days_after(base, 5);
                    let nudged = last_nudge.is_some_and(|n| n >= day);
                    if !nudged && nudge.is_none_or(|(d, other)| (day, intro.id) < (d, other.id)) {
                        nudge = Some((day, intro));
                    }
                }
                IntroState::Received | IntroState::Replied => {
                    let since =
                        if intro.state == IntroState::Received { intro.state_changed_at } else { intro.created_at };
                    if self.history.sent_since(InteractionKind::ThankYou, since) {
                        continue;
                    }
                    let at = intro.state_changed_at;
                    let due = shifted(at, SignedDuration::from_hours(24));
                    let mut r = self.at(Rule::R17, format!("r17:{}", intro.id), at, due, due, Priority::Urgent);
                    r.escalate_at = Some(shifted(at, SignedDuration::from_hours(48)));
                    let what = format!("Thank {} for the introduction", self.name());
                    let why = format!(
                        "They made it on {}. A short, separate thank-you within 24 hours; thanks make people \
                         glad to help again.",
                        self.day_of(at)
                    );
                    self.push(r, what, why);
                }
                IntroState::Declined => {}
            }
        }
        if let Some((day, intro)) = nudge
            && self.chasing_allowed()
        {
            let r = self.on_day(Rule::R13, format!("r13:{}", intro.id), day, Priority::Low);
            let what = format!("Remind {} once, gently, about the introduction they offered", self.name());
            let why = "Five business days have passed. Make it easy: offer a short note they can forward. After \
                       this one reminder, let it go."
                .to_string();
            self.push(r, what, why);
        }
    }

    /// R14 (close the loop once the seeker acted on advice) and R15 (ask themselves two weeks
    /// after a meeting).
    fn advice(&mut self) {
        let person = &self.dossier.person;
        if person.loop_closed == LoopState::Due {
            // The person record keeps no time for when the loop fell due; its last update is
            // the closest the records come.
            let since = person.updated_at;
            let day = self.calendar.business_days_after(since, 2);
            let due = self.calendar.reminder_at(day);
            let overdue = self.calendar.reminder_at(self.calendar.next_business_day(day));
            let key = format!("r14:{}:{}", person.id, self.history.loop_closes);
            let r = self.at(Rule::R14, key, since.min(due), due, overdue, Priority::High);
            let what = format!("Close the loop with {}", self.name());
            let why = "You acted on their advice. Tell them what you did and how it went, within two business \
                       days: it is the thank-you that keeps on giving."
                .to_string();
            self.push(r, what, why);
            return;
        }
        if person.loop_closed != LoopState::None || !self.chasing_allowed() {
            return;
        }
        let Some(meeting) = self.dossier.kept_meetings().max_by_key(|m| m.scheduled_at) else { return };
        let end = meeting.scheduled_end();
        if self.history.sent_since(InteractionKind::LoopClose, end) {
            return;
        }
        let day = self.calendar.business_day_on_or_after(plus_days(self.calendar.local_date(end), 14));
        let r = self.on_day(Rule::R15, format!("r15:{}", meeting.id), day, Priority::Medium);
        let advice = meeting.ledger.clues.iter().find(|c| c.tiara == Tiara::Advice).map(|c| c.text.as_str());
        let what = match advice {
            Some(text) => format!("Tell {} what came of their advice ({text})", self.name()),
            None => format!("Tell {} what came of their advice", self.name()),
        };
        let why = format!(
            "Two weeks since you met on {}. If you acted on it, a short note saying so; if not yet, decide \
             whether you will.",
            self.day_of(meeting.scheduled_at)
        );
        self.push(r, what, why);
    }

    /// R16: the one deferred referral ask, 5 business days after a meeting where an opening
    /// existed but was not raised, and never after "let me think".
    fn referral_ask(&mut self) {
        let dossier = self.dossier;
        let person = &dossier.person;
        let considering = person.referral == ReferralState::Considering
            || dossier.live_meetings().any(|m| m.ledger.opening_close == Some(OpeningClose::Considering));
        let asked_before = self.history.last_sent(InteractionKind::ReferralAsk).is_some()
            || self
                .openings()
                .any(|o| o.status != OpeningStatus::Discovered && o.status != OpeningStatus::QualificationChecked);
        if considering || person.referral != ReferralState::None || asked_before || !self.chasing_allowed() {
            return;
        }
        let candidate = dossier
            .kept_meetings()
            .filter(|m| m.opening_id.is_some())
            .filter(|m| matches!(m.ledger.opening_close, None | Some(OpeningClose::NotAsked)))
            .filter(|m| !m.ledger.gifts.iter().any(|g| g.kind == GiftKind::Referral))
            .max_by_key(|m| (m.scheduled_at, m.id));
        let Some(meeting) = candidate else { return };
        let day = self.calendar.business_days_after(meeting.scheduled_end(), 5);
        let r = self.on_day(Rule::R16, format!("r16:{}", meeting.id), day, Priority::Medium);
        let what = format!("Ask {} once about the opening, with an easy way to say no", self.name());
        let why = format!(
            "Five business days since you met on {}, and the opening did not come up. One ask, after your \
             thank-you: would they feel comfortable referring you? If they want to think, that is the end of it.",
            self.day_of(meeting.scheduled_at)
        );
        self.push(r, what, why);
    }

    /// R17 (thank them for the referral) and R18 (keep them posted) for an opening they
    /// referred.
    fn referral(&mut self, opening: &Opening) {
        use OpeningStatus as S;
        let status = opening.status;
        if matches!(status, S::Discovered | S::QualificationChecked | S::ReferralRequested) {
            return;
        }
        let changed = opening.status_changed_at;
        if status == S::Referred && !self.history.sent_since(InteractionKind::ThankYou, changed) {
            let due = shifted(changed, SignedDuration::from_hours(24));
            let mut r = self.at(Rule::R17, format!("r17:{}", opening.id), changed, due, due, Priority::Urgent);
            r.escalate_at = Some(shifted(changed, SignedDuration::from_hours(48)));
            let what = format!("Thank {} for referring you", self.name());
            let why = format!(
                "They referred you for {} on {}. A short, separate thank-you within 24 hours.",
                opening.title,
                self.day_of(changed)
            );
            self.push(r, what, why);
        }
        let last_update = self
            .history
            .referral_updates
            .iter()
            .filter(|(o, _)| o.is_none_or(|o| o == opening.id))
            .map(|(_, at)| *at)
            .max();
        let updated_since_change = last_update.is_some_and(|u| u >= changed);
        if !status.is_active() {
            // An accepted offer is news for everyone who helped (R22), the referrer included.
            if updated_since_change || status == S::Accepted {
                return;
            }
            let day = self.calendar.business_days_after(changed, 2);
            let r = self.on_day(Rule::R18, format!("r18:{}:{}", opening.id, changed.as_second()), day, Priority::High);
            let what = format!("Tell {} how {} ended", self.name(), opening.title);
            let why = format!(
                "The process ended ({}) on {}. Tell them within two business days and thank them for vouching \
                 for you.",
                status_words(status),
                self.day_of(changed)
            );
            self.push(r, what, why);
            return;
        }
        if status != S::Referred && !updated_since_change {
            let day = self.calendar.business_days_after(changed, 1);
            let overdue = self.calendar.reminder_at(day);
            let key = format!("r18:{}:{}", opening.id, changed.as_second());
            let r = self.at(Rule::R18, key, changed, changed, overdue, Priority::High);
            let what = format!("Update {} on {}", self.name(), opening.title);
            let why = format!(
                "It moved to {} on {}; the person who referred you wants to hear it from you.",
                status_words(status),
                self.day_of(changed)
            );
            self.push(r, what, why);
            return;
        }
        let base = last_update.map_or(changed, |u| u.max(changed));
        let day = self.calendar.business_day_on_or_after(plus_days(self.calendar.local_date(base), 14));
        let key = format!("r18:{}:{}", opening.id, base.as_second());
        let r = self.on_day(Rule::R18, key, day, Priority::High);
        let what = format!("Update {} on {}", self.name(), opening.title);
        let why = format!(
            "Two weeks since {} and the process is still going ({}): a short update keeps your referrer in the loop.",
            if last_update.is_some_and(|u| u >= changed) { "your last update" } else { "it last moved" },
            status_words(status)
        );
        self.push(r, what, why);
    }

    /// R19 by effective tier; R21 for old ties outside the cadence.
    fn keep_in_touch(&mut self) {
        let dossier = self.dossier;
        let tier = effective_tier_with(dossier, &self.history);
        let base =
            crate::dossier::later(self.history.last_real_touch, self.history.last_sent(InteractionKind::CheckIn));
        let Some(base) = base else { return };
        let in_cadence = !matches!(dossier.person.stage, Stage::Declined | Stage::Hold | Stage::NoResponse);
        if let Some(EffectiveTier::Tier(tier)) = tier
            && in_cadence
        {
            let days = cadence_days(tier, self.context.search_active);
            let day =
                self.calendar.business_day_on_or_after(plus_days(self.calendar.local_date(base), i64::from(days)));
            let due = self.calendar.reminder_at(day);
            let overdue = self.calendar.reminder_at(self.calendar.business_day_on_or_after(plus_days(day, 5)));
            let priority = if tier == Tier::A { Priority::Medium } else { Priority::Low };
            let r = self.at(Rule::R19, format!("r19:{}", base.as_second()), due, due, overdue, priority);
            let what = format!("Share something useful with {}, and ask for nothing", self.name());
            let why = format!(
                "Tier {} keeps in touch every {days} days, and your last contact was on {}. An article on what \
                 they care about, a congratulation, or how their advice helped.",
                tier.as_str().to_uppercase(),
                self.day_of(base)
            );
            self.push(r, what, why);
            return;
        }
        if tie_strength(&dossier.person.tie) < 0.3 {
            return;
        }
        let day =
            self.calendar.business_day_on_or_after(self.calendar.local_date(base).saturating_add(Span::new().years(3)));
        let r = self.on_day(Rule::R21, format!("r21:{}", base.as_second()), day, Priority::Low);
        let what = format!("Reconnect with {}", self.name());
        let why = format!(
            "No two-way contact since {}, three years ago. Old ties are usually glad to hear from you, and they know \
             things your current circle does not.",
            self.day_of(base)
        );
        self.push(r, what, why);
    }

    /// R20: news about them, congratulated within a week.
    fn milestones(&mut self) {
        let dossier = self.dossier;
        for milestone in &dossier.milestones {
            let start = self.calendar.local_time(milestone.on, 0, 0);
            let congratulated = self.history.sent_since(InteractionKind::CheckIn, start)
                || self.history.sent_since(InteractionKind::Other, start);
            if congratulated {
                continue;
            }
            let key = format!("r20:{}:{}", milestone.kind, milestone.on);
            let day = self.calendar.business_day_on_or_after(milestone.on);
            let mut r = self.on_day(Rule::R20, key, day, Priority::Medium);
            r.overdue_at = self.calendar.reminder_at(plus_days(milestone.on, 4));
            r.expires_at = Some(self.calendar.reminder_at(plus_days(milestone.on, 7)));
            let news = match milestone.kind {
                MilestoneKind::JobChange => "a new job",
                MilestoneKind::Promotion => "a promotion",
                MilestoneKind::News => "their news",
                MilestoneKind::Birthday => "their birthday",
            };
            let what = format!("Congratulate {} on {news}", self.name());
            let note = milestone.note.as_deref().map(|n| format!(" ({n})")).unwrap_or_default();
            let why = format!("On {}{note}. A short note within the week; no ask attached.", self.day(milestone.on));
            self.push(r, what, why);
        }
    }

    /// R22: the seeker accepted a job; everyone who helped hears it from them.
    fn landed(&mut self) {
        let dossier = self.dossier;
        let accepted_here =
            self.openings().filter(|o| o.status == OpeningStatus::Accepted).map(|o| o.status_changed_at).min();
        let Some(accepted) = self.context.accepted_at.or(accepted_here) else { return };
        let person_id = dossier.person.id;
        let helped = dossier.has_met()
            || accepted_here.is_some()
            || self.openings().any(|o| o.status != OpeningStatus::Discovered)
            || dossier
                .introductions
                .iter()
                .any(|i| i.introducer_id == person_id && matches!(i.state, IntroState::Received | IntroState::Replied));
        if !helped
            || self.history.sent_since(InteractionKind::LoopClose, accepted)
            || self.history.sent_since(InteractionKind::ThankYou, accepted)
        {
            return;
        }
        let day = self.calendar.next_business_day(self.calendar.local_date(accepted));
        let due = self.calendar.reminder_at(day);
        let overdue = self.calendar.reminder_at(plus_days(day, 6));
        let r = self.at(Rule::R22, format!("r22:{}", accepted.as_second()), due, due, overdue, Priority::High);
        let what = format!("Tell {} you have landed, thank them, and offer your help", self.name());
        let why = format!(
            "You accepted an offer on {}. Everyone who helped should hear it from you within the week, with what \
             their help changed.",
            self.day_of(accepted)
        );
        self.push(r, what, why);
    }
}

/// The first reminder hour on a business day at or after `at`.
fn next_reminder_time(calendar: &Calendar, at: Timestamp) -> Timestamp {
    let day = calendar.business_day_on_or_after(calendar.local_date(at));
    let candidate = calendar.reminder_at(day);
    if candidate >= at { candidate } else { calendar.reminder_at(calendar.next_business_day(day)) }
}

fn status_words(status: OpeningStatus) -> &'static str {
    match status {
        OpeningStatus::Discovered => "discovered",
        OpeningStatus::QualificationChecked => "qualification checked",
        OpeningStatus::ReferralRequested => "referral requested",
        OpeningStatus::Referred => "referred",
        OpeningStatus::Applied => "applied",
        OpeningStatus::Screening => "screening",
        OpeningStatus::Interviewing => "interviewing",
        OpeningStatus::Offer => "offer",
        OpeningStatus::Accepted => "accepted",
        OpeningStatus::Declined => "you declined",
        OpeningStatus::Rejected => "not selected",
        OpeningStatus::Closed => "closed",
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `at` moved by `duration`, stopping at the ends of the supported range.
fn shifted(at: Timestamp, duration: SignedDuration) -> Timestamp {
    // Adding a plain duration only fails past the ends of time; the fallback clamps there.
    at.saturating_add(duration).unwrap_or(if duration.is_negative() { Timestamp::MIN } else { Timestamp::MAX })
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use jiff::civil::date;
    use proptest::prelude::*;
    use uuid::Uuid;

    use super::*;
    use crate::dossier::story::{Story, chicago};
    use crate::ids::{InteractionId, MeetingId, PromiseId};
    use crate::interactions::{Direction, Interaction};
    use crate::meetings::{Clue, Gift, Promise};
    use crate::pipeline::{PipelineEvent, ReferralAnswer};

    fn context() -> Context {
        Context::new(chicago())
    }

    fn rules(reminders: &[Reminder]) -> Vec<Rule> {
        reminders.iter().map(|r| r.rule).collect()
    }

    fn find(reminders: &[Reminder], rule: Rule) -> &Reminder {
        reminders.iter().find(|r| r.rule == rule).unwrap_or_else(|| panic!("no {rule} in {:?}", rules(reminders)))
    }

    fn render(reminders: &[Reminder], now: Timestamp) -> String {
        let cal = chicago();
        let mut out = format!("now: {}\n", cal.moment_words(now));
        for r in reminders {
            let _ =
                writeln!(out, "\n{} · {} · {} · due {}", r.rule, r.priority, r.status(now), cal.moment_words(r.due_at));
            if r.opens_at != r.due_at {
                let _ = writeln!(out, "  opens {}", cal.moment_words(r.opens_at));
            }
            if r.overdue_at != r.due_at {
                let _ = writeln!(out, "  late from {}", cal.moment_words(r.overdue_at));
            }
            if let Some(t) = r.escalate_at {
                let _ = writeln!(out, "  red from {}", cal.moment_words(t));
            }
            if let Some(t) = r.expires_at {
                let _ = writeln!(out, "  gone at {}", cal.moment_words(t));
            }
            let _ = writeln!(out, "  key {}\n  {} — for {}\n  {}", r.key, r.what, r.who, r.why);
        }
        out
    }

    /// Outreach to Priya (at Acme) on Thu 2 Jan 2025 at 10:00.
    fn contacted() -> Story {
        let mut story = Story::new();
        story.record(InteractionKind::Outreach, story.at(date(2025, 1, 2), 10, 0)).unwrap();
        story
    }

    /// The seed story: outreach → reply → coffee scheduled → met → thanked, snapshotted at
    /// each step.
    #[test]
    fn the_seed_story_step_by_step() {
        let ctx = context();
        let mut story = contacted();
        let now = story.at(date(2025, 1, 2), 10, 5);
        let list = derive(&story.dossier, &ctx);
        assert_eq!(rules(&list), vec![Rule::R3, Rule::R4]);
        insta::assert_snapshot!("seed_1_outreach", render(&list, now));

        let reply = story.at(date(2025, 1, 6), 16, 0);
        story.record(InteractionKind::Reply, reply).unwrap();
        assert_eq!(story.dossier.person.segment, Segment::Booster);
        let now = story.at(date(2025, 1, 6), 16, 30);
        let list = derive(&story.dossier, &ctx);
        assert_eq!(rules(&list), vec![Rule::R6]);
        insta::assert_snapshot!("seed_2_reply", render(&list, now));

        let coffee = story.at(date(2025, 1, 16), 15, 0);
        let meeting = story.schedule(coffee, MeetingMode::Coffee, story.at(date(2025, 1, 6), 18, 0));
        let now = story.at(date(2025, 1, 7), 9, 0);
        let list = derive(&story.dossier, &ctx);
        assert_eq!(rules(&list), vec![Rule::R7, Rule::R8, Rule::R9, Rule::R10, Rule::R11, Rule::R15]);
        insta::assert_snapshot!("seed_3_scheduled", render(&list, now));

        story.hold(meeting);
        let end = story.at(date(2025, 1, 16), 15, 20);
        let offered = story.introduction(IntroState::Offered, end, Some(meeting));
        let ledger = &mut story.meeting_mut(meeting).ledger;
        ledger.clues.push(Clue::new(Tiara::Advice, "take a course on SQL window functions").unwrap());
        ledger.promises.push(Promise {
            id: PromiseId::from_uuid(Uuid::from_u128(0xBEEF)),
            owed_by: Party::Mine,
            text: "send the article on usage-based pricing".to_string(),
            due: None,
            done_at: None,
        });
        ledger.gifts.push(Gift {
            kind: GiftKind::Introduction,
            text: "an introduction to their analytics lead".to_string(),
            person_id: None,
            introduction_id: Some(offered),
            opening_id: None,
            url: None,
        });
        ledger.debriefed_at = Some(shifted(end, SignedDuration::from_mins(40)));
        let now = story.at(date(2025, 1, 16), 16, 5);
        let list = derive(&story.dossier, &ctx);
        assert_eq!(rules(&list), vec![Rule::R11, Rule::R12, Rule::R13, Rule::R15]);
        insta::assert_snapshot!("seed_4_met", render(&list, now));

        story.record(InteractionKind::ThankYou, story.at(date(2025, 1, 16), 19, 0)).unwrap();
        assert_eq!(story.dossier.person.stage, Stage::ActiveNetwork);
        assert_eq!(story.dossier.person.tier, Some(Tier::A));
        let now = story.at(date(2025, 1, 16), 19, 5);
        let list = derive(&story.dossier, &ctx);
        assert_eq!(rules(&list), vec![Rule::R12, Rule::R13, Rule::R15, Rule::R19]);
        insta::assert_snapshot!("seed_5_thanked", render(&list, now));
    }

    #[test]
    fn first_contact_reminders_follow_at_1() {
        let story = contacted();
        let list = derive(&story.dossier, &context());
        let cal = chicago();
        assert_eq!(find(&list, Rule::R3).due_at, cal.reminder_at(date(2025, 1, 7)));
        assert_eq!(find(&list, Rule::R4).due_at, cal.reminder_at(date(2025, 1, 13)));
        assert_eq!(find(&list, Rule::R4).overdue_at, cal.reminder_at(date(2025, 1, 14)));
    }

    #[test]
    fn without_an_employer_there_is_no_second_contact_to_write_to() {
        let mut story = contacted();
        story.dossier.person.organization_id = None;
        assert_eq!(rules(&derive(&story.dossier, &context())), vec![Rule::R4]);
    }

    #[test]
    fn the_follow_up_replaces_r4_with_r5_three_business_days_later() {
        let mut story = contacted();
        let follow_up = story.record(InteractionKind::FollowUp, story.at(date(2025, 1, 13), 9, 0)).unwrap();
        let list = derive(&story.dossier, &context());
        assert_eq!(rules(&list), vec![Rule::R3, Rule::R5]);
        let r5 = find(&list, Rule::R5);
        assert_eq!(r5.due_at, chicago().reminder_at(date(2025, 1, 16)));
        assert_eq!(r5.key, format!("r5:{follow_up}"));
    }

    #[test]
    fn a_reply_cancels_r3_r4_and_r5() {
        let mut story = contacted();
        story.record(InteractionKind::FollowUp, story.at(date(2025, 1, 13), 9, 0)).unwrap();
        assert!(rules(&derive(&story.dossier, &context())).contains(&Rule::R5));
        story.record(InteractionKind::Reply, story.at(date(2025, 1, 14), 9, 0)).unwrap();
        let list = derive(&story.dossier, &context());
        assert_eq!(rules(&list), vec![Rule::R6]);
        assert!(!find(&list, Rule::R6).what.contains("today"), "an Obligate's reply is not a Booster's");
    }

    #[test]
    fn answering_the_reply_clears_r6() {
        let mut story = contacted();
        story.record(InteractionKind::Reply, story.at(date(2025, 1, 3), 9, 0)).unwrap();
        assert_eq!(rules(&derive(&story.dossier, &context())), vec![Rule::R6]);
        story.log(InteractionKind::Other, story.at(date(2025, 1, 3), 12, 0));
        assert!(derive(&story.dossier, &context()).is_empty());
    }

    #[test]
    fn moving_a_meeting_moves_its_reminders_and_keeps_their_keys() {
        let mut story = contacted();
        story.record(InteractionKind::Reply, story.at(date(2025, 1, 3), 9, 0)).unwrap();
        let meeting =
            story.schedule(story.at(date(2025, 1, 16), 15, 0), MeetingMode::Coffee, story.at(date(2025, 1, 3), 10, 0));
        let before = derive(&story.dossier, &context());
        story.meeting_mut(meeting).scheduled_at = story.at(date(2025, 1, 23), 9, 30);
        let after = derive(&story.dossier, &context());
        let cal = chicago();
        for (rule, day) in [(Rule::R7, date(2025, 1, 21)), (Rule::R8, date(2025, 1, 22)), (Rule::R9, date(2025, 1, 23))]
        {
            assert_eq!(find(&before, rule).key, find(&after, rule).key);
            assert_eq!(find(&after, rule).due_at, cal.reminder_at(day), "{rule}");
            assert_ne!(find(&before, rule).due_at, find(&after, rule).due_at, "{rule}");
        }
    }

    #[test]
    fn deleting_or_cancelling_a_meeting_removes_its_reminders() {
        let mut story = contacted();
        story.record(InteractionKind::Reply, story.at(date(2025, 1, 3), 9, 0)).unwrap();
        let meeting =
            story.schedule(story.at(date(2025, 1, 16), 15, 0), MeetingMode::Coffee, story.at(date(2025, 1, 3), 10, 0));
        let key = format!(":{meeting}");
        assert!(derive(&story.dossier, &context()).iter().any(|r| r.key.ends_with(&key)));

        let mut trashed = story.dossier.clone();
        trashed.meetings[0].deleted_at = Some(story.at(date(2025, 1, 4), 9, 0));
        let mut removed = story.dossier.clone();
        removed.meetings.clear();
        let mut cancelled = story.dossier.clone();
        cancelled.meetings[0].status = MeetingStatus::Cancelled;
        for dossier in [trashed, removed, cancelled] {
            let list = derive(&dossier, &context());
            assert!(list.iter().all(|r| !r.key.ends_with(&key)), "{:?}", rules(&list));
        }
    }

    #[test]
    fn coffee_means_the_seeker_pays_and_the_thank_you_is_within_24_hours() {
        let mut story = contacted();
        story.record(InteractionKind::Reply, story.at(date(2025, 1, 3), 9, 0)).unwrap();
        story.schedule(story.at(date(2025, 1, 16), 15, 0), MeetingMode::Coffee, story.at(date(2025, 1, 3), 10, 0));
        let list = derive(&story.dossier, &context());
        let r9 = find(&list, Rule::R9);
        let words = format!("{} {}", r9.what, r9.why);
        for needle in ["You pay", "offer to pay more than once", "never split"] {
            assert!(words.contains(needle), "{needle}: {words}");
        }
        assert!(find(&list, Rule::R11).why.contains("Within 24 hours"));
        // A video call needs no wallet.
        story.meeting_mut(story.dossier.meetings[0].id).mode = MeetingMode::Video;
        assert!(!rules(&derive(&story.dossier, &context())).contains(&Rule::R9));
    }

    #[test]
    fn the_thank_you_escalates_at_24_and_48_hours() {
        let mut story = contacted();
        let meeting =
            story.schedule(story.at(date(2025, 1, 16), 15, 0), MeetingMode::Video, story.at(date(2025, 1, 3), 10, 0));
        story.hold(meeting);
        let list = derive(&story.dossier, &context());
        let r11 = find(&list, Rule::R11);
        let end = story.at(date(2025, 1, 16), 15, 20);
        let hours = |h: i64| shifted(end, SignedDuration::from_hours(h));
        assert_eq!(r11.due_at, hours(24));
        assert_eq!(r11.status(story.at(date(2025, 1, 16), 15, 0)), ReminderStatus::Upcoming);
        assert_eq!(r11.status(hours(1)), ReminderStatus::Open);
        assert_eq!(r11.status(hours(24)), ReminderStatus::Overdue);
        assert_eq!(r11.status(hours(47)), ReminderStatus::Overdue);
        assert_eq!(r11.status(hours(48)), ReminderStatus::Escalated);
        // The thank-you, once sent, ends it.
        story.log(InteractionKind::ThankYou, hours(30));
        assert!(!rules(&derive(&story.dossier, &context())).contains(&Rule::R11));
    }

    #[test]
    fn prep_reminders_expire_when_the_meeting_starts() {
        let mut story = contacted();
        let start = story.at(date(2025, 1, 16), 15, 0);
        story.schedule(start, MeetingMode::Office, story.at(date(2025, 1, 3), 10, 0));
        let list = derive(&story.dossier, &context());
        let r7 = find(&list, Rule::R7);
        assert_eq!(r7.due_at, chicago().reminder_at(date(2025, 1, 14)));
        assert_eq!(r7.status(story.at(date(2025, 1, 14), 9, 0)), ReminderStatus::Due);
        assert_eq!(r7.status(story.at(date(2025, 1, 15), 9, 0)), ReminderStatus::Overdue);
        assert_eq!(r7.status(start), ReminderStatus::Expired);
    }

    #[test]
    fn the_agenda_sorts_by_status_then_priority() {
        let mut story = contacted();
        let meeting =
            story.schedule(story.at(date(2025, 1, 6), 15, 0), MeetingMode::Video, story.at(date(2025, 1, 3), 10, 0));
        story.hold(meeting);
        let list = derive(&story.dossier, &context());
        let now = story.at(date(2025, 1, 9), 9, 0);
        let agenda = agenda(&list, now);
        let shown: Vec<(Rule, ReminderStatus)> = agenda.iter().map(|(r, s)| (r.rule, *s)).collect();
        assert_eq!(shown, vec![(Rule::R11, ReminderStatus::Escalated), (Rule::R10, ReminderStatus::Overdue)]);
    }

    #[test]
    fn nothing_for_do_not_contact_or_trashed_people() {
        let mut story = contacted();
        assert!(!derive(&story.dossier, &context()).is_empty());
        story.event(PipelineEvent::DoNotContact).unwrap();
        assert!(derive(&story.dossier, &context()).is_empty());
        let mut trashed = contacted();
        trashed.dossier.person.deleted_at = Some(Timestamp::UNIX_EPOCH);
        assert!(derive(&trashed.dossier, &context()).is_empty());
    }

    /// A thanked person in tier A whose last real contact was a meeting on Thu 16 Jan 2025.
    fn in_network() -> Story {
        let mut story = contacted();
        story.record(InteractionKind::Reply, story.at(date(2025, 1, 3), 9, 0)).unwrap();
        let meeting =
            story.schedule(story.at(date(2025, 1, 16), 15, 0), MeetingMode::Video, story.at(date(2025, 1, 3), 10, 0));
        story.hold(meeting);
        story.meeting_mut(meeting).ledger.debriefed_at = Some(story.at(date(2025, 1, 16), 16, 0));
        story.record(InteractionKind::ThankYou, story.at(date(2025, 1, 16), 19, 0)).unwrap();
        story.record(InteractionKind::LoopClose, story.at(date(2025, 1, 17), 9, 0)).unwrap();
        story
    }

    #[test]
    fn keep_in_touch_runs_from_the_last_real_touch_by_tier() {
        let mut story = in_network();
        let cal = chicago();
        let list = derive(&story.dossier, &context());
        assert_eq!(rules(&list), vec![Rule::R19]);
        // Thirty days on is Saturday 15 February: the reminder waits for Monday.
        assert_eq!(list[0].due_at, cal.reminder_at(date(2025, 2, 17)));
        assert_eq!(list[0].priority, Priority::Medium);

        // After landing, tier A slows to 90 days.
        let landed = Context { search_active: false, ..context() };
        assert_eq!(derive(&story.dossier, &landed)[0].due_at, cal.reminder_at(date(2025, 4, 16)));

        // A reply is real two-way contact: the cadence restarts from it.
        story.log(InteractionKind::Reply, story.at(date(2025, 2, 3), 12, 0));
        assert_eq!(derive(&story.dossier, &context())[0].due_at, cal.reminder_at(date(2025, 3, 5)));

        // A check-in restarts the clock too, without counting as contact.
        story.record(InteractionKind::CheckIn, story.at(date(2025, 3, 5), 10, 0)).unwrap();
        assert_eq!(derive(&story.dossier, &context())[0].due_at, cal.reminder_at(date(2025, 4, 4)));
    }

    #[test]
    fn unanswered_check_ins_demote_one_tier_per_two_and_a_reply_restores() {
        let mut story = in_network();
        assert_eq!(effective_tier(&story.dossier), Some(EffectiveTier::Tier(Tier::A)));
        let check_ins = [
            date(2025, 2, 15),
            date(2025, 3, 17),
            date(2025, 6, 16),
            date(2025, 9, 15),
            date(2026, 2, 12),
            date(2026, 7, 13),
        ];
        let expected = [Tier::A, Tier::B, Tier::B, Tier::C, Tier::C];
        for (day, tier) in check_ins.iter().zip(expected) {
            story.record(InteractionKind::CheckIn, story.at(*day, 9, 0)).unwrap();
            assert_eq!(effective_tier(&story.dossier), Some(EffectiveTier::Tier(tier)), "after {day}");
        }
        story.record(InteractionKind::CheckIn, story.at(check_ins[5], 9, 0)).unwrap();
        assert_eq!(effective_tier(&story.dossier), Some(EffectiveTier::Dormant));
        // Dormant: no cadence reminder; a reasonably close tie gets the three-year reconnect.
        assert!(!rules(&derive(&story.dossier, &context())).contains(&Rule::R19));
        story.dossier.person.tie = Tie { closeness: 3, frequency: Frequency::Occasionally, ..Tie::default() };
        let list = derive(&story.dossier, &context());
        assert_eq!(rules(&list), vec![Rule::R21]);
        assert_eq!(list[0].due_at, chicago().reminder_at(date(2029, 7, 13)));

        // They answer: back to the stored tier A.
        story.log(InteractionKind::Reply, story.at(date(2026, 7, 20), 9, 0));
        assert_eq!(effective_tier(&story.dossier), Some(EffectiveTier::Tier(Tier::A)));
    }

    #[test]
    fn tier_c_turns_dormant_after_two_unanswered_check_ins() {
        let mut story = in_network();
        story.dossier.person.tier = Some(Tier::C);
        let list = derive(&story.dossier, &context());
        assert_eq!(list[0].due_at, chicago().reminder_at(date(2025, 6, 16)));
        assert_eq!(list[0].priority, Priority::Low);
        story.record(InteractionKind::CheckIn, story.at(date(2025, 6, 16), 9, 0)).unwrap();
        story.record(InteractionKind::CheckIn, story.at(date(2025, 11, 13), 9, 0)).unwrap();
        assert_eq!(effective_tier(&story.dossier), Some(EffectiveTier::Dormant));
    }

    #[test]
    fn no_one_outside_the_network_gets_check_ins() {
        let mut story = contacted();
        story.record(InteractionKind::Reply, story.at(date(2025, 1, 3), 9, 0)).unwrap();
        assert_eq!(effective_tier(&story.dossier), None);
    }

    #[test]
    fn at_most_three_unprompted_messages_in_30_days_later_ones_wait() {
        let mut story = in_network();
        // Three pieces of news in one week, each worth a note, plus the monthly check-in.
        story.dossier.milestones =
            [(MilestoneKind::Promotion, 10), (MilestoneKind::News, 11), (MilestoneKind::Birthday, 12)]
                .into_iter()
                .map(|(kind, day)| Milestone { kind, on: date(2025, 2, day), note: None })
                .collect();
        let list = derive(&story.dossier, &context());
        assert_eq!(rules(&list), vec![Rule::R20, Rule::R20, Rule::R20, Rule::R19]);
        let r19 = find(&list, Rule::R19);
        // The first note (Mon 10 Feb, 08:00 CST) leaves the window 30 × 24 hours later, which
        // is 09:00 CDT on Wed 12 Mar; the next reminder hour after that is Thursday's.
        assert_eq!(r19.due_at, chicago().reminder_at(date(2025, 3, 13)));
        assert!(r19.key.starts_with("r19:"), "the key does not move with the wait");

        // Messages already sent count the same way.
        let mut busy = in_network();
        for day in [28, 29, 30] {
            busy.log(InteractionKind::IntroRequest, busy.at(date(2025, 1, day), 9, 0));
        }
        let r19 = derive(&busy.dossier, &context()).into_iter().find(|r| r.rule == Rule::R19).unwrap();
        assert_eq!(r19.due_at, chicago().reminder_at(date(2025, 2, 28)));
    }

    #[test]
    fn a_congratulation_that_would_wait_past_its_week_is_dropped() {
        let mut story = in_network();
        for day in [8, 9, 10] {
            story.log(InteractionKind::FollowUp, story.at(date(2025, 2, day), 9, 0));
        }
        story.dossier.milestones =
            vec![Milestone { kind: MilestoneKind::JobChange, on: date(2025, 2, 11), note: None }];
        assert!(!rules(&derive(&story.dossier, &context())).contains(&Rule::R20));
    }

    fn with_opening_meeting(close: Option<OpeningClose>) -> Story {
        let mut story = contacted();
        story.record(InteractionKind::Reply, story.at(date(2025, 1, 3), 9, 0)).unwrap();
        let meeting =
            story.schedule(story.at(date(2025, 1, 16), 15, 0), MeetingMode::Office, story.at(date(2025, 1, 3), 10, 0));
        story.hold(meeting);
        let m = story.meeting_mut(meeting);
        m.opening_id = Some(crate::ids::OpeningId::from_uuid(Uuid::from_u128(0x0FE)));
        m.ledger.opening_close = close;
        m.ledger.debriefed_at = Some(m.scheduled_end());
        story
    }

    #[test]
    fn the_deferred_referral_ask_comes_5_business_days_after_the_meeting() {
        let story = with_opening_meeting(Some(OpeningClose::NotAsked));
        let list = derive(&story.dossier, &context());
        // Thu 16 Jan + 5B, with Mon 20 Jan a holiday: Fri 24 Jan.
        assert_eq!(find(&list, Rule::R16).due_at, chicago().reminder_at(date(2025, 1, 24)));
    }

    #[test]
    fn at_6_no_referral_chaser_after_let_me_think() {
        let in_ledger = with_opening_meeting(Some(OpeningClose::Considering));
        assert!(!rules(&derive(&in_ledger.dossier, &context())).contains(&Rule::R16));

        let mut on_person = with_opening_meeting(None);
        assert!(rules(&derive(&on_person.dossier, &context())).contains(&Rule::R16));
        on_person.event(PipelineEvent::ReferralAnswered(ReferralAnswer::Considering)).unwrap();
        assert!(!rules(&derive(&on_person.dossier, &context())).contains(&Rule::R16));

        // Asked in the meeting, or asked by message: no deferred ask either.
        assert!(
            !rules(&derive(&with_opening_meeting(Some(OpeningClose::Yes)).dossier, &context())).contains(&Rule::R16)
        );
        let mut asked = with_opening_meeting(None);
        asked.log(InteractionKind::ReferralAsk, asked.at(date(2025, 1, 17), 9, 0));
        assert!(!rules(&derive(&asked.dossier, &context())).contains(&Rule::R16));
    }

    #[test]
    fn r13_nudges_once_for_pending_introductions() {
        let mut story = in_network();
        let meeting = story.dossier.meetings[0].id;
        let end = story.dossier.meetings[0].scheduled_end();
        let first = story.introduction(IntroState::Offered, end, Some(meeting));
        story.introduction(IntroState::Requested, story.at(date(2025, 1, 21), 9, 0), None);
        let list = derive(&story.dossier, &context());
        let nudges: Vec<&Reminder> = list.iter().filter(|r| r.rule == Rule::R13).collect();
        assert_eq!(nudges.len(), 1, "one nudge per person at a time");
        assert_eq!(nudges[0].key, format!("r13:{first}"));
        assert_eq!(nudges[0].due_at, chicago().reminder_at(date(2025, 1, 24)));

        // An intro request sent before the nudge day is the ask, not the nudge.
        story.log(InteractionKind::IntroRequest, story.at(date(2025, 1, 17), 9, 0));
        assert!(rules(&derive(&story.dossier, &context())).contains(&Rule::R13));
        // The nudge itself, sent on the day: nothing more about either introduction.
        story.log(InteractionKind::IntroRequest, story.at(date(2025, 1, 28), 9, 0));
        assert!(!rules(&derive(&story.dossier, &context())).contains(&Rule::R13));
    }

    #[test]
    fn a_made_introduction_asks_for_its_own_thank_you() {
        let mut story = in_network();
        let made = story.at(date(2025, 2, 3), 11, 0);
        let intro = story.introduction(IntroState::Received, made, None);
        let list = derive(&story.dossier, &context());
        let r17 = find(&list, Rule::R17);
        assert_eq!(r17.key, format!("r17:{intro}"));
        assert_eq!(r17.due_at, shifted(made, SignedDuration::from_hours(24)));
        assert_eq!(r17.priority, Priority::Urgent);
        story.log(InteractionKind::ThankYou, story.at(date(2025, 2, 3), 18, 0));
        assert!(!rules(&derive(&story.dossier, &context())).contains(&Rule::R17));
    }

    #[test]
    fn a_referrer_is_thanked_then_kept_posted() {
        let mut story = in_network();
        let referred = story.at(date(2025, 2, 3), 11, 0);
        let opening = story.opening("Data Analyst", referred);
        story.dossier.openings[0].status = OpeningStatus::Referred;
        let cal = chicago();
        let list = derive(&story.dossier, &context());
        assert_eq!(find(&list, Rule::R17).key, format!("r17:{opening}"));
        // The periodic update runs 14 days from the referral.
        assert_eq!(find(&list, Rule::R18).due_at, cal.reminder_at(date(2025, 2, 17)));

        story.log(InteractionKind::ThankYou, story.at(date(2025, 2, 3), 18, 0));
        // A status change wants an update at once.
        let screening = story.at(date(2025, 2, 10), 12, 0);
        story.dossier.openings[0].status = OpeningStatus::Screening;
        story.dossier.openings[0].status_changed_at = screening;
        let r18 = derive(&story.dossier, &context()).into_iter().find(|r| r.rule == Rule::R18).unwrap();
        assert_eq!((r18.opens_at, r18.due_at), (screening, screening));
        assert!(r18.why.contains("screening"), "{}", r18.why);

        // Once updated, the next one is 14 days on.
        story.log(InteractionKind::ReferralUpdate, story.at(date(2025, 2, 10), 17, 0));
        let r18 = derive(&story.dossier, &context()).into_iter().find(|r| r.rule == Rule::R18).unwrap();
        assert_eq!(r18.due_at, cal.reminder_at(date(2025, 2, 24)));

        // The end of the process: the outcome within two business days.
        let rejected = story.at(date(2025, 3, 3), 10, 0);
        story.dossier.openings[0].status = OpeningStatus::Rejected;
        story.dossier.openings[0].status_changed_at = rejected;
        let r18 = derive(&story.dossier, &context()).into_iter().find(|r| r.rule == Rule::R18).unwrap();
        assert_eq!(r18.due_at, cal.reminder_at(date(2025, 3, 5)));
    }

    #[test]
    fn landing_a_job_means_telling_everyone_who_helped() {
        let story = in_network();
        let accepted = story.at(date(2025, 4, 1), 12, 0);
        let ctx = Context { accepted_at: Some(accepted), ..context() };
        let list = derive(&story.dossier, &ctx);
        let r22 = find(&list, Rule::R22);
        assert_eq!(r22.due_at, chicago().reminder_at(date(2025, 4, 2)));
        assert_eq!(r22.overdue_at, chicago().reminder_at(date(2025, 4, 8)));
        // A stranger who never helped hears nothing.
        let stranger = contacted();
        assert!(!rules(&derive(&stranger.dossier, &ctx)).contains(&Rule::R22));
    }

    #[test]
    fn my_promises_fall_due_on_their_date_or_3_business_days_after() {
        let mut story = in_network();
        let meeting = story.dossier.meetings[0].id;
        let promise = |n: u128, due: Option<Date>| Promise {
            id: PromiseId::from_uuid(Uuid::from_u128(n)),
            owed_by: Party::Mine,
            text: format!("promise {n}"),
            due,
            done_at: None,
        };
        let ledger = &mut story.meeting_mut(meeting).ledger;
        ledger.promises.push(promise(1, None));
        ledger.promises.push(promise(2, Some(date(2025, 1, 31))));
        ledger.promises.push(Promise { owed_by: Party::Theirs, ..promise(3, None) });
        ledger.promises.push(Promise { done_at: Some(Timestamp::UNIX_EPOCH), ..promise(4, None) });
        let list = derive(&story.dossier, &context());
        let due: Vec<Timestamp> = list.iter().filter(|r| r.rule == Rule::R12).map(|r| r.due_at).collect();
        let cal = chicago();
        assert_eq!(due, vec![cal.reminder_at(date(2025, 1, 22)), cal.reminder_at(date(2025, 1, 31))]);
    }

    #[test]
    fn acting_on_advice_asks_to_close_the_loop() {
        let mut story = in_network();
        story.dossier.person.updated_at = story.at(date(2025, 2, 6), 12, 0);
        story.event(PipelineEvent::AdviceActedOn).unwrap();
        story.dossier.person.updated_at = story.at(date(2025, 2, 6), 12, 0);
        let list = derive(&story.dossier, &context());
        let r14 = find(&list, Rule::R14);
        assert_eq!(r14.due_at, chicago().reminder_at(date(2025, 2, 10)));
        assert_eq!(r14.status(story.at(date(2025, 2, 6), 13, 0)), ReminderStatus::Open);
    }

    #[test]
    fn decisions_remove_or_move_reminders_and_the_latest_wins() {
        let story = contacted();
        let list = derive(&story.dossier, &context());
        let r3 = find(&list, Rule::R3).key.clone();
        let r4 = find(&list, Rule::R4).key.clone();
        let t = |d: i8| story.at(date(2025, 1, d), 9, 0);
        let decisions = vec![
            ReminderDecision { key: r3.clone(), action: DecisionAction::Done, decided_at: t(7) },
            ReminderDecision { key: r4.clone(), action: DecisionAction::Dismissed, decided_at: t(10) },
            ReminderDecision { key: r4.clone(), action: DecisionAction::Snoozed { until: t(15) }, decided_at: t(13) },
        ];
        let decided = apply_decisions(list.clone(), &decisions);
        assert_eq!(rules(&decided), vec![Rule::R4]);
        assert_eq!(decided[0].opens_at, t(15));
        assert_eq!(decided[0].status(t(14)), ReminderStatus::Upcoming);
        // Snoozing hides; it does not forgive: it comes back late.
        assert_eq!(decided[0].status(t(15)), ReminderStatus::Overdue);
        assert_eq!(derive_with_decisions(&story.dossier, &context(), &decisions), decided);

        // The decision is kept by key, so it survives recomputation after unrelated edits.
        let mut edited = story;
        edited.dossier.person.title = Some("Head of Data".to_string());
        edited.log(InteractionKind::Other, edited.at(date(2025, 1, 3), 9, 0));
        let recomputed = derive_with_decisions(&edited.dossier, &context(), &decisions);
        assert_eq!(rules(&recomputed), vec![Rule::R4]);
    }

    #[test]
    fn a_done_reminder_counts_toward_the_30_day_cap() {
        let mut story = in_network();
        story.dossier.milestones = vec![
            Milestone { kind: MilestoneKind::Promotion, on: date(2025, 2, 10), note: None },
            Milestone { kind: MilestoneKind::News, on: date(2025, 2, 11), note: Some("spoke at a conference".into()) },
        ];
        let plain = derive(&story.dossier, &context());
        let r19 = find(&plain, Rule::R19).clone();
        assert_eq!(r19.due_at, chicago().reminder_at(date(2025, 2, 17)));
        let done = ReminderDecision {
            key: "r20:job_change:2025-02-12".to_string(),
            action: DecisionAction::Done,
            decided_at: story.at(date(2025, 2, 12), 9, 0),
        };
        story.dossier.milestones.push(Milestone { kind: MilestoneKind::JobChange, on: date(2025, 2, 12), note: None });
        let decided = derive_with_decisions(&story.dossier, &context(), &[done]);
        assert_eq!(find(&decided, Rule::R19).due_at, chicago().reminder_at(date(2025, 3, 13)));
    }

    #[test]
    fn list_level_reminders() {
        let cal = chicago();
        assert!(list_under_40(40, date(2025, 1, 8), &cal).is_none());
        let r1 = list_under_40(12, date(2025, 1, 8), &cal).unwrap();
        assert_eq!((r1.rule, r1.person_id, r1.key.as_str()), (Rule::R1, None, "r1:2025-w02"));
        assert_eq!(r1.due_at, cal.reminder_at(date(2025, 1, 6)));
        assert!(r1.what.starts_with("Add 28 more employers"), "{}", r1.what);

        let review = WeeklyReview { informationals_held: 1, boosters_found: 2, overdue_actions: 0 };
        let r23 = weekly_review(date(2025, 1, 15), &review, &cal);
        assert_eq!(r23.due_at, cal.reminder_at(date(2025, 1, 17)));
        insta::assert_snapshot!("weekly_review", format!("{} — {}\n{}", r23.key, r23.what, r23.why));
    }

    // Property tests over random histories.

    const KINDS: &[InteractionKind] = InteractionKind::ALL;

    prop_compose! {
        fn an_interaction()(kind in 0..KINDS.len(), inbound in any::<bool>(), minutes in 0i64..(400 * 24 * 60), n in 0u128..1_000_000)
            -> (InteractionKind, bool, i64, u128) {
            (KINDS[kind], inbound, minutes, n)
        }
    }

    prop_compose! {
        fn a_dossier()(
            interactions in proptest::collection::vec(an_interaction(), 0..40),
            meetings in proptest::collection::vec((0i64..(400 * 24 * 60), 0usize..4, 0usize..3, any::<bool>()), 0..4),
            stage in 0..Stage::ALL.len(),
            tier in proptest::option::of(0..Tier::ALL.len()),
            referral in 0..ReferralState::ALL.len(),
            loop_state in 0..LoopState::ALL.len(),
            accepted in proptest::option::of(0i64..(400 * 24 * 60)),
        ) -> (Dossier, Option<Timestamp>) {
            let mut story = Story::new();
            let start = story.at(date(2025, 1, 1), 0, 0);
            let minute = |m: i64| shifted(start, SignedDuration::from_mins(m));
            let person = story.dossier.person.id;
            for (kind, inbound, minutes, n) in interactions {
                let id = InteractionId::from_uuid(Uuid::from_u128(n + 10_000_000));
                let mut i: Interaction = crate::interactions::NewInteraction::new(person, kind, minute(minutes))
                    .into_interaction(id, crate::ids::AccountId::LOCAL, minute(minutes));
                i.direction = if inbound { Direction::Inbound } else { Direction::Outbound };
                story.dossier.interactions.push(i);
            }
            for (k, (minutes, mode, status, debriefed)) in meetings.into_iter().enumerate() {
                let id = story.schedule(minute(minutes), MeetingMode::ALL[mode], minute(minutes / 2));
                let m = story.meeting_mut(id);
                m.id = MeetingId::from_uuid(Uuid::from_u128(k as u128 + 77));
                m.status = MeetingStatus::ALL[status];
                if debriefed {
                    m.ledger.debriefed_at = Some(m.scheduled_end());
                }
            }
            let p = &mut story.dossier.person;
            p.stage = Stage::ALL[stage];
            p.tier = tier.map(|t| Tier::ALL[t]);
            p.referral = ReferralState::ALL[referral];
            p.loop_closed = LoopState::ALL[loop_state];
            p.do_not_contact = p.stage == Stage::DoNotContact;
            (story.dossier, accepted.map(minute))
        }
    }

    proptest! {
        #[test]
        fn reminders_are_well_formed_and_independent_of_record_order((dossier, accepted) in a_dossier()) {
            let ctx = Context { accepted_at: accepted, ..context() };
            let list = derive(&dossier, &ctx);
            let mut keys: Vec<&str> = list.iter().map(|r| r.key.as_str()).collect();
            keys.sort_unstable();
            keys.dedup();
            prop_assert_eq!(keys.len(), list.len(), "keys are unique");
            for r in &list {
                prop_assert!(r.opens_at <= r.due_at && r.due_at <= r.overdue_at, "{:?}", r);
                prop_assert!(r.escalate_at.is_none_or(|e| e >= r.overdue_at), "{:?}", r);
                prop_assert!(r.key.starts_with(&format!("{}:", r.rule)), "{:?}", r);
                prop_assert!(!r.what.is_empty() && !r.why.is_empty());
            }
            let mut reversed = dossier.clone();
            reversed.interactions.reverse();
            reversed.meetings.reverse();
            prop_assert_eq!(derive(&reversed, &ctx), list);
        }

        #[test]
        fn no_30_day_window_holds_more_than_three_unprompted_messages((dossier, accepted) in a_dossier()) {
            let ctx = Context { accepted_at: accepted, ..context() };
            let list = derive(&dossier, &ctx);
            let mut times: Vec<Timestamp> = dossier
                .interactions
                .iter()
                .filter(|i| i.direction == Direction::Outbound && crate::dossier::is_unprompted(i.kind))
                .map(|i| i.at)
                .collect();
            times.extend(list.iter().filter(|r| r.rule.is_unprompted()).map(|r| r.due_at));
            for r in list.iter().filter(|r| r.rule.is_unprompted()) {
                let from = shifted(r.due_at, -CAP_WINDOW);
                let in_window = times.iter().filter(|t| **t > from && **t <= r.due_at).count();
                prop_assert!(in_window <= CAP_COUNT, "{} in the 30 days before {:?}", in_window, r);
            }
        }

        #[test]
        fn do_not_contact_silences_everything((dossier, accepted) in a_dossier()) {
            let mut dossier = dossier;
            dossier.person.do_not_contact = true;
            let ctx = Context { accepted_at: accepted, ..context() };
            prop_assert!(derive(&dossier, &ctx).is_empty());
        }
    }
}
