//! Interactions: the timeline of touches. They are not searched as documents; their text
//! shows on the person's timeline.

use rapport_domain::ids::{AccountId, InteractionId, PersonId};
use rapport_domain::interactions::Interaction;
use rapport_store::{Page, StoreError, StoreResult};
use rusqlite::types::ToSql;
use rusqlite::{Connection, OptionalExtension, params};

use crate::backend;
use crate::cols::{Cols, micros};
use crate::rows::RowInsert;

pub(crate) const COLUMNS: &str = "i.id, i.owner, i.created_at, i.updated_at, i.person_id, i.kind, i.channel, i.direction, i.at, \
    i.at_source, i.text, i.outcome, i.meeting_id, i.opening_id";

pub(crate) fn map_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Interaction> {
    let mut c = Cols::new(row);
    Ok(Interaction {
        id: c.id()?,
        owner: c.id()?,
        created_at: c.ts()?,
        updated_at: c.ts()?,
        person_id: c.id()?,
        kind: c.word()?,
        channel: c.word()?,
        direction: c.word()?,
        at: c.ts()?,
        at_source: c.word()?,
        text: c.get()?,
        outcome: c.get()?,
        meeting_id: c.opt_id()?,
        opening_id: c.opt_id()?,
    })
}

pub(crate) fn get(conn: &Connection, owner: AccountId, id: InteractionId) -> StoreResult<Interaction> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM interactions i WHERE i.id = ?1 AND i.owner = ?2"))
        .map_err(backend)?
        .query_row(params![id.as_uuid(), owner.as_uuid()], map_row)
        .optional()
        .map_err(backend)?
        .ok_or_else(|| StoreError::not_found("interaction", id))
}

pub(crate) fn for_person(conn: &Connection, owner: AccountId, person: PersonId) -> StoreResult<Vec<Interaction>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM interactions i WHERE i.person_id = ?1 AND +i.owner = ?2 ORDER BY i.at, i.id"
    ))
    .map_err(backend)?
    .query_map(params![person.as_uuid(), owner.as_uuid()], map_row)
    .map_err(backend)?
    .collect::<rusqlite::Result<_>>()
    .map_err(backend)
}

pub(crate) fn list(conn: &Connection, owner: AccountId, page: Page) -> StoreResult<Vec<Interaction>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM interactions i WHERE i.owner = ?1 ORDER BY i.at, i.id LIMIT ?2 OFFSET ?3"
    ))
    .map_err(backend)?
    .query_map(params![owner.as_uuid(), i64::from(page.limit), i64::from(page.offset)], map_row)
    .map_err(backend)?
    .collect::<rusqlite::Result<_>>()
    .map_err(backend)
}

/// An interaction's row: one or many.
const INSERT: RowInsert = RowInsert {
    head: "INSERT OR FAIL INTO interactions (id, owner, created_at, updated_at, person_id, kind, channel, direction, \
           at, at_source, text, outcome, meeting_id, opening_id)",
    width: 14,
    tail: "",
};

/// The values of an interaction's row that are not plain fields, kept alive while the
/// statement runs so the row's parameters can be borrowed.
struct Row<'a> {
    it: &'a Interaction,
    /// Created, updated, happened: microseconds.
    times: [i64; 3],
    /// Kind, channel, direction, where the time came from.
    words: [&'static str; 4],
    /// Ids as bytes, bound borrowed (see `people::RowValues`).
    meeting: Option<[u8; 16]>,
    opening: Option<[u8; 16]>,
}

impl<'a> Row<'a> {
    fn of(it: &'a Interaction) -> Self {
        Row {
            it,
            times: [micros(it.created_at), micros(it.updated_at), micros(it.at)],
            words: [it.kind.as_str(), it.channel.as_str(), it.direction.as_str(), it.at_source.as_str()],
            meeting: it.meeting_id.map(|m| m.as_uuid().into_bytes()),
            opening: it.opening_id.map(|o| o.as_uuid().into_bytes()),
        }
    }

    /// The 14 values, in the order of the insert's columns (the update's numbered parameters).
    fn params(&self) -> [&dyn ToSql; 14] {
        let it = self.it;
        [
            it.id.as_uuid().as_bytes(),
            it.owner.as_uuid().as_bytes(),
            &self.times[0],
            &self.times[1],
            it.person_id.as_uuid().as_bytes(),
            &self.words[0],
            &self.words[1],
            &self.words[2],
            &self.times[2],
            &self.words[3],
            &it.text,
            &it.outcome,
            &self.meeting,
            &self.opening,
        ]
    }
}

fn write_error(e: rusqlite::Error) -> StoreError {
    if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) {
        StoreError::Conflict("the interaction names a person, meeting or opening that does not exist".into())
    } else {
        backend(e)
    }
}

pub(crate) fn write(conn: &Connection, it: &Interaction, insert: bool) -> StoreResult<()> {
    let row = Row::of(it);
    if insert {
        return INSERT.run(conn, &row.params()).map_err(write_error);
    }
    let changed = conn
        .prepare_cached(
            "UPDATE interactions SET created_at = ?3, updated_at = ?4, person_id = ?5, kind = ?6, channel = ?7, \
             direction = ?8, at = ?9, at_source = ?10, text = ?11, outcome = ?12, meeting_id = ?13, opening_id = ?14 \
             WHERE id = ?1 AND owner = ?2",
        )
        .map_err(backend)?
        .execute(row.params().as_slice())
        .map_err(write_error)?;
    if changed == 0 {
        return Err(StoreError::not_found("interaction", it.id));
    }
    Ok(())
}

/// Inserts many interactions, many to a statement. A failure may leave some of them behind:
/// the caller must not commit (see [`crate::rows`]).
pub(crate) fn insert_many(conn: &Connection, interactions: &[Interaction]) -> StoreResult<()> {
    let rows: Vec<Row<'_>> = interactions.iter().map(Row::of).collect();
    let values: Vec<&dyn ToSql> = rows.iter().flat_map(Row::params).collect();
    INSERT.run(conn, &values).map_err(write_error)
}

pub(crate) fn delete(conn: &Connection, owner: AccountId, id: InteractionId) -> StoreResult<()> {
    let changed = conn
        .prepare_cached("DELETE FROM interactions WHERE id = ?1 AND owner = ?2")
        .map_err(backend)?
        .execute(params![id.as_uuid(), owner.as_uuid()])
        .map_err(backend)?;
    if changed == 0 {
        return Err(StoreError::not_found("interaction", id));
    }
    Ok(())
}
