//! Schema migrations: SQL files embedded at build time, applied in order at open, each in
//! its own transaction and recorded in `schema_migrations`. Append-only: a shipped file is
//! never edited; a change is a new file.
//!
//! Migrations run with references unchecked, so that a migration may rebuild a table others
//! refer to (dropping the old one would otherwise delete or unlink every row that refers to
//! it); every reference is checked before each migration commits.

use std::path::Path;

use jiff::Timestamp;
use rapport_domain::ids::AccountId;
use rapport_store::{StoreError, StoreResult};
use rusqlite::{Connection, params};

use crate::{backend, write_error};

/// `PRAGMA application_id` of a rapport file: "RPPT".
pub(crate) const APPLICATION_ID: i64 = 0x5250_5054;

/// Every migration, in order. The number is the schema version it brings the file to.
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "init", include_str!("../migrations/0001_init.sql")),
    (2, "reminders", include_str!("../migrations/0002_reminders.sql")),
    (3, "interop", include_str!("../migrations/0003_interop.sql")),
    (4, "store_changes", include_str!("../migrations/0004_store_changes.sql")),
    (
        5,
        "people_search_without_prefix_indexes",
        include_str!("../migrations/0005_people_search_without_prefix_indexes.sql"),
    ),
    (6, "plain_row_ids", include_str!("../migrations/0006_plain_row_ids.sql")),
    (7, "search_without_column_sizes", include_str!("../migrations/0007_search_without_column_sizes.sql")),
    (8, "indexed_references", include_str!("../migrations/0008_indexed_references.sql")),
    (9, "trash_lookups", include_str!("../migrations/0009_trash_lookups.sql")),
];

pub(crate) fn migrate(conn: &mut Connection, path: &Path) -> StoreResult<()> {
    let app_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(backend)?;
    let tables: i64 =
        conn.query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |r| r.get(0)).map_err(backend)?;
    if app_id != APPLICATION_ID {
        if app_id != 0 || tables > 0 {
            return Err(StoreError::NotRapport {
                path: path.to_path_buf(),
                detail: format!("it holds {tables} tables of another program"),
            });
        }
        conn.execute_batch(
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT;",
        )
        .map_err(|e| write_error(path, e))?;
        conn.pragma_update(None, "application_id", APPLICATION_ID).map_err(|e| write_error(path, e))?;
    }
    let current: i64 =
        conn.query_row("SELECT coalesce(max(version), 0) FROM schema_migrations", [], |r| r.get(0)).map_err(backend)?;
    let known = MIGRATIONS.last().map(|m| m.0).unwrap_or(0);
    if current > known {
        return Err(StoreError::TooNew { path: path.to_path_buf(), found: current, known });
    }
    if current == known {
        return Ok(());
    }
    crate::with_references_unchecked(conn, |conn| apply(conn, path, current))
}

/// Applies every migration above `current`.
fn apply(conn: &mut Connection, path: &Path, current: i64) -> StoreResult<()> {
    for (version, name, sql) in MIGRATIONS.iter().filter(|m| m.0 > current) {
        let tx = conn.transaction().map_err(|e| write_error(path, e))?;
        let failed = |e: rusqlite::Error| StoreError::Backend(format!("migration {version} ({name}) failed: {e}"));
        tx.execute_batch(sql).map_err(failed)?;
        if let Some(dangling) = crate::dangling_references(&tx)? {
            return Err(StoreError::Backend(format!(
                "migration {version} ({name}) would leave {dangling}; the file was left as it was: keep it and \
                 report this"
            )));
        }
        tx.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)",
            params![version, name, Timestamp::now().as_microsecond()],
        )
        .map_err(backend)?;
        if *version == 1 {
            tx.execute(
                "INSERT INTO accounts (id, name, created_at) VALUES (?1, 'local', ?2)",
                params![AccountId::LOCAL.as_uuid(), Timestamp::now().as_microsecond()],
            )
            .map_err(backend)?;
        }
        tx.commit().map_err(|e| write_error(path, e))?;
    }
    Ok(())
}

/// The schema version this build writes.
pub(crate) fn schema_version() -> i64 {
    MIGRATIONS.last().map(|m| m.0).unwrap_or(0)
}
