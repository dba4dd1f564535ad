//! Reminders, materialized from each person's records by the core, and the seeker's decisions
//! about them. Reading what is due at a moment is a range over a covering index: the most
//! pressing few are chosen and counted from the index alone, and only those few rows are read.

use jiff::Timestamp;
use rapport_domain::ids::{AccountId, PersonId};
use rapport_domain::interactions::Interaction;
use rapport_domain::reminders::{DecisionAction, Priority, Reminder, ReminderDecision};
use rapport_store::{DUE_COUNT_CAP, DuePage, DueQuery, StoreError, StoreResult};
use rusqlite::{Connection, params};

use crate::backend;
use crate::cols::{Cols, micros, opt_micros};

const COLUMNS: &str = "r.key, r.rule, r.person_id, r.opens_at, r.due_at, r.overdue_at, r.escalate_at, r.expires_at, \
    r.urgency, r.what, r.who, r.why";

fn map_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Reminder> {
    let mut c = Cols::new(row);
    Ok(Reminder {
        key: c.get()?,
        rule: c.word()?,
        person_id: Some(c.id()?),
        opens_at: c.ts()?,
        due_at: c.ts()?,
        overdue_at: c.ts()?,
        escalate_at: c.opt_ts()?,
        expires_at: c.opt_ts()?,
        priority: priority(c.small::<u8>()?),
        what: c.get()?,
        who: c.get()?,
        why: c.get()?,
    })
}

/// The priority as the number stored in `urgency` (0 is the most urgent).
fn urgency(priority: Priority) -> i64 {
    Priority::ALL.iter().position(|p| *p == priority).unwrap_or(Priority::ALL.len()) as i64
}

fn priority(urgency: u8) -> Priority {
    Priority::ALL.get(usize::from(urgency)).copied().unwrap_or(Priority::Low)
}

/// The filter of a window: `?1` is the owner, `?2` now, `?3` and `?4` the bounds on when
/// reminders open.
fn window(query: &DueQuery) -> &'static str {
    if query.late {
        "owner = ?1 AND hidden = 0 AND overdue_at <= ?2 AND (expires_at IS NULL OR expires_at > ?2) \
         AND opens_at > ?3 AND opens_at <= ?4"
    } else {
        "owner = ?1 AND hidden = 0 AND overdue_at > ?2 AND (expires_at IS NULL OR expires_at > ?2) \
         AND opens_at > ?3 AND opens_at <= ?4"
    }
}

/// Thirty days in microseconds: the span `reminders_long_open` indexes.
const LONG_OPEN: i64 = 30 * 24 * 3_600 * 1_000_000;

/// The most pressing reminders of a window and their count. The index that serves depends on
/// the window and on how much is late, so that the cost follows what is shown rather than the
/// size of the network:
///
/// - late, fewer than the cap: every late reminder is read by opening time with its sort keys
///   and ordered here (what has opened is the late and the current, and the current are few
///   when little is late);
/// - late, the cap or more: they are counted up to the cap (stopping there: late reminders
///   are then most of what has opened), and the most pressing few are read
///   in order of urgency and due time, which stops as soon as it has enough (escalated ones
///   are all urgent and the earliest due among the urgent, so that order finds them first);
/// - not late: every match is read with its sort keys and ordered here. What has opened by now
///   and is not late opened in the last 30 days, unless it is one of the rare long-open ones,
///   which have their own small index; so only those two ranges are read, never the far future
///   nor the late past.
pub(crate) fn due(conn: &Connection, owner: AccountId, query: &DueQuery) -> StoreResult<DuePage> {
    let filter = window(query);
    let now = micros(query.now);
    let after = query.opens_after.map_or(i64::MIN, micros);
    let until = micros(query.opens_until);
    let cap = i64::from(DUE_COUNT_CAP);
    // Sort keys of every match through `index`, opening in `(after, until]`, plus `extra`.
    let keyed = |index: &str, extra: &str, after: i64, until: i64| -> StoreResult<Vec<(Stand, i64)>> {
        if after >= until {
            return Ok(Vec::new());
        }
        conn.prepare_cached(&format!(
            "SELECT id, escalate_at, due_at, opens_at, urgency FROM reminders INDEXED BY {index} WHERE {filter}{extra}"
        ))
        .map_err(backend)?
        .query_map(params![owner.as_uuid(), now, after, until], |r| {
            Ok((Stand::at(now, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?), r.get(0)?))
        })
        .map_err(backend)?
        .collect::<rusqlite::Result<_>>()
        .map_err(backend)
    };

    let (keyed, ids, total, capped) = if query.late {
        let counted: i64 = conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM (SELECT 1 FROM reminders INDEXED BY reminders_by_opening WHERE {filter} LIMIT ?5)"
            ))
            .map_err(backend)?
            .query_row(params![owner.as_uuid(), now, after, until, cap + 1], |r| r.get(0))
            .map_err(backend)?;
        if counted > cap {
            let ids: Vec<i64> = conn
                .prepare_cached(&format!(
                    "SELECT id FROM reminders INDEXED BY reminders_by_urgency WHERE {filter} \
                     ORDER BY urgency, due_at LIMIT ?5"
                ))
                .map_err(backend)?
                .query_map(params![owner.as_uuid(), now, after, until, i64::from(query.limit)], |r| r.get(0))
                .map_err(backend)?
                .collect::<rusqlite::Result<_>>()
                .map_err(backend)?;
            (Vec::new(), ids, cap, true)
        } else {
            let all = keyed("reminders_by_opening", "", after, until)?;
            let total = all.len() as i64;
            (all, Vec::new(), total, false)
        }
    } else {
        let recent = now.saturating_sub(LONG_OPEN);
        let mut all = keyed("reminders_by_opening", "", after.max(recent), until)?;
        all.extend(keyed(
            "reminders_long_open",
            " AND overdue_at - opens_at > 2592000000000",
            after,
            until.min(recent),
        )?);
        let total = all.len() as i64;
        (all, Vec::new(), total, false)
    };
    let ids = if keyed.is_empty() {
        ids
    } else {
        let mut keyed = keyed;
        keyed.sort_unstable();
        keyed.into_iter().take(usize::try_from(query.limit).unwrap_or(usize::MAX)).map(|(_, id)| id).collect()
    };
    let mut reminders = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let marks = vec!["?"; chunk.len()].join(", ");
        let mut stmt =
            conn.prepare(&format!("SELECT {COLUMNS} FROM reminders r WHERE r.id IN ({marks})")).map_err(backend)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(chunk.iter()), map_row).map_err(backend)?;
        for row in rows {
            reminders.push(row.map_err(backend)?);
        }
    }
    reminders.sort_by(|a, b| pressing(a, query.now).cmp(&pressing(b, query.now)).then_with(|| a.key.cmp(&b.key)));
    Ok(DuePage { reminders, total: u64::try_from(total).unwrap_or(0), capped })
}

/// How pressing a reminder is at a moment, as far as its times and priority tell: escalated
/// first, then due, open and upcoming, then by priority and due time. Smaller is more pressing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Stand {
    calm: bool,
    stand: u8,
    urgency: i64,
    due_at: i64,
}

impl Stand {
    fn at(now: i64, escalate_at: Option<i64>, due_at: i64, opens_at: i64, urgency: i64) -> Self {
        let stand = if due_at <= now {
            0
        } else if opens_at <= now {
            1
        } else {
            2
        };
        Self { calm: escalate_at.is_none_or(|t| t > now), stand, urgency, due_at }
    }
}

/// The [`Stand`] of a reminder read whole.
fn pressing(r: &Reminder, now: Timestamp) -> Stand {
    Stand::at(micros(now), r.escalate_at.map(micros), micros(r.due_at), micros(r.opens_at), urgency(r.priority))
}

pub(crate) fn for_person(conn: &Connection, owner: AccountId, person: PersonId) -> StoreResult<Vec<Reminder>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM reminders r WHERE r.person_id = ?1 AND +r.owner = ?2 ORDER BY r.due_at, r.key"
    ))
    .map_err(backend)?
    .query_map(params![person.as_uuid(), owner.as_uuid()], map_row)
    .map_err(backend)?
    .collect::<rusqlite::Result<_>>()
    .map_err(backend)
}

pub(crate) fn with_key(conn: &Connection, owner: AccountId, key: &str) -> StoreResult<Vec<Reminder>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM reminders r WHERE r.owner = ?1 AND r.key = ?2 ORDER BY r.due_at, r.person_id"
    ))
    .map_err(backend)?
    .query_map(params![owner.as_uuid(), key], map_row)
    .map_err(backend)?
    .collect::<rusqlite::Result<_>>()
    .map_err(backend)
}

pub(crate) fn replace(
    conn: &Connection,
    owner: AccountId,
    person: PersonId,
    reminders: &[Reminder],
) -> StoreResult<()> {
    if let Some(stray) = reminders.iter().find(|r| r.person_id != Some(person)) {
        return Err(StoreError::Conflict(format!(
            "reminder `{}` belongs to another person than {person}; replace each person's reminders on their own",
            stray.key
        )));
    }
    // `+owner` keeps the planner on the person's own index: with the owner's, every delete
    // would walk all of the account's reminders.
    conn.prepare_cached("DELETE FROM reminders WHERE person_id = ?1 AND +owner = ?2")
        .map_err(backend)?
        .execute(params![person.as_uuid(), owner.as_uuid()])
        .map_err(backend)?;
    add(conn, owner, reminders)
}

/// Inserts reminders without looking for earlier ones (see `Writer::add_reminders`). The
/// person's row is read once per run of their reminders: it proves the person is the owner's
/// and says whether they are in the trash (`hidden`). A plain `INSERT … VALUES` per row: an
/// `INSERT … SELECT` opens a statement journal per row and took twice as long.
pub(crate) fn add(conn: &Connection, owner: AccountId, reminders: &[Reminder]) -> StoreResult<()> {
    if reminders.is_empty() {
        return Ok(());
    }
    let mut person_row = conn
        .prepare_cached("SELECT deleted_at IS NOT NULL FROM people WHERE id = ?1 AND owner = ?2")
        .map_err(backend)?;
    let mut insert = conn
        .prepare_cached(
            "INSERT INTO reminders (owner, person_id, key, rule, urgency, opens_at, due_at, overdue_at, escalate_at, \
             expires_at, what, who, why, hidden) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )
        .map_err(backend)?;
    let mut last: Option<(PersonId, bool)> = None;
    for r in reminders {
        let Some(person) = r.person_id else {
            return Err(StoreError::Conflict(format!(
                "reminder `{}` names no person; only a person's reminders are stored",
                r.key
            )));
        };
        let hidden = match last {
            Some((id, hidden)) if id == person => hidden,
            _ => {
                let hidden: bool = person_row
                    .query_row(params![person.as_uuid(), owner.as_uuid()], |r| r.get(0))
                    .map_err(|e| match e {
                        rusqlite::Error::QueryReturnedNoRows => StoreError::not_found("person", person),
                        e => backend(e),
                    })?;
                last = Some((person, hidden));
                hidden
            }
        };
        insert
            .execute(params![
                owner.as_uuid(),
                person.as_uuid(),
                r.key,
                r.rule.as_str(),
                urgency(r.priority),
                micros(r.opens_at),
                micros(r.due_at),
                micros(r.overdue_at),
                opt_micros(r.escalate_at),
                opt_micros(r.expires_at),
                r.what,
                r.who,
                r.why,
                hidden,
            ])
            .map_err(|e| {
                if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) {
                    StoreError::Conflict(format!("reminder `{}` is given twice for the same person", r.key))
                } else {
                    backend(e)
                }
            })?;
    }
    Ok(())
}

fn map_decision(row: &rusqlite::Row<'_>) -> rusqlite::Result<(Option<PersonId>, ReminderDecision)> {
    let mut c = Cols::new(row);
    let person = c.opt_id()?;
    let key: String = c.get()?;
    let action: String = c.get()?;
    let until = c.opt_ts()?;
    let decided_at = c.ts()?;
    let action = match (action.as_str(), until) {
        ("done", _) => DecisionAction::Done,
        ("dismissed", _) => DecisionAction::Dismissed,
        ("snoozed", Some(until)) => DecisionAction::Snoozed { until },
        (other, _) => {
            return Err(rusqlite::Error::FromSqlConversionFailure(
                3,
                rusqlite::types::Type::Text,
                format!("`{other}` is not a reminder decision rapport knows (done, snoozed with a time, dismissed)")
                    .into(),
            ));
        }
    };
    Ok((person, ReminderDecision { key, action, decided_at }))
}

pub(crate) fn decisions(
    conn: &Connection,
    owner: AccountId,
    person: Option<PersonId>,
) -> StoreResult<Vec<ReminderDecision>> {
    let sql = "SELECT person_id, key, action, until, decided_at FROM reminder_decisions \
               WHERE owner = ?1 AND ifnull(person_id, x'') = ifnull(?2, x'') ORDER BY decided_at, key";
    conn.prepare_cached(sql)
        .map_err(backend)?
        .query_map(params![owner.as_uuid(), person.map(|p| *p.as_uuid())], map_decision)
        .map_err(backend)?
        .map(|row| row.map(|(_, d)| d))
        .collect::<rusqlite::Result<_>>()
        .map_err(backend)
}

pub(crate) fn all_decisions(
    conn: &Connection,
    owner: AccountId,
) -> StoreResult<Vec<(Option<PersonId>, ReminderDecision)>> {
    conn.prepare_cached(
        "SELECT person_id, key, action, until, decided_at FROM reminder_decisions WHERE owner = ?1 \
         ORDER BY decided_at, key",
    )
    .map_err(backend)?
    .query_map(params![owner.as_uuid()], map_decision)
    .map_err(backend)?
    .collect::<rusqlite::Result<_>>()
    .map_err(backend)
}

pub(crate) fn put_decision(
    conn: &Connection,
    owner: AccountId,
    person: Option<PersonId>,
    decision: &ReminderDecision,
) -> StoreResult<()> {
    let person = person.map(|p| *p.as_uuid());
    conn.prepare_cached(
        "DELETE FROM reminder_decisions WHERE owner = ?1 AND ifnull(person_id, x'') = ifnull(?2, x'') AND key = ?3",
    )
    .map_err(backend)?
    .execute(params![owner.as_uuid(), person, decision.key])
    .map_err(backend)?;
    let (action, until) = match decision.action {
        DecisionAction::Done => ("done", None),
        DecisionAction::Dismissed => ("dismissed", None),
        DecisionAction::Snoozed { until } => ("snoozed", Some(micros(until))),
    };
    conn.prepare_cached(
        "INSERT INTO reminder_decisions (owner, person_id, key, action, until, decided_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )
    .map_err(backend)?
    .execute(params![owner.as_uuid(), person, decision.key, action, until, micros(decision.decided_at)])
    .map_err(|e| {
        if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) {
            StoreError::Conflict(format!("the decision on `{}` names a person who does not exist", decision.key))
        } else {
            backend(e)
        }
    })?;
    Ok(())
}

pub(crate) fn interactions_between(
    conn: &Connection,
    owner: AccountId,
    from: Timestamp,
    to: Timestamp,
) -> StoreResult<Vec<Interaction>> {
    use crate::interactions::{COLUMNS, map_row};
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM interactions i WHERE i.owner = ?1 AND i.at >= ?2 AND i.at < ?3 ORDER BY i.at, i.id"
    ))
    .map_err(backend)?
    .query_map(params![owner.as_uuid(), micros(from), micros(to)], map_row)
    .map_err(backend)?
    .collect::<rusqlite::Result<_>>()
    .map_err(backend)
}

pub(crate) fn meetings_held_between(
    conn: &Connection,
    owner: AccountId,
    from: Timestamp,
    to: Timestamp,
) -> StoreResult<u64> {
    let held: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM meetings m JOIN people p ON p.id = m.person_id WHERE m.owner = ?1 \
             AND m.scheduled_at >= ?2 AND m.scheduled_at < ?3 AND m.status = 'held' AND m.deleted_at IS NULL \
             AND p.deleted_at IS NULL",
        )
        .map_err(backend)?
        .query_row(params![owner.as_uuid(), micros(from), micros(to)], |r| r.get(0))
        .map_err(backend)?;
    Ok(u64::try_from(held).unwrap_or(0))
}
