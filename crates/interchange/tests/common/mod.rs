//! Helpers shared by the integration tests: the shared test data folder and a fixed set of
//! records to export.

#![allow(dead_code, unreachable_pub)]

use std::path::PathBuf;

use jiff::Timestamp;
use rapport_domain::ids::{AccountId, MeetingId, OrganizationId, PersonId};
use rapport_domain::meetings::Meeting;
use rapport_domain::meetings::{MeetingMode, NewMeeting};
use rapport_domain::organizations::NewOrganization;
use rapport_domain::organizations::Organization;
use rapport_domain::people::{NewPerson, Person, PersonName};
use rapport_domain::values::{Email, Link, Phone, Tag};
use uuid::Uuid;

/// The shared test data: `../shared/testdata` beside the workspace root, or the folder named by
/// `RAPPORT_TESTDATA`. `None` (with a printed note) when neither exists; CI always has it.
pub fn testdata() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("RAPPORT_TESTDATA") {
        return Some(PathBuf::from(dir));
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = root.join("../shared/testdata");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("note: skipped, {} does not exist (set RAPPORT_TESTDATA to the testdata folder)", dir.display());
        None
    }
}

pub fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(0x0193_0000_0000_7000_8000_0000_0000_0000 | n)
}

/// Two organizations, two people and two meetings with fixed ids and times.
pub struct Fixture {
    pub organizations: Vec<Organization>,
    pub people: Vec<Person>,
    pub meetings: Vec<Meeting>,
}

impl Fixture {
    pub fn org_name(&self, org: OrganizationId) -> Option<String> {
        self.organizations.iter().find(|o| o.id == org).map(|o| o.name.clone())
    }

    pub fn person_name(&self, person: PersonId) -> Option<String> {
        self.people.iter().find(|p| p.id == person).map(|p| p.name.full.clone())
    }
}

pub fn fixture() -> Fixture {
    let created = at("2025-02-01T09:00:00Z");
    let acme = NewOrganization::new("Acme Analytics, Inc.").unwrap().into_organization(
        OrganizationId::from_uuid(id(1)),
        AccountId::LOCAL,
        created,
    );
    let northwind = NewOrganization::new("Northwind Traders").unwrap().into_organization(
        OrganizationId::from_uuid(id(2)),
        AccountId::LOCAL,
        created,
    );

    let mut ana = NewPerson::new(PersonName::from_parts(Some("Ana"), Some("Silva-Example")).unwrap());
    ana.emails = vec![Email::parse("ana.silva@example.com").unwrap(), Email::parse("ana@example.org").unwrap()];
    ana.phones = vec![Phone::parse("+1 (555) 010-2030").unwrap()];
    ana.links = vec![
        Link::parse("https://www.linkedin.com/in/ana-silva-example").unwrap(),
        Link::parse("https://ana.example.com/").unwrap(),
    ];
    ana.organization_id = Some(acme.id);
    ana.title = Some("Director, Data; Platform".into());
    ana.location = Some("Lisbon, Portugal".into());
    ana.tags = vec![Tag::parse("data science").unwrap(), Tag::parse("alum").unwrap()];
    let mut ana = ana.into_person(PersonId::from_uuid(id(10)), AccountId::LOCAL, created);
    ana.updated_at = at("2025-02-03T12:00:00Z");

    let mut bo = NewPerson::new(PersonName::new("Bo Sample").unwrap());
    bo.emails = vec![Email::parse("bo@example.net").unwrap()];
    bo.organization_id = Some(northwind.id);
    bo.title = Some("Senior Technical Recruiter".into());
    bo.recruiter = true;
    let bo = bo.into_person(PersonId::from_uuid(id(11)), AccountId::LOCAL, created);

    let mut coffee = NewMeeting::new(ana.id, at("2025-03-04T15:00:00Z"), 20, MeetingMode::Coffee).unwrap();
    coffee.location = Some("Café Exemplo, Rua 1".into());
    coffee.agenda = Some("Trends in data platforms\nWho else to meet".into());
    let mut coffee = coffee.into_meeting(MeetingId::from_uuid(id(20)), AccountId::LOCAL, at("2025-02-10T08:00:00Z"));
    coffee.updated_at = at("2025-02-11T08:30:00Z");
    let call = NewMeeting::new(bo.id, at("2025-03-06T17:30:00Z"), 30, MeetingMode::Video).unwrap().into_meeting(
        MeetingId::from_uuid(id(21)),
        AccountId::LOCAL,
        at("2025-02-12T08:00:00Z"),
    );

    Fixture { organizations: vec![acme, northwind], people: vec![ana, bo], meetings: vec![coffee, call] }
}
