//! The worked examples of method §4.13 that concern messages: AT-3 and AT-4 (the outreach
//! linter) and AT-5 (the thank-you checker), asserted as the spec states them.

mod common;

use jiff::SignedDuration;
use rapport_domain::meetings::{MeetingMode, Tiara};
use rapport_domain::outreach::{CheckId, OutreachMessage, OutreachRules, Recipient, Severity, lint_outreach};
use rapport_domain::thanks::{ThankYouNote, ThanksContext, check_thank_you};

/// The §4.13 example, quoted as a test fixture.
const AT3: &str = "Hi Jane, I'm Andrew, a fellow UBC alum from the Genome Science and Technology program. May I \
chat with you for a few minutes about your experience as a data scientist at Microsoft? I'm interested in learning \
more about how data science is applied in the tech industry, and I'm also curious about how you got into the field. \
Your insights would be greatly appreciated! Thanks, and all the best, Andrew";

const AT4: &str =
    "Hi Sam, fellow Rice alum here. Is your team hiring for the analyst position? I've attached my resume.";

#[test]
fn at3_the_published_style_example_passes_with_a_subject_warning() {
    let jane = common::person("Jane", "Doe", Some("Data Scientist"), &["alum:UBC"], &[], &[]);
    let microsoft = common::organization("Microsoft", Some("software"));
    let report = lint_outreach(
        &OutreachMessage::email(None, AT3),
        &Recipient::new(&jane, Some(&microsoft)),
        &OutreachRules::default(),
    );

    // Length: body = 63 words, 71 including greeting and sign-off.
    assert_eq!(report.stats.body_words, 63);
    assert_eq!(report.stats.total_words, 71);
    assert_eq!(report.severity(CheckId::E1), Some(Severity::Pass));
    assert_eq!(report.severity(CheckId::E2), Some(Severity::Pass));
    // "fellow UBC alum" is in sentence 1.
    assert_eq!(report.severity(CheckId::E3), Some(Severity::Pass));
    // "May I…?"
    assert_eq!(report.severity(CheckId::E4), Some(Severity::Pass));
    // Narrow: data scientist at Microsoft; broad: tech industry.
    assert_eq!(report.severity(CheckId::E5), Some(Severity::Pass));
    // Sentences 2–4 are about the contact: 50 of 63 words, 79%.
    assert_eq!(report.stats.about_them_words, 50);
    assert_eq!((report.about_them_share().unwrap() * 100.0).round(), 79.0);
    assert_eq!(report.severity(CheckId::E6), Some(Severity::Pass));
    // No subject line: a warning.
    assert_eq!(report.severity(CheckId::E9), Some(Severity::Warn));
    assert!(report.ready());
}

#[test]
fn at4_a_job_ask_fails_e2_e7_and_e6() {
    let sam = common::person("Sam", "Lee", None, &["alum:Rice University"], &[], &[]);
    let mut message = OutreachMessage::email(None, AT4);
    message.attachments = true;
    let report = lint_outreach(&message, &Recipient::new(&sam, None), &OutreachRules::default());

    // E2 FAIL (hiring, position, résumé).
    assert_eq!(report.severity(CheckId::E2), Some(Severity::Fail));
    let e2: Vec<&str> =
        report.findings_for(CheckId::E2).flat_map(|f| f.excerpts.iter().map(|e| e.quote.as_str())).collect();
    assert_eq!(e2, ["hiring", "position", "resume"]);
    // E7 FAIL (attachment).
    assert_eq!(report.severity(CheckId::E7), Some(Severity::Fail));
    // E6 likely FAIL: 8 of 16 body words are about them, which is not more than half.
    assert_eq!(report.severity(CheckId::E6), Some(Severity::Fail));
    assert_eq!((report.stats.about_them_words, report.stats.body_words), (8, 16));
    assert!(!report.ready());
}

#[test]
fn at4_fails_on_the_words_alone_without_the_attachment_flag() {
    let sam = common::person("Sam", "Lee", None, &["alum:Rice University"], &[], &[]);
    let report =
        lint_outreach(&OutreachMessage::email(None, AT4), &Recipient::new(&sam, None), &OutreachRules::default());
    assert_eq!(report.severity(CheckId::E2), Some(Severity::Fail));
    assert_eq!(report.severity(CheckId::E7), Some(Severity::Fail));
    let e7: Vec<&str> =
        report.findings_for(CheckId::E7).flat_map(|f| f.excerpts.iter().map(|e| e.quote.as_str())).collect();
    assert_eq!(e7, ["attached"]);
}

#[test]
fn at5_a_late_note_without_a_specific_insight_warns_on_t1_and_fails_t2() {
    let jane = common::person("Jane", "Doe", Some("Data Scientist"), &[], &[], &[]);
    let org = common::organization("Northwind Analytics", None);
    let mut meeting = common::meeting(&jane, "2025-03-04T15:00:00Z", MeetingMode::Video);
    meeting.ledger.clues = vec![
        common::clue(Tiara::Trends, "Retail clients now want demand forecasts refreshed daily, not weekly"),
        common::clue(Tiara::Advice, "Learn dbt before applying to analytics engineering teams"),
    ];
    let text = "Hi Jane,\n\nThank you so much for taking the time to talk with me. I really enjoyed our conversation \
and learned a great deal from everything you shared about your work. I'll take your advice to heart as I plan my \
next steps, and I'm grateful for your generosity. If I can ever help you in return, I'd be glad to.\n\nBest,\nAna";
    let sent = meeting.scheduled_end() + SignedDuration::from_hours(30);
    let report =
        check_thank_you(&ThankYouNote::email(None, text, sent), &ThanksContext::new(&meeting, &jane, Some(&org)));
    assert_eq!(report.severity(CheckId::T1), Some(Severity::Warn));
    assert_eq!(report.severity(CheckId::T2), Some(Severity::Fail));
    assert!(!report.ready());
    let t2 = report.findings_for(CheckId::T2).next().unwrap();
    assert!(t2.fix.contains("demand forecasts"), "the fix points at a clue from the notes: {}", t2.fix);
}
