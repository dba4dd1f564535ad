//! Relationships between people in the network.

use rapport_domain::ids::{AccountId, PersonId, RelationshipId};
use rapport_domain::relationships::Relationship;
use rapport_store::{StoreError, StoreResult};
use rusqlite::{Connection, params};

use crate::backend;
use crate::cols::{Cols, micros};

const COLUMNS: &str =
    "r.id, r.owner, r.created_at, r.a, r.b, r.kind, r.organization_id, r.from_year, r.to_year, r.note";

fn map_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Relationship> {
    let mut c = Cols::new(row);
    Ok(Relationship {
        id: c.id()?,
        owner: c.id()?,
        created_at: c.ts()?,
        a: c.id()?,
        b: c.id()?,
        kind: c.word()?,
        organization_id: c.opt_id()?,
        from_year: c.get()?,
        to_year: c.get()?,
        note: c.get()?,
    })
}

pub(crate) fn for_person(conn: &Connection, owner: AccountId, person: PersonId) -> StoreResult<Vec<Relationship>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM relationships r WHERE +r.owner = ?2 AND (r.a = ?1 OR r.b = ?1) ORDER BY r.created_at, r.id"
    ))
    .map_err(backend)?
    .query_map(params![person.as_uuid(), owner.as_uuid()], map_row)
    .map_err(backend)?
    .collect::<rusqlite::Result<_>>()
    .map_err(backend)
}

pub(crate) fn list(conn: &Connection, owner: AccountId) -> StoreResult<Vec<Relationship>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM relationships r WHERE r.owner = ?1 ORDER BY r.created_at, r.id"
    ))
    .map_err(backend)?
    .query_map(params![owner.as_uuid()], map_row)
    .map_err(backend)?
    .collect::<rusqlite::Result<_>>()
    .map_err(backend)
}

pub(crate) fn insert(conn: &Connection, r: &Relationship) -> StoreResult<()> {
    conn.prepare_cached(
        "INSERT INTO relationships (id, owner, created_at, a, b, kind, organization_id, from_year, to_year, note) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )
    .map_err(backend)?
    .execute(params![
        r.id.as_uuid(),
        r.owner.as_uuid(),
        micros(r.created_at),
        r.a.as_uuid(),
        r.b.as_uuid(),
        r.kind.as_str(),
        r.organization_id.map(|o| *o.as_uuid()),
        r.from_year,
        r.to_year,
        r.note
    ])
    .map_err(|e| {
        if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) {
            StoreError::Conflict("the relationship names a person or organization that does not exist".into())
        } else {
            backend(e)
        }
    })?;
    Ok(())
}

pub(crate) fn delete(conn: &Connection, owner: AccountId, id: RelationshipId) -> StoreResult<()> {
    let changed = conn
        .prepare_cached("DELETE FROM relationships WHERE id = ?1 AND owner = ?2")
        .map_err(backend)?
        .execute(params![id.as_uuid(), owner.as_uuid()])
        .map_err(backend)?;
    if changed == 0 {
        return Err(StoreError::not_found("relationship", id));
    }
    Ok(())
}
