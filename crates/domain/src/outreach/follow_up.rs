//! The linter for the one follow-up sent at 7B to a contact who hasn't replied (§4.4): short,
//! the ask again as a question, no guilt, nothing attached, in the same thread; E2 and E12
//! still apply.

use super::checks::{self, Analysis, find_any};
use super::lexicon;
use super::report::{CheckId, Excerpt, Finding, Report, Severity};
use super::{OutreachChannel, OutreachMessage, Recipient};

/// The most body words a follow-up may have.
pub const FOLLOW_UP_WORD_LIMIT: usize = 60;

/// Checks a follow-up against F1–F5, E2 and E12.
pub fn lint_follow_up(message: &OutreachMessage, recipient: &Recipient<'_>) -> Report {
    let a = Analysis::new(&message.text, message.subject.as_deref());
    let mut findings = Vec::new();

    if a.body_words > FOLLOW_UP_WORD_LIMIT {
        let words = super::text::word_ranges(a.text, a.layout.body.clone());
        let overflow = match (words.get(FOLLOW_UP_WORD_LIMIT), words.last()) {
            (Some(first), Some(last)) => vec![a.excerpt(first.start..last.end)],
            _ => Vec::new(),
        };
        findings.push(
            Finding::new(
                CheckId::F1,
                Severity::Fail,
                format!("The follow-up runs to {} words; keep it to {FOLLOW_UP_WORD_LIMIT}.", a.body_words),
                "Say in a line that you're writing again, then repeat the question; the first note has the rest.",
            )
            .at(overflow),
        );
    }

    let (asks, _) = checks::requests(&a);
    if asks.is_empty() {
        findings.push(Finding::new(
            CheckId::F2,
            Severity::Fail,
            "The follow-up doesn't repeat your request as a question.",
            "Ask again, briefly and as a question, whether they'd be open to a short conversation.",
        ));
    }

    let guilt: Vec<Excerpt> =
        find_any(a.text, &a.all_tokens, lexicon::GUILT_PHRASES).into_iter().map(|r| a.excerpt(r)).collect();
    if !guilt.is_empty() {
        let list: Vec<String> = guilt.iter().map(|e| format!("\"{}\"", e.quote)).collect();
        findings.push(
            Finding::new(
                CheckId::F3,
                Severity::Fail,
                format!("Phrases that make them feel they owe you a reply: {}.", list.join(", ")),
                "Drop any mention of their silence; write as if the first note simply got buried.",
            )
            .at(guilt),
        );
    }

    findings.extend(checks::attachments(&a, message.attachments, CheckId::F4));

    if message.channel == OutreachChannel::Email
        && let Some(subject) = a.subject
        && !subject.trim_start().to_lowercase().starts_with("re:")
    {
        findings.push(
            Finding::new(
                CheckId::F5,
                Severity::Warn,
                "The subject doesn't look like a reply, so this may start a new thread.",
                "Send it as a reply to your first note, so they see both together.",
            )
            .at([a.subject_excerpt(0..subject.len())]),
        );
    }

    findings.extend(checks::job_words(&a, message.attachments));
    findings.extend(checks::grounding(&a, recipient));
    Report::new(CheckId::FOLLOW_UP, findings, a.stats(0))
}
