//! The router (a function of the state) and the server around it: bind checks, graceful
//! shutdown, and the middleware stack.

use std::future::Future;
use std::net::SocketAddr;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{get, post};
use tokio::net::TcpListener;

use crate::state::AppState;
use crate::{
    assets, auth, compose, home, interop, meetings, openings, organizations, people, search, settings, stats, targets,
    today, trash,
};

/// Every route of the app, with its middleware. Tests call this and drive it in-process.
pub fn router(state: AppState) -> Router {
    let upload_limit = state.config.upload_limit;
    Router::new()
        .route("/", get(home::index))
        .route("/health", get(health))
        .route("/favicon.ico", get(assets::favicon))
        .route("/assets/{file}", get(assets::serve))
        .route("/login", get(auth::login_page).post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/welcome", get(home::welcome).post(home::save_welcome))
        .route("/welcome/demo", post(home::load_demo))
        .route("/people", get(people::index).post(people::create))
        .route("/people/new", get(people::new_form))
        .route("/people/bulk", post(people::bulk))
        .route("/people/undo", post(people::undo))
        .route("/people/{id}", get(people::show).post(people::update))
        .route("/people/{id}/notes", post(people::add_note))
        .route("/people/{id}/delete", post(people::delete))
        .route("/people/{id}/meetings", post(meetings::schedule))
        .route("/people/{id}/log", post(people::log))
        .route("/introductions/{id}/state", post(people::introduction_state))
        .route("/people/{id}/outreach", get(compose::outreach_page).post(compose::outreach_post))
        .route("/people/{id}/thanks", get(compose::thanks_page).post(compose::thanks_post))
        .route("/today", get(today::index))
        .route("/reminders/decide", post(today::decide))
        .route("/meetings/{id}", get(meetings::show))
        .route("/meetings/{id}/cancel", post(meetings::cancel))
        .route("/meetings/{id}/brief", get(meetings::brief))
        .route("/meetings/{id}/capture", get(meetings::capture))
        .route("/meetings/{id}/debrief", get(meetings::debrief_form).post(meetings::debrief))
        .route("/organizations", get(organizations::index).post(organizations::create))
        .route("/organizations/{id}", get(organizations::show).post(organizations::update))
        .route("/organizations/{id}/lamp", post(organizations::score))
        .route("/organizations/{id}/notes", post(organizations::add_note))
        .route("/organizations/{id}/delete", post(organizations::delete))
        .route("/organizations/{id}/routes", get(targets::organization_routes))
        .route("/targets", get(targets::index))
        .route("/targets/apply", post(targets::apply))
        .route("/openings", get(openings::board).post(openings::create))
        .route("/openings/{id}", get(openings::show).post(openings::update))
        .route("/openings/{id}/status", post(openings::move_to))
        .route("/search", get(search::index))
        .route("/stats", get(stats::index))
        .route("/import", get(interop::import_page).post(interop::upload))
        .route("/import/apply", post(interop::apply))
        .route("/dupes", get(interop::dupes_page))
        .route("/dupes/merge", post(interop::merge))
        .route("/dupes/undo", post(interop::undo))
        .route("/export", get(interop::export_page))
        .route("/export/{file}", get(interop::download))
        .route("/feed/{file}", get(interop::feed))
        .route("/settings/feed-token", post(interop::rotate_feed))
        .route("/settings", get(settings::index).post(settings::save))
        .route("/settings/questions", post(settings::add_question))
        .route("/settings/questions/{id}", post(settings::edit_question))
        .route("/trash", get(trash::index))
        .route("/trash/restore", post(trash::restore))
        .layer(from_fn_with_state(state.clone(), crate::cache::pages))
        .layer(from_fn_with_state(state.clone(), crate::security::login_guard))
        .layer(from_fn_with_state(state.clone(), crate::security::csrf))
        .layer(DefaultBodyLimit::max(upload_limit))
        .layer(from_fn_with_state(state.clone(), crate::security::html_errors))
        .layer(from_fn(crate::security::headers))
        .layer(from_fn(crate::security::log_requests))
        .with_state(state)
}

/// `GET /health`: the server is up.
async fn health() -> &'static str {
    "ok"
}

/// Serves the app on `listener` until `shutdown` completes, then finishes the requests in
/// flight.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state)).with_graceful_shutdown(shutdown).await
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::warn!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

/// The server would listen beyond this machine without a password.
#[derive(Debug, thiserror::Error)]
#[error(
    "{addr} is reachable from other machines, and rapport holds private notes about people; \
     set serve.password_hash in the config file (make one with `rapport serve --hash-password`), \
     or listen on 127.0.0.1 only"
)]
pub struct BindError {
    pub addr: SocketAddr,
}

/// Refuses a non-loopback address unless a password guards the app.
pub fn check_bind(addr: SocketAddr, state_has_password: bool) -> Result<(), BindError> {
    if addr.ip().is_loopback() || state_has_password { Ok(()) } else { Err(BindError { addr }) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_goes_without_a_password() {
        let local: SocketAddr = "127.0.0.1:7878".parse().unwrap();
        let v6: SocketAddr = "[::1]:7878".parse().unwrap();
        let open: SocketAddr = "0.0.0.0:7878".parse().unwrap();
        assert!(check_bind(local, false).is_ok());
        assert!(check_bind(v6, false).is_ok());
        assert!(check_bind(open, false).unwrap_err().to_string().contains("password"));
        assert!(check_bind(open, true).is_ok());
    }
}
