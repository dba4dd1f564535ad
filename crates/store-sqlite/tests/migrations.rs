//! A store written by an older rapport opens with its schema brought up to date and every
//! record, index, trigger and reference as it was.

use jiff::Timestamp;
use rapport_domain::ids::{AccountId, InteractionId, NoteId, OrganizationId, PersonId};
use rapport_domain::interactions::{InteractionKind, NewInteraction};
use rapport_domain::notes::{NewNote, NoteSubject};
use rapport_domain::organizations::NewOrganization;
use rapport_domain::people::{NewPerson, Person, PersonName};
use rapport_store::{Counts, Page, PersonFilter, Reader, SearchQuery, Store, StoreError, Trashable, Writer};
use rapport_store_sqlite::{OpenMode, SqliteStore};
use rusqlite::Connection;

const OWNER: AccountId = AccountId::LOCAL;

/// Everyone, live and trashed, in one list.
fn everyone(store: &SqliteStore) -> Vec<Person> {
    let mut all = Vec::new();
    for trashed in [false, true] {
        let filter = PersonFilter { trashed, ..PersonFilter::default() };
        all.extend(store.read(|r| r.people(OWNER, &filter, Page::ALL)).expect("people").people);
    }
    all
}

fn find(store: &SqliteStore, text: &str) -> usize {
    store.read(|r| r.search(OWNER, &SearchQuery::new(text))).expect("search").len()
}

/// Every index and trigger of the schema, by name (SQLite's own automatic indexes aside).
fn schema_objects(conn: &Connection) -> Vec<(String, String, String)> {
    let mut stmt = conn
        .prepare(
            "SELECT type, name, tbl_name FROM sqlite_schema WHERE type IN ('index', 'trigger', 'table') \
             AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .expect("schema");
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).expect("rows").map(|r| r.expect("row")).collect()
}

/// Rebuilds `table` the way schema 5 had it: numbered by AUTOINCREMENT, the sequence at its
/// highest row id.
fn with_autoincrement(conn: &Connection, table: &str, key: &str) {
    let (sql, dependents): (String, Vec<String>) = {
        let sql: String = conn
            .query_row("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1", [table], |r| r.get(0))
            .expect("table sql");
        let mut stmt = conn
            .prepare("SELECT sql FROM sqlite_schema WHERE tbl_name = ?1 AND type IN ('index', 'trigger') AND sql IS NOT NULL")
            .expect("dependents");
        let dependents = stmt.query_map([table], |r| r.get(0)).expect("rows").map(|r| r.expect("row")).collect();
        (sql, dependents)
    };
    let plain = format!("{key} INTEGER PRIMARY KEY,");
    assert!(sql.contains(&plain), "{sql}");
    let columns = &sql[sql.find('(').expect("columns")..];
    let old = format!("CREATE TABLE {table}_old {columns}").replacen(
        &plain,
        &format!("{key} INTEGER PRIMARY KEY AUTOINCREMENT,"),
        1,
    );
    conn.execute_batch(&format!(
        "PRAGMA legacy_alter_table = ON;
         {old};
         INSERT INTO {table}_old SELECT * FROM {table};
         DROP TABLE {table};
         ALTER TABLE {table}_old RENAME TO {table};
         {};
         INSERT INTO sqlite_sequence (name, seq) SELECT '{table}', max({key}) FROM {table};
         PRAGMA legacy_alter_table = OFF;",
        dependents.join(";\n")
    ))
    .expect("back to schema 5");
}

#[test]
fn row_ids_lose_autoincrement_and_nothing_else_changes() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("s.sqlite3");
    let t = Timestamp::from_second(1_700_000_000).expect("t");
    let store = SqliteStore::open(&path, OpenMode::Create).expect("open");
    let org = NewOrganization::new("Harbor Analytics").expect("org").into_organization(OrganizationId::new(), OWNER, t);
    let person = |name: &str, org: Option<OrganizationId>| {
        let mut new = NewPerson::new(PersonName::new(name).expect("name"));
        new.organization_id = org;
        new.title = org.map(|_| "Data Engineer".to_string());
        new.into_person(PersonId::new(), OWNER, t)
    };
    let ana = person("Ana Marquez", Some(org.id));
    let ben = person("Ben Okafor", None);
    let cy = person("Cy Trashed", Some(org.id));
    let touch =
        NewInteraction::new(ana.id, InteractionKind::Outreach, t).into_interaction(InteractionId::new(), OWNER, t);
    let note = NewNote::new(NoteSubject::Person(ben.id), "sailing and forecasting").expect("note").into_note(
        NoteId::new(),
        OWNER,
        t,
    );
    store
        .write(|w| {
            w.insert_organization(&org)?;
            w.insert_people(&[ana.clone(), ben.clone(), cy.clone()])?;
            w.insert_interaction(&touch)?;
            w.insert_note(&note)?;
            w.set_trashed(OWNER, Trashable::Person(cy.id), Some(t))
        })
        .expect("write");
    let people = everyone(&store);
    let counts = store.read(|r| r.counts(OWNER)).expect("counts");
    drop(store);

    // The file as schema 5 left it.
    let conn = Connection::open(&path).expect("open");
    // Dropping a table others refer to with references on deletes what refers to it.
    conn.pragma_update(None, "foreign_keys", false).expect("references off");
    let objects = schema_objects(&conn);
    with_autoincrement(&conn, "people", "seq");
    with_autoincrement(&conn, "search_docs", "id");
    conn.execute("DELETE FROM schema_migrations WHERE version >= 6", []).expect("schema 5");
    assert_eq!(schema_objects(&conn), objects, "schema 5 has the same tables, indexes and triggers");
    drop(conn);

    let store = SqliteStore::open(&path, OpenMode::Existing).expect("migrate");
    let conn = Connection::open(&path).expect("open");
    let autoincrement: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_schema WHERE sql LIKE '%AUTOINCREMENT%'", [], |r| r.get(0))
        .expect("schema");
    assert_eq!(autoincrement, 0, "no table numbers its rows with AUTOINCREMENT");
    let sequences: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_sequence WHERE name IN ('people', 'search_docs')", [], |r| r.get(0))
        .expect("sequence");
    assert_eq!(sequences, 0);
    assert_eq!(schema_objects(&conn), objects, "every index and trigger is there again");
    let dangling: i64 = conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).expect("fk");
    assert_eq!(dangling, 0);
    for table in ["search_fts", "people_fts"] {
        conn.execute(&format!("INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 1)"), [])
            .unwrap_or_else(|e| panic!("{table} is out of step: {e}"));
    }
    drop(conn);

    assert_eq!(everyone(&store), people, "every person reads as before");
    assert_eq!(store.read(|r| r.counts(OWNER)).expect("counts"), counts);
    assert_eq!(store.read(|r| r.interactions_for_person(OWNER, ana.id)).expect("timeline"), vec![touch]);
    assert_eq!(find(&store, "marquez"), 1);
    assert_eq!(find(&store, "sailing"), 1, "the note's document");
    assert_eq!(find(&store, "harbor"), 2, "the organization's document, and Ana who works there");

    // The triggers work on the rebuilt tables: purged people take their notes along and
    // leave the counts; and references are checked again after the migration.
    store.write(|w| w.set_trashed(OWNER, Trashable::Person(ben.id), Some(t))).expect("trash");
    assert_eq!(store.write(|w| w.empty_trash(OWNER)).expect("purge"), 2);
    assert_eq!(find(&store, "sailing"), 0);
    assert_eq!(store.read(|r| r.counts(OWNER)).expect("counts"), Counts { people: 1, trashed: 0, notes: 0, ..counts });
    let stray = person("Stray Reference", Some(OrganizationId::new()));
    let refused: Result<(), StoreError> = store.write(|w| w.insert_person(&stray));
    assert!(refused.is_err(), "a person at a missing organization is refused");
}

/// The references without an index that starts with the referring column. Deleting a
/// record makes SQLite find every row that refers to it; without such an index, each delete
/// reads the whole referring table (a meeting's, all the interactions). References to
/// accounts are left out: an account is never deleted.
fn unindexed_references(conn: &Connection) -> Vec<String> {
    let strings = |sql: &str, args: &[&str]| column_of(conn, sql, args, 0);
    let tables = strings(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND sql NOT LIKE 'CREATE VIRTUAL%'",
        &[],
    );
    let mut checked = 0;
    let mut unindexed = Vec::new();
    for table in &tables {
        let mut leading: Vec<String> = strings("SELECT name FROM pragma_index_list(?1)", &[table])
            .iter()
            .flat_map(|index| strings("SELECT name FROM pragma_index_info(?1) WHERE seqno = 0", &[index]))
            .collect();
        // The primary key is an index too (the table itself, without row ids).
        leading.extend(strings("SELECT name FROM pragma_table_info(?1) WHERE pk = 1", &[table]));
        for reference in strings(
            "SELECT \"from\" || ' (refers to ' || \"table\" || ')' FROM pragma_foreign_key_list(?1) \
             WHERE \"table\" != 'accounts'",
            &[table],
        ) {
            checked += 1;
            let column = reference.split(' ').next().unwrap_or_default();
            if !leading.iter().any(|c| c == column) {
                unindexed.push(format!("{table}.{reference}"));
            }
        }
    }
    assert!(checked > 20, "only {checked} references seen: is the schema read?");
    unindexed
}

/// Column `column` of every row `sql` gives, as text.
fn column_of(conn: &Connection, sql: &str, args: &[&str], column: usize) -> Vec<String> {
    let mut stmt = conn.prepare(sql).expect("schema query");
    stmt.query_map(rusqlite::params_from_iter(args), |r| r.get(column))
        .expect("rows")
        .map(|r| r.expect("row"))
        .collect()
}

/// A new store's file, and a plain connection to it.
fn new_store_file() -> (tempfile::TempDir, std::path::PathBuf, Connection) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("store.rapport");
    drop(SqliteStore::open(&path, OpenMode::Create).expect("create"));
    let conn = Connection::open(&path).expect("open");
    (dir, path, conn)
}

#[test]
fn every_reference_a_delete_follows_is_indexed() {
    let (_dir, path, conn) = new_store_file();
    assert_eq!(unindexed_references(&conn), Vec::<String>::new());

    // A store as schema 7 left it gets the indexes when it opens.
    let added = [
        "interactions_by_meeting",
        "interactions_by_opening",
        "meetings_by_opening",
        "introductions_by_meeting",
        "relationships_by_organization",
        "tasks_by_person",
        "tasks_by_organization",
    ];
    for index in added {
        conn.execute(&format!("DROP INDEX {index}"), []).expect("drop");
    }
    conn.execute("DELETE FROM schema_migrations WHERE version >= 8", []).expect("schema 7");
    let before = unindexed_references(&conn);
    assert!(before.contains(&"interactions.meeting_id (refers to meetings)".to_string()), "{before:?}");
    assert_eq!(before.len(), 7, "{before:?}");
    drop(conn);
    drop(SqliteStore::open(&path, OpenMode::Existing).expect("migrate"));
    let conn = Connection::open(&path).expect("open");
    assert_eq!(unindexed_references(&conn), Vec::<String>::new());
}

/// The trash of every kind is found through an index that holds its owner and `deleted_at`,
/// not by reading every record of the owner (or of every owner).
#[test]
fn the_trash_is_found_without_reading_every_record() {
    let (_dir, _path, conn) = new_store_file();
    for table in ["people", "organizations", "openings", "meetings"] {
        let sql = format!("EXPLAIN QUERY PLAN SELECT id FROM {table} WHERE owner = ?1 AND deleted_at IS NOT NULL");
        // The detail column of each step of the plan.
        let plan = column_of(&conn, &sql, &["owner"], 3).join("; ");
        assert!(plan.starts_with(&format!("SEARCH {table} ")) && plan.contains("deleted_at"), "{table}: {plan}");
    }
}
