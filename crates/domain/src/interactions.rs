//! Interactions: every message, call and meeting between the seeker and a person, with
//! when it happened and whether the time was typed in (attested) or read off a system
//! (observed).

use jiff::Timestamp;

use crate::ids::{AccountId, InteractionId, MeetingId, OpeningId, PersonId};
use crate::values::optional;
use crate::word_enum;

/// One touch between the seeker and a person.
#[derive(Clone, Debug, PartialEq)]
pub struct Interaction {
    pub id: InteractionId,
    pub owner: AccountId,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub person_id: PersonId,
    pub kind: InteractionKind,
    pub channel: Channel,
    pub direction: Direction,
    /// When it happened.
    pub at: Timestamp,
    pub at_source: TimeSource,
    pub text: Option<String>,
    pub outcome: Option<String>,
    pub meeting_id: Option<MeetingId>,
    pub opening_id: Option<OpeningId>,
}

word_enum! {
    /// What an interaction was (§4.1).
    pub enum InteractionKind ("interaction kind") {
        Outreach = "outreach",
        FollowUp = "follow_up",
        Reply = "reply",
        Meeting = "meeting",
        ThankYou = "thank_you",
        LoopClose = "loop_close",
        ReferralAsk = "referral_ask",
        ReferralUpdate = "referral_update",
        CheckIn = "check_in",
        IntroRequest = "intro_request",
        IntroReceived = "intro_received",
        /// Anything else worth keeping on the timeline.
        Other = "other",
    }
}

impl InteractionKind {
    /// True when this counts as real two-way contact (it resets keep-in-touch cadences).
    pub fn is_real_touch(self, direction: Direction) -> bool {
        match self {
            InteractionKind::Reply | InteractionKind::Meeting | InteractionKind::IntroReceived => true,
            _ => direction == Direction::Inbound,
        }
    }
}

word_enum! {
    /// The medium of an interaction.
    pub enum Channel ("channel") {
        Email = "email",
        LinkedIn = "linkedin",
        Phone = "phone",
        Video = "video",
        InPerson = "in_person",
        Text = "text",
        Other = "other",
    }
}

word_enum! {
    /// Who spoke: the seeker (outbound) or the other person (inbound).
    pub enum Direction ("direction") {
        Outbound = "outbound",
        Inbound = "inbound",
    }
}

word_enum! {
    /// Whether the time of an interaction was typed by the seeker or read from a system.
    pub enum TimeSource ("time source") {
        Attested = "attested",
        Observed = "observed",
    }
}

/// An interaction to record.
#[derive(Clone, Debug, PartialEq)]
pub struct NewInteraction {
    pub person_id: PersonId,
    pub kind: InteractionKind,
    pub channel: Channel,
    pub direction: Direction,
    pub at: Timestamp,
    pub at_source: TimeSource,
    pub text: Option<String>,
    pub outcome: Option<String>,
    pub meeting_id: Option<MeetingId>,
    pub opening_id: Option<OpeningId>,
}

impl NewInteraction {
    /// An interaction of `kind` at `at`, typed in by the seeker. The direction follows from
    /// the kind (a reply is inbound, everything else outbound) until set otherwise.
    pub fn new(person_id: PersonId, kind: InteractionKind, at: Timestamp) -> Self {
        let direction = match kind {
            InteractionKind::Reply | InteractionKind::IntroReceived => Direction::Inbound,
            _ => Direction::Outbound,
        };
        let channel = match kind {
            InteractionKind::Meeting => Channel::InPerson,
            _ => Channel::Email,
        };
        Self {
            person_id,
            kind,
            channel,
            direction,
            at,
            at_source: TimeSource::Attested,
            text: None,
            outcome: None,
            meeting_id: None,
            opening_id: None,
        }
    }

    pub fn with_text(mut self, text: Option<&str>) -> Self {
        self.text = optional(text);
        self
    }

    pub fn into_interaction(self, id: InteractionId, owner: AccountId, now: Timestamp) -> Interaction {
        Interaction {
            id,
            owner,
            created_at: now,
            updated_at: now,
            person_id: self.person_id,
            kind: self.kind,
            channel: self.channel,
            direction: self.direction,
            at: self.at,
            at_source: self.at_source,
            text: self.text,
            outcome: self.outcome,
            meeting_id: self.meeting_id,
            opening_id: self.opening_id,
        }
    }
}
