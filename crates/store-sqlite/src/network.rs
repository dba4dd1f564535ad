//! The network reads: every person with only the columns the planning rules read (no emails,
//! links or tags to decode), their employments in one scan, and the change token every
//! committed write bumps.

use std::collections::HashMap;

use rapport_domain::ids::{AccountId, OrganizationId, PersonId};
use rapport_domain::people::{Affinity, AffinityKind, Employment, Person, PersonName, Source, Targeting, Tie};
use rapport_domain::relationships::Relationship;
use rapport_store::{ChangeToken, StoreError, StoreResult};
use rusqlite::Connection;
use serde::Deserialize;
use uuid::Uuid;

use crate::backend;
use crate::cols::Cols;

const COLUMNS: &str = "p.id, p.owner, p.created_at, p.updated_at, p.full_name, p.given_name, p.family_name, \
    p.organization_id, p.title, p.source_kind, p.source_detail, p.source_person, p.closeness, p.frequency, \
    p.years_known, p.reciprocity, p.shared_contexts, p.mutual_connections, p.messages_12m, \
    p.function_relevance, p.levels_above, p.promoted, p.email_findability, p.affinities, p.stage, p.segment, \
    p.segment_manual, p.tier, p.referral, p.loop_closed, p.do_not_contact, p.last_touch_at, p.deleted_at";

/// An affinity as the `people.affinities` column stores it.
#[derive(Deserialize)]
struct AffinityRow {
    kind: String,
    value: String,
    verified: bool,
}

fn map_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Person> {
    let mut c = Cols::new(row);
    let id = c.id()?;
    let owner = c.id()?;
    let created_at = c.ts()?;
    let updated_at = c.ts()?;
    let name = PersonName { full: c.get()?, given: c.get()?, family: c.get()? };
    let organization_id = c.opt_id()?;
    let title = c.get()?;
    let source_kind: String = c.get()?;
    let source_detail: Option<String> = c.get()?;
    let source_person: Option<PersonId> = c.opt_id()?;
    let tie = Tie {
        closeness: c.small()?,
        frequency: c.word()?,
        years_known: c.small()?,
        reciprocity: c.small()?,
        shared_contexts: c.small()?,
        mutual_connections: c.small()?,
        messages_12m: c.small()?,
    };
    let function_relevance = c.small()?;
    let levels_above = c.opt_small()?;
    let promoted = c.bool()?;
    let email_findability = c.small()?;
    let affinities: Vec<AffinityRow> = c.json()?;
    // The same mapping as a full read of the person, so both agree on every field read here.
    let source = match source_kind.as_str() {
        "import" => Source::Import(source_detail.unwrap_or_default()),
        "alumni" => Source::Alumni(source_detail),
        "introduced" => match source_person {
            Some(p) => Source::IntroducedBy(p),
            None => Source::Manual,
        },
        "event" => Source::Event(source_detail.unwrap_or_default()),
        "demo" => Source::Demo,
        _ => Source::Manual,
    };
    Ok(Person {
        id,
        owner,
        created_at,
        updated_at,
        name,
        emails: Vec::new(),
        phones: Vec::new(),
        links: Vec::new(),
        organization_id,
        title,
        location: None,
        source,
        tags: Vec::new(),
        tie,
        targeting: Targeting {
            function_relevance,
            levels_above,
            promoted,
            email_findability,
            affinities: affinities
                .into_iter()
                .map(|a| Affinity {
                    kind: a.kind.parse().unwrap_or(AffinityKind::Other),
                    value: a.value,
                    verified: a.verified,
                })
                .collect(),
        },
        skills: Vec::new(),
        recruiter: false,
        employments: Vec::new(),
        stage: c.word()?,
        segment: c.word()?,
        segment_manual: c.bool()?,
        tier: c.opt_word()?,
        referral: c.word()?,
        loop_closed: c.word()?,
        do_not_contact: c.bool()?,
        last_touch_at: c.opt_ts()?,
        deleted_at: c.opt_ts()?,
    })
}

/// Every person of `owner`, in the order they were added, with their employments.
pub(crate) fn people(conn: &Connection, owner: AccountId) -> StoreResult<Vec<Person>> {
    // A plain scan in rowid (`seq`) order: left to itself the planner picks the name index
    // for `owner = ?`, then seeks every row in the table and sorts them all again.
    let mut people: Vec<Person> = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM people p NOT INDEXED WHERE p.owner = ?1 ORDER BY p.seq"))
        .map_err(backend)?
        .query_map([owner.as_uuid()], map_row)
        .map_err(backend)?
        .collect::<rusqlite::Result<_>>()
        .map_err(backend)?;
    let by_id: HashMap<Uuid, usize> = people.iter().enumerate().map(|(i, p)| (*p.id.as_uuid(), i)).collect();
    // One scan of the whole table in key order (person, then position), matched in memory:
    // cheaper than joining every row back to its person to check the owner.
    let mut stmt = conn
        .prepare_cached(
            "SELECT person_id, position, organization_id, title, start_year, end_year FROM employments \
             ORDER BY person_id, position",
        )
        .map_err(backend)?;
    let mut rows = stmt.query([]).map_err(backend)?;
    while let Some(row) = rows.next().map_err(backend)? {
        let person: Uuid = row.get(0).map_err(backend)?;
        let position: i64 = row.get(1).map_err(backend)?;
        if let Some(&idx) = by_id.get(&person) {
            let person = &mut people[idx];
            // A gap in the positions is where the current job was left out of the table.
            while let Some(org) = person.organization_id
                && usize::try_from(position).is_ok_and(|p| p > person.employments.len())
            {
                person.employments.push(row_job(person, org));
            }
            person.employments.push(Employment {
                organization_id: OrganizationId::from_uuid(row.get(2).map_err(backend)?),
                title: row.get(3).map_err(backend)?,
                start_year: row.get(4).map_err(backend)?,
                end_year: row.get(5).map_err(backend)?,
            });
        }
    }
    // Left out last in the list: the person has no open job at their employer.
    for person in &mut people {
        if let Some(org) = person.organization_id
            && !person.employments.iter().any(|e| e.organization_id == org && e.end_year.is_none())
        {
            person.employments.push(row_job(person, org));
        }
    }
    Ok(people)
}

/// The current job as the person's row records it, which the `employments` table leaves out
/// (`people::indexed_jobs`).
fn row_job(person: &Person, org: OrganizationId) -> Employment {
    Employment { organization_id: org, title: person.title.clone(), start_year: None, end_year: None }
}

/// Every relationship of `owner` in key (id) order, without its note: a plain scan of the
/// table, with no sort.
pub(crate) fn relationships(conn: &Connection, owner: AccountId) -> StoreResult<Vec<Relationship>> {
    conn.prepare_cached(
        "SELECT id, created_at, a, b, kind, organization_id, from_year, to_year FROM relationships WHERE owner = ?1 ORDER BY id",
    )
    .map_err(backend)?
    .query_map([owner.as_uuid()], |row| {
        let mut c = Cols::new(row);
        Ok(Relationship {
            id: c.id()?,
            owner,
            created_at: c.ts()?,
            a: c.id()?,
            b: c.id()?,
            kind: c.word()?,
            organization_id: c.opt_id()?,
            from_year: c.get()?,
            to_year: c.get()?,
            note: None,
        })
    })
    .map_err(backend)?
    .collect::<rusqlite::Result<_>>()
    .map_err(backend)
}

/// The file's change token. The counter counts every write of every owner.
pub(crate) fn change_token(conn: &Connection, _owner: AccountId) -> StoreResult<ChangeToken> {
    let (instance, counter): (Uuid, i64) = conn
        .prepare_cached("SELECT instance, counter FROM store_changes WHERE id = 1")
        .map_err(backend)?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .map_err(backend)?;
    let counter = u64::try_from(counter).map_err(|_| StoreError::Corrupt {
        path: "the database".into(),
        detail: format!("change counter {counter}"),
    })?;
    Ok(ChangeToken { instance, counter })
}

/// Counts one more committed write; called once per write transaction, just before commit.
pub(crate) fn bump(conn: &Connection) -> StoreResult<()> {
    conn.prepare_cached("UPDATE store_changes SET counter = counter + 1 WHERE id = 1")
        .map_err(backend)?
        .execute([])
        .map_err(backend)?;
    Ok(())
}
