//! The `rapport` binary, driven as a user would: a real store file in a temp folder, the
//! commands of the README tour, and bad input of every kind.

use std::path::PathBuf;
use std::process::Command;

/// A temp folder with its own store and config, and a way to run `rapport` against them.
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

    fn db(&self) -> PathBuf {
        self.dir.path().join("store.sqlite3")
    }

    fn run(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_rapport"))
            .args(args)
            .env("RAPPORT_DB", self.db())
            .env("RAPPORT_CONFIG", self.dir.path().join("config.toml"))
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

    /// Runs and insists on success.
    fn ok(&self, args: &[&str]) -> String {
        let run = self.run(args);
        assert_eq!(run.code, 0, "rapport {args:?} failed:\n{}{}", run.stdout, run.stderr);
        run.stdout
    }

    fn json(&self, args: &[&str]) -> serde_json::Value {
        let out = self.ok(args);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("rapport {args:?} printed invalid JSON ({e}):\n{out}"))
    }
}

#[test]
fn the_readme_tour_works_end_to_end() {
    let r = Rapport::new();
    let out = r.ok(&["init", "--name", "Andrea Quinn", "--time-zone", "America/Chicago"]);
    assert!(out.contains("Created your store"), "{out}");
    assert!(r.db().exists());

    let out = r.ok(&[
        "person",
        "add",
        "Ana Silva",
        "--email",
        "ana@example.com",
        "--org",
        "Acme",
        "--title",
        "Data Scientist",
    ]);
    assert!(out.contains("Added Ana Silva"), "{out}");
    assert!(out.contains("Added organization Acme"), "a new employer is added on the fly: {out}");
    let out = r.ok(&["org", "add", "Globex", "--motivation", "3", "--posting", "2", "--advocacy", "yes"]);
    assert!(out.contains("Added Globex"), "{out}");

    r.ok(&["log", "Ana Silva", "outreach", "--at", "3 days ago", "-m", "Fellow UBC alum, a question about your team"]);
    let out = r.ok(&["log", "ana@example.com", "reply", "-m", "Happy to chat next week"]);
    assert!(out.contains("Logged reply with Ana Silva"), "{out}");
    r.ok(&["note", "Ana Silva", "Prefers", "mornings;", "loves", "Rust"]);

    let hits = r.json(&["search", "rust", "--json"]);
    assert_eq!(hits[0]["kind"], "note", "{hits}");
    assert!(hits[0]["snippet"].as_str().expect("snippet").contains("[Rust]"));

    let list = r.json(&["person", "list", "--json"]);
    assert_eq!(list["total"], 1);
    assert_eq!(list["people"][0]["name"], "Ana Silva");
    assert_eq!(list["people"][0]["emails"][0], "ana@example.com");
    let id = list["people"][0]["id"].as_str().expect("id").to_string();

    let detail = r.json(&["person", "show", &id, "--json"]);
    assert_eq!(detail["organization"]["name"], "Acme");
    assert_eq!(detail["interactions"].as_array().expect("array").len(), 2);
    assert_eq!(detail["interactions"][0]["kind"], "outreach", "oldest first");
    assert!(detail["person"]["last_touch_at"].is_string(), "a reply is a real touch");

    let out = r.ok(&["person", "rm", "Ana Silva"]);
    assert!(out.contains("Moved Ana Silva to the trash"), "{out}");
    assert_eq!(r.json(&["person", "list", "--json"])["total"], 0);
    assert_eq!(r.json(&["search", "rust", "--json"]).as_array().expect("array").len(), 0, "the trash hides notes too");
    let out = r.ok(&["trash", "list"]);
    assert!(out.contains("Ana Silva"), "{out}");
    r.ok(&["person", "restore", "Ana Silva"]);
    let detail = r.json(&["person", "show", &id, "--json"]);
    assert_eq!(detail["interactions"].as_array().expect("array").len(), 2, "the timeline comes back");
    assert_eq!(detail["person"]["stage"], "responded", "the logged reply moved her along the pipeline");

    let out =
        r.ok(&["person", "edit", "ana", "--title", "Lead Data Scientist", "--tag", "booster", "--stage", "scheduled"]);
    assert!(out.contains("title") && out.contains("tags") && out.contains("stage"), "{out}");
    let out = r.ok(&["person", "list", "--stage", "scheduled"]);
    assert!(out.contains("Lead Data Scientist"), "{out}");
}

#[test]
fn bad_input_gets_a_clear_error_and_the_documented_exit_code() {
    let r = Rapport::new();
    let missing = r.run(&["person", "list"]);
    assert_eq!(missing.code, 5, "no store yet");
    assert!(missing.stderr.contains("rapport init"), "{}", missing.stderr);
    assert!(!r.db().exists(), "reading must not create a store");

    r.ok(&["init"]);
    let bad_email = r.run(&["person", "add", "Bob", "--email", "bob-at-example"]);
    assert_eq!(bad_email.code, 4);
    assert!(bad_email.stderr.contains("`bob-at-example` is not an email address"), "{}", bad_email.stderr);
    assert_eq!(r.json(&["person", "list", "--json"])["total"], 0, "nothing half-written");

    let unknown = r.run(&["person", "show", "0193c1a2-7b4e-7d21-9a0c-5f1e2d3c4b5a"]);
    assert_eq!(unknown.code, 3);
    assert!(unknown.stderr.contains("no person matches"), "{}", unknown.stderr);

    let no_name = r.run(&["person", "add"]);
    assert_eq!(no_name.code, 2, "a missing argument is a usage error");
    assert!(no_name.stderr.contains("<NAME>"), "{}", no_name.stderr);

    let blank = r.run(&["person", "add", "   "]);
    assert_eq!(blank.code, 4);
    assert!(blank.stderr.contains("name is required"), "{}", blank.stderr);

    let bad_stage = r.run(&["person", "list", "--stage", "friends"]);
    assert_eq!(bad_stage.code, 2);
    assert!(bad_stage.stderr.contains("identified"), "the allowed stages are listed: {}", bad_stage.stderr);

    r.ok(&["person", "add", "Ana Silva", "--email", "ana@example.com"]);
    let dup = r.run(&["person", "add", "Ana S.", "--email", "ANA@example.com"]);
    assert_eq!(dup.code, 4);
    assert!(dup.stderr.contains("--allow-duplicate"), "{}", dup.stderr);
    r.ok(&["person", "add", "Ana Santos"]);
    let ambiguous = r.run(&["person", "show", "ana"]);
    assert_eq!(ambiguous.code, 3);
    assert!(
        ambiguous.stderr.contains("matches 2 persons") || ambiguous.stderr.contains("matches 2"),
        "{}",
        ambiguous.stderr
    );

    let bad_time = r.run(&["log", "Ana Silva", "reply", "--at", "whenever"]);
    assert_eq!(bad_time.code, 1);
    assert!(bad_time.stderr.contains("2025-01-07 14:30"), "{}", bad_time.stderr);
    let future = r.run(&["log", "Ana Silva", "reply", "--at", "2999-01-01"]);
    assert_eq!(future.code, 4);
    assert!(future.stderr.contains("in the future"), "{}", future.stderr);

    let empty = r.run(&["trash", "empty"]);
    assert_ne!(empty.code, 0, "emptying the trash needs --yes");
    assert!(empty.stderr.contains("--yes"), "{}", empty.stderr);
}

#[test]
fn a_foreign_or_damaged_file_is_refused_untouched() {
    let r = Rapport::new();
    std::fs::write(r.db(), "name,email\nAna,ana@example.com\n".repeat(100)).expect("write");
    let run = r.run(&["person", "list"]);
    assert_eq!(run.code, 5, "{}", run.stderr);
    assert!(run.stderr.contains("is not a rapport database"), "{}", run.stderr);
    let other = tempfile::tempdir().expect("dir");
    let path = other.path().join("other.db");
    let conn = rusqlite_like::create_foreign_db(&path);
    drop(conn);
    let run = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["--db", path.to_str().expect("utf-8 path"), "person", "list"])
        .env("NO_COLOR", "1")
        .env("RAPPORT_CONFIG", other.path().join("none.toml"))
        .output()
        .expect("run");
    assert_eq!(run.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&run.stderr).contains("another program"));
}

#[test]
fn a_read_only_location_is_refused_with_a_clear_error() {
    let r = Rapport::new();
    // A path under a regular file cannot be created, whoever runs the test (root ignores
    // folder permissions).
    let file = r.dir.path().join("plain-file");
    std::fs::write(&file, "x").expect("write");
    let db = file.join("store.sqlite3");
    let run = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["--db", db.to_str().expect("utf-8"), "init"])
        .env("NO_COLOR", "1")
        .env("RAPPORT_CONFIG", r.dir.path().join("none.toml"))
        .output()
        .expect("run");
    assert_eq!(run.status.code(), Some(5));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("cannot write to"), "{stderr}");
}

#[test]
fn a_bad_config_file_names_itself() {
    let r = Rapport::new();
    std::fs::write(r.dir.path().join("config.toml"), "db = 42\n").expect("write");
    let run = r.run(&["config"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("config.toml is not valid"), "{}", run.stderr);
    std::fs::write(r.dir.path().join("config.toml"), "[serve]\naddr = \"127.0.0.1:9000\"\n").expect("write");
    let config = r.json(&["config", "--json"]);
    assert_eq!(config["serve.addr"]["value"], "127.0.0.1:9000");
    assert_eq!(config["serve.addr"]["origin"], "config_file");
    assert_eq!(config["db"]["origin"], "environment");
}

#[test]
fn completions_and_man_pages_are_generated() {
    let r = Rapport::new();
    let bash = r.ok(&["completions", "bash"]);
    assert!(bash.contains("_rapport") && bash.contains("person"), "a bash completion script");
    let man = r.ok(&["man"]);
    assert!(man.starts_with(".ie") || man.contains(".TH rapport"), "roff: {}", &man[..man.len().min(200)]);
    let dir = r.dir.path().join("man");
    r.ok(&["man", "--out", dir.to_str().expect("utf-8")]);
    assert!(dir.join("rapport.1").exists() && dir.join("rapport-person.1").exists());
}

#[test]
fn demo_data_is_deterministic_for_a_seed() {
    let a = Rapport::new();
    let b = Rapport::new();
    a.ok(&["demo", "--people", "200", "--seed", "42"]);
    b.ok(&["demo", "--people", "200", "--seed", "42"]);
    let list_a = a.json(&["person", "list", "--json", "--limit", "500"]);
    let list_b = b.json(&["person", "list", "--json", "--limit", "500"]);
    assert_eq!(list_a["total"], 200);
    assert_eq!(list_a, list_b, "same seed, same day: the same network");
    let again = a.run(&["demo", "--people", "10"]);
    assert_eq!(again.code, 1, "demo refuses to mix into a store with people");
    assert!(again.stderr.contains("--force"), "{}", again.stderr);
}

/// Another program's SQLite database (an invoices table), made with rusqlite.
mod rusqlite_like {
    use std::path::Path;

    pub(super) fn create_foreign_db(path: &Path) -> rusqlite::Connection {
        let conn = rusqlite::Connection::open(path).expect("open");
        conn.execute_batch("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL);").expect("create");
        conn
    }
}

/// `rapport … --json | head`: a reader that stops early is not an error. The output here is
/// far larger than a pipe's buffer, so the write meets the closed pipe.
#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    let r = Rapport::new();
    r.ok(&["demo", "--people", "400"]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["person", "list", "--limit", "400", "--json"])
        .env("RAPPORT_DB", r.db())
        .env("RAPPORT_CONFIG", r.dir.path().join("config.toml"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run rapport");
    let mut first = [0u8; 16];
    child.stdout.take().expect("stdout").read_exact(&mut first).expect("the start of the output");
    // The read end is dropped here, as `head` closes it.
    let out = child.wait_with_output().expect("wait");
    assert_eq!(&first[..1], b"{");
    assert!(out.status.success(), "exit {:?}: {}", out.status, String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "nothing on stderr: {}", String::from_utf8_lossy(&out.stderr));
}

/// A thanked person without a tier keeps in touch on tier A (the reminders say so), and
/// `person show` says the same rather than showing no tier.
#[test]
fn person_show_names_the_tier_the_cadence_runs_on() {
    let r = Rapport::new();
    r.ok(&["init", "--name", "Andrea Quinn", "--time-zone", "America/Chicago"]);
    r.ok(&["person", "add", "Ana Silva"]);
    let before = r.ok(&["person", "show", "Ana Silva"]);
    assert!(!before.contains("after the thank-you"), "{before}");
    // A stage set by hand passes the pipeline's guards: no thank-you, not thanked.
    let refused = r.run(&["person", "edit", "Ana Silva", "--stage", "thanked"]);
    assert_eq!(refused.code, 4, "{}", refused.stderr);
    assert!(refused.stderr.contains("thank-you"), "{}", refused.stderr);
    assert!(r.ok(&["person", "show", "Ana Silva"]).contains("stage identified"), "nothing saved");
    r.ok(&["log", "Ana Silva", "meeting", "--at", "2 days ago"]);
    r.ok(&["log", "Ana Silva", "thank_you", "--at", "1 day ago"]);
    r.ok(&["person", "edit", "Ana Silva", "--no-tier"]);
    let thanked = r.ok(&["person", "show", "Ana Silva"]);
    assert!(thanked.contains("A (after the thank-you; set one with --tier)"), "{thanked}");
    r.ok(&["person", "edit", "Ana Silva", "--tier", "b"]);
    let set = r.ok(&["person", "show", "Ana Silva"]);
    assert!(set.contains(" B") && !set.contains("after the thank-you"), "{set}");
}
