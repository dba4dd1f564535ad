//! What the tests of the log and of bulk writes share: a batch of people big enough to pass
//! the 1,000 log pages that ask for a checkpoint, and the size of a file.

use jiff::Timestamp;
use rapport_domain::ids::{AccountId, PersonId};
use rapport_domain::people::{NewPerson, Person, PersonName};

/// `count` people named "`tag` Number`i`", each with a long location: 3,000 of them fill
/// several MB of pages.
pub(crate) fn people(count: usize, tag: &str) -> Vec<Person> {
    let now: Timestamp = "2026-11-25T12:00:00Z".parse().expect("time");
    (0..count)
        .map(|i| {
            let mut new = NewPerson::new(PersonName::new(&format!("{tag} Number{i}")).expect("name"));
            new.location = Some(format!("{i} {}", "Somewhere along a long road ".repeat(40)));
            new.into_person(PersonId::new(), AccountId::LOCAL, now)
        })
        .collect()
}

/// The size of a file in bytes, 0 when it does not exist.
pub(crate) fn file_len(path: &std::path::Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}
