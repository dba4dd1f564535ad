//! One call for every contact import: decode the bytes, detect the format (or take the one
//! given), and open the matching streaming reader.

use encoding_rs::Encoding;

use crate::csv_mapped::{ColumnMapping, CsvContacts};
use crate::detect::{Format, decode_with, detect};
use crate::error::InterchangeError;
use crate::record::{ImportedContact, Skip};
use crate::vcard::{VCardContacts, VCardOptions};
use crate::{csv_mapped, google, linkedin, outlook, vcard};

/// How to read a contacts file. The default detects everything.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// The format, when the user named it (`--format`); detected otherwise.
    pub format: Option<Format>,
    /// A column mapping (`--map`); a CSV is then read through it, whatever its header.
    pub mapping: Option<ColumnMapping>,
    /// The text encoding, when the user named it; guessed otherwise.
    pub encoding: Option<&'static Encoding>,
    /// Keep vCard photos.
    pub keep_photos: bool,
}

/// The contacts of a file, one record at a time.
pub enum Contacts {
    Csv(CsvContacts),
    VCard(VCardContacts),
}

impl Iterator for Contacts {
    type Item = Result<ImportedContact, Skip>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Contacts::Csv(reader) => reader.next(),
            Contacts::VCard(reader) => reader.next(),
        }
    }
}

/// Opens a contacts file. Returns the format that was read (detected or given) and the
/// records. Fails only for a file that cannot be read at all; bad rows come out as skips.
pub fn read_contacts(
    file_name: Option<&str>,
    bytes: &[u8],
    options: &ImportOptions,
) -> Result<(Format, Contacts), InterchangeError> {
    let decoded = decode_with(bytes, options.encoding);
    let text = decoded.text;
    let format = match (options.format, &options.mapping) {
        (Some(format), _) => format,
        (None, Some(_)) => Format::GenericCsv,
        (None, None) => detect(file_name, &text)?,
    };
    if let Some(mapping) = &options.mapping
        && format.is_csv()
    {
        return Ok((format, Contacts::Csv(csv_mapped::read_mapped(text, mapping)?)));
    }
    let contacts = match format {
        Format::LinkedIn => Contacts::Csv(linkedin::read(text)?),
        Format::GoogleCsv | Format::GoogleCsvLegacy => Contacts::Csv(google::read(text)?),
        Format::OutlookCom | Format::OutlookDesktop => Contacts::Csv(outlook::read(text)?),
        Format::ThunderbirdCsv => Contacts::Csv(csv_mapped::read_thunderbird(text)?),
        Format::GenericCsv => Contacts::Csv(csv_mapped::read_generic(text)?),
        Format::VCard => Contacts::VCard(vcard::read(text, VCardOptions { keep_photos: options.keep_photos })?),
        Format::ICalendar | Format::RapportBackup => {
            return Err(InterchangeError::NotContacts { format: format.as_str() });
        }
    };
    let format = match &contacts {
        Contacts::Csv(reader) => reader.format(),
        Contacts::VCard(_) => Format::VCard,
    };
    Ok((format, contacts))
}
