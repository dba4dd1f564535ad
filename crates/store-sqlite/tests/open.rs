//! Opening files that are not (or not yet, or no longer) rapport stores gives a clear error.

use rapport_store::StoreError;
use rapport_store_sqlite::{OpenMode, SqliteStore};

#[test]
fn a_missing_file_is_created_only_when_asked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("nested/folder/store.rapport");
    let missing = SqliteStore::open(&path, OpenMode::Existing);
    assert!(matches!(missing, Err(StoreError::NotFound { kind: "store", .. })), "{missing:?}");
    assert!(!path.exists(), "an open of a missing store must not create it");
    SqliteStore::open(&path, OpenMode::Create).expect("create");
    SqliteStore::open(&path, OpenMode::Existing).expect("open again");
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("notes.txt");
    let text = "These are my notes, not a database.\n".repeat(200);
    std::fs::write(&path, &text).expect("write");
    let err = SqliteStore::open(&path, OpenMode::Existing).expect_err("must refuse");
    assert!(matches!(err, StoreError::NotRapport { .. }), "{err:?}");
    assert!(err.to_string().contains("not a rapport database"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), text, "the file is untouched");
}

#[test]
fn another_programs_database_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("other.db");
    let conn = rusqlite::Connection::open(&path).expect("open");
    conn.execute_batch(
        "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);",
    )
    .expect("create");
    drop(conn);
    let err = SqliteStore::open(&path, OpenMode::Existing).expect_err("must refuse");
    assert!(matches!(err, StoreError::NotRapport { .. }), "{err:?}");
    let conn = rusqlite::Connection::open(&path).expect("open");
    let tables: i64 =
        conn.query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |r| r.get(0)).expect("q");
    assert_eq!(tables, 1, "no rapport table was added to someone else's database");
}

#[test]
fn a_store_from_a_newer_rapport_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("store.rapport");
    drop(SqliteStore::open(&path, OpenMode::Create).expect("create"));
    let conn = rusqlite::Connection::open(&path).expect("open");
    conn.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)", [])
        .expect("insert");
    drop(conn);
    let err = SqliteStore::open(&path, OpenMode::Existing).expect_err("must refuse");
    assert!(matches!(err, StoreError::TooNew { found: 999, .. }), "{err:?}");
}

#[test]
fn a_damaged_store_says_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("store.rapport");
    drop(SqliteStore::open(&path, OpenMode::Create).expect("create"));
    // Overwrite the middle of the file (the schema pages) with garbage, keeping the header.
    let mut bytes = std::fs::read(&path).expect("read");
    for b in bytes.iter_mut().skip(100).take(8000) {
        *b = 0xA5;
    }
    std::fs::write(&path, &bytes).expect("write");
    let _ = std::fs::remove_file(path.with_extension("rapport-wal"));
    let err = SqliteStore::open(&path, OpenMode::Existing).expect_err("must refuse");
    assert!(matches!(err, StoreError::Corrupt { .. } | StoreError::NotRapport { .. }), "{err:?}");
}

#[cfg(unix)]
#[test]
fn a_read_only_folder_gives_a_clear_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).expect("mkdir");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    // Root ignores folder permissions; the check only means something for other users.
    let probe = locked.join("probe");
    if std::fs::write(&probe, b"x").is_ok() {
        let _ = std::fs::remove_file(&probe);
        eprintln!("running as root: folder permissions are not enforced, checking a path under a file instead");
        let file = dir.path().join("a-file");
        std::fs::write(&file, b"x").expect("write");
        let err = SqliteStore::open(&file.join("store.rapport"), OpenMode::Create).expect_err("must refuse");
        assert!(matches!(err, StoreError::ReadOnly { .. }), "{err:?}");
        assert!(err.to_string().contains("cannot write to"), "{err}");
        return;
    }
    let err = SqliteStore::open(&locked.join("store.rapport"), OpenMode::Create).expect_err("must refuse");
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err:?}");
}
