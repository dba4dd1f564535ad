//! The deferred full-text index stays exactly in step with its documents, whatever a
//! transaction does to them (insert then edit, edit twice, insert then delete, trash, purge).
//! FTS5's own `integrity-check` compares the index against the content table.

use jiff::Timestamp;
use rapport_domain::ids::{AccountId, NoteId, PersonId};
use rapport_domain::notes::{NewNote, NoteSubject};
use rapport_domain::people::{NewPerson, PersonName};
use rapport_store::{Reader, SearchQuery, Store, StoreError, Trashable, Writer};
use rapport_store_sqlite::{OpenMode, SqliteStore};

const OWNER: AccountId = AccountId::LOCAL;

fn check_index(path: &std::path::Path) {
    let conn = rusqlite::Connection::open(path).expect("open");
    for table in ["search_fts", "people_fts"] {
        conn.execute(&format!("INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 1)"), [])
            .unwrap_or_else(|e| panic!("{table} is out of step with search_docs: {e}"));
    }
}

#[test]
fn the_index_matches_its_documents_after_every_kind_of_change() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("s.sqlite3");
    let store = SqliteStore::open(&path, OpenMode::Create).expect("open");
    let t = Timestamp::from_second(1_700_000_000).expect("t");
    let person = |name: &str| NewPerson::new(PersonName::new(name).expect("n")).into_person(PersonId::new(), OWNER, t);

    // Insert then rename in one transaction; insert then delete in one transaction.
    let mut ana = person("Ana Silva");
    let temp = person("Temporary Tom");
    store
        .write(|w| {
            w.insert_person(&ana)?;
            ana.name = PersonName::new("Ana Souza").expect("n");
            w.update_person(&ana)?;
            w.insert_person(&temp)?;
            w.set_trashed(OWNER, Trashable::Person(temp.id), Some(t))?;
            w.empty_trash(OWNER)?;
            Ok::<_, StoreError>(())
        })
        .expect("write");
    check_index(&path);

    // Rename twice in one transaction, then once more in another.
    store
        .write(|w| {
            ana.name = PersonName::new("Ana Santos").expect("n");
            w.update_person(&ana)?;
            ana.name = PersonName::new("Ana Sousa").expect("n");
            w.update_person(&ana)
        })
        .expect("write");
    ana.name = PersonName::new("Ana Lima").expect("n");
    store.write(|w| w.update_person(&ana)).expect("write");
    check_index(&path);

    // Notes added, edited and deleted; a person trashed, restored, trashed and purged.
    let note = NewNote::new(NoteSubject::Person(ana.id), "hydroponics and forecasting").expect("n").into_note(
        NoteId::new(),
        OWNER,
        t,
    );
    store.write(|w| w.insert_note(&note)).expect("write");
    let mut edited = note.clone();
    edited.body = "aquaponics".into();
    store.write(|w| w.update_note(&edited)).expect("write");
    store.write(|w| w.set_trashed(OWNER, Trashable::Person(ana.id), Some(t))).expect("write");
    store.write(|w| w.set_trashed(OWNER, Trashable::Person(ana.id), None)).expect("write");
    check_index(&path);

    let find = |text: &str| store.read(|r| r.search(OWNER, &SearchQuery::new(text))).expect("search").len();
    assert_eq!(find("lima"), 2, "the person and their note (titled with their name)");
    assert_eq!(find("souza"), 0, "old names are gone from the index");
    assert_eq!(find("aquaponics"), 1);
    assert_eq!(find("hydroponics"), 0);
    assert_eq!(find("temporary"), 0);

    store.write(|w| w.set_trashed(OWNER, Trashable::Person(ana.id), Some(t))).expect("write");
    store.write(|w| w.empty_trash(OWNER)).expect("write");
    check_index(&path);
    assert_eq!(find("aquaponics"), 0);

    // A failed transaction leaves the index as it was.
    let bob = person("Bob Failing");
    let result: Result<(), StoreError> = store.write(|w| {
        w.insert_person(&bob)?;
        Err(StoreError::Conflict("changed my mind".into()))
    });
    assert!(result.is_err());
    check_index(&path);
    assert_eq!(find("failing"), 0);
    store.write(|w| w.insert_person(&bob)).expect("write");
    assert_eq!(find("failing"), 1, "the bookkeeping was cleared by the rollback, and works again");
    check_index(&path);

    // Row ids are plain: the newest person purged and a new one added in one transaction
    // gives the new one the purged one's id. The index forgets the one and holds the other.
    let seq_of = |id: PersonId| -> i64 {
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.query_row("SELECT seq FROM people WHERE id = ?1", [id.as_uuid()], |r| r.get(0)).expect("seq")
    };
    let purged = seq_of(bob.id);
    let carol = person("Carol Newcomer");
    let note = NewNote::new(NoteSubject::Person(bob.id), "orchids").expect("n").into_note(NoteId::new(), OWNER, t);
    store.write(|w| w.insert_note(&note)).expect("write");
    let orchid = NewNote::new(NoteSubject::Person(carol.id), "bonsai").expect("n").into_note(NoteId::new(), OWNER, t);
    store
        .write(|w| {
            w.set_trashed(OWNER, Trashable::Person(bob.id), Some(t))?;
            w.empty_trash(OWNER)?;
            w.insert_person(&carol)?;
            w.insert_note(&orchid)
        })
        .expect("write");
    assert_eq!(seq_of(carol.id), purged, "the id was given again");
    check_index(&path);
    assert_eq!(find("failing"), 0);
    assert_eq!(find("newcomer"), 2, "the person and their note");
    assert_eq!(find("orchids"), 0, "the purged person's note left the index");
    assert_eq!(find("bonsai"), 1, "the note that took its document id is found");
    check_index(&path);
}

/// A store from before migration 5 (people indexed with prefix indexes) opens with the index
/// rebuilt without them: in step with the people, and prefixes still find them.
#[test]
fn the_people_index_is_rebuilt_by_its_migration() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("s.sqlite3");
    let t = Timestamp::from_second(1_700_000_000).expect("t");
    let store = SqliteStore::open(&path, OpenMode::Create).expect("open");
    let ana = NewPerson::new(PersonName::new("Ana Marquez").expect("n")).into_person(PersonId::new(), OWNER, t);
    store.write(|w| w.insert_person(&ana)).expect("write");
    drop(store);
    // Put the file back the way schema 4 left it.
    let conn = rusqlite::Connection::open(&path).expect("open");
    conn.execute_batch(
        "DROP TABLE people_fts;
         CREATE VIRTUAL TABLE people_fts USING fts5(full_name, search_text, content = 'people', \
             content_rowid = 'seq', tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
         INSERT INTO people_fts (people_fts) VALUES ('rebuild');
         DELETE FROM schema_migrations WHERE version >= 5;",
    )
    .expect("schema 4");
    drop(conn);

    let store = SqliteStore::open(&path, OpenMode::Existing).expect("migrate");
    let conn = rusqlite::Connection::open(&path).expect("open");
    let sql: String =
        conn.query_row("SELECT sql FROM sqlite_master WHERE name = 'people_fts'", [], |r| r.get(0)).expect("schema");
    assert!(!sql.contains("prefix"), "{sql}");
    drop(conn);
    check_index(&path);
    for typed in ["ma", "mar", "marq", "ana marquez"] {
        let hits = store.read(|r| r.search(OWNER, &SearchQuery::new(typed))).expect("search");
        assert_eq!(hits.len(), 1, "`{typed}`: {hits:?}");
    }
}

/// A store from before migration 7 (both indexes keeping every document's column sizes)
/// opens with both rebuilt without them: in step with their documents, and still finding
/// people, prefixes and notes.
#[test]
fn both_indexes_are_rebuilt_without_column_sizes_by_their_migration() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("s.sqlite3");
    let t = Timestamp::from_second(1_700_000_000).expect("t");
    let store = SqliteStore::open(&path, OpenMode::Create).expect("open");
    let ana = NewPerson::new(PersonName::new("Ana Marquez").expect("n")).into_person(PersonId::new(), OWNER, t);
    let note = NewNote::new(NoteSubject::Person(ana.id), "Talked about hydroponics").expect("n").into_note(
        NoteId::new(),
        OWNER,
        t,
    );
    store
        .write(|w| {
            w.insert_person(&ana)?;
            w.insert_note(&note)
        })
        .expect("write");
    drop(store);
    // Put the file back the way schema 6 left it.
    let conn = rusqlite::Connection::open(&path).expect("open");
    conn.execute_batch(
        "DROP TABLE people_fts;
         CREATE VIRTUAL TABLE people_fts USING fts5(full_name, search_text, content = 'people', \
             content_rowid = 'seq', tokenize = 'unicode61 remove_diacritics 2');
         INSERT INTO people_fts (people_fts) VALUES ('rebuild');
         DROP TABLE search_fts;
         CREATE VIRTUAL TABLE search_fts USING fts5(title, body, content = 'search_docs', \
             content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
         INSERT INTO search_fts (search_fts) VALUES ('rebuild');
         DELETE FROM schema_migrations WHERE version >= 7;",
    )
    .expect("schema 6");
    let sizes = |conn: &rusqlite::Connection| -> i64 {
        conn.query_row("SELECT count(*) FROM sqlite_master WHERE name LIKE '%fts_docsize'", [], |r| r.get(0))
            .expect("schema")
    };
    assert_eq!(sizes(&conn), 2, "schema 6 keeps column sizes in both indexes");
    drop(conn);

    let store = SqliteStore::open(&path, OpenMode::Existing).expect("migrate");
    let conn = rusqlite::Connection::open(&path).expect("open");
    assert_eq!(sizes(&conn), 0, "no index keeps column sizes");
    drop(conn);
    check_index(&path);
    // The person and the note titled with their name; the note alone by its text.
    for (typed, found) in [("ma", 2), ("mar", 2), ("ana marquez", 2), ("hydro", 1)] {
        let hits = store.read(|r| r.search(OWNER, &SearchQuery::new(typed))).expect("search");
        assert_eq!(hits.len(), found, "`{typed}`: {hits:?}");
    }
}
