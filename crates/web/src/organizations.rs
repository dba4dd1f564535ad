//! Organizations: the list with each employer's LAMP key (M·P·A) and status, scoring LAMP in
//! place, adding one, and the organization page (people there, alumni, openings, notes,
//! research notes, edit, delete).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use rapport_core::organizations::{self, OrganizationDetail};
use rapport_domain::ids::OrganizationId;
use rapport_domain::lamp::LampKey;
use rapport_domain::notes::{NewNote, NoteSubject};
use rapport_domain::organizations::{
    NewOrganization, Organization, OrganizationPatch, OrganizationStatus, ReferralBonus, normalize_domain,
};
use rapport_store::{OrganizationFilter, Page};

use crate::error::AppError;
use crate::forms::{Form, Params};
use crate::page::{Chrome, Notice};
use crate::people::{Choice, choices};
use crate::state::AppState;
use crate::views::{date, datetime, words};

fn status_words() -> Vec<&'static str> {
    OrganizationStatus::ALL.iter().map(|s| s.as_str()).collect()
}

/// The LAMP key of an organization as the list shows it (`M3·P2·A1`).
fn lamp_key(org: &Organization) -> LampKey {
    LampKey { motivation: org.lamp.motivation, posting: org.lamp.posting, advocacy: org.lamp.advocacy.unwrap_or(false) }
}

/// The three LAMP selects of an organization.
pub(crate) struct LampChoices {
    pub(crate) motivation: Vec<Choice>,
    pub(crate) posting: Vec<Choice>,
    pub(crate) advocacy: Vec<Choice>,
}

fn numbered(values: &[u8], current: Option<u8>, unset: &str) -> Vec<Choice> {
    let mut out = vec![Choice { value: String::new(), label: unset.to_string(), selected: current.is_none() }];
    out.extend(values.iter().map(|v| Choice {
        value: v.to_string(),
        label: v.to_string(),
        selected: current == Some(*v),
    }));
    out
}

pub(crate) fn lamp_choices(org: &Organization) -> LampChoices {
    let advocacy = [("", "from people", None), ("yes", "yes", Some(true)), ("no", "no", Some(false))]
        .into_iter()
        .map(|(value, label, v)| Choice { value: value.into(), label: label.into(), selected: org.lamp.advocacy == v })
        .collect();
    LampChoices {
        motivation: numbered(&[0, 1, 2, 3, 4, 5], org.lamp.motivation, "unscored"),
        posting: numbered(&[1, 2, 3], org.lamp.posting, "unchecked"),
        advocacy,
    }
}

pub(crate) struct OrgRow {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) industry: String,
    pub(crate) key: String,
    pub(crate) status: String,
    pub(crate) lamp: LampChoices,
}

#[derive(Template, WebTemplate)]
#[template(path = "organizations/index.html")]
pub(crate) struct IndexPage {
    chrome: Chrome,
    notice: Option<Notice>,
    rows: Vec<OrgRow>,
    q: String,
    statuses: Vec<Choice>,
}

fn list_notice(params: &Params) -> Option<Notice> {
    let text = match params.text("notice")? {
        "scored" => "LAMP score saved.",
        "trashed" => "Moved to the trash. Bring it back from the Trash page.",
        _ => return None,
    };
    Some(Notice::text(text))
}

/// `GET /organizations`: the list in LAMP order (motivation, then posting, then advocacy,
/// then name).
pub(crate) async fn index(
    State(state): State<AppState>,
    chrome: Chrome,
    RawQuery(raw): RawQuery,
) -> Result<IndexPage, AppError> {
    let params = Params::from_query(raw.as_deref());
    let q = params.text("q").unwrap_or("").to_string();
    let status: Option<OrganizationStatus> = params.parse_opt("status", "Status")?;
    let filter = OrganizationFilter { text: (!q.is_empty()).then(|| q.clone()), status, trashed: false };
    let mut orgs = state.call(move |ctx| organizations::list(ctx, &filter, Page::ALL)).await?;
    orgs.sort_by(|a, b| {
        lamp_key(a)
            .cmp_priority(lamp_key(b))
            .then_with(|| a.lamp.user_order.cmp(&b.lamp.user_order))
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    let rows = orgs
        .iter()
        .map(|o| OrgRow {
            id: o.id.to_string(),
            name: o.name.clone(),
            industry: o.industry.clone().unwrap_or_default(),
            key: lamp_key(o).to_string(),
            status: words(o.status.as_str()),
            lamp: lamp_choices(o),
        })
        .collect();
    Ok(IndexPage {
        chrome,
        notice: list_notice(&params),
        rows,
        q,
        statuses: choices(&status_words(), status.map(OrganizationStatus::as_str), Some("any status")),
    })
}

fn org_id(raw: &str) -> Result<OrganizationId, AppError> {
    raw.parse()
        .map_err(|_| AppError::NotFound(format!("no organization with id {raw}; find it on the Organizations page")))
}

fn bad(e: impl std::fmt::Display) -> AppError {
    AppError::BadRequest(e.to_string())
}

/// `POST /organizations`: adds an organization.
pub(crate) async fn create(State(state): State<AppState>, Form(params): Form) -> Result<Response, AppError> {
    let mut new = NewOrganization::new(params.required("name", "Name")?).map_err(bad)?;
    new.domain = params.text("domain").map(normalize_domain).transpose().map_err(bad)?;
    new.industry = params.text("industry").map(str::to_string);
    let allow_duplicate = params.has("allow_duplicate");
    let org = state.call(move |ctx| organizations::add(ctx, new, allow_duplicate)).await?;
    Ok(Redirect::to(&format!("/organizations/{}?notice=added", org.id)).into_response())
}

/// The LAMP part of a form: motivation, posting and advocacy selects.
fn lamp_patch(params: &Params, patch: &mut OrganizationPatch) -> Result<(), AppError> {
    if params.has("motivation") {
        patch.motivation = Some(params.parse_opt("motivation", "Motivation")?);
    }
    if params.has("posting") {
        patch.posting = Some(params.parse_opt("posting", "Posting")?);
    }
    if params.has("advocacy") {
        patch.advocacy = Some(match params.text("advocacy") {
            None => None,
            Some("yes") => Some(true),
            Some("no") => Some(false),
            Some(other) => return Err(AppError::BadRequest(format!("advocacy: `{other}` is not yes, no or blank"))),
        });
    }
    Ok(())
}

/// `POST /organizations/{id}/lamp`: saves the LAMP scores from the list, in place.
pub(crate) async fn score(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(params): Form,
) -> Result<Response, AppError> {
    let id = org_id(&id)?;
    let mut patch = OrganizationPatch::default();
    lamp_patch(&params, &mut patch)?;
    state.call(move |ctx| organizations::edit(ctx, id, &patch)).await?;
    let back = if params.text("from") == Some("page") {
        format!("/organizations/{id}?notice=scored")
    } else if params.text("from") == Some("targets") {
        format!("/targets?notice=scored#t-{id}")
    } else {
        format!("/organizations?notice=scored#org-{id}")
    };
    Ok(Redirect::to(&back).into_response())
}

pub(crate) struct PersonLink {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) title: String,
}

pub(crate) struct OpeningLink {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) status: String,
}

pub(crate) struct NoteView {
    pub(crate) when: String,
    pub(crate) body: String,
}

pub(crate) struct OrgView {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) domain: String,
    pub(crate) industry: String,
    pub(crate) key: String,
    pub(crate) status: String,
    pub(crate) research_notes: String,
    pub(crate) bonus: String,
    pub(crate) bonus_amount: String,
    pub(crate) bonus_currency: String,
    pub(crate) bonus_notes: String,
    pub(crate) trashed: bool,
    pub(crate) added: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "organizations/show.html")]
pub(crate) struct ShowPage {
    chrome: Chrome,
    notice: Option<Notice>,
    org: OrgView,
    lamp: LampChoices,
    statuses: Vec<Choice>,
    people: Vec<PersonLink>,
    alumni: Vec<PersonLink>,
    openings: Vec<OpeningLink>,
    notes: Vec<NoteView>,
    routes: Vec<crate::targets::RouteView>,
}

/// A referral bonus in words: `2,500 USD (paid after 90 days)`.
pub(crate) fn bonus_words(bonus: Option<&ReferralBonus>) -> String {
    let Some(bonus) = bonus else { return String::new() };
    let mut out = match (bonus.amount, &bonus.currency) {
        (Some(a), Some(c)) => format!("{a} {c}"),
        (Some(a), None) => a.to_string(),
        _ => String::new(),
    };
    if let Some(notes) = &bonus.notes {
        out = if out.is_empty() { notes.clone() } else { format!("{out} ({notes})") };
    }
    out
}

fn person_links(people: &[rapport_domain::people::Person]) -> Vec<PersonLink> {
    people
        .iter()
        .map(|p| PersonLink {
            id: p.id.to_string(),
            name: p.name.full.clone(),
            title: p.title.clone().unwrap_or_default(),
        })
        .collect()
}

/// `GET /organizations/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    chrome: Chrome,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<ShowPage, AppError> {
    let id = org_id(&id)?;
    let cache = state.routes.clone();
    let (OrganizationDetail { organization: o, people, alumni, openings, notes }, routes) = state
        .call(move |ctx| {
            let detail = organizations::detail(ctx, id)?;
            let routes = if detail.organization.deleted_at.is_none() {
                rapport_core::routes::for_organization_cached(ctx, &cache, id, crate::targets::ROUTES_ON_PAGE)?.routes
            } else {
                Vec::new()
            };
            Ok((detail, routes))
        })
        .await?;
    let tz = state.time_zone();
    let notice = match Params::from_query(raw.as_deref()).text("notice") {
        Some("added") => Some(Notice::text("Added.")),
        Some("saved") => Some(Notice::text("Saved.")),
        Some("unchanged") => Some(Notice::text("Nothing changed.")),
        Some("scored") => Some(Notice::text("LAMP score saved.")),
        Some("noted") => Some(Notice::text("Note added.")),
        _ => None,
    };
    Ok(ShowPage {
        chrome,
        notice,
        routes: crate::targets::route_views(&routes),
        lamp: lamp_choices(&o),
        statuses: choices(&status_words(), Some(o.status.as_str()), None),
        people: person_links(&people),
        alumni: person_links(&alumni),
        openings: openings
            .iter()
            .map(|x| OpeningLink { id: x.id.to_string(), title: x.title.clone(), status: words(x.status.as_str()) })
            .collect(),
        notes: notes.iter().map(|n| NoteView { when: datetime(n.created_at, &tz), body: n.body.clone() }).collect(),
        org: OrgView {
            id: o.id.to_string(),
            name: o.name.clone(),
            domain: o.domain.clone().unwrap_or_default(),
            industry: o.industry.clone().unwrap_or_default(),
            key: lamp_key(&o).to_string(),
            status: words(o.status.as_str()),
            research_notes: o.research_notes.clone().unwrap_or_default(),
            bonus: bonus_words(o.referral_bonus.as_ref()),
            bonus_amount: o.referral_bonus.as_ref().and_then(|b| b.amount).map(|a| a.to_string()).unwrap_or_default(),
            bonus_currency: o.referral_bonus.as_ref().and_then(|b| b.currency.clone()).unwrap_or_default(),
            bonus_notes: o.referral_bonus.as_ref().and_then(|b| b.notes.clone()).unwrap_or_default(),
            trashed: o.deleted_at.is_some(),
            added: date(o.created_at, &tz),
        },
    })
}

/// `POST /organizations/{id}`: saves the edit form.
pub(crate) async fn update(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(params): Form,
) -> Result<Response, AppError> {
    let id = org_id(&id)?;
    let amount: Option<u32> = params.parse_opt("bonus_amount", "Referral bonus")?;
    let currency = params.text("bonus_currency");
    let bonus_notes = params.text("bonus_notes");
    let bonus = if amount.is_none() && currency.is_none() && bonus_notes.is_none() {
        None
    } else {
        Some(ReferralBonus::new(amount, currency, bonus_notes).map_err(bad)?)
    };
    let mut patch = OrganizationPatch {
        name: Some(params.required("name", "Name")?.to_string()),
        domain: Some(params.text("domain").map(normalize_domain).transpose().map_err(bad)?),
        industry: Some(params.text("industry").map(str::to_string)),
        status: params.parse_opt("status", "Status")?,
        research_notes: Some(params.text("research_notes").map(|t| t.replace("\r\n", "\n"))),
        referral_bonus: Some(bonus),
        ..Default::default()
    };
    lamp_patch(&params, &mut patch)?;
    let (_, changed) = state.call(move |ctx| organizations::edit(ctx, id, &patch)).await?;
    let notice = if changed { "saved" } else { "unchanged" };
    Ok(Redirect::to(&format!("/organizations/{id}?notice={notice}")).into_response())
}

/// `POST /organizations/{id}/notes`.
pub(crate) async fn add_note(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(params): Form,
) -> Result<Response, AppError> {
    let id = org_id(&id)?;
    let new = NewNote::new(NoteSubject::Organization(id), params.raw("body")).map_err(bad)?;
    state
        .call(move |ctx| {
            organizations::get(ctx, id)?;
            rapport_core::notes::add(ctx, new)
        })
        .await?;
    Ok(Redirect::to(&format!("/organizations/{id}?notice=noted#notes")).into_response())
}

/// `POST /organizations/{id}/delete`: to the trash (restore from the Trash page).
pub(crate) async fn delete(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, AppError> {
    let id = org_id(&id)?;
    state.call(move |ctx| organizations::trash(ctx, id)).await?;
    Ok(Redirect::to("/organizations?notice=trashed").into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bonuses_read_as_words() {
        let bonus = ReferralBonus::new(Some(2500), Some("usd"), Some("after 90 days")).unwrap();
        assert_eq!(bonus_words(Some(&bonus)), "2500 USD (after 90 days)");
        assert_eq!(bonus_words(None), "");
    }
}
