//! Outlook CSV: the Outlook.com People export and the Outlook desktop "Export to a file" CSV.
//! Both name their columns the same way; the desktop one quotes every field, adds
//! `Categories` (read as tags) and writes an unknown date as `0/0/00` (read as no date).
//! Outlook's `Title` column is the courtesy title (Mr., Dr.); the job is `Job Title`.

use crate::csv_mapped::{ColumnMapping, CsvContacts, Field, Flavor};
use crate::detect::{Format, csv_format_of};
use crate::error::InterchangeError;

fn mapping() -> ColumnMapping {
    ColumnMapping::builtin(&[
        (Field::Given, "First Name"),
        (Field::Middle, "Middle Name"),
        (Field::Family, "Last Name"),
        (Field::Prefix, "Title"),
        (Field::Suffix, "Suffix"),
        (Field::Nickname, "Nickname"),
        (Field::Email, "E-mail Address"),
        (Field::Email, "E-mail 2 Address"),
        (Field::Email, "E-mail 3 Address"),
        (Field::Phone, "Mobile Phone"),
        (Field::Phone, "Business Phone"),
        (Field::Phone, "Home Phone"),
        (Field::Phone, "Primary Phone"),
        (Field::Phone, "Business Phone 2"),
        (Field::Phone, "Home Phone 2"),
        (Field::Phone, "Other Phone"),
        (Field::Phone, "Company Main Phone"),
        (Field::Organization, "Company"),
        (Field::Title, "Job Title"),
        (Field::Location, "Business City+Business State+Business Country/Region"),
        (Field::Location, "Home City+Home State+Home Country/Region"),
        (Field::Location, "Location"),
        (Field::Link, "Web Page"),
        (Field::Link, "Personal Web Page"),
        (Field::Birthday, "Birthday"),
        (Field::Notes, "Notes"),
        (Field::Tags, "Categories"),
    ])
}

fn is_header(names: &[String]) -> bool {
    matches!(csv_format_of(names), Some(Format::OutlookCom | Format::OutlookDesktop))
}

/// Reads an Outlook CSV, Outlook.com or desktop; [`CsvContacts::format`] says which.
pub fn read(text: String) -> Result<CsvContacts, InterchangeError> {
    let mut contacts = CsvContacts::open_builtin(
        text,
        Format::OutlookCom,
        &mapping(),
        Flavor::Plain,
        is_header,
        "an Outlook export starts with a row naming its columns (First Name, Middle Name, Last Name, …)",
    )?;
    let header: Vec<String> = contacts.header().iter().map(|h| h.to_lowercase()).collect();
    if csv_format_of(&header) == Some(Format::OutlookDesktop) {
        contacts.set_format(Format::OutlookDesktop);
    }
    Ok(contacts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn courtesy_titles_are_not_job_titles_and_empty_dates_are_quiet() {
        let text = "\"Title\",\"First Name\",\"Last Name\",\"Company\",\"Job Title\",\"E-mail Address\",\"E-mail Display Name\",\"Birthday\",\"Categories\"\n\
                    \"Dr.\",\"Bo\",\"Sample\",\"Contoso\",\"Director\",\"bo@example.com\",\"Bo\",\"0/0/00\",\"Recruiters;Follow-up\"\n";
        let reader = read(text.to_string()).unwrap();
        assert_eq!(reader.format(), Format::OutlookDesktop);
        let rows: Vec<_> = reader.collect();
        let bo = rows[0].as_ref().unwrap();
        assert_eq!(bo.name.full, "Dr. Bo Sample");
        assert_eq!(bo.title.as_deref(), Some("Director"));
        assert_eq!(bo.birthday, None);
        assert!(bo.warnings.is_empty(), "{:?}", bo.warnings);
        assert_eq!(bo.tags.len(), 2);
    }
}
