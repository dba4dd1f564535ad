//! Store benchmarks, at the scale the issues name: 30,000 people, 100,000 notes.
//!
//! `cargo bench -p rapport-core --bench store` prints, for each scenario, the number of
//! samples and their median, 99th percentile and worst time. A plain harness rather than a
//! statistics crate, because the targets are percentiles (p99) of many different queries,
//! not the mean of one repeated call. Figures go into BENCHMARKS.md.

use std::time::{Duration, Instant};

use jiff::Timestamp;
use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rapport_core::Ctx;
use rapport_core::demo::{self, DemoConfig};
use rapport_core::trash;
use rapport_domain::ids::{AccountId, NoteId};
use rapport_domain::notes::{Note, NoteSubject};
use rapport_store::{Page, PersonFilter, Reader, SearchQuery, Store, Trashable, Writer};
use rapport_store_sqlite::{OpenMode, SqliteStore};

const PEOPLE: u32 = 30_000;
const NOTES: usize = 100_000;

fn main() {
    // `cargo test --benches` runs this binary with `--bench` absent; keep that fast.
    if !std::env::args().any(|a| a == "--bench") {
        println!("store benchmarks: run with `cargo bench -p rapport-core --bench store`");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let now: Timestamp = "2026-11-25T12:00:00Z".parse().expect("time");

    // 1. Insert 30,000 people in one transaction (the demo generator's people only).
    let data = demo::generate(AccountId::LOCAL, now, DemoConfig { people: PEOPLE, seed: 1 });
    let path = dir.path().join("insert.sqlite3");
    let store = SqliteStore::open(&path, OpenMode::Create).expect("open");
    let started = Instant::now();
    store
        .write(|w| {
            for org in &data.organizations {
                w.insert_organization(org)?;
            }
            for person in &data.people {
                w.insert_person(person)?;
            }
            Ok::<_, rapport_store::StoreError>(())
        })
        .expect("insert");
    report_once("insert 30,000 people (one transaction, with search index)", started.elapsed());
    drop(store);

    // 2. The whole demo: 30,000 people and their history, generated and written; first as
    // the command does it (open a new file, fill it, close it: the close copies whatever
    // the write left in the log into the file), then into the store the searches use.
    let started = Instant::now();
    {
        let store = SqliteStore::open(&dir.path().join("command.sqlite3"), OpenMode::Create).expect("open");
        demo::fill(&Ctx::at(&store, AccountId::LOCAL, now), DemoConfig { people: PEOPLE, seed: 1 }).expect("demo");
    }
    report_once("rapport demo --people 30000 as the command: open, fill, close", started.elapsed());
    let path = dir.path().join("demo.sqlite3");
    let store = SqliteStore::open(&path, OpenMode::Create).expect("open");
    let ctx = Ctx::at(&store, AccountId::LOCAL, now);
    let started = Instant::now();
    let summary = demo::fill(&ctx, DemoConfig { people: PEOPLE, seed: 1 }).expect("demo");
    report_once(
        &format!(
            "rapport demo --people 30000 ({} interactions, {} meetings, {} links)",
            summary.interactions, summary.meetings, summary.relationships
        ),
        started.elapsed(),
    );

    // 3. Add notes up to 100,000, with varied text, for the search benchmark.
    let notes = extra_notes(&data, NOTES.saturating_sub(summary.notes as usize), now);
    store
        .write(|w| {
            for note in &notes {
                w.insert_note(note)?;
            }
            Ok::<_, rapport_store::StoreError>(())
        })
        .expect("notes");
    let counts = store.read(|r| r.counts(AccountId::LOCAL)).expect("counts");
    println!("store: {} people, {} notes, {} interactions", counts.people, counts.notes, counts.interactions);

    // 4. Full-text search: names, employers, words from notes, prefixes as typed.
    let queries = search_queries(&data);
    let mut samples = Vec::new();
    for _round in 0..3 {
        for query in &queries {
            let q = SearchQuery::new(query.as_str());
            let started = Instant::now();
            let hits = store.read(|r| r.search(AccountId::LOCAL, &q)).expect("search");
            samples.push(started.elapsed());
            std::hint::black_box(hits);
        }
    }
    report("full-text search (30k people, 100k notes), mixed queries", &mut samples);

    // 5. Open the store and list the first page of 50 people, as a fresh process would.
    let mut samples = Vec::new();
    for _ in 0..200 {
        let started = Instant::now();
        let store = SqliteStore::open(&path, OpenMode::Existing).expect("open");
        let page = store.read(|r| r.people(AccountId::LOCAL, &PersonFilter::default(), Page::first(50))).expect("list");
        samples.push(started.elapsed());
        assert_eq!(page.people.len(), 50);
    }
    report("open + list a page of 50 people", &mut samples);

    // 6. Paging deep into the list and filtering by text, on an open store.
    let mut samples = Vec::new();
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    for _ in 0..500 {
        let filter =
            PersonFilter { text: Some(queries.choose(&mut rng).cloned().unwrap_or_default()), ..Default::default() };
        let page = Page { offset: rng.random_range(0..5) * 50, limit: 50 };
        let started = Instant::now();
        let result = store.read(|r| r.people(AccountId::LOCAL, &filter, page)).expect("list");
        samples.push(started.elapsed());
        std::hint::black_box(result);
    }
    report("list people filtered by a search, page of 50", &mut samples);

    // 7. Emptying the trash, last because it deletes: each round trashes 10 meetings, 2
    // organizations and 2 people (with what hangs off them), then empties it as the command
    // does. Deleting a record runs SQLite's checks of every reference to it.
    let mut samples = Vec::new();
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let mut meetings: Vec<_> = data.meetings.iter().map(|m| m.id).collect();
    let mut organizations: Vec<_> = data.organizations.iter().map(|o| o.id).collect();
    // People without meetings, so that no meeting left to pick goes with them.
    let met: std::collections::HashSet<_> = data.meetings.iter().map(|m| m.person_id).collect();
    let mut people: Vec<_> = data.people.iter().map(|p| p.id).filter(|id| !met.contains(id)).collect();
    for _ in 0..20 {
        store
            .write(|w| {
                for _ in 0..10 {
                    let id = meetings.swap_remove(rng.random_range(0..meetings.len()));
                    w.set_trashed(AccountId::LOCAL, Trashable::Meeting(id), Some(now))?;
                }
                for _ in 0..2 {
                    let id = organizations.swap_remove(rng.random_range(0..organizations.len()));
                    w.set_trashed(AccountId::LOCAL, Trashable::Organization(id), Some(now))?;
                    let id = people.swap_remove(rng.random_range(0..people.len()));
                    w.set_trashed(AccountId::LOCAL, Trashable::Person(id), Some(now))?;
                }
                Ok::<_, rapport_store::StoreError>(())
            })
            .expect("trash");
        let started = Instant::now();
        let gone = trash::empty(&ctx).expect("empty the trash");
        samples.push(started.elapsed());
        assert!(gone >= 14, "{gone} records deleted");
    }
    report("empty the trash: 10 meetings, 2 organizations, 2 people", &mut samples);
}

fn extra_notes(data: &demo::DemoData, count: usize, now: Timestamp) -> Vec<Note> {
    const WORDS: &[&str] = &[
        "forecasting",
        "pricing",
        "warehouse",
        "hiring",
        "roadmap",
        "budget",
        "quarterly",
        "planning",
        "mentor",
        "conference",
        "python",
        "dashboard",
        "retention",
        "churn",
        "supply",
        "chain",
        "interview",
        "referral",
        "coffee",
        "introduction",
        "team",
        "manager",
        "startup",
        "expansion",
        "europe",
        "analytics",
        "remote",
        "promotion",
        "article",
        "podcast",
        "kubernetes",
        "experiment",
        "pipeline",
        "inventory",
        "logistics",
    ];
    let mut rng = ChaCha8Rng::seed_from_u64(2);
    (0..count)
        .map(|idx| {
            let person = data.people.choose(&mut rng).expect("people");
            let words: Vec<&str> = (0..rng.random_range(6..24)).map(|_| *WORDS.choose(&mut rng).expect("w")).collect();
            Note {
                id: NoteId::from_uuid(uuid::Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0000 + idx as u128)),
                owner: AccountId::LOCAL,
                created_at: now,
                updated_at: now,
                subject: NoteSubject::Person(person.id),
                body: words.join(" "),
            }
        })
        .collect()
}

fn search_queries(data: &demo::DemoData) -> Vec<String> {
    let mut rng = ChaCha8Rng::seed_from_u64(4);
    let mut queries = Vec::new();
    for _ in 0..150 {
        let person = data.people.choose(&mut rng).expect("people");
        queries.push(person.name.full.clone());
        if let Some(given) = &person.name.given {
            let prefix: String = given.chars().take(3).collect();
            queries.push(prefix);
        }
        if let Some(family) = &person.name.family {
            queries.push(family.clone());
        }
    }
    for org in data.organizations.iter().take(100) {
        queries.push(org.name.split(' ').next().unwrap_or_default().to_string());
    }
    for word in ["forecast", "pricing warehouse", "hiring manager", "kubern", "coffee", "data sc", "mü", "ch"] {
        queries.push(word.to_string());
    }
    queries
}

fn report_once(name: &str, elapsed: Duration) {
    println!("{name:<62} {:>10.1} ms", elapsed.as_secs_f64() * 1e3);
}

fn report(name: &str, samples: &mut [Duration]) {
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "{name:<62} n={:<5} p50 {:>7.3} ms  p99 {:>7.3} ms  max {:>7.3} ms",
        samples.len(),
        at(0.5).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        at(1.0).as_secs_f64() * 1e3
    );
}
