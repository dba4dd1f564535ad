//! Import, duplicates, merge, export and restore, driven through the real `rapport` binary:
//! every file of the shared test data imports (and a second import changes nothing),
//! malformed files are refused or reported line by line with nothing half-written, a dry run
//! writes nothing, hand edits survive a re-import, a merge and its undo keep everything, and
//! export → restore → export gives the same backup. Python's `vobject` and `icalendar` read
//! the exports of a demo store.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

/// A temp folder with its own store and config, and a way to run `rapport` against them.
struct Rapport {
    dir: tempfile::TempDir,
    db: PathBuf,
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Rapport {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("store.sqlite3");
        Self { dir, db }
    }

    /// A second store in the same folder.
    fn other(&self, name: &str) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join(name);
        Self { dir, db }
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_rapport"));
        command
            .args(args)
            .env("RAPPORT_DB", &self.db)
            .env("RAPPORT_CONFIG", self.dir.path().join("config.toml"))
            .env("NO_COLOR", "1")
            .env_remove("XDG_DATA_HOME");
        command
    }

    fn run_in(&self, cwd: &Path, args: &[&str]) -> Run {
        let out = self.command(args).current_dir(cwd).output().expect("run rapport");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    fn run(&self, args: &[&str]) -> Run {
        self.run_in(self.dir.path(), args)
    }

    fn ok(&self, args: &[&str]) -> String {
        let run = self.run(args);
        assert_eq!(run.code, 0, "rapport {args:?} failed:\n{}{}", run.stdout, run.stderr);
        run.stdout
    }

    fn json(&self, args: &[&str]) -> Value {
        let out = self.ok(args);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("rapport {args:?} printed invalid JSON ({e}):\n{out}"))
    }

    fn init(&self) {
        self.ok(&["init", "--name", "Andrea Quinn", "--time-zone", "America/Chicago"]);
    }

    fn file(&self, name: &str, contents: &[u8]) -> String {
        let path = self.dir.path().join(name);
        std::fs::write(&path, contents).expect("write");
        path.to_str().expect("utf-8 path").to_string()
    }

    fn people(&self) -> Vec<Value> {
        let list = self.json(&["person", "list", "--json", "--limit", "10000"]);
        list["people"].as_array().cloned().unwrap_or_default()
    }

    fn person(&self, name: &str) -> Value {
        let people = self.people();
        let found = people
            .iter()
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("no `{name}` among {:?}", people.iter().map(|p| &p["name"]).collect::<Vec<_>>()));
        let id = found["id"].as_str().expect("id").to_string();
        self.json(&["person", "show", &id, "--json"])
    }

    /// The JSON backup without its `exported_at` line.
    fn backup(&self) -> String {
        let text = self.ok(&["export", "json"]);
        text.lines().filter(|l| !l.trim_start().starts_with("\"exported_at\"")).collect::<Vec<_>>().join("\n")
    }
}

/// The shared test data: `../shared/testdata` beside the workspace, or `RAPPORT_TESTDATA`.
fn testdata() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("RAPPORT_TESTDATA") {
        return Some(PathBuf::from(dir));
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/testdata");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("note: skipped, {} does not exist (set RAPPORT_TESTDATA to the testdata folder)", dir.display());
        None
    }
}

fn counts(summary: &Value) -> (usize, usize, u64, usize) {
    let len = |key: &str| summary[key].as_array().map_or(0, Vec::len);
    (len("added"), len("updated"), summary["unchanged"].as_u64().unwrap_or(0), len("skipped"))
}

#[test]
fn every_testdata_file_imports_and_a_second_import_changes_nothing() {
    let Some(data) = testdata() else { return };
    let r = Rapport::new();
    r.init();
    let mut files: Vec<PathBuf> = Vec::new();
    for sub in ["linkedin", "csv", "vcard"] {
        for entry in std::fs::read_dir(data.join(sub)).expect("read dir") {
            let path = entry.expect("entry").path();
            if matches!(path.extension().and_then(|e| e.to_str()), Some("csv" | "vcf")) {
                files.push(path);
            }
        }
    }
    files.sort();
    assert_eq!(files.len(), 56, "every LinkedIn, CSV and vCard file of the test data");
    for path in &files {
        let file = path.to_str().expect("utf-8 path");
        let first = r.json(&["import", file, "--json"]);
        let (added, updated, unchanged, skipped) = counts(&first);
        assert!(added + updated + unchanged as usize + skipped > 0, "{file}: nothing read: {first}");
        let before = r.backup();
        let second = r.json(&["import", file, "--json"]);
        let (added, updated, _, skipped_again) = counts(&second);
        assert_eq!((added, updated), (0, 0), "{file}: a second import changed something: {second}");
        assert_eq!(skipped_again, skipped, "{file}: the same skips both times");
        assert_eq!(second["organizations_added"].as_array().map(Vec::len), Some(0), "{file}");
        assert_eq!(r.backup(), before, "{file}: a second import wrote something");
    }

    // The expected people and fields, at least one file per exporter.
    let bo = r.person("Bo Sample");
    assert!(bo["person"]["emails"].as_array().expect("emails").contains(&Value::from("bo.sample@example.com")));
    assert_eq!(bo["organization"]["name"], "Contoso, Ltd.", "LinkedIn's company");
    assert_eq!(bo["person"]["title"], "Director, Platform Engineering");
    assert_eq!(bo["interactions"][0]["channel"], "linkedin", "Connected On is the first known touch");
    assert_eq!(bo["interactions"][0]["kind"], "other");
    assert!(bo["person"]["last_touch_at"].is_null(), "a connection is not a two-way touch");
    let avery = r.person("Avery Example");
    let emails = avery["person"]["emails"].as_array().expect("emails");
    assert!(emails.contains(&Value::from("avery@example.com")), "Google's email joins LinkedIn's Avery: {avery}");
    assert_eq!(avery["organization"]["name"], "Northwind Traders");
    assert!(avery["person"]["tags"].as_array().expect("tags").contains(&Value::from("recruiters")));
    let chloe = r.person("Chloé Dupont-Exemple");
    let note = chloe["notes"][0]["body"].as_str().unwrap_or_default();
    assert!(note.contains("Birthday: --06-21"), "fields without a home go to a note: {chloe}");
    assert_eq!(r.person("太郎 山田")["organization"]["name"], "株式会社サンプル");
    let arnold = r.person("Arnold Smith");
    assert_eq!(arnold["person"]["emails"][0], "asmithk@gmail.com", "a Gmail vCard");
    assert_eq!(r.person("Eve Kim")["organization"]["name"], "Stripe Inc");
}

#[test]
fn the_summary_of_an_import_lists_what_changed_and_why() {
    let Some(data) = testdata() else { return };
    let r = Rapport::new();
    r.init();
    let run = r.run_in(&data.join("linkedin"), &["import", "Connections_synthetic_current.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!("linkedin_import_summary", run.stdout);
    let run = r.run_in(&data.join("linkedin"), &["import", "Connections_synthetic_current.csv"]);
    assert!(
        run.stdout.starts_with(
            "Imported Connections_synthetic_current.csv (linkedin): 0 added, 0 updated, 13 unchanged, 1 skipped"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn a_dry_run_shows_the_changes_and_writes_nothing() {
    let Some(data) = testdata() else { return };
    let r = Rapport::new();
    r.init();
    let file = data.join("csv/google_contacts_csv_current_sample.csv");
    let file = file.to_str().expect("utf-8");
    let before = r.backup();
    let dry = r.json(&["import", file, "--dry-run", "--json"]);
    assert_eq!(dry["dry_run"], true);
    let (added, _, _, _) = counts(&dry);
    assert_eq!(added, 3, "{dry}");
    assert_eq!(r.backup(), before, "a dry run writes nothing");
    let text = r.ok(&["import", file, "--dry-run"]);
    assert!(text.contains("Would import") && text.contains("nothing was written"), "{text}");
    let real = r.json(&["import", file, "--json"]);
    assert_eq!(real["added"].as_array().map(Vec::len), Some(3), "the real run does what the dry run said");
    let names = |v: &Value| -> Vec<String> {
        v["added"]
            .as_array()
            .expect("added")
            .iter()
            .map(|c| c["name"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(names(&dry), names(&real));
}

#[test]
fn malformed_files_are_refused_or_reported_by_line_and_nothing_is_half_written() {
    let r = Rapport::new();
    r.init();
    let garbage = r.file("garbage.bin", &[0, 159, 146, 150, 0, 0, 255, 1, 2, 3, 0, 0]);
    let run = r.run(&["import", &garbage]);
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(run.stderr.contains("garbage.bin") && run.stderr.contains("--format"), "{}", run.stderr);

    let no_header = r.file(
        "Connections.csv",
        b"Notes:\n\"hello\"\n\nAna,Silva,https://www.linkedin.com/in/ana,,Acme,Analyst,01 Jan 2024\n",
    );
    let run = r.run(&["import", &no_header]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("Connections.csv") && run.stderr.contains("header"), "{}", run.stderr);

    let calendar = r.file("meetings.ics", b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n");
    let run = r.run(&["import", &calendar]);
    assert_eq!(run.code, 4);
    assert!(run.stderr.contains("not a contacts file"), "{}", run.stderr);

    let bad_format = r.run(&["import", &calendar, "--format", "palm-pilot"]);
    assert_ne!(bad_format.code, 0);
    assert!(
        bad_format.stderr.contains("palm-pilot") && bad_format.stderr.contains("linkedin"),
        "{}",
        bad_format.stderr
    );
    assert_eq!(r.people().len(), 0, "nothing was written by a refused file");

    // A vCard cut off mid-card: the whole cards come in, the cut one is a skip with its line.
    let cut = r.file(
        "cut.vcf",
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Silva\r\nEMAIL:ana@example.com\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Cut\r\n",
    );
    let summary = r.json(&["import", &cut, "--json"]);
    assert_eq!(summary["added"][0]["name"], "Ana Silva");
    assert_eq!(summary["skipped"][0]["line"], 6);
    assert!(summary["skipped"][0]["reason"].as_str().unwrap_or_default().contains("never ends"), "{summary}");

    // A bad value drops that value only, with a warning naming the line.
    let bad_email = r.file("people.csv", b"name,email,company\nCy Tran,not-an-email,Globex\n,,\n");
    let summary = r.json(&["import", &bad_email, "--json"]);
    assert_eq!(summary["added"][0]["name"], "Cy Tran");
    assert_eq!(summary["warnings"][0]["line"], 2, "{summary}");
    assert!(summary["warnings"][0]["message"].as_str().unwrap_or_default().contains("not-an-email"));
    assert_eq!(summary["skipped"][0]["line"], 3);
}

#[test]
fn hand_edits_survive_a_reimport_and_values_the_import_wrote_follow_the_file() {
    let r = Rapport::new();
    r.init();
    let csv = |title_bo: &str, title_ana: &str| {
        format!(
            "Notes:\n\"x\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
             Bo,Sample,https://www.linkedin.com/in/bosample,,Contoso,{title_bo},03 Feb 2025\n\
             Ana,Silva,https://www.linkedin.com/in/anasilva,,Acme,{title_ana},04 Feb 2025\n"
        )
    };
    let file = r.file("Connections.csv", csv("Engineer", "Analyst").as_bytes());
    r.ok(&["import", &file]);
    r.ok(&["person", "edit", "Bo Sample", "--title", "Principal Engineer (typed by me)"]);
    std::fs::write(&file, csv("Staff Engineer", "Senior Analyst")).expect("rewrite");
    let summary = r.json(&["import", &file, "--json"]);
    assert_eq!(summary["updated"][0]["name"], "Ana Silva", "{summary}");
    assert_eq!(summary["updated"][0]["fields"], serde_json::json!(["title"]));
    assert_eq!(summary["kept"][0]["field"], "title");
    assert_eq!(summary["kept"][0]["yours"], "Principal Engineer (typed by me)");
    assert_eq!(summary["kept"][0]["file"], "Staff Engineer");
    assert_eq!(r.person("Bo Sample")["person"]["title"], "Principal Engineer (typed by me)");
    assert_eq!(r.person("Ana Silva")["person"]["title"], "Senior Analyst");
    let text = r.ok(&["import", &file]);
    assert!(text.contains("Kept your values") && text.contains("Principal Engineer (typed by me)"), "{text}");
    assert_eq!(r.person("Ana Silva")["interactions"].as_array().map(Vec::len), Some(1), "one connection touch");
}

#[test]
fn a_merge_keeps_everything_and_its_undo_restores_both_exactly() {
    let r = Rapport::new();
    r.init();
    r.ok(&["person", "add", "Ana Silva", "--email", "ana@example.com", "--org", "Acme", "--title", "Analyst"]);
    r.ok(&["person", "add", "Ana S.", "--email", "ANA@example.com", "--phone", "+1 555 010 2030", "--allow-duplicate"]);
    r.ok(&["person", "add", "Lee Park", "--source", "Ana S."]);
    r.ok(&["log", "Ana S.", "reply", "-m", "Happy to talk"]);
    r.ok(&["note", "Ana S.", "Knows", "the", "hiring", "manager"]);
    r.ok(&["log", "Ana Silva", "outreach", "-m", "First email"]);
    let dupes = r.json(&["dupes", "--json"]);
    assert_eq!(dupes.as_array().map(Vec::len), Some(1), "{dupes}");
    assert_eq!(dupes[0]["evidence"][0]["kind"], "email");
    let keep = dupes[0]["a"]["id"].as_str().expect("id").to_string();
    let merge = dupes[0]["b"]["id"].as_str().expect("id").to_string();
    let before = r.backup();

    let out = r.ok(&["merge", &keep, &merge]);
    assert!(out.contains("Merged Ana S. into Ana Silva") && out.contains("3 records moved"), "{out}");
    let ana = r.person("Ana Silva");
    assert_eq!(ana["interactions"].as_array().map(Vec::len), Some(2), "both timelines: {ana}");
    assert_eq!(ana["notes"].as_array().map(Vec::len), Some(1));
    assert_eq!(ana["person"]["phones"][0], "+1 555 010 2030", "the phone joins");
    assert!(ana["person"]["last_touch_at"].is_string(), "the reply's touch comes along");
    assert_eq!(r.people().len(), 2, "the other went to the trash");
    assert!(r.ok(&["trash", "list"]).contains("Ana S."));
    assert!(r.json(&["dupes", "--json"]).as_array().is_some_and(Vec::is_empty));
    let hits = r.json(&["search", "hiring", "--json"]);
    assert_eq!(hits[0]["title"], "Note on Ana Silva");

    let out = r.ok(&["merge", "--undo"]);
    assert!(out.contains("Undid the merge of Ana S. into Ana Silva"), "{out}");
    assert_eq!(r.backup(), before, "the undo puts every record back as it was");
    let again = r.run(&["merge", "--undo"]);
    assert_eq!(again.code, 3, "nothing left to undo: {}", again.stderr);
    let same = r.run(&["merge", &keep, &keep]);
    assert_eq!(same.code, 4, "{}", same.stderr);
}

#[test]
fn export_restore_export_gives_the_same_backup_on_a_demo_store() {
    let r = Rapport::new();
    r.ok(&["demo", "--people", "150", "--seed", "5"]);
    let id = r.people()[3]["id"].as_str().expect("id").to_string();
    r.ok(&["person", "rm", &id]);
    let backup = r.file("backup.json", r.ok(&["export", "json"]).as_bytes());
    let first = r.backup();
    let other = r.other("restored.sqlite3");
    let out = other.ok(&["restore", &backup]);
    assert!(out.contains("Restored 150 people"), "{out}");
    assert_eq!(other.backup(), first, "export → restore → export is the identity");
    assert_eq!(other.json(&["status", "--json"])["trashed"], 1, "the trash comes back too");

    let refused = other.run(&["restore", &backup]);
    assert_eq!(refused.code, 4, "{}", refused.stderr);
    assert!(refused.stderr.contains("already holds 150 people") && refused.stderr.contains("--replace"));
    let out = other.ok(&["restore", &backup, "--replace"]);
    assert!(out.contains("Deleted 150 people"), "--replace says what it deletes: {out}");
    assert_eq!(other.backup(), first);

    let bad = r.file("bad.json", b"{\"format\": \"rapport-backup\", \"version\": 9}");
    let run = other.run(&["restore", &bad]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("bad.json") && run.stderr.contains("update rapport"), "{}", run.stderr);
}

#[test]
fn exports_go_to_a_file_or_stdout_and_one_person_can_be_exported() {
    let r = Rapport::new();
    r.init();
    r.ok(&["person", "add", "Ana Silva", "--email", "ana@example.com", "--org", "Acme, Inc.", "--title", "Analyst"]);
    r.ok(&["person", "add", "Bo Sample", "--email", "bo@example.com"]);
    let one = r.ok(&["export", "vcard", "ana@example.com"]);
    assert_eq!(one.matches("BEGIN:VCARD").count(), 1);
    assert!(one.contains("FN:Ana Silva\r\n") && one.contains("ORG:Acme\\, Inc.\r\n"), "{one}");
    let out = r.dir.path().join("all.vcf");
    let run = r.run(&["export", "vcard", "--out", out.to_str().expect("utf-8")]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.is_empty() && run.stderr.contains("Wrote 2 people"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&out).expect("read").matches("BEGIN:VCARD").count(), 2);
    let csv = r.ok(&["export", "csv"]);
    assert!(csv.starts_with("id,full_name,") && csv.lines().count() == 3, "{csv}");
    // The CSV export reads back through rapport's own import as the same people.
    let file = r.file("people.csv", csv.as_bytes());
    let summary = r.json(&["import", &file, "--json"]);
    assert_eq!(counts(&summary), (0, 0, 2, 0), "{summary}");

    // A backup streamed to a file is the one on stdout (the export's time aside); it replaces
    // an earlier file whole, with no temporary file left beside it, and gets the permissions
    // any new file gets.
    let without_time = |text: &str| -> Value {
        let mut v: Value = serde_json::from_str(text).expect("backup json");
        v["exported_at"] = Value::Null;
        v
    };
    let backup = r.dir.path().join("exports").join("backup.json");
    std::fs::create_dir(backup.parent().expect("folder")).expect("folder");
    std::fs::write(&backup, "an older export, longer than nothing").expect("older");
    let probe = r.dir.path().join("exports").join("probe");
    std::fs::write(&probe, "").expect("probe");
    let run = r.run(&["export", "json", "--out", backup.to_str().expect("utf-8")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written = std::fs::read_to_string(&backup).expect("read");
    assert!(written.ends_with("}\n"), "one whole document: {}", &written[written.len().saturating_sub(40)..]);
    assert_eq!(without_time(&written), without_time(&r.ok(&["export", "json"])));
    let mut left: Vec<String> = std::fs::read_dir(backup.parent().expect("folder"))
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["backup.json", "probe"], "no temporary file is left behind");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777;
        assert_eq!(mode(&backup), mode(&probe), "the export's permissions are a new file's");
    }
    // Into a folder that is not there: the path named, nothing written.
    let nowhere = r.dir.path().join("missing").join("backup.json");
    let run = r.run(&["export", "json", "--out", nowhere.to_str().expect("utf-8")]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("cannot write") && run.stderr.contains("missing"), "{}", run.stderr);
    assert!(!nowhere.parent().expect("folder").exists());
}

const CHECK: &str = r#"
import json, sys, vobject, icalendar
kind, path = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
if kind == "vcard":
    cards = list(vobject.readComponents(text, validate=True))
    print(json.dumps({"count": len(cards), "names": [c.fn.value for c in cards],
                      "emails": sum(len(c.contents.get("email", [])) for c in cards)}))
else:
    cal = icalendar.Calendar.from_ical(text)
    events = [c for c in cal.walk("VEVENT")]
    todos = [c for c in cal.walk("VTODO")]
    print(json.dumps({"events": len(events), "uids": [str(e["UID"]) for e in events + todos],
                      "alarms": sum(1 for e in events for _ in e.walk("VALARM")),
                      "todos": len(todos),
                      "todo_alarms": sum(1 for t in todos for _ in t.walk("VALARM")),
                      "todos_due": sum(1 for t in todos if t.get("DUE") is not None)}))
"#;

fn python(kind: &str, path: &Path) -> Value {
    let out = Command::new("python3")
        .args(["-c", CHECK, kind, path.to_str().expect("utf-8")])
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("python3 is needed for the interop checks (pip install vobject icalendar): {e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "Python rejected rapport's {kind} export (pip install vobject icalendar):\n{stderr}");
    serde_json::from_slice(&out.stdout).expect("json")
}

#[test]
fn python_parsers_read_the_vcard_and_ics_exports_of_a_demo_store() {
    let r = Rapport::new();
    r.ok(&["demo", "--people", "60", "--seed", "3"]);
    let vcf = r.dir.path().join("all.vcf");
    r.ok(&["export", "vcard", "--out", vcf.to_str().expect("utf-8")]);
    let cards = python("vcard", &vcf);
    assert_eq!(cards["count"], 60);
    let names: Vec<String> = r.people().iter().map(|p| p["name"].as_str().unwrap_or_default().to_string()).collect();
    assert!(
        cards["names"]
            .as_array()
            .expect("names")
            .iter()
            .all(|n| names.contains(&n.as_str().unwrap_or_default().to_string()))
    );
    let ics = r.dir.path().join("meetings.ics");
    r.ok(&["export", "ics", "--out", ics.to_str().expect("utf-8")]);
    let calendar = python("ics", &ics);
    let events = calendar["events"].as_u64().unwrap_or(0);
    assert!(events > 0, "the demo has meetings: {calendar}");
    let todos = calendar["todos"].as_u64().unwrap_or(0);
    assert!(todos > 0, "the demo's reminders are to-dos: {calendar}");
    assert_eq!(calendar["todo_alarms"], calendar["todos"], "every reminder rings: {calendar}");
    assert_eq!(calendar["todos_due"], calendar["todos"], "every reminder has a due time: {calendar}");
    let again = r.dir.path().join("again.ics");
    r.ok(&["export", "ics", "--out", again.to_str().expect("utf-8")]);
    assert_eq!(python("ics", &again)["uids"], calendar["uids"], "UIDs are stable from export to export");
}

#[test]
fn photos_are_kept_on_request_and_exported_as_data_uris() {
    let Some(data) = testdata() else { return };
    let file = data.join("vcard/ezvcard_John_Doe_IPHONE.vcf");
    let file = file.to_str().expect("utf-8");
    let r = Rapport::new();
    r.init();
    let first = r.json(&["import", file, "--photos", "keep", "--json"]);
    let fields = first["added"][0]["fields"].as_array().expect("fields");
    assert!(fields.contains(&Value::from("photo")), "{first}");
    let again = r.json(&["import", file, "--photos", "keep", "--json"]);
    assert_eq!(counts(&again), (0, 0, 1, 0), "{again}");
    let card = r.ok(&["export", "vcard"]);
    assert!(card.contains("PHOTO:data:image/jpeg;base64,/9j/"), "{card}");

    let skipped = Rapport::new();
    skipped.init();
    skipped.ok(&["import", file]);
    assert!(!skipped.ok(&["export", "vcard"]).contains("PHOTO"), "photos are skipped unless asked for");
}

#[test]
fn a_row_for_someone_in_the_trash_is_left_out_and_said_so() {
    let r = Rapport::new();
    r.init();
    let file = r.file(
        "Connections.csv",
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
          Bo,Sample,https://www.linkedin.com/in/bosample,,Contoso,Engineer,03 Feb 2025\n",
    );
    r.ok(&["import", &file]);
    r.ok(&["person", "rm", "Bo Sample"]);
    let summary = r.json(&["import", &file, "--json"]);
    assert_eq!(counts(&summary), (0, 0, 0, 0), "{summary}");
    let message = summary["warnings"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("in the trash") && message.contains("rapport person restore"), "{summary}");
    assert_eq!(r.people().len(), 0, "the trashed person is not added again");
}
