//! The target list (§4.2, §4.3): the LAMP list in strict lexicographic order with its active
//! set, gates and research cards; whom to contact first at each active employer and how (an
//! email, or a double opt-in introduction through someone the seeker knows); recording the
//! status changes the plan proposes; and scoring an employer.
//!
//! The rules are `rapport_domain::lamp` and `rapport_domain::ties`; this module reads what they
//! need and writes what they decide. Motivation is only ever set here on the seeker's word
//! ([`score`]): nothing in rapport derives or changes it on its own.

use rapport_domain::ids::{OrganizationId, PersonId};
use rapport_domain::lamp::{self, LampPlan, OutreachLocked, RankedEmployer, StatusChange};
use rapport_domain::organizations::{Organization, OrganizationPatch};
use rapport_domain::people::Person;
use rapport_domain::profile::{Profile, Settings};
use rapport_domain::ties::{self, FirstApproach, RankedContact};
use rapport_store::{OrganizationFilter, Page, Reader, Store, Writer};

use crate::routes::{Network, RouteCache};
use crate::{CoreError, CoreResult, Ctx};

/// The first contact suggested at one active employer.
#[derive(Clone, Debug, PartialEq)]
pub struct FirstContact {
    pub organization_id: OrganizationId,
    /// The best-ranked person there (§4.3 contact priority).
    pub contact: RankedContact,
    /// How many people there could be contacted (not do-not-contact, not in the trash).
    pub candidates: usize,
    /// Email them, or ask someone for an introduction first.
    pub approach: FirstApproach,
}

/// The target list worked out.
#[derive(Clone, Debug, PartialEq)]
pub struct TargetPlan {
    pub plan: LampPlan,
    /// The status writes the plan proposes (promote to active, release to candidate).
    pub changes: Vec<StatusChange>,
    /// One per active employer with someone there to contact, in rank order.
    pub first_contacts: Vec<FirstContact>,
}

impl TargetPlan {
    /// Gate G2: `Err` while too few employers have a motivation score.
    pub fn outreach_gate(&self) -> Result<(), OutreachLocked> {
        self.plan.outreach_gate()
    }
}

fn settings_of(profile: Option<Profile>) -> Settings {
    profile.map(|p| p.settings).unwrap_or_default()
}

fn live_organizations<R: Reader>(r: &R, owner: rapport_domain::ids::AccountId) -> CoreResult<Vec<Organization>> {
    Ok(r.organizations(owner, &OrganizationFilter::default(), Page::ALL)?)
}

/// The LAMP list, the gates, and whom to contact first at each active employer.
pub fn plan<S: Store>(ctx: &Ctx<'_, S>) -> CoreResult<TargetPlan> {
    plan_with(ctx, None)
}

/// [`plan`] with the routing rule read from a network index kept in `cache` (for the web
/// server, which would otherwise build the index for every page).
pub fn plan_cached<S: Store>(ctx: &Ctx<'_, S>, cache: &RouteCache) -> CoreResult<TargetPlan> {
    plan_with(ctx, Some(cache))
}

fn plan_with<S: Store>(ctx: &Ctx<'_, S>, cache: Option<&RouteCache>) -> CoreResult<TargetPlan> {
    let cached = cache.map(|c| c.current(ctx)).transpose()?;
    ctx.store.read(|r| {
        let organizations = live_organizations(r, ctx.owner)?;
        let settings = settings_of(r.profile(ctx.owner)?);
        let people = crate::routes::people_of(cached.as_ref(), r, ctx.owner)?;
        let people: &[Person] = &people;
        let plan = lamp::plan(&organizations, people, &settings);
        let changes = plan.status_changes();
        let active: Vec<&Organization> =
            plan.active().filter_map(|e| organizations.iter().find(|o| o.id == e.organization_id)).collect();
        let mut first_contacts = Vec::new();
        // The network index (for the routing rule) is built only when there is someone to
        // route to.
        let mut network: Option<Network> = None;
        for org in active {
            let ranked = ties::rank_contacts(org, people);
            let Some(best) = ranked.first() else { continue };
            if network.is_none() && cached.is_none() {
                network = Some(Network::read_with(r, ctx.owner, ctx.now, people, &organizations)?);
            }
            let approach =
                approach_to(cached.as_ref().map(|(n, _)| n.as_ref()).or(network.as_ref()), people, best.person_id);
            first_contacts.push(FirstContact {
                organization_id: org.id,
                contact: best.clone(),
                candidates: ranked.len(),
                approach,
            });
        }
        Ok(TargetPlan { plan, changes, first_contacts })
    })
}

/// The routing rule for one person: from the network when they are in it, else a plain
/// email (warm when they have an affinity).
fn approach_to(network: Option<&Network>, people: &[Person], person: PersonId) -> FirstApproach {
    if let Some(approach) = network.and_then(|n| n.first_approach(person)) {
        return approach;
    }
    let warm = people.iter().find(|p| p.id == person).is_some_and(|p| ties::has_affinity(&p.targeting));
    FirstApproach::Email { warm }
}

/// A status change that was written, with the employer's name.
#[derive(Clone, Debug, PartialEq)]
pub struct AppliedChange {
    pub change: StatusChange,
    pub name: String,
}

/// Writes the status changes the plan proposes (a newly promoted employer becomes active, one
/// that lost its place goes back to candidate), all in one write. Returns what changed;
/// nothing when the records already match the plan.
pub fn apply<S: Store>(ctx: &Ctx<'_, S>) -> CoreResult<Vec<AppliedChange>> {
    ctx.store.write(|w| {
        let organizations = live_organizations(w, ctx.owner)?;
        let settings = settings_of(w.profile(ctx.owner)?);
        let people = w.network_people(ctx.owner)?;
        let plan = lamp::plan(&organizations, &people, &settings);
        let mut applied = Vec::new();
        for change in plan.status_changes() {
            let mut org = w.organization(ctx.owner, change.organization_id)?;
            org.status = change.to;
            org.updated_at = ctx.now;
            w.update_organization(&org)?;
            applied.push(AppliedChange { change, name: org.name });
        }
        Ok(applied)
    })
}

/// A change of an employer's LAMP scores, as the seeker gives it. `None` leaves a score alone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Score {
    /// The seeker's motivation, on their edition's scale.
    pub motivation: Option<u8>,
    /// 1 no relevant postings, 2 semi-relevant, 3 relevant.
    pub posting: Option<u8>,
    /// `Some(Some(y))` sets Y/N by hand; `Some(None)` goes back to deriving it from the
    /// people the seeker knows there.
    pub advocacy: Option<Option<bool>>,
}

impl Score {
    pub fn is_empty(&self) -> bool {
        *self == Score::default()
    }
}

/// What scoring did, and where the employer now stands.
#[derive(Clone, Debug, PartialEq)]
pub struct Scored {
    pub organization: Organization,
    /// The employer's place in the plan after the change.
    pub ranked: RankedEmployer,
    /// Status changes the plan now proposes (`rapport targets --apply` records them).
    pub pending: Vec<StatusChange>,
    /// Gate G2 after the change.
    pub gate: Result<(), OutreachLocked>,
}

/// Scores an employer: motivation on the edition's scale (a 4 in second-edition mode only for
/// one employer at a time), posting 1–3, advocacy Y/N or derived. One write.
pub fn score<S: Store>(ctx: &Ctx<'_, S>, id: OrganizationId, score: Score) -> CoreResult<Scored> {
    if score.is_empty() {
        return Err(CoreError::Refused(
            "nothing to score; give --motivation, --posting or --advocacy (yes, no, or auto to derive it)".into(),
        ));
    }
    ctx.store.write(|w| {
        let mut organization = w.organization(ctx.owner, id)?;
        if organization.deleted_at.is_some() {
            return Err(CoreError::Refused(format!(
                "{} is in the trash; restore it first with `rapport org restore {}`",
                organization.name,
                organization.id.short()
            )));
        }
        let mut organizations = live_organizations(w, ctx.owner)?;
        let settings = settings_of(w.profile(ctx.owner)?);
        let motivation = score
            .motivation
            .map(|m| lamp::check_motivation(settings.edition, m, &organizations, organization.id))
            .transpose()?;
        let patch = OrganizationPatch {
            motivation: motivation.map(Some),
            posting: score.posting.map(Some),
            advocacy: score.advocacy,
            ..Default::default()
        };
        if patch.apply(&mut organization, ctx.now)? {
            w.update_organization(&organization)?;
        }
        if let Some(slot) = organizations.iter_mut().find(|o| o.id == organization.id) {
            *slot = organization.clone();
        }
        let people = w.network_people(ctx.owner)?;
        let plan = lamp::plan(&organizations, &people, &settings);
        let ranked = plan.get(organization.id).cloned().ok_or_else(|| {
            CoreError::Refused(format!(
                "{} is not on your list of employers; list them with `rapport targets`",
                organization.name
            ))
        })?;
        Ok(Scored { organization, ranked, pending: plan.status_changes(), gate: plan.outreach_gate() })
    })
}
