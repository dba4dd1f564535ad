//! Protection for a one-person app that still runs a web server: CSRF keys on every form,
//! the optional password gate, security headers on every answer, and error pages instead of
//! bare statuses.
//!
//! **CSRF.** Each browser gets a random cookie (`rapport_csrf`, HttpOnly, SameSite=Strict);
//! every form carries `_csrf`, the HMAC of that cookie under the install's secret key (a
//! signed double-submit token). A POST whose token does not match its cookie is refused with
//! a 403 page before any handler runs. Another site can neither read the cookie nor compute
//! the HMAC, and SameSite=Strict keeps the cookie off cross-site requests besides. Forms
//! send the token as a field; scripts and file uploads may send it as the `x-csrf-token`
//! header or the `_csrf` query parameter.

use std::time::Instant;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use crate::error::{AppError, error_page};
use crate::forms::Params;
use crate::secrets::{hex, random_bytes};
use crate::state::AppState;

/// The form key of this request's browser, for templates.
#[derive(Clone, Debug)]
pub(crate) struct CsrfToken(pub(crate) String);

/// Whether a password is configured and this browser is signed in.
#[derive(Clone, Copy, Debug)]
pub(crate) struct SignedIn(pub(crate) bool);

pub(crate) const CSRF_COOKIE: &str = "rapport_csrf";
pub(crate) const SESSION_COOKIE: &str = "rapport_session";
/// How long a sign-in lasts.
const SESSION_DAYS: i64 = 30;

/// The Content-Security-Policy: our own scripts, styles and images only, no inline code,
/// no framing, forms post only here.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// A cookie's value from the request headers.
pub(crate) fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
}

fn is_browser_key(value: &str) -> bool {
    value.len() == 32 && value.chars().all(|c| c.is_ascii_hexdigit())
}

fn forbidden(message: &str) -> Response {
    AppError::Forbidden(message.to_string()).into_response()
}

/// Issues the browser's CSRF cookie and checks the token on every request that changes
/// something.
pub(crate) async fn csrf(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let existing = cookie(req.headers(), CSRF_COOKIE).filter(|v| is_browser_key(v)).map(str::to_string);
    let (browser_key, fresh) = match existing {
        Some(key) => (key, false),
        None => match random_bytes::<16>() {
            Ok(bytes) => (hex(&bytes), true),
            Err(e) => return AppError::Internal(e.to_string()).into_response(),
        },
    };
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let mut req = if safe {
        req
    } else if fresh {
        return forbidden(
            "this form came without its form key (the browser sent no rapport cookie); reload the page, \
             allow cookies for this address, and send the form again",
        );
    } else {
        match checked(&state, &browser_key, req).await {
            Ok(req) => req,
            Err(response) => return response,
        }
    };
    let token = state.secrets.sign("csrf", &browser_key);
    req.extensions_mut().insert(CsrfToken(token));
    let mut response = next.run(req).await;
    if fresh
        && let Ok(value) =
            HeaderValue::from_str(&format!("{CSRF_COOKIE}={browser_key}; Path=/; HttpOnly; SameSite=Strict"))
    {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// Checks the token of a request that changes something; hands the request back (with its
/// body, which an ordinary form had to be read for) when it is valid.
async fn checked(state: &AppState, browser_key: &str, req: Request) -> Result<Request, Response> {
    let stale = || {
        forbidden(
            "this form's key does not match this browser (the page was open from before a restart of the \
             browser, or the form came from another site); reload the page and send the form again",
        )
    };
    let valid = |token: &str| state.secrets.verify("csrf", browser_key, token);
    if let Some(token) = req.headers().get("x-csrf-token").and_then(|v| v.to_str().ok()) {
        return if valid(token) { Ok(req) } else { Err(stale()) };
    }
    if let Some(token) = Params::from_query(req.uri().query()).text("_csrf").map(str::to_string) {
        return if valid(&token) { Ok(req) } else { Err(stale()) };
    }
    let urlencoded = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !urlencoded {
        return Err(stale());
    }
    let (parts, body) = req.into_parts();
    let limit = state.config.form_limit;
    let bytes = match axum::body::to_bytes(body, limit).await {
        Ok(bytes) => bytes,
        Err(_) => {
            return Err(AppError::TooLarge(format!(
                "this form is larger than {} KB; shorten the text and send it again",
                limit / 1024
            ))
            .into_response());
        }
    };
    match Params::parse(&bytes).text("_csrf") {
        Some(token) if valid(token) => Ok(Request::from_parts(parts, Body::from(bytes))),
        _ => Err(stale()),
    }
}

/// The value of a fresh session cookie for the configured password.
pub(crate) fn session_cookie(state: &AppState) -> Option<String> {
    let hash = state.config.password_hash.as_deref()?;
    let issued = jiff::Timestamp::now().as_second();
    let signature = state.secrets.sign("session", &format!("{issued}:{hash}"));
    Some(format!(
        "{SESSION_COOKIE}={issued}.{signature}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}",
        SESSION_DAYS * 86_400
    ))
}

/// True when the cookie is a session this install signed for the current password (so a
/// new password signs everyone out) and it is less than 30 days old.
fn session_valid(state: &AppState, hash: &str, value: &str) -> bool {
    let Some((issued, signature)) = value.split_once('.') else { return false };
    let Ok(issued_at) = issued.parse::<i64>() else { return false };
    let age = jiff::Timestamp::now().as_second() - issued_at;
    (-60..SESSION_DAYS * 86_400).contains(&age)
        && state.secrets.verify("session", &format!("{issued}:{hash}"), signature)
}

/// With a password configured, sends visitors who are not signed in to the login page.
pub(crate) async fn login_guard(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let Some(hash) = state.config.password_hash.as_deref() else {
        req.extensions_mut().insert(SignedIn(false));
        return next.run(req).await;
    };
    let path = req.uri().path();
    // The calendar feed is guarded by the secret token in its address: calendar apps cannot
    // sign in.
    let open = path == "/login"
        || path == "/health"
        || path == "/favicon.ico"
        || path.starts_with("/assets/")
        || path.starts_with("/feed/");
    let signed_in = cookie(req.headers(), SESSION_COOKIE).is_some_and(|v| session_valid(&state, hash, v));
    if !signed_in && !open {
        if req.method() == Method::GET || req.method() == Method::HEAD {
            let target = req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
            let next_param: String = form_urlencoded::byte_serialize(target.as_bytes()).collect();
            return Redirect::to(&format!("/login?next={next_param}")).into_response();
        }
        return error_page(StatusCode::UNAUTHORIZED, "Sign in first, then send the form again.".into());
    }
    req.extensions_mut().insert(SignedIn(signed_in));
    next.run(req).await
}

/// Security headers on every answer; pages are private and never cached.
pub(crate) async fn headers(req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    // A page with a policy of its own (the printable brief, whose one inline style is allowed
    // by its hash) keeps it; every other answer gets the app's.
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    }
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// Turns a bare error status (an unknown address, a body over the limit, a wrong method)
/// into a page that says what happened.
pub(crate) async fn html_errors(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let response = next.run(req).await;
    let status = response.status();
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !(status.is_client_error() || status.is_server_error()) || is_html {
        return response;
    }
    let message = match status {
        StatusCode::NOT_FOUND => "There is no page at this address. Use the links at the top to find your way.".into(),
        StatusCode::METHOD_NOT_ALLOWED => {
            "This address does not take that kind of request; use the page's own links and buttons.".into()
        }
        StatusCode::PAYLOAD_TOO_LARGE => format!(
            "That upload is larger than the limit of {} MB; split the file, or raise serve.upload_limit_mb in the config file.",
            state.config.upload_limit / (1024 * 1024)
        ),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "This address takes an ordinary form; send it from the page.".into(),
        _ if status.is_server_error() => {
            "Something went wrong on our side; the details are in the server's log.".into()
        }
        _ => "That request could not be understood; go back and try again.".into(),
    };
    error_page(status, message)
}

/// Logs each request (method, path, status, time) at debug level, and failures at warn.
pub(crate) async fn log_requests(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let started = Instant::now();
    let response = next.run(req).await;
    let status = response.status().as_u16();
    let micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
    if status >= 500 {
        tracing::warn!(%method, %path, status, micros, "request failed");
    } else {
        tracing::debug!(%method, %path, status, micros, "request");
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_found_by_name() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static("a=1; rapport_csrf=abc ; b=2"));
        assert_eq!(cookie(&headers, CSRF_COOKIE), Some("abc"));
        assert_eq!(cookie(&headers, "b"), Some("2"));
        assert_eq!(cookie(&headers, "c"), None);
        assert!(!is_browser_key("abc"));
        assert!(is_browser_key(&"a".repeat(32)));
    }
}
