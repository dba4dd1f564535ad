//! The write-ahead log is copied into the file beside the writer (not inside its commit),
//! and a closed store leaves no log behind.

use std::time::{Duration, Instant};

use jiff::Timestamp;
use rapport_domain::ids::{AccountId, PersonId};
use rapport_domain::people::{NewPerson, Person, PersonName};
use rapport_store::{Reader, Store, Writer};
use rapport_store_sqlite::{OpenMode, SqliteStore};

fn people(count: usize) -> Vec<Person> {
    let now: Timestamp = "2026-11-25T12:00:00Z".parse().expect("time");
    (0..count)
        .map(|i| {
            let mut new = NewPerson::new(PersonName::new(&format!("Person Number{i}")).expect("name"));
            // Enough text that the batch spans well over the 1,000 log pages that ask for a
            // checkpoint.
            new.location = Some(format!("{i} {}", "Somewhere along a long road ".repeat(40)));
            new.into_person(PersonId::new(), AccountId::LOCAL, now)
        })
        .collect()
}

fn file_len(path: &std::path::Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

#[test]
fn a_big_write_reaches_the_file_while_the_store_stays_open_and_no_log_outlives_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("store.rapport");
    let wal = dir.path().join("store.rapport-wal");
    let store = SqliteStore::open(&path, OpenMode::Create).expect("create");
    let batch = people(3_000);
    let before = file_len(&path);
    store.write(|w| w.insert_people(&batch)).expect("write");
    assert!(file_len(&wal) > 4_000_000, "the commit went to the log: {} bytes", file_len(&wal));

    // Nothing else writes or closes: only the checkpoint thread can move the pages.
    let deadline = Instant::now() + Duration::from_secs(30);
    while file_len(&path) < before + 4_000_000 {
        assert!(Instant::now() < deadline, "the log was not copied into the file within 30 s");
        std::thread::sleep(Duration::from_millis(20));
    }
    let count = store.read(|r| r.counts(AccountId::LOCAL)).expect("counts").people;
    assert_eq!(count, 3_000, "everything reads back after the checkpoint");

    drop(store);
    assert!(!wal.exists(), "the last connection to close removes the log");
    let again = SqliteStore::open(&path, OpenMode::Existing).expect("open again");
    assert_eq!(again.read(|r| r.counts(AccountId::LOCAL)).expect("counts").people, 3_000);
}
