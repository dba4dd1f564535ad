//! Writes a first email from the reader's record, their organization and the seeker's
//! profile: the verified connection first, a 15–20 minute ask for advice as a question, a
//! narrow and a broad interest, mostly about them, within 75 words, with a short subject and
//! no job words. The draft is linted before it is returned.

use super::checks::find_any;
use super::text::{self, word_count};
use super::{OutreachMessage, OutreachRules, Recipient, Report, lexicon, lint_outreach};
use crate::organizations::Organization;
use crate::people::{Affinity, AffinityKind, Person};
use crate::profile::Profile;

/// A first email, ready for the seeker to edit and send.
#[derive(Clone, Debug, PartialEq)]
pub struct OutreachDraft {
    pub subject: String,
    /// Greeting, body and sign-off.
    pub text: String,
    /// The verified affinity the note opens with.
    pub connection: Option<Affinity>,
    /// True when the reader's record has no verified connection. The draft then says so
    /// plainly, E3 fails, and the seeker is better served by asking someone for an
    /// introduction (§4.3 routing) than by sending it cold.
    pub needs_introduction: bool,
    /// The linter's report on this draft.
    pub report: Report,
}

impl OutreachDraft {
    /// The draft as a message the linter (or the seeker's edits) can take.
    pub fn message(&self) -> OutreachMessage {
        OutreachMessage::email(Some(&self.subject), &self.text)
    }
}

/// The most body words a drafted first email has.
const DRAFT_WORD_LIMIT: usize = 75;

/// The order in which kinds of connection make the strongest opening.
const PREFERENCE: &[AffinityKind] = &[
    AffinityKind::Alum,
    AffinityKind::Mutual,
    AffinityKind::Employer,
    AffinityKind::Group,
    AffinityKind::Content,
    AffinityKind::Region,
    AffinityKind::Other,
];

fn has_job_words(value: &str) -> bool {
    let tokens = text::tokens(value, 0..value.len());
    !find_any(value, &tokens, lexicon::JOB_WORDS).is_empty()
}

fn usable(value: &str) -> Option<&str> {
    let v = value.trim();
    (!v.is_empty() && !has_job_words(v)).then_some(v)
}

fn is_url(value: &str) -> bool {
    value.contains("://") || value.starts_with("www.") || (!value.contains(' ') && value.contains('/'))
}

/// Writes a first email to `person` and lints it with the seeker's edition.
pub fn draft_outreach(person: &Person, organization: Option<&Organization>, profile: &Profile) -> OutreachDraft {
    let connection = PREFERENCE
        .iter()
        .find_map(|kind| {
            person.targeting.affinities.iter().find(|a| a.verified && a.kind == *kind && usable(&a.value).is_some())
        })
        .cloned();
    let org = organization.map(|o| o.name.as_str()).and_then(usable);
    let title = person.title.as_deref().and_then(usable);

    let opening = match &connection {
        Some(a) => opening_line(a),
        None => "We haven't met, and I have no shared connection to point to, so I'll keep this short.".to_string(),
    };
    let narrow = match (title, org) {
        (Some(t), Some(o)) => format!("your work as {t} at {o}"),
        (Some(t), None) => format!("your work as {t}"),
        (None, Some(o)) => format!("your work at {o}"),
        (None, None) => "your work".to_string(),
    };
    let short_narrow = match org {
        Some(o) => format!("your work at {o}"),
        None => "your work".to_string(),
    };
    let ask = |narrow: &str| {
        format!("Would you be open to a 15–20 minute call about {narrow}, and any advice you'd have for me?")
    };
    let broad_subject = profile
        .target_industry
        .as_deref()
        .and_then(usable)
        .or_else(|| organization.and_then(|o| o.industry.as_deref()).and_then(usable))
        .map(str::to_string)
        .or_else(|| profile.target_roles.iter().find_map(|r| usable(r)).map(|r| format!("{r} work")));
    let broad = match broad_subject {
        Some(b) => format!(
            "I'm looking more broadly at {b}, and your view of where the field is heading would help me a great deal."
        ),
        None => "I'm looking more broadly at the field you work in, and your view of where it is heading would help me a great deal.".to_string(),
    };
    let specific = person
        .skills
        .iter()
        .find_map(|s| usable(s))
        .map(|s| format!("Your experience with {s} is exactly what I'm hoping to learn about."));

    // Longest first; fall back to shorter bodies until one fits the 75-word target.
    let mut candidates: Vec<Vec<String>> = Vec::new();
    let full_ask = ask(&narrow);
    let short_ask = ask(&short_narrow);
    if let Some(s) = &specific {
        candidates.push(vec![opening.clone(), full_ask.clone(), broad.clone(), s.clone()]);
    }
    candidates.push(vec![opening.clone(), full_ask, broad.clone()]);
    candidates.push(vec![opening.clone(), short_ask.clone(), broad]);
    candidates.push(vec![opening, short_ask]);
    // 75 words fits both editions (the 1st edition allows 100).
    let body = candidates
        .iter()
        .find(|c| word_count(&c.join(" ")) <= DRAFT_WORD_LIMIT)
        .or(candidates.last())
        .map(|c| c.join(" "))
        .unwrap_or_default();

    let greeting = format!("Hi {},", person.name.greeting());
    let sign_off = match profile.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        Some(name) => format!("Thank you,\n{name}"),
        None => "Thank you,".to_string(),
    };
    let text = format!("{greeting}\n\n{body}\n\n{sign_off}");
    let subject = subject_line(connection.as_ref(), org);

    let message = OutreachMessage::email(Some(&subject), &text);
    let recipient = Recipient::new(person, organization);
    let report = lint_outreach(&message, &recipient, &OutreachRules::for_edition(profile.settings.edition));
    OutreachDraft { subject, text, needs_introduction: connection.is_none(), connection, report }
}

fn opening_line(a: &Affinity) -> String {
    let v = a.value.trim();
    let polite = "so I hope you don't mind a short note";
    match a.kind {
        AffinityKind::Alum => format!("We're both {v} alumni, {polite}."),
        AffinityKind::Mutual => format!("We're both connected to {v}, {polite}."),
        AffinityKind::Employer => format!("We've both worked at {v}, {polite}."),
        AffinityKind::Group => format!("We're both part of {v}, {polite}."),
        AffinityKind::Region => format!("We're both based in {v}, {polite}."),
        AffinityKind::Content if is_url(v) => "I read your recent piece, and it's the reason I'm writing.".to_string(),
        AffinityKind::Content => format!("I read your piece on {v}, and it's the reason I'm writing."),
        AffinityKind::Other => format!("We share a connection through {v}, {polite}."),
    }
}

/// A subject of at most eight words that names the connection when there is one.
fn subject_line(connection: Option<&Affinity>, org: Option<&str>) -> String {
    let mut candidates: Vec<String> = Vec::new();
    if let Some(a) = connection {
        let v = a.value.trim();
        let initials = initials(v);
        let forms: Vec<&str> = std::iter::once(v).chain(initials.as_deref()).collect();
        // Each form with a hint of the question first, then the connection alone.
        for with_question in [true, false] {
            let tail = if with_question { ", quick question" } else { "" };
            for form in &forms {
                candidates.push(match a.kind {
                    AffinityKind::Alum | AffinityKind::Employer => format!("Fellow {form} alum{tail}"),
                    AffinityKind::Group => format!("Fellow {form} member{tail}"),
                    AffinityKind::Region => format!("From a neighbour in {form}{tail}"),
                    AffinityKind::Content if is_url(v) => format!("Your recent piece{tail}"),
                    AffinityKind::Content => format!("Your piece on {form}"),
                    AffinityKind::Mutual | AffinityKind::Other => format!("Connected through {form}{tail}"),
                });
            }
        }
    }
    if let Some(o) = org {
        candidates.push(format!("A question about your work at {o}"));
    }
    candidates.push("A question about your work".to_string());
    candidates.into_iter().find(|s| word_count(s) <= 8 && !has_job_words(s)).unwrap_or_default()
}

fn initials(name: &str) -> Option<String> {
    let words: Vec<&str> = name
        .split_whitespace()
        .filter(|w| !matches!(w.to_lowercase().as_str(), "of" | "the" | "and" | "for" | "in" | "at" | "&"))
        .collect();
    if words.len() < 3 {
        return None;
    }
    let letters: String = words.iter().filter_map(|w| w.chars().next()).filter(|c| c.is_uppercase()).collect();
    (letters.chars().count() == words.len()).then_some(letters)
}
