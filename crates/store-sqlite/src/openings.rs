//! Openings: the `openings` row and its search document.

use rapport_domain::ids::{AccountId, OpeningId};
use rapport_domain::openings::Opening;
use rapport_store::{OpeningFilter, Page, StoreError, StoreResult};
use rusqlite::types::ToSql;
use rusqlite::{Connection, OptionalExtension, params};

use crate::backend;
use crate::cols::{Cols, micros, opt_micros};
use crate::search;

const COLUMNS: &str = "o.id, o.owner, o.created_at, o.updated_at, o.organization_id, o.title, o.jd_text, o.jd_url, \
    o.req_id, o.status, o.status_changed_at, o.referrer_id, o.deleted_at";

fn map_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Opening> {
    let mut c = Cols::new(row);
    Ok(Opening {
        id: c.id()?,
        owner: c.id()?,
        created_at: c.ts()?,
        updated_at: c.ts()?,
        organization_id: c.id()?,
        title: c.get()?,
        jd_text: c.get()?,
        jd_url: c.get()?,
        req_id: c.get()?,
        status: c.word()?,
        status_changed_at: c.ts()?,
        referrer_id: c.opt_id()?,
        deleted_at: c.opt_ts()?,
    })
}

pub(crate) fn get(conn: &Connection, owner: AccountId, id: OpeningId) -> StoreResult<Opening> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM openings o WHERE o.id = ?1 AND o.owner = ?2"))
        .map_err(backend)?
        .query_row(params![id.as_uuid(), owner.as_uuid()], map_row)
        .optional()
        .map_err(backend)?
        .ok_or_else(|| StoreError::not_found("opening", id))
}

pub(crate) fn list(
    conn: &Connection,
    owner: AccountId,
    filter: &OpeningFilter,
    page: Page,
) -> StoreResult<Vec<Opening>> {
    let mut clauses = vec![
        "o.owner = ?1".to_string(),
        if filter.trashed { "o.deleted_at IS NOT NULL" } else { "o.deleted_at IS NULL" }.to_string(),
    ];
    let mut args: Vec<Box<dyn ToSql>> = vec![Box::new(*owner.as_uuid())];
    if let Some(org) = filter.organization_id {
        args.push(Box::new(*org.as_uuid()));
        clauses.push(format!("o.organization_id = ?{}", args.len()));
    }
    if let Some(status) = filter.status {
        args.push(Box::new(status.as_str()));
        clauses.push(format!("o.status = ?{}", args.len()));
    }
    if let Some(referrer) = filter.referrer_id {
        args.push(Box::new(*referrer.as_uuid()));
        clauses.push(format!("o.referrer_id = ?{}", args.len()));
    }
    args.push(Box::new(i64::from(page.limit)));
    args.push(Box::new(i64::from(page.offset)));
    let sql = format!(
        "SELECT {COLUMNS} FROM openings o WHERE {} ORDER BY o.created_at, o.id LIMIT ?{} OFFSET ?{}",
        clauses.join(" AND "),
        args.len() - 1,
        args.len()
    );
    conn.prepare_cached(&sql)
        .map_err(backend)?
        .query_map(rusqlite::params_from_iter(args.iter()), map_row)
        .map_err(backend)?
        .collect::<rusqlite::Result<_>>()
        .map_err(backend)
}

pub(crate) fn write(conn: &Connection, opening: &Opening, insert: bool) -> StoreResult<()> {
    let sql = if insert {
        "INSERT INTO openings (id, owner, created_at, updated_at, organization_id, title, jd_text, jd_url, req_id, \
         status, status_changed_at, referrer_id, deleted_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
    } else {
        "UPDATE openings SET created_at = ?3, updated_at = ?4, organization_id = ?5, title = ?6, jd_text = ?7, \
         jd_url = ?8, req_id = ?9, status = ?10, status_changed_at = ?11, referrer_id = ?12, deleted_at = ?13 \
         WHERE id = ?1 AND owner = ?2"
    };
    let changed = conn
        .prepare_cached(sql)
        .map_err(backend)?
        .execute(params![
            opening.id.as_uuid(),
            opening.owner.as_uuid(),
            micros(opening.created_at),
            micros(opening.updated_at),
            opening.organization_id.as_uuid(),
            opening.title,
            opening.jd_text,
            opening.jd_url,
            opening.req_id,
            opening.status.as_str(),
            micros(opening.status_changed_at),
            opening.referrer_id.map(|r| *r.as_uuid()),
            opt_micros(opening.deleted_at),
        ])
        .map_err(|e| {
            if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) {
                StoreError::Conflict(format!(
                    "the opening `{}` names an organization or referrer that does not exist",
                    opening.title
                ))
            } else {
                backend(e)
            }
        })?;
    if changed == 0 {
        return Err(StoreError::not_found("opening", opening.id));
    }
    let body = [opening.req_id.as_deref(), opening.jd_url.as_deref(), opening.jd_text.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("\n");
    search::upsert_doc(
        conn,
        search::Doc {
            owner: opening.owner,
            kind: "opening",
            entity: *opening.id.as_uuid(),
            person_id: None,
            hidden: opening.deleted_at.is_some(),
            title: &opening.title,
            body: &body,
        },
    )
}
