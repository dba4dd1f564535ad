//! The relationship pipeline (§4.8): a primary stage per person plus milestone flags that
//! move on their own (an introduction and a referral can happen in parallel).

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
