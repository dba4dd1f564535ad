//! Handler tests: every route in-process against a real SQLite store in a temp folder, for
//! status, content, errors, CSRF rejection and escaping.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{TestApp, id_in};
use rapport_web::{WebConfig, hash_password};

const EVIL: &str = "<script>alert(1)</script>";

#[tokio::test]
async fn health_answers_and_every_page_carries_the_security_headers() {
    let mut app = TestApp::new();
    let page = app.get("/welcome").await;
    assert_eq!(page.status, StatusCode::OK);
    let csp = page.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(page.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(page.headers[header::REFERRER_POLICY], "no-referrer");
    assert_eq!(page.headers[header::CACHE_CONTROL], "no-store");
    let cookie = page.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    page.assert_lacks(" style=").assert_lacks("<script>").assert_contains("Skip to content");
    let health = app.get("/health").await;
    assert_eq!((health.status, health.body.as_str()), (StatusCode::OK, "ok"));
}

#[tokio::test]
async fn a_new_store_leads_to_onboarding_and_a_profile_ends_it() {
    let mut app = TestApp::new();
    let start = app.get("/").await;
    assert_eq!((start.status, start.location()), (StatusCode::SEE_OTHER, "/welcome"));
    app.get("/welcome").await.assert_contains("Load demo data").assert_contains("name=\"time_zone\"");
    let saved = app
        .post(
            "/welcome",
            &[
                ("name", "Sam Seeker"),
                ("email", "sam@example.com"),
                ("target_roles", "data analyst, analytics engineer"),
                ("industry", "logistics"),
                ("pitch", "Ops lead\r\nLearning SQL"),
                ("affinities", "UBC\nPyData"),
                ("time_zone", "America/Chicago"),
                ("holidays", "2026-12-25\n2026-12-24"),
            ],
        )
        .await;
    assert_eq!((saved.status, saved.location()), (StatusCode::SEE_OTHER, "/people?notice=welcome"));
    assert_eq!(app.get("/").await.location(), "/today");
    assert_eq!(app.get("/welcome").await.location(), "/settings");
    let settings = app.get("/settings").await;
    settings
        .assert_contains("America/Chicago")
        .assert_contains("2026-12-24\n2026-12-25")
        .assert_contains("data analyst, analytics engineer");
    app.get("/people?notice=welcome").await.assert_contains("Welcome!");
}

#[tokio::test]
async fn settings_refuse_bad_zones_and_dates_in_words() {
    let mut app = TestApp::new();
    app.onboard().await;
    let zone = app.post("/settings", &[("name", "Sam"), ("time_zone", "Mars/Olympus")]).await;
    assert_eq!(zone.status, StatusCode::BAD_REQUEST);
    zone.assert_contains("is not a time zone name");
    let day = app.post("/settings", &[("name", "Sam"), ("time_zone", "UTC"), ("holidays", "25/12/2026")]).await;
    assert_eq!(day.status, StatusCode::BAD_REQUEST);
    day.assert_contains("write it as 2026-12-25");
    let email = app.post("/settings", &[("name", "Sam"), ("time_zone", "UTC"), ("email", "nope")]).await;
    email.assert_contains("is not an email address");
    let ok = app.post("/settings", &[("name", "Sam"), ("time_zone", "Asia/Tokyo")]).await;
    assert_eq!(ok.location(), "/settings?saved");
    app.get("/settings?saved").await.assert_contains("Settings saved.").assert_contains("Asia/Tokyo");
}

#[tokio::test]
async fn forms_without_a_valid_key_are_refused_with_a_clear_page() {
    let mut app = TestApp::new();
    let none = app.post_raw("/welcome", &[("name", "x"), ("time_zone", "UTC")]).await;
    assert_eq!(none.status, StatusCode::FORBIDDEN);
    none.assert_contains("form key").assert_contains("reload the page");
    app.get("/welcome").await;
    let wrong = app.post_raw("/welcome", &[("_csrf", "00"), ("name", "x"), ("time_zone", "UTC")]).await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    wrong.assert_contains("does not match this browser");
    // A key from one browser does not work with another browser's cookie.
    let token = common::form_key(&app.get("/welcome").await.body).unwrap();
    let mut other = TestApp::new();
    other.get("/welcome").await;
    let stolen = other.post_raw("/welcome", &[("_csrf", &token), ("name", "x"), ("time_zone", "UTC")]).await;
    assert_eq!(stolen.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/").await.location(), "/welcome", "nothing was saved");
    // The header form works for scripts.
    let request = Request::post("/welcome/demo")
        .header(header::COOKIE, format!("rapport_csrf={}", "a".repeat(32)))
        .header("x-csrf-token", "bad")
        .body(Body::empty())
        .unwrap();
    assert_eq!(app.send(request).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn demo_data_fills_an_empty_store_once() {
    let mut app = TestApp::with_config(WebConfig { demo_people: 60, ..WebConfig::default() });
    let loaded = app.post("/welcome/demo", &[]).await;
    assert_eq!((loaded.status, loaded.location()), (StatusCode::SEE_OTHER, "/people?notice=demo"));
    app.get("/people?notice=demo").await.assert_contains("Demo data loaded").assert_contains("of 60 people");
    let again = app.post("/welcome/demo", &[]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    again.assert_contains("already holds 60 people");
    app.get("/organizations").await.assert_contains("M").assert_contains("·P");
    app.get("/openings").await.assert_contains("Referrer:");
}

#[tokio::test]
async fn names_are_escaped_everywhere_they_show() {
    let mut app = TestApp::new();
    app.onboard().await;
    let id = app.add_person(&[("name", EVIL), ("organization", EVIL), ("tags", "x")]).await;
    app.post(&format!("/people/{id}/notes"), &[("body", EVIL)]).await;
    for path in [
        "/people".to_string(),
        format!("/people/{id}"),
        "/search?q=alert".to_string(),
        "/organizations".to_string(),
        format!("/people?q={}", "%3Cscript%3E"),
    ] {
        let page = app.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        page.assert_lacks("<script>alert(1)").assert_contains("&#60;script&#62;");
    }
}

#[tokio::test]
async fn the_people_list_filters_sorts_pages_and_answers_partially() {
    let mut app = TestApp::new();
    app.onboard().await;
    for i in 0..12 {
        let name = format!("Person {i:02}");
        let stage = if i % 2 == 0 { "contacted" } else { "identified" };
        app.add_person(&[("name", &name), ("stage", stage), ("tags", if i < 3 { "alumni" } else { "" })]).await;
    }
    app.add_person(&[("name", "Zoë Okafor"), ("organization", "Globex"), ("title", "Data lead")]).await;
    app.get("/people").await.assert_contains("1–13 of 13 people");
    let found = app.get("/people?q=zoe").await;
    found.assert_contains("Zoë Okafor").assert_contains("1–1 of 1 person").assert_lacks("Person 01");
    app.get("/people?stage=contacted").await.assert_contains("of 6 people");
    app.get("/people?tag=alumni").await.assert_contains("of 3 people");
    app.get("/people?org=Globex").await.assert_contains("Zoë Okafor").assert_contains("of 1 person");
    let paged = app.get("/people?per=10").await;
    paged.assert_contains("1–10 of 13 people").assert_contains("href=\"/people?per=10&#38;page=2\"");
    app.get("/people?per=10&page=2").await.assert_contains("11–13 of 13 people").assert_contains("rel=\"prev\"");
    let desc = app.get("/people?dir=desc").await;
    let zoe = desc.body.find("Zoë Okafor").unwrap();
    let first = desc.body.find("Person 00").unwrap();
    assert!(zoe < first, "descending by name puts Zoë first");
    let partial = app.get("/people?q=person&partial=1").await;
    partial.assert_contains("id=\"people-results\"").assert_lacks("<html").assert_lacks("<nav aria-label=\"Main\"");
    let none = app.get("/people?q=nobody").await;
    none.assert_contains("No one matches “nobody”.");
    let bad = app.get("/people?stage=asleep").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    bad.assert_contains("is not a stage");
    let no_org = app.get("/people?org=Initech").await;
    assert_eq!(no_org.status, StatusCode::NOT_FOUND);
    no_org.assert_contains("No organization matches `Initech`");
}

#[tokio::test]
async fn bulk_actions_tag_tier_and_trash_with_one_undo() {
    let mut app = TestApp::new();
    app.onboard().await;
    let a = app.add_person(&[("name", "Ana Silva")]).await;
    let b = app.add_person(&[("name", "Ben Okafor")]).await;
    let c = app.add_person(&[("name", "Cy Tran")]).await;
    let tagged = app.post("/people/bulk", &[("action", "tag"), ("tag", "Bad Import"), ("id", &a), ("id", &b)]).await;
    assert_eq!(tagged.location(), "/people?notice=tagged&n=2");
    app.get("/people?tag=bad-import").await.assert_contains("of 2 people").assert_lacks("Cy Tran");
    let tiered = app.post("/people/bulk", &[("action", "tier"), ("tier", "b"), ("id", &a), ("id", &c)]).await;
    assert_eq!(tiered.location(), "/people?notice=tiered&n=2");
    app.get("/people?tier=b").await.assert_contains("Ana Silva").assert_contains("Cy Tran").assert_lacks("Ben Okafor");
    let trashed = app.post("/people/bulk", &[("action", "delete"), ("id", &a), ("id", &b)]).await;
    let list = app.get(trashed.location()).await;
    list.assert_contains("Moved 2 people to the trash.")
        .assert_contains("action=\"/people/undo\"")
        .assert_contains("1–1 of 1 person");
    app.get("/trash").await.assert_contains("Ana Silva").assert_contains("Ben Okafor");
    let at = trashed.location().split("trashed=").nth(1).unwrap().split('&').next().unwrap().to_string();
    let undone = app.post("/people/undo", &[("at", &at)]).await;
    assert_eq!(undone.location(), "/people?notice=restored&n=2");
    app.get("/people").await.assert_contains("of 3 people");
    app.get("/people?notice=restored&n=2").await.assert_contains("Brought back 2 people.");
    let none = app.post("/people/bulk", &[("action", "delete")]).await;
    assert_eq!(none.status, StatusCode::CONFLICT);
    none.assert_contains("No one is selected");
    let odd = app.post("/people/bulk", &[("action", "explode"), ("id", &a)]).await;
    assert_eq!(odd.status, StatusCode::BAD_REQUEST);
    let ghost = app
        .post("/people/bulk", &[("action", "delete"), ("id", &a), ("id", "0190f2c4-0000-7000-8000-000000000000")])
        .await;
    assert_eq!(ghost.status, StatusCode::NOT_FOUND);
    app.get("/people").await.assert_contains("of 3 people");
}

#[tokio::test]
async fn the_person_page_shows_edits_notes_and_deletes_with_undo() {
    let mut app = TestApp::new();
    app.onboard().await;
    let id = app
        .add_person(&[
            ("name", "Ana Silva"),
            ("organization", "Acme Logistics"),
            ("title", "Analyst"),
            ("emails", "ana@example.com"),
            ("link", "linkedin.com/in/ana-silva"),
            ("tags", "alumni, pydata"),
        ])
        .await;
    let page = app.get(&format!("/people/{id}?notice=added")).await;
    page.assert_contains("<h1>Ana Silva</h1>")
        .assert_contains("Acme Logistics")
        .assert_contains("mailto:ana@example.com")
        .assert_contains("https://www.linkedin.com/in/ana-silva")
        .assert_contains("alumni, pydata")
        .assert_contains("Added.");
    // A stage set by hand passes the pipeline's guards: nothing sent, not contacted, and
    // nothing of the form is saved.
    let refused = app
        .post(
            &format!("/people/{id}"),
            &[("name", "Ana Silva"), ("organization", "Acme Logistics"), ("title", "Boss"), ("stage", "contacted")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    refused.assert_contains("counts as contacted once a message you sent is logged");
    app.get(&format!("/people/{id}")).await.assert_lacks("Boss");
    let edited = app
        .post(
            &format!("/people/{id}"),
            &[
                ("name", "Ana Silva"),
                ("organization", "Acme Logistics"),
                ("title", "Senior Analyst"),
                ("emails", "ana@example.com\nana.s@example.org"),
                ("tags", "pydata"),
                ("stage", "responded"),
                ("tier", "a"),
                ("closeness", "3"),
                ("frequency", "monthly"),
                ("recruiter", "on"),
            ],
        )
        .await;
    assert_eq!(edited.location(), format!("/people/{id}?notice=saved"));
    let after = app.get(&format!("/people/{id}")).await;
    after
        .assert_contains("Senior Analyst")
        .assert_contains("ana.s@example.org")
        .assert_contains("Stage: responded")
        .assert_contains("Tier: A")
        .assert_contains("closeness 3 of 4, in touch monthly")
        .assert_contains("Recruiter")
        .assert_lacks("alumni");
    let bad = app.post(&format!("/people/{id}"), &[("name", "Ana"), ("emails", "not-an-email")]).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    bad.assert_contains("is not an email address");
    let noted = app.post(&format!("/people/{id}/notes"), &[("body", "Prefers mornings")]).await;
    assert_eq!(noted.location(), format!("/people/{id}?notice=noted#notes"));
    app.get(&format!("/people/{id}")).await.assert_contains("Prefers mornings");
    let empty = app.post(&format!("/people/{id}/notes"), &[("body", "  ")]).await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    let deleted = app.post(&format!("/people/{id}/delete"), &[]).await;
    assert!(deleted.location().starts_with("/people?trashed="), "{}", deleted.location());
    app.get(deleted.location()).await.assert_contains("Moved 1 person to the trash.");
    app.get(&format!("/people/{id}")).await.assert_contains("In the trash");
    let at = deleted.location().split("trashed=").nth(1).unwrap().split('&').next().unwrap().to_string();
    let undone = app.post("/people/undo", &[("at", &at)]).await;
    assert_eq!(undone.location(), format!("/people/{id}?notice=restored"));
    app.get(&format!("/people/{id}?notice=restored"))
        .await
        .assert_contains("back from the trash")
        .assert_lacks("In the trash");
    let again = app.post("/people/undo", &[("at", &at)]).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn missing_records_and_bad_ids_get_404_pages_in_the_clis_words() {
    let mut app = TestApp::new();
    app.onboard().await;
    let bad = app.get("/people/not-an-id").await;
    assert_eq!(bad.status, StatusCode::NOT_FOUND);
    bad.assert_contains("No person with id not-an-id");
    let gone = app.get("/people/0190f2c4-0000-7000-8000-000000000000").await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    gone.assert_contains("No person with id 0190f2c4-0000-7000-8000-000000000000");
    assert_eq!(app.get("/organizations/0190f2c4-0000-7000-8000-000000000000").await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/openings/nope").await.status, StatusCode::NOT_FOUND);
    let unknown = app.get("/no/such/page").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    unknown.assert_contains("There is no page at this address").assert_contains("<html");
    let method = app.get("/people/bulk").await;
    assert_eq!(method.status, StatusCode::METHOD_NOT_ALLOWED);
    method.assert_contains("does not take that kind of request");
    let wrong_type =
        app.send(Request::post("/people").header(header::COOKIE, "x=y").body(Body::empty()).unwrap()).await;
    assert_eq!(wrong_type.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn oversized_forms_get_a_clear_413() {
    let mut app = TestApp::with_config(WebConfig { form_limit: 1024, ..WebConfig::default() });
    app.onboard().await;
    let big = "x".repeat(4096);
    let answer = app.post("/people", &[("name", &big)]).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    answer.assert_contains("larger than 1 KB");
}

#[tokio::test]
async fn organizations_list_score_in_place_and_show_their_people() {
    let mut app = TestApp::new();
    app.onboard().await;
    let added = app
        .post(
            "/organizations",
            &[("name", "Acme Logistics"), ("domain", "https://www.acme.example/jobs"), ("industry", "logistics")],
        )
        .await;
    let org = id_in(added.location(), "/organizations/");
    app.post("/organizations", &[("name", "Globex")]).await;
    let dup = app.post("/organizations", &[("name", "acme logistics")]).await;
    assert_eq!(dup.status, StatusCode::CONFLICT);
    dup.assert_contains("already on your list");
    app.add_person(&[("name", "Ana Silva"), ("organization", "Acme Logistics")]).await;
    let list = app.get("/organizations").await;
    list.assert_contains("M?·P?·A0").assert_contains(&format!("action=\"/organizations/{org}/lamp\""));
    let scored = app
        .post(&format!("/organizations/{org}/lamp"), &[("motivation", "3"), ("posting", "2"), ("advocacy", "yes")])
        .await;
    assert_eq!(scored.location(), format!("/organizations?notice=scored#org-{org}"));
    let list = app.get("/organizations?notice=scored").await;
    list.assert_contains("M3·P2·A1").assert_contains("LAMP score saved.");
    assert!(list.body.find("Acme Logistics").unwrap() < list.body.find("Globex").unwrap(), "scored first");
    let out_of_range = app.post(&format!("/organizations/{org}/lamp"), &[("posting", "9")]).await;
    assert_eq!(out_of_range.status, StatusCode::BAD_REQUEST);
    out_of_range.assert_contains("out of range");
    let page = app.get(&format!("/organizations/{org}")).await;
    page.assert_contains("Ana Silva").assert_contains("LAMP M3·P2·A1").assert_contains("logistics");
    let edited = app
        .post(
            &format!("/organizations/{org}"),
            &[
                ("name", "Acme Logistics"),
                ("domain", "acme.example"),
                ("status", "active"),
                ("research_notes", "Growing the data team"),
                ("bonus_amount", "2500"),
                ("bonus_currency", "usd"),
                ("bonus_notes", "after 90 days"),
            ],
        )
        .await;
    assert_eq!(edited.location(), format!("/organizations/{org}?notice=saved"));
    app.get(&format!("/organizations/{org}"))
        .await
        .assert_contains("Status: active")
        .assert_contains("Growing the data team")
        .assert_contains("2500 USD (after 90 days)");
    let bad_currency =
        app.post(&format!("/organizations/{org}"), &[("name", "Acme"), ("bonus_currency", "dollars")]).await;
    assert_eq!(bad_currency.status, StatusCode::BAD_REQUEST);
    app.post(&format!("/organizations/{org}/notes"), &[("body", "Met their VP at PyData")]).await;
    app.get(&format!("/organizations/{org}")).await.assert_contains("Met their VP at PyData");
    let page_score = app.post(&format!("/organizations/{org}/lamp"), &[("from", "page"), ("motivation", "")]).await;
    assert_eq!(page_score.location(), format!("/organizations/{org}?notice=scored"));
    let trashed = app.post(&format!("/organizations/{org}/delete"), &[]).await;
    assert_eq!(trashed.location(), "/organizations?notice=trashed");
    app.get("/trash").await.assert_contains("Acme Logistics");
}

#[tokio::test]
async fn the_openings_board_adds_moves_and_edits() {
    let mut app = TestApp::new();
    app.onboard().await;
    let ana = app.add_person(&[("name", "Ana Silva"), ("emails", "ana@example.com")]).await;
    let added = app
        .post(
            "/openings",
            &[
                ("title", "Data Analyst"),
                ("organization", "Acme"),
                ("referrer", "ana@example.com"),
                ("url", "https://acme.example/jobs/1"),
            ],
        )
        .await;
    let opening = id_in(added.location(), "/openings/");
    let board = app.get("/openings").await;
    board.assert_contains("Data Analyst").assert_contains("Referrer: <a href=\"/people/").assert_contains(&ana);
    let discovered = board.body.find("id=\"col-discovered\"").unwrap();
    let applied = board.body.find("id=\"col-applied\"").unwrap();
    let card = board.body.find(&format!("id=\"opening-{opening}\"")).unwrap();
    assert!(discovered < card && card < applied, "a new opening is discovered");
    let moved = app.post(&format!("/openings/{opening}/status"), &[("status", "applied")]).await;
    assert_eq!(moved.location(), format!("/openings?notice=moved#opening-{opening}"));
    let board = app.get("/openings?notice=moved").await;
    let card = board.body.find(&format!("id=\"opening-{opening}\"")).unwrap();
    assert!(
        card > board.body.find("id=\"col-applied\"").unwrap()
            && card < board.body.find("id=\"col-screening\"").unwrap()
    );
    let bad = app.post(&format!("/openings/{opening}/status"), &[("status", "hired")]).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let page = app.get(&format!("/openings/{opening}")).await;
    page.assert_contains("applied since").assert_contains("href=\"https://acme.example/jobs/1\"");
    let edited = app
        .post(
            &format!("/openings/{opening}"),
            &[("title", "Senior Data Analyst"), ("status", "interviewing"), ("referrer", ""), ("req_id", "R-42")],
        )
        .await;
    assert_eq!(edited.location(), format!("/openings/{opening}?notice=saved"));
    app.get(&format!("/openings/{opening}"))
        .await
        .assert_contains("Senior Data Analyst")
        .assert_contains("R-42")
        .assert_contains("none yet");
    let js = app.post(&format!("/openings/{opening}"), &[("title", "X"), ("url", "javascript:alert(1)")]).await;
    assert_eq!(js.status, StatusCode::BAD_REQUEST);
    let nobody = app.post("/openings", &[("title", "X"), ("organization", "Acme"), ("referrer", "Nobody Known")]).await;
    assert_eq!(nobody.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn search_groups_hits_and_marks_the_words() {
    let mut app = TestApp::new();
    app.onboard().await;
    let id = app.add_person(&[("name", "Ana Silva"), ("title", "Forecasting lead")]).await;
    app.post(&format!("/people/{id}/notes"), &[("body", "Talked about forecasting models")]).await;
    app.post("/organizations", &[("name", "Forecasting Co")]).await;
    let page = app.get("/search?q=forecasting").await;
    page.assert_contains("People <span class=\"muted\">(1)</span>")
        .assert_contains("Organizations")
        .assert_contains("Notes")
        .assert_contains("<mark>")
        .assert_contains(&format!("href=\"/people/{id}\""));
    app.get("/search?q=zzzz").await.assert_contains("Nothing matches “zzzz”.");
    app.get("/search").await.assert_lacks("Nothing matches");
    assert_eq!(app.get("/search?q=%22%28%2A").await.status, StatusCode::OK, "punctuation is no syntax error");
}

#[tokio::test]
async fn the_trash_lists_and_restores() {
    let mut app = TestApp::new();
    app.onboard().await;
    let id = app.add_person(&[("name", "Ana Silva")]).await;
    app.get("/trash").await.assert_contains("The trash is empty.");
    app.post(&format!("/people/{id}/delete"), &[]).await;
    app.get("/trash").await.assert_contains("Ana Silva").assert_contains("1 deleted records");
    let restored = app.post("/trash/restore", &[("id", &id)]).await;
    assert_eq!(restored.location(), format!("/people/{id}?notice=restored"));
    app.get("/trash").await.assert_contains("The trash is empty.");
    let missing = app.post("/trash/restore", &[("id", "abcdef12")]).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    missing.assert_contains("No trashed record matches");
}

#[tokio::test]
async fn adding_people_checks_input_and_duplicates() {
    let mut app = TestApp::new();
    app.onboard().await;
    app.get("/people/new").await.assert_contains("Add a person").assert_contains("name=\"allow_duplicate\"");
    let nameless = app.post("/people", &[("name", " ")]).await;
    assert_eq!(nameless.status, StatusCode::BAD_REQUEST);
    nameless.assert_contains("Name is required");
    app.add_person(&[("name", "Ana Silva"), ("emails", "ana@example.com")]).await;
    let dup = app.post("/people", &[("name", "Ana S."), ("emails", "ANA@example.com")]).await;
    assert_eq!(dup.status, StatusCode::CONFLICT);
    dup.assert_contains("already has that email");
    app.add_person(&[("name", "Ana S."), ("emails", "ana@example.com"), ("allow_duplicate", "on")]).await;
    let closeness = app.post("/people", &[("name", "Bo"), ("closeness", "9")]).await;
    assert_eq!(closeness.status, StatusCode::BAD_REQUEST);
    closeness.assert_contains("Closeness: 9 is out of range");
}

#[tokio::test]
async fn assets_are_embedded_hashed_and_cached() {
    let mut app = TestApp::new();
    let page = app.get("/welcome").await;
    let start = page.body.find("/assets/app.").unwrap();
    let css = &page.body[start..start + page.body[start..].find('"').unwrap()];
    let answer = app.get(css).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer.headers[header::CACHE_CONTROL].to_str().unwrap().contains("immutable"));
    assert!(answer.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/"));
    assert!(answer.body.contains("prefers-color-scheme: dark"));
    assert_eq!(app.get("/assets/app.0000000000000000.css").await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/favicon.ico").await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_password_guards_every_route_but_health() {
    let hash = hash_password("correct horse battery").unwrap();
    let mut app = TestApp::with_config(WebConfig { password_hash: Some(hash), ..WebConfig::default() });
    assert_eq!(app.get("/health").await.status, StatusCode::OK);
    let people = app.get("/people?q=a").await;
    assert_eq!((people.status, people.location()), (StatusCode::SEE_OTHER, "/login?next=%2Fpeople%3Fq%3Da"));
    let form = app.get("/login?next=%2Fpeople%3Fq%3Da").await;
    form.assert_contains("type=\"password\"").assert_contains("value=\"/people?q=a\"");
    let blocked = app.post("/welcome/demo", &[]).await;
    assert_eq!(blocked.status, StatusCode::UNAUTHORIZED);
    let wrong = app.post("/login", &[("password", "wrong horse"), ("next", "/people")]).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    wrong.assert_contains("That password is not right.");
    let right = app.post("/login", &[("password", "correct horse battery"), ("next", "//evil.example")]).await;
    assert_eq!((right.status, right.location()), (StatusCode::SEE_OTHER, "/"));
    let page = app.get("/welcome").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Sign out");
    let out = app.post("/logout", &[]).await;
    assert_eq!(out.location(), "/login");
    assert_eq!(app.get("/people").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn without_a_password_the_login_page_is_not_needed() {
    let mut app = TestApp::new();
    assert_eq!(app.get("/login").await.location(), "/");
}

#[tokio::test]
async fn the_layout_and_error_page_markup_stay_as_reviewed() {
    let mut app = TestApp::new();
    let page = app.get("/no/such/page").await;
    insta::with_settings!({ filters => vec![(r"\.[0-9a-f]{16}\.", ".HASH.")] }, {
        insta::assert_snapshot!("not_found_page", page.body);
    });
}

/// Pages are kept while the store is unchanged: a write by another process on the same file
/// (the command line, while the server runs) shows on the next view, and each visitor's page
/// carries their own form key.
#[tokio::test]
async fn kept_pages_follow_writes_from_outside_and_keep_form_keys_apart() {
    use rapport_core::Ctx;
    use rapport_domain::ids::AccountId;
    use rapport_domain::people::{NewPerson, PersonName};
    use rapport_store_sqlite::{OpenMode, SqliteStore};

    let mut app = TestApp::new();
    app.onboard().await;
    app.add_person(&[("name", "Inside Added")]).await;
    let first = app.get("/people").await;
    first.assert_contains("Inside Added").assert_lacks("Outside Writer");
    let again = app.get("/people").await;
    assert_eq!(first.body, again.body, "an unchanged store gives the same page");

    let other = SqliteStore::open(&app.dir.path().join("test.sqlite3"), OpenMode::Existing).expect("second opener");
    let ctx = Ctx::now(&other, AccountId::LOCAL);
    rapport_core::people::add(&ctx, NewPerson::new(PersonName::new("Outside Writer").expect("name")), false)
        .expect("add from outside");
    app.get("/people").await.assert_contains("Outside Writer").assert_contains("Inside Added");
    app.get("/today").await.assert_contains("Today");

    let mine = common::form_key(&app.get("/people").await.body).expect("a form key");
    app.forget_cookies();
    let theirs = common::form_key(&app.get("/people").await.body).expect("a form key");
    assert_ne!(mine, theirs, "another browser never gets a page made with someone else's form key");
}

/// The command line may change the profile while the server runs: the next page after that
/// write shows dates in the new time zone, without a restart.
#[tokio::test]
async fn a_time_zone_changed_elsewhere_shows_on_the_next_page() {
    use rapport_core::Ctx;
    use rapport_domain::ids::AccountId;

    let mut app = TestApp::new();
    app.onboard().await;
    let id = app.add_person(&[("name", "Ana Silva")]).await;
    let logged = app.post(&format!("/people/{id}/log"), &[("kind", "check_in"), ("at", "2026-03-10 15:00")]).await;
    assert_eq!(logged.location(), format!("/people/{id}?notice=logged#log"));
    app.get(&format!("/people/{id}")).await.assert_contains("2026-03-10 15:00");

    // As `rapport config` or `rapport init` would, through the store and not the web app.
    let ctx = Ctx::now(app.state.store.as_ref(), AccountId::LOCAL);
    let mut profile = rapport_core::profile::get(&ctx).expect("profile");
    profile.settings.time_zone = "America/Chicago".into();
    rapport_core::profile::save(&ctx, profile).expect("save");

    // 15:00 in Paris (UTC+1) is 09:00 in Chicago that day (UTC-5: its summer time began on
    // 8 March).
    app.get(&format!("/people/{id}")).await.assert_contains("2026-03-10 09:00").assert_lacks("2026-03-10 15:00");
}
