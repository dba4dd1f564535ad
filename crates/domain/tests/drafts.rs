//! The drafters: a first email that passes the outreach linter for varied people (and says
//! plainly when there is no connection), and thank-you notes that pass the checker.

mod common;

use jiff::SignedDuration;
use rapport_domain::meetings::{GiftKind, Meeting, MeetingMode, OpeningClose, Party, Tiara};
use rapport_domain::organizations::Organization;
use rapport_domain::outreach::{CheckId, Recipient, Severity, draft_outreach, lint_outreach};
use rapport_domain::people::Person;
use rapport_domain::profile::{Edition, Profile};
use rapport_domain::thanks::{
    IntroducerRole, ThankYouNote, ThanksContext, ThanksDraftError, check_thank_you, draft_introducer_thanks,
    draft_thank_you,
};

fn word_count(s: &str) -> usize {
    s.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count()
}

/// People with each kind of verified connection, with and without a title or an employer.
fn connected_people() -> Vec<(Person, Option<Organization>)> {
    let org = |n: &str, i: Option<&str>| Some(common::organization(n, i));
    vec![
        (
            common::person(
                "Jane",
                "Doe",
                Some("Data Scientist"),
                &["alum:University of British Columbia"],
                &[],
                &["causal inference"],
            ),
            org("Northwind Analytics", Some("retail analytics")),
        ),
        (
            common::person("Tomás", "Rivera", Some("Staff Engineer"), &["mutual:Priya Natarajan"], &[], &[]),
            org("Quillfeather", None),
        ),
        (
            common::person("Grace", "Okafor", None, &["group:Women in Data"], &["alum:Rice University"], &[]),
            org("Fernleaf Bank", Some("retail banking")),
        ),
        (
            common::person(
                "Omar",
                "Haddad",
                Some("Supply Chain Director"),
                &["content:https://example.org/cold-chains"],
                &[],
                &[],
            ),
            org("Kestrel Logistics", Some("logistics")),
        ),
        (
            common::person(
                "Lena",
                "Berg",
                Some("Engineering Manager"),
                &["employer:Deloitte"],
                &[],
                &["platform migrations"],
            ),
            None,
        ),
        (common::person("Kofi", "Mensah", None, &["region:Pacific Northwest"], &[], &[]), None),
        (
            common::person("Ines", "Duarte", Some("Head of Research"), &["other:Lisbon rowing club"], &[], &[]),
            org("Solstice Labs", Some("biotech")),
        ),
        (
            common::person(
                "Aleksandra",
                "Wiśniewska-Kowalczyk",
                Some("Principal Machine Learning Infrastructure Engineer"),
                &["alum:Warsaw University of Technology"],
                &[],
                &["distributed training for very large language models"],
            ),
            org("Blue Heron Scientific Computing Cooperative", Some("scientific computing")),
        ),
    ]
}

fn seeker(edition: Edition) -> Profile {
    let mut p = common::profile("Ana Silva", Some("cloud software"), &["Data Analyst"]);
    p.settings.edition = edition;
    p
}

#[test]
fn drafts_for_connected_people_pass_every_check() {
    for edition in [Edition::Second, Edition::First] {
        for (person, org) in connected_people() {
            let draft = draft_outreach(&person, org.as_ref(), &seeker(edition));
            let report = &draft.report;
            assert!(
                report.findings.is_empty(),
                "{} ({edition}):\n{}\n{}\n{}",
                person.name.full,
                draft.subject,
                draft.text,
                report.render()
            );
            assert!(!draft.needs_introduction);
            assert!(draft.connection.as_ref().is_some_and(|c| c.verified));
            assert!(word_count(&draft.subject) <= 8, "{}", draft.subject);
            assert!(report.stats.body_words <= 75, "{}", draft.text);
            // The linter run by the caller on the draft agrees with the one in the draft.
            let again = lint_outreach(&draft.message(), &Recipient::new(&person, org.as_ref()), &Default::default());
            assert_eq!(again.ready(), report.ready());
        }
    }
}

#[test]
fn a_draft_without_a_verified_connection_says_so_and_fails_only_e3() {
    let person = common::person("Grace", "Okafor", Some("Head of Analytics"), &[], &["group:Women in Data"], &[]);
    let org = common::organization("Fernleaf Bank", Some("retail banking"));
    let draft = draft_outreach(&person, Some(&org), &seeker(Edition::Second));
    assert!(draft.needs_introduction);
    assert_eq!(draft.connection, None);
    assert!(draft.text.contains("no shared connection"), "{}", draft.text);
    assert!(!draft.text.contains("Women in Data"), "an unverified affinity is never claimed");
    assert_eq!(draft.report.at_severity(Severity::Fail), [CheckId::E3]);
    assert!(draft.report.at_severity(Severity::Warn).is_empty(), "{}", draft.report.render());
}

#[test]
fn drafts_leave_out_job_words_that_come_from_the_records() {
    let person = common::person("Sam", "Lee", Some("Hiring Manager"), &["alum:Rice University"], &[], &[]);
    let org = common::organization("Acme", Some("recruiting and hiring software"));
    let mut profile = seeker(Edition::Second);
    profile.target_industry = None;
    profile.target_roles = vec!["analyst position".into()];
    let draft = draft_outreach(&person, Some(&org), &profile);
    assert_eq!(draft.report.severity(CheckId::E2), Some(Severity::Pass), "{}", draft.text);
    assert!(draft.report.ready(), "{}", draft.report.render());
}

#[test]
fn outreach_drafts_read_well() {
    let (jane, org) = connected_people().swap_remove(0);
    let draft = draft_outreach(&jane, org.as_ref(), &seeker(Edition::Second));
    insta::assert_snapshot!("outreach_draft_alum", format!("Subject: {}\n\n{}", draft.subject, draft.text));
    let cold = common::person("Maya", "Chen", Some("Product Manager"), &[], &[], &[]);
    let harbor = common::organization("Harbor Health", Some("digital health"));
    let draft = draft_outreach(&cold, Some(&harbor), &seeker(Edition::Second));
    insta::assert_snapshot!("outreach_draft_no_connection", format!("Subject: {}\n\n{}", draft.subject, draft.text));
}

struct MeetingCase {
    name: &'static str,
    meeting: Meeting,
}

fn meeting_cases(jane: &Person) -> Vec<MeetingCase> {
    let mut full = common::meeting(jane, "2025-03-04T15:00:00Z", MeetingMode::Coffee);
    full.ledger.clues = vec![
        common::clue(Tiara::Trends, "Hiring managers weigh SQL take-home tests more than certificates"),
        common::clue(Tiara::Advice, "Build one end-to-end project with dbt and publish it"),
    ];
    full.ledger.promises = vec![
        common::promise(Party::Mine, "Send the article on causal inference at scale", Some("2025-03-07")),
        common::promise(Party::Theirs, "Intro to Priya Natarajan on the platform team", None),
    ];
    full.ledger.reciprocal_offer = Some("review the onboarding guide for her new analysts".into());

    let mut minimal = common::meeting(jane, "2025-03-04T15:00:00Z", MeetingMode::Call);
    minimal.ledger.clues = vec![common::clue(Tiara::Insights, "Forecasting work is moving to the product teams")];

    let mut advice_only = common::meeting(jane, "2025-03-04T15:00:00Z", MeetingMode::Video);
    advice_only.ledger.clues = vec![common::clue(Tiara::Advice, "Practise explaining models to non-specialists")];
    advice_only.ledger.opening_close = Some(OpeningClose::Considering);

    let mut resources = common::meeting(jane, "2025-03-04T15:00:00Z", MeetingMode::Office);
    resources.ledger.clues = vec![
        common::clue(Tiara::Resources, "The Locally Optimistic Slack community is where analytics leads trade notes"),
        common::clue(Tiara::Assignments, "Most of her quarter goes into pricing experiments"),
    ];
    resources.ledger.promises = vec![common::promise(Party::Theirs, "Forward the pricing experiment playbook", None)];
    resources.ledger.gifts = vec![rapport_domain::meetings::Gift {
        kind: GiftKind::Resource,
        text: "Locally Optimistic community".into(),
        person_id: None,
        introduction_id: None,
        opening_id: None,
        url: None,
    }];
    vec![
        MeetingCase { name: "full", meeting: full },
        MeetingCase { name: "minimal", meeting: minimal },
        MeetingCase { name: "advice_only_considering", meeting: advice_only },
        MeetingCase { name: "resources", meeting: resources },
    ]
}

#[test]
fn thank_you_drafts_pass_the_checker() {
    let jane = common::person("Jane", "Doe", Some("Data Scientist"), &[], &[], &[]);
    let org = common::organization("Northwind Analytics", None);
    let profile = seeker(Edition::Second);
    for case in meeting_cases(&jane) {
        let draft = draft_thank_you(&case.meeting, &jane, Some(&org), &profile).unwrap();
        let sent = case.meeting.scheduled_end() + SignedDuration::from_hours(2);
        let note = ThankYouNote::email(Some(&draft.subject), &draft.text, sent);
        let report = check_thank_you(&note, &ThanksContext::new(&case.meeting, &jane, Some(&org)));
        assert!(report.findings.is_empty(), "{}:\n{}\n{}", case.name, draft.text, report.render());
        assert!(!draft.text.contains('?'), "{}: a thank-you asks nothing", case.name);
        assert!(!draft.text.to_lowercase().contains("referr"), "{}", case.name);
    }
}

#[test]
fn thank_you_drafts_read_well() {
    let jane = common::person("Jane", "Doe", Some("Data Scientist"), &[], &[], &[]);
    let org = common::organization("Northwind Analytics", None);
    let profile = seeker(Edition::Second);
    for case in meeting_cases(&jane).into_iter().filter(|c| matches!(c.name, "full" | "minimal")) {
        let draft = draft_thank_you(&case.meeting, &jane, Some(&org), &profile).unwrap();
        insta::assert_snapshot!(
            format!("thank_you_{}", case.name),
            format!("Subject: {}\n\n{}", draft.subject, draft.text)
        );
    }
}

#[test]
fn a_thank_you_needs_a_clue_to_draft() {
    let jane = common::person("Jane", "Doe", None, &[], &[], &[]);
    let meeting = common::meeting(&jane, "2025-03-04T15:00:00Z", MeetingMode::Call);
    let err = draft_thank_you(&meeting, &jane, None, &seeker(Edition::Second)).unwrap_err();
    assert_eq!(err, ThanksDraftError::NoClues);
    assert!(err.to_string().contains("log at least one thing you learned"));
}

#[test]
fn the_introducer_gets_a_note_of_their_own() {
    let jane = common::person("Jane", "Doe", Some("Data Scientist"), &[], &[], &[]);
    let dana = common::person("Dana", "Kim", None, &[], &[], &[]);
    let org = common::organization("Northwind Analytics", None);
    let cases = meeting_cases(&jane);
    let met = &cases[0].meeting;
    let profile = seeker(Edition::Second);

    let after = draft_introducer_thanks(&dana, &jane, Some(&org), IntroducerRole::Introduction, Some(met), &profile);
    assert!(after.text.starts_with("Hi Dana,"));
    assert!(after.text.contains("Jane Doe at Northwind Analytics"));
    assert!(after.text.contains("SQL take-home tests"));
    assert!(!after.text.contains('?'));
    insta::assert_snapshot!("introducer_after_meeting", format!("Subject: {}\n\n{}", after.subject, after.text));

    let before = draft_introducer_thanks(&dana, &jane, Some(&org), IntroducerRole::Referral, None, &profile);
    assert!(before.text.contains("referring me to Jane Doe"));
    assert!(before.text.contains("let you know how it goes"));
    let words = word_count(&before.text);
    assert!((30..=120).contains(&words), "{words} words: {}", before.text);
}
