//! Import provenance: what the last import from each source wrote for a person, kept as the
//! text the import use case encodes, one row per person and source.

use rapport_domain::ids::{AccountId, PersonId};
use rapport_store::{Provenance, StoreResult};
use rusqlite::types::ToSql;
use rusqlite::{Connection, params};
use uuid::Uuid;

use crate::backend;
use crate::rows::RowInsert;

pub(crate) fn list(conn: &Connection, owner: AccountId, source: &str) -> StoreResult<Vec<Provenance>> {
    let mut stmt = conn
        .prepare_cached("SELECT person_id, fields FROM import_provenance WHERE source = ?1 AND owner = ?2")
        .map_err(backend)?;
    stmt.query_map(params![source, owner.as_uuid()], |r| {
        Ok(Provenance { person_id: PersonId::from_uuid(r.get::<_, Uuid>(0)?), fields: r.get(1)? })
    })
    .map_err(backend)?
    .collect::<rusqlite::Result<_>>()
    .map_err(backend)
}

/// What an import wrote for a person from a source, replacing what an earlier import wrote.
const PUT: RowInsert = RowInsert {
    head: "INSERT OR FAIL INTO import_provenance (person_id, owner, source, fields)",
    width: 4,
    tail: "ON CONFLICT (person_id, source) DO UPDATE SET fields = excluded.fields",
};

/// Writes `entries`, many to a statement. A failure may leave some of them behind: the
/// caller must not commit (see [`crate::rows`]).
pub(crate) fn put(conn: &Connection, owner: AccountId, source: &str, entries: &[Provenance]) -> StoreResult<()> {
    // The foreign key makes sure the person exists; a row written under the wrong owner would
    // only be invisible to `list`, which filters by owner.
    let values: Vec<&dyn ToSql> = entries
        .iter()
        .flat_map(|entry| {
            [entry.person_id.as_uuid().as_bytes() as &dyn ToSql, owner.as_uuid().as_bytes(), &source, &entry.fields]
        })
        .collect();
    PUT.run(conn, &values).map_err(backend)
}
