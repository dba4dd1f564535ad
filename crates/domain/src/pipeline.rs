//! The relationship pipeline (§4.8): a primary stage per person plus milestone flags that
//! move on their own (an introduction and a referral can happen in parallel).

use jiff::Timestamp;
use jiff::civil::Date;

use crate::calendar::Calendar;
use crate::dossier::{Dossier, History, OutreachCycle, earlier};
use crate::interactions::{InteractionKind, TimeSource};
use crate::meetings::{MeetingStatus, OpeningClose};
use crate::people::{Person, Segment, Tier};
use crate::word_enum;

word_enum! {
    /// Where a person stands with the seeker. The first eight are the primary stages in
    /// order; the rest are side and terminal stages.
    pub enum Stage ("stage") {
        Identified = "identified",
        Contacted = "contacted",
        FollowedUp = "followed_up",
        Responded = "responded",
        Scheduled = "scheduled",
        Met = "met",
        Thanked = "thanked",
        ActiveNetwork = "active_network",
        /// Silent after the one follow-up: a Curmudgeon, for now.
        NoResponse = "no_response",
        /// A polite no.
        Declined = "declined",
        /// Paused until a callback date.
        Hold = "hold",
        /// No two-way contact for a long time; still worth reconnecting.
        Dormant = "dormant",
        DoNotContact = "do_not_contact",
    }
}

impl Stage {
    /// Position on the primary path, `None` for side stages.
    pub fn primary_rank(self) -> Option<u8> {
        match self {
            Stage::Identified => Some(0),
            Stage::Contacted => Some(1),
            Stage::FollowedUp => Some(2),
            Stage::Responded => Some(3),
            Stage::Scheduled => Some(4),
            Stage::Met => Some(5),
            Stage::Thanked => Some(6),
            Stage::ActiveNetwork => Some(7),
            _ => None,
        }
    }

    /// True once the seeker has met the person (whatever happened after).
    pub fn has_met(self) -> bool {
        self.primary_rank().is_some_and(|r| r >= 5)
    }
}

word_enum! {
    /// The referral milestone of a person.
    pub enum ReferralState ("referral state") {
        None = "none",
        /// They said "let me think": every chaser is blocked.
        Considering = "considering",
        Asked = "asked",
        Made = "made",
        Declined = "declined",
    }
}

word_enum! {
    /// Closing the loop: telling them what the seeker did with their advice.
    pub enum LoopState ("loop state") {
        None = "none",
        Due = "due",
        Done = "done",
    }
}

/// The part of a person the pipeline moves: the stage and the milestone flags.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PipelineState {
    pub stage: Stage,
    pub segment: Segment,
    /// True once the seeker set the segment by hand; reply timing then leaves it alone.
    pub segment_manual: bool,
    pub tier: Option<Tier>,
    pub referral: ReferralState,
    pub loop_closed: LoopState,
    pub do_not_contact: bool,
}

impl PipelineState {
    /// The pipeline state a person is in now.
    pub fn of(person: &Person) -> Self {
        Self {
            stage: person.stage,
            segment: person.segment,
            segment_manual: person.segment_manual,
            tier: person.tier,
            referral: person.referral,
            loop_closed: person.loop_closed,
            do_not_contact: person.do_not_contact,
        }
    }

    /// Writes this state onto `person` and returns the names of the fields that changed;
    /// `updated_at` moves to `now` only when something did.
    pub fn write_to(&self, person: &mut Person, now: Timestamp) -> Vec<&'static str> {
        let before = Self::of(person);
        let mut changed = Vec::new();
        let mut note = |name: &'static str, same: bool| {
            if !same {
                changed.push(name);
            }
        };
        note("stage", before.stage == self.stage);
        note("segment", before.segment == self.segment && before.segment_manual == self.segment_manual);
        note("tier", before.tier == self.tier);
        note("referral", before.referral == self.referral);
        note("loop_closed", before.loop_closed == self.loop_closed);
        note("do_not_contact", before.do_not_contact == self.do_not_contact);
        person.stage = self.stage;
        person.segment = self.segment;
        person.segment_manual = self.segment_manual;
        person.tier = self.tier;
        person.referral = self.referral;
        person.loop_closed = self.loop_closed;
        person.do_not_contact = self.do_not_contact;
        if !changed.is_empty() {
            person.updated_at = now;
        }
        changed
    }
}

/// Something that happened, or that the seeker wants to record, which may move a person
/// along the pipeline.
///
/// The dossier given with an event holds the records as they were *before* it: the
/// interaction an event describes is not in it yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PipelineEvent {
    /// The first message of a new cycle went out. `confirmed` is how the seeker confirmed the
    /// send (typed in, or read off their mail); `None` when it is not confirmed.
    OutreachSent {
        confirmed: Option<TimeSource>,
    },
    /// The one follow-up of the cycle went out.
    FollowUpSent {
        confirmed: Option<TimeSource>,
    },
    /// The person answered (a reply, or any message from them) at `at`.
    ReplyReceived {
        at: Timestamp,
    },
    MeetingScheduled,
    MeetingCancelled,
    MeetingHeld,
    /// A thank-you went out at `at`.
    ThankYouSent {
        at: Timestamp,
    },
    /// The seeker marks the person as not responding. Without `user_override` this needs the
    /// follow-up plus 3 business days of silence, counted up to `now`.
    MarkNoResponse {
        now: Timestamp,
        user_override: bool,
    },
    /// The person said no, politely.
    Declined,
    /// Paused until a callback date the seeker keeps.
    Hold,
    /// Back from hold, decline, no response or dormancy to wherever the records place them.
    Resume,
    /// The seeker wants to be reminded to ask for a referral later.
    PlanReferralAsk,
    /// The seeker asked for a referral. `they_offered` when the person raised it first.
    ReferralAsked {
        they_offered: bool,
    },
    ReferralAnswered(ReferralAnswer),
    /// The seeker acted on the person's advice: a close-the-loop note is now due.
    AdviceActedOn,
    /// The close-the-loop note went out.
    LoopClosed,
    /// A keep-in-touch check-in went out.
    CheckInSent,
    /// The seeker marks the person dormant. Without `user_override` this needs two unanswered
    /// check-ins in a row, or (tiers B and C) 12 months without two-way contact up to `now`.
    MarkDormant {
        now: Timestamp,
        user_override: bool,
    },
    DoNotContact,
    /// Lifts do-not-contact: the explicit action that rule asks for.
    AllowContact,
    /// The seeker sets the segment by hand.
    SetSegment(Segment),
    /// The seeker moves the stage by hand; the same guards apply as for the events.
    MarkStage {
        stage: Stage,
        now: Timestamp,
    },
}

word_enum! {
    /// What a person answered to a referral ask.
    pub enum ReferralAnswer ("referral answer") {
        /// "Let me think about it": no chaser, ever.
        Considering = "considering",
        Made = "made",
        Declined = "declined",
    }
}

impl ReferralAnswer {
    pub fn state(self) -> ReferralState {
        match self {
            ReferralAnswer::Considering => ReferralState::Considering,
            ReferralAnswer::Made => ReferralState::Made,
            ReferralAnswer::Declined => ReferralState::Declined,
        }
    }
}

/// The outcome of an accepted event: the new state and the stages entered on the way, in
/// order (empty when the stage stays).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transition {
    pub state: PipelineState,
    pub entered: Vec<Stage>,
}

word_enum! {
    /// The transition guards of §4.8.
    pub enum Guard ("guard") {
        Contacted = "g_contacted",
        FollowedUp = "g_followed_up",
        NoResponse = "g_no_response",
        Thanked = "g_thanked",
        ActiveNetwork = "g_active_network",
        ReferralAsk = "g_referral_ask",
        Dormant = "g_dormant",
        DoNotContact = "g_do_not_contact",
    }
}

/// A step the method does not allow, explained: the rule, what to do instead and, when there
/// is one, the day from which the step becomes possible.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{rule} {instead}")]
pub struct Refusal {
    pub guard: Guard,
    /// The rule, as a sentence the seeker understands.
    pub rule: String,
    /// What to do instead, as a sentence.
    pub instead: String,
    /// The first day the refused step is allowed, when waiting is the answer.
    pub from: Option<Date>,
}

impl Refusal {
    fn new(guard: Guard, rule: impl Into<String>, instead: impl Into<String>) -> Self {
        Self { guard, rule: rule.into(), instead: instead.into(), from: None }
    }

    fn allowed_from(mut self, day: Date) -> Self {
        self.from = Some(day);
        self
    }
}

/// Applies `event` to the person of `dossier`: the new stage and flags, or a refusal that
/// says which rule stops it and what to do instead.
pub fn transition(dossier: &Dossier, calendar: &Calendar, event: &PipelineEvent) -> Result<Transition, Refusal> {
    Machine { dossier, calendar, history: History::of(dossier), state: PipelineState::of(&dossier.person) }.apply(event)
}

/// The segment a reply earns (§1.4, AT-9): a Booster answers within 3 business days of the
/// first message; anyone slower is an Obligate.
pub fn segment_for_reply(calendar: &Calendar, outreach_at: Timestamp, reply_at: Timestamp) -> Segment {
    if calendar.local_date(reply_at) <= calendar.business_days_after(outreach_at, 3) {
        Segment::Booster
    } else {
        Segment::Obligate
    }
}

/// The segment a cycle's timing shows as of `now`: Booster or Obligate once answered,
/// Curmudgeon when still silent 3 business days after the follow-up, else Unknown.
pub fn segment_by_timing(calendar: &Calendar, cycle: &OutreachCycle, now: Timestamp) -> Segment {
    match (cycle.first_response_at, cycle.first_follow_up()) {
        (Some(reply), _) => segment_for_reply(calendar, cycle.outreach_at, reply),
        (None, Some(follow_up)) if calendar.local_date(now) >= no_response_day(calendar, follow_up) => {
            Segment::Curmudgeon
        }
        _ => Segment::Unknown,
    }
}

/// The day a person may be marked no response: 3 business days after the follow-up.
pub fn no_response_day(calendar: &Calendar, follow_up_at: Timestamp) -> Date {
    calendar.business_days_after(follow_up_at, 3)
}

/// The stage a person's records support, ignoring side stages: what a person returns to when
/// do-not-contact is lifted or a hold ends.
pub fn implied_stage(dossier: &Dossier) -> Stage {
    let history = History::of(dossier);
    if thanked_after_meeting(dossier, &history) {
        Stage::ActiveNetwork
    } else if dossier.has_met() {
        Stage::Met
    } else if dossier.kept_meetings().any(|m| m.status == MeetingStatus::Scheduled) {
        Stage::Scheduled
    } else if history.cycle.as_ref().is_some_and(OutreachCycle::is_answered) || history.latest_inbound.is_some() {
        Stage::Responded
    } else {
        match &history.cycle {
            Some(cycle) if !cycle.follow_ups.is_empty() => Stage::FollowedUp,
            Some(_) => Stage::Contacted,
            None => Stage::Identified,
        }
    }
}

/// When the seeker first met the person, as far as the records tell.
fn first_met_at(dossier: &Dossier) -> Option<Timestamp> {
    let held = dossier.live_meetings().filter(|m| m.status == MeetingStatus::Held).map(|m| m.scheduled_at).min();
    let logged = dossier.own_interactions().filter(|i| i.kind == InteractionKind::Meeting).map(|i| i.at).min();
    earlier(held, logged)
}

/// G-thanked: a thank-you went out after the (first) meeting.
fn thanked_after_meeting(dossier: &Dossier, history: &History) -> bool {
    let Some(thanked) = history.last_sent(InteractionKind::ThankYou) else {
        return false;
    };
    match first_met_at(dossier) {
        Some(met) => thanked >= met,
        None => dossier.person.stage.has_met(),
    }
}

/// `to` when it lies further along the primary path than `current`, or when `current` is a
/// side stage; `current` otherwise. Do-not-contact never moves here.
fn forward(current: Stage, to: Stage) -> Stage {
    if current == Stage::DoNotContact {
        return current;
    }
    match (current.primary_rank(), to.primary_rank()) {
        (Some(now), Some(next)) if now >= next => current,
        _ => to,
    }
}

struct Machine<'a> {
    dossier: &'a Dossier,
    calendar: &'a Calendar,
    history: History,
    state: PipelineState,
}

impl Machine<'_> {
    fn name(&self) -> &str {
        &self.dossier.person.name.full
    }

    fn day(&self, date: Date) -> String {
        self.calendar.day_words(date)
    }

    fn day_of(&self, at: Timestamp) -> String {
        self.day(self.calendar.local_date(at))
    }

    fn apply(mut self, event: &PipelineEvent) -> Result<Transition, Refusal> {
        let before = self.state;
        let mut entered = Vec::new();
        if self.state.do_not_contact && !self.allowed_under_do_not_contact(event) {
            return Err(Refusal::new(
                Guard::DoNotContact,
                format!("{} is on your do-not-contact list, so rapport records no new contact with them.", self.name()),
                "If that has changed, lift do-not-contact on their record first.",
            ));
        }
        let mut go = |state: &mut PipelineState, to: Stage| {
            let next = forward(state.stage, to);
            if next != state.stage {
                state.stage = next;
                entered.push(next);
            }
        };
        match *event {
            PipelineEvent::OutreachSent { confirmed } => {
                self.require_confirmed(confirmed, "message")?;
                self.refuse_second_first_message()?;
                go(&mut self.state, Stage::Contacted);
            }
            PipelineEvent::FollowUpSent { confirmed } => {
                self.require_confirmed(confirmed, "follow-up")?;
                self.check_follow_up()?;
                if !self.history.cycle.as_ref().is_some_and(OutreachCycle::is_answered) {
                    go(&mut self.state, Stage::FollowedUp);
                }
            }
            PipelineEvent::ReplyReceived { at } => {
                if let Some(cycle) = &self.history.cycle
                    && !cycle.is_answered()
                    && at >= cycle.outreach_at
                    && !self.state.segment_manual
                {
                    self.state.segment = segment_for_reply(self.calendar, cycle.outreach_at, at);
                }
                if self.state.stage != Stage::Declined {
                    go(&mut self.state, Stage::Responded);
                }
            }
            PipelineEvent::MeetingScheduled => go(&mut self.state, Stage::Scheduled),
            PipelineEvent::MeetingCancelled => {
                if self.state.stage == Stage::Scheduled {
                    self.state.stage = Stage::Responded;
                    entered.push(Stage::Responded);
                }
            }
            PipelineEvent::MeetingHeld => go(&mut self.state, Stage::Met),
            PipelineEvent::ThankYouSent { at } => {
                let met = self.dossier.has_met() || self.dossier.kept_meetings().any(|m| m.scheduled_end() <= at);
                if met && self.state.stage.primary_rank().is_none_or(|r| r < 6) {
                    go(&mut self.state, Stage::Met);
                    go(&mut self.state, Stage::Thanked);
                    self.join_active_network(&mut entered);
                }
            }
            PipelineEvent::MarkNoResponse { now, user_override } => {
                if !user_override {
                    self.check_no_response(now)?;
                }
                self.mark_no_response(&mut entered);
            }
            PipelineEvent::Declined => self.set_stage(Stage::Declined, &mut entered),
            PipelineEvent::Hold => self.set_stage(Stage::Hold, &mut entered),
            PipelineEvent::Resume => {
                if matches!(self.state.stage, Stage::Hold | Stage::Declined | Stage::NoResponse | Stage::Dormant) {
                    self.set_stage(implied_stage(self.dossier), &mut entered);
                }
            }
            PipelineEvent::PlanReferralAsk => self.check_referral_ask(false)?,
            PipelineEvent::ReferralAsked { they_offered } => {
                self.check_referral_ask(they_offered)?;
                self.state.referral = ReferralState::Asked;
            }
            PipelineEvent::ReferralAnswered(answer) => self.state.referral = answer.state(),
            PipelineEvent::AdviceActedOn => self.state.loop_closed = LoopState::Due,
            PipelineEvent::LoopClosed => self.state.loop_closed = LoopState::Done,
            PipelineEvent::CheckInSent => {}
            PipelineEvent::MarkDormant { now, user_override } => {
                if !user_override {
                    self.check_dormant(now)?;
                }
                self.set_stage(Stage::Dormant, &mut entered);
            }
            PipelineEvent::DoNotContact => {
                self.state.do_not_contact = true;
                self.set_stage(Stage::DoNotContact, &mut entered);
            }
            PipelineEvent::AllowContact => {
                if self.state.do_not_contact || self.state.stage == Stage::DoNotContact {
                    self.state.do_not_contact = false;
                    self.set_stage(implied_stage(self.dossier), &mut entered);
                }
            }
            PipelineEvent::SetSegment(segment) => {
                self.state.segment = segment;
                self.state.segment_manual = true;
            }
            PipelineEvent::MarkStage { stage, now } => self.mark_stage(stage, now, &mut entered)?,
        }
        if self.state == before {
            entered.clear();
        }
        Ok(Transition { state: self.state, entered })
    }

    /// Facts (a reply came, a meeting happened) are still recorded for a do-not-contact
    /// person; anything that reaches out to them is not.
    fn allowed_under_do_not_contact(&self, event: &PipelineEvent) -> bool {
        matches!(
            event,
            PipelineEvent::ReplyReceived { .. }
                | PipelineEvent::MeetingHeld
                | PipelineEvent::MeetingCancelled
                | PipelineEvent::ReferralAnswered(_)
                | PipelineEvent::AdviceActedOn
                | PipelineEvent::DoNotContact
                | PipelineEvent::AllowContact
                | PipelineEvent::SetSegment(_)
                | PipelineEvent::MarkStage { stage: Stage::DoNotContact, .. }
        )
    }

    fn set_stage(&mut self, stage: Stage, entered: &mut Vec<Stage>) {
        if self.state.stage != stage {
            self.state.stage = stage;
            entered.push(stage);
        }
    }

    /// G-active_network: thanked people join the active network at once, in tier A.
    fn join_active_network(&mut self, entered: &mut Vec<Stage>) {
        if self.state.stage == Stage::Thanked {
            self.set_stage(Stage::ActiveNetwork, entered);
        }
        self.state.tier = Some(Tier::A);
    }

    fn mark_no_response(&mut self, entered: &mut Vec<Stage>) {
        self.set_stage(Stage::NoResponse, entered);
        if !self.state.segment_manual {
            self.state.segment = Segment::Curmudgeon;
        }
    }

    /// G-contacted: a send counts once the seeker confirmed it.
    fn require_confirmed(&self, confirmed: Option<TimeSource>, what: &str) -> Result<(), Refusal> {
        if confirmed.is_some() {
            return Ok(());
        }
        Err(Refusal::new(
            Guard::Contacted,
            format!("A {what} counts only once you have sent it yourself; rapport never sends for you."),
            format!("Send it to {} from your own account, then log it with the time you sent it.", self.name()),
        ))
    }

    /// A second first message while the cycle is still open is a follow-up in disguise.
    fn refuse_second_first_message(&self) -> Result<(), Refusal> {
        let Some(cycle) = &self.history.cycle else { return Ok(()) };
        if cycle.is_answered() || !matches!(self.state.stage, Stage::Contacted | Stage::FollowedUp) {
            return Ok(());
        }
        let sent = self.day_of(cycle.outreach_at);
        match cycle.first_follow_up() {
            None => {
                let follow_up_day = self.calendar.business_days_after(cycle.outreach_at, 7);
                Err(Refusal::new(
                    Guard::FollowedUp,
                    format!(
                        "You already wrote to {} on {sent}; a second first message reads as pressure.",
                        self.name()
                    ),
                    format!(
                        "Wait: if they have not replied by {}, send your one follow-up in the same thread.",
                        self.day(follow_up_day)
                    ),
                )
                .allowed_from(follow_up_day))
            }
            Some(follow_up) => {
                let day = no_response_day(self.calendar, follow_up);
                Err(Refusal::new(
                    Guard::FollowedUp,
                    format!(
                        "You wrote to {} on {sent} and followed up on {}: that is all this round allows.",
                        self.name(),
                        self.day_of(follow_up)
                    ),
                    format!(
                        "From {} you may mark them no response and write to someone else at their employer.",
                        self.day(day)
                    ),
                )
                .allowed_from(day))
            }
        }
    }

    /// G-followed_up: one follow-up per outreach cycle.
    fn check_follow_up(&self) -> Result<(), Refusal> {
        let Some(cycle) = &self.history.cycle else {
            return Err(Refusal::new(
                Guard::FollowedUp,
                format!("A follow-up follows a first message, and none to {} is logged.", self.name()),
                "Log the first message you sent them, then the follow-up.",
            ));
        };
        if let Some(first) = cycle.first_follow_up() {
            let day = no_response_day(self.calendar, first);
            return Err(Refusal::new(
                Guard::FollowedUp,
                format!("One follow-up is the rule, and you sent yours to {} on {}.", self.name(), self.day_of(first)),
                format!(
                    "Leave it there. If they stay silent, you may mark them no response from {} and write to \
                     someone else at their employer.",
                    self.day(day)
                ),
            )
            .allowed_from(day));
        }
        Ok(())
    }

    /// G-no_response: only after the follow-up plus 3 business days of silence.
    fn check_no_response(&self, now: Timestamp) -> Result<(), Refusal> {
        let Some(cycle) = &self.history.cycle else {
            return Err(Refusal::new(
                Guard::NoResponse,
                format!(
                    "No response means silence after your first message and your one follow-up, and you have not \
                     written to {} yet.",
                    self.name()
                ),
                "Log your first message once you send it; rapport tells you when to follow up.",
            ));
        };
        if let Some(reply) = cycle.first_response_at {
            return Err(Refusal::new(
                Guard::NoResponse,
                format!("{} answered on {}.", self.name(), self.day_of(reply)),
                "Reply to them, or mark them declined if they said no.",
            ));
        }
        let today = self.calendar.local_date(now);
        match cycle.first_follow_up() {
            None => {
                let follow_up_day = self.calendar.business_days_after(cycle.outreach_at, 7);
                let send_day = follow_up_day.max(self.calendar.business_day_on_or_after(today));
                Err(Refusal::new(
                    Guard::NoResponse,
                    "Silence counts only after your one follow-up and 3 more business days.",
                    format!(
                        "Send your follow-up on {}; if they are still silent 3 business days later, mark them then.",
                        self.day(send_day)
                    ),
                )
                .allowed_from(self.calendar.add_business_days(send_day, 3)))
            }
            Some(follow_up) => {
                let day = no_response_day(self.calendar, follow_up);
                if today >= day {
                    return Ok(());
                }
                Err(Refusal::new(
                    Guard::NoResponse,
                    format!(
                        "Give your follow-up of {} three business days before calling it silence.",
                        self.day_of(follow_up)
                    ),
                    format!("You may mark {} no response from {}.", self.name(), self.day(day)),
                )
                .allowed_from(day))
            }
        }
    }

    /// G-referral_ask: only after a meeting (or their offer), and never after a "let me
    /// think", a no, or an ask still waiting for its answer.
    fn check_referral_ask(&self, they_offered: bool) -> Result<(), Refusal> {
        let considering = self.state.referral == ReferralState::Considering
            || self.dossier.live_meetings().any(|m| m.ledger.opening_close == Some(OpeningClose::Considering));
        if considering {
            return Err(Refusal::new(
                Guard::ReferralAsk,
                format!(
                    "{} said they would think about it, and after a \"let me think\" there is no second ask and no \
                     chaser.",
                    self.name()
                ),
                "Leave the door open: your thank-you may carry the job description as an FYI, nothing more.",
            ));
        }
        match self.state.referral {
            ReferralState::Declined => {
                return Err(Refusal::new(
                    Guard::ReferralAsk,
                    format!("{} already said no to a referral.", self.name()),
                    "Thank them for the help they did give and keep in touch without asking again.",
                ));
            }
            ReferralState::Asked => {
                return Err(Refusal::new(
                    Guard::ReferralAsk,
                    format!("You already asked {} for a referral; asking again is pressure.", self.name()),
                    "Wait for their answer, and keep your updates and check-ins free of asks.",
                ));
            }
            _ => {}
        }
        if !they_offered && !self.dossier.has_met() && !self.state.stage.has_met() {
            return Err(Refusal::new(
                Guard::ReferralAsk,
                format!(
                    "A referral ask comes only after a real conversation, and you have not met {} yet.",
                    self.name()
                ),
                "Ask for their insight and advice first. If they offer to refer you, log it as their offer.",
            ));
        }
        Ok(())
    }

    /// G-dormant: two unanswered check-ins in a row, or a year without two-way contact in
    /// tier B or C.
    fn check_dormant(&self, now: Timestamp) -> Result<(), Refusal> {
        if self.history.unanswered_check_ins >= 2 {
            return Ok(());
        }
        let slow_tier = matches!(self.state.tier, Some(Tier::B | Tier::C));
        let year_after = self
            .history
            .last_real_touch
            .map(|t| self.calendar.local_date(t).saturating_add(jiff::Span::new().years(1)));
        if slow_tier && year_after.is_some_and(|day| self.calendar.local_date(now) >= day) {
            return Ok(());
        }
        let last = match self.history.last_real_touch {
            Some(t) => format!("since your last two-way contact on {}", self.day_of(t)),
            None => "so far".to_string(),
        };
        let checks = match self.history.unanswered_check_ins {
            1 => "1 check-in has".to_string(),
            n => format!("{n} check-ins have"),
        };
        let refusal = Refusal::new(
            Guard::Dormant,
            format!(
                "A contact turns dormant after two check-ins in a row go unanswered, or after a year without two-way \
                 contact in tier B or C; {checks} gone unanswered {last}."
            ),
            format!("Keep in touch with {} as usual: share something useful and ask for nothing.", self.name()),
        );
        Err(match year_after {
            Some(day) if slow_tier => refusal.allowed_from(day),
            _ => refusal,
        })
    }

    /// A stage set by hand passes the same guards as the events that lead to it.
    fn mark_stage(&mut self, stage: Stage, now: Timestamp, entered: &mut Vec<Stage>) -> Result<(), Refusal> {
        match stage {
            Stage::Contacted if self.history.cycle.is_none() => Err(Refusal::new(
                Guard::Contacted,
                format!("{} counts as contacted once a message you sent is logged.", self.name()),
                "Log the message you sent them (with the time you sent it); the stage follows.",
            )),
            Stage::FollowedUp if self.history.cycle.as_ref().is_none_or(|c| c.follow_ups.is_empty()) => {
                Err(Refusal::new(
                    Guard::FollowedUp,
                    format!("{} counts as followed up once your follow-up is logged.", self.name()),
                    "Log the follow-up you sent; the stage follows.",
                ))
            }
            Stage::NoResponse => {
                self.check_no_response(now)?;
                self.mark_no_response(entered);
                Ok(())
            }
            Stage::Thanked | Stage::ActiveNetwork => {
                if !thanked_after_meeting(self.dossier, &self.history) {
                    let guard = if stage == Stage::Thanked { Guard::Thanked } else { Guard::ActiveNetwork };
                    return Err(Refusal::new(
                        guard,
                        format!(
                            "{} is thanked once a thank-you after your meeting is logged; the active network follows \
                             from it.",
                            self.name()
                        ),
                        "Send your thank-you (within 24 hours of meeting) and log it.",
                    ));
                }
                self.set_stage(Stage::Thanked, entered);
                self.join_active_network(entered);
                Ok(())
            }
            Stage::Dormant => {
                self.check_dormant(now)?;
                self.set_stage(Stage::Dormant, entered);
                Ok(())
            }
            Stage::DoNotContact => {
                self.state.do_not_contact = true;
                self.set_stage(Stage::DoNotContact, entered);
                Ok(())
            }
            other => {
                self.set_stage(other, entered);
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;
    use crate::dossier::story::Story;
    use crate::meetings::MeetingMode;

    /// Outreach on Thu 2 Jan 2025 at 10:00 Chicago time.
    fn contacted() -> Story {
        let mut story = Story::new();
        let sent = story.at(date(2025, 1, 2), 10, 0);
        story.record(InteractionKind::Outreach, sent).unwrap();
        assert_eq!(story.dossier.person.stage, Stage::Contacted);
        story
    }

    /// Contacted, then the one follow-up on Mon 13 Jan 2025 (7B).
    fn followed_up() -> Story {
        let mut story = contacted();
        let follow_up = story.at(date(2025, 1, 13), 9, 0);
        story.record(InteractionKind::FollowUp, follow_up).unwrap();
        assert_eq!(story.dossier.person.stage, Stage::FollowedUp);
        story
    }

    /// Met over coffee on Tue 14 Jan 2025 at 15:00.
    fn met() -> Story {
        let mut story = contacted();
        let reply = story.at(date(2025, 1, 3), 11, 0);
        story.record(InteractionKind::Reply, reply).unwrap();
        let when = story.at(date(2025, 1, 14), 15, 0);
        let meeting = story.schedule(when, MeetingMode::Coffee, reply);
        story.hold(meeting);
        assert_eq!(story.dossier.person.stage, Stage::Met);
        story
    }

    #[test]
    fn at_7_a_second_follow_up_in_the_same_cycle_is_refused() {
        let mut story = followed_up();
        let again = story.at(date(2025, 1, 14), 9, 0);
        let refusal = story.record(InteractionKind::FollowUp, again).unwrap_err();
        assert_eq!(refusal.guard, Guard::FollowedUp);
        assert_eq!(refusal.from, Some(date(2025, 1, 16)));
        assert!(refusal.rule.contains("One follow-up is the rule"), "{refusal}");
        assert!(refusal.rule.contains("Mon 13 Jan 2025"), "{refusal}");
        assert!(refusal.instead.contains("no response from Thu 16 Jan 2025"), "{refusal}");
        // Nothing moved.
        assert_eq!(story.dossier.person.stage, Stage::FollowedUp);
    }

    #[test]
    fn a_new_cycle_allows_a_new_follow_up() {
        let mut story = followed_up();
        let later = story.at(date(2025, 1, 16), 9, 0);
        story.event(PipelineEvent::MarkNoResponse { now: later, user_override: false }).unwrap();
        let months_later = story.at(date(2025, 5, 5), 9, 0);
        story.record(InteractionKind::Outreach, months_later).unwrap();
        assert_eq!(story.dossier.person.stage, Stage::Contacted);
        let follow_up = story.at(date(2025, 5, 14), 9, 0);
        story.record(InteractionKind::FollowUp, follow_up).unwrap();
        assert_eq!(story.dossier.person.stage, Stage::FollowedUp);
    }

    #[test]
    fn a_follow_up_needs_a_first_message() {
        let mut story = Story::new();
        let at = story.at(date(2025, 1, 2), 10, 0);
        let refusal = story.record(InteractionKind::FollowUp, at).unwrap_err();
        assert_eq!(refusal.guard, Guard::FollowedUp);
        assert!(refusal.instead.contains("Log the first message"), "{refusal}");
    }

    #[test]
    fn a_second_first_message_while_waiting_is_refused_with_the_follow_up_day() {
        let mut story = contacted();
        let again = story.at(date(2025, 1, 6), 9, 0);
        let refusal = story.record(InteractionKind::Outreach, again).unwrap_err();
        assert_eq!(refusal.guard, Guard::FollowedUp);
        assert_eq!(refusal.from, Some(date(2025, 1, 13)));
    }

    #[test]
    fn g_contacted_needs_a_confirmed_send() {
        let story = Story::new();
        let refusal =
            transition(&story.dossier, &story.calendar, &PipelineEvent::OutreachSent { confirmed: None }).unwrap_err();
        assert_eq!(refusal.guard, Guard::Contacted);
        assert!(refusal.rule.contains("never sends for you"), "{refusal}");
        let observed = PipelineEvent::OutreachSent { confirmed: Some(TimeSource::Observed) };
        assert_eq!(transition(&story.dossier, &story.calendar, &observed).unwrap().state.stage, Stage::Contacted);
        let refusal = transition(
            &story.dossier,
            &story.calendar,
            &PipelineEvent::MarkStage { stage: Stage::Contacted, now: Timestamp::UNIX_EPOCH },
        )
        .unwrap_err();
        assert_eq!(refusal.guard, Guard::Contacted);
    }

    #[test]
    fn at_9_a_reply_within_3b_makes_a_booster() {
        let mut story = contacted();
        let reply = story.at(date(2025, 1, 6), 16, 0); // 2B
        let outcome = story.event(PipelineEvent::ReplyReceived { at: reply }).unwrap();
        assert_eq!(outcome.state.segment, Segment::Booster);
        assert_eq!(outcome.state.stage, Stage::Responded);
        assert_eq!(outcome.entered, vec![Stage::Responded]);
    }

    #[test]
    fn at_9_a_reply_after_the_follow_up_makes_an_obligate() {
        let mut story = followed_up();
        let reply = story.at(date(2025, 1, 14), 10, 0); // 8B
        let outcome = story.event(PipelineEvent::ReplyReceived { at: reply }).unwrap();
        assert_eq!(outcome.state.segment, Segment::Obligate);
        assert_eq!(outcome.state.stage, Stage::Responded);
    }

    #[test]
    fn at_9_silence_3b_after_the_follow_up_makes_a_curmudgeon() {
        let mut story = followed_up();
        let cycle = story.dossier.cycle().unwrap();
        let too_soon = story.at(date(2025, 1, 15), 12, 0);
        assert_eq!(segment_by_timing(&story.calendar, &cycle, too_soon), Segment::Unknown);
        let refusal = story.event(PipelineEvent::MarkNoResponse { now: too_soon, user_override: false }).unwrap_err();
        assert_eq!(refusal.guard, Guard::NoResponse);
        assert_eq!(refusal.from, Some(date(2025, 1, 16)));
        assert!(refusal.instead.contains("Thu 16 Jan 2025"), "{refusal}");

        let day = story.at(date(2025, 1, 16), 8, 0);
        assert_eq!(segment_by_timing(&story.calendar, &cycle, day), Segment::Curmudgeon);
        let outcome = story.event(PipelineEvent::MarkNoResponse { now: day, user_override: false }).unwrap();
        assert_eq!(outcome.state.stage, Stage::NoResponse);
        assert_eq!(outcome.state.segment, Segment::Curmudgeon);
    }

    #[test]
    fn at_9_timing_rules_on_the_boundary() {
        let story = contacted();
        let cal = &story.calendar;
        let sent = story.at(date(2025, 1, 2), 10, 0);
        // 3B is Tue 7 Jan: a reply any time that day is still a Booster's.
        assert_eq!(segment_for_reply(cal, sent, story.at(date(2025, 1, 7), 23, 0)), Segment::Booster);
        assert_eq!(segment_for_reply(cal, sent, story.at(date(2025, 1, 8), 7, 0)), Segment::Obligate);
    }

    #[test]
    fn g_no_response_needs_the_follow_up_first_unless_overridden() {
        let mut story = contacted();
        let now = story.at(date(2025, 1, 9), 9, 0);
        let refusal = story.event(PipelineEvent::MarkNoResponse { now, user_override: false }).unwrap_err();
        assert_eq!(refusal.guard, Guard::NoResponse);
        assert!(refusal.instead.contains("Send your follow-up on Mon 13 Jan 2025"), "{refusal}");
        assert_eq!(refusal.from, Some(date(2025, 1, 16)));
        let outcome = story.event(PipelineEvent::MarkNoResponse { now, user_override: true }).unwrap();
        assert_eq!(outcome.state.stage, Stage::NoResponse);
    }

    #[test]
    fn no_response_is_refused_once_they_answered() {
        let mut story = followed_up();
        let reply = story.at(date(2025, 1, 14), 10, 0);
        story.record(InteractionKind::Reply, reply).unwrap();
        let now = story.at(date(2025, 1, 20), 10, 0);
        let refusal = story.event(PipelineEvent::MarkNoResponse { now, user_override: false }).unwrap_err();
        assert!(refusal.rule.contains("answered on Tue 14 Jan 2025"), "{refusal}");
    }

    #[test]
    fn a_segment_set_by_hand_survives_replies() {
        let mut story = contacted();
        story.event(PipelineEvent::SetSegment(Segment::Obligate)).unwrap();
        let reply = story.at(date(2025, 1, 3), 9, 0);
        let outcome = story.event(PipelineEvent::ReplyReceived { at: reply }).unwrap();
        assert_eq!((outcome.state.segment, outcome.state.segment_manual), (Segment::Obligate, true));
    }

    #[test]
    fn g_active_network_follows_the_thank_you_with_tier_a() {
        let mut story = met();
        let thanks = story.at(date(2025, 1, 14), 20, 0);
        story.log(InteractionKind::ThankYou, thanks);
        let outcome = transition(&story.dossier, &story.calendar, &PipelineEvent::ThankYouSent { at: thanks });
        // The dossier already holds this thank-you; the result is the same either way.
        let outcome = outcome.unwrap();
        assert_eq!(outcome.entered, vec![Stage::Thanked, Stage::ActiveNetwork]);
        assert_eq!(outcome.state.tier, Some(Tier::A));
    }

    #[test]
    fn a_thank_you_after_a_scheduled_meeting_ended_counts_as_met() {
        let mut story = contacted();
        let reply = story.at(date(2025, 1, 3), 11, 0);
        story.record(InteractionKind::Reply, reply).unwrap();
        let when = story.at(date(2025, 1, 14), 15, 0);
        story.schedule(when, MeetingMode::Video, reply);
        let thanks = story.at(date(2025, 1, 14), 18, 0);
        let outcome = story.event(PipelineEvent::ThankYouSent { at: thanks }).unwrap();
        assert_eq!(outcome.entered, vec![Stage::Met, Stage::Thanked, Stage::ActiveNetwork]);
    }

    #[test]
    fn a_thank_you_before_any_meeting_moves_nothing() {
        let mut story = contacted();
        let thanks = story.at(date(2025, 1, 3), 11, 0);
        let outcome = story.event(PipelineEvent::ThankYouSent { at: thanks }).unwrap();
        assert_eq!(outcome.state.stage, Stage::Contacted);
        assert!(outcome.entered.is_empty());
    }

    #[test]
    fn g_thanked_refuses_the_stage_without_a_thank_you_after_meeting() {
        let mut story = met();
        let now = story.at(date(2025, 1, 15), 9, 0);
        let refusal = story.event(PipelineEvent::MarkStage { stage: Stage::Thanked, now }).unwrap_err();
        assert_eq!(refusal.guard, Guard::Thanked);
        assert!(refusal.instead.contains("24 hours"), "{refusal}");
        let refusal = story.event(PipelineEvent::MarkStage { stage: Stage::ActiveNetwork, now }).unwrap_err();
        assert_eq!(refusal.guard, Guard::ActiveNetwork);
        // A thank-you sent before the meeting does not count.
        story.log(InteractionKind::ThankYou, story.at(date(2025, 1, 10), 9, 0));
        assert!(story.event(PipelineEvent::MarkStage { stage: Stage::Thanked, now }).is_err());
        story.log(InteractionKind::ThankYou, story.at(date(2025, 1, 14), 19, 0));
        let outcome = story.event(PipelineEvent::MarkStage { stage: Stage::Thanked, now }).unwrap();
        assert_eq!(outcome.state.stage, Stage::ActiveNetwork);
        assert_eq!(outcome.state.tier, Some(Tier::A));
    }

    #[test]
    fn at_6_no_referral_ask_or_chaser_after_let_me_think() {
        let mut story = met();
        story.event(PipelineEvent::ReferralAnswered(ReferralAnswer::Considering)).unwrap();
        for event in [PipelineEvent::PlanReferralAsk, PipelineEvent::ReferralAsked { they_offered: false }] {
            let refusal = story.event(event).unwrap_err();
            assert_eq!(refusal.guard, Guard::ReferralAsk);
            assert!(refusal.rule.contains("think about it"), "{refusal}");
        }
    }

    #[test]
    fn at_6_let_me_think_in_the_meeting_ledger_blocks_too() {
        let mut story = met();
        let meeting = story.dossier.meetings[0].id;
        story.meeting_mut(meeting).ledger.opening_close = Some(OpeningClose::Considering);
        let refusal = story.event(PipelineEvent::PlanReferralAsk).unwrap_err();
        assert_eq!(refusal.guard, Guard::ReferralAsk);
    }

    #[test]
    fn g_referral_ask_needs_a_meeting_or_their_offer_and_only_once() {
        let mut story = contacted();
        let refusal = story.event(PipelineEvent::ReferralAsked { they_offered: false }).unwrap_err();
        assert!(refusal.rule.contains("have not met"), "{refusal}");
        let outcome = story.event(PipelineEvent::ReferralAsked { they_offered: true }).unwrap();
        assert_eq!(outcome.state.referral, ReferralState::Asked);
        let refusal = story.event(PipelineEvent::ReferralAsked { they_offered: true }).unwrap_err();
        assert!(refusal.rule.contains("already asked"), "{refusal}");
        story.event(PipelineEvent::ReferralAnswered(ReferralAnswer::Declined)).unwrap();
        let refusal = story.event(PipelineEvent::PlanReferralAsk).unwrap_err();
        assert!(refusal.rule.contains("already said no"), "{refusal}");
    }

    #[test]
    fn g_do_not_contact_blocks_outreach_but_records_facts_and_lifts_explicitly() {
        let mut story = contacted();
        story.event(PipelineEvent::DoNotContact).unwrap();
        assert_eq!(story.dossier.person.stage, Stage::DoNotContact);
        let at = story.at(date(2025, 1, 13), 9, 0);
        let refusal = story.record(InteractionKind::FollowUp, at).unwrap_err();
        assert_eq!(refusal.guard, Guard::DoNotContact);
        assert_eq!(story.event(PipelineEvent::CheckInSent).unwrap_err().guard, Guard::DoNotContact);
        // A reply is a fact: recorded, and the stage stays.
        let outcome = story.event(PipelineEvent::ReplyReceived { at }).unwrap();
        assert_eq!(outcome.state.stage, Stage::DoNotContact);
        // Lifting it puts them back where the records say they are.
        story.log(InteractionKind::Reply, at);
        let outcome = story.event(PipelineEvent::AllowContact).unwrap();
        assert_eq!((outcome.state.stage, outcome.state.do_not_contact), (Stage::Responded, false));
    }

    #[test]
    fn g_dormant_needs_two_unanswered_check_ins_or_a_quiet_year_in_tier_b() {
        let mut story = met();
        story.record(InteractionKind::ThankYou, story.at(date(2025, 1, 14), 19, 0)).unwrap();
        let now = story.at(date(2025, 3, 1), 9, 0);
        story.record(InteractionKind::CheckIn, story.at(date(2025, 2, 14), 9, 0)).unwrap();
        let refusal = story.event(PipelineEvent::MarkDormant { now, user_override: false }).unwrap_err();
        assert_eq!(refusal.guard, Guard::Dormant);
        assert!(refusal.rule.contains("1 check-in has gone unanswered"), "{refusal}");
        story.record(InteractionKind::CheckIn, story.at(date(2025, 3, 14), 9, 0)).unwrap();
        assert_eq!(
            story.event(PipelineEvent::MarkDormant { now, user_override: false }).unwrap().state.stage,
            Stage::Dormant
        );

        let mut quiet = met();
        quiet.dossier.person.tier = Some(Tier::B);
        let soon = quiet.at(date(2025, 6, 1), 9, 0);
        let refusal = quiet.event(PipelineEvent::MarkDormant { now: soon, user_override: false }).unwrap_err();
        assert_eq!(refusal.from, Some(date(2026, 1, 14)));
        let year_on = quiet.at(date(2026, 1, 14), 9, 0);
        assert!(quiet.event(PipelineEvent::MarkDormant { now: year_on, user_override: false }).is_ok());
    }

    #[test]
    fn resume_returns_to_the_stage_the_records_support() {
        let mut story = met();
        story.event(PipelineEvent::Hold).unwrap();
        assert_eq!(story.dossier.person.stage, Stage::Hold);
        let outcome = story.event(PipelineEvent::Resume).unwrap();
        assert_eq!(outcome.state.stage, Stage::Met);
    }

    #[test]
    fn a_cancelled_meeting_steps_back_and_a_decline_holds_against_replies() {
        let mut story = contacted();
        story.record(InteractionKind::Reply, story.at(date(2025, 1, 3), 9, 0)).unwrap();
        story.schedule(story.at(date(2025, 1, 20), 9, 0), MeetingMode::Call, story.at(date(2025, 1, 3), 10, 0));
        assert_eq!(story.dossier.person.stage, Stage::Scheduled);
        assert_eq!(story.event(PipelineEvent::MeetingCancelled).unwrap().state.stage, Stage::Responded);
        story.event(PipelineEvent::Declined).unwrap();
        let at = story.at(date(2025, 1, 6), 9, 0);
        assert_eq!(story.event(PipelineEvent::ReplyReceived { at }).unwrap().state.stage, Stage::Declined);
    }

    #[test]
    fn stages_never_move_backwards_on_late_events() {
        let mut story = met();
        let at = story.at(date(2025, 1, 20), 9, 0);
        let outcome = story.event(PipelineEvent::ReplyReceived { at }).unwrap();
        assert_eq!(outcome.state.stage, Stage::Met);
        assert!(outcome.entered.is_empty());
    }

    #[test]
    fn writing_a_state_reports_the_fields_that_changed() {
        let mut story = Story::new();
        let mut state = PipelineState::of(&story.dossier.person);
        state.stage = Stage::Contacted;
        state.tier = Some(Tier::B);
        let now = Timestamp::from_second(1_800_000_000).unwrap();
        assert_eq!(state.write_to(&mut story.dossier.person, now), vec!["stage", "tier"]);
        assert_eq!(story.dossier.person.updated_at, now);
        assert!(state.write_to(&mut story.dossier.person, Timestamp::UNIX_EPOCH).is_empty());
        assert_eq!(story.dossier.person.updated_at, now);
    }
}
