//! Rendered pages kept while the store is unchanged.
//!
//! The busiest pages (Today, People with or without a search, a person, the organizations,
//! targets, openings and stats) read only the store and the clock. This middleware keeps each
//! rendered page under its address and the visitor's form key, with the store's change token
//! (a counter every committed write bumps, by this server or by the command line) and the
//! minute it was made in. A later request for the same page costs one token read while both
//! still hold: a page is never behind the data, and at most a minute behind the clock (a
//! reminder that falls due shows up within the minute).
//!
//! What is kept: `200` answers to `GET` without cookies of their own and without
//! [`DoNotKeep`], up to
//! [`MAX_PAGE_BYTES`] each and [`CAPACITY_BYTES`] in all (least recently used first out).
//! Everything else passes through untouched.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use quick_cache::Weighter;
use quick_cache::sync::Cache;
use rapport_store::{ChangeToken, Reader, Store};

use crate::security::{CsrfToken, SignedIn};
use crate::state::AppState;

/// The most one page may weigh to be kept.
pub(crate) const MAX_PAGE_BYTES: usize = 512 * 1024;
/// The most all kept pages may weigh together.
pub(crate) const CAPACITY_BYTES: u64 = 8 * 1024 * 1024;

/// Put in a response's extensions by a handler whose page must not be kept (one made from
/// data older than the store's token, such as a help map ordered by a network being rebuilt).
#[derive(Clone, Copy, Debug)]
pub(crate) struct DoNotKeep;

/// Which page, for whom, made from what. A write or a new minute makes new keys; the pages
/// under old ones are never asked for again and leave as the least recently used.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct PageKey {
    /// Path and query, as asked.
    uri: String,
    /// The visitor's form key: it is inside every form of the page.
    csrf: String,
    signed_in: bool,
    token: ChangeToken,
    /// Minutes since the epoch.
    minute: i64,
}

/// A page as it was answered.
struct Kept {
    headers: HeaderMap,
    body: Bytes,
}

#[derive(Clone)]
struct ByBytes;

impl Weighter<PageKey, Arc<Kept>> for ByBytes {
    fn weight(&self, key: &PageKey, page: &Arc<Kept>) -> u64 {
        (key.uri.len() + key.csrf.len() + page.body.len() + 256) as u64
    }
}

/// The kept pages.
pub(crate) struct PageCache {
    pages: Cache<PageKey, Arc<Kept>, ByBytes>,
}

impl PageCache {
    pub(crate) fn new() -> Self {
        Self { pages: Cache::with_weighter(1_024, CAPACITY_BYTES, ByBytes) }
    }
}

/// True for the pages that read only the store and the clock (see the module notes).
fn cacheable(path: &str) -> bool {
    match path {
        "/today" | "/people" | "/organizations" | "/targets" | "/openings" | "/stats" => true,
        _ => {
            // `/people/{id}` and `/organizations/{id}`: one segment, and an id, not a form
            // such as `/people/new`.
            ["/people/", "/organizations/"]
                .iter()
                .any(|prefix| path.strip_prefix(prefix).is_some_and(|id| id.len() == 36 && !id.contains('/')))
        }
    }
}

/// The middleware (see the module notes).
pub(crate) async fn pages(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if req.method() != Method::GET || !cacheable(req.uri().path()) {
        return next.run(req).await;
    }
    // The token is read before the page is made: a write landing in between makes a page
    // newer than its key, which only costs one more render.
    let refresher = state.clone();
    let Ok((token, minute)) = state
        .call(move |ctx| {
            let token = ctx.store.read(|r| r.change_token(ctx.owner))?;
            refresher.refresh_time_zone(ctx, token)?;
            Ok((token, ctx.now.as_second().div_euclid(60)))
        })
        .await
    else {
        return next.run(req).await;
    };
    let key = PageKey {
        uri: req.uri().path_and_query().map_or_else(|| req.uri().path().to_string(), |pq| pq.as_str().to_string()),
        csrf: req.extensions().get::<CsrfToken>().map(|t| t.0.clone()).unwrap_or_default(),
        signed_in: req.extensions().get::<SignedIn>().is_some_and(|s| s.0),
        token,
        minute,
    };
    // Requests for a page being made wait for it rather than each making their own (the
    // first views after a write would otherwise all render at once).
    let guard = match state.pages.pages.get_value_or_guard_async(&key).await {
        Ok(kept) => {
            let mut response = Response::new(Body::from(kept.body.clone()));
            *response.headers_mut() = kept.headers.clone();
            return response;
        }
        Err(guard) => guard,
    };
    let response = next.run(req).await;
    if response.status() != StatusCode::OK
        || response.headers().contains_key(header::SET_COOKIE)
        || response.extensions().get::<DoNotKeep>().is_some()
    {
        // Dropping the guard hands the making to the next request waiting, if any.
        return response;
    }
    let (parts, body) = response.into_parts();
    // Pages are rendered into memory whole, so buffering them costs no extra wait.
    match axum::body::to_bytes(body, usize::MAX).await {
        Ok(body) => {
            if body.len() <= MAX_PAGE_BYTES {
                let _ = guard.insert(Arc::new(Kept { headers: parts.headers.clone(), body: body.clone() }));
            }
            Response::from_parts(parts, Body::from(body))
        }
        Err(e) => {
            tracing::warn!(error = %e, "a page's body failed while it was sent");
            let mut response = Response::new(Body::from("The page could not be made; reload it."));
            *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            response
        }
    }
}

#[cfg(test)]
mod tests {
    use super::cacheable;

    #[test]
    fn only_store_and_clock_pages_are_kept() {
        for path in ["/today", "/people", "/targets", "/people/01943e25-c24a-77b5-b9a8-e1e58b2c3c3a"] {
            assert!(cacheable(path), "{path}");
        }
        for path in [
            "/people/new",
            "/people/01943e25-c24a-77b5-b9a8-e1e58b2c3c3a/outreach",
            "/settings",
            "/import",
            "/export",
            "/health",
            "/meetings/01943e25-c24a-77b5-b9a8-e1e58b2c3c3a",
        ] {
            assert!(!cacheable(path), "{path}");
        }
    }
}
