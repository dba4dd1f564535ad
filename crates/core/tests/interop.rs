//! Interop use cases on real SQLite stores: export → restore → export is the identity over
//! generated stores (a property), an import run twice changes nothing the second time, and a
//! merge followed by its undo leaves the store as it was, even after the trash was emptied.

use jiff::Timestamp;
use jiff::civil::date;
use proptest::prelude::*;
use rapport_core::demo::{self, DemoConfig};
use rapport_core::import::{ImportRequest, import};
use rapport_core::{Ctx, dupes, export};
use rapport_domain::ids::{AccountId, PersonId, QuestionId, TaskId};
use rapport_domain::people::Person;
use rapport_domain::questions::{NewQuestion, QuestionCategory};
use rapport_domain::reminders::DecisionAction;
use rapport_domain::tasks::NewTask;
use rapport_interchange::ImportOptions;
use rapport_store::{Page, PersonFilter, Reader, Store, Writer};
use rapport_store_sqlite::{OpenMode, SqliteStore};

fn now() -> Timestamp {
    "2026-11-25T12:00:00Z".parse().unwrap()
}

/// An import of a LinkedIn `Connections.csv` with these contents.
fn connections(csv: &str) -> ImportRequest<'_> {
    ImportRequest {
        file_name: Some("Connections.csv"),
        bytes: csv.as_bytes(),
        options: ImportOptions::default(),
        dry_run: false,
    }
}

fn store(dir: &tempfile::TempDir, name: &str) -> SqliteStore {
    SqliteStore::open(&dir.path().join(name), OpenMode::Create).unwrap()
}

/// A demo network with some tasks and questions, some records in the trash, and the
/// seeker's decisions (done, snoozed, dismissed) on the first reminders of the first people.
fn generated(store: &SqliteStore, seed: u64, people: u32, trash: &[bool], tasks: usize) {
    let ctx = Ctx::at(store, AccountId::LOCAL, now());
    demo::fill(&ctx, DemoConfig { people, seed }).unwrap();
    let everyone: Vec<Person> =
        store.read(|r| r.people(AccountId::LOCAL, &PersonFilter::default(), Page::ALL)).unwrap().people;
    let mut decided = 0;
    for person in &everyone {
        if decided == 3 {
            break;
        }
        let Some(reminder) = rapport_core::reminders::for_person(&ctx, person.id).unwrap().into_iter().next() else {
            continue;
        };
        let action = match decided {
            0 => DecisionAction::Done,
            1 => DecisionAction::Snoozed { until: now() + jiff::SignedDuration::from_hours(72) },
            _ => DecisionAction::Dismissed,
        };
        rapport_core::reminders::decide(&ctx, &reminder.key, Some(person.id), action).unwrap();
        decided += 1;
    }
    // Through the use case, as a user would: it also drops the person's reminders.
    for (person, trashed) in everyone.iter().zip(trash) {
        if *trashed {
            rapport_core::people::trash(&ctx, person.id).unwrap();
        }
    }
    store
        .write(|w| {
            for n in 0..tasks {
                let mut task = NewTask::new(&format!("Follow up on lead {n}")).unwrap();
                task.person_id = everyone.get(n).map(|p| p.id);
                task.due = (n % 2 == 0).then(|| date(2026, 12, 1 + n as i8 % 28));
                w.insert_task(&task.into_task(TaskId::new(), AccountId::LOCAL, now()))?;
            }
            let question = NewQuestion::new("What surprised you in your first year?", QuestionCategory::Assignments)
                .unwrap()
                .into_question(QuestionId::new(), AccountId::LOCAL, now());
            w.insert_question(&question)
        })
        .unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10, ..ProptestConfig::default() })]

    #[test]
    fn export_restore_export_is_the_identity(
        seed in 0u64..10_000,
        people in 2u32..40,
        trash in proptest::collection::vec(any::<bool>(), 0..10),
        tasks in 0usize..4,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let original = store(&dir, "original.sqlite3");
        generated(&original, seed, people, &trash, tasks);
        let first = export::backup(&Ctx::at(&original, AccountId::LOCAL, now())).unwrap();
        let copy = store(&dir, "copy.sqlite3");
        let ctx = Ctx::at(&copy, AccountId::LOCAL, now());
        export::restore(&ctx, &first, false).unwrap();
        let second = export::backup(&ctx).unwrap();
        prop_assert_eq!(first.to_json(), second.to_json());
        prop_assert_eq!(first.reminder_decisions.len(), second.reminder_decisions.len());
        // The reminders a restore derives from the backup in memory are those the store's own
        // records give (what rebuilding them all from the store writes).
        let restored = every_reminder(&copy);
        copy.write(|w| rapport_core::reminders::refresh_all(w, &ctx)).unwrap();
        prop_assert_eq!(restored, every_reminder(&copy));
        prop_assert_eq!(
            export::ics(&Ctx::at(&original, AccountId::LOCAL, now())).unwrap(),
            export::ics(&ctx).unwrap()
        );
    }
}

/// Each person's reminders, the trashed included, by person.
fn every_reminder(store: &SqliteStore) -> Vec<(PersonId, Vec<rapport_domain::reminders::Reminder>)> {
    store
        .read(|r| {
            let mut everyone = r.people(AccountId::LOCAL, &PersonFilter::default(), Page::ALL)?.people;
            everyone.extend(
                r.people(AccountId::LOCAL, &PersonFilter { trashed: true, ..PersonFilter::default() }, Page::ALL)?
                    .people,
            );
            everyone.sort_by_key(|p| p.id);
            everyone
                .iter()
                .map(|p| Ok((p.id, r.reminders_for_person(AccountId::LOCAL, p.id)?)))
                .collect::<Result<Vec<_>, rapport_store::StoreError>>()
        })
        .unwrap()
}

#[test]
fn a_restore_over_records_needs_replace_and_replace_leaves_only_the_backup() {
    let dir = tempfile::tempdir().unwrap();
    let a = store(&dir, "a.sqlite3");
    generated(&a, 1, 20, &[true], 2);
    let b = store(&dir, "b.sqlite3");
    generated(&b, 2, 30, &[false, true], 2);
    let backup = export::backup(&Ctx::at(&a, AccountId::LOCAL, now())).unwrap();
    let ctx = Ctx::at(&b, AccountId::LOCAL, now());
    // A decision about a list-level reminder belongs to no person, so nothing cascades to it.
    let decision = rapport_domain::reminders::ReminderDecision {
        key: "R1:weekly-review".into(),
        action: DecisionAction::Dismissed,
        decided_at: now(),
    };
    b.write(|w| w.put_reminder_decision(AccountId::LOCAL, None, &decision)).unwrap();
    let refused = export::restore(&ctx, &backup, false).unwrap_err().to_string();
    assert!(refused.contains("already holds 30 people") && refused.contains("--replace"), "{refused}");
    let before = export::holdings(&ctx).unwrap();
    assert!(before.tasks == 2 && before.questions >= 1 && before.relationships >= 1, "{before:?}");
    let outcome = export::restore(&ctx, &backup, true).unwrap();
    assert_eq!(outcome.deleted, before, "what it says it deleted is what the store held");
    assert_eq!(outcome.deleted.people, 30);
    assert_eq!(outcome.restored.people, 20);
    assert_eq!(export::backup(&ctx).unwrap().to_json(), backup.to_json());
    assert!(
        b.read(|r| r.all_reminder_decisions(AccountId::LOCAL)).unwrap().iter().all(|(_, d)| d.key != decision.key),
        "the replaced account's own decisions are gone"
    );
    let restored = every_reminder(&b);
    b.write(|w| rapport_core::reminders::refresh_all(w, &ctx)).unwrap();
    assert_eq!(restored, every_reminder(&b), "a restore over records derives what a rebuild from the store does");
}

const CONNECTIONS: &str = "Notes:\n\"x\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
    Ana,Silva,https://www.linkedin.com/in/anasilva,ana@example.com,Acme,Analyst,04 Feb 2025\n\
    Ana,Silva,https://www.linkedin.com/in/anasilva,,Acme Corp,Lead Analyst,04 Feb 2025\n\
    Bo,Sample,https://www.linkedin.com/in/bosample,,,,03 Feb 2025\n";

#[test]
fn an_import_run_twice_changes_nothing_even_with_a_person_twice_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir, "s.sqlite3");
    let ctx = Ctx::at(&store, AccountId::LOCAL, now());
    let request = connections(CONNECTIONS);
    let first = import(&ctx, &request, &mut |_| {}).unwrap();
    assert_eq!(first.added.len(), 2);
    assert!(first.warnings.iter().any(|w| w.line == 6 && w.message.contains("same person as line 5")), "{first:?}");
    let ana = store.read(|r| r.people(AccountId::LOCAL, &PersonFilter::default(), Page::ALL)).unwrap().people;
    assert_eq!(ana[0].title.as_deref(), Some("Analyst"), "the first row of a person wins; the second fills gaps");
    let before = export::backup(&ctx).unwrap().to_json();
    let later = Ctx::at(&store, AccountId::LOCAL, now() + jiff::SignedDuration::from_hours(1));
    let second = import(&later, &request, &mut |_| {}).unwrap();
    assert!(second.is_no_op() && second.kept.is_empty(), "{second:?}");
    assert_eq!(export::backup(&ctx).unwrap().to_json(), before);
    let touches = store.read(|r| r.interactions(AccountId::LOCAL, Page::ALL)).unwrap();
    assert_eq!(touches.len(), 2, "one connection touch per person");
    assert!(ana[0].last_touch_at.is_none());
}

/// A photo kept from a vCard is in the backup and comes back with the restore; the restored
/// store backs up to the same file.
#[test]
fn photos_survive_a_backup_and_restore() {
    let dir = tempfile::tempdir().unwrap();
    let original = store(&dir, "a.sqlite3");
    let ctx = Ctx::at(&original, AccountId::LOCAL, now());
    let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Photo\r\nN:Photo;Ana;;;\r\n\
                PHOTO;ENCODING=b;TYPE=PNG:iVBORw0KGgoAAAANSUhEUg==\r\nEND:VCARD\r\n";
    let request = ImportRequest {
        file_name: Some("ana.vcf"),
        bytes: card.as_bytes(),
        options: ImportOptions { keep_photos: true, ..ImportOptions::default() },
        dry_run: false,
    };
    let summary = import(&ctx, &request, &mut |_| {}).unwrap();
    let ana = summary.added[0].person_id;
    let photo = original.read(|r| r.person_photo(AccountId::LOCAL, ana)).unwrap().expect("the photo was kept");
    let json = export::backup(&ctx).unwrap().to_json();
    assert!(json.contains("\"media_type\": \"image/png\""), "{json}");

    let copy = store(&dir, "b.sqlite3");
    let restored = Ctx::at(&copy, AccountId::LOCAL, now());
    let backup = rapport_interchange::json::Backup::from_reader(json.as_bytes()).unwrap();
    export::restore(&restored, &backup, false).unwrap();
    assert_eq!(copy.read(|r| r.person_photo(AccountId::LOCAL, ana)).unwrap(), Some(photo));
    assert_eq!(export::backup(&restored).unwrap().to_json(), json);
}

/// The import hands new people to the writer every few hundred rows: a person whose second
/// row comes long after the first (after they were written) is filled in all the same, and
/// the result is what a file with the two rows side by side gives.
#[test]
fn a_person_filled_in_by_a_row_far_down_the_file_is_written_whole() {
    let rows = 1_500;
    let row = |i: usize, email: &str, company: &str, position: &str, connected: &str| {
        format!("Person,Number{i},https://www.linkedin.com/in/person-{i},{email},{company},{position},{connected}\n")
    };
    let header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n";
    let first_row =
        |i: usize| row(i, "", &format!("Firm {}", i % 9), "Analyst", if i == 3 { "" } else { "01 Oct 2026" });
    let second_row = row(3, "late@example.com", "Firm 99", "Director", "05 Oct 2026");
    let far: String = std::iter::once(header.to_string())
        .chain((0..rows).map(first_row))
        .chain(std::iter::once(second_row.clone()))
        .collect();
    let near: String = std::iter::once(header.to_string())
        .chain((0..rows).flat_map(|i| if i == 3 { vec![first_row(i), second_row.clone()] } else { vec![first_row(i)] }))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let mut results = Vec::new();
    for (name, csv) in [("far.sqlite3", &far), ("near.sqlite3", &near)] {
        let store = store(&dir, name);
        let ctx = Ctx::at(&store, AccountId::LOCAL, now());
        let request = connections(csv);
        let summary = import(&ctx, &request, &mut |_| {}).unwrap();
        assert_eq!(summary.added.len(), rows, "{name}");
        assert!(
            summary.warnings.iter().any(|w| w.message.contains("same person as line 5")),
            "{name}: {:?}",
            summary.warnings
        );
        let change = summary.added.iter().find(|c| c.name == "Person Number3").unwrap();
        assert!(change.fields.contains(&"emails") && change.fields.contains(&"first_touch"), "{name}: {change:?}");
        let found = store
            .read(|r| r.find_people(AccountId::LOCAL, &rapport_store::PersonKey::Email("late@example.com".into())))
            .unwrap();
        assert_eq!(found, vec![change.person_id], "{name}: the later row's email is an identity key");
        let person = store.read(|r| r.person(AccountId::LOCAL, change.person_id)).unwrap();
        let hits =
            store.read(|r| r.search(AccountId::LOCAL, &rapport_store::SearchQuery::new("late@example"))).unwrap();
        assert!(hits.iter().any(|h| h.id == *change.person_id.as_uuid()), "{name}: searchable by the later email");
        let touches = store.read(|r| r.interactions_for_person(AccountId::LOCAL, change.person_id)).unwrap();
        assert_eq!(touches.len(), 1, "{name}: the later row's connection day is the first touch");
        let before = export::backup(&ctx).unwrap().to_json();
        let again = import(&ctx, &request, &mut |_| {}).unwrap();
        assert!(again.is_no_op() && again.unchanged == rows, "{name}: {again:?}");
        assert_eq!(export::backup(&ctx).unwrap().to_json(), before, "{name}: the second run wrote nothing");
        let reminders = |store: &SqliteStore| {
            let read = |id| store.read(|r| r.reminders_for_person(AccountId::LOCAL, id)).unwrap();
            summary.added.iter().map(|c| (c.person_id, read(c.person_id))).collect::<Vec<_>>()
        };
        let imported = reminders(&store);
        store.write(|w| rapport_core::reminders::refresh_all(w, &ctx)).unwrap();
        assert_eq!(imported, reminders(&store), "{name}: reminders as a full refresh derives them");
        results.push((person.name.full, person.emails, person.title, touches[0].at));
    }
    assert_eq!(results[0], results[1], "far apart or side by side, the same person");
}

#[test]
fn an_undo_after_the_trash_was_emptied_brings_the_merged_person_back() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir, "s.sqlite3");
    generated(&store, 4, 12, &[], 1);
    let ctx = Ctx::at(&store, AccountId::LOCAL, now());
    let before = export::backup(&ctx).unwrap().to_json();
    let people = store.read(|r| r.people(AccountId::LOCAL, &PersonFilter::default(), Page::ALL)).unwrap().people;
    let (keep, merge) = (people[0].id, people[1].id);
    let later = Ctx::at(&store, AccountId::LOCAL, now() + jiff::SignedDuration::from_mins(5));
    let outcome = dupes::merge(&later, keep, merge).unwrap();
    assert_eq!(outcome.merged.deleted_at, Some(later.now));
    rapport_core::trash::empty(&later).unwrap();
    let undone = dupes::undo_last_merge(&later).unwrap();
    assert_eq!(undone.restored.id, merge);
    assert_eq!(export::backup(&ctx).unwrap().to_json(), before, "everything is back, the purged person too");
    assert!(dupes::undo_last_merge(&later).unwrap_err().is_not_found());
}

#[test]
fn an_undo_refuses_to_wipe_an_edit_made_after_the_merge() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir, "s.sqlite3");
    generated(&store, 6, 5, &[], 0);
    let ctx = Ctx::at(&store, AccountId::LOCAL, now());
    let people = store.read(|r| r.people(AccountId::LOCAL, &PersonFilter::default(), Page::ALL)).unwrap().people;
    dupes::merge(&ctx, people[0].id, people[1].id).unwrap();
    let later = Ctx::at(&store, AccountId::LOCAL, now() + jiff::SignedDuration::from_mins(1));
    let patch = rapport_domain::people::PersonPatch { title: Some(Some("Edited".into())), ..Default::default() };
    rapport_core::people::edit(&later, people[0].id, &patch).unwrap();
    let err = dupes::undo_last_merge(&later).unwrap_err().to_string();
    assert!(err.contains("changed after the merge"), "{err}");
}

/// The reminders an import gives its new people (derived in memory, beside the writes) are
/// the ones a full rebuild from the store derives: none, for connections with nothing
/// scheduled, no keep-in-touch tier and no outreach yet.
#[test]
fn imported_people_get_the_reminders_a_full_refresh_derives() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir, "s.sqlite3");
    let ctx = Ctx::at(&store, AccountId::LOCAL, now());
    let mut csv = String::from("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n");
    for i in 0..200 {
        let day = 1 + i % 28;
        let month = ["Sep", "Oct", "Nov"][i % 3];
        let recruiter = if i % 7 == 0 { "Technical Recruiter" } else { "Analyst" };
        csv.push_str(&format!(
            "Person,Number{i},https://www.linkedin.com/in/person-{i},p{i}@example.com,Firm {},{recruiter},{day:02} {month} 2026\n",
            i % 9
        ));
    }
    let request = connections(&csv);
    let summary = import(&ctx, &request, &mut |_| {}).unwrap();
    assert_eq!(summary.added.len(), 200);
    let people = store.read(|r| r.people(AccountId::LOCAL, &PersonFilter::default(), Page::ALL)).unwrap().people;
    let stored = |store: &SqliteStore| {
        let mut all = Vec::new();
        for p in &people {
            all.extend(store.read(|r| r.reminders_for_person(AccountId::LOCAL, p.id)).unwrap());
        }
        all
    };
    let imported = stored(&store);
    assert!(imported.is_empty(), "a new connection has nothing to do yet: {imported:?}");
    store.write(|w| rapport_core::reminders::refresh_all(w, &ctx)).unwrap();
    assert_eq!(imported, stored(&store), "in-memory derivation at import and the store agree");
}
