//! Exports and restore: people as vCard 4.0 and CSV, meetings and open tasks as iCalendar,
//! every record as the versioned JSON backup, and a store rebuilt from a backup.
//!
//! A backup holds every record of the account, the trash included, each list sorted by id,
//! so exporting, restoring into an empty store and exporting again gives the same file (given
//! the same `exported_at`).

use std::collections::HashMap;

use jiff::tz::TimeZone;
use rapport_domain::ids::{AccountId, OrganizationId, PersonId};
use rapport_domain::interactions::Interaction;
use rapport_domain::introductions::Introduction;
use rapport_domain::meetings::Meeting;
use rapport_domain::openings::Opening;
use rapport_domain::people::Person;
use rapport_domain::reminders::{Priority, ReminderDecision};
use rapport_interchange::ics::{IcsOptions, IcsTodo, write_calendar};
use rapport_interchange::json::{Backup, BackupPhoto};
use rapport_interchange::{csv_export, vcard};
use rapport_store::{
    DueQuery, OpeningFilter, OrganizationFilter, Page, PersonFilter, Reader, Store, StoreError, Trashable, Writer,
};

use crate::{CoreError, CoreResult, Ctx};

/// Every record of the account, the trash included, as a backup made now.
pub fn backup<S: Store>(ctx: &Ctx<'_, S>) -> CoreResult<Backup> {
    Ok(ctx.store.read(|r| {
        let mut backup = Backup::new(ctx.now);
        backup.profile = r.profile(ctx.owner)?;
        backup.people = all_people(r, ctx.owner)?;
        let mut organizations = r.organizations(ctx.owner, &OrganizationFilter::default(), Page::ALL)?;
        organizations.extend(r.organizations(
            ctx.owner,
            &OrganizationFilter { trashed: true, ..Default::default() },
            Page::ALL,
        )?);
        organizations.sort_by_key(|o| o.id);
        backup.organizations = organizations;
        let mut openings = r.openings(ctx.owner, &OpeningFilter::default(), Page::ALL)?;
        openings.extend(r.openings(ctx.owner, &OpeningFilter { trashed: true, ..Default::default() }, Page::ALL)?);
        openings.sort_by_key(|o| o.id);
        backup.openings = openings;
        backup.interactions = r.interactions(ctx.owner, Page::ALL)?;
        backup.interactions.sort_by_key(|i| i.id);
        backup.meetings = r.all_meetings(ctx.owner)?;
        backup.meetings.sort_by_key(|m| m.id);
        backup.introductions = r.introductions(ctx.owner)?;
        backup.introductions.sort_by_key(|i| i.id);
        backup.tasks = r.tasks(ctx.owner, true)?;
        backup.tasks.sort_by_key(|t| t.id);
        backup.notes = r.notes(ctx.owner, Page::ALL)?;
        backup.notes.sort_by_key(|n| n.id);
        backup.questions = r.questions(ctx.owner)?;
        backup.questions.sort_by_key(|q| q.id);
        backup.relationships = r.relationships(ctx.owner)?;
        backup.relationships.sort_by_key(|r| r.id);
        backup.reminder_decisions = r.all_reminder_decisions(ctx.owner)?;
        backup.reminder_decisions.sort_by(|(a, x), (b, y)| (a, &x.key, x.decided_at).cmp(&(b, &y.key, y.decided_at)));
        // All in one read (one per person was 30,000 queries for a handful of photos).
        backup.photos = r
            .person_photos(ctx.owner)?
            .into_iter()
            .map(|(person_id, photo)| BackupPhoto { person_id, media_type: photo.media_type, bytes: photo.bytes })
            .collect();
        Ok::<_, StoreError>(backup)
    })?)
}

/// Live and trashed people, sorted by id.
fn all_people<R: Reader>(r: &R, owner: AccountId) -> Result<Vec<Person>, StoreError> {
    let mut people = r.people(owner, &PersonFilter::default(), Page::ALL)?.people;
    people.extend(r.people(owner, &PersonFilter { trashed: true, ..Default::default() }, Page::ALL)?.people);
    people.sort_by_key(|p| p.id);
    Ok(people)
}

/// The names of every organization, the trashed ones too.
fn organization_names<R: Reader>(r: &R, owner: AccountId) -> Result<HashMap<OrganizationId, String>, StoreError> {
    let mut names = HashMap::new();
    for trashed in [false, true] {
        for org in r.organizations(owner, &OrganizationFilter { trashed, ..Default::default() }, Page::ALL)? {
            names.insert(org.id, org.name);
        }
    }
    Ok(names)
}

/// Live people as vCard 4.0, with their photos: one person, or everyone (sorted by name).
pub fn vcard<S: Store>(ctx: &Ctx<'_, S>, person: Option<PersonId>) -> CoreResult<String> {
    Ok(ctx.store.read(|r| {
        let people = match person {
            Some(id) => vec![r.person(ctx.owner, id)?],
            None => r.people(ctx.owner, &PersonFilter::default(), Page::ALL)?.people,
        };
        let names = organization_names(r, ctx.owner)?;
        let mut out = String::new();
        for person in &people {
            let photo = r
                .person_photo(ctx.owner, person.id)?
                .map(|p| rapport_interchange::Photo { media_type: p.media_type, bytes: p.bytes });
            let org = person.organization_id.and_then(|o| names.get(&o)).map(String::as_str);
            vcard::write_person_with_photo(&mut out, person, org, photo.as_ref());
        }
        Ok::<_, StoreError>(out)
    })?)
}

/// Live people as CSV (sorted by name); see `rapport_interchange::csv_export` for the columns.
pub fn csv<S: Store>(ctx: &Ctx<'_, S>) -> CoreResult<String> {
    let (people, names) = ctx.store.read(|r| {
        let people = r.people(ctx.owner, &PersonFilter::default(), Page::ALL)?.people;
        Ok::<_, StoreError>((people, organization_names(r, ctx.owner)?))
    })?;
    csv_export::write_people(&people, |org| names.get(&org).cloned()).map_err(|e| CoreError::Refused(e.to_string()))
}

/// A calendar export and what it left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Calendar {
    pub text: String,
    pub meetings: usize,
    pub tasks: usize,
    /// Reminders written as to-dos: everything late, and what opens in the next
    /// [`ICS_REMINDER_DAYS`] days.
    pub reminders: usize,
    /// Open tasks without a due day: a to-do needs one for its alarm, so they were left out.
    pub undated_tasks: usize,
}

/// How far ahead the calendar carries reminders as to-dos.
pub const ICS_REMINDER_DAYS: i64 = 60;

/// Every meeting as a `VEVENT` (cancelled and trashed ones as `STATUS:CANCELLED`, so a
/// calendar that imported them before drops them), the seeker's open tasks with a due day
/// as `VTODO`s due at their reminder hour, and rapport's reminders (late ones and those of the
/// next [`ICS_REMINDER_DAYS`] days) as `VTODO`s with an alarm at their due time; each item keeps
/// its UID from export to export (a reminder's comes from its stable key and person), so a
/// subscribed calendar updates items instead of duplicating them.
pub fn ics<S: Store>(ctx: &Ctx<'_, S>) -> CoreResult<Calendar> {
    let profile = crate::profile::get(ctx)?;
    let tz = TimeZone::get(&profile.settings.time_zone).unwrap_or(TimeZone::UTC);
    let horizon = ctx.now + jiff::SignedDuration::from_hours(24 * ICS_REMINDER_DAYS);
    let (meetings, names, tasks, reminders) = ctx.store.read(|r| {
        let meetings = r.all_meetings(ctx.owner)?;
        let names: HashMap<PersonId, String> =
            all_people(r, ctx.owner)?.into_iter().map(|p| (p.id, p.name.full)).collect();
        let mut reminders = r.due_reminders(ctx.owner, &DueQuery::late(ctx.now, 1_000))?.reminders;
        reminders.extend(r.due_reminders(ctx.owner, &DueQuery::opening(ctx.now, None, horizon, 5_000))?.reminders);
        Ok::<_, StoreError>((meetings, names, r.tasks(ctx.owner, false)?, reminders))
    })?;
    let mut todos = Vec::new();
    let mut undated = 0;
    for task in &tasks {
        let Some(due) = task.due else {
            undated += 1;
            continue;
        };
        let at = due
            .at(i8::try_from(profile.settings.reminder_hour).unwrap_or(8), 0, 0, 0)
            .to_zoned_datetime(tz.clone())
            .map(|z| z.timestamp())
            .map_err(|e| {
                CoreError::Refused(format!("task `{}`: its due day {due} cannot be placed: {e}", task.title))
            })?;
        let mut todo = IcsTodo::new(&format!("{}@rapport", task.id), &task.title, at, 5)?;
        if let Some(person) = task.person_id.and_then(|p| names.get(&p)) {
            todo.description = Some(format!("About {person}."));
        }
        todos.push(todo);
    }
    let task_count = todos.len();
    for reminder in &reminders {
        let person = reminder.person_id.map(|p| p.to_string()).unwrap_or_else(|| "seeker".into());
        let summary = if reminder.who.is_empty() {
            reminder.what.clone()
        } else {
            format!("{} ({})", reminder.what, reminder.who)
        };
        let priority = match reminder.priority {
            Priority::Urgent => 1,
            Priority::High => 3,
            Priority::Medium => 5,
            Priority::Low => 7,
        };
        let mut todo =
            IcsTodo::new(&format!("{}.{person}@rapport", reminder.key), &summary, reminder.due_at, priority)?;
        todo.description = Some(reminder.why.clone());
        todos.push(todo);
    }
    let mut options = IcsOptions::new(ctx.now);
    options.calendar_name = Some("rapport".into());
    let text = write_calendar(&meetings, |p| names.get(&p).cloned(), &todos, &options);
    Ok(Calendar {
        text,
        meetings: meetings.len(),
        tasks: task_count,
        reminders: todos.len() - task_count,
        undated_tasks: undated,
    })
}

pub use rapport_store::Holdings;

/// How many records of each kind a backup holds.
pub fn holdings_of(backup: &Backup) -> Holdings {
    Holdings {
        people: backup.people.len(),
        organizations: backup.organizations.len(),
        openings: backup.openings.len(),
        interactions: backup.interactions.len(),
        meetings: backup.meetings.len(),
        introductions: backup.introductions.len(),
        tasks: backup.tasks.len(),
        notes: backup.notes.len(),
        questions: backup.questions.len(),
        relationships: backup.relationships.len(),
    }
}

/// What the store holds now (the trash included).
pub fn holdings<S: Store>(ctx: &Ctx<'_, S>) -> CoreResult<Holdings> {
    Ok(holdings_of(&backup(ctx)?))
}

/// The seeker's decisions as the store keeps them once each is written in turn: the last
/// one per person and reminder, in the order the store reads them (by time, then key).
fn latest_decisions(decisions: &[(Option<PersonId>, ReminderDecision)]) -> Vec<(Option<PersonId>, ReminderDecision)> {
    let mut latest: HashMap<(Option<PersonId>, &str), &ReminderDecision> = HashMap::new();
    for (person, decision) in decisions {
        latest.insert((*person, decision.key.as_str()), decision);
    }
    let mut out: Vec<(Option<PersonId>, ReminderDecision)> =
        latest.into_iter().map(|((person, _), d)| (person, d.clone())).collect();
    out.sort_by(|a, b| (a.1.decided_at, &a.1.key).cmp(&(b.1.decided_at, &b.1.key)));
    out
}

/// What a restore did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RestoreOutcome {
    /// What was there before and was deleted (`--replace`); all zero otherwise.
    pub deleted: Holdings,
    pub restored: Holdings,
}

/// Rebuilds the account from a backup, in one transaction. The store must hold no records
/// (a profile alone is fine: it is replaced) unless `replace`, which first deletes everything
/// the account holds. Every record keeps its id and times; they join this account.
pub fn restore<S: Store>(ctx: &Ctx<'_, S>, backup: &Backup, replace: bool) -> CoreResult<RestoreOutcome> {
    // A replacing restore learns what it deleted from the deletes; only one into a store it
    // must not touch reads what is there (reading a whole network to count it was a tenth of
    // replacing 30,000 people).
    if !replace {
        let before = holdings(ctx)?;
        if before.total() > 0 {
            return Err(CoreError::Refused(format!(
                "this store already holds {}; restore into a new store (--db new.sqlite3), or add --replace to \
                 delete all of it first",
                before.describe()
            )));
        }
    }
    let owner = ctx.owner;
    // Every record joins this account; the same copies are written and, on another core,
    // handed to the reminder rules.
    let people: Vec<Person> = backup.people.iter().map(|p| Person { owner, ..p.clone() }).collect();
    let openings: Vec<Opening> = backup.openings.iter().map(|o| Opening { owner, ..o.clone() }).collect();
    let meetings: Vec<Meeting> = backup.meetings.iter().map(|m| Meeting { owner, ..m.clone() }).collect();
    // Interactions and introductions in the order the store reads them back (see
    // `reminders::refresh_all`), which is the order the reminder rules see them in; neither
    // has a search document, so the order they are written in changes nothing else.
    let mut interactions: Vec<Interaction> =
        backup.interactions.iter().map(|i| Interaction { owner, ..i.clone() }).collect();
    interactions.sort_by_key(|i| (i.at, i.id));
    let mut introductions: Vec<Introduction> =
        backup.introductions.iter().map(|i| Introduction { owner, ..i.clone() }).collect();
    introductions.sort_by_key(|i| (i.created_at, i.id));
    // A bulk write (see `Store::write_bulk`): a backup is tens of thousands of rows, and
    // with the store to itself SQLite writes each page once, straight into the file.
    let deleted = ctx.store.write_bulk(|w| {
        let deleted = if replace { w.delete_everything(owner)? } else { Holdings::default() };
        if let Some(profile) = &backup.profile {
            let mut profile = profile.clone();
            profile.owner = owner;
            w.put_profile(&profile)?;
        }
        let context =
            crate::reminders::context_from(w.profile(owner)?.as_ref(), crate::reminders::accepted_at(&openings))?;
        std::thread::scope(|scope| {
            // The store holds nothing else now, so every reminder follows from the backup's
            // records alone: derived while this thread writes them, instead of read back and
            // derived after (a third of restoring 30,000 people).
            let derived = scope.spawn(|| {
                // As the store reads them: meetings out of the trash, by time.
                let mut live: Vec<Meeting> = meetings.iter().filter(|m| m.deleted_at.is_none()).cloned().collect();
                live.sort_by_key(|m| (m.scheduled_at, m.id));
                let records = crate::reminders::Records {
                    people: &people,
                    interactions: &interactions,
                    meetings: &live,
                    introductions: &introductions,
                    openings: &openings,
                };
                crate::reminders::derive_all(&records, &context, &latest_decisions(&backup.reminder_decisions))
            });
            for org in &backup.organizations {
                let mut org = org.clone();
                org.owner = owner;
                w.insert_organization(&org)?;
            }
            w.insert_people(&people)?;
            for photo in &backup.photos {
                let stored =
                    rapport_store::PersonPhoto { media_type: photo.media_type.clone(), bytes: photo.bytes.clone() };
                w.put_person_photo(owner, photo.person_id, Some(&stored))?;
            }
            for opening in &openings {
                w.insert_opening(opening)?;
            }
            for meeting in &meetings {
                w.insert_meeting(meeting)?;
            }
            w.insert_interactions(&interactions)?;
            for intro in &introductions {
                w.insert_introduction(intro)?;
            }
            for task in &backup.tasks {
                let mut task = task.clone();
                task.owner = owner;
                w.insert_task(&task)?;
            }
            for note in &backup.notes {
                let mut note = note.clone();
                note.owner = owner;
                w.insert_note(&note)?;
            }
            for question in &backup.questions {
                let mut question = question.clone();
                question.owner = Some(owner);
                w.insert_question(&question)?;
            }
            for rel in &backup.relationships {
                let mut rel = rel.clone();
                rel.owner = owner;
                w.insert_relationship(&rel)?;
            }
            // Trashing again hides the search documents of trashed records and of what hangs
            // off them, as the original trashing did; the times are the backup's own.
            let trashed = people
                .iter()
                .filter_map(|p| p.deleted_at.map(|at| (Trashable::Person(p.id), at)))
                .chain(
                    backup
                        .organizations
                        .iter()
                        .filter_map(|o| o.deleted_at.map(|at| (Trashable::Organization(o.id), at))),
                )
                .chain(openings.iter().filter_map(|o| o.deleted_at.map(|at| (Trashable::Opening(o.id), at))))
                .chain(meetings.iter().filter_map(|m| m.deleted_at.map(|at| (Trashable::Meeting(m.id), at))));
            for (record, at) in trashed {
                w.set_trashed(owner, record, Some(at))?;
            }
            for (person, decision) in &backup.reminder_decisions {
                w.put_reminder_decision(owner, *person, decision)?;
            }
            // Nobody in the restored store has reminders to replace yet.
            for (_, list) in derived.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)) {
                w.add_reminders(owner, &list)?;
            }
            Ok::<_, CoreError>(deleted)
        })
    })?;
    Ok(RestoreOutcome { deleted, restored: holdings_of(backup) })
}
