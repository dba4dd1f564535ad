//! The errors that stop a whole file: an unknown format, a CSV without a header, a bad column
//! mapping, a backup that does not validate. One bad row never raises these; it becomes a
//! [`Skip`](crate::record::Skip) instead.

use std::io;

/// A file (or a column mapping) rapport cannot read at all, with what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum InterchangeError {
    /// Nothing in the name or the first bytes says what the file is.
    #[error("cannot tell what kind of file this is; name the format with --format (one of: {choices})")]
    UnknownFormat {
        /// The format words the user may pass.
        choices: String,
    },

    /// A `--format` word that names no format.
    #[error("`{given}` is not a format rapport reads; use one of: {choices}")]
    BadFormatName { given: String, choices: String },

    /// A CSV file whose first lines hold no header row of the expected kind.
    #[error("{what}: no header row found in the first {scanned} lines; {hint}")]
    NoHeader { what: &'static str, scanned: usize, hint: &'static str },

    /// A column mapping that cannot be read.
    #[error("column mapping: {0}")]
    Mapping(String),

    /// A column mapping that names a column the file does not have.
    #[error(
        "column mapping: `{field}` names the column `{column}`, which is not in the header; the header has: {header}"
    )]
    MissingColumn { field: String, column: String, header: String },

    /// A file of a kind that holds no contacts (a calendar, a backup) given to a contact import.
    #[error(
        "this is a `{format}` file, not a contacts file; use `rapport restore` for a backup, and import contacts from CSV or vCard"
    )]
    NotContacts { format: &'static str },

    /// A file with no vCard in it.
    #[error("no vCard found: the file has no BEGIN:VCARD line; is it a vCard (.vcf) file?")]
    NoVCard,

    /// A file with no calendar in it.
    #[error("no calendar found: the file has no BEGIN:VCALENDAR or BEGIN:VEVENT line; is it an iCalendar (.ics) file?")]
    NoCalendar,

    /// A JSON backup that is not valid JSON or not of the expected shape.
    #[error("backup: {0}")]
    BackupJson(String),

    /// A JSON backup written by a format or version this rapport does not read.
    #[error("backup: {0}")]
    BackupVersion(String),

    /// A record in a JSON backup that breaks a rule of the domain.
    #[error("backup: {record}, field `{field}`: {message}")]
    BackupInvalid { record: String, field: String, message: String },

    /// Writing the output failed.
    #[error("could not write the export: {0}")]
    Io(#[from] io::Error),
}
