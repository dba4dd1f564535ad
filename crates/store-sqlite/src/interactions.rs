//! Interactions: the timeline of touches. They are not searched as documents; their text
//! shows on the person's timeline.

use rapport_domain::ids::{AccountId, InteractionId, PersonId};
use rapport_domain::interactions::Interaction;
use rapport_store::{Page, StoreError, StoreResult};
use rusqlite::{Connection, OptionalExtension, params};

use crate::backend;
use crate::cols::{Cols, micros};

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

pub(crate) fn write(conn: &Connection, it: &Interaction, insert: bool) -> StoreResult<()> {
    let sql = if insert {
        "INSERT INTO interactions (id, owner, created_at, updated_at, person_id, kind, channel, direction, at, \
         at_source, text, outcome, meeting_id, opening_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
    } else {
        "UPDATE interactions SET created_at = ?3, updated_at = ?4, person_id = ?5, kind = ?6, channel = ?7, \
         direction = ?8, at = ?9, at_source = ?10, text = ?11, outcome = ?12, meeting_id = ?13, opening_id = ?14 \
         WHERE id = ?1 AND owner = ?2"
    };
    let changed = conn
        .prepare_cached(sql)
        .map_err(backend)?
        .execute(params![
            it.id.as_uuid(),
            it.owner.as_uuid(),
            micros(it.created_at),
            micros(it.updated_at),
            it.person_id.as_uuid(),
            it.kind.as_str(),
            it.channel.as_str(),
            it.direction.as_str(),
            micros(it.at),
            it.at_source.as_str(),
            it.text,
            it.outcome,
            it.meeting_id.map(|m| *m.as_uuid()),
            it.opening_id.map(|o| *o.as_uuid()),
        ])
        .map_err(|e| {
            if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) {
                StoreError::Conflict("the interaction names a person, meeting or opening that does not exist".into())
            } else {
                backend(e)
            }
        })?;
    if changed == 0 {
        return Err(StoreError::not_found("interaction", it.id));
    }
    Ok(())
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
