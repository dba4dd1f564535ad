//! The state every handler shares: the store, the settings, the secrets and a small cache of
//! the seeker's time zone. Store calls run off the async runtime through [`AppState::call`].

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use tokio::sync::Semaphore;

use jiff::tz::TimeZone;
use rapport_core::routes::RouteCache;
use rapport_core::{CoreResult, Ctx};
use rapport_domain::ids::AccountId;
use rapport_domain::profile::Profile;
use rapport_store::ChangeToken;
use rapport_store_sqlite::SqliteStore;

use crate::cache::PageCache;
use crate::config::WebConfig;
use crate::error::AppError;
use crate::secrets::Secrets;

/// The store the web app runs on. One name to change when a second backend arrives (an enum
/// over the backends, or a generic state).
pub type WebStore = SqliteStore;

/// What the handlers share. Cloning is cheap (every part is behind an `Arc`).
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<WebStore>,
    pub config: Arc<WebConfig>,
    pub secrets: Arc<Secrets>,
    /// The seeker's time zone, so pages need no second store read to show local dates: read
    /// at start, set when the web app saves the profile, and read again once the store has
    /// changed since (the command line may have changed the profile; see
    /// [`AppState::refresh_time_zone`]). With the change token it was read at.
    time_zone: Arc<RwLock<(Option<ChangeToken>, TimeZone)>>,
    /// Bounds the store calls running at once. The SQLite store keeps up to 8 idle read
    /// connections; more calls at once would open (and throw away) connections per request,
    /// losing their statement caches, and would grow a thread per waiting call.
    gate: Arc<Semaphore>,
    /// The network index for warm-intro routes and the routing rule, built once per change of
    /// the store (building it costs about half a second at 30,000 people).
    pub(crate) routes: Arc<RouteCache>,
    /// Set while a background rebuild of `routes` runs, so a burst of page views after a
    /// write starts one rebuild, not one each (each would hold a store slot while it waits).
    rebuilding: Arc<AtomicBool>,
    /// The calendar feed's token: from the secrets file, replaced when the seeker rotates it.
    feed_token: Arc<RwLock<String>>,
    /// Uploaded files between their preview and "apply", by a random key.
    pub(crate) uploads: Arc<Mutex<Vec<PendingUpload>>>,
    /// Rendered pages kept while the store is unchanged (see [`crate::cache`]).
    pub(crate) pages: Arc<PageCache>,
}

/// A file uploaded for import, kept until it is applied (or replaced by newer uploads).
pub(crate) struct PendingUpload {
    pub(crate) key: String,
    pub(crate) name: Option<String>,
    pub(crate) bytes: Arc<Vec<u8>>,
    pub(crate) format: Option<String>,
    pub(crate) keep_photos: bool,
    pub(crate) at: std::time::Instant,
}

/// How many store calls may run at once: two per core, at most the store's 8 idle readers.
fn store_concurrency() -> usize {
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
    (cores * 2).clamp(2, 8)
}

impl AppState {
    /// A state over an open store; reads the profile once for the time zone.
    pub fn new(store: WebStore, config: WebConfig, secrets: Secrets) -> Result<Self, AppError> {
        let state = Self {
            store: Arc::new(store),
            config: Arc::new(config),
            secrets: Arc::new(secrets),
            time_zone: Arc::new(RwLock::new((None, TimeZone::UTC))),
            gate: Arc::new(Semaphore::new(store_concurrency())),
            routes: Arc::new(RouteCache::new()),
            rebuilding: Arc::new(AtomicBool::new(false)),
            feed_token: Arc::new(RwLock::new(String::new())),
            uploads: Arc::new(Mutex::new(Vec::new())),
            pages: Arc::new(PageCache::new()),
        };
        *state.feed_token.write().unwrap_or_else(std::sync::PoisonError::into_inner) = state.secrets.feed_token.clone();
        let profile = rapport_core::profile::get(&Ctx::now(state.store.as_ref(), AccountId::LOCAL))?;
        state.remember_profile(&profile);
        Ok(state)
    }

    /// Runs a use case on a blocking thread with a context at the current time, once one of
    /// the store's slots is free.
    pub(crate) async fn call<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&Ctx<'_, WebStore>) -> CoreResult<T> + Send + 'static,
    {
        let permit = Arc::clone(&self.gate)
            .acquire_owned()
            .await
            .map_err(|e| AppError::Internal(format!("the store gate closed: {e}")))?;
        let store = Arc::clone(&self.store);
        let joined = tokio::task::spawn_blocking(move || {
            // The permit travels with the work, so a dropped request frees its slot only when
            // the store call has finished.
            let _permit = permit;
            let ctx = Ctx::now(store.as_ref(), AccountId::LOCAL);
            f(&ctx)
        })
        .await;
        match joined {
            Ok(result) => result.map_err(AppError::from),
            Err(e) => Err(AppError::Internal(format!("a store task failed: {e}"))),
        }
    }

    /// Brings the network cache up to date after this answer, once at a time: for a page
    /// that was made from the network as it was before the latest writes.
    pub(crate) fn rebuild_network_later(&self) {
        if self.rebuilding.swap(true, Ordering::AcqRel) {
            return;
        }
        let state = self.clone();
        tokio::spawn(async move {
            let routes = Arc::clone(&state.routes);
            if let Err(e) = state.call(move |ctx| routes.current(ctx).map(|_| ())).await {
                tracing::warn!(error = %e, "the network index could not be rebuilt");
            }
            state.rebuilding.store(false, Ordering::Release);
        });
    }

    /// The seeker's time zone, for showing dates.
    pub(crate) fn time_zone(&self) -> TimeZone {
        self.time_zone.read().unwrap_or_else(std::sync::PoisonError::into_inner).1.clone()
    }

    /// Reads the time zone from the profile again when the store shows `token` and the time
    /// zone was read at another: the cached pages' middleware calls it with the token it
    /// reads for every page (so the first page after any write, here or by the command line,
    /// shows dates in the profile's time zone as it is now). Runs on a store thread.
    pub(crate) fn refresh_time_zone(&self, ctx: &Ctx<'_, WebStore>, token: ChangeToken) -> CoreResult<()> {
        if self.time_zone.read().unwrap_or_else(std::sync::PoisonError::into_inner).0 == Some(token) {
            return Ok(());
        }
        let profile = rapport_core::profile::get(ctx)?;
        let tz = TimeZone::get(&profile.settings.time_zone).unwrap_or(TimeZone::UTC);
        *self.time_zone.write().unwrap_or_else(std::sync::PoisonError::into_inner) = (Some(token), tz);
        Ok(())
    }

    /// The calendar feed's current token.
    pub(crate) fn feed_token(&self) -> String {
        self.feed_token.read().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    /// Makes a new feed token (saved in the secrets file); the old feed URL stops working.
    pub(crate) fn rotate_feed_token(&self) -> Result<String, AppError> {
        let token = self.secrets.rotate_feed_token().map_err(|e| AppError::Internal(e.to_string()))?;
        *self.feed_token.write().unwrap_or_else(std::sync::PoisonError::into_inner) = token.clone();
        Ok(token)
    }

    /// Updates the cached time zone after the profile was saved.
    pub(crate) fn remember_profile(&self, profile: &Profile) {
        let tz = TimeZone::get(&profile.settings.time_zone).unwrap_or(TimeZone::UTC);
        // No token: the write that saved it changed the store, and the next page reads it again.
        *self.time_zone.write().unwrap_or_else(std::sync::PoisonError::into_inner) = (None, tz);
    }
}
