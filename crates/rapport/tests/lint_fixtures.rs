//! Every labelled example email of the domain's linter fixtures (`crates/domain/tests/fixtures/
//! outreach/`, good and bad, AT-3 and AT-4 among them) run through `rapport lint` on a real
//! store: the reader's record is stored first, the text is linted with `--person`, and the
//! checks that fail and warn, the quoted words and the exit status (0 ready, 4 not) must be the
//! ones the fixture expects.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use rapport_core::Ctx;
use rapport_domain::ids::AccountId;
use rapport_domain::organizations::NewOrganization;
use rapport_domain::people::{Affinity, NewPerson, PersonName};
use rapport_store_sqlite::{OpenMode, SqliteStore};
use serde::Deserialize;

#[derive(Deserialize)]
struct Fixture {
    description: String,
    #[serde(default = "outreach")]
    kind: String,
    #[serde(default = "email")]
    channel: String,
    #[serde(default = "second")]
    edition: String,
    #[serde(default)]
    attachments: bool,
    subject: Option<String>,
    text: String,
    recipient: RecipientSpec,
    expect: Expect,
}

fn outreach() -> String {
    "outreach".into()
}
fn email() -> String {
    "email".into()
}
fn second() -> String {
    "second".into()
}

#[derive(Deserialize)]
struct RecipientSpec {
    given: String,
    family: String,
    title: Option<String>,
    organization: Option<String>,
    industry: Option<String>,
    #[serde(default)]
    skills: Vec<String>,
    #[serde(default)]
    affinities: Vec<String>,
    #[serde(default)]
    unverified: Vec<String>,
}

#[derive(Deserialize)]
struct Expect {
    ready: bool,
    #[serde(default)]
    fail: Vec<String>,
    #[serde(default)]
    warn: Vec<String>,
    #[serde(default)]
    quotes: BTreeMap<String, Vec<String>>,
}

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../domain/tests/fixtures/outreach");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the domain's fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    paths
}

/// Stores the fixture's reader (and their employer) and returns the person's id.
fn store_reader(ctx: &Ctx<'_, SqliteStore>, r: &RecipientSpec) -> String {
    let organization_id = r.organization.as_deref().map(|name| {
        let mut new = NewOrganization::new(name).expect("org name");
        new.industry = r.industry.clone();
        rapport_core::organizations::add(ctx, new, true).expect("add org").id
    });
    let mut new = NewPerson::new(PersonName::from_parts(Some(&r.given), Some(&r.family)).expect("name"));
    new.title = r.title.clone();
    new.organization_id = organization_id;
    new.skills = r.skills.clone();
    let mut affinities: Vec<Affinity> = r.affinities.iter().map(|a| Affinity::parse(a).expect("affinity")).collect();
    affinities.extend(r.unverified.iter().map(|a| Affinity { verified: false, ..Affinity::parse(a).expect("aff") }));
    new.targeting.affinities = affinities;
    rapport_core::people::add(ctx, new, true).expect("add person").id.to_string()
}

fn codes(report: &serde_json::Value, result: &str) -> Vec<String> {
    let mut out: Vec<String> = report["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .filter(|c| c["result"] == result)
        .map(|c| c["check"].as_str().expect("code").to_string())
        .collect();
    out.sort();
    out
}

#[test]
fn every_labelled_example_lints_through_the_cli_as_its_label_says() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("store.sqlite3");
    let store = SqliteStore::open(&db, OpenMode::Create).expect("open");
    let ctx = Ctx::now(&store, AccountId::LOCAL);
    let paths = fixtures();
    assert!(paths.len() >= 24, "AT-3, AT-4 and at least 20 labelled examples of our own: {}", paths.len());
    let (mut ready, mut not_ready, mut problems) = (0, 0, Vec::new());
    for path in &paths {
        let name = path.file_stem().expect("stem").to_string_lossy().to_string();
        let fixture: Fixture =
            toml::from_str(&std::fs::read_to_string(path).expect("read")).unwrap_or_else(|e| panic!("{name}: {e}"));
        let person = store_reader(&ctx, &fixture.recipient);
        let text_path = dir.path().join(format!("{name}.txt"));
        std::fs::write(&text_path, &fixture.text).expect("write");
        let channel = fixture.channel.replace('_', "-");
        let mut args = vec![
            "lint".to_string(),
            text_path.to_string_lossy().into_owned(),
            "--person".into(),
            person,
            "--channel".into(),
            channel,
            "--edition".into(),
            fixture.edition.clone(),
            "--json".into(),
        ];
        if let Some(subject) = &fixture.subject {
            args.extend(["--subject".to_string(), subject.clone()]);
        }
        if fixture.attachments {
            args.push("--attachments".into());
        }
        if fixture.kind == "follow_up" {
            args.push("--follow-up".into());
        }
        let out = Command::new(env!("CARGO_BIN_EXE_rapport"))
            .args(&args)
            .env("RAPPORT_DB", &db)
            .env("RAPPORT_CONFIG", dir.path().join("config.toml"))
            .env("NO_COLOR", "1")
            .output()
            .expect("run rapport");
        let code = out.status.code().unwrap_or(-1);
        let report: serde_json::Value = match serde_json::from_slice(&out.stdout) {
            Ok(v) => v,
            Err(e) => {
                problems.push(format!("{name}: no JSON report ({e}): {}", String::from_utf8_lossy(&out.stderr)));
                continue;
            }
        };
        let mut wrong = Vec::new();
        let expected_code = if fixture.expect.ready { 0 } else { 4 };
        if code != expected_code {
            wrong.push(format!("exit {code}, expected {expected_code}"));
        }
        if report["ready"] != fixture.expect.ready {
            wrong.push(format!("ready {}, expected {}", report["ready"], fixture.expect.ready));
        }
        let mut fail = fixture.expect.fail.clone();
        fail.sort();
        let mut warn = fixture.expect.warn.clone();
        warn.sort();
        if codes(&report, "fail") != fail {
            wrong.push(format!("fail {:?}, expected {fail:?}", codes(&report, "fail")));
        }
        if codes(&report, "warn") != warn {
            wrong.push(format!("warn {:?}, expected {warn:?}", codes(&report, "warn")));
        }
        for (check, words) in &fixture.expect.quotes {
            let quoted: Vec<String> = report["findings"]
                .as_array()
                .expect("findings")
                .iter()
                .filter(|f| f["check"] == check.as_str())
                .flat_map(|f| {
                    f["quotes"].as_array().expect("quotes").iter().map(|q| q.as_str().unwrap_or("").to_string())
                })
                .collect();
            for w in words.iter().filter(|w| !quoted.contains(w)) {
                wrong.push(format!("{check} does not quote {w:?}: {quoted:?}"));
            }
        }
        if !wrong.is_empty() {
            problems.push(format!("{name} ({}): {}", fixture.description, wrong.join("; ")));
        }
        if fixture.expect.ready {
            ready += 1;
        } else {
            not_ready += 1;
        }
    }
    assert!(problems.is_empty(), "{} example(s) disagree:\n{}", problems.len(), problems.join("\n"));
    assert!(ready >= 5 && not_ready >= 15, "good and bad examples both: {ready} ready, {not_ready} not");
}
