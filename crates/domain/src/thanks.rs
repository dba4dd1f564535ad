//! The thank-you note after every meeting (§4.7): a checker for T1–T10, a drafter that writes
//! the note from the debrief ledger (a specific clue, an action, every open promise, the
//! offer to help, no new ask), and a separate note for whoever made the introduction or
//! referral (T10).

use std::fmt::Write as _;

use jiff::{SignedDuration, Timestamp};

use crate::interactions::Channel;
use crate::meetings::{Clue, GiftKind, Meeting, MeetingMode, OpeningClose, Party, Promise, Tiara};
use crate::organizations::Organization;
use crate::outreach::checks::{Analysis, find_any};
use crate::outreach::text::{self, word_count};
use crate::outreach::{CheckId, Excerpt, Finding, Report, Severity, facts, lexicon};
use crate::people::Person;
use crate::pipeline::ReferralState;
use crate::profile::Profile;
use crate::word_enum;

/// A thank-you note as written, and when it is (or will be) sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThankYouNote {
    pub subject: Option<String>,
    /// Greeting, body and sign-off.
    pub text: String,
    pub sent_at: Timestamp,
    /// Email is fine; a handwritten card is optional (T9).
    pub channel: Channel,
}

impl ThankYouNote {
    pub fn email(subject: Option<&str>, text: &str, sent_at: Timestamp) -> Self {
        Self { subject: subject.map(str::to_string), text: text.to_string(), sent_at, channel: Channel::Email }
    }
}

/// The meeting a note thanks for, and who it is for.
#[derive(Clone, Copy, Debug)]
pub struct ThanksContext<'a> {
    /// Its scheduled end and its ledger (clues, gifts, promises, the offer to help).
    pub meeting: &'a Meeting,
    pub person: &'a Person,
    pub organization: Option<&'a Organization>,
    /// Whoever introduced or referred the seeker to this person, when someone did.
    pub introducer: Option<&'a Person>,
    /// True once the introducer has had their own note.
    pub introducer_thanked: bool,
}

impl<'a> ThanksContext<'a> {
    pub fn new(meeting: &'a Meeting, person: &'a Person, organization: Option<&'a Organization>) -> Self {
        Self { meeting, person, organization, introducer: None, introducer_thanked: false }
    }

    fn considering_referral(&self) -> bool {
        self.person.referral == ReferralState::Considering
            || self.meeting.ledger.opening_close == Some(OpeningClose::Considering)
    }
}

/// The promises of the meeting not yet kept.
fn open_promises(meeting: &Meeting) -> impl Iterator<Item = &Promise> {
    meeting.ledger.promises.iter().filter(|p| p.done_at.is_none())
}

/// Checks a thank-you note against T1–T10.
pub fn check_thank_you(note: &ThankYouNote, ctx: &ThanksContext<'_>) -> Report {
    let a = Analysis::new(&note.text, note.subject.as_deref());
    let mut findings = Vec::new();
    findings.extend(timeliness(&a, note, ctx));
    findings.extend(specific_learning(&a, ctx));
    findings.extend(action(&a));
    findings.extend(follow_through(&a, ctx));
    findings.extend(reciprocity(&a, ctx));
    findings.extend(no_new_asks(&a, ctx));
    findings.extend(length(&a));
    for wrong in facts::inaccuracies(a.text, &a.layout, ctx.person, ctx.organization.map(|o| o.name.as_str())) {
        findings.push(Finding::new(CheckId::T8, Severity::Fail, wrong.problem, wrong.fix).at([a.excerpt(wrong.range)]));
    }
    findings.extend(referrers(ctx));
    Report::new(CheckId::THANKS, findings, a.stats(0))
}

/// T1: within 24 hours of the meeting's end passes; up to 72 warns; later fails (send anyway,
/// saying sorry for the delay).
fn timeliness(a: &Analysis<'_>, note: &ThankYouNote, ctx: &ThanksContext<'_>) -> Vec<Finding> {
    let end = ctx.meeting.scheduled_end();
    let elapsed = note.sent_at.duration_since(end);
    let hours = elapsed.as_secs() / 3600;
    let acknowledged = !find_any(a.text, &a.all_tokens, lexicon::DELAY_CUES).is_empty();
    if elapsed < SignedDuration::ZERO {
        return vec![Finding::new(
            CheckId::T1,
            Severity::Warn,
            "The note is dated before the meeting was due to end.",
            "Check the meeting's time on the record; send the note once you have met.",
        )];
    }
    if elapsed <= SignedDuration::from_hours(24) {
        return Vec::new();
    }
    if elapsed <= SignedDuration::from_hours(72) {
        let problem = if elapsed <= SignedDuration::from_hours(48) {
            format!("The note goes out {hours} hours after the meeting; within 24 is best.")
        } else {
            format!("The note goes out {hours} hours after the meeting; it is overdue.")
        };
        return vec![Finding::new(
            CheckId::T1,
            Severity::Warn,
            problem,
            "Send it today; a prompt thank-you is remembered.",
        )];
    }
    let fix = if acknowledged {
        "Send it now; you already say sorry for the delay, which is all it needs."
    } else {
        "Send it anyway, with a short line owning the delay."
    };
    vec![Finding::new(
        CheckId::T1,
        Severity::Fail,
        format!("The note goes out {hours} hours after the meeting, past the 72-hour mark."),
        fix,
    )]
}

/// T2: at least one concrete clue from the debrief, matched by its content words.
fn specific_learning(a: &Analysis<'_>, ctx: &ThanksContext<'_>) -> Vec<Finding> {
    let clues = &ctx.meeting.ledger.clues;
    if clues.is_empty() {
        return vec![Finding::new(
            CheckId::T2,
            Severity::Warn,
            "No clues are logged for this meeting, so the note can't be checked for something specific.",
            "Log what you learned in the debrief, then name one of those things in the note.",
        )];
    }
    if clues.iter().any(|c| text::overlap(&c.text, &a.body_tokens).is_some()) {
        return Vec::new();
    }
    let example = clues.iter().map(|c| c.text.trim().trim_end_matches('.')).next().unwrap_or("");
    vec![Finding::new(
        CheckId::T2,
        Severity::Fail,
        "The note doesn't mention anything specific you learned from them.",
        format!("Name one thing they told you, in your own words; from your notes, for instance: \"{example}\"."),
    )]
}

/// T3: an action taken or planned on their advice.
fn action(a: &Analysis<'_>) -> Vec<Finding> {
    if !find_any(a.text, &a.body_tokens, lexicon::ACTION_CUES).is_empty() {
        return Vec::new();
    }
    vec![Finding::new(
        CheckId::T3,
        Severity::Warn,
        "The note doesn't say what you have done, or will do, with their advice.",
        "Add one line on what the conversation made you do or plan: a course you've started, a person you'll contact.",
    )]
}

/// T4: every open promise, on both sides, mentioned or kept.
fn follow_through(a: &Analysis<'_>, ctx: &ThanksContext<'_>) -> Vec<Finding> {
    open_promises(ctx.meeting)
        .filter(|p| text::overlap(&p.text, &a.body_tokens).is_none())
        .map(|p| {
            let what = p.text.trim().trim_end_matches('.');
            match p.owed_by {
                Party::Mine => Finding::new(
                    CheckId::T4,
                    Severity::Fail,
                    format!("You promised \"{what}\", and the note doesn't mention it."),
                    "Include it with this note, or say when it will follow.",
                ),
                Party::Theirs => Finding::new(
                    CheckId::T4,
                    Severity::Fail,
                    format!("They offered \"{what}\", and the note doesn't acknowledge it."),
                    "Thank them for the offer and say you'd welcome it, without pressing for a date.",
                ),
            }
        })
        .collect()
}

/// T5: the offer to help, restated, specifically when one was made.
fn reciprocity(a: &Analysis<'_>, ctx: &ThanksContext<'_>) -> Vec<Finding> {
    let generic = !find_any(a.text, &a.body_tokens, lexicon::OFFER_CUES).is_empty();
    match ctx.meeting.ledger.reciprocal_offer.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
        Some(offer) => {
            if text::overlap(offer, &a.body_tokens).is_some() {
                return Vec::new();
            }
            let problem = if generic {
                format!("The offer to help is generic, though you offered something specific: \"{offer}\".")
            } else {
                format!("The note doesn't repeat your offer to help (\"{offer}\").")
            };
            vec![Finding::new(CheckId::T5, Severity::Warn, problem, "Restate the offer you made, in a line.")]
        }
        None if generic => Vec::new(),
        None => vec![Finding::new(
            CheckId::T5,
            Severity::Warn,
            "The note doesn't offer anything in return.",
            "Close by offering to help them, as specifically as you can.",
        )],
    }
}

/// T6: no new requests, no résumé unless they asked for it, no pressure about a referral.
/// Confirming an introduction or offer *they* made is fine, unless they are still thinking
/// about a referral: then nothing about it at all.
fn no_new_asks(a: &Analysis<'_>, ctx: &ThanksContext<'_>) -> Vec<Finding> {
    let ledger = &ctx.meeting.ledger;
    let their_offers: Vec<&str> = open_promises(ctx.meeting)
        .filter(|p| p.owed_by == Party::Theirs)
        .map(|p| p.text.as_str())
        .chain(ledger.gifts.iter().filter(|g| g.kind == GiftKind::Introduction).map(|g| g.text.as_str()))
        .collect();
    let considering = ctx.considering_referral();
    let referral_given = ledger.gifts.iter().any(|g| g.kind == GiftKind::Referral);
    let mut out = Vec::new();

    let mut asks: Vec<Excerpt> = Vec::new();
    for s in &a.sentences {
        let tokens = a.sentence_tokens(s);
        let question = a.quote(s).trim_end_matches(['"', '”', '’', '\'', ')']).ends_with('?')
            && !find_any(a.text, &tokens, lexicon::REQUEST_CUES).is_empty();
        let soft = !find_any(a.text, &tokens, lexicon::SOFT_ASK_CUES).is_empty();
        if !(question || soft) {
            continue;
        }
        let confirms_their_offer = their_offers.iter().any(|o| text::overlap(o, &tokens).is_some());
        let about_referral = !find_any(a.text, &tokens, lexicon::REFERRAL_PRESSURE).is_empty();
        if confirms_their_offer && !(considering && about_referral) {
            continue;
        }
        asks.push(a.excerpt(s.clone()));
    }
    if !asks.is_empty() {
        out.push(
            Finding::new(
                CheckId::T6,
                Severity::Fail,
                "The note makes a new request; a thank-you should only give thanks.",
                "Take the request out; if it matters, it can wait for a later note once you have acted on their advice.",
            )
            .at(asks),
        );
    }

    let resume_requested = open_promises(ctx.meeting).any(|p| {
        p.owed_by == Party::Mine && {
            let t = text::tokens(&p.text, 0..p.text.len());
            !find_any(&p.text, &t, &["resume|resumes|cv|cvs"]).is_empty()
        }
    });
    if !resume_requested {
        let mut resume: Vec<Excerpt> = find_any(a.text, &a.all_tokens, &["resume|resumes|cv|cvs"])
            .into_iter()
            .chain(find_any(a.text, &a.all_tokens, lexicon::ATTACHMENT_WORDS))
            .map(|r| a.excerpt(r))
            .collect();
        resume.sort_by_key(|e| e.range.start);
        if !resume.is_empty() {
            out.push(
                Finding::new(
                    CheckId::T6,
                    Severity::Fail,
                    "The note sends or mentions your résumé, which they didn't ask for.",
                    "Leave it out; send it only if they ask.",
                )
                .at(resume),
            );
        }
    }

    let pressure: Vec<Excerpt> = find_any(a.text, &a.all_tokens, lexicon::REFERRAL_PRESSURE)
        .into_iter()
        .filter(|_| considering || !referral_given)
        .map(|r| a.excerpt(r))
        .collect();
    if !pressure.is_empty() {
        let (problem, fix) = if considering {
            (
                "They said they'd think about a referral, and the note brings it up again.",
                "Say nothing about the referral at all; leaving them room is what keeps the door open.",
            )
        } else {
            (
                "The note raises a referral they haven't offered.",
                "Leave the referral out of the thank-you; ask later, once, and with an easy way to say no.",
            )
        };
        out.push(Finding::new(CheckId::T6, Severity::Fail, problem, fix).at(pressure));
    }
    out
}

/// T7: 50 to 200 words of body.
fn length(a: &Analysis<'_>) -> Vec<Finding> {
    let n = a.body_words;
    let (problem, fix) = if n < 50 {
        (
            format!("The note has {n} words of body; under 50 reads as a formality."),
            "Add the specific thing you learned and what you'll do with it.",
        )
    } else if n > 200 {
        (
            format!("The note has {n} words of body; over 200 is a lot to read."),
            "Cut it to the thanks, one clue, your next step and your offer.",
        )
    } else {
        return Vec::new();
    };
    vec![Finding::new(CheckId::T7, Severity::Warn, problem, fix)]
}

/// T10: whoever introduced the seeker gets a note of their own.
fn referrers(ctx: &ThanksContext<'_>) -> Vec<Finding> {
    if ctx.introducer_thanked {
        return Vec::new();
    }
    let name = match (ctx.introducer, &ctx.person.source) {
        (Some(p), _) => p.name.full.clone(),
        (None, crate::people::Source::IntroducedBy(_)) => "The person who introduced you".to_string(),
        _ => return Vec::new(),
    };
    vec![Finding::new(
        CheckId::T10,
        Severity::Warn,
        format!("{name} made this meeting possible and hasn't been thanked yet."),
        "Send them a short note of their own, separate from this one, saying how the meeting went.",
    )]
}

/// A note written for the seeker to edit and send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThankYouDraft {
    pub subject: String,
    /// Greeting, body and sign-off.
    pub text: String,
}

/// Why a thank-you can't be drafted yet.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ThanksDraftError {
    #[error(
        "the meeting's debrief has no clues: log at least one thing you learned (meeting ledger, clues) so the note can name it"
    )]
    NoClues,
}

/// A note from the ledger as a clause: trimmed, without its closing punctuation. Its case is
/// left as the seeker wrote it, since a leading capital may be a name.
fn clause(text: &str) -> String {
    text.trim().trim_end_matches(['.', '!', ';', ',']).to_string()
}

fn due_words(promise: &Promise) -> String {
    match promise.due {
        Some(date) => date.strftime("%A, %B %-d").to_string(),
        None => "the end of the week".to_string(),
    }
}

fn seeker_sign_off(profile: &Profile, closing: &str) -> String {
    match profile.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        Some(name) => format!("{closing},\n{name}"),
        None => format!("{closing},"),
    }
}

/// Writes the thank-you for `meeting` from its ledger: a specific clue, the action the seeker
/// will take, every open promise both ways, and the offer to help; no new ask.
pub fn draft_thank_you(
    meeting: &Meeting,
    person: &Person,
    organization: Option<&Organization>,
    profile: &Profile,
) -> Result<ThankYouDraft, ThanksDraftError> {
    let ledger = &meeting.ledger;
    let pick = |order: &[Tiara]| -> Option<&Clue> {
        order.iter().find_map(|t| ledger.clues.iter().find(|c| c.tiara == *t && !c.text.trim().is_empty()))
    };
    let clue = pick(&[Tiara::Insights, Tiara::Trends, Tiara::Assignments, Tiara::Resources, Tiara::Advice])
        .ok_or(ThanksDraftError::NoClues)?;
    let advice = ledger.clues.iter().find(|c| c.tiara == Tiara::Advice && c != &clue && !c.text.trim().is_empty());

    let mut body = String::new();
    let opening = match meeting.mode {
        MeetingMode::Call => "Thank you for the call, and for being so generous with your time.",
        MeetingMode::Video => "Thank you for the video call, and for being so generous with your time.",
        MeetingMode::Office => "Thank you for having me at your office, and for being so generous with your time.",
        MeetingMode::Coffee => "Thank you for meeting me for coffee, and for being so generous with your time.",
    };
    body.push_str(opening);
    if clue.tiara == Tiara::Advice {
        let _ = write!(body, " The advice I'm taking with me: {}.", clause(&clue.text));
        body.push_str(" I'll put it into practice this week and let you know how it goes.");
    } else {
        let _ = write!(body, " The point I keep coming back to is this: {}.", clause(&clue.text));
        match advice {
            Some(advice) => {
                let _ = write!(body, " I'll act on your advice this week: {}.", clause(&advice.text));
            }
            None => body.push_str(" I'll put that to use this week and let you know how it goes."),
        }
    }
    for promise in open_promises(meeting) {
        let what = clause(&promise.text);
        match promise.owed_by {
            Party::Mine => {
                let _ =
                    write!(body, " As promised, I'll follow through on my side ({what}) by {}.", due_words(promise));
            }
            Party::Theirs => {
                let _ =
                    write!(body, " Thank you also for your kind offer ({what}); I'd welcome it whenever it suits you.");
            }
        }
    }
    match ledger.reciprocal_offer.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
        Some(offer) => {
            let _ = write!(body, " My offer stands, too: {}.", offer.trim_end_matches('.'));
        }
        None => body.push_str(" If there is ever anything I can do for you, I'd be glad to help."),
    }
    if word_count(&body) < 50 {
        let about = organization.map_or_else(|| "your work".to_string(), |o| format!("the work at {}", o.name));
        let _ = write!(body, " It gave me a much clearer picture of {about}.");
    }

    let text = format!("Hi {},\n\n{}\n\n{}", person.name.greeting(), body, seeker_sign_off(profile, "Thanks again"));
    Ok(ThankYouDraft { subject: format!("Thank you, {}", person.name.greeting()), text })
}

word_enum! {
    /// What the person being thanked separately did for the seeker (T10).
    pub enum IntroducerRole ("introducer role") {
        Introduction = "introduction",
        Referral = "referral",
    }
}

/// Writes the separate note to whoever introduced (or referred) the seeker to `contact`:
/// thanks for the introduction, how it went when there has been a meeting, a promise to keep
/// them posted, and an offer to return the favour.
pub fn draft_introducer_thanks(
    introducer: &Person,
    contact: &Person,
    contact_org: Option<&Organization>,
    role: IntroducerRole,
    meeting: Option<&Meeting>,
    profile: &Profile,
) -> ThankYouDraft {
    let at = contact_org.map(|o| format!(" at {}", o.name)).unwrap_or_default();
    let mut body = match role {
        IntroducerRole::Introduction => format!("Thank you for introducing me to {}{at}.", contact.name.full),
        IntroducerRole::Referral => {
            format!(
                "Thank you for referring me to {}{at}; I know a referral puts your name on the line.",
                contact.name.full
            )
        }
    };
    let clue = meeting.and_then(|m| m.ledger.clues.iter().find(|c| !c.text.trim().is_empty()));
    match clue {
        Some(c) => {
            let _ = write!(
                body,
                " {} and I have now talked, and it was a real help; one thing that stayed with me: {}.",
                contact.name.greeting(),
                clause(&c.text)
            );
        }
        None => {
            let _ = write!(
                body,
                " I'm getting in touch with {} and will let you know how it goes.",
                contact.name.greeting()
            );
        }
    }
    body.push_str(" I'm grateful you were willing to make the connection, and I'll keep you posted.");
    body.push_str(" If I can ever return the favour, I'd be glad to.");
    let text = format!("Hi {},\n\n{}\n\n{}", introducer.name.greeting(), body, seeker_sign_off(profile, "With thanks"));
    let subject = match role {
        IntroducerRole::Introduction => format!("Thank you for the introduction to {}", contact.name.greeting()),
        IntroducerRole::Referral => "Thank you for the referral".to_string(),
    };
    ThankYouDraft { subject, text }
}
