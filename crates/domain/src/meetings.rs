//! Meetings: the informational interview itself, from scheduling to the debrief ledger of
//! clues, gifts and promises (§4.6).

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};

use crate::ids::{AccountId, IntroductionId, MeetingId, OpeningId, PersonId, PromiseId, QuestionId};
use crate::values::{bounded, required};
use crate::{ValidationError, word_enum};

/// An informational interview.
#[derive(Clone, Debug, PartialEq)]
pub struct Meeting {
    pub id: MeetingId,
    pub owner: AccountId,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub person_id: PersonId,
    pub scheduled_at: Timestamp,
    pub duration_min: u16,
    pub mode: MeetingMode,
    /// Where, or the call link.
    pub location: Option<String>,
    pub agenda: Option<String>,
    pub notes: Option<String>,
    pub status: MeetingStatus,
    /// The opening discussed, when there is one at their employer.
    pub opening_id: Option<OpeningId>,
    /// Questions the seeker pinned for this meeting, in order.
    pub questions: Vec<QuestionId>,
    pub ledger: Ledger,
    pub deleted_at: Option<Timestamp>,
}

impl Meeting {
    /// When the meeting ends by its schedule.
    pub fn scheduled_end(&self) -> Timestamp {
        self.scheduled_at + SignedDuration::from_mins(i64::from(self.duration_min))
    }

    /// Coffee means the seeker pays (§2.4).
    pub fn pay_required(&self) -> bool {
        self.mode == MeetingMode::Coffee
    }
}

word_enum! {
    /// How the meeting happens. There is no lunch: the seeker never invites to lunch.
    pub enum MeetingMode ("meeting mode") {
        Call = "call",
        Video = "video",
        Office = "office",
        Coffee = "coffee",
    }
}

word_enum! {
    pub enum MeetingStatus ("meeting status") {
        Scheduled = "scheduled",
        Held = "held",
        Cancelled = "cancelled",
    }
}

word_enum! {
    /// TIARA: the five kinds of question, and of clue.
    pub enum Tiara ("TIARA letter") {
        Trends = "trends",
        Insights = "insights",
        Advice = "advice",
        Resources = "resources",
        Assignments = "assignments",
    }
}

impl Tiara {
    /// The letter shown beside a clue: T, I, A, R, A.
    pub fn letter(self) -> char {
        match self {
            Tiara::Trends => 'T',
            Tiara::Insights => 'I',
            Tiara::Advice | Tiara::Assignments => 'A',
            Tiara::Resources => 'R',
        }
    }
}

/// What the seeker took away from a meeting: the scavenger hunt's clues and gifts, and the
/// promises made both ways.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Ledger {
    pub clues: Vec<Clue>,
    pub gifts: Vec<Gift>,
    pub promises: Vec<Promise>,
    /// The help the seeker offered at the end.
    pub reciprocal_offer: Option<String>,
    /// What they answered to "How can I help you?".
    pub they_asked_for: Option<String>,
    pub payment: Option<Payment>,
    /// The seeker's rating of rapport, 1–5.
    pub rapport: Option<u8>,
    pub opening_close: Option<OpeningClose>,
    /// When the debrief was recorded.
    pub debriefed_at: Option<Timestamp>,
}

impl Ledger {
    /// Meeting yield (§4.6.5): gifts + ¼ × clues. Shown, never pressed.
    pub fn meeting_yield(&self) -> f64 {
        self.gifts.len() as f64 + 0.25 * self.clues.len() as f64
    }

    pub fn validate(self) -> Result<Self, ValidationError> {
        if let Some(r) = self.rapport {
            bounded("rapport", r, 1, 5)?;
        }
        Ok(self)
    }
}

/// A piece of information, tagged with its TIARA letter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clue {
    pub tiara: Tiara,
    pub text: String,
}

impl Clue {
    pub fn new(tiara: Tiara, text: &str) -> Result<Self, ValidationError> {
        Ok(Self { tiara, text: required("clue", text)? })
    }
}

word_enum! {
    pub enum GiftKind ("gift kind") {
        Introduction = "introduction",
        Referral = "referral",
        Recruiter = "recruiter",
        Resource = "resource",
    }
}

/// Something the person gave beyond information: an introduction, a referral, a recruiter's
/// name, a resource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gift {
    pub kind: GiftKind,
    pub text: String,
    /// The person introduced or named, once they are in the network.
    pub person_id: Option<PersonId>,
    pub introduction_id: Option<IntroductionId>,
    pub opening_id: Option<OpeningId>,
    pub url: Option<String>,
}

word_enum! {
    /// Who owes a promise.
    pub enum Party ("party") {
        Mine = "mine",
        Theirs = "theirs",
    }
}

/// A promise made in the meeting: the seeker's (send the article) or theirs (an intro).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Promise {
    pub id: PromiseId,
    pub owed_by: Party,
    pub text: String,
    pub due: Option<Date>,
    pub done_at: Option<Timestamp>,
}

word_enum! {
    pub enum Payer ("payer") {
        Me = "me",
        Them = "them",
        Nobody = "nobody",
    }
}

/// Who paid for the coffee, and how much (minor units, e.g. cents).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payment {
    pub payer: Payer,
    pub amount_minor: Option<u32>,
    pub currency: Option<String>,
}

word_enum! {
    /// The answer to the opening-specific close (§4.6.4).
    pub enum OpeningClose ("opening close outcome") {
        NotAsked = "not_asked",
        Yes = "yes",
        /// "Let me think": recorded, and every chaser is blocked.
        Considering = "considering",
        No = "no",
    }
}

/// A meeting to schedule.
#[derive(Clone, Debug, PartialEq)]
pub struct NewMeeting {
    pub person_id: PersonId,
    pub scheduled_at: Timestamp,
    pub duration_min: u16,
    pub mode: MeetingMode,
    pub location: Option<String>,
    pub agenda: Option<String>,
    pub opening_id: Option<OpeningId>,
}

impl NewMeeting {
    /// A meeting of `duration_min` minutes: 10 to 90, and 20 unless there is a reason.
    pub fn new(
        person_id: PersonId,
        scheduled_at: Timestamp,
        duration_min: u16,
        mode: MeetingMode,
    ) -> Result<Self, ValidationError> {
        if !(10..=90).contains(&duration_min) {
            return Err(ValidationError::new(
                "duration",
                format!("{duration_min} minutes is not a meeting length; ask for 20 (15–30 is usual, 10–90 allowed)"),
            ));
        }
        Ok(Self { person_id, scheduled_at, duration_min, mode, location: None, agenda: None, opening_id: None })
    }

    pub fn into_meeting(self, id: MeetingId, owner: AccountId, now: Timestamp) -> Meeting {
        Meeting {
            id,
            owner,
            created_at: now,
            updated_at: now,
            person_id: self.person_id,
            scheduled_at: self.scheduled_at,
            duration_min: self.duration_min,
            mode: self.mode,
            location: self.location,
            agenda: self.agenda,
            notes: None,
            status: MeetingStatus::Scheduled,
            opening_id: self.opening_id,
            questions: Vec::new(),
            ledger: Ledger::default(),
            deleted_at: None,
        }
    }
}
