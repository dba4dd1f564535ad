//! People: the `people` row, its tags, identity keys and employments, and its search
//! document, always written together.

use std::collections::HashMap;

use rapport_domain::ids::{AccountId, OrganizationId, PersonId};
use rapport_domain::people::{Affinity, AffinityKind, Employment, Person, PersonName, Source, Targeting, Tie};
use rapport_domain::values::{Email, Link, LinkKind, Phone, Tag, fold_name};
use rapport_store::{Page, PersonFilter, PersonKey, PersonPage, PersonSort, SEARCH_MATCH_CAP, StoreError, StoreResult};
use rusqlite::types::ToSql;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::backend;
use crate::cols::{Cols, micros, opt_micros, to_json};
use crate::rows::{ROWS_PER_STATEMENT, RowInsert};
use crate::search;

const COLUMNS: &str = "p.id, p.owner, p.created_at, p.updated_at, p.full_name, p.given_name, p.family_name, \
    p.emails, p.phones, p.links, p.organization_id, p.title, p.location, p.source_kind, p.source_detail, \
    p.source_person, p.closeness, p.frequency, p.years_known, p.reciprocity, p.shared_contexts, \
    p.mutual_connections, p.messages_12m, p.function_relevance, p.levels_above, p.promoted, \
    p.email_findability, p.affinities, p.skills, p.recruiter, p.stage, p.segment, p.segment_manual, p.tier, \
    p.referral, p.loop_closed, p.do_not_contact, p.last_touch_at, p.deleted_at, p.tags, p.employments";

#[derive(Serialize, Deserialize)]
struct LinkRow {
    kind: String,
    url: String,
}

#[derive(Serialize, Deserialize)]
struct EmploymentRow {
    organization_id: Uuid,
    title: Option<String>,
    start_year: Option<i16>,
    end_year: Option<i16>,
}

#[derive(Serialize, Deserialize)]
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
    let full: String = c.get()?;
    let given: Option<String> = c.get()?;
    let family: Option<String> = c.get()?;
    let emails: Vec<String> = c.json()?;
    let phones: Vec<String> = c.json()?;
    let links: Vec<LinkRow> = c.json()?;
    let organization_id = c.opt_id()?;
    let title = c.get()?;
    let location = c.get()?;
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
    let skills: Vec<String> = c.json()?;
    let recruiter = c.bool()?;
    let stage = c.word()?;
    let segment = c.word()?;
    let segment_manual = c.bool()?;
    let tier = c.opt_word()?;
    let referral = c.word()?;
    let loop_closed = c.word()?;
    let do_not_contact = c.bool()?;
    let last_touch_at = c.opt_ts()?;
    let deleted_at = c.opt_ts()?;
    let tags: Vec<String> = c.json()?;
    let employments: Vec<EmploymentRow> = c.json()?;
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
        name: PersonName { full, given, family },
        // Values were validated on the way in; one that no longer parses (a rule tightened
        // since) is dropped rather than failing the whole read.
        emails: emails.iter().filter_map(|e| Email::parse(e).ok()).collect(),
        phones: phones.iter().filter_map(|p| Phone::parse(p).ok()).collect(),
        links: links
            .iter()
            .filter_map(|l| {
                let kind = l.kind.parse::<LinkKind>().unwrap_or(LinkKind::Other);
                Link::parse(&l.url).ok().map(|link| link.with_kind(kind))
            })
            .collect(),
        organization_id,
        title,
        location,
        source,
        tags: tags.iter().filter_map(|t| Tag::parse(t).ok()).collect(),
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
        skills,
        recruiter,
        employments: employments
            .into_iter()
            .map(|e| Employment {
                organization_id: OrganizationId::from_uuid(e.organization_id),
                title: e.title,
                start_year: e.start_year,
                end_year: e.end_year,
            })
            .collect(),
        stage,
        segment,
        segment_manual,
        tier,
        referral,
        loop_closed,
        do_not_contact,
        last_touch_at,
        deleted_at,
    })
}

pub(crate) fn get(conn: &Connection, owner: AccountId, id: PersonId) -> StoreResult<Person> {
    let sql = format!("SELECT {COLUMNS} FROM people p WHERE p.id = ?1 AND p.owner = ?2");
    let person = conn
        .prepare_cached(&sql)
        .map_err(backend)?
        .query_row(params![id.as_uuid(), owner.as_uuid()], map_row)
        .optional()
        .map_err(backend)?
        .ok_or_else(|| StoreError::not_found("person", id))?;
    Ok(person)
}

pub(crate) fn by_ids(conn: &Connection, owner: AccountId, ids: &[PersonId]) -> StoreResult<Vec<Person>> {
    let sql = format!("SELECT {COLUMNS} FROM people p WHERE p.id = ?1 AND p.owner = ?2");
    let mut stmt = conn.prepare_cached(&sql).map_err(backend)?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(person) =
            stmt.query_row(params![id.as_uuid(), owner.as_uuid()], map_row).optional().map_err(backend)?
        {
            out.push(person);
        }
    }
    Ok(out)
}

pub(crate) fn list(conn: &Connection, owner: AccountId, filter: &PersonFilter, page: Page) -> StoreResult<PersonPage> {
    let (people, total, capped) = list_mapped(conn, owner, filter, page, COLUMNS, map_row)?;
    Ok(PersonPage { people, total, capped })
}

/// The people list's query (filter, order, paging, count), reading `columns` (of `people p`)
/// into rows with `map`: whole people for [`list`], list rows for the People page.
pub(crate) fn list_mapped<T>(
    conn: &Connection,
    owner: AccountId,
    filter: &PersonFilter,
    page: Page,
    columns: &str,
    map: fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> StoreResult<(Vec<T>, u64, bool)> {
    let mut clauses = vec!["p.owner = ?1".to_string()];
    let mut args: Vec<Box<dyn ToSql>> = vec![Box::new(*owner.as_uuid())];
    clauses.push(if filter.trashed { "p.deleted_at IS NOT NULL" } else { "p.deleted_at IS NULL" }.to_string());
    let folded_text = filter.text.as_deref().map(fold_name).unwrap_or_default();
    let mut from = "people p".to_string();
    let mut searching = false;
    let mut relevance = String::new();
    if folded_text.chars().count() == 1 {
        // One letter typed: names starting with it, straight off the name index (a
        // one-letter prefix search would touch nearly every document).
        let first = folded_text.chars().next().unwrap_or('a');
        let next = char::from_u32(first as u32 + 1).unwrap_or(first);
        args.push(Box::new(folded_text.clone()));
        args.push(Box::new(next.to_string()));
        clauses.push(format!("p.name_key >= ?{} AND p.name_key < ?{}", args.len() - 1, args.len()));
    } else if let Some(text) = filter.text.as_deref().and_then(search::fts_query) {
        // The newest matches only, so a short prefix that matches most of the network costs
        // no more than a name; relevance is "the name starts with what was typed" first.
        args.push(Box::new(text));
        let fts_idx = args.len();
        from = format!(
            "people p JOIN (SELECT rowid AS seq FROM people_fts WHERE people_fts MATCH ?{fts_idx} \
             ORDER BY rowid DESC LIMIT {SEARCH_MATCH_CAP}) h ON h.seq = p.seq"
        );
        // Drive the query from the (at most a thousand) matches, never from a scan of the
        // name index: `+` takes the owner and trash tests off that index.
        clauses[0] = "+p.owner = ?1".to_string();
        clauses[1] = format!("+{}", clauses[1]);
        searching = true;
    }
    if let Some(stage) = filter.stage {
        args.push(Box::new(stage.as_str()));
        clauses.push(format!("p.stage = ?{}", args.len()));
    }
    if let Some(tier) = filter.tier {
        args.push(Box::new(tier.as_str()));
        clauses.push(format!("p.tier = ?{}", args.len()));
    }
    if let Some(org) = filter.organization_id {
        args.push(Box::new(*org.as_uuid()));
        clauses.push(format!("p.organization_id = ?{}", args.len()));
    }
    if let Some(tag) = &filter.tag {
        args.push(Box::new(tag.as_str().to_string()));
        clauses.push(format!("p.id IN (SELECT person_id FROM person_tags WHERE tag = ?{})", args.len()));
    }
    let where_sql = clauses.join(" AND ");
    let direction = if filter.descending { "DESC" } else { "ASC" };
    // Relevance's parameters go after the filters': the count query does not use them. No
    // LIKE here: a bound LIKE pattern makes SQLite re-prepare the statement on every call.
    let mut relevance_args: Vec<Box<dyn ToSql>> = Vec::new();
    if searching && filter.sort == PersonSort::Relevance {
        let first_word = folded_text.split(' ').next().unwrap_or_default().to_string();
        let base = args.len();
        relevance_args.push(Box::new(first_word.chars().count() as i64));
        relevance_args.push(Box::new(first_word.clone()));
        relevance_args.push(Box::new(format!(" {first_word}")));
        relevance = format!(
            "(substr(p.name_key, 1, ?{}) = ?{} OR instr(p.name_key, ?{}) > 0) DESC",
            base + 1,
            base + 2,
            base + 3
        );
    }
    let order = match filter.sort {
        // Ties break on `seq`, which every index of `people` carries, so the name index
        // gives the order without a sort.
        PersonSort::Relevance if searching => format!("{relevance}, p.name_key {direction}, p.seq"),
        PersonSort::Name | PersonSort::Relevance => format!("p.name_key {direction}, p.seq {direction}"),
        PersonSort::Updated => format!("p.updated_at {direction}, p.seq {direction}"),
        PersonSort::Created => format!("p.seq {direction}"),
        PersonSort::LastTouch => format!("p.last_touch_at IS NULL, p.last_touch_at {direction}, p.seq {direction}"),
        PersonSort::Stage => format!("p.stage {direction}, p.name_key, p.seq"),
    };
    let count_sql = if clauses.len() == 2 && !searching {
        // Only the owner and the trash state: the kept count answers without a scan.
        let column = if filter.trashed { "trashed" } else { "live" };
        format!("SELECT coalesce((SELECT {column} FROM people_counts WHERE owner = ?1), 0)")
    } else {
        format!("SELECT count(*) FROM {from} WHERE {where_sql}")
    };
    let count = |args: &[Box<dyn ToSql>]| -> StoreResult<u64> {
        Ok(conn
            .prepare_cached(&count_sql)
            .map_err(backend)?
            .query_row(rusqlite::params_from_iter(args.iter()), |r| r.get::<_, i64>(0))
            .map_err(backend)?
            .try_into()
            .unwrap_or(0))
    };
    let total = count(&args)?;
    args.extend(relevance_args);
    args.push(Box::new(i64::from(page.limit)));
    let limit_idx = args.len();
    args.push(Box::new(i64::from(page.offset)));
    let offset_idx = args.len();
    let sql = format!(
        "SELECT {columns} FROM {from} WHERE {where_sql} ORDER BY {order} LIMIT ?{limit_idx} OFFSET ?{offset_idx}"
    );
    let mut stmt = conn.prepare_cached(&sql).map_err(backend)?;
    let people: Vec<T> = stmt
        .query_map(rusqlite::params_from_iter(args.iter()), map)
        .map_err(backend)?
        .collect::<rusqlite::Result<_>>()
        .map_err(backend)?;
    let capped = searching && total >= u64::from(SEARCH_MATCH_CAP);
    Ok((people, total, capped))
}

pub(crate) fn find(conn: &Connection, owner: AccountId, key: &PersonKey) -> StoreResult<Vec<PersonId>> {
    let (kind, value) = key_parts(key);
    let sql = if kind == "name" {
        // The folded name is a column of `people`, indexed with the owner and trash state.
        "SELECT p.id FROM people p WHERE p.owner = ?1 AND p.deleted_at IS NULL AND p.name_key = ?3 AND ?2 = 'name' \
         ORDER BY p.id"
    } else {
        "SELECT k.person_id FROM person_keys k JOIN people p ON p.id = k.person_id \
         WHERE p.owner = ?1 AND k.kind = ?2 AND k.key = ?3 AND p.deleted_at IS NULL ORDER BY k.person_id"
    };
    let mut stmt = conn.prepare_cached(sql).map_err(backend)?;
    stmt.query_map(params![owner.as_uuid(), kind, value], |r| r.get::<_, Uuid>(0).map(PersonId::from_uuid))
        .map_err(backend)?
        .collect::<rusqlite::Result<_>>()
        .map_err(backend)
}

pub(crate) fn by_id_fragment(conn: &Connection, owner: AccountId, fragment: &str) -> StoreResult<Vec<PersonId>> {
    let wanted: String = fragment.chars().filter(|c| c.is_ascii_hexdigit()).collect::<String>().to_ascii_lowercase();
    if wanted.len() < 4 {
        return Ok(Vec::new());
    }
    let mut stmt = conn
        .prepare_cached("SELECT id FROM people WHERE owner = ?1 AND deleted_at IS NULL AND (lower(hex(id)) LIKE ?2 OR lower(hex(id)) LIKE ?3) LIMIT 10")
        .map_err(backend)?;
    stmt.query_map(params![owner.as_uuid(), format!("{wanted}%"), format!("%{wanted}")], |r| {
        r.get::<_, Uuid>(0).map(PersonId::from_uuid)
    })
    .map_err(backend)?
    .collect::<rusqlite::Result<_>>()
    .map_err(backend)
}

pub(crate) fn at_organization(
    conn: &Connection,
    owner: AccountId,
    org: OrganizationId,
    past: bool,
) -> StoreResult<Vec<Person>> {
    let sql = if past {
        format!(
            "SELECT {COLUMNS} FROM people p WHERE +p.owner = ?1 AND +p.deleted_at IS NULL AND (p.organization_id = ?2 \
             OR p.id IN (SELECT person_id FROM employments WHERE organization_id = ?2)) ORDER BY p.name_key"
        )
    } else {
        format!(
            "SELECT {COLUMNS} FROM people p WHERE +p.owner = ?1 AND +p.deleted_at IS NULL AND p.organization_id = ?2 ORDER BY p.name_key"
        )
    };
    let people: Vec<Person> = conn
        .prepare_cached(&sql)
        .map_err(backend)?
        .query_map(params![owner.as_uuid(), org.as_uuid()], map_row)
        .map_err(backend)?
        .collect::<rusqlite::Result<_>>()
        .map_err(backend)?;
    Ok(people)
}

/// A person's row, for one person or many.
const INSERT: RowInsert = RowInsert { head: INSERT_HEAD, width: WIDTH, tail: "" };
const INSERT_HEAD: &str = "INSERT OR FAIL INTO people (id, owner, created_at, updated_at, full_name, given_name, \
     family_name, name_key, emails, phones, links, organization_id, title, location, source_kind, source_detail, \
     source_person, closeness, frequency, years_known, reciprocity, shared_contexts, mutual_connections, messages_12m, \
     function_relevance, levels_above, promoted, email_findability, affinities, skills, recruiter, stage, segment, \
     segment_manual, tier, referral, loop_closed, do_not_contact, last_touch_at, deleted_at, search_text, tags, \
     employments)";
/// How many values a person's row binds.
const WIDTH: usize = 43;
/// Identity keys, for many people.
const KEYS: RowInsert =
    RowInsert { head: "INSERT OR IGNORE INTO person_keys (kind, key, person_id)", width: 3, tail: "" };

/// Adds newly inserted people to the kept counts (see `people_counts` in the schema).
fn count_new(conn: &Connection, owner: AccountId, live: i64, trashed: i64) -> StoreResult<()> {
    conn.prepare_cached(
        "INSERT INTO people_counts (owner, live, trashed) VALUES (?1, ?2, ?3) ON CONFLICT (owner) DO UPDATE \
         SET live = live + excluded.live, trashed = trashed + excluded.trashed",
    )
    .map_err(backend)?
    .execute(params![owner.as_uuid(), live, trashed])
    .map_err(backend)?;
    Ok(())
}

pub(crate) fn insert(conn: &Connection, person: &Person) -> StoreResult<()> {
    let values = RowValues::of(conn, person)?;
    INSERT.run(conn, &values.params(person)).map_err(|e| reference_error(e, person))?;
    let trashed = i64::from(person.deleted_at.is_some());
    count_new(conn, person.owner, 1 - trashed, trashed)?;
    write_children(conn, person, false)
}

pub(crate) fn update(conn: &Connection, person: &Person) -> StoreResult<()> {
    let values = RowValues::of(conn, person)?;
    let old_name: Option<String> = conn
        .prepare_cached("SELECT full_name FROM people WHERE id = ?1")
        .map_err(backend)?
        .query_row([person.id.as_uuid()], |r| r.get(0))
        .optional()
        .map_err(backend)?;
    let changed = conn
        .prepare_cached(
            "UPDATE people SET created_at = ?3, updated_at = ?4, full_name = ?5, given_name = ?6, family_name = ?7, \
             name_key = ?8, emails = ?9, phones = ?10, links = ?11, organization_id = ?12, title = ?13, location = ?14, \
             source_kind = ?15, source_detail = ?16, source_person = ?17, closeness = ?18, frequency = ?19, \
             years_known = ?20, reciprocity = ?21, shared_contexts = ?22, mutual_connections = ?23, \
             messages_12m = ?24, function_relevance = ?25, levels_above = ?26, promoted = ?27, \
             email_findability = ?28, affinities = ?29, skills = ?30, recruiter = ?31, stage = ?32, segment = ?33, \
             segment_manual = ?34, tier = ?35, referral = ?36, loop_closed = ?37, do_not_contact = ?38, \
             last_touch_at = ?39, deleted_at = ?40, search_text = ?41, tags = ?42, employments = ?43 \
             WHERE id = ?1 AND owner = ?2",
        )
        .map_err(backend)?
        .execute(values.params(person).as_slice())
        .map_err(|e| reference_error(e, person))?;
    if changed == 0 {
        return Err(StoreError::not_found("person", person.id));
    }
    if old_name.as_deref() != Some(person.name.full.as_str()) {
        // Their notes and meetings are titled with their name.
        conn.prepare_cached(
            "UPDATE search_docs SET title = CASE kind WHEN 'note' THEN 'Note on ' || ?2 ELSE 'Meeting with ' || ?2 END \
             WHERE person_id = ?1 AND kind IN ('note', 'meeting')",
        )
        .map_err(backend)?
        .execute(params![person.id.as_uuid(), person.name.full])
        .map_err(backend)?;
    }
    write_children(conn, person, true)
}

fn reference_error(err: rusqlite::Error, person: &Person) -> StoreError {
    if err.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) {
        return StoreError::Conflict(format!(
            "{} refers to an organization or person that does not exist; add it first",
            person.name.full
        ));
    }
    backend(err)
}

/// Every column value of a person's row that is not a plain field: encoded lists, numbers
/// widened for SQLite, and the search text. Kept alive while the statement runs, so the
/// parameters can be borrowed rather than boxed one by one.
struct RowValues {
    name_key: String,
    emails: String,
    phones: String,
    links: String,
    affinities: String,
    skills: String,
    search_text: String,
    tags: String,
    employments: String,
    /// Ids as their bytes: bound borrowed, where a `Uuid` is copied into a new `Vec` by
    /// rusqlite first (a fifth of the allocations of writing 30,000 people).
    id: [u8; 16],
    owner: [u8; 16],
    created_at: i64,
    updated_at: i64,
    organization_id: Option<[u8; 16]>,
    source_detail: Option<String>,
    source_person: Option<[u8; 16]>,
    numbers: [i64; 10],
    levels_above: Option<i64>,
    tier: Option<&'static str>,
    last_touch_at: Option<i64>,
    deleted_at: Option<i64>,
}

impl RowValues {
    fn of(conn: &Connection, person: &Person) -> StoreResult<Self> {
        Self::with_search_text(person, search_text(conn, person)?)
    }

    fn with_search_text(person: &Person, search_text: String) -> StoreResult<Self> {
        let emails: Vec<&str> = person.emails.iter().map(Email::as_str).collect();
        let phones: Vec<&str> = person.phones.iter().map(Phone::as_str).collect();
        let links: Vec<LinkRow> =
            person.links.iter().map(|l| LinkRow { kind: l.kind.as_str().into(), url: l.url().into() }).collect();
        let affinities: Vec<AffinityRow> = person
            .targeting
            .affinities
            .iter()
            .map(|a| AffinityRow { kind: a.kind.as_str().into(), value: a.value.clone(), verified: a.verified })
            .collect();
        let (source_detail, source_person) = match &person.source {
            Source::Import(detail) | Source::Event(detail) => (Some(detail.clone()), None),
            Source::Alumni(detail) => (detail.clone(), None),
            Source::IntroducedBy(id) => (None, Some(id.as_uuid().into_bytes())),
            Source::Manual | Source::Demo => (None, None),
        };
        let tie = &person.tie;
        let targeting = &person.targeting;
        Ok(Self {
            name_key: fold_name(&person.name.full),
            emails: to_json(&emails)?,
            phones: to_json(&phones)?,
            links: to_json(&links)?,
            affinities: to_json(&affinities)?,
            skills: to_json(&person.skills)?,
            search_text,
            tags: to_json(&person.tags.iter().map(Tag::as_str).collect::<Vec<_>>())?,
            employments: to_json(
                &person
                    .employments
                    .iter()
                    .map(|e| EmploymentRow {
                        organization_id: *e.organization_id.as_uuid(),
                        title: e.title.clone(),
                        start_year: e.start_year,
                        end_year: e.end_year,
                    })
                    .collect::<Vec<_>>(),
            )?,
            id: person.id.as_uuid().into_bytes(),
            owner: person.owner.as_uuid().into_bytes(),
            created_at: micros(person.created_at),
            updated_at: micros(person.updated_at),
            organization_id: person.organization_id.map(|o| o.as_uuid().into_bytes()),
            source_detail,
            source_person,
            numbers: [
                i64::from(tie.closeness),
                i64::from(tie.years_known),
                i64::from(tie.reciprocity),
                i64::from(tie.shared_contexts),
                i64::from(tie.mutual_connections),
                i64::from(tie.messages_12m),
                i64::from(targeting.function_relevance),
                i64::from(targeting.email_findability),
                i64::from(targeting.promoted),
                i64::from(person.recruiter),
            ],
            levels_above: targeting.levels_above.map(i64::from),
            tier: person.tier.map(|t| t.as_str()),
            last_touch_at: opt_micros(person.last_touch_at),
            deleted_at: opt_micros(person.deleted_at),
        })
    }

    /// The 43 parameters of the insert and update statements, in column order.
    fn params<'a>(&'a self, p: &'a Person) -> [&'a dyn ToSql; WIDTH] {
        let n = &self.numbers;
        [
            &self.id,
            &self.owner,
            &self.created_at,
            &self.updated_at,
            &p.name.full,
            &p.name.given,
            &p.name.family,
            &self.name_key,
            &self.emails,
            &self.phones,
            &self.links,
            &self.organization_id,
            &p.title,
            &p.location,
            &SOURCE_KINDS[source_index(&p.source)],
            &self.source_detail,
            &self.source_person,
            &n[0],
            &FREQUENCIES[p.tie.frequency as usize],
            &n[1],
            &n[2],
            &n[3],
            &n[4],
            &n[5],
            &n[6],
            &self.levels_above,
            &n[8],
            &n[7],
            &self.affinities,
            &self.skills,
            &n[9],
            &STAGES[p.stage as usize],
            &SEGMENTS[p.segment as usize],
            &p.segment_manual,
            &self.tier,
            &REFERRALS[p.referral as usize],
            &LOOPS[p.loop_closed as usize],
            &p.do_not_contact,
            &self.last_touch_at,
            &self.deleted_at,
            &self.search_text,
            &self.tags,
            &self.employments,
        ]
    }
}

/// The words of each closed set, indexable by the variant (declaration order), so a row can
/// borrow them for the statement without an allocation.
static STAGES: std::sync::LazyLock<Vec<&'static str>> =
    std::sync::LazyLock::new(|| rapport_domain::pipeline::Stage::ALL.iter().map(|s| s.as_str()).collect());
static SEGMENTS: std::sync::LazyLock<Vec<&'static str>> =
    std::sync::LazyLock::new(|| rapport_domain::people::Segment::ALL.iter().map(|s| s.as_str()).collect());
static FREQUENCIES: std::sync::LazyLock<Vec<&'static str>> =
    std::sync::LazyLock::new(|| rapport_domain::people::Frequency::ALL.iter().map(|s| s.as_str()).collect());
static REFERRALS: std::sync::LazyLock<Vec<&'static str>> =
    std::sync::LazyLock::new(|| rapport_domain::pipeline::ReferralState::ALL.iter().map(|s| s.as_str()).collect());
static LOOPS: std::sync::LazyLock<Vec<&'static str>> =
    std::sync::LazyLock::new(|| rapport_domain::pipeline::LoopState::ALL.iter().map(|s| s.as_str()).collect());
const SOURCE_KINDS: [&str; 6] = ["manual", "import", "alumni", "introduced", "event", "demo"];

fn source_index(source: &Source) -> usize {
    match source {
        Source::Manual => 0,
        Source::Import(_) => 1,
        Source::Alumni(_) => 2,
        Source::IntroducedBy(_) => 3,
        Source::Event(_) => 4,
        Source::Demo => 5,
    }
}

fn key_parts(key: &PersonKey) -> (&'static str, &str) {
    match key {
        PersonKey::Email(v) => ("email", v),
        PersonKey::LinkedIn(v) => ("linkedin", v),
        PersonKey::Phone(v) => ("phone", v),
        PersonKey::Name(v) => ("name", v),
    }
}

/// The identity keys of a person kept in `person_keys` (the folded name lives on the row).
pub(crate) fn keys_of(person: &Person) -> Vec<PersonKey> {
    let mut keys: Vec<PersonKey> = person.emails.iter().map(|e| PersonKey::Email(e.match_key())).collect();
    keys.extend(person.links.iter().filter_map(|l| l.linkedin_key()).map(|k| PersonKey::LinkedIn(k.to_string())));
    keys.extend(person.phones.iter().map(|p| PersonKey::Phone(p.match_key())));
    keys.sort_by(|a, b| key_parts(a).cmp(&key_parts(b)));
    keys.dedup();
    keys
}

fn write_children(conn: &Connection, person: &Person, replace: bool) -> StoreResult<()> {
    let id = person.id.as_uuid();
    if replace {
        for sql in [
            "DELETE FROM person_tags WHERE person_id = ?1",
            "DELETE FROM person_keys WHERE person_id = ?1",
            "DELETE FROM employments WHERE person_id = ?1",
        ] {
            conn.prepare_cached(sql).map_err(backend)?.execute([id]).map_err(backend)?;
        }
    }
    let keys = keys_of(person);
    insert_keys(conn, std::iter::once((person, keys.as_slice())))?;
    write_tags_and_jobs(conn, person)
}

/// Writes people's identity keys (a key already there is skipped).
fn insert_keys<'p>(conn: &Connection, people: impl Iterator<Item = (&'p Person, &'p [PersonKey])>) -> StoreResult<()> {
    let keys: Vec<(&str, &str, &[u8; 16])> = people
        .flat_map(|(person, keys)| {
            keys.iter().map(|key| {
                let (kind, value) = key_parts(key);
                (kind, value, person.id.as_uuid().as_bytes())
            })
        })
        .collect();
    let values: Vec<&dyn ToSql> = keys.iter().flat_map(|(kind, value, id)| [kind as &dyn ToSql, value, *id]).collect();
    KEYS.run(conn, &values).map_err(backend)
}

/// The employments a person has in the `employments` table: all but the current job when the
/// row already says all there is to know about it (the employer and the title on the row,
/// no years), which is the only job of nearly everyone imported. The table answers "who
/// worked at X"; for the current job the row's indexed `organization_id` answers it, and
/// [`crate::network::people`] puts the job back. Positions stay those of the person's list.
/// (Writing that row and its two indexes was a tenth of importing 30,000 LinkedIn rows.)
fn indexed_jobs(person: &Person) -> impl Iterator<Item = (usize, &Employment)> {
    person.employments.iter().enumerate().filter(|(_, job)| !is_row_job(person, job))
}

/// Whether `job` is the current job exactly as the person's row records it.
fn is_row_job(person: &Person, job: &Employment) -> bool {
    Some(job.organization_id) == person.organization_id
        && job.end_year.is_none()
        && job.start_year.is_none()
        && job.title == person.title
}

/// What one might type to find a person besides their name: emails, title, employer,
/// location, tags, skills and affinities, one per line.
pub(crate) fn search_text(conn: &Connection, person: &Person) -> StoreResult<String> {
    let org_name = match person.organization_id {
        Some(org) => organization_name(conn, org)?,
        None => None,
    };
    Ok(search_text_with(person, org_name.as_deref()))
}

fn organization_name(conn: &Connection, org: OrganizationId) -> StoreResult<Option<String>> {
    conn.prepare_cached("SELECT name FROM organizations WHERE id = ?1")
        .map_err(backend)?
        .query_row([org.as_uuid()], |r| r.get(0))
        .optional()
        .map_err(backend)
}

/// The search text of a person whose employer's name is already known.
fn search_text_with(person: &Person, org_name: Option<&str>) -> String {
    let mut body = String::new();
    let mut add = |s: &str| {
        if !s.is_empty() {
            body.push_str(s);
            body.push('\n');
        }
    };
    for email in &person.emails {
        add(email.as_str());
    }
    add(person.title.as_deref().unwrap_or(""));
    add(org_name.unwrap_or(""));
    add(person.location.as_deref().unwrap_or(""));
    for tag in &person.tags {
        add(tag.as_str());
    }
    for skill in &person.skills {
        add(skill);
    }
    for affinity in &person.targeting.affinities {
        add(&affinity.value);
    }
    body
}

/// Re-writes a person's search text (after their employer was renamed).
pub(crate) fn reindex(conn: &Connection, person: &Person) -> StoreResult<()> {
    let text = search_text(conn, person)?;
    conn.prepare_cached("UPDATE people SET search_text = ?2 WHERE id = ?1 AND search_text IS NOT ?2")
        .map_err(backend)?
        .execute(params![person.id.as_uuid(), text])
        .map_err(backend)?;
    Ok(())
}

/// People made ready to insert: each row's values worked out (encoded lists, search text,
/// identity keys), which needs no connection, so another thread may do it while the write
/// goes on (see `Store::ready_people`).
pub struct ReadyPeople(Vec<ReadyPerson>);

struct ReadyPerson {
    person: Person,
    values: RowValues,
    keys: Vec<PersonKey>,
}

/// Makes `people` ready to insert; `employers` names the organizations they work at.
pub(crate) fn ready(people: Vec<Person>, employers: &HashMap<OrganizationId, String>) -> StoreResult<ReadyPeople> {
    people
        .into_iter()
        .map(|person| {
            let (values, keys) = row_of(&person, employers)?;
            Ok(ReadyPerson { person, values, keys })
        })
        .collect::<StoreResult<_>>()
        .map(ReadyPeople)
}

/// Inserts many people in one go, each employer's name read once.
pub(crate) fn insert_many(conn: &Connection, people: &[Person]) -> StoreResult<()> {
    let mut employers: HashMap<OrganizationId, String> = HashMap::new();
    for org in people.iter().filter_map(|p| p.organization_id) {
        if !employers.contains_key(&org)
            && let Some(name) = organization_name(conn, org)?
        {
            employers.insert(org, name);
        }
    }
    let rows = people.iter().map(|person| row_of(person, &employers)).collect::<StoreResult<Vec<_>>>()?;
    insert_batch(conn, people.iter().zip(&rows).map(|(person, (values, keys))| (person, values, keys.as_slice())))
}

/// A new person's row values and identity keys; `employers` names their employer.
fn row_of(person: &Person, employers: &HashMap<OrganizationId, String>) -> StoreResult<(RowValues, Vec<PersonKey>)> {
    let employer = person.organization_id.and_then(|o| employers.get(&o)).map(String::as_str);
    Ok((RowValues::with_search_text(person, search_text_with(person, employer))?, keys_of(person)))
}

/// Inserts people made ready by [`ready`].
pub(crate) fn insert_ready(conn: &Connection, ready: &ReadyPeople) -> StoreResult<()> {
    insert_batch(conn, ready.0.iter().map(|r| (&r.person, &r.values, r.keys.as_slice())))
}

/// New people with their row values and identity keys, as [`insert_batch`] takes them.
type BatchRow<'p> = (&'p Person, &'p RowValues, &'p [PersonKey]);

/// People handed to SQLite per round: rows and keys of this many are gathered, then written
/// [`ROWS_PER_STATEMENT`] to a statement.
const ROUND: usize = 32 * ROWS_PER_STATEMENT;

/// Inserts new people, their keys, tags and employments as a bulk write, and counts them
/// per owner: rows and keys many to a statement ([`RowInsert`]), the rare tags and
/// employments one by one.
///
/// The rest of the transaction is a bulk write ([`crate::begin_bulk`]): references are
/// checked at commit (immediate checks were a fifth of writing 30,000 people with their
/// keys, employments and first touches), so a bad reference fails the whole transaction at
/// commit (see `write_error`) instead of the one statement. A statement that fails here may
/// leave part of its rows behind, so the caller must not commit (see [`crate::rows`]).
fn insert_batch<'p>(conn: &Connection, people: impl Iterator<Item = BatchRow<'p>>) -> StoreResult<()> {
    crate::begin_bulk(conn)?;
    let mut counts: HashMap<AccountId, (i64, i64)> = HashMap::new();
    let mut round: Vec<BatchRow<'p>> = Vec::with_capacity(ROUND);
    let mut people = people.peekable();
    while people.peek().is_some() {
        round.clear();
        round.extend(people.by_ref().take(ROUND));
        let mut values: Vec<&dyn ToSql> = Vec::with_capacity(round.len() * WIDTH);
        for (person, row, _) in &round {
            let count = counts.entry(person.owner).or_default();
            if person.deleted_at.is_some() {
                count.1 += 1;
            } else {
                count.0 += 1;
            }
            values.extend(row.params(person));
        }
        INSERT.run(conn, &values).map_err(|e| match round.as_slice() {
            [(person, _, _)] => reference_error(e, person),
            _ => backend(e),
        })?;
        insert_keys(conn, round.iter().map(|(person, _, keys)| (*person, *keys)))?;
        for (person, _, _) in &round {
            write_tags_and_jobs(conn, person)?;
        }
    }
    for (owner, (live, trashed)) in counts {
        count_new(conn, owner, live, trashed)?;
    }
    Ok(())
}

/// A person's tags and employments (rare in imports: one statement per row).
fn write_tags_and_jobs(conn: &Connection, person: &Person) -> StoreResult<()> {
    let id = person.id.as_uuid();
    if !person.tags.is_empty() {
        let mut tag = conn
            .prepare_cached("INSERT OR IGNORE INTO person_tags (person_id, tag) VALUES (?1, ?2)")
            .map_err(backend)?;
        for t in &person.tags {
            tag.execute(params![id, t.as_str()]).map_err(backend)?;
        }
    }
    let mut jobs = indexed_jobs(person).peekable();
    if jobs.peek().is_some() {
        let mut job = conn
            .prepare_cached(
                "INSERT INTO employments (person_id, position, organization_id, title, start_year, end_year) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .map_err(backend)?;
        for (position, j) in jobs {
            job.execute(params![id, position as i64, j.organization_id.as_uuid(), j.title, j.start_year, j.end_year])
                .map_err(|e| reference_error(e, person))?;
        }
    }
    Ok(())
}
