//! Targets: the LAMP list worked out (§4.2): every employer in strict lexicographic order
//! with its standing, the active set of K, the gates as friendly banners (G1 a short list, G2
//! outreach locked until ten are scored, G3 a research card for each motivation 0), scoring
//! in place, whom to contact first at each active employer and how (§4.3), and the
//! warm-intro routes to each active employer through the people the seeker knows.
//!
//! The network index behind the routing rule and the routes is the server's `RouteCache`:
//! built once per change of the store, not once per page.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use rapport_core::routes::{self, ExplainedRoute};
use rapport_core::targets;
use rapport_domain::ids::OrganizationId;
use rapport_domain::lamp::Standing;
use rapport_domain::organizations::Organization;
use rapport_domain::ties::FirstApproach;
use rapport_store::{OrganizationFilter, Page};

use crate::error::AppError;
use crate::forms::Params;
use crate::organizations::{LampChoices, lamp_choices};
use crate::page::{Chrome, Notice};
use crate::state::AppState;
use crate::views::words;

/// How many routes each active employer shows on the Targets page.
const ROUTES_PER_TARGET: usize = 3;
/// How many routes an organization's own page shows.
pub(crate) const ROUTES_ON_PAGE: usize = 8;

/// A route as the page shows it.
pub(crate) struct RouteView {
    pub(crate) target_id: String,
    pub(crate) target_name: String,
    pub(crate) current: bool,
    pub(crate) hops: usize,
    pub(crate) first_id: String,
    pub(crate) first_name: String,
    pub(crate) steps: Vec<String>,
}

pub(crate) fn route_views(routes: &[ExplainedRoute]) -> Vec<RouteView> {
    routes
        .iter()
        .map(|r| {
            let first = r.path.first();
            RouteView {
                target_id: r.route.target.to_string(),
                target_name: r.route.target_name.clone(),
                current: r.route.target_is_current,
                hops: r.route.intermediaries().len(),
                first_id: first.map(|p| p.id.to_string()).unwrap_or_default(),
                first_name: first.map(|p| p.name.clone()).unwrap_or_default(),
                steps: r.route.steps.clone(),
            }
        })
        .collect()
}

/// One employer of the list.
pub(crate) struct Row {
    pub(crate) id: String,
    pub(crate) rank: usize,
    pub(crate) name: String,
    pub(crate) key: String,
    pub(crate) standing: String,
    pub(crate) active: bool,
    pub(crate) lamp: LampChoices,
}

/// An active employer: whom to contact first, how, and the routes there.
pub(crate) struct ActiveView {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) contact: Option<(String, String)>,
    pub(crate) candidates: usize,
    pub(crate) advice: String,
    pub(crate) routes: Vec<RouteView>,
}

#[derive(Template, WebTemplate)]
#[template(path = "targets/index.html")]
pub(crate) struct TargetsPage {
    chrome: Chrome,
    notice: Option<Notice>,
    k: usize,
    scored: usize,
    nudge: Option<String>,
    locked: Option<String>,
    research: Vec<(String, String, String)>,
    rows: Vec<Row>,
    active: Vec<ActiveView>,
    pending: Vec<String>,
}

fn standing_words(standing: &Standing) -> String {
    match standing {
        Standing::Active => "active".into(),
        Standing::Waiting => "waiting for a slot".into(),
        Standing::Freed(by) => format!("slot freed ({})", words(by.as_str())),
        Standing::Closed(status) => format!("closed ({})", words(status.as_str())),
        Standing::NeedsResearch => "research it first".into(),
        Standing::Unscored => "not scored yet".into(),
    }
}

/// `GET /targets`.
pub(crate) async fn index(
    State(state): State<AppState>,
    chrome: Chrome,
    RawQuery(raw): RawQuery,
) -> Result<TargetsPage, AppError> {
    let cache = state.routes.clone();
    let (plan, organizations, routes) = state
        .call(move |ctx| {
            let plan = targets::plan_cached(ctx, &cache)?;
            let organizations = rapport_core::organizations::list(ctx, &OrganizationFilter::default(), Page::ALL)?;
            let mut routes = Vec::new();
            for active in plan.plan.active() {
                let found = routes::for_organization_cached(ctx, &cache, active.organization_id, ROUTES_PER_TARGET)?;
                routes.push((active.organization_id, found.routes));
            }
            Ok((plan, organizations, routes))
        })
        .await?;
    let org = |id: OrganizationId| organizations.iter().find(|o| o.id == id);
    let name_of = |id: OrganizationId| org(id).map(|o| o.name.clone()).unwrap_or_default();
    let rows = plan
        .plan
        .ranked
        .iter()
        .filter_map(|e| {
            let o: &Organization = org(e.organization_id)?;
            Some(Row {
                id: e.organization_id.to_string(),
                rank: e.rank,
                name: e.name.clone(),
                key: e.key.to_string(),
                standing: standing_words(&e.standing),
                active: e.standing == Standing::Active,
                lamp: lamp_choices(o),
            })
        })
        .collect();
    let active = plan
        .plan
        .active()
        .map(|e| {
            let first = plan.first_contacts.iter().find(|f| f.organization_id == e.organization_id);
            let advice = match first {
                Some(f) => match &f.approach {
                    FirstApproach::AskForIntroduction { via } => format!(
                        "Ask {} for a double opt-in introduction to {} rather than writing cold.",
                        via.name, f.contact.name
                    ),
                    other => other.advice(&f.contact.name),
                },
                None => "You know no one there yet: look for alumni and people in your groups who work there.".into(),
            };
            ActiveView {
                id: e.organization_id.to_string(),
                name: e.name.clone(),
                contact: first.map(|f| (f.contact.person_id.to_string(), f.contact.name.clone())),
                candidates: first.map_or(0, |f| f.candidates),
                advice,
                routes: routes
                    .iter()
                    .find(|(id, _)| *id == e.organization_id)
                    .map(|(_, r)| route_views(r))
                    .unwrap_or_default(),
            }
        })
        .collect();
    let pending = plan
        .changes
        .iter()
        .map(|c| format!("{}: {} → {}", name_of(c.organization_id), words(c.from.as_str()), words(c.to.as_str())))
        .collect();
    let notice = match Params::from_query(raw.as_deref()).text("notice") {
        Some("scored") => Some(Notice::text("LAMP score saved.")),
        Some("applied") => Some(Notice::text("Statuses updated to match the plan.")),
        _ => None,
    };
    Ok(TargetsPage {
        chrome,
        notice,
        k: plan.plan.k,
        scored: plan.plan.scored,
        nudge: plan.plan.list_nudge.as_ref().map(|n| n.message().trim().to_string()),
        locked: plan.outreach_gate().err().map(|g| g.to_string()),
        research: plan
            .plan
            .research_cards
            .iter()
            .map(|c| (c.organization_id.to_string(), c.name.clone(), c.message()))
            .collect(),
        rows,
        active,
        pending,
    })
}

/// `POST /targets/apply`: records the status changes the plan proposes.
pub(crate) async fn apply(State(state): State<AppState>) -> Result<Response, AppError> {
    state.call(targets::apply).await?;
    Ok(Redirect::to("/targets?notice=applied").into_response())
}

/// `GET /organizations/{id}/routes`: every route to one organization (up to a page).
pub(crate) async fn organization_routes(
    State(state): State<AppState>,
    chrome: Chrome,
    Path(id): Path<String>,
) -> Result<RoutesPage, AppError> {
    let id: OrganizationId = id
        .parse()
        .map_err(|_| AppError::NotFound(format!("no organization with id {id}; find it on the Organizations page")))?;
    let cache = state.routes.clone();
    let found = state.call(move |ctx| routes::for_organization_cached(ctx, &cache, id, 50)).await?;
    Ok(RoutesPage {
        chrome,
        id: id.to_string(),
        name: found.organization.name.clone(),
        routes: route_views(&found.routes),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "targets/routes.html")]
pub(crate) struct RoutesPage {
    chrome: Chrome,
    id: String,
    name: String,
    routes: Vec<RouteView>,
}
