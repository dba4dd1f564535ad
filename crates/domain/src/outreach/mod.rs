//! The first message to a new contact (§4.4): a linter that checks a draft against E1–E15,
//! a linter for the one 7B follow-up, and a drafter that writes a first email the linter
//! passes.
//!
//! Every check works on the body between the greeting and the sign-off, as §4.4 counts it.
//! Only *verified* affinities on the reader's record count as a connection (E3, E12).

pub(crate) mod checks;
mod draft;
pub(crate) mod facts;
mod follow_up;
pub(crate) mod lexicon;
mod report;
pub(crate) mod text;

pub use draft::{OutreachDraft, draft_outreach};
pub use follow_up::{FOLLOW_UP_WORD_LIMIT, lint_follow_up};
pub use report::{CheckId, CheckOutcome, Excerpt, Finding, Place, Report, Severity, TextStats};

use crate::organizations::Organization;
use crate::people::{Affinity, Person};
use crate::profile::Edition;
use crate::{ValidationError, word_enum};

word_enum! {
    /// Where a first message goes; LinkedIn caps its notes (E13).
    pub enum OutreachChannel ("outreach channel") {
        Email = "email",
        /// A connection request note: at most 300 characters, no subject.
        LinkedInNote = "linkedin_note",
        /// A LinkedIn InMail: best kept to 400 characters.
        InMail = "inmail",
    }
}

/// The limits the linter applies: the edition's, or the seeker's own ("custom" mode).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutreachRules {
    edition: Edition,
    word_target: usize,
    word_limit: usize,
}

impl OutreachRules {
    /// The rules of an edition: the 2nd edition's 6-point email warns above 75 body words and
    /// fails above 100; the 1st edition's 5-point email allows up to 100.
    pub fn for_edition(edition: Edition) -> Self {
        match edition {
            Edition::Second => Self { edition, word_target: 75, word_limit: 100 },
            Edition::First => Self { edition, word_target: 100, word_limit: 100 },
        }
    }

    /// Custom limits on top of an edition's checks: warn above `word_target` body words,
    /// fail above `word_limit` (75–100, the range the sources allow).
    pub fn custom(edition: Edition, word_target: usize, word_limit: usize) -> Result<Self, ValidationError> {
        if !(75..=100).contains(&word_limit) {
            return Err(ValidationError::new(
                "word_limit",
                format!("{word_limit} is out of range; set the word limit between 75 and 100"),
            ));
        }
        if word_target == 0 || word_target > word_limit {
            return Err(ValidationError::new(
                "word_target",
                format!("{word_target} doesn't fit; set the word target between 1 and the limit ({word_limit})"),
            ));
        }
        Ok(Self { edition, word_target, word_limit })
    }

    pub fn edition(&self) -> Edition {
        self.edition
    }

    /// Body words above which E1 warns.
    pub fn word_target(&self) -> usize {
        self.word_target
    }

    /// Body words above which E1 fails.
    pub fn word_limit(&self) -> usize {
        self.word_limit
    }
}

impl Default for OutreachRules {
    /// The 2nd edition, the method's default.
    fn default() -> Self {
        Self::for_edition(Edition::Second)
    }
}

/// A draft message as the seeker wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutreachMessage {
    /// `None` when no subject was given (a pasted body, or a LinkedIn note).
    pub subject: Option<String>,
    /// The whole text: greeting, body and sign-off. The linter finds the parts itself.
    pub text: String,
    /// True when files are attached.
    pub attachments: bool,
    pub channel: OutreachChannel,
}

impl OutreachMessage {
    /// An email with no attachments.
    pub fn email(subject: Option<&str>, text: &str) -> Self {
        Self {
            subject: subject.map(str::to_string),
            text: text.to_string(),
            attachments: false,
            channel: OutreachChannel::Email,
        }
    }
}

/// Who the message is for: their record and, when known, their organization.
#[derive(Clone, Copy, Debug)]
pub struct Recipient<'a> {
    pub person: &'a Person,
    pub organization: Option<&'a Organization>,
}

impl<'a> Recipient<'a> {
    pub fn new(person: &'a Person, organization: Option<&'a Organization>) -> Self {
        Self { person, organization }
    }

    pub(crate) fn org_name(&self) -> Option<&'a str> {
        self.organization.map(|o| o.name.as_str())
    }

    pub(crate) fn industry(&self) -> Option<&'a str> {
        self.organization.and_then(|o| o.industry.as_deref())
    }

    /// The affinities that count as a connection: the verified ones.
    pub fn verified_affinities(&self) -> impl Iterator<Item = &'a Affinity> {
        self.person.targeting.affinities.iter().filter(|a| a.verified)
    }
}

/// Checks a first message against E1–E15 and reports every finding. The report is "ready"
/// when nothing fails; the seeker may still send a draft that isn't.
pub fn lint_outreach(message: &OutreachMessage, recipient: &Recipient<'_>, rules: &OutreachRules) -> Report {
    let (findings, stats) = checks::run(message, recipient, rules);
    Report::new(CheckId::OUTREACH, findings, stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_limits_stay_within_what_the_sources_allow() {
        let rules = OutreachRules::custom(Edition::Second, 60, 90).unwrap();
        assert_eq!((rules.word_target(), rules.word_limit()), (60, 90));
        assert!(OutreachRules::custom(Edition::Second, 80, 120).unwrap_err().message.contains("between 75 and 100"));
        assert!(OutreachRules::custom(Edition::Second, 95, 90).is_err());
        assert_eq!(OutreachRules::default(), OutreachRules::for_edition(Edition::Second));
        assert_eq!(OutreachRules::for_edition(Edition::First).word_target(), 100);
    }

    #[test]
    fn channels_parse_from_their_words() {
        assert_eq!("linkedin_note".parse::<OutreachChannel>().unwrap(), OutreachChannel::LinkedInNote);
        assert_eq!("InMail".parse::<OutreachChannel>().unwrap(), OutreachChannel::InMail);
        assert!("fax".parse::<OutreachChannel>().is_err());
    }
}
