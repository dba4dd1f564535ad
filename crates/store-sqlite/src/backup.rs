//! Wiping an account before a restore replaces it: every record, the profile, the trash and
//! what imports and merges kept, deleted in an order the foreign keys accept.

use rapport_domain::ids::AccountId;
use rapport_store::{Holdings, StoreResult};
use rusqlite::Connection;

use crate::backend;

pub(crate) fn delete_everything(conn: &Connection, owner: AccountId) -> StoreResult<Holdings> {
    let mut wiped = Holdings::default();
    // Children first; people and organizations cascade to their tags, keys, employments,
    // provenance, ledgers and search documents. Each count is of the rows the statement
    // itself deleted, not of what cascaded from them.
    let counted: [(&str, Option<&mut usize>); 13] = [
        // Decisions about list-level reminders belong to no person: nothing cascades to them.
        ("reminder_decisions", None),
        ("reminders", None),
        ("merges", None),
        ("relationships", Some(&mut wiped.relationships)),
        ("introductions", Some(&mut wiped.introductions)),
        ("interactions", Some(&mut wiped.interactions)),
        ("tasks", Some(&mut wiped.tasks)),
        ("notes", Some(&mut wiped.notes)),
        ("meetings", Some(&mut wiped.meetings)),
        ("openings", Some(&mut wiped.openings)),
        ("questions", Some(&mut wiped.questions)),
        ("people", Some(&mut wiped.people)),
        ("organizations", Some(&mut wiped.organizations)),
    ];
    for (table, count) in counted {
        let deleted = conn
            .prepare_cached(&format!("DELETE FROM {table} WHERE owner = ?1"))
            .map_err(backend)?
            .execute([owner.as_uuid()])
            .map_err(backend)?;
        if let Some(count) = count {
            *count = deleted;
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
    Ok(wiped)
}
