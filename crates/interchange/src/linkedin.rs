//! LinkedIn's `Connections.csv`, every vintage: the current export with its "Notes:" preamble
//! above the header, the older header without the URL column, a UTF-8 BOM and CRLF line ends.
//! The header is searched for, never found by skipping a fixed number of lines.
//!
//! Rows are tidied the way real exports need (see `testdata/linkedin/FORMAT.md`): spaces around
//! values, pronouns in name fields (`(they/them)`), credentials after the last name
//! (`Nayak, MSc, MBA`), `...` as a last name, ® and ™ after company names, and placeholder
//! companies such as `Self-employed` or `Career Break` that are no employer. A row with only a
//! date (a hidden or deleted member) is skipped as empty.

use crate::csv_mapped::{ColumnMapping, CsvContacts, Field, Flavor};
use crate::detect::Format;
use crate::error::InterchangeError;
use crate::record::{Draft, clean};

/// Company (and position) values that say the person has no employer right now.
const PLACEHOLDER_COMPANIES: &[&str] = &[
    "self-employed",
    "self employed",
    "freelance",
    "freelancer",
    "independent",
    "independent consultant",
    "retired",
    "student",
    "unemployed",
    "career break",
    "sabbatical",
    "looking for opportunities",
    "open to work",
    "something new...",
    "stealth",
    "stealth mode",
    "stealth startup",
];

fn mapping() -> ColumnMapping {
    ColumnMapping::builtin(&[
        (Field::Given, "First Name"),
        (Field::Family, "Last Name"),
        (Field::Link, "URL"),
        (Field::Link, "Profile URL"),
        (Field::Email, "Email Address"),
        (Field::Email, "E-mail Address"),
        (Field::Organization, "Company"),
        (Field::Title, "Position"),
        (Field::ConnectedOn, "Connected On"),
    ])
}

/// True for a LinkedIn connections header row (lower-cased names).
fn is_header(names: &[String]) -> bool {
    let has = |n: &str| names.iter().any(|h| h == n);
    has("first name") && has("last name") && (has("connected on") || (has("company") && has("position")))
}

/// Reads a LinkedIn connections export.
pub fn read(text: String) -> Result<CsvContacts, InterchangeError> {
    CsvContacts::open_builtin(
        text,
        Format::LinkedIn,
        &mapping(),
        Flavor::LinkedIn,
        is_header,
        "a LinkedIn Connections.csv has a row starting First Name,Last Name (take the file from the data archive LinkedIn sends, unchanged)",
    )
}

/// Whether a company or position value is a placeholder rather than an employer.
pub fn is_placeholder_company(value: &str) -> bool {
    let lower = value.trim().to_lowercase();
    PLACEHOLDER_COMPANIES.contains(&lower.as_str())
}

/// Removes pronouns written into a name field: `O'Example (they/them)` becomes `O'Example`.
fn strip_pronouns(name: &str) -> String {
    if !name.contains('(') {
        return name.trim().to_string();
    }
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(open) = rest.find('(') {
        let Some(close) = rest[open..].find(')') else { break };
        let inner = &rest[open + 1..open + close];
        out.push_str(&rest[..open]);
        if !inner.contains('/') {
            out.push_str(&rest[open..=open + close]);
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Applies the LinkedIn clean-ups to a row's draft.
pub(crate) fn tidy(draft: &mut Draft) {
    draft.given = draft.given.take().map(|g| strip_pronouns(&g)).and_then(|g| clean(&g));
    if let Some(family) = draft.family.take().map(|f| strip_pronouns(&f)) {
        let (name, credentials) = match family.split_once(',') {
            Some((name, rest)) if !name.trim().is_empty() => (name.trim().to_string(), clean(rest)),
            _ => (family.clone(), None),
        };
        let has_letters = name.chars().any(char::is_alphanumeric);
        draft.family = has_letters.then_some(name);
        if let Some(credentials) = credentials {
            draft.add_note(&format!("Credentials: {credentials}"));
        }
    }
    if let Some(company) = draft.organization.take() {
        let company = company.replace(['®', '™', '©'], "");
        let company = company.trim().to_string();
        if is_placeholder_company(&company) {
            draft.warn("organization", &company, "a placeholder, not an employer, so no organization is linked");
        } else {
            draft.organization = clean(&company);
        }
    }
    if let Some(title) = draft.title.take() {
        if is_placeholder_company(&title) {
            draft.warn("title", &title, "a placeholder, not a job title");
        } else {
            draft.title = Some(title);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{IdentityKey, SkipReason};

    const CURRENT: &str = "Notes:\n\"When exporting your connection data, you may notice that some of the email addresses are missing.\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
        Avery ,Example ,https://www.linkedin.com/in/Avery-Example/,,Northwind Traders ,Recruiter ,03 Feb 2025\n\
        ,,,,,,28 Jan 2025\n\
        Morgan,O’Example (they/them),https://www.linkedin.com/in/morgan-o%E2%80%99example,,\"Example Holdings, Inc. ®\",\"VP Sales | EMEA\",04 Nov 2024\n\
        Sam,\"Testperson, PhD, PMP\",https://www.linkedin.com/in/sam-t,,Self-employed,Consultant,02 Dec 2024\n\
        Taylor,...,https://www.linkedin.com/in/taylor,,Career Break,Career Break,30 Oct 2024\n";

    #[test]
    fn rows_are_tidied_and_the_blank_row_is_skipped() {
        let rows: Vec<_> = read(CURRENT.to_string()).unwrap().collect();
        assert_eq!(rows.len(), 5);
        let avery = rows[0].as_ref().unwrap();
        assert_eq!(avery.name.full, "Avery Example");
        assert_eq!(avery.line, 5);
        assert_eq!(avery.organization.as_deref(), Some("Northwind Traders"));
        assert_eq!(avery.identity, IdentityKey::LinkedIn("https://www.linkedin.com/in/avery-example".into()));
        assert_eq!(avery.first_touch, jiff::civil::Date::new(2025, 2, 3).ok());
        assert_eq!(rows[1].as_ref().unwrap_err().reason, SkipReason::Blank);
        let morgan = rows[2].as_ref().unwrap();
        assert_eq!(morgan.name.family.as_deref(), Some("O’Example"));
        assert_eq!(morgan.organization.as_deref(), Some("Example Holdings, Inc."));
        let sam = rows[3].as_ref().unwrap();
        assert_eq!(sam.name.full, "Sam Testperson");
        assert_eq!(sam.notes.as_deref(), Some("Credentials: PhD, PMP"));
        assert_eq!(sam.organization, None);
        assert_eq!(sam.title.as_deref(), Some("Consultant"));
        let taylor = rows[4].as_ref().unwrap();
        assert_eq!((taylor.name.full.as_str(), taylor.name.family.as_deref()), ("Taylor", None));
        assert_eq!(taylor.warnings.len(), 2);
    }

    #[test]
    fn a_file_without_the_header_says_what_to_look_for() {
        let err = read("Avery,Example,,Northwind\n".to_string()).err().unwrap().to_string();
        assert!(err.starts_with("LinkedIn connections: no header row found in the first 10 lines"), "{err}");
    }

    #[test]
    fn pronouns_go_and_other_parentheses_stay() {
        assert_eq!(strip_pronouns("Kim (she/her) Lee"), "Kim Lee");
        assert_eq!(strip_pronouns("Lee (Jr.)"), "Lee (Jr.)");
        assert_eq!(strip_pronouns("Lee (unclosed"), "Lee (unclosed");
    }
}
