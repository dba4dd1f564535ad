//! People: add, edit, show, list, move to the trash and back, change many at once, and find
//! a person from what the user typed (an id, a short id, an email, a profile link or a name).

use jiff::Timestamp;
use rapport_domain::ids::{OrganizationId, PersonId};
use rapport_domain::interactions::Interaction;
use rapport_domain::introductions::Introduction;
use rapport_domain::meetings::Meeting;
use rapport_domain::notes::{Note, NoteSubject};
use rapport_domain::openings::Opening;
use rapport_domain::organizations::Organization;
use rapport_domain::people::{NewPerson, Person, PersonPatch, Tier, changed_fields};
use rapport_domain::pipeline::PipelineEvent;
use rapport_domain::relationships::Relationship;
use rapport_domain::values::{Email, Link, Tag, fold_name};
use rapport_store::{
    OpeningFilter, Page, PersonFilter, PersonKey, PersonPage, PersonSummaryPage, Reader, SearchKind, SearchQuery,
    Store, StoreError, Trashable, Writer,
};

use crate::{CoreError, CoreResult, Ctx, reminders};

/// Everything about one person, for the person page and `rapport person show`.
#[derive(Clone, Debug, PartialEq)]
pub struct PersonDetail {
    pub person: Person,
    pub organization: Option<Organization>,
    /// Past employers named in their employment history, in the same order.
    pub past_organizations: Vec<Organization>,
    pub interactions: Vec<Interaction>,
    pub meetings: Vec<Meeting>,
    pub notes: Vec<Note>,
    pub introductions: Vec<Introduction>,
    /// Openings this person referred (or may refer) the seeker to.
    pub referred_openings: Vec<Opening>,
    pub relationships: Vec<Relationship>,
}

/// Adds a person. Refuses one whose email or LinkedIn profile is already someone's, unless
/// `allow_duplicate` (then the duplicates list will offer to merge them).
pub fn add<S: Store>(ctx: &Ctx<'_, S>, new: NewPerson, allow_duplicate: bool) -> CoreResult<Person> {
    ctx.store.write(|w| {
        if let Some(org) = new.organization_id {
            live_organization(w, ctx, org)?;
        }
        let person = new.into_person(PersonId::new(), ctx.owner, ctx.now);
        if !allow_duplicate && let Some(existing) = duplicate_of(w, ctx, &person)? {
            return Err(CoreError::Refused(format!(
                "{} ({}) already has that email or profile link; edit them with `rapport person edit {}`, \
                 or add anyway with --allow-duplicate",
                existing.name.full,
                existing.id.short(),
                existing.id.short()
            )));
        }
        w.insert_person(&person)?;
        reminders::refresh(w, ctx, &[person.id])?;
        Ok(person)
    })
}

fn duplicate_of<R: Reader, S>(r: &R, ctx: &Ctx<'_, S>, person: &Person) -> CoreResult<Option<Person>> {
    let keys = person
        .emails
        .iter()
        .map(|e| PersonKey::Email(e.match_key()))
        .chain(person.links.iter().filter_map(Link::linkedin_key).map(|k| PersonKey::LinkedIn(k.to_string())));
    for key in keys {
        if let Some(id) = r.find_people(ctx.owner, &key)?.into_iter().find(|id| *id != person.id) {
            return Ok(Some(r.person(ctx.owner, id)?));
        }
    }
    Ok(None)
}

fn live_organization<R: Reader, S>(r: &R, ctx: &Ctx<'_, S>, id: OrganizationId) -> CoreResult<Organization> {
    let org = r.organization(ctx.owner, id)?;
    if org.deleted_at.is_some() {
        return Err(CoreError::Refused(format!(
            "{} is in the trash; restore it first with `rapport trash restore {}`",
            org.name,
            org.id.short()
        )));
    }
    Ok(org)
}

/// Applies a patch; returns the person as saved and the fields that changed. A new stage is
/// the pipeline's "moved by hand" event, so the guards that hold for the events hold for it
/// (a person cannot be marked met before a meeting, say), and a refusal says why; the rest of
/// the patch is applied first, in the same write, and nothing is saved when it is refused.
pub fn edit<S: Store>(ctx: &Ctx<'_, S>, id: PersonId, patch: &PersonPatch) -> CoreResult<(Person, Vec<&'static str>)> {
    ctx.store.write(|w| {
        let mut person = w.person(ctx.owner, id)?;
        if let Some(Some(org)) = patch.organization_id {
            live_organization(w, ctx, org)?;
        }
        let before = person.clone();
        PersonPatch { stage: None, ..patch.clone() }.apply(&mut person, ctx.now);
        if let Some(stage) = patch.stage.filter(|s| *s != person.stage) {
            let context = reminders::context(w, ctx.owner)?;
            let mut dossier = reminders::dossier(w, ctx.owner, person)?;
            let event = PipelineEvent::MarkStage { stage, now: ctx.now };
            crate::interactions::step(&mut dossier, &context, &event, ctx.now)?;
            person = dossier.person;
        }
        // The stage may bring other fields along (a tier on joining the active network).
        let changed = changed_fields(&before, &person);
        if !changed.is_empty() {
            person.updated_at = ctx.now;
            w.update_person(&person)?;
            reminders::refresh(w, ctx, &[person.id])?;
        }
        Ok((person, changed))
    })
}

pub fn get<S: Store>(ctx: &Ctx<'_, S>, id: PersonId) -> CoreResult<Person> {
    Ok(ctx.store.read(|r| r.person(ctx.owner, id))?)
}

pub fn detail<S: Store>(ctx: &Ctx<'_, S>, id: PersonId) -> CoreResult<PersonDetail> {
    ctx.store.read(|r| {
        let person = r.person(ctx.owner, id)?;
        let organization = person.organization_id.map(|org| r.organization(ctx.owner, org)).transpose()?;
        let mut past_organizations = Vec::new();
        for job in person.employments.iter().filter(|e| Some(e.organization_id) != person.organization_id) {
            if let Ok(org) = r.organization(ctx.owner, job.organization_id) {
                past_organizations.push(org);
            }
        }
        Ok(PersonDetail {
            organization,
            past_organizations,
            interactions: r.interactions_for_person(ctx.owner, id)?,
            meetings: r.meetings_for_person(ctx.owner, id)?,
            notes: r.notes_about(ctx.owner, NoteSubject::Person(id))?,
            introductions: r.introductions_for_person(ctx.owner, id)?,
            referred_openings: r.openings(
                ctx.owner,
                &OpeningFilter { referrer_id: Some(id), ..Default::default() },
                Page::ALL,
            )?,
            relationships: r.relationships_for_person(ctx.owner, id)?,
            person,
        })
    })
}

/// A page of the people list as rows (only what a list row shows), with the count.
pub fn list_rows<S: Store>(ctx: &Ctx<'_, S>, filter: &PersonFilter, page: Page) -> CoreResult<PersonSummaryPage> {
    Ok(ctx.store.read(|r| r.person_summaries(ctx.owner, filter, page))?)
}

pub fn list<S: Store>(ctx: &Ctx<'_, S>, filter: &PersonFilter, page: Page) -> CoreResult<PersonPage> {
    Ok(ctx.store.read(|r| r.people(ctx.owner, filter, page))?)
}

/// Moves a person to the trash (with their timeline, which comes back with them).
pub fn trash<S: Store>(ctx: &Ctx<'_, S>, id: PersonId) -> CoreResult<Person> {
    ctx.store.write(|w| {
        let person = w.person(ctx.owner, id)?;
        if person.deleted_at.is_none() {
            w.set_trashed(ctx.owner, Trashable::Person(id), Some(ctx.now))?;
        }
        reminders::refresh_with_counterparts(w, ctx, &[id])?;
        Ok(person)
    })
}

pub fn restore<S: Store>(ctx: &Ctx<'_, S>, id: PersonId) -> CoreResult<Person> {
    ctx.store.write(|w| {
        w.set_trashed(ctx.owner, Trashable::Person(id), None)?;
        reminders::refresh_with_counterparts(w, ctx, &[id])?;
        Ok(w.person(ctx.owner, id)?)
    })
}

/// One change applied to many people at once (after a bad import, say).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BulkAction {
    /// Adds a tag to everyone who lacks it.
    AddTag(Tag),
    /// Sets (or, with `None`, clears) the keep-in-touch tier.
    SetTier(Option<Tier>),
    /// Moves everyone to the trash, all stamped with the same time so one undo brings the
    /// whole batch back (see [`restore_trashed_at`]).
    Trash,
}

/// What a bulk change did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BulkOutcome {
    /// How many people the batch named.
    pub selected: usize,
    /// How many of them actually changed (a tag they had already changes nothing).
    pub changed: usize,
    /// The time of the change: for [`BulkAction::Trash`], the batch's trash stamp.
    pub at: Timestamp,
}

/// Applies one action to every named person in one transaction: all of them change, or
/// (when one is missing) none does. Each id counts once, however often it is named.
pub fn bulk<S: Store>(ctx: &Ctx<'_, S>, ids: &[PersonId], action: &BulkAction) -> CoreResult<BulkOutcome> {
    let mut unique: Vec<PersonId> = Vec::with_capacity(ids.len());
    for id in ids {
        if !unique.contains(id) {
            unique.push(*id);
        }
    }
    if unique.is_empty() {
        return Err(CoreError::Refused("no one is selected; tick the people to change first".into()));
    }
    ctx.store.write(|w| {
        let mut changed = 0;
        for id in &unique {
            let mut person = w.person(ctx.owner, *id)?;
            match action {
                BulkAction::Trash => {
                    if person.deleted_at.is_none() {
                        w.set_trashed(ctx.owner, Trashable::Person(*id), Some(ctx.now))?;
                        changed += 1;
                    }
                }
                BulkAction::AddTag(tag) => {
                    let patch = PersonPatch { add_tags: vec![tag.clone()], ..Default::default() };
                    if !patch.apply(&mut person, ctx.now).is_empty() {
                        w.update_person(&person)?;
                        changed += 1;
                    }
                }
                BulkAction::SetTier(tier) => {
                    let patch = PersonPatch { tier: Some(*tier), ..Default::default() };
                    if !patch.apply(&mut person, ctx.now).is_empty() {
                        w.update_person(&person)?;
                        changed += 1;
                    }
                }
            }
        }
        // Tags feed no reminder; a tier or a trip to the trash does.
        if !matches!(action, BulkAction::AddTag(_)) {
            reminders::refresh_with_counterparts(w, ctx, &unique)?;
        }
        Ok(BulkOutcome { selected: unique.len(), changed, at: ctx.now })
    })
}

/// Brings back every person moved to the trash at exactly `at` (one bulk delete, or one
/// single delete): the undo of [`bulk`] with [`BulkAction::Trash`] and of [`trash`].
pub fn restore_trashed_at<S: Store>(ctx: &Ctx<'_, S>, at: Timestamp) -> CoreResult<Vec<Person>> {
    ctx.store.write(|w| {
        let ids: Vec<PersonId> = w
            .trash(ctx.owner)?
            .into_iter()
            .filter(|item| item.kind == "person" && item.deleted_at == at)
            .map(|item| PersonId::from_uuid(item.id))
            .collect();
        if ids.is_empty() {
            return Err(CoreError::NoMatch {
                kind: "trashed person",
                query: at.to_string(),
                hint: "they may have been restored already or the trash was emptied; see `rapport trash list`".into(),
            });
        }
        for id in &ids {
            w.set_trashed(ctx.owner, Trashable::Person(*id), None)?;
        }
        reminders::refresh_with_counterparts(w, ctx, &ids)?;
        Ok(w.people_by_ids(ctx.owner, &ids)?)
    })
}

/// Finds the one live person the user means by `text`: a full id, a short id (the last
/// eight characters shown in lists), an email address, a LinkedIn link, or a name.
pub fn resolve<S: Store>(ctx: &Ctx<'_, S>, text: &str) -> CoreResult<PersonId> {
    let text = text.trim();
    ctx.store.read(|r| {
        if let Ok(id) = text.parse::<PersonId>() {
            return match r.person(ctx.owner, id) {
                Ok(_) => Ok(id),
                Err(StoreError::NotFound { .. }) => Err(no_person(text)),
                Err(e) => Err(e.into()),
            };
        }
        let mut candidates: Vec<PersonId> = Vec::new();
        if let Ok(email) = Email::parse(text) {
            candidates = r.find_people(ctx.owner, &PersonKey::Email(email.match_key()))?;
        } else if text.contains("linkedin.")
            && let Ok(link) = Link::parse(text)
            && let Some(key) = link.linkedin_key()
        {
            candidates = r.find_people(ctx.owner, &PersonKey::LinkedIn(key.to_string()))?;
        }
        if candidates.is_empty() && text.len() >= 4 && text.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
            candidates = r.people_by_id_fragment(ctx.owner, text)?;
        }
        if candidates.is_empty() {
            candidates = r.find_people(ctx.owner, &PersonKey::Name(fold_name(text)))?;
        }
        if candidates.is_empty() {
            let query = SearchQuery { kinds: vec![SearchKind::Person], limit: 5, ..SearchQuery::new(text) };
            let hits = r.search(ctx.owner, &query)?;
            let folded = fold_name(text);
            // A search hit counts only when every typed word starts a word of the name.
            candidates = hits
                .iter()
                .filter(|h| {
                    let name = fold_name(&h.title);
                    folded.split(' ').all(|w| name.split(' ').any(|n| n.starts_with(w)))
                })
                .filter_map(|h| h.person_id)
                .collect();
        }
        match candidates.len() {
            0 => Err(no_person(text)),
            1 => Ok(candidates[0]),
            count => {
                let people = r.people_by_ids(ctx.owner, &candidates)?;
                let listed: Vec<String> =
                    people.iter().take(5).map(|p| format!("{} ({})", p.name.full, p.id.short())).collect();
                Err(CoreError::Ambiguous {
                    kind: "person",
                    query: text.to_string(),
                    count,
                    candidates: listed.join(", "),
                })
            }
        }
    })
}

fn no_person(text: &str) -> CoreError {
    CoreError::NoMatch {
        kind: "person",
        query: text.to_string(),
        hint: format!("look with `rapport search {text}` or `rapport person list`"),
    }
}

#[cfg(test)]
mod tests {
    use rapport_domain::ids::AccountId;
    use rapport_domain::people::PersonName;
    use rapport_store_sqlite::{OpenMode, SqliteStore};

    use super::*;

    fn store() -> (tempfile::TempDir, SqliteStore) {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("t.sqlite3"), OpenMode::Create).unwrap();
        (dir, store)
    }

    fn person(ctx: &Ctx<'_, SqliteStore>, name: &str) -> Person {
        add(ctx, NewPerson::new(PersonName::new(name).unwrap()), false).unwrap()
    }

    #[test]
    fn bulk_tag_and_tier_change_only_those_who_differ() {
        let (_dir, store) = store();
        let ctx = Ctx::at(&store, AccountId::LOCAL, Timestamp::from_second(1_800_000_000).unwrap());
        let ana = person(&ctx, "Ana Silva");
        let ben = person(&ctx, "Ben Okafor");
        let tag = Tag::parse("bad-import").unwrap();
        let first = bulk(&ctx, &[ana.id], &BulkAction::AddTag(tag.clone())).unwrap();
        assert_eq!((first.selected, first.changed), (1, 1));
        let both = bulk(&ctx, &[ana.id, ben.id, ben.id], &BulkAction::AddTag(tag.clone())).unwrap();
        assert_eq!((both.selected, both.changed), (2, 1));
        assert_eq!(get(&ctx, ben.id).unwrap().tags, vec![tag]);
        let tier = bulk(&ctx, &[ana.id, ben.id], &BulkAction::SetTier(Some(Tier::B))).unwrap();
        assert_eq!(tier.changed, 2);
        assert_eq!(get(&ctx, ana.id).unwrap().tier, Some(Tier::B));
    }

    #[test]
    fn a_batch_naming_a_missing_person_changes_no_one() {
        let (_dir, store) = store();
        let ctx = Ctx::at(&store, AccountId::LOCAL, Timestamp::from_second(1_800_000_000).unwrap());
        let ana = person(&ctx, "Ana Silva");
        let err = bulk(&ctx, &[ana.id, PersonId::new()], &BulkAction::Trash).unwrap_err();
        assert!(err.is_not_found(), "{err}");
        assert!(get(&ctx, ana.id).unwrap().deleted_at.is_none());
        assert!(bulk(&ctx, &[], &BulkAction::Trash).is_err());
    }

    #[test]
    fn one_undo_brings_back_the_whole_batch_and_only_it() {
        let (_dir, store) = store();
        let early = Ctx::at(&store, AccountId::LOCAL, Timestamp::from_second(1_800_000_000).unwrap());
        let ana = person(&early, "Ana Silva");
        let ben = person(&early, "Ben Okafor");
        let cy = person(&early, "Cy Tran");
        trash(&early, cy.id).unwrap();
        let later = Ctx::at(&store, AccountId::LOCAL, Timestamp::from_second(1_800_000_100).unwrap());
        let outcome = bulk(&later, &[ana.id, ben.id], &BulkAction::Trash).unwrap();
        assert_eq!(outcome.changed, 2);
        assert_eq!(list(&later, &PersonFilter::default(), Page::default()).unwrap().total, 0);
        let back = restore_trashed_at(&later, outcome.at).unwrap();
        assert_eq!(back.len(), 2);
        let live = list(&later, &PersonFilter::default(), Page::default()).unwrap();
        assert_eq!(live.total, 2);
        assert!(get(&later, cy.id).unwrap().deleted_at.is_some(), "an earlier delete stays in the trash");
        assert!(restore_trashed_at(&later, outcome.at).unwrap_err().is_not_found());
    }
}
