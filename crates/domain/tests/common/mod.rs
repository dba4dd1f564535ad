//! Builders shared by the integration tests: people, organizations, meetings and profiles
//! with just the fields a test cares about.

#![allow(dead_code, unreachable_pub)]

use jiff::Timestamp;
use rapport_domain::ids::{AccountId, MeetingId, OrganizationId, PersonId, PromiseId};
use rapport_domain::meetings::{Clue, Meeting, MeetingMode, NewMeeting, Party, Promise, Tiara};
use rapport_domain::organizations::{NewOrganization, Organization};
use rapport_domain::people::{Affinity, NewPerson, Person, PersonName};
use rapport_domain::profile::Profile;

pub fn epoch() -> Timestamp {
    Timestamp::UNIX_EPOCH
}

/// A person with a given and family name, an optional title, verified and unverified
/// affinities (`kind:value`) and skills.
pub fn person(
    given: &str,
    family: &str,
    title: Option<&str>,
    verified: &[&str],
    unverified: &[&str],
    skills: &[&str],
) -> Person {
    let mut new = NewPerson::new(PersonName::from_parts(Some(given), Some(family)).unwrap());
    new.title = title.map(str::to_string);
    new.skills = skills.iter().map(|s| s.to_string()).collect();
    let mut affinities: Vec<Affinity> = verified.iter().map(|a| Affinity::parse(a).unwrap()).collect();
    affinities.extend(unverified.iter().map(|a| Affinity { verified: false, ..Affinity::parse(a).unwrap() }));
    new.targeting.affinities = affinities;
    new.into_person(PersonId::new(), AccountId::LOCAL, epoch())
}

pub fn organization(name: &str, industry: Option<&str>) -> Organization {
    let mut new = NewOrganization::new(name).unwrap();
    new.industry = industry.map(str::to_string);
    new.into_organization(OrganizationId::new(), AccountId::LOCAL, epoch())
}

pub fn profile(name: &str, industry: Option<&str>, roles: &[&str]) -> Profile {
    let mut p = Profile::empty(AccountId::LOCAL, epoch());
    p.name = Some(name.to_string());
    p.target_industry = industry.map(str::to_string);
    p.target_roles = roles.iter().map(|r| r.to_string()).collect();
    p
}

/// A held 20-minute meeting with `person` starting at `start` (RFC 3339).
pub fn meeting(person: &Person, start: &str, mode: MeetingMode) -> Meeting {
    let at: Timestamp = start.parse().unwrap();
    NewMeeting::new(person.id, at, 20, mode).unwrap().into_meeting(MeetingId::new(), AccountId::LOCAL, at)
}

pub fn clue(tiara: Tiara, text: &str) -> Clue {
    Clue::new(tiara, text).unwrap()
}

pub fn promise(owed_by: Party, text: &str, due: Option<&str>) -> Promise {
    Promise {
        id: PromiseId::new(),
        owed_by,
        text: text.to_string(),
        due: due.map(|d| d.parse().unwrap()),
        done_at: None,
    }
}
