//! Search across everything: people, organizations, openings, notes and meetings, grouped by
//! kind, with the matching words marked.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{RawQuery, State};
use rapport_store::{SearchHit, SearchKind, SearchQuery};

use crate::error::AppError;
use crate::forms::Params;
use crate::page::Chrome;
use crate::state::AppState;
use crate::views::{SnippetPart, snippet};

/// The most hits one search shows.
const LIMIT: u32 = 60;

pub(crate) struct Hit {
    pub(crate) title: String,
    /// Where the hit leads; a note about an organization has no page of its own here.
    pub(crate) href: Option<String>,
    pub(crate) snippet: Vec<SnippetPart>,
}

pub(crate) struct Group {
    pub(crate) label: &'static str,
    pub(crate) slug: &'static str,
    pub(crate) hits: Vec<Hit>,
}

#[derive(Template, WebTemplate)]
#[template(path = "search.html")]
pub(crate) struct SearchPage {
    chrome: Chrome,
    q: String,
    groups: Vec<Group>,
    searched: bool,
}

fn href(hit: &SearchHit) -> Option<String> {
    match hit.kind {
        SearchKind::Person => Some(format!("/people/{}", hit.id)),
        SearchKind::Organization => Some(format!("/organizations/{}", hit.id)),
        SearchKind::Opening => Some(format!("/openings/{}", hit.id)),
        SearchKind::Note | SearchKind::Meeting => hit.person_id.map(|p| format!("/people/{p}")),
    }
}

/// `GET /search?q=…`.
pub(crate) async fn index(
    State(state): State<AppState>,
    chrome: Chrome,
    RawQuery(raw): RawQuery,
) -> Result<SearchPage, AppError> {
    let q = Params::from_query(raw.as_deref()).text("q").unwrap_or("").to_string();
    let hits = if q.is_empty() {
        Vec::new()
    } else {
        let query = SearchQuery { limit: LIMIT, ..SearchQuery::new(q.clone()) };
        state.call(move |ctx| rapport_core::search::search(ctx, &query)).await?
    };
    let kinds = [
        (SearchKind::Person, "People", "people"),
        (SearchKind::Organization, "Organizations", "organizations"),
        (SearchKind::Opening, "Openings", "openings"),
        (SearchKind::Note, "Notes", "notes"),
        (SearchKind::Meeting, "Meetings", "meetings"),
    ];
    let groups = kinds
        .iter()
        .map(|(kind, label, slug)| Group {
            label,
            slug,
            hits: hits
                .iter()
                .filter(|h| h.kind == *kind)
                .map(|h| Hit { title: h.title.clone(), href: href(h), snippet: snippet(&h.snippet) })
                .collect(),
        })
        .filter(|g| !g.hits.is_empty())
        .collect();
    Ok(SearchPage { chrome, searched: !q.is_empty(), q, groups })
}
