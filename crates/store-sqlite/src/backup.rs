//! Wiping an account before a restore replaces it: every record, the profile, the trash and
//! what imports and merges kept, deleted in an order the foreign keys accept.

use rapport_domain::ids::AccountId;
use rapport_store::StoreResult;
use rusqlite::Connection;

use crate::backend;

pub(crate) fn delete_everything(conn: &Connection, owner: AccountId) -> StoreResult<u64> {
    let mut total = 0u64;
    // Children first; people and organizations cascade to their tags, keys, employments,
    // provenance, ledgers and search documents.
    for table in [
        // Decisions about list-level reminders belong to no person: nothing cascades to them.
        "reminder_decisions",
        "reminders",
        "merges",
        "relationships",
        "introductions",
        "interactions",
        "tasks",
        "notes",
        "meetings",
        "openings",
        "questions",
        "people",
        "organizations",
    ] {
        let deleted = conn
            .prepare_cached(&format!("DELETE FROM {table} WHERE owner = ?1"))
            .map_err(backend)?
            .execute([owner.as_uuid()])
            .map_err(backend)? as u64;
        // Reminders and decisions are derived or kept beside the records, not records.
        if !table.starts_with("reminder") {
            total += deleted;
        }
    }
    conn.prepare_cached("DELETE FROM profiles WHERE owner = ?1")
        .map_err(backend)?
        .execute([owner.as_uuid()])
        .map_err(backend)?;
    // Search documents of records that had no cascade (notes on organizations and openings
    // went with their rows through the delete triggers).
    conn.prepare_cached("DELETE FROM search_docs WHERE owner = ?1")
        .map_err(backend)?
        .execute([owner.as_uuid()])
        .map_err(backend)?;
    Ok(total)
}
