//! The seeker's own questions (rapport's built-in bank lives in the domain crate).

use rapport_domain::ids::{AccountId, QuestionId};
use rapport_domain::questions::Question;
use rapport_store::{StoreError, StoreResult};
use rusqlite::{Connection, OptionalExtension, params};

use crate::backend;
use crate::cols::{Cols, micros, to_json};

const COLUMNS: &str = "q.id, q.owner, q.created_at, q.text, q.category, q.tags";

fn map_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Question> {
    let mut c = Cols::new(row);
    Ok(Question {
        id: c.id()?,
        owner: Some(c.id()?),
        created_at: c.ts()?,
        text: c.get()?,
        category: c.word()?,
        tags: c.json()?,
    })
}

pub(crate) fn get(conn: &Connection, owner: AccountId, id: QuestionId) -> StoreResult<Question> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM questions q WHERE q.id = ?1 AND q.owner = ?2"))
        .map_err(backend)?
        .query_row(params![id.as_uuid(), owner.as_uuid()], map_row)
        .optional()
        .map_err(backend)?
        .ok_or_else(|| StoreError::not_found("question", id))
}

pub(crate) fn list(conn: &Connection, owner: AccountId) -> StoreResult<Vec<Question>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM questions q WHERE q.owner = ?1 ORDER BY q.created_at, q.id"))
        .map_err(backend)?
        .query_map(params![owner.as_uuid()], map_row)
        .map_err(backend)?
        .collect::<rusqlite::Result<_>>()
        .map_err(backend)
}

pub(crate) fn write(conn: &Connection, q: &Question, insert: bool) -> StoreResult<()> {
    let Some(owner) = q.owner else {
        return Err(StoreError::Conflict("rapport's built-in questions are not stored; add your own instead".into()));
    };
    let sql = if insert {
        "INSERT INTO questions (id, owner, created_at, text, category, tags) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
    } else {
        "UPDATE questions SET created_at = ?3, text = ?4, category = ?5, tags = ?6 WHERE id = ?1 AND owner = ?2"
    };
    let changed = conn
        .prepare_cached(sql)
        .map_err(backend)?
        .execute(params![
            q.id.as_uuid(),
            owner.as_uuid(),
            micros(q.created_at),
            q.text,
            q.category.as_str(),
            to_json(&q.tags)?
        ])
        .map_err(backend)?;
    if changed == 0 {
        return Err(StoreError::not_found("question", q.id));
    }
    Ok(())
}

pub(crate) fn delete(conn: &Connection, owner: AccountId, id: QuestionId) -> StoreResult<()> {
    let changed = conn
        .prepare_cached("DELETE FROM questions WHERE id = ?1 AND owner = ?2")
        .map_err(backend)?
        .execute(params![id.as_uuid(), owner.as_uuid()])
        .map_err(backend)?;
    if changed == 0 {
        return Err(StoreError::not_found("question", id));
    }
    Ok(())
}
