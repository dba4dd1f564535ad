//! A bulk write goes straight into the file when the store is alone on it, and through the
//! log beside other connections; either way the store is back in WAL mode, with its
//! checkpoint thread, afterwards.

mod common;

use std::time::{Duration, Instant};

use common::{file_len, people};
use rapport_domain::ids::AccountId;
use rapport_store::{Reader, Store, StoreError, Writer};
use rapport_store_sqlite::{OpenMode, SqliteStore};

fn journal_mode(path: &std::path::Path) -> String {
    let conn = rusqlite::Connection::open(path).expect("open");
    conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).expect("mode")
}

fn live(store: &SqliteStore) -> u64 {
    store.read(|r| r.counts(AccountId::LOCAL)).expect("counts").people
}

#[test]
fn alone_on_the_file_a_bulk_write_skips_the_log_and_the_store_returns_to_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("store.rapport");
    let wal = dir.path().join("store.rapport-wal");
    let store = SqliteStore::open(&path, OpenMode::Create).expect("create");
    assert_eq!(live(&store), 0, "a reader was used, and is idle in the pool");
    let before = file_len(&path);

    store.write_bulk(|w| w.insert_people(&people(3_000, "Bulk"))).expect("bulk write");
    assert!(file_len(&path) > before + 4_000_000, "the pages went straight into the file");
    assert!(file_len(&wal) < 1_000_000, "not through the log: {} bytes", file_len(&wal));
    assert_eq!(live(&store), 3_000);

    // Back in WAL mode, with the checkpoint thread: an ordinary big write goes to the log
    // and reaches the file while the store stays open.
    let after_bulk = file_len(&path);
    store.write(|w| w.insert_people(&people(3_000, "Later"))).expect("write");
    assert!(file_len(&wal) > 4_000_000, "the next write went to the log: {} bytes", file_len(&wal));
    let deadline = Instant::now() + Duration::from_secs(30);
    while file_len(&path) < after_bulk + 4_000_000 {
        assert!(Instant::now() < deadline, "the checkpoint thread did not come back");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(live(&store), 6_000);
    drop(store);
    assert_eq!(journal_mode(&path), "wal", "the file is left in WAL mode");
}

#[test]
fn a_failed_bulk_write_leaves_nothing_and_the_store_works_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("store.rapport");
    let store = SqliteStore::open(&path, OpenMode::Create).expect("create");
    let failed: Result<(), StoreError> = store.write_bulk(|w| {
        w.insert_people(&people(2_000, "Lost"))?;
        Err(StoreError::Conflict("stop here".into()))
    });
    assert!(failed.is_err());
    assert_eq!(live(&store), 0, "nothing of the failed write is left");
    store.write(|w| w.insert_people(&people(10, "Kept"))).expect("write after");
    assert_eq!(live(&store), 10);
    drop(store);
    assert_eq!(journal_mode(&path), "wal");
}

/// Many people go in many to a statement; one that fails stops its statement after some of
/// its rows went in. A write that carries on past that error (here, one that swallows it)
/// must not commit those rows: it fails, and leaves nothing.
#[test]
fn a_write_that_swallows_a_failed_batch_insert_is_not_committed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("store.rapport");
    let store = SqliteStore::open(&path, OpenMode::Create).expect("create");
    let mut batch = people(100, "Batch");
    // The 71st repeats the 11th: same id, in the third statement of 32 rows.
    batch[70] = batch[10].clone();
    let swallowed: Result<(), StoreError> = store.write(|w| {
        let failed = w.insert_people(&batch);
        assert!(failed.is_err(), "the repeated id fails the insert");
        Ok(())
    });
    let err = swallowed.expect_err("a write past a failed batch insert is refused");
    assert!(err.to_string().contains("nothing was written"), "{err}");
    let rows = || -> i64 {
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.query_row("SELECT count(*) FROM people", [], |r| r.get(0)).expect("count")
    };
    assert_eq!(rows(), 0, "none of the rows before the failing one were kept");
    store.write(|w| w.insert_people(&batch[..50])).expect("a later write works");
    assert_eq!((rows(), live(&store)), (50, 50));
}

#[test]
fn beside_another_connection_a_bulk_write_goes_through_the_log() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("store.rapport");
    let wal = dir.path().join("store.rapport-wal");
    let store = SqliteStore::open(&path, OpenMode::Create).expect("create");
    // Another process's connection, in the middle of nothing: it only has the file open.
    let other = rusqlite::Connection::open(&path).expect("other");
    other.query_row("SELECT count(*) FROM people", [], |r| r.get::<_, i64>(0)).expect("read");

    store.write_bulk(|w| w.insert_people(&people(3_000, "Shared"))).expect("bulk write");
    assert!(file_len(&wal) > 4_000_000, "an ordinary write, through the log: {} bytes", file_len(&wal));
    let seen: i64 = other.query_row("SELECT count(*) FROM people", [], |r| r.get(0)).expect("read");
    assert_eq!(seen, 3_000, "and the other connection sees it");
    drop(other);
    drop(store);
    assert_eq!(journal_mode(&path), "wal");
}
