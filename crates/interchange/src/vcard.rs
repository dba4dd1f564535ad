//! vCard: reading 2.1, 3.0 and 4.0 into [`ImportedContact`]s, and writing people as vCard 4.0
//! (RFC 6350).
//!
//! # Reading
//!
//! Each card is parsed by `calcard`, which reads the three versions: folding, quoted-printable
//! with a `CHARSET`, grouped properties (`item1.EMAIL`), base64 photos and every `TYPE` form.
//! Checked against every vCard in `testdata/vcard`, it needed help with three things real files
//! do, so this module cuts the file into cards itself before handing each to `calcard`:
//!
//! * **Nested cards** (Android): a `BEGIN:VCARD` inside a card starts a new card; the outer
//!   card resumes after the inner one ends. `calcard` would end the outer card there and read
//!   the rest of it as stray lines.
//! * **Backslash line continuation** (vCard 2.1, Android): a line ending in `\` followed by a
//!   line that is no property is one value across lines; it is joined with a line break.
//!   `calcard` would read the next line as a property of its own.
//! * **Cut-off files:** a card with no `END:VCARD` is reported as a [`Skip`] instead of being
//!   imported half-read.
//!
//! Files that are not UTF-8 are decoded before parsing (see [`crate::detect`]): `calcard` reads
//! text, and a vCard 2.1 file with raw Shift_JIS bytes names its code page only in `CHARSET=`.
//! Quoted-printable values in such a code page are decoded by `calcard` through `mail-parser`,
//! whose `full_encoding` feature this crate turns on (without it they come out garbled).
//! Cutting the file into cards also gives every card its line number, keeps one bad card from
//! spoiling the rest, and lets the reader stream: one card is parsed per step.

use std::collections::VecDeque;

use calcard::vcard::{
    VCard, VCardEntry, VCardKind, VCardParameterName, VCardParameterValue, VCardProperty, VCardValue,
};
use rapport_domain::ids::OrganizationId;
use rapport_domain::people::Person;

use crate::contentline::{escape_text, push_line, utc_stamp};
use crate::error::InterchangeError;
use crate::record::{Birthday, Draft, ImportedContact, Photo, Skip, SkipReason, clean};

/// How to read vCards.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct VCardOptions {
    /// Keep embedded photos (they can be large); skipped by default.
    pub keep_photos: bool,
}

/// A streaming reader of the contacts in a vCard file.
pub struct VCardContacts {
    text: String,
    /// Byte offset of the next unread line.
    pos: usize,
    /// Number of lines read so far.
    line: u64,
    /// Cards begun and not yet ended, innermost last.
    open: Vec<OpenCard>,
    /// Cards ended (or cut off) and not yet handed out.
    ready: VecDeque<(u64, Option<String>)>,
    record: usize,
    options: VCardOptions,
}

struct OpenCard {
    start_line: u64,
    body: String,
}

/// Opens a vCard file's text for reading. Fails only when the text holds no card at all.
pub fn read(text: String, options: VCardOptions) -> Result<VCardContacts, InterchangeError> {
    if !text.lines().any(is_begin) {
        return Err(InterchangeError::NoVCard);
    }
    Ok(VCardContacts { text, pos: 0, line: 0, open: Vec::new(), ready: VecDeque::new(), record: 0, options })
}

fn is_begin(line: &str) -> bool {
    line.trim_start_matches('\u{feff}').trim().eq_ignore_ascii_case("BEGIN:VCARD")
}

fn is_end(line: &str) -> bool {
    line.trim().eq_ignore_ascii_case("END:VCARD")
}

/// True when a line starts like a property: `NAME:`, `NAME;` or `group.NAME:`.
fn looks_like_property(line: &str) -> bool {
    let name_end = line.find([':', ';']).unwrap_or(0);
    name_end > 0 && line[..name_end].chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
}

impl VCardContacts {
    /// Reads lines until a card is complete or the text ends.
    fn fill(&mut self) {
        while self.ready.is_empty() {
            let rest = &self.text[self.pos..];
            if rest.is_empty() {
                while let Some(card) = self.open.pop() {
                    self.ready.push_back((card.start_line, None));
                }
                return;
            }
            let (raw, advance) = match rest.find('\n') {
                Some(i) => (&rest[..i], i + 1),
                None => (rest, rest.len()),
            };
            self.pos += advance;
            self.line += 1;
            let line = raw.trim_end_matches('\r');
            if is_begin(line) {
                self.open.push(OpenCard { start_line: self.line, body: String::from("BEGIN:VCARD\n") });
                continue;
            }
            if is_end(line) {
                if let Some(mut card) = self.open.pop() {
                    card.body.push_str("END:VCARD\n");
                    self.ready.push_back((card.start_line, Some(card.body)));
                }
                continue;
            }
            let Some(card) = self.open.last_mut() else { continue };
            let continues = card.body.ends_with("\\\n") && !card.body.ends_with("\\\\\n");
            if continues && !line.starts_with([' ', '\t']) && !looks_like_property(line) {
                card.body.truncate(card.body.len() - 2);
                card.body.push_str("\\n");
            }
            card.body.push_str(line);
            card.body.push('\n');
        }
    }
}

impl Iterator for VCardContacts {
    type Item = Result<ImportedContact, Skip>;

    fn next(&mut self) -> Option<Self::Item> {
        self.fill();
        let (line, body) = self.ready.pop_front()?;
        self.record += 1;
        let Some(body) = body else {
            return Some(Err(Skip { line, reason: SkipReason::Truncated }));
        };
        Some(match VCard::parse(&body) {
            Ok(card) => convert(&card, line, self.record, self.options),
            Err(entry) => Err(Skip { line, reason: SkipReason::Unreadable(format!("{entry:?}")) }),
        })
    }
}

/// The text of a value: a structured value's parts joined by spaces.
fn value_text(value: &VCardValue) -> Option<String> {
    match value {
        VCardValue::Text(text) => clean(text),
        VCardValue::Component(parts) => clean(&parts.join(" ")),
        _ => None,
    }
}

fn first_text(entry: &VCardEntry) -> Option<String> {
    entry.values.iter().find_map(value_text)
}

/// The text of the `index`th component of a structured value (N, ADR, ORG).
fn component(entry: &VCardEntry, index: usize) -> Option<String> {
    entry.values.get(index).and_then(value_text)
}

/// True for a property marked preferred: `PREF=1`, a bare `PREF` (2.1) or `TYPE=pref` (3.0).
fn is_preferred(entry: &VCardEntry) -> bool {
    entry.params.iter().any(|p| match (&p.name, &p.value) {
        (VCardParameterName::Pref, VCardParameterValue::Integer(n)) => *n == 1,
        (VCardParameterName::Pref, _) => true,
        (VCardParameterName::Type, VCardParameterValue::Text(t)) => t.eq_ignore_ascii_case("pref"),
        _ => false,
    })
}

/// Fills an empty slot; a value already there (from an earlier property) stays.
fn set_once(slot: &mut Option<String>, value: impl FnOnce() -> Option<String>) {
    if slot.is_none() {
        *slot = value();
    }
}

fn convert(card: &VCard, line: u64, record: usize, options: VCardOptions) -> Result<ImportedContact, Skip> {
    let mut draft = Draft::default();
    let mut preferred_emails = Vec::new();
    let mut other_emails = Vec::new();
    let mut location: Option<(bool, String)> = None;
    for entry in &card.entries {
        let is_org_card = match &entry.name {
            VCardProperty::Kind => entry.values.iter().any(|v| matches!(v, VCardValue::Kind(VCardKind::Org))),
            VCardProperty::Other(name) => {
                name.eq_ignore_ascii_case("X-ABSHOWAS")
                    && first_text(entry).is_some_and(|v| v.eq_ignore_ascii_case("COMPANY"))
            }
            _ => false,
        };
        if is_org_card {
            return Err(Skip { line, reason: SkipReason::OrganizationCard });
        }
        match &entry.name {
            VCardProperty::Fn => set_once(&mut draft.full_name, || first_text(entry)),
            VCardProperty::N => {
                let unset = draft.family.is_none() && draft.given.is_none();
                if unset {
                    draft.family = component(entry, 0);
                    draft.given = component(entry, 1);
                    draft.middle = component(entry, 2);
                    draft.prefix = component(entry, 3);
                    draft.suffix = component(entry, 4);
                }
            }
            VCardProperty::Nickname => set_once(&mut draft.nickname, || first_text(entry)),
            VCardProperty::Email => {
                if let Some(email) = first_text(entry) {
                    if is_preferred(entry) { preferred_emails.push(email) } else { other_emails.push(email) }
                }
            }
            VCardProperty::Tel => {
                if let Some(phone) = first_text(entry) {
                    if is_preferred(entry) { draft.phones.insert(0, phone) } else { draft.phones.push(phone) }
                }
            }
            VCardProperty::Url => draft.links.extend(first_text(entry)),
            VCardProperty::Socialprofile => draft.links.extend(first_text(entry)),
            VCardProperty::Other(name) if name.eq_ignore_ascii_case("X-SOCIALPROFILE") => {
                draft.links.extend(first_text(entry));
            }
            VCardProperty::Org => set_once(&mut draft.organization, || component(entry, 0)),
            VCardProperty::Title => set_once(&mut draft.title, || first_text(entry)),
            VCardProperty::Adr => {
                let place = [component(entry, 3), component(entry, 4), component(entry, 6)]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(", ");
                let preferred = is_preferred(entry);
                let better = match &location {
                    None => true,
                    Some((was_preferred, _)) => preferred && !was_preferred,
                };
                if better && let Some(place) = clean(&place) {
                    location = Some((preferred, place));
                }
            }
            VCardProperty::Note => {
                let note = first_text(entry).unwrap_or_default();
                draft.add_note(&note);
            }
            VCardProperty::Bday => {
                let known = draft.birthday_value.is_some() || draft.birthday.is_some();
                match entry.values.first().filter(|_| !known) {
                    Some(VCardValue::PartialDateTime(date)) => {
                        let year = date.year.and_then(|y| i16::try_from(y).ok());
                        let parsed = date
                            .month
                            .zip(date.day)
                            .and_then(|(m, d)| Birthday::new(year, i8::try_from(m).ok()?, i8::try_from(d).ok()?));
                        match parsed {
                            Some(b) => draft.birthday_value = Some(b),
                            None => draft.warn("birthday", &format!("{date:?}"), "not a whole day of the year"),
                        }
                    }
                    Some(other) => draft.birthday = value_text(other),
                    None => {}
                }
            }
            VCardProperty::Categories => {
                for value in &entry.values {
                    if let Some(text) = value_text(value) {
                        draft.add_tags(&text);
                    }
                }
            }
            VCardProperty::Photo => {
                let wanted = options.keep_photos && draft.photo.is_none();
                if let (true, Some(VCardValue::Binary(data))) = (wanted, entry.values.first()) {
                    draft.photo = Some(Photo::new(data.data.clone(), data.content_type.as_deref()));
                }
            }
            _ => {}
        }
    }
    draft.emails = preferred_emails.into_iter().chain(other_emails).collect();
    draft.location = location.map(|(_, place)| place);
    draft.finish(line, record)
}

/// Writes one person as a vCard 4.0, with the name of their organization when known.
pub fn write_person(out: &mut String, person: &Person, organization: Option<&str>) {
    write_person_with_photo(out, person, organization, None);
}

/// Writes one person as a vCard 4.0, with their organization's name and their photo (as a
/// `data:` URI, RFC 6350 §6.2.4) when known.
pub fn write_person_with_photo(out: &mut String, person: &Person, organization: Option<&str>, photo: Option<&Photo>) {
    push_line(out, "BEGIN", "VCARD");
    push_line(out, "VERSION", "4.0");
    push_line(out, "PRODID", "-//rapport//rapport//EN");
    push_line(out, "UID", &format!("urn:uuid:{}", person.id));
    push_line(out, "FN", &escape_text(&person.name.full));
    let family = person.name.family.as_deref().map(escape_text).unwrap_or_default();
    let given = person.name.given.as_deref().map(escape_text).unwrap_or_default();
    push_line(out, "N", &format!("{family};{given};;;"));
    for (i, email) in person.emails.iter().enumerate() {
        let name = if i == 0 { "EMAIL;PREF=1" } else { "EMAIL" };
        push_line(out, name, &escape_text(email.as_str()));
    }
    for (i, phone) in person.phones.iter().enumerate() {
        let name = if i == 0 { "TEL;VALUE=text;PREF=1" } else { "TEL;VALUE=text" };
        push_line(out, name, &escape_text(phone.as_str()));
    }
    for link in &person.links {
        push_line(out, "URL", link.url());
    }
    if let Some(org) = organization {
        push_line(out, "ORG", &escape_text(org));
    }
    if let Some(title) = &person.title {
        push_line(out, "TITLE", &escape_text(title));
    }
    if let Some(location) = &person.location {
        push_line(out, "ADR", &format!(";;;{};;;", escape_text(location)));
    }
    if !person.tags.is_empty() {
        let tags: Vec<String> = person.tags.iter().map(|t| escape_text(t.as_str())).collect();
        push_line(out, "CATEGORIES", &tags.join(","));
    }
    if let Some(photo) = photo {
        use base64::Engine as _;
        let data = base64::engine::general_purpose::STANDARD.encode(&photo.bytes);
        push_line(out, "PHOTO", &format!("data:{};base64,{data}", photo.media_type));
    }
    push_line(out, "REV", &utc_stamp(person.updated_at));
    push_line(out, "END", "VCARD");
}

/// Writes people as vCard 4.0, one card each, looking up organization names with `org_name`.
pub fn write_people<'a>(
    people: impl IntoIterator<Item = &'a Person>,
    org_name: impl Fn(OrganizationId) -> Option<String>,
) -> String {
    let mut out = String::new();
    for person in people {
        let org = person.organization_id.and_then(&org_name);
        write_person(&mut out, person, org.as_deref());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contacts(text: &str) -> Vec<Result<ImportedContact, Skip>> {
        read(text.to_string(), VCardOptions::default()).unwrap().collect()
    }

    #[test]
    fn a_nested_card_is_a_person_of_its_own_and_the_outer_keeps_its_lines() {
        let text = "BEGIN:VCARD\nVERSION:2.1\nN:parent\nBEGIN:VCARD\nVERSION:2.1\nN:nest1\nEND:VCARD\nTEL:+1 555 0100\nEND:VCARD\n";
        let people = contacts(text);
        assert_eq!(people.len(), 2);
        let inner = people[0].as_ref().unwrap();
        assert_eq!((inner.name.full.as_str(), inner.line), ("nest1", 4));
        let outer = people[1].as_ref().unwrap();
        assert_eq!((outer.name.full.as_str(), outer.line), ("parent", 1));
        assert_eq!(outer.phones.len(), 1);
    }

    #[test]
    fn backslash_continued_lines_are_one_value() {
        let text = "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Doe;Jo\r\nADR;HOME:;;Main St 1\\\r\nBuilding 2;Hamburg;;99999;Germany\r\nEND:VCARD\r\n";
        let jo = contacts(text).remove(0).unwrap();
        assert_eq!(jo.location.as_deref(), Some("Hamburg, Germany"));
    }

    #[test]
    fn a_card_without_an_end_is_skipped_and_the_others_are_kept() {
        let text = "BEGIN:VCARD\nVERSION:3.0\nFN:Ana Silva\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nFN:Bo Cut\n";
        let people = contacts(text);
        assert_eq!(people[0].as_ref().unwrap().name.full, "Ana Silva");
        assert_eq!(people[1].as_ref().unwrap_err(), &Skip { line: 5, reason: SkipReason::Truncated });
    }

    #[test]
    fn organization_cards_are_skipped() {
        let text = "BEGIN:VCARD\nVERSION:4.0\nKIND:org\nFN:ACME Inc.\nORG:ACME Inc.\nEND:VCARD\n";
        assert_eq!(contacts(text)[0].as_ref().unwrap_err().reason, SkipReason::OrganizationCard);
    }

    #[test]
    fn preferred_emails_come_first_and_photos_are_kept_on_request() {
        let text = "BEGIN:VCARD\nVERSION:3.0\nFN:Ana\nEMAIL:home@example.com\nEMAIL;TYPE=INTERNET,pref:work@example.com\n\
                    PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQ\nEND:VCARD\n";
        let ana = contacts(text).remove(0).unwrap();
        assert_eq!(ana.emails[0].as_str(), "work@example.com");
        assert!(ana.photo.is_none());
        let kept = read(text.to_string(), VCardOptions { keep_photos: true }).unwrap().next().unwrap().unwrap();
        assert_eq!(kept.photo.map(|p| p.media_type).as_deref(), Some("image/jpeg"));
    }

    #[test]
    fn text_without_cards_is_an_error() {
        assert!(matches!(read("hello".into(), VCardOptions::default()), Err(InterchangeError::NoVCard)));
    }
}
