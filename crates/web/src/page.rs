//! What every page's layout needs: the asset URLs, the form key for CSRF protection, which
//! navigation entry is current, and whether a sign-out button belongs in the header.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::assets::ASSETS;
use crate::security::{CsrfToken, SignedIn};

/// A navigation entry of the header.
pub(crate) struct NavLink {
    pub(crate) href: &'static str,
    pub(crate) label: &'static str,
    pub(crate) current: bool,
}

/// The pages in the header, in order. Pages that do not exist yet are not listed.
const NAV: [(&str, &str); 10] = [
    ("/today", "Today"),
    ("/people", "People"),
    ("/targets", "Targets"),
    ("/organizations", "Organizations"),
    ("/openings", "Openings"),
    ("/search", "Search"),
    ("/stats", "Stats"),
    ("/import", "Import"),
    ("/trash", "Trash"),
    ("/settings", "Settings"),
];

/// The layout's data.
pub(crate) struct Chrome {
    /// The form key every form posts back as `_csrf`; empty on error pages (no forms there).
    pub(crate) csrf: String,
    pub(crate) nav: Vec<NavLink>,
    /// Password mode and signed in: the header shows "Sign out".
    pub(crate) signed_in: bool,
    pub(crate) css_url: &'static str,
    pub(crate) js_url: &'static str,
    pub(crate) icon_url: &'static str,
}

impl Chrome {
    fn new(csrf: String, path: &str, signed_in: bool) -> Self {
        let nav = NAV
            .iter()
            .map(|(href, label)| NavLink {
                href,
                label,
                current: path == *href || path.strip_prefix(href).is_some_and(|rest| rest.starts_with('/')),
            })
            .collect();
        Self { csrf, nav, signed_in, css_url: &ASSETS.css.url, js_url: &ASSETS.js.url, icon_url: &ASSETS.icon.url }
    }

    /// The layout for pages rendered outside a request's context (error pages).
    pub(crate) fn bare() -> Self {
        Self::new(String::new(), "", false)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Chrome {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let csrf = parts.extensions.get::<CsrfToken>().map(|t| t.0.clone()).unwrap_or_default();
        let signed_in = parts.extensions.get::<SignedIn>().is_some_and(|s| s.0);
        Ok(Self::new(csrf, parts.uri.path(), signed_in))
    }
}

/// A one-line message at the top of a page ("Saved.", "Moved 3 people to the trash.").
pub(crate) struct Notice {
    pub(crate) text: String,
    /// An undo form: where it posts and the hidden value it sends as `at`.
    pub(crate) undo: Option<(String, String)>,
}

impl Notice {
    pub(crate) fn text(text: impl Into<String>) -> Self {
        Self { text: text.into(), undo: None }
    }
}
