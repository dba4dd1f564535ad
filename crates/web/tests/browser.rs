//! End-to-end tests in real headless Chromium, driven with fantoccini (WebDriver through
//! Debian's chromedriver). fantoccini was chosen over Node's playwright-core so the tests stay
//! in Rust and in `cargo test`, with no second toolchain in the loop: it builds in seconds
//! and drives the Chromium the system already has (built here without a TLS stack, since it
//! only talks to a driver on loopback).
//!
//! The walk: onboarding → load demo data → search People as you type → open a person → edit
//! → add a note → bulk tag → delete and undo → organizations → score LAMP in place →
//! openings board. Every page is photographed at 1280×900 and at 375 px wide into
//! `target/screenshots/`, and axe-core checks each for serious or critical accessibility
//! violations.
//!
//! These tests need `chromium`, `chromium-driver` and `crates/web/e2e/node_modules` (run
//! `npm ci` there). Without them they fail and say what to install; they never pass silently.

use std::net::TcpListener as StdListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use rapport_store_sqlite::{OpenMode, SqliteStore};
use rapport_web::{AppState, Secrets, WebConfig};
use serde_json::{Value, json};

type Res<T = ()> = Result<T, String>;

fn chromium() -> PathBuf {
    std::env::var_os("RAPPORT_CHROMIUM").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

fn chromedriver() -> PathBuf {
    std::env::var_os("RAPPORT_CHROMEDRIVER")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromedriver"))
}

fn axe_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("e2e/node_modules/axe-core/axe.min.js")
}

fn screenshot_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    target.join("screenshots")
}

/// Fails with what to install when a prerequisite is missing.
fn require_tools() -> String {
    let mut missing = Vec::new();
    if !chromium().exists() {
        missing.push(format!("Chromium at {} (apt-get install -y chromium)", chromium().display()));
    }
    if !chromedriver().exists() {
        missing.push(format!("chromedriver at {} (apt-get install -y chromium-driver)", chromedriver().display()));
    }
    if !axe_path().exists() {
        missing.push(format!("axe-core at {} (cd crates/web/e2e && npm ci)", axe_path().display()));
    }
    assert!(
        missing.is_empty(),
        "the browser tests cannot run; install what is missing (or set RAPPORT_CHROMIUM / RAPPORT_CHROMEDRIVER):\n  - {}",
        missing.join("\n  - ")
    );
    std::fs::read_to_string(axe_path()).expect("read axe-core")
}

fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

/// chromedriver on a free port, stopped when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start() -> Self {
        let port = free_port();
        let child = Command::new(chromedriver())
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let deadline = Instant::now() + Duration::from_secs(15);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start listening on port {port} within 15 s");
            std::thread::sleep(Duration::from_millis(50));
        }
        Self { child, url: format!("http://127.0.0.1:{port}") }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn connect(driver: &Driver, profile: &Path) -> Client {
    let args = vec![
        "--headless".to_string(),
        "--no-sandbox".into(),
        "--disable-gpu".into(),
        "--no-first-run".into(),
        "--disable-background-networking".into(),
        "--disable-component-update".into(),
        "--disable-sync".into(),
        "--disable-dev-shm-usage".into(),
        "--hide-scrollbars".into(),
        "--window-size=1280,900".into(),
        format!("--user-data-dir={}", profile.display()),
    ];
    let mut caps = serde_json::Map::new();
    caps.insert("goog:chromeOptions".into(), json!({ "binary": chromium(), "args": args }));
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector).capabilities(caps).connect(&driver.url).await.expect("a Chromium session")
}

/// The browser session and what it collects along the walk.
struct Walk {
    client: Client,
    base: String,
    axe: String,
    shots: PathBuf,
    count: usize,
    violations: Vec<String>,
}

impl Walk {
    async fn goto(&self, path: &str) -> Res {
        self.client.goto(&format!("{}{path}", self.base)).await.map_err(|e| format!("goto {path}: {e}"))
    }

    async fn find(&self, css: &str) -> Res<fantoccini::elements::Element> {
        self.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(css))
            .await
            .map_err(|e| format!("no element {css}: {e}"))
    }

    async fn click(&self, css: &str) -> Res {
        self.find(css).await?.click().await.map_err(|e| format!("click {css}: {e}"))
    }

    async fn fill(&self, css: &str, text: &str) -> Res {
        let field = self.find(css).await?;
        field.clear().await.map_err(|e| format!("clear {css}: {e}"))?;
        field.send_keys(text).await.map_err(|e| format!("type into {css}: {e}"))
    }

    async fn select(&self, css: &str, value: &str) -> Res {
        self.find(css).await?.select_by_value(value).await.map_err(|e| format!("select {value} in {css}: {e}"))
    }

    async fn text(&self, css: &str) -> Res<String> {
        self.find(css).await?.text().await.map_err(|e| format!("text of {css}: {e}"))
    }

    /// Waits until the element's text contains `wanted`.
    async fn wait_text(&self, css: &str, wanted: &str) -> Res<String> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let text = match self.client.find(Locator::Css(css)).await {
                Ok(el) => el.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            if text.contains(wanted) {
                return Ok(text);
            }
            if Instant::now() > deadline {
                return Err(format!("{css} never showed {wanted:?}; it shows {text:?}"));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn path(&self) -> Res<String> {
        let url = self.client.current_url().await.map_err(|e| e.to_string())?;
        Ok(match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        })
    }

    /// Screenshots at desktop and phone width, then axe-core on the page.
    async fn check_page(&mut self, name: &str) -> Res {
        self.count += 1;
        for (label, width, height) in [("desktop", 1280, 900), ("375px", 375, 900)] {
            self.client.set_window_size(width, height).await.map_err(|e| e.to_string())?;
            tokio::time::sleep(Duration::from_millis(100)).await;
            let png = self.client.screenshot().await.map_err(|e| format!("screenshot {name}: {e}"))?;
            let file = self.shots.join(format!("{:02}-{name}-{label}.png", self.count));
            std::fs::write(&file, png).map_err(|e| format!("write {}: {e}", file.display()))?;
        }
        self.client.set_window_size(1280, 900).await.map_err(|e| e.to_string())?;
        self.client.execute(&self.axe, vec![]).await.map_err(|e| format!("inject axe-core: {e}"))?;
        let script = r#"
            const done = arguments[arguments.length - 1];
            axe.run(document, { resultTypes: ["violations"] })
              .then(r => done(r.violations
                .filter(v => v.impact === "serious" || v.impact === "critical")
                .map(v => v.id + " (" + v.impact + "): " + v.help + " at " +
                     v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "))))
              .catch(e => done(["axe-core failed: " + e]));
        "#;
        let found: Value = self.client.execute_async(script, vec![]).await.map_err(|e| format!("run axe-core: {e}"))?;
        for v in found.as_array().into_iter().flatten() {
            self.violations.push(format!("{name}: {}", v.as_str().unwrap_or_default()));
        }
        Ok(())
    }
}

async fn golden_path(w: &mut Walk) -> Res {
    // Onboarding.
    w.goto("/").await?;
    w.wait_text("h1", "Welcome to rapport").await?;
    w.check_page("welcome").await?;
    w.click("form[action='/welcome/demo'] button").await?;
    w.wait_text(".notice", "Demo data loaded").await?;
    w.check_page("people").await?;
    let total = w.text(".count").await?;

    // Search as you type: no Enter, no click; the results swap in place.
    let first_name = w.text("#people-results tbody th a").await?;
    let word = first_name.split_whitespace().last().unwrap_or(&first_name).to_string();
    w.fill("#q", &word).await?;
    let summary = w.wait_text("#people-results .count", "of").await?;
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut summary = summary;
    while summary == total && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
        summary = w.text("#people-results .count").await?;
    }
    if summary == total {
        return Err(format!("typing {word:?} did not narrow the list ({summary})"));
    }
    w.wait_text("#people-results tbody", &word).await?;
    if !w.path().await?.contains("q=") {
        return Err("the address does not keep the search".into());
    }
    w.check_page("people-search").await?;

    // A person: open, edit in place, add a note.
    w.click("#people-results tbody th a").await?;
    w.wait_text("h2#timeline", "Timeline").await?;
    let person_path = w.path().await?;
    w.check_page("person").await?;
    w.click("details#edit summary").await?;
    w.fill("details#edit #title", "Head of Testing").await?;
    w.click("details#edit button[type=submit]").await?;
    w.wait_text(".notice", "Saved.").await?;
    w.wait_text(".lead", "Head of Testing").await?;
    w.fill("#note-body", "Asked about their path into analytics.").await?;
    w.click("form[action$='/notes'] button").await?;
    w.wait_text(".notice", "Note added.").await?;
    w.wait_text(".note .body", "Asked about their path into analytics.").await?;
    w.check_page("person-edited").await?;

    // Bulk tag two people.
    w.goto("/people?sort=name").await?;
    let boxes = w.client.find_all(Locator::Css("#bulk tbody input[name=id]")).await.map_err(|e| e.to_string())?;
    for b in boxes.iter().take(2) {
        b.click().await.map_err(|e| e.to_string())?;
    }
    w.select("#bulk-action", "tag").await?;
    w.fill("#bulk-tag", "e2e batch").await?;
    w.click("#bulk .bulk-bar button[type=submit]").await?;
    w.wait_text(".notice", "Tagged 2 people.").await?;
    w.goto("/people?tag=e2e-batch").await?;
    w.wait_text(".count", "of 2 people").await?;

    // Delete both (with "tick everyone", which needs our script), then undo.
    w.click("#select-all").await?;
    w.select("#bulk-action", "delete").await?;
    w.click("#bulk .bulk-bar button[type=submit]").await?;
    w.wait_text(".notice", "Moved 2 people to the trash.").await?;
    w.check_page("people-deleted").await?;
    w.click(".notice form button").await?;
    w.wait_text(".notice", "Brought back 2 people.").await?;
    w.goto("/people?tag=e2e-batch").await?;
    w.wait_text(".count", "of 2 people").await?;

    // Organizations: score LAMP in place (a select change saves on its own).
    w.goto("/organizations").await?;
    w.wait_text("h1", "Organizations").await?;
    w.check_page("organizations").await?;
    let row_id = w.find(".org-row").await?.attr("id").await.map_err(|e| e.to_string())?.unwrap_or_default();
    w.select(&format!("#{row_id} select[name=posting]"), "1").await?;
    w.wait_text(".notice", "LAMP score saved.").await?;
    w.select(&format!("#{row_id} select[name=motivation]"), "3").await?;
    w.wait_text(".notice", "LAMP score saved.").await?;
    let key = w.text(&format!("#{row_id} .lamp-key")).await?;
    if !key.starts_with("M3·P1") {
        return Err(format!("the LAMP key did not change: {key}"));
    }
    w.click(&format!("#{row_id} .org-name")).await?;
    w.wait_text("h2#there", "People there").await?;
    w.check_page("organization").await?;

    // Openings board: move a card with its status menu.
    w.goto("/openings").await?;
    w.wait_text("h1", "Openings").await?;
    w.check_page("openings").await?;
    let card = w.find(".card").await?.attr("id").await.map_err(|e| e.to_string())?.unwrap_or_default();
    w.select(&format!("#{card} select"), "offer").await?;
    w.wait_text(".notice", "Status changed.").await?;
    w.wait_text("section[aria-labelledby=col-offer]", "").await?;
    let offers = w.text("section[aria-labelledby=col-offer]").await?;
    if offers.matches("Since").count() == 0 {
        return Err("the moved card is not in the offer column".into());
    }
    w.click(&format!("#{card} h3 a")).await?;
    w.wait_text("dl.facts", "offer since").await?;
    w.check_page("opening").await?;

    // The other pages, for their pictures and accessibility.
    for (path, name, heading) in [
        ("/search?q=data", "search", "Search"),
        ("/settings", "settings", "Settings"),
        ("/trash", "trash", "Trash"),
        ("/people/new", "person-new", "Add a person"),
        ("/no/such/page", "not-found", "Not found"),
    ] {
        w.goto(path).await?;
        w.wait_text("h1", heading).await?;
        w.check_page(name).await?;
    }
    w.goto(&person_path).await?;
    w.wait_text(".note .body", "Asked about their path").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_golden_path_works_in_chromium_and_passes_axe() {
    let axe = require_tools();
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open(&dir.path().join("e2e.sqlite3"), OpenMode::Create).expect("store");
    let config = WebConfig { demo_people: 200, ..WebConfig::default() };
    let secrets = Secrets::load_or_create(&Secrets::path_for(&dir.path().join("e2e.sqlite3"))).expect("secrets");
    let state = AppState::new(store, config, secrets).expect("state");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(rapport_web::serve(listener, state, async {
        let _ = stopped.await;
    }));

    let shots = screenshot_dir();
    std::fs::create_dir_all(&shots).expect("screenshot folder");
    let driver = Driver::start();
    let profile = tempfile::tempdir().expect("browser profile");
    let client = connect(&driver, profile.path()).await;
    let mut walk = Walk { client, base, axe, shots: shots.clone(), count: 0, violations: Vec::new() };
    let outcome = golden_path(&mut walk).await;
    if outcome.is_err() {
        let _ = walk.check_page("failure").await;
    }
    let Walk { client, violations, count, .. } = walk;
    let _ = client.close().await;
    drop(driver);
    let _ = stop.send(());
    let _ = server.await;

    if let Err(e) = outcome {
        panic!("the walk failed: {e}\n(see the last screenshot in {})", shots.display());
    }
    assert!(count >= 14, "only {count} pages were checked");
    assert!(violations.is_empty(), "axe-core found serious or critical issues:\n{}", violations.join("\n"));
}
