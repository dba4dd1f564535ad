//! Hand-off for sending: `mailto:` links (RFC 6068) and `.eml` files (RFC 5322), checked by
//! reading them back with an independent parser (mail-parser, and url for links).

use jiff::ZonedDateTime;
use mail_parser::MessageParser;
use proptest::prelude::*;
use rapport_domain::compose::{ComposeError, EmlMessage, Mailbox, mailto_link, message_id, write_eml};
use rapport_domain::values::Email;

fn email(s: &str) -> Email {
    Email::parse(s).unwrap()
}

fn at() -> ZonedDateTime {
    "2025-03-04T09:30:00-08:00[America/Vancouver]".parse().unwrap()
}

fn message(subject: &str, body: &str) -> EmlMessage {
    EmlMessage {
        from: Mailbox::new(Some("Ana Silva"), email("ana@example.org")),
        to: vec![Mailbox::new(Some("Jane Doé"), email("jane@example.com"))],
        subject: subject.to_string(),
        body: body.to_string(),
        date: at(),
        message_id: message_id("0193c1a2-7b4e-7d21-9a0c-5f1e2d3c4b5a", &email("ana@example.org")),
        draft: true,
    }
}

const BODY: &str = "Hi Jane,\n\nThank you for the coffee — and for the tip on São Paulo's fintech scene.\n\nBest,\nAna";

#[test]
fn an_eml_file_has_the_headers_crlf_line_ends_and_only_ascii() {
    let eml = write_eml(&message("Merci, Jane: one more thought", BODY)).unwrap();
    assert!(eml.is_ascii(), "non-ASCII must be encoded");
    assert!(eml.match_indices('\n').all(|(i, _)| i > 0 && eml.as_bytes()[i - 1] == b'\r'), "every line ends in CRLF");
    for header in
        ["From: ", "To: ", "Subject: ", "Date: Tue, 4 Mar 2025 09:30:00 -0800", "Message-ID: <", "X-Unsent: 1"]
    {
        assert!(eml.contains(header), "missing {header}");
    }
    insta::assert_snapshot!("eml_thank_you", eml.replace("\r\n", "\n"));
}

#[test]
fn an_eml_file_reads_back_the_same() {
    let subject = "Danke schön — a question from a fellow UBC alum";
    let eml = write_eml(&message(subject, BODY)).unwrap();
    let parsed = MessageParser::default().parse(eml.as_bytes()).unwrap();
    assert_eq!(parsed.subject(), Some(subject));
    assert_eq!(parsed.from().and_then(|a| a.first()).and_then(|a| a.name()), Some("Ana Silva"));
    let to = parsed.to().and_then(|a| a.first()).unwrap();
    assert_eq!((to.name(), to.address()), (Some("Jane Doé"), Some("jane@example.com")));
    assert_eq!(parsed.body_text(0).unwrap(), BODY.replace('\n', "\r\n"));
    assert_eq!(parsed.message_id(), Some("0193c1a2-7b4e-7d21-9a0c-5f1e2d3c4b5a@example.org"));
    assert_eq!(parsed.date().unwrap().to_rfc3339(), "2025-03-04T09:30:00-08:00");
}

#[test]
fn several_recipients_and_a_sent_copy() {
    let mut m = message("Thanks", "Short.");
    m.to.push(Mailbox::new(None, email("sam@example.net")));
    m.draft = false;
    let eml = write_eml(&m).unwrap();
    assert!(!eml.contains("X-Unsent"));
    let parsed = MessageParser::default().parse(eml.as_bytes()).unwrap();
    let addresses: Vec<&str> = parsed.to().unwrap().iter().filter_map(|a| a.address()).collect();
    assert_eq!(addresses, ["jane@example.com", "sam@example.net"]);
}

#[test]
fn bad_inputs_are_refused_with_a_reason() {
    let mut m = message("Hi", "Body");
    m.to.clear();
    assert_eq!(write_eml(&m), Err(ComposeError::NoRecipient));
    let mut m = message("Hi", "Body");
    m.message_id = "<not valid>".into();
    let err = write_eml(&m).unwrap_err();
    assert!(matches!(err, ComposeError::MessageId(_)));
    assert!(err.to_string().contains("one @"));
}

#[test]
fn a_mailto_link_opens_with_the_draft() {
    let link = mailto_link(&[email("jane@example.com")], Some("Fellow UBC alum, quick question"), Some(BODY));
    assert!(link.starts_with(
        "mailto:jane@example.com?subject=Fellow%20UBC%20alum%2C%20quick%20question&body=Hi%20Jane%2C%0D%0A%0D%0A"
    ));
    assert!(!link.contains('+') && !link.contains(' '));
}

/// Percent-decoding as RFC 3986 defines it: `%XX` only; a `+` stays a `+`.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

fn decode_mailto(link: &str) -> (String, Option<String>, Option<String>) {
    // The link is a valid URL, and splits into its address and its fields.
    assert_eq!(url::Url::parse(link).unwrap().scheme(), "mailto");
    let rest = link.strip_prefix("mailto:").unwrap();
    let (to, query) = rest.split_once('?').unwrap_or((rest, ""));
    let mut subject = None;
    let mut body = None;
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap();
        match k {
            "subject" => subject = Some(percent_decode(v)),
            "body" => body = Some(percent_decode(v)),
            other => panic!("unexpected field {other}"),
        }
    }
    (percent_decode(to), subject, body)
}

proptest! {
    #[test]
    fn mailto_links_decode_to_what_went_in(subject in "\\PC{0,60}", body in "(\\PC|\n){0,200}") {
        let link = mailto_link(&[email("a+tag@example.com")], Some(&subject), Some(&body));
        prop_assert!(link.is_ascii());
        let (to, s, b) = decode_mailto(&link);
        prop_assert_eq!(to, "a+tag@example.com");
        prop_assert_eq!(s, Some(subject));
        prop_assert_eq!(b, Some(body.replace('\n', "\r\n")));
    }

    #[test]
    fn eml_files_read_back_to_what_went_in(subject in "[^\\s\\p{C}](\\PC{0,60}[^\\s\\p{C}])?", body in "[^\\s\\p{C}](\\PC|\n){0,300}") {
        let eml = write_eml(&message(&subject, &body)).unwrap();
        prop_assert!(eml.is_ascii());
        let parsed = MessageParser::default().parse(eml.as_bytes()).unwrap();
        prop_assert_eq!(parsed.subject(), Some(subject.as_str()));
        prop_assert_eq!(parsed.body_text(0).unwrap().into_owned(), body.replace('\n', "\r\n"));
    }
}
