//! People as list rows: the People page's query ([`crate::people::list_mapped`]) reading only
//! the columns a row shows, so a page of fifty costs no JSON decoding of emails, links,
//! employments and the rest.

use rapport_domain::ids::AccountId;
use rapport_store::{Page, PersonFilter, PersonSummary, PersonSummaryPage, StoreResult};
use rusqlite::Connection;

use crate::cols::Cols;

const COLUMNS: &str = "p.id, p.full_name, p.title, p.stage, p.tier, p.tags, p.last_touch_at";

fn map_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<PersonSummary> {
    let mut c = Cols::new(row);
    Ok(PersonSummary {
        id: c.id()?,
        name: c.get()?,
        title: c.get()?,
        stage: c.word()?,
        tier: c.opt_word()?,
        tags: c.json()?,
        last_touch_at: c.opt_ts()?,
    })
}

pub(crate) fn list(
    conn: &Connection,
    owner: AccountId,
    filter: &PersonFilter,
    page: Page,
) -> StoreResult<PersonSummaryPage> {
    let (people, total, capped) = crate::people::list_mapped(conn, owner, filter, page, COLUMNS, map_row)?;
    Ok(PersonSummaryPage { people, total, capped })
}
