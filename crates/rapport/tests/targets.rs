//! Targets and outreach through the real binary: `rapport targets`, `org score`, `route`,
//! `draft`, `lint`, `sent` and `stats`, on a demo store and on small stores built by hand.
//! The worked examples AT-2, AT-3, AT-4 and AT-8 (method §4.13) run here end to end.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use rapport_core::Ctx;
use rapport_domain::ids::{AccountId, RelationshipId};
use rapport_domain::people::{Frequency, NewPerson, PersonName, Tie};
use rapport_domain::relationships::{NewRelationship, RelationshipKind};
use rapport_store::{Store, Writer};
use rapport_store_sqlite::{OpenMode, SqliteStore};

/// A temp folder with its own store and config, and a way to run `rapport` against them.
struct Rapport {
    dir: tempfile::TempDir,
    /// Everything printed to stdout so far, for the checks that span every command.
    seen: std::cell::RefCell<String>,
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Rapport {
    fn new() -> Self {
        Self { dir: tempfile::tempdir().expect("temp dir"), seen: Default::default() }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("store.sqlite3")
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_rapport"));
        command
            .args(args)
            .env("RAPPORT_DB", self.db())
            .env("RAPPORT_CONFIG", self.dir.path().join("config.toml"))
            .env("NO_COLOR", "1")
            .env_remove("XDG_DATA_HOME");
        command
    }

    fn finish(&self, out: std::process::Output) -> Run {
        let run = Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        };
        self.seen.borrow_mut().push_str(&run.stdout);
        run
    }

    fn run(&self, args: &[&str]) -> Run {
        self.finish(self.command(args).output().expect("run rapport"))
    }

    fn run_with_input(&self, args: &[&str], input: &str) -> Run {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn rapport");
        child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write stdin");
        self.finish(child.wait_with_output().expect("wait"))
    }

    fn ok(&self, args: &[&str]) -> String {
        let run = self.run(args);
        assert_eq!(run.code, 0, "rapport {args:?} failed:\n{}{}", run.stdout, run.stderr);
        run.stdout
    }

    fn json(&self, args: &[&str]) -> serde_json::Value {
        let out = self.ok(args);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("rapport {args:?} printed invalid JSON ({e}):\n{out}"))
    }

    fn write(&self, name: &str, text: &str) -> String {
        let path = self.path(name);
        std::fs::write(&path, text).expect("write file");
        path.to_str().expect("utf-8 path").to_string()
    }

    /// No "hidden job market" figures anywhere in what was printed (§4.11, §3.4).
    fn assert_no_hidden_market(&self) {
        let seen = self.seen.borrow().to_lowercase();
        assert!(!seen.is_empty());
        for phrase in ["hidden job market", "hidden market", "hidden"] {
            assert!(!seen.contains(phrase), "output mentions `{phrase}`");
        }
    }
}

fn names(value: &serde_json::Value) -> Vec<String> {
    value.as_array().expect("array").iter().map(|v| v.as_str().expect("string").to_string()).collect()
}

fn svg_is_well_formed(path: &Path) {
    let text = std::fs::read_to_string(path).expect("read svg");
    let doc =
        roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{} is not well-formed XML: {e}", path.display()));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.tag_name().namespace(), Some("http://www.w3.org/2000/svg"));
    assert!(root.children().any(|n| n.tag_name().name() == "title"), "an accessible title");
}

#[test]
fn on_a_demo_store_every_command_does_what_it_says() {
    let r = Rapport::new();
    r.ok(&["demo", "--people", "300", "--seed", "7"]);

    let plan = r.json(&["targets", "--json"]);
    assert_eq!(plan["k"], 5);
    let ranked = plan["ranked"].as_array().expect("ranked");
    assert_eq!(ranked.len(), 30);
    let active = names(&plan["active"]);
    assert!(!active.is_empty() && active.len() <= 5, "{active:?}");
    assert!(plan["list_nudge"]["more_needed"].as_u64().is_some_and(|n| n == 10), "30 of 40: {}", plan["list_nudge"]);
    assert_eq!(plan["outreach_gate"]["open"], true, "the demo scores every employer");
    assert!(!plan["research_cards"].as_array().expect("cards").is_empty(), "motivation 0 gets a card");
    // Strict lexicographic order, never a sum.
    let keys: Vec<(u64, u64, bool)> = ranked
        .iter()
        .map(|e| (e["motivation"].as_u64().unwrap_or(0), e["posting"].as_u64().unwrap_or(0), e["advocacy"] == true))
        .collect();
    assert!(keys.windows(2).all(|w| w[0] >= w[1]), "{keys:?}");
    let text = r.ok(&["targets"]);
    assert!(text.contains("Your employers, in LAMP order (active: top 5)"), "{text}");
    assert!(text.contains("Whom to contact first"), "{text}");

    // Apply, and the list is in step: nothing more to apply.
    let applied = r.json(&["targets", "--apply", "--json"]);
    assert_eq!(
        applied["applied"].as_array().expect("applied").len(),
        plan["proposed_changes"].as_array().expect("p").len()
    );
    assert!(applied["proposed_changes"].as_array().expect("proposed").is_empty());
    let listed: Vec<String> = r
        .json(&["org", "list", "--status", "active", "--json"])
        .as_array()
        .expect("orgs")
        .iter()
        .map(|o| o["name"].as_str().expect("name").to_string())
        .collect();
    // Every employer holding a slot is recorded active; one whose slot was freed (a Booster
    // found there) keeps its status without holding a slot.
    assert!(active.iter().all(|a| listed.contains(a)), "{active:?} in {listed:?}");
    for e in applied["ranked"].as_array().expect("ranked") {
        let recorded_active = e["status"] == "active";
        assert_eq!(recorded_active, listed.contains(&e["name"].as_str().expect("n").to_string()));
        if e["standing"] == "active" {
            assert!(recorded_active, "{e}");
        }
    }

    // Routes to the employer with the most people: ranked, explained, valid JSON.
    let first_contacts = plan["first_contacts"].as_array().expect("first contacts");
    let org = first_contacts[0]["organization"].as_str().expect("org name");
    let routes = r.json(&["route", org, "--limit", "5", "--json"]);
    assert_eq!(routes["organization"]["name"], org);
    let list = routes["routes"].as_array().expect("routes");
    assert!(!list.is_empty() && list.len() <= 5);
    for route in list {
        let steps = route["steps"].as_array().expect("steps");
        assert!(steps.len() >= 2, "{route}");
        assert!(
            steps.last().expect("step").as_str().expect("text").contains(org) || route["target_is_current"] == false
        );
        assert_eq!(
            route["path"].as_array().expect("path").len(),
            route["intermediaries"].as_u64().expect("n") as usize + 1
        );
    }
    let text = r.ok(&["route", org]);
    assert!(text.starts_with(&format!("Routes to {org}")), "{text}");

    // A draft to someone with an email address, as JSON, a mailto link and an .eml file.
    let people = r.json(&["person", "list", "--json", "--limit", "300"]);
    let someone = people["people"]
        .as_array()
        .expect("people")
        .iter()
        .find(|p| p["emails"].as_array().is_some_and(|e| !e.is_empty()) && p["do_not_contact"] == false)
        .expect("someone with an email");
    let id = someone["id"].as_str().expect("id");
    let email = someone["emails"][0].as_str().expect("email");
    let draft = r.json(&["draft", id, "--json"]);
    assert!(draft["subject"].as_str().is_some_and(|s| !s.is_empty()));
    assert!(draft["text"].as_str().expect("text").contains("Thank you,\nAlex Rivera"));
    assert!(draft["mailto"].as_str().expect("mailto").starts_with(&format!("mailto:{email}?subject=")));
    assert!(draft["report"]["checks"].as_array().expect("checks").len() == 15);
    let eml_path = r.path("draft.eml");
    let out = r.ok(&["draft", id, "--eml", eml_path.to_str().expect("utf-8"), "--mailto"]);
    assert!(out.contains("mailto:") && out.contains("Wrote"), "{out}");
    let raw = std::fs::read(&eml_path).expect("eml");
    assert!(raw.windows(2).any(|w| w == b"\r\n"), "CRLF line ends");
    let message = mail_parser::MessageParser::default().parse(&raw).expect("an RFC 5322 message");
    assert_eq!(message.subject(), draft["subject"].as_str());
    assert_eq!(message.to().and_then(|a| a.first()).and_then(|a| a.address()), Some(email));
    assert_eq!(message.from().and_then(|a| a.first()).and_then(|a| a.address()), Some("alex.rivera@mail.example"));
    assert!(message.date().is_some() && message.message_id().is_some());
    let body = message.body_text(0).expect("body");
    assert_eq!(body.replace("\r\n", "\n").trim_end(), draft["text"].as_str().expect("text").trim_end());
    // The .eml lints like the text it holds.
    let linted = r.run(&["lint", eml_path.to_str().expect("utf-8"), "--person", id, "--json"]);
    let report: serde_json::Value = serde_json::from_str(&linted.stdout).expect("json");
    assert_eq!(report["ready"], draft["report"]["ready"]);
    assert_eq!(report["checks"], draft["report"]["checks"]);

    // Stats with charts.
    let svg = r.path("charts");
    let stats = r.json(&["stats", "--svg", svg.to_str().expect("utf-8"), "--since", "365 days ago", "--json"]);
    assert!(stats["reply_rate"]["sent"].as_u64().is_some_and(|n| n > 0), "{stats}");
    assert_eq!(stats["reply_rate"]["expected"], serde_json::json!([0.2, 0.4]));
    assert!(stats["plan"]["emails"].as_u64().is_some_and(|n| n >= 5));
    for name in ["informationals.svg", "reply-rate.svg"] {
        svg_is_well_formed(&svg.join(name));
    }
    let text = r.ok(&["stats", "--since", "365 days ago"]);
    assert!(text.contains("Reply rate:") && text.contains("20–40%"), "{text}");
    let recent = r.ok(&["stats"]);
    assert!(recent.contains("No first emails sent yet"), "the demo's history ends months ago: {recent}");
    let future = r.run(&["stats", "--since", "tomorrow"]);
    assert_eq!(future.code, 1);
    assert!(future.stderr.contains("in the future"), "{}", future.stderr);
    r.assert_no_hidden_market();
}

/// AT-2 through the command line: six employers scored by hand sort lexicographically; the
/// top five go active when applied; Everest (motivation 0) gets a research card.
#[test]
fn at2_lamp_order_through_the_cli() {
    let r = Rapport::new();
    r.ok(&["init", "--name", "Andrea Quinn", "--time-zone", "America/Chicago"]);
    for (name, m, p, a) in [
        ("Everest", "0", "3", "yes"),
        ("Glacier", "2", "1", "no"),
        ("Borealis", "1", "3", "yes"),
        ("Delta", "3", "2", "no"),
        ("Cascade", "2", "3", "yes"),
        ("Aurora", "3", "1", "no"),
    ] {
        r.ok(&["org", "add", name]);
        r.ok(&["org", "score", name, "--motivation", m, "--posting", p, "--advocacy", a]);
    }
    let plan = r.json(&["targets", "--json"]);
    let order: Vec<String> =
        plan["ranked"].as_array().expect("ranked").iter().map(|e| e["name"].as_str().expect("n").to_string()).collect();
    assert_eq!(order, ["Delta", "Aurora", "Cascade", "Glacier", "Borealis", "Everest"]);
    assert_eq!(names(&plan["active"]), ["Delta", "Aurora", "Cascade", "Glacier", "Borealis"]);
    assert_eq!(plan["ranked"][0]["key"], "M3·P2·A0");
    assert_eq!(plan["ranked"][2]["key"], "M2·P3·A1");
    assert_eq!(plan["research_cards"][0]["name"], "Everest");
    assert_eq!(plan["outreach_gate"]["open"], false);
    let text = r.ok(&["targets"]);
    assert!(text.contains("Outreach locked: outreach is locked until 10 employers have a motivation score"), "{text}");
    assert!(text.contains("You scored Everest 0"), "{text}");
    insta::assert_snapshot!("at2_targets", text);
    let out = r.ok(&["targets", "--apply"]);
    assert_eq!(out.matches("Recorded").count(), 5, "{out}");
    let active = r.json(&["org", "list", "--status", "active", "--json"]);
    assert_eq!(active.as_array().expect("orgs").len(), 5);

    // Scoring follows the edition's scale and the one-bump rule.
    let five = r.run(&["org", "score", "Delta", "--motivation", "5"]);
    assert_eq!(five.code, 4, "{}", five.stderr);
    assert!(five.stderr.contains("out of range"), "{}", five.stderr);
    r.ok(&["org", "score", "Delta", "--motivation", "4"]);
    let bump = r.run(&["org", "score", "Aurora", "--motivation", "4"]);
    assert_eq!(bump.code, 4);
    assert!(bump.stderr.contains("Delta already is"), "{}", bump.stderr);
    // Adding or editing an employer with a motivation holds it to the same rules.
    let added = r.run(&["org", "add", "Zenith", "--motivation", "4"]);
    assert_eq!(added.code, 4, "{}", added.stderr);
    assert!(added.stderr.contains("Delta already is"), "{}", added.stderr);
    assert_eq!(r.run(&["org", "show", "Zenith"]).code, 3, "nothing added");
    let edited = r.run(&["org", "edit", "Aurora", "--motivation", "5"]);
    assert_eq!(edited.code, 4, "{}", edited.stderr);
    assert!(edited.stderr.contains("out of range"), "{}", edited.stderr);
    r.ok(&["org", "edit", "Delta", "--motivation", "4"]);
    let nothing = r.run(&["org", "score", "Aurora"]);
    assert_eq!(nothing.code, 4);
    assert!(nothing.stderr.contains("--motivation"), "{}", nothing.stderr);
    let out = r.ok(&["org", "score", "Glacier", "--advocacy", "auto"]);
    assert!(out.contains("Scored Glacier: M2·P1·A0"), "{out}");
    r.assert_no_hidden_market();
}

const AT3: &str = "Hi Jane, I'm Andrew, a fellow UBC alum from the Genome Science and Technology program. May I chat with you for a few minutes about your experience as a data scientist at Microsoft? I'm interested in learning more about how data science is applied in the tech industry, and I'm also curious about how you got into the field. Your insights would be greatly appreciated! Thanks, and all the best, Andrew\n";

const AT4: &str =
    "Hi Sam, fellow Rice alum here. Is your team hiring for the analyst position? I've attached my resume.\n";

/// AT-3 and AT-4 through `rapport lint`, and the exit codes: 0 when ready, 4 when a check
/// fails, with the report on stdout either way.
#[test]
fn at3_and_at4_and_the_lint_exit_codes() {
    let r = Rapport::new();
    r.ok(&["init"]);
    r.ok(&["person", "add", "Jane Doe", "--org", "Microsoft", "--title", "Data Scientist", "--affinity", "alum:UBC"]);
    r.ok(&["person", "add", "Sam Lee", "--org", "Acme Analytics", "--affinity", "alum:Rice University"]);

    let at3 = r.write("at3.txt", AT3);
    let report = r.json(&["lint", &at3, "--person", "Jane Doe", "--json"]);
    assert_eq!(report["ready"], true);
    assert_eq!(report["stats"]["body_words"], 63);
    assert_eq!(report["stats"]["total_words"], 71);
    let result = |report: &serde_json::Value, check: &str| -> String {
        report["checks"]
            .as_array()
            .expect("checks")
            .iter()
            .find(|c| c["check"] == check)
            .map(|c| c["result"].as_str().expect("result").to_string())
            .unwrap_or_else(|| "not run".into())
    };
    for check in ["E1", "E2", "E3", "E4", "E5", "E6"] {
        assert_eq!(result(&report, check), "pass", "{check}: {report}");
    }
    assert_eq!(result(&report, "E9"), "warn", "no subject line");
    assert!(report["stats"]["about_them_share"].as_f64().is_some_and(|s| s > 0.5));
    let text = r.ok(&["lint", &at3, "--person", "Jane Doe"]);
    assert!(text.starts_with("Ready, with"), "{text}");
    assert!(text.contains("WARN E9 Subject line"), "{text}");

    let at4 = r.write("at4.txt", AT4);
    let failed = r.run(&["lint", &at4, "--person", "Sam Lee", "--attachments", "--json"]);
    assert_eq!(failed.code, 4, "{}", failed.stderr);
    assert!(failed.stderr.contains("the message is not ready"), "{}", failed.stderr);
    let report: serde_json::Value = serde_json::from_str(&failed.stdout).expect("the report is still printed");
    assert_eq!(report["ready"], false);
    assert_eq!(result(&report, "E2"), "fail");
    assert_eq!(result(&report, "E7"), "fail");
    assert_eq!(result(&report, "E6"), "fail");
    let e2: Vec<String> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["check"] == "E2")
        .flat_map(|f| f["quotes"].as_array().expect("quotes").iter().map(|q| q.as_str().expect("q").to_lowercase()))
        .collect();
    for word in ["hiring", "position", "resume"] {
        assert!(e2.contains(&word.to_string()), "E2 quotes {word}: {e2:?}");
    }
    let text = r.run(&["lint", &at4, "--person", "Sam Lee"]);
    assert_eq!(text.code, 4);
    insta::assert_snapshot!("at4_lint", text.stdout);
    assert!(text.stdout.contains("FAIL E2 No job ask") && text.stdout.contains("Fix:"), "{}", text.stdout);

    // A subject in the file (header lines), a subject flag, and standard input.
    let with_subject = r.write("subject.txt", &format!("Subject: Fellow UBC alum, quick question\n\n{AT3}"));
    let report = r.json(&["lint", &with_subject, "--person", "Jane Doe", "--json"]);
    assert_eq!(result(&report, "E9"), "pass");
    let report = r.json(&["lint", &at3, "--person", "Jane", "--subject", "Fellow UBC alum", "--json"]);
    assert_eq!(result(&report, "E9"), "pass");
    let piped = r.run_with_input(&["lint", "-", "--json"], AT3);
    assert_eq!(piped.code, 0, "{}", piped.stderr);
    let report: serde_json::Value = serde_json::from_str(&piped.stdout).expect("json");
    assert_eq!(report["unchecked"], serde_json::json!(["E3", "E11", "E12"]), "no reader, no record checks");
    let plain = r.run_with_input(&["lint", "-"], AT3);
    assert!(plain.stdout.contains("Not checked without --person: E3 E11 E12"), "{}", plain.stdout);

    // LinkedIn's 300-character note limit fails; the same text as an email does not.
    let long_note = r.write("note.txt", AT3);
    let note = r.run(&["lint", &long_note, "--person", "Jane Doe", "--channel", "linkedin-note"]);
    assert_eq!(note.code, 4);
    assert!(note.stdout.contains("FAIL E13 Channel limits"), "{}", note.stdout);
    let inmail = r.run(&["lint", &long_note, "--person", "Jane Doe", "--channel", "inmail"]);
    assert_eq!(inmail.code, 0, "an InMail only warns: {}", inmail.stdout);

    // The follow-up linter.
    let guilt = r.write("follow.txt", "Hi Jane,\n\nJust bumping this, did you see my last email?\n\nAndrew\n");
    let follow = r.run(&["lint", &guilt, "--person", "Jane Doe", "--follow-up", "--subject", "Re: a question"]);
    assert_eq!(follow.code, 4);
    assert!(follow.stdout.contains("FAIL F3 No guilt phrases"), "{}", follow.stdout);
    let good = r.write(
        "good-follow.txt",
        "Hi Jane,\n\nI'm writing again in case my note got buried. Would you be open to a short call about your work at Microsoft?\n\nAndrew\n",
    );
    let ok = r.run(&["lint", &good, "--person", "Jane Doe", "--follow-up", "--subject", "Re: Fellow UBC alum"]);
    assert_eq!(ok.code, 0, "{}{}", ok.stdout, ok.stderr);

    // Usage errors and unreadable files keep their own codes.
    assert_eq!(r.run(&["lint", &at3, "--channel", "fax"]).code, 2);
    let missing = r.run(&["lint", &r.path("nope.txt").to_string_lossy()]);
    assert_eq!(missing.code, 1);
    assert!(missing.stderr.contains("cannot read the message file"), "{}", missing.stderr);
    let empty = r.write("empty.txt", "  \n");
    assert!(r.run(&["lint", &empty]).stderr.contains("is empty"));
    assert_eq!(r.run(&["lint", &at3, "--person", "Nobody Here"]).code, 3);
    r.assert_no_hidden_market();
}

/// AT-8 on a store built by hand: Taylor has no affinity and no mutual connections; the
/// seeker's medium tie Uma (S = 0.45) knows Taylor. `draft` and `targets` both say to ask Uma
/// for a double opt-in introduction before a cold email.
#[test]
fn at8_the_draft_names_who_to_ask_for_an_introduction() {
    let r = Rapport::new();
    r.ok(&["init", "--name", "Andrea Quinn", "--email", "andrea@example.com"]);
    r.ok(&["org", "add", "Acme", "--motivation", "3", "--posting", "2"]);
    r.ok(&["person", "add", "Taylor Target", "--org", "Acme", "--email", "taylor@acme.example"]);
    {
        let store = SqliteStore::open(&r.db(), OpenMode::Existing).expect("open");
        let ctx = Ctx::now(&store, AccountId::LOCAL);
        let mut uma = NewPerson::new(PersonName::new("Uma Usher").expect("name"));
        uma.tie = Tie { closeness: 2, frequency: Frequency::Monthly, years_known: 5, reciprocity: 1, ..Tie::default() };
        let uma = rapport_core::people::add(&ctx, uma, false).expect("Uma");
        let taylor = rapport_core::people::resolve(&ctx, "Taylor Target").expect("Taylor");
        let link = NewRelationship::new(uma.id, taylor, RelationshipKind::Knows).expect("link").into_relationship(
            RelationshipId::new(),
            AccountId::LOCAL,
            ctx.now,
        );
        store.write(|w| w.insert_relationship(&link)).expect("insert link");
    }
    let draft = r.json(&["draft", "Taylor Target", "--json"]);
    assert_eq!(draft["approach"]["kind"], "ask_for_introduction");
    assert_eq!(draft["approach"]["via"]["name"], "Uma Usher");
    assert_eq!(draft["approach"]["via"]["tie"], "medium");
    assert!((draft["approach"]["via"]["strength"].as_f64().expect("S") - 0.45).abs() < 1e-9);
    assert_eq!(draft["needs_introduction"], true);
    let text = r.ok(&["draft", "Taylor Target"]);
    assert!(
        text.starts_with("Ask for an introduction first: Before a cold email, ask Uma Usher (medium tie) whether they would introduce you to Taylor Target"),
        "{text}"
    );
    // The short id in the closing hint differs per run.
    let shown = text
        .lines()
        .map(|l| if l.contains("rapport sent") { "[hint: rapport sent ID --file FILE]" } else { l })
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!("at8_draft", shown);
    let targets = r.ok(&["targets"]);
    assert!(targets.contains("Acme: Taylor Target") && targets.contains("ask Uma Usher (medium tie)"), "{targets}");
    insta::assert_snapshot!("at8_route", r.ok(&["route", "Acme"]));
    let route = r.json(&["route", "Acme", "--json"]);
    assert_eq!(route["routes"][0]["path"][0]["name"], "Uma Usher");
    assert_eq!(route["routes"][0]["steps"][1], "Uma Usher knows Taylor Target.");
    r.assert_no_hidden_market();
}

/// "Mark sent" waits for gate G2 (ten scored employers), then records the outreach with the
/// time given, which is what starts the follow-up timers.
#[test]
fn sent_waits_for_the_gate_then_records_the_outreach() {
    let r = Rapport::new();
    r.ok(&["init", "--time-zone", "America/Chicago"]);
    r.ok(&["org", "add", "Acme", "--motivation", "3", "--posting", "2"]);
    r.ok(&["person", "add", "Ana Silva", "--org", "Acme", "--affinity", "alum:UBC"]);
    let note = r.write(
        "note.txt",
        "Subject: Fellow UBC alum\n\nHi Ana,\n\nWe're both UBC alumni. Would you be open to a 20-minute call about your work at Acme?\n\nThanks,\nAndrea\n",
    );
    let locked = r.run(&["sent", "Ana Silva", "--file", &note, "--at", "2 hours ago"]);
    assert_eq!(locked.code, 4, "{}", locked.stderr);
    assert!(locked.stderr.contains("score 9 more"), "{}", locked.stderr);
    assert!(locked.stderr.contains("rapport org score"), "{}", locked.stderr);
    let detail = r.json(&["person", "show", "Ana Silva", "--json"]);
    assert!(detail["interactions"].as_array().expect("list").is_empty(), "nothing recorded while locked");
    // An outreach logged after the fact is recorded (its follow-ups must be timed), with the
    // gate shown beside it; one to someone at no listed employer, or from them, without it.
    r.ok(&["person", "add", "Bo Chen", "--org", "Acme"]);
    let logged = r.ok(&["log", "Bo Chen", "outreach", "--text", "Fellow UBC alum"]);
    assert!(logged.contains("Logged outreach with Bo Chen") && logged.contains("score 9 more"), "{logged}");
    assert!(logged.contains("rapport org score"), "{logged}");
    let inbound = r.ok(&["log", "Bo Chen", "outreach", "--inbound", "--text", "He wrote too"]);
    assert!(!inbound.contains("score 9 more"), "{inbound}");
    r.ok(&["person", "add", "Cy Free"]);
    assert!(!r.ok(&["log", "Cy Free", "outreach"]).contains("score 9 more"));

    for i in 0..9 {
        let name = format!("Employer {i}");
        r.ok(&["org", "add", &name]);
        r.ok(&["org", "score", &name, "--motivation", "1"]);
    }
    let sent = r.json(&["sent", "Ana Silva", "--file", &note, "--at", "2025-01-02 10:00", "--json"]);
    assert_eq!(sent["kind"], "outreach");
    assert_eq!(sent["channel"], "email");
    assert_eq!(sent["at"], "2025-01-02T16:00:00Z", "10:00 in Chicago");
    let detail = r.json(&["person", "show", "Ana Silva", "--json"]);
    let history = detail["interactions"].as_array().expect("list");
    assert_eq!(history.len(), 1);
    assert_eq!(history[0]["kind"], "outreach");
    assert!(history[0]["text"].as_str().expect("text").starts_with("Subject: Fellow UBC alum"));

    r.ok(&["person", "add", "Li Wei", "--org", "Acme"]);
    let out = r.ok(&["sent", "Li Wei", "--text", "Connection note", "--channel", "linkedin-note"]);
    assert!(out.contains("Recorded your first message to Li Wei"), "{out}");
    let future = r.run(&["sent", "Li Wei", "--at", "2999-01-01"]);
    assert_eq!(future.code, 4);
    assert_eq!(r.run(&["sent", "Nobody"]).code, 3);
    r.assert_no_hidden_market();
}
