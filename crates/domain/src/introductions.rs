//! Introductions: who introduced whom to the seeker, and how far it has got (§4.8, the
//! `introduced` milestone).

use jiff::Timestamp;

use crate::ids::{AccountId, IntroductionId, MeetingId, PersonId};
use crate::word_enum;

/// An introduction from one person in the network (the introducer) to another.
#[derive(Clone, Debug, PartialEq)]
pub struct Introduction {
    pub id: IntroductionId,
    pub owner: AccountId,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub introducer_id: PersonId,
    pub introduced_id: PersonId,
    /// The meeting where it was offered, if any.
    pub meeting_id: Option<MeetingId>,
    pub state: IntroState,
    pub state_changed_at: Timestamp,
    pub note: Option<String>,
}

word_enum! {
    /// offered → requested → received → replied; or declined.
    pub enum IntroState ("introduction state") {
        Offered = "offered",
        Requested = "requested",
        Received = "received",
        /// The introduced person answered: the first real touch, so 3B7 starts on them.
        Replied = "replied",
        Declined = "declined",
    }
}

/// An introduction to record.
#[derive(Clone, Debug, PartialEq)]
pub struct NewIntroduction {
    pub introducer_id: PersonId,
    pub introduced_id: PersonId,
    pub meeting_id: Option<MeetingId>,
    pub state: IntroState,
    pub note: Option<String>,
}

impl NewIntroduction {
    pub fn into_introduction(self, id: IntroductionId, owner: AccountId, now: Timestamp) -> Introduction {
        Introduction {
            id,
            owner,
            created_at: now,
            updated_at: now,
            introducer_id: self.introducer_id,
            introduced_id: self.introduced_id,
            meeting_id: self.meeting_id,
            state: self.state,
            state_changed_at: now,
            note: self.note,
        }
    }
}
