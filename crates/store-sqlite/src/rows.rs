//! Many rows into one table: [`RowInsert::run`] writes them [`ROWS_PER_STATEMENT`] to a
//! statement (`INSERT OR FAIL … VALUES (…), (…), …`), for the bulk writes of an import.
//!
//! Why `OR FAIL`: a statement that may write several rows and stop half-way under SQLite's
//! default conflict rule (`ABORT`, which undoes the statement's own rows) makes SQLite keep a
//! statement journal, a copy of every page the statement touches, so it can undo them. That
//! copy cost more than sending the rows one by one saved (multi-row inserts were once measured
//! slower than single ones for that reason). `FAIL` stops at the failing row and keeps the
//! rows before it, so SQLite needs no such copy: 30,000 first touches went in 27 % faster
//! than row by row (100 vs 136 ms). A failed statement therefore leaves part of its rows
//! behind, and the caller must not commit: the writer's connection marks the transaction
//! failed when a bulk insert fails (`Conn::bulk`), and the store then refuses to commit it,
//! whatever the closure made of the error.

use rusqlite::config::DbConfig;
use rusqlite::types::ToSql;
use rusqlite::{Connection, Error};

/// Rows per multi-row statement. Past 16 the gain flattens (16: 100 ms, 64: 102 ms for
/// 30,000 first touches); 32 keeps the widest row (a person's 43 values) far under SQLite's
/// limit of 32,766 parameters.
pub(crate) const ROWS_PER_STATEMENT: usize = 32;

/// A multi-row insert: the statement up to `VALUES` (`INSERT OR FAIL INTO t (a, b)`, or
/// `INSERT OR IGNORE` where duplicates are skipped on purpose: neither conflict rule needs a
/// statement journal), how many values a row has, and what follows the rows (an upsert's
/// `ON CONFLICT …`, or nothing).
pub(crate) struct RowInsert {
    pub(crate) head: &'static str,
    pub(crate) width: usize,
    pub(crate) tail: &'static str,
}

impl RowInsert {
    /// Inserts `values` (rows of `width` values each) with statements of
    /// [`ROWS_PER_STATEMENT`] rows, and the last rows one by one. All of them one by one when
    /// SQLite checks references: a statement that checks them and writes several rows needs
    /// the statement journal whatever its conflict rule (a failed check undoes the statement),
    /// and `rapport demo` ran 4 % slower with it. Only the import's trusted write, which turns
    /// the checks off, writes many rows to a statement.
    pub(crate) fn run(&self, conn: &Connection, values: &[&dyn ToSql]) -> Result<(), Error> {
        debug_assert!(
            values.len().is_multiple_of(self.width),
            "{} values are not rows of {}",
            values.len(),
            self.width
        );
        let rows = if conn.db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_FKEY)? { 1 } else { ROWS_PER_STATEMENT };
        let mut full = values.chunks_exact(self.width * rows);
        if full.len() > 0 {
            let mut stmt = conn.prepare_cached(&self.statement(rows))?;
            for chunk in &mut full {
                stmt.execute(chunk)?;
            }
        }
        let rest = full.remainder();
        if !rest.is_empty() {
            let mut stmt = conn.prepare_cached(&self.statement(1))?;
            for row in rest.chunks_exact(self.width) {
                stmt.execute(row)?;
            }
        }
        Ok(())
    }

    /// `head VALUES (?, …), … tail`: `rows` groups of `width` placeholders.
    fn statement(&self, rows: usize) -> String {
        let row = format!("({})", vec!["?"; self.width].join(", "));
        format!("{} VALUES {} {}", self.head, vec![row.as_str(); rows].join(", "), self.tail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: RowInsert = RowInsert { head: "INSERT OR FAIL INTO t (a, b)", width: 2, tail: "" };

    fn table() -> Connection {
        let conn = Connection::open_in_memory().expect("open");
        conn.execute_batch("CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT NOT NULL) STRICT").expect("table");
        conn
    }

    #[test]
    fn every_row_goes_in_whatever_the_count_with_references_checked_or_not() {
        for (count, checked) in [0, 1, ROWS_PER_STATEMENT - 1, ROWS_PER_STATEMENT, 2 * ROWS_PER_STATEMENT + 5]
            .into_iter()
            .flat_map(|count| [(count, false), (count, true)])
        {
            let conn = table();
            conn.pragma_update(None, "foreign_keys", checked).expect("pragma");
            let rows: Vec<(i64, String)> = (0..count as i64).map(|i| (i, format!("row {i}"))).collect();
            let values: Vec<&dyn ToSql> = rows.iter().flat_map(|(a, b)| [a as &dyn ToSql, b as &dyn ToSql]).collect();
            T.run(&conn, &values).expect("insert");
            let stored: Vec<(i64, String)> = conn
                .prepare("SELECT a, b FROM t ORDER BY a")
                .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
                .expect("read");
            assert_eq!(stored, rows, "{count} rows, references checked: {checked}");
        }
    }

    #[test]
    fn a_failing_row_stops_the_statement_with_the_error() {
        let conn = table();
        let rows: Vec<(i64, String)> = (0..40).map(|i| (i % 35, format!("row {i}"))).collect();
        let values: Vec<&dyn ToSql> = rows.iter().flat_map(|(a, b)| [a as &dyn ToSql, b as &dyn ToSql]).collect();
        let err = T.run(&conn, &values).expect_err("row 35 repeats key 0");
        assert_eq!(err.sqlite_error_code(), Some(rusqlite::ErrorCode::ConstraintViolation), "{err}");
    }

    #[test]
    fn an_upsert_tail_applies_to_every_row() {
        let conn = table();
        let upsert = RowInsert {
            head: "INSERT OR FAIL INTO t (a, b)",
            width: 2,
            tail: "ON CONFLICT (a) DO UPDATE SET b = excluded.b",
        };
        let first: Vec<(i64, String)> = (0..40).map(|i| (i, "first".to_string())).collect();
        let again: Vec<(i64, String)> = (20..60).map(|i| (i, "again".to_string())).collect();
        for rows in [&first, &again] {
            let values: Vec<&dyn ToSql> = rows.iter().flat_map(|(a, b)| [a as &dyn ToSql, b as &dyn ToSql]).collect();
            upsert.run(&conn, &values).expect("upsert");
        }
        let count = |b: &str| -> i64 {
            conn.query_row("SELECT count(*) FROM t WHERE b = ?1", [b], |r| r.get(0)).expect("count")
        };
        assert_eq!((count("first"), count("again")), (20, 40));
    }
}
