//! The seed story of issue 3, played through the real binary on a real store, with time
//! driven by `RAPPORT_NOW` so it spans two weeks: Priya is found, contacted, replies; a coffee
//! is scheduled (the morning-of reminder says the seeker pays); the brief has the help map,
//! questions and the opening close; the debrief records clues, an offered introduction and a
//! "let me think" on the referral; `today` asks for the thank-you within 24 hours and never
//! for a referral chaser; the thank-you passes its checks; Priya lands in the active network
//! with a keep-in-touch date; and Mia, the person introduced, appears with her own next step.
//! The worked examples AT-1, AT-5, AT-6, AT-7 and AT-9 show through the same commands.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

struct Rapport {
    dir: tempfile::TempDir,
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Rapport {
    fn new() -> Self {
        Self { dir: tempfile::tempdir().expect("temp dir") }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Runs `rapport` as if the clock read `now` (RFC 3339, Chicago offsets below).
    fn run(&self, now: &str, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_rapport"))
            .args(args)
            .env("RAPPORT_DB", self.path("store.sqlite3"))
            .env("RAPPORT_CONFIG", self.path("config.toml"))
            .env("RAPPORT_NOW", now)
            .env("NO_COLOR", "1")
            .env_remove("XDG_DATA_HOME")
            .output()
            .expect("run rapport");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    fn ok(&self, now: &str, args: &[&str]) -> String {
        let run = self.run(now, args);
        assert_eq!(run.code, 0, "rapport {args:?} at {now} failed:\n{}{}", run.stdout, run.stderr);
        run.stdout
    }

    fn json(&self, now: &str, args: &[&str]) -> Value {
        let out = self.ok(now, args);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("rapport {args:?} printed invalid JSON ({e}):\n{out}"))
    }

    /// Every entry `today --json` shows at `now`, across the three groups.
    fn today(&self, now: &str) -> Vec<Value> {
        let today = self.json(now, &["today", "--json", "--all"]);
        ["overdue", "today", "soon"]
            .iter()
            .flat_map(|g| today[g]["items"].as_array().cloned().unwrap_or_default())
            .collect()
    }
}

fn rules(items: &[Value]) -> Vec<&str> {
    items.iter().filter_map(|i| i["rule"].as_str()).collect()
}

fn entry<'a>(items: &'a [Value], rule: &str, who: &str) -> &'a Value {
    items
        .iter()
        .find(|i| i["rule"] == rule && i["who"] == who)
        .unwrap_or_else(|| panic!("no {rule} for {who} in {items:#?}"))
}

#[test]
fn the_seed_story_plays_through_the_command_line() {
    let r = Rapport::new();
    let day1 = "2025-01-02T09:00:00-06:00";
    r.ok(day1, &["init", "--name", "Andrea Quinn", "--email", "andrea@mail.example", "--time-zone", "America/Chicago"]);

    // Found: Priya at Northwind, where an analyst opening is posted.
    r.ok(
        day1,
        &[
            "person",
            "add",
            "Priya Raman",
            "--email",
            "priya@northwind.example",
            "--org",
            "Northwind Health",
            "--title",
            "Senior Data Scientist",
            "--affinity",
            "alum:UBC",
        ],
    );
    r.ok(
        day1,
        &[
            "opening",
            "add",
            "Data Analyst II",
            "--org",
            "Northwind Health",
            "--url",
            "https://careers.northwind.example/jobs/4821",
        ],
    );

    // Contacted on Thu 2 Jan at 10:00: AT-1's 3B and 7B dates appear.
    r.ok("2025-01-02T10:00:00-06:00", &["log", "Priya", "outreach", "-m", "Fellow UBC alum; a question"]);
    let items = r.today("2025-01-03T09:00:00-06:00");
    assert!(entry(&items, "r3", "Priya Raman")["opens_at"].as_str().is_some_and(|t| t.starts_with("2025-01-07T14:00")));
    let week_later = r.today("2025-01-13T09:00:00-06:00");
    assert!(
        entry(&week_later, "r4", "Priya Raman")["due_at"].as_str().is_some_and(|t| t.starts_with("2025-01-13T14:00"))
    );

    // She replies the next day: a Booster (AT-9), to be answered today.
    r.ok("2025-01-03T11:00:00-06:00", &["log", "Priya", "reply", "-m", "Happy to chat"]);
    let shown = r.json("2025-01-03T11:05:00-06:00", &["person", "show", "Priya", "--json"]);
    assert_eq!(
        (shown["person"]["stage"].as_str(), shown["person"]["segment"].as_str()),
        (Some("responded"), Some("booster"))
    );
    let items = r.today("2025-01-03T11:30:00-06:00");
    assert!(entry(&items, "r6", "Priya Raman")["what"].as_str().is_some_and(|w| w.contains("today")));
    assert!(!rules(&items).contains(&"r3") && !rules(&items).contains(&"r4"), "the reply ends 3B7: {items:#?}");

    // A coffee is scheduled; the morning of, today says the seeker pays.
    let meet = r.json(
        "2025-01-03T12:00:00-06:00",
        &[
            "meet",
            "Priya",
            "--at",
            "2025-01-14 15:00",
            "--mode",
            "coffee",
            "--where",
            "Bluebird Coffee",
            "--opening",
            "Data Analyst II",
            "--json",
        ],
    );
    assert_eq!(meet["mode"], "coffee");
    let morning = r.today("2025-01-14T08:30:00-06:00");
    let pay = entry(&morning, "r9", "Priya Raman");
    assert_eq!(pay["status"], "due");
    assert!(pay["what"].as_str().is_some_and(|w| w.contains("You pay")), "{pay}");
    let human = r.ok("2025-01-14T08:30:00-06:00", &["today"]);
    assert!(human.contains("You pay for the coffee with Priya Raman"), "{human}");
    // The human view that morning, ids masked.
    insta::with_settings!({ filters => vec![(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "[id]")] }, {
        insta::assert_snapshot!("today_the_morning_of_the_coffee", human);
    });

    // The brief: help map, questions, the opening close; Markdown and a printable page.
    let out = r.path("briefs");
    let out = out.to_str().expect("a UTF-8 temp path");
    let prep = r.json("2025-01-13T18:00:00-06:00", &["prep", "Priya", "--out", out, "--json"]);
    let md = std::fs::read_to_string(prep["markdown"].as_str().expect("a path")).expect("the Markdown brief");
    for part in ["## Help map", "## Questions to ask", "## The opening: Data Analyst II", "You pay for the coffee"] {
        assert!(md.contains(part), "the brief lacks {part:?}:\n{md}");
    }
    let questions = prep["questions"].as_array().expect("questions").len();
    assert!((5..=10).contains(&questions), "5–10 questions: {questions}");
    let html = std::fs::read_to_string(prep["html"].as_str().expect("a path")).expect("the printable brief");
    assert!(html.starts_with("<!doctype html>") && html.contains("@page") && html.contains("Help map"));

    // The debrief: clues, an offered introduction, and "let me think" on the referral.
    let debrief = r.json(
        "2025-01-14T16:00:00-06:00",
        &[
            "debrief",
            "Priya",
            "--clue",
            "trends: Retail clients are moving forecasting in-house",
            "--clue",
            "advice: Build one public project end to end",
            "--intro",
            "Mia Chen",
            "--close",
            "considering",
            "--paid",
            "me",
            "--amount",
            "11.50",
            "--currency",
            "usd",
            "--they-asked-for",
            "Candidates for the intern program",
            "--offered",
            "Share my notes from the PyData talks",
            "--rapport",
            "4",
            "--mine",
            "Send the churn write-up @ 2025-01-17",
            "--json",
        ],
    );
    assert_eq!((debrief["stage"].as_str(), debrief["referral"].as_str()), (Some("met"), Some("considering")));
    assert_eq!(debrief["introduced"][0]["name"], "Mia Chen");
    assert_eq!(debrief["introduced"][0]["new"], true, "Mia joins the network");

    // Today asks for the thank-you within 24 hours, and never for a referral chaser, then or later.
    let evening = r.today("2025-01-14T17:00:00-06:00");
    let thank_you = entry(&evening, "r11", "Priya Raman");
    assert!(thank_you["due_at"].as_str().is_some_and(|t| t.starts_with("2025-01-15T21:20")), "{thank_you}");
    for now in ["2025-01-14T17:00:00-06:00", "2025-01-22T09:00:00-06:00", "2025-02-03T09:00:00-06:00"] {
        assert!(!rules(&r.today(now)).contains(&"r16"), "no referral chaser at {now}");
    }
    // AT-6: asking again after "let me think" is refused.
    let ask = r.run("2025-01-21T09:00:00-06:00", &["log", "Priya", "referral_ask"]);
    assert_eq!(ask.code, 4, "{}", ask.stderr);
    assert!(ask.stderr.contains("no second ask"), "{}", ask.stderr);

    // The thank-you: drafted from the ledger, it passes T1–T10; sent, Priya joins the network.
    let draft = r.json("2025-01-14T17:05:00-06:00", &["thanks", "Priya", "--json"]);
    assert_eq!(draft["ready"], true, "{draft:#}");
    assert!(draft["text"].as_str().is_some_and(|t| t.contains("forecasting in-house")), "{draft:#}");
    let note = r.path("note.txt");
    std::fs::write(
        &note,
        format!("Subject: {}\n\n{}", draft["subject"].as_str().unwrap_or(""), draft["text"].as_str().unwrap_or("")),
    )
    .expect("write the note");
    let note = note.to_str().expect("a UTF-8 path");
    let checked = r.json("2025-01-14T17:10:00-06:00", &["thanks", "Priya", "--check", note, "--json"]);
    assert_eq!(checked["ready"], true, "{checked:#}");
    let eml = r.path("thanks.eml");
    let sent = r.json(
        "2025-01-14T17:20:00-06:00",
        &["thanks", "Priya", "--check", note, "--mark-sent", "--eml", eml.to_str().expect("path"), "--json"],
    );
    assert_eq!((sent["stage"].as_str(), sent["tier"].as_str()), (Some("active_network"), Some("a")));
    assert!(sent["keep_in_touch"].as_str().is_some_and(|t| t.starts_with("2025-02-13")), "{sent:#}");
    let eml = std::fs::read_to_string(eml).expect("the .eml draft");
    assert!(eml.contains("To: \"Priya Raman\" <priya@northwind.example>") && eml.contains("X-Unsent: 1"), "{eml}");
    let after = r.today("2025-01-14T17:30:00-06:00");
    assert!(!rules(&after).contains(&"r11"), "the thank-you is done");

    // Priya makes the introduction: Mia has her own next step, and Priya is thanked for it.
    r.ok("2025-01-16T09:00:00-06:00", &["intro", "set", "Mia", "received"]);
    let items = r.today("2025-01-16T09:05:00-06:00");
    assert!(entry(&items, "r6", "Mia Chen")["what"].as_str().is_some_and(|w| w.contains("introduction")));
    assert!(entry(&items, "r17", "Priya Raman")["what"].as_str().is_some_and(|w| w.contains("introduction")));

    // A month on, keeping in touch with Priya comes due.
    let month = r.today("2025-02-13T09:00:00-06:00");
    assert_eq!(entry(&month, "r19", "Priya Raman")["status"], "due");
}

#[test]
fn at_7_a_second_follow_up_is_refused_with_the_day_to_mark_no_response() {
    let r = Rapport::new();
    let day1 = "2025-01-02T09:00:00-06:00";
    r.ok(day1, &["init", "--time-zone", "America/Chicago"]);
    r.ok(day1, &["person", "add", "Sam Okafor", "--org", "Acme"]);
    r.ok("2025-01-02T10:00:00-06:00", &["log", "Sam", "outreach"]);
    r.ok("2025-01-13T09:00:00-06:00", &["log", "Sam", "follow_up"]);
    let again = r.run("2025-01-14T09:00:00-06:00", &["log", "Sam", "follow_up"]);
    assert_eq!(again.code, 4, "a rule said no: {}", again.stderr);
    assert!(again.stderr.contains("One follow-up is the rule"), "{}", again.stderr);
    assert!(again.stderr.contains("no response from Thu 16 Jan 2025"), "{}", again.stderr);
    let shown = r.json("2025-01-14T09:05:00-06:00", &["person", "show", "Sam", "--json"]);
    assert_eq!(shown["interactions"].as_array().map(Vec::len), Some(2), "nothing was recorded");
    let slow = r.today("2025-01-16T09:00:00-06:00");
    assert_eq!(entry(&slow, "r5", "Sam Okafor")["status"], "due", "mark no response from Thu 16 Jan");
}

#[test]
fn at_5_a_late_note_without_a_specific_insight_warns_and_fails() {
    let r = Rapport::new();
    let day1 = "2025-01-02T09:00:00-06:00";
    r.ok(day1, &["init", "--name", "Andrea Quinn", "--time-zone", "America/Chicago"]);
    r.ok(day1, &["person", "add", "Lee Park", "--org", "Globex"]);
    r.ok(day1, &["meet", "Lee", "--at", "2025-01-07 10:00", "--mode", "video"]);
    r.ok(
        "2025-01-07T11:00:00-06:00",
        &[
            "debrief",
            "Lee",
            "--clue",
            "insights: Quarterly planning decides most projects",
            "--offered",
            "An intro to my old team",
        ],
    );
    let note = r.path("late.txt");
    std::fs::write(
        &note,
        "Hi Lee,\n\nThank you so much for taking the time to talk with me this week. I really enjoyed our \
         conversation and learned a great deal about your work and your team. I will follow up on what we \
         discussed and keep you posted on how my search goes. If I can ever help you with anything, I would be \
         glad to do so.\n\nBest,\nAndrea",
    )
    .expect("write");
    let note = note.to_str().expect("a UTF-8 path");
    // 30 hours after the meeting's end at 10:20.
    let checked = r.json("2025-01-08T16:20:00-06:00", &["thanks", "Lee", "--check", note, "--json"]);
    let checks = checked["report"]["checks"].as_array().expect("checks");
    let severity = |code: &str| checks.iter().find(|c| c["check"] == code).map(|c| c["severity"].clone());
    assert_eq!(severity("T1"), Some(Value::from("warn")), "{checked:#}");
    assert_eq!(severity("T2"), Some(Value::from("fail")), "{checked:#}");
    assert_eq!(checked["ready"], false);
    let human = r.ok("2025-01-08T16:20:00-06:00", &["thanks", "Lee", "--check", note]);
    assert!(human.contains("FAIL T2") && human.contains("Fix:"), "each failure says how to fix it:\n{human}");
}

#[test]
fn remind_decisions_hold_and_a_bad_now_is_refused() {
    let r = Rapport::new();
    let day1 = "2025-01-02T09:00:00-06:00";
    r.ok(day1, &["init", "--time-zone", "America/Chicago"]);
    r.ok(day1, &["person", "add", "Sam Okafor", "--org", "Acme"]);
    r.ok("2025-01-02T10:00:00-06:00", &["log", "Sam", "outreach"]);
    let items = r.today("2025-01-07T09:00:00-06:00");
    let r3 = entry(&items, "r3", "Sam Okafor")["key"].as_str().expect("key").to_string();
    let weekly = entry(&items, "r1", "your employer list")["key"].as_str().expect("key").to_string();
    r.ok("2025-01-07T09:00:00-06:00", &["remind", "done", &r3]);
    r.ok("2025-01-07T09:00:00-06:00", &["remind", "dismiss", &weekly]);
    let items = r.today("2025-01-07T09:01:00-06:00");
    assert!(!rules(&items).contains(&"r3") && !rules(&items).contains(&"r1"), "{items:#?}");
    let snooze = r.run("2025-01-07T09:00:00-06:00", &["remind", "snooze", &r3]);
    assert_eq!(snooze.code, 2, "a snooze needs --until: {}", snooze.stderr);
    let unknown = r.run("2025-01-07T09:00:00-06:00", &["remind", "done", "r4:nothing"]);
    assert_eq!(unknown.code, 3, "{}", unknown.stderr);
    assert!(unknown.stderr.contains("rapport today"), "{}", unknown.stderr);
    let bad = r.run("next tuesday", &["today"]);
    assert_eq!(bad.code, 1);
    assert!(bad.stderr.contains("RAPPORT_NOW"), "{}", bad.stderr);
}

#[test]
fn introductions_cancellations_and_a_look_ahead() {
    let r = Rapport::new();
    let day1 = "2025-01-02T09:00:00-06:00";
    r.ok(day1, &["init", "--time-zone", "America/Chicago"]);
    let empty = r.ok(day1, &["today", "--days", "0"]);
    assert!(empty.contains("Add 40 more employers"), "a new store still has its list to grow:\n{empty}");
    assert!(!empty.contains("Look back on your week"), "the review is on Friday, past a zero-day look-ahead");
    r.ok(day1, &["person", "add", "Lee Park", "--org", "Globex"]);
    r.ok(day1, &["person", "add", "Mia Chen"]);
    let intro = r.json(day1, &["intro", "add", "Mia", "--by", "Lee", "--state", "received", "--json"]);
    assert_eq!((intro["introducer"].as_str(), intro["state"].as_str()), (Some("Lee Park"), Some("received")));
    let list = r.json(day1, &["intro", "list", "--json"]);
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    let back = r.run(day1, &["intro", "set", "Mia", "offered"]);
    assert_eq!(back.code, 4, "an introduction does not go back: {}", back.stderr);
    r.ok("2025-01-02T10:00:00-06:00", &["intro", "set", "Mia", "replied"]);
    let mia = r.json("2025-01-02T10:05:00-06:00", &["person", "show", "Mia", "--json"]);
    assert_eq!(mia["person"]["stage"], "responded", "her answer is her first real touch");

    r.ok(day1, &["meet", "Lee", "--at", "2025-01-09 10:00", "--mode", "coffee"]);
    let ahead = r.json(day1, &["today", "--json", "--at", "2025-01-09 08:30"]);
    let today: Vec<Value> = ahead["today"]["items"].as_array().cloned().unwrap_or_default();
    assert!(rules(&today).contains(&"r9"), "--at looks at another moment: {ahead:#}");
    let cancelled = r.json(day1, &["meet", "Lee", "--cancel", "--json"]);
    assert_eq!(cancelled["status"], "cancelled");
    let after = r.today("2025-01-09T08:30:00-06:00");
    assert!(!rules(&after).contains(&"r9"), "a cancelled meeting asks for nothing: {after:#?}");
    let lunch = r.run(day1, &["meet", "Lee", "--at", "2025-01-10 12:00", "--mode", "lunch"]);
    assert_eq!(lunch.code, 2, "there is no lunch: {}", lunch.stderr);
}
