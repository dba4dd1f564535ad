//! Every file in the shared test data (`../shared/testdata`) reads without a panic, and at least
//! one file per exporter yields the expected people: names, emails and organizations.

mod common;

use std::path::Path;

use rapport_interchange::detect::decode;
use rapport_interchange::ics::{IcsTime, read_events};
use rapport_interchange::{Format, ImportOptions, ImportedContact, Skip, SkipReason, read_contacts};

fn read(dir: &Path, file: &str, keep_photos: bool) -> (Format, Vec<Result<ImportedContact, Skip>>) {
    let bytes = std::fs::read(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    let options = ImportOptions { keep_photos, ..Default::default() };
    let name = Path::new(file).file_name().and_then(|n| n.to_str());
    let (format, contacts) = read_contacts(name, &bytes, &options).unwrap_or_else(|e| panic!("{file}: {e}"));
    (format, contacts.collect())
}

fn people(dir: &Path, file: &str) -> Vec<ImportedContact> {
    read(dir, file, false).1.into_iter().filter_map(Result::ok).collect()
}

fn emails(contact: &ImportedContact) -> Vec<&str> {
    contact.emails.iter().map(|e| e.as_str()).collect()
}

fn find<'a>(people: &'a [ImportedContact], full: &str) -> &'a ImportedContact {
    people
        .iter()
        .find(|p| p.name.full == full)
        .unwrap_or_else(|| panic!("no `{full}` among {:?}", people.iter().map(|p| &p.name.full).collect::<Vec<_>>()))
}

#[test]
fn every_file_reads_without_a_panic() {
    let Some(dir) = common::testdata() else { return };
    let mut read_files = 0;
    for sub in ["vcard", "csv", "linkedin", "ics"] {
        let mut paths: Vec<_> = std::fs::read_dir(dir.join(sub)).unwrap().map(|e| e.unwrap().path()).collect();
        paths.sort();
        for path in paths {
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
            let bytes = std::fs::read(&path).unwrap();
            match ext {
                "ics" => {
                    let text = decode(&bytes).text;
                    // Some calendars hold no event (a bare VCALENDAR); reading them must still work.
                    read_events(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                }
                "vcf" | "csv" => {
                    let name = path.file_name().and_then(|n| n.to_str());
                    let (_, contacts) =
                        read_contacts(name, &bytes, &ImportOptions { keep_photos: true, ..Default::default() })
                            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                    let records: Vec<_> = contacts.collect();
                    assert!(!records.is_empty(), "{}: no record and no skip", path.display());
                    for skip in records.iter().filter_map(|r| r.as_ref().err()) {
                        assert!(skip.line >= 1, "{}: a skip without a line: {skip}", path.display());
                    }
                }
                _ => continue,
            }
            read_files += 1;
        }
    }
    assert_eq!(read_files, 42 + 10 + 4 + 11, "every vCard, CSV, LinkedIn and ICS file was read");
}

#[test]
fn linkedin_current_export() {
    let Some(dir) = common::testdata() else { return };
    let (format, records) = read(&dir, "linkedin/Connections_synthetic_current.csv", false);
    assert_eq!(format, Format::LinkedIn);
    assert_eq!(records.len(), 14);
    let skips: Vec<&Skip> = records.iter().filter_map(|r| r.as_ref().err()).collect();
    assert_eq!(skips, [&Skip { line: 7, reason: SkipReason::Blank }]);
    let people: Vec<ImportedContact> = records.into_iter().filter_map(Result::ok).collect();
    let bo = find(&people, "Bo Sample");
    assert_eq!(emails(bo), ["bo.sample@example.com"]);
    assert_eq!(bo.organization.as_deref(), Some("Contoso, Ltd."));
    assert_eq!(bo.title.as_deref(), Some("Director, Platform Engineering"));
    assert_eq!(bo.identity.to_string(), "linkedin:https://www.linkedin.com/in/bosample");
    assert_eq!(bo.first_touch, Some(jiff::civil::date(2025, 2, 3)));
    let chloe = find(&people, "Chloé Dupont-Exemple");
    assert_eq!(chloe.links[0].url(), "https://www.linkedin.com/in/chloé-dupont-exemple-1234567");
    assert_eq!(find(&people, "Jordan \"JJ\" Placeholder").organization.as_deref(), Some("Fabrikam Inc."));
    assert_eq!(find(&people, "Riley Demo").title.as_deref(), Some("Talent Acquisition Partner"));
    assert_eq!(find(&people, "Kai Fictional").organization, None);
    assert_eq!(find(&people, "Morgan O’Example").name.family.as_deref(), Some("O’Example"));
    assert_eq!(find(&people, "太郎 山田").organization.as_deref(), Some("株式会社サンプル"));
    assert_eq!(find(&people, "Alex Placeholder").organization.as_deref(), Some("Example Holdings, Inc."));
}

#[test]
fn linkedin_bom_and_crlf_export_reads_the_same_people() {
    let Some(dir) = common::testdata() else { return };
    let plain = people(&dir, "linkedin/Connections_synthetic_current.csv");
    let bom = people(&dir, "linkedin/Connections_synthetic_current_bom_crlf.csv");
    let strip = |list: &[ImportedContact]| {
        list.iter().map(|p| (p.name.clone(), p.emails.clone(), p.organization.clone(), p.line)).collect::<Vec<_>>()
    };
    assert_eq!(strip(&plain), strip(&bom));
}

#[test]
fn linkedin_legacy_export_without_urls() {
    let Some(dir) = common::testdata() else { return };
    let people = people(&dir, "linkedin/Connections_synthetic_legacy_no_url.csv");
    assert_eq!(people.len(), 3);
    let bo = find(&people, "Bo Sample");
    assert_eq!(bo.identity.to_string(), "email:bo.sample@example.com");
    assert_eq!(bo.first_touch, Some(jiff::civil::date(2018, 1, 12)));
    assert_eq!(find(&people, "Avery Example").identity.to_string(), "name:avery example|northwind traders");
    let third_party = self::people(&dir, "linkedin/hirefrank_network-jobs_Connections.csv");
    assert_eq!(third_party.len(), 10);
    assert_eq!(find(&third_party, "Eve Kim").organization.as_deref(), Some("Stripe Inc"));
}

#[test]
fn google_csv_current_and_legacy() {
    let Some(dir) = common::testdata() else { return };
    let (format, records) = read(&dir, "csv/google_contacts_csv_current_sample.csv", false);
    assert_eq!(format, Format::GoogleCsv);
    let people: Vec<_> = records.into_iter().filter_map(Result::ok).collect();
    let avery = find(&people, "Avery Example");
    assert_eq!(emails(avery), ["avery@example.com", "avery.example@example.org"]);
    assert_eq!(avery.organization.as_deref(), Some("Northwind Traders"));
    assert_eq!(avery.phones[0].as_str(), "+1 555-0100");
    assert_eq!(avery.tags[0].as_str(), "recruiters");
    let chloe = find(&people, "Chloé Dupont-Exemple");
    assert_eq!(chloe.location.as_deref(), Some("Paris, France"));
    assert_eq!(chloe.birthday.map(|b| b.to_string()).as_deref(), Some("--06-21"));
    assert!(chloe.notes.as_deref().unwrap_or_default().contains("\"platform\" role"));
    assert_eq!(find(&people, "no-name@example.net").emails.len(), 1);

    let (format, records) = read(&dir, "csv/google_contacts_csv_legacy_sample.csv", false);
    assert_eq!(format, Format::GoogleCsvLegacy);
    let avery = records[0].as_ref().unwrap();
    assert_eq!(avery.name.full, "Avery Example");
    assert_eq!(emails(avery), ["avery@example.com", "avery.example@example.org"]);
    assert_eq!(avery.organization.as_deref(), Some("Northwind Traders"));
    assert_eq!(avery.title.as_deref(), Some("Senior Technical Recruiter"));
}

#[test]
fn outlook_com_and_desktop_csv() {
    let Some(dir) = common::testdata() else { return };
    let (format, records) = read(&dir, "csv/outlook_com_people_csv_sample.csv", false);
    assert_eq!(format, Format::OutlookCom);
    let people: Vec<_> = records.into_iter().filter_map(Result::ok).collect();
    let bo = find(&people, "Bo Sample");
    assert_eq!(emails(bo), ["bo.sample@example.com"]);
    assert_eq!(bo.organization.as_deref(), Some("Contoso, Ltd."));
    assert_eq!(bo.location.as_deref(), Some("London, United Kingdom"));
    assert_eq!(bo.birthday.map(|b| b.to_string()).as_deref(), Some("1985-01-31"));
    assert_eq!(bo.line, 2);
    let jurgen = find(&people, "Jürgen Müller-Beispiel");
    assert_eq!(jurgen.organization.as_deref(), Some("Beispiel GmbH & Co. KG"));

    let (format, records) = read(&dir, "csv/outlook_desktop_export_csv_sample.csv", false);
    assert_eq!(format, Format::OutlookDesktop);
    let bo = records[0].as_ref().unwrap();
    assert_eq!((bo.name.full.as_str(), emails(bo)), ("Bo Sample", vec!["bo.sample@example.com"]));
    assert_eq!(bo.organization.as_deref(), Some("Contoso, Ltd."));
    let tags: Vec<&str> = bo.tags.iter().map(|t| t.as_str()).collect();
    assert_eq!(tags, ["recruiters", "follow-up"]);
    assert!(bo.warnings.is_empty(), "{:?}", bo.warnings);
}

#[test]
fn thunderbird_csvs_in_every_encoding_and_separator() {
    let Some(dir) = common::testdata() else { return };
    let (format, records) = read(&dir, "csv/thunderbird_utf16_addressbook.csv", false);
    assert_eq!(format, Format::ThunderbirdCsv);
    let john = records[0].as_ref().unwrap();
    assert_eq!((john.name.full.as_str(), emails(john)), ("John Doe", vec!["johndoe@host.invalid"]));

    let japanese = people(&dir, "csv/thunderbird_shiftjis_addressbook.csv");
    assert_eq!(japanese[0].name.full, "名無しの権兵衛");
    assert_eq!(japanese[0].name.given.as_deref(), Some("権兵衛"));

    let semicolon = people(&dir, "csv/thunderbird_csv_semicolon.csv");
    let names: Vec<&str> = semicolon.iter().map(|p| p.name.full.as_str()).collect();
    assert_eq!(names, ["John Doe", "Jane Doe"]);
    assert_eq!(emails(&semicolon[1]), ["jane@doe.invalid"]);

    let mixed = people(&dir, "csv/thunderbird_tab_comma_mixed.csv");
    let found: Vec<&str> = mixed.iter().flat_map(|p| p.emails.iter().map(|e| e.as_str())).collect();
    assert_eq!(found, ["1@host.invalid", "2@host.invalid", "3@host.invalid", "4@host.invalid"]);

    let export = people(&dir, "csv/thunderbird_export.csv");
    assert_eq!(export[1].name.full, "contact number two");
    assert_eq!(export[1].title.as_deref(), Some("\"worker\""));
    let quote = people(&dir, "csv/thunderbird_quote.csv");
    assert_eq!(quote[0].organization.as_deref(), Some("Acer America"));
    assert_eq!(quote[0].phones[0].as_str(), "(800) 000-0000");
}

#[test]
fn apple_vcards_iphone_and_mac() {
    let Some(dir) = common::testdata() else { return };
    let (_, records) = read(&dir, "vcard/ezvcard_John_Doe_IPHONE.vcf", true);
    let john = records[0].as_ref().unwrap();
    assert_eq!(john.name.full, "Mr. John Richter James Doe Sr.");
    assert_eq!((john.name.given.as_deref(), john.name.family.as_deref()), (Some("John"), Some("Doe")));
    assert_eq!(emails(john), ["john.doe@ibm.com"]);
    assert_eq!(john.organization.as_deref(), Some("IBM"));
    assert_eq!(john.title.as_deref(), Some("Money Counter"));
    assert_eq!(john.phones[0].as_str(), "905-555-1234");
    let photo = john.photo.as_ref().unwrap();
    assert_eq!((photo.media_type.as_str(), photo.bytes.len()), ("image/jpeg", 32531));

    let mac = people(&dir, "vcard/ezvcard_John_Doe_MAC_ADDRESS_BOOK.vcf");
    assert_eq!(emails(&mac[0]), ["john.doe@ibm.com"]);
    assert_eq!(mac[0].organization.as_deref(), Some("IBM"));
    let ios6 = people(&dir, "vcard/android_v30_ios_613_multiline.vcf");
    assert_eq!((ios6[0].name.full.as_str(), emails(&ios6[0])), ("Bob Smith", vec!["bob@smithauto.com"]));
    assert_eq!(ios6[0].organization.as_deref(), Some("Smith Auto Repair"));
}

#[test]
fn google_vcards() {
    let Some(dir) = common::testdata() else { return };
    let greg = &people(&dir, "vcard/ezvcard_gmail-single.vcf")[0];
    assert_eq!(greg.name.full, "Greg Dartmouth");
    assert_eq!(emails(greg), ["gdartmouth@hotmail.com"]);
    assert_eq!(greg.organization.as_deref(), Some("TheCompany"));
    assert_eq!(greg.title.as_deref(), Some("TheJobTitle"));
    let list = people(&dir, "vcard/ezvcard_gmail-list.vcf");
    let names: Vec<&str> = list.iter().map(|p| p.name.full.as_str()).collect();
    assert_eq!(names, ["Arnold Smith", "Chris Beatle", "Doug White"]);
    let john = &people(&dir, "vcard/ezvcard_John_Doe_GMAIL.vcf")[0];
    assert_eq!((emails(john), john.organization.as_deref()), (vec!["john.doe@ibm.com"], Some("IBM")));
}

#[test]
fn outlook_vcards() {
    let Some(dir) = common::testdata() else { return };
    let john = &people(&dir, "vcard/ezvcard_John_Doe_MS_OUTLOOK.vcf")[0];
    assert_eq!(john.name.full, "Mr. John Richter James Doe Sr.");
    assert_eq!(john.organization.as_deref(), Some("IBM"));
    assert_eq!(emails(john), ["john.doe@ibm.cm"]);
    let old = &people(&dir, "vcard/ezvcard_outlook-2003.vcf")[0];
    assert_eq!(old.name.full, "John Doe III");
    assert_eq!(emails(old), ["jdoe@hotmail.com"]);
    assert_eq!(old.organization.as_deref(), Some("Company, The"));
    assert!(old.notes.as_deref().unwrap_or_default().starts_with("This is the note field!!\nSecond line"));
}

#[test]
fn android_vcards() {
    let Some(dir) = common::testdata() else { return };
    let joe = &people(&dir, "vcard/android_v21_complicated.vcf")[0];
    assert_eq!(joe.name.full, "Joe Due");
    assert_eq!(emails(joe), ["forrestgump@walladalla.com", "cell@example.com"]);
    assert_eq!(joe.organization.as_deref(), Some("Gump Shrimp Co."));
    assert_eq!(joe.title.as_deref(), Some("Shrimp Man"));
    let japanese = &people(&dir, "vcard/android_v21_japanese_2.vcf")[0];
    assert_eq!(japanese.name.full, "安藤 ロイド 1");
    assert_eq!(japanese.notes.as_deref(), Some("メモ"));
    let nest = people(&dir, "vcard/android_v21_nest.vcf");
    let names: Vec<&str> = nest.iter().map(|p| p.name.full.as_str()).collect();
    assert_eq!(names, ["nest1", "nest2", "parent"]);
    let adr = &people(&dir, "vcard/android_v21_adr_multiple_line.vcf")[0];
    assert_eq!(adr.location.as_deref(), Some("Hamburg, Deutschland"));
    let comment = &people(&dir, "vcard/android_v21_invalid_comment_line.vcf")[0];
    assert_eq!(
        comment.notes.as_deref(),
        Some("This is an (sharp ->#<- sharp) example. This message must NOT be ignored.")
    );
    let android = people(&dir, "vcard/ezvcard_John_Doe_ANDROID.vcf");
    assert_eq!(android.len(), 6);
    assert!(android.iter().any(|p| emails(p) == ["bob@company.com"]));
}

#[test]
fn thunderbird_vcards() {
    let Some(dir) = common::testdata() else { return };
    let export = people(&dir, "vcard/thunderbird_export_v40.vcf");
    assert_eq!(export.len(), 2);
    assert_eq!((export[0].name.full.as_str(), emails(&export[0])), ("contact number one", vec!["contact1@invalid"]));
    assert_eq!(export[1].notes.as_deref(), Some("here's some unicode text…"));
    let dos = &people(&dir, "vcard/thunderbird_dos_vcard_addressbook.vcf")[0];
    assert_eq!((dos.name.full.as_str(), emails(dos)), ("Name Surname", vec!["example@gmail.com"]));
    let blank_lines = people(&dir, "vcard/thunderbird_emptylines_vcard_addressbook.vcf");
    assert_eq!(blank_lines.len(), 2);
    let addon = &people(&dir, "vcard/ezvcard_thunderbird-MoreFunctionsForAddressBook-extension.vcf")[0];
    assert_eq!(addon.organization.as_deref(), Some("TheOrganization"));
    assert_eq!(addon.emails.len(), 5);
    assert_eq!(addon.tags.len(), 3);
}

#[test]
fn other_vcards_read_their_quirks() {
    let Some(dir) = common::testdata() else { return };
    // Windows-1252 quoted-printable without a CHARSET.
    let reid = &people(&dir, "vcard/calcard_010.vcf")[0];
    assert!(reid.notes.as_deref().unwrap_or_default().contains("Reid’s place"));
    // Organization cards are skipped with a reason.
    let (_, records) = read(&dir, "vcard/calcard_022.vcf", false);
    assert_eq!(records[0].as_ref().unwrap_err().reason, SkipReason::OrganizationCard);
    // Five cards with umlauts, birthdays and categories.
    let five = people(&dir, "vcard/calcard_005.vcf");
    assert_eq!(five.len(), 5);
    let ludwig = find(&five, "Ludwig-Götz Graßl");
    assert_eq!(ludwig.birthday.map(|b| b.to_string()).as_deref(), Some("1943-02-07"));
    // An RFC 6350 card with blank lines inside.
    let doe = &people(&dir, "vcard/icalrs_vcard_input.vcf")[0];
    assert_eq!((doe.name.full.as_str(), doe.organization.as_deref()), ("J. Doe", Some("ABC, Inc.")));
}

#[test]
fn calendar_files_read_their_events() {
    let Some(dir) = common::testdata() else { return };
    let read = |file: &str| read_events(&decode(&std::fs::read(dir.join("ics").join(file)).unwrap()).text).unwrap();
    let teams = read("icalrs_o365_meeting.ics");
    assert_eq!(teams.len(), 1);
    assert!(teams[0].recurring);
    assert!(!teams[0].attendees.is_empty());
    assert!(matches!(teams[0].start, Some(IcsTime::Instant(_))), "{:?}", teams[0].start);
    let google = read("icalendar_alarm_google_future.ics");
    assert!(google.iter().any(|e| e.alarms > 0));
    let bare = read("icalendar_issue_53_description_parsed_properly.ics");
    assert!(bare[0].description.as_deref().unwrap_or_default().len() > 100);
    let exchange = read("calcard_006.ics");
    assert!(exchange.iter().all(|e| e.start.is_some()));
}
