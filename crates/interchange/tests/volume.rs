//! Large files stream through the readers: 30,000 LinkedIn rows and 30,000 vCards, each read
//! one record at a time with the right count and line numbers. The time taken is printed (the
//! speed targets are checked by the benchmarks in release builds, not here).

use std::fmt::Write;
use std::time::Instant;

use rapport_interchange::{Format, ImportOptions, read_contacts};

const COUNT: usize = 30_000;

#[test]
fn thirty_thousand_linkedin_rows() {
    let mut text = String::from(
        "Notes:\n\"When exporting your connection data, ...\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n",
    );
    for i in 0..COUNT {
        let _ = writeln!(
            text,
            "Person{i},Example,https://www.linkedin.com/in/person-{i},,\"Company {}, Inc.\",Engineer,0{} Jun 2022",
            i % 500,
            i % 9 + 1
        );
    }
    let started = Instant::now();
    let (format, contacts) =
        read_contacts(Some("Connections.csv"), text.as_bytes(), &ImportOptions::default()).unwrap();
    assert_eq!(format, Format::LinkedIn);
    let mut count = 0;
    let mut last_line = 0;
    for contact in contacts {
        let contact = contact.unwrap();
        count += 1;
        last_line = contact.line;
    }
    eprintln!("{COUNT} LinkedIn rows in {:?}", started.elapsed());
    assert_eq!((count, last_line), (COUNT, COUNT as u64 + 4));
}

#[test]
fn thirty_thousand_vcards() {
    let mut text = String::new();
    for i in 0..COUNT {
        let _ = write!(
            text,
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i} Example\r\nN:Example;Person {i};;;\r\nEMAIL;TYPE=INTERNET:person{i}@example.com\r\n\
             TEL;TYPE=CELL:+1 555 {i:07}\r\nORG:Company {};Dept\r\nTITLE:Engineer\r\nEND:VCARD\r\n",
            i % 500
        );
    }
    let started = Instant::now();
    let (format, contacts) = read_contacts(Some("all.vcf"), text.as_bytes(), &ImportOptions::default()).unwrap();
    assert_eq!(format, Format::VCard);
    let count = contacts.map(|c| c.unwrap()).filter(|c| c.emails.len() == 1 && c.organization.is_some()).count();
    eprintln!("{COUNT} vCards in {:?}", started.elapsed());
    assert_eq!(count, COUNT);
}
