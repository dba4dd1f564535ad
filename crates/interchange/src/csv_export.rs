//! People as CSV, one row each, under this header:
//!
//! ```text
//! id,full_name,given_name,family_name,emails,phones,links,organization,title,location,tags,stage,tier,last_touch_at,created_at,updated_at
//! ```
//!
//! A field that holds several values (`emails`, `phones`, `links`, `tags`) joins them with
//! ` ::: `, as Google Contacts does. Times are RFC 3339 in UTC. The file reads back through
//! rapport's own CSV import: its column names are among those recognized without a mapping.

use rapport_domain::ids::OrganizationId;
use rapport_domain::people::Person;

use crate::error::InterchangeError;

/// The header row, in order.
pub const HEADER: [&str; 16] = [
    "id",
    "full_name",
    "given_name",
    "family_name",
    "emails",
    "phones",
    "links",
    "organization",
    "title",
    "location",
    "tags",
    "stage",
    "tier",
    "last_touch_at",
    "created_at",
    "updated_at",
];

const JOIN: &str = " ::: ";

/// Writes people as CSV text, looking up organization names with `org_name`.
pub fn write_people<'a>(
    people: impl IntoIterator<Item = &'a Person>,
    org_name: impl Fn(OrganizationId) -> Option<String>,
) -> Result<String, InterchangeError> {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let to_io = |e: csv::Error| InterchangeError::Io(std::io::Error::other(e.to_string()));
    writer.write_record(HEADER).map_err(to_io)?;
    for person in people {
        let join = |items: Vec<&str>| items.join(JOIN);
        let row = [
            person.id.to_string(),
            person.name.full.clone(),
            person.name.given.clone().unwrap_or_default(),
            person.name.family.clone().unwrap_or_default(),
            join(person.emails.iter().map(|e| e.as_str()).collect()),
            join(person.phones.iter().map(|p| p.as_str()).collect()),
            join(person.links.iter().map(|l| l.url()).collect()),
            person.organization_id.and_then(&org_name).unwrap_or_default(),
            person.title.clone().unwrap_or_default(),
            person.location.clone().unwrap_or_default(),
            join(person.tags.iter().map(|t| t.as_str()).collect()),
            person.stage.as_str().to_string(),
            person.tier.map(|t| t.as_str().to_string()).unwrap_or_default(),
            person.last_touch_at.map(|t| t.to_string()).unwrap_or_default(),
            person.created_at.to_string(),
            person.updated_at.to_string(),
        ];
        writer.write_record(&row).map_err(to_io)?;
    }
    let bytes = writer.into_inner().map_err(|e| InterchangeError::Io(std::io::Error::other(e.to_string())))?;
    String::from_utf8(bytes).map_err(|e| InterchangeError::Io(std::io::Error::other(e.to_string())))
}
