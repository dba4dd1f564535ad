//! Google Contacts CSV: the current "Google CSV" export and the legacy Gmail export. Columns are
//! matched by name, never by position: the numbered groups (`E-mail 1 - Value`, `Phone 2 -
//! Value`, …) grow as far as the data needs, and one cell may hold several values joined by
//! ` ::: `. Labels become tags, without Google's system group `* myContacts`.

use crate::csv_mapped::{ColumnMapping, CsvContacts, Field, Flavor};
use crate::detect::{Format, csv_format_of};
use crate::error::InterchangeError;

fn mapping() -> ColumnMapping {
    ColumnMapping::builtin(&[
        (Field::Name, "Name"),
        (Field::Given, "First Name"),
        (Field::Given, "Given Name"),
        (Field::Middle, "Middle Name"),
        (Field::Middle, "Additional Name"),
        (Field::Family, "Last Name"),
        (Field::Family, "Family Name"),
        (Field::Prefix, "Name Prefix"),
        (Field::Suffix, "Name Suffix"),
        (Field::Nickname, "Nickname"),
        (Field::Email, "E-mail * - Value"),
        (Field::Phone, "Phone * - Value"),
        (Field::Link, "Website * - Value"),
        (Field::Organization, "Organization Name"),
        (Field::Organization, "Organization 1 - Name"),
        (Field::Title, "Organization Title"),
        (Field::Title, "Organization 1 - Title"),
        (Field::Location, "Address 1 - City+Address 1 - Region+Address 1 - Country"),
        (Field::Location, "Location"),
        (Field::Birthday, "Birthday"),
        (Field::Notes, "Notes"),
        (Field::Tags, "Labels"),
        (Field::Tags, "Group Membership"),
    ])
}

fn is_header(names: &[String]) -> bool {
    matches!(csv_format_of(names), Some(Format::GoogleCsv | Format::GoogleCsvLegacy))
}

/// Reads a Google Contacts CSV, current or legacy; [`CsvContacts::format`] says which.
pub fn read(text: String) -> Result<CsvContacts, InterchangeError> {
    let mut contacts = CsvContacts::open_builtin(
        text,
        Format::GoogleCsv,
        &mapping(),
        Flavor::Plain,
        is_header,
        "a Google Contacts export starts with a row naming its columns (First Name, Middle Name, Last Name, …); export again with \"Google CSV\" chosen",
    )?;
    let header: Vec<String> = contacts.header().iter().map(|h| h.to_lowercase()).collect();
    if csv_format_of(&header) == Some(Format::GoogleCsvLegacy) {
        contacts.set_format(Format::GoogleCsvLegacy);
    }
    Ok(contacts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_groups_and_multi_value_cells_are_read() {
        let text = "First Name,Last Name,Labels,E-mail 1 - Label,E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value,Organization Name\n\
                    Ana,Silva,* myContacts ::: Mentors,Work,ana@example.com ::: ana@example.org,Home,ana.home@example.net,Acme\n";
        let rows: Vec<_> = read(text.to_string()).unwrap().collect();
        let ana = rows[0].as_ref().unwrap();
        let emails: Vec<&str> = ana.emails.iter().map(|e| e.as_str()).collect();
        assert_eq!(emails, ["ana@example.com", "ana@example.org", "ana.home@example.net"]);
        let tags: Vec<&str> = ana.tags.iter().map(|t| t.as_str()).collect();
        assert_eq!(tags, ["mentors"]);
        assert_eq!(ana.organization.as_deref(), Some("Acme"));
    }
}
