//! End-to-end tests in real headless Chromium, driven with fantoccini (WebDriver through
//! Debian's chromedriver). fantoccini was chosen over Node's playwright-core so the tests stay
//! in Rust and in `cargo test`, with no second toolchain in the loop: it builds in seconds
//! and drives the Chromium the system already has (built here without a TLS stack, since it
//! only talks to a driver on loopback).
//!
//! Two walks, each on its own fresh store. The seeker's workflow (issue 6 §5): onboarding
//! with their own details → import a LinkedIn file (preview, apply) → score ten targets in
//! place → draft a first note with the checks live, mark it sent → log their reply → schedule
//! a coffee → print the brief → the capture page's timer → debrief with an offered
//! introduction and a "let me think" → Today asks for the thank-you (and no referral chaser)
//! → the thank-you, marked sent → Today without it. Then round one's walk on demo data:
//! search People as you type → open a person → edit → add a note → bulk tag → delete and
//! undo → organizations → score LAMP in place → openings board. Every page is photographed at
//! 1280×900 and at 375 px wide into `target/screenshots/`, and axe-core checks each for
//! serious or critical accessibility violations.
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

    /// Clicks the element, finding it again if a script swapped it out in between (see
    /// [`Walk::text`]).
    async fn click(&self, css: &str) -> Res {
        let mut tries = 0;
        loop {
            match self.find(css).await?.click().await {
                Ok(()) => return Ok(()),
                Err(e) if tries < 20 && e.to_string().contains("stale element") => {
                    tries += 1;
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                Err(e) => return Err(format!("click {css}: {e}")),
            }
        }
    }

    async fn fill(&self, css: &str, text: &str) -> Res {
        let field = self.find(css).await?;
        field.clear().await.map_err(|e| format!("clear {css}: {e}"))?;
        field.send_keys(text).await.map_err(|e| format!("type into {css}: {e}"))
    }

    async fn select(&self, css: &str, value: &str) -> Res {
        self.find(css).await?.select_by_value(value).await.map_err(|e| format!("select {value} in {css}: {e}"))
    }

    /// The element's text. A part of the page that scripts swap in place (search as you
    /// type) may be replaced between finding it and reading it: then it is found again.
    async fn text(&self, css: &str) -> Res<String> {
        let mut tries = 0;
        loop {
            match self.find(css).await?.text().await {
                Ok(text) => return Ok(text),
                Err(e) if tries < 20 && e.to_string().contains("stale element") => {
                    tries += 1;
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                Err(e) => return Err(format!("text of {css}: {e}")),
            }
        }
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

/// A small LinkedIn export of our own: eleven employers (enough to score ten and unlock
/// outreach), the person the story follows, a blank row LinkedIn writes for hidden members.
const CONNECTIONS: &str = "Notes:\r\n\"When exporting your connection data, some email addresses may be missing.\"\r\n\r\n\
First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n\
Priya,Natarajan,https://www.linkedin.com/in/priya-natarajan-e2e,priya@northwind.example,Northwind Health,Senior Data Scientist,14 Jan 2025\r\n\
Omar,Haddad,https://www.linkedin.com/in/omar-haddad-e2e,,Northwind Health,Analytics Manager,02 Mar 2024\r\n\
Lena,Fischer,https://www.linkedin.com/in/lena-fischer-e2e,,Globex Logistics,Data Engineer,11 Nov 2023\r\n\
Kofi,Mensah,https://www.linkedin.com/in/kofi-mensah-e2e,,Initech,BI Developer,05 May 2022\r\n\
Sara,Lindqvist,https://www.linkedin.com/in/sara-lindqvist-e2e,,Umbrella Insurance,Actuary,19 Jul 2021\r\n\
Diego,Ramos,https://www.linkedin.com/in/diego-ramos-e2e,,Stark Analytics,Consultant,23 Aug 2023\r\n\
Aiko,Tanaka,https://www.linkedin.com/in/aiko-tanaka-e2e,,Wayne Health,Epidemiologist,30 Sep 2020\r\n\
Noah,Becker,https://www.linkedin.com/in/noah-becker-e2e,,Hooli,Product Analyst,12 Dec 2022\r\n\
Maya,Cohen,https://www.linkedin.com/in/maya-cohen-e2e,,Vandelay Imports,Operations Lead,07 Feb 2024\r\n\
Tomas,Novak,https://www.linkedin.com/in/tomas-novak-e2e,,Soylent Foods,Supply Analyst,16 Apr 2023\r\n\
Grace,Oyelaran,https://www.linkedin.com/in/grace-oyelaran-e2e,,Cyberdyne Systems,Data Scientist,28 Jun 2021\r\n\
Ivan,Petrov,https://www.linkedin.com/in/ivan-petrov-e2e,,Tyrell Research,Statistician,09 Oct 2022\r\n\
,,,,,,01 Jan 2024\r\n";

/// Sets a form field's value through the page (date and time inputs take keys by locale).
async fn set_value(w: &Walk, css: &str, value: &str) -> Res {
    w.find(css).await?;
    w.client
        .execute("document.querySelector(arguments[0]).value = arguments[1];", vec![json!(css), json!(value)])
        .await
        .map(|_| ())
        .map_err(|e| format!("set {css}: {e}"))
}

/// A UTC date and time `minutes` from now, as a datetime-local field takes it.
fn utc_local(minutes: i64) -> String {
    let at = jiff::Timestamp::now() + jiff::SignedDuration::from_mins(minutes);
    at.strftime("%Y-%m-%dT%H:%M").to_string()
}

/// Issue 6 §5: onboard, import a LinkedIn file, score targets, draft and mark sent an
/// outreach, schedule a coffee, print the brief, debrief with an offered introduction and a
/// "let me think", send the thank-you, and see Today change accordingly.
async fn seekers_workflow(w: &mut Walk, connections: &Path) -> Res {
    // Onboarding with the seeker's own details.
    w.goto("/").await?;
    w.wait_text("h1", "Welcome to rapport").await?;
    w.fill("#name", "Andrea Quinn").await?;
    w.fill("#email", "andrea@example.com").await?;
    w.fill("#target_roles", "data analyst").await?;
    w.fill("#time_zone", "UTC").await?;
    w.check_page("onboarding").await?;
    w.click("form[action='/welcome'] button[type=submit]").await?;
    w.wait_text(".notice", "Welcome!").await?;

    // Import a LinkedIn file: preview first, then apply.
    w.goto("/import").await?;
    w.wait_text("h1", "Import your contacts").await?;
    w.check_page("import").await?;
    w.find("#file")
        .await?
        .send_keys(&connections.display().to_string())
        .await
        .map_err(|e| format!("choose the file: {e}"))?;
    w.click("form[data-upload] button[type=submit]").await?;
    w.wait_text("h1", "What importing").await?;
    w.wait_text("main", "Nothing is written yet").await?;
    w.check_page("import-preview").await?;
    w.click("form[action='/import/apply'] button").await?;
    w.wait_text("h1", "Imported").await?;
    w.wait_text(".metrics", "12").await?;
    w.check_page("import-report").await?;

    // Score ten employers in place (each select saves on its own).
    w.goto("/targets").await?;
    w.wait_text("h1", "Targets").await?;
    w.wait_text("main", "Outreach waits").await?;
    w.check_page("targets").await?;
    let mut rows = Vec::new();
    for row in w.client.find_all(Locator::Css("li.org-row")).await.map_err(|e| e.to_string())? {
        rows.push(row.attr("id").await.map_err(|e| e.to_string())?.unwrap_or_default());
    }
    if rows.len() < 10 {
        return Err(format!("the import made {} employers, not 11", rows.len()));
    }
    for (i, row) in rows.iter().take(10).enumerate() {
        let value = if i == 0 { "3" } else { "2" };
        w.select(&format!("#{row} select[name=motivation]"), value).await?;
        w.wait_text(".notice", "LAMP score saved.").await?;
        w.wait_text(&format!("#{row} .lamp-key"), &format!("M{value}")).await?;
    }
    let targets = w.text("main").await?;
    if targets.contains("Outreach waits") {
        return Err("ten scores did not unlock outreach".into());
    }
    w.check_page("targets-scored").await?;

    // Draft a first note to Priya, see the checks live, and mark it sent.
    w.goto("/people?q=Priya").await?;
    w.wait_text("#people-results", "Priya Natarajan").await?;
    w.click("#people-results tbody th a").await?;
    w.wait_text("h1", "Priya Natarajan").await?;
    let person_path = w.path().await?;
    w.check_page("person-imported").await?;
    w.click("a[href$='/outreach']").await?;
    w.wait_text("h1", "A first note to Priya Natarajan").await?;
    w.find("#text").await?.send_keys(" Could I ask you about your work?").await.map_err(|e| e.to_string())?;
    w.wait_text("#lint-report", "words in the body").await?;
    w.check_page("outreach").await?;
    w.click("button[value=sent]").await?;
    w.wait_text(".notice", "Recorded as sent").await?;
    w.wait_text(".badges", "contacted").await?;

    // They reply; schedule a coffee (it happened an hour ago, so the debrief can follow).
    w.click("details#log summary").await?;
    w.select("#log-kind", "reply").await?;
    w.click("form[action$='/log'] button").await?;
    w.wait_text(".notice", "Logged.").await?;
    w.wait_text(".badges", "responded").await?;
    w.check_page("person-replied").await?;
    if w.client.find(Locator::Css("details#schedule[open]")).await.is_err() {
        w.click("details#schedule summary").await?;
    }
    set_value(w, "#meet-at", &utc_local(-90)).await?;
    w.select("#meet-mode", "coffee").await?;
    w.fill("#meet-where", "Bluebird Coffee").await?;
    w.click("form[action$='/meetings'] button").await?;
    w.wait_text("h1", "Coffee with Priya Natarajan").await?;
    let meeting_path = w.path().await?;
    let meeting_path = meeting_path.split('?').next().unwrap_or_default().to_string();
    w.check_page("meeting").await?;

    // Print the brief; keep the agenda open with its timer.
    w.click("a[href$='/brief']").await?;
    w.wait_text("h1", "Prep brief: Coffee with Priya Natarajan").await?;
    w.wait_text("main", "Help map").await?;
    w.check_page("brief").await?;
    w.goto(&format!("{meeting_path}/capture")).await?;
    w.wait_text("h1", "Coffee with Priya Natarajan").await?;
    w.click("[data-start]").await?;
    tokio::time::sleep(Duration::from_millis(1300)).await;
    let clock = w.text("[data-elapsed]").await?;
    if clock == "0:00" {
        return Err("the meeting timer does not run".into());
    }
    w.check_page("capture").await?;

    // Debrief: a clue, an offered introduction, a promise, and "let me think".
    w.goto(&format!("{meeting_path}/debrief")).await?;
    w.wait_text("h1", "Debrief").await?;
    w.select("#clue_kind_0", "trends").await?;
    w.fill("#clue_0", "Teams are moving forecasting in-house").await?;
    w.select("#clue_kind_1", "advice").await?;
    w.fill("#clue_1", "Build one end-to-end project with public health data").await?;
    w.fill("#introductions", "Mia Chen").await?;
    w.fill("#mine_0", "Send Priya the write-up of my project").await?;
    w.select("#paid", "me").await?;
    w.fill("#amount", "9.50").await?;
    w.fill("#offered", "An intro to my former colleague in ops research").await?;
    w.select("#rapport", "4").await?;
    w.select("#close", "considering").await?;
    w.check_page("debrief").await?;
    w.click("form[action$='/debrief'] button[type=submit]").await?;
    w.wait_text(".notice", "Debrief recorded").await?;
    w.wait_text("main", "Mia Chen").await?;
    w.check_page("meeting-debriefed").await?;

    // Today asks for the thank-you within 24 hours, and never for a referral chaser.
    w.goto("/today").await?;
    w.wait_text("main", "Send Priya Natarajan your thank-you").await?;
    let today = w.text("main").await?;
    if today.to_lowercase().contains("referral") {
        return Err(format!("after \"let me think\", Today still mentions a referral:\n{today}"));
    }
    w.check_page("today-thanks-due").await?;

    // The thank-you: drafted from the debrief, checked, marked sent.
    w.click("a[href$='/thanks']").await?;
    w.wait_text("h1", "Thank you, Priya Natarajan").await?;
    w.wait_text("#lint-report", "words in the body").await?;
    w.check_page("thanks").await?;
    w.click("button[value=sent]").await?;
    w.wait_text(".notice", "Thank-you recorded").await?;
    w.wait_text(".badges", "active network").await?;
    w.check_page("person-thanked").await?;

    // Today changed: the thank-you is gone; Mia's introduction has its own next step.
    w.goto("/today").await?;
    w.wait_text("h1", "Today").await?;
    let today = w.text("main").await?;
    if today.contains("Send Priya Natarajan your thank-you") {
        return Err("the thank-you is still due after it was sent".into());
    }
    w.check_page("today-after").await?;
    if w.client.find(Locator::Css(".decide button[value=done]")).await.is_ok() {
        w.click(".decide button[value=done]").await?;
        w.wait_text(".notice", "Marked done.").await?;
    }
    w.goto(&person_path).await?;
    w.wait_text("main", "Introduces you to Mia Chen").await?;

    // The remaining pages of round two, for their pictures and accessibility.
    for (path, name, heading) in [
        ("/stats", "stats", "Stats"),
        ("/export", "export", "Export and calendar feed"),
        ("/dupes", "dupes", "Possible duplicates"),
        ("/settings", "settings-questions", "Settings"),
    ] {
        w.goto(path).await?;
        w.wait_text("h1", heading).await?;
        w.check_page(name).await?;
    }
    w.goto("/targets").await?;
    w.click("section[aria-labelledby=active-h] h3 a").await?;
    w.wait_text("h2#routes", "Warm-intro routes").await?;
    w.check_page("organization-routes").await?;
    Ok(())
}

/// A server on a fresh store in `dir`, on a free port; returns its address and a stopper.
async fn start_server(
    dir: &Path,
    config: WebConfig,
) -> (String, tokio::sync::oneshot::Sender<()>, tokio::task::JoinHandle<std::io::Result<()>>) {
    let db = dir.join("e2e.sqlite3");
    let store = SqliteStore::open(&db, OpenMode::Create).expect("store");
    let secrets = Secrets::load_or_create(&Secrets::path_for(&db)).expect("secrets");
    let state = AppState::new(store, config, secrets).expect("state");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(rapport_web::serve(listener, state, async {
        let _ = stopped.await;
    }));
    (base, stop, server)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_golden_path_works_in_chromium_and_passes_axe() {
    let axe = require_tools();
    let workflow_dir = tempfile::tempdir().expect("temp dir");
    let demo_dir = tempfile::tempdir().expect("temp dir");
    let connections = workflow_dir.path().join("Connections.csv");
    std::fs::write(&connections, CONNECTIONS).expect("write the LinkedIn file");
    let (workflow_base, stop_workflow, workflow_server) = start_server(workflow_dir.path(), WebConfig::default()).await;
    let (demo_base, stop_demo, demo_server) =
        start_server(demo_dir.path(), WebConfig { demo_people: 200, ..WebConfig::default() }).await;

    let shots = screenshot_dir();
    // Pictures of an earlier run would mislead a reviewer.
    let _ = std::fs::remove_dir_all(&shots);
    std::fs::create_dir_all(&shots).expect("screenshot folder");
    let driver = Driver::start();
    let profile = tempfile::tempdir().expect("browser profile");
    let client = connect(&driver, profile.path()).await;
    let mut walk = Walk { client, base: workflow_base, axe, shots: shots.clone(), count: 0, violations: Vec::new() };
    let mut outcome = seekers_workflow(&mut walk, &connections).await;
    if outcome.is_ok() {
        walk.base = demo_base;
        outcome = golden_path(&mut walk).await;
    }
    if outcome.is_err() {
        let _ = walk.check_page("failure").await;
    }
    let Walk { client, violations, count, .. } = walk;
    let _ = client.close().await;
    drop(driver);
    for (stop, server) in [(stop_workflow, workflow_server), (stop_demo, demo_server)] {
        let _ = stop.send(());
        let _ = server.await;
    }

    if let Err(e) = outcome {
        panic!("the walk failed: {e}\n(see the last screenshot in {})", shots.display());
    }
    assert!(count >= 36, "only {count} pages were checked");
    assert!(violations.is_empty(), "axe-core found serious or critical issues:\n{}", violations.join("\n"));
}
