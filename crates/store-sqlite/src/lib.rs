//! rapport's embedded store: one SQLite file, opened with WAL and foreign keys, migrated at
//! open by append-only SQL files, with FTS5 full-text search.
//!
//! Queries that look records up by their parent (a person's interactions, meetings, notes…)
//! write the owner test as `+x.owner = ?`: the unary plus keeps SQLite from choosing the
//! owner index (one owner holds every row of a laptop store) over the parent's index, which
//! it otherwise may do without statistics, turning a lookup into a scan of the whole table.
//!
//! Reads run on a small pool of read-only connections (WAL lets them run beside a write);
//! writes run one at a time on the writer connection, each inside one `IMMEDIATE`
//! transaction. Both hand the caller a [`Conn`], which implements the store's `Reader` and
//! `Writer` traits; generic code only sees the trait it was given.

mod backup;
mod checkpoint;
mod cols;
mod conn;
mod identity;
mod interactions;
mod introductions;
mod meetings;
mod merges;
mod migrate;
mod network;
mod notes;
mod openings;
mod organizations;
mod people;
mod person_summaries;
mod photos;
mod profile;
mod provenance;
mod questions;
mod relationships;
mod reminders;
mod rows;
mod search;
mod tasks;
mod trash;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use rapport_domain::ids::OrganizationId;
use rapport_domain::people::Person;
use rapport_store::{Store, StoreError, StoreResult};
use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::checkpoint::Checkpointer;
pub use crate::conn::Conn;
pub use crate::people::ReadyPeople;

/// How to open a store file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenMode {
    /// Create the file (and its folder) when missing.
    Create,
    /// The file must exist already.
    Existing,
}

/// A rapport store in one SQLite file.
pub struct SqliteStore {
    path: PathBuf,
    // Stopped (and its connection closed) first, so that the writer is the last to close.
    // `None` while a bulk write runs without the log (see `write_bulk`).
    checkpointer: Mutex<Option<Checkpointer>>,
    // The readers are declared (and so dropped) before the writer: the last connection to
    // close checkpoints the log into the file and removes it, and only the writer may. Were a
    // read-only connection last, the log would stay, and every later process would first
    // rebuild its index by reading all of it (150 ms after a 30,000-person demo).
    readers: Mutex<Vec<Connection>>,
    writer: Mutex<Connection>,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore").field("path", &self.path).finish_non_exhaustive()
    }
}

/// At most this many idle read connections are kept.
const MAX_IDLE_READERS: usize = 8;

impl SqliteStore {
    /// Opens (or, with [`OpenMode::Create`], creates) the store at `path` and brings its
    /// schema up to date.
    pub fn open(path: &Path, mode: OpenMode) -> StoreResult<Self> {
        let exists = path.exists();
        if !exists && mode == OpenMode::Existing {
            return Err(StoreError::NotFound { kind: "store", id: path.display().to_string() });
        }
        if !exists && let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| StoreError::ReadOnly { path: dir.to_path_buf(), detail: e.to_string() })?;
        }
        if path.is_dir() {
            return Err(StoreError::NotRapport { path: path.to_path_buf(), detail: "it is a folder".into() });
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut writer = Connection::open_with_flags(path, flags).map_err(|e| open_error(path, e))?;
        configure(&writer, path, false)?;
        migrate::migrate(&mut writer, path)?;
        writer.execute_batch(search::WRITER_SETUP).map_err(backend)?;
        let checkpointer = Checkpointer::start(path, &mut writer)?;
        Ok(Self {
            path: path.to_path_buf(),
            checkpointer: Mutex::new(Some(checkpointer)),
            readers: Mutex::new(Vec::new()),
            writer: Mutex::new(writer),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version this build writes.
    pub fn schema_version() -> i64 {
        migrate::schema_version()
    }

    fn take_reader(&self) -> StoreResult<Connection> {
        if let Some(conn) = self.readers.lock().map_err(|_| poisoned())?.pop() {
            return Ok(conn);
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&self.path, flags).map_err(|e| open_error(&self.path, e))?;
        configure(&conn, &self.path, true)?;
        Ok(conn)
    }

    /// Takes the file out of WAL mode for a bulk write, when nothing else has it open:
    /// stops the checkpoint thread and closes the idle readers first. `false` (and the
    /// store as it was) when another connection, here or in another process, holds on.
    fn leave_log(&self, writer: &Connection) -> StoreResult<bool> {
        let mut checkpointer = self.checkpointer.lock().map_err(|_| poisoned())?;
        drop(checkpointer.take());
        self.readers.lock().map_err(|_| poisoned())?.clear();
        // Refused (busy, or the mode left as it was) while another connection has the file.
        let mode: Option<String> = writer.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0)).ok();
        Ok(mode.is_some_and(|m| m.eq_ignore_ascii_case("delete")))
    }

    /// Back to WAL mode (when `direct`) and the checkpoint thread, after a bulk write.
    fn return_to_log(&self, writer: &mut Connection, direct: bool) -> StoreResult<()> {
        if direct {
            let mode: String = writer
                .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
                .map_err(|e| write_error(&self.path, e))?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(StoreError::Backend(format!(
                    "{} stayed in journal mode {mode} after a bulk write; open it again",
                    self.path.display()
                )));
            }
        }
        let mut checkpointer = self.checkpointer.lock().map_err(|_| poisoned())?;
        if checkpointer.is_none() {
            *checkpointer = Some(Checkpointer::start(&self.path, writer)?);
        }
        Ok(())
    }

    fn give_back(&self, conn: Connection) {
        if let Ok(mut idle) = self.readers.lock()
            && idle.len() < MAX_IDLE_READERS
        {
            idle.push(conn);
        }
    }
}

impl Store for SqliteStore {
    type Reader<'a> = Conn<'a>;
    type Writer<'a> = Conn<'a>;
    type ReadyPeople = people::ReadyPeople;

    fn ready_people(
        people: Vec<Person>,
        employers: &HashMap<OrganizationId, String>,
    ) -> StoreResult<people::ReadyPeople> {
        people::ready(people, employers)
    }

    fn insert_ready_people(w: &Conn<'_>, ready: &people::ReadyPeople) -> StoreResult<()> {
        w.bulk(people::insert_ready(w.connection(), ready))
    }

    fn read<R, E: From<StoreError>>(&self, f: impl FnOnce(&Conn<'_>) -> Result<R, E>) -> Result<R, E> {
        let conn = self.take_reader()?;
        // A transaction gives the closure one consistent snapshot. BEGIN and the closing
        // ROLLBACK are cached statements: a read is often a millisecond, and parsing them
        // anew each time was a tenth of it.
        conn.prepare_cached("BEGIN").and_then(|mut s| s.execute([])).map_err(backend)?;
        let result = f(&Conn::new(&conn, &self.path));
        if !conn.is_autocommit() {
            conn.prepare_cached("ROLLBACK").and_then(|mut s| s.execute([])).map_err(backend)?;
        }
        self.give_back(conn);
        result
    }

    fn write<R, E: From<StoreError>>(&self, f: impl FnOnce(&Conn<'_>) -> Result<R, E>) -> Result<R, E> {
        let mut guard = self.writer.lock().map_err(|_| poisoned())?;
        self.write_on(&mut guard, f)
    }

    /// The write with SQLite's `foreign_keys` off: each child row's reference was a lookup
    /// in its parent's index, a sixth of a 30,000-row LinkedIn import (0.12–0.19 s). The
    /// pragma only takes effect outside a transaction, so it is set around it, and set back
    /// however the write ends.
    fn write_trusting_references<R, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&Conn<'_>) -> Result<R, E>,
    ) -> Result<R, E> {
        let mut guard = self.writer.lock().map_err(|_| poisoned())?;
        with_references_unchecked(&mut guard, |conn| {
            self.write_on(conn, |w| -> Result<R, E> {
                let value = f(w)?;
                if cfg!(debug_assertions)
                    && let Some(dangling) = dangling_references(w.connection())?
                {
                    return Err(StoreError::Backend(format!(
                        "a write trusted with its references left {dangling}; nothing was written"
                    ))
                    .into());
                }
                Ok(value)
            })
        })
    }

    /// A bulk write goes straight into the file, with SQLite's rollback journal, when this
    /// store is the only one using the file: in WAL mode every page is written twice, to
    /// the log at commit and into the file at the checkpoint, each synced to disk. Pages
    /// the file did not have before the write (nearly all of them, into a new store) need
    /// no journal. A 30,000-person demo writes 130 MB: 0.9 s less. With other connections
    /// open (a server's readers, another process) it is an ordinary write.
    fn write_bulk<R, E: From<StoreError>>(&self, f: impl FnOnce(&Conn<'_>) -> Result<R, E>) -> Result<R, E> {
        let mut guard = self.writer.lock().map_err(|_| poisoned())?;
        let direct = self.leave_log(&guard)?;
        let result = self.write_on(&mut guard, f);
        let restored = self.return_to_log(&mut guard, direct);
        let value = result?;
        restored?;
        Ok(value)
    }
}

impl SqliteStore {
    /// One write transaction on the writer: `f`, then the search index and the change token,
    /// then the commit; rolled back if any step fails.
    fn write_on<R, E: From<StoreError>>(
        &self,
        guard: &mut Connection,
        f: impl FnOnce(&Conn<'_>) -> Result<R, E>,
    ) -> Result<R, E> {
        let tx =
            guard.transaction_with_behavior(TransactionBehavior::Immediate).map_err(|e| write_error(&self.path, e))?;
        let marks = search::marks(&tx)?;
        // Dropping the transaction on any error rolls it back.
        let (outcome, poisoned) = {
            let conn = Conn::new(&tx, &self.path);
            (f(&conn), conn.poisoned())
        };
        let outcome = outcome.and_then(|value| {
            if poisoned {
                return Err(StoreError::Backend(
                    "a bulk insert failed part-way and was handled as if it had not; nothing was written: \
                     report this"
                        .into(),
                )
                .into());
            }
            search::flush(&tx, marks)?;
            network::bump(&tx)?;
            tx.commit().map_err(|e| write_error(&self.path, e))?;
            Ok(value)
        });
        // However the write ended. Should giving the memory back fail, the write's outcome
        // stands and the next write tries again.
        let _ = end_bulk(guard);
        outcome
    }
}

/// Runs `f` with SQLite's `foreign_keys` off, and sets it back on however `f` ends. The pragma
/// only takes effect outside a transaction, so `f` opens its own (the import's trusted write,
/// each migration).
pub(crate) fn with_references_unchecked<R, E: From<StoreError>>(
    conn: &mut Connection,
    f: impl FnOnce(&mut Connection) -> Result<R, E>,
) -> Result<R, E> {
    conn.pragma_update(None, "foreign_keys", false).map_err(backend)?;
    let result = f(conn);
    let restored = conn.pragma_update(None, "foreign_keys", true).map_err(backend);
    let value = result?;
    restored?;
    Ok(value)
}

/// What references to missing rows the transaction holds, described for an error (`None`
/// when there are none). It reads every reference: see [`Store::write_trusting_references`]
/// (debug builds only) and the migrations.
pub(crate) fn dangling_references(conn: &Connection) -> StoreResult<Option<String>> {
    let mut stmt = conn.prepare("PRAGMA foreign_key_check").map_err(backend)?;
    let found: Vec<(String, Option<i64>, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .map_err(backend)?
        .collect::<rusqlite::Result<_>>()
        .map_err(backend)?;
    Ok(found.first().map(|(table, row, parent)| {
        format!(
            "{} references to missing records (the first: a row of {table}{} names a missing row of {parent})",
            found.len(),
            row.map(|r| format!(" (rowid {r})")).unwrap_or_default(),
        )
    }))
}

/// The writer's page cache in KiB (SQLite's negative `cache_size`), and the one of a bulk write.
const WRITER_CACHE_KIB: i64 = -48_000;
const BULK_CACHE_KIB: i64 = -256_000;
/// The page size of a new store, in bytes (see `configure`).
const PAGE_SIZE: i64 = 16_384;
/// How much of the file each connection maps into memory (see `configure`): 1 GiB of address
/// space, not of memory; the operating system shares the mapped pages with its file cache.
const MMAP_BYTES: i64 = 1 << 30;

/// Readies the writer for a bulk write (thousands of rows: an import, a demo), for the rest
/// of its transaction:
/// - references are checked at commit (`defer_foreign_keys`): checked at each statement,
///   every child-table INSERT opened a statement journal;
/// - the page cache may grow to 256 MB: a 30,000-person demo writes 130 MB of pages, and
///   with 48 MB SQLite spilled them to the log and read them back 38,000 times mid-write.
///
/// [`end_bulk`] gives the memory back once the transaction is over.
///
/// Each is set only when not set yet: setting a flag pragma such as `defer_foreign_keys`
/// expires every prepared statement of the connection, so each bulk insert after it (an
/// import calls this once per chunk) was parsed and planned again (3 % of the writer's time
/// importing 30,000 LinkedIn rows). Reading it expires nothing.
pub(crate) fn begin_bulk(conn: &Connection) -> StoreResult<()> {
    let deferred: bool = conn
        .prepare_cached("PRAGMA defer_foreign_keys")
        .and_then(|mut s| s.query_row([], |r| r.get(0)))
        .map_err(backend)?;
    if !deferred {
        conn.prepare_cached("PRAGMA defer_foreign_keys = ON").and_then(|mut s| s.execute([])).map_err(backend)?;
    }
    let size: i64 = conn.pragma_query_value(None, "cache_size", |r| r.get(0)).map_err(backend)?;
    if size != BULK_CACHE_KIB {
        conn.pragma_update(None, "cache_size", BULK_CACHE_KIB).map_err(backend)?;
    }
    Ok(())
}

/// Back to the writer's usual cache after a bulk write, freeing what it grew to.
fn end_bulk(conn: &Connection) -> StoreResult<()> {
    let size: i64 = conn.pragma_query_value(None, "cache_size", |r| r.get(0)).map_err(backend)?;
    if size != WRITER_CACHE_KIB {
        conn.pragma_update(None, "cache_size", WRITER_CACHE_KIB).map_err(backend)?;
        conn.execute_batch("PRAGMA shrink_memory").map_err(backend)?;
    }
    Ok(())
}

fn configure(conn: &Connection, path: &Path, read_only: bool) -> StoreResult<()> {
    conn.busy_timeout(Duration::from_secs(5)).map_err(backend)?;
    // The query planner's stability guarantee: a plan never depends on the values bound to a
    // statement. Without it, SQLite marked some statements (a lookup by the first column of a
    // `WITHOUT ROWID` key, as the meeting's clues, gifts and promises are read) to be prepared
    // again whenever their bindings were cleared, which the statement cache does on each
    // reuse: a third of a full backup went to preparing the same four statements 51,000 times.
    // rapport binds no value a plan could use (no bound LIKE patterns, no statistics tables;
    // the partial index is matched by its literal expression).
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true).map_err(backend)?;
    conn.set_prepared_statement_cache_capacity(128);
    // Reading the schema is the first thing that touches the file: a foreign or damaged file
    // fails here with a message that says so.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))
        .map_err(|e| open_error(path, e))?;
    // A page cache larger than SQLite's 2 MB default, so that an ordinary write does not
    // spill pages to the log mid-way; bulk writes raise it further (see `begin_bulk`).
    // SQLite allocates it as pages are used, so an idle store stays small.
    conn.pragma_update(None, "cache_size", if read_only { -8_000 } else { WRITER_CACHE_KIB }).map_err(backend)?;
    conn.pragma_update(None, "temp_store", "MEMORY").map_err(backend)?;
    // Pages are read through a memory map of the file rather than copied in by `pread`: with
    // pages of 16 KiB (see below) each copy cost more than the page was used for, and search,
    // lists and `rapport today` read faster mapped than copied (BENCHMARKS.md). Writes still
    // go through the log. SQLite maps at most this much; past it, it reads as before.
    conn.pragma_update(None, "mmap_size", MMAP_BYTES).map_err(backend)?;
    if read_only {
        conn.pragma_update(None, "query_only", true).map_err(backend)?;
    } else {
        // A new file gets pages of 16 KiB rather than 4: fewer B-tree splits and shallower
        // trees, which took a tenth off a 30,000-row import (see BENCHMARKS.md). SQLite applies
        // it only while the file is still empty; an existing store keeps its page size.
        conn.pragma_update(None, "page_size", PAGE_SIZE).map_err(backend)?;
        let mode: String =
            conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)).map_err(|e| write_error(path, e))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::ReadOnly {
                path: path.to_path_buf(),
                detail: format!("journal mode stayed {mode}"),
            });
        }
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(backend)?;
    }
    conn.pragma_update(None, "foreign_keys", true).map_err(backend)?;
    Ok(())
}

fn poisoned() -> StoreError {
    StoreError::Backend("a previous operation panicked while holding the database; restart rapport".into())
}

/// Maps an error met while opening the file.
fn open_error(path: &Path, err: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode::*;
    match err.sqlite_error_code() {
        Some(NotADatabase) => StoreError::NotRapport { path: path.to_path_buf(), detail: "not an SQLite file".into() },
        Some(DatabaseCorrupt) => StoreError::Corrupt { path: path.to_path_buf(), detail: err.to_string() },
        Some(CannotOpen | PermissionDenied | ReadOnly) => {
            StoreError::ReadOnly { path: path.to_path_buf(), detail: err.to_string() }
        }
        _ => backend(err),
    }
}

/// Maps an error met while writing.
fn write_error(path: &Path, err: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode::*;
    match err.sqlite_error_code() {
        Some(ReadOnly | CannotOpen | PermissionDenied) => {
            StoreError::ReadOnly { path: path.to_path_buf(), detail: err.to_string() }
        }
        Some(DatabaseBusy | DatabaseLocked) => StoreError::Busy,
        // A reference checked at commit (see `people::insert_many`).
        Some(ConstraintViolation) if extended_code(&err) == Some(rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY) => {
            StoreError::Conflict(
                "the change names a record that does not exist (an organization, person, meeting or opening); \
                 nothing was written"
                    .into(),
            )
        }
        Some(DiskFull) => StoreError::Backend(format!("the disk holding {} is full; free some space", path.display())),
        _ => open_error(path, err),
    }
}

fn extended_code(err: &rusqlite::Error) -> Option<i32> {
    match err {
        rusqlite::Error::SqliteFailure(e, _) => Some(e.extended_code),
        _ => None,
    }
}

pub(crate) fn backend(err: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode::*;
    match err.sqlite_error_code() {
        Some(DatabaseBusy | DatabaseLocked) => StoreError::Busy,
        Some(DatabaseCorrupt | NotADatabase) => {
            StoreError::Corrupt { path: PathBuf::from("the database"), detail: err.to_string() }
        }
        Some(ConstraintViolation) => StoreError::Conflict(format!("the change breaks a rule of the data: {err}")),
        _ => StoreError::Backend(err.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use rusqlite::StatementStatus;

    use super::*;

    /// A cached statement is used again as it was prepared (see the stability guarantee in
    /// `configure`), even one SQLite would otherwise prepare again on every reuse.
    #[test]
    fn cached_statements_are_not_prepared_again() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("store.sqlite3");
        drop(SqliteStore::open(&path, OpenMode::Create).expect("create"));
        let conn = Connection::open(&path).expect("open");
        configure(&conn, &path, true).expect("configure");
        let sql = "SELECT tiara, text FROM clues WHERE meeting_id = ?1 ORDER BY position";
        for id in 0..20u8 {
            let found =
                conn.prepare_cached(sql).expect("prepare").query_map([[id; 16]], |_| Ok(())).expect("query").count();
            assert_eq!(found, 0);
        }
        let statement = conn.prepare_cached(sql).expect("prepare");
        assert_eq!(statement.get_status(StatementStatus::Run), 20);
        assert_eq!(statement.get_status(StatementStatus::RePrepare), 0);
    }
}
