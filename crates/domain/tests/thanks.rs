//! The thank-you checker, T1–T10 (§4.7), one behaviour per test.

mod common;

use jiff::{SignedDuration, Timestamp};
use rapport_domain::meetings::{Meeting, MeetingMode, OpeningClose, Party, Tiara};
use rapport_domain::organizations::Organization;
use rapport_domain::outreach::{CheckId, Report, Severity};
use rapport_domain::people::{Person, Source};
use rapport_domain::pipeline::ReferralState;
use rapport_domain::thanks::{ThankYouNote, ThanksContext, check_thank_you};

struct Setup {
    jane: Person,
    org: Organization,
    meeting: Meeting,
}

fn setup() -> Setup {
    let jane = common::person("Jane", "Doe", Some("Data Scientist"), &[], &[], &[]);
    let org = common::organization("Northwind Analytics", Some("retail analytics"));
    let mut meeting = common::meeting(&jane, "2025-03-04T15:00:00Z", MeetingMode::Coffee);
    meeting.ledger.clues = vec![
        common::clue(Tiara::Trends, "Retail clients now want demand forecasts refreshed daily"),
        common::clue(Tiara::Advice, "Learn dbt before talking to analytics engineering teams"),
    ];
    meeting.ledger.reciprocal_offer = Some("share my notes from the forecasting meetup".into());
    Setup { jane, org, meeting }
}

/// A note that passes everything for `setup()`, with a paragraph to swap in.
fn note_with(extra: &str) -> String {
    format!(
        "Hi Jane,\n\nThank you for the coffee and for being so generous with your time. I was struck by how retail \
clients now want demand forecasts refreshed daily; it changes what I want to practise. I've already signed up for a \
dbt course, as you suggested. {extra}I'll share my notes from the forecasting meetup next week, as I offered.\n\nBest,\nAna"
    )
}

fn check(s: &Setup, text: &str, hours_after: i64) -> Report {
    let sent: Timestamp = s.meeting.scheduled_end() + SignedDuration::from_hours(hours_after);
    check_thank_you(&ThankYouNote::email(None, text, sent), &ThanksContext::new(&s.meeting, &s.jane, Some(&s.org)))
}

fn quotes(report: &Report, check: CheckId) -> Vec<String> {
    report.findings_for(check).flat_map(|f| f.excerpts.iter().map(|e| e.quote.clone())).collect()
}

#[test]
fn a_complete_note_sent_the_same_day_passes_every_check() {
    let s = setup();
    let report = check(&s, &note_with(""), 3);
    assert!(report.findings.is_empty(), "{}", report.render());
    assert_eq!(report.checks.len(), 10);
}

#[test]
fn t1_timeliness_steps_from_pass_to_warn_to_fail() {
    let s = setup();
    let note = note_with("");
    assert_eq!(check(&s, &note, 23).severity(CheckId::T1), Some(Severity::Pass));
    assert_eq!(check(&s, &note, 30).severity(CheckId::T1), Some(Severity::Warn));
    let overdue = check(&s, &note, 60);
    assert_eq!(overdue.severity(CheckId::T1), Some(Severity::Warn));
    assert!(overdue.findings[0].problem.contains("overdue"));
    let late = check(&s, &note, 80);
    assert_eq!(late.severity(CheckId::T1), Some(Severity::Fail));
    assert!(late.findings[0].fix.contains("owning the delay"));
    let owned = check(&s, &note_with("Sorry for the delay in writing. "), 80);
    assert_eq!(owned.severity(CheckId::T1), Some(Severity::Fail));
    assert!(owned.findings[0].fix.contains("already say sorry"));
    assert_eq!(check(&s, &note, -2).severity(CheckId::T1), Some(Severity::Warn));
}

#[test]
fn t2_a_clue_matches_by_its_content_words_not_its_exact_wording() {
    let s = setup();
    let paraphrase = note_with("").replace(
        "I was struck by how retail clients now want demand forecasts refreshed daily",
        "Your point that forecasts now get refreshed every day stayed with me",
    );
    assert_eq!(check(&s, &paraphrase, 2).severity(CheckId::T2), Some(Severity::Pass));
    let vague = note_with("").replace(
        "I was struck by how retail clients now want demand forecasts refreshed daily",
        "I learned a lot about the industry",
    );
    assert_eq!(check(&s, &vague, 2).severity(CheckId::T2), Some(Severity::Fail));
}

#[test]
fn t2_warns_when_no_clue_was_logged() {
    let mut s = setup();
    s.meeting.ledger.clues.clear();
    assert_eq!(check(&s, &note_with(""), 2).severity(CheckId::T2), Some(Severity::Warn));
}

#[test]
fn t3_wants_an_action_on_their_advice() {
    let s = setup();
    let passive = note_with("")
        .replace("I've already signed up for a dbt course, as you suggested. ", "")
        .replace("I'll share my notes", "Happy to share my notes");
    let report = check(&s, &passive, 2);
    assert_eq!(report.severity(CheckId::T3), Some(Severity::Warn), "{}", report.render());
}

#[test]
fn t4_every_open_promise_both_ways_is_mentioned_and_kept_ones_are_not_required() {
    let mut s = setup();
    s.meeting.ledger.promises = vec![
        common::promise(Party::Mine, "Send Jane the article on forecast accuracy", None),
        common::promise(Party::Theirs, "Introduce me to Priya Natarajan on the pricing team", None),
    ];
    let report = check(&s, &note_with(""), 2);
    assert_eq!(report.findings_for(CheckId::T4).count(), 2, "{}", report.render());
    let both = note_with(
        "Here is the article on forecast accuracy I mentioned. I'd welcome the introduction to Priya whenever it suits. ",
    );
    assert_eq!(check(&s, &both, 2).severity(CheckId::T4), Some(Severity::Pass));
    s.meeting.ledger.promises[0].done_at = Some(Timestamp::UNIX_EPOCH);
    let only_theirs = note_with("I'd welcome the introduction to Priya whenever it suits. ");
    assert_eq!(check(&s, &only_theirs, 2).severity(CheckId::T4), Some(Severity::Pass));
}

#[test]
fn t5_a_generic_offer_warns_when_a_specific_one_was_made() {
    let s = setup();
    let generic = note_with("").replace(
        "I'll share my notes from the forecasting meetup next week, as I offered.",
        "If I can ever help, I'd be glad to.",
    );
    let report = check(&s, &generic, 2);
    assert_eq!(report.severity(CheckId::T5), Some(Severity::Warn));
    assert!(report.findings_for(CheckId::T5).next().unwrap().problem.contains("generic"));
}

#[test]
fn t6_confirming_their_offered_intro_is_fine_but_a_new_ask_is_not() {
    let mut s = setup();
    s.meeting.ledger.promises = vec![common::promise(Party::Theirs, "Introduce me to Priya on the pricing team", None)];
    let confirm = note_with("Would you still be happy to introduce me to Priya on the pricing team? ");
    assert_eq!(check(&s, &confirm, 2).severity(CheckId::T6), Some(Severity::Pass));
    let new_ask = note_with("Could you also look over my portfolio before Friday? ");
    let report = check(&s, &new_ask, 2);
    assert_eq!(report.severity(CheckId::T6), Some(Severity::Fail));
    assert_eq!(quotes(&report, CheckId::T6), ["Could you also look over my portfolio before Friday?"]);
}

#[test]
fn t6_no_resume_unless_they_asked_for_it() {
    let mut s = setup();
    let with_resume = note_with("I've attached my resume in case it is useful. ");
    let report = check(&s, &with_resume, 2);
    assert_eq!(report.severity(CheckId::T6), Some(Severity::Fail));
    assert_eq!(quotes(&report, CheckId::T6), ["attached", "resume"]);
    s.meeting.ledger.promises = vec![common::promise(Party::Mine, "Send my resume to Jane", None)];
    let asked = note_with("As promised, my resume is attached. ");
    assert_eq!(check(&s, &asked, 2).severity(CheckId::T6), Some(Severity::Pass));
}

#[test]
fn t6_after_let_me_think_the_referral_is_not_mentioned_at_all() {
    let mut s = setup();
    s.meeting.ledger.opening_close = Some(OpeningClose::Considering);
    let nudge = note_with("No rush at all on the referral, whenever you decide. ");
    let report = check(&s, &nudge, 2);
    assert_eq!(report.severity(CheckId::T6), Some(Severity::Fail));
    assert!(report.findings_for(CheckId::T6).any(|f| f.problem.contains("think about a referral")));
    assert_eq!(quotes(&report, CheckId::T6), ["referral"]);
    s.meeting.ledger.opening_close = None;
    s.jane.referral = ReferralState::Considering;
    assert_eq!(check(&s, &nudge, 2).severity(CheckId::T6), Some(Severity::Fail));
    s.jane.referral = ReferralState::None;
    assert_eq!(check(&s, &note_with(""), 2).severity(CheckId::T6), Some(Severity::Pass));
}

#[test]
fn t7_length_between_50_and_200_words() {
    let s = setup();
    let short =
        "Hi Jane,\n\nThanks for the coffee and the tip on daily demand forecasts. I'll learn dbt.\n\nBest,\nAna";
    assert_eq!(check(&s, short, 2).severity(CheckId::T7), Some(Severity::Warn));
    let long = note_with(&"It was a memorable and useful conversation. ".repeat(25));
    assert_eq!(check(&s, &long, 2).severity(CheckId::T7), Some(Severity::Warn));
}

#[test]
fn t8_names_and_company_must_match_the_record() {
    let s = setup();
    let wrong = note_with("").replace("Hi Jane,", "Hi Jan,");
    let report = check(&s, &wrong, 2);
    assert_eq!(report.severity(CheckId::T8), Some(Severity::Fail));
    assert_eq!(quotes(&report, CheckId::T8), ["Jan"]);
    let misspelt = note_with("Everyone at Northwnd Analytics was welcoming. ");
    assert_eq!(quotes(&check(&s, &misspelt, 2), CheckId::T8), ["Northwnd"]);
}

#[test]
fn t9_always_passes_and_t10_reminds_about_the_introducer() {
    let mut s = setup();
    let dana = common::person("Dana", "Kim", None, &[], &[], &[]);
    let sent = s.meeting.scheduled_end() + SignedDuration::from_hours(2);
    let note = ThankYouNote::email(None, &note_with(""), sent);
    let mut ctx = ThanksContext::new(&s.meeting, &s.jane, Some(&s.org));
    ctx.introducer = Some(&dana);
    let report = check_thank_you(&note, &ctx);
    assert_eq!(report.severity(CheckId::T9), Some(Severity::Pass));
    assert_eq!(report.severity(CheckId::T10), Some(Severity::Warn));
    assert!(report.ready(), "a reminder doesn't block the note");
    assert!(report.findings_for(CheckId::T10).next().unwrap().problem.contains("Dana Kim"));
    ctx.introducer_thanked = true;
    assert_eq!(check_thank_you(&note, &ctx).severity(CheckId::T10), Some(Severity::Pass));

    s.jane.source = Source::IntroducedBy(dana.id);
    let report = check(&s, &note_with(""), 2);
    assert_eq!(report.severity(CheckId::T10), Some(Severity::Warn));
}
