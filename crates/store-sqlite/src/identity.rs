//! The identity index: every person's folded name, employer and identity keys in two
//! scans, for an import that matches a whole file in memory instead of a query per row.

use std::collections::HashMap;

use rapport_domain::ids::{AccountId, OrganizationId, PersonId};
use rapport_store::{IdentityRow, PersonKey, StoreResult};
use rusqlite::Connection;
use uuid::Uuid;

use crate::backend;
use crate::cols::Cols;

pub(crate) fn index(conn: &Connection, owner: AccountId) -> StoreResult<Vec<IdentityRow>> {
    let mut rows: Vec<IdentityRow> = Vec::new();
    let mut by_id: HashMap<Uuid, usize> = HashMap::new();
    let mut people = conn
        .prepare_cached(
            "SELECT id, updated_at, name_key, organization_id, deleted_at IS NOT NULL FROM people WHERE owner = ?1",
        )
        .map_err(backend)?;
    let mut scan = people.query([owner.as_uuid()]).map_err(backend)?;
    while let Some(row) = scan.next().map_err(backend)? {
        let mut c = Cols::new(row);
        let id: Uuid = c.get().map_err(backend)?;
        let updated_at = c.ts().map_err(backend)?;
        let name_key: String = c.get().map_err(backend)?;
        let organization_id: Option<OrganizationId> = c.opt_id().map_err(backend)?;
        let trashed = c.bool().map_err(backend)?;
        by_id.insert(id, rows.len());
        rows.push(IdentityRow {
            person_id: PersonId::from_uuid(id),
            updated_at,
            name_key,
            organization_id,
            trashed,
            keys: Vec::new(),
        });
    }
    // One plain scan of the keys: those of other accounts' people find no row above and are
    // passed over, which costs less than joining every key to its person.
    let mut keys = conn.prepare_cached("SELECT person_id, kind, key FROM person_keys").map_err(backend)?;
    let mut scan = keys.query([]).map_err(backend)?;
    while let Some(row) = scan.next().map_err(backend)? {
        let id: Uuid = row.get(0).map_err(backend)?;
        let kind: String = row.get(1).map_err(backend)?;
        let key: String = row.get(2).map_err(backend)?;
        let key = match kind.as_str() {
            "email" => PersonKey::Email(key),
            "linkedin" => PersonKey::LinkedIn(key),
            "phone" => PersonKey::Phone(key),
            _ => continue,
        };
        if let Some(&idx) = by_id.get(&id) {
            rows[idx].keys.push(key);
        }
    }
    Ok(rows)
}
