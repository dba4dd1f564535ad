//! Handler tests for the seeker's workflow pages (round two): Today and its decisions, the
//! person page's next actions, logging with the pipeline's refusals, meetings (schedule,
//! brief, capture, debrief), the outreach and thank-you editors, targets and routes, import
//! with preview and apply, duplicates, exports, the calendar feed, stats and the question
//! bank: every route in-process on a real SQLite store, for status, content, errors and
//! CSRF.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{TestApp, id_in};
use jiff::{SignedDuration, Timestamp};
use rapport_web::{WebConfig, hash_password};

/// A local date and time `days` from now, as a datetime-local field takes it (the test
/// profile's zone is Europe/Paris).
fn local(days: i64, hour: i8) -> String {
    let tz = jiff::tz::TimeZone::get("Europe/Paris").unwrap();
    let day = Timestamp::now().to_zoned_datetime(tz).date().saturating_add(SignedDuration::from_hours(24 * days));
    format!("{day}T{hour:02}:00")
}

/// Every value of `name="key" value="…"` in a page, in order.
fn keys(html: &str) -> Vec<String> {
    html.match_indices("name=\"key\" value=\"")
        .map(|(at, m)| {
            let start = at + m.len();
            html[start..start + html[start..].find('"').unwrap()].to_string()
        })
        .collect()
}

/// A person who was written to `days_ago` days ago and answered a day later.
async fn replied(app: &mut TestApp, name: &str, days_ago: i64) -> String {
    let id = app.add_person(&[("name", name), ("emails", &format!("{}@example.com", name.replace(' ', ".")))]).await;
    let sent = app
        .post(&format!("/people/{id}/log"), &[("kind", "outreach"), ("at", &local(-days_ago, 10)), ("text", "Hello")])
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let reply = app.post(&format!("/people/{id}/log"), &[("kind", "reply"), ("at", &local(-days_ago + 1, 10))]).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    id
}

/// Schedules a coffee `days` from now; returns the meeting id.
async fn coffee(app: &mut TestApp, person: &str, days: i64) -> String {
    let answer = app
        .post(
            &format!("/people/{person}/meetings"),
            &[("at", &local(days, 9)), ("mode", "coffee"), ("minutes", "20"), ("location", "Bluebird <Coffee>")],
        )
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    id_in(answer.location(), "/meetings/")
}

#[tokio::test]
async fn today_is_home_and_its_decisions_stick() {
    let mut app = TestApp::new();
    app.onboard().await;
    assert_eq!(app.get("/").await.location(), "/today");
    let empty = app.get("/today").await;
    assert_eq!(empty.status, StatusCode::OK);
    empty.assert_contains("Nothing is overdue.");
    let id = app.add_person(&[("name", "Ana Silva"), ("emails", "ana@example.com")]).await;
    app.post(&format!("/people/{id}/log"), &[("kind", "outreach"), ("at", &local(-12, 10))]).await;
    let page = app.get("/today").await;
    page.assert_contains("Ana Silva").assert_contains("action=\"/reminders/decide\"").assert_contains("Next week");
    let found = keys(&page.body);
    let key = found.iter().find(|k| k.starts_with("r4:")).expect("the follow-up reminder").clone();
    let snoozed = app.post("/reminders/decide", &[("key", &key), ("person", &id), ("action", "week")]).await;
    assert_eq!(snoozed.location(), "/today?notice=snoozed");
    let after = app.get("/today?notice=snoozed").await;
    after.assert_contains("Snoozed.");
    let (due, coming) = after.body.split_once("id=\"sec-soon\"").unwrap();
    assert!(!keys(due).contains(&key), "a snoozed reminder leaves what is due");
    assert!(keys(coming).contains(&key), "and comes back next week");
    let dismissed = app
        .post("/reminders/decide", &[("key", "r5:nothing"), ("action", "done"), ("back", &format!("/people/{id}"))])
        .await;
    assert_eq!(dismissed.status, StatusCode::NOT_FOUND);
    dismissed.assert_contains("No reminder matches");
    let odd = app.post("/reminders/decide", &[("key", &key), ("action", "later")]).await;
    assert_eq!(odd.status, StatusCode::BAD_REQUEST);
    let no_key = app.post_raw("/reminders/decide", &[("key", &key), ("action", "done")]).await;
    assert_eq!(no_key.status, StatusCode::FORBIDDEN, "CSRF guards the decisions");
    let back = app
        .post("/reminders/decide", &[("key", &key), ("person", &id), ("action", "done"), ("back", "//evil.example")])
        .await;
    assert_eq!(back.location(), "/today?notice=done", "the way back stays on this site");
}

#[tokio::test]
async fn the_person_page_logs_and_refuses_in_words() {
    let mut app = TestApp::new();
    app.onboard().await;
    let id = app.add_person(&[("name", "Ben Okafor"), ("emails", "ben@example.com")]).await;
    let page = app.get(&format!("/people/{id}")).await;
    page.assert_contains("Next actions").assert_contains("Help map").assert_contains("Schedule a meeting");
    page.assert_contains("Log what happened");
    let sent = app.post(&format!("/people/{id}/log"), &[("kind", "outreach"), ("at", &local(-9, 10))]).await;
    assert_eq!(sent.location(), format!("/people/{id}?notice=logged#log"));
    let first = app.post(&format!("/people/{id}/log"), &[("kind", "follow_up")]).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    let second = app.post(&format!("/people/{id}/log"), &[("kind", "follow_up")]).await;
    assert_eq!(second.status, StatusCode::CONFLICT);
    second.assert_contains("follow-up");
    let early = app.post(&format!("/people/{id}/log"), &[("kind", "no_response")]).await;
    assert_eq!(early.status, StatusCode::CONFLICT, "no response needs three business days of silence");
    let bad_time = app.post(&format!("/people/{id}/log"), &[("kind", "reply"), ("at", "soon")]).await;
    assert_eq!(bad_time.status, StatusCode::BAD_REQUEST);
    bad_time.assert_contains("write it as 2026-03-14 09:30");
    let bad_kind = app.post(&format!("/people/{id}/log"), &[("kind", "telepathy")]).await;
    assert_eq!(bad_kind.status, StatusCode::BAD_REQUEST);
    let page = app.get(&format!("/people/{id}?notice=logged")).await;
    page.assert_contains("Logged.").assert_contains("follow up (email, outbound)");
}

#[tokio::test]
async fn a_meeting_goes_from_schedule_to_debrief_to_thanks() {
    let mut app = TestApp::new();
    app.onboard().await;
    let id = replied(&mut app, "Priya Natarajan", 8).await;
    let future = coffee(&mut app, &id, 3).await;
    let page = app.get(&format!("/meetings/{future}?notice=scheduled")).await;
    page.assert_contains("Coffee with Priya Natarajan")
        .assert_contains("Scheduled.")
        .assert_contains("Bluebird &#60;Coffee&#62;");
    page.assert_contains("/brief").assert_contains("Prepare");
    let early = app.post(&format!("/meetings/{future}/debrief"), &[("clue_0", "x"), ("clue_kind_0", "trends")]).await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    early.assert_contains("once it has happened");
    let cancelled = app.post(&format!("/meetings/{future}/cancel"), &[]).await;
    assert_eq!(cancelled.location(), format!("/meetings/{future}?notice=cancelled"));

    let past = coffee(&mut app, &id, -1).await;
    let brief = app.get(&format!("/meetings/{past}/brief")).await;
    assert_eq!(brief.status, StatusCode::OK);
    brief.assert_contains("Prep brief: Coffee with Priya Natarajan").assert_contains("Help map");
    let csp = brief.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(
        csp.contains("style-src 'sha256-") && !csp.contains("unsafe-inline") && !csp.contains("script-src"),
        "{csp}"
    );
    let capture = app.get(&format!("/meetings/{past}/capture")).await;
    capture.assert_contains("data-timer").assert_contains("data-length=\"1200\"").assert_contains("At 75%");
    capture.assert_contains("Questions to ask");
    app.get(&format!("/meetings/{past}/debrief")).await.assert_contains("Their answer to the opening close");
    let empty = app.post(&format!("/meetings/{past}/debrief"), &[("clue_0", "")]).await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    let kindless = app.post(&format!("/meetings/{past}/debrief"), &[("clue_0", "budgets move")]).await;
    assert_eq!(kindless.status, StatusCode::BAD_REQUEST);
    kindless.assert_contains("TIARA");
    let done = app
        .post(
            &format!("/meetings/{past}/debrief"),
            &[
                ("clue_kind_0", "trends"),
                ("clue_0", "Teams are moving forecasting in-house"),
                ("introductions", "Mia Chen"),
                ("mine_0", "send the write-up"),
                ("mine_due_0", &local(3, 9)[..10]),
                ("paid", "me"),
                ("amount", "11.50"),
                ("currency", "usd"),
                ("rapport", "4"),
                ("close", "considering"),
            ],
        )
        .await;
    assert_eq!(done.location(), format!("/meetings/{past}?notice=debriefed"), "{}", done.body);
    let meeting = app.get(&format!("/meetings/{past}?notice=debriefed")).await;
    meeting
        .assert_contains("Teams are moving forecasting in-house")
        .assert_contains("Mia Chen")
        .assert_contains("you 11.50 USD")
        .assert_contains("they will think about it")
        .assert_contains("Write the thank-you");
    app.get("/people?q=mia").await.assert_contains("Mia Chen");
    let today = app.get("/today").await;
    today.assert_contains("thank-you").assert_lacks("referral chaser");

    let editor = app.get(&format!("/people/{id}/thanks")).await;
    editor.assert_contains("Thank you, Priya Natarajan").assert_contains("id=\"lint-report\"").assert_contains("T1");
    let lint = app.post(&format!("/people/{id}/thanks"), &[("action", "lint"), ("text", "Thanks!")]).await;
    assert_eq!(lint.status, StatusCode::OK);
    lint.assert_contains("id=\"lint-report\"").assert_contains("Not ready yet").assert_lacks("<html");
    let check = app.post(&format!("/people/{id}/thanks"), &[("action", "check"), ("text", "Thanks!")]).await;
    check.assert_contains("<html").assert_contains("Thanks!").assert_contains("Not ready yet");
    let eml = app.post(&format!("/people/{id}/thanks"), &[("action", "eml"), ("text", "Thanks!")]).await;
    assert_eq!(eml.status, StatusCode::CONFLICT, "no sender address yet");
    eml.assert_contains("your own address");
    let sent = app.post(&format!("/people/{id}/thanks"), &[("action", "sent"), ("text", "Thank you, Priya.")]).await;
    assert_eq!(sent.location(), format!("/people/{id}?notice=thanked"));
    app.get(&format!("/people/{id}?notice=thanked"))
        .await
        .assert_contains("Thank-you recorded")
        .assert_contains("Stage: active network");
}

#[tokio::test]
async fn the_outreach_editor_lints_downloads_and_marks_sent() {
    let mut app = TestApp::new();
    app.post(
        "/welcome",
        &[("name", "Sam Seeker"), ("email", "sam@example.com"), ("time_zone", "Europe/Paris"), ("affinities", "UBC")],
    )
    .await;
    let id = app.add_person(&[("name", "Cy Tran"), ("emails", "cy@example.com"), ("title", "Analyst")]).await;
    let page = app.get(&format!("/people/{id}/outreach")).await;
    page.assert_contains("A first note to Cy Tran").assert_contains("mailto:cy@example.com").assert_contains("E1");
    page.assert_contains("data-lint=\"#lint-report\"");
    let lint = app
        .post(
            &format!("/people/{id}/outreach"),
            &[("action", "lint"), ("subject", "Job?"), ("text", "Hi Cy, can you get me a job? Attached is my resume.")],
        )
        .await;
    lint.assert_contains("Not ready yet").assert_contains("E2").assert_lacks("<html");
    let eml = app
        .post(
            &format!("/people/{id}/outreach"),
            &[("action", "eml"), ("subject", "Hello"), ("text", "Hi Cy,\r\nA question.")],
        )
        .await;
    assert_eq!(eml.status, StatusCode::OK);
    assert!(eml.headers[header::CONTENT_DISPOSITION].to_str().unwrap().contains("attachment"));
    eml.assert_contains("To: \"Cy Tran\" <cy@example.com>").assert_contains("Subject: Hello");
    let follow = app.get(&format!("/people/{id}/outreach?kind=follow_up")).await;
    follow.assert_contains("Follow-up to Cy Tran").assert_contains("F1");
    let sent = app.post(&format!("/people/{id}/outreach"), &[("action", "sent"), ("text", "Hi Cy")]).await;
    assert_eq!(sent.location(), format!("/people/{id}?notice=sent"));
    app.get(&format!("/people/{id}")).await.assert_contains("Stage: contacted");
    let odd = app.post(&format!("/people/{id}/outreach"), &[("action", "fax")]).await;
    assert_eq!(odd.status, StatusCode::BAD_REQUEST);
    assert_eq!(app.get("/people/nope/outreach").await.status, StatusCode::NOT_FOUND);

    // Gate G2: someone at a listed employer waits until ten employers are scored.
    let at_acme = app.add_person(&[("name", "Di Acme"), ("organization", "Acme")]).await;
    let locked = app.post(&format!("/people/{at_acme}/outreach"), &[("action", "sent"), ("text", "Hi")]).await;
    assert_eq!(locked.status, StatusCode::CONFLICT);
    locked.assert_contains("utreach is locked until 10 employers");
    app.get(&format!("/people/{at_acme}/outreach")).await.assert_contains("Score employers on the Targets page");
    // An outreach already sent, logged from the person page, is recorded with the gate shown.
    let logged = app.post(&format!("/people/{at_acme}/log"), &[("kind", "outreach"), ("text", "Hi Di")]).await;
    assert_eq!(logged.location(), format!("/people/{at_acme}?notice=logged_locked#log"));
    app.get(&format!("/people/{at_acme}?notice=logged_locked"))
        .await
        .assert_contains("Outreach is locked until ten employers")
        .assert_contains("Hi Di");
    let check_in = app.post(&format!("/people/{at_acme}/log"), &[("kind", "check_in"), ("text", "Hello")]).await;
    assert_eq!(check_in.location(), format!("/people/{at_acme}?notice=logged#log"));
}

#[tokio::test]
async fn targets_show_the_gates_the_list_and_routes() {
    let mut app = TestApp::new();
    app.onboard().await;
    let mut ids = Vec::new();
    for i in 0..11 {
        let added = app.post("/organizations", &[("name", &format!("Employer {i:02}"))]).await;
        ids.push(id_in(added.location(), "/organizations/"));
    }
    let page = app.get("/targets").await;
    page.assert_contains("add 29 more to reach 40").assert_contains("Outreach waits");
    for (i, id) in ids.iter().enumerate() {
        let motivation = if i == 10 { "0" } else { "2" };
        let scored =
            app.post(&format!("/organizations/{id}/lamp"), &[("motivation", motivation), ("from", "targets")]).await;
        assert_eq!(scored.location(), format!("/targets?notice=scored#t-{id}"));
    }
    let ana = app.add_person(&[("name", "Ana Silva"), ("organization", "Employer 00")]).await;
    let page = app.get("/targets?notice=scored").await;
    page.assert_contains("LAMP score saved.")
        .assert_lacks("Outreach waits")
        .assert_contains("Research card: Employer 10");
    page.assert_contains("Your active employers").assert_contains(&format!("/people/{ana}/outreach"));
    page.assert_contains("Statuses to update");
    let applied = app.post("/targets/apply", &[]).await;
    assert_eq!(applied.location(), "/targets?notice=applied");
    app.get("/targets?notice=applied").await.assert_lacks("Statuses to update");
    let routes = app.get(&format!("/organizations/{}/routes", ids[0])).await;
    routes.assert_contains("Warm-intro routes to Employer 00");
    app.get(&format!("/organizations/{}", ids[0])).await.assert_contains("Warm-intro routes");
    assert_eq!(app.get("/organizations/nope/routes").await.status, StatusCode::NOT_FOUND);
}

const LINKEDIN: &str = "Notes:\r\n\"Some emails may be missing.\"\r\n\r\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n\
Ana,Silva,https://www.linkedin.com/in/ana-silva,ana@example.com,Acme,Data Scientist,14 Jan 2025\r\n\
Ben,Okafor,https://www.linkedin.com/in/ben-okafor,,Globex,Analyst,03 Feb 2025\r\n\
,,,,,,05 Feb 2025\r\n";

fn multipart(fields: &[(&str, Option<&str>, &str)]) -> (String, Vec<u8>) {
    let boundary = "rapportTestBoundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, file, value) in fields {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match file {
            Some(file) => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: text/csv\r\n\r\n")
                    .as_bytes(),
            ),
            None => body.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes()),
        }
        body.extend_from_slice(value.as_bytes());
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload(app: &mut TestApp, token: Option<&str>, file: &str) -> common::Answer {
    let (content_type, body) = multipart(&[("file", Some("Connections.csv"), file), ("format", None, "")]);
    let uri = match token {
        Some(t) => format!("/import?_csrf={t}"),
        None => "/import".to_string(),
    };
    let request = Request::post(uri)
        .header(header::COOKIE, app.cookie_header())
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .unwrap();
    app.send(request).await
}

#[tokio::test]
async fn an_import_is_previewed_then_applied_once() {
    let mut app = TestApp::new();
    app.onboard().await;
    let form = app.get("/import").await;
    form.assert_contains("enctype=\"multipart/form-data\"").assert_contains("Up to 50 MB");
    let token = common::form_key(&form.body).unwrap();
    let refused = upload(&mut app, None, LINKEDIN).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "an upload needs its form key");
    let preview = upload(&mut app, Some(&token), LINKEDIN).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    preview.assert_contains("What importing Connections.csv would do").assert_contains("Nothing is written yet");
    preview.assert_contains("Ana Silva").assert_contains("Skipped").assert_contains("the row is empty");
    app.get("/people").await.assert_contains("No one here yet.");
    let key = keys(&preview.body).into_iter().next().expect("the upload's key");
    let applied = app.post("/import/apply", &[("key", &key)]).await;
    assert_eq!(applied.status, StatusCode::OK, "{}", applied.body);
    applied.assert_contains("Imported Connections.csv").assert_contains("href=\"/people/");
    app.get("/people").await.assert_contains("of 2 people");
    let again = app.post("/import/apply", &[("key", &key)]).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    again.assert_contains("upload the file again");
    let token = common::form_key(&app.get("/import").await.body).unwrap();
    let twice = upload(&mut app, Some(&token), LINKEDIN).await;
    twice.assert_contains("This file changes nothing");
    let nothing = upload(&mut app, Some(&token), "").await;
    assert_eq!(nothing.status, StatusCode::BAD_REQUEST);
    nothing.assert_contains("No file came with the form");
}

#[tokio::test]
async fn an_upload_over_the_limit_gets_a_clear_413() {
    let mut app = TestApp::with_config(WebConfig { upload_limit: 2048, ..WebConfig::default() });
    app.onboard().await;
    let token = common::form_key(&app.get("/import").await.body).unwrap();
    let big = format!("{LINKEDIN}{}", "Cy,Tran,,,,,01 Jan 2025\r\n".repeat(200));
    let answer = upload(&mut app, Some(&token), &big).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    answer.assert_contains("upload limit");
}

#[tokio::test]
async fn duplicates_merge_and_undo() {
    let mut app = TestApp::new();
    app.onboard().await;
    let a = app.add_person(&[("name", "Ana Silva"), ("emails", "ana@example.com")]).await;
    let b = app.add_person(&[("name", "Ana S."), ("emails", "ana@example.com"), ("allow_duplicate", "on")]).await;
    let page = app.get("/dupes").await;
    page.assert_contains("same email ana@example.com").assert_contains("Merge into Ana Silva");
    let merged = app.post("/dupes/merge", &[("keep", &a), ("merge", &b)]).await;
    assert_eq!(merged.location(), "/dupes?notice=merged");
    app.get("/dupes?notice=merged").await.assert_contains("No one looks like anyone else.").assert_contains("Undo");
    app.get("/people").await.assert_contains("of 1 person");
    let undone = app.post("/dupes/undo", &[("at", "last")]).await;
    assert_eq!(undone.location(), "/dupes?notice=undone");
    app.get("/people").await.assert_contains("of 2 people");
    let nothing = app.post("/dupes/undo", &[]).await;
    assert_eq!(nothing.status, StatusCode::NOT_FOUND);
    let same = app.post("/dupes/merge", &[("keep", &a), ("merge", &a)]).await;
    assert_eq!(same.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn every_export_downloads() {
    let mut app = TestApp::new();
    app.onboard().await;
    let id = replied(&mut app, "Ana Silva", 6).await;
    coffee(&mut app, &id, 2).await;
    app.get("/export").await.assert_contains("/export/people.vcf").assert_contains("/feed/");
    for (file, kind, inside) in [
        ("people.vcf", "text/vcard", "BEGIN:VCARD"),
        ("people.csv", "text/csv", "Ana"),
        ("backup.json", "application/json", "\"people\""),
        ("rapport.ics", "text/calendar", "BEGIN:VEVENT"),
    ] {
        let answer = app.get(&format!("/export/{file}")).await;
        assert_eq!(answer.status, StatusCode::OK, "{file}");
        assert!(answer.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with(kind), "{file}");
        assert!(answer.headers[header::CONTENT_DISPOSITION].to_str().unwrap().starts_with("attachment"), "{file}");
        answer.assert_contains(inside);
    }
    // The backup is sent while it is encoded: what arrives is one whole document, the one
    // the command writes (the time of the export aside).
    let streamed: serde_json::Value = serde_json::from_str(&app.get("/export/backup.json").await.body).unwrap();
    assert_eq!(streamed["format"], "rapport-backup");
    let people = streamed["people"].as_array().unwrap();
    assert_eq!(people.len(), 1);
    assert_eq!(people[0]["name"]["full"], "Ana Silva");
    assert!(!streamed["meetings"].as_array().unwrap().is_empty(), "the coffee is in it");
    assert_eq!(app.get("/export/secrets.txt").await.status, StatusCode::NOT_FOUND);
}

fn feed_path(html: &str) -> String {
    let start = html.find("/feed/").unwrap();
    html[start..start + html[start..].find('"').unwrap()].to_string()
}

#[tokio::test]
async fn the_calendar_feed_needs_its_token_and_no_sign_in() {
    let hash = hash_password("correct horse battery").unwrap();
    let mut app = TestApp::with_config(WebConfig { password_hash: Some(hash), ..WebConfig::default() });
    app.get("/login").await;
    app.post("/login", &[("password", "correct horse battery"), ("next", "/")]).await;
    app.onboard().await;
    let id = replied(&mut app, "Ana Silva", 6).await;
    coffee(&mut app, &id, 2).await;
    let path = feed_path(&app.get("/export").await.body);
    assert!(path.ends_with(".ics") && path.len() > 40, "{path}");
    app.forget_cookies();
    let signed_out = app.get(&path).await;
    assert_eq!(signed_out.status, StatusCode::OK, "calendar apps cannot sign in");
    assert!(signed_out.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/calendar"));
    signed_out.assert_contains("BEGIN:VCALENDAR").assert_contains("Ana Silva");
    let wrong = app.get("/feed/0123456789abcdef0123456789abcdef0123456789abcdef.ics").await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/feed/.ics").await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/export").await.status, StatusCode::SEE_OTHER, "the rest still needs a sign-in");
    app.get("/login").await;
    app.post("/login", &[("password", "correct horse battery"), ("next", "/")]).await;
    let rotated = app.post("/settings/feed-token", &[]).await;
    assert_eq!(rotated.location(), "/export?notice=rotated#feed");
    let page = app.get("/export?notice=rotated").await;
    page.assert_contains("The feed has a new address");
    let fresh = feed_path(&page.body);
    assert_ne!(fresh, path);
    assert_eq!(app.get(&path).await.status, StatusCode::NOT_FOUND, "the old address stops working");
    assert_eq!(app.get(&fresh).await.status, StatusCode::OK);
}

#[tokio::test]
async fn stats_show_metrics_and_inline_charts() {
    let mut app = TestApp::new();
    app.onboard().await;
    replied(&mut app, "Ana Silva", 6).await;
    let page = app.get("/stats").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Reply rate")
        .assert_contains("1 of 1")
        .assert_contains("<svg")
        .assert_contains("first emails");
    page.assert_lacks("hidden job market");
    let goal = app.get("/stats?goal=3&since=2020-01-01").await;
    goal.assert_contains("3 informational interviews need about 10 first emails");
    assert_eq!(app.get("/stats?since=2999-01-01").await.status, StatusCode::BAD_REQUEST);
    assert_eq!(app.get("/stats?since=yesterday").await.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn own_questions_are_added_edited_and_deleted() {
    let mut app = TestApp::new();
    app.onboard().await;
    app.get("/settings").await.assert_contains("Your own questions").assert_contains("None yet.");
    let bad = app.post("/settings/questions", &[("text", "Tell me about your team"), ("category", "insights")]).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    bad.assert_contains("question mark");
    let added =
        app.post("/settings/questions", &[("text", "What surprised you <most>?"), ("category", "insights")]).await;
    assert_eq!(added.location(), "/settings?notice=question-added#questions");
    let page = app.get("/settings").await;
    page.assert_contains("What surprised you &#60;most&#62;?").assert_contains("Question (I: Insights)");
    let start = page.body.find("action=\"/settings/questions/").unwrap() + "action=\"/settings/questions/".len();
    let id = page.body[start..start + 36].to_string();
    let edited = app
        .post(&format!("/settings/questions/{id}"), &[("text", "What changed this year?"), ("category", "trends")])
        .await;
    assert_eq!(edited.location(), "/settings?notice=question-saved#questions");
    app.get("/settings").await.assert_contains("What changed this year?").assert_contains("Question (T: Trends)");
    let deleted = app.post(&format!("/settings/questions/{id}"), &[("text", "x"), ("delete", "1")]).await;
    assert_eq!(deleted.location(), "/settings?notice=question-deleted#questions");
    app.get("/settings").await.assert_contains("None yet.");
    assert_eq!(app.post("/settings/questions/nope", &[("delete", "1")]).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn introductions_move_along_from_the_person_page() {
    let mut app = TestApp::new();
    app.onboard().await;
    let id = replied(&mut app, "Priya Natarajan", 8).await;
    let past = coffee(&mut app, &id, -1).await;
    app.post(
        &format!("/meetings/{past}/debrief"),
        &[("clue_kind_0", "advice"), ("clue_0", "Build one project"), ("introductions", "Mia Chen")],
    )
    .await;
    let page = app.get(&format!("/people/{id}")).await;
    page.assert_contains("Introduces you to Mia Chen").assert_contains("(offered)");
    let start = page.body.find("action=\"/introductions/").unwrap() + "action=\"/introductions/".len();
    let intro = page.body[start..start + 36].to_string();
    let moved = app
        .post(&format!("/introductions/{intro}/state"), &[("state", "received"), ("back", &format!("/people/{id}"))])
        .await;
    assert_eq!(moved.location(), format!("/people/{id}?notice=introduced"));
    app.get(&format!("/people/{id}")).await.assert_contains("(received)");
    let back = app.post(&format!("/introductions/{intro}/state"), &[("state", "offered")]).await;
    assert_eq!(back.status, StatusCode::CONFLICT);
    back.assert_contains("cannot go back");
}
