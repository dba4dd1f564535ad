//! The repo's own malformed inputs (`tests/fixtures/`): each gives a clear error or a skip
//! report, never a panic. Arbitrary bytes through every reader never panic either.

use std::path::PathBuf;

use proptest::prelude::*;
use rapport_interchange::detect::decode;
use rapport_interchange::ics::read_events;
use rapport_interchange::json::Backup;
use rapport_interchange::{Format, ImportOptions, InterchangeError, SkipReason, read_contacts};

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_truncated_vcard_keeps_the_whole_card_and_reports_the_cut_one() {
    let (format, contacts) =
        read_contacts(Some("truncated.vcf"), &fixture("truncated.vcf"), &ImportOptions::default()).unwrap();
    assert_eq!(format, Format::VCard);
    let records: Vec<_> = contacts.collect();
    assert_eq!(records.len(), 2);
    let dana = records[0].as_ref().unwrap();
    assert_eq!((dana.name.full.as_str(), dana.organization.as_deref()), ("Dana Example", Some("Example Works")));
    let skip = records[1].as_ref().unwrap_err();
    assert_eq!((skip.line, &skip.reason), (8, &SkipReason::Truncated));
    assert!(skip.to_string().starts_with("line 8: the card never ends"), "{skip}");
}

#[test]
fn a_ragged_csv_reads_every_row_it_can_and_says_what_it_dropped() {
    let (format, contacts) =
        read_contacts(Some("ragged.csv"), &fixture("ragged.csv"), &ImportOptions::default()).unwrap();
    assert_eq!(format, Format::GenericCsv);
    let records: Vec<_> = contacts.collect();
    assert_eq!(records.len(), 5);
    let gus = records[1].as_ref().unwrap();
    assert_eq!(gus.warnings[0].field, "row");
    assert!(gus.warnings[0].reason.contains("the last 2 were read as empty"), "{:?}", gus.warnings);
    let hal = records[2].as_ref().unwrap();
    assert_eq!(hal.title.as_deref(), Some("Engineer"));
    assert!(hal.warnings[0].reason.contains("extra values were ignored"), "{:?}", hal.warnings);
    assert_eq!(records[3].as_ref().unwrap_err().line, 5);
    assert_eq!(records[3].as_ref().unwrap_err().reason, SkipReason::Blank);
    let ivy = records[4].as_ref().unwrap();
    assert_eq!(ivy.name.full, "Ivy Example, PhD");
    assert!(ivy.emails.is_empty());
    assert_eq!(
        ivy.warnings[0].to_string(),
        "email `not-an-email` dropped: `not-an-email` is not an email address; write it as name@example.com"
    );
}

#[test]
fn linkedin_rows_without_a_header_are_a_clear_error() {
    let bytes = fixture("linkedin_no_header.csv");
    let options = ImportOptions { format: Some(Format::LinkedIn), ..Default::default() };
    let err = read_contacts(Some("Connections.csv"), &bytes, &options).err().unwrap();
    assert!(matches!(err, InterchangeError::NoHeader { .. }));
    assert!(err.to_string().contains("First Name,Last Name"), "{err}");
    let detected = read_contacts(Some("Connections.csv"), &bytes, &ImportOptions::default()).err().unwrap();
    assert!(detected.to_string().contains("--map"), "{detected}");
}

#[test]
fn binary_garbage_is_refused_by_every_reader() {
    let bytes = fixture("garbage.bin");
    let detected = read_contacts(Some("garbage.bin"), &bytes, &ImportOptions::default());
    assert!(detected.is_err());
    for format in Format::ALL {
        let options = ImportOptions { format: Some(*format), ..Default::default() };
        if let Ok((_, contacts)) = read_contacts(None, &bytes, &options) {
            // A CSV reader may find "rows" in noise; each must still come out as a record or a skip.
            for contact in contacts.flatten() {
                assert!(!contact.name.full.trim().is_empty());
            }
        }
    }
    assert!(matches!(read_events(&decode(&bytes).text), Err(InterchangeError::NoCalendar)));
    assert!(Backup::from_reader(bytes.as_slice()).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600), pick in 0usize..10) {
        let format = Format::ALL[pick % Format::ALL.len()];
        let options = ImportOptions { format: Some(format), keep_photos: true, ..Default::default() };
        if let Ok((_, contacts)) = read_contacts(None, &bytes, &options) {
            for _ in contacts.take(1000) {}
        }
        let _ = read_events(&decode(&bytes).text);
    }

    #[test]
    fn arbitrary_text_shaped_like_a_vcard_never_panics(lines in prop::collection::vec(
        prop_oneof![
            Just("BEGIN:VCARD".to_string()),
            Just("END:VCARD".to_string()),
            Just("VERSION:2.1".to_string()),
            "[A-Z]{1,6}(;[A-Z=-]{1,12})?:[ -~]{0,30}",
            " [ -~]{0,20}",
            "[ -~]{0,20}\\\\",
        ],
        0..30,
    )) {
        let text = lines.join("\r\n");
        if let Ok((_, contacts)) = read_contacts(Some("x.vcf"), text.as_bytes(), &ImportOptions::default()) {
            for _ in contacts {}
        }
    }
}
