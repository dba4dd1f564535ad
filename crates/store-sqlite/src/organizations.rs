//! Organizations: the `organizations` row and its search document. Renaming one re-indexes
//! the people who work there, whose documents carry its name.

use rapport_domain::ids::{AccountId, OrganizationId};
use rapport_domain::organizations::{Lamp, Organization, ReferralBonus};
use rapport_domain::values::fold_name;
use rapport_store::{OrganizationFilter, Page, StoreError, StoreResult};
use rusqlite::types::ToSql;
use rusqlite::{Connection, OptionalExtension, params};

use crate::backend;
use crate::cols::{Cols, micros, opt_micros};
use crate::{people, search};

const COLUMNS: &str = "o.id, o.owner, o.created_at, o.updated_at, o.name, o.domain, o.industry, o.advocacy, \
    o.motivation, o.posting, o.user_order, o.status, o.research_notes, o.has_bonus, o.bonus_amount, o.bonus_currency, \
    o.bonus_notes, o.digital_industry, o.source_lens, o.deleted_at";

fn map_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Organization> {
    let mut c = Cols::new(row);
    let id = c.id()?;
    let owner = c.id()?;
    let created_at = c.ts()?;
    let updated_at = c.ts()?;
    let name = c.get()?;
    let domain = c.get()?;
    let industry = c.get()?;
    let advocacy = c.get::<Option<bool>>()?;
    let motivation = c.opt_small()?;
    let posting = c.opt_small()?;
    let user_order = c.get()?;
    let status = c.word()?;
    let research_notes = c.get()?;
    let has_bonus = c.bool()?;
    let bonus = ReferralBonus { amount: c.opt_small()?, currency: c.get()?, notes: c.get()? };
    Ok(Organization {
        id,
        owner,
        created_at,
        updated_at,
        name,
        domain,
        industry,
        lamp: Lamp { advocacy, motivation, posting, user_order },
        status,
        research_notes,
        referral_bonus: has_bonus.then_some(bonus),
        digital_industry: c.bool()?,
        source_lens: c.opt_word()?,
        deleted_at: c.opt_ts()?,
    })
}

pub(crate) fn get(conn: &Connection, owner: AccountId, id: OrganizationId) -> StoreResult<Organization> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM organizations o WHERE o.id = ?1 AND o.owner = ?2"))
        .map_err(backend)?
        .query_row(params![id.as_uuid(), owner.as_uuid()], map_row)
        .optional()
        .map_err(backend)?
        .ok_or_else(|| StoreError::not_found("organization", id))
}

pub(crate) fn by_name(conn: &Connection, owner: AccountId, name: &str) -> StoreResult<Option<Organization>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM organizations o WHERE o.owner = ?1 AND o.name_key = ?2 AND o.deleted_at IS NULL \
         ORDER BY o.created_at LIMIT 1"
    ))
    .map_err(backend)?
    .query_row(params![owner.as_uuid(), fold_name(name)], map_row)
    .optional()
    .map_err(backend)
}

pub(crate) fn list(
    conn: &Connection,
    owner: AccountId,
    filter: &OrganizationFilter,
    page: Page,
) -> StoreResult<Vec<Organization>> {
    let mut clauses = vec![
        "o.owner = ?1".to_string(),
        if filter.trashed { "o.deleted_at IS NOT NULL" } else { "o.deleted_at IS NULL" }.to_string(),
    ];
    let mut args: Vec<Box<dyn ToSql>> = vec![Box::new(*owner.as_uuid())];
    if let Some(text) = filter.text.as_deref().and_then(search::fts_query) {
        args.push(Box::new(text));
        clauses.push(format!(
            "o.id IN (SELECT d.entity FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid \
             WHERE search_fts MATCH ?{} AND d.kind = 'organization')",
            args.len()
        ));
    }
    if let Some(status) = filter.status {
        args.push(Box::new(status.as_str()));
        clauses.push(format!("o.status = ?{}", args.len()));
    }
    args.push(Box::new(i64::from(page.limit)));
    args.push(Box::new(i64::from(page.offset)));
    let sql = format!(
        "SELECT {COLUMNS} FROM organizations o WHERE {} ORDER BY o.name_key, o.id LIMIT ?{} OFFSET ?{}",
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

fn write(conn: &Connection, org: &Organization, insert: bool) -> StoreResult<()> {
    let bonus = org.referral_bonus.clone().unwrap_or_default();
    let sql = if insert {
        "INSERT INTO organizations (id, owner, created_at, updated_at, name, name_key, domain, industry, advocacy, \
         motivation, posting, user_order, status, research_notes, has_bonus, bonus_amount, bonus_currency, bonus_notes, \
         digital_industry, source_lens, deleted_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, \
         ?15, ?16, ?17, ?18, ?19, ?20, ?21)"
    } else {
        "UPDATE organizations SET created_at = ?3, updated_at = ?4, name = ?5, name_key = ?6, domain = ?7, \
         industry = ?8, advocacy = ?9, motivation = ?10, posting = ?11, user_order = ?12, status = ?13, \
         research_notes = ?14, has_bonus = ?15, bonus_amount = ?16, bonus_currency = ?17, bonus_notes = ?18, \
         digital_industry = ?19, source_lens = ?20, deleted_at = ?21 WHERE id = ?1 AND owner = ?2"
    };
    let changed = conn
        .prepare_cached(sql)
        .map_err(backend)?
        .execute(params![
            org.id.as_uuid(),
            org.owner.as_uuid(),
            micros(org.created_at),
            micros(org.updated_at),
            org.name,
            fold_name(&org.name),
            org.domain,
            org.industry,
            org.lamp.advocacy,
            org.lamp.motivation,
            org.lamp.posting,
            org.lamp.user_order,
            org.status.as_str(),
            org.research_notes,
            org.referral_bonus.is_some(),
            bonus.amount,
            bonus.currency,
            bonus.notes,
            org.digital_industry,
            org.source_lens.map(|s| s.as_str()),
            opt_micros(org.deleted_at),
        ])
        .map_err(backend)?;
    if changed == 0 {
        return Err(StoreError::not_found("organization", org.id));
    }
    index(conn, org)
}

pub(crate) fn insert(conn: &Connection, org: &Organization) -> StoreResult<()> {
    write(conn, org, true)
}

pub(crate) fn update(conn: &Connection, org: &Organization) -> StoreResult<()> {
    let old_name: Option<String> = conn
        .prepare_cached("SELECT name FROM organizations WHERE id = ?1")
        .map_err(backend)?
        .query_row([org.id.as_uuid()], |r| r.get(0))
        .optional()
        .map_err(backend)?;
    write(conn, org, false)?;
    if old_name.as_deref() != Some(org.name.as_str()) {
        for person in people::at_organization(conn, org.owner, org.id, false)? {
            people::reindex(conn, &person)?;
        }
    }
    Ok(())
}

pub(crate) fn index(conn: &Connection, org: &Organization) -> StoreResult<()> {
    let body = [org.domain.as_deref(), org.industry.as_deref(), org.research_notes.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("\n");
    search::upsert_doc(
        conn,
        search::Doc {
            owner: org.owner,
            kind: "organization",
            entity: *org.id.as_uuid(),
            person_id: None,
            hidden: org.deleted_at.is_some(),
            title: &org.name,
            body: &body,
        },
    )
}
