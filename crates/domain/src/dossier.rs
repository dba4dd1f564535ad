//! A person's dossier: the person and every record about them that the follow-up rules read
//! (interactions, meetings, introductions, openings they refer), plus the one-pass summary
//! of that history the pipeline guards and the reminder engine share (the current outreach
//! cycle, the last real touch, unanswered check-ins).

use std::collections::HashSet;

use jiff::Timestamp;
use jiff::civil::Date;

use crate::ids::{InteractionId, MeetingId, OpeningId};
use crate::interactions::{Direction, Interaction, InteractionKind};
use crate::introductions::{IntroState, Introduction};
use crate::meetings::{Meeting, MeetingStatus};
use crate::openings::Opening;
use crate::people::Person;
use crate::word_enum;

/// Everything the follow-up rules need to know about one person.
///
/// The store builds one per person: their interactions and meetings, the introductions where
/// they are the introducer or the one introduced, and the openings where they are the
/// referrer. Records that belong to someone else, and trashed meetings and openings, are
/// ignored, so a loosely filtered dossier gives the same answers as a tight one.
#[derive(Clone, Debug, PartialEq)]
pub struct Dossier {
    pub person: Person,
    pub interactions: Vec<Interaction>,
    pub meetings: Vec<Meeting>,
    pub introductions: Vec<Introduction>,
    pub openings: Vec<Opening>,
    /// News about the person the seeker noted (a new job, a promotion): the triggers of R20.
    pub milestones: Vec<Milestone>,
}

impl Dossier {
    /// A dossier with no records yet.
    pub fn new(person: Person) -> Self {
        Self {
            person,
            interactions: Vec::new(),
            meetings: Vec::new(),
            introductions: Vec::new(),
            openings: Vec::new(),
            milestones: Vec::new(),
        }
    }

    /// The current outreach cycle: the latest first message and what followed it.
    pub fn cycle(&self) -> Option<OutreachCycle> {
        History::of(self).cycle
    }

    /// The meetings that count: this person's, not in the trash.
    pub(crate) fn live_meetings(&self) -> impl Iterator<Item = &Meeting> {
        self.meetings.iter().filter(|m| m.person_id == self.person.id && m.deleted_at.is_none())
    }

    /// Meetings that happened or are still to happen (not cancelled).
    pub(crate) fn kept_meetings(&self) -> impl Iterator<Item = &Meeting> {
        self.live_meetings().filter(|m| m.status != MeetingStatus::Cancelled)
    }

    /// True once the seeker has met this person: a held meeting, a logged meeting, or a stage
    /// that says so.
    pub fn has_met(&self) -> bool {
        self.person.stage.has_met()
            || self.live_meetings().any(|m| m.status == MeetingStatus::Held)
            || self.own_interactions().any(|i| i.kind == InteractionKind::Meeting)
    }

    pub(crate) fn own_interactions(&self) -> impl Iterator<Item = &Interaction> {
        self.interactions.iter().filter(|i| i.person_id == self.person.id)
    }
}

word_enum! {
    /// A piece of news about a person that is worth a congratulation (R20).
    pub enum MilestoneKind ("milestone kind") {
        JobChange = "job_change",
        Promotion = "promotion",
        News = "news",
        Birthday = "birthday",
    }
}

/// News about a person, on the day it happened or the seeker learned of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Milestone {
    pub kind: MilestoneKind,
    pub on: Date,
    /// What happened, in the seeker's words ("moved to Globex as head of data").
    pub note: Option<String>,
}

/// One outreach cycle: a first message, the follow-ups sent after it and the first sign of a
/// response. A new outreach to the same person starts a new cycle.
#[derive(Clone, Debug, PartialEq)]
pub struct OutreachCycle {
    /// The first message of the cycle.
    pub outreach_id: InteractionId,
    /// When the first message of the cycle was sent.
    pub outreach_at: Timestamp,
    /// The follow-ups sent in this cycle, earliest first.
    pub follow_ups: Vec<Timestamp>,
    /// The earliest follow-up of the cycle.
    pub first_follow_up_id: Option<InteractionId>,
    /// The first response after the outreach: a reply or any inbound message, a logged
    /// meeting, a meeting set up, or the answer to an introduction.
    pub first_response_at: Option<Timestamp>,
}

impl OutreachCycle {
    pub fn first_follow_up(&self) -> Option<Timestamp> {
        self.follow_ups.first().copied()
    }

    pub fn is_answered(&self) -> bool {
        self.first_response_at.is_some()
    }
}

/// What the rules read from a dossier, gathered in one pass over each kind of record.
pub(crate) struct History {
    pub(crate) cycle: Option<OutreachCycle>,
    /// The last real two-way contact: a reply, a meeting, an inbound message or the stored
    /// `last_touch_at`, whichever is latest.
    pub(crate) last_real_touch: Option<Timestamp>,
    /// Check-ins sent after the last real touch.
    pub(crate) unanswered_check_ins: u32,
    /// The latest outbound interaction of each kind, indexed by `InteractionKind as usize`.
    latest_outbound: Vec<Option<Timestamp>>,
    /// Every referral update sent, with the opening it named.
    pub(crate) referral_updates: Vec<(Option<OpeningId>, Timestamp)>,
    /// Meetings a thank-you named.
    pub(crate) thanked_meetings: HashSet<MeetingId>,
    /// How many close-the-loop notes were sent.
    pub(crate) loop_closes: u32,
    /// The latest inbound interaction (any kind).
    pub(crate) latest_inbound: Option<(Timestamp, InteractionId, InteractionKind)>,
    /// The latest outbound interaction of any kind.
    pub(crate) latest_outbound_any: Option<Timestamp>,
    /// Outbound messages the seeker started unprompted, sorted: what the 30-day cap counts.
    pub(crate) unprompted_sends: Vec<Timestamp>,
}

impl History {
    pub(crate) fn of(dossier: &Dossier) -> Self {
        let kinds = InteractionKind::ALL.len();
        let mut latest_outbound = vec![None; kinds];
        let mut latest_outreach: Option<&Interaction> = None;
        let mut real_touch = dossier.person.last_touch_at;
        let mut thanked_meetings = HashSet::new();
        let mut loop_closes = 0;
        let mut latest_inbound: Option<(Timestamp, InteractionId, InteractionKind)> = None;
        let mut latest_outbound_any: Option<Timestamp> = None;
        let mut referral_updates = Vec::new();
        let mut unprompted_sends = Vec::new();

        for i in dossier.own_interactions() {
            if i.kind.is_real_touch(i.direction) {
                real_touch = later(real_touch, Some(i.at));
            }
            match i.direction {
                Direction::Inbound => {
                    if latest_inbound.is_none_or(|(at, id, _)| (i.at, i.id) > (at, id)) {
                        latest_inbound = Some((i.at, i.id, i.kind));
                    }
                }
                Direction::Outbound => {
                    // `latest_outbound` has one slot per variant, in declaration order.
                    if let Some(slot) = latest_outbound.get_mut(i.kind as usize) {
                        *slot = later(*slot, Some(i.at));
                    }
                    latest_outbound_any = later(latest_outbound_any, Some(i.at));
                    match i.kind {
                        InteractionKind::Outreach if latest_outreach.is_none_or(|o| (i.at, i.id) > (o.at, o.id)) => {
                            latest_outreach = Some(i);
                        }
                        InteractionKind::ThankYou => {
                            if let Some(m) = i.meeting_id {
                                thanked_meetings.insert(m);
                            }
                        }
                        InteractionKind::LoopClose => loop_closes += 1,
                        InteractionKind::ReferralUpdate => referral_updates.push((i.opening_id, i.at)),
                        _ => {}
                    }
                    if is_unprompted(i.kind) {
                        unprompted_sends.push(i.at);
                    }
                }
            }
        }
        for m in dossier.live_meetings().filter(|m| m.status == MeetingStatus::Held) {
            real_touch = later(real_touch, Some(m.scheduled_end()));
        }
        unprompted_sends.sort_unstable();

        let cycle = latest_outreach.map(|outreach| {
            let mut follow_ups = Vec::new();
            let mut first_follow_up: Option<&Interaction> = None;
            let mut first_response: Option<Timestamp> = None;
            for i in dossier.own_interactions() {
                if i.id == outreach.id || i.at < outreach.at {
                    continue;
                }
                if i.direction == Direction::Outbound && i.kind == InteractionKind::FollowUp {
                    follow_ups.push(i.at);
                    if first_follow_up.is_none_or(|f| (i.at, i.id) < (f.at, f.id)) {
                        first_follow_up = Some(i);
                    }
                } else if i.direction == Direction::Inbound || i.kind == InteractionKind::Meeting {
                    first_response = earlier(first_response, Some(i.at));
                }
            }
            for m in dossier.kept_meetings() {
                if m.created_at >= outreach.at {
                    first_response = earlier(first_response, Some(m.created_at));
                }
            }
            for intro in &dossier.introductions {
                if intro.introduced_id == dossier.person.id
                    && intro.state == IntroState::Replied
                    && intro.state_changed_at >= outreach.at
                {
                    first_response = earlier(first_response, Some(intro.state_changed_at));
                }
            }
            follow_ups.sort_unstable();
            OutreachCycle {
                outreach_id: outreach.id,
                outreach_at: outreach.at,
                follow_ups,
                first_follow_up_id: first_follow_up.map(|f| f.id),
                first_response_at: first_response,
            }
        });

        let unanswered_check_ins = dossier
            .own_interactions()
            .filter(|i| {
                i.kind == InteractionKind::CheckIn
                    && i.direction == Direction::Outbound
                    && real_touch.is_none_or(|t| i.at > t)
            })
            .count() as u32;

        Self {
            cycle,
            last_real_touch: real_touch,
            unanswered_check_ins,
            latest_outbound,
            referral_updates,
            thanked_meetings,
            loop_closes,
            latest_inbound,
            latest_outbound_any,
            unprompted_sends,
        }
    }

    /// The latest outbound interaction of `kind`.
    pub(crate) fn last_sent(&self, kind: InteractionKind) -> Option<Timestamp> {
        self.latest_outbound.get(kind as usize).copied().flatten()
    }

    /// True when an outbound interaction of `kind` was sent at or after `since`.
    pub(crate) fn sent_since(&self, kind: InteractionKind, since: Timestamp) -> bool {
        self.last_sent(kind).is_some_and(|at| at >= since)
    }
}

/// Messages the seeker starts on their own, as opposed to answers and thank-yous. At most
/// three of these (sent or reminded) go to one person in 30 days.
pub(crate) fn is_unprompted(kind: InteractionKind) -> bool {
    matches!(
        kind,
        InteractionKind::Outreach
            | InteractionKind::FollowUp
            | InteractionKind::CheckIn
            | InteractionKind::ReferralAsk
            | InteractionKind::IntroRequest
    )
}

pub(crate) fn later(a: Option<Timestamp>, b: Option<Timestamp>) -> Option<Timestamp> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

pub(crate) fn earlier(a: Option<Timestamp>, b: Option<Timestamp>) -> Option<Timestamp> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Test support: a scripted person in Chicago whose records and pipeline move together, the
/// way the use-case layer will drive them. Ids are fixed so keys and snapshots are stable.
#[cfg(test)]
pub(crate) mod story {
    use jiff::Timestamp;
    use jiff::civil::{Date, date};
    use jiff::tz::TimeZone;
    use uuid::Uuid;

    use super::Dossier;
    use crate::calendar::Calendar;
    use crate::ids::{AccountId, InteractionId, IntroductionId, MeetingId, OpeningId, OrganizationId, PersonId};
    use crate::interactions::{InteractionKind, NewInteraction, TimeSource};
    use crate::introductions::{IntroState, NewIntroduction};
    use crate::meetings::{MeetingMode, NewMeeting};
    use crate::openings::NewOpening;
    use crate::people::{NewPerson, PersonName};
    use crate::pipeline::{PipelineEvent, Refusal, Transition, transition};

    pub(crate) struct Story {
        pub(crate) dossier: Dossier,
        pub(crate) calendar: Calendar,
        next: u128,
    }

    /// Chicago, with Monday 20 January 2025 a holiday.
    pub(crate) fn chicago() -> Calendar {
        let tz = TimeZone::get("America/Chicago").expect("the test machine has a time zone database");
        Calendar::new(tz, [date(2025, 1, 20)], 17, 8).expect("valid hours")
    }

    impl Story {
        /// Priya Raman at Acme, identified and not yet contacted.
        pub(crate) fn new() -> Self {
            Self::named("Priya Raman", 1)
        }

        pub(crate) fn named(name: &str, id: u128) -> Self {
            let mut new = NewPerson::new(PersonName::new(name).expect("a name"));
            new.organization_id = Some(OrganizationId::from_uuid(Uuid::from_u128(0xACE)));
            let created = Timestamp::from_second(1_735_000_000).expect("a valid time");
            let person = new.into_person(PersonId::from_uuid(Uuid::from_u128(id)), AccountId::LOCAL, created);
            Self { dossier: Dossier::new(person), calendar: chicago(), next: id * 1000 }
        }

        fn uuid(&mut self) -> Uuid {
            self.next += 1;
            Uuid::from_u128(self.next)
        }

        /// Local Chicago time.
        pub(crate) fn at(&self, day: Date, hour: u8, minute: u8) -> Timestamp {
            self.calendar.local_time(day, hour, minute)
        }

        /// Runs `event` through the pipeline against the records as they are, and keeps the
        /// new state on the person.
        pub(crate) fn event(&mut self, event: PipelineEvent) -> Result<Transition, Refusal> {
            let outcome = transition(&self.dossier, &self.calendar, &event)?;
            outcome.state.write_to(&mut self.dossier.person, Timestamp::UNIX_EPOCH);
            Ok(outcome)
        }

        /// Adds an interaction without touching the pipeline.
        pub(crate) fn log(&mut self, kind: InteractionKind, at: Timestamp) -> InteractionId {
            let id = InteractionId::from_uuid(self.uuid());
            let interaction =
                NewInteraction::new(self.dossier.person.id, kind, at).into_interaction(id, AccountId::LOCAL, at);
            self.dossier.interactions.push(interaction);
            id
        }

        /// The event for an interaction, then the interaction itself.
        pub(crate) fn record(&mut self, kind: InteractionKind, at: Timestamp) -> Result<InteractionId, Refusal> {
            let confirmed = Some(TimeSource::Attested);
            let event = match kind {
                InteractionKind::Outreach => Some(PipelineEvent::OutreachSent { confirmed }),
                InteractionKind::FollowUp => Some(PipelineEvent::FollowUpSent { confirmed }),
                InteractionKind::Reply => Some(PipelineEvent::ReplyReceived { at }),
                InteractionKind::ThankYou => Some(PipelineEvent::ThankYouSent { at }),
                InteractionKind::CheckIn => Some(PipelineEvent::CheckInSent),
                InteractionKind::LoopClose => Some(PipelineEvent::LoopClosed),
                _ => None,
            };
            if let Some(event) = event {
                self.event(event)?;
            }
            Ok(self.log(kind, at))
        }

        /// Schedules a meeting set up at `created`.
        pub(crate) fn schedule(&mut self, at: Timestamp, mode: MeetingMode, created: Timestamp) -> MeetingId {
            let id = MeetingId::from_uuid(self.uuid());
            let meeting = NewMeeting::new(self.dossier.person.id, at, 20, mode)
                .expect("20 minutes is a meeting")
                .into_meeting(id, AccountId::LOCAL, created);
            self.dossier.meetings.push(meeting);
            let _ = self.event(PipelineEvent::MeetingScheduled);
            id
        }

        pub(crate) fn meeting_mut(&mut self, id: MeetingId) -> &mut crate::meetings::Meeting {
            self.dossier.meetings.iter_mut().find(|m| m.id == id).expect("the meeting exists")
        }

        /// Marks a meeting held, after the pipeline saw it.
        pub(crate) fn hold(&mut self, id: MeetingId) {
            let _ = self.event(PipelineEvent::MeetingHeld);
            self.meeting_mut(id).status = crate::meetings::MeetingStatus::Held;
        }

        /// An introduction by this person to someone else.
        pub(crate) fn introduction(
            &mut self,
            state: IntroState,
            at: Timestamp,
            meeting: Option<MeetingId>,
        ) -> IntroductionId {
            let id = IntroductionId::from_uuid(self.uuid());
            let other = PersonId::from_uuid(self.uuid());
            let intro = NewIntroduction {
                introducer_id: self.dossier.person.id,
                introduced_id: other,
                meeting_id: meeting,
                state,
                note: None,
            }
            .into_introduction(id, AccountId::LOCAL, at);
            self.dossier.introductions.push(intro);
            id
        }

        /// An opening this person referred (or may refer) the seeker for.
        pub(crate) fn opening(&mut self, title: &str, at: Timestamp) -> OpeningId {
            let id = OpeningId::from_uuid(self.uuid());
            let mut new = NewOpening::new(OrganizationId::from_uuid(Uuid::from_u128(0xACE)), title).expect("a title");
            new.referrer_id = Some(self.dossier.person.id);
            self.dossier.openings.push(new.into_opening(id, AccountId::LOCAL, at));
            id
        }
    }
}
