//! Signing in and out, when a password is configured (`serve.password_hash`).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

use crate::error::AppError;
use crate::forms::{Form, Params};
use crate::page::Chrome;
use crate::security::session_cookie;
use crate::state::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
pub(crate) struct LoginPage {
    chrome: Chrome,
    next: String,
    failed: bool,
}

/// Only a path on this site is a place to go back to after signing in.
fn local_target(next: Option<&str>) -> String {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => path.to_string(),
        _ => "/".to_string(),
    }
}

/// `GET /login`.
pub(crate) async fn login_page(State(state): State<AppState>, chrome: Chrome, RawQuery(query): RawQuery) -> Response {
    if state.config.password_hash.is_none() {
        return Redirect::to("/").into_response();
    }
    let next = local_target(Params::from_query(query.as_deref()).text("next"));
    LoginPage { chrome, next, failed: false }.into_response()
}

/// `POST /login`: checks the password (argon2, off the async runtime) and sets the session.
pub(crate) async fn login(
    State(state): State<AppState>,
    chrome: Chrome,
    Form(params): Form,
) -> Result<Response, AppError> {
    let next = local_target(params.text("next"));
    let password = params.raw("password").to_string();
    let config = state.config.clone();
    let matches = tokio::task::spawn_blocking(move || config.password_matches(&password))
        .await
        .map_err(|e| AppError::Internal(format!("the password check failed: {e}")))?;
    let cookie = match session_cookie(&state) {
        Some(cookie) if matches => cookie,
        _ => return Ok((StatusCode::UNAUTHORIZED, LoginPage { chrome, next, failed: true }).into_response()),
    };
    let mut response = Redirect::to(&next).into_response();
    let value = HeaderValue::from_str(&cookie).map_err(|e| AppError::Internal(e.to_string()))?;
    response.headers_mut().append(header::SET_COOKIE, value);
    Ok(response)
}

/// `POST /logout`.
pub(crate) async fn logout() -> Response {
    let mut response = Redirect::to("/login").into_response();
    response.headers_mut().append(header::SET_COOKIE, HeaderValue::from_static(const_format_cookie()));
    response
}

const fn const_format_cookie() -> &'static str {
    // The cookie name is `SESSION_COOKIE`; spelled out here because header values from
    // static strings must be literals.
    "rapport_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::security::SESSION_COOKIE;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(local_target(Some("/people?q=a")), "/people?q=a");
        assert_eq!(local_target(Some("//evil.example/")), "/");
        assert_eq!(local_target(Some("https://evil.example/")), "/");
        assert_eq!(local_target(None), "/");
        assert!(const_format_cookie().starts_with(SESSION_COOKIE));
    }
}
