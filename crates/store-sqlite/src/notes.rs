//! Notes and their search documents.

use rapport_domain::ids::{AccountId, MeetingId, NoteId, OpeningId, OrganizationId, PersonId};
use rapport_domain::notes::{Note, NoteSubject};
use rapport_store::{Page, StoreError, StoreResult};
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use crate::backend;
use crate::cols::{Cols, micros};
use crate::search;

const COLUMNS: &str = "n.id, n.owner, n.created_at, n.updated_at, n.subject_kind, n.subject_id, n.body";

fn map_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Note> {
    let mut c = Cols::new(row);
    let id = c.id()?;
    let owner = c.id()?;
    let created_at = c.ts()?;
    let updated_at = c.ts()?;
    let kind: String = c.get()?;
    let subject_id: Uuid = c.get()?;
    let subject = match kind.as_str() {
        "organization" => NoteSubject::Organization(OrganizationId::from_uuid(subject_id)),
        "opening" => NoteSubject::Opening(OpeningId::from_uuid(subject_id)),
        "meeting" => NoteSubject::Meeting(MeetingId::from_uuid(subject_id)),
        _ => NoteSubject::Person(PersonId::from_uuid(subject_id)),
    };
    Ok(Note { id, owner, created_at, updated_at, subject, body: c.get()? })
}

pub(crate) fn get(conn: &Connection, owner: AccountId, id: NoteId) -> StoreResult<Note> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM notes n WHERE n.id = ?1 AND n.owner = ?2"))
        .map_err(backend)?
        .query_row(params![id.as_uuid(), owner.as_uuid()], map_row)
        .optional()
        .map_err(backend)?
        .ok_or_else(|| StoreError::not_found("note", id))
}

pub(crate) fn about(conn: &Connection, owner: AccountId, subject: NoteSubject) -> StoreResult<Vec<Note>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM notes n WHERE n.subject_id = ?1 AND +n.owner = ?2 ORDER BY n.created_at DESC, n.id DESC"
    ))
    .map_err(backend)?
    .query_map(params![subject.uuid(), owner.as_uuid()], map_row)
    .map_err(backend)?
    .collect::<rusqlite::Result<_>>()
    .map_err(backend)
}

pub(crate) fn list(conn: &Connection, owner: AccountId, page: Page) -> StoreResult<Vec<Note>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM notes n WHERE n.owner = ?1 ORDER BY n.created_at DESC, n.id DESC LIMIT ?2 OFFSET ?3"
    ))
    .map_err(backend)?
    .query_map(params![owner.as_uuid(), i64::from(page.limit), i64::from(page.offset)], map_row)
    .map_err(backend)?
    .collect::<rusqlite::Result<_>>()
    .map_err(backend)
}

/// The title a note shows in search results: what it is about.
fn subject_title(conn: &Connection, subject: NoteSubject) -> StoreResult<(String, Option<PersonId>, bool)> {
    let (sql, person) = match subject {
        NoteSubject::Person(id) => ("SELECT full_name, deleted_at IS NOT NULL FROM people WHERE id = ?1", Some(id)),
        NoteSubject::Organization(_) => ("SELECT name, deleted_at IS NOT NULL FROM organizations WHERE id = ?1", None),
        NoteSubject::Opening(_) => ("SELECT title, deleted_at IS NOT NULL FROM openings WHERE id = ?1", None),
        NoteSubject::Meeting(_) => (
            "SELECT 'meeting with ' || p.full_name, m.deleted_at IS NOT NULL FROM meetings m \
             JOIN people p ON p.id = m.person_id WHERE m.id = ?1",
            None,
        ),
    };
    let found: Option<(String, bool)> = conn
        .prepare_cached(sql)
        .map_err(backend)?
        .query_row([subject.uuid()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
        .map_err(backend)?;
    let Some((name, hidden)) = found else {
        return Err(StoreError::Conflict(format!(
            "the note is about a {} that does not exist ({}); add it first",
            subject.kind(),
            subject.uuid()
        )));
    };
    Ok((format!("Note on {name}"), person, hidden))
}

pub(crate) fn write(conn: &Connection, note: &Note, insert: bool) -> StoreResult<()> {
    let (title, person, hidden) = subject_title(conn, note.subject)?;
    let sql = if insert {
        "INSERT INTO notes (id, owner, created_at, updated_at, subject_kind, subject_id, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
    } else {
        "UPDATE notes SET created_at = ?3, updated_at = ?4, subject_kind = ?5, subject_id = ?6, body = ?7 \
         WHERE id = ?1 AND owner = ?2"
    };
    let changed = conn
        .prepare_cached(sql)
        .map_err(backend)?
        .execute(params![
            note.id.as_uuid(),
            note.owner.as_uuid(),
            micros(note.created_at),
            micros(note.updated_at),
            note.subject.kind(),
            note.subject.uuid(),
            note.body,
        ])
        .map_err(backend)?;
    if changed == 0 {
        return Err(StoreError::not_found("note", note.id));
    }
    let doc = search::Doc {
        owner: note.owner,
        kind: "note",
        entity: *note.id.as_uuid(),
        person_id: person,
        hidden,
        title: &title,
        body: &note.body,
    };
    if insert { search::insert_doc(conn, doc) } else { search::upsert_doc(conn, doc) }
}

pub(crate) fn delete(conn: &Connection, owner: AccountId, id: NoteId) -> StoreResult<()> {
    let changed = conn
        .prepare_cached("DELETE FROM notes WHERE id = ?1 AND owner = ?2")
        .map_err(backend)?
        .execute(params![id.as_uuid(), owner.as_uuid()])
        .map_err(backend)?;
    if changed == 0 {
        return Err(StoreError::not_found("note", id));
    }
    Ok(())
}
