//! The one record every contact parser yields, [`ImportedContact`], and the reports that go with
//! it: a [`Skip`] for a row or card that cannot become a person, and a [`FieldWarning`] for a
//! value that was dropped from an otherwise good record.
//!
//! Parsers fill a `Draft` field by field; `Draft::finish` validates what it can, turns bad
//! values into warnings, picks the identity key and decides whether the record is a person.

use std::fmt;

use jiff::civil::Date;
use rapport_domain::people::PersonName;
use rapport_domain::values::{Email, Link, Phone, Tag, fold_name};

/// A contact read from a file, ready for the import use case to match and store.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedContact {
    /// The 1-based line where the row or card starts.
    pub line: u64,
    /// The 1-based position of the record among the file's records.
    pub record: usize,
    pub name: PersonName,
    pub nickname: Option<String>,
    pub emails: Vec<Email>,
    pub phones: Vec<Phone>,
    /// Web links; LinkedIn profile links are normalized by [`Link::parse`].
    pub links: Vec<Link>,
    /// The employer's name, for the import to create or link the organization.
    pub organization: Option<String>,
    pub title: Option<String>,
    pub location: Option<String>,
    pub notes: Option<String>,
    pub birthday: Option<Birthday>,
    pub tags: Vec<Tag>,
    /// The first known touch: LinkedIn's "Connected On" date.
    pub first_touch: Option<Date>,
    /// The contact's photo, when the reader was asked to keep photos.
    pub photo: Option<Photo>,
    /// What identifies this person across imports.
    pub identity: IdentityKey,
    /// Values that were dropped, each with its reason.
    pub warnings: Vec<FieldWarning>,
}

/// What identifies a person across imports, strongest first: a LinkedIn profile URL, else an
/// email address, else a phone number, else the folded name with the organization.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum IdentityKey {
    /// The normalized profile URL (`https://www.linkedin.com/in/<slug>`).
    LinkedIn(String),
    /// The first email address, lower case.
    Email(String),
    /// The first phone number, digits only (a leading `+` kept).
    Phone(String),
    /// The folded name and the folded organization, joined by `|` (empty when unknown).
    NameOrg(String),
}

impl IdentityKey {
    /// The kind of key, as a word (`linkedin`, `email`, `phone`, `name`).
    pub fn kind(&self) -> &'static str {
        match self {
            IdentityKey::LinkedIn(_) => "linkedin",
            IdentityKey::Email(_) => "email",
            IdentityKey::Phone(_) => "phone",
            IdentityKey::NameOrg(_) => "name",
        }
    }

    /// The key's value without its kind.
    pub fn value(&self) -> &str {
        match self {
            IdentityKey::LinkedIn(v) | IdentityKey::Email(v) | IdentityKey::Phone(v) | IdentityKey::NameOrg(v) => v,
        }
    }
}

impl fmt::Display for IdentityKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.kind(), self.value())
    }
}

/// A birthday. The year is often unknown (`--06-21` in vCard and Google CSV).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Birthday {
    year: Option<i16>,
    month: i8,
    day: i8,
}

impl Birthday {
    /// A birthday that exists on the calendar (29 February needs a leap year, or no year).
    pub fn new(year: Option<i16>, month: i8, day: i8) -> Option<Self> {
        let check_year = year.unwrap_or(2000);
        Date::new(check_year, month, day).ok()?;
        if year.is_some_and(|y| y < 1800) {
            return None;
        }
        Some(Self { year, month, day })
    }

    pub fn year(&self) -> Option<i16> {
        self.year
    }

    pub fn month(&self) -> i8 {
        self.month
    }

    pub fn day(&self) -> i8 {
        self.day
    }

    /// Parses the forms exporters write: `1990-04-15`, `19900415`, `--04-15`, `--0415`,
    /// `4/15/1990` (month first, as Outlook writes it) and `1990-04-15T00:00:00Z`.
    pub fn parse(raw: &str) -> Option<Self> {
        let text = raw.trim();
        let text = text.split(['T', ' ']).next().unwrap_or(text);
        if let Some(rest) = text.strip_prefix("--") {
            let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
            if digits.len() == 4 {
                return Self::new(None, digits[..2].parse().ok()?, digits[2..].parse().ok()?);
            }
            return None;
        }
        if text.contains('/') {
            let mut parts = text.split('/');
            let month: i8 = parts.next()?.trim().parse().ok()?;
            let day: i8 = parts.next()?.trim().parse().ok()?;
            let year: i16 = parts.next()?.trim().parse().ok()?;
            if parts.next().is_some() || year < 100 {
                return None;
            }
            return Self::new(Some(year), month, day);
        }
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        let dashed = text.split('-').count() == 3;
        if digits.len() == 8 && (dashed || digits.len() == text.len()) {
            return Self::new(Some(digits[..4].parse().ok()?), digits[4..6].parse().ok()?, digits[6..].parse().ok()?);
        }
        None
    }
}

impl fmt::Display for Birthday {
    /// ISO 8601 as vCard 4.0 writes it: `1990-04-15`, or `--04-15` without a year.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.year {
            Some(year) => write!(f, "{year:04}-{:02}-{:02}", self.month, self.day),
            None => write!(f, "--{:02}-{:02}", self.month, self.day),
        }
    }
}

/// A contact photo kept from a vCard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Photo {
    /// `image/jpeg`, `image/png`, `image/gif`, or `application/octet-stream` when unknown.
    pub media_type: String,
    pub bytes: Vec<u8>,
}

impl Photo {
    /// A photo whose media type is taken from the file, else guessed from its first bytes.
    pub fn new(bytes: Vec<u8>, declared: Option<&str>) -> Self {
        let sniffed = if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some("image/jpeg")
        } else if bytes.starts_with(b"\x89PNG") {
            Some("image/png")
        } else if bytes.starts_with(b"GIF8") {
            Some("image/gif")
        } else {
            None
        };
        let media_type = sniffed
            .map(str::to_string)
            .or_else(|| declared.map(|d| d.trim().to_ascii_lowercase()).filter(|d| d.contains('/')))
            .unwrap_or_else(|| "application/octet-stream".to_string());
        Self { media_type, bytes }
    }
}

/// A value dropped from a record, with the reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldWarning {
    /// The field the value was meant for (`email`, `phone`, `link`, `birthday`, …).
    pub field: &'static str,
    /// The value as the file had it.
    pub value: String,
    /// Why it was dropped, as a sentence without a final period.
    pub reason: String,
}

impl fmt::Display for FieldWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} `{}` dropped: {}", self.field, self.value, self.reason)
    }
}

/// A row or card that did not become a person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skip {
    /// The 1-based line where the row or card starts.
    pub line: u64,
    pub reason: SkipReason,
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

/// Why a row or card was skipped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SkipReason {
    /// Every field is empty (LinkedIn writes such rows, with only a date, for hidden members).
    Blank,
    /// There is something, but neither a name nor an email address to make a person of.
    NoNameOrEmail,
    /// A vCard that describes an organization (`KIND:org`), not a person.
    OrganizationCard,
    /// A vCard that starts but never ends: the file is cut off or damaged.
    Truncated,
    /// The row or card could not be read at all.
    Unreadable(String),
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::Blank => f.write_str("the row is empty"),
            SkipReason::NoNameOrEmail => f.write_str("no name and no email address, so there is no one to add"),
            SkipReason::OrganizationCard => {
                f.write_str("the card describes an organization, not a person; add the organization by hand")
            }
            SkipReason::Truncated => {
                f.write_str("the card never ends (no END:VCARD); the file may be cut off, so the card was left out")
            }
            SkipReason::Unreadable(why) => write!(f, "cannot be read: {why}"),
        }
    }
}

/// The raw values of one record as a parser finds them, before validation.
#[derive(Clone, Debug, Default)]
pub(crate) struct Draft {
    pub(crate) full_name: Option<String>,
    pub(crate) given: Option<String>,
    pub(crate) middle: Option<String>,
    pub(crate) family: Option<String>,
    pub(crate) prefix: Option<String>,
    pub(crate) suffix: Option<String>,
    pub(crate) nickname: Option<String>,
    pub(crate) emails: Vec<String>,
    pub(crate) phones: Vec<String>,
    pub(crate) links: Vec<String>,
    pub(crate) organization: Option<String>,
    pub(crate) title: Option<String>,
    pub(crate) location: Option<String>,
    pub(crate) notes: Vec<String>,
    pub(crate) birthday: Option<String>,
    pub(crate) birthday_value: Option<Birthday>,
    pub(crate) tags: Vec<String>,
    pub(crate) first_touch: Option<Date>,
    pub(crate) photo: Option<Photo>,
    pub(crate) warnings: Vec<FieldWarning>,
}

/// Trims and drops empty text.
pub(crate) fn clean(raw: &str) -> Option<String> {
    let trimmed = raw.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// Splits a cell that holds several values: Google joins them with ` ::: `.
pub(crate) fn split_multi(raw: &str) -> impl Iterator<Item = &str> {
    raw.split(":::").map(str::trim).filter(|s| !s.is_empty())
}

/// Google's and Android's names for "all contacts": not a tag anyone chose.
const SYSTEM_GROUPS: &[&str] = &["mycontacts", "my contacts", "starred"];

impl Draft {
    pub(crate) fn warn(&mut self, field: &'static str, value: &str, reason: impl Into<String>) {
        self.warnings.push(FieldWarning { field, value: value.to_string(), reason: reason.into() });
    }

    /// Adds a cell of tags: split on ` ::: `, `;` and `,`, with Google's `* ` stars removed
    /// and system groups left out.
    pub(crate) fn add_tags(&mut self, raw: &str) {
        for part in raw.split(":::").flat_map(|p| p.split([';', ','])) {
            let label = part.trim().trim_start_matches('*').trim();
            if label.is_empty() || SYSTEM_GROUPS.contains(&label.to_lowercase().as_str()) {
                continue;
            }
            self.tags.push(label.to_string());
        }
    }

    pub(crate) fn add_note(&mut self, raw: &str) {
        let text = raw.replace("\r\n", "\n").replace('\r', "\n");
        if let Some(note) = clean(&text) {
            self.notes.push(note);
        }
    }

    fn is_blank(&self) -> bool {
        self.full_name.is_none()
            && self.given.is_none()
            && self.middle.is_none()
            && self.family.is_none()
            && self.nickname.is_none()
            && self.emails.is_empty()
            && self.phones.is_empty()
            && self.links.is_empty()
            && self.organization.is_none()
            && self.title.is_none()
            && self.notes.is_empty()
    }

    /// Validates the draft into a contact, or says why it is not one.
    pub(crate) fn finish(mut self, line: u64, record: usize) -> Result<ImportedContact, Skip> {
        if self.is_blank() {
            return Err(Skip { line, reason: SkipReason::Blank });
        }
        let mut emails: Vec<Email> = Vec::new();
        for raw in std::mem::take(&mut self.emails) {
            match Email::parse(&raw) {
                Ok(email) => {
                    if !emails.iter().any(|e| e.match_key() == email.match_key()) {
                        emails.push(email);
                    }
                }
                Err(err) => self.warn("email", &raw, err.message),
            }
        }
        let mut phones: Vec<Phone> = Vec::new();
        for raw in std::mem::take(&mut self.phones) {
            match Phone::parse(&raw) {
                Ok(phone) => {
                    if !phones.iter().any(|p| p.match_key() == phone.match_key()) {
                        phones.push(phone);
                    }
                }
                Err(err) => self.warn("phone", &raw, err.message),
            }
        }
        let mut links: Vec<Link> = Vec::new();
        for raw in std::mem::take(&mut self.links) {
            match Link::parse(&raw) {
                Ok(link) => {
                    if !links.iter().any(|l| l.url() == link.url()) {
                        links.push(link);
                    }
                }
                Err(err) => self.warn("link", &raw, err.message),
            }
        }
        let mut tags: Vec<Tag> = Vec::new();
        for raw in std::mem::take(&mut self.tags) {
            match Tag::parse(&raw) {
                Ok(tag) => {
                    if !tags.contains(&tag) {
                        tags.push(tag);
                    }
                }
                Err(err) => self.warn("tag", &raw, err.message),
            }
        }
        let birthday = match (self.birthday_value, self.birthday.take()) {
            (Some(b), _) => Some(b),
            (None, Some(raw)) => {
                let parsed = Birthday::parse(&raw);
                if parsed.is_none() {
                    self.warn("birthday", &raw, "not a date rapport can read; write it as 1990-04-15 or --04-15");
                }
                parsed
            }
            (None, None) => None,
        };

        let given = self.given.take();
        let family = self.family.take();
        let joined = [self.prefix.as_deref(), given.as_deref(), self.middle.as_deref(), family.as_deref()]
            .into_iter()
            .flatten()
            .chain(self.suffix.as_deref())
            .collect::<Vec<_>>()
            .join(" ");
        let full = self
            .full_name
            .take()
            .or_else(|| clean(&joined))
            .or_else(|| self.nickname.clone())
            .or_else(|| emails.first().map(|e| e.as_str().to_string()));
        let Some(full) = full else {
            return Err(Skip { line, reason: SkipReason::NoNameOrEmail });
        };
        let name = PersonName { full, given, family };

        let identity = links
            .iter()
            .find_map(|l| l.linkedin_key().map(|k| IdentityKey::LinkedIn(k.to_string())))
            .or_else(|| emails.first().map(|e| IdentityKey::Email(e.match_key())))
            .or_else(|| phones.first().map(|p| IdentityKey::Phone(p.match_key())))
            .unwrap_or_else(|| {
                let org = self.organization.as_deref().map(fold_name).unwrap_or_default();
                IdentityKey::NameOrg(format!("{}|{org}", fold_name(&name.full)))
            });

        let notes = (!self.notes.is_empty()).then(|| self.notes.join("\n\n"));
        Ok(ImportedContact {
            line,
            record,
            name,
            nickname: self.nickname,
            emails,
            phones,
            links,
            organization: self.organization,
            title: self.title,
            location: self.location,
            notes,
            birthday,
            tags,
            first_touch: self.first_touch,
            photo: self.photo,
            identity,
            warnings: self.warnings,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn birthdays_parse_the_forms_exporters_write() {
        let full = Birthday::new(Some(1990), 4, 15);
        assert_eq!(Birthday::parse("1990-04-15"), full);
        assert_eq!(Birthday::parse("19900415"), full);
        assert_eq!(Birthday::parse("4/15/1990"), full);
        assert_eq!(Birthday::parse("1990-04-15T00:00:00Z"), full);
        assert_eq!(Birthday::parse("--06-21"), Birthday::new(None, 6, 21));
        assert_eq!(Birthday::parse("--0621"), Birthday::new(None, 6, 21));
        assert_eq!(Birthday::parse("--02-29").map(|b| b.to_string()).as_deref(), Some("--02-29"));
        assert_eq!(Birthday::parse("0/0/00"), None);
        assert_eq!(Birthday::parse("circa 1800"), None);
        assert_eq!(Birthday::parse("2023-02-29"), None);
    }

    #[test]
    fn a_draft_with_only_an_email_uses_it_as_the_name() {
        let draft = Draft { emails: vec!["no-name@example.net".into()], ..Default::default() };
        let contact = draft.finish(3, 1).unwrap();
        assert_eq!(contact.name.full, "no-name@example.net");
        assert_eq!(contact.identity.to_string(), "email:no-name@example.net");
    }

    #[test]
    fn bad_values_become_warnings_and_the_identity_prefers_linkedin() {
        let draft = Draft {
            given: Some("Ana".into()),
            family: Some("Silva".into()),
            emails: vec!["not-an-email".into(), "ana@example.com".into()],
            links: vec!["https://www.linkedin.com/in/Ana-Silva/".into()],
            phones: vec!["call me".into()],
            ..Default::default()
        };
        let contact = draft.finish(7, 2).unwrap();
        assert_eq!(contact.name.full, "Ana Silva");
        assert_eq!(contact.identity, IdentityKey::LinkedIn("https://www.linkedin.com/in/ana-silva".into()));
        let fields: Vec<&str> = contact.warnings.iter().map(|w| w.field).collect();
        assert_eq!(fields, ["email", "phone"]);
    }

    #[test]
    fn nothing_to_name_is_a_skip_with_a_reason() {
        let blank = Draft::default().finish(4, 1).unwrap_err();
        assert_eq!(blank.reason, SkipReason::Blank);
        let phone_only = Draft { phones: vec!["+1 555 0100".into()], ..Default::default() };
        let skip = phone_only.finish(5, 2).unwrap_err();
        assert_eq!(skip.reason, SkipReason::NoNameOrEmail);
        assert!(skip.to_string().starts_with("line 5: no name"), "{skip}");
    }

    #[test]
    fn the_name_org_key_folds_both() {
        let draft = Draft {
            full_name: Some("José Müller".into()),
            organization: Some("Acme, Inc.".into()),
            ..Default::default()
        };
        assert_eq!(draft.finish(1, 1).unwrap().identity.to_string(), "name:jose muller|acme inc");
    }

    #[test]
    fn photos_know_their_type_from_their_bytes() {
        assert_eq!(Photo::new(vec![0xFF, 0xD8, 0xFF, 0xE0], None).media_type, "image/jpeg");
        assert_eq!(Photo::new(b"\x89PNG\r\n".to_vec(), Some("image/jpeg")).media_type, "image/png");
        assert_eq!(Photo::new(vec![1, 2, 3], Some("IMAGE/HEIC")).media_type, "image/heic");
        assert_eq!(Photo::new(vec![1, 2, 3], Some("JPEG")).media_type, "application/octet-stream");
    }
}
