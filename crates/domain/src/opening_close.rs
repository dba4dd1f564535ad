//! The opening-specific close (§4.6.4): whether the seeker asks about an opening in the
//! meeting itself (the qualification question, the job description, the referral ask) or
//! defers to a later, separate message.
//!
//! The rule asks in the meeting only when all four conditions hold: an opening with its job
//! description; rapport of at least 3 out of 5, or they asked about the search; at least four
//! minutes left; and an earlier interaction with someone who works at the hiring employer.
//! Otherwise the close is deferred: ask permission to follow up, and send one referral ask,
//! with an easy out, after the thank-you. After a "let me think" (or any answer) nothing is
//! asked again.

use jiff::SignedDuration;

use crate::openings::Opening;
use crate::people::Person;
use crate::pipeline::ReferralState;
use crate::word_enum;

/// The least time that must be left in the meeting to ask.
pub const MIN_TIME_LEFT: SignedDuration = SignedDuration::from_mins(4);

/// The least self-rated rapport (out of 5) that allows the ask, unless they asked about the
/// search themselves.
pub const MIN_RAPPORT: u8 = 3;

word_enum! {
    /// One condition of the in-meeting ask.
    pub enum CloseCondition ("opening close condition") {
        /// An opening exists at their employer and is still active.
        Opening = "opening",
        /// The seeker has the job description (its text or its link).
        JobDescription = "job_description",
        /// Rapport is at least 3 out of 5, or they asked about the seeker's search.
        Rapport = "rapport",
        /// At least four minutes remain.
        TimeLeft = "time_left",
        /// This is not the seeker's first-ever interaction with them.
        EarlierContact = "earlier_contact",
        /// They work at the hiring employer.
        WorksThere = "works_there",
    }
}

impl CloseCondition {
    /// What the condition requires, as shown in a checklist.
    pub fn requirement(self) -> &'static str {
        match self {
            CloseCondition::Opening => "There is an active opening at their employer.",
            CloseCondition::JobDescription => "You have the job description, as text or a link.",
            CloseCondition::Rapport => "Rapport feels like 3 out of 5 or better, or they asked about your search.",
            CloseCondition::TimeLeft => "At least four minutes of the meeting remain.",
            CloseCondition::EarlierContact => "You have been in touch with them before this meeting.",
            CloseCondition::WorksThere => "They work at the employer that is hiring.",
        }
    }

    /// Why the ask waits when this condition fails, and what to do instead.
    pub fn unmet_reason(self) -> &'static str {
        match self {
            CloseCondition::Opening => {
                "There is no active opening at their employer, so there is nothing to ask about."
            }
            CloseCondition::JobDescription => {
                "You don't have the job description yet: save its text or link to the opening first."
            }
            CloseCondition::Rapport => {
                "Rapport is below 3 out of 5 and they haven't asked about your search: keep it to advice today."
            }
            CloseCondition::TimeLeft => "Fewer than four minutes remain: there is no time to ask without rushing them.",
            CloseCondition::EarlierContact => {
                "This is your first contact with them: a referral ask has to wait for a real exchange."
            }
            CloseCondition::WorksThere => {
                "They don't work at the hiring employer: ask them for people there instead of a referral."
            }
        }
    }
}

/// What is known about the meeting when the rule runs. Before the meeting `rapport` is
/// usually `None`; in the meeting the seeker rates it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpeningCloseFacts {
    /// An active opening exists at their employer.
    pub has_opening: bool,
    /// Its job description is on file (text or link).
    pub has_job_description: bool,
    pub works_at_hiring_employer: bool,
    /// Interactions with them before this meeting.
    pub earlier_interactions: usize,
    /// The seeker's rating of rapport, 1–5, once known.
    pub rapport: Option<u8>,
    pub they_asked_about_search: bool,
    /// Where the referral milestone stands with this person.
    pub referral: ReferralState,
}

impl OpeningCloseFacts {
    /// The facts the records give before the meeting: rapport not yet rated, no question
    /// about the search yet. `opening` is the opening discussed; an opening that is no longer
    /// active counts as none.
    pub fn from_records(person: &Person, opening: Option<&Opening>, earlier_interactions: usize) -> Self {
        let opening = opening.filter(|o| o.status.is_active() && o.deleted_at.is_none());
        let filled = |s: &Option<String>| s.as_deref().is_some_and(|v| !v.trim().is_empty());
        Self {
            has_opening: opening.is_some(),
            has_job_description: opening.is_some_and(|o| filled(&o.jd_text) || filled(&o.jd_url)),
            works_at_hiring_employer: opening.is_some_and(|o| person.organization_id == Some(o.organization_id)),
            earlier_interactions,
            rapport: None,
            they_asked_about_search: false,
            referral: person.referral,
        }
    }
}

/// What the seeker does about the opening.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpeningCloseDecision {
    /// Every condition holds: ask in the meeting, with the scripted close.
    AskInMeeting,
    /// Every condition holds except that rapport is not rated yet: plan the close, and ask
    /// only if rapport turns out to be 3 or better or they ask about the search.
    AskIfRapportHolds,
    /// Ask later: in the meeting, only ask permission to follow up; after the thank-you,
    /// send one referral ask with an easy out. `unmet` lists the conditions that failed.
    Defer { unmet: Vec<CloseCondition> },
    /// The referral question has already been answered (or is being thought about): never
    /// ask again.
    DoNotAsk { referral: ReferralState },
}

impl OpeningCloseDecision {
    /// True when the meeting's agenda holds the opening-close block.
    pub fn plans_in_meeting(&self) -> bool {
        matches!(self, OpeningCloseDecision::AskInMeeting | OpeningCloseDecision::AskIfRapportHolds)
    }
}

/// The conditions of the in-meeting ask that fail, in the order of §4.6.4. Rapport that is
/// not rated yet does not count as failed.
pub fn unmet_conditions(facts: &OpeningCloseFacts, remaining: SignedDuration) -> Vec<CloseCondition> {
    let rapport_fails = !facts.they_asked_about_search && facts.rapport.is_some_and(|r| r < MIN_RAPPORT);
    [
        (CloseCondition::Opening, facts.has_opening),
        (CloseCondition::JobDescription, facts.has_opening && facts.has_job_description),
        (CloseCondition::Rapport, !rapport_fails),
        (CloseCondition::TimeLeft, remaining >= MIN_TIME_LEFT),
        (CloseCondition::EarlierContact, facts.earlier_interactions > 0),
        (CloseCondition::WorksThere, facts.works_at_hiring_employer),
    ]
    .into_iter()
    .filter(|(_, holds)| !holds)
    .map(|(condition, _)| condition)
    .collect()
}

/// The §4.6.4 decision rule, with `remaining` the time left in the meeting at the moment of
/// the ask.
pub fn decide_opening_close(facts: &OpeningCloseFacts, remaining: SignedDuration) -> OpeningCloseDecision {
    if matches!(facts.referral, ReferralState::Considering | ReferralState::Declined | ReferralState::Made) {
        return OpeningCloseDecision::DoNotAsk { referral: facts.referral };
    }
    let unmet = unmet_conditions(facts, remaining);
    if !unmet.is_empty() {
        return OpeningCloseDecision::Defer { unmet };
    }
    let rapport_known = facts.they_asked_about_search || facts.rapport.is_some();
    if rapport_known { OpeningCloseDecision::AskInMeeting } else { OpeningCloseDecision::AskIfRapportHolds }
}

#[cfg(test)]
mod tests {
    use jiff::Timestamp;
    use proptest::prelude::*;

    use super::*;
    use crate::ids::{AccountId, OpeningId, OrganizationId, PersonId};
    use crate::openings::{NewOpening, OpeningStatus};
    use crate::people::{NewPerson, PersonName};

    fn all_hold() -> OpeningCloseFacts {
        OpeningCloseFacts {
            has_opening: true,
            has_job_description: true,
            works_at_hiring_employer: true,
            earlier_interactions: 3,
            rapport: Some(4),
            they_asked_about_search: false,
            referral: ReferralState::None,
        }
    }

    const PLENTY: SignedDuration = SignedDuration::from_mins(6);

    fn deferred_for(facts: OpeningCloseFacts, remaining: SignedDuration) -> Vec<CloseCondition> {
        match decide_opening_close(&facts, remaining) {
            OpeningCloseDecision::Defer { unmet } => unmet,
            other => panic!("expected a deferral, got {other:?}"),
        }
    }

    #[test]
    fn all_four_conditions_allow_the_ask() {
        assert_eq!(decide_opening_close(&all_hold(), PLENTY), OpeningCloseDecision::AskInMeeting);
    }

    #[test]
    fn condition_1_needs_an_opening_and_its_job_description() {
        let no_jd = OpeningCloseFacts { has_job_description: false, ..all_hold() };
        assert_eq!(deferred_for(no_jd, PLENTY), vec![CloseCondition::JobDescription]);
        let no_opening = OpeningCloseFacts { has_opening: false, ..all_hold() };
        assert_eq!(deferred_for(no_opening, PLENTY), vec![CloseCondition::Opening, CloseCondition::JobDescription]);
    }

    #[test]
    fn condition_2_needs_rapport_of_three_or_a_question_about_the_search() {
        let low = OpeningCloseFacts { rapport: Some(2), ..all_hold() };
        assert_eq!(deferred_for(low, PLENTY), vec![CloseCondition::Rapport]);
        let three = OpeningCloseFacts { rapport: Some(3), ..all_hold() };
        assert_eq!(decide_opening_close(&three, PLENTY), OpeningCloseDecision::AskInMeeting);
        let they_asked = OpeningCloseFacts { rapport: Some(2), they_asked_about_search: true, ..all_hold() };
        assert_eq!(decide_opening_close(&they_asked, PLENTY), OpeningCloseDecision::AskInMeeting);
        let unrated = OpeningCloseFacts { rapport: None, ..all_hold() };
        assert_eq!(decide_opening_close(&unrated, PLENTY), OpeningCloseDecision::AskIfRapportHolds);
    }

    #[test]
    fn condition_3_needs_four_minutes_left() {
        assert_eq!(decide_opening_close(&all_hold(), MIN_TIME_LEFT), OpeningCloseDecision::AskInMeeting);
        let just_short = MIN_TIME_LEFT - SignedDuration::from_secs(1);
        assert_eq!(deferred_for(all_hold(), just_short), vec![CloseCondition::TimeLeft]);
        assert_eq!(deferred_for(all_hold(), SignedDuration::from_mins(-2)), vec![CloseCondition::TimeLeft]);
    }

    #[test]
    fn condition_4_needs_an_earlier_contact_who_works_at_the_hiring_employer() {
        let first_contact = OpeningCloseFacts { earlier_interactions: 0, ..all_hold() };
        assert_eq!(deferred_for(first_contact, PLENTY), vec![CloseCondition::EarlierContact]);
        let elsewhere = OpeningCloseFacts { works_at_hiring_employer: false, ..all_hold() };
        assert_eq!(deferred_for(elsewhere, PLENTY), vec![CloseCondition::WorksThere]);
    }

    /// AT-6, the meeting side: after "let me think" (`referred = considering`) the close is
    /// never planned again, in this meeting or a later one.
    #[test]
    fn at_6_after_an_answer_or_a_let_me_think_nothing_is_asked_again() {
        for referral in [ReferralState::Considering, ReferralState::Declined, ReferralState::Made] {
            let facts = OpeningCloseFacts { referral, ..all_hold() };
            assert_eq!(decide_opening_close(&facts, PLENTY), OpeningCloseDecision::DoNotAsk { referral });
        }
        let asked_by_email = OpeningCloseFacts { referral: ReferralState::Asked, ..all_hold() };
        assert_eq!(decide_opening_close(&asked_by_email, PLENTY), OpeningCloseDecision::AskInMeeting);
    }

    #[test]
    fn facts_come_from_the_person_and_the_opening() {
        let northwind = OrganizationId::new();
        let mut new = NewPerson::new(PersonName::new("Priya Natarajan").unwrap());
        new.organization_id = Some(northwind);
        let priya = new.into_person(PersonId::new(), AccountId::LOCAL, Timestamp::UNIX_EPOCH);
        let mut opening = NewOpening::new(northwind, "Data Analyst II").unwrap().into_opening(
            OpeningId::new(),
            AccountId::LOCAL,
            Timestamp::UNIX_EPOCH,
        );
        let facts = OpeningCloseFacts::from_records(&priya, Some(&opening), 2);
        assert!(facts.has_opening && facts.works_at_hiring_employer && !facts.has_job_description);

        opening.jd_url = Some("https://northwind.example/jobs/123".into());
        let facts = OpeningCloseFacts::from_records(&priya, Some(&opening), 2);
        assert!(facts.has_job_description);
        assert_eq!(decide_opening_close(&facts, PLENTY), OpeningCloseDecision::AskIfRapportHolds);

        opening.status = OpeningStatus::Closed;
        let closed = OpeningCloseFacts::from_records(&priya, Some(&opening), 2);
        assert!(!closed.has_opening && !closed.has_job_description);

        opening.status = OpeningStatus::Discovered;
        opening.organization_id = OrganizationId::new();
        assert!(!OpeningCloseFacts::from_records(&priya, Some(&opening), 2).works_at_hiring_employer);
    }

    #[test]
    fn every_condition_has_wording() {
        for condition in CloseCondition::ALL {
            assert!(condition.requirement().ends_with('.'));
            assert!(condition.unmet_reason().ends_with('.'));
        }
    }

    proptest! {
        #[test]
        fn the_ask_happens_only_when_every_condition_holds(
            has_opening in any::<bool>(),
            has_job_description in any::<bool>(),
            works_at_hiring_employer in any::<bool>(),
            earlier_interactions in 0usize..3,
            rapport in proptest::option::of(1u8..=5),
            they_asked_about_search in any::<bool>(),
            remaining_secs in -60i64..1800,
        ) {
            let facts = OpeningCloseFacts {
                has_opening,
                has_job_description,
                works_at_hiring_employer,
                earlier_interactions,
                rapport,
                they_asked_about_search,
                referral: ReferralState::None,
            };
            let remaining = SignedDuration::from_secs(remaining_secs);
            let all = has_opening
                && has_job_description
                && works_at_hiring_employer
                && earlier_interactions > 0
                && remaining_secs >= 240;
            let rapport_ok = they_asked_about_search || rapport.is_some_and(|r| r >= 3);
            let decision = decide_opening_close(&facts, remaining);
            prop_assert_eq!(decision == OpeningCloseDecision::AskInMeeting, all && rapport_ok);
            prop_assert_eq!(decision.plans_in_meeting(), all && (rapport_ok || rapport.is_none()));
        }
    }
}
