//! One error type for every handler. It maps use-case errors to 404, 400 and 409 pages in
//! the words the command line uses (the core's messages are written for people), logs what
//! went wrong inside, and never shows internals to the browser.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use rapport_core::CoreError;
use rapport_store::StoreError;

use crate::page::Chrome;

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A use case said no, or found nothing.
    #[error(transparent)]
    Core(#[from] CoreError),
    /// The request itself is wrong: a missing field, a value that does not parse.
    #[error("{0}")]
    BadRequest(String),
    /// No such page or record.
    #[error("{0}")]
    NotFound(String),
    /// A form without a valid form key (CSRF), or a signed-out visitor.
    #[error("{0}")]
    Forbidden(String),
    /// A body over the size limit.
    #[error("{0}")]
    TooLarge(String),
    /// Something broke on the server side; the text goes to the log only.
    #[error("{0}")]
    Internal(String),
}

impl AppError {
    /// The status this error answers with.
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Core(core) => core_status(core),
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What the person sees: the error's own words, except for server faults.
    fn public_message(&self) -> String {
        match self {
            AppError::Internal(_) | AppError::Core(CoreError::Store(StoreError::Backend(_))) => {
                "Something went wrong on our side. Nothing was lost; the details are in the server's log. Try again, and if it keeps happening, restart `rapport serve`.".into()
            }
            other => sentence(&other.to_string()),
        }
    }
}

fn core_status(core: &CoreError) -> StatusCode {
    match core {
        CoreError::Invalid(_) => StatusCode::BAD_REQUEST,
        CoreError::NoMatch { .. } => StatusCode::NOT_FOUND,
        CoreError::Ambiguous { .. } | CoreError::Refused(_) => StatusCode::CONFLICT,
        CoreError::Store(store) => match store {
            StoreError::NotFound { .. } => StatusCode::NOT_FOUND,
            StoreError::Conflict(_) => StatusCode::CONFLICT,
            StoreError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        },
    }
}

/// A message as a sentence: capital first letter, final period.
fn sentence(text: &str) -> String {
    let mut chars = text.trim().chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => return String::new(),
    };
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

/// The words for a status code: the page title.
pub(crate) fn status_title(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "That did not work",
        401 => "Please sign in",
        403 => "That form has expired",
        404 => "Not found",
        405 => "Not allowed here",
        409 => "Not done",
        413 => "Too large",
        415 => "Unsupported form",
        503 => "Busy",
        _ => "Something went wrong",
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub(crate) struct ErrorPage {
    pub(crate) chrome: Chrome,
    pub(crate) status: u16,
    pub(crate) title: &'static str,
    pub(crate) message: String,
}

/// An error page response for a status and a message.
pub(crate) fn error_page(status: StatusCode, message: String) -> Response {
    let page = ErrorPage { chrome: Chrome::bare(), status: status.as_u16(), title: status_title(status), message };
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "cannot render the error page");
            (status, page.message).into_response()
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        } else {
            tracing::debug!(error = %self, status = status.as_u16(), "request refused");
        }
        error_page(status, self.public_message())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_errors_map_to_statuses_and_keep_their_words() {
        let missing =
            AppError::from(CoreError::NoMatch { kind: "person", query: "zed".into(), hint: "try again".into() });
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
        assert_eq!(missing.public_message(), "No person matches `zed`; try again.");
        let refused = AppError::from(CoreError::Refused("that is not allowed".into()));
        assert_eq!(refused.status(), StatusCode::CONFLICT);
        let invalid = AppError::from(CoreError::Invalid(rapport_domain::ValidationError::new("email", "bad")));
        assert_eq!(invalid.status(), StatusCode::BAD_REQUEST);
    }

    #[test]
    fn internals_never_reach_the_page() {
        let err = AppError::from(CoreError::Store(StoreError::Backend("disk I/O error at page 7".into())));
        assert_eq!(err.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!err.public_message().contains("page 7"));
        assert!(!AppError::Internal("secret detail".into()).public_message().contains("secret"));
    }
}
