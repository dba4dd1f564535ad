//! Warm-intro route benchmark, at the scale issue 4 names: 30,000 people and 100,000 links
//! (the demo's colleague links, plus friendships, acquaintances and introductions up to
//! 100,000), in a SQLite store. Target: the routes for one organization in ≤ 50 ms.
//!
//! `cargo bench -p rapport-core --bench routes` prints, per scenario, the number of samples
//! and their median, 99th percentile and worst time, over many organizations:
//!
//! - with a [`RouteCache`] (what a long-lived process such as the web server does): a change
//!   token read, then the walk around one organization on the kept index;
//! - the same, but with the cache rebuilt after every write (each query pays a full build);
//! - without a cache (what one `rapport route` command does): read the network, build the
//!   index, walk; and the parts of that cost on their own.

use std::time::{Duration, Instant};

use jiff::Timestamp;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rapport_core::Ctx;
use rapport_core::demo::{self, DemoConfig};
use rapport_core::routes::{self, RouteCache};
use rapport_domain::ids::{AccountId, IntroductionId, RelationshipId};
use rapport_domain::introductions::{IntroState, Introduction};
use rapport_domain::relationships::{Relationship, RelationshipKind};
use rapport_store::{Reader, Store, Writer};
use rapport_store_sqlite::{OpenMode, SqliteStore};

const PEOPLE: u32 = 30_000;
const LINKS: usize = 100_000;
const LIMIT: usize = 10;

fn main() {
    // `cargo test --benches` runs this binary with `--bench` absent; keep that fast.
    if !std::env::args().any(|a| a == "--bench") {
        println!("route benchmarks: run with `cargo bench -p rapport-core --bench routes`");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let now: Timestamp = "2026-11-25T12:00:00Z".parse().expect("time");
    let mut data = demo::generate(AccountId::LOCAL, now, DemoConfig { people: PEOPLE, seed: 1 });
    let demo_links = data.relationships.len() + data.introductions.len();
    add_links(&mut data, now);
    let links = data.relationships.len() + data.introductions.len();
    assert_eq!(links, LINKS.max(demo_links));

    let store = SqliteStore::open(&dir.path().join("routes.sqlite3"), OpenMode::Create).expect("open");
    let ctx = Ctx::at(&store, AccountId::LOCAL, now);
    demo::write(&ctx, &data).expect("write");
    println!(
        "network: {} people, {} organizations, {} relationships and {} introductions ({} links; the demo made {})",
        data.people.len(),
        data.organizations.len(),
        data.relationships.len(),
        data.introductions.len(),
        links,
        demo_links
    );
    let orgs: Vec<_> = data.organizations.iter().map(|o| o.id).collect();

    // 1. With the cache, over every organization, three rounds.
    let cache = RouteCache::new();
    cache.network(&ctx).expect("warm up");
    let mut samples = Vec::new();
    let mut found = 0usize;
    for _ in 0..3 {
        for &org in &orgs {
            let started = Instant::now();
            let result = routes::for_organization_cached(&ctx, &cache, org, LIMIT).expect("routes");
            samples.push(started.elapsed());
            found += result.routes.len();
        }
    }
    report(&format!("routes for one organization, cached index (limit {LIMIT})"), &mut samples);
    println!("  ({:.1} routes per organization on average)", found as f64 / samples.len() as f64);

    // 2. The walk alone, on a built index, no store.
    let network = cache.network(&ctx).expect("network");
    let mut samples = Vec::new();
    for _ in 0..3 {
        for &org in &orgs {
            let started = Instant::now();
            std::hint::black_box(network.routes(org, LIMIT));
            samples.push(started.elapsed());
        }
    }
    report("  of which the walk on the index (no store)", &mut samples);

    // 3. Without a cache: what one `rapport route ORG` pays (read, build, walk).
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let mut samples = Vec::new();
    for _ in 0..30 {
        let org = orgs[rng.random_range(0..orgs.len())];
        let started = Instant::now();
        std::hint::black_box(routes::for_organization(&ctx, org, LIMIT).expect("routes"));
        samples.push(started.elapsed());
    }
    report("routes for one organization, no cache (read + build + walk)", &mut samples);

    let mut read = Vec::new();
    let mut build = Vec::new();
    for _ in 0..10 {
        let started = Instant::now();
        let (people, relationships, introductions, organizations) = store
            .read(|r| {
                let owner = AccountId::LOCAL;
                Ok::<_, rapport_store::StoreError>((
                    r.network_people(owner)?,
                    r.network_relationships(owner)?,
                    r.introductions(owner)?,
                    r.organizations(owner, &Default::default(), rapport_store::Page::ALL)?,
                ))
            })
            .expect("read");
        read.push(started.elapsed());
        let started = Instant::now();
        std::hint::black_box(rapport_domain::routes::NetworkIndex::build(
            rapport_domain::routes::NetworkInput {
                people: &people,
                relationships: &relationships,
                introductions: &introductions,
                organizations: &organizations,
            },
            now,
        ));
        build.push(started.elapsed());
    }
    report("  of which reading the network", &mut read);
    let owner = AccountId::LOCAL;
    let part = |name: &str, f: &dyn Fn(&rapport_store_sqlite::Conn<'_>) -> usize| {
        let mut samples = Vec::new();
        for _ in 0..5 {
            let started = Instant::now();
            std::hint::black_box(store.read(|r| Ok::<_, rapport_store::StoreError>(f(r))).expect("read"));
            samples.push(started.elapsed());
        }
        report(name, &mut samples);
    };
    part("    people (slim, with employments)", &|r| r.network_people(owner).map(|v| v.len()).unwrap_or(0));
    part("    relationships (network read: no notes, key order)", &|r| {
        r.network_relationships(owner).map(|v| v.len()).unwrap_or(0)
    });
    part("    (for comparison: every relationship in full, sorted)", &|r| {
        r.relationships(owner).map(|v| v.len()).unwrap_or(0)
    });
    part("    introductions", &|r| r.introductions(owner).map(|v| v.len()).unwrap_or(0));
    part("    organizations", &|r| {
        r.organizations(owner, &Default::default(), rapport_store::Page::ALL).map(|v| v.len()).unwrap_or(0)
    });
    report("  of which building the index", &mut build);
    let mut full = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        std::hint::black_box(
            store
                .read(|r| {
                    r.people(AccountId::LOCAL, &Default::default(), rapport_store::Page::ALL).map(|p| p.people.len())
                })
                .expect("read"),
        );
        full.push(started.elapsed());
    }
    report("  (for comparison: reading every person in full)", &mut full);

    // 4. A write between queries: each query finds the token changed and rebuilds.
    let mut samples = Vec::new();
    for i in 0..10 {
        let org = orgs[i % orgs.len()];
        store.write(|w| w.put_profile(&w.profile(AccountId::LOCAL)?.expect("profile"))).expect("write");
        let started = Instant::now();
        std::hint::black_box(routes::for_organization_cached(&ctx, &cache, org, LIMIT).expect("routes"));
        samples.push(started.elapsed());
    }
    report("routes right after a write (cache rebuilds)", &mut samples);
}

/// Friendships, acquaintances, classmates and introductions between random people, up to
/// [`LINKS`] links in all.
fn add_links(data: &mut demo::DemoData, now: Timestamp) {
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    let n = data.people.len();
    let kinds =
        [RelationshipKind::Friend, RelationshipKind::Knows, RelationshipKind::Classmate, RelationshipKind::Family];
    while data.relationships.len() + data.introductions.len() < LINKS {
        let (a, b) = (rng.random_range(0..n), rng.random_range(0..n));
        if a == b {
            continue;
        }
        let id = uuid::Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0000 + rng.random::<u64>() as u128);
        if rng.random_bool(0.1) {
            data.introductions.push(Introduction {
                id: IntroductionId::from_uuid(id),
                owner: AccountId::LOCAL,
                created_at: now,
                updated_at: now,
                introducer_id: data.people[a].id,
                introduced_id: data.people[b].id,
                meeting_id: None,
                state: IntroState::Received,
                state_changed_at: now,
                note: None,
            });
        } else {
            data.relationships.push(Relationship {
                id: RelationshipId::from_uuid(id),
                owner: AccountId::LOCAL,
                created_at: now,
                a: data.people[a].id,
                b: data.people[b].id,
                kind: kinds[rng.random_range(0..kinds.len())],
                organization_id: None,
                from_year: None,
                to_year: None,
                note: None,
            });
        }
    }
}

fn report(name: &str, samples: &mut [Duration]) {
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "{name:<62} n={:<5} p50 {:>8.3} ms  p99 {:>8.3} ms  max {:>8.3} ms",
        samples.len(),
        at(0.5).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        at(1.0).as_secs_f64() * 1e3
    );
}
