//! Interop proven by parsers rapport did not write: the vCard export is read by Python's
//! `vobject` (with validation) and the iCalendar export by Python's `icalendar`, and the fields
//! must survive. These tests fail, saying what to install, when Python or the modules are
//! missing: CI installs them with `pip install vobject icalendar`.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::{at, fixture};
use rapport_interchange::ics::{IcsOptions, IcsTodo, meeting_uid, write_calendar};
use rapport_interchange::vcard;
use serde_json::Value;

const INSTALL: &str = "the interop tests need Python 3 with vobject and icalendar: run `pip install vobject icalendar`";

/// Runs a Python script with `input` on stdin and parses the JSON it prints.
fn python(script: &str, input: &str) -> Value {
    let mut child = Command::new("python3")
        .arg("-c")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{INSTALL} (python3 did not start: {e})"));
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("ModuleNotFoundError") {
        panic!("{INSTALL}\n{stderr}");
    }
    assert!(output.status.success(), "the Python parser rejected rapport's output:\n{stderr}\n--- input ---\n{input}");
    serde_json::from_slice(&output.stdout).unwrap()
}

const VOBJECT: &str = r#"
import json, sys, vobject
data = sys.stdin.read()
first = data[: data.index("END:VCARD") + len("END:VCARD")] + "\r\n"
vobject.readOne(first, validate=True)
out = []
for card in vobject.readComponents(data, validate=True):
    def values(name):
        return [c.value for c in card.contents.get(name, [])]
    org = values("org")
    out.append({
        "fn": card.fn.value,
        "family": card.n.value.family,
        "given": card.n.value.given,
        "emails": values("email"),
        "tels": values("tel"),
        "urls": values("url"),
        "org": org[0] if org else None,
        "title": (values("title") or [None])[0],
        "categories": (values("categories") or [[]])[0],
        "uid": card.uid.value,
    })
print(json.dumps(out))
"#;

#[test]
fn vobject_reads_the_vcard_export() {
    let fx = fixture();
    let text = vcard::write_people(&fx.people, |org| fx.org_name(org));
    let cards = python(VOBJECT, &text);
    let cards = cards.as_array().unwrap();
    assert_eq!(cards.len(), 2);
    let ana = &cards[0];
    assert_eq!(ana["fn"], "Ana Silva-Example");
    assert_eq!((ana["given"].as_str(), ana["family"].as_str()), (Some("Ana"), Some("Silva-Example")));
    assert_eq!(ana["emails"], serde_json::json!(["ana.silva@example.com", "ana@example.org"]));
    assert_eq!(ana["tels"], serde_json::json!(["+1 (555) 010-2030"]));
    assert_eq!(ana["urls"][0], "https://www.linkedin.com/in/ana-silva-example");
    assert_eq!(ana["org"], serde_json::json!(["Acme Analytics, Inc."]));
    assert_eq!(ana["title"], "Director, Data; Platform");
    assert_eq!(ana["categories"], serde_json::json!(["data-science", "alum"]));
    assert_eq!(ana["uid"], format!("urn:uuid:{}", fx.people[0].id));
    let bo = &cards[1];
    assert_eq!(bo["fn"], "Bo Sample");
    assert_eq!(bo["emails"], serde_json::json!(["bo@example.net"]));
    assert_eq!(bo["org"], serde_json::json!(["Northwind Traders"]));
    assert_eq!(bo["title"], "Senior Technical Recruiter");
}

const ICALENDAR: &str = r#"
import json, sys
from icalendar import Calendar
cal = Calendar.from_ical(sys.stdin.read())
out = []
def when(comp, name):
    return comp.decoded(name).isoformat() if name in comp else None
for comp in cal.walk():
    if comp.name not in ("VEVENT", "VTODO"):
        continue
    out.append({
        "kind": comp.name,
        "uid": str(comp.get("uid")),
        "summary": str(comp.get("summary")),
        "description": str(comp.get("description")) if "description" in comp else None,
        "location": str(comp.get("location")) if "location" in comp else None,
        "dtstart": when(comp, "dtstart"),
        "dtend": when(comp, "dtend"),
        "due": when(comp, "due"),
        "dtstamp": when(comp, "dtstamp"),
        "sequence": comp.get("sequence"),
        "priority": comp.get("priority"),
        "alarms": [
            {"action": str(a.get("action")), "trigger_seconds": a.decoded("trigger").total_seconds(),
             "related": a["trigger"].params.get("RELATED")}
            for a in comp.walk("VALARM")
        ],
    })
print(json.dumps(out))
"#;

#[test]
fn icalendar_reads_the_ics_export() {
    let fx = fixture();
    let todo = IcsTodo::new("follow-up-1@rapport", "Follow up with Bo Sample", at("2025-03-10T09:00:00Z"), 5).unwrap();
    let text =
        write_calendar(&fx.meetings, |p| fx.person_name(p), &[todo], &IcsOptions::new(at("2025-02-20T07:00:00Z")));
    let items = python(ICALENDAR, &text);
    let items = items.as_array().unwrap();
    assert_eq!(items.len(), 3);
    let coffee = &items[0];
    assert_eq!(coffee["kind"], "VEVENT");
    assert_eq!(coffee["uid"], meeting_uid(fx.meetings[0].id));
    assert_eq!(coffee["summary"], "Informational interview with Ana Silva-Example");
    assert_eq!(coffee["location"], "Café Exemplo, Rua 1");
    assert_eq!(coffee["dtstart"], "2025-03-04T15:00:00+00:00");
    assert_eq!(coffee["dtend"], "2025-03-04T15:20:00+00:00");
    assert_eq!(coffee["dtstamp"], "2025-02-20T07:00:00+00:00");
    assert_eq!(coffee["sequence"], 1470);
    assert!(coffee["description"].as_str().unwrap().contains("Trends in data platforms\nWho else to meet"));
    assert_eq!(
        coffee["alarms"],
        serde_json::json!([{"action": "DISPLAY", "trigger_seconds": -1800.0, "related": null}])
    );
    assert_eq!(items[1]["dtstart"], "2025-03-06T17:30:00+00:00");
    assert_eq!(items[1]["dtend"], "2025-03-06T18:00:00+00:00");
    let todo = &items[2];
    assert_eq!(todo["kind"], "VTODO");
    assert_eq!(todo["uid"], "follow-up-1@rapport");
    assert_eq!(todo["due"], "2025-03-10T09:00:00+00:00");
    assert_eq!(todo["priority"], 5);
    assert_eq!(todo["alarms"], serde_json::json!([{"action": "DISPLAY", "trigger_seconds": 0.0, "related": "END"}]));
}
