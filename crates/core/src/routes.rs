//! Warm-intro routes: for a target organization, the ranked and explained paths from the
//! seeker to the people there, through the seeker's network. The rules live in
//! `rapport_domain::routes`; this module reads the network from the store and asks them.
//!
//! Reading the whole network is the expensive part (every person, employment, relationship
//! and introduction), so it uses [`rapport_store::Reader::network_people`], which skips the
//! columns routes never read. A long-lived caller (the web server) keeps a [`RouteCache`]:
//! the built index is reused for as long as the store's change token and the day stay the
//! same, so a query costs a token read and a walk around one organization. A one-shot caller
//! (the command line) reads and builds once with [`for_organization`].

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use jiff::civil::Date;
use jiff::tz::TimeZone;
use rapport_domain::ids::{AccountId, OrganizationId, PersonId};
use rapport_domain::organizations::Organization;
use rapport_domain::people::Person;
use rapport_domain::routes::{NetworkIndex, NetworkInput, Route};
use rapport_domain::ties::FirstApproach;
use rapport_store::{ChangeToken, OrganizationFilter, Page, Reader, Store};

use crate::{CoreResult, Ctx};

/// The most routes a query returns, whatever limit is asked for.
pub const MAX_LIMIT: usize = 500;

/// The seeker's network, indexed for route queries, with everyone's name for display.
#[derive(Debug)]
pub struct Network {
    index: NetworkIndex,
    names: HashMap<PersonId, String>,
}

impl Network {
    /// Reads the network through `r` and indexes it as of `now` (which ties are dormant).
    pub fn read<R: Reader>(r: &R, owner: AccountId, now: jiff::Timestamp) -> CoreResult<Self> {
        let people = r.network_people(owner)?;
        let organizations = r.organizations(owner, &OrganizationFilter::default(), Page::ALL)?;
        Self::read_with(r, owner, now, &people, &organizations)
    }

    /// [`Network::read`] for a caller that has read the people (with
    /// [`Reader::network_people`]) and the organizations already.
    pub fn read_with<R: Reader>(
        r: &R,
        owner: AccountId,
        now: jiff::Timestamp,
        people: &[Person],
        organizations: &[Organization],
    ) -> CoreResult<Self> {
        let relationships = r.network_relationships(owner)?;
        let introductions = r.introductions(owner)?;
        let index = NetworkIndex::build(
            NetworkInput { people, relationships: &relationships, introductions: &introductions, organizations },
            now,
        );
        let names = people.iter().map(|p| (p.id, p.name.full.clone())).collect();
        Ok(Self { index, names })
    }

    pub fn index(&self) -> &NetworkIndex {
        &self.index
    }

    /// A person's name, when they are in the network.
    pub fn name(&self, id: PersonId) -> Option<&str> {
        self.names.get(&id).map(String::as_str)
    }

    /// The best `limit` routes to `organization`, each with the names along its path.
    pub fn routes(&self, organization: OrganizationId, limit: usize) -> Vec<ExplainedRoute> {
        self.index
            .routes_to(organization, limit.min(MAX_LIMIT))
            .into_iter()
            .map(|route| {
                let path = route
                    .path
                    .iter()
                    .map(|&id| RoutePerson { id, name: self.name(id).unwrap_or_default().to_string() })
                    .collect();
                ExplainedRoute { route, path }
            })
            .collect()
    }

    /// How to make the first approach to `person` (§4.3 routing rule): `None` when they are
    /// not in the network (in the trash, or marked do-not-contact).
    pub fn first_approach(&self, person: PersonId) -> Option<FirstApproach> {
        self.index.first_approach(person)
    }
}

/// Someone on a route.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoutePerson {
    pub id: PersonId,
    pub name: String,
}

/// A route with the people on it named.
#[derive(Clone, Debug, PartialEq)]
pub struct ExplainedRoute {
    pub route: Route,
    /// The route's path, first contact to target, with names.
    pub path: Vec<RoutePerson>,
}

/// The routes to one organization.
#[derive(Clone, Debug, PartialEq)]
pub struct OrganizationRoutes {
    pub organization: Organization,
    pub routes: Vec<ExplainedRoute>,
}

/// The routes to `organization`, reading and indexing the network once for this call.
pub fn for_organization<S: Store>(
    ctx: &Ctx<'_, S>,
    organization: OrganizationId,
    limit: usize,
) -> CoreResult<OrganizationRoutes> {
    ctx.store.read(|r| {
        let organization = r.organization(ctx.owner, organization)?;
        let network = Network::read(r, ctx.owner, ctx.now)?;
        let routes = network.routes(organization.id, limit);
        Ok(OrganizationRoutes { organization, routes })
    })
}

/// The routes to `organization`, through an index kept in `cache` while the store is
/// unchanged.
pub fn for_organization_cached<S: Store>(
    ctx: &Ctx<'_, S>,
    cache: &RouteCache,
    organization: OrganizationId,
    limit: usize,
) -> CoreResult<OrganizationRoutes> {
    let network = cache.network(ctx)?;
    let organization = ctx.store.read(|r| r.organization(ctx.owner, organization))?;
    let routes = network.routes(organization.id, limit);
    Ok(OrganizationRoutes { organization, routes })
}

/// A built network and the people it was built from ([`Reader::network_people`]).
pub type Snapshot = (Arc<Network>, Arc<Vec<Person>>);

/// The people of a cached snapshot, or, without one, everyone read now through `r`: for the
/// whole-network rules that take either.
pub(crate) fn people_of<'a, R: Reader>(
    cached: Option<&'a Snapshot>,
    r: &R,
    owner: AccountId,
) -> CoreResult<Cow<'a, [Person]>> {
    Ok(match cached {
        Some((_, people)) => Cow::Borrowed(people.as_slice()),
        None => Cow::Owned(r.network_people(owner)?),
    })
}

/// A built [`Network`], kept while the store's change token, the account and the (UTC) day
/// stay the same. The day is part of the key because ties turn dormant with time. One cache
/// may serve several stores: the token names its store.
#[derive(Debug, Default)]
pub struct RouteCache {
    current: Mutex<Option<Cached>>,
    /// Held while one caller builds: the others wait for its network instead of each
    /// building their own (32 page views at once would otherwise build 32 copies).
    building: Mutex<()>,
}

#[derive(Debug)]
struct Cached {
    owner: AccountId,
    token: ChangeToken,
    day: Date,
    network: Arc<Network>,
    /// The people the index was built from ([`Reader::network_people`]), for the other
    /// whole-network rules (the LAMP plan, the help map) that would otherwise read them again.
    people: Arc<Vec<Person>>,
}

impl RouteCache {
    pub fn new() -> Self {
        Self::default()
    }

    /// The current network: the cached one when nothing changed, else read, built and kept.
    pub fn network<S: Store>(&self, ctx: &Ctx<'_, S>) -> CoreResult<Arc<Network>> {
        Ok(self.current(ctx)?.0)
    }

    /// The current network and the people it was built from (as [`Reader::network_people`]
    /// reads them), under the same key.
    pub fn current<S: Store>(&self, ctx: &Ctx<'_, S>) -> CoreResult<Snapshot> {
        let (day, token) = Self::key(ctx)?;
        if let Some(hit) = self.held(ctx.owner, token, day) {
            return Ok(hit);
        }
        let _building = self.building.lock().unwrap_or_else(PoisonError::into_inner);
        // Someone else may have built it while this caller waited.
        if let Some(hit) = self.held(ctx.owner, token, day) {
            return Ok(hit);
        }
        // Built outside the `current` lock, so a slow build never holds up a reader of the
        // old one.
        // The token is read again in the same snapshot as the data it stands for.
        let (token, network, people) = ctx.store.read(|r| {
            let token = r.change_token(ctx.owner)?;
            let people = r.network_people(ctx.owner)?;
            let organizations = r.organizations(ctx.owner, &OrganizationFilter::default(), Page::ALL)?;
            let network = Network::read_with(r, ctx.owner, ctx.now, &people, &organizations)?;
            Ok::<_, crate::CoreError>((token, network, people))
        })?;
        let network = Arc::new(network);
        let people = Arc::new(people);
        *self.current.lock().unwrap_or_else(PoisonError::into_inner) =
            Some(Cached { owner: ctx.owner, token, day, network: Arc::clone(&network), people: Arc::clone(&people) });
        Ok((network, people))
    }

    /// The people of the network last built for this owner, however old, and whether they
    /// are still current; when none is held they are read and built now. For rules that only
    /// order things by the whole network (the help map on a person page ranks target
    /// employers by it): after a write they need not wait for a rebuild; the caller can
    /// rebuild afterwards with [`RouteCache::current`].
    pub fn recent_people<S: Store>(&self, ctx: &Ctx<'_, S>) -> CoreResult<(Arc<Vec<Person>>, bool)> {
        let (day, token) = Self::key(ctx)?;
        {
            let current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(cached) = current.as_ref()
                && cached.owner == ctx.owner
            {
                let fresh = cached.token == token && cached.day == day;
                return Ok((Arc::clone(&cached.people), fresh));
            }
        }
        Ok((self.current(ctx)?.1, true))
    }

    /// What a held network is good for: the (UTC) day and the store's change token now.
    fn key<S: Store>(ctx: &Ctx<'_, S>) -> CoreResult<(Date, ChangeToken)> {
        Ok((ctx.now.to_zoned_datetime(TimeZone::UTC).date(), ctx.store.read(|r| r.change_token(ctx.owner))?))
    }

    /// The held network and people, when they are for this owner, token and day.
    fn held(&self, owner: AccountId, token: ChangeToken, day: Date) -> Option<Snapshot> {
        let current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        let cached = current.as_ref()?;
        (cached.owner == owner && cached.token == token && cached.day == day)
            .then(|| (Arc::clone(&cached.network), Arc::clone(&cached.people)))
    }

    /// True when a network is held (for tests and diagnostics).
    pub fn is_warm(&self) -> bool {
        self.current.lock().unwrap_or_else(PoisonError::into_inner).is_some()
    }
}
