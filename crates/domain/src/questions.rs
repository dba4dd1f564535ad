//! Questions: the bank the prep brief picks from, each with its TIARA (or other) category
//! and the situations it applies to.

use jiff::Timestamp;

use crate::ids::{AccountId, QuestionId};
use crate::meetings::Tiara;
use crate::values::required;
use crate::{ValidationError, word_enum};

/// A question for an informational interview.
#[derive(Clone, Debug, PartialEq)]
pub struct Question {
    pub id: QuestionId,
    /// `None` for rapport's own bank; the seeker's account for their own questions.
    pub owner: Option<AccountId>,
    pub created_at: Timestamp,
    pub text: String,
    pub category: QuestionCategory,
    /// When it applies (`career-changer`, `student`, `opening`, `recruiter`…).
    pub tags: Vec<String>,
}

word_enum! {
    /// Where a question sits in the meeting.
    pub enum QuestionCategory ("question category") {
        Warmup = "warmup",
        Trends = "trends",
        Insights = "insights",
        Advice = "advice",
        Resources = "resources",
        Assignments = "assignments",
        /// The help map asks: people, skills, recruiters.
        HelpMap = "help_map",
        OpeningClose = "opening_close",
        Reciprocity = "reciprocity",
    }
}

impl QuestionCategory {
    /// The TIARA letter, for the five TIARA categories.
    pub fn tiara(self) -> Option<Tiara> {
        match self {
            QuestionCategory::Trends => Some(Tiara::Trends),
            QuestionCategory::Insights => Some(Tiara::Insights),
            QuestionCategory::Advice => Some(Tiara::Advice),
            QuestionCategory::Resources => Some(Tiara::Resources),
            QuestionCategory::Assignments => Some(Tiara::Assignments),
            _ => None,
        }
    }
}

/// A question the seeker adds to their bank.
#[derive(Clone, Debug, PartialEq)]
pub struct NewQuestion {
    pub text: String,
    pub category: QuestionCategory,
    pub tags: Vec<String>,
}

impl NewQuestion {
    pub fn new(text: &str, category: QuestionCategory) -> Result<Self, ValidationError> {
        let text = required("question", text)?;
        if !text.ends_with('?') {
            return Err(ValidationError::new("question", "a question ends with a question mark"));
        }
        Ok(Self { text, category, tags: Vec::new() })
    }

    pub fn into_question(self, id: QuestionId, owner: AccountId, now: Timestamp) -> Question {
        Question { id, owner: Some(owner), created_at: now, text: self.text, category: self.category, tags: self.tags }
    }
}
