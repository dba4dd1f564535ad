//! Runs the outreach and follow-up linters over every labelled example under
//! `tests/fixtures/outreach/` and checks each against the results its file expects.
//!
//! A fixture is a TOML file: the draft (`text`, optional `subject`, `channel`,
//! `attachments`, `kind` = outreach or follow_up, `edition`), the `[recipient]` it goes to,
//! and `[expect]`: whether it is ready, exactly which checks fail and which warn (every other
//! check must pass), and optionally words each check must quote. Fixtures marked
//! `snapshot = true` also have their rendered report kept as an insta snapshot.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rapport_domain::outreach::{
    CheckId, OutreachChannel, OutreachMessage, OutreachRules, Recipient, Report, Severity, lint_follow_up,
    lint_outreach,
};
use rapport_domain::profile::Edition;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
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
    #[serde(default)]
    snapshot: bool,
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
#[serde(deny_unknown_fields)]
struct RecipientSpec {
    given: String,
    family: String,
    title: Option<String>,
    organization: Option<String>,
    industry: Option<String>,
    #[serde(default)]
    skills: Vec<String>,
    /// Verified affinities, `kind:value`.
    #[serde(default)]
    affinities: Vec<String>,
    /// Affinities on the record that are not verified.
    #[serde(default)]
    unverified: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
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
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/outreach");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    paths
}

fn lint(fixture: &Fixture) -> Report {
    let r = &fixture.recipient;
    let verified: Vec<&str> = r.affinities.iter().map(String::as_str).collect();
    let unverified: Vec<&str> = r.unverified.iter().map(String::as_str).collect();
    let skills: Vec<&str> = r.skills.iter().map(String::as_str).collect();
    let person = common::person(&r.given, &r.family, r.title.as_deref(), &verified, &unverified, &skills);
    let org = r.organization.as_deref().map(|name| common::organization(name, r.industry.as_deref()));
    let recipient = Recipient::new(&person, org.as_ref());
    let message = OutreachMessage {
        subject: fixture.subject.clone(),
        text: fixture.text.clone(),
        attachments: fixture.attachments,
        channel: fixture.channel.parse::<OutreachChannel>().unwrap(),
    };
    match fixture.kind.as_str() {
        "outreach" => {
            let edition: Edition = fixture.edition.parse().unwrap();
            lint_outreach(&message, &recipient, &OutreachRules::for_edition(edition))
        }
        "follow_up" => lint_follow_up(&message, &recipient),
        other => panic!("unknown fixture kind `{other}`; use outreach or follow_up"),
    }
}

fn codes(report: &Report, severity: Severity) -> Vec<String> {
    report.at_severity(severity).iter().map(|c| c.code().to_string()).collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort_by_key(|c| c.parse::<CheckId>().unwrap());
    v
}

#[test]
fn every_fixture_gets_exactly_the_findings_it_expects() {
    let paths = fixtures();
    assert!(paths.len() >= 22, "expected at least 22 fixtures, found {}", paths.len());
    let mut problems = Vec::new();
    let mut snapshots = Vec::new();
    for path in &paths {
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let raw = std::fs::read_to_string(path).unwrap();
        let fixture: Fixture = toml::from_str(&raw).unwrap_or_else(|e| panic!("{name}: {e}"));
        let report = lint(&fixture);
        let mut wrong = Vec::new();
        if report.ready() != fixture.expect.ready {
            wrong.push(format!("ready: expected {}, got {}", fixture.expect.ready, report.ready()));
        }
        let (fail, warn) = (sorted(codes(&report, Severity::Fail)), sorted(codes(&report, Severity::Warn)));
        if fail != sorted(fixture.expect.fail.clone()) {
            wrong.push(format!("fail: expected {:?}, got {fail:?}", fixture.expect.fail));
        }
        if warn != sorted(fixture.expect.warn.clone()) {
            wrong.push(format!("warn: expected {:?}, got {warn:?}", fixture.expect.warn));
        }
        for (check, words) in &fixture.expect.quotes {
            let check: CheckId = check.parse().unwrap();
            let quoted: Vec<String> =
                report.findings_for(check).flat_map(|f| f.excerpts.iter().map(|e| e.quote.clone())).collect();
            for w in words {
                if !quoted.contains(w) {
                    wrong.push(format!("{check}: expected the words {w:?} to be quoted, got {quoted:?}"));
                }
            }
        }
        // Every finding says what is wrong and how to fix it.
        for f in &report.findings {
            if f.problem.is_empty() || f.fix.is_empty() || f.severity == Severity::Pass {
                wrong.push(format!("{}: a finding without a problem, a fix or a severity", f.check));
            }
        }
        if !wrong.is_empty() {
            problems.push(format!("{name} ({}):\n  {}\n{}", fixture.description, wrong.join("\n  "), report.render()));
        }
        if fixture.snapshot {
            snapshots.push((name, report.render()));
        }
    }
    assert!(problems.is_empty(), "{} fixture(s) disagree:\n\n{}", problems.len(), problems.join("\n"));
    assert!(snapshots.len() >= 4, "expected a few fixtures marked snapshot = true");
    for (name, rendered) in snapshots {
        insta::assert_snapshot!(format!("fixture_{name}"), rendered);
    }
}
