//! Openings: a board with one column per status, each card with its referrer and the
//! employer's referral bonus; adding an opening, moving it along, and the opening page with
//! its edit form.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use rapport_core::openings::{self, OpeningDetail};
use rapport_core::{CoreResult, Ctx};
use rapport_domain::ids::{OpeningId, OrganizationId};
use rapport_domain::openings::{NewOpening, OpeningPatch, OpeningStatus};
use rapport_domain::organizations::NewOrganization;
use rapport_store::{OpeningFilter, Page};

use crate::error::AppError;
use crate::forms::{Form, Params};
use crate::organizations::bonus_words;
use crate::page::{Chrome, Notice};
use crate::people::{Choice, choices};
use crate::state::{AppState, WebStore};
use crate::views::{date, words};

fn status_words() -> Vec<&'static str> {
    OpeningStatus::ALL.iter().map(|s| s.as_str()).collect()
}

pub(crate) struct Card {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) org_id: String,
    pub(crate) org_name: String,
    pub(crate) referrer: Option<(String, String)>,
    pub(crate) bonus: String,
    pub(crate) since: String,
    pub(crate) statuses: Vec<Choice>,
}

pub(crate) struct Column {
    pub(crate) slug: &'static str,
    pub(crate) label: String,
    pub(crate) cards: Vec<Card>,
}

#[derive(Template, WebTemplate)]
#[template(path = "openings/board.html")]
pub(crate) struct BoardPage {
    chrome: Chrome,
    notice: Option<Notice>,
    columns: Vec<Column>,
    total: usize,
    new_statuses: Vec<Choice>,
}

fn card(detail: &OpeningDetail, tz: &jiff::tz::TimeZone) -> Card {
    let o = &detail.opening;
    Card {
        id: o.id.to_string(),
        title: o.title.clone(),
        org_id: detail.organization.id.to_string(),
        org_name: detail.organization.name.clone(),
        referrer: detail.referrer.as_ref().map(|p| (p.id.to_string(), p.name.full.clone())),
        bonus: bonus_words(detail.organization.referral_bonus.as_ref()),
        since: date(o.status_changed_at, tz),
        statuses: choices(&status_words(), Some(o.status.as_str()), None),
    }
}

/// `GET /openings`: the board.
pub(crate) async fn board(
    State(state): State<AppState>,
    chrome: Chrome,
    RawQuery(raw): RawQuery,
) -> Result<BoardPage, AppError> {
    let all = state.call(|ctx| openings::list(ctx, &OpeningFilter::default(), Page::ALL)).await?;
    let tz = state.time_zone();
    let columns = OpeningStatus::ALL
        .iter()
        .map(|status| Column {
            slug: status.as_str(),
            label: words(status.as_str()),
            cards: all.iter().filter(|d| d.opening.status == *status).map(|d| card(d, &tz)).collect(),
        })
        .collect();
    let notice = match Params::from_query(raw.as_deref()).text("notice") {
        Some("moved") => Some(Notice::text("Status changed.")),
        Some("trashed") => Some(Notice::text("Moved to the trash. Bring it back from the Trash page.")),
        _ => None,
    };
    Ok(BoardPage {
        chrome,
        notice,
        total: all.len(),
        columns,
        new_statuses: choices(&status_words(), Some(OpeningStatus::Discovered.as_str()), None),
    })
}

fn opening_id(raw: &str) -> Result<OpeningId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound(format!("no opening with id {raw}; find it on the Openings page")))
}

fn bad(e: impl std::fmt::Display) -> AppError {
    AppError::BadRequest(e.to_string())
}

/// The employer typed into the form: an existing organization, or a new one.
fn org_for(ctx: &Ctx<'_, WebStore>, text: &str) -> CoreResult<OrganizationId> {
    match rapport_core::organizations::resolve(ctx, text) {
        Ok(id) => Ok(id),
        Err(e) if e.is_not_found() => Ok(rapport_core::organizations::add(ctx, NewOrganization::new(text)?, false)?.id),
        Err(e) => Err(e),
    }
}

/// `POST /openings`: adds an opening.
pub(crate) async fn create(State(state): State<AppState>, Form(params): Form) -> Result<Response, AppError> {
    let org = params.required("organization", "Organization")?.to_string();
    let title = params.required("title", "Title")?.to_string();
    let url = params.text("url").map(str::to_string);
    let status: Option<OpeningStatus> = params.parse_opt("status", "Status")?;
    let referrer = params.text("referrer").map(str::to_string);
    let opening = state
        .call(move |ctx| {
            let org_id = org_for(ctx, &org)?;
            let mut new = NewOpening::new(org_id, &title)?;
            new.jd_url = url;
            new.status = status.unwrap_or(OpeningStatus::Discovered);
            new.referrer_id = referrer.map(|r| rapport_core::people::resolve(ctx, &r)).transpose()?;
            openings::add(ctx, new)
        })
        .await?;
    Ok(Redirect::to(&format!("/openings/{}?notice=added", opening.id)).into_response())
}

/// `POST /openings/{id}/status`: moves a card to another column.
pub(crate) async fn move_to(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(params): Form,
) -> Result<Response, AppError> {
    let id = opening_id(&id)?;
    let status: OpeningStatus =
        params.parse_opt("status", "Status")?.ok_or_else(|| AppError::BadRequest("choose a status".into()))?;
    let patch = OpeningPatch { status: Some(status), ..Default::default() };
    state.call(move |ctx| openings::edit(ctx, id, &patch)).await?;
    Ok(Redirect::to(&format!("/openings?notice=moved#opening-{id}")).into_response())
}

pub(crate) struct OpeningView {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) org_id: String,
    pub(crate) org_name: String,
    pub(crate) status: String,
    pub(crate) since: String,
    pub(crate) url: String,
    pub(crate) req_id: String,
    pub(crate) jd_text: String,
    pub(crate) referrer: Option<(String, String)>,
    pub(crate) bonus: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "openings/show.html")]
pub(crate) struct ShowPage {
    chrome: Chrome,
    notice: Option<Notice>,
    opening: OpeningView,
    statuses: Vec<Choice>,
    /// A link is shown only when it is an http(s) address.
    url_is_web: bool,
}

/// `GET /openings/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    chrome: Chrome,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<ShowPage, AppError> {
    let id = opening_id(&id)?;
    let detail = state.call(move |ctx| openings::detail(ctx, id)).await?;
    let tz = state.time_zone();
    let o = &detail.opening;
    let url = o.jd_url.clone().unwrap_or_default();
    let notice = match Params::from_query(raw.as_deref()).text("notice") {
        Some("added") => Some(Notice::text("Added.")),
        Some("saved") => Some(Notice::text("Saved.")),
        Some("unchanged") => Some(Notice::text("Nothing changed.")),
        _ => None,
    };
    Ok(ShowPage {
        chrome,
        notice,
        statuses: choices(&status_words(), Some(o.status.as_str()), None),
        url_is_web: url.starts_with("https://") || url.starts_with("http://"),
        opening: OpeningView {
            id: o.id.to_string(),
            title: o.title.clone(),
            org_id: detail.organization.id.to_string(),
            org_name: detail.organization.name.clone(),
            status: words(o.status.as_str()),
            since: date(o.status_changed_at, &tz),
            url,
            req_id: o.req_id.clone().unwrap_or_default(),
            jd_text: o.jd_text.clone().unwrap_or_default(),
            referrer: detail.referrer.as_ref().map(|p| (p.id.to_string(), p.name.full.clone())),
            bonus: bonus_words(detail.organization.referral_bonus.as_ref()),
        },
    })
}

/// `POST /openings/{id}`: saves the edit form.
pub(crate) async fn update(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(params): Form,
) -> Result<Response, AppError> {
    let id = opening_id(&id)?;
    let title = params.required("title", "Title")?.to_string();
    let url = params.text("url").map(str::to_string);
    if let Some(u) = &url
        && !(u.starts_with("https://") || u.starts_with("http://"))
    {
        return Err(bad(format!("posting link: `{u}` is not a web address; write it as https://…")));
    }
    let req_id = params.text("req_id").map(str::to_string);
    let jd_text = params.text("jd_text").map(|t| t.replace("\r\n", "\n"));
    let status: Option<OpeningStatus> = params.parse_opt("status", "Status")?;
    let referrer = params.text("referrer").map(str::to_string);
    let changed = state
        .call(move |ctx| {
            let referrer_id = referrer.map(|r| rapport_core::people::resolve(ctx, &r)).transpose()?;
            let patch = OpeningPatch {
                title: Some(title),
                jd_url: Some(url),
                req_id: Some(req_id),
                jd_text: Some(jd_text),
                status,
                referrer_id: Some(referrer_id),
                ..Default::default()
            };
            openings::edit(ctx, id, &patch).map(|(_, changed)| changed)
        })
        .await?;
    let notice = if changed { "saved" } else { "unchanged" };
    Ok(Redirect::to(&format!("/openings/{id}?notice={notice}")).into_response())
}
