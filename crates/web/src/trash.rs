//! The trash: what was deleted, newest first, with a button to bring each back.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};

use crate::error::AppError;
use crate::forms::{Form, Params};
use crate::page::{Chrome, Notice};
use crate::state::AppState;
use crate::views::datetime;

/// The most items the page lists (a bad import can trash thousands).
const SHOWN: usize = 500;

pub(crate) struct Item {
    pub(crate) id: String,
    pub(crate) kind: &'static str,
    pub(crate) title: String,
    pub(crate) when: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "trash.html")]
pub(crate) struct TrashPage {
    chrome: Chrome,
    notice: Option<Notice>,
    items: Vec<Item>,
    total: usize,
}

/// `GET /trash`.
pub(crate) async fn index(
    State(state): State<AppState>,
    chrome: Chrome,
    RawQuery(raw): RawQuery,
) -> Result<TrashPage, AppError> {
    let all = state.call(rapport_core::trash::list).await?;
    let tz = state.time_zone();
    let notice = Params::from_query(raw.as_deref()).has("restored").then(|| Notice::text("Restored."));
    Ok(TrashPage {
        chrome,
        notice,
        total: all.len(),
        items: all
            .iter()
            .take(SHOWN)
            .map(|i| Item {
                id: i.id.to_string(),
                kind: i.kind,
                title: i.title.clone(),
                when: datetime(i.deleted_at, &tz),
            })
            .collect(),
    })
}

/// `POST /trash/restore`: brings one record back.
pub(crate) async fn restore(State(state): State<AppState>, Form(params): Form) -> Result<Response, AppError> {
    let id = params.required("id", "Which record")?.to_string();
    let item = state.call(move |ctx| rapport_core::trash::restore(ctx, &id)).await?;
    let target = match item.kind {
        "person" => format!("/people/{}?notice=restored", item.id),
        "organization" => format!("/organizations/{}", item.id),
        "opening" => format!("/openings/{}", item.id),
        _ => "/trash?restored".to_string(),
    };
    Ok(Redirect::to(&target).into_response())
}
