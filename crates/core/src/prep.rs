//! The prep brief (§4.6.1): everything the seeker reads before an informational interview,
//! built from the store by the domain's `Brief::build`. The brief's questions are pinned to
//! the meeting the first time it is prepared, so the next meeting with the same person picks
//! others ("never one already asked").

use std::collections::HashSet;

use jiff::tz::TimeZone;
use rapport_domain::brief::{Brief, BriefInput, HelpMap, RelatedPerson};
use rapport_domain::ids::{MeetingId, OrganizationId, PersonId, QuestionId};
use rapport_domain::lamp;
use rapport_domain::meetings::{Meeting, MeetingMode, MeetingStatus, NewMeeting};
use rapport_domain::notes::NoteSubject;
use rapport_domain::people::{Person, Source};
use rapport_domain::profile::Profile;
use rapport_domain::question_bank::SeekerSituation;
use rapport_store::{OpeningFilter, OrganizationFilter, Page, PersonFilter, Reader, Store, Writer};

use crate::routes::RouteCache;
use crate::{CoreError, CoreResult, Ctx};

/// The meeting a brief is for: the person's next scheduled meeting, else their latest one.
pub fn meeting_for<S: Store>(ctx: &Ctx<'_, S>, person: PersonId) -> CoreResult<MeetingId> {
    let meetings = ctx.store.read(|r| r.meetings_for_person(ctx.owner, person))?;
    let kept = || meetings.iter().filter(|m| m.deleted_at.is_none() && m.status != MeetingStatus::Cancelled);
    kept()
        .filter(|m| m.status == MeetingStatus::Scheduled && m.scheduled_end() > ctx.now)
        .min_by_key(|m| (m.scheduled_at, m.id))
        .or_else(|| kept().max_by_key(|m| (m.scheduled_at, m.id)))
        .map(|m| m.id)
        .ok_or_else(|| {
            CoreError::Refused(
                "there is no meeting to prepare for yet; schedule one with `rapport meet PERSON --at WHEN`".into(),
            )
        })
}

/// Builds the brief for a meeting and, the first time, pins its questions to the meeting.
pub fn brief<S: Store>(ctx: &Ctx<'_, S>, meeting: MeetingId) -> CoreResult<Brief> {
    ctx.store.write(|w| {
        let input = input(w, ctx, meeting)?;
        let brief = Brief::build(&input)?;
        if input.meeting.questions.is_empty() {
            let mut pinned = input.meeting.clone();
            pinned.questions = brief.questions.questions.iter().map(|q| q.id).collect();
            if !pinned.questions.is_empty() {
                w.update_meeting(&pinned)?;
            }
        }
        Ok(brief)
    })
}

/// Everything the brief reads, from the store.
fn input<R: Reader, S>(r: &R, ctx: &Ctx<'_, S>, id: MeetingId) -> CoreResult<BriefInput> {
    let meeting = r.meeting(ctx.owner, id)?;
    let everyone = r.people(ctx.owner, &PersonFilter::default(), Page::ALL)?.people;
    input_for(r, ctx, meeting, &everyone)
}

/// The help map of a brief (§4.6.1) for `person` without a meeting on record: what the person
/// page shows. It is built as the brief of a call with them now, which is never stored; the
/// network is read with only the fields the target list uses.
pub fn help_map<S: Store>(ctx: &Ctx<'_, S>, person: PersonId) -> CoreResult<HelpMap> {
    ctx.store.read(|r| {
        let everyone = r.network_people(ctx.owner)?;
        help_map_from(r, ctx, person, &everyone)
    })
}

/// [`help_map`] with everyone (for the target list) taken from a network kept in `cache`,
/// for the web server's person page: reading 30,000 people per page view would cost a
/// third of a second.
///
/// The people may be those of the network before the latest writes (see
/// [`RouteCache::recent_people`]): they only order the target employers, while the person,
/// their links and the list of employers are read now. The second value says whether they
/// were current; when not, the caller should rebuild the cache after answering.
pub fn help_map_cached<S: Store>(
    ctx: &Ctx<'_, S>,
    cache: &RouteCache,
    person: PersonId,
) -> CoreResult<(HelpMap, bool)> {
    let (everyone, fresh) = cache.recent_people(ctx)?;
    Ok((ctx.store.read(|r| help_map_from(r, ctx, person, &everyone))?, fresh))
}

fn help_map_from<R: Reader, S>(r: &R, ctx: &Ctx<'_, S>, person: PersonId, everyone: &[Person]) -> CoreResult<HelpMap> {
    let meeting =
        NewMeeting::new(person, ctx.now, 20, MeetingMode::Call)?.into_meeting(MeetingId::new(), ctx.owner, ctx.now);
    let input = input_for(r, ctx, meeting, everyone)?;
    Ok(Brief::build(&input)?.help_map)
}

/// [`input`] for a meeting in hand and the people the target list derives advocacy from.
fn input_for<R: Reader, S>(r: &R, ctx: &Ctx<'_, S>, meeting: Meeting, everyone: &[Person]) -> CoreResult<BriefInput> {
    let owner = ctx.owner;
    let person = r.person(owner, meeting.person_id)?;
    let profile = r.profile(owner)?.unwrap_or_else(|| Profile::empty(owner, ctx.now));
    let time_zone = TimeZone::get(&profile.settings.time_zone).unwrap_or(TimeZone::UTC);

    let organizations = r.organizations(owner, &OrganizationFilter::default(), Page::ALL)?;
    let plan = lamp::plan(&organizations, everyone, &profile.settings);
    let targets: Vec<OrganizationId> = plan.ranked.iter().map(|e| e.organization_id).collect();

    let mut related = Vec::new();
    let mut seen = HashSet::new();
    for rel in r.relationships_for_person(owner, person.id)? {
        let other = if rel.a == person.id { rel.b } else { rel.a };
        if seen.insert(other)
            && let Ok(p) = r.person(owner, other)
        {
            related.push(RelatedPerson { person: p, kind: Some(rel.kind) });
        }
    }
    let introducer = match person.source {
        Source::IntroducedBy(by) => r.person(owner, by).ok().filter(|p| p.deleted_at.is_none()),
        _ => None,
    };

    let opening = match meeting.opening_id {
        Some(o) => Some(r.opening(owner, o)?),
        None => match person.organization_id {
            Some(org) => r
                .openings(owner, &OpeningFilter { organization_id: Some(org), ..Default::default() }, Page::ALL)?
                .into_iter()
                .filter(|o| o.status.is_active())
                .max_by_key(|o| (o.updated_at, o.id)),
            None => None,
        },
    };

    let meetings = r.meetings_for_person(owner, person.id)?;
    let asked_before: Vec<QuestionId> = meetings
        .iter()
        .filter(|m| m.id != meeting.id && m.deleted_at.is_none() && m.status != MeetingStatus::Cancelled)
        .flat_map(|m: &Meeting| m.questions.iter().copied())
        .collect();
    let person_notes = r.notes_about(owner, NoteSubject::Person(person.id))?.into_iter().map(|n| n.body).collect();
    let economy_notes = match person.organization_id {
        Some(org) => {
            let notes: Vec<String> =
                r.notes_about(owner, NoteSubject::Organization(org))?.into_iter().map(|n| n.body).collect();
            (!notes.is_empty()).then(|| notes.join("\n"))
        }
        None => None,
    };

    Ok(BriefInput {
        interactions: r.interactions_for_person(owner, person.id)?,
        own_questions: r.questions(owner)?,
        seeker: SeekerSituation::default(),
        extra_situations: Vec::new(),
        background: None,
        time_zone,
        opening,
        targets,
        related,
        introducer,
        person_notes,
        economy_notes,
        asked_before,
        question_count: None,
        // The records keep no sign of it; the seeker judges it in the moment.
        they_asked_about_search: false,
        organizations,
        profile,
        person,
        meeting,
    })
}
