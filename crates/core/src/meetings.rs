//! Meetings: scheduling an informational interview, and the debrief after it (§4.6.5): the
//! clues (TIARA-tagged), the gifts (an offered introduction creates the introduced person and
//! an introduction in state *offered*; referrals; named recruiters; resources), promises both
//! ways, who paid, their answer to "How can I help you?", the rapport rating and the answer
//! to the opening-specific close. A "let me think" is recorded as the referral milestone
//! *considering*, which blocks every chaser.
//!
//! Each use case moves the pipeline (scheduled, met) and rebuilds the reminders of everyone
//! it touches in the same write.

use jiff::Timestamp;
use jiff::civil::Date;
use rapport_domain::ids::{IntroductionId, MeetingId, PersonId, PromiseId};
use rapport_domain::introductions::{IntroState, NewIntroduction};
use rapport_domain::meetings::{
    Clue, Gift, GiftKind, Meeting, MeetingStatus, NewMeeting, OpeningClose, Party, Payment, Promise,
};
use rapport_domain::people::{NewPerson, Person, PersonName, Source};
use rapport_domain::pipeline::{PipelineEvent, ReferralAnswer};
use rapport_domain::values::fold_name;
use rapport_store::{PersonKey, Reader, Store, StoreError, Trashable, Writer};

use crate::interactions::step;
use crate::{CoreError, CoreResult, Ctx, people, reminders};

/// Schedules a meeting with a live person; they move to *scheduled* and the prep,
/// confirmation and (for coffee) payment reminders appear.
pub fn schedule<S: Store>(ctx: &Ctx<'_, S>, new: NewMeeting) -> CoreResult<Meeting> {
    ctx.store.write(|w| {
        let person = live_person(w, ctx, new.person_id)?;
        if let Some(opening) = new.opening_id {
            let opening = w.opening(ctx.owner, opening)?;
            if opening.deleted_at.is_some() {
                return Err(CoreError::Refused(format!(
                    "the opening {} is in the trash; restore it first or leave --opening out",
                    opening.title
                )));
            }
        }
        let context = reminders::context(w, ctx.owner)?;
        let mut dossier = reminders::dossier(w, ctx.owner, person)?;
        step(&mut dossier, &context, &PipelineEvent::MeetingScheduled, ctx.now)?;
        let meeting = new.into_meeting(MeetingId::new(), ctx.owner, ctx.now);
        w.insert_meeting(&meeting)?;
        w.update_person(&dossier.person)?;
        dossier.meetings.push(meeting.clone());
        reminders::rewrite(w, ctx.owner, &context, &dossier)?;
        Ok(meeting)
    })
}

fn live_person<W: Writer, S>(w: &W, ctx: &Ctx<'_, S>, id: PersonId) -> CoreResult<Person> {
    let person = w.person(ctx.owner, id)?;
    if person.deleted_at.is_some() {
        return Err(CoreError::Refused(format!(
            "{} is in the trash; restore them first with `rapport trash restore {}`",
            person.name.full,
            person.id.short()
        )));
    }
    Ok(person)
}

/// A meeting with the person it is with.
#[derive(Clone, Debug, PartialEq)]
pub struct MeetingDetail {
    pub meeting: Meeting,
    pub person: Person,
}

pub fn detail<S: Store>(ctx: &Ctx<'_, S>, id: MeetingId) -> CoreResult<MeetingDetail> {
    ctx.store.read(|r| {
        let meeting = r.meeting(ctx.owner, id)?;
        let person = r.person(ctx.owner, meeting.person_id)?;
        Ok(MeetingDetail { meeting, person })
    })
}

/// Finds the meeting the user means by `text`: a meeting id, or a person, whose most recent
/// meeting that has begun is meant (their next one when none has).
pub fn resolve<S: Store>(ctx: &Ctx<'_, S>, text: &str) -> CoreResult<MeetingId> {
    let trimmed = text.trim();
    if let Ok(id) = trimmed.parse::<MeetingId>() {
        return match ctx.store.read(|r| r.meeting(ctx.owner, id)) {
            Ok(_) => Ok(id),
            Err(StoreError::NotFound { .. }) => Err(CoreError::NoMatch {
                kind: "meeting",
                query: trimmed.to_string(),
                hint: "name the person instead, or find the id with `rapport person show PERSON --json`".into(),
            }),
            Err(e) => Err(e.into()),
        };
    }
    let person = people::resolve(ctx, trimmed)?;
    let meetings = ctx.store.read(|r| r.meetings_for_person(ctx.owner, person))?;
    pick_meeting(&meetings, ctx.now).map(|m| m.id).ok_or_else(|| CoreError::NoMatch {
        kind: "meeting",
        query: trimmed.to_string(),
        hint: format!("schedule one first with `rapport meet \"{trimmed}\" --at WHEN`"),
    })
}

/// The latest meeting that has begun, else the next one; trashed and cancelled ones don't
/// count.
fn pick_meeting(meetings: &[Meeting], now: Timestamp) -> Option<&Meeting> {
    let kept = || meetings.iter().filter(|m| m.deleted_at.is_none() && m.status != MeetingStatus::Cancelled);
    kept()
        .filter(|m| m.scheduled_at <= now)
        .max_by_key(|m| (m.scheduled_at, m.id))
        .or_else(|| kept().filter(|m| m.scheduled_at > now).min_by_key(|m| (m.scheduled_at, m.id)))
}

/// Someone named in a debrief: a person already in the network, or a new one by name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Named {
    Existing(PersonId),
    /// A name: an exact match links the person, no match adds them, several ask for an id.
    Name(String),
}

/// A promise made in the meeting, by the seeker or by them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewPromise {
    pub owed_by: Party,
    pub text: String,
    pub due: Option<Date>,
}

/// What the seeker took away from a meeting, to add to its ledger.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Debrief {
    pub clues: Vec<Clue>,
    /// People they offered to introduce the seeker to.
    pub introductions: Vec<Named>,
    /// Referrals they made or offered, in the seeker's words.
    pub referrals: Vec<String>,
    /// Recruiters or headhunters they named.
    pub recruiters: Vec<String>,
    /// Articles, groups, reports they pointed to (a link or a description).
    pub resources: Vec<String>,
    pub promises: Vec<NewPromise>,
    pub payment: Option<Payment>,
    /// Their answer to "How can I help you?".
    pub they_asked_for: Option<String>,
    /// The help the seeker offered.
    pub reciprocal_offer: Option<String>,
    /// Rapport, 1–5.
    pub rapport: Option<u8>,
    pub opening_close: Option<OpeningClose>,
    pub notes: Option<String>,
}

/// What a debrief changed.
#[derive(Clone, Debug, PartialEq)]
pub struct Debriefed {
    pub meeting: Meeting,
    pub person: Person,
    /// The people introduced, as stored (new ones included).
    pub introduced: Vec<Person>,
    /// Which of them were added to the network by this debrief.
    pub added: Vec<PersonId>,
}

/// Adds a debrief to a meeting's ledger (a debrief may be added to in several goes). The
/// meeting counts as held from now; an offered introduction adds the introduced person (or
/// links them) and an introduction in state *offered*, plus their promise to make it; a
/// referral marks the referral made; the opening-close answer sets the referral milestone
/// (*considering* blocks every chaser, *no* is a decline).
pub fn debrief<S: Store>(ctx: &Ctx<'_, S>, id: MeetingId, debrief: Debrief) -> CoreResult<Debriefed> {
    ctx.store.write(|w| {
        let mut meeting = w.meeting(ctx.owner, id)?;
        if meeting.deleted_at.is_some() {
            return Err(CoreError::Refused(
                "that meeting is in the trash; restore it first with `rapport trash restore`".into(),
            ));
        }
        if meeting.status == MeetingStatus::Cancelled {
            return Err(CoreError::Refused(
                "that meeting was cancelled; schedule a new one with `rapport meet` if you met after all".into(),
            ));
        }
        let person = live_person(w, ctx, meeting.person_id)?;
        let context = reminders::context(w, ctx.owner)?;
        if meeting.scheduled_at > ctx.now {
            return Err(CoreError::Refused(format!(
                "the meeting with {} is on {}; record what you took away once it has happened",
                person.name.full,
                context.calendar.moment_words(meeting.scheduled_at)
            )));
        }
        let mut dossier = reminders::dossier(w, ctx.owner, person)?;
        if meeting.status == MeetingStatus::Scheduled {
            step(&mut dossier, &context, &PipelineEvent::MeetingHeld, ctx.now)?;
            meeting.status = MeetingStatus::Held;
        }
        let introducer = dossier.person.clone();
        let mut introduced = Vec::new();
        let mut added = Vec::new();
        for named in &debrief.introductions {
            let (other, is_new) = named_person(w, ctx, named, &introducer)?;
            if other.id == introducer.id {
                return Err(CoreError::Refused(format!(
                    "{} cannot introduce you to themselves; name the person they offered to introduce",
                    introducer.name.full
                )));
            }
            let intro = NewIntroduction {
                introducer_id: introducer.id,
                introduced_id: other.id,
                meeting_id: Some(meeting.id),
                state: IntroState::Offered,
                note: None,
            }
            .into_introduction(IntroductionId::new(), ctx.owner, ctx.now);
            w.insert_introduction(&intro)?;
            meeting.ledger.gifts.push(Gift {
                kind: GiftKind::Introduction,
                text: format!("Introduction to {}", other.name.full),
                person_id: Some(other.id),
                introduction_id: Some(intro.id),
                opening_id: None,
                url: None,
            });
            meeting.ledger.promises.push(Promise {
                id: PromiseId::new(),
                owed_by: Party::Theirs,
                text: format!("introduce me to {}", other.name.full),
                due: None,
                done_at: None,
            });
            dossier.introductions.push(intro);
            if is_new {
                added.push(other.id);
            }
            introduced.push(other);
        }
        for text in &debrief.referrals {
            meeting.ledger.gifts.push(gift(GiftKind::Referral, text, None, meeting.opening_id));
        }
        if !debrief.referrals.is_empty() {
            step(&mut dossier, &context, &PipelineEvent::ReferralAnswered(ReferralAnswer::Made), ctx.now)?;
        }
        for text in &debrief.recruiters {
            let linked = match w.find_people(ctx.owner, &PersonKey::Name(fold_name(text)))?.as_slice() {
                [one] => Some(*one),
                _ => None,
            };
            meeting.ledger.gifts.push(gift(GiftKind::Recruiter, text, linked, None));
        }
        for text in &debrief.resources {
            let mut resource = gift(GiftKind::Resource, text, None, None);
            if text.starts_with("http://") || text.starts_with("https://") {
                resource.url = Some(text.trim().to_string());
            }
            meeting.ledger.gifts.push(resource);
        }
        meeting.ledger.clues.extend(debrief.clues.iter().cloned());
        for promise in &debrief.promises {
            meeting.ledger.promises.push(Promise {
                id: PromiseId::new(),
                owed_by: promise.owed_by,
                text: rapport_domain::values::required("promise", &promise.text)?,
                due: promise.due,
                done_at: None,
            });
        }
        let ledger = &mut meeting.ledger;
        if debrief.payment.is_some() {
            ledger.payment.clone_from(&debrief.payment);
        }
        if debrief.they_asked_for.is_some() {
            ledger.they_asked_for.clone_from(&debrief.they_asked_for);
        }
        if debrief.reciprocal_offer.is_some() {
            ledger.reciprocal_offer.clone_from(&debrief.reciprocal_offer);
        }
        if debrief.rapport.is_some() {
            ledger.rapport = debrief.rapport;
        }
        if let Some(close) = debrief.opening_close {
            ledger.opening_close = Some(close);
            let answer = match close {
                OpeningClose::Considering => Some(ReferralAnswer::Considering),
                OpeningClose::No => Some(ReferralAnswer::Declined),
                OpeningClose::Yes => Some(ReferralAnswer::Made),
                OpeningClose::NotAsked => None,
            };
            if let Some(answer) = answer {
                step(&mut dossier, &context, &PipelineEvent::ReferralAnswered(answer), ctx.now)?;
            }
        }
        if let Some(notes) = debrief.notes.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            meeting.notes = Some(match meeting.notes.take() {
                Some(old) if !old.trim().is_empty() => format!("{old}\n{notes}"),
                _ => notes.to_string(),
            });
        }
        meeting.ledger = std::mem::take(&mut meeting.ledger).validate()?;
        meeting.ledger.debriefed_at = Some(ctx.now);
        meeting.updated_at = ctx.now;
        w.update_meeting(&meeting)?;
        w.update_person(&dossier.person)?;
        if let Some(slot) = dossier.meetings.iter_mut().find(|m| m.id == meeting.id) {
            *slot = meeting.clone();
        }
        reminders::rewrite(w, ctx.owner, &context, &dossier)?;
        let others: Vec<PersonId> = introduced.iter().map(|p| p.id).collect();
        reminders::refresh(w, ctx, &others)?;
        Ok(Debriefed { meeting, person: dossier.person, introduced, added })
    })
}

fn gift(kind: GiftKind, text: &str, person: Option<PersonId>, opening: Option<rapport_domain::ids::OpeningId>) -> Gift {
    Gift {
        kind,
        text: text.trim().to_string(),
        person_id: person,
        introduction_id: None,
        opening_id: opening,
        url: None,
    }
}

/// The person a debrief names: an existing one, the one live person with that name, or a new
/// person introduced by `introducer`. The flag is true for a new person.
fn named_person<W: Writer, S>(
    w: &W,
    ctx: &Ctx<'_, S>,
    named: &Named,
    introducer: &Person,
) -> CoreResult<(Person, bool)> {
    match named {
        Named::Existing(id) => Ok((live_person(w, ctx, *id)?, false)),
        Named::Name(name) => {
            let name = PersonName::new(name)?;
            let matches = w.find_people(ctx.owner, &PersonKey::Name(fold_name(&name.full)))?;
            match matches.as_slice() {
                [] => {
                    let mut new = NewPerson::new(name);
                    new.source = Source::IntroducedBy(introducer.id);
                    let person = new.into_person(PersonId::new(), ctx.owner, ctx.now);
                    w.insert_person(&person)?;
                    Ok((person, true))
                }
                [one] => Ok((w.person(ctx.owner, *one)?, false)),
                many => {
                    let people = w.people_by_ids(ctx.owner, many)?;
                    Err(CoreError::Ambiguous {
                        kind: "person",
                        query: name.full,
                        count: many.len(),
                        candidates: people
                            .iter()
                            .map(|p| format!("{} ({})", p.name.full, p.id.short()))
                            .collect::<Vec<_>>()
                            .join(", "),
                    })
                }
            }
        }
    }
}

/// Cancels a scheduled meeting: its reminders go, and the person returns to *responded*.
pub fn cancel<S: Store>(ctx: &Ctx<'_, S>, id: MeetingId) -> CoreResult<Meeting> {
    ctx.store.write(|w| {
        let mut meeting = w.meeting(ctx.owner, id)?;
        if meeting.status != MeetingStatus::Scheduled {
            return Err(CoreError::Refused(format!(
                "only a scheduled meeting can be cancelled, and this one is {}",
                meeting.status
            )));
        }
        let person = w.person(ctx.owner, meeting.person_id)?;
        let context = reminders::context(w, ctx.owner)?;
        let mut dossier = reminders::dossier(w, ctx.owner, person)?;
        meeting.status = MeetingStatus::Cancelled;
        meeting.updated_at = ctx.now;
        w.update_meeting(&meeting)?;
        if let Some(slot) = dossier.meetings.iter_mut().find(|m| m.id == meeting.id) {
            *slot = meeting.clone();
        }
        step(&mut dossier, &context, &PipelineEvent::MeetingCancelled, ctx.now)?;
        w.update_person(&dossier.person)?;
        reminders::rewrite(w, ctx.owner, &context, &dossier)?;
        Ok(meeting)
    })
}

/// Moves a meeting to the trash; its reminders go with it.
pub fn trash<S: Store>(ctx: &Ctx<'_, S>, id: MeetingId) -> CoreResult<Meeting> {
    ctx.store.write(|w| {
        let meeting = w.meeting(ctx.owner, id)?;
        if meeting.deleted_at.is_none() {
            w.set_trashed(ctx.owner, Trashable::Meeting(id), Some(ctx.now))?;
        }
        reminders::refresh(w, ctx, &[meeting.person_id])?;
        Ok(meeting)
    })
}

/// Brings a meeting back from the trash, with its reminders.
pub fn restore<S: Store>(ctx: &Ctx<'_, S>, id: MeetingId) -> CoreResult<Meeting> {
    ctx.store.write(|w| {
        w.set_trashed(ctx.owner, Trashable::Meeting(id), None)?;
        let meeting = w.meeting(ctx.owner, id)?;
        reminders::refresh(w, ctx, &[meeting.person_id])?;
        Ok(meeting)
    })
}
