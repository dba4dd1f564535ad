//! Format detection and text decoding: what a file is (from its name and first bytes), which
//! character encoding it uses, and which separator a CSV file uses.
//!
//! Decoding order: a byte-order mark (UTF-8, UTF-16 LE/BE) wins; then UTF-16 without a mark is
//! recognized by its zero bytes; then valid UTF-8 is taken as UTF-8; then a `CHARSET=` label in
//! the data (vCard 2.1 writes one) names the code page; then Shift_JIS when the bytes decode
//! cleanly as Japanese text; and Windows-1252 otherwise, which never fails.

use std::fmt;
use std::str::FromStr;

use encoding_rs::{Encoding, SHIFT_JIS, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

use crate::error::InterchangeError;

/// Every kind of file rapport reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// LinkedIn's `Connections.csv`, any vintage.
    LinkedIn,
    /// Google Contacts' current "Google CSV" export.
    GoogleCsv,
    /// The older Gmail contacts manager export (`Given Name`, `Family Name`, `Group Membership`).
    GoogleCsvLegacy,
    /// Outlook.com (outlook.live.com) People export.
    OutlookCom,
    /// Outlook desktop "Export to a file > CSV" (92 quoted columns).
    OutlookDesktop,
    /// Thunderbird's address book CSV.
    ThunderbirdCsv,
    /// Any other CSV: columns found by their names, or given with a column mapping.
    GenericCsv,
    /// vCard 2.1, 3.0 or 4.0.
    VCard,
    /// iCalendar (.ics).
    ICalendar,
    /// rapport's own JSON backup.
    RapportBackup,
}

impl Format {
    pub const ALL: &'static [Format] = &[
        Format::LinkedIn,
        Format::GoogleCsv,
        Format::GoogleCsvLegacy,
        Format::OutlookCom,
        Format::OutlookDesktop,
        Format::ThunderbirdCsv,
        Format::GenericCsv,
        Format::VCard,
        Format::ICalendar,
        Format::RapportBackup,
    ];

    /// The word for `--format` and reports.
    pub const fn as_str(self) -> &'static str {
        match self {
            Format::LinkedIn => "linkedin",
            Format::GoogleCsv => "google",
            Format::GoogleCsvLegacy => "google-legacy",
            Format::OutlookCom => "outlook",
            Format::OutlookDesktop => "outlook-desktop",
            Format::ThunderbirdCsv => "thunderbird",
            Format::GenericCsv => "csv",
            Format::VCard => "vcard",
            Format::ICalendar => "ics",
            Format::RapportBackup => "json",
        }
    }

    /// True for the formats that hold contacts in CSV form.
    pub fn is_csv(self) -> bool {
        !matches!(self, Format::VCard | Format::ICalendar | Format::RapportBackup)
    }

    fn choices() -> String {
        Format::ALL.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(", ")
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = InterchangeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase().replace('_', "-");
        let alias = match wanted.as_str() {
            "vcf" => "vcard",
            "ical" | "icalendar" => "ics",
            "backup" => "json",
            "generic" => "csv",
            other => other,
        };
        Format::ALL
            .iter()
            .copied()
            .find(|f| f.as_str() == alias)
            .ok_or_else(|| InterchangeError::BadFormatName { given: s.to_string(), choices: Format::choices() })
    }
}

/// Text decoded from a file, with the encoding that was used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// The encoding's WHATWG name (`UTF-8`, `UTF-16LE`, `Shift_JIS`, `windows-1252`, …).
    pub encoding: &'static str,
    /// True when the file started with a byte-order mark.
    pub had_bom: bool,
}

/// Decodes a file's bytes to text, guessing the encoding as the module documentation says.
pub fn decode(bytes: &[u8]) -> Decoded {
    decode_with(bytes, None)
}

/// Decodes with a given encoding (a `--encoding` label the user named), or guesses when `None`.
/// A byte-order mark still wins over the given encoding, as it cannot be wrong.
pub fn decode_with(bytes: &[u8], encoding: Option<&'static Encoding>) -> Decoded {
    if let Some((bom_encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = bom_encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return Decoded { text: text.into_owned(), encoding: bom_encoding.name(), had_bom: true };
    }
    let chosen = encoding.unwrap_or_else(|| guess_encoding(bytes));
    let (text, _) = chosen.decode_without_bom_handling(bytes);
    Decoded { text: text.into_owned(), encoding: chosen.name(), had_bom: false }
}

/// Looks up an encoding by any of its labels (`latin1`, `cp1252`, `sjis`, `utf-16le`, …).
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
}

fn guess_encoding(bytes: &[u8]) -> &'static Encoding {
    if let Some(utf16) = utf16_without_bom(bytes) {
        return utf16;
    }
    if std::str::from_utf8(bytes).is_ok() {
        return UTF_8;
    }
    if let Some(declared) = declared_charset(bytes) {
        return declared;
    }
    if looks_like_shift_jis(bytes) {
        return SHIFT_JIS;
    }
    WINDOWS_1252
}

/// UTF-16 text in Latin script has a zero byte in every other position.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(1024) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even_zeros = sample.iter().step_by(2).filter(|b| **b == 0).count();
    let odd_zeros = sample.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    if odd_zeros * 10 >= pairs * 4 && even_zeros * 10 <= pairs {
        Some(UTF_16LE)
    } else if even_zeros * 10 >= pairs * 4 && odd_zeros * 10 <= pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// A `CHARSET=label` parameter in the data (vCard 2.1), when every one names the same
/// non-Unicode encoding.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let mut found: Option<&'static Encoding> = None;
    let needle = b"CHARSET=";
    let mut rest = bytes;
    while let Some(at) = find_ascii_case_insensitive(rest, needle) {
        let after = &rest[at + needle.len()..];
        let end = after.iter().position(|b| matches!(b, b';' | b':' | b'\r' | b'\n' | b',')).unwrap_or(after.len());
        let label = String::from_utf8_lossy(&after[..end]).trim_matches('"').to_string();
        if let Some(encoding) = Encoding::for_label(label.as_bytes())
            && encoding != UTF_8
        {
            match found {
                None => found = Some(encoding),
                Some(previous) if previous != encoding => return None,
                Some(_) => {}
            }
        }
        rest = &after[end..];
    }
    found
}

fn find_ascii_case_insensitive(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle))
}

/// Shift_JIS when the bytes decode without error and the non-ASCII characters read as Japanese:
/// kana and kanji that stand next to each other. Western text in Windows-1252 can also decode
/// as Shift_JIS, but then each accented letter becomes a lone kanji between Latin letters.
fn looks_like_shift_jis(bytes: &[u8]) -> bool {
    let Some(text) = SHIFT_JIS.decode_without_bom_handling_and_without_replacement(bytes) else {
        return false;
    };
    let chars: Vec<char> = text.chars().collect();
    let mut japanese = 0usize;
    let mut lone = 0usize;
    let mut other = 0usize;
    for (i, c) in chars.iter().enumerate() {
        if c.is_ascii() {
            continue;
        }
        if !is_japanese(*c) {
            other += 1;
            continue;
        }
        japanese += 1;
        let before = i.checked_sub(1).and_then(|j| chars.get(j)).is_some_and(|b| b.is_ascii_alphabetic());
        let after = chars.get(i + 1).is_some_and(|a| a.is_ascii_alphabetic());
        if before && after {
            lone += 1;
        }
    }
    japanese > 0 && other * 5 <= japanese && lone * 3 <= japanese
}

fn is_japanese(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}'   // CJK punctuation
        | '\u{3040}'..='\u{30FF}' // Hiragana and Katakana
        | '\u{4E00}'..='\u{9FFF}' // CJK ideographs
        | '\u{FF00}'..='\u{FFEF}' // Full- and half-width forms
    )
}

/// The field separator of a CSV text: comma, semicolon or tab, whichever occurs most often
/// outside quotes on one of the first lines. Comma when there is no sign of any.
pub fn sniff_delimiter(text: &str) -> u8 {
    let mut best = (0usize, b',');
    for line in text.lines().take(20) {
        let mut counts = [0usize; 3];
        let mut in_quotes = false;
        for c in line.bytes() {
            match c {
                b'"' => in_quotes = !in_quotes,
                b',' if !in_quotes => counts[0] += 1,
                b';' if !in_quotes => counts[1] += 1,
                b'\t' if !in_quotes => counts[2] += 1,
                _ => {}
            }
        }
        for (count, delimiter) in counts.into_iter().zip([b',', b';', b'\t']) {
            if count > best.0 {
                best = (count, delimiter);
            }
        }
    }
    best.1
}

/// Says what a file is, from its name and decoded text. The text decides; the name's extension
/// only breaks ties (a `.csv` with no known header is a generic CSV).
pub fn detect(file_name: Option<&str>, text: &str) -> Result<Format, InterchangeError> {
    let head: String = text.chars().take(64 * 1024).collect();
    let trimmed = head.trim_start_matches('\u{feff}').trim_start();
    let upper_start: String = trimmed.chars().take(200).collect::<String>().to_ascii_uppercase();
    if upper_start.starts_with("BEGIN:VCARD") {
        return Ok(Format::VCard);
    }
    if upper_start.starts_with("BEGIN:VCALENDAR") || upper_start.starts_with("BEGIN:VEVENT") {
        return Ok(Format::ICalendar);
    }
    if trimmed.starts_with('{') && trimmed.contains("\"rapport-backup\"") {
        return Ok(Format::RapportBackup);
    }
    let extension =
        file_name.and_then(|n| n.rsplit_once('.')).map(|(_, ext)| ext.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "vcf" | "vcard" => return Ok(Format::VCard),
        "ics" | "ical" | "ifb" => return Ok(Format::ICalendar),
        "json" => return Ok(Format::RapportBackup),
        _ => {}
    }
    if let Some(format) = detect_csv(&head) {
        return Ok(format);
    }
    if extension == "csv" || extension == "tsv" || extension == "txt" || sniff_delimiter(&head) != b',' {
        return Ok(Format::GenericCsv);
    }
    if head.lines().take(5).any(|l| l.contains(',')) {
        return Ok(Format::GenericCsv);
    }
    Err(InterchangeError::UnknownFormat { choices: Format::choices() })
}

/// Recognizes the known CSV exports by the column names of their header row.
fn detect_csv(text: &str) -> Option<Format> {
    let delimiter = sniff_delimiter(text);
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    for record in reader.records().take(12).flatten() {
        let names: Vec<String> = record.iter().map(normalize_header).collect();
        if let Some(format) = csv_format_of(&names) {
            return Some(format);
        }
    }
    None
}

/// Lower case, no BOM, no surrounding spaces: the form header names are compared in.
pub(crate) fn normalize_header(raw: &str) -> String {
    raw.trim_start_matches('\u{feff}').trim().to_lowercase()
}

pub(crate) fn csv_format_of(names: &[String]) -> Option<Format> {
    let has = |n: &str| names.iter().any(|h| h == n);
    if has("first name") && has("last name") && has("connected on") {
        return Some(Format::LinkedIn);
    }
    if has("first name") && has("last name") && has("email address") && has("company") && has("position") {
        return Some(Format::LinkedIn);
    }
    if has("given name") && has("family name") && (has("group membership") || has("e-mail 1 - value")) {
        return Some(Format::GoogleCsvLegacy);
    }
    if has("first name") && (has("organization name") || has("file as") || has("e-mail 1 - value") || has("labels")) {
        return Some(Format::GoogleCsv);
    }
    if has("first name") && (has("e-mail display name") || has("business street 2")) {
        return Some(Format::OutlookDesktop);
    }
    if has("first name") && has("e-mail address") && (has("job title") || has("business phone")) {
        return Some(Format::OutlookCom);
    }
    if has("primary email") && (has("display name") || has("first name")) {
        return Some(Format::ThunderbirdCsv);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boms_win() {
        let utf8 = decode(b"\xEF\xBB\xBFName");
        assert_eq!((utf8.text.as_str(), utf8.encoding, utf8.had_bom), ("Name", "UTF-8", true));
        let utf16 = decode(b"\xFF\xFEN\0a\0");
        assert_eq!((utf16.text.as_str(), utf16.encoding), ("Na", "UTF-16LE"));
        let be = decode(b"\xFE\xFF\0N\0a");
        assert_eq!((be.text.as_str(), be.encoding), ("Na", "UTF-16BE"));
    }

    #[test]
    fn utf16_without_a_bom_is_recognized_by_its_zero_bytes() {
        let bytes: Vec<u8> = "Name,Email\r\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode(&bytes).text, "Name,Email\r\n");
        let be: Vec<u8> = "Name,Email\r\n".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode(&be).encoding, "UTF-16BE");
    }

    #[test]
    fn western_code_page_is_the_fallback_and_japanese_is_recognized() {
        let western = decode(b"First,Last\nS\xE9verine,M\xFCller\n");
        assert_eq!(western.encoding, "windows-1252");
        assert!(western.text.contains("Séverine") && western.text.contains("Müller"));
        let (sjis, _, _) = SHIFT_JIS.encode("名前,メール\n山田 太郎,taro@example.com\n");
        let japanese = decode(&sjis);
        assert_eq!(japanese.encoding, "Shift_JIS");
        assert!(japanese.text.contains("山田 太郎"));
    }

    #[test]
    fn a_declared_charset_names_the_code_page() {
        let (name, _, _) = SHIFT_JIS.encode("安藤");
        let mut card = b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=SHIFT_JIS:".to_vec();
        card.extend_from_slice(&name);
        card.extend_from_slice(b"\r\nEND:VCARD\r\n");
        let decoded = decode(&card);
        assert_eq!(decoded.encoding, "Shift_JIS");
        assert!(decoded.text.contains("安藤"));
    }

    #[test]
    fn separators_are_sniffed_outside_quotes() {
        assert_eq!(sniff_delimiter("a;b;c\n1;2;3"), b';');
        assert_eq!(sniff_delimiter("a\tb\tc"), b'\t');
        assert_eq!(sniff_delimiter("\"x;y;z\",b\n"), b',');
        assert_eq!(sniff_delimiter("just words"), b',');
    }

    #[test]
    fn formats_are_told_apart_by_content() {
        assert_eq!(detect(None, "BEGIN:VCARD\nEND:VCARD").unwrap(), Format::VCard);
        assert_eq!(detect(None, "\u{feff}BEGIN:VCALENDAR\n").unwrap(), Format::ICalendar);
        assert_eq!(detect(None, "{\"format\": \"rapport-backup\"}").unwrap(), Format::RapportBackup);
        let linkedin =
            "Notes:\n\"When exporting, ...\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n";
        assert_eq!(detect(Some("Connections.csv"), linkedin).unwrap(), Format::LinkedIn);
        assert_eq!(detect(Some("people.csv"), "Full Name,E-mail\nAna,a@example.com").unwrap(), Format::GenericCsv);
        assert!(detect(Some("notes.bin"), "hello there").is_err());
    }

    #[test]
    fn format_words_round_trip_and_bad_ones_list_the_choices() {
        for format in Format::ALL {
            assert_eq!(format.as_str().parse::<Format>().unwrap(), *format);
        }
        let err = "excel".parse::<Format>().unwrap_err().to_string();
        assert!(err.contains("linkedin, google"), "{err}");
    }
}
