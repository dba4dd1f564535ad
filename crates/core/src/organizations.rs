//! Organizations: add, edit, show, list, trash and restore, and find one by id or name.

use rapport_domain::ids::OrganizationId;
use rapport_domain::notes::{Note, NoteSubject};
use rapport_domain::openings::Opening;
use rapport_domain::organizations::{NewOrganization, Organization, OrganizationPatch};
use rapport_domain::people::Person;
use rapport_domain::values::fold_name;
use rapport_store::{
    OpeningFilter, OrganizationFilter, Page, Reader, SearchKind, SearchQuery, Store, StoreError, Trashable, Writer,
};

use crate::{CoreError, CoreResult, Ctx};

/// Everything about one organization.
#[derive(Clone, Debug, PartialEq)]
pub struct OrganizationDetail {
    pub organization: Organization,
    /// People who work there now.
    pub people: Vec<Person>,
    /// People who worked there before.
    pub alumni: Vec<Person>,
    pub openings: Vec<Opening>,
    pub notes: Vec<Note>,
}

/// Adds an organization; refuses a second one with the same name unless `allow_duplicate`.
pub fn add<S: Store>(ctx: &Ctx<'_, S>, new: NewOrganization, allow_duplicate: bool) -> CoreResult<Organization> {
    ctx.store.write(|w| {
        if !allow_duplicate && let Some(existing) = w.organization_by_name(ctx.owner, &new.name)? {
            return Err(CoreError::Refused(format!(
                "{} is already on your list ({}); edit it with `rapport org edit {}`, or add anyway with --allow-duplicate",
                existing.name,
                existing.id.short(),
                existing.id.short()
            )));
        }
        let org = new.into_organization(OrganizationId::new(), ctx.owner, ctx.now);
        check_motivation(w, ctx, org.lamp.motivation, org.id)?;
        w.insert_organization(&org)?;
        Ok(org)
    })
}

/// A motivation given when an employer is added or edited is held to what scoring it holds it
/// to (`targets::score`): the scale of the seeker's edition, and a 4 (second edition) for one
/// employer at a time.
fn check_motivation<W: Writer, S>(
    w: &W,
    ctx: &Ctx<'_, S>,
    motivation: Option<u8>,
    id: OrganizationId,
) -> CoreResult<()> {
    if let Some(value) = motivation {
        let settings = w.profile(ctx.owner)?.map(|p| p.settings).unwrap_or_default();
        let organizations = w.organizations(ctx.owner, &OrganizationFilter::default(), Page::ALL)?;
        rapport_domain::lamp::check_motivation(settings.edition, value, &organizations, id)?;
    }
    Ok(())
}

/// Finds the organization named `name`, adding it when there is none (imports and quick
/// entry: "at Acme" should not need a separate step).
pub fn find_or_add<W: Writer, S>(w: &W, ctx: &Ctx<'_, S>, name: &str) -> CoreResult<Organization> {
    if let Some(org) = w.organization_by_name(ctx.owner, name)? {
        return Ok(org);
    }
    let org = NewOrganization::new(name)?.into_organization(OrganizationId::new(), ctx.owner, ctx.now);
    w.insert_organization(&org)?;
    Ok(org)
}

pub fn edit<S: Store>(
    ctx: &Ctx<'_, S>,
    id: OrganizationId,
    patch: &OrganizationPatch,
) -> CoreResult<(Organization, bool)> {
    ctx.store.write(|w| {
        let mut org = w.organization(ctx.owner, id)?;
        if let Some(motivation) = patch.motivation {
            check_motivation(w, ctx, motivation, id)?;
        }
        let changed = patch.apply(&mut org, ctx.now)?;
        if changed {
            w.update_organization(&org)?;
        }
        Ok((org, changed))
    })
}

pub fn get<S: Store>(ctx: &Ctx<'_, S>, id: OrganizationId) -> CoreResult<Organization> {
    Ok(ctx.store.read(|r| r.organization(ctx.owner, id))?)
}

pub fn detail<S: Store>(ctx: &Ctx<'_, S>, id: OrganizationId) -> CoreResult<OrganizationDetail> {
    ctx.store.read(|r| {
        let organization = r.organization(ctx.owner, id)?;
        let everyone = r.people_at_organization(ctx.owner, id, true)?;
        let (people, alumni) = everyone.into_iter().partition(|p| p.organization_id == Some(id));
        Ok(OrganizationDetail {
            organization,
            people,
            alumni,
            openings: r.openings(
                ctx.owner,
                &OpeningFilter { organization_id: Some(id), ..Default::default() },
                Page::ALL,
            )?,
            notes: r.notes_about(ctx.owner, NoteSubject::Organization(id))?,
        })
    })
}

pub fn list<S: Store>(ctx: &Ctx<'_, S>, filter: &OrganizationFilter, page: Page) -> CoreResult<Vec<Organization>> {
    Ok(ctx.store.read(|r| r.organizations(ctx.owner, filter, page))?)
}

pub fn trash<S: Store>(ctx: &Ctx<'_, S>, id: OrganizationId) -> CoreResult<Organization> {
    ctx.store.write(|w| {
        let org = w.organization(ctx.owner, id)?;
        if org.deleted_at.is_none() {
            w.set_trashed(ctx.owner, Trashable::Organization(id), Some(ctx.now))?;
        }
        Ok(org)
    })
}

pub fn restore<S: Store>(ctx: &Ctx<'_, S>, id: OrganizationId) -> CoreResult<Organization> {
    ctx.store.write(|w| {
        w.set_trashed(ctx.owner, Trashable::Organization(id), None)?;
        Ok(w.organization(ctx.owner, id)?)
    })
}

/// Finds the organization the user means: a full id, a short id, or a name (exact, then a
/// unique prefix match).
pub fn resolve<S: Store>(ctx: &Ctx<'_, S>, text: &str) -> CoreResult<OrganizationId> {
    let text = text.trim();
    ctx.store.read(|r| {
        if let Ok(id) = text.parse::<OrganizationId>() {
            return match r.organization(ctx.owner, id) {
                Ok(_) => Ok(id),
                Err(StoreError::NotFound { .. }) => Err(no_org(text)),
                Err(e) => Err(e.into()),
            };
        }
        if let Some(org) = r.organization_by_name(ctx.owner, text)? {
            return Ok(org.id);
        }
        let all = r.organizations(ctx.owner, &OrganizationFilter::default(), Page::ALL)?;
        let lowered = text.to_ascii_lowercase();
        let by_short: Vec<&Organization> = all.iter().filter(|o| o.id.short() == lowered).collect();
        if let [one] = by_short.as_slice() {
            return Ok(one.id);
        }
        let query = SearchQuery { kinds: vec![SearchKind::Organization], limit: 6, ..SearchQuery::new(text) };
        let folded = fold_name(text);
        let hits: Vec<_> =
            r.search(ctx.owner, &query)?.into_iter().filter(|h| fold_name(&h.title).starts_with(&folded)).collect();
        match hits.as_slice() {
            [] => Err(no_org(text)),
            [one] => Ok(OrganizationId::from_uuid(one.id)),
            many => Err(CoreError::Ambiguous {
                kind: "organization",
                query: text.to_string(),
                count: many.len(),
                candidates: many.iter().map(|h| h.title.clone()).collect::<Vec<_>>().join(", "),
            }),
        }
    })
}

fn no_org(text: &str) -> CoreError {
    CoreError::NoMatch {
        kind: "organization",
        query: text.to_string(),
        hint: "add it with `rapport org add NAME` or list them with `rapport org list`".into(),
    }
}
