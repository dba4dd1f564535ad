//! Hand-off for sending, which is always the seeker's (§4.1): a `mailto:` link that opens
//! their mail program with the draft filled in (RFC 6068), and an `.eml` file it opens as a
//! draft (RFC 5322). Text generation only; the date and message id come in as parameters.
//!
//! The `.eml` writer uses the `mail-builder` crate (Stalwart Labs, already in the dependency
//! tree through calcard): header folding, RFC 2047 encoded-words for non-ASCII names and
//! subjects, and quoted-printable or base64 bodies are easy to get subtly wrong by hand. It
//! reads the clock or the host name only for a missing `Date` or `Message-ID`, and this
//! module always sets both; its default `gethostname` feature is off.

use std::fmt::Write as _;

use jiff::ZonedDateTime;
use mail_builder::MessageBuilder;
use mail_builder::headers::address::Address;
use mail_builder::headers::raw::Raw;

use crate::values::Email;

/// Why a message could not be written.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ComposeError {
    #[error("the date {0} can't be written in an email header; use a date between the years 0 and 9999")]
    Date(String),
    #[error(
        "message id `{0}` is not usable; give one like 0193c1a2-7b4e@example.com (one @, no spaces or angle brackets)"
    )]
    MessageId(String),
    #[error("the message has no recipient; add at least one To address")]
    NoRecipient,
    #[error("the message could not be written: {0}")]
    Write(String),
}

/// Characters left as they are in a `mailto:` address: RFC 6068's `unreserved` and
/// `some-delims` (`,` excluded, since it separates addresses).
fn address_safe(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~!$'()*+;:@".contains(&b)
}

/// Characters left as they are in a header value: `unreserved` only. RFC 6068 allows a few
/// more, but some mail programs read `+` as a space and `&`, `=` split fields.
fn value_safe(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~".contains(&b)
}

fn percent_encode(out: &mut String, text: &str, safe: fn(u8) -> bool) {
    for &b in text.as_bytes() {
        if safe(b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
}

/// Line ends as CRLF, whatever the text had.
fn crlf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n").replace('\n', "\r\n")
}

/// A `mailto:` link for the given recipients, subject and body (RFC 6068): UTF-8 percent
/// encoding, line breaks in the body as `%0D%0A`.
pub fn mailto_link(to: &[Email], subject: Option<&str>, body: Option<&str>) -> String {
    let mut out = String::from("mailto:");
    for (i, email) in to.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        percent_encode(&mut out, email.as_str(), address_safe);
    }
    let mut separator = '?';
    for (name, value) in [("subject", subject.map(str::to_string)), ("body", body.map(crlf))] {
        let Some(value) = value else { continue };
        out.push(separator);
        out.push_str(name);
        out.push('=');
        percent_encode(&mut out, &value, value_safe);
        separator = '&';
    }
    out
}

/// A named address for a header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mailbox {
    pub name: Option<String>,
    pub email: Email,
}

impl Mailbox {
    pub fn new(name: Option<&str>, email: Email) -> Self {
        Self { name: name.map(str::trim).filter(|n| !n.is_empty()).map(str::to_string), email }
    }

    fn address(&self) -> Address<'_> {
        Address::new_address(self.name.as_deref(), self.email.as_str())
    }
}

/// A plain-text message to write as an `.eml` file.
#[derive(Clone, Debug, PartialEq)]
pub struct EmlMessage {
    pub from: Mailbox,
    pub to: Vec<Mailbox>,
    pub subject: String,
    pub body: String,
    /// The `Date` header, in the seeker's time zone.
    pub date: ZonedDateTime,
    /// The `Message-ID` without angle brackets (see [`message_id`]).
    pub message_id: String,
    /// Marks the file as an unsent draft (`X-Unsent: 1`), which Outlook and Thunderbird open
    /// as a message ready to edit and send.
    pub draft: bool,
}

/// A message id for a record (say an interaction id) sent from `from`: `<record>@<domain>`.
pub fn message_id(record: impl std::fmt::Display, from: &Email) -> String {
    format!("{record}@{}", from.domain())
}

fn valid_message_id(id: &str) -> bool {
    let mut parts = id.split('@');
    let (Some(left), Some(right), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let ok = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_graphic() && !b"<>()[]\\,;:\"@".contains(&b));
    ok(left) && ok(right)
}

/// Writes `message` as an RFC 5322 `.eml` file: From, To, Subject, Date, Message-ID,
/// MIME-Version, a UTF-8 text body, CRLF line ends, encoded-words in non-ASCII headers.
pub fn write_eml(message: &EmlMessage) -> Result<String, ComposeError> {
    if message.to.is_empty() {
        return Err(ComposeError::NoRecipient);
    }
    if !valid_message_id(&message.message_id) {
        return Err(ComposeError::MessageId(message.message_id.clone()));
    }
    let date =
        jiff::fmt::rfc2822::to_string(&message.date).map_err(|_| ComposeError::Date(message.date.to_string()))?;
    let to: Vec<Address<'_>> = message.to.iter().map(Mailbox::address).collect();
    let to = match <[Address<'_>; 1]>::try_from(to) {
        Ok([one]) => one,
        Err(many) => Address::new_list(many),
    };
    let subject = message.subject.replace(['\r', '\n'], " ");
    let mut builder = MessageBuilder::new()
        .from(message.from.address())
        .to(to)
        .subject(subject)
        .header("Date", Raw::new(date))
        .message_id(message.message_id.as_str());
    if message.draft {
        builder = builder.header("X-Unsent", Raw::new("1"));
    }
    let bytes =
        builder.text_body(crlf(&message.body)).write_to_vec().map_err(|e| ComposeError::Write(e.to_string()))?;
    // The builder writes ASCII only: non-ASCII headers become encoded-words and the body is
    // quoted-printable or base64. A lossy conversion therefore never replaces anything.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email(s: &str) -> Email {
        Email::parse(s).unwrap()
    }

    #[test]
    fn mailto_encodes_spaces_line_breaks_and_utf8() {
        let link =
            mailto_link(&[email("jane@example.com")], Some("Fellow UBC alum & a question"), Some("Hi Jané,\nThanks"));
        assert_eq!(
            link,
            "mailto:jane@example.com?subject=Fellow%20UBC%20alum%20%26%20a%20question&body=Hi%20Jan%C3%A9%2C%0D%0AThanks"
        );
        assert_eq!(mailto_link(&[], None, Some("a+b")), "mailto:?body=a%2Bb");
        let two = mailto_link(&[email("a+tag@x.org"), email("b@y.org")], None, None);
        assert_eq!(two, "mailto:a+tag@x.org,b@y.org");
    }

    #[test]
    fn message_ids_need_one_at_and_no_brackets() {
        assert!(valid_message_id("0193c1a2@example.com"));
        assert!(!valid_message_id("<x@y>"));
        assert!(!valid_message_id("no-at-sign"));
        assert!(!valid_message_id("a b@c"));
        assert_eq!(message_id("abc", &email("ana@Example.com")), "abc@example.com");
    }
}
