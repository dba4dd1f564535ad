//! Openings: add, edit (a status change restarts the referrer-update clock), list, show,
//! trash and restore, and find one by id or title.

use rapport_domain::ids::OpeningId;
use rapport_domain::openings::{NewOpening, Opening, OpeningPatch};
use rapport_domain::organizations::Organization;
use rapport_domain::people::Person;
use rapport_store::{OpeningFilter, Page, Reader, Store, StoreError, Trashable, Writer};

use rapport_domain::openings::OpeningStatus;

use crate::{CoreError, CoreResult, Ctx, reminders};

/// An opening with its organization and referrer.
#[derive(Clone, Debug, PartialEq)]
pub struct OpeningDetail {
    pub opening: Opening,
    pub organization: Organization,
    pub referrer: Option<Person>,
}

pub fn add<S: Store>(ctx: &Ctx<'_, S>, new: NewOpening) -> CoreResult<Opening> {
    ctx.store.write(|w| {
        let org = w.organization(ctx.owner, new.organization_id)?;
        if org.deleted_at.is_some() {
            return Err(CoreError::Refused(format!("{} is in the trash; restore it first", org.name)));
        }
        if let Some(referrer) = new.referrer_id {
            w.person(ctx.owner, referrer)?;
        }
        let opening = new.into_opening(OpeningId::new(), ctx.owner, ctx.now);
        w.insert_opening(&opening)?;
        after_change(w, ctx, None, &opening)?;
        Ok(opening)
    })
}

pub fn edit<S: Store>(ctx: &Ctx<'_, S>, id: OpeningId, patch: &OpeningPatch) -> CoreResult<(Opening, bool)> {
    ctx.store.write(|w| {
        let mut opening = w.opening(ctx.owner, id)?;
        if let Some(Some(referrer)) = patch.referrer_id {
            w.person(ctx.owner, referrer)?;
        }
        if let Some(org) = patch.organization_id {
            w.organization(ctx.owner, org)?;
        }
        let before = opening.clone();
        let changed = patch.apply(&mut opening, ctx.now)?;
        if changed {
            w.update_opening(&opening)?;
            after_change(w, ctx, Some(&before), &opening)?;
        }
        Ok((opening, changed))
    })
}

pub fn detail<S: Store>(ctx: &Ctx<'_, S>, id: OpeningId) -> CoreResult<OpeningDetail> {
    ctx.store.read(|r| {
        let opening = r.opening(ctx.owner, id)?;
        Ok(OpeningDetail {
            organization: r.organization(ctx.owner, opening.organization_id)?,
            referrer: opening.referrer_id.map(|p| r.person(ctx.owner, p)).transpose()?,
            opening,
        })
    })
}

pub fn list<S: Store>(ctx: &Ctx<'_, S>, filter: &OpeningFilter, page: Page) -> CoreResult<Vec<OpeningDetail>> {
    ctx.store.read(|r| {
        let openings = r.openings(ctx.owner, filter, page)?;
        let mut out = Vec::with_capacity(openings.len());
        for opening in openings {
            out.push(OpeningDetail {
                organization: r.organization(ctx.owner, opening.organization_id)?,
                referrer: opening.referrer_id.map(|p| r.person(ctx.owner, p)).transpose()?,
                opening,
            });
        }
        Ok(out)
    })
}

pub fn trash<S: Store>(ctx: &Ctx<'_, S>, id: OpeningId) -> CoreResult<Opening> {
    ctx.store.write(|w| {
        let opening = w.opening(ctx.owner, id)?;
        if opening.deleted_at.is_none() {
            w.set_trashed(ctx.owner, Trashable::Opening(id), Some(ctx.now))?;
            let trashed = w.opening(ctx.owner, id)?;
            after_change(w, ctx, Some(&opening), &trashed)?;
        }
        Ok(opening)
    })
}

pub fn restore<S: Store>(ctx: &Ctx<'_, S>, id: OpeningId) -> CoreResult<Opening> {
    ctx.store.write(|w| {
        let before = w.opening(ctx.owner, id)?;
        w.set_trashed(ctx.owner, Trashable::Opening(id), None)?;
        let opening = w.opening(ctx.owner, id)?;
        after_change(w, ctx, Some(&before), &opening)?;
        Ok(opening)
    })
}

/// Keeps reminders in step with a changed opening: its referrers (before and after) hear of
/// every status change (R18), and accepting a job, or taking that back, changes what everyone
/// who helped should hear (R22).
pub(crate) fn after_change<W: Writer, S>(
    w: &W,
    ctx: &Ctx<'_, S>,
    before: Option<&Opening>,
    after: &Opening,
) -> CoreResult<()> {
    let accepted = |o: &Opening| o.status == OpeningStatus::Accepted && o.deleted_at.is_none();
    if before.is_some_and(accepted) != accepted(after) {
        reminders::refresh_all(w, ctx)?;
        return Ok(());
    }
    let referrers: Vec<_> = before.and_then(|o| o.referrer_id).into_iter().chain(after.referrer_id).collect();
    reminders::refresh(w, ctx, &referrers)
}

/// Finds an opening by full id, short id, or a unique case-insensitive title match.
pub fn resolve<S: Store>(ctx: &Ctx<'_, S>, text: &str) -> CoreResult<OpeningId> {
    let text = text.trim();
    ctx.store.read(|r| {
        if let Ok(id) = text.parse::<OpeningId>() {
            return match r.opening(ctx.owner, id) {
                Ok(_) => Ok(id),
                Err(StoreError::NotFound { .. }) => Err(no_opening(text)),
                Err(e) => Err(e.into()),
            };
        }
        let all = r.openings(ctx.owner, &OpeningFilter::default(), Page::ALL)?;
        let lowered = text.to_lowercase();
        let matches: Vec<&Opening> =
            all.iter().filter(|o| o.id.short() == lowered || o.title.to_lowercase() == lowered).collect();
        let matches = if matches.is_empty() {
            all.iter().filter(|o| o.title.to_lowercase().contains(&lowered)).collect()
        } else {
            matches
        };
        match matches.as_slice() {
            [] => Err(no_opening(text)),
            [one] => Ok(one.id),
            many => Err(CoreError::Ambiguous {
                kind: "opening",
                query: text.to_string(),
                count: many.len(),
                candidates: many
                    .iter()
                    .map(|o| format!("{} ({})", o.title, o.id.short()))
                    .collect::<Vec<_>>()
                    .join(", "),
            }),
        }
    })
}

fn no_opening(text: &str) -> CoreError {
    CoreError::NoMatch {
        kind: "opening",
        query: text.to_string(),
        hint: "list them with `rapport opening list`".into(),
    }
}
