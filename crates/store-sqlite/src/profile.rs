//! The seeker's profile and settings: one row per account.

use rapport_domain::ids::AccountId;
use rapport_domain::profile::{Profile, Settings};
use rapport_store::StoreResult;
use rusqlite::{Connection, OptionalExtension, params};

use crate::backend;
use crate::cols::{Cols, micros, to_json};

pub(crate) fn get(conn: &Connection, owner: AccountId) -> StoreResult<Option<Profile>> {
    conn.prepare_cached(
        "SELECT owner, updated_at, name, email, pitch, goals, target_roles, target_industry, skills, affinities, \
         time_zone, holidays, cutoff_hour, reminder_hour, edition, active_employers, search_active \
         FROM profiles WHERE owner = ?1",
    )
    .map_err(backend)?
    .query_row([owner.as_uuid()], |row| {
        let mut c = Cols::new(row);
        let owner = c.id()?;
        let updated_at = c.ts()?;
        let name = c.get()?;
        let email = c.get()?;
        let pitch = c.get()?;
        let goals = c.get()?;
        let target_roles = c.json()?;
        let target_industry = c.get()?;
        let skills = c.json()?;
        let affinities = c.json()?;
        let time_zone = c.get()?;
        let holidays: Vec<String> = c.json()?;
        Ok(Profile {
            owner,
            updated_at,
            name,
            email,
            pitch,
            goals,
            target_roles,
            target_industry,
            skills,
            affinities,
            settings: Settings {
                time_zone,
                holidays: holidays.iter().filter_map(|d| d.parse().ok()).collect(),
                cutoff_hour: c.small()?,
                reminder_hour: c.small()?,
                edition: c.word()?,
                active_employers: c.small()?,
                search_active: c.bool()?,
            },
        })
    })
    .optional()
    .map_err(backend)
}

pub(crate) fn put(conn: &Connection, p: &Profile) -> StoreResult<()> {
    let holidays: Vec<String> = p.settings.holidays.iter().map(ToString::to_string).collect();
    conn.prepare_cached(
        "INSERT INTO profiles (owner, updated_at, name, email, pitch, goals, target_roles, target_industry, skills, \
         affinities, time_zone, holidays, cutoff_hour, reminder_hour, edition, active_employers, search_active) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17) \
         ON CONFLICT (owner) DO UPDATE SET updated_at = excluded.updated_at, name = excluded.name, \
         email = excluded.email, pitch = excluded.pitch, goals = excluded.goals, target_roles = excluded.target_roles, \
         target_industry = excluded.target_industry, skills = excluded.skills, affinities = excluded.affinities, \
         time_zone = excluded.time_zone, holidays = excluded.holidays, cutoff_hour = excluded.cutoff_hour, \
         reminder_hour = excluded.reminder_hour, edition = excluded.edition, \
         active_employers = excluded.active_employers, search_active = excluded.search_active",
    )
    .map_err(backend)?
    .execute(params![
        p.owner.as_uuid(),
        micros(p.updated_at),
        p.name,
        p.email,
        p.pitch,
        p.goals,
        to_json(&p.target_roles)?,
        p.target_industry,
        to_json(&p.skills)?,
        to_json(&p.affinities)?,
        p.settings.time_zone,
        to_json(&holidays)?,
        p.settings.cutoff_hour,
        p.settings.reminder_hour,
        p.settings.edition.as_str(),
        p.settings.active_employers,
        p.settings.search_active,
    ])
    .map_err(backend)?;
    Ok(())
}
