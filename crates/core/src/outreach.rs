//! Outreach (§4.4): a first email drafted from the person's record and the seeker's profile,
//! the linter for any text the seeker writes (first note or the one follow-up), the hand-off
//! for sending (`mailto:` link and `.eml` file; the seeker always sends), and "mark sent",
//! which records the outreach and so starts the 3B7 timers.
//!
//! **Gate G2 and "mark sent".** §4.2 locks outreach until ten employers have a motivation
//! score, so the top five mean something. rapport never sends, so the lock bites where
//! outreach enters rapport: [`mark_sent`] refuses to record a first outreach to someone who
//! works at an employer on the list while the gate is locked, and says how many employers are
//! left to score. Drafting and linting stay open (they are how the seeker prepares), and the
//! draft carries the gate so the seeker sees it before writing. Someone not working at a listed
//! employer (a friend, a former colleague between jobs) is not employer outreach, so the gate
//! does not apply to them.
//!
//! **Routing.** When the §4.3 routing rule says to ask a medium or strong tie for a double
//! opt-in introduction instead of writing cold, the draft says so and names who.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use rapport_domain::compose::{self, EmlMessage, Mailbox};
use rapport_domain::ids::{AccountId, PersonId};
use rapport_domain::interactions::{Channel, Direction, Interaction, InteractionKind, NewInteraction};
use rapport_domain::lamp::{self, OutreachLocked, Standing};
use rapport_domain::organizations::Organization;
use rapport_domain::outreach::{
    CheckId, OutreachChannel, OutreachDraft, OutreachMessage, OutreachRules, Recipient, Report, draft_outreach,
    lint_follow_up, lint_outreach,
};
use rapport_domain::people::{NewPerson, Person, PersonName};
use rapport_domain::profile::{Edition, Profile, Settings};
use rapport_domain::ties::FirstApproach;
use rapport_domain::values::Email;
use rapport_store::{OrganizationFilter, Page, Reader, Store};

use crate::routes::{Network, RouteCache};
use crate::{CoreError, CoreResult, Ctx};

/// A first email to one person, with what the seeker should know before sending it.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub person: Person,
    pub organization: Option<Organization>,
    pub draft: OutreachDraft,
    /// Email them, or ask someone for a double opt-in introduction first (§4.3).
    pub approach: FirstApproach,
    /// Gate G2, when it is locked and the person works at a listed employer.
    pub gate: Option<OutreachLocked>,
    /// The employer's place in the LAMP plan, when the person works at a listed employer.
    pub standing: Option<Standing>,
    /// A `mailto:` link with the draft filled in (no address when the record has none).
    pub mailto: String,
}

/// Drafts a first email to `person` from their record, their employer and the seeker's
/// profile, lints it, and works out the routing rule and the gate.
pub fn draft<S: Store>(ctx: &Ctx<'_, S>, person: PersonId) -> CoreResult<Draft> {
    draft_with(ctx, None, person)
}

/// [`draft`] with the routing rule read from a network index kept in `cache` (a long-lived
/// caller, the web server, builds the index once per change of the store instead of once per
/// draft).
pub fn draft_cached<S: Store>(ctx: &Ctx<'_, S>, cache: &RouteCache, person: PersonId) -> CoreResult<Draft> {
    draft_with(ctx, Some(cache), person)
}

fn draft_with<S: Store>(ctx: &Ctx<'_, S>, cache: Option<&RouteCache>, person: PersonId) -> CoreResult<Draft> {
    let cached = cache.map(|c| c.current(ctx)).transpose()?;
    ctx.store.read(|r| {
        let person = r.person(ctx.owner, person)?;
        refuse_unreachable(&person)?;
        let profile = r.profile(ctx.owner)?.unwrap_or_else(|| Profile::empty(ctx.owner, ctx.now));
        let organization = live_employer(r, ctx.owner, &person)?;
        let draft = draft_outreach(&person, organization.as_ref(), &profile);
        let organizations = r.organizations(ctx.owner, &OrganizationFilter::default(), Page::ALL)?;
        let people = crate::routes::people_of(cached.as_ref(), r, ctx.owner)?;
        let people: &[Person] = &people;
        let (gate, standing) = match &organization {
            Some(org) => {
                let plan = lamp::plan(&organizations, people, &profile.settings);
                (plan.outreach_gate().err(), plan.get(org.id).map(|e| e.standing))
            }
            None => (None, None),
        };
        let approach = match &cached {
            Some((network, _)) => network.first_approach(person.id),
            None => Network::read_with(r, ctx.owner, ctx.now, people, &organizations)?.first_approach(person.id),
        };
        let approach =
            approach.unwrap_or(FirstApproach::Email { warm: rapport_domain::ties::has_affinity(&person.targeting) });
        let mailto = compose::mailto_link(
            person.emails.first().map(std::slice::from_ref).unwrap_or(&[]),
            Some(&draft.subject),
            Some(&draft.text),
        );
        Ok(Draft { person, organization, draft, approach, gate, standing, mailto })
    })
}

/// The draft as an RFC 5322 `.eml` file the seeker's mail program opens as a draft, from the
/// seeker's address to the person's first address, dated now in the seeker's time zone.
pub fn eml<S: Store>(ctx: &Ctx<'_, S>, draft: &Draft) -> CoreResult<String> {
    let profile = crate::profile::get(ctx)?;
    let from = profile.email.as_deref().map(Email::parse).transpose()?.ok_or_else(|| {
        CoreError::Refused(
            "an .eml file needs your own address as the sender; set it with `rapport init --email YOU@EXAMPLE.COM`"
                .into(),
        )
    })?;
    let to = draft.person.emails.first().cloned().ok_or_else(|| {
        CoreError::Refused(format!(
            "{} has no email address on record; add one with `rapport person edit {} --add-email ADDRESS`, or copy the text into LinkedIn",
            draft.person.name.full,
            draft.person.id.short()
        ))
    })?;
    let tz = TimeZone::get(&profile.settings.time_zone).unwrap_or(TimeZone::UTC);
    let message = EmlMessage {
        from: Mailbox::new(profile.name.as_deref(), from.clone()),
        to: vec![Mailbox::new(Some(&draft.person.name.full), to)],
        subject: draft.draft.subject.clone(),
        body: draft.draft.text.clone(),
        date: ctx.now.to_zoned_datetime(tz),
        message_id: compose::message_id(uuid::Uuid::now_v7(), &from),
        draft: true,
    };
    compose::write_eml(&message).map_err(|e| CoreError::Refused(e.to_string()))
}

/// Which linter to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LintKind {
    /// The first message to a new contact: E1–E15.
    FirstMessage,
    /// The one follow-up at 7B: F1–F5, E2 and E12.
    FollowUp,
}

/// A linter's report, and the checks it could not run.
#[derive(Clone, Debug, PartialEq)]
pub struct Linted {
    pub report: Report,
    /// Checks that need the reader's record (their verified connections, name, company and
    /// what is specific to them): left out when no person was named.
    pub unchecked: Vec<CheckId>,
}

impl Linted {
    /// True when no check fails: the text earns the "ready" badge.
    pub fn ready(&self) -> bool {
        self.report.ready()
    }
}

/// The checks that read the reader's record.
const RECORD_CHECKS: &[CheckId] = &[CheckId::E3, CheckId::E11, CheckId::E12];

/// Lints `message` for `recipient` (or for nobody in particular). Without a recipient the
/// checks that need a record (E3, E11, E12) are left out and listed as unchecked, rather
/// than failing for want of one.
pub fn lint(message: &OutreachMessage, recipient: Option<Recipient<'_>>, edition: Edition, kind: LintKind) -> Linted {
    let rules = OutreachRules::for_edition(edition);
    let anonymous;
    let (recipient, named) = match recipient {
        Some(r) => (r, true),
        None => {
            anonymous = nobody();
            (Recipient::new(&anonymous, None), false)
        }
    };
    let mut report = match kind {
        LintKind::FirstMessage => lint_outreach(message, &recipient, &rules),
        LintKind::FollowUp => lint_follow_up(message, &recipient),
    };
    let mut unchecked = Vec::new();
    if !named {
        unchecked = report.checks.iter().map(|c| c.check).filter(|c| RECORD_CHECKS.contains(c)).collect();
        report.checks.retain(|c| !RECORD_CHECKS.contains(&c.check));
        report.findings.retain(|f| !RECORD_CHECKS.contains(&f.check));
    }
    Linted { report, unchecked }
}

/// A reader with an empty record, for linting a text meant for no one in particular.
fn nobody() -> Person {
    let name = PersonName { full: "the reader".into(), given: None, family: None };
    NewPerson::new(name).into_person(PersonId::new(), rapport_domain::ids::AccountId::LOCAL, Timestamp::UNIX_EPOCH)
}

/// Lints `message` for the person `person` (their record and employer), or for nobody in
/// particular, with the seeker's edition unless `edition` says otherwise.
pub fn lint_for<S: Store>(
    ctx: &Ctx<'_, S>,
    message: &OutreachMessage,
    person: Option<PersonId>,
    edition: Option<Edition>,
    kind: LintKind,
) -> CoreResult<Linted> {
    ctx.store.read(|r| {
        let edition = match edition {
            Some(e) => e,
            None => r.profile(ctx.owner)?.map(|p| p.settings.edition).unwrap_or(Edition::Second),
        };
        let Some(id) = person else {
            return Ok(lint(message, None, edition, kind));
        };
        let person = r.person(ctx.owner, id)?;
        let organization = match person.organization_id {
            Some(org) => Some(r.organization(ctx.owner, org)?),
            None => None,
        };
        Ok(lint(message, Some(Recipient::new(&person, organization.as_ref())), edition, kind))
    })
}

/// What "mark sent" recorded.
#[derive(Clone, Debug, PartialEq)]
pub struct Sent {
    pub interaction: Interaction,
    pub person: Person,
    /// The first-message linter's report on the text, when a text was given.
    pub report: Option<Report>,
}

/// The interaction channel a message went out on.
fn channel_of(channel: OutreachChannel) -> Channel {
    match channel {
        OutreachChannel::Email => Channel::Email,
        OutreachChannel::LinkedInNote | OutreachChannel::InMail => Channel::LinkedIn,
    }
}

/// Gate G2 as it stands after `logged` was recorded: `Some` when it is an outreach the seeker
/// sent to someone at a live employer on the list while the gate is locked. [`mark_sent`], the
/// step of the flow, is refused then; an outreach logged after the fact (`rapport log …
/// outreach`, the person page's log form) is recorded all the same, since its follow-up timers
/// must start, and the edge shows the gate beside it.
pub fn gate_after_logging<S: Store>(ctx: &Ctx<'_, S>, logged: &Interaction) -> CoreResult<Option<OutreachLocked>> {
    if logged.kind != InteractionKind::Outreach || logged.direction != Direction::Outbound {
        return Ok(None);
    }
    ctx.store.read(|r| {
        let person = r.person(ctx.owner, logged.person_id)?;
        let settings = r.profile(ctx.owner)?.map(|p| p.settings).unwrap_or_default();
        Ok(gate_for(r, ctx.owner, &person, &settings)?.1)
    })
}

/// The person's live employer, and gate G2 when it is locked and applies to them.
fn gate_for<R: Reader>(
    r: &R,
    owner: AccountId,
    person: &Person,
    settings: &Settings,
) -> CoreResult<(Option<Organization>, Option<OutreachLocked>)> {
    let organization = live_employer(r, owner, person)?;
    if organization.is_none() {
        return Ok((None, None));
    }
    // The gate counts scored employers only, so the plan needs no people here.
    let organizations = r.organizations(owner, &OrganizationFilter::default(), Page::ALL)?;
    let locked = lamp::plan(&organizations, &[], settings).outreach_gate().err();
    Ok((organization, locked))
}

/// The person's employer, unless it is in the trash.
fn live_employer<R: Reader>(r: &R, owner: AccountId, person: &Person) -> CoreResult<Option<Organization>> {
    Ok(match person.organization_id {
        Some(id) => Some(r.organization(owner, id)?).filter(|o| o.deleted_at.is_none()),
        None => None,
    })
}

fn refuse_unreachable(person: &Person) -> CoreResult<()> {
    if person.deleted_at.is_some() {
        return Err(CoreError::Refused(format!(
            "{} is in the trash; restore them first with `rapport person restore {}`",
            person.name.full,
            person.id.short()
        )));
    }
    if person.do_not_contact {
        return Err(CoreError::Refused(format!(
            "{} is marked do-not-contact; if that has changed, lift it with `rapport person edit {} --contact-ok`",
            person.name.full,
            person.id.short()
        )));
    }
    Ok(())
}

/// Records that the seeker sent a first message to `person` at `at` (observed by nobody but
/// them, so attested), which starts the 3B7 timers. Refused while gate G2 is locked and the
/// person works at a listed employer (see the module notes), and for people in the trash or
/// marked do-not-contact.
pub fn mark_sent<S: Store>(
    ctx: &Ctx<'_, S>,
    person: PersonId,
    text: Option<&str>,
    at: Timestamp,
    channel: OutreachChannel,
) -> CoreResult<Sent> {
    let (person, report) = ctx.store.read(|r| {
        let person = r.person(ctx.owner, person)?;
        refuse_unreachable(&person)?;
        let settings = r.profile(ctx.owner)?.map(|p| p.settings).unwrap_or_default();
        let (organization, locked) = gate_for(r, ctx.owner, &person, &settings)?;
        if let (Some(org), Some(locked)) = (&organization, locked) {
            return Err(CoreError::Refused(format!(
                "{locked}. Your note to {} at {} is not recorded yet: score employers with `rapport org score ORG --motivation N`, then mark it sent again",
                person.name.full, org.name
            )));
        }
        let report = text.map(|t| {
            let message = OutreachMessage { channel, ..OutreachMessage::email(None, t) };
            let recipient = Recipient::new(&person, organization.as_ref());
            lint_outreach(&message, &recipient, &OutreachRules::for_edition(settings.edition))
        });
        Ok::<_, CoreError>((person, report))
    })?;
    let mut new = NewInteraction::new(person.id, InteractionKind::Outreach, at).with_text(text);
    new.channel = channel_of(channel);
    let interaction = crate::interactions::log(ctx, new)?;
    Ok(Sent { interaction, person, report })
}
