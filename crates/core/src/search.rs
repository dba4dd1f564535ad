//! Search across everything the seeker keeps.

use rapport_store::{Reader, SearchHit, SearchQuery, Store};

use crate::{CoreResult, Ctx};

pub fn search<S: Store>(ctx: &Ctx<'_, S>, query: &SearchQuery) -> CoreResult<Vec<SearchHit>> {
    Ok(ctx.store.read(|r| r.search(ctx.owner, query))?)
}
