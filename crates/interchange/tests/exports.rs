//! Snapshots of the vCard, CSV and iCalendar exports of a fixed fixture, and round trips of
//! the vCard and CSV exports through rapport's own readers.

mod common;

use common::{at, fixture};
use rapport_interchange::ics::{IcsOptions, IcsTodo, write_calendar};
use rapport_interchange::{ImportOptions, ImportedContact, csv_export, read_contacts, vcard};

fn todos() -> Vec<IcsTodo> {
    let mut thanks = IcsTodo::new(
        "0193c1a2-7b4e-7d21-9a0c-5f1e2d3c4b5a@rapport",
        "Send a thank-you note to Ana Silva-Example",
        at("2025-03-05T08:00:00Z"),
        1,
    )
    .unwrap();
    thanks.description = Some("Mention the two names she offered; keep it to three lines.".into());
    vec![thanks]
}

#[test]
fn vcard_export_snapshot() {
    let fx = fixture();
    let text = vcard::write_people(&fx.people, |org| fx.org_name(org));
    assert!(text.lines().all(|l| l.len() <= 76), "lines are folded at 75 octets plus CR");
    insta::assert_snapshot!(text.replace("\r\n", "\n"));
}

#[test]
fn csv_export_snapshot() {
    let fx = fixture();
    let text = csv_export::write_people(&fx.people, |org| fx.org_name(org)).unwrap();
    insta::assert_snapshot!(text.replace("\r\n", "\n"));
}

#[test]
fn ics_export_snapshot() {
    let fx = fixture();
    let mut options = IcsOptions::new(at("2025-02-20T07:00:00Z"));
    options.calendar_name = Some("rapport".into());
    let text = write_calendar(&fx.meetings, |p| fx.person_name(p), &todos(), &options);
    insta::assert_snapshot!(text.replace("\r\n", "\n"));
}

fn read_back(name: &str, text: &str) -> Vec<ImportedContact> {
    let (_, contacts) = read_contacts(Some(name), text.as_bytes(), &ImportOptions::default()).unwrap();
    contacts.map(Result::unwrap).collect()
}

fn same_people(read: &[ImportedContact]) {
    let fx = fixture();
    assert_eq!(read.len(), fx.people.len());
    for (back, person) in read.iter().zip(&fx.people) {
        assert_eq!(back.name.full, person.name.full);
        assert_eq!(back.emails, person.emails);
        assert_eq!(back.phones, person.phones);
        assert_eq!(back.links, person.links);
        assert_eq!(back.organization, person.organization_id.and_then(|o| fx.org_name(o)));
        assert_eq!(back.title, person.title);
        assert_eq!(back.location, person.location);
        assert_eq!(back.tags, person.tags);
    }
}

#[test]
fn the_vcard_export_reads_back_the_same_people() {
    let fx = fixture();
    let text = vcard::write_people(&fx.people, |org| fx.org_name(org));
    let read = read_back("people.vcf", &text);
    same_people(&read);
    assert_eq!(read[0].name.given.as_deref(), Some("Ana"));
    assert_eq!(read[0].identity.to_string(), "linkedin:https://www.linkedin.com/in/ana-silva-example");
}

#[test]
fn the_csv_export_reads_back_the_same_people() {
    let fx = fixture();
    let text = csv_export::write_people(&fx.people, |org| fx.org_name(org)).unwrap();
    same_people(&read_back("people.csv", &text));
}
