//! Properties of the linters over arbitrary text: they never panic, every check reports, the
//! counts are consistent, and every excerpt quotes exactly the words its range points at.

mod common;

use jiff::SignedDuration;
use proptest::prelude::*;
use rapport_domain::meetings::{MeetingMode, Party, Tiara};
use rapport_domain::outreach::{
    CheckId, OutreachChannel, OutreachMessage, OutreachRules, Place, Recipient, Report, Severity, lint_follow_up,
    lint_outreach,
};
use rapport_domain::profile::Edition;
use rapport_domain::thanks::{ThankYouNote, ThanksContext, check_thank_you};

/// Words and marks that exercise the parsers: greetings, sign-offs, lexicon words, numbers,
/// links, accents, other scripts, line breaks.
const VOCABULARY: &[&str] = &[
    "Hi",
    "Dear",
    "Hello",
    "Sir/Madam",
    "Jane",
    "Jnae",
    ",",
    ".",
    "?",
    "!",
    ":",
    "Thanks",
    "Best",
    "Thank you",
    "regards",
    "I",
    "I'm",
    "I’ve",
    "me",
    "my",
    "you",
    "your",
    "we",
    "both",
    "fellow",
    "alum",
    "alumni",
    "UBC",
    "University of British Columbia",
    "Northwind",
    "Analytics",
    "15–20",
    "20-minute",
    "minutes",
    "an",
    "half",
    "hour",
    "1.5",
    "hours",
    "twenty",
    "five",
    "3pm",
    "10:30",
    "Tuesday",
    "May",
    "3",
    "tomorrow",
    "https://drive.google.com/x",
    "linkedin.com/in/jane",
    "résumé",
    "resume.pdf",
    "attached",
    "hiring",
    "position",
    "as",
    "role",
    "job",
    "referral",
    "opportunities",
    "at",
    "pick your brain",
    "just bumping",
    "Re:",
    "Would you be open",
    "could I",
    "may I",
    "--",
    "\n",
    "\n\n",
    "’",
    "…",
    "é",
    "李",
    "🙂",
    "Dr.",
    "U.S.",
    "e.g.",
    "(",
    ")",
    "\"",
    "data",
    "scientist",
    "industry",
    "field",
    "your team",
    "your article",
    "we met",
    "mutual",
    "Priya",
    "dbt",
    "forecasts",
    "daily",
    "I'll",
    "sorry for the delay",
];

fn salad() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(VOCABULARY), 0..120).prop_map(|words| words.join(" "))
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![salad(), "(\\PC|\n){0,400}", "[a-zA-Z ,.?!'\n-]{0,300}"]
}

fn assert_consistent(
    report: &Report,
    checks: &[CheckId],
    text: &str,
    subject: Option<&str>,
) -> Result<(), TestCaseError> {
    let codes: Vec<CheckId> = report.checks.iter().map(|c| c.check).collect();
    prop_assert_eq!(codes, checks.to_vec());
    prop_assert_eq!(report.ready(), report.at_severity(Severity::Fail).is_empty());
    prop_assert!(report.stats.body_words <= report.stats.total_words);
    prop_assert!(report.stats.about_them_words <= report.stats.body_words);
    for f in &report.findings {
        prop_assert!(f.severity != Severity::Pass);
        prop_assert!(!f.problem.is_empty() && !f.fix.is_empty());
        prop_assert_eq!(report.severity(f.check).map(|s| s >= f.severity), Some(true));
        for e in &f.excerpts {
            let source = match e.place {
                Place::Text => text,
                Place::Subject => subject.unwrap_or(""),
            };
            prop_assert_eq!(source.get(e.range.clone()), Some(e.quote.as_str()));
        }
    }
    let _ = report.render();
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_outreach_linter_handles_any_text(
        text in any_text(),
        subject in prop::option::of(any_text()),
        attachments in any::<bool>(),
        channel in prop::sample::select(OutreachChannel::ALL),
        edition in prop::sample::select(Edition::ALL),
    ) {
        let jane = common::person("Jane", "Doe", Some("Data Scientist"), &["alum:UBC"], &["group:Women in Data"], &["causal inference"]);
        let org = common::organization("Northwind Analytics", Some("retail analytics"));
        let message = OutreachMessage { subject: subject.clone(), text: text.clone(), attachments, channel };
        let report = lint_outreach(&message, &Recipient::new(&jane, Some(&org)), &OutreachRules::for_edition(edition));
        assert_consistent(&report, CheckId::OUTREACH, &text, subject.as_deref())?;
        if attachments {
            prop_assert_eq!(report.severity(CheckId::E7), Some(Severity::Fail));
        }
        let follow_up = lint_follow_up(&message, &Recipient::new(&jane, None));
        assert_consistent(&follow_up, CheckId::FOLLOW_UP, &text, subject.as_deref())?;
    }

    #[test]
    fn the_thank_you_checker_handles_any_text(text in any_text(), hours in -100i64..200) {
        let jane = common::person("Jane", "Doe", Some("Data Scientist"), &[], &[], &[]);
        let mut meeting = common::meeting(&jane, "2025-03-04T15:00:00Z", MeetingMode::Call);
        meeting.ledger.clues = vec![common::clue(Tiara::Trends, "Retail clients want daily forecasts")];
        meeting.ledger.promises = vec![common::promise(Party::Theirs, "Intro to Priya", None)];
        let sent = meeting.scheduled_end() + SignedDuration::from_hours(hours);
        let report = check_thank_you(&ThankYouNote::email(None, &text, sent), &ThanksContext::new(&meeting, &jane, None));
        assert_consistent(&report, CheckId::THANKS, &text, None)?;
        let t1 = report.severity(CheckId::T1);
        let expected = if hours > 72 { Severity::Fail } else if !(0..=24).contains(&hours) { Severity::Warn } else { Severity::Pass };
        prop_assert_eq!(t1, Some(expected));
    }

    #[test]
    fn a_job_word_anywhere_fails_e2(
        text in any_text(),
        word in prop::sample::select(&["job", "Jobs", "position", "openings", "vacancies", "HIRING", "apply", "application", "referral", "referred", "résumé", "CV"][..]),
    ) {
        let jane = common::person("Jane", "Doe", None, &["alum:UBC"], &[], &[]);
        let text = format!("{text} {word}");
        let report = lint_outreach(&OutreachMessage::email(None, &text), &Recipient::new(&jane, None), &OutreachRules::default());
        prop_assert_eq!(report.severity(CheckId::E2), Some(Severity::Fail));
        let quoted: Vec<&str> = report.findings_for(CheckId::E2).flat_map(|f| f.excerpts.iter().map(|e| e.quote.as_str())).collect();
        prop_assert!(quoted.contains(&word));
    }
}
