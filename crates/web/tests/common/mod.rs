//! The in-process test app: a real SQLite store in a temp folder, the router driven with
//! `tower::ServiceExt::oneshot`, and a browser-like client that keeps its cookies and reads
//! the form key from the pages it fetched.

#![allow(dead_code, unreachable_pub)]

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use rapport_store_sqlite::{OpenMode, SqliteStore};
use rapport_web::{AppState, Secrets, WebConfig, router};
use tower::ServiceExt;

pub struct TestApp {
    pub dir: tempfile::TempDir,
    pub state: AppState,
    router: Router,
    cookies: Vec<(String, String)>,
    csrf: Option<String>,
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn location(&self) -> &str {
        self.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("")
    }

    #[track_caller]
    pub fn assert_contains(&self, text: &str) -> &Self {
        assert!(self.body.contains(text), "expected {text:?} in a {} page:\n{}", self.status, self.body);
        self
    }

    #[track_caller]
    pub fn assert_lacks(&self, text: &str) -> &Self {
        assert!(!self.body.contains(text), "did not expect {text:?} in:\n{}", self.body);
        self
    }
}

impl TestApp {
    pub fn new() -> Self {
        Self::with_config(WebConfig::default())
    }

    pub fn with_config(config: WebConfig) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = SqliteStore::open(&dir.path().join("test.sqlite3"), OpenMode::Create).expect("store");
        let state = AppState::new(store, config, Secrets::generate().expect("secrets")).expect("state");
        let router = router(state.clone());
        Self { dir, state, router, cookies: Vec::new(), csrf: None }
    }

    pub fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    pub async fn send(&mut self, request: Request<Body>) -> Answer {
        let response = self.router.clone().oneshot(request).await.expect("the router answers");
        let status = response.status();
        let headers = response.headers().clone();
        for value in headers.get_all(header::SET_COOKIE) {
            let text = value.to_str().expect("cookie text");
            let pair = text.split(';').next().unwrap_or("");
            if let Some((name, value)) = pair.split_once('=') {
                self.cookies.retain(|(k, _)| k != name);
                if !value.is_empty() {
                    self.cookies.push((name.to_string(), value.to_string()));
                }
            }
        }
        let bytes = response.into_body().collect().await.expect("body").to_bytes();
        let body = String::from_utf8_lossy(&bytes).into_owned();
        if let Some(token) = form_key(&body) {
            self.csrf = Some(token);
        }
        Answer { status, headers, body }
    }

    pub async fn get(&mut self, path: &str) -> Answer {
        let request =
            Request::get(path).header(header::COOKIE, self.cookie_header()).body(Body::empty()).expect("request");
        self.send(request).await
    }

    /// Posts a form with this browser's form key (fetching a page first if it has none).
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Answer {
        if self.csrf.is_none() {
            self.get("/settings").await;
        }
        let token = self.csrf.clone().expect("a form key from a page");
        let mut all = vec![("_csrf", token.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &all).await
    }

    /// Posts exactly these fields (no form key added).
    pub async fn post_raw(&mut self, path: &str, fields: &[(&str, &str)]) -> Answer {
        let body: String = form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish();
        let request = Request::post(path)
            .header(header::COOKIE, self.cookie_header())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .expect("request");
        self.send(request).await
    }

    pub fn forget_cookies(&mut self) {
        self.cookies.clear();
    }

    /// Saves a profile so the app is past onboarding.
    pub async fn onboard(&mut self) {
        let answer = self.post("/welcome", &[("name", "Sam Seeker"), ("time_zone", "Europe/Paris")]).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    }

    /// Adds a person through the form; returns their id.
    pub async fn add_person(&mut self, fields: &[(&str, &str)]) -> String {
        let answer = self.post("/people", fields).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
        id_in(answer.location(), "/people/")
    }
}

/// The form key in a page.
pub fn form_key(html: &str) -> Option<String> {
    let start = html.find("name=\"_csrf\" value=\"")? + "name=\"_csrf\" value=\"".len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_string())
}

/// The id after `prefix` in a path like `/people/<id>?notice=added`.
pub fn id_in(location: &str, prefix: &str) -> String {
    let rest = location.strip_prefix(prefix).unwrap_or_else(|| panic!("{location} does not start with {prefix}"));
    rest.split(['?', '#', '/']).next().unwrap_or("").to_string()
}
