//! The target and outreach use cases on real SQLite stores: the LAMP plan and its status
//! changes, scoring, routes (fresh and cached, and equal to the domain's index over full
//! reads), drafts with the routing rule, the linter without a reader, "mark sent" and gate G2,
//! and the metrics.

use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::date;
use rapport_core::outreach::{self, LintKind};
use rapport_core::routes::{self, RouteCache};
use rapport_core::stats::{self, StatsRange};
use rapport_core::targets::{self, Score};
use rapport_core::{CoreError, Ctx, demo, interactions};
use rapport_domain::ids::{AccountId, OrganizationId, PersonId, RelationshipId};
use rapport_domain::interactions::{InteractionKind, NewInteraction};
use rapport_domain::lamp::Standing;
use rapport_domain::organizations::{Lamp, NewOrganization, Organization, OrganizationStatus};
use rapport_domain::outreach::{CheckId, OutreachChannel, OutreachMessage};
use rapport_domain::people::{Affinity, Frequency, NewPerson, Person, PersonName, Tie};
use rapport_domain::profile::Edition;
use rapport_domain::relationships::{NewRelationship, RelationshipKind};
use rapport_domain::routes::{NetworkIndex, NetworkInput};
use rapport_domain::ties::FirstApproach;
use rapport_domain::values::Email;
use rapport_store::{OrganizationFilter, Page, PersonFilter, Reader, Store, Writer};
use rapport_store_sqlite::{OpenMode, SqliteStore};

const OWNER: AccountId = AccountId::LOCAL;

fn store() -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open(&dir.path().join("t.sqlite3"), OpenMode::Create).expect("open");
    (dir, store)
}

fn now() -> Timestamp {
    "2026-03-10T15:00:00Z".parse().expect("time")
}

fn org(ctx: &Ctx<'_, SqliteStore>, name: &str, m: Option<u8>, p: Option<u8>, a: Option<bool>) -> Organization {
    let mut new = NewOrganization::new(name).expect("name");
    new.lamp = Lamp { motivation: m, posting: p, advocacy: a, user_order: None };
    rapport_core::organizations::add(ctx, new, false).expect("add org")
}

fn person(ctx: &Ctx<'_, SqliteStore>, name: &str, org: Option<OrganizationId>, tie: Tie) -> Person {
    let mut new = NewPerson::new(PersonName::new(name).expect("name"));
    new.organization_id = org;
    new.tie = tie;
    rapport_core::people::add(ctx, new, true).expect("add person")
}

/// closeness 2, monthly, 5 years, reciprocity 1: S = 0.45, a medium tie.
fn medium() -> Tie {
    Tie { closeness: 2, frequency: Frequency::Monthly, years_known: 5, reciprocity: 1, ..Tie::default() }
}

fn names<'a>(it: impl Iterator<Item = &'a rapport_domain::lamp::RankedEmployer>) -> Vec<String> {
    it.map(|e| e.name.clone()).collect()
}

/// AT-2 on a store: lexicographic order, the active five, Everest's research card; applying
/// the proposed changes writes them all at once, and applying again changes nothing.
#[test]
fn at2_the_plan_and_its_status_changes() {
    let (_dir, store) = store();
    let ctx = Ctx::at(&store, OWNER, now());
    for (name, m, p, a) in [
        ("Everest", 0, 3, true),
        ("Glacier", 2, 1, false),
        ("Borealis", 1, 3, true),
        ("Delta", 3, 2, false),
        ("Cascade", 2, 3, true),
        ("Aurora", 3, 1, false),
    ] {
        org(&ctx, name, Some(m), Some(p), Some(a));
    }
    let plan = targets::plan(&ctx).expect("plan");
    assert_eq!(names(plan.plan.ranked.iter()), ["Delta", "Aurora", "Cascade", "Glacier", "Borealis", "Everest"]);
    assert_eq!(names(plan.plan.active()), ["Delta", "Aurora", "Cascade", "Glacier", "Borealis"]);
    assert_eq!(plan.plan.research_cards.len(), 1);
    assert_eq!(plan.plan.research_cards[0].name, "Everest");
    assert_eq!(plan.changes.len(), 5, "five candidates to promote");
    assert!(plan.plan.list_nudge.is_some(), "six employers is under forty");
    assert!(plan.outreach_gate().is_err(), "six scored is under ten");

    let applied = targets::apply(&ctx).expect("apply");
    assert_eq!(applied.len(), 5);
    let active = store
        .read(|r| {
            r.organizations(
                OWNER,
                &OrganizationFilter { status: Some(OrganizationStatus::Active), ..Default::default() },
                Page::ALL,
            )
        })
        .expect("list");
    assert_eq!(active.len(), 5);
    assert!(targets::apply(&ctx).expect("apply again").is_empty());

    // Ruling one out frees its slot; nothing else waits, so no one is promoted.
    let delta = active.iter().find(|o| o.name == "Delta").expect("Delta").id;
    let patch = rapport_domain::organizations::OrganizationPatch {
        status: Some(OrganizationStatus::RuledOut),
        ..Default::default()
    };
    rapport_core::organizations::edit(&ctx, delta, &patch).expect("rule out");
    let after = targets::plan(&ctx).expect("plan");
    assert_eq!(names(after.plan.active()), ["Aurora", "Cascade", "Glacier", "Borealis"]);
    assert!(after.changes.is_empty(), "a closed employer keeps its status: {:?}", after.changes);
}

#[test]
fn scoring_follows_the_edition_and_the_one_bump_rule() {
    let (_dir, store) = store();
    let ctx = Ctx::at(&store, OWNER, now());
    let acme = org(&ctx, "Acme", None, None, None);
    let globex = org(&ctx, "Globex", Some(2), Some(2), None);

    let nothing = targets::score(&ctx, acme.id, Score::default()).expect_err("empty score");
    assert!(matches!(nothing, CoreError::Refused(_)), "{nothing}");
    let five = targets::score(&ctx, acme.id, Score { motivation: Some(5), ..Score::default() }).expect_err("5");
    assert!(five.to_string().contains("out of range"), "{five}");

    let scored =
        targets::score(&ctx, acme.id, Score { motivation: Some(4), posting: Some(3), advocacy: Some(Some(true)) })
            .expect("score");
    assert_eq!(scored.ranked.key.to_string(), "M4·P3·A1");
    assert_eq!(scored.ranked.rank, 1);
    assert_eq!(scored.ranked.standing, Standing::Active);
    assert_eq!(scored.pending.len(), 2, "both employers would become active");
    assert!(scored.gate.is_err());
    let second =
        targets::score(&ctx, globex.id, Score { motivation: Some(4), ..Score::default() }).expect_err("a second bump");
    assert!(second.to_string().contains("Acme already is"), "{second}");

    // Advocacy back to derived: no one known there, so N.
    let derived = targets::score(&ctx, acme.id, Score { advocacy: Some(None), ..Score::default() }).expect("auto");
    assert_eq!(derived.organization.lamp.advocacy, None);
    assert!(!derived.ranked.key.advocacy);
    // Someone with a medium tie at Acme makes it Y.
    person(&ctx, "Friend Atacme", Some(acme.id), medium());
    let plan = targets::plan(&ctx).expect("plan");
    assert!(plan.plan.get(acme.id).expect("Acme").key.advocacy);
}

/// A demo network: the routes read through the slim network read are exactly the routes of
/// the domain's index built over full reads of every record; the cache gives the same routes
/// and keeps its index until a write.
#[test]
fn routes_match_the_domain_index_over_full_reads_and_the_cache_follows_writes() {
    let (_dir, store) = store();
    let ctx = Ctx::at(&store, OWNER, now());
    demo::fill(&ctx, demo::DemoConfig { people: 400, seed: 3 }).expect("demo");
    let (people, relationships, introductions, organizations) = store
        .read(|r| {
            let mut people = r.people(OWNER, &PersonFilter::default(), Page::ALL)?.people;
            people.extend(r.people(OWNER, &PersonFilter { trashed: true, ..Default::default() }, Page::ALL)?.people);
            let relationships = r.relationships(OWNER)?;
            let introductions = r.introductions(OWNER)?;
            let orgs = r.organizations(OWNER, &OrganizationFilter::default(), Page::ALL)?;
            Ok::<_, rapport_store::StoreError>((people, relationships, introductions, orgs))
        })
        .expect("full reads");
    // The network reads list people in the order they were added and relationships by id;
    // the full lists are put in the same order, so both indexes number everything alike.
    let mut relationships = relationships;
    relationships.sort_by_key(|r| r.id);
    let mut people = people;
    let order: Vec<PersonId> = store.read(|r| r.network_people(OWNER)).expect("slim").iter().map(|p| p.id).collect();
    people.sort_by_key(|p| order.iter().position(|id| *id == p.id));
    let full = NetworkIndex::build(
        NetworkInput {
            people: &people,
            relationships: &relationships,
            introductions: &introductions,
            organizations: &organizations,
        },
        ctx.now,
    );
    let cache = RouteCache::new();
    let mut with_routes = 0;
    for o in &organizations {
        let fresh = routes::for_organization(&ctx, o.id, 15).expect("routes");
        let cached = routes::for_organization_cached(&ctx, &cache, o.id, 15).expect("cached routes");
        let expected = full.routes_to(o.id, 15);
        let got: Vec<_> = fresh.routes.iter().map(|r| r.route.clone()).collect();
        assert_eq!(got, expected, "{}", o.name);
        assert_eq!(cached, fresh);
        with_routes += usize::from(!got.is_empty());
        for r in &fresh.routes {
            assert_eq!(r.path.len(), r.route.path.len());
            assert!(r.path.iter().all(|p| !p.name.is_empty()));
        }
    }
    assert!(with_routes > organizations.len() / 2, "{with_routes} of {}", organizations.len());

    let first = cache.network(&ctx).expect("network");
    let again = cache.network(&ctx).expect("network");
    assert!(Arc::ptr_eq(&first, &again), "nothing changed, so the index is reused");
    org(&ctx, "New Employer", Some(1), Some(1), None);
    let rebuilt = cache.network(&ctx).expect("network");
    assert!(!Arc::ptr_eq(&first, &rebuilt), "a write makes the cache rebuild");
    let tomorrow = Ctx::at(&store, OWNER, now() + jiff::SignedDuration::from_hours(24));
    let next_day = cache.network(&tomorrow).expect("network");
    assert!(!Arc::ptr_eq(&rebuilt, &next_day), "a new day rebuilds too (ties turn dormant with time)");
}

/// AT-8 on a store: Taylor has no affinity and no mutual connections; Uma (S = 0.45) knows
/// Taylor. The draft says to ask Uma for a double opt-in introduction, and the target plan
/// says the same for Taylor's employer.
#[test]
fn at8_the_draft_routes_through_an_introduction() {
    let (_dir, store) = store();
    let ctx = Ctx::at(&store, OWNER, now());
    let acme = org(&ctx, "Acme", Some(3), Some(2), Some(false));
    let taylor = person(&ctx, "Taylor Target", Some(acme.id), Tie::default());
    let uma = person(&ctx, "Uma Usher", None, medium());
    let rel = NewRelationship::new(uma.id, taylor.id, RelationshipKind::Knows).expect("rel").into_relationship(
        RelationshipId::new(),
        OWNER,
        ctx.now,
    );
    store.write(|w| w.insert_relationship(&rel)).expect("link");

    let draft = outreach::draft(&ctx, taylor.id).expect("draft");
    let FirstApproach::AskForIntroduction { via } = &draft.approach else {
        panic!("expected an introduction, got {:?}", draft.approach);
    };
    assert_eq!(via.person_id, uma.id);
    assert!((via.strength.score() - 0.45).abs() < 1e-9);
    assert!(draft.approach.advice("Taylor").contains("ask Uma Usher (medium tie)"));
    assert!(draft.draft.needs_introduction);
    assert!(draft.gate.is_some(), "one scored employer: outreach is locked");
    assert_eq!(draft.standing, Some(Standing::Active));
    assert!(draft.mailto.starts_with("mailto:?subject="), "no address on record: {}", draft.mailto);

    let plan = targets::plan(&ctx).expect("plan");
    let first = plan.first_contacts.iter().find(|f| f.organization_id == acme.id).expect("Acme's first contact");
    assert_eq!(first.contact.person_id, taylor.id);
    assert!(matches!(&first.approach, FirstApproach::AskForIntroduction { via } if via.person_id == uma.id));

    // An .eml needs both addresses.
    let err = outreach::eml(&ctx, &draft).expect_err("no sender yet");
    assert!(err.to_string().contains("rapport init --email"), "{err}");
}

#[test]
fn mark_sent_waits_for_ten_scored_employers_then_records_the_outreach() {
    let (_dir, store) = store();
    let ctx = Ctx::at(&store, OWNER, now());
    let acme = org(&ctx, "Acme", Some(3), Some(2), None);
    let ana = person(&ctx, "Ana Silva", Some(acme.id), Tie::default());
    let sent_at = now() - jiff::SignedDuration::from_hours(2);

    let locked = outreach::mark_sent(&ctx, ana.id, Some("Hi Ana"), sent_at, OutreachChannel::Email)
        .expect_err("gate G2 is locked");
    assert!(matches!(locked, CoreError::Refused(_)));
    let message = locked.to_string();
    assert!(message.contains("score 9 more") && message.contains("rapport org score"), "{message}");
    let history = store.read(|r| r.interactions_for_person(OWNER, ana.id)).expect("history");
    assert!(history.is_empty(), "nothing recorded while locked");

    // Someone who works at no listed employer is not employer outreach: the gate stays out.
    let friend = person(&ctx, "Old Friend", None, medium());
    outreach::mark_sent(&ctx, friend.id, None, sent_at, OutreachChannel::LinkedInNote).expect("not gated");

    for i in 0..9 {
        org(&ctx, &format!("Employer {i}"), Some(1), Some(1), None);
    }
    let text =
        "Hi Ana,\n\nWe're both UBC alumni. Would you be open to a 20-minute call about your work?\n\nThanks,\nAlex";
    let sent = outreach::mark_sent(&ctx, ana.id, Some(text), sent_at, OutreachChannel::Email).expect("recorded");
    assert_eq!(sent.interaction.kind, InteractionKind::Outreach);
    assert_eq!(sent.interaction.at, sent_at);
    assert_eq!(sent.interaction.text.as_deref(), Some(text));
    assert!(sent.report.is_some_and(|r| r.severity(CheckId::E12).is_some()), "the text was linted");
    let history = store.read(|r| r.interactions_for_person(OWNER, ana.id)).expect("history");
    assert_eq!(history.len(), 1);

    let patch = rapport_domain::people::PersonPatch { do_not_contact: Some(true), ..Default::default() };
    rapport_core::people::edit(&ctx, ana.id, &patch).expect("dnc");
    let dnc = outreach::mark_sent(&ctx, ana.id, None, sent_at, OutreachChannel::Email).expect_err("dnc");
    assert!(dnc.to_string().contains("do-not-contact"), "{dnc}");
}

#[test]
fn lint_without_a_reader_leaves_the_record_checks_out() {
    let text = "Hi Jane, I'm a fellow UBC alum. May I ask you a few questions about your work at Microsoft?";
    let message = OutreachMessage::email(None, text);
    let linted = outreach::lint(&message, None, Edition::Second, LintKind::FirstMessage);
    assert_eq!(linted.unchecked, [CheckId::E3, CheckId::E11, CheckId::E12]);
    assert!(linted.report.severity(CheckId::E3).is_none());
    assert!(linted.report.findings.iter().all(|f| !linted.unchecked.contains(&f.check)));
    assert_eq!(linted.report.severity(CheckId::E4), Some(rapport_domain::outreach::Severity::Pass));

    let job = OutreachMessage::email(Some("Hiring?"), "Hi Sam, is your team hiring? I've attached my resume.");
    let linted = outreach::lint(&job, None, Edition::Second, LintKind::FirstMessage);
    assert!(!linted.ready());
    assert_eq!(linted.report.severity(CheckId::E2), Some(rapport_domain::outreach::Severity::Fail));

    let follow = OutreachMessage::email(Some("Re: a question"), "Hi Sam, just bumping this. Any chance?");
    let linted = outreach::lint(&follow, None, Edition::Second, LintKind::FollowUp);
    assert_eq!(linted.report.severity(CheckId::F3), Some(rapport_domain::outreach::Severity::Fail));
    assert_eq!(linted.unchecked, [CheckId::E12]);
}

#[test]
fn the_eml_has_both_addresses_and_the_draft() {
    let (_dir, store) = store();
    let ctx = Ctx::at(&store, OWNER, now());
    let mut profile = rapport_core::profile::get(&ctx).expect("profile");
    profile.name = Some("Alex Rivera".into());
    profile.email = Some("alex@example.com".into());
    rapport_core::profile::save(&ctx, profile).expect("save");
    let mut new = NewPerson::new(PersonName::new("Jane Doe").expect("name"));
    new.emails = vec![Email::parse("jane@example.org").expect("email")];
    new.targeting.affinities = vec![Affinity::parse("alum:UBC").expect("affinity")];
    let jane = rapport_core::people::add(&ctx, new, false).expect("add");
    let draft = outreach::draft(&ctx, jane.id).expect("draft");
    assert_eq!(draft.approach, FirstApproach::Email { warm: true });
    assert!(draft.mailto.starts_with("mailto:jane@example.org?subject="));
    let eml = outreach::eml(&ctx, &draft).expect("eml");
    assert!(eml.contains("To: \"Jane Doe\" <jane@example.org>"), "{eml}");
    assert!(eml.contains("From: \"Alex Rivera\" <alex@example.com>"), "{eml}");
    assert!(eml.contains("X-Unsent: 1"));
}

#[test]
fn stats_count_the_period_and_plan_the_next_goal() {
    let (_dir, store) = store();
    let ctx = Ctx::at(&store, OWNER, now());
    let people: Vec<Person> = (0..4).map(|i| person(&ctx, &format!("Person {i}"), None, Tie::default())).collect();
    let day = |d: i8| -> Timestamp {
        date(2026, 3, d).at(12, 0, 0, 0).to_zoned_datetime(jiff::tz::TimeZone::UTC).expect("time").timestamp()
    };
    for p in &people {
        interactions::log(&ctx, NewInteraction::new(p.id, InteractionKind::Outreach, day(2))).expect("outreach");
    }
    interactions::log(&ctx, NewInteraction::new(people[0].id, InteractionKind::Reply, day(4))).expect("reply");
    let s = stats::compute(&ctx, StatsRange { start: date(2026, 3, 1), end: date(2026, 3, 10) }, 5).expect("stats");
    assert_eq!((s.metrics.reply_rate.sent, s.metrics.reply_rate.replied), (4, 1));
    assert_eq!(s.reply_rate_all_time.sent, 4);
    assert_eq!(
        s.plan,
        rapport_domain::metrics::OutreachPlan::Emails { count: 17, basis: rapport_domain::metrics::RateBasis::Default },
        "fewer than 15 sent: the usual 30% plans 5 meetings at 17 emails"
    );
    assert!(s.charts.informationals.starts_with("<svg") && s.charts.reply_rate.starts_with("<svg"));
    let earlier =
        stats::compute(&ctx, StatsRange { start: date(2026, 2, 1), end: date(2026, 2, 28) }, 5).expect("stats");
    assert_eq!(earlier.metrics.reply_rate.sent, 0);
    let backwards = stats::compute(&ctx, StatsRange { start: date(2026, 3, 10), end: date(2026, 3, 1) }, 5);
    assert!(backwards.is_err());
}
