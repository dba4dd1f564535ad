//! The thank-you after a meeting (§4.7): a draft written from the debrief ledger, the T1–T10
//! check of any draft the seeker edits, separate notes for whoever made the introduction
//! (T10), and marking the note sent, which moves the person to *thanked* and into the active
//! network with a keep-in-touch date.

use jiff::Timestamp;
use rapport_domain::ids::{MeetingId, PersonId};
use rapport_domain::interactions::{Channel, Direction, Interaction, InteractionKind, NewInteraction};
use rapport_domain::introductions::IntroState;
use rapport_domain::meetings::{Meeting, MeetingStatus};
use rapport_domain::organizations::Organization;
use rapport_domain::outreach::Report;
use rapport_domain::people::{Person, Source};
use rapport_domain::pipeline::Stage;
use rapport_domain::profile::Profile;
use rapport_domain::reminders::Rule;
use rapport_domain::thanks::{
    IntroducerRole, ThankYouDraft, ThankYouNote, ThanksContext, check_thank_you, draft_introducer_thanks,
    draft_thank_you,
};
use rapport_store::{Reader, Store};

use crate::{CoreError, CoreResult, Ctx, interactions};

/// Everything a thank-you is written and checked against.
#[derive(Clone, Debug, PartialEq)]
pub struct ThanksSubject {
    pub person: Person,
    pub organization: Option<Organization>,
    /// The meeting being thanked for.
    pub meeting: Meeting,
    /// Whoever introduced the seeker to this person, if someone did.
    pub introducer: Option<Person>,
    /// True once the introducer has had a thank-you since the introduction.
    pub introducer_thanked: bool,
    pub profile: Profile,
}

impl ThanksSubject {
    pub fn context(&self) -> ThanksContext<'_> {
        ThanksContext {
            meeting: &self.meeting,
            person: &self.person,
            organization: self.organization.as_ref(),
            introducer: self.introducer.as_ref(),
            introducer_thanked: self.introducer_thanked,
        }
    }
}

/// A note to someone other than the person met: the introducer's own thanks (T10).
#[derive(Clone, Debug, PartialEq)]
pub struct SeparateNote {
    pub to: Person,
    pub role: IntroducerRole,
    pub draft: ThankYouDraft,
}

/// The drafts for a person: their thank-you, checked as if sent at the time asked, and the
/// separate notes owed alongside it.
#[derive(Clone, Debug, PartialEq)]
pub struct ThanksPlan {
    pub subject: ThanksSubject,
    pub draft: ThankYouDraft,
    pub report: Report,
    pub separate: Vec<SeparateNote>,
}

/// What the thank-you is about: the latest meeting with `person` that has ended (held, or
/// scheduled and over), with who introduced them.
pub fn subject<S: Store>(ctx: &Ctx<'_, S>, person: PersonId) -> CoreResult<ThanksSubject> {
    ctx.store.read(|r| {
        let person = r.person(ctx.owner, person)?;
        let meetings = r.meetings_for_person(ctx.owner, person.id)?;
        let meeting = meetings
            .into_iter()
            .filter(|m| m.deleted_at.is_none() && m.status != MeetingStatus::Cancelled)
            .filter(|m| m.status == MeetingStatus::Held || m.scheduled_end() <= ctx.now)
            .max_by_key(|m| (m.scheduled_at, m.id))
            .ok_or_else(|| {
                CoreError::Refused(format!(
                    "no meeting with {} has happened yet; a thank-you follows a meeting (record it with `rapport \
                     debrief`)",
                    person.name.full
                ))
            })?;
        let organization = person.organization_id.map(|o| r.organization(ctx.owner, o)).transpose()?;
        let (introducer, since) = introducer_of(r, ctx, &person)?;
        let introducer_thanked = match (&introducer, since) {
            (Some(introducer), since) => r
                .interactions_for_person(ctx.owner, introducer.id)?
                .iter()
                .any(|i| i.kind == InteractionKind::ThankYou && i.direction == Direction::Outbound && i.at >= since),
            (None, _) => false,
        };
        let profile = r.profile(ctx.owner)?.unwrap_or_else(|| Profile::empty(ctx.owner, ctx.now));
        Ok(ThanksSubject { person, organization, meeting, introducer, introducer_thanked, profile })
    })
}

/// Who introduced `person`, and since when a thank-you to them counts: an introduction that
/// was made, else the person's recorded source.
fn introducer_of<R: Reader, S>(r: &R, ctx: &Ctx<'_, S>, person: &Person) -> CoreResult<(Option<Person>, Timestamp)> {
    let made = r
        .introductions_for_person(ctx.owner, person.id)?
        .into_iter()
        .filter(|i| i.introduced_id == person.id && matches!(i.state, IntroState::Received | IntroState::Replied))
        .max_by_key(|i| i.state_changed_at);
    let (id, since) = match (made, &person.source) {
        (Some(intro), _) => (intro.introducer_id, intro.created_at),
        (None, Source::IntroducedBy(id)) => (*id, person.created_at),
        _ => return Ok((None, Timestamp::MIN)),
    };
    let introducer = r.person(ctx.owner, id).ok().filter(|p| p.deleted_at.is_none());
    Ok((introducer, since))
}

/// Drafts the thank-you for the latest meeting with `person` from its ledger, checks the draft
/// as if sent at `ctx.now`, and drafts the introducer's own note when one is owed.
pub fn plan<S: Store>(ctx: &Ctx<'_, S>, person: PersonId) -> CoreResult<ThanksPlan> {
    let subject = subject(ctx, person)?;
    let draft = draft_thank_you(&subject.meeting, &subject.person, subject.organization.as_ref(), &subject.profile)
        .map_err(|e| CoreError::Refused(e.to_string()))?;
    let note = ThankYouNote::email(Some(&draft.subject), &draft.text, ctx.now);
    let report = check_thank_you(&note, &subject.context());
    let mut separate = Vec::new();
    if let Some(introducer) = subject.introducer.as_ref().filter(|_| !subject.introducer_thanked) {
        let note = draft_introducer_thanks(
            introducer,
            &subject.person,
            subject.organization.as_ref(),
            IntroducerRole::Introduction,
            Some(&subject.meeting),
            &subject.profile,
        );
        separate.push(SeparateNote { to: introducer.clone(), role: IntroducerRole::Introduction, draft: note });
    }
    Ok(ThanksPlan { subject, draft, report, separate })
}

/// Checks a note the seeker wrote or edited against T1–T10, as if sent at `sent_at`.
pub fn check<S: Store>(
    ctx: &Ctx<'_, S>,
    person: PersonId,
    subject_line: Option<&str>,
    text: &str,
    sent_at: Timestamp,
) -> CoreResult<(ThanksSubject, Report)> {
    let subject = subject(ctx, person)?;
    let note = ThankYouNote::email(subject_line, text, sent_at);
    let report = check_thank_you(&note, &subject.context());
    Ok((subject, report))
}

/// A thank-you marked sent.
#[derive(Clone, Debug, PartialEq)]
pub struct Sent {
    pub interaction: Interaction,
    pub person: Person,
    /// The meeting it thanked for, when there was one.
    pub meeting: Option<MeetingId>,
    /// When keeping in touch is next due (the first keep-in-touch reminder), once they are in
    /// the active network.
    pub keep_in_touch: Option<Timestamp>,
}

/// Records that the seeker sent their thank-you to `person` at `at`: after a meeting they move
/// to *thanked* and into the active network (tier A) with a keep-in-touch date; to an
/// introducer or referrer it is the thanks their own reminder asks for.
pub fn mark_sent<S: Store>(ctx: &Ctx<'_, S>, person: PersonId, at: Timestamp, text: Option<&str>) -> CoreResult<Sent> {
    ctx.store.write(|w| {
        let meetings = w.meetings_for_person(ctx.owner, person)?;
        let meeting = meetings
            .iter()
            .filter(|m| m.deleted_at.is_none() && m.status != MeetingStatus::Cancelled && m.scheduled_at <= at)
            .max_by_key(|m| (m.scheduled_at, m.id))
            .map(|m| m.id);
        let mut new = NewInteraction::new(person, InteractionKind::ThankYou, at).with_text(text);
        new.channel = Channel::Email;
        new.meeting_id = meeting;
        let logged = interactions::record(w, ctx, new)?;
        let in_network = matches!(logged.dossier.person.stage, Stage::Thanked | Stage::ActiveNetwork);
        let keep_in_touch = if in_network {
            w.reminders_for_person(ctx.owner, person)?.iter().filter(|r| r.rule == Rule::R19).map(|r| r.due_at).min()
        } else {
            None
        };
        Ok(Sent { interaction: logged.interaction, person: logged.dossier.person, meeting, keep_in_touch })
    })
}

/// A thank-you as an RFC 5322 `.eml` draft the seeker's mail program opens, from the seeker's
/// address to the person's first address, dated `at` in the seeker's time zone.
pub fn eml<S: Store>(
    ctx: &Ctx<'_, S>,
    person: PersonId,
    subject_line: Option<&str>,
    text: &str,
    at: Timestamp,
) -> CoreResult<String> {
    use rapport_domain::compose::{EmlMessage, Mailbox, message_id, write_eml};
    use rapport_domain::values::Email;
    let (profile, person) = ctx.store.read(|r| {
        let profile = r.profile(ctx.owner)?.unwrap_or_else(|| Profile::empty(ctx.owner, ctx.now));
        Ok::<_, CoreError>((profile, r.person(ctx.owner, person)?))
    })?;
    let from = profile.email.as_deref().map(Email::parse).transpose()?.ok_or_else(|| {
        CoreError::Refused(
            "an .eml file needs your own address as the sender; add it to your profile in Settings".into(),
        )
    })?;
    let to = person.emails.first().cloned().ok_or_else(|| {
        CoreError::Refused(format!(
            "{} has no email address on record; add one on their page, or copy the text into your mail",
            person.name.full
        ))
    })?;
    let tz = jiff::tz::TimeZone::get(&profile.settings.time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let message = EmlMessage {
        from: Mailbox::new(profile.name.as_deref(), from.clone()),
        to: vec![Mailbox::new(Some(&person.name.full), to)],
        subject: subject_line.map(str::to_string).unwrap_or_else(|| format!("Thank you, {}", person.name.greeting())),
        body: text.to_string(),
        date: at.to_zoned_datetime(tz),
        message_id: message_id(format!("thanks-{}-{}", person.id.short(), at.as_second()), &from),
        draft: true,
    };
    write_eml(&message).map_err(|e| CoreError::Refused(e.to_string()))
}
