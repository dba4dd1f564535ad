//! The write-ahead log is copied into the file beside the writer (not inside its commit),
//! and a closed store leaves no log behind.

mod common;

use std::time::{Duration, Instant};

use common::{file_len, people};
use rapport_domain::ids::AccountId;
use rapport_store::{Reader, Store, Writer};
use rapport_store_sqlite::{OpenMode, SqliteStore};

#[test]
fn a_big_write_reaches_the_file_while_the_store_stays_open_and_no_log_outlives_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("store.rapport");
    let wal = dir.path().join("store.rapport-wal");
    let store = SqliteStore::open(&path, OpenMode::Create).expect("create");
    let batch = people(3_000, "Person");
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
