//! The store test story: every operation of [`Reader`] and [`Writer`], exercised through the
//! traits only, so each backend runs it unchanged (`story::run_all(|| make_store())`).
//!
//! Each chapter starts from a fresh, empty store and panics with a message on the first
//! result that is not what the method promises.

use jiff::Timestamp;
use jiff::civil::date;
use rapport_domain::ids::*;
use rapport_domain::interactions::{InteractionKind, NewInteraction};
use rapport_domain::introductions::{IntroState, NewIntroduction};
use rapport_domain::meetings::{
    Clue, Gift, GiftKind, Ledger, MeetingMode, NewMeeting, OpeningClose, Party, Payer, Payment, Promise, Tiara,
};
use rapport_domain::notes::{NewNote, NoteSubject};
use rapport_domain::openings::{NewOpening, OpeningPatch, OpeningStatus};
use rapport_domain::organizations::{Lamp, NewOrganization, Organization, ReferralBonus};
use rapport_domain::people::{Affinity, Frequency, NewPerson, Person, PersonName, PersonPatch, Tie, Tier};
use rapport_domain::pipeline::Stage;
use rapport_domain::profile::Profile;
use rapport_domain::questions::{NewQuestion, QuestionCategory};
use rapport_domain::relationships::{NewRelationship, RelationshipKind};
use rapport_domain::reminders::{DecisionAction, Priority, Reminder, ReminderDecision, Rule};
use rapport_domain::tasks::NewTask;
use rapport_domain::values::{Email, Link, Phone, Tag};

use crate::*;

const OWNER: AccountId = AccountId::LOCAL;

/// Runs every chapter, each on a store `make` creates fresh.
pub fn run_all<S: Store>(make: impl Fn() -> S) {
    people_round_trip(&make());
    people_lists_filter_sort_and_page(&make());
    identity_keys_find_people(&make());
    organizations_and_openings(&make());
    interactions_timeline(&make());
    meetings_keep_their_ledger(&make());
    introductions_tasks_notes_questions_relationships(&make());
    profile_round_trip(&make());
    search_finds_every_kind(&make());
    trash_hides_and_restores(&make());
    a_failed_write_changes_nothing(&make());
    owners_do_not_see_each_other(&make());
    reminders_are_replaced_read_by_window_and_decided(&make());
    reminders_are_added_for_new_people(&make());
    interop_batches_provenance_and_merges(&make());
    network_people_and_the_change_token(&make());
    person_summaries_are_the_people_list_as_rows(&make());
}

fn t(seconds: i64) -> Timestamp {
    Timestamp::from_second(1_735_689_600 + seconds).expect("a valid test time")
}

fn email(s: &str) -> Email {
    Email::parse(s).expect("a valid test email")
}

fn add_org<S: Store>(store: &S, name: &str) -> Organization {
    let mut new = NewOrganization::new(name).expect("a valid name");
    new.lamp = Lamp { advocacy: Some(true), motivation: Some(3), posting: Some(2), user_order: None };
    let org = new.into_organization(OrganizationId::new(), OWNER, t(0));
    store.write(|w| w.insert_organization(&org)).expect("insert organization");
    org
}

fn full_person(name: &str, org: Option<OrganizationId>) -> Person {
    let mut new = NewPerson::new(PersonName::new(name).expect("a valid name"));
    let slug = name.to_lowercase().replace(' ', "-");
    new.emails = vec![email(&format!("{slug}@example.com"))];
    new.phones = vec![Phone::parse("+1 555 010 2030").expect("a phone")];
    new.links = vec![Link::parse(&format!("linkedin.com/in/{slug}")).expect("a link")];
    new.organization_id = org;
    new.title = Some("Data Scientist".into());
    new.location = Some("Chicago".into());
    new.tags = vec![Tag::parse("alumni").expect("a tag")];
    new.tie = Tie {
        closeness: 2,
        frequency: Frequency::Occasionally,
        years_known: 3,
        reciprocity: 1,
        shared_contexts: 2,
        mutual_connections: 10,
        messages_12m: 4,
    };
    new.targeting.function_relevance = 2;
    new.targeting.affinities = vec![Affinity::parse("alum:UBC").expect("an affinity")];
    new.skills = vec!["machine learning".into()];
    new.tier = Some(Tier::B);
    new.into_person(PersonId::new(), OWNER, t(10))
}

fn add_person<S: Store>(store: &S, name: &str, org: Option<OrganizationId>) -> Person {
    let person = full_person(name, org);
    store.write(|w| w.insert_person(&person)).expect("insert person");
    person
}

/// Insert, read back identical, update, read back the update; unknown ids are `NotFound`.
pub fn people_round_trip<S: Store>(store: &S) {
    let acme = add_org(store, "Acme");
    let person = add_person(store, "Ana Silva", Some(acme.id));
    let read = store.read(|r| r.person(OWNER, person.id)).expect("read person");
    assert_eq!(read, person, "a person reads back exactly as written");
    assert_eq!(read.employments.len(), 1, "the current employer is an employment");

    let mut edited = read.clone();
    let patch = PersonPatch {
        title: Some(Some("Lead Data Scientist".into())),
        add_emails: vec![email("ana.silva@acme.example")],
        add_tags: vec![Tag::parse("booster").expect("a tag")],
        stage: Some(Stage::Contacted),
        ..Default::default()
    };
    let changed = patch.apply(&mut edited, t(20));
    assert!(changed.contains(&"title") && changed.contains(&"emails"), "{changed:?}");
    store.write(|w| w.update_person(&edited)).expect("update person");
    let read = store.read(|r| r.person(OWNER, person.id)).expect("read person");
    assert_eq!(read, edited, "an update reads back exactly");
    let both = store.read(|r| r.people_by_ids(OWNER, &[person.id, PersonId::new()])).expect("by ids");
    assert_eq!(both.len(), 1, "unknown ids are left out of people_by_ids");

    let missing = store.read(|r| r.person(OWNER, PersonId::new()));
    assert!(matches!(missing, Err(StoreError::NotFound { kind: "person", .. })), "{missing:?}");
    let ghost = full_person("Ghost", None);
    let update = store.write(|w| w.update_person(&ghost));
    assert!(matches!(update, Err(StoreError::NotFound { .. })), "updating an unknown person: {update:?}");
    let dangling = full_person("Dangling", Some(OrganizationId::new()));
    let insert = store.write(|w| w.insert_person(&dangling));
    assert!(matches!(insert, Err(StoreError::Conflict(_))), "a person at an unknown organization: {insert:?}");

    let fragment = &person.id.short();
    let found = store.read(|r| r.people_by_id_fragment(OWNER, fragment)).expect("by fragment");
    assert_eq!(found, vec![person.id], "a short id finds its person");
    let at_acme = store.read(|r| r.people_at_organization(OWNER, acme.id, false)).expect("at org");
    assert_eq!(at_acme.iter().map(|p| p.id).collect::<Vec<_>>(), vec![person.id]);
}

/// Filters (stage, tier, organization, tag, text), sorting and paging, with the total.
pub fn people_lists_filter_sort_and_page<S: Store>(store: &S) {
    let acme = add_org(store, "Acme");
    let names = ["Zoe Quinn", "Ana Silva", "Björn Müller", "Chen Wei", "Dana Lee"];
    let mut people = Vec::new();
    for (idx, name) in names.iter().enumerate() {
        let mut person = full_person(name, (idx % 2 == 0).then_some(acme.id));
        person.stage = if idx < 2 { Stage::Met } else { Stage::Identified };
        person.tier = if idx == 4 { Some(Tier::A) } else { None };
        if idx == 3 {
            person.tags.push(Tag::parse("recruiter").expect("tag"));
        }
        store.write(|w| w.insert_person(&person)).expect("insert");
        people.push(person);
    }
    let page = store.read(|r| r.people(OWNER, &PersonFilter::default(), Page::first(2))).expect("list");
    assert_eq!(page.total, 5);
    let first_two: Vec<&str> = page.people.iter().map(|p| p.name.full.as_str()).collect();
    assert_eq!(first_two, ["Ana Silva", "Björn Müller"], "sorted by folded name");
    let next = store.read(|r| r.people(OWNER, &PersonFilter::default(), Page { offset: 2, limit: 2 })).expect("list");
    assert_eq!(next.people.iter().map(|p| p.name.full.as_str()).collect::<Vec<_>>(), ["Chen Wei", "Dana Lee"]);
    let desc = PersonFilter { descending: true, ..Default::default() };
    let last = store.read(|r| r.people(OWNER, &desc, Page::first(1))).expect("list");
    assert_eq!(last.people[0].name.full, "Zoe Quinn");

    let count = |filter: PersonFilter| store.read(|r| r.people(OWNER, &filter, Page::first(50))).expect("list").total;
    assert_eq!(count(PersonFilter { stage: Some(Stage::Met), ..Default::default() }), 2);
    assert_eq!(count(PersonFilter { tier: Some(Tier::A), ..Default::default() }), 1);
    assert_eq!(count(PersonFilter { organization_id: Some(acme.id), ..Default::default() }), 3);
    assert_eq!(count(PersonFilter { tag: Some(Tag::parse("recruiter").expect("tag")), ..Default::default() }), 1);
    assert_eq!(count(PersonFilter { text: Some("muller".into()), ..Default::default() }), 1, "diacritics fold");
    assert_eq!(count(PersonFilter { text: Some("zo".into()), ..Default::default() }), 1, "prefix search: Zoe");
    assert_eq!(count(PersonFilter { text: Some("acme".into()), ..Default::default() }), 3, "by organization name");
    let by_match = PersonFilter { text: Some("zoe quinn".into()), sort: PersonSort::Relevance, ..Default::default() };
    let best = store.read(|r| r.people(OWNER, &by_match, Page::first(5))).expect("list");
    assert_eq!((best.total, best.capped), (1, false));
    assert_eq!(best.people[0].name.full, "Zoe Quinn", "best match first");
    for sort in PersonSort::ALL {
        let filter = PersonFilter { sort: *sort, ..Default::default() };
        assert_eq!(store.read(|r| r.people(OWNER, &filter, Page::ALL)).expect("list").people.len(), 5, "{sort}");
    }
}

/// Identity keys: email (any case), LinkedIn URL, phone digits, folded name.
pub fn identity_keys_find_people<S: Store>(store: &S) {
    let person = add_person(store, "José Núñez", None);
    let find = |key: PersonKey| store.read(|r| r.find_people(OWNER, &key)).expect("find");
    assert_eq!(find(PersonKey::Email("josé-núñez@example.com".to_lowercase())), vec![person.id]);
    let link = person.links[0].linkedin_key().expect("a linkedin key").to_string();
    assert_eq!(find(PersonKey::LinkedIn(link)), vec![person.id]);
    assert_eq!(find(PersonKey::Phone("+15550102030".into())), vec![person.id]);
    assert_eq!(find(PersonKey::Name("jose nunez".into())), vec![person.id]);
    assert!(find(PersonKey::Email("nobody@example.com".into())).is_empty());

    let mut edited = person.clone();
    edited.emails = vec![email("jn@example.org")];
    store.write(|w| w.update_person(&edited)).expect("update");
    assert!(find(PersonKey::Email("josé-núñez@example.com".to_lowercase())).is_empty(), "old keys go with an edit");
    assert_eq!(find(PersonKey::Email("jn@example.org".into())), vec![person.id]);
}

/// Organizations (with LAMP and bonus) and openings (status track, referrer), lists and filters.
pub fn organizations_and_openings<S: Store>(store: &S) {
    let mut acme = add_org(store, "Acme Robotics");
    acme.referral_bonus = Some(ReferralBonus::new(Some(2500), Some("USD"), Some("paid after 90 days")).expect("bonus"));
    acme.research_notes = Some("Expanding warehouse automation in Europe".into());
    acme.domain = Some("acme.example".into());
    store.write(|w| w.update_organization(&acme)).expect("update org");
    assert_eq!(store.read(|r| r.organization(OWNER, acme.id)).expect("read"), acme);
    let by_name = store.read(|r| r.organization_by_name(OWNER, "  acme ROBOTICS")).expect("by name");
    assert_eq!(by_name.map(|o| o.id), Some(acme.id), "names match case-insensitively");
    let globex = add_org(store, "Globex");
    let all = store.read(|r| r.organizations(OWNER, &OrganizationFilter::default(), Page::ALL)).expect("list");
    assert_eq!(all.iter().map(|o| o.name.as_str()).collect::<Vec<_>>(), ["Acme Robotics", "Globex"]);
    let warehouse = OrganizationFilter { text: Some("warehouse".into()), ..Default::default() };
    assert_eq!(store.read(|r| r.organizations(OWNER, &warehouse, Page::ALL)).expect("list").len(), 1);

    let referrer = add_person(store, "Priya Raman", Some(acme.id));
    let mut new = NewOpening::new(acme.id, "Senior Analyst").expect("opening");
    new.jd_url = Some("https://acme.example/jobs/42".into());
    new.req_id = Some("REQ-42".into());
    new.referrer_id = Some(referrer.id);
    let mut opening = new.into_opening(OpeningId::new(), OWNER, t(30));
    store.write(|w| w.insert_opening(&opening)).expect("insert opening");
    assert_eq!(store.read(|r| r.opening(OWNER, opening.id)).expect("read"), opening);
    OpeningPatch { status: Some(OpeningStatus::Applied), ..Default::default() }
        .apply(&mut opening, t(40))
        .expect("patch");
    store.write(|w| w.update_opening(&opening)).expect("update opening");
    let read = store.read(|r| r.opening(OWNER, opening.id)).expect("read");
    assert_eq!((read.status, read.status_changed_at), (OpeningStatus::Applied, t(40)));
    let other = NewOpening::new(globex.id, "Engineer").expect("opening").into_opening(OpeningId::new(), OWNER, t(50));
    store.write(|w| w.insert_opening(&other)).expect("insert");
    let filter = |f: OpeningFilter| store.read(|r| r.openings(OWNER, &f, Page::ALL)).expect("openings").len();
    assert_eq!(filter(OpeningFilter::default()), 2);
    assert_eq!(filter(OpeningFilter { organization_id: Some(acme.id), ..Default::default() }), 1);
    assert_eq!(filter(OpeningFilter { status: Some(OpeningStatus::Applied), ..Default::default() }), 1);
    assert_eq!(filter(OpeningFilter { referrer_id: Some(referrer.id), ..Default::default() }), 1);
    let orphan =
        NewOpening::new(OrganizationId::new(), "Nowhere").expect("o").into_opening(OpeningId::new(), OWNER, t(0));
    assert!(matches!(store.write(|w| w.insert_opening(&orphan)), Err(StoreError::Conflict(_))));
}

/// Interactions come back oldest first; update and delete work; unknown ids are `NotFound`.
pub fn interactions_timeline<S: Store>(store: &S) {
    let person = add_person(store, "Sam Okafor", None);
    let late = NewInteraction::new(person.id, InteractionKind::Reply, t(500))
        .with_text(Some("Happy to chat"))
        .into_interaction(InteractionId::new(), OWNER, t(500));
    let early = NewInteraction::new(person.id, InteractionKind::Outreach, t(100))
        .with_text(Some("Fellow UBC alum here"))
        .into_interaction(InteractionId::new(), OWNER, t(100));
    store
        .write(|w| {
            w.insert_interaction(&late)?;
            w.insert_interaction(&early)
        })
        .expect("insert interactions");
    let timeline = store.read(|r| r.interactions_for_person(OWNER, person.id)).expect("timeline");
    assert_eq!(timeline, vec![early.clone(), late.clone()], "oldest first, read back exactly");
    let mut edited = late.clone();
    edited.outcome = Some("proposed Tuesday".into());
    store.write(|w| w.update_interaction(&edited)).expect("update");
    assert_eq!(store.read(|r| r.interaction(OWNER, late.id)).expect("read"), edited);
    assert_eq!(store.read(|r| r.interactions(OWNER, Page::ALL)).expect("all").len(), 2);
    store.write(|w| w.delete_interaction(OWNER, early.id)).expect("delete");
    assert!(matches!(store.read(|r| r.interaction(OWNER, early.id)), Err(StoreError::NotFound { .. })));
    assert!(matches!(store.write(|w| w.delete_interaction(OWNER, early.id)), Err(StoreError::NotFound { .. })));

    // Many at once, in an ordinary write and in an import's trusted one (where a backend may
    // batch them): every one reads back exactly, oldest first.
    let many = |from: i64| -> Vec<Interaction> {
        (0..70)
            .map(|i| {
                NewInteraction::new(person.id, InteractionKind::Other, t(from + i))
                    .with_text(Some(&format!("touch {i}")))
                    .into_interaction(InteractionId::new(), OWNER, t(from + i))
            })
            .collect()
    };
    let (first, second) = (many(1_000), many(2_000));
    store.write(|w| w.insert_interactions(&first)).expect("insert many");
    store.write_trusting_references(|w| w.insert_interactions(&second)).expect("insert many, trusted");
    let timeline = store.read(|r| r.interactions_for_person(OWNER, person.id)).expect("timeline");
    let expected: Vec<Interaction> = std::iter::once(edited).chain(first).chain(second).collect();
    assert_eq!(timeline, expected);
}

/// A meeting with a full ledger reads back exactly; replacing the ledger replaces it.
pub fn meetings_keep_their_ledger<S: Store>(store: &S) {
    let person = add_person(store, "Lee Park", None);
    let intro_to = add_person(store, "Mia Chen", None);
    let mut new = NewMeeting::new(person.id, t(1_000), 20, MeetingMode::Coffee).expect("meeting");
    new.location = Some("Blue Bottle, 5th St".into());
    let mut meeting = new.into_meeting(MeetingId::new(), OWNER, t(900));
    meeting.questions = vec![QuestionId::new(), QuestionId::new()];
    meeting.ledger = Ledger {
        clues: vec![
            Clue::new(Tiara::Trends, "Retail clients are moving forecasting in-house").expect("clue"),
            Clue::new(Tiara::Resources, "The Locally Optimistic community").expect("clue"),
        ],
        gifts: vec![Gift {
            kind: GiftKind::Introduction,
            text: "Intro to Mia on the pricing team".into(),
            person_id: Some(intro_to.id),
            introduction_id: None,
            opening_id: None,
            url: None,
        }],
        promises: vec![
            Promise {
                id: PromiseId::new(),
                owed_by: Party::Mine,
                text: "Send the churn write-up".into(),
                due: Some(date(2025, 1, 10)),
                done_at: None,
            },
            Promise {
                id: PromiseId::new(),
                owed_by: Party::Theirs,
                text: "Intro to Mia".into(),
                due: None,
                done_at: None,
            },
        ],
        reciprocal_offer: Some("Share my survey of forecasting tools".into()),
        they_asked_for: Some("Candidates for their intern program".into()),
        payment: Some(Payment { payer: Payer::Me, amount_minor: Some(1150), currency: Some("USD".into()) }),
        rapport: Some(4),
        opening_close: Some(OpeningClose::Considering),
        debriefed_at: Some(t(2_300)),
    };
    store.write(|w| w.insert_meeting(&meeting)).expect("insert meeting");
    assert_eq!(store.read(|r| r.meeting(OWNER, meeting.id)).expect("read"), meeting, "the whole ledger survives");

    meeting.ledger.clues.truncate(1);
    meeting.ledger.promises[0].done_at = Some(t(3_000));
    meeting.scheduled_at = t(1_200);
    store.write(|w| w.update_meeting(&meeting)).expect("update meeting");
    assert_eq!(store.read(|r| r.meeting(OWNER, meeting.id)).expect("read"), meeting, "the ledger is replaced");
    let list = store.read(|r| r.meetings_for_person(OWNER, person.id)).expect("for person");
    assert_eq!(list.len(), 1);
    let window = store.read(|r| r.meetings_between(OWNER, t(1_100), t(1_300))).expect("between");
    assert_eq!(window.len(), 1);
    assert!(store.read(|r| r.meetings_between(OWNER, t(1_300), t(9_000))).expect("between").is_empty());
}

/// Introductions, tasks, notes, the seeker's questions and relationships: each operation.
pub fn introductions_tasks_notes_questions_relationships<S: Store>(store: &S) {
    let acme = add_org(store, "Acme");
    let lee = add_person(store, "Lee Park", Some(acme.id));
    let mia = add_person(store, "Mia Chen", None);

    let mut intro = NewIntroduction {
        introducer_id: lee.id,
        introduced_id: mia.id,
        meeting_id: None,
        state: IntroState::Offered,
        note: Some("pricing team".into()),
    }
    .into_introduction(IntroductionId::new(), OWNER, t(0));
    store.write(|w| w.insert_introduction(&intro)).expect("insert intro");
    intro.state = IntroState::Received;
    intro.state_changed_at = t(99);
    store.write(|w| w.update_introduction(&intro)).expect("update intro");
    assert_eq!(store.read(|r| r.introduction(OWNER, intro.id)).expect("read"), intro);
    assert_eq!(store.read(|r| r.introductions_for_person(OWNER, lee.id)).expect("for lee").len(), 1);
    assert_eq!(store.read(|r| r.introductions_for_person(OWNER, mia.id)).expect("for mia").len(), 1);
    assert_eq!(store.read(|r| r.introductions(OWNER)).expect("all").len(), 1);
    store.write(|w| w.delete_introduction(OWNER, intro.id)).expect("delete intro");
    assert!(store.read(|r| r.introductions(OWNER)).expect("all").is_empty());

    let mut new_task = NewTask::new("Find two more contacts at Acme").expect("task");
    new_task.organization_id = Some(acme.id);
    new_task.due = Some(date(2025, 2, 3));
    let mut task = new_task.into_task(TaskId::new(), OWNER, t(0));
    store.write(|w| w.insert_task(&task)).expect("insert task");
    assert_eq!(store.read(|r| r.tasks(OWNER, false)).expect("tasks"), vec![task.clone()]);
    task.done_at = Some(t(5));
    store.write(|w| w.update_task(&task)).expect("update task");
    assert!(store.read(|r| r.tasks(OWNER, false)).expect("tasks").is_empty(), "done tasks leave the open list");
    assert_eq!(store.read(|r| r.task(OWNER, task.id)).expect("task"), task);
    store.write(|w| w.delete_task(OWNER, task.id)).expect("delete task");
    assert!(store.read(|r| r.tasks(OWNER, true)).expect("tasks").is_empty());

    let note = NewNote::new(NoteSubject::Person(lee.id), "Prefers mornings; loves talking about Rust")
        .expect("note")
        .into_note(NoteId::new(), OWNER, t(1));
    let org_note = NewNote::new(NoteSubject::Organization(acme.id), "Q3 earnings call: margin pressure")
        .expect("note")
        .into_note(NoteId::new(), OWNER, t(2));
    store
        .write(|w| {
            w.insert_note(&note)?;
            w.insert_note(&org_note)
        })
        .expect("insert notes");
    assert_eq!(store.read(|r| r.notes_about(OWNER, NoteSubject::Person(lee.id))).expect("notes"), vec![note.clone()]);
    let mut edited = note.clone();
    edited.body = "Prefers afternoons".into();
    store.write(|w| w.update_note(&edited)).expect("update note");
    assert_eq!(store.read(|r| r.note(OWNER, note.id)).expect("note"), edited);
    assert_eq!(store.read(|r| r.notes(OWNER, Page::ALL)).expect("all notes").len(), 2);
    store.write(|w| w.delete_note(OWNER, note.id)).expect("delete note");
    assert_eq!(store.read(|r| r.notes(OWNER, Page::ALL)).expect("all notes").len(), 1);
    let orphan =
        NewNote::new(NoteSubject::Person(PersonId::new()), "x").expect("n").into_note(NoteId::new(), OWNER, t(0));
    assert!(matches!(store.write(|w| w.insert_note(&orphan)), Err(StoreError::Conflict(_))));

    let mut q = NewQuestion::new("What would you automate first on your team?", QuestionCategory::Assignments)
        .expect("question");
    q.tags = vec!["engineering".into()];
    let mut question = q.into_question(QuestionId::new(), OWNER, t(0));
    store.write(|w| w.insert_question(&question)).expect("insert question");
    question.text = "What would you automate first?".into();
    store.write(|w| w.update_question(&question)).expect("update question");
    assert_eq!(store.read(|r| r.questions(OWNER)).expect("questions"), vec![question.clone()]);
    assert_eq!(store.read(|r| r.question(OWNER, question.id)).expect("question"), question);
    store.write(|w| w.delete_question(OWNER, question.id)).expect("delete question");
    assert!(store.read(|r| r.questions(OWNER)).expect("questions").is_empty());

    let mut rel = NewRelationship::new(lee.id, mia.id, RelationshipKind::Colleague).expect("relationship");
    rel.organization_id = Some(acme.id);
    rel.from_year = Some(2019);
    rel.to_year = Some(2022);
    let rel = rel.into_relationship(RelationshipId::new(), OWNER, t(0));
    store.write(|w| w.insert_relationship(&rel)).expect("insert relationship");
    assert_eq!(store.read(|r| r.relationships_for_person(OWNER, mia.id)).expect("rels"), vec![rel.clone()]);
    assert_eq!(store.read(|r| r.relationships(OWNER)).expect("rels").len(), 1);
    store.write(|w| w.delete_relationship(OWNER, rel.id)).expect("delete relationship");
    assert!(store.read(|r| r.relationships(OWNER)).expect("rels").is_empty());
}

/// The profile is absent at first, then reads back exactly as put (twice: put replaces).
pub fn profile_round_trip<S: Store>(store: &S) {
    assert_eq!(store.read(|r| r.profile(OWNER)).expect("profile"), None);
    let mut profile = Profile::empty(OWNER, t(0));
    profile.name = Some("Andrea".into());
    profile.target_roles = vec!["data scientist".into(), "ML engineer".into()];
    profile.affinities = vec!["UBC".into()];
    profile.settings.time_zone = "America/Chicago".into();
    profile.settings.holidays = vec![date(2025, 1, 20)];
    store.write(|w| w.put_profile(&profile)).expect("put");
    profile.settings.active_employers = 6;
    store.write(|w| w.put_profile(&profile)).expect("put again");
    assert_eq!(store.read(|r| r.profile(OWNER)).expect("profile"), Some(profile));
}

/// Full-text search covers people, organizations, openings, notes and meeting ledgers.
pub fn search_finds_every_kind<S: Store>(store: &S) {
    let acme = add_org(store, "Acme Robotics");
    let person = add_person(store, "Renée Dubois", Some(acme.id));
    let note = NewNote::new(NoteSubject::Person(person.id), "She mentioned the hydroponics startup scene")
        .expect("note")
        .into_note(NoteId::new(), OWNER, t(0));
    let mut meeting = NewMeeting::new(person.id, t(100), 20, MeetingMode::Video).expect("m").into_meeting(
        MeetingId::new(),
        OWNER,
        t(0),
    );
    meeting.ledger.clues.push(Clue::new(Tiara::Insights, "Quarterly planning is chaotic").expect("clue"));
    let opening =
        NewOpening::new(acme.id, "Perception Engineer").expect("o").into_opening(OpeningId::new(), OWNER, t(0));
    store
        .write(|w| {
            w.insert_note(&note)?;
            w.insert_meeting(&meeting)?;
            w.insert_opening(&opening)
        })
        .expect("insert");
    let search = |text: &str| store.read(|r| r.search(OWNER, &SearchQuery::new(text))).expect("search");
    let kinds = |text: &str| search(text).into_iter().map(|h| h.kind).collect::<Vec<_>>();
    let renee = kinds("renee");
    assert_eq!(renee.first(), Some(&SearchKind::Person), "accents fold, and the person comes first: {renee:?}");
    assert!(renee.contains(&SearchKind::Note) && renee.contains(&SearchKind::Meeting), "notes and meetings name them");
    assert!(kinds("robotics").contains(&SearchKind::Organization));
    assert!(kinds("robotics").contains(&SearchKind::Person), "people are found by their employer");
    assert_eq!(kinds("hydroponics"), vec![SearchKind::Note]);
    assert_eq!(search("hydroponics")[0].person_id, Some(person.id));
    assert!(search("hydroponics")[0].snippet.contains("[hydroponics]"), "{:?}", search("hydroponics"));
    assert_eq!(kinds("chaotic"), vec![SearchKind::Meeting]);
    assert_eq!(kinds("percept"), vec![SearchKind::Opening], "the last word is a prefix");
    assert!(search("\"unbalanced (quote*").is_empty(), "punctuation is not syntax");
    assert!(search("").is_empty());
    let only_people = SearchQuery { kinds: vec![SearchKind::Person], ..SearchQuery::new("robotics") };
    let hits = store.read(|r| r.search(OWNER, &only_people)).expect("search");
    assert_eq!(hits.iter().map(|h| h.kind).collect::<Vec<_>>(), vec![SearchKind::Person]);

    let mut renamed = person.clone();
    renamed.name = PersonName::new("Renée Martin").expect("name");
    store.write(|w| w.update_person(&renamed)).expect("rename");
    assert_eq!(kinds("dubois"), vec![SearchKind::Person], "the old name stays only in their email address");
    let martin = kinds("martin");
    assert_eq!(martin.first(), Some(&SearchKind::Person));
    assert!(martin.contains(&SearchKind::Note) && martin.contains(&SearchKind::Meeting), "{martin:?}");
    let mut acme2 = acme.clone();
    acme2.name = "Apex Automation".into();
    store.write(|w| w.update_organization(&acme2)).expect("rename org");
    assert!(kinds("apex").contains(&SearchKind::Person), "renaming an employer re-indexes its people");
}

/// Trash hides a person (lists, search, keys) and restore brings everything back; emptying
/// the trash deletes for good with what hangs off it.
pub fn trash_hides_and_restores<S: Store>(store: &S) {
    let person = add_person(store, "Tomás Ortega", None);
    let interaction = NewInteraction::new(person.id, InteractionKind::Outreach, t(1)).into_interaction(
        InteractionId::new(),
        OWNER,
        t(1),
    );
    let note = NewNote::new(NoteSubject::Person(person.id), "Met at the robotics meetup").expect("n").into_note(
        NoteId::new(),
        OWNER,
        t(2),
    );
    let meeting = NewMeeting::new(person.id, t(50), 30, MeetingMode::Call).expect("m").into_meeting(
        MeetingId::new(),
        OWNER,
        t(3),
    );
    store
        .write(|w| {
            w.insert_interaction(&interaction)?;
            w.insert_note(&note)?;
            w.insert_meeting(&meeting)
        })
        .expect("insert");
    store.write(|w| w.set_trashed(OWNER, Trashable::Person(person.id), Some(t(10)))).expect("trash");
    let live = store.read(|r| r.people(OWNER, &PersonFilter::default(), Page::ALL)).expect("list");
    assert_eq!(live.total, 0, "trashed people leave the list");
    let trashed = PersonFilter { trashed: true, ..Default::default() };
    assert_eq!(store.read(|r| r.people(OWNER, &trashed, Page::ALL)).expect("list").total, 1);
    let search = |text: &str| store.read(|r| r.search(OWNER, &SearchQuery::new(text))).expect("search").len();
    assert_eq!(search("ortega"), 0, "trashed people leave search");
    assert_eq!(search("meetup"), 0, "and so do their notes");
    assert!(store.read(|r| r.find_people(OWNER, &PersonKey::Name("tomas ortega".into()))).expect("find").is_empty());
    assert!(store.read(|r| r.meetings_between(OWNER, t(0), t(100))).expect("between").is_empty());
    let trash = store.read(|r| r.trash(OWNER)).expect("trash");
    assert_eq!((trash.len(), trash[0].kind, trash[0].title.as_str()), (1, "person", "Tomás Ortega"));
    assert_eq!(store.read(|r| r.person(OWNER, person.id)).expect("get").deleted_at, Some(t(10)));

    store.write(|w| w.set_trashed(OWNER, Trashable::Person(person.id), None)).expect("restore");
    assert_eq!(store.read(|r| r.person(OWNER, person.id)).expect("get"), person, "restore brings it back unchanged");
    assert_eq!((search("ortega"), search("meetup")), (3, 1), "the person, their note and meeting come back");
    assert_eq!(store.read(|r| r.interactions_for_person(OWNER, person.id)).expect("timeline").len(), 1);

    let org = add_org(store, "Initech");
    store
        .write(|w| {
            w.set_trashed(OWNER, Trashable::Person(person.id), Some(t(20)))?;
            w.set_trashed(OWNER, Trashable::Organization(org.id), Some(t(21)))
        })
        .expect("trash two");
    let counts = store.read(|r| r.counts(OWNER)).expect("counts");
    assert_eq!((counts.people, counts.organizations, counts.trashed), (0, 0, 2));
    assert_eq!(store.write(|w| w.empty_trash(OWNER)).expect("empty"), 2);
    assert!(matches!(store.read(|r| r.person(OWNER, person.id)), Err(StoreError::NotFound { .. })));
    assert!(matches!(store.read(|r| r.interaction(OWNER, interaction.id)), Err(StoreError::NotFound { .. })));
    assert!(matches!(store.read(|r| r.note(OWNER, note.id)), Err(StoreError::NotFound { .. })));
    assert!(matches!(store.read(|r| r.meeting(OWNER, meeting.id)), Err(StoreError::NotFound { .. })));
    assert_eq!(search("meetup"), 0);
    let counts = store.read(|r| r.counts(OWNER)).expect("counts");
    assert_eq!(counts, Counts::default(), "nothing is left behind");
    let unknown = store.write(|w| w.set_trashed(OWNER, Trashable::Opening(OpeningId::new()), Some(t(0))));
    assert!(matches!(unknown, Err(StoreError::NotFound { .. })));
}

/// A write whose closure fails leaves no trace of its earlier steps.
pub fn a_failed_write_changes_nothing<S: Store>(store: &S) {
    let first = full_person("First Person", None);
    let second = full_person("Second Person", Some(OrganizationId::new()));
    let result = store.write(|w| {
        w.insert_person(&first)?;
        w.insert_person(&second)
    });
    assert!(result.is_err(), "the second insert refers to a missing organization");
    let counts = store.read(|r| r.counts(OWNER)).expect("counts");
    assert_eq!(counts.people, 0, "the first insert was rolled back with the second");
    assert_eq!(store.read(|r| r.search(OWNER, &SearchQuery::new("first"))).expect("search").len(), 0);
    let person = full_person("Third Person", None);
    let result: Result<(), StoreError> = store.write(|w| {
        w.insert_person(&person)?;
        Err(StoreError::Conflict("the caller changed its mind".into()))
    });
    assert!(result.is_err());
    assert_eq!(store.read(|r| r.counts(OWNER)).expect("counts").people, 0, "a caller's error rolls back too");

    // A bulk write is the same transaction: all of it or none of it, searchable at once.
    let result: Result<(), StoreError> = store.write_bulk(|w| {
        w.insert_people(std::slice::from_ref(&person))?;
        Err(StoreError::Conflict("the caller changed its mind".into()))
    });
    assert!(result.is_err());
    assert_eq!(store.read(|r| r.counts(OWNER)).expect("counts").people, 0, "a failed bulk write leaves nothing");
    let many: Vec<Person> = (0..50).map(|i| full_person(&format!("Bulk Person{i}"), None)).collect();
    store.write_bulk(|w| w.insert_people(&many)).expect("bulk write");
    assert_eq!(store.read(|r| r.counts(OWNER)).expect("counts").people, 50);
    assert_eq!(store.read(|r| r.search(OWNER, &SearchQuery::new("person7"))).expect("search").len(), 1);
    store.write(|w| w.insert_person(&person)).expect("an ordinary write after it");
    assert_eq!(store.read(|r| r.counts(OWNER)).expect("counts").people, 51);

    // A write trusting its references is the same transaction, and references are checked
    // again by the next ordinary write.
    let org = NewOrganization::new("Trusted Org").expect("a valid name").into_organization(
        OrganizationId::new(),
        OWNER,
        t(0),
    );
    let employed = full_person("Trusted Person", Some(org.id));
    let result: Result<(), StoreError> = store.write_trusting_references(|w| {
        w.insert_organization(&org)?;
        w.insert_people(std::slice::from_ref(&employed))?;
        Err(StoreError::Conflict("the caller changed its mind".into()))
    });
    assert!(result.is_err());
    assert_eq!(store.read(|r| r.counts(OWNER)).expect("counts").people, 51, "a failed trusting write leaves nothing");
    store
        .write_trusting_references(|w| {
            w.insert_organization(&org)?;
            w.insert_people(std::slice::from_ref(&employed))
        })
        .expect("a trusting write");
    assert_eq!(store.read(|r| r.person(OWNER, employed.id)).expect("read").organization_id, Some(org.id));
    let stray = full_person("Stray Person", Some(OrganizationId::new()));
    assert!(store.write(|w| w.insert_person(&stray)).is_err(), "the next ordinary write checks references");
    // Debug builds (the tests) check every reference of a trusting write before its commit.
    if cfg!(debug_assertions) {
        let result = store.write_trusting_references(|w| w.insert_people(std::slice::from_ref(&stray)));
        assert!(result.is_err(), "a dangling reference is refused in a debug build");
    }
    assert_eq!(store.read(|r| r.counts(OWNER)).expect("counts").people, 52);
}

/// Records of one account are invisible to another.
pub fn owners_do_not_see_each_other<S: Store>(store: &S) {
    let person = add_person(store, "Private Person", None);
    let stranger = AccountId::new();
    assert!(matches!(store.read(|r| r.person(stranger, person.id)), Err(StoreError::NotFound { .. })));
    assert_eq!(store.read(|r| r.people(stranger, &PersonFilter::default(), Page::ALL)).expect("list").total, 0);
    assert!(store.read(|r| r.search(stranger, &SearchQuery::new("private"))).expect("search").is_empty());
}

fn reminder(person: &Person, key: &str, priority: Priority, opens: i64, overdue: i64) -> Reminder {
    Reminder {
        key: key.to_string(),
        rule: Rule::R4,
        person_id: Some(person.id),
        opens_at: t(opens),
        due_at: t(opens),
        overdue_at: t(overdue),
        escalate_at: None,
        expires_at: None,
        priority,
        what: format!("Do {key}"),
        who: person.name.full.clone(),
        why: "Because the method says so.".to_string(),
    }
}

/// Reminders: replaced per person, read back whole, read by window (late, open by a time) most
/// pressing first with a count, found by key; decisions persist and replace each other; the
/// trash hides a person's reminders and emptying it takes reminders and decisions along.
pub fn reminders_are_replaced_read_by_window_and_decided<S: Store>(store: &S) {
    let ana = add_person(store, "Ana Silva", None);
    let ben = add_person(store, "Ben Okafor", None);
    let mut escalated = reminder(&ana, "r11:m1", Priority::Urgent, 0, 100);
    escalated.escalate_at = Some(t(200));
    let late_urgent = reminder(&ana, "r6:i1", Priority::Urgent, 50, 150);
    let late_low = reminder(&ana, "r4:o1", Priority::Low, 10, 120);
    let current = reminder(&ana, "r7:m2", Priority::High, 250, 400);
    let mut expired = reminder(&ana, "r8:m2", Priority::Medium, 100, 260);
    expired.expires_at = Some(t(280));
    let upcoming = reminder(&ana, "r9:m2", Priority::Medium, 500, 600);
    // Open for two months before it is late: found however long ago it opened.
    let long_open = reminder(&ana, "r15:long", Priority::Low, -3_000_000, 2_000_000);
    let all = [
        escalated.clone(),
        late_urgent.clone(),
        late_low.clone(),
        current.clone(),
        expired,
        upcoming.clone(),
        long_open,
    ];
    store.write(|w| w.replace_reminders(OWNER, ana.id, &all)).expect("replace");
    let shared = reminder(&ben, "r4:o1", Priority::High, 10, 120);
    store.write(|w| w.replace_reminders(OWNER, ben.id, std::slice::from_ref(&shared))).expect("replace");

    let stored = store.read(|r| r.reminders_for_person(OWNER, ana.id)).expect("for person");
    assert_eq!(stored.len(), 7, "every reminder is stored");
    assert!(stored.contains(&escalated) && stored.contains(&upcoming), "and reads back exactly");

    let now = t(300);
    let keys = |page: DuePage| page.reminders.into_iter().map(|r| r.key).collect::<Vec<_>>();
    let late = store.read(|r| r.due_reminders(OWNER, &DueQuery::late(now, 10))).expect("late");
    assert_eq!((late.total, late.capped), (4, false), "three of Ana's and Ben's are late; the expired one is gone");
    assert_eq!(
        keys(late),
        ["r11:m1", "r6:i1", "r4:o1", "r4:o1"],
        "escalated first, then by priority, then by due time"
    );
    let few = store.read(|r| r.due_reminders(OWNER, &DueQuery::late(now, 2))).expect("late");
    assert_eq!((few.total, few.reminders.len()), (4, 2), "the limit cuts the list, not the count");
    let open = store.read(|r| r.due_reminders(OWNER, &DueQuery::opening(now, None, t(1_000), 10))).expect("open");
    assert_eq!(
        keys(open),
        ["r7:m2", "r15:long", "r9:m2"],
        "what is not late: the due ones by priority, then the upcoming one"
    );
    let later = store.read(|r| r.due_reminders(OWNER, &DueQuery::opening(now, Some(now), t(1_000), 10))).expect("w");
    assert_eq!(keys(later), ["r9:m2"], "a window that starts now holds only what opens later");

    let with_key = store.read(|r| r.reminders_with_key(OWNER, "r4:o1")).expect("by key");
    assert_eq!(with_key.len(), 2, "keys are unique per person only");
    store.write(|w| w.replace_reminders(OWNER, ana.id, std::slice::from_ref(&current))).expect("replace");
    assert_eq!(store.read(|r| r.reminders_for_person(OWNER, ana.id)).expect("for person"), vec![current.clone()]);
    let stray = store.write(|w| w.replace_reminders(OWNER, ana.id, std::slice::from_ref(&shared)));
    assert!(matches!(stray, Err(StoreError::Conflict(_))), "another person's reminder is refused: {stray:?}");

    let done = ReminderDecision { key: "r7:m2".into(), action: DecisionAction::Done, decided_at: t(310) };
    let snoozed =
        ReminderDecision { key: "r7:m2".into(), action: DecisionAction::Snoozed { until: t(900) }, decided_at: t(320) };
    let weekly = ReminderDecision { key: "r23:2025-w02".into(), action: DecisionAction::Dismissed, decided_at: t(5) };
    store
        .write(|w| {
            w.put_reminder_decision(OWNER, Some(ana.id), &done)?;
            w.put_reminder_decision(OWNER, Some(ana.id), &snoozed)?;
            w.put_reminder_decision(OWNER, Some(ben.id), &done)?;
            w.put_reminder_decision(OWNER, None, &weekly)
        })
        .expect("decide");
    let decided = store.read(|r| r.reminder_decisions(OWNER, Some(ana.id))).expect("decisions");
    assert_eq!(decided, vec![snoozed.clone()], "a later decision on the same key replaces the earlier one");
    assert_eq!(store.read(|r| r.reminder_decisions(OWNER, None)).expect("decisions"), vec![weekly.clone()]);
    assert_eq!(store.read(|r| r.all_reminder_decisions(OWNER)).expect("all").len(), 3);
    let ghost = store.write(|w| w.put_reminder_decision(OWNER, Some(PersonId::new()), &done));
    assert!(ghost.is_err(), "a decision about an unknown person is refused");

    store.write(|w| w.set_trashed(OWNER, Trashable::Person(ana.id), Some(t(400)))).expect("trash");
    let open = store.read(|r| r.due_reminders(OWNER, &DueQuery::opening(now, None, t(1_000), 10))).expect("open");
    assert_eq!(open.total, 0, "a trashed person's reminders are hidden");
    store.write(|w| w.set_trashed(OWNER, Trashable::Person(ana.id), None)).expect("restore");
    let open = store.read(|r| r.due_reminders(OWNER, &DueQuery::opening(now, None, t(1_000), 10))).expect("open");
    assert_eq!(keys(open), ["r7:m2"], "and come back with them");
    store.write(|w| w.set_trashed(OWNER, Trashable::Person(ana.id), Some(t(410)))).expect("trash");
    store.write(|w| w.empty_trash(OWNER)).expect("empty");
    assert!(store.read(|r| r.reminders_for_person(OWNER, ana.id)).expect("for person").is_empty());
    assert!(store.read(|r| r.reminder_decisions(OWNER, Some(ana.id))).expect("decisions").is_empty());
    assert_eq!(store.read(|r| r.all_reminder_decisions(OWNER)).expect("all").len(), 2, "Ben's and the weekly one");
    assert_eq!(store.read(|r| r.reminders_with_key(OWNER, "r4:o1")).expect("by key"), vec![shared]);

    let early = NewInteraction::new(ben.id, InteractionKind::Outreach, t(100)).into_interaction(
        InteractionId::new(),
        OWNER,
        t(100),
    );
    let late = NewInteraction::new(ben.id, InteractionKind::Reply, t(700)).into_interaction(
        InteractionId::new(),
        OWNER,
        t(700),
    );
    store
        .write(|w| {
            w.insert_interaction(&late)?;
            w.insert_interaction(&early)
        })
        .expect("interactions");
    let window = store.read(|r| r.interactions_between(OWNER, t(100), t(700))).expect("between");
    assert_eq!(window, vec![early], "from is inclusive, to is exclusive");
    let mut held = NewMeeting::new(ben.id, t(800), 20, MeetingMode::Video).expect("m").into_meeting(
        MeetingId::new(),
        OWNER,
        t(50),
    );
    held.status = rapport_domain::meetings::MeetingStatus::Held;
    let planned =
        NewMeeting::new(ben.id, t(850), 20, MeetingMode::Call).expect("m").into_meeting(MeetingId::new(), OWNER, t(50));
    store
        .write(|w| {
            w.insert_meeting(&held)?;
            w.insert_meeting(&planned)
        })
        .expect("meetings");
    assert_eq!(store.read(|r| r.meetings_held_between(OWNER, t(0), t(900))).expect("held"), 1, "held ones only");
    assert_eq!(store.read(|r| r.meetings_held_between(OWNER, t(801), t(900))).expect("held"), 0);

    // Past the counting cap, late reminders are counted as "at least".
    let many: Vec<Reminder> =
        (0..=DUE_COUNT_CAP).map(|i| reminder(&ben, &format!("r12:p{i}"), Priority::High, 10, 120)).collect();
    store.write(|w| w.replace_reminders(OWNER, ben.id, &many)).expect("many");
    let late = store.read(|r| r.due_reminders(OWNER, &DueQuery::late(now, 5))).expect("late");
    assert_eq!((late.total, late.capped, late.reminders.len()), (u64::from(DUE_COUNT_CAP), true, 5));

    let stranger = AccountId::new();
    assert_eq!(store.read(|r| r.due_reminders(stranger, &DueQuery::late(now, 10))).expect("late").total, 0);
    assert!(store.read(|r| r.reminders_with_key(stranger, "r4:o1")).expect("by key").is_empty());
}

/// Reminders of people new in a write are added in one go, for several people at once; a
/// trashed person's come in hidden; an unknown person, a reminder of nobody or a key given
/// twice is refused and the write leaves nothing behind.
pub fn reminders_are_added_for_new_people<S: Store>(store: &S) {
    let ana = full_person("Ana Silva", None);
    let mut ben = full_person("Ben Okafor", None);
    ben.deleted_at = Some(t(50));
    let first = reminder(&ana, "r4:o1", Priority::High, 10, 120);
    let second = reminder(&ana, "r6:i1", Priority::Low, 20, 130);
    let bens = reminder(&ben, "r4:o1", Priority::Urgent, 10, 120);
    store
        .write(|w| {
            w.insert_people(&[ana.clone(), ben.clone()])?;
            w.add_reminders(OWNER, &[first.clone(), second.clone(), bens.clone()])
        })
        .expect("add");
    let stored = store.read(|r| r.reminders_for_person(OWNER, ana.id)).expect("for person");
    assert_eq!(stored.len(), 2, "both of Ana's are stored: {stored:?}");
    assert!(stored.contains(&first) && stored.contains(&second), "and read back exactly");
    assert_eq!(store.read(|r| r.reminders_for_person(OWNER, ben.id)).expect("for person"), vec![bens.clone()]);
    let late = store.read(|r| r.due_reminders(OWNER, &DueQuery::late(t(300), 10))).expect("late");
    assert_eq!(
        late.reminders.iter().map(|r| r.person_id).collect::<Vec<_>>(),
        [Some(ana.id), Some(ana.id)],
        "the trashed person's reminder is hidden"
    );

    let stranger = full_person("Cleo Ng", None);
    let unknown = store.write(|w| w.add_reminders(OWNER, &[reminder(&stranger, "r4:o1", Priority::High, 10, 120)]));
    assert!(matches!(unknown, Err(StoreError::NotFound { .. })), "an unknown person is refused: {unknown:?}");
    let mut nobody = reminder(&ana, "r9:x", Priority::Low, 10, 120);
    nobody.person_id = None;
    let refused = store.write(|w| w.add_reminders(OWNER, &[nobody.clone()]));
    assert!(matches!(refused, Err(StoreError::Conflict(_))), "a reminder of nobody is refused: {refused:?}");
    let third = reminder(&ana, "r9:m1", Priority::Medium, 30, 140);
    let twice = store.write(|w| w.add_reminders(OWNER, &[third.clone(), first.clone()]));
    assert!(matches!(twice, Err(StoreError::Conflict(_))), "a key given twice is refused: {twice:?}");
    assert_eq!(
        store.read(|r| r.reminders_for_person(OWNER, ana.id)).expect("for person").len(),
        2,
        "a refused write adds nothing"
    );
}

/// Interop: many people inserted at once read back as one by one; import provenance is kept
/// per source; re-pointing moves every record of one person to another and back exactly;
/// merge records come back newest first until undone; every meeting is listed for exports;
/// and wiping an account leaves it empty.
pub fn interop_batches_provenance_and_merges<S: Store>(store: &S) {
    let acme = add_org(store, "Acme");
    let batch: Vec<Person> =
        ["Ana Silva", "Ben Okafor", "Cy Tran"].iter().map(|n| full_person(n, Some(acme.id))).collect();
    // A batch naming an organization that does not exist fails as a whole, whenever the
    // backend checks it, and leaves nothing behind.
    let before = store.read(|r| r.counts(OWNER)).expect("counts").people;
    let stray = full_person("Dee Stray", Some(OrganizationId::new()));
    let failed = store.write(|w| {
        w.insert_people(&[full_person("Eve Fine", Some(acme.id)), stray.clone()])?;
        let later = NewOrganization::new("Written after").map_err(|e| StoreError::Backend(e.to_string()))?;
        w.insert_organization(&later.into_organization(OrganizationId::new(), OWNER, t(0)))
    });
    assert!(
        matches!(failed, Err(StoreError::Conflict(_))),
        "a batch with a missing organization is refused: {failed:?}"
    );
    assert_eq!(store.read(|r| r.counts(OWNER)).expect("counts").people, before, "nothing of it was written");
    assert!(store.read(|r| r.person(OWNER, stray.id)).is_err());
    store.write(|w| w.insert_people(&batch)).expect("insert many");
    for person in &batch {
        assert_eq!(&store.read(|r| r.person(OWNER, person.id)).expect("read"), person, "a batch reads back exactly");
    }
    let found = store.read(|r| r.find_people(OWNER, &PersonKey::Email("ben-okafor@example.com".into()))).expect("find");
    assert_eq!(found, vec![batch[1].id], "a batch indexes identity keys");
    let hits = store.read(|r| r.search(OWNER, &SearchQuery::new("acme tran"))).expect("search");
    assert_eq!(hits.first().and_then(|h| h.person_id), Some(batch[2].id), "a batch is searchable with its employer");

    let (ana, ben) = (&batch[0], &batch[1]);
    let entries = vec![
        Provenance { person_id: ana.id, fields: "{\"title\":\"a\"}".into() },
        Provenance { person_id: ben.id, fields: "{}".into() },
    ];
    store.write(|w| w.put_import_provenance(OWNER, "linkedin", &entries)).expect("provenance");
    let again = vec![Provenance { person_id: ana.id, fields: "{\"title\":\"b\"}".into() }];
    store.write(|w| w.put_import_provenance(OWNER, "linkedin", &again)).expect("provenance again");
    let mut kept = store.read(|r| r.import_provenance(OWNER, "linkedin")).expect("read provenance");
    kept.sort_by_key(|p| p.person_id);
    assert_eq!(kept.len(), 2, "one row per person and source");
    assert!(kept.iter().any(|p| p.person_id == ana.id && p.fields.contains('b')), "a later import replaces");
    assert!(store.read(|r| r.import_provenance(OWNER, "vcard")).expect("other source").is_empty());
    assert!(store.read(|r| r.import_provenance(AccountId::new(), "linkedin")).expect("stranger").is_empty());

    let photo = PersonPhoto { media_type: "image/jpeg".into(), bytes: vec![0xFF, 0xD8, 0xFF, 1, 2, 3] };
    assert_eq!(store.read(|r| r.person_photo(OWNER, ana.id)).expect("no photo"), None);
    store.write(|w| w.put_person_photo(OWNER, ana.id, Some(&photo))).expect("put photo");
    assert_eq!(store.read(|r| r.person_photo(OWNER, ana.id)).expect("photo"), Some(photo.clone()));
    assert_eq!(store.read(|r| r.person_photo(AccountId::new(), ana.id)).expect("stranger"), None);
    assert_eq!(store.read(|r| r.person_photos(OWNER)).expect("photos"), vec![(ana.id, photo.clone())]);
    assert!(store.read(|r| r.person_photos(AccountId::new())).expect("stranger's photos").is_empty());
    assert!(store.write(|w| w.put_person_photo(AccountId::new(), ana.id, Some(&photo))).is_err());
    store.write(|w| w.put_person_photo(OWNER, ana.id, None)).expect("remove photo");
    assert_eq!(store.read(|r| r.person_photo(OWNER, ana.id)).expect("removed"), None);
    assert!(store.read(|r| r.person_photos(OWNER)).expect("no photos").is_empty());

    // Ben's records, to be merged into Ana.
    let talk =
        NewInteraction::new(ben.id, InteractionKind::Reply, t(30)).into_interaction(InteractionId::new(), OWNER, t(30));
    let meeting = NewMeeting::new(ben.id, t(4_000), 20, MeetingMode::Video).expect("meeting").into_meeting(
        MeetingId::new(),
        OWNER,
        t(31),
    );
    let note = NewNote::new(NoteSubject::Person(ben.id), "Knows the hiring manager").expect("note").into_note(
        NoteId::new(),
        OWNER,
        t(32),
    );
    let cy = &batch[2];
    let rel = NewRelationship::new(cy.id, ben.id, RelationshipKind::Colleague)
        .expect("relationship")
        .into_relationship(RelationshipId::new(), OWNER, t(33));
    let mut task = NewTask::new("Send Ben the article").expect("task");
    task.person_id = Some(ben.id);
    let task = task.into_task(TaskId::new(), OWNER, t(34));
    store
        .write(|w| {
            w.insert_interaction(&talk)?;
            w.insert_meeting(&meeting)?;
            w.insert_note(&note)?;
            w.insert_relationship(&rel)?;
            w.insert_task(&task)
        })
        .expect("ben's records");
    let moved = store.write(|w| w.repoint_person(OWNER, ben.id, ana.id)).expect("repoint");
    assert_eq!(moved.interactions, vec![talk.id]);
    assert_eq!(moved.meetings, vec![meeting.id]);
    assert_eq!(moved.notes, vec![note.id]);
    assert_eq!(moved.relationships_b, vec![rel.id]);
    assert_eq!(moved.tasks, vec![task.id]);
    assert_eq!(moved.provenance, Vec::<String>::new(), "Ana has her own linkedin provenance");
    assert_eq!(moved.total(), 5);
    assert_eq!(store.read(|r| r.interactions_for_person(OWNER, ana.id)).expect("timeline").len(), 1);
    assert_eq!(store.read(|r| r.meetings_for_person(OWNER, ana.id)).expect("meetings").len(), 1);
    assert_eq!(store.read(|r| r.notes_about(OWNER, NoteSubject::Person(ana.id))).expect("notes").len(), 1);
    let hits = store.read(|r| r.search(OWNER, &SearchQuery::new("hiring manager"))).expect("search");
    assert_eq!(hits.first().map(|h| h.title.as_str()), Some("Note on Ana Silva"), "moved notes are retitled");
    assert!(store.read(|r| r.interactions_for_person(OWNER, ben.id)).expect("timeline").is_empty());

    let merge = MergeRecord {
        id: uuid::Uuid::from_u128(7),
        owner: OWNER,
        at: t(40),
        winner: ana.id,
        loser: ben.id,
        moved: moved.clone(),
        snapshot: "anything".into(),
        undone_at: None,
    };
    store.write(|w| w.insert_merge(&merge)).expect("insert merge");
    assert_eq!(store.read(|r| r.last_merge(OWNER)).expect("last"), Some(merge.clone()));
    assert_eq!(store.read(|r| r.last_merge(AccountId::new())).expect("stranger"), None);

    store.write(|w| w.unrepoint_person(OWNER, &moved, ana.id, ben.id)).expect("move back");
    store.write(|w| w.set_merge_undone(OWNER, merge.id, t(41))).expect("undone");
    assert_eq!(store.read(|r| r.last_merge(OWNER)).expect("last"), None, "an undone merge is not undone twice");
    assert_eq!(store.read(|r| r.interactions_for_person(OWNER, ben.id)).expect("timeline"), vec![talk.clone()]);
    assert_eq!(store.read(|r| r.meeting(OWNER, meeting.id)).expect("meeting").person_id, ben.id);
    assert_eq!(store.read(|r| r.note(OWNER, note.id)).expect("note"), note);
    assert_eq!(store.read(|r| r.relationships_for_person(OWNER, ben.id)).expect("rels"), vec![rel.clone()]);
    assert_eq!(store.read(|r| r.task(OWNER, task.id)).expect("task"), task);
    let hits = store.read(|r| r.search(OWNER, &SearchQuery::new("hiring manager"))).expect("search");
    assert_eq!(hits.first().map(|h| h.title.as_str()), Some("Note on Ben Okafor"));

    store.write(|w| w.set_trashed(OWNER, Trashable::Meeting(meeting.id), Some(t(50)))).expect("trash meeting");
    assert_eq!(store.read(|r| r.all_meetings(OWNER)).expect("all meetings").len(), 1, "trashed meetings too");
    // A decision about a list-level reminder hangs off no record; the wipe takes it too.
    let weekly = ReminderDecision { key: "R1:week".into(), action: DecisionAction::Dismissed, decided_at: t(51) };
    store.write(|w| w.put_reminder_decision(OWNER, None, &weekly)).expect("list-level decision");
    let gone = store.write(|w| w.delete_everything(OWNER)).expect("wipe");
    assert!(gone.total() >= 9, "{gone:?}");
    assert_eq!(gone.meetings, 1, "the trashed meeting counts: {gone:?}");
    assert!(gone.people >= 2 && gone.interactions >= 1 && gone.tasks >= 1 && gone.relationships >= 1, "{gone:?}");
    assert!(store.read(|r| r.all_reminder_decisions(OWNER)).expect("decisions").is_empty(), "decisions go too");
    assert_eq!(store.read(|r| r.counts(OWNER)).expect("counts"), Counts::default());
    assert!(store.read(|r| r.search(OWNER, &SearchQuery::new("hiring"))).expect("search").is_empty());
    assert!(store.read(|r| r.tasks(OWNER, true)).expect("tasks").is_empty());
}

/// The network reads give every person (trashed ones too) with the fields the planning rules
/// read, equal to a full read of those fields, and every relationship without its note; every
/// committed write changes the token, a failed one does not.
pub fn network_people_and_the_change_token<S: Store>(store: &S) {
    let before = store.read(|r| r.change_token(OWNER)).expect("change token");
    let acme = add_org(store, "Acme");
    let globex = add_org(store, "Globex");
    let ana = add_person(store, "Ana Silva", Some(acme.id));
    let mut bo = full_person("Bo Chen", Some(globex.id));
    bo.employments.push(rapport_domain::people::Employment {
        organization_id: acme.id,
        title: Some("Analyst".into()),
        start_year: Some(2015),
        end_year: Some(2019),
    });
    bo.source = rapport_domain::people::Source::IntroducedBy(ana.id);
    store.write(|w| w.insert_person(&bo)).expect("insert person");
    let gone = add_person(store, "Cy Gone", None);
    store.write(|w| w.set_trashed(OWNER, Trashable::Person(gone.id), Some(t(30)))).expect("trash");
    let after = store.read(|r| r.change_token(OWNER)).expect("change token");
    assert_eq!(after.instance, before.instance, "the same store keeps its instance");
    assert!(after.counter >= before.counter + 6, "each write counts: {before:?} then {after:?}");

    let network = store.read(|r| r.network_people(OWNER)).expect("network people");
    assert_eq!(network.len(), 3, "every person, the trashed one too");
    for slim in &network {
        let full = store.read(|r| r.person(OWNER, slim.id)).expect("read person");
        assert_eq!(slim.name, full.name);
        assert_eq!(slim.organization_id, full.organization_id);
        assert_eq!(slim.title, full.title);
        assert_eq!(slim.source, full.source);
        assert_eq!(slim.tie, full.tie);
        assert_eq!(slim.targeting, full.targeting);
        assert_eq!(slim.employments, full.employments, "{}", full.name.full);
        assert_eq!((slim.stage, slim.segment, slim.tier), (full.stage, full.segment, full.tier));
        assert_eq!((slim.referral, slim.loop_closed), (full.referral, full.loop_closed));
        assert_eq!((slim.do_not_contact, slim.last_touch_at), (full.do_not_contact, full.last_touch_at));
        assert_eq!(slim.deleted_at, full.deleted_at);
    }
    let trashed = network.iter().find(|p| p.id == gone.id).expect("the trashed person");
    assert!(trashed.deleted_at.is_some());
    let bo_read = network.iter().find(|p| p.id == bo.id).expect("Bo");
    assert_eq!(bo_read.employments.len(), 2, "past and current employers");

    let friends = NewRelationship::new(ana.id, bo.id, RelationshipKind::Colleague)
        .expect("two people")
        .into_relationship(RelationshipId::new(), OWNER, t(40));
    let mut noted = NewRelationship::new(bo.id, gone.id, RelationshipKind::Friend).expect("two people");
    noted.note = Some("met at a conference".into());
    let noted = noted.into_relationship(RelationshipId::new(), OWNER, t(41));
    store
        .write(|w| {
            w.insert_relationship(&friends)?;
            w.insert_relationship(&noted)
        })
        .expect("relationships");
    let mut links = store.read(|r| r.network_relationships(OWNER)).expect("network relationships");
    let mut full = store.read(|r| r.relationships(OWNER)).expect("relationships");
    assert!(links.windows(2).all(|w| w[0].id < w[1].id), "in id order");
    for r in &mut full {
        r.note = None;
    }
    full.sort_by_key(|r| r.id);
    links.sort_by_key(|r| r.id);
    assert_eq!(links, full, "the same relationships, without their notes");
    let after = store.read(|r| r.change_token(OWNER)).expect("change token");

    let failed: Result<(), StoreError> = store.write(|w| {
        w.insert_person(&full_person("Never Saved", None))?;
        Err(StoreError::Conflict("rolled back on purpose".into()))
    });
    assert!(failed.is_err());
    let unchanged = store.read(|r| r.change_token(OWNER)).expect("change token");
    assert_eq!(unchanged, after, "a rolled-back write changes nothing, the token included");
}

/// The list rows of a filter are the people of the same filter, in the same order, with the
/// same count, each row holding what the person holds.
pub fn person_summaries_are_the_people_list_as_rows<S: Store>(store: &S) {
    let org = add_org(store, "Acme");
    for name in ["Cy Tran", "Ana Silva", "Bo Berg", "Di Diaz"] {
        add_person(store, name, if name.starts_with('B') { None } else { Some(org.id) });
    }
    let trashed = add_person(store, "Ed Gone", Some(org.id));
    store.write(|w| w.set_trashed(OWNER, Trashable::Person(trashed.id), Some(t(50)))).expect("trash");
    let filters = [
        PersonFilter::default(),
        PersonFilter { descending: true, ..PersonFilter::default() },
        PersonFilter { organization_id: Some(org.id), ..PersonFilter::default() },
        PersonFilter { text: Some("silva".into()), ..PersonFilter::default() },
        PersonFilter { text: Some("d".into()), ..PersonFilter::default() },
        PersonFilter { trashed: true, ..PersonFilter::default() },
    ];
    for filter in &filters {
        for page in [Page::first(2), Page { offset: 2, limit: 2 }, Page::ALL] {
            let (full, rows) = store
                .read(|r| {
                    Ok::<_, StoreError>((r.people(OWNER, filter, page)?, r.person_summaries(OWNER, filter, page)?))
                })
                .expect("read both");
            assert_eq!((rows.total, rows.capped), (full.total, full.capped), "{filter:?} {page:?}");
            let ids: Vec<PersonId> = rows.people.iter().map(|p| p.id).collect();
            let want: Vec<PersonId> = full.people.iter().map(|p| p.id).collect();
            assert_eq!(ids, want, "{filter:?} {page:?}");
            for (row, person) in rows.people.iter().zip(&full.people) {
                assert_eq!(row.name, person.name.full);
                assert_eq!(row.title, person.title);
                assert_eq!((row.stage, row.tier), (person.stage, person.tier));
                assert_eq!(row.tags, person.tags.iter().map(|t| t.as_str().to_string()).collect::<Vec<_>>());
                assert_eq!(row.last_touch_at, person.last_touch_at);
            }
        }
    }
    let all = store.read(|r| r.person_summaries(OWNER, &PersonFilter::default(), Page::ALL)).expect("rows");
    assert_eq!(all.total, 4);
    assert!(all.people.iter().all(|p| p.tags == vec!["alumni".to_string()] && p.tier == Some(Tier::B)));
    assert!(!all.people.iter().any(|p| p.id == trashed.id));
}
