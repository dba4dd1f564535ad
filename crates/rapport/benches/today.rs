//! `rapport today` as a whole process, at the scale issue 3 names: 30,000 people and 100,000
//! interactions (the demo network plus extra interactions), every reminder materialized.
//!
//! `cargo bench -p rapport --bench today` builds the store once, then spawns the real binary
//! many times and prints the median, 99th percentile and worst wall time from spawn to exit,
//! for the human view and for `--json`. A plain harness, because the target (≤ 20 ms) is on
//! the whole process, start-up and store opening included, not on a function inside it.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use jiff::{SignedDuration, Timestamp};
use rapport_core::Ctx;
use rapport_core::demo::{self, DemoConfig};
use rapport_domain::ids::{AccountId, InteractionId};
use rapport_domain::interactions::{Channel, Direction, Interaction, InteractionKind, TimeSource};
use rapport_store::{DueQuery, Reader, Store};
use rapport_store_sqlite::{OpenMode, SqliteStore};

const PEOPLE: u32 = 30_000;
const INTERACTIONS: usize = 100_000;
const RUNS: usize = 300;

fn main() {
    // `cargo test --benches` runs this binary without `--bench`; keep that fast.
    if !std::env::args().any(|a| a == "--bench") {
        println!("today benchmark: run with `cargo bench -p rapport --bench today`");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("today.sqlite3");
    let now: Timestamp = "2026-11-25T15:00:00Z".parse().expect("time");

    let started = Instant::now();
    let mut data = demo::generate(AccountId::LOCAL, now, DemoConfig { people: PEOPLE, seed: 1 });
    add_interactions(&mut data, now);
    let store = SqliteStore::open(&db, OpenMode::Create).expect("open");
    demo::write(&Ctx::at(&store, AccountId::LOCAL, now), &data).expect("write");
    let counts = store.read(|r| r.counts(AccountId::LOCAL)).expect("counts");
    let late = store.read(|r| r.due_reminders(AccountId::LOCAL, &DueQuery::late(now, 1))).expect("late");
    let open = store
        .read(|r| r.due_reminders(AccountId::LOCAL, &DueQuery::opening(now, None, Timestamp::MAX, 1)))
        .expect("open");
    println!(
        "store: {} people, {} interactions, {} meetings; reminders {}{} late and {} not yet late; built in {:.1} s",
        counts.people,
        counts.interactions,
        counts.meetings,
        late.total,
        if late.capped { "+" } else { "" },
        open.total,
        started.elapsed().as_secs_f64()
    );
    drop(store);

    let config = dir.path().join("config.toml");
    let at = now.to_string();
    let run = |args: &[&str]| -> Duration {
        let started = Instant::now();
        let status = Command::new(env!("CARGO_BIN_EXE_rapport"))
            .args(args)
            .env("RAPPORT_DB", &db)
            .env("RAPPORT_CONFIG", &config)
            .env("RAPPORT_NOW", &at)
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("spawn rapport");
        let elapsed = started.elapsed();
        assert!(status.success(), "rapport {args:?} failed");
        elapsed
    };
    for (label, args) in [("rapport today", &["today"][..]), ("rapport today --json", &["today", "--json"][..])] {
        // A few runs first, so the file is in the page cache like on a machine in use.
        for _ in 0..5 {
            run(args);
        }
        let samples: Vec<Duration> = (0..RUNS).map(|_| run(args)).collect();
        report(label, samples);
    }
}

/// Brings the demo's interactions up to [`INTERACTIONS`] with notes of small outbound touches
/// (a like, a comment) spread over the people and the last two years; none of them moves a
/// deadline, so the reminders stay those of the demo's histories.
fn add_interactions(data: &mut demo::DemoData, now: Timestamp) {
    let missing = INTERACTIONS.saturating_sub(data.interactions.len());
    let people: Vec<_> = data.people.iter().map(|p| p.id).collect();
    for n in 0..missing {
        let person = people[(n * 7919) % people.len()];
        let at = now - SignedDuration::from_mins(((n * 104_729) % (730 * 24 * 60)) as i64 + 60);
        data.interactions.push(Interaction {
            id: InteractionId::new(),
            owner: AccountId::LOCAL,
            created_at: at,
            updated_at: at,
            person_id: person,
            kind: InteractionKind::Other,
            channel: Channel::LinkedIn,
            direction: Direction::Outbound,
            at,
            at_source: TimeSource::Attested,
            text: Some("Commented on their post".into()),
            outcome: None,
            meeting_id: None,
            opening_id: None,
        });
    }
    data.interactions.sort_by_key(|i| i.id);
}

fn report(label: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let pick = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    println!(
        "{label:<24} {} runs: p50 {:.1} ms, p99 {:.1} ms, worst {:.1} ms (target ≤ 20 ms)",
        samples.len(),
        pick(0.5).as_secs_f64() * 1e3,
        pick(0.99).as_secs_f64() * 1e3,
        samples[samples.len() - 1].as_secs_f64() * 1e3
    );
}
