//! The stylesheet, the script and the icon, embedded in the binary and served under URLs that
//! carry a hash of their content, so browsers may cache them for a year and still never see a
//! stale copy after an upgrade. Nothing is fetched from anywhere else.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;

const CSS: &str = include_str!("../assets/app.css");
const JS: &str = include_str!("../assets/app.js");
const ICON: &str = include_str!("../assets/icon.svg");

/// One embedded file and the URL it is served at.
pub(crate) struct Asset {
    pub(crate) url: String,
    content_type: &'static str,
    body: &'static str,
}

/// The URLs the layout links to.
pub(crate) struct Assets {
    pub(crate) css: Asset,
    pub(crate) js: Asset,
    pub(crate) icon: Asset,
}

pub(crate) static ASSETS: LazyLock<Assets> = LazyLock::new(|| Assets {
    css: asset("app", "css", "text/css; charset=utf-8", CSS),
    js: asset("app", "js", "text/javascript; charset=utf-8", JS),
    icon: asset("icon", "svg", "image/svg+xml", ICON),
});

fn asset(stem: &str, ext: &str, content_type: &'static str, body: &'static str) -> Asset {
    Asset { url: format!("/assets/{stem}.{:016x}.{ext}", fnv1a(body.as_bytes())), content_type, body }
}

/// FNV-1a, 64 bits: enough to tell versions of a file apart (this is not security).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// `GET /assets/{file}`: an embedded file, if the name (with its hash) is current.
pub(crate) async fn serve(Path(file): Path<String>) -> Result<Response, AppError> {
    let wanted = format!("/assets/{file}");
    let assets = &*ASSETS;
    let found = [&assets.css, &assets.js, &assets.icon].into_iter().find(|a| a.url == wanted);
    match found {
        Some(asset) => Ok((
            [
                (header::CONTENT_TYPE, asset.content_type),
                (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            ],
            asset.body,
        )
            .into_response()),
        None => Err(AppError::NotFound(format!("there is no file {file}; reload the page to get current links"))),
    }
}

/// `GET /favicon.ico`: browsers ask for it on their own; send them the current icon.
pub(crate) async fn favicon() -> Response {
    ([(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "public, max-age=86400")], ICON).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_carry_the_content_hash() {
        assert!(ASSETS.css.url.starts_with("/assets/app.") && ASSETS.css.url.ends_with(".css"));
        assert_ne!(fnv1a(b"a"), fnv1a(b"b"));
        assert_eq!(ASSETS.css.url, asset("app", "css", "", CSS).url, "the hash is stable");
    }
}
