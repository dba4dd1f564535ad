//! Introductions between people in the network.

use rapport_domain::ids::{AccountId, IntroductionId, PersonId};
use rapport_domain::introductions::Introduction;
use rapport_store::{StoreError, StoreResult};
use rusqlite::{Connection, OptionalExtension, params};

use crate::backend;
use crate::cols::{Cols, micros};

const COLUMNS: &str = "i.id, i.owner, i.created_at, i.updated_at, i.introducer_id, i.introduced_id, i.meeting_id, \
    i.state, i.state_changed_at, i.note";

fn map_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Introduction> {
    let mut c = Cols::new(row);
    Ok(Introduction {
        id: c.id()?,
        owner: c.id()?,
        created_at: c.ts()?,
        updated_at: c.ts()?,
        introducer_id: c.id()?,
        introduced_id: c.id()?,
        meeting_id: c.opt_id()?,
        state: c.word()?,
        state_changed_at: c.ts()?,
        note: c.get()?,
    })
}

pub(crate) fn get(conn: &Connection, owner: AccountId, id: IntroductionId) -> StoreResult<Introduction> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM introductions i WHERE i.id = ?1 AND i.owner = ?2"))
        .map_err(backend)?
        .query_row(params![id.as_uuid(), owner.as_uuid()], map_row)
        .optional()
        .map_err(backend)?
        .ok_or_else(|| StoreError::not_found("introduction", id))
}

pub(crate) fn for_person(conn: &Connection, owner: AccountId, person: PersonId) -> StoreResult<Vec<Introduction>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM introductions i WHERE +i.owner = ?2 AND (i.introducer_id = ?1 OR i.introduced_id = ?1) \
         ORDER BY i.created_at, i.id"
    ))
    .map_err(backend)?
    .query_map(params![person.as_uuid(), owner.as_uuid()], map_row)
    .map_err(backend)?
    .collect::<rusqlite::Result<_>>()
    .map_err(backend)
}

pub(crate) fn list(conn: &Connection, owner: AccountId) -> StoreResult<Vec<Introduction>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM introductions i WHERE i.owner = ?1 ORDER BY i.created_at, i.id"
    ))
    .map_err(backend)?
    .query_map(params![owner.as_uuid()], map_row)
    .map_err(backend)?
    .collect::<rusqlite::Result<_>>()
    .map_err(backend)
}

pub(crate) fn write(conn: &Connection, intro: &Introduction, insert: bool) -> StoreResult<()> {
    let sql = if insert {
        "INSERT INTO introductions (id, owner, created_at, updated_at, introducer_id, introduced_id, meeting_id, state, \
         state_changed_at, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
    } else {
        "UPDATE introductions SET created_at = ?3, updated_at = ?4, introducer_id = ?5, introduced_id = ?6, \
         meeting_id = ?7, state = ?8, state_changed_at = ?9, note = ?10 WHERE id = ?1 AND owner = ?2"
    };
    let changed = conn
        .prepare_cached(sql)
        .map_err(backend)?
        .execute(params![
            intro.id.as_uuid(),
            intro.owner.as_uuid(),
            micros(intro.created_at),
            micros(intro.updated_at),
            intro.introducer_id.as_uuid(),
            intro.introduced_id.as_uuid(),
            intro.meeting_id.map(|m| *m.as_uuid()),
            intro.state.as_str(),
            micros(intro.state_changed_at),
            intro.note,
        ])
        .map_err(|e| {
            if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) {
                StoreError::Conflict("the introduction names a person or meeting that does not exist".into())
            } else {
                backend(e)
            }
        })?;
    if changed == 0 {
        return Err(StoreError::not_found("introduction", intro.id));
    }
    Ok(())
}

pub(crate) fn delete(conn: &Connection, owner: AccountId, id: IntroductionId) -> StoreResult<()> {
    let changed = conn
        .prepare_cached("DELETE FROM introductions WHERE id = ?1 AND owner = ?2")
        .map_err(backend)?
        .execute(params![id.as_uuid(), owner.as_uuid()])
        .map_err(backend)?;
    if changed == 0 {
        return Err(StoreError::not_found("introduction", id));
    }
    Ok(())
}
