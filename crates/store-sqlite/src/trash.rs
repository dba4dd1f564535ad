//! The trash: people, organizations, openings and meetings are deleted softly first, so a
//! slip of the finger can be undone; emptying the trash deletes them for good.

use jiff::Timestamp;
use rapport_domain::ids::AccountId;
use rapport_store::{Counts, StoreError, StoreResult, TrashItem, Trashable};
use rusqlite::{Connection, params};
use uuid::Uuid;

use crate::backend;
use crate::cols::{Cols, opt_micros};
use crate::search;

/// The table, the record kind, and the id of a trashable record.
fn target(record: Trashable) -> (&'static str, &'static str, Uuid) {
    match record {
        Trashable::Person(id) => ("people", "person", *id.as_uuid()),
        Trashable::Organization(id) => ("organizations", "organization", *id.as_uuid()),
        Trashable::Opening(id) => ("openings", "opening", *id.as_uuid()),
        Trashable::Meeting(id) => ("meetings", "meeting", *id.as_uuid()),
    }
}

pub(crate) fn set_trashed(
    conn: &Connection,
    owner: AccountId,
    record: Trashable,
    at: Option<Timestamp>,
) -> StoreResult<()> {
    let (table, kind, id) = target(record);
    let changed = conn
        .prepare_cached(&format!("UPDATE {table} SET deleted_at = ?3 WHERE id = ?1 AND owner = ?2"))
        .map_err(backend)?
        .execute(params![id, owner.as_uuid(), opt_micros(at)])
        .map_err(backend)?;
    if changed == 0 {
        return Err(StoreError::not_found(kind, id));
    }
    search::set_hidden(conn, id, at.is_some())?;
    if at.is_none() && matches!(record, Trashable::Person(_)) {
        // Restoring a person must not bring back the documents of meetings trashed on their own.
        conn.prepare_cached(
            "UPDATE search_docs SET hidden = 1 WHERE entity IN (SELECT id FROM meetings WHERE person_id = ?1 AND deleted_at IS NOT NULL)",
        )
        .map_err(backend)?
        .execute([id])
        .map_err(backend)?;
    }
    if at.is_none() && matches!(record, Trashable::Meeting(_)) {
        // A meeting of a trashed person stays hidden until the person comes back.
        conn.prepare_cached(
            "UPDATE search_docs SET hidden = 1 WHERE entity = ?1 AND person_id IN (SELECT id FROM people WHERE deleted_at IS NOT NULL)",
        )
        .map_err(backend)?
        .execute([id])
        .map_err(backend)?;
    }
    Ok(())
}

pub(crate) fn list(conn: &Connection, owner: AccountId) -> StoreResult<Vec<TrashItem>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT 'person', id, full_name, deleted_at FROM people WHERE owner = ?1 AND deleted_at IS NOT NULL \
             UNION ALL SELECT 'organization', id, name, deleted_at FROM organizations WHERE owner = ?1 AND deleted_at IS NOT NULL \
             UNION ALL SELECT 'opening', id, title, deleted_at FROM openings WHERE owner = ?1 AND deleted_at IS NOT NULL \
             UNION ALL SELECT 'meeting', m.id, 'meeting with ' || p.full_name, m.deleted_at FROM meetings m \
                 JOIN people p ON p.id = m.person_id WHERE m.owner = ?1 AND m.deleted_at IS NOT NULL \
             ORDER BY 4 DESC",
        )
        .map_err(backend)?;
    let rows = stmt
        .query_map([owner.as_uuid()], |row| {
            let mut c = Cols::new(row);
            let kind: String = c.get()?;
            Ok((kind, c.get::<Uuid>()?, c.get::<String>()?, c.ts()?))
        })
        .map_err(backend)?;
    let mut items = Vec::new();
    for row in rows {
        let (kind, id, title, deleted_at) = row.map_err(backend)?;
        let kind = match kind.as_str() {
            "person" => "person",
            "organization" => "organization",
            "opening" => "opening",
            _ => "meeting",
        };
        items.push(TrashItem { kind, id, title, deleted_at });
    }
    Ok(items)
}

pub(crate) fn empty(conn: &Connection, owner: AccountId) -> StoreResult<u64> {
    let mut total = 0;
    // Meetings and openings first, then people and organizations (which cascade to what
    // hangs off them).
    for table in ["meetings", "openings", "people", "organizations"] {
        total += conn
            .prepare_cached(&format!("DELETE FROM {table} WHERE owner = ?1 AND deleted_at IS NOT NULL"))
            .map_err(backend)?
            .execute([owner.as_uuid()])
            .map_err(backend)? as u64;
    }
    Ok(total)
}

pub(crate) fn counts(conn: &Connection, owner: AccountId) -> StoreResult<Counts> {
    let count = |sql: &str| -> StoreResult<u64> {
        conn.prepare_cached(sql)
            .map_err(backend)?
            .query_row([owner.as_uuid()], |r| r.get::<_, i64>(0))
            .map(|n| n.max(0) as u64)
            .map_err(backend)
    };
    Ok(Counts {
        people: count("SELECT count(*) FROM people WHERE owner = ?1 AND deleted_at IS NULL")?,
        organizations: count("SELECT count(*) FROM organizations WHERE owner = ?1 AND deleted_at IS NULL")?,
        openings: count("SELECT count(*) FROM openings WHERE owner = ?1 AND deleted_at IS NULL")?,
        interactions: count("SELECT count(*) FROM interactions WHERE owner = ?1")?,
        meetings: count("SELECT count(*) FROM meetings WHERE owner = ?1 AND deleted_at IS NULL")?,
        introductions: count("SELECT count(*) FROM introductions WHERE owner = ?1")?,
        notes: count("SELECT count(*) FROM notes WHERE owner = ?1")?,
        trashed: count(
            "SELECT (SELECT count(*) FROM people WHERE owner = ?1 AND deleted_at IS NOT NULL) \
             + (SELECT count(*) FROM organizations WHERE owner = ?1 AND deleted_at IS NOT NULL) \
             + (SELECT count(*) FROM openings WHERE owner = ?1 AND deleted_at IS NOT NULL) \
             + (SELECT count(*) FROM meetings WHERE owner = ?1 AND deleted_at IS NOT NULL)",
        )?,
    })
}
