//! Meetings: the `meetings` row, its pinned questions, its ledger (clues, gifts, promises)
//! and its search document, written together and read together.

use jiff::Timestamp;
use rapport_domain::ids::{AccountId, MeetingId, PersonId, QuestionId};
use rapport_domain::meetings::{Clue, Gift, Ledger, Meeting, Payment, Promise};
use rapport_store::{StoreError, StoreResult};
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use crate::backend;
use crate::cols::{Cols, date_text, micros, opt_micros};
use crate::search;

const COLUMNS: &str = "m.id, m.owner, m.created_at, m.updated_at, m.person_id, m.scheduled_at, m.duration_min, m.mode, \
    m.location, m.agenda, m.notes, m.status, m.opening_id, m.reciprocal_offer, m.they_asked_for, m.payer, \
    m.paid_amount_minor, m.paid_currency, m.rapport, m.opening_close, m.debriefed_at, m.deleted_at";

fn map_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Meeting> {
    let mut c = Cols::new(row);
    let id = c.id()?;
    let owner = c.id()?;
    let created_at = c.ts()?;
    let updated_at = c.ts()?;
    let person_id = c.id()?;
    let scheduled_at = c.ts()?;
    let duration_min = c.small()?;
    let mode = c.word()?;
    let location = c.get()?;
    let agenda = c.get()?;
    let notes = c.get()?;
    let status = c.word()?;
    let opening_id = c.opt_id()?;
    let reciprocal_offer = c.get()?;
    let they_asked_for = c.get()?;
    let payer = c.opt_word()?;
    let amount_minor = c.opt_small()?;
    let currency = c.get()?;
    let rapport = c.opt_small()?;
    let opening_close = c.opt_word()?;
    let debriefed_at = c.opt_ts()?;
    let deleted_at = c.opt_ts()?;
    Ok(Meeting {
        id,
        owner,
        created_at,
        updated_at,
        person_id,
        scheduled_at,
        duration_min,
        mode,
        location,
        agenda,
        notes,
        status,
        opening_id,
        questions: Vec::new(),
        ledger: Ledger {
            clues: Vec::new(),
            gifts: Vec::new(),
            promises: Vec::new(),
            reciprocal_offer,
            they_asked_for,
            payment: payer.map(|payer| Payment { payer, amount_minor, currency }),
            rapport,
            opening_close,
            debriefed_at,
        },
        deleted_at,
    })
}

fn load_children(conn: &Connection, meeting: &mut Meeting) -> StoreResult<()> {
    let id = meeting.id.as_uuid();
    meeting.questions = conn
        .prepare_cached("SELECT question_id FROM meeting_questions WHERE meeting_id = ?1 ORDER BY position")
        .map_err(backend)?
        .query_map([id], |r| r.get::<_, Uuid>(0).map(QuestionId::from_uuid))
        .map_err(backend)?
        .collect::<rusqlite::Result<_>>()
        .map_err(backend)?;
    meeting.ledger.clues = conn
        .prepare_cached("SELECT tiara, text FROM clues WHERE meeting_id = ?1 ORDER BY position")
        .map_err(backend)?
        .query_map([id], |r| {
            let mut c = Cols::new(r);
            Ok(Clue { tiara: c.word()?, text: c.get()? })
        })
        .map_err(backend)?
        .collect::<rusqlite::Result<_>>()
        .map_err(backend)?;
    meeting.ledger.gifts = conn
        .prepare_cached(
            "SELECT kind, text, person_id, introduction_id, opening_id, url FROM gifts WHERE meeting_id = ?1 ORDER BY position",
        )
        .map_err(backend)?
        .query_map([id], |r| {
            let mut c = Cols::new(r);
            Ok(Gift {
                kind: c.word()?,
                text: c.get()?,
                person_id: c.opt_id()?,
                introduction_id: c.opt_id()?,
                opening_id: c.opt_id()?,
                url: c.get()?,
            })
        })
        .map_err(backend)?
        .collect::<rusqlite::Result<_>>()
        .map_err(backend)?;
    meeting.ledger.promises = conn
        .prepare_cached("SELECT id, owed_by, text, due, done_at FROM promises WHERE meeting_id = ?1 ORDER BY position")
        .map_err(backend)?
        .query_map([id], |r| {
            let mut c = Cols::new(r);
            Ok(Promise { id: c.id()?, owed_by: c.word()?, text: c.get()?, due: c.date()?, done_at: c.opt_ts()? })
        })
        .map_err(backend)?
        .collect::<rusqlite::Result<_>>()
        .map_err(backend)?;
    Ok(())
}

fn query(conn: &Connection, sql: &str, params: impl rusqlite::Params) -> StoreResult<Vec<Meeting>> {
    let mut meetings: Vec<Meeting> = conn
        .prepare_cached(sql)
        .map_err(backend)?
        .query_map(params, map_row)
        .map_err(backend)?
        .collect::<rusqlite::Result<_>>()
        .map_err(backend)?;
    for meeting in &mut meetings {
        load_children(conn, meeting)?;
    }
    Ok(meetings)
}

pub(crate) fn get(conn: &Connection, owner: AccountId, id: MeetingId) -> StoreResult<Meeting> {
    query(
        conn,
        &format!("SELECT {COLUMNS} FROM meetings m WHERE m.id = ?1 AND m.owner = ?2"),
        params![id.as_uuid(), owner.as_uuid()],
    )?
    .pop()
    .ok_or_else(|| StoreError::not_found("meeting", id))
}

pub(crate) fn for_person(conn: &Connection, owner: AccountId, person: PersonId) -> StoreResult<Vec<Meeting>> {
    query(
        conn,
        &format!(
            "SELECT {COLUMNS} FROM meetings m WHERE m.person_id = ?1 AND +m.owner = ?2 AND +m.deleted_at IS NULL \
             ORDER BY m.scheduled_at, m.id"
        ),
        params![person.as_uuid(), owner.as_uuid()],
    )
}

pub(crate) fn between(
    conn: &Connection,
    owner: AccountId,
    from: Timestamp,
    to: Timestamp,
) -> StoreResult<Vec<Meeting>> {
    query(
        conn,
        &format!(
            "SELECT {COLUMNS} FROM meetings m JOIN people p ON p.id = m.person_id WHERE m.owner = ?1 \
             AND m.scheduled_at >= ?2 AND m.scheduled_at < ?3 AND m.deleted_at IS NULL AND p.deleted_at IS NULL \
             ORDER BY m.scheduled_at, m.id"
        ),
        params![owner.as_uuid(), micros(from), micros(to)],
    )
}

pub(crate) fn write(conn: &Connection, m: &Meeting, insert: bool) -> StoreResult<()> {
    let sql = if insert {
        "INSERT INTO meetings (id, owner, created_at, updated_at, person_id, scheduled_at, duration_min, mode, location, \
         agenda, notes, status, opening_id, reciprocal_offer, they_asked_for, payer, paid_amount_minor, paid_currency, \
         rapport, opening_close, debriefed_at, deleted_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, \
         ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)"
    } else {
        "UPDATE meetings SET created_at = ?3, updated_at = ?4, person_id = ?5, scheduled_at = ?6, duration_min = ?7, \
         mode = ?8, location = ?9, agenda = ?10, notes = ?11, status = ?12, opening_id = ?13, reciprocal_offer = ?14, \
         they_asked_for = ?15, payer = ?16, paid_amount_minor = ?17, paid_currency = ?18, rapport = ?19, \
         opening_close = ?20, debriefed_at = ?21, deleted_at = ?22 WHERE id = ?1 AND owner = ?2"
    };
    let ledger = &m.ledger;
    let changed = conn
        .prepare_cached(sql)
        .map_err(backend)?
        .execute(params![
            m.id.as_uuid(),
            m.owner.as_uuid(),
            micros(m.created_at),
            micros(m.updated_at),
            m.person_id.as_uuid(),
            micros(m.scheduled_at),
            m.duration_min,
            m.mode.as_str(),
            m.location,
            m.agenda,
            m.notes,
            m.status.as_str(),
            m.opening_id.map(|o| *o.as_uuid()),
            ledger.reciprocal_offer,
            ledger.they_asked_for,
            ledger.payment.as_ref().map(|p| p.payer.as_str()),
            ledger.payment.as_ref().and_then(|p| p.amount_minor),
            ledger.payment.as_ref().and_then(|p| p.currency.clone()),
            ledger.rapport,
            ledger.opening_close.map(|o| o.as_str()),
            opt_micros(ledger.debriefed_at),
            opt_micros(m.deleted_at),
        ])
        .map_err(|e| {
            if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) {
                StoreError::Conflict("the meeting names a person or opening that does not exist".into())
            } else {
                backend(e)
            }
        })?;
    if changed == 0 {
        return Err(StoreError::not_found("meeting", m.id));
    }
    let id = m.id.as_uuid();
    if !insert {
        for sql in [
            "DELETE FROM meeting_questions WHERE meeting_id = ?1",
            "DELETE FROM clues WHERE meeting_id = ?1",
            "DELETE FROM gifts WHERE meeting_id = ?1",
            "DELETE FROM promises WHERE meeting_id = ?1",
        ] {
            conn.prepare_cached(sql).map_err(backend)?.execute([id]).map_err(backend)?;
        }
    }
    let mut stmt = conn
        .prepare_cached("INSERT INTO meeting_questions (meeting_id, position, question_id) VALUES (?1, ?2, ?3)")
        .map_err(backend)?;
    for (pos, q) in m.questions.iter().enumerate() {
        stmt.execute(params![id, pos as i64, q.as_uuid()]).map_err(backend)?;
    }
    let mut stmt = conn
        .prepare_cached("INSERT INTO clues (meeting_id, position, tiara, text) VALUES (?1, ?2, ?3, ?4)")
        .map_err(backend)?;
    for (pos, clue) in ledger.clues.iter().enumerate() {
        stmt.execute(params![id, pos as i64, clue.tiara.as_str(), clue.text]).map_err(backend)?;
    }
    let mut stmt = conn
        .prepare_cached(
            "INSERT INTO gifts (meeting_id, position, kind, text, person_id, introduction_id, opening_id, url) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )
        .map_err(backend)?;
    for (pos, gift) in ledger.gifts.iter().enumerate() {
        stmt.execute(params![
            id,
            pos as i64,
            gift.kind.as_str(),
            gift.text,
            gift.person_id.map(|p| *p.as_uuid()),
            gift.introduction_id.map(|i| *i.as_uuid()),
            gift.opening_id.map(|o| *o.as_uuid()),
            gift.url
        ])
        .map_err(backend)?;
    }
    let mut stmt = conn
        .prepare_cached(
            "INSERT INTO promises (id, meeting_id, position, owed_by, text, due, done_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )
        .map_err(backend)?;
    for (pos, promise) in ledger.promises.iter().enumerate() {
        stmt.execute(params![
            promise.id.as_uuid(),
            id,
            pos as i64,
            promise.owed_by.as_str(),
            promise.text,
            date_text(promise.due),
            opt_micros(promise.done_at)
        ])
        .map_err(|e| {
            if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) {
                StoreError::Conflict(format!("promise {} is already recorded on another meeting", promise.id))
            } else {
                backend(e)
            }
        })?;
    }
    index(conn, m)
}

/// The meeting's search document: the person's name as its title, and the agenda, notes
/// and every line of the ledger as its body.
pub(crate) fn index(conn: &Connection, m: &Meeting) -> StoreResult<()> {
    let (name, person_hidden): (String, bool) = conn
        .prepare_cached("SELECT full_name, deleted_at IS NOT NULL FROM people WHERE id = ?1")
        .map_err(backend)?
        .query_row([m.person_id.as_uuid()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
        .map_err(backend)?
        .unwrap_or_default();
    let mut body = String::new();
    let mut add = |s: &str| {
        if !s.is_empty() {
            body.push_str(s);
            body.push('\n');
        }
    };
    add(m.agenda.as_deref().unwrap_or(""));
    add(m.notes.as_deref().unwrap_or(""));
    add(m.location.as_deref().unwrap_or(""));
    for clue in &m.ledger.clues {
        add(&clue.text);
    }
    for gift in &m.ledger.gifts {
        add(&gift.text);
    }
    for promise in &m.ledger.promises {
        add(&promise.text);
    }
    add(m.ledger.reciprocal_offer.as_deref().unwrap_or(""));
    add(m.ledger.they_asked_for.as_deref().unwrap_or(""));
    let title = format!("Meeting with {name}");
    search::upsert_doc(
        conn,
        search::Doc {
            owner: m.owner,
            kind: "meeting",
            entity: *m.id.as_uuid(),
            person_id: Some(m.person_id),
            hidden: m.deleted_at.is_some() || person_hidden,
            title: &title,
            body: &body,
        },
    )
}

/// Every meeting, live and in the trash, earliest first (for exports and backups).
pub(crate) fn all(conn: &Connection, owner: AccountId) -> StoreResult<Vec<Meeting>> {
    query(
        conn,
        &format!("SELECT {COLUMNS} FROM meetings m WHERE m.owner = ?1 ORDER BY m.scheduled_at, m.id"),
        params![owner.as_uuid()],
    )
}
