//! The seeker's own tasks.

use rapport_domain::ids::{AccountId, TaskId};
use rapport_domain::tasks::Task;
use rapport_store::{StoreError, StoreResult};
use rusqlite::{Connection, OptionalExtension, params};

use crate::backend;
use crate::cols::{Cols, date_text, micros, opt_micros};

const COLUMNS: &str =
    "t.id, t.owner, t.created_at, t.updated_at, t.title, t.person_id, t.organization_id, t.due, t.done_at";

fn map_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Task> {
    let mut c = Cols::new(row);
    Ok(Task {
        id: c.id()?,
        owner: c.id()?,
        created_at: c.ts()?,
        updated_at: c.ts()?,
        title: c.get()?,
        person_id: c.opt_id()?,
        organization_id: c.opt_id()?,
        due: c.date()?,
        done_at: c.opt_ts()?,
    })
}

pub(crate) fn get(conn: &Connection, owner: AccountId, id: TaskId) -> StoreResult<Task> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM tasks t WHERE t.id = ?1 AND t.owner = ?2"))
        .map_err(backend)?
        .query_row(params![id.as_uuid(), owner.as_uuid()], map_row)
        .optional()
        .map_err(backend)?
        .ok_or_else(|| StoreError::not_found("task", id))
}

pub(crate) fn list(conn: &Connection, owner: AccountId, include_done: bool) -> StoreResult<Vec<Task>> {
    let done = if include_done { "" } else { " AND t.done_at IS NULL" };
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM tasks t WHERE t.owner = ?1{done} ORDER BY t.due IS NULL, t.due, t.created_at, t.id"
    ))
    .map_err(backend)?
    .query_map(params![owner.as_uuid()], map_row)
    .map_err(backend)?
    .collect::<rusqlite::Result<_>>()
    .map_err(backend)
}

pub(crate) fn write(conn: &Connection, task: &Task, insert: bool) -> StoreResult<()> {
    let sql = if insert {
        "INSERT INTO tasks (id, owner, created_at, updated_at, title, person_id, organization_id, due, done_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
    } else {
        "UPDATE tasks SET created_at = ?3, updated_at = ?4, title = ?5, person_id = ?6, organization_id = ?7, due = ?8, \
         done_at = ?9 WHERE id = ?1 AND owner = ?2"
    };
    let changed = conn
        .prepare_cached(sql)
        .map_err(backend)?
        .execute(params![
            task.id.as_uuid(),
            task.owner.as_uuid(),
            micros(task.created_at),
            micros(task.updated_at),
            task.title,
            task.person_id.map(|p| *p.as_uuid()),
            task.organization_id.map(|o| *o.as_uuid()),
            date_text(task.due),
            opt_micros(task.done_at),
        ])
        .map_err(|e| {
            if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) {
                StoreError::Conflict("the task names a person or organization that does not exist".into())
            } else {
                backend(e)
            }
        })?;
    if changed == 0 {
        return Err(StoreError::not_found("task", task.id));
    }
    Ok(())
}

pub(crate) fn delete(conn: &Connection, owner: AccountId, id: TaskId) -> StoreResult<()> {
    let changed = conn
        .prepare_cached("DELETE FROM tasks WHERE id = ?1 AND owner = ?2")
        .map_err(backend)?
        .execute(params![id.as_uuid(), owner.as_uuid()])
        .map_err(backend)?;
    if changed == 0 {
        return Err(StoreError::not_found("task", id));
    }
    Ok(())
}
