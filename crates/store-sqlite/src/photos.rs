//! Photos: one per person at most, kept from a vCard when an import was asked to keep them.

use rapport_domain::ids::{AccountId, PersonId};
use rapport_store::{PersonPhoto, StoreError, StoreResult};
use rusqlite::{Connection, OptionalExtension, params};

use crate::backend;

pub(crate) fn get(conn: &Connection, owner: AccountId, person: PersonId) -> StoreResult<Option<PersonPhoto>> {
    conn.prepare_cached(
        "SELECT f.media_type, f.bytes FROM person_photos f JOIN people p ON p.id = f.person_id \
         WHERE f.person_id = ?1 AND p.owner = ?2",
    )
    .map_err(backend)?
    .query_row(params![person.as_uuid(), owner.as_uuid()], |r| {
        Ok(PersonPhoto { media_type: r.get(0)?, bytes: r.get(1)? })
    })
    .optional()
    .map_err(backend)
}

pub(crate) fn all(conn: &Connection, owner: AccountId) -> StoreResult<Vec<(PersonId, PersonPhoto)>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT f.person_id, f.media_type, f.bytes FROM person_photos f JOIN people p ON p.id = f.person_id \
             WHERE p.owner = ?1 ORDER BY f.person_id",
        )
        .map_err(backend)?;
    stmt.query_map([owner.as_uuid()], |r| {
        Ok((PersonId::from_uuid(r.get(0)?), PersonPhoto { media_type: r.get(1)?, bytes: r.get(2)? }))
    })
    .map_err(backend)?
    .collect::<rusqlite::Result<_>>()
    .map_err(backend)
}

pub(crate) fn put(
    conn: &Connection,
    owner: AccountId,
    person: PersonId,
    photo: Option<&PersonPhoto>,
) -> StoreResult<()> {
    let theirs: Option<i64> = conn
        .prepare_cached("SELECT 1 FROM people WHERE id = ?1 AND owner = ?2")
        .map_err(backend)?
        .query_row(params![person.as_uuid(), owner.as_uuid()], |r| r.get(0))
        .optional()
        .map_err(backend)?;
    if theirs.is_none() {
        return Err(StoreError::not_found("person", person));
    }
    match photo {
        Some(photo) => conn
            .prepare_cached(
                "INSERT INTO person_photos (person_id, media_type, bytes) VALUES (?1, ?2, ?3) \
                 ON CONFLICT (person_id) DO UPDATE SET media_type = excluded.media_type, bytes = excluded.bytes",
            )
            .map_err(backend)?
            .execute(params![person.as_uuid(), photo.media_type, photo.bytes]),
        None => conn
            .prepare_cached("DELETE FROM person_photos WHERE person_id = ?1")
            .map_err(backend)?
            .execute([person.as_uuid()]),
    }
    .map_err(backend)?;
    Ok(())
}
