//! The JSON backup is lossless: for every kind of record, domain → DTO → JSON → DTO → domain is
//! the identity (a property over generated records), and the wire shape is pinned by a snapshot.

mod common;

use jiff::Timestamp;
use jiff::civil::Date;
use proptest::prelude::*;
use rapport_domain::ids::*;
use rapport_domain::interactions::{Channel, Direction, Interaction, InteractionKind, TimeSource};
use rapport_domain::introductions::{IntroState, Introduction};
use rapport_domain::meetings::{
    Clue, Gift, GiftKind, Ledger, Meeting, MeetingMode, MeetingStatus, OpeningClose, Party, Payer, Payment, Promise,
    Tiara,
};
use rapport_domain::notes::{Note, NoteSubject};
use rapport_domain::openings::{Opening, OpeningStatus};
use rapport_domain::organizations::{Lamp, Organization, OrganizationStatus, ReferralBonus, SourceLens};
use rapport_domain::people::{
    Affinity, AffinityKind, Employment, Frequency, Person, PersonName, Segment, Source, Targeting, Tie, Tier,
};
use rapport_domain::pipeline::{LoopState, ReferralState, Stage};
use rapport_domain::profile::{Edition, Profile, Settings};
use rapport_domain::questions::{Question, QuestionCategory};
use rapport_domain::relationships::{Relationship, RelationshipKind};
use rapport_domain::reminders::{DecisionAction, ReminderDecision};
use rapport_domain::tasks::Task;
use rapport_domain::values::{Email, Link, LinkKind, Phone, Tag};
use rapport_interchange::json::{Backup, BackupPhoto};
use uuid::Uuid;

fn uuid() -> impl Strategy<Value = Uuid> {
    any::<u128>().prop_map(Uuid::from_u128)
}

macro_rules! id_strategy {
    ($name:ident, $ty:ty) => {
        fn $name() -> impl Strategy<Value = $ty> {
            uuid().prop_map(<$ty>::from_uuid)
        }
    };
}

id_strategy!(account, AccountId);
id_strategy!(person_id, PersonId);
id_strategy!(org_id, OrganizationId);
id_strategy!(opening_id, OpeningId);
id_strategy!(meeting_id, MeetingId);
id_strategy!(intro_id, IntroductionId);
id_strategy!(question_id, QuestionId);

fn ts() -> impl Strategy<Value = Timestamp> {
    (0i64..4_000_000_000, 0i32..1_000_000_000).prop_map(|(s, n)| Timestamp::new(s, n).unwrap())
}

fn day() -> impl Strategy<Value = Date> {
    (1900i16..2100, 1i8..=12, 1i8..=28).prop_map(|(y, m, d)| Date::new(y, m, d).unwrap())
}

/// Text a validated constructor keeps as it is: trimmed and not empty.
fn trimmed() -> impl Strategy<Value = String> {
    "[A-Za-zÀ-ÿ0-9]([A-Za-zÀ-ÿ0-9 ,.;'\"!?&/-]{0,18}[A-Za-z0-9])?"
}

/// Free text: any printable characters, line breaks and quotes included.
fn free() -> impl Strategy<Value = String> {
    "[\\PC\n\t]{0,24}"
}

fn words<T: Copy + std::fmt::Debug + 'static>(all: &'static [T]) -> impl Strategy<Value = T> {
    prop::sample::select(all)
}

fn email() -> impl Strategy<Value = Email> {
    "[a-z]{1,8}(\\.[a-z]{1,5})?@[a-z]{1,8}\\.(com|org|net)".prop_map(|s| Email::parse(&s).unwrap())
}

fn phone() -> impl Strategy<Value = Phone> {
    "\\+?[1-9][0-9]{4,8}( [0-9]{2,4})?".prop_map(|s| Phone::parse(&s).unwrap())
}

fn link() -> impl Strategy<Value = Link> {
    prop_oneof![
        "[a-z0-9-]{1,12}".prop_map(|s| Link::parse(&format!("https://www.linkedin.com/in/{s}")).unwrap()),
        ("[a-z]{1,8}", any::<bool>()).prop_map(|(s, other)| {
            let link = Link::parse(&format!("https://{s}.example.com/page")).unwrap();
            if other { link.with_kind(LinkKind::Other) } else { link }
        }),
    ]
}

fn tag() -> impl Strategy<Value = Tag> {
    "[a-z][a-z0-9-]{0,11}".prop_map(|s| Tag::parse(&s).unwrap())
}

fn source() -> impl Strategy<Value = Source> {
    prop_oneof![
        Just(Source::Manual),
        Just(Source::Demo),
        trimmed().prop_map(Source::Import),
        trimmed().prop_map(Source::Event),
        prop::option::of(trimmed()).prop_map(Source::Alumni),
        person_id().prop_map(Source::IntroducedBy),
    ]
}

fn tie() -> impl Strategy<Value = Tie> {
    (0u8..=4, words(Frequency::ALL), 0u8..=100, 0u8..=3, any::<u8>(), any::<u32>(), any::<u32>()).prop_map(
        |(closeness, frequency, years_known, reciprocity, shared_contexts, mutual_connections, messages_12m)| Tie {
            closeness,
            frequency,
            years_known,
            reciprocity,
            shared_contexts,
            mutual_connections,
            messages_12m,
        },
    )
}

fn targeting() -> impl Strategy<Value = Targeting> {
    let affinity = (words(AffinityKind::ALL), trimmed(), any::<bool>()).prop_map(|(kind, value, verified)| Affinity {
        kind,
        value,
        verified,
    });
    (0u8..=2, prop::option::of(any::<i8>()), any::<bool>(), 0u8..=2, prop::collection::vec(affinity, 0..3)).prop_map(
        |(function_relevance, levels_above, promoted, email_findability, affinities)| Targeting {
            function_relevance,
            levels_above,
            promoted,
            email_findability,
            affinities,
        },
    )
}

fn employment() -> impl Strategy<Value = Employment> {
    (org_id(), prop::option::of(free()), prop::option::of(any::<i16>()), prop::option::of(any::<i16>())).prop_map(
        |(organization_id, title, start_year, end_year)| Employment { organization_id, title, start_year, end_year },
    )
}

prop_compose! {
    fn person()(
        head in (person_id(), account(), ts(), ts(), trimmed(), prop::option::of(trimmed()), prop::option::of(trimmed())),
        contact in (prop::collection::vec(email(), 0..3), prop::collection::vec(phone(), 0..3), prop::collection::vec(link(), 0..3)),
        work in (prop::option::of(org_id()), prop::option::of(free()), prop::option::of(free()), source(), prop::collection::vec(tag(), 0..3)),
        fit in (tie(), targeting(), prop::collection::vec(free(), 0..3), any::<bool>(), prop::collection::vec(employment(), 0..3)),
        state in (words(Stage::ALL), words(Segment::ALL), any::<bool>(), prop::option::of(words(Tier::ALL)), words(ReferralState::ALL), words(LoopState::ALL)),
        tail in (any::<bool>(), prop::option::of(ts()), prop::option::of(ts())),
    ) -> Person {
        let (id, owner, created_at, updated_at, full, given, family) = head;
        let (emails, phones, links) = contact;
        let (organization_id, title, location, source, tags) = work;
        let (tie, targeting, skills, recruiter, employments) = fit;
        let (stage, segment, segment_manual, tier, referral, loop_closed) = state;
        let (do_not_contact, last_touch_at, deleted_at) = tail;
        Person {
            id, owner, created_at, updated_at,
            name: PersonName { full, given, family },
            emails, phones, links, organization_id, title, location, source, tags, tie, targeting, skills, recruiter,
            employments, stage, segment, segment_manual, tier, referral, loop_closed, do_not_contact, last_touch_at,
            deleted_at,
        }
    }
}

prop_compose! {
    fn organization()(
        head in (org_id(), account(), ts(), ts(), trimmed(), prop::option::of("[a-z]{1,10}\\.(com|org|io)"), prop::option::of(free())),
        lamp in (prop::option::of(any::<bool>()), prop::option::of(0u8..=5), prop::option::of(1u8..=3), prop::option::of(any::<i32>())),
        rest in (words(OrganizationStatus::ALL), prop::option::of(free()),
                 prop::option::of((prop::option::of(any::<u32>()), prop::option::of("[A-Z]{3}"), prop::option::of(trimmed()))),
                 any::<bool>(), prop::option::of(words(SourceLens::ALL)), prop::option::of(ts())),
    ) -> Organization {
        let (id, owner, created_at, updated_at, name, domain, industry) = head;
        let (advocacy, motivation, posting, user_order) = lamp;
        let (status, research_notes, bonus, digital_industry, source_lens, deleted_at) = rest;
        Organization {
            id, owner, created_at, updated_at, name, domain, industry,
            lamp: Lamp { advocacy, motivation, posting, user_order },
            status, research_notes,
            referral_bonus: bonus.map(|(amount, currency, notes)| ReferralBonus::new(amount, currency.as_deref(), notes.as_deref()).unwrap()),
            digital_industry, source_lens, deleted_at,
        }
    }
}

prop_compose! {
    fn opening()(
        head in (opening_id(), account(), ts(), ts(), org_id(), trimmed()),
        rest in (prop::option::of(free()), prop::option::of(free()), prop::option::of(free()), words(OpeningStatus::ALL), ts(), prop::option::of(person_id()), prop::option::of(ts())),
    ) -> Opening {
        let (id, owner, created_at, updated_at, organization_id, title) = head;
        let (jd_text, jd_url, req_id, status, status_changed_at, referrer_id, deleted_at) = rest;
        Opening { id, owner, created_at, updated_at, organization_id, title, jd_text, jd_url, req_id, status, status_changed_at, referrer_id, deleted_at }
    }
}

prop_compose! {
    fn interaction()(
        head in (uuid(), account(), ts(), ts(), person_id(), words(InteractionKind::ALL), words(Channel::ALL), words(Direction::ALL)),
        rest in (ts(), words(TimeSource::ALL), prop::option::of(free()), prop::option::of(free()), prop::option::of(meeting_id()), prop::option::of(opening_id())),
    ) -> Interaction {
        let (id, owner, created_at, updated_at, person_id, kind, channel, direction) = head;
        let (at, at_source, text, outcome, meeting_id, opening_id) = rest;
        Interaction { id: InteractionId::from_uuid(id), owner, created_at, updated_at, person_id, kind, channel, direction, at, at_source, text, outcome, meeting_id, opening_id }
    }
}

fn ledger() -> impl Strategy<Value = Ledger> {
    let clue = (words(Tiara::ALL), trimmed()).prop_map(|(tiara, text)| Clue::new(tiara, &text).unwrap());
    let gift = (
        words(GiftKind::ALL),
        trimmed(),
        prop::option::of(person_id()),
        prop::option::of(intro_id()),
        prop::option::of(opening_id()),
        prop::option::of(free()),
    )
        .prop_map(|(kind, text, person_id, introduction_id, opening_id, url)| Gift {
            kind,
            text,
            person_id,
            introduction_id,
            opening_id,
            url,
        });
    let promise = (uuid(), words(Party::ALL), trimmed(), prop::option::of(day()), prop::option::of(ts())).prop_map(
        |(id, owed_by, text, due, done_at)| Promise { id: PromiseId::from_uuid(id), owed_by, text, due, done_at },
    );
    let payment = (words(Payer::ALL), prop::option::of(any::<u32>()), prop::option::of("[A-Z]{3}"))
        .prop_map(|(payer, amount_minor, currency)| Payment { payer, amount_minor, currency });
    (
        (prop::collection::vec(clue, 0..3), prop::collection::vec(gift, 0..3), prop::collection::vec(promise, 0..3)),
        (
            prop::option::of(free()),
            prop::option::of(free()),
            prop::option::of(payment),
            prop::option::of(1u8..=5),
            prop::option::of(words(OpeningClose::ALL)),
            prop::option::of(ts()),
        ),
    )
        .prop_map(
            |(
                (clues, gifts, promises),
                (reciprocal_offer, they_asked_for, payment, rapport, opening_close, debriefed_at),
            )| {
                Ledger {
                    clues,
                    gifts,
                    promises,
                    reciprocal_offer,
                    they_asked_for,
                    payment,
                    rapport,
                    opening_close,
                    debriefed_at,
                }
            },
        )
}

prop_compose! {
    fn meeting()(
        head in (meeting_id(), account(), ts(), ts(), person_id(), ts(), 10u16..=90, words(MeetingMode::ALL)),
        rest in (prop::option::of(free()), prop::option::of(free()), prop::option::of(free()), words(MeetingStatus::ALL),
                 prop::option::of(opening_id()), prop::collection::vec(question_id(), 0..3), ledger(), prop::option::of(ts())),
    ) -> Meeting {
        let (id, owner, created_at, updated_at, person_id, scheduled_at, duration_min, mode) = head;
        let (location, agenda, notes, status, opening_id, questions, ledger, deleted_at) = rest;
        Meeting { id, owner, created_at, updated_at, person_id, scheduled_at, duration_min, mode, location, agenda, notes, status, opening_id, questions, ledger, deleted_at }
    }
}

prop_compose! {
    fn introduction()(
        values in (intro_id(), account(), ts(), ts(), person_id(), person_id(), prop::option::of(meeting_id()), words(IntroState::ALL), ts(), prop::option::of(free())),
    ) -> Introduction {
        let (id, owner, created_at, updated_at, introducer_id, introduced_id, meeting_id, state, state_changed_at, note) = values;
        Introduction { id, owner, created_at, updated_at, introducer_id, introduced_id, meeting_id, state, state_changed_at, note }
    }
}

prop_compose! {
    fn task()(
        values in (uuid(), account(), ts(), ts(), trimmed(), prop::option::of(person_id()), prop::option::of(org_id()), prop::option::of(day()), prop::option::of(ts())),
    ) -> Task {
        let (id, owner, created_at, updated_at, title, person_id, organization_id, due, done_at) = values;
        Task { id: TaskId::from_uuid(id), owner, created_at, updated_at, title, person_id, organization_id, due, done_at }
    }
}

fn note_subject() -> impl Strategy<Value = NoteSubject> {
    prop_oneof![
        person_id().prop_map(NoteSubject::Person),
        org_id().prop_map(NoteSubject::Organization),
        opening_id().prop_map(NoteSubject::Opening),
        meeting_id().prop_map(NoteSubject::Meeting),
    ]
}

prop_compose! {
    fn note()(values in (uuid(), account(), ts(), ts(), note_subject(), trimmed())) -> Note {
        let (id, owner, created_at, updated_at, subject, body) = values;
        Note { id: NoteId::from_uuid(id), owner, created_at, updated_at, subject, body }
    }
}

prop_compose! {
    fn question()(
        values in (question_id(), prop::option::of(account()), ts(), trimmed(), words(QuestionCategory::ALL), prop::collection::vec(free(), 0..3)),
    ) -> Question {
        let (id, owner, created_at, text, category, tags) = values;
        Question { id, owner, created_at, text, category, tags }
    }
}

prop_compose! {
    fn relationship()(
        values in (uuid(), account(), ts(), person_id(), person_id(), words(RelationshipKind::ALL), prop::option::of(org_id()),
                   prop::option::of(any::<i16>()), prop::option::of(any::<i16>()), prop::option::of(free()))
            .prop_filter("two different people", |v| v.3 != v.4),
    ) -> Relationship {
        let (id, owner, created_at, a, b, kind, organization_id, from_year, to_year, note) = values;
        Relationship { id: RelationshipId::from_uuid(id), owner, created_at, a, b, kind, organization_id, from_year, to_year, note }
    }
}

prop_compose! {
    fn profile()(
        head in (account(), ts(), prop::option::of(free()), prop::option::of(free()), prop::option::of(free()), prop::option::of(free())),
        lists in (prop::collection::vec(free(), 0..3), prop::option::of(free()), prop::collection::vec(free(), 0..3), prop::collection::vec(free(), 0..3)),
        settings in ("[A-Z][a-z]+/[A-Z][a-z_]+", prop::collection::vec(day(), 0..3), 0u8..=23, 0u8..=23, words(Edition::ALL), 5u8..=7, any::<bool>()),
    ) -> Profile {
        let (owner, updated_at, name, email, pitch, goals) = head;
        let (target_roles, target_industry, skills, affinities) = lists;
        let (time_zone, holidays, cutoff_hour, reminder_hour, edition, active_employers, search_active) = settings;
        Profile {
            owner, updated_at, name, email, pitch, goals, target_roles, target_industry, skills, affinities,
            settings: Settings { time_zone, holidays, cutoff_hour, reminder_hour, edition, active_employers, search_active },
        }
    }
}

prop_compose! {
    fn decision()(
        values in (prop::option::of(person_id()), "[a-z0-9:.-]{1,40}", 0u8..3, ts(), ts()),
    ) -> (Option<PersonId>, ReminderDecision) {
        let (person, key, which, until, decided_at) = values;
        let action = match which {
            0 => DecisionAction::Done,
            1 => DecisionAction::Dismissed,
            _ => DecisionAction::Snoozed { until },
        };
        (person, ReminderDecision { key, action, decided_at })
    }
}

prop_compose! {
    fn photo()(
        person_id in person_id(),
        png in any::<bool>(),
        bytes in prop::collection::vec(any::<u8>(), 1..64),
    ) -> BackupPhoto {
        BackupPhoto { person_id, media_type: if png { "image/png" } else { "image/jpeg" }.into(), bytes }
    }
}

prop_compose! {
    fn backup()(
        exported_at in ts(),
        profile in prop::option::of(profile()),
        first in (prop::collection::vec(person(), 0..3), prop::collection::vec(organization(), 0..3), prop::collection::vec(opening(), 0..3), prop::collection::vec(interaction(), 0..3), prop::collection::vec(meeting(), 0..3)),
        second in (prop::collection::vec(introduction(), 0..3), prop::collection::vec(task(), 0..3), prop::collection::vec(note(), 0..3), prop::collection::vec(question(), 0..3), prop::collection::vec(relationship(), 0..3)),
        reminder_decisions in prop::collection::vec(decision(), 0..3),
        photos in prop::collection::vec(photo(), 0..3),
    ) -> Backup {
        let (people, organizations, openings, interactions, meetings) = first;
        let (introductions, tasks, notes, questions, relationships) = second;
        // A photo belongs to someone in the backup.
        let photos: Vec<BackupPhoto> = if people.is_empty() {
            Vec::new()
        } else {
            photos.into_iter().enumerate().map(|(i, p)| BackupPhoto { person_id: people[i % people.len()].id, ..p }).collect()
        };
        Backup { exported_at, profile, people, organizations, openings, interactions, meetings, introductions, tasks, notes, questions, relationships, reminder_decisions, photos }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn a_backup_written_and_read_back_is_the_same(backup in backup()) {
        let json = backup.to_json();
        let restored = Backup::from_reader(json.as_bytes()).map_err(|e| TestCaseError::fail(format!("{e}\n{json}")))?;
        prop_assert_eq!(&restored, &backup);
        prop_assert_eq!(restored.to_json(), json.clone());
        // Written record by record, the text of the backup's DTO.
        let dto = serde_json::to_string_pretty(&backup.to_dto()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(format!("{dto}\n"), json.clone());
        // Streamed, the same bytes.
        let mut streamed = Vec::new();
        backup.to_writer(&mut streamed).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(String::from_utf8(streamed).map_err(|e| TestCaseError::fail(e.to_string()))?, json);
    }
}

/// A writer that takes `room` bytes and then fails as a full disk does.
struct Full {
    room: usize,
}

impl std::io::Write for Full {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.room == 0 {
            return Err(std::io::Error::new(std::io::ErrorKind::StorageFull, "no space left on device"));
        }
        let n = buf.len().min(self.room);
        self.room -= n;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_failing_writer_is_an_error_of_writing() {
    let mut backup = Backup::new(common::at("2025-02-20T07:00:00Z"));
    backup.people = common::fixture().people;
    let whole = backup.to_json().len();
    for room in [0, 10, whole / 2, whole - 1] {
        let err = backup.to_writer(Full { room }).expect_err("the writer fills up");
        assert!(matches!(err, rapport_interchange::InterchangeError::Io(_)), "{err:?}");
        assert!(err.to_string().contains("no space left"), "{err}");
    }
    backup.to_writer(Full { room: whole }).expect("room for all of it");
}

#[test]
fn the_backup_wire_shape() {
    let fx = common::fixture();
    let mut backup = Backup::new(common::at("2025-02-20T07:00:00Z"));
    backup.organizations = fx.organizations;
    backup.people = fx.people;
    backup.meetings = fx.meetings;
    let person = backup.people.first().map(|p| p.id);
    backup.reminder_decisions = vec![
        (
            person,
            ReminderDecision {
                key: "r4:0195e0c0-0000-7000-8000-000000000001".into(),
                action: DecisionAction::Snoozed { until: common::at("2025-02-24T08:00:00Z") },
                decided_at: common::at("2025-02-20T06:30:00Z"),
            },
        ),
        (
            None,
            ReminderDecision {
                key: "r23:2025-02-17".into(),
                action: DecisionAction::Done,
                decided_at: common::at("2025-02-20T06:31:00Z"),
            },
        ),
    ];
    if let Some(id) = person {
        backup.photos =
            vec![BackupPhoto { person_id: id, media_type: "image/png".into(), bytes: b"\x89PNG\r\n".to_vec() }];
    }
    insta::assert_snapshot!(backup.to_json());
}
