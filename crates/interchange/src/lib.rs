//! rapport's file formats: contacts in from LinkedIn, Google, Outlook, Thunderbird and any
//! mapped CSV, and from vCard 2.1/3.0/4.0; people out as vCard 4.0 and CSV, meetings and
//! reminders out as iCalendar, and every record out and back in as a versioned JSON backup.
//!
//! **Architecture invariant:** this crate reads bytes and yields records, and turns records
//! into bytes. It never touches a database, the network, the clock or the environment: the
//! caller reads the file and passes the time.
//!
//! The entry point for imports is [`import::read_contacts`], which detects the format and
//! returns a streaming iterator of `Result<ImportedContact, Skip>`.
//!
//! | module | what it holds |
//! |---|---|
//! | [`detect`] | format detection, text decoding (BOMs, UTF-16, code pages), separator sniffing |
//! | [`record`] | [`ImportedContact`], [`IdentityKey`], [`Skip`], [`FieldWarning`] |
//! | [`linkedin`], [`google`], [`outlook`] | the known CSV exports |
//! | [`csv_mapped`] | the column-mapping engine, `--map`, Thunderbird and unknown CSVs |
//! | [`vcard`] | vCard 2.1/3.0/4.0 reader, vCard 4.0 writer |
//! | [`ics`] | iCalendar event reader; meetings and reminders writer |
//! | [`csv_export`] | people as CSV |
//! | [`json`] | the versioned JSON backup and the DTO of every record |

mod contentline;
pub mod csv_export;
pub mod csv_mapped;
pub mod detect;
pub mod error;
pub mod google;
pub mod ics;
pub mod import;
pub mod json;
pub mod linkedin;
pub mod outlook;
pub mod record;
mod table;
pub mod vcard;

pub use detect::Format;
pub use error::InterchangeError;
pub use import::{Contacts, ImportOptions, read_contacts};
pub use record::{Birthday, FieldWarning, IdentityKey, ImportedContact, Photo, Skip, SkipReason};
