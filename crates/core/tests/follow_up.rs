//! The follow-up engine through the use cases, on real SQLite files: the pipeline runs when
//! interactions are logged (AT-7, AT-9), meetings and debriefs move it (AT-6), reminders are
//! materialized in the same write as every change and never outlive what they point at, and
//! the seeker's decisions persist across recomputation.

use jiff::Timestamp;
use jiff::civil::{Date, date};
use rapport_core::meetings::{self, Debrief, Named, NewPromise};
use rapport_core::reminders;
use rapport_core::{CoreError, Ctx, demo, interactions, introductions, people, profile, thanks, today, trash};
use rapport_domain::ids::{AccountId, PersonId};
use rapport_domain::interactions::{InteractionKind, NewInteraction};
use rapport_domain::introductions::IntroState;
use rapport_domain::meetings::{Clue, MeetingMode, NewMeeting, OpeningClose, Party, Tiara};
use rapport_domain::people::{NewPerson, PersonName, Segment, Tier};
use rapport_domain::pipeline::{ReferralState, Stage};
use rapport_domain::reminders::{DecisionAction, Reminder, Rule};
use rapport_store::{Reader, Store};
use rapport_store_sqlite::{OpenMode, SqliteStore};

const OWNER: AccountId = AccountId::LOCAL;

fn store() -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open(&dir.path().join("t.sqlite3"), OpenMode::Create).expect("open");
    (dir, store)
}

/// Local Chicago time.
fn at(day: Date, hour: i8, minute: i8) -> Timestamp {
    day.at(hour, minute, 0, 0).in_tz("America/Chicago").expect("a Chicago time").timestamp()
}

fn ctx(store: &SqliteStore, now: Timestamp) -> Ctx<'_, SqliteStore> {
    Ctx::at(store, OWNER, now)
}

/// A Chicago seeker with Monday 20 January 2025 off.
fn seeker(store: &SqliteStore) {
    let c = ctx(store, at(date(2025, 1, 1), 9, 0));
    let mut p = profile::get(&c).expect("profile");
    p.name = Some("Andrea Quinn".into());
    p.settings.time_zone = "America/Chicago".into();
    p.settings.holidays = vec![date(2025, 1, 20)];
    profile::save(&c, p).expect("save profile");
}

fn add_person(store: &SqliteStore, name: &str, org: Option<&str>) -> PersonId {
    let c = ctx(store, at(date(2025, 1, 1), 9, 0));
    let mut new = NewPerson::new(PersonName::new(name).expect("name"));
    if let Some(org) = org {
        let org = store.write(|w| rapport_core::organizations::find_or_add(w, &c, org)).expect("organization");
        new.organization_id = Some(org.id);
    }
    people::add(&c, new, false).expect("add person").id
}

fn log(store: &SqliteStore, person: PersonId, kind: InteractionKind, when: Timestamp) -> Result<(), CoreError> {
    interactions::log(&ctx(store, when), NewInteraction::new(person, kind, when)).map(|_| ())
}

fn stored(store: &SqliteStore, person: PersonId) -> Vec<Reminder> {
    store.read(|r| r.reminders_for_person(OWNER, person)).expect("reminders")
}

fn rules(list: &[Reminder]) -> Vec<Rule> {
    list.iter().map(|r| r.rule).collect()
}

fn find(list: &[Reminder], rule: Rule) -> &Reminder {
    list.iter().find(|r| r.rule == rule).unwrap_or_else(|| panic!("no {rule} in {:?}", rules(list)))
}

#[test]
fn outreach_starts_3b7_and_at_7_refuses_a_second_follow_up_with_the_date() {
    let (_dir, store) = store();
    seeker(&store);
    let priya = add_person(&store, "Priya Raman", Some("Acme"));
    log(&store, priya, InteractionKind::Outreach, at(date(2025, 1, 2), 10, 0)).expect("outreach");
    let person = people::get(&ctx(&store, at(date(2025, 1, 2), 11, 0)), priya).expect("person");
    assert_eq!(person.stage, Stage::Contacted);
    let list = stored(&store, priya);
    assert_eq!(find(&list, Rule::R3).due_at, at(date(2025, 1, 7), 8, 0), "AT-1: 3B is Tue 7 Jan, 08:00");
    assert_eq!(find(&list, Rule::R4).due_at, at(date(2025, 1, 13), 8, 0), "AT-1: 7B is Mon 13 Jan");

    log(&store, priya, InteractionKind::FollowUp, at(date(2025, 1, 13), 9, 0)).expect("the one follow-up");
    let list = stored(&store, priya);
    assert!(!rules(&list).contains(&Rule::R4), "the follow-up is sent: {:?}", rules(&list));
    assert_eq!(find(&list, Rule::R5).due_at, at(date(2025, 1, 16), 8, 0), "no response from Thu 16 Jan");

    let refused = log(&store, priya, InteractionKind::FollowUp, at(date(2025, 1, 14), 9, 0)).expect_err("AT-7");
    let words = refused.to_string();
    assert!(matches!(refused, CoreError::Refused(_)), "{refused:?}");
    assert!(words.contains("One follow-up is the rule"), "{words}");
    assert!(words.contains("no response from Thu 16 Jan 2025"), "the date to mark no response: {words}");
    let timeline = store.read(|r| r.interactions_for_person(OWNER, priya)).expect("timeline");
    assert_eq!(timeline.len(), 2, "the refused follow-up is not recorded");
}

#[test]
fn at_9_the_timing_of_the_reply_sets_the_segment() {
    let (_dir, store) = store();
    seeker(&store);
    let fast = add_person(&store, "Fast Replier", Some("Acme"));
    let slow = add_person(&store, "Slow Replier", Some("Acme"));
    for p in [fast, slow] {
        log(&store, p, InteractionKind::Outreach, at(date(2025, 1, 2), 10, 0)).expect("outreach");
    }
    log(&store, fast, InteractionKind::Reply, at(date(2025, 1, 6), 12, 0)).expect("reply at 2B");
    log(&store, slow, InteractionKind::FollowUp, at(date(2025, 1, 13), 9, 0)).expect("follow-up");
    log(&store, slow, InteractionKind::Reply, at(date(2025, 1, 14), 12, 0)).expect("reply at 8B");
    let c = ctx(&store, at(date(2025, 1, 15), 9, 0));
    let fast = people::get(&c, fast).expect("person");
    let slow_person = people::get(&c, slow).expect("person");
    assert_eq!((fast.stage, fast.segment), (Stage::Responded, Segment::Booster));
    assert_eq!((slow_person.stage, slow_person.segment), (Stage::Responded, Segment::Obligate));
    let r6 = stored(&store, fast.id);
    assert!(find(&r6, Rule::R6).what.contains("today"), "a Booster is answered today: {:?}", r6);
    assert!(!rules(&r6).contains(&Rule::R3) && !rules(&r6).contains(&Rule::R4), "the reply cancels 3B7");
}

/// Contacted on 2 Jan, replied on 3 Jan, coffee on Tue 14 Jan at 15:00.
fn coffee(store: &SqliteStore) -> (PersonId, rapport_domain::ids::MeetingId) {
    seeker(store);
    let priya = add_person(store, "Priya Raman", Some("Acme"));
    log(store, priya, InteractionKind::Outreach, at(date(2025, 1, 2), 10, 0)).expect("outreach");
    log(store, priya, InteractionKind::Reply, at(date(2025, 1, 3), 11, 0)).expect("reply");
    let c = ctx(store, at(date(2025, 1, 3), 12, 0));
    let new = NewMeeting::new(priya, at(date(2025, 1, 14), 15, 0), 20, MeetingMode::Coffee).expect("meeting");
    let meeting = meetings::schedule(&c, new).expect("schedule");
    (priya, meeting.id)
}

#[test]
fn a_meeting_brings_its_reminders_and_takes_them_away_when_deleted() {
    let (_dir, store) = store();
    let (priya, meeting) = coffee(&store);
    let c = ctx(&store, at(date(2025, 1, 3), 12, 0));
    assert_eq!(people::get(&c, priya).expect("person").stage, Stage::Scheduled);
    let list = stored(&store, priya);
    assert_eq!(find(&list, Rule::R7).due_at, at(date(2025, 1, 10), 8, 0), "prep two business days before");
    let r9 = find(&list, Rule::R9);
    assert!(r9.what.contains("You pay"), "{}", r9.what);
    assert_eq!(r9.due_at, at(date(2025, 1, 14), 8, 0), "the morning of the coffee");
    assert!(!rules(&list).contains(&Rule::R6), "scheduling answered their reply");

    meetings::trash(&c, meeting).expect("trash meeting");
    let list = stored(&store, priya);
    assert!(list.iter().all(|r| !r.key.contains(&meeting.to_string())), "nothing about the meeting: {list:?}");
    meetings::restore(&c, meeting).expect("restore meeting");
    assert!(rules(&stored(&store, priya)).contains(&Rule::R9), "restore brings them back");

    meetings::trash(&c, meeting).expect("trash meeting");
    trash::empty(&c).expect("empty");
    assert!(stored(&store, priya).iter().all(|r| !r.key.contains(&meeting.to_string())));
}

#[test]
fn trashing_a_person_takes_their_reminders_and_restore_brings_them_back() {
    let (_dir, store) = store();
    let (priya, _) = coffee(&store);
    let mia = add_person(&store, "Mia Chen", None);
    let c = ctx(&store, at(date(2025, 1, 3), 12, 0));
    introductions::add(&c, priya, mia, IntroState::Received, None).expect("introduction");
    assert!(rules(&stored(&store, mia)).contains(&Rule::R6), "the introduced person is answered");
    let before = stored(&store, priya);
    assert!(!before.is_empty());

    people::trash(&c, priya).expect("trash");
    assert!(stored(&store, priya).is_empty(), "a trashed person has no reminders");
    assert!(stored(&store, mia).is_empty(), "an introduction by a trashed person asks for nothing");
    let shown = today::today(&ctx(&store, at(date(2025, 1, 10), 9, 0)), today::TodayOptions::default()).expect("today");
    assert!(
        shown.overdue.items.iter().chain(&shown.today.items).all(|i| i.reminder.person_id != Some(priya)),
        "today shows nothing for them"
    );
    people::restore(&c, priya).expect("restore");
    assert_eq!(rules(&stored(&store, priya)), rules(&before), "restore brings them back");
    assert!(rules(&stored(&store, mia)).contains(&Rule::R6), "and the introduction counts again");

    people::trash(&c, priya).expect("trash");
    trash::empty(&c).expect("empty");
    assert!(stored(&store, priya).is_empty());
    let keys = store.read(|r| r.reminders_with_key(OWNER, &before[0].key)).expect("by key");
    assert!(keys.is_empty(), "nothing points at the purged person");
    assert!(stored(&store, mia).is_empty(), "nor at their introduction");
}

#[test]
fn at_6_the_debrief_records_let_me_think_and_no_chaser_follows() {
    let (_dir, store) = store();
    let (priya, meeting) = coffee(&store);
    let after = ctx(&store, at(date(2025, 1, 14), 16, 0));
    let debrief = Debrief {
        clues: vec![
            Clue::new(Tiara::Trends, "Retail clients are moving forecasting in-house").expect("clue"),
            Clue::new(Tiara::Advice, "Build one public project end to end").expect("clue"),
        ],
        introductions: vec![Named::Name("Mia Chen".into())],
        promises: vec![NewPromise {
            owed_by: Party::Mine,
            text: "Send the churn write-up".into(),
            due: Some(date(2025, 1, 17)),
        }],
        rapport: Some(4),
        opening_close: Some(OpeningClose::Considering),
        ..Debrief::default()
    };
    let done = meetings::debrief(&after, meeting, debrief).expect("debrief");
    assert_eq!(done.person.stage, Stage::Met);
    assert_eq!(done.person.referral, ReferralState::Considering);
    assert_eq!(done.added.len(), 1, "Mia is new to the network");
    let mia = done.introduced[0].id;
    let intro = store.read(|r| r.introductions_for_person(OWNER, mia)).expect("intros");
    assert_eq!((intro.len(), intro[0].state), (1, IntroState::Offered));

    let list = stored(&store, priya);
    let r11 = find(&list, Rule::R11);
    assert_eq!(r11.due_at, at(date(2025, 1, 15), 15, 20), "thank-you within 24 hours of the end");
    assert_eq!(find(&list, Rule::R12).due_at, at(date(2025, 1, 17), 8, 0), "my promise on its date");
    assert!(!rules(&list).contains(&Rule::R16), "no referral chaser after \"let me think\"");

    let asked = log(&store, priya, InteractionKind::ReferralAsk, at(date(2025, 1, 21), 9, 0)).expect_err("AT-6");
    assert!(asked.to_string().contains("no second ask"), "{asked}");
}

#[test]
fn the_thank_you_moves_them_into_the_active_network_with_a_keep_in_touch_date() {
    let (_dir, store) = store();
    let (priya, meeting) = coffee(&store);
    let after = ctx(&store, at(date(2025, 1, 14), 16, 0));
    let debrief = Debrief {
        clues: vec![Clue::new(Tiara::Insights, "Quarterly planning decides most projects").expect("clue")],
        reciprocal_offer: Some("Share my notes from the PyData talks".into()),
        ..Debrief::default()
    };
    meetings::debrief(&after, meeting, debrief).expect("debrief");
    let plan = thanks::plan(&ctx(&store, at(date(2025, 1, 14), 18, 0)), priya).expect("draft");
    assert!(plan.report.ready(), "the draft passes its own checks:\n{}", plan.report.render());
    assert!(plan.draft.text.contains("Quarterly planning"), "{}", plan.draft.text);

    let sent_at = at(date(2025, 1, 14), 19, 0);
    let sent = thanks::mark_sent(&ctx(&store, sent_at), priya, sent_at, Some(&plan.draft.text)).expect("sent");
    assert_eq!((sent.person.stage, sent.person.tier), (Stage::ActiveNetwork, Some(Tier::A)));
    assert_eq!(sent.keep_in_touch, Some(at(date(2025, 2, 13), 8, 0)), "tier A: 30 days after the meeting");
    let list = stored(&store, priya);
    assert!(!rules(&list).contains(&Rule::R11), "the thank-you is done: {:?}", rules(&list));
}

#[test]
fn decisions_survive_recomputation_and_snoozes_hide_until_their_time() {
    let (_dir, store) = store();
    seeker(&store);
    let priya = add_person(&store, "Priya Raman", Some("Acme"));
    log(&store, priya, InteractionKind::Outreach, at(date(2025, 1, 2), 10, 0)).expect("outreach");
    let r3 = find(&stored(&store, priya), Rule::R3).key.clone();
    let r4 = find(&stored(&store, priya), Rule::R4).key.clone();
    let c = ctx(&store, at(date(2025, 1, 7), 9, 0));
    reminders::decide(&c, &r3, None, DecisionAction::Dismissed).expect("dismiss");
    let until = at(date(2025, 1, 15), 8, 0);
    reminders::decide(&c, &r4, None, DecisionAction::Snoozed { until }).expect("snooze");
    // Any later change recomputes; the decisions hold.
    people::edit(
        &c,
        priya,
        &rapport_domain::people::PersonPatch { title: Some(Some("Lead".into())), ..Default::default() },
    )
    .expect("edit");
    let list = stored(&store, priya);
    assert!(!rules(&list).contains(&Rule::R3), "dismissed stays dismissed");
    assert_eq!(find(&list, Rule::R4).opens_at, until, "snoozed until its time");
    let early = today::today(&ctx(&store, at(date(2025, 1, 14), 9, 0)), today::TodayOptions::default()).expect("today");
    assert!(early.overdue.items.iter().chain(&early.today.items).all(|i| i.reminder.key != r4));
    let late = today::today(&ctx(&store, at(date(2025, 1, 15), 9, 0)), today::TodayOptions::default()).expect("today");
    assert!(late.today.items.iter().chain(&late.overdue.items).any(|i| i.reminder.key == r4));

    let past = reminders::decide(&c, &r4, None, DecisionAction::Snoozed { until: at(date(2025, 1, 1), 8, 0) });
    assert!(matches!(past, Err(CoreError::Refused(_))), "a snooze into the past is refused");
    let unknown = reminders::decide(&c, "r4:nothing", None, DecisionAction::Done);
    assert!(unknown.is_err_and(|e| e.is_not_found()));
}

#[test]
fn a_new_time_zone_moves_every_reminder() {
    let (_dir, store) = store();
    seeker(&store);
    let priya = add_person(&store, "Priya Raman", Some("Acme"));
    log(&store, priya, InteractionKind::Outreach, at(date(2025, 1, 2), 10, 0)).expect("outreach");
    let chicago = find(&stored(&store, priya), Rule::R4).due_at;
    let c = ctx(&store, at(date(2025, 1, 3), 9, 0));
    let mut p = profile::get(&c).expect("profile");
    p.settings.time_zone = "Europe/Berlin".into();
    profile::save(&c, p.clone()).expect("save");
    let berlin = find(&stored(&store, priya), Rule::R4).due_at;
    assert_ne!(chicago, berlin, "08:00 in Berlin is another instant");
    p.settings.time_zone = "Mars/Olympus".into();
    assert!(profile::save(&c, p).is_err(), "an unknown zone is refused");
}

#[test]
fn demo_data_materializes_the_same_reminders_a_full_refresh_derives() {
    let (_dir, store) = store();
    let now: Timestamp = "2026-11-25T12:00:00Z".parse().expect("time");
    let c = ctx(&store, now);
    let data = demo::generate(OWNER, now, demo::DemoConfig { people: 300, seed: 3 });
    demo::write(&c, &data).expect("demo");
    let mut materialized = Vec::new();
    for p in &data.people {
        materialized.extend(stored(&store, p.id));
    }
    assert!(materialized.len() > 100, "a network has things to do: {}", materialized.len());
    store.write(|w| reminders::refresh_all(w, &c)).expect("refresh all");
    let mut again = Vec::new();
    for p in &data.people {
        again.extend(stored(&store, p.id));
    }
    assert_eq!(materialized, again, "in-memory derivation and the store agree");
    let ids: Vec<PersonId> = data.people.iter().map(|p| p.id).collect();
    store.write(|w| reminders::refresh(w, &c, &ids)).expect("refresh each");
    let mut each = Vec::new();
    for p in &data.people {
        each.extend(stored(&store, p.id));
    }
    assert_eq!(materialized, each, "and so does a refresh person by person");
}
