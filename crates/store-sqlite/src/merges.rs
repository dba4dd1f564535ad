//! Merges of duplicate people: re-pointing every record from the person merged away to the
//! person kept (and back, for an undo), and the merge records themselves.

use jiff::Timestamp;
use rapport_domain::ids::{AccountId, MeetingId, PersonId};
use rapport_store::{MergeRecord, Repointed, StoreError, StoreResult};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::backend;
use crate::cols::{Cols, micros, opt_micros, to_json};

/// A table and column that refer to a person, and the statement that moves one row.
struct Reference {
    /// Re-points every row of the owner from ?1 to ?2 and returns the moved ids.
    move_all: &'static str,
    /// Re-points one row (?3) from ?1 to ?2.
    move_one: &'static str,
}

const INTERACTIONS: Reference = Reference {
    move_all: "UPDATE interactions SET person_id = ?2 WHERE person_id = ?1 AND owner = ?3 RETURNING id",
    move_one: "UPDATE interactions SET person_id = ?2 WHERE person_id = ?1 AND id = ?3",
};
const MEETINGS: Reference = Reference {
    move_all: "UPDATE meetings SET person_id = ?2 WHERE person_id = ?1 AND owner = ?3 RETURNING id",
    move_one: "UPDATE meetings SET person_id = ?2 WHERE person_id = ?1 AND id = ?3",
};
const NOTES: Reference = Reference {
    move_all: "UPDATE notes SET subject_id = ?2 WHERE subject_id = ?1 AND subject_kind = 'person' AND owner = ?3 \
               RETURNING id",
    move_one: "UPDATE notes SET subject_id = ?2 WHERE subject_id = ?1 AND subject_kind = 'person' AND id = ?3",
};
const INTRODUCERS: Reference = Reference {
    move_all: "UPDATE introductions SET introducer_id = ?2 WHERE introducer_id = ?1 AND owner = ?3 RETURNING id",
    move_one: "UPDATE introductions SET introducer_id = ?2 WHERE introducer_id = ?1 AND id = ?3",
};
const INTRODUCED: Reference = Reference {
    move_all: "UPDATE introductions SET introduced_id = ?2 WHERE introduced_id = ?1 AND owner = ?3 RETURNING id",
    move_one: "UPDATE introductions SET introduced_id = ?2 WHERE introduced_id = ?1 AND id = ?3",
};
const RELATIONSHIPS_A: Reference = Reference {
    move_all: "UPDATE relationships SET a = ?2 WHERE a = ?1 AND owner = ?3 RETURNING id",
    move_one: "UPDATE relationships SET a = ?2 WHERE a = ?1 AND id = ?3",
};
const RELATIONSHIPS_B: Reference = Reference {
    move_all: "UPDATE relationships SET b = ?2 WHERE b = ?1 AND owner = ?3 RETURNING id",
    move_one: "UPDATE relationships SET b = ?2 WHERE b = ?1 AND id = ?3",
};
const TASKS: Reference = Reference {
    move_all: "UPDATE tasks SET person_id = ?2 WHERE person_id = ?1 AND owner = ?3 RETURNING id",
    move_one: "UPDATE tasks SET person_id = ?2 WHERE person_id = ?1 AND id = ?3",
};
const OPENINGS: Reference = Reference {
    move_all: "UPDATE openings SET referrer_id = ?2 WHERE referrer_id = ?1 AND owner = ?3 RETURNING id",
    move_one: "UPDATE openings SET referrer_id = ?2 WHERE referrer_id = ?1 AND id = ?3",
};
const INTRODUCED_PEOPLE: Reference = Reference {
    move_all: "UPDATE people SET source_person = ?2 WHERE source_person = ?1 AND owner = ?3 RETURNING id",
    move_one: "UPDATE people SET source_person = ?2 WHERE source_person = ?1 AND id = ?3",
};

fn move_all<T: From<Uuid>>(
    conn: &Connection,
    reference: &Reference,
    owner: AccountId,
    from: PersonId,
    to: PersonId,
) -> StoreResult<Vec<T>> {
    let mut stmt = conn.prepare_cached(reference.move_all).map_err(backend)?;
    let mut ids: Vec<Uuid> = stmt
        .query_map(params![from.as_uuid(), to.as_uuid(), owner.as_uuid()], |r| r.get::<_, Uuid>(0))
        .map_err(backend)?
        .collect::<rusqlite::Result<_>>()
        .map_err(backend)?;
    ids.sort();
    Ok(ids.into_iter().map(T::from).collect())
}

fn move_back<'a, T: 'a>(
    conn: &Connection,
    reference: &Reference,
    ids: impl IntoIterator<Item = &'a T>,
    from: PersonId,
    to: PersonId,
    uuid: impl Fn(&T) -> Uuid,
) -> StoreResult<()> {
    let mut stmt = conn.prepare_cached(reference.move_one).map_err(backend)?;
    for id in ids {
        stmt.execute(params![from.as_uuid(), to.as_uuid(), uuid(id)]).map_err(backend)?;
    }
    Ok(())
}

/// The person's full name, for the titles of the search documents that move with them.
fn name_of(conn: &Connection, person: PersonId) -> StoreResult<String> {
    conn.prepare_cached("SELECT full_name FROM people WHERE id = ?1")
        .map_err(backend)?
        .query_row([person.as_uuid()], |r| r.get(0))
        .optional()
        .map_err(backend)?
        .ok_or_else(|| StoreError::not_found("person", person))
}

/// Moves the search documents of moved notes and meetings to their new person, retitled.
fn move_docs(conn: &Connection, entities: &[Uuid], to: PersonId) -> StoreResult<()> {
    let name = name_of(conn, to)?;
    let mut stmt = conn
        .prepare_cached(
            "UPDATE search_docs SET person_id = ?2, \
             title = CASE kind WHEN 'note' THEN 'Note on ' || ?3 ELSE 'Meeting with ' || ?3 END \
             WHERE entity = ?1 AND kind IN ('note', 'meeting')",
        )
        .map_err(backend)?;
    for entity in entities {
        stmt.execute(params![entity, to.as_uuid(), name]).map_err(backend)?;
    }
    Ok(())
}

pub(crate) fn repoint(conn: &Connection, owner: AccountId, from: PersonId, to: PersonId) -> StoreResult<Repointed> {
    if from == to {
        return Err(StoreError::Conflict("a person cannot be merged into themselves".into()));
    }
    name_of(conn, from)?;
    let mut moved = Repointed {
        interactions: move_all(conn, &INTERACTIONS, owner, from, to)?,
        meetings: move_all(conn, &MEETINGS, owner, from, to)?,
        notes: move_all(conn, &NOTES, owner, from, to)?,
        introductions_made: move_all(conn, &INTRODUCERS, owner, from, to)?,
        introductions_received: move_all(conn, &INTRODUCED, owner, from, to)?,
        relationships_a: move_all(conn, &RELATIONSHIPS_A, owner, from, to)?,
        relationships_b: move_all(conn, &RELATIONSHIPS_B, owner, from, to)?,
        tasks: move_all(conn, &TASKS, owner, from, to)?,
        openings: move_all(conn, &OPENINGS, owner, from, to)?,
        introduced: move_all(conn, &INTRODUCED_PEOPLE, owner, from, to)?,
        ..Repointed::default()
    };
    let mut gifts = conn
        .prepare_cached(
            "UPDATE gifts SET person_id = ?2 WHERE person_id = ?1 \
             AND meeting_id IN (SELECT id FROM meetings WHERE owner = ?3) RETURNING meeting_id, position",
        )
        .map_err(backend)?;
    moved.gifts = gifts
        .query_map(params![from.as_uuid(), to.as_uuid(), owner.as_uuid()], |r| {
            Ok((MeetingId::from_uuid(r.get(0)?), r.get::<_, u32>(1)?))
        })
        .map_err(backend)?
        .collect::<rusqlite::Result<_>>()
        .map_err(backend)?;
    moved.gifts.sort();
    // Provenance moves only for sources the kept person has none of: theirs stays theirs.
    let mut provenance = conn
        .prepare_cached(
            "UPDATE import_provenance SET person_id = ?2 WHERE person_id = ?1 \
             AND source NOT IN (SELECT source FROM import_provenance WHERE person_id = ?2) RETURNING source",
        )
        .map_err(backend)?;
    moved.provenance = provenance
        .query_map(params![from.as_uuid(), to.as_uuid()], |r| r.get::<_, String>(0))
        .map_err(backend)?
        .collect::<rusqlite::Result<_>>()
        .map_err(backend)?;
    moved.provenance.sort();
    let docs: Vec<Uuid> =
        moved.notes.iter().map(|n| *n.as_uuid()).chain(moved.meetings.iter().map(|m| *m.as_uuid())).collect();
    move_docs(conn, &docs, to)?;
    Ok(moved)
}

pub(crate) fn unrepoint(conn: &Connection, moved: &Repointed, from: PersonId, to: PersonId) -> StoreResult<()> {
    name_of(conn, to)?;
    move_back(conn, &INTERACTIONS, &moved.interactions, from, to, |i| *i.as_uuid())?;
    move_back(conn, &MEETINGS, &moved.meetings, from, to, |i| *i.as_uuid())?;
    move_back(conn, &NOTES, &moved.notes, from, to, |i| *i.as_uuid())?;
    move_back(conn, &INTRODUCERS, &moved.introductions_made, from, to, |i| *i.as_uuid())?;
    move_back(conn, &INTRODUCED, &moved.introductions_received, from, to, |i| *i.as_uuid())?;
    move_back(conn, &RELATIONSHIPS_A, &moved.relationships_a, from, to, |i| *i.as_uuid())?;
    move_back(conn, &RELATIONSHIPS_B, &moved.relationships_b, from, to, |i| *i.as_uuid())?;
    move_back(conn, &TASKS, &moved.tasks, from, to, |i| *i.as_uuid())?;
    move_back(conn, &OPENINGS, &moved.openings, from, to, |i| *i.as_uuid())?;
    move_back(conn, &INTRODUCED_PEOPLE, &moved.introduced, from, to, |i| *i.as_uuid())?;
    let mut gifts = conn
        .prepare_cached("UPDATE gifts SET person_id = ?2 WHERE person_id = ?1 AND meeting_id = ?3 AND position = ?4")
        .map_err(backend)?;
    for (meeting, position) in &moved.gifts {
        gifts.execute(params![from.as_uuid(), to.as_uuid(), meeting.as_uuid(), position]).map_err(backend)?;
    }
    let mut provenance = conn
        .prepare_cached("UPDATE import_provenance SET person_id = ?2 WHERE person_id = ?1 AND source = ?3")
        .map_err(backend)?;
    for source in &moved.provenance {
        provenance.execute(params![from.as_uuid(), to.as_uuid(), source]).map_err(backend)?;
    }
    let docs: Vec<Uuid> =
        moved.notes.iter().map(|n| *n.as_uuid()).chain(moved.meetings.iter().map(|m| *m.as_uuid())).collect();
    move_docs(conn, &docs, to)
}

/// The stored shape of [`Repointed`]: ids as text.
#[derive(Default, Serialize, Deserialize)]
struct MovedRow {
    interactions: Vec<String>,
    meetings: Vec<String>,
    notes: Vec<String>,
    introductions_made: Vec<String>,
    introductions_received: Vec<String>,
    relationships_a: Vec<String>,
    relationships_b: Vec<String>,
    tasks: Vec<String>,
    openings: Vec<String>,
    gifts: Vec<(String, u32)>,
    introduced: Vec<String>,
    provenance: Vec<String>,
}

fn texts<T: ToString>(ids: &[T]) -> Vec<String> {
    ids.iter().map(ToString::to_string).collect()
}

fn ids<T: From<Uuid>>(texts: Vec<String>) -> Result<Vec<T>, uuid::Error> {
    texts.iter().map(|t| Uuid::parse_str(t).map(T::from)).collect()
}

impl MovedRow {
    fn of(m: &Repointed) -> Self {
        Self {
            interactions: texts(&m.interactions),
            meetings: texts(&m.meetings),
            notes: texts(&m.notes),
            introductions_made: texts(&m.introductions_made),
            introductions_received: texts(&m.introductions_received),
            relationships_a: texts(&m.relationships_a),
            relationships_b: texts(&m.relationships_b),
            tasks: texts(&m.tasks),
            openings: texts(&m.openings),
            gifts: m.gifts.iter().map(|(meeting, pos)| (meeting.to_string(), *pos)).collect(),
            introduced: texts(&m.introduced),
            provenance: m.provenance.clone(),
        }
    }

    fn into_moved(self) -> Result<Repointed, uuid::Error> {
        Ok(Repointed {
            interactions: ids(self.interactions)?,
            meetings: ids(self.meetings)?,
            notes: ids(self.notes)?,
            introductions_made: ids(self.introductions_made)?,
            introductions_received: ids(self.introductions_received)?,
            relationships_a: ids(self.relationships_a)?,
            relationships_b: ids(self.relationships_b)?,
            tasks: ids(self.tasks)?,
            openings: ids(self.openings)?,
            gifts: self
                .gifts
                .iter()
                .map(|(m, p)| Uuid::parse_str(m).map(|m| (MeetingId::from_uuid(m), *p)))
                .collect::<Result<_, _>>()?,
            introduced: ids(self.introduced)?,
            provenance: self.provenance,
        })
    }
}

pub(crate) fn insert(conn: &Connection, merge: &MergeRecord) -> StoreResult<()> {
    conn.prepare_cached(
        "INSERT INTO merges (id, owner, at, winner, loser, moved, snapshot, undone_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )
    .map_err(backend)?
    .execute(params![
        merge.id,
        merge.owner.as_uuid(),
        micros(merge.at),
        merge.winner.as_uuid(),
        merge.loser.as_uuid(),
        to_json(&MovedRow::of(&merge.moved))?,
        merge.snapshot,
        opt_micros(merge.undone_at),
    ])
    .map_err(backend)?;
    Ok(())
}

pub(crate) fn last(conn: &Connection, owner: AccountId) -> StoreResult<Option<MergeRecord>> {
    conn.prepare_cached(
        "SELECT id, owner, at, winner, loser, moved, snapshot, undone_at FROM merges \
         WHERE owner = ?1 AND undone_at IS NULL ORDER BY at DESC, id DESC LIMIT 1",
    )
    .map_err(backend)?
    .query_row([owner.as_uuid()], |row| {
        let mut c = Cols::new(row);
        let id: Uuid = c.get()?;
        let owner = c.id()?;
        let at = c.ts()?;
        let winner = c.id()?;
        let loser = c.id()?;
        let moved: MovedRow = c.json()?;
        let moved = moved
            .into_moved()
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(5, rusqlite::types::Type::Text, Box::new(e)))?;
        Ok(MergeRecord { id, owner, at, winner, loser, moved, snapshot: c.get()?, undone_at: c.opt_ts()? })
    })
    .optional()
    .map_err(backend)
}

pub(crate) fn set_undone(conn: &Connection, owner: AccountId, id: Uuid, at: Timestamp) -> StoreResult<()> {
    let changed = conn
        .prepare_cached("UPDATE merges SET undone_at = ?3 WHERE id = ?1 AND owner = ?2")
        .map_err(backend)?
        .execute(params![id, owner.as_uuid(), micros(at)])
        .map_err(backend)?;
    if changed == 0 {
        return Err(StoreError::not_found("merge", id));
    }
    Ok(())
}
